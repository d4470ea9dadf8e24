//! Wikidata / Wikibase entity JSON: an API response (`{"entities":{"Q42":{…}}}`), one entity
//! object, a JSON dump (`[`, one entity per line ending in `,`, `]`; a dump cut short reads to
//! its last whole line), or JSON Lines of entities.
//!
//! Mapping: the entity id is the id; the label in `--lang` (else `LANG`, else `en`, else any)
//! the name; aliases in that language the aliases; the description the summary; the first
//! `P31` (instance of) value the kind, by its label when the class is in the file, else by its
//! id (an entity without `P31` is of its `type`: item, property, lexeme). Each statement whose
//! main value is an entity becomes a relation typed by the property's label (when the property
//! is in the file, else its id), with its rank, statement id, qualifiers (`qualifier.P580`) and
//! references (their JSON) as attributes. Other statements become attributes named the same
//! way: times as dates (`1952-03-11`, `1952-03`, `1952` by precision), quantities as numbers,
//! strings and monolingual text as text, coordinates as `lat,lon`, `novalue`/`somevalue` as
//! `(no value)`/`(some value)`. Relation ends not in the file become stubs of kind
//! `unresolved`; with `--no-stubs` those relations are left out (one warning says how many).
//! A `missing` entity of a response is a stub too; a redirect keeps its old id as an alias.
//!
//! Two passes over the records: the first only gathers labels and ids (so kinds and types can
//! use them), the second reads the records; JSON Lines are parsed again rather than kept.

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};

use super::json::{self, Fields, Json};
use super::lines;
use super::sink::{At, Extra, STUB_KIND, Sink, Val, offset_of, parse_document};
use crate::graph::error::LoadError;
use crate::graph::load::LoadOptions;
use crate::graph::load::Loaded;
use crate::graph::load::format::Detected;

/// What the first pass learns: every entity id in the file and its label.
#[derive(Default)]
struct Known {
    labels: HashMap<String, String>,
    ids: HashSet<String>,
}

pub(crate) fn load(
    text: &str,
    origin: &str,
    opts: LoadOptions,
    detected: Detected,
) -> Result<Loaded, LoadError> {
    let lang = opts.lang.unwrap_or(Lang::EN);
    let mut sink = Sink::new(text, opts, ["subject", "value"]);
    sink.make_stubs();
    let dump = text.trim_start().starts_with('[');
    let by_lines = detected.lines || (dump && dump_by_lines(text));
    let mut dropped = 0usize;
    if by_lines {
        let mut known = Known::default();
        let first = |line: &str| {
            let (id, labels) = head::read(line)?;
            let id = id?.scalar_text()?;
            Some((id, lang_text(labels.as_ref(), lang)))
        };
        for (id, label) in lines::scan(text, dump, first) {
            if let Some(l) = label {
                known.labels.insert(id.clone(), l);
            }
            known.ids.insert(id);
        }
        lines::for_each(&mut sink, dump, |sink, line| {
            dropped += entity(sink, &known, lang, &line.value, line.offset, None);
        });
    } else {
        let root = parse_document(text, origin)?;
        sink.duplicate_keys(&root, 0);
        let records: Vec<(Option<&str>, &Json<'_>)> = match &root {
            Json::Obj(top) => match json::get(top, "entities") {
                Some(Json::Obj(by_id)) => {
                    by_id.iter().map(|(k, v)| (Some(k.as_ref()), v)).collect()
                }
                _ => vec![(None, &root)],
            },
            Json::Arr(items) => items.iter().map(|v| (None, v)).collect(),
            other => vec![(None, other)],
        };
        let mut known = Known::default();
        for (key, v) in &records {
            if let Some((id, label)) = head(v, lang) {
                if let Some(l) = label {
                    known.labels.insert(id.clone(), l);
                }
                known.ids.insert(id);
            } else if let Some(k) = key {
                known.ids.insert(k.to_string());
            }
        }
        for (key, v) in records {
            let at = offset_of(text, v).unwrap_or(0);
            dropped += entity(&mut sink, &known, lang, v, at, key);
        }
    }
    if dropped > 0 {
        sink.warn(
            0,
            "",
            format!("{dropped} statements point to entities outside the file and were left out (--no-stubs)"),
        );
    }
    sink.finish(origin, detected)
}

