//! The `kgx` binary: parse arguments, run a subcommand or the explorer, map errors to exit codes
//! (0 success, 1 invalid input or no result, 2 usage error).

use std::process::ExitCode;

use clap::Parser;
use kgx::app::App;
use kgx::cli::{self, Cli};
use kgx::graph::LoadOptions;

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
            eprintln!("kgx: error: {e}");
            ExitCode::from(1)
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
    let loaded = cli::load(path, LoadOptions::default())?;
    let mut app = App::new(loaded.graph, cli::origin_name(path));
    app.color = std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty());
    app.source = cli::reload_source(path);
    app.watch = cli.watch;
    kgx::tui::run(app)?;
    Ok(ExitCode::SUCCESS)
}
