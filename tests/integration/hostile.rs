//! Hostile data everywhere it can surface: a graph whose every string carries terminal escapes
//! (CSI, OSC 0/8/52, BEL, backspace, CR, C1 controls, bidi overrides), a 1 MB name, and a hub with
//! 20,000 relations. The explorer's every cell (main screen, hub relations, help overlay, status
//! line) and every CLI subcommand's stdout and stderr stay free of control characters, and kgx
//! never sets the terminal window title.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use kgx::app::{self, Action, App};
use kgx::escape::is_unsafe_char;
use kgx::ui;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use serde_json::{Value, json};

/// Every kind of escape a string can carry into a terminal.
const NASTY: &str = "\u{1b}[31mred\u{1b}[0m \u{1b}]0;pwned\u{7} \u{1b}]2;title\u{1b}\\ \
    \u{1b}]8;;https://evil.example\u{1b}\\link\u{1b}]8;;\u{1b}\\ \u{1b}]52;c;ZXZpbA==\u{7} \
    \u{9b}2J \u{8}\u{8}bs \u{7}bell \u{202e}evil\u{202c} \u{2066}iso\u{2069} \u{85}nel \r\ncr \
    \u{7f}del \u{1b}Pdcs\u{1b}\\";
const HUB_LINKS: usize = 20_000;

/// The hostile graph, written into `dir`.
fn hostile_graph(dir: &Path) -> PathBuf {
    let mut entities = vec![
        json!({"id": "hub", "kind": "company", "name": format!("Hub {NASTY}"),
               "aliases": [NASTY], "summary": NASTY, "attrs": {"note": NASTY}}),
        json!({"id": "huge", "kind": "chip", "name": format!("Huge {}", NASTY.repeat(1 << 20 >> 7)),
               "summary": "x".repeat(1 << 20)}),
        json!({"id": format!("evil{NASTY}"), "kind": "deal", "name": format!("Deal {NASTY}"),
               "attrs": {"amount_usd": 1_000_000_000u64, "date": "2025-11", "status": "signed"}}),
    ];
    let mut relations: Vec<Value> = Vec::new();
    for i in 0..HUB_LINKS {
        let kind = ["cloud", "chip", "datacenter"][i % 3];
        entities.push(
            json!({"id": format!("s{i}"), "kind": kind, "name": format!("Spoke {i} {NASTY}")}),
        );
        relations.push(
            json!({"from": "hub", "to": format!("s{i}"), "type": "customer",
                              "note": NASTY}),
        );
    }
    // The hostile party: it invests in the hub and sells to it, so it has deals, flows both ways
    // and a cycle, and every subcommand that takes an id has something to print about it.
    let party = hostile_id();
    entities.push(
        json!({"id": party, "kind": "company", "name": hostile_name(),
                         "aliases": [format!("alias {NASTY}")]}),
    );
    for (deal, amount) in [
        (format!("stake{NASTY}"), 500_000_000u64),
        (format!("back{NASTY}"), 200_000_000),
    ] {
        entities.push(json!({"id": deal, "kind": "deal", "name": format!("Deal {deal}"),
                             "attrs": {"amount_usd": amount, "date": "2025-02", "status": "signed"}}));
    }
    relations.push(json!({"from": party, "to": format!("stake{NASTY}"), "type": "investor"}));
    relations.push(json!({"from": "hub", "to": format!("stake{NASTY}"), "type": "investee"}));
    relations.push(json!({"from": "hub", "to": format!("back{NASTY}"), "type": "customer"}));
    relations.push(json!({"from": party, "to": format!("back{NASTY}"), "type": "provider"}));
    relations.push(json!({"from": "hub", "to": format!("evil{NASTY}"), "type": "customer"}));
    relations.push(json!({"from": "huge", "to": format!("evil{NASTY}"), "type": "provider"}));
    relations.push(json!({"from": "huge", "to": "hub", "type": "supplier"}));
    let path = dir.join("hostile-big.json");
    let graph = json!({"title": NASTY, "entities": entities, "relations": relations});
    std::fs::write(&path, serde_json::to_vec(&graph).unwrap()).unwrap();
    path
}

