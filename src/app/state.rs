//! The parts the explorer's state is made of, one struct per thing on screen (the search line,
//! the results, relations, detail and help panes), plus the history, the options the explorer
//! was opened with, the search machinery and the key state. Plain data: how each part changes is
//! `update` and the files beside it; this file holds no logic beyond defaults.

use super::partners::{Grouping, PartnerSummary};
use super::search::{Pending, SearchMode, SearchRequest};
use super::{ListPos, Place, RelRow, RelWidths, Source};
use crate::graph::EntityIx;
use crate::search::{Query, Ranked, SearchIndex, Searcher};
use std::sync::Arc;

/// How the explorer was opened: where the graph came from and how to draw.
#[derive(Clone, Debug)]
pub struct AppOptions {
    /// Where the graph came from, for the status line ("ai-infra (built in)", a file name).
    pub origin: String,
    /// What `r` reads again.
    pub source: Source,
    /// False under `NO_COLOR`: no colours, selection by reverse video only.
    pub color: bool,
    /// True under `--watch`: the file is reloaded whenever it changes.
    pub watch: bool,
    /// The rings view starts with rings of up to this many parties (`kgx --max-parties`).
    pub max_parties: usize,
    /// How the graph was read (`--from`, `--map`, `--lang`, ...): `r` and `--watch` read it
    /// again the same way.
    pub load: crate::graph::LoadOptions,
    /// True when running inside tmux (`TMUX` is set): a copy's message then says how to let
    /// OSC 52 through (`set -g set-clipboard on`). Read by the caller; the app does no I/O.
    pub under_tmux: bool,
}

impl AppOptions {
    /// Options for a graph named `origin` in the status line: colour on, nothing to reload.
    pub fn named(origin: impl Into<String>) -> AppOptions {
        AppOptions {
            origin: origin.into(),
            source: Source::BuiltIn,
            color: true,
            watch: false,
            max_parties: crate::analysis::DEFAULT_MAX_PARTIES,
            load: crate::graph::LoadOptions::default(),
            under_tmux: false,
        }
    }
}

impl From<&str> for AppOptions {
    fn from(origin: &str) -> AppOptions {
        AppOptions::named(origin)
    }
}

impl From<String> for AppOptions {
    fn from(origin: String) -> AppOptions {
        AppOptions::named(origin)
    }
}

/// The search line: what the user typed and the kind tab.
#[derive(Clone, Debug, Default)]
pub struct SearchLine {
    /// The text typed.
    pub query: String,
    /// Cursor position in the query, in characters.
    pub cursor: usize,
    /// The kind tabs of this graph ([`super::tabs::tabs_for`]).
    pub tabs: Vec<super::tabs::Tab>,
    /// Index into `tabs`.
    pub tab: usize,
    /// Why the query's filters do not parse (`amount>ten`), shown inline; partial input such as
    /// `amount>` is not an error.
    pub error: Option<crate::search::QueryError>,
}

/// The results pane.
#[derive(Clone, Debug, Default)]
pub struct ResultsPane {
    /// The hits shown, best first (a large result orders its first screens at once, the rest
    /// when scrolled to).
    pub hits: Ranked,
    /// The query these hits answer (behind the typed one while a search is pending).
    pub query: Query,
    /// The selection and the first row drawn.
    pub pos: ListPos,
    /// The query's attribute filters, to show the value each hit matched (`amount>10b`: the
    /// amount) next to its name.
    pub filters: crate::search::ResolvedFilters,
}

