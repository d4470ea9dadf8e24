//! The compact party-level money graph: who pays whom, with each pair's legs, in flat vectors
//! indexed by `u32`, so the ring search can walk millions of payer → payee pairs.
//!
//! Parties are merged as [`super::parties`] does (an owner and its operated units are one party).
//! Legs come from deals exactly as in [`super::flows`] (shared code), plus inferred legs: a
//! purchase that names no seller pays the designer of the chip it `covers` (flows does that too;
//! here the leg records the `covers` relation), and whoever `offers` a chip buys it from the
//! chip's designer (`aws -offers-> nvidia-gb200 <-designs- nvidia`). Every inferred leg keeps the
//! relation it came from. This module does not search rings ([`super::rings`]) or format anything.

use std::ops::Range;

use rayon::slice::ParallelSliceMut;

use super::deals::{DealSource, all_deals, date_cmp};
use super::flows::deal_legs;
use super::parties::Units;
use crate::conventions::{
    ATTR_DATE, ATTR_ENDED, ATTR_STATUS, KIND_CHIP, LABEL_INVESTMENT, LABEL_PURCHASE, MONEY_ROLES,
    REL_DESIGNS, REL_OFFERS,
};
use crate::graph::{AttrValue, EntityIx, Graph, RelationIx};

/// An index into the pairs of a [`MoneyGraph`].
pub(crate) type PairIx = u32;

/// Whether the money graph carries inferred legs (`kgx cycles --no-inferred` leaves them out).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Inference {
    /// Legs from `covers` without a seller and from `offers` are included, marked inferred.
    Include,
    /// Only legs a deal or a relation with an amount states.
    Exclude,
}

/// Where a leg of money comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LegSource {
    /// A deal entity or a relation carrying `amount_usd`.
    Deal(DealSource),
    /// No deal: a `cloud -offers-> chip` relation, the offerer buying the chip from its designer.
    Offers(RelationIx),
}

/// `kind` of a leg from a relation carrying an amount (its label is the relation type).
const KIND_RELATION: u8 = 0xfe;
/// `kind` of a leg inferred from `offers`.
const KIND_OFFERS: u8 = 0xff;
/// `via` of a leg that is not inferred.
const NOT_INFERRED: u32 = u32::MAX;

/// One payment between two parties, 32 bytes.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct MoneyLeg {
    /// The paying party (an owner, not its unit).
    pub payer: EntityIx,
    /// The party paid.
    pub payee: EntityIx,
    /// A deal entity, a relation with an amount, or the `offers` relation (see `kind`).
    source: u32,
    /// The relation the leg was inferred from, or [`NOT_INFERRED`].
    via: u32,
    /// NaN when the graph does not say how much this payer paid.
    amount: f64,
    /// An index into [`MONEY_ROLES`], [`KIND_RELATION`] or [`KIND_OFFERS`].
    kind: u8,
    counted: bool,
}

impl MoneyLeg {
    /// The deal or relation the leg comes from.
    pub fn source(&self) -> LegSource {
        match self.kind {
            KIND_OFFERS => LegSource::Offers(self.source),
            KIND_RELATION => LegSource::Deal(DealSource::Relation(self.source)),
            _ => LegSource::Deal(DealSource::Entity(self.source)),
        }
    }

    /// The amount this payer paid, when the graph says.
    pub fn amount_usd(&self) -> Option<f64> {
        (!self.amount.is_nan()).then_some(self.amount)
    }

    /// False when the amount does not count toward totals: the deal was superseded or ended.
    pub fn counted(&self) -> bool {
        self.counted
    }

    /// The relation the leg was inferred from (`covers` or `offers`), if it was inferred.
    pub fn inferred_from(&self) -> Option<RelationIx> {
        (self.via != NOT_INFERRED).then_some(self.via)
    }

