//! `kgx path`: how two entities are connected, as readable chains or JSON lines.

use std::io::Write;
use std::process::ExitCode;

use serde_json::json;

use super::entity_arg;
use super::output::{write_json_line, write_line};
use crate::analysis::{Path, PathQuery, paths};
use crate::escape::safe_text;
use crate::graph::{Graph, Loaded};
use crate::search::SearchIndex;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Where the path starts: an id, a name or alias, or an unambiguous fuzzy name.
    pub from: String,
    /// Where the path ends.
    pub to: String,
    /// Follow relations only in their direction (from → to).
    #[arg(long)]
    pub directed: bool,
    /// Show up to this many distinct paths, shortest first.
    #[arg(long, default_value_t = 3, value_name = "N")]
    pub max: usize,
    /// Only paths going through at least one entity of this kind (`cloud`, `deal`, ...).
    #[arg(long, value_name = "KIND")]
    pub via_kind: Option<String>,
    /// Never go through this entity (repeatable).
    #[arg(long, value_name = "ID")]
    pub avoid: Vec<String>,
    /// One JSON object per path, one per line.
    #[arg(long)]
    pub json: bool,
}

pub(super) fn run(args: &Args, loaded: &Loaded, out: &mut impl Write) -> anyhow::Result<ExitCode> {
    let g = &loaded.graph;
    let index = SearchIndex::new(g);
    let from = entity_arg(g, &index, &args.from)?;
    let to = entity_arg(g, &index, &args.to)?;
    let mut avoid = Vec::new();
    for a in &args.avoid {
        let ix = entity_arg(g, &index, a)?;
        if ix == from || ix == to {
            anyhow::bail!(
                "cannot avoid '{}': it is an end of the path",
                safe_text(g.entity(ix).id())
            );
        }
        avoid.push(ix);
    }
    let query = PathQuery {
        from,
        to,
        directed: args.directed,
        max: args.max,
        via_kind: args.via_kind.clone(),
        avoid,
    };
    let found = paths(g, &query).map_err(|e| anyhow::anyhow!("{}", safe_text(&e.to_string())))?;
    if found.is_empty() {
        anyhow::bail!(
            "no path from '{}' to '{}'{}",
            safe_text(g.entity(from).id()),
            safe_text(g.entity(to).id()),
            if args.directed || args.via_kind.is_some() || !args.avoid.is_empty() {
                " with these constraints"
            } else {
                ""
            }
        );
    }
    for p in &found {
        if args.json {
            write_json_line(out, &path_json(g, p))?;
        } else {
            write_line(out, format_chain(g, p))?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// `Amazon -operates-> AWS -provider-> AWS-OpenAI deal <-customer- OpenAI`, terminal-safe.
pub(crate) fn format_chain(g: &Graph, path: &Path) -> String {
    crate::display::format_path(g, path)
}

pub(crate) fn path_json(g: &Graph, path: &Path) -> serde_json::Value {
    let nodes: Vec<_> = path
        .nodes
        .iter()
        .map(|&n| {
            let e = g.entity(n);
            json!({"id": e.id(), "name": e.name(), "kind": e.kind()})
        })
        .collect();
    // On an undirected graph a step has no direction to give (`"directed": false`).
    let directed = !g.is_undirected();
    let steps: Vec<_> = path
        .steps
        .iter()
        .map(|s| {
            let r = g.relation(s.relation);
            let mut step = json!({"type": r.rtype(), "from": r.from().id(), "to": r.to().id()});
            if directed {
                step["direction"] = json!(if s.forward { "forward" } else { "backward" });
            }
            step
        })
        .collect();
    json!({"length": path.len(), "directed": directed, "nodes": nodes, "steps": steps})
}
