//! Reading kgx's native JSON format: one streaming pass from text into the [`Builder`].
//!
//! No intermediate `serde_json::Value` tree and no per-entity structs: serde visitors hand each
//! field straight to the builder, borrowing strings from the input whenever they hold no escapes.
//! Type errors from serde_json carry an exact position; the visitor records which entity and field
//! it was in (`entities[12].name`) so the message names them too.

use std::borrow::Cow;
use std::fmt;
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, Receiver};

use serde::de::{self, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};

use super::ahead::{self, Ahead, READ_AHEAD_MIN_BYTES};
use super::build::{Builder, Loaded, ValueInput};
use super::error::{LoadError, Location};
use super::model::SourceRec;

/// How to read a file.
#[derive(Clone, Copy, Debug, Default)]
pub struct LoadOptions {
    /// Unknown fields are errors instead of being ignored.
    pub strict: bool,
    /// Read the file as this format instead of detecting it (`--from`).
    pub from: Option<super::import::Format>,
    /// The language for names and descriptions of multilingual formats (Wikidata).
    pub lang: Option<super::import::wikidata::Lang>,
    /// References to entities outside the file are errors, not stub entities.
    pub no_stubs: bool,
    /// A JSON Lines file's lines that are not JSON are warnings, and the rest loads.
    pub skip_bad_lines: bool,
}

const TOP_FIELDS: &[&str] = &["title", "meta", "sources", "entities", "relations"];
const ENTITY_FIELDS: &[&str] = &[
    "id", "kind", "name", "aliases", "summary", "attrs", "tags", "sources",
];
const RELATION_FIELDS: &[&str] = &["from", "to", "type", "attrs", "sources"];
const SOURCE_FIELDS: &[&str] = &["id", "title", "publisher", "date", "url"];

/// Reads and loads a graph file. `-` reads standard input.
pub fn load_path(path: &Path, opts: LoadOptions) -> Result<Loaded, LoadError> {
    let (origin, bytes) = super::read::read_input(path)?;
    load_bytes(&bytes, &origin, opts)
        .map_err(|e| super::read::explain_early_end(e, path, bytes.len()))
}

/// Loads a graph from bytes; `origin` names them in messages (a path, `<stdin>`).
pub fn load_bytes(bytes: &[u8], origin: &str, opts: LoadOptions) -> Result<Loaded, LoadError> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let text = check_text(bytes, origin)?;
    let detected =
        super::import::detect(text, opts.from).map_err(|e| not_a_graph(&e, origin, bytes))?;
    if detected.format != super::import::Format::Native {
        return super::import::load_import(text, origin, opts, detected);
    }
    let mut loaded = load_native(text, origin, opts)?;
    loaded.format = detected;
    Ok(loaded)
}

/// The error for a text in no format kgx reads.
pub(crate) fn not_a_graph(e: &super::import::NotAGraph, origin: &str, bytes: &[u8]) -> LoadError {
    LoadError::Syntax {
        origin: origin.to_string(),
        location: super::locate::location_of(bytes, e.offset.min(bytes.len())),
        message: e.message(),
        hint: None,
    }
}

fn load_native(text: &str, origin: &str, opts: LoadOptions) -> Result<Loaded, LoadError> {
    if text.len() >= READ_AHEAD_MIN_BYTES
        && u32::try_from(text.len()).is_ok()
        && let Some(loaded) = load_reading_ahead(text, origin, opts)
    {
        return loaded;
    }
    load_one_thread(text, origin, opts, text.len() >= READ_AHEAD_MIN_BYTES)
}

