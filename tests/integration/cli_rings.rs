//! `kgx cycles` (money rings), as a user runs it on the built-in graph and on the committed
//! fixture `tests/fixtures/mini-ai.json`.

use std::collections::BTreeSet;

use serde_json::Value;

use crate::test_support::{default_graph, fixture_path, graph_at, kgx, stdout_of};

fn rings_of(args: &[&str]) -> Vec<Value> {
    stdout_of(args)
        .lines()
        .map(|l| serde_json::from_str(l).expect("one JSON value per line"))
        .collect()
}

fn parties(ring: &Value) -> Vec<&str> {
    ring["parties"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p.as_str().unwrap())
        .collect()
}

/// The ring going round `want` in this order, whatever party it is listed from.
fn ring_going<'r>(rings: &'r [Value], want: &[&str]) -> Option<&'r Value> {
    rings.iter().find(|r| {
        let got = parties(r);
        got.len() == want.len()
            && (0..got.len()).any(|k| {
                let mut turned = got.clone();
                turned.rotate_left(k);
                turned == want
            })
    })
}

/// The two-party cycles the older search (`analysis::cycles`, the only one before rings) finds,
/// as unordered pairs of ids.
fn two_party_cycles(g: &kgx::graph::Graph) -> BTreeSet<BTreeSet<String>> {
    let f = kgx::analysis::flows(g, false);
    kgx::analysis::cycles(&f)
        .iter()
        .map(|c| {
            [c.a, c.b]
                .iter()
                .map(|&e| g.entity(e).id().to_string())
                .collect()
        })
        .collect()
}

fn two_party_rings(rings: &[Value]) -> BTreeSet<BTreeSet<String>> {
    rings
        .iter()
        .filter(|r| parties(r).len() == 2)
        .map(|r| parties(r).into_iter().map(str::to_string).collect())
        .collect()
}

#[test]
fn cycles_find_nvidia_openai_oracle_with_the_inferred_leg_and_every_two_party_cycle() {
    let rings = rings_of(&["cycles", "--json"]);
    let ring = ring_going(&rings, &["nvidia", "openai", "oracle"])
        .expect("Nvidia → OpenAI → Oracle → Nvidia");
    let legs = ring["legs"].as_array().unwrap();
    let back = legs
        .iter()
        .find(|l| l["payer"] == "oracle" && l["payee"] == "nvidia")
        .expect("the Oracle → Nvidia leg");
    assert_eq!(back["inferred"], true);
    assert_eq!(
        back["total_usd"],
        Value::Null,
        "an inferred leg has no amount"
    );
    let offers = serde_json::json!({"relation": "offers", "from": "oracle-cloud",
                                    "to": "nvidia-gb200"});
    assert!(
        back["inferred_from"].as_array().unwrap().contains(&offers),
        "{back}"
    );
    for leg in legs.iter().filter(|l| l["payer"] != "oracle") {
        assert_eq!(leg["inferred"], false, "{leg}");
        assert!(leg["total_usd"].as_f64().unwrap() > 1e10, "{leg}");
    }
    let disclosed: Vec<f64> = legs
        .iter()
        .filter_map(|l| l["total_usd"].as_f64())
        .collect();
    assert_eq!(disclosed.len(), 2);
    assert_eq!(
        ring["min_leg_usd"].as_f64(),
        Some(disclosed[0].min(disclosed[1]))
    );

    let before = two_party_cycles(&default_graph());
    assert!(before.len() >= 4, "{before:?}");
    let now = two_party_rings(&rings);
    assert!(
        before.is_subset(&now),
        "missing: {:?}",
        before.difference(&now)
    );

    let text = stdout_of(&["cycles"]);
    assert!(
        text.contains(". Nvidia → OpenAI → Oracle → Nvidia  ("),
        "{text}"
    );
    assert!(
        text.contains("Oracle → Nvidia  undisclosed  [inferred]"),
        "{text}"
    );
}

#[test]
fn cycles_on_the_fixture_keep_the_two_party_cycles() {
    let path = fixture_path("mini-ai.json");
    let rings = rings_of(&["cycles", "-f", path.to_str().unwrap(), "--json"]);
    let before = two_party_cycles(&graph_at(&path));
    assert!(!before.is_empty());
    assert_eq!(two_party_rings(&rings), before);
    let nvidia = ring_going(&rings, &["nvidia", "openai"]).expect("the chip round trip");
    let back = &nvidia["legs"][1];
    assert_eq!(
        (&back["payer"], &back["payee"]),
        (&"openai".into(), &"nvidia".into())
    );
    assert_eq!(back["deals"][0]["label"], "purchase");
}

