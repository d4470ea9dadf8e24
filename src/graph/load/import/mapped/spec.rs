//! A MAP file, read and checked: where a JSON file in no standard shape keeps its node and edge
//! records, and which of their fields are the id, name, kind, ends and attributes. Every place
//! the MAP names keeps its line in the MAP, so a wrong path is reported there
//! (`MAP.json:4: nodes "/data/firms": no such path in FILE`). What it does not do: read the
//! graph file (the importer beside it does).
//!
//! The MAP format (docs/import-export.md has worked examples):
//! ```json
//! { "nodes": { "at": "/data/companies", "id": "id", "name": "name", "kind": {"const": "company"},
//!              "links": [ {"field": "investors", "type": "invests_in", "direction": "in",
//!                          "by": "name", "kind": "investor"} ] },
//!   "edges": { "at": "/links", "from": "src", "to": "dst", "type": "rel" } }
//! ```
//! Keys starting with `//` are comments.

use super::pointer::Pointer;
use crate::graph::error::{LoadError, Location, ProblemKind};
use crate::graph::load::closest;
use crate::graph::load::import::json::{self, Fields, Json};
use crate::graph::load::import::sink::{offset_in, parse_document};
use crate::graph::load::locate::location_of;

/// A field of a record, or a constant, as a MAP gives it for a name, kind or type.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Value {
    /// The value at this path inside each record.
    Field(Placed),
    /// The same text for every record (`{"const": "company"}`).
    Const(String),
}

/// A path the MAP names, with its place in the MAP.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Placed {
    pub pointer: Pointer,
    pub line: Location,
}

/// Which attributes a record keeps.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Attributes {
    /// Every field the MAP does not use for something else (the default).
    Rest,
    /// Only these fields, each under its last step's name.
    Only(Vec<Pointer>),
    /// None.
    None,
}

/// How a relation's end names a node.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum By {
    /// By the node's id (the default).
    Id,
    /// By the node's name; a name no node has becomes a new entity.
    Name,
}

/// Where the node records are and what their fields mean.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Nodes {
    pub at: Placed,
    /// `None`: the record's key (keyed records) or its position.
    pub id: Option<Placed>,
    pub name: Option<Placed>,
    pub kind: Option<Value>,
    pub aliases: Option<Placed>,
    pub summary: Option<Placed>,
    pub attributes: Attributes,
    pub links: Vec<Link>,
}

/// A field of a node record that lists its neighbours (`"investors": ["Sequoia", ...]`).
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Link {
    pub field: Placed,
    /// In an item that is an object: the field naming the neighbour (the item's other fields
    /// become the relation's attributes).
    pub item: Option<Pointer>,
    pub rtype: String,
    /// True: neighbour → record; false (the default): record → neighbour.
    pub inward: bool,
    pub by: By,
    /// The kind of a neighbour no node record defines.
    pub kind: String,
}

/// Where the edge records are and what their fields mean.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Edges {
    pub at: Placed,
    pub from: Placed,
    pub to: Placed,
    pub rtype: Option<Value>,
    pub by: By,
    /// The kind of an end no node record defines.
    pub kind: String,
    pub attributes: Attributes,
}

/// A MAP: how to read one JSON file in no standard shape as a graph.
#[derive(Clone, Debug, PartialEq)]
pub struct Mapping {
    /// The MAP's file name, for messages.
    pub(crate) origin: String,
    pub(crate) nodes: Option<Nodes>,
    pub(crate) edges: Option<Edges>,
}

const TOP_KEYS: &[&str] = &["nodes", "edges"];
const NODE_KEYS: &[&str] = &[
    "at",
    "id",
    "name",
    "kind",
    "aliases",
    "summary",
    "attributes",
    "links",
];
const LINK_KEYS: &[&str] = &["field", "item", "type", "direction", "by", "kind"];
const EDGE_KEYS: &[&str] = &["at", "from", "to", "type", "by", "kind", "attributes"];

