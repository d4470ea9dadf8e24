//! Two entities side by side (`kgx compare microsoft amazon`): their attributes by key, the
//! partners they share (with each one's deals), the deals between them, the shortest paths, and
//! the money rings both take part in.
//!
//! Everything here is assembled from [`super::partners`], [`super::path`] and [`super::rings`];
//! this module only intersects and orders. It does not format.

use super::money::MoneyGraph;
use super::partners::{Partner, partners_with};
use super::path::{Path, PathQuery, paths};
use super::rings::{Ring, RingQuery, rings};
use crate::graph::{AttrValue, EntityIx, Graph};

/// How many shortest paths a comparison lists.
pub(crate) const COMPARE_PATHS: usize = 3;
/// How many rings the search behind a comparison keeps before keeping those with both.
const RING_POOL: usize = 10_000;

/// One partner both entities have, as each sees it.
#[derive(Clone, Debug, PartialEq)]
pub struct SharedPartner<'g> {
    /// The partner as the first entity sees it (its deals with the first).
    pub of_a: Partner<'g>,
    /// The same partner as the second entity sees it.
    pub of_b: Partner<'g>,
}

/// Two entities compared.
#[derive(Clone, Debug, PartialEq)]
pub struct Comparison<'g> {
    /// The first entity.
    pub a: EntityIx,
    /// The second entity.
    pub b: EntityIx,
    /// Every attribute key of either, the first's keys first, with each one's value.
    pub attributes: Vec<(&'g str, Option<AttrValue<'g>>, Option<AttrValue<'g>>)>,
    /// Partners of both, most money (both sides together) first.
    pub shared: Vec<SharedPartner<'g>>,
    /// The second as a partner of the first: the deals and relations between them.
    pub between: Option<Partner<'g>>,
    /// The shortest paths between them, either direction, shortest first.
    pub paths: Vec<Path>,
    /// Money rings (up to four parties, inferred legs included) both take part in, best first.
    pub rings: Vec<Ring>,
}

/// Compares `a` with `b`. `money` must be built over `graph` with inferred legs included;
/// parties are merged as `money` merges them.
pub fn compare<'g>(
    graph: &'g Graph,
    money: &MoneyGraph,
    a: EntityIx,
    b: EntityIx,
) -> Comparison<'g> {
    let units = money.units();
    let of_a = partners_with(graph, units, money, a);
    let of_b = partners_with(graph, units, money, b);
    let (pa, pb) = (units.party(a), units.party(b));
    let between = of_a.iter().find(|p| p.party == pb).cloned();
    // By party: two hubs have tens of thousands of partners each, and a scan of one list per
    // partner of the other took seconds at a million entities.
    let of_b_by_party: std::collections::HashMap<EntityIx, &Partner<'g>> =
        of_b.iter().map(|q| (q.party, q)).collect();
    let mut shared: Vec<SharedPartner<'g>> = of_a
        .iter()
        .filter(|p| p.party != pa && p.party != pb)
        .filter_map(|p| {
            let q = *of_b_by_party.get(&p.party)?;
            Some(SharedPartner {
                of_a: p.clone(),
                of_b: q.clone(),
            })
        })
        .collect();
    shared.sort_by(|x, y| {
        let total = |s: &SharedPartner<'_>| s.of_a.total_usd() + s.of_b.total_usd();
        total(y)
            .total_cmp(&total(x))
            .then(
                (y.of_a.deals.len() + y.of_b.deals.len())
                    .cmp(&(x.of_a.deals.len() + x.of_b.deals.len())),
            )
            .then(x.of_a.party.cmp(&y.of_a.party))
    });
    let query = PathQuery {
        from: a,
        to: b,
        directed: false,
        max: COMPARE_PATHS,
        via_kind: None,
        avoid: Vec::new(),
    };
    let found_paths = if a == b {
        Vec::new()
    } else {
        paths(graph, &query).unwrap_or_default()
    };
    let pool = RingQuery {
        limit: RING_POOL,
        ..RingQuery::default()
    };
    let both: Vec<Ring> = rings(money, &pool)
        .into_iter()
        .filter(|r| r.parties.contains(&pa) && r.parties.contains(&pb))
        .collect();
    Comparison {
        a,
        b,
        attributes: attributes(graph, a, b),
        shared,
        between,
        paths: found_paths,
        rings: both,
    }
}

