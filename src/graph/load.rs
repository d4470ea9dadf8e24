//! Loading a graph: the entry points ([`load_path`], [`load_bytes`]), the choice between the
//! native reader, the importers and reading the relations ahead on a second thread, and the
//! checks that come before any parsing (UTF-8, empty input).
//!
//! The parts live beside this file: `read` (bytes from a path or stdin), `paged` (a large
//! file mapped, its pages released behind each reader), `native` (kgx's own format), `parts`
//! (its top-level object a key at a time, when the relations are read ahead), `ahead` (the
//! relations array read on a second thread, its ends then looked up on every core), `import/`
//! (one file per foreign format), `builder` (validation and indexing), `ends` (finding the
//! entities a relation's `from` and `to` name), `locate` (JSON paths to `line:column`),
//! `messages` (serde_json's errors in a person's words), `text` (borrowed strings), `closest`
//! (did-you-mean). Nothing here analyses or formats a loaded graph.
//!
//! The native reader does one streaming pass: no intermediate `serde_json::Value` tree and no
//! per-entity structs: serde visitors hand each field straight to the builder, borrowing strings
//! from the input whenever they hold no escapes. Type errors from serde_json carry an exact
//! position; the visitor records which entity and field it was in (`entities[12].name`) so the
//! message names them too.

use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc;

use serde::de::DeserializeSeed;

mod ahead;
pub(crate) mod builder;
mod closest;
mod ends;
pub(crate) mod format;
mod handover;
pub(crate) mod import;
mod locate;
pub(crate) mod messages;
mod native;
mod paged;
mod parts;
mod read;
mod text;

pub use builder::Loaded;
pub(crate) use closest::closest;

use self::ahead::{Ahead, READ_AHEAD_MIN_BYTES};
use self::builder::Builder;
use self::handover::Handover;
use self::messages::{Context, syntax_error};
use self::native::{Item, RecordSeed, parse};
use super::error::{LoadError, Location, ProblemKind};

/// How strictly to read a file.
#[derive(Clone, Debug, Default)]
pub struct LoadOptions {
    /// Unknown fields are errors instead of being ignored.
    pub strict: bool,
    /// Read the file as this format instead of detecting it (`--from`).
    pub from: Option<import::Format>,
    /// The language for names and descriptions of multilingual formats (Wikidata).
    pub lang: Option<import::wikidata::Lang>,
    /// References to entities outside the file are errors, not stub entities.
    pub no_stubs: bool,
    /// A JSON Lines file's lines that are not JSON are warnings, and the rest loads.
    pub skip_bad_lines: bool,
    /// Read the file through this MAP (`--map`), whatever its shape.
    pub map: Option<Arc<import::mapped::spec::Mapping>>,
}

/// Reads and loads a graph file. `-` reads standard input.
pub fn load_path(path: &Path, opts: LoadOptions) -> Result<Loaded, LoadError> {
    load_path_paging(path, opts, Some(read::PAGED_MIN_BYTES))
}

/// [`load_path`], with a file of at least `page_from` bytes paged (`paged.rs`) if it can be.
fn load_path_paging(
    path: &Path,
    opts: LoadOptions,
    page_from: Option<usize>,
) -> Result<Loaded, LoadError> {
    let (origin, contents) = read::read_graph(path, page_from)?;
    let loaded = match &contents {
        read::Contents::Read(bytes) => load_bytes(bytes, &origin, opts),
        read::Contents::Paged(paged, _) => {
            let text = paged.text();
            let text = text.strip_prefix('\u{FEFF}').unwrap_or(text);
            check_not_blank(text, &origin).and_then(|()| load_text(text, &origin, opts))
        }
    };
    let loaded = loaded.map_err(|e| read::explain_early_end(e, path, contents.len()));
    read::check_unchanged(path, &origin, &contents)?;
    loaded
}

/// For tests: `path` loaded with its bytes read into memory, and loaded paged whatever its size
/// (if a lease can be taken) with pages released in steps of `step` bytes, each as its `Debug`
/// text; and the bytes the paged load released.
#[cfg(any(test, feature = "test-support"))]
pub fn load_path_both_ways(path: &Path, opts: LoadOptions, step: usize) -> ([String; 2], usize) {
    paged::set_release_step(step);
    let read = format!("{:?}", load_path_paging(path, opts.clone(), None));
    let before = paged::pages_released();
    let paged_load = format!("{:?}", load_path_paging(path, opts, Some(0)));
    ([read, paged_load], paged::pages_released() - before)
}

