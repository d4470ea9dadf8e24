//! The deal timeline's state: every deal by date (`graph::deals`) copied out of the graph once,
//! the per-year totals, and the selection. Enter opens the selected deal in the explorer.

use ratatui::layout::Rect;

use super::super::{App, ListPos};
use super::{body_inner, deal_entity, follow, move_pos};
use crate::analysis::{DealFilter, DealSource, YearTotal, deals, totals_by_year};
use crate::graph::EntityIx;

/// Rows of the per-year bar chart at most.
const CHART_MAX: u16 = 12;

/// A deal as the timeline lists it.
#[derive(Clone, Debug, PartialEq)]
pub struct DealRow {
    /// Where the deal is stored.
    pub source: DealSource,
    /// The deal's name.
    pub name: String,
    /// The deal's date as written.
    pub date: Option<String>,
    /// The disclosed amount, US dollars.
    pub amount_usd: Option<f64>,
    /// The deal's status, or how it ended.
    pub status: Option<String>,
    /// Everyone taking part.
    pub parties: Vec<EntityIx>,
}

#[derive(Default)]
/// The state of the timeline view.
pub struct TimelineView {
    /// False until the deals were read (once per graph).
    built: bool,
    /// The deals, by date.
    pub rows: Vec<DealRow>,
    /// Disclosed totals per year, drawn as bars.
    pub years: Vec<YearTotal>,
    /// The selection and scroll.
    pub pos: ListPos,
}

impl TimelineView {
    /// Forgets the deals read from the graph (it changed); the selection is kept where it can be.
    pub(super) fn forget(&mut self) {
        self.built = false;
    }

    /// The largest amount of any deal: the full length of a bar.
    pub(crate) fn max_amount(&self) -> f64 {
        self.rows
            .iter()
            .filter_map(|r| r.amount_usd)
            .fold(0.0, f64::max)
    }
}

/// The chart above the list and the list below it.
pub(crate) fn geometry(size: (u16, u16)) -> (Rect, Rect) {
    let inner = body_inner(size);
    let chart_h = (inner.height / 3).min(CHART_MAX);
    let chart = Rect::new(inner.x, inner.y, inner.width, chart_h);
    let list = Rect::new(
        inner.x,
        inner.y + chart_h,
        inner.width,
        inner.height - chart_h,
    );
    (chart, list)
}

pub(super) fn open(app: &mut App) {
    let v = &mut app.views.timeline;
    if v.built {
        return;
    }
    let selected = v.rows.get(v.pos.selected).map(|r| r.source);
    let found = deals(&app.graph, &DealFilter::default());
    v.years = totals_by_year(&app.graph, &found);
    v.rows = found
        .iter()
        .map(|d| DealRow {
            source: d.source,
            name: d.name.to_string(),
            date: d.date.map(str::to_string),
            amount_usd: d.amount_usd,
            // An ended deal shows how it ended (it is not in the year totals above it).
            status: match &d.ending {
                Some(e) => Some(crate::display::format_ending(e.how, None)),
                None => d.status.map(str::to_string),
            },
            parties: d.parties.iter().map(|p| p.entity).collect(),
        })
        .collect();
    v.pos = ListPos::default();
    v.built = true;
    // After a change of graph (an as-of date), the same deal stays selected when it is shown.
    if let Some(row) = selected.and_then(|s| v.rows.iter().position(|r| r.source == s)) {
        move_by(app, row as isize);
    }
}

/// Rows of deals in the list (below its heading line).
pub(crate) fn list_height(size: (u16, u16)) -> usize {
    (geometry(size).1.height as usize).saturating_sub(1).max(1)
}

pub(super) fn move_by(app: &mut App, delta: isize) {
    let height = list_height(app.size);
    let v = &mut app.views.timeline;
    move_pos(&mut v.pos, v.rows.len(), delta, height, |_| true);
}

pub(super) fn activate(app: &mut App) {
    let Some(row) = app.views.timeline.rows.get(app.views.timeline.pos.selected) else {
        return;
    };
    let ix = deal_entity(app, row.source);
    follow(app, ix);
}