    /// `investment`, `purchase`, or the type of the relation carrying the amount.
    pub fn label<'g>(&self, graph: &'g Graph) -> &'g str {
        match self.kind {
            KIND_OFFERS => LABEL_PURCHASE,
            KIND_RELATION => graph.relation(self.source).rtype(),
            role => MONEY_ROLES[role as usize].2,
        }
    }

    /// The deal's id, name, date and status as the graph gives them (`None` for `offers`).
    pub fn deal<'g>(&self, graph: &'g Graph) -> Option<LegDeal<'g>> {
        let text = |v: Option<AttrValue<'g>>| match v {
            Some(AttrValue::Str(s)) => Some(s),
            _ => None,
        };
        match self.source() {
            LegSource::Offers(_) => None,
            LegSource::Deal(DealSource::Entity(e)) => {
                let e = graph.entity(e);
                Some(LegDeal {
                    id: Some(e.id()),
                    name: e.name(),
                    date: text(e.attr(ATTR_DATE)),
                    status: text(e.attr(ATTR_STATUS)),
                })
            }
            LegSource::Deal(DealSource::Relation(r)) => {
                let r = graph.relation(r);
                Some(LegDeal {
                    id: None,
                    name: r.rtype(),
                    date: text(r.attr(ATTR_DATE)),
                    status: text(r.attr(ATTR_STATUS)),
                })
            }
        }
    }
}

/// What a leg's deal says about itself, borrowed from the graph.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LegDeal<'g> {
    /// The deal entity's id; `None` for a relation carrying an amount.
    pub id: Option<&'g str>,
    /// The deal's name, or the relation's type.
    pub name: &'g str,
    /// The deal's `date`, if a string.
    pub date: Option<&'g str>,
    /// The deal's `status`, if a string.
    pub status: Option<&'g str>,
}

/// All money from one party to another.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct MoneyPair<'m> {
    /// The paying party.
    pub payer: EntityIx,
    /// The party paid.
    pub payee: EntityIx,
    /// Sum of the counted legs with an amount (0 when none).
    pub total_usd: f64,
    /// True when at least one counted leg has an amount.
    pub disclosed: bool,
    /// True when every leg is inferred (no deal or amount states this payment).
    pub inferred: bool,
    /// True when a leg is an investment.
    pub invests: bool,
    /// The legs, grouped by kind and source (callers sort by date to show them).
    pub legs: &'m [MoneyLeg],
}

impl MoneyPair<'_> {
    /// The indices of [`Self::legs`] by their deal's date, dated ones first (ties keep order).
    pub fn legs_by_date(&self, graph: &Graph) -> Vec<usize> {
        let date = |i: usize| self.legs[i].deal(graph).and_then(|d| d.date);
        let mut order: Vec<usize> = (0..self.legs.len()).collect();
        order.sort_by(|&a, &b| match (date(a), date(b)) {
            (Some(x), Some(y)) => date_cmp(x, y).then(x.len().cmp(&y.len())),
            (Some(_), None) => std::cmp::Ordering::Less,
            (None, Some(_)) => std::cmp::Ordering::Greater,
            (None, None) => std::cmp::Ordering::Equal,
        });
        order
    }
}

const DISCLOSED: u8 = 1;
const INFERRED: u8 = 2;
const INVESTS: u8 = 4;

/// The party-level money graph in compressed sparse rows: the pairs of each payer are
/// contiguous and sorted by payee, and so are the legs of each pair.
#[derive(Clone, Debug)]
pub struct MoneyGraph {
    units: Units,
    /// Per party, where its outgoing pairs start in the pair vectors (one extra at the end).
    first_pair: Vec<u32>,
    pair_payee: Vec<EntityIx>,
    pair_usd: Vec<f64>,
    pair_flags: Vec<u8>,
    /// Per pair, where its legs start in `legs` (one extra at the end).
    first_leg: Vec<u32>,
    legs: Vec<MoneyLeg>,
    /// Per party, where its payers start in `in_payers` (one extra at the end).
    first_in: Vec<u32>,
    /// The payers of each party, ascending.
    in_payers: Vec<EntityIx>,
}

impl MoneyGraph {
    /// Derives every leg of `graph` (owners and units merged) and groups them per pair.
    pub fn new(graph: &Graph, inference: Inference) -> MoneyGraph {
        MoneyGraph::with_units(graph, Units::new(graph), inference)
    }

