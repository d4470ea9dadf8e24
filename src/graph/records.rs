//! The stored records behind a [`Graph`](super::Graph): spans into the string arena, the compact
//! entity, relation and source records, interned names and adjacency lists.
//!
//! Plain data shared by the model (which reads it through views), the id index and the builder
//! (which fill it). No behaviour beyond small accessors, and no views: those are `model.rs`'s.

use std::collections::HashMap;
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

/// Small set of distinct strings (kinds, relation types, attribute keys) numbered in order of
/// first appearance, so records store a `u32` instead of repeating the text.
#[derive(Clone, Debug, Default)]
pub(crate) struct Interner {
    names: Vec<Box<str>>,
    /// foldhash, not SipHash: every entity, relation and attribute interns a string while loading.
    index: hashbrown::HashMap<Box<str>, u32, foldhash::fast::FixedState>,
}

impl Interner {
    pub(crate) fn intern(&mut self, s: &str) -> u32 {
        if let Some(&i) = self.index.get(s) {
            return i;
        }
        let i = self.names.len() as u32;
        self.names.push(s.into());
        self.index.insert(s.into(), i);
        i
    }

    pub(crate) fn name(&self, i: u32) -> &str {
        &self.names[i as usize]
    }

    /// The number of `s`, when it was interned.
    pub(crate) fn get(&self, s: &str) -> Option<u32> {
        self.index.get(s).copied()
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
    use super::Bits;

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
