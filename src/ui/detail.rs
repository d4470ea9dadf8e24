//! The detail pane: the shown entity's name, kind, aliases, summary, attributes, tags and
//! sources.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget, Wrap};

use super::{Theme, pad, safe, width};
use crate::app::App;
use crate::display::format_attr;
use crate::graph::Entity;

/// Attribute names wider than this are cut so values keep a column.
const MAX_KEY_WIDTH: usize = 20;

pub(super) fn render(app: &App, area: Rect, buf: &mut Buffer) {
    let theme = Theme::of(app);
    let text = paragraph(app, theme, area);
    let rows = area.height.saturating_sub(2);
    let total = wrapped_lines(&text, area);
    let scroll = app.detail.scroll.min(total.saturating_sub(rows));
    let below = total.saturating_sub(scroll + rows);
    let mut block = theme.block(" Detail ".into(), false);
    if below > 0 {
        block = block.title_bottom(
            Line::styled(format!(" ▼ {below} more lines · Shift-↓ "), theme.dim()).right_aligned(),
        );
    }
    text.block(block).scroll((scroll, 0)).render(area, buf);
}

/// The most lines the detail pane can scroll away in `area` (the terminal layer tells the app
/// after each frame, so keys stop scrolling at the last line).
pub(crate) fn max_scroll(app: &App, area: Rect) -> u16 {
    let text = paragraph(app, Theme::of(app), area);
    wrapped_lines(&text, area).saturating_sub(area.height.saturating_sub(2))
}

fn paragraph(app: &App, theme: Theme, area: Rect) -> Paragraph<'static> {
    let cols = area.width.saturating_sub(2) as usize;
    let lines = match app.shown() {
        Some(ix) => {
            let mut lines = lines(theme, &app.graph.entity(ix), cols);
            lines.splice(2..2, super::views::cycles::marker(app, ix));
            lines
        }
        None => vec![Line::styled("nothing selected", theme.dim())],
    };
    Paragraph::new(lines).wrap(Wrap { trim: false })
}

/// How many rows `text` wraps to inside `area`'s borders.
fn wrapped_lines(text: &Paragraph<'_>, area: Rect) -> u16 {
    let count = text.line_count(area.width.saturating_sub(2));
    u16::try_from(count).unwrap_or(u16::MAX)
}

fn lines(theme: Theme, e: &Entity<'_>, cols: usize) -> Vec<Line<'static>> {
    let (symbol, kind_style) = theme.kind(e.kind());
    let mut out = vec![
        Line::from(vec![
            Span::styled(format!("{symbol} "), kind_style),
            Span::styled(safe(e.name()).into_owned(), theme.heading()),
        ]),
        Line::from(vec![
            Span::styled(safe(e.kind()).into_owned(), kind_style),
            Span::styled(format!(" · id {}", safe(e.id())), theme.dim()),
        ]),
    ];
    if e.aliases().len() > 0 {
        let aliases: Vec<String> = e.aliases().map(|a| safe(a).into_owned()).collect();
        out.push(Line::from(vec![
            Span::styled("aka ", theme.dim()),
            Span::raw(aliases.join(", ")),
        ]));
    }
    if let Some(summary) = e.summary() {
        out.push(Line::raw(""));
        out.push(Line::raw(safe(summary).into_owned()));
    }
    push_attrs(&mut out, theme, e);
    if e.tags().len() > 0 {
        let tags: Vec<String> = e.tags().map(|t| format!("#{}", safe(t))).collect();
        out.push(Line::raw(""));
        out.push(Line::styled(tags.join(" "), theme.dim()));
    }
    push_sources(&mut out, theme, e, cols);
    out
}

fn push_attrs(out: &mut Vec<Line<'static>>, theme: Theme, e: &Entity<'_>) {
    if e.attrs().len() == 0 {
        return;
    }
    let key_w = e
        .attrs()
        .map(|(k, _)| width(&safe(k)))
        .max()
        .unwrap_or(0)
        .min(MAX_KEY_WIDTH);
    out.push(Line::raw(""));
    for (key, value) in e.attrs() {
        out.push(Line::from(vec![
            Span::styled(pad(&safe(key), key_w), theme.dim()),
            Span::raw("  "),
            Span::raw(format_attr(key, &value)),
        ]));
    }
}

fn push_sources(out: &mut Vec<Line<'static>>, theme: Theme, e: &Entity<'_>, cols: usize) {
    let sources: Vec<_> = e.sources().collect();
    if sources.is_empty() {
        return;
    }
    out.push(Line::raw(""));
    out.push(Line::styled(
        format!("Sources ({})", sources.len()),
        theme.heading(),
    ));
    for s in sources {
        let title = s.title().unwrap_or(s.id());
        let mut by: Vec<String> = Vec::new();
        by.extend(s.publisher().map(|p| safe(p).into_owned()));
        by.extend(s.date().map(|d| safe(d).into_owned()));
        let mut spans = vec![Span::raw("• "), Span::raw(safe(title).into_owned())];
        if !by.is_empty() {
            spans.push(Span::styled(format!(" — {}", by.join(", ")), theme.dim()));
        }
        out.push(Line::from(spans));
        if let Some(url) = s.url() {
            for line in url_lines(&safe(url), cols) {
                out.push(Line::styled(line, theme.dim()));
            }
        }
    }
}

/// A URL as indented lines at most `cols` wide, broken only after a `/` (a URL broken anywhere
/// else reads as two words and cannot be copied whole by eye); a part with no `/` that does not
/// fit a line of its own is cut with `…`, and nothing of the URL after it is shown.
fn url_lines(url: &str, cols: usize) -> Vec<String> {
    const FIRST: &str = "  ";
    const NEXT: &str = "    ";
    let mut lines = Vec::new();
    let mut line = FIRST.to_string();
    for part in url.split_inclusive('/') {
        let fresh = line == FIRST || line == NEXT;
        if width(&line) + width(part) <= cols {
            line.push_str(part);
            continue;
        }
        if !fresh {
            lines.push(std::mem::replace(&mut line, NEXT.to_string()));
            if width(&line) + width(part) <= cols {
                line.push_str(part);
                continue;
            }
        }
        let room = cols.saturating_sub(width(&line));
        line.push_str(pad(part, room).trim_end());
        if !line.ends_with('…') {
            line.push('…');
        }
        break;
    }
    lines.push(line);
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_break_only_after_a_slash() {
        let url = "https://www.tweaktown.com/news/85197/nvidia-reveals-next-gen-hopper-gpu-architecture-h100-announced/index.html";
        let lines = url_lines(url, 70);
        assert_eq!(
            lines,
            [
                "  https://www.tweaktown.com/news/85197/",
                "    nvidia-reveals-next-gen-hopper-gpu-architecture-h100-announced/",
                "    index.html",
            ]
        );
        assert!(lines.iter().all(|l| width(l) <= 70));
        // Joined again (indents dropped), the lines are the URL: nothing lost, nothing added.
        let joined: String = lines.iter().map(|l| l.trim_start()).collect();
        assert_eq!(joined, url);
        assert_eq!(
            url_lines("https://a.example/b", 70),
            ["  https://a.example/b"]
        );
    }

    #[test]
    fn a_url_part_wider_than_the_pane_is_cut_with_an_ellipsis() {
        let lines = url_lines("https://example.com/a-very-long-part-without-any-slash", 24);
        assert_eq!(
            lines,
            ["  https://example.com/", "    a-very-long-part-wi…"]
        );
        assert!(lines.iter().all(|l| width(l) <= 24));
    }
}
