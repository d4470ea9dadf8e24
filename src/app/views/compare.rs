//! The compare view's state (`=` on one entity, then `=` on another): the two side by side, as
//! `kgx compare A B` lists them: attributes, shared partners with each one's deals, the deals
//! between them, the shortest paths and the rings both take part in. Rows are laid out once when
//! the view opens; ←/→ pick the side a row's Enter opens.
//!
//! What this file does not do: compare (`analysis::compare`) or draw (`ui/views/compare.rs`).

use super::super::partners::PartnerSummary;
use std::sync::{Arc, OnceLock};

use super::super::{App, ListPos, SearchMode, View};
use super::{body_inner, follow, move_pos};
use crate::analysis::{MoneyGraph, Path, Ring, compare};
use crate::display::format_attr;
use crate::graph::{AttrValue, EntityIx, Graph};

/// The sections of the comparison, in order.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum CompareSection {
    Attributes,
    Shared,
    Between,
    Paths,
    Rings,
}

/// One row of the compare view; `left` and `right` are the first and second entity's sides.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum CompareRow {
    /// A section's heading with its number of entries.
    Heading {
        section: CompareSection,
        count: usize,
    },
    /// The blank line between sections.
    Blank,
    /// An attribute key and each side's value.
    Attribute { k: usize },
    /// A partner both have: its name.
    Shared { k: usize },
    /// Each side's figures with that partner.
    SharedFigures { k: usize },
    /// The `n`-th deal of each side with that partner (either may be missing).
    SharedDeals { k: usize, n: usize },
    /// What passes between the two: figures.
    Between,
    /// The `n`-th deal between them.
    BetweenDeal { n: usize },
    /// A shortest path.
    Path { k: usize },
    /// A ring both take part in.
    Ring { k: usize },
}

/// The comparison, owned (the view outlives a borrow of the graph).
#[derive(Clone, Debug, Default)]
pub(crate) struct CompareData {
    /// Every attribute key of either, with each side's value as text.
    pub attributes: Vec<(String, Option<String>, Option<String>)>,
    /// Each shared partner as the first and the second see it.
    pub shared: Vec<(PartnerSummary, PartnerSummary)>,
    /// The second as a partner of the first.
    pub between: Option<PartnerSummary>,
    /// The shortest paths, either direction.
    pub paths: Vec<Path>,
    /// The rings both take part in (pairs of the money index's graph).
    pub rings: Vec<Ring>,
}

/// The compare view's state.
#[derive(Default)]
pub(crate) struct CompareView {
    /// The entity marked by the first `=`, waiting for the second.
    pub mark: Option<EntityIx>,
    /// The two entities compared.
    pub pair: Option<(EntityIx, EntityIx)>,
    /// The comparison.
    pub data: CompareData,
    /// The rows.
    pub rows: Vec<CompareRow>,
    /// The selection and the first row drawn.
    pub pos: ListPos,
    /// The side Enter opens on a row with two: 0 the first entity's, 1 the second's.
    pub side: usize,
    /// On a large graph, the comparison being computed on a thread.
    pub(crate) pending: Option<Arc<OnceLock<CompareData>>>,
    /// The work that computes `pending`, until the terminal layer takes it.
    job: Option<Box<dyn FnOnce() + Send>>,
}

impl CompareRow {
    fn selectable(&self) -> bool {
        !matches!(
            self,
            CompareRow::Heading { .. } | CompareRow::Blank | CompareRow::Attribute { .. }
        )
    }
}

/// Rows of the list (below the title line and a blank line).
pub(crate) fn list_height(size: (u16, u16)) -> usize {
    (body_inner(size).height as usize).saturating_sub(2).max(1)
}

