//! Drawing the explorer: one pure function of the [`App`] per pane, one file each. Nothing here
//! changes state. Graph text enters the screen only through [`safe`] and [`highlighted`], which
//! escape control characters, so data cannot drive the terminal.

mod date_prompt;
mod detail;
mod help;
pub(crate) mod partners;
mod relations;
mod results;
mod search_bar;
mod status;
mod too_small;
mod views;

use std::borrow::Cow;

use ratatui::buffer::Buffer;
use ratatui::layout::{Position, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::Span;
use ratatui::widgets::{Block, BorderType};
use unicode_width::UnicodeWidthChar;

use crate::app::layout::Panes;
use crate::app::{App, Focus, View};
use crate::escape::{is_unsafe_char, safe_text};

/// Draws the whole screen for `app` into `buf`.
pub fn render(app: &App, area: Rect, buf: &mut Buffer) {
    let Some(panes) = Panes::new(area) else {
        too_small::render(area, buf);
        return;
    };
    match app.view {
        View::Explore => {
            search_bar::render(app, panes.search, buf);
            results::render(app, panes.results, buf);
            detail::render(app, panes.detail, buf);
            relations::render(app, panes.relations, buf);
            status::render(app, panes.status, buf);
        }
        View::Paths => views::paths::render(app, area, buf),
        View::Neighbourhood => views::neighbourhood::render(app, area, buf),
        View::Timeline => views::timeline::render(app, area, buf),
        View::Cycles => views::cycles::render(app, area, buf),
        View::Compare => views::compare::render(app, area, buf),
        View::Overview => views::overview::render(app, area, buf),
    }
    if app.help.shown {
        help::render(app, area, buf);
    }
}

/// The most lines the explorer's detail pane can scroll away at this size, as drawn: the
/// terminal layer hands it to the app after each frame (the app does not wrap text).
pub fn detail_max_scroll(app: &App, area: Rect) -> Option<u16> {
    let panes = Panes::new(area)?;
    Some(detail::max_scroll(app, panes.detail))
}

/// Where the terminal cursor goes: in the query while the search line has focus.
pub fn cursor_position(app: &App, area: Rect) -> Option<Position> {
    let panes = Panes::new(area)?;
    if app.date_prompt.is_some() && !app.help.shown {
        return Some(date_prompt::cursor_position(app, area, panes.search));
    }
    if app.view != View::Explore {
        return views::paths::cursor_position(app, area);
    }
    (app.focus == Focus::Search && !app.help.shown)
        .then(|| search_bar::cursor_position(app, panes.search))
}

/// The colours and attributes in use; without colour (`NO_COLOR`) only attributes remain.
#[derive(Clone, Copy)]
pub(crate) struct Theme {
    color: bool,
}

impl Theme {
    pub(crate) fn of(app: &App) -> Theme {
        Theme {
            color: app.options.color,
        }
    }

    fn fg(self, c: Color) -> Style {
        if self.color {
            Style::new().fg(c)
        } else {
            Style::new()
        }
    }

    /// The symbol and style of a kind: the core kinds each have their own; stubs (ends outside
    /// the file) a `?`; any other kind a symbol and colour picked by a hash of its name, the same
    /// on every run and for every graph (`User` looks alike in two Neo4j exports).
    pub(crate) fn kind(self, kind: &str) -> (&'static str, Style) {
        match kind {
            "company" => ("●", self.fg(Color::Blue)),
            "chip" => ("◆", self.fg(Color::Magenta)),
            "cloud" => ("▲", self.fg(Color::Cyan)),
            "deal" => ("$", self.fg(Color::Green)),
            crate::graph::STUB_KIND => ("?", self.fg(Color::DarkGray)),
            _ => {
                const SYMBOLS: [&str; 6] = ["■", "○", "◇", "△", "□", "◎"];
                const COLORS: [Color; 6] = [
                    Color::Yellow,
                    Color::LightRed,
                    Color::LightGreen,
                    Color::LightBlue,
                    Color::LightMagenta,
                    Color::LightCyan,
                ];
                // FNV-1a: stable across runs and platforms, unlike the std hasher.
                let h = kind.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| {
                    (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
                });
                (
                    SYMBOLS[(h % 6) as usize],
                    self.fg(COLORS[((h / 6) % 6) as usize]),
                )
            }
        }
    }

    /// Matched characters.
    pub(crate) fn matched(self) -> Style {
        if self.color {
            Style::new().fg(Color::Yellow).add_modifier(Modifier::BOLD)
        } else {
            Style::new().add_modifier(Modifier::BOLD | Modifier::UNDERLINED)
        }
    }

    /// The selected row: reverse video, which works with and without colour.
    pub(crate) fn selected(self) -> Style {
        Style::new().add_modifier(Modifier::REVERSED)
    }

    /// Secondary text.
    pub(crate) fn dim(self) -> Style {
        if self.color {
            Style::new().fg(Color::DarkGray)
        } else {
            Style::new().add_modifier(Modifier::DIM)
        }
    }

    pub(crate) fn heading(self) -> Style {
        Style::new().add_modifier(Modifier::BOLD)
    }

    /// A deal's amount, date and status.
    pub(crate) fn money(self) -> Style {
        self.fg(Color::Green)
    }

    pub(crate) fn message(self) -> Style {
        self.fg(Color::Yellow).add_modifier(Modifier::BOLD)
    }

    /// A message about something that failed and stays until dismissed (a reload error).
    pub(crate) fn error_line(self) -> Style {
        self.fg(Color::Red).add_modifier(Modifier::BOLD)
    }

    /// The part of the input that is wrong (a filter that does not parse, a bad date):
    /// underlined, so it shows without colour too.
    pub(crate) fn error(self) -> Style {
        self.fg(Color::Red)
            .add_modifier(Modifier::UNDERLINED | Modifier::BOLD)
    }

    /// A pane's border block, brighter when the pane has focus.
    pub(crate) fn block(self, title: String, focused: bool) -> Block<'static> {
        let style = match (focused, self.color) {
            (true, true) => Style::new().fg(Color::Cyan),
            (true, false) => Style::new().add_modifier(Modifier::BOLD),
            (false, _) => self.dim(),
        };
        Block::bordered()
            .border_type(if focused {
                BorderType::Thick
            } else {
                BorderType::Plain
            })
            .border_style(style)
            .title(Span::styled(title, style))
    }
}

