//! The id → entity index and the adjacency build.
//!
//! The id index is a small open-addressing table of our own rather than a general hash map, for
//! the one operation that dominates loading a large graph: resolving every relation end (6M
//! lookups for 1M entities). A slot holds the entity, where its id lives in the id arena and 32
//! bits of the id's hash, so a lookup touches one slot and one id text; [`IdIndex::get_batch`]
//! asks for the slots and ids of lookups ahead of the one it compares, so their cache misses
//! overlap.

use std::hash::BuildHasher;

use rayon::prelude::*;

use super::records::{Adjacency, EntityIx, RelationRec, Span, same_bytes};

/// One slot: the entity, its id's span in the id arena, and the low half of the id's hash (the
/// high half chose the slot). `ix == EMPTY` marks a free slot.
#[derive(Clone, Copy)]
struct Slot {
    tag: u32,
    ix: EntityIx,
    id: Span,
}

/// Where [`IdIndex::entry`] found room for an id.
pub(crate) struct Vacant {
    at: usize,
    tag: u32,
}

const EMPTY: EntityIx = EntityIx::MAX;
const FREE: Slot = Slot {
    tag: 0,
    ix: EMPTY,
    id: Span { start: 0, len: 0 },
};
/// From how many ids [`IdIndex::build`] hashes them on every core.
const PARALLEL_HASH_MIN: usize = 100_000;

#[derive(Clone, Default)]
pub(crate) struct IdIndex {
    /// Linear probing over a power-of-two table, at most 5/8 full.
    slots: Vec<Slot>,
    len: usize,
    hasher: foldhash::fast::FixedState,
}

impl std::fmt::Debug for IdIndex {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "IdIndex({} ids)", self.len)
    }
}

fn text(strings: &str, span: Span) -> &[u8] {
    &strings.as_bytes()[span.start as usize..(span.start + span.len) as usize]
}

/// The hash of an id's bytes (the same for an id read from the file and from the arena).
fn hash_of(hasher: &foldhash::fast::FixedState, id: &[u8]) -> u64 {
    hasher.hash_one(id)
}

/// The smallest table that holds `n` ids at most 5/8 full.
fn slots_for(n: usize) -> usize {
    (n.saturating_mul(8) / 5 + 1).next_power_of_two().max(8)
}

impl IdIndex {
    pub(crate) fn with_capacity(n: usize) -> Self {
        IdIndex {
            slots: vec![FREE; slots_for(n)],
            len: 0,
            hasher: foldhash::fast::FixedState::default(),
        }
    }

    fn mask(&self) -> usize {
        self.slots.len().wrapping_sub(1)
    }

    /// The first slot to probe for `hash`.
    fn home(&self, hash: u64) -> usize {
        (hash >> 32) as usize & self.mask()
    }

    /// Indexes `count` ids at once: `span_of(ix)` is entity `ix`'s id in `ids`. `Err((first, dup))`
    /// when two entities share an id.
    ///
    /// Inserting a million ids one at a time costs a cache and TLB miss each (the table is far
    /// larger than the caches); here the ids are sorted by the slot they hash to and placed in
    /// that order, so the table is written front to back.
    pub(crate) fn build(
        ids: &str,
        count: usize,
        span_of: impl Fn(usize) -> Span + Sync,
    ) -> Result<IdIndex, (EntityIx, EntityIx)> {
        let mut index = IdIndex::with_capacity(count);
        // Hashing reads every id: on both cores for a large graph. Each entry carries its span,
        // so placing it in the table reads nothing at random.
        let entry = |ix: usize| {
            let span = span_of(ix);
            let hash = hash_of(&index.hasher, text(ids, span));
            (index.home(hash) as u32, hash as u32, ix as EntityIx, span)
        };
        let order: Vec<Entry> = if count >= PARALLEL_HASH_MIN {
            (0..count).into_par_iter().map(entry).collect()
        } else {
            (0..count).map(entry).collect()
        };
        let order = sort_by_home(order, index.slots.len());
        // Equal ids have equal homes and tags: compare within each run of one home (a few
        // entries), where entities keep their order, so the first one is found first.
        for run in order.chunk_by(|a, b| a.0 == b.0) {
            for (k, later) in run.iter().enumerate().skip(1) {
                let later_id = text(ids, later.3);
                if let Some(first) = run[..k]
                    .iter()
                    .find(|e| e.1 == later.1 && text(ids, e.3) == later_id)
                {
                    return Err((first.2, later.2));
                }
            }
        }
        // Linear probing in home order: each id goes to its home or just after the one before.
        let mut wrapped = Vec::new();
        let mut next = 0;
        for &(home, tag, ix, id) in &order {
            let at = next.max(home as usize);
            let slot = Slot { tag, ix, id };
            if at < index.slots.len() {
                index.slots[at] = slot;
                next = at + 1;
            } else {
                wrapped.push(slot);
            }
        }
        for slot in wrapped {
            let hash = hash_of(&index.hasher, text(ids, slot.id));
            index.place(hash, slot);
        }
        index.len = count;
        Ok(index)
    }

