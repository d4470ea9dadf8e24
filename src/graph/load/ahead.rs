//! Reading the relations array of a large file on a second thread while the entities are read.
//!
//! The relations are most of a large file's bytes, and reading them needs nothing from the
//! entities: only resolving their ends does. So a thread looks for the relations array (the first
//! `"relations": [` in the text), reads it into compact records that point into the text, and the
//! loader, once its own parse reaches the top-level `"relations"` key at that very offset, hands
//! the records to the builder in file order instead of reading the array itself.
//!
//! What it deliberately does not do: report problems. A relation with anything beyond string
//! `from`, `to` and `type` is recorded by where it starts and read again by the loader's own
//! code; anything unexpected (a syntax error, a key written with escapes, more keys after the
//! relations) makes the loader read the whole file the ordinary way, so every message, path and
//! location stays exactly what the one-thread loader gives.

use std::cell::{Cell, RefCell};
use std::fmt;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::Sender;

use rayon::prelude::*;
use serde::de::{self, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};

use super::paged::Behind;
use super::parts::skip_whitespace;
use super::text::Text;
use crate::graph::index::IdIndex;
use crate::graph::model::{EntityIx, Interner, Span};
use crate::graph::records::same_bytes;

/// How much of the end of the text the reading thread keeps mapped: the lookups of the relation
/// ends read those pages again right after (faulting released pages back in costs more than
/// keeping them), while the rest is released behind the reader as usual.
const KEEP_RESIDENT: usize = 128 << 20;

/// From this size on, a file's relations are read on a second thread.
pub(crate) const READ_AHEAD_MIN_BYTES: usize = 4 << 20;

/// `rtype` of a relation to be read again by the loader; its `from.start` is where its first
/// key's text starts.
const OTHER: u32 = u32::MAX;

/// One relation of the array: spans of the text, or (`rtype == OTHER`) where it is.
#[derive(Clone, Copy)]
pub(crate) struct RawRelation {
    pub from: Span,
    pub to: Span,
    pub rtype: u32,
}

/// In [`ReadAhead::ends`]: an end that names no entity.
const NOT_FOUND: EntityIx = EntityIx::MAX;
/// In [`ReadAhead::ends`]: a relation whose ends were not looked up (a blank field, or not
/// plain), for the builder to take the ordinary way.
const NOT_LOOKED_UP: EntityIx = EntityIx::MAX - 1;
/// How many relations one task of [`ReadAhead::look_up_ends`] looks up: enough to amortise a
/// task, few enough that both cores stay busy to the end.
const LOOKUP_CHUNK: usize = 1 << 15;

/// How the builder should take one relation.
pub(crate) enum Ahead<'t> {
    /// A relation of three plain strings whose ends [`ReadAhead::look_up_ends`] found: its
    /// text is not touched again.
    Found {
        /// The entities `from` and `to` name.
        ends: [EntityIx; 2],
        /// `type`.
        type_name: &'t str,
        /// The type's number among [`ReadAhead::type_count`] distinct ones.
        rtype: usize,
    },
    /// The three fields, all present as plain strings.
    Plain {
        /// `from`, `to` and `type`.
        fields: [&'t str; 3],
        /// The type's number among [`ReadAhead::type_count`] distinct ones.
        rtype: usize,
    },
    /// Anything else: where the object's first key's text starts (after its quote).
    Other(usize),
}

/// The relations array, read ahead.
pub(crate) struct ReadAhead {
    /// Just past the array's closing bracket.
    pub end: usize,
    relations: Vec<RawRelation>,
    rtypes: Interner,
    /// Each relation's ends once looked up (empty before): entities, [`NOT_FOUND`] or
    /// [`NOT_LOOKED_UP`].
    ends: Vec<[EntityIx; 2]>,
}

impl ReadAhead {
    /// How many relations the array holds.
    pub(crate) fn len(&self) -> usize {
        self.relations.len()
    }

