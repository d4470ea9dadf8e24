//! Errors about a file, reported as rustc and miette do: each located problem followed by the
//! line it is on and a caret under the column, so `truncated.json:25:15` shows the unclosed
//! `"aw` itself. The file is read again here, at the edge (the library's errors carry positions,
//! not text): from disk for a path, from the binary for the built-in graph, not at all for
//! standard input. What it does not do: word the problems (their `Display` does).

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Read};

use unicode_width::UnicodeWidthStr;

use crate::escape::safe_text;
use crate::graph::{DEFAULT_GRAPH, DEFAULT_ORIGIN, LoadError, Location};

/// Characters shown on each side of the column in a long line (minified JSON is one line).
const WINDOW: usize = 60;

/// `e` as the report a person reads: every located problem with its line and a caret.
pub(super) fn report(e: &LoadError) -> String {
    match e {
        LoadError::Read { .. } => e.to_string(),
        LoadError::Syntax {
            origin,
            location,
            kind,
            hint,
        } => {
            let mut out = format!(
                "{}:{location}: {}",
                safe_text(origin),
                safe_text(&kind.to_string())
            );
            let lines = Source::of(origin).lines(&[location.line]);
            if let Some(line) = lines.get(&location.line) {
                out.push_str(&excerpt(line, *location));
            }
            push_hint(&mut out, hint.as_deref());
            out
        }
        LoadError::Invalid {
            origin,
            problems,
            total,
        } => {
            let wanted: Vec<usize> = problems
                .iter()
                .filter_map(|p| p.location)
                .map(|l| l.line)
                .collect();
            let lines = Source::of(origin).lines(&wanted);
            let mut out = format!(
                "{}: the graph is not valid ({} problem{})",
                safe_text(origin),
                total,
                if *total == 1 { "" } else { "s" }
            );
            for p in problems {
                out.push('\n');
                out.push_str(&p.render_head(origin));
                if let Some(at) = p.location
                    && let Some(line) = lines.get(&at.line)
                {
                    out.push_str(&excerpt(line, at));
                }
                push_hint(&mut out, p.hint.as_deref());
            }
            if *total > problems.len() {
                out.push_str(&format!("\n... and {} more", total - problems.len()));
            }
            out
        }
    }
}

fn push_hint(out: &mut String, hint: Option<&str>) {
    if let Some(h) = hint {
        out.push_str("\n  hint: ");
        out.push_str(&safe_text(h));
    }
}

/// Where the lines of an error's file come from.
enum Source {
    /// A file on disk, read again once for all the lines wanted.
    Path(String),
    /// The built-in graph's text.
    Text(&'static str),
    /// Standard input (gone) or anything that cannot be read again.
    None,
}

/// A line longer than this is not shown (it would be read whole to show a window of it).
const LONGEST_LINE: usize = 4 << 20;

impl Source {
    fn of(origin: &str) -> Source {
        match origin {
            "<stdin>" => Source::None,
            o if o == DEFAULT_ORIGIN => Source::Text(DEFAULT_GRAPH),
            o => Source::Path(o.to_string()),
        }
    }

    /// The lines `wanted` (numbered from 1), read in one pass, without their line ends.
    fn lines(&self, wanted: &[usize]) -> HashMap<usize, String> {
        let mut out = HashMap::new();
        let Some(&last) = wanted.iter().max() else {
            return out;
        };
        let clean = |l: &str| l.trim_end_matches(['\n', '\r']).to_string();
        match self {
            Source::Path(p) => {
                // Only a regular file can be read again: a FIFO or a device would block or
                // give other bytes than the ones that were loaded.
                if !std::fs::metadata(p).is_ok_and(|m| m.is_file()) {
                    return out;
                }
                let Ok(file) = std::fs::File::open(p) else {
                    return out;
                };
                let mut reader = BufReader::new(file);
                let mut buf = Vec::new();
                for n in 1..=last {
                    buf.clear();
                    let read = (&mut reader)
                        .take(LONGEST_LINE as u64)
                        .read_until(b'\n', &mut buf);
                    match read {
                        Ok(0) | Err(_) => break,
                        Ok(_) if !buf.ends_with(b"\n") && buf.len() >= LONGEST_LINE => break,
                        Ok(_) => {}
                    }
                    if wanted.contains(&n) {
                        out.insert(n, clean(&String::from_utf8_lossy(&buf)));
                    }
                }
            }
            Source::Text(t) => {
                for (i, l) in t.lines().enumerate().take(last) {
                    if wanted.contains(&(i + 1)) {
                        out.insert(i + 1, clean(l));
                    }
                }
            }
            Source::None => {}
        }
        out
    }

