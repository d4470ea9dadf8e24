//! Filters in the query: `amount>10b`, `year:2025`, `date>=2025-06`, `status:talks,announced`,
//! `party:openai`, `has:amount`, `attr:term_years>5`, each negatable with `!`.
//!
//! This module parses one filter token into a [`Filter`] (or a located [`QueryError`]) and tests
//! a filter against an entity or a relation through the graph's view API. It does not rank, scan
//! the search index or decide how a matched value is shown (that is `display`).

use std::cmp::Ordering;
use std::ops::Range;

use crate::conventions::{
    ATTR_AMOUNT_USD, ATTR_DATE, ATTR_ENDED, ATTR_ENDED_HOW, ATTR_STATUS, PARTY_ROLES, REL_OPERATES,
    is_valid_date,
};
use crate::graph::{AttrValue, EntityIx, Graph, RelationIx};

/// The filter keys, as the help and error messages list them.
pub(crate) const FILTER_KEYS: &[&str] =
    &["amount", "year", "date", "status", "party", "has", "attr"];

/// How a filter compares a value.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Cmp {
    /// `<`
    Lt,
    /// `<=`
    Le,
    /// `:` or `=`
    Eq,
    /// `>=`
    Ge,
    /// `>`
    Gt,
}

impl Cmp {
    fn holds(self, o: Ordering) -> bool {
        match self {
            Cmp::Lt => o.is_lt(),
            Cmp::Le => o.is_le(),
            Cmp::Eq => o.is_eq(),
            Cmp::Ge => o.is_ge(),
            Cmp::Gt => o.is_gt(),
        }
    }
}

/// A value an `attr:` filter compares with: a number when it reads as one, else folded text.
#[derive(Clone, Debug, PartialEq)]
pub enum FilterValue {
    /// `5`, `10b`, `1e9`.
    Number(f64),
    /// Anything else, lower-cased.
    Text(String),
}

/// What one filter tests.
#[derive(Clone, Debug, PartialEq)]
pub enum FilterTest {
    /// `amount_usd` compared with a number of dollars.
    Amount(Cmp, f64),
    /// `date` compared with a date on their common prefix (`year:2025` is `date:2025`).
    Date(Cmp, String),
    /// `status` (or how the deal ended, `ended_how`; `ended` for any ending) is one of these.
    Status(Vec<String>),
    /// A deal with this party (as typed; resolved against a graph by [`Filter::resolve`]).
    Party(String),
    /// The attribute is present (`amount` stands for `amount_usd`).
    Has(String),
    /// Any attribute compared with a value.
    Attr(String, Cmp, FilterValue),
}

/// One filter of a query, with where it was typed.
#[derive(Clone, Debug, PartialEq)]
pub struct Filter {
    /// What it tests.
    pub test: FilterTest,
    /// `!status:talks`: keeps what does not pass.
    pub negated: bool,
    /// The token's byte range in the query text.
    pub span: Range<usize>,
}

// Numbers in filters come from `parse_amount`, which never yields NaN: equality is total.
impl Eq for Filter {}

impl Filter {
    /// True when `self` and `other` test the same thing (wherever they were typed).
    pub(crate) fn same_as(&self, other: &Filter) -> bool {
        self.test == other.test && self.negated == other.negated
    }
}

/// Why a query does not parse, with the byte range of the offending token.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{token}: {kind}")]
pub struct QueryError {
    /// The token as typed.
    pub token: String,
    /// Its byte range in the query text.
    pub span: Range<usize>,
    /// What is wrong.
    pub kind: QueryErrorKind,
}

/// What is wrong with a filter token.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum QueryErrorKind {
    /// The value of `amount` (or a numeric comparison) is not a number:
    /// `not a number — try amount>10b`.
    #[error("not a number — try {key}>10b")]
    NotANumber {
        /// The filter key.
        key: String,
    },
    /// A date value of the wrong shape: `not a date — try date>=2025-06`.
    #[error("not a date — try {key}>=2025-06 (YYYY, YYYY-MM or YYYY-MM-DD)")]
    NotADate {
        /// The filter key.
        key: String,
    },
    /// A year that is not four digits: `not a year — try year:2025`.
    #[error("not a year — try year:2025")]
    NotAYear,
    /// A key no filter has: `unknown filter 'x' — filters are amount, year, ...`.
    #[error("unknown filter '{key}' — filters are {}", FILTER_KEYS.join(", "))]
    UnknownKey {
        /// The key as typed.
        key: String,
    },
    /// A comparison the key does not take: `status takes ':' — try status:signed`.
    #[error("{key} takes ':' — try {example}")]
    NeedsColon {
        /// The filter key.
        key: String,
        /// A correct use.
        example: &'static str,
    },
    /// `party:x` where no entity is `x`.
    #[error("no entity '{text}' to be a party")]
    UnknownParty {
        /// The party as typed.
        text: String,
    },
}

