//! Where the neighbourhood picture's rows and parts go: which rows of a column fit a screenful
//! ([`column_rows`], the pure function the renderer, the keys and the mouse all call, so a move
//! or a click lands on a drawn row), how wide each row is drawn, and where the side columns and
//! the centre box sit ([`Geometry`]). It holds no state.

use ratatui::layout::Rect;
use unicode_width::UnicodeWidthStr;

use super::super::body_inner;
use super::{Expanded, Group, NeighbourhoodRow};
use crate::escape::safe_text;
use crate::graph::{EntityIx, Graph};

/// Second-hop neighbours listed under each neighbour in two-hop mode.
pub(crate) const SECOND_SHOWN: usize = 2;
/// Columns of the centre box at most.
const CENTRE_MAX: u16 = 30;
/// Rows of the centre box.
pub(crate) const CENTRE_ROWS: u16 = 5;
/// Columns between the centre box and a side column, where the edges are drawn.
pub(crate) const GAP: u16 = 4;

/// Where the picture's parts sit: the summary line, the side columns and the centre box.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Geometry {
    pub summary: Rect,
    pub sides: [Rect; 2],
    pub centre: Rect,
}

impl Geometry {
    /// Side columns of equal width; their height is all the key handling needs.
    pub(crate) fn new(size: (u16, u16)) -> Geometry {
        Geometry::fitted(size, usize::MAX, usize::MAX, usize::MAX)
    }

    /// Side columns sized to what they hold: the left one takes what it needs up to half the
    /// room, the right one (usually the longer names: deals) the rest. The centre box stands
    /// level with the middle of the `used` rows of the taller column, beside the lists it joins.
    pub(crate) fn fitted(
        size: (u16, u16),
        left_needs: usize,
        right_needs: usize,
        used: usize,
    ) -> Geometry {
        let inner = body_inner(size);
        let summary = Rect::new(inner.x, inner.y, inner.width, inner.height.min(1));
        let h = inner.height.saturating_sub(1);
        let y = inner.y + inner.height.min(1);
        let cw = (inner.width / 5).clamp(inner.width.min(8), CENTRE_MAX);
        let room = inner.width.saturating_sub(cw + 2 * GAP) as usize;
        let half = room / 2;
        let left_w = if left_needs == usize::MAX {
            half
        } else {
            left_needs.min(room.saturating_sub(right_needs.min(room - half)))
        } as u16;
        let centre_h = CENTRE_ROWS.min(h);
        let used = (used.min(h as usize) as u16).max(centre_h);
        let centre_x = inner.x + left_w + GAP;
        let centre = Rect::new(centre_x, y + (used - centre_h) / 2, cw, centre_h);
        let right_x = (centre_x + cw + GAP).min(inner.x + inner.width);
        let right_w = (inner.x + inner.width).saturating_sub(right_x);
        Geometry {
            summary,
            sides: [
                Rect::new(inner.x, y, left_w, h),
                Rect::new(right_x, y, right_w, h),
            ],
            centre,
        }
    }
}

/// `→ operates (3 out)` on the right; `investor (2 in) →` on the left. The arrow is the
/// relation's direction on screen: from the left column into the centre, from it to the right.
pub(crate) fn header_text(group: &Group) -> String {
    let (rtype, n) = (safe_text(&group.rtype), group.members.len());
    if group.outgoing {
        format!("→ {rtype} ({n} out)")
    } else {
        format!("{rtype} ({n} in) →")
    }
}

/// Columns a row takes as drawn: its lead (`  `, `    └ `), a kind symbol and a space, a name.
pub(super) fn row_width(
    graph: &Graph,
    groups: &[Group],
    row: NeighbourhoodRow,
    rows: &[NeighbourhoodRow],
) -> usize {
    let name = |e: EntityIx| 2 + safe_text(graph.entity(e).name()).width();
    match row {
        NeighbourhoodRow::Header { group } => header_text(&groups[group]).width(),
        NeighbourhoodRow::Item { group, member } => 2 + name(groups[group].members[member].entity),
        NeighbourhoodRow::Second { group, member, k } => {
            6 + name(groups[group].members[member].second[k])
        }
        NeighbourhoodRow::SecondMore { group, member } => {
            6 + format!("+{} more", hidden_second(groups, rows, group, member)).width()
        }
        NeighbourhoodRow::More { hidden, .. } => 2 + format!("+{hidden} more").width(),
        NeighbourhoodRow::MoreGroups { hidden } => format!("+{hidden} more groups").width(),
    }
}

/// How many second-hop neighbours of a member the rows leave out.
pub(crate) fn hidden_second(
    groups: &[Group],
    rows: &[NeighbourhoodRow],
    group: usize,
    member: usize,
) -> usize {
    let drawn = rows
        .iter()
        .filter(|r| matches!(r, NeighbourhoodRow::Second { group: g, member: m, .. } if *g == group && *m == member))
        .count();
    groups[group].members[member].second.len() - drawn
}

