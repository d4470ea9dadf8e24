//! The cycles view's state and the cycle index: `graph::cycles` copied out of the borrowed flows
//! once per graph (the detail pane asks every frame whether an entity takes part), and the rows
//! of the list, a heading per cycle then its legs. Enter opens a leg's deal.

use super::super::{App, ListPos};
use super::{body_inner, deal_entity, follow, move_pos};
use crate::analysis::{DealSource, PairFlow, cycles, flows};
use crate::graph::{EntityIx, Graph};

/// One leg of a cycle, owned.
#[derive(Clone, Debug, PartialEq)]
pub struct CycleLeg {
    /// The party paying.
    pub payer: EntityIx,
    /// The party paid.
    pub payee: EntityIx,
    /// The disclosed amount, US dollars.
    pub amount_usd: Option<f64>,
    /// The leg's one-line label as drawn.
    pub label: String,
    /// The deal the leg comes from.
    pub source: DealSource,
    /// The deal's name.
    pub name: String,
    /// The deal's date as written.
    pub date: Option<String>,
    /// The deal's status.
    pub status: Option<String>,
    /// False for an ended deal, which is listed but left out of totals.
    pub counted: bool,
}

/// A two-party cycle: `a` pays `b` (`out_usd`), `b` pays `a` back (`back_usd`).
#[derive(Clone, Debug, PartialEq)]
pub struct MoneyCycle {
    /// The first party.
    pub a: EntityIx,
    /// The second party.
    pub b: EntityIx,
    /// Disclosed money from `a` to `b`, US dollars.
    pub out_usd: f64,
    /// Disclosed money from `b` back to `a`, US dollars.
    pub back_usd: f64,
    /// The out legs, then the back legs, each by date.
    pub legs: Vec<CycleLeg>,
}

/// Every cycle of a graph, largest first, and how many each entity takes part in.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct CycleIndex {
    /// Every cycle of the graph.
    pub cycles: Vec<MoneyCycle>,
    /// Per entity, the number of cycles it takes part in (`Cycle::involves`).
    pub count: Vec<u16>,
}

impl CycleIndex {
    /// Finds every money cycle of `graph`.
    pub fn new(graph: &Graph) -> CycleIndex {
        let f = flows(graph, false);
        let found = cycles(&f);
        let mut count = vec![0u16; graph.entity_count()];
        for c in &found {
            for (e, n) in count.iter_mut().enumerate() {
                if c.involves(&f, e as EntityIx) {
                    *n = n.saturating_add(1);
                }
            }
        }
        let legs = |p: &PairFlow| -> Vec<CycleLeg> {
            p.legs
                .iter()
                .map(|&l| {
                    let l = &f.legs[l];
                    CycleLeg {
                        payer: l.payer,
                        payee: l.payee,
                        amount_usd: l.amount_usd,
                        label: l.label.to_string(),
                        source: l.source,
                        name: l.name.to_string(),
                        date: l.date.map(str::to_string),
                        status: l.status.map(str::to_string),
                        counted: l.counted,
                    }
                })
                .collect()
        };
        let cycles = found
            .iter()
            .map(|c| MoneyCycle {
                a: c.a,
                b: c.b,
                out_usd: c.out.total_usd,
                back_usd: c.back.total_usd,
                legs: legs(c.out).into_iter().chain(legs(c.back)).collect(),
            })
            .collect();
        CycleIndex { cycles, count }
    }
}

/// One row of the cycles list.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CycleListRow {
    /// A cycle's heading: its parties and totals.
    Heading {
        /// The cycle, an index into the cycle list.
        cycle: usize,
    },
    /// One leg of a cycle.
    Leg {
        /// The cycle, an index into the cycle list.
        cycle: usize,
        /// The leg, an index into the cycle's legs.
        leg: usize,
    },
}

#[derive(Default)]
/// The state of the cycles view: its rows and the selection.
pub struct CycleView {
    /// The drawn rows, headings and legs.
    pub rows: Vec<CycleListRow>,
    /// The selection and scroll.
    pub pos: ListPos,
}

/// Rows of the list (below its summary line and a blank line).
pub(crate) fn list_height(size: (u16, u16)) -> usize {
    (body_inner(size).height as usize).saturating_sub(2).max(1)
}

pub(super) fn open(app: &mut App) {
    let rows: Vec<CycleListRow> = app
        .cycle_index()
        .cycles
        .iter()
        .enumerate()
        .flat_map(|(cycle, c)| {
            std::iter::once(CycleListRow::Heading { cycle })
                .chain((0..c.legs.len()).map(move |leg| CycleListRow::Leg { cycle, leg }))
        })
        .collect();
    let v = &mut app.views.cycles;
    if v.rows != rows {
        v.rows = rows;
        v.pos = ListPos::default();
        move_by(app, 1);
    }
}

pub(super) fn move_by(app: &mut App, delta: isize) {
    let height = list_height(app.size);
    let v = &mut app.views.cycles;
    let rows = &v.rows;
    move_pos(&mut v.pos, rows.len(), delta, height, |i| {
        matches!(rows[i], CycleListRow::Leg { .. })
    });
}

pub(super) fn activate(app: &mut App) {
    let Some(&CycleListRow::Leg { cycle, leg }) =
        app.views.cycles.rows.get(app.views.cycles.pos.selected)
    else {
        return;
    };
    let source = app.cycle_index().cycles[cycle].legs[leg].source;
    let ix = deal_entity(app, source);
    follow(app, ix);
}