/// For the differential fuzz target (`fuzz/fuzz_targets/load_paths.rs`): `bytes` loaded the
/// ordinary way, with the relations read ahead on a second thread, and with the ids indexed at
/// once, whatever their size (the last two normally start at 4 MB), each as its `Debug` text;
/// `None` where a way declines the input. All the texts present must be equal.
#[doc(hidden)]
pub fn load_every_way(bytes: &[u8], opts: LoadOptions) -> Vec<Option<String>> {
    let text = match check_text(bytes, "fuzz") {
        Ok(text) if !super::import::looks_foreign(text) && u32::try_from(text.len()).is_ok() => {
            text
        }
        _ => return Vec::new(),
    };
    vec![
        Some(format!("{:?}", load_one_thread(text, "fuzz", opts, false))),
        load_reading_ahead(text, "fuzz", opts).map(|loaded| format!("{loaded:?}")),
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
    let parsed = parse(text, &mut builder, &mut ctx, None);
    if builder.needs_rerun() {
        return load_one_thread(text, origin, opts, false);
    }
    conclude(parsed, builder, &ctx, origin, text)
}

/// Parses the whole document into `builder`. Returns whether an `entities` array was seen.
fn parse(
    text: &str,
    builder: &mut Builder,
    ctx: &mut Context,
    handover: Option<&mut Handover>,
) -> Result<bool, serde_json::Error> {
    let mut de = serde_json::Deserializer::from_str(text);
    TopSeed {
        b: builder,
        ctx,
        handover,
    }
    .deserialize(&mut de)
    .and_then(|seen_entities| de.end().map(|_| seen_entities))
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
            message: "the file has no \"entities\" array".into(),
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
        let mut ctx = Context::default();
        let parsed = parse(text, &mut builder, &mut ctx, Some(&mut handover));
        if builder.needs_rerun() || !handover.taken {
            // Whatever the other thread is reading is not needed: let it stop early.
            stop.store(true, Ordering::Relaxed);
        }
        if builder.needs_rerun() {
            return None;
        }
        if !handover.taken {
            return Some(conclude(parsed, builder, &ctx, origin, text));
        }
        let read = reader.join().ok()??;
        // After the array, only the end of the top-level object.
        if text[read.end..].trim_matches(JSON_WHITESPACE) != "}" {
            return None;
        }
        let mut rtypes = vec![None; read.type_count()];
        for (i, relation) in read.iter(text).enumerate() {
            let index = i as u32;
            match relation {
                Ahead::Plain { fields, rtype } => {
                    builder.add_plain_relation(index, fields, &mut rtypes[rtype]);
                }
                Ahead::Other(first_key) => {
                    let start = object_start(text, first_key)?;
                    let mut de = serde_json::Deserializer::from_str(&text[start..]);
                    let item = RecordSeed {
                        b: &mut builder,
                        ctx: &mut ctx,
                        item: Item::Relation,
                        index,
                    };
                    item.deserialize(&mut de).ok()?;
                }
            }
        }
        // Before finishing, which allocates the adjacency: the records are the peak's margin.
        drop(read);
        Some(builder.finish(origin, text.as_bytes()))
    })
}

const JSON_WHITESPACE: &[char] = &[' ', '\t', '\n', '\r'];

/// Where the object whose first key's text starts at `first_key` starts (its `{`).
fn object_start(text: &str, first_key: usize) -> Option<usize> {
    let before = text[..first_key].strip_suffix('"')?;
    let before = before.trim_end_matches(JSON_WHITESPACE);
    before.ends_with('{').then(|| before.len() - 1)
}

/// The loader's side of reading the relations ahead.
struct Handover {
    /// The address of the text, to tell where a borrowed key is.
    base: usize,
    /// Where the other thread found the relations key, once it knows.
    found: Receiver<Option<usize>>,
    key_at: Option<Option<usize>>,
    /// The parse stopped at the relations key, to take the relations read ahead.
    taken: bool,
}

impl Handover {
    /// Whether the top-level key `key` is the relations key the other thread is reading after.
    fn is_ahead(&mut self, key: &Text<'_>) -> bool {
        let Cow::Borrowed(k) = key.0 else {
            return false;
        };
        // The key's text starts after its opening quote.
        let at = (k.as_ptr() as usize).wrapping_sub(self.base + 1);
        let found = &self.found;
        *self
            .key_at
            .get_or_insert_with(|| found.recv().ok().flatten())
            == Some(at)
    }
}