    /// Drops the room reserved from the file-size guess; `ids` is the arena the slots point into.
    pub(crate) fn shrink_to_fit(&mut self, ids: &str) {
        if slots_for(self.len) < self.slots.len() {
            self.rebuild(slots_for(self.len), ids);
        }
    }

    fn rebuild(&mut self, size: usize, ids: &str) {
        let old = std::mem::replace(&mut self.slots, vec![FREE; size]);
        for slot in old.into_iter().filter(|s| s.ix != EMPTY) {
            let hash = hash_of(&self.hasher, text(ids, slot.id));
            self.place(hash, slot);
        }
    }

    fn place(&mut self, hash: u64, slot: Slot) {
        let mask = self.mask();
        let mut i = self.home(hash);
        while self.slots[i].ix != EMPTY {
            i = (i + 1) & mask;
        }
        self.slots[i] = slot;
    }

    /// Bytes of the table.
    pub(crate) fn heap_bytes(&self) -> usize {
        self.slots.capacity() * std::mem::size_of::<Slot>()
    }

    /// Finds `id`; `ids` is the arena the stored ids point into.
    pub(crate) fn get(&self, id: &str, ids: &str) -> Option<EntityIx> {
        self.find(hash_of(&self.hasher, id.as_bytes()), id.as_bytes(), ids)
    }

    fn find(&self, hash: u64, id: &[u8], ids: &str) -> Option<EntityIx> {
        self.probe(hash, id, ids).ok()
    }

    /// The entity whose id is `id`, or the free slot where it would go.
    fn probe(&self, hash: u64, id: &[u8], ids: &str) -> Result<EntityIx, usize> {
        if self.slots.is_empty() {
            return Err(0);
        }
        let (mask, tag) = (self.mask(), hash as u32);
        let mut i = self.home(hash);
        loop {
            let slot = self.slots[i];
            if slot.ix == EMPTY {
                return Err(i);
            }
            if slot.tag == tag && same_bytes(text(ids, slot.id), id) {
                return Ok(slot.ix);
            }
            i = (i + 1) & mask;
        }
    }

    /// Finds `id`, or tells where to insert it with [`IdIndex::insert`] (one probe for both,
    /// which matters when every entity of a large file is checked for a duplicate id).
    pub(crate) fn entry(&mut self, id: &str, ids: &str) -> Result<EntityIx, Vacant> {
        if (self.len + 1) * 8 > self.slots.len() * 5 {
            self.rebuild(slots_for(self.len + 1).max(self.slots.len() * 2), ids);
        }
        let hash = hash_of(&self.hasher, id.as_bytes());
        self.probe(hash, id.as_bytes(), ids).map_err(|at| Vacant {
            at,
            tag: hash as u32,
        })
    }

    /// Fills the slot [`IdIndex::entry`] found free: `ix`, whose id is `span` of the id arena.
    pub(crate) fn insert(&mut self, vacant: Vacant, span: Span, ix: EntityIx) {
        self.slots[vacant.at] = Slot {
            tag: vacant.tag,
            ix,
            id: span,
        };
        self.len += 1;
    }

