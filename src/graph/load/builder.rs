//! The graph builder: takes entities and relations one at a time, validates them, and indexes.
//!
//! Both the native JSON loader and the importers feed a [`Builder`]. Problems are collected (not
//! returned on the first one) with their JSON path; [`Builder::finish`] turns paths into
//! `line:column` only when there is something to report. How relations are taken is
//! `relations.rs`; the checks are `checks.rs`. The builder never parses text.

mod checks;
mod relations;

use std::collections::HashMap;

use super::closest::closest;
use super::ends::{EndLookup, RelationBatch};
use super::locate::locate_all;
use super::paged::Behind;
use crate::conventions::{
    ATTR_DATE, ATTR_ENDED, ATTR_ENDED_HOW, ATTR_STATUS, KNOWN_STATUSES, is_valid_date,
};
use crate::graph::error::{LoadError, MAX_LISTED_PROBLEMS, Problem, ProblemKind};
use crate::graph::index::{IdIndex, build_adjacency};
use crate::graph::model::{
    EntityIx, EntityRec, Graph, GraphData, Slots, SourceRec, Span, StoredAttr, StoredValue,
};

/// A loaded graph and the warnings (non-fatal problems) found while loading it.
#[derive(Debug)]
pub struct Loaded {
    /// The graph.
    pub graph: Graph,
    /// Problems that did not stop loading, in file order.
    pub warnings: Vec<Problem>,
    /// How many warnings there were in all (`warnings` keeps the first few hundred).
    pub warning_total: usize,
    /// The format the file was read as.
    pub format: super::format::Detected,
}

/// A scalar value handed to the builder.
#[derive(Clone, Debug)]
pub(crate) enum ValueInput<'a> {
    Null,
    Bool(bool),
    Int(i64),
    Float(f64),
    Str(&'a str),
}

/// An entity as read, handed to [`Builder::add_entity`]. The lists were pushed before it (see
/// [`Builder`]); absent required fields are reported there, so they are options here.
pub(crate) struct EntityInput<'a> {
    /// Its position in the file's entity list, for messages.
    pub file_ix: u32,
    pub id: Option<&'a str>,
    pub kind: Option<&'a str>,
    pub name: Option<&'a str>,
    pub summary: Option<&'a str>,
    pub aliases: Slots,
    pub tags: Slots,
    pub attrs: Slots,
    pub sources: Slots,
}

/// A source reference held until the sources list is known.
#[derive(Clone, Copy, Debug)]
enum Owner {
    Entity(u32),
    Relation(u32),
}

/// A relation read before the entities: its ends are found when finishing.
struct PendingRelation {
    file_ix: u32,
    from: String,
    to: String,
    rtype: u32,
    attrs: Slots,
    sources: Slots,
}

/// How many relations have their ends looked up together: enough to amortise handing a batch to
/// the lookup thread, small enough that the batch's copy of their ids stays in cache.
const RELATION_BATCH: usize = 8192;
/// From how many entities relation ends are looked up on a thread of their own; below, a thread
/// costs more than it saves (and the default graph starts in a few milliseconds).
const END_LOOKUP_MIN_ENTITIES: usize = 50_000;

