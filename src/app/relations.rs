//! The rows of the relations pane: an entity's outgoing then incoming relations, grouped by type
//! with a header row per group, and the column widths the pane needs for them. Both are built
//! once when the shown entity changes, not per frame: a hub has tens of thousands of rows.

use unicode_width::UnicodeWidthStr;

use crate::display::deal_brief;
use crate::escape::safe_text;
use rayon::iter::{IntoParallelRefIterator, ParallelIterator};
use rayon::slice::ParallelSliceMut;

use crate::graph::{EntityIx, Graph, Relation, RelationIx};

/// One row of the relations pane.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RelRow {
    /// A group header: direction, a relation of the group (for its type), and the group's size.
    Header {
        /// True for relations leaving the entity.
        outgoing: bool,
        /// The group's first relation (its type names the group).
        first: RelationIx,
        /// How many relations the group holds.
        count: usize,
    },
    /// A relation, seen from the shown entity.
    Item {
        /// The relation.
        rel: RelationIx,
        /// True for a relation leaving the entity.
        outgoing: bool,
    },
    /// Partners grouping: a counterparty (an index into the pane's partners).
    Partner {
        /// The index into [`super::RelationsPane::partners`].
        partner: usize,
    },
    /// Partners grouping: a deal with an expanded counterparty.
    PartnerDeal {
        /// The index into [`super::RelationsPane::partners`].
        partner: usize,
        /// The deal.
        deal: EntityIx,
    },
    /// Partners grouping: a direct relation with an expanded counterparty.
    PartnerLink {
        /// The index into [`super::RelationsPane::partners`].
        partner: usize,
        /// The relation.
        rel: RelationIx,
    },
    /// Partners grouping on a large graph: the money index is still being computed.
    Waiting,
}

impl RelRow {
    /// Whether the row can be selected (everything but group headers and the waiting row).
    pub fn is_item(&self) -> bool {
        !matches!(self, RelRow::Header { .. } | RelRow::Waiting)
    }
}

/// The rows for `ix`: outgoing groups then incoming groups, each sorted by type; inside a group
/// the most connected other entities come first, then by name. On an undirected graph
/// ([`Graph::is_undirected`]) one group per type holds the relations either way, each once
/// (a loop too), marked `outgoing` (the pane draws them without a direction).
pub(crate) fn relation_rows(graph: &Graph, ix: EntityIx) -> Vec<RelRow> {
    let mut rows = Vec::with_capacity(graph.degree(ix) + 8);
    let undirected = graph.is_undirected();
    let targets = || graph.outgoing(ix).map(|r| (r.target_ix(), r));
    let sources = || graph.incoming(ix).map(|r| (r.source_ix(), r));
    let passes: &[bool] = if undirected { &[true] } else { &[true, false] };
    for &outgoing in passes {
        let mut rels = if undirected {
            let loops_once = sources().filter(|(other, _)| *other != ix);
            sort_keys(graph, targets().chain(loops_once))
        } else if outgoing {
            sort_keys(graph, targets())
        } else {
            sort_keys(graph, sources())
        };
        // A hub's 75k relations sort in 10–15 ms on one core; both cores halve it.
        if rels.len() > PARALLEL_SORT {
            rels.par_sort_unstable();
        } else {
            rels.sort_unstable();
        }
        for group in rels.chunk_by(|a, b| a.order >> 32 == b.order >> 32) {
            rows.push(RelRow::Header {
                outgoing,
                first: group[0].rel,
                count: group.len(),
            });
            rows.extend(group.iter().map(|k| RelRow::Item {
                rel: k.rel,
                outgoing,
            }));
        }
    }
    rows
}

/// Lists longer than this are keyed and sorted on all cores.
const PARALLEL_SORT: usize = 16_384;

/// A relation with what orders it in the pane. Field order is sort order.
#[derive(PartialEq, Eq, PartialOrd, Ord)]
struct SortKey<'g> {
    /// The type's rank among the entity's types (high half) and the other end's degree, most
    /// connected first (low half): one integer compare settles most pairs.
    order: u64,
    /// The name's first eight bytes, big-endian, zero-padded: orders like the name for all but
    /// ties, so the sort rarely reads names (comparing them was a sixth of a hub's time).
    prefix: u64,
    name: &'g str,
    rel: RelationIx,
}

