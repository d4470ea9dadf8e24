//! [`update`]: how each [`Action`] changes the [`App`]. Pure: no terminal, no clock, no files.

use super::layout::contains;
use super::{Action, App, Effect, Focus, RelRow, View, short};
use crate::escape::safe_text;
use crate::graph::EntityIx;

/// Applies `action` to `app`; returns what the terminal layer must do.
pub fn update(app: &mut App, action: Action) -> Effect {
    // `q` asked; only a second `q` right after it quits (a resize is not an answer).
    let quit_asked = match action {
        Action::Resize(..) => app.keys.quit_asked,
        _ => std::mem::take(&mut app.keys.quit_asked),
    };
    if app.help.shown && !matches!(action, Action::Resize(..) | Action::QuitNow) {
        app.message = None;
        help_key(app, action);
        return Effect::None;
    }
    if !matches!(
        action,
        Action::Resize(..) | Action::Scroll { .. } | Action::Quit
    ) {
        app.message = None;
    }
    // Esc dismisses a reload error first (and only that); leaving a view dismisses it too.
    if app.reload_error.is_some() {
        match action {
            Action::Escape => {
                app.reload_error = None;
                return Effect::None;
            }
            Action::CloseView => app.reload_error = None,
            _ => {}
        }
    }
    if app.date_prompt.is_some() && !matches!(action, Action::Resize(..) | Action::QuitNow) {
        match action {
            // `a` then a letter is a word typed into a pane (`amazon`), not a date: search it.
            Action::Insert(c)
                if c.is_alphabetic()
                    && app.date_prompt.as_ref().is_some_and(|p| p.text.is_empty()) =>
            {
                app.date_prompt = None;
                start_search(app, c, Some(super::keymap::DATE_PROMPT_KEY));
            }
            _ => app.date_prompt_key(action),
        }
        return Effect::None;
    }
    if let Some(effect) = super::views::update(app, action) {
        return effect;
    }
    match action {
        Action::Insert(_)
        | Action::DeleteBack
        | Action::DeleteForward
        | Action::DeleteWord
        | Action::ClearQuery
        | Action::CursorLeft
        | Action::CursorRight => edit_query(app, action),
        Action::Escape => escape(app),
        Action::FocusSearch => {
            app.keep_relations_place();
            app.focus = Focus::Search;
        }
        Action::FocusNext => cycle_focus(app, true),
        Action::FocusPrev => cycle_focus(app, false),
        Action::MoveUp => move_by(app, -1),
        Action::MoveDown => move_by(app, 1),
        Action::PageUp => move_by(app, -(page(app) as isize)),
        Action::PageDown => move_by(app, page(app) as isize),
        Action::Top => move_by(app, isize::MIN / 2),
        Action::Bottom => move_by(app, isize::MAX / 2),
        Action::Activate => activate(app),
        Action::Back => app.go_back(1),
        Action::Forward => app.go_forward(1),
        Action::CycleKind => {
            app.search.tab = (app.search.tab + 1) % app.search.tabs.len().max(1);
            app.run_search();
        }
        Action::CopyId | Action::CopyName => return copy(app, action == Action::CopyId),
        Action::ToggleHelp => {
            app.help.shown = true;
            app.help.scroll = 0;
        }
        Action::Quit if quit_asked => return Effect::Quit,
        Action::Quit => {
            app.keys.quit_asked = true;
            app.message = Some("quit kgx? q again to quit · any other key stays".into());
        }
        Action::QuitNow => return Effect::Quit,
        Action::StartSearch { typed, after } => start_search(app, typed, after),
        Action::Unbound(chord) => {
            app.message = Some(format!(
                "unbound key {}: try ? for help",
                super::keymap::chord_label(&chord)
            ));
        }
        Action::HalfPageUp => move_by(app, -(page(app) as isize / 2).max(1)),
        Action::HalfPageDown => move_by(app, (page(app) as isize / 2).max(1)),
        Action::ScrollDetail(lines) => scroll_detail(app, lines as isize),
        Action::Suspend => return Effect::Suspend,
        Action::Reload => match app.options.source {
            super::Source::File(_) => return Effect::Reload,
            _ => app.nothing_to_reload(),
        },
        Action::Resize(w, h) => resize(app, w, h),
        Action::Click { col, row, double } => click(app, col, row, double),
        Action::ToggleGrouping => app.toggle_grouping(),
        Action::ExpandPartner => app.expand_partner(true),
        Action::CollapsePartner => app.expand_partner(false),
        Action::Scroll { col, row, delta } => scroll(app, col, row, delta),
        // Opening a view is handled above; the moves only mean something inside a view.
        Action::OpenPaths
        | Action::OpenNeighbourhood
        | Action::OpenTimeline
        | Action::OpenCycles
        | Action::OpenOverview
        | Action::CloseView
        | Action::MoveLeft
        | Action::MoveRight
        | Action::ShiftAsOf { .. }
        | Action::ToggleHops
        | Action::MoreParties
        | Action::FewerParties
        | Action::Compare
        | Action::CycleSort
        | Action::FilterList
        | Action::JumpToYear => {}
        Action::OpenDatePrompt => app.open_date_prompt(),
    }
    Effect::None
}

