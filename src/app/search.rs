//! Where the explorer's searches run: inline, inside [`super::update`], for graphs small enough
//! that a search fits in a frame; or, for large graphs, on a worker thread owned by the terminal
//! layer, so typing never waits for a search. In worker mode `update` stays pure: a query change
//! records a numbered [`SearchRequest`] for the terminal layer to send, and the worker's answer
//! comes back as a [`SearchDone`] for [`search_done`]. Only the newest request's answer is
//! applied; until it arrives the newest complete results stay on screen with a "searching…"
//! marker. This module does not own the thread (see `tui::search_worker`).

use std::sync::Arc;

use super::{App, ListPos};
use crate::graph::{EntityIx, Graph};
use crate::search::{
    Filter, FilterTest, KindFilter, Query, QueryError, Ranked, ResolvedFilters, SearchIndex,
    answers_without_index, empty_query_hits,
};

/// Graphs with at least this many entities search on the worker thread. Below it a search takes
/// well under a frame (≤ 2 ms at 10k entities), inline is simpler and snapshot tests stay
/// deterministic; at 100k the first keystrokes take 20–35 ms and at 1M 200–350 ms.
pub const WORKER_THRESHOLD: usize = 50_000;

/// Where searches run.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SearchMode {
    /// Inside `update`: results change before the next frame.
    Inline,
    /// On a worker thread: `update` records a [`SearchRequest`] and results arrive later.
    Worker,
}

impl SearchMode {
    /// The mode for a graph of this size (see [`WORKER_THRESHOLD`]).
    pub(crate) fn for_graph(graph: &Graph) -> SearchMode {
        if graph.entity_count() >= WORKER_THRESHOLD {
            SearchMode::Worker
        } else {
            SearchMode::Inline
        }
    }
}

/// What a search is for. Each purpose has its own newest request (a newer one cancels only the
/// older one of its purpose) and its own narrowing cache on the worker.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Purpose {
    /// The explorer's results.
    Results,
    /// The path view's target picker.
    PathTarget,
}

impl Purpose {
    pub(crate) const ALL: [Purpose; 2] = [Purpose::Results, Purpose::PathTarget];

    /// The purpose's position in [`Purpose::ALL`], for per-purpose arrays.
    pub(crate) fn index(self) -> usize {
        self as usize
    }
}

/// A search for the worker: everything it needs, including the graph it searches (a reload
/// swaps the graph, so a worker seeing a new one starts its narrowing caches afresh).
pub(crate) struct SearchRequest {
    pub purpose: Purpose,
    /// Numbers the requests; only the newest one's answer is applied.
    pub generation: u64,
    pub query: Query,
    pub filter: KindFilter,
    pub graph: Arc<Graph>,
    pub index: Arc<SearchIndex>,
}

/// A completed search from the worker.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct SearchDone {
    pub purpose: Purpose,
    /// The generation of the request it answers.
    pub generation: u64,
    pub hits: Ranked,
    /// Why the query cannot match anything here (a `party:` no entity answers to), found by
    /// the worker: the search line shows it as the inline search would.
    pub error: Option<QueryError>,
}

/// The newest request, while its answer has not arrived.
pub(super) struct Pending {
    generation: u64,
    query: Query,
    /// The selected result when the request was made: if the user moves the selection while
    /// the search runs, the moved-to entity stays selected in the new results (when present).
    selected: Option<EntityIx>,
    /// The entity to select in the answer when the user has not moved: a place brought back
    /// (a reload, `--resume`) while the results wait for the index.
    pub(super) keep: Option<EntityIx>,
}

impl App {
    /// Whether searches run inline or on the worker.
    pub(crate) fn search_mode(&self) -> SearchMode {
        self.engine.mode
    }

    /// Makes searches run inline or on the worker from now on (tests force either mode; a
    /// pending request is forgotten and the results brought up to date inline).
    pub fn set_search_mode(&mut self, mode: SearchMode) {
        self.engine.mode = mode;
        if mode == SearchMode::Inline {
            self.build_index_now();
        }
        self.search_now();
    }

