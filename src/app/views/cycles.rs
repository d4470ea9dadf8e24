//! The rings view's state (`c`) and the money index behind it: the party-level money graph and
//! its rings of 2, 3 and 4 parties, computed once per graph (the detail pane asks every frame how
//! many rings an entity is in; the partners pane and compare read the same money graph). The
//! rows of the list: per ring a heading, why the entity the view was opened from takes part when
//! it is not a party, then each leg (payer → payee) and the deals under it. Enter opens a deal
//! (or the chip an inferred leg comes from).
//!
//! What this file does not do: find rings (`analysis::rings`) or draw (`ui/views/cycles.rs`).

use super::super::{App, ListPos};
use super::{body_inner, follow, move_pos};
use crate::analysis::{
    DEFAULT_MAX_PARTIES, DEFAULT_RING_LIMIT, DealSource, Inference, LegSource, MoneyGraph, Ring,
    RingQuery, Through, ring_counts, rings, through,
};
use crate::graph::{EntityIx, Graph};

/// The fewest parties the view's `-` goes down to.
pub(crate) const MIN_VIEW_PARTIES: usize = 2;
/// The most parties the view's `+` goes up to (beyond four, rings at a hub are many and long).
pub(crate) const MAX_VIEW_PARTIES: usize = DEFAULT_MAX_PARTIES;

/// The rings of one size limit and how many of them each entity takes part in.
#[derive(Clone, Debug, Default)]
pub struct RingSet {
    /// The best rings, best first (`analysis::rings` order).
    pub rings: Vec<Ring>,
    /// Per entity, the number of `rings` it takes part in (`analysis::ring_counts`).
    pub count: Vec<u16>,
}

/// The money graph of a graph (inferred legs included) and its rings for each size limit the
/// view offers.
#[derive(Clone, Debug)]
pub struct MoneyIndex {
    /// Who pays whom, owners and their units merged.
    pub money: MoneyGraph,
    /// `sets[n - MIN_VIEW_PARTIES]`: the rings of up to `n` parties.
    sets: Vec<RingSet>,
}

impl MoneyIndex {
    /// Builds the money graph of `graph` and searches its rings once per size limit (the
    /// search is milliseconds; building the money graph is the cost: seconds at a million).
    pub fn new(graph: &Graph) -> MoneyIndex {
        let money = MoneyGraph::new(graph, Inference::Include);
        let sets = (MIN_VIEW_PARTIES..=MAX_VIEW_PARTIES)
            .map(|max_parties| {
                let query = RingQuery {
                    max_parties,
                    min_usd: 0.0,
                    limit: DEFAULT_RING_LIMIT,
                };
                let found = rings(&money, &query);
                let count = ring_counts(graph, &money, &found);
                RingSet {
                    rings: found,
                    count,
                }
            })
            .collect();
        MoneyIndex { money, sets }
    }

    /// The rings of up to `max_parties` parties (clamped to what the view offers).
    pub fn set(&self, max_parties: usize) -> &RingSet {
        let n = max_parties.clamp(MIN_VIEW_PARTIES, MAX_VIEW_PARTIES);
        &self.sets[n - MIN_VIEW_PARTIES]
    }
}

/// A computed [`MoneyIndex`], held apart from the [`App`] so the app can change while it is read.
pub struct MoneyIndexRef(std::sync::Arc<std::sync::OnceLock<MoneyIndex>>);

impl MoneyIndexRef {
    /// `cell`, when its index is computed.
    pub(super) fn ready(cell: &std::sync::Arc<std::sync::OnceLock<MoneyIndex>>) -> Option<Self> {
        cell.get()
            .is_some()
            .then(|| MoneyIndexRef(std::sync::Arc::clone(cell)))
    }
}

impl std::ops::Deref for MoneyIndexRef {
    type Target = MoneyIndex;
    fn deref(&self) -> &MoneyIndex {
        self.0
            .get()
            .expect("a MoneyIndexRef is made only once its index is computed")
    }
}

/// One row of the rings list.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RingRow {
    /// `3. Nvidia → OpenAI → Oracle → Nvidia` and the ring's figures.
    Heading {
        /// The index into the rings of the view's size limit.
        ring: usize,
    },
    /// Why the entity the view was opened from is in the ring when it is not one of its parties.
    Why {
        /// The ring.
        ring: usize,
        /// How the entity takes part.
        how: Through,
    },
    /// One leg: payer → payee, its disclosed total or "undisclosed", inferred or not.
    Leg {
        /// The ring.
        ring: usize,
        /// The index into the ring's legs.
        leg: usize,
    },
    /// Where the rings through the entity the view was opened from end and the others begin.
    Others {
        /// How many other rings follow.
        count: usize,
    },
    /// One deal of a leg, or the relation an inferred leg comes from.
    Deal {
        /// The ring.
        ring: usize,
        /// The index into the ring's legs.
        leg: usize,
        /// The index into the leg's pair's legs.
        deal: usize,
    },
}

