//! Reading graphs written by other tools: node-link JSON (networkx `node_link_data`, D3) and
//! Cytoscape.js JSON, detected automatically when a file is not in kgx's native format.
//!
//! Imports go through the same [`Builder`] as native files, so validation is the same; the
//! builder names records `entities[i]`/`relations[i]`, and [`rewrite_paths`] turns those names
//! back into the importer's real paths (`nodes[3].id`, `links[5].target`,
//! `elements.edges[2].data.source`) before the problems are located in the text.
//!
//! How fields map (the same for every format):
//! - entity id: `id` (a string or a number; numbers become their decimal text). A node-link file
//!   whose nodes have no `id` at all uses the node's position (D3's default).
//! - name: `name`, else `label`, else the id. kind: `kind`, `type`, `group` or `label` (one not
//!   already used as the name), else `node`.
//! - relation ends: `source`/`target`, by id; a number that is no node's id is read as a
//!   position in `nodes` (D3's index links), unless the nodes have numeric ids. D3 writes the
//!   node objects themselves after a simulation: their `id` (or `index`) is used.
//! - relation type: `type`, `label`, `relation` or `interaction`, else `linked`.
//! - every other field becomes an attribute: scalars as they are, arrays and objects as their
//!   compact JSON text (so nothing is lost). Cytoscape fields outside `data` (`position`,
//!   `classes`, `selected`, ...) describe the drawing, not the graph, and are skipped.
//! - top-level fields other than the node and edge lists (`directed`, `multigraph`, `graph`,
//!   Cytoscape's `data`) are kept as graph metadata ([`Graph::meta`](crate::graph::Graph::meta)); the
//!   graph's `name` becomes its title. Edges of an undirected graph keep the file's order of
//!   ends; `directed: false` stays in the metadata.
//!
//! What this module deliberately does not do: parse a whole native file to decide its format.
//! [`looks_foreign`] runs on every load (native files may be hundreds of megabytes) and only
//! peeks at the first top-level keys.

mod apoc;
mod apoc_line;
mod bods;
mod cytoscape;
pub(crate) mod detect;
mod duplicate_keys;
mod ftm;
mod ftm_line;
mod graphology;
mod graphson;
pub(crate) mod json;
mod jsonld;
mod kgx_lines;
mod line_cursor;
mod lines;
pub(crate) mod mapped;
mod node_link;
mod places;
mod sink;
mod triples;
pub(crate) mod wikidata;

pub use super::format::Detected;
pub use super::format::Format;
pub(crate) use detect::{NotAGraph, detect, sniff};
pub use sink::STUB_KIND;

use std::collections::HashSet;

use self::json::{Fields, Json};
use super::LoadOptions;
use super::builder::{Builder, EntityInput, Loaded, ValueInput};
use super::locate::locate_all;
use super::messages::{Context, syntax_error};
use crate::graph::error::{LoadError, Location, Problem, ProblemKind};
use crate::graph::model::Slots;

/// Loads a file in a format other than kgx's native one, as `detected` says.
pub(crate) fn load_import(
    text: &str,
    origin: &str,
    opts: LoadOptions,
    detected: Detected,
) -> Result<Loaded, LoadError> {
    let mut loaded = match detected.format {
        Format::NodeLink | Format::Cytoscape => load_foreign(text, origin, opts)?,
        Format::Apoc => apoc::load(text, origin, opts, detected)?,
        Format::GraphSon => graphson::load(text, origin, opts, detected)?,
        Format::Graphology => graphology::load(text, origin, opts, detected)?,
        Format::Wikidata => wikidata::load(text, origin, opts, detected)?,
        Format::Ftm => ftm::load(text, origin, opts, detected)?,
        Format::Bods => bods::load(text, origin, opts, detected)?,
        Format::JsonLd => jsonld::load(text, origin, opts, detected)?,
        Format::Triples => triples::load(text, origin, opts, detected)?,
        Format::KgxLines | Format::Native => kgx_lines::load(text, origin, opts, detected)?,
        Format::Mapped => match opts.map.clone() {
            Some(map) => mapped::load(text, origin, opts, &map)?,
            None => {
                return Err(LoadError::Read {
                    origin: origin.to_string(),
                    message: "reading a file as `map` needs the MAP itself".into(),
                    hint: Some(
                        "give it with --map MAP.json (kgx map --suggest FILE writes one)".into(),
                    ),
                    source: None,
                });
            }
        },
    };
    loaded.format = detected;
    Ok(loaded)
}

