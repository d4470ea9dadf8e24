//! The straightforward search the fast one must agree with: every key of every entity through
//! the matcher, then a full sort with a comparator. Test-only: it pins the results the
//! optimisations (folded arena, masks, narrowing, threads, packed sort keys) must keep.
//!
//! It shares no code with the search it checks beyond the graph, the query parser, folding and
//! fuzzy-matcher itself: which key a hit shows and where an exact term matches are written here
//! again, the plain way, so a mistake in the fast code cannot hide by being in both.

use std::collections::HashMap;

use fuzzy_matcher::FuzzyMatcher;
use fuzzy_matcher::skim::SkimMatcherV2;

use super::{Hit, KindFilter, MatchedKey, Query, Term, TermMode, fold};
use crate::graph::{EntityIx, Graph};

fn keys_of(graph: &Graph, ix: EntityIx) -> impl Iterator<Item = &str> + '_ {
    let e = graph.entity(ix);
    std::iter::once(e.name())
        .chain(e.aliases())
        .chain(std::iter::once(e.id()))
}

/// All hits for `query`, ranked, computed the slow and obvious way.
pub(crate) fn search(graph: &Graph, query: &Query, filter: &KindFilter) -> Vec<Hit> {
    let matcher = SkimMatcherV2::default().ignore_case();
    let mut folded = HashMap::new();
    for e in graph.entities() {
        for (k, key) in keys_of(graph, e.ix()).enumerate() {
            if !key.is_ascii() {
                folded.insert((e.ix(), k as u32), fold(key));
            }
        }
    }
    let n = Naive {
        graph,
        folded,
        matcher,
    };
    let kinds: Vec<String> = graph.kinds().map(fold).collect();
    let named: Vec<&str> = query
        .kinds
        .iter()
        .flat_map(|k| super::kinds::kinds_named(&kinds, k))
        .collect();
    let kind_ok = |ix: EntityIx| {
        let kind = graph.entity(ix).kind();
        filter.allows(kind) && (query.kinds.is_empty() || named.contains(&fold(kind).as_str()))
    };
    if query.terms.is_empty() {
        let mut all: Vec<EntityIx> = (0..graph.entity_count() as EntityIx).collect();
        all.sort_by_key(|&ix| std::cmp::Reverse(graph.degree(ix)));
        return all
            .into_iter()
            .filter(|&ix| kind_ok(ix))
            .map(|ix| Hit {
                entity: ix,
                score: 0,
                key: MatchedKey::Name,
                tier: 2,
            })
            .collect();
    }
    let mut hits: Vec<Hit> = (0..graph.entity_count() as EntityIx)
        .filter(|&ix| kind_ok(ix))
        .filter_map(|ix| n.score(ix, query))
        .collect();
    hits.sort_by(|a, b| {
        let (ea, eb) = (graph.entity(a.entity), graph.entity(b.entity));
        (a.tier == 0)
            .cmp(&(b.tier == 0))
            .reverse()
            .then(b.score.cmp(&a.score))
            .then(a.tier.cmp(&b.tier))
            .then(ea.name().chars().count().cmp(&eb.name().chars().count()))
            .then(eb.degree().cmp(&ea.degree()))
            .then(a.entity.cmp(&b.entity))
    });
    hits
}

struct Naive<'g> {
    graph: &'g Graph,
    folded: HashMap<(EntityIx, u32), String>,
    matcher: SkimMatcherV2,
}

impl Naive<'_> {
    fn match_text<'a>(&'a self, ix: EntityIx, k: u32, key: &'a str) -> &'a str {
        if key.is_ascii() {
            key
        } else {
            self.folded.get(&(ix, k)).map_or(key, |f| f)
        }
    }

    fn score(&self, ix: EntityIx, query: &Query) -> Option<Hit> {
        let alias_count = self.graph.entity(ix).aliases().len() as u32;
        let mut total = 0i64;
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
        Some(Hit {
            entity: ix,
            score: total,
            key: shown_key(equal_key, name_matches_all, shown, alias_count),
            tier,
        })
    }

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
            if text.len() >= term.text.len()
                && text.is_char_boundary(term.text.len())
                && text[..term.text.len()].eq_ignore_ascii_case(&term.text)
            {
                tier = 1;
            }
        }
        (tier, None)
    }

    fn term_score(&self, text: &str, term: &Term) -> Option<i64> {
        match term.mode {
            TermMode::Fuzzy => {
                let mut hay = text.chars();
                let subsequence = term
                    .text
                    .chars()
                    .all(|p| hay.any(|h| h.to_ascii_lowercase() == p));
                if !subsequence {
                    return None;
                }
                self.matcher.fuzzy_match(text, &term.text)
            }
            _ => exact_match(text, term).map(|p| 100 + 10 * p.len() as i64),
        }
    }
}

