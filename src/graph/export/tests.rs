//! Export tests: JSON round trips, neighbourhoods, DOT through Graphviz, Mermaid shape, CSV
//! quoting.

use super::*;
use crate::graph::{LoadOptions, load_bytes, load_default};
use std::io;

const TRICKY: &str = include_str!("../../../tests/fixtures/export/tricky.json");

fn load(text: &[u8]) -> Graph {
    match load_bytes(
        text,
        "t.json",
        LoadOptions {
            strict: true,
            ..LoadOptions::default()
        },
    ) {
        Ok(l) => l.graph,
        Err(e) => panic!("{e}"),
    }
}

fn render(
    g: &Graph,
    sub: &Subgraph,
    write: fn(&Graph, &Subgraph, &mut Vec<u8>) -> io::Result<()>,
) -> String {
    let mut out = Vec::new();
    write(g, sub, &mut out).unwrap();
    String::from_utf8(out).unwrap()
}

fn round_trip(g: &Graph) -> Graph {
    let json = render(g, &Subgraph::whole(g), write_json);
    load(json.as_bytes())
}

#[test]
fn json_round_trip_of_the_default_graph() {
    let g = load_default().unwrap().graph;
    let back = round_trip(&g);
    assert_eq!(first_difference(&g, &back), None);
}

#[test]
fn json_round_trip_of_tricky_text_and_values() {
    let g = load(TRICKY.as_bytes());
    let back = round_trip(&g);
    assert_eq!(first_difference(&g, &back), None);
    assert_eq!(
        back.entity(0).attr("ratio"),
        Some(crate::graph::AttrValue::Float(1.0))
    );
}

#[test]
fn first_difference_names_what_differs() {
    let a = load(TRICKY.as_bytes());
    let b = load(TRICKY.replace("Amazon, Inc.", "Amazon Inc").as_bytes());
    let d = first_difference(&a, &b).unwrap();
    assert!(d.starts_with("entity: ") && d.contains("Amazon Inc"), "{d}");
}

fn chain() -> Graph {
    // a -> b -> c -> d, e -> c, f alone
    load(
        br#"{"entities": [
        {"id": "a", "kind": "k", "name": "A"}, {"id": "b", "kind": "k", "name": "B"},
        {"id": "c", "kind": "k", "name": "C"}, {"id": "d", "kind": "k", "name": "D"},
        {"id": "e", "kind": "k", "name": "E"}, {"id": "f", "kind": "k", "name": "F"}],
        "relations": [{"from": "a", "to": "b", "type": "t"}, {"from": "b", "to": "c", "type": "t"},
        {"from": "c", "to": "d", "type": "t"}, {"from": "e", "to": "c", "type": "t"},
        {"from": "a", "to": "c", "type": "u"}]}"#,
    )
}

fn ids(g: &Graph, sub: &Subgraph) -> Vec<String> {
    sub.entities(g)
        .map(|e| g.entity(e).id().to_string())
        .collect()
}

#[test]
fn neighbourhood_follows_relations_both_ways() {
    let g = chain();
    let b = g.find("b").unwrap();
    let zero = Subgraph::around(&g, b, 0);
    assert_eq!(ids(&g, &zero), ["b"]);
    assert!(zero.relations().is_empty());
    let one = Subgraph::around(&g, b, 1);
    assert_eq!(ids(&g, &one), ["a", "b", "c"]);
    // Every relation between included entities, a -u-> c too.
    assert_eq!(one.relations(), [0, 1, 4]);
    let two = Subgraph::around(&g, b, 2);
    assert_eq!(ids(&g, &two), ["a", "b", "c", "d", "e"]);
    assert_eq!(two.relations(), [0, 1, 2, 3, 4]);
}

#[test]
fn neighbourhood_json_loads_and_keeps_only_cited_sources() {
    let g = load(TRICKY.as_bytes());
    let sub = Subgraph::around(&g, g.find("amazon").unwrap(), 1);
    let json = render(&g, &sub, write_json);
    let back = load(json.as_bytes());
    assert_eq!(back.entity_count(), 3);
    assert_eq!(back.relation_count(), 2);
    assert_eq!(back.sources().map(|s| s.id()).collect::<Vec<_>>(), ["s1"]);
}

