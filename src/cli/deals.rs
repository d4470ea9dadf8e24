//! `kgx deals`: the deal timeline with amounts, statuses and parties, and per-year totals.

use std::io::Write;
use std::process::ExitCode;

use serde_json::json;

use super::output::{write_json_line, write_line};
use super::where_query::Where;
use crate::analysis::{Deal, DealFilter, DealSource, counts_toward_totals, deals, totals_by_year};
use crate::conventions::is_valid_date;
use crate::display::{format_ending, format_usd};
use crate::escape::safe_text;
use crate::graph::{Graph, Loaded};
use crate::search::SearchIndex;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Only deals with this party (an owner also matches the clouds and units it operates).
    #[arg(long, value_name = "ID")]
    pub party: Option<String>,
    /// Only deals dated on or after this date (YYYY, YYYY-MM or YYYY-MM-DD).
    #[arg(long, value_name = "DATE")]
    pub since: Option<String>,
    /// Only deals dated on or before this date (YYYY, YYYY-MM or YYYY-MM-DD).
    #[arg(long, value_name = "DATE")]
    pub until: Option<String>,
    /// Only deals with this status (`talks`, `signed`, `completed`, ...).
    #[arg(long, value_name = "STATUS")]
    pub status: Option<String>,
    /// Only deals with a party of this kind (`company`, `cloud`, ...).
    #[arg(long, value_name = "KIND")]
    pub kind_of_party: Option<String>,
    /// Only deals matching this query: fuzzy terms and `@kind` on the deal (on either end of a
    /// transaction written as a relation) and filters such as `amount>10b year:2025`.
    #[arg(long = "where", value_name = "QUERY")]
    pub where_query: Option<String>,
    /// One JSON object per line: each deal (`"record": "deal"`), then each year's total
    /// (`"record": "year"`).
    #[arg(long)]
    pub json: bool,
}

pub(super) fn run(args: &Args, loaded: &Loaded, out: &mut impl Write) -> anyhow::Result<ExitCode> {
    let g = &loaded.graph;
    for date in [&args.since, &args.until].into_iter().flatten() {
        if !is_valid_date(date) {
            anyhow::bail!(
                "'{}' is not a date (YYYY, YYYY-MM or YYYY-MM-DD)",
                safe_text(date)
            );
        }
    }
    let party = match &args.party {
        Some(text) => Some(super::entity_arg(g, &SearchIndex::new(g), text)?),
        None => None,
    };
    let filter = DealFilter {
        party,
        since: args.since.clone(),
        until: args.until.clone(),
        status: args.status.clone(),
        kind_of_party: args.kind_of_party.clone(),
    };
    let mut rows = deals(g, &filter);
    if let Some(text) = &args.where_query {
        let query = Where::new(g, text)?;
        rows.retain(|d| query.keeps_deal(g, d.source));
    }
    if args.json {
        write_json(out, g, &rows)?;
    } else {
        write_text(out, g, &rows)?;
    }
    Ok(if rows.is_empty() {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

fn write_text(out: &mut impl Write, g: &Graph, rows: &[Deal<'_>]) -> std::io::Result<()> {
    if rows.is_empty() {
        return write_line(out, "no deals match");
    }
    for d in rows {
        let mark = match (
            &d.ending,
            counts_toward_totals(g, d) || d.amount_usd.is_none(),
        ) {
            (Some(e), _) => format!(
                " (ended: {}{})",
                safe_text(&format_ending(e.how, e.date)),
                if d.amount_usd.is_some() {
                    ", not in totals"
                } else {
                    ""
                }
            ),
            (None, true) => String::new(),
            (None, false) => " (not in totals)".to_string(),
        };
        write_line(
            out,
            format_args!(
                "{:<10}  {:>7}  {:<9}  {}  [{}]{mark}",
                safe_text(d.date.unwrap_or("-")),
                d.amount_usd.map_or("-".into(), format_usd),
                safe_text(d.status.unwrap_or("-")),
                deal_title(g, d),
                safe_text(&deal_id(g, d)),
            ),
        )?;
        let parties: Vec<String> = d
            .parties
            .iter()
            .filter(|_| matches!(d.source, DealSource::Entity(_)))
            .map(|p| {
                format!(
                    "{} {}",
                    safe_text(p.role),
                    safe_text(g.entity(p.entity).name())
                )
            })
            .collect();
        if !parties.is_empty() {
            write_line(out, format_args!("{:34}{}", "", parties.join(" · ")))?;
        }
    }
    write_line(
        out,
        "\ntotals by year (ended deals and parts of larger deals not counted):",
    )?;
    for y in totals_by_year(g, rows) {
        write_line(
            out,
            format_args!(
                "  {}  {:>7}  {} deal{}{}",
                safe_text(&y.year),
                format_usd(y.total_usd),
                y.deals,
                if y.deals == 1 { "" } else { "s" },
                match y.not_counted {
                    0 => String::new(),
                    n => format!(", {n} not counted"),
                }
            ),
        )?;
    }
    Ok(())
}

/// The deal's name, or `From -type-> To` for a relation carrying an amount.
fn deal_title(g: &Graph, d: &Deal<'_>) -> String {
    match d.source {
        DealSource::Entity(_) => safe_text(d.name).into_owned(),
        DealSource::Relation(r) => {
            let r = g.relation(r);
            format!(
                "{} -{}-> {}",
                safe_text(r.from().name()),
                safe_text(r.rtype()),
                safe_text(r.to().name())
            )
        }
    }
}

/// The deal's id, or `from/type/to` for a relation.
fn deal_id(g: &Graph, d: &Deal<'_>) -> String {
    match d.source {
        DealSource::Entity(e) => g.entity(e).id().to_string(),
        DealSource::Relation(r) => {
            let r = g.relation(r);
            format!("{}/{}/{}", r.from().id(), r.rtype(), r.to().id())
        }
    }
}

fn write_json(out: &mut impl Write, g: &Graph, rows: &[Deal<'_>]) -> anyhow::Result<()> {
    let id = |e: Option<u32>| e.map(|e| g.entity(e).id());
    for d in rows {
        let parties: Vec<_> = d
            .parties
            .iter()
            .map(|p| {
                let e = g.entity(p.entity);
                json!({"role": p.role, "id": e.id(), "name": e.name(), "kind": e.kind(),
                       "amount_usd": p.amount_usd})
            })
            .collect();
        let line = json!({
            "record": "deal",
            "id": deal_id(g, d),
            "source": match d.source { DealSource::Entity(_) => "entity", _ => "relation" },
            "name": d.name, "date": d.date, "amount_usd": d.amount_usd, "status": d.status,
            "parties": parties,
            "superseded_by": id(d.superseded_by), "part_of": id(d.part_of),
            "counted": counts_toward_totals(g, d),
            "ended": d.ending.and_then(|e| e.date), "ended_how": d.ending.map(|e| e.how),
        });
        write_json_line(out, &line)?;
    }
    for y in totals_by_year(g, rows) {
        let line = json!({"record": "year", "year": y.year, "total_usd": y.total_usd,
                          "deals": y.deals, "not_counted": y.not_counted});
        write_json_line(out, &line)?;
    }
    Ok(())
}
