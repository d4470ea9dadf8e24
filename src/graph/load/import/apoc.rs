//! Neo4j APOC `apoc.export.json.*` exports, in each `jsonFormat`: `JSON_LINES` (the default: one
//! `{"type":"node"|"relationship",…}` record per line), `ARRAY_JSON` (the same records in one
//! array), `JSON` (`{"nodes":[…],"rels":[…]}`) and `JSON_ID_AS_KEYS` (`nodes` and `rels` as
//! objects keyed by id).
//!
//! Mapping: a node's `id` is the entity id; its first label is the kind and every label a tag;
//! `properties.name`, else `title`, else `label`, is the name; the other properties are
//! attributes (lists, points and maps as their JSON text). A relationship goes from `start.id`
//! to `end.id`, typed by its `label`, its properties as attributes. What it does not do: read
//! `apoc.export.json.query` rows (detection says so and names the export to use).

use std::borrow::Cow;

use super::apoc_line::{self, ApocLine, Lists};
use super::json::{self, Fields, Json};
use super::line_cursor::{Prop, generic_only};
use super::lines::{self, Parsed};
use super::sink::{At, Extra, Sink, offset_of, parse_document, read_indexing_ids_at_once};
use crate::graph::error::LoadError;
use crate::graph::load::LoadOptions;
use crate::graph::load::Loaded;
use crate::graph::load::format::Detected;

/// Node properties that name the node, in order of preference.
pub(crate) const NAME_KEYS: &[&str] = &["name", "title", "label"];

pub(crate) fn load(
    text: &str,
    origin: &str,
    opts: LoadOptions,
    detected: Detected,
) -> Result<Loaded, LoadError> {
    if detected.lines {
        return load_lines(text, origin, opts, detected);
    }
    let mut sink = Sink::new(text, opts, ["start", "end"]);
    let root = parse_document(text, origin)?;
    sink.duplicate_keys(&root, 0);
    match &root {
        Json::Arr(items) => {
            for item in items {
                record(&mut sink, item, offset_of(text, item).unwrap_or(0), None);
            }
        }
        Json::Obj(top) if json::get(top, "nodes").is_some() || json::get(top, "rels").is_some() => {
            for key in ["nodes", "rels"] {
                let expect = if key == "nodes" {
                    "node"
                } else {
                    "relationship"
                };
                match json::get(top, key) {
                    Some(Json::Arr(items)) => {
                        for item in items {
                            let at = offset_of(text, item).unwrap_or(0);
                            record(&mut sink, item, at, Some(expect));
                        }
                    }
                    Some(Json::Obj(by_id)) => {
                        for (_, item) in by_id {
                            let at = offset_of(text, item).unwrap_or(0);
                            record(&mut sink, item, at, Some(expect));
                        }
                    }
                    None | Some(Json::Null) => {}
                    Some(other) => sink.error(
                        offset_of(text, other).unwrap_or(0),
                        key,
                        format!("'{key}' must be an array or an object keyed by id"),
                    ),
                }
            }
        }
        other => record(&mut sink, other, 0, None),
    }
    sink.finish(origin, detected)
}

/// Reads JSON Lines (the ids indexed at once).
fn load_lines(
    text: &str,
    origin: &str,
    opts: LoadOptions,
    detected: Detected,
) -> Result<Loaded, LoadError> {
    let reader: Reader = if generic_only() {
        |_, _| None
    } else {
        apoc_line::read
    };
    let sink = read_indexing_ids_at_once(text, &opts, ["start", "end"], |sink| {
        sink.names_read_again_by(name_of_line);
        let each =
            |sink: &mut Sink<'_>, offset, _, value: &mut Parsed<'_, _>, lists: &Lists<'_>| {
                match value {
                    Parsed::Typed(line) => typed(sink, line, lists, offset),
                    Parsed::Tree(value) => record(sink, value, offset, None),
                }
            };
        lines::for_each_typed(sink, false, reader, each);
    });
    sink.finish(origin, detected)
}

/// How lines are read before the generic tree: by fields, or (tests) not at all.
type Reader = for<'t> fn(&'t str, &mut Lists<'t>) -> Option<ApocLine<'t>>;

