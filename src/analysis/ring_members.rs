//! Who takes part in a money ring, and how: as one of its parties, as a unit of a party (AWS in
//! an Amazon ring), as a deal one of its legs comes from, or as a chip a leg's deal covers or a
//! leg was inferred from (Trainium3, covered by the AWS-OpenAI compute deal). The explorer marks
//! entities with the number of rings they are in and says why a non-party is in one.
//!
//! This module does not search rings ([`super::rings`]) or format anything.

use std::collections::HashMap;

use super::deals::DealSource;
use super::money::{LegSource, MoneyGraph};
use super::rings::Ring;
use crate::conventions::REL_COVERS;
use crate::graph::{EntityIx, Graph};

/// How an entity takes part in a ring.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Through {
    /// It is one of the ring's parties.
    Party,
    /// It counts as `party`, one of the ring's parties (a unit it operates, a chip it designs).
    Unit {
        /// The ring's party it counts as.
        party: EntityIx,
    },
    /// A deal of the ring's leg `leg`.
    Deal {
        /// The leg (an index into [`Ring::legs`]).
        leg: usize,
    },
    /// A chip of the ring's leg `leg`: covered by `deal`, or (`deal` is `None`) offered by the
    /// payer, the leg inferred from that `offers`.
    Chip {
        /// The leg (an index into [`Ring::legs`]).
        leg: usize,
        /// The deal covering the chip; `None` for a leg inferred from `offers`.
        deal: Option<EntityIx>,
    },
}

/// The ring's parties, then its deals and their chips, each with how it takes part (the first
/// way found, leg by leg). Units of the parties are left out: [`through`] and [`ring_counts`]
/// find them from the parties.
pub fn direct_members(graph: &Graph, money: &MoneyGraph, ring: &Ring) -> Vec<(EntityIx, Through)> {
    let mut out: Vec<(EntityIx, Through)> =
        ring.parties.iter().map(|&p| (p, Through::Party)).collect();
    let mut add = |e: EntityIx, how: Through| {
        if !out.iter().any(|&(x, _)| x == e) {
            out.push((e, how));
        }
    };
    for (leg, &pair) in ring.legs.iter().enumerate() {
        for l in money.pair(pair).legs {
            match l.source() {
                LegSource::Deal(DealSource::Entity(deal)) => {
                    add(deal, Through::Deal { leg });
                    for r in graph.outgoing(deal).filter(|r| r.rtype() == REL_COVERS) {
                        add(
                            r.target_ix(),
                            Through::Chip {
                                leg,
                                deal: Some(deal),
                            },
                        );
                    }
                }
                LegSource::Deal(DealSource::Relation(_)) => {}
                LegSource::Offers(r) => {
                    add(
                        graph.relation(r).target_ix(),
                        Through::Chip { leg, deal: None },
                    );
                }
            }
        }
    }
    out
}

/// How `e` takes part in `ring`, if it does: as a party, else as a unit of one (the plainer
/// reason: AWS is in Amazon's rings as Amazon's cloud, whatever deal covers it), else as a deal
/// or a chip of a leg.
pub fn through(graph: &Graph, money: &MoneyGraph, ring: &Ring, e: EntityIx) -> Option<Through> {
    let party = money.party(e);
    if ring.parties.contains(&e) {
        return Some(Through::Party);
    }
    if ring.parties.contains(&party) {
        return Some(Through::Unit { party });
    }
    direct_members(graph, money, ring)
        .into_iter()
        .find(|&(x, _)| x == e)
        .map(|(_, how)| how)
}

