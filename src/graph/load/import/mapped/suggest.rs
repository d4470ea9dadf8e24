//! `kgx map --suggest FILE`: a first MAP for a JSON file in no standard shape, guessed from the
//! lists of objects in it, their field names and their values, with a `"//"` comment beside
//! each guess saying what it was based on. The MAP it writes loads the file as it stands; the
//! comments say what to check (a link's direction, a kind given as a constant). What it does
//! not do: load the graph, or read a MAP.

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};

use super::pointer::{Pointer, record_lists};
use crate::graph::error::{LoadError, ProblemKind};
use crate::graph::load::import::json::Json;
use crate::graph::load::import::sink::parse_document;
use crate::graph::load::locate::location_of;

/// Field names that usually hold a record's id, in order of preference.
const ID_KEYS: &[&str] = &[
    "id",
    "key",
    "_id",
    "uuid",
    "uid",
    "slug",
    "code",
    "identifier",
];
/// Field names that usually hold a display name.
const NAME_KEYS: &[&str] = &[
    "name",
    "title",
    "label",
    "display_name",
    "full_name",
    "company",
];
/// Field names that usually hold a kind.
const KIND_KEYS: &[&str] = &[
    "kind", "type", "category", "class", "group", "label", "labels",
];
const SUMMARY_KEYS: &[&str] = &["description", "summary", "bio", "about", "abstract"];
const ALIAS_KEYS: &[&str] = &["aliases", "alias", "aka", "other_names", "synonyms"];
/// Pairs of field names for an edge's two ends.
const END_PAIRS: &[(&str, &str)] = &[
    ("source", "target"),
    ("src", "dst"),
    ("from", "to"),
    ("head", "tail"),
    ("subject", "object"),
    ("start", "end"),
    ("source_id", "target_id"),
    ("from_id", "to_id"),
    ("parent", "child"),
];
const TYPE_KEYS: &[&str] = &[
    "type",
    "rel",
    "relation",
    "label",
    "predicate",
    "kind",
    "relationship",
];
/// How many records of a list are read to guess its fields.
const SAMPLE: usize = 2000;

/// What the fields of a list's records hold, from a sample of them.
#[derive(Default)]
struct FieldStats {
    records: usize,
    /// field → (records that have it as a non-empty scalar, distinct scalar texts)
    scalars: HashMap<String, (usize, HashSet<String>)>,
    /// field → scalar texts listed in arrays of scalars
    lists: HashMap<String, Vec<String>>,
    /// field → the first key of objects listed in arrays of objects that names them
    object_lists: HashMap<String, (String, Vec<String>)>,
    order: Vec<String>,
}

impl FieldStats {
    fn of(items: &[&Json<'_>]) -> FieldStats {
        let mut s = FieldStats::default();
        for item in items.iter().take(SAMPLE) {
            let Json::Obj(fields) = item else { continue };
            s.records += 1;
            for (k, v) in fields {
                if !s.order.iter().any(|o| o == k) {
                    s.order.push(k.to_string());
                }
                match v {
                    Json::Arr(values) => s.list(k, values),
                    v => {
                        if let Some(t) = v.scalar_text().filter(|t| !t.trim().is_empty()) {
                            let e = s.scalars.entry(k.to_string()).or_default();
                            e.0 += 1;
                            e.1.insert(t);
                        }
                    }
                }
            }
        }
        s
    }

    fn list(&mut self, key: &str, values: &[Json<'_>]) {
        for v in values {
            match v {
                Json::Obj(fields) => {
                    // The field naming the neighbour: a name or id by its key, else the first
                    // string (`{"investor": "SoftBank", "amount_usd": 4e10}`).
                    let by_key = NAME_KEYS
                        .iter()
                        .chain(ID_KEYS)
                        .find(|k| fields.iter().any(|(f, _)| f == *k))
                        .map(|k| k.to_string());
                    let Some(name_key) = by_key.or_else(|| {
                        fields
                            .iter()
                            .find(|(_, v)| matches!(v, Json::Str(_)))
                            .map(|(f, _)| f.to_string())
                    }) else {
                        continue;
                    };
                    let e = self
                        .object_lists
                        .entry(key.to_string())
                        .or_insert_with(|| (name_key, Vec::new()));
                    let p = Pointer::parse(&e.0);
                    if let Some(t) = p.find(v).and_then(Json::scalar_text) {
                        e.1.push(t);
                    }
                }
                v => {
                    if let Some(t) = v.scalar_text() {
                        self.lists.entry(key.to_string()).or_default().push(t);
                    }
                }
            }
        }
    }

    /// A field every sampled record has, with a different value in each.
    fn unique(&self, key: &str) -> bool {
        self.scalars
            .get(key)
            .is_some_and(|(n, distinct)| *n == self.records && distinct.len() == *n)
    }

    /// A field at least nine records in ten have.
    fn common(&self, key: &str) -> bool {
        self.scalars
            .get(key)
            .is_some_and(|(n, _)| *n * 10 >= self.records * 9)
    }

    fn first_of<'k>(&self, keys: &[&'k str], ok: impl Fn(&str) -> bool) -> Option<&'k str> {
        keys.iter().find(|k| ok(k)).copied().or_else(|| {
            // Case-insensitively too: `Name`, `ID`.
            keys.iter().find_map(|k| {
                self.order
                    .iter()
                    .find(|o| o.eq_ignore_ascii_case(k) && ok(o))
                    .map(|_| *k)
            })
        })
    }

    fn actual<'s>(&'s self, key: &'s str) -> &'s str {
        self.order
            .iter()
            .find(|o| o.as_str() == key)
            .or_else(|| self.order.iter().find(|o| o.eq_ignore_ascii_case(key)))
            .map_or(key, String::as_str)
    }
}

