//! How graph values are shown to a person: terminal-safe text and the formatting of money,
//! numbers and attribute values. Every output path (CLI, TUI, error messages) goes through here.
//!
//! Graph files are untrusted: a name may carry an escape sequence that retitles the window,
//! rewrites the clipboard (OSC 52) or moves the cursor. [`safe_text`] shows such characters as
//! visible escapes (`\x1b`) instead of sending them to the terminal.

use std::borrow::Cow;
use std::fmt::Write as _;

use crate::graph::AttrValue;

/// True for characters that must never reach a terminal as they are: C0 and C1 controls, DEL,
/// and the bidirectional overrides and isolates that can reorder what a line appears to say.
pub fn is_unsafe_char(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{061C}'
        )
}

/// `s` with every unsafe character replaced by a visible escape: `\x1b`, `\u{202e}`, `\n`, `\t`.
/// Borrows when there is nothing to escape (the common case).
pub fn safe_text(s: &str) -> Cow<'_, str> {
    if !s.chars().any(is_unsafe_char) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        if is_unsafe_char(c) {
            push_escape(&mut out, c);
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

fn push_escape(out: &mut String, c: char) {
    match c {
        '\n' => out.push_str("\\n"),
        '\t' => out.push_str("\\t"),
        '\r' => out.push_str("\\r"),
        c if (c as u32) < 0x100 => {
            let _ = write!(out, "\\x{:02x}", c as u32);
        }
        c => {
            let _ = write!(out, "\\u{{{:x}}}", c as u32);
        }
    }
}

/// Serialised JSON with every unsafe character inside its strings written as a `\uXXXX` escape.
/// serde_json leaves C1 controls and bidi overrides raw, and they must not reach a terminal.
/// Only strings can hold such characters (JSON's structure is ASCII), so the result stays valid.
pub fn safe_json(json: &str) -> Cow<'_, str> {
    // serde_json escapes C0 controls inside strings, so raw ones are layout whitespace.
    let is_unsafe_char = |c: char| is_unsafe_char(c) && !matches!(c, '\n' | '\r' | '\t');
    if !json.chars().any(is_unsafe_char) {
        return Cow::Borrowed(json);
    }
    let mut out = String::with_capacity(json.len() + 16);
    for c in json.chars() {
        if is_unsafe_char(c) {
            let mut units = [0u16; 2];
            for u in c.encode_utf16(&mut units) {
                let _ = write!(out, "\\u{u:04x}");
            }
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// A dollar amount in the short form people read: `$38.0B`, `$250M`, `$1.2T`, `$950`.
pub fn format_usd(amount: f64) -> String {
    let sign = if amount < 0.0 { "-" } else { "" };
    let a = amount.abs();
    let (value, unit) = if a >= 1e12 {
        (a / 1e12, "T")
    } else if a >= 1e9 {
        (a / 1e9, "B")
    } else if a >= 1e6 {
        (a / 1e6, "M")
    } else if a >= 1e3 {
        (a / 1e3, "K")
    } else {
        return format!("{sign}${a:.0}");
    };
    if value >= 100.0 {
        format!("{sign}${value:.0}{unit}")
    } else {
        format!("{sign}${value:.1}{unit}")
    }
}

/// An integer with thousands separators: `1234567` → `1,234,567`.
pub fn format_count(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// An attribute value for display; keys ending in `_usd` are shown as money.
pub fn format_attr(key: &str, value: &AttrValue<'_>) -> String {
    match *value {
        AttrValue::Null => "null".into(),
        AttrValue::Bool(b) => b.to_string(),
        AttrValue::Int(i) if key.ends_with("_usd") => format_usd(i as f64),
        AttrValue::Float(f) if key.ends_with("_usd") => format_usd(f),
        AttrValue::Int(i) => i.to_string(),
        AttrValue::Float(f) => format_float(f),
        AttrValue::Str(s) => safe_text(s).into_owned(),
    }
}

fn format_float(f: f64) -> String {
    if f.fract() == 0.0 && f.abs() < 1e15 {
        format!("{f:.0}")
    } else {
        let s = format!("{f:.4}");
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    }
}

/// `$38.0B · 2025-11-03 · signed` for an entity carrying deal attributes, `None` otherwise.
pub fn deal_brief(e: &crate::graph::Entity<'_>) -> Option<String> {
    // The kind first: the relations pane asks this of every neighbour of a hub.
    if e.kind() != "deal" {
        return None;
    }
    let parts: Vec<String> = ["amount_usd", "date", "status"]
        .iter()
        .filter_map(|k| e.attr(k).map(|v| format_attr(k, &v)))
        .collect();
    (!parts.is_empty()).then(|| parts.join(" · "))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_controls_and_bidi() {
        assert_eq!(safe_text("a\x1b[31mb"), "a\\x1b[31mb");
        assert_eq!(safe_text("bell\x07"), "bell\\x07");
        assert_eq!(safe_text("c1\u{9b}x"), "c1\\x9bx");
        assert_eq!(safe_text("rtl\u{202e}x"), "rtl\\u{202e}x");
        assert_eq!(safe_text("line\nnext"), "line\\nnext");
        assert!(matches!(safe_text("plain Café 東京"), Cow::Borrowed(_)));
    }

    #[test]
    fn json_escapes_stay_valid_json() {
        let raw =
            serde_json::to_string(&serde_json::json!({"n": "a\u{9b}b\u{202e}c\u{1b}"})).unwrap();
        let safe = safe_json(&raw);
        assert!(!safe.chars().any(is_unsafe_char), "{safe}");
        let pretty = serde_json::to_string_pretty(&serde_json::json!({"a": [1]})).unwrap();
        assert_eq!(safe_json(&pretty), pretty);
        let back: serde_json::Value = serde_json::from_str(&safe).unwrap();
        assert_eq!(back["n"], "a\u{9b}b\u{202e}c\u{1b}");
    }

    #[test]
    fn formats_money() {
        assert_eq!(format_usd(38e9), "$38.0B");
        assert_eq!(format_usd(250e9), "$250B");
        assert_eq!(format_usd(1.4e12), "$1.4T");
        assert_eq!(format_usd(6.6e9), "$6.6B");
        assert_eq!(format_usd(500e6), "$500M");
        assert_eq!(format_usd(950.0), "$950");
        assert_eq!(format_usd(-2e6), "-$2.0M");
    }

    #[test]
    fn formats_attrs() {
        assert_eq!(
            format_attr("amount_usd", &AttrValue::Int(38_000_000_000)),
            "$38.0B"
        );
        assert_eq!(format_attr("founded", &AttrValue::Int(2015)), "2015");
        assert_eq!(format_attr("stake", &AttrValue::Float(26.5)), "26.5");
        assert_eq!(format_attr("x", &AttrValue::Float(3.0)), "3");
        assert_eq!(format_count(1234567), "1,234,567");
        assert_eq!(format_count(12), "12");
    }
}
