//! How graph values are shown to a person: the formatting of money, numbers, attribute values
//! and deal briefs. Terminal-safe escaping itself lives in [`crate::escape`], the leaf every
//! layer may use; this module only formats. [`overview`] lays out a graph's overview as lines.

mod as_of;
pub mod overview;

pub use as_of::as_of_line;

use crate::conventions::{ATTR_AMOUNT_USD, ATTR_DATE, ATTR_STATUS, KIND_DEAL};
use crate::escape::safe_text;
use crate::graph::AttrValue;

/// How a deal ended, as a person reads it: `superseded 2026-02-27`, `not exercised 2025-03-20`
/// (the words as written in the file: escape before printing).
pub(crate) fn format_ending(how: &str, date: Option<&str>) -> String {
    let how = how.replace('_', " ");
    match date {
        Some(d) => format!("{how} {d}"),
        None => how,
    }
}

/// What a money ring adds up to, in parts: `$30.1B smallest leg`, `$330B in all`, and
/// `1 undisclosed` when legs have no disclosed amount (the CLI and the rings view join them).
pub fn ring_figures(ring: &crate::analysis::Ring) -> Vec<String> {
    let mut parts = vec![
        ring.min_leg_usd
            .map_or("no leg disclosed".to_string(), |m| {
                format!("{} smallest leg", format_usd(m))
            }),
        format!("{} in all", format_usd(ring.total_usd)),
    ];
    if ring.undisclosed > 0 {
        parts.push(format!("{} undisclosed", ring.undisclosed));
    }
    parts
}

/// A path as one line: `Amazon -operates-> AWS <-provider- AWS-OpenAI deal`, names made safe; on
/// an undirected graph without direction: `Mr. Hi -linked- Officer`.
pub fn format_path(g: &crate::graph::Graph, path: &crate::analysis::Path) -> String {
    let mut chain = safe_text(g.entity(path.nodes[0]).name()).into_owned();
    for (step, &node) in path.steps.iter().zip(&path.nodes[1..]) {
        let rtype = safe_text(g.relation(step.relation).rtype());
        let name = safe_text(g.entity(node).name());
        if g.is_undirected() {
            chain.push_str(&format!(" -{rtype}- {name}"));
        } else if step.forward {
            chain.push_str(&format!(" -{rtype}-> {name}"));
        } else {
            chain.push_str(&format!(" <-{rtype}- {name}"));
        }
    }
    chain
}

/// A dollar amount in the short form people read: `$38.0B`, `$250M`, `$1.2T`, `$950`.
pub(crate) fn format_usd(amount: f64) -> String {
    let sign = if amount < 0.0 { "-" } else { "" };
    let a = amount.abs();
    // Thresholds just under each unit: $999.6B rounds to "$1000B" otherwise, not "$1.0T".
    let (value, unit) = if a >= 999.5e9 {
        (a / 1e12, "T")
    } else if a >= 999.5e6 {
        (a / 1e9, "B")
    } else if a >= 999.5e3 {
        (a / 1e6, "M")
    } else if a >= 999.5 {
        (a / 1e3, "K")
    } else {
        return format!("{sign}${a:.0}");
    };
    if value >= 100.0 {
        format!("{sign}${value:.0}{unit}")
    } else {
        format!("{sign}${value:.1}{unit}")
    }
}

/// An integer with thousands separators: `1234567` → `1,234,567`.
pub fn format_count(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// An attribute value for display; keys ending in `_usd` are shown as money.
pub(crate) fn format_attr(key: &str, value: &AttrValue<'_>) -> String {
    match *value {
        AttrValue::Null => "null".into(),
        AttrValue::Bool(b) => b.to_string(),
        AttrValue::Int(i) if key.ends_with("_usd") => format_usd(i as f64),
        AttrValue::Float(f) if key.ends_with("_usd") => format_usd(f),
        AttrValue::Int(i) => i.to_string(),
        AttrValue::Float(f) => format_float(f),
        AttrValue::Str(s) => safe_text(s).into_owned(),
    }
}

fn format_float(f: f64) -> String {
    if f.fract() == 0.0 && f.abs() < 1e15 {
        format!("{f:.0}")
    } else {
        let s = format!("{f:.4}");
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    }
}

/// `$38.0B · 2025-11-03 · signed` for an entity carrying deal attributes, `None` otherwise.
pub(crate) fn deal_brief(e: &crate::graph::Entity<'_>) -> Option<String> {
    // The kind first: the relations pane asks this of every neighbour of a hub.
    if e.kind() != KIND_DEAL {
        return None;
    }
    let parts: Vec<String> = [ATTR_AMOUNT_USD, ATTR_DATE, ATTR_STATUS]
        .iter()
        .filter_map(|k| e.attr(k).map(|v| format_attr(k, &v)))
        .collect();
    (!parts.is_empty()).then(|| parts.join(" · "))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_money() {
        assert_eq!(format_usd(38e9), "$38.0B");
        assert_eq!(format_usd(250e9), "$250B");
        assert_eq!(format_usd(1.4e12), "$1.4T");
        assert_eq!(format_usd(6.6e9), "$6.6B");
        assert_eq!(format_usd(500e6), "$500M");
        assert_eq!(format_usd(950.0), "$950");
        assert_eq!(format_usd(-2e6), "-$2.0M");
    }

    #[test]
    fn money_just_under_a_unit_rounds_up_to_it() {
        assert_eq!(format_usd(999.9e9), "$1.0T");
        assert_eq!(format_usd(999.2e9), "$999B");
        assert_eq!(format_usd(999.7e6), "$1.0B");
        assert_eq!(format_usd(999.7), "$1.0K");
    }

    #[test]
    fn formats_endings() {
        assert_eq!(
            format_ending("not_exercised", Some("2025-03-20")),
            "not exercised 2025-03-20"
        );
        assert_eq!(format_ending("on_hold", None), "on hold");
    }

    #[test]
    fn formats_attrs() {
        assert_eq!(
            format_attr("amount_usd", &AttrValue::Int(38_000_000_000)),
            "$38.0B"
        );
        assert_eq!(format_attr("founded", &AttrValue::Int(2015)), "2015");
        assert_eq!(format_attr("stake", &AttrValue::Float(26.5)), "26.5");
        assert_eq!(format_attr("x", &AttrValue::Float(3.0)), "3");
        assert_eq!(format_count(1234567), "1,234,567");
        assert_eq!(format_count(12), "12");
    }
}
