//! One-shot performance report on a graph file: load against the parse floor, and the search
//! typing sequence against nucleo-matcher's single-threaded full scan, measured in the same run.
//!
//! `cargo run --release --example perf -- /tmp/1m.big.json [--names names.txt] [--phase load]`
//!
//! criterion (`cargo bench`) gives the statistically careful numbers on the 100k graph; this
//! prints one table for the 1M graph quickly, since criterion's repeated samples of a 1M load
//! take minutes on the 2-core machine. `--names FILE` also writes the searched names one per line
//! for `fzf --filter`. `--phase load` stops after loading and building the search index, and
//! `--phase floor` after parsing into `IgnoredAny`: run them under `/usr/bin/time -v` for peak
//! RSS and CPU time (CPU time is steadier than wall time on a shared machine). `--phase ratio`
//! stops after the load-vs-floor lines. `--profile-query Q [--runs N] [--after P]` times N (20)
//! searches for Q, fresh or as typed after P, wall and CPU; a large N makes the searches most of
//! a `perf record` of the run; `--full` times every hit ranked (`Searcher::search`, what the
//! CLI prints and the explorer's End key needs) instead of what a keystroke shows.
//!
//! A keystroke is timed as the explorer takes it: `Searcher::search_ranked`, the number of hits
//! and the first screen's rows (a lazy search orders the rest only when they are read).

use std::hint::black_box;
use std::sync::Arc;
use std::time::{Duration, Instant};

use kgx::graph::{LoadOptions, load_bytes};
use kgx::search::{KindFilter, Query, SearchIndex, Searcher};

/// The typing sequence of the issue: one keystroke after another, then standalone queries.
#[path = "../benches/support/typing.rs"]
mod typing;
use typing::{STANDALONE, TYPING, keystroke, nucleo_scan};

fn best_of<T>(runs: usize, mut f: impl FnMut() -> T) -> (Duration, T) {
    let mut best = Duration::MAX;
    let mut out = None;
    for _ in 0..runs {
        let t = Instant::now();
        let v = f();
        best = best.min(t.elapsed());
        out = Some(v);
    }
    (best, out.expect("runs > 0"))
}

/// User + system CPU time of this process so far (all threads), from /proc (Linux; 0 elsewhere).
fn cpu_seconds() -> f64 {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    // Fields after the parenthesised command name; utime and stime are the 12th and 13th.
    let after = stat.rsplit(')').next().unwrap_or("");
    let ticks: Vec<f64> = after
        .split_whitespace()
        .skip(11)
        .take(2)
        .filter_map(|f| f.parse().ok())
        .collect();
    ticks.iter().sum::<f64>() / 100.0
}

fn ms(d: Duration) -> String {
    format!("{:.1} ms", d.as_secs_f64() * 1e3)
}

fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let path = args
        .first()
        .cloned()
        .unwrap_or_else(|| "/tmp/100k.big.json".into());
    let flag = |name: &str| {
        args.iter()
            .position(|a| a == name)
            .and_then(|i| args.get(i + 1).cloned())
    };
    let phase = flag("--phase");
    let load_only = phase.as_deref() == Some("load");

    let t = Instant::now();
    let bytes = std::fs::read(&path)?;
    let read = t.elapsed();
    if phase.as_deref() == Some("floor") {
        serde_json::from_slice::<serde::de::IgnoredAny>(&bytes)?;
        println!("parsed into IgnoredAny in {}", ms(t.elapsed()));
        return Ok(());
    }
    if load_only {
        let loaded = load_bytes(&bytes, &path, LoadOptions::default())?;
        drop(bytes);
        let index = SearchIndex::new(&loaded.graph);
        println!(
            "loaded {} entities in {} (read {})",
            loaded.graph.entity_count(),
            ms(t.elapsed()),
            ms(read)
        );
        let parts = loaded.graph.heap_bytes();
        let total: usize = parts.iter().map(|p| p.1).sum();
        for (part, bytes) in &parts {
            println!("  {part:<12} {:>8.1} MB", *bytes as f64 / 1e6);
        }
        println!(
            "graph heap {:.1} MB + search index {:.1} MB",
            total as f64 / 1e6,
            index.heap_bytes() as f64 / 1e6
        );
        black_box((&loaded, &index));
        return Ok(());
    }
    let mb = bytes.len() as f64 / 1e6;
    println!("file: {path} ({mb:.0} MB), read in {}", ms(read));

    let (floor, _) = best_of(3, || {
        serde_json::from_slice::<serde::de::IgnoredAny>(black_box(&bytes)).map(|_| ())
    });
    let (load, loaded) = best_of(3, || load_bytes(&bytes, &path, LoadOptions::default()));
    let graph = loaded?.graph;
    let (index_time, index) = best_of(1, || SearchIndex::new(&graph));
    let index = Arc::new(index);
    println!(
        "parse floor (IgnoredAny): {}  ({:.0} MB/s)",
        ms(floor),
        mb / floor.as_secs_f64()
    );
    println!(
        "load (parse+validate+index): {}  = {:.2}x floor",
        ms(load),
        load.as_secs_f64() / floor.as_secs_f64()
    );
    println!("search index build: {}", ms(index_time));
    // What the explorer computes between the load and its first frame (tabs, the empty query's
    // results, the top entity's relations); a large graph's search index is built after it.
    let (app_time, app) = best_of(3, || kgx::app::App::new(graph.unmasked(), "perf"));
    println!(
        "explorer state before the first frame (App::new, {}): {}",
        if app.indexing() {
            "index built after it"
        } else {
            "index included"
        },
        ms(app_time)
    );
    drop(app);
    println!(
        "{} entities, {} relations, max degree {}",
        graph.entity_count(),
        graph.relation_count(),
        (0..graph.entity_count() as u32)
            .map(|ix| graph.degree(ix))
            .max()
            .unwrap_or(0)
    );

    if phase.as_deref() == Some("ratio") {
        return Ok(());
    }

    if let Some(q) = flag("--profile-query") {
        // For `perf record`: one query, fresh, many times.
        let query = Query::parse(&q);
        let runs: usize = flag("--runs").and_then(|r| r.parse().ok()).unwrap_or(20);
        // `--after P`: each search as typed after P (the searcher holds P's results); only the
        // searches for Q are timed.
        let after = flag("--after").map(|p| Query::parse(&p));
        let full = args.iter().any(|a| a == "--full");
        let (mut wall, mut cpu) = (Duration::ZERO, 0.0);
        for _ in 0..runs {
            let mut searcher = Searcher::new();
            if let Some(p) = &after {
                black_box(keystroke(&mut searcher, &graph, &index, p));
            }
            let (t, c) = (Instant::now(), cpu_seconds());
            match full {
                true => black_box(
                    searcher
                        .search(&graph, &index, &query, &KindFilter::All)
                        .len(),
                ),
                false => black_box(keystroke(&mut searcher, &graph, &index, &query).0),
            };
            (wall, cpu) = (wall + t.elapsed(), cpu + cpu_seconds() - c);
        }
        // CPU time (all threads) next to wall time: on a busy machine it is the steadier one.
        println!(
            "{q:?} x{runs}: {} wall, {:.0} ms CPU",
            ms(wall),
            cpu * 1000.0
        );
        return Ok(());
    }
    let names: Vec<&str> = graph.entities().map(|e| e.name()).collect();
    if let Some(out) = flag("--names") {
        std::fs::write(&out, names.join("\n") + "\n")?;
        println!("names written to {out}");
    }
    let nucleo = |q: &str| nucleo_scan(&names, q);

    println!(
        "\n{:<12} {:>10} {:>12} {:>12} {:>8} {:>8}",
        "query", "hits", "kgx typing", "kgx fresh", "nucleo", "ratio"
    );
    for (i, q) in TYPING.iter().chain(STANDALONE).enumerate() {
        let query = Query::parse(q);
        // As typed: the searcher holds the previous keystroke's hits (narrowing); best of 3.
        let previous = (i > 0 && i < TYPING.len()).then(|| Query::parse(TYPING[i - 1]));
        let mut typed = Duration::MAX;
        let mut hits = 0;
        for _ in 0..3 {
            let mut s = Searcher::new();
            if let Some(p) = &previous {
                keystroke(&mut s, &graph, &index, p);
            }
            let t = Instant::now();
            (hits, _) = black_box(keystroke(&mut s, &graph, &index, &query));
            typed = typed.min(t.elapsed());
        }
        let (fresh, _) = best_of(3, || {
            black_box(keystroke(&mut Searcher::new(), &graph, &index, &query))
        });
        let (nuc, nuc_hits) = best_of(3, || nucleo(q));
        let shown = if TYPING.contains(q) { typed } else { fresh };
        println!(
            "{:<12} {:>10} {:>12} {:>12} {:>8} {:>7.2}x   (nucleo hits {nuc_hits})",
            format!("{q:?}"),
            hits,
            ms(typed),
            ms(fresh),
            ms(nuc),
            shown.as_secs_f64() / nuc.as_secs_f64()
        );
    }
    Ok(())
}
