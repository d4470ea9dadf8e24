//! A Wikidata JSON dump for benchmarks of streaming a large file (`gen_graph --format
//! wikidata`): `[`, one entity per line ending in `,`, `]`, as Wikidata publishes it. The
//! properties the items use come first (with their labels), then the items, each with labels
//! and descriptions in two languages, aliases, a sitelink, and about thirty statements the way
//! Wikidata writes them: about twelve with an item as value (`P31` instance of one of five
//! classes, the dump's first items; `P17` country on a tenth, outside the dump, so stubs; the
//! others pointing at items of the dump with the generator's skewed law), strings,
//! external ids, monolingual text, times, quantities with units, some coordinates and
//! `somevalue`/`novalue` snaks, qualifiers on a third of the item statements and references on
//! half of all statements. It is not the graph the other formats write: only its size and shape
//! are realistic. What it does not do: write lexemes or the other formats.

use std::io::{Result, Write};

use super::{Rng, brand, skewed_target, word};

/// What a generated dump loads into, for tests.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct DumpCounts {
    /// Entities in the dump (properties and items).
    pub(crate) entities: usize,
    /// Distinct entities the dump's statements name without defining (countries of `P17`).
    pub(crate) outside: usize,
    /// Statements with an entity as value (the relations).
    pub(crate) relations: usize,
}

/// Properties with an item as value, and their labels (`P31` first).
const ITEM_PROPS: &[(&str, &str)] = &[
    ("P31", "instance of"),
    ("P17", "country"),
    ("P127", "owned by"),
    ("P749", "parent organization"),
    ("P355", "subsidiary"),
    ("P1056", "product or material produced"),
    ("P452", "industry"),
    ("P159", "headquarters location"),
    ("P112", "founded by"),
    ("P169", "chief executive officer"),
    ("P1830", "owner of"),
    ("P361", "part of"),
    ("P527", "has part"),
    ("P176", "manufacturer"),
    ("P178", "developer"),
];
/// Properties with a string value (urls and external ids as Wikidata writes them).
const STRING_PROPS: &[(&str, &str, &str)] = &[
    ("P856", "official website", "url"),
    ("P2002", "X username", "external-id"),
    ("P213", "ISNI", "external-id"),
    ("P1278", "Legal Entity Identifier", "external-id"),
    ("P946", "ISIN", "external-id"),
    ("P3500", "Ringgold ID", "external-id"),
    ("P2013", "Facebook username", "external-id"),
];
const TIME_PROPS: &[(&str, &str)] = &[
    ("P571", "inception"),
    ("P576", "dissolved, abolished or demolished date"),
    ("P1619", "date of official opening"),
    ("P2031", "work period (start)"),
];
const QUANTITY_PROPS: &[(&str, &str, &str)] = &[
    ("P1128", "employees", "1"),
    (
        "P2139",
        "total revenue",
        "http://www.wikidata.org/entity/Q4917",
    ),
    (
        "P2295",
        "net profit",
        "http://www.wikidata.org/entity/Q4917",
    ),
    (
        "P2403",
        "total assets",
        "http://www.wikidata.org/entity/Q4917",
    ),
];
/// Other properties: official name (monolingual text), coordinates, and those of qualifiers and
/// references.
const OTHER_PROPS: &[(&str, &str, &str)] = &[
    ("P1448", "official name", "monolingualtext"),
    ("P625", "coordinate location", "globe-coordinate"),
    ("P580", "start time", "time"),
    ("P248", "stated in", "wikibase-item"),
    ("P854", "reference URL", "url"),
    ("P813", "retrieved", "time"),
];
/// Classes of `P31`, the first items of the dump (`Q1`…), by their labels.
const CLASSES: &[&str] = &[
    "business",
    "enterprise",
    "company",
    "public company",
    "organization",
];
/// How many countries `P17` names: items numbered after the dump's (not in it: they become
/// stubs).
const COUNTRIES: usize = 7;
/// Sources that references cite (not in the dump: a reference is an attribute, not a relation).
const SOURCES: &[&str] = &["Q328", "Q36578", "Q423048", "Q1860", "Q2013"];

