//! Format detection: which importer reads a text, decided from its first bytes and its first
//! record, never from a parse of the whole file (a native file may be hundreds of megabytes and
//! is parsed once, by its own loader).
//!
//! What it looks at: the first byte (`{` or `[`, else it is not a graph), the top-level keys of
//! the first object (skipped over byte by byte, not parsed), and at most one record parsed in
//! full: the first line of a JSON Lines file, the first element of an array, or the first node
//! of a `nodes` list. A text in none of the known shapes gets [`NotAGraph`], which says what was
//! seen. What it does not do: read the records themselves (each importer does).

use super::json::{self, Fields, Json};
use crate::graph::load::format::{Detected, Format};

mod scan;
use scan::{first_item, top_keys, value_end};

/// The formats listed when a file is in none of them.
pub(crate) const KGX_READS: &str = "kgx reads kgx JSON, node-link (networkx, D3), Cytoscape.js, \
     Neo4j APOC, TinkerPop GraphSON, graphology, Wikidata, FollowTheMoney, BODS, JSON-LD, \
     triple lists and kgx JSON Lines; see docs/import-export.md";

/// A text in no shape kgx knows: what was seen there, and where.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct NotAGraph {
    pub offset: usize,
    pub seen: String,
}

impl NotAGraph {
    fn new(offset: usize, seen: impl Into<String>) -> NotAGraph {
        NotAGraph {
            offset,
            seen: seen.into(),
        }
    }

    /// `not a graph kgx knows: a top-level object with keys "u", "rel"; kgx reads …`.
    pub(crate) fn message(&self) -> String {
        format!("not a graph kgx knows: {}; {KGX_READS}", self.seen)
    }
}

/// How many bytes of a stream are enough to tell that it cannot be a graph.
pub(crate) const SNIFF_BYTES: usize = 1024;

