//! The integration tests, one binary (as ripgrep does): linking one test binary instead of a
//! dozen is most of what `cargo test` costs on a small machine. Each module is one area; shared
//! setup lives in `test_support` and `screen`.
//!
//! The pseudo-terminal tests are their own binary (`tests/pty/`), so they can be run, or left
//! out, on their own.

mod screen;
mod test_support;

mod app_props;
mod as_of_snapshots;
mod cli;
mod cli_analysis;
mod cli_as_of;
mod cli_export;
mod cli_filters;
mod cli_map;
mod cli_rings;
mod cli_stats;
mod default_graph;
mod default_graph_rules;
mod duplicate_keys;
mod help_examples;
mod hostile;
mod import_formats;
mod layout;
mod loader_fixtures;
mod loader_props;
mod paged_text;
mod pane_layout;
mod readme_examples;
mod reload;
mod trail;
mod tui_snapshots;
mod view_keys_snapshots;
mod view_snapshots;
