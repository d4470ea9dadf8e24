//! The command line: argument definitions (clap), graph selection, and the scriptable
//! subcommands, one file each. Every line they print goes through `output` (one JSON-line writer,
//! one text writer, both escaping), so nothing from the data reaches the terminal unescaped.

mod check;
mod compare;
mod cycles;
mod deals;
mod excerpt;
mod export;
mod flows;
mod map;
mod output;
mod partners;
mod path;
mod search;
mod show;
mod stats;
mod trail;
mod where_query;

use std::io;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use crate::analysis::{AsOf, AsOfSummary};
use crate::graph::{self, EntityIx, Graph, LoadOptions, Loaded};
use crate::search::{Query, QueryError, SearchIndex, find_entity};

const EXAMPLES: &str = "\
Examples:
  kgx                              open the explorer on the built-in AI-infrastructure graph
  kgx my-graph.json                open the explorer on a file
  cat graph.json | kgx -           read the graph from standard input
  kgx check my-graph.json          validate a file; exit 0 when valid, 1 when not
  kgx stats my-graph.json          what a graph holds: kinds, relation types, keys, quality
  kgx search trn3                  fuzzy search (fzf syntax: 'exact ^prefix suffix$ !not @kind)
  kgx search aws --kind cloud --json
  kgx search '@deal amount>100b year:2025'   filters: amount date year status party has attr
  kgx deals --where 'party:openai status:talks'
  kgx show openai                  an entity, its attributes, sources and relations
  kgx deals --as-of 2025-12-16     the deals as they stood that day (any subcommand, and the explorer)
  kgx export --format dot -o g.gv  the graph for Graphviz (also json, mermaid, csv)";

/// A terminal explorer for knowledge graphs of companies, chips, clouds and deals.
#[derive(Debug, Parser)]
#[command(name = "kgx", version, after_help = EXAMPLES)]
pub struct Cli {
    /// Graph file to open (JSON); `-` reads standard input. Default: the built-in graph.
    #[arg(value_name = "FILE")]
    pub path: Option<PathBuf>,

    /// Graph file for any subcommand (same as the positional FILE).
    #[arg(short = 'f', long = "file", value_name = "FILE", global = true)]
    pub file: Option<PathBuf>,

    /// Explorer: reload FILE whenever it changes on disk.
    #[arg(long)]
    pub watch: bool,

    /// Explorer: bring back the investigation trail saved when the explorer last quit on this
    /// graph (what was opened and followed, the query, the view); `kgx trail` prints it.
    #[arg(long)]
    pub resume: bool,

    /// Explorer: the rings view (`c`) starts with rings of up to N parties (2 to 4; `+`/`-`
    /// change it there).
    #[arg(long, value_name = "N", default_value_t = crate::analysis::DEFAULT_MAX_PARTIES,
          value_parser = explorer_max_parties)]
    pub max_parties: usize,

    /// Read the graph as FORMAT instead of detecting it: native, node-link, cytoscape, apoc,
    /// graphson, graphology, wikidata, ftm, bods, jsonld, triples, kgx-lines.
    #[arg(
        long = "from",
        id = "input_format",
        value_name = "FORMAT",
        global = true
    )]
    pub from: Option<graph::Format>,

    /// Language of Wikidata labels and descriptions (default: from LANG, then en, then any).
    #[arg(long, value_name = "LANG", global = true)]
    pub lang: Option<String>,

    /// Relations to entities outside the file are errors instead of "unresolved" stub entities.
    #[arg(long, global = true)]
    pub no_stubs: bool,

    /// In a JSON Lines file, skip lines that are not JSON (with a warning) and load the rest.
    #[arg(long, global = true)]
    pub skip_bad_lines: bool,

    /// See the graph as it was known on DATE (YYYY, YYYY-MM or YYYY-MM-DD): later deals and
    /// relations hidden, deals that ended later shown with their status then, valuations as of
    /// then. Undated things stay.
    #[arg(long, value_name = "DATE", global = true, value_parser = parse_as_of)]
    pub as_of: Option<AsOf>,

    /// Read a JSON file in no standard shape through MAP (which fields are ids, names, ends);
    /// `kgx map --suggest FILE` writes a first one.
    #[arg(long, value_name = "MAP", global = true)]
    pub map: Option<PathBuf>,

    #[command(subcommand)]
    /// The subcommand; none opens the explorer.
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
/// The subcommands.
pub enum Command {
    /// Validate a graph: print counts per kind and relation type; exit 1 when invalid.
    #[command(
        after_help = "Examples:\n  kgx check data/ai-infra.json\n  kgx check --strict my.json"
    )]
    Check(check::Args),
    /// What a graph holds: counts per kind and relation type, attribute keys, shape, data quality.
    #[command(
        after_help = "Examples:\n  kgx stats\n  kgx stats export.json --json\n  kgx stats --from apoc neo4j.json"
    )]
    Stats(stats::Args),
    /// Fuzzy-search entities by name, alias or id.
    #[command(
        after_help = "Examples:\n  kgx search trn3\n  kgx search \"openai ^deal\" --limit 5\n  kgx search aws --kind cloud --json\n  kgx search \"@deal amount>100b year:2025\"\n  kgx search party:openai --where status:talks"
    )]
    Search(search::Args),
    /// Show one entity with its attributes, sources and relations.
    #[command(after_help = "Examples:\n  kgx show openai\n  kgx show trainium3 --json")]
    Show(show::Args),
    /// How two entities are connected: shortest paths as chains of relations.
    #[command(
        after_help = "Examples:\n  kgx path amazon microsoft\n  kgx path openai nvidia --max 5 --via-kind deal\n  kgx path openai azure --directed --avoid microsoft --json"
    )]
    Path(path::Args),
    /// Deals over time: date, amount, status and parties, with per-year totals.
    #[command(
        after_help = "Examples:\n  kgx deals --party openai\n  kgx deals --since 2025 --status signed\n  kgx deals --kind-of-party cloud --json"
    )]
    Deals(deals::Args),
    /// Money flows derived from deal roles, per pair of parties, largest first.
    #[command(
        after_help = "Examples:\n  kgx flows\n  kgx flows openai\n  kgx flows aws --separate-units --json"
    )]
    Flows(flows::Args),
    /// Money rings of 2 to N parties: Microsoft → OpenAI → Azure, Nvidia → OpenAI → Oracle → Nvidia.
    #[command(
        after_help = "Examples:\n  kgx cycles\n  kgx cycles --max-parties 3 --min-usd 1e9\n  kgx cycles --no-inferred --limit 10 --json"
    )]
    Cycles(cycles::Args),
    /// Everyone an entity deals with, directly or through a deal, one row per counterparty.
    #[command(after_help = "Examples:\n  kgx partners openai\n  kgx partners aws --limit 5 --json")]
    Partners(partners::Args),
    /// Two entities side by side: attributes, shared partners, deals between them, paths, rings.
    #[command(
        after_help = "Examples:\n  kgx compare microsoft amazon\n  kgx compare nvidia amd --json"
    )]
    Compare(compare::Args),
    /// Export the graph or a neighbourhood as JSON, Graphviz DOT, Mermaid or CSV.
    #[command(
        after_help = "Examples:\n  kgx export --format json -o copy.json\n  kgx export --format dot --around openai --depth 2 | dot -Tsvg > openai.svg\n  kgx export --format mermaid --around nvidia\n  kgx export --format csv -o graph   (writes graph-entities.csv, graph-relations.csv)\n  kgx export -f networkx.json --format json -o native.json"
    )]
    Export(export::Args),
    /// Print the investigation trail the explorer saved on quit: what was opened, when and how.
    #[command(
        after_help = "Examples:\n  kgx trail                  the built-in graph's trail\n  kgx trail my-graph.json\n  kgx trail my-graph.json --json\nThe explorer saves the trail on quit; `kgx my-graph.json --resume` opens it where it left off."
    )]
    Trail(trail::Args),
    /// Write a first MAP for a JSON file in no standard shape, to read it with --map.
    #[command(
        after_help = "Examples:\n  kgx map --suggest companies.json > companies.map.json\n  kgx companies.json --map companies.map.json\n  kgx check companies.json --map companies.map.json"
    )]
    Map(map::Args),
}

