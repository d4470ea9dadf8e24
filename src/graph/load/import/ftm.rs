//! FollowTheMoney entities (OpenSanctions, Aleph): JSON Lines (or an array) of
//! `{"id","schema","properties":{KEY:[VALUE,…]}}`.
//!
//! Mapping (from `followthemoney/schema/*.yaml`): records of an edge schema (Ownership,
//! Directorship, Membership, Employment, Family, Associate, UnknownLink, Representation,
//! Payment, Debt, Occupancy, Succession, ContractAward, CourtCaseParty, ProjectParticipant)
//! become relations from their `edge.source` property to their `edge.target` property (owner →
//! asset, payer → beneficiary, …), one per source and target value, typed by the schema's edge
//! label in snake case (`owns`, `paid`, `works_for`), with the schema and their other
//! properties as attributes. Payment and Debt carry `amount_usd` only when their currency is
//! USD; other currencies keep `amount` and `currency`, so money is never mixed. Every other
//! record is an entity: kind from the schema (Company and Organization → `company`, else the
//! schema in snake case: `person`, `legal_entity`, `vessel`), name from `caption`, else the
//! first `name`; further names and `alias` values are aliases. A property with several values
//! gives its first as the attribute and all of them as `KEY.all`. Unknown schemata are read as
//! entities, with one warning per schema. Ends outside the file become `unresolved` stubs.

use std::borrow::Cow;

use super::ftm_line::{self, FtmLine, KEPT, Lists};
use super::json::{self, Json};
use super::line_cursor::{Prop, generic_only};
use super::lines::{self, Parsed};
use super::sink::{
    At, Extra, Sink, Val, offset_of, parse_document, read_indexing_ids_at_once, snake,
};
use crate::graph::error::LoadError;
use crate::graph::load::LoadOptions;
use crate::graph::load::Loaded;
use crate::graph::load::format::Detected;
use crate::graph::records::Interner;

/// Edge schemata: (schema, source property, target property, edge label).
const EDGES: &[(&str, &str, &str, &str)] = &[
    ("Associate", "person", "associate", "associated with"),
    ("ContractAward", "contract", "supplier", "awarded to"),
    ("CourtCaseParty", "party", "case", "involved in"),
    ("Debt", "debtor", "creditor", "owes"),
    ("Directorship", "director", "organization", "directs"),
    ("Employment", "employee", "employer", "works for"),
    ("Family", "person", "relative", "related to"),
    ("Membership", "member", "organization", "belongs to"),
    ("Occupancy", "holder", "post", "holds"),
    ("Ownership", "owner", "asset", "owns"),
    ("Payment", "payer", "beneficiary", "paid"),
    (
        "ProjectParticipant",
        "participant",
        "project",
        "participates in",
    ),
    ("Representation", "agent", "client", "represents"),
    ("Succession", "predecessor", "successor", "precedes"),
    ("UnknownLink", "subject", "object", "linked to"),
];

/// The other schemata FollowTheMoney defines (read as entities without a warning).
const THINGS: &[&str] = &[
    "Address",
    "Airplane",
    "Article",
    "Assessment",
    "Asset",
    "Audio",
    "BankAccount",
    "Call",
    "CallForTenders",
    "Company",
    "Contract",
    "CourtCase",
    "CryptoWallet",
    "Document",
    "EconomicActivity",
    "Email",
    "Event",
    "Folder",
    "HyperText",
    "Identification",
    "Image",
    "LegalEntity",
    "License",
    "Mention",
    "Message",
    "Note",
    "Organization",
    "Package",
    "Page",
    "Pages",
    "Passport",
    "Person",
    "PlainText",
    "Position",
    "Post",
    "Project",
    "PublicBody",
    "RealEstate",
    "Sanction",
    "Security",
    "Similar",
    "Table",
    "TaxRoll",
    "Thing",
    "Trip",
    "UserAccount",
    "Vehicle",
    "Vessel",
    "Video",
    "Workbook",
];

/// Properties that say what an entity is called, besides `name`.
const SUMMARY_KEYS: &[&str] = &["summary", "description", "notes"];

pub(crate) fn load(
    text: &str,
    origin: &str,
    opts: LoadOptions,
    detected: Detected,
) -> Result<Loaded, LoadError> {
    if detected.lines {
        return load_lines(text, origin, opts, detected);
    }
    let mut sink = Sink::new(text, opts, ["source", "target"]);
    sink.make_stubs();
    let mut unknown = Schemata::default();
    let root = parse_document(text, origin)?;
    sink.duplicate_keys(&root, 0);
    match &root {
        Json::Arr(items) => {
            for item in items {
                let at = offset_of(text, item).unwrap_or(0);
                record(&mut sink, &mut unknown, item, at);
            }
        }
        other => record(&mut sink, &mut unknown, other, 0),
    }
    sink.finish(origin, detected)
}