    pub(crate) fn type_count(&self) -> usize {
        self.rtypes.len()
    }

    pub(super) fn iter<'t>(&'t self, text: &'t str) -> impl Iterator<Item = Ahead<'t>> + 't {
        let at = move |s: Span| &text[s.start as usize..(s.start + s.len) as usize];
        let found = |[from, to]: [EntityIx; 2]| {
            [from, to]
                .iter()
                .all(|&e| e != NOT_FOUND && e != NOT_LOOKED_UP)
                .then_some([from, to])
        };
        self.relations
            .iter()
            .enumerate()
            .map(move |(i, r)| match r.rtype {
                OTHER => Ahead::Other(r.from.start as usize),
                t => match self.ends.get(i).copied().and_then(found) {
                    Some(ends) => Ahead::Found {
                        ends,
                        type_name: self.rtypes.name(t),
                        rtype: t as usize,
                    },
                    // An end not found goes the ordinary way, which reports it.
                    None => Ahead::Plain {
                        fields: [at(r.from), at(r.to), self.rtypes.name(t)],
                        rtype: t as usize,
                    },
                },
            })
    }

    /// Each relation's ends and type number, in file order, when every relation is plain with
    /// both ends found (the common case, which the builder takes all at once); `None` otherwise.
    /// Types are then numbered in the order they first appear.
    pub(super) fn all_found(
        &self,
    ) -> Option<impl IndexedParallelIterator<Item = ([EntityIx; 2], u32)> + '_> {
        let found = |e: &[EntityIx; 2]| !e.contains(&NOT_FOUND) && !e.contains(&NOT_LOOKED_UP);
        let all = self.ends.len() == self.relations.len()
            && self
                .ends
                .par_iter()
                .zip(&self.relations)
                .all(|(e, r)| r.rtype != OTHER && found(e));
        all.then(|| {
            self.ends
                .par_iter()
                .zip(&self.relations)
                .map(|(&e, r)| (e, r.rtype))
        })
    }

    /// The name of type number `t`.
    pub(super) fn type_name(&self, t: u32) -> &str {
        self.rtypes.name(t)
    }

    /// Looks up the ends of every plain relation with no blank field in `index` (over the
    /// arena `ids`), on every core, a chunk of relations at a time, releasing the text's pages
    /// behind each chunk; [`ReadAhead::iter`] then gives them. The entities must all be read.
    ///
    /// The relations were read on one thread while the entities were read on the other; their
    /// ends are most of what is left of the load, and each lookup is independent of the others.
    pub(super) fn look_up_ends(&mut self, text: &str, index: &IdIndex, ids: &str) {
        let at = |s: Span| &text[s.start as usize..(s.start + s.len) as usize];
        let blank_type: Vec<bool> = (0..self.rtypes.len() as u32)
            .map(|t| self.rtypes.name(t).trim().is_empty())
            .collect();
        let plain = |r: &RawRelation| {
            r.rtype != OTHER
                && !blank_type[r.rtype as usize]
                && !at(r.from).trim().is_empty()
                && !at(r.to).trim().is_empty()
        };
        let mut ends = vec![[NOT_LOOKED_UP; 2]; self.relations.len()];
        ends.par_chunks_mut(LOOKUP_CHUNK)
            .zip(self.relations.par_chunks(LOOKUP_CHUNK))
            .for_each(|(out, chunk)| {
                let mut behind = Behind::new(text, chunk[0].from.start as usize);
                let plain: Vec<bool> = chunk.iter().map(plain).collect();
                // Files list an entity's relations together: a `from` like the one before is
                // looked up once.
                let same_from: Vec<bool> = (0..chunk.len())
                    .map(|i| {
                        i > 0
                            && plain[i]
                            && plain[i - 1]
                            && same_bytes(
                                at(chunk[i - 1].from).as_bytes(),
                                at(chunk[i].from).as_bytes(),
                            )
                    })
                    .collect();
                let keys = chunk.iter().enumerate().flat_map(|(i, r)| {
                    [
                        (plain[i] && !same_from[i]).then(|| at(r.from)),
                        plain[i].then(|| at(r.to)),
                    ]
                });
                let mut found = Vec::with_capacity(2 * chunk.len());
                index.get_batch(keys, ids, &mut found);
                for i in (0..chunk.len()).filter(|&i| plain[i]) {
                    let from = if same_from[i] {
                        out[i - 1][0]
                    } else {
                        found[2 * i].unwrap_or(NOT_FOUND)
                    };
                    out[i] = [from, found[2 * i + 1].unwrap_or(NOT_FOUND)];
                }
                if let Some(last) = chunk.last() {
                    behind.done_before((last.to.start + last.to.len) as usize);
                }
            });
        self.ends = ends;
    }
}

