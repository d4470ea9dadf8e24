//! The deal timeline: per-year totals as a bar chart on top, then every deal by date with a bar
//! scaled to its amount, its amount, status, name and parties.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Bar, BarChart, Widget};

use super::frame::{self, line_at, note_at};
use crate::app::App;
use crate::app::views::{DealRow, timeline_geometry};
use crate::display::format_usd;
use crate::ui::{Theme, pad, safe};

/// Columns of the longest per-deal bar at most.
const BAR_MAX: usize = 24;

pub(crate) fn render(app: &App, area: Rect, buf: &mut Buffer) {
    let theme = Theme::of(app);
    let v = &app.views.timeline;
    let hints = "↑↓ move · Enter open the deal · ←→ as-of ±month (Shift: year) · a date · Esc/q explorer · ? help";
    let title = format!(" Deal timeline · {} deals ", v.rows.len());
    frame::render(app, area, buf, title, hints);
    let (chart, list) = timeline_geometry((area.width, area.height));
    year_chart(app, theme, chart, buf);
    if list.height == 0 {
        return;
    }
    if v.rows.is_empty() {
        note_at(theme, list, buf, "no deals in this graph");
        return;
    }
    let bar_w = BAR_MAX.min(list.width as usize / 5).max(1);
    let heading = format!(
        "{}  {}  {:>7}  {}  deal — parties",
        pad("date", 10),
        pad("", bar_w),
        "amount",
        pad("status", 10)
    );
    line_at(
        theme,
        list,
        buf,
        list.y,
        vec![Span::styled(heading, theme.heading())],
        false,
    );
    let rows = Rect::new(list.x, list.y + 1, list.width, list.height - 1);
    let offset = v.pos.visible_offset(rows.height as usize);
    let max = v.max_amount();
    for (i, row) in v
        .rows
        .iter()
        .enumerate()
        .skip(offset)
        .take(rows.height as usize)
    {
        let y = rows.y + (i - offset) as u16;
        let spans = deal_spans(app, theme, row, bar_w, max);
        line_at(theme, rows, buf, y, spans, i == v.pos.selected);
    }
}

fn deal_spans(app: &App, theme: Theme, d: &DealRow, bar_w: usize, max: f64) -> Vec<Span<'static>> {
    let bar = match d.amount_usd {
        Some(a) if max > 0.0 => bar(a / max, bar_w),
        _ => "·".to_string(),
    };
    let parties: Vec<String> = d
        .parties
        .iter()
        .map(|&p| safe(app.graph.entity(p).name()).into_owned())
        .collect();
    vec![
        Span::raw(pad(&safe(d.date.as_deref().unwrap_or("undated")), 10)),
        Span::raw("  "),
        Span::styled(pad(&bar, bar_w), theme.money()),
        Span::raw("  "),
        Span::styled(
            format!("{:>7}", d.amount_usd.map_or("-".into(), format_usd)),
            theme.money(),
        ),
        Span::raw("  "),
        Span::styled(
            pad(&safe(d.status.as_deref().unwrap_or("-")), 10),
            theme.dim(),
        ),
        Span::raw("  "),
        Span::raw(safe(&d.name).into_owned()),
        Span::styled(format!(" — {}", parties.join(", ")), theme.dim()),
    ]
}

/// A bar `fraction` of `cols` columns long, in eighths of a column, never shorter than one eighth
/// (a deal with an amount always shows).
fn bar(fraction: f64, cols: usize) -> String {
    const EIGHTHS: [&str; 8] = ["", "▏", "▎", "▍", "▌", "▋", "▊", "▉"];
    let eighths = ((fraction.clamp(0.0, 1.0) * (cols * 8) as f64).round() as usize).max(1);
    let mut out = "█".repeat(eighths / 8);
    out.push_str(EIGHTHS[eighths % 8]);
    out
}

fn year_chart(app: &App, theme: Theme, area: Rect, buf: &mut Buffer) {
    let years = &app.views.timeline.years;
    if area.height < 3 || area.width < 4 || years.is_empty() {
        return;
    }
    let block = theme.block(" Committed per year (counted deals) ".into(), false);
    let inner = block.inner(area);
    block.render(area, buf);
    let n = years.len() as u16;
    let bar_w = (inner.width / n).saturating_sub(1).clamp(1, 12);
    let bars: Vec<Bar> = years
        .iter()
        .map(|y| {
            Bar::new((y.total_usd / 1e6).max(0.0) as u64)
                .label(Line::from(safe(&y.year).into_owned()))
                .text_value(format_usd(y.total_usd))
        })
        .collect();
    BarChart::vertical(bars)
        .bar_width(bar_w)
        .bar_gap(1)
        .bar_style(theme.money())
        .value_style(theme.selected())
        .render(inner, buf);
}
