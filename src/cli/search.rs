//! `kgx search`: fuzzy search from a script, as plain columns or JSON lines.

use std::io::Write;
use std::process::ExitCode;

use serde_json::json;

use super::output::{write_json_line, write_line};
use crate::display::format_attr;
use crate::escape::safe_text;
use crate::graph::{Graph, Loaded};
use crate::search::{
    KindFilter, MatchedKey, SearchIndex, Searcher, Subject, fold, resolve_filters, resolve_kind,
};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The query: fuzzy terms separated by spaces; 'exact ^prefix suffix$ !not @kind, and
    /// filters: amount>10b year:2025 date>=2025-06 status:signed party:openai has:amount
    /// attr:term_years>5, each negatable with `!`.
    pub query: String,
    /// More of the query (usually filters), joined to QUERY.
    #[arg(long = "where", value_name = "QUERY")]
    pub where_query: Option<String>,
    /// Only entities of this kind (`company`, `chip`, `cloud`, `deal`, `other`, or any kind).
    #[arg(long)]
    pub kind: Option<String>,
    /// At most this many results.
    #[arg(long, default_value_t = 20)]
    pub limit: usize,
    /// One JSON object per line: id, kind, name, score, the matched alias if any, and the value a
    /// filter matched (`"matched": {"key": "amount_usd", "value": 250000000000}`).
    #[arg(long)]
    pub json: bool,
}

/// A kind typed on the command line (`--kind`, `@kind`) resolved against the graph, or the usage
/// error (exit 2) naming the kinds there are.
fn kind_arg(g: &Graph, typed: &str) -> Result<String, super::UsageError> {
    resolve_kind(g, typed).map_err(|e| super::UsageError(e.to_string()))
}

pub(super) fn run(args: &Args, loaded: &Loaded, out: &mut impl Write) -> anyhow::Result<ExitCode> {
    let g = &loaded.graph;
    // Shared, so that the hits past `--limit` are never ranked (`Searcher::search_ranked`).
    let index = std::sync::Arc::new(SearchIndex::new(g));
    let mut searcher = Searcher::new();
    // `--kind` reads a kind as `@kind` does: folded, plurals, prefixes (`--kind us` → User).
    let filter = match args.kind.as_deref() {
        None | Some("all") => KindFilter::All,
        Some("other") => KindFilter::Other,
        Some(typed) => KindFilter::Kind(kind_arg(g, typed)?),
    };
    let text = match &args.where_query {
        Some(more) => format!("{} {more}", args.query),
        None => args.query.clone(),
    };
    let mut query = super::query_arg(&text)?;
    let filters = resolve_filters(g, &index, &query).map_err(super::query_error)?;
    for kind in &mut query.kinds {
        *kind = fold(&kind_arg(g, kind)?);
    }
    let hits = searcher.search_ranked(g, &index, &query, &filter);
    for hit in hits.iter().take(args.limit) {
        let e = g.entity(hit.entity);
        let alias = match hit.key {
            MatchedKey::Alias(a) => e.aliases().nth(a as usize),
            _ => None,
        };
        let matched = filters.matched_value(g, Subject::Entity(hit.entity));
        if args.json {
            let mut obj =
                json!({"id": e.id(), "kind": e.kind(), "name": e.name(), "score": hit.score});
            if let Some(a) = alias {
                obj["alias"] = json!(a);
            }
            if let Some(m) = &matched {
                obj["matched"] = json!({"key": m.key, "value": super::show::value_json(m.value)});
            }
            write_json_line(out, &obj)?;
        } else {
            let alias = alias
                .map(|a| format!("  ({})", safe_text(a)))
                .unwrap_or_default();
            let matched = matched
                .map(|m| format!("  [{}]", safe_text(&format_attr(m.key, &m.value))))
                .unwrap_or_default();
            write_line(
                out,
                format_args!(
                    "{:<10} {:<32} {}{}{}",
                    safe_text(e.kind()),
                    safe_text(e.id()),
                    safe_text(e.name()),
                    alias,
                    matched
                ),
            )?;
        }
    }
    Ok(if hits.is_empty() {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}
