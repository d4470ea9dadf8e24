//! Fuzzy search over entity names, aliases and ids: query parsing, folding, matching, ranking.
//!
//! Scoring and highlights come from fuzzy-matcher's SkimMatcherV2. In front of it sit the cheap
//! parts that make search fast on large graphs: keys folded once when the index is built, an
//! ordered-subsequence prefilter, and narrowing (a query that extends the previous one scans only
//! the previous hits). No ratatui here: the explorer and the CLI both call [`Searcher::search`].

mod entity;
mod filter;
mod fold;
mod index;
mod kinds;
mod lazy;
#[cfg(test)]
mod naive;
mod query;
mod rank;
mod ranked;
mod scan;
mod skim_ceiling;
mod skim_port;
mod skim_rules;
mod skim_sparse;
mod unindexed;

use std::sync::Arc;
use std::sync::atomic::AtomicBool;

use fuzzy_matcher::FuzzyMatcher;
use fuzzy_matcher::skim::SkimMatcherV2;

pub(crate) use entity::find_entity;
pub use filter::ResolvedFilters;
pub(crate) use filter::Subject;
pub use filter::{Cmp, FilterValue};
pub use filter::{Filter, QueryError};
pub use filter::{FilterTest, QueryErrorKind};
pub(crate) use fold::fold;
pub use index::SearchIndex;
use index::Slot;
pub(crate) use kinds::{kinds_by_count, resolve_kind};
pub use query::Query;
pub use query::Term;
pub use query::TermMode;
pub use ranked::Ranked;
pub(crate) use unindexed::{answers_without_index, empty_query_hits};

use crate::graph::{EntityIx, Graph};

/// The kinds that get their own tab, colour and symbol; everything else is "other".
pub(crate) use crate::conventions::CORE_KINDS;

/// Which kinds of entity a search returns (the explorer's tabs).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum KindFilter {
    #[default]
    /// Every kind.
    All,
    /// Exactly this kind.
    Kind(String),
    /// Any kind that is not one of [`CORE_KINDS`].
    Other,
    /// Any kind but these (the `other` tab of a graph whose own kinds have tabs).
    NotIn(Vec<String>),
}

impl KindFilter {
    /// True when an entity of `kind` passes the filter.
    pub fn allows(&self, kind: &str) -> bool {
        match self {
            KindFilter::All => true,
            KindFilter::Kind(k) => k == kind,
            KindFilter::Other => !CORE_KINDS.contains(&kind),
            KindFilter::NotIn(kinds) => !kinds.iter().any(|k| k == kind),
        }
    }

    /// The label of the filter as a tab shows it.
    pub fn label(&self) -> &str {
        match self {
            KindFilter::All => "all",
            KindFilter::Kind(k) => k,
            KindFilter::Other | KindFilter::NotIn(_) => "other",
        }
    }

    /// The filter from a tab label (`all`, `other`, or a kind).
    pub(crate) fn from_label(label: &str) -> KindFilter {
        match label {
            "all" | "" => KindFilter::All,
            "other" => KindFilter::Other,
            k => KindFilter::Kind(k.to_string()),
        }
    }
}

/// Which key of an entity a hit matched on.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum MatchedKey {
    /// The entity's name.
    Name,
    /// The n-th alias.
    Alias(u32),
    /// The entity's id.
    Id,
}

/// One search result.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Hit {
    /// The entity found.
    pub entity: EntityIx,
    /// Its score: higher is better.
    pub score: i64,
    /// Which of its texts matched.
    pub key: MatchedKey,
    /// 0: a key equals the query; 1: a key starts with it; 2: anything else.
    pub tier: u8,
}

/// Character positions to highlight in a result row.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Highlights {
    /// Positions in the entity's name.
    pub name: Vec<usize>,
    /// Positions in the matched alias or id, when the hit came from one.
    pub key: Vec<usize>,
}

fn key_ref(k: u32, alias_count: u32) -> MatchedKey {
    match k {
        0 => MatchedKey::Name,
        k if k <= alias_count => MatchedKey::Alias(k - 1),
        _ => MatchedKey::Id,
    }
}

