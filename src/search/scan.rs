//! The scan: which entities match a query, with what score, and in what order.
//!
//! Per entity, cheapest test first: the kind (a table lookup), the byte mask (one AND), an
//! ordered-subsequence test on the folded keys, and only then SkimMatcherV2's score (through the
//! allocation-free port in `skim_port`). Large candidate sets are split across threads with one
//! matcher per worker (the issue measured a single SkimMatcherV2 shared across threads slower
//! than one thread; per-worker buffers also keep the port allocation-free).
//! The scan reads only the index, never the graph, in slot order, which already breaks ties
//! between equal scores; ranking is then a counting sort on the score.

use std::sync::atomic::{AtomicBool, Ordering};

use fuzzy_matcher::FuzzyMatcher;
use fuzzy_matcher::skim::SkimMatcherV2;
use rayon::prelude::*;

use super::index::{Key, SearchIndex, Slot, mask_of};
use super::skim_port::{Shape, SkimPort};
use super::{Hit, KindFilter, MatchedKey, Query, Term, TermMode, fold, key_ref};

/// Below this many candidates one thread is faster than waking the pool.
pub(super) const PARALLEL_MIN: usize = 16_384;
/// Candidates per unit of parallel work (and between cancellation checks).
const CHUNK: usize = 4_096;

/// A query prepared for one scan.
pub(super) struct Plan<'q> {
    pub(super) query: &'q Query,
    /// Per kind number: may entities of this kind appear?
    kind_allowed: Vec<bool>,
    /// Bytes every match must contain (union of the positive terms' masks).
    pub(super) mask: u64,
    /// The scorer's path for each term's text, by term number.
    pub(super) shapes: Vec<Shape>,
}

impl<'q> Plan<'q> {
    pub(super) fn new(index: &SearchIndex, query: &'q Query, filter: &KindFilter) -> Plan<'q> {
        let folded: Vec<String> = index.kind_names.iter().map(|k| fold(k)).collect();
        let named: Vec<&str> = query
            .kinds
            .iter()
            .flat_map(|k| super::kinds::kinds_named(&folded, k))
            .collect();
        let kind_allowed = index
            .kind_names
            .iter()
            .zip(&folded)
            .map(|(kind, f)| {
                filter.allows(kind) && (query.kinds.is_empty() || named.contains(&f.as_str()))
            })
            .collect();
        let mask = query
            .terms
            .iter()
            .filter(|t| !t.negated)
            .fold(0, |m, t| m | mask_of(&t.text));
        Plan {
            query,
            kind_allowed,
            mask,
            shapes: query.terms.iter().map(|t| Shape::of(&t.text)).collect(),
        }
    }

    #[inline]
    pub(crate) fn kind_ok(&self, index: &SearchIndex, slot: Slot) -> bool {
        self.kind_allowed[index.kinds[slot as usize] as usize]
    }
}

/// Everything one scan reads.
pub(super) struct Scan<'a> {
    pub index: &'a SearchIndex,
    pub plan: &'a Plan<'a>,
}

