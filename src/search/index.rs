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
    /// All keys, back to back (name, aliases, id of entity 0, then entity 1, ...): ASCII keys
    /// as written, every other key folded (lower case, diacritics removed).
    pub(super) text: String,
    /// Key `k` is `text[key_ends[k - 1]..key_ends[k]]` (with `key_ends[-1]` = 0). The top bit
    /// marks an ASCII key with capitals ([`Key::cased`]). Such keys are kept as written because
    /// the matcher scores them as written (SkimMatcherV2's bonuses read case: camelCase,
    /// acronyms), and keeping them here spares the scan a trip to the graph for every hit;
    /// their folded form is only their ASCII lower case, which comparisons apply on the fly.
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
    pub fn eq_folded(&self, folded: &str) -> bool {
        match self.cased {
            true => self.text.eq_ignore_ascii_case(folded),
            false => self.text == folded,
        }
    }

    /// Whether the folded key starts with `folded`.
    pub fn starts_with_folded(&self, folded: &str) -> bool {
        let n = folded.len();
        match self.cased {
            true => {
                self.text.len() >= n
                    && self.text.as_bytes()[..n].eq_ignore_ascii_case(folded.as_bytes())
            }
            false => self.text.starts_with(folded),
        }
    }

    /// Whether the folded key ends with `folded`.
    pub fn ends_with_folded(&self, folded: &str) -> bool {
        let (t, n) = (self.text.as_bytes(), folded.len());
        match self.cased {
            true => t.len() >= n && t[t.len() - n..].eq_ignore_ascii_case(folded.as_bytes()),
            false => self.text.ends_with(folded),
        }
    }

    /// Whether the folded key contains `folded`.
    pub fn contains_folded(&self, folded: &str) -> bool {
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

impl SearchIndex {
    pub fn new(graph: &Graph) -> SearchIndex {
        let n = graph.entity_count();
        let kind_names: Vec<String> = graph.kinds().map(str::to_string).collect();
        let mut index = SearchIndex {
            text: String::new(),
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
            let start = index.text.len();
            for key in std::iter::once(e.name())
                .chain(e.aliases())
                .chain(std::iter::once(e.id()))
            {
                index.push_key(key);
            }
            index.masks.push(mask_of(&index.text[start..]));
            index.kinds.push(graph.kind_number(e.ix()));
            index.name_chars.push(e.name().chars().count() as u32);
        }
        index.first_key.push(index.key_ends.len() as u32);
        index.text.shrink_to_fit();
        index.key_ends.shrink_to_fit();
        let mut by_degree: Vec<EntityIx> = (0..n as EntityIx).collect();
        by_degree.sort_by_key(|&ix| std::cmp::Reverse(graph.degree(ix)));
        index.by_degree = by_degree;
        index
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

    /// The key numbers of entity `ix`.
    pub(super) fn keys(&self, ix: EntityIx) -> std::ops::Range<u32> {
        self.first_key[ix as usize]..self.first_key[ix as usize + 1]
    }

    /// Key number `k`.
    pub(super) fn key(&self, k: u32) -> Key<'_> {
        let end = self.key_ends[k as usize];
        let start = match k {
            0 => 0,
            _ => self.key_ends[k as usize - 1] & !CASED,
        };
        Key {
            text: &self.text[start as usize..(end & !CASED) as usize],
            cased: end & CASED != 0,
        }
    }

    /// Bytes held, for memory reports.
    pub fn heap_bytes(&self) -> usize {
        self.text.capacity()
            + 4 * (self.key_ends.capacity()
                + self.first_key.capacity()
                + self.kinds.capacity()
                + self.name_chars.capacity()
                + self.by_degree.capacity())
            + 8 * self.masks.capacity()
    }
}
