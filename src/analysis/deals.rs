//! Deals over time: every entity of kind `deal` and every relation carrying `amount_usd`, with
//! amount, date, status and parties by role, sorted by date; filters; per-year totals.
//!
//! The conventions read here: parties point AT a deal with a role relation (`investor`,
//! `investee`, `customer`, `provider`, `buyer`, `supplier`, `partner`), a newer deal
//! `supersedes` an older one, and a deal can be `part_of` a larger one. Money direction is not
//! this module's business (see `flows`).

use std::cmp::Ordering;

use super::parties::Units;
use crate::conventions::{
    ATTR_AMOUNT_USD, ATTR_DATE, ATTR_ENDED, ATTR_ENDED_HOW, ATTR_STATUS, KIND_DEAL, PARTY_ROLES,
    REL_PART_OF, REL_SUPERSEDES,
};
use crate::graph::{AttrValue, EntityIx, Graph, RelationIx};

/// Where a deal row comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DealSource {
    /// An entity of kind `deal`.
    Entity(EntityIx),
    /// A relation carrying `amount_usd` between two entities that are not deals.
    Relation(RelationIx),
}

/// One party of a deal.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Party<'g> {
    /// The role (`investor`, ...); for a relation row, `from` or `to`.
    pub role: &'g str,
    /// The entity taking part.
    pub entity: EntityIx,
    /// The party's own share when its role relation carries `amount_usd`.
    pub amount_usd: Option<f64>,
}

/// How and when a deal ended (`ended_how`, `ended`): it is still listed, but its money no longer
/// counts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Ending<'g> {
    /// `superseded`, `terminated`, ... ([`crate::conventions::KNOWN_ENDINGS`]), or `ended` when
    /// the file gives only the date.
    pub how: &'g str,
    /// The date it ended, when the file gives one.
    pub date: Option<&'g str>,
}

impl Ending<'_> {
    /// True when the deal had ended by `day` (dates compare on their common prefix, so a deal
    /// that ended on 2026-02-27 had ended by `2026-02` and by `2026`). An ending without a date
    /// counts as having happened.
    pub fn by(&self, day: &str) -> bool {
        self.date.is_none_or(|d| date_cmp(d, day).is_le())
    }
}

/// The ending a record's attributes describe, if any.
pub(crate) fn ending_of<'g>(attr: impl Fn(&str) -> Option<AttrValue<'g>>) -> Option<Ending<'g>> {
    let date = attr(ATTR_ENDED).and_then(text_of);
    let how = attr(ATTR_ENDED_HOW).and_then(text_of);
    match (how, date) {
        (None, None) => None,
        (how, date) => Some(Ending {
            how: how.unwrap_or("ended"),
            date,
        }),
    }
}

/// A deal as listed on the timeline.
#[derive(Clone, Debug, PartialEq)]
pub struct Deal<'g> {
    /// Where the deal is stored: a deal entity or a relation that carries a deal.
    pub source: DealSource,
    /// The deal's name, or the relation type for a relation row.
    pub name: &'g str,
    /// The deal's date as written (`YYYY`, `YYYY-MM` or `YYYY-MM-DD`).
    pub date: Option<&'g str>,
    /// The disclosed amount in US dollars, when reported.
    pub amount_usd: Option<f64>,
    /// The deal's status (`signed`, `talks`, ...).
    pub status: Option<&'g str>,
    /// Everyone taking part, each with a role.
    pub parties: Vec<Party<'g>>,
    /// The deal that `supersedes` this one, if any.
    pub superseded_by: Option<EntityIx>,
    /// The larger deal this one is `part_of`, if any.
    pub part_of: Option<EntityIx>,
    /// How and when it ended, if it did (`ended_how`, `ended`).
    pub ending: Option<Ending<'g>>,
}

impl Deal<'_> {
    /// The parties with a given role.
    pub(crate) fn with_role<'a>(
        &'a self,
        role: &'a str,
    ) -> impl Iterator<Item = &'a Party<'a>> + 'a {
        self.parties.iter().filter(move |p| p.role == role)
    }
}

/// Which deals to keep. Dates compare on their common prefix, so `--since 2025` keeps
/// `2025-03` and `--until 2025-10` keeps `2025-10-28`.
#[derive(Clone, Debug, Default)]
pub struct DealFilter {
    /// Deals with this party, or with a unit (cloud, chip line) it `operates`.
    pub party: Option<EntityIx>,
    /// Only deals dated on or after this date.
    pub since: Option<String>,
    /// Only deals dated on or before this date.
    pub until: Option<String>,
    /// Exact status, ignoring case.
    pub status: Option<String>,
    /// Deals with at least one party of this kind.
    pub kind_of_party: Option<String>,
}

