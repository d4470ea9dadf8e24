//! The relationship views (paths, neighbourhood, timeline, cycles): their shared state, the keys
//! that apply inside them, where their parts sit on screen, and how actions reach each one.
//! Each view keeps its own state and logic in its own file; this one only routes.
//!
//! Views never own an entity of their own to return to: following or recentring goes through the
//! explorer's history (`go_to`), so `[` and `]` work the same inside and outside them.

mod compare;
mod cycles;
mod neighbourhood;
pub mod overview;
mod paths;
mod pointer;
mod timeline;

use ratatui::layout::Rect;

pub(crate) use compare::{
    CompareRow, CompareSection, CompareView, columns as compare_columns, compare_done,
};
pub use cycles::{CycleView, MoneyIndex, MoneyIndexRef, RingRow, RingSet};
pub(crate) use cycles::{MAX_VIEW_PARTIES, MIN_VIEW_PARTIES};
#[cfg(test)]
pub(crate) use neighbourhood::DEALS_WITH;
pub use neighbourhood::Expanded;
pub use neighbourhood::Member;
pub use neighbourhood::NeighbourhoodView;
pub(crate) use neighbourhood::{
    GAP, Geometry as NeighbourhoodGeometry, header_text, hidden_second,
};
pub use neighbourhood::{Group, NeighbourhoodRow};
pub use paths::PathRow;
pub use paths::PathView;
pub(super) use paths::{index_arrived, target_search_done};
pub use timeline::TimelineView;
pub use timeline::{DealRow, TimelinePrompt, TimelineSort};
pub(crate) use timeline::{
    geometry as timeline_geometry, rows_area as timeline_rows_area, year_bars as timeline_year_bars,
};

use super::layout::inner;
use super::{Action, App, Effect, ListPos, SearchMode, View};
use crate::analysis::DealSource;
use crate::graph::EntityIx;

/// The state of every view, kept while the explorer shows so reopening one is instant.
#[derive(Default)]
pub struct Views {
    /// The paths view (`p`).
    pub paths: PathView,
    /// The neighbourhood view (`n`).
    pub neighbourhood: NeighbourhoodView,
    /// The deal timeline (`t`).
    pub timeline: TimelineView,
    /// The money cycles view (`c`).
    pub cycles: CycleView,
    /// The overview screen (`i`).
    pub overview: overview::OverviewView,
    /// The compare view (`=` on one entity, `=` on another).
    pub(crate) compare: CompareView,
    /// The money graph and its rings, computed once per graph (the detail pane marks entities,
    /// the partners pane reads the money): on first use for small graphs; for large ones on a
    /// thread the terminal layer starts ([`App::take_cycle_index_job`]), since at a million
    /// entities it takes seconds.
    money_index: std::sync::Arc<std::sync::OnceLock<MoneyIndex>>,
    /// The background computation of `money_index` was handed out.
    money_job_taken: bool,
}

impl Views {
    /// Forgets the money index (the graph changed).
    pub(super) fn reset_cycle_index(&mut self) {
        self.money_index = Default::default();
        self.money_job_taken = false;
        self.compare = CompareView::default();
        self.cycles = CycleView {
            max_parties: self.cycles.max_parties,
            ..CycleView::default()
        };
    }

    /// Forgets what was computed from the graph (it changed: a reload, an as-of date).
    pub(super) fn graph_changed(&mut self) {
        self.reset_cycle_index();
        self.timeline.forget();
        self.overview.reset();
    }
}

/// Computes the open view again on the current graph (after [`Views::graph_changed`]).
pub(super) fn refresh(app: &mut App) {
    match app.view {
        View::Timeline => timeline::open(app),
        View::Cycles => cycles::open(app),
        View::Neighbourhood => neighbourhood::recentre(app),
        View::Overview => overview::open(app),
        View::Compare => {
            if let Some((a, b)) = app.views.compare.pair {
                compare::open(app, a, b);
            }
        }
        View::Paths | View::Explore => {}
    }
}

/// True while keys type in a view: the path view asks for a target, or the timeline for a
/// filter or a year.
pub fn typing(app: &App) -> bool {
    match app.view {
        View::Paths => app.views.paths.picking,
        View::Timeline => timeline::typing(app),
        _ => false,
    }
}

