//! JSON in no standard shape, read through a MAP (`--map MAP.json`): the node records where the
//! MAP says, each with the id, name, kind, aliases, summary and attributes it names; relations
//! from neighbour lists inside the nodes (`"investors": ["Sequoia", ...]`) and from edge records
//! (`{"src", "dst", "rel"}`). An end that no node record defines becomes an entity of the kind
//! the MAP gives (default `node`): an edge list alone is a whole graph.
//!
//! A MAP path that finds nothing in the file is reported at the MAP's line, with the record
//! lists the file does have; a record without its id is reported at the record, in the file.
//! `spec` reads MAPs, `suggest` writes a first MAP for a file; `pointer` walks paths. What this
//! module does not do: guess (that is `suggest`'s job, and only when asked).

pub(crate) mod pointer;
pub(crate) mod spec;
pub(crate) mod suggest;

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};

use self::pointer::{Pointer, record_lists};
use self::spec::{Attributes, By, Link, Mapping, Placed, Value};
use super::json::{Fields, Json};
use super::sink::{At, Extra, Sink, Val, offset_of, parse_document};
use crate::escape::safe_text;
use crate::graph::error::{LoadError, ProblemKind};
use crate::graph::load::LoadOptions;
use crate::graph::load::Loaded;
use crate::graph::load::format::{Detected, Format};

/// Reads `text` as the MAP says.
pub(crate) fn load(
    text: &str,
    origin: &str,
    opts: LoadOptions,
    map: &Mapping,
) -> Result<Loaded, LoadError> {
    let root = parse_document(text, origin)?;
    let mut sink = Sink::new(text, opts, ["from", "to"]);
    sink.duplicate_keys(&root, 0);
    let mut ends = Ends::default();
    let mut pending = Vec::new();
    let node_records = match &map.nodes {
        Some(nodes) => records_at(&root, &nodes.at, "nodes", map, origin)?,
        None => Vec::new(),
    };
    if let Some(nodes) = &map.nodes {
        for (i, (key, record)) in node_records.iter().enumerate() {
            let name = format!(
                "{}/{i}",
                nodes.at.pointer.as_pointer().trim_end_matches('/')
            );
            let at = At::new(offset_of(text, record).unwrap_or(0), name);
            if let Some(id) = node(&mut sink, map, at.clone(), (*key, i), record, &mut ends) {
                for link in &nodes.links {
                    pending.push((id.clone(), link, at.clone(), record));
                }
            }
        }
    }
    for (id, link, at, record) in pending {
        links(&mut sink, &id, link, at, record, &mut ends);
    }
    if let Some(edges) = &map.edges {
        let records = records_at(&root, &edges.at, "edges", map, origin)?;
        for (i, (_, record)) in records.iter().enumerate() {
            let name = format!(
                "{}/{i}",
                edges.at.pointer.as_pointer().trim_end_matches('/')
            );
            let at = At::new(offset_of(text, record).unwrap_or(0), name);
            edge(&mut sink, map, at, record, &mut ends);
        }
    }
    let detected = Detected {
        format: Format::Mapped,
        lines: false,
        name: "JSON read through a MAP",
    };
    sink.finish(origin, detected)
}

/// The entities seen so far, by id and by name, and the ends made for references no record
/// defines.
#[derive(Default)]
struct Ends {
    ids: HashSet<String>,
    names: HashMap<String, String>,
}

impl Ends {
    /// The id an end names, making an entity of `kind` for it when no record defines it.
    fn resolve(&mut self, sink: &mut Sink<'_>, text: &str, by: By, kind: &str, at: &At) -> String {
        if by == By::Name
            && let Some(id) = self.names.get(text)
        {
            return id.clone();
        }
        if !self.ids.contains(text) {
            let made = At::new(at.offset, format!("{} (an end no record defines)", at.name));
            sink.entity(made, text, kind, text, None, Extra::default());
            self.ids.insert(text.to_string());
            self.names
                .entry(text.to_string())
                .or_insert_with(|| text.to_string());
        }
        text.to_string()
    }
}

