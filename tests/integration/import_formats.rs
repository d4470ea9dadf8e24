//! Importing the formats of the "Formats" issue: the real files of tests/fixtures/import/ (from
//! ../shared/real-graphs, counts from its SOURCES.md), the hand-written edge-case fixtures, the
//! detector's messages, and the options (`--from`, `--skip-bad-lines`, `--no-stubs`) through the
//! real binary.

use std::process::Stdio;

use assert_cmd::Command;
use kgx::graph::{Format, LoadOptions, load_path};
use predicates::str::contains;

const DIR: &str = "tests/fixtures/import";

fn kgx() -> Command {
    Command::cargo_bin("kgx").unwrap()
}

/// (file, format, shape, nodes, edges): the counts of SOURCES.md.
const REAL: &[(&str, Format, &str, usize, usize)] = &[
    ("apoc-all.json", Format::Apoc, "Neo4j APOC JSON Lines", 3, 1),
    (
        "apoc-all_array.json",
        Format::Apoc,
        "Neo4j APOC JSON array (ARRAY_JSON)",
        3,
        1,
    ),
    (
        "apoc-all_fields.json",
        Format::Apoc,
        "Neo4j APOC JSON (jsonFormat JSON)",
        3,
        1,
    ),
    (
        "apoc-all_id_as_keys.json",
        Format::Apoc,
        "Neo4j APOC JSON (JSON_ID_AS_KEYS)",
        3,
        1,
    ),
    (
        "tinker-graph-v4.json",
        Format::GraphSon,
        "TinkerPop GraphSON",
        6,
        14,
    ),
    (
        "tinkerpop-classic-legacy.json",
        Format::GraphSon,
        "TinkerPop legacy GraphSON",
        6,
        6,
    ),
    (
        "tinkerpop-modern-v1.json",
        Format::GraphSon,
        "TinkerPop GraphSON adjacency lines",
        6,
        6,
    ),
    (
        "tinkerpop-modern-v3.json",
        Format::GraphSon,
        "TinkerPop GraphSON adjacency lines",
        6,
        6,
    ),
    (
        "wdtk-mock-dump-array.json",
        Format::Wikidata,
        "Wikidata JSON dump",
        101,
        149,
    ),
    (
        "wdtk-wbgetentities-Q6-Q42-P31.json",
        Format::Wikidata,
        "Wikidata API response",
        3,
        27,
    ),
    (
        "wikibase-sdk-Q571-book.json",
        Format::Wikidata,
        "Wikidata entity",
        1,
        11,
    ),
    (
        "graphology-les-miserables.json",
        Format::Graphology,
        "graphology JSON",
        77,
        254,
    ),
    (
        "bods-fermcat-ownership.json",
        Format::Bods,
        "BODS statement array",
        13,
        10,
    ),
    (
        "galFiltered-nodes-edges.json",
        Format::Cytoscape,
        "Cytoscape.js JSON (nodes and edges)",
        331,
        362,
    ),
];

#[test]
fn every_real_file_opens_with_its_counted_entities_and_relations() {
    for &(file, format, shape, nodes, edges) in REAL {
        let path = format!("{DIR}/{file}");
        let loaded = load_path(path.as_ref(), LoadOptions::default())
            .unwrap_or_else(|e| panic!("{file}: {e}"));
        let g = &loaded.graph;
        assert_eq!(
            (loaded.format.format, loaded.format.name),
            (format, shape),
            "{file}"
        );
        assert!(
            g.entity_count() >= nodes,
            "{file}: {} entities < {nodes}",
            g.entity_count()
        );
        assert_eq!(g.relation_count(), edges, "{file}");
        // Entities beyond the counted nodes are only stubs for ends outside the file.
        let stubs = g
            .entities()
            .filter(|e| e.kind() == kgx::graph::STUB_KIND)
            .count();
        assert!(g.entity_count() - stubs <= nodes, "{file}: {} stubs", stubs);
    }
}