/// A first MAP for `text`, as pretty JSON with comments.
pub(crate) fn suggest(text: &str, origin: &str) -> Result<String, LoadError> {
    let root = parse_document(text, origin)?;
    let lists: Vec<(String, usize)> = record_lists(&root)
        .into_iter()
        .filter(|(p, _)| {
            !Pointer::parse(p)
                .steps
                .iter()
                .any(|s| s.parse::<usize>().is_ok())
        })
        .collect();
    if lists.is_empty() {
        return Err(LoadError::Syntax {
            origin: origin.to_string(),
            location: location_of(text.as_bytes(), 0),
            kind: Box::new(ProblemKind::Other(
                "no list of objects in the file: a MAP needs node or edge records".into(),
            )),
            hint: None,
        });
    }
    let stats: Vec<(String, usize, FieldStats)> = lists
        .into_iter()
        .map(|(p, n)| {
            let items = items_at(&root, &p);
            let s = FieldStats::of(&items);
            (p, n, s)
        })
        .collect();
    let edges = stats.iter().find_map(|(p, n, s)| {
        END_PAIRS
            .iter()
            .find(|(a, b)| s.common(a) && s.common(b))
            .map(|pair| (p, *n, s, *pair))
    });
    let nodes = stats
        .iter()
        .filter(|(p, _, _)| Some(p) != edges.map(|e| e.0))
        .find(|(_, _, s)| {
            s.first_of(ID_KEYS, |k| s.unique(k)).is_some()
                || s.first_of(NAME_KEYS, |k| s.unique(k)).is_some()
        });
    let mut top: Vec<(Cow<'static, str>, Json<'static>)> = vec![comment(format!(
        "kgx map --suggest: a first MAP for {origin}, guessed from its field names and values. \
         Check each guess (the \"//\" beside it says what it rests on), then: kgx {origin} --map THIS_FILE"
    ))];
    let mut node_ids: HashSet<String> = HashSet::new();
    let mut node_names: HashSet<String> = HashSet::new();
    if let Some((p, n, s)) = nodes {
        let (section, ids, names) = node_section(&root, p, *n, s);
        node_ids = ids;
        node_names = names;
        top.push(("nodes".into(), section));
    }
    if let Some((p, n, s, (a, b))) = edges {
        top.push((
            "edges".into(),
            edge_section(&root, p, n, s, (a, b), &node_ids, &node_names),
        ));
    }
    if nodes.is_none() && edges.is_none() {
        let (p, n, s) = &stats[0];
        let (section, _, _) = node_section(&root, p, *n, s);
        top.push(("nodes".into(), section));
    }
    let mut out = serde_json::to_string_pretty(&Json::Obj(top)).unwrap_or_default();
    out.push('\n');
    Ok(out)
}

