//! SkimMatcherV2's matrix for three and more pattern characters in one pass over a key, at
//! the matching columns only: the dense matrix (`skim_port`'s `score_matrix`, the oracle in the
//! tests) fills every cell of every row, though a row only changes where its character matches;
//! between matches its match value is minus infinity and its gap value decays by one a column,
//! which has a closed form. The pass also decides whether the pattern is a subsequence of the
//! key, so no prefilter runs before it. Patterns it cannot score exactly ([`applies`]) stay with
//! the dense matrix; this module does not choose between the two (`SkimPort::score` does).
//!
//! The dense matrix keeps two row buffers, so row `r` is written over row `r - 2`, and it
//! reads a few cells it never wrote in row `r`; the one pass reproduces each such read:
//! - the cell left of a row's first match holds row `r - 2`'s values (the initial row's for
//!   row 1, the reset row's for row 0), which start the row's gap value;
//! - the best score is taken over the last row from the column of its first match, and that
//!   first cell still holds row `n - 3`'s match value (it wins after long gaps);
//! - the consecutive bonus of a match reads a bonus left in the cell by row `r - 2` (or `r - 4`,
//!   …), which is only ever set where that row's character matches: patterns with a character
//!   equal (ignoring ASCII case) to one two, four, … places before it keep the dense matrix.

use super::skim_rules::{
    BONUS_CONSECUTIVE, CharType, FIRST_CHAR_MULTIPLIER, GAP_EXTENSION, GAP_START, MatrixChar,
    NEG_INFINITY, in_place_bonus, match_score, splat, words, zero_bytes,
};

/// Whether the sparse form computes what the dense matrix computes for pattern `p`: no
/// character of `p` equals (ignoring ASCII case) one an even distance before it, so no
/// consecutive bonus ever reads a bonus left by an earlier row.
pub(super) fn applies<C: MatrixChar>(p: &[C]) -> bool {
    (2..p.len()).all(|r| {
        (0..=r - 2)
            .rev()
            .step_by(2)
            .all(|k| !p[k].same_ignoring_case(p[r]))
    })
}

/// A row's cell at the column after its latest match: the cell number (that column + 1), its
/// match value and its gap value.
#[derive(Clone, Copy)]
struct Entry {
    cell: u32,
    m: i32,
    p: i32,
}

impl Entry {
    /// The row's (match, gap) values at `cell`, at or after this entry's and before the row's
    /// next match: the match value is minus infinity there, the gap value decays from here.
    fn at(self, cell: u32) -> (i32, i32) {
        match cell == self.cell {
            true => (self.m, self.p),
            false => {
                let d = (cell - self.cell) as i32;
                (
                    NEG_INFINITY,
                    (self.m + GAP_START + GAP_EXTENSION * d).max(self.p + GAP_EXTENSION * d),
                )
            }
        }
    }
}

/// The pattern prepared for [`OnePass::score`], and the rows' buffer; one per worker thread.
pub(super) struct OnePass {
    /// The pattern prepared, and whether the one pass computes its score.
    pattern: String,
    usable: bool,
    chars: Vec<char>,
    /// The rows (pattern characters) an ASCII byte matches ignoring case, one bit each.
    table: [u64; 128],
    /// Each distinct ASCII pattern byte in lower case, in every byte of a word: a key's words
    /// with the 0x20 bit set are compared with these to find the bytes that may match.
    splats: Vec<u64>,
    rows: Vec<Entry>,
}

impl Default for OnePass {
    fn default() -> Self {
        OnePass {
            pattern: String::new(),
            usable: false,
            chars: Vec::new(),
            table: [0; 128],
            splats: Vec::new(),
            rows: Vec::new(),
        }
    }
}

/// Row 0's cell up and to the left (the initial row: no match, gap value -1).
const INITIAL: (i32, i32) = (NEG_INFINITY, GAP_EXTENSION);