    /// True while the newest query's results have not arrived: the UI shows "searching…".
    pub fn searching(&self) -> bool {
        self.engine.pending.is_some()
    }

    /// True while any answer from the worker is awaited (the explorer's or the path picker's):
    /// the event loop then polls for it often.
    pub(crate) fn awaiting_search(&self) -> bool {
        self.engine.pending.is_some() || self.views.paths.pending.is_some() || self.indexing()
    }

    /// A request the terminal layer must send to the worker, if a query changed since it last
    /// asked; call until `None`. An unsent request replaced by a newer one of its purpose is
    /// never sent.
    pub(crate) fn take_search_request(&mut self) -> Option<SearchRequest> {
        self.engine.outbox.pop()
    }

    /// Queues `request` for the worker, replacing an unsent one of the same purpose.
    pub(super) fn send_search(&mut self, request: SearchRequest) {
        self.engine.outbox.retain(|r| r.purpose != request.purpose);
        self.engine.outbox.push(request);
    }

    /// A new request number.
    pub(super) fn next_generation(&mut self) -> u64 {
        self.engine.generation += 1;
        self.engine.generation
    }

    /// Searches for the query and filter, inline or by asking the worker.
    pub(super) fn start_search(&mut self) {
        self.engine.runs += 1;
        self.engine.generation += 1;
        let without_index = || {
            self.engine.index.is_none() && answers_without_index(&Query::parse(&self.search.query))
        };
        if self.engine.mode == SearchMode::Inline || without_index() {
            self.search_now_counted();
            return;
        }
        self.search.error = Query::try_parse(&self.search.query).err();
        self.engine.pending = Some(Pending {
            generation: self.engine.generation,
            query: Query::parse(&self.search.query),
            selected: self.selected_result(),
            keep: None,
        });
        self.request_pending();
    }

    /// Hands the pending search to the worker; without the index it waits for it (the results
    /// keep what they show, marked `indexing…`) and is sent when it arrives.
    pub(super) fn request_pending(&mut self) {
        let filter = self.filter();
        let (Some(pending), Some(index)) = (&self.engine.pending, &self.engine.index) else {
            return;
        };
        let request = SearchRequest {
            purpose: Purpose::Results,
            generation: pending.generation,
            query: pending.query.clone(),
            filter,
            graph: Arc::clone(&self.graph),
            index: Arc::clone(index),
        };
        self.send_search(request);
    }

    /// Searches inline whatever the mode (start-up, reload): any answer still on its way from
    /// the worker becomes stale.
    pub(super) fn search_now(&mut self) {
        self.engine.runs += 1;
        self.engine.generation += 1;
        self.search_now_counted();
    }

    fn search_now_counted(&mut self) {
        self.engine.pending = None;
        self.engine.outbox.retain(|r| r.purpose != Purpose::Results);
        let parsed = Query::try_parse(&self.search.query);
        let query = Query::parse(&self.search.query);
        let filter = self.filter();
        let never = std::sync::atomic::AtomicBool::new(false);
        let answer = match &self.engine.index {
            Some(index) => self
                .engine
                .searcher
                .search_cancellable(&self.graph, index, &query, &filter, &never)
                .unwrap_or(Ok(Ranked::default())),
            None if answers_without_index(&query) => {
                Ok(empty_query_hits(&self.graph, &filter).into())
            }
            None => {
                self.wait_for_index(query, parsed.err());
                return;
            }
        };
        self.results.filters = shown_filters(&self.graph, &query);
        self.results.query = query;
        // A parse error comes first; then a party no entity answers to, which would otherwise
        // leave the list empty without a word (the worker reports it the same way).
        (self.results.hits, self.search.error) = match (parsed, answer) {
            (Err(e), answer) => (answer.unwrap_or_default(), Some(e)),
            (Ok(_), Ok(hits)) => (hits, None),
            (Ok(_), Err(e)) => (Ranked::default(), Some(e)),
        };
        self.results.pos = ListPos::default();
        self.sync_relations();
    }

