//! Reading kgx's native JSON format: serde visitors hand each top-level list, record and field
//! straight to the [`Builder`], with no intermediate `serde_json::Value` tree.
//!
//! The visitors keep the [`Context`] (which record and field) current so type errors name them.
//! Validation is the builder's; wording is `messages`'; this file only walks the JSON.

use std::borrow::Cow;
use std::fmt;

use serde::de::{
    self, Deserialize, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor,
};

use super::builder::{Builder, EntityInput, ValueInput};
use super::messages::Context;
use super::text::{Text, opt_text};
use crate::graph::model::SourceRec;

const TOP_FIELDS: &[&str] = &["title", "meta", "sources", "entities", "relations"];
const ENTITY_FIELDS: &[&str] = &[
    "id", "kind", "name", "aliases", "summary", "attrs", "tags", "sources",
];
const RELATION_FIELDS: &[&str] = &["from", "to", "type", "attrs", "sources"];
const SOURCE_FIELDS: &[&str] = &["id", "title", "publisher", "date", "url", "urls"];

/// Parses the whole document into `builder`. Returns whether an `entities` array was seen.
pub(super) fn parse(
    text: &str,
    builder: &mut Builder,
    ctx: &mut Context,
) -> Result<bool, serde_json::Error> {
    builder.reads_from(text);
    let mut de = serde_json::Deserializer::from_str(text);
    TopSeed { b: builder, ctx }
        .deserialize(&mut de)
        .and_then(|seen_entities| de.end().map(|_| seen_entities))
}

/// A scalar attribute value.
struct Scalar<'de>(ScalarKind<'de>);
enum ScalarKind<'de> {
    Null,
    Bool(bool),
    Int(i64),
    Float(f64),
    Str(Cow<'de, str>),
}

impl<'de> de::Deserialize<'de> for Scalar<'de> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Scalar<'de>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a string, number, boolean or null (attribute values are scalars)")
            }
            fn visit_unit<E>(self) -> Result<Self::Value, E> {
                Ok(Scalar(ScalarKind::Null))
            }
            fn visit_none<E>(self) -> Result<Self::Value, E> {
                Ok(Scalar(ScalarKind::Null))
            }
            fn visit_bool<E>(self, v: bool) -> Result<Self::Value, E> {
                Ok(Scalar(ScalarKind::Bool(v)))
            }
            fn visit_i64<E>(self, v: i64) -> Result<Self::Value, E> {
                Ok(Scalar(ScalarKind::Int(v)))
            }
            fn visit_u64<E>(self, v: u64) -> Result<Self::Value, E> {
                Ok(Scalar(match i64::try_from(v) {
                    Ok(i) => ScalarKind::Int(i),
                    Err(_) => ScalarKind::Float(v as f64),
                }))
            }
            fn visit_f64<E>(self, v: f64) -> Result<Self::Value, E> {
                Ok(Scalar(ScalarKind::Float(v)))
            }
            fn visit_borrowed_str<E>(self, v: &'de str) -> Result<Self::Value, E> {
                Ok(Scalar(ScalarKind::Str(Cow::Borrowed(v))))
            }
            fn visit_str<E>(self, v: &str) -> Result<Self::Value, E> {
                Ok(Scalar(ScalarKind::Str(Cow::Owned(v.to_string()))))
            }
            fn visit_string<E>(self, v: String) -> Result<Self::Value, E> {
                Ok(Scalar(ScalarKind::Str(Cow::Owned(v))))
            }
        }
        d.deserialize_any(V)
    }
}

impl Scalar<'_> {
    fn input(&self) -> ValueInput<'_> {
        match &self.0 {
            ScalarKind::Null => ValueInput::Null,
            ScalarKind::Bool(b) => ValueInput::Bool(*b),
            ScalarKind::Int(i) => ValueInput::Int(*i),
            ScalarKind::Float(f) => ValueInput::Float(*f),
            ScalarKind::Str(s) => ValueInput::Str(s),
        }
    }
}

/// The top-level object. Returns whether an `entities` array was seen.
struct TopSeed<'b> {
    b: &'b mut Builder,
    ctx: &'b mut Context,
}

