//! Money flows: who pays whom, derived from deal roles (investor → investee, customer →
//! provider, buyer → supplier) and from relations carrying `amount_usd`, aggregated per pair of
//! parties.
//!
//! An owner and the unit it `operates` (Amazon and AWS, Microsoft and Azure), or the chip it
//! designs when nobody operates that chip (Nvidia and its GB200), count as one party
//! unless the caller keeps them apart, because the question people ask is "does the money come
//! back to the same company". Amounts are never invented: when a deal has several payers or
//! payees and the graph does not say who paid what, the leg is listed with no amount.

use std::collections::HashMap;

use super::deals::{Deal, DealSource, Ending, all_deals, by_date};
use super::parties::Units;
use crate::conventions::{LABEL_PURCHASE, MONEY_ROLES, PAYEE_FIRST_TYPES, REL_COVERS};
use crate::graph::{EntityIx, Graph, RelationIx};

/// One payment derived from one deal or relation, between the entities as written.
#[derive(Clone, Debug, PartialEq)]
pub struct Leg<'g> {
    /// The party the money leaves.
    pub payer: EntityIx,
    /// The party the money reaches.
    pub payee: EntityIx,
    /// `None` when the graph does not say how much of the deal this payer paid.
    pub amount_usd: Option<f64>,
    /// `investment`, `purchase`, or the relation type for a relation carrying an amount.
    pub label: &'g str,
    /// The deal the leg comes from.
    pub source: DealSource,
    /// The deal's name.
    pub name: &'g str,
    /// The deal's date as written.
    pub date: Option<&'g str>,
    /// The deal's status.
    pub status: Option<&'g str>,
    /// False when the amount does not count toward totals: the deal ended, or a newer deal
    /// supersedes it.
    pub counted: bool,
    /// The `covers` relation the payee was inferred from, when the deal names a payer but no
    /// payee (`openai -buyer-> deal -covers-> nvidia-gb200` pays the chip, that is its designer).
    pub covers: Option<RelationIx>,
    /// How and when the deal ended, if it did.
    pub ending: Option<Ending<'g>>,
}

/// All money from one party to another.
#[derive(Clone, Debug, PartialEq)]
pub struct PairFlow {
    /// The party paying.
    pub payer: EntityIx,
    /// The party paid.
    pub payee: EntityIx,
    /// Sum of the counted legs with an amount.
    pub total_usd: f64,
    /// Indexes into [`Flows::legs`], by date.
    pub legs: Vec<usize>,
}

/// The money picture of a graph.
#[derive(Clone, Debug)]
pub struct Flows<'g> {
    /// Every leg, one per deal and payer → payee pair.
    pub legs: Vec<Leg<'g>>,
    /// Pairs of parties, largest total first.
    pub pairs: Vec<PairFlow>,
    /// Owners and the units they operate, merged into one party.
    pub units: Units,
    by_pair: HashMap<(EntityIx, EntityIx), usize>,
}

/// Money in and out of one party.
#[derive(Clone, Debug, PartialEq)]
pub struct PartyFlows<'f> {
    /// The party the flows are of.
    pub party: EntityIx,
    /// Money reaching the party, one entry per payer.
    pub incoming: Vec<&'f PairFlow>,
    /// Money leaving the party, one entry per payee.
    pub outgoing: Vec<&'f PairFlow>,
    /// Disclosed money in, US dollars (counted deals only).
    pub in_usd: f64,
    /// Disclosed money out, US dollars (counted deals only).
    pub out_usd: f64,
}

impl<'g> Flows<'g> {
    /// The flow from one party to another, if any (arguments are parties, see [`Units::party`]).
    pub fn pair(&self, payer: EntityIx, payee: EntityIx) -> Option<&PairFlow> {
        self.by_pair.get(&(payer, payee)).map(|&i| &self.pairs[i])
    }

    /// Money in and out of the party `e` counts as, largest first.
    pub fn of_party(&self, e: EntityIx) -> PartyFlows<'_> {
        let party = self.units.party(e);
        let incoming: Vec<_> = self.pairs.iter().filter(|p| p.payee == party).collect();
        let outgoing: Vec<_> = self.pairs.iter().filter(|p| p.payer == party).collect();
        PartyFlows {
            party,
            in_usd: incoming.iter().map(|p| p.total_usd).sum(),
            out_usd: outgoing.iter().map(|p| p.total_usd).sum(),
            incoming,
            outgoing,
        }
    }
}

