//! How two entities are connected: shortest paths and the k shortest simple paths (Yen's
//! algorithm) over relations, undirected by default.
//!
//! Every relation counts as one hop. One reverse BFS from the target gives every entity's
//! distance to it; each search Yen's algorithm makes is then goal-directed (A* with unit steps and
//! that distance as the estimate), and spurs that cannot produce one of the paths still needed are
//! skipped. A query allocates O(entities) once (stamps, parents, depths reused across searches)
//! and nothing per visited entity; Yen's algorithm only runs for as many paths as were asked for.
//! `--via-kind` is part of the search itself (a second layer of states for "already went through
//! that kind"), not a filter over an enumeration, so a rare kind costs no more than a common one.
//! What this module does not do: formatting (see `cli::path`) or weighting relations by amount.

use std::cmp::Reverse;
use std::collections::{BinaryHeap, HashSet, VecDeque};

use crate::graph::{EntityIx, Graph, RelationIx};

/// What to search for.
#[derive(Clone, Debug, Default)]
pub struct PathQuery {
    /// Where the paths start.
    pub from: EntityIx,
    /// Where the paths end.
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
    /// The relation walked.
    pub relation: RelationIx,
    /// True when the relation was followed from its `from` to its `to`.
    pub forward: bool,
}

/// A simple path: `nodes[i]` and `nodes[i + 1]` are joined by `steps[i]`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Path {
    /// The entities in order, `from` first and `to` last.
    pub nodes: Vec<EntityIx>,
    /// The relations between consecutive nodes (one fewer than the nodes).
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
    UnknownKind {
        /// The kind as typed.
        kind: String,
    },
}

