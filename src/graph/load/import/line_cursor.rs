//! A cursor over one JSON line for the typed line readers (apoc_line.rs, ftm_line.rs): objects,
//! arrays, strings borrowed from the line, scalars as the generic [`Json`] holds them, and the
//! compact text of an array, read without building a tree and without allocating (a string with
//! escapes is decoded by serde_json itself).
//!
//! Strict by design: anything it cannot read exactly as serde_json and the generic tree would
//! (a key with escapes, a float in an array, a control character, invalid JSON) makes it give up
//! (`None`), and the line is parsed into the generic tree, which reports what is wrong. What it
//! does not do: know any format's fields, or find repeated keys (the readers give up on them).

use std::borrow::Cow;

use super::json::Json;

/// Where a typed reader stands in its line.
pub(super) struct Cursor<'t> {
    line: &'t str,
    at: usize,
}

impl<'t> Cursor<'t> {
    pub(super) fn new(line: &'t str) -> Cursor<'t> {
        Cursor { line, at: 0 }
    }

    fn bytes(&self) -> &'t [u8] {
        self.line.as_bytes()
    }

    fn peek(&self) -> Option<u8> {
        self.bytes().get(self.at).copied()
    }

    /// Passes over JSON whitespace.
    fn space(&mut self) {
        while let Some(b' ' | b'\t' | b'\n' | b'\r') = self.peek() {
            self.at += 1;
        }
    }

    /// The next byte after whitespace, consumed if it is `b`.
    fn eat(&mut self, b: u8) -> bool {
        self.space();
        let found = self.peek() == Some(b);
        self.at += usize::from(found);
        found
    }

    /// The end of the line (only whitespace left).
    pub(super) fn end(&mut self) -> Option<()> {
        self.space();
        (self.at == self.line.len()).then_some(())
    }

    /// A string's text between its quotes, from just after the opening quote, and whether it
    /// has escapes; `None` at a control character or the end of the line.
    fn raw_string(&mut self) -> Option<(&'t str, bool)> {
        let start = self.at;
        let bytes = self.bytes();
        let mut escaped = false;
        loop {
            match *bytes.get(self.at)? {
                b'"' => break,
                b'\\' => {
                    escaped = true;
                    self.at += 2;
                }
                0..0x20 => return None,
                _ => self.at += 1,
            }
        }
        let raw = self.line.get(start..self.at)?;
        self.at += 1;
        Some((raw, escaped))
    }

    /// A string, borrowed when it has no escapes (decoded by serde_json when it has).
    pub(super) fn string(&mut self) -> Option<Cow<'t, str>> {
        if !self.eat(b'"') {
            return None;
        }
        let from = self.at - 1;
        match self.raw_string()? {
            (raw, false) => Some(Cow::Borrowed(raw)),
            (_, true) => serde_json::from_str::<String>(&self.line[from..self.at])
                .ok()
                .map(Cow::Owned),
        }
    }

    /// An object key: a string without escapes (one with escapes is left to the generic tree,
    /// which places repeated keys by the keys it can locate).
    fn key(&mut self) -> Option<&'t str> {
        if !self.eat(b'"') {
            return None;
        }
        match self.raw_string()? {
            (key, false) => Some(key),
            (_, true) => None,
        }
    }

    /// Reads an object, giving each key to `field` to read its value.
    pub(super) fn object(
        &mut self,
        mut field: impl FnMut(&mut Self, &'t str) -> Option<()>,
    ) -> Option<()> {
        if !self.eat(b'{') {
            return None;
        }
        if self.eat(b'}') {
            return Some(());
        }
        loop {
            let key = self.key()?;
            if !self.eat(b':') {
                return None;
            }
            field(self, key)?;
            if self.eat(b',') {
                continue;
            }
            return self.eat(b'}').then_some(());
        }
    }

    /// Reads an array, giving `item` each element to read.
    pub(super) fn array(&mut self, mut item: impl FnMut(&mut Self) -> Option<()>) -> Option<()> {
        if !self.eat(b'[') {
            return None;
        }
        if self.eat(b']') {
            return Some(());
        }
        loop {
            item(self)?;
            if self.eat(b',') {
                continue;
            }
            return self.eat(b']').then_some(());
        }
    }

    /// The next value's first byte (after whitespace), not consumed.
    pub(super) fn next_byte(&mut self) -> Option<u8> {
        self.space();
        self.peek()
    }

    /// A string, number, boolean or null, as the generic tree holds it; `None` for an array
    /// or an object.
    pub(super) fn scalar(&mut self) -> Option<Json<'t>> {
        match self.next_byte()? {
            b'"' => self.string().map(Json::Str),
            b't' => self.word("true", Json::Bool(true)),
            b'f' => self.word("false", Json::Bool(false)),
            b'n' => self.word("null", Json::Null),
            b'-' | b'0'..=b'9' => self.number(),
            _ => None,
        }
    }

    fn word(&mut self, word: &str, value: Json<'t>) -> Option<Json<'t>> {
        let rest = self.line.get(self.at..)?;
        rest.starts_with(word).then(|| {
            self.at += word.len();
            value
        })
    }

    /// A number: short integers read here, any other one by serde_json (so floats round as the
    /// generic tree's do).
    fn number(&mut self) -> Option<Json<'t>> {
        let start = self.at;
        let bytes = self.bytes();
        self.at += usize::from(bytes[start] == b'-');
        let digits = self.at;
        while let Some(b'0'..=b'9') = self.peek() {
            self.at += 1;
        }
        let plain_end = self.at;
        while let Some(b'0'..=b'9' | b'.' | b'e' | b'E' | b'+' | b'-') = self.peek() {
            self.at += 1;
        }
        let raw = &self.line[start..self.at];
        let int = &self.line[digits..plain_end];
        let canonical = !int.is_empty() && (int == "0" || !int.starts_with('0'));
        if self.at == plain_end && canonical && int.len() <= 18 && raw != "-0" {
            let n: i64 = raw.parse().ok()?;
            return Some(Json::Num(match u64::try_from(n) {
                Ok(u) => u.into(),
                Err(_) => n.into(),
            }));
        }
        match serde_json::from_str::<Json<'_>>(raw).ok()? {
            Json::Num(n) => Some(Json::Num(n)),
            _ => None,
        }
    }

    /// An array of scalars read by `item` (with [`Cursor::scalar`]), as its text.
    pub(super) fn array_text(
        &mut self,
        mut item: impl FnMut(&mut Self) -> Option<()>,
    ) -> Option<ArrayText<'t>> {
        self.space();
        let start = self.at;
        let mut compact_items = true;
        self.array(|c| {
            let before = c.at;
            item(c)?;
            compact_items &= compact_scalar(&c.line[before..c.at]);
            Some(())
        })?;
        Some(ArrayText {
            raw: &self.line[start..self.at],
            compact_items,
        })
    }

    /// Passes over a value of any kind but an object (whose keys might repeat).
    pub(super) fn skip(&mut self) -> Option<()> {
        match self.next_byte()? {
            b'[' => self.array(Cursor::skip),
            b'{' => None,
            _ => self.scalar().map(drop),
        }
    }
}