    /// As [`Self::new`], with parties as `units` says ([`Units::separate`] keeps units apart).
    pub(crate) fn with_units(graph: &Graph, units: Units, inference: Inference) -> MoneyGraph {
        let mut legs = stated_legs(graph, &units, inference);
        if inference == Inference::Include {
            offered_legs(graph, &units, &mut legs);
        }
        legs.par_sort_unstable_by_key(|l| (l.payer, l.payee, l.kind, l.source, l.via));
        let parties = graph.entity_count();
        let mut money = MoneyGraph {
            units,
            first_pair: Vec::with_capacity(parties + 1),
            pair_payee: Vec::new(),
            pair_usd: Vec::new(),
            pair_flags: Vec::new(),
            first_leg: Vec::new(),
            legs,
            first_in: Vec::new(),
            in_payers: Vec::new(),
        };
        money.group_pairs(parties);
        money.index_incoming(parties);
        money
    }

    fn group_pairs(&mut self, parties: usize) {
        let mut payer = 0usize;
        for (i, leg) in self.legs.iter().enumerate() {
            let new_pair = i == 0 || {
                let prev = &self.legs[i - 1];
                (prev.payer, prev.payee) != (leg.payer, leg.payee)
            };
            if !new_pair {
                let at = self.pair_usd.len() - 1;
                add_leg(&mut self.pair_usd[at], &mut self.pair_flags[at], leg);
                continue;
            }
            while payer <= leg.payer as usize {
                self.first_pair.push(self.pair_payee.len() as u32);
                payer += 1;
            }
            self.pair_payee.push(leg.payee);
            self.first_leg.push(i as u32);
            self.pair_usd.push(0.0);
            self.pair_flags.push(INFERRED);
            let at = self.pair_usd.len() - 1;
            add_leg(&mut self.pair_usd[at], &mut self.pair_flags[at], leg);
        }
        while payer <= parties {
            self.first_pair.push(self.pair_payee.len() as u32);
            payer += 1;
        }
        self.first_leg.push(self.legs.len() as u32);
        self.pair_payee.shrink_to_fit();
        self.pair_usd.shrink_to_fit();
        self.pair_flags.shrink_to_fit();
        self.first_leg.shrink_to_fit();
    }

    /// The payers of each party, for marking who pays a ring's start (counting sort: two
    /// passes, no map).
    fn index_incoming(&mut self, parties: usize) {
        let mut first_in = vec![0u32; parties + 1];
        for &payee in &self.pair_payee {
            first_in[payee as usize + 1] += 1;
        }
        for i in 0..parties {
            first_in[i + 1] += first_in[i];
        }
        let mut next = first_in.clone();
        let mut payers = vec![0 as EntityIx; self.pair_payee.len()];
        for payer in 0..parties {
            for pair in self.out_pairs(payer as EntityIx) {
                let at = &mut next[self.pair_payee[pair as usize] as usize];
                payers[*at as usize] = payer as EntityIx;
                *at += 1;
            }
        }
        self.first_in = first_in;
        self.in_payers = payers;
    }

    /// Which entity counts as which party in this graph.
    pub(crate) fn units(&self) -> &Units {
        &self.units
    }

    /// The party `e` counts as (its top owner, or itself).
    pub fn party(&self, e: EntityIx) -> EntityIx {
        self.units.party(e)
    }

    /// The number of payer → payee pairs.
    pub fn pair_count(&self) -> usize {
        self.pair_payee.len()
    }

    /// The number of legs over all pairs.
    pub fn leg_count(&self) -> usize {
        self.legs.len()
    }

    /// The pairs `party` pays, by payee index.
    pub(crate) fn out_pairs(&self, party: EntityIx) -> Range<PairIx> {
        self.first_pair[party as usize]..self.first_pair[party as usize + 1]
    }

    /// The parties paying `party`, ascending.
    pub(crate) fn payers_of(&self, party: EntityIx) -> &[EntityIx] {
        let (a, b) = (
            self.first_in[party as usize],
            self.first_in[party as usize + 1],
        );
        &self.in_payers[a as usize..b as usize]
    }

