//! The explorer's state and its pure [`update`]: query, kind filter, results, focus, selections,
//! history. No terminal I/O happens here; what needs the terminal (quitting, the clipboard) comes
//! back from `update` as an [`Effect`]. Keys reach `update` through the data in [`keymap`].

mod action;
pub mod keymap;
pub mod layout;
mod relations;
#[cfg(test)]
mod tests;

pub use action::{Action, Effect};
pub use relations::{RelRow, relation_rows};

use ratatui::layout::Rect;

use crate::display::safe_text;
use crate::graph::{EntityIx, Graph};
use crate::search::{Hit, KindFilter, Query, SearchIndex, Searcher};
use layout::{Panes, contains};

/// The kind-filter tabs, in the order Ctrl-t cycles them.
pub const TABS: [&str; 6] = ["all", "company", "chip", "cloud", "deal", "other"];
/// What separates the tabs on the search line.
pub const TAB_SEPARATOR: &str = " · ";
/// Columns kept for the query before the tabs give way to the active tab alone.
const MIN_QUERY: usize = 16;

/// Which pane receives keys.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Focus {
    Search,
    Results,
    Relations,
}

/// What the main area shows. Only the explorer exists today; the path, neighbourhood, timeline
/// and cycle views will be further variants, each with its own `ui` file.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum View {
    #[default]
    Explore,
}

/// A selection in a list and the first row drawn.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ListPos {
    pub selected: usize,
    pub offset: usize,
}

impl ListPos {
    /// The offset that keeps `selected` inside a window of `height` rows.
    pub fn visible_offset(&self, height: usize) -> usize {
        let height = height.max(1);
        if self.selected < self.offset {
            self.selected
        } else if self.selected >= self.offset + height {
            self.selected + 1 - height
        } else {
            self.offset
        }
    }
}

/// A place in the history: which entity was shown, from which pane, with which row selected.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Place {
    pub entity: EntityIx,
    pub focus: Focus,
    pub row: usize,
}

/// One breadcrumb of the status line, with where it is drawn so a click can find it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Crumb {
    pub label: String,
    pub x: u16,
    pub width: u16,
    /// How many steps back a click on it goes (0: the current place).
    pub steps_back: usize,
}

/// The explorer's whole state.
pub struct App {
    pub graph: Graph,
    pub index: SearchIndex,
    pub searcher: Searcher,
    /// Where the graph came from, for the status line.
    pub origin: String,
    pub view: View,
    pub query: String,
    /// Cursor position in the query, in characters.
    pub cursor: usize,
    pub parsed: Query,
    /// Index into [`TABS`].
    pub tab: usize,
    pub results: Vec<Hit>,
    pub focus: Focus,
    pub results_pos: ListPos,
    /// The entity whose relations have focus (set by open, follow, or tabbing into relations).
    pub opened: Option<EntityIx>,
    /// The entity `rel_rows` belong to.
    rel_entity: Option<EntityIx>,
    pub rel_rows: Vec<RelRow>,
    pub rel_pos: ListPos,
    /// Lines of the detail pane scrolled away (mouse wheel); reset when the entity changes.
    pub detail_scroll: u16,
    pub back: Vec<Place>,
    pub forward: Vec<Place>,
    /// A transient message for the status line, cleared by the next key.
    pub message: Option<String>,
    pub show_help: bool,
    /// Terminal size in columns and rows.
    pub size: (u16, u16),
    /// False under `NO_COLOR`: no colours, selection by reverse video only.
    pub color: bool,
    /// How many searches have run (the selection moving must not run one).
    pub search_runs: usize,
}

impl App {
    pub fn new(graph: Graph, origin: impl Into<String>) -> App {
        let index = SearchIndex::new(&graph);
        let mut app = App {
            graph,
            index,
            searcher: Searcher::new(),
            origin: origin.into(),
            view: View::Explore,
            query: String::new(),
            cursor: 0,
            parsed: Query::default(),
            tab: 0,
            results: Vec::new(),
            focus: Focus::Search,
            results_pos: ListPos::default(),
            opened: None,
            rel_entity: None,
            rel_rows: Vec::new(),
            rel_pos: ListPos::default(),
            detail_scroll: 0,
            back: Vec::new(),
            forward: Vec::new(),
            message: None,
            show_help: false,
            size: (120, 40),
            color: true,
            search_runs: 0,
        };
        app.run_search();
        app
    }