/// The rows that fit `height`: the headers of as many groups as can each show one neighbour
/// (else `+N more groups`); then neighbours shared out round-robin (an expanded group first
/// takes all it can), as one hop shows them; then, for two hops, the rows still free shared out
/// among the neighbours' own neighbours, [`SECOND_SHOWN`] each at most unless expanded.
pub(crate) fn column_rows(
    groups: &[Group],
    height: usize,
    hops: u8,
    expanded: &Expanded,
) -> Vec<NeighbourhoodRow> {
    if height < 2 || groups.is_empty() {
        return Vec::new();
    }
    // Each group drawn costs its header, one neighbour and, when it has more, `+N more`;
    // `+N more groups` takes a row when some are left out.
    // An expanded group asks for rows for all its members: groups after it that would leave it
    // no room go into `+N more groups` instead.
    let (mut n_groups, mut used, mut reserved) = (0, 0, 0);
    for (i, g) in groups.iter().enumerate() {
        let cost = 2 + usize::from(g.members.len() > 1);
        let wanted = if expanded.groups.contains(&i) {
            1 + g.members.len()
        } else {
            cost
        };
        let rest = usize::from(n_groups + 1 < groups.len());
        if used + reserved + cost + rest > height {
            break;
        }
        reserved += wanted
            .saturating_sub(cost)
            .min(height - (used + reserved + cost + rest));
        used += cost;
        n_groups += 1;
    }
    used += usize::from(n_groups < groups.len());
    let mut shown = vec![1usize; n_groups];
    // One more member of group `g`, if it fits.
    let grow = |g: usize, shown: &mut [usize], used: &mut usize| -> bool {
        let (k, len) = (shown[g], groups[g].members.len());
        if k == len {
            return false;
        }
        // The new row, less the `+N more` row when it is the last member.
        let extra = 1 - usize::from(k + 1 == len);
        if *used + extra > height {
            return false;
        }
        *used += extra;
        shown[g] += 1;
        true
    };
    for &g in expanded.groups.iter().filter(|&&g| g < n_groups) {
        while grow(g, &mut shown, &mut used) {}
    }
    loop {
        let mut grew = false;
        for g in 0..n_groups {
            grew |= grow(g, &mut shown, &mut used);
        }
        if !grew {
            break;
        }
    }
    // Second hops, in the rows left.
    let members: Vec<(usize, usize)> = (0..n_groups)
        .flat_map(|g| (0..shown[g]).map(move |m| (g, m)))
        .collect();
    let mut second = vec![0usize; members.len()];
    if hops >= 2 {
        let limit = |&(g, m): &(usize, usize)| {
            let len = groups[g].members[m].second.len();
            if expanded.members.contains(&(g, m)) {
                len
            } else {
                len.min(SECOND_SHOWN)
            }
        };
        let grow_second = |i: usize, second: &mut [usize], used: &mut usize| -> bool {
            let (g, m) = members[i];
            let (k, len) = (second[i], groups[g].members[m].second.len());
            if k >= limit(&members[i]) {
                return false;
            }
            // The new row, and a `+N more` row when it is the first and more remain.
            let extra = 1 + usize::from(k == 0 && len > 1) - usize::from(k > 0 && k + 1 == len);
            if *used + extra > height {
                return false;
            }
            *used += extra;
            second[i] += 1;
            true
        };
        for (i, member) in members.iter().enumerate() {
            if expanded.members.contains(member) {
                while grow_second(i, &mut second, &mut used) {}
            }
        }
        loop {
            let mut grew = false;
            for i in 0..members.len() {
                grew |= grow_second(i, &mut second, &mut used);
            }
            if !grew {
                break;
            }
        }
    }
    let mut rows = Vec::with_capacity(used);
    let mut i = 0;
    for (group, g) in groups.iter().take(n_groups).enumerate() {
        rows.push(NeighbourhoodRow::Header { group });
        for member in 0..shown[group] {
            rows.push(NeighbourhoodRow::Item { group, member });
            let k = second[i];
            i += 1;
            for k in 0..k {
                rows.push(NeighbourhoodRow::Second { group, member, k });
            }
            if k > 0 && k < g.members[member].second.len() {
                rows.push(NeighbourhoodRow::SecondMore { group, member });
            }
        }
        if shown[group] < g.members.len() {
            rows.push(NeighbourhoodRow::More {
                group,
                hidden: g.members.len() - shown[group],
            });
        }
    }
    if n_groups < groups.len() {
        rows.push(NeighbourhoodRow::MoreGroups {
            hidden: groups.len() - n_groups,
        });
    }
    rows
}
