//! Fuzzy search over entity names, aliases and ids: query parsing, folding, matching, ranking.
//!
//! Scoring and highlights come from fuzzy-matcher's SkimMatcherV2. In front of it sit the cheap
//! parts that make search fast on large graphs: keys folded once when the index is built, an
//! ordered-subsequence prefilter, and narrowing (a query that extends the previous one scans only
//! the previous hits). No ratatui here: the explorer and the CLI both call [`Searcher::search`].

mod entity;
mod fold;
mod index;
mod kinds;
#[cfg(test)]
mod naive;
mod query;
mod scan;
mod skim_port;

use std::sync::atomic::AtomicBool;

use fuzzy_matcher::FuzzyMatcher;
use fuzzy_matcher::skim::SkimMatcherV2;

pub use entity::{Candidate, EntityLookupError, find_entity};
pub use fold::{fold, fold_char};
pub use index::SearchIndex;
use index::Slot;
pub use kinds::{UnknownKind, kinds_by_count, resolve_kind};
pub use query::{Query, Term, TermMode};

use crate::graph::{EntityIx, Graph};

/// The kinds that get their own tab, colour and symbol; everything else is "other".
pub use crate::conventions::CORE_KINDS;

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
}

/// The last completed search: a query that narrows it scans only `matched`.
struct Narrowing {
    query: Query,
    filter: KindFilter,
    /// The slots of the entities that matched, in increasing order (a scan in memory order).
    matched: Vec<Slot>,
}

impl Default for Searcher {
    fn default() -> Self {
        Searcher::new()
    }
}

impl Searcher {
    pub fn new() -> Self {
        Searcher {
            matcher: SkimMatcherV2::default().ignore_case(),
            last: None,
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
        self.search_cancellable(graph, index, query, filter, &never)
            .unwrap_or_default()
    }

    /// [`Searcher::search`] that gives up, returning `None`, soon after `cancel` is raised (a
    /// search worker raises it when a newer query arrives). A cancelled search leaves the
    /// narrowing cache as it was.
    pub fn search_cancellable(
        &mut self,
        graph: &Graph,
        index: &SearchIndex,
        query: &Query,
        filter: &KindFilter,
        cancel: &AtomicBool,
    ) -> Option<Vec<Hit>> {
        let plan = scan::Plan::new(index, query, filter);
        if query.terms.is_empty() {
            let hits = index
                .by_degree
                .iter()
                .filter(|&&slot| plan.kind_ok(index, slot))
                .map(|&slot| Hit {
                    entity: index.entity_at[slot as usize],
                    score: 0,
                    key: MatchedKey::Name,
                    tier: 2,
                })
                .collect();
            self.last = None;
            return Some(hits);
        }
        let all: Vec<Slot>;
        let candidates = match &self.last {
            Some(last) if last.filter == *filter && query.narrows(&last.query) => {
                last.matched.as_slice()
            }
            _ => {
                all = (0..graph.entity_count() as Slot).collect();
                &all
            }
        };
        let scan = scan::Scan { index, plan: &plan };
        let parts = scan.hits(candidates, cancel)?;
        let matched = parts
            .iter()
            .flatten()
            .map(|h| index.slot_of[h.entity as usize])
            .collect();
        self.last = Some(Narrowing {
            query: query.clone(),
            filter: filter.clone(),
            matched,
        });
        Some(scan::rank(parts))
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
                    TermMode::Fuzzy => self.matcher.fuzzy_indices(text, &term.text).map(|(_, i)| i),
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
