//! Attribute statistics per kind: each key with how many entities carry it, a sample value, and
//! a summary of its values (numbers: min / median / max; dates: first / last). The same pass
//! gathers the dates the quality checks and the dated span need.
//!
//! One pass over every attribute of every entity, keyed by interned numbers; numbers are kept
//! for the median (one `select_nth_unstable` per key). What it does not do: format values.

use super::{DatedSpan, DatedValue, NameCount};
use crate::conventions::{is_date_key, is_valid_date};
use crate::graph::{AttrValue, EntityIx, Graph};

/// The longest text a [`Sample`] keeps, in characters.
const SAMPLE_CHARS: usize = 60;

/// A value of an attribute, owned so the overview outlives nothing.
#[derive(Clone, Debug, PartialEq)]
pub enum Sample {
    /// JSON null.
    Null,
    /// A boolean.
    Bool(bool),
    /// An integer.
    Int(i64),
    /// A number with a fraction.
    Float(f64),
    /// A string, cut to 60 characters.
    Str(String),
}

impl Sample {
    fn of(value: &AttrValue<'_>) -> Sample {
        match *value {
            AttrValue::Null => Sample::Null,
            AttrValue::Bool(b) => Sample::Bool(b),
            AttrValue::Int(i) => Sample::Int(i),
            AttrValue::Float(f) => Sample::Float(f),
            AttrValue::Str(s) => Sample::Str(s.chars().take(SAMPLE_CHARS).collect()),
        }
    }
}

/// What an attribute's values are, summarised.
#[derive(Clone, Debug, PartialEq)]
pub enum ValueSummary {
    /// Every value is a number.
    Numbers {
        /// The smallest value.
        min: f64,
        /// The median (the lower middle value of an even count).
        median: f64,
        /// The largest value.
        max: f64,
    },
    /// The values are dates (`YYYY[-MM[-DD]]`), some perhaps not valid.
    Dates {
        /// The earliest valid date.
        first: String,
        /// The latest valid date.
        last: String,
    },
    /// Anything else (text, booleans, a mix).
    Other,
}

/// One attribute key of one kind.
#[derive(Clone, Debug, PartialEq)]
pub struct AttributeStats {
    /// The key (`amount_usd`).
    pub key: String,
    /// How many entities of the kind carry it.
    pub count: usize,
    /// The first value in file order.
    pub sample: Sample,
    /// A summary of all its values.
    pub values: ValueSummary,
}

/// One kind and its attribute keys, most carried first (ties by key).
#[derive(Clone, Debug, PartialEq)]
pub struct KindAttributes {
    /// The kind.
    pub kind: String,
    /// How many entities have the kind.
    pub entities: usize,
    /// Its keys.
    pub keys: Vec<AttributeStats>,
}

/// What the pass found about dates, for the quality checks and the span.
#[derive(Debug, Default)]
pub(super) struct Dates {
    /// Entities with a date-valued key whose value is not a valid date, in file order.
    pub unparseable: Vec<EntityIx>,
    /// The earliest and latest valid dates.
    pub span: Option<DatedSpan>,
}

/// What one (kind, key) pair has seen so far.
struct Tally {
    count: usize,
    sample: Sample,
    numbers: Vec<f64>,
    strings: usize,
    first: Option<String>,
    last: Option<String>,
    /// Entities whose string value is not a valid date (counted only if the key is dated).
    not_dates: Vec<EntityIx>,
    dates: usize,
}

type Key = (u32, u32);

