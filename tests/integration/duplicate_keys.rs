//! A key given twice in one JSON object (`{"id":"a","id":"b"}`): a located warning naming the
//! key, on every reading path (the native loader, an import document, JSON Lines, node-link),
//! and the graph loads exactly as the file without the repeat does.

use std::fs;

use predicates::prelude::PredicateBooleanExt;
use predicates::str::contains;

use crate::test_support::kgx;

const DIR: &str = "tests/fixtures/duplicate-keys";

/// (fixture, the repeated key, the line of the warning, the value the reader drops as written:
/// a file without it loads the same graph). Kgx's own fields take the last value, the
/// importers the first; attributes keep both (`None`), as they did before the warning.
const CASES: &[(&str, &str, usize, Option<&str>)] = &[
    ("native.json", "name", 5, Some("\"name\": \"B\",\n     ")),
    ("native.json", "country", 6, None),
    ("graphology.json", "key", 6, Some(",\n     \"key\": \"c\"")),
    ("apoc.jsonl", "name", 2, Some(r#","name":"Rob""#)),
    (
        "node-link.json",
        "source",
        6,
        Some(",\n     \"source\": \"b\""),
    ),
];

#[test]
fn check_warns_about_each_repeated_key_at_its_line() {
    for &(file, key, line, _) in CASES {
        let path = format!("{DIR}/{file}");
        kgx().args(["check", &path]).assert().success().stderr(
            contains(format!("warning: {path}:{line}:"))
                .and(contains(format!("duplicate key \"{key}\" in one object"))),
        );
    }
}

#[test]
fn strict_keeps_repeated_keys_a_warning() {
    kgx()
        .args(["check", "--strict", &format!("{DIR}/apoc.jsonl")])
        .assert()
        .success()
        .stderr(contains("duplicate key \"name\""));
}

#[test]
fn a_repeated_key_changes_nothing_else_in_the_loaded_graph() {
    let dir = tempfile::tempdir().unwrap();
    for &(file, _, _, dropped) in CASES {
        let Some(dropped) = dropped else { continue };
        let text = fs::read_to_string(format!("{DIR}/{file}")).unwrap();
        assert!(text.contains(dropped), "{file}: {dropped}");
        let plain = dir.path().join(file);
        fs::write(&plain, text.replacen(dropped, "", 1)).unwrap();
        let export = |path: &str| {
            let out = kgx()
                .args(["export", "--format", "json", "-f", path])
                .output()
                .unwrap();
            assert!(out.status.success(), "{path}");
            String::from_utf8(out.stdout).unwrap()
        };
        assert_eq!(
            export(&format!("{DIR}/{file}")),
            export(plain.to_str().unwrap()),
            "{file}"
        );
    }
}
