//! The analysis subcommands (`path`, `deals`, `flows`, `cycles`) run as a user runs them: on
//! the built-in graph and on the committed fixture `tests/fixtures/mini-ai.json`.

use predicates::prelude::*;

const MINI: &str = "tests/fixtures/mini-ai.json";

use crate::test_support::{kgx, stdout_of};

fn json_lines(text: &str) -> Vec<serde_json::Value> {
    text.lines()
        .map(|l| serde_json::from_str(l).expect("one JSON value per line"))
        .collect()
}

/// The three paths the README shows, and each is a chain: every step's relation exists in the
/// graph, in the direction its arrow says.
#[test]
fn path_amazon_microsoft_on_default_graph() {
    let out = stdout_of(&["path", "amazon", "microsoft"]);
    assert_eq!(
        out,
        "Amazon -dispute-> Microsoft\n\
         Amazon -investor-> OpenAI $110B funding round (2026) <-investor- Microsoft\n\
         Amazon -operates-> Amazon Web Services -distributes-> OpenAI <-owns_stake- Microsoft\n"
    );
    let g = crate::test_support::default_graph();
    let paths = json_lines(&stdout_of(&["path", "amazon", "microsoft", "--json"]));
    assert_eq!(paths.len(), 3);
    for path in &paths {
        let nodes = path["nodes"].as_array().unwrap();
        assert_eq!(nodes.first().unwrap()["id"], "amazon");
        assert_eq!(nodes.last().unwrap()["id"], "microsoft");
        for (step, pair) in path["steps"]
            .as_array()
            .unwrap()
            .iter()
            .zip(nodes.windows(2))
        {
            let (from, to) = (step["from"].as_str().unwrap(), step["to"].as_str().unwrap());
            let forward = step["direction"] == "forward";
            let ends = if forward {
                (&pair[0], &pair[1])
            } else {
                (&pair[1], &pair[0])
            };
            assert_eq!(
                (ends.0["id"].as_str(), ends.1["id"].as_str()),
                (Some(from), Some(to))
            );
            let exists = g
                .outgoing(g.find(from).unwrap())
                .any(|r| r.to().id() == to && r.rtype() == step["type"]);
            assert!(exists, "no {from} -{}-> {to} in the graph", step["type"]);
        }
    }
}

#[test]
fn path_prints_chains_with_arrows_both_ways() {
    let out = stdout_of(&[
        "path",
        "-f",
        MINI,
        "amazon",
        "openai",
        "--via-kind",
        "cloud",
        "--max",
        "1",
    ]);
    assert_eq!(
        out,
        "Amazon -operates-> Amazon Web Services -provider-> AWS-OpenAI compute agreement \
         <-customer- OpenAI\n"
    );
}

/// Issue 16 item 12: on an undirected graph (`"directed": false`) a path has no direction to
/// follow or show: `--directed` still finds apple → nvidia against the edges' stored order
/// (nvidia-tsmc, tsmc-apple), and the chain has no arrows. A directed graph keeps both.
#[test]
fn path_ignores_direction_on_an_undirected_graph() {
    let undirected = "tests/fixtures/import/networkx-undirected-edges.json";
    for extra in [&[][..], &["--directed"][..]] {
        let mut args = vec!["path", "-f", undirected, "apple", "nvidia"];
        args.extend_from_slice(extra);
        assert_eq!(
            stdout_of(&args),
            "apple -linked- tsmc -supplier- nvidia\n",
            "{extra:?}"
        );
    }
    crate::test_support::kgx()
        .args(["path", "-f", MINI, "openai", "amazon", "--directed"])
        .assert()
        .code(1);
}

/// Issue 16 (the CLI side of item 12): `show` and `path --json` on an undirected graph give no
/// direction either: `show` lists one `relations` group marked `—` (no `outgoing`/`incoming`,
/// no `->`/`<-`), its JSON says `"directed": false` and lists `relations`; a path's JSON says
/// `"directed": false` and its steps carry no `"direction"`. A directed graph keeps both.
#[test]
fn show_and_path_json_give_no_direction_on_an_undirected_graph() {
    let undirected = "tests/fixtures/import/networkx-undirected-edges.json";
    let text = stdout_of(&["show", "-f", undirected, "tsmc"]);
    assert!(text.contains("\nrelations (2):\n"), "{text}");
    assert!(text.contains("    — apple  (node, apple)"), "{text}");
    assert!(text.contains("    — nvidia  (node, nvidia)"), "{text}");
    for arrow_or_side in ["->", "<-", "outgoing", "incoming"] {
        assert!(!text.contains(arrow_or_side), "{arrow_or_side} in {text}");
    }
    let shown: serde_json::Value =
        serde_json::from_str(&stdout_of(&["show", "-f", undirected, "tsmc", "--json"])).unwrap();
    assert_eq!(shown["directed"], false);
    assert_eq!(shown["relations"].as_array().unwrap().len(), 2);
    assert!(shown.get("outgoing").is_none() && shown.get("incoming").is_none());
    let paths = json_lines(&stdout_of(&[
        "path", "-f", undirected, "apple", "nvidia", "--json",
    ]));
    assert_eq!(paths[0]["directed"], false);
    for step in paths[0]["steps"].as_array().unwrap() {
        assert!(step.get("direction").is_none(), "{step}");
    }
    let directed = json_lines(&stdout_of(&[
        "path", "-f", MINI, "amazon", "msft", "--json",
    ]));
    assert_eq!(directed[0]["directed"], true);
    assert!(directed[0]["steps"][0]["direction"].is_string());
    let shown: serde_json::Value =
        serde_json::from_str(&stdout_of(&["show", "-f", MINI, "openai", "--json"])).unwrap();
    assert_eq!(shown["directed"], true);
    assert!(shown["outgoing"].is_array() && shown.get("relations").is_none());
}

