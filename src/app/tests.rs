//! Update tests: key sequences go through the key map, assertions are on the state.

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::*;
use crate::graph::{LoadOptions, load_bytes};

const SMALL: &str = include_str!("../../tests/fixtures/small.json");

fn app() -> App {
    let graph = load_bytes(SMALL.as_bytes(), "small", LoadOptions::default())
        .unwrap()
        .graph;
    let mut app = App::new(graph, "small");
    update(&mut app, Action::Resize(120, 40));
    app
}

fn send(app: &mut App, code: KeyCode, mods: KeyModifiers) -> Effect {
    match app.action_for_key(KeyEvent::new(code, mods)) {
        Some(action) => update(app, action),
        None => Effect::None,
    }
}

fn press(app: &mut App, code: KeyCode) -> Effect {
    send(app, code, KeyModifiers::NONE)
}

fn ctrl(app: &mut App, c: char) -> Effect {
    send(app, KeyCode::Char(c), KeyModifiers::CONTROL)
}

fn type_text(app: &mut App, text: &str) {
    for c in text.chars() {
        let mods = if c.is_ascii_uppercase() {
            KeyModifiers::SHIFT
        } else {
            KeyModifiers::NONE
        };
        send(app, KeyCode::Char(c), mods);
    }
}

fn id(app: &App, ix: Option<EntityIx>) -> &str {
    ix.map_or("-", |ix| app.graph.entity(ix).id())
}

fn result_ids(app: &App) -> Vec<&str> {
    app.results
        .hits
        .iter()
        .map(|h| app.graph.entity(h.entity).id())
        .collect()
}

/// Selects the relation row leading to `target` in the relations pane by pressing `j`.
fn select_relation_to(app: &mut App, target: &str) {
    press(app, KeyCode::Char('g'));
    for _ in 0..app.relations.rows.len() {
        let rel = app.selected_relation().unwrap();
        let other = app.graph.relation(rel).other(app.relations.opened.unwrap());
        if other.id() == target {
            return;
        }
        press(app, KeyCode::Char('j'));
    }
    panic!("no relation to {target}");
}

/// `openai` Enter, follow the AWS-OpenAI deal, follow AWS: the repro path.
fn open_openai_deal_aws(app: &mut App) {
    type_text(app, "openai");
    press(app, KeyCode::Enter);
    select_relation_to(app, "aws-openai-38b");
    press(app, KeyCode::Enter);
    select_relation_to(app, "aws");
    press(app, KeyCode::Enter);
}

#[test]
fn starts_in_search_with_every_entity_most_connected_first() {
    let app = app();
    assert_eq!(app.focus, Focus::Search);
    assert_eq!(app.results.hits.len(), app.graph.entity_count());
    let degrees: Vec<usize> = app
        .results
        .hits
        .iter()
        .map(|h| app.graph.degree(h.entity))
        .collect();
    assert!(degrees.windows(2).all(|w| w[0] >= w[1]), "{degrees:?}");
    assert_eq!(id(&app, app.shown()), "aws");
}

#[test]
fn typing_filters_live_and_selects_the_best_match() {
    let mut app = app();
    type_text(&mut app, "trn3");
    assert_eq!(app.search.query, "trn3");
    assert_eq!(id(&app, app.selected_result()), "trainium3");
    assert_eq!(id(&app, app.shown()), "trainium3");
}

#[test]
fn moving_the_selection_does_not_rerun_the_search() {
    let mut app = app();
    type_text(&mut app, "a");
    let runs = app.engine.runs;
    press(&mut app, KeyCode::Down);
    ctrl(&mut app, 'n');
    press(&mut app, KeyCode::PageDown);
    press(&mut app, KeyCode::Home);
    press(&mut app, KeyCode::Tab);
    press(&mut app, KeyCode::Char('j'));
    press(&mut app, KeyCode::Char('G'));
    assert_eq!(app.engine.runs, runs);
    assert_eq!(app.results.pos.selected, app.results.hits.len() - 1);
}

#[test]
fn query_editing_keys() {
    let mut app = app();
    type_text(&mut app, "open ai");
    ctrl(&mut app, 'w');
    assert_eq!(app.search.query, "open ");
    ctrl(&mut app, 'w');
    assert_eq!(app.search.query, "");
    type_text(&mut app, "tr3");
    press(&mut app, KeyCode::Left);
    type_text(&mut app, "n");
    assert_eq!(app.search.query, "trn3");
    press(&mut app, KeyCode::Right);
    press(&mut app, KeyCode::Backspace);
    assert_eq!(app.search.query, "trn");
    ctrl(&mut app, 'u');
    assert_eq!(app.search.query, "");
    assert_eq!(app.search.cursor, 0);
}