fn edit_query(app: &mut App, action: Action) {
    let mut chars: Vec<char> = app.search.query.chars().collect();
    let cursor = app.search.cursor.min(chars.len());
    let new_cursor = match action {
        Action::Insert(c) => {
            chars.insert(cursor, c);
            cursor + 1
        }
        Action::DeleteBack if cursor > 0 => {
            chars.remove(cursor - 1);
            cursor - 1
        }
        Action::DeleteForward if cursor < chars.len() => {
            chars.remove(cursor);
            cursor
        }
        Action::DeleteWord => {
            let mut start = cursor;
            while start > 0 && chars[start - 1] == ' ' {
                start -= 1;
            }
            while start > 0 && chars[start - 1] != ' ' {
                start -= 1;
            }
            chars.drain(start..cursor);
            start
        }
        Action::ClearQuery => {
            chars.clear();
            0
        }
        Action::CursorLeft => cursor.saturating_sub(1),
        Action::CursorRight => (cursor + 1).min(chars.len()),
        _ => cursor,
    };
    app.search.cursor = new_cursor;
    let query: String = chars.into_iter().collect();
    if query != app.search.query {
        app.search.query = query;
        app.run_search();
    }
}

/// A letter that is no command where it was pressed: a new search for it (after the command
/// letter just before it, when there was one: see `app/words.rs`).
fn start_search(app: &mut App, typed: char, after: Option<char>) {
    app.keep_relations_place();
    app.view = View::Explore;
    let query: String = after.into_iter().chain([typed]).collect();
    app.search.cursor = query.chars().count();
    app.focus = Focus::Search;
    if query != app.search.query {
        app.search.query = query;
        app.run_search();
    }
    app.sync_relations();
}

fn escape(app: &mut App) {
    match app.focus {
        Focus::Search if !app.search.query.is_empty() => edit_query(app, Action::ClearQuery),
        Focus::Search | Focus::Relations => {
            app.keep_relations_place();
            app.focus = Focus::Results;
            app.sync_relations();
        }
        Focus::Results => {}
    }
}

fn cycle_focus(app: &mut App, forward: bool) {
    let next = match (app.focus, forward) {
        (Focus::Search, true) | (Focus::Relations, false) => Focus::Results,
        (Focus::Results, true) | (Focus::Search, false) => Focus::Relations,
        (Focus::Relations, true) | (Focus::Results, false) => Focus::Search,
    };
    if next == Focus::Relations {
        let target = if app.focus == Focus::Relations {
            app.relations.opened
        } else {
            app.selected_result()
        };
        match target {
            Some(ix) => app.enter_relations(ix),
            None => app.focus = Focus::Search,
        }
    } else {
        app.keep_relations_place();
        app.focus = next;
        app.sync_relations();
    }
}

fn page(app: &App) -> usize {
    match app.focus {
        Focus::Relations => app.relations_height(),
        _ => app.results_height(),
    }
    .saturating_sub(1)
    .max(1)
}

fn move_by(app: &mut App, delta: isize) {
    match app.focus {
        Focus::Relations => {
            let row = (app.relations.pos.selected as isize)
                .saturating_add(delta)
                .max(0) as usize;
            app.select_relation(row, if delta < 0 { -1 } else { 1 });
        }
        _ => {
            let row = (app.results.pos.selected as isize)
                .saturating_add(delta)
                .max(0) as usize;
            app.select_result(row);
        }
    }
}

fn activate(app: &mut App) {
    match app.focus {
        Focus::Search | Focus::Results => {
            if let Some(ix) = app.selected_result() {
                app.go_to(ix);
            }
        }
        Focus::Relations => {
            if let Some(target) = highlighted_relation_end(app) {
                app.go_to(target);
            }
        }
    }
}

/// The entity the highlighted relations row leads to (the other end of a relation, a partner,
/// a partner's deal), which Enter opens and `y` copies.
fn highlighted_relation_end(app: &App) -> Option<EntityIx> {
    let row = app.relations.rows.get(app.relations.pos.selected).copied();
    if let Some(target) = row.and_then(|r| app.partner_target(r)) {
        return Some(target);
    }
    let (rel, here) = (app.selected_relation()?, app.relations.opened?);
    Some(app.graph.relation(rel).other(here).ix())
}

impl App {
    /// What `y` and `Y` copy now: on the relations pane the highlighted relation's other end
    /// (or partner), elsewhere the shown entity.
    pub fn copy_target(&self) -> Option<EntityIx> {
        match self.focus {
            Focus::Relations => highlighted_relation_end(self).or(self.shown()),
            _ => self.shown(),
        }
    }
}

