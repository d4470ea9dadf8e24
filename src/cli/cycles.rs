//! `kgx cycles`: money rings of two to N parties (Nvidia → OpenAI → Oracle → Nvidia), best
//! first, each leg with its deals; inferred legs are marked with the relation they come from.

use std::io::Write;
use std::process::ExitCode;

use serde_json::{Value, json};

use super::output::{write_json_line, write_line};
use crate::analysis::{
    DEFAULT_MAX_PARTIES, DEFAULT_RING_LIMIT, Inference, MAX_PARTIES, MoneyGraph, MoneyLeg,
    MoneyPair, Ring, RingQuery, Units, rings,
};
use crate::display::{format_usd, ring_figures};
use crate::escape::safe_text;
use crate::graph::{Graph, Loaded};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The most parties in a ring (2 to 6).
    #[arg(long, value_name = "N", default_value_t = DEFAULT_MAX_PARTIES,
          value_parser = max_parties)]
    pub max_parties: usize,
    /// Skip legs whose disclosed total is below this many dollars (legs with no disclosed
    /// amount are kept and rank last).
    #[arg(long, value_name = "USD", default_value_t = 0.0, value_parser = non_negative_usd)]
    pub min_usd: f64,
    /// Include legs inferred from `offers` and `covers` (the default).
    #[arg(long, overrides_with = "no_inferred")]
    pub include_inferred: bool,
    /// Only legs a deal or a relation with an amount states.
    #[arg(long)]
    pub no_inferred: bool,
    /// List the best this many rings; 0 lists all.
    #[arg(long, value_name = "K", default_value_t = DEFAULT_RING_LIMIT)]
    pub limit: usize,
    /// Keep clouds and units apart from the company that operates them (finds fewer rings).
    #[arg(long)]
    pub separate_units: bool,
    /// One JSON object per ring (`"record": "ring"`), one per line.
    #[arg(long)]
    pub json: bool,
    /// Only the deals matching QUERY count (fuzzy terms, @kind and filters as in `kgx search`:
    /// `'year:2025 status:signed'`, `amount>10b`); relations that are not deals stay.
    #[arg(long = "where", value_name = "QUERY")]
    pub where_query: Option<String>,
}

fn max_parties(text: &str) -> Result<usize, String> {
    match text.parse::<usize>() {
        Ok(n) if (2..=MAX_PARTIES).contains(&n) => Ok(n),
        Ok(_) => Err(format!("must be 2 to {MAX_PARTIES}")),
        Err(e) => Err(e.to_string()),
    }
}

fn non_negative_usd(text: &str) -> Result<f64, String> {
    match text.replace('_', "").parse::<f64>() {
        Ok(v) if v >= 0.0 && v.is_finite() => Ok(v),
        Ok(_) => Err("must be a finite amount of 0 or more".into()),
        Err(e) => Err(e.to_string()),
    }
}