/// Rejects input that is not text before the JSON parser sees it, with a clearer message.
pub(crate) fn check_text<'a>(bytes: &'a [u8], origin: &str) -> Result<&'a str, LoadError> {
    let text = match std::str::from_utf8(bytes) {
        Ok(t) => t,
        Err(e) => {
            let at = e.valid_up_to();
            return Err(LoadError::Syntax {
                origin: origin.to_string(),
                location: super::locate::location_of(bytes, at),
                message: format!("the file is not valid UTF-8 text (byte {at})"),
                hint: Some("kgx reads JSON encoded as UTF-8; is this a binary file?".into()),
            });
        }
    };
    if text.trim().is_empty() {
        return Err(LoadError::Syntax {
            origin: origin.to_string(),
            location: Location { line: 1, column: 1 },
            message: if text.is_empty() {
                "the file is empty".into()
            } else {
                "the file contains only whitespace".into()
            },
            hint: Some("a kgx graph is a JSON object with an \"entities\" array".into()),
        });
    }
    Ok(text)
}

/// Where the parser was, for messages about type errors.
#[derive(Default, Clone, Copy)]
pub(crate) struct Context {
    section: Option<&'static str>,
    index: Option<u32>,
    field: Option<&'static str>,
}

impl Context {
    fn path(&self) -> Option<String> {
        let section = self.section?;
        let mut p = section.to_string();
        if let Some(i) = self.index {
            p.push_str(&format!("[{i}]"));
            if let Some(f) = self.field {
                p.push('.');
                p.push_str(f);
            }
        }
        Some(p)
    }
}

pub(crate) fn syntax_error(e: serde_json::Error, origin: &str, ctx: &Context) -> LoadError {
    let full = e.to_string();
    let message = full
        .rsplit_once(" at line ")
        .map_or(full.as_str(), |(m, _)| m);
    let (message, hint) = friendly(message, e.classify());
    let message = match (e.classify(), ctx.path()) {
        (serde_json::error::Category::Data, Some(path)) => format!("{path}: {message}"),
        _ => message,
    };
    LoadError::Syntax {
        origin: origin.to_string(),
        location: Location {
            line: e.line().max(1),
            column: e.column().max(1),
        },
        message,
        hint,
    }
}

fn friendly(message: &str, category: serde_json::error::Category) -> (String, Option<String>) {
    use serde_json::error::Category;
    match category {
        Category::Eof => (
            format!("the file ends too early ({message})"),
            Some("the JSON is truncated: a closing bracket or brace is missing".into()),
        ),
        _ if message.starts_with("recursion limit exceeded") => (
            "the JSON is nested too deeply".into(),
            Some("kgx graphs are at most a few levels deep; is this the right file?".into()),
        ),
        _ if message.starts_with("expected value") => (
            "this is not valid JSON (expected a value)".into(),
            Some("check for a missing quote, a stray character, or a comment".into()),
        ),
        _ if message.starts_with("trailing comma") => (
            "trailing comma".into(),
            Some("JSON does not allow a comma before ] or }".into()),
        ),
        _ if message.starts_with("trailing characters") => (
            "unexpected text after the end of the JSON value".into(),
            Some("a file holds one JSON object; is something appended?".into()),
        ),
        _ if message.starts_with("key must be a string") => {
            ("object keys must be strings in double quotes".into(), None)
        }
        _ => match message
            .strip_prefix("invalid type: ")
            .and_then(|m| m.split_once(", expected "))
        {
            Some((found, expected)) => (
                format!("expected {expected}, found {}", json_words(found)),
                None,
            ),
            None => (message.to_string(), None),
        },
    }
}

/// serde's names for JSON values in the words of JSON: `map` → `an object`, `sequence` → `an array`.
fn json_words(found: &str) -> String {
    match found {
        "map" => "an object".into(),
        "sequence" => "an array".into(),
        "null" | "unit value" => "null".into(),
        other => match other.split_once(' ') {
            Some(("integer" | "floating point", v)) => {
                format!("the number {}", v.trim_matches('`'))
            }
            Some(("boolean", v)) => v.trim_matches('`').to_string(),
            Some(("string", v)) => format!("the string {v}"),
            _ => other.to_string(),
        },
    }
}

/// A string that borrows from the input when it can.
pub(crate) struct Text<'de>(pub Cow<'de, str>);

impl<'de> de::Deserialize<'de> for Text<'de> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Text<'de>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a string")
            }
            fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Self::Value, E> {
                Ok(Text(Cow::Borrowed(v)))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
                Ok(Text(Cow::Owned(v.to_string())))
            }
            fn visit_string<E: de::Error>(self, v: String) -> Result<Self::Value, E> {
                Ok(Text(Cow::Owned(v)))
            }
        }
        d.deserialize_str(V)
    }
}

