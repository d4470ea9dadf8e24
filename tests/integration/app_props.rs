//! Property tests of the explorer: random valid graphs and random event sequences (keys, mouse
//! clicks and scrolls, resizes from 1x1 to 300x120) go through `update` and a render into
//! `TestBackend`. Nothing panics, and after every event the state keeps its invariants.

use kgx::app::{self, Action, App, Focus, RelRow};
use kgx::escape::is_unsafe_char;

use kgx::search::Searcher;
use kgx::ui;
use proptest::prelude::*;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use serde_json::{Value, json};

/// A random valid graph: kinds in and out of the tabs, names with accents, wide characters and
/// control characters, relations between any two entities (self-loops included).
fn graph_json() -> impl Strategy<Value = Value> {
    let name = "[a-eA-E0-9é東\u{1b}\u{202e}][a-e 0-9é東\u{7}]{0,10}";
    (
        prop::collection::vec((name, 0..6usize, prop::option::of("[a-c]{1,4}")), 1..30),
        prop::collection::vec((0..30usize, 0..30usize, 0..4usize), 0..60),
    )
        .prop_map(|(ents, rels)| {
            let kinds = ["company", "chip", "cloud", "deal", "datacenter", "person"];
            let n = ents.len();
            let entities: Vec<Value> = ents
                .iter()
                .enumerate()
                .map(|(i, (name, kind, alias))| {
                    let mut e = json!({"id": format!("e{i}"), "kind": kinds[*kind], "name": name});
                    if let Some(a) = alias {
                        e["aliases"] = json!([a]);
                    }
                    e
                })
                .collect();
            let types = ["investor", "customer", "supplier", "operates"];
            let relations: Vec<Value> = rels
                .iter()
                .map(|(f, t, ty)| {
                    json!({"from": format!("e{}", f % n), "to": format!("e{}", t % n), "type": types[*ty]})
                })
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

fn apply(app: &mut App, event: &Event) {
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
    // Quit, Suspend and Copy are the terminal layer's business; the state must stay sound.
    if let Some(action) = action {
        app::update(app, action);
    }
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
    let fresh = Searcher::new().search(&app.graph, &app.engine.index, &app.results.query, &filter);
    let listed: Vec<_> = app.results.hits.iter().map(|h| h.entity).collect();
    let expected: Vec<_> = fresh.iter().map(|h| h.entity).collect();
    assert_eq!(listed, expected, "results for {:?}", app.search.query);
}

/// The breadcrumbs are the history then the current place, with repeats merged.
fn check_breadcrumbs(app: &App) {
    let mut trail = Vec::new();
    for ix in app.history.back.iter().map(|p| p.entity).chain(app.shown()) {
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

/// Back then forward comes back to the same entity with the same focus. Only when an entity is
/// shown: a place in the history is an entity, so with no result (a query that matches nothing)
/// there is no place to come back to, and Back leaves nothing on the forward stack.
fn check_back_forward(app: &mut App) {
    if app.history.back.is_empty() || app.help.shown || app.shown().is_none() {
        return;
    }
    let (shown, focus) = (app.shown(), app.focus);
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
            apply(&mut app, event);
            render(&app);
            check_bounds(&app);
            check_results(&app);
            check_breadcrumbs(&app);
            check_back_forward(&mut app);
            check_bounds(&app);
        }
    }
}
