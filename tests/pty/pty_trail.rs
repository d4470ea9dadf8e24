//! The investigation trail in the real binary (issue 16 item 2): open an entity, follow two
//! relations, quit with `q q`; the next start on the same graph says a trail was saved, `kgx
//! --resume` shows the last entity with the history on the breadcrumb, and `kgx trail` prints it.
//! Every run has a state folder of its own (`XDG_STATE_HOME`).

use crate::pty_session::{Session, kgx, own_state_folder, row, status_line};

/// The breadcrumb part of the status line (up to the wide gap before the keys or a message).
fn breadcrumb(status: &str) -> String {
    status
        .trim_start()
        .split("   ")
        .next()
        .unwrap_or_default()
        .to_string()
}

/// `kgx ARGS` with the given state folder.
fn kgx_in(state: &std::path::Path, args: &[&str]) -> portable_pty::CommandBuilder {
    let mut cmd = kgx(args);
    cmd.env("XDG_STATE_HOME", state);
    cmd
}

#[test]
fn quitting_saves_the_trail_and_resume_brings_it_back() {
    let state = own_state_folder(&mut kgx(&[]));
    let graph = "tests/fixtures/small.json";
    let mut s = Session::start(kgx_in(&state, &[graph]));
    s.wait_for("the explorer", |sc| row(sc, 0).contains(" of "));
    s.send("trn3");
    s.wait_for("Trainium3 found", |sc| row(sc, 0).starts_with("/ trn3"));
    s.send("\r");
    s.wait_for("Trainium3 opened", |sc| {
        status_line(sc).contains("Enter follow")
    });
    s.send("G\r");
    s.wait_for("one relation followed", |sc| {
        breadcrumb(&status_line(sc)).matches(" › ").count() == 1
    });
    s.send("G\r");
    s.wait_for("two relations followed", |sc| {
        breadcrumb(&status_line(sc)).matches(" › ").count() == 2
    });
    let trail = breadcrumb(&status_line(s.parser.screen()));
    assert_eq!(trail, "Trainium3 › Amazon Web Services › Amazon");
    s.send("qq");
    assert_eq!(s.exit_code(), 0);

    let mut s = Session::start(kgx_in(&state, &[graph]));
    s.wait_for("the trail announced", |sc| {
        let status = status_line(sc);
        status.contains("trail from ") && status.contains(" UTC saved: kgx --resume")
    });
    s.send("\x03");
    assert_eq!(s.exit_code(), 0);

    let mut s = Session::start(kgx_in(&state, &[graph, "--resume"]));
    s.wait_for("the trail resumed", |sc| {
        let status = status_line(sc);
        status.contains("resumed the trail saved ") && breadcrumb(&status) == trail
    });
    let screen = s.parser.screen();
    assert!(row(screen, 0).starts_with("/ trn3"), "the query is back");
    let detail: String = row(screen, 2).chars().skip(48).collect();
    assert!(
        detail.contains("● Amazon "),
        "the last entity is shown: {detail}"
    );
    s.send("[");
    s.wait_for("back one step", |sc| {
        breadcrumb(&status_line(sc)) == trail && !sc.cell(sc.size().0.get() - 1, 1).unwrap().bold()
    });
    s.send("\x03");
    assert_eq!(s.exit_code(), 0);

    let out = std::process::Command::new(env!("CARGO_BIN_EXE_kgx"))
        .args(["trail", graph])
        .env("XDG_STATE_HOME", &state)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .unwrap();
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 4, "{text}");
    assert!(
        lines[1].contains("  searched  ") && lines[1].ends_with("  Trainium3  [trainium3]"),
        "{text}"
    );
    // The resumed session saved again on Ctrl-c, one step back: that step is the current one.
    assert!(
        lines[2].starts_with("▸ ")
            && lines[2].contains("  followed from Trainium3  ")
            && lines[2].ends_with("  Amazon Web Services  [aws]"),
        "{text}"
    );
    assert!(
        lines[3].starts_with("  ")
            && lines[3].contains("  followed from Amazon Web Services  ")
            && lines[3].ends_with("  Amazon  [amazon]"),
        "{text}"
    );
}

/// A corrupt or hostile trail file is a one-line note at start (escaped), never a panic; the
/// explorer works, and quitting replaces the file with a good trail.
#[test]
fn a_hostile_trail_file_is_a_note_and_quitting_replaces_it() {
    let state = own_state_folder(&mut kgx(&[]));
    let trails = state.join("kgx");
    std::fs::create_dir_all(&trails).unwrap();
    let file = trails.join("built-in.json");
    std::fs::write(&file, "{\"kgx_trail\": \"\\u001b]0;pwned\\u0007\"").unwrap();
    for resume in [false, true] {
        let args: &[&str] = if resume { &["--resume"] } else { &[] };
        let mut s = Session::start(kgx_in(&state, args));
        s.wait_for("the note", |sc| {
            let status = status_line(sc);
            status.contains("saved trail not read (") && status.contains("not a kgx trail")
        });
        assert!(!s.raw.windows(4).any(|w| w == b"]0;p"), "no title set");
        s.send("\x03");
        assert_eq!(s.exit_code(), 0);
    }
    let mut s = Session::start(kgx_in(&state, &[]));
    s.wait_for("the explorer", |sc| row(sc, 0).contains(" of "));
    s.send("trn3\r");
    s.wait_for("Trainium3 opened", |sc| {
        status_line(sc).contains("Enter follow")
    });
    s.send("qq");
    assert_eq!(s.exit_code(), 0);
    let saved = std::fs::read_to_string(&file).unwrap();
    assert!(saved.contains("\"id\": \"trainium3\""), "{saved}");
}