    /// Finds each of `keys` (`None` for an empty entry: nothing to look up) into `out`, in order.
    ///
    /// On a large graph the table and the id arena are far larger than the caches, so each
    /// lookup waits for two cache misses: its slot, then the id text the slot points at. Here the
    /// lookups run as a pipeline: while lookup `i` compares, the id text of lookup `i + AHEAD`
    /// (whose slot was asked for earlier) and the slot of lookup `i + 2 * AHEAD` are being
    /// fetched, so the misses of many lookups overlap instead of following one another
    /// (resolving 6M relation ends at 1M entities: 220 → 165 ms on two cores).
    pub(crate) fn get_batch<'k>(
        &self,
        keys: impl Iterator<Item = Option<&'k str>>,
        ids: &str,
        out: &mut Vec<Option<EntityIx>>,
    ) {
        /// How many lookups ahead each fetch is asked for (8 to 32 measured alike).
        const AHEAD: usize = 16;
        let keys: Vec<Option<&str>> = keys.collect();
        if self.slots.is_empty() {
            out.extend(keys.iter().map(|_| None));
            return;
        }
        let n = keys.len();
        let mut hashes = vec![0u64; n];
        // Hashes lookup `j` and asks for its slot.
        let ask_slot = |hashes: &mut [u64], j: usize| {
            hashes[j] = keys[j].map_or(0, |k| hash_of(&self.hasher, k.as_bytes()));
            prefetch(&self.slots[self.home(hashes[j])]);
        };
        // Asks for the first and last bytes of the id in the home slot of `hash`, when its tag
        // matches (an id may cross a cache line).
        let ask_id = |hash: u64| {
            let slot = self.slots[self.home(hash)];
            if slot.ix != EMPTY && slot.tag == hash as u32 {
                let end = (slot.id.start + slot.id.len) as usize;
                for at in [slot.id.start as usize, end.saturating_sub(1)] {
                    if let Some(b) = ids.as_bytes().get(at) {
                        prefetch(b);
                    }
                }
            }
        };
        for j in 0..n.min(2 * AHEAD) {
            ask_slot(&mut hashes, j);
        }
        for i in 0..n {
            if i + 2 * AHEAD < n {
                ask_slot(&mut hashes, i + 2 * AHEAD);
            }
            if i + AHEAD < n && keys[i + AHEAD].is_some() {
                ask_id(hashes[i + AHEAD]);
            }
            out.push(keys[i].and_then(|k| self.find(hashes[i], k.as_bytes(), ids)));
        }
    }
}

/// Asks the processor to start loading the cache line holding `at` into its caches, without
/// waiting for it; a no-op on other processors.
///
/// The one use of `unsafe` outside paged text: `_mm_prefetch` is an `unsafe fn` only because it
/// is a `#[target_feature(enable = "sse")]` intrinsic, and SSE is part of every x86-64
/// processor. A prefetch is a hint: it reads and changes no memory the program sees and never
/// faults. Plain loads cannot do its job (see [`IdIndex::get_batch`]): a load holds its place
/// in the processor until its data arrives, so only a few can wait at once; prefetches do not.
#[allow(unsafe_code)]
#[inline(always)]
fn prefetch<T>(at: &T) {
    #[cfg(target_arch = "x86_64")]
    // SAFETY: SSE is in the x86-64 baseline, so the target feature is present; the prefetch
    // itself has no effect on memory and `at` is a live reference.
    unsafe {
        std::arch::x86_64::_mm_prefetch::<{ std::arch::x86_64::_MM_HINT_T0 }>(
            (at as *const T).cast(),
        );
    }
    #[cfg(not(target_arch = "x86_64"))]
    let _ = at;
}

/// An id to place in the table: its home slot, its tag, its entity and its span.
type Entry = (u32, u32, EntityIx, Span);

/// Sorts `(home, tag, entity, span)` by home, keeping entity order within a home: a radix sort in two
/// passes of counting (a comparison sort of a million entries was most of the index build).
fn sort_by_home(mut order: Vec<Entry>, slots: usize) -> Vec<Entry> {
    let bits = slots.trailing_zeros().max(1);
    let low = bits.div_ceil(2);
    let mut scratch = vec![(0, 0, 0, Span::default()); order.len()];
    for (shift, width) in [(0, low), (low, bits - low)] {
        let digit = |home: u32| ((home >> shift) & ((1 << width) - 1)) as usize;
        let mut starts = vec![0usize; (1 << width) + 1];
        for e in &order {
            starts[digit(e.0) + 1] += 1;
        }
        for d in 1..starts.len() {
            starts[d] += starts[d - 1];
        }
        for &e in &order {
            let at = &mut starts[digit(e.0)];
            scratch[*at] = e;
            *at += 1;
        }
        std::mem::swap(&mut order, &mut scratch);
    }
    order
}