    /// The active kind filter.
    pub fn filter(&self) -> KindFilter {
        KindFilter::from_label(TABS[self.tab])
    }

    /// The selected result's entity.
    pub fn selected_result(&self) -> Option<EntityIx> {
        self.results
            .get(self.results_pos.selected)
            .map(|h| h.entity)
    }

    /// The entity in the detail and relations panes: the opened one while relations have focus,
    /// otherwise the selected result.
    pub fn shown(&self) -> Option<EntityIx> {
        match self.focus {
            Focus::Relations => self.opened,
            _ => self.selected_result(),
        }
    }

    /// The selected relation row, when it is a relation.
    pub fn selected_relation(&self) -> Option<crate::graph::RelationIx> {
        match self.rel_rows.get(self.rel_pos.selected) {
            Some(RelRow::Item { rel, .. }) => Some(*rel),
            _ => None,
        }
    }

    /// The pane rectangles for the current terminal size.
    pub fn panes(&self) -> Option<Panes> {
        Panes::new(Rect::new(0, 0, self.size.0, self.size.1))
    }

    fn results_height(&self) -> usize {
        self.panes()
            .map_or(10, |p| p.results_rows().height as usize)
    }

    fn relations_height(&self) -> usize {
        self.panes()
            .map_or(5, |p| p.relation_rows().height as usize)
    }

    /// Re-runs the search for the query and filter; called only when either changed.
    fn run_search(&mut self) {
        self.parsed = Query::parse(&self.query);
        let filter = self.filter();
        self.results = self
            .searcher
            .search(&self.graph, &self.index, &self.parsed, &filter);
        self.search_runs += 1;
        self.results_pos = ListPos::default();
        self.sync_relations();
    }

    /// Rebuilds the relation rows when the shown entity changed.
    fn sync_relations(&mut self) {
        let shown = self.shown();
        if shown == self.rel_entity {
            return;
        }
        self.rel_entity = shown;
        self.detail_scroll = 0;
        self.rel_rows = shown.map_or_else(Vec::new, |ix| relation_rows(&self.graph, ix));
        self.rel_pos = ListPos::default();
        self.select_relation(0, 1);
    }

    /// Selects the relation row nearest `row` in direction `step` (±1), skipping headers.
    fn select_relation(&mut self, row: usize, step: isize) {
        let n = self.rel_rows.len();
        if n == 0 {
            self.rel_pos = ListPos::default();
            return;
        }
        let row = row.min(n - 1);
        let find = |step: isize| {
            let mut i = row as isize;
            while i >= 0 && (i as usize) < n {
                if self.rel_rows[i as usize].is_item() {
                    return Some(i as usize);
                }
                i += step;
            }
            None
        };
        if let Some(i) = find(step).or_else(|| find(-step)) {
            self.rel_pos.selected = i;
        }
        let height = self.relations_height();
        // Show the group header above the first relation of the pane.
        let mut offset = self.rel_pos.visible_offset(height);
        if self.rel_pos.selected == 1 {
            offset = 0;
        }
        self.rel_pos.offset = offset;
    }

    fn select_result(&mut self, row: usize) {
        let n = self.results.len();
        self.results_pos.selected = row.min(n.saturating_sub(1));
        self.results_pos.offset = self.results_pos.visible_offset(self.results_height());
        self.sync_relations();
    }

    fn current_place(&self) -> Option<Place> {
        let entity = self.shown()?;
        let row = match self.focus {
            Focus::Relations => self.rel_pos.selected,
            _ => self.results_pos.selected,
        };
        Some(Place {
            entity,
            focus: self.focus,
            row,
        })
    }

    /// Shows `ix` with the relations pane focused, recording the current place in the history.
    fn go_to(&mut self, ix: EntityIx) {
        if let Some(here) = self.current_place() {
            self.back.push(here);
        }
        self.forward.clear();
        self.enter_relations(ix);
    }

    fn enter_relations(&mut self, ix: EntityIx) {
        self.opened = Some(ix);
        self.focus = Focus::Relations;
        self.sync_relations();
    }