/// An optional string: `null` and absence are the same.
fn opt_text<'de, A: MapAccess<'de>>(map: &mut A) -> Result<Option<Text<'de>>, A::Error> {
    map.next_value::<Option<Text<'de>>>()
}

/// A scalar attribute value.
struct Scalar<'de>(ScalarKind<'de>);
enum ScalarKind<'de> {
    Null,
    Bool(bool),
    Int(i64),
    Float(f64),
    Str(Cow<'de, str>),
}

impl<'de> de::Deserialize<'de> for Scalar<'de> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Scalar<'de>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a string, number, boolean or null (attribute values are scalars)")
            }
            fn visit_unit<E>(self) -> Result<Self::Value, E> {
                Ok(Scalar(ScalarKind::Null))
            }
            fn visit_none<E>(self) -> Result<Self::Value, E> {
                Ok(Scalar(ScalarKind::Null))
            }
            fn visit_bool<E>(self, v: bool) -> Result<Self::Value, E> {
                Ok(Scalar(ScalarKind::Bool(v)))
            }
            fn visit_i64<E>(self, v: i64) -> Result<Self::Value, E> {
                Ok(Scalar(ScalarKind::Int(v)))
            }
            fn visit_u64<E>(self, v: u64) -> Result<Self::Value, E> {
                Ok(Scalar(match i64::try_from(v) {
                    Ok(i) => ScalarKind::Int(i),
                    Err(_) => ScalarKind::Float(v as f64),
                }))
            }
            fn visit_f64<E>(self, v: f64) -> Result<Self::Value, E> {
                Ok(Scalar(ScalarKind::Float(v)))
            }
            fn visit_borrowed_str<E>(self, v: &'de str) -> Result<Self::Value, E> {
                Ok(Scalar(ScalarKind::Str(Cow::Borrowed(v))))
            }
            fn visit_str<E>(self, v: &str) -> Result<Self::Value, E> {
                Ok(Scalar(ScalarKind::Str(Cow::Owned(v.to_string()))))
            }
            fn visit_string<E>(self, v: String) -> Result<Self::Value, E> {
                Ok(Scalar(ScalarKind::Str(Cow::Owned(v))))
            }
        }
        d.deserialize_any(V)
    }
}

impl Scalar<'_> {
    fn input(&self) -> ValueInput<'_> {
        match &self.0 {
            ScalarKind::Null => ValueInput::Null,
            ScalarKind::Bool(b) => ValueInput::Bool(*b),
            ScalarKind::Int(i) => ValueInput::Int(*i),
            ScalarKind::Float(f) => ValueInput::Float(*f),
            ScalarKind::Str(s) => ValueInput::Str(s),
        }
    }
}

/// The top-level object. Returns whether an `entities` array was seen.
struct TopSeed<'b> {
    b: &'b mut Builder,
    ctx: &'b mut Context,
    /// Set when another thread reads the relations array.
    handover: Option<&'b mut Handover>,
}

impl<'de> DeserializeSeed<'de> for TopSeed<'_> {
    type Value = bool;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<bool, D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for TopSeed<'_> {
    type Value = bool;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a JSON object with an \"entities\" array (a kgx graph)")
    }

    fn visit_map<A: MapAccess<'de>>(mut self, mut map: A) -> Result<bool, A::Error> {
        let mut seen_entities = false;
        while let Some(key) = map.next_key::<Text<'de>>()? {
            *self.ctx = Context::default();
            match key.0.as_ref() {
                "title" => {
                    self.ctx.section = Some("title");
                    if let Some(t) = opt_text(&mut map)? {
                        self.b.set_title(&t.0);
                    }
                }
                "meta" => {
                    // Graph-level fields an import kept (`directed`, `@context`), as JSON.
                    self.ctx.section = Some("meta");
                    match map.next_value::<super::import::json::Json<'de>>()? {
                        super::import::json::Json::Obj(fields) => {
                            for (k, v) in fields {
                                self.b.add_meta(&k, v.to_text());
                            }
                        }
                        super::import::json::Json::Null => {}
                        _ => return Err(de::Error::custom("'meta' must be an object")),
                    }
                }
                "sources" => {
                    self.ctx.section = Some("sources");
                    map.next_value_seed(ListSeed {
                        b: self.b,
                        ctx: self.ctx,
                        item: Item::Source,
                    })?;
                }
                "entities" => {
                    self.ctx.section = Some("entities");
                    map.next_value_seed(ListSeed {
                        b: self.b,
                        ctx: self.ctx,
                        item: Item::Entity,
                    })?;
                    self.b.entities_done();
                    if self.b.needs_rerun() {
                        return Err(de::Error::custom("two entities share an id: read again"));
                    }
                    seen_entities = true;
                }
                "relations" => {
                    if seen_entities
                        && let Some(handover) = self.handover.as_deref_mut()
                        && handover.is_ahead(&key)
                    {
                        handover.taken = true;
                        return Err(de::Error::custom("the relations are read ahead"));
                    }
                    self.ctx.section = Some("relations");
                    map.next_value_seed(ListSeed {
                        b: self.b,
                        ctx: self.ctx,
                        item: Item::Relation,
                    })?;
                }
                other => {
                    self.b.unknown_field(other.to_string(), other, TOP_FIELDS);
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        *self.ctx = Context::default();
        Ok(seen_entities)
    }
}