/// A dump is read line by line when its first entity is on one line (Wikidata's layout); a
/// pretty-printed array is read as one document.
fn dump_by_lines(text: &str) -> bool {
    let body = text.trim_start().trim_start_matches('[').trim_start();
    let first_line = body.split('\n').next().unwrap_or("");
    let line = first_line.trim_end().trim_end_matches(',');
    line.starts_with('{') && json::parse(line).is_ok()
}

/// The id and label of an entity record, for the first pass.
fn head(v: &Json<'_>, lang: Lang) -> Option<(String, Option<String>)> {
    let Json::Obj(f) = v else { return None };
    let id = json::get(f, "id").and_then(Json::scalar_text)?;
    Some((id, lang_value(f, "labels", lang)))
}

/// The `value` of `key` (labels, descriptions) in `lang`, else English, else any language.
fn lang_value(f: &Fields<'_>, key: &str, lang: Lang) -> Option<String> {
    lang_text(json::get(f, key), lang)
}

/// The `value` in `lang`, else English, else any language, of a `labels` or `descriptions`
/// object.
fn lang_text(by_lang: Option<&Json<'_>>, lang: Lang) -> Option<String> {
    let Some(Json::Obj(by_lang)) = by_lang else {
        return None;
    };
    let value = |v: &Json<'_>| match v {
        Json::Obj(l) => json::get(l, "value").and_then(Json::scalar_text),
        Json::Str(s) => Some(s.to_string()),
        _ => None,
    };
    [lang.as_str(), "en"]
        .iter()
        .find_map(|l| json::get(by_lang, l).and_then(value))
        .or_else(|| by_lang.iter().find_map(|(_, v)| value(v)))
        .filter(|s| !s.trim().is_empty())
}

/// Reads one entity; returns how many relations were left out for `--no-stubs`.
fn entity(
    sink: &mut Sink<'_>,
    known: &Known,
    lang: Lang,
    v: &Json<'_>,
    offset: usize,
    key: Option<&str>,
) -> usize {
    let Json::Obj(f) = v else {
        sink.error(offset, "entity", "a Wikibase entity must be an object");
        return 0;
    };
    let Some(id) = json::get(f, "id")
        .and_then(Json::scalar_text)
        .or(key.map(str::to_string))
    else {
        sink.error(offset, "entity", "the entity has no 'id'");
        return 0;
    };
    let at = || At::new(offset, format!("entity {id}"));
    let mut extra = Extra::default();
    if json::get(f, "missing").is_some() {
        extra.attr("missing", Val::Bool(true));
        sink.entity(at(), &id, STUB_KIND, &id, None, extra);
        return 0;
    }
    if let Some(k) = key
        && k != id
    {
        extra.aliases.push(Cow::Owned(k.to_string()));
        extra.attr("redirected_from", Val::Str(Cow::Owned(k.to_string())));
    }
    let name = lang_value(f, "labels", lang).unwrap_or_else(|| id.clone());
    let summary = lang_value(f, "descriptions", lang);
    if let Some(Json::Obj(aliases)) = json::get(f, "aliases") {
        let pick = json::get(aliases, lang.as_str()).or_else(|| json::get(aliases, "en"));
        if let Some(Json::Arr(list)) = pick {
            for a in list {
                if let Json::Obj(l) = a
                    && let Some(Json::Str(s)) = json::get(l, "value")
                {
                    extra.aliases.push(Cow::Owned(s.to_string()));
                }
            }
        }
    }
    let claims = match json::get(f, "claims").or_else(|| json::get(f, "statements")) {
        Some(Json::Obj(c)) => c.as_slice(),
        _ => &[],
    };
    let label_of = |pid: &str| {
        known
            .labels
            .get(pid)
            .cloned()
            .unwrap_or_else(|| pid.to_string())
    };
    let mut kind = json::get(f, "type")
        .and_then(Json::scalar_text)
        .unwrap_or_else(|| "item".into());
    let mut relations: Vec<Statement> = Vec::new();
    let mut kind_set = false;
    for (pid, statements) in claims {
        let Json::Arr(statements) = statements else {
            continue;
        };
        let prop = label_of(pid);
        for s in statements {
            let Json::Obj(sf) = s else { continue };
            let Some(Json::Obj(main)) = json::get(sf, "mainsnak") else {
                continue;
            };
            match snak_value(main) {
                Snak::Entity(target) => {
                    if pid == "P31" && !kind_set {
                        kind = label_of(&target);
                        kind_set = true;
                    }
                    let attrs = statement_attrs(sf, &label_of);
                    let at = offset_of(sink.text, s).unwrap_or(offset);
                    relations.push((prop.clone(), target, attrs, at));
                }
                Snak::Value(value) => extra.attr(prop.clone(), value),
                Snak::None => {}
            }
        }
    }
    if let Some(Json::Obj(sitelinks)) = json::get(f, "sitelinks")
        && !sitelinks.is_empty()
    {
        extra.attr("sitelinks", Val::Int(sitelinks.len() as i64));
    }
    sink.entity(at(), &id, &kind, &name, summary.as_deref(), extra);
    let mut dropped = 0;
    for (rtype, target, attrs, at) in relations {
        if sink.opts.no_stubs && !known.ids.contains(&target) {
            dropped += 1;
            continue;
        }
        let mut extra = Extra::default();
        for (k, v) in &attrs {
            extra.attr(k.as_str(), Val::Json(v));
        }
        sink.relation(
            At::new(at, format!("statement of {id}")),
            &id,
            &target,
            &rtype,
            extra,
        );
    }
    dropped
}

