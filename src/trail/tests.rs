//! The trail format: a round trip, every kind of bad file, and the store's names and writes.

use std::path::{Path, PathBuf};

use super::store::{self, GraphKey};
use super::*;

fn step(id: &str, how: How, from: Option<&str>) -> Step {
    Step {
        id: id.into(),
        name: id.to_uppercase(),
        at: 1_765_000_000,
        how,
        from: from.map(str::to_string),
        via: None,
        pane: Pane::Relations,
        row: 2,
        view: "explore".into(),
    }
}

fn sample() -> Trail {
    Trail {
        kgx_trail: VERSION,
        graph: "<built-in>".into(),
        saved: 1_765_000_100,
        query: "openai".into(),
        view: "explore".into(),
        current: 1,
        steps: vec![
            step("openai", How::Searched, None),
            step("aws", How::Followed, Some("openai")),
            Step {
                via: Some("timeline".into()),
                ..step("deal-x", How::View, None)
            },
        ],
    }
}

fn parse(text: &str) -> Result<Trail, TrailError> {
    Trail::parse(text, Path::new("t.json"))
}

#[test]
fn a_trail_reads_back_as_it_was_written() {
    let trail = sample();
    assert_eq!(parse(&trail.to_json()).unwrap(), trail);
}

#[test]
fn corrupt_and_hostile_files_are_errors_never_panics() {
    let good = sample().to_json();
    let cases: Vec<(String, &str)> = vec![
        (String::new(), "EOF"),
        ("[1, 2]".into(), "invalid type"),
        ("{\"kgx_trail\": 1}".into(), "missing field"),
        (
            good.replace("\"kgx_trail\": 1", "\"kgx_trail\": 7"),
            "version 7",
        ),
        (
            good.replace("\"current\": 1", "\"current\": 3"),
            "current step 3 of 3",
        ),
        (
            good.replace("\"followed\"", "\"teleported\""),
            "unknown variant",
        ),
        (good.replace("\"row\": 2", "\"row\": -2"), "invalid value"),
        (
            good.replace("\"id\": \"aws\"", "\"id\": \"\""),
            "without an id",
        ),
        (good.replacen('{', "{\"extra\": 1, ", 1), "unknown field"),
        (
            good.replace(
                "\"query\": \"openai\"",
                &format!("\"query\": \"{}\"", "x".repeat(5000)),
            ),
            "5000 bytes",
        ),
    ];
    for (text, expected) in cases {
        let message = parse(&text).unwrap_err().to_string();
        assert!(
            message.starts_with("t.json: not a kgx trail: "),
            "{message}"
        );
        assert!(message.contains(expected), "{expected:?} in {message}");
    }
    // Every cut of a good file is an error or (the whole file) a trail.
    for end in 0..good.trim_end().len() {
        if good.is_char_boundary(end) {
            assert!(parse(&good[..end]).is_err(), "cut at {end}");
        }
    }
    let mut many = sample();
    many.steps = vec![step("a", How::Searched, None); MAX_STEPS + 1];
    assert!(
        parse(&many.to_json())
            .unwrap_err()
            .to_string()
            .contains("10001 steps")
    );
}

#[test]
fn an_error_never_carries_control_characters_from_the_file() {
    let text = sample()
        .to_json()
        .replace("\"kgx_trail\": 1", "\"kgx_trail\": \"\u{1b}[31m\"");
    let message = parse(&text).unwrap_err().to_string();
    assert!(!message.contains('\u{1b}'), "{message:?}");
}

#[test]
fn how_a_step_was_opened_reads_as_words() {
    let trail = sample();
    let name_of = |id: &str| {
        trail
            .steps
            .iter()
            .find(|s| s.id == id)
            .map(|s| s.name.clone())
    };
    let hows: Vec<String> = trail.steps.iter().map(|s| s.how_text(name_of)).collect();
    assert_eq!(
        hows,
        ["searched", "followed from OPENAI", "from the timeline"]
    );
}

#[test]
fn times_read_as_utc_dates() {
    assert_eq!(format_time(0), "1970-01-01 00:00 UTC");
    assert_eq!(format_time(951_782_400), "2000-02-29 00:00 UTC");
    assert_eq!(format_time(1_765_132_212), "2025-12-07 18:30 UTC");
}

#[test]
fn the_state_folder_follows_the_xdg_rules() {
    let dir = |xdg: Option<&str>, home: Option<&str>| {
        store::state_dir_from(xdg.map(Into::into), home.map(Into::into))
    };
    assert_eq!(dir(Some("/s"), Some("/h")), Some("/s/kgx".into()));
    assert_eq!(
        dir(Some("relative"), Some("/h")),
        Some("/h/.local/state/kgx".into())
    );
    assert_eq!(dir(None, Some("/h")), Some("/h/.local/state/kgx".into()));
    assert_eq!(dir(None, None), None);
}

#[test]
fn each_graph_has_its_own_file_and_saving_replaces_it_whole() {
    let state = tempfile::tempdir().unwrap();
    let graphs = tempfile::tempdir().unwrap();
    let (a, b) = (graphs.path().join("a"), graphs.path().join("b"));
    for folder in [&a, &b] {
        std::fs::create_dir(folder).unwrap();
        std::fs::write(folder.join("g.json"), "{}").unwrap();
    }
    let key_a = GraphKey::of(Some(&a.join("g.json")));
    let key_b = GraphKey::of(Some(&b.join("g.json")));
    let names: Vec<PathBuf> = [
        &key_a,
        &key_b,
        &GraphKey::of(None),
        &GraphKey::of(Some(Path::new("-"))),
    ]
    .iter()
    .map(|k| store::trail_path(state.path(), k))
    .collect();
    assert_ne!(names[0], names[1], "same name, other folder");
    assert!(
        names[0]
            .file_name()
            .unwrap()
            .to_str()
            .unwrap()
            .starts_with("g-")
    );
    assert!(names[2].ends_with("built-in.json") && names[3].ends_with("stdin.json"));

    assert!(store::load(state.path(), &key_a).unwrap().is_none());
    let mut trail = sample();
    trail.graph = key_a.label();
    store::save(state.path(), &key_a, &trail).unwrap();
    trail.query = "aws".into();
    store::save(state.path(), &key_a, &trail).unwrap();
    assert_eq!(
        store::load(state.path(), &key_a).unwrap(),
        Some(trail.clone())
    );
    assert!(store::load(state.path(), &key_b).unwrap().is_none());
    let leftovers = std::fs::read_dir(state.path()).unwrap().count();
    assert_eq!(leftovers, 1, "no temporary file left behind");
    // A trail file naming another graph (a hash collision) is not this graph's.
    std::fs::copy(&names[0], &names[1]).unwrap();
    assert!(store::load(state.path(), &key_b).unwrap().is_none());
}
