//! The highest score SkimMatcherV2 can give a typed word in any key: the bound that lets a
//! search order only its first screens of hits exactly (`lazy`). Only the bound and its proof
//! live here; no scoring.
//!
//! For a pattern of `n` ASCII lower-case letters and digits whose [`Shape`] is one of the port's
//! exact closed forms or its one pass (no character equal to one an even distance before it),
//! no key scores more than `31 + 20 (n - 1)`, which a key starting with the pattern as typed
//! reaches. Proof, on the dense matrix (`SkimPort::score_matrix`, which the closed forms and the
//! one pass equal, as the property tests of `skim_port` and `skim_sparse` check), writing
//! `A_i = 31 + 20 i` for a bound on the match values `m` of row `i` (pattern character `i`) and
//! `A_i - 4` for its gap values `p`:
//!
//! 1. Every bonus a match reads as `last.bonus` is 0. A cell's bonus is written 0 (the reset, a
//!    mismatch in the column before) or set by a match of a row of the same parity at that
//!    column; row `i` reads it at a column where it matches itself, before writing it, so a
//!    non-zero value would come from a row `j < i`, `i - j` even, matching the same character:
//!    `p_j = p_i` (ignoring case), which the shape rules out (and rows 0 and 1 have no such row).
//!    So the consecutive bonus is `max(in-place bonus, BONUS_CONSECUTIVE = 4)`.
//! 2. Row 0 reads the initial row (`m = -inf`, `p = -1`): `m ≤ -1 + 2 × 8 (head bonus, doubled in
//!    the first column) + 16 = 31 = A_0`.
//! 3. Row `i ≥ 1` matches at a column `c ≥ first[i] > first[i - 1]`, where row `i - 1` wrote the
//!    cell it reads (`prev`). Its match value is `max(prev.m + consecutive, prev.p + in-place) +
//!    cur`, `cur` = 16, or 14 when the key's letter is a capital.
//!    - The consecutive path is finite only if the key's character before `c` matched
//!      `p_{i-1}`, a letter or digit, so the in-place bonus at `c` is 0 or, for a capital after a
//!      lower-case letter or digit, 6 (camel case), which costs the capital's 2: the path adds
//!      at most `max(4 + 16, 6 + 14) = 20` to `prev.m ≤ A_{i-1}`.
//!    - The gap path adds at most 8 (the head bonus; the first column is out of reach) and 16 to
//!      `prev.p ≤ A_{i-1} - 4`: again `≤ A_{i-1} + 20 = A_i`.
//! 4. A gap value is `max(last.m - 4, last.p - 1)` of the cell to its left in its own row buffer:
//!    a cell of the same row (bounded by 3 and 4 by induction over columns), or one left by row
//!    `i - 2` (or the initial row: `p = -1`), whose bounds are lower. So `p ≤ A_i - 4`.
//! 5. The score is the best match value of the last row from the column of its first match,
//!    whose first cell may still hold row `n - 3`'s value: all `≤ A_{n-1}`.
//!
//! One character has the closed form `gap extension + bonus + match ≤ -1 + 16 + 16 = 31`.

use super::skim_port::Shape;
use super::skim_rules::{
    BONUS_CONSECUTIVE, BONUS_HEAD, FIRST_CHAR_MULTIPLIER, GAP_EXTENSION, SCORE_MATCH,
};

/// The most any key can score for `pattern` (folded), if the proof above covers it: ASCII
/// lower-case letters and digits only, on an exact path of the port.
pub(super) fn score_ceiling(pattern: &str, shape: Shape) -> Option<i64> {
    let simple = !pattern.is_empty()
        && pattern
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit());
    let exact_path = matches!(
        shape,
        Shape::OneAscii(_) | Shape::TwoAscii(..) | Shape::OnePass
    );
    if !(simple && exact_path) {
        return None;
    }
    let first = GAP_EXTENSION + BONUS_HEAD * FIRST_CHAR_MULTIPLIER + SCORE_MATCH;
    let each_next = BONUS_CONSECUTIVE + SCORE_MATCH;
    Some(i64::from(first) + i64::from(each_next) * (pattern.len() as i64 - 1))
}

#[cfg(test)]
mod tests {
    use fuzzy_matcher::FuzzyMatcher;
    use fuzzy_matcher::skim::SkimMatcherV2;
    use proptest::prelude::*;

    use super::super::skim_port::{Shape, SkimPort};
    use super::score_ceiling;

    #[test]
    fn the_ceiling_is_reached_by_a_key_starting_with_the_word() {
        let mut port = SkimPort::default();
        for word in ["t", "tr", "tra", "trai", "train", "h100", "nvda"] {
            let ceiling = score_ceiling(word, Shape::of(word)).expect("a simple word");
            for key in [word.to_string(), format!("{word}ium-3")] {
                assert_eq!(port.score(&key, word), Some(Some(ceiling)), "{key}");
            }
        }
        assert_eq!(score_ceiling("tra", Shape::of("tra")), Some(71));
        // Not covered by the proof: other characters, a repeat two apart (the dense matrix).
        for word in ["t-r", "café", "tat", ""] {
            assert_eq!(score_ceiling(word, Shape::of(word)), None, "{word}");
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(6000))]
        /// No key scores above the ceiling: capitals (camel case, case penalties), separators of
        /// both kinds, digits, non-ASCII text, long gaps (where the dense matrix's stale cells
        /// show), and every pattern shape the ceiling covers.
        #[test]
        fn no_key_scores_above_the_ceiling(
            key in "[tTrRaAiInN0-9 ._/(é東-]{0,80}",
            pattern in "[train0-9]{1,6}",
        ) {
            let shape = Shape::of(&pattern);
            if let Some(ceiling) = score_ceiling(&pattern, shape) {
                let port = SkimPort::default().score(&key, &pattern).flatten();
                let skim = SkimMatcherV2::default().ignore_case().fuzzy_match(&key, &pattern);
                prop_assert!(port.is_none_or(|s| s <= ceiling), "port {port:?} > {ceiling}");
                prop_assert!(skim.is_none_or(|s| s <= ceiling), "skim {skim:?} > {ceiling}");
            }
        }
    }
}
