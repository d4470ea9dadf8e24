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

#[test]
fn path_amazon_microsoft_on_default_graph() {
    let out = stdout_of(&["path", "amazon", "microsoft"]);
    assert!(out.starts_with("Amazon "), "{out}");
    assert!(out.trim_end().ends_with("Microsoft"), "{out}");
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
        let dates: Vec<&str> = deals.iter().filter_map(|d| d["date"].as_str()).collect();
        assert!(dates.windows(2).all(|w| w[0] <= w[1]), "{dates:?}");
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
    assert!(!merged.contains("\"payee\":{\"id\":\"azure\""));
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
