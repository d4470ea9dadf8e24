//! Money rings: simple cycles of 2 to N parties in the party-level money graph
//! ([`super::money`]), as analysts draw them: Nvidia invests in OpenAI, OpenAI buys Oracle's
//! cloud, Oracle buys Nvidia's GPUs.
//!
//! Each ring is found once, from its lowest-numbered party, by a depth-bounded walk that only
//! visits higher-numbered parties; the last party must pay the first (marked before the walk).
//! Rings rank by the smallest disclosed leg (the money that provably goes round), then by total;
//! a ring with undisclosed legs ranks after every ring with fewer. Only the best K are kept, and
//! once K are found a walk stops where it can no longer beat the K-th. Starts are shared among
//! threads, interleaved (the hubs are the first entities of a generated graph).
//! This module does not build the money graph or format rings.

use std::cmp::Ordering;
use std::collections::BinaryHeap;

use rayon::prelude::*;

use super::deals::DealSource;
use super::money::{LegSource, MoneyGraph, PairIx};
use crate::graph::EntityIx;

/// The longest ring searched: beyond six parties a walk from a hub visits most of a large graph.
pub(crate) const MAX_PARTIES: usize = 6;
/// Rings of up to this many parties by default.
pub(crate) const DEFAULT_MAX_PARTIES: usize = 4;
/// The number of rings kept by default.
pub(crate) const DEFAULT_RING_LIMIT: usize = 100;

/// What to search for.
#[derive(Clone, Debug, PartialEq)]
pub struct RingQuery {
    /// The most parties in a ring, clamped to `2..=MAX_PARTIES`.
    pub max_parties: usize,
    /// Skip legs whose disclosed total is below this; a leg with no disclosed amount is kept
    /// (its size is unknown, not small), and ranks after disclosed ones.
    pub min_usd: f64,
    /// Keep the best this many rings; 0 keeps all.
    pub limit: usize,
}

impl Default for RingQuery {
    fn default() -> Self {
        RingQuery {
            max_parties: DEFAULT_MAX_PARTIES,
            min_usd: 0.0,
            limit: DEFAULT_RING_LIMIT,
        }
    }
}

/// A ring of money: `parties[i]` pays `parties[i + 1]` (`legs[i]`), and the last pays the first.
#[derive(Clone, Debug, PartialEq)]
pub struct Ring {
    /// The parties in the order money goes round, starting with the payer of the largest
    /// investment leg (else of the largest leg).
    pub parties: Vec<EntityIx>,
    /// The pairs of the money graph, `legs[i]` from `parties[i]`.
    pub legs: Vec<PairIx>,
    /// The smallest disclosed leg total, `None` when no leg is disclosed.
    pub min_leg_usd: Option<f64>,
    /// The sum of the disclosed leg totals.
    pub total_usd: f64,
    /// How many legs have no disclosed amount.
    pub undisclosed: usize,
}

impl Ring {
    /// True when `e` takes part: it is a party or a unit of one, or a deal a leg comes from.
    #[cfg_attr(
        not(test),
        expect(
            dead_code,
            reason = "the explorer's rings view (issue 13) lists an entity's rings first"
        )
    )]
    pub(crate) fn involves(&self, money: &MoneyGraph, e: EntityIx) -> bool {
        let party = money.party(e);
        self.parties.contains(&party)
            || self.legs.iter().any(|&p| {
                money
                    .pair(p)
                    .legs
                    .iter()
                    .any(|l| l.source() == LegSource::Deal(DealSource::Entity(e)))
            })
    }
}

