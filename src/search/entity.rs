//! The entity a person means by text typed on the command line (`kgx show openai`, `kgx path aws
//! azure`): an exact id, then a name, alias or id equal to the text (ignoring case and accents),
//! then the clear winner of a fuzzy search. When nothing or several entities match, a typed
//! [`EntityLookupError`] names the suggestions or the candidates.
//!
//! What this module does not do: escape. The error's text carries the data as it is; whoever
//! prints it escapes it (the CLI's writers do).

use thiserror::Error;

use super::{KindFilter, Query, SearchIndex, Searcher, fold};
use crate::graph::{EntityIx, Graph};

/// How many candidates an ambiguous text lists at most.
const MAX_CANDIDATES: usize = 8;

/// An entity named in an [`EntityLookupError`]: enough for a person to tell candidates apart.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Candidate {
    pub ix: EntityIx,
    pub id: String,
    pub name: String,
    pub kind: String,
}

impl Candidate {
    fn of(graph: &Graph, ix: EntityIx) -> Candidate {
        let e = graph.entity(ix);
        Candidate {
            ix,
            id: e.id().to_string(),
            name: e.name().to_string(),
            kind: e.kind().to_string(),
        }
    }
}

/// Why a text did not name exactly one entity.
#[derive(Clone, Debug, PartialEq, Eq, Error)]
#[non_exhaustive]
pub(crate) enum EntityLookupError {
    /// Nothing matched; the closest ids, if any look like typos.
    #[error("no entity matches '{text}'{}", did_you_mean(suggestions))]
    NotFound {
        text: String,
        suggestions: Vec<Candidate>,
    },
    /// Several entities match equally well.
    #[error("'{text}' is ambiguous; it could be {}", list(candidates))]
    Ambiguous {
        text: String,
        candidates: Vec<Candidate>,
    },
}

fn did_you_mean(suggestions: &[Candidate]) -> String {
    if suggestions.is_empty() {
        String::new()
    } else {
        format!("; did you mean {}?", list(suggestions))
    }
}

fn list(candidates: &[Candidate]) -> String {
    candidates
        .iter()
        .map(|c| format!("'{}' ({}, {})", c.id, c.name, c.kind))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Finds the entity a person means by `text`: an exact id, then a name or alias equal to it
/// (ignoring case and accents), then the clear winner of a fuzzy search.
pub(crate) fn find_entity(
    graph: &Graph,
    index: &SearchIndex,
    text: &str,
) -> Result<EntityIx, EntityLookupError> {
    if let Some(ix) = graph.find(text) {
        return Ok(ix);
    }
    let candidates = |ixs: &mut dyn Iterator<Item = EntityIx>| -> Vec<Candidate> {
        ixs.map(|ix| Candidate::of(graph, ix)).collect()
    };
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
        n if n > 1 => {
            return Err(EntityLookupError::Ambiguous {
                text: text.to_string(),
                candidates: candidates(&mut equal.into_iter()),
            });
        }
        _ => {}
    }
    let hits = Searcher::new().search(graph, index, &Query::parse(text), &KindFilter::All);
    match hits.as_slice() {
        [] => Err(EntityLookupError::NotFound {
            text: text.to_string(),
            suggestions: candidates(
                &mut crate::graph::closest(text, graph.ids())
                    .and_then(|id| graph.find(id))
                    .into_iter(),
            ),
        }),
        [only] => Ok(only.entity),
        [first, second, ..]
            if first.tier < second.tier || first.score >= second.score * 3 / 2 + 10 =>
        {
            Ok(first.entity)
        }
        _ => Err(EntityLookupError::Ambiguous {
            text: text.to_string(),
            candidates: candidates(&mut hits.iter().take(MAX_CANDIDATES).map(|h| h.entity)),
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::graph::{LoadOptions, load_bytes};

    fn graph() -> Graph {
        let json = br#"{"entities": [
            {"id": "aws", "kind": "cloud", "name": "Amazon Web Services", "aliases": ["AWS"]},
            {"id": "azure", "kind": "cloud", "name": "Microsoft Azure"},
            {"id": "open-a", "kind": "company", "name": "Open Alpha"},
            {"id": "open-b", "kind": "company", "name": "Open Alpha"}
        ]}"#;
        load_bytes(json, "t", LoadOptions::default()).unwrap().graph
    }

    fn find(g: &Graph, text: &str) -> Result<EntityIx, EntityLookupError> {
        find_entity(g, &SearchIndex::new(g), text)
    }

    #[test]
    fn an_id_a_name_or_a_clear_fuzzy_winner_names_one_entity() {
        let g = graph();
        let aws = g.find("aws").unwrap();
        assert_eq!(find(&g, "aws"), Ok(aws));
        assert_eq!(find(&g, "amazon web services"), Ok(aws));
        assert_eq!(find(&g, "azur"), Ok(g.find("azure").unwrap()));
    }

    #[test]
    fn an_equal_name_twice_lists_both_candidates() {
        let g = graph();
        let err = find(&g, "open alpha").unwrap_err();
        assert_eq!(
            err.to_string(),
            "'open alpha' is ambiguous; it could be 'open-a' (Open Alpha, company), \
             'open-b' (Open Alpha, company)"
        );
    }

    #[test]
    fn nothing_matching_suggests_a_close_id() {
        let g = graph();
        let err = find(&g, "azrue").unwrap_err();
        assert!(
            matches!(&err, EntityLookupError::NotFound { suggestions, .. } if suggestions.len() == 1)
        );
        assert_eq!(
            err.to_string(),
            "no entity matches 'azrue'; did you mean 'azure' (Microsoft Azure, cloud)?"
        );
        let err = find(&g, "zzzzzzzz").unwrap_err();
        assert_eq!(err.to_string(), "no entity matches 'zzzzzzzz'");
    }
}
