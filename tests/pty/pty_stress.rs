//! Stress in a pseudo-terminal: thousands of keystrokes sent as fast as the pty takes them to
//! kgx on a 100,000-entity generated graph (`kgx::generate`, so the search worker runs). kgx
//! keeps up, shows the final query's results with no `searching…` left, answers the next key,
//! and exits cleanly on `q`.
#![cfg(unix)]

use std::time::{Duration, Instant};

use kgx::display::format_count;
use portable_pty::CommandBuilder;

use crate::pty_session::{Session, expected_results, generated_graph, row};

const ENTITIES: usize = 100_000;
/// Word pieces typed as queries; most combinations match little or nothing.
const SYLLABLES: [&str; 16] = [
    "ax", "bel", "cor", "dyn", "eon", "fab", "gri", "hel", "ion", "jet", "kor", "lum", "mag",
    "neo", "orb", "pix",
];
/// A big graph in a debug build: loading and the first searches take seconds, not a claim.
const PATIENCE: Duration = Duration::from_secs(120);

/// The keystrokes: long queries typed word by word, words deleted, the selection moved, the
/// kind filter cycled, the query cleared; about 3,000 in all. The final query comes after.
fn keystrokes() -> String {
    let mut keys = String::new();
    for round in 0..12 {
        for word in 0..40 {
            keys.push_str(SYLLABLES[(round + word) % 16]);
            keys.push_str(SYLLABLES[(round * 7 + word * 3) % 16]);
            keys.push(' ');
        }
        keys.push_str("\x1b[B\x1b[B\x1b[A"); // down, down, up
        keys.push_str("\x7f\x7f\x7f\x7f\x7f"); // backspace
        keys.push_str("\x17\x17\x17"); // Ctrl-w
        keys.push('\x14'); // Ctrl-t
        keys.push('\x15'); // Ctrl-u
    }
    keys
}

/// Whether the kind tab `name` is the active one: drawn in reverse video on the search line.
fn active_tab_is(screen: &vt100::Screen, name: &str) -> bool {
    let line = row(screen, 0);
    line.find(&format!(" {name} ")).is_some_and(|byte| {
        let col = line[..=byte].chars().count() as u16;
        screen.cell(0, col).is_some_and(|c| c.inverse())
    })
}

/// This test found that input beyond crossterm's 1 KB read buffer stalled until the next key
/// (its mio reader is edge-triggered); kgx now uses crossterm's /dev/tty reader (Cargo.toml).
#[test]
fn thousands_of_keystrokes_on_a_100k_graph() {
    let (_dir, path) = generated_graph(ENTITIES);
    let (count, top) = expected_results(&path, "train sys");
    let (shorter, _) = expected_results(&path, "train sy");

    let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_kgx"));
    crate::pty_session::own_state_folder(&mut cmd);
    cmd.arg(&path);
    cmd.env("TERM", "xterm-256color");
    let mut s = Session::start(cmd);
    let all = format!(" of {} ", format_count(ENTITIES));
    s.wait_for_within("the explorer", PATIENCE, |sc| row(sc, 0).contains(&all));

    let mut keys = keystrokes();
    // Cycle the filter back to "all" and type the final query.
    let presses = keys.matches('\x14').count();
    for _ in 0..(6 - presses % 6) % 6 {
        keys.push('\x14');
    }
    keys.push_str("train sys");
    let started = Instant::now();
    s.send(&keys);
    s.wait_for_within("the final query's results", PATIENCE, |sc| {
        let screen = sc.contents();
        row(sc, 0).starts_with("/ train sys")
            && row(sc, 0).contains(&count)
            && active_tab_is(sc, "all")
            && !screen.contains("searching…")
            && screen.contains(&top)
    });
    for other in ["company", "chip", "cloud", "deal", "other"] {
        assert!(
            !active_tab_is(s.parser.screen(), other),
            "{other} is active"
        );
    }
    eprintln!(
        "{} keystrokes on {ENTITIES} entities: final results after {:?}",
        keys.chars().count(),
        started.elapsed()
    );
    // Still responsive: one more key is answered.
    let answered = Instant::now();
    s.send("\x7f");
    s.wait_for_within("the edit after the burst", PATIENCE, |sc| {
        row(sc, 0).starts_with("/ train sy ") && row(sc, 0).contains(&shorter)
    });
    eprintln!(
        "one key after the burst answered in {:?}",
        answered.elapsed()
    );
    s.send("\tqq");
    assert_eq!(s.exit_code(), 0);
}