/// Accumulates a graph. Lists (aliases, tags, attributes, source references) are pushed before the
/// record that owns them: call `begin_*`, push items, then pass the returned slots to `add_*`.
pub(crate) struct Builder {
    g: GraphData,
    entity_file_ix: Vec<u32>,
    relation_file_ix: Vec<u32>,
    pending: Vec<PendingRelation>,
    entities_done: bool,
    /// Relations read after the entities, waiting for their ends to be looked up together.
    batch: RelationBatch,
    /// Looks the ends of full batches up beside the parser, on large graphs.
    lookup: Option<EndLookup>,
    /// Batches back from the lookup thread, kept for reuse.
    spare: Vec<RelationBatch>,
    /// A relation with an end not known yet waits for the end of the file instead of being an
    /// error (importers: a record may name a node defined further on); see
    /// [`Builder::resolve_ends_as_read`].
    retry_unknown_ends: bool,
    source_ix: HashMap<String, u32>,
    source_defined: Vec<bool>,
    source_first_ref: Vec<Option<(Owner, u32)>>,
    source_file_ix: Vec<u32>,
    errors: Vec<Problem>,
    error_total: usize,
    warnings: Vec<Problem>,
    warning_total: usize,
    unknown_fields: Vec<Problem>,
    strict: bool,
    /// The last `ended_how` attribute pushed: its slot and path, until its list ends.
    ended_how: Option<(u32, String, String)>,
    /// The slot of the last `ended` attribute pushed.
    ended_at: Option<u32>,
    /// Entities are not indexed one by one but all at once when the list ends.
    defer_ids: bool,
    /// Indexing at once found a duplicate id: the caller reads the file again, indexing one
    /// entity at a time, which reports duplicates exactly where the one-by-one loader does.
    rerun: bool,
    /// The address and length of the text the native reader borrows keys from (0 when not
    /// known), so that a repeated key is located at itself rather than at its first occurrence.
    text_at: (usize, usize),
    /// The reader's place in a paged text, to release the pages it has passed.
    behind: Option<Behind>,
    /// Warnings about repeated keys (index in `warnings`) with the key's own byte offset.
    key_at: Vec<(usize, usize)>,
    /// How many ids to make room for when the first is indexed (files with relations hold
    /// about 500 bytes per entity; the table doubles if short). Not before: indexing all ids at
    /// once builds a table of its own.
    id_hint: usize,
}

const MAX_KEPT_WARNINGS: usize = 200;
impl Builder {
    pub(crate) fn new(strict: bool, size_hint: usize) -> Self {
        let mut g = GraphData::default();
        // A rough guess (about 250 bytes of JSON per entity) keeps early reallocation down.
        let entities = size_hint / 250;
        g.strings.reserve(size_hint / 3);
        g.ids.reserve(entities * 16);
        g.entities.reserve(entities);
        Builder {
            g,
            entity_file_ix: Vec::with_capacity(entities),
            relation_file_ix: Vec::new(),
            pending: Vec::new(),
            entities_done: false,
            batch: RelationBatch::default(),
            lookup: None,
            spare: Vec::new(),
            retry_unknown_ends: false,
            source_ix: HashMap::new(),
            source_defined: Vec::new(),
            source_first_ref: Vec::new(),
            source_file_ix: Vec::new(),
            errors: Vec::new(),
            error_total: 0,
            warnings: Vec::new(),
            warning_total: 0,
            unknown_fields: Vec::new(),
            strict,
            ended_how: None,
            ended_at: None,
            defer_ids: false,
            rerun: false,
            text_at: (0, 0),
            behind: None,
            key_at: Vec::new(),
            id_hint: size_hint / 500,
        }
    }

    /// Indexes the entity ids all at once when the entities end (faster for large files; see
    /// [`IdIndex::build`]). If two entities share an id, [`Builder::needs_rerun`] says so and the
    /// caller must read the file again without this.
    pub(crate) fn index_ids_at_once(&mut self) {
        self.defer_ids = true;
    }

    pub(crate) fn needs_rerun(&self) -> bool {
        self.rerun
    }

    /// Indexes the ids deferred by [`Builder::index_ids_at_once`] now (for an importer, whose
    /// entities may end without a relation), and says whether the caller must read again.
    pub(crate) fn index_ids_now_and_check(&mut self) -> bool {
        self.index_deferred_ids();
        self.rerun
    }

    fn index_deferred_ids(&mut self) {
        if !self.defer_ids {
            return;
        }
        self.defer_ids = false;
        let entities = &self.g.entities;
        match IdIndex::build(&self.g.ids, entities.len(), |ix| entities[ix].id) {
            Ok(index) => self.g.id_index = index,
            Err(_) => self.rerun = true,
        }
    }

    pub(crate) fn set_title(&mut self, title: &str) {
        self.g.title = Some(title.to_string());
    }

    #[allow(dead_code)] // used by importers
    pub(crate) fn add_meta(&mut self, key: &str, json: String) {
        self.g.meta.push((key.to_string(), json));
    }

    pub(crate) fn error(&mut self, p: Problem) {
        self.error_total += 1;
        if self.errors.len() < MAX_LISTED_PROBLEMS * 5 {
            self.errors.push(p);
        }
    }

    pub(crate) fn warn(&mut self, p: Problem) {
        self.warning_total += 1;
        if self.warnings.len() < MAX_KEPT_WARNINGS {
            self.warnings.push(p);
        }
    }

