//! Snapshots of the relationship views (paths, neighbourhood, timeline, cycles) drawn into
//! ratatui's `TestBackend` on the default graph, and the properties every view's frame must keep:
//! no panic at any size, no colour under `NO_COLOR`, no control character from the data.

use crate::screen::{draw, text};
use crate::test_support;
use crate::test_support::{keys, press};
use kgx::app::{self, Action, App, View};
use kgx::escape::is_unsafe_char;
use kgx::graph::{self, LoadOptions};
use ratatui::crossterm::event::KeyCode;
use ratatui::style::Color;

fn default_app() -> App {
    let mut app = test_support::default_app();
    app::update(&mut app, Action::Resize(120, 40));
    app
}

fn fixture(name: &str) -> App {
    let mut app = test_support::fixture_app(name);
    app::update(&mut app, Action::Resize(120, 40));
    app
}

/// Searches for `id`, opens it, and presses `view_key`.
fn open_view(app: &mut App, id: &str, view_key: char) {
    keys(app, id);
    press(app, KeyCode::Enter);
    assert_eq!(app.graph.entity(app.shown().unwrap()).id(), id);
    press(app, KeyCode::Char(view_key));
}

fn paths_amazon_microsoft() -> App {
    let mut app = default_app();
    open_view(&mut app, "amazon", 'p');
    keys(&mut app, "microsoft");
    press(&mut app, KeyCode::Enter);
    assert_eq!(app.view, View::Paths);
    app
}

#[test]
fn path_picker() {
    let mut app = default_app();
    open_view(&mut app, "amazon", 'p');
    keys(&mut app, "micro");
    insta::assert_snapshot!(text(&draw(&mut app, 120, 40)));
}

#[test]
fn path_view_amazon_microsoft() {
    let mut app = paths_amazon_microsoft();
    insta::assert_snapshot!(text(&draw(&mut app, 120, 40)));
}

#[test]
fn neighbourhood_openai() {
    let mut app = default_app();
    open_view(&mut app, "openai", 'n');
    insta::assert_snapshot!(text(&draw(&mut app, 120, 40)));
}

#[test]
fn neighbourhood_openai_two_hops() {
    let mut app = default_app();
    open_view(&mut app, "openai", 'n');
    press(&mut app, KeyCode::Char('2'));
    insta::assert_snapshot!(text(&draw(&mut app, 120, 40)));
}

/// `` ` `` in the neighbourhood: OpenAI's deals folded into the companies it deals with.
#[test]
fn neighbourhood_openai_partners() {
    let mut app = default_app();
    open_view(&mut app, "openai", 'n');
    keys(&mut app, "`");
    let screen = text(&draw(&mut app, 120, 40));
    assert!(screen.contains("deals with (15 out)"), "{screen}");
    assert!(!screen.contains("$ "), "no deal is listed: {screen}");
    insta::assert_snapshot!(screen);
}

#[test]
fn neighbourhood_hub_nvidia() {
    let mut app = default_app();
    open_view(&mut app, "nvidia", 'n');
    insta::assert_snapshot!(text(&draw(&mut app, 120, 40)));
}

#[test]
fn timeline() {
    let mut app = default_app();
    open_view(&mut app, "openai", 't');
    insta::assert_snapshot!(text(&draw(&mut app, 120, 40)));
}

/// The rings view opened from Oracle: the article's ring Nvidia → OpenAI → Oracle → Nvidia
/// first, its Oracle → Nvidia leg inferred from OCI offering the GB200 and undisclosed (never
/// `$0`), the ended letter of intent "not counted" beside its amount.
#[test]
fn cycles() {
    let mut app = default_app();
    open_view(&mut app, "oracle", 'c');
    let screen = text(&draw(&mut app, 120, 40));
    assert!(screen.contains("10. Nvidia → OpenAI → Oracle → Nvidia"));
    assert!(screen.contains("Oracle → Nvidia  undisclosed  inferred (offers Nvidia GB200 NVL72)"));
    assert!(screen.contains("$100B  not counted"));
    assert!(!screen.contains("$0 "), "an undisclosed leg is never $0");
    insta::assert_snapshot!(screen);
}