/// Loads a graph from bytes; `origin` names them in messages (a path, `<stdin>`).
pub fn load_bytes(bytes: &[u8], origin: &str, opts: LoadOptions) -> Result<Loaded, LoadError> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let text = check_text(bytes, origin)?;
    load_text(text, origin, opts)
}

/// Loads a graph from its text, checked to be UTF-8 and not blank, without a byte-order mark.
fn load_text(text: &str, origin: &str, opts: LoadOptions) -> Result<Loaded, LoadError> {
    if let Some(map) = opts.map.clone() {
        return import::mapped::load(text, origin, opts, &map);
    }
    let detected =
        import::detect(text, opts.from).map_err(|e| not_a_graph(&e, origin, text.as_bytes()))?;
    if detected.format != import::Format::Native {
        return import::load_import(text, origin, opts, detected);
    }
    let mut loaded = load_native(text, origin, opts)?;
    loaded.format = detected;
    Ok(loaded)
}

/// Reads a MAP file (`--map`); its errors name the MAP's line.
pub fn read_mapping(path: &Path) -> Result<import::mapped::spec::Mapping, LoadError> {
    let (origin, bytes) = read::read_input(path)?;
    let text = check_text(&bytes, &origin)?;
    import::mapped::spec::Mapping::parse(text, &origin)
}

/// A first MAP for a JSON file in no standard shape (`kgx map --suggest`), with comments on
/// what each guess rests on.
/// `-` reads standard input.
pub fn suggest_mapping(path: &Path) -> Result<String, LoadError> {
    let (origin, bytes) = read::read_input(path)?;
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes);
    import::mapped::suggest::suggest(check_text(bytes, &origin)?, &origin)
}

/// The error for a text in no format kgx reads.
pub(crate) fn not_a_graph(e: &import::NotAGraph, origin: &str, bytes: &[u8]) -> LoadError {
    LoadError::Syntax {
        origin: origin.to_string(),
        location: locate::location_of(bytes, e.offset.min(bytes.len())),
        kind: Box::new(e.message().into()),
        hint: None,
    }
}

fn load_native(text: &str, origin: &str, opts: LoadOptions) -> Result<Loaded, LoadError> {
    if text.len() >= READ_AHEAD_MIN_BYTES
        && u32::try_from(text.len()).is_ok()
        && let Some(loaded) = load_reading_ahead(text, origin, opts.clone())
    {
        return loaded;
    }
    load_one_thread(text, origin, opts, text.len() >= READ_AHEAD_MIN_BYTES)
}

/// For the differential fuzz target (`fuzz/fuzz_targets/load_paths.rs`): `bytes` loaded the
/// ordinary way, with the relations read ahead on a second thread, and with the ids indexed at
/// once, whatever their size (the last two normally start at 4 MB), each as its `Debug` text;
/// `None` where a way declines the input. All the texts present must be equal.
#[cfg(any(test, feature = "test-support"))]
pub fn load_every_way(bytes: &[u8], opts: LoadOptions) -> Vec<Option<String>> {
    let text = match check_text(bytes, "fuzz") {
        Ok(text)
            if !matches!(import::detect(text, None), Ok(d) if d.format != import::Format::Native)
                && u32::try_from(text.len()).is_ok() =>
        {
            text
        }
        _ => return Vec::new(),
    };
    vec![
        Some(format!(
            "{:?}",
            load_one_thread(text, "fuzz", opts.clone(), false)
        )),
        load_reading_ahead(text, "fuzz", opts.clone()).map(|loaded| format!("{loaded:?}")),
        Some(format!("{:?}", load_one_thread(text, "fuzz", opts, true))),
    ]
}

