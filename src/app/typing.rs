//! Typing faster than search: a burst of query edits (fast typing, a paste, keys queued while a
//! search ran) searches once, for the newest query, instead of once per key. The terminal layer
//! applies every waiting event before drawing; it calls [`App::apply_batched`] for each and
//! [`App::flush_search`] before the frame. Edits touch only the query text, so deferring their
//! search is invisible; any other action first brings the results up to date.

use super::{Action, App, Effect, update};

impl App {
    /// Applies `action` as part of a burst of waiting events.
    pub fn apply_batched(&mut self, action: Action) -> Effect {
        if is_query_edit(action) {
            self.engine.deferred = true;
        } else {
            self.flush_search();
        }
        let effect = update(self, action);
        self.engine.deferred = false;
        effect
    }

    /// Runs the search that deferred edits left pending, if any.
    pub fn flush_search(&mut self) {
        self.engine.deferred = false;
        if self.engine.stale {
            self.run_search();
        }
    }
}

/// The actions that change only the query text (and so only need a search before the next
/// action that reads the results, or the next frame).
fn is_query_edit(action: Action) -> bool {
    match action {
        Action::Insert(_)
        | Action::DeleteBack
        | Action::DeleteForward
        | Action::DeleteWord
        | Action::ClearQuery
        | Action::CursorLeft
        | Action::CursorRight => true,
        // A new search replaces the query: it too can wait for the burst's end.
        Action::StartSearch { .. } => true,
        Action::Escape
        | Action::FocusSearch
        | Action::FocusNext
        | Action::FocusPrev
        | Action::MoveUp
        | Action::MoveDown
        | Action::PageUp
        | Action::PageDown
        | Action::HalfPageUp
        | Action::HalfPageDown
        | Action::ScrollDetail(_)
        | Action::Top
        | Action::Bottom
        | Action::Activate
        | Action::Back
        | Action::Forward
        | Action::CycleKind
        | Action::CopyId
        | Action::CopyName
        | Action::ToggleHelp
        | Action::Quit
        | Action::QuitNow
        | Action::Suspend
        | Action::Reload
        | Action::Resize(..)
        | Action::Click { .. }
        | Action::Scroll { .. }
        | Action::OpenPaths
        | Action::OpenNeighbourhood
        | Action::OpenTimeline
        | Action::OpenCycles
        | Action::OpenOverview
        | Action::CloseView
        | Action::CycleSort
        | Action::FilterList
        | Action::JumpToYear
        | Action::MoveLeft
        | Action::MoveRight
        | Action::ToggleHops
        | Action::OpenDatePrompt
        | Action::ShiftAsOf { .. }
        | Action::ToggleGrouping
        | Action::ExpandPartner
        | Action::CollapsePartner
        | Action::MoreParties
        | Action::FewerParties
        | Action::Compare
        | Action::Unbound(_) => false,
    }
}

#[cfg(test)]
mod tests {
    use super::super::{Action, App};
    use crate::graph::{LoadOptions, load_bytes};

    const SMALL: &str = include_str!("../../tests/fixtures/small.json");

    fn app() -> App {
        let graph = load_bytes(SMALL.as_bytes(), "small", LoadOptions::default())
            .unwrap()
            .graph;
        App::new(graph, "small")
    }

    #[test]
    fn a_burst_of_typing_searches_once_for_the_newest_query() {
        let mut batched = app();
        let runs = batched.engine.runs;
        for c in "trn3".chars() {
            batched.apply_batched(Action::Insert(c));
        }
        assert_eq!(batched.engine.runs, runs, "no search while typing");
        batched.flush_search();
        assert_eq!(batched.engine.runs, runs + 1);

        let mut direct = app();
        for c in "trn3".chars() {
            super::update(&mut direct, Action::Insert(c));
        }
        assert_eq!(batched.search.query, direct.search.query);
        let ids = |a: &App| a.results.hits.iter().map(|h| h.entity).collect::<Vec<_>>();
        assert_eq!(ids(&batched), ids(&direct));
    }

    #[test]
    fn a_navigation_key_in_the_burst_sees_the_results_of_the_typing_before_it() {
        let mut app = app();
        for c in "tr".chars() {
            app.apply_batched(Action::Insert(c));
        }
        app.apply_batched(Action::MoveDown);
        assert!(!app.engine.stale);
        let mut direct = self::app();
        for c in "tr".chars() {
            super::update(&mut direct, Action::Insert(c));
        }
        super::update(&mut direct, Action::MoveDown);
        assert_eq!(app.results.hits, direct.results.hits);
        assert_eq!(app.results.pos, direct.results.pos);
        assert_eq!(app.shown(), direct.shown());
    }
}
