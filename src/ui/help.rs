//! The help overlay, generated from the key map so it lists exactly the keys the app uses.
//! Where it sits and how its lines flow into columns is `app::layout::HelpLayout`, shared with
//! the update that scrolls it.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Widget};

use super::{Theme, fit, pad};
use crate::app::App;
use crate::app::keymap::{HelpLine, help_lines};
use crate::app::layout::HELP_KEYS_WIDTH;

fn styled(line: HelpLine, theme: Theme) -> Line<'static> {
    match line {
        HelpLine::Heading(h) => Line::styled(h, theme.heading()),
        HelpLine::Binding { keys, help } => Line::from(vec![
            Span::styled(pad(&keys, HELP_KEYS_WIDTH), theme.matched()),
            Span::raw(" "),
            Span::raw(help),
        ]),
    }
}

pub(super) fn render(app: &App, area: Rect, buf: &mut Buffer) {
    let theme = Theme::of(app);
    let lines = help_lines();
    let layout = app.help_layout_of(&lines);
    let scroll = app.help.scroll.min(layout.max_scroll());
    let title = match layout.max_scroll() {
        0 => " Keys — any key closes ".to_string(),
        max => format!(
            " Keys {}–{}/{} · ↑↓ PgDn · other keys close ",
            scroll + 1,
            scroll + layout.visible,
            max + layout.visible
        ),
    };
    let popup = layout.popup.intersection(area);
    Clear.render(popup, buf);
    cut_wide_chars_at_left_edge(popup, buf);
    let block = theme.block(title, true);
    let inner = block.inner(popup);
    block.render(popup, buf);
    let width = layout.column_width;
    for (i, line) in lines.into_iter().enumerate() {
        let (col, row) = (i / layout.per_column, i % layout.per_column);
        let Some(row) = row.checked_sub(scroll).filter(|&r| r < layout.visible) else {
            continue;
        };
        if row as u16 >= inner.height || (col * width) as u16 >= inner.width {
            continue;
        }
        let x = inner.x + (col * width) as u16;
        let line = Line::from(fit(styled(line, theme).spans, width.saturating_sub(1)));
        buf.set_line(x, inner.y + row as u16, &line, width as u16);
    }
}

/// A wide character just left of the overlay would spill its second half over the overlay's
/// border (terminals draw it whole, and ratatui skips the cell it covers): it becomes a space.
fn cut_wide_chars_at_left_edge(popup: Rect, buf: &mut Buffer) {
    use unicode_width::UnicodeWidthStr;
    let Some(x) = popup.x.checked_sub(1) else {
        return;
    };
    for y in popup.top()..popup.bottom() {
        if let Some(cell) = buf.cell_mut((x, y))
            && cell.symbol().width() > 1
        {
            cell.set_symbol(" ");
        }
    }
}