/// Runs queries against one graph and its [`SearchIndex`]. It owns no graph (so an app can keep
/// it next to the graph it searches, or move it to a worker thread: it is `Send`), only the
/// matcher for highlights and the last query with the entities it matched, so that typing one
/// more letter rescans only those.
pub struct Searcher {
    matcher: SkimMatcherV2,
    last: Option<Narrowing>,
    /// How many hits a lazy search orders at once ([`lazy::FIRST_SCREENS`]; tests lower it).
    first_screens: usize,
}

/// A search's answer before it becomes a [`Ranked`] (which needs the index shared) or a `Vec`.
enum Answer {
    /// Every hit, ranked.
    Ranked(Vec<Hit>),
    /// The first hits of `len`, ranked; `rest` ranks them all.
    Lazy {
        first: Vec<Hit>,
        len: usize,
        rest: lazy::Rest,
    },
}

/// The last completed search: a query that narrows it scans only `matched`.
struct Narrowing {
    query: Query,
    filter: KindFilter,
    /// The slots of the entities that matched, in increasing order (a scan in memory order).
    matched: Arc<Vec<Slot>>,
    /// For a query of one positive fuzzy term, the keys of each of them that matched it.
    keys: Option<Arc<Vec<scan::KeySet>>>,
}

impl Default for Searcher {
    fn default() -> Self {
        Searcher::new()
    }
}

impl Searcher {
    /// A searcher with no cached results.
    pub fn new() -> Self {
        Searcher {
            matcher: SkimMatcherV2::default().ignore_case(),
            last: None,
            first_screens: lazy::FIRST_SCREENS,
        }
    }

    /// A searcher whose lazy searches order `n` hits at once (tests: small graphs reach it).
    #[cfg(test)]
    pub(crate) fn ordering_first(n: usize) -> Searcher {
        Searcher {
            first_screens: n,
            ..Searcher::new()
        }
    }

    /// All entities of `graph` matching `query` and `filter`, best first.
    pub fn search(
        &mut self,
        graph: &Graph,
        index: &SearchIndex,
        query: &Query,
        filter: &KindFilter,
    ) -> Vec<Hit> {
        let never = AtomicBool::new(false);
        match self.answer(graph, index, query, filter, &never, false) {
            Some(Ok(Answer::Ranked(hits))) => hits,
            _ => Vec::new(),
        }
    }

    /// [`Searcher::search`] as the explorer reads it: the number of hits at once, and the first
    /// screens in order; for a typed word (one fuzzy term of letters and digits) the order past
    /// them is worked out when a hit there is first read.
    pub fn search_ranked(
        &mut self,
        graph: &Graph,
        index: &Arc<SearchIndex>,
        query: &Query,
        filter: &KindFilter,
    ) -> Ranked {
        let never = AtomicBool::new(false);
        self.search_cancellable(graph, index, query, filter, &never)
            .and_then(Result::ok)
            .unwrap_or_default()
    }

    /// [`Searcher::search_ranked`] that gives up, returning `None`, soon after `cancel` is
    /// raised (a search worker raises it when a newer query arrives), and says why a query
    /// cannot match (a `party:` no entity answers to), so that a worker's caller can show it. A
    /// cancelled search leaves the narrowing cache as it was.
    pub(crate) fn search_cancellable(
        &mut self,
        graph: &Graph,
        index: &Arc<SearchIndex>,
        query: &Query,
        filter: &KindFilter,
        cancel: &AtomicBool,
    ) -> Option<Result<Ranked, QueryError>> {
        let answer = self.answer(graph, index, query, filter, cancel, true)?;
        Some(answer.map(|answer| match answer {
            Answer::Ranked(hits) => Ranked::from(hits),
            Answer::Lazy { first, len, rest } => Ranked::lazy(first, len, rest, Arc::clone(index)),
        }))
    }