/// The first `"relations"` key followed by `: [`: (where the key starts, where the array starts).
/// It may be a key nested in some value; the loader checks it is the top-level one.
pub(crate) fn find_relations(text: &str) -> Option<(usize, usize)> {
    let bytes = text.as_bytes();
    let key = b"\"relations\"";
    let finder = memchr::memmem::Finder::new(key);
    // A window at a time, releasing the pages behind the search in a paged text.
    const WINDOW: usize = 1 << 20;
    let mut behind = Behind::new(text, 0);
    let mut hits = (0..bytes.len()).step_by(WINDOW).flat_map(move |from| {
        behind.reached(from);
        let end = (from + WINDOW + key.len() - 1).min(bytes.len());
        let hits: Vec<usize> = finder
            .find_iter(&bytes[from..end])
            .map(|at| from + at)
            .collect();
        hits
    });
    hits.find_map(|key_at| {
        let i = skip_whitespace(bytes, key_at + "\"relations\"".len());
        (bytes.get(i) == Some(&b':')).then_some(())?;
        let i = skip_whitespace(bytes, i + 1);
        (bytes.get(i) == Some(&b'[')).then_some((key_at, i))
    })
}

/// Finds and reads the relations array; tells `found` where its key is as soon as that is known
/// (`None`: no candidate), so the loader need not wait for the whole array to decide. Gives up
/// when `stop` is set (the loader read the relations itself, or stopped at an error).
pub(crate) fn read_ahead(
    text: &str,
    found: Sender<Option<usize>>,
    stop: Arc<AtomicBool>,
) -> Option<ReadAhead> {
    STOP.with(|s| *s.borrow_mut() = Some(stop));
    let candidate = find_relations(text);
    // The loader may have finished without asking.
    let _ = found.send(candidate.map(|(key_at, _)| key_at));
    let (_, array_at) = candidate?;
    BASE.with(|b| b.set(text.as_ptr() as usize));
    BEHIND.with(|b| *b.borrow_mut() = Some(Behind::new(text, array_at)));
    KEEP_FROM.with(|k| k.set(text.len().saturating_sub(KEEP_RESIDENT)));
    let mut stream =
        serde_json::Deserializer::from_str(&text[array_at..]).into_iter::<RawRelations>();
    let raw = stream.next()?.ok()?;
    Some(ReadAhead {
        end: array_at + stream.byte_offset(),
        relations: raw.relations,
        rtypes: raw.rtypes,
        ends: Vec::new(),
    })
}

thread_local! {
    /// The address of the text being read on this thread: records store offsets into it, and
    /// serde's `Deserialize` (needed for `StreamDeserializer`, which tells where the array ends)
    /// takes no state.
    static BASE: Cell<usize> = const { Cell::new(0) };
    /// Set by the loader when it no longer needs this thread's work.
    static STOP: RefCell<Option<Arc<AtomicBool>>> = const { RefCell::new(None) };
    /// This thread's place in a paged text, to release the pages it has read.
    static BEHIND: RefCell<Option<Behind>> = const { RefCell::new(None) };
    /// From where this thread keeps the pages it has read (see [`KEEP_RESIDENT`]).
    static KEEP_FROM: Cell<usize> = const { Cell::new(usize::MAX) };
}

