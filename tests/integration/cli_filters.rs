//! Filters in the query (`kgx search`, `--where`) and deal endings, run as a user runs them on
//! the built-in graph. Expected results are computed from `data/ai-infra.json` itself, so a
//! filter that keeps or drops the wrong deals fails here.

use std::collections::BTreeSet;

use predicates::prelude::*;
use serde_json::Value;

use crate::test_support::kgx;

fn data() -> Value {
    serde_json::from_str(include_str!("../../data/ai-infra.json")).unwrap()
}

fn entities() -> Vec<Value> {
    data()["entities"].as_array().unwrap().clone()
}

fn search_ids(query: &str) -> BTreeSet<String> {
    let out = kgx()
        .args(["search", query, "--json", "--limit", "100000"])
        .assert()
        .get_output()
        .stdout
        .clone();
    String::from_utf8(out)
        .unwrap()
        .lines()
        .map(|l| {
            serde_json::from_str::<Value>(l).unwrap()["id"]
                .as_str()
                .unwrap()
                .to_string()
        })
        .collect()
}

/// The deal entities of the default graph passing `keep`.
fn deals_where(keep: impl Fn(&Value) -> bool) -> BTreeSet<String> {
    entities()
        .iter()
        .filter(|e| e["kind"] == "deal" && keep(&e["attrs"]))
        .map(|e| e["id"].as_str().unwrap().to_string())
        .collect()
}

fn amount(a: &Value) -> Option<f64> {
    a["amount_usd"].as_f64()
}

fn date(a: &Value) -> &str {
    a["date"].as_str().unwrap_or("")
}

fn check(query: &str, keep: impl Fn(&Value) -> bool) {
    let want = deals_where(keep);
    assert!(!want.is_empty(), "{query}: the data has deals to find");
    assert_eq!(search_ids(&format!("@deal {query}")), want, "{query}");
}

#[test]
fn amount_filters_compare_amount_usd_with_suffixes() {
    check("amount>10b", |a| amount(a).is_some_and(|x| x > 10e9));
    check("amount>=500m", |a| amount(a).is_some_and(|x| x >= 500e6));
    check("amount<1e9", |a| amount(a).is_some_and(|x| x < 1e9));
}

#[test]
fn date_and_year_filters_compare_on_the_common_prefix() {
    check("year:2025", |a| date(a).starts_with("2025"));
    check("date>=2025-06", |a| {
        !date(a).is_empty() && date(a)[..date(a).len().min(7)] >= *"2025-06"
    });
    check("date<2026", |a| {
        !date(a).is_empty() && &date(a)[..4] < "2026"
    });
}

#[test]
fn status_filters_take_one_status_or_a_list() {
    let status = |a: &Value| a["status"].as_str().unwrap_or("").to_string();
    check("status:signed", |a| status(a) == "signed");
    check("status:talks,announced", |a| {
        ["talks", "announced"].contains(&status(a).as_str())
    });
    check("!status:talks", |a| {
        status(a) != "talks" && a["ended_how"].as_str() != Some("talks")
    });
}

#[test]
fn has_and_attr_filters_read_any_attribute() {
    check("has:amount", |a| amount(a).is_some());
    check("!has:amount", |a| amount(a).is_none());
    check("attr:term_years>5", |a| {
        a["term_years"].as_f64().is_some_and(|y| y > 5.0)
    });
}

#[test]
fn party_filter_counts_an_owners_operated_units() {
    let d = data();
    let rels = d["relations"].as_array().unwrap();
    let mut parties = vec!["amazon".to_string()];
    let mut i = 0;
    while i < parties.len() {
        for r in rels {
            if r["type"] == "operates" && r["from"] == parties[i].as_str() {
                parties.push(r["to"].as_str().unwrap().to_string());
            }
        }
        i += 1;
    }
    assert!(parties.contains(&"aws".to_string()));
    let roles = [
        "investor", "investee", "customer", "provider", "buyer", "supplier", "partner",
    ];
    let want: BTreeSet<String> = rels
        .iter()
        .filter(|r| {
            roles.contains(&r["type"].as_str().unwrap())
                && parties.contains(&r["from"].as_str().unwrap().to_string())
        })
        .map(|r| r["to"].as_str().unwrap().to_string())
        .filter(|to| {
            entities()
                .iter()
                .any(|e| e["id"] == to.as_str() && e["kind"] == "deal")
        })
        .collect();
    assert_eq!(search_ids("@deal party:amazon"), want);
}

#[test]
fn filters_combine_with_kinds_and_the_amazon_talks_are_found() {
    let big = search_ids("@deal amount>=100b year:2025");
    for id in [
        "deal-msft-openai-2025",
        "deal-oracle-openai-2025",
        "deal-nvidia-openai-loi-2025",
    ] {
        assert!(big.contains(id), "{id} in {big:?}");
    }
    let want =
        deals_where(|a| amount(a).is_some_and(|x| x >= 100e9) && date(a).starts_with("2025"));
    assert_eq!(big, want);
    assert!(
        search_ids("@deal party:openai status:talks").contains("deal-amazon-openai-talks-2025")
    );
    assert_eq!(
        search_ids("amazon talks amount>1b"),
        BTreeSet::from(["deal-amazon-openai-talks-2025".to_string()])
    );
}