/// Writes a dump of `items` items (and the properties they use) generated from `seed`.
pub(crate) fn write_dump(out: &mut impl Write, items: usize, seed: u64) -> Result<DumpCounts> {
    let mut rng = Rng(seed);
    let mut counts = DumpCounts {
        entities: 0,
        outside: 0,
        relations: 0,
    };
    writeln!(out, "[")?;
    let props = ITEM_PROPS
        .iter()
        .map(|&(p, l)| (p, l, "wikibase-item"))
        .chain(STRING_PROPS.iter().copied())
        .chain(TIME_PROPS.iter().map(|&(p, l)| (p, l, "time")))
        .chain(QUANTITY_PROPS.iter().map(|&(p, l, _)| (p, l, "quantity")))
        .chain(OTHER_PROPS.iter().copied());
    for (pid, label, datatype) in props {
        writeln!(
            out,
            "{{\"type\":\"property\",\"datatype\":\"{datatype}\",\"id\":\"{pid}\",\"labels\":{{\"en\":{{\"language\":\"en\",\"value\":\"{label}\"}}}},\"descriptions\":{{}},\"aliases\":{{}},\"claims\":{{}}}},"
        )?;
        counts.entities += 1;
    }
    for (i, label) in CLASSES.iter().enumerate() {
        writeln!(
            out,
            "{{\"type\":\"item\",\"id\":\"Q{}\",\"labels\":{{\"en\":{{\"language\":\"en\",\"value\":\"{label}\"}}}},\"claims\":{{}}}},",
            i + 1
        )?;
        counts.entities += 1;
    }
    let mut countries_used = [false; COUNTRIES];
    for i in 0..items {
        let mut line = String::with_capacity(20_000);
        let (relations, country) = item(&mut rng, &mut line, i, items);
        if let Some(c) = country {
            countries_used[c] = true;
        }
        counts.relations += relations;
        counts.entities += 1;
        let comma = if i + 1 < items { "," } else { "" };
        writeln!(out, "{line}{comma}")?;
    }
    writeln!(out, "]")?;
    counts.outside = countries_used.iter().filter(|&&u| u).count();
    Ok(counts)
}

/// The id of item `i` (after the classes).
fn qid(i: usize) -> String {
    format!("Q{}", CLASSES.len() + 1 + i)
}

/// Item `i` as one line into `line`: how many relations it makes and its country (outside the
/// dump), if it has one.
fn item(rng: &mut Rng, line: &mut String, i: usize, items: usize) -> (usize, Option<usize>) {
    use std::fmt::Write as _;
    let id = qid(i);
    let name = format!("{} {}", brand(rng), word(rng));
    let q = |s: &str| serde_json::to_string(s).expect("a string serialises");
    let text = |lang: &str, value: &str| {
        format!(
            "{{\"language\":\"{lang}\",\"value\":{}}}",
            serde_json::to_string(value).expect("a string serialises")
        )
    };
    let _ = write!(
        line,
        "{{\"type\":\"item\",\"id\":\"{id}\",\"labels\":{{\"en\":{},\"de\":{}}},\"descriptions\":{{\"en\":{},\"de\":{}}},\"aliases\":{{\"en\":[{}]}},\"claims\":{{",
        text("en", &name),
        text("de", &format!("{name} GmbH")),
        text("en", &format!("company of the generated graph, number {i}")),
        text("de", "Unternehmen"),
        text("en", &name.to_uppercase()),
    );
    let mut statements = 0;
    let mut claim = |line: &mut String,
                     rng: &mut Rng,
                     pid: &str,
                     snak: String,
                     qualifiers: String| {
        if statements > 0 {
            line.push(',');
        }
        statements += 1;
        let id = format!(
            "{id}${:08X}-{:04X}-{:04X}-{:04X}-{:012X}",
            rng.next() as u32,
            rng.next() as u16,
            rng.next() as u16,
            rng.next() as u16,
            rng.next() & 0xFFFF_FFFF_FFFF
        );
        let rank = if rng.chance(0.05) {
            "preferred"
        } else {
            "normal"
        };
        let references = if rng.chance(0.5) {
            format!(
                ",\"references\":[{{\"hash\":\"{:016x}{:016x}\",\"snaks\":{{\"P248\":[{}],\"P813\":[{}]}},\"snaks-order\":[\"P248\",\"P813\"]}}]",
                rng.next(),
                rng.next(),
                item_snak("P248", SOURCES[rng.below(SOURCES.len())]),
                time_snak("P813", "+2024-05-17T00:00:00Z", 11)
            )
        } else {
            String::new()
        };
        let _ = write!(
            line,
            "\"{pid}\":[{{\"mainsnak\":{snak},\"type\":\"statement\"{qualifiers},\"id\":\"{id}\",\"rank\":\"{rank}\"{references}}}]"
        );
    };
    // Item values: the class, a country on a tenth, then about eleven others at distinct targets.
    let class = format!("Q{}", 1 + rng.below(CLASSES.len()));
    claim(line, rng, "P31", item_snak("P31", &class), String::new());
    let mut relations = 1;
    let country = rng.chance(0.1).then(|| rng.below(COUNTRIES));
    if let Some(c) = country {
        claim(
            line,
            rng,
            "P17",
            item_snak("P17", &qid(items + c)),
            String::new(),
        );
        relations += 1;
    }
    for &(pid, _) in &ITEM_PROPS[2..] {
        if rng.chance(0.15) {
            continue;
        }
        let target = skewed_target(rng, items);
        if target == i {
            continue;
        }
        let qualifiers = if rng.chance(0.33) {
            let year = 1990 + rng.below(35);
            format!(
                ",\"qualifiers\":{{\"P580\":[{}]}},\"qualifiers-order\":[\"P580\"]",
                time_snak("P580", &format!("+{year}-00-00T00:00:00Z"), 9)
            )
        } else {
            String::new()
        };
        let snak = item_snak(pid, &qid(target));
        claim(line, rng, pid, snak, qualifiers);
        relations += 1;
    }
    for &(pid, _, datatype) in STRING_PROPS {
        let value = match pid {
            "P856" => format!("https://www.{}.example/", word(rng).to_lowercase()),
            _ => format!(
                "{}{:09}",
                word(rng).to_lowercase(),
                rng.below(1_000_000_000)
            ),
        };
        let snak = value_snak(pid, datatype, "string", &q(&value));
        claim(line, rng, pid, snak, String::new());
    }
    for &(pid, _) in TIME_PROPS {
        let snak = if rng.chance(0.1) {
            format!("{{\"snaktype\":\"somevalue\",\"property\":\"{pid}\",\"datatype\":\"time\"}}")
        } else if rng.chance(0.05) {
            format!("{{\"snaktype\":\"novalue\",\"property\":\"{pid}\",\"datatype\":\"time\"}}")
        } else {
            let (year, month, day) = (1900 + rng.below(125), 1 + rng.below(12), 1 + rng.below(28));
            let precision = [9, 10, 11][rng.below(3)];
            time_snak(
                pid,
                &format!("+{year}-{month:02}-{day:02}T00:00:00Z"),
                precision,
            )
        };
        claim(line, rng, pid, snak, String::new());
    }
    for &(pid, _, unit) in QUANTITY_PROPS {
        let amount = rng.below(2_000_000_000);
        let value = format!("{{\"amount\":\"+{amount}\",\"unit\":\"{unit}\"}}");
        let snak = value_snak(pid, "quantity", "quantity", &value);
        claim(line, rng, pid, snak, String::new());
    }
    let official = format!("{{\"text\":{},\"language\":\"en\"}}", q(&name));
    let snak = value_snak("P1448", "monolingualtext", "monolingualtext", &official);
    claim(line, rng, "P1448", snak, String::new());
    if rng.chance(0.3) {
        let (lat, lon) = (rng.unit() * 180.0 - 90.0, rng.unit() * 360.0 - 180.0);
        let value = format!(
            "{{\"latitude\":{lat:.4},\"longitude\":{lon:.4},\"altitude\":null,\"precision\":0.0001,\"globe\":\"http://www.wikidata.org/entity/Q2\"}}"
        );
        let snak = value_snak("P625", "globe-coordinate", "globecoordinate", &value);
        claim(line, rng, "P625", snak, String::new());
    }
    let _ = write!(
        line,
        "}},\"sitelinks\":{{\"enwiki\":{{\"site\":\"enwiki\",\"title\":{},\"badges\":[]}}}}}}",
        q(&name)
    );
    (relations, country)
}