pub(super) fn run(args: &Args, loaded: &Loaded, out: &mut impl Write) -> anyhow::Result<ExitCode> {
    let g = &super::where_query::only_deals_where(&loaded.graph, args.where_query.as_deref())?
        .unwrap_or_else(|| loaded.graph.clone());
    let inference = if args.no_inferred {
        Inference::Exclude
    } else {
        Inference::Include
    };
    let units = if args.separate_units {
        Units::separate(g)
    } else {
        Units::new(g)
    };
    let money = MoneyGraph::with_units(g, units, inference);
    let query = RingQuery {
        max_parties: args.max_parties,
        min_usd: args.min_usd,
        limit: args.limit,
    };
    let found = rings(&money, &query);
    if found.is_empty() {
        anyhow::bail!("no money rings found");
    }
    for (n, ring) in found.iter().enumerate() {
        if args.json {
            write_json_line(out, &ring_json(g, &money, ring))?;
        } else {
            write_ring(out, g, &money, n + 1, ring)?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// `3. Nvidia → OpenAI → Oracle → Nvidia  ($30.0B smallest leg, $330B in all, 1 undisclosed)`,
/// then each leg and its deals.
pub(crate) fn write_ring(
    out: &mut impl Write,
    g: &Graph,
    money: &MoneyGraph,
    n: usize,
    ring: &Ring,
) -> std::io::Result<()> {
    let name = |e| safe_text(g.entity(e).name()).into_owned();
    let mut chain: Vec<String> = ring.parties.iter().map(|&p| name(p)).collect();
    chain.push(name(ring.parties[0]));
    write_line(
        out,
        format_args!(
            "{n}. {}  ({})",
            chain.join(" → "),
            ring_figures(ring).join(", ")
        ),
    )?;
    for &p in &ring.legs {
        let pair = money.pair(p);
        let total = if pair.disclosed {
            format_usd(pair.total_usd)
        } else {
            "undisclosed".into()
        };
        let inferred = if pair.inferred { "  [inferred]" } else { "" };
        write_line(
            out,
            format_args!(
                "     {} → {}  {total}{inferred}",
                name(pair.payer),
                name(pair.payee)
            ),
        )?;
        for leg in by_date(g, &pair) {
            write_line(out, format_args!("       {}", leg_line(g, leg)))?;
        }
    }
    Ok(())
}

/// The legs of a pair, dated ones first by date.
fn by_date<'m>(g: &Graph, pair: &MoneyPair<'m>) -> Vec<&'m MoneyLeg> {
    let legs = pair.legs;
    pair.legs_by_date(g).into_iter().map(|i| &legs[i]).collect()
}

/// `2025-09-10     $300B  signed     purchase    Oracle-OpenAI compute [deal-oracle-openai-2025]`,
/// or for an `offers` leg `inferred: Oracle Cloud offers GB200 (no deal, no amount)`.
fn leg_line(g: &Graph, leg: &MoneyLeg) -> String {
    let inferred = leg.inferred_from().map(|r| {
        let r = g.relation(r);
        format!(
            "inferred: {} {} {}",
            safe_text(r.from().name()),
            safe_text(r.rtype()),
            safe_text(r.to().name())
        )
    });
    let Some(deal) = leg.deal(g) else {
        return format!(
            "{} (no deal, no amount)",
            inferred.unwrap_or_else(|| "inferred".into())
        );
    };
    let note = match (leg.counted(), leg.amount_usd()) {
        (false, Some(_)) => "  (ended or superseded, not in totals)",
        _ => "",
    };
    format!(
        "{:<10}  {:>7}  {:<9}  {:<10}  {}{}{note}{}",
        safe_text(deal.date.unwrap_or("-")),
        leg.amount_usd().map_or("-".into(), format_usd),
        safe_text(deal.status.unwrap_or("-")),
        safe_text(leg.label(g)),
        safe_text(deal.name),
        deal.id
            .map_or(String::new(), |id| format!(" [{}]", safe_text(id))),
        inferred.map_or(String::new(), |i| format!("  ({i})")),
    )
}

pub(crate) fn ring_json(g: &Graph, money: &MoneyGraph, ring: &Ring) -> Value {
    let id = |e| g.entity(e).id();
    let legs: Vec<Value> = ring
        .legs
        .iter()
        .map(|&p| {
            let pair = money.pair(p);
            let inferred_from: Vec<Value> = pair
                .legs
                .iter()
                .filter_map(|l| l.inferred_from())
                .map(|r| relation_json(g, r))
                .collect();
            let deals: Vec<Value> = by_date(g, &pair)
                .into_iter()
                .filter_map(|l| deal_json(g, l))
                .collect();
            json!({"payer": id(pair.payer), "payee": id(pair.payee),
                   "total_usd": pair.disclosed.then_some(pair.total_usd),
                   "inferred": pair.inferred, "inferred_from": inferred_from, "deals": deals})
        })
        .collect();
    let parties: Vec<&str> = ring.parties.iter().map(|&p| id(p)).collect();
    let names: Vec<&str> = ring.parties.iter().map(|&p| g.entity(p).name()).collect();
    json!({"record": "ring", "parties": parties, "names": names, "legs": legs,
           "min_leg_usd": ring.min_leg_usd, "total_usd": ring.total_usd,
           "undisclosed_legs": ring.undisclosed})
}

fn relation_json(g: &Graph, r: crate::graph::RelationIx) -> Value {
    let r = g.relation(r);
    json!({"relation": r.rtype(), "from": r.from().id(), "to": r.to().id()})
}

fn deal_json(g: &Graph, leg: &MoneyLeg) -> Option<Value> {
    let deal = leg.deal(g)?;
    Some(
        json!({"deal": deal.id, "name": deal.name, "date": deal.date, "status": deal.status,
                "amount_usd": leg.amount_usd(), "label": leg.label(g), "counted": leg.counted(),
                "inferred_from": leg.inferred_from().map(|r| relation_json(g, r))}),
    )
}
