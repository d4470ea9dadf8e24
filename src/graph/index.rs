//! The id → entity index and the adjacency build.
//!
//! The id index stores only `u32` entity numbers and hashes the ids where they already live (the
//! string arena), so a million ids are not copied a second time.

use std::hash::BuildHasher;

use hashbrown::HashTable;

use super::model::{Adjacency, EntityIx, RelationRec, Span};

/// One slot of the id index: the entity and where its id lives in the arena, so a lookup
/// compares against the arena directly instead of first reading the entity record (one cache
/// miss fewer per lookup; lookups are most of the load time on large graphs).
#[derive(Clone, Copy)]
struct Slot {
    ix: EntityIx,
    id: Span,
}

#[derive(Clone, Default)]
pub(crate) struct IdIndex {
    table: HashTable<Slot>,
    hasher: foldhash::fast::FixedState,
}

impl std::fmt::Debug for IdIndex {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "IdIndex({} ids)", self.table.len())
    }
}

fn text(strings: &str, span: Span) -> &str {
    &strings[span.start as usize..(span.start + span.len) as usize]
}

impl IdIndex {
    pub fn with_capacity(n: usize) -> Self {
        IdIndex {
            table: HashTable::with_capacity(n),
            hasher: foldhash::fast::FixedState::default(),
        }
    }

    /// Drops the room reserved from the file-size guess; `ids` is the arena the slots point into.
    pub fn shrink_to_fit(&mut self, ids: &str) {
        let hasher = &self.hasher;
        self.table
            .shrink_to_fit(|slot| hasher.hash_one(text(ids, slot.id)));
    }

    /// Bytes of the table (slots and control bytes).
    pub fn heap_bytes(&self) -> usize {
        self.table.capacity() * (std::mem::size_of::<Slot>() + 1)
    }

    /// Finds `id`; `strings` is the arena the stored ids point into.
    pub fn get(&self, id: &str, strings: &str) -> Option<EntityIx> {
        let hash = self.hasher.hash_one(id);
        self.table
            .find(hash, |slot| {
                slot.id.len as usize == id.len() && text(strings, slot.id) == id
            })
            .map(|slot| slot.ix)
    }

    /// Inserts `ix` whose id is `span` of `strings`; the caller has checked the id is new.
    pub fn insert_new(&mut self, strings: &str, span: Span, ix: EntityIx) {
        let id = text(strings, span);
        let hash = self.hasher.hash_one(id);
        let hasher = &self.hasher;
        self.table
            .insert_unique(hash, Slot { ix, id: span }, |slot| {
                hasher.hash_one(text(strings, slot.id))
            });
    }
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
    (side(|r| r.from), side(|r| r.to))
}
