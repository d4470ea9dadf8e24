//! The compare view: two entities side by side, the first on the left and the second on the
//! right: their attributes, the partners both have with each one's money and deals, what passes
//! between them, the shortest paths and the rings both take part in.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

use super::cycles::heading_spans;
use super::frame::{self, line_at, note_at};
use crate::app::App;
use crate::app::views::{CompareRow, CompareSection, body_inner, compare_columns};
use crate::conventions::{ATTR_AMOUNT_USD, ATTR_DATE};
use crate::display::{format_attr, format_path};
use crate::graph::{EntityIx, Graph};
use crate::ui::partners::figures;
use crate::ui::{Theme, fit, pad, safe};

pub(crate) fn render(app: &App, area: Rect, buf: &mut Buffer) {
    let theme = Theme::of(app);
    let v = &app.views.compare;
    let graph = &app.graph;
    let name = |e: EntityIx| safe(graph.entity(e).name()).into_owned();
    let Some((a, b)) = v.pair else { return };
    let hints = "↑↓ move · ←/→ side · Enter open · [ back · Esc/q explorer · ? help";
    let title = format!(" Compare · {} vs {} ", name(a), name(b));
    frame::render(app, area, buf, title, hints);
    let inner = body_inner((area.width, area.height));
    if inner.height == 0 {
        return;
    }
    let (key_w, [left_x, right_x], half) = compare_columns(v, inner);
    // The two entities over their columns.
    let side_name = |e: EntityIx| {
        let (symbol, style) = theme.kind(graph.entity(e).kind());
        vec![
            Span::styled(format!("{symbol} "), style),
            Span::styled(name(e), theme.heading()),
        ]
    };
    put(buf, left_x, inner.y, half, side_name(a), v.side == 0, theme);
    put(
        buf,
        right_x,
        inner.y,
        half,
        side_name(b),
        v.side == 1,
        theme,
    );
    let list = frame::list_area(inner);
    if v.pending.is_some() {
        let wait = "comparing (large graph: a second or two)…";
        note_at(theme, list, buf, wait);
        return;
    }
    let offset = v.pos.visible_offset(list.height as usize);
    for (i, &row) in v
        .rows
        .iter()
        .enumerate()
        .skip(offset)
        .take(list.height as usize)
    {
        let y = list.y + (i - offset) as u16;
        let selected = i == v.pos.selected;
        let sides = |left: Vec<Span<'static>>, right: Vec<Span<'static>>, buf: &mut Buffer| {
            put(buf, left_x, y, half, left, selected && v.side == 0, theme);
            put(buf, right_x, y, half, right, selected && v.side == 1, theme);
        };
        match row {
            CompareRow::Heading { section, count } => {
                let text = heading(section, count);
                line_at(
                    theme,
                    list,
                    buf,
                    y,
                    vec![Span::styled(text, theme.heading())],
                    false,
                );
            }
            CompareRow::Blank => {}
            CompareRow::Attribute { k } => {
                let (key, va, vb) = &v.data.attributes[k];
                let value = |x: &Option<String>| {
                    vec![Span::raw(safe(x.as_deref().unwrap_or("-")).into_owned())]
                };
                line_at(
                    theme,
                    list,
                    buf,
                    y,
                    vec![Span::styled(
                        format!("  {}", pad(&safe(key), key_w)),
                        theme.dim(),
                    )],
                    false,
                );
                sides(value(va), value(vb), buf);
            }
            CompareRow::Shared { k } => {
                let p = &v.data.shared[k].0;
                let (symbol, style) = theme.kind(graph.entity(p.party).kind());
                let spans = vec![
                    Span::raw("  "),
                    Span::styled(format!("{symbol} "), style),
                    Span::styled(name(p.party), theme.heading()),
                ];
                line_at(theme, list, buf, y, spans, selected);
            }
            CompareRow::SharedFigures { k } => {
                let (pa, pb) = &v.data.shared[k];
                let fig = |p| vec![Span::styled(figures(p), theme.money())];
                sides(fig(pa), fig(pb), buf);
            }
            CompareRow::SharedDeals { k, n } => {
                let (pa, pb) = &v.data.shared[k];
                let deal = |d: Option<&EntityIx>| {
                    d.map_or_else(Vec::new, |&d| deal_spans(theme, graph, d))
                };
                sides(deal(pa.deals.get(n)), deal(pb.deals.get(n)), buf);
            }
            CompareRow::Between => {
                let spans = match &v.data.between {
                    Some(p) => vec![
                        Span::raw(format!("  {} with {}: ", name(a), name(b))),
                        Span::styled(figures(p), theme.money()),
                    ],
                    None => Vec::new(),
                };
                line_at(theme, list, buf, y, spans, selected);
            }
            CompareRow::BetweenDeal { n } => {
                let mut spans = vec![Span::raw("    ")];
                if let Some(&d) = v.data.between.as_ref().and_then(|p| p.deals.get(n)) {
                    spans.extend(deal_spans(theme, graph, d));
                }
                line_at(theme, list, buf, y, spans, selected);
            }
            CompareRow::Path { k } => {
                let spans = vec![Span::raw(format!(
                    "  {}",
                    format_path(graph, &v.data.paths[k])
                ))];
                line_at(theme, list, buf, y, spans, selected);
            }
            CompareRow::Ring { k } => {
                let mut spans = vec![Span::raw("  ")];
                spans.extend(heading_spans(theme, graph, k, &v.data.rings[k], None));
                line_at(theme, list, buf, y, spans, selected);
            }
        }
    }
}

fn heading(section: CompareSection, count: usize) -> String {
    let (what, none) = match section {
        CompareSection::Attributes => ("Attributes", "neither has attributes"),
        CompareSection::Shared => ("Partners both have", "no partner in common"),
        CompareSection::Between => ("Between them", "no deal or relation between them"),
        CompareSection::Paths => ("Shortest paths", "not connected"),
        CompareSection::Rings => ("Money rings with both", "no ring with both"),
    };
    match (section, count) {
        (_, 0) => format!("{what}: {none}"),
        (CompareSection::Between, _) => what.to_string(),
        _ => format!("{what} ({count})"),
    }
}

/// A deal as `  $38.0B  2025-11-03  AWS-OpenAI $38B compute agreement`: amount and date first,
/// so they stay when a narrow column cuts the name.
fn deal_spans(theme: Theme, graph: &Graph, deal: EntityIx) -> Vec<Span<'static>> {
    let e = graph.entity(deal);
    let attr = |k: &str| e.attr(k).map(|v| safe(&format_attr(k, &v)).into_owned());
    vec![
        Span::styled(
            format!("{:>7}", attr(ATTR_AMOUNT_USD).unwrap_or_else(|| "-".into())),
            theme.money(),
        ),
        Span::styled(
            format!("  {}  ", pad(&attr(ATTR_DATE).unwrap_or_default(), 10)),
            theme.dim(),
        ),
        Span::raw(safe(e.name()).into_owned()),
    ]
}

/// Spans in a column `width` wide at `x`, cut to fit, reversed when `selected`.
fn put(
    buf: &mut Buffer,
    x: u16,
    y: u16,
    width: u16,
    spans: Vec<Span<'static>>,
    selected: bool,
    theme: Theme,
) {
    if width < 2 || x >= buf.area.x + buf.area.width {
        return;
    }
    // One column of the width stays blank between the two sides.
    let room = width.saturating_sub(1);
    let mut line = Line::from(fit(spans, room as usize));
    if selected {
        line = line.patch_style(theme.selected());
    }
    buf.set_line(x, y, &line, room);
}