/// The sort keys of relations given with their other ends.
fn sort_keys<'g>(
    graph: &'g Graph,
    rels: impl Iterator<Item = (EntityIx, Relation<'g>)>,
) -> Vec<SortKey<'g>> {
    // An entity has relations of a handful of types: number them as they come, then by name.
    let mut types: Vec<&str> = Vec::new();
    let ends: Vec<(u64, EntityIx, RelationIx)> = rels
        .map(|(other, r)| {
            let rtype = r.rtype();
            let slot = types.iter().position(|&t| t == rtype).unwrap_or_else(|| {
                types.push(rtype);
                types.len() - 1
            });
            (slot as u64, other, r.ix())
        })
        .collect();
    let mut by_name: Vec<usize> = (0..types.len()).collect();
    by_name.sort_unstable_by_key(|&slot| types[slot]);
    let mut rank = vec![0u64; types.len()];
    for (r, &slot) in by_name.iter().enumerate() {
        rank[slot] = r as u64;
    }
    let key = |&(slot, o, rel): &(u64, EntityIx, RelationIx)| {
        let degree = u32::try_from(graph.degree(o)).unwrap_or(u32::MAX);
        let name = graph.entity(o).name();
        let mut prefix = [0u8; 8];
        let head = &name.as_bytes()[..name.len().min(8)];
        prefix[..head.len()].copy_from_slice(head);
        SortKey {
            order: rank[slot as usize] << 32 | u64::from(u32::MAX - degree),
            prefix: u64::from_be_bytes(prefix),
            name,
            rel,
        }
    };
    // Reading 75k other entities scattered over the graph is most of a hub's time.
    if ends.len() > PARALLEL_SORT {
        ends.par_iter().map(key).collect()
    } else {
        ends.iter().map(key).collect()
    }
}

/// The widest text of each column over the first [`MEASURED_ROWS`] relation rows of an entity, as
/// drawn (made safe), so the pane's columns line up however far it is scrolled. Measured once per
/// shown entity (at a hub of 75k links measuring on every frame cost 50 ms), and over a bounded
/// number of rows: measuring all 75k took 60–70 ms each time the hub became the shown entity. A
/// later row wider than its column is cut with an ellipsis, as a name wider than the pane is.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct RelWidths {
    /// How many rows are relations (not group headers).
    pub items: usize,
    /// The widest name of an other entity that is not a deal with a brief, in columns.
    pub name: usize,
    /// The widest name of an other entity that is a deal with a brief, in columns.
    pub deal_name: usize,
    /// The widest kind of an other entity that is not a deal, in columns (a deal's row shows its
    /// `$` symbol and its brief instead: the word `deal` would repeat the symbol).
    pub kind: usize,
    /// The widest deal brief (amount · date · status); 0 when no other entity is a deal.
    pub brief: usize,
}

/// How many rows [`relation_widths`] measures: the pane's first screens many times over, and
/// 2–3 ms at a hub.
pub(crate) const MEASURED_ROWS: usize = 4096;

/// The [`RelWidths`] of `rows`, the relation rows of `shown`.
#[cfg(test)]
pub(crate) fn relation_widths(graph: &Graph, shown: EntityIx, rows: &[RelRow]) -> RelWidths {
    pane_widths(&group_widths(graph, shown, rows), rows)
}

/// The pane's widths from its groups' ([`group_widths`]): the widest of each column.
pub(crate) fn pane_widths(groups: &[(usize, RelWidths)], rows: &[RelRow]) -> RelWidths {
    let mut w = RelWidths {
        items: rows.iter().filter(|r| r.is_item()).count(),
        ..RelWidths::default()
    };
    for (_, group) in groups {
        w.name = w.name.max(group.name);
        w.deal_name = w.deal_name.max(group.deal_name);
        w.kind = w.kind.max(group.kind);
        w.brief = w.brief.max(group.brief);
    }
    w
}

/// The [`RelWidths`] of each group of `rows` that starts within the first [`MEASURED_ROWS`], by
/// the row of its header (in order), measured over its rows among those: each group lines its
/// own columns up, so one long deal brief elsewhere does not narrow every name of the pane.
pub(crate) fn group_widths(
    graph: &Graph,
    shown: EntityIx,
    rows: &[RelRow],
) -> Vec<(usize, RelWidths)> {
    let mut groups: Vec<(usize, RelWidths)> = Vec::new();
    for (i, r) in rows[..rows.len().min(MEASURED_ROWS)].iter().enumerate() {
        match r {
            RelRow::Header { .. } => groups.push((i, RelWidths::default())),
            RelRow::Item { rel, .. } => {
                if groups.is_empty() {
                    groups.push((0, RelWidths::default()));
                }
                let Some((_, w)) = groups.last_mut() else {
                    continue;
                };
                w.items += 1;
                let other = graph.relation(*rel).other(shown);
                let name = safe_text(other.name()).width();
                match deal_brief(&other) {
                    Some(brief) => {
                        w.brief = w.brief.max(brief.width());
                        w.deal_name = w.deal_name.max(name);
                    }
                    None => {
                        w.kind = w.kind.max(safe_text(other.kind()).width());
                        w.name = w.name.max(name);
                    }
                }
            }
            _ => {}
        }
    }
    groups
}