/// Reads JSON Lines (the ids indexed at once).
fn load_lines(
    text: &str,
    origin: &str,
    opts: LoadOptions,
    detected: Detected,
) -> Result<Loaded, LoadError> {
    let sink = read_indexing_ids_at_once(text, &opts, ["source", "target"], |sink| {
        sink.make_stubs();
        sink.names_read_again_by(name_of_line);
        let mut unknown = Schemata::default();
        let reader: Reader = if generic_only() {
            |_, _| None
        } else {
            ftm_line::read
        };
        let each =
            |sink: &mut Sink<'_>, offset, _, value: &mut Parsed<'_, _>, lists: &Lists<'_>| {
                match value {
                    Parsed::Typed(line) => mapped(sink, &mut unknown, line, lists, offset),
                    Parsed::Tree(value) => record(sink, &mut unknown, value, offset),
                }
            };
        lines::for_each_typed(sink, false, reader, each);
    });
    sink.finish(origin, detected)
}

/// How lines are read before the generic tree: by fields, or (tests) not at all.
type Reader = for<'t> fn(&'t str, &mut Lists<'t>) -> Option<FtmLine<'t>>;

/// The word an edge record is placed with (its name is its schema and id: `Ownership o1`).
const EDGE: &str = "edge";

/// The name of the record on the line starting at byte `offset` (`entity e1` or, placed as an
/// [`EDGE`], `Ownership o1`), for messages about it.
fn name_of_line(text: &str, offset: usize, word: &str) -> Option<String> {
    let Json::Obj(f) = lines::record_at(text, offset)? else {
        return None;
    };
    let field = |key| json::get(&f, key).and_then(Json::scalar_text);
    let id = field("id").unwrap_or_default();
    Some(match word {
        EDGE => format!("{} {id}", field("schema").unwrap_or_default()),
        word => format!("{word} {id}"),
    })
}

/// Where a record stands and what messages call it.
fn place(sink: &Sink<'_>, offset: usize, word: &'static str, name: impl FnOnce() -> String) -> At {
    if sink.reads_names_again() {
        At::with_id(offset, word)
    } else {
        At::new(offset, name())
    }
}

fn record(sink: &mut Sink<'_>, unknown: &mut Schemata, v: &Json<'_>, offset: usize) {
    let Json::Obj(f) = v else {
        sink.error(
            offset,
            "entity",
            "a FollowTheMoney entity must be an object",
        );
        return;
    };
    let mut lists = Lists::default();
    let Some(line) = ftm_line::of_tree(f, &mut lists) else {
        sink.error(offset, "entity", "the entity has no 'id'");
        return;
    };
    mapped(sink, unknown, &line, &lists, offset);
}

/// Maps one record, read by the typed reader or from the generic tree.
fn mapped(
    sink: &mut Sink<'_>,
    unknown: &mut Schemata,
    r: &FtmLine<'_>,
    lists: &Lists<'_>,
    offset: usize,
) {
    let (id, schema) = (r.id.as_ref(), r.schema.as_ref());
    let texts = |key: &str| lists.texts(r, key);
    let (schema_is, first_met) = unknown.of(schema);
    if let Some((edge, rtype)) = &schema_is.edge {
        let (_, source, target, _) = EDGES[*edge];
        let (froms, tos) = (texts(source), texts(target));
        if !froms.is_empty() && !tos.is_empty() {
            let extra_of = || {
                let mut extra = Extra::default();
                extra.attr("id", Val::Str(Cow::Borrowed(id)));
                extra.attr("schema", Val::Str(Cow::Borrowed(schema)));
                attrs(&mut extra, r, lists, &[source, target], money(schema));
                extra
            };
            for from in froms {
                for to in tos {
                    let at = place(sink, offset, EDGE, || format!("{schema} {id}"));
                    sink.relation(at, from, to, rtype, extra_of());
                }
            }
            return;
        }
        sink.warn(
            offset,
            format!("{schema} {id}"),
            format!("the {schema} has no '{source}' or no '{target}': read as an entity"),
        );
    } else if !schema_is.known && first_met {
        sink.warn(
            offset,
            format!("entity {id}"),
            format!("unknown schema '{schema}': read as an entity"),
        );
    }
    let kind = &schema_is.kind;
    let names = texts("name");
    let name = r
        .caption
        .as_ref()
        .and_then(Prop::text)
        .filter(|c| !c.trim().is_empty())
        .or_else(|| names.first().map(|n| Cow::Borrowed(n.as_ref())))
        .unwrap_or(Cow::Borrowed(id));
    let summary = SUMMARY_KEYS.iter().find_map(|k| texts(k).first());
    let mut extra = Extra::default();
    for alias in names.iter().chain(texts("alias")) {
        if *alias != name && !extra.aliases.iter().any(|a| a == alias) {
            extra.aliases.push(Cow::Borrowed(alias.as_ref()));
        }
    }
    if !schema.is_empty() {
        extra.attr("schema", Val::Str(Cow::Borrowed(schema)));
    }
    for (key, v) in KEPT.iter().zip(&r.kept) {
        if let Some(v) = v {
            extra.attr(*key, v.val());
        }
    }
    attrs(&mut extra, r, lists, &["name", "alias"], false);
    sink.entity(
        place(sink, offset, "entity", || format!("entity {id}")),
        id,
        kind,
        &name,
        summary.map(|s| s.as_ref()),
        extra,
    );
}