#[test]
fn check_prints_the_format_on_its_first_line_and_in_json() {
    kgx()
        .args(["check", &format!("{DIR}/apoc-all.json")])
        .assert()
        .success()
        .stdout(predicates::str::starts_with(format!(
            "{DIR}/apoc-all.json: Neo4j APOC JSON Lines: valid: 3 entities, 1 relations"
        )));
    let out = kgx()
        .args([
            "check",
            "--json",
            &format!("{DIR}/tinkerpop-modern-v3.json"),
        ])
        .assert()
        .success();
    let v: serde_json::Value = serde_json::from_slice(&out.get_output().stdout).unwrap();
    assert_eq!(v["format"], "graphson");
    assert_eq!(
        (v["entities"].as_u64(), v["relations"].as_u64()),
        (Some(6), Some(6))
    );
}

#[test]
fn show_search_and_path_work_on_imports() {
    kgx()
        .args([
            "show",
            "marko",
            "-f",
            &format!("{DIR}/tinkerpop-modern-v1.json"),
        ])
        .assert()
        .success()
        .stdout(contains("created").and(contains("lop")));
    kgx()
        .args(["search", "Adam", "-f", &format!("{DIR}/apoc-all.json")])
        .assert()
        .success()
        .stdout(contains("Adam"));
    kgx()
        .args([
            "path",
            "Myriel",
            "Valjean",
            "-f",
            &format!("{DIR}/graphology-les-miserables.json"),
        ])
        .assert()
        .success()
        .stdout(contains("Valjean"));
    kgx()
        .args([
            "show",
            "Q42",
            "-f",
            &format!("{DIR}/wdtk-wbgetentities-Q6-Q42-P31.json"),
        ])
        .assert()
        .success()
        .stdout(contains("Douglas Adams"));
}

use predicates::prelude::PredicateBooleanExt;

#[test]
fn a_file_in_no_known_shape_says_what_was_seen() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("graph.json");
    std::fs::write(
        &path,
        r#"{"u": {"type": "node", "id": "1"}, "rel": {"type": "relationship"}, "p": 1}"#,
    )
    .unwrap();
    kgx()
        .args(["check", path.to_str().unwrap()])
        .assert()
        .code(1)
        .stderr(contains(
            "not a graph kgx knows: a top-level object with keys \"u\", \"rel\", \"p\"",
        ))
        .stderr(contains("apoc.export.json.query"))
        .stderr(contains("kgx reads"));
}

#[test]
fn binary_streams_fail_within_their_first_kilobyte() {
    // /dev/zero never ends: reading it all would run out of memory.
    kgx()
        .args(["check", "/dev/zero"])
        .timeout(std::time::Duration::from_secs(20))
        .assert()
        .code(1)
        .stderr(contains("not a graph kgx knows: binary data"));
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("kgx"))
        .args(["check", "-"])
        .stdin(Stdio::piped())
        .stderr(Stdio::piped())
        .stdout(Stdio::null())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let writer = std::thread::spawn(move || {
        use std::io::Write;
        let chunk = [0xffu8; 4096];
        // Far more than kgx needs to see: it must stop reading long before this ends.
        for _ in 0..(1 << 18) {
            if stdin.write_all(&chunk).is_err() {
                return true;
            }
        }
        false
    });
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("not a graph kgx knows"));
    assert!(writer.join().unwrap(), "kgx read the whole stream");
}

#[test]
fn from_forces_a_format() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("t.json");
    // Triples whose keys also look like kgx records: --from says which they are.
    std::fs::write(&path, "{\"head\":\"a\",\"relation\":\"r\",\"tail\":\"b\",\"id\":\"x\",\"kind\":\"k\",\"name\":\"n\"}\n").unwrap();
    kgx()
        .args(["check", "--from", "triples", path.to_str().unwrap()])
        .assert()
        .success()
        .stdout(contains("valid: 2 entities, 1 relations"));
    kgx()
        .args(["check", "--from", "nonsense", path.to_str().unwrap()])
        .assert()
        .code(2)
        .stderr(contains("graphson"));
}

