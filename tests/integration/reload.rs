//! Reloading under the explorer: `r` and `--watch` read the file again; the user's place (the
//! shown entity, the history, the query, the kind tab) survives by id; what vanished is named in
//! the status line; a broken file keeps the old graph and shows the located error.

use std::path::Path;
use std::time::{Duration, Instant};

use kgx::app::{self, Action, App, Effect, Focus, Source};

use kgx::tui::{Watcher, reload};
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use serde_json::Value;

const SMALL: &str = include_str!("../fixtures/small.json");

fn small() -> Value {
    serde_json::from_str(SMALL).unwrap()
}

/// The graph without entity `id` and its relations.
fn without(mut graph: Value, id: &str) -> Value {
    graph["entities"]
        .as_array_mut()
        .unwrap()
        .retain(|e| e["id"] != id);
    graph["relations"]
        .as_array_mut()
        .unwrap()
        .retain(|r| r["from"] != id && r["to"] != id);
    graph
}

fn write(path: &Path, graph: &Value) {
    std::fs::write(path, serde_json::to_vec_pretty(graph).unwrap()).unwrap();
}

fn open(path: &Path) -> App {
    let graph = crate::test_support::graph_at(path);
    let mut app = App::new(graph, path.display().to_string());
    app.options.source = Source::File(path.to_path_buf());
    app::update(&mut app, Action::Resize(120, 40));
    app
}

fn key(app: &mut App, code: KeyCode) -> Effect {
    match app.action_for_key(KeyEvent::new(code, KeyModifiers::NONE)) {
        Some(action) => app::update(app, action),
        None => Effect::None,
    }
}

fn type_text(app: &mut App, text: &str) {
    text.chars().for_each(|c| {
        key(app, KeyCode::Char(c));
    });
}

fn id(app: &App, ix: Option<u32>) -> String {
    ix.map_or("-".into(), |ix| app.graph.entity(ix).id().to_string())
}

fn back_ids(app: &App) -> Vec<String> {
    app.history
        .back
        .iter()
        .map(|p| id(app, Some(p.entity)))
        .collect()
}

/// Opens AWS from the query "aws", then follows its first relation: history [aws, aws].
fn walk(app: &mut App) -> String {
    type_text(app, "aws");
    assert_eq!(id(app, app.selected_result()), "aws");
    key(app, KeyCode::Enter);
    key(app, KeyCode::Enter);
    assert_eq!(app.focus, Focus::Relations);
    id(app, app.shown())
}

#[test]
fn r_on_the_built_in_graph_says_there_is_nothing_to_reload() {
    let mut app = App::new(crate::test_support::default_graph(), "built-in");
    key(&mut app, KeyCode::Tab);
    assert_eq!(key(&mut app, KeyCode::Char('r')), Effect::None);
    assert!(
        app.message
            .as_deref()
            .unwrap()
            .contains("nothing to reload")
    );
    app.options.source = Source::Stdin;
    key(&mut app, KeyCode::Char('r'));
    assert!(app.message.as_deref().unwrap().contains("standard input"));
}

#[test]
fn r_asks_the_terminal_layer_to_reload_a_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("g.json");
    write(&path, &small());
    let mut app = open(&path);
    key(&mut app, KeyCode::Tab);
    assert_eq!(key(&mut app, KeyCode::Char('r')), Effect::Reload);
    // In the search line r is typed.
    key(&mut app, KeyCode::Char('/'));
    key(&mut app, KeyCode::Char('r'));
    assert_eq!(app.search.query, "r");
}

#[test]
fn a_reload_keeps_the_entity_history_and_query_by_id() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("g.json");
    write(&path, &small());
    let mut app = open(&path);
    let shown = walk(&mut app);
    let back = back_ids(&app);
    // The same ids at other indexes: the entities in reverse order.
    let mut graph = small();
    graph["entities"].as_array_mut().unwrap().reverse();
    write(&path, &graph);
    reload(&mut app);
    assert_eq!(id(&app, app.shown()), shown);
    assert_eq!(app.focus, Focus::Relations);
    assert_eq!(back_ids(&app), back);
    assert_eq!(app.search.query, "aws");
    let message = app.message.clone().unwrap();
    assert!(message.starts_with("reloaded "), "{message}");
    assert!(!message.contains("gone"), "{message}");
    // Back still works, by id.
    key(&mut app, KeyCode::Char('['));
    assert_eq!(id(&app, app.shown()), "aws");
}

#[test]
fn what_disappeared_is_named_and_the_rest_of_the_place_kept() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("g.json");
    write(&path, &small());
    let mut app = open(&path);
    let shown = walk(&mut app);
    assert_ne!(shown, "aws");
    write(&path, &without(small(), "aws"));
    reload(&mut app);
    assert_eq!(id(&app, app.shown()), shown, "the shown entity stays");
    assert!(back_ids(&app).is_empty(), "aws left the history");
    assert!(app.message.as_deref().unwrap().contains("gone: aws"));

    write(&path, &without(without(small(), "aws"), &shown));
    reload(&mut app);
    assert_eq!(app.focus, Focus::Results);
    assert!(
        app.message
            .as_deref()
            .unwrap()
            .contains(&format!("gone: {shown}"))
    );
}