    /// The search behind the public ones; `lazy`: a typed word may leave hits past the first
    /// screens unscored (when every hit is wanted, scoring them in the scan is cheaper).
    fn answer(
        &mut self,
        graph: &Graph,
        index: &SearchIndex,
        query: &Query,
        filter: &KindFilter,
        cancel: &AtomicBool,
        lazy: bool,
    ) -> Option<Result<Answer, QueryError>> {
        let plan = scan::Plan::new(index, query, filter);
        let filters = match resolve_filters(graph, index, query) {
            Ok(filters) => filters,
            Err(e) => {
                self.last = None;
                return Some(Err(e));
            }
        };
        if query.terms.is_empty() {
            self.last = None;
            let hits = filtered_by_degree(graph, index, &plan, &filters);
            return Some(Ok(Answer::Ranked(hits)));
        }
        let all: Vec<Slot>;
        let one_fuzzy_term = one_fuzzy_term(query);
        let (candidates, keys) = match &self.last {
            Some(last) if last.filter == *filter && query.narrows(&last.query) => (
                last.matched.as_slice(),
                last.keys
                    .as_deref()
                    .map(Vec::as_slice)
                    .filter(|_| one_fuzzy_term),
            ),
            _ => {
                all = (0..graph.entity_count() as Slot).collect();
                (all.as_slice(), None)
            }
        };
        let scan = scan::Scan { index, plan: &plan };
        // A typed word on an unfiltered graph: count, and order the first screens only.
        let ceiling = match query.terms.as_slice() {
            [term] if lazy && one_fuzzy_term && filters.is_empty() && graph.mask().is_none() => {
                skim_ceiling::score_ceiling(&term.text, plan.shapes[0]).map(|c| (term, c))
            }
            _ => None,
        };
        if let Some((term, ceiling)) = ceiling {
            let counted = scan.find(candidates, keys, cancel, |_, slot, before| {
                scan.matched_keys(slot, term, before)
            })?;
            let matched = Arc::new(concat(counted.iter().map(|c| c.slots.as_slice())));
            let keys = Arc::new(concat(counted.iter().map(|c| c.keys.as_slice())));
            let len = matched.len();
            // Fewer hits than the first screens: all of them are wanted at once.
            let first = (len > self.first_screens)
                .then(|| lazy::first_screens(&scan, &counted, ceiling, self.first_screens))
                .flatten();
            self.last = Some(Narrowing {
                query: query.clone(),
                filter: filter.clone(),
                matched: Arc::clone(&matched),
                keys: Some(Arc::clone(&keys)),
            });
            let rest = lazy::Rest {
                query: query.clone(),
                filter: filter.clone(),
                slots: matched,
                keys,
            };
            return Some(Ok(match first {
                Some(first) if first.len() < len => Answer::Lazy { first, len, rest },
                Some(all) => Answer::Ranked(all),
                None => Answer::Ranked(rest.finish(index)),
            }));
        }
        let mut parts = scan.hits(candidates, keys, cancel)?;
        if !filters.is_empty() || graph.mask().is_some() {
            for part in &mut parts {
                part.retain(|h| {
                    graph.shows_entity(h.entity)
                        && filters.matches(graph, Subject::Entity(h.entity))
                });
            }
        }
        let matched = concat(parts.iter().map(|p| p.slots.as_slice()));
        let keys =
            one_fuzzy_term.then(|| Arc::new(concat(parts.iter().map(|p| p.keys.as_slice()))));
        self.last = Some(Narrowing {
            query: query.clone(),
            filter: filter.clone(),
            matched: Arc::new(matched),
            keys,
        });
        let ranked = rank::rank(parts.into_iter().map(|p| p.hits).collect());
        Some(Ok(Answer::Ranked(ranked)))
    }

