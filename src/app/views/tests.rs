//! Update tests for the relationship views on the default graph: keys go through
//! [`action_for_key`], assertions are on the state.

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::super::{App, Focus, View, update as app_update};
use super::*;
use crate::graph::load_default;

fn app() -> App {
    app_at(120, 40)
}

/// The explorer on the default graph, in a terminal `w` by `h`.
pub(super) fn app_at(w: u16, h: u16) -> App {
    let mut app = App::new(load_default().unwrap().graph, "default");
    app_update(&mut app, Action::Resize(w, h));
    app
}

/// A key without modifiers, looked up as the terminal layer does.
pub(super) fn press(app: &mut App, code: KeyCode) {
    if let Some(action) = app.action_for_key(KeyEvent::new(code, KeyModifiers::NONE)) {
        app_update(app, action);
    }
}

/// Each character of `text` pressed in turn.
pub(super) fn type_text(app: &mut App, text: &str) {
    for c in text.chars() {
        press(app, KeyCode::Char(c));
    }
}

fn ix(app: &App, id: &str) -> EntityIx {
    app.graph.find(id).unwrap()
}

fn id(app: &App, e: Option<EntityIx>) -> String {
    e.map_or("-".into(), |e| app.graph.entity(e).id().to_string())
}

/// Opens the entity with `id` in the explorer, as a user would: search, then Enter.
fn open(app: &mut App, entity: &str) {
    type_text(app, entity);
    press(app, KeyCode::Enter);
    assert_eq!(id(app, app.shown()), entity);
    assert_eq!(app.focus, Focus::Relations);
}

#[test]
fn path_view_picks_a_target_lists_paths_and_follows_a_step() {
    let mut app = app();
    open(&mut app, "amazon");
    press(&mut app, KeyCode::Char('p'));
    assert_eq!(app.view, View::Paths);
    assert!(typing(&app));
    // Letters go into the picker, not to the explorer's commands (`q` would close).
    type_text(&mut app, "microsoft");
    assert_eq!(app.views.paths.query, "microsoft");
    assert_eq!(id(&app, app.views.paths.selected_entity()), "microsoft");
    press(&mut app, KeyCode::Enter);
    let v = &app.views.paths;
    assert!(!v.picking);
    assert!(!v.paths.is_empty(), "amazon and microsoft are connected");
    assert!(v.paths.len() <= paths::MAX_PATHS);
    for p in &v.paths {
        assert_eq!(p.nodes[0], ix(&app, "amazon"));
        assert_eq!(*p.nodes.last().unwrap(), ix(&app, "microsoft"));
    }
    for w in v.paths.windows(2) {
        assert!(w[0].len() <= w[1].len(), "shortest first");
    }
    // The selection starts on the first step after the source; ↓ moves along the steps.
    let first = v.selected_entity().unwrap();
    assert_eq!(first, v.paths[0].nodes[1]);
    press(&mut app, KeyCode::Down);
    let second = app.views.paths.selected_entity().unwrap();
    assert_ne!(first, second);
    let back_before = app.history.back.len();
    press(&mut app, KeyCode::Enter);
    assert_eq!(app.view, View::Explore);
    assert_eq!(app.shown(), Some(second));
    assert_eq!(app.history.back.len(), back_before + 1);
    press(&mut app, KeyCode::Char('['));
    assert_eq!(id(&app, app.shown()), "amazon");
}

#[test]
fn path_picker_escape_and_q_leave_the_view() {
    let mut app = app();
    open(&mut app, "openai");
    press(&mut app, KeyCode::Char('p'));
    type_text(&mut app, "q");
    assert_eq!(app.view, View::Paths, "q is typed while picking");
    press(&mut app, KeyCode::Esc);
    assert_eq!(app.view, View::Explore);
    press(&mut app, KeyCode::Char('p'));
    type_text(&mut app, "nvidia");
    press(&mut app, KeyCode::Enter);
    press(&mut app, KeyCode::Char('q'));
    assert_eq!(app.view, View::Explore, "q closes once the paths show");
    assert_eq!(id(&app, app.shown()), "openai");
}

