//! Partners: everyone an entity deals with, directly (a relation) or through a deal (both are
//! parties of it), grouped by counterparty with owners and their units merged ("Amazon / Amazon
//! Web Services"), with the roles on both sides, the deals, the dates, and the disclosed money
//! each way (from [`super::money`], so ended and superseded deals are not in the totals).
//!
//! This module groups and sums; it does not format, and it does not search paths or rings.

use std::collections::HashMap;

use super::deals::date_cmp;
use super::money::{Inference, MoneyGraph};
use super::parties::Units;
use crate::conventions::{ATTR_DATE, KIND_DEAL, PARTY_ROLES};
use crate::graph::{AttrValue, EntityIx, Graph, RelationIx};

/// One counterparty of an entity.
#[derive(Clone, Debug, PartialEq)]
pub struct Partner<'g> {
    /// The counterparty's party (the owner when a unit of it took part).
    pub party: EntityIx,
    /// The party and its units that took part, the party first.
    pub entities: Vec<EntityIx>,
    /// The entity's own roles in the shared deals (`customer`, `investee`), in role order.
    pub own_roles: Vec<&'g str>,
    /// The counterparty's roles in the shared deals (`provider`, `investor`), in role order.
    pub partner_roles: Vec<&'g str>,
    /// The deals both take part in, by date (undated last).
    pub deals: Vec<EntityIx>,
    /// Relations between the two that are not deal roles (`partner`, `owns_stake`, ...).
    pub relations: Vec<RelationIx>,
    /// Disclosed money from the entity to the counterparty.
    pub out_usd: f64,
    /// Disclosed money from the counterparty to the entity.
    pub in_usd: f64,
    /// The earliest date of a shared deal or relation.
    pub first_date: Option<&'g str>,
    /// The latest date of a shared deal or relation.
    pub latest_date: Option<&'g str>,
}

impl Partner<'_> {
    /// The money both ways: the sort key.
    pub fn total_usd(&self) -> f64 {
        self.out_usd + self.in_usd
    }
}

/// The partners of `e` (owner and units merged on both sides), most money first, then most
/// deals, then by name.
pub fn partners(graph: &Graph, e: EntityIx) -> Vec<Partner<'_>> {
    let units = Units::new(graph);
    let money = MoneyGraph::with_units(graph, units.clone(), Inference::Exclude);
    partners_with(graph, &units, &money, e)
}

/// [`partners`] over a money graph already built (compare asks for two entities; the explorer
/// keeps one). The totals count stated legs only, so a graph built with inferred legs gives the
/// same partners as one built without.
pub(crate) fn partners_with<'g>(
    graph: &'g Graph,
    units: &Units,
    money: &MoneyGraph,
    e: EntityIx,
) -> Vec<Partner<'g>> {
    let own = units.party(e);
    let members: Vec<EntityIx> = (0..graph.entity_count() as EntityIx)
        .filter(|&m| m == own || units.party(m) == own)
        .collect();
    let mut found = Collector {
        graph,
        units,
        own,
        partners: Vec::new(),
        by_party: HashMap::new(),
    };
    for &m in &members {
        for r in graph.outgoing(m).chain(graph.incoming(m)) {
            let other = if r.source_ix() == m {
                r.target_ix()
            } else {
                r.source_ix()
            };
            if units.party(other) == own {
                continue;
            }
            if r.target_ix() == other
                && r.to().kind() == KIND_DEAL
                && PARTY_ROLES.contains(&r.rtype())
            {
                found.through_deal(other, r.rtype());
            } else if graph.entity(other).kind() != KIND_DEAL {
                let p = found.partner(other);
                if !p.relations.contains(&r.ix()) {
                    p.relations.push(r.ix());
                }
                let date = r.attr(ATTR_DATE).and_then(text);
                widen(p, date);
            }
        }
    }
    let mut partners = found.partners;
    for p in &mut partners {
        p.out_usd = total(money, own, p.party);
        p.in_usd = total(money, p.party, own);
        p.deals.sort_by(|&a, &b| {
            let date = |d| graph.entity(d).attr(ATTR_DATE).and_then(text);
            match (date(a), date(b)) {
                (Some(x), Some(y)) => date_cmp(x, y).then(x.cmp(y)),
                (Some(_), None) => std::cmp::Ordering::Less,
                (None, Some(_)) => std::cmp::Ordering::Greater,
                (None, None) => a.cmp(&b),
            }
        });
        let by_role = |r: &&str| PARTY_ROLES.iter().position(|x| x == r);
        p.own_roles.sort_by_key(by_role);
        p.partner_roles.sort_by_key(by_role);
    }
    partners.sort_by(|a, b| {
        b.total_usd()
            .total_cmp(&a.total_usd())
            .then(b.deals.len().cmp(&a.deals.len()))
            .then_with(|| {
                graph
                    .entity(a.party)
                    .name()
                    .cmp(graph.entity(b.party).name())
            })
    });
    partners
}

/// The disclosed money from `payer` to `payee` that a deal or a relation states (inferred legs
/// left out, whether or not `money` carries them).
fn total(money: &MoneyGraph, payer: EntityIx, payee: EntityIx) -> f64 {
    let Some(pair) = money.find_pair(payer, payee) else {
        return 0.0;
    };
    money
        .pair(pair)
        .legs
        .iter()
        .filter(|l| l.counted() && l.inferred_from().is_none())
        .filter_map(|l| l.amount_usd())
        .sum()
}

struct Collector<'g, 'u> {
    graph: &'g Graph,
    units: &'u Units,
    own: EntityIx,
    partners: Vec<Partner<'g>>,
    by_party: HashMap<EntityIx, usize>,
}

