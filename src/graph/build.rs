//! The graph builder: takes entities and relations one at a time, validates them, and indexes.
//!
//! Both the native JSON loader and the importers feed a [`Builder`]. Problems are collected (not
//! returned on the first one) with their JSON path; [`Builder::finish`] turns paths into
//! `line:column` only when there is something to report.

use std::collections::HashMap;

use super::error::{LoadError, MAX_LISTED_PROBLEMS, Problem};
use super::index::{IdIndex, build_adjacency};
use super::locate::{locate_paths, location_of};
use super::model::{
    EntityIx, EntityRec, Graph, RelationRec, Slots, SourceRec, Span, StoredAttr, StoredValue,
};
use super::resolve::{BatchedRelation, Ends, RelationBatch, Resolver};

/// The statuses a deal may have; others load with a warning.
pub const KNOWN_STATUSES: &[&str] = &[
    "rumored",
    "talks",
    "announced",
    "signed",
    "completed",
    "cancelled",
];

/// A loaded graph and the warnings (non-fatal problems) found while loading it.
#[derive(Debug)]
pub struct Loaded {
    pub graph: Graph,
    pub warnings: Vec<Problem>,
    /// How many warnings there were in all (`warnings` keeps the first few hundred).
    pub warning_total: usize,
    /// The format the file was read as.
    pub format: super::import::Detected,
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

/// A source reference held until the sources list is known.
#[derive(Clone, Copy, Debug)]
enum Owner {
    Entity(u32),
    Relation(u32),
}

struct PendingRelation {
    file_ix: u32,
    from: String,
    to: String,
    rtype: u32,
    attrs: Slots,
    sources: Slots,
}

/// How many relations are resolved together: enough to amortise handing a batch to the
/// resolver thread, small enough that the batch's copy of their ids stays in cache.
const RELATION_BATCH: usize = 8192;
/// From how many entities the relations are resolved on a thread of their own; below, a thread
/// costs more than it saves (and the default graph starts in a few milliseconds).
const RESOLVER_MIN_ENTITIES: usize = 50_000;

/// Accumulates a graph. Lists (aliases, tags, attributes, source references) are pushed before the
/// record that owns them: call `begin_*`, push items, then pass the returned slots to `add_*`.
pub(crate) struct Builder {
    g: Graph,
    entity_file_ix: Vec<u32>,
    relation_file_ix: Vec<u32>,
    pending: Vec<PendingRelation>,
    entities_done: bool,
    /// Relations read after the entities, waiting to be resolved together.
    batch: RelationBatch,
    /// Resolves full batches beside the parser, on large graphs.
    resolver: Option<Resolver>,
    /// Batches back from the resolver, kept for reuse.
    spare: Vec<RelationBatch>,
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
    /// Entities are not indexed one by one but all at once when the list ends.
    defer_ids: bool,
    /// Indexing at once found a duplicate id: the caller reads the file again, indexing one
    /// entity at a time, which reports duplicates exactly where the one-by-one loader does.
    rerun: bool,
}

const MAX_KEPT_WARNINGS: usize = 200;

impl Builder {
    pub fn new(strict: bool, size_hint: usize) -> Self {
        let mut g = Graph::default();
        // A rough guess (about 250 bytes of JSON per entity) keeps early reallocation down.
        let entities = size_hint / 250;
        g.strings.reserve(size_hint / 3);
        g.ids.reserve(entities * 16);
        g.entities.reserve(entities);
        // Files with relations hold about 500 bytes per entity; the table doubles if short.
        g.id_index = IdIndex::with_capacity(size_hint / 500);
        Builder {
            g,
            entity_file_ix: Vec::with_capacity(entities),
            relation_file_ix: Vec::new(),
            pending: Vec::new(),
            entities_done: false,
            batch: RelationBatch::default(),
            resolver: None,
            spare: Vec::new(),
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
            defer_ids: false,
            rerun: false,
        }
    }

