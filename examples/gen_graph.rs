//! Writes a deterministic, realistic kgx graph of any size for benchmarks ([`kgx::generate`]).
//!
//! `cargo run --release --example gen_graph -- --entities N --seed S [--format F] > big.json`
//!
//! `--format` is `native` (kgx's own JSON, the default), `apoc` (Neo4j APOC JSON Lines) or `ftm`
//! (FollowTheMoney JSON Lines): the same graph in each; or `wikidata`, a Wikidata JSON dump of
//! `--entities` items of about 17 KB each (about 28 statements), a graph of its own.
//!
//! Entities span the core kinds with company-like, chip-like, cloud-like and deal-like names,
//! aliases, summaries and attributes; about one in forty names is non-ASCII (accents, CJK). Each
//! entity has about three outgoing relations whose targets follow a skewed (log-uniform) law, so
//! the first entities are hubs with tens of thousands of links on a million-entity graph. The
//! same `N` and `S` always write the same bytes. No dependencies beyond serde_json (for string
//! escaping): the generator is a small splitmix64 stream.

use std::io::BufWriter;

use kgx::generate::GraphFormat;

struct Args {
    entities: usize,
    seed: u64,
    format: GraphFormat,
}

fn parse_args() -> Result<Args, String> {
    let mut args = Args {
        entities: 10_000,
        seed: 1,
        format: GraphFormat::Native,
    };
    let mut it = std::env::args().skip(1);
    while let Some(flag) = it.next() {
        let value = it.next().ok_or(format!("{flag} needs a value"))?;
        let parse = |v: &str| {
            v.replace('_', "")
                .parse::<u64>()
                .map_err(|e| format!("{flag}: {e}"))
        };
        match flag.as_str() {
            "--entities" | "-n" => args.entities = parse(&value)? as usize,
            "--seed" | "-s" => args.seed = parse(&value)?,
            "--format" | "-f" => {
                args.format = GraphFormat::from_name(&value).ok_or(format!(
                    "--format: {value}: use native, apoc, ftm or wikidata"
                ))?
            }
            _ => {
                return Err(format!(
                    "unknown flag {flag} (use --entities N --seed S --format native|apoc|ftm|wikidata)"
                ));
            }
        }
    }
    if args.entities < 2 {
        return Err("--entities must be at least 2".into());
    }
    Ok(args)
}

fn main() {
    let args = match parse_args() {
        Ok(a) => a,
        Err(e) => {
            eprintln!("gen_graph: {e}");
            std::process::exit(2);
        }
    };
    let stdout = std::io::stdout();
    let mut out = BufWriter::with_capacity(1 << 20, stdout.lock());
    if let Err(e) = kgx::generate::write_graph_as(&mut out, args.entities, args.seed, args.format) {
        if e.kind() != std::io::ErrorKind::BrokenPipe {
            eprintln!("gen_graph: {e}");
            std::process::exit(1);
        }
    }
}
