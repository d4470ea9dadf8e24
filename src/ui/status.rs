//! The status line: the breadcrumb trail of where the user has been (and where `]` goes), then a
//! message or the keys that matter in the focused pane. When the line is short, the trail's
//! middle and the less needed keys give way first; the quit key and help always stay.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};

use super::{Theme, fit, safe, width};
use crate::app::{App, Crumb, Focus, Grouping};

/// What a reload error ends with, whatever the room: how to make it go away.
const DISMISS: &str = "  (Esc to dismiss)";

pub(super) fn render(app: &App, area: Rect, buf: &mut Buffer) {
    let theme = Theme::of(app);
    if let (Some(error), None) = (&app.reload_error, &app.message) {
        // The whole line: the error matters more than the trail (whose crumbs take no clicks
        // meanwhile); cut in its middle, never its dismiss hint.
        let room = (area.width as usize).saturating_sub(1 + width(DISMISS));
        let mut spans = vec![Span::raw(" ")];
        spans.extend(fit(
            vec![Span::styled(safe(error).into_owned(), theme.error_line())],
            room,
        ));
        spans.push(Span::styled(DISMISS, theme.dim()));
        buf.set_line(
            area.x,
            area.y,
            &Line::from(fit(spans, area.width as usize)),
            area.width,
        );
        return;
    }
    let crumbs = app.breadcrumbs(area.width);
    let mut spans = crumb_spans(&crumbs, theme);
    let left_w: usize = spans.iter().map(|s| width(&s.content)).sum();
    // At least three spaces between the trail and the keys.
    let room = (area.width as usize).saturating_sub(left_w + 4);
    let mut right = super::date_prompt::mark(app, theme);
    let mark_w: usize = right.iter().map(|s| width(&s.content)).sum();
    match &app.message {
        Some(m) => right.push(Span::styled(safe(m).into_owned(), theme.message())),
        None => right.push(Span::styled(
            keys_that_fit(
                hints(app.focus, app.relations.grouping),
                room.saturating_sub(mark_w),
            ),
            theme.dim(),
        )),
    }
    let right = fit(right, room);
    let right_w: usize = right.iter().map(|s| width(&s.content)).sum();
    spans.push(Span::raw(" ".repeat(room - right_w + 3)));
    spans.extend(right);
    buf.set_line(
        area.x,
        area.y,
        &Line::from(fit(spans, area.width as usize)),
        area.width,
    );
}

/// The trail as spans: places behind plain, the current one bold, the ones ahead dimmed, and
/// `…` where crumbs were left out.
fn crumb_spans(crumbs: &[Crumb], theme: Theme) -> Vec<Span<'static>> {
    let mut spans: Vec<Span<'static>> = Vec::new();
    if crumbs.is_empty() {
        spans.push(Span::raw(" "));
    }
    for (i, c) in crumbs.iter().enumerate() {
        let separator = match (i, c.gap_before) {
            (0, false) => " ",
            (0, true) => " … › ",
            (_, false) => " › ",
            (_, true) => " › … › ",
        };
        spans.push(Span::styled(separator, theme.dim()));
        // Crumbs carry their own column (a click finds them by it); the spans must agree.
        debug_assert_eq!(
            spans.iter().map(|s| width(&s.content)).sum::<usize>(),
            c.x as usize
        );
        let style = if c.steps_forward > 0 {
            theme.dim()
        } else if c.steps_back == 0 {
            theme.heading()
        } else {
            Style::new()
        };
        spans.push(Span::styled(c.label.clone(), style));
        if c.gap_after {
            spans.push(Span::styled(" › …", theme.dim()));
        }
    }
    spans
}

/// One key hint of the status line; `keep`: never left out for room (quit and help).
struct Hint {
    text: &'static str,
    keep: bool,
}

const fn hint(text: &'static str) -> Hint {
    Hint { text, keep: false }
}

const fn always(text: &'static str) -> Hint {
    Hint { text, keep: true }
}

/// The hints joined with ` · ` in at most `room` columns: the last ones that may go are left
/// out first, so the quit key and help stay as long as they fit at all.
fn keys_that_fit(hints: &[Hint], room: usize) -> String {
    let mut shown: Vec<&Hint> = hints.iter().collect();
    let line = |shown: &[&Hint]| {
        let texts: Vec<&str> = shown.iter().map(|h| h.text).collect();
        texts.join(" · ") + " "
    };
    while width(&line(&shown)) > room {
        match shown.iter().rposition(|h| !h.keep) {
            Some(i) => {
                shown.remove(i);
            }
            None => break,
        }
    }
    line(&shown)
}

/// The keys that matter in `focus` (and the relations pane's grouping), each pane's quit key
/// among them.
fn hints(focus: Focus, grouping: Grouping) -> &'static [Hint] {
    match focus {
        Focus::Relations if grouping == Grouping::Partners => PARTNERS_KEYS,
        Focus::Search => SEARCH_KEYS,
        Focus::Results => RESULTS_KEYS,
        Focus::Relations => RELATIONS_KEYS,
    }
}

const PARTNERS_KEYS: &[Hint] = &[
    hint("j/k"),
    hint("→/l deals"),
    hint("←/h fold"),
    hint("Enter follow"),
    hint("` relations"),
    hint("[ ] back/fwd"),
    always("q quit"),
    always("? help"),
];

const SEARCH_KEYS: &[Hint] = &[
    hint("type to filter"),
    hint("↑↓ move"),
    hint("Enter open"),
    hint("Tab focus"),
    hint("Ctrl-t kind"),
    always("Ctrl-c quit"),
    always("F1 help"),
];

const RESULTS_KEYS: &[Hint] = &[
    hint("j/k move"),
    hint("Enter open"),
    hint("[ ] back/fwd"),
    hint("/ search"),
    hint("y copy id"),
    always("q quit"),
    always("? help"),
];

const RELATIONS_KEYS: &[Hint] = &[
    hint("j/k move"),
    hint("Enter follow"),
    hint("` partners"),
    hint("[ ] back/fwd"),
    hint("Esc results"),
    hint("y copy id"),
    always("q quit"),
    always("? help"),
];
