//! The path view: the target picker (a query line and fuzzy hits), then the paths found, each a
//! heading with its chain (`Amazon -operates-> AWS <-customer- OpenAI`) and one row per step.

use ratatui::buffer::Buffer;
use ratatui::layout::{Position, Rect};
use ratatui::text::Span;

use super::frame::{self, line_at, note_at};
use crate::analysis::Path;
use crate::app::views::{PathRow, PathView, body_inner, typing};
use crate::app::{App, View};
use crate::graph::{EntityIx, Graph};
use crate::ui::{Theme, safe, width};

const PROMPT: &str = "to: ";

pub(crate) fn render(app: &App, area: Rect, buf: &mut Buffer) {
    let theme = Theme::of(app);
    let v = &app.views.paths;
    let from = v.from.map_or_else(String::new, |e| name(&app.graph, e));
    let (title, hints) = if v.picking {
        (
            format!(" Path from {from} — pick a target "),
            "type to search · ↑↓ move · Enter find paths · Esc back",
        )
    } else {
        (
            format!(" Paths from {from} "),
            "↑↓ step · Enter follow · p new target · [ back · Esc/q explorer · ? help",
        )
    };
    let inner = frame::render(app, area, buf, title, hints);
    if inner.height == 0 {
        return;
    }
    if v.picking {
        picker(app, theme, v, inner, buf);
    } else {
        paths(app, theme, v, inner, buf);
    }
}

fn name(graph: &Graph, e: EntityIx) -> String {
    safe(graph.entity(e).name()).into_owned()
}

/// The symbol and name of `e` in its kind's style.
pub(super) fn entity_spans(theme: Theme, graph: &Graph, e: EntityIx) -> Vec<Span<'static>> {
    let entity = graph.entity(e);
    let (symbol, style) = theme.kind(entity.kind());
    vec![
        Span::styled(format!("{symbol} "), style),
        Span::raw(name(graph, e)),
    ]
}

fn picker(app: &App, theme: Theme, v: &PathView, inner: Rect, buf: &mut Buffer) {
    let mut prompt = vec![
        Span::styled(PROMPT, theme.heading()),
        Span::raw(safe(&v.query).into_owned()),
    ];
    if v.pending.is_some() {
        prompt.push(Span::styled("  searching…", theme.dim()));
    }
    line_at(theme, inner, buf, inner.y, prompt, false);
    let list = frame::list_area(inner);
    let offset = v.hit_pos.visible_offset(list.height as usize);
    for (i, hit) in v
        .hits
        .iter()
        .enumerate()
        .skip(offset)
        .take(list.height as usize)
    {
        let y = list.y + (i - offset) as u16;
        let kind = app.graph.entity(hit.entity).kind();
        let mut spans = entity_spans(theme, &app.graph, hit.entity);
        spans.insert(0, Span::raw(" "));
        spans.push(Span::styled(format!("  {}", safe(kind)), theme.dim()));
        line_at(theme, list, buf, y, spans, i == v.hit_pos.selected);
    }
    if v.hits.is_empty() && v.pending.is_none() {
        note_at(theme, list, buf, " no match");
    }
}

/// `Amazon -operates-> AWS <-customer- OpenAI`, names in their kind's colour.
pub(super) fn chain(theme: Theme, graph: &Graph, path: &Path) -> Vec<Span<'static>> {
    let mut spans = entity_spans(theme, graph, path.nodes[0]);
    for (step, &node) in path.steps.iter().zip(&path.nodes[1..]) {
        spans.push(Span::styled(step_label(graph, path, step), theme.dim()));
        spans.extend(entity_spans(theme, graph, node));
    }
    spans
}

fn step_label(graph: &Graph, _path: &Path, step: &crate::analysis::Step) -> String {
    let rtype = safe(graph.relation(step.relation).rtype());
    if graph.is_undirected() {
        format!(" -{rtype}- ")
    } else if step.forward {
        format!(" -{rtype}-> ")
    } else {
        format!(" <-{rtype}- ")
    }
}

fn paths(app: &App, theme: Theme, v: &PathView, inner: Rect, buf: &mut Buffer) {
    let g = &app.graph;
    let to = v.to.map_or_else(String::new, |e| name(g, e));
    let from = v.from.map_or_else(String::new, |e| name(g, e));
    let summary = match v.paths.len() {
        0 => format!("{from} and {to} are not connected"),
        1 => format!("1 path from {from} to {to} (relations followed either way)"),
        n => format!("{n} shortest paths from {from} to {to} (relations followed either way)"),
    };
    line_at(
        theme,
        inner,
        buf,
        inner.y,
        vec![Span::styled(summary, theme.heading())],
        false,
    );
    let list = frame::list_area(inner);
    let offset = v.pos.visible_offset(list.height as usize);
    for (i, row) in v
        .rows
        .iter()
        .enumerate()
        .skip(offset)
        .take(list.height as usize)
    {
        let y = list.y + (i - offset) as u16;
        let spans = match *row {
            PathRow::Heading { path } => {
                let p = &v.paths[path];
                let hops = if p.len() == 1 { "hop" } else { "hops" };
                let mut spans = vec![Span::styled(
                    format!("{}. {} {hops}  ", path + 1, p.len()),
                    theme.heading(),
                )];
                spans.extend(chain(theme, g, p));
                spans
            }
            PathRow::Step { path, node } => {
                let p = &v.paths[path];
                let label = match node {
                    0 => String::new(),
                    n => step_label(g, p, &p.steps[n - 1]).trim_start().to_string(),
                };
                let e = p.nodes[node];
                let mut spans = vec![Span::raw("     "), Span::styled(label, theme.dim())];
                spans.extend(entity_spans(theme, g, e));
                spans.push(Span::styled(
                    format!("  {}", safe(g.entity(e).kind())),
                    theme.dim(),
                ));
                spans
            }
        };
        line_at(theme, list, buf, y, spans, i == v.pos.selected);
    }
}

/// The terminal cursor: after the picker's query while it takes typing.
pub(crate) fn cursor_position(app: &App, area: Rect) -> Option<Position> {
    if app.view != View::Paths || !typing(app) || app.help.shown {
        return None;
    }
    let inner = body_inner((area.width, area.height));
    let x = inner.x as usize + width(PROMPT) + width(&safe(&app.views.paths.query));
    (inner.height > 0 && x < (inner.x + inner.width) as usize)
        .then(|| Position::new(x as u16, inner.y))
}
