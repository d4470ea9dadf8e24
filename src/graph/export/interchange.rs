//! Writers for the formats a graph moves onward in: node-link JSON (networkx `node_link_graph`,
//! D3), Cytoscape.js JSON, Neo4j APOC JSON Lines (what `apoc.import.json` reads) and TinkerPop
//! GraphSON 3.0 adjacency lines (what `GraphSONReader` reads). Each output is read back by
//! kgx's importer of that format into the same entities (id, kind, name) and relations (ends,
//! type, attributes).
//!
//! What a format has no place for is written where its importer keeps it: `summary`,
//! `aliases` and `tags` as ordinary fields or properties (the importers read them back as
//! attributes); an attribute whose key is one of the format's own fields (`id`, `source`, …)
//! is written as `attr.KEY`. Sources are not written (none of these formats has them). The
//! writers never escape for a terminal, as the other writers.

use std::io::{self, Write};

use serde_json::{Map, Value, json};

use super::Subgraph;
use crate::graph::{AttrValue, Entity, Graph, Relation};

/// Node-link fields that an attribute must not shadow.
const NODE_LINK_FIELDS: &[&str] = &[
    "id",
    "name",
    "kind",
    "type",
    "group",
    "label",
    "source",
    "target",
    "relation",
    "interaction",
    "key",
    "data",
];

fn attr_json(v: &AttrValue<'_>) -> Value {
    match v {
        AttrValue::Null => Value::Null,
        AttrValue::Bool(b) => Value::Bool(*b),
        AttrValue::Int(i) => json!(i),
        AttrValue::Float(f) => serde_json::Number::from_f64(*f).map_or(Value::Null, Value::Number),
        AttrValue::Str(s) => Value::String(s.to_string()),
    }
}

/// The attributes of a record as fields, `attr.KEY` where KEY is `reserved`.
fn attrs_into<'g>(
    map: &mut Map<String, Value>,
    attrs: impl Iterator<Item = (&'g str, AttrValue<'g>)>,
    reserved: &[&str],
) {
    for (k, v) in attrs {
        let key = if reserved.contains(&k) || map.contains_key(k) {
            format!("attr.{k}")
        } else {
            k.to_string()
        };
        map.entry(key).or_insert_with(|| attr_json(&v));
    }
}

/// `summary`, `aliases` and `tags` of an entity, when it has them.
fn entity_extras(map: &mut Map<String, Value>, e: &Entity<'_>) {
    if let Some(s) = e.summary() {
        map.insert("summary".into(), json!(s));
    }
    let aliases: Vec<&str> = e.aliases().collect();
    if !aliases.is_empty() {
        map.insert("aliases".into(), json!(aliases));
    }
    let tags: Vec<&str> = e.tags().collect();
    if !tags.is_empty() {
        map.insert("tags".into(), json!(tags));
    }
}

fn node_fields(e: &Entity<'_>) -> Map<String, Value> {
    let mut m = Map::new();
    m.insert("id".into(), json!(e.id()));
    m.insert("kind".into(), json!(e.kind()));
    m.insert("name".into(), json!(e.name()));
    entity_extras(&mut m, e);
    attrs_into(&mut m, e.attrs(), NODE_LINK_FIELDS);
    m
}

fn edge_fields(r: &Relation<'_>) -> Map<String, Value> {
    let mut m = Map::new();
    m.insert("source".into(), json!(r.from().id()));
    m.insert("target".into(), json!(r.to().id()));
    m.insert("type".into(), json!(r.rtype()));
    attrs_into(&mut m, r.attrs(), NODE_LINK_FIELDS);
    m
}

/// Pretty JSON, C1 controls and bidi overrides escaped as `\uXXXX` like the native writer's.
fn write_value(out: &mut impl Write, v: &Value) -> io::Result<()> {
    let text = serde_json::to_string_pretty(v).map_err(io::Error::other)?;
    out.write_all(crate::escape::safe_json(&text).as_bytes())?;
    out.write_all(b"\n")
}

/// One JSON Lines record, escaped the same way.
fn write_line(out: &mut impl Write, v: &Value) -> io::Result<()> {
    let text = serde_json::to_string(v).map_err(io::Error::other)?;
    out.write_all(crate::escape::safe_json(&text).as_bytes())?;
    out.write_all(b"\n")
}

/// Writes `sub` as networkx / D3 node-link JSON (`directed`, `multigraph`, `graph`, `nodes`,
/// `links`).
pub fn write_node_link(g: &Graph, sub: &Subgraph, out: &mut impl Write) -> io::Result<()> {
    let nodes: Vec<Value> = sub
        .entities(g)
        .map(|e| Value::Object(node_fields(&g.entity(e))))
        .collect();
    let links: Vec<Value> = sub
        .relations()
        .iter()
        .map(|&r| Value::Object(edge_fields(&g.relation(r))))
        .collect();
    let mut graph = Map::new();
    if let Some(t) = g.title() {
        graph.insert("name".into(), json!(t));
    }
    let doc = json!({"directed": true, "multigraph": true, "graph": graph, "nodes": nodes, "links": links});
    write_value(out, &doc)
}

/// Writes `sub` as Cytoscape.js JSON (`elements.nodes` / `elements.edges`, fields in `data`).
pub fn write_cytoscape(g: &Graph, sub: &Subgraph, out: &mut impl Write) -> io::Result<()> {
    let nodes: Vec<Value> = sub
        .entities(g)
        .map(|e| json!({"data": Value::Object(node_fields(&g.entity(e)))}))
        .collect();
    let edges: Vec<Value> = sub
        .relations()
        .iter()
        .map(|&r| json!({"data": Value::Object(edge_fields(&g.relation(r)))}))
        .collect();
    let mut data = Map::new();
    if let Some(t) = g.title() {
        data.insert("name".into(), json!(t));
    }
    let doc = json!({"data": data, "elements": {"nodes": nodes, "edges": edges}});
    write_value(out, &doc)
}

