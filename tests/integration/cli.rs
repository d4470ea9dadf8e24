//! The `kgx` command line: every subcommand, its output and its exit codes.

use assert_cmd::Command;
use predicates::prelude::*;

fn kgx() -> Command {
    let mut cmd = crate::test_support::kgx();
    cmd.timeout(std::time::Duration::from_secs(20));
    cmd
}

#[test]
fn check_default_graph_is_valid() {
    kgx()
        .arg("check")
        .assert()
        .success()
        .stdout(predicate::str::contains("valid:"))
        .stdout(predicate::str::contains("entities by kind:"))
        .stdout(predicate::str::contains("relations by type:"))
        .stderr("");
}

#[test]
fn check_counts_kinds_and_types() {
    kgx()
        .args(["check", "tests/fixtures/ok/open-kinds.json"])
        .assert()
        .success()
        .stdout(predicate::str::contains("3 entities, 2 relations"))
        .stdout(predicate::str::contains("  datacenter        1"))
        .stdout(predicate::str::contains("  trained_in        1"));
}

#[test]
fn check_prints_warnings_and_still_succeeds() {
    kgx()
        .args(["check", "tests/fixtures/ok/warnings.json"])
        .assert()
        .code(0)
        .stdout(predicate::str::contains("4 warnings"))
        .stderr(predicate::str::contains(
            "warning: tests/fixtures/ok/warnings.json:25:9: entities[2].sources[0]: unknown source 's9'",
        ));
}

