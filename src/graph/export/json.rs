//! kgx's native JSON, written so that loading it gives back an equal graph.

use std::collections::HashSet;
use std::io::{self, Write};

use serde::ser::{Serialize, SerializeMap, SerializeSeq, Serializer};

use super::Subgraph;
use crate::graph::{AttrValue, Entity, Graph, Relation, Source};

/// Writes `sub` as a native kgx document (pretty-printed, ending with a newline). A
/// neighbourhood keeps only the sources its entities and relations cite.
pub fn write_json(g: &Graph, sub: &Subgraph, out: &mut impl Write) -> io::Result<()> {
    let doc = Document { g, sub };
    // Serialised whole, then C1 controls and bidi overrides escaped as \uXXXX (serde_json leaves
    // them raw): the export may be printed to a terminal, and the JSON means the same.
    let text = serde_json::to_string_pretty(&doc).map_err(into_io)?;
    out.write_all(crate::escape::safe_json(&text).as_bytes())?;
    out.write_all(b"\n")
}

/// serde_json hides the io::Error it met; get its kind back so a broken pipe stays one.
fn into_io(e: serde_json::Error) -> io::Error {
    match e.io_error_kind() {
        Some(kind) => io::Error::new(kind, e),
        None => io::Error::other(e),
    }
}

struct Document<'a> {
    g: &'a Graph,
    sub: &'a Subgraph,
}

impl Serialize for Document<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let (g, sub) = (self.g, self.sub);
        let mut map = s.serialize_map(None)?;
        if let Some(t) = g.title() {
            map.serialize_entry("title", t)?;
        }
        if !g.meta().is_empty() {
            map.serialize_entry("meta", &Meta(g))?;
        }
        let cited: Option<HashSet<&str>> = (!sub.is_whole()).then(|| {
            let by_entities = sub.entities(g).flat_map(|e| g.entity(e).sources());
            let by_relations = sub
                .relations()
                .iter()
                .flat_map(|&r| g.relation(r).sources());
            by_entities.chain(by_relations).map(|s| s.id()).collect()
        });
        let sources: Vec<SourceJson<'_>> = g
            .sources()
            .filter(|s| cited.as_ref().is_none_or(|c| c.contains(s.id())))
            .map(SourceJson)
            .collect();
        map.serialize_entry("sources", &sources)?;
        map.serialize_entry("entities", &Entities { g, sub })?;
        map.serialize_entry("relations", &Relations { g, sub })?;
        map.end()
    }
}

/// The graph's metadata as an object of its JSON values, in their order.
struct Meta<'a>(&'a Graph);

impl Serialize for Meta<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(Some(self.0.meta().len()))?;
        for (k, text) in self.0.meta() {
            match crate::graph::load::import::json::parse(text) {
                Ok(v) => map.serialize_entry(k, &v)?,
                Err(_) => map.serialize_entry(k, text)?,
            }
        }
        map.end()
    }
}

struct SourceJson<'g>(Source<'g>);

impl Serialize for SourceJson<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let src = self.0;
        let mut map = s.serialize_map(None)?;
        map.serialize_entry("id", src.id())?;
        for (key, value) in [
            ("title", src.title()),
            ("publisher", src.publisher()),
            ("date", src.date()),
            ("url", src.url()),
        ] {
            if let Some(v) = value {
                map.serialize_entry(key, v)?;
            }
        }
        if src.urls().len() > 0 {
            map.serialize_entry("urls", &src.urls().collect::<Vec<_>>())?;
        }
        map.end()
    }
}

struct Entities<'a> {
    g: &'a Graph,
    sub: &'a Subgraph,
}

impl Serialize for Entities<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut seq = s.serialize_seq(Some(self.sub.entity_count(self.g)))?;
        for e in self.sub.entities(self.g) {
            seq.serialize_element(&EntityJson(self.g.entity(e)))?;
        }
        seq.end()
    }
}

struct EntityJson<'g>(Entity<'g>);

impl Serialize for EntityJson<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let e = self.0;
        let mut map = s.serialize_map(None)?;
        map.serialize_entry("id", e.id())?;
        map.serialize_entry("kind", e.kind())?;
        map.serialize_entry("name", e.name())?;
        if e.aliases().len() > 0 {
            map.serialize_entry("aliases", &e.aliases().collect::<Vec<_>>())?;
        }
        if let Some(summary) = e.summary() {
            map.serialize_entry("summary", summary)?;
        }
        if e.tags().len() > 0 {
            map.serialize_entry("tags", &e.tags().collect::<Vec<_>>())?;
        }
        if e.attrs().len() > 0 {
            map.serialize_entry("attrs", &Attrs(e.attrs().collect()))?;
        }
        let sources: Vec<&str> = e.sources().map(|s| s.id()).collect();
        if !sources.is_empty() {
            map.serialize_entry("sources", &sources)?;
        }
        map.end()
    }
}

struct Relations<'a> {
    g: &'a Graph,
    sub: &'a Subgraph,
}

impl Serialize for Relations<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut seq = s.serialize_seq(Some(self.sub.relations().len()))?;
        for &r in self.sub.relations() {
            seq.serialize_element(&RelationJson(self.g.relation(r)))?;
        }
        seq.end()
    }
}

struct RelationJson<'g>(Relation<'g>);

impl Serialize for RelationJson<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let r = self.0;
        let mut map = s.serialize_map(None)?;
        map.serialize_entry("from", r.from().id())?;
        map.serialize_entry("to", r.to().id())?;
        map.serialize_entry("type", r.rtype())?;
        if r.attrs().len() > 0 {
            map.serialize_entry("attrs", &Attrs(r.attrs().collect()))?;
        }
        let sources: Vec<&str> = r.sources().map(|s| s.id()).collect();
        if !sources.is_empty() {
            map.serialize_entry("sources", &sources)?;
        }
        map.end()
    }
}

/// Attributes in their file order.
struct Attrs<'g>(Vec<(&'g str, AttrValue<'g>)>);

impl Serialize for Attrs<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(Some(self.0.len()))?;
        for (k, v) in &self.0 {
            match *v {
                AttrValue::Null => map.serialize_entry(k, &())?,
                AttrValue::Bool(b) => map.serialize_entry(k, &b)?,
                AttrValue::Int(i) => map.serialize_entry(k, &i)?,
                AttrValue::Float(f) => map.serialize_entry(k, &f)?,
                AttrValue::Str(t) => map.serialize_entry(k, t)?,
            }
        }
        map.end()
    }
}