/// Loads with one parse; `at_once`: index the ids when the entities end (large files), reading
/// the file again without that if two share an id.
fn load_one_thread(
    text: &str,
    origin: &str,
    opts: LoadOptions,
    at_once: bool,
) -> Result<Loaded, LoadError> {
    let mut builder = Builder::new(opts.strict, text.len());
    if at_once {
        builder.index_ids_at_once();
    }
    let mut ctx = Context::default();
    let parsed = parse(text, &mut builder, &mut ctx);
    if builder.needs_rerun() {
        return load_one_thread(text, origin, opts, false);
    }
    conclude(parsed, builder, &ctx, origin, text)
}

/// The outcome of [`parse`] as the loader's result.
fn conclude(
    parsed: Result<bool, serde_json::Error>,
    builder: Builder,
    ctx: &Context,
    origin: &str,
    text: &str,
) -> Result<Loaded, LoadError> {
    match parsed {
        Err(e) => Err(syntax_error(e, origin, ctx)),
        Ok(false) => Err(LoadError::Syntax {
            origin: origin.to_string(),
            location: Location { line: 1, column: 1 },
            kind: Box::new("the file has no \"entities\" array".into()),
            hint: Some(
                "a kgx graph is an object like {\"entities\": [...], \"relations\": [...]}; \
                 node-link (networkx, D3) and Cytoscape.js files are also read"
                    .into(),
            ),
        }),
        Ok(true) => builder.finish(origin, text.as_bytes()),
    }
}

/// Loads a large file with its relations array read on a second thread (see [`ahead`]) while
/// this one reads the entities. `None` when the file is not of the shape that allows it, or
/// anything goes wrong on the way: the caller then loads it the ordinary way, which gives the
/// exact messages.
fn load_reading_ahead(
    text: &str,
    origin: &str,
    opts: LoadOptions,
) -> Option<Result<Loaded, LoadError>> {
    load_reading_ahead_traced(text, origin, opts).map(|(loaded, _)| loaded)
}

/// [`load_reading_ahead`], and whether the relations read on the second thread were used
/// (`false`: the parse read them itself, as when the other thread found no relations key).
fn load_reading_ahead_traced(
    text: &str,
    origin: &str,
    opts: LoadOptions,
) -> Option<(Result<Loaded, LoadError>, bool)> {
    let (found, key_at) = mpsc::channel();
    let stop = Arc::new(AtomicBool::new(false));
    let stop_reader = Arc::clone(&stop);
    std::thread::scope(|scope| {
        let reader = scope.spawn(move || ahead::read_ahead(text, found, stop_reader));
        let mut handover = Handover {
            base: text.as_ptr() as usize,
            found: key_at,
            key_at: None,
            taken: false,
        };
        let mut builder = Builder::new(opts.strict, text.len());
        builder.index_ids_at_once();
        builder.reads_from(text);
        let mut ctx = Context::default();
        let ended = parts::parse_by_parts(text, &mut builder, &mut ctx, &mut handover);
        if !matches!(ended, Some(parts::Stop::ReadAhead)) {
            // Whatever the other thread is reading is not needed: let it stop early.
            stop.store(true, Ordering::Relaxed);
        }
        if let parts::Stop::End(seen_entities) = ended? {
            return Some((
                conclude(Ok(seen_entities), builder, &ctx, origin, text),
                false,
            ));
        }
        let mut read = reader.join().ok()??;
        // After the array, only the end of the top-level object.
        if text[read.end..].trim_matches(JSON_WHITESPACE) != "}" {
            return None;
        }
        let (index, ids) = builder.id_lookup();
        read.look_up_ends(text, index, ids);
        if let Some(found) = read.all_found() {
            // Every relation found: numbered types in order of first appearance, as the reader's.
            let types: Vec<u32> = (0..read.type_count() as u32)
                .map(|t| builder.relation_type(read.type_name(t)))
                .collect();
            builder.add_found_relations(rayon::iter::ParallelIterator::map(found, |(ends, t)| {
                (ends, types[t as usize])
            }));
        } else {
            add_read_ahead(&mut builder, &mut ctx, &read, text)?;
        }
        // Before finishing, which allocates the adjacency: the records are the peak's margin.
        drop(read);
        Some((builder.finish(origin, text.as_bytes()), true))
    })
}

