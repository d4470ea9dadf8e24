//! The scan: which entities match a query, with what score, and in what order.
//!
//! Per entity, cheapest test first: the kind (a table lookup), the byte mask (one AND), an
//! ordered-subsequence test on the folded keys, and only then SkimMatcherV2's score (through the
//! allocation-free port in `skim_port`). Large candidate sets are split across threads with one
//! matcher per worker (the issue measured a single SkimMatcherV2 shared across threads slower
//! than one thread; per-worker buffers also keep the port allocation-free).
//! Ranking precomputes each hit's sort key once, so sorting never walks the graph.

use std::cmp::Reverse;
use std::sync::atomic::{AtomicBool, Ordering};

use fuzzy_matcher::FuzzyMatcher;
use fuzzy_matcher::skim::SkimMatcherV2;
use rayon::prelude::*;

use super::index::{SearchIndex, mask_of};
use super::skim_port::SkimPort;
use super::{Hit, KindFilter, MatchedKey, Query, Term, TermMode, fold, key_ref};
use crate::graph::{EntityIx, Graph};

/// Below this many candidates one thread is faster than waking the pool.
const PARALLEL_MIN: usize = 16_384;
/// Candidates per unit of parallel work (and between cancellation checks).
const CHUNK: usize = 4_096;

/// A query prepared for one scan.
pub(super) struct Plan<'q> {
    query: &'q Query,
    /// Per kind number: may entities of this kind appear?
    kind_allowed: Vec<bool>,
    /// Bytes every match must contain (union of the positive terms' masks).
    mask: u64,
}

impl<'q> Plan<'q> {
    pub fn new(index: &SearchIndex, query: &'q Query, filter: &KindFilter) -> Plan<'q> {
        let kind_allowed = index
            .kind_names
            .iter()
            .map(|kind| {
                filter.allows(kind)
                    && (query.kinds.is_empty() || query.kinds.iter().any(|k| fold(kind) == *k))
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
        }
    }

    pub fn kind_ok(&self, index: &SearchIndex, ix: EntityIx) -> bool {
        self.kind_allowed[index.kinds[ix as usize] as usize]
    }
}

/// Everything one scan reads.
pub(super) struct Scan<'a> {
    pub graph: &'a Graph,
    pub index: &'a SearchIndex,
    pub plan: &'a Plan<'a>,
}

impl Scan<'_> {
    /// The hits among `candidates` (entity numbers in increasing order), in candidate order; `None`
    /// when `cancel` was raised before the scan finished.
    pub fn hits(&self, candidates: &[EntityIx], cancel: &AtomicBool) -> Option<Vec<Hit>> {
        let scan_chunk = |matcher: &mut Scorer, chunk: &[EntityIx]| -> Option<Vec<Hit>> {
            if cancel.load(Ordering::Relaxed) {
                return None;
            }
            Some(
                chunk
                    .iter()
                    .filter_map(|&ix| self.score(matcher, ix))
                    .collect(),
            )
        };
        let parts: Option<Vec<Vec<Hit>>> = if candidates.len() < PARALLEL_MIN {
            let mut matcher = Scorer::default();
            candidates
                .chunks(CHUNK)
                .map(|c| scan_chunk(&mut matcher, c))
                .collect()
        } else {
            candidates
                .par_chunks(CHUNK)
                .map_init(Scorer::default, scan_chunk)
                .collect()
        };
        let parts = parts?;
        let mut hits = Vec::with_capacity(parts.iter().map(Vec::len).sum());
        for p in parts {
            hits.extend(p);
        }
        Some(hits)
    }

