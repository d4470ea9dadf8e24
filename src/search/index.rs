//! The search index: every key of every entity folded once, back to back in one buffer, with
//! the per-entity facts ranking needs, so a scan touches a few dense arrays instead of the graph.
//!
//! Scanning a million entities is memory-bound. The graph keeps names next to summaries and
//! attributes; here the folded name, aliases and id of an entity sit together, and a 64-bit mask
//! of the bytes they contain rejects most non-matching entities without reading their keys.

use rayon::prelude::*;

use super::fold::fold;
use crate::graph::{EntityIx, Graph};

/// An entity's place in the index: entities are stored in the order that breaks ties between
/// equally good hits (shorter name, then more links, then file order), so a scan in memory order
/// yields hits already ordered by those tie-breaks and ranking only has to sort by score.
pub(super) type Slot = u32;

/// Folded keys and per-entity ranking facts for one graph, stored by [`Slot`].
pub struct SearchIndex {
    /// All keys, back to back (name, aliases, id of the entity in slot 0, then slot 1, ...):
    /// ASCII keys as written, every other key folded (lower case, diacritics removed).
    pub(super) text: String,
    /// Key `k` is `text[key_ends[k - 1]..key_ends[k]]` (with `key_ends[-1]` = 0). The top bit
    /// marks an ASCII key with capitals ([`Key::cased`]). Such keys are kept as written because
    /// the matcher scores them as written (SkimMatcherV2's bonuses read case: camelCase,
    /// acronyms), and keeping them here spares the scan a trip to the graph for every hit;
    /// their folded form is only their ASCII lower case, which comparisons apply on the fly.
    pub(super) key_ends: Vec<u32>,
    /// The keys of slot `s` are numbers `first_key[s]..first_key[s + 1]`.
    pub(super) first_key: Vec<u32>,
    /// Union of [`byte_bit`] over the keys of each slot.
    pub(super) masks: Vec<u64>,
    /// The graph's kind number of each slot's entity.
    pub(super) kinds: Vec<u32>,
    /// Kind names by kind number, for filters.
    pub(super) kind_names: Vec<String>,
    /// The entity in each slot.
    pub(super) entity_at: Vec<EntityIx>,
    /// The slot of each entity.
    pub(super) slot_of: Vec<Slot>,
    /// Every slot, most connected entity first: the result list for an empty query.
    pub(super) by_degree: Vec<Slot>,
}

const CASED: u32 = 1 << 31;

/// One key as the scan reads it.
#[derive(Clone, Copy, Debug)]
pub(super) struct Key<'a> {
    /// The key folded, or as written when `cased`.
    pub text: &'a str,
    /// An ASCII key with capitals, stored as written: its folded form is its ASCII lower case,
    /// so comparisons against a (folded) query ignore ASCII case.
    pub cased: bool,
}

impl Key<'_> {
    /// Whether the folded key equals `folded`.
    pub(crate) fn eq_folded(&self, folded: &str) -> bool {
        match self.cased {
            true => self.text.eq_ignore_ascii_case(folded),
            false => self.text == folded,
        }
    }

    /// Whether the folded key starts with `folded`.
    pub(crate) fn starts_with_folded(&self, folded: &str) -> bool {
        let n = folded.len();
        // Most keys differ in the first byte: answer those without a call to `memcmp`.
        if let (Some(&a), Some(&b)) = (self.text.as_bytes().first(), folded.as_bytes().first())
            && a.to_ascii_lowercase() != b
            && a != b
        {
            return false;
        }
        match self.cased {
            true => {
                self.text.len() >= n
                    && self.text.as_bytes()[..n].eq_ignore_ascii_case(folded.as_bytes())
            }
            false => self.text.starts_with(folded),
        }
    }

    /// Whether the folded key ends with `folded`.
    pub(crate) fn ends_with_folded(&self, folded: &str) -> bool {
        let (t, n) = (self.text.as_bytes(), folded.len());
        match self.cased {
            true => t.len() >= n && t[t.len() - n..].eq_ignore_ascii_case(folded.as_bytes()),
            false => self.text.ends_with(folded),
        }
    }

    /// Whether the folded key contains `folded`.
    pub(crate) fn contains_folded(&self, folded: &str) -> bool {
        match self.cased {
            true => {
                let n = folded.len().max(1);
                folded.is_empty()
                    || self
                        .text
                        .as_bytes()
                        .windows(n)
                        .any(|w| w.eq_ignore_ascii_case(folded.as_bytes()))
            }
            false => self.text.contains(folded),
        }
    }
}

/// The bit of a byte in an entity mask: one per letter (either case) and digit, the rest shared.
pub(super) fn byte_bit(b: u8) -> u64 {
    let bit = match b {
        b'a'..=b'z' => b - b'a',
        b'A'..=b'Z' => b - b'A',
        b'0'..=b'9' => 26 + b - b'0',
        _ => 36 + b % 28,
    };
    1 << bit
}

/// The mask of every byte of `text`.
pub(super) fn mask_of(text: &str) -> u64 {
    text.bytes().fold(0, |m, b| m | byte_bit(b))
}