/// An entity-valued statement: its type, its target, its attributes and where it is.
type Statement = (String, String, Vec<(String, Json<'static>)>, usize);

/// A snak's value: an entity (a relation), an attribute value, or nothing usable.
enum Snak<'a> {
    Entity(String),
    Value(Val<'a>),
    None,
}

fn snak_value<'a>(snak: &Fields<'_>) -> Snak<'a> {
    match json::get(snak, "snaktype") {
        Some(Json::Str(t)) if t == "novalue" => return Snak::Value(Val::Str("(no value)".into())),
        Some(Json::Str(t)) if t == "somevalue" => {
            return Snak::Value(Val::Str("(some value)".into()));
        }
        _ => {}
    }
    let Some(Json::Obj(dv)) = json::get(snak, "datavalue") else {
        return Snak::None;
    };
    let kind = json::get(dv, "type")
        .and_then(Json::scalar_text)
        .unwrap_or_default();
    let Some(value) = json::get(dv, "value") else {
        return Snak::None;
    };
    let field = |k: &str| match value {
        Json::Obj(o) => json::get(o, k),
        _ => None,
    };
    match kind.as_str() {
        "wikibase-entityid" => match entity_id(value) {
            Some(id) => Snak::Entity(id),
            None => Snak::None,
        },
        "time" => match field("time").and_then(Json::scalar_text) {
            Some(t) => {
                let precision = field("precision").and_then(|p| match p {
                    Json::Num(n) => n.as_u64(),
                    _ => None,
                });
                Snak::Value(Val::Str(Cow::Owned(wikibase_date(
                    &t,
                    precision.unwrap_or(11),
                ))))
            }
            None => Snak::None,
        },
        "quantity" => match field("amount").and_then(Json::scalar_text) {
            Some(a) => {
                let a = a.trim_start_matches('+');
                match (a.parse::<i64>(), a.parse::<f64>()) {
                    (Ok(i), _) => Snak::Value(Val::Int(i)),
                    (_, Ok(x)) => Snak::Value(Val::Float(x)),
                    _ => Snak::Value(Val::Str(Cow::Owned(a.to_string()))),
                }
            }
            None => Snak::None,
        },
        "monolingualtext" => match field("text").and_then(Json::scalar_text) {
            Some(t) => Snak::Value(Val::Str(Cow::Owned(t))),
            None => Snak::None,
        },
        "globecoordinate" => {
            let n = |k: &str| field(k).and_then(Json::scalar_text).unwrap_or_default();
            Snak::Value(Val::Str(Cow::Owned(format!(
                "{},{}",
                n("latitude"),
                n("longitude")
            ))))
        }
        _ => match value {
            Json::Str(s) => Snak::Value(Val::Str(Cow::Owned(s.to_string()))),
            other => Snak::Value(Val::Str(Cow::Owned(other.to_text()))),
        },
    }
}