impl Scan<'_> {
    /// The hits among `candidates` (slots in increasing order), in candidate order, in parts (one
    /// per run of candidates: [`super::rank::rank`] reads them where they are), each with the slots of its
    /// hits (the next narrowing's candidates, recorded here where the slot is at hand rather
    /// than looked up per hit afterwards); `None` when `cancel` was raised before the scan
    /// finished.
    ///
    /// `keys`, when given, holds for each candidate the keys that matched the previous query
    /// ([`Found::keys`]); it is given only when that query and this one are each one positive
    /// fuzzy term, this one narrowing that one, so a key that did not match then cannot match
    /// now (nor equal or start with the term) and is not read.
    pub(super) fn hits(
        &self,
        candidates: &[Slot],
        keys: Option<&[KeySet]>,
        cancel: &AtomicBool,
    ) -> Option<Vec<Found>> {
        self.find(candidates, keys, cancel, |matcher, slot, before| {
            // The cheap test here, where the scan's loop inlines it, before the call.
            self.admits(slot)
                .then(|| self.score(matcher, slot, before))
                .flatten()
        })
    }

    /// The candidates that `test` finds (given a slot and the keys of it that may match, what
    /// it knows of the hit and the keys that matched), in runs of [`CHUNK`], on all cores when
    /// there are many, one [`Scorer`] per worker; `None` when `cancel` was raised before every
    /// run started.
    pub(super) fn find<T: Send>(
        &self,
        candidates: &[Slot],
        keys: Option<&[KeySet]>,
        cancel: &AtomicBool,
        test: impl Fn(&mut Scorer, Slot, KeySet) -> Option<(T, KeySet)> + Sync + Send,
    ) -> Option<Vec<Found<T>>> {
        let run = |matcher: &mut Scorer, (chunk, keys): (&[Slot], Option<&[KeySet]>)| {
            if cancel.load(Ordering::Relaxed) {
                return None;
            }
            let mut found = Found::with_capacity(chunk.len());
            for (i, &slot) in chunk.iter().enumerate() {
                let before = keys.map_or(KeySet::MAX, |k| k[i]);
                if let Some((hit, matched)) = test(matcher, slot, before) {
                    found.hits.push(hit);
                    found.slots.push(slot);
                    found.keys.push(matched);
                }
            }
            Some(found)
        };
        let key_chunks = |n: usize| -> Box<dyn Iterator<Item = Option<&[KeySet]>> + Send + '_> {
            match keys {
                Some(k) => Box::new(k.chunks(n).map(Some)),
                None => Box::new(std::iter::repeat(None)),
            }
        };
        // Keys that matched the previous keystroke mostly match this one too: testing them for
        // the subsequence first would read them twice. Elsewhere most keys do not match, and the
        // test (a few `memchr`s) rejects them faster than scoring does.
        let prefilter = keys.is_none();
        let scorer = || Scorer::new(prefilter);
        if candidates.len() < PARALLEL_MIN {
            let mut matcher = scorer();
            candidates
                .chunks(CHUNK)
                .zip(key_chunks(CHUNK))
                .map(|c| run(&mut matcher, c))
                .collect()
        } else {
            let key_chunks: Vec<Option<&[KeySet]>> = key_chunks(CHUNK)
                .take(candidates.len().div_ceil(CHUNK))
                .collect();
            candidates
                .par_chunks(CHUNK)
                .zip(key_chunks)
                .map_init(scorer, run)
                .collect()
        }
    }

    /// Whether the entity in `slot` has every byte of the query and an allowed kind: the test in
    /// front of every other (it rejects most entities of a million without reading a key).
    #[inline(always)]
    pub(super) fn admits(&self, slot: Slot) -> bool {
        let index = self.index;
        index.masks[slot as usize] & self.plan.mask == self.plan.mask
            && self.plan.kind_ok(index, slot)
    }

    /// The hit of the entity in `slot`, if it is one, with the keys that matched (every key
    /// but for a query of one positive term); `before`: the keys that may match.
    pub(super) fn score(
        &self,
        matcher: &mut Scorer,
        slot: Slot,
        before: KeySet,
    ) -> Option<(Hit, KeySet)> {
        let index = self.index;
        let i = slot as usize;
        if !self.admits(slot) {
            return None;
        }
        let keys = index.keys(slot);
        if let [term] = self.plan.query.terms.as_slice()
            && !term.negated
        {
            return self.score_one_term(matcher, slot, keys, term, before);
        }
        let mut total = 0i64;
        // The key shown with the hit: the name whenever it matches every term (an id like
        // `openai-frontier` beside "OpenAI Frontier" is noise), else the key behind the
        // best-scoring term; a key equal to the query is what the user typed and wins.
        let mut shown: Option<(i64, u32)> = None;
        let mut name_matches_all = true;
        for (term, &shape) in self.plan.query.terms.iter().zip(&self.plan.shapes) {
            let mut term_best: Option<(i64, u32)> = None;
            let mut name_matched = false;
            for k in keys.clone() {
                if let Some(s) = self.key_score(matcher, self.index.key(k), term, shape) {
                    name_matched |= k == keys.start;
                    if term_best.is_none_or(|(b, _)| s > b) {
                        term_best = Some((s, k - keys.start));
                    }
                }
            }
            match (term.negated, term_best) {
                (true, Some(_)) | (false, None) => return None,
                (true, None) => {}
                (false, Some((s, k))) => {
                    total += s;
                    name_matches_all &= name_matched;
                    if shown.is_none_or(|(b, _)| s > b) {
                        shown = Some((s, k));
                    }
                }
            }
        }
        let alias_count = keys.len() as u32 - 2;
        let (tier, equal_key) = self.tier(keys);
        let hit = Hit {
            entity: index.entity_at[i],
            score: total,
            key: shown_key(equal_key, name_matches_all, shown, alias_count),
            tier,
        };
        Some((hit, KeySet::MAX))
    }

    /// [`Scan::score`] of a query of one positive term (every keystroke of a typed word): what
    /// the general loop and [`Scan::tier`] compute, in one pass over the keys.
    fn score_one_term(
        &self,
        matcher: &mut Scorer,
        slot: Slot,
        keys: std::ops::Range<u32>,
        term: &Term,
        before: KeySet,
    ) -> Option<(Hit, KeySet)> {
        let mut best: Option<(i64, u32)> = None;
        let mut name_matched = false;
        let (mut tier, mut equal_key) = (2, None);
        let mut matched: KeySet = 0;
        let shape = self.plan.shapes[0];
        for (nth, key) in (0u32..).zip(self.index.keys_in(keys.clone())) {
            let bit = key_bit(nth);
            if before & bit == 0 {
                continue;
            }
            if equal_key.is_none() {
                if key.eq_folded(&term.text) {
                    (tier, equal_key) = (0, Some(nth));
                } else if key.starts_with_folded(&term.text) {
                    tier = 1;
                }
            }
            if let Some(s) = self.key_score(matcher, key, term, shape) {
                name_matched |= nth == 0;
                matched |= bit;
                if best.is_none_or(|(b, _)| s > b) {
                    best = Some((s, nth));
                }
            }
        }
        let (score, _) = best?;
        let alias_count = keys.len() as u32 - 2;
        let hit = Hit {
            entity: self.index.entity_at[slot as usize],
            score,
            key: shown_key(equal_key, name_matched, best, alias_count),
            tier,
        };
        Some((hit, matched))
    }

    /// The score of `term` (scored by the path `shape`) against `key`.
    fn key_score(
        &self,
        matcher: &mut Scorer,
        key: Key<'_>,
        term: &Term,
        shape: Shape,
    ) -> Option<i64> {
        let text = term.text.as_str();
        let exact = |found: bool| found.then(|| 100 + 10 * text.chars().count() as i64);
        match term.mode {
            TermMode::Fuzzy => {
                // One ASCII character, or (when narrowing by keys) a pattern the one pass
                // scores: the scorer's own scan is the prefilter.
                let decided = text.len() == 1 || !matcher.prefilter && shape.decides_match();
                if !(decided || is_subsequence(key, text)) {
                    return None;
                }
                // Skim's bonuses read the case of the original (camelCase, acronyms): cased
                // keys are scored as written; folded text stands in for the others.
                matcher.fuzzy_match(key.text, text, shape)
            }
            TermMode::Substring => exact(key.contains_folded(text)),
            TermMode::Prefix => exact(key.starts_with_folded(text)),
            TermMode::Suffix => exact(key.ends_with_folded(text)),
            TermMode::Equal => exact(key.eq_folded(text)),
        }
    }

    /// The hit's tier (0: a key equals the query, 1: one starts with it, 2: other), and the
    /// number within the entity of a key equal to the query.
    fn tier(&self, keys: std::ops::Range<u32>) -> (u8, Option<u32>) {
        let [term] = self.plan.query.terms.as_slice() else {
            return (2, None);
        };
        let mut tier = 2;
        for k in keys.clone() {
            let key = self.index.key(k);
            if key.eq_folded(&term.text) {
                return (0, Some(k - keys.start));
            }
            if key.starts_with_folded(&term.text) {
                tier = 1;
            }
        }
        (tier, None)
    }
}

