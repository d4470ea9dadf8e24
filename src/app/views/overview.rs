//! The overview screen's state (`i`): the graph's overview ([`Overview`], computed once per graph
//! and kept), the selection among its lines, and the list a chosen row opens. Every row with a
//! target acts on Enter: a kind filters the results to it, an entity opens, a relation type or a
//! quality check lists its relations or entities here, where Enter opens one and Esc comes back.
//! What it does not do: compute the overview (`analysis::overview`) or word its lines
//! (`display::overview`).

use std::sync::{Arc, OnceLock};

use super::super::{App, Focus, ListPos, SearchMode, View};
use super::{body_inner, follow, move_pos};
use crate::analysis::overview::{Overview, QualityCheck};
use crate::display::overview::{OverviewLine, RowTarget, lines, quality_label};
use crate::escape::safe_text;
use crate::graph::EntityIx;

/// How many rows a list opened from a row holds at most (a relation type of a million).
pub(crate) const LIST_MAX: usize = 5_000;

/// The state of the overview screen.
#[derive(Default)]
pub struct OverviewView {
    /// The overview of the current graph, once computed: on first opening for a small graph;
    /// for a large one on a thread the terminal layer starts after the first frame
    /// ([`App::take_overview_job`]), so `i` at a million entities does not wait seconds.
    pub overview: Arc<OnceLock<Overview>>,
    /// The background computation was handed out.
    job_taken: bool,
    /// The screen was shown before the overview was ready: place the selection once it is.
    waiting: bool,
    /// The selection and scroll among the overview's lines.
    pub pos: ListPos,
    /// The list a chosen row opened, if one is open.
    pub list: Option<RowList>,
}

/// The relations of a type or the offenders of a quality check, listed for choosing.
#[derive(Clone, Debug, PartialEq)]
pub struct RowList {
    /// What the list holds, with its size.
    pub title: String,
    /// One row per relation or entity: its text (escaped) and the entity Enter opens.
    pub rows: Vec<(String, EntityIx)>,
    /// How many were left out past [`LIST_MAX`].
    pub more: usize,
    /// The selection and scroll.
    pub pos: ListPos,
}

impl OverviewView {
    /// Forgets the overview (the graph changed).
    pub(crate) fn reset(&mut self) {
        *self = OverviewView::default();
    }

    /// The overview, if it is computed.
    pub fn get(&self) -> Option<&Overview> {
        self.overview.get()
    }
}

impl App {
    /// For a large graph, once per graph: the work that computes its overview, for the terminal
    /// layer to run on a thread of its own.
    pub(crate) fn take_overview_job(&mut self) -> Option<impl FnOnce() + Send + 'static> {
        let v = &mut self.views.overview;
        if self.engine.mode != SearchMode::Worker || v.job_taken || v.overview.get().is_some() {
            return None;
        }
        v.job_taken = true;
        let (cell, graph) = (Arc::clone(&v.overview), Arc::clone(&self.graph));
        Some(move || {
            cell.get_or_init(|| Overview::of(&graph));
        })
    }

    /// True when the overview screen waits for an overview that is now computed.
    pub(crate) fn overview_arrived(&self) -> bool {
        self.views.overview.waiting && self.views.overview.overview.get().is_some()
    }
}

/// The overview computed on a thread is ready: the screen waiting for it selects its first row.
pub fn overview_done(app: &mut App) {
    app.views.overview.waiting = false;
    select_first_row(app);
}

/// The overview's lines at the current width (cheap: a few lines per kind and type).
pub fn current_lines(app: &App) -> Vec<OverviewLine> {
    match app.views.overview.get() {
        Some(o) => lines(o, body_inner(app.size).width as usize),
        None => Vec::new(),
    }
}

/// Rows of the screen's body.
fn list_height(app: &App) -> usize {
    (body_inner(app.size).height as usize).max(1)
}

pub(super) fn open(app: &mut App) {
    app.views.overview.list = None;
    if app.views.overview.get().is_some() {
        return;
    }
    if app.engine.mode == SearchMode::Worker {
        // Computing on the thread: the screen says so, and fills in when it is done.
        app.views.overview.waiting = true;
        return;
    }
    let overview = Overview::of(&app.graph);
    let _ = app.views.overview.overview.set(overview);
    select_first_row(app);
}

