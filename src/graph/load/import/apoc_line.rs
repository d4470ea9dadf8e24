//! The typed reading of one APOC JSON Lines record: the fields the APOC mapping reads (`type`,
//! `id`, `labels`, `properties`, `label`, `start`, `end`) in fixed slots, strings borrowed from
//! the line when they have no escapes, without building the generic tree of the whole record
//! (its objects, the ends' label lists). Only `properties` is read as a generic [`Json`] (its
//! values become attributes).
//!
//! It gives up (`None`) on anything the generic tree reads differently or must report: a key it
//! does not know, a key given twice or written with escapes, a value of another type than the
//! exported one, invalid JSON. The line is then parsed into the generic tree, so graphs,
//! warnings and errors are the same either way. What it does not do: map records (apoc.rs does).

use std::borrow::Cow;
use std::fmt;

use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};

use super::duplicate_keys;
use super::json::Json;
use super::typed_json::{Id, Key, Text, first_time, give_up};

/// One APOC record read by its fields.
#[derive(Debug, Default, PartialEq)]
pub(crate) struct ApocLine<'t> {
    /// `true` for a node, `false` for a relationship.
    pub node: bool,
    pub id: Option<Cow<'t, str>>,
    pub labels: Vec<Cow<'t, str>>,
    pub properties: Option<Json<'t>>,
    pub label: Option<Cow<'t, str>>,
    pub start: Option<Cow<'t, str>>,
    pub end: Option<Cow<'t, str>>,
}

/// Reads `line` (a slice of `text`) by its fields, with the keys repeated in its `properties`
/// (offsets in `text`), or `None` when the generic tree must read it.
pub(crate) fn read<'t>(
    text: &'t str,
    line: &'t str,
) -> Option<(ApocLine<'t>, Vec<(String, usize)>)> {
    let mut de = serde_json::Deserializer::from_str(line);
    let (record, near) = de.deserialize_map(RecordVisitor).ok()?;
    de.end().ok()?;
    let repeated = match (&record.properties, near) {
        (Some(props), Some(near)) => duplicate_keys::find(text, props, offset_in(text, near)?),
        _ => Vec::new(),
    };
    Some((record, repeated))
}

/// The offset of a key's opening quote, the key borrowed from `text`.
fn offset_in(text: &str, key: &str) -> Option<usize> {
    let at = super::sink::offset_in(text, key)?;
    at.checked_sub(1)
}

/// The record, with its `properties` key (to place the keys repeated inside).
struct RecordVisitor;

impl<'de> Visitor<'de> for RecordVisitor {
    type Value = (ApocLine<'de>, Option<&'de str>);
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an APOC record")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut r = ApocLine::default();
        let (mut seen, mut kind, mut near) = (0u8, None, None);
        while let Some(Key(key)) = map.next_key()? {
            match key {
                "type" => {
                    first_time(&mut seen, 1)?;
                    kind = Some(match map.next_value::<Text<'de>>()?.0.as_ref() {
                        "node" => true,
                        "relationship" => false,
                        _ => return Err(give_up()),
                    });
                }
                "id" => {
                    first_time(&mut seen, 2)?;
                    r.id = Some(map.next_value::<Id<'de>>()?.0);
                }
                "labels" => {
                    first_time(&mut seen, 4)?;
                    r.labels = map
                        .next_value::<Vec<Text<'de>>>()?
                        .into_iter()
                        .map(|t| t.0)
                        .collect();
                }
                "properties" => {
                    first_time(&mut seen, 8)?;
                    r.properties = Some(map.next_value()?);
                    near = Some(key);
                }
                "label" => {
                    first_time(&mut seen, 16)?;
                    r.label = Some(map.next_value::<Text<'de>>()?.0);
                }
                "start" => {
                    first_time(&mut seen, 32)?;
                    r.start = map.next_value_seed(EndSeed)?;
                }
                "end" => {
                    first_time(&mut seen, 64)?;
                    r.end = map.next_value_seed(EndSeed)?;
                }
                _ => return Err(give_up()),
            }
        }
        r.node = kind.ok_or_else(give_up)?;
        Ok((r, near))
    }
}

/// A relationship's end: `{"id":…,"labels":[…]}` (its id) or the id itself.
struct EndSeed;

impl<'de> DeserializeSeed<'de> for EndSeed {
    type Value = Option<Cow<'de, str>>;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_any(EndVisitor)
    }
}

struct EndVisitor;

impl<'de> Visitor<'de> for EndVisitor {
    type Value = Option<Cow<'de, str>>;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a relationship's end")
    }
    fn visit_borrowed_str<E>(self, v: &'de str) -> Result<Self::Value, E> {
        Ok(Some(Cow::Borrowed(v)))
    }
    fn visit_str<E>(self, v: &str) -> Result<Self::Value, E> {
        Ok(Some(Cow::Owned(v.to_string())))
    }
    fn visit_u64<E>(self, v: u64) -> Result<Self::Value, E> {
        Ok(Some(Cow::Owned(v.to_string())))
    }
    fn visit_i64<E>(self, v: i64) -> Result<Self::Value, E> {
        Ok(Some(Cow::Owned(v.to_string())))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let (mut seen, mut id) = (0u8, None);
        while let Some(Key(key)) = map.next_key()? {
            match key {
                "id" => {
                    first_time(&mut seen, 1)?;
                    id = Some(map.next_value::<Id<'de>>()?.0);
                }
                "labels" => {
                    first_time(&mut seen, 2)?;
                    map.next_value_seed(StringsSeed)?;
                }
                _ => return Err(give_up()),
            }
        }
        Ok(id)
    }
}