    fn restore(&mut self, place: Place) {
        match place.focus {
            Focus::Relations => {
                self.opened = Some(place.entity);
                self.focus = Focus::Relations;
                self.sync_relations();
                self.select_relation(place.row, 1);
            }
            focus => {
                self.focus = focus;
                let row = self
                    .results
                    .iter()
                    .position(|h| h.entity == place.entity)
                    .unwrap_or(place.row);
                self.select_result(row);
            }
        }
    }

    fn go_back(&mut self, steps: usize) {
        for _ in 0..steps {
            let Some(place) = self.back.pop() else { break };
            if let Some(here) = self.current_place() {
                self.forward.push(here);
            }
            self.restore(place);
        }
    }

    fn go_forward(&mut self) {
        if let Some(place) = self.forward.pop() {
            if let Some(here) = self.current_place() {
                self.back.push(here);
            }
            self.restore(place);
        }
    }

    /// `  N of M ` as the search line ends.
    pub fn count_label(&self) -> String {
        format!(
            "  {} of {} ",
            crate::display::format_count(self.results.len()),
            crate::display::format_count(self.graph.entity_count())
        )
    }

    /// Column and width of each kind tab on a search line `width` columns wide, or `None` when
    /// they do not all fit (the line then shows only the active tab).
    pub fn tab_columns(&self, width: u16) -> Option<Vec<(u16, u16)>> {
        let text_width = unicode_width::UnicodeWidthStr::width;
        let count_w = text_width(self.count_label().as_str());
        let tabs_w: usize = TABS.iter().map(|t| text_width(t)).sum::<usize>()
            + text_width(TAB_SEPARATOR) * (TABS.len() - 1);
        if tabs_w + count_w + MIN_QUERY > width as usize {
            return None;
        }
        let mut x = width as usize - count_w - tabs_w;
        let mut columns = Vec::with_capacity(TABS.len());
        for tab in TABS {
            columns.push((x as u16, text_width(tab) as u16));
            x += text_width(tab) + text_width(TAB_SEPARATOR);
        }
        Some(columns)
    }

    /// The breadcrumb trail (history then the current place, repeats merged) laid out in a status
    /// line `width` columns wide; the oldest crumbs give way to `…` when it does not fit.
    pub fn breadcrumbs(&self, width: u16) -> Vec<Crumb> {
        let mut trail: Vec<(EntityIx, usize)> = Vec::new();
        let places = self.back.iter().map(|p| p.entity).chain(self.shown());
        let total = self.back.len();
        for (i, entity) in places.enumerate() {
            let steps_back = total.saturating_sub(i);
            match trail.last_mut() {
                Some((last, steps)) if *last == entity => *steps = steps_back,
                _ => trail.push((entity, steps_back)),
            }
        }
        let budget = (width as usize * 3 / 5).max(10);
        let labels: Vec<(String, usize)> = trail
            .iter()
            .map(|&(ix, steps)| (short(&safe_text(self.graph.entity(ix).name()), 24), steps))
            .collect();
        let mut start = 0;
        while start + 1 < labels.len() && trail_width(&labels[start..]) + 4 > budget {
            start += 1;
        }
        // The status line starts with " " or, when crumbs were dropped, with " … › ".
        let mut x: u16 = if start > 0 { 5 } else { 1 };
        let mut crumbs = Vec::new();
        for (label, steps_back) in labels.into_iter().skip(start) {
            let w = unicode_width::UnicodeWidthStr::width(label.as_str()) as u16;
            crumbs.push(Crumb {
                label,
                x,
                width: w,
                steps_back,
            });
            x = x.saturating_add(w + 3);
        }
        crumbs
    }
}

fn trail_width(labels: &[(String, usize)]) -> usize {
    labels
        .iter()
        .map(|(l, _)| unicode_width::UnicodeWidthStr::width(l.as_str()) + 3)
        .sum()
}

/// `s` cut to `max` characters with an ellipsis.
fn short(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        s.to_string()
    } else {
        s.chars().take(max - 1).chain(['…']).collect()
    }
}

