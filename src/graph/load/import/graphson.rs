//! TinkerPop GraphSON: the adjacency-list lines of GraphSON 1.0/2.0/3.0 (one vertex per line
//! with its `outE` and `inE`), the `tinker:graph` / `g:graph` wrapper of GraphSON 3/4
//! (`{"@type":…,"@value":{"vertices":[…],"edges":[…]}}`), a bare vertex array, and legacy
//! Blueprints GraphSON (`{"mode":…,"vertices":[…],"edges":[…]}` with `_id`, `_outV`, `_inV`,
//! `_label`, and in `EXTENDED` mode `{"type":…,"value":…}` properties).
//!
//! Mapping: typed values (`{"@type":"g:Int32","@value":1}`) are unwrapped everywhere; the
//! vertex id is the entity id, its label the kind (every label a tag, for GraphSON 4's label
//! lists); a multi-property (`[{"id":…,"value":…}, …]`) gives its first value as the attribute
//! and, when there are more, all of them as `KEY.all`; `name` names the vertex. Each edge is
//! read once, from its `outE` (or the `edges` list); `inE` entries only check that an edge's
//! other side is in the file. What it does not do: GraphSON's binary or GraphBinary forms.

use std::borrow::Cow;
use std::collections::HashSet;

use super::json::{self, Fields, Json};
use super::lines;
use super::sink::{At, Extra, Sink, Val, offset_of, parse_document};
use crate::graph::error::LoadError;
use crate::graph::load::LoadOptions;
use crate::graph::load::Loaded;
use crate::graph::load::format::Detected;

pub(crate) fn load(
    text: &str,
    origin: &str,
    opts: LoadOptions,
    detected: Detected,
) -> Result<Loaded, LoadError> {
    let mut sink = Sink::new(text, opts, ["outV", "inV"]);
    let mut check = InEdges::default();
    if detected.lines {
        lines::for_each(&mut sink, false, |sink, line| {
            adjacency_vertex(sink, &mut check, &line.value, line.offset);
        });
    } else {
        let root = parse_document(text, origin)?;
        sink.duplicate_keys(&root, 0);
        document(&mut sink, &mut check, &root);
    }
    check.report(&mut sink);
    sink.finish(origin, detected)
}

fn document(sink: &mut Sink<'_>, check: &mut InEdges, root: &Json<'_>) {
    let text = sink.text;
    let root = unwrap(root);
    match root {
        Json::Arr(items) => {
            for item in items {
                adjacency_vertex(sink, check, item, offset_of(text, item).unwrap_or(0));
            }
        }
        Json::Obj(top) if json::get(top, "mode").is_some() || has_legacy_ids(top) => {
            legacy(sink, top);
        }
        Json::Obj(top) if json::get(top, "vertices").is_some() => {
            for key in ["mode", "@type"] {
                if let Some(v) = json::get(top, key) {
                    sink.meta(key, v);
                }
            }
            if let Some(Json::Arr(vertices)) = json::get(top, "vertices").map(unwrap) {
                for v in vertices {
                    adjacency_vertex(sink, check, v, offset_of(text, v).unwrap_or(0));
                }
            }
            if let Some(Json::Arr(edges)) = json::get(top, "edges").map(unwrap) {
                for e in edges {
                    listed_edge(sink, e);
                }
            }
        }
        other => adjacency_vertex(sink, check, other, 0),
    }
}

/// Legacy GraphSON names its ids `_id`.
fn has_legacy_ids(top: &Fields<'_>) -> bool {
    matches!(json::get(top, "vertices"), Some(Json::Arr(v))
        if matches!(v.first(), Some(Json::Obj(f)) if json::get(f, "_id").is_some()))
}

/// The value inside a typed GraphSON value (`{"@type":…,"@value":…}`), recursively; other
/// values as they are. Lists, sets and maps are turned into plain JSON.
pub(crate) fn unwrap<'j, 't>(v: &'j Json<'t>) -> &'j Json<'t> {
    let mut v = v;
    while let Json::Obj(f) = v {
        match (json::get(f, "@type"), json::get(f, "@value")) {
            (Some(Json::Str(_)), Some(inner)) if f.len() == 2 => v = inner,
            _ => break,
        }
    }
    v
}