    /// Notes the text the reader borrows its keys from (see [`Builder::duplicate_key`]).
    pub(crate) fn reads_from(&mut self, text: &str) {
        self.text_at = (text.as_ptr() as usize, text.len());
        self.behind = Some(Behind::new(text, 0));
    }

    /// The reader has passed `key`, borrowed from the text given to [`Builder::reads_from`]:
    /// the pages well behind it are released if the text is paged.
    #[inline]
    pub(crate) fn passed(&mut self, key: &str) {
        if let Some(behind) = &mut self.behind {
            behind.reached_str(key);
        }
    }

    /// A key given twice in one object (`path` names it): a warning, even under `--strict`.
    /// Located at `key` itself when it borrows from the text given to [`Builder::reads_from`],
    /// else at `path` (its first occurrence).
    pub(crate) fn duplicate_key(&mut self, path: String, key: &str) {
        let (start, len) = self.text_at;
        let at = key.as_ptr() as usize;
        if start != 0
            && at > start
            && at + key.len() <= start + len
            && self.warnings.len() < MAX_KEPT_WARNINGS
        {
            self.key_at.push((self.warnings.len(), at - start - 1));
        }
        let kind = ProblemKind::DuplicateKey {
            key: key.chars().take(60).collect(),
        };
        self.warn(Problem::new(path, kind));
    }

    /// Whether the attribute pushed last has the key of one pushed before it since `start`
    /// (keys are interned: an integer compare per attribute of the record).
    pub(crate) fn last_attr_repeats(&self, start: u32) -> bool {
        match self.g.attrs.split_last() {
            Some((last, before)) => before
                .get(start as usize..)
                .is_some_and(|rest| rest.iter().any(|a| a.key == last.key)),
            None => false,
        }
    }

    /// A field kgx does not know: ignored, or an error under `--strict`.
    pub(crate) fn unknown_field(&mut self, path: String, key: &str, known: &[&str]) {
        if self.unknown_fields.len() < MAX_KEPT_WARNINGS {
            let suggestion = closest(key, known.iter().copied()).map(str::to_string);
            let hint = suggestion.as_ref().map(|k| format!("did you mean '{k}'?"));
            let kind = ProblemKind::UnknownField {
                key: key.to_string(),
                suggestion,
            };
            self.unknown_fields
                .push(Problem::new(path, kind).with_hint(hint));
        }
    }

    fn push_str(&mut self, s: &str) -> Span {
        let start = self.g.strings.len();
        self.g.strings.push_str(s);
        // The arena is addressed with u32: graphs over 4 GiB of text are refused when finishing.
        Span {
            start: start.min(u32::MAX as usize) as u32,
            len: s.len().min(u32::MAX as usize) as u32,
        }
    }

    /// Starts a list of strings (aliases or tags).
    pub(crate) fn begin_strings(&self) -> u32 {
        self.g.span_lists.len() as u32
    }

    pub(crate) fn push_string(&mut self, s: &str) {
        let span = self.push_str(s);
        self.g.span_lists.push(span);
    }

    pub(crate) fn end_strings(&self, start: u32) -> Slots {
        Slots {
            start,
            len: self.g.span_lists.len() as u32 - start,
        }
    }

    pub(crate) fn begin_attrs(&self) -> u32 {
        self.g.attrs.len() as u32
    }