/// One node or relationship record; `expect` is the type its list implies when it has none.
fn record(sink: &mut Sink<'_>, value: &Json<'_>, offset: usize, expect: Option<&str>) {
    let Json::Obj(fields) = value else {
        sink.error(offset, "record", "an APOC record must be an object");
        return;
    };
    let rtype = match json::get(fields, "type") {
        Some(Json::Str(t)) => t.as_ref(),
        _ => expect.unwrap_or(""),
    };
    match rtype {
        "node" | "relationship" => {
            let mut lists = Lists::default();
            let rec = of_tree(fields, &mut lists);
            typed(
                sink,
                &ApocLine {
                    node: rtype == "node",
                    ..rec
                },
                &lists,
                offset,
            );
        }
        other => sink.error(
            offset,
            "record",
            format!(
                "'type' must be \"node\" or \"relationship\", not {:?}",
                other.chars().take(40).collect::<String>()
            ),
        ),
    }
}

/// The name of the record on the line starting at byte `offset`: `word` and its id (for
/// messages about it).
fn name_of_line(text: &str, offset: usize, word: &str) -> Option<String> {
    match lines::record_at(text, offset)? {
        Json::Obj(fields) => Some(format!("{word} {}", id_of(&fields).unwrap_or_default())),
        _ => None,
    }
}

/// Where a record stands, named `node 42` in messages (the id read again only then, when
/// the sink can).
fn place(sink: &Sink<'_>, offset: usize, word: &'static str, id: &str) -> At {
    if sink.reads_names_again() {
        At::with_id(offset, word)
    } else {
        At::new(offset, format!("{word} {id}"))
    }
}

/// The `id` of a record (strings as they are, numbers in decimal).
pub(crate) fn id_of(fields: &Fields<'_>) -> Option<String> {
    json::get(fields, "id").and_then(Json::scalar_text)
}

/// What the mapping reads of a record's generic tree, as the typed reader gives it.
fn of_tree<'t>(fields: &Fields<'t>, lists: &mut Lists<'t>) -> ApocLine<'t> {
    let end = |key: &str| match json::get(fields, key) {
        Some(Json::Obj(n)) => id_of(n),
        Some(v) => v.scalar_text(),
        None => None,
    };
    if let Some(Json::Arr(labels)) = json::get(fields, "labels") {
        let labels = labels.iter().filter_map(Json::scalar_text).map(Cow::Owned);
        lists.labels.extend(labels);
    }
    let props = properties(fields).iter();
    lists
        .properties
        .extend(props.map(|(k, v)| (k.clone(), Prop::of(v))));
    ApocLine {
        node: false,
        id: id_of(fields).map(Cow::Owned),
        labels: 0..lists.labels.len(),
        properties: 0..lists.properties.len(),
        label: json::get(fields, "label")
            .and_then(Json::scalar_text)
            .map(Cow::Owned),
        start: end("start").map(Cow::Owned),
        end: end("end").map(Cow::Owned),
    }
}

/// A record read by the typed reader (or from the generic tree), with its chunk's lists.
fn typed(sink: &mut Sink<'_>, rec: &ApocLine<'_>, lists: &Lists<'_>, offset: usize) {
    if rec.node {
        node(sink, rec, lists, offset);
    } else {
        relationship(sink, rec, lists, offset);
    }
}

fn node(sink: &mut Sink<'_>, rec: &ApocLine<'_>, lists: &Lists<'_>, offset: usize) {
    let Some(id) = rec.id.as_deref() else {
        sink.error(offset, "node", "the node has no 'id'");
        return;
    };
    let at = place(sink, offset, "node", id);
    let labels = lists.labels(rec);
    let mut extra = Extra {
        tags: labels.iter().map(|l| Cow::Borrowed(l.as_ref())).collect(),
        ..Extra::default()
    };
    let kind = labels.first().map_or("node", |k| k.as_ref());
    let props = lists.properties(rec);
    let (name_key, name) = name_of(props).unwrap_or(("", Cow::Borrowed(id)));
    for (k, v) in props {
        if k != name_key {
            extra.attr(k.as_ref(), v.val());
        }
    }
    sink.entity(at, id, kind, &name, None, extra);
}

