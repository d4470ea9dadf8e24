//! SkimMatcherV2's score without its per-call allocations and thread-local lookups: scoring
//! every matching key through fuzzy-matcher dominated the first keystrokes, which match most of
//! a large graph.
//!
//! This is a transliteration of fuzzy-matcher 0.3.7's `SkimMatcherV2::fuzzy` in its compressed
//! (score-only) mode with the default score configuration and ignored case, plus a closed form
//! for one-character patterns. It computes what a fresh SkimMatcherV2 computes. (fuzzy-matcher
//! reuses its matrix across calls without clearing it, so for patterns of three or more
//! characters a bonus left by an earlier call can in rare cases leak into a score; the port never
//! carries anything over.) The property tests below compare the two on random text.

use super::skim_rules::{
    BONUS_CONSECUTIVE, BYTE_TYPES, CharType, FIRST_CHAR_MULTIPLIER, GAP_EXTENSION, GAP_START,
    MatrixChar, NEG_INFINITY, PENALTY_CASE_MISMATCH, SCORE_MATCH, char_type, in_place_bonus,
    match_score, splat, words, zero_bytes,
};
use super::skim_sparse::OnePass;

#[derive(Clone, Copy)]
struct Cell {
    m: i32,
    p: i32,
    bonus: i32,
}

const RESET: Cell = Cell {
    m: NEG_INFINITY,
    p: NEG_INFINITY,
    bonus: 0,
};

/// Which of the port's paths scores a pattern: decided once per pattern, not per key.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Shape {
    /// No characters: fuzzy-matcher's own business.
    Empty,
    /// One ASCII character: the word-at-a-time closed form.
    OneAscii(u8),
    /// One other character: the closed form by characters.
    One(char),
    /// Three to 64 characters, none repeated an even distance apart: [`OnePass`].
    OnePass,
    /// Two ASCII characters: the byte walk between matches.
    TwoAscii(u8, u8),
    /// Two characters, not both ASCII.
    Two(char, char),
    /// Anything else: the dense matrix.
    Matrix,
}

impl Shape {
    /// The path that scores `pattern`.
    pub(super) fn of(pattern: &str) -> Shape {
        let mut it = pattern.chars();
        match (it.next(), it.next(), it.next()) {
            (None, _, _) => Shape::Empty,
            (Some(a), None, _) if a.is_ascii() => Shape::OneAscii(a as u8),
            (Some(a), None, _) => Shape::One(a),
            _ if OnePass::default().prepare(pattern) => Shape::OnePass,
            (Some(a), Some(b), None) if a.is_ascii() && b.is_ascii() => {
                Shape::TwoAscii(a as u8, b as u8)
            }
            (Some(a), Some(b), None) => Shape::Two(a, b),
            _ => Shape::Matrix,
        }
    }

    /// Whether [`SkimPort::score_shaped`] reads each key once, deciding the match as it goes
    /// (one or two characters, or [`OnePass`]), so an ordered-subsequence prefilter would only
    /// read it twice.
    pub(super) fn decides_match(self) -> bool {
        !matches!(self, Shape::Matrix)
    }
}

/// Reusable buffers; one per worker thread.
#[derive(Default)]
pub(super) struct SkimPort {
    chars: Vec<char>,
    pattern: Vec<char>,
    first: Vec<usize>,
    rows: [Vec<Cell>; 2],
    one_pass: OnePass,
}

impl SkimPort {
    /// The score a fresh SkimMatcherV2 (ignoring case) gives `pattern` in `choice`; `None` for
    /// an empty pattern (fuzzy-matcher's own business). `Some(None)` means no match.
    ///
    /// Whether `pattern` is a subsequence of `choice` is decided here on every path; a caller's
    /// prefilter only saves time, and [`Shape::decides_match`] says when it does not.
    #[cfg(test)]
    pub(super) fn score(&mut self, choice: &str, pattern: &str) -> Option<Option<i64>> {
        self.score_shaped(choice, pattern, Shape::of(pattern))
    }

