//! `kgx cycles`: circular money, where A pays B and B pays A back, largest first.

use std::io::Write;
use std::process::ExitCode;

use serde_json::json;

use super::flows::{leg_json, leg_line};
use super::output::{write_json_line, write_line};
use crate::analysis::{cycles, flows};
use crate::display::format_usd;
use crate::escape::safe_text;
use crate::graph::Loaded;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Keep clouds and units apart from the company that operates them (finds fewer cycles).
    #[arg(long)]
    pub separate_units: bool,
    /// One JSON object per cycle, one per line.
    #[arg(long)]
    pub json: bool,
}

pub fn run(args: &Args, loaded: &Loaded, out: &mut impl Write) -> anyhow::Result<ExitCode> {
    let g = &loaded.graph;
    let f = flows(g, args.separate_units);
    let found = cycles(&f);
    if found.is_empty() {
        anyhow::bail!("no circular money flows found");
    }
    for (n, c) in found.iter().enumerate() {
        let (a, b) = (g.entity(c.a), g.entity(c.b));
        if args.json {
            let legs = |p: &crate::analysis::PairFlow| {
                p.legs
                    .iter()
                    .map(|&l| leg_json(g, &f.legs[l]))
                    .collect::<Vec<_>>()
            };
            let line = json!({
                "a": {"id": a.id(), "name": a.name()}, "b": {"id": b.id(), "name": b.name()},
                "total_usd": c.total_usd(),
                "out": {"total_usd": c.out.total_usd, "legs": legs(c.out)},
                "back": {"total_usd": c.back.total_usd, "legs": legs(c.back)},
            });
            write_json_line(out, &line)?;
            continue;
        }
        let (a, b) = (safe_text(a.name()), safe_text(b.name()));
        write_line(
            out,
            format_args!(
                "{}. {a} → {b} → {a}  ({} out, {} back)",
                n + 1,
                total(c.out),
                total(c.back)
            ),
        )?;
        for pair in [c.out, c.back] {
            for &l in &pair.legs {
                write_line(out, format_args!("     {}", leg_line(g, &f.legs[l])))?;
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// A pair's total, or "undisclosed" when no leg of it has a reported amount (never "$0").
fn total(pair: &crate::analysis::PairFlow) -> String {
    if pair.total_usd > 0.0 {
        format_usd(pair.total_usd)
    } else {
        "undisclosed".to_string()
    }
}
