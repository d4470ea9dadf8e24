//! Fuzzy search over entity names, aliases and ids: query parsing, folding, matching, ranking.
//!
//! Scoring and highlights come from fuzzy-matcher's SkimMatcherV2. In front of it sit the cheap
//! parts that make search fast on large graphs: keys folded once when the index is built, an
//! ordered-subsequence prefilter, and narrowing (a query that extends the previous one scans only
//! the previous hits). No ratatui here: the explorer and the CLI both call [`Searcher::search`].

mod fold;
mod query;

use std::collections::HashMap;

use fuzzy_matcher::FuzzyMatcher;
use fuzzy_matcher::skim::SkimMatcherV2;

pub use fold::{fold, fold_char};
pub use query::{Query, Term, TermMode};

use crate::graph::{EntityIx, Graph};

/// The kinds that get their own tab, colour and symbol; everything else is "other".
pub const CORE_KINDS: [&str; 4] = ["company", "chip", "cloud", "deal"];

/// Which kinds of entity a search returns (the explorer's tabs).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum KindFilter {
    #[default]
    All,
    /// Exactly this kind.
    Kind(String),
    /// Any kind that is not one of [`CORE_KINDS`].
    Other,
}

impl KindFilter {
    pub fn allows(&self, kind: &str) -> bool {
        match self {
            KindFilter::All => true,
            KindFilter::Kind(k) => k == kind,
            KindFilter::Other => !CORE_KINDS.contains(&kind),
        }
    }

    /// The label of the filter as a tab shows it.
    pub fn label(&self) -> &str {
        match self {
            KindFilter::All => "all",
            KindFilter::Kind(k) => k,
            KindFilter::Other => "other",
        }
    }

    /// The filter from a tab label (`all`, `other`, or a kind).
    pub fn from_label(label: &str) -> KindFilter {
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
    Name,
    /// The n-th alias.
    Alias(u32),
    Id,
}

/// One search result.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Hit {
    pub entity: EntityIx,
    pub score: i64,
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

/// Precomputed search data for one graph: folded forms of non-ASCII keys and the default order.
pub struct SearchIndex {
    /// Folded text of keys that are not plain ASCII, by (entity, key number: 0 name, 1.. aliases,
    /// then the id). ASCII keys are matched case-insensitively as they are, so most graphs store
    /// almost nothing here.
    folded: HashMap<(EntityIx, u32), Box<str>>,
    /// Every entity, most connected first: the result list for an empty query.
    by_degree: Vec<EntityIx>,
}

impl SearchIndex {
    pub fn new(graph: &Graph) -> SearchIndex {
        let mut folded = HashMap::new();
        for e in graph.entities() {
            for (k, key) in keys_of(graph, e.ix()).enumerate() {
                if !key.is_ascii() {
                    folded.insert((e.ix(), k as u32), fold(key).into_boxed_str());
                }
            }
        }
        let mut by_degree: Vec<EntityIx> = (0..graph.entity_count() as EntityIx).collect();
        by_degree.sort_by_key(|&ix| std::cmp::Reverse(graph.degree(ix)));
        SearchIndex { folded, by_degree }
    }
}

/// The searchable keys of an entity in key-number order: name, aliases, id.
fn keys_of(graph: &Graph, ix: EntityIx) -> impl Iterator<Item = &str> + '_ {
    let e = graph.entity(ix);
    std::iter::once(e.name())
        .chain(e.aliases())
        .chain(std::iter::once(e.id()))
}

fn key_ref(k: u32, alias_count: u32) -> MatchedKey {
    match k {
        0 => MatchedKey::Name,
        k if k <= alias_count => MatchedKey::Alias(k - 1),
        _ => MatchedKey::Id,
    }
}

/// Runs queries against one graph and its [`SearchIndex`]. It owns no graph (so an app can keep
/// it next to the graph it searches), only the matcher and the last query with its hits, so that
/// typing one more letter rescans only those.
pub struct Searcher {
    matcher: SkimMatcherV2,
    last: Option<(Query, KindFilter, Vec<Hit>)>,
}

impl Default for Searcher {
    fn default() -> Self {
        Searcher::new()
    }
}

/// A [`Searcher`] bound to a graph for one call.
struct Bound<'a> {
    graph: &'a Graph,
    index: &'a SearchIndex,
    matcher: &'a SkimMatcherV2,
}

impl Searcher {
    pub fn new() -> Self {
        Searcher {
            matcher: SkimMatcherV2::default().ignore_case(),
            last: None,
        }
    }

    /// Forgets the narrowing cache; call it when the graph changes (a reload).
    pub fn reset(&mut self) {
        self.last = None;
    }

    /// All entities of `graph` matching `query` and `filter`, best first.
    pub fn search(
        &mut self,
        graph: &Graph,
        index: &SearchIndex,
        query: &Query,
        filter: &KindFilter,
    ) -> Vec<Hit> {
        let b = Bound {
            graph,
            index,
            matcher: &self.matcher,
        };
        let previous = match &self.last {
            Some((q, f, hits)) if f == filter && query.narrows(q) && !q.terms.is_empty() => {
                Some(hits.as_slice())
            }
            _ => None,
        };
        let hits = b.search(query, filter, previous);
        self.last = Some((query.clone(), filter.clone(), hits.clone()));
        hits
    }

