//! The search index of a large graph, built after the first frame so that the explorer opens in
//! the time the load takes: the work handed to the terminal layer ([`IndexJob`], run on a thread
//! of its own), its arrival ([`index_done`], pure like `update`), and what waits for it meanwhile.
//! Until it arrives the results say `indexing…`; the empty query is answered without it (the same
//! order, `search::empty_query_hits`); a typed query waits and is sent to the search worker as
//! soon as the index is there, never answered from an older index or none. Small graphs (inline
//! search) build the index at once, as before. What this module does not do: spawn threads
//! (`tui`), or build the index itself (`search::SearchIndex`).

use std::sync::Arc;

use super::{App, SearchMode};
use crate::graph::Graph;
use crate::search::SearchIndex;

/// The index of every entity of `graph`, hidden by an as-of date or not: changing the date then
/// needs no new index (searches skip what the graph hides).
pub(super) fn build_index(graph: &Graph) -> Arc<SearchIndex> {
    Arc::new(SearchIndex::new(&graph.unmasked()))
}

/// Building the index of one version of the graph's data, for a thread of the terminal layer.
pub(crate) struct IndexJob {
    graph: Arc<Graph>,
    generation: u64,
}

impl IndexJob {
    /// Builds the index (0.3–0.4 s at a million entities).
    pub(crate) fn build(self) -> BuiltIndex {
        BuiltIndex {
            index: build_index(&self.graph),
            generation: self.generation,
        }
    }
}

/// An index built by an [`IndexJob`], for [`index_done`].
pub(crate) struct BuiltIndex {
    index: Arc<SearchIndex>,
    generation: u64,
}

impl App {
    /// True while the search index is being built: the results say `indexing…`.
    pub fn indexing(&self) -> bool {
        self.engine.index.is_none()
    }

    /// The work that builds the index of the current data, once per version of the data
    /// (start-up, each reload), when it is not built yet.
    pub(crate) fn take_index_job(&mut self) -> Option<IndexJob> {
        if self.engine.index.is_some() || self.engine.index_job_taken {
            return None;
        }
        self.engine.index_job_taken = true;
        Some(IndexJob {
            graph: Arc::clone(&self.graph),
            generation: self.engine.index_generation,
        })
    }

    /// Builds the index here and now, if it is missing (inline search needs it at once).
    pub(super) fn build_index_now(&mut self) {
        if self.engine.index.is_none() {
            self.engine.index = Some(build_index(&self.graph));
        }
    }

    /// The records changed (a reload): the index of the old ones is dropped, and built again at
    /// once for inline search, else by a new job (one for the old data still on its way is
    /// dropped when it arrives).
    pub(super) fn data_changed(&mut self) {
        self.engine.index = None;
        self.engine.index_generation += 1;
        self.engine.index_job_taken = false;
        if self.engine.mode == SearchMode::Inline {
            self.build_index_now();
        }
    }
}

