use super::*;
use crate::graph::{LoadOptions, load_bytes};

fn graph(json: &str) -> Graph {
    load_bytes(json.as_bytes(), "test", LoadOptions::default())
        .unwrap()
        .graph
}

const SMALL: &str = r#"{
  "sources": [{"id": "S1"}],
  "entities": [
    {"id": "a", "kind": "company", "name": "Acme", "attrs": {"founded": 2001, "hq": "Oslo"}, "sources": ["S1"]},
    {"id": "b", "kind": "company", "name": "Beta", "attrs": {"founded": 2010}},
    {"id": "c", "kind": "company", "name": "ACME ", "attrs": {"founded": 1990}},
    {"id": "d1", "kind": "deal", "name": "Deal one", "attrs": {"amount_usd": 5, "date": "2020-01", "status": "signed"}},
    {"id": "d2", "kind": "deal", "name": "Deal two", "attrs": {"date": "soon", "status": "talks"}},
    {"id": "d3", "kind": "deal", "name": "Deal three", "attrs": {"date": "2024-06-30"}},
    {"id": "x", "kind": "chip", "name": "Lonely"}
  ],
  "relations": [
    {"from": "a", "to": "d1", "type": "investor"},
    {"from": "b", "to": "d1", "type": "investee"},
    {"from": "a", "to": "d2", "type": "investor"},
    {"from": "c", "to": "d3", "type": "investor"},
    {"from": "a", "to": "b", "type": "partner"}
  ]
}"#;

#[test]
fn counts_kinds_and_types_most_common_first() {
    let o = Overview::of(&graph(SMALL));
    let kinds: Vec<(&str, usize)> = o.kinds.iter().map(|k| (k.name.as_str(), k.count)).collect();
    assert_eq!(kinds, [("company", 3), ("deal", 3), ("chip", 1)]);
    assert_eq!(o.relation_types[0].name, "investor");
    assert_eq!(o.relation_types[0].count, 3);
    assert_eq!(
        o.relation_types[0].ends,
        [KindPair {
            from: "company".into(),
            to: "deal".into(),
            count: 3
        }]
    );
    assert_eq!((o.entities, o.relations, o.sources), (7, 5, 1));
}

#[test]
fn attribute_keys_with_numbers_dates_and_samples() {
    let o = Overview::of(&graph(SMALL));
    let company = &o.attributes[0];
    assert_eq!(company.kind, "company");
    let founded = &company.keys[0];
    assert_eq!((founded.key.as_str(), founded.count), ("founded", 3));
    assert_eq!(founded.sample, Sample::Int(2001));
    assert_eq!(
        founded.values,
        ValueSummary::Numbers {
            min: 1990.0,
            median: 2001.0,
            max: 2010.0
        }
    );
    assert_eq!(company.keys[1].key, "hq");
    assert_eq!(company.keys[1].values, ValueSummary::Other);
    let deal = o.attributes.iter().find(|k| k.kind == "deal").unwrap();
    let date = deal.keys.iter().find(|k| k.key == "date").unwrap();
    assert_eq!(date.count, 3);
    assert_eq!(
        date.values,
        ValueSummary::Dates {
            first: "2020-01".into(),
            last: "2024-06-30".into()
        }
    );
}

#[test]
fn shape_top_isolated_components_and_span() {
    let g = graph(SMALL);
    let o = Overview::of(&g);
    assert_eq!(o.most_connected[0].id, "a");
    assert_eq!(o.most_connected[0].degree, 3);
    assert_eq!(o.most_connected.len(), 6, "the isolated chip is not listed");
    assert_eq!(o.isolated, [g.find("x").unwrap()]);
    // {a, b, d1, d2}, {c, d3}, {x}
    assert_eq!(
        o.components,
        Components {
            count: 3,
            largest: 4
        }
    );
    let span = o.dated_span.unwrap();
    assert_eq!(
        (span.first.id.as_str(), span.first.date.as_str()),
        ("d1", "2020-01")
    );
    assert_eq!(
        (span.last.id.as_str(), span.last.key.as_str()),
        ("d3", "date")
    );
}

