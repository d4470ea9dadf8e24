//! The builder's checks: required fields, duplicate ids, unknown sources and duplicate
//! relations, deal endings, and did-you-mean hints for unknown entities.
//!
//! Only validation: problems are collected into the builder, never returned one at a time, and
//! the wording of each is [`ProblemKind`]'s.

use super::{Builder, Owner, ValueInput};
use crate::conventions::KNOWN_ENDINGS;
use crate::graph::error::{MAX_LISTED_PROBLEMS, Problem, ProblemKind};
use crate::graph::load::closest::closest;
use crate::graph::model::{EntityIx, GraphData};

impl Builder {
    pub(super) fn duplicate_id(&mut self, file_ix: u32, id: &str, first: EntityIx) {
        let first_file = self.entity_file_ix[first as usize];
        self.error(
            Problem::new(
                format!("entities[{file_ix}].id"),
                ProblemKind::DuplicateId { id: id.to_string() },
            )
            .with_related(format!("entities[{first_file}].id"))
            .with_hint(Some("ids must be unique; rename one of them".into())),
        );
    }

    /// Reports absent fields (all in one problem) and empty ones; true when all are present.
    pub(super) fn check_required(
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
            .map(|(f, _)| f.to_string())
            .collect();
        if !missing.is_empty() {
            self.error(
                Problem::new(
                    format!("{section}[{file_ix}]"),
                    ProblemKind::MissingFields {
                        fields: missing.clone(),
                    },
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
                    ProblemKind::EmptyField {
                        field: field.to_string(),
                    },
                ));
            }
        }
        ok
    }

    /// An `ended_how` outside [`KNOWN_ENDINGS`] is reported now; a known one is held until its
    /// attribute list ends, to see whether the list has an `ended` date.
    pub(super) fn check_ending(&mut self, value: &ValueInput<'_>, path: String) {
        let how = match value {
            ValueInput::Str(s) => s.to_string(),
            ValueInput::Null => "null".to_string(),
            ValueInput::Bool(b) => b.to_string(),
            ValueInput::Int(i) => i.to_string(),
            ValueInput::Float(f) => f.to_string(),
        };
        if !KNOWN_ENDINGS.contains(&how.as_str()) {
            self.ending_problem(path, how, false);
            return;
        }
        self.ended_how = Some((self.g.attrs.len() as u32, path, how));
    }

    /// Reports a held `ended_how` of the list begun at `start` that has no `ended` beside it.
    pub(super) fn check_ending_date(&mut self, start: u32) {
        let Some((at, path, how)) = self.ended_how.take() else {
            return;
        };
        let dated = self.ended_at.is_some_and(|e| e >= start);
        if at >= start && !dated {
            self.ending_problem(path, how, true);
        }
    }

    /// A bad ending is a warning, and an error under `--strict`.
    fn ending_problem(&mut self, path: String, how: String, missing_date: bool) {
        let hint = if missing_date {
            "add the date it ended: \"ended\": \"2026-02-27\"".to_string()
        } else {
            format!("known endings: {}", KNOWN_ENDINGS.join(", "))
        };
        let p =
            Problem::new(path, ProblemKind::BadEnding { how, missing_date }).with_hint(Some(hint));
        if self.strict {
            self.error(p);
        } else {
            self.warn(p);
        }
    }

    /// Adds "did you mean" hints to unknown-entity errors (only the ones that will be shown).
    pub(super) fn add_did_you_mean(&mut self) {
        let g = &self.g;
        for p in self.errors.iter_mut().take(MAX_LISTED_PROBLEMS) {
            if let ProblemKind::UnknownEntity { id, .. } = &p.kind
                && let Some(best) = closest(id, g.all_ids())
            {
                p.hint = Some(format!("did you mean '{best}'?"));
            }
        }
    }

    /// Warns about references to sources the file never defines, and drops them.
    pub(super) fn check_sources(&mut self) {
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
                    Problem::new(path, ProblemKind::UnknownSource { id: rec.id.clone() })
                        .with_hint(Some(
                            "add it to the top-level \"sources\" list, or remove the reference"
                                .into(),
                        )),
                );
            }
        }
        self.g.sources = kept;
        for r in &mut self.g.source_refs {
            *r = remap[*r as usize];
        }
    }

    pub(super) fn check_duplicate_relations(&mut self) {
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
            let msg = ProblemKind::DuplicateRelation {
                from: self
                    .g
                    .id_text(self.g.entities[rec.from as usize].id)
                    .to_string(),
                rtype: self.g.rel_types.name(rec.rtype).to_string(),
                to: self
                    .g
                    .id_text(self.g.entities[rec.to as usize].id)
                    .to_string(),
            };
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
fn duplicate_relations(g: &GraphData, entities: std::ops::Range<usize>) -> Vec<(u32, u32)> {
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

#[cfg(test)]
mod tests {
    use crate::graph::{LoadError, LoadOptions, ProblemKind, load_bytes};

    const ENDINGS: &str = r#"{"entities": [
        {"id": "a", "kind": "deal", "name": "A", "attrs": {"ended_how": "superseded"}},
        {"id": "b", "kind": "deal", "name": "B",
         "attrs": {"ended": "2026-02-27", "ended_how": "fizzled"}},
        {"id": "c", "kind": "deal", "name": "C",
         "attrs": {"ended_how": "terminated", "ended": "2025-10-30"}}
    ]}"#;

    #[test]
    fn endings_without_a_date_or_outside_the_list_warn() {
        let loaded = load_bytes(ENDINGS.as_bytes(), "t", LoadOptions::default()).unwrap();
        let found: Vec<(String, ProblemKind)> = loaded
            .warnings
            .iter()
            .map(|w| (w.path.clone(), w.kind.clone()))
            .collect();
        let bad = |how: &str, missing_date| ProblemKind::BadEnding {
            how: how.into(),
            missing_date,
        };
        assert_eq!(
            found,
            [
                (
                    "entities[0].attrs.ended_how".into(),
                    bad("superseded", true)
                ),
                ("entities[1].attrs.ended_how".into(), bad("fizzled", false)),
            ]
        );
    }

    #[test]
    fn bad_endings_are_errors_under_strict() {
        let strict = LoadOptions {
            strict: true,
            ..LoadOptions::default()
        };
        match load_bytes(ENDINGS.as_bytes(), "t", strict) {
            Err(LoadError::Invalid { total, .. }) => assert_eq!(total, 2),
            other => panic!("expected errors, got {other:?}"),
        }
    }
}
