//! The rows of the relations pane: an entity's outgoing then incoming relations, grouped by type
//! with a header row per group. Built once when the shown entity changes, not per frame.

use crate::display::{deal_brief, safe_text};
use crate::graph::{EntityIx, Graph, RelationIx};

/// The widest name, kind and deal details among an entity's relation rows, in terminal columns.
/// Measured once with the rows: measuring per frame cost most of a second on a 20,000-link hub.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct RelWidths {
    pub name: usize,
    pub kind: usize,
    /// The deal details and the two columns before them; 0 when no row has any.
    pub brief: usize,
}

/// Measures `rows` of entity `shown` (see [`RelWidths`]).
pub fn relation_widths(graph: &Graph, shown: EntityIx, rows: &[RelRow]) -> RelWidths {
    let width = |s: &str| unicode_width::UnicodeWidthStr::width(safe_text(s).as_ref());
    let mut w = RelWidths::default();
    for r in rows {
        if let RelRow::Item { rel, .. } = r {
            let other = graph.relation(*rel).other(shown);
            w.name = w.name.max(width(other.name()));
            w.kind = w.kind.max(width(other.kind()));
            w.brief = w.brief.max(deal_brief(&other).map_or(0, |b| width(&b) + 2));
        }
    }
    w
}

/// One row of the relations pane.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RelRow {
    /// A group header: direction, a relation of the group (for its type), and the group's size.
    Header {
        outgoing: bool,
        first: RelationIx,
        count: usize,
    },
    /// A relation, seen from the shown entity.
    Item { rel: RelationIx, outgoing: bool },
}

impl RelRow {
    pub fn is_item(&self) -> bool {
        matches!(self, RelRow::Item { .. })
    }
}

/// The rows for `ix`: outgoing groups then incoming groups, each sorted by type; inside a group
/// the most connected other entities come first.
pub fn relation_rows(graph: &Graph, ix: EntityIx) -> Vec<RelRow> {
    let mut rows = Vec::with_capacity(graph.degree(ix) + 8);
    for outgoing in [true, false] {
        let mut rels: Vec<(&str, usize, &str, RelationIx)> = if outgoing {
            graph
                .outgoing(ix)
                .map(|r| (r.rtype(), r.to_ix(), r.ix()))
                .collect::<Vec<_>>()
        } else {
            graph
                .incoming(ix)
                .map(|r| (r.rtype(), r.from_ix(), r.ix()))
                .collect::<Vec<_>>()
        }
        .into_iter()
        .map(|(t, other, rel)| {
            (
                t,
                usize::MAX - graph.degree(other),
                graph.entity(other).name(),
                rel,
            )
        })
        .collect();
        rels.sort();
        for group in rels.chunk_by(|a, b| a.0 == b.0) {
            rows.push(RelRow::Header {
                outgoing,
                first: group[0].3,
                count: group.len(),
            });
            rows.extend(
                group
                    .iter()
                    .map(|&(.., rel)| RelRow::Item { rel, outgoing }),
            );
        }
    }
    rows
}