    /// Character positions to highlight for `hit` under `query`; computed for visible rows only.
    pub fn highlights(
        &self,
        graph: &Graph,
        index: &SearchIndex,
        query: &Query,
        hit: &Hit,
    ) -> Highlights {
        debug_assert!(
            (hit.entity as usize) < graph.entity_count(),
            "a hit of another graph"
        );
        let keys = index.keys_of_entity(hit.entity);
        let positions = |nth: u32| -> Vec<usize> {
            // Cased keys are stored as written, so the index's text is what the scan scored.
            let text = index.key(keys.start + nth).text;
            let mut out: Vec<usize> = Vec::new();
            for term in query.terms.iter().filter(|t| !t.negated) {
                let found = match term.mode {
                    TermMode::Fuzzy => fuzzy_positions(&self.matcher, text, &term.text),
                    _ => exact_positions(text, term),
                };
                out.extend(found.unwrap_or_default());
            }
            out.sort_unstable();
            out.dedup();
            out
        };
        let name = positions(0);
        let key = match hit.key {
            MatchedKey::Name => Vec::new(),
            MatchedKey::Alias(a) if a < keys.len() as u32 - 2 => positions(a + 1),
            MatchedKey::Alias(_) => Vec::new(),
            MatchedKey::Id => positions(keys.len() as u32 - 1),
        };
        Highlights { name, key }
    }
}

/// The parts one after the other.
fn concat<'a, T: Copy + 'a>(parts: impl Iterator<Item = &'a [T]> + Clone) -> Vec<T> {
    let mut all = Vec::with_capacity(parts.clone().map(<[T]>::len).sum());
    parts.for_each(|p| all.extend_from_slice(p));
    all
}

/// Whether `query` is one positive fuzzy term (with or without kinds and filters): a query
/// that narrows another such query matches only keys that matched it.
fn one_fuzzy_term(query: &Query) -> bool {
    matches!(query.terms.as_slice(), [t] if !t.negated && t.mode == TermMode::Fuzzy)
}

/// The query's filters resolved against `graph` (`party:` names found with [`find_entity`]), for
/// testing entities and deals and for the value each hit matched
/// ([`ResolvedFilters::matched_value`]); an unknown party is an error located at its filter.
pub fn resolve_filters(
    graph: &Graph,
    index: &SearchIndex,
    query: &Query,
) -> Result<ResolvedFilters, QueryError> {
    ResolvedFilters::new(graph, &query.filters, |text| {
        find_entity(graph, index, text).ok()
    })
}

/// Below this many entities a pure-filter query runs on one thread.
const PARALLEL_FILTER_MIN: usize = 16_384;

/// A query without terms: every entity of an allowed kind, by degree; with filters, those passing
/// them, largest amount first (the amount is what a filter query is usually about), then in file
/// order.
fn filtered_by_degree(
    graph: &Graph,
    index: &SearchIndex,
    plan: &scan::Plan<'_>,
    filters: &ResolvedFilters,
) -> Vec<Hit> {
    use rayon::prelude::*;
    let hit = |&slot: &Slot| -> Option<Hit> {
        let entity = index.entity_at[slot as usize];
        (graph.shows_entity(entity)
            && plan.kind_ok(index, slot)
            && filters.matches(graph, Subject::Entity(entity)))
        .then_some(Hit {
            entity,
            score: 0,
            key: MatchedKey::Name,
            tier: 2,
        })
    };
    if filters.is_empty() {
        return index.by_degree.iter().filter_map(hit).collect();
    }
    // Entities in memory order (degree order jumps through the attributes and misses the
    // cache on every entity), each hit's amount read once for the sort.
    let with_amount = |e: EntityIx| {
        hit(&index.slot_of[e as usize]).map(|h| {
            let amount = ResolvedFilters::amount(graph, h.entity).unwrap_or(f64::NEG_INFINITY);
            (h, amount)
        })
    };
    let n = graph.entity_count() as EntityIx;
    let mut found: Vec<(Hit, f64)> = if (n as usize) < PARALLEL_FILTER_MIN {
        (0..n).filter_map(with_amount).collect()
    } else {
        (0..n).into_par_iter().filter_map(with_amount).collect()
    };
    found.sort_by(|a, b| b.1.total_cmp(&a.1));
    found.into_iter().map(|(h, _)| h).collect()
}