/// Where a view draws: its bordered body, and its status line at the bottom.
pub fn frame(size: (u16, u16)) -> (Rect, Rect) {
    let (w, h) = size;
    let body = Rect::new(0, 0, w, h.saturating_sub(1));
    let status = Rect::new(0, h.saturating_sub(1), w, h.min(1));
    (body, status)
}

/// The inside of a view's border.
pub(crate) fn body_inner(size: (u16, u16)) -> Rect {
    inner(frame(size).0)
}

/// The list of a view under its summary line and a blank line (paths, cycles, compare): where
/// the renderer draws it and where clicks look for its rows.
pub(crate) fn list_area(inner: Rect) -> Rect {
    Rect::new(
        inner.x,
        inner.y + 2,
        inner.width,
        inner.height.saturating_sub(2),
    )
}

/// Applies `action` when a view shows or opens one; `None` hands it to the explorer.
pub(super) fn update(app: &mut App, action: Action) -> Option<Effect> {
    let open = match action {
        Action::OpenPaths => Some(View::Paths),
        Action::OpenNeighbourhood => Some(View::Neighbourhood),
        Action::OpenTimeline => Some(View::Timeline),
        Action::OpenCycles => Some(View::Cycles),
        Action::OpenOverview => Some(View::Overview),
        _ => None,
    };
    if let Some(view) = open {
        self::open(app, view);
        return Some(Effect::None);
    }
    if action == Action::Compare {
        compare::mark_or_open(app);
        return Some(Effect::None);
    }
    if app.view == View::Explore {
        return None;
    }
    match action {
        Action::CloseView | Action::Escape => {
            let stays = match app.view {
                View::Overview => overview::close_list(app),
                View::Timeline => timeline::escape(app),
                _ => false,
            };
            if !stays {
                app.view = View::Explore;
            }
            Some(Effect::None)
        }
        Action::Click { col, row, double } => {
            pointer::click(app, col, row, double);
            Some(Effect::None)
        }
        Action::CycleSort | Action::FilterList | Action::JumpToYear
            if app.view == View::Timeline =>
        {
            match action {
                Action::CycleSort => timeline::cycle_sort(app),
                Action::FilterList => timeline::ask(app, TimelinePrompt::Filter),
                _ => timeline::ask(app, TimelinePrompt::Year),
            }
            Some(Effect::None)
        }
        // The timeline's keys elsewhere: `s` is a letter that searches, as before it was bound.
        Action::CycleSort => Some(super::update(
            app,
            Action::StartSearch {
                typed: 's',
                after: None,
            },
        )),
        Action::FilterList | Action::JumpToYear => Some(Effect::None),
        Action::Scroll { delta, .. } => {
            move_in_view(app, delta as isize * 3);
            Some(Effect::None)
        }
        Action::MoveUp => move_in_view(app, -1),
        Action::MoveDown => move_in_view(app, 1),
        Action::PageUp => move_in_view(app, -(page(app) as isize)),
        Action::PageDown => move_in_view(app, page(app) as isize),
        Action::HalfPageUp => move_in_view(app, -(page(app) as isize / 2).max(1)),
        Action::HalfPageDown => move_in_view(app, (page(app) as isize / 2).max(1)),
        Action::Top => move_in_view(app, isize::MIN / 2),
        Action::Bottom => move_in_view(app, isize::MAX / 2),
        Action::Back | Action::Forward => {
            if action == Action::Back {
                app.go_back(1);
            } else {
                app.go_forward(1);
            }
            if app.view == View::Neighbourhood {
                neighbourhood::recentre(app);
            }
            Some(Effect::None)
        }
        Action::Activate => {
            activate(app);
            Some(Effect::None)
        }
        // In the timeline, ← → move the as-of date by a month (Shift: a year).
        Action::MoveLeft | Action::MoveRight | Action::ShiftAsOf { .. }
            if app.view == View::Timeline =>
        {
            let months = match action {
                Action::MoveLeft => -1,
                Action::MoveRight => 1,
                Action::ShiftAsOf { months } => months as i32,
                _ => 0,
            };
            app.shift_as_of(months);
            Some(Effect::None)
        }
        Action::ShiftAsOf { .. } => Some(Effect::None),
        Action::MoreParties | Action::FewerParties => {
            if app.view == View::Cycles {
                let delta = if action == Action::MoreParties { 1 } else { -1 };
                cycles::change_max_parties(app, delta);
            }
            Some(Effect::None)
        }
        Action::ToggleGrouping => {
            app.toggle_grouping();
            if app.view == View::Neighbourhood {
                neighbourhood::regroup(app);
            }
            Some(Effect::None)
        }
        // The view's own keys, and typing into the path view's picker.
        Action::MoveLeft
        | Action::MoveRight
        | Action::ToggleHops
        | Action::Insert(_)
        | Action::DeleteBack
        | Action::DeleteForward
        | Action::DeleteWord
        | Action::ClearQuery
        | Action::CursorLeft
        | Action::CursorRight => {
            let taken = match (app.view, action) {
                (View::Paths, _) => paths::update(app, action),
                (View::Timeline, _) if timeline::typing(app) => {
                    timeline::edit(app, action);
                    Some(Effect::None)
                }
                (View::Neighbourhood, _) => neighbourhood::update(app, action),
                (View::Compare, Action::MoveLeft | Action::MoveRight) => {
                    compare::switch_side(app, usize::from(action == Action::MoveRight));
                    Some(Effect::None)
                }
                _ => None,
            };
            taken.or(Some(Effect::None))
        }
        // These mean the same in a view as in the explorer: the explorer applies them.
        Action::Quit
        | Action::QuitNow
        | Action::Suspend
        | Action::ToggleHelp
        | Action::Resize(..)
        | Action::CopyId
        | Action::CopyName
        | Action::StartSearch { .. }
        | Action::OpenDatePrompt
        | Action::Unbound(_) => None,
        // These would change the explorer behind the view (focus, the kind filter) or are not
        // offered inside views: nothing happens.
        Action::FocusSearch
        | Action::FocusNext
        | Action::FocusPrev
        | Action::CycleKind
        | Action::Reload
        | Action::ExpandPartner
        | Action::CollapsePartner
        | Action::ScrollDetail(_) => Some(Effect::None),
        // Opening a view was handled above.
        Action::OpenPaths
        | Action::OpenNeighbourhood
        | Action::OpenTimeline
        | Action::OpenCycles
        | Action::OpenOverview
        | Action::Compare => Some(Effect::None),
    }
}