    /// [`SkimPort::score`] of a pattern whose [`Shape`] the caller worked out once (a scan
    /// scores one pattern against a million keys: choosing the path per key was a tenth of it).
    pub(super) fn score_shaped(
        &mut self,
        choice: &str,
        pattern: &str,
        shape: Shape,
    ) -> Option<Option<i64>> {
        Some(match shape {
            Shape::Empty => return None,
            Shape::OneAscii(a) => score_one_ascii(choice.as_bytes(), a),
            Shape::One(a) => score_one(choice, a),
            Shape::OnePass => {
                self.one_pass.prepare(pattern);
                self.one_pass.score(choice)
            }
            Shape::TwoAscii(a, b) => score_two_ascii(choice, a, b),
            // Bytes of an ASCII key are its characters: no UTF-8 decoding on that path.
            Shape::Two(a, b) if choice.is_ascii() => {
                score_two(choice.bytes().map(char::from), a, b)
            }
            Shape::Two(a, b) => score_two(choice.chars(), a, b),
            Shape::Matrix if choice.is_ascii() && pattern.is_ascii() => {
                // Bytes of ASCII text are its characters: the matrix runs on the bytes in place.
                self.score_matrix(choice.as_bytes(), pattern.as_bytes())
            }
            Shape::Matrix => {
                let mut p = std::mem::take(&mut self.pattern);
                p.clear();
                p.extend(pattern.chars());
                let mut chars = std::mem::take(&mut self.chars);
                chars.clear();
                chars.extend(choice.chars());
                let score = self.score_matrix(&chars, &p);
                self.chars = chars;
                self.pattern = p;
                score
            }
        })
    }

    /// The full matrix, over characters or (for ASCII text) bytes.
    ///
    /// The text is cut after the last match of the last pattern character: a cell reads only
    /// cells of lower columns (and in-place bonuses only the characters up to its own), and the
    /// last row after that match holds no match, so the cut changes no score.
    fn score_matrix<C: MatrixChar>(&mut self, c: &[C], p: &[C]) -> Option<i64> {
        let last = p.last()?;
        let c = &c[..=c.iter().rposition(|ch| ch.same_ignoring_case(*last))?];
        let mut first = std::mem::take(&mut self.first);
        first.clear();
        first.resize(p.len(), 0);
        let mut found = 0;
        for (idx, &ch) in c.iter().enumerate() {
            if found == p.len() {
                break;
            }
            if ch.same_ignoring_case(p[found]) {
                first[found] = idx;
                found += 1;
            }
        }
        if found < p.len() {
            self.first = first;
            return None;
        }
        // fuzzy-matcher computes every column's in-place bonus up front; only matching columns
        // read it, so it is computed there.
        let bonus_at = |col_prev: usize| {
            let prev = col_prev
                .checked_sub(1)
                .map_or(CharType::Empty, |i| c[i].char_type());
            let bonus = in_place_bonus(prev, c[col_prev].char_type());
            match col_prev {
                0 => bonus * FIRST_CHAR_MULTIPLIER,
                _ => bonus,
            }
        };
        let score = self.score_dense(c, p, &first, bonus_at);
        self.first = first;
        Some(score)
    }

    /// Every cell of the matrix (two rows kept, each written over the one two rows up), from
    /// each row's first match on.
    fn score_dense<C: MatrixChar>(
        &mut self,
        c: &[C],
        p: &[C],
        first: &[usize],
        bonus_at: impl Fn(usize) -> i32,
    ) -> i64 {
        let cols = c.len() + 1;
        for row in &mut self.rows {
            row.clear();
            row.resize(cols, RESET);
        }
        for cell in &mut self.rows[0] {
            cell.p = GAP_EXTENSION;
        }
        for (i, &p_ch) in p.iter().enumerate() {
            let (row, row_prev) = ((i + 1) & 1, i & 1);
            for (col_prev, &c_ch) in c.iter().enumerate().skip(first[i]) {
                let col = col_prev + 1;
                let prev_cell = self.rows[row_prev][col_prev];
                if c_ch.same_ignoring_case(p_ch) {
                    let penalty = if c_ch != p_ch {
                        PENALTY_CASE_MISMATCH
                    } else {
                        0
                    };
                    let cur = (SCORE_MATCH + penalty).max(0);
                    let in_place = bonus_at(col_prev);
                    let last = &mut self.rows[row][col_prev];
                    let consecutive = last.bonus.max(in_place.max(BONUS_CONSECUTIVE));
                    last.bonus = consecutive;
                    let score_match = prev_cell.m + consecutive;
                    let score_skip = prev_cell.p + in_place;
                    self.rows[row][col].m = score_match.max(score_skip) + cur;
                } else {
                    self.rows[row][col].m = NEG_INFINITY;
                    self.rows[row][col].bonus = 0;
                }
                let last = self.rows[row][col_prev];
                let p_match = GAP_START + GAP_EXTENSION + last.m;
                let p_skip = GAP_EXTENSION + last.p;
                self.rows[row][col].p = p_match.max(p_skip);
            }
        }
        let last_row = &self.rows[p.len() & 1];
        let best = last_row[first[p.len() - 1]..]
            .iter()
            .map(|cell| cell.m)
            .max()
            .unwrap_or(NEG_INFINITY);
        best as i64
    }
}