impl RingRow {
    fn selectable(&self) -> bool {
        matches!(self, RingRow::Deal { .. })
    }
}

/// The rings view's state.
pub struct CycleView {
    /// The rows, rings through `through` first.
    pub rows: Vec<RingRow>,
    /// The selection and the first row drawn.
    pub pos: ListPos,
    /// Rings of up to this many parties (`+` and `-`, `kgx --max-parties`).
    pub max_parties: usize,
    /// The entity the view was opened from, when it takes part in a ring: its rings come first.
    pub through: Option<EntityIx>,
    /// How many rings at the top of the list take part `through` the entity.
    pub through_count: usize,
    /// The rows were built from a computed index (not while it was still being computed).
    pub(in crate::app) built: bool,
}

impl Default for CycleView {
    fn default() -> Self {
        CycleView {
            rows: Vec::new(),
            pos: ListPos::default(),
            max_parties: DEFAULT_MAX_PARTIES,
            through: None,
            through_count: 0,
            built: false,
        }
    }
}

/// Rows of the list (below its summary line and a blank line).
pub(crate) fn list_height(size: (u16, u16)) -> usize {
    (body_inner(size).height as usize).saturating_sub(2).max(1)
}

pub(super) fn open(app: &mut App) {
    let shown = app.shown();
    app.views.cycles.through = shown.filter(|&e| app.cycles_of(e) > 0);
    rebuild(app);
}

/// Changes the size limit by `delta` parties, within what the view offers.
pub(super) fn change_max_parties(app: &mut App, delta: isize) {
    let v = &mut app.views.cycles;
    let n = (v.max_parties as isize + delta)
        .clamp(MIN_VIEW_PARTIES as isize, MAX_VIEW_PARTIES as isize) as usize;
    if n == v.max_parties {
        app.message = Some(format!(
            "rings of {MIN_VIEW_PARTIES} to {MAX_VIEW_PARTIES} parties: already {n}"
        ));
        return;
    }
    v.max_parties = n;
    let through = v.through;
    app.views.cycles.through = through.filter(|&e| app.cycles_of(e) > 0);
    rebuild(app);
}

/// The rows for the current size limit and entity; the selection stays when nothing changed.
pub(super) fn rebuild(app: &mut App) {
    let Some(index) = app.money_index_now() else {
        let v = &mut app.views.cycles;
        v.rows.clear();
        v.built = false;
        v.pos = ListPos::default();
        return;
    };
    let v = &app.views.cycles;
    let set = index.set(v.max_parties);
    let graph = &app.graph;
    let mut order: Vec<(usize, Option<Through>)> = (0..set.rings.len())
        .map(|r| {
            let how = v
                .through
                .and_then(|e| through(graph, &index.money, &set.rings[r], e));
            (r, how)
        })
        .collect();
    // Rings through the entity first; each part keeps the rings' own order.
    order.sort_by_key(|&(r, how)| (how.is_none(), r));
    let through_count = order.iter().filter(|(_, how)| how.is_some()).count();
    let mut rows = Vec::new();
    let total = order.len();
    for (k, (ring, how)) in order.into_iter().enumerate() {
        if k == through_count && k > 0 {
            rows.push(RingRow::Others { count: total - k });
        }
        rows.push(RingRow::Heading { ring });
        if let Some(how) = how.filter(|h| *h != Through::Party) {
            rows.push(RingRow::Why { ring, how });
        }
        for (leg, &pair) in set.rings[ring].legs.iter().enumerate() {
            rows.push(RingRow::Leg { ring, leg });
            let pair = index.money.pair(pair);
            rows.extend(
                pair.legs_by_date(graph)
                    .into_iter()
                    .map(|deal| RingRow::Deal { ring, leg, deal }),
            );
        }
    }
    let v = &mut app.views.cycles;
    v.through_count = through_count;
    if !v.built || v.rows != rows {
        v.rows = rows;
        v.built = true;
        v.pos = ListPos::default();
        move_by(app, 1);
    }
}

pub(super) fn move_by(app: &mut App, delta: isize) {
    let height = list_height(app.size);
    let v = &mut app.views.cycles;
    let rows = &v.rows;
    move_pos(&mut v.pos, rows.len(), delta, height, |i| {
        rows[i].selectable()
    });
}

/// Enter: the selected deal, or the chip of an inferred `offers` leg.
pub(super) fn activate(app: &mut App) {
    let Some(&RingRow::Deal { ring, leg, deal }) =
        app.views.cycles.rows.get(app.views.cycles.pos.selected)
    else {
        return;
    };
    let Some(index) = app.money_index_now() else {
        return;
    };
    let set = index.set(app.views.cycles.max_parties);
    let pair = index.money.pair(set.rings[ring].legs[leg]);
    let target = match pair.legs[deal].source() {
        LegSource::Deal(DealSource::Entity(e)) => e,
        LegSource::Deal(DealSource::Relation(r)) => app.graph.relation(r).source_ix(),
        LegSource::Offers(r) => app.graph.relation(r).target_ix(),
    };
    follow(app, target);
}