    /// Indexes the entity ids all at once when the entities end (faster for large files; see
    /// [`IdIndex::build`]). If two entities share an id, [`Builder::needs_rerun`] says so and the
    /// caller must read the file again without this.
    pub fn index_ids_at_once(&mut self) {
        self.defer_ids = true;
    }

    pub fn needs_rerun(&self) -> bool {
        self.rerun
    }

    fn index_deferred_ids(&mut self) {
        if !self.defer_ids {
            return;
        }
        self.defer_ids = false;
        let spans: Vec<Span> = self.g.entities.iter().map(|e| e.id).collect();
        match IdIndex::build(&self.g.ids, &spans) {
            Ok(index) => self.g.id_index = index,
            Err(_) => self.rerun = true,
        }
    }

    pub fn set_title(&mut self, title: &str) {
        self.g.title = Some(title.to_string());
    }

    #[allow(dead_code)] // used by importers
    pub fn add_meta(&mut self, key: &str, json: String) {
        self.g.meta.push((key.to_string(), json));
    }

    pub fn error(&mut self, p: Problem) {
        self.error_total += 1;
        if self.errors.len() < MAX_LISTED_PROBLEMS * 5 {
            self.errors.push(p);
        }
    }

    pub fn warn(&mut self, p: Problem) {
        self.warning_total += 1;
        if self.warnings.len() < MAX_KEPT_WARNINGS {
            self.warnings.push(p);
        }
    }