    /// The payees of a range of pairs (a row of [`Self::out_pairs`]), ascending.
    pub fn payees(&self, pairs: Range<PairIx>) -> &[EntityIx] {
        &self.pair_payee[pairs.start as usize..pairs.end as usize]
    }

    /// The number of parties (entities: every entity may be a party).
    pub(crate) fn party_count(&self) -> usize {
        self.first_pair.len() - 1
    }

    /// The payer of a pair (a binary search over the rows: the pair vectors do not store it).
    pub(crate) fn payer_of(&self, pair: PairIx) -> EntityIx {
        (self.first_pair.partition_point(|&start| start <= pair) - 1) as EntityIx
    }

    /// The payee of a pair.
    pub(crate) fn payee_of(&self, pair: PairIx) -> EntityIx {
        self.pair_payee[pair as usize]
    }

    /// The money from one party to another, if any (arguments are parties, see [`Self::party`]).
    pub(crate) fn find_pair(&self, payer: EntityIx, payee: EntityIx) -> Option<PairIx> {
        let row = self.out_pairs(payer);
        self.payees(row.clone())
            .binary_search(&payee)
            .ok()
            .map(|i| row.start + i as PairIx)
    }

    /// The pair's total, or `None` when no counted leg has an amount (for ranking: undisclosed).
    pub(crate) fn disclosed_usd(&self, pair: PairIx) -> Option<f64> {
        (self.pair_flags[pair as usize] & DISCLOSED != 0).then(|| self.pair_usd[pair as usize])
    }

    /// True when a leg of the pair is an investment (rings are shown starting there).
    pub(crate) fn invests(&self, pair: PairIx) -> bool {
        self.pair_flags[pair as usize] & INVESTS != 0
    }

    /// One pair with its legs.
    pub fn pair(&self, pair: PairIx) -> MoneyPair<'_> {
        let i = pair as usize;
        let flags = self.pair_flags[i];
        let legs = &self.legs[self.first_leg[i] as usize..self.first_leg[i + 1] as usize];
        MoneyPair {
            payer: self.payer_of(pair),
            payee: self.pair_payee[i],
            total_usd: self.pair_usd[i],
            disclosed: flags & DISCLOSED != 0,
            inferred: flags & INFERRED != 0,
            invests: flags & INVESTS != 0,
            legs,
        }
    }

    /// Heap bytes held, by part (for docs/performance.md and the memory test).
    pub fn heap_bytes(&self) -> usize {
        use std::mem::size_of;
        self.legs.capacity() * size_of::<MoneyLeg>()
            + (self.first_pair.capacity()
                + self.pair_payee.capacity()
                + self.first_leg.capacity()
                + self.first_in.capacity()
                + self.in_payers.capacity())
                * size_of::<u32>()
            + self.pair_usd.capacity() * size_of::<f64>()
            + self.pair_flags.capacity()
            + self.units.heap_bytes()
    }
}

fn add_leg(total: &mut f64, flags: &mut u8, leg: &MoneyLeg) {
    if leg.counted && !leg.amount.is_nan() {
        *total += leg.amount;
        *flags |= DISCLOSED;
    }
    if leg.via == NOT_INFERRED {
        *flags &= !INFERRED;
    }
    if leg.kind != KIND_RELATION && leg.label_is(LABEL_INVESTMENT) {
        *flags |= INVESTS;
    }
}

impl MoneyLeg {
    fn label_is(&self, label: &str) -> bool {
        (self.kind as usize) < MONEY_ROLES.len() && MONEY_ROLES[self.kind as usize].2 == label
    }
}