#[test]
fn escape_clears_the_query_then_leaves_search() {
    let mut app = app();
    type_text(&mut app, "aws");
    press(&mut app, KeyCode::Esc);
    assert_eq!((app.search.query.as_str(), app.focus), ("", Focus::Search));
    press(&mut app, KeyCode::Esc);
    assert_eq!(app.focus, Focus::Results);
    press(&mut app, KeyCode::Char('/'));
    assert_eq!(app.focus, Focus::Search);
}

#[test]
fn letters_type_in_search_and_command_outside() {
    let mut app = app();
    assert_eq!(press(&mut app, KeyCode::Char('q')), Effect::None);
    assert_eq!(app.search.query, "q");
    ctrl(&mut app, 'u');
    press(&mut app, KeyCode::Tab);
    assert_eq!(app.focus, Focus::Results);
    press(&mut app, KeyCode::Char('j'));
    assert_eq!(app.results.pos.selected, 1);
    press(&mut app, KeyCode::Char('k'));
    assert_eq!(app.results.pos.selected, 0);
    assert_eq!(
        press(&mut app, KeyCode::Char('q')),
        Effect::None,
        "q asks first"
    );
    assert!(app.message.as_deref().unwrap().contains("q again to quit"));
    assert_eq!(press(&mut app, KeyCode::Char('q')), Effect::Quit);
    press(&mut app, KeyCode::Char('/'));
    assert_eq!(ctrl(&mut app, 'c'), Effect::Quit);
}

#[test]
fn enter_opens_and_follows_and_back_forward_restore_entity_focus_and_row() {
    let mut app = app();
    type_text(&mut app, "trn3");
    press(&mut app, KeyCode::Enter);
    assert_eq!(app.focus, Focus::Relations);
    assert_eq!(id(&app, app.relations.opened), "trainium3");
    select_relation_to(&mut app, "aws");
    let row_on_trn3 = app.relations.pos.selected;
    assert!(row_on_trn3 > 1, "the AWS row is not the first relation");
    press(&mut app, KeyCode::Enter);
    assert_eq!(id(&app, app.relations.opened), "aws");
    select_relation_to(&mut app, "amazon");
    let row_on_aws = app.relations.pos.selected;
    press(&mut app, KeyCode::Enter);
    assert_eq!(id(&app, app.relations.opened), "amazon");
    assert_eq!(app.history.back.len(), 3);

    press(&mut app, KeyCode::Char('['));
    assert_eq!(id(&app, app.relations.opened), "aws");
    assert_eq!(
        (app.focus, app.relations.pos.selected),
        (Focus::Relations, row_on_aws)
    );
    press(&mut app, KeyCode::Char('['));
    assert_eq!(id(&app, app.relations.opened), "trainium3");
    assert_eq!(app.relations.pos.selected, row_on_trn3);
    press(&mut app, KeyCode::Char('['));
    assert_eq!(
        app.focus,
        Focus::Results,
        "history never focuses the search line"
    );
    assert_eq!(id(&app, app.shown()), "trainium3");
    send(&mut app, KeyCode::Left, KeyModifiers::ALT);
    assert_eq!(
        id(&app, app.shown()),
        "trainium3",
        "back at the start is a no-op"
    );

    send(&mut app, KeyCode::Right, KeyModifiers::ALT);
    assert_eq!(id(&app, app.relations.opened), "trainium3");
    assert_eq!(app.focus, Focus::Relations);
    press(&mut app, KeyCode::Char(']'));
    assert_eq!(id(&app, app.relations.opened), "aws");
    assert_eq!(app.relations.pos.selected, row_on_aws);
    send(&mut app, KeyCode::Left, KeyModifiers::ALT);
    assert_eq!(id(&app, app.relations.opened), "trainium3");
    assert_eq!(app.history.forward.len(), 2);
}

#[test]
fn a_new_follow_after_going_back_drops_the_forward_history() {
    let mut app = app();
    type_text(&mut app, "trn3");
    press(&mut app, KeyCode::Enter);
    select_relation_to(&mut app, "aws");
    press(&mut app, KeyCode::Enter);
    press(&mut app, KeyCode::Char('['));
    assert_eq!(app.history.forward.len(), 1);
    select_relation_to(&mut app, "trainium2");
    press(&mut app, KeyCode::Enter);
    assert_eq!(id(&app, app.relations.opened), "trainium2");
    assert!(app.history.forward.is_empty());
    press(&mut app, KeyCode::Char(']'));
    assert_eq!(id(&app, app.relations.opened), "trainium2");
}

