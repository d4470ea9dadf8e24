//! Times the analysis algorithms (the overview, paths, deals, flows, cycles, the money graph and rings) on a large graph, in process so
//! the load does not blur the numbers. Make a 1M-entity graph with hubs, then run:
//! `python3 examples/scale_graph.py /tmp/scale.json`
//! `cargo run --release --example analysis_timing -- /tmp/scale.json`

use kgx::analysis::*;
use kgx::graph::*;
use std::time::Instant;
fn main() {
    let path = std::env::args().nth(1).unwrap();
    let t = Instant::now();
    let g = load_path(std::path::Path::new(&path), LoadOptions::default())
        .unwrap()
        .graph;
    eprintln!("load {:?}", t.elapsed());
    // The explorer's `i` computes this once per graph, then draws its lines on each frame.
    let t = Instant::now();
    let overview = kgx::analysis::overview::Overview::of(&g);
    let computed = t.elapsed();
    let t = Instant::now();
    let lines = kgx::display::overview::lines(&overview, 118);
    eprintln!(
        "overview: {computed:?} to compute, {:?} for its {} lines",
        t.elapsed(),
        lines.len()
    );
    let t = Instant::now();
    let money = MoneyGraph::new(&g, Inference::Include);
    eprintln!(
        "money graph: {:?} ({} legs, {} pairs, {} MB heap)",
        t.elapsed(),
        money.leg_count(),
        money.pair_count(),
        money.heap_bytes() >> 20
    );
    let t = Instant::now();
    let found = rings(&money, &RingQuery::default());
    eprintln!(
        "rings (defaults): {:?} ({} rings)",
        t.elapsed(),
        found.len()
    );
    if g.find("c3").is_none() {
        return; // not a scale_graph.py graph: the queries below name its ids
    }
    let q = |a: &str, b: &str, max, via: Option<&str>, directed| PathQuery {
        from: g.find(a).unwrap(),
        to: g.find(b).unwrap(),
        max,
        via_kind: via.map(Into::into),
        directed,
        avoid: vec![],
    };
    for (name, query) in [
        ("path c3 c150000", q("c3", "c150000", 1, None, false)),
        (
            "path c3 c150000 --max 5",
            q("c3", "c150000", 5, None, false),
        ),
        (
            "path c3 c150000 --max 20",
            q("c3", "c150000", 20, None, false),
        ),
        ("path c0 c1 --max 20 (hubs)", q("c0", "c1", 20, None, false)),
        (
            "path c123 c199999 --max 3 --via-kind cloud",
            q("c123", "c199999", 3, Some("cloud"), false),
        ),
        (
            "path c123 c199999 --max 5 --via-kind chip",
            q("c123", "c199999", 5, Some("chip"), false),
        ),
        (
            "path c123 c199999 --directed",
            q("c123", "c199999", 1, None, true),
        ),
    ] {
        let t = Instant::now();
        let found = paths(&g, &query).unwrap();
        eprintln!(
            "{name}: {:?} ({} paths, lengths {:?})",
            t.elapsed(),
            found.len(),
            found.iter().map(|p| p.len()).collect::<Vec<_>>()
        );
    }
    let t = Instant::now();
    let d = deals(&g, &DealFilter::default());
    eprintln!("deals (all, sorted): {:?} ({} rows)", t.elapsed(), d.len());
    let t = Instant::now();
    let y = totals_by_year(&g, &d);
    eprintln!("totals_by_year: {:?} ({} years)", t.elapsed(), y.len());
    let t = Instant::now();
    let d = deals(
        &g,
        &DealFilter {
            party: g.find("c5"),
            since: Some("2024".into()),
            ..Default::default()
        },
    );
    eprintln!(
        "deals --party c5 --since 2024: {:?} ({} rows)",
        t.elapsed(),
        d.len()
    );
    let t = Instant::now();
    let f = flows(&g, false);
    eprintln!(
        "flows: {:?} ({} legs, {} pairs)",
        t.elapsed(),
        f.legs.len(),
        f.pairs.len()
    );
    let t = Instant::now();
    let p = f.of_party(g.find("c1").unwrap());
    eprintln!(
        "of_party c1: {:?} ({} in, {} out)",
        t.elapsed(),
        p.incoming.len(),
        p.outgoing.len()
    );
    let t = Instant::now();
    let c = cycles(&f);
    eprintln!("cycles: {:?} ({} cycles)", t.elapsed(), c.len());
}
