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
    let untyped = |_: &'t str, _: &mut ()| None::<std::convert::Infallible>;
    for_each_typed(sink, dump, untyped, |sink, offset, number, value, _| {
        let value = match value {
            Parsed::Tree(value) => std::mem::replace(value, Json::Null),
            Parsed::Typed(never) => match *never {},
        };
        each(
            sink,
            Line {
                offset,
                number,
                value,
            },
        );
    });
}

/// A record read by a format's typed reader, or as the generic tree when that reader gave up.
pub(crate) enum Parsed<'t, T> {
    Typed(T),
    Tree(Json<'t>),
}

/// The lists of a piece's records (see [`for_each_typed`]), emptied for a later piece to fill
/// again: their memory is kept, so a piece neither grows its lists from nothing nor faults in
/// fresh pages.
pub(crate) trait PieceLists: Default + Send {
    fn clear(&mut self);
}

impl PieceLists for () {
    fn clear(&mut self) {}
}

/// [`for_each`] with a format's typed reader: `typed(line, lists)` reads a line by the fields
/// the format needs, its lists (labels, properties) appended to `lists` (one per chunk of lines,
/// so that a record needs no allocation of its own), or gives up (`None`) and the line is parsed
/// into the generic tree (which reports what is wrong with it, and warns about repeated keys:
/// a typed reader gives up on them). `each` gets each record's offset, line number, value and
/// the lists of its chunk, in file order. The value stays in its piece (a record of a typed
/// reader is a few hundred bytes: it is not moved again) and is dropped on another thread.
pub(crate) fn for_each_typed<'t, T: Send, L: PieceLists>(
    sink: &mut Sink<'t>,
    dump: bool,
    typed: impl Fn(&'t str, &mut L) -> Option<T> + Sync,
    mut each: impl FnMut(&mut Sink<'t>, usize, usize, &mut Parsed<'t, T>, &L),
) {
    let text = sink.text;
    // Each piece of the text is cut into lines, parsed and searched for repeated keys on
    // whichever core is free, into the buffers of a piece the sink is done with.
    let read = |(start, piece): (usize, &'t str), mut out: ParsedPiece<'t, T, L>| {
        out.clear();
        let newlines = memchr::memchr_iter(b'\n', piece.as_bytes()).count();
        out.lines.reserve(newlines + 1);
        out.records.reserve(newlines + 1);
        for (offset, number, line) in split(piece, dump) {
            let offset = start + offset;
            let record = match typed(line, &mut out.lists) {
                Some(value) => Ok(Parsed::Typed(value)),
                None => json::parse(line).map(|v| {
                    let repeated = duplicate_keys::find(text, &v, offset);
                    if !repeated.is_empty() {
                        out.repeated.push((out.records.len(), repeated));
                    }
                    Parsed::Tree(v)
                }),
            };
            out.lines.push((offset, number, line));
            out.records.push(record);
        }
        out.newlines = newlines;
        out
    };
    let mut behind = Behind::new(text, 0);
    std::thread::scope(|scope| {
        // The next batches are parsed on a thread of their own (its pieces on every core)
        // while this one hands the last batch to the sink: the sink's work is one core's, in
        // file order.
        let (parsed_tx, parsed_rx) =
            std::sync::mpsc::sync_channel::<Vec<ParsedPiece<'t, T, L>>>(AHEAD);
        let (spent_tx, spent_rx) = std::sync::mpsc::channel::<Vec<ParsedPiece<'t, T, L>>>();
        scope.spawn(move || {
            let mut at = 0;
            let mut spare: Vec<ParsedPiece<'t, T, L>> = Vec::new();
            while at < text.len() {
                // The pieces of a batch the sink is done with are filled again.
                while let Ok(spent) = spent_rx.try_recv() {
                    spare.extend(spent);
                }
                let mut pieces = Vec::with_capacity(PIECES);
                while pieces.len() < PIECES && at < text.len() {
                    let end = piece_end(text, at);
                    pieces.push(((at, &text[at..end]), spare.pop().unwrap_or_default()));
                    at = end;
                }
                let parsed = pieces
                    .into_par_iter()
                    .map(|(piece, out)| read(piece, out))
                    .collect();
                if parsed_tx.send(parsed).is_err() {
                    break;
                }
            }
            drop(spent_rx);
        });
        let mut line_base = 0;
        for mut batch in parsed_rx {
            if let Some(&(first, _, _)) = batch.iter().find_map(|p| p.lines.first()) {
                behind.reached(first);
            }
            for piece in &mut batch {
                let lines = piece.lines.iter();
                let mut repeated = piece.repeated.drain(..).peekable();
                for (i, (value, &(offset, number, line))) in
                    piece.records.iter_mut().zip(lines).enumerate()
                {
                    let number = line_base + number;
                    match value {
                        Ok(value) => {
                            if let Some((_, found)) = repeated.next_if(|(at, _)| *at == i) {
                                sink.duplicate_keys_found(found);
                            }
                            each(sink, offset, number, value, &piece.lists);
                        }
                        Err(e) => bad_line(sink, offset, number, line, e),
                    }
                }
                line_base += piece.newlines;
            }
            let _ = spent_tx.send(batch);
        }
    });
}

/// Batches parsed ahead of the one being handed to the sink.
const AHEAD: usize = 2;

/// The text of one piece (cut into lines and parsed on one core), then to its line's end.
const PIECE: usize = 64 << 10;

/// Pieces in a batch (a batch's text is at most about [`BATCH_BYTES`], and more for lines
/// longer than a piece).
const PIECES: usize = BATCH_BYTES / PIECE;

/// The end of the piece of `text` starting at `at`: just past the first line end at least
/// [`PIECE`] bytes on, or the end of the text.
fn piece_end(text: &str, at: usize) -> usize {
    let from = (at + PIECE).min(text.len());
    memchr::memchr(b'\n', &text.as_bytes()[from..]).map_or(text.len(), |i| from + i + 1)
}

/// One line's record, or why it is not JSON.
type Record<'t, T> = Result<Parsed<'t, T>, serde_json::Error>;

/// What one piece of the text parsed into: its lines (offset, line number within the piece,
/// text), each line's record, the keys repeated in a record (by its place among the records;
/// only lines read as the generic tree have any), the lists they point into, and its line ends.
struct ParsedPiece<'t, T, L> {
    lines: Vec<(usize, usize, &'t str)>,
    records: Vec<Record<'t, T>>,
    repeated: Vec<(usize, Vec<(String, usize)>)>,
    lists: L,
    newlines: usize,
}

impl<T, L: Default> Default for ParsedPiece<'_, T, L> {
    fn default() -> Self {
        ParsedPiece {
            lines: Vec::new(),
            records: Vec::new(),
            repeated: Vec::new(),
            lists: L::default(),
            newlines: 0,
        }
    }
}

