//! serde_json's errors in a person's words: where the parser was ([`Context`]), the friendlier
//! wording ([`friendly`], [`json_words`]) and the [`LoadError::Syntax`] built from them.
//!
//! Only wording: no parsing and no validation happens here.

use crate::graph::error::{LoadError, Location, ProblemKind};

/// Where the parser was, for messages about type errors.
#[derive(Default, Clone, Copy)]
pub(crate) struct Context {
    pub(super) section: Option<&'static str>,
    pub(super) index: Option<u32>,
    pub(super) field: Option<&'static str>,
}

impl Context {
    pub(super) fn path(&self) -> Option<String> {
        let section = self.section?;
        let mut p = section.to_string();
        if let Some(i) = self.index {
            p.push_str(&format!("[{i}]"));
            if let Some(f) = self.field {
                p.push('.');
                p.push_str(f);
            }
        }
        Some(p)
    }
}

/// A serde_json error as a located [`LoadError::Syntax`], naming the record and field it was in.
pub(crate) fn syntax_error(e: serde_json::Error, origin: &str, ctx: &Context) -> LoadError {
    let full = e.to_string();
    let message = full
        .rsplit_once(" at line ")
        .map_or(full.as_str(), |(m, _)| m);
    let (kind, hint) = friendly(message, e.classify());
    let kind = match (e.classify(), ctx.path()) {
        (serde_json::error::Category::Data, Some(path)) => {
            ProblemKind::Other(format!("{path}: {kind}"))
        }
        _ => kind,
    };
    LoadError::Syntax {
        origin: origin.to_string(),
        location: Location {
            line: e.line().max(1),
            column: e.column().max(1),
        },
        kind: Box::new(kind),
        hint,
    }
}

fn friendly(message: &str, category: serde_json::error::Category) -> (ProblemKind, Option<String>) {
    use serde_json::error::Category;
    match category {
        Category::Eof => (
            ProblemKind::EndedEarly {
                detail: message.to_string(),
            },
            Some("the JSON is truncated: a closing bracket or brace is missing".into()),
        ),
        _ if message.starts_with("recursion limit exceeded") => (
            "the JSON is nested too deeply".into(),
            Some("kgx graphs are at most a few levels deep; is this the right file?".into()),
        ),
        _ if message.starts_with("expected value") => (
            "this is not valid JSON (expected a value)".into(),
            Some("check for a missing quote, a stray character, or a comment".into()),
        ),
        _ if message.starts_with("trailing comma") => (
            "trailing comma".into(),
            Some("JSON does not allow a comma before ] or }".into()),
        ),
        _ if message.starts_with("trailing characters") => (
            "unexpected text after the end of the JSON value".into(),
            Some("a file holds one JSON object; is something appended?".into()),
        ),
        _ if message.starts_with("key must be a string") => {
            ("object keys must be strings in double quotes".into(), None)
        }
        _ => match message
            .strip_prefix("invalid type: ")
            .and_then(|m| m.split_once(", expected "))
        {
            Some((found, expected)) => (
                format!("expected {expected}, found {}", json_words(found)).into(),
                None,
            ),
            None => (message.into(), None),
        },
    }
}

/// serde's names for JSON values in the words of JSON: `map` → `an object`, `sequence` → `an array`.
fn json_words(found: &str) -> String {
    match found {
        "map" => "an object".into(),
        "sequence" => "an array".into(),
        "null" | "unit value" => "null".into(),
        other => match other.split_once(' ') {
            Some(("integer" | "floating point", v)) => {
                format!("the number {}", v.trim_matches('`'))
            }
            Some(("boolean", v)) => v.trim_matches('`').to_string(),
            Some(("string", v)) => format!("the string {v}"),
            _ => other.to_string(),
        },
    }
}
