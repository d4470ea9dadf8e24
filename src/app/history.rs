//! The history: back and forward stacks of places, as in a browser, and the breadcrumb trail
//! the status line draws from them.

use super::{App, Crumb, Focus, Place, short};
use crate::escape::safe_text;
use crate::graph::EntityIx;

impl App {
    pub(super) fn current_place(&self) -> Option<Place> {
        let entity = self.shown()?;
        let row = match self.focus {
            Focus::Relations => self.relations.pos.selected,
            _ => self.results.pos.selected,
        };
        Some(Place {
            entity,
            focus: self.focus,
            row,
            view: self.view,
        })
    }

    /// Shows `ix` with the relations pane focused, recording the current place in the history.
    pub(super) fn go_to(&mut self, ix: EntityIx) {
        if let Some(here) = self.current_place() {
            self.history.back.push(here);
        }
        self.history.forward.clear();
        self.enter_relations(ix);
    }

    pub(super) fn enter_relations(&mut self, ix: EntityIx) {
        self.relations.opened = Some(ix);
        self.focus = Focus::Relations;
        self.sync_relations();
    }

    /// Shows `place` again. From the explorer, a place left from a view (an entity opened from
    /// the overview or the timeline) reopens that view; inside a view, going back keeps the
    /// view and moves its entity, as before.
    pub(super) fn restore(&mut self, place: Place) {
        if self.view == super::View::Explore {
            super::views::return_to(self, place.view);
        }
        match place.focus {
            Focus::Relations => {
                self.relations.opened = Some(place.entity);
                self.focus = Focus::Relations;
                self.sync_relations();
                self.select_relation(place.row, 1);
            }
            focus => match self
                .results
                .hits
                .iter()
                .position(|h| h.entity == place.entity)
            {
                Some(row) => {
                    self.focus = focus;
                    self.select_result(row);
                }
                // The query changed since and the entity is no longer listed: show the entity
                // itself rather than whatever now sits on its old row.
                None => self.enter_relations(place.entity),
            },
        }
    }

    pub(super) fn go_back(&mut self, steps: usize) {
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

    pub(super) fn go_forward(&mut self) {
        if let Some(place) = self.history.forward.pop() {
            if let Some(here) = self.current_place() {
                self.history.back.push(here);
            }
            self.restore(place);
        }
    }

    /// The breadcrumb trail (history then the current place, repeats merged) laid out in a status
    /// line `width` columns wide; the oldest crumbs give way to `…` when it does not fit.
    pub fn breadcrumbs(&self, width: u16) -> Vec<Crumb> {
        let mut trail: Vec<(EntityIx, usize)> = Vec::new();
        let places = self
            .history
            .back
            .iter()
            .map(|p| p.entity)
            .chain(self.shown());
        let total = self.history.back.len();
        for (i, entity) in places.enumerate() {
            let steps_back = total.saturating_sub(i);
            match trail.last_mut() {
                Some((last, steps)) if *last == entity => *steps = steps_back,
                _ => trail.push((entity, steps_back)),
            }
        }
        let budget = (width as usize * 3 / 5).max(10);
        let labels: Vec<(String, usize)> = trail
            .iter()
            .map(|&(ix, steps)| (short(&safe_text(self.graph.entity(ix).name()), 24), steps))
            .collect();
        let mut start = 0;
        while start + 1 < labels.len() && trail_width(&labels[start..]) + 4 > budget {
            start += 1;
        }
        // The status line starts with " " or, when crumbs were dropped, with " … › ".
        let mut x: u16 = if start > 0 { 5 } else { 1 };
        let mut crumbs = Vec::new();
        for (label, steps_back) in labels.into_iter().skip(start) {
            let w = unicode_width::UnicodeWidthStr::width(label.as_str()) as u16;
            crumbs.push(Crumb {
                label,
                x,
                width: w,
                steps_back,
            });
            x = x.saturating_add(w + 3);
        }
        crumbs
    }
}

fn trail_width(labels: &[(String, usize)]) -> usize {
    labels
        .iter()
        .map(|(l, _)| unicode_width::UnicodeWidthStr::width(l.as_str()) + 3)
        .sum()
}