/// The best rings of `money` for `query`, best first.
pub fn rings(money: &MoneyGraph, query: &RingQuery) -> Vec<Ring> {
    let max = query.max_parties.clamp(2, MAX_PARTIES);
    let parties = money.party_count();
    let chunks = (rayon::current_num_threads() * 8).min(parties.max(1));
    let found: Vec<Candidate> = (0..chunks)
        .into_par_iter()
        .map(|chunk| {
            let mut search = Search::new(money, query, max);
            for s in (chunk..parties).step_by(chunks) {
                search.walk_from(s as EntityIx);
            }
            search.kept.into_vec()
        })
        .reduce(Vec::new, |mut a, b| {
            a.extend(b);
            a
        });
    let mut found = found;
    found.sort_unstable();
    if query.limit > 0 {
        found.truncate(query.limit);
    }
    found.iter().map(|c| c.ring(money)).collect()
}

/// A ring found by the walk, in its canonical rotation (lowest party first).
#[derive(Clone, Debug)]
struct Candidate {
    undisclosed: u32,
    /// The smallest disclosed leg, 0 when none is disclosed.
    min_usd: f64,
    total_usd: f64,
    len: u8,
    parties: [EntityIx; MAX_PARTIES],
    legs: [PairIx; MAX_PARTIES],
}

impl Candidate {
    fn ring(&self, money: &MoneyGraph) -> Ring {
        let n = self.len as usize;
        let size = |i: usize| {
            let p = self.legs[i];
            (money.invests(p), money.disclosed_usd(p).unwrap_or(0.0))
        };
        let lead = (0..n).fold(0, |best, i| {
            let (a, b) = (size(i), size(best));
            if (a.0 && !b.0) || (a.0 == b.0 && a.1 > b.1) {
                i
            } else {
                best
            }
        });
        let mut parties = self.parties[..n].to_vec();
        let mut legs = self.legs[..n].to_vec();
        parties.rotate_left(lead);
        legs.rotate_left(lead);
        let disclosed = legs.iter().filter_map(|&p| money.disclosed_usd(p));
        Ring {
            parties,
            min_leg_usd: disclosed.clone().reduce(f64::min),
            total_usd: disclosed.sum(),
            undisclosed: self.undisclosed as usize,
            legs,
        }
    }

    fn parties(&self) -> &[EntityIx] {
        &self.parties[..self.len as usize]
    }
}

/// Better rings order first: fewer undisclosed legs, larger smallest leg, larger total, then
/// the parties (so equal scores list in a fixed order).
impl Ord for Candidate {
    fn cmp(&self, other: &Self) -> Ordering {
        self.undisclosed
            .cmp(&other.undisclosed)
            .then(other.min_usd.total_cmp(&self.min_usd))
            .then(other.total_usd.total_cmp(&self.total_usd))
            .then_with(|| self.parties().cmp(other.parties()))
    }
}

impl PartialOrd for Candidate {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl PartialEq for Candidate {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other).is_eq()
    }
}

impl Eq for Candidate {}

/// The walk in progress: the path from the start and its score so far.
#[derive(Clone, Copy)]
struct Path {
    len: usize,
    parties: [EntityIx; MAX_PARTIES],
    legs: [PairIx; MAX_PARTIES],
    undisclosed: u32,
    /// The smallest disclosed leg so far, infinite before the first.
    min_usd: f64,
    total_usd: f64,
}

/// One thread's search state: the marks of who pays the current start, and the best rings.
struct Search<'m> {
    money: &'m MoneyGraph,
    min_usd: f64,
    limit: usize,
    max: usize,
    /// `pays_start[x] == start + 1` when `x` pays the current start: no reset between starts.
    pays_start: Vec<u32>,
    /// A max-heap: the worst kept ring on top.
    kept: BinaryHeap<Candidate>,
}

