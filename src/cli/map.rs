//! `kgx map --suggest FILE`: print a first MAP for a JSON file in no standard shape, to read it
//! with `--map`. The guessing is the loading layer's (`graph::suggest_mapping`); this file only
//! reads the file and prints.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use super::UsageError;
use super::output::write_lines;
use crate::graph;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The JSON file to suggest a MAP for; `-` reads standard input.
    #[arg(value_name = "FILE")]
    pub path: Option<PathBuf>,
    /// Guess where the records are and which fields are ids, names, kinds and ends.
    #[arg(long)]
    pub suggest: bool,
}

pub(super) fn run(
    args: &Args,
    path: Option<&Path>,
    out: &mut impl Write,
) -> anyhow::Result<ExitCode> {
    if !args.suggest {
        return Err(UsageError(
            "kgx map: say --suggest (kgx map --suggest FILE > MAP.json)".into(),
        )
        .into());
    }
    let Some(path) = path else {
        return Err(UsageError("kgx map --suggest needs the JSON FILE to read".into()).into());
    };
    write_lines(out, &graph::suggest_mapping(path)?)?;
    Ok(ExitCode::SUCCESS)
}
