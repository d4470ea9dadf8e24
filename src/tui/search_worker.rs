//! The search worker thread for large graphs ([`crate::app::SearchMode::Worker`]): it owns a
//! [`Searcher`] per [`Purpose`] (the explorer's results, the path picker) and answers
//! [`SearchRequest`]s one at a time. A newer request raises the cancel flag of the one before of
//! its purpose, so a long search (a first keystroke at 1M entities) gives up within 4096
//! candidates; requests that queued up meanwhile are skipped for the newest of their purpose.
//! Answers go back through a channel that the event loop polls while a search is pending.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{Receiver, Sender, channel};
use std::sync::{Arc, Weak};
use std::thread::JoinHandle;

use crate::app::{Purpose, SearchDone, SearchRequest};
use crate::graph::Graph;
use crate::search::Searcher;

/// A request with the flag that cancels it.
struct Job {
    request: SearchRequest,
    cancel: Arc<AtomicBool>,
}

/// The terminal layer's handle on the worker thread; dropping it ends the thread.
pub(crate) struct SearchWorker {
    jobs: Option<Sender<Job>>,
    answers: Receiver<SearchDone>,
    /// The cancel flag of the newest request sent, per purpose.
    cancel: [Option<Arc<AtomicBool>>; 2],
    thread: Option<JoinHandle<()>>,
}

impl SearchWorker {
    pub(crate) fn spawn() -> SearchWorker {
        let (jobs, job_rx) = channel();
        let (answer_tx, answers) = channel();
        let thread = std::thread::Builder::new()
            .name("kgx-search".into())
            .spawn(move || serve(&job_rx, &answer_tx))
            .expect("spawning the search thread");
        SearchWorker {
            jobs: Some(jobs),
            answers,
            cancel: [None, None],
            thread: Some(thread),
        }
    }

    /// Sends `request`, cancelling the one before it of its purpose.
    pub(crate) fn send(&mut self, request: SearchRequest) {
        let slot = &mut self.cancel[request.purpose.index()];
        if let Some(previous) = slot.take() {
            previous.store(true, Ordering::Relaxed);
        }
        let cancel = Arc::new(AtomicBool::new(false));
        *slot = Some(Arc::clone(&cancel));
        if let Some(jobs) = &self.jobs {
            // The thread only ends when `jobs` is dropped, so this send does not fail.
            let _ = jobs.send(Job { request, cancel });
        }
    }

    /// An answer, if one has arrived.
    pub(crate) fn try_recv(&self) -> Option<SearchDone> {
        self.answers.try_recv().ok()
    }

    /// Waits up to `timeout` for an answer (tests).
    #[cfg(test)]
    pub(crate) fn recv_timeout(&self, timeout: std::time::Duration) -> Option<SearchDone> {
        self.answers.recv_timeout(timeout).ok()
    }
}