impl<'g> Collector<'g, '_> {
    /// The partner record of `e`'s party, with `e` among its entities.
    fn partner(&mut self, e: EntityIx) -> &mut Partner<'g> {
        let party = self.units.party(e);
        let at = *self.by_party.entry(party).or_insert_with(|| {
            self.partners.push(Partner {
                party,
                entities: vec![party],
                own_roles: Vec::new(),
                partner_roles: Vec::new(),
                deals: Vec::new(),
                relations: Vec::new(),
                out_usd: 0.0,
                in_usd: 0.0,
                first_date: None,
                latest_date: None,
            });
            self.partners.len() - 1
        });
        let p = &mut self.partners[at];
        if !p.entities.contains(&e) {
            p.entities.push(e);
        }
        p
    }

    /// The other parties of `deal`, in which the entity takes part as `role`.
    fn through_deal(&mut self, deal: EntityIx, role: &'g str) {
        let graph = self.graph;
        let date = graph.entity(deal).attr(ATTR_DATE).and_then(text);
        for r in graph.incoming(deal) {
            let their = r.rtype();
            if !PARTY_ROLES.contains(&their) || self.units.party(r.source_ix()) == self.own {
                continue;
            }
            let p = self.partner(r.source_ix());
            if !p.deals.contains(&deal) {
                p.deals.push(deal);
            }
            if !p.own_roles.contains(&role) {
                p.own_roles.push(role);
            }
            if !p.partner_roles.contains(&their) {
                p.partner_roles.push(their);
            }
            widen(p, date);
        }
    }
}

fn widen<'g>(p: &mut Partner<'g>, date: Option<&'g str>) {
    let Some(d) = date else { return };
    if p.first_date
        .is_none_or(|f| date_cmp(d, f).then(d.len().cmp(&f.len())).is_lt())
    {
        p.first_date = Some(d);
    }
    if p.latest_date
        .is_none_or(|l| date_cmp(d, l).then(d.len().cmp(&l.len())).is_gt())
    {
        p.latest_date = Some(d);
    }
}

/// A string attribute with the graph's lifetime.
fn text(v: AttrValue<'_>) -> Option<&str> {
    match v {
        AttrValue::Str(s) => Some(s),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::money::tests::load;

    const GRAPH: &str = r#"{"entities": [
        {"id": "openai", "kind": "company", "name": "OpenAI"},
        {"id": "amazon", "kind": "company", "name": "Amazon"},
        {"id": "aws", "kind": "cloud", "name": "AWS"},
        {"id": "msft", "kind": "company", "name": "Microsoft"},
        {"id": "mgx", "kind": "company", "name": "MGX"},
        {"id": "invest", "kind": "deal", "name": "Invest",
         "attrs": {"amount_usd": 50, "date": "2026-02-27"}},
        {"id": "compute", "kind": "deal", "name": "Compute",
         "attrs": {"amount_usd": 38, "date": "2025-11-03"}},
        {"id": "more", "kind": "deal", "name": "More", "attrs": {"amount_usd": 100, "date": "2026-02"}},
        {"id": "round", "kind": "deal", "name": "Round", "attrs": {"date": "2024-10"}}
    ], "relations": [
        {"from": "amazon", "to": "aws", "type": "operates"},
        {"from": "amazon", "to": "invest", "type": "investor"},
        {"from": "openai", "to": "invest", "type": "investee"},
        {"from": "openai", "to": "compute", "type": "customer"},
        {"from": "aws", "to": "compute", "type": "provider"},
        {"from": "openai", "to": "more", "type": "customer"},
        {"from": "aws", "to": "more", "type": "provider"},
        {"from": "openai", "to": "round", "type": "investee"},
        {"from": "msft", "to": "round", "type": "investor"},
        {"from": "mgx", "to": "round", "type": "investor"},
        {"from": "msft", "to": "openai", "type": "partner", "attrs": {"date": "2019"}}
    ]}"#;

    #[test]
    fn groups_a_unit_with_its_owner_with_roles_money_and_dates() {
        let g = load(GRAPH);
        let found = partners(&g, g.find("openai").unwrap());
        let names: Vec<_> = found.iter().map(|p| g.entity(p.party).id()).collect();
        assert_eq!(
            names,
            ["amazon", "mgx", "msft"],
            "most money, then most deals, then name"
        );
        let amazon = &found[0];
        let ids = |es: &[EntityIx]| es.iter().map(|&e| g.entity(e).id()).collect::<Vec<_>>();
        assert_eq!(ids(&amazon.entities), ["amazon", "aws"]);
        assert_eq!(amazon.own_roles, ["investee", "customer"]);
        assert_eq!(amazon.partner_roles, ["investor", "provider"]);
        assert_eq!(ids(&amazon.deals), ["compute", "more", "invest"]);
        assert_eq!((amazon.out_usd, amazon.in_usd), (138.0, 50.0));
        assert_eq!(
            (amazon.first_date, amazon.latest_date),
            (Some("2025-11-03"), Some("2026-02-27"))
        );
        let msft = &found[2];
        assert_eq!(msft.relations.len(), 1, "the direct partner relation");
        assert_eq!(msft.first_date, Some("2019"));
        assert_eq!(ids(&msft.deals), ["round"]);
    }

    #[test]
    fn a_unit_asks_for_its_owner_and_the_owner_does_not_partner_itself() {
        let g = load(GRAPH);
        let from_aws = partners(&g, g.find("aws").unwrap());
        let from_amazon = partners(&g, g.find("amazon").unwrap());
        assert_eq!(from_aws, from_amazon);
        let names: Vec<_> = from_amazon.iter().map(|p| g.entity(p.party).id()).collect();
        assert_eq!(names, ["openai"]);
        assert_eq!(
            (from_amazon[0].out_usd, from_amazon[0].in_usd),
            (50.0, 138.0)
        );
    }
}