    fn score(&self, matcher: &mut Scorer, ix: EntityIx) -> Option<Hit> {
        let index = self.index;
        let i = ix as usize;
        if index.masks[i] & self.plan.mask != self.plan.mask || !self.plan.kind_ok(index, ix) {
            return None;
        }
        let keys = index.keys(ix);
        let mut total = 0i64;
        // The key shown with the hit: the name whenever it matches every term (an id like
        // `openai-frontier` beside "OpenAI Frontier" is noise), else the key behind the
        // best-scoring term; a key equal to the query is what the user typed and wins.
        let mut shown: Option<(i64, u32)> = None;
        let mut name_matches_all = true;
        for term in &self.plan.query.terms {
            let mut term_best: Option<(i64, u32)> = None;
            let mut name_matched = false;
            for k in keys.clone() {
                if let Some(s) = self.term_score(matcher, ix, k - keys.start, k, term) {
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
        Some(Hit {
            entity: ix,
            score: total,
            key: shown_key(equal_key, name_matches_all, shown, alias_count),
            tier,
        })
    }

    /// `nth` is the key's number within the entity (0 name, 1.. aliases, last id), `k` its
    /// number in the index.
    fn term_score(
        &self,
        matcher: &mut Scorer,
        ix: EntityIx,
        nth: u32,
        k: u32,
        term: &Term,
    ) -> Option<i64> {
        let (folded, score_original) = self.index.key(k);
        let text = term.text.as_str();
        let exact = |found: bool| found.then(|| 100 + 10 * text.chars().count() as i64);
        match term.mode {
            TermMode::Fuzzy => {
                if !is_subsequence(folded, text) {
                    return None;
                }
                // Skim's bonuses read the case of the original (camelCase, acronyms), so ASCII
                // keys with capitals are scored as written; folded text stands in for the others.
                let scored = if score_original {
                    original_key(self.graph, ix, nth)
                } else {
                    folded
                };
                matcher.fuzzy_match(scored, text)
            }
            TermMode::Substring => exact(folded.contains(text)),
            TermMode::Prefix => exact(folded.starts_with(text)),
            TermMode::Suffix => exact(folded.ends_with(text)),
            TermMode::Equal => exact(folded == text),
        }
    }

    /// 0: a key equals the only term; 1: a key starts with it; 2: anything else.
    /// The hit's tier (0: a key equals the query, 1: one starts with it, 2: other), and the
    /// number within the entity of a key equal to the query.
    fn tier(&self, keys: std::ops::Range<u32>) -> (u8, Option<u32>) {
        let [term] = self.plan.query.terms.as_slice() else {
            return (2, None);
        };
        let mut tier = 2;
        for k in keys.clone() {
            let (folded, _) = self.index.key(k);
            if folded == term.text {
                return (0, Some(k - keys.start));
            }
            if folded.starts_with(&term.text) {
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

/// One worker's matcher: the allocation-free port of SkimMatcherV2, with fuzzy-matcher itself
/// for what the port leaves to it (an empty pattern).
struct Scorer {
    skim: SkimMatcherV2,
    port: SkimPort,
}

impl Default for Scorer {
    fn default() -> Self {
        Scorer {
            skim: SkimMatcherV2::default().ignore_case(),
            port: SkimPort::default(),
        }
    }
}

impl Scorer {
    fn fuzzy_match(&mut self, choice: &str, pattern: &str) -> Option<i64> {
        match self.port.score(choice, pattern) {
            Some(score) => score,
            None => self.skim.fuzzy_match(choice, pattern),
        }
    }
}

/// Key number `nth` of entity `ix` as written in the graph.
fn original_key(graph: &Graph, ix: EntityIx, nth: u32) -> &str {
    let e = graph.entity(ix);
    let mut aliases = e.aliases();
    match nth {
        0 => e.name(),
        n if n as usize <= aliases.len() => aliases.nth(n as usize - 1).unwrap_or(""),
        _ => e.id(),
    }
}

/// Ordered-subsequence test on folded text: the cheap filter in front of the matcher.
///
/// An ASCII pattern is tested byte by byte (an ASCII byte in UTF-8 is always that character).
/// Other patterns are compared by character.
pub(super) fn is_subsequence(folded: &str, pattern: &str) -> bool {
    if pattern.is_ascii() {
        let hay = folded.as_bytes();
        let mut at = 0;
        for &p in pattern.as_bytes() {
            match hay[at..].iter().position(|&h| h == p) {
                Some(i) => at += i + 1,
                None => return false,
            }
        }
        return true;
    }
    let mut hay = folded.chars();
    pattern.chars().all(|p| hay.any(|h| h == p))
}

/// Sorts hits best first: an exact key match, then score, tier, shorter name, more links, and
/// file order. Each hit's key is computed once, so the sort compares plain integers.
pub(super) fn rank(graph: &Graph, index: &SearchIndex, hits: &mut Vec<Hit>) {
    type Key = (bool, Reverse<i64>, u8, u32, Reverse<u32>, EntityIx);
    let key_of = |h: &Hit| -> (Key, Hit) {
        let degree = graph.degree(h.entity) as u32;
        let chars = index.name_chars[h.entity as usize];
        (
            (
                h.tier != 0,
                Reverse(h.score),
                h.tier,
                chars,
                Reverse(degree),
                h.entity,
            ),
            *h,
        )
    };
    let mut keyed: Vec<(Key, Hit)> = if hits.len() < PARALLEL_MIN {
        hits.iter().map(key_of).collect()
    } else {
        hits.par_iter().map(key_of).collect()
    };
    // Keys end with the entity number, which is unique: an unstable sort is deterministic.
    if keyed.len() < PARALLEL_MIN {
        keyed.sort_unstable_by_key(|k| k.0);
    } else {
        keyed.par_sort_unstable_by_key(|k| k.0);
    }
    hits.clear();
    hits.extend(keyed.into_iter().map(|(_, h)| h));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn subsequence_basics() {
        assert!(is_subsequence("trainium", "trn"));
        assert!(is_subsequence("trainium", ""));
        assert!(!is_subsequence("trainium", "nrt"));
        assert!(is_subsequence("café systemes", "cs"));
        assert!(is_subsequence("東京 ai", "東a"));
        assert!(!is_subsequence("東京 ai", "京東"));
    }
}

#[cfg(test)]
mod properties {
    use proptest::prelude::*;

    use super::super::fold;
    use super::super::index::mask_of;
    use super::is_subsequence;

    /// The obvious definition: each pattern character found after the previous one.
    fn subsequence_by_chars(hay: &str, pattern: &str) -> bool {
        let mut hay = hay.chars();
        pattern.chars().all(|p| hay.any(|h| h == p))
    }

    proptest! {
        #[test]
        fn prefilter_agrees_with_char_subsequence(hay in "[a-dé東 -]{0,12}", pattern in "[a-dé東 ]{0,4}") {
            let (hay, pattern) = (fold(&hay), fold(&pattern));
            prop_assert_eq!(is_subsequence(&hay, &pattern), subsequence_by_chars(&hay, &pattern));
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
                prop_assert!(is_subsequence(&hay, &pattern));
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