/// Writes `sub` as Neo4j APOC JSON Lines: a `node` record per entity (labels: kind, then tags),
/// then a `relationship` record per relation, ids `r0`, `r1`, … in file order.
pub fn write_apoc(g: &Graph, sub: &Subgraph, out: &mut impl Write) -> io::Result<()> {
    let labels = |e: &Entity<'_>| {
        let mut l = vec![e.kind().to_string()];
        l.extend(e.tags().filter(|t| *t != e.kind()).map(str::to_string));
        l
    };
    for ix in sub.entities(g) {
        let e = g.entity(ix);
        let mut props = Map::new();
        props.insert("name".into(), json!(e.name()));
        if let Some(s) = e.summary() {
            props.insert("summary".into(), json!(s));
        }
        let aliases: Vec<&str> = e.aliases().collect();
        if !aliases.is_empty() {
            props.insert("aliases".into(), json!(aliases));
        }
        attrs_into(&mut props, e.attrs(), &["name", "title", "label"]);
        let rec = json!({"type": "node", "id": e.id(), "labels": labels(&e), "properties": props});
        write_line(out, &rec)?;
    }
    for (i, &r) in sub.relations().iter().enumerate() {
        let r = g.relation(r);
        let mut props = Map::new();
        attrs_into(&mut props, r.attrs(), &[]);
        let end = |e: Entity<'_>| json!({"id": e.id(), "labels": labels(&e)});
        let rec = json!({"id": format!("r{i}"), "type": "relationship", "label": r.rtype(),
            "properties": props, "start": end(r.from()), "end": end(r.to())});
        write_line(out, &rec)?;
    }
    Ok(())
}

/// A GraphSON 3.0 typed value: numbers carry their type, strings and booleans are plain.
fn typed(v: &AttrValue<'_>) -> Value {
    match v {
        AttrValue::Int(i) => json!({"@type": "g:Int64", "@value": i}),
        AttrValue::Float(f) => json!({"@type": "g:Double", "@value": f}),
        other => attr_json(other),
    }
}

fn int64(n: usize) -> Value {
    json!({"@type": "g:Int64", "@value": n})
}

/// Writes `sub` as GraphSON 3.0 adjacency lines: one vertex per line with its properties (as
/// single-valued multi-properties) and its `outE` and `inE` edges, edge ids numbered in file
/// order. Vertex ids are the entity ids (strings); the label is the kind.
pub fn write_graphson(g: &Graph, sub: &Subgraph, out: &mut impl Write) -> io::Result<()> {
    let mut edge_id = std::collections::HashMap::new();
    for (i, &r) in sub.relations().iter().enumerate() {
        edge_id.insert(r, i);
    }
    let mut prop_id = 0usize;
    for ix in sub.entities(g) {
        let e = g.entity(ix);
        let mut props = Map::new();
        let mut vp = |value: Value| {
            prop_id += 1;
            json!([{"id": int64(prop_id - 1), "value": value}])
        };
        props.insert("name".into(), vp(json!(e.name())));
        if let Some(s) = e.summary() {
            props.insert("summary".into(), vp(json!(s)));
        }
        for (key, list) in [
            ("aliases", e.aliases().collect::<Vec<_>>()),
            ("tags", e.tags().collect()),
        ] {
            if !list.is_empty() {
                props.insert(key.into(), vp(json!(list)));
            }
        }
        for (k, v) in e.attrs() {
            let key = if props.contains_key(k) {
                format!("attr.{k}")
            } else {
                k.to_string()
            };
            if !props.contains_key(&key) {
                props.insert(key, vp(typed(&v)));
            }
        }
        let mut vertex = Map::new();
        vertex.insert("id".into(), json!(e.id()));
        vertex.insert("label".into(), json!(e.kind()));
        for (key, outgoing) in [("outE", true), ("inE", false)] {
            let mut by_label: Map<String, Value> = Map::new();
            let rels: Vec<Relation<'_>> = if outgoing {
                e.outgoing().collect()
            } else {
                e.incoming().collect()
            };
            let mut rels: Vec<(usize, Relation<'_>)> = rels
                .into_iter()
                .filter_map(|r| edge_id.get(&r.ix()).map(|&i| (i, r)))
                .collect();
            rels.sort_by_key(|(i, _)| *i);
            for (i, r) in rels {
                let mut edge = Map::new();
                edge.insert("id".into(), int64(i));
                let (end_key, other) = if outgoing {
                    ("inV", r.to())
                } else {
                    ("outV", r.from())
                };
                edge.insert(end_key.into(), json!(other.id()));
                let mut eprops = Map::new();
                for (k, v) in r.attrs() {
                    eprops.entry(k.to_string()).or_insert_with(|| typed(&v));
                }
                if !eprops.is_empty() {
                    edge.insert("properties".into(), Value::Object(eprops));
                }
                let list = by_label
                    .entry(r.rtype().to_string())
                    .or_insert_with(|| json!([]));
                if let Value::Array(a) = list {
                    a.push(Value::Object(edge));
                }
            }
            if !by_label.is_empty() {
                vertex.insert(key.into(), Value::Object(by_label));
            }
        }
        vertex.insert("properties".into(), Value::Object(props));
        write_line(out, &Value::Object(vertex))?;
    }
    Ok(())
}