/// The id of the hostile party, given as the argument of every subcommand that takes one.
fn hostile_id() -> String {
    format!("party{NASTY}")
}

fn hostile_name() -> String {
    format!("Party {NASTY}")
}

fn assert_clean(what: &str, text: &str) {
    if let Some(bad) = text.chars().find(|&c| c != '\n' && is_unsafe_char(c)) {
        let at = text.find(bad).unwrap();
        let from = text[..at]
            .char_indices()
            .rev()
            .nth(40)
            .map_or(0, |(i, _)| i);
        panic!(
            "{what}: {bad:?} near {:?}",
            &text[from..(at + 8).min(text.len())]
        );
    }
}

fn render_clean(app: &mut App, w: u16, h: u16, what: &str) {
    app::update(app, Action::Resize(w, h));
    let mut terminal = Terminal::new(TestBackend::new(w, h)).unwrap();
    terminal
        .draw(|f| ui::render(app, f.area(), f.buffer_mut()))
        .unwrap();
    for cell in terminal.backend().buffer().content() {
        assert!(
            !cell.symbol().chars().any(is_unsafe_char),
            "{what}: {:?} in a cell",
            cell.symbol()
        );
    }
}

fn key(app: &mut App, code: KeyCode) {
    if let Some(action) = app.action_for_key(KeyEvent::new(code, KeyModifiers::NONE)) {
        app::update(app, action);
    }
}

#[test]
fn the_explorer_draws_hostile_data_safely() {
    let dir = tempfile::tempdir().unwrap();
    let path = hostile_graph(dir.path());
    let graph = crate::test_support::graph_at(&path);
    let mut app = App::new(graph, format!("{}{NASTY}", path.display()));
    render_clean(&mut app, 120, 40, "main screen");
    for c in "hub".chars() {
        key(&mut app, KeyCode::Char(c));
    }
    key(&mut app, KeyCode::Enter);
    let started = Instant::now();
    render_clean(&mut app, 120, 40, "the hub's 20,000 relations");
    eprintln!(
        "hub opened and first frame drawn in {:?}",
        started.elapsed()
    );
    let again = Instant::now();
    render_clean(&mut app, 120, 40, "the hub again");
    eprintln!("hub frame redrawn in {:?}", again.elapsed());
    let again = Instant::now();
    key(&mut app, KeyCode::Down);
    eprintln!("one row down in the hub's relations: {:?}", again.elapsed());
    key(&mut app, KeyCode::End);
    key(&mut app, KeyCode::Enter);
    render_clean(&mut app, 300, 120, "a spoke");
    key(&mut app, KeyCode::Char('Y'));
    assert!(
        app.message.is_some(),
        "the copy message is on the status line"
    );
    render_clean(
        &mut app,
        80,
        24,
        "the status line after copying a hostile name",
    );
    key(&mut app, KeyCode::Char('?'));
    assert!(app.help.shown);
    render_clean(&mut app, 120, 40, "the help overlay");
    key(&mut app, KeyCode::Char('/'));
    key(&mut app, KeyCode::Char('u'));
    for c in "huge".chars() {
        key(&mut app, KeyCode::Char(c));
    }
    key(&mut app, KeyCode::Enter);
    render_clean(&mut app, 120, 40, "the 1 MB name");
    render_clean(&mut app, 1, 1, "the 1 MB name at 1x1");
}

