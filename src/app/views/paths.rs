//! The path view's state: a small picker for the target (the explorer's fuzzy search, with its own
//! narrowing cache so the explorer's results stay as they were), then the k shortest undirected
//! paths as rows of steps, each step an entity Enter follows.

use std::sync::Arc;

use super::super::{Action, App, Effect, ListPos, Purpose, SearchDone, SearchMode, SearchRequest};
use super::{body_inner, follow, move_pos};
use crate::analysis::{Path, PathQuery, paths};
use crate::graph::EntityIx;
use crate::search::{Hit, KindFilter, Query, Searcher};

/// How many paths the view asks for.
pub(crate) const MAX_PATHS: usize = 5;

/// One row of the path list.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PathRow {
    /// A path's heading: its number and length, then its chain.
    Heading {
        /// The path, an index into the paths found.
        path: usize,
    },
    /// The entity at `node` of path `path`, with the relation that led there.
    Step {
        /// The path, an index into the paths found.
        path: usize,
        /// The entity, an index into the path's nodes.
        node: usize,
    },
}

#[derive(Default)]
/// The state of the paths view: the target picker, then the paths found.
pub struct PathView {
    /// The entity the paths start from.
    pub from: Option<EntityIx>,
    /// True while the target is being picked.
    pub picking: bool,
    /// The picker's query.
    pub query: String,
    /// The picker's results.
    pub hits: Vec<Hit>,
    /// The picker's selection and scroll.
    pub hit_pos: ListPos,
    /// The request number of the picker's search on the worker, until its answer arrives.
    pub pending: Option<u64>,
    searcher: Searcher,
    /// The entity the paths end at, once picked.
    pub to: Option<EntityIx>,
    /// The shortest paths found, shortest first.
    pub paths: Vec<Path>,
    /// The drawn rows, headings and steps.
    pub rows: Vec<PathRow>,
    /// The selection and scroll.
    pub pos: ListPos,
}

impl PathView {
    /// The entity on the selected row, in the picker or in the paths.
    pub(crate) fn selected_entity(&self) -> Option<EntityIx> {
        if self.picking {
            return self.hits.get(self.hit_pos.selected).map(|h| h.entity);
        }
        match self.rows.get(self.pos.selected)? {
            PathRow::Step { path, node } => Some(self.paths[*path].nodes[*node]),
            PathRow::Heading { .. } => None,
        }
    }
}

/// Rows of the picker's hit list (below its query line) and of the path list (below its summary
/// line and a blank line).
pub(crate) fn list_height(app: &App) -> usize {
    (body_inner(app.size).height as usize)
        .saturating_sub(2)
        .max(1)
}

pub(super) fn open(app: &mut App) {
    let from = app.shown();
    let v = &mut app.views.paths;
    v.from = from;
    v.picking = true;
    v.query.clear();
    v.to = None;
    v.paths.clear();
    v.rows.clear();
    v.pos = ListPos::default();
    run_search(app);
}

/// Searches for the picker's query: inline, or on the worker for large graphs (the answer comes
/// back through [`target_search_done`]).
fn run_search(app: &mut App) {
    let query = Query::parse(&app.views.paths.query);
    if app.search_mode() == SearchMode::Worker {
        let generation = app.next_generation();
        app.views.paths.pending = Some(generation);
        // Without the index the picker waits ("searching…"): [`index_arrived`] asks again.
        let Some(index) = &app.engine.index else {
            return;
        };
        let request = SearchRequest {
            purpose: Purpose::PathTarget,
            generation,
            query,
            filter: KindFilter::All,
            graph: Arc::clone(&app.graph),
            index: Arc::clone(index),
        };
        app.send_search(request);
        return;
    }
    app.build_index_now();
    let Some(index) = &app.engine.index else {
        return;
    };
    let v = &mut app.views.paths;
    let hits = v
        .searcher
        .search(&app.graph, index, &query, &KindFilter::All);
    show_hits(v, hits);
}

/// The search index arrived: a picker that waited for it searches now.
pub(in crate::app) fn index_arrived(app: &mut App) {
    if app.views.paths.picking && app.views.paths.pending.is_some() {
        run_search(app);
    }
}

fn show_hits(v: &mut PathView, mut hits: Vec<Hit>) {
    hits.retain(|h| Some(h.entity) != v.from);
    v.hits = hits;
    v.hit_pos = ListPos::default();
}

/// Applies the worker's answer to the picker's newest search; drops a stale one.
pub(in crate::app) fn target_search_done(app: &mut App, done: SearchDone) -> bool {
    let v = &mut app.views.paths;
    if v.pending != Some(done.generation) {
        return false;
    }
    v.pending = None;
    show_hits(v, done.hits.into_vec());
    true
}

/// Typing in the picker; `None` for actions the view does not take.
pub(super) fn update(app: &mut App, action: Action) -> Option<Effect> {
    if !app.views.paths.picking {
        return None;
    }
    let query = &mut app.views.paths.query;
    match action {
        Action::Insert(c) => query.push(c),
        Action::DeleteBack => {
            query.pop();
        }
        Action::DeleteWord => {
            let kept = query.trim_end().rfind(' ').map_or(0, |i| i + 1);
            query.truncate(kept);
        }
        Action::ClearQuery => query.clear(),
        // The picker's cursor stays at the end of its short query.
        Action::DeleteForward | Action::CursorLeft | Action::CursorRight => {
            return Some(Effect::None);
        }
        _ => return None,
    }
    run_search(app);
    Some(Effect::None)
}

pub(super) fn move_by(app: &mut App, delta: isize) {
    let height = list_height(app);
    let v = &mut app.views.paths;
    if v.picking {
        move_pos(&mut v.hit_pos, v.hits.len(), delta, height, |_| true);
    } else {
        let rows = &v.rows;
        // The first step of every path is the entity the view started from: nothing to follow.
        move_pos(
            &mut v.pos,
            rows.len(),
            delta,
            height,
            |i| matches!(rows[i], PathRow::Step { node, .. } if node > 0),
        );
    }
}

pub(super) fn activate(app: &mut App) {
    let v = &app.views.paths;
    if !v.picking {
        if let Some(ix) = v.selected_entity() {
            follow(app, ix);
        }
        return;
    }
    let (Some(from), Some(to)) = (v.from, v.selected_entity()) else {
        return;
    };
    let query = PathQuery {
        from,
        to,
        directed: false,
        max: MAX_PATHS,
        via_kind: None,
        avoid: Vec::new(),
    };
    let found = paths(&app.graph, &query).unwrap_or_default();
    let v = &mut app.views.paths;
    v.picking = false;
    v.to = Some(to);
    v.rows = rows_of(&found);
    v.paths = found;
    v.pos = ListPos::default();
    move_by(app, 1);
}

fn rows_of(paths: &[Path]) -> Vec<PathRow> {
    let mut rows = Vec::new();
    for (i, p) in paths.iter().enumerate() {
        rows.push(PathRow::Heading { path: i });
        rows.extend((0..p.nodes.len()).map(|node| PathRow::Step { path: i, node }));
    }
    rows
}