fn row(o: &Overview, check: QualityCheck) -> Vec<String> {
    o.quality
        .iter()
        .find(|r| r.check == check)
        .unwrap()
        .examples
        .clone()
}

#[test]
fn quality_rows_name_what_they_find() {
    let o = Overview::of(&graph(SMALL));
    assert_eq!(o.quality.len(), QualityCheck::ALL.len());
    let sourced = o
        .quality
        .iter()
        .find(|r| r.check == QualityCheck::WithoutSources)
        .unwrap();
    assert_eq!(sourced.entities.len(), 6);
    assert_eq!(
        row(&o, QualityCheck::DealWithoutAmount),
        ["Deal two", "Deal three"]
    );
    assert_eq!(row(&o, QualityCheck::DealWithoutStatus), ["Deal three"]);
    assert!(row(&o, QualityCheck::DealWithoutDate).is_empty());
    assert_eq!(row(&o, QualityCheck::UnparseableDate), ["Deal two"]);
    assert_eq!(row(&o, QualityCheck::DuplicateName), ["Acme", "ACME "]);
    assert!(row(&o, QualityCheck::Stub).is_empty());
}

#[test]
fn a_graph_without_sources_does_not_flag_every_entity() {
    let o = Overview::of(&graph(
        r#"{"entities": [{"id": "a", "kind": "k", "name": "A"}], "relations": []}"#,
    ));
    assert!(o.quality.iter().all(|r| r.entities.is_empty()));
    assert_eq!(o.components.count, 1);
    assert!(o.most_connected.is_empty() && o.dated_span.is_none());
}

#[test]
fn a_rare_pair_of_kinds_for_a_busy_type_is_unusual() {
    let mut entities = vec![r#"{"id": "p", "kind": "person", "name": "P"}"#.to_string()];
    let mut relations = Vec::new();
    for i in 0..25 {
        entities.push(format!(
            r#"{{"id": "c{i}", "kind": "company", "name": "C{i}"}}"#
        ));
        entities.push(format!(
            r#"{{"id": "d{i}", "kind": "deal", "name": "D{i}"}}"#
        ));
        relations.push(format!(
            r#"{{"from": "c{i}", "to": "d{i}", "type": "investor"}}"#
        ));
    }
    relations.push(r#"{"from": "p", "to": "c0", "type": "investor"}"#.into());
    let g = graph(&format!(
        r#"{{"entities": [{}], "relations": [{}]}}"#,
        entities.join(","),
        relations.join(",")
    ));
    let o = Overview::of(&g);
    let unusual = o
        .quality
        .iter()
        .find(|r| r.check == QualityCheck::UnusualEnds)
        .unwrap();
    assert_eq!(unusual.relations, [25]);
    assert_eq!(unusual.entities, [g.find("p").unwrap()]);
}

#[test]
fn default_graph_counts_match_a_plain_count() {
    let g = crate::graph::load_default().unwrap().graph;
    let o = Overview::of(&g);
    assert_eq!(
        o.kinds.iter().map(|k| k.count).sum::<usize>(),
        g.entity_count()
    );
    for k in &o.kinds {
        assert_eq!(k.count, g.entities().filter(|e| e.kind() == k.name).count());
    }
    for t in &o.relation_types {
        assert_eq!(
            t.count,
            g.relations().filter(|r| r.rtype() == t.name).count()
        );
        assert_eq!(t.ends.iter().map(|p| p.count).sum::<usize>(), t.count);
    }
    assert!(o.components.largest <= g.entity_count());
    assert_eq!(
        o.kind_count("deal"),
        o.kinds.iter().find(|k| k.name == "deal").unwrap().count
    );
}