fn item_snak(pid: &str, qid: &str) -> String {
    let numeric = &qid[1..];
    value_snak(
        pid,
        "wikibase-item",
        "wikibase-entityid",
        &format!("{{\"entity-type\":\"item\",\"numeric-id\":{numeric},\"id\":\"{qid}\"}}"),
    )
}

fn time_snak(pid: &str, time: &str, precision: u8) -> String {
    let value = format!(
        "{{\"time\":\"{time}\",\"timezone\":0,\"before\":0,\"after\":0,\"precision\":{precision},\"calendarmodel\":\"http://www.wikidata.org/entity/Q1985727\"}}"
    );
    value_snak(pid, "time", "time", &value)
}

fn value_snak(pid: &str, datatype: &str, kind: &str, value: &str) -> String {
    format!(
        "{{\"snaktype\":\"value\",\"property\":\"{pid}\",\"hash\":\"{:x}\",\"datavalue\":{{\"value\":{value},\"type\":\"{kind}\"}},\"datatype\":\"{datatype}\"}}",
        value.len() * 7919 + pid.len()
    )
}

#[cfg(test)]
mod tests {
    use super::write_dump;
    use crate::graph::{LoadOptions, load_bytes};

    /// The dump loads as a Wikidata dump with an entity per item and property, a stub per class
    /// outside it, and a relation per item statement.
    #[test]
    fn a_generated_dump_loads_with_its_counts() {
        let mut bytes = Vec::new();
        let counts = write_dump(&mut bytes, 300, 3).unwrap();
        let text = String::from_utf8(bytes).unwrap();
        let lines = text.lines().count();
        assert_eq!(lines, counts.entities + 2, "an entity per line, in [ and ]");
        let per_item = (text.len() / 300) as f64;
        assert!(
            (10_000.0..25_000.0).contains(&per_item),
            "{per_item} bytes an item"
        );
        let loaded = load_bytes(text.as_bytes(), "dump.json", LoadOptions::default()).unwrap();
        assert_eq!(loaded.format.name, "Wikidata JSON dump");
        assert_eq!(loaded.warnings, [], "no warning");
        let g = &loaded.graph;
        assert_eq!(g.entity_count(), counts.entities + counts.outside);
        assert_eq!(g.relation_count(), counts.relations);
        assert!(counts.relations > 300 * 10, "{counts:?}");
        assert!(counts.outside > 0, "{counts:?}");
        let item = g.entity(g.find("Q6").unwrap());
        assert!(
            [
                "business",
                "enterprise",
                "company",
                "public company",
                "organization"
            ]
            .contains(&item.kind())
        );
        assert!(item.attr("official name").is_some());
    }
}
