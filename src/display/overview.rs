//! The overview of a graph as lines of text with bars, for `kgx stats` and the explorer's
//! overview screen: each line says what choosing it would show ([`RowTarget`]), so the explorer
//! can act on rows without parsing them.
//!
//! Every string from the data is escaped here and every line fits `width` terminal columns.
//! What it does not do: compute anything (that is [`crate::analysis::overview`]) or draw.

use unicode_width::UnicodeWidthChar;

use super::{format_attr, format_count};
use crate::analysis::overview::{
    AttributeStats, Overview, QualityCheck, QualityRow, Sample, ValueSummary,
};
use crate::escape::safe_text;
use crate::graph::{AttrValue, EntityIx};

/// What a line of the overview stands for, when choosing it should show something.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RowTarget {
    /// The entities of a kind.
    Kind(String),
    /// The relations of a type.
    RelationType(String),
    /// One entity.
    Entity(EntityIx),
    /// The offenders of a quality check.
    Quality(QualityCheck),
}

/// One line of the overview.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OverviewLine {
    /// The text, escaped, at most the width asked for.
    pub text: String,
    /// A section heading (the explorer may style it).
    pub heading: bool,
    /// What choosing the line shows, if anything.
    pub target: Option<RowTarget>,
}

impl OverviewLine {
    fn heading(text: impl Into<String>) -> OverviewLine {
        OverviewLine {
            text: text.into(),
            heading: true,
            target: None,
        }
    }

    fn plain(text: impl Into<String>) -> OverviewLine {
        OverviewLine {
            text: text.into(),
            heading: false,
            target: None,
        }
    }

    fn to(text: impl Into<String>, target: RowTarget) -> OverviewLine {
        OverviewLine {
            text: text.into(),
            heading: false,
            target: Some(target),
        }
    }
}

/// The widest a bar gets, in columns.
const BAR_MAX: usize = 30;
/// How many attribute keys a kind lists before `… N more`.
const KEYS_SHOWN: usize = 12;
/// How many kind pairs a relation type lists.
const PAIRS_SHOWN: usize = 3;

/// The overview as lines of at most `width` columns.
pub fn lines(o: &Overview, width: usize) -> Vec<OverviewLine> {
    let mut out = vec![OverviewLine::plain(summary(o))];
    counts_section(&mut out, o, width);
    attributes_section(&mut out, o);
    shape_section(&mut out, o);
    quality_section(&mut out, o);
    for line in &mut out {
        line.text = fit(&line.text, width);
    }
    out
}

/// The one-line summary at the top.
pub fn summary(o: &Overview) -> String {
    format!(
        "{} entities · {} relations · {} sources · {} kinds · {} relation types",
        format_count(o.entities),
        format_count(o.relations),
        format_count(o.sources),
        o.kinds.len(),
        o.relation_types.len()
    )
}

fn counts_section(out: &mut Vec<OverviewLine>, o: &Overview, width: usize) {
    let label = o
        .kinds
        .iter()
        .map(|k| k.name.as_str())
        .chain(o.relation_types.iter().map(|t| t.name.as_str()))
        .map(|s| safe_text(s).chars().count())
        .max()
        .unwrap_or(0)
        .min(24);
    let number = o
        .kinds
        .iter()
        .map(|k| k.count)
        .chain(o.relation_types.iter().map(|t| t.count));
    let number = number.map(|n| format_count(n).len()).max().unwrap_or(1);
    let bar_room = width.saturating_sub(label + number + 6).min(BAR_MAX);
    let row = |name: &str, count: usize, max: usize| {
        format!(
            "  {:label$}  {:>number$}  {}",
            safe_text(name),
            format_count(count),
            bar(count, max, bar_room)
        )
    };
    out.push(OverviewLine::heading("Kinds"));
    let max = o.kinds.first().map_or(0, |k| k.count);
    for k in &o.kinds {
        out.push(OverviewLine::to(
            row(&k.name, k.count, max),
            RowTarget::Kind(k.name.clone()),
        ));
    }
    out.push(OverviewLine::heading("Relation types"));
    let max = o.relation_types.first().map_or(0, |t| t.count);
    for t in &o.relation_types {
        let target = || RowTarget::RelationType(t.name.clone());
        out.push(OverviewLine::to(row(&t.name, t.count, max), target()));
        for p in t.ends.iter().take(PAIRS_SHOWN) {
            let text = format!(
                "      {}: {} → {} {}",
                safe_text(&t.name),
                safe_text(&p.from),
                safe_text(&p.to),
                format_count(p.count)
            );
            out.push(OverviewLine::to(text, target()));
        }
        if t.ends.len() > PAIRS_SHOWN {
            let more = format!("      … {} more pairs of kinds", t.ends.len() - PAIRS_SHOWN);
            out.push(OverviewLine::to(more, target()));
        }
    }
}

