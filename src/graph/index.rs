//! The id → entity index and the adjacency build.
//!
//! The id index stores only `u32` entity numbers and hashes the ids where they already live (the
//! string arena), so a million ids are not copied a second time.

use std::hash::BuildHasher;

use hashbrown::HashTable;

use super::model::{Adjacency, EntityIx, RelationRec};

#[derive(Clone, Default)]
pub(crate) struct IdIndex {
    table: HashTable<EntityIx>,
    hasher: foldhash::fast::FixedState,
}

impl std::fmt::Debug for IdIndex {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "IdIndex({} ids)", self.table.len())
    }
}

impl IdIndex {
    pub fn with_capacity(n: usize) -> Self {
        IdIndex {
            table: HashTable::with_capacity(n),
            hasher: foldhash::fast::FixedState::default(),
        }
    }

    /// Finds `id`; `id_of` reads the id of a stored entity.
    pub fn get<'a>(&self, id: &str, id_of: impl Fn(EntityIx) -> &'a str) -> Option<EntityIx> {
        let hash = self.hasher.hash_one(id);
        self.table.find(hash, |&ix| id_of(ix) == id).copied()
    }

    /// Inserts `ix` under `id` unless the id is taken; returns the holder of a taken id.
    pub fn insert<'a>(
        &mut self,
        id: &str,
        ix: EntityIx,
        id_of: impl Fn(EntityIx) -> &'a str,
    ) -> Result<(), EntityIx> {
        let hash = self.hasher.hash_one(id);
        if let Some(&found) = self.table.find(hash, |&other| id_of(other) == id) {
            return Err(found);
        }
        let hasher = &self.hasher;
        self.table
            .insert_unique(hash, ix, |&other| hasher.hash_one(id_of(other)));
        Ok(())
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
