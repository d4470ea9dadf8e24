//! Writing a graph (or a neighbourhood of it) for other tools: kgx's native JSON, Graphviz DOT,
//! Mermaid, CSV, and the interchange formats node-link, Cytoscape.js, APOC and GraphSON.
//!
//! Every writer takes a [`Subgraph`] (the whole graph, or the entities within N hops of one) and
//! any `Write`; opening files, refusing to overwrite and writing atomically are the CLI's job.
//! The writers never escape for a terminal: the text they produce is data for another program
//! (DOT and Mermaid labels do get control characters made visible, because they are drawn).

mod csv;
mod dot;
mod interchange;
mod json;
mod mermaid;

pub(crate) use csv::{write_entities_csv, write_relations_csv};
pub(crate) use dot::write_dot;
pub use interchange::{write_apoc, write_cytoscape, write_graphson, write_node_link};
pub use json::write_json;
pub(crate) use mermaid::write_mermaid;

use std::collections::VecDeque;

use super::model::{EntityIx, Graph, RelationIx};

/// The entities and relations to export, each in file order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Subgraph {
    /// `None` means every entity (and relation, and source) of the graph.
    entities: Option<Vec<EntityIx>>,
    relations: Vec<RelationIx>,
}

impl Subgraph {
    /// The whole graph, or on a masked graph (a dated view) everything it shows.
    pub fn whole(g: &Graph) -> Subgraph {
        Subgraph {
            entities: g.mask().map(|_| g.entity_ixs().collect()),
            relations: g.relation_ixs().collect(),
        }
    }

    /// The entities at most `depth` hops from `start`, relations followed in both directions,
    /// and every relation between two of them.
    pub fn around(g: &Graph, start: EntityIx, depth: usize) -> Subgraph {
        let mut dist = vec![usize::MAX; g.entity_count()];
        dist[start as usize] = 0;
        let mut queue = VecDeque::from([start]);
        let mut found = vec![start];
        while let Some(e) = queue.pop_front() {
            let d = dist[e as usize];
            if d >= depth {
                continue;
            }
            let next = g.outgoing(e).map(|r| r.target_ix());
            for n in next.chain(g.incoming(e).map(|r| r.source_ix())) {
                if dist[n as usize] == usize::MAX {
                    dist[n as usize] = d + 1;
                    found.push(n);
                    queue.push_back(n);
                }
            }
        }
        found.sort_unstable();
        let mut relations: Vec<RelationIx> = found
            .iter()
            .flat_map(|&e| g.outgoing(e))
            .filter(|r| dist[r.target_ix() as usize] != usize::MAX)
            .map(|r| r.ix())
            .collect();
        relations.sort_unstable();
        Subgraph {
            entities: Some(found),
            relations,
        }
    }

    /// True for the whole graph.
    pub(crate) fn is_whole(&self) -> bool {
        self.entities.is_none()
    }

    /// The entities, in file order.
    pub fn entities<'s>(&'s self, g: &Graph) -> impl Iterator<Item = EntityIx> + 's {
        let all = self
            .entities
            .is_none()
            .then(|| 0..g.entity_count() as EntityIx);
        all.into_iter()
            .flatten()
            .chain(self.entities.iter().flatten().copied())
    }

    /// How many entities the subgraph holds.
    pub fn entity_count(&self, g: &Graph) -> usize {
        self.entities.as_ref().map_or(g.entity_count(), Vec::len)
    }

    /// The relations, in file order.
    pub fn relations(&self) -> &[RelationIx] {
        &self.relations
    }
}

/// The first difference between two graphs, in words, or `None` when they hold the same title,
/// metadata, sources, entities and relations in the same order.
#[cfg(any(test, feature = "test-support"))]
pub fn first_difference(a: &Graph, b: &Graph) -> Option<String> {
    let differ = |what: &str, x: String, y: String| (x != y).then(|| format!("{what}: {x} != {y}"));
    if let Some(d) = differ(
        "title",
        format!("{:?}", a.title()),
        format!("{:?}", b.title()),
    ) {
        return Some(d);
    }
    if let Some(d) = differ("meta", format!("{:?}", a.meta()), format!("{:?}", b.meta())) {
        return Some(d);
    }
    let counts = |g: &Graph| (g.entity_count(), g.relation_count(), g.source_count());
    if counts(a) != counts(b) {
        return Some(format!(
            "(entities, relations, sources): {:?} != {:?}",
            counts(a),
            counts(b)
        ));
    }
    for (x, y) in a.sources().zip(b.sources()) {
        let s = |s: super::Source<'_>| {
            format!(
                "{:?}",
                (
                    s.id(),
                    s.title(),
                    s.publisher(),
                    s.date(),
                    s.url(),
                    s.urls().collect::<Vec<_>>(),
                )
            )
        };
        if let Some(d) = differ("source", s(x), s(y)) {
            return Some(d);
        }
    }
    for (x, y) in a.entities().zip(b.entities()) {
        let e = |e: super::Entity<'_>| {
            format!(
                "{:?}",
                (
                    e.id(),
                    e.kind(),
                    e.name(),
                    e.summary(),
                    e.aliases().collect::<Vec<_>>(),
                    e.tags().collect::<Vec<_>>(),
                    e.attrs().collect::<Vec<_>>(),
                    e.sources().map(|s| s.id()).collect::<Vec<_>>(),
                )
            )
        };
        if let Some(d) = differ("entity", e(x), e(y)) {
            return Some(d);
        }
    }
    for (x, y) in a.relations().zip(b.relations()) {
        let r = |r: super::Relation<'_>| {
            format!(
                "{:?}",
                (
                    r.from().id(),
                    r.to().id(),
                    r.rtype(),
                    r.attrs().collect::<Vec<_>>(),
                    r.sources().map(|s| s.id()).collect::<Vec<_>>(),
                )
            )
        };
        if let Some(d) = differ("relation", r(x), r(y)) {
            return Some(d);
        }
    }
    None
}

#[cfg(test)]
mod tests;
