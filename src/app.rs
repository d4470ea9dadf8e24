//! The explorer's state and its pure [`update`]: query, kind filter, results, focus, selections,
//! history. No terminal I/O happens here; what needs the terminal (quitting, the clipboard) comes
//! back from `update` as an [`Effect`]. Keys reach `update` through the data in [`keymap`].

mod action;
mod as_of;
mod history;
mod indexing;
pub mod keymap;
pub(crate) mod layout;
mod partners;
mod relations;
mod reload;
mod resume;
mod search;
mod state;
pub mod tabs;
#[cfg(test)]
mod tests;
mod typing;
mod update;
pub mod views;
mod words;

pub use action::{Action, Effect};
pub use as_of::DatePrompt;
pub(crate) use indexing::{BuiltIndex, index_done};
pub use partners::{Grouping, PartnerSummary};
pub use relations::RelRow;
pub use relations::RelWidths;
#[cfg(test)]
pub(crate) use relations::relation_widths;
use relations::{group_widths, pane_widths};
pub(crate) use relations::{relation_rows, widths_at};
pub use reload::Source;
pub(crate) use search::{Purpose, SearchDone, SearchRequest, search_done};
pub use search::{SearchMode, WORKER_THRESHOLD};
pub use state::AppOptions;
pub use state::{
    DetailPane, HelpOverlay, History, KeyState, RelationsPane, ResultsPane, SearchEngine,
    SearchLine,
};
pub use update::update;

use std::sync::Arc;

use ratatui::layout::Rect;

use crate::graph::{EntityIx, Graph};
use crate::search::KindFilter;
use layout::Panes;

/// What separates the tabs on the search line.
pub(crate) const TAB_SEPARATOR: &str = " · ";
/// Columns kept for the query before the tabs give way to the active tab alone.
const MIN_QUERY: usize = 16;

/// Which pane receives keys.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Focus {
    /// The search line.
    Search,
    /// The results list.
    Results,
    /// The relations pane.
    Relations,
}

/// What the main area shows: the explorer, or one of the relationship views, each with its state
/// under `app/views/` and its own `ui/view_*.rs` file.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum View {
    #[default]
    /// The explorer: search, results, detail and relations.
    Explore,
    /// Paths from the shown entity to a picked target (`p`).
    Paths,
    /// The shown entity and its neighbours (`n`).
    Neighbourhood,
    /// Deals by date with per-year totals (`t`).
    Timeline,
    /// Money rings (`c`).
    Cycles,
    /// Two entities side by side (`=` on one, `=` on the other).
    Compare,
    /// The overview of the graph (`i`).
    Overview,
}

/// A selection in a list and the first row drawn.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ListPos {
    /// The selected row.
    pub selected: usize,
    /// The first row drawn.
    pub offset: usize,
}

impl ListPos {
    /// The offset that keeps `selected` inside a window of `height` rows.
    pub(crate) fn visible_offset(&self, height: usize) -> usize {
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
    /// The entity shown.
    pub entity: EntityIx,
    /// The pane that had the focus.
    pub focus: Focus,
    /// The selected row of that pane.
    pub row: usize,
    /// The view on screen then (the explorer, or a view an entity was opened from).
    pub view: View,
    /// When and how the entity was opened (for the trail `kgx trail` prints).
    pub arrival: Arrival,
}

/// When and how a place of the history was reached.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Arrival {
    /// Seconds since 1970, as the terminal layer last told the app ([`History::now`]).
    pub at: u64,
    /// How.
    pub how: How,
}

/// How a place of the history was reached.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum How {
    /// Picked from the search results.
    #[default]
    Searched,
    /// Followed along a relation from this entity (`None`: it is no longer in the graph).
    Followed(Option<EntityIx>),
    /// Opened from a view (the paths view: a path).
    View(View),
}

/// One breadcrumb of the status line, with where it is drawn so a click can find it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Crumb {
    /// The step's text.
    pub label: String,
    /// The column the step starts at on screen.
    pub x: u16,
    /// The step's width in columns.
    pub width: u16,
    /// How many steps back a click on it goes (0: the current place or a forward one).
    pub steps_back: usize,
    /// How many steps forward a click on it goes (drawn dimmed when not 0).
    pub steps_forward: usize,
    /// Crumbs were left out just before it (`… › ` is drawn before it).
    pub gap_before: bool,
    /// Crumbs were left out after it, at the end of the trail (` › …` is drawn after it).
    pub gap_after: bool,
}