/// `=`: marks the shown entity, or compares the marked one with it.
pub(super) fn mark_or_open(app: &mut App) {
    let Some(shown) = app.shown() else {
        app.message = Some("select an entity first".into());
        return;
    };
    let name =
        |app: &App, e: EntityIx| crate::escape::safe_text(app.graph.entity(e).name()).into_owned();
    match app.views.compare.mark {
        None => {
            app.views.compare.mark = Some(shown);
            app.message = Some(format!(
                "compare {} with…: open another entity and press = (= here again forgets)",
                name(app, shown)
            ));
        }
        Some(a) if a == shown => {
            app.views.compare.mark = None;
            app.message = Some(format!("compare: forgot {}", name(app, a)));
        }
        Some(a) => {
            app.views.compare.mark = None;
            open(app, a, shown);
        }
    }
}

/// Opens the view on `a` and `b` (computing the comparison on the money index; on a large
/// graph still computing it, says so instead).
pub(super) fn open(app: &mut App, a: EntityIx, b: EntityIx) {
    let Some(index) = app.money_index_now() else {
        app.message = Some("compare needs the money graph: still computing, try again".into());
        return;
    };
    let v = &mut app.views.compare;
    v.pair = Some((a, b));
    v.data = CompareData::default();
    v.rows.clear();
    v.pos = ListPos::default();
    v.side = 0;
    app.view = View::Compare;
    match app.search_mode() {
        SearchMode::Inline => {
            let data = compare_data(&app.graph, &index.money, a, b);
            show(app, data);
        }
        // At a million entities two hubs take a second: a thread computes it, the view says so.
        SearchMode::Worker => {
            let cell: Arc<OnceLock<CompareData>> = Arc::default();
            let (done, graph) = (Arc::clone(&cell), Arc::clone(&app.graph));
            app.views.compare.pending = Some(cell);
            app.views.compare.job = Some(Box::new(move || {
                done.get_or_init(|| compare_data(&graph, &index.money, a, b));
            }));
        }
    }
}

/// The comparison of `a` and `b`, owned.
fn compare_data(graph: &Graph, money: &MoneyGraph, a: EntityIx, b: EntityIx) -> CompareData {
    let c = compare(graph, money, a, b);
    let summary = |p: &crate::analysis::Partner<'_>| super::super::partners::summary_of(p.clone());
    let text = |k: &str, v: Option<AttrValue<'_>>| v.map(|v| format_attr(k, &v));
    CompareData {
        attributes: c
            .attributes
            .iter()
            .map(|&(k, va, vb)| (k.to_string(), text(k, va), text(k, vb)))
            .collect(),
        shared: c
            .shared
            .iter()
            .map(|s| (summary(&s.of_a), summary(&s.of_b)))
            .collect(),
        between: c.between.as_ref().map(summary),
        paths: c.paths.clone(),
        rings: c.rings.clone(),
    }
}

/// Lays out `data` in the view.
fn show(app: &mut App, data: CompareData) {
    let v = &mut app.views.compare;
    v.rows = rows(&data);
    v.data = data;
    v.pos = ListPos::default();
    move_by(app, 1);
}

/// The comparison computed on a thread arrived: it is laid out now. The terminal layer calls
/// this once [`App::compare_ready`] says so.
pub(crate) fn compare_done(app: &mut App) {
    let Some(cell) = app.views.compare.pending.take() else {
        return;
    };
    if let Some(data) = cell.get() {
        show(app, data.clone());
    }
}

impl App {
    /// A comparison to compute on a thread of its own (large graphs), once.
    pub(crate) fn take_compare_job(&mut self) -> Option<Box<dyn FnOnce() + Send>> {
        self.views.compare.job.take()
    }

    /// True when a comparison computed on a thread is done and waits to be laid out.
    pub(crate) fn compare_ready(&self) -> bool {
        self.views
            .compare
            .pending
            .as_ref()
            .is_some_and(|c| c.get().is_some())
    }
}

