//! Rules the default graph (`data/ai-infra.json`) must keep, read from the file as plain JSON
//! (`serde_json::Value`) so they do not depend on the library's API.
//!
//! Each rule is a function from the parsed file to a list of violations; the test for the real
//! file expects none, and `each_rule_catches_its_defect` injects one defect per rule into a copy
//! and expects that rule (and only a violation, not a panic) to report it.

use std::collections::{HashMap, HashSet};

use serde_json::{Value, json};

const DATA: &str = include_str!("../../data/ai-infra.json");

/// The last day the data covers; no date may be later.
const CUT_OFF: &str = "2026-11-30";
/// The status a deal keeps is the last one it reached; how it ended is `ended_how`.
const STATUSES: &[&str] = &["rumored", "talks", "announced", "signed", "completed"];
const ENDINGS: &[&str] = &[
    "superseded",
    "terminated",
    "not_exercised",
    "on_hold",
    "withdrawn",
];
/// Relation types whose `from` may not be of the given kind, and whose `to` may not be.
const FORBIDDEN_FROM: &[(&str, &str)] = &[("designs", "chip"), ("designs", "cloud")];
const FORBIDDEN_TO: &[(&str, &str)] = &[("operates", "company")];

fn data() -> Value {
    serde_json::from_str(DATA).expect("data/ai-infra.json is JSON")
}

fn list<'a>(g: &'a Value, key: &str) -> &'a [Value] {
    g[key].as_array().map(Vec::as_slice).unwrap_or(&[])
}

fn text<'a>(v: &'a Value, key: &str) -> Option<&'a str> {
    v.get(key).and_then(Value::as_str).filter(|s| !s.is_empty())
}

fn kinds(g: &Value) -> HashMap<&str, &str> {
    list(g, "entities")
        .iter()
        .filter_map(|e| Some((text(e, "id")?, text(e, "kind")?)))
        .collect()
}

fn deals(g: &Value) -> impl Iterator<Item = &Value> {
    list(g, "entities")
        .iter()
        .filter(|e| text(e, "kind") == Some("deal"))
}

fn id(e: &Value) -> &str {
    text(e, "id").unwrap_or("?")
}

/// Dates compare on their common prefix (`2026` is not after `2026-11-30`).
fn after(date: &str, limit: &str) -> bool {
    let n = date.len().min(limit.len());
    date.as_bytes()[..n] > limit.as_bytes()[..n]
}

fn is_date(s: &str) -> bool {
    let b = s.as_bytes();
    let digits = |r: std::ops::Range<usize>| b[r].iter().all(u8::is_ascii_digit);
    match b.len() {
        4 => digits(0..4),
        7 => digits(0..4) && b[4] == b'-' && digits(5..7),
        10 => digits(0..4) && b[4] == b'-' && digits(5..7) && b[7] == b'-' && digits(8..10),
        _ => false,
    }
}

/// A cloud is not a chip designer (Annapurna Labs designs Trainium, AWS offers it).
fn clouds_do_not_design(g: &Value) -> Vec<String> {
    let kinds = kinds(g);
    list(g, "relations")
        .iter()
        .filter(|r| text(r, "type") == Some("designs"))
        .filter(|r| text(r, "from").and_then(|f| kinds.get(f)) == Some(&"cloud"))
        .map(|r| format!("cloud {} designs {}", r["from"], r["to"]))
        .collect()
}

/// Every deal has a date, a known status and at least one source that exists.
fn deals_are_dated_and_sourced(g: &Value) -> Vec<String> {
    let sources: HashSet<&str> = list(g, "sources")
        .iter()
        .filter_map(|s| text(s, "id"))
        .collect();
    let mut out = Vec::new();
    for d in deals(g) {
        let a = &d["attrs"];
        match text(a, "date") {
            Some(date) if is_date(date) => {}
            other => out.push(format!("{}: date {other:?}", id(d))),
        }
        match text(a, "status") {
            Some(s) if STATUSES.contains(&s) => {}
            other => out.push(format!("{}: status {other:?}", id(d))),
        }
        let refs = list(d, "sources");
        if refs.is_empty() {
            out.push(format!("{}: no source", id(d)));
        }
        for r in refs {
            if !r.as_str().is_some_and(|s| sources.contains(s)) {
                out.push(format!("{}: unknown source {r}", id(d)));
            }
        }
    }
    out
}

