//! Beneficial Ownership Data Standard statements, 0.2 to 0.4: a JSON array (or JSON Lines) of
//! entity, person and ownership-or-control statements.
//!
//! Mapping: every entity and person statement is an entity, keyed by its statement id (BODS
//! publishes a record's history as successive statements, and each is kept: `recordId`,
//! `recordStatus` and `statementDate` say which record and when). Entities are of kind
//! `company` for registered and legal entities, else their entity type in snake case; persons
//! of kind `person`, named by their first full name (the others are aliases). Each
//! ownership-or-control (0.4: relationship) statement is a relation from the interested party
//! to the subject, typed by its first interest (`shareholding`, `votingRights`, …), with every
//! interest type, the share (`share`, or `share_min`/`share_max`), `beneficialOwnershipOrControl`,
//! `directOrIndirect` and dates as attributes. 0.2/0.3 name the ends by statement id; 0.4 by
//! record id, resolved to that record's statement current at the relationship's date. An
//! unspecified interested party becomes an entity of kind `unspecified`.

use std::borrow::Cow;
use std::collections::HashMap;

use super::json::{self, Fields, Json};
use super::lines;
use super::sink::{At, Extra, Sink, Val, offset_of, parse_document, snake, str_at};
use crate::graph::error::LoadError;
use crate::graph::load::LoadOptions;
use crate::graph::load::Loaded;
use crate::graph::load::format::Detected;