    /// Character positions to highlight for `hit` under `query`; computed for visible rows only.
    pub fn highlights(
        &self,
        graph: &Graph,
        index: &SearchIndex,
        query: &Query,
        hit: &Hit,
    ) -> Highlights {
        Bound {
            graph,
            index,
            matcher: &self.matcher,
        }
        .highlights(query, hit)
    }
}

impl Bound<'_> {
    fn search(&self, query: &Query, filter: &KindFilter, previous: Option<&[Hit]>) -> Vec<Hit> {
        if query.terms.is_empty() {
            self.index
                .by_degree
                .iter()
                .filter(|&&ix| self.kind_ok(ix, query, filter))
                .map(|&ix| Hit {
                    entity: ix,
                    score: 0,
                    key: MatchedKey::Name,
                    tier: 2,
                })
                .collect()
        } else {
            let candidates: Vec<EntityIx> = match previous {
                Some(hits) => hits.iter().map(|h| h.entity).collect(),
                None => (0..self.graph.entity_count() as EntityIx).collect(),
            };
            let mut hits: Vec<Hit> = candidates
                .into_iter()
                .filter(|&ix| self.kind_ok(ix, query, filter))
                .filter_map(|ix| self.score(ix, query))
                .collect();
            self.rank(&mut hits);
            hits
        }
    }

    fn kind_ok(&self, ix: EntityIx, query: &Query, filter: &KindFilter) -> bool {
        let kind = self.graph.entity(ix).kind();
        filter.allows(kind)
            && (query.kinds.is_empty() || query.kinds.iter().any(|k| fold(kind) == *k))
    }

    fn rank(&self, hits: &mut [Hit]) {
        let g = self.graph;
        hits.sort_by(|a, b| {
            let (ea, eb) = (g.entity(a.entity), g.entity(b.entity));
            (a.tier == 0)
                .cmp(&(b.tier == 0))
                .reverse()
                .then(b.score.cmp(&a.score))
                .then(a.tier.cmp(&b.tier))
                .then(ea.name().chars().count().cmp(&eb.name().chars().count()))
                .then(eb.degree().cmp(&ea.degree()))
                .then(a.entity.cmp(&b.entity))
        });
    }

    /// The key text to match: the folded form for non-ASCII keys, the key itself otherwise.
    fn match_text<'a>(&'a self, ix: EntityIx, k: u32, key: &'a str) -> &'a str {
        if key.is_ascii() {
            key
        } else {
            self.index.folded.get(&(ix, k)).map_or(key, |f| f)
        }
    }

    fn score(&self, ix: EntityIx, query: &Query) -> Option<Hit> {
        let alias_count = self.graph.entity(ix).aliases().len() as u32;
        let mut total = 0i64;
        // The key shown with the hit: the name whenever it matches every term (an id like
        // `openai-frontier` beside "OpenAI Frontier" is noise), else the key behind the
        // best-scoring term.
        let mut shown: Option<(i64, u32)> = None;
        let mut name_matches_all = true;
        for term in &query.terms {
            let mut term_best: Option<(i64, u32)> = None;
            let mut name_matched = false;
            for (k, key) in keys_of(self.graph, ix).enumerate() {
                let text = self.match_text(ix, k as u32, key);
                if let Some(s) = self.term_score(text, term) {
                    name_matched |= k == 0;
                    if term_best.is_none_or(|(b, _)| s > b) {
                        term_best = Some((s, k as u32));
                    }
                }
            }
            match (term.negated, term_best) {
                (true, Some(_)) | (false, None) => return None,
                (true, None) => {}
                (false, Some((s, k))) => {
                    total += s;
                    name_matches_all &= name_matched;
                    if shown.is_none_or(|(b, _)| s > b) {
                        shown = Some((s, k));
                    }
                }
            }
        }
        let (tier, equal_key) = self.tier(ix, query);
        // A key equal to the query is what the user typed: show that one.
        let key = match (equal_key, name_matches_all, shown) {
            (Some(k), _, _) => key_ref(k, alias_count),
            (None, true, _) | (None, false, None) => MatchedKey::Name,
            (None, false, Some((_, k))) => key_ref(k, alias_count),
        };
        Some(Hit {
            entity: ix,
            score: total,
            key,
            tier,
        })
    }

    /// The hit's tier, and the key number of a key equal to the query, if one is.
    fn tier(&self, ix: EntityIx, query: &Query) -> (u8, Option<u32>) {
        let [term] = query.terms.as_slice() else {
            return (2, None);
        };
        let mut tier = 2;
        for (k, key) in keys_of(self.graph, ix).enumerate() {
            let text = self.match_text(ix, k as u32, key);
            if text.eq_ignore_ascii_case(&term.text) {
                return (0, Some(k as u32));
            }
            if starts_with_ci(text, &term.text) {
                tier = 1;
            }
        }
        (tier, None)
    }

    fn term_score(&self, text: &str, term: &Term) -> Option<i64> {
        match term.mode {
            TermMode::Fuzzy => {
                if !is_subsequence_ci(text, &term.text) {
                    return None;
                }
                self.matcher.fuzzy_match(text, &term.text)
            }
            _ => exact_positions(text, term).map(|p| 100 + 10 * p.len() as i64),
        }
    }

    fn highlights(&self, query: &Query, hit: &Hit) -> Highlights {
        let e = self.graph.entity(hit.entity);
        let positions = |k: u32, key: &str| -> Vec<usize> {
            let text = self.match_text(hit.entity, k, key);
            let mut out: Vec<usize> = Vec::new();
            for term in query.terms.iter().filter(|t| !t.negated) {
                let found = match term.mode {
                    TermMode::Fuzzy => self.matcher.fuzzy_indices(text, &term.text).map(|(_, i)| i),
                    _ => exact_positions(text, term),
                };
                out.extend(found.unwrap_or_default());
            }
            out.sort_unstable();
            out.dedup();
            out
        };
        let name = positions(0, e.name());
        let key = match hit.key {
            MatchedKey::Name => Vec::new(),
            MatchedKey::Alias(a) => e
                .aliases()
                .nth(a as usize)
                .map(|alias| positions(a + 1, alias))
                .unwrap_or_default(),
            MatchedKey::Id => positions(e.aliases().len() as u32 + 1, e.id()),
        };
        Highlights { name, key }
    }
}