/// What the mapping makes of a schema, worked out once per schema met.
struct Schema {
    /// For an edge schema: its place in [`EDGES`] and its relation type.
    edge: Option<(usize, String)>,
    /// The kind of the entities of this schema.
    kind: String,
    /// Whether FollowTheMoney defines it (no warning).
    known: bool,
}

/// The schemata met so far: their names numbered by an [`Interner`] (one hash of the name per
/// record), what each maps to by its number.
#[derive(Default)]
struct Schemata {
    names: Interner,
    mapped: Vec<Schema>,
}

impl Schemata {
    /// What `schema` maps to, and whether this is the first time it is met.
    fn of(&mut self, schema: &str) -> (&Schema, bool) {
        let n = self.names.intern(schema) as usize;
        let first_met = n == self.mapped.len();
        if first_met {
            let edge = EDGES.iter().position(|e| e.0 == schema);
            let kind = match schema {
                "Company" | "Organization" => "company".to_string(),
                "" => "thing".to_string(),
                other => snake(other),
            };
            self.mapped.push(Schema {
                edge: edge.map(|i| (i, snake(EDGES[i].3))),
                kind,
                known: edge.is_some() || THINGS.contains(&schema),
            });
        }
        (&self.mapped[n], first_met)
    }
}

/// True for the schemata whose `amount` is money (`amount_usd` only in USD).
fn money(schema: &str) -> bool {
    matches!(schema, "Payment" | "Debt")
}

/// Every property but `skip` as attributes: the first value under the key, all of them under
/// `KEY.all` when there are several. With `money`, `amount` in USD becomes `amount_usd`.
fn attrs<'a>(
    extra: &mut Extra<'a>,
    r: &FtmLine<'_>,
    lists: &'a Lists<'a>,
    skip: &[&str],
    money: bool,
) {
    let usd = money
        && lists
            .texts(r, "currency")
            .first()
            .is_some_and(|c| c.eq_ignore_ascii_case("usd"));
    for p in lists.properties(r) {
        let key = p.key.as_ref();
        if skip.contains(&key) {
            continue;
        }
        let Some(first) = &p.first else { continue };
        let key_out = match key {
            "amount" if usd => "amount_usd",
            "currency" if usd => continue,
            other => other,
        };
        let is_amount = money && key == "amount";
        let first_val = match first {
            Prop::Scalar(Json::Str(s)) if is_amount => {
                match s.trim().replace(',', "").parse::<f64>() {
                    Ok(x) => Val::Float(x),
                    Err(_) => first.val(),
                }
            }
            Prop::Scalar(Json::Str(s)) if key.ends_with("Date") || key == "date" => {
                Val::Str(Cow::Owned(date_part(s)))
            }
            _ => first.val(),
        };
        extra.attr(key_out, first_val);
        if let Some(all) = &p.all {
            extra.attr(format!("{key_out}.all"), Val::Str(Cow::Borrowed(all)));
        }
    }
}

/// `2019-03-04T10:00:00` → `2019-03-04`: FtM dates are ISO prefixes; kgx dates are days.
fn date_part(s: &str) -> String {
    s.split('T').next().unwrap_or(s).to_string()
}

#[cfg(test)]
mod tests {
    use crate::graph::{AttrValue, LoadOptions, load_bytes};