pub(crate) fn load(
    text: &str,
    origin: &str,
    opts: LoadOptions,
    detected: Detected,
) -> Result<Loaded, LoadError> {
    let mut sink = Sink::new(text, opts, ["interestedParty", "subject"]);
    sink.make_stubs();
    let mut statements: Vec<(usize, Json<'_>)> = Vec::new();
    if detected.lines {
        lines::for_each(&mut sink, false, |_, line| {
            statements.push((line.offset, line.value))
        });
    } else {
        let root = parse_document(text, origin)?;
        sink.duplicate_keys(&root, 0);
        match root {
            Json::Arr(items) => {
                statements = items
                    .into_iter()
                    .map(|v| (offset_of(text, &v).unwrap_or(0), v))
                    .collect();
            }
            other => statements.push((0, other)),
        }
    }
    let records = Records::new(&statements);
    for (offset, s) in &statements {
        statement(&mut sink, &records, s, *offset);
    }
    sink.finish(origin, detected)
}

/// 0.4 record ids → their statements (date, statement id), in file order.
struct Records(HashMap<String, Vec<(String, String)>>);

impl Records {
    fn new(statements: &[(usize, Json<'_>)]) -> Records {
        let mut map: HashMap<String, Vec<(String, String)>> = HashMap::new();
        for (_, s) in statements {
            let Json::Obj(f) = s else { continue };
            if let (Some(record), Some(id)) = (str_at(f, "recordId"), statement_id(f)) {
                let date = str_at(f, "statementDate").unwrap_or("").to_string();
                map.entry(record.to_string()).or_default().push((date, id));
            }
        }
        Records(map)
    }

    /// The statement of `record` current on `date`: the last one dated no later, else the first.
    fn resolve(&self, record: &str, date: &str) -> String {
        let Some(list) = self.0.get(record) else {
            return record.to_string();
        };
        list.iter()
            .rev()
            .find(|(d, _)| d.as_str() <= date)
            .or(list.first())
            .map_or_else(|| record.to_string(), |(_, id)| id.clone())
    }
}

fn statement_id(f: &Fields<'_>) -> Option<String> {
    json::get(f, "statementId")
        .or_else(|| json::get(f, "statementID"))
        .and_then(Json::scalar_text)
}

/// What a statement describes: entity, person or relationship (either version's words).
fn statement_type<'f>(f: &'f Fields<'_>) -> &'f str {
    match str_at(f, "recordType").or_else(|| str_at(f, "statementType")) {
        Some("entity" | "entityStatement") => "entity",
        Some("person" | "personStatement") => "person",
        Some("relationship" | "ownershipOrControlStatement") => "relationship",
        Some(other) => other,
        None => "",
    }
}

fn statement(sink: &mut Sink<'_>, records: &Records, s: &Json<'_>, offset: usize) {
    let Json::Obj(f) = s else {
        sink.error(offset, "statement", "a BODS statement must be an object");
        return;
    };
    let Some(id) = statement_id(f) else {
        sink.error(offset, "statement", "the statement has no 'statementId'");
        return;
    };
    // 0.4 puts the details in `recordDetails`; 0.2 and 0.3 on the statement itself.
    let details: &Fields<'_> = match json::get(f, "recordDetails") {
        Some(Json::Obj(d)) => d,
        _ => f,
    };
    let at = At::new(offset, format!("statement {id}"));
    let mut extra = Extra::default();
    for key in ["recordId", "recordStatus", "statementDate"] {
        if let Some(v) = json::get(f, key) {
            extra.attr(key, Val::Json(v));
        }
    }
    if let Some(v) = json::get(details, "isComponent") {
        extra.attr("isComponent", Val::Json(v));
    }
    match statement_type(f) {
        "entity" => {
            let etype = match json::get(details, "entityType") {
                Some(Json::Obj(t)) => str_at(t, "type").unwrap_or("entity").to_string(),
                Some(v) => v.scalar_text().unwrap_or_else(|| "entity".into()),
                None => "entity".into(),
            };
            let kind = match etype.as_str() {
                "registeredEntity" | "legalEntity" => "company".to_string(),
                other => snake(other),
            };
            extra.attr("entityType", Val::Str(Cow::Owned(etype)));
            let name = str_at(details, "name").unwrap_or(&id).to_string();
            keep(
                &mut extra,
                details,
                &[
                    "foundingDate",
                    "dissolutionDate",
                    "jurisdiction",
                    "identifiers",
                    "addresses",
                ],
            );
            sink.entity(at, &id, &kind, &name, None, extra);
        }
        "person" => {
            let names = person_names(details);
            let name = names.first().cloned().unwrap_or_else(|| id.clone());
            extra.aliases = names.into_iter().skip(1).map(Cow::Owned).collect();
            keep(
                &mut extra,
                details,
                &["personType", "birthDate", "nationalities", "identifiers"],
            );
            sink.entity(at, &id, "person", &name, None, extra);
        }
        "relationship" => relationship(sink, records, f, details, &id, at, extra),
        other => sink.warn(
            offset,
            format!("statement {id}"),
            format!("unknown statement type '{other}' (skipped)"),
        ),
    }
}

fn keep<'a>(extra: &mut Extra<'a>, details: &'a Fields<'a>, keys: &[&'static str]) {
    for key in keys {
        if let Some(v) = json::get(details, key) {
            extra.attr(*key, Val::Json(v));
        }
    }
}

/// Full names (or given and family names) of a person statement, the first one first.
fn person_names(details: &Fields<'_>) -> Vec<String> {
    let Some(Json::Arr(names)) = json::get(details, "names") else {
        return Vec::new();
    };
    names
        .iter()
        .filter_map(|n| match n {
            Json::Obj(n) => str_at(n, "fullName").map(str::to_string).or_else(|| {
                let parts: Vec<&str> = ["givenName", "familyName"]
                    .iter()
                    .filter_map(|k| str_at(n, k))
                    .collect();
                (!parts.is_empty()).then(|| parts.join(" "))
            }),
            _ => None,
        })
        .filter(|n| !n.trim().is_empty())
        .collect()
}

fn relationship<'a>(
    sink: &mut Sink<'_>,
    records: &Records,
    f: &Fields<'_>,
    details: &'a Fields<'a>,
    id: &str,
    at: At,
    mut extra: Extra<'a>,
) {
    let date = str_at(f, "statementDate").unwrap_or("");
    // 0.2/0.3: `{"describedByEntityStatement": id}`; 0.4: a record id.
    let end = |key: &str| -> Result<String, Option<String>> {
        match json::get(details, key) {
            Some(Json::Str(record)) => Ok(records.resolve(record, date)),
            Some(Json::Obj(o)) => {
                for k in ["describedByEntityStatement", "describedByPersonStatement"] {
                    if let Some(s) = str_at(o, k) {
                        return Ok(s.to_string());
                    }
                }
                let reason = match json::get(o, "unspecified") {
                    Some(Json::Obj(u)) => str_at(u, "reason").map(str::to_string),
                    _ => str_at(o, "reason").map(str::to_string),
                };
                Err(reason)
            }
            _ => Err(None),
        }
    };
    let subject = match end("subject") {
        Ok(s) => s,
        Err(_) => {
            sink.error(at.offset, at.name, "the relationship has no 'subject'");
            return;
        }
    };
    let party = match end("interestedParty") {
        Ok(p) => p,
        Err(reason) => {
            let pid = format!("unspecified:{id}");
            let reason = reason.unwrap_or_else(|| "unknown".into());
            let name = format!("unspecified party ({reason})");
            let party_at = At::new(at.offset, at.name.clone());
            sink.entity(party_at, &pid, "unspecified", &name, None, Extra::default());
            pid
        }
    };
    let interests: Vec<&Fields<'_>> = match json::get(details, "interests") {
        Some(Json::Arr(list)) => list
            .iter()
            .filter_map(|i| match i {
                Json::Obj(o) => Some(o.as_slice()),
                _ => None,
            })
            .collect(),
        _ => Vec::new(),
    };
    let types: Vec<&str> = interests.iter().filter_map(|i| str_at(i, "type")).collect();
    let rtype = types
        .first()
        .copied()
        .unwrap_or("ownershipOrControl")
        .to_string();
    if types.len() > 1 {
        extra.attr("interests", Val::Str(Cow::Owned(types.join(", "))));
    }
    if let Some(share) = interests.iter().find_map(|i| match json::get(i, "share") {
        Some(Json::Obj(s)) => Some(s.as_slice()),
        _ => None,
    }) {
        let num = |k: &str| json::get(share, k).filter(|v| matches!(v, Json::Num(_)));
        if let Some(v) = num("exact") {
            extra.attr("share", Val::Json(v));
        }
        if let Some(v) = num("minimum").or_else(|| num("exclusiveMinimum")) {
            extra.attr("share_min", Val::Json(v));
        }
        if let Some(v) = num("maximum").or_else(|| num("exclusiveMaximum")) {
            extra.attr("share_max", Val::Json(v));
        }
    }
    if let Some(first) = interests.first() {
        for key in [
            "beneficialOwnershipOrControl",
            "directOrIndirect",
            "startDate",
            "endDate",
        ] {
            if let Some(v) = json::get(first, key) {
                extra.attr(key, Val::Json(v));
            }
        }
    }
    sink.relation(at, &party, &subject, &rtype, extra);
}