#[test]
fn breadcrumbs_are_the_history_trail() {
    let mut app = app();
    open_openai_deal_aws(&mut app);
    let labels: Vec<String> = app.breadcrumbs(120).into_iter().map(|c| c.label).collect();
    assert_eq!(
        labels,
        ["OpenAI", "AWS-OpenAI $38B compute…", "Amazon Web Services"]
    );
    let first = app.breadcrumbs(120)[0].clone();
    update(
        &mut app,
        Action::Click {
            col: first.x,
            row: 39,
            double: false,
        },
    );
    assert_eq!(id(&app, app.relations.opened), "openai");
    assert_eq!(app.focus, Focus::Relations);
}

/// Labels of the breadcrumb trail, forward ones marked `+`.
fn crumb_labels(app: &App, width: u16) -> Vec<String> {
    app.breadcrumbs(width)
        .into_iter()
        .map(|c| {
            let forward = if c.steps_forward > 0 { "+" } else { "" };
            format!("{forward}{}", c.label)
        })
        .collect()
}

/// Issue 16 item 4, the exact repro: open OpenAI, follow a deal, then AWS, then Esc. Esc used to
/// replace AWS on the breadcrumb by the selected result and `]` could not get it back; now AWS
/// stays on the breadcrumb (ahead, dimmed) and `]` reaches it.
#[test]
fn esc_from_the_relations_never_drops_the_place_from_the_history() {
    let mut app = app();
    open_openai_deal_aws(&mut app);
    assert_eq!(id(&app, app.relations.opened), "aws");
    press(&mut app, KeyCode::Esc);
    assert_eq!(app.focus, Focus::Results);
    assert_eq!(
        crumb_labels(&app, 120),
        [
            "OpenAI",
            "AWS-OpenAI $38B compute…",
            "OpenAI",
            "+Amazon Web Services"
        ]
    );
    press(&mut app, KeyCode::Char(']'));
    assert_eq!(id(&app, app.relations.opened), "aws");
    assert_eq!(app.focus, Focus::Relations);
    // Tab away and back in: the same place is not stacked twice.
    press(&mut app, KeyCode::Esc);
    press(&mut app, KeyCode::Esc);
    assert_eq!(app.history.forward.len(), 1);
}

/// Leaving the relations pane by the mouse (a click or the wheel over the results) keeps its
/// place one `]` away too.
#[test]
fn the_mouse_leaving_the_relations_keeps_the_place() {
    for action in [
        Action::Click {
            col: 5,
            row: 3,
            double: false,
        },
        Action::Scroll {
            col: 5,
            row: 3,
            delta: 1,
        },
    ] {
        let mut app = app();
        open_openai_deal_aws(&mut app);
        update(&mut app, action);
        assert_eq!(app.focus, Focus::Results, "{action:?}");
        assert_eq!(
            app.history.forward.last().map(|p| id(&app, Some(p.entity))),
            Some("aws"),
            "{action:?}"
        );
    }
}

/// `[` at the oldest place and `]` at the newest say so and change nothing.
#[test]
fn the_ends_of_the_history_are_said_and_nothing_moves() {
    let mut app = app();
    type_text(&mut app, "trn3");
    press(&mut app, KeyCode::Tab);
    press(&mut app, KeyCode::Char('['));
    assert_eq!(app.message.as_deref(), Some("start of history"));
    assert_eq!(
        (app.focus, id(&app, app.shown())),
        (Focus::Results, "trainium3")
    );
    press(&mut app, KeyCode::Enter);
    press(&mut app, KeyCode::Char(']'));
    assert_eq!(app.message.as_deref(), Some("end of history"));
    assert_eq!(
        (app.focus, id(&app, app.relations.opened)),
        (Focus::Relations, "trainium3")
    );
    press(&mut app, KeyCode::Char('j'));
    assert_eq!(app.message, None, "the next key clears it");
}

/// Issue 16 item 4: repeated `[` used to move the focus to the search line, where further `[`
/// and `]` were typed into the query (`openai[]]]]`). History keys never focus the search line;
/// on the search line `[` `]` are text and Alt-← Alt-→ move through the history.
#[test]
fn history_keys_never_focus_the_search_line_or_edit_the_query() {
    let mut app = app();
    type_text(&mut app, "openai");
    press(&mut app, KeyCode::Enter);
    select_relation_to(&mut app, "aws-openai-38b");
    press(&mut app, KeyCode::Enter);
    for key in "[[[[]]]][[[[".chars() {
        press(&mut app, KeyCode::Char(key));
        assert_ne!(app.focus, Focus::Search, "after {key}");
        assert_eq!(app.search.query, "openai");
    }
    press(&mut app, KeyCode::Char('/'));
    type_text(&mut app, "[]");
    assert_eq!(app.search.query, "openai[]", "on the search line [ ] type");
    ctrl(&mut app, 'u');
    type_text(&mut app, "openai");
    send(&mut app, KeyCode::Right, KeyModifiers::ALT);
    assert_eq!(app.search.query, "openai");
    assert_eq!(id(&app, app.relations.opened), "openai");
    send(&mut app, KeyCode::Right, KeyModifiers::ALT);
    assert_eq!(id(&app, app.relations.opened), "aws-openai-38b");
}