/// The first non-empty scalar among the [`NAME_KEYS`] properties, with its key (as
/// [`first_text`] on the generic tree).
fn name_of<'p>(props: &'p [(Cow<'_, str>, Prop<'_>)]) -> Option<(&'static str, Cow<'p, str>)> {
    NAME_KEYS.iter().find_map(|k| {
        props
            .iter()
            .find(|(key, _)| key == k)
            .and_then(|(_, v)| v.text())
            .filter(|t| !t.trim().is_empty())
            .map(|t| (*k, t))
    })
}

fn properties<'j, 't>(fields: &'j Fields<'t>) -> &'j Fields<'t> {
    match json::get(fields, "properties") {
        Some(Json::Obj(p)) => p,
        _ => &[],
    }
}

fn relationship(sink: &mut Sink<'_>, rec: &ApocLine<'_>, lists: &Lists<'_>, offset: usize) {
    let id = rec.id.as_deref().unwrap_or_default();
    let at = place(sink, offset, "relationship", id);
    let (Some(from), Some(to)) = (rec.start.as_deref(), rec.end.as_deref()) else {
        sink.error(
            offset,
            sink.name_of(&at),
            "the relationship needs \"start\" and \"end\" nodes with an \"id\"",
        );
        return;
    };
    let mut extra = Extra::default();
    for (k, v) in lists.properties(rec) {
        extra.attr(k.as_ref(), v.val());
    }
    sink.relation(
        at,
        from,
        to,
        rec.label.as_deref().unwrap_or_default(),
        extra,
    );
}

#[cfg(test)]
mod tests {
    use crate::graph::{AttrValue, LoadOptions, load_bytes};

    const LINES: &str = r#"{"type":"node","id":"0","labels":["User","Admin"],"properties":{"name":"Adam","age":42,"kids":["Sam"]}}
{"type":"node","id":"1","labels":[],"properties":{"title":"Jim"}}
{"type":"node","id":"2","properties":{}}
{"id":"0","type":"relationship","label":"KNOWS","properties":{"since":1993},"start":{"id":"0","labels":["User"]},"end":{"id":"1"}}
"#;

    #[test]
    fn lines_map_labels_names_and_properties() {
        let loaded = load_bytes(LINES.as_bytes(), "t.json", LoadOptions::default()).unwrap();
        let g = &loaded.graph;
        assert_eq!(loaded.format.name, "Neo4j APOC JSON Lines");
        let adam = g.entity(g.find("0").unwrap());
        assert_eq!((adam.kind(), adam.name()), ("User", "Adam"));
        assert_eq!(adam.tags().collect::<Vec<_>>(), ["User", "Admin"]);
        assert_eq!(adam.attr("kids"), Some(AttrValue::Str("[\"Sam\"]")));
        let jim = g.entity(g.find("1").unwrap());
        assert_eq!((jim.kind(), jim.name()), ("node", "Jim"));
        assert_eq!(g.entity(g.find("2").unwrap()).name(), "2");
        let r = g.relations().next().unwrap();
        assert_eq!((r.from().id(), r.rtype(), r.to().id()), ("0", "KNOWS", "1"));
    }