/// The relations pane.
#[derive(Clone, Debug, Default)]
pub struct RelationsPane {
    /// The entity whose relations have focus (set by open, follow, or tabbing into relations).
    pub opened: Option<EntityIx>,
    /// The entity `rows` belong to.
    pub entity: Option<EntityIx>,
    /// Group headers and relations.
    pub rows: Vec<RelRow>,
    /// Column widths over all of `rows`, measured when they are built.
    pub widths: RelWidths,
    /// Column widths of each group (by the row of its header), measured with `widths`.
    pub group_widths: Vec<(usize, RelWidths)>,
    /// The selection and the first row drawn.
    pub pos: ListPos,
    /// Relations by type, or partners (`` ` ``); kept for the session.
    pub grouping: Grouping,
    /// The shown entity's partners, in the partners grouping.
    pub partners: Vec<PartnerSummary>,
    /// The parties whose deals the partners grouping lists (→/l), for the shown entity.
    pub expanded: Vec<EntityIx>,
}

/// The detail pane.
#[derive(Clone, Copy, Debug, Default)]
pub struct DetailPane {
    /// Lines scrolled away; reset when the entity changes.
    pub scroll: u16,
    /// The most lines that can be scrolled away, as the last frame measured it (the app does
    /// not wrap text itself): the terminal layer sets it after drawing, so scrolling stops at
    /// the pane's last line. `None` until measured.
    pub max_scroll: Option<u16>,
}

/// The help overlay.
#[derive(Clone, Copy, Debug, Default)]
pub struct HelpOverlay {
    /// Whether it shows.
    pub shown: bool,
    /// Rows scrolled away (when it is taller than the terminal).
    pub scroll: usize,
}

/// Back and forward stacks of places, as in a browser.
#[derive(Clone, Debug, Default)]
pub struct History {
    /// Older places, newest last.
    pub back: Vec<Place>,
    /// Places gone back from, the nearest last.
    pub forward: Vec<Place>,
    /// When and how the current place was reached.
    pub arrival: super::Arrival,
    /// The entity `arrival` is about: a place showing another (a result selected since) was
    /// reached by the search, now.
    pub arrived: Option<EntityIx>,
    /// The time now, in seconds since 1970, as the terminal layer last set it (the app reads no
    /// clock): it stamps each place opened.
    pub now: u64,
}

/// Where and how searches run (see `app/search.rs`).
pub struct SearchEngine {
    /// Shared with the search worker. `None` while a large graph's index is built on a thread
    /// after the first frame (`app/indexing.rs`): the results say `indexing…` meanwhile.
    pub index: Option<Arc<SearchIndex>>,
    /// Numbers the graph data the index is built for (a reload changes it): an index built for
    /// older data is dropped when it arrives.
    pub(super) index_generation: u64,
    /// The index of the current data was handed out to be built.
    pub(super) index_job_taken: bool,
    /// Runs inline searches and computes highlights for visible rows.
    pub searcher: Searcher,
    /// How many searches have run (the selection moving must not run one).
    pub runs: usize,
    pub(super) mode: SearchMode,
    /// While set, query edits do not search; `flush_search` runs the newest query once.
    pub(super) deferred: bool,
    /// The query changed while searching was deferred.
    pub(super) stale: bool,
    /// The number of the newest search asked for.
    pub(super) generation: u64,
    /// The newest worker search, until its answer arrives.
    pub(super) pending: Option<Pending>,
    /// Worker searches not yet handed to the terminal layer.
    pub(super) outbox: Vec<SearchRequest>,
}

impl SearchEngine {
    pub(super) fn new(index: Option<Arc<SearchIndex>>, mode: SearchMode) -> SearchEngine {
        SearchEngine {
            index,
            index_generation: 0,
            index_job_taken: false,
            searcher: Searcher::new(),
            runs: 0,
            mode,
            deferred: false,
            stale: false,
            generation: 0,
            pending: None,
            outbox: Vec::new(),
        }
    }
}

/// What the previous key left behind for the next one (`app/words.rs`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct KeyState {
    /// The letter just pressed ran a command: a letter that is no command right after it makes
    /// the two the start of a word.
    pub command_letter: Option<char>,
    /// `q` was pressed once: a second `q` quits, anything else stays.
    pub quit_asked: bool,
}