#[test]
fn dot_ids_and_labels_are_escaped() {
    assert_eq!(dot::dot_id(r#"a\b "c""#), r#""a\\b \"c\"""#);
    assert_eq!(dot::dot_id("trail\\"), r#""trail\\""#);
    assert_eq!(dot::dot_id("x\u{1b}y"), r#""x\x1by""#);
    // A real backslash-x and an escape character stay different ids.
    assert_ne!(dot::dot_id("x\\x1by"), dot::dot_id("x\u{1b}y"));
    assert_eq!(dot::label_text("a\nb \\N \"q\""), r#"a\\nb \\N \"q\""#);
}

/// Renders the DOT export with Graphviz. Skips (saying why) only when `dot` is missing outside
/// CI; `.ci/run` installs graphviz.
#[test]
fn dot_renders_with_graphviz() {
    use std::process::{Command, Stdio};
    if Command::new("dot")
        .arg("-V")
        .stderr(Stdio::null())
        .status()
        .is_err()
    {
        assert!(
            std::env::var_os("CI").is_none(),
            "graphviz `dot` is required in CI"
        );
        eprintln!("skipped: graphviz `dot` is not installed (apt-get install graphviz)");
        return;
    }
    for g in [load(TRICKY.as_bytes()), load_default().unwrap().graph] {
        let text = render(&g, &Subgraph::whole(&g), write_dot);
        assert!(!text.chars().any(|c| c.is_control() && c != '\n'), "{text}");
        let mut child = Command::new("dot")
            .arg("-Tsvg")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        use std::io::Write;
        child
            .stdin
            .take()
            .unwrap()
            .write_all(text.as_bytes())
            .unwrap();
        let out = child.wait_with_output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(
            out.status.success() && stderr.is_empty(),
            "{stderr}\n{text}"
        );
        let svg = String::from_utf8_lossy(&out.stdout);
        assert_eq!(
            svg.matches("class=\"node\"").count(),
            g.entity_count(),
            "{svg}"
        );
        assert_eq!(svg.matches("class=\"edge\"").count(), g.relation_count());
        if g.find("esc").is_some() {
            assert!(svg.contains("Back\\slash &quot;and&quot; quote\\"), "{svg}");
            assert!(svg.contains("Evil \\x1b[31mred"), "{svg}");
        }
    }
}

#[test]
fn mermaid_has_the_shape_of_a_flowchart() {
    let g = load(TRICKY.as_bytes());
    let text = render(&g, &Subgraph::whole(&g), write_mermaid);
    let mut lines = text.lines();
    assert_eq!(lines.next(), Some("graph LR"));
    let mut declared = std::collections::HashSet::new();
    let (mut nodes, mut edges) = (0, 0);
    for line in lines {
        let line = line.strip_prefix("  ").expect("indented");
        // Labels hold no raw quote, pipe, angle bracket or control character.
        let label_ok =
            |l: &str| !l.contains(['"', '|', '<', '>', '`']) && !l.chars().any(char::is_control);
        if let Some((id, rest)) = line.split_once("[\"") {
            let label = rest.strip_suffix("\"]").expect("node ends with \"]");
            assert!(
                id.starts_with('n') && id[1..].bytes().all(|b| b.is_ascii_digit()),
                "{line}"
            );
            assert!(label_ok(label), "{line}");
            declared.insert(id.to_string());
            nodes += 1;
        } else {
            let (from, rest) = line.split_once(" -->|\"").expect("edge");
            let (label, to) = rest.split_once("\"| ").expect("edge label");
            assert!(label_ok(label), "{line}");
            assert!(declared.contains(from) && declared.contains(to), "{line}");
            edges += 1;
        }
    }
    assert_eq!((nodes, edges), (g.entity_count(), g.relation_count()));
    assert!(
        text.contains(
            "n3[\"end #35; #60;b#62;bold#60;/b#62; #38; #124; pipe #96;tick#96; (chip)\"]"
        ),
        "{text}"
    );
    assert!(text.contains("Evil \\x1b[31mred"), "{text}");
}

/// A small RFC 4180 reader, to check the writer against.
fn parse_csv(text: &str) -> Vec<Vec<String>> {
    let (mut rows, mut row, mut field) = (Vec::new(), Vec::new(), String::new());
    let mut chars = text.chars().peekable();
    let mut quoted = false;
    while let Some(c) = chars.next() {
        match (quoted, c) {
            (true, '"') if chars.peek() == Some(&'"') => {
                chars.next();
                field.push('"');
            }
            (true, '"') => quoted = false,
            (true, c) => field.push(c),
            (false, '"') => quoted = true,
            (false, ',') => row.push(std::mem::take(&mut field)),
            (false, '\r') => assert_eq!(chars.next(), Some('\n'), "CRLF"),
            (false, '\n') => panic!("bare LF outside quotes"),
            (false, c) => field.push(c),
        }
        if !quoted && c == '\r' {
            row.push(std::mem::take(&mut field));
            rows.push(std::mem::take(&mut row));
        }
    }
    rows
}

#[test]
fn csv_quotes_commas_quotes_and_newlines() {
    let g = load(TRICKY.as_bytes());
    let sub = Subgraph::whole(&g);
    let rows = parse_csv(&render(&g, &sub, write_entities_csv));
    assert_eq!(
        rows[0],
        [
            "id",
            "kind",
            "name",
            "summary",
            "aliases",
            "tags",
            "sources",
            "founded",
            "ratio",
            "neg",
            "public",
            "nothing",
            "ticker",
            "attr.name"
        ]
    );
    assert_eq!(rows.len(), 1 + g.entity_count());
    assert!(rows.iter().all(|r| r.len() == rows[0].len()));
    let amazon = &rows[1];
    assert_eq!(amazon[2], "Amazon, Inc.");
    assert_eq!(amazon[3], "Line one\nline two, with \"quotes\"");
    assert_eq!(amazon[4], "AMZN; Amazon.com");
    assert_eq!(
        &amazon[7..13],
        ["1994", "1", "-0.00000025", "true", "", "AMZN"]
    );
    assert_eq!(rows[2][0], r#"a\b "c""#);
    assert_eq!(rows[2][13], "attr named name");
    let rels = parse_csv(&render(&g, &sub, write_relations_csv));
    assert_eq!(
        rels[0],
        [
            "from",
            "to",
            "type",
            "sources",
            "amount_usd",
            "date",
            "note"
        ]
    );
    assert_eq!(
        rels[1],
        [
            "amazon",
            r#"a\b "c""#,
            "owns",
            "s1",
            "10000000000",
            "2025-12",
            "a,b"
        ]
    );
    assert_eq!(rels[2][2], "weird \"type\"\n");
    assert_eq!(csv::field("plain"), "plain");
    assert_eq!(csv::field("a\"b"), "\"a\"\"b\"");
}