/// An array's text in the line, from [`Cursor::array_text`].
pub(super) struct ArrayText<'t> {
    raw: &'t str,
    /// Whether every item's text is what serde_json writes for it.
    compact_items: bool,
}

impl<'t> ArrayText<'t> {
    /// The array's text when it is already what the generic tree writes back for it
    /// ([`Json::to_text`]): no whitespace, strings without escapes, short integers, booleans
    /// and nulls (worked out only when asked: most arrays' texts are not wanted).
    pub(super) fn compact(&self) -> Option<&'t str> {
        (self.compact_items && no_space_outside_strings(self.raw)).then_some(self.raw)
    }
}

/// Whether a scalar's text in the line is exactly what serde_json writes for the value it
/// reads: a string without escapes, a short integer other than `-0`, a boolean or null.
fn compact_scalar(raw: &str) -> bool {
    match raw.as_bytes().first() {
        Some(b'"') => !raw.contains('\\'),
        Some(b'-' | b'0'..=b'9') => {
            let digits = raw.strip_prefix('-').unwrap_or(raw);
            raw != "-0"
                && digits.len() <= 18
                && digits.bytes().all(|b| b.is_ascii_digit())
                && (digits == "0" || !digits.starts_with('0'))
        }
        _ => matches!(raw, "true" | "false" | "null"),
    }
}

/// Whether JSON text without escapes has no whitespace between its tokens.
fn no_space_outside_strings(raw: &str) -> bool {
    let mut in_string = false;
    raw.bytes().all(|b| {
        in_string ^= b == b'"';
        in_string || b == b'"' || !matches!(b, b' ' | b'\t' | b'\n' | b'\r')
    })
}

/// The lists a typed reader appends a line's values to, cut back when it gives up on the line.
pub(super) trait Appended {
    fn lens(&self) -> [usize; 2];
    fn cut(&mut self, lens: [usize; 2]);
}

/// `read(lists)`, with what it appended to `lists` taken back when it gives up.
pub(super) fn read_or_cut<L: Appended, T>(
    lists: &mut L,
    read: impl FnOnce(&mut L) -> Option<T>,
) -> Option<T> {
    let before = lists.lens();
    let read = read(lists);
    if read.is_none() {
        lists.cut(before);
    }
    read
}

