//! `kgx trail`: print the investigation trail the explorer saved on quit for a graph, one line
//! per place opened (when, how, what), to paste into notes. The trail comes from the state
//! folder (`trail::store`), not from the graph, which is not read; everything in it is
//! untrusted and printed through the writers.

use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

use serde_json::json;

use super::output::{write_json_line, write_line};
use crate::escape::safe_text;
use crate::trail::{Step, Trail, format_time, store};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The graph file whose trail to print (`-`: the one read from standard input); default:
    /// the built-in graph's.
    #[arg(value_name = "FILE")]
    pub path: Option<std::path::PathBuf>,
    /// JSON lines: the trail (`"record": "trail"`), then each place (`"record": "step"`).
    #[arg(long)]
    pub json: bool,
}

pub(super) fn run(
    args: &Args,
    path: Option<&Path>,
    out: &mut impl Write,
) -> anyhow::Result<ExitCode> {
    let key = store::GraphKey::of(path);
    let dir = store::state_dir()?;
    let Some(trail) = store::load(&dir, &key)? else {
        anyhow::bail!(
            "no trail saved for {} yet: quitting the explorer on it saves one",
            safe_text(&key.label())
        );
    };
    let steps = merged_steps(&trail);
    if args.json {
        write_json_line(
            out,
            &json!({
                "record": "trail",
                "graph": trail.graph,
                "saved": format_time(trail.saved),
                "saved_unix": trail.saved,
                "query": trail.query,
                "view": trail.view,
                "steps": steps.len(),
            }),
        )?;
        for (i, step) in steps {
            write_json_line(out, &step_json(&trail, i, step))?;
        }
        return Ok(ExitCode::SUCCESS);
    }
    let view = match trail.view.as_str() {
        "explore" => String::new(),
        other => format!("; view {}", safe_text(other)),
    };
    write_line(
        out,
        format_args!(
            "trail of {}, saved {}; query {:?}{view}",
            safe_text(&trail.graph),
            format_time(trail.saved),
            safe_text(&trail.query)
        ),
    )?;
    let hows: Vec<String> = steps
        .iter()
        .map(|(_, s)| s.how_text(|id| name_of(&trail, id)))
        .collect();
    let how_w = hows.iter().map(|h| h.chars().count()).max().unwrap_or(0);
    for ((i, step), how) in steps.iter().zip(&hows) {
        let mark = if *i == trail.current { "▸" } else { " " };
        write_line(
            out,
            format_args!(
                "{mark} {}  {:how_w$}  {}  [{}]",
                format_time(step.at),
                safe_text(how),
                safe_text(&step.name),
                safe_text(&step.id)
            ),
        )?;
    }
    Ok(ExitCode::SUCCESS)
}

/// The steps to print with their index in the trail: a place shown twice in a row (picked in the
/// results, then opened) is one line, the first; the current step keeps its own index.
fn merged_steps(trail: &Trail) -> Vec<(usize, &Step)> {
    let mut out: Vec<(usize, &Step)> = Vec::new();
    for (i, step) in trail.steps.iter().enumerate() {
        match out.last_mut() {
            Some((last, previous)) if previous.id == step.id => {
                if i == trail.current {
                    *last = i;
                }
            }
            _ => out.push((i, step)),
        }
    }
    out
}

/// The name the trail gives `id` (the nearest step with that id).
fn name_of(trail: &Trail, id: &str) -> Option<String> {
    trail
        .steps
        .iter()
        .find(|s| s.id == id)
        .map(|s| s.name.clone())
}

fn step_json(trail: &Trail, i: usize, step: &Step) -> serde_json::Value {
    let mut v = json!({
        "record": "step",
        "at": format_time(step.at),
        "at_unix": step.at,
        "how": step.how,
        "id": step.id,
        "name": step.name,
        "current": i == trail.current,
    });
    if let Some(from) = &step.from {
        v["from"] = json!(from);
        v["from_name"] = json!(name_of(trail, from));
    }
    if let Some(via) = &step.via {
        v["via"] = json!(via);
    }
    v
}
