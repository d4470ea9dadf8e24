//! Update tests for issue 16's view items on the default graph: the timeline's order, year jump
//! and filter (item 9), two hops and `+N more` in the neighbourhood (item 7), and the mouse in
//! every view (item 11). Keys go through [`App::action_for_key`], clicks are [`Action::Click`]
//! at the cells the renderer draws on; assertions are on the state.

use ratatui::crossterm::event::KeyCode;

use super::super::{App, Focus, View, update as app_update};
use super::tests::{app_at, press, type_text};
use super::*;

fn open(app: &mut App, entity: &str) {
    type_text(app, entity);
    press(app, KeyCode::Enter);
    assert_eq!(app.graph.entity(app.shown().unwrap()).id(), entity);
}

fn click(app: &mut App, col: u16, row: u16, double: bool) {
    app_update(app, Action::Click { col, row, double });
}

/// The timeline, opened from the results pane.
fn timeline(w: u16, h: u16) -> App {
    let mut app = app_at(w, h);
    press(&mut app, KeyCode::Tab);
    press(&mut app, KeyCode::Char('t'));
    assert_eq!(app.view, View::Timeline);
    app
}

fn listed(app: &App) -> Vec<DealRow> {
    app.views.timeline.listed().cloned().collect()
}

#[test]
fn s_cycles_the_timeline_through_date_up_date_down_and_amount() {
    let mut app = timeline(120, 40);
    let dated = |rows: &[DealRow]| -> Vec<String> {
        rows.iter()
            .filter_map(|r| r.date.clone())
            .collect::<Vec<_>>()
    };
    let up = dated(&listed(&app));
    assert!(up.windows(2).all(|w| w[0] <= w[1]));
    press(&mut app, KeyCode::Char('s'));
    assert_eq!(app.views.timeline.sort, TimelineSort::DateDown);
    let rows = listed(&app);
    let down = dated(&rows);
    assert!(down.windows(2).all(|w| w[0] >= w[1]), "{down:?}");
    assert_eq!(down.len(), up.len());
    if rows.iter().any(|r| r.date.is_none()) {
        assert!(
            rows.last().unwrap().date.is_none(),
            "undated deals stay last"
        );
    }
    press(&mut app, KeyCode::Char('s'));
    assert_eq!(app.views.timeline.sort, TimelineSort::AmountDown);
    let amounts: Vec<f64> = listed(&app).iter().filter_map(|r| r.amount_usd).collect();
    assert!(amounts.windows(2).all(|w| w[0] >= w[1]), "{amounts:?}");
    press(&mut app, KeyCode::Char('s'));
    assert_eq!(app.views.timeline.sort, TimelineSort::DateUp);
    assert_eq!(
        app.view,
        View::Timeline,
        "s is the timeline's, not a search"
    );
}

#[test]
fn colon_and_a_year_jump_to_its_first_deal_in_the_order_shown() {
    let mut app = timeline(120, 40);
    type_text(&mut app, ":2025");
    assert_eq!(app.views.timeline.prompt, None, "four digits jump at once");
    let first_2025 = app.views.timeline.selected().unwrap().clone();
    assert!(first_2025.date.as_deref().unwrap().starts_with("2025"));
    let before: Vec<_> = listed(&app)
        .into_iter()
        .take(app.views.timeline.pos.selected)
        .collect();
    assert!(before.iter().all(|r| r.date.as_deref().unwrap() < "2025"));
    // By amount, the same keys find the year's biggest deal: the question "the biggest 2025
    // deal" in two keys and a year.
    press(&mut app, KeyCode::Char('s'));
    press(&mut app, KeyCode::Char('s'));
    type_text(&mut app, ":2025");
    let biggest = app.views.timeline.selected().unwrap().clone();
    let max_2025 = listed(&app)
        .iter()
        .filter(|r| r.date.as_deref().is_some_and(|d| d.starts_with("2025")))
        .filter_map(|r| r.amount_usd)
        .fold(0.0, f64::max);
    assert_eq!(biggest.amount_usd, Some(max_2025));
    // A year with no deal says so and stays; Esc cancels a half-typed year.
    type_text(&mut app, ":1990");
    assert!(app.message.as_deref().unwrap().contains("1990"));
    type_text(&mut app, ":20");
    press(&mut app, KeyCode::Esc);
    assert_eq!(app.views.timeline.prompt, None);
    assert_eq!(app.view, View::Timeline);
}