/// Builds outgoing and incoming adjacency with a counting sort: two passes, no per-entity vectors.
pub(crate) fn build_adjacency(
    entity_count: usize,
    relations: &[RelationRec],
) -> (Adjacency, Adjacency) {
    let side = |end: fn(&RelationRec) -> EntityIx| {
        let mut offsets = vec![0u32; entity_count + 1];
        for r in relations {
            offsets[end(r) as usize + 1] += 1;
        }
        for i in 1..offsets.len() {
            offsets[i] += offsets[i - 1];
        }
        let mut next = offsets.clone();
        let mut targets = vec![0u32; relations.len()];
        for (ix, r) in relations.iter().enumerate() {
            let slot = &mut next[end(r) as usize];
            targets[*slot as usize] = ix as u32;
            *slot += 1;
        }
        Adjacency { offsets, targets }
    };
    // Both directions at once on large graphs; small ones start no thread.
    if relations.len() >= PARALLEL_ADJACENCY_MIN {
        rayon::join(|| side(|r| r.from), || side(|r| r.to))
    } else {
        (side(|r| r.from), side(|r| r.to))
    }
}

/// From how many relations [`build_adjacency`] builds the two directions on two threads.
const PARALLEL_ADJACENCY_MIN: usize = 200_000;

#[cfg(test)]
mod tests {
    use super::*;

    /// Grows from a tiny table; every id is found, by `get` and in batches, and others are not.
    #[test]
    fn finds_every_id_after_growing_and_shrinking() {
        let mut ids = String::new();
        let mut index = IdIndex::with_capacity(0);
        for ix in 0..5000u32 {
            let id = format!("entity-{}", ix * 7919 % 10007);
            let span = Span {
                start: ids.len() as u32,
                len: id.len() as u32,
            };
            let vacant = index.entry(&id, &ids).unwrap_err();
            ids.push_str(&id);
            index.insert(vacant, span, ix);
        }
        index.shrink_to_fit(&ids);
        let keys: Vec<String> = (0..5100u32)
            .map(|ix| format!("entity-{}", ix * 7919 % 10007))
            .collect();
        let mut batch = Vec::new();
        let skip = |i: usize| i % 5 == 3;
        index.get_batch(
            keys.iter()
                .enumerate()
                .map(|(i, k)| (!skip(i)).then_some(k.as_str())),
            &ids,
            &mut batch,
        );
        assert_eq!(batch.len(), keys.len());
        for (i, key) in keys.iter().enumerate() {
            let want = (i < 5000).then_some(i as EntityIx);
            assert_eq!(index.get(key, &ids), want, "{key}");
            assert_eq!(batch[i], if skip(i) { None } else { want }, "{key}");
        }
        assert_eq!(index.get("entity-", &ids), None);
        assert_eq!(IdIndex::default().get("x", ""), None);
        // Batches shorter than the pipeline's reach, and on an empty table.
        for n in [0, 1, 3, 40] {
            let mut short = Vec::new();
            index.get_batch(
                keys[4990..4990 + n].iter().map(|k| Some(k.as_str())),
                &ids,
                &mut short,
            );
            let want: Vec<_> = (4990..4990 + n)
                .map(|i| (i < 5000).then_some(i as EntityIx))
                .collect();
            assert_eq!(short, want);
            short.clear();
            IdIndex::default().get_batch(
                keys[..n].iter().map(|k| Some(k.as_str())),
                "",
                &mut short,
            );
            assert_eq!(short, vec![None; n]);
        }
    }

    /// Indexing at once finds what indexing one by one finds, and reports a shared id.
    #[test]
    fn building_at_once_finds_every_id_and_reports_duplicates() {
        for n in [0usize, 1, 7, 100, 5000] {
            let mut ids = String::new();
            let mut spans = Vec::new();
            for ix in 0..n {
                let id = format!("id-{}", ix * 7919 % 10007);
                spans.push(Span {
                    start: ids.len() as u32,
                    len: id.len() as u32,
                });
                ids.push_str(&id);
            }
            let index =
                IdIndex::build(&ids, spans.len(), |i| spans[i]).unwrap_or_else(|_| panic!("{n}"));
            for ix in 0..n {
                let id = format!("id-{}", ix * 7919 % 10007);
                assert_eq!(index.get(&id, &ids), Some(ix as EntityIx), "{id}");
            }
            assert_eq!(index.get("id-x", &ids), None);
            if n > 1 {
                let mut dup = spans.clone();
                dup.push(spans[n / 2]);
                let got = IdIndex::build(&ids, dup.len(), |i| dup[i]).err();
                assert_eq!(got, Some(((n / 2) as EntityIx, n as EntityIx)));
            }
        }
    }
}
