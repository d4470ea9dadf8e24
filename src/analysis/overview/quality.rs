//! Data-quality checks for the overview: entities without sources, deals without amount, date or
//! status, unparseable dates, stub entities, duplicate names and relations whose type connects
//! unusual kinds. Each check lists what it found, so a person can open the offenders.
//!
//! Duplicate names are found without a map of strings: each name is folded into one reused
//! buffer and hashed, the (hash, entity) pairs sorted, and only entities with equal hashes
//! compared. Folding here is lower case with runs of white space as one space (analysis does not
//! depend on `search`, whose folding also drops accents). What it does not do: fix anything.

use rayon::prelude::*;
use std::hash::BuildHasher;

use super::RelationTypeStats;
use super::attributes::Dates;
use crate::conventions::{ATTR_AMOUNT_USD, ATTR_DATE, ATTR_STATUS, KIND_DEAL};
use crate::graph::{EntityIx, Graph, RelationIx, STUB_KIND};

/// A relation type needs this many relations before a pair of kinds can look unusual for it.
const UNUSUAL_MIN_RELATIONS: usize = 20;
/// A pair of kinds is unusual for a type when fewer than 1 in this many of its relations have it.
const UNUSUAL_SHARE: usize = 20;

/// The checks, in the order the overview lists them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum QualityCheck {
    /// Entities that cite no source the graph defines (only when the graph has sources).
    WithoutSources,
    /// Deals with no `amount_usd`.
    DealWithoutAmount,
    /// Deals with no `date`.
    DealWithoutDate,
    /// Deals with no `status`.
    DealWithoutStatus,
    /// Entities with a date-valued attribute that is not `YYYY[-MM[-DD]]`.
    UnparseableDate,
    /// Stub entities: relation ends the file does not define.
    Stub,
    /// Entities sharing a folded name with another (grouped: the members of a group are adjacent).
    DuplicateName,
    /// Relations whose type rarely connects their kinds (under 1 in 20 of the type's relations).
    UnusualEnds,
}

impl QualityCheck {
    /// Every check, in order.
    pub(crate) const ALL: [QualityCheck; 8] = [
        QualityCheck::WithoutSources,
        QualityCheck::DealWithoutAmount,
        QualityCheck::DealWithoutDate,
        QualityCheck::DealWithoutStatus,
        QualityCheck::UnparseableDate,
        QualityCheck::Stub,
        QualityCheck::DuplicateName,
        QualityCheck::UnusualEnds,
    ];

    /// A stable name for scripts (`deal_without_amount`).
    pub fn key(self) -> &'static str {
        match self {
            QualityCheck::WithoutSources => "without_sources",
            QualityCheck::DealWithoutAmount => "deal_without_amount",
            QualityCheck::DealWithoutDate => "deal_without_date",
            QualityCheck::DealWithoutStatus => "deal_without_status",
            QualityCheck::UnparseableDate => "unparseable_date",
            QualityCheck::Stub => "stub",
            QualityCheck::DuplicateName => "duplicate_name",
            QualityCheck::UnusualEnds => "unusual_ends",
        }
    }
}

/// What one check found.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct QualityRow {
    /// The check.
    pub check: QualityCheck,
    /// The offending entities (for [`QualityCheck::UnusualEnds`], the relations' `from` ends).
    pub entities: Vec<EntityIx>,
    /// The offending relations ([`QualityCheck::UnusualEnds`] only).
    pub relations: Vec<RelationIx>,
    /// The names of the first few offenders, for a row that shows examples without the graph.
    pub examples: Vec<String>,
}

/// How many names [`QualityRow::examples`] keeps.
const EXAMPLES: usize = 3;

pub(super) fn collect(g: &Graph, dates: &Dates, types: &[RelationTypeStats]) -> Vec<QualityRow> {
    let deal = |key: &str| -> Vec<EntityIx> {
        g.entities()
            .filter(|e| e.kind() == KIND_DEAL && e.attr(key).is_none())
            .map(|e| e.ix())
            .collect()
    };
    // Each check is a pass over the entities or the relations of its own: on both cores.
    QualityCheck::ALL
        .par_iter()
        .map(|&check| {
            let (entities, relations) = match check {
                QualityCheck::WithoutSources if g.source_count() == 0 => (Vec::new(), Vec::new()),
                QualityCheck::WithoutSources => (
                    g.entity_ixs().filter(|&ix| !g.has_sources(ix)).collect(),
                    Vec::new(),
                ),
                QualityCheck::DealWithoutAmount => (deal(ATTR_AMOUNT_USD), Vec::new()),
                QualityCheck::DealWithoutDate => (deal(ATTR_DATE), Vec::new()),
                QualityCheck::DealWithoutStatus => (deal(ATTR_STATUS), Vec::new()),
                QualityCheck::UnparseableDate => (dates.unparseable.clone(), Vec::new()),
                QualityCheck::Stub => (
                    g.entities()
                        .filter(|e| e.kind() == STUB_KIND)
                        .map(|e| e.ix())
                        .collect(),
                    Vec::new(),
                ),
                QualityCheck::DuplicateName => (duplicate_names(g), Vec::new()),
                QualityCheck::UnusualEnds => unusual_ends(g, types),
            };
            let examples = entities
                .iter()
                .take(EXAMPLES)
                .map(|&ix| g.entity(ix).name().to_string())
                .collect();
            QualityRow {
                check,
                entities,
                relations,
                examples,
            }
        })
        .collect()
}

