//! The neighbourhood picture: the centre entity in a box, incoming relation groups on the left,
//! outgoing on the right, each group's header joined to the box by an edge and labelled with the
//! relation type and its full count; `+N more` where a group or the column is cut.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Widget};

use super::frame::{self, line_at};
use super::paths::entity_spans;
use crate::app::App;
use crate::app::views::NeighbourhoodGeometry as Geometry;
use crate::app::views::{NeighbourhoodRow, NeighbourhoodView, header_text, hidden_second};
use crate::ui::{Theme, fit, safe};

pub(crate) fn render(app: &App, area: Rect, buf: &mut Buffer) {
    let theme = Theme::of(app);
    let v = &app.views.neighbourhood;
    let size = (area.width, area.height);
    let centre_name = v.centre.map_or_else(String::new, |c| {
        safe(app.graph.entity(c).name()).into_owned()
    });
    let hints =
        "↑↓ ←→ move · Enter recentre · 2 one/two hops · [ ] back/fwd · Esc/q explorer · ? help";
    let inner = frame::render(
        app,
        area,
        buf,
        format!(" Neighbourhood of {centre_name} "),
        hints,
    );
    let Some(centre) = v.centre else { return };
    if inner.height < 2 {
        return;
    }
    let height = Geometry::new(size).sides[0].height as usize;
    let rows = [v.rows(0, height), v.rows(1, height)];
    let geo = v.geometry(&app.graph, size);
    let g = &app.graph;
    let e = g.entity(centre);
    let hops = if v.hops == 1 {
        "one hop — 2 for two hops"
    } else {
        "two hops — 2 for one hop"
    };
    let grouping = match app.relations.grouping {
        crate::app::Grouping::Relations => "` folds deals into partners",
        crate::app::Grouping::Partners => "deals folded into partners (` unfolds)",
    };
    let mut summary = entity_spans(theme, g, centre);
    summary.push(Span::styled(
        format!(
            " · {} · {} in, {} out · {hops} · {grouping}",
            safe(e.kind()),
            g.incoming(centre).count(),
            g.outgoing(centre).count()
        ),
        theme.dim(),
    ));
    line_at(theme, geo.summary, buf, geo.summary.y, summary, false);
    centre_box(app, theme, geo.centre, buf);
    let selection = v.selected_row(size);
    for (col, (side, col_rows)) in geo.sides.iter().zip(&rows).enumerate() {
        let side = *side;
        let mut headers = Vec::new();
        for (i, row) in col_rows.iter().enumerate() {
            let y = side.y + i as u16;
            if matches!(row, NeighbourhoodRow::Header { .. }) {
                headers.push(y);
            }
            let selected = selection.is_some_and(|(c, r, _)| c == col && r == i);
            let spans = row_spans(app, theme, v, col, *row, col_rows);
            draw_row(theme, side, buf, y, spans, selected, col == 0);
        }
        edges(theme, &geo, col, &headers, buf);
    }
}

fn centre_box(app: &App, theme: Theme, area: Rect, buf: &mut Buffer) {
    let Some(c) = app.views.neighbourhood.centre else {
        return;
    };
    let e = app.graph.entity(c);
    let (_, kind_style) = theme.kind(e.kind());
    let block = Block::bordered()
        .border_type(BorderType::Rounded)
        .border_style(kind_style);
    let inside = block.inner(area);
    block.render(area, buf);
    let lines = [
        entity_spans(theme, &app.graph, c),
        vec![Span::styled(safe(e.kind()).into_owned(), kind_style)],
        vec![Span::styled(
            format!("{} relations", app.graph.degree(c)),
            theme.dim(),
        )],
    ];
    for (line, y) in lines.into_iter().zip(inside.y..inside.y + inside.height) {
        let line = Line::from(fit(line, inside.width as usize)).centered();
        line.render(Rect::new(inside.x, y, inside.width, 1), buf);
    }
}