/// What parsing one token gave.
pub(crate) enum Parsed {
    /// Not a filter: a term or a kind.
    NotAFilter,
    /// A filter whose value is still being typed (`amount>`): nothing to apply yet.
    Incomplete,
    /// A filter.
    Filter(Filter),
}

/// Parses `token` (at byte `start` of the query) as a filter; `kind:` is left to the caller.
pub(crate) fn parse_filter(token: &str, start: usize) -> Result<Parsed, QueryError> {
    let span = start..start + token.len();
    let (negated, body) = match token.strip_prefix('!') {
        Some(rest) => (true, rest),
        None => (false, token),
    };
    let key_len = body
        .bytes()
        .take_while(|b| b.is_ascii_alphabetic() || *b == b'_')
        .count();
    let (key, rest) = body.split_at(key_len);
    let Some((cmp, value)) = split_cmp(rest) else {
        return Ok(Parsed::NotAFilter);
    };
    if key.is_empty() || key.eq_ignore_ascii_case("kind") {
        return Ok(Parsed::NotAFilter);
    }
    if value.is_empty() {
        return Ok(Parsed::Incomplete);
    }
    let key = key.to_ascii_lowercase();
    let fail = |kind| QueryError {
        token: token.to_string(),
        span: span.clone(),
        kind,
    };
    let colon_only = |example| {
        if cmp == Cmp::Eq {
            Ok(())
        } else {
            Err(fail(QueryErrorKind::NeedsColon {
                key: key.clone(),
                example,
            }))
        }
    };
    let test = match key.as_str() {
        "amount" => FilterTest::Amount(
            cmp,
            parse_amount(value)
                .ok_or_else(|| fail(QueryErrorKind::NotANumber { key: key.clone() }))?,
        ),
        "date" => {
            if !is_valid_date(value) {
                return Err(fail(QueryErrorKind::NotADate { key }));
            }
            FilterTest::Date(cmp, value.to_string())
        }
        "year" => {
            let is_year = |y: &str| y.len() == 4 && y.bytes().all(|b| b.is_ascii_digit());
            if !is_year(value) {
                return Err(fail(QueryErrorKind::NotAYear));
            }
            FilterTest::Date(cmp, value.to_string())
        }
        "status" => {
            colon_only("status:signed")?;
            FilterTest::Status(
                value
                    .split(',')
                    .filter(|s| !s.is_empty())
                    .map(str::to_ascii_lowercase)
                    .collect(),
            )
        }
        "party" => {
            colon_only("party:openai")?;
            FilterTest::Party(value.to_string())
        }
        "has" => {
            colon_only("has:amount")?;
            FilterTest::Has(attr_key(value))
        }
        "attr" => {
            colon_only("attr:term_years>5")?;
            let name_len = value.find(['<', '>', '=', ':']).unwrap_or(value.len());
            let (name, rest) = value.split_at(name_len);
            match split_cmp(rest) {
                None => FilterTest::Has(name.to_string()),
                Some((_, "")) => return Ok(Parsed::Incomplete),
                Some((cmp, v)) => {
                    let v = match parse_amount(v) {
                        Some(n) => FilterValue::Number(n),
                        None => FilterValue::Text(v.to_lowercase()),
                    };
                    FilterTest::Attr(name.to_string(), cmp, v)
                }
            }
        }
        _ => return Err(fail(QueryErrorKind::UnknownKey { key })),
    };
    Ok(Parsed::Filter(Filter {
        test,
        negated,
        span,
    }))
}

/// The comparison at the start of `rest` and what follows it.
fn split_cmp(rest: &str) -> Option<(Cmp, &str)> {
    for (op, cmp) in [
        (">=", Cmp::Ge),
        ("<=", Cmp::Le),
        (">", Cmp::Gt),
        ("<", Cmp::Lt),
        ("=", Cmp::Eq),
        (":", Cmp::Eq),
    ] {
        if let Some(v) = rest.strip_prefix(op) {
            return Some((cmp, v));
        }
    }
    None
}