#[test]
fn a_bad_line_fails_unless_skipped() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("t.ftm");
    std::fs::write(
        &path,
        "{\"id\":\"a\",\"schema\":\"Person\",\"properties\":{\"name\":[\"A\"]}}\n{\"id\":\"b\",\"schema\"\n{\"id\":\"c\",\"schema\":\"Company\",\"properties\":{}}\n",
    )
    .unwrap();
    kgx()
        .args(["check", path.to_str().unwrap()])
        .assert()
        .code(1)
        .stderr(contains(":2:").and(contains("line 2 is not valid JSON")));
    kgx()
        .args(["check", "--skip-bad-lines", path.to_str().unwrap()])
        .assert()
        .success()
        .stdout(contains("valid: 2 entities, 0 relations"))
        .stderr(contains("skipped"));
}

#[test]
fn duplicate_keys_are_warnings_naming_the_key_and_line() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("t.jsonl");
    std::fs::write(
        &path,
        "{\"type\":\"node\",\"id\":\"1\"}\n{\"type\":\"node\",\"id\":\"2\",\"id\":\"3\"}\n",
    )
    .unwrap();
    kgx()
        .args(["check", path.to_str().unwrap()])
        .assert()
        .success()
        .stderr(contains(":2:").and(contains("duplicate key \"id\"")));
}

#[test]
fn hand_written_edge_case_fixtures() {
    let cases: &[(&str, usize, usize)] = &[
        ("graphson-edge-cases.json", 3, 2),
        ("wikidata-edge-cases.json", 5, 3),
        ("ftm-edge-cases.ftm", 5, 3),
        ("bods-edge-cases.json", 4, 3),
        ("jsonld-edge-cases.jsonld", 5, 5),
        ("apoc-edge-cases.json", 3, 2),
        ("triples-edge-cases.jsonl", 4, 3),
    ];
    for &(file, entities, relations) in cases {
        let path = format!("{DIR}/{file}");
        let g = load_path(path.as_ref(), LoadOptions::default())
            .unwrap_or_else(|e| panic!("{file}: {e}"))
            .graph;
        assert_eq!(
            (g.entity_count(), g.relation_count()),
            (entities, relations),
            "{file}"
        );
    }
}

mod round_trip {
    use kgx::graph::{
        Graph, LoadOptions, Subgraph, first_difference, load_bytes, write_apoc, write_cytoscape,
        write_graphson, write_json, write_node_link,
    };
    use proptest::prelude::*;
    use serde_json::{Value, json};

    type Writer = fn(&Graph, &Subgraph, &mut Vec<u8>) -> std::io::Result<()>;

    const WRITERS: &[(&str, Writer)] = &[
        ("node-link", write_node_link),
        ("cytoscape", write_cytoscape),
        ("apoc", write_apoc),
        ("graphson", write_graphson),
        ("json", write_json),
    ];

    /// A random graph with every kind of field, as native JSON.
    fn graph() -> impl Strategy<Value = Value> {
        let text = "[a-zA-Z0-9éü東\u{1b}\"][a-zA-Z0-9éü東 \u{1b}\"]{0,9}";
        let attr = prop_oneof![
            any::<i64>().prop_map(|i| json!(i)),
            (-1e9f64..1e9).prop_map(|f| json!(f)),
            any::<bool>().prop_map(|b| json!(b)),
            text.prop_map(|s| json!(s)),
        ];
        let entity = (
            text,
            0..4usize,
            prop::option::of(text),
            prop::collection::vec(text, 0..2),
            prop::collection::vec("[a-z]{1,6}", 0..2),
            prop::collection::btree_map("[a-z_]{1,8}", attr.clone(), 0..3),
        );
        (
            prop::collection::vec(entity, 1..8),
            prop::collection::vec((0..8usize, 0..8usize, 0..3usize, prop::option::of(attr)), 0..12),
            prop::option::of(text),
        )
            .prop_map(|(ents, rels, title)| {
                let kinds = ["company", "chip", "person", "Thing"];
                let n = ents.len();
                let entities: Vec<Value> = ents
                    .iter()
                    .enumerate()
                    .map(|(i, (name, kind, summary, aliases, tags, attrs))| {
                        let mut e = json!({"id": format!("e{i}"), "kind": kinds[*kind],
                            "name": name, "aliases": aliases, "tags": tags, "attrs": attrs});
                        if let Some(s) = summary {
                            e["summary"] = json!(s);
                        }
                        e
                    })
                    .collect();
                let types = ["owns", "supplies", "knows"];
                let relations: Vec<Value> = rels
                    .iter()
                    .map(|(f, t, ty, a)| {
                        let mut r = json!({"from": format!("e{}", f % n), "to": format!("e{}", t % n), "type": types[*ty]});
                        if let Some(a) = a {
                            r["attrs"] = json!({"weight": a});
                        }
                        r
                    })
                    .collect();
                let mut doc = json!({"entities": entities, "relations": relations});
                if let Some(t) = title {
                    doc["title"] = json!(t);
                }
                doc
            })
    }

