//! Setup the integration tests share: the `kgx` binary as a command, graphs loaded from a
//! fixture, from bytes or from the built-in graph, and explorers opened on them. A graph that
//! fails to load is a broken test, so these unwrap.
//!
//! What this module does not do: assert anything about what it loads.

use std::path::{Path, PathBuf};

use kgx::app::App;
use kgx::graph::{self, Graph, LoadOptions};

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
