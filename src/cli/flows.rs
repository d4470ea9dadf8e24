//! `kgx flows`: who pays whom, per pair of parties, largest first; or the money in and out of
//! one party.

use std::io::Write;
use std::process::ExitCode;

use serde_json::{Value, json};

use super::output::{write_json_line, write_line};
use crate::analysis::{Flows, Leg, PairFlow, flows};
use crate::display::{format_ending, format_usd};
use crate::escape::safe_text;
use crate::graph::{Graph, Loaded};
use crate::search::SearchIndex;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Only money in and out of this party (an id or a name).
    #[arg(value_name = "ID")]
    pub id: Option<String>,
    /// Keep clouds and units apart from the company that operates them.
    #[arg(long)]
    pub separate_units: bool,
    /// List at most this many flows (per direction with ID); 0 lists all. Totals count all.
    #[arg(long, default_value_t = 20, value_name = "N")]
    pub limit: usize,
    /// One JSON object per line: each pair of parties (`"record": "flow"`), then for one party
    /// its totals (`"record": "totals"`).
    #[arg(long)]
    pub json: bool,
    /// Only the deals matching QUERY count (fuzzy terms, @kind and filters as in `kgx search`:
    /// `'year:2025 status:signed'`, `amount>10b`); relations that are not deals stay.
    #[arg(long = "where", value_name = "QUERY")]
    pub where_query: Option<String>,
}

pub(super) fn run(args: &Args, loaded: &Loaded, out: &mut impl Write) -> anyhow::Result<ExitCode> {
    let g = &super::where_query::only_deals_where(&loaded.graph, args.where_query.as_deref())?
        .unwrap_or_else(|| loaded.graph.clone());
    let f = flows(g, args.separate_units);
    let Some(text) = &args.id else {
        if f.pairs.is_empty() {
            anyhow::bail!("no money flows: no deal has payer and payee roles");
        }
        let shown = limited(&f.pairs, args.limit);
        for pair in shown {
            if args.json {
                write_json_line(out, &pair_json(g, &f, pair, None))?;
            } else {
                write_pair(out, g, &f, pair)?;
            }
        }
        if !args.json && shown.len() < f.pairs.len() {
            write_line(
                out,
                format_args!(
                    "showing the {} largest of {} flows (--limit 0 lists all)",
                    shown.len(),
                    f.pairs.len()
                ),
            )?;
        }
        return Ok(ExitCode::SUCCESS);
    };
    let ix = super::entity_arg(g, &SearchIndex::new(g), text)?;
    let party = f.of_party(ix);
    let name = safe_text(g.entity(party.party).name());
    if args.json {
        for (dir, pairs) in [("out", &party.outgoing), ("in", &party.incoming)] {
            for pair in limited(pairs, args.limit) {
                write_json_line(out, &pair_json(g, &f, pair, Some(dir)))?;
            }
        }
        let totals = json!({"record": "totals", "id": g.entity(party.party).id(),
                            "out_usd": party.out_usd, "in_usd": party.in_usd});
        write_json_line(out, &totals)?;
    } else {
        for (label, total, pairs) in [
            ("out of", party.out_usd, &party.outgoing),
            ("into", party.in_usd, &party.incoming),
        ] {
            write_line(
                out,
                format_args!(
                    "money {label} {name}: {} in {} flow{}",
                    format_usd(total),
                    pairs.len(),
                    if pairs.len() == 1 { "" } else { "s" }
                ),
            )?;
            for pair in limited(pairs, args.limit) {
                write_pair(out, g, &f, pair)?;
            }
            if limited(pairs, args.limit).len() < pairs.len() {
                write_line(
                    out,
                    format_args!("  ... and {} smaller", pairs.len() - args.limit),
                )?;
            }
            write_line(out, "")?;
        }
    }
    if party.incoming.is_empty() && party.outgoing.is_empty() {
        return Ok(ExitCode::from(1));
    }
    Ok(ExitCode::SUCCESS)
}

/// The first `limit` items (all when `limit` is 0).
fn limited<T>(items: &[T], limit: usize) -> &[T] {
    if limit == 0 {
        items
    } else {
        &items[..limit.min(items.len())]
    }
}

fn write_pair(
    out: &mut impl Write,
    g: &Graph,
    f: &Flows<'_>,
    pair: &PairFlow,
) -> std::io::Result<()> {
    let undisclosed = pair
        .legs
        .iter()
        .filter(|&&l| f.legs[l].amount_usd.is_none())
        .count();
    write_line(
        out,
        format_args!(
            "  {} → {}  {}  ({} leg{}{})",
            safe_text(g.entity(pair.payer).name()),
            safe_text(g.entity(pair.payee).name()),
            format_usd(pair.total_usd),
            pair.legs.len(),
            if pair.legs.len() == 1 { "" } else { "s" },
            match undisclosed {
                0 => String::new(),
                n => format!(", {n} undisclosed"),
            }
        ),
    )?;
    for &l in &pair.legs {
        write_line(out, format_args!("      {}", leg_line(g, &f.legs[l])))?;
    }
    Ok(())
}

/// `2025-11-03  $38.0B  signed     purchase  OpenAI → AWS  AWS-OpenAI deal [deal-aws-openai]`.
pub(crate) fn leg_line(g: &Graph, leg: &Leg<'_>) -> String {
    format!(
        "{:<10}  {:>7}  {:<9}  {:<10}  {} → {}  {}{}",
        safe_text(leg.date.unwrap_or("-")),
        leg.amount_usd.map_or("-".into(), format_usd),
        safe_text(leg.status.unwrap_or("-")),
        safe_text(leg.label),
        safe_text(g.entity(leg.payer).name()),
        safe_text(g.entity(leg.payee).name()),
        safe_text(leg.name),
        match (&leg.ending, leg.counted || leg.amount_usd.is_none()) {
            (Some(e), _) => format!(
                " (ended: {}{})",
                safe_text(&format_ending(e.how, e.date)),
                if leg.amount_usd.is_some() {
                    ", not in totals"
                } else {
                    ""
                }
            ),
            (None, true) => String::new(),
            (None, false) => " (superseded, not in totals)".to_string(),
        }
    )
}

pub(crate) fn leg_json(g: &Graph, leg: &Leg<'_>) -> Value {
    let deal = match leg.source {
        crate::analysis::DealSource::Entity(e) => Some(g.entity(e).id()),
        crate::analysis::DealSource::Relation(_) => None,
    };
    json!({"payer": g.entity(leg.payer).id(), "payee": g.entity(leg.payee).id(),
           "amount_usd": leg.amount_usd, "label": leg.label, "deal": deal, "name": leg.name,
           "date": leg.date, "status": leg.status, "counted": leg.counted,
           "ended": leg.ending.and_then(|e| e.date), "ended_how": leg.ending.map(|e| e.how)})
}

fn pair_json(g: &Graph, f: &Flows<'_>, pair: &PairFlow, dir: Option<&str>) -> Value {
    let legs: Vec<_> = pair.legs.iter().map(|&l| leg_json(g, &f.legs[l])).collect();
    let party = |e: u32| {
        let e = g.entity(e);
        json!({"id": e.id(), "name": e.name(), "kind": e.kind()})
    };
    let mut v = json!({"record": "flow", "payer": party(pair.payer), "payee": party(pair.payee),
                       "total_usd": pair.total_usd, "legs": legs});
    if let Some(dir) = dir {
        v["direction"] = json!(dir);
    }
    v
}