    #[test]
    fn every_json_format_gives_the_same_graph() {
        let array = format!("[{}]", LINES.trim().replace('\n', ","));
        let nodes: Vec<&str> = LINES.lines().take(3).collect();
        let rel = LINES.lines().nth(3).unwrap();
        let fields = format!(r#"{{"nodes":[{}],"rels":[{rel}]}}"#, nodes.join(","));
        let by_id = format!(
            r#"{{"nodes":{{"0":{},"1":{},"2":{}}},"rels":{{"0":{rel}}}}}"#,
            nodes[0], nodes[1], nodes[2]
        );
        let want = load_bytes(LINES.as_bytes(), "t", LoadOptions::default())
            .unwrap()
            .graph;
        for text in [array, fields, by_id] {
            let g = load_bytes(text.as_bytes(), "t", LoadOptions::default())
                .unwrap_or_else(|e| panic!("{e}\n{text}"))
                .graph;
            assert_eq!(crate::graph::first_difference(&want, &g), None, "{text}");
        }
    }

    /// Relationships are resolved as they are read, on the lookup threads from 50,000 nodes; one
    /// naming a node defined further on still loads, and the relations keep file order.
    #[test]
    fn a_relationship_before_its_node_loads_in_file_order() {
        for nodes in [3, 60_000] {
            let node = |i: usize| format!("{{\"type\":\"node\",\"id\":\"{i}\"}}\n");
            let rel = |id: &str, from: usize, to: usize| {
                format!(
                    "{{\"type\":\"relationship\",\"id\":\"{id}\",\"label\":\"{id}\",\
                     \"start\":{{\"id\":\"{from}\"}},\"end\":{{\"id\":\"{to}\"}}}}\n"
                )
            };
            let mut text: String = (0..nodes).map(node).collect();
            let mut want = Vec::new();
            for i in 0..20_000 {
                let id = format!("r{i}");
                text.push_str(&rel(&id, i % nodes, (i * 7) % nodes));
                want.push(id);
                if i == 9_000 {
                    text.push_str(&rel("late", 1, nodes));
                    want.push("late".into());
                }
            }
            text.push_str(&node(nodes));
            let g = load_bytes(text.as_bytes(), "t.json", LoadOptions::default())
                .unwrap()
                .graph;
            let got: Vec<&str> = g.relations().map(|r| r.rtype()).collect();
            assert_eq!(got, want, "{nodes} nodes");
            let late = g.relations().find(|r| r.rtype() == "late").unwrap();
            assert_eq!(late.to().id(), nodes.to_string());
            let missing = text.replace(&node(nodes), "");
            let err = load_bytes(missing.as_bytes(), "t.json", LoadOptions::default())
                .unwrap_err()
                .to_string();
            let line = nodes + 9_002;
            assert!(
                err.contains(&format!(
                    "t.json:{line}:1: relationship late.end: 'end' refers"
                )),
                "{err}"
            );
        }
    }

    /// Records keep no name of their own: the id is read again from the line for a message.
    #[test]
    fn a_problem_in_a_property_names_its_node() {
        let text = "{\"type\":\"node\",\"id\":\"1\"}\n{\"type\":\"node\",\"id\":7,\"properties\":{\"date\":\"soon\"}}\n";
        let loaded = load_bytes(text.as_bytes(), "t.json", LoadOptions::default()).unwrap();
        let w = &loaded.warnings[0];
        assert_eq!(w.path, "node 7.date", "{w:?}");
        assert_eq!(
            w.location.map(|l| l.line),
            Some(2),
            "at its record's line: {w:?}"
        );
    }

    #[test]
    fn a_problem_in_a_relationship_property_is_at_its_line() {
        let text = "{\"type\":\"node\",\"id\":\"1\"}\n{\"type\":\"node\",\"id\":\"2\"}\n\n{\"type\":\"relationship\",\"id\":\"9\",\"label\":\"R\",\"start\":{\"id\":\"1\"},\"end\":{\"id\":\"2\"},\"properties\":{\"date\":\"yesterday\"}}\n";
        let loaded = load_bytes(text.as_bytes(), "t.json", LoadOptions::default()).unwrap();
        let w = &loaded.warnings[0];
        assert_eq!(w.path, "relationship 9.date", "{w:?}");
        assert_eq!(w.location.map(|l| l.line), Some(4), "{w:?}");
    }

    #[test]
    fn an_unknown_end_is_located_at_its_line() {
        let text = "{\"type\":\"node\",\"id\":\"1\"}\n\n{\"type\":\"relationship\",\"id\":\"3\",\"label\":\"R\",\"start\":{\"id\":\"1\"},\"end\":{\"id\":\"42\"}}\n";
        let err = load_bytes(text.as_bytes(), "t.json", LoadOptions::default())
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("t.json:3:1: relationship 3.end: 'end' refers to unknown entity '42'"),
            "{err}"
        );
    }
}
