//! Snapshots of the explorer with filters and an as-of date: the search line with a filter and
//! with a filter error (its span marked), the date prompt, and the status line and detail pane
//! as of 2025-12-16, at 120x40 and 80x24. Keys go through the key map as a user types them.

use kgx::app::{self, App, Focus};
use ratatui::buffer::Buffer;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::style::Modifier;

use crate::screen::{draw, text};
use crate::test_support::default_app;

fn key(app: &mut App, code: KeyCode, mods: KeyModifiers) {
    if let Some(action) = app.action_for_key(KeyEvent::new(code, mods)) {
        app::update(app, action);
    }
}

fn keys(app: &mut App, typed: &str) {
    for c in typed.chars() {
        key(app, KeyCode::Char(c), KeyModifiers::NONE);
    }
}

/// Row `y` of the frame, and under it `^` where a cell is underlined (an error's span).
fn marked_row(buf: &Buffer, y: u16) -> String {
    let lines = text(buf);
    let line = lines.lines().nth(y as usize).unwrap().to_string();
    let marks: String = (0..buf.area.width)
        .map(|x| {
            let underlined = buf[(x, y)].modifier.contains(Modifier::UNDERLINED);
            if underlined { '^' } else { ' ' }
        })
        .collect();
    format!("{line}\n{}\n", marks.trim_end())
}

#[test]
fn search_line_with_a_filter_shows_the_matched_amounts() {
    let mut app = default_app();
    keys(&mut app, "@deal amount>100b year:2025");
    let wide = text(&draw(&mut app, 120, 40));
    assert!(wide.contains("$250B"), "the amount next to the name");
    insta::assert_snapshot!("filter_search_120x40", wide);
    insta::assert_snapshot!("filter_search_80x24", text(&draw(&mut app, 80, 24)));
}

#[test]
fn a_bad_filter_is_an_error_in_the_search_line_with_its_span_marked() {
    let mut app = default_app();
    keys(&mut app, "@deal amount>ten");
    let wide = draw(&mut app, 120, 40);
    let row = marked_row(&wide, 0);
    assert!(
        row.contains("amount>ten: not a number — try amount>10b"),
        "{row}"
    );
    insta::assert_snapshot!("filter_error_120x40", row);
    insta::assert_snapshot!("filter_error_80x24", marked_row(&draw(&mut app, 80, 24), 0));
    // A party no entity answers to says so instead of an empty list.
    key(&mut app, KeyCode::Char('u'), KeyModifiers::CONTROL);
    keys(&mut app, "@deal party:zzqx");
    let row = marked_row(&draw(&mut app, 120, 40), 0);
    assert!(row.contains("no entity 'zzqx' to be a party"), "{row}");
    // Partial input while typing is no error.
    key(&mut app, KeyCode::Char('u'), KeyModifiers::CONTROL);
    keys(&mut app, "amount>");
    assert!(app.search.error.is_none());
    assert!(!text(&draw(&mut app, 120, 40)).contains("not a number"));
}

#[test]
fn the_date_prompt_checks_the_date_as_it_is_typed() {
    let mut app = default_app();
    key(&mut app, KeyCode::Tab, KeyModifiers::NONE);
    keys(&mut app, "a2025-13");
    let row = marked_row(&draw(&mut app, 120, 40), 0);
    assert!(row.contains("2025-13: not a date"), "{row}");
    insta::assert_snapshot!("date_prompt_error_120x40", row);
    // Enter on a bad date keeps the prompt open; Esc closes it without a date.
    key(&mut app, KeyCode::Enter, KeyModifiers::NONE);
    assert!(app.date_prompt.is_some() && app.as_of.is_none());
    key(&mut app, KeyCode::Esc, KeyModifiers::NONE);
    assert!(app.date_prompt.is_none() && app.as_of.is_none());
}

#[test]
fn as_of_a_day_the_status_line_says_so_and_the_detail_shows_that_days_valuation() {
    let mut app = default_app();
    keys(&mut app, "openai");
    key(&mut app, KeyCode::Tab, KeyModifiers::NONE);
    assert_eq!(app.focus, Focus::Results);
    keys(&mut app, "a2025-12-16");
    key(&mut app, KeyCode::Enter, KeyModifiers::NONE);
    assert_eq!(app.as_of.as_ref().map(|d| d.day()), Some("2025-12-16"));
    let wide = text(&draw(&mut app, 120, 40));
    let status = wide.lines().last().unwrap();
    assert!(status.contains("as of 2025-12-16"), "{status}");
    // The detail pane lists the attributes below the summary: a taller screen shows them.
    let tall = text(&draw(&mut app, 120, 60));
    assert!(tall.contains("valuation_usd   $500B"), "{tall}");
    assert!(tall.contains("valuation_date  2025-10-02"), "{tall}");
    insta::assert_snapshot!("as_of_120x40", wide);
    insta::assert_snapshot!("as_of_80x24", text(&draw(&mut app, 80, 24)));
    // Clearing returns to today on the same entity.
    let selected = app.selected_result();
    keys(&mut app, "a");
    key(&mut app, KeyCode::Char('u'), KeyModifiers::CONTROL);
    key(&mut app, KeyCode::Enter, KeyModifiers::NONE);
    assert!(app.as_of.is_none());
    assert_eq!(app.selected_result(), selected);
    assert_eq!(app.focus, Focus::Results);
    assert!(text(&draw(&mut app, 120, 60)).contains("valuation_usd   $852B"));
}

#[test]
fn the_timeline_moves_the_date_by_a_month_and_shift_by_a_year() {
    let mut app = default_app();
    key(&mut app, KeyCode::Tab, KeyModifiers::NONE);
    keys(&mut app, "a2025-12-16");
    key(&mut app, KeyCode::Enter, KeyModifiers::NONE);
    keys(&mut app, "t");
    key(&mut app, KeyCode::Right, KeyModifiers::NONE);
    assert_eq!(app.as_of.as_ref().unwrap().day(), "2026-01-16");
    key(&mut app, KeyCode::Left, KeyModifiers::SHIFT);
    assert_eq!(app.as_of.as_ref().unwrap().day(), "2025-01-16");
    let screen = text(&draw(&mut app, 120, 40));
    assert!(screen.lines().last().unwrap().contains("as of 2025-01-16"));
    assert!(
        !screen.contains("2025-12-16"),
        "the timeline follows the date"
    );
}