    /// A field kgx does not know: ignored, or an error under `--strict`.
    pub fn unknown_field(&mut self, path: String, key: &str, known: &[&str]) {
        if self.unknown_fields.len() < MAX_KEPT_WARNINGS {
            let hint = closest(key, known.iter().copied()).map(|k| format!("did you mean '{k}'?"));
            self.unknown_fields
                .push(Problem::new(path, format!("unknown field '{key}'")).with_hint(hint));
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
    pub fn begin_strings(&self) -> u32 {
        self.g.span_lists.len() as u32
    }

    pub fn push_string(&mut self, s: &str) {
        let span = self.push_str(s);
        self.g.span_lists.push(span);
    }

    pub fn end_strings(&self, start: u32) -> Slots {
        Slots {
            start,
            len: self.g.span_lists.len() as u32 - start,
        }
    }

    pub fn begin_attrs(&self) -> u32 {
        self.g.attrs.len() as u32
    }

    /// Adds an attribute; `path` names it for warnings about conventional keys.
    pub fn push_attr(&mut self, key: &str, value: ValueInput<'_>, path: impl FnOnce() -> String) {
        match (key, &value) {
            ("date", ValueInput::Str(s)) if !is_valid_date(s) => self.warn(
                Problem::new(
                    path(),
                    format!("date '{s}' is not YYYY, YYYY-MM or YYYY-MM-DD"),
                )
                .with_hint(Some("write dates like 2025-11-03, 2025-11 or 2025".into())),
            ),
            ("date", ValueInput::Int(y)) if !(1000..=9999).contains(y) => {
                self.warn(Problem::new(path(), format!("date {y} is not a year")))
            }
            ("date", ValueInput::Float(_) | ValueInput::Bool(_)) => self.warn(Problem::new(
                path(),
                "date should be a string like 2025-11-03",
            )),
            ("status", ValueInput::Str(s)) if !KNOWN_STATUSES.contains(s) => self.warn(
                Problem::new(path(), format!("unknown status '{s}'")).with_hint(Some(format!(
                    "known statuses: {}",
                    KNOWN_STATUSES.join(", ")
                ))),
            ),
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

    pub fn end_attrs(&self, start: u32) -> Slots {
        Slots {
            start,
            len: self.g.attrs.len() as u32 - start,
        }
    }

    pub fn begin_sources(&self) -> u32 {
        self.g.source_refs.len() as u32
    }

    /// Adds a reference to a source id, which may be defined later in the file.
    pub fn push_source_ref(&mut self, id: &str) {
        let ix = self.source_index(id);
        self.g.source_refs.push(ix);
    }

    pub fn end_sources(&self, start: u32) -> Slots {
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
    pub fn add_source(&mut self, file_ix: u32, rec: SourceRec) {
        if rec.id.is_empty() {
            self.error(Problem::new(
                format!("sources[{file_ix}].id"),
                "a source needs a non-empty 'id'",
            ));
            return;
        }
        let ix = self.source_index(&rec.id) as usize;
        if self.source_defined[ix] {
            let first = self.source_file_ix[ix];
            self.warn(
                Problem::new(
                    format!("sources[{file_ix}].id"),
                    format!("duplicate source id '{}' (this one is ignored)", rec.id),
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
                format!("date '{d}' is not YYYY, YYYY-MM or YYYY-MM-DD"),
            ));
        }
        self.source_defined[ix] = true;
        self.source_file_ix[ix] = file_ix;
        self.g.sources[ix] = rec;
    }

    /// Adds an entity. Missing required fields are reported and the entity is skipped.
    #[allow(clippy::too_many_arguments)]
    pub fn add_entity(
        &mut self,
        file_ix: u32,
        id: Option<&str>,
        kind: Option<&str>,
        name: Option<&str>,
        summary: Option<&str>,
        aliases: Slots,
        tags: Slots,
        attrs: Slots,
        sources: Slots,
    ) {
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
        self.stop_resolver();
        let ix = self.g.entities.len() as EntityIx;
        let vacant = if self.defer_ids {
            None
        } else {
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

    fn duplicate_id(&mut self, file_ix: u32, id: &str, first: EntityIx) {
        let first_file = self.entity_file_ix[first as usize];
        self.error(
            Problem::new(
                format!("entities[{file_ix}].id"),
                format!("duplicate id '{id}'"),
            )
            .with_related(format!("entities[{first_file}].id"))
            .with_hint(Some("ids must be unique; rename one of them".into())),
        );
    }

    /// Reports absent fields (all in one problem) and empty ones; true when all are present.
    fn check_required(
        &mut self,
        section: &str,
        file_ix: u32,
        fields: [(&str, Option<&str>); 3],
        hint: impl FnOnce() -> String,
    ) -> bool {
        // The common case allocates nothing: a million records must not format a million hints.
        if fields
            .iter()
            .all(|(_, v)| v.is_some_and(|v| !v.trim().is_empty()))
        {
            return true;
        }
        let missing: Vec<String> = fields
            .iter()
            .filter(|(_, v)| v.is_none())
            .map(|(f, _)| format!("'{f}'"))
            .collect();
        if !missing.is_empty() {
            let (s, list) = match missing.split_last() {
                Some((last, [])) => ("", last.clone()),
                Some((last, init)) => ("s", format!("{} and {last}", init.join(", "))),
                None => ("", String::new()),
            };
            self.error(
                Problem::new(
                    format!("{section}[{file_ix}]"),
                    format!("missing required field{s} {list}"),
                )
                .with_hint(Some(hint())),
            );
        }
        let mut ok = missing.is_empty();
        for (field, value) in fields {
            if value.is_some_and(|v| v.trim().is_empty()) {
                ok = false;
                self.error(Problem::new(
                    format!("{section}[{file_ix}].{field}"),
                    format!("'{field}' must not be empty"),
                ));
            }
        }
        ok
    }

    /// Marks the end of the entities list: relations after this resolve at once.
    pub fn entities_done(&mut self) {
        self.entities_done = true;
        self.index_deferred_ids();
        if self.resolver.is_none() && self.g.entities.len() >= RESOLVER_MIN_ENTITIES {
            let ids = std::mem::take(&mut self.g.ids);
            let index = std::mem::take(&mut self.g.id_index);
            self.resolver = Some(Resolver::start(ids, index));
        }
    }

    /// Adds a relation; `from`/`to` are entity ids, resolved now or (when the relations come
    /// before the entities in the file) when finishing.
    pub fn add_relation(
        &mut self,
        file_ix: u32,
        from: Option<&str>,
        to: Option<&str>,
        rtype: Option<&str>,
        attrs: Slots,
        sources: Slots,
    ) {
        let hint = || "every relation needs \"from\", \"to\" and \"type\"".to_string();
        let fields = [("from", from), ("to", to), ("type", rtype)];
        if !self.check_required("relations", file_ix, fields, hint) {
            return;
        }
        let (from, to, rtype) = (from.unwrap_or(""), to.unwrap_or(""), rtype.unwrap_or(""));
        let rtype = self.g.rel_types.intern(rtype);
        for s in sources.range() {
            let src = self.g.source_refs[s] as usize;
            if self.source_first_ref[src].is_none() {
                self.source_first_ref[src] = Some((
                    Owner::Relation(file_ix),
                    (s - sources.start as usize) as u32,
                ));
            }
        }
        self.queue_relation(file_ix, from, to, rtype, attrs, sources);
    }

    /// [`Builder::add_relation`] for a relation of just `from`, `to` and `type`, all strings;
    /// `rtype_ix` caches what `rtype` interns to (the caller keeps one per distinct type).
    pub fn add_plain_relation(
        &mut self,
        file_ix: u32,
        [from, to, rtype]: [&str; 3],
        rtype_ix: &mut Option<u32>,
    ) {
        let attrs = self.end_attrs(self.begin_attrs());
        let sources = self.end_sources(self.begin_sources());
        if !self.entities_done || [from, to, rtype].iter().any(|v| v.trim().is_empty()) {
            return self.add_relation(file_ix, Some(from), Some(to), Some(rtype), attrs, sources);
        }
        // Interned where add_relation would intern it, so types keep their numbers.
        let rtype = *rtype_ix.get_or_insert_with(|| self.g.rel_types.intern(rtype));
        self.queue_relation(file_ix, from, to, rtype, attrs, sources);
    }

    /// Batches a checked relation for resolving, or keeps it until the entities are read.
    fn queue_relation(
        &mut self,
        file_ix: u32,
        from: &str,
        to: &str,
        rtype: u32,
        attrs: Slots,
        sources: Slots,
    ) {
        if self.entities_done {
            let (from, to) = (self.batch.push_id(from), self.batch.push_id(to));
            self.batch.push(BatchedRelation {
                file_ix,
                from,
                to,
                rtype,
                attrs,
                sources,
            });
            if self.batch.len() >= RELATION_BATCH {
                self.flush_relations();
            }
        } else {
            self.pending.push(PendingRelation {
                file_ix,
                from: from.to_string(),
                to: to.to_string(),
                rtype,
                attrs,
                sources,
            });
        }
    }

    /// Resolves the batched relations: hands them to the resolver thread (recording any batch it
    /// has finished), or on small graphs looks them up here, all lookups of the batch back to back.
    fn flush_relations(&mut self) {
        if self.batch.len() == 0 {
            return;
        }
        match self.resolver.take() {
            Some(mut resolver) => {
                let next = self.spare.pop().unwrap_or_default();
                resolver.send(std::mem::replace(&mut self.batch, next));
                while let Some((batch, found)) = resolver.take(false) {
                    self.record(batch, found);
                }
                self.resolver = Some(resolver);
            }
            None => {
                let batch = std::mem::take(&mut self.batch);
                let found = batch.resolve(&self.g.id_index, &self.g.ids);
                self.record(batch, found);
            }
        }
    }

    /// Waits for the resolver thread's last batches, records them, and takes the id index back.
    fn stop_resolver(&mut self) {
        let Some(mut resolver) = self.resolver.take() else {
            return;
        };
        while let Some((batch, found)) = resolver.take(true) {
            self.record(batch, found);
        }
        (self.g.ids, self.g.id_index) = resolver.stop();
        self.spare.clear();
    }

    /// Records a resolved batch in file order, then keeps its buffers for a later batch.
    fn record(&mut self, mut batch: RelationBatch, found: Ends) {
        for (r, ends) in batch.relations.iter().zip(found.chunks_exact(2)) {
            self.add_resolved(r, batch.at(r.from), batch.at(r.to), ends[0], ends[1]);
        }
        batch.clear();
        if self.batch.relations.capacity() == 0 {
            self.batch = batch;
        } else if self.resolver.is_some() {
            self.spare.push(batch);
        }
    }

    /// Resolves a relation that came before the entities.
    fn resolve_pending(&mut self, p: &PendingRelation) {
        let r = BatchedRelation {
            file_ix: p.file_ix,
            from: Span::default(),
            to: Span::default(),
            rtype: p.rtype,
            attrs: p.attrs,
            sources: p.sources,
        };
        let (from, to) = (p.from.as_str(), p.to.as_str());
        let (f, t) = (self.g.find(from), self.g.find(to));
        self.add_resolved(&r, from, to, f, t);
    }

    /// Records a relation whose ends were looked up, or the errors for ends that were not found.
    fn add_resolved(
        &mut self,
        r: &BatchedRelation,
        from: &str,
        to: &str,
        f: Option<EntityIx>,
        t: Option<EntityIx>,
    ) {
        for (field, id, found) in [("from", from, f), ("to", to, t)] {
            if found.is_none() {
                let file_ix = r.file_ix;
                self.error(Problem::new(
                    format!("relations[{file_ix}].{field}"),
                    format!("'{field}' refers to unknown entity '{id}'"),
                ));
            }
        }
        if let (Some(from), Some(to)) = (f, t) {
            self.g.relations.push(RelationRec {
                from,
                to,
                rtype: r.rtype,
                attrs: r.attrs,
                sources: r.sources,
            });
            self.relation_file_ix.push(r.file_ix);
        }
    }

    /// Resolves what was deferred, indexes, and returns the graph or every problem found.
    pub fn finish(mut self, origin: &str, text: &[u8]) -> Result<Loaded, LoadError> {
        self.index_deferred_ids();
        self.flush_relations();
        self.stop_resolver();
        self.entities_done = true;
        for p in std::mem::take(&mut self.pending) {
            self.resolve_pending(&p);
        }
        if self.g.strings.len() > u32::MAX as usize || self.g.ids.len() > u32::MAX as usize {
            return Err(LoadError::Read {
                origin: origin.to_string(),
                message: "the graph holds more than 4 GiB of text, more than kgx supports".into(),
                hint: None,
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
        warnings.sort_by_key(|p| p.location.map(|l| (l.line, l.column)));
        Ok(Loaded {
            graph: self.g,
            warnings,
            warning_total: self.warning_total,
            format: super::import::Detected::default(),
        })
    }

    /// Adds "did you mean" hints to unknown-entity errors (only the ones that will be shown).
    fn add_did_you_mean(&mut self) {
        let g = &self.g;
        for p in self.errors.iter_mut().take(MAX_LISTED_PROBLEMS) {
            if let Some(id) = p
                .message
                .strip_suffix('\'')
                .and_then(|m| m.split_once("refers to unknown entity '"))
                .map(|(_, id)| id)
                && let Some(best) = closest(id, g.ids())
            {
                p.hint = Some(format!("did you mean '{best}'?"));
            }
        }
    }

    /// Warns about references to sources the file never defines, and drops them.
    fn check_sources(&mut self) {
        let mut remap = vec![u32::MAX; self.g.sources.len()];
        let mut kept = Vec::with_capacity(self.g.sources.len());
        for (ix, rec) in std::mem::take(&mut self.g.sources).into_iter().enumerate() {
            if self.source_defined[ix] {
                remap[ix] = kept.len() as u32;
                kept.push(rec);
            } else if let Some((owner, k)) = self.source_first_ref[ix] {
                let path = match owner {
                    Owner::Entity(i) => format!("entities[{i}].sources[{k}]"),
                    Owner::Relation(i) => format!("relations[{i}].sources[{k}]"),
                };
                self.warn(
                    Problem::new(path, format!("unknown source '{}'", rec.id)).with_hint(Some(
                        "add it to the top-level \"sources\" list, or remove the reference".into(),
                    )),
                );
            }
        }
        self.g.sources = kept;
        for r in &mut self.g.source_refs {
            *r = remap[*r as usize];
        }
    }

    fn check_duplicate_relations(&mut self) {
        let entities = self.g.entities.len();
        // Entity ranges on all cores for large graphs, their findings kept in entity order.
        let found: Vec<(u32, u32)> = if entities >= PARALLEL_CHECK_MIN {
            use rayon::prelude::*;
            let chunk = 1 << 16;
            let parts: Vec<Vec<(u32, u32)>> = (0..entities.div_ceil(chunk))
                .into_par_iter()
                .map(|c| duplicate_relations(&self.g, c * chunk..((c + 1) * chunk).min(entities)))
                .collect();
            parts.concat()
        } else {
            duplicate_relations(&self.g, 0..entities)
        };
        for (dup, first) in found {
            let rec = self.g.relations[dup as usize];
            let msg = format!(
                "duplicate relation {} -{}-> {}",
                self.g.entity(rec.from).id(),
                self.g.rel_types.name(rec.rtype),
                self.g.entity(rec.to).id()
            );
            let (dup_file, first_file) = (
                self.relation_file_ix[dup as usize],
                self.relation_file_ix[first as usize],
            );
            self.warn(
                Problem::new(format!("relations[{dup_file}]"), msg)
                    .with_related(format!("relations[{first_file}]")),
            );
        }
    }
}

/// From how many entities the duplicate-relation check runs on all cores.
const PARALLEL_CHECK_MIN: usize = 100_000;

/// `(duplicate, first)` for each relation leaving an entity of `entities` that repeats an earlier
/// one (same target and type), in entity order.
fn duplicate_relations(g: &Graph, entities: std::ops::Range<usize>) -> Vec<(u32, u32)> {
    let mut seen: Vec<(EntityIx, u32, u32)> = Vec::new();
    let mut found = Vec::new();
    for e in entities {
        let rels = g.outgoing.of(e as EntityIx);
        if rels.len() < 2 {
            continue;
        }
        seen.clear();
        seen.extend(rels.iter().map(|&r| {
            let rec = &g.relations[r as usize];
            (rec.to, rec.rtype, r)
        }));
        seen.sort_unstable();
        for w in seen.windows(2) {
            if (w[0].0, w[0].1) == (w[1].0, w[1].1) {
                found.push((w[1].2, w[0].2));
            }
        }
    }
    found
}

/// Fills in `location` and `related_location` of each problem with one pass over the text.
pub(crate) fn locate_all(text: &[u8], problems: &mut [Problem]) {
    if problems.is_empty() {
        return;
    }
    // A path may name a value the file lacks (`sources[0].id` when there is no id): such a
    // problem is placed at the nearest enclosing value that exists instead, so none goes
    // unlocated.
    let mut wanted: Vec<String> = Vec::new();
    for p in problems.iter() {
        wanted.push(p.path.clone());
        wanted.push(p.related_path.clone().unwrap_or_default());
    }
    let mut offsets: Vec<Option<usize>> = vec![None; wanted.len()];
    loop {
        let missing: Vec<usize> = (0..wanted.len())
            .filter(|&i| offsets[i].is_none() && (i % 2 == 0 || !wanted[i].is_empty()))
            .collect();
        if missing.is_empty() {
            break;
        }
        let paths: Vec<&str> = missing.iter().map(|&i| wanted[i].as_str()).collect();
        for (&i, found) in missing.iter().zip(locate_paths(text, &paths)) {
            offsets[i] = found;
        }
        let mut widened = false;
        for &i in &missing {
            if offsets[i].is_none() {
                match parent_path(&wanted[i]) {
                    Some(parent) => {
                        wanted[i] = parent.to_string();
                        widened = true;
                    }
                    // Not even the whole document: the start of the file.
                    None => offsets[i] = Some(0),
                }
            }
        }
        if !widened {
            break;
        }
    }
    for (k, p) in problems.iter_mut().enumerate() {
        p.location = offsets[2 * k].map(|o| location_of(text, o));
        if p.related_path.is_some() {
            p.related_location = offsets[2 * k + 1].map(|o| location_of(text, o));
        }
    }
}

/// `entities[3].attrs.date` → `entities[3].attrs` → `entities[3]` → `entities` → `` (the
/// document); `None` above the document.
fn parent_path(path: &str) -> Option<&str> {
    if path.is_empty() {
        return None;
    }
    let cut = path.rfind(['.', '[']).unwrap_or(0);
    Some(&path[..cut])
}

/// `YYYY`, `YYYY-MM` or `YYYY-MM-DD` with a plausible month and day.
pub fn is_valid_date(s: &str) -> bool {
    let parts: Vec<&str> = s.split('-').collect();
    let num = |p: &str, len: usize| p.len() == len && p.bytes().all(|b| b.is_ascii_digit());
    match parts.as_slice() {
        [y] => num(y, 4),
        [y, m] => num(y, 4) && num(m, 2) && (1..=12).contains(&m.parse::<u32>().unwrap_or(0)),
        [y, m, d] => {
            num(y, 4)
                && num(m, 2)
                && num(d, 2)
                && (1..=12).contains(&m.parse::<u32>().unwrap_or(0))
                && (1..=31).contains(&d.parse::<u32>().unwrap_or(0))
        }
        _ => false,
    }
}

/// The candidate closest to `target`, if any is close enough to be a likely typo.
pub fn closest<'a>(target: &str, candidates: impl Iterator<Item = &'a str>) -> Option<&'a str> {
    let t = target.to_lowercase();
    let mut best: Option<(f64, &str)> = None;
    for c in candidates {
        let score = strsim::jaro_winkler(&t, &c.to_lowercase());
        if score >= 0.8 && best.is_none_or(|(b, _)| score > b) {
            best = Some((score, c));
        }
    }
    best.map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates() {
        for ok in ["2025", "2025-11", "2025-11-03"] {
            assert!(is_valid_date(ok), "{ok}");
        }
        for bad in ["25", "2025-13", "2025-1-3", "2025-11-32", "Nov 2025", ""] {
            assert!(!is_valid_date(bad), "{bad}");
        }
    }

    #[test]
    fn problems_on_absent_values_are_placed_at_their_parent() {
        let text = b"{\n\"sources\": [\n  {\"title\": \"T\"}\n]}";
        let mut problems = vec![
            Problem::new("sources[0].id", "no id"),
            Problem::new("nowhere[9].x", "odd"),
        ];
        locate_all(text, &mut problems);
        assert_eq!(
            problems[0].location.map(|l| (l.line, l.column)),
            Some((3, 3))
        );
        assert_eq!(
            problems[1].location.map(|l| (l.line, l.column)),
            Some((1, 1))
        );
    }

    #[test]
    fn closest_finds_typos_only() {
        let ids = ["openai", "amazon", "aws"];
        assert_eq!(closest("opnai", ids.into_iter()), Some("openai"));
        assert_eq!(closest("zzzzzz", ids.into_iter()), None);
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
        check_batched_relations(super::RESOLVER_MIN_ENTITIES);
    }

    /// Entities after relations: the resolver thread gives the index back, then starts again.
    #[test]
    fn entities_after_relations_on_a_large_graph() {
        let n = super::RESOLVER_MIN_ENTITIES;
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
