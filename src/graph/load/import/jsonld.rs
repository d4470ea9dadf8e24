//! JSON-LD, compacted or expanded: a document with `@graph`, one top-level node object, or an
//! array of node objects. Terms are not resolved over the network: `@context` is read only for
//! its prefixes, its `@vocab` and the terms it declares as references (`"@type": "@id"`), and is
//! kept as graph metadata.
//!
//! Mapping: every node object with an `@id` is an entity (node objects described in several
//! places are merged; an embedded node without `@id` is a blank node `_:bN`). Its first
//! `@type` is the kind, by its compacted name (`schema:Person`, or the IRI's last segment when
//! no prefix fits); `name`, `rdfs:label` or `schema:name` (or the same IRIs expanded) the name;
//! `description` or `rdfs:comment` the summary. Every property value that is a node (a
//! reference `{"@id":…}`, an embedded node, or a string of a term declared `@id`) is a relation
//! typed by the property's compacted name; the items of a `@list` also carry their `position`.
//! Literals (`{"@value":…}` unwrapped) are attributes, several values giving the first and
//! `KEY.all`. Ends that no node object describes become `unresolved` stubs.

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};

use super::json::{self, Json};
use super::sink::{At, Extra, Sink, Val, offset_of, parse_document};
use crate::graph::error::LoadError;
use crate::graph::load::LoadOptions;
use crate::graph::load::Loaded;
use crate::graph::load::format::Detected;

const NAME_KEYS: &[&str] = &[
    "name",
    "rdfs:label",
    "schema:name",
    "label",
    "http://schema.org/name",
    "https://schema.org/name",
    "http://www.w3.org/2000/01/rdf-schema#label",
];
const SUMMARY_KEYS: &[&str] = &[
    "description",
    "rdfs:comment",
    "schema:description",
    "http://schema.org/description",
    "http://www.w3.org/2000/01/rdf-schema#comment",
];

pub(crate) fn load(
    text: &str,
    origin: &str,
    opts: LoadOptions,
    detected: Detected,
) -> Result<Loaded, LoadError> {
    let root = parse_document(text, origin)?;
    let mut sink = Sink::new(text, opts, ["subject", "object"]);
    sink.duplicate_keys(&root, 0);
    sink.make_stubs();
    let mut ctx = Context::default();
    let tops: Vec<&Json<'_>> = match &root {
        Json::Arr(items) => items.iter().collect(),
        Json::Obj(top) => {
            if let Some(c) = json::get(top, "@context") {
                sink.meta("@context", c);
                ctx.read(c);
            }
            match json::get(top, "@graph") {
                Some(Json::Arr(items)) => items.iter().collect(),
                Some(one @ Json::Obj(_)) => vec![one],
                _ => vec![&root],
            }
        }
        _ => Vec::new(),
    };
    // A node's own `@context` (in an array of nodes) is read like the document's.
    for top in &tops {
        if let Json::Obj(f) = top
            && let Some(c) = json::get(f, "@context")
        {
            ctx.read(c);
        }
    }
    let mut walk = Walk {
        text,
        ctx: &ctx,
        defs: Vec::new(),
        by_id: HashMap::new(),
        blanks: 0,
    };
    for top in tops {
        walk.node(top);
    }
    emit(&mut sink, &ctx, walk.defs);
    sink.finish(origin, detected)
}

/// What `@context` says that matters without the network.
#[derive(Default)]
struct Context {
    prefixes: Vec<(String, String)>,
    vocab: Option<String>,
    references: HashSet<String>,
}

impl Context {
    fn read(&mut self, c: &Json<'_>) {
        match c {
            Json::Arr(items) => items.iter().for_each(|i| self.read(i)),
            Json::Obj(f) => {
                for (k, v) in f {
                    match (k.as_ref(), v) {
                        ("@vocab", Json::Str(s)) => self.vocab = Some(s.to_string()),
                        (k, Json::Str(iri)) if !k.starts_with('@') && looks_like_iri(iri) => {
                            self.prefixes.push((k.to_string(), iri.to_string()));
                        }
                        (k, Json::Obj(def)) => {
                            if matches!(json::get(def, "@type"), Some(Json::Str(t)) if t == "@id" || t == "@vocab")
                            {
                                self.references.insert(k.to_string());
                            }
                        }
                        _ => {}
                    }
                }
            }
            _ => {}
        }
    }

    /// An IRI by its compacted name: `prefix:local` when a prefix fits, the local name when the
    /// vocabulary does, the IRI's last segment when it is absolute, else as written.
    fn compact(&self, iri: &str) -> String {
        if let Some(v) = &self.vocab
            && let Some(local) = iri.strip_prefix(v.as_str())
            && !local.is_empty()
        {
            return local.to_string();
        }
        for (p, base) in &self.prefixes {
            if let Some(local) = iri.strip_prefix(base.as_str())
                && !local.is_empty()
            {
                return format!("{p}:{local}");
            }
        }
        if iri.contains("://") {
            let local = iri
                .rsplit(['#', '/'])
                .find(|s| !s.is_empty())
                .unwrap_or(iri);
            return local.to_string();
        }
        iri.to_string()
    }
}

