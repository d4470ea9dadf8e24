//! As-of benchmark (issue 14): switching the explorer's date on a large graph must take under a
//! second. Measured in the same run against two baselines on the same graph: the plain search
//! of an empty query (what the explorer runs on every change of tab) and a keystroke's search.
//!
//! - `view`: building the dated view (the mask: every entity's and relation's date read once);
//! - `explorer_switch`: what the `a` key does in the explorer, `App::set_as_of`: the view, the
//!   search of the current query on it, the selection and relations restored;
//! - `explorer_clear`: back to today.
//!
//! The graph: `KGX_BENCH_FILE` (the 1M file of docs/performance.md), else 100k entities
//! generated in memory (benches/support).

use std::hint::black_box;
use std::time::Duration;

use criterion::{Criterion, criterion_group, criterion_main};
use kgx::analysis::AsOf;
use kgx::app::{App, SearchMode};
use kgx::search::{KindFilter, Query, SearchIndex, Searcher};

#[path = "support/bench_graph.rs"]
mod bench_graph;

fn as_of(c: &mut Criterion) {
    let (name, g) = bench_graph::bench_graph();
    let days = [
        AsOf::parse("2021-06").unwrap(),
        AsOf::parse("2023").unwrap(),
    ];
    let mut group = c.benchmark_group("as_of");
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(5));
    let index = SearchIndex::new(&g);
    let all = KindFilter::All;
    for q in ["", "t"] {
        let query = Query::parse(q);
        group.bench_function(format!("baseline_search_{q:?}"), |b| {
            b.iter(|| Searcher::new().search(&g, &index, black_box(&query), &all))
        });
    }
    group.bench_function("view", |b| b.iter(|| days[0].view(black_box(&g))));
    let mut app = App::new(g, name.as_str());
    // Inline, as the date switch searches whatever the mode: the measure is the whole switch.
    app.set_search_mode(SearchMode::Inline);
    let mut n = 0;
    group.bench_function("explorer_switch", |b| {
        b.iter(|| {
            n += 1;
            app.set_as_of(Some(days[n % 2].clone()));
        })
    });
    group.bench_function("explorer_clear", |b| {
        b.iter(|| {
            app.set_as_of(Some(days[0].clone()));
            app.set_as_of(None);
        })
    });
    group.finish();
}

criterion_group!(benches, as_of);
criterion_main!(benches);