impl<'de> DeserializeSeed<'de> for TopSeed<'_> {
    type Value = bool;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<bool, D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for TopSeed<'_> {
    type Value = bool;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a JSON object with an \"entities\" array (a kgx graph)")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<bool, A::Error> {
        let mut seen_entities = false;
        while let Some(key) = map.next_key::<Text<'de>>()? {
            *self.ctx = Context::default();
            map.next_value_seed(TopValue {
                b: self.b,
                ctx: self.ctx,
                key: &key.0,
            })?;
            if key.0 == "entities" {
                if self.b.needs_rerun() {
                    return Err(de::Error::custom("two entities share an id: read again"));
                }
                seen_entities = true;
            }
        }
        *self.ctx = Context::default();
        Ok(seen_entities)
    }
}

/// The value of one top-level key, handed to the builder (after the entities, the builder is
/// told they are done; the caller checks [`Builder::needs_rerun`]).
pub(super) struct TopValue<'b> {
    pub(super) b: &'b mut Builder,
    pub(super) ctx: &'b mut Context,
    pub(super) key: &'b str,
}

impl<'de> DeserializeSeed<'de> for TopValue<'_> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        let TopValue { b, ctx, key } = self;
        let list = |b: &mut Builder, ctx: &mut Context, section, item, d: D| {
            ctx.section = Some(section);
            ListSeed { b, ctx, item }.deserialize(d)
        };
        match key {
            "title" => {
                ctx.section = Some("title");
                if let Some(t) = Option::<Text<'de>>::deserialize(d)? {
                    b.set_title(&t.0);
                }
            }
            "meta" => {
                // Graph-level fields an import kept (`directed`, `@context`), as JSON.
                ctx.section = Some("meta");
                match super::import::json::Json::<'de>::deserialize(d)? {
                    super::import::json::Json::Obj(fields) => {
                        for (k, v) in fields {
                            b.add_meta(&k, v.to_text());
                        }
                    }
                    super::import::json::Json::Null => {}
                    _ => return Err(de::Error::custom("'meta' must be an object")),
                }
            }
            "sources" => list(b, ctx, "sources", Item::Source, d)?,
            "entities" => {
                list(b, ctx, "entities", Item::Entity, d)?;
                b.entities_done();
            }
            "relations" => list(b, ctx, "relations", Item::Relation, d)?,
            other => {
                b.unknown_field(other.to_string(), other, TOP_FIELDS);
                IgnoredAny::deserialize(d)?;
            }
        }
        Ok(())
    }
}

#[derive(Clone, Copy)]
pub(super) enum Item {
    Source,
    Entity,
    Relation,
}

/// A top-level array; each element goes to the builder as it is read.
struct ListSeed<'b> {
    b: &'b mut Builder,
    ctx: &'b mut Context,
    item: Item,
}

impl<'de> DeserializeSeed<'de> for ListSeed<'_> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        // `any`, not `seq`: serde_json reports `null` to `deserialize_seq` as a type error.
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for ListSeed<'_> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an array")
    }

    fn visit_unit<E: de::Error>(self) -> Result<(), E> {
        // `"relations": null` means no relations; the entities list is required.
        match self.item {
            Item::Entity => Err(E::invalid_type(de::Unexpected::Unit, &self)),
            _ => Ok(()),
        }
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        let mut i = 0u32;
        loop {
            self.ctx.index = Some(i);
            self.ctx.field = None;
            let item = RecordSeed {
                b: &mut *self.b,
                ctx: &mut *self.ctx,
                item: self.item,
                index: i,
            };
            if seq.next_element_seed(item)?.is_none() {
                break;
            }
            i += 1;
        }
        self.ctx.index = None;
        Ok(())
    }
}

/// One source, entity or relation object.
pub(super) struct RecordSeed<'b> {
    pub(super) b: &'b mut Builder,
    pub(super) ctx: &'b mut Context,
    pub(super) item: Item,
    pub(super) index: u32,
}

impl<'de> DeserializeSeed<'de> for RecordSeed<'_> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for RecordSeed<'_> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str(match self.item {
            Item::Source => "a source object",
            Item::Entity => "an entity object",
            Item::Relation => "a relation object",
        })
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<(), A::Error> {
        match self.item {
            Item::Source => read_source(self.b, self.ctx, self.index, map),
            Item::Entity => read_entity(self.b, self.ctx, self.index, map),
            Item::Relation => read_relation(self.b, self.ctx, self.index, map),
        }
    }
}

