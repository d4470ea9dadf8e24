//! Folding text for matching: lower case and diacritics removed, one output char per input char.
//!
//! fuzzy-matcher folds ASCII case only, so `cafe` would not find `Café`. Keys and queries are
//! folded the same way before matching. Folding maps each character to exactly one character, so
//! a match position in the folded key is the same character position in the original text and
//! highlights land on the right characters.

use unicode_normalization::char::decompose_canonical;

/// Folds one character: its canonical base letter, lower-cased (`É` → `e`, `ß` stays `ß`).
pub(crate) fn fold_char(c: char) -> char {
    if c.is_ascii() {
        return c.to_ascii_lowercase();
    }
    let mut base = None;
    decompose_canonical(c, |d| {
        if base.is_none() {
            base = Some(d);
        }
    });
    let base = base.unwrap_or(c);
    base.to_lowercase().next().unwrap_or(base)
}

/// Folds a string character by character (see [`fold_char`]).
pub(crate) fn fold(s: &str) -> String {
    s.chars().map(fold_char).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_case_and_accents_one_to_one() {
        assert_eq!(fold("Café"), "cafe");
        assert_eq!(fold("ÉCOLE"), "ecole");
        assert_eq!(fold("école"), "ecole");
        assert_eq!(fold("Straße"), "straße");
        assert_eq!(fold("東京 AI"), "東京 ai");
        for s in ["Café", "İstanbul", "Ωmega", "naïve résumé"] {
            assert_eq!(fold(s).chars().count(), s.chars().count(), "{s}");
        }
    }
}
