//! `kgx check`: validate a graph and summarise what it holds.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use super::output::write_line;
use crate::analysis::{AsOf, AsOfSummary};
use crate::display::{as_of_line, format_count};
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
    as_of: Option<&AsOf>,
    out: &mut impl Write,
) -> anyhow::Result<ExitCode> {
    let opts = LoadOptions {
        strict: args.strict,
        ..opts
    };
    let mut loaded = super::load(path, opts)?;
    let dated = as_of.map(|day| {
        let (graph, summary) = day.view(&loaded.graph);
        loaded.graph = graph;
        (day, summary)
    });
    let g = &loaded.graph;
    let kinds = kind_counts(g);
    if args.json {
        return write_json(out, path, &loaded, &kinds, dated.as_ref());
    }
    write_line(
        out,
        format_args!(
            "{}: {}: valid: {} entities, {} relations, {} sources{}{}",
            safe_text(&super::origin_name(path)),
            loaded.format.name,
            format_count(g.visible_entity_count()),
            format_count(g.visible_relation_count()),
            format_count(g.source_count()),
            match unresolved_count(&kinds) {
                0 => String::new(),
                n => format!(", {} unresolved (stubs)", format_count(n)),
            },
            match loaded.warning_total {
                0 => String::new(),
                n => format!(", {n} warning{}", if n == 1 { "" } else { "s" }),
            }
        ),
    )?;
    if let Some((day, summary)) = &dated {
        write_line(out, as_of_line(day, summary))?;
    }
    write_counts(out, "entities by kind", &kinds)?;
    write_counts(out, "relations by type", &type_counts(g))?;
    // The process ends next: the system takes the graph's memory back at once, faster than
    // freeing it piece by piece first.
    std::mem::forget(loaded);
    Ok(ExitCode::SUCCESS)
}

fn write_json(
    out: &mut impl Write,
    path: Option<&Path>,
    loaded: &crate::graph::Loaded,
    kinds: &[(String, usize)],
    dated: Option<&(&AsOf, AsOfSummary)>,
) -> anyhow::Result<ExitCode> {
    let g = &loaded.graph;
    let counts = |c: &[(String, usize)]| {
        serde_json::Value::Object(c.iter().map(|(k, n)| (k.clone(), (*n).into())).collect())
    };
    let unresolved = unresolved_count(kinds);
    let mut summary = serde_json::json!({
        "file": super::origin_name(path),
        "format": loaded.format.format.key(),
        "shape": loaded.format.name,
        "valid": true,
        "entities": g.visible_entity_count(),
        "relations": g.visible_relation_count(),
        "sources": g.source_count(),
        "unresolved": unresolved,
        "warnings": loaded.warning_total,
        "kinds": counts(kinds),
        "types": counts(&type_counts(g)),
    });
    if let Some((day, s)) = dated {
        summary["as_of"] = as_of_json(day, s);
    }
    super::output::write_json_line(out, &summary)?;
    Ok(ExitCode::SUCCESS)
}

/// What `--as-of` hid and kept, as the JSON of `kgx check` and `kgx stats`.
pub(super) fn as_of_json(day: &AsOf, s: &AsOfSummary) -> serde_json::Value {
    serde_json::json!({
        "date": day.day(),
        "hidden_entities": s.hidden_entities,
        "hidden_relations": s.hidden_relations,
        "undated_entities": s.undated_entities,
        "undated_relations": s.undated_relations,
        "endings_undone": s.endings_undone,
        "valuations_dated": s.valuations_dated,
        "hidden_sources": s.hidden_sources,
    })
}

/// Entities made for relation ends outside the file, from the counts by kind.
fn unresolved_count(kinds: &[(String, usize)]) -> usize {
    kinds
        .iter()
        .find(|(k, _)| k == crate::graph::STUB_KIND)
        .map_or(0, |(_, n)| *n)
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
/// A counter per interned kind, so a million entities cost an index each, not a string hash
/// each (which was most of `kgx check`'s time after the load).
fn kind_counts(g: &Graph) -> Vec<(String, usize)> {
    counts_by_number(
        g.name_counts().0,
        g.entity_ixs().map(|ix| g.kind_number(ix)),
        |k| g.kind_name(k),
    )
}

/// Relations per type, most common first.
fn type_counts(g: &Graph) -> Vec<(String, usize)> {
    counts_by_number(
        g.name_counts().1,
        g.relation_ixs().map(|r| g.relation_type_number(r)),
        |t| g.relation_type_name(t),
    )
}

/// How often each of `names` interned numbers occurs in `numbers`, by name, most common first.
fn counts_by_number<'g>(
    names: usize,
    numbers: impl Iterator<Item = u32>,
    name: impl Fn(u32) -> &'g str,
) -> Vec<(String, usize)> {
    let mut counts = vec![0; names];
    for n in numbers {
        counts[n as usize] += 1;
    }
    sorted(counts.iter().enumerate().map(|(n, &c)| (name(n as u32), c)))
}

/// The names with at least one visible record, most common first, then by name. Interned
/// names are distinct, so each name appears once.
fn sorted<'g>(counts: impl Iterator<Item = (&'g str, usize)>) -> Vec<(String, usize)> {
    let mut v: Vec<(String, usize)> = counts
        .filter(|&(_, n)| n > 0)
        .map(|(k, n)| (k.to_string(), n))
        .collect();
    v.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    v
}