/// Loads a node-link or Cytoscape.js file (`looks_foreign` said yes).
pub(crate) fn load_foreign(
    text: &str,
    origin: &str,
    opts: LoadOptions,
) -> Result<Loaded, LoadError> {
    let root = json::parse(text).map_err(|e| syntax_error(e, origin, &Context::default()))?;
    let mut b = Builder::new(opts.strict, text.len());
    let layout = match &root {
        Json::Arr(items) => cytoscape::read_flat(&mut b, items, ""),
        Json::Obj(top) if json::get(top, "elements").is_some() => cytoscape::read(&mut b, top),
        Json::Obj(top) if cytoscape::is_bare(top) => cytoscape::read_bare(&mut b, top),
        Json::Obj(top) if json::get(top, "nodes").is_some() => node_link::read(&mut b, top),
        _ => {
            return Err(LoadError::Syntax {
                origin: origin.to_string(),
                location: Location { line: 1, column: 1 },
                kind: Box::new("the file has no \"nodes\" array".into()),
                hint: Some(
                    "node-link files (networkx, D3) need \"nodes\" and \"links\" (or \"edges\")"
                        .into(),
                ),
            });
        }
    };
    // The builder's paths are rewritten before locating, so locate here, not in `finish`.
    match b.finish(origin, b"") {
        Ok(mut loaded) => {
            relocate(&layout, text, &mut loaded.warnings);
            // In document order: lines are counted once, from one repeat to the next.
            let (mut line, mut line_start, mut pos) = (1, 0, 0);
            for (key, at) in duplicate_keys::find(text, &root, 0) {
                loaded.warning_total += 1;
                if loaded.warnings.len() >= 200 {
                    continue;
                }
                let at = at.max(pos);
                for nl in memchr::memchr_iter(b'\n', &text.as_bytes()[pos..at]) {
                    line += 1;
                    line_start = pos + nl + 1;
                }
                pos = at;
                let kind = ProblemKind::DuplicateKey {
                    key: key.chars().take(60).collect(),
                };
                let mut p = Problem::new("", kind);
                p.location = Some(Location {
                    line,
                    column: at - line_start + 1,
                });
                loaded.warnings.push(p);
            }
            loaded
                .warnings
                .sort_by_key(|p| p.location.map(|l| (l.line, l.column)));
            Ok(loaded)
        }
        Err(LoadError::Invalid {
            origin,
            mut problems,
            total,
        }) => {
            relocate(&layout, text, &mut problems);
            Err(LoadError::Invalid {
                origin,
                problems,
                total,
            })
        }
        Err(e) => Err(e),
    }
}

fn relocate(layout: &Layout, text: &str, problems: &mut [Problem]) {
    for p in problems.iter_mut() {
        rewrite_paths(layout, p);
    }
    locate_all(text.as_bytes(), problems);
    problems.sort_by_key(|p| p.location.map(|l| (l.line, l.column)));
}

