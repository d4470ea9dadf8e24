//! Terminal-safe text: the one place that decides which characters may reach a terminal.
//!
//! Graph files are untrusted: a name may carry an escape sequence that retitles the window,
//! rewrites the clipboard (OSC 52) or moves the cursor. [`safe_text`] shows such characters as
//! visible escapes (`\x1b`) instead of sending them to the terminal, and [`safe_json`] does the
//! same inside serialised JSON. This is the crate's leaf: it imports nothing from the crate, so
//! every layer (graph, analysis, display, app, ui, cli) may use it.

use std::borrow::Cow;
use std::fmt::Write as _;

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
pub(crate) fn safe_json(json: &str) -> Cow<'_, str> {
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
}
