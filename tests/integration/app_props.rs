//! Property tests of the explorer: random realistic graphs (varied ids, deals with amounts,
//! dates, statuses and party roles, so flows and cycles exist) and random event sequences (keys
//! through the app's own key lookup, `App::action_for_key`, including the views `p` `n` `t` `c`
//! and `2`, `r` reload and `y`/`Y` copy; mouse clicks and scrolls; resizes from 1x1 to 300x120)
//! go through `App::apply_batched`, as the event loop applies them, and a render into
//! `TestBackend`. Nothing panics, and after every event the state keeps its invariants; a copy
//! is the shown entity's id or name; a reload keeps the query.

use kgx::app::{self, Action, App, Effect, Focus, RelRow, View};
use kgx::escape::is_unsafe_char;

use kgx::search::Searcher;
use kgx::ui;
use proptest::prelude::*;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use serde_json::{Value, json};

/// An id as graphs write them: a slug (accents and CJK too), a separator, and the entity's
/// position, which keeps ids unique (the slug has no digits and no separator).
fn id_of(slug: &str, sep: usize, i: usize) -> String {
    format!("{slug}{}{i}", ["-", ".", ":", "_", "/"][sep % 5])
}

/// A deal's attributes: an amount (whole or fractional dollars) most of the time, a date of
/// year, month or day precision, a status.
fn deal_attrs() -> impl Strategy<Value = Value> {
    (
        prop::option::weighted(0.8, prop_oneof![1u64..500_000_000_000u64, Just(0u64)]),
        any::<bool>(),
        prop::option::of("20[12][0-9](-0[1-9](-[12][0-9])?)?"),
        prop::sample::select(vec!["signed", "announced", "talks", "completed"]),
    )
        .prop_map(|(amount, fractional, date, status)| {
            let mut attrs = json!({"status": status});
            if let Some(a) = amount {
                attrs["amount_usd"] = if fractional {
                    json!(a as f64 + 0.5)
                } else {
                    json!(a)
                };
            }
            if let Some(d) = date {
                attrs["date"] = json!(d);
            }
            attrs
        })
}

/// A random valid graph: kinds in and out of the tabs, names with accents, wide characters and
/// control characters, varied ids, deals with attributes, relations between any two entities
/// (self-loops included) of the types the analyses read (deal roles, `operates`, `offers`).
fn graph_json() -> impl Strategy<Value = Value> {
    let name = "[a-eA-E0-9é東\u{1b}\u{202e}][a-e 0-9é東\u{7}]{0,10}";
    let entity = (
        name,
        "[a-zé東]{1,6}",
        0..5usize,
        0..6usize,
        prop::option::of("[a-c]{1,4}"),
        deal_attrs(),
    );
    (
        prop::collection::vec(entity, 1..30),
        prop::collection::vec((0..30usize, 0..30usize, 0..10usize), 0..60),
    )
        .prop_map(|(ents, rels)| {
            let kinds = ["company", "chip", "cloud", "deal", "datacenter", "person"];
            let n = ents.len();
            let ids: Vec<String> = ents
                .iter()
                .enumerate()
                .map(|(i, (_, slug, sep, ..))| id_of(slug, *sep, i))
                .collect();
            let entities: Vec<Value> = ents
                .iter()
                .enumerate()
                .map(|(i, (name, _, _, kind, alias, attrs))| {
                    let mut e = json!({"id": ids[i], "kind": kinds[*kind], "name": name});
                    if let Some(a) = alias {
                        e["aliases"] = json!([a]);
                    }
                    if kinds[*kind] == "deal" {
                        e["attrs"] = attrs.clone();
                    }
                    e
                })
                .collect();
            let types = [
                "investor", "investee", "customer", "provider", "buyer", "supplier", "operates",
                "offers", "covers", "partner",
            ];
            let relations: Vec<Value> = rels
                .iter()
                .map(|(f, t, ty)| json!({"from": ids[f % n], "to": ids[t % n], "type": types[*ty]}))
                .collect();
            json!({"entities": entities, "relations": relations})
        })
}

#[derive(Clone, Debug)]
enum Event {
    Key(KeyCode, KeyModifiers),
    Click { col: u16, row: u16, double: bool },
    Scroll { col: u16, row: u16, up: bool },
    Resize(u16, u16),
}

