//! The deal timeline: per-year totals as a bar chart on top, then the deals (filtered and in the
//! order chosen) with a bar scaled to each amount, its amount (`≥` when a floor), status, name
//! and parties; a relation carrying an amount is labelled as one, not as a deal.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Bar, BarChart, Widget};

use super::frame::{self, line_at, note_at};
use crate::app::App;
use crate::app::views::{
    DealRow, TimelinePrompt, TimelineView, timeline_geometry, timeline_rows_area as rows_area,
    timeline_year_bars as year_bars,
};
use crate::display::format_usd;
use crate::ui::{Theme, pad, safe};

/// Columns of the longest per-deal bar at most. Amounts span three orders of magnitude, so most
/// bars are an eighth of a column: a wide bar column only cut the deals' names short.
const BAR_MAX: usize = 12;
/// Columns of the amount: `≥ $10.0B`.
const AMOUNT_W: usize = 8;

pub(crate) fn render(app: &App, area: Rect, buf: &mut Buffer) {
    let theme = Theme::of(app);
    let v = &app.views.timeline;
    let hints = hints(v);
    let filter = if v.filter.is_empty() {
        String::new()
    } else {
        format!(" · filter \"{}\"", safe(&v.filter))
    };
    let title = format!(
        " Deal timeline · {} of {} deals · by {}{filter} ",
        v.shown.len(),
        v.rows.len(),
        v.sort.label()
    );
    frame::render(app, area, buf, title, &hints);
    let (chart, list) = timeline_geometry((area.width, area.height));
    year_chart(app, theme, chart, buf);
    if list.height == 0 {
        return;
    }
    if v.shown.is_empty() {
        let note = if v.rows.is_empty() {
            "no deals in this graph"
        } else {
            "no deal matches the filter (Esc clears it)"
        };
        note_at(theme, list, buf, note);
        return;
    }
    let bar_w = BAR_MAX.min(list.width as usize / 10).max(1);
    let heading = format!(
        "{}  {}  {:>AMOUNT_W$}  {}  deal — parties",
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
    let rows = rows_area((area.width, area.height));
    let offset = v.pos.visible_offset(rows.height as usize);
    let max = v.max_amount();
    for (i, row) in v
        .listed()
        .enumerate()
        .skip(offset)
        .take(rows.height as usize)
    {
        let y = rows.y + (i - offset) as u16;
        let spans = deal_spans(app, theme, row, bar_w, max);
        line_at(theme, rows, buf, y, spans, i == v.pos.selected);
    }
}

/// The status line: the prompt being typed, else the keys that matter here.
fn hints(v: &TimelineView) -> String {
    match v.prompt {
        Some(TimelinePrompt::Filter) => format!(
            "filter: {}▏ · type a party or a name · Enter keep · Esc clear",
            safe(&v.filter)
        ),
        Some(TimelinePrompt::Year) => {
            format!("jump to year: {}▏ · Enter jump · Esc cancel", safe(&v.year))
        }
        None => format!(
            "↑↓ move · Enter open · s sort ({}) · / filter · : year · ←→ as-of ±month · a date · Esc/q explorer · ? help",
            v.sort.label()
        ),
    }
}

/// `$10.0B`, `≥ $10.0B` for an amount that is a floor, `-` for none.
fn amount_text(d: &DealRow) -> String {
    match d.amount_usd {
        Some(a) if d.at_least => format!("≥ {}", format_usd(a)),
        Some(a) => format_usd(a),
        None => "-".into(),
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
    let mut spans = vec![
        Span::raw(pad(&safe(d.date.as_deref().unwrap_or("undated")), 10)),
        Span::raw("  "),
        Span::styled(pad(&bar, bar_w), theme.money()),
        Span::raw("  "),
        Span::styled(format!("{:>AMOUNT_W$}", amount_text(d)), theme.money()),
        Span::raw("  "),
        Span::styled(
            pad(&safe(d.status.as_deref().unwrap_or("-")), 10),
            theme.dim(),
        ),
        Span::raw("  "),
    ];
    if d.is_relation() {
        // A relation carrying an amount is a transaction between its two ends, not a deal.
        let ends: Vec<&str> = parties.iter().map(String::as_str).collect();
        spans.push(Span::styled("relation ", theme.dim()));
        spans.push(Span::raw(format!(
            "{} —{}→ {}",
            ends.first().unwrap_or(&""),
            safe(&d.name),
            ends.get(1).unwrap_or(&"")
        )));
        return spans;
    }
    spans.push(Span::raw(safe(&d.name).into_owned()));
    spans.push(Span::styled(
        format!(" — {}", parties.join(", ")),
        theme.dim(),
    ));
    spans
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
    block.render(area, buf);
    // Where clicks look for the years, too.
    let (inner, bar_w) = year_bars(area, years.len());
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
