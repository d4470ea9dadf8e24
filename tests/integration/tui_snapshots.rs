//! Snapshots of the explorer's screens drawn into ratatui's `TestBackend`, and the properties
//! every frame must keep: no control character from the data, no colour under `NO_COLOR`, aligned
//! columns with wide characters, no panic at any size.

use crate::screen::{draw, reversed_runs, text};
use kgx::app::{self, Action, App, Focus, keymap};
use kgx::escape::is_unsafe_char;
use kgx::graph::{self, LoadOptions};
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::style::{Color, Modifier};

use crate::test_support::{default_app, fixture_app as fixture};

fn keys(app: &mut App, typed: &str) {
    for c in typed.chars() {
        key(app, KeyCode::Char(c), KeyModifiers::NONE);
    }
}

fn key(app: &mut App, code: KeyCode, mods: KeyModifiers) {
    if let Some(action) = app.action_for_key(KeyEvent::new(code, mods)) {
        app::update(app, action);
    }
}

#[test]
fn main_screen_default_graph() {
    let mut app = default_app();
    insta::assert_snapshot!(text(&draw(&mut app, 120, 40)));
}

#[test]
fn main_screen_fixture_120x40() {
    let mut app = fixture("small.json");
    insta::assert_snapshot!(text(&draw(&mut app, 120, 40)));
}

#[test]
fn main_screen_fixture_80x24() {
    let mut app = fixture("small.json");
    insta::assert_snapshot!(text(&draw(&mut app, 80, 24)));
}

#[test]
fn search_with_highlights() {
    let mut app = fixture("small.json");
    keys(&mut app, "trn3");
    let buf = draw(&mut app, 100, 20);
    // Under each results row, `^` marks the cells drawn as matched.
    let panes = app.panes().unwrap();
    let rows = panes.results_rows();
    let mut marked = String::new();
    for y in rows.y..rows.y + 3 {
        let mut line = String::new();
        let mut marks = String::new();
        for x in rows.x..rows.x + rows.width {
            let cell = &buf[(x, y)];
            line.push_str(cell.symbol());
            let hl = cell.fg == Color::Yellow && cell.modifier.contains(Modifier::BOLD);
            marks.push(if hl { '^' } else { ' ' });
        }
        marked.push_str(&format!("{}\n{}\n", line.trim_end(), marks.trim_end()));
    }
    insta::assert_snapshot!(marked);
    insta::assert_snapshot!("search_with_highlights_screen", text(&buf));
}

#[test]
fn opened_entity_after_following_a_relation() {
    let mut app = fixture("small.json");
    keys(&mut app, "trn3");
    key(&mut app, KeyCode::Enter, KeyModifiers::NONE);
    key(&mut app, KeyCode::Char('j'), KeyModifiers::NONE);
    key(&mut app, KeyCode::Enter, KeyModifiers::NONE);
    assert_eq!(app.focus, Focus::Relations);
    insta::assert_snapshot!(text(&draw(&mut app, 120, 30)));
}

/// Issue 16 item 3: the detail pane scrolls from the keyboard (Shift-↓ down, Shift-↑ up, from
/// the relations pane too) and says `▼ N more lines` while it is cut; scrolling
/// stops at its last line, where the marker goes.
#[test]
fn the_detail_pane_scrolls_from_the_keyboard_and_says_what_is_cut() {
    for (w, h) in [(120, 40), (80, 24)] {
        let mut app = default_app();
        keys(&mut app, "aws");
        key(&mut app, KeyCode::Enter, KeyModifiers::NONE);
        assert_eq!(app.focus, Focus::Relations);
        let top = text(&draw(&mut app, w, h));
        assert!(top.contains("more lines · Shift-↓"), "{top}");
        insta::assert_snapshot!(format!("detail_scroll_top_{w}x{h}"), top);
        key(&mut app, KeyCode::Down, KeyModifiers::SHIFT);
        key(&mut app, KeyCode::Down, KeyModifiers::SHIFT);
        assert_eq!(app.detail.scroll, 6);
        insta::assert_snapshot!(
            format!("detail_scroll_down_{w}x{h}"),
            text(&draw(&mut app, w, h))
        );
        for _ in 0..40 {
            key(&mut app, KeyCode::Down, KeyModifiers::SHIFT);
        }
        let max = app.detail.max_scroll.unwrap();
        assert_eq!(app.detail.scroll, max, "scrolling stops at the last line");
        let end = text(&draw(&mut app, w, h));
        assert!(!end.contains("more lines"), "{end}");
        insta::assert_snapshot!(format!("detail_scroll_end_{w}x{h}"), end);
        key(&mut app, KeyCode::Up, KeyModifiers::SHIFT);
        key(&mut app, KeyCode::Up, KeyModifiers::SHIFT);
        assert_eq!(
            app.detail.scroll,
            max.saturating_sub(6),
            "up at once from the end"
        );
    }
}