/// Applies `action` to `app`; returns what the terminal layer must do.
pub fn update(app: &mut App, action: Action) -> Effect {
    if !matches!(
        action,
        Action::Resize(..) | Action::Scroll { .. } | Action::Quit
    ) {
        app.message = None;
        if app.show_help {
            app.show_help = false;
            return Effect::None;
        }
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
        Action::FocusSearch => app.focus = Focus::Search,
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
        Action::Forward => app.go_forward(),
        Action::CycleKind => {
            app.tab = (app.tab + 1) % TABS.len();
            app.run_search();
        }
        Action::CopyId | Action::CopyName => return copy(app, action == Action::CopyId),
        Action::ToggleHelp => app.show_help = true,
        Action::Quit => return Effect::Quit,
        Action::Resize(w, h) => resize(app, w, h),
        Action::Click { col, row, double } => click(app, col, row, double),
        Action::Scroll { col, row, delta } => scroll(app, col, row, delta),
    }
    Effect::None
}

fn edit_query(app: &mut App, action: Action) {
    let mut chars: Vec<char> = app.query.chars().collect();
    let cursor = app.cursor.min(chars.len());
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
    app.cursor = new_cursor;
    let query: String = chars.into_iter().collect();
    if query != app.query {
        app.query = query;
        app.run_search();
    }
}

fn escape(app: &mut App) {
    match app.focus {
        Focus::Search if !app.query.is_empty() => edit_query(app, Action::ClearQuery),
        Focus::Search | Focus::Relations => {
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
            app.opened
        } else {
            app.selected_result()
        };
        match target {
            Some(ix) => app.enter_relations(ix),
            None => app.focus = Focus::Search,
        }
    } else {
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
            let row = (app.rel_pos.selected as isize).saturating_add(delta).max(0) as usize;
            app.select_relation(row, if delta < 0 { -1 } else { 1 });
        }
        _ => {
            let row = (app.results_pos.selected as isize)
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
            let (Some(rel), Some(here)) = (app.selected_relation(), app.opened) else {
                return;
            };
            let other = app.graph.relation(rel).other(here).ix();
            app.go_to(other);
        }
    }
}

fn copy(app: &mut App, id: bool) -> Effect {
    let Some(ix) = app.shown() else {
        return Effect::None;
    };
    let e = app.graph.entity(ix);
    let (what, text) = if id {
        ("id", e.id())
    } else {
        ("name", e.name())
    };
    app.message = Some(format!(
        "copied {what} “{}” to the clipboard",
        short(&safe_text(text), 40)
    ));
    Effect::Copy(text.to_string())
}

fn resize(app: &mut App, w: u16, h: u16) {
    app.size = (w, h);
    app.results_pos.offset = app.results_pos.visible_offset(app.results_height());
    app.rel_pos.offset = app.rel_pos.visible_offset(app.relations_height());
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
            Some(tab) if tab != app.tab => {
                app.tab = tab;
                app.run_search();
            }
            Some(_) => {}
            None => app.focus = Focus::Search,
        }
    } else if contains(results, col, row) {
        let i =
            app.results_pos.visible_offset(results.height as usize) + (row - results.y) as usize;
        if i < app.results.len() {
            app.focus = Focus::Results;
            app.select_result(i);
            if double {
                activate(app);
            }
        }
    } else if contains(relations, col, row) {
        let i =
            app.rel_pos.visible_offset(relations.height as usize) + (row - relations.y) as usize;
        if app.rel_rows.get(i).is_some_and(RelRow::is_item) {
            if app.focus != Focus::Relations {
                let Some(ix) = app.shown() else { return };
                app.go_to(ix);
            }
            app.rel_pos.selected = i;
            activate(app);
        }
    } else if contains(panes.status, col, row) {
        let crumb = app
            .breadcrumbs(panes.status.width)
            .into_iter()
            .find(|c| col >= c.x && col < c.x + c.width);
        if let Some(c) = crumb {
            app.go_back(c.steps_back);
        }
    }
}

fn scroll(app: &mut App, col: u16, row: u16, delta: i8) {
    let Some(panes) = app.panes() else { return };
    let step = delta as isize * 3;
    if contains(panes.detail, col, row) {
        let lines = app.detail_scroll as isize + step;
        app.detail_scroll = lines.clamp(0, u16::MAX as isize) as u16;
    } else if contains(panes.relations, col, row) && app.focus == Focus::Relations {
        move_by(app, step);
    } else if contains(panes.results, col, row) {
        let focus = app.focus;
        app.focus = Focus::Results;
        move_by(app, step);
        if focus == Focus::Search {
            app.focus = Focus::Search;
        }
    }
}