impl Cli {
    /// The graph file named on the command line, if any.
    pub fn graph_path(&self) -> Option<&Path> {
        self.file.as_deref().or(self.path.as_deref())
    }

    /// How to read the graph: `--from`, `--lang` (else `LANG`), `--no-stubs`, `--skip-bad-lines`,
    /// `--map` (read here, so a bad MAP is reported before the graph is read).
    pub fn load_options(&self) -> Result<LoadOptions, graph::LoadError> {
        let env = std::env::var("LANG").ok();
        let lang = self.lang.as_deref().or_else(|| {
            env.as_deref()
                .and_then(|l| l.split(['_', '.', '@']).next())
                .filter(|l| !l.is_empty() && *l != "C" && *l != "POSIX")
        });
        let map = match &self.map {
            Some(path) => Some(std::sync::Arc::new(graph::read_mapping(path)?)),
            None => None,
        };
        Ok(LoadOptions {
            from: self.from,
            lang: lang.and_then(graph::Lang::new),
            no_stubs: self.no_stubs,
            skip_bad_lines: self.skip_bad_lines,
            map,
            ..LoadOptions::default()
        })
    }
}

/// `--as-of`'s value: a date, or the usage error clap reports with exit status 2.
fn parse_as_of(text: &str) -> Result<AsOf, String> {
    AsOf::parse(text).map_err(|e| e.to_string())
}