#[test]
fn path_max_lists_distinct_paths_shortest_first_as_json() {
    let out = stdout_of(&["path", "-f", MINI, "amazon", "msft", "--max", "4", "--json"]);
    let paths = json_lines(&out);
    assert_eq!(paths.len(), 4);
    let lengths: Vec<u64> = paths
        .iter()
        .map(|p| p["length"].as_u64().unwrap())
        .collect();
    assert!(lengths.windows(2).all(|w| w[0] <= w[1]), "{lengths:?}");
    assert_eq!(paths[0]["nodes"][0]["id"], "amazon");
    assert_eq!(paths[0]["nodes"][lengths[0] as usize]["id"], "microsoft");
}

#[test]
fn path_ambiguous_name_lists_candidates_and_exits_1() {
    kgx()
        .args(["path", "-f", MINI, "a", "openai"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("ambiguous").and(predicate::str::contains("'amazon'")));
}

#[test]
fn path_with_no_connection_exits_1() {
    kgx()
        .args(["path", "-f", MINI, "openai", "amazon", "--directed"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("no path"));
}

/// `deals --party openai` lists exactly the deals OpenAI is a party of (every deal entity
/// related to OpenAI, read from the graph here), each naming OpenAI among its parties, by date.
#[test]
fn deals_for_openai_are_sorted_by_date() {
    for graph in [None, Some(MINI)] {
        let mut args = vec!["deals", "--party", "openai", "--json"];
        if let Some(path) = graph {
            args.extend(["-f", path]);
        }
        let out = stdout_of(&args);
        let deals: Vec<_> = json_lines(&out)
            .into_iter()
            .filter(|d| d["record"] == "deal")
            .collect();
        assert!(deals.len() >= 3, "{out}");
        for deal in &deals {
            let parties = deal["parties"].as_array().unwrap();
            assert!(parties.iter().any(|p| p["id"] == "openai"), "{deal}");
        }
        let g = match graph {
            None => crate::test_support::default_graph(),
            Some(path) => crate::test_support::graph_at(std::path::Path::new(path)),
        };
        let openai = g.entity(g.find("openai").unwrap());
        let mut related: Vec<&str> = openai
            .outgoing()
            .map(|r| r.to())
            .chain(openai.incoming().map(|r| r.from()))
            .filter(|e| e.kind() == "deal")
            .map(|e| e.id())
            .collect();
        related.sort_unstable();
        related.dedup();
        let mut listed: Vec<&str> = deals.iter().map(|d| d["id"].as_str().unwrap()).collect();
        listed.sort_unstable();
        assert_eq!(listed, related);
        // By date, undated deals last.
        let dates: Vec<Option<&str>> = deals.iter().map(|d| d["date"].as_str()).collect();
        let key = |d: &Option<&str>| (d.is_none(), d.unwrap_or_default().to_string());
        assert!(
            dates.windows(2).all(|w| key(&w[0]) <= key(&w[1])),
            "{dates:?}"
        );
    }
}

#[test]
fn deals_filters_and_year_totals() {
    let out = stdout_of(&[
        "deals", "-f", MINI, "--since", "2025-10", "--status", "signed",
    ]);
    assert!(out.contains("OpenAI Azure commitment"));
    assert!(!out.contains("Microsoft-OpenAI investment (2023)"));
    assert!(out.contains("2025    $288B  2 deals"), "{out}");
    kgx()
        .args(["deals", "-f", MINI, "--since", "last year"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("not a date"));
}

#[test]
fn flows_for_openai_show_totals_in_and_out() {
    let out = stdout_of(&["flows", "openai"]);
    assert!(out.contains("money out of OpenAI:"), "{out}");
    assert!(out.contains("money into OpenAI:"), "{out}");
    let mini = stdout_of(&["flows", "-f", MINI, "openai"]);
    assert!(
        mini.contains("money out of OpenAI: $328B in 3 flows"),
        "{mini}"
    );
    assert!(
        mini.contains("money into OpenAI: $160B in 3 flows"),
        "{mini}"
    );
}

#[test]
fn flows_separate_units_keep_clouds_apart() {
    let out = stdout_of(&["flows", "-f", MINI, "--separate-units", "--json"]);
    let payees: Vec<String> = json_lines(&out)
        .iter()
        .map(|f| f["payee"]["id"].as_str().unwrap().to_string())
        .collect();
    assert!(payees.contains(&"azure".to_string()), "{payees:?}");
    let merged = stdout_of(&["flows", "-f", MINI, "--json"]);
    let merged = json_lines(&merged);
    assert!(!merged.is_empty());
    for flow in &merged {
        for side in ["payer", "payee"] {
            assert_ne!(flow[side]["id"], "azure", "{flow}");
        }
    }
}

#[test]
fn flows_limit_shows_the_largest_and_says_how_many_more() {
    let out = stdout_of(&["flows", "-f", MINI, "--limit", "2"]);
    let pairs = out
        .lines()
        .filter(|l| l.starts_with("  ") && !l.starts_with("   "));
    assert_eq!(pairs.count(), 2, "{out}");
    assert!(out.starts_with("  OpenAI → Microsoft  $250B"), "{out}");
    assert!(out.contains("showing the 2 largest of 6 flows"), "{out}");
}