fn items_at<'j, 't>(root: &'j Json<'t>, pointer: &str) -> Vec<&'j Json<'t>> {
    match Pointer::parse(pointer).find(root) {
        Some(Json::Arr(items)) => items.iter().collect(),
        Some(Json::Obj(fields)) => fields.iter().map(|(_, v)| v).collect(),
        _ => Vec::new(),
    }
}

/// A comment beside the MAP key `about` (`"// id"`): keys starting with `//` are comments, and
/// each has its own name so the MAP stays an object without repeated keys.
fn comment_on(about: &str, text: String) -> (Cow<'static, str>, Json<'static>) {
    let key = if about.is_empty() {
        "//".to_string()
    } else {
        format!("// {about}")
    };
    (key.into(), Json::Str(text.into()))
}

fn comment(text: String) -> (Cow<'static, str>, Json<'static>) {
    comment_on("", text)
}

fn s(text: &str) -> Json<'static> {
    Json::Str(Cow::Owned(text.to_string()))
}

/// The `nodes` section, and the ids and names its records have (to tell how ends refer).
fn node_section(
    root: &Json<'_>,
    pointer: &str,
    count: usize,
    st: &FieldStats,
) -> (Json<'static>, HashSet<String>, HashSet<String>) {
    let keyed = matches!(Pointer::parse(pointer).find(root), Some(Json::Obj(_)));
    let id = st
        .first_of(ID_KEYS, |k| st.unique(k))
        .map(|k| st.actual(k).to_string());
    let name = st
        .first_of(NAME_KEYS, |k| st.common(k))
        .map(|k| st.actual(k).to_string())
        .filter(|n| Some(n) != id.as_ref());
    let id = id.or_else(|| if keyed { None } else { name.clone() });
    let kind = st
        .first_of(KIND_KEYS, |k| st.common(k))
        .map(|k| st.actual(k).to_string())
        .filter(|k| Some(k) != name.as_ref() && Some(k) != id.as_ref());
    let summary = st
        .first_of(SUMMARY_KEYS, |k| st.scalars.contains_key(k))
        .map(|k| st.actual(k).to_string());
    let aliases = st
        .first_of(ALIAS_KEYS, |k| {
            st.lists.contains_key(k) || st.scalars.contains_key(k)
        })
        .map(|k| st.actual(k).to_string());
    let mut f: Vec<(Cow<'static, str>, Json<'static>)> = Vec::new();
    let what = if keyed { "an object of" } else { "a list of" };
    f.push(comment_on("at", format!("{what} {count} records")));
    f.push(("at".into(), s(pointer)));
    match &id {
        Some(k) => {
            f.push(comment_on(
                "id",
                format!("\"{k}\" is different in every record read"),
            ));
            f.push(("id".into(), s(k)));
        }
        None if keyed => f.push(comment_on("id", "each record's key in the object".into())),
        None => f.push(comment_on(
            "id",
            "no field is different in every record, so each record's position".into(),
        )),
    }
    if let Some(k) = &name {
        f.push(("name".into(), s(k)));
    }
    match &kind {
        Some(k) => f.push(("kind".into(), s(k))),
        None => {
            let guess = singular(
                Pointer::parse(pointer)
                    .steps
                    .last()
                    .map_or("node", |s| s.as_str()),
            );
            f.push(comment_on(
                "kind",
                format!(
                    "no kind field found, so every record is a \"{guess}\" (from the list's name)"
                ),
            ));
            f.push(("kind".into(), Json::Obj(vec![("const".into(), s(&guess))])));
        }
    }
    if let Some(k) = &summary {
        f.push(("summary".into(), s(k)));
    }
    if let Some(k) = &aliases {
        f.push(("aliases".into(), s(k)));
    }
    f.push(("attributes".into(), s("*")));
    // Ids and names, to tell whether neighbour lists refer by id or by name.
    let items = items_at(root, pointer);
    let ids: HashSet<String> = match &id {
        Some(k) => items
            .iter()
            .filter_map(|r| Pointer::parse(k).find(r).and_then(Json::scalar_text))
            .collect(),
        None if keyed => match Pointer::parse(pointer).find(root) {
            Some(Json::Obj(fields)) => fields.iter().map(|(k, _)| k.to_string()).collect(),
            _ => HashSet::new(),
        },
        None => (0..items.len()).map(|i| i.to_string()).collect(),
    };
    let names: HashSet<String> = name
        .as_ref()
        .map(|k| {
            items
                .iter()
                .filter_map(|r| Pointer::parse(k).find(r).and_then(Json::scalar_text))
                .collect()
        })
        .unwrap_or_default();
    let mut links = Vec::new();
    for key in &st.order {
        if Some(key) == aliases.as_ref() || Some(key) == kind.as_ref() {
            continue;
        }
        let (values, item) = match (st.lists.get(key), st.object_lists.get(key)) {
            (Some(v), _) => (v.clone(), None),
            (None, Some((item, v))) => (v.clone(), Some(item.clone())),
            (None, None) => continue,
        };
        if values.is_empty() {
            continue;
        }
        let by_id = values.iter().filter(|v| ids.contains(*v)).count();
        let by_name = values.iter().filter(|v| names.contains(*v)).count();
        let (by, why) = if by_id * 2 >= values.len() {
            (
                "id",
                format!("{by_id} of {} listed values are node ids", values.len()),
            )
        } else if by_name * 2 >= values.len() {
            (
                "name",
                format!("{by_name} of {} listed values are node names", values.len()),
            )
        } else {
            (
                "name",
                format!(
                    "most of the {} listed values are no node's id or name, so each new one becomes an entity",
                    values.len()
                ),
            )
        };
        let mut l: Vec<(Cow<'static, str>, Json<'static>)> = vec![comment(format!(
            "\"{key}\" lists neighbours: {why}. Check \"direction\": \"out\" is record → neighbour, \"in\" the other way"
        ))];
        l.push(("field".into(), s(key)));
        if let Some(item) = item {
            l.push(("item".into(), s(&item)));
        }
        l.push(("type".into(), s(key)));
        l.push(("direction".into(), s("out")));
        l.push(("by".into(), s(by)));
        l.push(("kind".into(), s(&singular(key))));
        links.push(Json::Obj(l));
    }
    if !links.is_empty() {
        f.push(("links".into(), Json::Arr(links)));
    }
    (Json::Obj(f), ids, names)
}

