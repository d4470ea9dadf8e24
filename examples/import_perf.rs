//! The load of the same generated graph in several formats, measured in the same run: each
//! file's load (best of 3) against the first file's (kgx's own format, the baseline).
//!
//! ```sh
//! cargo run --release --example import_perf -- /tmp/1m.big.json /tmp/1m.apoc.jsonl /tmp/1m.ftm.jsonl
//! /usr/bin/time -v cargo run --release --example import_perf -- --once /tmp/1m.apoc.jsonl
//! ```
//!
//! `--once FILE` reads and loads FILE once and exits: run it under `/usr/bin/time -v` for the
//! peak RSS of a load. `benches/formats.sh` runs both at 1M entities.

use std::hint::black_box;
use std::time::{Duration, Instant};

use kgx::graph::{LoadOptions, load_bytes};

fn best_of_3(bytes: &[u8], path: &str) -> anyhow::Result<(Duration, usize, usize, usize)> {
    let mut best = Duration::MAX;
    let mut counts = (0, 0, 0);
    for _ in 0..3 {
        let t = Instant::now();
        let loaded = load_bytes(bytes, path, LoadOptions::default())?;
        best = best.min(t.elapsed());
        counts = (
            loaded.graph.entity_count(),
            loaded.graph.relation_count(),
            loaded.warning_total,
        );
        black_box(&loaded);
    }
    Ok((best, counts.0, counts.1, counts.2))
}

fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.first().map(String::as_str) == Some("--once") {
        let path = args.get(1).ok_or(anyhow::anyhow!("--once FILE"))?;
        let t = Instant::now();
        let bytes = std::fs::read(path)?;
        let loaded = load_bytes(&bytes, path, LoadOptions::default())?;
        println!(
            "{path}: {} bytes, {} entities, {} relations, read and loaded in {:.0} ms",
            bytes.len(),
            loaded.graph.entity_count(),
            loaded.graph.relation_count(),
            t.elapsed().as_secs_f64() * 1e3
        );
        black_box(&loaded);
        return Ok(());
    }
    let mut baseline = None;
    for path in &args {
        let bytes = std::fs::read(path)?;
        let (load, entities, relations, warnings) = best_of_3(&bytes, path)?;
        let base = *baseline.get_or_insert(load);
        println!(
            "{path}: {:.0} MB, {entities} entities, {relations} relations, {warnings} warnings: \
             load {:.0} ms = {:.2}x the first",
            bytes.len() as f64 / 1e6,
            load.as_secs_f64() * 1e3,
            load.as_secs_f64() / base.as_secs_f64()
        );
    }
    Ok(())
}
