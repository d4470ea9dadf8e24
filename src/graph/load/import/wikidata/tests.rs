use super::{Lang, wikibase_date};
use crate::graph::{AttrValue, Graph, LoadError, LoadOptions, load_bytes};

fn load(text: &str, opts: LoadOptions) -> Result<Graph, LoadError> {
    load_bytes(text.as_bytes(), "t.json", opts).map(|l| l.graph)
}

const Q1: &str = r#"{"type":"item","id":"Q1","labels":{"en":{"language":"en","value":"Douglas"},"de":{"language":"de","value":"Douglas DE"}},
  "descriptions":{"en":{"language":"en","value":"writer"}},
  "aliases":{"en":[{"language":"en","value":"DNA"}]},
  "claims":{
    "P31":[{"mainsnak":{"snaktype":"value","property":"P31","datavalue":{"type":"wikibase-entityid","value":{"entity-type":"item","numeric-id":5}}},"type":"statement","rank":"normal","id":"Q1$a",
            "qualifiers":{"P580":[{"snaktype":"value","property":"P580","datavalue":{"type":"time","value":{"time":"+1952-03-11T00:00:00Z","precision":11}}}]},
            "references":[{"snaks":{}}]}],
    "P569":[{"mainsnak":{"snaktype":"value","property":"P569","datavalue":{"type":"time","value":{"time":"+1952-03-00T00:00:00Z","precision":10}}},"type":"statement"}],
    "P1082":[{"mainsnak":{"snaktype":"value","property":"P1082","datavalue":{"type":"quantity","value":{"amount":"+42","unit":"1"}}},"type":"statement"}],
    "P40":[{"mainsnak":{"snaktype":"novalue","property":"P40"},"type":"statement"},
           {"mainsnak":{"snaktype":"somevalue","property":"P40"},"type":"statement"}],
    "P69":[{"mainsnak":{"snaktype":"value","property":"P69","datavalue":{"type":"wikibase-entityid","value":{"id":"Q2"}}},"type":"statement"}]
  }}"#;

#[test]
fn one_entity_with_every_kind_of_statement() {
    let g = load(Q1, LoadOptions::default()).unwrap();
    let q1 = g.entity(g.find("Q1").unwrap());
    assert_eq!(
        (q1.name(), q1.summary(), q1.kind()),
        ("Douglas", Some("writer"), "Q5")
    );
    assert_eq!(q1.aliases().collect::<Vec<_>>(), ["DNA"]);
    assert_eq!(q1.attr("P569"), Some(AttrValue::Str("1952-03")));
    assert_eq!(q1.attr("P1082"), Some(AttrValue::Int(42)));
    let p40: Vec<String> = q1
        .attrs()
        .filter(|(k, _)| *k == "P40")
        .map(|(_, v)| format!("{v:?}"))
        .collect();
    assert_eq!(p40.len(), 2, "{p40:?}");
    let rels: Vec<_> = g.relations().collect();
    assert_eq!(rels.len(), 2);
    assert_eq!((rels[0].rtype(), rels[0].to().id()), ("P31", "Q5"));
    assert_eq!(
        rels[0].attr("qualifier.P580"),
        Some(AttrValue::Str("1952-03-11"))
    );
    assert!(rels[0].attr("references").is_some());
    assert_eq!(g.entity(g.find("Q5").unwrap()).kind(), "unresolved");
}

#[test]
fn language_choice_and_no_stubs() {
    let opts = LoadOptions {
        lang: Lang::new("de"),
        ..LoadOptions::default()
    };
    let g = load(Q1, opts).unwrap();
    assert_eq!(g.entity(0).name(), "Douglas DE");
    let opts = LoadOptions {
        no_stubs: true,
        ..LoadOptions::default()
    };
    let loaded = load_bytes(Q1.as_bytes(), "t.json", opts).unwrap();
    assert_eq!(
        (loaded.graph.entity_count(), loaded.graph.relation_count()),
        (1, 0)
    );
    assert!(
        loaded
            .warnings
            .iter()
            .any(|w| w.kind.to_string().contains("--no-stubs"))
    );
}

#[test]
fn responses_name_kinds_and_types_by_labels_in_the_file() {
    let text = r#"{"entities":{
      "Q1":{"type":"item","id":"Q1","labels":{"en":{"value":"Ann"}},"claims":{"P31":[{"mainsnak":{"snaktype":"value","datavalue":{"type":"wikibase-entityid","value":{"id":"Q5"}}}}]}},
      "Q5":{"type":"item","id":"Q5","labels":{"fr":{"value":"humain"}}},
      "P31":{"type":"property","id":"P31","labels":{"en":{"value":"instance of"}}},
      "Q9":{"id":"Q9","missing":""},
      "Q7":{"type":"item","id":"Q8","labels":{}}
    },"success":1}"#;
    let loaded = load_bytes(text.as_bytes(), "t.json", LoadOptions::default()).unwrap();
    let g = &loaded.graph;
    assert_eq!(loaded.format.name, "Wikidata API response");
    assert_eq!(g.entity(g.find("Q1").unwrap()).kind(), "humain");
    assert_eq!(g.relations().next().unwrap().rtype(), "instance of");
    assert_eq!(g.entity(g.find("P31").unwrap()).kind(), "property");
    assert_eq!(g.entity(g.find("Q9").unwrap()).kind(), "unresolved");
    let redirected = g.entity(g.find("Q8").unwrap());
    assert_eq!(redirected.aliases().collect::<Vec<_>>(), ["Q7"]);
}

#[test]
fn a_dump_cut_short_reads_its_whole_lines() {
    let line = |id: u32, to: u32| {
        format!(
            r#"{{"type":"item","id":"Q{id}","labels":{{}},"claims":{{"P1":[{{"mainsnak":{{"snaktype":"value","datavalue":{{"type":"wikibase-entityid","value":{{"entity-type":"item","numeric-id":{to}}}}}}}}}]}}}}"#
        )
    };
    let whole = format!("[\n{},\n{},\n{}\n]\n", line(1, 2), line(2, 3), line(3, 1));
    let g = load(&whole, LoadOptions::default()).unwrap();
    assert_eq!((g.entity_count(), g.relation_count()), (3, 3));
    let cut = &whole[..whole.find(&line(3, 1)).unwrap() + 20];
    let loaded = load_bytes(
        cut.as_bytes(),
        "t.json",
        LoadOptions {
            skip_bad_lines: true,
            ..LoadOptions::default()
        },
    )
    .unwrap();
    assert_eq!(loaded.graph.relation_count(), 2);
    assert!(
        loaded
            .warnings
            .iter()
            .any(|w| w.kind.to_string().contains("line 4"))
    );
    assert!(
        load(cut, LoadOptions::default()).is_err(),
        "a cut line is an error by default"
    );
}

#[test]
fn dates_follow_precision() {
    assert_eq!(wikibase_date("+1952-03-11T00:00:00Z", 11), "1952-03-11");
    assert_eq!(wikibase_date("+1952-03-11T00:00:00Z", 9), "1952");
    assert_eq!(
        wikibase_date("+00000002013-12-07T00:00:00Z", 11),
        "2013-12-07"
    );
    assert_eq!(wikibase_date("-0500-00-00T00:00:00Z", 9), "-0500");
}
