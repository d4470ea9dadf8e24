//! `--where QUERY` outside `kgx search`: which deals a query keeps (`deals`, `flows`, `cycles`,
//! `partners`) and which entities (`export`). The kept part is put on the graph as a mask, so
//! the analyses run unchanged on what the query keeps. The query language is `search`'s.

use std::collections::HashSet;

use crate::analysis::{DealSource, all_deals};
use crate::graph::{EntityIx, Graph, RelationIx};
use crate::search::{
    KindFilter, Query, ResolvedFilters, SearchIndex, Searcher, Subject, resolve_filters,
};

/// A `--where` query made ready for one graph.
pub(super) struct Where {
    /// The entities the query's terms and kinds match; `None` when it has none.
    named: Option<HashSet<EntityIx>>,
    filters: ResolvedFilters,
}

impl Where {
    /// Parses `text` and resolves it against `g`; a query that does not parse or names an
    /// unknown party is a usage error (exit 2).
    pub(super) fn new(g: &Graph, text: &str) -> anyhow::Result<Where> {
        let query = super::query_arg(text)?;
        let index = SearchIndex::new(g);
        let filters = resolve_filters(g, &index, &query).map_err(super::query_error)?;
        let by_name = Query {
            filters: Vec::new(),
            ..query
        };
        let named = (!by_name.is_empty()).then(|| {
            Searcher::new()
                .search(g, &index, &by_name, &KindFilter::All)
                .iter()
                .map(|h| h.entity)
                .collect()
        });
        Ok(Where { named, filters })
    }

    fn named(&self, e: EntityIx) -> bool {
        self.named.as_ref().is_none_or(|n| n.contains(&e))
    }

    /// Whether the query keeps entity `e`: its terms, kinds and filters all match it.
    pub(super) fn keeps_entity(&self, g: &Graph, e: EntityIx) -> bool {
        self.named(e) && self.filters.matches(g, Subject::Entity(e))
    }

    /// Whether the query keeps a deal: a deal entity must match the whole query; a deal written
    /// as a relation its filters, and its terms and kinds on either end.
    pub(super) fn keeps_deal(&self, g: &Graph, source: DealSource) -> bool {
        match source {
            DealSource::Entity(e) => self.keeps_entity(g, e),
            DealSource::Relation(r) => {
                let rel = g.relation(r);
                (self.named(rel.source_ix()) || self.named(rel.target_ix()))
                    && self.filters.matches(g, Subject::Relation(r))
            }
        }
    }
}

/// `g` with only the deals `text` keeps; other entities and relations stay. `None` without a
/// query.
pub(super) fn only_deals_where(g: &Graph, text: Option<&str>) -> anyhow::Result<Option<Graph>> {
    let Some(text) = text else {
        return Ok(None);
    };
    let query = Where::new(g, text)?;
    let (mut entities, mut relations): (Vec<EntityIx>, Vec<RelationIx>) = (Vec::new(), Vec::new());
    for deal in all_deals(g).filter(|d| !query.keeps_deal(g, d.source)) {
        match deal.source {
            DealSource::Entity(e) => entities.push(e),
            DealSource::Relation(r) => relations.push(r),
        }
    }
    Ok(Some(g.hiding(&entities, &relations)))
}

/// `g` with only the entities `text` keeps, and the relations between them. `None` without a
/// query.
pub(super) fn only_entities_where(g: &Graph, text: Option<&str>) -> anyhow::Result<Option<Graph>> {
    let Some(text) = text else {
        return Ok(None);
    };
    let query = Where::new(g, text)?;
    let dropped: Vec<EntityIx> = g
        .entity_ixs()
        .filter(|&e| !query.keeps_entity(g, e))
        .collect();
    Ok(Some(g.hiding(&dropped, &[])))
}
