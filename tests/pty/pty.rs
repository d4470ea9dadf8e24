//! End-to-end: the real `kgx` binary in a pseudo-terminal, keys typed as a user types them, the
//! screen read back through the vt100 parser (never the raw bytes: ratatui skips unchanged cells).

use portable_pty::CommandBuilder;
use std::time::Duration;

use crate::pty_session::{Session, kgx, row, selected_result_is, status_line, without_sakura};

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
    // Back on Trainium3: its crumb is the current one (bold); the one followed stays ahead.
    s.wait_for("back on Trainium3", |sc| {
        let status = status_line(sc);
        let last = sc.size().0.get() - 1;
        status.contains("Enter follow")
            && status.starts_with(" Trainium3 › ")
            && sc.cell(last, 1).is_some_and(|c| c.bold())
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
    crate::pty_session::own_state_folder(&mut cmd);
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

/// A file that does not load is reported before the explorer touches the terminal: the bytes kgx
/// writes hold the error and not one escape sequence (no alternate screen, hidden cursor, mouse
/// reporting, bracketed paste or keyboard mode; raw mode itself shows as the echo of keys).
#[test]
fn a_bad_file_is_reported_before_the_terminal_is_touched() {
    let mut s = Session::start(kgx(&["Cargo.toml"]));
    assert_eq!(s.exit_code(), 1);
    s.drain(Duration::from_millis(200));
    let text = String::from_utf8_lossy(&s.raw);
    assert!(text.contains("kgx: error"), "{text:?}");
    assert!(
        !s.raw.contains(&0x1b),
        "an escape sequence reached the terminal: {text:?}"
    );
    assert!(!s.parser.screen().alternate_screen());
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

/// `y` and `Y` put the id and the name on the clipboard through OSC 52, exactly
/// `ESC ] 52 ; c ; base64(text) BEL` (the base64 written out here, not computed by kgx's code).
#[test]
fn y_and_shift_y_copy_the_id_and_the_name_as_osc_52() {
    let mut s = Session::start(kgx(&["tests/fixtures/small.json"]));
    s.wait_for("the explorer", |sc| sc.contents().contains(" of "));
    s.send("trn3");
    s.wait_for("Trainium3 selected", |sc| {
        selected_result_is(sc, "Trainium3")
    });
    s.send("\t");
    s.wait_for("the results focused", |sc| {
        status_line(sc).contains("y copy id")
    });
    s.send("y");
    s.send("Y");
    s.send("/");
    s.send("\x15sakura");
    s.wait_for("さくらインターネット selected", |sc| {
        selected_result_is(sc, "さくらインターネット")
    });
    s.send("\tY");
    s.send("\x03");
    assert_eq!(s.exit_code(), 0);
    s.drain(Duration::from_millis(200));
    let copies: Vec<String> = String::from_utf8_lossy(&s.raw)
        .split("\x1b]52;")
        .skip(1)
        .map(|rest| format!("\x1b]52;{}", rest.split_inclusive('\x07').next().unwrap()))
        .collect();
    assert_eq!(
        copies,
        [
            "\x1b]52;c;dHJhaW5pdW0z\x07",
            "\x1b]52;c;VHJhaW5pdW0z\x07",
            "\x1b]52;c;44GV44GP44KJ44Kk44Oz44K/44O844ON44OD44OI\x07",
        ]
    );
}

/// `r` reloads the file in the real binary (no `--watch`): the place and the query are kept, the
/// new counts show; a broken file keeps the graph and says where it is broken.
#[test]
fn r_reloads_the_file_and_keeps_the_place() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("graph.json");
    let original = std::fs::read_to_string("tests/fixtures/small.json").unwrap();
    std::fs::write(&path, &original).unwrap();
    let mut s = Session::start(kgx(&[path.to_str().unwrap()]));
    s.wait_for("the explorer", |sc| row(sc, 0).contains("12 of 12"));
    s.send("trn");
    s.wait_for("the query", |sc| row(sc, 0).starts_with("/ trn"));
    s.send("\t");
    s.wait_for("the results focused", |sc| {
        status_line(sc).contains("y copy id")
    });

    std::fs::write(&path, without_sakura(&original)).unwrap();
    s.send("r");
    s.wait_for("the reload", |sc| {
        row(sc, 0).starts_with("/ trn")
            && row(sc, 0).contains(" of 11")
            && sc.contents().contains("reloaded")
    });

    std::fs::write(&path, "{\"entities\": [}").unwrap();
    s.send("r");
    s.wait_for("the located error", |sc| {
        let text = sc.contents();
        text.contains("reload failed")
            && text.contains("graph.json:1:")
            && row(sc, 0).contains(" of 11")
    });
    s.send("\x03");
    assert_eq!(s.exit_code(), 0);
}

/// Every colour of every cell on screen, foreground and background.
fn colours(screen: &vt100::Screen) -> Vec<vt100::Color> {
    let (rows, cols) = screen.size();
    let mut found = Vec::new();
    for y in 0..rows.get() {
        for x in 0..cols.get() {
            if let Some(cell) = screen.cell(y, x) {
                found.push(cell.fgcolor());
                found.push(cell.bgcolor());
            }
        }
    }
    found
}

/// `NO_COLOR` set (to anything but the empty string): not one cell is coloured, and the
/// selection is still marked (reverse video). Unset: colours are drawn.
#[test]
fn no_color_draws_no_colour_and_still_marks_the_selection() {
    for no_color in [Some("1"), None] {
        let mut cmd = kgx(&[]);
        if let Some(value) = no_color {
            cmd.env("NO_COLOR", value);
        }
        let mut s = Session::start(cmd);
        s.wait_for("the explorer", |sc| row(sc, 0).contains(" of "));
        s.send("openai");
        s.wait_for("OpenAI selected", |sc| {
            row(sc, 0).starts_with("/ openai") && selected_result_is(sc, "OpenAI ")
        });
        s.drain(Duration::from_millis(300));
        let coloured = colours(s.parser.screen())
            .into_iter()
            .any(|c| c != vt100::Color::Default);
        assert_eq!(coloured, no_color.is_none(), "NO_COLOR={no_color:?}");
        s.send("\x03");
        assert_eq!(s.exit_code(), 0);
    }
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

/// Issue 16 item 1 in the real binary: a burst of letters typed where letters are commands
/// (`amazon` on OpenAI's relations: its `n` opens the neighbourhood; `micro` on the results: its
/// `c` opens the rings; `qualcomm` there: its `q` quits) is a search for the word, never a chain
/// of commands.
#[test]
fn typed_words_search_instead_of_firing_commands() {
    let mut s = Session::start(kgx(&[]));
    s.wait_for("the explorer", |sc| sc.contents().contains(" of "));
    s.send("openai\r");
    s.wait_for("OpenAI opened", |sc| {
        status_line(sc).contains("Enter follow") && sc.contents().contains("┏ Relations")
    });
    s.send("amazon");
    s.wait_for("a search for amazon", |sc| {
        row(sc, 0).starts_with("/ amazon") && selected_result_is(sc, "Amazon")
    });
    assert!(
        !s.parser.screen().contents().contains("Neighbourhood of"),
        "the n of amazon opened the neighbourhood"
    );
    s.send("\t"); // focus on the results
    s.wait_for("the results focused", |sc| {
        sc.contents().contains("┏ Results")
    });
    s.send("micro");
    s.wait_for("a search for micro", |sc| {
        row(sc, 0).starts_with("/ micro") && selected_result_is(sc, "Microsoft")
    });
    assert!(
        !s.parser.screen().contents().contains("Money rings"),
        "the c of micro opened the rings"
    );
    s.send("\t");
    s.wait_for("the results focused", |sc| {
        sc.contents().contains("┏ Results")
    });
    s.send("qualcomm");
    // No Qualcomm in the graph: the query is the answer, and kgx is still running.
    s.wait_for("a search for qualcomm", |sc| {
        row(sc, 0).starts_with("/ qualcomm") && row(sc, 0).contains(" 0 of ")
    });
    s.send("\x03");
    assert_eq!(s.exit_code(), 0);
}