#[test]
fn help_overlay() {
    let mut app = fixture("small.json");
    key(&mut app, KeyCode::F(1), KeyModifiers::NONE);
    insta::assert_snapshot!("help_overlay_120x40", text(&draw(&mut app, 120, 40)));
    insta::assert_snapshot!("help_overlay_80x24", text(&draw(&mut app, 80, 24)));
    key(&mut app, KeyCode::End, KeyModifiers::NONE);
    insta::assert_snapshot!("help_overlay_80x24_end", text(&draw(&mut app, 80, 24)));
}

#[test]
fn help_at_80x24_shows_every_description_whole_somewhere_as_it_scrolls() {
    let mut app = fixture("small.json");
    key(&mut app, KeyCode::F(1), KeyModifiers::NONE);
    let mut seen = String::new();
    for _ in 0..10 {
        seen.push_str(&text(&draw(&mut app, 80, 24)));
        key(&mut app, KeyCode::PageDown, KeyModifiers::NONE);
    }
    for b in keymap::KEYMAP {
        assert!(seen.contains(b.help), "help never shows {:?} whole", b.help);
    }
}

#[test]
fn help_lists_every_binding_of_the_key_map() {
    let mut app = fixture("small.json");
    key(&mut app, KeyCode::F(1), KeyModifiers::NONE);
    let screen = text(&draw(&mut app, 120, 40));
    for b in keymap::KEYMAP {
        assert!(screen.contains(b.help), "help lacks {:?}", b.help);
        for chord in b.keys {
            assert!(screen.contains(&keymap::chord_label(chord)));
        }
    }
}

#[test]
fn too_small_message() {
    let mut app = fixture("small.json");
    insta::assert_snapshot!(text(&draw(&mut app, 39, 9)));
}

#[test]
fn no_size_panics() {
    let mut app = fixture("small.json");
    keys(&mut app, "a");
    key(&mut app, KeyCode::Enter, KeyModifiers::NONE);
    for w in 1..=100 {
        for h in 1..=36 {
            draw(&mut app, w, h);
        }
    }
    key(&mut app, KeyCode::F(1), KeyModifiers::NONE);
    for w in (1..=130).step_by(3) {
        for h in 1..=45 {
            draw(&mut app, w, h);
        }
    }
}

#[test]
fn no_color_uses_reverse_video_only() {
    let mut app = fixture("small.json");
    app.options.color = false;
    keys(&mut app, "trn3");
    let buf = draw(&mut app, 100, 20);
    for cell in buf.content() {
        assert_eq!((cell.fg, cell.bg), (Color::Reset, Color::Reset), "{cell:?}");
    }
    let rows = app.panes().unwrap().results_rows();
    assert!(
        buf[(rows.x + 2, rows.y)]
            .modifier
            .contains(Modifier::REVERSED)
    );
    // The snapshot shows the reverse video beside the text: the selected result's whole row.
    insta::assert_snapshot!(format!(
        "{}\nreverse video:\n{}",
        text(&buf),
        reversed_runs(&buf)
    ));
}

#[test]
fn wide_characters_keep_columns_aligned() {
    let mut app = fixture("small.json");
    keys(&mut app, "@cloud");
    let buf = draw(&mut app, 100, 20);
    let rows = app.panes().unwrap().results_rows();
    let right = rows.x + rows.width;
    for y in rows.y..rows.y + 2 {
        let kind: String = (right - 5..right).map(|x| buf[(x, y)].symbol()).collect();
        assert_eq!(kind, "cloud", "row {y}:\n{}", text(&buf));
        assert_eq!(buf[(right, y)].symbol(), "│");
    }
    assert!(text(&buf).contains("さくらインターネット"));
}

#[test]
fn hostile_data_never_reaches_the_terminal() {
    let mut app = fixture("hostile.json");
    let mut screens = vec![draw(&mut app, 120, 40)];
    key(&mut app, KeyCode::Enter, KeyModifiers::NONE);
    screens.push(draw(&mut app, 120, 40));
    key(&mut app, KeyCode::Char('y'), KeyModifiers::NONE);
    screens.push(draw(&mut app, 80, 24));
    key(&mut app, KeyCode::Enter, KeyModifiers::NONE);
    screens.push(draw(&mut app, 60, 20));
    keys(&mut app, "/evil");
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
    insta::assert_snapshot!(text(&screens[1]));
}

/// Issue 16 item 15: a trail longer than the footer has room for drops its middle
/// (`Trainium3 › … › Amazon`), never the quit key or help; at 60 and 80 columns.
#[test]
fn a_long_trail_drops_its_middle_and_keeps_quit_and_help() {
    let mut app = fixture("small.json");
    keys(&mut app, "trn3");
    key(&mut app, KeyCode::Enter, KeyModifiers::NONE);
    // trainium3 → trainium2 → annapurna → amazon → aws → trainium3 …
    for _ in 0..6 {
        key(&mut app, KeyCode::Char('G'), KeyModifiers::NONE);
        key(&mut app, KeyCode::Enter, KeyModifiers::NONE);
    }
    let mut statuses = Vec::new();
    for (w, h) in [(60, 20), (80, 24)] {
        let buf = draw(&mut app, w, h);
        let status = text(&buf).lines().last().unwrap().to_string();
        assert!(status.starts_with(" Trainium3 › … › "), "{status}");
        assert!(status.trim_end().ends_with("q quit · ? help"), "{status}");
        for crumb in app.breadcrumbs(w) {
            let drawn: String = (crumb.x..crumb.x + crumb.width)
                .map(|x| buf[(x, h - 1)].symbol())
                .collect();
            assert_eq!(drawn, crumb.label);
        }
        statuses.push(status);
    }
    insta::assert_snapshot!(statuses.join("\n"));
    let first = app.breadcrumbs(80)[0].clone();
    let depth = app.history.back.len();
    app::update(
        &mut app,
        Action::Click {
            col: first.x,
            row: 23,
            double: false,
        },
    );
    assert_eq!(app.history.back.len(), depth - first.steps_back);
    assert_eq!(
        app.relations.opened.map(|ix| app.graph.entity(ix).id()),
        Some("trainium3")
    );
}

