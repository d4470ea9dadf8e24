//! The one way the format importers of this folder (APOC, GraphSON, Wikidata, ...) hand
//! entities and relations to the shared [`Builder`]: each record with where it stands in the
//! file (a byte offset and a name such as `relationship` or `nodes[3]`), so that every problem,
//! the builder's included, is reported in the file's own terms and at its own line.
//!
//! It also makes stub entities (kind `unresolved`) for relation ends no record defines, for the
//! formats whose references may point outside the file (Wikidata, JSON-LD), and keeps the
//! importer's own problems apart from the builder's, which locates by native paths.
//! What it does not do: read any format.

use std::borrow::Cow;
use std::collections::HashSet;

use super::json::Json;
use super::places::{NameAt, Named, Places, name_of};
use crate::graph::Location;
use crate::graph::error::{LoadError, MAX_LISTED_PROBLEMS, Problem, ProblemKind};
use crate::graph::load::LoadOptions;
use crate::graph::load::builder::{Builder, EntityInput, Loaded, ValueInput};
use crate::graph::load::format::Detected;
use crate::graph::load::paged::Behind;

/// The kind of the stub entities made for relation ends outside the file.
pub const STUB_KIND: &str = "unresolved";

pub(crate) use super::places::At;

/// An attribute value handed to the sink.
#[derive(Clone, Debug)]
pub(crate) enum Val<'a> {
    Json(&'a Json<'a>),
    Str(Cow<'a, str>),
    Int(i64),
    Float(f64),
    Bool(bool),
}

/// The lists that go with one entity or relation.
#[derive(Default)]
pub(crate) struct Extra<'a> {
    pub aliases: Vec<Cow<'a, str>>,
    pub tags: Vec<Cow<'a, str>>,
    pub attrs: Vec<(Cow<'a, str>, Val<'a>)>,
    /// Ids of sources (kgx JSON Lines only: the other formats have none).
    pub sources: Vec<Cow<'a, str>>,
}

impl<'a> Extra<'a> {
    pub(super) fn attr(&mut self, key: impl Into<Cow<'a, str>>, value: Val<'a>) {
        self.attrs.push((key.into(), value));
    }
}

/// The offset of `s` in `text` when `s` borrows from it (to place a record).
pub(crate) fn offset_in(text: &str, s: &str) -> Option<usize> {
    let (base, at) = (text.as_ptr() as usize, s.as_ptr() as usize);
    (at >= base && at <= base + text.len()).then(|| at - base)
}

/// The offset of a parsed value in `text`: of its first borrowed string (a key, for objects).
pub(crate) fn offset_of(text: &str, v: &Json<'_>) -> Option<usize> {
    match v {
        Json::Str(Cow::Borrowed(s)) => offset_in(text, s).map(|o| o.saturating_sub(1)),
        Json::Obj(fields) => fields.iter().find_map(|(k, v)| match k {
            Cow::Borrowed(k) => offset_in(text, k).map(|o| o.saturating_sub(1)),
            Cow::Owned(_) => offset_of(text, v),
        }),
        Json::Arr(items) => items.iter().find_map(|v| offset_of(text, v)),
        _ => None,
    }
}

pub(crate) struct Sink<'t> {
    b: Builder,
    pub text: &'t str,
    pub opts: LoadOptions,
    entity_at: Places,
    relation_at: Places,
    /// How this format's records named by their id get it back (see [`At::with_id`]).
    name_at: Option<NameAt>,
    /// The words for a relation's ends in this format (`start`/`end`).
    ends: [&'static str; 2],
    /// Whether relation ends no record defines become stub entities.
    stubs: bool,
    problems: Vec<(Problem, usize)>,
    error_total: usize,
    warnings: Vec<(Problem, usize)>,
    warning_total: usize,
    b_sources: u32,
    /// Whether relations are handed to the builder to be resolved as they come (from the first).
    resolving: bool,
}

