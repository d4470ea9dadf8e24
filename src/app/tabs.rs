//! The kind tabs on the search line, chosen from the graph: the core kinds' tabs (`all · company ·
//! chip · cloud · deal · other`) when core kinds hold most of the graph, as in kgx's own graphs;
//! otherwise the graph's most common kinds, up to five, with their counts, then `other` when more
//! kinds remain (a Neo4j export of `User`, `Stream` and `Game` nodes gets those three tabs, and
//! a FollowTheMoney file of companies, contracts and assets gets those, not empty `chip` and
//! `cloud` tabs).
//! What it does not do: draw the tabs (`ui/search_bar.rs`) or filter (`search::KindFilter`).

use crate::conventions::CORE_KINDS;
use crate::display::format_count;
use crate::graph::Graph;
use crate::search::{KindFilter, kinds_by_count};

/// The tabs a graph with core kinds gets, in the order Ctrl-t cycles them.
pub const CORE_TABS: [&str; 6] = ["all", "company", "chip", "cloud", "deal", "other"];
/// How many of a graph's own kinds get a tab of their own.
const OWN_KINDS: usize = 5;

/// One kind tab.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Tab {
    /// The kind, `all` or `other`.
    pub label: String,
    /// What the tab lets through.
    pub filter: KindFilter,
    /// How many entities it holds, shown for a graph's own kinds.
    pub count: Option<usize>,
}

impl Tab {
    /// The tab as the search line shows it: `company`, `User 1,204`.
    pub fn text(&self) -> String {
        match self.count {
            Some(n) => format!("{} {}", self.label, format_count(n)),
            None => self.label.clone(),
        }
    }
}

/// The tabs for `graph`.
pub fn tabs_for(graph: &Graph) -> Vec<Tab> {
    let kinds = kinds_by_count(graph);
    let total: usize = kinds.iter().map(|(_, n)| n).sum();
    let core: usize = kinds
        .iter()
        .filter(|(k, _)| CORE_KINDS.contains(&k.as_str()))
        .map(|(_, n)| n)
        .sum();
    // Core kinds holding at least two thirds of the entities: kgx's own kind of graph.
    if kinds.is_empty() || core * 3 >= total * 2 {
        return CORE_TABS
            .iter()
            .map(|&label| Tab {
                label: label.to_string(),
                filter: KindFilter::from_label(label),
                count: None,
            })
            .collect();
    }
    let mut tabs = vec![Tab {
        label: "all".into(),
        filter: KindFilter::All,
        count: None,
    }];
    let own: Vec<&(String, usize)> = kinds.iter().take(OWN_KINDS).collect();
    tabs.extend(own.iter().map(|(kind, n)| Tab {
        label: kind.clone(),
        filter: KindFilter::Kind(kind.clone()),
        count: Some(*n),
    }));
    if kinds.len() > OWN_KINDS {
        let rest: usize = kinds[OWN_KINDS..].iter().map(|(_, n)| n).sum();
        tabs.push(Tab {
            label: "other".into(),
            filter: KindFilter::NotIn(own.iter().map(|(k, _)| k.clone()).collect()),
            count: Some(rest),
        });
    }
    tabs
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::graph::{LoadOptions, load_bytes, load_default};

    fn graph_of_kinds(kinds: &[(&str, usize)]) -> Graph {
        let mut entities = Vec::new();
        for (kind, n) in kinds {
            for i in 0..*n {
                entities.push(serde_json::json!({"id": format!("{kind}{i}"), "kind": kind, "name": format!("{kind} {i}")}));
            }
        }
        let json = serde_json::json!({"entities": entities, "relations": []}).to_string();
        load_bytes(json.as_bytes(), "t", LoadOptions::default())
            .unwrap()
            .graph
    }

    #[test]
    fn the_default_graph_keeps_the_core_tabs() {
        let tabs = tabs_for(&load_default().unwrap().graph);
        let labels: Vec<&str> = tabs.iter().map(|t| t.label.as_str()).collect();
        assert_eq!(labels, CORE_TABS);
        assert!(tabs.iter().all(|t| t.count.is_none()));
        assert_eq!(tabs[5].filter, KindFilter::Other);
    }

    #[test]
    fn a_graph_without_core_kinds_gets_its_own_most_common_first() {
        let g = graph_of_kinds(&[("Game", 2), ("User", 5), ("Stream", 3)]);
        let tabs = tabs_for(&g);
        let texts: Vec<String> = tabs.iter().map(Tab::text).collect();
        assert_eq!(texts, ["all", "User 5", "Stream 3", "Game 2"]);
        assert_eq!(tabs[1].filter, KindFilter::Kind("User".into()));
    }

    #[test]
    fn core_kinds_get_the_core_tabs_only_when_they_hold_most_of_the_graph() {
        let labels = |kinds: &[(&str, usize)]| -> Vec<String> {
            tabs_for(&graph_of_kinds(kinds))
                .iter()
                .map(Tab::text)
                .collect()
        };
        assert_eq!(
            labels(&[("company", 2), ("chip", 1), ("person", 1)]),
            CORE_TABS
        );
        assert_eq!(
            labels(&[("company", 5), ("contract", 3), ("asset", 2)]),
            ["all", "company 5", "contract 3", "asset 2"]
        );
    }

    #[test]
    fn kinds_past_five_share_the_other_tab() {
        let g = graph_of_kinds(&[
            ("a", 7),
            ("b", 6),
            ("c", 5),
            ("d", 4),
            ("e", 3),
            ("f", 2),
            ("g", 1),
        ]);
        let tabs = tabs_for(&g);
        let texts: Vec<String> = tabs.iter().map(Tab::text).collect();
        assert_eq!(texts, ["all", "a 7", "b 6", "c 5", "d 4", "e 3", "other 3"]);
        let other = &tabs[6].filter;
        assert!(other.allows("f") && other.allows("g") && !other.allows("a"));
    }
}
