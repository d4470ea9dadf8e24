//! The investigation trail from the app's side: the history turned into a [`Trail`] to save on
//! quit, and a saved trail turned back into the history (`kgx --resume`), by entity id. Pure:
//! `main` and the terminal layer read and write the file (`trail::store`).

use super::{App, Arrival, Focus, How, Place, View};
use crate::escape::safe_text;
use crate::trail::{self, Pane, Step, Trail};

/// The longest query a resumed trail puts in the search line, in characters.
const MAX_QUERY: usize = 1000;

/// A view's name in a trail file.
fn view_name(view: View) -> &'static str {
    match view {
        View::Explore => "explore",
        View::Paths => "paths",
        View::Neighbourhood => "neighbourhood",
        View::Timeline => "timeline",
        View::Cycles => "rings",
        View::Compare => "compare",
        View::Overview => "overview",
    }
}

/// The view a trail file names, if it names one.
fn view_named(name: &str) -> Option<View> {
    [
        View::Explore,
        View::Paths,
        View::Neighbourhood,
        View::Timeline,
        View::Cycles,
        View::Compare,
        View::Overview,
    ]
    .into_iter()
    .find(|&v| view_name(v) == name)
}

impl App {
    /// The trail to save for the graph `graph` names: every place of the history (behind, the
    /// current one, ahead) with when and how it was reached, the query and the view. `None`
    /// when nothing was opened, so quitting at once never replaces a trail worth resuming.
    pub fn trail(&self, graph: String) -> Option<Trail> {
        let current = self.current_place();
        let opened = !self.history.back.is_empty()
            || !self.history.forward.is_empty()
            || self.focus == Focus::Relations;
        if !opened {
            return None;
        }
        let behind = self.history.back.len();
        let places: Vec<Place> = self
            .history
            .back
            .iter()
            .copied()
            .chain(current)
            .chain(self.history.forward.iter().rev().copied())
            .collect();
        let current = match current {
            Some(_) => behind,
            None => behind.saturating_sub(1),
        };
        // A file holds at most MAX_STEPS places: the oldest go first, then the farthest ahead.
        let from_front = places.len().saturating_sub(trail::MAX_STEPS).min(current);
        let places = &places[from_front..];
        let places = &places[..places.len().min(trail::MAX_STEPS)];
        let current = current - from_front;
        Some(Trail {
            kgx_trail: trail::VERSION,
            graph,
            saved: self.history.now,
            query: self.search.query.clone(),
            view: view_name(self.view).into(),
            current: current.min(places.len().saturating_sub(1)),
            steps: places.iter().map(|p| self.step_of(p)).collect(),
        })
    }

    fn step_of(&self, place: &Place) -> Step {
        let id = |ix| self.graph.entity(ix).id().to_string();
        let (how, from, via) = match place.arrival.how {
            How::Searched => (trail::How::Searched, None, None),
            How::Followed(from) => (trail::How::Followed, from.map(id), None),
            How::View(View::Paths) => (trail::How::Path, None, None),
            How::View(view) => (trail::How::View, None, Some(view_name(view).into())),
        };
        Step {
            id: id(place.entity),
            name: self.graph.entity(place.entity).name().to_string(),
            at: place.arrival.at,
            how,
            from,
            via,
            pane: match place.focus {
                Focus::Relations => Pane::Relations,
                Focus::Search | Focus::Results => Pane::Results,
            },
            row: place.row,
            view: view_name(place.view).into(),
        }
    }

    /// Brings back a saved trail: its query, then each place whose entity is still in the
    /// graph (by id), the current one shown again (in the view it was in, where that view can
    /// be reopened: the timeline, the rings, the overview, the neighbourhood). The status line says when the trail
    /// was saved and how many places were skipped.
    pub fn resume(&mut self, trail: &Trail) {
        let query: String = trail
            .query
            .chars()
            .filter(|c| !c.is_control())
            .take(MAX_QUERY)
            .collect();
        self.search.cursor = query.chars().count();
        self.search.query = query;
        self.search_now();
        let mut kept: Vec<(usize, Place)> = Vec::new();
        for (i, step) in trail.steps.iter().enumerate() {
            if let Some(place) = self.place_of(step) {
                kept.push((i, place));
            }
        }
        let skipped = trail.steps.len() - kept.len();
        // The saved current place, else the nearest kept one before it, else the first.
        let current = kept
            .iter()
            .rposition(|&(i, _)| i <= trail.current)
            .or((!kept.is_empty()).then_some(0));
        let saved = trail::format_time(trail.saved);
        let Some(current) = current else {
            self.message = Some(format!(
                "the trail saved {saved} has no place left in this graph"
            ));
            return;
        };
        self.history.back = kept[..current].iter().map(|&(_, p)| p).collect();
        self.history.forward = kept[current + 1..].iter().rev().map(|&(_, p)| p).collect();
        self.view = View::Explore;
        self.restore(kept[current].1);
        // The neighbourhood follows the shown entity, so it is not a place's view: it comes
        // back when it was on screen at quit and the current place is the one it was drawn for.
        if self.view == View::Explore
            && view_named(&trail.view) == Some(View::Neighbourhood)
            && kept[current].0 == trail.current
        {
            super::views::open(self, View::Neighbourhood);
        }
        let mut message = format!(
            "resumed the trail saved {saved}: {} place{}",
            kept.len(),
            if kept.len() == 1 { "" } else { "s" }
        );
        if skipped > 0 {
            message.push_str(&format!("; {skipped} no longer in the graph, skipped"));
        }
        self.message = Some(message);
    }

    /// The place a saved step names, when its entity is still in the graph.
    fn place_of(&self, step: &Step) -> Option<Place> {
        let entity = self.graph.find(&step.id)?;
        let how = match step.how {
            trail::How::Searched => How::Searched,
            trail::How::Followed => {
                How::Followed(step.from.as_deref().and_then(|id| self.graph.find(id)))
            }
            trail::How::Path => How::View(View::Paths),
            trail::How::View => How::View(
                step.via
                    .as_deref()
                    .and_then(view_named)
                    .unwrap_or(View::Explore),
            ),
        };
        Some(Place {
            entity,
            focus: match step.pane {
                Pane::Relations => Focus::Relations,
                Pane::Results => Focus::Results,
            },
            row: step.row,
            view: view_named(&step.view).unwrap_or(View::Explore),
            arrival: Arrival { at: step.at, how },
        })
    }

    /// What the status line says at start when a trail was saved for this graph: when, and
    /// how to bring it back.
    pub fn announce_trail(&mut self, trail: &Trail) {
        self.message = Some(format!(
            "trail from {} saved: kgx --resume",
            trail::format_time(trail.saved)
        ));
    }

    /// What the status line says at start when the saved trail could not be read.
    pub fn trail_unreadable(&mut self, error: &trail::TrailError) {
        self.message = Some(format!(
            "saved trail not read ({}); quitting saves a new one",
            safe_text(&error.to_string())
        ));
    }
}
