//! Property tests: a valid graph loads as exactly what it says; a graph broken in a way the
//! format forbids is rejected; the loader and the query parser take any input (uniform bytes,
//! and valid JSON with random corruption) without panicking; and every rejection of a file says
//! where the problem is.

use kgx::graph::{AttrValue, Graph, LoadError, LoadOptions, load_bytes};
use kgx::search::{KindFilter, Query, SearchIndex, Searcher};
use proptest::prelude::*;
use serde_json::{Value, json};

/// A random valid graph as a JSON value.
pub(crate) fn graph_value() -> impl Strategy<Value = Value> {
    let name = "[a-zA-Z0-9éü東\u{1b}][a-zA-Z0-9 éü東\u{1b}]{0,11}";
    (
        prop::collection::vec((name, 0..4usize, prop::option::of(0i64..5_000_000_000)), 1..12),
        prop::collection::vec((0..12usize, 0..12usize, 0..3usize), 0..20),
    )
        .prop_map(|(ents, rels)| {
            let kinds = ["company", "chip", "cloud", "deal"];
            let n = ents.len();
            let entities: Vec<Value> = ents
                .iter()
                .enumerate()
                .map(|(i, (name, kind, amount))| {
                    let mut e = json!({"id": format!("e{i}"), "kind": kinds[*kind], "name": name});
                    if let Some(a) = amount {
                        e["attrs"] = json!({"amount_usd": a, "date": "2025-11"});
                    }
                    e
                })
                .collect();
            let types = ["investor", "customer", "covers"];
            let relations: Vec<Value> = rels
                .iter()
                .map(|(f, t, ty)| json!({"from": format!("e{}", f % n), "to": format!("e{}", t % n), "type": types[*ty]}))
                .collect();
            json!({"entities": entities, "relations": relations})
        })
}

/// One way to break a valid graph.
#[derive(Debug, Clone)]
pub(crate) enum Mutation {
    Truncate(usize),
    ReplaceId(usize, String),
    NameToNumber(usize),
    DropField(usize, &'static str),
    DanglingRelation(String),
    DuplicateEntity(usize),
}

pub(crate) fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        any::<usize>().prop_map(Mutation::Truncate),
        (any::<usize>(), "[a-z\u{0}-\u{1f}]{0,6}").prop_map(|(i, s)| Mutation::ReplaceId(i, s)),
        any::<usize>().prop_map(Mutation::NameToNumber),
        (
            any::<usize>(),
            prop::sample::select(vec!["id", "kind", "name"])
        )
            .prop_map(|(i, f)| Mutation::DropField(i, f)),
        "[a-z]{1,8}".prop_map(Mutation::DanglingRelation),
        any::<usize>().prop_map(Mutation::DuplicateEntity),
    ]
}

impl Mutation {
    /// Whether the format forbids the result: every mutation but a replaced id (a new, unique
    /// id that no relation names is still a valid graph).
    fn must_be_rejected(&self) -> bool {
        !matches!(self, Mutation::ReplaceId(..))
    }
}

pub(crate) fn apply(mut v: Value, m: &Mutation) -> Vec<u8> {
    let n = v["entities"].as_array().unwrap().len();
    match m {
        Mutation::Truncate(at) => {
            let text = serde_json::to_vec_pretty(&v).unwrap();
            return text[..at % text.len()].to_vec();
        }
        Mutation::ReplaceId(i, s) => v["entities"][i % n]["id"] = json!(s),
        Mutation::NameToNumber(i) => v["entities"][i % n]["name"] = json!(5),
        Mutation::DropField(i, f) => {
            v["entities"][i % n].as_object_mut().unwrap().remove(*f);
        }
        Mutation::DanglingRelation(to) => v["relations"]
            .as_array_mut()
            .unwrap()
            .push(json!({"from": "e0", "to": format!("zz-{to}"), "type": "partner"})),
        Mutation::DuplicateEntity(i) => {
            let e = v["entities"][i % n].clone();
            v["entities"].as_array_mut().unwrap().push(e);
        }
    }
    serde_json::to_vec_pretty(&v).unwrap()
}

/// A rejection must point somewhere: a syntax error at its position, every listed validation
/// problem at a line and column.
fn assert_located(err: &LoadError) {
    match err {
        LoadError::Read { .. } => panic!("bytes never produce a read error: {err}"),
        LoadError::Syntax { location, .. } => assert!(location.line >= 1 && location.column >= 1),
        LoadError::Invalid {
            problems, total, ..
        } => {
            assert!(*total >= problems.len() && !problems.is_empty());
            for p in problems {
                assert!(p.location.is_some(), "unlocated: {}", p.render("t"));
            }
        }
    }
}