/// `ended_how` comes with an `ended` date (not before the deal's date) and is one of the list;
/// a superseded deal names what superseded it.
fn endings_are_complete(g: &Value) -> Vec<String> {
    let superseded: HashSet<&str> = list(g, "relations")
        .iter()
        .filter(|r| text(r, "type") == Some("supersedes"))
        .filter_map(|r| text(r, "to"))
        .collect();
    let mut out = Vec::new();
    for d in deals(g) {
        let a = &d["attrs"];
        let (ended, how) = (text(a, "ended"), text(a, "ended_how"));
        match (ended, how) {
            (None, None) => continue,
            (None, Some(h)) => out.push(format!("{}: ended_how {h} without ended", id(d))),
            (Some(e), None) => out.push(format!("{}: ended {e} without ended_how", id(d))),
            (Some(_), Some(_)) => {}
        }
        if let Some(h) = how {
            if !ENDINGS.contains(&h) {
                out.push(format!(
                    "{}: ended_how {h} is not one of {ENDINGS:?}",
                    id(d)
                ));
            }
            if h == "superseded" && !superseded.contains(id(d)) {
                out.push(format!("{}: superseded, but nothing supersedes it", id(d)));
            }
        }
        if let (Some(e), Some(date)) = (ended, text(a, "date")) {
            if !is_date(e) || after(date, e) {
                out.push(format!("{}: ended {e} before its date {date}", id(d)));
            }
        }
    }
    out
}

/// Relation types that forbid an end of a kind: `designs` from a chip (or a cloud), `operates`
/// to a company.
fn relation_ends_fit_their_type(g: &Value) -> Vec<String> {
    let kinds = kinds(g);
    let kind_of = |r: &Value, end: &str| text(r, end).and_then(|i| kinds.get(i).copied());
    let mut out = Vec::new();
    for r in list(g, "relations") {
        let ty = text(r, "type").unwrap_or("");
        for &(t, k) in FORBIDDEN_FROM {
            if ty == t && kind_of(r, "from") == Some(k) {
                out.push(format!("{} {ty} {}: from a {k}", r["from"], r["to"]));
            }
        }
        for &(t, k) in FORBIDDEN_TO {
            if ty == t && kind_of(r, "to") == Some(k) {
                out.push(format!("{} {ty} {}: to a {k}", r["from"], r["to"]));
            }
        }
    }
    out
}

/// Every source has a title, a publisher and an http(s) URL (and any further `urls` are too).
fn sources_are_described(g: &Value) -> Vec<String> {
    let web = |u: &str| u.starts_with("https://") || u.starts_with("http://");
    let mut out = Vec::new();
    for s in list(g, "sources") {
        for field in ["title", "publisher"] {
            if text(s, field).is_none() {
                out.push(format!("{}: no {field}", id(s)));
            }
        }
        if !text(s, "url").is_some_and(web) {
            out.push(format!("{}: url {:?}", id(s), s.get("url")));
        }
        for u in list(s, "urls") {
            if !u.as_str().is_some_and(web) {
                out.push(format!("{}: urls entry {u}", id(s)));
            }
        }
    }
    out
}

/// No date anywhere (attributes of entities and relations, sources) after the cut-off. Only
/// `expected` may name a later year: it is a forecast, not an event.
fn nothing_after_the_cut_off(g: &Value) -> Vec<String> {
    let mut out = Vec::new();
    let mut check = |what: String, v: &Value| {
        if let Some(s) = v.as_str().filter(|s| is_date(s) && after(s, CUT_OFF)) {
            out.push(format!("{what}: {s} is after {CUT_OFF}"));
        }
    };
    for section in ["entities", "relations"] {
        for (i, item) in list(g, section).iter().enumerate() {
            if let Some(attrs) = item.get("attrs").and_then(Value::as_object) {
                for (k, v) in attrs.iter().filter(|(k, _)| *k != "expected") {
                    check(format!("{section}[{i}].attrs.{k}"), v);
                }
            }
        }
    }
    for s in list(g, "sources") {
        check(format!("source {}.date", id(s)), &s["date"]);
    }
    out
}

