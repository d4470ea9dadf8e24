//! The search benchmark's workload and baseline, shared by `benches/search.rs` (criterion) and
//! `examples/perf.rs` (the one-shot report): issue 5's typing sequence, the standalone queries,
//! a keystroke as the explorer takes it, and nucleo-matcher's single-threaded full scan of the
//! same names.

use std::sync::Arc;

use kgx::graph::Graph;
use kgx::search::{KindFilter, Query, SearchIndex, Searcher};
use nucleo_matcher::pattern::{CaseMatching, Normalization, Pattern};

/// Rows of the explorer's first screen (120x40).
pub const SCREEN: usize = 40;

/// A keystroke as the explorer takes it: the number of hits and the first screen's entities
/// (summed, for `black_box`). A lazy search orders the hits past its first screens only when
/// they are read.
pub fn keystroke(
    searcher: &mut Searcher,
    graph: &Graph,
    index: &Arc<SearchIndex>,
    query: &Query,
) -> (usize, u64) {
    let ranked = searcher.search_ranked(graph, index, query, &KindFilter::All);
    let shown = ranked
        .iter()
        .take(SCREEN)
        .map(|h| u64::from(h.entity))
        .sum();
    (ranked.len(), shown)
}

/// A query typed one key at a time: each keystroke narrows the one before.
pub const TYPING: &[&str] = &["t", "tr", "tra", "trai", "train"];
/// Queries searched on their own.
pub const STANDALONE: &[&str] = &["openai inv", "nvda h100", "xqz"];

/// nucleo-matcher over every name, one thread, sorted by score: the reference full scan. The
/// number of hits.
pub fn nucleo_scan(names: &[&str], query: &str) -> usize {
    let mut matcher = nucleo_matcher::Matcher::new(nucleo_matcher::Config::DEFAULT);
    let pattern = Pattern::parse(query, CaseMatching::Ignore, Normalization::Smart);
    let mut buf = Vec::new();
    let mut hits: Vec<(u32, u32)> = names
        .iter()
        .enumerate()
        .filter_map(|(i, n)| {
            let h = nucleo_matcher::Utf32Str::new(n, &mut buf);
            pattern.score(h, &mut matcher).map(|s| (s, i as u32))
        })
        .collect();
    hits.sort_unstable_by(|a, b| b.cmp(a));
    hits.len()
}
