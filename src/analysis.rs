//! The analyses over a loaded graph: paths between entities, deals over time, parties (an owner
//! and the units it operates), money flows between parties, cycles of money, the compact money
//! graph and the rings of two to six parties found on it, and the overview of a graph's shape and
//! data quality ([`overview`]).
//!
//! Analysis reads the graph through its view API ([`crate::graph::Graph`] and a few crate-private
//! accessors); it never loads a file and never formats for a person (that is `display`, `cli` and
//! `ui`). The domain words it reads (roles, statuses, relation names) come from
//! [`crate::conventions`].

mod as_of;
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

pub use as_of::{AsOf, AsOfError, AsOfSummary};
pub use compare::Comparison;
pub use compare::SharedPartner;
pub use compare::compare;
pub use cycles::{Cycle, cycles};
pub(crate) use deals::all_deals;
pub(crate) use deals::counts_toward_totals;
#[cfg(test)]
pub(crate) use deals::date_cmp;
pub use deals::{Deal, DealFilter, Party, deals, totals_by_year};
pub use deals::{DealSource, Ending, YearTotal};
pub use flows::flows;
pub use flows::{Flows, PairFlow};
pub use flows::{Leg, PartyFlows};
pub use money::MoneyLeg;
pub use money::MoneyPair;
pub use money::{Inference, MoneyGraph};
pub use money::{LegDeal, LegSource};
pub use parties::Units;
pub use partners::Partner;
pub use partners::partners;
pub(crate) use partners::partners_with;
pub use path::{Path, PathQuery, paths};
pub use path::{PathError, Step};
pub use ring_members::{Through, direct_members, ring_counts, through};
pub(crate) use rings::{DEFAULT_MAX_PARTIES, DEFAULT_RING_LIMIT, MAX_PARTIES};
pub use rings::{Ring, RingQuery, rings};
