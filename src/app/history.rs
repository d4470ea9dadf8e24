//! The history: back and forward stacks of places, as in a browser, and the breadcrumb trail
//! the status line draws from them.

use super::{App, Arrival, Crumb, Focus, How, Place, View, short};
use crate::escape::safe_text;
use crate::graph::EntityIx;

impl App {
    pub(super) fn current_place(&self) -> Option<Place> {
        let entity = self.shown()?;
        let row = match self.focus {
            Focus::Relations => self.relations.pos.selected,
            _ => self.results.pos.selected,
        };
        // A result selected since the last place was reached was reached by the search, now.
        let arrival = if self.history.arrived == Some(entity) {
            self.history.arrival
        } else {
            Arrival {
                at: self.history.now,
                how: How::Searched,
            }
        };
        Some(Place {
            entity,
            focus: self.focus,
            row,
            view: self.view,
            arrival,
        })
    }

    /// Shows `ix` with the relations pane focused, recording the current place in the history
    /// and how `ix` was reached: from a view, along a relation, or from the results.
    pub(super) fn go_to(&mut self, ix: EntityIx) {
        let how = match (self.view, self.focus) {
            (View::Explore, Focus::Relations) => How::Followed(self.relations.opened),
            (View::Explore, _) => How::Searched,
            (view, _) => How::View(view),
        };
        if let Some(here) = self.current_place() {
            self.history.back.push(here);
        }
        self.history.forward.clear();
        self.enter_relations(ix);
        self.history.arrival = Arrival {
            at: self.history.now,
            how,
        };
        self.history.arrived = Some(ix);
    }

    pub(super) fn enter_relations(&mut self, ix: EntityIx) {
        self.relations.opened = Some(ix);
        self.focus = Focus::Relations;
        self.sync_relations();
    }

    /// Shows `place` again. From the explorer, a place left from a view (an entity opened from
    /// the overview or the timeline) reopens that view; inside a view, going back keeps the
    /// view and moves its entity, as before. History never puts the focus on the search line
    /// (where `[` and `]` type): a place left from there comes back on the results.
    pub(super) fn restore(&mut self, place: Place) {
        if self.view == super::View::Explore {
            super::views::return_to(self, place.view);
        }
        self.history.arrival = place.arrival;
        self.history.arrived = Some(place.entity);
        match place.focus {
            Focus::Relations => {
                self.relations.opened = Some(place.entity);
                self.focus = Focus::Relations;
                self.sync_relations();
                self.select_relation(place.row, 1);
            }
            Focus::Search | Focus::Results => {
                let focus = std::mem::replace(&mut self.focus, Focus::Results);
                // The query changed since and the entity is no longer listed: show the entity
                // itself rather than whatever now sits on its old row.
                if !self.select_or_keep(place.entity) {
                    self.focus = focus;
                    self.enter_relations(place.entity);
                }
            }
        }
    }

    /// Goes `steps` places back; at the oldest place the status line says so and nothing moves.
    pub(super) fn go_back(&mut self, steps: usize) {
        if steps > 0 && self.history.back.is_empty() {
            self.message = Some("start of history".into());
        }
        for _ in 0..steps {
            let Some(place) = self.history.back.pop() else {
                break;
            };
            if let Some(here) = self.current_place() {
                self.history.forward.push(here);
            }
            self.restore(place);
        }
    }

    /// Goes `steps` places forward; at the newest place the status line says so.
    pub(super) fn go_forward(&mut self, steps: usize) {
        if steps > 0 && self.history.forward.is_empty() {
            self.message = Some("end of history".into());
        }
        for _ in 0..steps {
            let Some(place) = self.history.forward.pop() else {
                break;
            };
            if let Some(here) = self.current_place() {
                self.history.back.push(here);
            }
            self.restore(place);
        }
    }

    /// Focus is leaving the relations pane for the results or the search line (Esc, Tab, `/`,
    /// a letter that starts a search), which then show the selected result: the entity the
    /// pane showed stays one `]` away, and on the breadcrumb (dimmed), instead of dropping out
    /// of the history.
    pub(super) fn keep_relations_place(&mut self) {
        if self.focus != Focus::Relations {
            return;
        }
        let Some(here) = self.current_place() else {
            return;
        };
        if self.selected_result() == Some(here.entity)
            || self.history.forward.last().map(|p| p.entity) == Some(here.entity)
        {
            return;
        }
        self.history.forward.push(here);
    }