/// A deal entity and a plain relation must not describe the same transaction: same two parties,
/// same amount and same date (the timeline would count it twice).
fn no_transaction_twice(g: &Value) -> Vec<String> {
    let mut parties: HashMap<&str, HashSet<&str>> = HashMap::new();
    let deal_ids: HashSet<&str> = deals(g).map(id).collect();
    for r in list(g, "relations") {
        if let (Some(f), Some(t)) = (text(r, "from"), text(r, "to")) {
            if deal_ids.contains(t) && !deal_ids.contains(f) {
                parties.entry(t).or_default().insert(f);
            }
        }
    }
    let amount = |a: &Value| a.get("amount_usd").and_then(Value::as_f64);
    let mut out = Vec::new();
    for r in list(g, "relations") {
        let (Some(f), Some(t)) = (text(r, "from"), text(r, "to")) else {
            continue;
        };
        let a = &r["attrs"];
        let (Some(money), Some(date)) = (amount(a), text(a, "date")) else {
            continue;
        };
        if deal_ids.contains(f) || deal_ids.contains(t) {
            continue;
        }
        for d in deals(g) {
            let same_parties = parties
                .get(id(d))
                .is_some_and(|p| p.contains(f) && p.contains(t));
            if same_parties
                && amount(&d["attrs"]) == Some(money)
                && text(&d["attrs"], "date") == Some(date)
            {
                out.push(format!(
                    "{f} {} {t} and deal {} are the same transaction",
                    r["type"],
                    id(d)
                ));
            }
        }
    }
    out
}

/// `operates` goes from an owner (a company, or a cloud for a project it runs) to what it runs:
/// a cloud, a chip line, a datacenter or a project (Amazon operates AWS; never a company or a
/// deal).
fn operates_goes_from_an_owner_to_what_it_runs(g: &Value) -> Vec<String> {
    let kinds = kinds(g);
    let kind_of = |r: &Value, end: &str| text(r, end).and_then(|i| kinds.get(i).copied());
    list(g, "relations")
        .iter()
        .filter(|r| text(r, "type") == Some("operates"))
        .filter_map(|r| {
            let (from, to) = (kind_of(r, "from")?, kind_of(r, "to")?);
            let owner = matches!(from, "company" | "cloud");
            let run = matches!(to, "cloud" | "chip" | "datacenter" | "project");
            (!owner || !run).then(|| format!("{} ({from}) operates {} ({to})", r["from"], r["to"]))
        })
        .collect()
}

type Rule = fn(&Value) -> Vec<String>;

const RULES: &[(&str, Rule)] = &[
    ("clouds_do_not_design", clouds_do_not_design),
    ("deals_are_dated_and_sourced", deals_are_dated_and_sourced),
    ("endings_are_complete", endings_are_complete),
    ("relation_ends_fit_their_type", relation_ends_fit_their_type),
    (
        "operates_goes_from_an_owner_to_what_it_runs",
        operates_goes_from_an_owner_to_what_it_runs,
    ),
    ("sources_are_described", sources_are_described),
    ("nothing_after_the_cut_off", nothing_after_the_cut_off),
    ("no_transaction_twice", no_transaction_twice),
];

#[test]
fn the_default_graph_keeps_every_rule() {
    let g = data();
    let broken: Vec<String> = RULES
        .iter()
        .flat_map(|(name, rule)| rule(&g).into_iter().map(move |v| format!("{name}: {v}")))
        .collect();
    assert!(broken.is_empty(), "{broken:#?}");
}

#[test]
fn the_title_says_what_period_it_covers() {
    assert_eq!(data()["title"], "AI infrastructure, 2019 – November 2026");
}

/// The README's "(`data/ai-infra.json`, N entities, N relations, N sources" is the data's own
/// count, so the README cannot drift from the data.
#[test]
fn the_readme_states_the_graphs_exact_counts() {
    let readme =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    let words: Vec<&str> = readme
        .split("(`data/ai-infra.json`,")
        .nth(1)
        .expect("the README names the default graph")
        .split_whitespace()
        .take(6)
        .collect();
    let g = data();
    let stated = |i: usize| words[i].parse::<usize>().unwrap();
    assert_eq!(words[1], "entities,");
    assert_eq!(words[3], "relations,");
    assert_eq!(words[5], "sources,");
    assert_eq!(stated(0), list(&g, "entities").len(), "entities");
    assert_eq!(stated(2), list(&g, "relations").len(), "relations");
    assert_eq!(stated(4), list(&g, "sources").len(), "sources");
}

