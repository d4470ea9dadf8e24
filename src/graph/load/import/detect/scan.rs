//! Skipping over JSON without building it: the top-level keys of an object, where a value ends,
//! and the first element of an array, each within a byte budget, for format detection.

use serde::Deserialize;

use super::PEEK_BUDGET;
use crate::graph::load::import::json::Json;

/// The top-level keys of the object at `start` with the offset of each value, as far as the
/// scan budget reaches (no value is parsed).
pub(super) fn top_keys(text: &str, start: usize) -> Vec<(&str, usize)> {
    let mut p = Scan {
        s: text.as_bytes(),
        i: start + 1,
    };
    let mut keys = Vec::new();
    while p.i < start + PEEK_BUDGET {
        p.skip_ws();
        if p.peek() != Some(b'"') {
            break;
        }
        p.i += 1;
        let key_start = p.i;
        if !p.skip_string() {
            break;
        }
        let key = &text[key_start..p.i - 1];
        p.skip_ws();
        if p.peek() != Some(b':') {
            break;
        }
        p.i += 1;
        p.skip_ws();
        keys.push((key, p.i));
        if !p.skip_value(start + PEEK_BUDGET) {
            break;
        }
        p.skip_ws();
        if p.peek() != Some(b',') {
            break;
        }
        p.i += 1;
    }
    keys
}

/// Where the JSON value starting at `start` ends (one past its last byte), if within budget.
pub(super) fn value_end(text: &str, start: usize) -> Option<usize> {
    let mut p = Scan {
        s: text.as_bytes(),
        i: start,
    };
    p.skip_value(start.saturating_add(PEEK_BUDGET).max(PEEK_BUDGET))
        .then_some(p.i)
}

/// The first element of the array at `at` (or the first value of the object there), parsed.
pub(super) fn first_item(text: &str, at: usize) -> Option<Json<'_>> {
    let mut p = Scan {
        s: text.as_bytes(),
        i: at + 1,
    };
    p.skip_ws();
    match text.as_bytes().get(at) {
        Some(b'[') => {}
        Some(b'{') => {
            if p.peek() != Some(b'"') {
                return None;
            }
            p.i += 1;
            p.skip_string();
            p.skip_ws();
            if p.peek() != Some(b':') {
                return None;
            }
            p.i += 1;
        }
        _ => return None,
    }
    let mut de = serde_json::Deserializer::from_str(text.get(p.i..)?);
    Json::deserialize(&mut de).ok()
}

/// A forward-only byte scanner that skips JSON values without building them.
struct Scan<'t> {
    s: &'t [u8],
    i: usize,
}

impl Scan<'_> {
    fn peek(&self) -> Option<u8> {
        self.s.get(self.i).copied()
    }

    fn skip_ws(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.i += 1;
        }
    }

    /// Skips the rest of a string whose opening quote was read; false if it never ends.
    fn skip_string(&mut self) -> bool {
        while let Some(b) = self.peek() {
            self.i += 1;
            match b {
                b'\\' => self.i += 1,
                b'"' => return true,
                _ => {}
            }
        }
        false
    }

    /// Skips one value; false when it does not end before `budget` or the text.
    fn skip_value(&mut self, budget: usize) -> bool {
        let mut depth = 0usize;
        loop {
            if self.i >= budget {
                return false;
            }
            match self.peek() {
                None => return depth == 0 && self.i > 0,
                Some(b'"') => {
                    self.i += 1;
                    if !self.skip_string() {
                        return false;
                    }
                }
                Some(b'{' | b'[') => {
                    depth += 1;
                    self.i += 1;
                }
                Some(b'}' | b']') if depth > 0 => {
                    depth -= 1;
                    self.i += 1;
                }
                Some(b',' | b'}' | b']') if depth == 0 => return true,
                Some(b' ' | b'\t' | b'\n' | b'\r') if depth == 0 => return true,
                Some(_) => self.i += 1,
            }
            if depth == 0 && matches!(self.s.get(self.i.wrapping_sub(1)), Some(b'}' | b']' | b'"'))
            {
                return true;
            }
        }
    }
}
