//! A mask over a graph's indices: which entities and relations are visible, and which attribute
//! lists stand in for stored ones. [`Graph`](super::Graph)'s accessors honour it, so every
//! analysis and search reads the masked graph without knowing about it.
//!
//! This file only holds the mask; what to hide and what to show instead (the dated as-of view) is
//! decided in `analysis::as_of`.

use std::collections::HashMap;

use super::records::{EntityIx, RelationIx, StoredAttr};

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
