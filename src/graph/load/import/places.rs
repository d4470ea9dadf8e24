//! Where each record an importer hands to the [`super::sink::Sink`] stands in the file, and what
//! messages call it (`node 42`, `nodes[3]`), kept compact: a byte offset and a name number per
//! record. A record named by its format's word and its id (`node 42`) keeps no text of its own:
//! the id is read again from the file when a problem about it is reported, so a million records
//! do not hold a million small strings until the end of the load.
//! What it does not do: report problems (the sink does) or read any format's records in full.

use std::borrow::Cow;

use crate::graph::error::Problem;

/// Where a record stands: the byte offset of its text and its name in messages.
#[derive(Clone, Debug)]
pub(crate) struct At {
    pub offset: usize,
    pub name: Cow<'static, str>,
    /// `name` is only the word the record was placed with: its full name (`node 42`) is read
    /// again from the file when needed, by the sink's [`NameAt`].
    pub id_later: bool,
}

impl At {
    pub(super) fn new(offset: usize, name: impl Into<Cow<'static, str>>) -> At {
        At {
            offset,
            name: name.into(),
            id_later: false,
        }
    }

    /// A record named from its own text at `offset` (`node 42`, from the word `node` and the
    /// record's id) when a message needs it, by the sink's [`NameAt`].
    pub(super) fn with_id(offset: usize, word: &'static str) -> At {
        At {
            offset,
            name: Cow::Borrowed(word),
            id_later: true,
        }
    }
}

/// The name of the record whose text starts at byte `offset` of the file and which was placed
/// with `word` (see [`At::with_id`]), read again from the file.
pub(crate) type NameAt = fn(text: &str, offset: usize, word: &str) -> Option<String>;

/// The flag on a name number saying the record's id follows the name.
const WITH_ID: u32 = 1 << 31;

/// The places of a format's entities or relations, in the order they were handed over.
#[derive(Default)]
pub(crate) struct Places {
    /// Per record: its offset and its name number (an index in `names`, maybe with [`WITH_ID`]).
    records: Vec<(usize, u32)>,
    names: Vec<Cow<'static, str>>,
}

impl Places {
    pub(crate) fn len(&self) -> usize {
        self.records.len()
    }

    pub(crate) fn push(&mut self, at: At) {
        // A name that repeats the previous one (a format's word) is kept once.
        let number = match self.names.last() {
            Some(last) if *last == at.name => self.names.len() - 1,
            _ => {
                self.names.push(at.name);
                self.names.len() - 1
            }
        } as u32;
        let flag = if at.id_later { WITH_ID } else { 0 };
        self.records.push((at.offset, number | flag));
    }

    /// Record `i`'s offset.
    pub(crate) fn offset(&self, i: usize) -> Option<usize> {
        self.records.get(i).map(|&(offset, _)| offset)
    }

    /// Record `i`'s name and offset.
    fn get(&self, i: usize, text: &str, name_at: Option<NameAt>) -> Option<(String, usize)> {
        let &(offset, number) = self.records.get(i)?;
        let name = self.names.get((number & !WITH_ID) as usize)?;
        let at = At {
            offset,
            name: name.clone(),
            id_later: number & WITH_ID != 0,
        };
        Some((name_of(&at, text, name_at), offset))
    }
}

/// The name a message gives the record at `at`.
pub(crate) fn name_of(at: &At, text: &str, name_at: Option<NameAt>) -> String {
    match (at.id_later, name_at) {
        (true, Some(name_at)) => {
            name_at(text, at.offset, &at.name).unwrap_or_else(|| at.name.to_string())
        }
        _ => at.name.to_string(),
    }
}

/// Names of records, to turn the builder's `entities[i]` paths into the file's own.
pub(crate) struct Named<'a> {
    pub entities: &'a Places,
    pub relations: &'a Places,
    /// The words for a relation's ends in this format (`start`/`end`).
    pub ends: [&'static str; 2],
    pub text: &'a str,
    pub name_at: Option<NameAt>,
}

impl Named<'_> {
    pub(crate) fn rename(&self, problems: Vec<Problem>) -> Vec<(Problem, usize)> {
        problems
            .into_iter()
            .map(|mut p| {
                let (path, offset) = self.path(&p.path);
                if let Some(rel) = &p.related_path {
                    p.related_path = Some(self.path(rel).0);
                }
                p.path = path;
                let ends = self.ends;
                p.kind.rename_field(|field| match field {
                    "from" => Some(ends[0]),
                    "to" => Some(ends[1]),
                    _ => None,
                });
                (p, offset)
            })
            .collect()
    }

    /// `entities[3].id` → (`node 3`, offset of that record); `entities[3].attrs.date` →
    /// (`node 3.date`, the same offset).
    fn path(&self, path: &str) -> (String, usize) {
        let parse = |prefix: &str| -> Option<(usize, &str)> {
            let rest = path.strip_prefix(prefix)?;
            let (num, rest) = rest.split_once(']')?;
            Some((num.parse().ok()?, rest))
        };
        let found = parse("entities[")
            .and_then(|(i, rest)| Some((self.entities.get(i, self.text, self.name_at)?, rest)))
            .or_else(|| {
                parse("relations[").and_then(|(i, rest)| {
                    Some((self.relations.get(i, self.text, self.name_at)?, rest))
                })
            });
        match found {
            Some(((name, offset), rest)) => {
                let rest = match rest {
                    ".from" => format!(".{}", self.ends[0]),
                    ".to" => format!(".{}", self.ends[1]),
                    // An attribute keeps its key: `node 7.date`.
                    _ => match rest.strip_prefix(".attrs.") {
                        Some(key) => format!(".{key}"),
                        None => String::new(),
                    },
                };
                (format!("{name}{rest}"), offset)
            }
            None => (path.to_string(), 0),
        }
    }
}