pub(super) fn open(app: &mut App, view: View) {
    let shown = app.shown();
    match view {
        View::Paths | View::Neighbourhood if shown.is_none() => {
            app.message = Some("select an entity first".into());
            return;
        }
        View::Paths => paths::open(app),
        View::Neighbourhood => {
            app.views.neighbourhood.selected = (1, 0);
            app.views.neighbourhood.centre = None;
            app.view = view;
            neighbourhood::recentre(app);
        }
        View::Timeline => timeline::open(app),
        View::Cycles => cycles::open(app),
        View::Overview => overview::open(app),
        View::Explore | View::Compare => {}
    }
    app.view = view;
}

/// Going back in the history from the explorer to a place left from `view`: the overview, the
/// timeline and the cycles list come back as they were (rebuilt if the graph was reloaded);
/// the paths and neighbourhood views follow the shown entity, so the explorer stays.
pub(super) fn return_to(app: &mut App, view: View) {
    match view {
        View::Overview => overview::open(app),
        View::Timeline => timeline::open(app),
        View::Cycles => cycles::open(app),
        // The comparison stays until another is made (a reload forgets it).
        View::Compare if app.views.compare.pair.is_some() => {}
        View::Explore | View::Paths | View::Neighbourhood | View::Compare => return,
    }
    app.view = view;
}

fn page(app: &App) -> usize {
    (body_inner(app.size).height as usize)
        .saturating_sub(3)
        .max(1)
}

fn move_in_view(app: &mut App, delta: isize) -> Option<Effect> {
    match app.view {
        View::Paths => paths::move_by(app, delta),
        View::Neighbourhood => neighbourhood::move_by(app, delta),
        View::Timeline => timeline::move_by(app, delta),
        View::Cycles => cycles::move_by(app, delta),
        View::Compare => compare::move_by(app, delta),
        View::Overview => overview::move_by(app, delta),
        View::Explore => {}
    }
    Some(Effect::None)
}

