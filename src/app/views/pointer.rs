//! Where the mouse lands in a view: the list row under the pointer (each list sits where its
//! renderer draws it, from the same rectangles), which a click selects and a double click opens,
//! as in the explorer's panes; a click on a year of the timeline's chart jumps to that year. The
//! wheel moves the selection as the arrow keys do
//! (`views::update`). The neighbourhood picture, with its two columns, has its own
//! (`neighbourhood::click`). This module holds no state.

use ratatui::layout::Rect;

use super::super::layout::contains;
use super::super::{App, ListPos, View};
use super::{activate, body_inner, list_area, move_in_view, neighbourhood, timeline};

/// The list a click can land on in the open view: where its rows are drawn, its scroll and
/// selection, and how many rows it has.
fn list_under_pointer(app: &App) -> Option<(Rect, ListPos, usize)> {
    let v = &app.views;
    let inner = body_inner(app.size);
    Some(match app.view {
        View::Timeline => (
            timeline::rows_area(app.size),
            v.timeline.pos,
            v.timeline.shown.len(),
        ),
        View::Cycles => (list_area(inner), v.cycles.pos, v.cycles.rows.len()),
        View::Compare => (list_area(inner), v.compare.pos, v.compare.rows.len()),
        View::Paths if v.paths.picking => (list_area(inner), v.paths.hit_pos, v.paths.hits.len()),
        View::Paths => (list_area(inner), v.paths.pos, v.paths.rows.len()),
        View::Overview => match &v.overview.list {
            Some(list) => (inner, list.pos, list.rows.len()),
            None => (
                inner,
                v.overview.pos,
                super::overview::current_lines(app).len(),
            ),
        },
        View::Neighbourhood | View::Explore => return None,
    })
}

/// A click at `col`, `row`: selects the list row under it (a heading or a blank row is not
/// selected); the second click of a double click on a selected row opens it, as Enter does.
pub(super) fn click(app: &mut App, col: u16, row: u16, double: bool) {
    if app.view == View::Neighbourhood {
        neighbourhood::click(app, col, row, double);
        return;
    }
    if app.view == View::Timeline && timeline::click_chart(app, col, row) {
        return;
    }
    let Some((area, pos, len)) = list_under_pointer(app) else {
        return;
    };
    if !contains(area, col, row) {
        return;
    }
    let target = pos.visible_offset(area.height as usize) + (row - area.y) as usize;
    if target >= len {
        return;
    }
    move_in_view(app, target as isize - pos.selected as isize);
    if app.view == View::Compare {
        // A row with two sides: the side clicked is the one Enter opens.
        super::compare::click_side(app, col);
    }
    let landed = list_under_pointer(app).map(|(_, pos, _)| pos.selected);
    if landed != Some(target) {
        // Not a selectable row: the selection stays where it was.
        let back = landed.map_or(0, |l| pos.selected as isize - l as isize);
        move_in_view(app, back);
    } else if double {
        activate(app);
    }
}