#[test]
fn slash_filters_the_timeline_by_party_or_name_and_esc_clears_it() {
    let mut app = timeline(120, 40);
    let all = app.views.timeline.rows.len();
    type_text(&mut app, "/anthropic");
    assert_eq!(app.views.timeline.filter, "anthropic");
    assert_eq!(app.view, View::Timeline, "letters type into the filter");
    let rows = listed(&app);
    assert!(!rows.is_empty() && rows.len() < all);
    for r in &rows {
        let parties: Vec<&str> = r
            .parties
            .iter()
            .map(|&p| app.graph.entity(p).name())
            .collect();
        assert!(
            r.name.to_lowercase().contains("anthropic")
                || parties
                    .iter()
                    .any(|p| p.to_lowercase().contains("anthropic")),
            "{} — {parties:?}",
            r.name
        );
    }
    // Enter keeps the filter and gives the keys back: j moves.
    press(&mut app, KeyCode::Enter);
    assert_eq!(app.views.timeline.prompt, None);
    press(&mut app, KeyCode::Char('j'));
    assert_eq!(app.views.timeline.pos.selected, 1);
    assert_eq!(listed(&app).len(), rows.len());
    // A party's name: Project Rainier is a party of AWS's `operates` relation only.
    press(&mut app, KeyCode::Esc);
    assert_eq!(listed(&app).len(), all, "Esc clears the filter");
    assert_eq!(app.view, View::Timeline);
    press(&mut app, KeyCode::Esc);
    assert_eq!(app.view, View::Explore, "then Esc leaves");
}

#[test]
fn floors_and_relations_are_marked_on_the_timeline() {
    let app = timeline(120, 40);
    let rows = &app.views.timeline.rows;
    let stargate = rows
        .iter()
        .find(|r| r.name.starts_with("Stargate five new US sites"))
        .unwrap();
    assert!(stargate.at_least, "the data says at_least: ≥ $400B");
    let rainier = rows.iter().find(|r| r.name == "operates").unwrap();
    assert!(rainier.is_relation());
    assert!(!stargate.is_relation());
}

/// The selectable rows drawn in a column, as (group, member) of each neighbour.
fn items(app: &App, col: usize) -> Vec<(usize, usize)> {
    let height = NeighbourhoodGeometry::new(app.size).sides[0].height as usize;
    app.views
        .neighbourhood
        .rows(col, height)
        .into_iter()
        .filter_map(|r| match r {
            NeighbourhoodRow::Item { group, member } => Some((group, member)),
            _ => None,
        })
        .collect()
}

#[test]
fn two_hops_keep_every_neighbour_that_one_hop_shows() {
    for (w, h) in [(120, 40), (80, 24)] {
        let mut app = app_at(w, h);
        open(&mut app, "nvidia");
        press(&mut app, KeyCode::Char('n'));
        let one = [items(&app, 0), items(&app, 1)];
        press(&mut app, KeyCode::Char('2'));
        assert_eq!(app.views.neighbourhood.hops, 2);
        assert_eq!([items(&app, 0), items(&app, 1)], one, "{w}x{h}");
        if h == 40 {
            // Nvidia's investor deals: every one listed with one hop and with two.
            let v = &app.views.neighbourhood;
            let investor = v.columns[1]
                .iter()
                .position(|g| g.rtype == "investor")
                .unwrap();
            let shown = one[1].iter().filter(|(g, _)| *g == investor).count();
            assert_eq!(shown, v.columns[1][investor].members.len());
            assert!(shown >= 10);
        }
    }
}

