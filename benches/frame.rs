//! Frame benchmark (issue 5, benchmark 3): drawing the explorer's main screen with `ui::render`,
//! the function the terminal loop calls, into a 200x60 `TestBackend`. Target: ≤ 2 ms per frame
//! whatever the graph's size, because only the visible rows are built.
//!
//! The graph: `KGX_BENCH_FILE`, else 100k entities generated in memory (benches/support).
//! Cases: the empty query (every entity is a result, the most connected one selected, so the
//! relations pane holds the biggest hub), a one-letter query (most entities match, every visible
//! row highlighted), a two-term query, and the selection moved to the last result. Each is timed
//! as a full redraw into a fresh terminal ("full": every cell sent to the backend) and as the
//! next frame of a running terminal ("steady": ratatui sends only changed cells), which is what
//! the event loop pays after a key that changed little.

use std::hint::black_box;
use std::time::Duration;

use criterion::{Criterion, criterion_group, criterion_main};
use kgx::app::{self, Action, App, SearchMode};
use kgx::ui;
use ratatui::Terminal;
use ratatui::backend::TestBackend;

#[path = "support/bench_graph.rs"]
mod bench_graph;

const WIDTH: u16 = 200;
const HEIGHT: u16 = 60;

fn app() -> App {
    let (name, graph) = bench_graph::bench_graph();
    let mut app = App::new(graph, name);
    // Queries change between cases: their results must be in place before drawing.
    app.set_search_mode(SearchMode::Inline);
    app::update(&mut app, Action::Resize(WIDTH, HEIGHT));
    app
}

fn draw(terminal: &mut Terminal<TestBackend>, app: &App) {
    terminal
        .draw(|f| {
            let area = f.area();
            ui::render(app, area, f.buffer_mut());
            if let Some(pos) = ui::cursor_position(app, area) {
                f.set_cursor_position(pos);
            }
        })
        .unwrap();
}

fn set_query(app: &mut App, query: &str) {
    app::update(app, Action::ClearQuery);
    for c in query.chars() {
        app::update(app, Action::Insert(c));
    }
}

fn bench_case(c: &mut Criterion, name: &str, app: &App) {
    let mut group = c.benchmark_group("frame");
    group
        .sample_size(30)
        .measurement_time(Duration::from_secs(3));
    group.bench_function(format!("{name}/full"), |b| {
        b.iter(|| {
            let mut terminal = Terminal::new(TestBackend::new(WIDTH, HEIGHT)).unwrap();
            draw(&mut terminal, black_box(app));
        })
    });
    let mut terminal = Terminal::new(TestBackend::new(WIDTH, HEIGHT)).unwrap();
    group.bench_function(format!("{name}/steady"), |b| {
        b.iter(|| draw(&mut terminal, black_box(app)))
    });
    group.finish();
}

fn frame(c: &mut Criterion) {
    let mut app = app();
    eprintln!(
        "{} entities; empty query: {} results, relations pane {} rows",
        app.graph.entity_count(),
        app.results.hits.len(),
        app.relations.rows.len()
    );
    bench_case(c, "empty_query", &app);
    bench_select_hubs(c, &mut app);
    for (name, query) in [("query_t", "t"), ("query_openai_inv", "openai inv")] {
        set_query(&mut app, query);
        eprintln!("{query:?}: {} results", app.results.hits.len());
        bench_case(c, name, &app);
    }
    set_query(&mut app, "");
    app::update(&mut app, Action::FocusNext);
    app::update(&mut app, Action::Bottom);
    bench_case(c, "last_result", &app);
}

/// Not a frame: moving the selection between the two most connected entities (the top results
/// of the empty query) and back, which builds the relations pane's rows and column widths for
/// each (75,044 and the next-biggest hub's links at 1M).
fn bench_select_hubs(c: &mut Criterion, app: &mut App) {
    app::update(app, Action::FocusNext);
    let degree = |app: &App| app.relations.widths.items;
    let first = degree(app);
    app::update(app, Action::MoveDown);
    eprintln!("hubs: {first} and {} relations", degree(app));
    let mut group = c.benchmark_group("select");
    group.sample_size(10);
    group.bench_function("two_hubs_down_and_up", |b| {
        b.iter(|| {
            app::update(app, Action::MoveUp);
            app::update(app, Action::MoveDown);
        })
    });
    group.finish();
    app::update(app, Action::MoveUp);
    app::update(app, Action::FocusSearch);
}

criterion_group!(benches, frame);
criterion_main!(benches);