    /// Adds an attribute; `path` names it for warnings about conventional keys.
    pub(crate) fn push_attr(
        &mut self,
        key: &str,
        value: ValueInput<'_>,
        path: impl FnOnce() -> String,
    ) {
        if key == ATTR_ENDED {
            self.ended_at = Some(self.g.attrs.len() as u32);
        }
        match (key, &value) {
            (ATTR_DATE, ValueInput::Str(s)) if !is_valid_date(s) => self.warn(
                Problem::new(
                    path(),
                    ProblemKind::BadDate {
                        date: s.to_string(),
                    },
                )
                .with_hint(Some("write dates like 2025-11-03, 2025-11 or 2025".into())),
            ),
            (ATTR_DATE, ValueInput::Int(y)) if !(1000..=9999).contains(y) => {
                self.warn(Problem::new(path(), ProblemKind::DateNotAYear { year: *y }))
            }
            (ATTR_DATE, ValueInput::Float(_) | ValueInput::Bool(_)) => {
                self.warn(Problem::new(path(), ProblemKind::DateNotAString))
            }
            (ATTR_STATUS, ValueInput::Str(s)) if !KNOWN_STATUSES.contains(s) => self.warn(
                Problem::new(
                    path(),
                    ProblemKind::UnknownStatus {
                        status: s.to_string(),
                    },
                )
                .with_hint(Some(format!(
                    "known statuses: {}",
                    KNOWN_STATUSES.join(", ")
                ))),
            ),
            (ATTR_ENDED, ValueInput::Str(s)) if !is_valid_date(s) => self.warn(
                Problem::new(
                    path(),
                    ProblemKind::BadDate {
                        date: s.to_string(),
                    },
                )
                .with_hint(Some("write dates like 2025-11-03, 2025-11 or 2025".into())),
            ),
            (ATTR_ENDED_HOW, _) => self.check_ending(&value, path()),
            _ => {}
        }
        let key = self.g.attr_keys.intern(key);
        let value = match value {
            ValueInput::Null => StoredValue::Null,
            ValueInput::Bool(b) => StoredValue::Bool(b),
            ValueInput::Int(i) => StoredValue::Int(i),
            ValueInput::Float(f) => StoredValue::Float(f),
            ValueInput::Str(s) => StoredValue::Str(self.push_str(s)),
        };
        self.g.attrs.push(StoredAttr { key, value });
    }

    /// Ends an attribute list begun at `start`; checks that an `ended_how` in it has its date.
    pub(crate) fn end_attrs(&mut self, start: u32) -> Slots {
        self.check_ending_date(start);
        Slots {
            start,
            len: self.g.attrs.len() as u32 - start,
        }
    }

    pub(crate) fn begin_sources(&self) -> u32 {
        self.g.source_refs.len() as u32
    }

    /// Adds a reference to a source id, which may be defined later in the file.
    pub(crate) fn push_source_ref(&mut self, id: &str) {
        let ix = self.source_index(id);
        self.g.source_refs.push(ix);
    }

    pub(crate) fn end_sources(&self, start: u32) -> Slots {
        Slots {
            start,
            len: self.g.source_refs.len() as u32 - start,
        }
    }

    fn source_index(&mut self, id: &str) -> u32 {
        if let Some(&ix) = self.source_ix.get(id) {
            return ix;
        }
        let ix = self.g.sources.len() as u32;
        self.g.sources.push(SourceRec {
            id: id.to_string(),
            ..SourceRec::default()
        });
        self.source_defined.push(false);
        self.source_first_ref.push(None);
        self.source_file_ix.push(0);
        self.source_ix.insert(id.to_string(), ix);
        ix
    }

    /// Defines a source from the top-level `sources` list.
    pub(crate) fn add_source(&mut self, file_ix: u32, rec: SourceRec) {
        if rec.id.is_empty() {
            self.error(Problem::new(
                format!("sources[{file_ix}].id"),
                ProblemKind::SourceWithoutId,
            ));
            return;
        }
        let ix = self.source_index(&rec.id) as usize;
        if self.source_defined[ix] {
            let first = self.source_file_ix[ix];
            self.warn(
                Problem::new(
                    format!("sources[{file_ix}].id"),
                    ProblemKind::DuplicateSource { id: rec.id.clone() },
                )
                .with_related(format!("sources[{first}]")),
            );
            return;
        }
        if let Some(d) = &rec.date
            && !is_valid_date(d)
        {
            self.warn(Problem::new(
                format!("sources[{file_ix}].date"),
                ProblemKind::BadDate { date: d.clone() },
            ));
        }
        self.source_defined[ix] = true;
        self.source_file_ix[ix] = file_ix;
        self.g.sources[ix] = rec;
    }