/// The legs deals and relations with amounts state, between parties (legs inside one party are
/// dropped), converted from [`super::flows::Leg`] one deal at a time.
fn stated_legs(graph: &Graph, units: &Units, inference: Inference) -> Vec<MoneyLeg> {
    let mut legs = Vec::new();
    let mut scratch = Vec::new();
    for deal in all_deals(graph) {
        scratch.clear();
        deal_legs(graph, &deal, &mut scratch);
        // Ended deals (docs/format.md, "Deal endings") are listed but not counted in rings.
        // The flows module is learning to count an ended deal until its end date; the two
        // rules are reconciled when that work merges.
        let ended = match deal.source {
            DealSource::Entity(e) => graph.entity(e).attr(ATTR_ENDED).is_some(),
            DealSource::Relation(r) => graph.relation(r).attr(ATTR_ENDED).is_some(),
        };
        for leg in &scratch {
            let (payer, payee) = (units.party(leg.payer), units.party(leg.payee));
            if payer == payee || (inference == Inference::Exclude && leg.covers.is_some()) {
                continue;
            }
            let (kind, source) = match leg.source {
                DealSource::Entity(e) => (
                    MONEY_ROLES
                        .iter()
                        .position(|r| r.2 == leg.label)
                        .unwrap_or(0) as u8,
                    e,
                ),
                DealSource::Relation(r) => (KIND_RELATION, r),
            };
            legs.push(MoneyLeg {
                payer,
                payee,
                source,
                via: leg.covers.unwrap_or(NOT_INFERRED),
                amount: leg.amount_usd.unwrap_or(f64::NAN),
                kind,
                counted: leg.counted && !ended,
            });
        }
    }
    legs
}

