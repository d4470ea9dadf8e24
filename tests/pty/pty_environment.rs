//! The environment variables kgx reads are exactly the ones the README's Security section lists.
//! Every `getenv` call is logged by a small C library preloaded into the real binary
//! (`LD_PRELOAD`, built here with `cc`), while it runs every subcommand (and their `--help`),
//! exports to a file, and opens the explorer in a pseudo-terminal: types, copies, reloads, then
//! panics (through the test hook, so the panic hook's variables are read too). The test hooks'
//! own `KGX_*` variables are left out of the comparison: they exist only with the
//! `test-support` feature, which a release build does not have (checked here too).
#![cfg(target_os = "linux")]

use std::collections::BTreeSet;
use std::path::Path;
use std::process::Command;

use crate::pty_session::{Session, kgx, row};

const SHIM: &str = r#"
#define _GNU_SOURCE
#include <dlfcn.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
static void note(const char *name) {
  static int fd = -2;
  static char *(*real)(const char *);
  if (fd == -2) {
    if (!real) real = dlsym(RTLD_NEXT, "getenv");
    const char *log = real("KGX_GETENV_LOG");
    fd = log ? open(log, O_WRONLY | O_CREAT | O_APPEND, 0600) : -1;
  }
  if (fd >= 0) { dprintf(fd, "%s\n", name); }
}
char *getenv(const char *name) {
  static char *(*real)(const char *);
  if (!real) real = dlsym(RTLD_NEXT, "getenv");
  note(name);
  return real(name);
}
char *secure_getenv(const char *name) {
  static char *(*real)(const char *);
  if (!real) real = dlsym(RTLD_NEXT, "secure_getenv");
  note(name);
  return real(name);
}
"#;

/// The names in backticks in the README's sentence about environment variables.
fn readme_variables() -> BTreeSet<String> {
    let readme =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md")).unwrap();
    let security = readme.split("## Security").nth(1).unwrap();
    let paragraph = security
        .split("\n\n")
        .find(|p| p.contains("environment variables it reads"))
        .expect("the README names the environment variables kgx reads");
    paragraph
        .split('`')
        .skip(1)
        .step_by(2)
        .filter(|w| w.len() > 1 && w.chars().all(|c| c.is_ascii_uppercase() || c == '_'))
        .map(str::to_string)
        .collect()
}

/// Builds the logging library; `None` (outside CI) when there is no C compiler.
fn shim(dir: &Path) -> Option<std::path::PathBuf> {
    let source = dir.join("getenv_log.c");
    let library = dir.join("getenv_log.so");
    std::fs::write(&source, SHIM).unwrap();
    let built = Command::new("cc")
        .args(["-shared", "-fPIC", "-o"])
        .arg(&library)
        .arg(&source)
        .arg("-ldl")
        .status()
        .is_ok_and(|s| s.success());
    if !built {
        assert!(
            std::env::var_os("CI").is_none(),
            "cc is required in CI (Rust's linker driver; apt-get install gcc)"
        );
        eprintln!("skipped: no C compiler to build the getenv logger");
        return None;
    }
    Some(library)
}

#[test]
fn the_environment_read_is_what_the_readme_lists() {
    let dir = tempfile::tempdir().unwrap();
    let Some(library) = shim(dir.path()) else {
        return;
    };
    let log = dir.path().join("getenv.log");
    let root = env!("CARGO_MANIFEST_DIR");
    let small = format!("{root}/tests/fixtures/small.json");
    let out = dir.path().join("out.json");
    let runs: Vec<Vec<&str>> = vec![
        vec!["--help"],
        vec!["check", &small],
        vec!["stats"],
        vec!["search", "trn3"],
        vec!["search", "aws", "--json"],
        vec!["show", "openai"],
        vec!["path", "amazon", "microsoft"],
        vec!["deals", "--party", "openai"],
        vec!["flows", "openai"],
        vec!["cycles"],
        vec!["partners", "openai"],
        vec!["compare", "microsoft", "amazon"],
        vec!["export", "--format", "json", "-o", out.to_str().unwrap()],
        vec!["map", "--help"],
        vec!["search", "--help"],
    ];
    for args in &runs {
        let status = Command::new(env!("CARGO_BIN_EXE_kgx"))
            .args(args)
            .env("LD_PRELOAD", &library)
            .env("KGX_GETENV_LOG", &log)
            .output()
            .unwrap()
            .status;
        assert!(status.success(), "kgx {args:?}: {status}");
    }

    // Where trails are kept: `HOME` is read only without `XDG_STATE_HOME` (the explorer below
    // has one of its own); no trail is saved there yet, so this one fails.
    let status = Command::new(env!("CARGO_BIN_EXE_kgx"))
        .args(["trail", &small])
        .env_remove("XDG_STATE_HOME")
        .env("HOME", dir.path())
        .env("LD_PRELOAD", &library)
        .env("KGX_GETENV_LOG", &log)
        .output()
        .unwrap()
        .status;
    assert_eq!(status.code(), Some(1), "kgx trail with no trail saved");

    let copy = dir.path().join("graph.json");
    std::fs::copy(&small, &copy).unwrap();
    let mut cmd = kgx(&[copy.to_str().unwrap()]);
    cmd.env("LD_PRELOAD", &library);
    cmd.env("KGX_GETENV_LOG", &log);
    cmd.env("KGX_TEST_PANIC_AFTER_KEYS", "9");
    let mut s = Session::start(cmd);
    s.wait_for("the explorer", |sc| row(sc, 0).contains(" of "));
    s.send("trn\ty");
    s.wait_for("the copy", |sc| {
        sc.contents().contains("terminal clipboard")
    });
    // An arrow between two command letters: a letter right after one would start a word.
    s.send("\x1b[Br");
    s.wait_for("the reload", |sc| sc.contents().contains("reloaded"));
    s.send("\x1b[Bj");
    assert_eq!(s.exit_code(), 101, "the test hook's panic");

    let text = std::fs::read_to_string(&log).unwrap();
    let read: BTreeSet<String> = text
        .lines()
        .filter(|name| !name.starts_with("KGX_"))
        .map(str::to_string)
        .collect();
    assert_eq!(
        read,
        readme_variables(),
        "read (left) and listed in the README (right)"
    );
    assert!(
        text.lines().any(|n| n == "KGX_TEST_PANIC_AFTER_KEYS"),
        "the log missed the hooks"
    );

    // The hooks' variables are read only in src/tui/test_hooks.rs, compiled with test-support.
    let tui = std::fs::read_to_string(format!("{root}/src/tui.rs")).unwrap();
    assert!(
        tui.contains("#[cfg(feature = \"test-support\")]\nmod test_hooks;"),
        "src/tui/test_hooks.rs is compiled without the test-support feature"
    );
}