#[test]
fn no_inferred_drops_inferred_legs_and_the_oracle_ring() {
    let rings = rings_of(&["cycles", "--no-inferred", "--limit", "0", "--json"]);
    assert!(!rings.is_empty());
    for r in &rings {
        for leg in r["legs"].as_array().unwrap() {
            assert_eq!(leg["inferred"], false, "{leg}");
            assert_eq!(leg["inferred_from"], serde_json::json!([]), "{leg}");
        }
    }
    assert!(ring_going(&rings, &["nvidia", "openai", "oracle"]).is_none());
    let with = rings_of(&["cycles", "--no-inferred", "--include-inferred", "--json"]);
    assert!(
        ring_going(&with, &["nvidia", "openai", "oracle"]).is_some(),
        "the last flag wins"
    );
}

#[test]
fn max_parties_min_usd_and_limit_bound_the_search() {
    let all = rings_of(&["cycles", "--limit", "0", "--json"]);
    assert!(all.iter().any(|r| parties(r).len() == 4));
    let two = rings_of(&["cycles", "--max-parties", "2", "--limit", "0", "--json"]);
    assert!(two.iter().all(|r| parties(r).len() == 2));
    assert_eq!(
        two.len(),
        all.iter().filter(|r| parties(r).len() == 2).count()
    );

    let big = rings_of(&["cycles", "--min-usd", "2e10", "--limit", "0", "--json"]);
    assert!(!big.is_empty() && big.len() < all.len());
    for r in &big {
        for leg in r["legs"].as_array().unwrap() {
            if let Some(usd) = leg["total_usd"].as_f64() {
                assert!(usd >= 2e10, "{leg}");
            }
        }
    }
    let three = rings_of(&["cycles", "--limit", "3", "--json"]);
    assert_eq!(three, all[..3]);
    let mins: Vec<f64> = all
        .iter()
        .take_while(|r| r["undisclosed_legs"] == 0)
        .map(|r| r["min_leg_usd"].as_f64().unwrap())
        .collect();
    assert!(
        mins.windows(2).all(|w| w[0] >= w[1]),
        "smallest leg first: {mins:?}"
    );
}

#[test]
fn bad_ring_bounds_are_usage_errors() {
    for args in [
        ["cycles", "--max-parties", "9"],
        ["cycles", "--max-parties", "1"],
        ["cycles", "--min-usd", "-1"],
        ["cycles", "--min-usd", "lots"],
    ] {
        kgx().args(args).assert().code(2);
    }
}

#[test]
fn partners_of_openai_put_microsoft_and_amazon_in_the_first_three_rows() {
    let rows = rings_of(&["partners", "openai", "--json"]);
    let first: Vec<&Value> = rows.iter().take(3).collect();
    for (party, unit) in [("microsoft", "azure"), ("amazon", "aws")] {
        let row = first
            .iter()
            .find(|r| r["id"] == party)
            .unwrap_or_else(|| panic!("{party} not in {first:?}"));
        assert!(
            row["entities"].as_array().unwrap().contains(&unit.into()),
            "{row}"
        );
        assert!(row["out_usd"].as_f64().unwrap() > 1e11, "{row}");
        assert!(row["in_usd"].as_f64().unwrap() > 1e10, "{row}");
        assert!(row["deal_count"].as_u64().unwrap() >= 3, "{row}");
    }
    let totals: Vec<f64> = rows
        .iter()
        .map(|r| r["out_usd"].as_f64().unwrap() + r["in_usd"].as_f64().unwrap())
        .collect();
    assert!(totals.windows(2).all(|w| w[0] >= w[1]), "most money first");
    let text = stdout_of(&["partners", "openai", "--limit", "3"]);
    assert!(
        text.contains("Amazon / Amazon Web Services  $138B out · $50.0B in"),
        "{text}"
    );
    assert!(
        text.contains("OpenAI: investee, customer; Amazon: investor, provider"),
        "{text}"
    );
    kgx()
        .args(["partners", "no-such-entity-xyz"])
        .assert()
        .failure();
}