#[test]
fn more_rows_are_selectable_and_enter_expands_them() {
    let mut app = app_at(80, 24);
    open(&mut app, "nvidia");
    press(&mut app, KeyCode::Char('n'));
    let mut found = None;
    for _ in 0..40 {
        if let Some((_, _, NeighbourhoodRow::More { group, hidden })) =
            app.views.neighbourhood.selected_row(app.size)
        {
            found = Some((group, hidden));
            break;
        }
        press(&mut app, KeyCode::Down);
    }
    let (group, hidden) = found.expect("a +N more row can be selected");
    let count = |app: &App| items(app, 1).iter().filter(|(g, _)| *g == group).count();
    let before = count(&app);
    press(&mut app, KeyCode::Enter);
    assert_eq!(app.view, View::Neighbourhood);
    assert!(count(&app) > before, "Enter lists more of the group");
    // The selection is on the first neighbour the marker hid.
    let (_, _, row) = app.views.neighbourhood.selected_row(app.size).unwrap();
    assert_eq!(
        row,
        NeighbourhoodRow::Item {
            group,
            member: before
        }
    );
    let still_hidden = app
        .views
        .neighbourhood
        .rows(
            1,
            NeighbourhoodGeometry::new(app.size).sides[0].height as usize,
        )
        .iter()
        .find_map(|r| match r {
            NeighbourhoodRow::More { group: g, hidden } if *g == group => Some(*hidden),
            _ => None,
        })
        .unwrap_or(0);
    assert!(still_hidden < hidden);
}

#[test]
fn the_centre_box_stands_beside_the_rows_it_joins() {
    let mut app = app_at(120, 40);
    open(&mut app, "openai");
    press(&mut app, KeyCode::Char('n'));
    // Follow to an entity with few neighbours: its lists are short.
    open_few(&mut app);
    let v = &app.views.neighbourhood;
    let geo = v.geometry(&app.graph, app.size);
    let height = geo.sides[0].height as usize;
    let used = v.rows(0, height).len().max(v.rows(1, height).len()) as u16;
    assert!(used < 10, "a short list: {used} rows");
    let top = geo.sides[0].y;
    assert!(
        geo.centre.y < top + used.max(geo.centre.height),
        "centre at row {}, lists at rows {top}..{}",
        geo.centre.y,
        top + used
    );
}

/// Recentres the neighbourhood on Sam Altman (one relation).
fn open_few(app: &mut App) {
    let sam = app.graph.find("sam-altman").unwrap();
    app.go_to(sam);
    neighbourhood::recentre(app);
}

#[test]
fn clicks_select_and_double_clicks_open_in_the_timeline() {
    let mut app = timeline(120, 40);
    let rows = timeline::rows_area(app.size);
    click(&mut app, rows.x + 5, rows.y + 3, false);
    assert_eq!(app.views.timeline.pos.selected, 3);
    let deal = app.views.timeline.selected().unwrap().source;
    // The wheel scrolls the list.
    app_update(
        &mut app,
        Action::Scroll {
            col: rows.x,
            row: rows.y,
            delta: 1,
        },
    );
    assert_eq!(app.views.timeline.pos.selected, 6);
    click(&mut app, rows.x + 5, rows.y + 3, false);
    click(&mut app, rows.x + 5, rows.y + 3, true);
    assert_eq!(app.view, View::Explore);
    assert_eq!(app.shown(), Some(deal_entity(&app, deal)));
}

#[test]
fn clicks_select_and_double_clicks_open_in_the_cycles_view() {
    let mut app = app_at(120, 40);
    open(&mut app, "openai");
    press(&mut app, KeyCode::Char('c'));
    assert_eq!(app.view, View::Cycles);
    let list = list_area(body_inner(app.size));
    let v = &app.views.cycles;
    let offset = v.pos.visible_offset(list.height as usize);
    // A deal row on screen other than the selected one.
    let target = (offset..offset + list.height as usize)
        .find(|&i| matches!(v.rows.get(i), Some(RingRow::Deal { .. })) && i != v.pos.selected)
        .unwrap();
    let y = list.y + (target - offset) as u16;
    click(&mut app, list.x + 2, y, false);
    assert_eq!(app.views.cycles.pos.selected, target);
    // A heading is not selected.
    let heading = (offset..target)
        .find(|&i| matches!(app.views.cycles.rows[i], RingRow::Heading { .. }))
        .unwrap();
    click(
        &mut app,
        list.x + 2,
        list.y + (heading - offset) as u16,
        false,
    );
    assert_eq!(app.views.cycles.pos.selected, target);
    click(&mut app, list.x + 2, y, true);
    assert_eq!(app.view, View::Explore, "a double click opens the deal");
}