impl<'t> Sink<'t> {
    pub(super) fn new(text: &'t str, opts: LoadOptions, ends: [&'static str; 2]) -> Sink<'t> {
        Sink {
            b: Builder::new(opts.strict, text.len()),
            text,
            opts,
            entity_at: Places::default(),
            relation_at: Places::default(),
            name_at: None,
            ends,
            stubs: false,
            problems: Vec::new(),
            error_total: 0,
            warnings: Vec::new(),
            warning_total: 0,
            b_sources: 0,
            resolving: false,
        }
    }

    /// Records placed with [`At::with_id`] get their id back with `name_at` when a message
    /// names them.
    pub(super) fn names_read_again_by(&mut self, name_at: NameAt) {
        self.name_at = Some(name_at);
    }

    /// Whether records placed with [`At::with_id`] will get their ids back.
    pub(super) fn reads_names_again(&self) -> bool {
        self.name_at.is_some()
    }

    /// What messages call the record at `at`.
    pub(super) fn name_of(&self, at: &At) -> String {
        name_of(at, self.text, self.name_at)
    }

    /// Relation ends no record defines become entities of kind [`STUB_KIND`] (unless
    /// `--no-stubs`, where they are errors as in any other format).
    pub(crate) fn make_stubs(&mut self) {
        if !self.opts.no_stubs {
            self.stubs = true;
        }
    }

    pub(super) fn title(&mut self, title: &str) {
        self.b.set_title(title);
    }

    pub(crate) fn meta(&mut self, key: &str, value: &Json<'_>) {
        self.b.add_meta(key, value.to_text());
    }

    /// An error at byte `offset` (the graph will not load).
    pub(super) fn error(
        &mut self,
        offset: usize,
        path: impl Into<String>,
        message: impl Into<String>,
    ) {
        self.error_total += 1;
        if self.problems.len() < MAX_LISTED_PROBLEMS * 5 {
            self.problems
                .push((Problem::new(path, message.into()), offset));
        }
    }

    /// A warning at byte `offset` (the graph loads).
    pub(crate) fn warn(
        &mut self,
        offset: usize,
        path: impl Into<String>,
        message: impl Into<String>,
    ) {
        self.warning_total += 1;
        if self.warnings.len() < 200 {
            self.warnings
                .push((Problem::new(path, message.into()), offset));
        }
    }

    /// Warns about every key repeated within one object of `value` (a parsed document or
    /// line starting at byte `near`). A warning
    /// even under `--strict`: the JSON is valid and the file still loads as its first values say.
    pub(crate) fn duplicate_keys(&mut self, value: &Json<'_>, near: usize) {
        let found = super::duplicate_keys::find(self.text, value, near);
        self.duplicate_keys_found(found);
    }

    /// [`Sink::duplicate_keys`] for keys found already (on another thread).
    pub(crate) fn duplicate_keys_found(&mut self, found: Vec<(String, usize)>) {
        for (key, offset) in found {
            let key: String = key.chars().take(60).collect();
            let kind = ProblemKind::DuplicateKey { key };
            self.warning_total += 1;
            if self.warnings.len() < 200 {
                self.warnings.push((Problem::new("", kind), offset));
            }
        }
    }

    #[allow(clippy::too_many_arguments)]
    pub(super) fn entity(
        &mut self,
        at: At,
        id: &str,
        kind: &str,
        name: &str,
        summary: Option<&str>,
        extra: Extra<'_>,
    ) {
        let ix = self.entity_at.len() as u32;
        let aliases = self.strings(&extra.aliases);
        let tags = self.strings(&extra.tags);
        let attrs = self.attrs(&extra.attrs, "entities", ix);
        let sources = self.sources(&extra.sources);
        let kind = if kind.trim().is_empty() { "node" } else { kind };
        let name = if name.trim().is_empty() { id } else { name };
        let summary = summary.filter(|s| !s.trim().is_empty());
        self.entity_at.push(at);
        self.b.add_entity(EntityInput {
            file_ix: ix,
            id: Some(id),
            kind: Some(kind),
            name: Some(name),
            summary,
            aliases,
            tags,
            attrs,
            sources,
        });
    }

    pub(super) fn relation(&mut self, at: At, from: &str, to: &str, rtype: &str, extra: Extra<'_>) {
        let ix = self.relation_at.len() as u32;
        let attrs = self.attrs(&extra.attrs, "relations", ix);
        let sources = self.sources(&extra.sources);
        let rtype = if rtype.trim().is_empty() {
            "linked"
        } else {
            rtype
        };
        self.relation_at.push(at);
        if !self.resolving {
            self.resolving = true;
            self.b.resolve_ends_as_read();
        }
        self.b
            .add_relation(ix, Some(from), Some(to), Some(rtype), attrs, sources);
    }

    /// Defines a source that records may cite.
    pub(super) fn source(&mut self, rec: crate::graph::model::SourceRec) {
        let ix = self.b_sources;
        self.b_sources += 1;
        self.b.add_source(ix, rec);
    }

    fn sources(&mut self, ids: &[Cow<'_, str>]) -> crate::graph::model::Slots {
        let start = self.b.begin_sources();
        for id in ids {
            self.b.push_source_ref(id);
        }
        self.b.end_sources(start)
    }

    fn strings(&mut self, list: &[Cow<'_, str>]) -> crate::graph::model::Slots {
        let start = self.b.begin_strings();
        for s in list {
            self.b.push_string(s);
        }
        self.b.end_strings(start)
    }

    /// The attributes of record `ix` of `section` (`entities`, `relations`): a problem with one
    /// is named by the builder's own path (`entities[3].attrs.date`), which [`Named::rename`]
    /// turns into the record's name and line once the records are all placed.
    fn attrs(
        &mut self,
        list: &[(Cow<'_, str>, Val<'_>)],
        section: &str,
        ix: u32,
    ) -> crate::graph::model::Slots {
        let start = self.b.begin_attrs();
        for (key, value) in list {
            let text;
            let input = match value {
                Val::Str(s) => ValueInput::Str(s),
                Val::Int(i) => ValueInput::Int(*i),
                Val::Float(f) => ValueInput::Float(*f),
                Val::Bool(b) => ValueInput::Bool(*b),
                Val::Json(j) => match j {
                    Json::Null => ValueInput::Null,
                    Json::Bool(v) => ValueInput::Bool(*v),
                    Json::Num(n) => match n.as_i64() {
                        Some(i) => ValueInput::Int(i),
                        None => ValueInput::Float(n.as_f64().unwrap_or(f64::NAN)),
                    },
                    Json::Str(s) => ValueInput::Str(s),
                    Json::Arr(_) | Json::Obj(_) => {
                        text = j.to_text();
                        ValueInput::Str(&text)
                    }
                },
            };
            self.b
                .push_attr(key, input, || format!("{section}[{ix}].attrs.{key}"));
        }
        self.b.end_attrs(start)
    }

    /// Makes the stubs, finishes the builder, and returns the graph or every problem, each
    /// named and located in the file's terms.
    pub(super) fn finish(mut self, origin: &str, detected: Detected) -> Result<Loaded, LoadError> {
        if self.stubs {
            // The ends the builder could not find once every record was read, in the order of
            // the relations naming them, each made once, placed at its first relation.
            let mut made = HashSet::new();
            for (id, relation) in self.b.unresolved_ends() {
                if made.insert(id.clone()) {
                    let offset = self.relation_at.offset(relation as usize).unwrap_or(0);
                    let at = At::new(offset, "stub");
                    self.entity(at, &id, STUB_KIND, &id, None, Extra::default());
                }
            }
        }
        let text = self.text;
        let named = Named {
            entities: &self.entity_at,
            relations: &self.relation_at,
            ends: self.ends,
            text,
            name_at: self.name_at,
        };
        match self.b.finish(origin, b"") {
            Ok(mut loaded) if self.error_total == 0 => {
                let mut warnings = named.rename(loaded.warnings);
                warnings.extend(self.warnings);
                loaded.warnings = locate(text, warnings);
                loaded.warning_total += self.warning_total;
                loaded.format = detected;
                Ok(loaded)
            }
            Ok(_) => Err(invalid(origin, text, self.problems, self.error_total)),
            Err(LoadError::Invalid {
                problems, total, ..
            }) => {
                let mut all = named.rename(problems);
                all.extend(self.problems);
                Err(invalid(origin, text, all, total + self.error_total))
            }
            Err(e) => Err(e),
        }
    }
}

fn invalid(origin: &str, text: &str, problems: Vec<(Problem, usize)>, total: usize) -> LoadError {
    let mut problems = locate(text, problems);
    problems.truncate(MAX_LISTED_PROBLEMS);
    LoadError::Invalid {
        origin: origin.to_string(),
        problems,
        total,
    }
}

/// Sets each problem's line and column from its offset, in one pass over the text, and sorts
/// them in file order.
fn locate(text: &str, mut problems: Vec<(Problem, usize)>) -> Vec<Problem> {
    problems.sort_by_key(|(_, offset)| *offset);
    let bytes = text.as_bytes();
    let (mut line, mut line_start, mut pos) = (1usize, 0usize, 0usize);
    // The pages passed are released in a paged text.
    let mut behind = Behind::new(text, 0);
    for (p, offset) in &mut problems {
        let offset = (*offset).min(bytes.len());
        let (newlines, last) = behind.count_lines(bytes, pos, offset.max(pos));
        line += newlines;
        line_start = last.unwrap_or(line_start);
        pos = offset.max(pos);
        p.location = Some(Location {
            line,
            column: offset - line_start + 1,
        });
    }
    problems.into_iter().map(|(p, _)| p).collect()
}

/// The string at `key` of an object, if it is one.
pub(crate) fn str_at<'j>(fields: &'j [(Cow<'_, str>, Json<'_>)], key: &str) -> Option<&'j str> {
    match super::json::get(fields, key) {
        Some(Json::Str(s)) => Some(s.as_ref()),
        _ => None,
    }
}

