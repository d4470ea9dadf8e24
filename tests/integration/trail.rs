//! The investigation trail on the command line: a trail the explorer's state produces, saved
//! where the explorer saves it, printed by `kgx trail` as text and JSON lines; a corrupt or
//! hostile trail file is a clear error, never a panic or a raw escape.

use std::path::Path;

use kgx::app::App;
use kgx::trail::store::{self, GraphKey};
use ratatui::crossterm::event::KeyCode;

use crate::test_support::{fixture_path, kgx, press};

/// Opens OpenAI from the query `openai` in a copy of small.json, follows two relations (the
/// first row each time), with the clock at 1_765_000_000 + 60 s a step; saves the trail in
/// `state` as quitting does. Returns the graph file.
fn saved_trail(dir: &Path, state: &Path) -> std::path::PathBuf {
    let file = dir.join("graph.json");
    std::fs::copy(fixture_path("small.json"), &file).unwrap();
    let mut app = App::new(crate::test_support::graph_at(&file), "graph.json");
    for (i, c) in "openai".chars().enumerate() {
        app.history.now = 1_765_000_000 + i as u64;
        press(&mut app, KeyCode::Char(c));
    }
    for step in 1..=3 {
        app.history.now = 1_765_000_000 + 60 * step;
        press(&mut app, KeyCode::Enter);
    }
    let key = GraphKey::of(Some(&file));
    let trail = app.trail(key.label()).unwrap();
    store::save(state, &key, &trail).unwrap();
    file
}

fn trail_command(state: &Path) -> assert_cmd::Command {
    let mut cmd = kgx();
    cmd.env("XDG_STATE_HOME", state.parent().unwrap());
    cmd
}

#[test]
fn kgx_trail_prints_what_was_opened_when_and_how() {
    let dir = tempfile::tempdir().unwrap();
    let state = dir.path().join("kgx");
    let file = saved_trail(dir.path(), &state);
    let out = trail_command(&state)
        .args(["trail", file.to_str().unwrap(), "--json"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let mut lines: Vec<serde_json::Value> = String::from_utf8(out)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    // A first line says whose trail it is, then one line per place.
    let header = lines.remove(0);
    assert_eq!(header["record"], "trail", "{header}");
    assert_eq!(header["steps"], 3, "{header}");
    assert!(
        header["graph"].as_str().unwrap().ends_with("graph.json"),
        "{header}"
    );
    assert!(header["saved_unix"].as_u64().is_some(), "{header}");
    assert!(header.get("query").is_some() && header.get("view").is_some());
    assert_eq!(lines.len(), 3, "{lines:?}");
    assert!(lines.iter().all(|l| l["record"] == "step"), "{lines:?}");
    assert_eq!(lines[0]["id"], "openai");
    assert_eq!(lines[0]["how"], "searched");
    assert_eq!(lines[0]["at"], "2025-12-06 05:47 UTC");
    assert_eq!(lines[1]["how"], "followed");
    assert_eq!(lines[1]["from"], "openai");
    assert_eq!(lines[1]["from_name"], "OpenAI");
    assert_eq!(lines[1]["at_unix"], 1_765_000_120);
    assert_eq!(lines[2]["from"], lines[1]["id"]);
    assert_eq!(lines[2]["current"], true);
    assert_eq!(lines[0]["current"], false);

    let text = trail_command(&state)
        .current_dir(dir.path())
        .args(["trail", "graph.json"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let text = String::from_utf8(text).unwrap();
    let rows: Vec<&str> = text.lines().collect();
    assert!(rows[0].starts_with("trail of /") && rows[0].ends_with("; query \"openai\""));
    assert!(
        rows[1].starts_with("  2025-12-06 05:47 UTC  searched  ")
            && rows[1].ends_with("  OpenAI  [openai]"),
        "{text}"
    );
    assert!(rows[2].contains("  followed from OpenAI  "), "{text}");
    assert!(
        rows[3].starts_with("▸ 2025-12-06 05:49 UTC  followed from "),
        "{text}"
    );
}

#[test]
fn a_missing_corrupt_or_hostile_trail_is_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    let state = dir.path().join("kgx");
    let file = dir.path().join("graph.json");
    std::fs::copy(fixture_path("small.json"), &file).unwrap();
    let run = |expected: &str| {
        let out = trail_command(&state)
            .args(["trail", file.to_str().unwrap()])
            .assert()
            .code(1)
            .get_output()
            .clone();
        let err = String::from_utf8(out.stderr).unwrap();
        assert!(err.starts_with("kgx: error: "), "{err}");
        assert!(err.contains(expected), "{expected:?} in {err}");
        assert!(!err.contains('\u{1b}'), "{err:?}");
        assert!(out.stdout.is_empty());
    };
    run("no trail saved for /");
    std::fs::create_dir_all(&state).unwrap();
    let path = store::trail_path(&state, &GraphKey::of(Some(&file)));
    std::fs::write(&path, "{\"kgx_trail\": 1, \"steps\": [").unwrap();
    run("not a kgx trail: EOF while parsing");
    std::fs::write(&path, "{\"kgx_trail\": \"\u{1b}]52;c;aGk=\u{7}\"}").unwrap();
    run("not a kgx trail: control character");
    std::fs::write(&path, "{\"kgx_trail\": \"\\u001b]52;c;aGk=\\u0007\"}").unwrap();
    run("not a kgx trail: invalid type: string \"\\u{1b}]52;c;aGk=\\u{7}\", expected u32");
    std::fs::write(&path, [0xff, 0xfe, 0x00]).unwrap();
    run("not a kgx trail: not UTF-8 text");
}

/// A name in a trail file (untrusted) is printed escaped, as text and as JSON.
#[test]
fn names_from_a_trail_file_are_escaped() {
    let dir = tempfile::tempdir().unwrap();
    let state = dir.path().join("kgx");
    let file = saved_trail(dir.path(), &state);
    let path = store::trail_path(&state, &GraphKey::of(Some(&file)));
    let text = std::fs::read_to_string(&path)
        .unwrap()
        .replace("\"name\": \"OpenAI\"", "\"name\": \"Open\\u001b[2JAI\"");
    std::fs::write(&path, text).unwrap();
    for json in [false, true] {
        let mut cmd = trail_command(&state);
        cmd.args(["trail", file.to_str().unwrap()]);
        if json {
            cmd.arg("--json");
        }
        let out = cmd.assert().success().get_output().stdout.clone();
        let out = String::from_utf8(out).unwrap();
        assert!(!out.contains('\u{1b}'), "{out:?}");
        assert!(
            out.contains(if json {
                "Open\\u001b[2JAI"
            } else {
                "Open\\x1b[2JAI"
            }),
            "{out}"
        );
    }
}
