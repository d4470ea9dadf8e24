//! `kgx partners ID`: everyone ID deals with, directly or through a deal, one row per
//! counterparty (owner and units merged), most money first, each with its deals.

use std::io::Write;
use std::process::ExitCode;

use serde_json::{Value, json};

use super::output::{write_json_line, write_line};
use crate::analysis::{Partner, partners};
use crate::display::format_usd;
use crate::escape::safe_text;
use crate::graph::{Graph, Loaded};
use crate::search::SearchIndex;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The entity whose partners to list (an id or a name).
    #[arg(value_name = "ID")]
    pub id: String,
    /// List at most this many partners; 0 lists all.
    #[arg(long, default_value_t = 0, value_name = "N")]
    pub limit: usize,
    /// One JSON object per partner (`"record": "partner"`), one per line.
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
    let ix = super::entity_arg(g, &SearchIndex::new(g), &args.id)?;
    let found = partners(g, ix);
    if found.is_empty() {
        anyhow::bail!(
            "'{}' has no partners: no relation or shared deal",
            safe_text(g.entity(ix).id())
        );
    }
    let shown = if args.limit == 0 {
        &found[..]
    } else {
        &found[..args.limit.min(found.len())]
    };
    for p in shown {
        if args.json {
            write_json_line(out, &partner_json(g, ix, p))?;
        } else {
            write_partner(out, g, ix, p)?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// Units named in a partner's name; more are counted (`Nvidia / Nvidia H100 / ... +3`).
const NAMED_UNITS: usize = 2;

/// `Amazon / Amazon Web Services`: the party, then its units that took part.
pub(crate) fn partner_name(g: &Graph, p: &Partner<'_>) -> String {
    let mut name = p
        .entities
        .iter()
        .take(NAMED_UNITS + 1)
        .map(|&e| safe_text(g.entity(e).name()).into_owned())
        .collect::<Vec<_>>()
        .join(" / ");
    if p.entities.len() > NAMED_UNITS + 1 {
        name.push_str(&format!(" +{}", p.entities.len() - NAMED_UNITS - 1));
    }
    name
}

/// `$138B out · $50.0B in · 3 deals · 2025-11-03 → 2026-02-27`.
pub(crate) fn partner_summary(p: &Partner<'_>) -> String {
    let mut parts = vec![
        format!("{} out", format_usd(p.out_usd)),
        format!("{} in", format_usd(p.in_usd)),
        format!(
            "{} deal{}",
            p.deals.len(),
            if p.deals.len() == 1 { "" } else { "s" }
        ),
    ];
    if !p.relations.is_empty() {
        parts.push(format!(
            "{} relation{}",
            p.relations.len(),
            if p.relations.len() == 1 { "" } else { "s" }
        ));
    }
    match (p.first_date, p.latest_date) {
        (Some(a), Some(b)) if a != b => parts.push(format!("{} → {}", safe_text(a), safe_text(b))),
        (Some(a), _) => parts.push(safe_text(a).into_owned()),
        _ => {}
    }
    parts.join(" · ")
}

/// One deal line: `2025-11-03  $38.0B  signed  AWS-OpenAI $38B compute agreement [id]`.
pub(crate) fn deal_line(g: &Graph, deal: crate::graph::EntityIx) -> String {
    let e = g.entity(deal);
    let attr = |k: &str| e.attr(k).and_then(|v| v.as_str().map(str::to_string));
    let amount = e
        .attr(crate::conventions::ATTR_AMOUNT_USD)
        .and_then(|v| v.as_f64());
    format!(
        "{:<10}  {:>7}  {:<9}  {} [{}]",
        safe_text(&attr(crate::conventions::ATTR_DATE).unwrap_or("-".into())),
        amount.map_or("-".into(), format_usd),
        safe_text(&attr(crate::conventions::ATTR_STATUS).unwrap_or("-".into())),
        safe_text(e.name()),
        safe_text(e.id())
    )
}

fn write_partner(
    out: &mut impl Write,
    g: &Graph,
    ix: crate::graph::EntityIx,
    p: &Partner<'_>,
) -> std::io::Result<()> {
    write_line(
        out,
        format_args!("{}  {}", partner_name(g, p), partner_summary(p)),
    )?;
    if !p.own_roles.is_empty() {
        write_line(
            out,
            format_args!(
                "    {}: {}; {}: {}",
                safe_text(g.entity(ix).name()),
                p.own_roles.join(", "),
                safe_text(g.entity(p.party).name()),
                p.partner_roles.join(", ")
            ),
        )?;
    }
    for &d in &p.deals {
        write_line(out, format_args!("    {}", deal_line(g, d)))?;
    }
    for &r in &p.relations {
        let r = g.relation(r);
        write_line(
            out,
            format_args!(
                "    {} -{}-> {}",
                safe_text(r.from().name()),
                safe_text(r.rtype()),
                safe_text(r.to().name())
            ),
        )?;
    }
    Ok(())
}

/// One partner record; `of` is the entity whose partner it is.
pub(crate) fn partner_json(g: &Graph, of: crate::graph::EntityIx, p: &Partner<'_>) -> Value {
    let ids: Vec<&str> = p.entities.iter().map(|&e| g.entity(e).id()).collect();
    let deals: Vec<Value> = p
        .deals
        .iter()
        .map(|&d| {
            let e = g.entity(d);
            let attr = |k: &str| e.attr(k).and_then(|v| v.as_str().map(str::to_string));
            json!({"id": e.id(), "name": e.name(),
                   "date": attr(crate::conventions::ATTR_DATE),
                   "status": attr(crate::conventions::ATTR_STATUS),
                   "amount_usd": e.attr(crate::conventions::ATTR_AMOUNT_USD).and_then(|v| v.as_f64())})
        })
        .collect();
    let relations: Vec<Value> = p
        .relations
        .iter()
        .map(|&r| {
            let r = g.relation(r);
            json!({"type": r.rtype(), "from": r.from().id(), "to": r.to().id()})
        })
        .collect();
    let of = g.entity(of);
    json!({"record": "partner", "of": {"id": of.id(), "name": of.name()},
           "id": g.entity(p.party).id(), "name": partner_name(g, p),
           "entities": ids, "own_roles": p.own_roles, "partner_roles": p.partner_roles,
           "deal_count": p.deals.len(), "out_usd": p.out_usd, "in_usd": p.in_usd,
           "first_date": p.first_date, "latest_date": p.latest_date,
           "deals": deals, "relations": relations})
}
