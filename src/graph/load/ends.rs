//! Relation ends: finding the entities a relation's `from` and `to` ids name, in batches, on
//! threads of their own for large graphs.
//!
//! Once the entities are read, the id index no longer changes, so the lookups for the relations
//! can run beside the parser: the parser hands over a batch of relations and reads on while the
//! lookup threads look their ends up, and the builder records each returned batch in file
//! order. Small graphs resolve inline: no thread is worth starting for a few thousand ids.

use std::sync::Arc;
use std::sync::mpsc::{self, Receiver, SyncSender};
use std::thread::JoinHandle;

use crate::graph::index::IdIndex;
use crate::graph::model::{EntityIx, Slots, Span};
use crate::graph::records::same_bytes;

/// A relation whose ends are spans of its batch's `text`.
pub(crate) struct BatchedRelation {
    pub file_ix: u32,
    pub from: Span,
    pub to: Span,
    pub rtype: u32,
    pub attrs: Slots,
    pub sources: Slots,
}

/// Relations waiting for their ends to be looked up.
#[derive(Default)]
pub(crate) struct RelationBatch {
    pub relations: Vec<BatchedRelation>,
    /// The `from` and `to` ids of `relations`, back to back.
    pub text: String,
}

/// The entity of each end of a batch: `found[2 * i]` is relation `i`'s `from`, `found[2 * i + 1]`
/// its `to`.
pub(crate) type Ends = Vec<Option<EntityIx>>;

impl RelationBatch {
    pub(super) fn at(&self, s: Span) -> &str {
        &self.text[s.start as usize..(s.start + s.len) as usize]
    }

    pub(super) fn push(&mut self, rel: BatchedRelation) {
        self.relations.push(rel);
    }

    /// Copies an id into the batch's text.
    pub(crate) fn push_id(&mut self, id: &str) -> Span {
        let start = self.text.len() as u32;
        self.text.push_str(id);
        Span {
            start,
            len: id.len() as u32,
        }
    }

    pub(super) fn len(&self) -> usize {
        self.relations.len()
    }

    pub(crate) fn clear(&mut self) {
        self.relations.clear();
        self.text.clear();
    }

    /// Whether relation `i` starts from the same id as the one before it (files usually list an
    /// entity's relations together, so `from` is looked up once per run).
    fn same_from(&self, i: usize) -> bool {
        i > 0
            && same_bytes(
                self.at(self.relations[i - 1].from).as_bytes(),
                self.at(self.relations[i].from).as_bytes(),
            )
    }

    /// Looks every end up (a repeated `from` once per run).
    pub(crate) fn look_up(&self, index: &IdIndex, ids: &str) -> Ends {
        let same: Vec<bool> = (0..self.len()).map(|i| self.same_from(i)).collect();
        let mut found = Vec::with_capacity(2 * self.len());
        let keys = self
            .relations
            .iter()
            .zip(&same)
            .flat_map(|(r, &same)| [(!same).then(|| self.at(r.from)), Some(self.at(r.to))]);
        index.get_batch(keys, ids, &mut found);
        for (i, _) in same.iter().enumerate().filter(|(_, same)| **same) {
            found[2 * i] = found[2 * i - 2];
        }
        found
    }
}

/// The id arena and index, shared with the lookup thread while it runs.
type Ids = Arc<(String, IdIndex)>;

/// One lookup thread: batches in, looked-up batches out, in order.
struct Worker {
    jobs: SyncSender<RelationBatch>,
    results: Receiver<(RelationBatch, Ends)>,
    thread: JoinHandle<()>,
}

/// Threads looking up batches; batches go to them in turn and are taken back in the same turn, so
/// they come back in the order they were sent.
pub(crate) struct EndLookup {
    workers: Vec<Worker>,
    ids: Ids,
    /// How many batches were sent and taken back so far.
    sent: usize,
    taken: usize,
}

/// Batches that may wait for a lookup thread before the parser has to: enough to ride out a
/// slow batch, few enough that their copies of ids stay small.
const QUEUE: usize = 4;

impl EndLookup {
    /// Starts the threads (one per core, up to 4); `ids` and `index` stay with them until
    /// [`EndLookup::stop`].
    pub(super) fn start(ids: String, index: IdIndex) -> EndLookup {
        let ids: Ids = Arc::new((ids, index));
        let threads = std::thread::available_parallelism().map_or(1, |n| n.get().clamp(1, 4));
        let workers = (0..threads)
            .map(|_| {
                let (jobs, inbox) = mpsc::sync_channel::<RelationBatch>(QUEUE);
                let (outbox, results) = mpsc::channel();
                let shared = Arc::clone(&ids);
                let thread = std::thread::spawn(move || {
                    for batch in inbox {
                        let found = batch.look_up(&shared.1, &shared.0);
                        if outbox.send((batch, found)).is_err() {
                            break;
                        }
                    }
                });
                Worker {
                    jobs,
                    results,
                    thread,
                }
            })
            .collect();
        EndLookup {
            workers,
            ids,
            sent: 0,
            taken: 0,
        }
    }

    /// Queues a batch (waiting while that thread's queue is full).
    pub(super) fn send(&mut self, batch: RelationBatch) {
        let worker = &self.workers[self.sent % self.workers.len()];
        // A worker only stops when its `jobs` is dropped, so the send cannot fail while it runs;
        // if it panicked, `stop` reports it.
        if worker.jobs.send(batch).is_ok() {
            self.sent += 1;
        }
    }

    /// The next looked-up batch in order, if it is ready (`wait`: blocks until it is, while any
    /// is in flight).
    pub(super) fn take(&mut self, wait: bool) -> Option<(RelationBatch, Ends)> {
        if self.taken == self.sent {
            return None;
        }
        let worker = &self.workers[self.taken % self.workers.len()];
        let got = if wait {
            worker.results.recv().ok()
        } else {
            worker.results.try_recv().ok()
        };
        if got.is_some() {
            self.taken += 1;
        }
        got
    }

    /// Ends the threads once they have nothing left (the caller has taken every batch back) and
    /// returns the id arena and index.
    pub(super) fn stop(self) -> (String, IdIndex) {
        let EndLookup { workers, ids, .. } = self;
        for Worker { jobs, thread, .. } in workers {
            drop(jobs);
            if let Err(panic) = thread.join() {
                std::panic::resume_unwind(panic);
            }
        }
        let (ids, index) = Arc::into_inner(ids).expect("the lookup threads have ended");
        (ids, index)
    }
}
