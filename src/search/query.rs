//! The query language, as in fzf: space-separated terms that must all match.
//!
//! | term      | matches keys that                      |
//! |-----------|----------------------------------------|
//! | `trn`     | contain t, r, n in order (fuzzy)       |
//! | `'exact`  | contain `exact`                        |
//! | `^pre`    | start with `pre`                       |
//! | `suf$`    | end with `suf`                         |
//! | `^word$`  | are exactly `word`                     |
//! | `!term`   | do not match `term` (exact, as in fzf) |
//! | `@chip`, `kind:chip` | restrict results to a kind  |
//!
//! and filters on attributes (`amount>10b`, `year:2025`, `status:talks,announced`, ...; see
//! [`super::filter`]). A filter that does not parse is a located [`QueryError`] from
//! [`Query::try_parse`]; [`Query::parse`] drops it instead.

use super::filter::{Filter, Parsed, QueryError, parse_filter};
use super::fold::fold;

/// How a term compares with a key.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TermMode {
    /// Characters in order, with gaps (fzf's default).
    Fuzzy,
    /// `'text`: a contiguous substring.
    Substring,
    /// `^text`: the text starts with it.
    Prefix,
    /// `text$`: the text ends with it.
    Suffix,
    /// `^text$`: the whole text.
    Equal,
}

/// One term of a query, folded.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Term {
    /// The text to match, folded.
    pub text: String,
    /// How it must match.
    pub mode: TermMode,
    /// True for `!term`: entities that match are left out.
    pub negated: bool,
}

/// A parsed query.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Query {
    /// The terms; every one must hold.
    pub terms: Vec<Term>,
    /// Kinds named with `@kind` or `kind:kind` (folded); an entity must have one of them.
    pub kinds: Vec<String>,
    /// Filters on attributes (`amount>10b`); an entity must pass all of them.
    pub filters: Vec<Filter>,
}

/// The whitespace-separated tokens of `input` with their byte offsets.
fn tokens(input: &str) -> impl Iterator<Item = (usize, &str)> + '_ {
    let mut rest = 0;
    std::iter::from_fn(move || {
        let tail = &input[rest..];
        let start = rest + (tail.len() - tail.trim_start().len());
        let token = input[start..].split(char::is_whitespace).next()?;
        if token.is_empty() {
            return None;
        }
        rest = start + token.len();
        Some((start, token))
    })
}

impl Query {
    /// Parses a query; never fails: a lone `'`, `^` or `!` is ignored, and so is a filter that
    /// does not parse (the explorer shows [`Query::try_parse`]'s error beside the results).
    pub fn parse(input: &str) -> Query {
        Query::parse_with(input, false).unwrap_or_default()
    }

    /// Parses a query, or says which token is not a valid filter (`amount>ten`) and where. A
    /// filter still being typed (`amount>`, `status:`) is no error; it filters nothing yet.
    pub fn try_parse(input: &str) -> Result<Query, QueryError> {
        Query::parse_with(input, true)
    }

    fn parse_with(input: &str, strict: bool) -> Result<Query, QueryError> {
        let mut q = Query::default();
        for (start, token) in tokens(input) {
            match parse_filter(token, start) {
                Ok(Parsed::Filter(f)) => {
                    q.filters.push(f);
                    continue;
                }
                Ok(Parsed::Incomplete) => continue,
                Ok(Parsed::NotAFilter) => {}
                Err(e) if strict => return Err(e),
                Err(_) => continue,
            }
            if let Some(kind) = token
                .strip_prefix('@')
                .or_else(|| token.strip_prefix("kind:"))
            {
                if !kind.is_empty() {
                    q.kinds.push(fold(kind));
                }
                continue;
            }
            if let Some(term) = parse_term(token) {
                q.terms.push(term);
            }
        }
        Ok(q)
    }

    /// True when the query selects everything (no terms, no kinds, no filters).
    pub fn is_empty(&self) -> bool {
        self.terms.is_empty() && self.kinds.is_empty() && self.filters.is_empty()
    }

