//! `kgx export` and import through the real binary: files, refusals, atomic writes, stdout.

use std::fs;
use std::path::Path;

use kgx::graph::{LoadOptions, first_difference, load_bytes, load_default, load_path};
use predicates::str::contains;

const TRICKY: &str = "tests/fixtures/export/tricky.json";

use crate::test_support::kgx;

fn names_in(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[test]
fn json_to_stdout_loads_back_equal() {
    let out = kgx()
        .args(["export", "--format", "json"])
        .assert()
        .success();
    let stdout = &out.get_output().stdout;
    let back = load_bytes(
        stdout,
        "stdout",
        LoadOptions {
            strict: true,
            ..LoadOptions::default()
        },
    )
    .unwrap();
    let default = load_default().unwrap();
    assert_eq!(first_difference(&default.graph, &back.graph), None);
}

#[test]
fn json_file_passes_check_and_equals_the_original() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("copy.json");
    kgx()
        .args(["export", "-f", TRICKY, "--format", "json", "-o"])
        .arg(&path)
        .assert()
        .success()
        .stdout("");
    kgx()
        .args(["check", "--strict"])
        .arg(&path)
        .assert()
        .success();
    let original = load_path(Path::new(TRICKY), LoadOptions::default()).unwrap();
    let back = load_path(&path, LoadOptions::default()).unwrap();
    assert_eq!(first_difference(&original.graph, &back.graph), None);
    assert_eq!(
        names_in(dir.path()),
        ["copy.json"],
        "no temporary file is left"
    );
}

#[test]
fn refuses_to_overwrite_without_force() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("g.dot");
    fs::write(&path, "keep me").unwrap();
    kgx()
        .args(["export", "--format", "dot", "-o"])
        .arg(&path)
        .assert()
        .code(1)
        .stderr(contains("already exists; use --force to replace it"));
    assert_eq!(fs::read_to_string(&path).unwrap(), "keep me");
    kgx()
        .args(["export", "--format", "dot", "--force", "-o"])
        .arg(&path)
        .assert()
        .success();
    assert!(
        fs::read_to_string(&path)
            .unwrap()
            .starts_with("digraph kgx {")
    );
    assert_eq!(names_in(dir.path()), ["g.dot"], "no temporary file is left");
}

#[test]
fn never_writes_over_the_input_even_with_force() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("g.json");
    fs::copy(TRICKY, &path).unwrap();
    kgx()
        .args(["export", "--format", "json", "--force", "-f"])
        .arg(&path)
        .arg("-o")
        .arg(&path)
        .assert()
        .code(1)
        .stderr(contains("kgx never writes over its input"));
    assert_eq!(fs::read(&path).unwrap(), fs::read(TRICKY).unwrap());
}

#[test]
fn csv_writes_two_files_and_checks_both_first() {
    let dir = tempfile::tempdir().unwrap();
    let base = dir.path().join("graph.csv");
    kgx()
        .args(["export", "-f", TRICKY, "--format", "csv", "-o"])
        .arg(&base)
        .assert()
        .success();
    assert_eq!(
        names_in(dir.path()),
        ["graph-entities.csv", "graph-relations.csv"]
    );
    let entities = fs::read_to_string(dir.path().join("graph-entities.csv")).unwrap();
    assert!(entities.starts_with("id,kind,name,summary,aliases,tags,sources,"));
    assert!(entities.contains("\"Line one\nline two, with \"\"quotes\"\"\""));
    // With only the relations file in the way, nothing is written.
    fs::remove_file(dir.path().join("graph-entities.csv")).unwrap();
    kgx()
        .args(["export", "-f", TRICKY, "--format", "csv", "-o"])
        .arg(&base)
        .assert()
        .code(1)
        .stderr(contains("graph-relations.csv: already exists"));
    assert_eq!(names_in(dir.path()), ["graph-relations.csv"]);
}

#[test]
fn neighbourhood_export() {
    let out = kgx()
        .args([
            "export", "-f", TRICKY, "--format", "mermaid", "--around", "amazon",
        ])
        .assert()
        .success();
    let text = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    assert_eq!(text.lines().count(), 1 + 3 + 2, "{text}");
    kgx()
        .args(["export", "--format", "json", "--depth", "2"])
        .assert()
        .code(2)
        .stderr(contains("--around"));
    kgx()
        .args([
            "export",
            "--format",
            "json",
            "--around",
            "no-such-thing-anywhere",
        ])
        .assert()
        .code(1)
        .stderr(contains("no entity matches"));
}

#[test]
fn imported_networkx_file_exports_to_native_json() {
    let input = "tests/fixtures/import/networkx-multidigraph.json";
    kgx()
        .args(["check", input])
        .assert()
        .success()
        .stdout(contains("valid: 4 entities, 6 relations"));
    let out = kgx()
        .args(["export", "-f", input, "--format", "json"])
        .assert()
        .success();
    let back = load_bytes(
        &out.get_output().stdout,
        "stdout",
        LoadOptions {
            strict: true,
            ..LoadOptions::default()
        },
    )
    .unwrap();
    let original = load_path(Path::new(input), LoadOptions::default()).unwrap();
    assert_eq!(first_difference(&original.graph, &back.graph), None);
}

#[test]
fn bad_import_is_located() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bad.json");
    fs::write(
        &path,
        "{\"nodes\": [{\"id\": 1}],\n \"links\": [{\"source\": 1, \"target\": 2}]}",
    )
    .unwrap();
    kgx()
        .arg("check")
        .arg(&path)
        .assert()
        .code(1)
        .stderr(contains(
            ":2:36: links[0].target: 'target' refers to unknown entity '2'",
        ));
}

/// Parses the Mermaid export with mermaid.js itself (`tests/support/mermaid-check.mjs`, with the
/// mermaid and jsdom that `npm ci --prefix tests/support` installs, as `.ci/run` does). Skips
/// outside CI when they are not installed; fails in CI.
#[test]
fn mermaid_export_parses_with_mermaid_js() {
    let support = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/support");
    let install = "npm ci --prefix tests/support";
    if !crate::test_support::external_tool("node", &["--version"], "apt-get install nodejs npm") {
        return;
    }
    let installed = ["mermaid", "jsdom"].iter().all(|m| {
        support
            .join("node_modules")
            .join(m)
            .join("package.json")
            .is_file()
    });
    if !installed {
        assert!(
            std::env::var_os("CI").is_none(),
            "mermaid and jsdom are required in CI ({install}; .ci/run installs them)"
        );
        eprintln!("skipped: mermaid and jsdom are not installed ({install})");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("tricky.mmd");
    kgx()
        .args(["export", "-f", TRICKY, "--format", "mermaid", "-o"])
        .arg(&file)
        .assert()
        .success();
    let out = std::process::Command::new("node")
        .arg(support.join("mermaid-check.mjs"))
        .arg(&file)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{stdout}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(stdout.trim(), "ok flowchart-v2 5 4");
}
