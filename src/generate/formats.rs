//! The generated graph's writers, one per format a benchmark loads: kgx's own JSON, Neo4j APOC
//! JSON Lines and FollowTheMoney JSON Lines. They only shape records the generator made; what
//! the records hold is the generator's.

use std::io::{Result, Write};

use super::{Kind, Record};

/// The format a generated graph is written in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum GraphFormat {
    /// kgx's own JSON (one object with `entities` and `relations`).
    Native,
    /// Neo4j `apoc.export.json.all` JSON Lines: a node per line, then a relationship per line.
    Apoc,
    /// FollowTheMoney JSON Lines: a thing entity per line, then an edge entity (`Ownership`,
    /// `UnknownLink`, ...) per relation.
    Ftm,
    /// A Wikidata JSON dump (`[`, an entity per line, `]`) of about 17 KB an item: not the same
    /// graph as the others, for benchmarks of streaming a large file.
    Wikidata,
}

impl GraphFormat {
    /// The format named `name` (`native`, `apoc`, `ftm`, `wikidata`).
    pub fn from_name(name: &str) -> Option<GraphFormat> {
        match name {
            "native" | "json" => Some(GraphFormat::Native),
            "apoc" => Some(GraphFormat::Apoc),
            "ftm" => Some(GraphFormat::Ftm),
            "wikidata" => Some(GraphFormat::Wikidata),
            _ => None,
        }
    }

    /// The writer of the generated graph in this format (`None` for the Wikidata dump, which
    /// writes its own items).
    pub(super) fn writer<W: Write>(self) -> Option<Box<dyn GraphWriter<W>>> {
        match self {
            GraphFormat::Native => Some(Box::new(Native { first: true })),
            GraphFormat::Apoc => Some(Box::new(Apoc)),
            GraphFormat::Ftm => Some(Box::new(Ftm)),
            GraphFormat::Wikidata => None,
        }
    }
}

/// A relation's end as the writers need it.
#[derive(Clone, Copy)]
pub(super) struct End<'a> {
    pub ix: usize,
    pub id: &'a str,
    pub kind: Kind,
}

/// Shapes the generator's records, in order: `begin`, every `entity`, `relations`, every
/// `relation`, `end`.
pub(super) trait GraphWriter<W: Write> {
    fn begin(&mut self, out: &mut W, n: usize, seed: u64) -> Result<()>;
    fn entity(&mut self, out: &mut W, ix: usize, id: &str, r: &Record, last: bool) -> Result<()>;
    fn relations(&mut self, out: &mut W) -> Result<()>;
    fn relation(&mut self, out: &mut W, k: usize, from: End, to: End, rtype: &str) -> Result<()>;
    fn end(&mut self, out: &mut W) -> Result<()>;
}

fn q(s: &str) -> String {
    serde_json::to_string(s).expect("a string serialises")
}

/// kgx's own format, byte for byte what the generator always wrote.
struct Native {
    first: bool,
}

impl<W: Write> GraphWriter<W> for Native {
    fn begin(&mut self, out: &mut W, n: usize, seed: u64) -> Result<()> {
        writeln!(
            out,
            "{{\"title\": \"Generated graph: {n} entities, seed {seed}\","
        )?;
        writeln!(out, "\"entities\": [")
    }

    fn entity(&mut self, out: &mut W, _: usize, id: &str, r: &Record, last: bool) -> Result<()> {
        let aliases: Vec<String> = r.aliases.iter().map(|a| q(a)).collect();
        let attrs: Vec<String> = r
            .attrs
            .iter()
            .map(|(k, v)| format!("\"{k}\": {v}"))
            .collect();
        write!(
            out,
            "{{\"id\": {}, \"kind\": \"{}\", \"name\": {}, ",
            q(id),
            r.kind.label(),
            q(&r.name)
        )?;
        if !aliases.is_empty() {
            write!(out, "\"aliases\": [{}], ", aliases.join(", "))?;
        }
        write!(
            out,
            "\"summary\": {}, \"attrs\": {{{}}}}}",
            q(&r.summary),
            attrs.join(", ")
        )?;
        writeln!(out, "{}", if last { "" } else { "," })
    }

    fn relations(&mut self, out: &mut W) -> Result<()> {
        writeln!(out, "],\n\"relations\": [")
    }

    fn relation(&mut self, out: &mut W, _: usize, from: End, to: End, rtype: &str) -> Result<()> {
        if !self.first {
            writeln!(out, ",")?;
        }
        self.first = false;
        write!(
            out,
            "{{\"from\": {}, \"to\": {}, \"type\": \"{rtype}\"}}",
            q(from.id),
            q(to.id)
        )
    }

    fn end(&mut self, out: &mut W) -> Result<()> {
        writeln!(out, "\n]}}")
    }
}

/// `apoc.export.json.all` JSON Lines: nodes keyed by Neo4j's numeric ids, the kind as the
/// label, name, aliases, summary and attributes as properties.
struct Apoc;

impl<W: Write> GraphWriter<W> for Apoc {
    fn begin(&mut self, _: &mut W, _: usize, _: u64) -> Result<()> {
        Ok(())
    }

    fn entity(&mut self, out: &mut W, ix: usize, _: &str, r: &Record, _: bool) -> Result<()> {
        write!(
            out,
            "{{\"type\":\"node\",\"id\":\"{ix}\",\"labels\":[\"{}\"],\"properties\":{{\"name\":{}",
            r.kind.label(),
            q(&r.name)
        )?;
        if !r.aliases.is_empty() {
            let aliases: Vec<String> = r.aliases.iter().map(|a| q(a)).collect();
            write!(out, ",\"aliases\":[{}]", aliases.join(","))?;
        }
        write!(out, ",\"summary\":{}", q(&r.summary))?;
        for (k, v) in &r.attrs {
            write!(out, ",\"{k}\":{v}")?;
        }
        writeln!(out, "}}}}")
    }

