//! Which format a graph file is in: the formats kgx reads ([`Format`], with their `--from`
//! names) and what detection found ([`Detected`]). A leaf of the loading layer: the builder and
//! every importer name a format without depending on detection itself (`import/detect.rs`).

use std::fmt;
use std::str::FromStr;

/// A graph format kgx reads.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Format {
    /// kgx's own JSON (`entities`, `relations`, `sources`).
    #[default]
    Native,
    /// networkx `node_link_data` and D3 (`nodes`, `links`).
    NodeLink,
    /// Cytoscape.js (`elements`, or `nodes`/`edges` of `data` objects).
    Cytoscape,
    /// Neo4j `apoc.export.json.*`, every `jsonFormat`.
    Apoc,
    /// TinkerPop GraphSON 1.0–4.0 and legacy GraphSON.
    GraphSon,
    /// graphology / sigma.js serialization.
    Graphology,
    /// Wikidata / Wikibase entity JSON.
    Wikidata,
    /// FollowTheMoney entities (OpenSanctions, Aleph).
    Ftm,
    /// Beneficial Ownership Data Standard statements.
    Bods,
    /// JSON-LD, compacted or expanded.
    JsonLd,
    /// Lists of (subject, predicate, object) triples.
    Triples,
    /// JSON Lines of kgx's own entity and relation records.
    KgxLines,
    /// JSON in no standard shape, read through a MAP (`--map`).
    Mapped,
}

/// Every format with its `--from` name and its description.
const FORMATS: &[(Format, &str, &str)] = &[
    (Format::Native, "native", "kgx JSON"),
    (
        Format::NodeLink,
        "node-link",
        "node-link JSON (networkx, D3)",
    ),
    (Format::Cytoscape, "cytoscape", "Cytoscape.js JSON"),
    (Format::Apoc, "apoc", "Neo4j APOC JSON"),
    (Format::GraphSon, "graphson", "TinkerPop GraphSON"),
    (
        Format::Graphology,
        "graphology",
        "graphology JSON (sigma.js)",
    ),
    (Format::Wikidata, "wikidata", "Wikidata entity JSON"),
    (Format::Ftm, "ftm", "FollowTheMoney JSON Lines"),
    (Format::Bods, "bods", "BODS statements"),
    (Format::JsonLd, "jsonld", "JSON-LD"),
    (Format::Triples, "triples", "triple list"),
    (Format::KgxLines, "kgx-lines", "kgx JSON Lines"),
    (Format::Mapped, "map", "JSON read through a MAP (--map)"),
];

/// Other names `--from` accepts.
const ALIASES: &[(&str, Format)] = &[
    ("json", Format::Native),
    ("kgx", Format::Native),
    ("networkx", Format::NodeLink),
    ("d3", Format::NodeLink),
    ("neo4j", Format::Apoc),
    ("tinkerpop", Format::GraphSon),
    ("sigma", Format::Graphology),
    ("wikibase", Format::Wikidata),
    ("followthemoney", Format::Ftm),
    ("json-ld", Format::JsonLd),
    ("jsonl", Format::KgxLines),
];

impl Format {
    /// The name `--from` takes.
    pub fn key(self) -> &'static str {
        FORMATS
            .iter()
            .find(|f| f.0 == self)
            .map_or("native", |f| f.1)
    }

    /// What the format is called in messages.
    pub fn describe(self) -> &'static str {
        FORMATS
            .iter()
            .find(|f| f.0 == self)
            .map_or("kgx JSON", |f| f.2)
    }

    /// Every format, in the order of `--from`'s list.
    pub fn all() -> impl Iterator<Item = Format> {
        FORMATS.iter().map(|f| f.0)
    }

    /// The `--from` names, for help and errors.
    pub fn keys() -> impl Iterator<Item = &'static str> {
        FORMATS.iter().map(|f| f.1)
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.key())
    }
}

impl FromStr for Format {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        let s = s.trim().to_ascii_lowercase();
        FORMATS
            .iter()
            .find(|f| f.1 == s)
            .map(|f| f.0)
            .or_else(|| ALIASES.iter().find(|a| a.0 == s).map(|a| a.1))
            .ok_or_else(|| {
                format!(
                    "unknown format '{s}'; kgx reads {}",
                    Format::keys().collect::<Vec<_>>().join(", ")
                )
            })
    }
}

/// What detection found: the format, whether the file is JSON Lines, and its shape in words.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Detected {
    /// The format the file is in.
    pub format: Format,
    /// One record per line (JSON Lines), rather than one JSON document.
    pub lines: bool,
    /// The shape in words, for `kgx check`: `Neo4j APOC JSON Lines`.
    pub name: &'static str,
}

impl Default for Detected {
    fn default() -> Detected {
        Detected::new(Format::Native, false, "kgx JSON")
    }
}

impl Detected {
    pub(crate) fn new(format: Format, lines: bool, name: &'static str) -> Detected {
        Detected {
            format,
            lines,
            name,
        }
    }
}
