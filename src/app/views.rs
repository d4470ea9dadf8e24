//! The relationship views (paths, neighbourhood, timeline, cycles): their shared state, the keys
//! that apply inside them, where their parts sit on screen, and how actions reach each one.
//! Each view keeps its own state and logic in its own file; this one only routes.
//!
//! Views never own an entity of their own to return to: following or recentring goes through the
//! explorer's history (`go_to`), so `[` and `]` work the same inside and outside them.

mod cycles;
mod neighbourhood;
pub mod overview;
mod paths;
mod timeline;

use ratatui::layout::Rect;

pub use cycles::CycleIndex;
pub use cycles::CycleListRow;
pub use cycles::MoneyCycle;
pub use cycles::{CycleLeg, CycleView};
pub use neighbourhood::Member;
pub use neighbourhood::NeighbourhoodView;
pub(crate) use neighbourhood::{GAP, Geometry as NeighbourhoodGeometry, SECOND_SHOWN};
pub use neighbourhood::{Group, NeighbourhoodRow};
pub use paths::PathRow;
pub use paths::PathView;
pub(super) use paths::target_search_done;
pub use timeline::DealRow;
pub use timeline::TimelineView;
pub(crate) use timeline::geometry as timeline_geometry;

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
    /// Circular flows, computed once per graph (the detail pane marks entities): on first use
    /// for small graphs; for large ones on a thread the terminal layer starts
    /// ([`App::take_cycle_index_job`]), since at a million entities it takes seconds.
    cycle_index: std::sync::Arc<std::sync::OnceLock<CycleIndex>>,
    /// The background computation of `cycle_index` was handed out.
    cycle_job_taken: bool,
}

impl Views {
    /// Forgets the cycle index (the graph changed).
    pub(super) fn reset_cycle_index(&mut self) {
        self.cycle_index = Default::default();
        self.cycle_job_taken = false;
    }
}

/// True while the path view asks for a target and letters go into its query.
pub fn typing(app: &App) -> bool {
    app.view == View::Paths && app.views.paths.picking
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
    if app.view == View::Explore {
        return None;
    }
    match action {
        Action::CloseView | Action::Escape => {
            if !(app.view == View::Overview && overview::close_list(app)) {
                app.view = View::Explore;
            }
            Some(Effect::None)
        }
        // The explorer's panes are not on screen: clicks would land on what is not drawn.
        Action::Click { .. } => Some(Effect::None),
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
                app.go_forward();
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
            let taken = match app.view {
                View::Paths => paths::update(app, action),
                View::Neighbourhood => neighbourhood::update(app, action),
                View::Explore | View::Timeline | View::Cycles | View::Overview => None,
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
        | Action::Unbound(_) => None,
        // These would change the explorer behind the view (focus, the kind filter) or are not
        // offered inside views: nothing happens.
        Action::FocusSearch
        | Action::FocusNext
        | Action::FocusPrev
        | Action::CycleKind
        | Action::Reload => Some(Effect::None),
        // Opening a view was handled above.
        Action::OpenPaths
        | Action::OpenNeighbourhood
        | Action::OpenTimeline
        | Action::OpenCycles
        | Action::OpenOverview => Some(Effect::None),
    }
}

fn open(app: &mut App, view: View) {
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
        View::Explore => {}
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
        View::Explore | View::Paths | View::Neighbourhood => return,
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
    /// The circular flows of the graph, computed on first use (or waited for, when a background
    /// thread is computing them).
    pub(crate) fn cycle_index(&self) -> &CycleIndex {
        self.views
            .cycle_index
            .get_or_init(|| CycleIndex::new(&self.graph))
    }

    /// How many money cycles `ix` takes part in. On a large graph, 0 until the background
    /// computation is done: a frame never waits for it.
    pub(crate) fn cycles_of(&self, ix: EntityIx) -> usize {
        let index = match self.search_mode() {
            SearchMode::Worker => self.views.cycle_index.get(),
            SearchMode::Inline => Some(self.cycle_index()),
        };
        index
            .and_then(|i| i.count.get(ix as usize))
            .map_or(0, |&c| c as usize)
    }

    /// Whether the cycle index is computed.
    pub(crate) fn cycles_ready(&self) -> bool {
        self.views.cycle_index.get().is_some()
    }

    /// For a large graph, once per graph: the work that computes its cycle index, for the
    /// terminal layer to run on a thread of its own.
    pub(crate) fn take_cycle_index_job(&mut self) -> Option<impl FnOnce() + Send + 'static> {
        if self.search_mode() != SearchMode::Worker || self.views.cycle_job_taken {
            return None;
        }
        self.views.cycle_job_taken = true;
        let (cell, graph) = (
            std::sync::Arc::clone(&self.views.cycle_index),
            std::sync::Arc::clone(&self.graph),
        );
        Some(move || {
            cell.get_or_init(|| CycleIndex::new(&graph));
        })
    }
}

#[cfg(test)]
mod tests;