    /// Adds an entity. Missing required fields are reported and the entity is skipped.
    pub(crate) fn add_entity(&mut self, entity: EntityInput<'_>) {
        let EntityInput {
            file_ix,
            id,
            kind,
            name,
            summary,
            aliases,
            tags,
            attrs,
            sources,
        } = entity;
        let hint = || {
            format!(
                "every entity needs \"id\", \"kind\" and \"name\"{}",
                id.map(|i| format!(" (this is '{i}')")).unwrap_or_default()
            )
        };
        let fields = [("id", id), ("kind", kind), ("name", name)];
        if !self.check_required("entities", file_ix, fields, hint) {
            return;
        }
        let (id, kind, name) = (id.unwrap_or(""), kind.unwrap_or(""), name.unwrap_or(""));
        // Entities after relations (a second "entities" list): the index changes again.
        self.stop_lookup();
        let ix = self.g.entities.len() as EntityIx;
        let vacant = if self.defer_ids {
            None
        } else {
            if self.g.id_index.heap_bytes() == 0 {
                self.g.id_index = IdIndex::with_capacity(self.id_hint);
            }
            match self.g.id_index.entry(id, &self.g.ids) {
                Err(vacant) => Some(vacant),
                Ok(first) => {
                    self.duplicate_id(file_ix, id, first);
                    return;
                }
            }
        };
        let id_span = Span {
            start: self.g.ids.len().min(u32::MAX as usize) as u32,
            len: id.len().min(u32::MAX as usize) as u32,
        };
        self.g.ids.push_str(id);
        let name_span = self.push_str(name);
        let summary = summary.map(|s| self.push_str(s));
        let kind = self.g.kinds.intern(kind);
        self.g.entities.push(EntityRec {
            id: id_span,
            name: name_span,
            summary,
            kind,
            aliases,
            tags,
            attrs,
            sources,
        });
        self.entity_file_ix.push(file_ix);
        if let Some(vacant) = vacant {
            // Nothing changed the index since `entry` found the slot.
            self.g.id_index.insert(vacant, id_span, ix);
        }
        for s in sources.range() {
            let src = self.g.source_refs[s] as usize;
            if self.source_first_ref[src].is_none() {
                self.source_first_ref[src] =
                    Some((Owner::Entity(file_ix), (s - sources.start as usize) as u32));
            }
        }
    }

    /// Marks the end of the entities list: relations after this have their ends looked up at
    /// once.
    pub(crate) fn entities_done(&mut self) {
        self.entities_done = true;
        self.index_deferred_ids();
        if self.lookup.is_none() && self.g.entities.len() >= END_LOOKUP_MIN_ENTITIES {
            let ids = std::mem::take(&mut self.g.ids);
            let index = std::mem::take(&mut self.g.id_index);
            self.lookup = Some(EndLookup::start(ids, index));
        }
    }

    /// Looks up what was deferred, indexes, and returns the graph or every problem found.
    pub(crate) fn finish(mut self, origin: &str, text: &[u8]) -> Result<Loaded, LoadError> {
        self.index_deferred_ids();
        self.flush_relations();
        self.stop_lookup();
        self.entities_done = true;
        let reorder = std::mem::take(&mut self.retry_unknown_ends) && !self.pending.is_empty();
        for p in std::mem::take(&mut self.pending) {
            self.add_pending(&p);
        }
        if reorder {
            self.relations_in_file_order();
        }
        if self.g.strings.len() > u32::MAX as usize || self.g.ids.len() > u32::MAX as usize {
            return Err(LoadError::Read {
                origin: origin.to_string(),
                message: "the graph holds more than 4 GiB of text, more than kgx supports".into(),
                hint: None,
                source: None,
            });
        }
        self.add_did_you_mean();
        self.check_sources();
        let (out, inc) = build_adjacency(self.g.entities.len(), &self.g.relations);
        self.g.outgoing = out;
        self.g.incoming = inc;
        self.check_duplicate_relations();
        let unknown = std::mem::take(&mut self.unknown_fields);
        if self.strict {
            for p in unknown {
                self.error(p);
            }
        }
        if self.error_total > 0 {
            let mut errors = std::mem::take(&mut self.errors);
            locate_all(text, &mut errors);
            errors.sort_by_key(|p| p.location.map(|l| (l.line, l.column)));
            errors.truncate(MAX_LISTED_PROBLEMS);
            return Err(LoadError::Invalid {
                origin: origin.to_string(),
                problems: errors,
                total: self.error_total,
            });
        }
        self.g.shrink_to_fit();
        let mut warnings = std::mem::take(&mut self.warnings);
        locate_all(text, &mut warnings);
        for &(i, offset) in &self.key_at {
            if offset < text.len() {
                warnings[i].location = Some(super::locate::location_of(text, offset));
            }
        }
        warnings.sort_by_key(|p| p.location.map(|l| (l.line, l.column)));
        Ok(Loaded {
            graph: Graph::from(self.g),
            warnings,
            warning_total: self.warning_total,
            format: super::format::Detected::default(),
        })
    }
}