/// After going back, the places ahead stay on the breadcrumb, marked forward, and a click on
/// one goes forward to it.
#[test]
fn the_breadcrumb_shows_the_places_ahead() {
    let mut app = app();
    open_openai_deal_aws(&mut app);
    press(&mut app, KeyCode::Char('['));
    press(&mut app, KeyCode::Char('['));
    assert_eq!(
        crumb_labels(&app, 120),
        [
            "OpenAI",
            "+AWS-OpenAI $38B compute…",
            "+Amazon Web Services"
        ]
    );
    let aws = app.breadcrumbs(120)[2].clone();
    assert_eq!(aws.steps_forward, 2);
    update(
        &mut app,
        Action::Click {
            col: aws.x,
            row: 39,
            double: false,
        },
    );
    assert_eq!(id(&app, app.relations.opened), "aws");
    assert!(app.history.forward.is_empty());
}

/// Issue 16 item 15: a trail too long for the footer loses its middle, never its first step,
/// the current place, or the quit and help keys' room.
#[test]
fn a_long_breadcrumb_drops_its_middle() {
    let mut app = app();
    type_text(&mut app, "trn3");
    press(&mut app, KeyCode::Enter);
    for _ in 0..6 {
        press(&mut app, KeyCode::Char('G'));
        press(&mut app, KeyCode::Enter);
    }
    let crumbs = app.breadcrumbs(80);
    let first = &crumbs[0];
    let last = crumbs.last().unwrap();
    assert_eq!(first.label, "Trainium3");
    assert!(!first.gap_before && crumbs[1].gap_before, "{crumbs:?}");
    assert_eq!((last.steps_back, last.steps_forward), (0, 0));
    let end = (last.x + last.width) as usize;
    assert!(
        end <= 80 - super::history::FOOTER_KEYS_RESERVE,
        "{crumbs:?}"
    );
}

#[test]
fn tab_cycles_focus_and_relations_show_the_selected_result() {
    let mut app = app();
    type_text(&mut app, "nvidia");
    press(&mut app, KeyCode::Tab);
    assert_eq!(app.focus, Focus::Results);
    press(&mut app, KeyCode::Tab);
    assert_eq!(app.focus, Focus::Relations);
    assert_eq!(id(&app, app.relations.opened), "nvidia");
    press(&mut app, KeyCode::Tab);
    assert_eq!(app.focus, Focus::Search);
    press(&mut app, KeyCode::BackTab);
    assert_eq!(app.focus, Focus::Relations);
    assert!(app.history.back.is_empty(), "tabbing is not navigation");
}

#[test]
fn ctrl_t_cycles_the_kind_filter() {
    let mut app = app();
    let mut seen = Vec::new();
    for _ in 0..app.search.tabs.len() {
        ctrl(&mut app, 't');
        seen.push(app.search.tabs[app.search.tab].label.clone());
        let filter = app.filter();
        assert!(
            app.results
                .hits
                .iter()
                .all(|h| filter.allows(app.graph.entity(h.entity).kind()))
        );
    }
    assert_eq!(seen, ["company", "chip", "cloud", "deal", "other", "all"]);
    ctrl(&mut app, 't');
    ctrl(&mut app, 't');
    assert_eq!(result_ids(&app).len(), 3);
    ctrl(&mut app, 't');
    ctrl(&mut app, 't');
    ctrl(&mut app, 't');
    assert_eq!(result_ids(&app), ["stargate-abilene"]);
}

#[test]
fn query_operators() {
    let mut app = app();
    type_text(&mut app, "@chip");
    assert_eq!(app.results.hits.len(), 3);
    ctrl(&mut app, 'u');
    type_text(&mut app, "kind:cloud");
    assert_eq!(app.results.hits.len(), 2);
    ctrl(&mut app, 'u');
    type_text(&mut app, "^trainium");
    assert_eq!(result_ids(&app), ["trainium2", "trainium3"]);
    ctrl(&mut app, 'u');
    type_text(&mut app, "trainium 3$");
    assert_eq!(result_ids(&app), ["trainium3"]);
    ctrl(&mut app, 'u');
    type_text(&mut app, "^trainium !trn3");
    assert_eq!(result_ids(&app), ["trainium2"]);
    ctrl(&mut app, 'u');
    type_text(&mut app, "'labs");
    assert_eq!(result_ids(&app), ["annapurna"]);
}