/// The entity `c` was opened from stands out in its rings' headings (the matched-text style), and
/// only there: the other parties keep the heading style.
#[test]
fn cycles_highlight_the_entity_they_were_opened_from() {
    let mut app = default_app();
    open_view(&mut app, "oracle", 'c');
    let buf = draw(&mut app, 120, 40);
    let heading = 3;
    let line: String = (0..120).map(|x| buf[(x, heading)].symbol()).collect();
    assert!(
        line.starts_with("┃10. Nvidia → OpenAI → Oracle → Nvidia"),
        "{line}"
    );
    let col = |name: &str| line[..line.find(name).unwrap()].chars().count() as u16;
    let (oracle, nvidia) = (
        &buf[(col("Oracle"), heading)],
        &buf[(col("Nvidia"), heading)],
    );
    assert_eq!(oracle.fg, Color::Yellow, "the entity is highlighted");
    assert_ne!(nvidia.fg, Color::Yellow, "the other parties are not");
}

#[test]
fn cycles_80x24() {
    let mut app = default_app();
    open_view(&mut app, "oracle", 'c');
    insta::assert_snapshot!(text(&draw(&mut app, 80, 24)));
}

/// The relations pane grouped by partners (`` ` ``), Amazon expanded to its deals.
fn partners_of_openai() -> App {
    let mut app = default_app();
    keys(&mut app, "openai");
    press(&mut app, KeyCode::Enter);
    keys(&mut app, "`jj");
    press(&mut app, KeyCode::Right);
    app
}

#[test]
fn partners_pane_120x40() {
    let mut app = partners_of_openai();
    let screen = text(&draw(&mut app, 120, 40));
    assert!(screen.contains("Amazon / Amazon Web Services"));
    assert!(screen.contains("$138B out · $50.0B in · 5 deals"));
    insta::assert_snapshot!(screen);
}

#[test]
fn partners_pane_80x24() {
    let mut app = partners_of_openai();
    insta::assert_snapshot!(text(&draw(&mut app, 80, 24)));
}

/// `=` on Microsoft, then `=` on Amazon.
fn compare_microsoft_amazon() -> App {
    let mut app = default_app();
    keys(&mut app, "microsoft");
    press(&mut app, KeyCode::Enter);
    keys(&mut app, "=/");
    press(&mut app, KeyCode::Backspace);
    for _ in 0..9 {
        press(&mut app, KeyCode::Backspace);
    }
    keys(&mut app, "amazon");
    press(&mut app, KeyCode::Enter);
    keys(&mut app, "=");
    assert_eq!(app.view, View::Compare);
    app
}

#[test]
fn compare_120x40() {
    let mut app = compare_microsoft_amazon();
    let screen = text(&draw(&mut app, 120, 40));
    assert!(screen.contains("Compare · Microsoft vs Amazon"));
    assert!(screen.contains("● OpenAI") && screen.contains("● Anthropic"));
    insta::assert_snapshot!(screen);
}

#[test]
fn compare_80x24() {
    let mut app = compare_microsoft_amazon();
    insta::assert_snapshot!(text(&draw(&mut app, 80, 24)));
}

/// The overview (`i`) of the default graph, from its top, at both sizes.
#[test]
fn overview_default_graph() {
    for (w, h) in [(120, 40), (80, 24)] {
        let mut app = default_app();
        press(&mut app, KeyCode::Tab);
        press(&mut app, KeyCode::Char('i'));
        assert_eq!(app.view, View::Overview);
        insta::assert_snapshot!(
            format!("overview_default_graph_{w}x{h}"),
            text(&draw(&mut app, w, h))
        );
    }
}

