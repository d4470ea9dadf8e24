//! Seeing a graph through a mask (`records::Mask`: which entities and relations are visible, and
//! which attribute lists stand in for stored ones): the accessors that honour it, so every
//! analysis and search reads the masked graph without knowing about it.
//!
//! What to hide and what to show instead (the dated as-of view) is decided in `analysis::as_of`.

use std::sync::Arc;

use super::model::{AttrValue, Graph};
use super::records::{Bits, EntityIx, Mask, RelationIx, StoredAttr, StoredValue};

/// The mask-aware accessors: seeing a graph through a mask, and what a mask shows.
impl Graph {
    /// The same graph seen through `mask` (the data is shared, not copied).
    pub(crate) fn with_mask(&self, mask: Mask) -> Graph {
        Graph {
            data: Arc::clone(&self.data),
            mask: Some(Arc::new(mask)),
        }
    }

    /// The same graph with `entities` (and every relation touching one) and `relations` hidden
    /// as well as what it already hides (the data is shared, not copied).
    pub fn hiding(&self, entities: &[EntityIx], relations: &[RelationIx]) -> Graph {
        let mut mask = self.mask().cloned().unwrap_or_else(|| Mask {
            entities: Bits::all(self.entities.len()),
            relations: Bits::all(self.relations.len()),
            ..Mask::default()
        });
        for &e in entities {
            mask.entities.remove(e);
            for &r in self.outgoing.of(e).iter().chain(self.incoming.of(e)) {
                mask.relations.remove(r);
            }
        }
        for &r in relations {
            mask.relations.remove(r);
        }
        self.with_mask(mask)
    }

    /// The same graph with nothing hidden (the data is shared, not copied).
    pub fn unmasked(&self) -> Graph {
        Graph {
            data: Arc::clone(&self.data),
            mask: None,
        }
    }

    /// The mask this graph is seen through, if any.
    pub(crate) fn mask(&self) -> Option<&Mask> {
        self.mask.as_deref()
    }

    /// Whether entity `ix` is visible (not hidden by a mask).
    pub fn shows_entity(&self, ix: EntityIx) -> bool {
        self.mask.as_ref().is_none_or(|m| m.entities.contains(ix))
    }

    /// Whether relation `r` is visible (not hidden by a mask).
    pub fn shows_relation(&self, r: RelationIx) -> bool {
        self.mask.as_ref().is_none_or(|m| m.relations.contains(r))
    }

    /// Whether source `s` (an index in the graph's source list) is visible.
    pub(crate) fn shows_source(&self, s: u32) -> bool {
        self.mask
            .as_ref()
            .and_then(|m| m.sources.as_ref())
            .is_none_or(|bits| bits.contains(s))
    }

    /// The indices of the visible entities, in file order.
    pub fn entity_ixs(&self) -> impl Iterator<Item = EntityIx> + '_ {
        (0..self.entities.len() as u32).filter(|&ix| self.shows_entity(ix))
    }

    /// The indices of the visible relations, in file order.
    pub fn relation_ixs(&self) -> impl Iterator<Item = RelationIx> + '_ {
        (0..self.relations.len() as u32).filter(|&r| self.shows_relation(r))
    }

    /// How many entities are visible (all of them without a mask).
    pub fn visible_entity_count(&self) -> usize {
        self.mask
            .as_ref()
            .map_or(self.entities.len(), |m| m.entities.count())
    }

    /// How many relations are visible (all of them without a mask).
    pub fn visible_relation_count(&self) -> usize {
        self.mask
            .as_ref()
            .map_or(self.relations.len(), |m| m.relations.count())
    }

    /// Entity `ix`'s stored attributes, or the list a mask puts in their place.
    pub(crate) fn entity_attr_list(&self, ix: EntityIx) -> &[StoredAttr] {
        if let Some(list) = self.mask.as_ref().and_then(|m| m.entity_attrs.get(&ix)) {
            return list;
        }
        &self.attrs[self.entities[ix as usize].attrs.range()]
    }

    /// Relation `r`'s stored attributes, or the list a mask puts in their place.
    pub(crate) fn relation_attr_list(&self, r: RelationIx) -> &[StoredAttr] {
        if let Some(list) = self.mask.as_ref().and_then(|m| m.relation_attrs.get(&r)) {
            return list;
        }
        &self.attrs[self.relations[r as usize].attrs.range()]
    }

    /// The number of attribute key `name`, when some attribute of the graph has it.
    pub(crate) fn attr_key_number(&self, name: &str) -> Option<u32> {
        self.attr_keys.get(name)
    }

    /// An attribute value stored in the graph, read as a view.
    pub(crate) fn stored_value(&self, v: StoredValue) -> AttrValue<'_> {
        self.value(v)
    }
}
