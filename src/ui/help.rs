//! The help overlay, generated from the key map so it lists exactly the keys the app uses.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Widget};

use super::{Theme, fit, pad};
use crate::app::App;
use crate::app::keymap::{KEYMAP, Scope, chord_label};

const KEYS_WIDTH: usize = 12;

/// The overlay's rows: a heading per scope, then one row per binding of that scope.
fn rows(theme: Theme) -> Vec<Line<'static>> {
    let mut out = Vec::new();
    for (scope, heading) in [
        (Scope::Any, "Everywhere"),
        (Scope::Search, "In the search line"),
        (Scope::Browse, "Outside the search line"),
    ] {
        out.push(Line::styled(heading, theme.heading()));
        for b in KEYMAP.iter().filter(|b| b.scope == scope) {
            let keys: Vec<String> = b.keys.iter().map(chord_label).collect();
            out.push(Line::from(vec![
                Span::styled(pad(&keys.join(" "), KEYS_WIDTH), theme.matched()),
                Span::raw(" "),
                Span::raw(b.help),
            ]));
        }
    }
    out.push(Line::styled("In the views (p n t c)", theme.heading()));
    for b in crate::app::views::VIEW_KEYMAP {
        let keys: Vec<String> = b.keys.iter().map(chord_label).collect();
        out.push(Line::from(vec![
            Span::styled(pad(&keys.join(" "), KEYS_WIDTH), theme.matched()),
            Span::raw(" "),
            Span::raw(b.help),
        ]));
    }
    out
}

pub fn render(app: &App, area: Rect, buf: &mut Buffer) {
    let theme = Theme::of(app);
    let rows = rows(theme);
    let avail_h = area.height.saturating_sub(4).max(1) as usize;
    let columns = rows.len().div_ceil(avail_h).max(1);
    let per_column = rows.len().div_ceil(columns);
    let col_w = 56.min((area.width.saturating_sub(4) as usize) / columns);
    let w = (col_w * columns + 2) as u16;
    let h = (per_column + 2).min(area.height as usize) as u16;
    let popup = Rect::new(
        area.x + area.width.saturating_sub(w) / 2,
        area.y + area.height.saturating_sub(h) / 2,
        w.min(area.width),
        h,
    );
    Clear.render(popup, buf);
    let block = theme.block(" Keys — any key closes ".into(), true);
    let inner = block.inner(popup);
    block.render(popup, buf);
    for (i, line) in rows.into_iter().enumerate() {
        let (col, row) = (i / per_column, i % per_column);
        if row as u16 >= inner.height {
            continue;
        }
        let x = inner.x + (col * col_w) as u16;
        let line = Line::from(fit(line.spans, col_w.saturating_sub(1)));
        buf.set_line(x, inner.y + row as u16, &line, col_w as u16);
    }
}