#[test]
fn check_strict_rejects_unknown_fields() {
    kgx()
        .args(["check", "tests/fixtures/bad/unknown-field.json"])
        .assert()
        .code(0);
    kgx()
        .args(["check", "--strict", "tests/fixtures/bad/unknown-field.json"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("did you mean 'summary'?"));
}

#[test]
fn check_reads_stdin_and_the_file_flag() {
    let text = std::fs::read("tests/fixtures/ok/open-kinds.json").unwrap();
    kgx()
        .args(["check", "-"])
        .write_stdin(text.clone())
        .assert()
        .success()
        .stdout(predicate::str::starts_with(
            "<stdin>: kgx JSON: valid: 3 entities",
        ));
    kgx()
        .args(["-f", "tests/fixtures/ok/open-kinds.json", "check"])
        .assert()
        .success()
        .stdout(predicate::str::contains("3 entities"));
}

#[test]
fn bom_and_crlf_are_accepted() {
    kgx()
        .args(["check", "tests/fixtures/ok/bom-crlf.json"])
        .assert()
        .success()
        .stderr("");
}

#[test]
fn missing_file_suggests_a_close_name() {
    kgx()
        .args(["check", "tests/fixtures/ok/open-kind.json"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("no such file"))
        .stderr(predicate::str::contains(
            "did you mean 'tests/fixtures/ok/open-kinds.json'?",
        ));
}

#[test]
fn directory_is_a_clear_error() {
    kgx()
        .args(["check", "tests/fixtures"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("is a directory"));
}

#[test]
fn usage_errors_exit_2() {
    kgx().arg("--frobnicate").assert().code(2);
    kgx().args(["search"]).assert().code(2);
    kgx()
        .args(["search", "x", "--limit", "many"])
        .assert()
        .code(2);
}

#[test]
fn help_shows_examples() {
    kgx()
        .arg("--help")
        .assert()
        .success()
        .stdout(predicate::str::contains("Examples:"))
        .stdout(predicate::str::contains("kgx search trn3"));
}

#[test]
fn search_puts_trainium3_first_for_trn3() {
    kgx()
        .args(["search", "trn3", "--limit", "1"])
        .assert()
        .success()
        .stdout(predicate::str::contains("trainium3"))
        .stdout(predicate::str::contains("Trainium3"));
}

#[test]
fn search_finds_aws_by_alias_as_json() {
    let out = kgx().args(["search", "AWS", "--json"]).output().unwrap();
    assert!(out.status.success());
    let first: serde_json::Value = serde_json::from_str(
        String::from_utf8(out.stdout)
            .unwrap()
            .lines()
            .next()
            .unwrap(),
    )
    .unwrap();
    assert_eq!(first["id"], "aws");
    assert_eq!(first["name"], "Amazon Web Services");
    assert_eq!(first["alias"], "AWS");
    assert!(first["score"].as_i64().unwrap() > 0);
}

#[test]
fn search_folds_accents_and_filters_by_kind() {
    let f = "tests/fixtures/ok/unicode.json";
    kgx()
        .args(["-f", f, "search", "cafe systemes"])
        .assert()
        .success()
        .stdout(predicate::str::contains("Café Systèmes"));
    kgx()
        .args(["-f", f, "search", "a", "--kind", "other"])
        .assert()
        .success()
        .stdout(predicate::str::contains("rtl"))
        .stdout(predicate::str::contains("cafe").not());
}

#[test]
fn search_without_results_exits_1() {
    kgx().args(["search", "xqzxqz"]).assert().code(1).stdout("");
}

#[test]
fn show_prints_entity_and_grouped_relations() {
    kgx()
        .args(["-f", "tests/fixtures/ok/open-kinds.json", "show", "gpt5"])
        .assert()
        .success()
        .stdout(predicate::str::starts_with("GPT-5  (model, id gpt5)"))
        .stdout(predicate::str::contains(
            "outgoing (1):\n  trained_in (1)\n    -> Abilene campus  (datacenter, abilene)",
        ))
        .stdout(predicate::str::contains(
            "incoming (1):\n  leads (1)\n    <- Sam Altman  (person, sam)",
        ));
}

#[test]
fn show_json_is_one_document() {
    let out = kgx()
        .args([
            "-f",
            "tests/fixtures/ok/open-kinds.json",
            "show",
            "gpt5",
            "--json",
        ])
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["id"], "gpt5");
    assert_eq!(v["outgoing"][0]["id"], "abilene");
    assert_eq!(v["incoming"][0]["type"], "leads");
}

#[test]
fn show_unknown_id_suggests_one() {
    kgx()
        .args([
            "-f",
            "tests/fixtures/ok/open-kinds.json",
            "show",
            "abilenne",
        ])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("did you mean 'abilene'"));
}

#[test]
fn plain_output_never_prints_control_characters() {
    let f = "tests/fixtures/ok/hostile-names.json";
    for args in [
        vec!["-f", f, "search", "evil"],
        vec!["-f", f, "search", "e", "--json"],
        vec!["-f", f, "show", "ok"],
        vec!["-f", f, "show", "evil"],
        vec!["-f", f, "show", "evil\u{1b}"],
        vec!["-f", f, "check"],
    ] {
        let out = kgx().args(&args).output().unwrap();
        for (stream, bytes) in [("stdout", &out.stdout), ("stderr", &out.stderr)] {
            let text = String::from_utf8_lossy(bytes);
            let bad = text
                .chars()
                .find(|&c| c != '\n' && kgx::escape::is_unsafe_char(c));
            assert_eq!(bad, None, "{args:?} {stream}: {text:?}");
        }
    }
    kgx()
        .args(["-f", f, "show", "ok"])
        .assert()
        .stdout(predicate::str::contains("Evil\\x1b[2J"));
}

/// `kgx ARGS` with its stdout a pipe: the reader reads `read_first` bytes (0: none), then closes
/// the pipe while kgx still has far more than a pipe buffer (64 KiB) to write. kgx must end
/// with status 0 and say nothing.
fn assert_quiet_on_broken_pipe(args: &[&str], read_first: usize) {
    use std::io::Read;
    use std::process::{Command as Std, Stdio};
    let mut child = Std::new(assert_cmd::cargo::cargo_bin("kgx"))
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdout = child.stdout.take().unwrap();
    let mut first = vec![0u8; read_first];
    stdout.read_exact(&mut first).unwrap();
    drop(stdout);
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "{args:?}: {:?}", out.status);
    assert_eq!(String::from_utf8_lossy(&out.stderr), "", "{args:?}");
}

