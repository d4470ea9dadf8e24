//! The deal timeline's state: every deal by date (`analysis::deals`) copied out of the graph
//! once, the per-year totals, and what the user made of the list: its order (`s`), a filter by
//! party or name (`/`), a jump to a year (`:`), and the selection. Enter opens the selected deal
//! in the explorer.

use ratatui::layout::Rect;

use super::super::{Action, App, ListPos};
use super::{body_inner, deal_entity, follow, move_pos};
use crate::analysis::{DealFilter, DealSource, YearTotal, deals, totals_by_year};
use crate::conventions::ATTR_AT_LEAST;
use crate::graph::{AttrValue, EntityIx, Graph};
use crate::search::fold;

/// Rows of the per-year bar chart at most.
const CHART_MAX: u16 = 12;
/// Digits of a year: the jump happens once this many are typed.
const YEAR_DIGITS: usize = 4;

/// A deal as the timeline lists it.
#[derive(Clone, Debug, PartialEq)]
pub struct DealRow {
    /// Where the deal is stored.
    pub source: DealSource,
    /// The deal's name; for a relation carrying an amount, its type (`operates`).
    pub name: String,
    /// The deal's date as written.
    pub date: Option<String>,
    /// The disclosed amount, US dollars.
    pub amount_usd: Option<f64>,
    /// The amount is a floor (`at_least`): shown `≥ $10.0B`.
    pub at_least: bool,
    /// The deal's status, or how it ended.
    pub status: Option<String>,
    /// Everyone taking part.
    pub parties: Vec<EntityIx>,
    /// The name and the parties' names, folded, for the filter.
    key: String,
}

impl DealRow {
    /// True for a relation that carries an amount (`aws -operates-> project-rainier`): a
    /// transaction, not a deal entity, and labelled so.
    pub fn is_relation(&self) -> bool {
        matches!(self.source, DealSource::Relation(_))
    }
}

/// The timeline's order, cycled by `s`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum TimelineSort {
    /// Oldest first (undated last), then largest first.
    #[default]
    DateUp,
    /// Newest first (undated last).
    DateDown,
    /// Largest amount first (undisclosed last), then by date.
    AmountDown,
}

impl TimelineSort {
    fn next(self) -> TimelineSort {
        match self {
            TimelineSort::DateUp => TimelineSort::DateDown,
            TimelineSort::DateDown => TimelineSort::AmountDown,
            TimelineSort::AmountDown => TimelineSort::DateUp,
        }
    }

    /// How the view's title and status line name the order.
    pub fn label(self) -> &'static str {
        match self {
            TimelineSort::DateUp => "date ↑",
            TimelineSort::DateDown => "date ↓",
            TimelineSort::AmountDown => "amount ↓",
        }
    }
}

/// A line the timeline is asking for, which letters and digits type into.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TimelinePrompt {
    /// `/`: the filter by party or name, applied as it is typed.
    Filter,
    /// `:`: a year to jump to.
    Year,
}

#[derive(Default)]
/// The state of the timeline view.
pub struct TimelineView {
    /// False until the deals were read (once per graph).
    built: bool,
    /// The deals, by date.
    pub rows: Vec<DealRow>,
    /// The rows listed, in order: indices into `rows` that pass the filter, sorted.
    pub shown: Vec<usize>,
    /// Disclosed totals per year, drawn as bars.
    pub years: Vec<YearTotal>,
    /// The selection and scroll, over `shown`.
    pub pos: ListPos,
    /// The order of the list.
    pub sort: TimelineSort,
    /// Words every listed deal's name or parties contain (case and accents ignored).
    pub filter: String,
    /// The year typed so far after `:`.
    pub year: String,
    /// The line being typed, if any.
    pub prompt: Option<TimelinePrompt>,
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