/// The index built on a thread has arrived: if it is for the current data it is kept, and what
/// waited for it is searched (the typed query, the path picker's). Returns whether it was kept.
pub(crate) fn index_done(app: &mut App, built: BuiltIndex) -> bool {
    if built.generation != app.engine.index_generation || app.engine.index.is_some() {
        return false;
    }
    app.engine.index = Some(built.index);
    app.request_pending();
    super::views::index_arrived(app);
    true
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::{Action, SearchDone, SearchRequest, search_done, update};
    use crate::graph::{EntityIx, LoadOptions, load_bytes};
    use crate::search::{Query, Searcher};

    const SMALL: &str = include_str!("../../tests/fixtures/small.json");

    fn small() -> Graph {
        load_bytes(SMALL.as_bytes(), "small", LoadOptions::default())
            .unwrap()
            .graph
    }

    /// The small graph searched as a large one is: on the worker, its index not built yet.
    fn indexing_app() -> App {
        let mut app = App::new(small(), "small");
        update(&mut app, Action::Resize(120, 40));
        app.set_search_mode(SearchMode::Worker);
        app.data_changed();
        app.search_now();
        assert!(app.indexing());
        app
    }

    /// The same app with its index, searching inline: what every answer must equal.
    fn inline_app(query: &str) -> App {
        let mut app = App::new(small(), "small");
        update(&mut app, Action::Resize(120, 40));
        type_text(&mut app, query);
        app
    }

    fn type_text(app: &mut App, text: &str) {
        for c in text.chars() {
            update(app, Action::Insert(c));
        }
    }

    fn ids(app: &App) -> Vec<EntityIx> {
        app.results.hits.iter().map(|h| h.entity).collect()
    }

    /// What the worker answers to `request`.
    fn answer(request: &SearchRequest) -> SearchDone {
        let hits = Searcher::new().search(
            &request.graph,
            &request.index,
            &request.query,
            &request.filter,
        );
        SearchDone {
            purpose: request.purpose,
            generation: request.generation,
            hits: hits.into(),
            error: None,
        }
    }

    /// Builds the index as the terminal layer's thread does and hands it in.
    fn index_arrives(app: &mut App) {
        let job = app.take_index_job().expect("a job");
        assert!(app.take_index_job().is_none(), "handed out once");
        assert!(index_done(app, job.build()));
    }

    fn screen(app: &App) -> String {
        let area = ratatui::layout::Rect::new(0, 0, 120, 40);
        let mut buf = ratatui::buffer::Buffer::empty(area);
        crate::ui::render(app, area, &mut buf);
        buf.content().iter().map(|c| c.symbol()).collect()
    }

    #[test]
    fn a_query_typed_before_the_index_waits_for_it_and_is_answered_once_it_arrives() {
        let mut app = indexing_app();
        let first = ids(&app);
        type_text(&mut app, "trn");
        assert!(app.searching());
        assert!(screen(&app).contains("indexing…"), "the results say why");
        assert!(
            app.take_search_request().is_none(),
            "never answered from no index"
        );
        assert_eq!(ids(&app), first, "the first results stay meanwhile");
        index_arrives(&mut app);
        assert!(!app.indexing());
        let request = app
            .take_search_request()
            .expect("sent once the index is there");
        assert_eq!(request.query, Query::parse("trn"));
        assert!(search_done(&mut app, answer(&request)));
        assert!(!app.searching());
        assert!(!screen(&app).contains("indexing…"));
        let inline = inline_app("trn");
        assert_eq!(ids(&app), ids(&inline));
        assert_eq!(app.shown(), inline.shown());
    }

    #[test]
    fn the_empty_query_is_answered_without_the_index_in_the_index_s_order() {
        let mut app = indexing_app();
        let inline = inline_app("");
        assert!(!app.searching(), "nothing waits");
        assert_eq!(ids(&app), ids(&inline));
        assert_eq!(
            app.shown(),
            inline.shown(),
            "the most connected entity shown"
        );
        // Typed and erased before the index: answered at once again.
        type_text(&mut app, "t");
        update(&mut app, Action::DeleteBack);
        assert!(!app.searching());
        assert_eq!(ids(&app), ids(&inline));
        // The index arriving changes nothing on screen and asks for no search.
        index_arrives(&mut app);
        assert!(app.take_search_request().is_none());
        assert_eq!(ids(&app), ids(&inline));
    }

    #[test]
    fn a_reload_while_indexing_drops_the_old_index_and_answers_from_the_new() {
        let mut app = indexing_app();
        type_text(&mut app, "trn");
        let old = app.take_index_job().expect("the first job");
        app.apply_reload(small());
        assert!(app.indexing());
        assert!(!index_done(&mut app, old.build()), "built for the old data");
        assert!(app.indexing());
        assert!(app.take_search_request().is_none());
        index_arrives(&mut app);
        let request = app
            .take_search_request()
            .expect("the query, on the new graph");
        assert!(Arc::ptr_eq(&request.graph, &app.graph));
        assert!(search_done(&mut app, answer(&request)));
        assert_eq!(ids(&app), ids(&inline_app("trn")));
    }

    #[test]
    fn a_reload_keeps_the_selected_result_once_the_new_index_answers() {
        let mut app = indexing_app();
        index_arrives(&mut app);
        type_text(&mut app, "a");
        let request = app.take_search_request().unwrap();
        search_done(&mut app, answer(&request));
        update(&mut app, Action::MoveDown);
        update(&mut app, Action::MoveDown);
        let selected = app
            .graph
            .entity(app.selected_result().unwrap())
            .id()
            .to_string();
        app.apply_reload(small());
        assert!(app.indexing());
        assert!(app.results.hits.is_empty(), "no hit of the old graph");
        index_arrives(&mut app);
        let request = app.take_search_request().unwrap();
        search_done(&mut app, answer(&request));
        let now = app.graph.entity(app.selected_result().unwrap()).id();
        assert_eq!(now, selected);
    }

    #[test]
    fn the_path_picker_waits_for_the_index_too() {
        let mut app = indexing_app();
        update(&mut app, Action::OpenPaths);
        type_text(&mut app, "aws");
        assert!(app.take_search_request().is_none());
        assert!(app.views.paths.pending.is_some());
        index_arrives(&mut app);
        let request = app.take_search_request().expect("the picker's search");
        assert_eq!(request.query, Query::parse("aws"));
        assert!(search_done(&mut app, answer(&request)));
        assert!(!app.views.paths.hits.is_empty());
    }

    #[test]
    fn resume_with_a_query_selects_its_place_once_the_index_answers() {
        use crate::app::Focus;
        use crate::trail::{self, Pane, Step, Trail};
        let inline = inline_app("a");
        let target = inline.results.hits.get(2).expect("three hits").entity;
        let entity = inline.graph.entity(target);
        let trail = Trail {
            kgx_trail: trail::VERSION,
            graph: "small".into(),
            saved: 0,
            query: "a".into(),
            view: "explore".into(),
            current: 0,
            steps: vec![Step {
                id: entity.id().into(),
                name: entity.name().into(),
                at: 0,
                how: trail::How::Searched,
                from: None,
                via: None,
                pane: Pane::Results,
                row: 2,
                view: "explore".into(),
            }],
        };
        let mut app = indexing_app();
        app.resume(&trail);
        assert!(app.searching());
        assert_eq!(app.focus, Focus::Results);
        index_arrives(&mut app);
        let request = app.take_search_request().expect("the trail's query");
        assert!(search_done(&mut app, answer(&request)));
        assert_eq!(ids(&app), ids(&inline));
        assert_eq!(app.selected_result(), Some(target));
        assert_eq!(app.focus, Focus::Results);
    }
}
