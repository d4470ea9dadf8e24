//! Views benchmark: opening and drawing each relationship view (`n` neighbourhood, `t` timeline,
//! `c` cycles, `p` paths) on the default graph from OpenAI, and the neighbourhood of a hub with
//! 5,000 neighbours (one hop and two), into a 120x40 `TestBackend`. Keys go through
//! `App::action_for_key` and `app::update`, as in the explorer. Replaces the `#[ignore]`d
//! `view_latency` and `keystroke_latency` tests, which printed timings and asserted nothing
//! (typing and frames are measured by `benches/search.rs` and `benches/frame.rs`).
//!
//! `cargo bench --bench views`

use std::hint::black_box;
use std::time::Duration;

use criterion::{BatchSize, Criterion, criterion_group, criterion_main};
use kgx::app::{self, Action, App, SearchMode};
use kgx::graph::{self, LoadOptions};
use kgx::ui;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

fn press(app: &mut App, code: KeyCode) {
    if let Some(action) = app.action_for_key(KeyEvent::new(code, KeyModifiers::NONE)) {
        app::update(app, action);
    }
}

fn draw(app: &App) {
    let mut terminal = Terminal::new(TestBackend::new(120, 40)).unwrap();
    terminal
        .draw(|f| ui::render(app, f.area(), f.buffer_mut()))
        .unwrap();
    black_box(terminal.backend().buffer());
}

/// The explorer on `graph` with `query` typed and its first result opened.
fn opened(graph: graph::Graph, query: &str) -> App {
    let mut app = App::new(graph, "bench");
    app.set_search_mode(SearchMode::Inline);
    app::update(&mut app, Action::Resize(120, 40));
    for c in query.chars() {
        press(&mut app, KeyCode::Char(c));
    }
    press(&mut app, KeyCode::Enter);
    app
}

/// A hub with `n` neighbours (`kgx::generate::star`).
fn star(n: usize) -> graph::Graph {
    let json = kgx::generate::star(n);
    graph::load_bytes(json.as_bytes(), "star", LoadOptions::default())
        .unwrap()
        .graph
}

fn views(c: &mut Criterion) {
    let mut group = c.benchmark_group("views");
    group
        .sample_size(20)
        .measurement_time(Duration::from_secs(3));
    let openai = opened(graph::load_default().unwrap().graph, "openai");
    for (name, keys) in [
        ("neighbourhood", "n"),
        ("neighbourhood_two_hops", "n2"),
        ("timeline", "t"),
        ("cycles", "c"),
        ("paths_to_microsoft", "p"),
    ] {
        group.bench_function(format!("default_graph/{name}"), |b| {
            b.iter_batched_ref(
                || {
                    let mut app = App::new((*openai.graph).clone(), "bench");
                    app.set_search_mode(SearchMode::Inline);
                    app::update(&mut app, Action::Resize(120, 40));
                    for c in "openai".chars() {
                        press(&mut app, KeyCode::Char(c));
                    }
                    press(&mut app, KeyCode::Enter);
                    app
                },
                |app| {
                    for c in keys.chars() {
                        press(app, KeyCode::Char(c));
                    }
                    if keys == "p" {
                        for c in "microsoft".chars() {
                            press(app, KeyCode::Char(c));
                        }
                        press(app, KeyCode::Enter);
                    }
                    draw(app);
                },
                BatchSize::SmallInput,
            );
        });
    }
    let hub = star(5000);
    for (name, keys) in [("neighbourhood", "n"), ("neighbourhood_two_hops", "n2")] {
        group.bench_function(format!("hub_5000/{name}"), |b| {
            b.iter_batched_ref(
                || opened(hub.clone(), "hub"),
                |app| {
                    for c in keys.chars() {
                        press(app, KeyCode::Char(c));
                    }
                    draw(app);
                },
                BatchSize::SmallInput,
            );
        });
    }
    group.finish();
}

criterion_group!(benches, views);
criterion_main!(benches);
