//! The explorer's state and its pure [`update`]: query, kind filter, results, focus, selections,
//! history. No terminal I/O happens here; what needs the terminal (quitting, the clipboard) comes
//! back from `update` as an [`Effect`]. Keys reach `update` through the data in [`keymap`].

mod action;
mod history;
pub mod keymap;
pub mod layout;
mod relations;
mod reload;
mod search;
#[cfg(test)]
mod tests;
mod typing;
mod update;
pub mod views;

pub use action::{Action, Effect};
pub use relations::{RelRow, RelWidths, relation_rows, relation_widths};
pub use reload::Source;
pub use search::{Purpose, SearchDone, SearchMode, SearchRequest, WORKER_THRESHOLD, search_done};
pub use update::update;

use std::sync::Arc;

use ratatui::layout::Rect;

use crate::graph::{EntityIx, Graph};
use crate::search::{Hit, KindFilter, Query, SearchIndex, Searcher};
use layout::Panes;

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

/// What the main area shows: the explorer, or one of the relationship views, each with its state
/// under `app/views/` and its own `ui/view_*.rs` file.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum View {
    #[default]
    Explore,
    /// Paths from the shown entity to a picked target (`p`).
    Paths,
    /// The shown entity and its neighbours (`n`).
    Neighbourhood,
    /// Deals by date with per-year totals (`t`).
    Timeline,
    /// Circular money flows (`c`).
    Cycles,
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
    /// Shared with the search worker (see [`search`]).
    pub graph: Arc<Graph>,
    pub index: Arc<SearchIndex>,
    /// Runs inline searches and computes highlights for visible rows.
    pub searcher: Searcher,
    /// Where the graph came from, for the status line.
    pub origin: String,
    pub view: View,
    pub query: String,
    /// Cursor position in the query, in characters.
    pub cursor: usize,
    /// The query of the results shown (behind `query` while a search is pending).
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
    /// Column widths over all of `rel_rows`, measured when they are built.
    pub rel_widths: RelWidths,
    pub rel_pos: ListPos,
    /// Lines of the detail pane scrolled away (mouse wheel); reset when the entity changes.
    pub detail_scroll: u16,
    pub back: Vec<Place>,
    pub forward: Vec<Place>,
    /// A transient message for the status line, cleared by the next key.
    pub message: Option<String>,
    pub show_help: bool,
    /// Rows of the help overlay scrolled away (when it is taller than the terminal).
    pub help_scroll: usize,
    /// Terminal size in columns and rows.
    pub size: (u16, u16),
    /// False under `NO_COLOR`: no colours, selection by reverse video only.
    pub color: bool,
    /// How many searches have run (the selection moving must not run one).
    pub search_runs: usize,
    /// The state of the relationship views (paths, neighbourhood, timeline, cycles).
    pub views: views::Views,
    /// Where the graph came from: what `r` reads again.
    pub source: Source,
    /// True under `--watch`: the file is reloaded whenever it changes.
    pub watch: bool,
    /// While set, query edits do not search; [`App::flush_search`] runs the newest query once.
    defer_search: bool,
    /// The query changed while searching was deferred.
    search_stale: bool,
    search_mode: SearchMode,
    /// The number of the newest search asked for.
    generation: u64,
    /// The newest worker search, until its answer arrives.
    pending: Option<search::Pending>,
    /// A worker search not yet handed to the terminal layer.
    outbox: Vec<SearchRequest>,
}

impl App {
    pub fn new(graph: Graph, origin: impl Into<String>) -> App {
        let index = Arc::new(SearchIndex::new(&graph));
        let search_mode = SearchMode::for_graph(&graph);
        let mut app = App {
            graph: Arc::new(graph),
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
            rel_widths: RelWidths::default(),
            rel_pos: ListPos::default(),
            detail_scroll: 0,
            back: Vec::new(),
            forward: Vec::new(),
            message: None,
            show_help: false,
            help_scroll: 0,
            size: (120, 40),
            color: true,
            search_runs: 0,
            views: views::Views::default(),
            source: Source::BuiltIn,
            watch: false,
            defer_search: false,
            search_stale: false,
            search_mode,
            generation: 0,
            pending: None,
            outbox: Vec::new(),
        };
        // The first results are computed before the first frame, whatever the mode.
        app.search_now();
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
    /// How the help overlay lays out on the current terminal.
    pub fn help_layout(&self) -> layout::HelpLayout {
        self.help_layout_of(&keymap::help_lines())
    }

    /// [`App::help_layout`] for lines already built (the renderer draws them too).
    pub fn help_layout_of(&self, lines: &[keymap::HelpLine]) -> layout::HelpLayout {
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
        if self.defer_search {
            self.search_stale = true;
            return;
        }
        self.search_stale = false;
        self.start_search();
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
        self.rel_widths = shown.map_or_else(RelWidths::default, |ix| {
            relation_widths(&self.graph, ix, &self.rel_rows)
        });
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
}

/// `s` cut to `max` characters with an ellipsis.
fn short(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        s.to_string()
    } else {
        s.chars().take(max - 1).chain(['…']).collect()
    }
}