fn starts_with_ci(text: &str, prefix: &str) -> bool {
    text.len() >= prefix.len()
        && text.is_char_boundary(prefix.len())
        && text[..prefix.len()].eq_ignore_ascii_case(prefix)
}

/// Ordered-subsequence test, ASCII case-insensitive: the cheap filter in front of the matcher.
fn is_subsequence_ci(text: &str, pattern: &str) -> bool {
    if pattern.is_ascii() {
        let mut hay = text.bytes();
        return pattern
            .bytes()
            .all(|p| hay.any(|h| h.to_ascii_lowercase() == p));
    }
    let mut hay = text.chars();
    pattern
        .chars()
        .all(|p| hay.any(|h| h.to_ascii_lowercase() == p))
}

/// Character positions of an exact (non-fuzzy) term in `text`, if it matches.
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

/// Why a name did not resolve to one entity.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Unresolved {
    /// Nothing matched; the closest ids, if any look like typos.
    NotFound { suggestions: Vec<EntityIx> },
    /// Several entities match equally well.
    Ambiguous { candidates: Vec<EntityIx> },
}

/// Finds the entity a person means by `text`: an exact id, then a name or alias equal to it
/// (ignoring case and accents), then the clear winner of a fuzzy search.
pub fn resolve(graph: &Graph, index: &SearchIndex, text: &str) -> Result<EntityIx, Unresolved> {
    if let Some(ix) = graph.find(text) {
        return Ok(ix);
    }
    let folded = fold(text.trim());
    let equal: Vec<EntityIx> = graph
        .entities()
        .filter(|e| {
            std::iter::once(e.name())
                .chain(e.aliases())
                .chain(std::iter::once(e.id()))
                .any(|k| fold(k) == folded)
        })
        .map(|e| e.ix())
        .collect();
    match equal.len() {
        1 => return Ok(equal[0]),
        n if n > 1 => return Err(Unresolved::Ambiguous { candidates: equal }),
        _ => {}
    }
    let hits = Searcher::new().search(graph, index, &Query::parse(text), &KindFilter::All);
    match hits.as_slice() {
        [] => {
            let suggestions = crate::graph::closest(text, graph.ids())
                .and_then(|id| graph.find(id))
                .into_iter()
                .collect();
            Err(Unresolved::NotFound { suggestions })
        }
        [only] => Ok(only.entity),
        [first, second, ..]
            if first.tier < second.tier || first.score >= second.score * 3 / 2 + 10 =>
        {
            Ok(first.entity)
        }
        _ => Err(Unresolved::Ambiguous {
            candidates: hits.iter().take(8).map(|h| h.entity).collect(),
        }),
    }
}

/// A one-line explanation of an [`Unresolved`] for messages.
pub fn describe_unresolved(graph: &Graph, text: &str, why: &Unresolved) -> String {
    let list = |ixs: &[EntityIx]| {
        ixs.iter()
            .map(|&ix| {
                let e = graph.entity(ix);
                format!("'{}' ({}, {})", e.id(), e.name(), e.kind())
            })
            .collect::<Vec<_>>()
            .join(", ")
    };
    match why {
        Unresolved::NotFound { suggestions } if suggestions.is_empty() => {
            format!("no entity matches '{text}'")
        }
        Unresolved::NotFound { suggestions } => {
            format!(
                "no entity matches '{text}'; did you mean {}?",
                list(suggestions)
            )
        }
        Unresolved::Ambiguous { candidates } => {
            format!("'{text}' is ambiguous; it could be {}", list(candidates))
        }
    }
}