/// A value with every typed value inside it unwrapped (`g:Map`'s key-value list becomes an
/// object), as owned JSON.
fn plain(v: &Json<'_>) -> Json<'static> {
    let typed_map = matches!(v, Json::Obj(f) if matches!(json::get(f, "@type"), Some(Json::Str(t)) if t == "g:Map"));
    match unwrap(v) {
        Json::Arr(items) if typed_map => {
            let fields = items
                .chunks(2)
                .filter_map(|kv| match kv {
                    [k, v] => Some((
                        Cow::Owned(
                            unwrap(k)
                                .scalar_text()
                                .unwrap_or_else(|| plain(k).to_text()),
                        ),
                        plain(v),
                    )),
                    _ => None,
                })
                .collect();
            Json::Obj(fields)
        }
        Json::Arr(items) => Json::Arr(items.iter().map(plain).collect()),
        Json::Obj(fields) => Json::Obj(
            fields
                .iter()
                .map(|(k, v)| (Cow::Owned(k.to_string()), plain(v)))
                .collect(),
        ),
        Json::Str(s) => Json::Str(Cow::Owned(s.to_string())),
        Json::Num(n) => Json::Num(n.clone()),
        Json::Bool(b) => Json::Bool(*b),
        Json::Null => Json::Null,
    }
}

/// An id (typed or not) as text.
fn id_text(v: &Json<'_>) -> Option<String> {
    match unwrap(v) {
        // GraphSON 4 writes an edge's ends as `{"id":…,"label":…}`.
        Json::Obj(f) => json::get(f, "id").and_then(id_text),
        other => other.scalar_text(),
    }
}

/// The labels of a vertex or edge: a string, or GraphSON 4's list.
fn labels(fields: &Fields<'_>) -> Vec<String> {
    match json::get(fields, "label").map(unwrap) {
        Some(Json::Arr(items)) => items
            .iter()
            .filter_map(|l| unwrap(l).scalar_text())
            .collect(),
        Some(v) => v.scalar_text().into_iter().collect(),
        None => Vec::new(),
    }
}

/// The values of one vertex property: a multi-property list of `{id, value}` (typed or not),
/// or a plain value.
fn property_values(v: &Json<'_>) -> Vec<Json<'static>> {
    let one = |item: &Json<'_>| match unwrap(item) {
        Json::Obj(f) if json::get(f, "value").is_some() => {
            json::get(f, "value").map(plain).unwrap_or(Json::Null)
        }
        other => plain(other),
    };
    match unwrap(v) {
        Json::Arr(items) => items.iter().map(one).collect(),
        other => vec![one(other)],
    }
}

fn adjacency_vertex(sink: &mut Sink<'_>, check: &mut InEdges, value: &Json<'_>, offset: usize) {
    let Json::Obj(fields) = unwrap(value) else {
        sink.error(offset, "vertex", "a GraphSON vertex must be an object");
        return;
    };
    let Some(id) = json::get(fields, "id").and_then(id_text) else {
        sink.error(offset, "vertex", "the vertex has no 'id'");
        return;
    };
    let labels = labels(fields);
    let kind = labels.first().cloned().unwrap_or_else(|| "vertex".into());
    let mut values: Vec<(String, Vec<Json<'static>>)> = Vec::new();
    if let Some(Json::Obj(props)) = json::get(fields, "properties").map(unwrap) {
        for (k, v) in props {
            values.push((k.to_string(), property_values(v)));
        }
    }
    let name = values
        .iter()
        .find(|(k, _)| k == "name")
        .and_then(|(_, v)| v.first())
        .and_then(Json::scalar_text)
        .unwrap_or_else(|| id.clone());
    let mut extra = Extra {
        tags: if labels.len() > 1 {
            labels.iter().map(|l| Cow::Owned(l.clone())).collect()
        } else {
            Vec::new()
        },
        ..Extra::default()
    };
    let mut owned: Vec<(String, Json<'static>)> = Vec::new();
    for (k, vs) in values {
        if k == "name" && vs.len() == 1 {
            continue;
        }
        if vs.len() > 1 {
            owned.push((format!("{k}.all"), Json::Arr(vs.clone())));
        }
        if let Some(first) = vs.into_iter().next() {
            owned.push((k, first));
        }
    }
    owned.sort_by_key(|(k, _)| k.ends_with(".all"));
    for (k, v) in &owned {
        extra.attr(k.as_str(), Val::Json(v));
    }
    sink.entity(
        At::new(offset, format!("vertex {id}")),
        &id,
        &kind,
        &name,
        None,
        extra,
    );
    for (dir, key) in [(true, "outE"), (false, "inE")] {
        let Some(Json::Obj(by_label)) = json::get(fields, key).map(unwrap) else {
            continue;
        };
        for (label, list) in by_label {
            let Json::Arr(edges) = unwrap(list) else {
                continue;
            };
            for e in edges {
                let Json::Obj(ef) = unwrap(e) else { continue };
                let eid = json::get(ef, "id").and_then(id_text).unwrap_or_default();
                let at = offset_of(sink.text, e).unwrap_or(offset);
                if dir {
                    let Some(other) = json::get(ef, "inV").and_then(id_text) else {
                        sink.error(at, format!("edge {eid}"), "the edge has no 'inV'");
                        continue;
                    };
                    check.out.insert(eid.clone());
                    edge(sink, at, &eid, &id, &other, label, ef);
                } else {
                    check.inc.push((eid, at));
                }
            }
        }
    }
}

/// An edge of the wrapper's `edges` list (`outV`, `inV`, `label`).
fn listed_edge(sink: &mut Sink<'_>, value: &Json<'_>) {
    let offset = offset_of(sink.text, value).unwrap_or(0);
    let Json::Obj(f) = unwrap(value) else {
        sink.error(offset, "edge", "a GraphSON edge must be an object");
        return;
    };
    let eid = json::get(f, "id").and_then(id_text).unwrap_or_default();
    let (Some(from), Some(to)) = (
        json::get(f, "outV").and_then(id_text),
        json::get(f, "inV").and_then(id_text),
    ) else {
        sink.error(
            offset,
            format!("edge {eid}"),
            "the edge needs 'outV' and 'inV'",
        );
        return;
    };
    let label = labels(f).into_iter().next().unwrap_or_default();
    edge(sink, offset, &eid, &from, &to, &label, f);
}

fn edge(
    sink: &mut Sink<'_>,
    offset: usize,
    eid: &str,
    from: &str,
    to: &str,
    label: &str,
    fields: &Fields<'_>,
) {
    let mut owned: Vec<(String, Json<'static>)> = Vec::new();
    if let Some(Json::Obj(props)) = json::get(fields, "properties").map(unwrap) {
        for (k, v) in props {
            // GraphSON 4 lists `g:Property` objects (`{"key","value"}`); 2.0/3.0 give values.
            let value = match unwrap(v) {
                Json::Arr(items) if items.len() == 1 => property_values(&items[0])
                    .into_iter()
                    .next()
                    .unwrap_or(Json::Null),
                Json::Obj(p) if json::get(p, "key").is_some() => {
                    json::get(p, "value").map(plain).unwrap_or(Json::Null)
                }
                other => plain(other),
            };
            owned.push((k.to_string(), value));
        }
    }
    let mut extra = Extra::default();
    for (k, v) in &owned {
        extra.attr(k.as_str(), Val::Json(v));
    }
    sink.relation(
        At::new(offset, format!("edge {eid}")),
        from,
        to,
        label,
        extra,
    );
}

/// The `inE` entries, checked against the `outE` entries once the file is read.
#[derive(Default)]
struct InEdges {
    out: HashSet<String>,
    inc: Vec<(String, usize)>,
}

impl InEdges {
    fn report(&self, sink: &mut Sink<'_>) {
        for (eid, at) in &self.inc {
            if !eid.is_empty() && !self.out.contains(eid) {
                sink.warn(
                    *at,
                    format!("edge {eid}"),
                    "the edge is in an 'inE' list but in no vertex's 'outE' (it is not loaded)",
                );
            }
        }
    }
}

/// Legacy (Blueprints) GraphSON: `_id`, `_type`, `_outV`, `_inV`, `_label`; the other fields are
/// properties, in `EXTENDED` mode as `{"type":…,"value":…}`.
fn legacy(sink: &mut Sink<'_>, top: &Fields<'_>) {
    let text = sink.text;
    if let Some(mode) = json::get(top, "mode") {
        sink.meta("mode", mode);
    }
    let value_of = |v: &Json<'_>| -> Json<'static> {
        match v {
            Json::Obj(f) if json::get(f, "type").is_some() && json::get(f, "value").is_some() => {
                json::get(f, "value").map(plain).unwrap_or(Json::Null)
            }
            other => plain(other),
        }
    };
    if let Some(Json::Arr(vertices)) = json::get(top, "vertices") {
        for v in vertices {
            let offset = offset_of(text, v).unwrap_or(0);
            let Json::Obj(f) = v else { continue };
            let Some(id) = json::get(f, "_id").and_then(Json::scalar_text) else {
                sink.error(offset, "vertex", "the vertex has no '_id'");
                continue;
            };
            let owned: Vec<(String, Json<'static>)> = f
                .iter()
                .filter(|(k, _)| !k.starts_with('_'))
                .map(|(k, v)| (k.to_string(), value_of(v)))
                .collect();
            let name = owned
                .iter()
                .find(|(k, _)| k == "name")
                .and_then(|(_, v)| v.scalar_text())
                .unwrap_or_else(|| id.clone());
            let kind = json::get(f, "_label")
                .and_then(Json::scalar_text)
                .unwrap_or_else(|| "vertex".into());
            let mut extra = Extra::default();
            for (k, v) in owned.iter().filter(|(k, _)| k != "name") {
                extra.attr(k.as_str(), Val::Json(v));
            }
            sink.entity(
                At::new(offset, format!("vertex {id}")),
                &id,
                &kind,
                &name,
                None,
                extra,
            );
        }
    }
    if let Some(Json::Arr(edges)) = json::get(top, "edges") {
        for e in edges {
            let offset = offset_of(text, e).unwrap_or(0);
            let Json::Obj(f) = e else { continue };
            let get = |k: &str| json::get(f, k).and_then(Json::scalar_text);
            let eid = get("_id").unwrap_or_default();
            let (Some(from), Some(to)) = (get("_outV"), get("_inV")) else {
                sink.error(
                    offset,
                    format!("edge {eid}"),
                    "the edge needs '_outV' and '_inV'",
                );
                continue;
            };
            let owned: Vec<(String, Json<'static>)> = f
                .iter()
                .filter(|(k, _)| !k.starts_with('_'))
                .map(|(k, v)| (k.to_string(), value_of(v)))
                .collect();
            let mut extra = Extra::default();
            for (k, v) in &owned {
                extra.attr(k.as_str(), Val::Json(v));
            }
            let label = get("_label").unwrap_or_default();
            sink.relation(
                At::new(offset, format!("edge {eid}")),
                &from,
                &to,
                &label,
                extra,
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::graph::{AttrValue, Graph, LoadOptions, load_bytes};

    fn load(text: &str) -> Graph {
        load_bytes(text.as_bytes(), "t.json", LoadOptions::default())
            .unwrap_or_else(|e| panic!("{e}"))
            .graph
    }

    #[test]
    fn typed_adjacency_lines_unwrap_values_and_read_each_edge_once() {
        let text = r#"{"id":{"@type":"g:Int32","@value":1},"label":"person","outE":{"knows":[{"id":{"@type":"g:Int32","@value":7},"inV":{"@type":"g:Int32","@value":2},"properties":{"weight":{"@type":"g:Double","@value":0.5}}}]},"properties":{"name":[{"id":{"@type":"g:Int64","@value":0},"value":"marko"}],"loc":[{"id":1,"value":"a"},{"id":2,"value":"b"}],"age":[{"id":3,"value":{"@type":"g:Int32","@value":29}}]}}
{"id":{"@type":"g:Int32","@value":2},"label":"person","inE":{"knows":[{"id":{"@type":"g:Int32","@value":7},"outV":{"@type":"g:Int32","@value":1}}]},"properties":{"name":[{"id":4,"value":"vadas"}]}}
"#;
        let g = load(text);
        assert_eq!((g.entity_count(), g.relation_count()), (2, 1));
        let marko = g.entity(g.find("1").unwrap());
        assert_eq!((marko.name(), marko.kind()), ("marko", "person"));
        assert_eq!(marko.attr("age"), Some(AttrValue::Int(29)));
        assert_eq!(marko.attr("loc"), Some(AttrValue::Str("a")));
        assert_eq!(marko.attr("loc.all"), Some(AttrValue::Str("[\"a\",\"b\"]")));
        let r = g.relations().next().unwrap();
        assert_eq!(
            (r.from().name(), r.rtype(), r.to().name()),
            ("marko", "knows", "vadas")
        );
        assert_eq!(r.attr("weight"), Some(AttrValue::Float(0.5)));
    }

    #[test]
    fn wrapper_and_legacy_shapes() {
        let wrapper = r#"{"@type":"tinker:graph","@value":{"vertices":[
            {"@type":"g:Vertex","@value":{"id":{"@type":"g:Int32","@value":1},"label":["person","dev"],"properties":{}}},
            {"@type":"g:Vertex","@value":{"id":{"@type":"g:Int32","@value":2},"label":"software"}}],
          "edges":[{"@type":"g:Edge","@value":{"id":9,"label":["uses"],"outV":{"id":{"@type":"g:Int32","@value":1}},"inV":2,
            "properties":{"since":[{"@type":"g:Property","@value":{"key":"since","value":{"@type":"g:Int32","@value":2009}}}]}}}]}}"#;
        let g = load(wrapper);
        let one = g.entity(g.find("1").unwrap());
        assert_eq!(one.tags().collect::<Vec<_>>(), ["person", "dev"]);
        let r = g.relations().next().unwrap();
        assert_eq!(
            (r.rtype(), r.attr("since")),
            ("uses", Some(AttrValue::Int(2009)))
        );
        let legacy = r#"{"mode":"EXTENDED","vertices":[{"name":{"type":"string","value":"lop"},"_id":"3","_type":"vertex"},
            {"_id":"1","_type":"vertex","age":{"type":"integer","value":29}}],
          "edges":[{"weight":{"type":"float","value":0.4},"_id":"9","_type":"edge","_outV":"1","_inV":"3","_label":"created"}]}"#;
        let g = load(legacy);
        assert_eq!(g.entity(g.find("3").unwrap()).name(), "lop");
        assert_eq!(
            g.entity(g.find("1").unwrap()).attr("age"),
            Some(AttrValue::Int(29))
        );
        assert_eq!(g.relations().next().unwrap().rtype(), "created");
    }
}