fn event() -> impl Strategy<Value = Event> {
    let plain = prop::sample::select(vec![
        KeyCode::Char('a'),
        KeyCode::Char('b'),
        KeyCode::Char('e'),
        KeyCode::Char(' '),
        KeyCode::Char('\''),
        KeyCode::Char('^'),
        KeyCode::Char('!'),
        KeyCode::Char('@'),
        KeyCode::Char('j'),
        KeyCode::Char('k'),
        KeyCode::Char('g'),
        KeyCode::Char('G'),
        KeyCode::Char('['),
        KeyCode::Char(']'),
        KeyCode::Char('/'),
        KeyCode::Char('?'),
        KeyCode::Char('q'),
        KeyCode::Char('y'),
        KeyCode::Char('Y'),
        KeyCode::Char('p'),
        KeyCode::Char('n'),
        KeyCode::Char('t'),
        KeyCode::Char('c'),
        KeyCode::Char('2'),
        KeyCode::Char('r'),
        KeyCode::Char('x'),
        KeyCode::Enter,
        KeyCode::Tab,
        KeyCode::BackTab,
        KeyCode::Esc,
        KeyCode::Backspace,
        KeyCode::Delete,
        KeyCode::Left,
        KeyCode::Right,
        KeyCode::Up,
        KeyCode::Down,
        KeyCode::PageUp,
        KeyCode::PageDown,
        KeyCode::Home,
        KeyCode::End,
        KeyCode::F(1),
    ]);
    let ctrl = prop::sample::select(vec!['t', 'u', 'w', 'p', 'n', 'z']);
    prop_oneof![
        6 => plain.prop_map(|c| Event::Key(c, KeyModifiers::NONE)),
        1 => ctrl.prop_map(|c| Event::Key(KeyCode::Char(c), KeyModifiers::CONTROL)),
        1 => prop::sample::select(vec![KeyCode::Left, KeyCode::Right])
            .prop_map(|c| Event::Key(c, KeyModifiers::ALT)),
        2 => (0..130u16, 0..50u16, any::<bool>())
            .prop_map(|(col, row, double)| Event::Click { col, row, double }),
        1 => (0..130u16, 0..50u16, any::<bool>())
            .prop_map(|(col, row, up)| Event::Scroll { col, row, up }),
        1 => (1..=300u16, 1..=120u16).prop_map(|(w, h)| Event::Resize(w, h)),
    ]
}

/// Applies `event` as the event loop does (`apply_batched`, then the deferred search), and
/// checks the effect the terminal layer would carry out: a copy is the id (`y`) or name (`Y`) of
/// what was highlighted (the shown entity, or on the relations pane the relation's other end);
/// a reload, done here with the same bytes the graph came from, keeps the query.
fn apply(app: &mut App, event: &Event, bytes: &[u8]) {
    let action = match *event {
        Event::Key(code, mods) => app.action_for_key(KeyEvent::new(code, mods)),
        Event::Click { col, row, double } => Some(Action::Click { col, row, double }),
        Event::Scroll { col, row, up } => Some(Action::Scroll {
            col,
            row,
            delta: if up { -1 } else { 1 },
        }),
        Event::Resize(w, h) => Some(Action::Resize(w, h)),
    };
    let Some(action) = action else { return };
    let target = app.copy_target();
    // Quit and Suspend are the terminal layer's business; the state must stay sound.
    match app.apply_batched(action) {
        Effect::Copy(text) => {
            let e = app
                .graph
                .entity(target.expect("a copy with nothing shown or highlighted"));
            let expected = if action == Action::CopyId {
                e.id()
            } else {
                e.name()
            };
            assert_eq!(text, expected, "{action:?}");
        }
        Effect::Reload => {
            let query = app.search.query.clone();
            app.apply_reload(crate::test_support::graph_of(bytes, "random"));
            assert_eq!(app.search.query, query, "a reload keeps the query");
        }
        Effect::None | Effect::Quit | Effect::Suspend => {}
    }
    app.flush_search();
}

fn render(app: &App) {
    let (w, h) = app.size;
    let mut terminal = Terminal::new(TestBackend::new(w, h)).unwrap();
    terminal
        .draw(|f| {
            ui::render(app, f.area(), f.buffer_mut());
            if let Some(pos) = ui::cursor_position(app, f.area()) {
                f.set_cursor_position(pos);
            }
        })
        .unwrap();
    for cell in terminal.backend().buffer().content() {
        assert!(
            !cell.symbol().chars().any(is_unsafe_char),
            "a control character reached the screen: {:?}",
            cell.symbol()
        );
    }
}

fn check_bounds(app: &App) {
    let results = app.results.hits.len();
    assert!(
        app.results.pos.selected < results.max(1),
        "result selection {} of {results}",
        app.results.pos.selected
    );
    let rels = app.relations.rows.len();
    assert!(
        app.relations.pos.selected < rels.max(1),
        "relation selection {} of {rels}",
        app.relations.pos.selected
    );
    if app.focus == Focus::Relations {
        let opened = app
            .relations
            .opened
            .expect("relations focused with nothing opened");
        assert_eq!(app.shown(), Some(opened));
        if app.relations.rows.iter().any(RelRow::is_item) {
            assert!(app.relations.rows[app.relations.pos.selected].is_item());
        }
    }
}