    /// The listed deals, in order.
    pub fn listed(&self) -> impl Iterator<Item = &DealRow> + '_ {
        self.shown.iter().map(|&i| &self.rows[i])
    }

    /// The selected deal.
    pub fn selected(&self) -> Option<&DealRow> {
        self.shown.get(self.pos.selected).map(|&i| &self.rows[i])
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

/// Where the deals are drawn: the list below its heading line.
pub(crate) fn rows_area(size: (u16, u16)) -> Rect {
    let list = geometry(size).1;
    Rect::new(
        list.x,
        list.y + list.height.min(1),
        list.width,
        list.height.saturating_sub(1),
    )
}

fn is_flag(graph: &Graph, source: DealSource, key: &str) -> bool {
    let value = match source {
        DealSource::Entity(e) => graph.entity(e).attr(key),
        DealSource::Relation(r) => graph.relation(r).attr(key),
    };
    matches!(value, Some(AttrValue::Bool(true)))
}

pub(super) fn open(app: &mut App) {
    let v = &mut app.views.timeline;
    if v.built {
        return;
    }
    let selected = v.selected().map(|r| r.source);
    let graph = &app.graph;
    let found = deals(graph, &DealFilter::default());
    v.years = totals_by_year(graph, &found);
    v.rows = found
        .iter()
        .map(|d| {
            let parties: Vec<EntityIx> = d.parties.iter().map(|p| p.entity).collect();
            let key = std::iter::once(d.name)
                .chain(parties.iter().map(|&p| graph.entity(p).name()))
                .map(fold)
                .collect::<Vec<_>>()
                .join("\n");
            DealRow {
                source: d.source,
                name: d.name.to_string(),
                date: d.date.map(str::to_string),
                amount_usd: d.amount_usd,
                at_least: d.amount_usd.is_some() && is_flag(graph, d.source, ATTR_AT_LEAST),
                // An ended deal shows how it ended (it is not in the year totals above it).
                status: match &d.ending {
                    Some(e) => Some(crate::display::format_ending(e.how, None)),
                    None => d.status.map(str::to_string),
                },
                parties,
                key,
            }
        })
        .collect();
    v.built = true;
    relist(app, selected);
}

/// Lists the rows that pass the filter in the chosen order, keeping `keep` selected when it is
/// still listed (else the first row).
fn relist(app: &mut App, keep: Option<DealSource>) {
    let v = &mut app.views.timeline;
    let words: Vec<String> = fold(&v.filter)
        .split_whitespace()
        .map(str::to_string)
        .collect();
    let rows = &v.rows;
    v.shown = (0..rows.len())
        .filter(|&i| words.iter().all(|w| rows[i].key.contains(w.as_str())))
        .collect();
    // `rows` is by date (then largest first): each order is a stable sort of it.
    match v.sort {
        TimelineSort::DateUp => {}
        TimelineSort::DateDown => v
            .shown
            .sort_by(|&a, &b| match (&rows[a].date, &rows[b].date) {
                (Some(x), Some(y)) => y.cmp(x),
                (x, y) => x.is_none().cmp(&y.is_none()),
            }),
        TimelineSort::AmountDown => v.shown.sort_by(|&a, &b| {
            let (a, b) = (rows[a].amount_usd, rows[b].amount_usd);
            b.unwrap_or(f64::NEG_INFINITY)
                .total_cmp(&a.unwrap_or(f64::NEG_INFINITY))
        }),
    }
    v.pos = ListPos::default();
    let row = keep.and_then(|s| v.shown.iter().position(|&i| v.rows[i].source == s));
    move_by(app, row.unwrap_or(0) as isize);
}

/// Rows of deals in the list (below its heading line).
pub(crate) fn list_height(size: (u16, u16)) -> usize {
    (rows_area(size).height as usize).max(1)
}

pub(super) fn move_by(app: &mut App, delta: isize) {
    let height = list_height(app.size);
    let v = &mut app.views.timeline;
    move_pos(&mut v.pos, v.shown.len(), delta, height, |_| true);
}

/// Enter: ends a prompt (the year typed is jumped to; the filter stays), else opens the
/// selected deal.
pub(super) fn activate(app: &mut App) {
    match app.views.timeline.prompt.take() {
        Some(TimelinePrompt::Year) => jump_to_year(app),
        Some(TimelinePrompt::Filter) => {}
        None => {
            let Some(row) = app.views.timeline.selected() else {
                return;
            };
            let ix = deal_entity(app, row.source);
            follow(app, ix);
        }
    }
}

/// `s`: the next order, the selected deal kept selected.
pub(super) fn cycle_sort(app: &mut App) {
    let v = &mut app.views.timeline;
    v.sort = v.sort.next();
    let keep = v.selected().map(|r| r.source);
    relist(app, keep);
}

/// `/` and `:`: ask for a filter or a year.
pub(super) fn ask(app: &mut App, prompt: TimelinePrompt) {
    let v = &mut app.views.timeline;
    v.prompt = Some(prompt);
    v.year.clear();
}

/// True while a prompt takes the keys that type.
pub(super) fn typing(app: &App) -> bool {
    app.views.timeline.prompt.is_some()
}

/// Esc: closes the prompt; a filter is cleared (by Esc in its prompt, or after it). False when
/// there was nothing to close or clear, so Esc leaves the view.
pub(super) fn escape(app: &mut App) -> bool {
    let v = &mut app.views.timeline;
    let prompt = v.prompt.take();
    if prompt == Some(TimelinePrompt::Year) {
        v.year.clear();
        return true;
    }
    if v.filter.is_empty() {
        return prompt.is_some();
    }
    v.filter.clear();
    let keep = v.selected().map(|r| r.source);
    relist(app, keep);
    true
}

/// A key typed into the prompt: the filter applies at once; a year jumps once it has four digits.
pub(super) fn edit(app: &mut App, action: Action) {
    let v = &mut app.views.timeline;
    let text = match v.prompt {
        Some(TimelinePrompt::Filter) => &mut v.filter,
        Some(TimelinePrompt::Year) => &mut v.year,
        None => return,
    };
    match action {
        Action::Insert(c) if v.prompt == Some(TimelinePrompt::Year) && !c.is_ascii_digit() => {
            return;
        }
        Action::Insert(c) => text.push(c),
        Action::DeleteBack => {
            text.pop();
        }
        Action::DeleteWord | Action::ClearQuery => text.clear(),
        _ => return,
    }
    match v.prompt {
        Some(TimelinePrompt::Filter) => {
            let keep = v.selected().map(|r| r.source);
            relist(app, keep);
        }
        _ if v.year.len() == YEAR_DIGITS => {
            v.prompt = None;
            jump_to_year(app);
        }
        _ => {}
    }
}

/// The per-year bars inside the chart's border: where each year's bar and label are drawn, as
/// (first column, width), for `years` years over `chart`.
pub(crate) fn year_bars(chart: Rect, years: usize) -> (Rect, u16) {
    let inner = super::super::layout::inner(chart);
    let n = years.max(1) as u16;
    let bar_w = (inner.width / n).saturating_sub(1).clamp(1, 12);
    (inner, bar_w)
}

/// A click on the chart: the year under it is jumped to, as `:` and the year would.
pub(super) fn click_chart(app: &mut App, col: u16, row: u16) -> bool {
    let (chart, _) = geometry(app.size);
    let v = &app.views.timeline;
    let (inner, bar_w) = year_bars(chart, v.years.len());
    if !super::super::layout::contains(inner, col, row) {
        return false;
    }
    let i = ((col - inner.x) / (bar_w + 1)) as usize;
    let Some(year) = v.years.get(i).map(|y| y.year.clone()) else {
        return true;
    };
    app.views.timeline.year = year;
    jump_to_year(app);
    true
}

/// Selects the first listed deal of the year typed (in the list's order: the earliest by date,
/// the largest by amount), or says there is none.
fn jump_to_year(app: &mut App) {
    let year = std::mem::take(&mut app.views.timeline.year);
    let v = &app.views.timeline;
    let row = v
        .listed()
        .position(|r| r.date.as_deref().is_some_and(|d| d.starts_with(&year)));
    match row {
        Some(row) if !year.is_empty() => {
            let delta = row as isize - v.pos.selected as isize;
            move_by(app, delta);
        }
        _ => app.message = Some(format!("no deal listed in {year:?}")),
    }
}
