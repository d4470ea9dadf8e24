//! `--as-of DATE` on the command line, run on the built-in graph: the three examples
//! (deals, cycles, show), the overview's count of undated things, and bad dates (exit 2).

use predicates::prelude::*;
use serde_json::Value;

use crate::test_support::{kgx, stdout_of};

fn json_lines(args: &[&str]) -> Vec<Value> {
    stdout_of(args)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

#[test]
fn deals_as_of_a_day_list_no_later_deal_and_the_talks_still_live() {
    let deals = json_lines(&["deals", "--as-of", "2025-12-16", "--json"]);
    assert!(
        deals.len() > 20,
        "the 2025 deals are there: {}",
        deals.len()
    );
    for d in &deals {
        let date = d["date"].as_str().unwrap_or("");
        assert!(date <= "2025-12-16", "a deal after the day: {d}");
    }
    let talks = deals
        .iter()
        .find(|d| d["id"] == "deal-amazon-openai-talks-2025")
        .expect("the Amazon-OpenAI talks");
    assert_eq!(talks["status"], "talks");
    assert_eq!(
        talks["ended_how"],
        Value::Null,
        "superseded only on 2026-02-27"
    );
    assert_eq!(talks["counted"], true);
    // Without --as-of the 2026 deals and the ending are there.
    let today = json_lines(&["deals", "--json"]);
    assert!(
        today
            .iter()
            .any(|d| d["date"].as_str().unwrap_or("") >= "2026")
    );
    let talks = today
        .iter()
        .find(|d| d["id"] == "deal-amazon-openai-talks-2025")
        .unwrap();
    assert_eq!(talks["ended_how"], "superseded");
}

#[test]
fn cycles_as_of_a_day_keep_microsoft_openai_but_not_the_2026_amazon_legs() {
    let rings = stdout_of(&["cycles", "--as-of", "2025-12-16", "--json"]);
    let parties = |line: &str| -> Vec<String> {
        let v: Value = serde_json::from_str(line).unwrap();
        v["parties"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| {
                p["id"]
                    .as_str()
                    .unwrap_or(p.as_str().unwrap_or(""))
                    .to_string()
            })
            .collect()
    };
    assert!(
        rings.lines().any(|l| {
            let p = parties(l);
            p.len() == 2 && p.contains(&"microsoft".into()) && p.contains(&"openai".into())
        }),
        "Microsoft <-> OpenAI: {rings}"
    );
    for later in ["deal-amazon-openai-2026", "deal-aws-openai-2026"] {
        assert!(!rings.contains(later), "{later} is dated 2026");
    }
    let today = stdout_of(&["cycles", "--json"]);
    assert!(
        today.contains("deal-amazon-openai-2026"),
        "the leg exists today"
    );
}

#[test]
fn show_as_of_a_day_gives_the_valuation_of_that_day() {
    let openai: Value = serde_json::from_str(&stdout_of(&[
        "show",
        "openai",
        "--as-of",
        "2025-12-16",
        "--json",
    ]))
    .unwrap();
    assert_eq!(openai["attrs"]["valuation_usd"], 500_000_000_000i64);
    assert_eq!(openai["attrs"]["valuation_date"], "2025-10-02");
    let today: Value = serde_json::from_str(&stdout_of(&["show", "openai", "--json"])).unwrap();
    assert_eq!(today["attrs"]["valuation_usd"], 852_000_000_000i64);
}

#[test]
fn sources_published_after_the_day_are_not_cited() {
    let dates = |args: &[&str]| -> Vec<String> {
        let v: Value = serde_json::from_str(&stdout_of(args)).unwrap();
        v["sources"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|s| s["date"].as_str().map(str::to_string))
            .collect()
    };
    let then = dates(&["show", "openai", "--as-of", "2025-12-16", "--json"]);
    assert!(!then.is_empty(), "sources of 2025 stay");
    assert!(then.iter().all(|d| d.as_str() <= "2025-12-16"), "{then:?}");
    let today = dates(&["show", "openai", "--json"]);
    assert!(today.iter().any(|d| d.starts_with("2026")), "{today:?}");
    let check = json_lines(&["check", "--as-of", "2025-12-16", "--json"]);
    assert!(check[0]["as_of"]["hidden_sources"].as_u64().unwrap() > 0);
}

#[test]
fn a_later_entity_is_not_found_as_of_an_earlier_day() {
    kgx()
        .args(["show", "deal-amazon-openai-2026", "--as-of", "2025-12-16"])
        .assert()
        .failure();
    stdout_of(&["show", "deal-amazon-openai-2026", "--as-of", "2026-03"]);
}

#[test]
fn stats_and_check_say_what_the_day_hides_and_how_much_is_undated() {
    let stats = stdout_of(&["stats", "--as-of", "2025-12-16"]);
    let first = stats.lines().next().unwrap();
    assert!(first.starts_with("as of 2025-12-16: "), "{first}");
    assert!(first.contains("dated later hidden") && first.contains("have no date"));
    let check = json_lines(&["check", "--as-of", "2025-12-16", "--json"]);
    let all = json_lines(&["check", "--json"]);
    let as_of = &check[0]["as_of"];
    assert_eq!(as_of["date"], "2025-12-16");
    assert!(as_of["undated_entities"].as_u64().unwrap() > 0);
    assert_eq!(
        check[0]["entities"].as_u64().unwrap() + as_of["hidden_entities"].as_u64().unwrap(),
        all[0]["entities"].as_u64().unwrap()
    );
}

#[test]
fn bad_dates_are_usage_errors() {
    for bad in ["2025-13", "2025-02-30", "Dec 2025", "2025-1"] {
        kgx()
            .args(["deals", "--as-of", bad])
            .assert()
            .code(2)
            .stderr(predicate::str::contains(
                "is not a date: use YYYY, YYYY-MM or YYYY-MM-DD",
            ));
    }
    for ok in ["2025", "2025-12", "2025-12-16"] {
        kgx().args(["deals", "--as-of", ok]).assert().success();
    }
}

#[test]
fn every_graph_reading_subcommand_takes_as_of() {
    for args in [
        vec!["search", "openai"],
        vec!["path", "amazon", "microsoft"],
        vec!["flows", "openai"],
        vec!["partners", "openai"],
        vec!["compare", "microsoft", "amazon"],
        vec!["export", "--format", "json"],
    ] {
        let mut with = args.clone();
        with.extend(["--as-of", "2025-12-16"]);
        kgx().args(&with).assert().success();
    }
    let exported: Value = serde_json::from_str(&stdout_of(&[
        "export", "--format", "json", "--as-of", "2025",
    ]))
    .unwrap();
    let ids: Vec<&str> = exported["entities"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["id"].as_str().unwrap())
        .collect();
    assert!(ids.contains(&"openai"));
    assert!(!ids.contains(&"deal-openai-round-2026"));
}

#[test]
fn as_of_works_on_an_imported_graph_that_carries_dates_and_amounts() {
    // The default graph written as GraphSON (TinkerPop) and read back through the importer.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("graphson.json");
    std::fs::write(&path, stdout_of(&["export", "--format", "graphson"])).unwrap();
    let file = path.to_str().unwrap();
    let deals = json_lines(&["deals", "-f", file, "--as-of", "2025-12-16", "--json"]);
    let here = json_lines(&["deals", "--as-of", "2025-12-16", "--json"]);
    assert_eq!(deals.len(), here.len());
    assert!(
        deals
            .iter()
            .all(|d| d["date"].as_str().unwrap_or("") <= "2025-12-16")
    );
    let openai: Value = serde_json::from_str(&stdout_of(&[
        "show",
        "openai",
        "-f",
        file,
        "--as-of",
        "2025-12-16",
        "--json",
    ]))
    .unwrap();
    assert_eq!(openai["attrs"]["valuation_usd"], 500_000_000_000i64);
    let rings = stdout_of(&["cycles", "-f", file, "--as-of", "2025-12-16", "--json"]);
    assert!(!rings.contains("deal-amazon-openai-2026"));
}

#[test]
fn an_imported_graph_is_dated_and_filtered_too() {
    // FollowTheMoney payments with dates and amounts: the ring closes on 2024-12-31.
    const RING: &str = "tests/fixtures/import/ftm-payment-ring.ftm";
    let ids = |args: &[&str]| -> Vec<String> {
        let mut all = vec!["-f", RING];
        all.extend_from_slice(args);
        json_lines(&all)
            .iter()
            .filter(|d| d["record"] == "deal")
            .map(|d| d["id"].as_str().unwrap().to_string())
            .collect()
    };
    let today = ids(&["deals", "--json"]);
    assert_eq!(today.len(), 3, "{today:?}");
    let then = ids(&["--as-of", "2024-07", "deals", "--json"]);
    assert_eq!(then, ["fund/paid/lab", "lab/paid/host"]);
    let big = ids(&["deals", "--where", "amount>2m", "--json"]);
    assert_eq!(big, ["fund/paid/lab", "lab/paid/host"]);
    stdout_of(&["-f", RING, "cycles"]);
    kgx()
        .args(["-f", RING, "--as-of", "2024-07", "cycles"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("no money rings"));
}
