//! Where each pane sits for a terminal size. Both the renderer and the mouse handling in
//! [`super::update`] use these rectangles, so a click lands on what was drawn there.

use ratatui::layout::Rect;

/// The smallest terminal the explorer draws in; below it a "terminal too small" message shows.
pub(crate) const MIN_WIDTH: u16 = 40;
/// See [`MIN_WIDTH`].
pub(crate) const MIN_HEIGHT: u16 = 10;

/// The panes of the main view. List panes have a one-cell border; `*_rows` are their insides.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Panes {
    pub search: Rect,
    pub results: Rect,
    pub detail: Rect,
    pub relations: Rect,
    pub status: Rect,
}

impl Panes {
    /// The panes for `area`, or `None` when it is too small to draw them.
    pub fn new(area: Rect) -> Option<Panes> {
        if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
            return None;
        }
        let body = Rect::new(area.x, area.y + 1, area.width, area.height - 2);
        let left = (area.width * 2 / 5).max(30).min(area.width - 10);
        let results = Rect::new(body.x, body.y, left, body.height);
        let right_w = area.width - left;
        let detail_h = (body.height * 11 / 20).max(3);
        let detail = Rect::new(body.x + left, body.y, right_w, detail_h);
        let relations = Rect::new(
            body.x + left,
            body.y + detail_h,
            right_w,
            body.height - detail_h,
        );
        Some(Panes {
            search: Rect::new(area.x, area.y, area.width, 1),
            results,
            detail,
            relations,
            status: Rect::new(area.x, area.y + area.height - 1, area.width, 1),
        })
    }

    /// The rows inside the results pane's border.
    pub fn results_rows(&self) -> Rect {
        inner(self.results)
    }

    /// The rows inside the relations pane's border.
    pub(crate) fn relation_rows(&self) -> Rect {
        inner(self.relations)
    }
}

/// `r` without its one-cell border.
pub(crate) fn inner(r: Rect) -> Rect {
    Rect::new(
        r.x.saturating_add(1),
        r.y.saturating_add(1),
        r.width.saturating_sub(2),
        r.height.saturating_sub(2),
    )
}

/// True when the cell at `col`, `row` lies in `r`.
pub(crate) fn contains(r: Rect, col: u16, row: u16) -> bool {
    col >= r.x && col < r.x + r.width && row >= r.y && row < r.y + r.height
}

/// Columns the keys of a help line take, before its description.
pub(crate) const HELP_KEYS_WIDTH: usize = 12;
/// The widest a help column grows.
const HELP_MAX_COLUMN: usize = 56;

/// Where the help overlay sits and how its lines flow: as many columns as fit with every
/// description whole, lines split evenly between them, and, when even so they are taller than
/// the screen, a window of `visible` rows that scrolls.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct HelpLayout {
    /// The overlay, border included.
    pub popup: Rect,
    pub columns: usize,
    pub column_width: usize,
    /// Lines in each column (the last may hold fewer).
    pub per_column: usize,
    /// Rows of each column on screen at once.
    pub visible: usize,
}

impl HelpLayout {
    /// The layout of `lines` help lines, the widest `widest` columns, over `area`.
    pub(crate) fn new(area: Rect, lines: usize, widest: usize) -> HelpLayout {
        let avail_w = (area.width.saturating_sub(4) as usize).max(1);
        // The border's two rows and one more: the status line under the overlay stays visible.
        let avail_h = (area.height.saturating_sub(3) as usize).max(1);
        let wanted = (widest + 1).min(HELP_MAX_COLUMN);
        let fit_across = (avail_w / wanted).max(1);
        let needed = lines.div_ceil(avail_h).max(1);
        let columns = fit_across.min(needed);
        let per_column = lines.div_ceil(columns).max(1);
        let column_width = wanted.min(avail_w / columns);
        let visible = per_column.min(avail_h);
        let (w, h) = ((column_width * columns + 2) as u16, (visible + 2) as u16);
        let (w, h) = (w.min(area.width), h.min(area.height));
        HelpLayout {
            popup: Rect::new(
                area.x + area.width.saturating_sub(w) / 2,
                area.y + area.height.saturating_sub(h) / 2,
                w,
                h,
            ),
            columns,
            column_width,
            per_column,
            visible,
        }
    }

    /// How far the rows can scroll: 0 when everything shows.
    pub(crate) fn max_scroll(&self) -> usize {
        self.per_column.saturating_sub(self.visible)
    }
}
