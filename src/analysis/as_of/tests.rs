//! Unit tests of the dated view on small graphs and on the default graph.

use super::{AsOf, AsOfError};
use crate::analysis::{DealFilter, deals};
use crate::graph::{AttrValue, Graph, LoadOptions, load_bytes, load_default};

fn load(json: &str) -> Graph {
    load_bytes(json.as_bytes(), "test", LoadOptions::default())
        .unwrap()
        .graph
}

fn day(d: &str) -> AsOf {
    AsOf::parse(d).unwrap()
}

const ENDED: &str = r#"{"entities": [
    {"id": "a", "kind": "company", "name": "A"},
    {"id": "b", "kind": "company", "name": "B"},
    {"id": "talks", "kind": "deal", "name": "Talks",
     "attrs": {"date": "2025-12-16", "status": "talks", "amount_usd": 10,
               "ended": "2026-02-27", "ended_how": "superseded"}},
    {"id": "deal", "kind": "deal", "name": "Deal",
     "attrs": {"date": "2026-02-27", "status": "signed", "amount_usd": 50}}
  ], "relations": [
    {"from": "a", "to": "talks", "type": "investor"},
    {"from": "b", "to": "talks", "type": "investee"},
    {"from": "a", "to": "deal", "type": "investor"},
    {"from": "deal", "to": "talks", "type": "supersedes"}
  ]}"#;

fn ending_on(g: &Graph, d: &str) -> Option<String> {
    let (view, _) = day(d).view(g);
    let talks = view.find("talks").unwrap();
    view.entity(talks)
        .attr("ended_how")
        .and_then(|v| v.as_str().map(str::to_string))
}

#[test]
fn a_deal_before_on_and_after_its_end_date() {
    let g = load(ENDED);
    assert_eq!(
        ending_on(&g, "2026-02-26"),
        None,
        "the day before: live talks"
    );
    assert_eq!(ending_on(&g, "2026-02-27").as_deref(), Some("superseded"));
    assert_eq!(ending_on(&g, "2026-03").as_deref(), Some("superseded"));
    let (before, summary) = day("2026-02-26").view(&g);
    assert_eq!(summary.endings_undone, 1);
    let listed = deals(&before, &DealFilter::default());
    assert_eq!(listed.len(), 1, "the newer deal is not known yet");
    assert_eq!(listed[0].status, Some("talks"));
    assert!(listed[0].ending.is_none());
    // The status and the rest of the deal's attributes are kept.
    let talks = before.entity(before.find("talks").unwrap());
    assert_eq!(talks.attr("amount_usd"), Some(AttrValue::Int(10)));
    assert!(talks.attr("ended").is_none());
}

#[test]
fn things_dated_later_are_hidden_with_their_relations() {
    let g = load(ENDED);
    let (view, summary) = day("2025-12-16").view(&g);
    assert!(view.find("deal").is_none());
    assert!(view.find("talks").is_some(), "dated on the day: shown");
    assert_eq!(summary.hidden_entities, 1);
    assert_eq!(
        summary.hidden_relations, 2,
        "a -investor-> deal, deal -supersedes-> talks"
    );
    assert_eq!(view.relations().count(), 2);
    let a = view.find("a").unwrap();
    assert_eq!(view.degree(a), 1);
    assert_eq!(view.outgoing(a).count(), 1);
    assert_eq!(view.entities().count(), 3);
    assert_eq!(view.visible_entity_count(), 3);
    // The graph it came from is unchanged and shares its data.
    assert_eq!(g.entities().count(), 4);
    assert_eq!(view.entity_count(), 4, "indices keep their meaning");
    let (earlier, _) = day("2025").view(&g);
    assert!(earlier.find("talks").is_some(), "2025-12-16 is within 2025");
    let (year_before, _) = day("2024").view(&g);
    assert!(year_before.find("talks").is_none());
}

#[test]
fn undated_things_stay_and_are_counted() {
    let g = load(ENDED);
    let (view, summary) = day("2000").view(&g);
    assert!(view.find("a").is_some() && view.find("b").is_some());
    assert_eq!(summary.undated_entities, 2);
    assert_eq!(
        summary.undated_relations, 0,
        "every relation touches a hidden deal"
    );
    let dated_relation = r#"{"entities": [
        {"id": "a", "kind": "company", "name": "A"},
        {"id": "b", "kind": "company", "name": "B"}
      ], "relations": [
        {"from": "a", "to": "b", "type": "partner"},
        {"from": "a", "to": "b", "type": "supplier", "attrs": {"date": "2026-01"}}
      ]}"#;
    let (view, summary) = day("2025-12-31").view(&load(dated_relation));
    assert_eq!(view.relations().count(), 1);
    assert_eq!(summary.undated_relations, 1);
    assert_eq!(summary.hidden_relations, 1);
}

const VALUED: &str = r#"{"entities": [
    {"id": "co", "kind": "company", "name": "Co",
     "attrs": {"valuation_usd": 852, "valuation_date": "2026-03-31"}},
    {"id": "r1", "kind": "deal", "name": "Round 1",
     "attrs": {"date": "2025-03-31", "status": "completed", "valuation_usd": 300}},
    {"id": "sale", "kind": "deal", "name": "Share sale",
     "attrs": {"date": "2025-10-02", "status": "completed", "valuation_usd": 500,
               "valuation_usd_approximate": true}},
    {"id": "talks", "kind": "deal", "name": "Talks",
     "attrs": {"date": "2025-12-16", "status": "talks", "valuation_usd": 600}},
    {"id": "buyer", "kind": "company", "name": "Buyer"}
  ], "relations": [
    {"from": "co", "to": "r1", "type": "investee"},
    {"from": "co", "to": "sale", "type": "partner"},
    {"from": "buyer", "to": "sale", "type": "buyer"},
    {"from": "co", "to": "talks", "type": "investee"}
  ]}"#;

