//! End-to-end: the real `kgx` binary in a pseudo-terminal, keys typed as a user types them, the
//! screen read back through the vt100 parser (never the raw bytes: ratatui skips unchanged cells).

use portable_pty::CommandBuilder;
use std::time::Duration;

use crate::pty_session::{COLS, ROWS, Session};

fn row(screen: &vt100::Screen, y: u16) -> String {
    screen.rows(0, COLS).nth(y as usize).unwrap_or_default()
}

fn status_line(screen: &vt100::Screen) -> String {
    row(screen, ROWS - 1)
}

/// True when a results row shows `name` in reverse video (the selection).
fn selected_result_is(screen: &vt100::Screen, name: &str) -> bool {
    (2..ROWS - 2).any(|y| {
        let text = row(screen, y);
        text.find(name).is_some_and(|byte| {
            let col = text[..byte].chars().count() as u16;
            screen.cell(y, col).is_some_and(|c| c.inverse())
        })
    })
}

fn kgx(args: &[&str]) -> CommandBuilder {
    let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_kgx"));
    cmd.args(args);
    cmd.env("TERM", "xterm-256color");
    cmd.cwd(env!("CARGO_MANIFEST_DIR"));
    cmd
}

/// Type `trn3`, see Trainium3 selected, open it, follow a relation, go back, quit.
fn search_open_follow_back_quit(mut s: Session) {
    s.wait_for("the explorer", |sc| sc.contents().contains(" of "));
    s.send("trn3");
    s.wait_for("Trainium3 selected", |sc| {
        row(sc, 0).starts_with("/ trn3") && selected_result_is(sc, "Trainium3")
    });
    s.send("\r");
    s.wait_for("Trainium3 opened", |sc| {
        status_line(sc).contains("Enter follow")
            && status_line(sc).trim_start().starts_with("Trainium3")
    });
    s.send("\r");
    s.wait_for("a relation followed", |sc| {
        status_line(sc).contains("Trainium3 › ")
    });
    let followed = status_line(s.parser.screen());
    s.send("[");
    s.wait_for("back on Trainium3", |sc| {
        let status = status_line(sc);
        status.contains("Enter follow") && !status.contains(" › ") && status.contains("Trainium3")
    });
    assert!(followed.contains('›'));
    s.send("qq"); // q asks once, a second q quits
    assert_eq!(s.exit_code(), 0);
}

#[test]
fn search_open_follow_back_and_quit_in_a_real_terminal() {
    search_open_follow_back_quit(Session::start(kgx(&[])));
}

#[test]
fn keys_come_from_the_terminal_when_the_graph_comes_from_stdin() {
    let mut cmd = CommandBuilder::new("sh");
    cmd.args([
        "-c",
        &format!(
            "{} - < tests/fixtures/small.json",
            env!("CARGO_BIN_EXE_kgx")
        ),
    ]);
    cmd.env("TERM", "xterm-256color");
    cmd.cwd(env!("CARGO_MANIFEST_DIR"));
    search_open_follow_back_quit(Session::start(cmd));
}

#[test]
fn a_bad_file_is_reported_before_the_terminal_is_touched() {
    let mut s = Session::start(kgx(&["Cargo.toml"]));
    assert_eq!(s.exit_code(), 1);
    while let Ok(bytes) = s.output.recv_timeout(Duration::from_millis(200)) {
        s.parser.process(&bytes);
    }
    let screen = s.parser.screen();
    assert!(!screen.alternate_screen());
    assert!(
        screen.contents().contains("kgx: error"),
        "{}",
        screen.contents()
    );
}

#[test]
fn without_a_terminal_the_explorer_says_so_instead_of_drawing() {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_kgx"))
        .arg("tests/fixtures/small.json")
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .stdin(std::process::Stdio::null())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stdout.is_empty());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("needs a terminal"), "{err}");
}

/// The start-up benchmark (docs/performance.md) relies on this: with the variable set, kgx draws
/// one frame and quits with status 0, leaving the terminal as it found it.
#[test]
fn the_benchmark_variable_quits_after_the_first_frame() {
    let mut cmd = kgx(&[]);
    cmd.env("KGX_EXIT_AFTER_FIRST_FRAME", "1");
    let mut s = Session::start(cmd);
    let mut drawn = false;
    // Read until the output stops (the pty closes when kgx exits), in small pieces, so the frame
    // is seen on the alternate screen before the restore leaves it.
    while let Ok(bytes) = s.output.recv_timeout(Duration::from_millis(500)) {
        for piece in bytes.chunks(256) {
            s.parser.process(piece);
            let screen = s.parser.screen();
            drawn |= screen.alternate_screen() && row(screen, 0).contains(" of ");
        }
    }
    assert!(drawn, "no frame was drawn");
    assert!(!s.parser.screen().alternate_screen());
    assert_eq!(s.exit_code(), 0);
}