/// Which key a hit shows: one equal to the query, else the name when it matched every term, else
/// the key behind the best-scoring term.
pub(super) fn shown_key(
    equal_key: Option<u32>,
    name_matches_all: bool,
    shown: Option<(i64, u32)>,
    alias_count: u32,
) -> MatchedKey {
    match (equal_key, name_matches_all, shown) {
        (Some(k), _, _) => key_ref(k, alias_count),
        (None, true, _) | (None, false, None) => MatchedKey::Name,
        (None, false, Some((_, k))) => key_ref(k, alias_count),
    }
}

/// Which keys of an entity matched: bit `k` for its key number `k` (name 0, aliases, id), the
/// last bit for every key from there on.
pub(super) type KeySet = u8;

/// The bit of an entity's key number `k` in a [`KeySet`].
pub(super) fn key_bit(k: u32) -> KeySet {
    1 << k.min(KeySet::BITS - 1)
}

/// The hits of one run of candidates, in slot order: what is known of each (`T`: the [`Hit`]
/// the scan scored, or the tier the count pass found: `lazy`), their slots and the keys that
/// matched.
#[derive(Default)]
pub(super) struct Found<T = Hit> {
    pub hits: Vec<T>,
    pub slots: Vec<Slot>,
    pub keys: Vec<KeySet>,
}