/// Hands the relations read ahead to the builder one by one, in file order (`None`: a relation
/// that is not plain did not parse again; the caller loads the ordinary way).
fn add_read_ahead(
    builder: &mut Builder,
    ctx: &mut Context,
    read: &ahead::ReadAhead,
    text: &str,
) -> Option<()> {
    builder.reserve_relations(read.len());
    let mut rtypes = vec![None; read.type_count()];
    let mut behind = paged::Behind::new(text, 0);
    for (i, relation) in read.iter(text).enumerate() {
        let index = i as u32;
        match relation {
            Ahead::Found {
                ends,
                type_name,
                rtype,
            } => builder.add_found_relation(index, type_name, &mut rtypes[rtype], ends),
            Ahead::Plain { fields, rtype } => {
                behind.reached_str(fields[0]);
                builder.add_plain_relation(index, fields, &mut rtypes[rtype]);
            }
            Ahead::Other(first_key) => {
                behind.reached(first_key);
                let start = object_start(text, first_key)?;
                let mut de = serde_json::Deserializer::from_str(&text[start..]);
                let item = RecordSeed {
                    b: &mut *builder,
                    ctx: &mut *ctx,
                    item: Item::Relation,
                    index,
                };
                item.deserialize(&mut de).ok()?;
            }
        }
    }
    Some(())
}

const JSON_WHITESPACE: &[char] = &[' ', '\t', '\n', '\r'];

/// Where the object whose first key's text starts at `first_key` starts (its `{`).
fn object_start(text: &str, first_key: usize) -> Option<usize> {
    let before = text[..first_key].strip_suffix('"')?;
    let before = before.trim_end_matches(JSON_WHITESPACE);
    before.ends_with('{').then(|| before.len() - 1)
}

/// Rejects input that is not text before the JSON parser sees it, with a clearer message.
pub(crate) fn check_text<'a>(bytes: &'a [u8], origin: &str) -> Result<&'a str, LoadError> {
    let text = match std::str::from_utf8(bytes) {
        Ok(t) => t,
        Err(e) => {
            let at = e.valid_up_to();
            return Err(LoadError::Syntax {
                origin: origin.to_string(),
                location: locate::location_of(bytes, at),
                kind: Box::new(format!("the file is not valid UTF-8 text (byte {at})").into()),
                hint: Some("kgx reads JSON encoded as UTF-8; is this a binary file?".into()),
            });
        }
    };
    check_not_blank(text, origin)?;
    Ok(text)
}