    /// The lines under one problem: see [`excerpt`].
    #[cfg(test)]
    fn excerpt(&self, at: Location) -> String {
        self.lines(&[at.line])
            .get(&at.line)
            .map_or_else(String::new, |l| excerpt(l, at))
    }
}

/// A gutter, the line (a window of it when long), and a caret under the column.
fn excerpt(line: &str, at: Location) -> String {
    let chars: Vec<char> = line.chars().collect();
    let col = at.column.saturating_sub(1).min(chars.len());
    let start = col.saturating_sub(WINDOW);
    let end = (col + WINDOW).min(chars.len());
    let before: String = chars[start..col].iter().collect();
    let after: String = chars[col..end].iter().collect();
    let lead = if start > 0 { "…" } else { "" };
    let tail = if end < chars.len() { "…" } else { "" };
    let before = format!("{lead}{}", safe_text(&before));
    let shown = format!("{before}{}{tail}", safe_text(&after));
    let number = at.line.to_string();
    let gutter = " ".repeat(number.len());
    format!(
        "\n{gutter} |\n{number} | {shown}\n{gutter} | {}^",
        " ".repeat(before.width())
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_caret_stands_under_the_column_even_after_wide_and_escaped_characters() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("g.json");
        std::fs::write(&path, "{\n  \"name\": \"日本\t\x1b\", \"x\": tru\n}\n").unwrap();
        let source = Source::Path(path.display().to_string());
        // Column 24 (in characters) is the `t` of `tru`.
        let shown = source.excerpt(Location {
            line: 2,
            column: 24,
        });
        let lines: Vec<&str> = shown.lines().skip(1).collect();
        assert_eq!(lines[1], r#"2 |   "name": "日本\t\x1b", "x": tru"#);
        let caret = lines[2].find('^').unwrap();
        let at = lines[1].find("tru").unwrap();
        assert_eq!(lines[2][..caret].width(), lines[1][..at].width(), "{shown}");
    }

    #[test]
    fn a_long_line_shows_a_window_around_the_column() {
        let line = format!("{}BAD{}", "a".repeat(500), "b".repeat(500));
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("min.json");
        std::fs::write(&path, &line).unwrap();
        let shown = Source::Path(path.display().to_string()).excerpt(Location {
            line: 1,
            column: 501,
        });
        let lines: Vec<&str> = shown.lines().skip(1).collect();
        assert!(
            lines[1].starts_with("1 | …") && lines[1].ends_with('…'),
            "{shown}"
        );
        assert!(lines[1].contains("BAD"));
        assert!(lines[1].chars().count() < 140);
        let caret = lines[2].find('^').unwrap();
        assert_eq!(&lines[1][lines[1].find("BAD").unwrap()..][..3], "BAD");
        assert_eq!(
            lines[2][..caret].width(),
            lines[1][..lines[1].find("BAD").unwrap()].width()
        );
    }

    #[test]
    fn standard_input_and_missing_lines_show_nothing() {
        assert_eq!(Source::None.excerpt(Location { line: 1, column: 1 }), "");
        assert_eq!(
            Source::Text("{}").excerpt(Location { line: 9, column: 1 }),
            ""
        );
    }
}
