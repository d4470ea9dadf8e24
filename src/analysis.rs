//! The analyses over a loaded graph: paths between entities, deals over time, parties (an owner
//! and the units it operates), money flows between parties, cycles of money, the compact money
//! graph and the rings of two to six parties found on it, and the overview of a graph's shape and
//! data quality ([`overview`]).
//!
//! Analysis reads the graph through its view API ([`crate::graph::Graph`] and a few crate-private
//! accessors); it never loads a file and never formats for a person (that is `display`, `cli` and
//! `ui`). The domain words it reads (roles, statuses, relation names) come from
//! [`crate::conventions`].

mod compare;
mod cycles;
mod deals;
mod flows;
mod money;
pub mod overview;
mod parties;
mod partners;
mod path;
mod ring_members;
mod rings;

pub use compare::{COMPARE_PATHS, Comparison, SharedPartner, compare};
pub use cycles::{Cycle, cycles};
pub use deals::{
    Deal, DealFilter, DealSource, Ending, Party, YearTotal, all_deals, counts_toward_totals,
    date_cmp, deals, totals_by_year,
};
pub use flows::{Flows, Leg, PairFlow, PartyFlows, flows};
pub use money::{Inference, LegDeal, LegSource, MoneyGraph, MoneyLeg, MoneyPair, PairIx};
pub use parties::Units;
pub(crate) use partners::partners_with;
pub use partners::{Partner, partners};
pub use path::{Path, PathError, PathQuery, Step, paths};
pub use ring_members::{Through, direct_members, ring_counts, through};
pub use rings::{DEFAULT_MAX_PARTIES, DEFAULT_RING_LIMIT, MAX_PARTIES, Ring, RingQuery, rings};
