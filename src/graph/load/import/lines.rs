//! JSON Lines framing, shared by the line formats (APOC, GraphSON adjacency lists, Wikidata,
//! FollowTheMoney, BODS, triples, kgx records): splitting the text into records, parsing them on
//! every core, and handing them to the importer in file order.
//!
//! Blank lines and CRLF line ends are accepted. With `dump` (Wikidata's JSON dump, one entity
//! per line inside `[` and `]`, each line ending in `,`) the brackets and trailing commas are
//! dropped, so a dump cut short still reads up to its last whole line. A line that is not JSON
//! is an error at its line and column, or with `--skip-bad-lines` a warning, the rest loading.
//! Duplicate keys in a record's object are a warning naming the key and the line.
//! What it does not do: know any format's records.

use rayon::prelude::*;

use super::duplicate_keys;
use super::json::{self, Json};
use super::sink::Sink;
use crate::graph::load::paged::Behind;

/// Lines parsed together: enough to keep every core busy, few enough that the parsed records of
/// one batch stay a small part of memory.
const BATCH: usize = 8192;

/// At most this much text in one batch: a Wikidata entity's line is kilobytes long, and 8,192
/// of them parsed at once held hundreds of megabytes of trees.
const BATCH_BYTES: usize = 4 << 20;

/// Moves the next lines from `lines` into `batch`, up to [`BATCH`] lines or [`BATCH_BYTES`] of
/// text (at least one line).
fn next_batch<'t, T>(
    lines: &mut impl Iterator<Item = (usize, usize, &'t str)>,
    batch: &mut Vec<T>,
    take: impl Fn((usize, usize, &'t str)) -> T,
) {
    batch.clear();
    let mut bytes = 0;
    while batch.len() < BATCH && bytes < BATCH_BYTES {
        let Some(line) = lines.next() else { break };
        bytes += line.2.len();
        batch.push(take(line));
    }
}

/// One record: its byte offset in the text, its 1-based line number and its value.
pub(crate) struct Line<'t> {
    pub offset: usize,
    pub number: usize,
    pub value: Json<'t>,
}

/// The non-blank lines of `text` as (offset, line number, text), without line ends.
fn split(text: &str, dump: bool) -> impl Iterator<Item = (usize, usize, &str)> {
    let mut offset = 0;
    text.split('\n').enumerate().filter_map(move |(i, raw)| {
        let at = offset;
        offset += raw.len() + 1;
        let mut line = raw.trim_end_matches('\r');
        let lead = line.len() - line.trim_start().len();
        line = line.trim();
        if dump {
            line = line.strip_suffix(',').unwrap_or(line).trim_end();
            if line == "[" || line == "]" {
                return None;
            }
            if let Some(rest) = line.strip_prefix('[')
                && rest.trim_start().starts_with('{')
            {
                return Some((at + lead + 1, i + 1, rest.trim_start()));
            }
        }
        (!line.is_empty()).then_some((at + lead, i + 1, line))
    })
}

/// Parses every line of `text` and gives each record to `each`, in file order.
pub(crate) fn for_each<'t>(
    sink: &mut Sink<'t>,
    dump: bool,
    mut each: impl FnMut(&mut Sink<'t>, Line<'t>),
) {
    let text = sink.text;
    let mut lines = split(text, dump).peekable();
    let mut batch: Vec<(usize, usize, &'t str)> = Vec::with_capacity(BATCH);
    let mut behind = Behind::new(text, 0);
    while lines.peek().is_some() {
        next_batch(&mut lines, &mut batch, |line| line);
        behind.reached(batch[0].0);
        // Each line is parsed and searched for repeated keys on whichever core is free.
        let read = |&(offset, _, line): &(usize, usize, &'t str)| {
            json::parse(line).map(|v| {
                let repeated = duplicate_keys::find(text, &v, offset);
                (v, repeated)
            })
        };
        let parsed: Vec<Result<(Json<'t>, _), serde_json::Error>> = if batch.len() > 64 {
            batch.par_iter().map(read).collect()
        } else {
            batch.iter().map(read).collect()
        };
        for (&(offset, number, line), value) in batch.iter().zip(parsed) {
            match value {
                Ok((value, repeated)) => {
                    sink.duplicate_keys_found(repeated);
                    each(
                        sink,
                        Line {
                            offset,
                            number,
                            value,
                        },
                    );
                }
                Err(e) => bad_line(sink, offset, number, line, &e),
            }
        }
    }
}

/// The record on the line whose text starts at byte `offset`, parsed again (to name it in a
/// message).
pub(crate) fn record_at(text: &str, offset: usize) -> Option<Json<'_>> {
    let line = text.get(offset..)?.split('\n').next()?;
    json::parse(line.trim_end_matches('\r').trim_end().trim_end_matches(',')).ok()
}

/// Parses every line (on every core) and keeps what `pick` takes from each, for a first pass
/// over a file; lines that are not JSON are passed over (the reading pass reports them).
pub(crate) fn scan<T: Send>(
    text: &str,
    dump: bool,
    pick: impl Fn(&Json<'_>) -> Option<T> + Sync,
) -> Vec<T> {
    let mut out = Vec::new();
    let mut lines = split(text, dump).peekable();
    let mut batch: Vec<&str> = Vec::with_capacity(BATCH);
    let mut behind = Behind::new(text, 0);
    while lines.peek().is_some() {
        next_batch(&mut lines, &mut batch, |(_, _, l)| l);
        behind.reached_str(batch[0]);
        let picked: Vec<Option<T>> = batch
            .par_iter()
            .map(|l| json::parse(l).ok().and_then(|v| pick(&v)))
            .collect();
        out.extend(picked.into_iter().flatten());
    }
    out
}

fn bad_line(sink: &mut Sink<'_>, offset: usize, number: usize, line: &str, e: &serde_json::Error) {
    let column = e.column().saturating_sub(1).min(line.len());
    let full = e.to_string();
    let what = full
        .rsplit_once(" at line ")
        .map_or(full.as_str(), |(m, _)| m);
    let message = format!("line {number} is not valid JSON ({what})");
    if sink.opts.skip_bad_lines {
        sink.warn(offset + column, "", format!("{message}; skipped"));
    } else {
        sink.error(
            offset + column,
            "",
            format!("{message}; --skip-bad-lines loads the other lines"),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blank_lines_crlf_and_dump_brackets_are_framing() {
        let text = "[\r\n{\"a\":1},\r\n\r\n  {\"b\":2},\n]\n";
        let got: Vec<(usize, &str)> = split(text, true).map(|(_, n, l)| (n, l)).collect();
        assert_eq!(got, [(2, "{\"a\":1}"), (4, "{\"b\":2}")]);
        for (offset, _, line) in split(text, true) {
            assert!(text[offset..].starts_with(line));
        }
        let plain: Vec<usize> = split("{}\n\n{}\r\n", false).map(|(_, n, _)| n).collect();
        assert_eq!(plain, [1, 3]);
    }

    #[test]
    fn a_batch_of_long_lines_stops_at_its_byte_budget() {
        let line = "x".repeat(1 << 20);
        let text = format!("{line}\n").repeat(10);
        let mut lines = split(&text, false);
        let mut batch = Vec::new();
        next_batch(&mut lines, &mut batch, |(_, n, _)| n);
        assert_eq!(batch, [1, 2, 3, 4], "4 MB of lines");
        let short = "{}\n".repeat(BATCH + 5);
        next_batch(&mut split(&short, false), &mut batch, |(_, n, _)| n);
        assert_eq!(batch.len(), BATCH, "short lines: a batch of {BATCH}");
    }
}
