//! End-to-end on a graph large enough for the search worker (`app::WORKER_THRESHOLD`): the real
//! binary in a pseudo-terminal, a query typed faster than it is searched, and the screen must end
//! on the newest query's results, with no "searching…" marker left.

use std::time::Duration;

use kgx::app::WORKER_THRESHOLD;
use kgx::display::format_count;
use portable_pty::CommandBuilder;

use crate::pty_session::{Session, expected_results, generated_graph, row};

/// The explorer on the generated graph at `path` with `env` set, and the end of its search
/// line while every entity is listed (` of 50,000 `).
fn explorer(path: &std::path::Path, env: &[(&str, &str)]) -> (Session, String) {
    let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_kgx"));
    crate::pty_session::own_state_folder(&mut cmd);
    cmd.arg(path);
    cmd.env("TERM", "xterm-256color");
    for (name, value) in env {
        cmd.env(name, value);
    }
    let all = format!(" of {} ", format_count(WORKER_THRESHOLD));
    (Session::start(cmd), all)
}

#[test]
fn a_query_typed_faster_than_it_is_searched_ends_on_its_own_results() {
    let (_dir, path) = generated_graph(WORKER_THRESHOLD);
    let (count, top) = expected_results(&path, "train");

    let (mut s, all) = explorer(&path, &[]);
    s.wait_for("the explorer", |sc| row(sc, 0).contains(&all));
    // Each key its own write, with no wait for the screen: requests overtake one another.
    for key in ["t", "r", "a", "in"] {
        s.send(key);
        std::thread::sleep(Duration::from_millis(5));
    }
    s.wait_for("the results of `train`", |sc| {
        let screen = sc.contents();
        row(sc, 0).starts_with("/ train")
            && row(sc, 0).contains(&count)
            && !screen.contains("searching…")
            && screen.contains(&top)
    });
    // Quitting does not wait for a search: one starts, Ctrl-c follows at once.
    s.send("e");
    s.send("\x03");
    assert_eq!(s.exit_code(), 0);
}

/// Issue 18: a large graph's search index is built after the first frame. A query typed before
/// it is ready waits for it, the results saying `indexing…`, and is then answered. The index is
/// held back by the test-only `KGX_TEST_INDEX_DELAY_MS`, so the wait is seen on any machine.
#[test]
fn a_query_typed_before_the_index_is_built_says_indexing_then_shows_its_results() {
    let (_dir, path) = generated_graph(WORKER_THRESHOLD);
    let (count, top) = expected_results(&path, "train");

    let (mut s, all) = explorer(&path, &[("KGX_TEST_INDEX_DELAY_MS", "3000")]);
    s.wait_for("the explorer, indexing", |sc| {
        row(sc, 0).contains(&all) && sc.contents().contains("indexing…")
    });
    s.send("train");
    s.wait_for("the query typed, waiting for the index", |sc| {
        row(sc, 0).starts_with("/ train")
            && row(sc, 0).contains(&all)
            && sc.contents().contains("indexing…")
    });
    s.wait_for("the results of `train`", |sc| {
        let screen = sc.contents();
        row(sc, 0).starts_with("/ train")
            && row(sc, 0).contains(&count)
            && !screen.contains("indexing…")
            && !screen.contains("searching…")
            && screen.contains(&top)
    });
    s.send("\x03");
    assert_eq!(s.exit_code(), 0);
}