fn valuation_on(g: &Graph, d: &str) -> (Option<AttrValue<'static>>, Option<String>) {
    let (view, _) = day(d).view(g);
    let co = view.entity(view.find("co").unwrap());
    let usd = co.attr("valuation_usd").map(|v| match v {
        AttrValue::Int(i) => AttrValue::Int(i),
        other => panic!("{other:?}"),
    });
    let date = co
        .attr("valuation_date")
        .and_then(|v| v.as_str().map(str::to_string));
    (usd, date)
}

#[test]
fn an_entity_with_dated_valuations_shows_the_latest_known_one() {
    let g = load(VALUED);
    assert_eq!(
        valuation_on(&g, "2026-04"),
        (Some(AttrValue::Int(852)), Some("2026-03-31".into())),
        "its own valuation once it is known"
    );
    assert_eq!(
        valuation_on(&g, "2025-12-16"),
        (Some(AttrValue::Int(500)), Some("2025-10-02".into())),
        "the share sale, not the talks' proposed valuation"
    );
    assert_eq!(
        valuation_on(&g, "2025-06"),
        (Some(AttrValue::Int(300)), Some("2025-03-31".into()))
    );
    assert_eq!(valuation_on(&g, "2024"), (None, None), "nothing known yet");
    let (view, summary) = day("2025-12-16").view(&g);
    assert_eq!(summary.valuations_dated, 1);
    let co = view.entity(view.find("co").unwrap());
    assert_eq!(
        co.attr("valuation_usd_approximate"),
        Some(AttrValue::Bool(true)),
        "the qualifier comes with the value"
    );
}

#[test]
fn openai_is_a_500b_company_on_2025_12_16() {
    let g = load_default().unwrap().graph;
    let (view, _) = day("2025-12-16").view(&g);
    let openai = view.entity(view.find("openai").unwrap());
    assert_eq!(
        openai.attr("valuation_usd"),
        Some(AttrValue::Int(500_000_000_000))
    );
    let talks = view.entity(view.find("deal-amazon-openai-talks-2025").unwrap());
    assert_eq!(talks.attr("status"), Some(AttrValue::Str("talks")));
    assert!(talks.attr("ended_how").is_none());
}

#[test]
fn dates_are_read_strictly() {
    for ok in ["2025", "2025-12", "2025-12-16", "2024-02-29", " 2025-01 "] {
        assert!(AsOf::parse(ok).is_ok(), "{ok}");
    }
    for bad in [
        "2025-13",
        "2025-02-29",
        "2025-04-31",
        "25",
        "2025-1",
        "yesterday",
        "",
    ] {
        assert!(matches!(AsOf::parse(bad), Err(AsOfError(_))), "{bad}");
    }
    let message = AsOf::parse("2025-13").unwrap_err().to_string();
    assert!(message.contains("'2025-13' is not a date"), "{message}");
}

#[test]
fn shifting_moves_by_months_and_keeps_the_day_valid() {
    assert_eq!(day("2025-12-16").shifted(1).day(), "2026-01-16");
    assert_eq!(day("2025-12-16").shifted(-12).day(), "2024-12-16");
    assert_eq!(day("2025-01-31").shifted(1).day(), "2025-02-28");
    assert_eq!(day("2025").shifted(-1).day(), "2025-11-30");
    assert_eq!(day("2024-02").shifted(12).day(), "2025-02-28");
}

#[test]
fn the_latest_date_is_the_last_dated_thing() {
    let g = load(ENDED);
    assert_eq!(AsOf::latest(&g).unwrap().day(), "2026-02-27");
}

#[test]
fn sources_published_after_the_day_are_hidden_and_undated_ones_stay() {
    let g = load(
        r#"{"sources": [
            {"id": "early", "date": "2025-11-02"},
            {"id": "month", "date": "2026-01"},
            {"id": "later", "date": "2026-03-31"},
            {"id": "undated"},
            {"id": "odd", "date": "spring 2026"}
          ], "entities": [
            {"id": "a", "kind": "company", "name": "A",
             "sources": ["early", "month", "later", "undated", "odd"]},
            {"id": "b", "kind": "company", "name": "B"}
          ], "relations": [
            {"from": "a", "to": "b", "type": "partner", "sources": ["early", "later"]}
          ]}"#,
    );
    let ids = |g: &Graph| -> Vec<String> {
        let a = g.entity(g.find("a").unwrap());
        a.sources().map(|s| s.id().to_string()).collect()
    };
    assert_eq!(ids(&g), ["early", "month", "later", "undated", "odd"]);
    let (view, summary) = day("2025-12-16").view(&g);
    assert_eq!(ids(&view), ["early", "undated", "odd"]);
    assert_eq!(summary.hidden_sources, 2);
    let all: Vec<_> = view.sources().map(|s| s.id()).collect();
    assert_eq!(all, ["early", "undated", "odd"]);
    let rel = view.relations().next().unwrap();
    assert_eq!(rel.sources().map(|s| s.id()).collect::<Vec<_>>(), ["early"]);
    // A partial date counts from its first day.
    let (view, summary) = day("2026-01-01").view(&g);
    assert_eq!(ids(&view), ["early", "month", "undated", "odd"]);
    assert_eq!(summary.hidden_sources, 1);
    // Nothing published later: no source mask.
    let (view, summary) = day("2027").view(&g);
    assert_eq!(summary.hidden_sources, 0);
    assert_eq!(ids(&view).len(), 5);
}