impl Mapping {
    /// Reads a MAP. Errors name the MAP's line and the key at fault.
    pub fn parse(text: &str, origin: &str) -> Result<Mapping, LoadError> {
        let root = parse_document(text, origin)?;
        let r = Reader { text, origin };
        let Json::Obj(top) = &root else {
            return Err(r.error(0, "a MAP is a JSON object with \"nodes\" and/or \"edges\""));
        };
        r.known_keys(top, TOP_KEYS, "the MAP")?;
        let nodes = match json::get(top, "nodes") {
            Some(v) => Some(r.nodes(v)?),
            None => None,
        };
        let edges = match json::get(top, "edges") {
            Some(v) => Some(r.edges(v)?),
            None => None,
        };
        if nodes.is_none() && edges.is_none() {
            return Err(r.error(
                0,
                "the MAP names no records: give \"nodes\", \"edges\" or both",
            ));
        }
        Ok(Mapping {
            origin: origin.to_string(),
            nodes,
            edges,
        })
    }
}

/// Reads the parts of one MAP, locating its problems in the MAP's text.
struct Reader<'m> {
    text: &'m str,
    origin: &'m str,
}

impl Reader<'_> {
    fn error(&self, offset: usize, message: impl Into<String>) -> LoadError {
        LoadError::Syntax {
            origin: self.origin.to_string(),
            location: location_of(self.text.as_bytes(), offset),
            kind: Box::new(ProblemKind::Other(message.into())),
            hint: Some("see docs/import-export.md, \"A MAP for JSON in no standard shape\"".into()),
        }
    }

    fn offset(&self, v: &Json<'_>) -> usize {
        crate::graph::load::import::sink::offset_of(self.text, v).unwrap_or(0)
    }

    fn key_offset(&self, key: &str) -> usize {
        offset_in(self.text, key).map_or(0, |o| o.saturating_sub(1))
    }

    fn object<'j, 't>(&self, v: &'j Json<'t>, what: &str) -> Result<&'j Fields<'t>, LoadError> {
        match v {
            Json::Obj(fields) => Ok(fields),
            other => Err(self.error(self.offset(other), format!("{what} must be an object"))),
        }
    }

    fn known_keys(&self, fields: &Fields<'_>, known: &[&str], what: &str) -> Result<(), LoadError> {
        for (key, _) in fields {
            if key.starts_with("//") || known.contains(&key.as_ref()) {
                continue;
            }
            let hint = closest(key, known.iter().copied())
                .map(|k| format!(" (did you mean \"{k}\"?)"))
                .unwrap_or_default();
            return Err(self.error(
                self.key_offset(key),
                format!(
                    "unknown key \"{key}\" in {what}{hint}; {what} takes {}",
                    known.join(", ")
                ),
            ));
        }
        Ok(())
    }

    fn string<'j>(&self, v: &'j Json<'_>, what: &str) -> Result<&'j str, LoadError> {
        match v {
            Json::Str(s) => Ok(s.as_ref()),
            other => Err(self.error(self.offset(other), format!("{what} must be a string"))),
        }
    }

    fn placed(&self, v: &Json<'_>, what: &str) -> Result<Placed, LoadError> {
        let text = self.string(v, what)?;
        Ok(Placed {
            pointer: Pointer::parse(text),
            line: location_of(self.text.as_bytes(), self.offset(v)),
        })
    }

    fn optional(
        &self,
        fields: &Fields<'_>,
        key: &str,
        what: &str,
    ) -> Result<Option<Placed>, LoadError> {
        json::get(fields, key)
            .map(|v| self.placed(v, &format!("{what} \"{key}\"")))
            .transpose()
    }

    fn required(
        &self,
        fields: &Fields<'_>,
        key: &str,
        what: &str,
        at: usize,
    ) -> Result<Placed, LoadError> {
        self.optional(fields, key, what)?
            .ok_or_else(|| self.error(at, format!("{what} needs \"{key}\"")))
    }

    /// A path, or `{"const": TEXT}`.
    fn value(&self, v: &Json<'_>, what: &str) -> Result<Value, LoadError> {
        if let Json::Obj(fields) = v {
            self.known_keys(fields, &["const"], what)?;
            let text = json::get(fields, "const")
                .and_then(Json::scalar_text)
                .ok_or_else(|| {
                    self.error(self.offset(v), format!("{what}: {{\"const\": TEXT}}"))
                })?;
            return Ok(Value::Const(text));
        }
        self.placed(v, what).map(Value::Field)
    }

    fn attributes(&self, v: Option<&Json<'_>>, what: &str) -> Result<Attributes, LoadError> {
        match v {
            None => Ok(Attributes::Rest),
            Some(Json::Str(s)) if s == "*" => Ok(Attributes::Rest),
            Some(Json::Null) => Ok(Attributes::None),
            Some(Json::Arr(items)) => items
                .iter()
                .map(|i| self.string(i, what).map(Pointer::parse))
                .collect::<Result<_, _>>()
                .map(Attributes::Only),
            Some(other) => Err(self.error(
                self.offset(other),
                format!("{what} is \"*\" (every other field), null, or a list of fields"),
            )),
        }
    }

    fn by(&self, v: Option<&Json<'_>>, what: &str) -> Result<By, LoadError> {
        match v {
            None => Ok(By::Id),
            Some(Json::Str(s)) if s == "id" => Ok(By::Id),
            Some(Json::Str(s)) if s == "name" => Ok(By::Name),
            Some(other) => {
                Err(self.error(self.offset(other), format!("{what} is \"id\" or \"name\"")))
            }
        }
    }

    fn kind_text(&self, v: Option<&Json<'_>>, what: &str) -> Result<String, LoadError> {
        v.map(|v| self.string(v, what).map(str::to_owned))
            .transpose()
            .map(|k| k.unwrap_or_else(|| "node".into()))
    }

    fn nodes(&self, v: &Json<'_>) -> Result<Nodes, LoadError> {
        let fields = self.object(v, "\"nodes\"")?;
        self.known_keys(fields, NODE_KEYS, "\"nodes\"")?;
        let at = self.offset(v);
        let links = match json::get(fields, "links") {
            None => Vec::new(),
            Some(Json::Arr(items)) => items
                .iter()
                .map(|l| self.link(l))
                .collect::<Result<_, _>>()?,
            Some(other) => return Err(self.error(self.offset(other), "\"links\" must be a list")),
        };
        Ok(Nodes {
            at: self.required(fields, "at", "\"nodes\"", at)?,
            id: self.optional(fields, "id", "\"nodes\"")?,
            name: self.optional(fields, "name", "\"nodes\"")?,
            kind: json::get(fields, "kind")
                .map(|k| self.value(k, "\"nodes\" \"kind\""))
                .transpose()?,
            aliases: self.optional(fields, "aliases", "\"nodes\"")?,
            summary: self.optional(fields, "summary", "\"nodes\"")?,
            attributes: self
                .attributes(json::get(fields, "attributes"), "\"nodes\" \"attributes\"")?,
            links,
        })
    }

    fn link(&self, v: &Json<'_>) -> Result<Link, LoadError> {
        let fields = self.object(v, "a link")?;
        self.known_keys(fields, LINK_KEYS, "a link")?;
        let field = self.required(fields, "field", "a link", self.offset(v))?;
        let rtype = match json::get(fields, "type") {
            Some(t) => self.string(t, "a link's \"type\"")?.to_string(),
            None => field
                .pointer
                .steps
                .last()
                .cloned()
                .unwrap_or_else(|| "linked".into()),
        };
        let inward = match json::get(fields, "direction") {
            None => false,
            Some(Json::Str(s)) if s == "out" => false,
            Some(Json::Str(s)) if s == "in" => true,
            Some(other) => {
                return Err(self.error(
                    self.offset(other),
                    "a link's \"direction\" is \"out\" (record → neighbour) or \"in\"",
                ));
            }
        };
        Ok(Link {
            item: self.optional(fields, "item", "a link")?.map(|p| p.pointer),
            rtype,
            inward,
            by: self.by(json::get(fields, "by"), "a link's \"by\"")?,
            kind: self.kind_text(json::get(fields, "kind"), "a link's \"kind\"")?,
            field,
        })
    }

    fn edges(&self, v: &Json<'_>) -> Result<Edges, LoadError> {
        let fields = self.object(v, "\"edges\"")?;
        self.known_keys(fields, EDGE_KEYS, "\"edges\"")?;
        let at = self.offset(v);
        Ok(Edges {
            at: self.required(fields, "at", "\"edges\"", at)?,
            from: self.required(fields, "from", "\"edges\"", at)?,
            to: self.required(fields, "to", "\"edges\"", at)?,
            rtype: json::get(fields, "type")
                .map(|t| self.value(t, "\"edges\" \"type\""))
                .transpose()?,
            by: self.by(json::get(fields, "by"), "\"edges\" \"by\"")?,
            kind: self.kind_text(json::get(fields, "kind"), "\"edges\" \"kind\"")?,
            attributes: self
                .attributes(json::get(fields, "attributes"), "\"edges\" \"attributes\"")?,
        })
    }
}