/// Per entity, how many of `rings` it takes part in (any of the ways of [`Through`]).
pub fn ring_counts(graph: &Graph, money: &MoneyGraph, rings: &[Ring]) -> Vec<u16> {
    let mut count = vec![0u16; graph.entity_count()];
    let mut direct: Vec<Vec<EntityIx>> = Vec::with_capacity(rings.len());
    let mut rings_of_party: HashMap<EntityIx, Vec<usize>> = HashMap::new();
    for (i, ring) in rings.iter().enumerate() {
        let members: Vec<EntityIx> = direct_members(graph, money, ring)
            .into_iter()
            .map(|(e, _)| e)
            .collect();
        for &e in &members {
            count[e as usize] = count[e as usize].saturating_add(1);
        }
        for &p in &ring.parties {
            rings_of_party.entry(p).or_default().push(i);
        }
        direct.push(members);
    }
    if rings_of_party.is_empty() {
        return count;
    }
    // Units: every entity that counts as a ring's party and is not already counted in that ring.
    for (e, n) in count.iter_mut().enumerate() {
        let e = e as EntityIx;
        let party = money.party(e);
        if party == e {
            continue;
        }
        for &i in rings_of_party.get(&party).map_or(&[][..], Vec::as_slice) {
            if !direct[i].contains(&e) {
                *n = n.saturating_add(1);
            }
        }
    }
    count
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::money::Inference;
    use crate::analysis::money::tests::load;
    use crate::analysis::rings::{RingQuery, rings};

    /// Nvidia invests in OpenAI, OpenAI buys Oracle's cloud (the deal covers a chip), and
    /// Oracle's cloud offers Nvidia's GB200 (the inferred leg).
    const RING: &str = r#"{"entities": [
        {"id": "nvidia", "kind": "company", "name": "Nvidia"},
        {"id": "gb200", "kind": "chip", "name": "GB200"},
        {"id": "oracle", "kind": "company", "name": "Oracle"},
        {"id": "oci", "kind": "cloud", "name": "OCI"},
        {"id": "openai", "kind": "company", "name": "OpenAI"},
        {"id": "mi450", "kind": "chip", "name": "MI450"},
        {"id": "bystander", "kind": "company", "name": "Bystander"},
        {"id": "invest", "kind": "deal", "name": "Invest", "attrs": {"amount_usd": 30}},
        {"id": "stargate", "kind": "deal", "name": "Stargate", "attrs": {"amount_usd": 300}}
    ], "relations": [
        {"from": "nvidia", "to": "gb200", "type": "designs"},
        {"from": "oracle", "to": "oci", "type": "operates"},
        {"from": "oci", "to": "gb200", "type": "offers"},
        {"from": "nvidia", "to": "invest", "type": "investor"},
        {"from": "openai", "to": "invest", "type": "investee"},
        {"from": "openai", "to": "stargate", "type": "customer"},
        {"from": "oci", "to": "stargate", "type": "provider"},
        {"from": "stargate", "to": "mi450", "type": "covers"}
    ]}"#;

    #[test]
    fn parties_units_deals_and_chips_take_part_each_in_its_way() {
        let g = load(RING);
        let money = MoneyGraph::new(&g, Inference::Include);
        let found = rings(&money, &RingQuery::default());
        assert_eq!(found.len(), 1);
        let ring = &found[0];
        let ix = |id: &str| g.find(id).unwrap();
        let how = |id: &str| through(&g, &money, ring, ix(id));
        assert_eq!(how("nvidia"), Some(Through::Party));
        assert_eq!(
            how("oci"),
            Some(Through::Unit {
                party: ix("oracle")
            })
        );
        assert_eq!(how("invest"), Some(Through::Deal { leg: 0 }));
        assert_eq!(
            how("mi450"),
            Some(Through::Chip {
                leg: 1,
                deal: Some(ix("stargate"))
            })
        );
        assert_eq!(
            how("gb200"),
            Some(Through::Unit {
                party: ix("nvidia")
            }),
            "a unit first, though the inferred leg comes from it too"
        );
        let direct = direct_members(&g, &money, ring);
        assert!(direct.contains(&(ix("gb200"), Through::Chip { leg: 2, deal: None })));
        assert_eq!(how("bystander"), None);
        let counts = ring_counts(&g, &money, &found);
        for id in [
            "nvidia", "oracle", "oci", "openai", "invest", "stargate", "mi450", "gb200",
        ] {
            assert_eq!(counts[ix(id) as usize], 1, "{id}");
        }
        assert_eq!(counts[ix("bystander") as usize], 0);
    }
}