/// The records a MAP's `at` finds: an array of objects, or an object of objects (keyed by id).
fn records_at<'j, 't>(
    root: &'j Json<'t>,
    at: &Placed,
    what: &str,
    map: &Mapping,
    origin: &str,
) -> Result<Vec<(Option<&'j str>, &'j Json<'t>)>, LoadError> {
    let fail = |message: String| LoadError::Syntax {
        origin: map.origin.clone(),
        location: at.line,
        kind: Box::new(ProblemKind::Other(message)),
        hint: Some(files_lists(root)),
    };
    let found = at.pointer.find(root).ok_or_else(|| {
        fail(format!(
            "{what} \"{}\": no such path in {}",
            safe_text(&at.pointer.text),
            safe_text(origin)
        ))
    })?;
    match found {
        Json::Arr(items) => Ok(items.iter().map(|v| (None, v)).collect()),
        Json::Obj(fields) if fields.iter().all(|(_, v)| matches!(v, Json::Obj(_))) => {
            Ok(fields.iter().map(|(k, v)| (Some(k.as_ref()), v)).collect())
        }
        other => Err(fail(format!(
            "{what} \"{}\" in {} is {}, not a list of records",
            safe_text(&at.pointer.text),
            safe_text(origin),
            shape(other)
        ))),
    }
}

/// The record lists a file holds, for a MAP whose path found nothing.
fn files_lists(root: &Json<'_>) -> String {
    let lists = record_lists(root);
    if lists.is_empty() {
        return "the file holds no list of objects; `kgx map --suggest FILE` shows its shape"
            .into();
    }
    let shown: Vec<String> = lists
        .iter()
        .take(4)
        .map(|(p, n)| format!("{} ({n} objects)", safe_text(p)))
        .collect();
    format!("the file has {}", shown.join(", "))
}

fn shape(v: &Json<'_>) -> &'static str {
    match v {
        Json::Null => "null",
        Json::Bool(_) => "a boolean",
        Json::Num(_) => "a number",
        Json::Str(_) => "a string",
        Json::Arr(_) => "a list",
        Json::Obj(_) => "an object",
    }
}

/// The text at `p` in a record: a string, number or boolean.
fn text_at(record: &Json<'_>, p: &Pointer) -> Option<String> {
    p.find(record)
        .and_then(Json::scalar_text)
        .filter(|t| !t.trim().is_empty())
}

fn value_text(record: &Json<'_>, v: &Value) -> Option<String> {
    match v {
        Value::Const(text) => Some(text.clone()),
        Value::Field(p) => text_at(record, &p.pointer),
    }
}

/// One node record; its id when it has one.
fn node(
    sink: &mut Sink<'_>,
    map: &Mapping,
    at: At,
    (key, index): (Option<&str>, usize),
    record: &Json<'_>,
    ends: &mut Ends,
) -> Option<String> {
    let Some(spec) = &map.nodes else {
        return None;
    };
    let id = match (&spec.id, key) {
        (Some(p), _) => text_at(record, &p.pointer),
        (None, Some(key)) => Some(key.to_string()),
        (None, None) => Some(index.to_string()),
    };
    let Some(id) = id else {
        let p = spec.id.as_ref().map(|p| &p.pointer.text);
        sink.error(
            at.offset,
            at.name.to_string(),
            format!(
                "no id at \"{}\" (as {}:{} says)",
                p.map_or("", |s| s.as_str()),
                map.origin,
                spec.id.as_ref().map_or(0, |p| p.line.line)
            ),
        );
        return None;
    };
    let name = spec
        .name
        .as_ref()
        .and_then(|p| text_at(record, &p.pointer))
        .unwrap_or_else(|| id.clone());
    let kind = spec
        .kind
        .as_ref()
        .and_then(|k| value_text(record, k))
        .unwrap_or_else(|| "node".into());
    let summary = spec
        .summary
        .as_ref()
        .and_then(|p| text_at(record, &p.pointer));
    let mut extra = Extra::default();
    if let Some(p) = &spec.aliases {
        extra.aliases = strings(p.pointer.find(record));
    }
    let mut used: Vec<&Pointer> = [&spec.id, &spec.name, &spec.aliases, &spec.summary]
        .into_iter()
        .flatten()
        .map(|p| &p.pointer)
        .collect();
    if let Some(Value::Field(p)) = &spec.kind {
        used.push(&p.pointer);
    }
    used.extend(spec.links.iter().map(|l| &l.field.pointer));
    extra.attrs = attributes(record, &spec.attributes, &used);
    // A second record with the same id is the builder's to report; names keep the first.
    ends.ids.insert(id.clone());
    ends.names.entry(name.clone()).or_insert_with(|| id.clone());
    sink.entity(at, &id, &kind, &name, summary.as_deref(), extra);
    Some(id)
}

/// A string, or a list of strings and numbers, as texts.
fn strings<'t>(v: Option<&Json<'t>>) -> Vec<Cow<'t, str>> {
    match v {
        Some(Json::Arr(items)) => items
            .iter()
            .filter_map(|i| i.scalar_text())
            .map(Cow::Owned)
            .collect(),
        Some(v) => v.scalar_text().map(Cow::Owned).into_iter().collect(),
        None => Vec::new(),
    }
}

