//! The overview of a graph, for a first look at an unfamiliar file (`kgx stats`, the explorer's
//! overview): counts per kind and relation type, the kinds each type connects, each kind's
//! attribute keys ([`attributes`]), the shape (most connected, isolated, components: [`shape`]),
//! the span of its dates, and data-quality findings ([`quality`]).
//!
//! [`Overview::of`] computes it all in a few linear passes over the graph (hash maps keyed by
//! interned numbers, one union-find, one sort for duplicate names), so it is cheap enough for a
//! million entities. The result owns its strings and refers to entities by index, so the
//! explorer can keep it and act on its rows. What it does not do: format anything (that is
//! `display::overview`) or decide what a row does when chosen.

mod attributes;
mod quality;
mod shape;

pub use attributes::{AttributeStats, KindAttributes, Sample, ValueSummary};
pub use quality::{QualityCheck, QualityRow};
pub use shape::{Components, Connected};

use crate::graph::{EntityIx, Graph};

/// How many entities [`Overview::most_connected`] lists.
pub(crate) const MOST_CONNECTED: usize = 10;

/// A name and how many entities or relations carry it, most common first.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NameCount {
    /// The kind or relation type.
    pub name: String,
    /// How many entities (or relations) have it.
    pub count: usize,
}

/// One pair of kinds a relation type connects: `investor: company → deal 41`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct KindPair {
    /// The kind of the relations' `from` ends.
    pub from: String,
    /// The kind of the relations' `to` ends.
    pub to: String,
    /// How many relations of the type connect these kinds.
    pub count: usize,
}

/// A relation type with its count and the kinds it connects (most common pair first).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RelationTypeStats {
    /// The type (`investor`, `designs`).
    pub name: String,
    /// How many relations have it.
    pub count: usize,
    /// The pairs of kinds it connects, most common first.
    pub ends: Vec<KindPair>,
}

/// One dated value: which entity, under which key, and the date.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DatedValue {
    /// The entity carrying the date.
    pub entity: EntityIx,
    /// Its id and name, for showing without the graph.
    pub id: String,
    /// The entity's name.
    pub name: String,
    /// The attribute key (`date`, `valuation_date`).
    pub key: String,
    /// The date as written (`YYYY`, `YYYY-MM` or `YYYY-MM-DD`).
    pub date: String,
}

/// The longest dated span: the earliest and the latest valid date any entity carries.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DatedSpan {
    /// The earliest date.
    pub first: DatedValue,
    /// The latest date.
    pub last: DatedValue,
}

/// Everything the overview shows about one graph.
#[derive(Clone, Debug, PartialEq)]
pub struct Overview {
    /// Entities in the graph.
    pub entities: usize,
    /// Relations in the graph.
    pub relations: usize,
    /// Sources the graph defines.
    pub sources: usize,
    /// Entities per kind, most common first (ties by name).
    pub kinds: Vec<NameCount>,
    /// Relations per type, most common first, with the kinds each connects.
    pub relation_types: Vec<RelationTypeStats>,
    /// Per kind (in [`Overview::kinds`] order), its attribute keys.
    pub attributes: Vec<KindAttributes>,
    /// The most connected entities, most relations first (at most [`MOST_CONNECTED`]).
    pub most_connected: Vec<Connected>,
    /// Entities with no relation at all, in file order.
    pub isolated: Vec<EntityIx>,
    /// Connected components, relations taken in both directions.
    pub components: Components,
    /// The earliest and latest dates, when the graph has any.
    pub dated_span: Option<DatedSpan>,
    /// The data-quality checks, each with what it found (empty rows included).
    pub quality: Vec<QualityRow>,
}

impl Overview {
    /// The overview of `g`.
    pub fn of(g: &Graph) -> Overview {
        // The sections read the graph independently: on both cores (a million entities take
        // seconds on one).
        let ((kinds, (attributes, dated)), (shape, relation_types)) = rayon::join(
            || {
                let kinds = kind_counts(g);
                let found = attributes::collect(g, &kinds);
                (kinds, found)
            },
            || rayon::join(|| shape::collect(g), || relation_types(g)),
        );
        let quality = quality::collect(g, &dated, &relation_types);
        Overview {
            entities: g.visible_entity_count(),
            relations: g.visible_relation_count(),
            sources: g.source_count(),
            kinds,
            relation_types,
            attributes,
            most_connected: shape.most_connected,
            isolated: shape.isolated,
            components: shape.components,
            dated_span: dated.span,
            quality,
        }
    }

    /// How many entities have `kind` (0 when none do).
    #[cfg(test)]
    pub(crate) fn kind_count(&self, kind: &str) -> usize {
        self.kinds
            .iter()
            .find(|k| k.name == kind)
            .map_or(0, |k| k.count)
    }
}

/// Counts by dense number, most common first, ties by name.
fn ranked(counts: Vec<usize>, name: impl Fn(u32) -> String) -> Vec<NameCount> {
    let mut v: Vec<NameCount> = counts
        .into_iter()
        .enumerate()
        .filter(|&(_, n)| n > 0)
        .map(|(i, count)| NameCount {
            name: name(i as u32),
            count,
        })
        .collect();
    v.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.name.cmp(&b.name)));
    v
}

fn kind_counts(g: &Graph) -> Vec<NameCount> {
    let mut counts = vec![0usize; g.name_counts().0];
    for ix in g.entity_ixs() {
        counts[g.kind_number(ix) as usize] += 1;
    }
    ranked(counts, |k| g.kind_name(k).to_string())
}

fn relation_types(g: &Graph) -> Vec<RelationTypeStats> {
    let (kind_total, type_total, _) = g.name_counts();
    let mut counts = vec![0usize; type_total];
    let mut pairs: hashbrown::HashMap<(u32, u32, u32), usize, foldhash::fast::FixedState> =
        hashbrown::HashMap::default();
    for r in g.relation_ixs() {
        let t = g.relation_type_number(r);
        let (from, to) = g.relation_ends(r);
        counts[t as usize] += 1;
        *pairs
            .entry((t, g.kind_number(from), g.kind_number(to)))
            .or_default() += 1;
    }
    let mut ends: Vec<Vec<KindPair>> = vec![Vec::new(); type_total];
    for ((t, from, to), count) in pairs {
        debug_assert!((from as usize) < kind_total && (to as usize) < kind_total);
        ends[t as usize].push(KindPair {
            from: g.kind_name(from).to_string(),
            to: g.kind_name(to).to_string(),
            count,
        });
    }
    let type_number =
        |name: &str| (0..type_total as u32).find(|&t| g.relation_type_name(t) == name);
    ranked(counts, |t| g.relation_type_name(t).to_string())
        .into_iter()
        .map(|NameCount { name, count }| {
            let mut ends = type_number(&name)
                .map(|t| std::mem::take(&mut ends[t as usize]))
                .unwrap_or_default();
            ends.sort_by(|a, b| {
                b.count
                    .cmp(&a.count)
                    .then_with(|| (&a.from, &a.to).cmp(&(&b.from, &b.to)))
            });
            RelationTypeStats { name, count, ends }
        })
        .collect()
}

#[cfg(test)]
mod tests;