pub(super) fn collect(g: &Graph, kinds: &[NameCount]) -> (Vec<KindAttributes>, Dates) {
    let mut tallies: hashbrown::HashMap<Key, Tally, foldhash::fast::FixedState> =
        hashbrown::HashMap::default();
    let mut first: Option<(EntityIx, u32, &str)> = None;
    let mut last: Option<(EntityIx, u32, &str)> = None;
    for ix in g.entity_ixs() {
        let kind = g.kind_number(ix);
        for (key, value) in g.numbered_attrs(ix) {
            let t = tallies.entry((kind, key)).or_insert_with(|| Tally {
                count: 0,
                sample: Sample::of(&value),
                numbers: Vec::new(),
                strings: 0,
                first: None,
                last: None,
                not_dates: Vec::new(),
                dates: 0,
            });
            t.count += 1;
            match value {
                AttrValue::Int(_) | AttrValue::Float(_) => {
                    t.numbers.extend(value.as_f64().filter(|f| f.is_finite()))
                }
                AttrValue::Str(s) => {
                    t.strings += 1;
                    if is_valid_date(s) {
                        t.dates += 1;
                        if t.first.as_deref().is_none_or(|f| s < f) {
                            t.first = Some(s.to_string());
                        }
                        if t.last.as_deref().is_none_or(|l| s > l) {
                            t.last = Some(s.to_string());
                        }
                        if first.is_none_or(|(_, _, f)| s < f) {
                            first = Some((ix, key, s));
                        }
                        if last.is_none_or(|(_, _, l)| s > l) {
                            last = Some((ix, key, s));
                        }
                    } else {
                        t.not_dates.push(ix);
                    }
                }
                AttrValue::Null | AttrValue::Bool(_) => {}
            }
        }
    }
    let mut dates = Dates::default();
    let mut by_kind: Vec<Vec<(u32, Tally)>> = (0..g.name_counts().0).map(|_| Vec::new()).collect();
    for ((kind, key), tally) in tallies {
        if is_dated(g.attr_key_name(key), &tally) {
            dates.unparseable.extend_from_slice(&tally.not_dates);
        }
        by_kind[kind as usize].push((key, tally));
    }
    dates.unparseable.sort_unstable();
    dates.unparseable.dedup();
    let dated = |(ix, key, date): (EntityIx, u32, &str)| DatedValue {
        entity: ix,
        id: g.entity(ix).id().to_string(),
        name: g.entity(ix).name().to_string(),
        key: g.attr_key_name(key).to_string(),
        date: date.to_string(),
    };
    if let (Some(f), Some(l)) = (first, last) {
        dates.span = Some(DatedSpan {
            first: dated(f),
            last: dated(l),
        });
    }
    let kind_total = by_kind.len() as u32;
    let kind_number = |name: &str| (0..kind_total).find(|&k| g.kind_name(k) == name);
    let attributes = kinds
        .iter()
        .map(|k| {
            let tallies = kind_number(&k.name)
                .map(|n| std::mem::take(&mut by_kind[n as usize]))
                .unwrap_or_default();
            KindAttributes {
                kind: k.name.clone(),
                entities: k.count,
                keys: stats(g, tallies),
            }
        })
        .collect();
    (attributes, dates)
}

/// Whether a key's values are dates: by name, or because most of its strings are.
fn is_dated(key: &str, t: &Tally) -> bool {
    t.dates > 0 && (is_date_key(key) || t.dates * 2 > t.strings)
}

fn stats(g: &Graph, tallies: Vec<(u32, Tally)>) -> Vec<AttributeStats> {
    let mut keys: Vec<AttributeStats> = tallies
        .into_iter()
        .map(|(key, mut t)| {
            let key = g.attr_key_name(key).to_string();
            let values = summary(&key, &mut t);
            AttributeStats {
                key,
                count: t.count,
                sample: t.sample,
                values,
            }
        })
        .collect();
    keys.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.key.cmp(&b.key)));
    keys
}

fn summary(key: &str, t: &mut Tally) -> ValueSummary {
    if !t.numbers.is_empty() && t.numbers.len() == t.count {
        let n = t.numbers.len();
        let mid = (n - 1) / 2;
        let (_, &mut median, _) = t.numbers.select_nth_unstable_by(mid, f64::total_cmp);
        let min = t.numbers.iter().copied().fold(f64::INFINITY, f64::min);
        let max = t.numbers.iter().copied().fold(f64::NEG_INFINITY, f64::max);
        return ValueSummary::Numbers { min, median, max };
    }
    match (is_dated(key, t), t.first.take(), t.last.take()) {
        (true, Some(first), Some(last)) => ValueSummary::Dates { first, last },
        _ => ValueSummary::Other,
    }
}
