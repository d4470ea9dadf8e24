//! The relations pane grouped by partners: one row per counterparty, `▸ ● Amazon / Amazon Web
//! Services  $138B out · $50.0B in · 4 deals · 2025-11 → 2026-02`, and under an expanded one
//! (`▾`) its deals with their amount, date and status and its direct relations.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use unicode_width::UnicodeWidthStr;

use super::{Theme, fit, pad, safe};
use crate::app::{App, Focus, PartnerSummary, RelRow};
use crate::conventions::KIND_CHIP;
use crate::display::{deal_brief, format_usd};
use crate::graph::Graph;

/// Partner names wider than this are cut so the figures keep their column.
const MAX_NAME: usize = 40;
/// Partner names keep this many columns before the figures are cut.
const MIN_NAME: usize = 16;

pub(crate) fn render_rows(app: &App, theme: Theme, rows: Rect, buf: &mut Buffer) {
    let graph = &app.graph;
    let partners = &app.relations.partners;
    let names = partners
        .iter()
        .map(|p| label(graph, p).width())
        .max()
        .unwrap_or(0);
    // Names and figures share the row: a name takes at most half of it (MIN_NAME at least).
    let half = (rows.width as usize).saturating_sub(11) / 2;
    let name_w = names.min(MAX_NAME).min(half.max(MIN_NAME));
    let offset = app.relations.pos.visible_offset(rows.height as usize);
    let focused = app.focus == Focus::Relations;
    let visible = app.relations.rows.iter().enumerate().skip(offset);
    for ((i, r), y) in visible.zip(rows.y..rows.y + rows.height) {
        let spans = match *r {
            RelRow::Partner { partner } => {
                let p = &partners[partner];
                let open = app.relations.expanded.contains(&p.party);
                let (symbol, style) = theme.kind(graph.entity(p.party).kind());
                vec![
                    Span::raw(if open { " ▾ " } else { " ▸ " }),
                    Span::styled(format!("{symbol} "), style),
                    Span::raw(pad(&label(graph, p), name_w)),
                    Span::raw("  "),
                    Span::styled(figures(p), theme.money()),
                ]
            }
            RelRow::PartnerDeal { deal, .. } => {
                let e = graph.entity(deal);
                let (symbol, style) = theme.kind(e.kind());
                let mut spans = vec![
                    Span::raw("     "),
                    Span::styled(format!("{symbol} "), style),
                    Span::raw(safe(e.name()).into_owned()),
                ];
                if let Some(brief) = deal_brief(&e) {
                    spans.push(Span::raw("  "));
                    spans.push(Span::styled(brief, theme.money()));
                }
                spans
            }
            RelRow::PartnerLink { partner, rel } => {
                let r = graph.relation(rel);
                let theirs = &partners[partner].entities;
                let (arrow, other) = if theirs.contains(&r.target_ix()) {
                    ("→", r.to())
                } else {
                    ("←", r.from())
                };
                vec![
                    Span::raw(format!("     {arrow} ")),
                    Span::styled(safe(r.rtype()).into_owned(), theme.dim()),
                    Span::raw(format!("  {}", safe(other.name()))),
                ]
            }
            RelRow::Waiting => vec![Span::styled(
                " working out who pays whom (large graph: a few seconds)…",
                theme.dim(),
            )],
            RelRow::Header { .. } | RelRow::Item { .. } => Vec::new(),
        };
        let mut line = Line::from(fit(spans, rows.width as usize));
        if focused && i == app.relations.pos.selected {
            line = line.patch_style(theme.selected());
        }
        buf.set_line(rows.x, y, &line, rows.width);
    }
}

/// `Amazon / Amazon Web Services`: the party, then its units that took part (not the chips it
/// designs: they are listed under its deals and relations).
fn label(graph: &Graph, p: &PartnerSummary) -> String {
    p.entities
        .iter()
        .enumerate()
        .filter(|&(i, &e)| i == 0 || graph.entity(e).kind() != KIND_CHIP)
        .map(|(_, &e)| safe(graph.entity(e).name()).into_owned())
        .collect::<Vec<_>>()
        .join(" / ")
}

/// `$138B out · $50.0B in · 4 deals · 2025-11 → 2026-02`; a side with no disclosed money is
/// left out, and with none either way the deals are `undisclosed`.
pub(crate) fn figures(p: &PartnerSummary) -> String {
    let mut parts = Vec::new();
    if p.out_usd > 0.0 {
        parts.push(format!("{} out", format_usd(p.out_usd)));
    }
    if p.in_usd > 0.0 {
        parts.push(format!("{} in", format_usd(p.in_usd)));
    }
    if parts.is_empty() && !p.deals.is_empty() {
        parts.push("undisclosed".to_string());
    }
    match p.deals.len() {
        0 => {}
        1 => parts.push("1 deal".to_string()),
        n => parts.push(format!("{n} deals")),
    }
    match p.relations.len() {
        0 => {}
        _ if !p.deals.is_empty() => {}
        1 => parts.push("1 relation".to_string()),
        n => parts.push(format!("{n} relations")),
    }
    let month = |d: &str| safe(d.get(..7).unwrap_or(d)).into_owned();
    match (p.first_date.as_deref(), p.latest_date.as_deref()) {
        (Some(a), Some(b)) if month(a) != month(b) => {
            parts.push(format!("{} → {}", month(a), month(b)))
        }
        (Some(a), _) => parts.push(month(a)),
        _ => {}
    }
    parts.join(" · ")
}
