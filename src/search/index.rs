//! The search index: every key of every entity folded once, back to back in one buffer, with
//! the per-entity facts ranking needs, so a scan touches a few dense arrays instead of the graph.
//!
//! Scanning a million entities is memory-bound. The graph keeps names next to summaries and
//! attributes; here the folded name, aliases and id of an entity sit together, and a 64-bit mask
//! of the bytes they contain rejects most non-matching entities without reading their keys.

use super::fold::fold;
use crate::graph::{EntityIx, Graph};

/// Folded keys and per-entity ranking facts for one graph.
pub struct SearchIndex {
    /// All folded keys, back to back (name, aliases, id of entity 0, then entity 1, ...).
    pub(super) folded: String,
    /// Key `k` is `folded[key_ends[k - 1]..key_ends[k]]` (with `key_ends[-1]` = 0). The top bit
    /// marks an ASCII key with capitals: the matcher scores its original text (SkimMatcherV2's
    /// bonuses read case), which the scan must fetch from the graph. Every other key is scored
    /// as folded: non-ASCII keys by design, lower-case ASCII keys because folding left them as
    /// they were.
    pub(super) key_ends: Vec<u32>,
    /// The keys of entity `e` are numbers `first_key[e]..first_key[e + 1]`.
    pub(super) first_key: Vec<u32>,
    /// Union of [`byte_bit`] over the folded keys of each entity.
    pub(super) masks: Vec<u64>,
    /// The graph's kind number of each entity.
    pub(super) kinds: Vec<u32>,
    /// Kind names by kind number, for filters.
    pub(super) kind_names: Vec<String>,
    /// Characters in each entity's name (a ranking tie-break).
    pub(super) name_chars: Vec<u32>,
    /// Every entity, most connected first: the result list for an empty query.
    pub(super) by_degree: Vec<EntityIx>,
}

const SCORE_ORIGINAL: u32 = 1 << 31;

/// The bit of a folded byte in an entity mask: one per letter and digit, the rest shared.
pub(super) fn byte_bit(b: u8) -> u64 {
    let bit = match b {
        b'a'..=b'z' => b - b'a',
        b'0'..=b'9' => 26 + b - b'0',
        _ => 36 + b % 28,
    };
    1 << bit
}

/// The mask of every byte of `text`.
pub(super) fn mask_of(text: &str) -> u64 {
    text.bytes().fold(0, |m, b| m | byte_bit(b))
}

impl SearchIndex {
    pub fn new(graph: &Graph) -> SearchIndex {
        let n = graph.entity_count();
        let kind_names: Vec<String> = graph.kinds().map(str::to_string).collect();
        let mut index = SearchIndex {
            folded: String::new(),
            key_ends: Vec::with_capacity(n * 3),
            first_key: Vec::with_capacity(n + 1),
            masks: Vec::with_capacity(n),
            kinds: Vec::with_capacity(n),
            kind_names,
            name_chars: Vec::with_capacity(n),
            by_degree: Vec::new(),
        };
        for e in graph.entities() {
            index.first_key.push(index.key_ends.len() as u32);
            let start = index.folded.len();
            for key in std::iter::once(e.name())
                .chain(e.aliases())
                .chain(std::iter::once(e.id()))
            {
                index.push_key(key);
            }
            index.masks.push(mask_of(&index.folded[start..]));
            index.kinds.push(graph.kind_number(e.ix()));
            index.name_chars.push(e.name().chars().count() as u32);
        }
        index.first_key.push(index.key_ends.len() as u32);
        index.folded.shrink_to_fit();
        index.key_ends.shrink_to_fit();
        let mut by_degree: Vec<EntityIx> = (0..n as EntityIx).collect();
        by_degree.sort_by_key(|&ix| std::cmp::Reverse(graph.degree(ix)));
        index.by_degree = by_degree;
        index
    }

    fn push_key(&mut self, key: &str) {
        let flag = if key.is_ascii() {
            self.folded
                .extend(key.bytes().map(|b| b.to_ascii_lowercase() as char));
            if key.bytes().any(|b| b.is_ascii_uppercase()) {
                SCORE_ORIGINAL
            } else {
                0
            }
        } else {
            self.folded.push_str(&fold(key));
            0
        };
        // Arenas past 2 GiB of keys are beyond any graph kgx loads (the graph caps text at 4 GiB).
        self.key_ends.push(self.folded.len() as u32 | flag);
    }

    /// The key numbers of entity `ix`.
    pub(super) fn keys(&self, ix: EntityIx) -> std::ops::Range<u32> {
        self.first_key[ix as usize]..self.first_key[ix as usize + 1]
    }

    /// The folded text of key `k`, and whether the matcher must score the original text instead.
    pub(super) fn key(&self, k: u32) -> (&str, bool) {
        let end = self.key_ends[k as usize];
        let start = match k {
            0 => 0,
            _ => self.key_ends[k as usize - 1] & !SCORE_ORIGINAL,
        };
        (
            &self.folded[start as usize..(end & !SCORE_ORIGINAL) as usize],
            end & SCORE_ORIGINAL != 0,
        )
    }

    /// Bytes held, for memory reports.
    pub fn heap_bytes(&self) -> usize {
        self.folded.capacity()
            + 4 * (self.key_ends.capacity()
                + self.first_key.capacity()
                + self.kinds.capacity()
                + self.name_chars.capacity()
                + self.by_degree.capacity())
            + 8 * self.masks.capacity()
    }
}
