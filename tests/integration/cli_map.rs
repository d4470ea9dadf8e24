//! `--map` and `kgx map --suggest`: JSON in no standard shape read through a MAP. The two worked
//! examples of docs/import-export.md load with exact counts, the MAP `--suggest` writes for each
//! loads it as it stands, bad MAPs are reported at the MAP's line, and random record files with a
//! generated MAP keep their counts.

use proptest::prelude::*;
use serde_json::{Value, json};

use crate::test_support::{fixture_path, kgx};

const COMPANIES: &str = "map/crunchbase-companies.json";
const EDGES: &str = "map/edge-list.json";
const RTYPES: [&str; 2] = ["owns", "funds"];

fn fixture(name: &str) -> String {
    fixture_path(name).display().to_string()
}

/// `kgx check --json FILE --map MAP` as JSON.
fn check(file: &str, map: &str) -> Value {
    let out = kgx()
        .args(["check", "--json", file, "--map", map])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    serde_json::from_slice(&out).unwrap()
}

fn stderr_of_failure(args: &[&str]) -> String {
    let out = kgx()
        .args(args)
        .assert()
        .failure()
        .code(1)
        .get_output()
        .clone();
    String::from_utf8(out.stderr).unwrap()
}

/// Writes `map_text` as `name` in `dir`, checks the companies file through it (which must
/// fail), and gives the MAP's path and what was printed on stderr.
fn failure_with_map(dir: &std::path::Path, name: &str, map_text: &str) -> (String, String) {
    let map = dir.join(name).display().to_string();
    std::fs::write(&map, map_text).unwrap();
    let err = stderr_of_failure(&["check", &fixture(COMPANIES), "--map", &map]);
    (map, err)
}

#[test]
fn companies_with_nested_investor_lists_load_with_exact_counts() {
    let c = check(
        &fixture(COMPANIES),
        &fixture("map/crunchbase-companies.map.json"),
    );
    // Four companies, and the investors no company record defines: Thrive Capital, SoftBank,
    // Google (Microsoft and Amazon are found by name among the companies).
    assert_eq!(c["entities"], 7);
    assert_eq!(c["kinds"], json!({"ai_lab": 2, "cloud": 2, "investor": 3}));
    assert_eq!(c["relations"], 8);
    assert_eq!(c["types"], json!({"investor": 5, "funded": 3}));
    assert_eq!(c["format"], "map");
    let shown = crate::test_support::stdout_of(&[
        "show",
        "openai",
        "-f",
        &fixture(COMPANIES),
        "--map",
        &fixture("map/crunchbase-companies.map.json"),
    ]);
    // The investor is the company record found by name, and the round keeps its amount.
    assert!(
        shown.contains("<- Microsoft  (cloud, c-microsoft)  $10.0B · 2023-01"),
        "{shown}"
    );
    assert!(shown.contains("founded  2015"), "{shown}");
}

#[test]
fn an_edge_list_alone_is_a_whole_graph() {
    let c = check(&fixture(EDGES), &fixture("map/edge-list.map.json"));
    assert_eq!(c["entities"], 4);
    assert_eq!(c["kinds"], json!({"company": 4}));
    assert_eq!(c["relations"], 5);
    assert_eq!(
        c["types"],
        json!({"invests_in": 2, "buys_cloud_from": 2, "buys_chips_from": 1})
    );
    // The amounts are attributes, so the money analyses read them.
    let path = crate::test_support::stdout_of(&[
        "path",
        "nvidia",
        "oracle",
        "--directed",
        "-f",
        &fixture(EDGES),
        "--map",
        &fixture("map/edge-list.map.json"),
    ]);
    assert!(path.contains("openai"), "{path}");
}

#[test]
fn the_suggested_map_loads_each_example_as_it_stands() {
    let dir = tempfile::tempdir().unwrap();
    for (file, entities, relations) in [(COMPANIES, 7, 8), (EDGES, 4, 5)] {
        let out = kgx()
            .args(["map", "--suggest", &fixture(file)])
            .assert()
            .success()
            .get_output()
            .stdout
            .clone();
        let suggested: Value = serde_json::from_slice(&out).expect("the suggestion is JSON");
        assert!(
            suggested["//"].as_str().unwrap().contains("--map"),
            "{suggested}"
        );
        let map = dir.path().join("suggested.map.json");
        std::fs::write(&map, &out).unwrap();
        let c = check(&fixture(file), &map.display().to_string());
        assert_eq!(c["entities"], entities, "{file}: {suggested:#}");
        assert_eq!(c["relations"], relations, "{file}: {suggested:#}");
    }
}

#[test]
fn a_map_path_that_finds_nothing_is_reported_at_the_maps_line_with_what_the_file_has() {
    let dir = tempfile::tempdir().unwrap();
    let (map, err) = failure_with_map(
        dir.path(),
        "firms.map.json",
        "{\n  \"nodes\": {\n    \"at\": \"/data/firms\",\n    \"id\": \"uuid\"\n  }\n}\n",
    );
    assert!(
        err.contains(&format!(
            "{map}:3:11: nodes \"/data/firms\": no such path in"
        )),
        "{err}"
    );
    assert!(
        err.contains("the file has /data/companies (4 objects)"),
        "{err}"
    );
}

