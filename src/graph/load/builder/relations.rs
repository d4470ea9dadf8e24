//! How the builder takes relations: each is checked, then batched until its ends (the ids in
//! `from` and `to`) are found by [`super::super::ends`], on a thread of its own for large graphs,
//! and recorded in file order; relations that come before the entities wait until the end.
//!
//! Validation of the relation's other fields is [`super::checks`]'; this file only moves
//! relations from the reader to the graph.

use super::super::ends::{BatchedRelation, Ends, RelationBatch};
use super::{Builder, Owner, PendingRelation, RELATION_BATCH};
use crate::graph::error::{Problem, ProblemKind};
use crate::graph::index::IdIndex;
use crate::graph::model::{EntityIx, RelationRec, Slots, Span};
use rayon::prelude::*;

impl Builder {
    /// Adds a relation; `from`/`to` are entity ids, looked up now or (when the relations come
    /// before the entities in the file) when finishing.
    pub(crate) fn add_relation(
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
    pub(crate) fn add_plain_relation(
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

    /// The id index and the id arena it points into, for a caller that looks relation ends up
    /// itself, all at once (see `ahead::ReadAhead::look_up_ends`), once the entities are done,
    /// and hands them in with [`Builder::add_looked_up_relation`]. Stops the lookup thread,
    /// which has nothing to do then.
    pub(crate) fn id_lookup(&mut self) -> (&IdIndex, &str) {
        self.stop_lookup();
        (&self.g.id_index, &self.g.ids)
    }

    /// Makes room for `n` more relations (a reader that knows how many are coming).
    pub(crate) fn reserve_relations(&mut self, n: usize) {
        self.g.relations.reserve(n);
        self.relation_file_ix.reserve(n);
    }

    /// The number of relation type `name`, interned now if it is new.
    pub(crate) fn relation_type(&mut self, name: &str) -> u32 {
        self.g.rel_types.intern(name)
    }

    /// A whole relations array at once, in file order: each relation's ends found in
    /// [`Builder::id_lookup`] and its type numbered by [`Builder::relation_type`]. What calling
    /// [`Builder::add_found_relation`] for each gives, with the records written on every core
    /// (three million records are a hundred megabytes of fresh pages).
    pub(crate) fn add_found_relations(
        &mut self,
        relations: impl IndexedParallelIterator<Item = ([EntityIx; 2], u32)>,
    ) {
        debug_assert!(self.entities_done && self.lookup.is_none());
        self.flush_relations();
        let n = relations.len();
        // Empty, where add_plain_relation's would begin: the graph is the same.
        let (attrs, sources) = (
            self.end_attrs(self.begin_attrs()),
            self.end_sources(self.begin_sources()),
        );
        self.g
            .relations
            .par_extend(relations.map(|([from, to], rtype)| RelationRec {
                from,
                to,
                rtype,
                attrs,
                sources,
            }));
        self.relation_file_ix.par_extend(0..n as u32);
    }

    /// [`Builder::add_plain_relation`] for a relation of non-blank fields whose ends the caller
    /// found in [`Builder::id_lookup`] after the entities were done (the other relations go
    /// through [`Builder::add_plain_relation`]): it is recorded now, after any relation still
    /// batched, so relations keep file order.
    pub(crate) fn add_found_relation(
        &mut self,
        file_ix: u32,
        rtype: &str,
        rtype_ix: &mut Option<u32>,
        [from, to]: [EntityIx; 2],
    ) {
        debug_assert!(self.entities_done && self.lookup.is_none());
        self.flush_relations();
        // Interned where add_relation would intern it, so types keep their numbers.
        let rtype = *rtype_ix.get_or_insert_with(|| self.g.rel_types.intern(rtype));
        // Empty, where add_plain_relation's would begin: the graph is the same.
        let (attrs, sources) = (
            self.end_attrs(self.begin_attrs()),
            self.end_sources(self.begin_sources()),
        );
        self.g.relations.push(RelationRec {
            from,
            to,
            rtype,
            attrs,
            sources,
        });
        self.relation_file_ix.push(file_ix);
    }

    /// Batches a checked relation for its ends to be looked up, or keeps it until the entities
    /// are read.
    pub(super) fn queue_relation(
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

    /// Looks up the ends of the batched relations: hands them to the lookup thread (recording any batch it
    /// has finished), or on small graphs looks them up here, all lookups of the batch back to back.
    pub(super) fn flush_relations(&mut self) {
        if self.batch.len() == 0 {
            return;
        }
        match self.lookup.take() {
            Some(mut lookup) => {
                let next = self.spare.pop().unwrap_or_default();
                lookup.send(std::mem::replace(&mut self.batch, next));
                while let Some((batch, found)) = lookup.take(false) {
                    self.record(batch, found);
                }
                self.lookup = Some(lookup);
            }
            None => {
                let batch = std::mem::take(&mut self.batch);
                let found = batch.look_up(&self.g.id_index, &self.g.ids);
                self.record(batch, found);
            }
        }
    }

    /// Waits for the lookup thread's last batches, records them, and takes the id index back.
    pub(super) fn stop_lookup(&mut self) {
        let Some(mut lookup) = self.lookup.take() else {
            return;
        };
        while let Some((batch, found)) = lookup.take(true) {
            self.record(batch, found);
        }
        (self.g.ids, self.g.id_index) = lookup.stop();
        self.spare.clear();
    }

    /// Records a batch whose ends were looked up in file order, then keeps its buffers for a later batch.
    pub(super) fn record(&mut self, mut batch: RelationBatch, found: Ends) {
        for (r, ends) in batch.relations.iter().zip(found.chunks_exact(2)) {
            self.add_found(r, batch.at(r.from), batch.at(r.to), ends[0], ends[1]);
        }
        batch.clear();
        if self.batch.relations.capacity() == 0 {
            self.batch = batch;
        } else if self.lookup.is_some() {
            self.spare.push(batch);
        }
    }

    /// Adds a relation that came before the entities, its ends looked up now.
    pub(super) fn add_pending(&mut self, p: &PendingRelation) {
        let r = BatchedRelation {
            file_ix: p.file_ix,
            from: Span::default(),
            to: Span::default(),
            rtype: p.rtype,
            attrs: p.attrs,
            sources: p.sources,
        };
        let (from, to) = (p.from.as_str(), p.to.as_str());
        let (f, t) = (self.g.find_any(from), self.g.find_any(to));
        self.add_found(&r, from, to, f, t);
    }

    /// For importers, whose records may name a node defined further on: relations are batched
    /// and their ends looked up as they are read (on the lookup threads for large graphs), and a
    /// relation with an end not known yet waits for the end of the file, when it is looked up
    /// again (an error only then) and every relation is put back in file order. The graph is
    /// the one that looking every end up at the end would give, without an owned copy of
    /// every id.
    pub(crate) fn resolve_ends_as_read(&mut self) {
        self.retry_unknown_ends = true;
        self.entities_done();
    }

    /// The ends still unknown once every entity is in (see [`Builder::resolve_ends_as_read`]),
    /// with their relation's position, in file order: for importers that make stub entities
    /// for them. Entities may still be added after.
    pub(crate) fn unresolved_ends(&mut self) -> Vec<(String, u32)> {
        self.flush_relations();
        self.stop_lookup();
        let mut out = Vec::new();
        for p in &self.pending {
            for id in [&p.from, &p.to] {
                if self.g.find_any(id).is_none() {
                    out.push((id.clone(), p.file_ix));
                }
            }
        }
        out
    }

    /// Puts the relations back in file order (after late ends were resolved at the end).
    pub(super) fn relations_in_file_order(&mut self) {
        let mut order: Vec<u32> = (0..self.relation_file_ix.len() as u32).collect();
        order.sort_by_key(|&i| self.relation_file_ix[i as usize]);
        self.g.relations = order
            .iter()
            .map(|&i| self.g.relations[i as usize])
            .collect();
        self.relation_file_ix = order
            .iter()
            .map(|&i| self.relation_file_ix[i as usize])
            .collect();
    }

    /// Records a relation whose ends were looked up, or the errors for ends that were not found
    /// (or, see [`Builder::resolve_ends_as_read`], keeps it for the end of the file).
    pub(super) fn add_found(
        &mut self,
        r: &BatchedRelation,
        from: &str,
        to: &str,
        f: Option<EntityIx>,
        t: Option<EntityIx>,
    ) {
        if self.retry_unknown_ends && (f.is_none() || t.is_none()) {
            self.pending.push(PendingRelation {
                file_ix: r.file_ix,
                from: from.to_string(),
                to: to.to_string(),
                rtype: r.rtype,
                attrs: r.attrs,
                sources: r.sources,
            });
            return;
        }
        for (field, id, found) in [("from", from, f), ("to", to, t)] {
            if found.is_none() {
                let file_ix = r.file_ix;
                self.error(Problem::new(
                    format!("relations[{file_ix}].{field}"),
                    ProblemKind::UnknownEntity {
                        field: field.to_string(),
                        id: id.to_string(),
                    },
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
}