fn edge_section(
    root: &Json<'_>,
    pointer: &str,
    count: usize,
    st: &FieldStats,
    (a, b): (&str, &str),
    ids: &HashSet<String>,
    names: &HashSet<String>,
) -> Json<'static> {
    let (a, b) = (st.actual(a).to_string(), st.actual(b).to_string());
    let rtype = st
        .first_of(TYPE_KEYS, |k| st.common(k))
        .map(|k| st.actual(k).to_string());
    let items = items_at(root, pointer);
    let ends: Vec<String> = items
        .iter()
        .take(SAMPLE)
        .flat_map(|r| [&a, &b].map(|k| Pointer::parse(k).find(r).and_then(Json::scalar_text)))
        .flatten()
        .collect();
    let by_id = ends.iter().filter(|e| ids.contains(*e)).count();
    let by_name = ends.iter().filter(|e| names.contains(*e)).count();
    let by = if by_name > by_id { "name" } else { "id" };
    let mut f: Vec<(Cow<'static, str>, Json<'static>)> = vec![comment(format!(
        "{count} edge records at {pointer}, ends \"{a}\" → \"{b}\"{}",
        if ids.is_empty() {
            "; no node list, so every end becomes an entity"
        } else {
            ""
        }
    ))];
    f.push(("at".into(), s(pointer)));
    f.push(("from".into(), s(&a)));
    f.push(("to".into(), s(&b)));
    match rtype {
        Some(t) => f.push(("type".into(), s(&t))),
        None => f.push((
            "type".into(),
            Json::Obj(vec![("const".into(), s("linked"))]),
        )),
    }
    f.push(("by".into(), s(by)));
    f.push(("attributes".into(), s("*")));
    Json::Obj(f)
}

/// `companies` → `company`, `investors` → `investor`: a kind from a list's name.
fn singular(word: &str) -> String {
    let w = word.to_lowercase();
    if let Some(stem) = w.strip_suffix("ies") {
        format!("{stem}y")
    } else if w.ends_with("ss") {
        w
    } else if let Some(stem) = w.strip_suffix('s') {
        stem.to_string()
    } else {
        w
    }
}
