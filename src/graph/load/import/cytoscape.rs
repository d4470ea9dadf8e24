//! Cytoscape.js JSON: `elements.nodes` and `elements.edges` (each element's fields under
//! `data`), or `elements` as one array where `group` (or the presence of `source` and `target`)
//! tells nodes from edges. A bare top-level array of elements is read the same way.

use super::json::{self, Fields, Json};
use super::{Layout, Record, add_records, keep_meta};
use crate::graph::error::Problem;
use crate::graph::load::builder::Builder;

/// Reads a Cytoscape.js document (`{"elements": ...}`).
pub(crate) fn read(b: &mut Builder, top: &Fields<'_>) -> Layout {
    keep_meta(b, top, &["elements"], "data");
    match json::get(top, "elements") {
        Some(Json::Arr(items)) => read_flat(b, items, "elements"),
        Some(Json::Obj(groups)) => {
            let layout = Layout::CytoscapeNested;
            let nodes = group(b, groups, "nodes");
            let edges = group(b, groups, "edges");
            add_records(b, &layout, &nodes, &edges, false);
            layout
        }
        _ => {
            b.error(Problem::new(
                "elements",
                "'elements' must be an object with \"nodes\" and \"edges\", or an array",
            ));
            Layout::CytoscapeNested
        }
    }
}

/// True for `{"nodes": [{"data": ...}], "edges": [...]}`: Cytoscape's groups without the
/// `elements` wrapper (Cytoscape desktop writes this), which node-link would misread.
pub(crate) fn is_bare(top: &Fields<'_>) -> bool {
    match json::get(top, "nodes") {
        Some(Json::Arr(nodes)) => {
            matches!(nodes.first(), Some(Json::Obj(n)) if json::get(n, "data").is_some())
        }
        _ => false,
    }
}

/// Reads `{"nodes": [...], "edges": [...]}` of Cytoscape elements.
pub(crate) fn read_bare(b: &mut Builder, top: &Fields<'_>) -> Layout {
    keep_meta(b, top, &["nodes", "edges"], "data");
    let layout = Layout::CytoscapeBare;
    let nodes = group_at(b, top, "nodes", "");
    let edges = group_at(b, top, "edges", "");
    add_records(b, &layout, &nodes, &edges, false);
    layout
}

/// Reads an array of elements, nodes and edges mixed; `prefix` is the array's path.
pub(crate) fn read_flat(b: &mut Builder, items: &[Json<'_>], prefix: &'static str) -> Layout {
    let layout = Layout::CytoscapeFlat { prefix };
    let (mut nodes, mut edges) = (Vec::new(), Vec::new());
    for (i, item) in items.iter().enumerate() {
        let path = format!("{prefix}[{i}]");
        let Some((fields, element)) = data_of(b, item, &path) else {
            continue;
        };
        let is_edge = match json::get(element, "group") {
            Some(Json::Str(g)) if g == "edges" => true,
            Some(Json::Str(g)) if g == "nodes" => false,
            _ => json::get(fields, "source").is_some() && json::get(fields, "target").is_some(),
        };
        let record = Record {
            file_ix: i as u32,
            fields,
        };
        if is_edge {
            edges.push(record);
        } else {
            nodes.push(record);
        }
    }
    add_records(b, &layout, &nodes, &edges, false);
    layout
}

fn group<'j>(b: &mut Builder, groups: &'j Fields<'j>, key: &str) -> Vec<Record<'j>> {
    group_at(b, groups, key, "elements.")
}

fn group_at<'j>(
    b: &mut Builder,
    groups: &'j Fields<'j>,
    key: &str,
    prefix: &str,
) -> Vec<Record<'j>> {
    match json::get(groups, key) {
        None | Some(Json::Null) => Vec::new(),
        Some(Json::Arr(items)) => items
            .iter()
            .enumerate()
            .filter_map(|(i, item)| {
                let (fields, _) = data_of(b, item, &format!("{prefix}{key}[{i}]"))?;
                Some(Record {
                    file_ix: i as u32,
                    fields,
                })
            })
            .collect(),
        Some(_) => {
            b.error(Problem::new(
                format!("{prefix}{key}"),
                format!("'{key}' must be an array"),
            ));
            Vec::new()
        }
    }
}

/// An element's `data` fields and the element's own fields; reports elements without them.
fn data_of<'j>(
    b: &mut Builder,
    item: &'j Json<'j>,
    path: &str,
) -> Option<(&'j Fields<'j>, &'j Fields<'j>)> {
    let Json::Obj(element) = item else {
        b.error(Problem::new(path, "an element must be an object"));
        return None;
    };
    match json::get(element, "data") {
        Some(Json::Obj(fields)) => Some((fields, element)),
        _ => {
            b.error(
                Problem::new(path, "the element has no 'data' object").with_hint(Some(
                    "Cytoscape.js elements look like {\"data\": {\"id\": \"a\"}}".into(),
                )),
            );
            None
        }
    }
}
