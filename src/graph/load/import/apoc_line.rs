//! The typed reading of one APOC JSON Lines record: the fields the APOC mapping reads (`type`,
//! `id`, `labels`, `properties`, `label`, `start`, `end`) in fixed slots, strings borrowed from
//! the line when they have no escapes, read with the [`Cursor`] without building the generic
//! tree of the record (its objects, the ends' label lists, the properties).
//!
//! It gives up (`None`) on anything the generic tree reads differently or must report: a key it
//! does not know, a key given twice or written with escapes, a value of another type than the
//! exported one, a property that is an object or an array of anything but short scalars,
//! invalid JSON. The line is then parsed into the generic tree, so graphs, warnings and errors
//! are the same either way. What it does not do: map records (apoc.rs does).

use std::borrow::Cow;
use std::ops::Range;

use super::json::Json;
use super::line_cursor::{Appended, Cursor, Prop, prop, read_or_cut};
use super::lines::PieceLists;

/// One APOC record read by its fields.
#[derive(Debug, Default, PartialEq)]
pub(crate) struct ApocLine<'t> {
    /// `true` for a node, `false` for a relationship.
    pub node: bool,
    pub id: Option<Cow<'t, str>>,
    /// Where its labels and properties are in its chunk's [`Lists`].
    pub labels: Range<usize>,
    pub properties: Range<usize>,
    pub label: Option<Cow<'t, str>>,
    pub start: Option<Cow<'t, str>>,
    pub end: Option<Cow<'t, str>>,
}

/// The labels and properties of the records of a chunk of lines, one after the other.
#[derive(Debug, Default)]
pub(crate) struct Lists<'t> {
    pub labels: Vec<Cow<'t, str>>,
    pub properties: Vec<(Cow<'t, str>, Prop<'t>)>,
}

impl<'t> Lists<'t> {
    /// A record's labels.
    pub(crate) fn labels(&self, r: &ApocLine<'_>) -> &[Cow<'t, str>] {
        &self.labels[r.labels.clone()]
    }

    /// A record's properties.
    pub(crate) fn properties(&self, r: &ApocLine<'_>) -> &[(Cow<'t, str>, Prop<'t>)] {
        &self.properties[r.properties.clone()]
    }
}

/// Reads `line` by its fields, its lists appended to `lists` (with no repeated keys: a line
/// with some is left to the generic tree, which warns about them), or `None` when the generic
/// tree must read it.
pub(crate) fn read<'t>(line: &'t str, lists: &mut Lists<'t>) -> Option<ApocLine<'t>> {
    read_or_cut(lists, |lists| read_into(line, lists))
}

impl Appended for Lists<'_> {
    fn lens(&self) -> [usize; 2] {
        [self.labels.len(), self.properties.len()]
    }
    fn cut(&mut self, [labels, properties]: [usize; 2]) {
        self.labels.truncate(labels);
        self.properties.truncate(properties);
    }
}

impl PieceLists for Lists<'_> {
    fn clear(&mut self) {
        self.labels.clear();
        self.properties.clear();
    }
}

fn read_into<'t>(line: &'t str, lists: &mut Lists<'t>) -> Option<ApocLine<'t>> {
    let mut c = Cursor::new(line);
    let mut r = ApocLine {
        labels: lists.labels.len()..lists.labels.len(),
        properties: lists.properties.len()..lists.properties.len(),
        ..ApocLine::default()
    };
    let (mut seen, mut kind) = (0u8, None);
    c.object(|c, key| {
        match key {
            "type" => {
                first_time(&mut seen, 1)?;
                kind = Some(match c.string()?.as_ref() {
                    "node" => true,
                    "relationship" => false,
                    _ => return None,
                });
            }
            "id" => {
                first_time(&mut seen, 2)?;
                r.id = Some(id(c)?);
            }
            "labels" => {
                first_time(&mut seen, 4)?;
                c.array(|c| {
                    lists.labels.push(c.string()?);
                    Some(())
                })?;
                r.labels.end = lists.labels.len();
            }
            "properties" => {
                first_time(&mut seen, 8)?;
                let from = r.properties.start;
                c.object(|c, key| {
                    if lists.properties[from..].iter().any(|(k, _)| k == key) {
                        return None;
                    }
                    lists.properties.push((Cow::Borrowed(key), prop(c)?));
                    Some(())
                })?;
                r.properties.end = lists.properties.len();
            }
            "label" => {
                first_time(&mut seen, 16)?;
                r.label = Some(c.string()?);
            }
            "start" => {
                first_time(&mut seen, 32)?;
                r.start = end(c)?;
            }
            "end" => {
                first_time(&mut seen, 64)?;
                r.end = end(c)?;
            }
            _ => return None,
        }
        Some(())
    })?;
    c.end()?;
    r.node = kind?;
    Some(r)
}

/// Marks a key as read, giving up when it was read before.
fn first_time(seen: &mut u8, bit: u8) -> Option<()> {
    (*seen & bit == 0).then(|| *seen |= bit)
}

/// An id: a string, or an integer as its decimal text (as the generic tree's scalar text).
fn id<'t>(c: &mut Cursor<'t>) -> Option<Cow<'t, str>> {
    match c.scalar()? {
        Json::Str(s) => Some(s),
        Json::Num(n) if !n.is_f64() => Some(Cow::Owned(n.to_string())),
        _ => None,
    }
}