/// An attribute value as JSON, numbers as `f64` (the graph keeps whole numbers as integers).
fn attr_json(value: AttrValue) -> Value {
    match value {
        AttrValue::Null => Value::Null,
        AttrValue::Bool(b) => json!(b),
        AttrValue::Int(i) => json!(i as f64),
        AttrValue::Float(f) => json!(f),
        AttrValue::Str(s) => json!(s),
    }
}

/// The loaded graph in the shape `graph_value` writes (numbers as `f64`), read through the
/// graph's public API: every entity in order with its id, kind, name and attributes, every
/// relation in order with its ends and type.
fn described(g: &Graph) -> Value {
    let entities: Vec<Value> = g
        .entities()
        .map(|e| {
            let mut v = json!({"id": e.id(), "kind": e.kind(), "name": e.name()});
            let attrs: serde_json::Map<String, Value> = e
                .attrs()
                .map(|(k, a)| (k.to_string(), attr_json(a)))
                .collect();
            if !attrs.is_empty() {
                v["attrs"] = Value::Object(attrs);
            }
            v
        })
        .collect();
    let relations: Vec<Value> = g
        .relations()
        .map(|r| json!({"from": r.from().id(), "to": r.to().id(), "type": r.rtype()}))
        .collect();
    json!({"entities": entities, "relations": relations})
}

/// `v` with every amount as `f64`, as [`described`] gives it.
fn with_float_amounts(mut v: Value) -> Value {
    for e in v["entities"].as_array_mut().unwrap() {
        if let Some(a) = e["attrs"]["amount_usd"].as_f64() {
            e["attrs"]["amount_usd"] = json!(a);
        }
    }
    v
}

/// A valid graph's serialisation with 1 to 4 bytes overwritten, inserted or removed, using the
/// bytes JSON is made of (so the damage sits inside strings, numbers and structure, where a
/// parser is most likely to go wrong, instead of stopping at the first byte).
fn corrupted_json() -> impl Strategy<Value = Vec<u8>> {
    let byte = prop::sample::select(br#"{}[]",:\ 0123456789.-+eEtrufalsn"#.to_vec());
    let edit = (any::<usize>(), 0..3u8, byte);
    (graph_value(), prop::collection::vec(edit, 1..5)).prop_map(|(v, edits)| {
        let mut bytes = serde_json::to_vec(&v).unwrap();
        for (at, how, b) in edits {
            let at = at % (bytes.len() + 1);
            match how {
                0 if at < bytes.len() => bytes[at] = b,
                1 => bytes.insert(at, b),
                _ if at < bytes.len() => {
                    bytes.remove(at);
                }
                _ => bytes.push(b),
            }
        }
        bytes
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn valid_graphs_load_as_written(v in graph_value()) {
        let bytes = serde_json::to_vec(&v).unwrap();
        let loaded = load_bytes(&bytes, "t", LoadOptions::default()).unwrap();
        prop_assert_eq!(described(&loaded.graph), with_float_amounts(v));
    }

    #[test]
    fn almost_valid_graphs_are_rejected_located(v in graph_value(), m in mutation()) {
        let bytes = apply(v, &m);
        match load_bytes(&bytes, "t", LoadOptions::default()) {
            Err(e) => {
                assert_located(&e);
                prop_assert!(!e.to_string().chars().any(|c| c != '\n' && kgx::escape::is_unsafe_char(c)));
            }
            Ok(_) => prop_assert!(!m.must_be_rejected(), "{:?} was accepted", m),
        }
    }

    #[test]
    fn corrupted_json_never_panics(bytes in corrupted_json()) {
        if let Err(e) = load_bytes(&bytes, "t", LoadOptions::default()) {
            assert_located(&e);
        }
    }

    #[test]
    fn arbitrary_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..400)) {
        if let Err(e) = load_bytes(&bytes, "t", LoadOptions::default()) {
            assert_located(&e);
        }
    }

    #[test]
    fn json_shaped_noise_never_panics(text in r#"[\[\]{}",:0-9a-z \n\\]{0,200}"#) {
        let with_entities = format!("{{\"entities\": [{text}");
        for t in [text.as_str(), with_entities.as_str()] {
            if let Err(e) = load_bytes(t.as_bytes(), "t", LoadOptions::default()) {
                assert_located(&e);
            }
        }
    }

    #[test]
    fn any_query_parses_and_searches(q in "\\PC{0,24}", v in graph_value()) {
        let g = crate::test_support::graph_of(&serde_json::to_vec(&v).unwrap(), "t");
        let index = SearchIndex::new(&g);
        let query = Query::parse(&q);
        let mut searcher = Searcher::new();
        let hits = searcher.search(&g, &index, &query, &KindFilter::All);
        for hit in hits.iter().take(5) {
            let hl = searcher.highlights(&g, &index, &query, hit);
            let len = g.entity(hit.entity).name().chars().count();
            prop_assert!(hl.name.iter().all(|&i| i < len));
        }
    }
}
