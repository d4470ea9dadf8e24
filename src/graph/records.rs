//! The stored records behind a [`Graph`](super::Graph): spans into the string arena, the compact
//! entity, relation and source records, interned names and adjacency lists.
//!
//! Plain data shared by the model (which reads it through views), the id index and the builder
//! (which fill it). No behaviour beyond small accessors, and no views: those are `model.rs`'s.

use std::collections::HashMap;
use std::hash::BuildHasher;
use std::ops::Range;

/// Dense index of an entity: `0..graph.entity_count()`, stable for the life of a [`Graph`](super::Graph).
pub(crate) type EntityIx = u32;
/// Dense index of a relation: `0..graph.relation_count()`.
pub(crate) type RelationIx = u32;

/// A slice of the string arena.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct Span {
    pub start: u32,
    pub len: u32,
}

/// A range of a side table (aliases, attributes, ...), stored as `start..start+len`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct Slots {
    pub start: u32,
    pub len: u32,
}

impl Slots {
    pub(crate) fn range(self) -> Range<usize> {
        self.start as usize..(self.start + self.len) as usize
    }
}

/// A scalar attribute value as written in the file.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) enum StoredValue {
    Null,
    Bool(bool),
    Int(i64),
    Float(f64),
    Str(Span),
}

#[derive(Clone, Copy, Debug)]
pub(crate) struct StoredAttr {
    pub key: u32,
    pub value: StoredValue,
}

#[derive(Clone, Copy, Debug)]
pub(crate) struct EntityRec {
    /// Into [`Graph::ids`], unlike every other span.
    pub id: Span,
    pub name: Span,
    pub summary: Option<Span>,
    pub kind: u32,
    pub aliases: Slots,
    pub tags: Slots,
    pub attrs: Slots,
    pub sources: Slots,
}

#[derive(Clone, Copy, Debug)]
pub(crate) struct RelationRec {
    pub from: EntityIx,
    pub to: EntityIx,
    pub rtype: u32,
    pub attrs: Slots,
    pub sources: Slots,
}

#[derive(Clone, Debug, Default)]
pub(crate) struct SourceRec {
    pub id: String,
    pub title: Option<String>,
    pub publisher: Option<String>,
    pub date: Option<String>,
    pub url: Option<String>,
    /// Further addresses of the same source (mirrors, follow-ups), besides `url`.
    pub urls: Vec<String>,
}

/// Whether `a` and `b` are equal, compared 8 bytes at a time in line: ids are short, and a call
/// to `memcmp` per comparison showed in the load profile (millions of relation ends).
pub(crate) fn same_bytes(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    let (mut wa, mut wb) = (a.chunks_exact(8), b.chunks_exact(8));
    let word = |c: &[u8]| u64::from_ne_bytes(c.try_into().unwrap_or_default());
    wa.by_ref()
        .zip(wb.by_ref())
        .all(|(x, y)| word(x) == word(y))
        && wa.remainder().iter().eq(wb.remainder())
}

/// Small set of distinct strings (kinds, relation types, attribute keys) numbered in order of
/// first appearance, so records store a `u32` instead of repeating the text.
#[derive(Clone, Debug, Default)]
pub(crate) struct Interner {
    names: Vec<Box<str>>,
    /// Open addressing over a power-of-two table at most half full: a slot holds the high half
    /// of a name's hash and its number + 1 (0: free). A table of our own rather than a hash map
    /// of boxed strings: every entity, relation and attribute of a large file interns a name
    /// while loading, and comparing the few candidates in line (not through `memcmp`) halves it.
    slots: Vec<(u32, u32)>,
    hasher: foldhash::fast::FixedState,
}

impl Interner {
    pub(crate) fn intern(&mut self, s: &str) -> u32 {
        if self.slots.is_empty() {
            self.slots = vec![(0, 0); 16];
        }
        let hash = self.hasher.hash_one(s);
        match self.probe(hash, s) {
            Ok(i) => i,
            Err(at) => {
                let i = self.names.len() as u32;
                self.names.push(s.into());
                self.slots[at] = ((hash >> 32) as u32, i + 1);
                if self.names.len() * 2 > self.slots.len() {
                    self.grow();
                }
                i
            }
        }
    }

    /// The number of `s` (whose hash is `hash`), or the free slot where it goes. The table must
    /// have slots.
    fn probe(&self, hash: u64, s: &str) -> Result<u32, usize> {
        let mask = self.slots.len() - 1;
        let tag = (hash >> 32) as u32;
        let mut at = hash as usize & mask;
        loop {
            match self.slots[at] {
                (_, 0) => return Err(at),
                (t, n)
                    if t == tag
                        && same_bytes(self.names[n as usize - 1].as_bytes(), s.as_bytes()) =>
                {
                    return Ok(n - 1);
                }
                _ => at = (at + 1) & mask,
            }
        }
    }