impl<T, L: PieceLists> ParsedPiece<'_, T, L> {
    /// Empties it for another piece, keeping its memory.
    fn clear(&mut self) {
        self.lines.clear();
        self.records.clear();
        self.repeated.clear();
        self.lists.clear();
        self.newlines = 0;
    }
}

/// The record on the line whose text starts at byte `offset`, parsed again (to name it in a
/// message).
pub(crate) fn record_at(text: &str, offset: usize) -> Option<Json<'_>> {
    let line = text.get(offset..)?.split('\n').next()?;
    json::parse(line.trim_end_matches('\r').trim_end().trim_end_matches(',')).ok()
}

/// Gives every line (on every core) to `pick` and keeps what it takes from each, for a first
/// pass over a file; `pick` passes over lines that are not JSON (the reading pass reports them).
pub(crate) fn scan<T: Send>(
    text: &str,
    dump: bool,
    pick: impl Fn(&str) -> Option<T> + Sync,
) -> Vec<T> {
    let mut out = Vec::new();
    let mut lines = split(text, dump);
    let mut batch: Vec<&str> = Vec::with_capacity(BATCH);
    let mut behind = Behind::new(text, 0);
    loop {
        next_batch(&mut lines, &mut batch, |(_, _, l)| l);
        let Some(&first) = batch.first() else {
            break;
        };
        behind.reached_str(first);
        let picked: Vec<Option<T>> = batch.par_iter().map(|l| pick(l)).collect();
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

    /// Records keep their own offsets and line numbers across the pieces and batches parsed
    /// ahead (and pieces filled again once the sink is done with them), with blank, CRLF-ended
    /// and bad lines among them, and the keys repeated in a record reported at its own line.
    #[test]
    fn every_record_keeps_its_place_across_chunks_and_batches() {
        let mut text = String::new();
        let (mut want, mut repeated_at) = (Vec::new(), Vec::new());
        let pad = "x".repeat(80);
        for i in 0.. {
            if text.len() > BATCH_BYTES * 5 + PIECE * 3 {
                break;
            }
            // (Fewer than the 200 warnings a load keeps: bad lines and repeated keys.)
            match (i % 97, i % 3001) {
                (13, _) => text.push_str("\r\n"),
                (_, 41) => text.push_str("{bad\n"),
                _ => {
                    want.push((text.len(), i + 1, i));
                    let end = if i % 5 == 0 { "\r\n" } else { "\n" };
                    let again = if i % 2003 == 7 {
                        repeated_at.push(i + 1);
                        ",\"n\":0"
                    } else {
                        ""
                    };
                    text.push_str(&format!("{{\"n\":{i}{again},\"p\":\"{pad}\"}}{end}"));
                }
            }
        }
        let opts = crate::graph::LoadOptions {
            skip_bad_lines: true,
            ..Default::default()
        };
        let mut sink = Sink::new(&text, opts, ["from", "to"]);
        let mut got = Vec::new();
        for_each(&mut sink, false, |_, line| {
            let Json::Obj(f) = &line.value else { panic!() };
            let n = json::get(f, "n").and_then(Json::scalar_text).unwrap();
            got.push((line.offset, line.number, n.parse::<usize>().unwrap()));
        });
        assert_eq!(got.len(), want.len());
        assert_eq!(got, want);
        let loaded = sink.finish("t", Default::default()).unwrap();
        let warned_at: Vec<usize> = loaded
            .warnings
            .iter()
            .filter(|w| w.kind.to_string().contains("duplicate key"))
            .filter_map(|w| w.location.map(|l| l.line))
            .collect();
        assert!(repeated_at.len() > 50, "{}", repeated_at.len());
        assert_eq!(warned_at, repeated_at);
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