#[test]
fn clicks_select_and_double_clicks_open_in_the_overview() {
    let mut app = app_at(120, 40);
    press(&mut app, KeyCode::Tab);
    press(&mut app, KeyCode::Char('i'));
    assert_eq!(app.view, View::Overview);
    let inner = body_inner(app.size);
    let lines = overview::current_lines(&app);
    let target = (0..inner.height as usize)
        .filter(|&i| lines[i].target.is_some())
        .nth(2)
        .unwrap();
    click(&mut app, inner.x + 2, inner.y + target as u16, false);
    assert_eq!(app.views.overview.pos.selected, target);
    click(&mut app, inner.x + 2, inner.y + target as u16, true);
    let acted = app.view != View::Overview || app.views.overview.list.is_some();
    assert!(acted, "a double click does what Enter does");
}

#[test]
fn clicks_select_and_double_clicks_open_in_the_paths_and_compare_views() {
    let mut app = app_at(120, 40);
    open(&mut app, "amazon");
    press(&mut app, KeyCode::Char('p'));
    type_text(&mut app, "micro");
    let list = list_area(body_inner(app.size));
    assert!(app.views.paths.hits.len() > 1);
    click(&mut app, list.x + 2, list.y + 1, false);
    assert_eq!(app.views.paths.hit_pos.selected, 1);
    click(&mut app, list.x + 2, list.y, false);
    click(&mut app, list.x + 2, list.y, true);
    assert!(!app.views.paths.picking, "a double click picks the target");
    assert!(!app.views.paths.rows.is_empty());

    let mut app = app_at(120, 40);
    open(&mut app, "microsoft");
    press(&mut app, KeyCode::Char('='));
    press(&mut app, KeyCode::Esc);
    press(&mut app, KeyCode::Esc);
    open(&mut app, "amazon");
    press(&mut app, KeyCode::Char('='));
    assert_eq!(app.view, View::Compare);
    let v = &app.views.compare;
    let offset = v.pos.visible_offset(list.height as usize);
    let target = (offset..offset + list.height as usize)
        .filter(|&i| i < v.rows.len() && i != v.pos.selected)
        .find(|&i| {
            !matches!(
                v.rows[i],
                CompareRow::Heading { .. } | CompareRow::Blank | CompareRow::Attribute { .. }
            )
        })
        .unwrap();
    click(
        &mut app,
        list.x + 2,
        list.y + (target - offset) as u16,
        false,
    );
    assert_eq!(app.views.compare.pos.selected, target);
    // The side clicked is the side Enter opens.
    let (_, [left_x, right_x], _) = compare::columns(&app.views.compare, body_inner(app.size));
    let y = list.y + (target - offset) as u16;
    click(&mut app, right_x + 2, y, false);
    assert_eq!(app.views.compare.side, 1);
    click(&mut app, left_x + 2, y, false);
    assert_eq!(app.views.compare.side, 0);
}

