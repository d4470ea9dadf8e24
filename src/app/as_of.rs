//! The explorer's as-of date: the date prompt (`a`), setting and clearing the date without losing
//! the user's place, and moving it a month or a year from the timeline. The dated view itself is
//! `analysis::as_of`'s; this file only swaps it in (the data is shared, so this is quick even on
//! a million entities: no copy, no new search index).

use super::{Action, App};
use crate::analysis::AsOf;
use crate::display::as_of_line;

/// The as-of date prompt in the search line: what is typed, and why it is not a date yet.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct DatePrompt {
    /// The date typed so far.
    pub text: String,
    /// Set when `text` cannot become a date (`2025-13`), or Enter found it incomplete.
    pub error: Option<String>,
}

/// Whether `text` is a date, or the start of one (`2025-1` can still become `2025-11`).
fn could_become_date(text: &str) -> bool {
    ["2000-01-01", "2000-01-10"].iter().any(|template| {
        text.len() <= template.len()
            && template.is_char_boundary(text.len())
            && AsOf::parse(&format!("{text}{}", &template[text.len()..])).is_ok()
    })
}

impl DatePrompt {
    fn check(&mut self) {
        self.error = (!could_become_date(&self.text)).then(|| {
            format!(
                "{}: not a date — use YYYY, YYYY-MM or YYYY-MM-DD",
                self.text
            )
        });
    }
}

impl App {
    /// Opens the date prompt with the current date, if any, ready to edit.
    pub(super) fn open_date_prompt(&mut self) {
        self.date_prompt = Some(DatePrompt {
            text: self
                .as_of
                .as_ref()
                .map_or(String::new(), |d| d.day().into()),
            error: None,
        });
    }

    /// Applies a key to the open date prompt: typing, Backspace, Ctrl-u, Enter (set the date,
    /// or clear it when empty), Esc (close without change). Other keys do nothing.
    pub(super) fn date_prompt_key(&mut self, action: Action) {
        let Some(prompt) = self.date_prompt.as_mut() else {
            return;
        };
        match action {
            Action::Insert(c) => {
                prompt.text.push(c);
                prompt.check();
            }
            Action::DeleteBack => {
                prompt.text.pop();
                prompt.check();
            }
            Action::ClearQuery | Action::DeleteWord => {
                prompt.text.clear();
                prompt.error = None;
            }
            Action::Escape | Action::CloseView => self.date_prompt = None,
            Action::Activate if prompt.text.trim().is_empty() => {
                self.date_prompt = None;
                self.set_as_of(None);
            }
            Action::Activate => match AsOf::parse(&prompt.text) {
                Ok(day) => {
                    self.date_prompt = None;
                    self.set_as_of(Some(day));
                }
                Err(_) => {
                    prompt.error = Some(format!(
                        "{}: not a date — use YYYY, YYYY-MM or YYYY-MM-DD",
                        prompt.text
                    ));
                }
            },
            _ => {}
        }
    }

    /// Sees the graph as of `day` (`None`: today, everything the file holds), keeping the
    /// user's place: the selected result, the opened entity, the focus, the open view, and the
    /// history, wherever those entities are still shown.
    pub fn set_as_of(&mut self, day: Option<AsOf>) {
        let base = self.graph.unmasked();
        let (graph, summary) = match &day {
            Some(d) => {
                let (g, s) = d.view(&base);
                (g, Some(s))
            }
            None => (base, None),
        };
        self.as_of = day;
        let gone = self.swap_graph(graph, false);
        self.message = Some(match (&self.as_of, summary) {
            (Some(day), Some(s)) => {
                // The status line already says `as of DAY`: the message says what it hid.
                let line = as_of_line(day, &s);
                let mut m = line
                    .split_once(": ")
                    .map_or(line.clone(), |(_, rest)| rest.to_string());
                if !gone.is_empty() {
                    m = format!("{} not known then · {m}", gone.len());
                }
                m
            }
            _ => "as of today: the whole graph".into(),
        });
    }

    /// Moves the as-of date by `months` (from the graph's last date when none is set).
    pub(super) fn shift_as_of(&mut self, months: i32) {
        let from = self.as_of.clone().or_else(|| AsOf::latest(&self.graph));
        if let Some(from) = from {
            self.set_as_of(Some(from.shifted(months)));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::could_become_date;

    #[test]
    fn partial_dates_are_not_errors() {
        for ok in [
            "",
            "2",
            "202",
            "2025",
            "2025-",
            "2025-1",
            "2025-12",
            "2025-12-",
            "2025-01-0",
        ] {
            assert!(could_become_date(ok), "{ok}");
        }
        for bad in [
            "x",
            "2025-13",
            "2025-02-30",
            "2025-12-16-",
            "20251",
            "2025-12-32",
        ] {
            assert!(!could_become_date(bad), "{bad}");
        }
    }
}
