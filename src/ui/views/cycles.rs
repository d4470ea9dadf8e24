//! The cycles view: each circular money flow (A pays B, B pays A back), largest first, with its
//! legs' dates, amounts, statuses and deals; and the marker the detail pane shows for an entity
//! that takes part in one.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

use super::frame::{self, line_at};
use crate::app::App;
use crate::app::views::{CycleLeg, CycleListRow, body_inner};
use crate::display::format_usd;
use crate::graph::EntityIx;
use crate::ui::{Theme, pad, safe};

pub(crate) fn render(app: &App, area: Rect, buf: &mut Buffer) {
    let theme = Theme::of(app);
    let index = app.cycle_index();
    let v = &app.views.cycles;
    let hints = "↑↓ leg · Enter open the deal · [ back · Esc/q explorer · ? help";
    let title = format!(" Circular money flows · {} ", index.cycles.len());
    frame::render(app, area, buf, title, hints);
    let inner = body_inner((area.width, area.height));
    if inner.height == 0 {
        return;
    }
    let summary = if index.cycles.is_empty() {
        "no circular money flows in this graph".to_string()
    } else {
        "A pays B and B pays A back (owners and the units they operate count as one), largest first"
            .to_string()
    };
    line_at(
        theme,
        inner,
        buf,
        inner.y,
        vec![Span::styled(summary, theme.dim())],
        false,
    );
    let list = Rect::new(
        inner.x,
        inner.y + 2,
        inner.width,
        inner.height.saturating_sub(2),
    );
    let offset = v.pos.visible_offset(list.height as usize);
    let name = |e: EntityIx| safe(app.graph.entity(e).name()).into_owned();
    for (i, row) in v
        .rows
        .iter()
        .enumerate()
        .skip(offset)
        .take(list.height as usize)
    {
        let y = list.y + (i - offset) as u16;
        let spans = match *row {
            CycleListRow::Heading { cycle } => {
                let c = &index.cycles[cycle];
                let (a, b) = (name(c.a), name(c.b));
                vec![
                    Span::styled(format!("{}. {a} → {b} → {a}", cycle + 1), theme.heading()),
                    Span::styled(
                        format!(
                            "  {} out, {} back",
                            format_usd(c.out_usd),
                            format_usd(c.back_usd)
                        ),
                        theme.money(),
                    ),
                ]
            }
            CycleListRow::Leg { cycle, leg } => {
                leg_spans(theme, &index.cycles[cycle].legs[leg], &name)
            }
        };
        line_at(theme, list, buf, y, spans, i == v.pos.selected);
    }
}

fn leg_spans(theme: Theme, l: &CycleLeg, name: &dyn Fn(EntityIx) -> String) -> Vec<Span<'static>> {
    let note = if l.counted || l.amount_usd.is_none() {
        ""
    } else {
        " (superseded)"
    };
    vec![
        Span::raw("    "),
        Span::raw(pad(&safe(l.date.as_deref().unwrap_or("-")), 10)),
        Span::raw("  "),
        Span::styled(
            format!("{:>7}", l.amount_usd.map_or("-".into(), format_usd)),
            theme.money(),
        ),
        Span::raw("  "),
        Span::styled(
            pad(&safe(l.status.as_deref().unwrap_or("-")), 10),
            theme.dim(),
        ),
        Span::raw("  "),
        Span::styled(pad(&safe(&l.label), 10), theme.dim()),
        Span::raw("  "),
        Span::raw(format!("{} → {}", name(l.payer), name(l.payee))),
        Span::styled(format!("  {}{note}", safe(&l.name)), theme.dim()),
    ]
}

/// `↻ in 2 money cycles` for an entity that takes part in any.
pub(crate) fn marker(app: &App, ix: EntityIx) -> Option<Line<'static>> {
    let n = app.cycles_of(ix);
    (n > 0).then(|| {
        let what = if n == 1 {
            "money cycle"
        } else {
            "money cycles"
        };
        Line::styled(
            format!("↻ in {n} {what} (c lists them)"),
            Theme::of(app).message(),
        )
    })
}