/// Checks the first bytes of an input: JSON text starts (after a byte-order mark and
/// whitespace) with `{` or `[` and holds no control characters. Binary data (`/dev/zero`,
/// `/dev/urandom`) fails here, before the rest of the stream is read. `Ok` when the prefix is
/// all whitespace too: more must be read to tell.
pub(crate) fn sniff(prefix: &[u8]) -> Result<(), NotAGraph> {
    let bom = if prefix.starts_with(b"\xEF\xBB\xBF") {
        3
    } else {
        0
    };
    let body = &prefix[bom..];
    // A multi-byte character may be cut at the end of the prefix.
    let valid = match std::str::from_utf8(body) {
        Ok(_) => body.len(),
        Err(e) if e.error_len().is_none() => e.valid_up_to(),
        Err(e) => {
            let at = bom + e.valid_up_to();
            return Err(NotAGraph::new(
                at,
                format!("binary data, not UTF-8 text (byte 0x{:02x})", prefix[at]),
            ));
        }
    };
    if let Some(i) = body[..valid]
        .iter()
        .position(|b| *b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r'))
    {
        return Err(NotAGraph::new(
            bom + i,
            format!("binary data (control byte 0x{:02x})", body[i]),
        ));
    }
    match body.iter().find(|b| !b.is_ascii_whitespace()) {
        None | Some(b'{' | b'[') => Ok(()),
        Some(_) => {
            let start = body
                .iter()
                .position(|b| !b.is_ascii_whitespace())
                .unwrap_or(0);
            let text = String::from_utf8_lossy(&body[start..valid.max(start)]);
            let shown: String = text.chars().take(24).collect();
            Err(NotAGraph::new(
                bom + start,
                format!("text that is not JSON: it starts with {shown:?}"),
            ))
        }
    }
}

/// How far the key scan reads into the first object before it stops looking.
pub(super) const PEEK_BUDGET: usize = 1 << 20;

/// Detects the format of `text` (already checked to be non-empty UTF-8). `forced` (`--from`)
/// skips the guessing but not the framing: whether the text is one document or JSON Lines.
pub(crate) fn detect(text: &str, forced: Option<Format>) -> Result<Detected, NotAGraph> {
    let start = text.len() - text.trim_start().len();
    let first = text.as_bytes().get(start).copied();
    if !matches!(first, Some(b'{' | b'[')) {
        // Text that is not JSON: the native parser says exactly where and why.
        let head = &text.as_bytes()[..text.len().min(SNIFF_BYTES)];
        if let Err(e) = sniff(head)
            && e.seen.starts_with("binary")
        {
            return Err(e);
        }
        return Ok(Detected::new(Format::Native, false, "kgx JSON"));
    }
    let end = value_end(text, start);
    let lines = end.is_some_and(|e| {
        let rest = text[e..].trim_start();
        rest.starts_with('{') || rest.starts_with('[')
    });
    if let Some(format) = forced {
        let name = if lines {
            "JSON Lines (--from)"
        } else {
            "JSON (--from)"
        };
        return Ok(Detected::new(format, lines, name));
    }
    if lines && first == Some(b'{') && native_keys(text, start) {
        // Two native documents back to back: the native parser reports the second.
        return Ok(Detected::new(Format::Native, false, "kgx JSON"));
    }
    if lines {
        let first = end.map_or("", |e| &text[start..e]);
        let record =
            json::parse(first).map_err(|_| NotAGraph::new(start, "a broken first line"))?;
        // kgx JSON Lines may open with the graph's title.
        if let Json::Obj(f) = &record
            && f.len() == 1
            && matches!(json::get(f, "title"), Some(Json::Str(_)))
        {
            return Ok(Detected::new(Format::KgxLines, true, "kgx JSON Lines"));
        }
        return classify_record(&record)
            .map(|(format, name)| Detected::new(format, true, lines_name(format, name)))
            .ok_or_else(|| unknown_record(start, &record, "JSON Lines of"));
    }
    if first == Some(b'[') {
        return detect_array(text, start);
    }
    detect_object(text, start)
}

/// The name of a JSON Lines shape of `format`.
fn lines_name(format: Format, name: &'static str) -> &'static str {
    match format {
        Format::Apoc => "Neo4j APOC JSON Lines",
        Format::GraphSon => "TinkerPop GraphSON adjacency lines",
        Format::Wikidata => "Wikidata entity JSON Lines",
        Format::Ftm => "FollowTheMoney JSON Lines",
        Format::Bods => "BODS statement JSON Lines",
        Format::JsonLd => "JSON-LD node lines",
        Format::Triples => "triple JSON Lines",
        Format::KgxLines => "kgx JSON Lines",
        _ => name,
    }
}

fn detect_array(text: &str, start: usize) -> Result<Detected, NotAGraph> {
    let Some(item) = first_item(text, start) else {
        // `[]`, or an array whose first element is not JSON: Cytoscape's flat reader reports it.
        return Ok(Detected::new(
            Format::Cytoscape,
            false,
            "Cytoscape.js element array",
        ));
    };
    let name = match classify_record(&item) {
        Some((Format::Apoc, _)) => "Neo4j APOC JSON array (ARRAY_JSON)",
        Some((Format::Wikidata, _)) => "Wikidata JSON dump",
        Some((Format::Ftm, _)) => "FollowTheMoney JSON array",
        Some((Format::Bods, _)) => "BODS statement array",
        Some((Format::JsonLd, _)) => "JSON-LD node array",
        Some((Format::Triples, _)) => "triple list",
        Some((Format::Cytoscape, _)) => "Cytoscape.js element array",
        Some((Format::GraphSon, _)) => "TinkerPop GraphSON vertex array",
        Some((Format::KgxLines, _)) => "kgx record array",
        // Objects of no known shape: read as Cytoscape elements, whose reader names what
        // each lacks.
        _ if matches!(item, Json::Obj(_)) => "Cytoscape.js element array",
        _ => return Err(unknown_record(start, &item, "an array of")),
    };
    let format = classify_record(&item).map_or(Format::Cytoscape, |c| c.0);
    Ok(Detected::new(format, false, name))
}

fn detect_object(text: &str, start: usize) -> Result<Detected, NotAGraph> {
    let keys = top_keys(text, start);
    let has = |k: &str| keys.iter().any(|(key, _)| *key == k);
    let opener = |k: &str| {
        keys.iter()
            .find(|(key, _)| *key == k)
            .and_then(|(_, at)| text.as_bytes().get(*at).copied())
    };
    let d = |format, name| Ok(Detected::new(format, false, name));
    // Native first: its keys decide at once, and it is the common case.
    if let Some((_, at)) = keys.iter().find(|(k, _)| *k == "entities")
        && first_key(text, *at).is_some_and(super::wikidata::is_entity_id)
    {
        return d(Format::Wikidata, "Wikidata API response");
    }
    // Native keys holding the wrong type: the native loader says which and where.
    let native_key = keys
        .iter()
        .any(|(k, _)| matches!(*k, "entities" | "relations" | "sources"));
    if native_keys(text, start) || native_key || keys.is_empty() {
        return d(Format::Native, "kgx JSON");
    }
    if has("nodes") && has("rels") {
        return match opener("nodes") {
            Some(b'{') => d(Format::Apoc, "Neo4j APOC JSON (JSON_ID_AS_KEYS)"),
            _ => d(Format::Apoc, "Neo4j APOC JSON (jsonFormat JSON)"),
        };
    }
    if has("vertices") || (has("mode") && has("edges")) {
        return d(Format::GraphSon, "TinkerPop legacy GraphSON");
    }
    if has("elements") {
        return d(Format::Cytoscape, "Cytoscape.js JSON");
    }
    if has("nodes") || (has("edges") && (has("attributes") || has("options"))) {
        let node = keys
            .iter()
            .find(|(k, _)| *k == "nodes")
            .and_then(|(_, at)| first_item(text, *at));
        let node_has = |k: &str| matches!(&node, Some(Json::Obj(f)) if json::get(f, k).is_some());
        if node_has("key") || ((has("attributes") || has("options")) && !node_has("id")) {
            return d(Format::Graphology, "graphology JSON");
        }
        if node_has("data") {
            return d(Format::Cytoscape, "Cytoscape.js JSON (nodes and edges)");
        }
        return d(Format::NodeLink, "node-link JSON");
    }
    if has("links") {
        return d(Format::NodeLink, "node-link JSON");
    }
    if opener("triples") == Some(b'[') {
        return d(Format::Triples, "triple list");
    }
    if has("@graph") || has("@context") {
        return d(Format::JsonLd, "JSON-LD document");
    }
    // One record as the whole document: parse it (it is the file, and the importer needs it).
    let end = value_end(text, start).unwrap_or(text.len());
    let Ok(record) = json::parse(&text[start..end]) else {
        // Not JSON after all: the native parser says where.
        return d(Format::Native, "kgx JSON");
    };
    match classify_record(&record) {
        Some((Format::Wikidata, _)) => d(Format::Wikidata, "Wikidata entity"),
        Some((Format::GraphSon, _)) => d(Format::GraphSon, "TinkerPop GraphSON"),
        Some((Format::JsonLd, _)) => d(Format::JsonLd, "JSON-LD node"),
        Some((Format::Apoc, _)) => d(Format::Apoc, "Neo4j APOC JSON Lines"),
        Some((Format::Ftm, _)) => d(Format::Ftm, "FollowTheMoney entity"),
        Some((Format::Bods, _)) => d(Format::Bods, "BODS statement"),
        Some((Format::KgxLines, _)) => d(Format::KgxLines, "kgx JSON Lines"),
        Some((Format::Triples, _)) => d(Format::Triples, "triple"),
        _ => Err(unknown_record(start, &record, "")),
    }
}

/// True when the object at `start` has a native key (`entities`, `relations`, `sources`)
/// holding an array.
fn native_keys(text: &str, start: usize) -> bool {
    top_keys(text, start).iter().any(|(k, at)| {
        matches!(*k, "entities" | "relations" | "sources")
            && text.as_bytes().get(*at) == Some(&b'[')
    })
}

/// The first key of the object at `at`.
fn first_key(text: &str, at: usize) -> Option<&str> {
    if text.as_bytes().get(at) != Some(&b'{') {
        return None;
    }
    top_keys(text, at).first().map(|(k, _)| *k)
}

/// The format of one record: a line of a JSON Lines file, an element of an array.
pub(crate) fn classify_record(record: &Json<'_>) -> Option<(Format, &'static str)> {
    let fields = match record {
        Json::Obj(fields) => fields,
        Json::Arr(items) if items.len() == 3 && items.iter().all(is_scalar) => {
            return Some((Format::Triples, "triple list"));
        }
        _ => return None,
    };
    let has = |k: &str| json::get(fields, k).is_some();
    let str_of = |k: &str| match json::get(fields, k) {
        Some(Json::Str(s)) => Some(s.as_ref()),
        _ => None,
    };
    if matches!(str_of("type"), Some("node" | "relationship")) && has("id") {
        return Some((Format::Apoc, "Neo4j APOC"));
    }
    if let Some(t) = str_of("@type")
        && has("@value")
        && (t.starts_with("g:") || t.starts_with("tinker:"))
    {
        return Some((Format::GraphSon, "TinkerPop GraphSON"));
    }
    if has("schema") && has("id") && (has("properties") || str_of("schema").is_some()) {
        return Some((Format::Ftm, "FollowTheMoney"));
    }
    if has("statementID")
        || has("statementId")
        || has("statementType")
        || (has("recordType") && has("recordDetails"))
    {
        return Some((Format::Bods, "BODS"));
    }
    if is_wikibase_entity(fields) {
        return Some((Format::Wikidata, "Wikidata"));
    }
    if has("@id") || has("@type") || has("@context") || has("@graph") {
        return Some((Format::JsonLd, "JSON-LD"));
    }
    if has("id") && has("label") && (has("outE") || has("inE") || has("properties")) {
        return Some((Format::GraphSon, "TinkerPop GraphSON"));
    }
    if (has("entity") || has("relation") || has("source")) && fields.len() == 1 {
        return Some((Format::KgxLines, "kgx"));
    }
    if (has("id") && has("kind") && has("name")) || (has("from") && has("to") && has("type")) {
        return Some((Format::KgxLines, "kgx"));
    }
    if super::triples::triple_keys(fields).is_some() {
        return Some((Format::Triples, "triple list"));
    }
    if matches!(json::get(fields, "data"), Some(Json::Obj(_))) {
        return Some((Format::Cytoscape, "Cytoscape.js"));
    }
    None
}

/// A Wikibase entity: `type` item/property/lexeme/… with `claims` or `labels`, or an id like
/// `Q42` with them (API responses omit nothing, dumps and SDK objects may omit `type`).
fn is_wikibase_entity(fields: &Fields<'_>) -> bool {
    let has = |k: &str| json::get(fields, k).is_some();
    let typed = matches!(
        json::get(fields, "type"),
        Some(Json::Str(t)) if matches!(t.as_ref(), "item" | "property" | "lexeme" | "mediainfo" | "form" | "sense")
    );
    let wikibase_id = matches!(
        json::get(fields, "id"),
        Some(Json::Str(id)) if super::wikidata::is_entity_id(id)
    );
    let body = has("claims") || has("labels") || has("statements") || has("sitelinks");
    (typed && (body || wikibase_id)) || (wikibase_id && body)
}

fn is_scalar(v: &Json<'_>) -> bool {
    matches!(v, Json::Str(_) | Json::Num(_))
}

/// The "not a graph" error for a record of no known shape, saying what it holds (and what it
/// looks like, for a shape kgx recognises but does not read). `framing` is `""` for a whole
/// document, else what holds the records (`JSON Lines of`, `an array of`).
fn unknown_record(offset: usize, record: &Json<'_>, framing: &str) -> NotAGraph {
    let (one, many) = match record {
        Json::Obj(fields) => {
            let keys: Vec<&str> = fields.iter().map(|(k, _)| k.as_ref()).collect();
            let listed = key_list(&keys);
            let hint = if looks_like_query_rows(fields) {
                " (looks like query rows from apoc.export.json.query: export with \
                 apoc.export.json.all or apoc.export.json.graph instead)"
            } else {
                ""
            };
            (
                format!("a top-level object{listed}{hint}"),
                format!("objects{listed}{hint}"),
            )
        }
        Json::Arr(_) => ("a top-level array".to_string(), "arrays".to_string()),
        _ => ("a scalar".to_string(), "scalars".to_string()),
    };
    NotAGraph::new(
        offset,
        match framing {
            "" => one,
            f => format!("{f} {many}"),
        },
    )
}

/// ` with keys "a", "b"` (at most eight, each cut to 40 characters).
fn key_list(keys: &[&str]) -> String {
    let mut names: Vec<String> = keys
        .iter()
        .take(8)
        .map(|k| format!("{:?}", k.chars().take(40).collect::<String>()))
        .collect();
    if keys.len() > 8 {
        names.push("…".into());
    }
    match names.len() {
        0 => " with no keys".to_string(),
        1 => format!(" with the key {}", names[0]),
        _ => format!(" with keys {}", names.join(", ")),
    }
}

/// A row of `apoc.export.json.query`: values that are nodes, relationships or paths.
fn looks_like_query_rows(fields: &Fields<'_>) -> bool {
    fields.iter().any(|(_, v)| match v {
        Json::Obj(inner) => {
            matches!(json::get(inner, "type"), Some(Json::Str(t)) if t == "node" || t == "relationship")
                || (json::get(inner, "start").is_some() && json::get(inner, "end").is_some())
        }
        _ => false,
    })
}

#[cfg(test)]
mod tests;
