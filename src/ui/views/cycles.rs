//! The rings view (`c`): each money ring of 2 to 4 parties, best first, with its legs (payer →
//! payee, the disclosed total or "undisclosed", inferred or not) and each leg's deals, whose
//! amount and whether it counts stand in fixed columns; and the marker the detail pane shows for
//! an entity that takes part in a ring.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

use super::frame::{self, line_at, note_at};
use crate::analysis::{MoneyGraph, MoneyLeg, Ring, Through};
use crate::app::App;
use crate::app::views::{MAX_VIEW_PARTIES, MIN_VIEW_PARTIES, RingRow, body_inner};
use crate::display::{format_usd, ring_figures};
use crate::graph::{EntityIx, Graph, RelationIx};
use crate::ui::{Theme, pad, safe};

/// The amount column: wide enough for "undisclosed".
const AMOUNT: usize = 11;
/// The counted column: wide enough for "not counted".
const COUNTED: usize = 11;
/// Below this many columns a deal row leaves out its status and label, so its name shows.
const WIDE: u16 = 100;

pub(crate) fn render(app: &App, area: Rect, buf: &mut Buffer) {
    let theme = Theme::of(app);
    let v = &app.views.cycles;
    let index = app.money_index_now();
    let hints = "↑↓ deal · Enter open · +/- parties · [ back · Esc/q explorer · ? help";
    let count = index.as_ref().map_or(String::new(), |i| {
        format!(" · {}", i.set(v.max_parties).rings.len())
    });
    let title = format!(
        " Money rings{count} · up to {} parties ({MIN_VIEW_PARTIES}–{MAX_VIEW_PARTIES}: + -) ",
        v.max_parties
    );
    frame::render(app, area, buf, title, hints);
    let inner = body_inner((area.width, area.height));
    if inner.height == 0 {
        return;
    }
    let graph = &app.graph;
    let name = |e: EntityIx| safe(graph.entity(e).name()).into_owned();
    let Some(index) = index else {
        let wait = "working out who pays whom (large graph: a few seconds)…";
        note_at(theme, inner, buf, wait);
        return;
    };
    let set = index.set(v.max_parties);
    let summary = match (set.rings.is_empty(), v.through) {
        (true, _) => format!(
            "no money rings of up to {} parties in this graph",
            v.max_parties
        ),
        (false, Some(e)) => format!(
            "{} of {} rings go through {} (listed first) · owners and their units count as one party",
            v.through_count,
            set.rings.len(),
            name(e)
        ),
        (false, None) => "money that goes round, best first (smallest disclosed leg, then total) \
                          · owners and their units count as one party"
            .to_string(),
    };
    note_at(theme, inner, buf, summary);
    let list = frame::list_area(inner);
    let offset = v.pos.visible_offset(list.height as usize);
    let highlight = v.through.map(|e| index.money.party(e));
    for (i, row) in v
        .rows
        .iter()
        .enumerate()
        .skip(offset)
        .take(list.height as usize)
    {
        let y = list.y + (i - offset) as u16;
        let spans = match *row {
            RingRow::Heading { ring } => {
                heading_spans(theme, graph, ring, &set.rings[ring], highlight)
            }
            RingRow::Why { ring, how } => {
                why_spans(theme, graph, &index.money, &set.rings[ring], v.through, how)
            }
            RingRow::Leg { ring, leg } => {
                leg_spans(theme, graph, &index.money, &set.rings[ring], leg)
            }
            RingRow::Others { count } => {
                let what = if count == 1 { "ring" } else { "rings" };
                vec![Span::styled(
                    format!("── {count} other {what} ──"),
                    theme.dim(),
                )]
            }
            RingRow::Deal { ring, leg, deal } => {
                let pair = index.money.pair(set.rings[ring].legs[leg]);
                deal_spans(theme, graph, &pair.legs[deal], list.width >= WIDE)
            }
        };
        line_at(theme, list, buf, y, spans, i == v.pos.selected);
    }
}

/// `3. Nvidia → OpenAI → Oracle → Nvidia  $30.1B smallest leg · $330B in all · 1 undisclosed`,
/// the party the view was opened from highlighted.
pub(super) fn heading_spans(
    theme: Theme,
    graph: &Graph,
    n: usize,
    ring: &Ring,
    highlight: Option<EntityIx>,
) -> Vec<Span<'static>> {
    let mut spans = vec![Span::styled(format!("{}. ", n + 1), theme.heading())];
    let chain = ring.parties.iter().chain(ring.parties.first());
    for (k, &p) in chain.enumerate() {
        if k > 0 {
            spans.push(Span::styled(" → ", theme.heading()));
        }
        let style = if Some(p) == highlight {
            theme.matched()
        } else {
            theme.heading()
        };
        spans.push(Span::styled(
            safe(graph.entity(p).name()).into_owned(),
            style,
        ));
    }
    spans.push(Span::styled(
        format!("  {}", ring_figures(ring).join(" · ")),
        theme.money(),
    ));
    spans
}