/// Copies what is highlighted: on the relations pane the highlighted relation's other end,
/// elsewhere the shown entity. The message says the text was sent, not that it arrived: a
/// terminal (or tmux without `set-clipboard on`) may drop OSC 52 silently.
fn copy(app: &mut App, id: bool) -> Effect {
    let Some(ix) = app.copy_target() else {
        return Effect::None;
    };
    let e = app.graph.entity(ix);
    let (what, text) = if id {
        ("id", e.id())
    } else {
        ("name", e.name())
    };
    let hint = if app.options.under_tmux {
        " (tmux: set -g set-clipboard on)"
    } else {
        ""
    };
    app.message = Some(format!(
        "sent {what} \"{}\" to the terminal clipboard (OSC 52){hint}",
        short(&safe_text(text), 40)
    ));
    Effect::Copy(text.to_string())
}

fn resize(app: &mut App, w: u16, h: u16) {
    app.size = (w, h);
    app.results.pos.offset = app.results.pos.visible_offset(app.results_height());
    app.relations.pos.offset = app.relations.pos.visible_offset(app.relations_height());
}

fn click(app: &mut App, col: u16, row: u16, double: bool) {
    let Some(panes) = app.panes() else { return };
    let results = panes.results_rows();
    let relations = panes.relation_rows();
    if contains(panes.search, col, row) {
        let tab = app
            .tab_columns(panes.search.width)
            .and_then(|cols| cols.iter().position(|&(x, w)| col >= x && col < x + w));
        match tab {
            Some(tab) if tab != app.search.tab => {
                app.search.tab = tab;
                app.run_search();
            }
            Some(_) => {}
            None => app.focus = Focus::Search,
        }
    } else if contains(results, col, row) {
        let i =
            app.results.pos.visible_offset(results.height as usize) + (row - results.y) as usize;
        if i < app.results.hits.len() {
            app.keep_relations_place();
            app.focus = Focus::Results;
            app.select_result(i);
            if double {
                activate(app);
            }
        }
    } else if contains(relations, col, row) {
        let i = app.relations.pos.visible_offset(relations.height as usize)
            + (row - relations.y) as usize;
        if app.relations.rows.get(i).is_some_and(RelRow::is_item) {
            if app.focus != Focus::Relations {
                // The rows on screen are this entity's (the one opened last, which may not be
                // the selected result): open it, so that row `i` is still the row clicked.
                let Some(ix) = app.relations.entity else {
                    return;
                };
                app.go_to(ix);
                if !app.relations.rows.get(i).is_some_and(RelRow::is_item) {
                    return;
                }
            }
            app.relations.pos.selected = i;
            activate(app);
        }
    } else if contains(panes.status, col, row) && app.reload_error.is_none() {
        let crumb = app
            .breadcrumbs(panes.status.width)
            .into_iter()
            .find(|c| col >= c.x && col < c.x + c.width);
        if let Some(c) = crumb {
            app.go_back(c.steps_back);
            app.go_forward(c.steps_forward);
        }
    }
}

/// Scrolls the detail pane, no further than its last line as last drawn
/// ([`super::DetailPane::max_scroll`], which the terminal layer measures after each frame).
fn scroll_detail(app: &mut App, lines: isize) {
    let max = app
        .detail
        .max_scroll
        .map_or(u16::MAX as isize, |m| m as isize);
    let from = (app.detail.scroll as isize).min(max);
    app.detail.scroll = (from + lines).clamp(0, max) as u16;
}

fn scroll(app: &mut App, col: u16, row: u16, delta: i8) {
    let Some(panes) = app.panes() else { return };
    let step = delta as isize * 3;
    if contains(panes.detail, col, row) {
        scroll_detail(app, step);
    } else if contains(panes.relations, col, row) {
        // The pane under the pointer scrolls, focused or not; focus stays where it is.
        let row = (app.relations.pos.selected as isize)
            .saturating_add(step)
            .max(0) as usize;
        app.select_relation(row, if step < 0 { -1 } else { 1 });
    } else if contains(panes.results, col, row) {
        let focus = app.focus;
        app.keep_relations_place();
        app.focus = Focus::Results;
        move_by(app, step);
        if focus == Focus::Search {
            app.focus = Focus::Search;
        }
    }
}

/// A key while the help overlay shows: the movement keys and the wheel scroll it when it is
/// taller than the terminal; any other key closes it.
fn help_key(app: &mut App, action: Action) {
    let layout = app.help_layout();
    let (max, page) = (layout.max_scroll(), layout.visible.max(1));
    let scroll = &mut app.help.scroll;
    match action {
        _ if max == 0 && !matches!(action, Action::Scroll { .. }) => app.help.shown = false,
        Action::MoveUp => *scroll = scroll.saturating_sub(1),
        Action::MoveDown => *scroll = (*scroll + 1).min(max),
        Action::PageUp => *scroll = scroll.saturating_sub(page),
        Action::PageDown => *scroll = (*scroll + page).min(max),
        Action::Top => *scroll = 0,
        Action::Bottom => *scroll = max,
        Action::Scroll { delta, .. } if delta < 0 => *scroll = scroll.saturating_sub(3),
        Action::Scroll { .. } => *scroll = (*scroll + 3).min(max),
        _ => app.help.shown = false,
    }
}