#[test]
fn compare_microsoft_amazon_lists_openai_and_anthropic_as_shared_partners() {
    let out = stdout_of(&["compare", "microsoft", "amazon", "--json"]);
    let c: Value = serde_json::from_str(&out).expect("one JSON document");
    let shared: Vec<&str> = c["shared_partners"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["id"].as_str().unwrap())
        .collect();
    for lab in ["openai", "anthropic"] {
        assert!(shared.contains(&lab), "{lab} not in {shared:?}");
    }
    let openai = &c["shared_partners"][shared.iter().position(|&s| s == "openai").unwrap()];
    for side in ["a", "b"] {
        assert!(
            openai[side]["deal_count"].as_u64().unwrap() >= 3,
            "{openai}"
        );
    }
    assert_eq!(c["a"]["id"], "microsoft");
    assert!(!c["paths"].as_array().unwrap().is_empty());
    for ring in c["rings"].as_array().unwrap() {
        let p = parties(ring);
        assert!(p.contains(&"microsoft") && p.contains(&"amazon"), "{ring}");
    }
    let text = stdout_of(&["compare", "microsoft", "amazon"]);
    assert!(
        text.starts_with("Microsoft (company)  vs  Amazon (company)"),
        "{text}"
    );
    assert!(
        text.contains("\n  OpenAI\n    Microsoft: $13.0B out · $250B in"),
        "{text}"
    );
}

/// An imported graph with amounts: FollowTheMoney Payment records (amounts in USD become
/// `amount_usd` on `paid` relations) going round three companies. The CLI finds the ring, the
/// explorer's rings view lists it from any of its parties, and the partners pane sums the money.
#[test]
fn a_followthemoney_payment_ring_is_found_by_the_cli_and_listed_by_the_explorer() {
    let file = fixture_path("import/ftm-payment-ring.ftm");
    let path = file.to_str().unwrap();
    let rings = rings_of(&["cycles", "-f", path, "--json"]);
    assert_eq!(rings.len(), 1, "the euro payment is not money in dollars");
    let ring = ring_going(&rings, &["fund", "lab", "host"]).expect("fund → lab → host → fund");
    assert_eq!(ring["min_leg_usd"], 1_000_000.0);
    assert_eq!(ring["total_usd"], 9_000_000.0);

    use kgx::app::{self, Action, View, views::RingRow};
    let mut app = kgx::app::App::new(graph_at(&file), "ftm-payment-ring.ftm");
    app::update(&mut app, Action::Resize(120, 40));
    for c in "lakeside".chars() {
        app::update(&mut app, Action::Insert(c));
    }
    app::update(&mut app, Action::Activate);
    let lab = app.graph.find("lab").unwrap();
    assert_eq!(app.shown(), Some(lab));
    assert_eq!(app.cycles_of(lab), 1);
    app::update(&mut app, Action::OpenCycles);
    assert_eq!(app.view, View::Cycles);
    assert_eq!(app.views.cycles.through, Some(lab));
    let rows = &app.views.cycles.rows;
    assert_eq!(rows[0], RingRow::Heading { ring: 0 });
    let legs = rows
        .iter()
        .filter(|r| matches!(r, RingRow::Leg { .. }))
        .count();
    assert_eq!(legs, 3);
    let screen = crate::screen::text(&crate::screen::draw(&mut app, 120, 40));
    assert!(
        screen
            .contains("1. Northwind Capital → Lakeside Labs → Harbor Hosting → Northwind Capital"),
        "{screen}"
    );
    assert!(
        screen.contains("$1.0M smallest leg · $9.0M in all"),
        "{screen}"
    );

    app::update(&mut app, Action::CloseView);
    app::update(&mut app, Action::ToggleGrouping);
    let partners: Vec<(&str, f64, f64)> = app
        .relations
        .partners
        .iter()
        .map(|p| (app.graph.entity(p.party).id(), p.out_usd, p.in_usd))
        .collect();
    assert_eq!(
        partners,
        [("fund", 0.0, 5_000_000.0), ("host", 3_000_000.0, 0.0)]
    );
}

/// `kgx --max-parties N` sets where the explorer's rings view starts (2 to 4, as `+`/`-` go);
/// out of range it is a usage error before any terminal is touched.
#[test]
fn the_explorer_takes_max_parties_from_the_command_line() {
    let out = kgx().args(["--max-parties", "5"]).assert().code(2);
    let err = String::from_utf8_lossy(&out.get_output().stderr).into_owned();
    assert!(err.contains("must be 2 to 4"), "{err}");
    let options = kgx::app::AppOptions {
        max_parties: 3,
        ..kgx::app::AppOptions::named("default")
    };
    let app = kgx::app::App::new(default_graph(), options);
    assert_eq!(app.views.cycles.max_parties, 3);
}
