//! `kgx check`: validate a graph and summarise what it holds.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use super::output::write_line;
use crate::display::format_count;
use crate::escape::safe_text;
use crate::graph::{Graph, LoadOptions};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Graph file to check; `-` reads standard input. Default: the built-in graph.
    #[arg(value_name = "FILE")]
    pub path: Option<PathBuf>,
    /// Treat unknown fields as errors instead of ignoring them.
    #[arg(long)]
    pub strict: bool,
    /// Print the summary as one JSON object (with the detected format).
    #[arg(long)]
    pub json: bool,
}

pub(super) fn run(
    args: &Args,
    path: Option<&Path>,
    opts: LoadOptions,
    out: &mut impl Write,
) -> anyhow::Result<ExitCode> {
    let opts = LoadOptions {
        strict: args.strict,
        ..opts
    };
    let loaded = super::load(path, opts)?;
    let g = &loaded.graph;
    if args.json {
        return write_json(out, path, &loaded);
    }
    write_line(
        out,
        format_args!(
            "{}: {}: valid: {} entities, {} relations, {} sources{}{}",
            safe_text(&super::origin_name(path)),
            loaded.format.name,
            format_count(g.entity_count()),
            format_count(g.relation_count()),
            format_count(g.source_count()),
            match unresolved_count(g) {
                0 => String::new(),
                n => format!(", {} unresolved (stubs)", format_count(n)),
            },
            match loaded.warning_total {
                0 => String::new(),
                n => format!(", {n} warning{}", if n == 1 { "" } else { "s" }),
            }
        ),
    )?;
    write_counts(out, "entities by kind", &kind_counts(g))?;
    write_counts(out, "relations by type", &type_counts(g))?;
    Ok(ExitCode::SUCCESS)
}

fn write_json(
    out: &mut impl Write,
    path: Option<&Path>,
    loaded: &crate::graph::Loaded,
) -> anyhow::Result<ExitCode> {
    let g = &loaded.graph;
    let counts = |c: Vec<(String, usize)>| {
        serde_json::Value::Object(c.into_iter().map(|(k, n)| (k, n.into())).collect())
    };
    let unresolved = unresolved_count(g);
    let summary = serde_json::json!({
        "file": super::origin_name(path),
        "format": loaded.format.format.key(),
        "shape": loaded.format.name,
        "valid": true,
        "entities": g.entity_count(),
        "relations": g.relation_count(),
        "sources": g.source_count(),
        "unresolved": unresolved,
        "warnings": loaded.warning_total,
        "kinds": counts(kind_counts(g)),
        "types": counts(type_counts(g)),
    });
    super::output::write_json_line(out, &summary)?;
    Ok(ExitCode::SUCCESS)
}

/// Entities made for relation ends outside the file.
fn unresolved_count(g: &Graph) -> usize {
    g.entities()
        .filter(|e| e.kind() == crate::graph::STUB_KIND)
        .count()
}

fn write_counts(
    out: &mut impl Write,
    title: &str,
    counts: &[(String, usize)],
) -> std::io::Result<()> {
    write_line(out, format_args!("{title}:"))?;
    let width = counts
        .iter()
        .map(|(k, _)| k.chars().count())
        .max()
        .unwrap_or(0);
    for (k, n) in counts {
        write_line(
            out,
            format_args!("  {:width$}  {:>7}", safe_text(k), format_count(*n)),
        )?;
    }
    Ok(())
}

/// Entities per kind, most common first.
fn kind_counts(g: &Graph) -> Vec<(String, usize)> {
    let mut counts = std::collections::HashMap::<&str, usize>::new();
    for e in g.entities() {
        *counts.entry(e.kind()).or_default() += 1;
    }
    sorted(counts)
}

/// Relations per type, most common first.
fn type_counts(g: &Graph) -> Vec<(String, usize)> {
    let mut counts = std::collections::HashMap::<&str, usize>::new();
    for r in g.relations() {
        *counts.entry(r.rtype()).or_default() += 1;
    }
    sorted(counts)
}

fn sorted(counts: std::collections::HashMap<&str, usize>) -> Vec<(String, usize)> {
    let mut v: Vec<(String, usize)> = counts
        .into_iter()
        .map(|(k, n)| (k.to_string(), n))
        .collect();
    v.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    v
}
