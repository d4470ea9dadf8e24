//! How two entities are connected: shortest paths and the k shortest simple paths (Yen's
//! algorithm) over relations, undirected by default.
//!
//! Every relation counts as one hop. A search reuses one set of per-entity arrays (visit stamps,
//! parent relations, blocked stamps) across all the breadth-first searches Yen's algorithm makes,
//! so a query allocates O(entities) once and nothing per visited entity. Yen's algorithm only runs
//! for as many paths as were asked for. What this module does not do: formatting (see
//! `cli::path`) or weighting relations by amount.

use std::cmp::Reverse;
use std::collections::{BinaryHeap, HashSet};

use super::model::{EntityIx, Graph, RelationIx};

/// What to search for.
#[derive(Clone, Debug, Default)]
pub struct PathQuery {
    pub from: EntityIx,
    pub to: EntityIx,
    /// Follow relations only from `from` to `to` (by default either way).
    pub directed: bool,
    /// How many distinct paths at most (0 is read as 1).
    pub max: usize,
    /// Keep only paths with at least one intermediate entity of this kind.
    pub via_kind: Option<String>,
    /// Entities no path may go through.
    pub avoid: Vec<EntityIx>,
}

/// One hop of a path.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Step {
    pub relation: RelationIx,
    /// True when the relation was followed from its `from` to its `to`.
    pub forward: bool,
}

/// A simple path: `nodes[i]` and `nodes[i + 1]` are joined by `steps[i]`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Path {
    pub nodes: Vec<EntityIx>,
    pub steps: Vec<Step>,
}

impl Path {
    /// Number of relations followed.
    pub fn len(&self) -> usize {
        self.steps.len()
    }

    /// True for the path from an entity to itself.
    pub fn is_empty(&self) -> bool {
        self.steps.is_empty()
    }

    fn relations(&self) -> impl Iterator<Item = RelationIx> + '_ {
        self.steps.iter().map(|s| s.relation)
    }
}

/// Why a path query could not run.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum PathError {
    /// `--via-kind` named a kind no entity has.
    #[error("no entity has kind '{kind}'")]
    UnknownKind { kind: String },
}

/// With `--via-kind`, how many shortest paths are examined per path kept before giving up: a
/// kind that is rare near the endpoints must not turn into an exhaustive enumeration.
const VIA_KIND_BUDGET_PER_PATH: usize = 20;
const VIA_KIND_BUDGET_MIN: usize = 50;

/// The shortest simple paths from `query.from` to `query.to`, shortest first (ties in the order
/// they were found, which is deterministic). Empty when the two are not connected.
pub fn paths(graph: &Graph, query: &PathQuery) -> Result<Vec<Path>, PathError> {
    let via_kind = match &query.via_kind {
        Some(kind) => Some(kind_id(graph, kind)?),
        None => None,
    };
    let max = query.max.max(1);
    let budget = if via_kind.is_some() {
        (max * VIA_KIND_BUDGET_PER_PATH).max(VIA_KIND_BUDGET_MIN)
    } else {
        max
    };
    let accept = |p: &Path| match via_kind {
        None => true,
        Some(k) => p.nodes[1..p.nodes.len().saturating_sub(1)]
            .iter()
            .any(|&n| graph.entities[n as usize].kind == k),
    };
    let mut walker = Walker::new(graph, query.directed, &query.avoid);
    let mut yen = Yen::default();
    let mut kept = Vec::new();
    let Some(first) = walker.shortest(query.from, query.to, &[]) else {
        return Ok(kept);
    };
    yen.known.insert(first.relations().collect());
    yen.found.push(first);
    loop {
        let last = yen.found.last().expect("found is never empty");
        if accept(last) {
            kept.push(last.clone());
        }
        if kept.len() >= max || yen.found.len() >= budget {
            break;
        }
        yen.add_spurs(&mut walker, query.to);
        match yen.candidates.pop() {
            Some(Reverse((_, seq))) => {
                let next = yen.pending[seq].take().expect("each candidate pops once");
                yen.found.push(next);
            }
            None => break,
        }
    }
    Ok(kept)
}

fn kind_id(graph: &Graph, kind: &str) -> Result<u32, PathError> {
    graph
        .kinds()
        .position(|k| k == kind)
        .map(|i| i as u32)
        .ok_or_else(|| PathError::UnknownKind { kind: kind.into() })
}

/// State of Yen's algorithm: the paths found so far (in order) and the candidates, a min-heap on
/// (length, discovery order) over `pending`.
#[derive(Default)]
struct Yen {
    found: Vec<Path>,
    pending: Vec<Option<Path>>,
    candidates: BinaryHeap<Reverse<(usize, usize)>>,
    known: HashSet<Vec<RelationIx>>,
}