/// An entity id value: `id`, else built from `entity-type` and `numeric-id`.
fn entity_id(value: &Json<'_>) -> Option<String> {
    let Json::Obj(v) = value else { return None };
    if let Some(Json::Str(id)) = json::get(v, "id") {
        return Some(id.to_string());
    }
    let prefix = match json::get(v, "entity-type") {
        Some(Json::Str(t)) if t == "property" => "P",
        Some(Json::Str(t)) if t == "lexeme" => "L",
        _ => "Q",
    };
    let num = json::get(v, "numeric-id").and_then(Json::scalar_text)?;
    Some(format!("{prefix}{num}"))
}

/// `+1952-03-11T00:00:00Z` at a precision (9 year, 10 month, 11 day) as `1952-03-11`.
fn wikibase_date(time: &str, precision: u64) -> String {
    let t = time.trim_start_matches('+');
    let (neg, t) = match t.strip_prefix('-') {
        Some(rest) => ("-", rest),
        None => ("", t),
    };
    let date = t.split('T').next().unwrap_or(t);
    let mut parts = date.split('-');
    let year = parts.next().unwrap_or("").trim_start_matches('0');
    let year = format!("{neg}{:0>4}", if year.is_empty() { "0" } else { year });
    let (month, day) = (parts.next().unwrap_or("00"), parts.next().unwrap_or("00"));
    match precision {
        p if p >= 11 && day != "00" => format!("{year}-{month}-{day}"),
        p if p >= 10 && month != "00" => format!("{year}-{month}"),
        _ => year,
    }
}

/// A statement's rank, id, qualifiers and references as relation attributes.
fn statement_attrs(
    sf: &Fields<'_>,
    label_of: &dyn Fn(&str) -> String,
) -> Vec<(String, Json<'static>)> {
    let mut out: Vec<(String, Json<'static>)> = Vec::new();
    for key in ["rank", "id"] {
        if let Some(Json::Str(v)) = json::get(sf, key) {
            let name = if key == "id" { "statement" } else { key };
            out.push((name.into(), Json::Str(Cow::Owned(v.to_string()))));
        }
    }
    if let Some(Json::Obj(q)) = json::get(sf, "qualifiers") {
        for (pid, snaks) in q {
            let Json::Arr(snaks) = snaks else { continue };
            for snak in snaks {
                let Json::Obj(s) = snak else { continue };
                let value = match snak_value(s) {
                    Snak::Entity(id) => Json::Str(Cow::Owned(id)),
                    Snak::Value(Val::Str(t)) => Json::Str(Cow::Owned(t.into_owned())),
                    Snak::Value(Val::Int(i)) => Json::Num(i.into()),
                    Snak::Value(Val::Float(x)) => serde_json::Number::from_f64(x)
                        .map(Json::Num)
                        .unwrap_or(Json::Null),
                    Snak::Value(_) | Snak::None => continue,
                };
                out.push((format!("qualifier.{}", label_of(pid)), value));
            }
        }
    }
    if let Some(refs @ Json::Arr(list)) = json::get(sf, "references")
        && !list.is_empty()
    {
        out.push(("references".into(), Json::Str(Cow::Owned(refs.to_text()))));
    }
    out
}

/// A language code (`en`, `zh-hans`), kept inline so load options stay `Copy`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Lang {
    bytes: [u8; 15],
    len: u8,
}

impl Lang {
    /// English, the default.
    pub(crate) const EN: Lang = Lang {
        bytes: *b"en\0\0\0\0\0\0\0\0\0\0\0\0\0",
        len: 2,
    };

    /// A language code of at most 15 ASCII letters, digits and dashes.
    pub fn new(code: &str) -> Option<Lang> {
        let code = code.trim();
        let ok = !code.is_empty()
            && code.len() <= 15
            && code.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-');
        ok.then(|| {
            let mut bytes = [0u8; 15];
            bytes[..code.len()].copy_from_slice(code.to_ascii_lowercase().as_bytes());
            Lang {
                bytes,
                len: code.len() as u8,
            }
        })
    }

    /// The language code (`en`, `de`, ...).
    pub fn as_str(&self) -> &str {
        std::str::from_utf8(&self.bytes[..self.len as usize]).unwrap_or("en")
    }
}

/// `Q42`, `P31`, `L7`, `M3`: a Wikibase entity id.
pub(crate) fn is_entity_id(s: &str) -> bool {
    let mut chars = s.chars();
    matches!(chars.next(), Some('Q' | 'P' | 'L' | 'M'))
        && s.len() > 1
        && chars.all(|c| c.is_ascii_digit())
}

mod head;
#[cfg(test)]
mod tests;
