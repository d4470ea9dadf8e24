//! The README's console examples run: every `$ kgx …` line of a ```` ```console ```` block in
//! README.md is run by `sh` (pipes and all) with this build's `kgx` first on `PATH`, and what it
//! prints (stdout then stderr, in order, as a terminal shows them) must be exactly the lines that
//! follow it in the README, up to the next `$ ` line or the end of the block. Only trailing
//! whitespace is normalised.
//!
//! Conventions the README may use, understood here:
//! - A line that is only `…` stands for any number of lines (zero included) that the README
//!   leaves out on purpose; the lines before and after it must still match in order.
//! - A command with no lines after it must print nothing; one that writes to a file (`> FILE`)
//!   must leave that file non-empty.
//! - A command that prints a line starting `kgx: error` (or clap's `error: ` for bad arguments)
//!   must exit non-zero; any other must exit 0.
//!
//! The commands run in a fresh folder where `tests` is a link to the repository's `tests/`, so
//! paths such as `tests/fixtures/bad/dangling-to.json` print as the README shows them.

use std::path::Path;
use std::process::Command;

use crate::test_support::{external_tool, path_with_kgx};

/// The marker for lines left out on purpose.
const ELISION: &str = "…";

/// One `$ ` line of a console block and the output the README shows for it.
#[derive(Debug)]
struct Example {
    /// Line number of the `$ ` line in README.md (1-based), for messages.
    line: usize,
    command: String,
    expected: Vec<String>,
}

/// Every example of every ```` ```console ```` block of `text`.
fn console_examples(text: &str) -> Vec<Example> {
    let mut examples: Vec<Example> = Vec::new();
    let mut in_console = false;
    for (n, line) in text.lines().enumerate() {
        if line.starts_with("```") {
            in_console = !in_console && line.trim() == "```console";
            continue;
        }
        if !in_console {
            continue;
        }
        if let Some(command) = line.strip_prefix("$ ") {
            examples.push(Example {
                line: n + 1,
                command: command.to_string(),
                expected: Vec::new(),
            });
        } else {
            let example = examples
                .last_mut()
                .unwrap_or_else(|| panic!("README.md:{}: output before any `$ ` line", n + 1));
            example.expected.push(line.trim_end().to_string());
        }
    }
    examples
}

/// Whether `actual` is `expected`, where an `…` line of `expected` matches any run of lines.
fn matches(expected: &[String], actual: &[&str]) -> bool {
    match expected.split_first() {
        None => actual.is_empty(),
        Some((first, rest)) if first == ELISION => {
            (0..=actual.len()).any(|skip| matches(rest, &actual[skip..]))
        }
        Some((first, rest)) => actual
            .split_first()
            .is_some_and(|(line, more)| line == first && matches(rest, more)),
    }
}

/// The file a command writes with `> FILE`, if any.
fn redirect_target(command: &str) -> Option<&str> {
    let (_, after) = command.rsplit_once("> ")?;
    after.split_whitespace().next()
}

/// The programs other than `kgx` a command pipes through, that must be installed.
fn other_programs(command: &str) -> Vec<&str> {
    command
        .split('|')
        .skip(1)
        .filter_map(|stage| stage.split_whitespace().next())
        .collect()
}

fn run(example: &Example, dir: &Path) {
    let out = Command::new("sh")
        .arg("-c")
        .arg(format!("exec 2>&1\n{}", example.command))
        .current_dir(dir)
        .env("PATH", path_with_kgx())
        .env_remove("NO_COLOR")
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    let actual: Vec<&str> = text.lines().map(str::trim_end).collect();
    let here = format!("README.md:{}: $ {}", example.line, example.command);
    assert!(
        matches(&example.expected, &actual),
        "{here}\n--- the README shows\n{}\n--- kgx printed\n{}",
        example.expected.join("\n"),
        actual.join("\n")
    );
    let error = text
        .lines()
        .any(|l| l.starts_with("kgx: error") || l.starts_with("error: "));
    assert_eq!(
        out.status.success(),
        !error,
        "{here}: exit status {}",
        out.status
    );
    if let Some(file) = redirect_target(&example.command) {
        let written = std::fs::metadata(dir.join(file)).map_or(0, |m| m.len());
        assert!(written > 0, "{here}: {file} was not written");
    }
}

#[test]
fn every_console_example_in_the_readme_prints_what_the_readme_shows() {
    let readme =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md")).unwrap();
    let examples = console_examples(&readme);
    assert!(examples.len() >= 10, "{examples:#?}");
    let dir = tempfile::tempdir().unwrap();
    std::os::unix::fs::symlink(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests"),
        dir.path().join("tests"),
    )
    .unwrap();
    for example in &examples {
        assert!(
            example.command.starts_with("kgx "),
            "README.md:{}: a console example runs kgx",
            example.line
        );
        let tools_present = other_programs(&example.command)
            .into_iter()
            .filter(|p| !["grep", "head", "tail", "sort", "wc"].contains(p))
            .all(|p| external_tool(p, &["-V"], "apt-get install graphviz"));
        if tools_present {
            run(example, dir.path());
        }
    }
}

#[test]
fn the_elision_line_matches_any_run_of_lines() {
    let expected = |lines: &[&str]| lines.iter().map(|l| l.to_string()).collect::<Vec<_>>();
    assert!(matches(&expected(&["a", "…", "d"]), &["a", "b", "c", "d"]));
    assert!(matches(&expected(&["a", "…", "d"]), &["a", "d"]));
    assert!(matches(&expected(&["a", "…"]), &["a", "b"]));
    assert!(!matches(&expected(&["a", "…", "d"]), &["a", "b", "c"]));
    assert!(!matches(&expected(&["a", "b"]), &["a", "b", "c"]));
    assert!(!matches(&expected(&["a", "b"]), &["a"]));
    assert!(!matches(&expected(&[]), &["a"]));
}
