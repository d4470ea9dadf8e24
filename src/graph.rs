//! The knowledge graph: model, loading and validation, indexes, and the algorithms over it.
//!
//! Nothing here knows about terminals: `graph` is the bottom of the one-way flow
//! file → graph → search → app → ui.

mod ahead;
mod build;
mod cycles;
mod deals;
mod error;
mod export;
mod flows;
mod import;
mod index;
mod load;
mod locate;
mod model;
mod path;
mod read;
mod resolve;

pub use build::{KNOWN_STATUSES, Loaded, closest, is_valid_date};
pub use cycles::{Cycle, cycles};
pub use deals::{
    Deal, DealFilter, DealSource, PARTY_ROLES, Party, YearTotal, all_deals, counts_toward_totals,
    date_cmp, deals, totals_by_year,
};
pub use error::{LoadError, Location, MAX_LISTED_PROBLEMS, Problem};
pub use export::{
    Subgraph, first_difference, write_apoc, write_cytoscape, write_dot, write_entities_csv,
    write_graphson, write_json, write_mermaid, write_node_link, write_relations_csv,
};
pub use flows::{Flows, Leg, MONEY_ROLES, PairFlow, PartyFlows, Units, flows};
pub use import::wikidata::Lang;
pub use import::{Detected, Format, STUB_KIND};
#[doc(hidden)]
pub use load::load_every_way;
pub use load::{LoadOptions, load_bytes, load_path};
pub use model::{AttrValue, Entity, EntityIx, Graph, Relation, RelationIx, Source};
pub use path::{Path, PathError, PathQuery, Step, paths};

/// The default graph shipped with kgx, embedded so the binary works from any folder.
pub const DEFAULT_GRAPH: &str = include_str!("../data/ai-infra.json");
/// The name the default graph goes by in messages.
pub const DEFAULT_ORIGIN: &str = "<default graph: data/ai-infra.json>";

/// Loads the embedded default graph.
pub fn load_default() -> Result<Loaded, LoadError> {
    load_bytes(
        DEFAULT_GRAPH.as_bytes(),
        DEFAULT_ORIGIN,
        LoadOptions::default(),
    )
}