/// Character positions of an exact (non-fuzzy) term in `text`, if it matches.
/// The characters of `text` a fuzzy term highlights: the term's letters side by side when they
/// occur so (the match the score ranks best: consecutive letters earn the bonus), preferring an
/// occurrence at the start of a word; otherwise the matcher's own positions. fuzzy-matcher's
/// `fuzzy_indices` alone can pick a scattered match (`openai` in "Amazon-OpenAI investment"
/// gave `OpenA` and the `i` of "investment").
fn fuzzy_positions(matcher: &SkimMatcherV2, text: &str, pattern: &str) -> Option<Vec<usize>> {
    contiguous_positions(text, pattern)
        .or_else(|| matcher.fuzzy_indices(text, pattern).map(|(_, i)| i))
}

/// Where `pattern` occurs in `text` letter for letter, case ignored: the first occurrence that
/// starts a word (after a non-alphanumeric character or a lower-to-upper case change), else the
/// first one.
fn contiguous_positions(text: &str, pattern: &str) -> Option<Vec<usize>> {
    let same = |a: char, b: char| a == b || a.to_lowercase().eq(b.to_lowercase());
    let hay: Vec<char> = text.chars().collect();
    let needle: Vec<char> = pattern.chars().collect();
    let n = needle.len();
    if n == 0 || n > hay.len() {
        return None;
    }
    let starts_word = |i: usize| {
        i == 0
            || !hay[i - 1].is_alphanumeric()
            || (hay[i - 1].is_lowercase() && hay[i].is_uppercase())
    };
    let mut found = (0..=hay.len() - n)
        .filter(|&i| hay[i..i + n].iter().zip(&needle).all(|(&a, &b)| same(a, b)));
    let first = found.next()?;
    let start = if starts_word(first) {
        first
    } else {
        found.find(|&i| starts_word(i)).unwrap_or(first)
    };
    Some((start..start + n).collect())
}

