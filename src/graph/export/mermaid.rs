//! Mermaid flowcharts (`graph LR`): entities as boxes `n0["Name (kind)"]`, relations as
//! labelled arrows.

use std::io::{self, Write};

use super::Subgraph;
use crate::escape::safe_text;
use crate::graph::Graph;

/// Writes `sub` as a Mermaid `graph LR`. Entity ids are replaced by `n0`, `n1`, ... in export
/// order, because Mermaid ids allow only a few characters (and `end` is a keyword); the name
/// and kind go in the label.
pub(crate) fn write_mermaid(g: &Graph, sub: &Subgraph, out: &mut impl Write) -> io::Result<()> {
    writeln!(out, "graph LR")?;
    let mut node_id = std::collections::HashMap::new();
    for (n, ix) in sub.entities(g).enumerate() {
        let e = g.entity(ix);
        node_id.insert(ix, n);
        writeln!(
            out,
            "  n{n}[\"{} ({})\"]",
            label_text(e.name()),
            label_text(e.kind())
        )?;
    }
    for &r in sub.relations() {
        let r = g.relation(r);
        writeln!(
            out,
            "  n{} -->|\"{}\"| n{}",
            node_id[&r.source_ix()],
            label_text(r.rtype()),
            node_id[&r.target_ix()]
        )?;
    }
    Ok(())
}

/// Text for inside a quoted Mermaid label: control characters made visible, and the characters
/// Mermaid would read as syntax or HTML written as its entity codes (`#34;` for `"`).
pub(crate) fn label_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in safe_text(s).chars() {
        match c {
            '"' | '#' | '&' | '<' | '>' | '|' | '`' => out.push_str(&format!("#{};", c as u32)),
            c => out.push(c),
        }
    }
    out
}