fn attributes<'g>(
    graph: &'g Graph,
    a: EntityIx,
    b: EntityIx,
) -> Vec<(&'g str, Option<AttrValue<'g>>, Option<AttrValue<'g>>)> {
    let (ea, eb) = (graph.entity(a), graph.entity(b));
    let mut keys: Vec<&'g str> = ea.attrs().map(|(k, _)| k).collect();
    for (k, _) in eb.attrs() {
        if !keys.contains(&k) {
            keys.push(k);
        }
    }
    keys.into_iter()
        .map(|k| (k, ea.attr(k), eb.attr(k)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::money::Inference;
    use crate::analysis::money::tests::load;

    #[test]
    fn shared_partners_deals_between_paths_and_rings() {
        let g = load(
            r#"{"entities": [
            {"id": "msft", "kind": "company", "name": "Microsoft", "attrs": {"hq": "Redmond", "founded": 1975}},
            {"id": "amazon", "kind": "company", "name": "Amazon", "attrs": {"hq": "Seattle", "ceo": "Jassy"}},
            {"id": "aws", "kind": "cloud", "name": "AWS"},
            {"id": "openai", "kind": "company", "name": "OpenAI"},
            {"id": "anthropic", "kind": "company", "name": "Anthropic"},
            {"id": "loner", "kind": "company", "name": "Loner"},
            {"id": "d1", "kind": "deal", "name": "MS in OpenAI", "attrs": {"amount_usd": 13}},
            {"id": "d2", "kind": "deal", "name": "OpenAI on Azure", "attrs": {"amount_usd": 250}},
            {"id": "d3", "kind": "deal", "name": "Amazon in OpenAI", "attrs": {"amount_usd": 50}},
            {"id": "d4", "kind": "deal", "name": "Amazon in Anthropic", "attrs": {"amount_usd": 8}},
            {"id": "d5", "kind": "deal", "name": "MS in Anthropic", "attrs": {"amount_usd": 5}},
            {"id": "d6", "kind": "deal", "name": "Loner and MS", "attrs": {"amount_usd": 1}},
            {"id": "d7", "kind": "deal", "name": "AWS for MS", "attrs": {"amount_usd": 2}}
        ], "relations": [
            {"from": "amazon", "to": "aws", "type": "operates"},
            {"from": "msft", "to": "d1", "type": "investor"}, {"from": "openai", "to": "d1", "type": "investee"},
            {"from": "openai", "to": "d2", "type": "customer"}, {"from": "msft", "to": "d2", "type": "provider"},
            {"from": "amazon", "to": "d3", "type": "investor"}, {"from": "openai", "to": "d3", "type": "investee"},
            {"from": "amazon", "to": "d4", "type": "investor"}, {"from": "anthropic", "to": "d4", "type": "investee"},
            {"from": "msft", "to": "d5", "type": "investor"}, {"from": "anthropic", "to": "d5", "type": "investee"},
            {"from": "loner", "to": "d6", "type": "partner"}, {"from": "msft", "to": "d6", "type": "partner"},
            {"from": "msft", "to": "d7", "type": "customer"}, {"from": "aws", "to": "d7", "type": "provider"}
        ]}"#,
        );
        let (a, b) = (g.find("msft").unwrap(), g.find("amazon").unwrap());
        let money = MoneyGraph::new(&g, Inference::Include);
        let c = compare(&g, &money, a, b);
        let shared: Vec<_> = c
            .shared
            .iter()
            .map(|s| g.entity(s.of_a.party).id())
            .collect();
        assert_eq!(
            shared,
            ["openai", "anthropic"],
            "not Loner: only Microsoft deals with it"
        );
        assert_eq!(
            c.shared[0].of_a.deals,
            [g.find("d1").unwrap(), g.find("d2").unwrap()]
        );
        assert_eq!(c.shared[0].of_b.deals, [g.find("d3").unwrap()]);
        let between = c.between.expect("the AWS deal");
        assert_eq!(between.deals, [g.find("d7").unwrap()]);
        assert_eq!(between.out_usd, 2.0);
        let keys: Vec<_> = c.attributes.iter().map(|(k, _, _)| *k).collect();
        assert_eq!(keys, ["hq", "founded", "ceo"]);
        assert_eq!(c.attributes[2].1, None);
        assert_eq!(c.paths.len(), COMPARE_PATHS);
        assert_eq!(
            c.paths[0].len(),
            3,
            "Microsoft -customer-> d7 <-provider- AWS <-operates- Amazon"
        );
        let rings: Vec<Vec<_>> = c
            .rings
            .iter()
            .map(|r| r.parties.iter().map(|&p| g.entity(p).id()).collect())
            .collect();
        assert_eq!(
            rings,
            [["amazon", "openai", "msft"]],
            "Amazon → OpenAI → Azure → AWS"
        );
    }
}
