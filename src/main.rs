//! The `kgx` binary: parse arguments, run a subcommand or the explorer, map errors to exit codes
//! (0 success, 1 invalid input or no result, 2 usage error).

use std::process::ExitCode;

use clap::Parser;
use kgx::app::{App, AppOptions};
use kgx::cli::{self, Cli};

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match &cli.command {
        Some(command) => cli::run(&cli, command),
        None => explore(&cli),
    };
    match result {
        Ok(code) => code,
        Err(e) if cli::is_broken_pipe(&e) => ExitCode::SUCCESS,
        Err(e) => {
            cli::report_error(&e);
            ExitCode::from(if cli::is_usage_error(&e) { 2 } else { 1 })
        }
    }
}

/// Opens the explorer. The graph is loaded (and any error reported) before the terminal is
/// touched, so a bad file leaves a plain message in a normal terminal.
fn explore(cli: &Cli) -> anyhow::Result<ExitCode> {
    let path = cli.graph_path();
    if cli.watch && !matches!(cli::reload_source(path), kgx::app::Source::File(_)) {
        anyhow::bail!("--watch needs a graph file to watch (not the built-in graph or stdin)");
    }
    announce_large_file(path);
    let load = cli.load_options()?;
    let loaded = cli::load(path, load.clone())?;
    let options = AppOptions {
        origin: cli::origin_name(path),
        source: cli::reload_source(path),
        color: std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()),
        watch: cli.watch,
        max_parties: cli.max_parties,
        load,
        under_tmux: std::env::var_os("TMUX").is_some_and(|v| !v.is_empty()),
    };
    let mut app = App::new(loaded.graph, options);
    if cli.as_of.is_some() {
        app.set_as_of(cli.as_of.clone());
    }
    bring_back_trail(&mut app, path, cli.resume);
    kgx::tui::run(app)?;
    Ok(ExitCode::SUCCESS)
}

/// The trail saved for this graph: brought back with `--resume`, else announced in the status
/// line (no prompt); one that cannot be read is said there too, and replaced on quit.
fn bring_back_trail(app: &mut App, path: Option<&std::path::Path>, resume: bool) {
    use kgx::trail::{TrailError, store};
    let key = store::GraphKey::of(path);
    match store::state_dir().and_then(|dir| store::load(&dir, &key)) {
        Ok(Some(trail)) if resume => app.resume(&trail),
        Ok(Some(trail)) => app.announce_trail(&trail),
        Ok(None) if resume => {
            app.message = Some("no trail saved for this graph yet: quitting saves one".into());
        }
        Ok(None) => {}
        Err(TrailError::NoStateDir) if !resume => {}
        Err(e) => app.trail_unreadable(&e),
    }
}

/// Files this large take a noticeable time to load (about 1 s per 60 MB here).
const LARGE_FILE: u64 = 32 << 20;

/// Says on stderr that a large file is loading, so seconds of silence before the first frame do
/// not look like a hang (the terminal is still in its normal mode at this point).
fn announce_large_file(path: Option<&std::path::Path>) {
    let Some(size) = path
        .and_then(|p| std::fs::metadata(p).ok())
        .map(|m| m.len())
    else {
        return;
    };
    if size >= LARGE_FILE {
        eprintln!(
            "kgx: loading {} ({} MB)...",
            kgx::escape::safe_text(&cli::origin_name(path)),
            size >> 20
        );
    }
}
