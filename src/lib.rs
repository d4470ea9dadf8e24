//! kgx: a terminal explorer for knowledge graphs of companies, chips, clouds and deals.
//!
//! Data flows one way: a file is loaded into a [`graph::Graph`], [`search`] ranks its entities
//! for a query, [`app`] holds the explorer's state and updates it from actions, [`ui`] draws that
//! state, and [`tui`] and [`cli`] connect it all to a terminal or a script.
#![forbid(unsafe_code)]

pub mod app;
pub mod cli;
pub mod display;
#[cfg(feature = "test-support")]
#[doc(hidden)]
pub mod generate;
pub mod graph;
pub mod search;
pub mod tui;
pub mod ui;