/// The shortest simple paths from `query.from` to `query.to`, shortest first (ties in the order
/// they were found, which is deterministic). Empty when the two are not connected.
pub fn paths(graph: &Graph, query: &PathQuery) -> Result<Vec<Path>, PathError> {
    let via = match &query.via_kind {
        Some(kind) => Some(kind_id(graph, kind)?),
        None => None,
    };
    let max = query.max.max(1);
    // An undirected graph's relations have no direction to follow: `directed` means nothing.
    let query = &PathQuery {
        directed: query.directed && !graph.is_undirected(),
        ..query.clone()
    };
    let hops = hops_to(graph, query.to, query.directed);
    let mut walker = Walker::new(graph, query, via, hops);
    let mut yen = Yen::default();
    let Some(first) = walker.shortest(query.from, query.to, &[], via.is_none()) else {
        return Ok(Vec::new());
    };
    yen.known.insert(first.relations().collect());
    yen.found.push(first);
    while yen.found.len() < max {
        let needed = max - yen.found.len();
        yen.add_spurs(&mut walker, query.to, needed);
        match yen.candidates.pop() {
            Some(Reverse((_, seq))) => {
                let next = yen.pending[seq].take().expect("each candidate pops once");
                yen.found.push(next);
            }
            None => break,
        }
    }
    Ok(yen.found)
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
    ///
    /// `walker.hops[e]` is a lower bound on the hops from `e` to the target (removing entities and
    /// relations only lengthens paths), so a spur whose best possible path could not be among
    /// the `needed` next paths is skipped without a search: on graphs with hubs each search can
    /// visit most entities, and this skips most of them.
    fn add_spurs(&mut self, walker: &mut Walker<'_>, to: EntityIx, needed: usize) {
        let last = self.found.last().expect("found is never empty").clone();
        let mut banned = Vec::new();
        for i in 0..last.steps.len() {
            let hops = walker.hops[last.nodes[i] as usize];
            if hops == u32::MAX || self.enough_shorter(i + hops as usize, needed) {
                continue;
            }
            let root = &last.steps[..i];
            banned.clear();
            banned.extend(
                self.found
                    .iter()
                    .filter(|p| p.steps.len() > i && p.steps[..i] == *root)
                    .map(|p| p.steps[i].relation),
            );
            walker.block(&last.nodes[..i]);
            let satisfied =
                walker.via.is_none() || last.nodes[1..=i].iter().any(|&n| walker.is_via(n));
            let Some(spur) = walker.shortest(last.nodes[i], to, &banned, satisfied) else {
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

impl Yen {
    /// True when at least `needed` candidates are no longer than `len`: a new candidate of
    /// length `len` would lose to each of them (ties go to the earlier one) and never be used.
    fn enough_shorter(&self, len: usize, needed: usize) -> bool {
        self.candidates
            .iter()
            .filter(|Reverse((l, _))| *l <= len)
            .take(needed)
            .count()
            >= needed
    }
}

/// Hops from every entity to `to` (`u32::MAX` when it cannot get there), following relations
/// backwards when `directed`. One plain BFS, ignoring every constraint.
fn hops_to(graph: &Graph, to: EntityIx, directed: bool) -> Vec<u32> {
    let mut hops = vec![u32::MAX; graph.entity_count()];
    hops[to as usize] = 0;
    let mut queue = vec![to];
    let mut head = 0;
    while head < queue.len() {
        let at = queue[head];
        head += 1;
        let next_hops = hops[at as usize] + 1;
        let sources = graph.in_steps(at).map(|(_, from)| from);
        let targets = graph.out_steps(at).map(|(_, to)| to);
        let targets = targets.take(if directed { 0 } else { usize::MAX });
        for next in sources.chain(targets) {
            if hops[next as usize] == u32::MAX {
                hops[next as usize] = next_hops;
                queue.push(next);
            }
        }
    }
    hops
}

/// Goal-directed breadth-first search (A* with unit steps) with arrays reused across searches.
///
/// `hops[e]`, the hops from `e` to the target ignoring every constraint, is a consistent lower
/// bound, so states are expanded in order of `hops so far + hops[e]` from a bucket queue, and on a
/// graph with hubs the search follows the shortest routes instead of flooding every entity within
/// the target's distance (Yen's algorithm makes many searches to the same target).
///
/// The search runs over states (entity, layer): layer 0 while the path has not yet gone through
/// an entity of the `--via-kind`, layer 1 once it has (or from the start when there is no such
/// constraint), and only a layer-1 arrival at the target counts. State `s` is entity `s % n` in
/// layer `s / n`; its best hop count is `depth[s]` when `seen[s] == generation`. An entity is
/// blocked when `blocked[e] == block_generation`.
struct Walker<'g> {
    graph: &'g Graph,
    directed: bool,
    via: Option<u32>,
    hops: Vec<u32>,
    seen: Vec<u32>,
    generation: u32,
    depth: Vec<u32>,
    parent: Vec<RelationIx>,
    parent_layer: Vec<u8>,
    blocked: Vec<u32>,
    block_generation: u32,
    avoided: Vec<bool>,
    buckets: Vec<VecDeque<(usize, u32)>>,
}

impl<'g> Walker<'g> {
    fn new(graph: &'g Graph, query: &PathQuery, via: Option<u32>, hops: Vec<u32>) -> Self {
        let n = graph.entity_count();
        let mut avoided = vec![false; n];
        for &a in &query.avoid {
            avoided[a as usize] = true;
        }
        Walker {
            graph,
            directed: query.directed,
            via,
            hops,
            seen: vec![0; 2 * n],
            generation: 0,
            depth: vec![0; 2 * n],
            parent: vec![0; 2 * n],
            parent_layer: vec![0; 2 * n],
            blocked: vec![0; n],
            block_generation: 1,
            avoided,
            buckets: Vec::new(),
        }
    }

    fn is_via(&self, e: EntityIx) -> bool {
        self.via.is_some_and(|k| self.graph.kind_number(e) == k)
    }

    /// Blocks exactly `nodes` for the following searches (lifting any earlier block).
    fn block(&mut self, nodes: &[EntityIx]) {
        self.block_generation = bump(&mut self.blocked, self.block_generation);
        for &n in nodes {
            self.blocked[n as usize] = self.block_generation;
        }
    }

    /// The shortest simple path to the target `hops` was computed for, avoiding blocked and
    /// avoided entities and the `banned` relations, going through an entity of the `via` kind
    /// unless `satisfied` already.
    ///
    /// Trap: with `via`, the shortest walk can be a detour to a dead end of that kind and back
    /// (`s → x → k → x → t`), which is not a simple path; such a walk is rejected (`None`), so
    /// `--via-kind` may miss a longer path that exists. Never stepping back onto `from` removes
    /// the commonest such detour (`amazon → aws → amazon → …`).
    fn shortest(
        &mut self,
        from: EntityIx,
        to: EntityIx,
        banned: &[RelationIx],
        satisfied: bool,
    ) -> Option<Path> {
        let n = self.graph.entity_count();
        if self.hops[from as usize] == u32::MAX {
            return None;
        }
        self.generation = bump(&mut self.seen, self.generation);
        let generation = self.generation;
        let start = usize::from(satisfied) * n + from as usize;
        let goal = n + to as usize;
        self.seen[start] = generation;
        self.depth[start] = 0;
        let mut f = self.hops[from as usize] as usize;
        self.push(f, start, 0);
        let mut reached = false;
        while let Some((state, depth)) = self.pop(&mut f) {
            if depth != self.depth[state] {
                continue; // a shorter way here was found after this entry was queued
            }
            if state == goal {
                reached = true;
                break;
            }
            let (layer, at) = (state / n, (state % n) as EntityIx);
            if at == to {
                continue;
            }
            let g = self.graph;
            let outgoing = g.out_steps(at);
            let incoming = g.in_steps(at);
            let incoming = incoming.take(if self.directed { 0 } else { usize::MAX });
            for (r, next) in outgoing.chain(incoming) {
                let e = next as usize;
                let hops = self.hops[e];
                if next == at
                    || next == from
                    || hops == u32::MAX
                    || self.blocked[e] == self.block_generation
                    || self.avoided[e]
                    || banned.contains(&r)
                {
                    continue;
                }
                let next_layer = usize::from(layer == 1 || (next != to && self.is_via(next)));
                let next_state = next_layer * n + e;
                let next_depth = depth + 1;
                if self.seen[next_state] == generation && self.depth[next_state] <= next_depth {
                    continue;
                }
                self.seen[next_state] = generation;
                self.depth[next_state] = next_depth;
                self.parent[next_state] = r;
                self.parent_layer[next_state] = layer as u8;
                self.push((next_depth + hops) as usize, next_state, next_depth);
            }
        }
        for bucket in &mut self.buckets[f..] {
            bucket.clear();
        }
        reached.then(|| self.trace(start, goal)).filter(is_simple)
    }

    fn push(&mut self, f: usize, state: usize, depth: u32) {
        if self.buckets.len() <= f {
            self.buckets.resize_with(f + 1, VecDeque::new);
        }
        self.buckets[f].push_back((state, depth));
    }

    /// The next queued state with the smallest estimate, moving `f` up to its bucket. With a
    /// consistent estimate nothing is ever queued below `f`.
    fn pop(&mut self, f: &mut usize) -> Option<(usize, u32)> {
        while *f < self.buckets.len() {
            if let Some(entry) = self.buckets[*f].pop_front() {
                return Some(entry);
            }
            *f += 1;
        }
        None
    }

    fn trace(&self, start: usize, goal: usize) -> Path {
        let n = self.graph.entity_count();
        let mut nodes = vec![(goal % n) as EntityIx];
        let mut steps = Vec::new();
        let mut state = goal;
        while state != start {
            let at = (state % n) as EntityIx;
            let relation = self.parent[state];
            let (from, to) = self.graph.relation_ends(relation);
            let forward = to == at;
            let prev = if forward { from } else { to };
            nodes.push(prev);
            steps.push(Step { relation, forward });
            state = usize::from(self.parent_layer[state]) * n + prev as usize;
        }
        nodes.reverse();
        steps.reverse();
        Path { nodes, steps }
    }
}

fn is_simple(path: &Path) -> bool {
    let mut nodes = path.nodes.clone();
    nodes.sort_unstable();
    nodes.windows(2).all(|w| w[0] != w[1])
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
    fn via_kind_counts_intermediates_only_and_lists_k_paths() {
        let g = graph();
        let via = |kind: &str| PathQuery {
            via_kind: Some(kind.into()),
            ..query(&g, "a", "d", 10)
        };
        assert_eq!(run(&g, via("company")), ["a b d", "a b c d"]);
        assert_eq!(run(&g, via("chip")), ["a f g h d"]);
        assert_eq!(run(&g, via("deal")), ["a e d"]);
    }

    #[test]
    fn via_kind_never_detours_back_through_the_start() {
        let json = r#"{"entities": [
            {"id": "amazon", "kind": "company", "name": "Amazon"},
            {"id": "aws", "kind": "cloud", "name": "AWS"},
            {"id": "invest", "kind": "deal", "name": "Invest"},
            {"id": "compute", "kind": "deal", "name": "Compute"},
            {"id": "openai", "kind": "company", "name": "OpenAI"}
        ], "relations": [
            {"from": "amazon", "to": "aws", "type": "operates"},
            {"from": "amazon", "to": "invest", "type": "investor"},
            {"from": "openai", "to": "invest", "type": "investee"},
            {"from": "aws", "to": "compute", "type": "provider"},
            {"from": "openai", "to": "compute", "type": "customer"}
        ]}"#;
        let g = load_bytes(json.as_bytes(), "t", LoadOptions::default())
            .unwrap()
            .graph;
        let q = PathQuery {
            via_kind: Some("cloud".into()),
            ..query(&g, "amazon", "openai", 5)
        };
        assert_eq!(run(&g, q), ["amazon aws compute openai"]);
    }

    /// Every simple path as relation lists, by depth-first search: the reference for Yen's.
    fn all_simple_lengths(g: &Graph, from: EntityIx, to: EntityIx, directed: bool) -> Vec<usize> {
        fn walk(
            g: &Graph,
            at: EntityIx,
            to: EntityIx,
            d: bool,
            on: &mut Vec<EntityIx>,
            out: &mut Vec<usize>,
        ) {
            if at == to {
                out.push(on.len() - 1);
                return;
            }
            let mut next: Vec<EntityIx> = g.outgoing(at).map(|r| r.target_ix()).collect();
            if !d {
                next.extend(g.incoming(at).map(|r| r.source_ix()));
            }
            for n in next {
                if !on.contains(&n) {
                    on.push(n);
                    walk(g, n, to, d, on, out);
                    on.pop();
                }
            }
        }
        let mut out = Vec::new();
        walk(g, from, to, directed, &mut vec![from], &mut out);
        out.sort_unstable();
        out
    }

    #[test]
    fn yen_matches_exhaustive_enumeration_on_random_graphs() {
        let mut seed: u64 = 0x5eed;
        let mut rand = |n: u64| {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (seed >> 33) % n
        };
        for round in 0..300 {
            let nodes = 4 + rand(5);
            let edges = nodes + rand(nodes * 2);
            let entities: Vec<String> = (0..nodes)
                .map(|i| format!(r#"{{"id": "n{i}", "kind": "k{}", "name": "N{i}"}}"#, i % 3))
                .collect();
            let relations: Vec<String> = (0..edges)
                .map(|_| {
                    let (a, b) = (rand(nodes), rand(nodes));
                    format!(r#"{{"from": "n{a}", "to": "n{b}", "type": "t"}}"#)
                })
                .collect();
            let json = format!(
                r#"{{"entities": [{}], "relations": [{}]}}"#,
                entities.join(","),
                relations.join(",")
            );
            let g = load_bytes(json.as_bytes(), "t", LoadOptions::default())
                .unwrap()
                .graph;
            let directed = round % 2 == 1;
            let max = 1 + rand(12) as usize;
            let q = PathQuery {
                directed,
                ..query(&g, "n0", &format!("n{}", nodes - 1), max)
            };
            let found = paths(&g, &q).unwrap();
            let lengths: Vec<usize> = found.iter().map(Path::len).collect();
            let mut reference = all_simple_lengths(&g, q.from, q.to, directed);
            reference.truncate(max);
            assert_eq!(lengths, reference, "round {round}: {json}");
            for p in &found {
                assert!(is_simple(p));
            }
            let distinct: HashSet<Vec<RelationIx>> =
                found.iter().map(|p| p.relations().collect()).collect();
            assert_eq!(distinct.len(), found.len());
        }
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