/// The as-of date: `a` opens the date prompt, Enter sets the date (the status line says `as of
/// 2025-12-16` and later deals leave the results), `a`, Ctrl-u, Enter clears it.
#[test]
fn setting_and_clearing_the_as_of_date() {
    let mut s = Session::start(kgx(&[]));
    s.wait_for("the explorer", |sc| sc.contents().contains(" of "));
    s.send("amazon-openai-2026");
    s.wait_for("the 2026 deal found", |sc| {
        sc.contents()
            .contains("Amazon-OpenAI strategic partnership")
    });
    s.send("\t");
    s.send("a");
    s.wait_for("the date prompt", |sc| row(sc, 0).starts_with("as of ▸"));
    s.send("2025-13");
    s.wait_for("a bad date said inline", |sc| {
        row(sc, 0).contains("2025-13: not a date")
    });
    s.send("\x7f\x7f12-16\r");
    s.wait_for("the date set", |sc| {
        status_line(sc).contains("as of 2025-12-16")
            && !sc
                .contents()
                .contains("Amazon-OpenAI strategic partnership")
    });
    s.send("a\x15\r");
    s.wait_for("the date cleared, the deal back", |sc| {
        !status_line(sc).contains("as of 2025-12-16")
            && sc
                .contents()
                .contains("Amazon-OpenAI strategic partnership")
    });
    s.send("qq");
    assert_eq!(s.exit_code(), 0);
}

/// `i` on an imported Neo4j export: the overview of its kinds, Enter on the first kind (`User`)
/// filters the results to its tab, and `i` then `Esc` comes back to the explorer as it was.
#[test]
fn overview_then_a_kind_then_back_in_a_real_terminal() {
    let mut s = Session::start(kgx(&["tests/fixtures/import/apoc-all.json"]));
    s.wait_for("the explorer with the export's own tabs", |sc| {
        row(sc, 0).contains("all · User 3") && sc.contents().contains("3 of 3")
    });
    s.send("\t");
    s.send("i");
    s.wait_for("the overview", |sc| {
        row(sc, 0).contains("Overview") && sc.contents().contains("KNOWS: User → User 1")
    });
    s.send("\r");
    s.wait_for("the results on the User tab", |sc| {
        let tabs = row(sc, 0);
        let col = tabs
            .find("User 3")
            .map(|b| tabs[..b].chars().count() as u16);
        !sc.contents().contains("Overview")
            && col.is_some_and(|c| sc.cell(0, c).is_some_and(|cell| cell.inverse()))
    });
    s.send("i");
    s.wait_for("the overview again", |sc| row(sc, 0).contains("Overview"));
    s.send("\x1b");
    s.wait_for("back in the explorer", |sc| {
        !row(sc, 0).contains("Overview") && sc.contents().contains("3 of 3")
    });
    s.send("qq");
    assert_eq!(s.exit_code(), 0);
}

#[test]
fn as_of_on_the_command_line_opens_the_explorer_dated() {
    let mut s = Session::start(kgx(&["--as-of", "2025-12-16"]));
    s.wait_for("the dated explorer", |sc| {
        status_line(sc).contains("as of 2025-12-16") && row(sc, 0).contains("of 155")
    });
    s.send("\x03");
    assert_eq!(s.exit_code(), 0);
}

/// The partners grouping in the real binary: `` ` `` on OpenAI's relations lists counterparties
/// with their money, → expands Amazon to its deals, `` ` `` again goes back to relations.
#[test]
fn backtick_toggles_the_partners_grouping_in_a_real_terminal() {
    let mut s = Session::start(kgx(&[]));
    s.wait_for("the explorer", |sc| sc.contents().contains(" of "));
    s.send("openai\r");
    s.wait_for("OpenAI opened", |sc| {
        status_line(sc).contains("Enter follow") && sc.contents().contains("┏ Relations")
    });
    s.send("`");
    s.wait_for("partners listed", |sc| {
        let text = sc.contents();
        text.contains("┏ Partners")
            && text.contains("▸ ● Amazon / Amazon Web Services")
            && text.contains("$138B out · $50.0B in · 5 deals")
    });
    s.send("jj\x1b[C");
    s.wait_for("Amazon expanded to its deals", |sc| {
        let text = sc.contents();
        text.contains("▾ ● Amazon") && text.contains("$ AWS-OpenAI $38B compute agreement")
    });
    s.send("`");
    s.wait_for("back to relations", |sc| {
        sc.contents().contains("┏ Relations")
    });
    s.send("qq");
    assert_eq!(s.exit_code(), 0);
}

/// Issue 16 item 10: `y` on a highlighted relation sends that relation's other end's id as
/// OSC 52 (`ESC ] 52 ; c ; base64(id) BEL`), not the page's entity, and says it was sent.
#[test]
fn y_on_a_highlighted_relation_sends_its_id_as_osc_52() {
    let mut cmd = kgx(&[]);
    cmd.env_remove("TMUX");
    let mut s = Session::start(cmd);
    s.wait_for("the explorer", |sc| sc.contents().contains(" of "));
    s.send("trn3\r");
    s.wait_for("Trainium3 opened", |sc| {
        status_line(sc).contains("Enter follow") && sc.contents().contains("┏ Relations")
    });
    s.send("y");
    s.wait_for("the copy reported", |sc| {
        status_line(sc).contains("sent id \"trainium-family\" to the terminal clipboard (OSC 52)")
    });
    assert!(!status_line(s.parser.screen()).contains("tmux"));
    // base64("trainium-family")
    let osc52 = b"\x1b]52;c;dHJhaW5pdW0tZmFtaWx5\x07";
    assert!(
        s.raw.windows(osc52.len()).any(|w| w == osc52),
        "no OSC 52 with the relation's id in the output"
    );
    s.send("\x03"); // Ctrl-C: a letter right after `y` would start a word
    assert_eq!(s.exit_code(), 0);
}
