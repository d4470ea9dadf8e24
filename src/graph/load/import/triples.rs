//! Triple lists: an array (or JSON Lines, or `{"triples": [...]}`) of `{head, relation, tail}`,
//! `{subject, predicate, object}` or `{source, relation, target}` objects, or `[s, p, o]`
//! arrays, as LLM extraction pipelines and knowledge-graph datasets write them.
//!
//! Mapping: every distinct head and tail is an entity whose id and name are its text; its kind
//! is the first `head_type` / `tail_type` (or `subject_type`, `object_type`, `source_type`,
//! `target_type`) given for it, else `node`. Each triple is one relation from head to tail
//! typed by its predicate, the triple's other fields as attributes.

use std::borrow::Cow;
use std::collections::HashMap;

use super::json::{self, Json};
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
    let mut sink = Sink::new(text, opts, ["head", "tail"]);
    let mut records: Vec<(usize, Json<'_>)> = Vec::new();
    if detected.lines {
        lines::for_each(&mut sink, false, |_, line| {
            records.push((line.offset, line.value))
        });
    } else {
        let root = parse_document(text, origin)?;
        sink.duplicate_keys(&root, 0);
        let items = match root {
            Json::Obj(mut top) => match top.iter().position(|(k, _)| k == "triples") {
                Some(i) => match top.swap_remove(i).1 {
                    Json::Arr(items) => items,
                    other => vec![other],
                },
                None => vec![Json::Obj(top)],
            },
            Json::Arr(items) => items,
            other => vec![other],
        };
        records = items
            .into_iter()
            .map(|v| (offset_of(text, &v).unwrap_or(0), v))
            .collect();
    }
    let mut triples = Vec::new();
    for (i, (offset, v)) in records.iter().enumerate() {
        match triple(v) {
            Some(t) => triples.push((*offset, t)),
            None => sink.error(
                *offset,
                format!("triple {i}"),
                "a triple needs a head, a relation and a tail (strings or numbers)",
            ),
        }
    }
    // Entities first, in order of first mention, each with the first type given for it.
    let mut kinds: HashMap<String, (usize, Option<String>)> = HashMap::new();
    let mut order: Vec<(String, usize)> = Vec::new();
    for (offset, t) in &triples {
        for (end, kind) in [(&t.head, &t.head_type), (&t.tail, &t.tail_type)] {
            let entry = kinds.entry(end.clone()).or_insert_with(|| {
                order.push((end.clone(), *offset));
                (*offset, None)
            });
            if entry.1.is_none() {
                entry.1.clone_from(kind);
            }
        }
    }
    for (id, offset) in &order {
        let kind = kinds
            .get(id)
            .and_then(|k| k.1.clone())
            .unwrap_or_else(|| "node".into());
        sink.entity(
            At::new(*offset, format!("entity {id}")),
            id,
            &kind,
            id,
            None,
            Extra::default(),
        );
    }
    for (i, (offset, t)) in triples.iter().enumerate() {
        let mut extra = Extra::default();
        for (k, v) in &t.rest {
            extra.attr(k.as_ref(), Val::Json(v));
        }
        sink.relation(
            At::new(*offset, format!("triple {i}")),
            &t.head,
            &t.tail,
            &t.relation,
            extra,
        );
    }
    sink.finish(origin, detected)
}

struct Triple<'j, 't> {
    head: String,
    relation: String,
    tail: String,
    head_type: Option<String>,
    tail_type: Option<String>,
    rest: Vec<(&'j Cow<'t, str>, &'j Json<'t>)>,
}

fn text_of(v: &Json<'_>) -> Option<String> {
    v.scalar_text().filter(|t| !t.trim().is_empty())
}

fn triple<'j, 't>(v: &'j Json<'t>) -> Option<Triple<'j, 't>> {
    match v {
        Json::Arr(items) if items.len() == 3 => Some(Triple {
            head: text_of(&items[0])?,
            relation: text_of(&items[1])?,
            tail: text_of(&items[2])?,
            head_type: None,
            tail_type: None,
            rest: Vec::new(),
        }),
        Json::Obj(f) => {
            let (h, r, t) = triple_keys(f)?;
            let type_of = |end: &str| {
                [format!("{end}_type"), format!("{end}Type")]
                    .iter()
                    .find_map(|k| json::get(f, k).and_then(text_of))
            };
            let taken = |k: &str| {
                [h, r, t].contains(&k)
                    || [h, t]
                        .iter()
                        .any(|e| k == format!("{e}_type") || k == format!("{e}Type"))
            };
            Some(Triple {
                head: json::get(f, h).and_then(text_of)?,
                relation: json::get(f, r).and_then(text_of)?,
                tail: json::get(f, t).and_then(text_of)?,
                head_type: type_of(h),
                tail_type: type_of(t),
                rest: f
                    .iter()
                    .filter(|(k, _)| !taken(k))
                    .map(|(k, v)| (k, v))
                    .collect(),
            })
        }
        _ => None,
    }
}

/// The (subject, predicate, object) keys of a triple record, if it is one.
pub(crate) fn triple_keys(
    fields: &super::json::Fields<'_>,
) -> Option<(&'static str, &'static str, &'static str)> {
    const SHAPES: &[(&str, &str, &str)] = &[
        ("head", "relation", "tail"),
        ("subject", "predicate", "object"),
        ("source", "relation", "target"),
    ];
    SHAPES.iter().copied().find(|(s, p, o)| {
        [s, p, o]
            .iter()
            .all(|k| super::json::get(fields, k).is_some())
    })
}

#[cfg(test)]
mod tests {
    use crate::graph::{AttrValue, LoadOptions, load_bytes};

    #[test]
    fn every_triple_shape() {
        let text = r#"[{"head":"Ada","head_type":"person","relation":"wrote","tail":"Notes","confidence":0.9},
            {"subject":"Ada","predicate":"knew","object":"Babbage"},
            ["Babbage","built","Engine"],
            {"source":"Engine","relation":"computes","target":"Notes","tail_type":"x"}]"#;
        let g = load_bytes(text.as_bytes(), "t.json", LoadOptions::default())
            .unwrap()
            .graph;
        assert_eq!((g.entity_count(), g.relation_count()), (4, 4));
        assert_eq!(g.entity(g.find("Ada").unwrap()).kind(), "person");
        assert_eq!(g.entity(g.find("Engine").unwrap()).kind(), "node");
        let first = g.relations().next().unwrap();
        assert_eq!(
            (first.rtype(), first.attr("confidence")),
            ("wrote", Some(AttrValue::Float(0.9)))
        );
        let lines = "{\"head\":\"a\",\"relation\":\"r\",\"tail\":\"b\"}\n{\"head\":\"b\",\"relation\":\"r\",\"tail\":\"c\"}\n";
        let g = load_bytes(lines.as_bytes(), "t.jsonl", LoadOptions::default())
            .unwrap()
            .graph;
        assert_eq!((g.entity_count(), g.relation_count()), (3, 2));
    }
}
