//! Finding where a JSON path (`entities[12].name`) stands in the text, for error messages.
//!
//! serde_json knows positions only while it parses; problems found afterwards (a duplicate id, a
//! relation to an unknown entity) know only their path. This module walks the text once more to
//! turn paths into `line:column`. It runs only on the error path, so valid files pay nothing, and it
//! is iterative, so a file nested thousands deep cannot overflow the stack.

use std::collections::HashMap;

use super::paged::Behind;
use crate::graph::error::{Location, Problem};

/// Byte offsets of the values at `paths` (the first occurrence of each), `None` when absent.
pub(crate) fn locate_paths(text: &[u8], paths: &[&str]) -> Vec<Option<usize>> {
    // Several problems may name the same path (two missing fields of one relation).
    let mut wanted: HashMap<&str, Vec<usize>> = HashMap::new();
    for (i, p) in paths.iter().enumerate() {
        wanted.entry(*p).or_default().push(i);
    }
    let mut found = vec![None; paths.len()];
    let mut scan = Scanner { text, i: 0 };
    let mut path = String::new();
    let mut stack: Vec<Frame> = Vec::new();
    let mut at_value = true;
    let mut remaining = wanted.len();
    // Paths deeper than any wanted one cannot match; skipping their lookup keeps a file nested
    // thousands deep linear instead of quadratic.
    let longest = paths.iter().map(|p| p.len()).max().unwrap_or(0);
    let mut behind = Behind::new(text, 0);
    while remaining > 0 {
        behind.reached(scan.i);
        scan.skip_ws();
        let Some(b) = scan.peek() else { break };
        if at_value {
            if path.len() <= longest
                && let Some(ks) = wanted.remove(path.as_str())
            {
                for k in ks {
                    found[k] = Some(scan.i);
                }
                remaining -= 1;
            }
            match b {
                b'{' => {
                    scan.i += 1;
                    stack.push(Frame::Object { base: path.len() });
                    scan.skip_ws();
                    if scan.peek() == Some(b'}') {
                        scan.i += 1;
                        close(&mut stack, &mut path);
                        at_value = false;
                    } else if !scan.read_key(&mut path) {
                        break;
                    }
                }
                b'[' => {
                    scan.i += 1;
                    stack.push(Frame::Array {
                        base: path.len(),
                        index: 0,
                    });
                    scan.skip_ws();
                    if scan.peek() == Some(b']') {
                        scan.i += 1;
                        close(&mut stack, &mut path);
                        at_value = false;
                    } else {
                        path.push_str("[0]");
                    }
                }
                b'"' => {
                    scan.skip_string();
                    at_value = false;
                }
                _ => {
                    scan.skip_scalar();
                    at_value = false;
                }
            }
        } else {
            match (b, stack.last_mut()) {
                (b',', Some(Frame::Object { base })) => {
                    scan.i += 1;
                    path.truncate(*base);
                    if !scan.read_key(&mut path) {
                        break;
                    }
                    at_value = true;
                }
                (b',', Some(Frame::Array { base, index })) => {
                    scan.i += 1;
                    *index += 1;
                    path.truncate(*base);
                    path.push_str(&format!("[{index}]"));
                    at_value = true;
                }
                (b'}' | b']', Some(_)) => {
                    scan.i += 1;
                    close(&mut stack, &mut path);
                }
                _ => break,
            }
        }
    }
    found
}

enum Frame {
    Object { base: usize },
    Array { base: usize, index: usize },
}

fn close(stack: &mut Vec<Frame>, path: &mut String) {
    if let Some(Frame::Object { base } | Frame::Array { base, .. }) = stack.pop() {
        path.truncate(base);
    }
}

struct Scanner<'t> {
    text: &'t [u8],
    i: usize,
}

impl Scanner<'_> {
    fn peek(&self) -> Option<u8> {
        self.text.get(self.i).copied()
    }

    fn skip_ws(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.i += 1;
        }
    }

    /// Skips a string starting at its opening quote; returns the raw bytes between the quotes.
    fn skip_string(&mut self) -> &[u8] {
        let start = self.i + 1;
        self.i += 1;
        while let Some(b) = self.peek() {
            match b {
                b'\\' => self.i += 2,
                b'"' => {
                    self.i += 1;
                    return &self.text[start..self.i - 1];
                }
                _ => self.i += 1,
            }
        }
        &self.text[start.min(self.text.len())..]
    }

    fn skip_scalar(&mut self) {
        while let Some(b) = self.peek() {
            if matches!(b, b',' | b']' | b'}' | b' ' | b'\t' | b'\n' | b'\r') {
                break;
            }
            self.i += 1;
        }
    }

    /// Reads `"key" :` and appends the key to `path`; false on malformed input.
    fn read_key(&mut self, path: &mut String) -> bool {
        self.skip_ws();
        if self.peek() != Some(b'"') {
            return false;
        }
        let raw = self.skip_string();
        let key: String = if raw.contains(&b'\\') {
            let quoted = [b"\"", raw, b"\""].concat();
            serde_json::from_slice(&quoted).unwrap_or_default()
        } else {
            String::from_utf8_lossy(raw).into_owned()
        };
        self.skip_ws();
        if self.peek() != Some(b':') {
            return false;
        }
        self.i += 1;
        if !path.is_empty() {
            path.push('.');
        }
        path.push_str(&key);
        true
    }
}

