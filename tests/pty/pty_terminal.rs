//! The terminal is always handed back: the real `kgx` in a pseudo-terminal, ended every way it
//! can end (`q`, Ctrl-c, a panic, SIGTERM, SIGHUP) or suspended with Ctrl-z and resumed with
//! `fg`. After each, the screen parsed by vt100 shows the main screen and the cursor, and the
//! shell that ran kgx finds the terminal cooked: `stty -a` reports `icanon echo`, and a typed
//! line echoes and is read back.
#![cfg(unix)]

use std::io::Read;
use std::sync::mpsc::channel;
use std::time::{Duration, Instant};

use crate::pty_session::{COLS, ROWS, Session, TIMEOUT, without_sakura};
use portable_pty::{CommandBuilder, PtySize, native_pty_system};

const KGX: &str = env!("CARGO_BIN_EXE_kgx");
const GRAPH: &str = "tests/fixtures/small.json";

fn command(program: &str, args: &[&str]) -> CommandBuilder {
    let mut cmd = CommandBuilder::new(program);
    crate::pty_session::own_state_folder(&mut cmd);
    cmd.args(args);
    cmd.env("TERM", "xterm-256color");
    cmd.env_remove("KGX_TEST_PANIC_AFTER_KEYS");
    cmd.cwd(env!("CARGO_MANIFEST_DIR"));
    cmd
}

/// `sh` runs kgx, then reports its exit status and the terminal modes, then reads a line.
fn kgx_then_shell(env: &[(&str, &str)]) -> Session {
    let script = r#""$0" "$@"; echo "kgx-exit=$?"; stty -a; read line; echo "read-back:$line""#;
    let mut cmd = command("sh", &["-c", script, KGX, GRAPH]);
    for (k, v) in env {
        cmd.env(k, v);
    }
    let mut s = Session::start(cmd);
    s.wait_for("the explorer", |sc| {
        sc.alternate_screen() && sc.contents().contains(" of ")
    });
    s
}

fn stty_words(screen: &vt100::Screen) -> Vec<String> {
    screen
        .contents()
        .split_whitespace()
        .map(str::to_string)
        .collect()
}

/// The screen is the main one with a visible cursor and no mouse reporting, `stty` says the
/// terminal is cooked, and a typed line echoes and reaches the shell.
fn assert_terminal_handed_back(mut s: Session, exit: &str) {
    s.wait_for("the shell after kgx", |sc| {
        sc.contents().contains("kgx-exit=")
    });
    s.wait_for("stty -a", |sc| sc.contents().contains("icanon"));
    let screen = s.parser.screen();
    assert!(!screen.alternate_screen(), "still on the alternate screen");
    assert!(!screen.hide_cursor(), "the cursor is still hidden");
    assert_eq!(
        screen.mouse_protocol_mode(),
        vt100::MouseProtocolMode::None,
        "mouse reporting still on"
    );
    assert!(
        screen.contents().contains(&format!("kgx-exit={exit}")),
        "{}",
        screen.contents()
    );
    let words = stty_words(screen);
    for mode in ["icanon", "echo", "isig", "icrnl", "opost"] {
        assert!(
            words.iter().any(|w| w == mode),
            "{mode} is off:\n{}",
            screen.contents()
        );
    }
    s.send("typed after kgx\n");
    s.wait_for("the typed line echoed and read back", |sc| {
        let text = sc.contents();
        text.contains("read-back:typed after kgx") && text.matches("typed after kgx").count() == 2
    });
}

#[test]
fn q_hands_the_terminal_back() {
    let mut s = kgx_then_shell(&[]);
    s.send("\t"); // to the results, where q asks once and a second q quits
    s.send("qq");
    assert_terminal_handed_back(s, "0");
}

#[test]
fn ctrl_c_hands_the_terminal_back() {
    let mut s = kgx_then_shell(&[]);
    s.send("tr\x03");
    assert_terminal_handed_back(s, "0");
}