impl<T> Found<T> {
    /// Room for `n` hits: a chunk's hits fill their vectors without growing them.
    fn with_capacity(n: usize) -> Found<T> {
        Found {
            hits: Vec::with_capacity(n),
            slots: Vec::with_capacity(n),
            keys: Vec::with_capacity(n),
        }
    }
}

impl Found {
    /// Keeps the hits (and their slots and keys) that `keep` accepts.
    pub(super) fn retain(&mut self, keep: impl Fn(&Hit) -> bool) {
        let kept: Vec<bool> = self.hits.iter().map(keep).collect();
        let mut at = kept.iter();
        self.hits.retain(|_| *at.next().unwrap_or(&false));
        let mut at = kept.iter();
        self.slots.retain(|_| *at.next().unwrap_or(&false));
        let mut at = kept.iter();
        self.keys.retain(|_| *at.next().unwrap_or(&false));
    }
}

/// One worker's matcher: the allocation-free port of SkimMatcherV2, with fuzzy-matcher itself
/// for what the port leaves to it (an empty pattern), and whether keys are tested for the
/// subsequence before the port scores them.
pub(super) struct Scorer {
    skim: SkimMatcherV2,
    port: SkimPort,
    prefilter: bool,
}

impl Scorer {
    pub(super) fn new(prefilter: bool) -> Scorer {
        Scorer {
            skim: SkimMatcherV2::default().ignore_case(),
            port: SkimPort::default(),
            prefilter,
        }
    }

    fn fuzzy_match(&mut self, choice: &str, pattern: &str, shape: Shape) -> Option<i64> {
        match self.port.score_shaped(choice, pattern, shape) {
            Some(score) => score,
            None => self.skim.fuzzy_match(choice, pattern),
        }
    }
}

