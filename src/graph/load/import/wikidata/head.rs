//! The first pass's reading of a Wikidata line: the entity's `id` and `labels` (the first of
//! each, as the generic tree's lookup takes them), everything else passed over without building
//! its tree. A dump's line holds tens of statements: building each line's whole tree only to read
//! two fields was most of the first pass. The rest is still read as strings, numbers, lists and
//! objects (serde_json's `IgnoredAny` does not check strings: a line the reading pass finds
//! invalid would lend its label and id here), only not kept. What it does not do: report
//! problems (the reading pass parses every line in full and reports them).

use std::borrow::Cow;
use std::fmt;

use serde::de::{self, Deserializer, MapAccess, SeqAccess, Visitor};

use super::super::json::Json;

/// The `id` and `labels` of the entity on `line`, or `None` when it is not a JSON object.
pub(super) fn read(line: &str) -> Option<(Option<Json<'_>>, Option<Json<'_>>)> {
    let mut de = serde_json::Deserializer::from_str(line);
    let head = de.deserialize_map(HeadVisitor).ok()?;
    de.end().ok()?;
    Some(head)
}

/// A key, with its escapes read (`"i\u0064"` is `id`, as for the generic tree).
struct Key<'t>(Cow<'t, str>);

impl<'de> de::Deserialize<'de> for Key<'de> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_str(KeyVisitor)
    }
}

struct KeyVisitor;

impl<'de> Visitor<'de> for KeyVisitor {
    type Value = Key<'de>;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a key")
    }
    fn visit_borrowed_str<E>(self, v: &'de str) -> Result<Key<'de>, E> {
        Ok(Key(Cow::Borrowed(v)))
    }
    fn visit_str<E>(self, v: &str) -> Result<Key<'de>, E> {
        Ok(Key(Cow::Owned(v.to_string())))
    }
}

struct HeadVisitor;

impl<'de> Visitor<'de> for HeadVisitor {
    type Value = (Option<Json<'de>>, Option<Json<'de>>);
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an entity")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let (mut id, mut labels) = (None, None);
        while let Some(Key(key)) = map.next_key()? {
            match key.as_ref() {
                "id" if id.is_none() => id = Some(map.next_value()?),
                "labels" if labels.is_none() => labels = Some(map.next_value()?),
                _ => {
                    map.next_value::<Skip>()?;
                }
            }
        }
        Ok((id, labels))
    }
}

/// A value read and checked as the generic tree reads it, and dropped.
struct Skip;

impl<'de> de::Deserialize<'de> for Skip {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(SkipVisitor)
    }
}

struct SkipVisitor;

impl<'de> Visitor<'de> for SkipVisitor {
    type Value = Skip;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any JSON value")
    }
    fn visit_unit<E>(self) -> Result<Skip, E> {
        Ok(Skip)
    }
    fn visit_bool<E>(self, _: bool) -> Result<Skip, E> {
        Ok(Skip)
    }
    fn visit_i64<E>(self, _: i64) -> Result<Skip, E> {
        Ok(Skip)
    }
    fn visit_u64<E>(self, _: u64) -> Result<Skip, E> {
        Ok(Skip)
    }
    fn visit_f64<E>(self, _: f64) -> Result<Skip, E> {
        Ok(Skip)
    }
    fn visit_str<E>(self, _: &str) -> Result<Skip, E> {
        Ok(Skip)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Skip, A::Error> {
        while seq.next_element::<Skip>()?.is_some() {}
        Ok(Skip)
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Skip, A::Error> {
        while map.next_entry::<Skip, Skip>()?.is_some() {}
        Ok(Skip)
    }
}

#[cfg(test)]
mod tests {
    use super::super::{Lang, head, lang_text};
    use crate::graph::load::import::json;

    /// The first pass reads the id and label the generic tree gives, whatever else the line
    /// holds: repeated and escaped keys, ids of other types, other languages, no labels.
    #[test]
    fn the_head_is_what_the_generic_tree_gives() {
        let lines = [
            r#"{"type":"item","id":"Q1","labels":{"en":{"language":"en","value":"One"}},"claims":{"P31":[{"x":[1,2,{"y":null}]}]}}"#,
            r#"{"claims":{},"id":"Q2","id":"Q3","labels":{"de":{"value":"Zwei"}},"labels":{"en":{"value":"no"}}}"#,
            r#"{"i\u0064":"Q4","labels":{"fr":{"value":"  "},"en":"Four"}}"#,
            r#"{"id":5,"labels":[]}"#,
            r#"{"id":null,"labels":{"en":{"value":"x"}}}"#,
            r#"{"labels":{"en":{"value":"no id"}}}"#,
            r#"["Q6"]"#,
            r#"{"id":"Q7","labels":{"de":{"value":"Sieben"},"en":{"value":""}}} trailing"#,
            r#"{"id":"Q8","claims":{"P1":[{"a":"\ud800"}]},"labels":{"de":{"value":"Acht"},"en":{"value":"Eight"}}}"#,
            "{\"id\":\"Q9\",\"claims\":{\"P1\":\"a\u{1}b\"},\"labels\":{\"en\":{\"value\":\"Nine\"}}}",
            r#"{"id":"Q10","claims":{"P\ud800":1},"labels":{"en":{"value":"Ten"}}}"#,
            r#"{"id":"Q11","claims":{"P1":[1e999]},"labels":{"en":{"value":"Eleven"}}}"#,
            r#"{"id":"Q12","claims":{"P1":[-0.5e-3,true,null,{}]},"labels":{"en":{"value":"Twelve"}}}"#,
        ];
        let de = Lang::new("de").unwrap();
        for line in lines {
            for lang in [Lang::EN, de] {
                let generic = json::parse(line).ok().and_then(|v| head(&v, lang));
                let typed = super::read(line).and_then(|(id, labels)| {
                    Some((id?.scalar_text()?, lang_text(labels.as_ref(), lang)))
                });
                assert_eq!(typed, generic, "{line} in {}", lang.as_str());
            }
        }
    }
}