#[test]
fn neighbourhood_moves_recentres_and_goes_back() {
    let mut app = app();
    open(&mut app, "openai");
    press(&mut app, KeyCode::Char('n'));
    assert_eq!(app.view, View::Neighbourhood);
    assert_eq!(app.views.neighbourhood.centre, Some(ix(&app, "openai")));
    let (_, _, first) = app.views.neighbourhood.selection(app.size).unwrap();
    press(&mut app, KeyCode::Down);
    let (col, row, second) = app.views.neighbourhood.selection(app.size).unwrap();
    assert_ne!(first, second);
    press(&mut app, KeyCode::Left);
    let (left, ..) = app.views.neighbourhood.selection(app.size).unwrap();
    assert_eq!(left, 0, "openai has incoming relations on the left");
    press(&mut app, KeyCode::Right);
    assert_eq!(
        app.views.neighbourhood.selection(app.size).unwrap(),
        (col, row, second)
    );
    press(&mut app, KeyCode::Enter);
    assert_eq!(app.view, View::Neighbourhood);
    assert_eq!(app.views.neighbourhood.centre, Some(second));
    assert_eq!(app.shown(), Some(second));
    press(&mut app, KeyCode::Char('['));
    assert_eq!(id(&app, app.views.neighbourhood.centre), "openai");
    press(&mut app, KeyCode::Char(']'));
    assert_eq!(app.views.neighbourhood.centre, Some(second));
    press(&mut app, KeyCode::Esc);
    assert_eq!(app.view, View::Explore);
    assert_eq!(app.shown(), Some(second));
}

#[test]
fn neighbourhood_two_hops_keep_the_selection_on_a_drawn_row() {
    let mut app = app();
    open(&mut app, "nvidia");
    press(&mut app, KeyCode::Char('n'));
    for _ in 0..50 {
        press(&mut app, KeyCode::Down);
    }
    press(&mut app, KeyCode::Char('2'));
    assert_eq!(app.views.neighbourhood.hops, 2);
    assert!(app.views.neighbourhood.selection(app.size).is_some());
    press(&mut app, KeyCode::Char('2'));
    assert_eq!(app.views.neighbourhood.hops, 1);
}

#[test]
fn hub_columns_fit_any_height_and_keep_every_group_header_with_its_rows() {
    let app = app();
    for hub in ["openai", "nvidia", "aws"] {
        let groups = neighbourhood::groups_of(&app.graph, ix(&app, hub));
        for col in &groups {
            let total: usize = col.iter().map(|g| g.members.len()).sum();
            for hops in [1, 2] {
                for height in 0..60 {
                    let rows = neighbourhood::column_rows(col, height, hops, &Default::default());
                    assert!(rows.len() <= height, "{hub} h={height}: {}", rows.len());
                    // Issue 16 item 7: a group's header is never drawn without a row under it.
                    for (i, r) in rows.iter().enumerate() {
                        if matches!(r, NeighbourhoodRow::Header { .. }) {
                            assert!(
                                matches!(rows.get(i + 1), Some(NeighbourhoodRow::Item { .. })),
                                "{hub} h={height} hops={hops}: {rows:?}"
                            );
                        }
                    }
                    if height > 3 * col.len() {
                        let headers = rows
                            .iter()
                            .filter(|r| matches!(r, NeighbourhoodRow::Header { .. }))
                            .count();
                        assert_eq!(headers, col.len());
                    }
                    let listed = rows
                        .iter()
                        .filter(|r| matches!(r, NeighbourhoodRow::Item { .. }))
                        .count();
                    let hidden: usize = rows
                        .iter()
                        .map(|r| match r {
                            NeighbourhoodRow::More { hidden, .. } => *hidden,
                            _ => 0,
                        })
                        .sum();
                    if hops == 1 && height >= 3 * col.len() {
                        assert_eq!(listed + hidden, total, "{hub} h={height}");
                    }
                }
            }
        }
    }
}

#[test]
fn timeline_lists_deals_by_date_and_opens_one() {
    let mut app = app();
    open(&mut app, "openai");
    press(&mut app, KeyCode::Char('t'));
    assert_eq!(app.view, View::Timeline);
    let rows = &app.views.timeline.rows;
    assert!(rows.len() > 5);
    let dates: Vec<&str> = rows.iter().filter_map(|r| r.date.as_deref()).collect();
    for w in dates.windows(2) {
        assert!(crate::analysis::date_cmp(w[0], w[1]).is_le(), "{w:?}");
    }
    assert!(!app.views.timeline.years.is_empty());
    press(&mut app, KeyCode::Down);
    press(&mut app, KeyCode::Down);
    let row = app.views.timeline.rows[2].clone();
    press(&mut app, KeyCode::Enter);
    assert_eq!(app.view, View::Explore);
    assert_eq!(app.shown(), Some(deal_entity(&app, row.source)));
    press(&mut app, KeyCode::Char('['));
    assert_eq!(id(&app, app.shown()), "openai");
}