impl Yen {
    /// Deviations from the last path found: for each of its entities (the spur), the shortest path
    /// from there that leaves by a relation no found path with the same root took.
    fn add_spurs(&mut self, walker: &mut Walker<'_>, to: EntityIx) {
        let last = self.found.last().expect("found is never empty").clone();
        let mut banned = Vec::new();
        for i in 0..last.steps.len() {
            let root = &last.steps[..i];
            banned.clear();
            banned.extend(
                self.found
                    .iter()
                    .filter(|p| p.steps.len() > i && p.steps[..i] == *root)
                    .map(|p| p.steps[i].relation),
            );
            walker.block(&last.nodes[..i]);
            let Some(spur) = walker.shortest(last.nodes[i], to, &banned) else {
                continue;
            };
            let mut nodes = last.nodes[..i].to_vec();
            nodes.extend_from_slice(&spur.nodes);
            let mut steps = root.to_vec();
            steps.extend_from_slice(&spur.steps);
            let path = Path { nodes, steps };
            if self.known.insert(path.relations().collect()) {
                self.candidates
                    .push(Reverse((path.len(), self.pending.len())));
                self.pending.push(Some(path));
            }
        }
        walker.block(&[]);
    }
}

/// Breadth-first search with arrays reused across searches: an entity is visited in the current
/// search when `seen[e] == generation`, blocked when `blocked[e] == block_generation`.
struct Walker<'g> {
    graph: &'g Graph,
    directed: bool,
    seen: Vec<u32>,
    generation: u32,
    parent: Vec<RelationIx>,
    blocked: Vec<u32>,
    block_generation: u32,
    avoided: Vec<bool>,
    queue: Vec<EntityIx>,
}

impl<'g> Walker<'g> {
    fn new(graph: &'g Graph, directed: bool, avoid: &[EntityIx]) -> Self {
        let n = graph.entity_count();
        let mut avoided = vec![false; n];
        for &a in avoid {
            avoided[a as usize] = true;
        }
        Walker {
            graph,
            directed,
            seen: vec![0; n],
            generation: 0,
            parent: vec![0; n],
            blocked: vec![0; n],
            block_generation: 1,
            avoided,
            queue: Vec::new(),
        }
    }

    /// Blocks exactly `nodes` for the following searches (lifting any earlier block).
    fn block(&mut self, nodes: &[EntityIx]) {
        self.block_generation = bump(&mut self.blocked, self.block_generation);
        for &n in nodes {
            self.blocked[n as usize] = self.block_generation;
        }
    }

    /// The shortest path avoiding blocked and avoided entities and the `banned` relations.
    fn shortest(&mut self, from: EntityIx, to: EntityIx, banned: &[RelationIx]) -> Option<Path> {
        self.generation = bump(&mut self.seen, self.generation);
        let generation = self.generation;
        self.seen[from as usize] = generation;
        self.queue.clear();
        self.queue.push(from);
        let mut head = 0;
        while head < self.queue.len() && self.seen[to as usize] != generation {
            let at = self.queue[head];
            head += 1;
            let g = self.graph;
            let outgoing = g
                .outgoing
                .of(at)
                .iter()
                .map(|&r| (r, g.relations[r as usize].to));
            let incoming = g
                .incoming
                .of(at)
                .iter()
                .map(|&r| (r, g.relations[r as usize].from));
            let incoming = incoming.take(if self.directed { 0 } else { usize::MAX });
            for (r, next) in outgoing.chain(incoming) {
                let n = next as usize;
                if self.seen[n] == generation
                    || next == at
                    || self.blocked[n] == self.block_generation
                    || self.avoided[n]
                    || banned.contains(&r)
                {
                    continue;
                }
                self.seen[n] = generation;
                self.parent[n] = r;
                self.queue.push(next);
            }
        }
        (self.seen[to as usize] == generation).then(|| self.trace(from, to))
    }

    fn trace(&self, from: EntityIx, to: EntityIx) -> Path {
        let mut nodes = vec![to];
        let mut steps = Vec::new();
        let mut at = to;
        while at != from {
            let relation = self.parent[at as usize];
            let rec = &self.graph.relations[relation as usize];
            let forward = rec.to == at;
            at = if forward { rec.from } else { rec.to };
            nodes.push(at);
            steps.push(Step { relation, forward });
        }
        nodes.reverse();
        steps.reverse();
        Path { nodes, steps }
    }
}