#[derive(Clone, Copy)]
enum Item {
    Source,
    Entity,
    Relation,
}

/// A top-level array; each element goes to the builder as it is read.
struct ListSeed<'b> {
    b: &'b mut Builder,
    ctx: &'b mut Context,
    item: Item,
}

impl<'de> DeserializeSeed<'de> for ListSeed<'_> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        // `any`, not `seq`: serde_json reports `null` to `deserialize_seq` as a type error.
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for ListSeed<'_> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an array")
    }

    fn visit_unit<E: de::Error>(self) -> Result<(), E> {
        // `"relations": null` means no relations; the entities list is required.
        match self.item {
            Item::Entity => Err(E::invalid_type(de::Unexpected::Unit, &self)),
            _ => Ok(()),
        }
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        let mut i = 0u32;
        loop {
            self.ctx.index = Some(i);
            self.ctx.field = None;
            let item = RecordSeed {
                b: &mut *self.b,
                ctx: &mut *self.ctx,
                item: self.item,
                index: i,
            };
            if seq.next_element_seed(item)?.is_none() {
                break;
            }
            i += 1;
        }
        self.ctx.index = None;
        Ok(())
    }
}

/// One source, entity or relation object.
struct RecordSeed<'b> {
    b: &'b mut Builder,
    ctx: &'b mut Context,
    item: Item,
    index: u32,
}

impl<'de> DeserializeSeed<'de> for RecordSeed<'_> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for RecordSeed<'_> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str(match self.item {
            Item::Source => "a source object",
            Item::Entity => "an entity object",
            Item::Relation => "a relation object",
        })
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<(), A::Error> {
        match self.item {
            Item::Source => read_source(self.b, self.ctx, self.index, map),
            Item::Entity => read_entity(self.b, self.ctx, self.index, map),
            Item::Relation => read_relation(self.b, self.ctx, self.index, map),
        }
    }
}

fn read_source<'de, A: MapAccess<'de>>(
    b: &mut Builder,
    ctx: &mut Context,
    index: u32,
    mut map: A,
) -> Result<(), A::Error> {
    let mut rec = SourceRec::default();
    let mut has_id = false;
    while let Some(key) = map.next_key::<Text<'de>>()? {
        let slot = match key.0.as_ref() {
            "id" => {
                has_id = true;
                &mut rec.id
            }
            "title" => rec.title.get_or_insert_with(String::new),
            "publisher" => rec.publisher.get_or_insert_with(String::new),
            "date" => rec.date.get_or_insert_with(String::new),
            "url" => rec.url.get_or_insert_with(String::new),
            other => {
                b.unknown_field(format!("sources[{index}].{other}"), other, SOURCE_FIELDS);
                map.next_value::<IgnoredAny>()?;
                continue;
            }
        };
        ctx.field = SOURCE_FIELDS.iter().copied().find(|f| *f == key.0.as_ref());
        if let Some(t) = opt_text(&mut map)? {
            *slot = t.0.into_owned();
        }
    }
    // `"title": null` leaves an empty string behind; treat it as absent.
    for field in [
        &mut rec.title,
        &mut rec.publisher,
        &mut rec.date,
        &mut rec.url,
    ] {
        if field.as_deref() == Some("") {
            *field = None;
        }
    }
    if !has_id {
        rec.id.clear();
    }
    b.add_source(index, rec);
    Ok(())
}

