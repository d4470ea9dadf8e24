//! One FollowTheMoney record as the FtM mapping reads it ([`FtmLine`]): its id, schema and
//! caption, the top-level keys kept as attributes, and per property its non-blank values as
//! text, its first value and (for a list of several) the list's compact JSON text. Read from a
//! line with the [`Cursor`] (strings borrowed from the line, lists appended to the chunk's
//! [`Lists`], no tree), or from the generic tree when the cursor gives up.
//!
//! The cursor gives up (`None`) on anything the generic tree reads differently or must report:
//! a key given twice or written with escapes, no id, an object where a property value or a
//! list item stands, a property list of several values whose text is not compact, invalid
//! JSON. What it does not do: map records (ftm.rs does).

use std::borrow::Cow;
use std::ops::Range;

use super::json::{self, Fields, Json};
use super::line_cursor::{Appended, Cursor, Prop, prop, read_or_cut};
use super::lines::PieceLists;

/// The top-level keys kept as attributes, in the order they are added.
pub(super) const KEPT: [&str; 5] = ["datasets", "referents", "first_seen", "last_seen", "target"];

/// One record's fields.
#[derive(Debug, Default)]
pub(crate) struct FtmLine<'t> {
    /// The id's text (a string, number or boolean).
    pub id: Cow<'t, str>,
    /// The schema's text, or empty.
    pub schema: Cow<'t, str>,
    pub caption: Option<Prop<'t>>,
    /// The values of [`KEPT`], by position.
    pub kept: [Option<Prop<'t>>; 5],
    /// Where its properties are in its chunk's [`Lists`].
    pub properties: Range<usize>,
}

/// One property of a record.
#[derive(Debug)]
pub(crate) struct Property<'t> {
    pub key: Cow<'t, str>,
    /// Where its non-blank values' texts are in [`Lists::texts`].
    pub texts: Range<usize>,
    /// Its first value (none for an empty list or null).
    pub first: Option<Prop<'t>>,
    /// The list's compact JSON text, when it is a list of several values.
    pub all: Option<Cow<'t, str>>,
}

/// The properties and value texts of the records of a chunk of lines, one after the other.
#[derive(Debug, Default)]
pub(crate) struct Lists<'t> {
    pub properties: Vec<Property<'t>>,
    pub texts: Vec<Cow<'t, str>>,
    /// The top-level keys of the line being read (to give up on a repeated one), kept here
    /// so that a line allocates nothing of its own.
    keys: Vec<&'t str>,
}

impl<'t> Lists<'t> {
    pub(crate) fn properties(&self, r: &FtmLine<'_>) -> &[Property<'t>] {
        &self.properties[r.properties.clone()]
    }

    /// The non-blank value texts of the first property named `key`.
    pub(crate) fn texts(&self, r: &FtmLine<'_>, key: &str) -> &[Cow<'t, str>] {
        self.properties(r)
            .iter()
            .find(|p| p.key == key)
            .map_or(&[], |p| &self.texts[p.texts.clone()])
    }
}

/// Reads `line` by its fields, its lists appended to `lists`, or `None` when the generic tree
/// must read it.
pub(crate) fn read<'t>(line: &'t str, lists: &mut Lists<'t>) -> Option<FtmLine<'t>> {
    read_or_cut(lists, |lists| read_into(line, lists))
}

impl Appended for Lists<'_> {
    fn lens(&self) -> [usize; 2] {
        [self.properties.len(), self.texts.len()]
    }
    fn cut(&mut self, [properties, texts]: [usize; 2]) {
        self.properties.truncate(properties);
        self.texts.truncate(texts);
    }
}

impl PieceLists for Lists<'_> {
    fn clear(&mut self) {
        self.properties.clear();
        self.texts.clear();
        self.keys.clear();
    }
}