/// The bytes of `text` that keys `keys` take, by their `key_ends` (CASED bits ignored).
fn text_of_keys(key_ends: &[u32], keys: std::ops::Range<u32>) -> std::ops::Range<usize> {
    let end_of = |k: u32| (key_ends[k as usize] & !CASED) as usize;
    let start = keys.start.checked_sub(1).map_or(0, end_of);
    match keys.is_empty() {
        true => start..start,
        false => start..end_of(keys.end - 1),
    }
}

/// Below this many entities the index is built on one thread.
const PARALLEL_MIN: usize = 16_384;
/// Slots per part when the index is built in parallel.
const PART: usize = 32_768;

/// The index of a run of slots, with offsets counted from the run's start.
#[derive(Default)]
struct Part {
    text: String,
    key_ends: Vec<u32>,
    first_key: Vec<u32>,
    masks: Vec<u64>,
    kinds: Vec<u32>,
}

/// `build` over `ixs` in runs of [`PART`], on all cores when there are many.
fn in_parts(ixs: &[EntityIx], build: impl Fn(&[EntityIx]) -> Part + Sync + Send) -> Vec<Part> {
    match ixs.len() < PARALLEL_MIN {
        true => vec![build(ixs)],
        false => ixs.par_chunks(PART).map(build).collect(),
    }
}

impl Part {
    /// The parts one after the other, offsets moved accordingly, with the closing `first_key`.
    fn concat(parts: Vec<Part>) -> Part {
        let mut all = Part {
            text: String::with_capacity(parts.iter().map(|p| p.text.len()).sum()),
            key_ends: Vec::with_capacity(parts.iter().map(|p| p.key_ends.len()).sum()),
            first_key: Vec::with_capacity(
                parts.iter().map(|p| p.first_key.len()).sum::<usize>() + 1,
            ),
            masks: Vec::with_capacity(parts.iter().map(|p| p.masks.len()).sum()),
            kinds: Vec::with_capacity(parts.iter().map(|p| p.kinds.len()).sum()),
        };
        for part in parts {
            let (text_base, key_base) = (all.text.len() as u32, all.key_ends.len() as u32);
            all.text.push_str(&part.text);
            all.key_ends.extend(
                part.key_ends
                    .iter()
                    .map(|&end| ((end & !CASED) + text_base) | (end & CASED)),
            );
            all.first_key
                .extend(part.first_key.iter().map(|&k| k + key_base));
            all.masks.extend(part.masks);
            all.kinds.extend(part.kinds);
        }
        all.first_key.push(all.key_ends.len() as u32);
        all
    }

    /// The entries of entities `ixs` of a concatenated part whose entries are by entity number.
    fn select(&self, ixs: &[EntityIx]) -> Part {
        let mut part = Part::default();
        for &ix in ixs {
            let (i, keys) = (
                ix as usize,
                self.first_key[ix as usize]..self.first_key[ix as usize + 1],
            );
            part.first_key.push(part.key_ends.len() as u32);
            let bytes = text_of_keys(&self.key_ends, keys.clone());
            let (from, base) = (bytes.start as u32, part.text.len() as u32);
            for k in keys {
                let end = self.key_ends[k as usize];
                part.key_ends
                    .push(((end & !CASED) - from + base) | (end & CASED));
            }
            part.text.push_str(&self.text[bytes]);
            part.masks.push(self.masks[i]);
            part.kinds.push(self.kinds[i]);
        }
        part
    }

    /// The keys, masks and kinds of the entities `slots`, in that order.
    fn build(graph: &Graph, slots: &[EntityIx]) -> Part {
        let mut part = Part::default();
        for &ix in slots {
            let e = graph.entity(ix);
            part.first_key.push(part.key_ends.len() as u32);
            let start = part.text.len();
            for key in std::iter::once(e.name())
                .chain(e.aliases())
                .chain(std::iter::once(e.id()))
            {
                part.push_key(key);
            }
            part.masks.push(mask_of(&part.text[start..]));
            part.kinds.push(graph.kind_number(ix));
        }
        part
    }

    fn push_key(&mut self, key: &str) {
        let flag = if key.is_ascii() {
            self.text.push_str(key);
            match key.bytes().any(|b| b.is_ascii_uppercase()) {
                true => CASED,
                false => 0,
            }
        } else {
            self.text.push_str(&fold(key));
            0
        };
        // Arenas past 2 GiB of keys are beyond any graph kgx loads (the graph caps text at 4 GiB).
        self.key_ends.push(self.text.len() as u32 | flag);
    }
}