/// `10b`, `500m`, `1.5t`, `$2k`, `1e9`, `38000000000`: a finite number of dollars.
pub(crate) fn parse_amount(text: &str) -> Option<f64> {
    let text = text.strip_prefix('$').unwrap_or(text);
    let (digits, scale) = match text.as_bytes().last()?.to_ascii_lowercase() {
        b'k' => (&text[..text.len() - 1], 1e3),
        b'm' => (&text[..text.len() - 1], 1e6),
        b'b' => (&text[..text.len() - 1], 1e9),
        b't' => (&text[..text.len() - 1], 1e12),
        _ => (text, 1.0),
    };
    // Only digits, one point and an exponent: Rust's parser also takes `inf` and `nan`.
    if !digits
        .bytes()
        .all(|b| b.is_ascii_digit() || matches!(b, b'.' | b'e' | b'E' | b'-' | b'+'))
    {
        return None;
    }
    let n: f64 = digits.parse().ok()?;
    let n = n * scale;
    n.is_finite().then_some(n)
}

/// The attribute a short name stands for (`amount` is `amount_usd`).
fn attr_key(name: &str) -> String {
    match name {
        "amount" => ATTR_AMOUNT_USD.to_string(),
        other => other.to_string(),
    }
}

/// What a filter is tested on: an entity (a deal, a company) or a relation carrying a deal.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Subject {
    /// An entity.
    Entity(EntityIx),
    /// A relation (a transaction written as a relation with `amount_usd`).
    Relation(RelationIx),
}

impl Subject {
    fn attr<'g>(self, g: &'g Graph, key: &str) -> Option<AttrValue<'g>> {
        match self {
            Subject::Entity(e) => g.entity(e).attr(key),
            Subject::Relation(r) => g.relation(r).attr(key),
        }
    }
}

/// The value a filter matched on a subject: the attribute and its value (`amount_usd` $250B).
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct MatchedValue<'g> {
    /// The attribute key.
    pub key: &'g str,
    /// Its value.
    pub value: AttrValue<'g>,
}

/// A query's filters made ready for one graph: parties resolved to the entities that count as
/// them (the party and every unit it `operates`, transitively).
#[derive(Clone, Debug, Default)]
pub struct ResolvedFilters {
    filters: Vec<(Filter, Vec<EntityIx>)>,
}

/// How far `operates` chains are followed down from a party.
const MAX_UNIT_DEPTH: usize = 8;

impl ResolvedFilters {
    /// Resolves every `party:` filter with `find` (an id, name or alias to an entity).
    pub(crate) fn new(
        graph: &Graph,
        filters: &[Filter],
        find: impl Fn(&str) -> Option<EntityIx>,
    ) -> Result<ResolvedFilters, QueryError> {
        let mut out = Vec::with_capacity(filters.len());
        for f in filters {
            let parties = match &f.test {
                FilterTest::Party(text) => {
                    let Some(p) = find(text) else {
                        return Err(QueryError {
                            token: text.clone(),
                            span: f.span.clone(),
                            kind: QueryErrorKind::UnknownParty { text: text.clone() },
                        });
                    };
                    party_with_units(graph, p)
                }
                _ => Vec::new(),
            };
            out.push((f.clone(), parties));
        }
        Ok(ResolvedFilters { filters: out })
    }

    /// True when there are no filters.
    pub(crate) fn is_empty(&self) -> bool {
        self.filters.is_empty()
    }

    /// True when `subject` passes every filter.
    pub(crate) fn matches(&self, graph: &Graph, subject: Subject) -> bool {
        self.filters
            .iter()
            .all(|(f, parties)| passes(graph, subject, &f.test, parties) != f.negated)
    }