fn read_into<'t>(line: &'t str, lists: &mut Lists<'t>) -> Option<FtmLine<'t>> {
    let mut c = Cursor::new(line);
    let at = lists.properties.len();
    let mut r = FtmLine {
        properties: at..at,
        ..FtmLine::default()
    };
    let mut id = None;
    lists.keys.clear();
    c.object(|c, key| {
        if lists.keys.contains(&key) {
            return None;
        }
        lists.keys.push(key);
        match key {
            "id" => id = Some(scalar_text(c.scalar()?)?),
            "schema" => {
                r.schema = match c.scalar()? {
                    Json::Null => Cow::Borrowed(""),
                    v => scalar_text(v)?,
                }
            }
            "caption" => r.caption = Some(Prop::Scalar(c.scalar()?)),
            "properties" => properties(c, lists)?,
            other => match KEPT.iter().position(|k| *k == other) {
                Some(i) => r.kept[i] = Some(prop(c)?),
                None => c.skip()?,
            },
        }
        Some(())
    })?;
    c.end()?;
    r.id = id?;
    r.properties.end = lists.properties.len();
    Some(r)
}

/// A scalar's text as the generic mapping takes it: a string as it is, a number or boolean
/// in JSON; `None` for null.
fn scalar_text(v: Json<'_>) -> Option<Cow<'_, str>> {
    match v {
        Json::Str(s) => Some(s),
        other => other.scalar_text().map(Cow::Owned),
    }
}

/// A record's `properties` object.
fn properties<'t>(c: &mut Cursor<'t>, lists: &mut Lists<'t>) -> Option<()> {
    let from = lists.properties.len();
    c.object(|c, key| {
        if lists.properties[from..].iter().any(|p| p.key == key) {
            return None;
        }
        let start = lists.texts.len();
        let mut property = Property {
            key: Cow::Borrowed(key),
            texts: start..start,
            first: None,
            all: None,
        };
        match c.next_byte()? {
            b'[' => {
                let mut count = 0;
                let text = c.array_text(|c| {
                    let v = c.scalar()?;
                    count += 1;
                    push_text(&mut lists.texts, &v);
                    if property.first.is_none() {
                        property.first = Some(Prop::Scalar(v));
                    }
                    Some(())
                })?;
                if count > 1 {
                    property.all = Some(Cow::Borrowed(text.compact()?));
                }
            }
            b'{' => return None,
            _ => match c.scalar()? {
                Json::Null => {}
                v => {
                    push_text(&mut lists.texts, &v);
                    property.first = Some(Prop::Scalar(v));
                }
            },
        }
        property.texts.end = lists.texts.len();
        lists.properties.push(property);
        Some(())
    })
}

/// Adds a value's text to `texts` when it is not blank.
fn push_text<'t>(texts: &mut Vec<Cow<'t, str>>, v: &Json<'t>) {
    if let Some(t) = text(v).filter(|t| !t.trim().is_empty()) {
        texts.push(t);
    }
}

/// A scalar's text ([`Json::scalar_text`]), borrowed when it is a string.
fn text<'t>(v: &Json<'t>) -> Option<Cow<'t, str>> {
    match v {
        Json::Str(s) => Some(s.clone()),
        other => other.scalar_text().map(Cow::Owned),
    }
}

