//! The dated (as-of) view: the graph as it was known on a day, as a mask over the loaded graph
//! (nothing is copied), which every analysis and search then reads through `Graph`'s accessors.
//!
//! The rules (docs/format.md, "As of a date"):
//! - an entity or relation whose `date` is after the day is hidden, and so is a relation with a
//!   hidden end; undated ones stay (the summary counts them);
//! - a deal that ended after the day reads without its `ended` / `ended_how`, so it shows the
//!   status it had then; one that ended by the day shows how it ended;
//! - a company whose own `valuation_date` is after the day shows the latest valuation dated on or
//!   before it: the `valuation_usd` of a deal that values it (a deal it is the `investee` of, or
//!   the `partner` of when the deal has no investee; deals still in talks do not count), dated by
//!   the deal's `date`; with none, no valuation.
//!
//! Dates compare on their common prefix ([`date_cmp`]): a thing dated `2025` is shown as of
//! `2025-06`, and a deal that ended on 2026-02-27 had ended as of `2026-02`. This module decides
//! what to hide; the mask itself and how accessors honour it are `graph`'s.

use std::cmp::Ordering;
use std::collections::HashMap;

use super::deals::{date_cmp, text_of};
use crate::conventions::{
    ATTR_DATE, ATTR_ENDED, ATTR_ENDED_HOW, ATTR_STATUS, ATTR_VALUATION_DATE, ATTR_VALUATION_USD,
    PROPOSED_STATUSES, ROLE_INVESTEE, ROLE_PARTNER, VALUATION_PREFIX, is_valid_date,
};
use crate::graph::{AttrValue, Bits, EntityIx, Graph, Mask, StoredAttr, StoredValue};

/// A day to see the graph as of: `YYYY`, `YYYY-MM` or `YYYY-MM-DD`, validated.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AsOf {
    day: String,
}

/// A date that [`AsOf::parse`] refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("'{0}' is not a date: use YYYY, YYYY-MM or YYYY-MM-DD (e.g. 2025-12-16)")]
pub struct AsOfError(pub String);

/// What a dated view hid and kept, for the overview and the status line.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct AsOfSummary {
    /// Entities dated after the day.
    pub hidden_entities: usize,
    /// Relations dated after the day or with a hidden end.
    pub hidden_relations: usize,
    /// Visible entities without a `date` (kept: nothing says when they became known).
    pub undated_entities: usize,
    /// Visible relations without a `date`.
    pub undated_relations: usize,
    /// Deals shown with the status they had before a later ending.
    pub endings_undone: usize,
    /// Companies shown with an earlier valuation (or none).
    pub valuations_dated: usize,
    /// Sources published after the day (hidden: they were not known then; an undated source
    /// stays).
    pub hidden_sources: usize,
}

