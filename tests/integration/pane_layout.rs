//! Issue 16 items 5 and 15: how the explorer's panes share their width — relation names take
//! the room the relations pane has, text keeps off the pane's right border, and the kind tabs
//! stay where clicks look for them while the match count changes width.

use crate::screen::{draw, text};
use crate::test_support::{default_app, press};
use kgx::app::{self, App};
use ratatui::buffer::Buffer;
use ratatui::crossterm::event::KeyCode;

/// The explorer on OpenAI, its relations pane focused.
fn openai() -> App {
    let mut app = default_app();
    for c in "openai".chars() {
        press(&mut app, KeyCode::Char(c));
    }
    press(&mut app, KeyCode::Enter);
    app
}

/// The rows of the relations pane as drawn, border excluded.
fn relation_lines(app: &App, buf: &Buffer) -> Vec<String> {
    let pane = app.panes().unwrap().relations;
    (pane.y + 1..pane.y + pane.height - 1)
        .map(|y| {
            (pane.x + 1..pane.x + pane.width - 1)
                .map(|x| buf[(x, y)].symbol())
                .collect()
        })
        .collect()
}

#[test]
fn relation_names_take_the_free_width_and_deals_keep_their_date_and_status() {
    let mut app = openai();
    // 250 columns: whole names, however long.
    let wide = draw(&mut app, 250, 50);
    let lines = relation_lines(&app, &wide);
    assert!(
        lines.iter().any(|l| l.contains(
            "$ Microsoft-OpenAI definitive agreement and $250B Azure commitment  $250B · 2025-10-28 · signed"
        )),
        "{lines:#?}"
    );
    // 120 and 80 columns: names take what their group's briefs leave (whole at 120 here, cut
    // with `…` at 80), a deal's amount, date and status stay whole, and the `$` symbol is not
    // repeated by the word `deal`.
    for (w, h, name) in [
        (120, 40, "AWS-OpenAI $38B compute agreement"),
        (80, 24, "AWS-Open…"),
    ] {
        let buf = draw(&mut app, w, h);
        let lines = relation_lines(&app, &buf);
        let row = format!("$ {name}  $38.0B · 2025-11-03 · signed");
        assert!(
            lines.iter().any(|l| l.contains(&row)),
            "{w}x{h}: no {row:?} in {lines:#?}"
        );
        // The kind is a row's last column: no row ends in the word `deal`.
        assert!(
            !lines.iter().any(|l| l.trim_end().ends_with(" deal")),
            "{w}x{h}: {lines:#?}"
        );
    }
}

#[test]
fn relation_rows_never_touch_the_right_border() {
    let mut app = openai();
    for (w, h) in [(80, 24), (100, 30), (120, 40), (250, 50)] {
        let buf = draw(&mut app, w, h);
        for line in relation_lines(&app, &buf) {
            assert!(line.ends_with(' '), "{w}x{h}: {line:?}");
        }
        // The partners grouping is drawn in the same pane.
        press(&mut app, KeyCode::Char('`'));
        let buf = draw(&mut app, w, h);
        for line in relation_lines(&app, &buf) {
            assert!(line.ends_with(' '), "{w}x{h} partners: {line:?}");
        }
        press(&mut app, KeyCode::Char('`'));
    }
}

#[test]
fn relations_of_openai_120x40() {
    let mut app = openai();
    insta::assert_snapshot!(text(&draw(&mut app, 120, 40)));
}

#[test]
fn relations_of_openai_80x24() {
    let mut app = openai();
    insta::assert_snapshot!(text(&draw(&mut app, 80, 24)));
}

#[test]
fn kind_tabs_stay_put_while_the_match_count_changes_width() {
    let mut app = default_app();
    for width in [80, 120] {
        app::update(&mut app, app::Action::ClearQuery);
        draw(&mut app, width, 24);
        let first = app.tab_columns(width).unwrap();
        let mut counts = Vec::new();
        for c in "openai frontier".chars() {
            press(&mut app, KeyCode::Char(c));
            draw(&mut app, width, 24);
            counts.push(app.results.hits.len());
            assert_eq!(
                app.tab_columns(width).unwrap(),
                first,
                "{width} columns, {} matches",
                app.results.hits.len()
            );
        }
        // The query went through matches of three, two and one digit.
        assert!(counts.iter().any(|&n| n >= 100), "{counts:?}");
        assert!(counts.iter().any(|&n| (10..100).contains(&n)), "{counts:?}");
        assert!(counts.iter().any(|&n| n < 10), "{counts:?}");
    }
}