/// The line and column of a byte offset.
pub(crate) fn location_of(text: &[u8], offset: usize) -> Location {
    let offset = offset.min(text.len());
    // A window at a time, releasing the pages behind in a paged text.
    let (newlines, line_start) = Behind::new(text, 0).count_lines(text, 0, offset);
    Location {
        line: newlines + 1,
        column: offset - line_start.unwrap_or(0) + 1,
    }
}

/// Fills in `location` and `related_location` of each problem with one pass over the text.
pub(crate) fn locate_all(text: &[u8], problems: &mut [Problem]) {
    if problems.is_empty() {
        return;
    }
    // A path may name a value the file lacks (`sources[0].id` when there is no id): such a
    // problem is placed at the nearest enclosing value that exists instead, so none goes
    // unlocated.
    let mut wanted: Vec<String> = Vec::new();
    for p in problems.iter() {
        wanted.push(p.path.clone());
        wanted.push(p.related_path.clone().unwrap_or_default());
    }
    let mut offsets: Vec<Option<usize>> = vec![None; wanted.len()];
    loop {
        let missing: Vec<usize> = (0..wanted.len())
            .filter(|&i| offsets[i].is_none() && (i % 2 == 0 || !wanted[i].is_empty()))
            .collect();
        if missing.is_empty() {
            break;
        }
        let paths: Vec<&str> = missing.iter().map(|&i| wanted[i].as_str()).collect();
        for (&i, found) in missing.iter().zip(locate_paths(text, &paths)) {
            offsets[i] = found;
        }
        let mut widened = false;
        for &i in &missing {
            if offsets[i].is_none() {
                match parent_path(&wanted[i]) {
                    Some(parent) => {
                        wanted[i] = parent.to_string();
                        widened = true;
                    }
                    // Not even the whole document: the start of the file.
                    None => offsets[i] = Some(0),
                }
            }
        }
        if !widened {
            break;
        }
    }
    for (k, p) in problems.iter_mut().enumerate() {
        p.location = offsets[2 * k].map(|o| location_of(text, o));
        if p.related_path.is_some() {
            p.related_location = offsets[2 * k + 1].map(|o| location_of(text, o));
        }
    }
}

/// `entities[3].attrs.date` → `entities[3].attrs` → `entities[3]` → `entities` → `` (the
/// document); `None` above the document.
fn parent_path(path: &str) -> Option<&str> {
    if path.is_empty() {
        return None;
    }
    let cut = path.rfind(['.', '[']).unwrap_or(0);
    Some(&path[..cut])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str, path: &str) -> Option<Location> {
        locate_paths(text.as_bytes(), &[path])[0].map(|o| location_of(text.as_bytes(), o))
    }

    #[test]
    fn finds_nested_values() {
        let text =
            "{\n  \"entities\": [\n    {\"id\": \"a\"},\n    {\"id\": \"b\", \"name\": 5}\n  ]\n}";
        assert_eq!(
            at(text, "entities"),
            Some(Location {
                line: 2,
                column: 15
            })
        );
        assert_eq!(
            at(text, "entities[1]"),
            Some(Location { line: 4, column: 5 })
        );
        assert_eq!(
            at(text, "entities[1].name"),
            Some(Location {
                line: 4,
                column: 25
            })
        );
        assert_eq!(at(text, "entities[2]"), None);
    }

    #[test]
    fn skips_strings_with_brackets_and_escapes() {
        let text = r#"{"a": "x\"]}[", "b": [1, {"c": [true]}]}"#;
        assert_eq!(at(text, "b[1].c[0]").map(|l| l.column), Some(33));
    }

    #[test]
    fn the_same_path_asked_twice_is_found_twice() {
        let text = r#"{"relations": [{}, {"x": 1}]}"#;
        let found = locate_paths(
            text.as_bytes(),
            &["relations[1]", "relations[0]", "relations[1]"],
        );
        assert_eq!(found, [Some(19), Some(15), Some(19)]);
    }

    #[test]
    fn deep_nesting_does_not_overflow() {
        let text = "[".repeat(200_000);
        assert_eq!(at(&text, "x"), None);
    }

    #[test]
    fn problems_on_absent_values_are_placed_at_their_parent() {
        let text = b"{\n\"sources\": [\n  {\"title\": \"T\"}\n]}";
        let mut problems = vec![
            Problem::new("sources[0].id", "no id"),
            Problem::new("nowhere[9].x", "odd"),
        ];
        locate_all(text, &mut problems);
        assert_eq!(
            problems[0].location.map(|l| (l.line, l.column)),
            Some((3, 3))
        );
        assert_eq!(
            problems[1].location.map(|l| (l.line, l.column)),
            Some((1, 1))
        );
    }
}