fn stopped() -> bool {
    STOP.with(|s| {
        s.borrow()
            .as_ref()
            .is_some_and(|f| f.load(Ordering::Relaxed))
    })
}

/// `s` as a span of the text, when serde borrowed it from there.
fn span_of(s: &Text<'_>) -> Option<Span> {
    let Text(std::borrow::Cow::Borrowed(s)) = s else {
        return None;
    };
    let start = (s.as_ptr() as usize).checked_sub(BASE.with(Cell::get))?;
    Some(Span {
        start: u32::try_from(start).ok()?,
        len: u32::try_from(s.len()).ok()?,
    })
}

struct RawRelations {
    relations: Vec<RawRelation>,
    rtypes: Interner,
}

impl<'de> de::Deserialize<'de> for RawRelations {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_seq(RawRelationsVisitor)
    }
}

struct RawRelationsVisitor;

impl<'de> Visitor<'de> for RawRelationsVisitor {
    type Value = RawRelations;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an array of relations")
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<RawRelations, A::Error> {
        let mut out = RawRelations {
            relations: Vec::with_capacity(seq.size_hint().unwrap_or(0)),
            rtypes: Interner::default(),
        };
        while let Some(rel) = seq.next_element_seed(RelationSeed(&mut out.rtypes))? {
            out.relations.push(rel);
            if out.relations.len() % 4096 == 0 {
                if stopped() {
                    return Err(de::Error::custom("no longer needed"));
                }
                BEHIND.with(|b| {
                    if let Some(behind) = b.borrow_mut().as_mut() {
                        let keep_from = KEEP_FROM.with(Cell::get);
                        behind.reached((rel.from.start as usize).min(keep_from));
                    }
                });
            }
        }
        Ok(out)
    }
}

struct RelationSeed<'a>(&'a mut Interner);

impl<'de> de::DeserializeSeed<'de> for RelationSeed<'_> {
    type Value = RawRelation;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<RawRelation, D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for RelationSeed<'_> {
    type Value = RawRelation;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a relation object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<RawRelation, A::Error> {
        let mut ends: [Option<Span>; 2] = [None, None];
        let mut rtype = None;
        let mut first_key = None;
        let mut plain = true;
        while let Some(key) = map.next_key::<Text<'de>>()? {
            let key_span = span_of(&key).ok_or_else(|| de::Error::custom("escaped key"))?;
            first_key.get_or_insert(key_span);
            let field = match key.0.as_ref() {
                "from" => 0,
                "to" => 1,
                "type" => 2,
                _ => {
                    plain = false;
                    map.next_value::<IgnoredAny>()?;
                    continue;
                }
            };
            let value = map.next_value::<Option<Text<'de>>>()?;
            let seen = if field == 2 {
                rtype.is_some()
            } else {
                ends[field].is_some()
            };
            match value {
                // A repeated field or `null`: the loader's own code decides what it means.
                Some(_) if seen => plain = false,
                None => plain = false,
                Some(v) if field == 2 => rtype = Some(self.0.intern(&v.0)),
                // `None` when written with escapes: not a span of the text.
                Some(v) => ends[field] = span_of(&v),
            }
        }
        match (plain, ends, rtype) {
            (true, [Some(from), Some(to)], Some(rtype)) => Ok(RawRelation { from, to, rtype }),
            _ => {
                // The loader finds the `{` before the first key (only whitespace between).
                let first = first_key.ok_or_else(|| de::Error::custom("empty relation"))?;
                Ok(RawRelation {
                    from: Span {
                        start: first.start,
                        len: 0,
                    },
                    to: Span::default(),
                    rtype: OTHER,
                })
            }
        }
    }
}