fn looks_like_iri(s: &str) -> bool {
    s.contains("://") || s.starts_with("urn:")
}

/// One node object, merged over the places that describe it.
struct Def<'j, 't> {
    id: String,
    offset: usize,
    types: Vec<String>,
    literals: Vec<(&'j str, &'j Json<'t>)>,
    refs: Vec<(&'j str, String, Option<usize>)>,
}

struct Walk<'c, 'j, 't> {
    text: &'t str,
    ctx: &'c Context,
    defs: Vec<Def<'j, 't>>,
    by_id: HashMap<String, usize>,
    blanks: usize,
}

impl<'j, 't> Walk<'_, 'j, 't> {
    /// Records the node object `v` (and the nodes inside it); returns its id.
    fn node(&mut self, v: &'j Json<'t>) -> Option<String> {
        let Json::Obj(f) = v else { return None };
        if json::get(f, "@value").is_some() {
            return None;
        }
        let id = match json::get(f, "@id") {
            Some(Json::Str(s)) => s.to_string(),
            _ => {
                self.blanks += 1;
                format!("_:b{}", self.blanks)
            }
        };
        let described = f.iter().any(|(k, _)| k != "@id" && k != "@context");
        if !described {
            return Some(id);
        }
        let ix = match self.by_id.get(&id) {
            Some(&ix) => ix,
            None => {
                self.defs.push(Def {
                    id: id.clone(),
                    offset: offset_of(self.text, v).unwrap_or(0),
                    types: Vec::new(),
                    literals: Vec::new(),
                    refs: Vec::new(),
                });
                self.by_id.insert(id.clone(), self.defs.len() - 1);
                self.defs.len() - 1
            }
        };
        for (k, value) in f.iter() {
            match k.as_ref() {
                "@id" | "@context" | "@reverse" | "@index" => {}
                "@type" => {
                    let types: Vec<String> = match value {
                        Json::Arr(t) => t.iter().filter_map(Json::scalar_text).collect(),
                        other => other.scalar_text().into_iter().collect(),
                    };
                    self.defs[ix].types.extend(types);
                }
                "@graph" => {
                    if let Json::Arr(items) = value {
                        for item in items {
                            self.node(item);
                        }
                    }
                }
                key => self.value(ix, key, value, None),
            }
        }
        Some(id)
    }

    fn value(&mut self, ix: usize, key: &'j str, value: &'j Json<'t>, position: Option<usize>) {
        match value {
            Json::Arr(items) => {
                for item in items {
                    self.value(ix, key, item, position);
                }
            }
            Json::Obj(f) if json::get(f, "@list").is_some() || json::get(f, "@set").is_some() => {
                let list = json::get(f, "@list");
                if let Some(Json::Arr(items)) = list.or_else(|| json::get(f, "@set")) {
                    for (i, item) in items.iter().enumerate() {
                        self.value(ix, key, item, list.map(|_| i));
                    }
                }
            }
            Json::Obj(f) if json::get(f, "@value").is_some() => {
                self.defs[ix].literals.push((key, value));
            }
            Json::Obj(_) => {
                if let Some(target) = self.node(value) {
                    self.defs[ix].refs.push((key, target, position));
                }
            }
            Json::Str(s) if self.ctx.references.contains(key) => {
                self.defs[ix].refs.push((key, s.to_string(), position));
            }
            _ => self.defs[ix].literals.push((key, value)),
        }
    }
}

/// A literal's value: `{"@value": v}` as v.
fn literal<'j, 't>(v: &'j Json<'t>) -> &'j Json<'t> {
    match v {
        Json::Obj(f) => json::get(f, "@value").unwrap_or(v),
        other => other,
    }
}

