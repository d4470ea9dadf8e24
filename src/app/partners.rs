//! The relations pane's second grouping, **partners** (`` ` `` toggles it): one row per
//! counterparty of the shown entity (owner and units merged, "Amazon / Amazon Web Services")
//! with the money each way, the number of deals and the dates, expandable (→/l) to its deals and
//! direct relations. Enter on a partner follows to the partner itself, on a deal opens the deal.
//!
//! The partners come from `analysis::partners` over the money graph of the money index, so on a
//! large graph the pane says it is waiting until the background computation is done. What this
//! file does not do: draw (`ui/relations.rs`) or group (`analysis/partners.rs`).

use super::{App, Focus, ListPos, RelRow};
use crate::analysis::partners_with;
use crate::graph::{EntityIx, Graph, RelationIx};

/// How the relations pane groups what it lists.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Grouping {
    /// Relations by type and direction (deals are rows of their own).
    #[default]
    Relations,
    /// One row per counterparty, deals folded under it.
    Partners,
}

/// One counterparty of the shown entity, owned (the pane outlives a borrow of the graph).
#[derive(Clone, Debug, PartialEq)]
pub struct PartnerSummary {
    /// The counterparty's party (the owner when a unit of it took part).
    pub party: EntityIx,
    /// The party and its units that took part, the party first.
    pub entities: Vec<EntityIx>,
    /// The deals both take part in, by date.
    pub deals: Vec<EntityIx>,
    /// Relations between the two that are not deal roles.
    pub relations: Vec<RelationIx>,
    /// Disclosed money from the shown entity's party to the counterparty.
    pub out_usd: f64,
    /// Disclosed money from the counterparty to the shown entity's party.
    pub in_usd: f64,
    /// The earliest date of a shared deal or relation.
    pub first_date: Option<String>,
    /// The latest date of a shared deal or relation.
    pub latest_date: Option<String>,
}

/// The partners of `e`, most money first, over `money` (built over `graph`).
pub(crate) fn partner_summaries(
    graph: &Graph,
    money: &crate::analysis::MoneyGraph,
    e: EntityIx,
) -> Vec<PartnerSummary> {
    partners_with(graph, money.units(), money, e)
        .into_iter()
        .map(summary_of)
        .collect()
}

/// `p` without its borrows of the graph.
pub(crate) fn summary_of(p: crate::analysis::Partner<'_>) -> PartnerSummary {
    PartnerSummary {
        party: p.party,
        entities: p.entities,
        deals: p.deals,
        relations: p.relations,
        out_usd: p.out_usd,
        in_usd: p.in_usd,
        first_date: p.first_date.map(str::to_string),
        latest_date: p.latest_date.map(str::to_string),
    }
}

/// The pane's rows for `partners`, with the deals and relations of the `expanded` parties.
pub(crate) fn partner_rows(partners: &[PartnerSummary], expanded: &[EntityIx]) -> Vec<RelRow> {
    let mut rows = Vec::with_capacity(partners.len());
    for (partner, p) in partners.iter().enumerate() {
        rows.push(RelRow::Partner { partner });
        if expanded.contains(&p.party) {
            rows.extend(
                p.deals
                    .iter()
                    .map(|&deal| RelRow::PartnerDeal { partner, deal }),
            );
            rows.extend(
                p.relations
                    .iter()
                    .map(|&rel| RelRow::PartnerLink { partner, rel }),
            );
        }
    }
    rows
}

impl App {
    /// Switches the relations pane (and the neighbourhood picture) between relations and
    /// partners; the choice stays for the session.
    pub(super) fn toggle_grouping(&mut self) {
        self.relations.grouping = match self.relations.grouping {
            Grouping::Relations => Grouping::Partners,
            Grouping::Partners => Grouping::Relations,
        };
        self.relations.expanded.clear();
        self.rebuild_relations();
    }

    /// The rows of the partners grouping for the shown entity; a waiting row while the money
    /// index is computed in the background.
    pub(super) fn build_partner_rows(&mut self, shown: EntityIx) {
        let Some(index) = self.money_index_now() else {
            self.relations.partners.clear();
            self.relations.rows = vec![RelRow::Waiting];
            return;
        };
        self.relations.partners = partner_summaries(&self.graph, &index.money, shown);
        self.relations.rows = partner_rows(&self.relations.partners, &self.relations.expanded);
    }

    /// The money index arrived: a partners pane that waited for it is built now.
    pub(super) fn money_index_arrived(&mut self) {
        if self.relations.rows == [RelRow::Waiting] {
            self.rebuild_relations();
        }
    }