    /// True when every result of `self` is also a result of `previous`, so a search for `self`
    /// may scan only `previous`'s results (typing more letters narrows).
    pub fn narrows(&self, previous: &Query) -> bool {
        if !previous.kinds.is_empty() && previous.kinds != self.kinds {
            return false;
        }
        // More filters narrow; a changed or dropped one may let back what it removed.
        if !previous
            .filters
            .iter()
            .all(|p| self.filters.iter().any(|f| f.same_as(p)))
        {
            return false;
        }
        previous.terms.iter().all(|p| {
            self.terms.iter().any(|t| {
                t.negated == p.negated
                    && if p.negated {
                        // `!ab` excludes fewer than `!a`; only an identical negation narrows.
                        t == p
                    } else {
                        term_implies(t, p)
                    }
            })
        })
    }
}

/// True when every key matched by `t` is also matched by `p` (both positive).
fn term_implies(t: &Term, p: &Term) -> bool {
    use TermMode::*;
    match (p.mode, t.mode) {
        (Fuzzy, _) => is_subsequence(&p.text, &t.text),
        (Substring, Substring | Prefix | Suffix | Equal) => t.text.contains(&p.text),
        (Prefix, Prefix | Equal) => t.text.starts_with(&p.text),
        (Suffix, Suffix | Equal) => t.text.ends_with(&p.text),
        (Equal, Equal) => t.text == p.text,
        _ => false,
    }
}

fn is_subsequence(needle: &str, hay: &str) -> bool {
    let mut hay = hay.chars();
    needle.chars().all(|c| hay.any(|h| h == c))
}