#[test]
fn every_subcommand_prints_hostile_data_safely() {
    let dir = tempfile::tempdir().unwrap();
    let path = hostile_graph(dir.path());
    let f = path.to_str().unwrap();
    let evil = format!("evil{NASTY}");
    let runs: Vec<Vec<&str>> = vec![
        vec!["check", f],
        vec!["-f", f, "search", "hub"],
        vec!["-f", f, "search", "spoke 1", "--json"],
        vec!["-f", f, "search", NASTY],
        vec!["-f", f, "show", "hub"],
        vec!["-f", f, "show", "huge"],
        vec!["-f", f, "show", &evil],
        vec!["-f", f, "show", "nothing\u{1b}]0;x\u{7}"],
        vec!["-f", f, "show", "hub", "--json"],
        vec!["-f", f, "path", "huge", "s7"],
        vec!["-f", f, "path", "huge", "s7", "--json"],
        vec!["-f", f, "path", "hub", "missing\u{1b}[2J"],
        vec!["-f", f, "deals"],
        vec!["-f", f, "deals", "--json"],
        vec!["-f", f, "flows"],
        vec!["-f", f, "cycles"],
        vec!["-f", f, "cycles", "--json"],
        vec!["-f", f, "flows", "--json"],
        vec!["-f", f, "export", "--format", "dot", "--around", "huge"],
        vec!["-f", f, "export", "--format", "mermaid", "--around", "huge"],
        vec!["-f", f, "export", "--format", "json", "--around", "huge"],
    ];
    let mut failures = Vec::new();
    for args in &runs {
        let out = Command::new(env!("CARGO_BIN_EXE_kgx"))
            .args(args)
            .output()
            .unwrap();
        for (stream, bytes) in [("stdout", &out.stdout), ("stderr", &out.stderr)] {
            let text = String::from_utf8_lossy(bytes);
            let what = format!("kgx {} ({stream})", args.join(" ").escape_debug());
            if let Err(e) = std::panic::catch_unwind(|| assert_clean(&what, &text)) {
                failures.push(e.downcast_ref::<String>().cloned().unwrap_or_default());
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// CSV has no escape syntax: piped to a program it carries the data as it is (a documented
/// choice of `cli/export.rs`; on a terminal it is escaped). It stays well-formed CSV.
#[test]
fn csv_to_a_pipe_keeps_the_data_and_quotes_it() {
    let dir = tempfile::tempdir().unwrap();
    let path = hostile_graph(dir.path());
    let out = Command::new(env!("CARGO_BIN_EXE_kgx"))
        .args([
            "-f",
            path.to_str().unwrap(),
            "export",
            "--format",
            "csv",
            "--around",
            "huge",
        ])
        .output()
        .unwrap();
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains(&format!("\"Hub {NASTY}\"")));
    assert_clean("csv stderr", &String::from_utf8_lossy(&out.stderr));
}

#[test]
fn a_bad_file_named_with_escapes_is_reported_safely() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bad\u{1b}]0;pwned\u{7}.json");
    std::fs::write(
        &path,
        format!("{{\"entities\": [{{\"id\": \"{}\"}}]}}", "\\u001b[2J"),
    )
    .unwrap();
    let missing = dir.path().join("missing\u{1b}[2J.json");
    for file in [&path, &missing] {
        let out = Command::new(env!("CARGO_BIN_EXE_kgx"))
            .arg("check")
            .arg(file)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(1));
        assert_clean("check stderr", &String::from_utf8_lossy(&out.stderr));
        assert_clean("check stdout", &String::from_utf8_lossy(&out.stdout));
    }
}

/// A stream that stops early (a FIFO whose writer closes mid-graph, stdin cut short) is named
/// as such, with where it stopped.
#[test]
fn input_that_stops_early_says_the_writer_closed() {
    let half = &std::fs::read("tests/fixtures/small.json").unwrap()[..300];
    let mut child = Command::new(env!("CARGO_BIN_EXE_kgx"))
        .args(["check", "-"])
        .stdin(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    use std::io::Write;
    child.stdin.take().unwrap().write_all(half).unwrap();
    let out = child.wait_with_output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1));
    assert!(err.contains("the input ended after 300 bytes"), "{err}");
    assert!(err.contains("closed early"), "{err}");

    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("graph.fifo");
    assert!(
        Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap()
            .success()
    );
    let writer = {
        let fifo = fifo.clone();
        let half = half.to_vec();
        std::thread::spawn(move || std::fs::write(fifo, half).unwrap())
    };
    let out = Command::new(env!("CARGO_BIN_EXE_kgx"))
        .arg("check")
        .arg(&fifo)
        .output()
        .unwrap();
    writer.join().unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        err.contains("graph.fifo") && err.contains("closed early"),
        "{err}"
    );
}