/// Rejects an empty or blank text, with a message saying which.
fn check_not_blank(text: &str, origin: &str) -> Result<(), LoadError> {
    if text.trim().is_empty() {
        return Err(LoadError::Syntax {
            origin: origin.to_string(),
            location: Location { line: 1, column: 1 },
            kind: Box::new(ProblemKind::from(if text.is_empty() {
                "the file is empty"
            } else {
                "the file contains only whitespace"
            })),
            hint: Some("a kgx graph is a JSON object with an \"entities\" array".into()),
        });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn load(text: &str) -> Result<Loaded, LoadError> {
        load_bytes(text.as_bytes(), "t.json", LoadOptions::default())
    }

    fn serial(text: &str, opts: LoadOptions) -> Result<Loaded, LoadError> {
        let mut builder = Builder::new(opts.strict, text.len());
        let mut ctx = Context::default();
        let parsed = parse(text, &mut builder, &mut ctx);
        conclude(parsed, builder, &ctx, "t.json", text)
    }

    /// What loading with the relations read ahead did with `text`.
    #[derive(Debug, PartialEq)]
    enum ReadAhead {
        /// Declined: the caller loads the ordinary way.
        Declined,
        /// Loaded, the parse reading the relations itself.
        Inline,
        /// Loaded with the relations the second thread read.
        Taken,
    }

    /// What reading the relations ahead does with `text`, asserting that whenever it loads, it
    /// gives exactly what the one-thread loader gives, strict or not.
    fn check_read_ahead(text: &str) -> ReadAhead {
        let mut outcome = ReadAhead::Declined;
        for strict in [false, true] {
            let opts = LoadOptions {
                strict,
                ..LoadOptions::default()
            };
            let Some((ahead, taken)) = load_reading_ahead_traced(text, "t.json", opts.clone())
            else {
                return ReadAhead::Declined;
            };
            assert_eq!(
                format!("{ahead:?}"),
                format!("{:?}", serial(text, opts)),
                "strict {strict}: {text}"
            );
            outcome = if taken {
                ReadAhead::Taken
            } else {
                ReadAhead::Inline
            };
        }
        outcome
    }

    #[test]
    fn every_way_of_loading_agrees_on_the_default_graph() {
        let ways = load_every_way(
            crate::graph::DEFAULT_GRAPH.as_bytes(),
            LoadOptions::default(),
        );
        assert_eq!(ways.len(), 3);
        let first = ways[0].as_ref().unwrap();
        assert!(first.starts_with("Ok("));
        for way in ways.iter().flatten() {
            assert_eq!(way, first);
        }
    }

    #[test]
    fn reading_relations_ahead_changes_nothing() {
        let entities = r#"{"title": "x", "sources": [{"id": "s1"}], "entities": [
            {"id": "a", "kind": "company", "name": "A", "attrs": {"relations": 1}},
            {"id": "b", "kind": "company", "name": "B"}]"#;
        let taken = [
            r#", "relations": [{"from": "a", "to": "b", "type": "t"}]}"#,
            r#", "relations": [{"from": "a", "to": "b", "type": "t"},
                {"to": "a", "type": "u", "from": "b", "attrs": {"date": "soon", "status": "x"}},
                {"from": "a", "to": "b", "type": "t", "sources": ["s1", "s2"], "oops": 1},
                {"from": "a", "to": "q\u0041", "type": "t"}, {"from": null, "to": "b"},
                {"from": "a", "from": "b", "to": "b", "type": "t"}, {"from": "", "to": "c", "type": " "}
            ]}"#,
            ",\n\"relations\" :\n[ ] \n}\n",
        ];
        for tail in taken {
            let outcome = check_read_ahead(&format!("{entities}{tail}"));
            assert_eq!(outcome, ReadAhead::Taken, "{tail}");
        }
        let declined = [
            r#", "relations": [{"from": "a", "to": "b", "type": 5}]}"#,
            r#", "relations": [{"from": "a", "to": "b", "type": "t"}], "title": "y"}"#,
            r#", "relations": [{"from": "a", "to": "b", "type": "t"}]} x"#,
            r#", "relations": [{"from": "a", "to": "b", "type": "t"},]}"#,
            r#", "relations": [{}]}"#,
            r#", "relations": [{"f\u0072om": "a", "to": "b", "type": "t"}]}"#,
            r#", "relations": [{"from": "a", "to": "b", "type": "t"}"#,
        ];
        for tail in declined {
            let outcome = check_read_ahead(&format!("{entities}{tail}"));
            assert_eq!(outcome, ReadAhead::Declined, "{tail}");
        }
        // Anything serde_json refuses before the relations: the ordinary load gives the message.
        for text in [
            r#"{"entities": [{"id": "a", "kind": "k", "name": "A", "attrs": {"relations": [1]}}],
                "relations": [{"from": "a", "to": "a", "type": "t"}]}"#,
            r#"{"entities": [{"id": "a", "kind": "k", "name": 5}], "relations": []}"#,
            r#"{"title": "x",, "entities": [], "relations": []}"#,
            r#"{"entities": [], "relations": []} trailing"#,
        ] {
            assert_eq!(check_read_ahead(text), ReadAhead::Declined, "{text}");
        }
        // Relations first, or only inside a value: the ordinary parse reads them.
        for text in [
            r#"{"relations": [{"from": "a", "to": "b", "type": "t"}], "entities": [
                {"id": "a", "kind": "k", "name": "A"}, {"id": "b", "kind": "k", "name": "B"}]}"#,
            r#"{"entities": [{"id": "a", "kind": "k", "name": "A", "attrs": {"relations": 1}}]}"#,
            r#"{"entities": [{"id": "a", "kind": "k", "name": "\"relations\": []"}]}"#,
            // The first `"relations": [` is inside an entity: the thread reads the wrong array,
            // the parse never meets it at top level and reads the real one itself.
            r#"{"entities": [{"id": "a", "kind": "k", "name": "A", "x": {"relations": [1]}},
                {"id": "b", "kind": "k", "name": "B"}],
                "relations": [{"from": "a", "to": "b", "type": "t"}]}"#,
        ] {
            assert_eq!(check_read_ahead(text), ReadAhead::Inline, "{text}");
        }
    }

    #[test]
    fn reading_relations_ahead_of_every_fixture_changes_nothing() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
        let (mut read, mut taken) = (0, 0);
        for sub in ["ok", "bad", "."] {
            for entry in std::fs::read_dir(dir.join(sub)).unwrap() {
                let path = entry.unwrap().path();
                let Ok(text) = std::fs::read_to_string(&path) else {
                    continue;
                };
                let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
                if path.extension().is_some_and(|e| e == "json")
                    && !matches!(import::detect(text, None), Ok(d) if d.format != import::Format::Native)
                {
                    taken += usize::from(check_read_ahead(text) == ReadAhead::Taken);
                    for strict in [false, true] {
                        let opts = LoadOptions {
                            strict,
                            ..LoadOptions::default()
                        };
                        assert_eq!(
                            format!("{:?}", load_one_thread(text, "t.json", opts.clone(), true)),
                            format!("{:?}", serial(text, opts)),
                            "{path:?}"
                        );
                    }
                    read += 1;
                }
            }
        }
        assert!(read > 20);
        // Valid or not, fixtures with relations after the entities are read ahead.
        assert!(taken >= 5, "read ahead {taken} of {read}");
    }

    #[test]
    fn loads_and_indexes_in_either_order() {
        let text = r#"{"relations": [{"from": "a", "to": "b", "type": "invests"}],
            "entities": [{"id": "a", "kind": "company", "name": "A"},
                         {"id": "b", "kind": "company", "name": "B", "attrs": {"n": 1.5, "s": "x\"y"}}]}"#;
        let g = load(text).unwrap().graph;
        let (a, b) = (g.find("a").unwrap(), g.find("b").unwrap());
        assert_eq!(
            g.outgoing(a).map(|r| r.to().id()).collect::<Vec<_>>(),
            ["b"]
        );
        assert_eq!(
            g.incoming(b).map(|r| r.rtype()).collect::<Vec<_>>(),
            ["invests"]
        );
        assert_eq!(
            g.entity(b).attr("n"),
            Some(crate::graph::AttrValue::Float(1.5))
        );
        assert_eq!(
            g.entity(b).attr("s"),
            Some(crate::graph::AttrValue::Str("x\"y"))
        );
        assert_eq!(g.degree(a), 1);
    }

    #[test]
    fn collects_every_validation_error_in_file_order() {
        let text = "{\"entities\": [\n{\"id\": \"a\", \"kind\": \"k\"},\n{\"id\": \"a\", \"kind\": \"k\", \"name\": \"A\"},\n{\"id\": \"a\", \"kind\": \"k\", \"name\": \"A2\"}\n],\n\"relations\": [{\"from\": \"a\", \"to\": \"q\", \"type\": \"t\"}]}";
        let LoadError::Invalid {
            problems, total, ..
        } = load(text).unwrap_err()
        else {
            panic!("expected validation errors")
        };
        assert_eq!(total, 3);
        let lines: Vec<usize> = problems.iter().map(|p| p.location.unwrap().line).collect();
        assert_eq!(lines, [2, 4, 6]);
        assert_eq!(problems[1].related_location.map(|l| l.line), Some(3));
    }

    #[test]
    fn warnings_do_not_stop_loading() {
        let text = r#"{"sources": [{"id": "s1", "date": "soon"}],
            "entities": [{"id": "a", "kind": "deal", "name": "A", "sources": ["s1", "nope"],
                          "attrs": {"date": "2025-13", "status": "done"}}]}"#;
        let loaded = load(text).unwrap();
        assert_eq!(loaded.warning_total, 4);
        let ids: Vec<_> = loaded.graph.entity(0).sources().map(|s| s.id()).collect();
        assert_eq!(ids, ["s1"]);
    }

    #[test]
    fn error_location_is_reported() {
        let err = load("{\"entities\": [1]}").unwrap_err();
        assert_eq!(
            err.location(),
            Some(Location {
                line: 1,
                column: 15
            })
        );
        assert!(err.to_string().contains("entities[0]"), "{err}");
    }
}
