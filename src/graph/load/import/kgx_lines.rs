//! JSON Lines of kgx's own records: `{"entity": {…}}`, `{"relation": {…}}` and
//! `{"source": {…}}` per line, or the native format's entity, relation and source objects
//! themselves, one per line (told apart by their fields: `from`/`to` make a relation).
//!
//! The fields mean what they mean in the native format (docs/format.md): `id`, `kind`, `name`,
//! `summary`, `aliases`, `tags`, `attrs`, `sources` for entities; `from`, `to`, `type`,
//! `attrs`, `sources` for relations. A `{"title": …}` line gives the graph's title. Attribute
//! values that are arrays or objects are kept as their JSON text.

use std::borrow::Cow;

use super::json::{self, Fields, Json};
use super::lines;
use super::sink::{At, Extra, Sink, Val, str_at};
use crate::graph::error::LoadError;
use crate::graph::load::LoadOptions;
use crate::graph::load::Loaded;
use crate::graph::load::format::Detected;
use crate::graph::model::SourceRec;

pub(crate) fn load(
    text: &str,
    origin: &str,
    opts: LoadOptions,
    detected: Detected,
) -> Result<Loaded, LoadError> {
    let mut sink = Sink::new(text, opts, ["from", "to"]);
    if detected.lines {
        lines::for_each(&mut sink, false, |sink, line| {
            record(sink, &line.value, line.offset, line.number);
        });
    } else {
        let root = super::sink::parse_document(text, origin)?;
        sink.duplicate_keys(&root, 0);
        let items: Vec<&Json<'_>> = match &root {
            Json::Arr(items) => items.iter().collect(),
            other => vec![other],
        };
        for (i, item) in items.into_iter().enumerate() {
            let at = super::sink::offset_of(text, item).unwrap_or(0);
            record(&mut sink, item, at, i + 1);
        }
    }
    sink.finish(origin, detected)
}

fn record(sink: &mut Sink<'_>, v: &Json<'_>, offset: usize, number: usize) {
    let Json::Obj(f) = v else {
        sink.error(
            offset,
            format!("line {number}"),
            "a record must be an object",
        );
        return;
    };
    let wrapped = |k: &str| match json::get(f, k) {
        Some(Json::Obj(inner)) if f.len() == 1 => Some(inner.as_slice()),
        _ => None,
    };
    if let Some(e) = wrapped("entity") {
        entity(sink, e, offset, number);
    } else if let Some(r) = wrapped("relation") {
        relation(sink, r, offset, number);
    } else if let Some(s) = wrapped("source") {
        source(sink, s, offset, number);
    } else if json::get(f, "from").is_some() || json::get(f, "to").is_some() {
        relation(sink, f, offset, number);
    } else if let (Some(Json::Str(t)), 1) = (json::get(f, "title"), f.len()) {
        sink.title(t);
    } else {
        entity(sink, f, offset, number);
    }
}

fn strings<'a>(f: &'a Fields<'a>, key: &str) -> Vec<Cow<'a, str>> {
    match json::get(f, key) {
        Some(Json::Arr(items)) => items
            .iter()
            .filter_map(|v| match v {
                Json::Str(s) => Some(Cow::Borrowed(s.as_ref())),
                _ => None,
            })
            .collect(),
        _ => Vec::new(),
    }
}

fn extra_of<'a>(f: &'a Fields<'a>) -> Extra<'a> {
    let mut extra = Extra::default();
    if let Some(Json::Obj(attrs)) = json::get(f, "attrs") {
        for (k, v) in attrs {
            extra.attr(k.as_ref(), Val::Json(v));
        }
    }
    extra.sources = strings(f, "sources");
    extra
}

fn entity(sink: &mut Sink<'_>, f: &Fields<'_>, offset: usize, number: usize) {
    let text = |k: &str| json::get(f, k).and_then(Json::scalar_text);
    let (Some(id), Some(kind), Some(name)) = (text("id"), text("kind"), text("name")) else {
        sink.error(
            offset,
            format!("line {number}"),
            "an entity needs \"id\", \"kind\" and \"name\"",
        );
        return;
    };
    let mut extra = extra_of(f);
    extra.aliases = strings(f, "aliases");
    extra.tags = strings(f, "tags");
    let summary = str_at(f, "summary");
    sink.entity(
        At::new(offset, format!("line {number}")),
        &id,
        &kind,
        &name,
        summary,
        extra,
    );
}

fn relation(sink: &mut Sink<'_>, f: &Fields<'_>, offset: usize, number: usize) {
    let text = |k: &str| json::get(f, k).and_then(Json::scalar_text);
    let (Some(from), Some(to), Some(rtype)) = (text("from"), text("to"), text("type")) else {
        sink.error(
            offset,
            format!("line {number}"),
            "a relation needs \"from\", \"to\" and \"type\"",
        );
        return;
    };
    sink.relation(
        At::new(offset, format!("line {number}")),
        &from,
        &to,
        &rtype,
        extra_of(f),
    );
}

fn source(sink: &mut Sink<'_>, f: &Fields<'_>, offset: usize, number: usize) {
    let get = |k: &str| str_at(f, k).map(str::to_string);
    let Some(id) = get("id") else {
        sink.error(offset, format!("line {number}"), "a source needs an \"id\"");
        return;
    };
    sink.source(SourceRec {
        id,
        title: get("title"),
        publisher: get("publisher"),
        urls: Vec::new(),
        date: get("date"),
        url: get("url"),
    });
}

#[cfg(test)]
mod tests {
    use crate::graph::{LoadOptions, load_bytes};

    #[test]
    fn wrapped_and_bare_records() {
        let text = concat!(
            "{\"title\": \"T\"}\n",
            "{\"source\": {\"id\": \"s1\", \"title\": \"Paper\"}}\n",
            "{\"entity\": {\"id\": \"a\", \"kind\": \"company\", \"name\": \"A\", \"sources\": [\"s1\"]}}\r\n",
            "\n",
            "{\"id\": \"b\", \"kind\": \"company\", \"name\": \"B\", \"attrs\": {\"n\": 1}}\n",
            "{\"relation\": {\"from\": \"a\", \"to\": \"b\", \"type\": \"owns\"}}\n",
            "{\"from\": \"b\", \"to\": \"a\", \"type\": \"supplies\"}\n",
        );
        let loaded = load_bytes(text.as_bytes(), "t.jsonl", LoadOptions::default()).unwrap();
        let g = &loaded.graph;
        assert_eq!(loaded.format.name, "kgx JSON Lines");
        assert_eq!(g.title(), Some("T"));
        assert_eq!(
            (g.entity_count(), g.relation_count(), g.source_count()),
            (2, 2, 1)
        );
        let a = g.entity(g.find("a").unwrap());
        assert_eq!(a.sources().map(|s| s.id()).collect::<Vec<_>>(), ["s1"]);
    }
}
