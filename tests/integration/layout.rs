//! The source layout's two rules, checked on `src/` itself (docs/architecture.md): imports flow
//! one way through the layers, and no two files import each other, directly or round a circle.
//! Only a file's code before its first `#[cfg(test)]` counts (tests may reach anywhere), and a
//! module's imports of its own parent or children are the module's inside, not a circle.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::Path;

/// A module path: `["graph", "load", "builder"]` for `src/graph/load/builder.rs`.
type Module = Vec<String>;

/// The layer of each top-level module: a module may import from its own layer's module or a
/// lower layer, never a higher one, and never a sibling of its own layer.
fn layer(top: &str) -> Option<u8> {
    Some(match top {
        "escape" | "conventions" => 0,
        "graph" | "generate" | "trail" => 1,
        "analysis" | "search" => 2,
        "display" => 3,
        "app" => 4,
        "ui" => 5,
        "tui" | "cli" => 6,
        _ => return None,
    })
}

fn modules() -> BTreeMap<Module, String> {
    let mut out = BTreeMap::new();
    let mut stack = vec![Path::new(env!("CARGO_MANIFEST_DIR")).join("src")];
    let src = stack[0].clone();
    while let Some(dir) = stack.pop() {
        for entry in fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
                continue;
            }
            let rel = path
                .strip_prefix(&src)
                .unwrap()
                .to_string_lossy()
                .into_owned();
            let Some(rel) = rel.strip_suffix(".rs") else {
                continue;
            };
            if rel == "lib" || rel == "main" || rel == "tests" || rel.ends_with("/tests") {
                continue;
            }
            let text = fs::read_to_string(&path).unwrap();
            let code = text.split("#[cfg(test)]").next().unwrap_or("");
            let code: String = code
                .lines()
                .map(|l| l.split("//").next().unwrap_or(""))
                .collect::<Vec<_>>()
                .join("\n");
            out.insert(rel.split('/').map(str::to_owned).collect(), code);
        }
    }
    out
}

/// Every `crate::`, `super::` or `self::` path in `code`, as its segments.
fn paths(code: &str) -> Vec<Vec<String>> {
    let mut out = Vec::new();
    let bytes = code.as_bytes();
    for start in ["crate::", "super::", "self::"] {
        for (at, _) in code.match_indices(start) {
            if at > 0 && (bytes[at - 1].is_ascii_alphanumeric() || bytes[at - 1] == b'_') {
                continue;
            }
            let tail: String = code[at..]
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_' || *c == ':')
                .collect();
            let prefix: Vec<String> = tail
                .split("::")
                .filter(|s| !s.is_empty())
                .map(str::to_owned)
                .collect();
            // `use super::{layout::contains, Action}`: each item of a group is a path too.
            let after = &code[at + tail.len()..];
            if tail.ends_with("::") && after.starts_with('{') {
                let group = &after[1..after.find('}').unwrap_or(after.len())];
                for item in group.split(',') {
                    let mut path = prefix.clone();
                    path.extend(
                        item.split("::")
                            .map(|s| s.trim().trim_start_matches('{').to_owned())
                            .filter(|s| !s.is_empty()),
                    );
                    out.push(path);
                }
            }
            out.push(prefix);
        }
    }
    out
}

/// The longest module a path names, from the importing module `from`.
fn resolve(from: &Module, path: &[String], known: &BTreeMap<Module, String>) -> Option<Module> {
    let (mut base, rest): (Module, &[String]) = match path.first().map(String::as_str) {
        Some("crate") => (Vec::new(), &path[1..]),
        Some("self") => (from.clone(), &path[1..]),
        Some("super") => {
            let ups = path.iter().take_while(|s| *s == "super").count();
            (
                from[..from.len().saturating_sub(ups)].to_vec(),
                &path[ups..],
            )
        }
        _ => return None,
    };
    let mut best = None;
    for segment in rest {
        base.push(segment.clone());
        if known.contains_key(&base) {
            best = Some(base.clone());
        } else {
            break;
        }
    }
    best
}

fn imports() -> BTreeMap<Module, BTreeSet<Module>> {
    let known = modules();
    let mut edges: BTreeMap<Module, BTreeSet<Module>> = BTreeMap::new();
    for (module, code) in &known {
        let entry = edges.entry(module.clone()).or_default();
        for path in paths(code) {
            let Some(target) = resolve(module, &path, &known) else {
                continue;
            };
            let nested = target.starts_with(module) || module.starts_with(&target);
            if !nested {
                entry.insert(target);
            }
        }
    }
    edges
}

#[test]
fn imports_flow_one_way_through_the_layers() {
    let mut wrong = Vec::new();
    for (module, targets) in imports() {
        let from = layer(&module[0]).unwrap_or_else(|| panic!("{module:?}: no layer"));
        for target in targets {
            let to = layer(&target[0]).unwrap_or_else(|| panic!("{target:?}: no layer"));
            if to > from || (to == from && target[0] != module[0]) {
                wrong.push(format!("{} imports {}", module.join("/"), target.join("/")));
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "imports against the flow:\n{}",
        wrong.join("\n")
    );
}

#[test]
fn no_two_files_import_each_other_round_a_circle() {
    let edges = imports();
    // Tarjan's strongly connected components, iterative enough for a source tree.
    struct State<'a> {
        edges: &'a BTreeMap<Module, BTreeSet<Module>>,
        index: BTreeMap<&'a Module, usize>,
        low: BTreeMap<&'a Module, usize>,
        stack: Vec<&'a Module>,
        circles: Vec<Vec<String>>,
    }
    fn visit<'a>(s: &mut State<'a>, v: &'a Module) {
        let n = s.index.len();
        s.index.insert(v, n);
        s.low.insert(v, n);
        s.stack.push(v);
        for w in s.edges.get(v).into_iter().flatten() {
            if !s.index.contains_key(w) {
                visit(s, w);
                let lw = s.low[w];
                let lv = s.low.get_mut(v).unwrap();
                *lv = (*lv).min(lw);
            } else if s.stack.contains(&w) {
                let iw = s.index[w];
                let lv = s.low.get_mut(v).unwrap();
                *lv = (*lv).min(iw);
            }
        }
        if s.low[v] == s.index[v] {
            let mut circle = Vec::new();
            while let Some(w) = s.stack.pop() {
                circle.push(w.join("/"));
                if w == v {
                    break;
                }
            }
            if circle.len() > 1 {
                circle.sort();
                s.circles.push(circle);
            }
        }
    }
    let mut state = State {
        edges: &edges,
        index: BTreeMap::new(),
        low: BTreeMap::new(),
        stack: Vec::new(),
        circles: Vec::new(),
    };
    for v in edges.keys() {
        if !state.index.contains_key(v) {
            visit(&mut state, v);
        }
    }
    assert!(
        state.circles.is_empty(),
        "import circles: {:?}",
        state.circles
    );
}

#[test]
fn the_checks_read_the_real_imports() {
    // The two rules above pass on an empty or unread tree too; this shows they read real edges.
    let edges = imports();
    let builder: Module = ["graph", "load", "builder"].map(String::from).to_vec();
    let model: Module = ["graph", "model"].map(String::from).to_vec();
    assert!(edges[&builder].contains(&model), "{:?}", edges[&builder]);
    let update: Module = ["app", "update"].map(String::from).to_vec();
    assert!(
        edges[&update].contains(["app", "layout"].map(String::from).as_slice()),
        "{:?}",
        edges[&update]
    );
    assert!(edges.len() > 100, "{} modules read", edges.len());
}