impl Drop for SearchWorker {
    fn drop(&mut self) {
        for cancel in self.cancel.iter().flatten() {
            cancel.store(true, Ordering::Relaxed);
        }
        self.jobs = None;
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

/// The thread: answers jobs until the handle is dropped.
fn serve(jobs: &Receiver<Job>, answers: &Sender<SearchDone>) {
    let mut searchers = [Searcher::new(), Searcher::new()];
    // A weak reference, not an address: it keeps the old graph's allocation from being reused,
    // so a reloaded graph is never mistaken for the one the narrowing caches belong to.
    let mut searched: Weak<Graph> = Weak::new();
    // The newest job of each purpose not yet served.
    let mut waiting: [Option<Job>; 2] = [None, None];
    loop {
        if waiting.iter().all(Option::is_none) {
            match jobs.recv() {
                Ok(job) => {
                    let slot = job.request.purpose.index();
                    waiting[slot] = Some(job);
                }
                Err(_) => return,
            }
        }
        // Requests that queued up while the last search ran: only the newest of each matters.
        while let Ok(newer) = jobs.try_recv() {
            let slot = newer.request.purpose.index();
            waiting[slot] = Some(newer);
        }
        let Some(Job { request, cancel }) =
            Purpose::ALL.iter().find_map(|p| waiting[p.index()].take())
        else {
            continue;
        };
        if cancel.load(Ordering::Relaxed) {
            continue;
        }
        if !std::ptr::eq(searched.as_ptr(), Arc::as_ptr(&request.graph)) {
            searchers = [Searcher::new(), Searcher::new()];
            searched = Arc::downgrade(&request.graph);
        }
        let hits = searchers[request.purpose.index()].search_cancellable(
            &request.graph,
            &request.index,
            &request.query,
            &request.filter,
            &cancel,
        );
        if let Some(answer) = hits {
            let (hits, error) = match answer {
                Ok(hits) => (hits, None),
                Err(e) => (Default::default(), Some(e)),
            };
            let done = SearchDone {
                purpose: request.purpose,
                generation: request.generation,
                hits,
                error,
            };
            if answers.send(done).is_err() {
                return;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::{Action, App, SearchMode, search_done, update};
    use crate::graph::{LoadOptions, load_bytes, load_default};
    use crate::search::{KindFilter, Query, SearchIndex};
    use std::time::Duration;

    const SMALL: &str = include_str!("../../tests/fixtures/small.json");
    /// A generous bound for a loaded machine, not a speed claim.
    const PATIENCE: Duration = Duration::from_secs(10);

    fn small() -> Graph {
        load_bytes(SMALL.as_bytes(), "small", LoadOptions::default())
            .unwrap()
            .graph
    }

    /// Applies answers until the app's newest search is answered, as the event loop does.
    fn settle(app: &mut App, worker: &SearchWorker) {
        while app.searching() {
            let done = worker.recv_timeout(PATIENCE).expect("an answer");
            search_done(app, done);
        }
    }

    #[test]
    fn keys_sent_one_request_each_end_on_the_newest_query_s_results() {
        let mut app = App::new(small(), "small");
        app.set_search_mode(SearchMode::Worker);
        let mut worker = SearchWorker::spawn();
        for c in "trn".chars() {
            update(&mut app, Action::Insert(c));
            worker.send(app.take_search_request().unwrap());
        }
        settle(&mut app, &worker);
        let mut inline = App::new(small(), "small");
        for c in "trn".chars() {
            update(&mut inline, Action::Insert(c));
        }
        let ids = |a: &App| a.results.hits.iter().map(|h| h.entity).collect::<Vec<_>>();
        assert_eq!(ids(&app), ids(&inline));
        assert_eq!(app.results.query, inline.results.query);
        assert!(worker.try_recv().is_none(), "nothing left over");
    }

    fn request(generation: u64, graph: &Arc<Graph>, query: &str) -> SearchRequest {
        SearchRequest {
            purpose: Purpose::Results,
            generation,
            query: Query::parse(query),
            filter: KindFilter::All,
            graph: Arc::clone(graph),
            index: Arc::new(SearchIndex::new(graph)),
        }
    }

    #[test]
    fn a_picker_search_cancels_no_results_search_and_both_are_answered() {
        let graph = Arc::new(small());
        let mut worker = SearchWorker::spawn();
        let mut picker = request(2, &graph, "aws");
        picker.purpose = Purpose::PathTarget;
        let want =
            |r: &SearchRequest| Searcher::new().search(&graph, &r.index, &r.query, &r.filter);
        let results = request(1, &graph, "trn");
        let (want_results, want_picker) = (want(&results), want(&picker));
        worker.send(results);
        worker.send(picker);
        let mut got = [None, None];
        for _ in 0..2 {
            let done = worker.recv_timeout(PATIENCE).expect("both answered");
            got[done.purpose.index()] = Some((done.generation, done.hits.into_vec()));
        }
        assert_eq!(got[0], Some((1, want_results)));
        assert_eq!(got[1], Some((2, want_picker)));
    }

    #[test]
    fn a_new_graph_starts_the_narrowing_cache_afresh() {
        let (a, b) = (Arc::new(small()), Arc::new(load_default().unwrap().graph));
        let mut worker = SearchWorker::spawn();
        worker.send(request(1, &a, "tr"));
        assert_eq!(worker.recv_timeout(PATIENCE).unwrap().generation, 1);
        let narrower = request(2, &b, "tra");
        let fresh = Searcher::new().search(&b, &narrower.index, &narrower.query, &narrower.filter);
        worker.send(narrower);
        let done = worker.recv_timeout(PATIENCE).unwrap();
        assert_eq!(done.generation, 2);
        assert_eq!(done.hits, fresh);
    }

    #[test]
    fn a_cancelled_or_superseded_request_is_not_answered() {
        let graph = Arc::new(small());
        let mut worker = SearchWorker::spawn();
        let (jobs, answers) = (worker.jobs.take().unwrap(), &worker.answers);
        // Queued behind nothing but already cancelled: the worker skips it.
        let cancel = Arc::new(AtomicBool::new(true));
        jobs.send(Job {
            request: request(1, &graph, "tr"),
            cancel,
        })
        .unwrap();
        jobs.send(Job {
            request: request(2, &graph, "trn"),
            cancel: Arc::new(AtomicBool::new(false)),
        })
        .unwrap();
        let done = answers.recv_timeout(PATIENCE).unwrap();
        assert_eq!(done.generation, 2);
        drop(jobs);
        assert!(worker.recv_timeout(Duration::from_millis(50)).is_none());
    }
}