#[test]
fn y_copies_the_id_and_shift_y_the_name() {
    let mut app = app();
    type_text(&mut app, "trn3");
    press(&mut app, KeyCode::Tab);
    assert_eq!(
        press(&mut app, KeyCode::Char('y')),
        Effect::Copy("trainium3".into())
    );
    assert!(app.message.as_deref().unwrap().contains("trainium3"));
    assert_eq!(
        send(&mut app, KeyCode::Char('Y'), KeyModifiers::SHIFT),
        Effect::Copy("Trainium3".into())
    );
    press(&mut app, KeyCode::Char('j'));
    assert_eq!(app.message, None, "messages are transient");
}

/// Issue 16 item 10: on the relations pane `y` copies the highlighted relation's other end, not
/// the page's entity, and the message says it was sent (it cannot know it arrived), with the tmux
/// setting to let it through when running inside tmux.
#[test]
fn y_on_a_highlighted_relation_copies_its_other_end_and_says_it_was_sent() {
    let mut app = app();
    type_text(&mut app, "trn3");
    press(&mut app, KeyCode::Enter);
    select_relation_to(&mut app, "aws");
    assert_eq!(
        press(&mut app, KeyCode::Char('y')),
        Effect::Copy("aws".into())
    );
    assert_eq!(
        app.message.as_deref(),
        Some("sent id \"aws\" to the terminal clipboard (OSC 52)")
    );
    app.options.under_tmux = true;
    assert_eq!(
        send(&mut app, KeyCode::Char('Y'), KeyModifiers::SHIFT),
        Effect::Copy("Amazon Web Services".into())
    );
    assert_eq!(
        app.message.as_deref(),
        Some(
            "sent name \"Amazon Web Services\" to the terminal clipboard (OSC 52) \
             (tmux: set -g set-clipboard on)"
        )
    );
}

#[test]
fn help_opens_with_question_mark_and_any_key_closes_it() {
    let mut app = app();
    press(&mut app, KeyCode::F(1));
    assert!(app.help.shown);
    press(&mut app, KeyCode::Char('x'));
    assert!(!app.help.shown);
    assert_eq!(app.search.query, "", "the closing key is swallowed");
    press(&mut app, KeyCode::Esc);
    press(&mut app, KeyCode::Char('?'));
    assert!(app.help.shown);
    assert_eq!(ctrl(&mut app, 'c'), Effect::Quit);
}

#[test]
fn help_taller_than_the_terminal_scrolls_and_other_keys_close_it() {
    let mut app = app();
    update(&mut app, Action::Resize(80, 24));
    press(&mut app, KeyCode::F(1));
    let max = app.help_layout().max_scroll();
    assert!(max > 0, "47 lines do not fit in 24 rows");
    press(&mut app, KeyCode::Down);
    assert_eq!(app.help.scroll, 1);
    for _ in 0..20 {
        press(&mut app, KeyCode::PageDown);
    }
    assert_eq!(app.help.scroll, max, "scrolling stops at the last line");
    press(&mut app, KeyCode::Home);
    assert_eq!(app.help.scroll, 0);
    assert!(app.help.shown, "scrolling keeps it open");
    press(&mut app, KeyCode::Char('x'));
    assert!(!app.help.shown);
    update(&mut app, Action::Resize(120, 40));
    press(&mut app, KeyCode::F(1));
    press(&mut app, KeyCode::Down);
    assert!(!app.help.shown, "when everything shows, any key closes");
}

#[test]
fn clicks_select_results_and_follow_relations() {
    let mut app = app();
    let panes = app.panes().unwrap();
    let rows = panes.results_rows();
    update(
        &mut app,
        Action::Click {
            col: rows.x + 2,
            row: rows.y + 2,
            double: false,
        },
    );
    assert_eq!(app.focus, Focus::Results);
    assert_eq!(app.results.pos.selected, 2);
    let shown = app.shown();
    let rel_rows = panes.relation_rows();
    update(
        &mut app,
        Action::Click {
            col: rel_rows.x + 4,
            row: rel_rows.y + 1,
            double: false,
        },
    );
    assert_eq!(app.focus, Focus::Relations);
    assert_ne!(
        app.relations.opened, shown,
        "the click followed the relation"
    );
    assert_eq!(app.history.back.len(), 2);
    update(
        &mut app,
        Action::Scroll {
            col: rows.x + 2,
            row: rows.y,
            delta: 1,
        },
    );
    assert_eq!(app.results.pos.selected, 5);
}