/// Parses a whole document, with the native loader's located syntax errors.
pub(crate) fn parse_document<'t>(text: &'t str, origin: &str) -> Result<Json<'t>, LoadError> {
    super::json::parse(text).map_err(|e| {
        crate::graph::load::messages::syntax_error(
            e,
            origin,
            &crate::graph::load::messages::Context::default(),
        )
    })
}

/// The first non-empty scalar among `keys` of an object, with the key it came from.
pub(crate) fn first_text<'k>(
    fields: &[(Cow<'_, str>, Json<'_>)],
    keys: &[&'k str],
) -> Option<(&'k str, String)> {
    keys.iter().find_map(|k| {
        super::json::get(fields, k)
            .and_then(Json::scalar_text)
            .filter(|t| !t.trim().is_empty())
            .map(|t| (*k, t))
    })
}

/// `LegalEntity` → `legal_entity`, `works for` → `works_for`: schema and label names as kgx
/// kinds and relation types.
pub(crate) fn snake(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 4);
    let mut prev_lower = false;
    for c in s.chars() {
        if c.is_uppercase() {
            if prev_lower {
                out.push('_');
            }
            out.extend(c.to_lowercase());
            prev_lower = false;
        } else if c == ' ' || c == '-' {
            if !out.ends_with('_') {
                out.push('_');
            }
            prev_lower = false;
        } else {
            out.push(c);
            prev_lower = c.is_lowercase() || c.is_ascii_digit();
        }
    }
    out
}
