//! Fuzz target: any query string parses (filters included: `amount>10b`, `party:x`, ...) or gives
//! an error located inside it, resolves its filters, searches the default graph and highlights
//! without panic.
#![no_main]

use std::sync::OnceLock;

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

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let (g, index) = graph();
    match Query::try_parse(text) {
        Ok(strict) => {
            let _ = resolve_filters(g, index, &strict);
        }
        Err(e) => assert_eq!(&text[e.span.clone()], e.token),
    }
    let query = Query::parse(text);
    let mut searcher = Searcher::new();
    for filter in [KindFilter::All, KindFilter::Other] {
        let hits = searcher.search(g, index, &query, &filter);
        for hit in hits.iter().take(3) {
            let hl = searcher.highlights(g, index, &query, hit);
            let len = g.entity(hit.entity).name().chars().count();
            assert!(hl.name.iter().all(|&i| i < len));
        }
    }
});
