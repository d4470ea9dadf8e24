//! The graph every benchmark measures: the file named by `KGX_BENCH_FILE` (for the 1M file of
//! docs/performance.md), else 100,000 entities generated in memory with seed 7, so `cargo bench`
//! runs on a fresh machine with nothing prepared (the same bytes as
//! `cargo run --release --example gen_graph -- --entities 100000 --seed 7`).

/// The graph's name for reports and its JSON bytes.
pub fn bench_bytes() -> (String, Vec<u8>) {
    match std::env::var("KGX_BENCH_FILE") {
        Ok(path) => match std::fs::read(&path) {
            Ok(bytes) => (path, bytes),
            Err(e) => panic!("KGX_BENCH_FILE={path}: cannot read it ({e})"),
        },
        Err(_) => {
            let mut bytes = Vec::new();
            kgx::generate::write_graph(&mut bytes, 100_000, 7).expect("writing to memory");
            ("generated 100k entities, seed 7".to_string(), bytes)
        }
    }
}

/// [`bench_bytes`] loaded.
#[allow(dead_code)] // not every benchmark wants the graph itself
pub fn bench_graph() -> (String, kgx::graph::Graph) {
    let (name, bytes) = bench_bytes();
    let graph = kgx::graph::load_bytes(&bytes, &name, kgx::graph::LoadOptions::default())
        .expect("the benchmark graph loads")
        .graph;
    (name, graph)
}
