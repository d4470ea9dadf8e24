//! Setup the integration tests share: the `kgx` binary as a command, graphs loaded from a
//! fixture, from bytes or from the built-in graph, explorers opened on them, and keys pressed in
//! them as the terminal layer presses them. A graph that
//! fails to load is a broken test, so these unwrap.
//!
//! What this module does not do: assert anything about what it loads.

use std::path::{Path, PathBuf};

use kgx::app::{self, App};
use kgx::graph::{self, Graph, LoadOptions};
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

/// The `kgx` binary built for these tests.
pub fn kgx() -> assert_cmd::Command {
    assert_cmd::Command::cargo_bin("kgx").unwrap()
}

/// What `kgx ARGS` prints on stdout, asserting that it succeeds.
pub fn stdout_of(args: &[&str]) -> String {
    let out = kgx()
        .args(args)
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    String::from_utf8(out).unwrap()
}

/// `tests/fixtures/NAME`, absolute.
pub fn fixture_path(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

/// The graph in `bytes`, loaded with default options and named `origin` in messages.
pub fn graph_of(bytes: &[u8], origin: &str) -> Graph {
    graph::load_bytes(bytes, origin, LoadOptions::default())
        .unwrap()
        .graph
}

/// The graph in the file at `path`, loaded with default options.
pub fn graph_at(path: &Path) -> Graph {
    graph::load_path(path, LoadOptions::default())
        .unwrap()
        .graph
}

/// The graph built into the binary.
pub fn default_graph() -> Graph {
    graph::load_default().unwrap().graph
}

/// The explorer on `tests/fixtures/NAME`.
pub fn fixture_app(name: &str) -> App {
    App::new(graph_at(&fixture_path(name)), name)
}

/// The explorer on the built-in graph.
pub fn default_app() -> App {
    App::new(default_graph(), graph::DEFAULT_ORIGIN)
}

/// A key without modifiers, looked up and applied as the terminal layer does.
pub fn press(app: &mut App, code: KeyCode) {
    if let Some(action) = app.action_for_key(KeyEvent::new(code, KeyModifiers::NONE)) {
        app::update(app, action);
    }
}

/// Each character of `typed` pressed in turn.
pub fn keys(app: &mut App, typed: &str) {
    for c in typed.chars() {
        press(app, KeyCode::Char(c));
    }
}

/// Whether the external program `program` runs (`program ARGS` exits 0). Outside CI a missing
/// tool lets a test skip, saying so on stderr; with `CI` set it fails the test, because
/// `.ci/run` installs every tool the tests use (Graphviz, Node with mermaid and jsdom).
pub fn external_tool(program: &str, args: &[&str], install: &str) -> bool {
    let runs = std::process::Command::new(program)
        .args(args)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    if !runs {
        assert!(
            std::env::var_os("CI").is_none(),
            "`{program}` is required in CI ({install}; .ci/run installs it)"
        );
        eprintln!("skipped: `{program}` is not available ({install})");
    }
    runs
}

/// `PATH` with the folder of the `kgx` binary built for these tests first, so `sh -c "kgx …"`
/// runs this build, as a shell runs the one a user installed.
pub fn path_with_kgx() -> String {
    let kgx = Path::new(env!("CARGO_BIN_EXE_kgx"));
    format!(
        "{}:{}",
        kgx.parent().unwrap().display(),
        std::env::var("PATH").unwrap_or_default()
    )
}