    /// No index yet for a query that needs one (start-up with `--resume`, a reload, a date):
    /// the results empty, since what they held may be another graph's, until it arrives.
    fn wait_for_index(&mut self, query: Query, error: Option<QueryError>) {
        self.search.error = error;
        self.results.hits = Ranked::default();
        self.results.query = Query::default();
        self.results.filters = ResolvedFilters::default();
        self.results.pos = ListPos::default();
        self.engine.pending = Some(Pending {
            generation: self.engine.generation,
            query,
            selected: None,
            keep: None,
        });
        self.sync_relations();
    }

    /// Selects `ix` in the results, now or when the results waiting for the index arrive;
    /// false when it is not listed and nothing waits.
    pub(super) fn select_or_keep(&mut self, ix: EntityIx) -> bool {
        let row = self.results.hits.iter().position(|h| h.entity == ix);
        if let Some(row) = row {
            self.select_result(row);
            return true;
        }
        match &mut self.engine.pending {
            Some(pending) if self.engine.index.is_none() => {
                pending.keep = Some(ix);
                self.sync_relations();
                true
            }
            _ => false,
        }
    }
}

/// The query's filters that read an attribute (parties are left out: they show no value), for
/// the value each result matched.
fn shown_filters(graph: &Graph, query: &Query) -> ResolvedFilters {
    let reading: Vec<Filter> = query
        .filters
        .iter()
        .filter(|f| !matches!(f.test, FilterTest::Party(_)))
        .cloned()
        .collect();
    ResolvedFilters::new(graph, &reading, |_| None).unwrap_or_default()
}

