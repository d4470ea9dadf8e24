//! The neighbourhood picture's state: the centre's neighbours grouped by relation type and
//! direction (incoming on the left, outgoing on the right), and which of them fit a screenful.
//!
//! What fits is decided by [`column_rows`], a pure function of the groups and the column height
//! that both the renderer and the key and mouse handling call, so a move or a click always lands
//! on a drawn row. Hubs stay legible because every group drawn keeps its header (with its full
//! count) and at least one neighbour, and the rows left over are shared out round-robin, one
//! neighbour per group at a time, with `+N more` markers that Enter expands. Two hops first lay
//! out what one hop shows, then share the rows still free among the neighbours' own neighbours,
//! so a second hop never hides a first.

mod layout;

use super::super::partners::partner_summaries;
use super::super::{Action, App, Effect, Grouping};
use crate::graph::{EntityIx, Graph};
use layout::row_width;
pub(crate) use layout::{GAP, Geometry, column_rows, header_text, hidden_second};

/// A neighbour and, for two hops, its own neighbours (the centre left out), busiest first.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Member {
    /// The first-hop neighbour.
    pub entity: EntityIx,
    /// Its own neighbours, the second hop.
    pub second: Vec<EntityIx>,
}

/// The neighbours joined to the centre by one relation type in one direction.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Group {
    /// The relation type shared by the group.
    pub rtype: String,
    /// True for relations leaving the centre.
    pub outgoing: bool,
    /// The neighbours in the group.
    pub members: Vec<Member>,
}

/// One drawn row of a side column.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NeighbourhoodRow {
    /// A group's heading: its relation type and direction.
    Header {
        /// The group, an index into the column.
        group: usize,
    },
    /// A first-hop neighbour.
    Item {
        /// The group, an index into the column.
        group: usize,
        /// The member, an index into the group.
        member: usize,
    },
    /// A second-hop neighbour of a member.
    Second {
        /// The group, an index into the column.
        group: usize,
        /// The member, an index into the group.
        member: usize,
        /// The neighbour, an index into the member's second hop.
        k: usize,
    },
    /// `+N more` second-hop neighbours of a member.
    SecondMore {
        /// The group, an index into the column.
        group: usize,
        /// The member, an index into the group.
        member: usize,
    },
    /// `+N more` members of a group.
    More {
        /// The group, an index into the column.
        group: usize,
        /// How many members are not drawn.
        hidden: usize,
    },
    /// `+N more groups`.
    MoreGroups {
        /// How many groups are not drawn.
        hidden: usize,
    },
}

impl NeighbourhoodRow {
    /// Rows the selection can land on: neighbours, and the `+N more` markers Enter expands.
    fn selectable(&self) -> bool {
        !matches!(
            self,
            NeighbourhoodRow::Header { .. } | NeighbourhoodRow::MoreGroups { .. }
        )
    }
}

/// What Enter expanded in one column: groups listing all their members, and members (group,
/// member) listing all their second-hop neighbours, as far as the column's height allows.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Expanded {
    /// Groups whose `+N more` was opened.
    pub groups: Vec<usize>,
    /// Members whose second hop's `+N more` was opened.
    pub members: Vec<(usize, usize)>,
}

#[derive(Debug)]
/// The state of the neighbourhood view.
pub struct NeighbourhoodView {
    /// The entity at the centre; follows the explorer's shown entity.
    pub centre: Option<EntityIx>,
    /// 1 or 2.
    pub hops: u8,
    /// Incoming groups (left column), outgoing groups (right column).
    pub columns: [Vec<Group>; 2],
    /// The selected column and the index of the selected entity among its selectable rows.
    pub selected: (usize, usize),
    /// What Enter on a `+N more` expanded, per column; forgotten when the centre changes.
    pub expanded: [Expanded; 2],
}

impl Default for NeighbourhoodView {
    fn default() -> Self {
        NeighbourhoodView {
            centre: None,
            hops: 1,
            columns: [Vec::new(), Vec::new()],
            selected: (1, 0),
            expanded: Default::default(),
        }
    }
}

impl NeighbourhoodView {
    /// The rows of side column `col` in a column `height` rows high.
    pub fn rows(&self, col: usize, height: usize) -> Vec<NeighbourhoodRow> {
        column_rows(&self.columns[col], height, self.hops, &self.expanded[col])
    }

    /// The entity a row stands for.
    pub(crate) fn entity_of(&self, col: usize, row: NeighbourhoodRow) -> Option<EntityIx> {
        let groups = &self.columns[col];
        match row {
            NeighbourhoodRow::Item { group, member } => Some(groups[group].members[member].entity),
            NeighbourhoodRow::Second { group, member, k } => {
                Some(groups[group].members[member].second[k])
            }
            _ => None,
        }
    }