#[test]
fn a_panic_hands_the_terminal_back_and_says_what_happened() {
    let mut s = kgx_then_shell(&[("KGX_TEST_PANIC_AFTER_KEYS", "3")]);
    s.send("abc");
    s.wait_for("the panic message", |sc| {
        sc.contents().contains("test-only panic")
    });
    assert_terminal_handed_back(s, "101");
}

/// `kill -SIGNAL` sent to kgx while it runs (after a query is typed, when `typed`): the terminal
/// is handed back and the shell sees `exit`, 128 + the signal's number.
fn signal_hands_the_terminal_back(signal: &str, typed: bool, exit: &str) {
    let mut s = kgx_then_shell(&[]);
    if typed {
        s.send("tr");
        s.wait_for("the query", |sc| sc.contents().starts_with("/ tr"));
    }
    let pid = s.child_pid();
    let killed = std::process::Command::new("kill")
        .args([&format!("-{signal}"), &pid])
        .status()
        .unwrap();
    assert!(killed.success());
    assert_terminal_handed_back(s, exit);
}

#[test]
fn sigterm_hands_the_terminal_back_and_ends_by_the_signal() {
    signal_hands_the_terminal_back("TERM", true, "143");
}

/// SIGINT from outside (`kill -INT`, not the Ctrl-c key, which is a key in raw mode).
#[test]
fn sigint_hands_the_terminal_back_and_ends_by_the_signal() {
    signal_hands_the_terminal_back("INT", true, "130");
}

#[test]
fn sighup_hands_the_terminal_back_and_ends_by_the_signal() {
    signal_hands_the_terminal_back("HUP", false, "129");
}

/// Ctrl-z needs a shell with job control, as a user has: an interactive bash.
#[test]
fn ctrl_z_hands_the_terminal_back_and_fg_redraws_the_explorer() {
    let mut cmd = command("bash", &["--norc", "--noprofile", "-i"]);
    cmd.env("PS1", "$ ");
    cmd.env("HISTFILE", "/dev/null");
    let mut s = Session::start(cmd);
    s.wait_for("the prompt", |sc| sc.contents().contains('$'));
    s.send(&format!("{KGX} {GRAPH}\r"));
    s.wait_for("the explorer", |sc| {
        sc.alternate_screen() && sc.contents().contains(" of ")
    });
    s.send("trn3");
    s.wait_for("the query", |sc| {
        sc.contents().starts_with("/ trn3") && sc.contents().contains("Trainium3")
    });
    s.send("\x1a");
    s.wait_for("the shell with kgx stopped", |sc| {
        !sc.alternate_screen() && sc.contents().contains("Stopped")
    });
    assert!(!s.parser.screen().hide_cursor(), "the cursor is hidden");
    s.send("stty -a; echo stty-done\r");
    s.wait_for("stty while kgx is stopped", |sc| {
        sc.contents().contains("\nstty-done")
    });
    let words = stty_words(s.parser.screen());
    assert!(words.iter().any(|w| w == "icanon"));
    assert!(words.iter().any(|w| w == "echo"));

    s.send("fg\r");
    s.wait_for("the explorer redrawn after fg", |sc| {
        let text = sc.contents();
        sc.alternate_screen()
            && text.starts_with("/ trn3")
            && text.contains("Trainium3")
            && !text.contains("stty-done")
    });
    s.send("\x03");
    s.wait_for("kgx gone", |sc| !sc.alternate_screen());
    s.send("echo \"exit=$?\"\r");
    s.wait_for("the shell after kgx", |sc| {
        !sc.alternate_screen() && sc.contents().contains("exit=0")
    });
    assert!(!s.parser.screen().hide_cursor());
    s.send("exit\r");
}