/// The one-character case in closed form. With one pattern row, every match cell of the
/// matrix is `gap_extension + in-place bonus + match score` (the "skip" path always wins against
/// the row above, which is minus infinity), so the score is the best of those over the matches.
fn score_one(choice: &str, p: char) -> Option<i64> {
    let mut best: Option<i32> = None;
    let mut prev = '\0';
    for (j, c) in choice.chars().enumerate() {
        // Character types only matter where the pattern matches: classify lazily.
        if c.eq_ignore_ascii_case(&p) {
            let mut bonus = in_place_bonus(char_type(prev), char_type(c));
            if j == 0 {
                bonus *= FIRST_CHAR_MULTIPLIER;
            }
            let penalty = if c != p { PENALTY_CASE_MISMATCH } else { 0 };
            let score = GAP_EXTENSION + bonus + (SCORE_MATCH + penalty).max(0);
            best = Some(best.map_or(score, |b| b.max(score)));
        }
        prev = c;
    }
    best.map(i64::from)
}

/// [`score_one`] for an ASCII pattern character: the bytes are compared with both cases of it
/// and character types read from a table, only at the matches. Any key works: an ASCII
/// character only ever matches an ASCII byte, the byte before a match is the last byte of the
/// character before it (non-ASCII ones all have the same type), and one pattern character has
/// no gaps to count, so byte offsets stand in for character positions (only "first" matters).
fn score_one_ascii(choice: &[u8], p: u8) -> Option<i64> {
    let (lower, upper) = (p.to_ascii_lowercase(), p.to_ascii_uppercase());
    // A match at the start has the doubled head bonus, which no later match reaches.
    if let Some(&c) = choice.first()
        && (c == lower || c == upper)
    {
        let bonus = in_place_bonus(CharType::Empty, BYTE_TYPES[c as usize]) * FIRST_CHAR_MULTIPLIER;
        let penalty = if c != p { PENALTY_CASE_MISMATCH } else { 0 };
        return Some(i64::from(
            GAP_EXTENSION + bonus + (SCORE_MATCH + penalty).max(0),
        ));
    }
    let mut best: Option<i32> = None;
    // Eight bytes at a time: most bytes match neither case, and keys are too short for
    // `memchr`'s set-up to pay.
    for (base, word) in words(choice) {
        let mut hits = zero_bytes(word ^ splat(lower)) | zero_bytes(word ^ splat(upper));
        while hits != 0 {
            let j = base + hits.trailing_zeros() as usize / 8;
            hits &= hits - 1;
            if j >= choice.len() {
                break;
            }
            let c = choice[j];
            let prev = match j {
                0 => CharType::Empty,
                _ => BYTE_TYPES[choice[j - 1] as usize],
            };
            let mut bonus = in_place_bonus(prev, BYTE_TYPES[c as usize]);
            if j == 0 {
                bonus *= FIRST_CHAR_MULTIPLIER;
            }
            let penalty = if c != p { PENALTY_CASE_MISMATCH } else { 0 };
            let score = GAP_EXTENSION + bonus + (SCORE_MATCH + penalty).max(0);
            best = Some(best.map_or(score, |b| b.max(score)));
        }
    }
    best.map(i64::from)
}

