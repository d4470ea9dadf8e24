//! Load errors and problems: what went wrong, where (file, `line:column`, JSON path), and a hint.
//!
//! Everything a user reads here passes through [`crate::display::safe_text`] before it is printed,
//! because messages quote ids and names straight from an untrusted file.

use std::fmt;

pub use super::locate::Location;
use crate::display::safe_text;

/// How many problems an error message lists before it says "and N more".
pub const MAX_LISTED_PROBLEMS: usize = 20;

/// One problem in a graph file: an error (the graph does not load) or a warning (it loads).
#[derive(Clone, Debug, PartialEq)]
pub struct Problem {
    /// JSON path of the offending value (`relations[3].to`); empty for the whole file.
    pub path: String,
    /// What is wrong, in words a user understands.
    pub message: String,
    /// How to fix it, or a likely intended value.
    pub hint: Option<String>,
    /// Where `path` stands in the file; filled in by the locating pass.
    pub location: Option<Location>,
    /// A second place the message refers to (the first definition of a duplicate id).
    pub related_path: Option<String>,
    pub related_location: Option<Location>,
}

impl Problem {
    pub fn new(path: impl Into<String>, message: impl Into<String>) -> Self {
        Problem {
            path: path.into(),
            message: message.into(),
            hint: None,
            location: None,
            related_path: None,
            related_location: None,
        }
    }

    pub fn with_hint(mut self, hint: Option<String>) -> Self {
        self.hint = hint;
        self
    }

    pub fn with_related(mut self, path: impl Into<String>) -> Self {
        self.related_path = Some(path.into());
        self
    }

    /// `origin:line:col: path: message (hint)`, escaped for the terminal.
    pub fn render(&self, origin: &str) -> String {
        let mut out = safe_text(origin).into_owned();
        if let Some(loc) = self.location {
            out.push_str(&format!(":{loc}"));
        }
        out.push_str(": ");
        if !self.path.is_empty() {
            out.push_str(&safe_text(&self.path));
            out.push_str(": ");
        }
        out.push_str(&safe_text(&self.message));
        if let Some(rel) = &self.related_path {
            match self.related_location {
                Some(loc) => out.push_str(&format!(
                    " (first at line {}, {})",
                    loc.line,
                    safe_text(rel)
                )),
                None => out.push_str(&format!(" (first at {})", safe_text(rel))),
            }
        }
        if let Some(hint) = &self.hint {
            out.push_str("\n  hint: ");
            out.push_str(&safe_text(hint));
        }
        out
    }
}

/// Why a graph could not be loaded.
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    /// The file could not be read (missing, a directory, no permission, ...).
    #[error("{}: {message}{}", safe_text(origin), render_hint(hint))]
    Read {
        origin: String,
        message: String,
        hint: Option<String>,
    },
    /// The text is not JSON, or a value has the wrong type: serde_json's position is exact.
    #[error("{}:{location}: {message}{}", safe_text(origin), render_hint(hint))]
    Syntax {
        origin: String,
        location: Location,
        message: String,
        hint: Option<String>,
    },
    /// The JSON is well formed but the graph is not valid; every problem found is listed.
    #[error("{}", render_problems(origin, problems, *total))]
    Invalid {
        origin: String,
        /// The first [`MAX_LISTED_PROBLEMS`] problems, in file order.
        problems: Vec<Problem>,
        /// How many problems there were in all.
        total: usize,
    },
}

impl LoadError {
    /// The first location the error names, if any (for tests and editors).
    pub fn location(&self) -> Option<Location> {
        match self {
            LoadError::Read { .. } => None,
            LoadError::Syntax { location, .. } => Some(*location),
            LoadError::Invalid { problems, .. } => problems.first().and_then(|p| p.location),
        }
    }
}

fn render_hint(hint: &Option<String>) -> String {
    match hint {
        Some(h) => format!("\n  hint: {}", safe_text(h)),
        None => String::new(),
    }
}

fn render_problems(origin: &str, problems: &[Problem], total: usize) -> String {
    let mut out = format!(
        "{}: the graph is not valid ({} problem{})",
        safe_text(origin),
        total,
        if total == 1 { "" } else { "s" }
    );
    for p in problems {
        out.push('\n');
        out.push_str(&p.render(origin));
    }
    if total > problems.len() {
        out.push_str(&format!("\n... and {} more", total - problems.len()));
    }
    out
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.render(""))
    }
}