fn emit(sink: &mut Sink<'_>, ctx: &Context, defs: Vec<Def<'_, '_>>) {
    for d in &defs {
        let pick = |keys: &[&str]| {
            keys.iter().find_map(|k| {
                d.literals
                    .iter()
                    .find(|(key, _)| key == k)
                    .and_then(|(_, v)| literal(v).scalar_text())
            })
        };
        let name = pick(NAME_KEYS).unwrap_or_else(|| d.id.clone());
        let summary = pick(SUMMARY_KEYS);
        let kind = d
            .types
            .first()
            .map_or("node".to_string(), |t| ctx.compact(t));
        let mut extra = Extra {
            tags: d
                .types
                .iter()
                .skip(1)
                .map(|t| Cow::Owned(ctx.compact(t)))
                .collect(),
            ..Extra::default()
        };
        let mut seen: Vec<&str> = Vec::new();
        let owned: Vec<(String, Json<'static>)> = d
            .literals
            .iter()
            .filter_map(|(k, _)| {
                if seen.contains(k) {
                    return None;
                }
                seen.push(k);
                let all: Vec<&Json<'_>> = d
                    .literals
                    .iter()
                    .filter(|(key, _)| key == k)
                    .map(|(_, v)| literal(v))
                    .collect();
                let key = ctx.compact(k);
                Some(match all.as_slice() {
                    [one] => vec![(key, owned_json(one))],
                    many => vec![
                        (key.clone(), owned_json(many[0])),
                        (
                            format!("{key}.all"),
                            Json::Arr(many.iter().map(|v| owned_json(v)).collect()),
                        ),
                    ],
                })
            })
            .flatten()
            .collect();
        for (k, v) in &owned {
            extra.attr(k.as_str(), Val::Json(v));
        }
        let at = At::new(d.offset, format!("node {}", d.id));
        sink.entity(at, &d.id, &kind, &name, summary.as_deref(), extra);
    }
    for d in &defs {
        for (key, target, position) in &d.refs {
            let mut extra = Extra::default();
            if let Some(p) = position {
                extra.attr("position", Val::Int(*p as i64));
            }
            let at = At::new(d.offset, format!("node {}", d.id));
            sink.relation(at, &d.id, target, &ctx.compact(key), extra);
        }
    }
}

fn owned_json(v: &Json<'_>) -> Json<'static> {
    match v {
        Json::Null => Json::Null,
        Json::Bool(b) => Json::Bool(*b),
        Json::Num(n) => Json::Num(n.clone()),
        Json::Str(s) => Json::Str(Cow::Owned(s.to_string())),
        other => Json::Str(Cow::Owned(other.to_text())),
    }
}

#[cfg(test)]
mod tests {
    use crate::graph::{AttrValue, LoadOptions, load_bytes};

    #[test]
    fn compacted_graph_with_lists_blank_nodes_and_references() {
        let text = r#"{"@context":{"schema":"http://schema.org/","knows":{"@id":"schema:knows","@type":"@id"}},
          "@graph":[
            {"@id":"ex:ann","@type":"schema:Person","name":"Ann","knows":"ex:bob",
             "schema:address":{"schema:city":"Oslo"},
             "authors":{"@list":[{"@id":"ex:bob"},{"@id":"ex:cy"}]},
             "nick":[{"@value":"A","@language":"en"},"Annie"]},
            {"@id":"ex:bob","@type":["schema:Person","schema:Author"],"rdfs:label":"Bob"},
            {"@id":"ex:ann","schema:age":41}
          ]}"#;
        let loaded = load_bytes(text.as_bytes(), "t.jsonld", LoadOptions::default()).unwrap();
        let g = &loaded.graph;
        let ann = g.entity(g.find("ex:ann").unwrap());
        assert_eq!((ann.name(), ann.kind()), ("Ann", "schema:Person"));
        assert_eq!(ann.attr("schema:age"), Some(AttrValue::Int(41)));
        assert_eq!(ann.attr("nick"), Some(AttrValue::Str("A")));
        assert_eq!(g.entity(g.find("ex:bob").unwrap()).name(), "Bob");
        let blank = g.entity(g.find("_:b1").unwrap());
        assert_eq!(blank.attr("schema:city"), Some(AttrValue::Str("Oslo")));
        let rels: Vec<(&str, &str)> = g.relations().map(|r| (r.rtype(), r.to().id())).collect();
        assert_eq!(
            rels,
            [
                ("knows", "ex:bob"),
                ("schema:address", "_:b1"),
                ("authors", "ex:bob"),
                ("authors", "ex:cy")
            ]
        );
        assert_eq!(g.entity(g.find("ex:cy").unwrap()).kind(), "unresolved");
        assert!(g.meta().iter().any(|(k, _)| k == "@context"));
    }

    #[test]
    fn expanded_form_compacts_iris() {
        let text = r#"[{"@id":"http://ex.org/a","@type":["http://schema.org/Person"],
            "http://schema.org/name":[{"@value":"A"}],
            "http://schema.org/knows":[{"@id":"http://ex.org/b"}]},
           {"@id":"http://ex.org/b","http://schema.org/name":[{"@value":"B"}]}]"#;
        let g = load_bytes(text.as_bytes(), "t.jsonld", LoadOptions::default())
            .unwrap()
            .graph;
        let a = g.entity(g.find("http://ex.org/a").unwrap());
        assert_eq!((a.name(), a.kind()), ("A", "Person"));
        assert_eq!(g.relations().next().unwrap().rtype(), "knows");
    }
}