    /// The selected column, row index and row, for a terminal of `size`.
    pub(crate) fn selected_row(
        &self,
        size: (u16, u16),
    ) -> Option<(usize, usize, NeighbourhoodRow)> {
        let height = Geometry::new(size).sides[0].height as usize;
        let (col, n) = self.selected;
        let rows = self.rows(col, height);
        let (i, row) = rows
            .iter()
            .enumerate()
            .filter(|(_, r)| r.selectable())
            .nth(n)?;
        Some((col, i, *row))
    }

    /// The selected column's row index and entity, for a terminal of `size` (none on a
    /// `+N more` row).
    pub fn selection(&self, size: (u16, u16)) -> Option<(usize, usize, EntityIx)> {
        let (col, i, row) = self.selected_row(size)?;
        Some((col, i, self.entity_of(col, row)?))
    }

    /// Where the picture's parts sit for a terminal of `size`: the side columns as wide as
    /// their widest row, the centre box beside the rows drawn. The renderer draws here and
    /// clicks look here.
    pub(crate) fn geometry(&self, graph: &Graph, size: (u16, u16)) -> Geometry {
        let height = Geometry::new(size).sides[0].height as usize;
        let rows = [self.rows(0, height), self.rows(1, height)];
        let needs = |col: usize| {
            rows[col]
                .iter()
                .map(|&r| row_width(graph, &self.columns[col], r, &rows[col]))
                .max()
                .unwrap_or(0)
        };
        let used = rows[0].len().max(rows[1].len());
        Geometry::fitted(size, needs(0), needs(1), used)
    }
}

/// The centre's neighbours grouped by direction and relation type, busiest first in a group.
pub(crate) fn groups_of(graph: &Graph, centre: EntityIx) -> [Vec<Group>; 2] {
    let mut columns = [Vec::new(), Vec::new()];
    for (col, outgoing) in [(0, false), (1, true)] {
        let mut rels: Vec<(&str, EntityIx)> = if outgoing {
            graph
                .outgoing(centre)
                .map(|r| (r.rtype(), r.target_ix()))
                .collect()
        } else {
            graph
                .incoming(centre)
                .map(|r| (r.rtype(), r.source_ix()))
                .collect()
        };
        rels.sort_by_key(|&(t, e)| (t, usize::MAX - graph.degree(e), e));
        rels.dedup();
        for group in rels.chunk_by(|a, b| a.0 == b.0) {
            columns[col].push(Group {
                rtype: group[0].0.to_string(),
                outgoing,
                members: group
                    .iter()
                    .map(|&(_, e)| Member {
                        entity: e,
                        second: second_hop(graph, centre, e),
                    })
                    .collect(),
            });
        }
    }
    columns
}

fn second_hop(graph: &Graph, centre: EntityIx, e: EntityIx) -> Vec<EntityIx> {
    let mut out: Vec<EntityIx> = graph
        .outgoing(e)
        .map(|r| r.target_ix())
        .chain(graph.incoming(e).map(|r| r.source_ix()))
        .filter(|&o| o != centre && o != e)
        .collect();
    out.sort_by_key(|&o| (usize::MAX - graph.degree(o), o));
    out.dedup();
    out
}

/// The group that stands for the centre's deals in the partners grouping.
pub(crate) const DEALS_WITH: &str = "deals with";

/// [`groups_of`] with the deals folded into their parties: every deal leaves its group, and one
/// group, [`DEALS_WITH`], lists the counterparties of the centre's deals, most money first, each
/// with its deals as its second hop.
pub(crate) fn partner_groups_of(
    graph: &Graph,
    money: &crate::analysis::MoneyGraph,
    centre: EntityIx,
) -> [Vec<Group>; 2] {
    let mut columns = groups_of(graph, centre);
    for column in &mut columns {
        for g in column.iter_mut() {
            g.members
                .retain(|m| graph.entity(m.entity).kind() != crate::conventions::KIND_DEAL);
        }
        column.retain(|g| !g.members.is_empty());
    }
    let members: Vec<Member> = partner_summaries(graph, money, centre)
        .into_iter()
        .filter(|p| !p.deals.is_empty())
        .map(|p| Member {
            entity: p.party,
            second: p.deals,
        })
        .collect();
    if !members.is_empty() {
        columns[1].insert(
            0,
            Group {
                rtype: DEALS_WITH.to_string(),
                outgoing: true,
                members,
            },
        );
    }
    columns
}