fn rows(data: &CompareData) -> Vec<CompareRow> {
    use CompareRow as R;
    let mut rows = Vec::new();
    let section = |rows: &mut Vec<CompareRow>, section: CompareSection, count: usize| {
        if !rows.is_empty() {
            rows.push(R::Blank);
        }
        rows.push(R::Heading { section, count });
    };
    section(&mut rows, CompareSection::Attributes, data.attributes.len());
    rows.extend((0..data.attributes.len()).map(|k| R::Attribute { k }));
    section(&mut rows, CompareSection::Shared, data.shared.len());
    for (k, (a, b)) in data.shared.iter().enumerate() {
        rows.push(R::Shared { k });
        rows.push(R::SharedFigures { k });
        rows.extend((0..a.deals.len().max(b.deals.len())).map(|n| R::SharedDeals { k, n }));
    }
    section(
        &mut rows,
        CompareSection::Between,
        usize::from(data.between.is_some()),
    );
    if let Some(p) = &data.between {
        rows.push(R::Between);
        rows.extend((0..p.deals.len()).map(|n| R::BetweenDeal { n }));
    }
    section(&mut rows, CompareSection::Paths, data.paths.len());
    rows.extend((0..data.paths.len()).map(|k| R::Path { k }));
    section(&mut rows, CompareSection::Rings, data.rings.len());
    rows.extend((0..data.rings.len()).map(|k| R::Ring { k }));
    rows
}

pub(super) fn move_by(app: &mut App, delta: isize) {
    let height = list_height(app.size);
    let v = &mut app.views.compare;
    let rows = &v.rows;
    move_pos(&mut v.pos, rows.len(), delta, height, |i| {
        rows[i].selectable()
    });
}

/// ←/→: the side Enter opens.
/// Attribute names wider than this are cut so the two sides keep their columns.
const MAX_KEY: usize = 18;

/// Where the two sides are drawn in the view's inside `inner`: the width of the attribute-name
/// column, the first column of each side, and each side's width. The renderer draws there and a
/// click picks the side it lands on.
pub(crate) fn columns(v: &CompareView, inner: ratatui::layout::Rect) -> (usize, [u16; 2], u16) {
    use unicode_width::UnicodeWidthStr;
    let key_w = v
        .data
        .attributes
        .iter()
        .map(|(k, ..)| crate::escape::safe_text(k).width())
        .max()
        .unwrap_or(0)
        .min(MAX_KEY);
    let half = inner.width.saturating_sub(key_w as u16 + 4) / 2;
    let left_x = inner.x + key_w as u16 + 4;
    (key_w, [left_x, left_x + half], half)
}

/// A click at column `col` on a row with two sides: the side it landed on.
pub(super) fn click_side(app: &mut App, col: u16) {
    let (_, [left_x, right_x], _) = columns(&app.views.compare, body_inner(app.size));
    if col >= right_x {
        app.views.compare.side = 1;
    } else if col >= left_x {
        app.views.compare.side = 0;
    }
}

pub(super) fn switch_side(app: &mut App, side: usize) {
    app.views.compare.side = side;
}

/// What Enter on `row` opens, on the view's side.
pub(crate) fn target(v: &CompareView, row: CompareRow) -> Option<EntityIx> {
    let d = &v.data;
    match row {
        CompareRow::Shared { k } | CompareRow::SharedFigures { k } => Some(d.shared[k].0.party),
        CompareRow::SharedDeals { k, n } => {
            let (a, b) = &d.shared[k];
            let (mine, other) = if v.side == 0 { (a, b) } else { (b, a) };
            mine.deals.get(n).or_else(|| other.deals.get(n)).copied()
        }
        CompareRow::Between => v.pair.map(|(a, b)| if v.side == 0 { a } else { b }),
        CompareRow::BetweenDeal { n } => d.between.as_ref().and_then(|p| p.deals.get(n).copied()),
        CompareRow::Path { k } => {
            let nodes = &d.paths[k].nodes;
            // The first step away from the side's own end.
            if v.side == 0 {
                nodes.get(1).copied()
            } else {
                nodes.iter().rev().nth(1).copied()
            }
        }
        CompareRow::Ring { k } => d.rings[k].parties.first().copied(),
        CompareRow::Heading { .. } | CompareRow::Blank | CompareRow::Attribute { .. } => None,
    }
}

pub(super) fn activate(app: &mut App) {
    let v = &app.views.compare;
    let Some(&row) = v.rows.get(v.pos.selected) else {
        return;
    };
    if let Some(e) = target(v, row) {
        follow(app, e);
    }
}