/// Money committed in one year.
#[derive(Clone, Debug, PartialEq)]
pub struct YearTotal {
    /// The year, `YYYY`.
    pub year: String,
    /// Disclosed amounts of the year's counted deals, in US dollars.
    pub total_usd: f64,
    /// Deals dated that year.
    pub deals: usize,
    /// Of those, deals whose amount is not counted: undisclosed, ended (superseded, terminated,
    /// ...), or part of a larger deal that carries its own amount.
    pub not_counted: usize,
}

/// All deals passing `filter`, sorted by date (undated last), then by amount, largest first.
pub fn deals<'g>(graph: &'g Graph, filter: &DealFilter) -> Vec<Deal<'g>> {
    let units = filter.party.map(|_| Units::new(graph));
    let mut rows: Vec<Deal<'g>> = all_deals(graph)
        .filter(|d| keeps(graph, filter, units.as_ref(), d))
        .collect();
    rows.sort_by(|a, b| by_date(a.date, b.date).then(by_amount_desc(a, b)));
    rows
}

/// Every deal of the graph, unfiltered, in file order (deal entities first).
pub(crate) fn all_deals(graph: &Graph) -> impl Iterator<Item = Deal<'_>> + '_ {
    let deal_kind = graph.kinds().position(|k| k == KIND_DEAL).map(|k| k as u32);
    let entities = graph
        .entities()
        .filter(move |e| Some(graph.kind_number(e.ix())) == deal_kind)
        .map(move |e| deal_of_entity(graph, e.ix()));
    let is_deal = move |ix: EntityIx| Some(graph.kind_number(ix)) == deal_kind;
    let relations = graph
        .relations()
        .filter(move |r| !is_deal(r.source_ix()) && !is_deal(r.target_ix()))
        .filter_map(move |r| {
            let amount = r.attr(ATTR_AMOUNT_USD)?.as_f64()?;
            if stored_as_a_deal(graph, &r, amount, is_deal) {
                return None;
            }
            Some(Deal {
                source: DealSource::Relation(r.ix()),
                name: r.rtype(),
                date: r.attr(ATTR_DATE).and_then(text_of),
                amount_usd: Some(amount),
                status: r.attr(ATTR_STATUS).and_then(text_of),
                parties: vec![
                    Party {
                        role: "from",
                        entity: r.source_ix(),
                        amount_usd: None,
                    },
                    Party {
                        role: "to",
                        entity: r.target_ix(),
                        amount_usd: None,
                    },
                ],
                superseded_by: None,
                part_of: None,
                ending: ending_of(|k| r.attr(k)),
            })
        });
    entities.chain(relations)
}

/// True when relation `r` (carrying `amount`) repeats a deal entity: both its ends are parties
/// of one deal dated the same (on their common prefix), or, when either date is missing, of the
/// same amount. SpaceX `acquired` xAI for $250B on 2026-02-02 and the deal "SpaceX acquisition
/// of xAI" say the same thing: listed twice, it was counted twice in 2026's total. Only relations
/// with an amount are checked, each by reading the role relations of its less connected end.
fn stored_as_a_deal(
    graph: &Graph,
    r: &crate::graph::Relation<'_>,
    amount: f64,
    is_deal: impl Fn(EntityIx) -> bool,
) -> bool {
    // From the end with fewer relations: a hub's many relations are not read per amount.
    let (a, b) = if graph.degree(r.source_ix()) <= graph.degree(r.target_ix()) {
        (r.source_ix(), r.target_ix())
    } else {
        (r.target_ix(), r.source_ix())
    };
    let date = r.attr(ATTR_DATE).and_then(text_of);
    let is_role = |rtype: &str| PARTY_ROLES.contains(&rtype);
    graph
        .outgoing(a)
        .filter(|p| is_role(p.rtype()) && is_deal(p.target_ix()))
        .map(|p| graph.entity(p.target_ix()))
        .filter(|deal| {
            deal.incoming()
                .any(|q| q.source_ix() == b && is_role(q.rtype()))
        })
        .any(|deal| {
            let deal_date = deal.attr(ATTR_DATE).and_then(text_of);
            match (date, deal_date) {
                (Some(x), Some(y)) => date_cmp(x, y).is_eq(),
                _ => deal.attr(ATTR_AMOUNT_USD).and_then(|v| v.as_f64()) == Some(amount),
            }
        })
}