/// Derives every leg and aggregates them per pair of parties.
pub fn flows(graph: &Graph, separate_units: bool) -> Flows<'_> {
    let units = if separate_units {
        Units::separate(graph)
    } else {
        Units::new(graph)
    };
    let mut legs = Vec::new();
    for deal in all_deals(graph) {
        deal_legs(graph, &deal, &mut legs);
    }
    legs.sort_by(|a, b| by_date(a.date, b.date));
    let mut pairs: Vec<PairFlow> = Vec::new();
    let mut by_pair = HashMap::new();
    for (i, leg) in legs.iter().enumerate() {
        let key = (units.party(leg.payer), units.party(leg.payee));
        if key.0 == key.1 {
            continue;
        }
        let at = *by_pair.entry(key).or_insert_with(|| {
            pairs.push(PairFlow {
                payer: key.0,
                payee: key.1,
                total_usd: 0.0,
                legs: Vec::new(),
            });
            pairs.len() - 1
        });
        let pair = &mut pairs[at];
        pair.legs.push(i);
        if leg.counted {
            pair.total_usd += leg.amount_usd.unwrap_or(0.0);
        }
    }
    pairs.sort_by(|a, b| {
        b.total_usd
            .total_cmp(&a.total_usd)
            .then((a.payer, a.payee).cmp(&(b.payer, b.payee)))
    });
    // Refilled in place: at a million entities there are millions of pairs, and a second map
    // beside the first would double its memory.
    by_pair.clear();
    by_pair.extend(
        pairs
            .iter()
            .enumerate()
            .map(|(i, p)| ((p.payer, p.payee), i)),
    );
    Flows {
        legs,
        pairs,
        units,
        by_pair,
    }
}

/// Appends the legs of one deal to `legs` (shared with the compact money graph of
/// [`super::money`], so both read deal roles the same way).
pub(crate) fn deal_legs<'g>(graph: &'g Graph, deal: &Deal<'g>, legs: &mut Vec<Leg<'g>>) {
    // Unlike the year totals, a part of a larger deal counts here: it names its payer, while
    // the larger deal only carries per-payer amounts when it has one payer.
    let counted = deal.superseded_by.is_none() && deal.ending.is_none();
    match deal.source {
        DealSource::Entity(_) => legs_of_deal(graph, deal, counted, legs),
        DealSource::Relation(r) => legs.push(leg_of_relation(graph, r, deal, counted)),
    }
}

fn legs_of_deal<'g>(graph: &'g Graph, deal: &Deal<'g>, counted: bool, legs: &mut Vec<Leg<'g>>) {
    for &(payer_role, payee_role, label) in MONEY_ROLES {
        let payers: Vec<_> = deal.with_role(payer_role).collect();
        let mut payees: Vec<(EntityIx, Option<f64>, Option<RelationIx>)> = deal
            .with_role(payee_role)
            .map(|p| (p.entity, p.amount_usd, None))
            .collect();
        if payees.is_empty() && !payers.is_empty() && label == LABEL_PURCHASE {
            payees = covered(graph, deal)
                .map(|(r, e)| (e, None, Some(r)))
                .collect();
        }
        for payer in &payers {
            for &(payee, payee_amount, covers) in &payees {
                let amount = match (payer.amount_usd, payers.len(), payees.len()) {
                    (Some(own), _, 1) => Some(own),
                    (None, 1, 1) => payee_amount.or(deal.amount_usd),
                    _ => None,
                };
                legs.push(Leg {
                    payer: payer.entity,
                    payee,
                    amount_usd: amount,
                    label,
                    source: deal.source,
                    name: deal.name,
                    date: deal.date,
                    status: deal.status,
                    counted,
                    covers,
                    ending: deal.ending,
                });
            }
        }
    }
}

/// What a purchase deal without a seller role `covers` (`openai -buyer-> deal -covers->
/// nvidia-gb200`): the seller is then the covered cloud or chip, which [`Units`] merges into its
/// operator or designer.
fn covered<'g>(
    graph: &'g Graph,
    deal: &Deal<'g>,
) -> impl Iterator<Item = (RelationIx, EntityIx)> + 'g {
    let DealSource::Entity(ix) = deal.source else {
        unreachable!("only deal entities have roles")
    };
    graph
        .outgoing(ix)
        .filter(|r| r.rtype() == REL_COVERS)
        .map(|r| (r.ix(), r.target_ix()))
}