fn read_entity<'de, A: MapAccess<'de>>(
    b: &mut Builder,
    ctx: &mut Context,
    index: u32,
    mut map: A,
) -> Result<(), A::Error> {
    let (mut id, mut kind, mut name, mut summary) = (None, None, None, None);
    let mut aliases = b.end_strings(b.begin_strings());
    let mut tags = aliases;
    let mut attrs = b.end_attrs(b.begin_attrs());
    let mut sources = b.end_sources(b.begin_sources());
    while let Some(key) = map.next_key::<Text<'de>>()? {
        let field = ENTITY_FIELDS.iter().copied().find(|f| *f == key.0.as_ref());
        ctx.field = field;
        match field {
            Some("id") => id = opt_text(&mut map)?,
            Some("kind") => kind = opt_text(&mut map)?,
            Some("name") => name = opt_text(&mut map)?,
            Some("summary") => summary = opt_text(&mut map)?,
            Some("aliases") => aliases = read_strings(b, &mut map)?,
            Some("tags") => tags = read_strings(b, &mut map)?,
            Some("attrs") => attrs = read_attrs(b, &mut map, "entities", index)?,
            Some("sources") => sources = read_source_refs(b, &mut map)?,
            _ => {
                b.unknown_field(
                    format!("entities[{index}].{}", key.0),
                    &key.0,
                    ENTITY_FIELDS,
                );
                map.next_value::<IgnoredAny>()?;
            }
        }
    }
    ctx.field = None;
    b.add_entity(
        index,
        id.as_ref().map(|t| t.0.as_ref()),
        kind.as_ref().map(|t| t.0.as_ref()),
        name.as_ref().map(|t| t.0.as_ref()),
        summary.as_ref().map(|t| t.0.as_ref()),
        aliases,
        tags,
        attrs,
        sources,
    );
    Ok(())
}

fn read_relation<'de, A: MapAccess<'de>>(
    b: &mut Builder,
    ctx: &mut Context,
    index: u32,
    mut map: A,
) -> Result<(), A::Error> {
    let (mut from, mut to, mut rtype) = (None, None, None);
    let mut attrs = b.end_attrs(b.begin_attrs());
    let mut sources = b.end_sources(b.begin_sources());
    while let Some(key) = map.next_key::<Text<'de>>()? {
        let field = RELATION_FIELDS
            .iter()
            .copied()
            .find(|f| *f == key.0.as_ref());
        ctx.field = field;
        match field {
            Some("from") => from = opt_text(&mut map)?,
            Some("to") => to = opt_text(&mut map)?,
            Some("type") => rtype = opt_text(&mut map)?,
            Some("attrs") => attrs = read_attrs(b, &mut map, "relations", index)?,
            Some("sources") => sources = read_source_refs(b, &mut map)?,
            _ => {
                b.unknown_field(
                    format!("relations[{index}].{}", key.0),
                    &key.0,
                    RELATION_FIELDS,
                );
                map.next_value::<IgnoredAny>()?;
            }
        }
    }
    ctx.field = None;
    b.add_relation(
        index,
        from.as_ref().map(|t| t.0.as_ref()),
        to.as_ref().map(|t| t.0.as_ref()),
        rtype.as_ref().map(|t| t.0.as_ref()),
        attrs,
        sources,
    );
    Ok(())
}

/// What a list-valued field does with each element.
#[derive(Clone, Copy)]
enum ListKind {
    Strings,
    SourceRefs,
}

struct StringListSeed<'b> {
    b: &'b mut Builder,
    kind: ListKind,
}

impl<'de> DeserializeSeed<'de> for StringListSeed<'_> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for StringListSeed<'_> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an array of strings")
    }
    fn visit_unit<E>(self) -> Result<(), E> {
        Ok(())
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        while let Some(t) = seq.next_element::<Text<'de>>()? {
            match self.kind {
                ListKind::Strings => self.b.push_string(&t.0),
                ListKind::SourceRefs => self.b.push_source_ref(&t.0),
            }
        }
        Ok(())
    }
}