#[test]
fn page_keys_keep_the_selection_visible() {
    let mut app = app();
    update(&mut app, Action::Resize(80, 12));
    press(&mut app, KeyCode::PageDown);
    let height = app.panes().unwrap().results_rows().height as usize;
    assert_eq!(app.results.pos.selected, height - 1);
    press(&mut app, KeyCode::End);
    let pos = app.results.pos;
    assert!(pos.offset <= pos.selected && pos.selected < pos.offset + height);
}

#[test]
fn the_wheel_scrolls_the_detail_pane_until_the_entity_changes() {
    let mut app = app();
    let detail = app.panes().unwrap().detail;
    let wheel = |app: &mut App, delta| {
        update(
            app,
            Action::Scroll {
                col: detail.x + 3,
                row: detail.y + 3,
                delta,
            },
        )
    };
    wheel(&mut app, 1);
    assert_eq!(app.detail.scroll, 3);
    wheel(&mut app, -1);
    wheel(&mut app, -1);
    assert_eq!(app.detail.scroll, 0);
    wheel(&mut app, 1);
    press(&mut app, KeyCode::Down);
    assert_eq!(app.detail.scroll, 0);
}

#[test]
fn clicking_a_kind_tab_filters() {
    let mut app = app();
    let cols = app.tab_columns(120).unwrap();
    let (x, _) = cols[app
        .search
        .tabs
        .iter()
        .position(|t| t.label == "chip")
        .unwrap()];
    update(
        &mut app,
        Action::Click {
            col: x + 1,
            row: 0,
            double: false,
        },
    );
    assert_eq!(app.search.tabs[app.search.tab].label, "chip");
    assert_eq!(app.results.hits.len(), 3);
}

fn any_action() -> impl proptest::strategy::Strategy<Value = Action> {
    use proptest::prelude::*;
    let bound: Vec<Action> = keymap::KEYMAP
        .iter()
        .map(|b| b.action)
        .filter(|a| *a != Action::Quit)
        .collect();
    prop_oneof![
        4 => proptest::sample::select(bound),
        2 => proptest::sample::select(vec!['a', 't', 'r', 'n', '3', ' ', '!', '^', '@', '$', '\'']).prop_map(Action::Insert),
        1 => (0u16..130, 0u16..45, any::<bool>()).prop_map(|(col, row, double)| Action::Click { col, row, double }),
        1 => (0u16..130, 0u16..45, -1i8..=1).prop_map(|(col, row, delta)| Action::Scroll { col, row, delta }),
        1 => (1u16..140, 1u16..50).prop_map(|(w, h)| Action::Resize(w, h)),
    ]
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(64))]

    /// Whatever the user does, selections stay in range, a focused relation selection is on a
    /// relation, and the screen draws.
    #[test]
    fn any_action_sequence_keeps_the_state_consistent(
        actions in proptest::collection::vec(any_action(), 1..80)
    ) {
        let mut app = app();
        let mut buf = ratatui::buffer::Buffer::empty(Rect::new(0, 0, 100, 30));
        for action in actions {
            update(&mut app, action);
            proptest::prop_assert!(app.results.pos.selected < app.results.hits.len().max(1));
            proptest::prop_assert!(app.relations.pos.selected < app.relations.rows.len().max(1));
            if app.focus == Focus::Relations && !app.relations.rows.is_empty() {
                proptest::prop_assert!(app.relations.rows[app.relations.pos.selected].is_item());
            }
            proptest::prop_assert!(app.search.cursor <= app.search.query.chars().count());
            crate::ui::render(&app, buf.area, &mut buf);
        }
    }
}

/// Found by the app property tests: going back to a results place whose entity the current
/// query no longer lists selected whatever sat on that row (or nothing).
#[test]
fn back_to_an_entity_the_query_no_longer_lists_shows_that_entity() {
    let mut app = app();
    let first = app.selected_result();
    press(&mut app, KeyCode::Enter);
    assert_eq!(app.focus, Focus::Relations);
    press(&mut app, KeyCode::Char('/'));
    type_text(&mut app, "zzzzqqq");
    assert!(app.results.hits.is_empty());
    send(&mut app, KeyCode::Left, KeyModifiers::ALT);
    assert_eq!(app.shown(), first);
    assert_eq!(app.focus, Focus::Relations);
}

/// The relations pane reads its column widths from the state instead of measuring every row per
/// frame (a 75k-link hub cost 65 ms a frame); they must follow the shown entity.
#[test]
fn relation_widths_are_measured_when_the_shown_entity_changes() {
    let mut app = app();
    for _ in 0..app.results.hits.len().min(8) {
        let shown = app.shown().unwrap();
        let rows = relation_rows(&app.graph, shown);
        assert_eq!(
            app.relations.widths,
            relation_widths(&app.graph, shown, &rows)
        );
        assert_eq!(
            app.relations.widths.items,
            rows.iter().filter(|r| r.is_item()).count()
        );
        press(&mut app, KeyCode::Down);
    }
    type_text(&mut app, "xqzxqzxqz");
    assert!(app.shown().is_none());
    assert_eq!(app.relations.widths, RelWidths::default());
}

