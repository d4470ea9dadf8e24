//! Reloading the graph under the explorer (`r`, or `--watch` when the file changes). The user's
//! place survives by entity id, never by index: the history, the opened entity, the selected
//! result, the query and the kind tab come back wherever their ids still exist, and the status
//! line names what disappeared. A file that no longer loads leaves the old graph in place and
//! puts the located error in the status line. No I/O here: the terminal layer reads the file.

use std::path::PathBuf;
use std::sync::Arc;

use super::{App, Arrival, Focus, How, Place, short};
use crate::display::format_count;
use crate::escape::safe_text;
use crate::graph::{EntityIx, Graph, LoadError};
use crate::search::Searcher;

/// Where the explorer's graph came from, as far as reloading is concerned.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum Source {
    /// The graph built into kgx: nothing to reload.
    #[default]
    BuiltIn,
    /// Standard input, read once: nothing to reload.
    Stdin,
    /// A file, read again on reload.
    File(PathBuf),
}

/// How many vanished ids the status line names before it says "and N more".
const NAMED_GONE: usize = 3;

/// A place remembered by id while the graph is swapped.
struct IdPlace {
    id: String,
    focus: Focus,
    row: usize,
    view: super::View,
    arrival: IdArrival,
}

/// An [`Arrival`] whose entity (the one followed from) is remembered by id.
#[derive(Clone)]
struct IdArrival {
    at: u64,
    how: How,
    from: Option<String>,
}

impl App {
    /// Why `r` cannot reload, for a source that is not a file.
    pub(crate) fn nothing_to_reload(&mut self) {
        self.message = Some(
            match self.options.source {
                Source::BuiltIn => "the built-in graph has nothing to reload; open a file to use r",
                Source::Stdin => "the graph came from standard input: nothing to reload",
                Source::File(_) => return,
            }
            .into(),
        );
    }

    /// Swaps in a freshly loaded graph and puts the user back where they were, by id. An as-of
    /// date stays set: the new graph is seen as of it.
    pub fn apply_reload(&mut self, graph: Graph) {
        let graph = match &self.as_of {
            Some(day) => day.view(&graph).0,
            None => graph,
        };
        let gone = self.swap_graph(graph, true);
        self.reload_error = None;
        self.message = Some(self.reload_summary(gone));
    }

    /// Swaps in `graph` and puts the user back where they were, by id: the history, the opened
    /// entity, the selected result, the focus; the open view is computed again. `new_data` when
    /// the records changed (a reload: the search index is rebuilt), not when only the mask did
    /// (the index covers every entity; searches skip hidden ones). Returns the ids that are gone.
    pub(super) fn swap_graph(&mut self, graph: Graph, new_data: bool) -> Vec<String> {
        let old = &self.graph;
        let id_of = |ix: EntityIx| old.entity(ix).id().to_string();
        let remember_arrival = |a: Arrival| IdArrival {
            at: a.at,
            how: a.how,
            from: match a.how {
                How::Followed(from) => from.map(id_of),
                _ => None,
            },
        };
        let remember = |p: &Place| IdPlace {
            id: id_of(p.entity),
            focus: p.focus,
            row: p.row,
            view: p.view,
            arrival: remember_arrival(p.arrival),
        };
        let arrival = remember_arrival(self.history.arrival);
        let arrived = self.history.arrived.map(id_of);
        let back: Vec<IdPlace> = self.history.back.iter().map(remember).collect();
        let forward: Vec<IdPlace> = self.history.forward.iter().map(remember).collect();
        let opened = self.relations.opened.map(id_of);
        let selected = self.selected_result().map(id_of);
        let (focus, rel_row) = (self.focus, self.relations.pos.selected);

        self.graph = Arc::new(graph);
        if new_data {
            self.data_changed();
        }
        self.engine.searcher = Searcher::new();
        self.views.reset_cycle_index();
        self.views.overview.reset();
        // The tabs follow the new graph's kinds; the user's tab stays when it still exists.
        let label = self
            .search
            .tabs
            .get(self.search.tab)
            .map(|t| t.label.clone());
        self.search.tabs = super::tabs::tabs_for(&self.graph);
        self.search.tab = label
            .and_then(|l| self.search.tabs.iter().position(|t| t.label == l))
            .unwrap_or(0);
        self.relations.entity = None;
        self.relations.opened = None;
        let mut gone: Vec<String> = Vec::new();
        let graph = &self.graph;
        let find_arrival = |a: IdArrival| Arrival {
            at: a.at,
            how: match a.how {
                How::Followed(_) => How::Followed(a.from.and_then(|id| graph.find(&id))),
                how => how,
            },
        };
        let place = |p: IdPlace, gone: &mut Vec<String>| match graph.find(&p.id) {
            Some(entity) => Some(Place {
                entity,
                focus: p.focus,
                row: p.row,
                view: p.view,
                arrival: find_arrival(p.arrival),
            }),
            None => {
                gone.push(p.id);
                None
            }
        };
        let back: Vec<Place> = back
            .into_iter()
            .filter_map(|p| place(p, &mut gone))
            .collect();
        let forward: Vec<Place> = forward
            .into_iter()
            .filter_map(|p| place(p, &mut gone))
            .collect();
        self.history.back = back;
        self.history.forward = forward;
        self.history.arrival = find_arrival(arrival);
        self.history.arrived = arrived.and_then(|id| self.graph.find(&id));
        // Inline whatever the mode: the selection is restored from the new results. (Reading
        // the file took far longer than this search.)
        self.search_now();
        self.restore_selection(selected.as_deref(), &mut gone);
        self.restore_opened(focus, opened.as_deref(), rel_row, &mut gone);
        self.views.graph_changed();
        super::views::refresh(self);
        gone
    }