/// A relationship's end: `{"id":…,"labels":[…]}` (its id, if it has one) or the id itself.
fn end<'t>(c: &mut Cursor<'t>) -> Option<Option<Cow<'t, str>>> {
    if c.next_byte()? != b'{' {
        return id(c).map(Some);
    }
    let (mut seen, mut found) = (0u8, None);
    c.object(|c, key| match key {
        "id" => {
            first_time(&mut seen, 1)?;
            found = Some(id(c)?);
            Some(())
        }
        "labels" => {
            first_time(&mut seen, 2)?;
            c.array(|c| c.string().map(drop))
        }
        _ => None,
    })?;
    Some(found)
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::super::line_cursor::test_lines::{self, assert_same, load};
    use super::read;
    use crate::generate::GraphFormat;

    #[test]
    fn generated_lines_are_read_typed() {
        test_lines::assert_generated_lines_read_typed(GraphFormat::Apoc, |line| {
            read(line, &mut Default::default()).is_some()
        });
    }

    #[test]
    fn a_repeated_property_is_warned_at_its_place() {
        let text = "{\"type\":\"node\",\"id\":\"1\"}\n{\"type\":\"node\",\"id\":\"2\",\"properties\":{\"a\":1,\"d\":{\"k\":1,\"k\":2},\"a\":3}}\n";
        let line = text.lines().nth(1).unwrap();
        assert!(
            read(line, &mut Default::default()).is_none(),
            "left to the tree"
        );
        let warnings = load(text, true).unwrap().1;
        let line_start = text.find('\n').unwrap() + 1;
        let at = |needle: &str| text.rfind(needle).unwrap() - line_start;
        for (key, column) in [("k", at("\"k\"")), ("a", at("\"a\""))] {
            let want = format!(
                "key: \"{key}\" }}, hint: None, location: Some(Location {{ line: 2, column: {} }})",
                column + 1
            );
            assert!(warnings.contains(&want), "{want}\n{warnings}");
        }
        assert_same(text);
    }

    /// A graph of several batches: pieces filled again by later ones read the same.
    #[test]
    fn a_graph_of_many_batches_loads_as_the_generic_tree_does() {
        test_lines::assert_generated_graph_loads_the_same(GraphFormat::Apoc, 34000);
    }

    /// Pieces of APOC records, well and badly formed: the typed reader must read the ones it
    /// takes exactly as the generic tree does, and leave it the others.
    fn field() -> impl Strategy<Value = &'static str> {
        prop::sample::select(vec![
            r#""type":"node""#,
            r#""type":"relationship""#,
            r#""type":"Node""#,
            r#""type":5"#,
            r#""labels":[]"#,
            r#""labels":["A","B"]"#,
            r#""labels":["A",1]"#,
            r#""labels":"A""#,
            r#""labels":null"#,
            r#""properties":{}"#,
            r#""properties":{"name":"N","n":1}"#,
            r#""properties":{"name":"x","name":"y"}"#,
            r#""properties":{"title":"T","d":{"k":1,"k":[{"k":2,"k":3}]}}"#,
            r#""properties":{"a\u0062":1,"ab":2,"ab":3}"#,
            r#""properties":{"date":"soon","big":18446744073709551615,"f":2.5e3}"#,
            r#""properties":[]"#,
            r#""properties":null"#,
            r#""label":"R""#,
            r#""label":3"#,
            r#""label":"\t""#,
            r#""start":{"id":"a"}"#,
            r#""start":{"id":"a","labels":["X"]}"#,
            r#""start":{"id":7}"#,
            r#""start":"b""#,
            r#""start":{"labels":["X"]}"#,
            r#""start":{"id":"a","id":"b"}"#,
            r#""start":{"id":"a","x":1}"#,
            r#""start":{"id":"a","labels":[1]}"#,
            r#""start":null"#,
            r#""end":{"id":"b","labels":["Y"]}"#,
            r#""end":7"#,
            r#""end":{"id":"zz"}"#,
            r#""end":[1]"#,
            r#""extra":{"k":1,"k":2}"#,
            r#""ty\u0070e":"node""#,
        ])
    }

    /// A line: a record (ids: its own most of the time, so that nodes do not collide, else
    /// escaped, of another type, a node's of the first lines, or none), or not one.
    fn line() -> impl Strategy<Value = String> {
        let other_ids = vec![
            "\"\\u006e{i}\"",
            "{i}",
            "-{i}",
            "1.5",
            "true",
            "null",
            "\"a\"",
            "7",
            "\"é\\n\\\"x{i}\"",
            "",
        ];
        let bad = [
            "{\"type\":\"node\",\"id\":\"c\"} x",
            "  {\"type\":\"node\",\"id\":\"d\"}\r",
        ];
        test_lines::line_of(other_ids, field(), bad)
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(400))]
        #[test]
        fn typed_and_generic_readings_give_the_same_load(lines in prop::collection::vec(line(), 1..6)) {
            assert_same(&test_lines::text_of("{\"type\":\"node\",\"id\":\"a\"}\n{\"type\":\"node\",\"id\":\"b\"}\n{\"type\":\"node\",\"id\":7}\n", &lines));
        }
    }
}
