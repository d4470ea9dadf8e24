//! Lazy ranking of a typed word: a keystroke needs the number of hits and the first screens in
//! exact order, not every hit scored. The count pass finds the hits with the ordered-subsequence
//! test (and their tiers) without scoring them; the first screens come from the hits a key of
//! which starts with the word, scored in slot order until enough of them reach the word's
//! score ceiling (`skim_ceiling`), which no hit can pass: those are then the best hits, in the
//! order a full ranking gives them. The rest are scored and ranked only when asked for ([`Rest::finish`],
//! through `Ranked`). This module does not decide when a search is lazy (`Searcher` does).

use std::cmp::Reverse;
use std::sync::Arc;
use std::sync::atomic::AtomicBool;

use super::index::{SearchIndex, Slot};
use super::rank::rank;
use super::scan::{Found, KeySet, Plan, Scan, Scorer, is_subsequence, key_bit};
use super::{Hit, KindFilter, Query, Term};

/// How many hits a lazy search orders before anyone asks: several screens of the explorer's
/// list (PageDown a few times); past them the list asks for the rest.
pub(super) const FIRST_SCREENS: usize = 256;

/// The hits of one run of candidates as the count pass finds them, in slot order: their
/// tiers, slots and the keys that matched. No scores.
pub(super) type Counted = Found<u8>;

impl Scan<'_> {
    /// The count pass's test ([`Scan::find`] with it finds what [`Scan::hits`] finds, without
    /// scores): the tier of the entity in `slot` and the keys of it (among `before`) that `term`
    /// matches, if any does; the key tests of `Scan::score_one_term` without the score.
    pub(super) fn matched_keys(
        &self,
        slot: Slot,
        term: &Term,
        before: KeySet,
    ) -> Option<(u8, KeySet)> {
        let index = self.index;
        if !self.admits(slot) {
            return None;
        }
        let (mut tier, mut matched) = (2, 0);
        for (nth, key) in (0u32..).zip(index.keys_in(index.keys(slot))) {
            let bit = key_bit(nth);
            if before & bit == 0 {
                continue;
            }
            let starts = tier != 0 && key.starts_with_folded(&term.text);
            if starts {
                tier = if key.eq_folded(&term.text) { 0 } else { 1 };
            }
            if starts || is_subsequence(key, &term.text) {
                matched |= bit;
            }
        }
        (matched != 0).then_some((tier, matched))
    }
}

/// The first hits of the full ranking, at least `want` of them (or every hit equal to the
/// word, when there are more), scored exactly; `None` when the ceiling does not settle them:
/// fewer than the hits still wanted after those equal to the word reach `ceiling` among the
/// hits starting with it. The caller then ranks every hit.
///
/// Why this is the full ranking's start: it orders by (no key equals the word, higher score,
/// tier, slot). The hits equal to the word (tier 0) come first, by score and slot. Then, among
/// the others, no score passes `ceiling`, and at the ceiling tier 1 comes before tier 2: so the
/// first hits of tier 1 in slot order that reach the ceiling are the next ones, whatever the
/// unscored hits score.
pub(super) fn first_screens(
    scan: &Scan<'_>,
    counted: &[Counted],
    ceiling: i64,
    want: usize,
) -> Option<Vec<Hit>> {
    let mut scorer = Scorer::new(false);
    let mut exact = |(&slot, &keys): (&Slot, &KeySet)| {
        let (hit, _) = scan.score(&mut scorer, slot, keys)?;
        debug_assert!(hit.score <= ceiling, "{hit:?} above the ceiling {ceiling}");
        Some(hit)
    };
    let of_tier = |tier: u8| {
        counted
            .iter()
            .flat_map(move |c| c.slots.iter().zip(&c.keys).zip(&c.hits))
            .filter(move |(_, t)| **t == tier)
            .map(|(hit, _)| hit)
    };
    let mut first: Vec<Hit> = of_tier(0).filter_map(&mut exact).collect();
    first.sort_by_key(|h| Reverse(h.score));
    let equal = first.len();
    let need = want.saturating_sub(equal);
    let at_ceiling = of_tier(1)
        .filter_map(&mut exact)
        .filter(|h| h.score == ceiling)
        .take(need);
    first.extend(at_ceiling);
    (first.len() == equal + need).then_some(first)
}

/// What a lazy search leaves for later: its hits' slots and matched keys, to score and rank
/// when the order past the first screens is asked for.
#[derive(Clone, Debug)]
pub(super) struct Rest {
    pub query: Query,
    pub filter: KindFilter,
    pub slots: Arc<Vec<Slot>>,
    pub keys: Arc<Vec<KeySet>>,
}

impl Rest {
    /// Every hit, ranked: the scan of the hits' matched keys, then the full ranking.
    pub(super) fn finish(&self, index: &SearchIndex) -> Vec<Hit> {
        let plan = Plan::new(index, &self.query, &self.filter);
        let scan = Scan { index, plan: &plan };
        let never = AtomicBool::new(false);
        let parts = scan
            .hits(&self.slots, Some(&self.keys), &never)
            .expect("never cancelled");
        rank(parts.into_iter().map(|p| p.hits).collect())
    }
}