#[cfg(test)]
mod tests {
    use crate::graph::{AttrValue, LoadOptions, load_bytes};

    #[test]
    fn version_0_2_statements_and_unspecified_parties() {
        let text = r#"[
          {"statementID":"e1","statementType":"entityStatement","entityType":"registeredEntity","name":"Acme"},
          {"statementID":"p1","statementType":"personStatement","names":[{"fullName":"Ann Lee"},{"givenName":"Ann","familyName":"L"}]},
          {"statementID":"o1","statementType":"ownershipOrControlStatement","subject":{"describedByEntityStatement":"e1"},
           "interestedParty":{"describedByPersonStatement":"p1"},
           "interests":[{"type":"shareholding","share":{"minimum":25,"maximum":50}},{"type":"votingRights"}]},
          {"statementID":"o2","statementType":"ownershipOrControlStatement","subject":{"describedByEntityStatement":"e1"},
           "interestedParty":{"unspecified":{"reason":"interestedPartyExemptFromDisclosure"}},"interests":[]}
        ]"#;
        let g = load_bytes(text.as_bytes(), "t.json", LoadOptions::default())
            .unwrap()
            .graph;
        assert_eq!(g.entity(g.find("e1").unwrap()).kind(), "company");
        let p = g.entity(g.find("p1").unwrap());
        assert_eq!(
            (p.name(), p.aliases().collect::<Vec<_>>()),
            ("Ann Lee", vec!["Ann L"])
        );
        let rels: Vec<_> = g.relations().collect();
        assert_eq!(
            (rels[0].from().id(), rels[0].rtype(), rels[0].to().id()),
            ("p1", "shareholding", "e1")
        );
        assert_eq!(rels[0].attr("share_min"), Some(AttrValue::Int(25)));
        assert_eq!(
            rels[0].attr("interests"),
            Some(AttrValue::Str("shareholding, votingRights"))
        );
        assert_eq!(rels[1].from().kind(), "unspecified");
    }

    #[test]
    fn version_0_4_records_resolve_to_the_statement_current_at_the_date() {
        let text = r#"[
          {"statementId":"s1","recordId":"ent-1","recordType":"entity","statementDate":"2019-01-01","recordDetails":{"entityType":{"type":"registeredEntity"},"name":"Acme","isComponent":false}},
          {"statementId":"s2","recordId":"per-1","recordType":"person","statementDate":"2019-01-01","recordDetails":{"names":[{"fullName":"Ann"}]}},
          {"statementId":"s3","recordId":"rel-1","recordType":"relationship","statementDate":"2019-01-01","recordDetails":{"subject":"ent-1","interestedParty":"per-1","interests":[{"type":"shareholding","share":{"exact":50}}],"isComponent":true}},
          {"statementId":"s4","recordId":"per-1","recordType":"person","statementDate":"2020-01-01","recordDetails":{"names":[{"fullName":"Ann B"}]}},
          {"statementId":"s5","recordId":"rel-1","recordType":"relationship","statementDate":"2020-06-01","recordDetails":{"subject":"ent-1","interestedParty":"per-1","interests":[{"type":"shareholding","share":{"exact":60}}]}}
        ]"#;
        let g = load_bytes(text.as_bytes(), "t.json", LoadOptions::default())
            .unwrap()
            .graph;
        assert_eq!((g.entity_count(), g.relation_count()), (3, 2));
        let ends: Vec<(&str, &str)> = g
            .relations()
            .map(|r| (r.from().id(), r.to().id()))
            .collect();
        assert_eq!(ends, [("s2", "s1"), ("s4", "s1")]);
        assert_eq!(
            g.relations().next().unwrap().attr("isComponent"),
            Some(AttrValue::Bool(true))
        );
    }
}