    /// Expands (→/l) or collapses (←/h) the selected partner; on a deal row, ← collapses its
    /// partner and selects it.
    pub(super) fn expand_partner(&mut self, open: bool) {
        if self.focus != Focus::Relations || self.relations.grouping != Grouping::Partners {
            return;
        }
        let partner =
            match self.relations.rows.get(self.relations.pos.selected) {
                Some(&RelRow::Partner { partner }) => partner,
                Some(
                    &RelRow::PartnerDeal { partner, .. } | &RelRow::PartnerLink { partner, .. },
                ) if !open => partner,
                _ => return,
            };
        let party = self.relations.partners[partner].party;
        let expanded = &mut self.relations.expanded;
        let was = expanded.contains(&party);
        if open && !was {
            expanded.push(party);
        } else if !open && was {
            expanded.retain(|&p| p != party);
        } else {
            return;
        }
        self.relations.rows = partner_rows(&self.relations.partners, &self.relations.expanded);
        let row = self
            .relations
            .rows
            .iter()
            .position(|r| *r == RelRow::Partner { partner })
            .unwrap_or(0);
        self.relations.pos = ListPos {
            selected: row,
            offset: self.relations.pos.offset,
        };
        self.select_relation(row, 1);
    }

    /// Where Enter on a partners row goes: the partner itself, a deal, or the other end of a
    /// direct relation.
    pub(super) fn partner_target(&self, row: RelRow) -> Option<EntityIx> {
        match row {
            RelRow::Partner { partner } => Some(self.relations.partners[partner].party),
            RelRow::PartnerDeal { deal, .. } => Some(deal),
            RelRow::PartnerLink { partner, rel } => {
                let r = self.graph.relation(rel);
                let theirs = &self.relations.partners[partner].entities;
                Some(if theirs.contains(&r.source_ix()) {
                    r.source_ix()
                } else {
                    r.target_ix()
                })
            }
            RelRow::Header { .. } | RelRow::Item { .. } | RelRow::Waiting => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

    use super::super::{Action, View, update};
    use super::*;
    use crate::graph::load_default;

    fn app() -> App {
        let mut app = App::new(load_default().unwrap().graph, "default");
        update(&mut app, Action::Resize(120, 40));
        app
    }

    fn press(app: &mut App, code: KeyCode) {
        if let Some(action) = app.action_for_key(KeyEvent::new(code, KeyModifiers::NONE)) {
            update(app, action);
        }
    }

    fn open(app: &mut App, id: &str) {
        for c in id.chars() {
            press(app, KeyCode::Char(c));
        }
        press(app, KeyCode::Enter);
        assert_eq!(app.graph.entity(app.shown().unwrap()).id(), id);
    }

    fn shown_id(app: &App) -> &str {
        app.graph.entity(app.shown().unwrap()).id()
    }

    fn partner_ids(app: &App) -> Vec<String> {
        app.relations
            .partners
            .iter()
            .map(|p| app.graph.entity(p.party).id().to_string())
            .collect()
    }

    fn selected(app: &App) -> RelRow {
        app.relations.rows[app.relations.pos.selected]
    }

    #[test]
    fn backtick_groups_by_partner_and_the_choice_stays_for_the_session() {
        let mut app = app();
        open(&mut app, "openai");
        assert_eq!(app.relations.grouping, Grouping::Relations);
        press(&mut app, KeyCode::Char('`'));
        assert_eq!(app.relations.grouping, Grouping::Partners);
        let ids = partner_ids(&app);
        for id in ["microsoft", "amazon"] {
            assert!(
                ids[..3].iter().any(|i| i == id),
                "{id} in the first three: {ids:?}"
            );
        }
        assert!(
            app.relations
                .rows
                .iter()
                .all(|r| matches!(r, RelRow::Partner { .. })),
            "folded: one row per partner"
        );
        let amazon = &app.relations.partners[ids.iter().position(|i| i == "amazon").unwrap()];
        assert_eq!((amazon.out_usd, amazon.in_usd), (138e9, 50e9));
        // Following to another entity keeps the grouping; so does going back.
        press(&mut app, KeyCode::Enter);
        assert_eq!(shown_id(&app), ids[0]);
        assert_eq!(app.relations.grouping, Grouping::Partners);
        press(&mut app, KeyCode::Char('['));
        assert_eq!(shown_id(&app), "openai");
        assert_eq!(app.relations.grouping, Grouping::Partners);
        press(&mut app, KeyCode::Char('`'));
        assert_eq!(app.relations.grouping, Grouping::Relations);
        assert!(matches!(selected(&app), RelRow::Item { .. }));
    }

    #[test]
    fn right_expands_a_partner_enter_opens_a_deal_and_left_folds_it_again() {
        let mut app = app();
        open(&mut app, "openai");
        press(&mut app, KeyCode::Char('`'));
        // Down to Amazon, then expand it.
        while app
            .graph
            .entity(
                app.relations.partners[match selected(&app) {
                    RelRow::Partner { partner } => partner,
                    other => panic!("{other:?}"),
                }]
                .party,
            )
            .id()
            != "amazon"
        {
            press(&mut app, KeyCode::Char('j'));
        }
        let folded = app.relations.rows.len();
        press(&mut app, KeyCode::Char('l'));
        assert_eq!(
            app.relations.rows.len(),
            folded + 5 + 1,
            "5 deals, 1 relation"
        );
        assert!(matches!(selected(&app), RelRow::Partner { .. }));
        press(&mut app, KeyCode::Down);
        let RelRow::PartnerDeal { deal, .. } = selected(&app) else {
            panic!("a deal under Amazon: {:?}", selected(&app));
        };
        press(&mut app, KeyCode::Left);
        assert_eq!(
            app.relations.rows.len(),
            folded,
            "← on a deal folds its partner"
        );
        assert!(matches!(selected(&app), RelRow::Partner { .. }));
        press(&mut app, KeyCode::Right);
        press(&mut app, KeyCode::Down);
        press(&mut app, KeyCode::Enter);
        assert_eq!(app.shown(), Some(deal), "Enter on a deal opens the deal");
        assert_eq!(app.graph.entity(deal).kind(), "deal");
        press(&mut app, KeyCode::Char('['));
        assert_eq!(shown_id(&app), "openai");
    }

    #[test]
    fn enter_on_a_partner_follows_to_the_partner_itself() {
        let mut app = app();
        open(&mut app, "amazon");
        press(&mut app, KeyCode::Char('`'));
        let first = partner_ids(&app)[0].to_string();
        press(&mut app, KeyCode::Enter);
        assert_eq!(shown_id(&app), first);
        assert_eq!(app.view, View::Explore);
    }

    #[test]
    fn the_neighbourhood_shows_partners_not_deals_in_the_partners_grouping() {
        let mut app = app();
        open(&mut app, "openai");
        press(&mut app, KeyCode::Char('n'));
        let deals = |app: &App| {
            app.views.neighbourhood.columns[1]
                .iter()
                .flat_map(|g| &g.members)
                .filter(|m| app.graph.entity(m.entity).kind() == "deal")
                .count()
        };
        assert!(deals(&app) > 20, "by relation: the deals themselves");
        press(&mut app, KeyCode::Char('`'));
        assert_eq!(app.relations.grouping, Grouping::Partners);
        assert_eq!(deals(&app), 0, "by partner: no deal names");
        let group = &app.views.neighbourhood.columns[1][0];
        assert_eq!(group.rtype, crate::app::views::DEALS_WITH);
        let names: Vec<&str> = group
            .members
            .iter()
            .map(|m| app.graph.entity(m.entity).id())
            .collect();
        assert!(
            names.contains(&"amazon") && names.contains(&"microsoft"),
            "{names:?}"
        );
    }

    #[test]
    fn a_click_on_a_partner_selects_and_follows_it_as_in_the_relations_grouping() {
        let mut app = app();
        open(&mut app, "openai");
        press(&mut app, KeyCode::Char('`'));
        let rows = app.panes().unwrap().relation_rows();
        let second = app.relations.partners[1].party;
        update(
            &mut app,
            Action::Click {
                col: rows.x + 5,
                row: rows.y + 1,
                double: false,
            },
        );
        assert_eq!(app.shown(), Some(second));
        assert_eq!(app.relations.grouping, Grouping::Partners);
    }

    #[test]
    fn on_a_large_graph_the_pane_waits_for_the_money_index_then_lists_partners() {
        let mut app = app();
        app.set_search_mode(crate::app::SearchMode::Worker);
        open(&mut app, "openai");
        press(&mut app, KeyCode::Char('`'));
        assert_eq!(
            app.relations.rows,
            [RelRow::Waiting],
            "no frame waits for it"
        );
        let job = app.take_cycle_index_job().expect("the background job");
        std::thread::spawn(job).join().unwrap();
        crate::app::views::money_index_done(&mut app);
        assert!(partner_ids(&app).len() > 10);
        assert!(matches!(selected(&app), RelRow::Partner { .. }));
    }
}