/// The characters that must never be written raw: ESC, BEL, C1 controls, bidi embeddings,
/// overrides and isolates.
fn is_forbidden(c: char) -> bool {
    matches!(c, '\u{1b}' | '\u{7}' | '\u{80}'..='\u{9f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// Every string inside a JSON value.
fn strings_in(value: &Value, found: &mut Vec<String>) {
    match value {
        Value::String(s) => found.push(s.clone()),
        Value::Array(items) => items.iter().for_each(|v| strings_in(v, found)),
        Value::Object(fields) => {
            for (k, v) in fields {
                found.push(k.clone());
                strings_in(v, found);
            }
        }
        _ => {}
    }
}

/// Every subcommand, with `--json` and without, given the hostile id: it succeeds, prints
/// something, writes no raw control or bidi character and no `-0.0`, every JSON line parses, and
/// the JSON decodes back to the hostile id and name (the escaping is JSON's own `\u` escapes,
/// not a loss of data). Lines about other entities (search hits, per-year totals) need not
/// carry the id, so it is looked for in the output as a whole.
#[test]
fn every_subcommand_given_the_hostile_id_succeeds_and_escapes_it() {
    let dir = tempfile::tempdir().unwrap();
    let path = hostile_graph(dir.path());
    let (id, name) = (hostile_id(), hostile_name());
    let id = id.as_str();
    let with_json: Vec<Vec<&str>> = vec![
        vec!["show", id],
        vec!["path", id, "hub"],
        vec!["deals", "--party", id],
        vec!["flows", id],
        vec!["cycles"],
        vec!["partners", id],
        vec!["compare", id, "hub"],
        vec!["search", id],
    ];
    let mut runs: Vec<(Vec<&str>, bool)> = Vec::new();
    for args in &with_json {
        runs.push((args.clone(), false));
        let mut json = args.clone();
        json.push("--json");
        runs.push((json, true));
    }
    for format in ["json", "dot", "mermaid"] {
        runs.push((vec!["export", "--format", format, "--around", id], false));
    }
    for (args, json) in &runs {
        let out = Command::new(env!("CARGO_BIN_EXE_kgx"))
            .arg("-f")
            .arg(&path)
            .args(args)
            .output()
            .unwrap();
        let what = format!("kgx {}", args.join(" ").escape_debug());
        let stdout = String::from_utf8(out.stdout).unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(0), "{what}: {stderr}");
        assert!(!stdout.trim().is_empty(), "{what}: no output");
        for (stream, text) in [("stdout", &*stdout), ("stderr", &*stderr)] {
            if let Some(at) = text.find(is_forbidden) {
                let bad = text[at..].chars().next().unwrap();
                panic!("{what} ({stream}): raw {bad:?} at byte {at}");
            }
            assert_clean(&format!("{what} ({stream})"), text);
        }
        assert!(!stdout.contains("-0.0"), "{what}: -0.0 in {stdout}");
        let documents: Vec<Value> = if (matches!(args[0], "show" | "compare") && *json)
            || (args[0] == "export" && args[2] == "json")
        {
            vec![serde_json::from_str(&stdout).unwrap_or_else(|e| panic!("{what}: {e}"))]
        } else if *json {
            stdout
                .lines()
                .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{what}: {e}: {l}")))
                .collect()
        } else {
            continue;
        };
        let mut all = Vec::new();
        for doc in &documents {
            strings_in(doc, &mut all);
        }
        assert!(
            all.iter().any(|s| s == id),
            "{what}: the id does not decode back"
        );
        assert!(all.contains(&name), "{what}: the name does not decode back");
    }
}

/// `kgx flows ID --json` for a party with no money on one side (or both) says 0, not -0.
#[test]
fn flow_totals_of_an_empty_side_are_zero() {
    let dir = tempfile::tempdir().unwrap();
    let path = hostile_graph(dir.path());
    let out = Command::new(env!("CARGO_BIN_EXE_kgx"))
        .arg("-f")
        .arg(&path)
        .args(["flows", "huge", "--json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let stdout = String::from_utf8(out.stdout).unwrap();
    let totals: Value = serde_json::from_str(stdout.lines().last().unwrap()).unwrap();
    assert_eq!(totals["record"], "totals");
    assert_eq!(totals["out_usd"].as_f64(), Some(0.0));
    assert!(
        stdout.lines().last().unwrap().contains("\"out_usd\":0.0"),
        "{stdout}"
    );
    assert!(!stdout.contains("-0.0"), "{stdout}");
}
