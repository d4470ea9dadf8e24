//! graphology's serialization format (sigma.js datasets): `{"attributes", "options", "nodes":
//! [{"key", "attributes"}], "edges": [{"key", "source", "target", "attributes", "undirected"}]}`,
//! `attributes` and `options` optional.
//!
//! Mapping: a node's `key` (a string or a number) is the entity id, `attributes.label` its
//! name, `attributes.kind` or `attributes.type` its kind (else `node`), the other attributes
//! attributes. An edge goes from `source` to `target`, typed by `attributes.label` or
//! `attributes.type` (else `linked`); its `key` and `undirected` are kept as attributes. The
//! graph's `attributes` and `options` (`type`: directed, undirected or mixed) are kept as
//! metadata; `attributes.name` or `attributes.title` is the title.

use super::json::{self, Fields, Json};
use super::sink::{At, Extra, Sink, Val, first_text, offset_of, parse_document};
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
    let root = parse_document(text, origin)?;
    let mut sink = Sink::new(text, opts, ["source", "target"]);
    sink.duplicate_keys(&root, 0);
    let Json::Obj(top) = &root else {
        sink.error(
            0,
            "",
            "a graphology file is an object with \"nodes\" and \"edges\"",
        );
        return sink.finish(origin, detected);
    };
    for key in ["attributes", "options"] {
        if let Some(v) = json::get(top, key) {
            sink.meta(key, v);
        }
    }
    if let Some(Json::Obj(attrs)) = json::get(top, "attributes")
        && let Some((_, title)) = first_text(attrs, &["name", "title"])
    {
        sink.title(&title);
    }
    for (i, node) in list(&mut sink, top, "nodes").iter().enumerate() {
        read_node(&mut sink, i, node);
    }
    for (i, edge) in list(&mut sink, top, "edges").iter().enumerate() {
        read_edge(&mut sink, i, edge);
    }
    sink.finish(origin, detected)
}

fn list<'j, 't>(sink: &mut Sink<'_>, top: &'j Fields<'t>, key: &str) -> &'j [Json<'t>] {
    match json::get(top, key) {
        Some(Json::Arr(items)) => items,
        None | Some(Json::Null) => &[],
        Some(other) => {
            let at = offset_of(sink.text, other).unwrap_or(0);
            sink.error(at, key, format!("'{key}' must be an array"));
            &[]
        }
    }
}

fn attributes<'j, 't>(fields: &'j Fields<'t>) -> &'j Fields<'t> {
    match json::get(fields, "attributes") {
        Some(Json::Obj(a)) => a,
        _ => &[],
    }
}

fn read_node(sink: &mut Sink<'_>, i: usize, node: &Json<'_>) {
    let at = At::new(
        offset_of(sink.text, node).unwrap_or(0),
        format!("nodes[{i}]"),
    );
    let Json::Obj(fields) = node else {
        sink.error(at.offset, at.name, "a node must be an object");
        return;
    };
    let Some(id) = json::get(fields, "key").and_then(Json::scalar_text) else {
        sink.error(at.offset, at.name, "the node has no 'key'");
        return;
    };
    let attrs = attributes(fields);
    let (name_key, name) = first_text(attrs, &["label", "name"]).unwrap_or(("", id.clone()));
    let (kind_key, kind) = first_text(attrs, &["kind", "type"]).unwrap_or(("", "node".into()));
    let mut extra = Extra::default();
    for (k, v) in attrs {
        if k != name_key && k != kind_key {
            extra.attr(k.as_ref(), Val::Json(v));
        }
    }
    sink.entity(at, &id, &kind, &name, None, extra);
}

fn read_edge(sink: &mut Sink<'_>, i: usize, edge: &Json<'_>) {
    let at = At::new(
        offset_of(sink.text, edge).unwrap_or(0),
        format!("edges[{i}]"),
    );
    let Json::Obj(fields) = edge else {
        sink.error(at.offset, at.name, "an edge must be an object");
        return;
    };
    let end = |k: &str| json::get(fields, k).and_then(Json::scalar_text);
    let (Some(from), Some(to)) = (end("source"), end("target")) else {
        sink.error(at.offset, at.name, "the edge needs 'source' and 'target'");
        return;
    };
    let attrs = attributes(fields);
    let (type_key, rtype) = first_text(attrs, &["label", "type"]).unwrap_or(("", "linked".into()));
    let mut extra = Extra::default();
    for key in ["key", "undirected"] {
        if let Some(v) = json::get(fields, key) {
            extra.attr(key, Val::Json(v));
        }
    }
    for (k, v) in attrs {
        if k != type_key {
            extra.attr(k.as_ref(), Val::Json(v));
        }
    }
    sink.relation(at, &from, &to, &rtype, extra);
}

#[cfg(test)]
mod tests {
    use crate::graph::{AttrValue, LoadOptions, load_bytes};

    #[test]
    fn keys_labels_and_options() {
        let text = r#"{"attributes":{"name":"Les Mis"},"options":{"type":"undirected","multi":false},
            "nodes":[{"key":"0.0","attributes":{"label":"Myriel","size":3}},{"key":1},{"key":"2","attributes":{"type":"person"}}],
            "edges":[{"key":"e0","source":"0.0","target":1,"attributes":{"weight":2}},
                     {"source":"2","target":"0.0","undirected":true,"attributes":{"label":"knows"}}]}"#;
        let loaded = load_bytes(text.as_bytes(), "t", LoadOptions::default()).unwrap();
        let g = &loaded.graph;
        assert_eq!(loaded.format.name, "graphology JSON");
        assert_eq!(g.title(), Some("Les Mis"));
        let m = g.entity(g.find("0.0").unwrap());
        assert_eq!(
            (m.name(), m.kind(), m.attr("size")),
            ("Myriel", "node", Some(AttrValue::Int(3)))
        );
        assert_eq!(g.entity(g.find("2").unwrap()).kind(), "person");
        let types: Vec<&str> = g.relations().map(|r| r.rtype()).collect();
        assert_eq!(types, ["linked", "knows"]);
        assert!(
            g.meta()
                .iter()
                .any(|(k, v)| k == "options" && v.contains("undirected"))
        );
    }
}
