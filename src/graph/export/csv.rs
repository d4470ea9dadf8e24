//! CSV (RFC 4180): one table of entities, one of relations. Lists (aliases, tags, sources) are
//! joined with `; `; each attribute key found gets its own column, in order of first appearance.

use std::io::{self, Write};

use super::Subgraph;
use crate::graph::{AttrValue, Graph};

const ENTITY_COLUMNS: &[&str] = &[
    "id", "kind", "name", "summary", "aliases", "tags", "sources",
];
const RELATION_COLUMNS: &[&str] = &["from", "to", "type", "sources"];

/// Writes the entities table: fixed columns, then one per attribute key (named `attr.KEY` when
/// the key is also a fixed column's name).
pub(crate) fn write_entities_csv(
    g: &Graph,
    sub: &Subgraph,
    out: &mut impl Write,
) -> io::Result<()> {
    let keys = attr_keys(
        sub.entities(g)
            .flat_map(|e| g.entity(e).attrs().map(|(k, _)| k)),
    );
    write_header(out, ENTITY_COLUMNS, &keys)?;
    for ix in sub.entities(g) {
        let e = g.entity(ix);
        let fixed = [
            e.id().to_string(),
            e.kind().to_string(),
            e.name().to_string(),
            e.summary().unwrap_or_default().to_string(),
            e.aliases().collect::<Vec<_>>().join("; "),
            e.tags().collect::<Vec<_>>().join("; "),
            e.sources().map(|s| s.id()).collect::<Vec<_>>().join("; "),
        ];
        write_row(out, &fixed, &keys, |k| e.attr(k))?;
    }
    Ok(())
}

/// Writes the relations table: `from`, `to` (entity ids), `type`, `sources`, then attributes.
pub(crate) fn write_relations_csv(
    g: &Graph,
    sub: &Subgraph,
    out: &mut impl Write,
) -> io::Result<()> {
    let rels = || sub.relations().iter().map(|&r| g.relation(r));
    let keys = attr_keys(rels().flat_map(|r| r.attrs().map(|(k, _)| k)));
    write_header(out, RELATION_COLUMNS, &keys)?;
    for r in rels() {
        let fixed = [
            r.from().id().to_string(),
            r.to().id().to_string(),
            r.rtype().to_string(),
            r.sources().map(|s| s.id()).collect::<Vec<_>>().join("; "),
        ];
        write_row(out, &fixed, &keys, |k| r.attr(k))?;
    }
    Ok(())
}

fn attr_keys<'g>(keys: impl Iterator<Item = &'g str>) -> Vec<&'g str> {
    let mut seen = std::collections::HashSet::new();
    keys.filter(|k| seen.insert(*k)).collect()
}

fn write_header(out: &mut impl Write, fixed: &[&str], keys: &[&str]) -> io::Result<()> {
    let attr_columns = keys.iter().map(|k| {
        if fixed.contains(k) {
            format!("attr.{k}")
        } else {
            k.to_string()
        }
    });
    let header: Vec<String> = fixed
        .iter()
        .map(|c| c.to_string())
        .chain(attr_columns)
        .collect();
    write_record(out, &header)
}

fn write_row<'g>(
    out: &mut impl Write,
    fixed: &[String],
    keys: &[&str],
    attr: impl Fn(&str) -> Option<AttrValue<'g>>,
) -> io::Result<()> {
    let attrs = keys.iter().map(|k| match attr(k) {
        None | Some(AttrValue::Null) => String::new(),
        Some(AttrValue::Bool(b)) => b.to_string(),
        Some(AttrValue::Int(i)) => i.to_string(),
        Some(AttrValue::Float(f)) => f.to_string(),
        Some(AttrValue::Str(s)) => s.to_string(),
    });
    let row: Vec<String> = fixed.iter().cloned().chain(attrs).collect();
    write_record(out, &row)
}

/// One record, CRLF-terminated as RFC 4180 says.
fn write_record(out: &mut impl Write, fields: &[String]) -> io::Result<()> {
    for (i, f) in fields.iter().enumerate() {
        if i > 0 {
            out.write_all(b",")?;
        }
        out.write_all(field(f).as_bytes())?;
    }
    out.write_all(b"\r\n")
}

/// A field, quoted when it holds a comma, a quote or a line break (quotes doubled).
pub(crate) fn field(s: &str) -> std::borrow::Cow<'_, str> {
    if s.contains([',', '"', '\r', '\n']) {
        format!("\"{}\"", s.replace('"', "\"\"")).into()
    } else {
        s.into()
    }
}
