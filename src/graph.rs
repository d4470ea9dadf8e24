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

pub use error::LoadError;
pub use error::{Location, Problem, ProblemKind};
#[cfg(any(test, feature = "test-support"))]
pub use export::first_difference;
pub use export::{
    Subgraph, write_apoc, write_cytoscape, write_graphson, write_json, write_node_link,
};
pub(crate) use export::{write_dot, write_entities_csv, write_mermaid, write_relations_csv};
pub use load::Loaded;
pub(crate) use load::closest;
pub use load::import::Detected;
pub use load::import::mapped::spec::Mapping;
pub use load::import::wikidata::Lang;
pub use load::import::{Format, STUB_KIND};
pub use load::{LoadOptions, load_bytes, load_path, read_mapping, suggest_mapping};
#[cfg(any(test, feature = "test-support"))]
pub use load::{load_every_way, load_path_both_ways};

pub use model::{AttrValue, Entity, Graph, Relation, Source};
pub(crate) use model::{EntityIx, RelationIx};
pub(crate) use records::{Bits, Mask, StoredAttr, StoredValue};

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
