//! kgx: a terminal explorer for knowledge graphs of companies, chips, clouds and deals.
//!
//! Data flows one way: a file is loaded into a [`graph::Graph`], [`analysis`] derives paths, deals,
//! flows and cycles from it, [`search`] ranks its entities for a query, [`display`] formats values,
//! [`app`] holds the explorer's state and updates it from actions, [`ui`] draws that state, and
//! [`tui`] and [`cli`] connect it all to a terminal or a script. At the bottom, [`escape`] keeps
//! control characters off the terminal and [`conventions`] names the domain's words; beside the
//! graph, [`trail`] keeps the explorer's investigation trail between sessions.
// No unsafe code, except the system calls of paged text (graph/load/paged.rs, module
// `sys`: one function per call, each with its reason) and the prefetch hint of the id index's
// batched lookups (graph/index.rs, `prefetch`, with its reason).
#![deny(unsafe_code)]
#![warn(missing_docs, unreachable_pub)]

pub mod analysis;
pub mod app;
pub mod cli;
pub mod conventions;
pub mod display;
pub mod escape;
#[cfg(feature = "test-support")]
#[doc(hidden)]
pub mod generate;
pub mod graph;
pub mod search;
pub mod trail;
pub mod tui;
pub mod ui;
