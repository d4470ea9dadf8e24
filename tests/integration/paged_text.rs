//! Paged text (`graph/load/paged.rs`): a file loaded paged, with its pages released behind
//! each reader, gives exactly what the same file read into memory gives: the graph, the
//! warnings, the errors and their `line:column`, on every fixture, on a file large enough for
//! the relations to be read on a second thread, on JSON Lines, and on random graphs.

use std::io::Write;
use std::path::{Path, PathBuf};

use kgx::graph::{LoadOptions, load_path_both_ways};
use proptest::prelude::*;

/// Small release steps, so that small files have pages released behind their readers.
const STEP: usize = 4096;

/// `text` in a closed temporary file (a file open for writing is never paged).
fn file_of(text: &[u8], suffix: &str) -> tempfile::TempPath {
    let mut file = tempfile::Builder::new().suffix(suffix).tempfile().unwrap();
    file.write_all(text).unwrap();
    file.into_temp_path()
}

/// Loads `path` both ways, strict and not (or not only); asserts they agree; gives the last
/// one's text and the bytes released by the paged loads.
fn both_ways_agree(path: &Path) -> (String, usize) {
    agree(path, &[false, true])
}

fn agree(path: &Path, stricts: &[bool]) -> (String, usize) {
    let mut released = 0;
    let mut last = String::new();
    for &strict in stricts {
        let opts = LoadOptions {
            strict,
            ..LoadOptions::default()
        };
        let ([read, paged], bytes) = load_path_both_ways(path, opts, STEP);
        assert_eq!(read, paged, "{} (strict {strict})", path.display());
        released += bytes;
        last = paged;
    }
    (last, released)
}

fn files_under(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            files_under(&path, out);
        } else {
            out.push(path);
        }
    }
}

#[test]
fn every_fixture_loads_the_same_paged() {
    let mut files = Vec::new();
    files_under(Path::new("tests/fixtures"), &mut files);
    assert!(files.len() > 50, "{} fixtures", files.len());
    for file in files {
        both_ways_agree(&file);
    }
}

/// A native graph of `n` entities and `2n` relations, one record a line; `tail` is written
/// before the closing of the relations array.
fn native_graph(n: usize, tail: &str) -> String {
    let mut text = String::from("{\n\"entities\": [\n");
    for i in 0..n {
        text.push_str(&format!(
            "{{\"id\": \"e{i}\", \"kind\": \"company\", \"name\": \"Company number {i}\", \
             \"attrs\": {{\"amount_usd\": {i}}}}},\n"
        ));
    }
    text.push_str(
        "{\"id\": \"last\", \"kind\": \"chip\", \"name\": \"Last\"}\n],\n\"relations\": [\n",
    );
    for i in 0..2 * n {
        text.push_str(&format!(
            "{{\"from\": \"e{}\", \"to\": \"e{}\", \"type\": \"{}\"}},\n",
            i % n,
            (i * 7 + 1) % n,
            ["customer", "supplier"][i / n]
        ));
    }
    text.push_str(tail);
    text.push_str("{\"from\": \"last\", \"to\": \"e0\", \"type\": \"investor\"}\n]\n}\n");
    text
}

#[test]
fn a_large_graph_loads_the_same_paged_with_pages_released() {
    // Over 4 MB: the relations are read on a second thread, the ids indexed at once.
    let text = native_graph(40_000, "");
    assert!(text.len() > 4 << 20, "{} bytes", text.len());
    let file = file_of(text.as_bytes(), ".json");
    let (loaded, released) = both_ways_agree(&file);
    assert!(
        loaded.starts_with("Ok("),
        "{}",
        &loaded[..200.min(loaded.len())]
    );
    assert!(
        released > text.len(),
        "released {released} of {} bytes",
        text.len()
    );
}

#[test]
fn errors_past_released_pages_keep_their_line_and_column() {
    // A relation naming no entity (in a file whose relations are read on a second thread), and
    // then (a smaller file) a syntax error, both near the end.
    let dangling = native_graph(
        40_000,
        "{\"from\": \"e1\", \"to\": \"nowhere\", \"type\": \"customer\"},\n",
    );
    let line = dangling
        .lines()
        .position(|l| l.contains("nowhere"))
        .unwrap()
        + 1;
    let file = file_of(dangling.as_bytes(), ".json");
    let (loaded, released) = agree(&file, &[false]);
    assert!(released > 0);
    assert!(
        loaded.contains(&format!("line: {line}, column: 22")),
        "{}",
        &loaded[..600.min(loaded.len())]
    );

    let broken = native_graph(
        2_000,
        "{\"from\": \"e1\", \"to\": \"e2\" \"type\": \"customer\"},\n",
    );
    let file = file_of(broken.as_bytes(), ".json");
    let (loaded, _) = both_ways_agree(&file);
    assert!(
        loaded.contains(&format!("line: {}, column: 27", 3 * 2_000 + 6)),
        "{loaded}"
    );
}

#[test]
fn json_lines_load_the_same_paged_with_pages_released() {
    let mut text = String::new();
    for i in 0..3000 {
        text.push_str(&format!(
            "{{\"type\":\"node\",\"id\":\"{i}\",\"labels\":[\"Person\"],\"properties\":{{\"name\":\"P{i}\"}}}}\n"
        ));
    }
    for i in 0..3000 {
        text.push_str(&format!(
            "{{\"id\":\"r{i}\",\"type\":\"relationship\",\"label\":\"KNOWS\",\"start\":{{\"id\":\"{i}\"}},\"end\":{{\"id\":\"{}\"}}}}\n",
            (i * 13 + 5) % 3000
        ));
    }
    text.push_str("{\"type\":\"node\",\"id\":\"9999\",\"labels\":[\"Person\"],\"properties\":{\"name\":\"Q\"} \"x\"}\n");
    let file = file_of(text.as_bytes(), ".json");
    let (loaded, released) = both_ways_agree(&file);
    assert!(released > 0);
    assert!(
        loaded.contains("not valid JSON"),
        "{}",
        &loaded[..400.min(loaded.len())]
    );
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    /// Random graphs, valid or broken, after 12 KB of blank lines (released as the parse
    /// passes them, read again to locate an error).
    #[test]
    fn random_graphs_load_the_same_paged(
        v in crate::loader_props::graph_value(),
        m in crate::loader_props::mutation(),
        pretty in any::<bool>(),
    ) {
        let body = crate::loader_props::apply(v.clone(), &m);
        let body = if pretty { serde_json::to_vec_pretty(&v).unwrap() } else { body };
        let mut text = vec![b'\n'; 3 * STEP];
        text.extend_from_slice(&body);
        let file = file_of(&text, ".json");
        both_ways_agree(&file);
    }
}