/// Every listed result has the active kind and is what a fresh search (no narrowing cache)
/// finds for the query.
fn check_results(app: &App) {
    let filter = app.filter();
    for hit in &app.results.hits {
        let kind = app.graph.entity(hit.entity).kind();
        assert!(filter.allows(kind), "{kind} listed under {filter:?}");
    }
    let fresh = Searcher::new().search(
        &app.graph,
        app.engine.index.as_ref().unwrap(),
        &app.results.query,
        &filter,
    );
    let listed: Vec<_> = app.results.hits.iter().map(|h| h.entity).collect();
    let expected: Vec<_> = fresh.iter().map(|h| h.entity).collect();
    assert_eq!(listed, expected, "results for {:?}", app.search.query);
}

/// The breadcrumbs are the history, the current place, then the places ahead, with repeats
/// merged.
fn check_breadcrumbs(app: &App) {
    let mut trail = Vec::new();
    let ahead = app.history.forward.iter().rev().map(|p| p.entity);
    for ix in app
        .history
        .back
        .iter()
        .map(|p| p.entity)
        .chain(app.shown())
        .chain(ahead)
    {
        if trail.last() != Some(&ix) {
            trail.push(ix);
        }
    }
    let crumbs = app.breadcrumbs(u16::MAX);
    assert_eq!(crumbs.len(), trail.len(), "breadcrumbs {crumbs:?}");
    for (crumb, ix) in crumbs.iter().zip(&trail) {
        let name = kgx::escape::safe_text(app.graph.entity(*ix).name());
        let prefix: String = crumb.label.trim_end_matches('…').to_string();
        assert!(name.starts_with(&prefix), "{crumb:?} for {name:?}");
    }
}

/// Back then forward comes back to the same entity with the same focus (the results for the
/// search line: history never focuses it, issue 16 item 4). Only when an entity is
/// shown: a place in the history is an entity, so with no result (a query that matches nothing)
/// there is no place to come back to, and Back leaves nothing on the forward stack.
fn check_back_forward(app: &mut App) {
    if app.history.back.is_empty() || app.help.shown || app.shown().is_none() {
        return;
    }
    let (shown, focus) = (app.shown(), app.focus);
    let focus = match focus {
        Focus::Search => Focus::Results,
        other => other,
    };
    app::update(app, Action::Back);
    app::update(app, Action::Forward);
    assert_eq!((app.shown(), app.focus), (shown, focus));
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 96, ..ProptestConfig::default() })]

    #[test]
    fn random_events_keep_the_explorer_sound(
        graph in graph_json(),
        events in prop::collection::vec(event(), 1..80),
    ) {
        let bytes = serde_json::to_vec(&graph).unwrap();
        let graph = crate::test_support::graph_of(&bytes, "random");
        let mut app = App::new(graph, "random");
        app::update(&mut app, Action::Resize(80, 24));
        for event in &events {
            apply(&mut app, event, &bytes);
            render(&app);
            check_bounds(&app);
            check_results(&app);
            check_breadcrumbs(&app);
            check_back_forward(&mut app);
            check_bounds(&app);
        }
    }
}

/// The keys the random sequences use reach every view: on one generated graph (the strategy's
/// first value for a fixed seed), `n` `2` `t` `c` `p` from the results open the neighbourhood,
/// its two-hop form, the timeline, the cycles and the path view, each drawn; `y` and `Y` copy.
#[test]
fn the_view_keys_open_every_view_on_a_generated_graph() {
    use proptest::strategy::ValueTree;
    use proptest::test_runner::{Config, RngAlgorithm, TestRng, TestRunner};
    let rng = TestRng::from_seed(RngAlgorithm::ChaCha, &[7; 32]);
    let mut runner = TestRunner::new_with_rng(Config::default(), rng);
    let graph = (0..)
        .map(|_| graph_json().new_tree(&mut runner).unwrap().current())
        .find(|g| g["entities"].as_array().unwrap().len() > 10)
        .unwrap();
    let bytes = serde_json::to_vec(&graph).unwrap();
    let mut app = App::new(crate::test_support::graph_of(&bytes, "random"), "random");
    app::update(&mut app, Action::Resize(120, 40));
    let key = |app: &mut App, c: char| {
        apply(
            app,
            &Event::Key(KeyCode::Char(c), KeyModifiers::NONE),
            &bytes,
        );
        render(app);
        check_bounds(app);
    };
    apply(
        &mut app,
        &Event::Key(KeyCode::Tab, KeyModifiers::NONE),
        &bytes,
    );
    assert_eq!(app.focus, Focus::Results);
    for (keys, view) in [
        ("n", View::Neighbourhood),
        ("2", View::Neighbourhood),
        ("t", View::Timeline),
        ("c", View::Cycles),
        ("p", View::Paths),
    ] {
        for c in keys.chars() {
            key(&mut app, c);
        }
        assert_eq!(app.view, view, "after {keys}");
        if keys != "n" {
            apply(
                &mut app,
                &Event::Key(KeyCode::Esc, KeyModifiers::NONE),
                &bytes,
            );
            assert_eq!(app.view, View::Explore, "Esc closes {view:?}");
        }
    }
    key(&mut app, 'y');
    key(&mut app, 'Y');
}