/// The widths row `row` of the pane lines up with: its group's (see [`group_widths`]), or the
/// pane's for a row of a group that starts beyond the measured rows.
pub(crate) fn widths_at(groups: &[(usize, RelWidths)], all: RelWidths, row: usize) -> RelWidths {
    let after = groups.partition_point(|&(start, _)| start <= row);
    match after.checked_sub(1).map(|g| (g, groups[g])) {
        // The last measured group may run on past the measured rows: beyond them, the pane's.
        Some((g, (_, w))) if g + 1 < groups.len() || row < MEASURED_ROWS => w,
        _ => all,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::graph::{LoadOptions, load_bytes};

    /// The obvious order: sort by (type, most links first, name, relation).
    fn obvious_rows(graph: &Graph, ix: EntityIx) -> Vec<RelRow> {
        let mut rows = Vec::new();
        for outgoing in [true, false] {
            let ends: Vec<(EntityIx, Relation)> = if outgoing {
                graph.outgoing(ix).map(|r| (r.target_ix(), r)).collect()
            } else {
                graph.incoming(ix).map(|r| (r.source_ix(), r)).collect()
            };
            let mut rels: Vec<_> = ends
                .iter()
                .map(|(o, r)| {
                    let name = graph.entity(*o).name();
                    (r.rtype(), usize::MAX - graph.degree(*o), name, r.ix())
                })
                .collect();
            rels.sort();
            for group in rels.chunk_by(|a, b| a.0 == b.0) {
                rows.push(RelRow::Header {
                    outgoing,
                    first: group[0].3,
                    count: group.len(),
                });
                rows.extend(group.iter().map(|k| RelRow::Item { rel: k.3, outgoing }));
            }
        }
        rows
    }

    /// A generated graph and its most connected entity.
    fn generated() -> (Graph, EntityIx) {
        let mut json = Vec::new();
        crate::generate::write_graph(&mut json, 20_000, 3).unwrap();
        let graph = load_bytes(&json, "generated", LoadOptions::default())
            .unwrap()
            .graph;
        let hub = (0..graph.entity_count() as EntityIx)
            .max_by_key(|&e| graph.degree(e))
            .unwrap();
        (graph, hub)
    }

    // The parallel sort is not reached at this size; the order is total (relation numbers are
    // unique), so parallel and serial sorts give the same rows.
    #[test]
    fn rows_are_in_the_obvious_order_for_hubs_and_ordinary_entities() {
        let (graph, hub) = generated();
        assert!(graph.degree(hub) > 1000);
        for ix in [hub, 1, 2, 500, 19_999] {
            assert_eq!(
                relation_rows(&graph, ix),
                obvious_rows(&graph, ix),
                "entity {ix}"
            );
        }
    }

    /// Each group lines up its own columns: the default graph's Nvidia has a `customer` group
    /// of two short deal briefs and longer briefs elsewhere; the group's brief column is its own.
    #[test]
    fn each_group_measures_its_own_columns() {
        let graph = crate::graph::load_default().unwrap().graph;
        let nvidia = graph.find("nvidia").unwrap();
        let rows = relation_rows(&graph, nvidia);
        let groups = group_widths(&graph, nvidia, &rows);
        let headers: Vec<usize> = rows
            .iter()
            .enumerate()
            .filter(|(_, r)| matches!(r, RelRow::Header { .. }))
            .map(|(i, _)| i)
            .collect();
        assert_eq!(groups.iter().map(|&(i, _)| i).collect::<Vec<_>>(), headers);
        let all = pane_widths(&groups, &rows);
        assert_eq!(all, relation_widths(&graph, nvidia, &rows));
        assert!(
            groups
                .iter()
                .any(|(_, w)| w.brief > 0 && w.brief < all.brief),
            "some group's briefs are narrower than the widest: {groups:?}"
        );
        for (g, &(start, w)) in groups.iter().enumerate() {
            let end = groups.get(g + 1).map_or(rows.len(), |&(next, _)| next);
            assert_eq!(w.items, end - start - 1);
            for row in start..end {
                assert_eq!(widths_at(&groups, all, row), w, "row {row}");
            }
        }
    }

    #[test]
    fn widths_count_every_relation_but_measure_the_first_rows() {
        // A star: every leaf equally connected, so rows go by name and the long one comes last.
        let leaves = MEASURED_ROWS + 10;
        let mut entities = vec![r#"{"id": "hub", "kind": "company", "name": "Hub"}"#.to_string()];
        let mut relations = Vec::new();
        for i in 0..leaves {
            let name = if i + 1 == leaves {
                "zz a name longer than any other".to_string()
            } else {
                format!("n{i:05}")
            };
            entities.push(format!(
                r#"{{"id": "e{i}", "kind": "company", "name": "{name}"}}"#
            ));
            relations.push(format!(
                r#"{{"from": "e{i}", "to": "hub", "type": "partner"}}"#
            ));
        }
        let json = format!(
            r#"{{"entities": [{}], "relations": [{}]}}"#,
            entities.join(","),
            relations.join(",")
        );
        let graph = load_bytes(json.as_bytes(), "star", LoadOptions::default())
            .unwrap()
            .graph;
        let rows = relation_rows(&graph, 0);
        let w = relation_widths(&graph, 0, &rows);
        assert_eq!(w.items, leaves);
        assert_eq!(w.name, "n00000".len(), "the last row is not measured");
    }
}