/// Rebuilds the picture when the explorer's shown entity changed.
pub(super) fn recentre(app: &mut App) {
    let centre = app.shown();
    if centre == app.views.neighbourhood.centre {
        return;
    }
    let partners = match app.relations.grouping {
        Grouping::Partners => app.money_index_now(),
        Grouping::Relations => None,
    };
    let columns = match (centre, partners) {
        (None, _) => [Vec::new(), Vec::new()],
        (Some(c), Some(index)) => partner_groups_of(&app.graph, &index.money, c),
        (Some(c), None) => groups_of(&app.graph, c),
    };
    let v = &mut app.views.neighbourhood;
    v.centre = centre;
    v.columns = columns;
    v.expanded = Default::default();
    v.selected = (if v.columns[1].is_empty() { 0 } else { 1 }, 0);
}

/// Rebuilds the picture for the grouping just chosen.
pub(super) fn regroup(app: &mut App) {
    app.views.neighbourhood.centre = None;
    recentre(app);
}

/// Left, right, and the hop switch; `None` for actions the view does not take.
pub(super) fn update(app: &mut App, action: Action) -> Option<Effect> {
    match action {
        Action::MoveLeft => switch_column(app, 0),
        Action::MoveRight => switch_column(app, 1),
        Action::ToggleHops => {
            let v = &mut app.views.neighbourhood;
            v.hops = if v.hops == 1 { 2 } else { 1 };
            // Keep the selection on a drawn row.
            move_by(app, 0);
        }
        _ => return None,
    }
    Some(Effect::None)
}

fn selectable_count(app: &App, col: usize) -> usize {
    let height = Geometry::new(app.size).sides[0].height as usize;
    app.views
        .neighbourhood
        .rows(col, height)
        .iter()
        .filter(|r| r.selectable())
        .count()
}

fn switch_column(app: &mut App, col: usize) {
    let n = selectable_count(app, col);
    if n > 0 {
        let row = app.views.neighbourhood.selected.1.min(n - 1);
        app.views.neighbourhood.selected = (col, row);
    }
}

pub(super) fn move_by(app: &mut App, delta: isize) {
    let col = app.views.neighbourhood.selected.0;
    let n = selectable_count(app, col);
    let row = (app.views.neighbourhood.selected.1 as isize)
        .saturating_add(delta)
        .clamp(0, n.saturating_sub(1) as isize) as usize;
    app.views.neighbourhood.selected.1 = row;
}

pub(super) fn activate(app: &mut App) {
    let Some((col, i, row)) = app.views.neighbourhood.selected_row(app.size) else {
        return;
    };
    let v = &mut app.views.neighbourhood;
    let expanded = &mut v.expanded[col];
    match row {
        NeighbourhoodRow::More { group, .. } => expanded.groups.push(group),
        NeighbourhoodRow::SecondMore { group, member } => expanded.members.push((group, member)),
        _ => {
            if let Some(ix) = v.entity_of(col, row) {
                app.go_to(ix);
                recentre(app);
            }
            return;
        }
    }
    // The selection stays on the row where `+N more` was: now the first neighbour it hid.
    select_row(app, col, i);
}

/// Selects row `i` of column `col` (or the nearest selectable row after it).
fn select_row(app: &mut App, col: usize, i: usize) {
    let height = Geometry::new(app.size).sides[0].height as usize;
    let rows = app.views.neighbourhood.rows(col, height);
    let n = rows.iter().take(i).filter(|r| r.selectable()).count();
    let total = rows.iter().filter(|r| r.selectable()).count();
    if total > 0 {
        app.views.neighbourhood.selected = (col, n.min(total - 1));
    }
}

/// A click in the picture: selects the row under it in either column; the second click of a
/// double click on the selected row does what Enter does (recentre, or expand `+N more`).
pub(super) fn click(app: &mut App, col: u16, row: u16, double: bool) {
    let geo = app.views.neighbourhood.geometry(&app.graph, app.size);
    let Some(side) = (0..2).find(|&s| super::super::layout::contains(geo.sides[s], col, row))
    else {
        return;
    };
    let i = (row - geo.sides[side].y) as usize;
    let height = geo.sides[0].height as usize;
    let rows = app.views.neighbourhood.rows(side, height);
    if !rows.get(i).is_some_and(NeighbourhoodRow::selectable) {
        return;
    }
    let before = app.views.neighbourhood.selected_row(app.size);
    select_row(app, side, i);
    if double && before.is_some_and(|(c, r, _)| (c, r) == (side, i)) {
        activate(app);
    }
}