/// Where an importer's nodes and edges live in the file, to name them in messages.
#[derive(Clone, Debug)]
pub(crate) enum Layout {
    /// `nodes[i]` and `links[i]` (or `edges[i]`).
    NodeLink { links: &'static str },
    /// `elements.nodes[i].data` and `elements.edges[i].data`.
    CytoscapeNested,
    /// `nodes[i].data` and `edges[i].data` (no `elements` wrapper).
    CytoscapeBare,
    /// `elements[i].data` (or `[i].data` for a bare array), nodes and edges mixed.
    CytoscapeFlat { prefix: &'static str },
}

impl Layout {
    fn node_base(&self, i: u32) -> String {
        match self {
            Layout::NodeLink { .. } => format!("nodes[{i}]"),
            Layout::CytoscapeNested => format!("elements.nodes[{i}].data"),
            Layout::CytoscapeBare => format!("nodes[{i}].data"),
            Layout::CytoscapeFlat { prefix } => format!("{prefix}[{i}].data"),
        }
    }

    fn edge_base(&self, i: u32) -> String {
        match self {
            Layout::NodeLink { links } => format!("{links}[{i}]"),
            Layout::CytoscapeNested => format!("elements.edges[{i}].data"),
            Layout::CytoscapeBare => format!("edges[{i}].data"),
            Layout::CytoscapeFlat { prefix } => format!("{prefix}[{i}].data"),
        }
    }
}

/// Turns the builder's `entities[i].id` / `relations[i].from` into the file's own paths and
/// words (`nodes[i].id`, `links[i].source`).
fn rewrite_paths(layout: &Layout, p: &mut Problem) {
    p.path = rewrite_path(layout, &p.path);
    if let Some(r) = &p.related_path {
        p.related_path = Some(rewrite_path(layout, r));
    }
    if p.path.ends_with(".source") || p.path.ends_with(".target") {
        p.kind.rename_field(|field| match field {
            "from" => Some("source"),
            "to" => Some("target"),
            _ => None,
        });
    }
}

fn rewrite_path(layout: &Layout, path: &str) -> String {
    let parse = |prefix: &str| -> Option<(u32, &str)> {
        let rest = path.strip_prefix(prefix)?;
        let (num, rest) = rest.split_once(']')?;
        Some((num.parse().ok()?, rest))
    };
    if let Some((i, rest)) = parse("entities[") {
        return format!("{}{rest}", layout.node_base(i));
    }
    if let Some((i, rest)) = parse("relations[") {
        let rest = match rest {
            ".from" => ".source",
            ".to" => ".target",
            other => other,
        };
        return format!("{}{rest}", layout.edge_base(i));
    }
    path.to_string()
}

/// One node or edge object: its index in the file's list and its fields.
pub(crate) struct Record<'j> {
    pub file_ix: u32,
    pub fields: &'j Fields<'j>,
}

/// Feeds nodes, then edges, to the builder. `index_links`: numeric link ends may be positions
/// in the node list (node-link files only).
pub(crate) fn add_records(
    b: &mut Builder,
    layout: &Layout,
    nodes: &[Record<'_>],
    edges: &[Record<'_>],
    index_links: bool,
) {
    let no_ids = index_links && nodes.iter().all(|n| json::get(n.fields, "id").is_none());
    let mut numeric_ids = false;
    let ids: Vec<Option<String>> = nodes
        .iter()
        .enumerate()
        .map(|(pos, n)| {
            let base = layout.node_base(n.file_ix);
            match json::get(n.fields, "id") {
                None if no_ids => Some(pos.to_string()),
                None => {
                    b.error(
                        Problem::new(base, "the node has no 'id'")
                            .with_hint(Some("every node needs an \"id\"".into())),
                    );
                    None
                }
                Some(Json::Num(num)) => {
                    numeric_ids = true;
                    Some(num.to_string())
                }
                Some(Json::Str(s)) => Some(s.to_string()),
                Some(_) => {
                    b.error(Problem::new(
                        format!("{base}.id"),
                        "a node id must be a string or a number",
                    ));
                    None
                }
            }
        })
        .collect();
    for (n, id) in nodes.iter().zip(&ids) {
        if let Some(id) = id {
            add_node(b, layout, n, id);
        }
    }
    b.entities_done();
    let ends = Ends {
        ids: &ids,
        known: ids.iter().flatten().map(String::as_str).collect(),
        by_position: index_links && !numeric_ids,
    };
    for e in edges {
        add_edge(b, layout, e, &ends);
    }
}

const NAME_KEYS: &[&str] = &["name", "label"];
const KIND_KEYS: &[&str] = &["kind", "type", "group", "label"];
const TYPE_KEYS: &[&str] = &["type", "label", "relation", "interaction"];

/// The first of `keys` holding a non-empty scalar, other than `taken`.
fn pick(fields: &Fields<'_>, keys: &[&'static str], taken: &str) -> Option<(&'static str, String)> {
    keys.iter().filter(|k| **k != taken).find_map(|k| {
        json::get(fields, k)
            .and_then(Json::scalar_text)
            .filter(|t| !t.trim().is_empty())
            .map(|t| (*k, t))
    })
}

fn add_node(b: &mut Builder, layout: &Layout, n: &Record<'_>, id: &str) {
    let base = layout.node_base(n.file_ix);
    let (name_key, name) = pick(n.fields, NAME_KEYS, "").unwrap_or(("id", id.to_string()));
    let (kind_key, kind) = pick(n.fields, KIND_KEYS, name_key).unwrap_or(("", "node".into()));
    let attrs = push_attrs(b, n.fields, &["id", name_key, kind_key], &base);
    let empty_strings = b.end_strings(b.begin_strings());
    let no_sources = b.end_sources(b.begin_sources());
    b.add_entity(EntityInput {
        file_ix: n.file_ix,
        id: Some(id),
        kind: Some(&kind),
        name: Some(&name),
        summary: None,
        aliases: empty_strings,
        tags: empty_strings,
        attrs,
        sources: no_sources,
    });
}

/// How link ends are resolved to entity ids.
struct Ends<'a> {
    ids: &'a [Option<String>],
    known: HashSet<&'a str>,
    by_position: bool,
}

impl Ends<'_> {
    fn resolve(&self, end: &Json<'_>) -> Option<String> {
        match end {
            Json::Str(s) => Some(s.to_string()),
            Json::Num(num) => {
                let text = num.to_string();
                if self.known.contains(text.as_str()) || !self.by_position {
                    return Some(text);
                }
                let at = num
                    .as_u64()
                    .and_then(|p| self.ids.get(p as usize))
                    .cloned()
                    .flatten();
                Some(at.unwrap_or(text))
            }
            // D3 replaces the ends with the node objects once a simulation has run.
            Json::Obj(node) => json::get(node, "id")
                .or_else(|| json::get(node, "index"))
                .and_then(|v| self.resolve(v)),
            _ => None,
        }
    }
}