#[test]
fn kind_tabs_are_drawn_where_clicks_look_for_them() {
    let mut app = fixture("small.json");
    for width in [80, 100, 120] {
        let buf = draw(&mut app, width, 24);
        let tabs = app.search.tabs.clone();
        for (tab, (x, w)) in tabs.iter().zip(app.tab_columns(width).unwrap()) {
            let drawn: String = (x..x + w).map(|x| buf[(x, 0)].symbol()).collect();
            assert_eq!(drawn, tab.text());
        }
    }
}

#[test]
fn an_empty_graph_draws_and_takes_every_key() {
    let empty = graph::load_bytes(
        br#"{"entities": [], "relations": []}"#,
        "empty",
        LoadOptions::default(),
    );
    let mut app = App::new(empty.unwrap().graph, "empty");
    for b in keymap::KEYMAP {
        if b.action != app::Action::Quit {
            app::update(&mut app, b.action);
        }
        draw(&mut app, 50, 12);
    }
    // The keys include the views (t, c open even on an empty graph) and the date prompt, which
    // takes keys until Esc closes it: back to the explorer.
    app::update(&mut app, app::Action::Escape);
    app::update(&mut app, app::Action::CloseView);
    assert!(text(&draw(&mut app, 50, 12)).contains("no match"));
}

/// Issue 16 item 14: a reload error takes the status line, located and with the CLI's hint, and
/// ends with how to dismiss it, which stays when the line is too short for the rest (80x24).
#[test]
fn a_reload_error_stays_in_the_status_line_with_its_hint() {
    let mut app = fixture("small.json");
    keys(&mut app, "openai");
    key(&mut app, KeyCode::Enter, KeyModifiers::NONE);
    app.options.source = app::Source::File(std::path::PathBuf::from(
        "tests/fixtures/bad/dangling-to.json",
    ));
    kgx::tui::reload(&mut app);
    key(&mut app, KeyCode::Char('j'), KeyModifiers::NONE);
    let mut statuses = Vec::new();
    for (w, h) in [(120, 40), (80, 24)] {
        let status = text(&draw(&mut app, w, h))
            .lines()
            .last()
            .unwrap()
            .to_string();
        assert!(status.trim_end().ends_with("(Esc to dismiss)"), "{status}");
        statuses.push(status);
    }
    assert!(statuses[0].starts_with(" reload failed: dangling-to.json:20:13: "));
    assert!(statuses[0].contains(" — did you mean 'openai'?  (Esc to dismiss)"));
    insta::assert_snapshot!(statuses.join("\n"));
}

/// Issue 16 item 4: after going back, the breadcrumb shows the places ahead dimmed, the current
/// one bold and those behind plain, at 120x40 and 80x24.
#[test]
fn the_breadcrumb_dims_the_places_ahead() {
    let mut app = fixture("small.json");
    keys(&mut app, "trn3");
    key(&mut app, KeyCode::Enter, KeyModifiers::NONE);
    key(&mut app, KeyCode::Char('G'), KeyModifiers::NONE);
    key(&mut app, KeyCode::Enter, KeyModifiers::NONE);
    key(&mut app, KeyCode::Char('G'), KeyModifiers::NONE);
    key(&mut app, KeyCode::Enter, KeyModifiers::NONE);
    key(&mut app, KeyCode::Char('['), KeyModifiers::NONE);
    let mut statuses = Vec::new();
    for (w, h) in [(120, 40), (80, 24)] {
        let buf = draw(&mut app, w, h);
        let crumbs = app.breadcrumbs(w);
        assert_eq!(crumbs.len(), 3, "{crumbs:?}");
        let cell = |c: &app::Crumb| &buf[(c.x, h - 1)];
        assert_eq!(cell(&crumbs[0]).fg, Color::Reset, "behind: plain");
        assert!(
            cell(&crumbs[1]).modifier.contains(Modifier::BOLD),
            "current: bold"
        );
        assert_eq!(cell(&crumbs[2]).fg, Color::DarkGray, "ahead: dimmed");
        assert_eq!(crumbs[2].steps_forward, 1);
        statuses.push(text(&buf).lines().last().unwrap().to_string());
    }
    insta::assert_snapshot!(statuses.join("\n"));
}