    /// Doubles the table, placing every name again.
    fn grow(&mut self) {
        let size = self.slots.len() * 2;
        self.slots = vec![(0, 0); size];
        for (i, name) in self.names.iter().enumerate() {
            let hash = self.hasher.hash_one(&**name);
            let mut at = hash as usize & (size - 1);
            while self.slots[at].1 != 0 {
                at = (at + 1) & (size - 1);
            }
            self.slots[at] = ((hash >> 32) as u32, i as u32 + 1);
        }
    }

    pub(crate) fn name(&self, i: u32) -> &str {
        &self.names[i as usize]
    }

    /// The number of `s`, when it was interned.
    pub(crate) fn get(&self, s: &str) -> Option<u32> {
        if self.slots.is_empty() {
            return None;
        }
        self.probe(self.hasher.hash_one(s), s).ok()
    }

    pub(crate) fn len(&self) -> usize {
        self.names.len()
    }
}

/// Compressed adjacency: the relations touching entity `e` are
/// `targets[offsets[e]..offsets[e + 1]]`.
#[derive(Clone, Debug, Default)]
pub(crate) struct Adjacency {
    pub offsets: Vec<u32>,
    pub targets: Vec<RelationIx>,
}

impl Adjacency {
    pub(crate) fn of(&self, e: EntityIx) -> &[RelationIx] {
        let e = e as usize;
        &self.targets[self.offsets[e] as usize..self.offsets[e + 1] as usize]
    }
}

/// A fixed-size set of indices, one bit each.
#[derive(Clone, Debug, Default)]
pub(crate) struct Bits {
    words: Vec<u64>,
}

impl Bits {
    /// The set of every index below `len`.
    pub(crate) fn all(len: usize) -> Bits {
        let mut words = vec![u64::MAX; len.div_ceil(64)];
        if len % 64 != 0
            && let Some(last) = words.last_mut()
        {
            *last = (1u64 << (len % 64)) - 1;
        }
        Bits { words }
    }

    /// Whether `i` is in the set (an index past the end is not).
    pub(crate) fn contains(&self, i: u32) -> bool {
        self.words
            .get(i as usize / 64)
            .is_some_and(|w| w & (1 << (i % 64)) != 0)
    }

    /// Takes `i` out of the set.
    pub(crate) fn remove(&mut self, i: u32) {
        if let Some(w) = self.words.get_mut(i as usize / 64) {
            *w &= !(1 << (i % 64));
        }
    }

    /// How many indices are in the set.
    pub(crate) fn count(&self) -> usize {
        self.words.iter().map(|w| w.count_ones() as usize).sum()
    }
}

/// What a masked graph shows: the visible entities and relations, and attribute lists that
/// replace the stored ones of some entities and relations.
#[derive(Clone, Debug, Default)]
pub(crate) struct Mask {
    /// Visible entities.
    pub entities: Bits,
    /// Visible relations (a relation with a hidden end is hidden too).
    pub relations: Bits,
    /// Entities whose attributes read differently, with the list read instead.
    pub entity_attrs: HashMap<EntityIx, Vec<StoredAttr>>,
    /// Relations whose attributes read differently, with the list read instead.
    pub relation_attrs: HashMap<RelationIx, Vec<StoredAttr>>,
    /// Visible sources, by index in the graph's source list (`None`: all of them).
    pub sources: Option<Bits>,
}

#[cfg(test)]
mod tests {
    use super::{Bits, Interner};

    /// Names keep the number of their first appearance through the table's growth; names that
    /// differ in a byte, in length, or only past eight bytes are told apart.
    #[test]
    fn interned_names_keep_their_first_number() {
        let names: Vec<String> = (0..300)
            .flat_map(|i| {
                [
                    format!("k{i}"),
                    format!("kind-with-a-long-name-{i}"),
                    "é".repeat(i % 7),
                ]
            })
            .collect();
        let mut interner = Interner::default();
        assert_eq!(interner.get("k0"), None);
        let mut first: Vec<(String, u32)> = Vec::new();
        for name in names.iter().chain(&names) {
            let n = interner.intern(name);
            match first.iter().find(|(f, _)| f == name) {
                Some(&(_, m)) => assert_eq!(n, m, "{name}"),
                None => {
                    assert_eq!(n as usize, first.len(), "{name}");
                    first.push((name.clone(), n));
                }
            }
        }
        assert_eq!(interner.len(), first.len());
        for (name, n) in &first {
            assert_eq!(interner.get(name), Some(*n));
            assert_eq!(interner.name(*n), name);
        }
        assert_eq!(interner.get("kind-with-a-long-name-300"), None);
    }

    #[test]
    fn bits_hold_exactly_their_indices() {
        for len in [0, 1, 63, 64, 65, 130] {
            let mut b = Bits::all(len);
            assert_eq!(b.count(), len);
            assert!(!b.contains(len as u32));
            if len > 0 {
                b.remove(len as u32 - 1);
                assert_eq!(b.count(), len - 1);
                assert!(!b.contains(len as u32 - 1));
            }
        }
    }
}
