//! Reading a native file's top-level object one part at a time, each key and value with a
//! deserializer of its own, so the loader can stop at the relations the other thread read ahead
//! (`ahead`) without an error.
//!
//! Stopping a single deserializer mid-object takes an error, and serde_json locates an error by
//! counting the lines of all the text before it: on a large file, the whole entities text read
//! again (its pages, released behind the parse, faulted in again). Here each part ends where
//! its value ends, which serde_json tells without reading on. What this does not do: report
//! problems. On anything serde_json refuses, the caller loads the ordinary way, which gives the
//! exact message and location.

use serde::de::{Deserialize, DeserializeSeed, IgnoredAny};

use super::builder::Builder;
use super::handover::Handover;
use super::messages::Context;
use super::native::TopValue;
use super::text::Text;

/// Where the parse stopped.
pub(super) enum Stop {
    /// At the end of the document; whether it had an `entities` array.
    End(bool),
    /// At the top-level relations key the other thread read ahead (after the entities).
    ReadAhead,
}

/// Reads the top-level object of `text` into `b`, up to the relations read ahead if `handover`
/// finds them. `None` when the text is not a JSON object serde_json accepts, or two entities
/// share an id (the caller loads the ordinary way).
pub(super) fn parse_by_parts(
    text: &str,
    b: &mut Builder,
    ctx: &mut Context,
    handover: &mut Handover,
) -> Option<Stop> {
    let bytes = text.as_bytes();
    let mut at = skip_whitespace(bytes, 0);
    (bytes.get(at) == Some(&b'{')).then_some(())?;
    at += 1;
    let mut seen_entities = false;
    let mut first = true;
    loop {
        at = skip_whitespace(bytes, at);
        match bytes.get(at)? {
            b'}' => break,
            b',' if !first => at = skip_whitespace(bytes, at + 1),
            _ if first => {}
            _ => return None,
        }
        first = false;
        let (key, after_key) = value::<Text>(text, at)?;
        at = skip_whitespace(bytes, after_key);
        (bytes.get(at) == Some(&b':')).then_some(())?;
        at = skip_whitespace(bytes, at + 1);
        *ctx = Context::default();
        if key.0 == "relations" && seen_entities && handover.is_ahead(&key) {
            handover.taken = true;
            return Some(Stop::ReadAhead);
        }
        let mut de = serde_json::Deserializer::from_str(&text[at..]);
        let seed = TopValue {
            b: &mut *b,
            ctx: &mut *ctx,
            key: &key.0,
        };
        seed.deserialize(&mut de).ok()?;
        at += end_offset(de);
        if key.0 == "entities" {
            if b.needs_rerun() {
                return None;
            }
            seen_entities = true;
        }
    }
    *ctx = Context::default();
    // After the object, only whitespace.
    bytes[at + 1..]
        .iter()
        .all(|c| c.is_ascii_whitespace())
        .then_some(Stop::End(seen_entities))
}

/// The value of type `T` at `at` in `text`, and where it ends.
fn value<'t, T: Deserialize<'t>>(text: &'t str, at: usize) -> Option<(T, usize)> {
    let mut de = serde_json::Deserializer::from_str(&text[at..]);
    let v = T::deserialize(&mut de).ok()?;
    Some((v, at + end_offset(de)))
}

/// How far `de` has read: a stream deserializer starts where `de` stopped and tells its offset
/// without reading anything.
fn end_offset<'t>(de: serde_json::Deserializer<serde_json::de::StrRead<'t>>) -> usize {
    de.into_iter::<IgnoredAny>().byte_offset()
}

/// The first offset at or after `at` that is not JSON whitespace (or the end).
pub(super) fn skip_whitespace(bytes: &[u8], mut at: usize) -> usize {
    while bytes.get(at).is_some_and(|b| b" \t\n\r".contains(b)) {
        at += 1;
    }
    at
}
