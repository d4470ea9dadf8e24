//! The mouse and the window size, end to end (README, The explorer): SGR mouse reports typed
//! into the real binary's terminal as a terminal sends them — a click selects, a double click
//! (two clicks within the double-click window) opens, clicking a relation follows it, the wheel
//! scrolls the pane under the pointer, a breadcrumb goes back, a tab filters — and SIGWINCH
//! resizes down to 1x1 and back without losing the place.
#![cfg(unix)]

use std::time::Duration;

use crate::pty_session::{COLS, ROWS, Session, kgx, row, selected_result_is, status_line};

/// A left click at the 0-based cell (`col`, `y`): press and release, as SGR mouse mode sends.
fn click(col: u16, y: u16) -> String {
    format!(
        "\x1b[<0;{};{}M\x1b[<0;{};{}m",
        col + 1,
        y + 1,
        col + 1,
        y + 1
    )
}

/// One notch of the wheel at (`col`, `y`), down or up.
fn wheel(col: u16, y: u16, down: bool) -> String {
    format!(
        "\x1b[<{};{};{}M",
        if down { 65 } else { 64 },
        col + 1,
        y + 1
    )
}

/// What a rectangle of the screen shows, cell by cell: the text (an erased cell as a space),
/// reverse video and the colours. Not vt100's formatted rows, which tell an erased cell from a
/// written space.
type Cell = (String, bool, vt100::Color, vt100::Color);

fn region(screen: &vt100::Screen, from: u16, width: u16, ys: std::ops::Range<u16>) -> Vec<Cell> {
    let mut cells = Vec::new();
    for y in ys {
        for x in from..from + width {
            if let Some(c) = screen.cell(y, x) {
                let text = if c.has_contents() { c.contents() } else { " " };
                cells.push((text.to_string(), c.inverse(), c.fgcolor(), c.bgcolor()));
            }
        }
    }
    cells
}

/// The name a results row shows: the text between the marker and the kind column.
fn result_name(screen: &vt100::Screen, y: u16) -> String {
    let text: String = row(screen, y)
        .chars()
        .skip(3)
        .take_while(|c| !['│', '┃'].contains(c))
        .collect();
    let (name, _kind) = text.trim().rsplit_once(' ').unwrap();
    name.trim().to_string()
}

/// The layout at 120x40 with the default graph (README's screen): results on the left, detail
/// top right, relations below it.
const DETAIL: (u16, std::ops::Range<u16>) = (48, 1..19);
const RELATIONS: (u16, std::ops::Range<u16>) = (48, 19..39);
const RESULTS: (u16, std::ops::Range<u16>) = (0, 1..39);
const PANE_WIDTH: u16 = 46;

fn explorer_on_openai() -> Session {
    let mut s = Session::start(kgx(&[]));
    s.wait_for("the explorer", |sc| row(sc, 0).contains(" of "));
    s.send("openai");
    s.wait_for("OpenAI selected", |sc| {
        row(sc, 0).starts_with("/ openai") && selected_result_is(sc, "OpenAI ")
    });
    // The whole frame, not only its first rows: comparisons below start from it.
    s.drain(Duration::from_millis(300));
    s
}

#[test]
fn click_wheel_and_double_click_on_the_results() {
    let mut s = explorer_on_openai();
    let third = result_name(s.parser.screen(), 4);
    s.send(&click(3, 4));
    s.wait_for("the clicked result selected", |sc| {
        selected_result_is(sc, &third) && status_line(sc).trim_start().starts_with(&third)
    });
    let sixth = result_name(s.parser.screen(), 7);
    s.send(&wheel(3, 4, true));
    s.wait_for("the wheel moved the selection three rows", |sc| {
        selected_result_is(sc, &sixth)
    });
    s.send(&wheel(3, 4, false));
    s.wait_for("and back", |sc| selected_result_is(sc, &third));

    let second = result_name(s.parser.screen(), 3);
    s.send(&format!("{}{}", click(3, 3), click(3, 3)));
    s.wait_for("the double-clicked result opened", |sc| {
        let status = status_line(sc);
        status.trim_start().starts_with(&second) && status.contains("Enter follow")
    });
    s.send("\x03");
    assert_eq!(s.exit_code(), 0);
}

/// The wheel over the detail pane scrolls it; over the relations pane (once an entity is open,
/// the relations focused) it moves through them; neither touches the results.
#[test]
fn the_wheel_scrolls_the_pane_under_the_pointer() {
    let mut s = explorer_on_openai();
    for (what, (x, ys)) in [("detail", DETAIL), ("relations", RELATIONS)] {
        if what == "relations" {
            s.send("\r");
            s.wait_for("OpenAI opened", |sc| {
                status_line(sc).contains("Enter follow")
            });
            s.drain(Duration::from_millis(300));
        }
        let width = COLS - x;
        let before = region(s.parser.screen(), x, width, ys.clone());
        let results = region(s.parser.screen(), RESULTS.0, PANE_WIDTH, RESULTS.1);
        s.send(&wheel(x + 10, ys.start + 4, true));
        s.wait_for(&format!("the {what} pane scrolled"), |sc| {
            region(sc, x, width, ys.clone()) != before
        });
        s.drain(Duration::from_millis(300));
        assert_eq!(
            region(s.parser.screen(), RESULTS.0, PANE_WIDTH, RESULTS.1),
            results,
            "the wheel on the {what} pane moved the results"
        );
        s.send(&wheel(x + 10, ys.start + 4, false));
        s.wait_for(&format!("the {what} pane scrolled back"), |sc| {
            region(sc, x, width, ys.clone()) == before
        });
    }
    s.send("\x03");
    assert_eq!(s.exit_code(), 0);
}