fn activate(app: &mut App) {
    match app.view {
        View::Paths => paths::activate(app),
        View::Neighbourhood => neighbourhood::activate(app),
        View::Timeline => timeline::activate(app),
        View::Cycles => cycles::activate(app),
        View::Compare => compare::activate(app),
        View::Overview => overview::activate(app),
        View::Explore => {}
    }
}

/// Opens `ix` in the explorer, recording the current place in the history.
fn follow(app: &mut App, ix: EntityIx) {
    app.go_to(ix);
    app.view = View::Explore;
}

/// The entity a deal row opens: the deal itself, or the payer of a relation carrying an amount.
fn deal_entity(app: &App, source: DealSource) -> EntityIx {
    match source {
        DealSource::Entity(e) => e,
        DealSource::Relation(r) => app.graph.relation(r).source_ix(),
    }
}

/// Moves `pos` by `delta` over `n` rows, landing only on rows where `selectable` holds (the
/// nearest one in the direction of travel, else the other way), and keeps it in a window of
/// `height` rows.
pub(crate) fn move_pos(
    pos: &mut ListPos,
    n: usize,
    delta: isize,
    height: usize,
    selectable: impl Fn(usize) -> bool,
) {
    if n == 0 {
        *pos = ListPos::default();
        return;
    }
    let row = (pos.selected as isize)
        .saturating_add(delta)
        .clamp(0, n as isize - 1) as usize;
    let step: isize = if delta < 0 { -1 } else { 1 };
    let find = |step: isize| {
        let mut i = row as isize;
        while i >= 0 && (i as usize) < n {
            if selectable(i as usize) {
                return Some(i as usize);
            }
            i += step;
        }
        None
    };
    if let Some(i) = find(step).or_else(|| find(-step)) {
        pos.selected = i;
    }
    pos.offset = pos.visible_offset(height);
    // Keep a heading just above the first selectable row in view.
    if height >= 2
        && pos.selected > 0
        && pos.offset == pos.selected
        && !selectable(pos.selected - 1)
    {
        pos.offset -= 1;
    }
}

impl App {
    /// The money graph and its rings, computed on first use (or waited for, when a background
    /// thread is computing them). A frame on a large graph reads [`App::money_index_now`].
    pub(crate) fn money_index(&self) -> &MoneyIndex {
        self.views
            .money_index
            .get_or_init(|| MoneyIndex::new(&self.graph))
    }

    /// The money index if it can be had without waiting: computed now on a small graph, `None`
    /// on a large one until the background computation is done.
    pub(crate) fn money_index_now(&self) -> Option<MoneyIndexRef> {
        if self.search_mode() == SearchMode::Inline {
            self.money_index();
        }
        MoneyIndexRef::ready(&self.views.money_index)
    }

    /// How many money rings (of up to the rings view's number of parties) `ix` takes part in.
    /// On a large graph, 0 until the background computation is done: a frame never waits.
    pub fn cycles_of(&self, ix: EntityIx) -> usize {
        let index = match self.search_mode() {
            SearchMode::Worker => self.views.money_index.get(),
            SearchMode::Inline => Some(self.money_index()),
        };
        index
            .and_then(|i| i.set(self.views.cycles.max_parties).count.get(ix as usize))
            .map_or(0, |&c| c as usize)
    }

    /// Whether the money index is computed.
    pub(crate) fn cycles_ready(&self) -> bool {
        self.views.money_index.get().is_some()
    }

    /// For a large graph, once per graph: the work that computes its money index, for the
    /// terminal layer to run on a thread of its own.
    pub(crate) fn take_cycle_index_job(&mut self) -> Option<impl FnOnce() + Send + 'static> {
        if self.search_mode() != SearchMode::Worker || self.views.money_job_taken {
            return None;
        }
        self.views.money_job_taken = true;
        let (cell, graph) = (
            std::sync::Arc::clone(&self.views.money_index),
            std::sync::Arc::clone(&self.graph),
        );
        Some(move || {
            cell.get_or_init(|| MoneyIndex::new(&graph));
        })
    }
}

/// The background computation of the money index finished: what was drawn without it (the
/// rings list, the partners pane) is built now. The terminal layer calls this once it sees
/// [`App::cycles_ready`] turn true.
pub fn money_index_done(app: &mut App) {
    if app.view == View::Cycles {
        cycles::rebuild(app);
    }
    app.money_index_arrived();
}

#[cfg(test)]
mod tests;
#[cfg(test)]
mod tests_issue16;