/// Ordered-subsequence test of a folded pattern in a key: the cheap filter in front of the
/// matcher.
///
/// An ASCII pattern is tested byte by byte (an ASCII byte in UTF-8 is always that character; a
/// cased key's capitals stand for their lower case). Other patterns are compared by character
/// (cased keys are ASCII, so they never hold a non-ASCII pattern character).
pub(super) fn is_subsequence(key: Key<'_>, pattern: &str) -> bool {
    if pattern.is_ascii() {
        let hay = key.text.as_bytes();
        let mut at = 0;
        for &p in pattern.as_bytes() {
            let found = match key.cased && p.is_ascii_lowercase() {
                true => memchr::memchr2(p, p.to_ascii_uppercase(), &hay[at..]),
                false => memchr::memchr(p, &hay[at..]),
            };
            match found {
                Some(i) => at += i + 1,
                None => return false,
            }
        }
        return true;
    }
    let mut hay = key.text.chars();
    pattern.chars().all(|p| hay.any(|h| h == p))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn folded(text: &str) -> Key<'_> {
        Key { text, cased: false }
    }

    #[test]
    fn subsequence_basics() {
        assert!(is_subsequence(folded("trainium"), "trn"));
        assert!(is_subsequence(folded("trainium"), ""));
        assert!(!is_subsequence(folded("trainium"), "nrt"));
        assert!(is_subsequence(folded("café systemes"), "cs"));
        assert!(is_subsequence(folded("東京 ai"), "東a"));
        assert!(!is_subsequence(folded("東京 ai"), "京東"));
        let cased = Key {
            text: "AWS Trainium-3",
            cased: true,
        };
        assert!(is_subsequence(cased, "awst3"));
        assert!(is_subsequence(cased, "s t-"));
        assert!(
            !is_subsequence(folded("AWS"), "aws"),
            "only cased keys ignore case"
        );
    }
}

#[cfg(test)]
mod properties {
    use proptest::prelude::*;

    use super::super::fold;
    use super::super::index::{Key, mask_of};
    use super::is_subsequence;

    fn folded(text: &str) -> Key<'_> {
        Key { text, cased: false }
    }

    /// The obvious definition: each pattern character found after the previous one.
    fn subsequence_by_chars(hay: &str, pattern: &str) -> bool {
        let mut hay = hay.chars();
        pattern.chars().all(|p| hay.any(|h| h == p))
    }

    proptest! {
        #[test]
        fn prefilter_agrees_with_char_subsequence(hay in "[a-dé東 -]{0,12}", pattern in "[a-dé東 ]{0,4}") {
            let (hay, pattern) = (fold(&hay), fold(&pattern));
            prop_assert_eq!(is_subsequence(folded(&hay), &pattern), subsequence_by_chars(&hay, &pattern));
        }

        /// A cased key (ASCII as written) answers every test as its folded form would.
        #[test]
        fn cased_keys_compare_as_their_lower_case(hay in "[a-cA-C0 @`{-]{0,10}", pattern in "[a-c0 @`{-]{0,4}") {
            let cased = Key { text: &hay, cased: true };
            let lower = hay.to_ascii_lowercase();
            prop_assert_eq!(is_subsequence(cased, &pattern), subsequence_by_chars(&lower, &pattern));
            prop_assert_eq!(cased.eq_folded(&pattern), lower == pattern);
            prop_assert_eq!(cased.starts_with_folded(&pattern), lower.starts_with(&pattern));
            prop_assert_eq!(cased.ends_with_folded(&pattern), lower.ends_with(&pattern));
            prop_assert_eq!(cased.contains_folded(&pattern), lower.contains(&pattern));
            prop_assert_eq!(mask_of(&hay), mask_of(&lower));
        }

        #[test]
        fn mask_never_rejects_a_subsequence(hay in "\\PC{0,16}", picks in proptest::collection::vec(any::<prop::sample::Index>(), 0..5)) {
            let hay = fold(&hay);
            let chars: Vec<char> = hay.chars().collect();
            if !chars.is_empty() {
                let mut idx: Vec<usize> = picks.iter().map(|i| i.index(chars.len())).collect();
                idx.sort_unstable();
                idx.dedup();
                let pattern: String = idx.iter().map(|&i| chars[i]).collect();
                prop_assert!(is_subsequence(folded(&hay), &pattern));
                prop_assert_eq!(mask_of(&pattern) & !mask_of(&hay), 0);
            }
        }
    }

    #[test]
    fn searcher_can_move_to_a_worker_thread() {
        fn assert_send<T: Send>() {}
        assert_send::<super::super::Searcher>();
        assert_send::<super::super::SearchIndex>();
    }
}
