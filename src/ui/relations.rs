//! The relations pane: outgoing then incoming relations of the shown entity, grouped by type with
//! counts; each row shows direction, the other entity's name and kind, and a deal's amount, date
//! and status. The type stands once in its group's header: repeating it on every row cost the
//! columns a deal's details need (at 120 columns they were cut).

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Widget;

use super::{Theme, fit, pad, safe};
use crate::app::layout::inner;
use crate::app::{App, Focus, Grouping, RelRow, RelWidths};
use crate::display::deal_brief;
use crate::graph::EntityIx;

const MAX_NAME: usize = 30;
const MAX_KIND: usize = 10;
/// Names keep this many columns (when they need them) before a deal's details do.
const MIN_NAME: usize = 20;

/// Column widths shared by every row, so the columns line up.
struct Columns {
    name: usize,
    kind: usize,
}

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
        super::partners::render_rows(app, theme, rows, buf);
        return;
    }
    let cols = columns(app.relations.widths, rows.width as usize);
    let offset = app.relations.pos.visible_offset(rows.height as usize);
    let visible = app.relations.rows.iter().enumerate().skip(offset);
    for ((i, r), y) in visible.zip(rows.y..rows.y + rows.height) {
        let spans = row(app, theme, shown, r, &cols);
        let mut line = Line::from(fit(spans, rows.width as usize));
        if focused && i == app.relations.pos.selected {
            line = line.patch_style(theme.selected());
        }
        buf.set_line(rows.x, y, &line, rows.width);
    }
}

/// Column widths for a pane `room` columns wide: names shrink to [`MIN_NAME`] so a deal's
/// amount, date and status stay in view; below that the deal details are cut instead.
fn columns(widths: RelWidths, room: usize) -> Columns {
    let brief = widths.brief;
    let mut c = Columns {
        name: widths.name,
        kind: widths.kind,
    };
    c.kind = c.kind.min(MAX_KIND);
    // arrow (4) + symbol (2) + name + gap (2) + kind + brief
    let fixed = 4 + 2 + 2 + c.kind + brief;
    let natural = c.name.min(MAX_NAME);
    c.name = natural.min(room.saturating_sub(fixed).max(natural.min(MIN_NAME)));
    c
}

/// The direction mark of a relation: none (`—`) on an undirected graph.
fn arrow(graph: &crate::graph::Graph, outgoing: bool) -> &'static str {
    match (graph.is_undirected(), outgoing) {
        (true, _) => "—",
        (false, true) => "→",
        (false, false) => "←",
    }
}

fn row(app: &App, theme: Theme, shown: EntityIx, r: &RelRow, cols: &Columns) -> Vec<Span<'static>> {
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
            let mut spans = vec![
                Span::raw(format!("  {} ", arrow(graph, outgoing))),
                Span::styled(format!("{symbol} "), kind_style),
                Span::raw(pad(&safe(other.name()), cols.name)),
                Span::raw("  "),
                Span::styled(pad(&safe(other.kind()), cols.kind), kind_style),
            ];
            if let Some(brief) = deal_brief(&other) {
                spans.push(Span::raw("  "));
                spans.push(Span::styled(brief, theme.money()));
            }
            spans
        }
        // Drawn by `ui/partners.rs`: this grouping never holds them.
        RelRow::Partner { .. }
        | RelRow::PartnerDeal { .. }
        | RelRow::PartnerLink { .. }
        | RelRow::Waiting => Vec::new(),
    }
}
