//! `kgx CMD --help` shows examples (README, Subcommands): every example of every subcommand's
//! help runs and succeeds, in the order shown (an example may use the file an earlier one
//! wrote). The subcommands are read from `kgx --help`, so a new one is covered without a change
//! here; the file names the examples use (`my.json`, `neo4j.json`, `companies.json`, …) are laid
//! out in a fresh folder from the fixtures. An example that opens the explorer (`kgx FILE …`)
//! is run as `kgx check FILE …`: the same loading, without the terminal it needs. `kgx trail`'s
//! examples read trails saved here first, as the explorer saves them.

use std::path::Path;
use std::process::Command;

use crate::test_support::{external_tool, fixture_path, path_with_kgx, stdout_of};

/// The subcommands `kgx --help` lists (without `help`).
fn subcommands() -> Vec<String> {
    let help = stdout_of(&["--help"]);
    help.lines()
        .skip_while(|l| *l != "Commands:")
        .skip(1)
        .take_while(|l| !l.is_empty())
        .filter(|l| l.starts_with("  ") && !l.starts_with("   "))
        .filter_map(|l| l.split_whitespace().next())
        .filter(|name| *name != "help")
        .map(str::to_string)
        .collect()
}

/// The example command lines of one `--help` text: the lines after `Examples:` that start with
/// `kgx`, without a trailing `(comment)`.
fn examples(help: &str) -> Vec<String> {
    help.lines()
        .skip_while(|l| l.trim() != "Examples:")
        .skip(1)
        .map(str::trim)
        .filter(|l| l.starts_with("kgx "))
        .map(|l| l.split("  ").next().unwrap().trim().to_string())
        .collect()
}

/// A folder holding every file the examples name, and `data/` as in the repository.
fn example_folder() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let mini = fixture_path("mini-ai.json");
    for name in ["my.json", "my-graph.json", "graph.json", "export.json"] {
        std::fs::copy(&mini, dir.path().join(name)).unwrap();
    }
    for (name, fixture) in [
        ("neo4j.json", "import/apoc-all.json"),
        ("networkx.json", "import/networkx-multidigraph.json"),
        ("companies.json", "map/crunchbase-companies.json"),
    ] {
        std::fs::copy(fixture_path(fixture), dir.path().join(name)).unwrap();
    }
    std::os::unix::fs::symlink(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("data"),
        dir.path().join("data"),
    )
    .unwrap();
    save_trails(dir.path());
    dir
}

/// Trails for `kgx trail`'s examples, as the explorer saves them on quit, in `state/kgx/` (the
/// examples run with `XDG_STATE_HOME` there): one for the built-in graph, one for my-graph.json.
fn save_trails(dir: &Path) {
    use kgx::trail::store::{self, GraphKey};
    let state = dir.join("state/kgx");
    for (key, graph) in [
        (GraphKey::of(None), crate::test_support::default_graph()),
        (
            GraphKey::of(Some(&dir.join("my-graph.json"))),
            crate::test_support::graph_at(&dir.join("my-graph.json")),
        ),
    ] {
        let mut app = kgx::app::App::new(graph, "examples");
        kgx::app::update(&mut app, kgx::app::Action::Activate);
        let trail = app.trail(key.label()).expect("an entity opened");
        store::save(&state, &key, &trail).unwrap();
    }
}

fn run(example: &str, dir: &Path) {
    let before = std::fs::read_dir(dir).unwrap().count();
    let out = Command::new("sh")
        .arg("-c")
        .arg(example)
        .current_dir(dir)
        .env("PATH", path_with_kgx())
        .env("XDG_STATE_HOME", dir.join("state"))
        .output()
        .unwrap();
    let after = std::fs::read_dir(dir).unwrap().count();
    assert!(
        out.status.success(),
        "`{example}`: {}\n{}",
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        !out.stdout.is_empty() || after > before,
        "`{example}` printed and wrote nothing"
    );
}

#[test]
fn every_example_in_every_subcommands_help_runs_and_succeeds() {
    let commands = subcommands();
    assert!(commands.len() >= 10, "{commands:?}");
    let dir = example_folder();
    let mut ran = 0;
    // `kgx --help` first (its examples name many subcommands), then each subcommand's.
    for command in std::iter::once(&String::new()).chain(&commands) {
        let help = stdout_of(&[command.as_str(), "--help"][usize::from(command.is_empty())..]);
        let lines = examples(&help);
        assert!(!lines.is_empty(), "`kgx {command} --help` shows no example");
        for mut example in lines {
            let second = example.split_whitespace().nth(1).unwrap_or_default();
            if !commands.iter().any(|c| c == second) && !second.starts_with('-') {
                // `kgx FILE …` opens the explorer, which needs a terminal (the pseudo-terminal
                // tests open it): here the same file and options are loaded by `kgx check`.
                example = format!("kgx check{}", &example["kgx".len()..]);
            }
            assert!(
                command.is_empty()
                    || example.starts_with(&format!("kgx {command}"))
                    || example.starts_with("kgx check"),
                "`kgx {command} --help` shows `{example}`"
            );
            if example.contains("| dot ")
                && !external_tool("dot", &["-V"], "apt-get install graphviz")
            {
                continue;
            }
            run(&example, dir.path());
            ran += 1;
        }
    }
    assert!(ran >= 2 * commands.len() - 1, "{ran} examples ran");
}