fn exact_positions(text: &str, term: &Term) -> Option<Vec<usize>> {
    let hay: Vec<char> = text.chars().map(|c| c.to_ascii_lowercase()).collect();
    let needle: Vec<char> = term.text.chars().collect();
    let n = needle.len();
    if n > hay.len() {
        return None;
    }
    let start = match term.mode {
        TermMode::Prefix => (hay[..n] == needle[..]).then_some(0),
        TermMode::Suffix => (hay[hay.len() - n..] == needle[..]).then_some(hay.len() - n),
        TermMode::Equal => (hay == needle).then_some(0),
        TermMode::Substring | TermMode::Fuzzy => hay.windows(n).position(|w| w == &needle[..]),
    }?;
    Some((start..start + n).collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::graph::{LoadOptions, load_bytes};

    fn graph() -> Graph {
        let json = r#"{"entities": [
            {"id": "trainium3", "kind": "chip", "name": "Trainium3", "aliases": ["Trn3"]},
            {"id": "trainium", "kind": "chip", "name": "Trainium"},
            {"id": "aws", "kind": "cloud", "name": "Amazon Web Services", "aliases": ["AWS"]},
            {"id": "cafe", "kind": "company", "name": "Café Systèmes"},
            {"id": "ecole", "kind": "other", "name": "école"},
            {"id": "aws-deal", "kind": "deal", "name": "AWS-OpenAI deal"}
        ], "relations": [{"from": "aws", "to": "trainium3", "type": "designs"}]}"#;
        load_bytes(json.as_bytes(), "t", LoadOptions::default())
            .unwrap()
            .graph
    }

    fn ids(g: &Graph, q: &str, f: KindFilter) -> Vec<String> {
        let index = SearchIndex::new(g);
        let mut s = Searcher::new();
        s.search(g, &index, &Query::parse(q), &f)
            .iter()
            .map(|h| g.entity(h.entity).id().to_string())
            .collect()
    }

    #[test]
    fn alias_and_abbreviation_rank_first() {
        let g = graph();
        assert_eq!(ids(&g, "trn3", KindFilter::All)[0], "trainium3");
        assert_eq!(ids(&g, "aws", KindFilter::All)[0], "aws");
    }

    #[test]
    fn folding_finds_accented_names_both_ways() {
        let g = graph();
        assert_eq!(ids(&g, "cafe", KindFilter::All), vec!["cafe"]);
        assert_eq!(ids(&g, "ÉCOLE", KindFilter::All), vec!["ecole"]);
    }

    #[test]
    fn highlights_land_on_original_characters() {
        let g = graph();
        let index = SearchIndex::new(&g);
        let mut s = Searcher::new();
        let q = Query::parse("syst");
        let hit = s.search(&g, &index, &q, &KindFilter::All)[0];
        let name: Vec<char> = g.entity(hit.entity).name().chars().collect();
        let hl = s.highlights(&g, &index, &q, &hit);
        let picked: String = hl.name.iter().map(|&i| name[i]).collect();
        assert_eq!(picked, "Syst");
        let q = Query::parse("trn3");
        let hit = s.search(&g, &index, &q, &KindFilter::All)[0];
        assert_eq!(hit.key, MatchedKey::Alias(0));
    }

    /// Issue 16 item 13: the highlight shows the contiguous match the score ranked, not the
    /// scattered one fuzzy-matcher's indices pick (`OpenA` + the `i` of "investment").
    #[test]
    fn highlights_show_the_contiguous_match_when_there_is_one() {
        let json = r#"{"entities": [
            {"id": "talks", "kind": "deal", "name": "Amazon-OpenAI investment talks"}
        ]}"#;
        let g = load_bytes(json.as_bytes(), "t", LoadOptions::default())
            .unwrap()
            .graph;
        let index = SearchIndex::new(&g);
        let mut s = Searcher::new();
        let q = Query::parse("openai");
        let hit = s.search(&g, &index, &q, &KindFilter::All)[0];
        let name: Vec<char> = g.entity(hit.entity).name().chars().collect();
        let hl = s.highlights(&g, &index, &q, &hit);
        assert_eq!(hl.name, (7..13).collect::<Vec<_>>());
        let picked: String = hl.name.iter().map(|&i| name[i]).collect();
        assert_eq!(picked, "OpenAI");
        // Scattered letters still highlight where the matcher put them.
        let q = Query::parse("amzn");
        let hit = s.search(&g, &index, &q, &KindFilter::All)[0];
        let picked: String = s
            .highlights(&g, &index, &q, &hit)
            .name
            .iter()
            .map(|&i| name[i])
            .collect();
        assert_eq!(picked, "Amzn");
    }

    #[test]
    fn operators_and_filters() {
        let g = graph();
        assert_eq!(ids(&g, "^train !3", KindFilter::All), vec!["trainium"]);
        assert_eq!(ids(&g, "'deal", KindFilter::All), vec!["aws-deal"]);
        assert_eq!(ids(&g, "aws @deal", KindFilter::All), vec!["aws-deal"]);
        assert_eq!(
            ids(&g, "aws", KindFilter::Kind("cloud".into())),
            vec!["aws"]
        );
        assert_eq!(ids(&g, "", KindFilter::Other), vec!["ecole"]);
        assert_eq!(ids(&g, "", KindFilter::All)[..2], ["trainium3", "aws"]);
        assert!(ids(&g, "xqz", KindFilter::All).is_empty());
    }

    fn deals_graph() -> Graph {
        let json = r#"{"entities": [
            {"id": "amazon", "kind": "company", "name": "Amazon"},
            {"id": "aws", "kind": "cloud", "name": "AWS"},
            {"id": "openai", "kind": "company", "name": "OpenAI"},
            {"id": "talks", "kind": "deal", "name": "Amazon talks",
             "attrs": {"amount_usd": 10000000000, "date": "2025-12-16", "status": "talks",
                       "ended": "2026-02-27", "ended_how": "superseded"}},
            {"id": "compute", "kind": "deal", "name": "AWS compute",
             "attrs": {"amount_usd": 38000000000, "date": "2025-11-03", "status": "signed",
                       "term_years": 7}},
            {"id": "azure", "kind": "deal", "name": "Azure commitment",
             "attrs": {"amount_usd": 250000000000, "date": "2025-10-28", "status": "signed"}},
            {"id": "round", "kind": "deal", "name": "Round", "attrs": {"date": "2026-03"}}
        ], "relations": [
            {"from": "amazon", "to": "aws", "type": "operates"},
            {"from": "amazon", "to": "talks", "type": "investor"},
            {"from": "openai", "to": "talks", "type": "investee"},
            {"from": "aws", "to": "compute", "type": "provider"},
            {"from": "openai", "to": "compute", "type": "customer"}
        ]}"#;
        load_bytes(json.as_bytes(), "t", LoadOptions::default())
            .unwrap()
            .graph
    }

    fn filtered(g: &Graph, q: &str) -> Vec<String> {
        let index = SearchIndex::new(g);
        let q = Query::try_parse(q).unwrap();
        Searcher::new()
            .search(g, &index, &q, &KindFilter::All)
            .iter()
            .map(|h| g.entity(h.entity).id().to_string())
            .collect()
    }

    #[test]
    fn filters_select_deals_and_pure_filter_queries_rank_by_amount() {
        let g = deals_graph();
        assert_eq!(filtered(&g, "amount>10b"), ["azure", "compute"]);
        assert_eq!(filtered(&g, "amount>=10b"), ["azure", "compute", "talks"]);
        assert_eq!(filtered(&g, "amount<1e10"), Vec::<String>::new());
        assert_eq!(filtered(&g, "@deal year:2026"), ["round"]);
        assert_eq!(
            filtered(&g, "date>=2025-11 date<2026"),
            ["compute", "talks"]
        );
        assert_eq!(
            filtered(&g, "status:talks,signed"),
            ["azure", "compute", "talks"]
        );
        assert_eq!(filtered(&g, "status:superseded"), ["talks"]);
        assert_eq!(filtered(&g, "@deal !status:talks !has:amount"), ["round"]);
        assert_eq!(filtered(&g, "attr:term_years>5"), ["compute"]);
        assert_eq!(filtered(&g, "attr:term_years>7"), Vec::<String>::new());
    }

    #[test]
    fn a_party_filter_counts_the_units_an_owner_operates() {
        let g = deals_graph();
        assert_eq!(filtered(&g, "party:amazon"), ["compute", "talks"]);
        assert_eq!(filtered(&g, "party:aws"), ["compute"]);
        assert_eq!(filtered(&g, "party:openai status:talks"), ["talks"]);
        let index = SearchIndex::new(&g);
        let q = Query::try_parse("party:nobody-at-all").unwrap();
        assert!(resolve_filters(&g, &index, &q).is_err());
    }

    #[test]
    fn filters_combine_with_fuzzy_terms_and_show_the_value_they_matched() {
        let g = deals_graph();
        assert_eq!(filtered(&g, "aws amount>1b"), ["compute"]);
        assert_eq!(filtered(&g, "com amount>100b"), ["azure"]);
        let index = SearchIndex::new(&g);
        let q = Query::try_parse("amount>100b").unwrap();
        let f = resolve_filters(&g, &index, &q).unwrap();
        let shown = f.matched_value(&g, Subject::Entity(g.find("azure").unwrap()));
        assert_eq!(
            shown.map(|m| (m.key, m.value.as_f64())),
            Some(("amount_usd", Some(250e9)))
        );
    }

    #[test]
    fn narrowing_gives_same_results_as_a_full_scan() {
        let g = graph();
        let index = SearchIndex::new(&g);
        let mut s = Searcher::new();
        let mut prev = Vec::new();
        for q in ["t", "tr", "tra", "trai", "train"] {
            let narrowed = s.search(&g, &index, &Query::parse(q), &KindFilter::All);
            let full = Searcher::new().search(&g, &index, &Query::parse(q), &KindFilter::All);
            assert_eq!(narrowed, full, "{q}");
            assert!(narrowed.len() <= prev.len() || prev.is_empty());
            prev = narrowed;
        }
    }
}