/// The two-character case in one pass. Row 1 of the matrix (the first pattern character) only
/// ever takes its "skip" path, as in [`score_one`]; row 0 (the second) reads row 1 at the
/// previous column, and its consecutive bonus never sees a carried value (row 0's cells start
/// at zero bonus and are only zeroed before being read), so three running values suffice.
fn score_two(choice: impl Iterator<Item = char>, p0: char, p1: char) -> Option<i64> {
    let mut rows = TwoRows::new();
    let mut prev = '\0';
    let (lower0, lower1) = (p0.to_ascii_lowercase(), p1.to_ascii_lowercase());
    for (j, c) in choice.enumerate() {
        // Each character is compared once with each pattern character (ignoring ASCII case).
        let lower = c.to_ascii_lowercase();
        let (match0, match1) = (
            match_score(c, p0, lower == lower0),
            match_score(c, p1, lower == lower1),
        );
        rows.step(match0, match1, || {
            let b = in_place_bonus(char_type(prev), char_type(c));
            if j == 0 { b * FIRST_CHAR_MULTIPLIER } else { b }
        });
        prev = c;
    }
    rows.best.map(i64::from)
}

/// The running state of [`score_two`]: row 1's cell (m, p) of the previous character, which
/// rows have started, and the best score so far.
struct TwoRows {
    m1: i32,
    p1_skip: i32,
    seen_p0: bool,
    seen_p1: bool,
    best: Option<i32>,
}

impl TwoRows {
    fn new() -> TwoRows {
        // Before the first match of `p0` the row-1 cell is the reset one: minus infinity.
        TwoRows {
            m1: NEG_INFINITY,
            p1_skip: NEG_INFINITY,
            seen_p0: false,
            seen_p1: false,
            best: None,
        }
    }

    /// Takes in one character: whether (and how well) it matches each pattern character, and its
    /// in-place bonus (computed only if needed).
    fn step(&mut self, match0: Option<i32>, match1: Option<i32>, bonus: impl Fn() -> i32) {
        // Before the first match of `p0` neither row changes.
        if !self.seen_p0 && match0.is_none() {
            return;
        }
        // Row 0 (second pattern character), from the first match of `p1` after one of `p0`.
        if !self.seen_p1 && self.seen_p0 && match1.is_some() {
            self.seen_p1 = true;
        }
        if self.seen_p1
            && let Some(s1) = match1
        {
            let b = bonus();
            let score_match = self.m1 + b.max(BONUS_CONSECUTIVE);
            let score_skip = self.p1_skip + b;
            let m0 = score_match.max(score_skip) + s1;
            self.best = Some(self.best.map_or(m0, |x| x.max(m0)));
        }
        // Row 1 (first pattern character), from its first match on.
        self.seen_p0 = true;
        let m_cur = match match0 {
            Some(s0) => GAP_EXTENSION + bonus() + s0,
            None => NEG_INFINITY,
        };
        let p_cur = (GAP_START + GAP_EXTENSION + self.m1).max(GAP_EXTENSION + self.p1_skip);
        (self.m1, self.p1_skip) = (m_cur, p_cur);
    }

    /// Takes in `idle` characters that match neither pattern character, at once: row 0 is idle,
    /// row 1's match value becomes minus infinity and its gap value decays by one a character.
    fn skip(&mut self, idle: i32) {
        if self.seen_p0 && idle > 0 {
            self.p1_skip = (self.m1 + GAP_START + GAP_EXTENSION * idle)
                .max(self.p1_skip + GAP_EXTENSION * idle);
            self.m1 = NEG_INFINITY;
        }
    }
}

