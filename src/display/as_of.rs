//! The dated view in words: what `--as-of` hid and kept, for `kgx stats`, `kgx check` and the
//! explorer's message line. The view itself is `analysis::as_of`'s.

use super::format_count;
use crate::analysis::{AsOf, AsOfSummary};

/// `as of 2025-12-16: 56 entities and 190 relations dated later hidden; 95 entities and 20
/// relations have no date (shown); 1 deal shows the status it had then; 2 valuations are earlier`.
pub fn as_of_line(day: &AsOf, s: &AsOfSummary) -> String {
    let plural = |n: usize, one: &str, many: &str| {
        format!("{} {}", format_count(n), if n == 1 { one } else { many })
    };
    let mut line = format!(
        "as of {}: {} and {} dated later hidden; {} and {} have no date (shown)",
        day.day(),
        plural(s.hidden_entities, "entity", "entities"),
        plural(s.hidden_relations, "relation", "relations"),
        plural(s.undated_entities, "entity", "entities"),
        plural(s.undated_relations, "relation", "relations"),
    );
    if s.endings_undone > 0 {
        line += &format!(
            "; {} the status {} had then",
            plural(s.endings_undone, "deal shows", "deals show"),
            if s.endings_undone == 1 { "it" } else { "they" }
        );
    }
    if s.hidden_sources > 0 {
        line += &format!(
            "; {} published later hidden",
            plural(s.hidden_sources, "source", "sources")
        );
    }
    if s.valuations_dated > 0 {
        line += &format!(
            "; {} the latest known then",
            plural(s.valuations_dated, "valuation is", "valuations are")
        );
    }
    line
}
