//! The kinds a graph's data uses, and turning a kind a person typed (`@chips`, `@Str`) into one
//! of them: folded (case and accents), plural or singular, or a prefix that names one kind.
//!
//! What it does not do: parse queries (that is `query`) or choose the explorer's tabs.

use super::fold::fold;
use crate::graph::Graph;

/// How many kinds [`UnknownKind`]'s message lists before `…`.
const LISTED: usize = 8;

/// A typed kind that names no kind of the graph.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("unknown kind '{typed}' — kinds here: {}", listed(.known))]
pub(crate) struct UnknownKind {
    /// The kind as typed.
    pub typed: String,
    /// The graph's kinds, most common first.
    pub known: Vec<String>,
}

fn listed(known: &[String]) -> String {
    let mut text = known
        .iter()
        .take(LISTED)
        .map(String::as_str)
        .collect::<Vec<_>>()
        .join(", ");
    if known.len() > LISTED {
        text.push_str(", …");
    }
    if known.is_empty() {
        text.push_str("(none)");
    }
    text
}

/// The graph's kinds, most common first (ties by name).
pub(crate) fn kinds_by_count(g: &Graph) -> Vec<(String, usize)> {
    let mut counts = vec![0usize; g.name_counts().0];
    for ix in g.entity_ixs() {
        counts[g.kind_number(ix) as usize] += 1;
    }
    let mut kinds: Vec<(String, usize)> = counts
        .into_iter()
        .enumerate()
        .filter(|&(_, n)| n > 0)
        .map(|(k, n)| (g.kind_name(k as u32).to_string(), n))
        .collect();
    kinds.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    kinds
}

/// The singular forms a plural may stand for: `chips` → `chip`, `companies` → `company`,
/// `boxes` → `box`.
fn singulars(word: &str) -> Vec<String> {
    let mut out = Vec::new();
    if let Some(stem) = word.strip_suffix("ies") {
        out.push(format!("{stem}y"));
    }
    if let Some(stem) = word.strip_suffix("es") {
        out.push(stem.to_string());
    }
    if let Some(stem) = word.strip_suffix('s') {
        out.push(stem.to_string());
    }
    out
}

/// Which of `kinds` (folded) an `@wanted` term (folded) lets through, as the search line reads
/// it: the kind it names (equal, or its singular) when there is one, else every kind it is a
/// prefix of (`@str` → `Stream`). `kgx search` names one kind instead ([`resolve_kind`]).
pub(crate) fn kinds_named<'k>(kinds: &'k [String], wanted: &str) -> Vec<&'k str> {
    let singular = singulars(wanted);
    let named: Vec<&str> = kinds
        .iter()
        .filter(|k| **k == wanted || singular.contains(k))
        .map(String::as_str)
        .collect();
    if !named.is_empty() || wanted.is_empty() {
        return named;
    }
    kinds
        .iter()
        .filter(|k| k.starts_with(wanted))
        .map(String::as_str)
        .collect()
}

/// The kind of `g` that `typed` names: equal when folded, else its singular, else the only kind
/// it is a folded prefix of (the most common when several are).
pub(crate) fn resolve_kind(g: &Graph, typed: &str) -> Result<String, UnknownKind> {
    let kinds = kinds_by_count(g);
    let wanted = fold(typed);
    let folded: Vec<String> = kinds.iter().map(|(k, _)| fold(k)).collect();
    let found = folded
        .iter()
        .position(|k| *k == wanted)
        .or_else(|| {
            singulars(&wanted)
                .iter()
                .find_map(|s| folded.iter().position(|k| k == s))
        })
        .or_else(|| {
            (!wanted.is_empty())
                .then(|| folded.iter().position(|k| k.starts_with(&wanted)))
                .flatten()
        });
    match found {
        Some(i) => Ok(kinds[i].0.clone()),
        None => Err(UnknownKind {
            typed: typed.to_string(),
            known: kinds.into_iter().map(|(k, _)| k).collect(),
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn graph() -> Graph {
        let json = r#"{"entities": [
            {"id": "a", "kind": "company", "name": "A"},
            {"id": "b", "kind": "company", "name": "B"},
            {"id": "c", "kind": "chip", "name": "C"},
            {"id": "s", "kind": "Stream", "name": "S"},
            {"id": "p", "kind": "Proxy", "name": "P"}
        ], "relations": []}"#;
        crate::graph::load_bytes(json.as_bytes(), "t", Default::default())
            .unwrap()
            .graph
    }

    #[test]
    fn the_search_line_lets_through_the_named_kind_else_every_prefixed_one() {
        let kinds: Vec<String> = ["company", "chip", "stream", "story"]
            .map(String::from)
            .to_vec();
        assert_eq!(kinds_named(&kinds, "chips"), ["chip"]);
        assert_eq!(kinds_named(&kinds, "company"), ["company"]);
        assert_eq!(kinds_named(&kinds, "st"), ["stream", "story"]);
        assert_eq!(kinds_named(&kinds, "c"), ["company", "chip"]);
        assert!(kinds_named(&kinds, "bogus").is_empty());
    }

    #[test]
    fn plurals_case_and_prefixes_resolve() {
        let g = graph();
        assert_eq!(resolve_kind(&g, "chips").unwrap(), "chip");
        assert_eq!(resolve_kind(&g, "Companies").unwrap(), "company");
        assert_eq!(resolve_kind(&g, "COMPANY").unwrap(), "company");
        assert_eq!(resolve_kind(&g, "str").unwrap(), "Stream");
        assert_eq!(resolve_kind(&g, "streams").unwrap(), "Stream");
        assert_eq!(resolve_kind(&g, "proxies").unwrap(), "Proxy");
    }

    #[test]
    fn an_unknown_kind_lists_the_kinds_by_count() {
        let e = resolve_kind(&graph(), "bogus").unwrap_err();
        assert_eq!(
            e.to_string(),
            "unknown kind 'bogus' — kinds here: company, Proxy, Stream, chip"
        );
    }
}