impl Cli {
    /// Loads the graph at `path` (or the built-in one) with `opts` and, with `--as-of`, puts the
    /// dated view on it; the summary says what the view hid.
    fn load_dated(
        &self,
        path: Option<&Path>,
        opts: &LoadOptions,
    ) -> Result<(Loaded, Option<AsOfSummary>), graph::LoadError> {
        let mut loaded = load(path, opts.clone())?;
        let summary = self.as_of.as_ref().map(|day| {
            let (graph, summary) = day.view(&loaded.graph);
            loaded.graph = graph;
            summary
        });
        Ok((loaded, summary))
    }
}

/// Runs a subcommand. Returns the exit code; errors are reported by the caller.
pub fn run(cli: &Cli, command: &Command) -> anyhow::Result<ExitCode> {
    let out = &mut io::stdout().lock();
    let opts = cli.load_options()?;
    let result = match command {
        Command::Check(args) => check::run(
            args,
            cli.graph_path().or(args.path.as_deref()),
            opts.clone(),
            cli.as_of.as_ref(),
            out,
        ),
        Command::Stats(args) => {
            let (loaded, summary) =
                cli.load_dated(cli.graph_path().or(args.path.as_deref()), &opts)?;
            stats::run(args, &loaded, cli.as_of.as_ref().zip(summary.as_ref()), out)
        }
        Command::Search(args) => {
            search::run(args, &cli.load_dated(cli.graph_path(), &opts)?.0, out)
        }
        Command::Show(args) => show::run(args, &cli.load_dated(cli.graph_path(), &opts)?.0, out),
        Command::Path(args) => path::run(args, &cli.load_dated(cli.graph_path(), &opts)?.0, out),
        Command::Deals(args) => deals::run(args, &cli.load_dated(cli.graph_path(), &opts)?.0, out),
        Command::Flows(args) => flows::run(args, &cli.load_dated(cli.graph_path(), &opts)?.0, out),
        Command::Cycles(args) => {
            cycles::run(args, &cli.load_dated(cli.graph_path(), &opts)?.0, out)
        }
        Command::Partners(args) => {
            partners::run(args, &cli.load_dated(cli.graph_path(), &opts)?.0, out)
        }
        Command::Compare(args) => {
            compare::run(args, &cli.load_dated(cli.graph_path(), &opts)?.0, out)
        }
        Command::Export(args) => export::run(
            args,
            &cli.load_dated(cli.graph_path(), &opts)?.0,
            cli.graph_path(),
            out,
        ),
        Command::Map(args) => map::run(args, cli.graph_path().or(args.path.as_deref()), out),
        Command::Trail(args) => trail::run(args, cli.graph_path().or(args.path.as_deref()), out),
    };
    match result {
        Err(e) if is_broken_pipe(&e) => Ok(ExitCode::SUCCESS),
        other => other,
    }
}

