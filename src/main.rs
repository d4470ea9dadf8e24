//! The `kgx` binary: parse arguments, run a subcommand or the explorer, map errors to exit codes
//! (0 success, 1 invalid input or no result, 2 usage error).

use std::process::ExitCode;

use clap::Parser;
use kgx::cli::{self, Cli};

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match &cli.command {
        Some(command) => cli::run(&cli, command),
        None => summary(&cli),
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

/// Until the explorer lands: print what `kgx check` prints.
fn summary(cli: &Cli) -> anyhow::Result<ExitCode> {
    let args = cli::Command::Check(cli::CheckArgs {
        path: None,
        strict: false,
    });
    cli::run(cli, &args)
}