/// A list of strings, passed over.
struct StringsSeed;

impl<'de> DeserializeSeed<'de> for StringsSeed {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_seq(self)
    }
}

impl<'de> Visitor<'de> for StringsSeed {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a list of strings")
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        while seq.next_element::<StringOnly>()?.is_some() {}
        Ok(())
    }
}

/// A string, passed over; anything else gives up.
struct StringOnly;

impl<'de> de::Deserialize<'de> for StringOnly {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_str(StringOnlyVisitor)
    }
}

struct StringOnlyVisitor;

impl<'de> Visitor<'de> for StringOnlyVisitor {
    type Value = StringOnly;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a string")
    }
    fn visit_str<E>(self, _: &str) -> Result<StringOnly, E> {
        Ok(StringOnly)
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::read;
    use crate::generate::{GraphFormat, write_graph_as};
    use crate::graph::{LoadOptions, load_bytes};

    /// Loads `text` with the typed reader (`typed`) or with the generic tree only, as a
    /// comparable summary: the graph, or the error's text, and the warnings.
    fn load(text: &str, typed: bool) -> Result<(crate::graph::Graph, String), String> {
        super::super::apoc::GENERIC_ONLY.with(|g| g.set(!typed));
        let got = load_bytes(text.as_bytes(), "t.jsonl", LoadOptions::default());
        super::super::apoc::GENERIC_ONLY.with(|g| g.set(false));
        got.map(|l| {
            let warnings = format!("{} {:?}", l.warning_total, l.warnings);
            (l.graph, warnings)
        })
        .map_err(|e| e.to_string())
    }

    fn assert_same(text: &str) {
        let (typed, generic) = (load(text, true), load(text, false));
        match (&typed, &generic) {
            (Ok((a, wa)), Ok((b, wb))) => {
                assert_eq!(crate::graph::first_difference(a, b), None, "{text}");
                assert_eq!(wa, wb, "{text}");
            }
            (Err(a), Err(b)) => assert_eq!(a, b, "{text}"),
            _ => panic!(
                "typed {:?} but generic {:?}\n{text}",
                typed.as_ref().map(|t| &t.1),
                generic.as_ref().map(|g| &g.1)
            ),
        }
    }

    #[test]
    fn generated_lines_are_read_typed() {
        let mut bytes = Vec::new();
        write_graph_as(&mut bytes, 300, 5, GraphFormat::Apoc).unwrap();
        let text = String::from_utf8(bytes).unwrap();
        for line in text.lines() {
            assert!(read(&text, line).is_some(), "{line}");
        }
        assert_same(&text);
    }

    #[test]
    fn a_repeated_property_is_warned_at_its_place() {
        let text = "{\"type\":\"node\",\"id\":\"1\"}\n{\"type\":\"node\",\"id\":\"2\",\"properties\":{\"a\":1,\"d\":{\"k\":1,\"k\":2},\"a\":3}}\n";
        let (record, repeated) = read(text, text.lines().nth(1).unwrap()).unwrap();
        assert_eq!(record.id.as_deref(), Some("2"));
        let at = |needle: &str| text.rfind(needle).unwrap();
        assert_eq!(
            repeated,
            [
                ("k".to_string(), at("\"k\"")),
                ("a".to_string(), at("\"a\""))
            ]
        );
        assert_same(text);
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

    /// A record's id: its own (most of the time, so that nodes do not collide), escaped, of
    /// another type, a node's of the first lines, or none.
    fn id() -> impl Strategy<Value = &'static str> {
        let other = prop::sample::select(vec![
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
        ]);
        (prop::option::weighted(0.8, Just("\"n{i}\"")), other).prop_map(|(own, o)| own.unwrap_or(o))
    }

    fn line() -> impl Strategy<Value = String> {
        let bad = vec![
            "{",
            "[]",
            "\"x\"",
            "{\"type\":\"node\",\"id\":\"c\"} x",
            "  {\"type\":\"node\",\"id\":\"d\"}\r",
        ];
        super::super::typed_json::test_lines::line_of(id(), field(), bad)
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(400))]
        #[test]
        fn typed_and_generic_readings_give_the_same_load(lines in prop::collection::vec(line(), 1..6)) {
            let mut text = String::from("{\"type\":\"node\",\"id\":\"a\"}\n{\"type\":\"node\",\"id\":\"b\"}\n{\"type\":\"node\",\"id\":7}\n");
            for (i, l) in lines.iter().enumerate() {
                text.push_str(&l.replace("{i}", &i.to_string()));
                text.push('\n');
            }
            assert_same(&text);
        }
    }
}