    fn write(g: &Graph, w: Writer) -> Vec<u8> {
        let mut out = Vec::new();
        w(g, &Subgraph::whole(g), &mut out).unwrap();
        out
    }

    fn load(bytes: &[u8], what: &str) -> Graph {
        match load_bytes(bytes, what, LoadOptions::default()) {
            Ok(l) => l.graph,
            Err(e) => panic!("{what}: {e}\n{}", String::from_utf8_lossy(bytes)),
        }
    }

    /// (id, kind, name) of each entity and (from, type, to) of each relation, sorted.
    type Shape = (Vec<(String, String, String)>, Vec<(String, String, String)>);

    fn shape(g: &Graph) -> Shape {
        let mut ents: Vec<_> = g
            .entities()
            .map(|e| {
                (
                    e.id().to_string(),
                    e.kind().to_string(),
                    e.name().to_string(),
                )
            })
            .collect();
        let mut rels: Vec<_> = g
            .relations()
            .map(|r| {
                (
                    r.from().id().to_string(),
                    r.rtype().to_string(),
                    r.to().id().to_string(),
                )
            })
            .collect();
        ents.sort();
        rels.sort();
        (ents, rels)
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(48))]

        /// Each writer's output reads back into the same entities and relations, and a second
        /// round changes nothing (the native one is exact the first time).
        #[test]
        fn every_export_reads_back_equal(doc in graph()) {
            let original = load(doc.to_string().as_bytes(), "generated");
            for &(name, w) in WRITERS {
                let once = load(&write(&original, w), name);
                prop_assert_eq!(shape(&once), shape(&original), "{}", name);
                let twice = load(&write(&once, w), name);
                prop_assert_eq!(first_difference(&once, &twice), None, "{}", name);
                if name == "json" {
                    prop_assert_eq!(first_difference(&original, &once), None);
                }
            }
        }
    }
}

/// The hostile name in the GraphSON fixture (an ESC sequence) is escaped on the terminal.
#[test]
fn escape_sequences_in_imported_data_never_reach_the_terminal() {
    let file = format!("{DIR}/graphson-edge-cases.json");
    for args in [
        vec!["show", "2", "-f", &file],
        vec!["search", "bo", "-f", &file],
        vec!["check", &file],
    ] {
        let out = kgx().args(&args).assert().success();
        let o = out.get_output();
        assert!(!o.stdout.contains(&0x1b), "{args:?}: raw ESC on stdout");
        assert!(!o.stderr.contains(&0x1b), "{args:?}: raw ESC on stderr");
    }
}

/// Issue 16 item 12: where "undirected" is read: node-link `"directed": false` and graphology
/// `options.type: "undirected"` are undirected; `"directed": true`, graphology `mixed` and a
/// native kgx graph are not.
#[test]
fn a_graph_is_undirected_only_when_its_file_says_so() {
    let graph = |json: &str| crate::test_support::graph_of(json.as_bytes(), "t");
    let nodes = r#""nodes":[{"id":"a"},{"id":"b"}],"links":[{"source":"a","target":"b"}]"#;
    assert!(graph(&format!(r#"{{"directed":false,{nodes}}}"#)).is_undirected());
    assert!(!graph(&format!(r#"{{"directed":true,{nodes}}}"#)).is_undirected());
    let graphology = |kind: &str| {
        format!(
            r#"{{"options":{{"type":"{kind}"}},"nodes":[{{"key":"a"}},{{"key":"b"}}],
                "edges":[{{"source":"a","target":"b"}}]}}"#
        )
    };
    assert!(graph(&graphology("undirected")).is_undirected());
    assert!(!graph(&graphology("mixed")).is_undirected());
    assert!(!crate::test_support::default_graph().is_undirected());
}
