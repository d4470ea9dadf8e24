//! The investigation trail: the places opened in the explorer (entities by id, when and how each
//! was opened), the query and the view, as saved on quit and brought back by `kgx --resume`;
//! its file format, and where it is kept (`store`). It knows nothing of the graph or the app:
//! the app turns its history into a [`Trail`] and back, the terminal layer and the command line
//! call the store. A trail file is untrusted input: reading one checks everything and never
//! panics, and text from it is escaped wherever it is shown.

pub mod store;

use serde::{Deserialize, Serialize};

/// The format's version, written as `"kgx_trail"`; a file of any other version is refused.
pub const VERSION: u32 = 1;
/// The most steps a trail file may hold (a session opens far fewer).
pub const MAX_STEPS: usize = 10_000;
/// The longest text (id, name, query) a trail file may hold in one field, in bytes.
const MAX_TEXT: usize = 4096;

/// A saved investigation trail.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Trail {
    /// The format's version ([`VERSION`]).
    pub kgx_trail: u32,
    /// The graph it belongs to: its canonical path, `<stdin>` or `<built-in>`.
    pub graph: String,
    /// When it was saved, in seconds since 1970 (UTC).
    pub saved: u64,
    /// The query in the search line.
    pub query: String,
    /// The view on screen (`explore`, `timeline`, `rings`, ...).
    pub view: String,
    /// Which step was on screen (the ones before it are `[` away, those after `]` away).
    pub current: usize,
    /// The places, oldest first.
    pub steps: Vec<Step>,
}

/// One place of the trail: an entity, when and how it was opened, and where it was shown.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Step {
    /// The entity's id.
    pub id: String,
    /// Its name when saved (for `kgx trail`; the graph's name wins on resume).
    pub name: String,
    /// When it was opened, in seconds since 1970 (UTC).
    pub at: u64,
    /// How it was opened.
    pub how: How,
    /// For [`How::Followed`]: the id of the entity it was followed from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from: Option<String>,
    /// For [`How::View`]: the view it was opened from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub via: Option<String>,
    /// The pane it was shown in: `results` or `relations`.
    pub pane: Pane,
    /// The row selected in that pane.
    pub row: usize,
    /// The view on screen when it was left (`explore` for the explorer).
    pub view: String,
}

/// How a step was opened.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum How {
    /// Picked from the search results.
    Searched,
    /// Followed along a relation from another entity (`from`).
    Followed,
    /// Opened from the paths view.
    Path,
    /// Opened from another view (`via`).
    View,
}

/// The explorer pane a step was shown in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Pane {
    /// The results list.
    Results,
    /// The relations pane.
    Relations,
}

/// Why a trail could not be read or written.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum TrailError {
    /// No state folder: neither `XDG_STATE_HOME` nor `HOME` is set (to an absolute path).
    #[error("no folder to keep the trail in: set XDG_STATE_HOME or HOME")]
    NoStateDir,
    /// The file could not be read.
    #[error("{}: {source}", crate::escape::safe_text(&path.display().to_string()))]
    Read {
        /// The trail file.
        path: std::path::PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// The file could not be written.
    #[error("{}: {source}", crate::escape::safe_text(&path.display().to_string()))]
    Write {
        /// The trail file (or the folder it goes in).
        path: std::path::PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// The file is larger than any trail kgx writes.
    #[error("{}: {size} bytes is too large for a trail", crate::escape::safe_text(&path.display().to_string()))]
    TooLarge {
        /// The trail file.
        path: std::path::PathBuf,
        /// Its size.
        size: u64,
    },
    /// The text is not a trail: bad JSON, a missing or unknown field, a wrong version or a value
    /// out of range.
    #[error("{}: not a kgx trail: {}", crate::escape::safe_text(&path.display().to_string()), crate::escape::safe_text(reason))]
    Invalid {
        /// The trail file.
        path: std::path::PathBuf,
        /// What is wrong, with `line N column M` for JSON errors.
        reason: String,
    },
}

impl Trail {
    /// The trail as the JSON text of its file.
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_default() + "\n"
    }

    /// Reads a trail from the text of its file (named `path` in errors), checking every field.
    pub fn parse(text: &str, path: &std::path::Path) -> Result<Trail, TrailError> {
        let invalid = |reason: String| TrailError::Invalid {
            path: path.to_path_buf(),
            reason,
        };
        let trail: Trail = serde_json::from_str(text).map_err(|e| invalid(e.to_string()))?;
        trail.check().map_err(invalid)?;
        Ok(trail)
    }

    /// What makes this trail unusable, if anything.
    fn check(&self) -> Result<(), String> {
        if self.kgx_trail != VERSION {
            return Err(format!(
                "version {} (this kgx reads version {VERSION})",
                self.kgx_trail
            ));
        }
        if self.steps.len() > MAX_STEPS {
            return Err(format!("{} steps (at most {MAX_STEPS})", self.steps.len()));
        }
        if !self.steps.is_empty() && self.current >= self.steps.len() {
            return Err(format!(
                "current step {} of {}",
                self.current,
                self.steps.len()
            ));
        }
        let texts =
            [&self.graph, &self.query, &self.view]
                .into_iter()
                .chain(self.steps.iter().flat_map(|s| {
                    [&s.id, &s.name, &s.view]
                        .into_iter()
                        .chain(s.from.iter())
                        .chain(s.via.iter())
                }));
        for text in texts {
            if text.len() > MAX_TEXT {
                return Err(format!(
                    "a text of {} bytes (at most {MAX_TEXT})",
                    text.len()
                ));
            }
        }
        if let Some(step) = self.steps.iter().find(|s| s.id.is_empty()) {
            return Err(format!("a step without an id (named {:?})", step.name));
        }
        Ok(())
    }
}

impl Step {
    /// How it was opened, for a person: `searched`, `followed from X`, `path`, `from the
    /// timeline`. `name_of` names an id (the trail's own steps know the names).
    pub fn how_text(&self, name_of: impl Fn(&str) -> Option<String>) -> String {
        match self.how {
            How::Searched => "searched".into(),
            How::Followed => match &self.from {
                Some(id) => format!(
                    "followed from {}",
                    name_of(id).unwrap_or_else(|| id.clone())
                ),
                None => "followed".into(),
            },
            How::Path => "from a path".into(),
            How::View => format!("from the {}", self.via.as_deref().unwrap_or("view")),
        }
    }
}

/// `2026-12-07 18:50 UTC` for a time in seconds since 1970.
pub fn format_time(secs: u64) -> String {
    let days = (secs / 86_400) as i64;
    let (y, m, d) = civil_from_days(days);
    let rest = secs % 86_400;
    format!(
        "{y:04}-{m:02}-{d:02} {:02}:{:02} UTC",
        rest / 3600,
        rest % 3600 / 60
    )
}

/// The date of a day counted from 1970-01-01 (Howard Hinnant's `civil_from_days`).
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d)
}

#[cfg(test)]
mod tests;