/// A generated graph of 10,000 entities: its hub's `show`, its `deals`, `flows` and `search`
/// each print well over 64 KiB.
fn generated_graph() -> (tempfile::TempDir, String) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("g.json");
    let mut out = std::io::BufWriter::new(std::fs::File::create(&path).unwrap());
    kgx::generate::write_graph(&mut out, 10_000, 7).unwrap();
    drop(out);
    (dir, path.to_str().unwrap().to_string())
}

#[test]
fn broken_pipe_exits_quietly_on_every_printing_subcommand() {
    let (_dir, g) = generated_graph();
    let g = g.as_str();
    let commands: [&[&str]; 9] = [
        &["-f", g, "search", "a", "--limit", "100000"],
        &["-f", g, "show", "lpu-512-0"],
        &["-f", g, "show", "lpu-512-0", "--json"],
        &["path", "amazon", "microsoft", "--max", "2000"],
        &["-f", g, "deals"],
        &["-f", g, "flows", "--limit", "0"],
        &["cycles", "--limit", "0", "--max-parties", "6"],
        &["export", "--format", "json"],
        &["-f", g, "export", "--format", "dot"],
    ];
    for args in commands {
        let printed = kgx().args(args).output().unwrap().stdout.len();
        assert!(printed > 64 * 1024, "{args:?} prints only {printed} bytes");
        // Closed after the first bytes (kgx is then blocked on a full pipe) and before any.
        assert_quiet_on_broken_pipe(args, 1);
        assert_quiet_on_broken_pipe(args, 0);
    }
}

#[test]
fn search_unknown_kind_is_a_usage_error_listing_the_kinds_by_count() {
    let g = kgx::graph::load_default().unwrap().graph;
    let mut kinds: Vec<(usize, String)> = g
        .kinds()
        .map(|k| {
            (
                g.entities().filter(|e| e.kind() == k).count(),
                k.to_string(),
            )
        })
        .collect();
    kinds.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| a.1.cmp(&b.1)));
    let first: Vec<&str> = kinds.iter().take(3).map(|(_, k)| k.as_str()).collect();
    kgx()
        .args(["search", "@bogus openai"])
        .assert()
        .code(2)
        .stdout("")
        .stderr(predicate::str::contains(format!(
            "unknown kind 'bogus' — kinds here: {}",
            first.join(", ")
        )));
}

#[test]
fn search_kind_accepts_plurals_and_case() {
    let out = kgx()
        .args(["search", "@Chips train", "--json"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let text = String::from_utf8(out).unwrap();
    assert!(!text.is_empty());
    for line in text.lines() {
        let v: serde_json::Value = serde_json::from_str(line).unwrap();
        assert_eq!(v["kind"], "chip", "{line}");
    }
}

#[test]
fn search_kind_option_reads_a_kind_as_the_at_term_does() {
    let apoc = crate::test_support::fixture_path("import/apoc-all.json");
    let apoc = apoc.to_str().unwrap();
    // `--kind us` is the export's `User` (a prefix), as `@us` is.
    for args in [
        vec!["search", "", "--kind", "us", "-f", apoc, "--json"],
        vec!["search", "@us", "-f", apoc, "--json"],
    ] {
        let text = crate::test_support::stdout_of(&args);
        assert_eq!(text.lines().count(), 3, "{args:?}: {text}");
        assert!(
            text.lines().all(|l| l.contains(r#""kind":"User""#)),
            "{text}"
        );
    }
    kgx()
        .args(["search", "a", "--kind", "bogus"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "unknown kind 'bogus' — kinds here: deal",
        ));
}
