//! Node-link JSON: networkx `node_link_data` (`nodes`, `links` or `edges`, `directed`,
//! `multigraph`, `graph`) and D3 (`nodes` + `links`, ends by id or by position).

use super::json::{self, Fields, Json};
use super::{Layout, Record, add_records, keep_meta};
use crate::graph::error::Problem;
use crate::graph::load::builder::Builder;

/// Reads the top-level object of a node-link file into the builder.
pub(crate) fn read(b: &mut Builder, top: &Fields<'_>) -> Layout {
    // networkx 3.4 writes `edges` when asked to (and will by default); older files say `links`.
    let links = if json::get(top, "links").is_some() {
        "links"
    } else {
        "edges"
    };
    let layout = Layout::NodeLink { links };
    keep_meta(b, top, &["nodes", links], "graph");
    let nodes = records(b, top, "nodes", "node");
    let edges = records(b, top, links, "edge");
    add_records(b, &layout, &nodes, &edges, true);
    layout
}

/// The objects of the array `key`; anything else is reported.
fn records<'j>(b: &mut Builder, top: &'j Fields<'j>, key: &str, what: &str) -> Vec<Record<'j>> {
    match json::get(top, key) {
        None | Some(Json::Null) => Vec::new(),
        Some(Json::Arr(items)) => items
            .iter()
            .enumerate()
            .filter_map(|(i, item)| match item {
                Json::Obj(fields) => Some(Record {
                    file_ix: i as u32,
                    fields,
                }),
                _ => {
                    b.error(Problem::new(
                        format!("{key}[{i}]"),
                        format!("a {what} must be an object"),
                    ));
                    None
                }
            })
            .collect(),
        Some(_) => {
            b.error(Problem::new(key, format!("'{key}' must be an array")));
            Vec::new()
        }
    }
}
