//! End-to-end on a graph large enough for the search worker (`app::WORKER_THRESHOLD`): the real
//! binary in a pseudo-terminal, a query typed faster than it is searched, and the screen must end
//! on the newest query's results, with no "searching…" marker left.

#[path = "support/pty_session.rs"]
mod pty_session;

use std::io::BufWriter;
use std::time::Duration;

use kgx::app::WORKER_THRESHOLD;
use kgx::display::format_count;
use kgx::graph::{LoadOptions, load_path};
use kgx::search::{KindFilter, Query, SearchIndex, Searcher};
use portable_pty::CommandBuilder;

use pty_session::{COLS, Session};

fn row(screen: &vt100::Screen, y: u16) -> String {
    screen.rows(0, COLS).nth(y as usize).unwrap_or_default()
}

/// The count `N of M` the search line shows for `query` on the graph in `path`, and the first
/// result's name, computed by the library.
fn expected(path: &std::path::Path, query: &str) -> (String, String) {
    let graph = load_path(path, LoadOptions::default()).unwrap().graph;
    let index = SearchIndex::new(&graph);
    let hits = Searcher::new().search(&graph, &index, &Query::parse(query), &KindFilter::All);
    let count = format!(
        " {} of {} ",
        format_count(hits.len()),
        format_count(graph.entity_count())
    );
    (count, graph.entity(hits[0].entity).name().to_string())
}

#[test]
fn a_query_typed_faster_than_it_is_searched_ends_on_its_own_results() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("big.json");
    let mut out = BufWriter::new(std::fs::File::create(&path).unwrap());
    kgx::generate::write_graph(&mut out, WORKER_THRESHOLD, 7).unwrap();
    drop(out);
    let (count, top) = expected(&path, "train");

    let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_kgx"));
    cmd.arg(&path);
    cmd.env("TERM", "xterm-256color");
    let mut s = Session::start(cmd);
    let all = format!(" of {} ", format_count(WORKER_THRESHOLD));
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