/// The key numbered `k` in [`keys_of`]'s order: the name, then the aliases, then the id.
fn key_named(k: u32, alias_count: u32) -> MatchedKey {
    if k == 0 {
        MatchedKey::Name
    } else if k > alias_count {
        MatchedKey::Id
    } else {
        MatchedKey::Alias(k - 1)
    }
}

/// The key a hit shows: a key equal to the query wins; otherwise the name when it matched every
/// term; otherwise the key of the best-scoring term (the name when no term matched a key).
fn shown_key(
    equal_key: Option<u32>,
    name_matches_all: bool,
    best: Option<(i64, u32)>,
    alias_count: u32,
) -> MatchedKey {
    if let Some(k) = equal_key {
        return key_named(k, alias_count);
    }
    if name_matches_all {
        return MatchedKey::Name;
    }
    best.map_or(MatchedKey::Name, |(_, k)| key_named(k, alias_count))
}

/// The character positions where an exact term (`'sub`, `^pre`, `suf$`, `^equal$`) matches
/// `text`, compared without ASCII case: with `str`'s own searching, then bytes to characters.
fn exact_match(text: &str, term: &Term) -> Option<Vec<usize>> {
    let hay = text.to_ascii_lowercase();
    let needle = term.text.as_str();
    let byte = match term.mode {
        TermMode::Prefix => hay.starts_with(needle).then_some(0),
        TermMode::Suffix => hay.ends_with(needle).then(|| hay.len() - needle.len()),
        TermMode::Equal => (hay == needle).then_some(0),
        TermMode::Substring | TermMode::Fuzzy => hay.find(needle),
    }?;
    let first = hay[..byte].chars().count();
    Some((first..first + needle.chars().count()).collect())
}

#[cfg(test)]
mod tests {
    use super::super::{SearchIndex, Searcher};
    use super::*;
    use crate::graph::{LoadOptions, load_bytes};

    /// A few thousand entities with mixed-case, accented, CJK and digit-bearing names, aliases
    /// and skewed links: enough variety to exercise every fast path.
    fn generated_graph(n: usize, seed: u64) -> Graph {
        let mut state = seed;
        let mut next = move || {
            state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
            let mut z = state;
            z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
            z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
            (z ^ (z >> 31)) as usize
        };
        let parts = [
            "tra", "In", "ium", "No", "va", "H100", "xqz", "Café", "ÉCOLE", "東京", "open", "AI",
            "inv", "nvda", "Ω", "-", " ", "Trn", "rain", "deal",
        ];
        let kinds = ["company", "chip", "cloud", "deal", "other", "fab"];
        let word = |next: &mut dyn FnMut() -> usize| {
            let len = 1 + next() % 4;
            (0..len)
                .map(|_| parts[next() % parts.len()])
                .collect::<String>()
        };
        let mut entities = Vec::new();
        for i in 0..n {
            let mut name = word(&mut next);
            if name.trim().is_empty() {
                name.push('x');
            }
            let aliases: Vec<String> = (0..next() % 3).map(|_| word(&mut next)).collect();
            entities.push(serde_json::json!({
                "id": format!("{}-{i}", fold(&name).replace(' ', "")),
                "kind": kinds[next() % kinds.len()],
                "name": name,
                "aliases": aliases,
            }));
        }
        let relations: Vec<_> = (0..n * 2)
            .map(|i| {
                let to = (next() % n).min(next() % n);
                serde_json::json!({"from": entities[i % n]["id"], "to": entities[to]["id"], "type": format!("t{i}")})
            })
            .collect();
        let json = serde_json::json!({"entities": entities, "relations": relations});
        load_bytes(json.to_string().as_bytes(), "gen", LoadOptions::default())
            .unwrap()
            .graph
    }

    const QUERIES: &[&str] = &[
        "t",
        "tr",
        "tra",
        "trai",
        "train",
        "openai inv",
        "nvda h100",
        "xqz",
        "cafe",
        "ÉCOLE",
        "東",
        "ω",
        "'rain",
        "^tra",
        "ium$",
        "^trainium$",
        "!open",
        "tra !ium",
        "@chip tr",
        "kind:deal in",
        "in @fab",
        "h1",
        "h10",
        "h100",
        "a",
        "ai",
        "aiv",
        "- ",
        "ecole cafe",
    ];