#[test]
fn the_graph_has_the_promised_size() {
    let g = data();
    assert!(list(&g, "entities").len() >= 190, "entities");
    assert!(list(&g, "relations").len() >= 480, "relations");
}

#[test]
fn the_amazon_openai_talks_end_superseded_on_2026_02_27() {
    let g = data();
    let talks = list(&g, "entities")
        .iter()
        .find(|e| id(e) == "deal-amazon-openai-talks-2025")
        .expect("the talks");
    let a = &talks["attrs"];
    assert_eq!(a["date"], "2025-12-16");
    assert_eq!(a["status"], "talks");
    assert_eq!(a["ended"], "2026-02-27");
    assert_eq!(a["ended_how"], "superseded");
}

fn entity_mut<'a>(g: &'a mut Value, wanted: &str) -> &'a mut Value {
    g["entities"]
        .as_array_mut()
        .unwrap()
        .iter_mut()
        .find(|e| e["id"] == wanted)
        .unwrap_or_else(|| panic!("{wanted} missing"))
}

fn push_relation(g: &mut Value, r: Value) {
    g["relations"].as_array_mut().unwrap().push(r);
}

/// One copy of the data per rule, each with one defect that rule must report.
#[test]
fn each_rule_catches_its_defect() {
    type Inject = fn(&mut Value);
    let defects: &[(&str, Inject)] = &[
        ("clouds_do_not_design", |g| {
            push_relation(
                g,
                json!({"from": "aws", "to": "trainium3", "type": "designs"}),
            );
        }),
        ("deals_are_dated_and_sourced", |g| {
            entity_mut(g, "deal-aws-openai-2025")["attrs"]
                .as_object_mut()
                .unwrap()
                .remove("date");
        }),
        ("deals_are_dated_and_sourced", |g| {
            entity_mut(g, "deal-aws-openai-2025")["attrs"]["status"] = json!("cancelled");
        }),
        ("deals_are_dated_and_sourced", |g| {
            entity_mut(g, "deal-aws-openai-2025")["sources"] = json!([]);
        }),
        ("endings_are_complete", |g| {
            entity_mut(g, "deal-aws-openai-2025")["attrs"]["ended_how"] = json!("terminated");
        }),
        ("endings_are_complete", |g| {
            let a = &mut entity_mut(g, "deal-amazon-openai-talks-2025")["attrs"];
            a["ended_how"] = json!("fizzled");
        }),
        ("relation_ends_fit_their_type", |g| {
            push_relation(
                g,
                json!({"from": "trainium3", "to": "trainium4", "type": "designs"}),
            );
        }),
        ("relation_ends_fit_their_type", |g| {
            push_relation(
                g,
                json!({"from": "amazon", "to": "openai", "type": "operates"}),
            );
        }),
        ("operates_goes_from_an_owner_to_what_it_runs", |g| {
            push_relation(
                g,
                json!({"from": "trainium3", "to": "aws", "type": "operates"}),
            );
        }),
        ("operates_goes_from_an_owner_to_what_it_runs", |g| {
            push_relation(
                g,
                json!({"from": "amazon", "to": "deal-aws-openai-2025", "type": "operates"}),
            );
        }),
        ("sources_are_described", |g| {
            g["sources"][3].as_object_mut().unwrap().remove("publisher");
        }),
        ("sources_are_described", |g| {
            g["sources"][3]["url"] = json!("archive.ph/fUGqA");
        }),
        ("nothing_after_the_cut_off", |g| {
            entity_mut(g, "deal-aws-openai-2025")["attrs"]["date"] = json!("2026-12-01");
        }),
        ("no_transaction_twice", |g| {
            push_relation(
                g,
                json!({"from": "spacex", "to": "xai", "type": "acquired", "attrs":
                       {"date": "2026-02-02", "amount_usd": 250000000000_u64}}),
            );
        }),
    ];
    for &(rule_name, inject) in defects {
        let mut g = data();
        inject(&mut g);
        let rule = RULES.iter().find(|(n, _)| *n == rule_name).unwrap().1;
        assert!(
            !rule(&g).is_empty(),
            "{rule_name} did not catch its injected defect"
        );
    }
    // Every rule has at least one defect that it catches.
    for (name, _) in RULES {
        assert!(
            defects.iter().any(|(n, _)| n == name),
            "{name} is never tried"
        );
    }
}