#[test]
fn search_shows_the_value_a_filter_matched() {
    kgx()
        .args(["search", "@deal amount>=250b", "--where", "year:2025"])
        .assert()
        .success()
        .stdout(predicate::str::contains("[$250B]"));
    let out = kgx()
        .args(["search", "@deal amount>=250b", "--json"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let first: Value =
        serde_json::from_str(String::from_utf8(out).unwrap().lines().next().unwrap()).unwrap();
    assert_eq!(first["matched"]["key"], "amount_usd");
    assert!(first["matched"]["value"].as_f64().unwrap() >= 250e9);
}

#[test]
fn deals_where_keeps_only_matching_rows() {
    let out = kgx()
        .args(["deals", "--where", "amount>=100b year:2025", "--json"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let rows: Vec<Value> = String::from_utf8(out)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .filter(|v: &Value| v["record"] == "deal")
        .collect();
    assert!(!rows.is_empty());
    for r in &rows {
        assert!(r["amount_usd"].as_f64().unwrap() >= 100e9, "{r}");
        assert!(r["date"].as_str().unwrap().starts_with("2025"), "{r}");
    }
}

#[test]
fn a_bad_filter_is_a_clear_error_with_exit_2() {
    for (args, says) in [
        (
            vec!["search", "amount>ten"],
            "amount>ten: not a number — try amount>10b",
        ),
        (vec!["search", "colour:red"], "unknown filter 'colour'"),
        (vec!["search", "year:25"], "not a year"),
        (vec!["deals", "--where", "date<2025-13"], "not a date"),
        (vec!["search", "party:no-such-company-at-all"], "no entity"),
    ] {
        kgx()
            .args(&args)
            .assert()
            .code(2)
            .stderr(predicate::str::contains(says));
    }
    kgx().args(["search", "@deal amount>1"]).assert().success();
}

#[test]
fn ended_deals_are_listed_marked_and_left_out_of_totals() {
    let out = kgx()
        .args(["deals", "--party", "coreweave", "--json"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let rows: Vec<Value> = String::from_utf8(out)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let ended: Vec<&Value> = rows.iter().filter(|r| r["ended_how"].is_string()).collect();
    assert!(!ended.is_empty());
    for r in &ended {
        assert_eq!(r["counted"], false, "{r}");
        assert!(r["ended"].is_string(), "{r}");
    }
    kgx()
        .args(["deals", "--party", "coreweave"])
        .assert()
        .stdout(predicate::str::contains(
            "(ended: terminated 2025-10-30, not in totals)",
        ));
}

#[test]
fn check_warns_on_a_bad_ending_and_strict_refuses_it() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("g.json");
    std::fs::write(
        &path,
        r#"{"entities": [{"id": "d", "kind": "deal", "name": "D",
            "attrs": {"status": "talks", "ended_how": "superseded"}}]}"#,
    )
    .unwrap();
    kgx()
        .args(["check", path.to_str().unwrap()])
        .assert()
        .success()
        .stderr(predicate::str::contains("no 'ended' date"));
    kgx()
        .args(["check", "--strict", path.to_str().unwrap()])
        .assert()
        .failure();
}

/// The JSON lines `kgx ARGS` prints.
fn json_lines_of(args: &[&str]) -> Vec<Value> {
    crate::test_support::stdout_of(args)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

/// Every `"date"` anywhere in `v`.
fn dates_in(v: &Value, out: &mut Vec<String>) {
    match v {
        Value::Object(m) => {
            for (k, x) in m {
                match (k.as_str(), x) {
                    ("date", Value::String(d)) => out.push(d.clone()),
                    _ => dates_in(x, out),
                }
            }
        }
        Value::Array(a) => a.iter().for_each(|x| dates_in(x, out)),
        _ => {}
    }
}

#[test]
fn where_keeps_only_matching_deals_in_flows_cycles_and_partners() {
    for args in [
        vec!["flows", "--json", "--limit", "0", "--where", "year:2025"],
        vec![
            "partners",
            "openai",
            "--json",
            "--limit",
            "0",
            "--where",
            "year:2025",
        ],
        vec!["cycles", "--json", "--where", "year:2025"],
    ] {
        let lines = json_lines_of(&args);
        assert!(!lines.is_empty(), "{args:?}");
        let mut dates = Vec::new();
        lines.iter().for_each(|l| dates_in(l, &mut dates));
        assert!(!dates.is_empty(), "{args:?}");
        assert!(
            dates.iter().all(|d| d.starts_with("2025")),
            "{args:?}: {dates:?}"
        );
    }
    let talks = crate::test_support::stdout_of(&["cycles", "--where", "!status:talks"]);
    assert!(!talks.contains(" talks "), "{talks}");
    kgx()
        .args(["flows", "--where", "amount>ten"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("amount>ten: not a number"));
}

#[test]
fn export_where_keeps_matching_entities_and_the_relations_between_them() {
    let out =
        crate::test_support::stdout_of(&["export", "--format", "json", "--where", "@company"]);
    let g: Value = serde_json::from_str(&out).unwrap();
    let ids: BTreeSet<&str> = g["entities"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            assert_eq!(e["kind"], "company");
            e["id"].as_str().unwrap()
        })
        .collect();
    assert!(ids.contains("openai") && ids.len() > 10);
    for r in g["relations"].as_array().unwrap() {
        assert!(
            ids.contains(r["from"].as_str().unwrap()) && ids.contains(r["to"].as_str().unwrap())
        );
    }
}