/// Applies the worker's answer if it answers the newest request; a stale answer (a newer query
/// was asked for since) is dropped. Returns whether it was applied. Pure, like
/// [`super::update`].
pub(crate) fn search_done(app: &mut App, done: SearchDone) -> bool {
    if done.purpose == Purpose::PathTarget {
        return super::views::target_search_done(app, done);
    }
    let Some(pending) = app
        .engine
        .pending
        .take_if(|p| p.generation == done.generation)
    else {
        return false;
    };
    let moved_to = app
        .selected_result()
        .filter(|&e| Some(e) != pending.selected);
    app.results.hits = done.hits;
    if app.search.error.is_none() {
        app.search.error = done.error;
    }
    app.results.filters = shown_filters(&app.graph, &pending.query);
    app.results.query = pending.query;
    let row = moved_to
        .or(pending.keep)
        .and_then(|e| app.results.hits.iter().position(|h| h.entity == e))
        .unwrap_or(0);
    app.results.pos = ListPos::default();
    app.select_result(row);
    true
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::{Action, update};
    use crate::graph::{LoadOptions, load_bytes};
    use crate::search::Searcher;

    const SMALL: &str = include_str!("../../tests/fixtures/small.json");

    fn app(mode: SearchMode) -> App {
        let graph = load_bytes(SMALL.as_bytes(), "small", LoadOptions::default())
            .unwrap()
            .graph;
        let mut app = App::new(graph, "small");
        update(&mut app, Action::Resize(120, 40));
        app.set_search_mode(mode);
        app
    }

    fn type_text(app: &mut App, text: &str) {
        for c in text.chars() {
            update(app, Action::Insert(c));
        }
    }

    /// What the worker would answer to `request`.
    fn answer(request: &SearchRequest) -> SearchDone {
        let never = std::sync::atomic::AtomicBool::new(false);
        let answer = Searcher::new()
            .search_cancellable(
                &request.graph,
                &request.index,
                &request.query,
                &request.filter,
                &never,
            )
            .expect("not cancelled");
        let (hits, error) = match answer {
            Ok(hits) => (hits, None),
            Err(e) => (Ranked::default(), Some(e)),
        };
        SearchDone {
            purpose: request.purpose,
            generation: request.generation,
            hits,
            error,
        }
    }

    #[test]
    fn an_unknown_party_is_an_inline_error_in_either_mode() {
        for mode in [SearchMode::Inline, SearchMode::Worker] {
            let mut app = app(mode);
            type_text(&mut app, "party:nosuchfirm");
            if mode == SearchMode::Worker {
                let request = app.take_search_request().expect("a request");
                assert!(search_done(&mut app, answer(&request)));
            }
            let error = app.search.error.as_ref().map(|e| e.to_string());
            assert!(
                error.as_deref().is_some_and(|e| e.contains("nosuchfirm")),
                "{mode:?}: {error:?}"
            );
            assert!(app.results.hits.is_empty(), "{mode:?}");
            // A party that exists clears it.
            for _ in "nosuchfirm".chars() {
                update(&mut app, Action::DeleteBack);
            }
            type_text(&mut app, "openai");
            if mode == SearchMode::Worker {
                let request = app.take_search_request().expect("a request");
                assert!(search_done(&mut app, answer(&request)));
            }
            assert!(app.search.error.is_none(), "{mode:?}");
        }
    }

    fn ids(app: &App) -> Vec<EntityIx> {
        app.results.hits.iter().map(|h| h.entity).collect()
    }

    #[test]
    fn small_graphs_search_inline_and_the_mode_follows_the_threshold() {
        let app = App::new(
            load_bytes(SMALL.as_bytes(), "small", LoadOptions::default())
                .unwrap()
                .graph,
            "small",
        );
        assert_eq!(app.search_mode(), SearchMode::Inline);
        assert!(app.graph.entity_count() < WORKER_THRESHOLD);
    }

    #[test]
    fn a_worker_search_keeps_the_old_results_and_marks_them_until_the_answer() {
        let mut app = app(SearchMode::Worker);
        let before = ids(&app);
        type_text(&mut app, "trn");
        assert!(app.searching(), "the marker is on");
        assert_eq!(ids(&app), before, "the newest complete results stay");
        assert_eq!(
            app.results.query,
            Query::default(),
            "highlights follow the shown results"
        );
        let request = app
            .take_search_request()
            .expect("a request for the terminal layer");
        assert!(app.take_search_request().is_none(), "taken once");
        assert_eq!(request.query, Query::parse("trn"));
        assert!(search_done(&mut app, answer(&request)));
        assert!(!app.searching(), "the marker is off");
        let mut inline = self::app(SearchMode::Inline);
        type_text(&mut inline, "trn");
        assert_eq!(ids(&app), ids(&inline));
        assert_eq!(app.results.query, inline.results.query);
        assert_eq!(app.results.pos, inline.results.pos);
        assert_eq!(app.shown(), inline.shown());
    }

    #[test]
    fn a_stale_answer_is_dropped_and_the_newest_applied() {
        let mut app = app(SearchMode::Worker);
        let before = ids(&app);
        type_text(&mut app, "t");
        let old = app.take_search_request().unwrap();
        type_text(&mut app, "rn");
        let new = app.take_search_request().unwrap();
        assert!(new.generation > old.generation);
        assert!(!search_done(&mut app, answer(&old)), "stale: dropped");
        assert!(app.searching());
        assert_eq!(ids(&app), before);
        assert!(search_done(&mut app, answer(&new)));
        assert!(!app.searching());
        assert!(!search_done(&mut app, answer(&new)), "applied once");
        let mut inline = self::app(SearchMode::Inline);
        type_text(&mut inline, "trn");
        assert_eq!(ids(&app), ids(&inline));
    }

    #[test]
    fn a_burst_of_typing_asks_the_worker_once() {
        let mut app = app(SearchMode::Worker);
        for c in "trn".chars() {
            app.apply_batched(Action::Insert(c));
        }
        app.flush_search();
        let request = app.take_search_request().unwrap();
        assert_eq!(request.query, Query::parse("trn"));
        assert!(app.take_search_request().is_none());
    }

    #[test]
    fn a_selection_moved_while_searching_stays_when_still_a_result() {
        let mut app = app(SearchMode::Worker);
        type_text(&mut app, "a");
        let request = app.take_search_request().unwrap();
        let answer = answer(&request);
        // Move onto an entity of the old results that the new results hold too, not at their top.
        let kept = app
            .results
            .hits
            .iter()
            .map(|h| h.entity)
            .skip(1)
            .find(|&e| answer.hits.iter().skip(1).any(|h| h.entity == e))
            .expect("the fixture has one");
        let row = app
            .results
            .hits
            .iter()
            .position(|h| h.entity == kept)
            .unwrap();
        update(&mut app, Action::FocusNext);
        for _ in 0..row {
            update(&mut app, Action::MoveDown);
        }
        assert_eq!(app.selected_result(), Some(kept));
        assert!(search_done(&mut app, answer));
        assert_eq!(app.selected_result(), Some(kept));

        // Not moved: the new top is selected.
        update(&mut app, Action::FocusSearch);
        update(&mut app, Action::Insert('c'));
        let request = app.take_search_request().unwrap();
        let answer = self::answer(&request);
        let top = answer.hits.first().map(|h| h.entity);
        assert!(search_done(&mut app, answer));
        assert_eq!(app.selected_result(), top);
        assert_eq!(app.results.pos.selected, 0);
    }

    #[test]
    fn reload_makes_a_pending_answer_stale_and_searches_once_the_new_index_is_built() {
        let mut app = app(SearchMode::Worker);
        type_text(&mut app, "trn");
        let request = app.take_search_request().unwrap();
        let graph = load_bytes(SMALL.as_bytes(), "small", LoadOptions::default())
            .unwrap()
            .graph;
        app.apply_reload(graph);
        assert!(app.indexing() && app.searching());
        assert!(app.take_search_request().is_none());
        assert!(
            !search_done(&mut app, answer(&request)),
            "asked of the old graph"
        );
        let job = app.take_index_job().expect("the new data's index");
        assert!(crate::app::index_done(&mut app, job.build()));
        let request = app.take_search_request().expect("asked of the new graph");
        assert!(search_done(&mut app, answer(&request)));
        assert!(!app.searching());
        let mut inline = self::app(SearchMode::Inline);
        type_text(&mut inline, "trn");
        assert_eq!(ids(&app), ids(&inline));
    }

    #[test]
    fn the_path_picker_searches_on_the_worker_without_touching_the_results() {
        let mut app = app(SearchMode::Worker);
        type_text(&mut app, "trn");
        let results_request = app.take_search_request().unwrap();
        update(&mut app, Action::OpenPaths);
        let opened = app
            .take_search_request()
            .expect("the picker's first search");
        assert_eq!(opened.purpose, Purpose::PathTarget);
        assert!(app.awaiting_search());
        for c in "aws".chars() {
            update(&mut app, Action::Insert(c));
        }
        let picker = app.take_search_request().unwrap();
        assert_eq!(
            (picker.purpose, picker.query.clone()),
            (Purpose::PathTarget, Query::parse("aws"))
        );
        assert!(
            app.take_search_request().is_none(),
            "one request per purpose"
        );
        assert!(
            !search_done(&mut app, answer(&opened)),
            "a stale picker answer is dropped"
        );
        assert!(search_done(&mut app, answer(&picker)));
        let from = app.views.paths.from;
        let mut want = answer(&picker).hits.into_vec();
        want.retain(|h| Some(h.entity) != from);
        assert!(!want.is_empty());
        assert_eq!(app.views.paths.hits, want);
        assert!(app.searching(), "the results' own search is still pending");
        assert!(search_done(&mut app, answer(&results_request)));
        assert!(!app.awaiting_search());
    }
}