fn deal_of_entity(graph: &Graph, ix: EntityIx) -> Deal<'_> {
    let e = graph.entity(ix);
    let mut parties: Vec<Party> = e
        .incoming()
        .filter(|r| PARTY_ROLES.contains(&r.rtype()))
        .map(|r| Party {
            role: r.rtype(),
            entity: r.source_ix(),
            amount_usd: r.attr(ATTR_AMOUNT_USD).and_then(|v| v.as_f64()),
        })
        .collect();
    parties.sort_by_key(|p| PARTY_ROLES.iter().position(|&r| r == p.role));
    Deal {
        source: DealSource::Entity(ix),
        name: e.name(),
        date: e.attr(ATTR_DATE).and_then(text_of),
        amount_usd: e.attr(ATTR_AMOUNT_USD).and_then(|v| v.as_f64()),
        status: e.attr(ATTR_STATUS).and_then(text_of),
        parties,
        superseded_by: e
            .incoming()
            .find(|r| r.rtype() == REL_SUPERSEDES)
            .map(|r| r.source_ix()),
        part_of: e
            .outgoing()
            .find(|r| r.rtype() == REL_PART_OF)
            .map(|r| r.target_ix()),
        ending: ending_of(|k| e.attr(k)),
    }
}

/// A string attribute with the graph's lifetime (`AttrValue::as_str` borrows the value).
pub(crate) fn text_of(v: AttrValue<'_>) -> Option<&str> {
    match v {
        AttrValue::Str(s) => Some(s),
        _ => None,
    }
}

fn keeps(graph: &Graph, filter: &DealFilter, units: Option<&Units>, d: &Deal<'_>) -> bool {
    if let (Some(p), Some(units)) = (filter.party, units) {
        let is_party = |e: EntityIx| e == p || units.party(e) == p;
        if !d.parties.iter().any(|x| is_party(x.entity)) {
            return false;
        }
    }
    if let Some(since) = &filter.since {
        if !d.date.is_some_and(|date| date_cmp(date, since).is_ge()) {
            return false;
        }
    }
    if let Some(until) = &filter.until {
        if !d.date.is_some_and(|date| date_cmp(date, until).is_le()) {
            return false;
        }
    }
    if let Some(status) = &filter.status {
        if !d.status.is_some_and(|s| s.eq_ignore_ascii_case(status)) {
            return false;
        }
    }
    if let Some(kind) = &filter.kind_of_party {
        if !d
            .parties
            .iter()
            .any(|p| graph.entity(p.entity).kind() == kind)
        {
            return false;
        }
    }
    true
}

/// Compares two ISO-like dates (`2025`, `2025-10`, `2025-10-28`) on their common prefix.
pub(crate) fn date_cmp(a: &str, b: &str) -> Ordering {
    let n = a.len().min(b.len());
    a.as_bytes()[..n].cmp(&b.as_bytes()[..n])
}

/// Dated before undated, dates ascending.
pub(crate) fn by_date(a: Option<&str>, b: Option<&str>) -> Ordering {
    match (a, b) {
        (Some(a), Some(b)) => a.cmp(b),
        (Some(_), None) => Ordering::Less,
        (None, Some(_)) => Ordering::Greater,
        (None, None) => Ordering::Equal,
    }
}

fn by_amount_desc(a: &Deal<'_>, b: &Deal<'_>) -> Ordering {
    let amount = |d: &Deal<'_>| d.amount_usd.unwrap_or(f64::NEG_INFINITY);
    amount(b).total_cmp(&amount(a)).then(a.name.cmp(b.name))
}

/// True when a deal's amount counts toward totals: it has one, it has not ended (superseded,
/// terminated, ...), no newer deal supersedes it, and it is not part of a larger deal that
/// carries its own amount (which would count it twice).
pub(crate) fn counts_toward_totals(graph: &Graph, d: &Deal<'_>) -> bool {
    let parent_has_amount = d.part_of.is_some_and(|p| {
        graph
            .entity(p)
            .attr(ATTR_AMOUNT_USD)
            .and_then(|v| v.as_f64())
            .is_some()
    });
    d.amount_usd.is_some() && d.superseded_by.is_none() && d.ending.is_none() && !parent_has_amount
}

