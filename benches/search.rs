//! Search benchmark: the typing sequence of issue 5, one keystroke at a time, against
//! nucleo-matcher scanning the same names single-threaded in the same run.
//!
//! "typed" times a keystroke with the searcher holding the previous keystroke's results (as in
//! the explorer, so narrowing applies); "fresh" times the same query from a new searcher; both
//! as the explorer takes a keystroke (the count and the first screen in order: `keystroke`).
//! "full" ranks every hit, fresh (what `kgx search` with a large `--limit` and the End key do). The
//! graph: `KGX_BENCH_FILE`, else 100k entities generated in memory (benches/support).
//! `amount>1b` times a pure-filter query (no fuzzy term) on the same graph.
//! The frame benchmark is benches/frame.rs; start-up is timed with hyperfine (docs/performance.md).

use std::hint::black_box;
use std::sync::Arc;
use std::time::Duration;

use criterion::{BatchSize, Criterion, criterion_group, criterion_main};
use kgx::search::{KindFilter, Query, SearchIndex, Searcher};

#[path = "support/bench_graph.rs"]
mod bench_graph;
#[path = "support/typing.rs"]
mod typing;
use typing::{STANDALONE, TYPING, keystroke, nucleo_scan};

fn search(c: &mut Criterion) {
    let (_, g) = bench_graph::bench_graph();
    let index = Arc::new(SearchIndex::new(&g));
    let names: Vec<&str> = g.entities().map(|e| e.name()).collect();
    let all = KindFilter::All;
    let mut group = c.benchmark_group("search");
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(3));
    for (i, q) in TYPING.iter().chain(STANDALONE).enumerate() {
        let query = Query::parse(q);
        let previous = (i > 0 && i < TYPING.len()).then(|| Query::parse(TYPING[i - 1]));
        group.bench_function(format!("{q}/kgx_typed"), |b| {
            b.iter_batched(
                || {
                    let mut s = Searcher::new();
                    if let Some(p) = &previous {
                        keystroke(&mut s, &g, &index, p);
                    }
                    s
                },
                |mut s| keystroke(&mut s, &g, &index, black_box(&query)),
                BatchSize::PerIteration,
            )
        });
        group.bench_function(format!("{q}/kgx_fresh"), |b| {
            b.iter(|| keystroke(&mut Searcher::new(), &g, &index, black_box(&query)))
        });
        group.bench_function(format!("{q}/kgx_full"), |b| {
            b.iter(|| Searcher::new().search(&g, &index, black_box(&query), &all))
        });
        group.bench_function(format!("{q}/nucleo_single_thread"), |b| {
            b.iter(|| nucleo_scan(&names, black_box(q)))
        });
    }
    // A pure-filter query scans every entity's attributes instead of the index: it must stay
    // within a keystroke of `t` above (issue 14).
    for q in ["amount>1b", "@deal amount>1b"] {
        let query = Query::try_parse(q).expect("a valid filter");
        group.bench_function(format!("{q}/kgx_filter"), |b| {
            b.iter(|| Searcher::new().search(&g, &index, black_box(&query), &all))
        });
    }
    group.finish();
}

criterion_group!(benches, search);
criterion_main!(benches);