#[test]
fn clicking_a_relation_follows_it_and_a_breadcrumb_goes_back() {
    let mut s = explorer_on_openai();
    let relation = (RELATIONS.1.start + 1..ROWS - 1)
        .find(|&y| {
            let text: String = row(s.parser.screen(), y).chars().skip(49).collect();
            text.starts_with("  → ") || text.starts_with("  ← ")
        })
        .expect("a relation row");
    s.send(&click(60, relation));
    s.wait_for("the relation followed", |sc| {
        status_line(sc).trim_start().starts_with("OpenAI › ")
    });
    s.send(&click(2, ROWS - 1));
    // OpenAI is the current crumb again (bold); the one followed stays ahead of it.
    s.wait_for("back on OpenAI", |sc| {
        let status = status_line(sc);
        status.trim_start().starts_with("OpenAI › ")
            && sc.cell(ROWS - 1, 1).is_some_and(|c| c.bold())
    });
    s.send("\x03");
    assert_eq!(s.exit_code(), 0);
}

#[test]
fn clicking_a_kind_tab_filters_the_results() {
    let mut s = Session::start(kgx(&[]));
    s.wait_for("the explorer", |sc| row(sc, 0).contains(" of "));
    let top = row(s.parser.screen(), 0);
    let byte = top.find(" chip ").expect("the chip tab") + 1;
    let col = top[..byte].chars().count() as u16;
    s.send(&click(col + 1, 0));
    s.wait_for("only chips listed", |sc| {
        let rows: Vec<String> = (2..ROWS - 2)
            .map(|y| row(sc, y).chars().take(PANE_WIDTH as usize + 1).collect())
            .filter(|r: &String| r.trim_matches(['│', ' ']).chars().count() > 2)
            .collect();
        !rows.is_empty()
            && rows
                .iter()
                .all(|r| r.trim_end_matches('│').trim_end().ends_with("chip"))
    });
    s.send("\x03");
    assert_eq!(s.exit_code(), 0);
}

#[test]
fn resizing_down_to_one_cell_and_back_keeps_the_place() {
    let mut s = Session::start(kgx(&[]));
    s.wait_for("the explorer", |sc| row(sc, 0).contains(" of "));
    s.send("trn3");
    s.wait_for("Trainium3 selected", |sc| {
        selected_result_is(sc, "Trainium3")
    });
    for (cols, rows) in [(80, 24), (30, 8), (1, 1), (2, 1), (1, 3)] {
        s.resize(cols, rows);
        s.drain(Duration::from_millis(300));
        assert!(
            s.child.try_wait().unwrap().is_none(),
            "kgx ended at {cols}x{rows}"
        );
    }
    s.resize(80, 24);
    s.wait_for("the explorer at 80x24", |sc| {
        row(sc, 0).starts_with("/ trn3") && selected_result_is(sc, "Trainium3")
    });
    // The explorer knows its new size, not only the drawing: a click lands on the row under it.
    s.drain(Duration::from_millis(300));
    let second = result_name(s.parser.screen(), 3);
    s.send(&click(3, 3));
    s.wait_for("the clicked row selected at 80x24", |sc| {
        selected_result_is(sc, &second)
    });
    s.resize(COLS, ROWS);
    s.wait_for("the explorer at 120x40 again", |sc| {
        row(sc, 0).starts_with("/ trn3")
            && row(sc, 0).contains(" of ")
            && selected_result_is(sc, second.trim_end_matches('…'))
            && status_line(sc).contains("q quit · ? help")
    });
    s.send("\x03");
    assert_eq!(s.exit_code(), 0);
}

/// Issue 16 item 11: the mouse in a view, end to end. In the deal timeline (`t`) a click selects
/// a deal, the wheel scrolls the list, and a double click opens the deal in the explorer.
#[test]
fn the_mouse_selects_scrolls_and_opens_in_the_timeline() {
    let mut s = Session::start(kgx(&[]));
    s.wait_for("the explorer", |sc| row(sc, 0).contains(" of "));
    s.send("\t");
    s.drain(Duration::from_millis(200));
    s.send("t");
    s.wait_for("the timeline", |sc| row(sc, 0).contains("Deal timeline"));
    s.drain(Duration::from_millis(300));
    // At 120x40 the list's heading is row 13 and its deals start at row 14.
    let heading = row(s.parser.screen(), 13);
    let name_at = heading.find("deal — parties").expect("the list heading");
    let name_col = heading[..name_at].chars().count();
    let selected = |sc: &vt100::Screen, y: u16| sc.cell(y, 3).is_some_and(|c| c.inverse());
    s.send(&click(20, 16));
    s.wait_for("the clicked deal selected", |sc| {
        selected(sc, 16) && !selected(sc, 14)
    });
    s.send(&wheel(20, 16, true));
    s.wait_for("the wheel moved the selection three rows", |sc| {
        selected(sc, 19) && !selected(sc, 16)
    });
    let text: String = row(s.parser.screen(), 19).chars().skip(name_col).collect();
    let name = text.split(" — ").next().unwrap().trim().to_string();
    s.send(&format!("{}{}", click(20, 19), click(20, 19)));
    // The detail pane's first line: the deal's symbol and name.
    s.wait_for("the double-clicked deal open in the explorer", |sc| {
        !row(sc, 0).contains("Deal timeline") && row(sc, 2).contains(&format!("$ {name}"))
    });
    s.send("\x03");
    assert_eq!(s.exit_code(), 0);
}