/// The overview of an imported Neo4j APOC export, its data-quality section in view, and the
/// explorer's tabs from its kinds (`User`) after Enter on the kind.
#[test]
fn overview_of_an_apoc_export() {
    for (w, h) in [(120, 40), (80, 24)] {
        let mut app = fixture("import/apoc-all.json");
        app::update(&mut app, Action::Resize(w, h));
        press(&mut app, KeyCode::Tab);
        press(&mut app, KeyCode::Char('i'));
        insta::assert_snapshot!(
            format!("overview_apoc_{w}x{h}"),
            text(&draw(&mut app, w, h))
        );
    }
    let mut app = fixture("import/apoc-all.json");
    press(&mut app, KeyCode::Tab);
    press(&mut app, KeyCode::Char('i'));
    press(&mut app, KeyCode::Enter);
    assert_eq!(app.view, View::Explore);
    assert_eq!(app.search.tabs[app.search.tab].label, "User");
    insta::assert_snapshot!(
        "explorer_tabs_from_apoc_kinds",
        text(&draw(&mut app, 120, 24))
    );
}

/// Enter on a relation type lists its relations; Enter on one opens its first end; Esc goes
/// from the list back to the overview, and from the overview back to the explorer.
#[test]
fn overview_rows_act() {
    let mut app = default_app();
    press(&mut app, KeyCode::Tab);
    press(&mut app, KeyCode::Char('i'));
    let lines = kgx::app::views::overview::current_lines(&app);
    let designs = lines
        .iter()
        .position(|l| l.text.trim_start().starts_with("designs "))
        .unwrap();
    let delta = designs as isize - app.views.overview.pos.selected as isize;
    for _ in 0..delta {
        press(&mut app, KeyCode::Down);
    }
    press(&mut app, KeyCode::Enter);
    let list = app
        .views
        .overview
        .list
        .clone()
        .expect("a list of designs relations");
    assert_eq!(list.rows.len(), 26);
    assert!(
        list.rows.iter().all(|(t, _)| t.contains("—designs→")),
        "{:?}",
        list.rows
    );
    insta::assert_snapshot!("overview_designs_list", text(&draw(&mut app, 120, 24)));
    press(&mut app, KeyCode::Esc);
    assert_eq!(app.view, View::Overview);
    assert!(app.views.overview.list.is_none());
    press(&mut app, KeyCode::Enter);
    press(&mut app, KeyCode::Enter);
    assert_eq!(app.view, View::Explore);
    let shown = app.graph.entity(app.shown().unwrap());
    assert!(
        shown.outgoing().any(|r| r.rtype() == "designs"),
        "{} designs nothing",
        shown.id()
    );
    let shown_id = shown.id().to_string();
    // `[` from the entity opened out of the overview's list returns to the overview.
    press(&mut app, KeyCode::Char('['));
    assert_eq!(app.view, View::Overview);
    press(&mut app, KeyCode::Esc);
    assert_eq!(app.view, View::Explore);
    press(&mut app, KeyCode::Char(']'));
    assert_eq!(app.graph.entity(app.shown().unwrap()).id(), shown_id);
    press(&mut app, KeyCode::Char('i'));
    press(&mut app, KeyCode::Esc);
    assert_eq!(app.view, View::Explore);
}

/// Every view at every size from 1x1 up, with and without the help overlay.
#[test]
fn no_view_panics_at_any_size() {
    let mut apps = vec![paths_amazon_microsoft()];
    let mut picking = default_app();
    open_view(&mut picking, "amazon", 'p');
    apps.push(picking);
    for (id, k) in [
        ("openai", 'n'),
        ("nvidia", 'n'),
        ("openai", 't'),
        ("openai", 'c'),
        ("openai", 'i'),
    ] {
        let mut app = default_app();
        open_view(&mut app, id, k);
        apps.push(app);
    }
    apps.push(compare_microsoft_amazon());
    let mut two_hops = default_app();
    open_view(&mut two_hops, "openai", 'n');
    press(&mut two_hops, KeyCode::Char('2'));
    apps.push(two_hops);
    for app in &mut apps {
        for w in (1..=130).step_by(3) {
            for h in 1..=45 {
                draw(app, w, h);
                press(app, KeyCode::Down);
            }
        }
        press(app, KeyCode::F(1));
        for w in (1..=130).step_by(7) {
            for h in (1..=45).step_by(2) {
                draw(app, w, h);
            }
        }
    }
}