fn read_source<'de, A: MapAccess<'de>>(
    b: &mut Builder,
    ctx: &mut Context,
    index: u32,
    mut map: A,
) -> Result<(), A::Error> {
    let mut rec = SourceRec::default();
    let mut has_id = false;
    let mut seen = 0u16;
    while let Some(key) = map.next_key::<Text<'de>>()? {
        if seen_before(&mut seen, SOURCE_FIELDS, &key.0) {
            b.duplicate_key(format!("sources[{index}].{}", key.0), &key.0);
        }
        let slot = match key.0.as_ref() {
            "id" => {
                has_id = true;
                &mut rec.id
            }
            "title" => rec.title.get_or_insert_with(String::new),
            "publisher" => rec.publisher.get_or_insert_with(String::new),
            "date" => rec.date.get_or_insert_with(String::new),
            "url" => rec.url.get_or_insert_with(String::new),
            "urls" => {
                ctx.field = Some("urls");
                let urls = map
                    .next_value::<Option<Vec<Text<'de>>>>()?
                    .unwrap_or_default();
                rec.urls = urls
                    .into_iter()
                    .map(|t| t.0.into_owned())
                    .filter(|u| !u.is_empty())
                    .collect();
                continue;
            }
            other => {
                b.unknown_field(format!("sources[{index}].{other}"), other, SOURCE_FIELDS);
                map.next_value::<IgnoredAny>()?;
                continue;
            }
        };
        ctx.field = SOURCE_FIELDS.iter().copied().find(|f| *f == key.0.as_ref());
        if let Some(t) = opt_text(&mut map)? {
            *slot = t.0.into_owned();
        }
    }
    // `"title": null` leaves an empty string behind; treat it as absent.
    for field in [
        &mut rec.title,
        &mut rec.publisher,
        &mut rec.date,
        &mut rec.url,
    ] {
        if field.as_deref() == Some("") {
            *field = None;
        }
    }
    if !has_id {
        rec.id.clear();
    }
    b.add_source(index, rec);
    Ok(())
}

fn read_entity<'de, A: MapAccess<'de>>(
    b: &mut Builder,
    ctx: &mut Context,
    index: u32,
    mut map: A,
) -> Result<(), A::Error> {
    let (mut id, mut kind, mut name, mut summary) = (None, None, None, None);
    let mut aliases = b.end_strings(b.begin_strings());
    let mut tags = aliases;
    let mut attrs = b.end_attrs(b.begin_attrs());
    let mut sources = b.end_sources(b.begin_sources());
    let mut seen = 0u16;
    while let Some(key) = map.next_key::<Text<'de>>()? {
        b.passed(&key.0);
        let field = ENTITY_FIELDS.iter().copied().find(|f| *f == key.0.as_ref());
        ctx.field = field;
        if seen_before(&mut seen, ENTITY_FIELDS, &key.0) {
            b.duplicate_key(format!("entities[{index}].{}", key.0), &key.0);
        }
        match field {
            Some("id") => id = opt_text(&mut map)?,
            Some("kind") => kind = opt_text(&mut map)?,
            Some("name") => name = opt_text(&mut map)?,
            Some("summary") => summary = opt_text(&mut map)?,
            Some("aliases") => aliases = read_strings(b, &mut map)?,
            Some("tags") => tags = read_strings(b, &mut map)?,
            Some("attrs") => attrs = read_attrs(b, &mut map, "entities", index)?,
            Some("sources") => sources = read_source_refs(b, &mut map)?,
            _ => {
                b.unknown_field(
                    format!("entities[{index}].{}", key.0),
                    &key.0,
                    ENTITY_FIELDS,
                );
                map.next_value::<IgnoredAny>()?;
            }
        }
    }
    ctx.field = None;
    b.add_entity(EntityInput {
        file_ix: index,
        id: id.as_ref().map(|t| t.0.as_ref()),
        kind: kind.as_ref().map(|t| t.0.as_ref()),
        name: name.as_ref().map(|t| t.0.as_ref()),
        summary: summary.as_ref().map(|t| t.0.as_ref()),
        aliases,
        tags,
        attrs,
        sources,
    });
    Ok(())
}