#[test]
fn bad_maps_get_located_errors() {
    let dir = tempfile::tempdir().unwrap();
    let cases = [
        (
            "{\n  \"node\": {\"at\": \"/data/companies\"}\n}\n",
            ":2:3: unknown key \"node\" in the MAP (did you mean \"nodes\"?)",
        ),
        (
            "{\"nodes\": {\"id\": \"uuid\"}}",
            ":1:12: \"nodes\" needs \"at\"",
        ),
        (
            "{\"edges\": {\"at\": \"\", \"from\": \"a\", \"to\": \"b\", \"by\": \"label\"}}",
            ":1:52: \"edges\" \"by\" is \"id\" or \"name\"",
        ),
        ("{}", ":1:1: the MAP names no records"),
        ("{\"nodes\": ", ":1:10: the file ends too early"),
        (
            "{\"nodes\": {\"at\": \"/source\"}}",
            ":1:18: nodes \"/source\" in",
        ),
    ];
    for (i, (text, wanted)) in cases.iter().enumerate() {
        let (map, err) = failure_with_map(dir.path(), &format!("bad{i}.map.json"), text);
        assert!(err.contains(&format!("{map}{wanted}")), "{text}\n{err}");
    }
    // A record without the id the MAP names is reported in the file, at the record.
    let (map, err) = failure_with_map(
        dir.path(),
        "no-id.map.json",
        "{\"nodes\": {\"at\": \"/data/companies\", \"id\": \"nope\"}}",
    );
    assert!(
        err.contains(&format!(
            "crunchbase-companies.json:5:8: /data/companies/0: no id at \"nope\" (as {map}:1 says)"
        )),
        "{err}"
    );
    // `--from map` without a MAP says what is missing.
    let err = stderr_of_failure(&["check", &fixture(EDGES), "--from", "map"]);
    assert!(err.contains("needs the MAP itself"), "{err}");
}

#[test]
fn map_without_suggest_is_a_usage_error() {
    kgx()
        .args(["map", &fixture(EDGES)])
        .assert()
        .failure()
        .code(2);
}

/// A random file of records: nodes with unique ids (some odd), random names and a few kinds,
/// and distinct edges between them.
/// Nodes as (id, name, kind number); edges as (from node, to node, type number).
type Records = (Vec<(String, String, u8)>, Vec<(usize, usize, u8)>);

fn records() -> impl Strategy<Value = Records> {
    prop::collection::btree_set("[a-zA-Z0-9][a-zA-Z0-9 _./~é-]{0,11}", 1..25).prop_flat_map(|ids| {
        let ids: Vec<String> = ids.into_iter().collect();
        let n = ids.len();
        (
            prop::collection::vec(("\\PC{0,10}", 0u8..3), n).prop_map(move |rest| {
                ids.iter()
                    .cloned()
                    .zip(rest)
                    .map(|(id, (name, kind))| (id, name, kind))
                    .collect::<Vec<_>>()
            }),
            prop::collection::btree_set((0..n, 0..n, 0u8..2), 0..40)
                .prop_map(|e| e.into_iter().collect::<Vec<_>>()),
        )
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]

    #[test]
    fn random_record_files_with_a_generated_map_keep_their_counts((nodes, edges) in records()) {
        let kinds = ["firm", "fund", "lab"];
        let file = json!({
            "meta": {"made": "proptest"},
            "payload": {
                "items": nodes.iter().map(|(id, name, kind)| json!({
                    "ident": id, "label": name, "sort": kinds[*kind as usize], "extra": 1
                })).collect::<Vec<_>>(),
                "links": edges.iter().map(|(a, b, t)| json!({
                    "a": nodes[*a].0, "b": nodes[*b].0, "t": RTYPES[*t as usize]
                })).collect::<Vec<_>>(),
            }
        });
        let map = json!({
            "nodes": {"at": "/payload/items", "id": "ident", "name": "label", "kind": "sort"},
            "edges": {"at": "payload.links", "from": "a", "to": "b", "type": "t"}
        });
        let dir = tempfile::tempdir().unwrap();
        let (f, m) = (dir.path().join("g.json"), dir.path().join("g.map.json"));
        std::fs::write(&f, file.to_string()).unwrap();
        std::fs::write(&m, map.to_string()).unwrap();
        let c = check(&f.display().to_string(), &m.display().to_string());
        prop_assert_eq!(c["entities"].as_u64(), Some(nodes.len() as u64));
        prop_assert_eq!(c["relations"].as_u64(), Some(edges.len() as u64));
        let mut by_kind = serde_json::Map::new();
        for (_, _, k) in &nodes {
            let e = by_kind.entry(kinds[*k as usize]).or_insert(json!(0));
            *e = json!(e.as_u64().unwrap() + 1);
        }
        prop_assert_eq!(&c["kinds"], &Value::Object(by_kind));
    }
}

#[test]
fn hostile_names_and_keys_read_through_a_map_reach_no_terminal_raw() {
    let dir = tempfile::tempdir().unwrap();
    let evil = "Evil\u{1b}[2J\u{7}\u{202e}\u{9b}";
    let file = dir.path().join("evil.json");
    std::fs::write(
        &file,
        json!({"rows": [
            {"id": "e1", "name": evil, evil: 1, "peers": ["e2"]},
            {"id": "e2", "name": "plain", "peers": []}
        ]})
        .to_string(),
    )
    .unwrap();
    let map = dir.path().join("evil.map.json");
    std::fs::write(
        &map,
        json!({"nodes": {"at": "/rows", "id": "id", "name": "name",
            "links": [{"field": "peers", "by": "id"}]}})
        .to_string(),
    )
    .unwrap();
    let (f, m) = (file.display().to_string(), map.display().to_string());
    for args in [
        vec!["show", "e1", "-f", &f, "--map", &m],
        vec!["show", "e1", "--json", "-f", &f, "--map", &m],
        vec!["search", "evil", "-f", &f, "--map", &m],
        vec!["map", "--suggest", &f],
    ] {
        let text = crate::test_support::stdout_of(&args);
        assert!(!text.is_empty(), "{args:?}");
        assert!(
            !text
                .chars()
                .any(|c| c != '\n' && kgx::escape::is_unsafe_char(c)),
            "{args:?} printed a raw control: {text:?}"
        );
    }
}