/// `count` out of `max` as a bar of at most `room` columns (at least one block when non-zero).
pub(crate) fn bar(count: usize, max: usize, room: usize) -> String {
    if max == 0 || room == 0 {
        return String::new();
    }
    let cells = (count * room)
        .div_ceil(max)
        .clamp(usize::from(count > 0), room);
    "█".repeat(cells)
}

fn attributes_section(out: &mut Vec<OverviewLine>, o: &Overview) {
    out.push(OverviewLine::heading("Attributes per kind"));
    for k in o.attributes.iter().filter(|k| !k.keys.is_empty()) {
        out.push(OverviewLine::to(
            format!("  {} ({})", safe_text(&k.kind), format_count(k.entities)),
            RowTarget::Kind(k.kind.clone()),
        ));
        let key_width = k
            .keys
            .iter()
            .take(KEYS_SHOWN)
            .map(|a| safe_text(&a.key).chars().count());
        let key_width = key_width.max().unwrap_or(0).min(24);
        for a in k.keys.iter().take(KEYS_SHOWN) {
            out.push(OverviewLine::to(
                format!(
                    "    {:key_width$}  {:>7}  {}",
                    safe_text(&a.key),
                    format_count(a.count),
                    values(a)
                ),
                RowTarget::Kind(k.kind.clone()),
            ));
        }
        if k.keys.len() > KEYS_SHOWN {
            out.push(OverviewLine::plain(format!(
                "    … {} more keys",
                k.keys.len() - KEYS_SHOWN
            )));
        }
    }
}

/// What an attribute's values look like: `min 1990 · median 2001 · max 2010`.
pub fn values(a: &AttributeStats) -> String {
    let number = |f: f64| format_attr(&a.key, &AttrValue::Float(f));
    match &a.values {
        ValueSummary::Numbers { min, median, max } => format!(
            "min {} · median {} · max {}",
            number(*min),
            number(*median),
            number(*max)
        ),
        ValueSummary::Dates { first, last } => {
            format!("{} … {}", safe_text(first), safe_text(last))
        }
        ValueSummary::Other => format!("e.g. {}", sample(&a.key, &a.sample)),
    }
}

/// A sample value as the explorer shows attribute values.
pub fn sample(key: &str, s: &Sample) -> String {
    let value = match s {
        Sample::Null => AttrValue::Null,
        Sample::Bool(b) => AttrValue::Bool(*b),
        Sample::Int(i) => AttrValue::Int(*i),
        Sample::Float(f) => AttrValue::Float(*f),
        Sample::Str(s) => AttrValue::Str(s),
    };
    format_attr(key, &value)
}

fn shape_section(out: &mut Vec<OverviewLine>, o: &Overview) {
    out.push(OverviewLine::heading("Shape"));
    out.push(OverviewLine::plain(format!(
        "  {} connected component{}, the largest of {} entities",
        format_count(o.components.count),
        if o.components.count == 1 { "" } else { "s" },
        format_count(o.components.largest)
    )));
    if let Some(span) = &o.dated_span {
        out.push(OverviewLine::to(
            format!(
                "  dates from {} ({}, {}) to {} ({}, {})",
                safe_text(&span.first.date),
                safe_text(&span.first.name),
                safe_text(&span.first.key),
                safe_text(&span.last.date),
                safe_text(&span.last.name),
                safe_text(&span.last.key)
            ),
            RowTarget::Entity(span.first.entity),
        ));
    }
    let isolated = match o.isolated.len() {
        0 => "  no isolated entities".to_string(),
        n => format!("  {} isolated entities (no relation)", format_count(n)),
    };
    out.push(OverviewLine::plain(isolated));
    out.push(OverviewLine::heading("Most connected"));
    for c in &o.most_connected {
        out.push(OverviewLine::to(
            format!(
                "  {:>7}  {} ({}, {})",
                format_count(c.degree),
                safe_text(&c.name),
                safe_text(&c.kind),
                safe_text(&c.id)
            ),
            RowTarget::Entity(c.entity),
        ));
    }
}