/// Why the entity the view was opened from is in a ring it is not a party of.
fn why_spans(
    theme: Theme,
    graph: &Graph,
    money: &MoneyGraph,
    ring: &Ring,
    entity: Option<EntityIx>,
    how: Through,
) -> Vec<Span<'static>> {
    let name = |e: EntityIx| safe(graph.entity(e).name()).into_owned();
    let leg_name = |leg: usize| {
        let pair = money.pair(ring.legs[leg]);
        format!("{} → {}", name(pair.payer), name(pair.payee))
    };
    let who = entity.map_or(String::new(), name);
    let why = match how {
        Through::Party => String::new(),
        Through::Unit { party } => {
            format!("{who} counts as {} (its owner or designer)", name(party))
        }
        Through::Deal { leg } => format!("{who} is a deal of the {} leg", leg_name(leg)),
        Through::Chip { leg, deal: Some(d) } => format!(
            "{who} is covered by {} (the {} leg)",
            name(d),
            leg_name(leg)
        ),
        Through::Chip { leg, deal: None } => format!(
            "{who} is offered by the payer of the inferred {} leg",
            leg_name(leg)
        ),
    };
    vec![Span::raw("   ↳ "), Span::styled(why, theme.message())]
}

/// `    Nvidia → OpenAI      $30.1B` or `    Oracle → Nvidia  undisclosed  inferred (offers
/// Nvidia GB200 NVL72)`.
fn leg_spans(
    theme: Theme,
    graph: &Graph,
    money: &MoneyGraph,
    ring: &Ring,
    leg: usize,
) -> Vec<Span<'static>> {
    let pair = money.pair(ring.legs[leg]);
    let name = |e: EntityIx| safe(graph.entity(e).name()).into_owned();
    let total = if pair.disclosed {
        format_usd(pair.total_usd)
    } else {
        "undisclosed".to_string()
    };
    let mut spans = vec![
        Span::raw("   "),
        Span::raw(format!("{} → {}", name(pair.payer), name(pair.payee))),
        Span::raw("  "),
        Span::styled(total, theme.money()),
    ];
    if pair.inferred {
        let via = pair.legs.iter().find_map(MoneyLeg::inferred_from);
        spans.push(Span::styled(
            format!("  {}", inferred_label(graph, via)),
            theme.message(),
        ));
    }
    spans
}

/// `inferred (offers Nvidia GB200 NVL72)`: the relation a leg was inferred from.
fn inferred_label(graph: &Graph, via: Option<RelationIx>) -> String {
    match via {
        Some(r) => {
            let r = graph.relation(r);
            format!("inferred ({} {})", safe(r.rtype()), safe(r.to().name()))
        }
        None => "inferred".to_string(),
    }
}

/// One deal of a leg: date, amount (or "undisclosed"), counted or not, status, label, name; or
/// the relation an inferred leg comes from.
fn deal_spans(theme: Theme, graph: &Graph, leg: &MoneyLeg, wide: bool) -> Vec<Span<'static>> {
    let Some(deal) = leg.deal(graph) else {
        let r = leg.inferred_from().map(|r| graph.relation(r));
        let text = r.map_or("inferred".to_string(), |r| {
            format!(
                "{} {} {} (no deal, no amount)",
                safe(r.from().name()),
                safe(r.rtype()),
                safe(r.to().name())
            )
        });
        return vec![
            Span::raw("      "),
            Span::raw(pad("", 10)),
            Span::raw("  "),
            Span::styled(format!("{:>AMOUNT$}", "undisclosed"), theme.money()),
            Span::raw("  "),
            Span::styled(pad("inferred", COUNTED), theme.message()),
            Span::raw("  "),
            Span::raw(text),
        ];
    };
    let (amount, counted) = match leg.amount_usd() {
        Some(a) if leg.counted() => (format_usd(a), "counted"),
        Some(a) => (format_usd(a), "not counted"),
        None => ("undisclosed".to_string(), ""),
    };
    let counted_style = if counted == "not counted" {
        theme.message()
    } else {
        theme.dim()
    };
    let mut spans = vec![
        Span::raw("      "),
        Span::raw(pad(&safe(deal.date.unwrap_or("-")), 10)),
        Span::raw("  "),
        Span::styled(format!("{amount:>AMOUNT$}"), theme.money()),
        Span::raw("  "),
        Span::styled(pad(counted, COUNTED), counted_style),
        Span::raw("  "),
    ];
    if wide {
        spans.extend([
            Span::styled(pad(&safe(deal.status.unwrap_or("-")), 10), theme.dim()),
            Span::raw("  "),
            Span::styled(pad(&safe(leg.label(graph)), 10), theme.dim()),
            Span::raw("  "),
        ]);
    }
    spans.push(Span::raw(safe(deal.name).into_owned()));
    if let Some(via) = leg.inferred_from() {
        spans.push(Span::styled(
            format!("  {}", inferred_label(graph, Some(via))),
            theme.message(),
        ));
    }
    spans
}

/// `↻ in 2 money rings (c lists them)` for an entity that takes part in any.
pub(crate) fn marker(app: &App, ix: EntityIx) -> Option<Line<'static>> {
    let n = app.cycles_of(ix);
    (n > 0).then(|| {
        let what = if n == 1 { "money ring" } else { "money rings" };
        Line::styled(
            format!("↻ in {n} {what} (c lists them)"),
            Theme::of(app).message(),
        )
    })
}
