//! `kgx compare A B`: two entities side by side: attributes, shared partners with each one's
//! deals, the deals between them, the shortest paths and the money rings both take part in.

use std::io::Write;
use std::process::ExitCode;

use serde_json::{Value, json};

use super::cycles::{ring_json, write_ring};
use super::output::{write_json_document, write_line};
use super::partners::{deal_line, partner_json, partner_name, partner_summary};
use super::path::{format_chain, path_json};
use super::show::value_json;
use crate::analysis::{Comparison, Inference, MoneyGraph, compare};
use crate::display::format_attr;
use crate::escape::safe_text;
use crate::graph::{Graph, Loaded};
use crate::search::SearchIndex;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The first entity (an id or a name).
    pub a: String,
    /// The second entity.
    pub b: String,
    /// One indented JSON document.
    #[arg(long)]
    pub json: bool,
}

pub(super) fn run(args: &Args, loaded: &Loaded, out: &mut impl Write) -> anyhow::Result<ExitCode> {
    let g = &loaded.graph;
    let index = SearchIndex::new(g);
    let a = super::entity_arg(g, &index, &args.a)?;
    let b = super::entity_arg(g, &index, &args.b)?;
    let money = MoneyGraph::new(g, Inference::Include);
    let c = compare(g, &money, a, b);
    if args.json {
        write_json_document(out, &comparison_json(g, &money, &c))?;
    } else {
        write_text(out, g, &money, &c)?;
    }
    Ok(ExitCode::SUCCESS)
}

fn write_text(
    out: &mut impl Write,
    g: &Graph,
    money: &MoneyGraph,
    c: &Comparison<'_>,
) -> std::io::Result<()> {
    let (ea, eb) = (g.entity(c.a), g.entity(c.b));
    let (na, nb) = (safe_text(ea.name()), safe_text(eb.name()));
    write_line(
        out,
        format_args!("{na} ({})  vs  {nb} ({})", ea.kind(), eb.kind()),
    )?;
    write_line(out, "")?;
    write_line(out, "attributes")?;
    if c.attributes.is_empty() {
        write_line(out, "  (neither has attributes)")?;
    }
    let shown = |k: &str, v: Option<crate::graph::AttrValue<'_>>| {
        v.map_or("-".to_string(), |v| format_attr(k, &v))
    };
    let width = c
        .attributes
        .iter()
        .map(|(k, _, _)| k.len())
        .max()
        .unwrap_or(0);
    let left = c
        .attributes
        .iter()
        .map(|(k, v, _)| shown(k, *v).chars().count())
        .max()
        .unwrap_or(0)
        .min(40);
    for (k, va, vb) in &c.attributes {
        write_line(
            out,
            format_args!(
                "  {:<width$}  {:<left$}  {}",
                safe_text(k),
                shown(k, *va),
                shown(k, *vb)
            ),
        )?;
    }
    write_line(out, "")?;
    write_line(out, format_args!("shared partners ({})", c.shared.len()))?;
    for s in &c.shared {
        write_line(out, format_args!("  {}", partner_name(g, &s.of_a)))?;
        for (name, p) in [(&na, &s.of_a), (&nb, &s.of_b)] {
            write_line(out, format_args!("    {name}: {}", partner_summary(p)))?;
            for &d in &p.deals {
                write_line(out, format_args!("      {}", deal_line(g, d)))?;
            }
        }
    }
    write_line(out, "")?;
    match &c.between {
        Some(p) => {
            write_line(out, format_args!("between them: {}", partner_summary(p)))?;
            for &d in &p.deals {
                write_line(out, format_args!("  {}", deal_line(g, d)))?;
            }
        }
        None => write_line(out, "between them: no deal or relation")?,
    }
    write_line(out, "")?;
    write_line(out, format_args!("shortest paths ({})", c.paths.len()))?;
    for p in &c.paths {
        write_line(out, format_args!("  {}", format_chain(g, p)))?;
    }
    write_line(out, "")?;
    write_line(out, format_args!("rings with both ({})", c.rings.len()))?;
    for (n, ring) in c.rings.iter().enumerate() {
        write_ring(out, g, money, n + 1, ring)?;
    }
    Ok(())
}

fn comparison_json(g: &Graph, money: &MoneyGraph, c: &Comparison<'_>) -> Value {
    let entity = |e| {
        let e = g.entity(e);
        json!({"id": e.id(), "name": e.name(), "kind": e.kind()})
    };
    let attributes: Vec<Value> = c
        .attributes
        .iter()
        .map(|(k, a, b)| json!({"key": k, "a": a.map(value_json), "b": b.map(value_json)}))
        .collect();
    let shared: Vec<Value> = c
        .shared
        .iter()
        .map(|s| {
            json!({"id": g.entity(s.of_a.party).id(), "name": partner_name(g, &s.of_a),
                   "a": partner_json(g, c.a, &s.of_a), "b": partner_json(g, c.b, &s.of_b)})
        })
        .collect();
    json!({"record": "comparison", "a": entity(c.a), "b": entity(c.b),
           "attributes": attributes, "shared_partners": shared,
           "between": c.between.as_ref().map(|p| partner_json(g, c.a, p)),
           "paths": c.paths.iter().map(|p| path_json(g, p)).collect::<Vec<_>>(),
           "rings": c.rings.iter().map(|r| ring_json(g, money, r)).collect::<Vec<_>>()})
}
