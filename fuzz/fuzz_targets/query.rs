//! Fuzz target: any query string parses (filters included: `amount>10b`, `party:x`, ...) or gives
//! an error located inside it, resolves its filters, searches the default graph, as loaded and as
//! of 2025-12-16 (the dated view hides entities the search must skip), and highlights without
//! panic; the same string read as an `--as-of` date is a date or an error, never a panic.
#![no_main]

use std::sync::OnceLock;

use kgx::analysis::AsOf;
use kgx::graph::{Graph, load_default};
use kgx::search::{KindFilter, Query, SearchIndex, Searcher, resolve_filters};
use libfuzzer_sys::fuzz_target;

fn graph() -> &'static (Graph, SearchIndex) {
    static G: OnceLock<(Graph, SearchIndex)> = OnceLock::new();
    G.get_or_init(|| {
        let g = load_default().expect("default graph").graph;
        let index = SearchIndex::new(&g);
        (g, index)
    })
}

/// The default graph as of 2025-12-16, sharing the index built over every entity.
fn dated() -> &'static Graph {
    static G: OnceLock<Graph> = OnceLock::new();
    G.get_or_init(|| {
        AsOf::parse("2025-12-16")
            .expect("a date")
            .view(&graph().0)
            .0
    })
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(day) = AsOf::parse(text) {
        assert!(AsOf::parse(day.day()).is_ok());
    }
    let (full, index) = graph();
    match Query::try_parse(text) {
        Ok(strict) => {
            let _ = resolve_filters(full, index, &strict);
        }
        Err(e) => assert_eq!(&text[e.span.clone()], e.token),
    }
    let query = Query::parse(text);
    for g in [full, dated()] {
        let mut searcher = Searcher::new();
        for filter in [KindFilter::All, KindFilter::Other] {
            let hits = searcher.search(g, index, &query, &filter);
            for hit in hits.iter().take(3) {
                assert!(g.shows_entity(hit.entity), "a hidden entity found");
                let hl = searcher.highlights(g, index, &query, hit);
                let len = g.entity(hit.entity).name().chars().count();
                assert!(hl.name.iter().all(|&i| i < len));
            }
        }
    }
});