impl OnePass {
    /// Prepares `pattern` (a no-op when it is the one prepared) and says whether
    /// [`OnePass::score`] computes its score: three to 64 characters of which none equals
    /// (ignoring ASCII case) one an even distance before it ([`applies`]).
    pub(super) fn prepare(&mut self, pattern: &str) -> bool {
        if self.pattern != pattern {
            self.pattern.clear();
            self.pattern.push_str(pattern);
            self.chars.clear();
            self.chars.extend(pattern.chars());
            self.usable = (3..=64).contains(&self.chars.len()) && applies(&self.chars);
            self.table = [0; 128];
            for (r, &ch) in self.chars.iter().enumerate() {
                if let Ok(b) = u8::try_from(ch)
                    && b.is_ascii()
                {
                    self.table[usize::from(b.to_ascii_lowercase())] |= 1 << r;
                    self.table[usize::from(b.to_ascii_uppercase())] |= 1 << r;
                }
            }
            self.splats = (0..128u8)
                .filter(|&b| self.table[usize::from(b)] != 0 && !b.is_ascii_uppercase())
                .map(|b| splat(b | 0x20))
                .collect();
            self.splats.dedup();
        }
        self.usable
    }

    /// SkimMatcherV2's score of the prepared pattern (for which [`OnePass::prepare`] said yes)
    /// in `choice`, `None` when it does not match: one pass over the text, which also decides
    /// whether the pattern is a subsequence of it (so no prefilter is needed).
    pub(super) fn score(&mut self, choice: &str) -> Option<i64> {
        let n = self.chars.len();
        self.rows.clear();
        self.rows.resize(
            n,
            Entry {
                cell: 0,
                m: 0,
                p: 0,
            },
        );
        let mut run = Run {
            rows: &mut self.rows,
            started: 0,
            best: NEG_INFINITY,
            left: NEG_INFINITY,
        };
        match self.pattern.is_ascii() {
            // An ASCII character matches only an ASCII byte, and the byte before it is the last
            // byte of the character before it (every non-ASCII character has one type, which
            // its bytes share in the table): bytes stand in for characters, which are counted
            // only to place the columns.
            true => {
                let (text, pattern) = (choice.as_bytes(), self.pattern.as_bytes());
                // Continuation bytes before `counted` (a column is a character, not a byte).
                let (mut counted, mut continuations, mut ascii) = (0, 0u32, true);
                for (base, word) in words(text) {
                    // Setting 0x20 turns capitals into lower case (and a few other bytes into
                    // pattern bytes: the table below has the last word).
                    let folded = word | splat(0x20);
                    let mut maybe = self
                        .splats
                        .iter()
                        .fold(0, |m, &s| m | zero_bytes(folded ^ s));
                    ascii &= word & splat(0x80) == 0;
                    while maybe != 0 {
                        let i = base + maybe.trailing_zeros() as usize / 8;
                        maybe &= maybe - 1;
                        let Some(&b) = text.get(i) else { break };
                        let bits = self.table.get(usize::from(b)).copied().unwrap_or(0);
                        if bits == 0 {
                            continue;
                        }
                        if !ascii {
                            continuations += text[counted..i]
                                .iter()
                                .map(|&b| u32::from(b & 0xC0 == 0x80))
                                .sum::<u32>();
                            counted = i;
                        }
                        let col = i as u32 - continuations;
                        let prev = i.checked_sub(1).map(|i| text[i]);
                        run.column(col, bits, in_place_at(col, prev, b), |r| {
                            match_score(b, pattern[r], true).unwrap_or(0)
                        });
                    }
                }
            }
            false => {
                let mut prev = None;
                for (col, ch) in choice.chars().enumerate() {
                    let bits = self
                        .chars
                        .iter()
                        .enumerate()
                        .filter(|(_, p)| p.same_ignoring_case(ch))
                        .fold(0u64, |bits, (r, _)| bits | 1 << r);
                    if bits != 0 {
                        let col = col as u32;
                        let chars = &self.chars;
                        run.column(col, bits, in_place_at(col, prev, ch), |r| {
                            match_score(ch, chars[r], true).unwrap_or(0)
                        });
                    }
                    prev = Some(ch);
                }
            }
        }
        (run.started == n).then(|| i64::from(run.best.max(run.left)))
    }
}

/// The in-place bonus of a match at column `col` after character `prev`.
fn in_place_at<C: MatrixChar>(col: u32, prev: Option<C>, cur: C) -> i32 {
    let prev = prev.map_or(CharType::Empty, C::char_type);
    let bonus = in_place_bonus(prev, cur.char_type());
    match col {
        0 => bonus * FIRST_CHAR_MULTIPLIER,
        _ => bonus,
    }
}