/// The explorer's whole state, grouped by what it belongs to on screen.
pub struct App {
    /// The graph shown, shared with the search worker (see [`search`]).
    pub graph: Arc<Graph>,
    /// How the explorer was opened.
    pub options: AppOptions,
    /// The explorer or a relationship view.
    pub view: View,
    /// Which pane receives keys.
    pub focus: Focus,
    /// The search line.
    pub search: SearchLine,
    /// The results pane.
    pub results: ResultsPane,
    /// The relations pane.
    pub relations: RelationsPane,
    /// The detail pane.
    pub detail: DetailPane,
    /// Back and forward.
    pub history: History,
    /// The help overlay.
    pub help: HelpOverlay,
    /// A transient message for the status line, cleared by the next key.
    pub message: Option<String>,
    /// Why the last reload failed, shown in the status line until Esc dismisses it (or a
    /// reload succeeds); a message shows over it for one key.
    pub reload_error: Option<String>,
    /// Terminal size in columns and rows.
    pub size: (u16, u16),
    /// The state of the relationship views (paths, neighbourhood, timeline, cycles).
    pub views: views::Views,
    /// Where and how searches run.
    pub engine: SearchEngine,
    /// What the previous key left for the next.
    pub keys: KeyState,
    /// The day the graph is seen as of (`a`, `--as-of`); `None`: everything the file holds.
    pub as_of: Option<crate::analysis::AsOf>,
    /// The as-of date prompt, while it is open.
    pub date_prompt: Option<DatePrompt>,
}

impl App {
    /// The explorer on `graph`, opened with `options` (or just a name for the status line).
    pub fn new(graph: Graph, options: impl Into<AppOptions>) -> App {
        let mode = SearchMode::for_graph(&graph);
        // A large graph's index is built after the first frame, on a thread (`app/indexing.rs`).
        let index = (mode == SearchMode::Inline).then(|| indexing::build_index(&graph));
        let tabs = tabs::tabs_for(&graph);
        let mut app = App {
            graph: Arc::new(graph),
            options: options.into(),
            view: View::Explore,
            focus: Focus::Search,
            search: SearchLine {
                tabs,
                ..SearchLine::default()
            },
            results: ResultsPane::default(),
            relations: RelationsPane::default(),
            detail: DetailPane::default(),
            history: History::default(),
            help: HelpOverlay::default(),
            message: None,
            reload_error: None,
            size: (120, 40),
            views: views::Views::default(),
            engine: SearchEngine::new(index, mode),
            keys: KeyState::default(),
            as_of: None,
            date_prompt: None,
        };
        app.views.cycles.max_parties = app
            .options
            .max_parties
            .clamp(views::MIN_VIEW_PARTIES, views::MAX_VIEW_PARTIES);
        // The first results are computed before the first frame, whatever the mode.
        app.search_now();
        app
    }

    /// The active kind filter.
    pub fn filter(&self) -> KindFilter {
        self.search
            .tabs
            .get(self.search.tab)
            .map_or(KindFilter::All, |t| t.filter.clone())
    }

    /// The selected result's entity.
    pub fn selected_result(&self) -> Option<EntityIx> {
        self.results
            .hits
            .get(self.results.pos.selected)
            .map(|h| h.entity)
    }

    /// The entity in the detail and relations panes: the opened one while relations have focus,
    /// otherwise the selected result.
    /// How the help overlay lays out on the current terminal.
    pub(crate) fn help_layout(&self) -> layout::HelpLayout {
        self.help_layout_of(&keymap::help_lines())
    }

    /// [`App::help_layout`] for lines already built (the renderer draws them too).
    pub(crate) fn help_layout_of(&self, lines: &[keymap::HelpLine]) -> layout::HelpLayout {
        use unicode_width::UnicodeWidthStr;
        let widest = lines
            .iter()
            .map(|line| match line {
                keymap::HelpLine::Heading(h) => h.width(),
                keymap::HelpLine::Binding { help, .. } => {
                    layout::HELP_KEYS_WIDTH + 1 + help.width()
                }
            })
            .max()
            .unwrap_or(0);
        let area = Rect::new(0, 0, self.size.0, self.size.1);
        layout::HelpLayout::new(area, lines.len(), widest)
    }

    /// The entity whose detail is shown, if any.
    pub fn shown(&self) -> Option<EntityIx> {
        match self.focus {
            Focus::Relations => self.relations.opened,
            _ => self.selected_result(),
        }
    }

