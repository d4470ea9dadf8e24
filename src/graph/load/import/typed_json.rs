//! The building blocks of a typed line reader (apoc_line.rs): strings and ids borrowed from the
//! line, keys that must borrow from it, a key read once, and giving up (the line is then read as
//! the generic tree). What it does not do: know any format's fields.

use std::borrow::Cow;
use std::fmt;

use serde::de::{self, Deserializer, Visitor};

/// The reason given to serde to stop reading typed (never shown: the line is read again).
pub(super) fn give_up<E: de::Error>() -> E {
    E::custom("not the exported shape")
}

/// A string borrowed from the line when it has no escapes.
pub(super) struct Text<'t>(pub Cow<'t, str>);

impl<'de> de::Deserialize<'de> for Text<'de> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_str(TextVisitor { numbers: false })
    }
}

/// An id: a string, or an integer as its decimal text (as the generic tree's scalar text).
pub(super) struct Id<'t>(pub Cow<'t, str>);

impl<'de> de::Deserialize<'de> for Id<'de> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(TextVisitor { numbers: true })
            .map(|t| Id(t.0))
    }
}

struct TextVisitor {
    numbers: bool,
}

impl<'de> Visitor<'de> for TextVisitor {
    type Value = Text<'de>;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a string")
    }
    fn visit_borrowed_str<E>(self, v: &'de str) -> Result<Text<'de>, E> {
        Ok(Text(Cow::Borrowed(v)))
    }
    fn visit_str<E>(self, v: &str) -> Result<Text<'de>, E> {
        Ok(Text(Cow::Owned(v.to_string())))
    }
    fn visit_string<E>(self, v: String) -> Result<Text<'de>, E> {
        Ok(Text(Cow::Owned(v)))
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Text<'de>, E> {
        self.numbers
            .then(|| Text(Cow::Owned(v.to_string())))
            .ok_or_else(give_up)
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Text<'de>, E> {
        self.numbers
            .then(|| Text(Cow::Owned(v.to_string())))
            .ok_or_else(give_up)
    }
}

/// A key, which must borrow from the line (one with escapes is left to the generic tree, which
/// places repeated keys by the keys it can locate).
pub(super) struct Key<'t>(pub &'t str);

impl<'de> de::Deserialize<'de> for Key<'de> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        match Text::deserialize(d)?.0 {
            Cow::Borrowed(k) => Ok(Key(k)),
            Cow::Owned(_) => Err(give_up()),
        }
    }
}

/// Marks a key as read, giving up when it was read before.
pub(super) fn first_time<E: de::Error>(seen: &mut u8, bit: u8) -> Result<(), E> {
    if *seen & bit != 0 {
        return Err(give_up());
    }
    *seen |= bit;
    Ok(())
}

/// Lines of records for the typed readers' property tests.
#[cfg(test)]
pub(super) mod test_lines {
    use proptest::prelude::*;

    /// A record (its id somewhere among its fields), or a line that is not one.
    pub(crate) fn line_of(
        id: impl Strategy<Value = &'static str>,
        field: impl Strategy<Value = &'static str>,
        bad: Vec<&'static str>,
    ) -> impl Strategy<Value = String> {
        let record = (
            id,
            prop::collection::vec(field, 0..5),
            any::<prop::sample::Index>(),
        )
            .prop_map(|(id, fields, at)| {
                let mut fields: Vec<String> = fields.into_iter().map(str::to_string).collect();
                if !id.is_empty() {
                    fields.insert(at.index(fields.len() + 1), format!("\"id\":{id}"));
                }
                format!("{{{}}}", fields.join(","))
            });
        prop_oneof![
            20 => record,
            1 => prop::sample::select(bad).prop_map(str::to_string),
        ]
    }
}
