//! Load benchmark: read-parse-validate-index of a generated graph against the parse floor
//! (`serde_json` into `IgnoredAny`) measured in the same run.
//!
//! The graph: `KGX_BENCH_FILE`, else 100k entities generated in memory (benches/support).
//! `first_frame` is what the explorer does before its first frame: load, build the search
//! index, run the empty query and draw the main screen into a 120x40 `TestBackend` (the process
//! around it, reading the file and the terminal, is benches/scripts/speed.sh's).
//! `jq empty` and peak memory are process-level measurements: see docs/performance.md.

use std::hint::black_box;
use std::time::Duration;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use kgx::app::{self, Action, App};
use kgx::graph::{LoadOptions, load_bytes};
use kgx::search::SearchIndex;
use kgx::ui;
use ratatui::Terminal;
use ratatui::backend::TestBackend;

#[path = "support/bench_graph.rs"]
mod bench_graph;
use bench_graph::bench_bytes;

fn load(c: &mut Criterion) {
    let (path, bytes) = bench_bytes();
    let mut group = c.benchmark_group("load");
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(10))
        .throughput(Throughput::Bytes(bytes.len() as u64));
    group.bench_function("parse_floor_ignored_any", |b| {
        b.iter(|| serde_json::from_slice::<serde::de::IgnoredAny>(black_box(&bytes)).unwrap())
    });
    group.bench_function("kgx_load", |b| {
        b.iter(|| load_bytes(black_box(&bytes), &path, LoadOptions::default()).unwrap())
    });
    let graph = load_bytes(&bytes, &path, LoadOptions::default())
        .unwrap()
        .graph;
    group.bench_function("search_index_build", |b| {
        b.iter(|| SearchIndex::new(black_box(&graph)))
    });
    drop(graph);
    group.bench_function("first_frame", |b| {
        b.iter(|| {
            let graph = load_bytes(black_box(&bytes), &path, LoadOptions::default())
                .unwrap()
                .graph;
            let mut app = App::new(graph, path.as_str());
            app::update(&mut app, Action::Resize(120, 40));
            let mut terminal = Terminal::new(TestBackend::new(120, 40)).unwrap();
            terminal
                .draw(|f| ui::render(&app, f.area(), f.buffer_mut()))
                .unwrap();
            app
        })
    });
    group.finish();
}

criterion_group!(benches, load);
criterion_main!(benches);