/// Issue 16, item 1: a word typed into a pane reaches the search line whole, and runs at most
/// the command of its first letter.
#[test]
fn words_typed_into_a_pane_search_instead_of_chaining_commands() {
    for (start, word) in [
        ("results", "amazon"),
        ("results", "nvidia"),
        ("results", "qualcomm"),
        ("results", "micro"),
        ("relations", "amazon"),
        ("relations", "crusoe"),
        // Two command letters in a row: `i` (overview) then `n`, `t` (views), `c`, `p`.
        ("results", "intel"),
        ("results", "tpu"),
        ("relations", "inference"),
        ("results", "cpu"),
    ] {
        let mut app = app();
        type_text(&mut app, "openai");
        press(&mut app, KeyCode::Tab);
        if start == "relations" {
            press(&mut app, KeyCode::Enter);
            assert_eq!(app.focus, Focus::Relations);
        }
        let mut quit = false;
        for c in word.chars() {
            quit |= press(&mut app, KeyCode::Char(c)) == Effect::Quit;
        }
        assert!(!quit, "{word} on {start} quit");
        assert_eq!(
            app.view,
            View::Explore,
            "{word} on {start} left a view open"
        );
        assert_eq!(app.focus, Focus::Search, "{word} on {start}");
        assert_eq!(app.search.query, word, "{word} typed on {start}");
    }
}

#[test]
fn moves_still_chain_with_commands() {
    // `j` moves; `n` right after it opens the neighbourhood as it always did.
    let mut app = app();
    type_text(&mut app, "openai");
    press(&mut app, KeyCode::Tab);
    press(&mut app, KeyCode::Char('j'));
    press(&mut app, KeyCode::Char('n'));
    assert_eq!(app.view, View::Neighbourhood);
    // The same letter twice is the command twice, not a word (`qq` quits).
    let mut again = self::app();
    press(&mut again, KeyCode::Tab);
    assert_eq!(press(&mut again, KeyCode::Char('q')), Effect::None);
    assert_eq!(press(&mut again, KeyCode::Char('q')), Effect::Quit);
}

#[test]
fn unbound_keys_say_so_and_half_pages_move() {
    let mut app = app();
    press(&mut app, KeyCode::Tab);
    press(&mut app, KeyCode::F(9));
    assert_eq!(
        app.message.as_deref(),
        Some("unbound key F9: try ? for help")
    );
    ctrl(&mut app, 'd');
    assert!(app.results.pos.selected > 1, "Ctrl-d moves half a page");
    ctrl(&mut app, 'u');
    assert_eq!(app.results.pos.selected, 0);
}

/// The trail to save: every place with when and how it was reached; a fresh app with the same
/// graph brings it back (`kgx --resume`), places whose entity is gone skipped with a note.
#[test]
fn the_trail_records_each_place_and_resume_brings_it_back() {
    let mut app = app();
    assert!(
        app.trail("g".into()).is_none(),
        "nothing opened, nothing to save"
    );
    app.history.now = 1000;
    type_text(&mut app, "openai");
    press(&mut app, KeyCode::Enter);
    app.history.now = 2000;
    select_relation_to(&mut app, "aws-openai-38b");
    press(&mut app, KeyCode::Enter);
    app.history.now = 3000;
    select_relation_to(&mut app, "aws");
    press(&mut app, KeyCode::Enter);
    press(&mut app, KeyCode::Char('['));
    // Going back and forth later keeps each place's own time.
    app.history.now = 3500;
    for key in "[[]]".chars() {
        press(&mut app, KeyCode::Char(key));
    }
    app.history.now = 4000;
    let trail = app.trail("g".into()).unwrap();
    let steps: Vec<(&str, u64, crate::trail::How, Option<&str>)> = trail
        .steps
        .iter()
        .map(|s| (s.id.as_str(), s.at, s.how, s.from.as_deref()))
        .collect();
    use crate::trail::How as H;
    assert_eq!(
        steps,
        [
            ("openai", 1000, H::Searched, None),
            ("openai", 1000, H::Searched, None),
            ("aws-openai-38b", 2000, H::Followed, Some("openai")),
            ("aws", 3000, H::Followed, Some("aws-openai-38b")),
        ]
    );
    assert_eq!((trail.current, trail.saved), (2, 4000));
    assert_eq!(trail.query, "openai");

    let mut resumed = self::app();
    resumed.resume(&trail);
    assert_eq!(resumed.search.query, "openai");
    assert_eq!(resumed.focus, Focus::Relations);
    assert_eq!(id(&resumed, resumed.relations.opened), "aws-openai-38b");
    assert_eq!(
        crumb_labels(&resumed, 120),
        ["OpenAI", "AWS-OpenAI $38B compute…", "+Amazon Web Services"]
    );
    assert!(
        resumed
            .message
            .as_deref()
            .unwrap()
            .starts_with("resumed the trail saved 1970-01-01 01:06 UTC: 4 places"),
        "{:?}",
        resumed.message
    );
    press(&mut resumed, KeyCode::Char(']'));
    assert_eq!(id(&resumed, resumed.relations.opened), "aws");

    let mut gone = trail.clone();
    gone.steps[3].id = "no-such-entity".into();
    gone.steps[2].id = "nor-this".into();
    let mut resumed = self::app();
    resumed.resume(&gone);
    assert_eq!(
        id(&resumed, resumed.shown()),
        "openai",
        "the nearest kept place"
    );
    assert!(
        resumed
            .message
            .as_deref()
            .unwrap()
            .ends_with("2 places; 2 no longer in the graph, skipped"),
        "{:?}",
        resumed.message
    );
}