/// The parties of each ring in the rings view's order, as ids.
fn listed_rings(app: &App) -> Vec<Vec<String>> {
    let index = app.money_index();
    let set = index.set(app.views.cycles.max_parties);
    app.views
        .cycles
        .rows
        .iter()
        .filter_map(|r| match *r {
            RingRow::Heading { ring } => Some(
                set.rings[ring]
                    .parties
                    .iter()
                    .map(|&p| id(app, Some(p)))
                    .collect(),
            ),
            _ => None,
        })
        .collect()
}

#[test]
fn rings_view_lists_rings_through_the_entity_first_and_opens_a_deal() {
    let mut app = app();
    open(&mut app, "microsoft");
    press(&mut app, KeyCode::Char('c'));
    assert_eq!(app.view, View::Cycles);
    let listed = listed_rings(&app);
    let through = app.views.cycles.through_count;
    assert!(through >= 5, "{through} rings through Microsoft");
    assert!(
        listed[..through]
            .iter()
            .all(|r| r.contains(&"microsoft".to_string())),
        "the rings through Microsoft come first: {listed:?}"
    );
    assert!(
        listed[through..]
            .iter()
            .all(|r| !r.contains(&"microsoft".to_string()))
    );
    assert!(listed.contains(&vec!["microsoft".into(), "openai".into()]));
    assert!(
        listed.contains(&vec!["nvidia".into(), "openai".into(), "oracle".into()]),
        "the three-party ring of the article"
    );
    assert!(app.cycles_of(ix(&app, "openai")) >= 2);
    assert!(
        app.cycles_of(ix(&app, "azure")) >= 1,
        "a unit counts as its owner"
    );
    let Some(RingRow::Deal { ring, leg, deal }) = app
        .views
        .cycles
        .rows
        .get(app.views.cycles.pos.selected)
        .copied()
    else {
        panic!("the selection starts on a deal");
    };
    let index = app.money_index();
    let pair = index
        .money
        .pair(index.set(app.views.cycles.max_parties).rings[ring].legs[leg]);
    let crate::analysis::LegSource::Deal(source) = pair.legs[deal].source() else {
        panic!("the first row is a stated deal");
    };
    let target = deal_entity(&app, source);
    press(&mut app, KeyCode::Enter);
    assert_eq!(app.view, View::Explore);
    assert_eq!(app.shown(), Some(target));
    press(&mut app, KeyCode::Char('['));
    assert_eq!(id(&app, app.shown()), "microsoft");
}

#[test]
fn plus_and_minus_change_the_ring_size_and_the_marks_follow() {
    let mut app = app();
    open(&mut app, "openai");
    press(&mut app, KeyCode::Char('c'));
    assert_eq!(app.views.cycles.max_parties, 4);
    let four = app.cycles_of(ix(&app, "openai"));
    press(&mut app, KeyCode::Char('-'));
    press(&mut app, KeyCode::Char('-'));
    assert_eq!(app.views.cycles.max_parties, 2);
    let two = app.cycles_of(ix(&app, "openai"));
    assert!(
        two < four,
        "fewer rings of two parties ({two}) than of up to four ({four})"
    );
    assert!(listed_rings(&app).iter().all(|r| r.len() == 2));
    press(&mut app, KeyCode::Char('-'));
    assert_eq!(app.views.cycles.max_parties, 2, "two is the least");
    assert!(app.message.is_some());
    press(&mut app, KeyCode::Char('+'));
    assert_eq!(app.views.cycles.max_parties, 3);
    assert!(listed_rings(&app).iter().any(|r| r.len() == 3));
}

#[test]
fn a_chip_in_a_ring_through_a_covered_deal_says_why() {
    let mut app = app();
    open(&mut app, "trainium3");
    assert!(app.cycles_of(ix(&app, "trainium3")) >= 1);
    press(&mut app, KeyCode::Char('c'));
    assert!(app.views.cycles.through_count >= 1);
    assert!(
        matches!(
            app.views.cycles.rows[1],
            RingRow::Why {
                how: crate::analysis::Through::Chip { deal: Some(_), .. },
                ..
            }
        ),
        "the row under the first ring says which deal covers the chip: {:?}",
        &app.views.cycles.rows[..2]
    );
}

#[test]
fn every_view_opens_from_results_and_closes_with_q() {
    let mut app = app();
    type_text(&mut app, "openai");
    press(&mut app, KeyCode::Tab);
    assert_eq!(app.focus, Focus::Results);
    for (key, view) in [
        ('n', View::Neighbourhood),
        ('t', View::Timeline),
        ('c', View::Cycles),
    ] {
        press(&mut app, KeyCode::Char(key));
        assert_eq!(app.view, view);
        press(&mut app, KeyCode::Char('q'));
        assert_eq!(app.view, View::Explore);
    }
    // Ctrl-c still quits from a view.
    press(&mut app, KeyCode::Char('t'));
    let quit = app.action_for_key(KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL));
    assert_eq!(quit, Some(Action::QuitNow));
}