    #[test]
    fn optimised_search_equals_naive_search() {
        for (n, seed) in [(2_000, 1), (12_000, 2)] {
            let g = generated_graph(n, seed);
            let index = SearchIndex::new(&g);
            let filters = [
                KindFilter::All,
                KindFilter::Kind("chip".into()),
                KindFilter::Other,
            ];
            for filter in &filters {
                let mut typing = Searcher::new();
                for q in QUERIES {
                    let query = Query::parse(q);
                    let expected = search(&g, &query, filter);
                    let fresh = Searcher::new().search(&g, &index, &query, filter);
                    assert_eq!(fresh, expected, "fresh {q:?} {filter:?} n={n}");
                    let typed = typing.search(&g, &index, &query, filter);
                    assert_eq!(typed, expected, "typed {q:?} {filter:?} n={n}");
                }
            }
        }
    }

    /// A lazy search (first screens ordered by the score ceiling, the rest on demand) lists
    /// exactly the naive ranking, typed or fresh, read from the top or from the end first, with
    /// screens of one, a few or many hits (small graphs fall back to ranking every hit).
    #[test]
    fn lazy_ranking_equals_naive_search() {
        let typed_words: &[&[&str]] = &[
            &["t", "tr", "tra", "trai", "train"],
            &["i", "in", "inv"],
            &["h", "h1", "h10", "h100"],
            &["a", "ai", "aiv"],
            &["n", "nv", "nvd", "nvda"],
            &["x", "xq", "xqz"],
        ];
        let mut lazy = 0;
        for (n, seed) in [(2_000, 4), (12_000, 5)] {
            let g = generated_graph(n, seed);
            let index = std::sync::Arc::new(SearchIndex::new(&g));
            for filter in [KindFilter::All, KindFilter::Kind("chip".into())] {
                for first in [1, 7, 60] {
                    for word in typed_words {
                        let mut typing = Searcher::ordering_first(first);
                        for (i, q) in word.iter().enumerate() {
                            let query = Query::parse(q);
                            let expected = search(&g, &query, &filter);
                            let typed = typing.search_ranked(&g, &index, &query, &filter);
                            lazy += usize::from(typed.is_partial());
                            let from_top: Vec<Hit> = typed.iter().copied().collect();
                            assert_eq!(from_top, expected, "typed {q:?} {filter:?} {first}");
                            let fresh = Searcher::ordering_first(first)
                                .search_ranked(&g, &index, &query, &filter);
                            // The End key: the last hit read before any other.
                            let last = fresh.len().checked_sub(1 + i % 2);
                            assert_eq!(
                                last.and_then(|l| fresh.get(l)),
                                last.and_then(|l| expected.get(l)),
                                "fresh {q:?} at the end"
                            );
                            assert_eq!(fresh, expected, "fresh {q:?} {filter:?} {first}");
                        }
                    }
                }
            }
        }
        assert!(lazy > 50, "only {lazy} searches left hits unranked");
    }

    #[test]
    fn highlights_equal_naive_highlights_on_generated_names() {
        let g = generated_graph(500, 3);
        let index = SearchIndex::new(&g);
        let mut s = Searcher::new();
        let matcher = SkimMatcherV2::default().ignore_case();
        for q in [
            "tra",
            "cafe",
            "h100 ai",
            "'rain",
            "ium$",
            "^tra",
            "^trainium$",
        ] {
            let query = Query::parse(q);
            for hit in s.search(&g, &index, &query, &KindFilter::All) {
                let name = g.entity(hit.entity).name();
                let text = if name.is_ascii() {
                    name.to_string()
                } else {
                    fold(name)
                };
                let mut want: Vec<usize> = Vec::new();
                for t in &query.terms {
                    let found = match t.mode {
                        TermMode::Fuzzy => super::super::fuzzy_positions(&matcher, &text, &t.text),
                        _ => exact_match(&text, t),
                    };
                    want.extend(found.unwrap_or_default());
                }
                want.sort_unstable();
                want.dedup();
                assert_eq!(
                    s.highlights(&g, &index, &query, &hit).name,
                    want,
                    "{q} {name}"
                );
            }
        }
    }
}