fn parse_term(token: &str) -> Option<Term> {
    let (negated, rest) = match token.strip_prefix('!') {
        Some(r) => (true, r),
        None => (false, token),
    };
    let (mode, text) = if let Some(r) = rest.strip_prefix('\'') {
        (TermMode::Substring, r)
    } else if let Some(r) = rest.strip_prefix('^') {
        match r.strip_suffix('$') {
            Some(r) => (TermMode::Equal, r),
            None => (TermMode::Prefix, r),
        }
    } else if let Some(r) = rest.strip_suffix('$').filter(|r| !r.is_empty()) {
        (TermMode::Suffix, r)
    } else if negated {
        (TermMode::Substring, rest)
    } else {
        (TermMode::Fuzzy, rest)
    };
    if text.is_empty() {
        return None;
    }
    Some(Term {
        text: fold(text),
        mode,
        negated,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn term(text: &str, mode: TermMode, negated: bool) -> Term {
        Term {
            text: text.into(),
            mode,
            negated,
        }
    }

    #[test]
    fn parses_fzf_operators() {
        let q = Query::parse("trn 'exact ^Pre suf$ !neg ^eq$ @Chip kind:deal");
        assert_eq!(
            q.terms,
            vec![
                term("trn", TermMode::Fuzzy, false),
                term("exact", TermMode::Substring, false),
                term("pre", TermMode::Prefix, false),
                term("suf", TermMode::Suffix, false),
                term("neg", TermMode::Substring, true),
                term("eq", TermMode::Equal, false),
            ]
        );
        assert_eq!(q.kinds, vec!["chip", "deal"]);
    }

    #[test]
    fn lone_operators_are_ignored() {
        assert_eq!(Query::parse("' ^ ! @"), Query::default());
        assert!(Query::parse("   ").is_empty());
        // A lone `$` is no operator (as in fzf, a suffix needs text before it): it is the one
        // term, searched as written, as deal names hold it ("$38B").
        assert_eq!(
            Query::parse("' ^ ! @ $").terms,
            [term("$", TermMode::Fuzzy, false)]
        );
    }

    use crate::search::filter::{Cmp, FilterTest, QueryErrorKind};

    fn tests_of(q: &str) -> Vec<(FilterTest, bool)> {
        Query::try_parse(q)
            .unwrap()
            .filters
            .into_iter()
            .map(|f| (f.test, f.negated))
            .collect()
    }

    #[test]
    fn parses_filters_beside_terms_and_kinds() {
        let q =
            Query::try_parse("@deal open amount>10b year:2025 !status:talks,announced").unwrap();
        assert_eq!(q.kinds, ["deal"]);
        assert_eq!(q.terms, [term("open", TermMode::Fuzzy, false)]);
        assert_eq!(
            tests_of("amount>10b amount>=500m amount<1e9 date>=2025-06 date<2026"),
            [
                (FilterTest::Amount(Cmp::Gt, 10e9), false),
                (FilterTest::Amount(Cmp::Ge, 500e6), false),
                (FilterTest::Amount(Cmp::Lt, 1e9), false),
                (FilterTest::Date(Cmp::Ge, "2025-06".into()), false),
                (FilterTest::Date(Cmp::Lt, "2026".into()), false),
            ]
        );
        assert_eq!(
            tests_of("!status:talks,announced party:openai has:amount"),
            [
                (
                    FilterTest::Status(vec!["talks".into(), "announced".into()]),
                    true
                ),
                (FilterTest::Party("openai".into()), false),
                (FilterTest::Has("amount_usd".into()), false),
            ]
        );
        assert_eq!(
            tests_of("attr:term_years>5 attr:region:us"),
            [
                (
                    FilterTest::Attr(
                        "term_years".into(),
                        Cmp::Gt,
                        crate::search::filter::FilterValue::Number(5.0)
                    ),
                    false
                ),
                (
                    FilterTest::Attr(
                        "region".into(),
                        Cmp::Eq,
                        crate::search::filter::FilterValue::Text("us".into())
                    ),
                    false
                ),
            ]
        );
    }

    #[test]
    fn a_bad_filter_is_a_located_error_and_partial_input_is_not() {
        let e = Query::try_parse("@deal amount>ten").unwrap_err();
        assert_eq!(e.span, 6..16);
        assert_eq!(e.to_string(), "amount>ten: not a number — try amount>10b");
        let kind = |q: &str| Query::try_parse(q).unwrap_err().kind;
        assert!(matches!(
            kind("colour:red"),
            QueryErrorKind::UnknownKey { .. }
        ));
        assert_eq!(kind("year:25"), QueryErrorKind::NotAYear);
        assert!(matches!(
            kind("date<2025-13"),
            QueryErrorKind::NotADate { .. }
        ));
        assert!(matches!(
            kind("status>talks"),
            QueryErrorKind::NeedsColon { .. }
        ));
        for partial in [
            "amount>1",
            "amount>",
            "status:",
            "attr:term_years>",
            "x amount>=",
        ] {
            assert!(Query::try_parse(partial).is_ok(), "{partial}");
        }
        assert_eq!(
            Query::parse("amount>ten trn").terms.len(),
            1,
            "parse drops it"
        );
    }

    #[test]
    fn adding_a_filter_narrows_and_dropping_one_does_not() {
        let q = |s| Query::parse(s);
        assert!(q("tr amount>1b").narrows(&q("t amount>1b")));
        assert!(q("tr amount>1b").narrows(&q("tr")));
        assert!(!q("tr").narrows(&q("tr amount>1b")));
        assert!(!q("tr amount>2b").narrows(&q("tr amount>1b")));
    }

    proptest::proptest! {
        #[test]
        fn any_text_parses_or_gives_a_located_error(s in "\\PC{0,40}") {
            match Query::try_parse(&s) {
                Ok(_) => {}
                Err(e) => {
                    proptest::prop_assert!(e.span.end <= s.len());
                    proptest::prop_assert_eq!(&s[e.span.clone()], e.token.as_str());
                }
            }
            let _ = Query::parse(&s);
        }

        #[test]
        fn filter_like_text_never_panics(
            key in "(amount|year|date|status|party|has|attr|x)",
            op in "(:|>|<|>=|<=|=)",
            value in "[0-9a-z.,:<>=$_-]{0,12}",
        ) {
            let text = format!("!{key}{op}{value}");
            if let Err(e) = Query::try_parse(&text) {
                proptest::prop_assert_eq!(e.span, 0..text.len());
            }
        }
    }

    #[test]
    fn longer_queries_narrow() {
        let q = |s| Query::parse(s);
        assert!(q("tra").narrows(&q("tr")));
        assert!(q("tr x").narrows(&q("tr")));
        assert!(!q("t").narrows(&q("tr")));
        assert!(q("'train").narrows(&q("'tra")));
        assert!(!q("!ab").narrows(&q("!a")));
        assert!(q("x @chip").narrows(&q("x @chip")));
        assert!(!q("x").narrows(&q("x @chip")));
    }
}
