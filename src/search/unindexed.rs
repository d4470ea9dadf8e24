//! The empty query's results without a [`SearchIndex`](super::SearchIndex): every shown entity of
//! an allowed kind, most connected first, equal degrees in file order. That is the order of the
//! index's own empty-query list (which is built from [`entities_by_degree`] too), so the explorer
//! can draw its first frame before the index of a large graph is built. What this module does
//! not do: match text, read `@kind`s or filters (a query with any of them needs the index).

use super::{Hit, KindFilter, MatchedKey, Query};
use crate::graph::{EntityIx, Graph};

/// True when `query` can be answered without the index: no terms, no `@kind`, no filter.
pub(crate) fn answers_without_index(query: &Query) -> bool {
    query.terms.is_empty() && query.kinds.is_empty() && query.filters.is_empty()
}

/// Every entity of `graph`, most connected first ([`Graph::degree`]), equal degrees in file order.
/// A counting sort by degree: one pass to count, one to place, no comparisons.
pub(super) fn entities_by_degree(graph: &Graph) -> Vec<EntityIx> {
    let n = graph.entity_count();
    let degrees: Vec<usize> = (0..n as EntityIx).map(|ix| graph.degree(ix)).collect();
    let max = degrees.iter().copied().max().unwrap_or(0);
    // `next[d]`: where the next entity of degree `d` goes, the higher degrees before it.
    let mut next = vec![0usize; max + 1];
    for &d in &degrees {
        next[d] += 1;
    }
    let mut start = 0;
    for count in next.iter_mut().rev() {
        let c = *count;
        *count = start;
        start += c;
    }
    let mut out: Vec<EntityIx> = vec![0; n];
    for (ix, &d) in degrees.iter().enumerate() {
        out[next[d]] = ix as EntityIx;
        next[d] += 1;
    }
    out
}

/// What [`Searcher::search`](super::Searcher::search) answers to an empty query under `filter`,
/// computed from the graph alone. Degrees are counted on every relation, hidden by an as-of mask
/// or not, as the index (built on the unmasked graph) counts them; hidden entities are left out.
pub(crate) fn empty_query_hits(graph: &Graph, filter: &KindFilter) -> Vec<Hit> {
    let allowed: Vec<bool> = graph.kinds().map(|kind| filter.allows(kind)).collect();
    // Which entities are listed, read in file order: in degree order each entity's record would
    // be a cache miss (at a million entities, 0.1 s more before the first frame). Not read at
    // all when every entity is listed.
    let listed: Option<Vec<bool>> =
        (graph.mask().is_some() || allowed.contains(&false)).then(|| {
            (0..graph.entity_count() as EntityIx)
                .map(|ix| graph.shows_entity(ix) && allowed[graph.kind_number(ix) as usize])
                .collect()
        });
    entities_by_degree(&graph.unmasked())
        .into_iter()
        .filter(|&ix| listed.as_ref().is_none_or(|l| l[ix as usize]))
        .map(|entity| Hit {
            entity,
            score: 0,
            key: MatchedKey::Name,
            tier: 2,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::graph::{LoadOptions, load_bytes, load_default};
    use crate::search::{SearchIndex, Searcher};

    fn graphs() -> Vec<Graph> {
        let small = include_str!("../../tests/fixtures/small.json");
        let mut generated = Vec::new();
        crate::generate::write_graph(&mut generated, 3_000, 7).unwrap();
        vec![
            load_bytes(small.as_bytes(), "small", LoadOptions::default())
                .unwrap()
                .graph,
            load_default().unwrap().graph,
            load_bytes(&generated, "generated", LoadOptions::default())
                .unwrap()
                .graph,
        ]
    }

    #[test]
    fn the_order_is_by_degree_then_file_order() {
        for g in graphs() {
            let mut want: Vec<EntityIx> = (0..g.entity_count() as EntityIx).collect();
            want.sort_by_key(|&ix| std::cmp::Reverse(g.degree(ix)));
            assert_eq!(entities_by_degree(&g), want);
        }
    }

    #[test]
    fn the_empty_query_s_hits_equal_the_index_s_under_every_tab_and_an_as_of_mask() {
        for g in graphs() {
            let index = SearchIndex::new(&g);
            let mut filters = vec![KindFilter::All, KindFilter::Other];
            filters.extend(g.kinds().map(|k| KindFilter::Kind(k.to_string())));
            let day = crate::analysis::AsOf::parse("2020-01-01").unwrap();
            let masked = day.view(&g).0;
            for filter in &filters {
                for graph in [&g, &masked] {
                    let want = Searcher::new().search(graph, &index, &Query::default(), filter);
                    assert_eq!(empty_query_hits(graph, filter), want, "{filter:?}");
                }
            }
        }
    }

    #[test]
    fn only_a_query_without_terms_kinds_or_filters_is_answered_without_the_index() {
        assert!(answers_without_index(&Query::parse("")));
        assert!(answers_without_index(&Query::parse("   ")));
        for q in ["t", "@company", "amount>1m", "-x"] {
            assert!(!answers_without_index(&Query::parse(q)), "{q}");
        }
    }
}