    /// The breadcrumb trail laid out in a status line `width` columns wide: the history, the
    /// current place, then the places `]` goes forward to, repeats merged. When it does not fit
    /// in its share of the line (which always leaves [`FOOTER_KEYS_RESERVE`] columns to the
    /// keys), its middle gives way to `…`: the steps after the first go first, then the
    /// farthest forward ones, then the first; the current place stays.
    pub fn breadcrumbs(&self, width: u16) -> Vec<Crumb> {
        let trail = self.trail_steps();
        let labels: Vec<String> = trail
            .iter()
            .map(|&(ix, _)| short(&safe_text(self.graph.entity(ix).name()), 24))
            .collect();
        let widths: Vec<usize> = labels
            .iter()
            .map(|l| unicode_width::UnicodeWidthStr::width(l.as_str()))
            .collect();
        let budget = (width as usize * 3 / 5)
            .min((width as usize).saturating_sub(FOOTER_KEYS_RESERVE))
            .max(10);
        let current = trail
            .iter()
            .position(|&(_, steps)| steps >= 0)
            .unwrap_or(trail.len().saturating_sub(1));
        let drop_order: Vec<usize> = (1..current)
            .chain((current + 1..trail.len()).rev())
            .chain((current > 0).then_some(0))
            .collect();
        let keep_after = |dropped: usize| {
            let mut keep = vec![true; trail.len()];
            for &i in &drop_order[..dropped] {
                keep[i] = false;
            }
            keep
        };
        // The fewest drops that fit. Each drop narrows the trail (a label of at least one
        // column goes, a `…` of one at most comes), so a binary search finds it: a long
        // history (a resumed trail of thousands of places) costs O(n log n) a frame, not O(n²).
        let (mut fewest, mut most) = (0, drop_order.len());
        while fewest < most {
            let mid = (fewest + most) / 2;
            if trail_width(&widths, &keep_after(mid)) <= budget {
                most = mid;
            } else {
                fewest = mid + 1;
            }
        }
        let keep = keep_after(fewest);
        let mut crumbs = Vec::new();
        let mut x = 1usize;
        let mut previous: Option<usize> = None;
        for (i, label) in labels.into_iter().enumerate() {
            if !keep[i] {
                continue;
            }
            let gap_before = previous.map_or(i > 0, |p| p + 1 != i);
            x += separator_width(previous.is_some(), gap_before);
            let steps = trail[i].1;
            crumbs.push(Crumb {
                label,
                x: x.min(u16::MAX as usize) as u16,
                width: widths[i] as u16,
                steps_back: (-steps).max(0) as usize,
                steps_forward: steps.max(0) as usize,
                gap_before,
                gap_after: false,
            });
            x += widths[i];
            previous = Some(i);
        }
        if let (Some(last), Some(p)) = (crumbs.last_mut(), previous) {
            last.gap_after = p + 1 < trail.len();
        }
        crumbs
    }

    /// The entities of the breadcrumb trail in order, each with its distance from the current
    /// place: negative back, 0 the current place, positive forward. Repeats are merged into the
    /// step nearest the current place.
    fn trail_steps(&self) -> Vec<(EntityIx, isize)> {
        let back = &self.history.back;
        let total = back.len() as isize;
        let places = back
            .iter()
            .enumerate()
            .map(|(i, p)| (p.entity, i as isize - total))
            .chain(self.shown().map(|e| (e, 0)))
            .chain(
                self.history
                    .forward
                    .iter()
                    .rev()
                    .enumerate()
                    .map(|(i, p)| (p.entity, i as isize + 1)),
            );
        let mut trail: Vec<(EntityIx, isize)> = Vec::new();
        for (entity, steps) in places {
            match trail.last_mut() {
                Some((last, kept)) if *last == entity => {
                    if steps <= 0 {
                        *kept = steps;
                    }
                }
                _ => trail.push((entity, steps)),
            }
        }
        trail
    }
}

/// Columns the status line keeps for its keys (`q quit · ? help` and a little more) however
/// long the breadcrumb trail is.
pub(crate) const FOOTER_KEYS_RESERVE: usize = 34;

/// The breadcrumb separator's width: ` › `, or ` › … › ` over dropped crumbs; before the first
/// crumb shown, ` ` or ` … › ` (its 1-column leading space is counted by the caller's start).
fn separator_width(after_a_crumb: bool, gap: bool) -> usize {
    match (after_a_crumb, gap) {
        (true, false) => 3,
        (true, true) => 7,
        (false, true) => 4,
        (false, false) => 0,
    }
}

/// The columns the crumbs kept take, with their separators and any `…`.
fn trail_width(widths: &[usize], keep: &[bool]) -> usize {
    let mut total = 1;
    let mut previous: Option<usize> = None;
    for (i, w) in widths.iter().enumerate() {
        if !keep[i] {
            continue;
        }
        let gap = previous.map_or(i > 0, |p| p + 1 != i);
        total += separator_width(previous.is_some(), gap) + w;
        previous = Some(i);
    }
    if previous.is_some_and(|p| p + 1 < widths.len()) {
        total += 4;
    }
    total
}
