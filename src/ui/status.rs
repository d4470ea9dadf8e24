//! The status line: the breadcrumb trail of where the user has been, then a transient message or
//! the keys that matter in the focused pane.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

use super::{Theme, fit, safe, width};
use crate::app::{App, Focus, Grouping};

pub(super) fn render(app: &App, area: Rect, buf: &mut Buffer) {
    let theme = Theme::of(app);
    let crumbs = app.breadcrumbs(area.width);
    let mut spans: Vec<Span<'static>> = Vec::new();
    if crumbs.first().is_some_and(|c| c.x > 1) {
        spans.push(Span::styled(" … › ", theme.dim()));
    } else {
        spans.push(Span::raw(" "));
    }
    let last = crumbs.len().saturating_sub(1);
    for (i, c) in crumbs.iter().enumerate() {
        if i > 0 {
            spans.push(Span::styled(" › ", theme.dim()));
        }
        let style = if i == last {
            theme.heading()
        } else {
            theme.dim()
        };
        // Crumbs carry their own column (a click finds them by it); the spans must agree.
        debug_assert_eq!(
            spans.iter().map(|s| width(&s.content)).sum::<usize>(),
            c.x as usize
        );
        spans.push(Span::styled(c.label.clone(), style));
    }
    let left_w: usize = spans.iter().map(|s| width(&s.content)).sum();
    let room = (area.width as usize).saturating_sub(left_w + 2);
    let mut right = super::date_prompt::mark(app, theme);
    right.push(match &app.message {
        Some(m) => Span::styled(safe(m).into_owned(), theme.message()),
        None => Span::styled(
            hints(app.focus, app.relations.grouping).to_string(),
            theme.dim(),
        ),
    });
    let right = fit(right, room);
    let right_w: usize = right.iter().map(|s| width(&s.content)).sum();
    spans.push(Span::raw(" ".repeat(room - right_w + 1)));
    spans.extend(right);
    buf.set_line(
        area.x,
        area.y,
        &Line::from(fit(spans, area.width as usize)),
        area.width,
    );
}

/// The keys that matter in `focus` (and the relations pane's grouping).
fn hints(focus: Focus, grouping: Grouping) -> &'static str {
    match focus {
        Focus::Relations if grouping == Grouping::Partners => {
            "j/k · →/l deals · ←/h fold · Enter follow · ` relations · [ ] back/fwd · ? help "
        }
        Focus::Search => {
            "type to filter · ↑↓ move · Enter open · Tab focus · Ctrl-t kind · F1 help "
        }
        Focus::Results => {
            "j/k move · Enter open · [ ] back/fwd · / search · y copy id · q quit · ? help "
        }
        Focus::Relations => {
            "j/k move · Enter follow · ` partners · [ ] back/fwd · Esc results · y copy id · ? help "
        }
    }
}