#[test]
fn an_invalid_file_keeps_the_old_graph_and_fixing_it_recovers() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("g.json");
    write(&path, &small());
    let mut app = open(&path);
    let shown = walk(&mut app);
    let count = app.graph.entity_count();

    std::fs::write(&path, "{\"entities\": [\n  {\"id\": \"x\",, }\n]}").unwrap();
    reload(&mut app);
    let error = app.reload_error.clone().unwrap();
    assert!(error.starts_with("reload failed: "), "{error}");
    assert!(error.contains("g.json:2:"), "the error is located: {error}");
    assert_eq!(app.graph.entity_count(), count);
    assert_eq!(id(&app, app.shown()), shown);

    let mut dangling = small();
    dangling["relations"][0]["to"] = "opnai".into();
    write(&path, &dangling);
    reload(&mut app);
    let error = app.reload_error.clone().unwrap();
    assert!(
        error.contains("refers to unknown entity 'opnai'"),
        "{error}"
    );
    assert!(
        error.contains("— did you mean 'openai'?"),
        "the CLI's hint: {error}"
    );
    assert_eq!(app.graph.entity_count(), count);

    write(&path, &small());
    reload(&mut app);
    assert!(app.message.as_deref().unwrap().starts_with("reloaded "));
    assert_eq!(
        app.reload_error, None,
        "a reload that works clears the error"
    );
    assert_eq!(id(&app, app.shown()), shown);
    assert_eq!(app.search.query, "aws");
}

/// Issue 16 item 14: a reload error stays in the status line, whatever keys follow, until Esc
/// dismisses it; that Esc does nothing else (the focus stays on the relations).
#[test]
fn a_reload_error_stays_until_esc_dismisses_it() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("g.json");
    write(&path, &small());
    let mut app = open(&path);
    walk(&mut app);
    reload(&mut app);
    assert!(app.message.as_deref().unwrap().starts_with("reloaded "));
    std::fs::write(&path, "{\"entities\": [}").unwrap();
    reload(&mut app);
    assert!(app.reload_error.is_some());
    assert_eq!(
        app.message, None,
        "no older message hides it (--watch: no key between)"
    );
    for k in [KeyCode::Char('j'), KeyCode::Char('k'), KeyCode::Down] {
        key(&mut app, k);
        assert!(app.reload_error.is_some(), "still there after {k:?}");
    }
    key(&mut app, KeyCode::Esc);
    assert_eq!(app.reload_error, None);
    assert_eq!(
        app.focus,
        Focus::Relations,
        "the Esc only dismissed the error"
    );
    key(&mut app, KeyCode::Esc);
    assert_eq!(app.focus, Focus::Results);
}

#[test]
fn the_watcher_sees_a_change_once_it_settles() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("g.json");
    write(&path, &small());
    let mut watcher = Watcher::new(path.clone());
    assert!(!watcher.changed());
    write(&path, &without(small(), "rocket"));
    let deadline = Instant::now() + Duration::from_secs(5);
    while !watcher.changed() {
        assert!(Instant::now() < deadline, "the change was never reported");
        std::thread::sleep(Duration::from_millis(20));
    }
    assert!(!watcher.changed(), "one change is reported once");
}

#[test]
fn watch_without_a_file_is_refused_before_the_terminal_is_touched() {
    for args in [&["--watch"][..], &["--watch", "-"]] {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_kgx"))
            .args(args)
            .stdin(std::process::Stdio::null())
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(1));
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains("--watch needs a graph file"), "{err}");
    }
}

#[test]
fn reload_reads_the_file_the_way_it_was_opened() {
    // A file read through a MAP (or with --from, --lang, ...) is read again the same way: with
    // the default options this edge list is no graph kgx knows, and the reload would fail.
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("edges.json");
    let map_file = dir.path().join("edges.map.json");
    std::fs::write(&file, r#"[{"src":"a","dst":"b"}]"#).unwrap();
    std::fs::write(&map_file, r#"{"edges":{"at":"","from":"src","to":"dst"}}"#).unwrap();
    let load = kgx::graph::LoadOptions {
        map: Some(std::sync::Arc::new(
            kgx::graph::read_mapping(&map_file).unwrap(),
        )),
        ..Default::default()
    };
    let graph = kgx::graph::load_path(&file, load.clone()).unwrap().graph;
    assert_eq!(graph.entity_count(), 2);
    let mut app = App::new(graph, "edges.json");
    app.options.source = Source::File(file.clone());
    app.options.load = load;
    app::update(&mut app, Action::Resize(120, 40));
    std::fs::write(&file, r#"[{"src":"a","dst":"b"},{"src":"b","dst":"c"}]"#).unwrap();
    reload(&mut app);
    assert_eq!(app.graph.entity_count(), 3);
}