#[test]
fn clicks_select_and_double_clicks_recentre_in_the_neighbourhood() {
    let mut app = app_at(120, 40);
    open(&mut app, "nvidia");
    press(&mut app, KeyCode::Char('n'));
    let v = &app.views.neighbourhood;
    let geo = v.geometry(&app.graph, app.size);
    let rows = v.rows(1, geo.sides[1].height as usize);
    let i = rows
        .iter()
        .enumerate()
        .filter(|(_, r)| matches!(r, NeighbourhoodRow::Item { .. }))
        .nth(3)
        .unwrap()
        .0;
    let (x, y) = (geo.sides[1].x + 6, geo.sides[1].y + i as u16);
    let want = v.entity_of(1, rows[i]).unwrap();
    click(&mut app, x, y, false);
    assert_eq!(app.views.neighbourhood.selection(app.size).unwrap().2, want);
    // A header is not selected; the centre box does nothing.
    click(&mut app, geo.sides[1].x + 2, geo.sides[1].y, false);
    click(&mut app, geo.centre.x + 2, geo.centre.y + 1, true);
    assert_eq!(app.views.neighbourhood.selection(app.size).unwrap().2, want);
    click(&mut app, x, y, true);
    assert_eq!(app.views.neighbourhood.centre, Some(want));
    // On the left column too.
    let geo = app.views.neighbourhood.geometry(&app.graph, app.size);
    let rows = app
        .views
        .neighbourhood
        .rows(0, geo.sides[0].height as usize);
    if let Some(i) = rows
        .iter()
        .position(|r| matches!(r, NeighbourhoodRow::Item { .. }))
    {
        click(
            &mut app,
            geo.sides[0].x + geo.sides[0].width - 2,
            geo.sides[0].y + i as u16,
            false,
        );
        assert_eq!(app.views.neighbourhood.selected.0, 0);
    }
}

#[test]
fn the_wheel_scrolls_the_relations_pane_under_the_pointer_even_unfocused() {
    let mut app = app_at(120, 40);
    type_text(&mut app, "openai");
    assert_eq!(app.focus, Focus::Search);
    let pane = app.panes().unwrap().relations;
    let before = app.relations.pos.selected;
    app_update(
        &mut app,
        Action::Scroll {
            col: pane.x + 3,
            row: pane.y + 3,
            delta: 1,
        },
    );
    assert!(
        app.relations.pos.selected > before,
        "the relations pane scrolled"
    );
    assert_eq!(app.focus, Focus::Search, "focus stays where it was");
}

#[test]
fn enter_on_a_second_hop_more_lists_more_of_that_neighbours_neighbours() {
    let mut app = app_at(120, 40);
    open(&mut app, "openai");
    press(&mut app, KeyCode::Char('n'));
    press(&mut app, KeyCode::Char('2'));
    // The left column: its few neighbours leave rows for their own neighbours.
    press(&mut app, KeyCode::Left);
    let mut found = None;
    for _ in 0..60 {
        if let Some((_, _, NeighbourhoodRow::SecondMore { group, member })) =
            app.views.neighbourhood.selected_row(app.size)
        {
            found = Some((group, member));
            break;
        }
        press(&mut app, KeyCode::Down);
    }
    let (group, member) = found.expect("a second hop's +N more can be selected");
    let seconds = |app: &App| {
        let height = NeighbourhoodGeometry::new(app.size).sides[0].height as usize;
        app.views
            .neighbourhood
            .rows(0, height)
            .iter()
            .filter(|r| {
                matches!(r, NeighbourhoodRow::Second { group: g, member: m, .. }
                    if (*g, *m) == (group, member))
            })
            .count()
    };
    let before = seconds(&app);
    press(&mut app, KeyCode::Enter);
    assert_eq!(app.view, View::Neighbourhood);
    assert!(
        seconds(&app) > before,
        "{before} second-hop rows, then {}",
        seconds(&app)
    );
}

#[test]
fn a_click_on_a_year_of_the_chart_jumps_to_it() {
    let mut app = timeline(120, 40);
    let (chart, _) = timeline::geometry(app.size);
    let years: Vec<String> = app
        .views
        .timeline
        .years
        .iter()
        .map(|y| y.year.clone())
        .collect();
    let (inner, bar_w) = timeline::year_bars(chart, years.len());
    let i = years.iter().position(|y| y == "2025").unwrap();
    let x = inner.x + i as u16 * (bar_w + 1) + bar_w / 2;
    click(&mut app, x, inner.y + inner.height - 1, false);
    let row = app.views.timeline.selected().unwrap();
    assert!(row.date.as_deref().unwrap().starts_with("2025"));
    let before: Vec<_> = listed(&app)
        .into_iter()
        .take(app.views.timeline.pos.selected)
        .collect();
    assert!(before.iter().all(|r| r.date.as_deref().unwrap() < "2025"));
}
