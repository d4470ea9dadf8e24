//! The overview screen (`i`): the graph's kinds and relation types with bars, each kind's
//! attribute keys, the shape and the data-quality rows, scrolled so the selected row stays in
//! view; or the list a chosen row opened (the relations of a type, a check's offenders).

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::Span;

use super::frame::{self, line_at, note_at};
use crate::app::App;
use crate::app::views::overview::current_lines;
use crate::display::format_count;
use crate::ui::Theme;

pub(crate) fn render(app: &App, area: Rect, buf: &mut Buffer) {
    let theme = Theme::of(app);
    let v = &app.views.overview;
    if let Some(list) = &v.list {
        let hints = "↑↓ move · Enter open · Esc back to the overview · ? help";
        let more = if list.more > 0 {
            format!(
                " (first {} of {})",
                format_count(list.rows.len()),
                format_count(list.rows.len() + list.more)
            )
        } else {
            String::new()
        };
        let title = format!(
            " Overview › {} · {}{more} ",
            list.title,
            format_count(list.rows.len())
        );
        let inner = frame::render(app, area, buf, title, hints);
        if list.rows.is_empty() {
            note_at(theme, inner, buf, "nothing to list");
            return;
        }
        let offset = list.pos.visible_offset(inner.height as usize);
        for (row, (text, _)) in list
            .rows
            .iter()
            .enumerate()
            .skip(offset)
            .take(inner.height as usize)
        {
            let y = inner.y + (row - offset) as u16;
            let spans = vec![Span::raw(format!(" {text}"))];
            line_at(theme, inner, buf, y, spans, row == list.pos.selected);
        }
        return;
    }
    let hints = "↑↓ move · Enter filter / open / list · Esc explorer · ? help";
    let title = format!(" Overview · {} ", crate::ui::safe(&app.options.origin));
    let inner = frame::render(app, area, buf, title, hints);
    if v.get().is_none() {
        note_at(
            theme,
            inner,
            buf,
            "working out the overview (large graph: a few seconds)…",
        );
        return;
    }
    let lines = current_lines(app);
    let body = Rect::new(inner.x, inner.y, inner.width, inner.height);
    let offset = v.pos.visible_offset(body.height as usize);
    for (row, line) in lines
        .iter()
        .enumerate()
        .skip(offset)
        .take(body.height as usize)
    {
        let y = body.y + (row - offset) as u16;
        let style = if line.heading {
            theme.heading()
        } else if line.target.is_some() {
            ratatui::style::Style::new()
        } else {
            theme.dim()
        };
        let spans = vec![Span::styled(line.text.clone(), style)];
        line_at(theme, body, buf, y, spans, row == v.pos.selected);
    }
}
