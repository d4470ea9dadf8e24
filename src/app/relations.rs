//! The rows of the relations pane: an entity's outgoing then incoming relations, grouped by type
//! with a header row per group, and the column widths the pane needs for them. Both are built
//! once when the shown entity changes, not per frame: a hub has tens of thousands of rows.

use unicode_width::UnicodeWidthStr;

use crate::display::{deal_brief, safe_text};
use crate::graph::{EntityIx, Graph, RelationIx};

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

/// The widest text of each column over all of an entity's relation rows, as drawn (made safe), so
/// the pane's columns line up however far it is scrolled. Measured once per shown entity: at a
/// hub of 75k links measuring on every frame cost 50 ms.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct RelWidths {
    /// How many rows are relations (not group headers).
    pub items: usize,
    /// The widest name of an other entity, in columns.
    pub name: usize,
    /// The widest kind of an other entity, in columns.
    pub kind: usize,
    /// The widest deal brief plus its two-column gap; 0 when no other entity is a deal.
    pub brief: usize,
}

/// The [`RelWidths`] of `rows`, the relation rows of `shown`.
pub fn relation_widths(graph: &Graph, shown: EntityIx, rows: &[RelRow]) -> RelWidths {
    let mut w = RelWidths::default();
    for r in rows {
        if let RelRow::Item { rel, .. } = r {
            let other = graph.relation(*rel).other(shown);
            w.items += 1;
            w.name = w.name.max(safe_text(other.name()).width());
            w.kind = w.kind.max(safe_text(other.kind()).width());
            w.brief = w.brief.max(deal_brief(&other).map_or(0, |b| b.width() + 2));
        }
    }
    w
}