/// The view on screen at quit comes back with the trail (here the timeline, opened on OpenAI).
#[test]
fn resume_reopens_the_view_that_was_on_screen() {
    let mut app = app();
    type_text(&mut app, "openai");
    press(&mut app, KeyCode::Enter);
    press(&mut app, KeyCode::Char('t'));
    assert_eq!(app.view, View::Timeline);
    let trail = app.trail("g".into()).unwrap();
    assert_eq!(trail.view, "timeline");
    let mut resumed = self::app();
    resumed.resume(&trail);
    assert_eq!(resumed.view, View::Timeline);
    press(&mut resumed, KeyCode::Esc);
    assert_eq!(resumed.view, View::Explore);
    assert_eq!(id(&resumed, resumed.relations.opened), "openai");
}

/// The neighbourhood on screen at quit comes back centred on the same entity.
#[test]
fn resume_reopens_the_neighbourhood_on_its_entity() {
    let mut app = app();
    type_text(&mut app, "openai");
    press(&mut app, KeyCode::Enter);
    press(&mut app, KeyCode::Char('n'));
    assert_eq!(app.view, View::Neighbourhood);
    let trail = app.trail("g".into()).unwrap();
    assert_eq!(trail.view, "neighbourhood");
    let mut resumed = self::app();
    resumed.resume(&trail);
    assert_eq!(resumed.view, View::Neighbourhood);
    assert_eq!(id(&resumed, resumed.shown()), "openai");
    press(&mut resumed, KeyCode::Esc);
    assert_eq!(resumed.view, View::Explore);
}

/// A history longer than a trail file holds is saved as its newest places, and reads back.
#[test]
fn a_very_long_history_is_saved_as_its_newest_places() {
    let mut app = app();
    open_openai_deal_aws(&mut app);
    let places: Vec<Place> = app.history.back.clone();
    for i in 0..crate::trail::MAX_STEPS + 50 {
        app.history.back.push(places[i % places.len()]);
    }
    let trail = app.trail("g".into()).unwrap();
    assert_eq!(trail.steps.len(), crate::trail::MAX_STEPS);
    assert_eq!(trail.current, crate::trail::MAX_STEPS - 1);
    assert_eq!(trail.steps[trail.current].id, "aws");
    let text = trail.to_json();
    assert!(crate::trail::Trail::parse(&text, std::path::Path::new("t")).is_ok());
}

/// Found by the app property test: a click on the relations pane of an entity the explorer had
/// left for the search line selected a group header once the click brought the pane back.
#[test]
fn a_click_on_an_unfocused_relations_pane_selects_a_relation() {
    let mut app = app();
    for action in [
        Action::Activate,
        Action::Insert('a'),
        Action::CloseView,
        Action::FocusSearch,
    ] {
        update(&mut app, action);
    }
    let on_screen = app.relations.entity;
    assert_ne!(
        app.shown(),
        on_screen,
        "the case: the pane shows another entity's rows"
    );
    let clicked = match app.relations.rows[2] {
        RelRow::Item { rel, .. } => app.graph.relation(rel).other(on_screen.unwrap()).ix(),
        other => panic!("row 2 is {other:?}"),
    };
    // Row 2 of the pane at 120x40 (its rows start at y 22).
    update(
        &mut app,
        Action::Click {
            col: 49,
            row: 24,
            double: false,
        },
    );
    assert_eq!(
        app.shown(),
        Some(clicked),
        "the clicked relation is followed"
    );
    assert_eq!(app.focus, Focus::Relations);
    assert!(app.relations.rows[app.relations.pos.selected].is_item());
}
