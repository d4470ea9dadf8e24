//! The rows of the relations pane: an entity's outgoing then incoming relations, grouped by type
//! with a header row per group. Built once when the shown entity changes, not per frame.

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
