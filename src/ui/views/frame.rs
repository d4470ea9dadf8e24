//! What every relationship view shares: its bordered body with a title, and a status line that
//! shows a transient message or the keys that matter in the view.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Widget;

use crate::app::App;
use crate::app::views::frame;
use crate::ui::{Theme, fit, safe};

/// Draws the view's border titled `title` and its status line with `hints`; returns the inside.
pub(super) fn render(app: &App, area: Rect, buf: &mut Buffer, title: String, hints: &str) -> Rect {
    let theme = Theme::of(app);
    let (body, status) = frame((area.width, area.height));
    let block = theme.block(fit_title(title, body.width), true);
    let inner = block.inner(body);
    block.render(body, buf);
    let mut spans = vec![Span::raw(" ")];
    match crate::ui::date_prompt::spans(app, theme) {
        Some(prompt) => spans.extend(prompt),
        None => {
            spans.extend(crate::ui::date_prompt::mark(app, theme));
            spans.push(match &app.message {
                Some(m) => Span::styled(safe(m).into_owned(), theme.message()),
                None => Span::styled(hints.to_string(), theme.dim()),
            });
        }
    }
    let line = Line::from(fit(spans, status.width as usize));
    buf.set_line(status.x, status.y, &line, status.width);
    inner
}

fn fit_title(title: String, width: u16) -> String {
    let spans = fit(vec![Span::raw(title)], width.saturating_sub(2) as usize);
    spans.iter().map(|s| s.content.as_ref()).collect()
}

/// A line of spans drawn at row `y` of `area`, cut to its width, reversed when `selected`.
pub(crate) fn line_at(
    theme: Theme,
    area: Rect,
    buf: &mut Buffer,
    y: u16,
    spans: Vec<Span<'static>>,
    selected: bool,
) {
    if y >= area.y + area.height || area.width == 0 {
        return;
    }
    let mut line = Line::from(fit(spans, area.width as usize));
    if selected {
        line = line.patch_style(theme.selected());
    }
    buf.set_line(area.x, y, &line, area.width);
}

pub(crate) use crate::app::views::list_area;

/// A dim one-line note on the first row of `area` (a view that waits, or has nothing to list).
pub(crate) fn note_at(theme: Theme, area: Rect, buf: &mut Buffer, text: impl Into<String>) {
    let spans = vec![Span::styled(text.into(), theme.dim())];
    line_at(theme, area, buf, area.y, spans, false);
}