/// The entity a command-line argument names (an id, a name or alias, or an unambiguous fuzzy
/// name); the error lists suggestions or candidates.
fn entity_arg(g: &Graph, index: &SearchIndex, text: &str) -> anyhow::Result<EntityIx> {
    find_entity(g, index, text)
        .map_err(|e| anyhow::anyhow!("{}", crate::escape::safe_text(&e.to_string())))
}

/// Bad input on the command line (a query that does not parse, an unknown party): reported like
/// any error, but the process exits with 2, the usage-error status.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub(crate) struct UsageError(pub String);

/// True when `e` is a [`UsageError`] (exit status 2).
pub fn is_usage_error(e: &anyhow::Error) -> bool {
    e.downcast_ref::<UsageError>().is_some()
}

/// A query typed on the command line (`kgx search`, `--where`), or the usage error saying which
/// filter does not parse.
fn query_arg(text: &str) -> Result<Query, UsageError> {
    Query::try_parse(text).map_err(query_error)
}

/// A query error as a usage error: `bad query: amount>ten: not a number — try amount>10b`.
fn query_error(e: QueryError) -> UsageError {
    UsageError(format!(
        "bad query: {}",
        crate::escape::safe_text(&e.to_string())
    ))
}

/// Reports an error that ends the run on standard error, escaped like every other output; an
/// error about a file shows each problem's line with a caret under its column.
pub fn report_error(e: &anyhow::Error) {
    let text = match e.downcast_ref::<graph::LoadError>() {
        Some(load) => excerpt::report(load),
        None => e.to_string(),
    };
    let _ = output::write_line(&mut io::stderr().lock(), format_args!("kgx: error: {text}"));
}

/// True when output failed because the reader went away (`kgx search a | head -1`): a normal end.
pub fn is_broken_pipe(e: &anyhow::Error) -> bool {
    e.chain().any(|c| {
        c.downcast_ref::<io::Error>()
            .is_some_and(|io| io.kind() == io::ErrorKind::BrokenPipe)
    })
}

/// Loads the named graph (or the built-in one) and prints its warnings to stderr.
pub fn load(path: Option<&Path>, opts: LoadOptions) -> Result<Loaded, graph::LoadError> {
    let loaded = match path {
        Some(p) => graph::load_path(p, opts)?,
        None => graph::load_default()?,
    };
    print_warnings(&loaded, path);
    Ok(loaded)
}

fn print_warnings(loaded: &Loaded, path: Option<&Path>) {
    let origin = origin_name(path);
    let mut err = io::stderr().lock();
    for w in &loaded.warnings {
        let _ = output::write_line(&mut err, format_args!("warning: {}", w.render(&origin)));
    }
    if loaded.warning_total > loaded.warnings.len() {
        let _ = output::write_line(
            &mut err,
            format_args!(
                "warning: ... and {} more warnings",
                loaded.warning_total - loaded.warnings.len()
            ),
        );
    }
}

/// How a graph's origin is named in messages.
fn explorer_max_parties(text: &str) -> Result<usize, String> {
    use crate::app::views::{MAX_VIEW_PARTIES, MIN_VIEW_PARTIES};
    match text.parse::<usize>() {
        Ok(n) if (MIN_VIEW_PARTIES..=MAX_VIEW_PARTIES).contains(&n) => Ok(n),
        Ok(_) => Err(format!("must be {MIN_VIEW_PARTIES} to {MAX_VIEW_PARTIES}")),
        Err(e) => Err(e.to_string()),
    }
}

/// What the explorer's `r` and `--watch` read again for a graph opened from `path`.
pub fn reload_source(path: Option<&Path>) -> crate::app::Source {
    match path {
        Some(p) if p.as_os_str() == "-" => crate::app::Source::Stdin,
        Some(p) => crate::app::Source::File(p.to_path_buf()),
        None => crate::app::Source::BuiltIn,
    }
}

/// The name a graph goes by in messages: its path, `<stdin>`, or the default graph's name.
pub fn origin_name(path: Option<&Path>) -> String {
    match path {
        Some(p) if p.as_os_str() == "-" => "<stdin>".into(),
        Some(p) => p.display().to_string(),
        None => graph::DEFAULT_ORIGIN.into(),
    }
}