    const STREAM: &str = concat!(
        r#"{"id":"p1","schema":"Person","caption":"Ann Lee","properties":{"name":["Ann Lee","Anne Lee"],"country":["us","gb"]}}"#,
        "\r\n\r\n",
        r#"{"id":"c1","schema":"Company","properties":{"name":["Acme"]}}"#,
        "\n",
        r#"{"id":"o1","schema":"Ownership","properties":{"owner":["p1"],"asset":["c1"],"percentage":["51"]}}"#,
        "\n",
        r#"{"id":"pay1","schema":"Payment","properties":{"payer":["c1"],"beneficiary":["p1"],"amount":["1000"],"currency":["USD"],"date":["2020-01-02T00:00:00"]}}"#,
        "\n",
        r#"{"id":"pay2","schema":"Payment","properties":{"payer":["c1"],"beneficiary":["p1"],"amount":["900"],"currency":["EUR"]}}"#,
        "\n",
        r#"{"id":"x1","schema":"Spaceship","properties":{"name":["Nostromo"]}}"#,
        "\n"
    );

    /// Ends outside the file become stubs in the order relations first name them, placed at
    /// that relation; records are named from their line only when a message needs them.
    #[test]
    fn stubs_follow_the_relations_and_messages_name_records_from_their_line() {
        let edge = |id: &str, owner: &str, asset: &str| {
            format!(
                "{{\"id\":\"{id}\",\"schema\":\"Ownership\",\"properties\":{{\"owner\":[\"{owner}\"],\"asset\":[\"{asset}\"]}}}}\n"
            )
        };
        let text = format!(
            "{}{}{}{}{}",
            edge("o2", "ghost", "c1"),
            STREAM,
            edge("o3", "c1", "zed"),
            edge("o4", "zed", "p1"),
            edge("o5", "p1", "c1"),
        );
        let loaded = load_bytes(text.as_bytes(), "t.ftm", LoadOptions::default()).unwrap();
        let g = &loaded.graph;
        let ids: Vec<&str> = (0..g.entity_count() as u32)
            .map(|i| g.entity(i).id())
            .collect();
        assert_eq!(ids, ["p1", "c1", "x1", "ghost", "zed"]);
        assert_eq!(
            g.entity(g.find("zed").unwrap()).kind(),
            super::super::sink::STUB_KIND
        );
        let dups: Vec<(&str, Option<usize>)> = loaded
            .warnings
            .iter()
            .filter(|w| w.kind.to_string().contains("duplicate relation"))
            .map(|w| (w.path.as_str(), w.location.map(|l| l.line)))
            .collect();
        assert_eq!(
            dups,
            [("Payment pay2", Some(7)), ("Ownership o5", Some(11))]
        );
        let opts = LoadOptions {
            no_stubs: true,
            ..LoadOptions::default()
        };
        let err = load_bytes(text.as_bytes(), "t.ftm", opts)
            .unwrap_err()
            .to_string();
        assert!(
            err.contains(
                "t.ftm:1:1: Ownership o2.source: 'source' refers to unknown entity 'ghost'"
            ),
            "{err}"
        );
        assert!(err.contains("t.ftm:9:1: Ownership o3.target"), "{err}");
    }

    #[test]
    fn edges_become_relations_and_money_keeps_its_currency() {
        let loaded = load_bytes(STREAM.as_bytes(), "t.ftm", LoadOptions::default()).unwrap();
        let g = &loaded.graph;
        assert_eq!((g.entity_count(), g.relation_count()), (3, 3));
        let ann = g.entity(g.find("p1").unwrap());
        assert_eq!((ann.kind(), ann.name()), ("person", "Ann Lee"));
        assert_eq!(ann.aliases().collect::<Vec<_>>(), ["Anne Lee"]);
        assert_eq!(ann.attr("country"), Some(AttrValue::Str("us")));
        assert_eq!(
            ann.attr("country.all"),
            Some(AttrValue::Str("[\"us\",\"gb\"]"))
        );
        assert_eq!(g.entity(g.find("c1").unwrap()).kind(), "company");
        let rels: Vec<_> = g.relations().collect();
        assert_eq!(
            (rels[0].from().id(), rels[0].rtype(), rels[0].to().id()),
            ("p1", "owns", "c1")
        );
        assert_eq!(rels[1].attr("amount_usd"), Some(AttrValue::Float(1000.0)));
        assert_eq!(rels[1].attr("date"), Some(AttrValue::Str("2020-01-02")));
        assert_eq!(rels[2].attr("amount_usd"), None);
        assert_eq!(rels[2].attr("amount"), Some(AttrValue::Float(900.0)));
        assert_eq!(rels[2].attr("currency"), Some(AttrValue::Str("EUR")));
        assert!(
            loaded
                .warnings
                .iter()
                .any(|w| w.kind.to_string().contains("Spaceship"))
        );
        assert_eq!(g.entity(g.find("x1").unwrap()).kind(), "spaceship");
    }
}