#[test]
fn views_under_no_color_use_attributes_only() {
    for (id, k) in [
        ("amazon", 'p'),
        ("openai", 'n'),
        ("openai", 't'),
        ("openai", 'c'),
        ("openai", 'i'),
    ] {
        let mut app = default_app();
        app.options.color = false;
        open_view(&mut app, id, k);
        if k == 'p' {
            keys(&mut app, "microsoft");
            press(&mut app, KeyCode::Enter);
        }
        let buf = draw(&mut app, 120, 40);
        for cell in buf.content() {
            assert_eq!(
                (cell.fg, cell.bg),
                (Color::Reset, Color::Reset),
                "{k}: {cell:?}"
            );
        }
        // The selected row is still marked, by reverse video alone.
        let marked = crate::screen::reversed_runs(&buf);
        assert!(!marked.is_empty(), "{k}: nothing selected\n{}", text(&buf));
    }
}

#[test]
fn hostile_data_never_reaches_the_terminal_from_a_view() {
    let mut app = fixture("hostile.json");
    press(&mut app, KeyCode::Enter);
    let mut screens = Vec::new();
    for k in ['n', 't', 'c'] {
        press(&mut app, KeyCode::Char(k));
        screens.push(draw(&mut app, 120, 40));
        press(&mut app, KeyCode::Char('2'));
        screens.push(draw(&mut app, 120, 40));
        press(&mut app, KeyCode::Esc);
    }
    press(&mut app, KeyCode::Char('p'));
    screens.push(draw(&mut app, 120, 40));
    press(&mut app, KeyCode::Enter);
    screens.push(draw(&mut app, 120, 40));
    for buf in &screens {
        for cell in buf.content() {
            assert!(
                !cell.symbol().chars().any(is_unsafe_char),
                "{:?} in\n{}",
                cell.symbol(),
                text(buf)
            );
        }
    }
}

/// A star: one hub with `n` neighbours over three relation types, both directions.
fn star(n: usize) -> App {
    let json = kgx::generate::star(n);
    let graph = graph::load_bytes(json.as_bytes(), "star", LoadOptions::default())
        .unwrap()
        .graph;
    let mut app = App::new(graph, "star");
    app::update(&mut app, Action::Resize(120, 40));
    app
}

#[test]
fn a_hub_with_a_thousand_neighbours_fits_one_screen() {
    let mut app = star(1000);
    open_view(&mut app, "hub", 'n');
    let screen = text(&draw(&mut app, 120, 40));
    assert!(screen.contains("supplies (334 in) →"), "{screen}");
    assert!(screen.contains("→ operates (333 out)"), "{screen}");
    assert!(screen.contains("→ invests_in (333 out)"), "{screen}");
    assert!(screen.contains("more"), "{screen}");
    insta::assert_snapshot!(screen);
}

/// Issue 16 item 12: an undirected graph (`"directed": false`) lists each relation once per
/// type without a direction (`— linked (1)`), not as incoming or outgoing; at both sizes.
#[test]
fn relations_of_an_undirected_graph_have_no_direction() {
    for (w, h) in [(120, 40), (80, 24)] {
        let mut app = fixture("import/networkx-undirected-edges.json");
        assert!(app.graph.is_undirected());
        keys(&mut app, "tsmc");
        press(&mut app, KeyCode::Enter);
        let screen = text(&draw(&mut app, w, h));
        assert!(screen.contains("— linked (1)"), "{screen}");
        assert!(screen.contains("— supplier (1)"), "{screen}");
        assert!(!screen.contains("incoming") && !screen.contains("outgoing"));
        assert!(!screen.contains('←') && !screen.contains('→'), "{screen}");
        insta::assert_snapshot!(format!("undirected_relations_{w}x{h}"), screen);
    }
}
