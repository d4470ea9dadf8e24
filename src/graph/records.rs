//! The stored records behind a [`Graph`](super::Graph): spans into the string arena, the compact
//! entity, relation and source records, interned names and adjacency lists.
//!
//! Plain data shared by the model (which reads it through views), the id index and the builder
//! (which fill it). No behaviour beyond small accessors, and no views: those are `model.rs`'s.

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