fn days_in(year: u32, month: u32) -> u32 {
    match month {
        2 if year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

impl AsOf {
    /// Reads `YYYY`, `YYYY-MM` or `YYYY-MM-DD` (a day that its month does not have is refused).
    pub fn parse(text: &str) -> Result<AsOf, AsOfError> {
        let text = text.trim();
        let refuse = || AsOfError(text.to_string());
        if !is_valid_date(text) {
            return Err(refuse());
        }
        if let [y, m, d] = text.split('-').collect::<Vec<_>>().as_slice() {
            let (y, m, d): (u32, u32, u32) = (
                y.parse().map_err(|_| refuse())?,
                m.parse().map_err(|_| refuse())?,
                d.parse().map_err(|_| refuse())?,
            );
            if d > days_in(y, m) {
                return Err(refuse());
            }
        }
        Ok(AsOf {
            day: text.to_string(),
        })
    }

    /// The day as written.
    pub fn day(&self) -> &str {
        &self.day
    }

    /// The day `months` months later (earlier when negative), as `YYYY-MM-DD`: a year or a month
    /// stands for its last day, and a day its new month does not have becomes the month's last.
    pub fn shifted(&self, months: i32) -> AsOf {
        let parts: Vec<u32> = self.day.split('-').filter_map(|p| p.parse().ok()).collect();
        let (y, m) = (parts[0], parts.get(1).copied().unwrap_or(12));
        let d = parts.get(2).copied().unwrap_or_else(|| days_in(y, m));
        let total = (y as i32 * 12 + m as i32 - 1 + months).clamp(0, 9999 * 12 + 11);
        let (y, m) = ((total / 12) as u32, (total % 12) as u32 + 1);
        AsOf {
            day: format!("{y:04}-{m:02}-{:02}", d.min(days_in(y, m))),
        }
    }

    /// The latest date a deal or relation of `graph` carries (the day the data runs to), for a
    /// view that starts from "now" without reading the clock.
    pub fn latest(graph: &Graph) -> Option<AsOf> {
        let base = graph.unmasked();
        let dates = base
            .entities()
            .filter_map(|e| e.attr(ATTR_DATE))
            .chain(base.relations().filter_map(|r| r.attr(ATTR_DATE)))
            .filter_map(text_of)
            .filter(|d| is_valid_date(d));
        dates.max().map(|d| AsOf { day: d.to_string() })
    }

    /// Whether something dated `date` was known on this day.
    fn knows(&self, date: &str) -> bool {
        date_cmp(date, &self.day) != Ordering::Greater
    }

    /// `graph` as it was known on this day: the same data behind a mask (whatever mask `graph`
    /// had is replaced), with what the view hid and changed.
    pub fn view(&self, graph: &Graph) -> (Graph, AsOfSummary) {
        let base = graph.unmasked();
        let mut summary = AsOfSummary::default();
        let mut mask = Mask {
            entities: Bits::all(base.entity_count()),
            relations: Bits::all(base.relation_count()),
            ..Mask::default()
        };
        let date_of = |attr: Option<AttrValue<'_>>| -> Option<String> {
            match attr? {
                AttrValue::Str(s) => Some(s.to_string()),
                AttrValue::Int(y) => Some(y.to_string()),
                _ => None,
            }
        };
        for e in base.entities() {
            match date_of(e.attr(ATTR_DATE)) {
                Some(d) if !self.knows(&d) => {
                    mask.entities.remove(e.ix());
                    summary.hidden_entities += 1;
                }
                Some(_) => {}
                None => summary.undated_entities += 1,
            }
        }
        for r in base.relations() {
            let ends_shown =
                mask.entities.contains(r.source_ix()) && mask.entities.contains(r.target_ix());
            let date = date_of(r.attr(ATTR_DATE));
            if !ends_shown || date.as_deref().is_some_and(|d| !self.knows(d)) {
                mask.relations.remove(r.ix());
                summary.hidden_relations += 1;
            } else if date.is_none() {
                summary.undated_relations += 1;
            }
        }
        self.undo_later_endings(&base, &mut mask, &mut summary);
        self.date_valuations(&base, &mut mask, &mut summary);
        self.hide_later_sources(&base, &mut mask, &mut summary);
        (base.with_mask(mask), summary)
    }

    /// Sources published after the day are hidden (a partial date such as `2026-05` counts
    /// as its first day, as every other date here; one that does not parse stays).
    fn hide_later_sources(&self, base: &Graph, mask: &mut Mask, summary: &mut AsOfSummary) {
        let mut shown = Bits::all(base.source_count());
        for (s, source) in base.sources().enumerate() {
            if source
                .date()
                .is_some_and(|d| is_valid_date(d) && !self.knows(d))
            {
                shown.remove(s as u32);
                summary.hidden_sources += 1;
            }
        }
        mask.sources = (summary.hidden_sources > 0).then_some(shown);
    }

    /// Deals (and relations) that ended after the day read without their ending.
    fn undo_later_endings(&self, base: &Graph, mask: &mut Mask, summary: &mut AsOfSummary) {
        let (Some(ended), how) = (
            base.attr_key_number(ATTR_ENDED),
            base.attr_key_number(ATTR_ENDED_HOW),
        ) else {
            return;
        };
        let later = |list: &[StoredAttr]| -> bool {
            list.iter().any(|a| {
                a.key == ended
                    && text_of(base.stored_value(a.value)).is_some_and(|d| !self.knows(d))
            })
        };
        let without_ending = |list: &[StoredAttr]| {
            list.iter()
                .filter(|a| a.key != ended && Some(a.key) != how)
                .copied()
                .collect::<Vec<_>>()
        };
        for ix in base.entity_ixs().filter(|&ix| mask.entities.contains(ix)) {
            let list = base.entity_attr_list(ix);
            if later(list) {
                mask.entity_attrs.insert(ix, without_ending(list));
                summary.endings_undone += 1;
            }
        }
        for r in base.relation_ixs().filter(|&r| mask.relations.contains(r)) {
            let list = base.relation_attr_list(r);
            if later(list) {
                mask.relation_attrs.insert(r, without_ending(list));
                summary.endings_undone += 1;
            }
        }
    }

    /// Companies whose own valuation is dated after the day show the latest earlier one.
    fn date_valuations(&self, base: &Graph, mask: &mut Mask, summary: &mut AsOfSummary) {
        let Some(valuation_date) = base.attr_key_number(ATTR_VALUATION_DATE) else {
            return;
        };
        let mut changed: HashMap<EntityIx, Vec<StoredAttr>> = HashMap::new();
        for e in base.entities().filter(|e| mask.entities.contains(e.ix())) {
            let own = e.attr(ATTR_VALUATION_DATE).and_then(text_of);
            if e.attr(ATTR_VALUATION_USD).is_none() || own.is_none_or(|d| self.knows(d)) {
                continue;
            }
            let earlier = self.latest_valuing_deal(base, mask, e.ix());
            let mut list: Vec<_> = base
                .entity_attr_list(e.ix())
                .iter()
                .filter(|a| !base.attr_key_name(a.key).starts_with(VALUATION_PREFIX))
                .copied()
                .collect();
            if let Some((deal, date)) = earlier {
                for a in base.entity_attr_list(deal) {
                    let key = base.attr_key_name(a.key);
                    if key == ATTR_VALUATION_USD || key.starts_with("valuation_usd_") {
                        list.push(*a);
                    }
                }
                list.push(StoredAttr {
                    key: valuation_date,
                    value: date,
                });
            }
            changed.insert(e.ix(), list);
        }
        summary.valuations_dated += changed.len();
        mask.entity_attrs.extend(changed);
    }

    /// The deal dated latest on or before the day that values `company`, with its stored date.
    fn latest_valuing_deal(
        &self,
        base: &Graph,
        mask: &Mask,
        company: EntityIx,
    ) -> Option<(EntityIx, StoredValue)> {
        let values = |deal: EntityIx, role: &str| -> bool {
            role == ROLE_INVESTEE
                || (role == ROLE_PARTNER
                    && !base.incoming(deal).any(|r| r.rtype() == ROLE_INVESTEE))
        };
        let mut best: Option<(EntityIx, StoredValue, &str)> = None;
        for r in base.outgoing(company) {
            let deal = r.to();
            if !mask.entities.contains(deal.ix()) || !values(deal.ix(), r.rtype()) {
                continue;
            }
            let proposed = deal
                .attr(ATTR_STATUS)
                .and_then(text_of)
                .is_some_and(|s| PROPOSED_STATUSES.contains(&s));
            if proposed || deal.attr(ATTR_VALUATION_USD).is_none() {
                continue;
            }
            let Some(stored) = base
                .entity_attr_list(deal.ix())
                .iter()
                .find(|a| base.attr_key_name(a.key) == ATTR_DATE)
            else {
                continue;
            };
            let Some(date) = text_of(base.stored_value(stored.value)) else {
                continue;
            };
            if self.knows(date) && best.is_none_or(|(_, _, d)| date >= d) {
                best = Some((deal.ix(), stored.value, date));
            }
        }
        best.map(|(deal, value, _)| (deal, value))
    }
}

#[cfg(test)]
mod tests;
