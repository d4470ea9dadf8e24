//! Load errors and problems: what went wrong, where (file, `line:column`, JSON path), and a hint.
//!
//! Everything a user reads here passes through [`crate::escape::safe_text`] before it is printed,
//! because messages quote ids and names straight from an untrusted file.

use std::fmt;

use crate::escape::safe_text;

/// A 1-based position in a text file. `column` counts bytes, as serde_json does.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Location {
    /// The line, counted from 1.
    pub line: usize,
    /// The column, counted from 1 in characters.
    pub column: usize,
}

impl std::fmt::Display for Location {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}", self.line, self.column)
    }
}

/// What is wrong in a graph file, as data: each variant's `Display` is the message a user reads,
/// so code asks the variant (never the text) and the wording lives in one place.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub enum ProblemKind {
    /// A relation end names no entity: `'from' refers to unknown entity 'x'` (`field` is the
    /// file's word for the end: `from`/`to`, or `source`/`target` in imported files).
    UnknownEntity {
        /// The field holding the reference (`from`, `to`, `source`, ...).
        field: String,
        /// The id referred to.
        id: String,
    },
    /// Two entities share an id: `duplicate id 'x'`.
    DuplicateId {
        /// The id given twice.
        id: String,
    },
    /// Two sources share an id: `duplicate source id 'x' (this one is ignored)`.
    DuplicateSource {
        /// The id given twice.
        id: String,
    },
    /// A source without an id: `a source needs a non-empty 'id'`.
    SourceWithoutId,
    /// Required fields are absent: `missing required fields 'id' and 'kind'`.
    MissingFields {
        /// The fields missing, in the format's order.
        fields: Vec<String>,
    },
    /// A required field is present but blank: `'name' must not be empty`.
    EmptyField {
        /// The field.
        field: String,
    },
    /// A field kgx does not know: `unknown field 'nmae'`; `suggestion` is the likely intended
    /// field (shown as the hint).
    UnknownField {
        /// The key as written.
        key: String,
        /// The known field it is closest to, if any.
        suggestion: Option<String>,
    },
    /// A date string of the wrong shape: `date 'x' is not YYYY, YYYY-MM or YYYY-MM-DD`.
    BadDate {
        /// The date as written.
        date: String,
    },
    /// A numeric date that is not a four-digit year: `date 12 is not a year`.
    DateNotAYear {
        /// The number found.
        year: i64,
    },
    /// A date that is neither a string nor a number: `date should be a string like 2025-11-03`.
    DateNotAString,
    /// A deal status outside the known ones: `unknown status 'x'`.
    UnknownStatus {
        /// The status as written.
        status: String,
    },
    /// A deal ending kgx cannot read: a way of ending outside the known ones
    /// (`unknown ending 'x'`), or one without the date it happened
    /// (`'ended_how' is 'x' but there is no 'ended' date`).
    BadEnding {
        /// The `ended_how` value as written.
        how: String,
        /// True when the value is a known ending and only the `ended` date is missing.
        missing_date: bool,
    },
    /// A reference to a source the file never defines: `unknown source 'x'`.
    UnknownSource {
        /// The source id referred to.
        id: String,
    },
    /// The same relation twice: `duplicate relation a -type-> b`.
    DuplicateRelation {
        /// The relation's start id.
        from: String,
        /// The relation's type.
        rtype: String,
        /// The relation's end id.
        to: String,
    },
    /// The JSON text stops before the document does: `the file ends too early (detail)`, where
    /// `detail` is serde_json's own description.
    EndedEarly {
        /// What was being read when the text ended.
        detail: String,
    },
    /// A stream (stdin, a FIFO) stopped before the graph did:
    /// `the input ended after N bytes, before the graph did`.
    StreamEndedEarly {
        /// How many bytes arrived.
        bytes: usize,
    },
    /// A key given twice in one JSON object: `duplicate key "id" in one object`. JSON parsers
    /// disagree on which value counts (kgx's own fields take the last, the importers the first,
    /// attributes keep both), so the file likely says something other than it meant.
    DuplicateKey {
        /// The key as written.
        key: String,
    },
    /// Anything else, worded where it is found.
    Other(String),
}

impl ProblemKind {
    /// Renames the relation-end field this problem names (`from` → `source`), for importers
    /// whose files use other words than the native format.
    pub(crate) fn rename_field(&mut self, rename: impl Fn(&str) -> Option<&'static str>) {
        if let ProblemKind::UnknownEntity { field, .. } | ProblemKind::EmptyField { field } = self
            && let Some(new) = rename(field)
        {
            *field = new.to_string();
        }
    }
}

