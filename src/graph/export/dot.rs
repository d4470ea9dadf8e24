//! Graphviz DOT: one box per entity labelled with its name and kind, one labelled edge per
//! relation. Renders with `dot -Tsvg`.

use std::io::{self, Write};

use super::Subgraph;
use crate::escape::{is_unsafe_char, safe_text};
use crate::graph::Graph;

/// Writes `sub` as a `digraph`. Node ids are the entity ids, quoted.
pub(crate) fn write_dot(g: &Graph, sub: &Subgraph, out: &mut impl Write) -> io::Result<()> {
    writeln!(out, "digraph kgx {{")?;
    writeln!(out, "  rankdir=LR;")?;
    writeln!(out, "  node [shape=box, style=rounded];")?;
    for ix in sub.entities(g) {
        let e = g.entity(ix);
        writeln!(
            out,
            "  {} [label=\"{}\\n({})\"];",
            dot_id(e.id()),
            label_text(e.name()),
            label_text(e.kind())
        )?;
    }
    for &r in sub.relations() {
        let r = g.relation(r);
        writeln!(
            out,
            "  {} -> {} [label=\"{}\"];",
            dot_id(r.from().id()),
            dot_id(r.to().id()),
            label_text(r.rtype())
        )?;
    }
    writeln!(out, "}}")
}

/// A quoted DOT id. Inside quotes DOT only unescapes `\"`, and `\\` keeps a trailing backslash
/// from eating the closing quote; control and bidi characters are written as `\xNN`/`\u{..}`
/// (after doubling real backslashes, so two different ids never become the same).
pub(crate) fn dot_id(id: &str) -> String {
    let mut out = String::with_capacity(id.len() + 2);
    out.push('"');
    for c in id.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if is_unsafe_char(c) => out.push_str(&safe_text(c.encode_utf8(&mut [0; 4]))),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Text for inside a quoted label: control characters made visible first (`\x1b` as text), then
/// DOT's escapes (`\\` draws a backslash, `\"` a quote), so nothing in the data can start a
/// label escape such as `\N` or `\l`.
pub(crate) fn label_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in safe_text(s).chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c => out.push(c),
        }
    }
    out
}