impl SearchIndex {
    /// Indexes every entity of `graph` for search.
    pub fn new(graph: &Graph) -> SearchIndex {
        let n = graph.entity_count();
        // Keys are read from the graph in file order (reading it in slot order is a few cache
        // misses per entity across hundreds of megabytes), then put in slot order from the
        // compact copy.
        let entities: Vec<EntityIx> = (0..n as EntityIx).collect();
        let in_file_order = Part::concat(in_parts(&entities, |ixs| Part::build(graph, ixs)));
        let entity_at = tie_break_order(graph, &in_file_order);
        let mut slot_of = vec![0; n];
        for (slot, &ix) in entity_at.iter().enumerate() {
            slot_of[ix as usize] = slot as Slot;
        }
        let parts = in_parts(&entity_at, |ixs| in_file_order.select(ixs));
        drop(in_file_order);
        let by_slot = Part::concat(parts);
        // Equally connected entities keep file order (the explorer's first frame, drawn before
        // the index exists, lists them in the same order: `unindexed`).
        let by_degree = super::unindexed::entities_by_degree(graph);
        SearchIndex {
            text: by_slot.text,
            key_ends: by_slot.key_ends,
            first_key: by_slot.first_key,
            masks: by_slot.masks,
            kinds: by_slot.kinds,
            kind_names: graph.kinds().map(str::to_string).collect(),
            by_degree: by_degree.iter().map(|&ix| slot_of[ix as usize]).collect(),
            entity_at,
            slot_of,
        }
    }

    /// The key numbers of the entity in `slot`.
    pub(super) fn keys(&self, slot: Slot) -> std::ops::Range<u32> {
        self.first_key[slot as usize]..self.first_key[slot as usize + 1]
    }

    /// The key numbers of entity `ix`.
    pub(super) fn keys_of_entity(&self, ix: EntityIx) -> std::ops::Range<u32> {
        self.keys(self.slot_of[ix as usize])
    }

    /// Key number `k`.
    #[inline]
    pub(super) fn key(&self, k: u32) -> Key<'_> {
        Key {
            text: &self.text[text_of_keys(&self.key_ends, k..k + 1)],
            cased: self.key_ends[k as usize] & CASED != 0,
        }
    }

    /// Keys number `keys` in order: what [`SearchIndex::key`] gives for each, with each key's
    /// end read once (it is the next key's start).
    #[inline]
    pub(super) fn keys_in(&self, keys: std::ops::Range<u32>) -> impl Iterator<Item = Key<'_>> {
        let mut start = text_of_keys(&self.key_ends, keys.start..keys.start).start;
        self.key_ends[keys.start as usize..keys.end as usize]
            .iter()
            .map(move |&end| {
                let from = std::mem::replace(&mut start, (end & !CASED) as usize);
                Key {
                    text: &self.text[from..start],
                    cased: end & CASED != 0,
                }
            })
    }

    /// Bytes held, for memory reports.
    pub fn heap_bytes(&self) -> usize {
        self.text.capacity()
            + 4 * (self.key_ends.capacity()
                + self.first_key.capacity()
                + self.kinds.capacity()
                + self.entity_at.capacity()
                + self.slot_of.capacity()
                + self.by_degree.capacity())
            + 8 * self.masks.capacity()
    }
}

/// Entities in the order that breaks ties between equally ranked hits: fewer characters in the
/// name first, then more links, then file order.
/// Name lengths come from the file-order copy of the keys, whose first key per entity is its
/// name folded, one character per character of the name.
fn tie_break_order(graph: &Graph, in_file_order: &Part) -> Vec<EntityIx> {
    let n = graph.entity_count();
    let key = |ix: EntityIx| {
        let name = in_file_order.first_key[ix as usize];
        let bytes = text_of_keys(&in_file_order.key_ends, name..name + 1);
        let chars = in_file_order.text[bytes].chars().count();
        (chars, std::cmp::Reverse(graph.degree(ix)), ix)
    };
    let mut keyed: Vec<(usize, std::cmp::Reverse<usize>, EntityIx)> = if n < PARALLEL_MIN {
        (0..n as EntityIx).map(key).collect()
    } else {
        (0..n as EntityIx).into_par_iter().map(key).collect()
    };
    // Keys end with the entity number, which is unique: an unstable sort is deterministic.
    keyed.par_sort_unstable();
    keyed.into_iter().map(|(_, _, ix)| ix).collect()
}

#[cfg(test)]
mod tests {
    use super::SearchIndex;
    use crate::graph::{LoadOptions, load_bytes};

    /// The running walk over an entity's keys gives each key as looked up by its number.
    #[test]
    fn keys_in_walks_the_keys_key_looks_up() {
        let json = r#"{"entities": [
            {"id": "a", "kind": "chip", "name": "Trainium", "aliases": ["Trn", "Café"]},
            {"id": "b", "kind": "chip", "name": "école"},
            {"id": "c", "kind": "cloud", "name": "AWS", "aliases": ["", "Amazon Web Services"]}
        ]}"#;
        let g = load_bytes(json.as_bytes(), "t", LoadOptions::default())
            .unwrap()
            .graph;
        let index = SearchIndex::new(&g);
        for slot in 0..g.entity_count() as u32 {
            let keys = index.keys(slot);
            let walked: Vec<(&str, bool)> = index
                .keys_in(keys.clone())
                .map(|k| (k.text, k.cased))
                .collect();
            let looked_up: Vec<(&str, bool)> = keys
                .map(|k| index.key(k))
                .map(|k| (k.text, k.cased))
                .collect();
            assert!(walked.len() >= 2, "a name and an id");
            assert_eq!(walked, looked_up);
        }
    }
}