fn leg_of_relation<'g>(graph: &'g Graph, r: RelationIx, deal: &Deal<'g>, counted: bool) -> Leg<'g> {
    let rel = graph.relation(r);
    let (payer, payee) = if PAYEE_FIRST_TYPES.contains(&rel.rtype()) {
        (rel.target_ix(), rel.source_ix())
    } else {
        (rel.source_ix(), rel.target_ix())
    };
    Leg {
        payer,
        payee,
        amount_usd: deal.amount_usd,
        label: rel.rtype(),
        source: deal.source,
        name: deal.name,
        date: deal.date,
        status: deal.status,
        counted,
        covers: None,
        ending: deal.ending,
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::graph::{LoadOptions, load_bytes};

    pub(crate) fn graph() -> Graph {
        let json = r#"{"entities": [
            {"id": "amazon", "kind": "company", "name": "Amazon"},
            {"id": "aws", "kind": "cloud", "name": "AWS"},
            {"id": "openai", "kind": "company", "name": "OpenAI"},
            {"id": "mgx", "kind": "company", "name": "MGX"},
            {"id": "msft", "kind": "company", "name": "Microsoft"},
            {"id": "talks", "kind": "deal", "name": "Talks",
             "attrs": {"amount_usd": 10000000000, "date": "2025-12", "status": "talks"}},
            {"id": "invest", "kind": "deal", "name": "Invest",
             "attrs": {"amount_usd": 50000000000, "date": "2026-02-27", "status": "signed"}},
            {"id": "compute", "kind": "deal", "name": "Compute",
             "attrs": {"amount_usd": 38000000000, "date": "2025-11-03", "status": "signed"}},
            {"id": "more", "kind": "deal", "name": "More compute",
             "attrs": {"amount_usd": 100000000000, "date": "2026-02-27", "status": "signed"}},
            {"id": "round", "kind": "deal", "name": "Round",
             "attrs": {"amount_usd": 120000000000, "date": "2026-02-27", "status": "completed"}}
        ], "relations": [
            {"from": "amazon", "to": "aws", "type": "operates"},
            {"from": "amazon", "to": "talks", "type": "investor"},
            {"from": "openai", "to": "talks", "type": "investee"},
            {"from": "openai", "to": "invest", "type": "investee"},
            {"from": "amazon", "to": "invest", "type": "investor"},
            {"from": "invest", "to": "talks", "type": "supersedes"},
            {"from": "openai", "to": "compute", "type": "customer"},
            {"from": "aws", "to": "compute", "type": "provider"},
            {"from": "openai", "to": "more", "type": "customer"},
            {"from": "aws", "to": "more", "type": "provider"},
            {"from": "openai", "to": "round", "type": "investee"},
            {"from": "mgx", "to": "round", "type": "investor"},
            {"from": "msft", "to": "round", "type": "investor",
             "attrs": {"amount_usd": 1000000000}},
            {"from": "aws", "to": "msft", "type": "provider",
             "attrs": {"amount_usd": 7000000, "date": "2024"}}
        ]}"#;
        load_bytes(json.as_bytes(), "t", LoadOptions::default())
            .unwrap()
            .graph
    }

    fn total(g: &Graph, f: &Flows<'_>, payer: &str, payee: &str) -> Option<f64> {
        let (a, b) = (g.find(payer).unwrap(), g.find(payee).unwrap());
        f.pair(a, b).map(|p| p.total_usd / 1e9)
    }

    #[test]
    fn units_merge_into_their_owner_unless_kept_apart() {
        let g = graph();
        let merged = flows(&g, false);
        assert_eq!(total(&g, &merged, "openai", "amazon"), Some(138.0));
        assert_eq!(total(&g, &merged, "openai", "aws"), None);
        let apart = flows(&g, true);
        assert_eq!(total(&g, &apart, "openai", "aws"), Some(138.0));
        assert_eq!(total(&g, &apart, "openai", "amazon"), None);
    }

    #[test]
    fn superseded_deals_are_listed_but_not_counted() {
        let g = graph();
        let f = flows(&g, false);
        assert_eq!(total(&g, &f, "amazon", "openai"), Some(50.0));
        let pair = f
            .pair(g.find("amazon").unwrap(), g.find("openai").unwrap())
            .unwrap();
        assert_eq!(pair.legs.len(), 2);
        assert!(!f.legs[pair.legs[0]].counted, "the talks were superseded");
    }

    #[test]
    fn ended_deals_are_listed_but_not_counted() {
        let json = r#"{"entities": [
            {"id": "a", "kind": "company", "name": "A"},
            {"id": "b", "kind": "company", "name": "B"},
            {"id": "live", "kind": "deal", "name": "Live", "attrs": {"amount_usd": 5}},
            {"id": "over", "kind": "deal", "name": "Over", "attrs": {"amount_usd": 7,
             "ended": "2025-10-30", "ended_how": "terminated"}}
        ], "relations": [
            {"from": "a", "to": "live", "type": "investor"},
            {"from": "b", "to": "live", "type": "investee"},
            {"from": "a", "to": "over", "type": "investor"},
            {"from": "b", "to": "over", "type": "investee"}
        ]}"#;
        let g = load_bytes(json.as_bytes(), "t", LoadOptions::default())
            .unwrap()
            .graph;
        let f = flows(&g, false);
        let pair = f.pair(g.find("a").unwrap(), g.find("b").unwrap()).unwrap();
        assert_eq!(pair.legs.len(), 2);
        assert_eq!(pair.total_usd, 5.0);
        let over = pair
            .legs
            .iter()
            .map(|&l| &f.legs[l])
            .find(|l| l.name == "Over");
        let over = over.unwrap();
        assert!(!over.counted);
        assert_eq!(over.ending.map(|e| e.how), Some("terminated"));
    }

    #[test]
    fn shared_deals_split_only_what_the_graph_says() {
        let g = graph();
        let f = flows(&g, false);
        assert_eq!(total(&g, &f, "msft", "openai"), Some(1.0));
        assert_eq!(total(&g, &f, "mgx", "openai"), Some(0.0));
        let mgx = f
            .pair(g.find("mgx").unwrap(), g.find("openai").unwrap())
            .unwrap();
        assert_eq!(f.legs[mgx.legs[0]].amount_usd, None);
    }

    #[test]
    fn a_purchase_without_a_seller_pays_the_designer_of_the_chip_it_covers() {
        let json = r#"{"entities": [
            {"id": "nvidia", "kind": "company", "name": "Nvidia"},
            {"id": "gb200", "kind": "chip", "name": "GB200"},
            {"id": "openai", "kind": "company", "name": "OpenAI"},
            {"id": "stake", "kind": "deal", "name": "Stake", "attrs": {"amount_usd": 100}},
            {"id": "systems", "kind": "deal", "name": "Systems", "attrs": {"amount_usd": 40}}
        ], "relations": [
            {"from": "nvidia", "to": "gb200", "type": "designs"},
            {"from": "nvidia", "to": "stake", "type": "investor"},
            {"from": "openai", "to": "stake", "type": "investee"},
            {"from": "openai", "to": "systems", "type": "buyer"},
            {"from": "systems", "to": "gb200", "type": "covers"}
        ]}"#;
        let g = load_bytes(json.as_bytes(), "t", LoadOptions::default())
            .unwrap()
            .graph;
        let merged = flows(&g, false);
        assert_eq!(total(&g, &merged, "openai", "nvidia"), Some(40.0 / 1e9));
        let apart = flows(&g, true);
        assert_eq!(total(&g, &apart, "openai", "gb200"), Some(40.0 / 1e9));
        assert_eq!(crate::analysis::cycles(&merged).len(), 1);
        assert!(crate::analysis::cycles(&apart).is_empty());
    }

    #[test]
    fn relations_with_amounts_pay_in_the_direction_of_their_type() {
        let g = graph();
        let f = flows(&g, false);
        assert_eq!(total(&g, &f, "msft", "amazon"), Some(0.007));
        let openai = f.of_party(g.find("openai").unwrap());
        assert_eq!(openai.out_usd / 1e9, 138.0);
        assert_eq!(openai.in_usd / 1e9, 51.0);
        assert_eq!(f.pairs[0].total_usd / 1e9, 138.0, "largest first");
    }
}
