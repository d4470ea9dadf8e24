//! The results list: kind symbol, name with matched characters highlighted, the matched alias or
//! id when the match came from one, and the kind at the right. Only visible rows are formatted.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Widget;

use super::{Theme, fit, highlighted, pad, safe, width};
use crate::app::layout::inner;
use crate::app::{App, Focus};
use crate::display::{format_attr, format_count};
use crate::search::{Hit, MatchedKey, Subject};

pub(super) fn render(app: &App, area: Rect, buf: &mut Buffer) {
    let theme = Theme::of(app);
    // While a worker search runs, the newest complete results stay, marked as such.
    // Before the index of a large graph is built, typed queries wait for it.
    let searching = if app.indexing() {
        "· indexing… "
    } else if app.searching() {
        "· searching… "
    } else {
        ""
    };
    let title = format!(
        " Results {} {searching}",
        format_count(app.results.hits.len())
    );
    theme
        .block(title, app.focus == Focus::Results)
        .render(area, buf);
    let rows = inner(area);
    if rows.is_empty() {
        return;
    }
    if app.results.hits.is_empty() {
        let line = Line::styled("no match", theme.dim());
        buf.set_line(rows.x + 1, rows.y, &line, rows.width.saturating_sub(1));
        return;
    }
    let offset = app.results.pos.visible_offset(rows.height as usize);
    let visible = app.results.hits.iter().enumerate().skip(offset);
    for ((i, hit), y) in visible.zip(rows.y..rows.y + rows.height) {
        let mut line = Line::from(row(app, theme, hit, rows.width as usize));
        if i == app.results.pos.selected {
            line = line.patch_style(theme.selected());
        }
        buf.set_line(rows.x, y, &line, rows.width);
    }
}

fn row(app: &App, theme: Theme, hit: &Hit, cols: usize) -> Vec<Span<'static>> {
    let e = app.graph.entity(hit.entity);
    let (symbol, kind_style) = theme.kind(e.kind());
    let hl = app
        .engine
        .index
        .as_ref()
        .map_or_else(Default::default, |index| {
            app.engine
                .searcher
                .highlights(&app.graph, index, &app.results.query, hit)
        });
    let kind = safe(e.kind());
    let kind_w = width(&kind).min(12);
    let show_kind = cols >= kind_w + 16;
    let left_w = if show_kind { cols - kind_w - 1 } else { cols };

    let mut left = vec![Span::styled(format!("{symbol} "), kind_style)];
    left.extend(highlighted(
        e.name(),
        &hl.name,
        Default::default(),
        theme.matched(),
    ));
    let key = match hit.key {
        MatchedKey::Name => None,
        MatchedKey::Alias(a) => e.aliases().nth(a as usize),
        MatchedKey::Id => Some(e.id()),
    };
    // An id that only differs from the name in case (`openai` for OpenAI) says nothing new.
    if let Some(key) = key.filter(|k| !k.eq_ignore_ascii_case(e.name())) {
        left.push(Span::styled("  (", theme.dim()));
        left.extend(highlighted(key, &hl.key, theme.dim(), theme.matched()));
        left.push(Span::styled(")", theme.dim()));
    }
    // The value a filter matched (`amount>100b`: the amount) after the name, kept whole: the
    // name gives way first.
    let matched = app
        .results
        .filters
        .matched_value(&app.graph, Subject::Entity(hit.entity))
        .map(|m| format!(" {}", format_attr(m.key, &m.value)))
        .filter(|m| width(m) + 8 <= left_w);
    let matched_w = matched.as_deref().map_or(0, width);
    let mut spans = fit(left, left_w - matched_w);
    if let Some(m) = matched {
        spans.push(Span::styled(m, theme.money()));
    }
    if show_kind {
        let used: usize = spans.iter().map(|s| width(&s.content)).sum();
        spans.push(Span::raw(" ".repeat(left_w - used + 1)));
        spans.push(Span::styled(pad(&kind, kind_w), kind_style));
    }
    spans
}