fn read_relation<'de, A: MapAccess<'de>>(
    b: &mut Builder,
    ctx: &mut Context,
    index: u32,
    mut map: A,
) -> Result<(), A::Error> {
    let (mut from, mut to, mut rtype) = (None, None, None);
    let mut attrs = b.end_attrs(b.begin_attrs());
    let mut sources = b.end_sources(b.begin_sources());
    let mut seen = 0u16;
    while let Some(key) = map.next_key::<Text<'de>>()? {
        b.passed(&key.0);
        let field = RELATION_FIELDS
            .iter()
            .copied()
            .find(|f| *f == key.0.as_ref());
        ctx.field = field;
        if seen_before(&mut seen, RELATION_FIELDS, &key.0) {
            b.duplicate_key(format!("relations[{index}].{}", key.0), &key.0);
        }
        match field {
            Some("from") => from = opt_text(&mut map)?,
            Some("to") => to = opt_text(&mut map)?,
            Some("type") => rtype = opt_text(&mut map)?,
            Some("attrs") => attrs = read_attrs(b, &mut map, "relations", index)?,
            Some("sources") => sources = read_source_refs(b, &mut map)?,
            _ => {
                b.unknown_field(
                    format!("relations[{index}].{}", key.0),
                    &key.0,
                    RELATION_FIELDS,
                );
                map.next_value::<IgnoredAny>()?;
            }
        }
    }
    ctx.field = None;
    b.add_relation(
        index,
        from.as_ref().map(|t| t.0.as_ref()),
        to.as_ref().map(|t| t.0.as_ref()),
        rtype.as_ref().map(|t| t.0.as_ref()),
        attrs,
        sources,
    );
    Ok(())
}

/// What a list-valued field does with each element.
#[derive(Clone, Copy)]
enum ListKind {
    Strings,
    SourceRefs,
}

struct StringListSeed<'b> {
    b: &'b mut Builder,
    kind: ListKind,
}

impl<'de> DeserializeSeed<'de> for StringListSeed<'_> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for StringListSeed<'_> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an array of strings")
    }
    fn visit_unit<E>(self) -> Result<(), E> {
        Ok(())
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        while let Some(t) = seq.next_element::<Text<'de>>()? {
            match self.kind {
                ListKind::Strings => self.b.push_string(&t.0),
                ListKind::SourceRefs => self.b.push_source_ref(&t.0),
            }
        }
        Ok(())
    }
}

fn read_strings<'de, A: MapAccess<'de>>(
    b: &mut Builder,
    map: &mut A,
) -> Result<crate::graph::model::Slots, A::Error> {
    let start = b.begin_strings();
    map.next_value_seed(StringListSeed {
        b,
        kind: ListKind::Strings,
    })?;
    Ok(b.end_strings(start))
}

fn read_source_refs<'de, A: MapAccess<'de>>(
    b: &mut Builder,
    map: &mut A,
) -> Result<crate::graph::model::Slots, A::Error> {
    let start = b.begin_sources();
    map.next_value_seed(StringListSeed {
        b,
        kind: ListKind::SourceRefs,
    })?;
    Ok(b.end_sources(start))
}

struct AttrsSeed<'b> {
    b: &'b mut Builder,
    section: &'static str,
    index: u32,
    /// Where this record's attributes begin, to find a key given twice.
    start: u32,
}

impl<'de> DeserializeSeed<'de> for AttrsSeed<'_> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for AttrsSeed<'_> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an object of attributes")
    }
    fn visit_unit<E>(self) -> Result<(), E> {
        Ok(())
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        while let Some(key) = map.next_key::<Text<'de>>()? {
            let value = map.next_value::<Scalar<'de>>()?;
            let (section, index) = (self.section, self.index);
            self.b.push_attr(&key.0, value.input(), || {
                format!("{section}[{index}].attrs.{}", key.0)
            });
            if self.b.last_attr_repeats(self.start) {
                let path = format!("{section}[{index}].attrs.{}", key.0);
                self.b.duplicate_key(path, &key.0);
            }
        }
        Ok(())
    }
}

fn read_attrs<'de, A: MapAccess<'de>>(
    b: &mut Builder,
    map: &mut A,
    section: &'static str,
    index: u32,
) -> Result<crate::graph::model::Slots, A::Error> {
    let start = b.begin_attrs();
    map.next_value_seed(AttrsSeed {
        b,
        section,
        index,
        start,
    })?;
    Ok(b.end_attrs(start))
}

/// Notes a record's known field `key` as seen (`seen` is a bit per entry of `fields`); true when
/// it was seen before in the same object. Unknown keys are not tracked: each is already reported.
fn seen_before(seen: &mut u16, fields: &[&str], key: &str) -> bool {
    let Some(ix) = fields.iter().position(|f| *f == key) else {
        return false;
    };
    let bit = 1u16 << ix;
    let before = *seen & bit != 0;
    *seen |= bit;
    before
}