    /// The selected relation row, when it is a relation.
    pub(crate) fn selected_relation(&self) -> Option<crate::graph::RelationIx> {
        match self.relations.rows.get(self.relations.pos.selected) {
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
        if self.engine.deferred {
            self.engine.stale = true;
            return;
        }
        self.engine.stale = false;
        self.start_search();
    }

    /// Rebuilds the relation rows when the shown entity changed.
    fn sync_relations(&mut self) {
        let shown = self.shown();
        if shown == self.relations.entity {
            return;
        }
        self.relations.entity = shown;
        self.detail.scroll = 0;
        self.detail.max_scroll = None;
        self.relations.expanded.clear();
        self.rebuild_relations();
    }

    /// Builds the relation rows of the shown entity in the pane's grouping.
    fn rebuild_relations(&mut self) {
        let shown = self.relations.entity;
        self.relations.partners.clear();
        self.relations.rows = match (shown, self.relations.grouping) {
            (None, _) => Vec::new(),
            (Some(ix), Grouping::Relations) => relation_rows(&self.graph, ix),
            (Some(ix), Grouping::Partners) => {
                self.build_partner_rows(ix);
                std::mem::take(&mut self.relations.rows)
            }
        };
        self.relations.group_widths = match (shown, self.relations.grouping) {
            (Some(ix), Grouping::Relations) => group_widths(&self.graph, ix, &self.relations.rows),
            _ => Vec::new(),
        };
        self.relations.widths = match (shown, self.relations.grouping) {
            (Some(_), Grouping::Relations) => {
                pane_widths(&self.relations.group_widths, &self.relations.rows)
            }
            _ => RelWidths {
                items: self.relations.partners.len(),
                ..RelWidths::default()
            },
        };
        self.relations.pos = ListPos::default();
        self.select_relation(0, 1);
    }

    /// Selects the relation row nearest `row` in direction `step` (±1), skipping headers.
    fn select_relation(&mut self, row: usize, step: isize) {
        let n = self.relations.rows.len();
        if n == 0 {
            self.relations.pos = ListPos::default();
            return;
        }
        let row = row.min(n - 1);
        let find = |step: isize| {
            let mut i = row as isize;
            while i >= 0 && (i as usize) < n {
                if self.relations.rows[i as usize].is_item() {
                    return Some(i as usize);
                }
                i += step;
            }
            None
        };
        if let Some(i) = find(step).or_else(|| find(-step)) {
            self.relations.pos.selected = i;
        }
        let height = self.relations_height();
        // Show the group header above the first relation of the pane.
        let mut offset = self.relations.pos.visible_offset(height);
        if self.relations.pos.selected == 1 {
            offset = 0;
        }
        self.relations.pos.offset = offset;
    }

    fn select_result(&mut self, row: usize) {
        let n = self.results.hits.len();
        self.results.pos.selected = row.min(n.saturating_sub(1));
        self.results.pos.offset = self.results.pos.visible_offset(self.results_height());
        self.sync_relations();
    }
    /// `  N of M ` as the search line ends, `N` right-aligned in the width of `M`: the label is
    /// as wide for 6 matches as for 16, so the tabs before it (and their click targets) stay put
    /// while the user types.
    pub(crate) fn count_label(&self) -> String {
        let total = crate::display::format_count(self.graph.visible_entity_count());
        let hits = crate::display::format_count(self.results.hits.len());
        let w = unicode_width::UnicodeWidthStr::width(total.as_str());
        format!("  {hits:>w$} of {total} ")
    }

    /// Column and width of each kind tab on a search line `width` columns wide, or `None` when
    /// they do not all fit or the line needs the room (it then shows only the active tab).
    pub fn tab_columns(&self, width: u16) -> Option<Vec<(u16, u16)>> {
        // A filter error or the date prompt needs the room more than the tabs do.
        if self.search.error.is_some() || self.date_prompt.is_some() {
            return None;
        }
        let text_width = unicode_width::UnicodeWidthStr::width;
        let count_w = text_width(self.count_label().as_str());
        let texts: Vec<String> = self.search.tabs.iter().map(tabs::Tab::text).collect();
        let tabs_w: usize = texts.iter().map(|t| text_width(t.as_str())).sum::<usize>()
            + text_width(TAB_SEPARATOR) * texts.len().saturating_sub(1);
        if tabs_w + count_w + MIN_QUERY > width as usize {
            return None;
        }
        let mut x = width as usize - count_w - tabs_w;
        let mut columns = Vec::with_capacity(texts.len());
        for tab in &texts {
            columns.push((x as u16, text_width(tab.as_str()) as u16));
            x += text_width(tab.as_str()) + text_width(TAB_SEPARATOR);
        }
        Some(columns)
    }
}

/// `s` cut to `max` characters with an ellipsis.
fn short(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        s.to_string()
    } else {
        s.chars().take(max - 1).chain(['…']).collect()
    }
}
