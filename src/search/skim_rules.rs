//! The rules of SkimMatcherV2's score that its ports share (`skim_port`'s paths and the one pass
//! of `skim_sparse`): the constants of `SkimScoreConfig::default()`, character types and the
//! in-place bonus, the match score, and the word-at-a-time byte tests. No scoring loop here.

/// Score constants of `SkimScoreConfig::default()`.
pub(super) const SCORE_MATCH: i32 = 16;
pub(super) const GAP_START: i32 = -3;
pub(super) const GAP_EXTENSION: i32 = -1;
pub(super) const FIRST_CHAR_MULTIPLIER: i32 = 2;
pub(super) const BONUS_HEAD: i32 = SCORE_MATCH / 2;
const BONUS_BREAK: i32 = SCORE_MATCH / 2 + GAP_EXTENSION;
const BONUS_CAMEL: i32 = SCORE_MATCH / 2 + 2 * GAP_EXTENSION;
pub(super) const BONUS_CONSECUTIVE: i32 = -(GAP_START + GAP_EXTENSION);
pub(super) const PENALTY_CASE_MISMATCH: i32 = GAP_EXTENSION * 2;
pub(super) const NEG_INFINITY: i32 = i16::MIN as i32;

#[derive(Clone, Copy, PartialEq)]
pub(super) enum CharType {
    Empty,
    Upper,
    Lower,
    Number,
    HardSep,
    SoftSep,
}

#[inline]
pub(super) const fn char_type(c: char) -> CharType {
    match c {
        '\0' => CharType::Empty,
        ' ' | '/' | '\\' | '|' | '(' | ')' | '[' | ']' | '{' | '}' => CharType::HardSep,
        '!'..='\'' | '*'..='.' | ':'..='@' | '^'..='`' | '~' => CharType::SoftSep,
        '0'..='9' => CharType::Number,
        'A'..='Z' => CharType::Upper,
        _ => CharType::Lower,
    }
}

/// [`char_type`] of every ASCII byte, for the byte paths; a byte of a non-ASCII character
/// reads as [`CharType::Lower`], which is what `char_type` says of every non-ASCII character.
pub(super) static BYTE_TYPES: [CharType; 256] = {
    let mut types = [CharType::Lower; 256];
    let mut b = 0;
    while b < 128 {
        types[b] = char_type(b as u8 as char);
        b += 1;
    }
    types
};

pub(super) fn in_place_bonus(prev: CharType, cur: CharType) -> i32 {
    use CharType::*;
    match (prev, cur) {
        (Empty, _) | (HardSep, _) => BONUS_HEAD,
        (SoftSep, _) => BONUS_BREAK,
        (Lower, Upper) | (Number, Upper) => BONUS_CAMEL,
        _ => 0,
    }
}

/// A character of the matrix: a `char`, or a byte of ASCII text (which is that character).
pub(super) trait MatrixChar: Copy + PartialEq {
    fn same_ignoring_case(self, other: Self) -> bool;
    fn char_type(self) -> CharType;
}

impl MatrixChar for char {
    fn same_ignoring_case(self, other: char) -> bool {
        self.eq_ignore_ascii_case(&other)
    }
    fn char_type(self) -> CharType {
        char_type(self)
    }
}

impl MatrixChar for u8 {
    fn same_ignoring_case(self, other: u8) -> bool {
        self.eq_ignore_ascii_case(&other)
    }
    fn char_type(self) -> CharType {
        BYTE_TYPES[self as usize]
    }
}

/// The score of `c` matching pattern character `p` when `matched` (they are equal ignoring ASCII
/// case): a different case costs a penalty.
pub(super) fn match_score<C: PartialEq>(c: C, p: C, matched: bool) -> Option<i32> {
    matched.then(|| {
        let penalty = if c != p { PENALTY_CASE_MISMATCH } else { 0 };
        (SCORE_MATCH + penalty).max(0)
    })
}

/// `byte` in every byte of a word.
pub(super) const fn splat(byte: u8) -> u64 {
    byte as u64 * 0x0101_0101_0101_0101
}

/// The high bit of each byte of `x` that is zero, and no other bit (exact: no borrow between
/// bytes, unlike the shorter `(x - 0x01..) & !x & 0x80..`).
pub(super) const fn zero_bytes(x: u64) -> u64 {
    const LOW7: u64 = 0x7F7F_7F7F_7F7F_7F7F;
    !(((x & LOW7) + LOW7) | x | LOW7)
}

/// The bytes of `text` as little-endian words with their offsets; the last word is padded
/// (callers ignore offsets past the end).
pub(super) fn words(text: &[u8]) -> impl Iterator<Item = (usize, u64)> + '_ {
    text.chunks(8).enumerate().map(|(i, chunk)| {
        let word = match <[u8; 8]>::try_from(chunk) {
            Ok(full) => u64::from_le_bytes(full),
            Err(_) => {
                let mut padded = [0u8; 8];
                padded[..chunk.len()].copy_from_slice(chunk);
                u64::from_le_bytes(padded)
            }
        };
        (i * 8, word)
    })
}