    fn restore_selection(&mut self, selected: Option<&str>, gone: &mut Vec<String>) {
        let Some(id) = selected else { return };
        match self.graph.find(id) {
            Some(ix) => {
                self.select_or_keep(ix);
            }
            None => gone.push(id.to_string()),
        }
    }

    fn restore_opened(
        &mut self,
        focus: Focus,
        opened: Option<&str>,
        rel_row: usize,
        gone: &mut Vec<String>,
    ) {
        let found = opened.and_then(|id| self.graph.find(id));
        if let (Some(id), None) = (opened, found) {
            gone.push(id.to_string());
        }
        match (focus, found) {
            (Focus::Relations, Some(ix)) => {
                self.enter_relations(ix);
                self.select_relation(rel_row, 1);
            }
            (Focus::Relations, None) => self.focus = Focus::Results,
            (focus, found) => {
                self.relations.opened = found;
                self.focus = focus;
                self.sync_relations();
            }
        }
    }

    fn reload_summary(&self, mut gone: Vec<String>) -> String {
        gone.sort();
        gone.dedup();
        let mut message = format!(
            "reloaded {}: {} entities",
            short(&safe_text(&self.options.origin), 40),
            format_count(self.graph.visible_entity_count())
        );
        if !gone.is_empty() {
            let named: Vec<String> = gone
                .iter()
                .take(NAMED_GONE)
                .map(|id| short(&safe_text(id), 24))
                .collect();
            message.push_str(&format!("; gone: {}", named.join(", ")));
            if gone.len() > NAMED_GONE {
                message.push_str(&format!(" and {} more", gone.len() - NAMED_GONE));
            }
        }
        message
    }

    /// Keeps the graph on screen and says, on one line, why the file did not load: the first
    /// problem where the CLI shows it (`FILE:LINE:COL: what`, the file by its name alone and
    /// without the JSON path, so that the line has room for the rest), the CLI's hint, and how
    /// many more problems there are. It stays in the status line until Esc dismisses it (or a
    /// reload succeeds), unlike a message, which the next key clears.
    pub(crate) fn reload_failed(&mut self, error: &LoadError) {
        let file = |origin: &str| {
            let name = std::path::Path::new(origin)
                .file_name()
                .map_or(origin.into(), |n| n.to_string_lossy());
            safe_text(&name).into_owned()
        };
        let (head, hint, more) = match error {
            LoadError::Read {
                origin,
                message,
                hint,
                ..
            } => (
                format!("{}: {}", file(origin), safe_text(message)),
                hint.as_deref(),
                0,
            ),
            LoadError::Syntax {
                origin,
                location,
                kind,
                hint,
            } => (
                format!("{}:{location}: {}", file(origin), kind),
                hint.as_deref(),
                0,
            ),
            LoadError::Invalid {
                origin,
                problems,
                total,
            } => match problems.first() {
                Some(p) => {
                    let at = p.location.map(|l| format!(":{l}")).unwrap_or_default();
                    (
                        format!("{}{at}: {}", file(origin), p.kind),
                        p.hint.as_deref(),
                        total.saturating_sub(1),
                    )
                }
                None => (file(origin), None, 0),
            },
        };
        let mut text = format!("reload failed: {}", safe_text(&head));
        if let Some(hint) = hint {
            text.push_str(&format!(" — {}", safe_text(hint)));
        }
        if more > 0 {
            text.push_str(&format!(" (and {more} more)"));
        }
        self.reload_error = Some(text);
        // An older message (a `--watch` reload's "reloaded ...", no key since) would hide it.
        self.message = None;
    }
}
