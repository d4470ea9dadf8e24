//! Snapshots of issue 16's view screens at 120x40 and 80x24 on the default graph: the timeline
//! sorted, filtered and jumped to a year (item 9), and the neighbourhood with two hops and an
//! expanded `+N more` (item 7). Each screen is also checked for the text the item is about, so a
//! regression fails with a reason and not only a diff.

use crate::screen::{draw, text};
use crate::test_support::{default_app, keys, press};
use kgx::app::{self, App, View};
use ratatui::crossterm::event::KeyCode;

/// The timeline by amount, filtered to Anthropic, then jumped to 2026.
fn timeline_by_amount(w: u16, h: u16) -> App {
    let mut app = default_app();
    app::update(&mut app, app::Action::Resize(w, h));
    press(&mut app, KeyCode::Tab);
    keys(&mut app, "tss/anthropic");
    press(&mut app, KeyCode::Enter);
    keys(&mut app, ":2026");
    assert_eq!(app.view, View::Timeline);
    app
}

#[test]
fn timeline_sorted_filtered_and_at_a_year_120x40() {
    let mut app = timeline_by_amount(120, 40);
    let screen = text(&draw(&mut app, 120, 40));
    assert!(
        screen.contains("by amount ↓ · filter \"anthropic\""),
        "{screen}"
    );
    assert!(screen.contains("s sort (amount ↓) · / filter · : year"));
    insta::assert_snapshot!(screen);
}

#[test]
fn timeline_sorted_filtered_and_at_a_year_80x24() {
    let mut app = timeline_by_amount(80, 24);
    insta::assert_snapshot!(text(&draw(&mut app, 80, 24)));
}

#[test]
fn timeline_labels_relations_and_floors_and_shows_the_prompt() {
    let mut app = default_app();
    press(&mut app, KeyCode::Tab);
    keys(&mut app, "t/rainier");
    let screen = text(&draw(&mut app, 120, 40));
    assert!(
        screen.contains("relation Amazon Web Services —operates→ Project Rainier"),
        "{screen}"
    );
    assert!(screen.contains("filter: rainier▏"));
    press(&mut app, KeyCode::Esc);
    keys(&mut app, "/stargate five");
    let screen = text(&draw(&mut app, 120, 40));
    assert!(screen.contains("≥ $400B"), "{screen}");
    insta::assert_snapshot!(screen);
}

/// Nvidia's neighbourhood with two hops.
fn nvidia_two_hops(w: u16, h: u16) -> App {
    let mut app = default_app();
    app::update(&mut app, app::Action::Resize(w, h));
    keys(&mut app, "nvidia");
    press(&mut app, KeyCode::Enter);
    keys(&mut app, "n2");
    assert_eq!(app.view, View::Neighbourhood);
    app
}

#[test]
fn neighbourhood_nvidia_two_hops_120x40() {
    let mut app = nvidia_two_hops(120, 40);
    let screen = text(&draw(&mut app, 120, 40));
    // One hop lists Nvidia's 13 investor deals: two hops still do.
    let investor = screen.find("investor (13 out)").unwrap();
    let after = &screen[investor..];
    for deal in [
        "OpenAI $110B funding round",
        "Nscale $2B Series C",
        "Crusoe Series E",
    ] {
        assert!(after.contains(deal), "{deal} missing:\n{screen}");
    }
    insta::assert_snapshot!(screen);
}

#[test]
fn neighbourhood_nvidia_two_hops_80x24_with_more_expanded() {
    let mut app = nvidia_two_hops(80, 24);
    let before = text(&draw(&mut app, 80, 24));
    insta::assert_snapshot!("neighbourhood_nvidia_two_hops_80x24", before);
    // Down to the first `+N more` of the right column (designs: +4 more), then Enter.
    for _ in 0..4 {
        press(&mut app, KeyCode::Down);
    }
    press(&mut app, KeyCode::Enter);
    let after = text(&draw(&mut app, 80, 24));
    assert!(after.contains("Neighbourhood of Nvidia "), "{after}");
    assert!(
        after.contains("Nvidia GB200 NVL72"),
        "a hidden design shows:\n{after}"
    );
    insta::assert_snapshot!("neighbourhood_nvidia_two_hops_80x24_expanded", after);
}