fn add_edge(b: &mut Builder, layout: &Layout, e: &Record<'_>, ends: &Ends<'_>) {
    let base = layout.edge_base(e.file_ix);
    let mut resolved = [None, None];
    for (slot, key) in resolved.iter_mut().zip(["source", "target"]) {
        match json::get(e.fields, key) {
            None => b.error(
                Problem::new(base.clone(), format!("the edge has no '{key}'"))
                    .with_hint(Some("every edge needs \"source\" and \"target\"".into())),
            ),
            Some(v) => match ends.resolve(v) {
                Some(id) => *slot = Some(id),
                None => b.error(Problem::new(
                    format!("{base}.{key}"),
                    format!("'{key}' must be a node id (a string or a number)"),
                )),
            },
        }
    }
    let [Some(from), Some(to)] = resolved else {
        return;
    };
    let (type_key, rtype) = pick(e.fields, TYPE_KEYS, "").unwrap_or(("", "linked".into()));
    let attrs = push_attrs(b, e.fields, &["source", "target", type_key], &base);
    let no_sources = b.end_sources(b.begin_sources());
    b.add_relation(
        e.file_ix,
        Some(&from),
        Some(&to),
        Some(&rtype),
        attrs,
        no_sources,
    );
}

/// Every field but `skip` as an attribute.
fn push_attrs(b: &mut Builder, fields: &Fields<'_>, skip: &[&str], base: &str) -> Slots {
    let start = b.begin_attrs();
    for (key, value) in fields {
        if skip.contains(&key.as_ref()) {
            continue;
        }
        let text;
        let input = match value {
            Json::Null => ValueInput::Null,
            Json::Bool(v) => ValueInput::Bool(*v),
            Json::Num(n) => match n.as_i64() {
                Some(i) => ValueInput::Int(i),
                None => ValueInput::Float(n.as_f64().unwrap_or(f64::NAN)),
            },
            Json::Str(s) => ValueInput::Str(s),
            Json::Arr(_) | Json::Obj(_) => {
                text = value.to_text();
                ValueInput::Str(&text)
            }
        };
        b.push_attr(key, input, || format!("{base}.{key}"));
    }
    b.end_attrs(start)
}

/// Keeps every top-level field but `skip` as graph metadata; a `name` in `title_in` becomes the
/// graph's title.
pub(crate) fn keep_meta(b: &mut Builder, top: &Fields<'_>, skip: &[&str], title_in: &str) {
    for (key, value) in top {
        if skip.contains(&key.as_ref()) {
            continue;
        }
        if key == title_in
            && let Json::Obj(fields) = value
            && let Some(Json::Str(name)) = json::get(fields, "name")
        {
            b.set_title(name);
        }
        b.add_meta(key, value.to_text());
    }
}

#[cfg(test)]
mod tests;
