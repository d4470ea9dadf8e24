//! The search line: `/ query`, the kind-filter tabs, and `N of M` matches.

use ratatui::buffer::Buffer;
use ratatui::layout::{Position, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};

use super::{Theme, fit, safe, width};
use crate::app::{App, Focus, TAB_SEPARATOR};

pub(super) fn render(app: &App, area: Rect, buf: &mut Buffer) {
    let theme = Theme::of(app);
    let prompt_style = if app.focus == Focus::Search {
        theme.heading()
    } else {
        theme.dim()
    };
    let right = right_side(app, theme, area.width as usize);
    let right_w: usize = right.iter().map(|s| width(&s.content)).sum();
    let left_w = (area.width as usize).saturating_sub(right_w);
    let left = match super::date_prompt::spans(app, theme) {
        Some(prompt) => fit(prompt, left_w),
        None => fit(query_spans(app, theme, prompt_style, left_w), left_w),
    };
    buf.set_line(area.x, area.y, &Line::from(left), left_w as u16);
    let x = area.x + (area.width as usize - right_w) as u16;
    buf.set_line(x, area.y, &Line::from(right), right_w as u16);
}

/// The tabs and match count; on narrow screens only the active tab. The tabs sit at the columns
/// [`App::tab_columns`] gives, where clicks look for them.
fn right_side(app: &App, theme: Theme, cols: usize) -> Vec<Span<'static>> {
    let active = Style::new().add_modifier(Modifier::REVERSED | Modifier::BOLD);
    let mut spans: Vec<Span<'static>> = Vec::new();
    if app.tab_columns(cols as u16).is_some() {
        for (i, tab) in app.search.tabs.iter().enumerate() {
            if i > 0 {
                spans.push(Span::styled(TAB_SEPARATOR, theme.dim()));
            }
            let style = if i == app.search.tab {
                active
            } else {
                theme.dim()
            };
            spans.push(Span::styled(safe(&tab.text()).into_owned(), style));
        }
    } else {
        let label = app
            .search
            .tabs
            .get(app.search.tab)
            .map_or(String::from("all"), |t| t.text());
        spans.push(Span::styled(format!("[{}]", safe(&label)), active));
    }
    spans.push(Span::styled(app.count_label(), theme.dim()));
    spans
}

/// `/ query`, with a filter that does not parse underlined and the reason after it
/// (`amount>ten: not a number — try amount>10b`).
fn query_spans(app: &App, theme: Theme, prompt_style: Style, cols: usize) -> Vec<Span<'static>> {
    let (shown, _, start) = visible_query(app, cols.saturating_sub(3));
    let mut spans = vec![Span::styled("/ ", prompt_style)];
    let Some(error) = &app.search.error else {
        spans.push(Span::raw(shown));
        return spans;
    };
    let q = &app.search.query;
    let char_at = |byte: usize| q.get(..byte.min(q.len())).map_or(0, |s| s.chars().count());
    let (from, to) = (char_at(error.span.start), char_at(error.span.end));
    for (i, c) in q.chars().enumerate().skip(start) {
        let text = safe(c.encode_utf8(&mut [0; 4])).into_owned();
        let style = if (from..to).contains(&i) {
            theme.error()
        } else {
            Style::new()
        };
        spans.push(Span::styled(text, style));
    }
    spans.push(Span::raw("  "));
    spans.push(Span::styled(
        safe(&error.to_string()).into_owned(),
        theme.message(),
    ));
    spans
}

/// The part of the query that fits in `cols` columns around the cursor, the cursor's column in
/// it, and the first character shown.
fn visible_query(app: &App, cols: usize) -> (String, usize, usize) {
    let chars: Vec<char> = app.search.query.chars().collect();
    let cursor = app.search.cursor.min(chars.len());
    let mut start = 0;
    let before = |start: usize| -> usize {
        chars[start..cursor]
            .iter()
            .map(|c| width(&safe(c.encode_utf8(&mut [0; 4]))))
            .sum()
    };
    while start < cursor && before(start) >= cols.max(1) {
        start += 1;
    }
    let shown: String = chars[start..].iter().collect();
    (safe(&shown).into_owned(), before(start), start)
}

pub(super) fn cursor_position(app: &App, area: Rect) -> Position {
    let right_w: usize = right_side(app, Theme::of(app), area.width as usize)
        .iter()
        .map(|s| width(&s.content))
        .sum();
    let left_w = (area.width as usize).saturating_sub(right_w);
    let (_, col, _) = visible_query(app, left_w.saturating_sub(3));
    let x = (area.x as usize + 2 + col).min(area.x as usize + left_w.saturating_sub(1));
    Position::new(x as u16, area.y)
}
