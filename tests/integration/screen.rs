//! Drawing the app into ratatui's `TestBackend` and reading the frame back as text, shared by the
//! snapshot test modules.

use kgx::app::{self, Action, App};
use kgx::ui;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;

/// One frame of `app` at `w`x`h`, after telling the app its size; then, as the terminal layer
/// does, tells the app how far its detail pane can scroll.
pub fn draw(app: &mut App, w: u16, h: u16) -> Buffer {
    app::update(app, Action::Resize(w, h));
    let mut terminal = Terminal::new(TestBackend::new(w, h)).unwrap();
    terminal
        .draw(|f| ui::render(app, f.area(), f.buffer_mut()))
        .unwrap();
    app.detail.max_scroll = ui::detail_max_scroll(app, ratatui::layout::Rect::new(0, 0, w, h));
    terminal.backend().buffer().clone()
}

/// The frame as lines of text; a wide character's trailing cell is not repeated.
pub fn text(buf: &Buffer) -> String {
    let mut out = String::new();
    for y in 0..buf.area.height {
        let mut skip = 0;
        for x in 0..buf.area.width {
            let cell = &buf[(x, y)];
            if skip > 0 {
                skip -= 1;
                continue;
            }
            out.push_str(cell.symbol());
            skip = unicode_width::UnicodeWidthStr::width(cell.symbol()).saturating_sub(1);
        }
        out.push('\n');
    }
    out
}
