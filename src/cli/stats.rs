//! `kgx stats`: the overview of a graph (counts, the kinds each relation type connects, attribute
//! keys, shape, data quality) as text with bars, or as JSON records, one per row of a section.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use serde_json::{Value, json};

use super::output::{write_json_line, write_line};
use crate::analysis::overview::{AttributeStats, Overview, Sample, ValueSummary};
use crate::analysis::{AsOf, AsOfSummary};
use crate::display::as_of_line;
use crate::display::overview::lines;
use crate::graph::{Graph, Loaded};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Graph file; `-` reads standard input. Default: the built-in graph.
    #[arg(value_name = "FILE")]
    pub path: Option<PathBuf>,
    /// One JSON object per line, each with a `section` (summary, kind, relation_type,
    /// attribute, most_connected, isolated, dated_span, quality).
    #[arg(long)]
    pub json: bool,
    /// Text width in columns.
    #[arg(long, default_value_t = 100)]
    pub width: usize,
}

pub(super) fn run(
    args: &Args,
    loaded: &Loaded,
    dated: Option<(&AsOf, &AsOfSummary)>,
    out: &mut impl Write,
) -> anyhow::Result<ExitCode> {
    let g = &loaded.graph;
    let o = Overview::of(g);
    if args.json {
        if let Some((day, s)) = dated {
            write_json_line(
                out,
                &json!({"section": "as_of", "as_of": super::check::as_of_json(day, s)}),
            )?;
        }
        for record in records(&o, g) {
            write_json_line(out, &record)?;
        }
    } else {
        if let Some((day, s)) = dated {
            write_line(out, as_of_line(day, s))?;
        }
        for line in lines(&o, args.width.max(20)) {
            write_line(out, line.text)?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// The overview as JSON records, one per section row, in the order the text shows them.
pub(crate) fn records(o: &Overview, g: &Graph) -> Vec<Value> {
    let ids = |list: &[u32]| -> Vec<&str> { list.iter().map(|&ix| g.entity(ix).id()).collect() };
    let mut out = vec![json!({
        "section": "summary",
        "entities": o.entities,
        "relations": o.relations,
        "sources": o.sources,
        "components": o.components.count,
        "largest_component": o.components.largest,
        "isolated": o.isolated.len(),
    })];
    out.extend(
        o.kinds
            .iter()
            .map(|k| json!({"section": "kind", "kind": k.name, "count": k.count})),
    );
    out.extend(o.relation_types.iter().map(|t| {
        let ends: Vec<Value> = t
            .ends
            .iter()
            .map(|p| json!({"from": p.from, "to": p.to, "count": p.count}))
            .collect();
        json!({"section": "relation_type", "type": t.name, "count": t.count, "ends": ends})
    }));
    for k in &o.attributes {
        out.extend(k.keys.iter().map(|a| attribute(&k.kind, a)));
    }
    out.extend(o.most_connected.iter().map(|c| {
        json!({"section": "most_connected", "id": c.id, "name": c.name, "kind": c.kind,
               "degree": c.degree})
    }));
    out.push(json!({"section": "isolated", "count": o.isolated.len(), "ids": ids(&o.isolated)}));
    if let Some(span) = &o.dated_span {
        let end = |d: &crate::analysis::overview::DatedValue| json!({"id": d.id, "name": d.name, "key": d.key, "date": d.date});
        out.push(
            json!({"section": "dated_span", "first": end(&span.first), "last": end(&span.last)}),
        );
    }
    out.extend(o.quality.iter().map(|row| {
        let mut record = json!({
            "section": "quality",
            "check": row.check.key(),
            "count": row.entities.len(),
            "ids": ids(&row.entities),
        });
        if !row.relations.is_empty() {
            let relations: Vec<Value> = row
                .relations
                .iter()
                .map(|&r| {
                    let r = g.relation(r);
                    json!({"from": r.from().id(), "to": r.to().id(), "type": r.rtype()})
                })
                .collect();
            record["relations"] = json!(relations);
        }
        record
    }));
    out
}

fn attribute(kind: &str, a: &AttributeStats) -> Value {
    let sample = match &a.sample {
        Sample::Null => Value::Null,
        Sample::Bool(b) => json!(b),
        Sample::Int(i) => json!(i),
        Sample::Float(f) => json!(f),
        Sample::Str(s) => json!(s),
    };
    let mut record = json!({"section": "attribute", "kind": kind, "key": a.key, "count": a.count,
                            "sample": sample});
    match &a.values {
        ValueSummary::Numbers { min, median, max } => {
            record["min"] = json!(min);
            record["median"] = json!(median);
            record["max"] = json!(max);
        }
        ValueSummary::Dates { first, last } => {
            record["first"] = json!(first);
            record["last"] = json!(last);
        }
        ValueSummary::Other => {}
    }
    record
}