/// Starts on the first row that does something (the first kind).
fn select_first_row(app: &mut App) {
    app.views.overview.pos = ListPos::default();
    let lines = current_lines(app);
    let height = list_height(app);
    move_pos(&mut app.views.overview.pos, lines.len(), 0, height, |i| {
        lines[i].target.is_some()
    });
}

pub(super) fn move_by(app: &mut App, delta: isize) {
    let height = list_height(app);
    if let Some(list) = &mut app.views.overview.list {
        let n = list.rows.len();
        move_pos(&mut list.pos, n, delta, height, |_| true);
        return;
    }
    let lines = current_lines(app);
    move_pos(
        &mut app.views.overview.pos,
        lines.len(),
        delta,
        height,
        |i| lines[i].target.is_some(),
    );
}

/// Esc: an open list closes back to the overview; `true` when it did.
pub(super) fn close_list(app: &mut App) -> bool {
    app.views.overview.list.take().is_some()
}

pub(super) fn activate(app: &mut App) {
    if let Some(list) = &app.views.overview.list {
        if let Some(&(_, ix)) = list.rows.get(list.pos.selected) {
            follow(app, ix);
        }
        return;
    }
    let lines = current_lines(app);
    let Some(target) = lines
        .get(app.views.overview.pos.selected)
        .and_then(|l| l.target.clone())
    else {
        return;
    };
    match target {
        RowTarget::Kind(kind) => filter_to_kind(app, &kind),
        RowTarget::Entity(ix) => follow(app, ix),
        RowTarget::RelationType(rtype) => {
            app.views.overview.list = Some(relations_of_type(app, &rtype));
        }
        RowTarget::Quality(check) => {
            app.views.overview.list = Some(offenders(app, check));
        }
    }
}

/// Back to the explorer with the results filtered to `kind`: its tab when it has one, else an
/// `@kind` term in the query.
fn filter_to_kind(app: &mut App, kind: &str) {
    app.view = View::Explore;
    match app.search.tabs.iter().position(|t| t.label == kind) {
        Some(tab) => {
            app.search.tab = tab;
            app.search.query.clear();
        }
        None => {
            app.search.tab = 0;
            app.search.query = format!("@{kind} ");
        }
    }
    app.search.cursor = app.search.query.chars().count();
    app.focus = Focus::Results;
    app.run_search();
}

fn relations_of_type(app: &App, rtype: &str) -> RowList {
    let g = &app.graph;
    let mut rows = Vec::new();
    let mut total = 0;
    for e in g.entities() {
        for r in e.outgoing().filter(|r| r.rtype() == rtype) {
            total += 1;
            if rows.len() < LIST_MAX {
                let text = format!(
                    "{} —{}→ {}",
                    safe_text(e.name()),
                    safe_text(rtype),
                    safe_text(r.to().name())
                );
                rows.push((text, e.ix()));
            }
        }
    }
    RowList {
        title: format!("{} relations · Enter opens the first end", safe_text(rtype)),
        more: total - rows.len(),
        rows,
        pos: ListPos::default(),
    }
}

fn offenders(app: &App, check: QualityCheck) -> RowList {
    let g = &app.graph;
    let found = app
        .views
        .overview
        .get()
        .and_then(|o| o.quality.iter().find(|q| q.check == check).cloned());
    let Some(found) = found else {
        return RowList {
            title: quality_label(check).to_string(),
            rows: Vec::new(),
            more: 0,
            pos: ListPos::default(),
        };
    };
    let rows: Vec<(String, EntityIx)> = if found.relations.is_empty() {
        found
            .entities
            .iter()
            .take(LIST_MAX)
            .map(|&ix| {
                let e = g.entity(ix);
                let text = format!(
                    "{}  ({}, {})",
                    safe_text(e.name()),
                    safe_text(e.kind()),
                    safe_text(e.id())
                );
                (text, ix)
            })
            .collect()
    } else {
        found
            .relations
            .iter()
            .take(LIST_MAX)
            .map(|&rx| {
                let r = g.relation(rx);
                let text = format!(
                    "{} ({}) —{}→ {} ({})",
                    safe_text(r.from().name()),
                    safe_text(r.from().kind()),
                    safe_text(r.rtype()),
                    safe_text(r.to().name()),
                    safe_text(r.to().kind())
                );
                (text, r.source_ix())
            })
            .collect()
    };
    let total = found.entities.len().max(found.relations.len());
    RowList {
        title: quality_label(check).to_string(),
        more: total.saturating_sub(rows.len()),
        rows,
        pos: ListPos::default(),
    }
}