/// What a quality check is called in a row.
pub(crate) fn quality_label(check: QualityCheck) -> &'static str {
    match check {
        QualityCheck::WithoutSources => "entities without sources",
        QualityCheck::DealWithoutAmount => "deals without amount",
        QualityCheck::DealWithoutDate => "deals without date",
        QualityCheck::DealWithoutStatus => "deals without status",
        QualityCheck::UnparseableDate => "unparseable dates",
        QualityCheck::Stub => "stub entities (not in the file)",
        QualityCheck::DuplicateName => "duplicate names",
        QualityCheck::UnusualEnds => "relations between unusual kinds",
    }
}

fn quality_section(out: &mut Vec<OverviewLine>, o: &Overview) {
    out.push(OverviewLine::heading("Data quality"));
    for row in &o.quality {
        out.push(OverviewLine::to(
            quality_row(row),
            RowTarget::Quality(row.check),
        ));
    }
}

fn quality_row(row: &QualityRow) -> String {
    let n = if row.check == QualityCheck::UnusualEnds {
        row.relations.len()
    } else {
        row.entities.len()
    };
    let mut text = format!("  {:32} {:>7}", quality_label(row.check), format_count(n));
    if !row.examples.is_empty() {
        let names: Vec<String> = row
            .examples
            .iter()
            .map(|e| safe_text(e).into_owned())
            .collect();
        text.push_str(&format!("  {}", names.join(", ")));
        if row.entities.len() > row.examples.len() {
            text.push_str(", …");
        }
    }
    text
}

/// `text` cut to `width` terminal columns, with `…` when cut.
fn fit(text: &str, width: usize) -> String {
    let total: usize = text.chars().map(|c| c.width().unwrap_or(0)).sum();
    if total <= width {
        return text.to_string();
    }
    let mut out = String::new();
    let mut used = 0;
    for c in text.chars() {
        let w = c.width().unwrap_or(0);
        if used + w + 1 > width {
            break;
        }
        used += w;
        out.push(c);
    }
    out.push('…');
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::graph::load_default;

    #[test]
    fn bars_scale_to_the_largest_and_never_vanish() {
        assert_eq!(bar(10, 10, 5), "█████");
        assert_eq!(bar(1, 1000, 5), "█");
        assert_eq!(bar(0, 10, 5), "");
        assert_eq!(bar(5, 10, 4), "██");
    }

    #[test]
    fn lines_fit_the_width_and_rows_act() {
        let g = load_default().unwrap().graph;
        let o = Overview::of(&g);
        for width in [40, 80, 120] {
            for line in lines(&o, width) {
                let w: usize = line.text.chars().map(|c| c.width().unwrap_or(0)).sum();
                assert!(w <= width, "{w} > {width}: {}", line.text);
            }
        }
        let all = lines(&o, 100);
        let deal = all
            .iter()
            .find(|l| l.target == Some(RowTarget::Kind("deal".into())))
            .unwrap();
        assert!(
            deal.text.contains(&o.kind_count("deal").to_string()),
            "{}",
            deal.text
        );
        assert!(all.iter().any(|l| l.heading && l.text == "Data quality"));
        let top = &o.most_connected[0];
        assert!(
            all.iter()
                .any(|l| l.target == Some(RowTarget::Entity(top.entity)))
        );
    }

    #[test]
    fn data_is_escaped() {
        let g = crate::graph::load_bytes(
            br#"{"entities": [{"id": "a", "kind": "k\u001b[31m", "name": "A\u202e"}], "relations": []}"#,
            "t",
            Default::default(),
        )
        .unwrap()
        .graph;
        for line in lines(&Overview::of(&g), 80) {
            assert!(
                !line.text.chars().any(crate::escape::is_unsafe_char),
                "{}",
                line.text
            );
        }
    }
}