/// A row of a side column; the left column is right-aligned so it meets its edges.
fn draw_row(
    theme: Theme,
    area: Rect,
    buf: &mut Buffer,
    y: u16,
    spans: Vec<Span<'static>>,
    selected: bool,
    right_aligned: bool,
) {
    if !right_aligned {
        line_at(theme, area, buf, y, spans, selected);
        return;
    }
    let mut line = Line::from(fit(spans, area.width as usize)).right_aligned();
    if selected {
        line = line.patch_style(theme.selected());
    }
    line.render(Rect::new(area.x, y, area.width, 1), buf);
}

/// A row's spans: indented on the right, mirrored (indent trailing) on the left.
fn row_spans(
    app: &App,
    theme: Theme,
    v: &NeighbourhoodView,
    col: usize,
    row: NeighbourhoodRow,
    rows: &[NeighbourhoodRow],
) -> Vec<Span<'static>> {
    let groups = &v.columns[col];
    let g = &app.graph;
    let left = col == 0;
    let around = |lead: &'static str, trail: &'static str, body: Vec<Span<'static>>| {
        let mut spans = Vec::with_capacity(body.len() + 1);
        if left {
            spans.extend(body);
            spans.push(Span::styled(trail, theme.dim()));
        } else {
            spans.push(Span::styled(lead, theme.dim()));
            spans.extend(body);
        }
        spans
    };
    let dim = |s: String| vec![Span::styled(s, theme.dim())];
    match row {
        NeighbourhoodRow::Header { group } => {
            vec![Span::styled(header_text(&groups[group]), theme.heading())]
        }
        NeighbourhoodRow::Item { group, member } => around(
            "  ",
            "  ",
            entity_spans(theme, g, groups[group].members[member].entity),
        ),
        NeighbourhoodRow::Second { group, member, k } => around(
            "    └ ",
            " ┘    ",
            entity_spans(theme, g, groups[group].members[member].second[k]),
        ),
        NeighbourhoodRow::SecondMore { group, member } => {
            let n = hidden_second(groups, rows, group, member);
            around("    └ ", " ┘    ", dim(format!("+{n} more")))
        }
        NeighbourhoodRow::More { hidden, .. } => around("  ", "  ", dim(format!("+{hidden} more"))),
        NeighbourhoodRow::MoreGroups { hidden } => dim(format!("+{hidden} more groups")),
    }
}

/// Lines from the centre box to each group header of side `col` through a trunk in the gap.
fn edges(theme: Theme, geo: &Geometry, col: usize, headers: &[u16], buf: &mut Buffer) {
    let c = geo.centre;
    if headers.is_empty() || c.height == 0 || geo.sides[col].width == 0 {
        return;
    }
    let gap = crate::app::views::GAP;
    // Gap columns, from the box outwards.
    let xs: [u16; 4] = if col == 1 {
        let x = c.x + c.width;
        [x, x + 1, x + 2, x + 3]
    } else {
        if c.x < gap {
            return;
        }
        [c.x - 1, c.x - 2, c.x - 3, c.x - 4]
    };
    let area = buf.area;
    let style = theme.dim();
    let mut put = |x: u16, y: u16, s: &str| {
        if x < area.x + area.width && y < area.y + area.height {
            buf[(x, y)].set_symbol(s).set_style(style);
        }
    };
    let mid = c.y + c.height / 2;
    let top = headers.iter().copied().chain([mid]).min().unwrap_or(mid);
    let bottom = headers.iter().copied().chain([mid]).max().unwrap_or(mid);
    put(xs[0], mid, "─");
    for y in top..=bottom {
        put(xs[1], y, "│");
    }
    for &y in headers {
        put(
            xs[1],
            y,
            if y == mid {
                "┼"
            } else if col == 1 {
                "├"
            } else {
                "┤"
            },
        );
        put(xs[2], y, "─");
        put(xs[3], y, "─");
    }
    if !headers.contains(&mid) {
        put(xs[1], mid, if col == 1 { "┤" } else { "├" });
    }
}
