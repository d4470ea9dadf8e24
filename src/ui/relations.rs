//! The relations pane: outgoing then incoming relations of the shown entity, grouped by type with
//! counts; each row shows direction, the other entity's name and its kind, or for a deal its
//! amount, date and status. The type stands once in its group's header: repeating it on every row cost the
//! columns a deal's details need (at 120 columns they were cut).

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Widget;

use super::{Theme, fit, pad, safe};
use crate::app::layout::inner;
use crate::app::{App, Focus, Grouping, RelRow, RelWidths, widths_at};
use crate::display::deal_brief;
use crate::graph::EntityIx;

/// A name is cut to no fewer columns than this before a deal's amount, date and status are.
const MIN_NAME: usize = 8;
/// Columns left blank before the right border, so text never touches it.
const RIGHT_MARGIN: usize = 1;

pub(super) fn render(app: &App, area: Rect, buf: &mut Buffer) {
    let theme = Theme::of(app);
    let focused = app.focus == Focus::Relations;
    let title = match app.relations.grouping {
        Grouping::Relations => format!(" Relations {} ", app.relations.widths.items),
        Grouping::Partners => format!(" Partners {} · ` relations ", app.relations.partners.len()),
    };
    theme.block(title, focused).render(area, buf);
    let rows = inner(area);
    let Some(shown) = app.shown() else { return };
    if rows.is_empty() {
        return;
    }
    if app.relations.rows.is_empty() {
        let what = match app.relations.grouping {
            Grouping::Relations => "no relations",
            Grouping::Partners => "no partners: no deals or relations with other parties",
        };
        let line = Line::styled(what, theme.dim());
        buf.set_line(rows.x + 1, rows.y, &line, rows.width.saturating_sub(1));
        return;
    }
    if app.relations.grouping == Grouping::Partners {
        let narrowed = Rect {
            width: rows.width.saturating_sub(RIGHT_MARGIN as u16),
            ..rows
        };
        super::partners::render_rows(app, theme, narrowed, buf);
        return;
    }
    let room = (rows.width as usize).saturating_sub(RIGHT_MARGIN);
    let offset = app.relations.pos.visible_offset(rows.height as usize);
    let visible = app.relations.rows.iter().enumerate().skip(offset);
    for ((i, r), y) in visible.zip(rows.y..rows.y + rows.height) {
        // Kinds line up down the whole pane (they are short); a deal's name takes what its
        // group's briefs leave, so one long brief elsewhere does not narrow every deal's name.
        let group = widths_at(&app.relations.group_widths, app.relations.widths, i);
        let widths = RelWidths {
            deal_name: group.deal_name,
            brief: group.brief,
            ..app.relations.widths
        };
        let spans = row(app, theme, shown, r, widths, room);
        let mut line = Line::from(fit(spans, room));
        if focused && i == app.relations.pos.selected {
            line = line.patch_style(theme.selected());
        }
        buf.set_line(rows.x, y, &line, rows.width);
    }
}

/// The width of the name column on a row whose last column is `detail` columns wide (the other
/// entity's kind, or a deal's brief: amount · date · status): the name takes whatever that column
/// leaves of a pane `room` columns wide, up to the `widest` name of such rows. A wide pane shows whole names; a
/// narrow one cuts the name with `…` before a deal's amount, date and status. Rows of deals and
/// rows of other kinds each share one width (a group holds one or the other), so columns line up
/// down a group and a group of chips does not give up its names to the briefs of another.
fn name_width(widest: usize, detail: usize, room: usize) -> usize {
    // arrow (4) + symbol (2) + name + gap (2) + detail
    let free = room.saturating_sub(4 + 2 + 2 + detail);
    widest.min(free.max(MIN_NAME))
}

/// The direction mark of a relation: none (`—`) on an undirected graph.
fn arrow(graph: &crate::graph::Graph, outgoing: bool) -> &'static str {
    match (graph.is_undirected(), outgoing) {
        (true, _) => "—",
        (false, true) => "→",
        (false, false) => "←",
    }
}

fn row(
    app: &App,
    theme: Theme,
    shown: EntityIx,
    r: &RelRow,
    widths: RelWidths,
    room: usize,
) -> Vec<Span<'static>> {
    let graph = &app.graph;
    match *r {
        RelRow::Header {
            outgoing,
            first,
            count,
        } => {
            let direction = match (graph.is_undirected(), outgoing) {
                (true, _) => "",
                (false, true) => " outgoing",
                (false, false) => " incoming",
            };
            vec![Span::styled(
                format!(
                    "{} {} ({count}{direction})",
                    arrow(graph, outgoing),
                    safe(graph.relation(first).rtype())
                ),
                theme.heading(),
            )]
        }
        RelRow::Item { rel, outgoing } => {
            let rel = graph.relation(rel);
            let other = rel.other(shown);
            let (symbol, kind_style) = theme.kind(other.kind());
            // A deal's `$` symbol already says what it is: its brief stands where a kind would.
            let (detail, name_w) = match deal_brief(&other) {
                Some(brief) => (
                    Span::styled(brief, theme.money()),
                    name_width(widths.deal_name, widths.brief, room),
                ),
                None => (
                    Span::styled(safe(other.kind()).into_owned(), kind_style),
                    name_width(widths.name, widths.kind, room),
                ),
            };
            vec![
                Span::raw(format!("  {} ", arrow(graph, outgoing))),
                Span::styled(format!("{symbol} "), kind_style),
                Span::raw(pad(&safe(other.name()), name_w)),
                Span::raw("  "),
                detail,
            ]
        }
        // Drawn by `ui/partners.rs`: this grouping never holds them.
        RelRow::Partner { .. }
        | RelRow::PartnerDeal { .. }
        | RelRow::PartnerLink { .. }
        | RelRow::Waiting => Vec::new(),
    }
}