/// Graph text made safe for the terminal.
pub(crate) fn safe(s: &str) -> Cow<'_, str> {
    safe_text(s)
}

/// `text` as spans with the characters at `positions` (character indices) in `hl`, the rest in
/// `base`; unsafe characters are escaped one by one so positions stay right.
pub(crate) fn highlighted(
    text: &str,
    positions: &[usize],
    base: Style,
    hl: Style,
) -> Vec<Span<'static>> {
    let mut spans: Vec<Span<'static>> = Vec::new();
    let mut run = String::new();
    let mut run_hl = false;
    let mut pos = positions.iter().peekable();
    for (i, c) in text.chars().enumerate() {
        while pos.next_if(|&&p| p < i).is_some() {}
        let is_hl = pos.peek() == Some(&&i) && !is_unsafe_char(c);
        if is_hl != run_hl && !run.is_empty() {
            spans.push(Span::styled(
                std::mem::take(&mut run),
                if run_hl { hl } else { base },
            ));
        }
        run_hl = is_hl;
        if is_unsafe_char(c) {
            run.push_str(&safe_text(c.encode_utf8(&mut [0; 4])));
        } else {
            run.push(c);
        }
    }
    if !run.is_empty() {
        spans.push(Span::styled(run, if run_hl { hl } else { base }));
    }
    spans
}

/// Display width of `s` in terminal columns.
pub(crate) fn width(s: &str) -> usize {
    unicode_width::UnicodeWidthStr::width(s)
}

/// `spans` cut to at most `max` columns, ending in `…` when something was cut. Wide characters
/// never straddle the edge.
pub(crate) fn fit(spans: Vec<Span<'static>>, max: usize) -> Vec<Span<'static>> {
    let total: usize = spans.iter().map(|s| width(&s.content)).sum();
    if total <= max {
        return spans;
    }
    if max == 0 {
        return Vec::new();
    }
    let mut room = max - 1;
    let mut out = Vec::new();
    let mut last_style = Style::new();
    for span in spans {
        last_style = span.style;
        let mut kept = String::new();
        let mut full = true;
        for c in span.content.chars() {
            let w = c.width().unwrap_or(0);
            if w > room {
                full = false;
                break;
            }
            room -= w;
            kept.push(c);
        }
        if !kept.is_empty() {
            out.push(Span::styled(kept, span.style));
        }
        if !full {
            break;
        }
    }
    out.push(Span::styled("…", last_style));
    out
}

/// `s` cut or padded with spaces to exactly `cols` columns.
pub(crate) fn pad(s: &str, cols: usize) -> String {
    let spans = fit(vec![Span::raw(s.to_string())], cols);
    let mut out: String = spans.iter().map(|s| s.content.as_ref()).collect();
    let w = width(&out);
    out.extend(std::iter::repeat_n(' ', cols.saturating_sub(w)));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn joined(spans: &[Span<'_>]) -> String {
        spans.iter().map(|s| s.content.as_ref()).collect()
    }

    #[test]
    fn fit_cuts_with_an_ellipsis_and_never_splits_a_wide_character() {
        let spans = vec![Span::raw("東京 AI")];
        assert_eq!(joined(&fit(spans.clone(), 7)), "東京 AI");
        assert_eq!(joined(&fit(spans.clone(), 6)), "東京 …");
        // "東" is two columns: with 3 columns there is room for it and the ellipsis only.
        assert_eq!(joined(&fit(spans.clone(), 3)), "東…");
        assert_eq!(joined(&fit(spans.clone(), 2)), "…");
        assert!(fit(spans, 0).is_empty());
        assert_eq!(pad("東京", 6), "東京  ");
        assert_eq!(width(&pad("東京タワー", 5)), 5);
    }

    #[test]
    fn highlighted_escapes_controls_and_keeps_positions() {
        let hl = Style::new().add_modifier(Modifier::BOLD);
        let spans = highlighted("a\x1bbc", &[0, 2], Style::new(), hl);
        assert_eq!(joined(&spans), "a\\x1bbc");
        let bold: Vec<&str> = spans
            .iter()
            .filter(|s| s.style == hl)
            .map(|s| s.content.as_ref())
            .collect();
        assert_eq!(bold, ["a", "b"]);
    }
}
