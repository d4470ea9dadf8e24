//! The built-in graph (`data/ai-infra.json`): it loads cleanly and meets the coverage the product
//! promises, and every deal carries what a reader needs to trust it.

use kgx::graph::{AttrValue, load_default};

use crate::test_support::default_graph;

#[test]
fn loads_with_zero_warnings() {
    let loaded = load_default().unwrap();
    let rendered: Vec<String> = loaded
        .warnings
        .iter()
        .map(|w| w.render("default"))
        .collect();
    assert_eq!(loaded.warning_total, 0, "{rendered:#?}");
}

#[test]
fn meets_the_coverage_counts() {
    let g = default_graph();
    let count = |kind: &str| g.entities().filter(|e| e.kind() == kind).count();
    assert!(g.entity_count() >= 80, "{} entities", g.entity_count());
    assert!(count("company") >= 25, "companies: {}", count("company"));
    assert!(count("chip") >= 20, "chips: {}", count("chip"));
    assert!(count("cloud") >= 8, "clouds: {}", count("cloud"));
    assert!(count("deal") >= 25, "deals: {}", count("deal"));
    assert!(
        g.relation_count() >= 150,
        "{} relations",
        g.relation_count()
    );
}

#[test]
fn every_deal_has_date_status_and_a_source() {
    let g = default_graph();
    for deal in g.entities().filter(|e| e.kind() == "deal") {
        let id = deal.id();
        assert!(
            matches!(deal.attr("date"), Some(AttrValue::Str(_))),
            "{id}: date"
        );
        assert!(
            matches!(deal.attr("status"), Some(AttrValue::Str(_))),
            "{id}: status"
        );
        assert!(deal.sources().count() >= 1, "{id}: no source");
        assert!(deal.degree() >= 1, "{id}: a deal needs a party");
        if let Some(a) = deal.attr("amount_usd") {
            assert!(a.as_f64().is_some_and(|v| v > 0.0), "{id}: amount {a:?}");
        }
    }
}

#[test]
fn every_source_is_described() {
    let g = default_graph();
    assert!(g.source_count() > 0);
    for s in g.sources() {
        assert!(
            s.title().is_some_and(|t| !t.is_empty()),
            "{}: title",
            s.id()
        );
        assert!(s.publisher().is_some(), "{}: publisher", s.id());
        assert!(
            s.url().is_some_and(|u| u.starts_with("http")),
            "{}: url",
            s.id()
        );
    }
}

#[test]
fn the_articles_facts_are_there() {
    let g = default_graph();
    for id in [
        "openai",
        "amazon",
        "aws",
        "microsoft",
        "azure",
        "nvidia",
        "trainium",
        "trainium3",
    ] {
        assert!(g.find(id).is_some(), "{id} missing");
    }
    let aws_deal = g
        .entities()
        .find(|e| {
            e.kind() == "deal"
                && e.attr("amount_usd").and_then(|a| a.as_f64()) == Some(38e9)
                && e.attr("date") == Some(AttrValue::Str("2025-11-03"))
        })
        .expect("the $38B AWS-OpenAI agreement of 2025-11-03");
    assert_eq!(aws_deal.attr("status"), Some(AttrValue::Str("signed")));
    let talks = g
        .entities()
        .filter(|e| e.kind() == "deal" && e.attr("status") == Some(AttrValue::Str("talks")))
        .any(|e| {
            e.incoming()
                .any(|r| r.from().id() == "amazon" && r.rtype() == "investor")
        });
    assert!(talks, "Amazon's investment talks with OpenAI");
}
