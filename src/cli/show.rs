//! `kgx show`: one entity in full, for reading or for scripts.

use std::io::Write;
use std::process::ExitCode;

use serde_json::{Value, json};

use super::output::{write_json_document, write_line};
use crate::display::{deal_brief, format_attr};
use crate::escape::safe_text;
use crate::graph::{AttrValue, Entity, Loaded, Relation};
use crate::search::SearchIndex;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Entity id (or an exact name or alias, or an unambiguous fuzzy name).
    pub id: String,
    /// Print one JSON document instead of text.
    #[arg(long)]
    pub json: bool,
}

pub(super) fn run(args: &Args, loaded: &Loaded, out: &mut impl Write) -> anyhow::Result<ExitCode> {
    let g = &loaded.graph;
    let index = SearchIndex::new(g);
    let ix = super::entity_arg(g, &index, &args.id)?;
    let e = g.entity(ix);
    let undirected = g.is_undirected();
    if args.json {
        write_json_document(out, &entity_json(e, undirected))?;
    } else {
        write_text(out, e, undirected)?;
    }
    Ok(ExitCode::SUCCESS)
}

fn write_text(out: &mut impl Write, e: Entity<'_>, undirected: bool) -> std::io::Result<()> {
    write_line(
        out,
        format_args!(
            "{}  ({}, id {})",
            safe_text(e.name()),
            safe_text(e.kind()),
            safe_text(e.id())
        ),
    )?;
    if e.aliases().len() > 0 {
        let aliases: Vec<_> = e.aliases().map(safe_text).collect();
        write_line(out, format_args!("aliases: {}", aliases.join(", ")))?;
    }
    if e.tags().len() > 0 {
        let tags: Vec<_> = e.tags().map(safe_text).collect();
        write_line(out, format_args!("tags: {}", tags.join(", ")))?;
    }
    if let Some(s) = e.summary() {
        write_line(out, format_args!("\n{}", safe_text(s)))?;
    }
    if e.attrs().len() > 0 {
        write_line(out, format_args!("\nattributes:"))?;
        let width = e.attrs().map(|(k, _)| k.chars().count()).max().unwrap_or(0);
        for (k, v) in e.attrs() {
            write_line(
                out,
                format_args!("  {:width$}  {}", safe_text(k), format_attr(k, &v)),
            )?;
        }
    }
    let sources: Vec<_> = e.sources().collect();
    if !sources.is_empty() {
        write_line(out, format_args!("\nsources:"))?;
        for s in sources {
            let parts: Vec<String> = [s.title(), s.publisher(), s.date(), s.url()]
                .into_iter()
                .flatten()
                .chain(s.urls())
                .map(|p| safe_text(p).into_owned())
                .collect();
            write_line(
                out,
                format_args!("  [{}] {}", safe_text(s.id()), parts.join(" · ")),
            )?;
        }
    }
    for (label, arrow, rels) in relation_sections(e, undirected) {
        if rels.is_empty() {
            continue;
        }
        write_line(out, format_args!("\n{label} ({}):", rels.len()))?;
        for (rtype, group) in group_by_type(&rels) {
            write_line(
                out,
                format_args!("  {} ({})", safe_text(rtype), group.len()),
            )?;
            for r in group {
                let other = r.other(e.ix());
                let brief = deal_brief(&other)
                    .or_else(|| relation_brief(&r))
                    .map(|b| format!("  {b}"))
                    .unwrap_or_default();
                write_line(
                    out,
                    format_args!(
                        "    {arrow} {}  ({}, {}){brief}",
                        safe_text(other.name()),
                        safe_text(other.kind()),
                        safe_text(other.id()),
                    ),
                )?;
            }
        }
    }
    Ok(())
}

/// The relation lists `show` prints, each with its heading and mark: outgoing (`->`) and
/// incoming (`<-`); on an undirected graph one list (`—`) holding every relation once, as the
/// explorer shows it.
fn relation_sections<'g>(
    e: Entity<'g>,
    undirected: bool,
) -> Vec<(&'static str, &'static str, Vec<Relation<'g>>)> {
    if undirected {
        vec![("relations", "—", all_relations(e))]
    } else {
        vec![
            ("outgoing", "->", e.outgoing().collect()),
            ("incoming", "<-", e.incoming().collect()),
        ]
    }
}

/// Every relation of `e` once (a self-loop is both outgoing and incoming).
fn all_relations<'g>(e: Entity<'g>) -> Vec<Relation<'g>> {
    let mut rels: Vec<Relation<'g>> = e.outgoing().collect();
    rels.extend(e.incoming().filter(|r| r.source_ix() != r.target_ix()));
    rels
}

/// Relations grouped by type, types in order of first appearance.
fn group_by_type<'g>(rels: &[Relation<'g>]) -> Vec<(&'g str, Vec<Relation<'g>>)> {
    let mut groups: Vec<(&str, Vec<Relation>)> = Vec::new();
    for r in rels {
        match groups.iter_mut().find(|(t, _)| *t == r.rtype()) {
            Some((_, v)) => v.push(*r),
            None => groups.push((r.rtype(), vec![*r])),
        }
    }
    groups
}

/// Amount, date and status carried by a relation itself, if any.
fn relation_brief(r: &Relation<'_>) -> Option<String> {
    let parts: Vec<String> = ["amount_usd", "date", "status"]
        .iter()
        .filter_map(|k| r.attr(k).map(|v| format_attr(k, &v)))
        .collect();
    (!parts.is_empty()).then(|| parts.join(" · "))
}

pub(crate) fn value_json(v: AttrValue<'_>) -> Value {
    match v {
        AttrValue::Null => Value::Null,
        AttrValue::Bool(b) => json!(b),
        AttrValue::Int(i) => json!(i),
        AttrValue::Float(f) => json!(f),
        AttrValue::Str(s) => json!(s),
    }
}

fn attrs_json<'g>(attrs: impl Iterator<Item = (&'g str, AttrValue<'g>)>) -> Value {
    Value::Object(attrs.map(|(k, v)| (k.to_string(), value_json(v))).collect())
}

/// One entity as JSON. `"directed"` says how to read its relations: `outgoing` and `incoming`
/// on a directed graph, one `relations` list (each once) on an undirected one.
fn entity_json(e: Entity<'_>, undirected: bool) -> Value {
    let rel = |r: Relation<'_>| {
        let other = r.other(e.ix());
        json!({"type": r.rtype(), "id": other.id(), "name": other.name(), "kind": other.kind(),
               "attrs": attrs_json(r.attrs())})
    };
    let mut doc = json!({
        "id": e.id(), "kind": e.kind(), "name": e.name(),
        "aliases": e.aliases().collect::<Vec<_>>(),
        "summary": e.summary(),
        "attrs": attrs_json(e.attrs()),
        "tags": e.tags().collect::<Vec<_>>(),
        "sources": e.sources().map(|s| json!({"id": s.id(), "title": s.title(),
            "publisher": s.publisher(), "date": s.date(), "url": s.url(),
            "urls": s.urls().collect::<Vec<_>>()})).collect::<Vec<_>>(),
        "directed": !undirected,
    });
    if undirected {
        doc["relations"] = all_relations(e).into_iter().map(rel).collect();
    } else {
        doc["outgoing"] = e.outgoing().map(rel).collect();
        doc["incoming"] = e.incoming().map(rel).collect();
    }
    doc
}