/// The attributes a record keeps, as the MAP says.
fn attributes<'j, 't>(
    record: &'j Json<'t>,
    which: &Attributes,
    used: &[&Pointer],
) -> Vec<(Cow<'j, str>, Val<'j>)> {
    match which {
        Attributes::None => Vec::new(),
        Attributes::Only(list) => list
            .iter()
            .filter_map(|p| {
                let key = p.steps.last()?.clone();
                Some((Cow::Owned(key), Val::Json(p.find(record)?)))
            })
            .collect(),
        Attributes::Rest => {
            let Json::Obj(fields) = record else {
                return Vec::new();
            };
            rest(fields, used)
        }
    }
}

/// Every top-level field of a record that no path the MAP uses starts with.
fn rest<'j, 't>(fields: &'j Fields<'t>, used: &[&Pointer]) -> Vec<(Cow<'j, str>, Val<'j>)> {
    fields
        .iter()
        .filter(|(k, _)| !used.iter().any(|p| p.steps.first().is_some_and(|s| s == k)))
        .map(|(k, v)| (Cow::Borrowed(k.as_ref()), Val::Json(v)))
        .collect()
}

/// The relations a node's neighbour list makes.
fn links(sink: &mut Sink<'_>, id: &str, link: &Link, at: At, record: &Json<'_>, ends: &mut Ends) {
    let items: Vec<&Json<'_>> = match link.field.pointer.find(record) {
        Some(Json::Arr(items)) => items.iter().collect(),
        Some(Json::Null) | None => return,
        Some(one) => vec![one],
    };
    for (k, item) in items.into_iter().enumerate() {
        let name = format!("{}/{}/{k}", at.name, link.field.pointer.steps.join("/"));
        let item_at = At::new(offset_of(sink.text, item).unwrap_or(at.offset), name);
        let (text, attrs) = match (item, &link.item) {
            (Json::Obj(_), Some(p)) => {
                let Some(text) = text_at(item, p) else {
                    sink.error(
                        item_at.offset,
                        item_at.name.to_string(),
                        format!("no neighbour at \"{}\" (the MAP's link \"item\")", p.text),
                    );
                    continue;
                };
                let used = [p];
                let Json::Obj(fields) = item else { continue };
                (text, rest(fields, &used))
            }
            (Json::Obj(_), None) => {
                sink.error(
                    item_at.offset,
                    item_at.name.to_string(),
                    "a neighbour here is an object: say which of its fields names it with the link's \"item\"",
                );
                continue;
            }
            (other, _) => match other.scalar_text().filter(|t| !t.trim().is_empty()) {
                Some(text) => (text, Vec::new()),
                None => continue,
            },
        };
        let other = ends.resolve(sink, &text, link.by, &link.kind, &item_at);
        let (from, to) = if link.inward {
            (other.as_str(), id)
        } else {
            (id, other.as_str())
        };
        let extra = Extra {
            attrs,
            ..Extra::default()
        };
        sink.relation(item_at, from, to, &link.rtype, extra);
    }
}

/// One edge record.
fn edge(sink: &mut Sink<'_>, map: &Mapping, at: At, record: &Json<'_>, ends: &mut Ends) {
    let Some(spec) = &map.edges else {
        return;
    };
    let mut end = |p: &Placed, word: &str, sink: &mut Sink<'_>| {
        let text = text_at(record, &p.pointer);
        if text.is_none() {
            sink.error(
                at.offset,
                at.name.to_string(),
                format!(
                    "no {word} at \"{}\" (as {}:{} says)",
                    p.pointer.text, map.origin, p.line.line
                ),
            );
        }
        text.map(|t| ends.resolve(sink, &t, spec.by, &spec.kind, &at))
    };
    let from = end(&spec.from, "from", sink);
    let to = end(&spec.to, "to", sink);
    let (Some(from), Some(to)) = (from, to) else {
        return;
    };
    let rtype = spec
        .rtype
        .as_ref()
        .and_then(|t| value_text(record, t))
        .unwrap_or_else(|| "linked".into());
    let mut used = vec![&spec.from.pointer, &spec.to.pointer];
    if let Some(Value::Field(p)) = &spec.rtype {
        used.push(&p.pointer);
    }
    let extra = Extra {
        attrs: attributes(record, &spec.attributes, &used),
        ..Extra::default()
    };
    sink.relation(at, &from, &to, &rtype, extra);
}