/// `name` lower-cased with white space runs as one space, into `out`.
fn fold_name(name: &str, out: &mut String) {
    out.clear();
    if name.is_ascii() {
        // The common case, without a char iterator per letter.
        for word in name.split_ascii_whitespace() {
            if !out.is_empty() {
                out.push(' ');
            }
            out.extend(word.bytes().map(|b| char::from(b.to_ascii_lowercase())));
        }
        return;
    }
    for word in name.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.extend(word.chars().flat_map(char::to_lowercase));
    }
}

/// Entities whose folded name another entity shares (stubs left out), grouped, groups in order
/// of their first member.
fn duplicate_names(g: &Graph) -> Vec<EntityIx> {
    let hasher = foldhash::fast::FixedState::default();
    let stub = (0..g.name_counts().0 as u32).find(|&k| g.kind_name(k) == STUB_KIND);
    let ixs: Vec<EntityIx> = g
        .entity_ixs()
        .filter(|&ix| Some(g.kind_number(ix)) != stub)
        .collect();
    // Folding and hashing a million names is the cost: on both cores, each with its buffer.
    let mut hashed: Vec<(u64, EntityIx)> = ixs
        .par_iter()
        .map_init(String::new, |buf, &ix| {
            fold_name(g.entity(ix).name(), buf);
            (hasher.hash_one(buf.as_str()), ix)
        })
        .collect();
    hashed.par_sort_unstable();
    let runs: Vec<&[(u64, EntityIx)]> = hashed
        .chunk_by(|x, y| x.0 == y.0)
        .filter(|r| r.len() > 1)
        .collect();
    // Equal hashes almost always mean equal names: check each run against its first name, and
    // split the rare collision exactly. Runs are independent: on both cores.
    let mut groups: Vec<Vec<EntityIx>> = runs
        .par_iter()
        .map_init(
            || (String::new(), String::new()),
            |(a, b), run| split_run(g, run, a, b),
        )
        .flatten()
        .collect();
    groups.sort_unstable_by_key(|group| group[0]);
    groups.concat()
}

/// The groups of equal folded names in a run of entities whose folded names hash alike.
fn split_run(
    g: &Graph,
    run: &[(u64, EntityIx)],
    a: &mut String,
    b: &mut String,
) -> Vec<Vec<EntityIx>> {
    fold_name(g.entity(run[0].1).name(), a);
    let all_equal = run[1..].iter().all(|&(_, ix)| {
        fold_name(g.entity(ix).name(), b);
        a == b
    });
    if all_equal {
        return vec![run.iter().map(|&(_, ix)| ix).collect()];
    }
    let mut groups = Vec::new();
    let mut left: Vec<EntityIx> = run.iter().map(|&(_, ix)| ix).collect();
    while let Some(&head) = left.first() {
        fold_name(g.entity(head).name(), a);
        let (same, rest): (Vec<EntityIx>, Vec<EntityIx>) = left.iter().partition(|&&ix| {
            fold_name(g.entity(ix).name(), b);
            a == b
        });
        if same.len() > 1 {
            groups.push(same);
        }
        left = rest;
    }
    groups
}

/// Relations whose (from kind, to kind) pair is rare for their type, and their `from` ends.
fn unusual_ends(g: &Graph, types: &[RelationTypeStats]) -> (Vec<EntityIx>, Vec<RelationIx>) {
    let rare: std::collections::HashSet<(&str, &str, &str)> = types
        .iter()
        .filter(|t| t.count >= UNUSUAL_MIN_RELATIONS)
        .flat_map(|t| {
            t.ends
                .iter()
                .filter(move |p| p.count * UNUSUAL_SHARE < t.count)
                .map(move |p| (t.name.as_str(), p.from.as_str(), p.to.as_str()))
        })
        .collect();
    if rare.is_empty() {
        return (Vec::new(), Vec::new());
    }
    // The same rule on numbers (type, from kind, to kind): a million relations are compared
    // without hashing three strings each.
    let (kinds, rel_types, _) = g.name_counts();
    let kind_no = |name: &str| (0..kinds as u32).find(|&k| g.kind_name(k) == name);
    let type_no = |name: &str| (0..rel_types as u32).find(|&t| g.relation_type_name(t) == name);
    // A table over (type, from kind, to kind): kinds and types number in the tens.
    let cell = |t: u32, a: u32, b: u32| (t as usize * kinds + a as usize) * kinds + b as usize;
    let mut is_rare = vec![false; rel_types * kinds * kinds];
    for (t, a, b) in rare {
        if let (Some(t), Some(a), Some(b)) = (type_no(t), kind_no(a), kind_no(b)) {
            is_rare[cell(t, a, b)] = true;
        }
    }
    let relations: Vec<RelationIx> = g
        .relation_ixs()
        .filter(|&r| {
            let (from, to) = g.relation_ends(r);
            is_rare[cell(
                g.relation_type_number(r),
                g.kind_number(from),
                g.kind_number(to),
            )]
        })
        .collect();
    let mut entities: Vec<EntityIx> = relations.iter().map(|&r| g.relation_ends(r).0).collect();
    entities.sort_unstable();
    entities.dedup();
    (entities, relations)
}
