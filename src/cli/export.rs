//! `kgx export`: the graph (or a neighbourhood) as native JSON, DOT, Mermaid or CSV, to standard
//! output or to a file written atomically.
//!
//! Files: `-o PATH` refuses to replace an existing file unless `--force`, never writes over the
//! graph being read, and writes a temporary file in the same folder that is renamed into place,
//! so a reader never sees half a file. CSV writes two files, `PATH-entities.csv` and
//! `PATH-relations.csv` (a `.csv` ending of PATH is dropped first); on standard output it prints
//! the entities table, an empty line, then the relations table.

use std::fs::{self, File, OpenOptions};
use std::io::{self, BufWriter, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::bail;

use super::output::write_lines;
use crate::escape::safe_text;
use crate::graph::{self, Graph, Loaded, Subgraph};
use crate::search::SearchIndex;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Output format: json (kgx's own, loads back), dot (Graphviz), mermaid, csv, node-link
    /// (networkx, D3), cytoscape (Cytoscape.js), apoc (Neo4j apoc.import.json), graphson
    /// (TinkerPop GraphSON 3.0).
    #[arg(long, value_enum)]
    pub format: Format,
    /// Export only the neighbourhood of this entity (an id, or a name).
    #[arg(long, value_name = "ID")]
    pub around: Option<String>,
    /// Export only the entities matching QUERY (fuzzy terms, @kind and filters as in
    /// `kgx search`: `'@deal year:2025'`) and the relations between them.
    #[arg(long = "where", value_name = "QUERY")]
    pub where_query: Option<String>,
    /// Hops from --around, following relations in both directions.
    #[arg(long, value_name = "N", default_value_t = 1, requires = "around")]
    pub depth: usize,
    /// Write to PATH instead of standard output (csv: PATH-entities.csv, PATH-relations.csv).
    #[arg(short = 'o', long = "output", value_name = "PATH")]
    pub output: Option<PathBuf>,
    /// Replace output files that already exist.
    #[arg(long, requires = "output")]
    pub force: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Json,
    Dot,
    Mermaid,
    Csv,
    NodeLink,
    Cytoscape,
    Apoc,
    Graphson,
}

pub(super) fn run(
    args: &Args,
    loaded: &Loaded,
    input: Option<&Path>,
    out: &mut impl Write,
) -> anyhow::Result<ExitCode> {
    let g = &super::where_query::only_entities_where(&loaded.graph, args.where_query.as_deref())?
        .unwrap_or_else(|| loaded.graph.clone());
    let sub = match &args.around {
        None => Subgraph::whole(g),
        Some(text) => {
            let index = SearchIndex::new(g);
            let ix = super::entity_arg(g, &index, text)?;
            Subgraph::around(g, ix, args.depth)
        }
    };
    match &args.output {
        Some(path) => write_files(args, g, &sub, path, input)?,
        None if io::stdout().is_terminal() => {
            // Data meant for a program goes out as it is; on a terminal, escape it.
            let mut text = Vec::new();
            write_stdout(args.format, g, &sub, &mut text)?;
            write_lines(out, &String::from_utf8_lossy(&text))?;
        }
        None => {
            let mut buffered = BufWriter::new(out);
            write_stdout(args.format, g, &sub, &mut buffered)?;
            buffered.flush()?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn write_stdout(format: Format, g: &Graph, sub: &Subgraph, out: &mut impl Write) -> io::Result<()> {
    match format {
        Format::Json => graph::write_json(g, sub, out),
        Format::Dot => graph::write_dot(g, sub, out),
        Format::Mermaid => graph::write_mermaid(g, sub, out),
        Format::Csv => {
            graph::write_entities_csv(g, sub, out)?;
            out.write_all(b"\r\n")?;
            graph::write_relations_csv(g, sub, out)
        }
        Format::NodeLink => graph::write_node_link(g, sub, out),
        Format::Cytoscape => graph::write_cytoscape(g, sub, out),
        Format::Apoc => graph::write_apoc(g, sub, out),
        Format::Graphson => graph::write_graphson(g, sub, out),
    }
}

type Writer = fn(&Graph, &Subgraph, &mut BufWriter<File>) -> io::Result<()>;

fn write_files(
    args: &Args,
    g: &Graph,
    sub: &Subgraph,
    path: &Path,
    input: Option<&Path>,
) -> anyhow::Result<()> {
    let files: Vec<(PathBuf, Writer)> = match args.format {
        Format::Json => vec![(path.to_path_buf(), graph::write_json)],
        Format::Dot => vec![(path.to_path_buf(), graph::write_dot)],
        Format::Mermaid => vec![(path.to_path_buf(), graph::write_mermaid)],
        Format::NodeLink => vec![(path.to_path_buf(), graph::write_node_link)],
        Format::Cytoscape => vec![(path.to_path_buf(), graph::write_cytoscape)],
        Format::Apoc => vec![(path.to_path_buf(), graph::write_apoc)],
        Format::Graphson => vec![(path.to_path_buf(), graph::write_graphson)],
        Format::Csv => vec![
            (csv_path(path, "entities"), graph::write_entities_csv),
            (csv_path(path, "relations"), graph::write_relations_csv),
        ],
    };
    // Check every file before writing any, so a refusal leaves nothing half done.
    for (p, _) in &files {
        check_target(p, input, args.force)?;
    }
    for (p, write) in &files {
        write_atomically(p, args.force, |f| write(g, sub, f))?;
    }
    Ok(())
}

/// `out.csv` → `out-entities.csv`; `out` → `out-entities.csv`.
fn csv_path(path: &Path, table: &str) -> PathBuf {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy())
        .unwrap_or_default();
    let stem = name.strip_suffix(".csv").unwrap_or(&name);
    path.with_file_name(format!("{stem}-{table}.csv"))
}

fn check_target(path: &Path, input: Option<&Path>, force: bool) -> anyhow::Result<()> {
    let shown = safe_text(&path.display().to_string()).into_owned();
    if path.file_name().is_none() || path.is_dir() {
        bail!("{shown}: is a folder; give a file name to write");
    }
    if let Some(input) = input.filter(|i| i.as_os_str() != "-")
        && let (Ok(a), Ok(b)) = (fs::canonicalize(input), fs::canonicalize(path))
        && a == b
    {
        bail!("{shown}: is the graph being read; kgx never writes over its input");
    }
    if !force && path.exists() {
        bail!("{shown}: already exists; use --force to replace it");
    }
    Ok(())
}

/// Writes a temporary file next to `path`, then moves it into place: with `rename` under
/// `force`, otherwise with `hard_link`, which fails instead of replacing a file that appeared
/// meanwhile. The temporary file is removed on every path out.
fn write_atomically(
    path: &Path,
    force: bool,
    fill: impl FnOnce(&mut BufWriter<File>) -> io::Result<()>,
) -> anyhow::Result<()> {
    let shown = safe_text(&path.display().to_string()).into_owned();
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy())
        .unwrap_or_default();
    let (temp, file) = create_temp(&dir, &name)
        .map_err(|e| anyhow::anyhow!("{shown}: cannot create a file in its folder: {e}"))?;
    let guard = RemoveOnDrop(temp.clone());
    let mut writer = BufWriter::new(file);
    fill(&mut writer)
        .and_then(|_| writer.flush())
        .and_then(|_| writer.get_ref().sync_all())
        .map_err(|e| anyhow::anyhow!("{shown}: cannot write: {e}"))?;
    drop(writer);
    if force {
        fs::rename(&temp, path).map_err(|e| anyhow::anyhow!("{shown}: cannot replace: {e}"))?;
    } else {
        match fs::hard_link(&temp, path) {
            Ok(()) => {}
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => {
                bail!("{shown}: already exists; use --force to replace it")
            }
            // Some file systems have no hard links: the existence check above must do.
            Err(_) => fs::rename(&temp, path)
                .map_err(|e| anyhow::anyhow!("{shown}: cannot write: {e}"))?,
        }
    }
    drop(guard);
    Ok(())
}

fn create_temp(dir: &Path, name: &str) -> io::Result<(PathBuf, File)> {
    let pid = std::process::id();
    // Keep the temporary name within the 255-byte limit of most file systems.
    let name: String = name.chars().take(100).collect();
    let mut attempt = 0;
    loop {
        let temp = dir.join(format!(".{name}.kgx-{pid}-{attempt}.tmp"));
        match OpenOptions::new().write(true).create_new(true).open(&temp) {
            Ok(f) => return Ok((temp, f)),
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists && attempt < 100 => attempt += 1,
            Err(e) => return Err(e),
        }
    }
}

/// Removes a temporary file when dropped (after a rename it is already gone).
struct RemoveOnDrop(PathBuf);

impl Drop for RemoveOnDrop {
    fn drop(&mut self) {
        let _ = fs::remove_file(&self.0);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names_in(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    #[test]
    fn a_failed_write_leaves_neither_file_nor_temporary() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("out.json");
        let err = write_atomically(&path, false, |w| {
            w.write_all(b"half")?;
            Err(io::Error::other("disk full"))
        })
        .unwrap_err();
        assert!(
            err.to_string().ends_with("cannot write: disk full"),
            "{err}"
        );
        assert!(names_in(dir.path()).is_empty());
    }

    #[test]
    fn a_file_that_appears_meanwhile_is_not_replaced() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("out.json");
        fs::write(&path, "theirs").unwrap();
        let err = write_atomically(&path, false, |w| w.write_all(b"ours")).unwrap_err();
        assert!(err.to_string().contains("already exists"), "{err}");
        assert_eq!(fs::read_to_string(&path).unwrap(), "theirs");
        assert_eq!(names_in(dir.path()), ["out.json"]);
        write_atomically(&path, true, |w| w.write_all(b"ours")).unwrap();
        assert_eq!(fs::read_to_string(&path).unwrap(), "ours");
        assert_eq!(names_in(dir.path()), ["out.json"]);
    }

    #[test]
    fn csv_paths_get_table_suffixes() {
        assert_eq!(
            csv_path(Path::new("out/g.csv"), "entities"),
            Path::new("out/g-entities.csv")
        );
        assert_eq!(
            csv_path(Path::new("g"), "relations"),
            Path::new("g-relations.csv")
        );
    }
}
