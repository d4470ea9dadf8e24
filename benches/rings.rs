//! Ring benchmark: the money graph and the ring search (`kgx cycles` with its defaults: up to
//! four parties, inferred legs, the best 100) against loading the same graph (what `kgx check`
//! does), measured in the same run.
//!
//! The graph: `KGX_BENCH_FILE`, else 100k entities generated in memory (benches/support).
//! Peak memory is a process-level measurement: see docs/performance.md.

use std::hint::black_box;
use std::time::Duration;

use criterion::{Criterion, criterion_group, criterion_main};
use kgx::analysis::{Inference, MoneyGraph, RingQuery, rings};
use kgx::graph::{LoadOptions, load_bytes};

#[path = "support/bench_graph.rs"]
mod bench_graph;
use bench_graph::bench_bytes;

fn ring_search(c: &mut Criterion) {
    let (path, bytes) = bench_bytes();
    let mut group = c.benchmark_group("rings");
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(10));
    group.bench_function("baseline_check_load", |b| {
        b.iter(|| load_bytes(black_box(&bytes), &path, LoadOptions::default()).unwrap())
    });
    let graph = load_bytes(&bytes, &path, LoadOptions::default())
        .unwrap()
        .graph;
    drop(bytes);
    group.bench_function("money_graph", |b| {
        b.iter(|| MoneyGraph::new(black_box(&graph), Inference::Include))
    });
    let money = MoneyGraph::new(&graph, Inference::Include);
    group.bench_function("ring_search_default", |b| {
        b.iter(|| rings(black_box(&money), &RingQuery::default()))
    });
    group.bench_function("money_graph_and_rings", |b| {
        b.iter(|| {
            let money = MoneyGraph::new(black_box(&graph), Inference::Include);
            rings(&money, &RingQuery::default())
        })
    });
    group.finish();
}

criterion_group!(benches, ring_search);
criterion_main!(benches);