/// The rows' state during one pass: each row's latest entry, how many rows have started (row
/// `r` starts at the first match of its character after row `r - 1` started), the best match
/// value of the last row, and the value its first cell held from row `n - 3`.
struct Run<'a> {
    rows: &'a mut [Entry],
    started: usize,
    best: i32,
    left: i32,
}

impl Run<'_> {
    /// A column whose character matches the rows in `bits`, with its in-place bonus and each
    /// row's match score. Rows are taken from the last to the first, so each reads the rows
    /// before it as they were at the previous column, as the matrix does.
    fn column(&mut self, col: u32, mut bits: u64, in_place: i32, score: impl Fn(usize) -> i32) {
        let n = self.rows.len();
        while bits != 0 {
            let r = 63 - bits.leading_zeros() as usize;
            bits &= !(1 << r);
            if r > self.started {
                continue;
            }
            let (dm, dp) = match r {
                0 => INITIAL,
                _ => self.rows[r - 1].at(col),
            };
            let m = (dm + in_place.max(BONUS_CONSECUTIVE)).max(dp + in_place) + score(r);
            // The gap value at the next cell reads this row's cell at `col`; a row's first
            // match reads what the matrix's buffer still holds there: row r - 2's cell (the
            // initial row's for row 1, the reset row's for row 0).
            let (lm, lp) = match (r == self.started, r) {
                (false, _) => self.rows[r].at(col),
                (true, 0) => (NEG_INFINITY, NEG_INFINITY),
                (true, 1) => INITIAL,
                (true, _) => self.rows[r - 2].at(col),
            };
            if r == self.started {
                self.started += 1;
                if r == n - 1 && r >= 2 {
                    self.left = lm;
                }
            }
            self.rows[r] = Entry {
                cell: col + 1,
                m,
                p: (GAP_START + GAP_EXTENSION + lm).max(GAP_EXTENSION + lp),
            };
            if r == n - 1 {
                self.best = self.best.max(m);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::applies;

    #[test]
    fn applies_unless_a_character_repeats_an_even_distance_apart() {
        let p = |s: &str| s.bytes().collect::<Vec<u8>>();
        assert!(applies(&p("tra")));
        assert!(applies(&p("train")));
        assert!(!applies(&p("tat")), "two apart");
        assert!(applies(&p("abca")), "three apart");
        assert!(!applies(&p("abcda")), "four apart");
        assert!(!applies(&p("aBA")), "case ignored");
        assert!(applies(&p("aab")), "neighbours");
    }
}

#[cfg(test)]
mod properties {
    use fuzzy_matcher::FuzzyMatcher;
    use fuzzy_matcher::skim::SkimMatcherV2;
    use proptest::prelude::*;

    use super::super::skim_port::SkimPort;
    use super::applies;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(6000))]
        /// Where it applies, the sparse form gives the dense matrix's score and fuzzy-matcher's:
        /// repeated letters (several matches per row, consecutive runs, a row's character
        /// right before the next row's first match), both cases, separators, long gaps (after
        /// 50 or so columns the value the last row's first cell keeps from row n - 3 can beat
        /// every match of the last row).
        #[test]
        fn sparse_equals_the_dense_matrix(
            choice in "[tTrRaAiInN .-]{0,24}|[tra]{0,8}x{40,80}[tTrRaA]{0,8}|[tra ]{0,8}[x ]{0,40}[tTrRaA]{0,8}",
            pattern in "[train -]{3,6}",
        ) {
            let mut port = SkimPort::default();
            let dense = port.score_dense_ascii(&choice, &pattern);
            let skim = SkimMatcherV2::default().ignore_case().fuzzy_match(&choice, &pattern);
            if applies(pattern.as_bytes()) {
                prop_assert_eq!(port.score(&choice, &pattern), Some(dense));
            }
            prop_assert_eq!(dense, skim);
        }

        /// Non-ASCII text takes the sparse form over characters.
        #[test]
        fn sparse_equals_skim_on_characters(
            choice in "[tTrRaAéÉ東 -]{0,20}",
            pattern in "[traé東 ]{3,5}",
        ) {
            let want = SkimMatcherV2::default().ignore_case().fuzzy_match(&choice, &pattern);
            prop_assert_eq!(SkimPort::default().score(&choice, &pattern), Some(want));
        }
    }
}