/// The record of a generic tree (an object), as the cursor reads it; `None` without an id.
pub(crate) fn of_tree<'t>(f: &Fields<'t>, lists: &mut Lists<'t>) -> Option<FtmLine<'t>> {
    let id = json::get(f, "id").and_then(text)?;
    let mut r = FtmLine {
        id,
        schema: json::get(f, "schema").and_then(text).unwrap_or_default(),
        caption: json::get(f, "caption").map(Prop::of),
        kept: KEPT.map(|k| json::get(f, k).map(Prop::of)),
        properties: lists.properties.len()..lists.properties.len(),
    };
    let props: &Fields<'t> = match json::get(f, "properties") {
        Some(Json::Obj(p)) => p,
        _ => &[],
    };
    // Every key, a repeated one too, with the values of its first occurrence.
    for (key, _) in props {
        let start = lists.texts.len();
        let value = json::get(props, key);
        let values: &[Json<'t>] = match value {
            Some(Json::Arr(items)) => items,
            Some(Json::Null) | None => &[],
            Some(v) => std::slice::from_ref(v),
        };
        for v in values {
            let t = match v {
                // Nested entities (`"owner": [{"id": …}]`) stand for their id.
                Json::Obj(nested) => json::get(nested, "id").and_then(text),
                other => text(other),
            };
            lists.texts.extend(t.filter(|t| !t.trim().is_empty()));
        }
        let all = match value {
            Some(list @ Json::Arr(items)) if items.len() > 1 => Some(Cow::Owned(list.to_text())),
            _ => None,
        };
        lists.properties.push(Property {
            key: key.clone(),
            texts: start..lists.texts.len(),
            first: values.first().map(Prop::of),
            all,
        });
    }
    r.properties.end = lists.properties.len();
    Some(r)
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::super::line_cursor::test_lines::{self, assert_same};
    use super::read;
    use crate::generate::GraphFormat;

    #[test]
    fn generated_lines_are_read_typed() {
        test_lines::assert_generated_lines_read_typed(GraphFormat::Ftm, |line| {
            read(line, &mut Default::default()).is_some()
        });
    }

    /// A graph of several batches: pieces filled again by later ones read the same.
    #[test]
    fn a_graph_of_many_batches_loads_as_the_generic_tree_does() {
        test_lines::assert_generated_graph_loads_the_same(GraphFormat::Ftm, 32000);
    }

    /// Pieces of FtM records, well and badly formed: the typed reader must read the ones it
    /// takes exactly as the generic tree does, and leave it the others.
    fn field() -> impl Strategy<Value = &'static str> {
        prop::sample::select(vec![
            r#""schema":"Person""#,
            r#""schema":"Company""#,
            r#""schema":"Ownership""#,
            r#""schema":"Payment""#,
            r#""schema":"Spaceship""#,
            r#""schema":null"#,
            r#""schema":5"#,
            r#""schema":["Person"]"#,
            r#""caption":"Cap""#,
            r#""caption":" ""#,
            r#""caption":7"#,
            r#""caption":["x"]"#,
            r#""properties":{}"#,
            r#""properties":{"name":["Ann","Anne"," "],"alias":["Anne","A\"n"]}"#,
            r#""properties":{"owner":["a"],"asset":["b","n1"],"percentage":["51"]}"#,
            r#""properties":{"payer":["a"],"beneficiary":["b"],"amount":["1,000.5"],"currency":["usd"],"date":["2020-01-02T00:00:00"]}"#,
            r#""properties":{"amount":["x"],"startDate":["2021-05"],"currency":"EUR"}"#,
            r#""properties":{"name":"Bare","country":null,"n":[1,2.5,true,null]}"#,
            r#""properties":{"owner":[{"id":"a"}],"asset":"b"}"#,
            r#""properties":{"name":["x"],"name":["y"]}"#,
            r#""properties":{"na\u006de":["e"],"summary":["", "S"]}"#,
            r#""properties":{"notes":[ "a" , "b" ],"description":[["n"]]}"#,
            r#""properties":{"k":["-0","-0",-0,18446744073709551616]}"#,
            r#""properties":[]"#,
            r#""properties":null"#,
            r#""datasets":["d1","d2"]"#,
            r#""referents":[]"#,
            r#""first_seen":"2020""#,
            r#""target":true"#,
            r#""last_seen":{"a":1}"#,
            r#""other":[1,[2]]"#,
            r#""other":{"k":1,"k":2}"#,
            r#""sch\u0065ma":"Person""#,
        ])
    }

    /// A line: a record (ids: its own most of the time, else escaped, of another type,
    /// another record's, or none), or not one.
    fn line() -> impl Strategy<Value = String> {
        let other_ids = vec![
            "\"\\u006e{i}\"",
            "{i}",
            "1.5",
            "true",
            "null",
            "[\"x\"]",
            "\"a\"",
            "\"n1\"",
            "\" \"",
            "",
        ];
        let bad = [
            "{\"id\":\"c\"} x",
            "  {\"id\":\"d\",\"schema\":\"Person\"}\r",
        ];
        test_lines::line_of(other_ids, field(), bad)
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(400))]
        #[test]
        fn typed_and_generic_readings_give_the_same_load(lines in prop::collection::vec(line(), 1..6)) {
            assert_same(&test_lines::text_of("{\"id\":\"a\",\"schema\":\"Person\"}\n{\"id\":\"b\",\"schema\":\"Company\"}\n", &lines));
        }
    }
}