/// The next generation number for a stamp array, clearing it when the counter would wrap.
fn bump(stamps: &mut [u32], generation: u32) -> u32 {
    if generation == u32::MAX {
        stamps.fill(0);
        1
    } else {
        generation + 1
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::graph::{LoadOptions, load_bytes};

    /// ```text
    ///   a -x-> b -x-> c -x-> d        a -y-> e -y-> d       a -z-> f -z-> g -z-> h -z-> d
    ///          b <-w- d   (b, d also joined directly, pointing backwards)
    /// ```
    fn graph() -> Graph {
        let json = r#"{"entities": [
            {"id": "a", "kind": "company", "name": "A"},
            {"id": "b", "kind": "company", "name": "B"},
            {"id": "c", "kind": "cloud", "name": "C"},
            {"id": "d", "kind": "company", "name": "D"},
            {"id": "e", "kind": "deal", "name": "E"},
            {"id": "f", "kind": "chip", "name": "F"},
            {"id": "g", "kind": "chip", "name": "G"},
            {"id": "h", "kind": "chip", "name": "H"}
        ], "relations": [
            {"from": "a", "to": "b", "type": "x"},
            {"from": "b", "to": "c", "type": "x"},
            {"from": "c", "to": "d", "type": "x"},
            {"from": "a", "to": "e", "type": "y"},
            {"from": "d", "to": "e", "type": "y"},
            {"from": "d", "to": "b", "type": "w"},
            {"from": "a", "to": "f", "type": "z"},
            {"from": "f", "to": "g", "type": "z"},
            {"from": "g", "to": "h", "type": "z"},
            {"from": "h", "to": "d", "type": "z"}
        ]}"#;
        load_bytes(json.as_bytes(), "t", LoadOptions::default())
            .unwrap()
            .graph
    }

    fn ids(g: &Graph, p: &Path) -> String {
        p.nodes
            .iter()
            .map(|&n| g.entity(n).id())
            .collect::<Vec<_>>()
            .join(" ")
    }

    fn run(g: &Graph, q: PathQuery) -> Vec<String> {
        paths(g, &q).unwrap().iter().map(|p| ids(g, p)).collect()
    }

    fn query(g: &Graph, from: &str, to: &str, max: usize) -> PathQuery {
        PathQuery {
            from: g.find(from).unwrap(),
            to: g.find(to).unwrap(),
            max,
            ..PathQuery::default()
        }
    }

    #[test]
    fn shortest_path_follows_relations_both_ways() {
        let g = graph();
        let found = paths(&g, &query(&g, "a", "d", 1)).unwrap();
        assert_eq!(found.len(), 1);
        assert_eq!(ids(&g, &found[0]), "a b d");
        assert!(found[0].steps[0].forward);
        assert!(!found[0].steps[1].forward, "d -w-> b is followed backwards");
    }

    #[test]
    fn k_shortest_paths_come_shortest_first_and_are_simple() {
        let g = graph();
        let found = run(&g, query(&g, "a", "d", 10));
        assert_eq!(
            found,
            ["a b d", "a e d", "a b c d", "a f g h d"],
            "every simple a–d path, by length"
        );
    }

    #[test]
    fn directed_follows_only_from_to() {
        let g = graph();
        let q = PathQuery {
            directed: true,
            ..query(&g, "a", "d", 10)
        };
        assert_eq!(run(&g, q), ["a b c d", "a f g h d"]);
        let back = PathQuery {
            directed: true,
            ..query(&g, "d", "a", 10)
        };
        assert!(run(&g, back).is_empty());
    }

    #[test]
    fn avoid_and_via_kind_constrain_paths() {
        let g = graph();
        let avoid = PathQuery {
            avoid: vec![g.find("e").unwrap(), g.find("b").unwrap()],
            ..query(&g, "a", "d", 10)
        };
        assert_eq!(run(&g, avoid), ["a f g h d"]);
        let via = PathQuery {
            via_kind: Some("cloud".into()),
            ..query(&g, "a", "d", 10)
        };
        assert_eq!(run(&g, via), ["a b c d"]);
        let unknown = PathQuery {
            via_kind: Some("spaceship".into()),
            ..query(&g, "a", "d", 1)
        };
        assert!(matches!(
            paths(&g, &unknown),
            Err(PathError::UnknownKind { .. })
        ));
    }

    #[test]
    fn unconnected_and_identical_endpoints() {
        let json = r#"{"entities": [
            {"id": "a", "kind": "company", "name": "A"},
            {"id": "b", "kind": "company", "name": "B"}
        ], "relations": []}"#;
        let g = load_bytes(json.as_bytes(), "t", LoadOptions::default())
            .unwrap()
            .graph;
        assert!(run(&g, query(&g, "a", "b", 3)).is_empty());
        assert_eq!(run(&g, query(&g, "a", "a", 3)), ["a"]);
    }

    #[test]
    fn parallel_relations_make_distinct_paths() {
        let json = r#"{"entities": [
            {"id": "a", "kind": "company", "name": "A"},
            {"id": "b", "kind": "company", "name": "B"}
        ], "relations": [
            {"from": "a", "to": "b", "type": "partner"},
            {"from": "b", "to": "a", "type": "customer"}
        ]}"#;
        let g = load_bytes(json.as_bytes(), "t", LoadOptions::default())
            .unwrap()
            .graph;
        let found = paths(&g, &query(&g, "a", "b", 5)).unwrap();
        assert_eq!(found.len(), 2);
        assert_ne!(found[0].steps, found[1].steps);
    }
}
