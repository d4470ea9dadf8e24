//! Load benchmark: read-parse-validate-index of a generated graph against the parse floor
//! (`serde_json` into `IgnoredAny`) measured in the same run.
//!
//! The graph file comes from `KGX_BENCH_FILE` (default `/tmp/100k.big.json`); make it with
//! `cargo run --release --example gen_graph -- --entities 100000 --seed 7 > /tmp/100k.big.json`.
//! `jq empty` and peak memory are process-level measurements: see docs/performance.md.

use std::hint::black_box;
use std::time::Duration;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use kgx::graph::{LoadOptions, load_bytes};
use kgx::search::SearchIndex;

fn bench_file() -> Option<(String, Vec<u8>)> {
    let path = std::env::var("KGX_BENCH_FILE").unwrap_or_else(|_| "/tmp/100k.big.json".into());
    match std::fs::read(&path) {
        Ok(bytes) => Some((path, bytes)),
        Err(e) => {
            eprintln!(
                "skipping: cannot read {path} ({e}); generate it with \
                 `cargo run --release --example gen_graph -- --entities 100000 --seed 7 > {path}`"
            );
            None
        }
    }
}

fn load(c: &mut Criterion) {
    let Some((path, bytes)) = bench_file() else {
        return;
    };
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
    group.finish();
}

criterion_group!(benches, load);
criterion_main!(benches);