/// `--watch`: saving the file reloads it; a broken save keeps the graph and says where the
/// error is; the fixed save recovers.
#[test]
fn watch_reloads_on_save_and_survives_a_broken_save() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("watched.json");
    let original = std::fs::read_to_string(GRAPH).unwrap();
    std::fs::write(&path, &original).unwrap();
    let path_arg = path.to_str().unwrap();
    let mut s = Session::start(command(KGX, &["--watch", path_arg]));
    s.wait_for("the explorer", |sc| sc.contents().contains("12 of 12"));
    s.send("trn");
    s.wait_for("the query", |sc| sc.contents().starts_with("/ trn"));

    std::fs::write(&path, without_sakura(&original)).unwrap();
    s.wait_for("the reload", |sc| {
        let text = sc.contents();
        text.contains("of 11") && text.contains("reloaded") && text.starts_with("/ trn")
    });

    std::fs::write(&path, "{\"entities\": [}").unwrap();
    s.wait_for("the located error", |sc| {
        let text = sc.contents();
        text.contains("reload failed") && text.contains("watched.json:1:") && text.contains("of 11")
    });

    std::fs::write(&path, &original).unwrap();
    s.wait_for("the recovery", |sc| {
        let text = sc.contents();
        text.contains("of 12") && text.contains("reloaded")
    });
    s.send("\x03");
    s.wait_for("the main screen", |sc| !sc.alternate_screen());
}

/// Closing the terminal window (the master side goes away: SIGHUP, then reads fail) ends kgx
/// within seconds instead of leaving it spinning on a dead terminal, as kgx did with crossterm's
/// mio reader (ignoring even SIGTERM at 100% CPU). Two guards now: the /dev/tty reader fails on
/// a dead terminal, and the watchdog in `tui/signals.rs` ends kgx after a caught signal.
#[test]
fn closing_the_terminal_ends_kgx() {
    let pair = native_pty_system()
        .openpty(PtySize {
            rows: ROWS,
            cols: COLS,
            pixel_width: 0,
            pixel_height: 0,
        })
        .unwrap();
    let mut child = pair.slave.spawn_command(command(KGX, &[GRAPH])).unwrap();
    drop(pair.slave);
    let mut reader = pair.master.try_clone_reader().unwrap();
    let (tx, output) = channel();
    std::thread::spawn(move || {
        let mut buf = [0u8; 8192];
        while let Ok(n) = reader.read(&mut buf) {
            if n == 0 || tx.send(buf[..n].len()).is_err() {
                break;
            }
        }
    });
    // Wait for the first frame, then hang up: kill the reader's fd too by dropping the master
    // and sending SIGHUP as the kernel does to the session leader.
    output.recv_timeout(TIMEOUT).expect("no frame");
    std::thread::sleep(Duration::from_millis(300));
    drop(pair.master);
    let pid = child.process_id().unwrap().to_string();
    std::process::Command::new("kill")
        .args(["-HUP", &pid])
        .status()
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        if child.try_wait().unwrap().is_some() {
            break;
        }
        assert!(Instant::now() < deadline, "kgx still running after hang-up");
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// kgx never sets the terminal window title, not even from a graph whose strings carry OSC 0
/// and OSC 2 sequences; nor a hyperlink (OSC 8) or the data's own clipboard write (OSC 52).
#[test]
fn hostile_data_never_sets_the_window_title() {
    let mut s = Session::start(command(KGX, &["tests/fixtures/hostile.json"]));
    s.wait_for("the explorer", |sc| sc.contents().contains(" of "));
    s.send("\r\r");
    s.send("\x1b[24~"); // F12: nothing
    s.send("?");
    s.wait_for("the help overlay", |sc| sc.contents().contains("Keys"));
    s.send("x\x03");
    s.wait_for("the main screen", |sc| !sc.alternate_screen());
    for osc in [
        &b"\x1b]0;"[..],
        b"\x1b]1;",
        b"\x1b]2;",
        b"\x1b]8;",
        b"\x1b]52;c;ZXZp",
    ] {
        assert!(
            !s.raw.windows(osc.len()).any(|w| w == osc),
            "{:?} reached the terminal",
            String::from_utf8_lossy(osc)
        );
    }
}
