//! The as-of date: its prompt (in the search line, or in a view's status line) and the
//! `as of 2025-12-16` mark the status lines carry while a date is set. State is `app/as_of.rs`.

use ratatui::layout::{Position, Rect};
use ratatui::text::Span;

use super::{Theme, safe, width};
use crate::app::{App, View};

/// What the prompt shows before the typed date.
const LABEL: &str = "as of ▸ ";
/// What the prompt says while the date is fine so far.
const HINT: &str = "  YYYY, YYYY-MM or YYYY-MM-DD · Enter sets · empty clears · Esc cancels";

/// The prompt's spans, when it is open: the label, the date typed, then the error or the hint.
pub(super) fn spans(app: &App, theme: Theme) -> Option<Vec<Span<'static>>> {
    let prompt = app.date_prompt.as_ref()?;
    let mut spans = vec![
        Span::styled(LABEL, theme.heading()),
        Span::raw(safe(&prompt.text).into_owned()),
    ];
    match &prompt.error {
        Some(e) => {
            spans.push(Span::raw("  "));
            spans.push(Span::styled(safe(e).into_owned(), theme.error()));
        }
        None => spans.push(Span::styled(HINT, theme.dim())),
    }
    Some(spans)
}

/// `as of 2025-12-16 · ` for a status line, while a date is set.
pub(super) fn mark(app: &App, theme: Theme) -> Vec<Span<'static>> {
    match &app.as_of {
        Some(day) => vec![
            Span::styled(format!("as of {}", day.day()), theme.message()),
            Span::styled(" · ", theme.dim()),
        ],
        None => Vec::new(),
    }
}

/// Where the cursor goes while the prompt is open: after the typed date, in the search line in
/// the explorer or in the status line (the last row) in a view.
pub(super) fn cursor_position(app: &App, area: Rect, search: Rect) -> Position {
    let typed = app
        .date_prompt
        .as_ref()
        .map_or(0, |p| width(&safe(&p.text)));
    let (x, y) = match app.view {
        View::Explore => (search.x, search.y),
        _ => (area.x + 1, area.y + area.height.saturating_sub(1)),
    };
    let col =
        (x as usize + width(LABEL) + typed).min((area.x + area.width).saturating_sub(1) as usize);
    Position::new(col as u16, y)
}
