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

use super::fold::fold;

/// How a term compares with a key.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TermMode {
    Fuzzy,
    Substring,
    Prefix,
    Suffix,
    Equal,
}

/// One term of a query, folded.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Term {
    pub text: String,
    pub mode: TermMode,
    pub negated: bool,
}

/// A parsed query.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Query {
    pub terms: Vec<Term>,
    /// Kinds named with `@kind` or `kind:kind` (folded); an entity must have one of them.
    pub kinds: Vec<String>,
}

impl Query {
    /// Parses a query; never fails (a lone `'`, `^` or `!` is ignored).
    pub fn parse(input: &str) -> Query {
        let mut q = Query::default();
        for token in input.split_whitespace() {
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
        q
    }

    /// True when the query selects everything (no terms, no kinds).
    pub fn is_empty(&self) -> bool {
        self.terms.is_empty() && self.kinds.is_empty()
    }

    /// True when every result of `self` is also a result of `previous`, so a search for `self`
    /// may scan only `previous`'s results (typing more letters narrows).
    pub fn narrows(&self, previous: &Query) -> bool {
        if !previous.kinds.is_empty() && previous.kinds != self.kinds {
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
        assert!(Query::parse("' ^ ! @ $").terms.len() <= 1);
        assert!(Query::parse("   ").is_empty());
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