impl<'m> Search<'m> {
    fn new(money: &'m MoneyGraph, query: &RingQuery, max: usize) -> Search<'m> {
        Search {
            money,
            min_usd: query.min_usd,
            limit: query.limit,
            max,
            pays_start: vec![0; money.party_count()],
            kept: BinaryHeap::new(),
        }
    }

    fn walk_from(&mut self, s: EntityIx) {
        if self.money.out_pairs(s).is_empty() {
            return;
        }
        let mut any = false;
        for &payer in self.money.payers_of(s) {
            if payer > s {
                self.pays_start[payer as usize] = s + 1;
                any = true;
            }
        }
        if !any {
            return;
        }
        let mut path = Path {
            len: 1,
            parties: [s; MAX_PARTIES],
            legs: [0; MAX_PARTIES],
            undisclosed: 0,
            min_usd: f64::INFINITY,
            total_usd: 0.0,
        };
        self.walk(&mut path);
    }

    fn walk(&mut self, path: &mut Path) {
        let s = path.parties[0];
        let x = path.parties[path.len - 1];
        if path.len >= 2 && self.pays_start[x as usize] == s + 1 {
            if let Some(close) = self.money.find_pair(x, s) {
                if let Some(closed) = self.extend(path, close, s) {
                    self.keep(&closed);
                }
            }
        }
        if path.len == self.max {
            return;
        }
        let row = self.money.out_pairs(x);
        let first = row.start + self.money.payees(row.clone()).partition_point(|&y| y <= s) as u32;
        for p in first..row.end {
            let y = self.money.payee_of(p);
            if path.parties[1..path.len].contains(&y)
                || (path.len + 1 == self.max && self.pays_start[y as usize] != s + 1)
            {
                continue;
            }
            if let Some(mut next) = self.extend(path, p, y) {
                self.walk(&mut next);
            }
        }
    }

    /// The path with one more leg, unless the leg is below `min_usd` or the path can no longer
    /// beat the worst kept ring.
    fn extend(&self, path: &Path, pair: PairIx, to: EntityIx) -> Option<Path> {
        let mut next = *path;
        match self.money.disclosed_usd(pair) {
            Some(usd) if usd < self.min_usd => return None,
            Some(usd) => {
                next.min_usd = next.min_usd.min(usd);
                next.total_usd += usd;
            }
            None => next.undisclosed += 1,
        }
        if self.limit > 0 && self.kept.len() >= self.limit {
            let worst = self.kept.peek().expect("the heap is full");
            if next.undisclosed > worst.undisclosed
                || (next.undisclosed == worst.undisclosed && next.min_usd < worst.min_usd)
            {
                return None;
            }
        }
        next.legs[path.len - 1] = pair;
        if to != path.parties[0] {
            next.parties[path.len] = to;
            next.len += 1;
        }
        Some(next)
    }

    fn keep(&mut self, closed: &Path) {
        let candidate = Candidate {
            undisclosed: closed.undisclosed,
            min_usd: if closed.min_usd.is_finite() {
                closed.min_usd
            } else {
                0.0
            },
            total_usd: closed.total_usd,
            len: closed.len as u8,
            parties: closed.parties,
            legs: closed.legs,
        };
        if self.limit == 0 || self.kept.len() < self.limit {
            self.kept.push(candidate);
        } else if self.kept.peek().is_some_and(|worst| candidate < *worst) {
            self.kept.pop();
            self.kept.push(candidate);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::money::Inference;
    use crate::analysis::money::tests::load;
    use crate::graph::Graph;

    /// A deal entity `id` where `payer` invests in (or buys from) `payee`.
    fn deal(
        id: &str,
        payer: &str,
        payee: &str,
        usd: Option<u64>,
        invest: bool,
    ) -> (String, String) {
        let attrs = usd.map_or(String::new(), |u| {
            format!(r#", "attrs": {{"amount_usd": {u}}}"#)
        });
        let (a, b) = if invest {
            ("investor", "investee")
        } else {
            ("customer", "provider")
        };
        (
            format!(r#"{{"id": "{id}", "kind": "deal", "name": "{id}"{attrs}}}"#),
            format!(
                r#"{{"from": "{payer}", "to": "{id}", "type": "{a}"}},
                   {{"from": "{payee}", "to": "{id}", "type": "{b}"}}"#
            ),
        )
    }

    /// Companies `names`, deals as (payer, payee, amount), and extra relations.
    fn graph(names: &[&str], deals: &[(&str, &str, Option<u64>)], extra: &[&str]) -> Graph {
        let mut entities: Vec<String> = names
            .iter()
            .map(|n| format!(r#"{{"id": "{n}", "kind": "company", "name": "{n}"}}"#))
            .collect();
        let mut relations: Vec<String> = extra.iter().map(|r| r.to_string()).collect();
        for (i, &(payer, payee, usd)) in deals.iter().enumerate() {
            let (e, r) = deal(&format!("d{i}"), payer, payee, usd, i == 0);
            entities.push(e);
            relations.push(r);
        }
        load(&format!(
            r#"{{"entities": [{}], "relations": [{}]}}"#,
            entities.join(","),
            relations.join(",")
        ))
    }

    fn named(g: &Graph, found: &[Ring]) -> Vec<Vec<String>> {
        found
            .iter()
            .map(|r| {
                r.parties
                    .iter()
                    .map(|&p| g.entity(p).id().to_string())
                    .collect()
            })
            .collect()
    }

    fn search(g: &Graph, query: &RingQuery) -> Vec<Ring> {
        rings(&MoneyGraph::new(g, Inference::Include), query)
    }

    #[test]
    fn finds_a_three_party_ring_once_starting_at_the_investor() {
        let g = graph(
            &["oracle", "nvidia", "openai"],
            &[
                ("nvidia", "openai", Some(30)),
                ("openai", "oracle", Some(300)),
                ("oracle", "nvidia", Some(40)),
            ],
            &[],
        );
        let found = search(&g, &RingQuery::default());
        assert_eq!(named(&g, &found), [["nvidia", "openai", "oracle"]]);
        let ring = &found[0];
        assert_eq!(ring.min_leg_usd, Some(30.0));
        assert_eq!(ring.total_usd, 370.0);
        assert_eq!(ring.undisclosed, 0);
    }

    #[test]
    fn a_four_party_ring_needs_max_parties_four() {
        let deals = [
            ("a", "b", Some(10)),
            ("b", "c", Some(20)),
            ("c", "d", Some(30)),
            ("d", "a", Some(40)),
        ];
        let g = graph(&["a", "b", "c", "d"], &deals, &[]);
        assert_eq!(
            named(&g, &search(&g, &RingQuery::default())),
            [["a", "b", "c", "d"]]
        );
        let three = RingQuery {
            max_parties: 3,
            ..RingQuery::default()
        };
        assert!(search(&g, &three).is_empty());
    }

    #[test]
    fn a_ring_goes_through_an_owner_and_its_unit() {
        let g = graph(
            &["amazon", "aws", "anthropic", "chipco"],
            &[
                ("amazon", "anthropic", Some(8)),
                ("anthropic", "aws", Some(5)),
                ("aws", "chipco", Some(2)),
                ("chipco", "amazon", Some(1)),
            ],
            &[r#"{"from": "amazon", "to": "aws", "type": "operates"}"#],
        );
        let found = search(&g, &RingQuery::default());
        let mut rings = named(&g, &found);
        rings.sort();
        assert_eq!(
            rings,
            [vec!["amazon", "anthropic"], vec!["amazon", "chipco"]],
            "AWS is Amazon: Anthropic → AWS closes the ring with Amazon → Anthropic"
        );
    }

    #[test]
    fn rotations_and_directions() {
        // a → b → c → a and the reverse a → c → b → a are two rings; each is listed once.
        let g = graph(
            &["a", "b", "c"],
            &[
                ("a", "b", Some(1)),
                ("b", "c", Some(1)),
                ("c", "a", Some(1)),
                ("a", "c", Some(2)),
                ("c", "b", Some(2)),
                ("b", "a", Some(2)),
            ],
            &[],
        );
        let found = search(&g, &RingQuery::default());
        let mut sets: Vec<Vec<String>> = named(&g, &found);
        assert_eq!(
            found.len(),
            5,
            "three two-party rings and two three-party: {sets:?}"
        );
        sets.iter_mut().for_each(|r| r.sort());
        sets.sort();
        sets.dedup();
        assert_eq!(
            sets.len(),
            4,
            "a-b, a-c, b-c, and the three together (both ways)"
        );
    }

    #[test]
    fn ranks_by_smallest_leg_then_total_undisclosed_last() {
        let g = graph(
            &["a", "b", "c", "d", "e", "f"],
            &[
                ("a", "b", Some(100)),
                ("b", "a", Some(5)),
                ("c", "d", Some(6)),
                ("d", "c", Some(6)),
                ("e", "f", Some(1000)),
                ("f", "e", None),
            ],
            &[],
        );
        let found = search(&g, &RingQuery::default());
        assert_eq!(named(&g, &found), [["c", "d"], ["a", "b"], ["e", "f"]]);
        assert_eq!(found[2].undisclosed, 1);
        assert_eq!(found[2].min_leg_usd, Some(1000.0));
    }

    #[test]
    fn min_usd_and_limit_prune() {
        let g = graph(
            &["a", "b", "c", "d", "e", "f"],
            &[
                ("a", "b", Some(100)),
                ("b", "a", Some(5)),
                ("c", "d", Some(6)),
                ("d", "c", Some(6)),
                ("e", "f", Some(1000)),
                ("f", "e", None),
            ],
            &[],
        );
        let q = RingQuery {
            min_usd: 6.0,
            ..RingQuery::default()
        };
        assert_eq!(named(&g, &search(&g, &q)), [["c", "d"], ["e", "f"]]);
        let q = RingQuery {
            limit: 1,
            ..RingQuery::default()
        };
        assert_eq!(named(&g, &search(&g, &q)), [["c", "d"]]);
        let q = RingQuery {
            limit: 0,
            ..RingQuery::default()
        };
        assert_eq!(search(&g, &q).len(), 3);
    }

    #[test]
    fn the_top_k_is_the_same_as_the_best_of_all() {
        // Five parties paying each other both ways, some legs undisclosed: dozens of rings of
        // two to four parties with distinct scores, so pruning by the K-th best shows.
        let names = ["a", "b", "c", "d", "e"];
        let mut deals = Vec::new();
        for (i, x) in names.iter().enumerate() {
            for (j, y) in names.iter().enumerate() {
                if i != j {
                    let usd = ((i * 7 + j * 3) % 5 != 0).then_some((i * 5 + j) as u64 * 11 % 23);
                    deals.push((*x, *y, usd));
                }
            }
        }
        let g = graph(&names, &deals, &[]);
        let everything = RingQuery {
            limit: 0,
            ..RingQuery::default()
        };
        let all = search(&g, &everything);
        assert!(all.len() > 40, "{}", all.len());
        for k in [1, 5, 17, 40] {
            let top = search(
                &g,
                &RingQuery {
                    limit: k,
                    ..RingQuery::default()
                },
            );
            assert_eq!(top, all[..k], "k = {k}");
        }
    }

    #[test]
    fn involves_parties_units_and_deals() {
        let g = graph(
            &["amazon", "aws", "anthropic", "other"],
            &[
                ("amazon", "anthropic", Some(8)),
                ("anthropic", "aws", Some(5)),
            ],
            &[r#"{"from": "amazon", "to": "aws", "type": "operates"}"#],
        );
        let money = MoneyGraph::new(&g, Inference::Include);
        let ring = &rings(&money, &RingQuery::default())[0];
        for id in ["amazon", "aws", "anthropic", "d0", "d1"] {
            assert!(ring.involves(&money, g.find(id).unwrap()), "{id}");
        }
        assert!(!ring.involves(&money, g.find("other").unwrap()));
    }
}