impl fmt::Display for ProblemKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ProblemKind::UnknownEntity { field, id } => {
                write!(f, "'{field}' refers to unknown entity '{id}'")
            }
            ProblemKind::DuplicateId { id } => write!(f, "duplicate id '{id}'"),
            ProblemKind::DuplicateSource { id } => {
                write!(f, "duplicate source id '{id}' (this one is ignored)")
            }
            ProblemKind::SourceWithoutId => f.write_str("a source needs a non-empty 'id'"),
            ProblemKind::MissingFields { fields } => {
                let quoted: Vec<String> = fields.iter().map(|f| format!("'{f}'")).collect();
                match quoted.split_last() {
                    Some((last, [])) => write!(f, "missing required field {last}"),
                    Some((last, init)) => {
                        write!(f, "missing required fields {} and {last}", init.join(", "))
                    }
                    None => f.write_str("missing required field "),
                }
            }
            ProblemKind::EmptyField { field } => write!(f, "'{field}' must not be empty"),
            ProblemKind::UnknownField { key, .. } => write!(f, "unknown field '{key}'"),
            ProblemKind::BadDate { date } => {
                write!(f, "date '{date}' is not YYYY, YYYY-MM or YYYY-MM-DD")
            }
            ProblemKind::DateNotAYear { year } => write!(f, "date {year} is not a year"),
            ProblemKind::DateNotAString => f.write_str("date should be a string like 2025-11-03"),
            ProblemKind::UnknownStatus { status } => write!(f, "unknown status '{status}'"),
            ProblemKind::BadEnding {
                how,
                missing_date: false,
            } => write!(f, "unknown ending '{how}'"),
            ProblemKind::BadEnding {
                how,
                missing_date: true,
            } => write!(f, "'ended_how' is '{how}' but there is no 'ended' date"),
            ProblemKind::UnknownSource { id } => write!(f, "unknown source '{id}'"),
            ProblemKind::DuplicateRelation { from, rtype, to } => {
                write!(f, "duplicate relation {from} -{rtype}-> {to}")
            }
            ProblemKind::EndedEarly { detail } => write!(f, "the file ends too early ({detail})"),
            ProblemKind::StreamEndedEarly { bytes } => {
                write!(
                    f,
                    "the input ended after {bytes} bytes, before the graph did"
                )
            }
            ProblemKind::DuplicateKey { key } => write!(f, "duplicate key \"{key}\" in one object"),
            ProblemKind::Other(text) => f.write_str(text),
        }
    }
}

impl From<String> for ProblemKind {
    fn from(text: String) -> Self {
        ProblemKind::Other(text)
    }
}

impl From<&str> for ProblemKind {
    fn from(text: &str) -> Self {
        ProblemKind::Other(text.to_string())
    }
}

/// How many problems an error message lists before it says "and N more".
pub(crate) const MAX_LISTED_PROBLEMS: usize = 20;

/// One problem in a graph file: an error (the graph does not load) or a warning (it loads).
#[derive(Clone, Debug, PartialEq)]
pub struct Problem {
    /// JSON path of the offending value (`relations[3].to`); empty for the whole file.
    pub path: String,
    /// What is wrong; its `Display` is the message a user reads.
    pub kind: ProblemKind,
    /// How to fix it, or a likely intended value.
    pub hint: Option<String>,
    /// Where `path` stands in the file; filled in by the locating pass.
    pub location: Option<Location>,
    /// A second place the message refers to (the first definition of a duplicate id).
    pub related_path: Option<String>,
    /// A second place the problem refers to (the first of two duplicates).
    pub related_location: Option<Location>,
}

impl Problem {
    /// A problem at JSON path `path`; `kind` may be a [`ProblemKind`] or plain text (which
    /// becomes [`ProblemKind::Other`]).
    pub fn new(path: impl Into<String>, kind: impl Into<ProblemKind>) -> Self {
        Problem {
            path: path.into(),
            kind: kind.into(),
            hint: None,
            location: None,
            related_path: None,
            related_location: None,
        }
    }

    pub(crate) fn with_hint(mut self, hint: Option<String>) -> Self {
        self.hint = hint;
        self
    }

    pub(crate) fn with_related(mut self, path: impl Into<String>) -> Self {
        self.related_path = Some(path.into());
        self
    }

    /// `origin:line:col: path: message (hint)`, escaped for the terminal.
    pub fn render(&self, origin: &str) -> String {
        let mut out = self.render_head(origin);
        if let Some(hint) = &self.hint {
            out.push_str("\n  hint: ");
            out.push_str(&safe_text(hint));
        }
        out
    }

    /// [`Problem::render`] without the hint: `origin:line:col: path: message`.
    pub fn render_head(&self, origin: &str) -> String {
        let mut out = safe_text(origin).into_owned();
        if let Some(loc) = self.location {
            out.push_str(&format!(":{loc}"));
        }
        out.push_str(": ");
        if !self.path.is_empty() {
            out.push_str(&safe_text(&self.path));
            out.push_str(": ");
        }
        out.push_str(&safe_text(&self.kind.to_string()));
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
        out
    }
}

/// Why a graph could not be loaded.
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    /// The file could not be read (missing, a directory, no permission, ...).
    #[error("{}: {message}{}", safe_text(origin), render_hint(hint))]
    Read {
        /// The file, `<stdin>` or the default graph's name.
        origin: String,
        /// What went wrong, from the operating system.
        message: String,
        /// What to try.
        hint: Option<String>,
        /// The operating system's error, when there was one.
        #[source]
        source: Option<std::io::Error>,
    },
    /// The text is not JSON, or a value has the wrong type: serde_json's position is exact.
    #[error("{}:{location}: {kind}{}", safe_text(origin), render_hint(hint))]
    Syntax {
        /// The file, `<stdin>` or the default graph's name.
        origin: String,
        /// Where the problem is.
        location: Location,
        /// What is wrong; its `Display` is the message (boxed: it keeps `LoadError` small).
        kind: Box<ProblemKind>,
        /// What to try.
        hint: Option<String>,
    },
    /// The JSON is well formed but the graph is not valid; every problem found is listed.
    #[error("{}", render_problems(origin, problems, *total))]
    Invalid {
        /// The file, `<stdin>` or the default graph's name.
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