#[test]
fn views_that_need_an_entity_say_so() {
    let mut app = app();
    type_text(&mut app, "zzzzzzzzqqq");
    press(&mut app, KeyCode::Tab);
    assert_eq!(app.shown(), None);
    press(&mut app, KeyCode::Char('p'));
    assert_eq!(app.view, View::Explore);
    assert!(app.message.is_some());
}

#[test]
fn keys_inside_a_view_leave_the_explorer_behind_it_alone() {
    let mut app = app();
    open(&mut app, "openai");
    let query = app.search.query.clone();
    press(&mut app, KeyCode::Char('n'));
    for code in [KeyCode::Char('/'), KeyCode::Tab, KeyCode::BackTab] {
        press(&mut app, code);
    }
    let ctrl_t = app.action_for_key(KeyEvent::new(KeyCode::Char('t'), KeyModifiers::CONTROL));
    app_update(&mut app, ctrl_t.unwrap());
    assert_eq!(app.focus, Focus::Relations);
    assert_eq!(app.search.tab, 0);
    assert_eq!(id(&app, app.views.neighbourhood.centre), "openai");
    press(&mut app, KeyCode::Char('p'));
    for code in [KeyCode::Left, KeyCode::Delete, KeyCode::Char('x')] {
        press(&mut app, code);
    }
    assert_eq!(app.views.paths.query, "x");
    assert_eq!(app.search.query, query);
}

#[test]
fn large_graphs_compute_the_cycle_index_on_a_background_job_once_per_graph() {
    let mut app = app();
    assert!(
        app.take_cycle_index_job().is_none(),
        "small graphs: inline, on first use"
    );
    app.set_search_mode(SearchMode::Worker);
    let openai = ix(&app, "openai");
    assert_eq!(
        app.cycles_of(openai),
        0,
        "a frame never waits for the index"
    );
    assert!(!app.cycles_ready());
    let job = app.take_cycle_index_job().expect("the job, once");
    assert!(app.take_cycle_index_job().is_none());
    std::thread::spawn(job).join().unwrap();
    assert!(app.cycles_ready());
    assert!(app.cycles_of(openai) >= 2);
    // A reload forgets the old graph's index and hands out a new job.
    app.apply_reload(load_default().unwrap().graph);
    assert!(!app.cycles_ready());
    assert_eq!(app.cycles_of(ix(&app, "openai")), 0);
    assert!(app.take_cycle_index_job().is_some());
}

#[test]
fn large_graphs_compute_the_overview_on_a_background_job_and_i_never_waits() {
    let mut app = app();
    assert!(
        app.take_overview_job().is_none(),
        "small graphs: on opening"
    );
    app.set_search_mode(SearchMode::Worker);
    let job = app.take_overview_job().expect("the job, once");
    assert!(app.take_overview_job().is_none());
    press(&mut app, KeyCode::Tab);
    press(&mut app, KeyCode::Char('i'));
    assert_eq!(app.view, View::Overview);
    assert!(app.views.overview.get().is_none(), "i does not compute it");
    assert!(!app.overview_arrived());
    std::thread::spawn(job).join().unwrap();
    assert!(app.overview_arrived());
    overview::overview_done(&mut app);
    let lines = overview::current_lines(&app);
    assert!(lines[app.views.overview.pos.selected].target.is_some());
    // A reload forgets it and hands out a new job.
    app.apply_reload(load_default().unwrap().graph);
    assert!(app.views.overview.get().is_none());
    assert!(app.take_overview_job().is_some());
}