/// `cloud -offers-> chip <-designs- designer`: the offerer's party pays the designer's, with no
/// amount. A chip only: what else a cloud offers (a model, a service) has no designer to pay.
fn offered_legs(graph: &Graph, units: &Units, legs: &mut Vec<MoneyLeg>) {
    // The designers first, by chip: a hub chip offered by thousands of clouds has tens of
    // thousands of incoming relations, and reading them once per `offers` is quadratic.
    let mut designers: Vec<(EntityIx, EntityIx)> = graph
        .relations()
        .filter(|r| r.rtype() == REL_DESIGNS)
        .map(|r| (r.target_ix(), r.source_ix()))
        .collect();
    designers.sort_unstable();
    if designers.is_empty() {
        return;
    }
    for r in graph.relations() {
        if r.rtype() != REL_OFFERS || r.to().kind() != KIND_CHIP {
            continue;
        }
        let chip = r.target_ix();
        let payer = units.party(r.source_ix());
        let first = designers.partition_point(|&(c, _)| c < chip);
        for &(_, designer) in designers[first..].iter().take_while(|&&(c, _)| c == chip) {
            let payee = units.party(designer);
            if payer == payee {
                continue;
            }
            legs.push(MoneyLeg {
                payer,
                payee,
                source: r.ix(),
                via: r.ix(),
                amount: f64::NAN,
                kind: KIND_OFFERS,
                counted: true,
            });
        }
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::graph::{LoadOptions, load_bytes};

    pub(crate) fn load(json: &str) -> Graph {
        load_bytes(json.as_bytes(), "t", LoadOptions::default())
            .unwrap()
            .graph
    }

    pub(crate) fn pair_of<'m>(
        g: &Graph,
        m: &'m MoneyGraph,
        payer: &str,
        payee: &str,
    ) -> Option<MoneyPair<'m>> {
        let (a, b) = (g.find(payer).unwrap(), g.find(payee).unwrap());
        m.find_pair(m.party(a), m.party(b)).map(|p| m.pair(p))
    }

    /// Nvidia designs the GB200, Oracle's cloud offers it; a purchase covers the chip.
    const CHIPS: &str = r#"{"entities": [
        {"id": "nvidia", "kind": "company", "name": "Nvidia"},
        {"id": "gb200", "kind": "chip", "name": "GB200"},
        {"id": "oracle", "kind": "company", "name": "Oracle"},
        {"id": "oci", "kind": "cloud", "name": "OCI"},
        {"id": "openai", "kind": "company", "name": "OpenAI"},
        {"id": "model", "kind": "model", "name": "A model"},
        {"id": "systems", "kind": "deal", "name": "Systems", "attrs": {"amount_usd": 40}},
        {"id": "old", "kind": "deal", "name": "Old",
         "attrs": {"amount_usd": 7, "ended": "2026-01", "ended_how": "terminated"}}
    ], "relations": [
        {"from": "nvidia", "to": "gb200", "type": "designs"},
        {"from": "oracle", "to": "oci", "type": "operates"},
        {"from": "oci", "to": "gb200", "type": "offers"},
        {"from": "oci", "to": "model", "type": "offers"},
        {"from": "openai", "to": "systems", "type": "buyer"},
        {"from": "systems", "to": "gb200", "type": "covers"},
        {"from": "openai", "to": "old", "type": "customer"},
        {"from": "oci", "to": "old", "type": "provider"}
    ]}"#;

    #[test]
    fn a_cloud_offering_a_chip_pays_its_designer_with_no_amount() {
        let g = load(CHIPS);
        let m = MoneyGraph::new(&g, Inference::Include);
        let p = pair_of(&g, &m, "oci", "nvidia").expect("Oracle pays Nvidia");
        assert_eq!(
            g.entity(p.payer).id(),
            "oracle",
            "the cloud counts as its owner"
        );
        assert!(p.inferred && !p.disclosed);
        assert_eq!(p.legs.len(), 1, "the model has no designer: no leg");
        let offers = p.legs[0].inferred_from().unwrap();
        assert_eq!(g.relation(offers).rtype(), "offers");
        assert_eq!(g.entity(g.relation(offers).target_ix()).id(), "gb200");
        assert_eq!(p.legs[0].source(), LegSource::Offers(offers));
        assert_eq!(p.legs[0].amount_usd(), None);
        assert_eq!(p.legs[0].label(&g), "purchase");
    }

    #[test]
    fn a_purchase_covering_a_chip_pays_its_designer_and_records_the_covers_relation() {
        let g = load(CHIPS);
        let m = MoneyGraph::new(&g, Inference::Include);
        let p = pair_of(&g, &m, "openai", "nvidia").expect("OpenAI pays Nvidia");
        assert!(p.inferred && p.disclosed);
        assert_eq!(
            p.total_usd, 40.0,
            "the deal's amount is stated; only its payee is inferred"
        );
        let covers = p.legs[0].inferred_from().unwrap();
        assert_eq!(g.relation(covers).rtype(), "covers");
        let systems = g.find("systems").unwrap();
        assert_eq!(
            p.legs[0].source(),
            LegSource::Deal(DealSource::Entity(systems))
        );
    }

    #[test]
    fn no_inferred_drops_both_inference_rules() {
        let g = load(CHIPS);
        let m = MoneyGraph::new(&g, Inference::Exclude);
        assert!(pair_of(&g, &m, "oci", "nvidia").is_none());
        assert!(pair_of(&g, &m, "openai", "nvidia").is_none());
        assert_eq!(
            m.pair_count(),
            1,
            "only the stated OpenAI → Oracle deal is left"
        );
    }

    #[test]
    fn ended_deals_are_listed_but_not_in_totals() {
        let g = load(CHIPS);
        let m = MoneyGraph::new(&g, Inference::Include);
        let p = pair_of(&g, &m, "openai", "oracle").expect("the ended deal is still a leg");
        assert!(!p.inferred && !p.disclosed);
        assert_eq!(p.total_usd, 0.0);
        assert_eq!(p.legs[0].amount_usd(), Some(7.0));
        assert!(!p.legs[0].counted());
    }

    #[test]
    fn pairs_are_rows_by_payer_with_incoming_lists() {
        let g = load(CHIPS);
        let m = MoneyGraph::new(&g, Inference::Include);
        let nvidia = g.find("nvidia").unwrap();
        let payers: Vec<_> = m
            .payers_of(nvidia)
            .iter()
            .map(|&p| g.entity(p).id())
            .collect();
        assert_eq!(payers, ["oracle", "openai"]);
        for p in 0..m.pair_count() as PairIx {
            let pair = m.pair(p);
            assert!(m.out_pairs(pair.payer).contains(&p));
            assert_eq!(m.find_pair(pair.payer, pair.payee), Some(p));
        }
        assert!(m.heap_bytes() > 0);
    }
}