fn read_strings<'de, A: MapAccess<'de>>(
    b: &mut Builder,
    map: &mut A,
) -> Result<super::model::Slots, A::Error> {
    let start = b.begin_strings();
    map.next_value_seed(StringListSeed {
        b,
        kind: ListKind::Strings,
    })?;
    Ok(b.end_strings(start))
}

fn read_source_refs<'de, A: MapAccess<'de>>(
    b: &mut Builder,
    map: &mut A,
) -> Result<super::model::Slots, A::Error> {
    let start = b.begin_sources();
    map.next_value_seed(StringListSeed {
        b,
        kind: ListKind::SourceRefs,
    })?;
    Ok(b.end_sources(start))
}

struct AttrsSeed<'b> {
    b: &'b mut Builder,
    section: &'static str,
    index: u32,
}

impl<'de> DeserializeSeed<'de> for AttrsSeed<'_> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for AttrsSeed<'_> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an object of attributes")
    }
    fn visit_unit<E>(self) -> Result<(), E> {
        Ok(())
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        while let Some(key) = map.next_key::<Text<'de>>()? {
            let value = map.next_value::<Scalar<'de>>()?;
            let (section, index) = (self.section, self.index);
            self.b.push_attr(&key.0, value.input(), || {
                format!("{section}[{index}].attrs.{}", key.0)
            });
        }
        Ok(())
    }
}

fn read_attrs<'de, A: MapAccess<'de>>(
    b: &mut Builder,
    map: &mut A,
    section: &'static str,
    index: u32,
) -> Result<super::model::Slots, A::Error> {
    let start = b.begin_attrs();
    map.next_value_seed(AttrsSeed { b, section, index })?;
    Ok(b.end_attrs(start))
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
        let parsed = parse(text, &mut builder, &mut ctx, None);
        conclude(parsed, builder, &ctx, "t.json", text)
    }

    /// Whether reading the relations ahead gives what the one-thread loader gives (or declines).
    fn check_read_ahead(text: &str) -> bool {
        for strict in [false, true] {
            let opts = LoadOptions {
                strict,
                ..LoadOptions::default()
            };
            let Some(ahead) = load_reading_ahead(text, "t.json", opts) else {
                return false;
            };
            assert_eq!(
                format!("{ahead:?}"),
                format!("{:?}", serial(text, opts)),
                "strict {strict}: {text}"
            );
        }
        true
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
            {"id": "a", "kind": "company", "name": "A", "attrs": {"relations": [1]}},
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
            assert!(check_read_ahead(&format!("{entities}{tail}")), "{tail}");
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
            check_read_ahead(&format!("{entities}{tail}"));
        }
        // Relations first, or only inside a value: the ordinary parse reads them.
        for text in [
            r#"{"relations": [{"from": "a", "to": "b", "type": "t"}], "entities": [
                {"id": "a", "kind": "k", "name": "A"}, {"id": "b", "kind": "k", "name": "B"}]}"#,
            r#"{"entities": [{"id": "a", "kind": "k", "name": "A", "attrs": {"relations": 1}}]}"#,
            r#"{"entities": [{"id": "a", "kind": "k", "name": "\"relations\": []"}]}"#,
        ] {
            assert!(check_read_ahead(text), "{text}");
        }
    }

    #[test]
    fn reading_relations_ahead_of_every_fixture_changes_nothing() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
        let mut read = 0;
        for sub in ["ok", "bad", "."] {
            for entry in std::fs::read_dir(dir.join(sub)).unwrap() {
                let path = entry.unwrap().path();
                let Ok(text) = std::fs::read_to_string(&path) else {
                    continue;
                };
                let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
                if path.extension().is_some_and(|e| e == "json")
                    && !super::super::import::looks_foreign(text)
                {
                    check_read_ahead(text);
                    for strict in [false, true] {
                        let opts = LoadOptions {
                            strict,
                            ..LoadOptions::default()
                        };
                        assert_eq!(
                            format!("{:?}", load_one_thread(text, "t.json", opts, true)),
                            format!("{:?}", serial(text, opts)),
                            "{path:?}"
                        );
                    }
                    read += 1;
                }
            }
        }
        assert!(read > 20);
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