    fn relations(&mut self, _: &mut W) -> Result<()> {
        Ok(())
    }

    fn relation(&mut self, out: &mut W, k: usize, from: End, to: End, rtype: &str) -> Result<()> {
        writeln!(
            out,
            "{{\"type\":\"relationship\",\"id\":\"{k}\",\"label\":\"{rtype}\",\"start\":{{\"id\":\"{}\",\"labels\":[\"{}\"]}},\"end\":{{\"id\":\"{}\",\"labels\":[\"{}\"]}}}}",
            from.ix,
            from.kind.label(),
            to.ix,
            to.kind.label()
        )
    }

    fn end(&mut self, _: &mut W) -> Result<()> {
        Ok(())
    }
}

/// FollowTheMoney JSON Lines: every value a list of strings; companies as `Company`, chips as
/// `Asset`, clouds as `Organization`, deals as `Contract`, the rest as `LegalEntity`; each
/// relation type as an edge schema (its type kept as `role`), one schema per type of a kind so
/// that no two relations of an entity become the same FtM edge.
struct Ftm;

impl Ftm {
    /// The edge schema of a relation type, with its source and target properties.
    fn edge(rtype: &str) -> (&'static str, &'static str, &'static str) {
        match rtype {
            "investor" | "investee" => ("Ownership", "owner", "asset"),
            "partner" => ("Associate", "person", "associate"),
            "customer" => ("Representation", "agent", "client"),
            "owns_stake" => ("Membership", "member", "organization"),
            "acquired" | "successor_of" => ("Succession", "predecessor", "successor"),
            "manufactured_by" => ("ContractAward", "contract", "supplier"),
            "designed_by" => ("Employment", "employee", "employer"),
            "offers" => ("ProjectParticipant", "participant", "project"),
            "operated_by" => ("Directorship", "director", "organization"),
            "hosts" => ("Occupancy", "holder", "post"),
            "buyer" => ("Payment", "payer", "beneficiary"),
            "seller" => ("Debt", "debtor", "creditor"),
            "provider" => ("Family", "person", "relative"),
            _ => ("UnknownLink", "subject", "object"),
        }
    }

    fn schema(kind: Kind) -> &'static str {
        match kind {
            Kind::Company => "Company",
            Kind::Chip => "Asset",
            Kind::Cloud => "Organization",
            Kind::Deal => "Contract",
            Kind::Other => "LegalEntity",
        }
    }
}

impl<W: Write> GraphWriter<W> for Ftm {
    fn begin(&mut self, _: &mut W, _: usize, _: u64) -> Result<()> {
        Ok(())
    }

    fn entity(&mut self, out: &mut W, _: usize, id: &str, r: &Record, _: bool) -> Result<()> {
        write!(
            out,
            "{{\"id\":{},\"schema\":\"{}\",\"properties\":{{\"name\":[{}]",
            q(id),
            Ftm::schema(r.kind),
            q(&r.name)
        )?;
        if !r.aliases.is_empty() {
            let aliases: Vec<String> = r.aliases.iter().map(|a| q(a)).collect();
            write!(out, ",\"alias\":[{}]", aliases.join(","))?;
        }
        write!(out, ",\"summary\":[{}]", q(&r.summary))?;
        for (k, v) in &r.attrs {
            // FtM values are strings: numbers are written as their text.
            if v.starts_with('"') {
                write!(out, ",\"{k}\":[{v}]")?;
            } else {
                write!(out, ",\"{k}\":[\"{v}\"]")?;
            }
        }
        writeln!(out, "}}}}")
    }

    fn relations(&mut self, _: &mut W) -> Result<()> {
        Ok(())
    }

    fn relation(&mut self, out: &mut W, k: usize, from: End, to: End, rtype: &str) -> Result<()> {
        let (schema, source, target) = Ftm::edge(rtype);
        writeln!(
            out,
            "{{\"id\":\"rel-{k}\",\"schema\":\"{schema}\",\"properties\":{{\"{source}\":[{}],\"{target}\":[{}],\"role\":[\"{rtype}\"]}}}}",
            q(from.id),
            q(to.id)
        )
    }

    fn end(&mut self, _: &mut W) -> Result<()> {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::GraphFormat;
    use crate::graph::{LoadOptions, load_bytes};

    /// Each format loads into a graph with the native one's entities, relations and names.
    #[test]
    fn every_format_loads_the_same_graph() {
        let load = |format| {
            let mut bytes = Vec::new();
            crate::generate::write_graph_as(&mut bytes, 300, 5, format).unwrap();
            load_bytes(&bytes, "gen", LoadOptions::default())
                .unwrap_or_else(|e| panic!("{format:?}: {e}"))
        };
        let native = load(GraphFormat::Native);
        for format in [GraphFormat::Apoc, GraphFormat::Ftm] {
            let other = load(format);
            assert!(
                other.warnings.is_empty(),
                "{format:?}: {:?}",
                other.warnings
            );
            let (g, o) = (&native.graph, &other.graph);
            assert_eq!(g.entity_count(), o.entity_count(), "{format:?}");
            assert_eq!(g.relation_count(), o.relation_count(), "{format:?}");
            let names = |g: &crate::graph::Graph| {
                let mut v: Vec<String> = g.entities().map(|e| e.name().to_string()).collect();
                v.sort();
                v
            };
            assert_eq!(names(g), names(o), "{format:?}");
        }
    }
}