/// Money per year over `deals` (dated ones only), years ascending.
pub fn totals_by_year(graph: &Graph, deals: &[Deal<'_>]) -> Vec<YearTotal> {
    let mut years: Vec<YearTotal> = Vec::new();
    for d in deals {
        let Some(year) = d.date.and_then(|date| date.get(..4)) else {
            continue;
        };
        let i = match years.iter().position(|y| y.year == year) {
            Some(i) => i,
            None => {
                years.push(YearTotal {
                    year: year.into(),
                    total_usd: 0.0,
                    deals: 0,
                    not_counted: 0,
                });
                years.len() - 1
            }
        };
        let y = &mut years[i];
        y.deals += 1;
        if counts_toward_totals(graph, d) {
            y.total_usd += d.amount_usd.unwrap_or(0.0);
        } else {
            y.not_counted += 1;
        }
    }
    years.sort_by(|a, b| a.year.cmp(&b.year));
    years
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::graph::{LoadOptions, load_bytes};

    fn graph() -> Graph {
        let json = r#"{"entities": [
            {"id": "amazon", "kind": "company", "name": "Amazon"},
            {"id": "aws", "kind": "cloud", "name": "AWS"},
            {"id": "openai", "kind": "company", "name": "OpenAI"},
            {"id": "nvidia", "kind": "company", "name": "Nvidia"},
            {"id": "talks", "kind": "deal", "name": "Talks",
             "attrs": {"amount_usd": 10000000000, "date": "2025-12", "status": "talks"}},
            {"id": "invest", "kind": "deal", "name": "Invest",
             "attrs": {"amount_usd": 50000000000, "date": "2026-02-27", "status": "signed"}},
            {"id": "compute", "kind": "deal", "name": "Compute",
             "attrs": {"amount_usd": 38000000000, "date": "2025-11-03", "status": "signed"}},
            {"id": "undated", "kind": "deal", "name": "Undated"},
            {"id": "round", "kind": "deal", "name": "Round",
             "attrs": {"amount_usd": 120000000000, "date": "2026-02-27", "status": "completed"}},
            {"id": "nv-part", "kind": "deal", "name": "Nvidia part",
             "attrs": {"amount_usd": 30000000000, "date": "2026-02-27", "status": "completed"}}
        ], "relations": [
            {"from": "amazon", "to": "aws", "type": "operates"},
            {"from": "amazon", "to": "talks", "type": "investor"},
            {"from": "openai", "to": "talks", "type": "investee"},
            {"from": "openai", "to": "invest", "type": "investee"},
            {"from": "amazon", "to": "invest", "type": "investor"},
            {"from": "invest", "to": "talks", "type": "supersedes"},
            {"from": "openai", "to": "compute", "type": "customer"},
            {"from": "aws", "to": "compute", "type": "provider"},
            {"from": "openai", "to": "round", "type": "investee"},
            {"from": "nvidia", "to": "nv-part", "type": "investor"},
            {"from": "openai", "to": "nv-part", "type": "investee"},
            {"from": "nv-part", "to": "round", "type": "part_of"},
            {"from": "nvidia", "to": "openai", "type": "licenses",
             "attrs": {"amount_usd": 5000000, "date": "2024-01-01"}}
        ]}"#;
        load_bytes(json.as_bytes(), "t", LoadOptions::default())
            .unwrap()
            .graph
    }

    fn names(rows: &[Deal<'_>]) -> Vec<String> {
        rows.iter().map(|d| d.name.to_string()).collect()
    }

    /// Issue 16 item 9: SpaceX's acquisition of xAI stored both as a deal and as an `acquired`
    /// relation with the same date and amount was listed twice and counted twice in 2026.
    #[test]
    fn a_deal_also_stored_as_a_relation_is_listed_and_counted_once() {
        let json = r#"{"entities": [
            {"id": "spacex", "kind": "company", "name": "SpaceX"},
            {"id": "xai", "kind": "company", "name": "xAI"},
            {"id": "deal", "kind": "deal", "name": "SpaceX acquisition of xAI",
             "attrs": {"amount_usd": 250000000000, "date": "2026-02-02", "status": "completed"}}
        ], "relations": [
            {"from": "spacex", "to": "deal", "type": "buyer"},
            {"from": "xai", "to": "deal", "type": "supplier"},
            {"from": "spacex", "to": "xai", "type": "acquired",
             "attrs": {"amount_usd": 250000000000, "date": "2026-02-02"}},
            {"from": "xai", "to": "spacex", "type": "rents",
             "attrs": {"amount_usd": 1000000000, "date": "2026-05"}}
        ]}"#;
        let g = load_bytes(json.as_bytes(), "t", LoadOptions::default())
            .unwrap()
            .graph;
        let rows = deals(&g, &DealFilter::default());
        // The rental is dated otherwise: a transaction of its own, still listed.
        assert_eq!(names(&rows), ["SpaceX acquisition of xAI", "rents"]);
        let years = totals_by_year(&g, &rows);
        assert_eq!(years.len(), 1);
        assert_eq!(years[0].deals, 2);
        assert_eq!(years[0].total_usd, 251e9);
    }

    #[test]
    fn deals_are_sorted_by_date_then_amount_undated_last() {
        let g = graph();
        let rows = deals(&g, &DealFilter::default());
        assert_eq!(
            names(&rows),
            [
                "licenses",
                "Compute",
                "Talks",
                "Round",
                "Invest",
                "Nvidia part",
                "Undated"
            ]
        );
        let compute = &rows[1];
        assert_eq!(compute.parties[0].role, "customer");
        assert_eq!(g.entity(compute.parties[1].entity).id(), "aws");
        assert_eq!(rows[2].superseded_by, g.find("invest"));
    }

    #[test]
    fn filters_by_party_with_units_dates_status_and_kind() {
        let g = graph();
        let amazon = DealFilter {
            party: g.find("amazon"),
            ..DealFilter::default()
        };
        assert_eq!(
            names(&deals(&g, &amazon)),
            ["Compute", "Talks", "Invest"],
            "AWS is Amazon's unit"
        );
        let window = DealFilter {
            since: Some("2025-12".into()),
            until: Some("2026".into()),
            ..DealFilter::default()
        };
        assert_eq!(
            names(&deals(&g, &window)),
            ["Talks", "Round", "Invest", "Nvidia part"]
        );
        let signed = DealFilter {
            status: Some("SIGNED".into()),
            ..DealFilter::default()
        };
        assert_eq!(names(&deals(&g, &signed)), ["Compute", "Invest"]);
        let clouds = DealFilter {
            kind_of_party: Some("cloud".into()),
            ..DealFilter::default()
        };
        assert_eq!(names(&deals(&g, &clouds)), ["Compute"]);
    }

    #[test]
    fn year_totals_skip_superseded_and_parts_of_larger_deals() {
        let g = graph();
        let rows = deals(&g, &DealFilter::default());
        let years = totals_by_year(&g, &rows);
        let summary: Vec<_> = years
            .iter()
            .map(|y| (y.year.as_str(), y.total_usd / 1e9, y.deals, y.not_counted))
            .collect();
        assert_eq!(
            summary,
            [
                ("2024", 0.005, 1, 0),
                ("2025", 38.0, 2, 1),
                ("2026", 170.0, 3, 1)
            ]
        );
    }

    fn ended_deal(ended: &str) -> Graph {
        let json = format!(
            r#"{{"entities": [
            {{"id": "a", "kind": "company", "name": "A"}},
            {{"id": "b", "kind": "company", "name": "B"}},
            {{"id": "d", "kind": "deal", "name": "D", "attrs": {{"amount_usd": 9000000000,
              "date": "2025-07-07", "status": "signed", "ended": "{ended}",
              "ended_how": "terminated"}}}}
        ], "relations": [
            {{"from": "a", "to": "d", "type": "buyer"}},
            {{"from": "b", "to": "d", "type": "supplier"}}
        ]}}"#
        );
        load_bytes(json.as_bytes(), "t", LoadOptions::default())
            .unwrap()
            .graph
    }

    #[test]
    fn an_ended_deal_is_listed_marked_and_not_counted() {
        let g = ended_deal("2025-10-30");
        let rows = deals(&g, &DealFilter::default());
        assert_eq!(names(&rows), ["D"]);
        let ending = rows[0].ending.expect("marked as ended");
        assert_eq!(
            (ending.how, ending.date),
            ("terminated", Some("2025-10-30"))
        );
        assert!(!counts_toward_totals(&g, &rows[0]));
        let years = totals_by_year(&g, &rows);
        assert_eq!((years[0].total_usd, years[0].not_counted), (0.0, 1));
    }

    #[test]
    fn an_ending_has_happened_on_and_after_its_date_not_before() {
        let g = ended_deal("2025-10-30");
        let ending = deals(&g, &DealFilter::default())[0].ending.unwrap();
        assert!(!ending.by("2025-10-29"), "before");
        assert!(ending.by("2025-10-30"), "on");
        assert!(ending.by("2025-11-02"), "after");
        assert!(ending.by("2025-10"), "the month it ended");
        assert!(!ending.by("2025-09"));
    }

    #[test]
    fn dates_compare_on_their_common_prefix() {
        assert!(date_cmp("2025-10-28", "2025-10").is_eq());
        assert!(date_cmp("2025-09", "2025-10-01").is_lt());
        assert!(date_cmp("2026", "2025-12-31").is_gt());
    }
}