#[test]
fn equals_marks_one_entity_then_compares_it_with_another() {
    let mut app = app();
    open(&mut app, "microsoft");
    press(&mut app, KeyCode::Char('='));
    assert_eq!(app.views.compare.mark, Some(ix(&app, "microsoft")));
    assert_eq!(app.view, View::Explore);
    assert!(app.message.as_deref().unwrap().contains("press ="));
    press(&mut app, KeyCode::Char('/'));
    press(&mut app, KeyCode::Char('u'));
    app_update(&mut app, Action::ClearQuery);
    open(&mut app, "amazon");
    press(&mut app, KeyCode::Char('='));
    assert_eq!(app.view, View::Compare);
    assert_eq!(app.views.compare.mark, None, "the mark is used up");
    assert_eq!(
        app.views.compare.pair,
        Some((ix(&app, "microsoft"), ix(&app, "amazon")))
    );
    let shared: Vec<String> = app
        .views
        .compare
        .data
        .shared
        .iter()
        .map(|(a, _)| id(&app, Some(a.party)))
        .collect();
    assert_eq!(shared[..2], ["openai", "anthropic"]);
    assert!(!app.views.compare.data.rings.is_empty(), "rings with both");
    // The first selectable row is the first shared partner; → picks Amazon's side of a deal row.
    assert_eq!(
        app.views.compare.rows[app.views.compare.pos.selected],
        CompareRow::Shared { k: 0 }
    );
    press(&mut app, KeyCode::Down);
    press(&mut app, KeyCode::Down);
    press(&mut app, KeyCode::Right);
    let CompareRow::SharedDeals { k: 0, n: 0 } =
        app.views.compare.rows[app.views.compare.pos.selected]
    else {
        panic!("the first deals row");
    };
    let amazons_first = app.views.compare.data.shared[0].1.deals[0];
    press(&mut app, KeyCode::Enter);
    assert_eq!(app.view, View::Explore);
    assert_eq!(app.shown(), Some(amazons_first), "Amazon's side was picked");
    press(&mut app, KeyCode::Char('['));
    assert_eq!(id(&app, app.shown()), "amazon");
    assert_eq!(
        app.view,
        View::Compare,
        "[ returns to the view the deal was opened from"
    );
    // Esc leaves the view; the same entity twice forgets the mark.
    press(&mut app, KeyCode::Esc);
    assert_eq!(app.view, View::Explore);
    press(&mut app, KeyCode::Char('='));
    press(&mut app, KeyCode::Char('='));
    assert_eq!(app.views.compare.mark, None);
    assert_eq!(app.view, View::Explore);
}

#[test]
fn esc_leaves_the_compare_view_and_history_keys_work_inside_it() {
    let mut app = app();
    open(&mut app, "microsoft");
    press(&mut app, KeyCode::Char('='));
    app_update(&mut app, Action::FocusSearch);
    app_update(&mut app, Action::ClearQuery);
    open(&mut app, "amazon");
    press(&mut app, KeyCode::Char('='));
    assert_eq!(app.view, View::Compare);
    let before = app.shown();
    let previous = app.history.back.last().unwrap().entity;
    press(&mut app, KeyCode::Char('['));
    assert_eq!(
        app.view,
        View::Compare,
        "[ goes back behind the view, as in the others"
    );
    assert_eq!(app.shown(), Some(previous));
    press(&mut app, KeyCode::Char(']'));
    assert_eq!(app.shown(), before);
    press(&mut app, KeyCode::Esc);
    assert_eq!(app.view, View::Explore);
}

#[test]
fn on_a_large_graph_compare_runs_on_a_background_job_and_the_view_waits() {
    let mut app = app();
    open(&mut app, "microsoft");
    press(&mut app, KeyCode::Char('='));
    app_update(&mut app, Action::FocusSearch);
    app_update(&mut app, Action::ClearQuery);
    open(&mut app, "amazon");
    // As on a large graph from here (typing searched inline above, to open the two).
    app.set_search_mode(SearchMode::Worker);
    let job = app.take_cycle_index_job().unwrap();
    job();
    press(&mut app, KeyCode::Char('='));
    assert_eq!(app.view, View::Compare);
    assert!(
        app.views.compare.rows.is_empty(),
        "nothing computed on this thread"
    );
    assert!(!app.compare_ready());
    let job = app
        .take_compare_job()
        .expect("the comparison, for a thread");
    assert!(app.take_compare_job().is_none(), "once");
    std::thread::spawn(job).join().unwrap();
    assert!(app.compare_ready());
    compare_done(&mut app);
    assert!(!app.compare_ready());
    assert_eq!(app.views.compare.data.shared.len(), 5);
    assert_eq!(
        app.views.compare.rows[app.views.compare.pos.selected],
        CompareRow::Shared { k: 0 }
    );
}

#[test]
fn a_unit_in_its_owners_rings_says_it_counts_as_the_owner() {
    let mut app = app();
    open(&mut app, "aws");
    press(&mut app, KeyCode::Char('c'));
    let amazon = ix(&app, "amazon");
    assert_eq!(
        app.views.cycles.rows[1],
        RingRow::Why {
            ring: 0,
            how: crate::analysis::Through::Unit { party: amazon }
        },
        "AWS is in Amazon's rings as Amazon's cloud, not as a chip a deal covers"
    );
}