    /// The value the first positive filter that reads an attribute matched on `subject`, for
    /// showing next to the name (`amount>10b` shows the amount, `year:2025` the date).
    pub(crate) fn matched_value<'g>(
        &self,
        graph: &'g Graph,
        subject: Subject,
    ) -> Option<MatchedValue<'g>> {
        self.filters
            .iter()
            .filter(|(f, _)| !f.negated)
            .find_map(|(f, _)| {
                let key = match &f.test {
                    FilterTest::Amount(..) => ATTR_AMOUNT_USD,
                    FilterTest::Date(..) => ATTR_DATE,
                    FilterTest::Status(_) => ATTR_STATUS,
                    FilterTest::Has(k) | FilterTest::Attr(k, ..) => k.as_str(),
                    FilterTest::Party(_) => return None,
                };
                let (key, value) = match subject {
                    Subject::Entity(e) => graph.entity(e).attrs().find(|(k, _)| *k == key),
                    Subject::Relation(r) => graph.relation(r).attrs().find(|(k, _)| *k == key),
                }?;
                Some(MatchedValue { key, value })
            })
    }

    /// The amount to rank pure-filter results by (largest first).
    pub(crate) fn amount(graph: &Graph, e: EntityIx) -> Option<f64> {
        graph
            .entity(e)
            .attr(ATTR_AMOUNT_USD)
            .and_then(|v| v.as_f64())
    }
}

/// The party and the units it operates, down `operates` chains.
fn party_with_units(graph: &Graph, p: EntityIx) -> Vec<EntityIx> {
    let mut set = vec![p];
    let mut frontier = vec![p];
    for _ in 0..MAX_UNIT_DEPTH {
        let mut next = Vec::new();
        for &e in &frontier {
            for r in graph.outgoing(e) {
                if r.rtype() == REL_OPERATES && !set.contains(&r.target_ix()) {
                    set.push(r.target_ix());
                    next.push(r.target_ix());
                }
            }
        }
        if next.is_empty() {
            break;
        }
        frontier = next;
    }
    set
}

fn passes(graph: &Graph, subject: Subject, test: &FilterTest, parties: &[EntityIx]) -> bool {
    match test {
        FilterTest::Amount(cmp, n) => subject
            .attr(graph, ATTR_AMOUNT_USD)
            .and_then(|v| v.as_f64())
            .is_some_and(|a| a.partial_cmp(n).is_some_and(|o| cmp.holds(o))),
        FilterTest::Date(cmp, d) => subject
            .attr(graph, ATTR_DATE)
            .and_then(|v| v.as_str().map(|s| prefix_cmp(s, d)))
            .is_some_and(|o| cmp.holds(o)),
        FilterTest::Status(wanted) => {
            let text = |key| {
                subject
                    .attr(graph, key)
                    .and_then(|v| v.as_str().map(str::to_ascii_lowercase))
            };
            let ended = subject.attr(graph, ATTR_ENDED).is_some() || text(ATTR_ENDED_HOW).is_some();
            let (status, how) = (text(ATTR_STATUS), text(ATTR_ENDED_HOW));
            wanted.iter().any(|w| {
                status.as_deref() == Some(w) || how.as_deref() == Some(w) || (w == "ended" && ended)
            })
        }
        FilterTest::Party(_) => match subject {
            Subject::Entity(e) => graph
                .incoming(e)
                .any(|r| PARTY_ROLES.contains(&r.rtype()) && parties.contains(&r.source_ix())),
            Subject::Relation(r) => {
                let (from, to) = graph.relation_ends(r);
                parties.contains(&from) || parties.contains(&to)
            }
        },
        FilterTest::Has(key) => subject.attr(graph, key).is_some(),
        FilterTest::Attr(key, cmp, value) => {
            let Some(have) = subject.attr(graph, key) else {
                return false;
            };
            match (value, have.as_f64()) {
                (FilterValue::Number(n), Some(h)) => h.partial_cmp(n).is_some_and(|o| cmp.holds(o)),
                (FilterValue::Number(_), None) => false,
                (FilterValue::Text(t), _) => {
                    let h = have
                        .as_str()
                        .map_or_else(|| format_plain(&have), str::to_lowercase);
                    if *cmp == Cmp::Eq {
                        h == *t
                    } else {
                        cmp.holds(prefix_cmp(&h, t))
                    }
                }
            }
        }
    }
}

/// A non-text value as text for a text comparison (`true`, `5`).
fn format_plain(v: &AttrValue<'_>) -> String {
    match v {
        AttrValue::Bool(b) => b.to_string(),
        AttrValue::Int(i) => i.to_string(),
        AttrValue::Float(f) => f.to_string(),
        _ => String::new(),
    }
}

/// Compares on the common prefix: `2025-10-28` equals `2025-10` and `2025`.
fn prefix_cmp(a: &str, b: &str) -> Ordering {
    let n = a.len().min(b.len());
    a.as_bytes()[..n].cmp(&b.as_bytes()[..n])
}