#[cfg(test)]
thread_local! {
    /// Whether this thread's loads read every line as the generic tree (to compare).
    pub(super) static GENERIC_ONLY: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Whether the typed readers are off (tests comparing them with the generic tree).
pub(super) fn generic_only() -> bool {
    #[cfg(test)]
    return GENERIC_ONLY.with(std::cell::Cell::get);
    #[cfg(not(test))]
    false
}

/// A property's value as the mappings keep it: a scalar, or an array's or object's compact
/// JSON text (what an attribute holds for it).
#[derive(Clone, Debug, PartialEq)]
pub(super) enum Prop<'t> {
    Scalar(Json<'t>),
    Compound(Cow<'t, str>),
}

impl<'t> Prop<'t> {
    /// A value of the generic tree.
    pub(super) fn of(value: &Json<'t>) -> Prop<'t> {
        match value {
            Json::Arr(_) | Json::Obj(_) => Prop::Compound(Cow::Owned(value.to_text())),
            scalar => Prop::Scalar(scalar.clone()),
        }
    }

    /// A string, number or boolean as text ([`Json::scalar_text`]).
    pub(super) fn scalar_text(&self) -> Option<String> {
        match self {
            Prop::Scalar(v) => v.scalar_text(),
            Prop::Compound(_) => None,
        }
    }

    /// [`Prop::scalar_text`], borrowed when it is a string.
    pub(super) fn text(&self) -> Option<Cow<'_, str>> {
        match self {
            Prop::Scalar(Json::Str(s)) => Some(Cow::Borrowed(s)),
            other => other.scalar_text().map(Cow::Owned),
        }
    }

    /// The attribute value.
    pub(super) fn val(&self) -> super::sink::Val<'_> {
        match self {
            Prop::Scalar(v) => super::sink::Val::Json(v),
            Prop::Compound(text) => super::sink::Val::Str(Cow::Borrowed(text)),
        }
    }
}

/// A property value read by the cursor: a scalar, or an array of scalars already compact.
pub(super) fn prop<'t>(c: &mut Cursor<'t>) -> Option<Prop<'t>> {
    match c.next_byte()? {
        b'[' => {
            let text = c.array_text(|c| c.scalar().map(drop))?;
            Some(Prop::Compound(Cow::Borrowed(text.compact()?)))
        }
        b'{' => None,
        _ => c.scalar().map(Prop::Scalar),
    }
}

/// Lines of records for the typed readers' property tests.
#[cfg(test)]
pub(super) mod test_lines {
    use proptest::prelude::*;

    use crate::graph::{LoadOptions, load_bytes};

    /// Loads `text` with the typed reader (`typed`) or with the generic tree only, as a
    /// comparable summary: the graph, or the error's text, and the warnings.
    pub(crate) fn load(text: &str, typed: bool) -> Result<(crate::graph::Graph, String), String> {
        super::GENERIC_ONLY.with(|g| g.set(!typed));
        let got = load_bytes(text.as_bytes(), "t.jsonl", LoadOptions::default());
        super::GENERIC_ONLY.with(|g| g.set(false));
        got.map(|l| {
            let warnings = format!("{} {:?}", l.warning_total, l.warnings);
            (l.graph, warnings)
        })
        .map_err(|e| e.to_string())
    }

    /// Asserts that `typed` reads every line of a generated graph in `format` (none is left to
    /// the generic tree) and that the two give the same load of it.
    pub(crate) fn assert_generated_lines_read_typed(
        format: crate::generate::GraphFormat,
        typed: impl Fn(&str) -> bool,
    ) {
        let mut bytes = Vec::new();
        crate::generate::write_graph_as(&mut bytes, 300, 5, format).unwrap();
        let text = String::from_utf8(bytes).unwrap();
        for line in text.lines() {
            assert!(typed(line), "{line}");
        }
        assert_same(&text);
    }

    /// Asserts that a generated graph in `format` of `entities` entities loads the same typed and
    /// as the generic tree: with enough entities for several batches, the pieces' buffers (and
    /// the typed readers' lists) are filled again by later pieces.
    pub(crate) fn assert_generated_graph_loads_the_same(
        format: crate::generate::GraphFormat,
        entities: usize,
    ) {
        let mut bytes = Vec::new();
        crate::generate::write_graph_as(&mut bytes, entities, 7, format).unwrap();
        let text = String::from_utf8(bytes).unwrap();
        assert!(
            text.len() > 5 * (4 << 20),
            "{} bytes: five batches",
            text.len()
        );
        let (typed, generic) = (load(&text, true), load(&text, false));
        let ((a, wa), (b, wb)) = (typed.unwrap(), generic.unwrap());
        assert_eq!(crate::graph::first_difference(&a, &b), None);
        assert_eq!(wa, wb);
        assert_eq!(a.entity_count(), entities);
    }

    /// Asserts that the typed reader and the generic tree give the same load of `text`.
    pub(crate) fn assert_same(text: &str) {
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

    /// The lines `first`, then `lines` with `{i}` replaced by each one's position.
    pub(crate) fn text_of(first: &str, lines: &[String]) -> String {
        let mut text = String::from(first);
        for (i, l) in lines.iter().enumerate() {
            text.push_str(&l.replace("{i}", &i.to_string()));
            text.push('\n');
        }
        text
    }

    /// A record (its id among its fields: its own `"n{i}"` most of the time, else one of
    /// `other_ids`, none for an empty one), or a line that is not one (`bad`, or not JSON).
    pub(crate) fn line_of(
        other_ids: Vec<&'static str>,
        field: impl Strategy<Value = &'static str>,
        bad: [&'static str; 2],
    ) -> impl Strategy<Value = String> {
        let other = prop::sample::select(other_ids);
        let id = (prop::option::weighted(0.8, Just("\"n{i}\"")), other)
            .prop_map(|(own, o)| own.unwrap_or(o));
        let bad = vec!["{", "[]", "\"x\"", bad[0], bad[1]];
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