/// [`score_two`] for an ASCII pattern, visiting only the characters that match a pattern
/// character. Between two such characters nothing matches, so row 0 is idle and row 1 only
/// decays ([`TwoRows::skip`]: one step of the recurrence is `m' = -inf`,
/// `p' = max(m + gap start + gap extension, p + gap extension)`).
/// The key is walked by bytes (an ASCII character only matches an ASCII byte; the byte before a
/// match is the last byte of the character before it, and all non-ASCII characters have one
/// type); only idle runs in a non-ASCII key are counted in characters.
fn score_two_ascii(choice: &str, p0: u8, p1: u8) -> Option<i64> {
    let ascii = choice.is_ascii();
    let choice = choice.as_bytes();
    let (lower0, lower1) = (p0.to_ascii_lowercase(), p1.to_ascii_lowercase());
    let mut j = memchr::memchr2(lower0, lower0.to_ascii_uppercase(), choice)?;
    let mut rows = TwoRows::new();
    // The character after the last one the rows have taken in.
    let mut next = j;
    loop {
        rows.skip(match ascii {
            true => j - next,
            // Characters, not bytes: every byte but UTF-8 continuation bytes starts one.
            false => choice[next..j]
                .iter()
                .filter(|&&b| b & 0xC0 != 0x80)
                .count(),
        } as i32);
        let c = choice[j];
        let lower = c.to_ascii_lowercase();
        let (match0, match1) = (
            match_score(c, p0, lower == lower0),
            match_score(c, p1, lower == lower1),
        );
        rows.step(match0, match1, || {
            let prev = match j {
                0 => CharType::Empty,
                _ => BYTE_TYPES[choice[j - 1] as usize],
            };
            let b = in_place_bonus(prev, BYTE_TYPES[c as usize]);
            if j == 0 { b * FIRST_CHAR_MULTIPLIER } else { b }
        });
        next = j + 1;
        match choice[next..].iter().position(|b| {
            let lower = b.to_ascii_lowercase();
            lower == lower0 || lower == lower1
        }) {
            Some(i) => j = next + i,
            None => break,
        }
    }
    rows.best.map(i64::from)
}

#[cfg(test)]
impl SkimPort {
    /// The dense matrix's score of an ASCII pattern of three or more characters in an ASCII
    /// `choice`, whatever the pattern: the oracle of the sparse form.
    pub(super) fn score_dense_ascii(&mut self, choice: &str, pattern: &str) -> Option<i64> {
        self.score_matrix(choice.as_bytes(), pattern.as_bytes())
    }
}

#[cfg(test)]
mod tests {
    use fuzzy_matcher::FuzzyMatcher;
    use fuzzy_matcher::skim::SkimMatcherV2;
    use proptest::prelude::*;

    use super::SkimPort;

    /// The port against a fresh fuzzy-matcher SkimMatcherV2 ignoring case.
    fn agrees(choice: &str, pattern: &str) -> Result<(), TestCaseError> {
        let want = SkimMatcherV2::default()
            .ignore_case()
            .fuzzy_match(choice, pattern);
        prop_assert_eq!(SkimPort::default().score(choice, pattern), Some(want));
        Ok(())
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(4000))]
        #[test]
        fn equals_skim(choice in "[aAtTrRxXé東–0-9 ./_(:~!\\-]{0,30}", pattern in "[atrxé東0-9 ._-]{1,5}") {
            agrees(&choice, &pattern)?;
        }

        /// ASCII keys take the byte paths (memchr, type table); short patterns their closed forms.
        #[test]
        fn equals_skim_on_ascii(choice in "[aAtTrRxX0-9 ./_(:~!\\-]{0,30}", pattern in "[atrx0-9 ._-]{1,4}") {
            agrees(&choice, &pattern)?;
        }

        /// One ASCII character takes the word-at-a-time scan, on any key: matches in every byte
        /// of a word, in the padded last word, next to non-ASCII characters.
        #[test]
        fn equals_skim_on_one_character(choice in "[tT\\x00é東 ._-]{0,40}", pattern in "[t\\x00 ._-]") {
            agrees(&choice, &pattern)?;
        }

        /// Two ASCII characters take the byte walk that jumps between matches, on any key.
        #[test]
        fn equals_skim_on_two_characters(choice in "[aAtTé東–0 ._-]{0,30}", pattern in "[at0 ._-]{2}") {
            agrees(&choice, &pattern)?;
        }

        #[test]
        fn equals_skim_on_long_patterns(choice in "[aAbB -]{0,24}", pattern in "[ab -]{2,6}") {
            agrees(&choice, &pattern)?;
        }
    }

    #[test]
    fn agrees_with_skim_on_examples() {
        let mut s = SkimPort::default();
        assert_eq!(s.score("trainium", ""), None);
        let skim = SkimMatcherV2::default().ignore_case();
        for (choice, pattern) in [
            ("Trainium", "t"),
            ("AWS-OpenAI deal", "ai"),
            ("xTx", "tx"),
            ("Café Systèmes", "cs"),
            ("Nova–Lumen deal", "nl"),
            ("東京 AI", "東a"),
        ] {
            assert_eq!(
                s.score(choice, pattern),
                Some(skim.fuzzy_match(choice, pattern))
            );
        }
    }
}
