//! The only way the subcommands write to standard output: [`write_json_line`] and
//! [`write_json_document`] for `--json`, [`write_line`] and [`write_lines`] for text. Every byte
//! goes through [`safe_json`] or [`safe_text`] here, so a subcommand cannot forget to escape a
//! string from the data (an id with a C1 control or a bidi override stays a visible escape).
//!
//! JSON numbers are written as serde_json writes them, except negative zero: an empty sum of
//! `f64` is `-0.0` in Rust, and `"out_usd": -0.0` means nothing to a reader, so it is `0.0`.
//!
//! What this module does not do: decide what a line says or how columns line up. Subcommands
//! still escape each field before padding it (so alignment counts the escaped width); the pass
//! here is the guarantee, and it leaves already escaped text unchanged.

use std::fmt::Display;
use std::io::{self, Write};

use serde::Serialize;
use serde_json::Value;

use crate::escape::{safe_json, safe_text};

/// `value` as one line of compact JSON.
pub(crate) fn write_json_line(out: &mut impl Write, value: &impl Serialize) -> io::Result<()> {
    let text = serde_json::to_string(&normalised(value)?).map_err(io::Error::other)?;
    writeln!(out, "{}", safe_json(&text))
}

/// `value` as one indented JSON document (`kgx show --json`).
pub(crate) fn write_json_document(out: &mut impl Write, value: &impl Serialize) -> io::Result<()> {
    let text = serde_json::to_string_pretty(&normalised(value)?).map_err(io::Error::other)?;
    writeln!(out, "{}", safe_json(&text))
}

/// `text` and a line end. A `\n` in `text` starts a new line (a subcommand's own layout); every
/// other unsafe character is shown as an escape.
pub(crate) fn write_line(out: &mut impl Write, text: impl Display) -> io::Result<()> {
    let text = text.to_string();
    let mut lines = text.split('\n');
    if let Some(first) = lines.next() {
        out.write_all(safe_text(first).as_bytes())?;
    }
    for line in lines {
        out.write_all(b"\n")?;
        out.write_all(safe_text(line).as_bytes())?;
    }
    out.write_all(b"\n")
}

/// Text of many lines (an export shown on a terminal): each line escaped and ended with `\n`,
/// a CRLF line end (CSV's) shown as a plain one.
pub(crate) fn write_lines(out: &mut impl Write, text: &str) -> io::Result<()> {
    let mut shown = String::with_capacity(text.len());
    for line in text.lines() {
        shown.push_str(&safe_text(line));
        shown.push('\n');
    }
    out.write_all(shown.as_bytes())
}

/// `value` as a JSON tree with every negative zero made positive.
fn normalised(value: &impl Serialize) -> io::Result<Value> {
    let mut value = serde_json::to_value(value).map_err(io::Error::other)?;
    positive_zero(&mut value);
    Ok(value)
}

fn positive_zero(value: &mut Value) {
    match value {
        Value::Number(n) if n.is_f64() && n.as_f64() == Some(0.0) => *value = Value::from(0.0),
        Value::Array(items) => items.iter_mut().for_each(positive_zero),
        Value::Object(fields) => fields.values_mut().for_each(positive_zero),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn json_line(value: &Value) -> String {
        let mut out = Vec::new();
        write_json_line(&mut out, value).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn json_lines_escape_c1_and_bidi_and_decode_back() {
        let id = "a\u{9b}b\u{202e}c\u{1b}d\u{85}\u{2066}";
        let line = json_line(&json!({"id": id}));
        assert!(
            !line.trim_end().chars().any(crate::escape::is_unsafe_char),
            "{line}"
        );
        let back: Value = serde_json::from_str(&line).unwrap();
        assert_eq!(back["id"], id);
    }

    #[test]
    fn negative_zero_is_written_as_zero() {
        let line = json_line(&json!({"a": -0.0, "b": [{"c": -0.0}], "d": 0, "e": -1.5}));
        assert_eq!(line, "{\"a\":0.0,\"b\":[{\"c\":0.0}],\"d\":0,\"e\":-1.5}\n");
        let empty: f64 = std::iter::empty::<f64>().sum();
        assert!(json_line(&json!({"x": empty})).contains("\"x\":0.0"));
    }

    #[test]
    fn a_document_is_indented_and_escaped() {
        let mut out = Vec::new();
        write_json_document(&mut out, &json!({"n": "x\u{202e}"})).unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "{\n  \"n\": \"x\\u202e\"\n}\n"
        );
    }

    #[test]
    fn text_lines_keep_layout_breaks_and_escape_the_rest() {
        let mut out = Vec::new();
        write_line(&mut out, "\nname \u{1b}[31m\u{9b}\u{202e}").unwrap();
        write_line(&mut out, "").unwrap();
        write_line(&mut out, "already \\x1b escaped").unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "\nname \\x1b[31m\\x9b\\u{202e}\n\nalready \\x1b escaped\n"
        );
    }

    #[test]
    fn terminal_output_escapes_control_characters() {
        let mut out = Vec::new();
        write_lines(&mut out, "id,name\r\nx,\"Evil \x1b[31m\u{202e}\"\r\n").unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "id,name\nx,\"Evil \\x1b[31m\\u{202e}\"\n"
        );
    }
}