#[cfg(test)]
mod batch_tests {
    use crate::graph::{LoadError, LoadOptions, load_bytes};

    /// More relations than one batch, with unknown ends on both sides of batch boundaries: the
    /// relations keep file order and every unknown end is reported at its relation.
    #[test]
    fn batched_relations_keep_file_order_and_report_unknown_ends() {
        check_batched_relations(100);
    }

    /// The same on a graph large enough that a thread resolves the relations.
    #[test]
    fn relations_resolved_on_a_thread_keep_file_order_and_report_unknown_ends() {
        check_batched_relations(super::END_LOOKUP_MIN_ENTITIES);
    }

    /// Entities after relations: the lookup thread gives the index back, then starts again.
    #[test]
    fn entities_after_relations_on_a_large_graph() {
        let n = super::END_LOOKUP_MIN_ENTITIES;
        let entity = |i: usize| format!(r#"{{"id": "e{i}", "kind": "chip", "name": "E{i}"}}"#);
        let first: Vec<String> = (0..n).map(entity).collect();
        let relations: Vec<String> = (0..2 * super::RELATION_BATCH)
            .map(|i| {
                format!(
                    r#"{{"from": "e{}", "to": "e{}", "type": "t"}}"#,
                    i % n,
                    i + 1
                )
            })
            .collect();
        let json = format!(
            r#"{{"entities": [{}], "relations": [{}], "entities": [{}], "relations": [{}]}}"#,
            first.join(","),
            relations.join(","),
            entity(n),
            r#"{"from": "e1", "to": "e0", "type": "t"}"#,
        );
        let g = load_bytes(json.as_bytes(), "t", LoadOptions::default())
            .unwrap()
            .graph;
        assert_eq!(g.entity_count(), n + 1);
        assert_eq!(g.relation_count(), 2 * super::RELATION_BATCH + 1);
        assert_eq!(g.find(&format!("e{n}")), Some(n as u32));
    }

    fn check_batched_relations(entity_count: usize) {
        let n = 3 * super::RELATION_BATCH + 5;
        let entities: Vec<String> = (0..entity_count)
            .map(|i| format!(r#"{{"id": "e{i}", "kind": "chip", "name": "E{i}"}}"#))
            .collect();
        let relations: Vec<String> = (0..n)
            .map(|i| {
                let to = if i % 4099 == 7 {
                    format!("zz{i}")
                } else {
                    format!("e{}", (i * 7) % 100)
                };
                format!(
                    r#"{{"from": "e{}", "to": "{to}", "type": "t{i}"}}"#,
                    (i / 3) % 100
                )
            })
            .collect();
        let json = format!(
            r#"{{"entities": [{}], "relations": [{}]}}"#,
            entities.join(","),
            relations.join(",")
        );
        let bad: Vec<usize> = (0..n).filter(|i| i % 4099 == 7).collect();
        match load_bytes(json.as_bytes(), "t", LoadOptions::default()) {
            Err(LoadError::Invalid {
                problems, total, ..
            }) => {
                assert_eq!(total, bad.len());
                let paths: Vec<String> = problems.iter().map(|p| p.path.clone()).collect();
                let want: Vec<String> = bad.iter().map(|i| format!("relations[{i}].to")).collect();
                assert_eq!(paths, want);
            }
            other => panic!("expected unknown-entity errors, got {other:?}"),
        }
        let good = json.replace("\"zz", "\"e1\", \"x\": \"");
        let g = load_bytes(good.as_bytes(), "t", LoadOptions::default())
            .unwrap()
            .graph;
        assert_eq!(g.relation_count(), n);
        for (i, r) in g.relations().enumerate() {
            assert_eq!(r.rtype(), format!("t{i}"));
            assert_eq!(r.from().id(), format!("e{}", (i / 3) % 100));
        }
    }
}
