//! The knowledge graph: storage (model, index, adjacency), loading and validation (`load/`,
//! with the importers), export, and the errors of loading.
//!
//! Nothing here knows about terminals or analyses: `graph` sits just above `escape` and
//! `conventions` in the one-way flow graph → analysis/search → display → app → ui. The analyses
//! (paths, deals, flows, cycles) are [`crate::analysis`]; they read the graph through its view API.

mod error;
mod export;
mod index;
pub(crate) mod load;
mod mask;
mod model;
mod records;

pub use error::{LoadError, Location, MAX_LISTED_PROBLEMS, Problem, ProblemKind};
#[cfg(any(test, feature = "test-support"))]
pub use export::first_difference;
pub use export::{
    Subgraph, write_apoc, write_cytoscape, write_dot, write_entities_csv, write_graphson,
    write_json, write_mermaid, write_node_link, write_relations_csv,
};
pub use load::import::wikidata::Lang;
pub use load::import::{Detected, Format, STUB_KIND};
#[cfg(any(test, feature = "test-support"))]
pub use load::load_every_way;
pub use load::{LoadOptions, Loaded, closest, load_bytes, load_path};
pub(crate) use mask::{Bits, Mask};
pub use model::{AttrValue, Entity, EntityIx, Graph, Relation, RelationIx, Source};
pub(crate) use records::{StoredAttr, StoredValue};

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
