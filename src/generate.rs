//! A deterministic, realistic kgx graph of any size, for benchmarks and tests of large graphs
//! (`cargo run --release --example gen_graph -- --entities N --seed S > big.json`).
//!
//! Entities span the core kinds with company-like, chip-like, cloud-like and deal-like names,
//! aliases, summaries and attributes; about one in forty names is non-ASCII (accents, CJK). Each
//! entity has about three outgoing relations whose targets follow a skewed (log-uniform) law, so
//! the first entities are hubs with tens of thousands of links on a million-entity graph. The
//! same `N` and `S` always write the same bytes. No dependencies beyond serde_json (for string
//! escaping): the generator is a small splitmix64 stream. Not part of the explorer.

use std::io::Write;

mod formats;
mod wikidata;

use formats::End;
pub use formats::GraphFormat;

/// splitmix64: tiny, fast, and good enough for synthetic data.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }
    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }
    fn chance(&mut self, p: f64) -> bool {
        self.unit() < p
    }
}

const SYLLABLES: &[&str] = &[
    "tra", "in", "ium", "no", "va", "cor", "tex", "quan", "ta", "lu", "men", "ax", "ion", "ver",
    "sa", "neu", "ral", "ze", "phy", "ro", "ka", "li", "on", "ar", "gen", "tis", "mo", "del", "vo",
    "lt", "cy", "pher", "hy", "per", "syn", "ap", "se", "or", "bit", "flux",
];
const ACCENTED: &[&str] = &[
    "Café",
    "Ångström",
    "Zürich",
    "Señal",
    "Øresund",
    "Élan",
    "Straße",
    "Kraków",
    "São",
    "Névé",
    "東京",
    "北京",
    "Ñandú",
    "Čapek",
    "Ísafjörður",
];
const COMPANY_SUFFIX: &[&str] = &[
    "AI",
    "Labs",
    "Systems",
    "Compute",
    "Semiconductor",
    "Networks",
    "Robotics",
    "Capital",
    "Technologies",
    "Dynamics",
    "Holdings",
    "Silicon",
    "Data",
    "Cloud",
    "Inc",
];
const CHIP_FAMILY: &[&str] = &[
    "H",
    "B",
    "MI",
    "TPU v",
    "Trainium",
    "Inferentia",
    "Gaudi",
    "XPU-",
    "NPU-",
    "Maia ",
    "Cobalt ",
    "Grace ",
    "Axion ",
    "WSE-",
    "LPU-",
];
const DEAL_KIND: &[&str] = &[
    "investment",
    "compute deal",
    "cloud contract",
    "acquisition",
    "chip supply deal",
    "partnership",
    "data center lease",
    "power purchase agreement",
];
const CITIES: &[&str] = &[
    "San Francisco",
    "Seattle",
    "Austin",
    "London",
    "Paris",
    "Tokyo",
    "Seoul",
    "Taipei",
    "Shenzhen",
    "Tel Aviv",
    "Toronto",
    "Berlin",
    "Zürich",
    "Bangalore",
    "Singapore",
];
const COMPANY_RELS: &[&str] = &["investor", "partner", "customer", "owns_stake", "acquired"];
const CHIP_RELS: &[&str] = &[
    "successor_of",
    "manufactured_by",
    "designed_by",
    "competes_with",
];
const CLOUD_RELS: &[&str] = &["offers", "operated_by", "hosts", "partner"];
const DEAL_RELS: &[&str] = &["buyer", "seller", "covers", "investee", "provider"];

#[derive(Clone, Copy, PartialEq)]
pub(crate) enum Kind {
    Company,
    Chip,
    Cloud,
    Deal,
    Other,
}

impl Kind {
    pub(crate) fn label(self) -> &'static str {
        match self {
            Kind::Company => "company",
            Kind::Chip => "chip",
            Kind::Cloud => "cloud",
            Kind::Deal => "deal",
            Kind::Other => "other",
        }
    }
    fn relation_types(self) -> &'static [&'static str] {
        match self {
            Kind::Company | Kind::Other => COMPANY_RELS,
            Kind::Chip => CHIP_RELS,
            Kind::Cloud => CLOUD_RELS,
            Kind::Deal => DEAL_RELS,
        }
    }
}

fn kind_of(rng: &mut Rng) -> Kind {
    match rng.below(100) {
        0..40 => Kind::Company,
        40..60 => Kind::Chip,
        60..70 => Kind::Cloud,
        70..95 => Kind::Deal,
        _ => Kind::Other,
    }
}

/// A pronounceable capitalised word of two to four syllables.
fn word(rng: &mut Rng) -> String {
    let n = 2 + rng.below(3);
    let mut w: String = (0..n).map(|_| rng.pick(SYLLABLES)).collect();
    if let Some(first) = w.get_mut(0..1) {
        first.make_ascii_uppercase();
    }
    w
}

fn brand(rng: &mut Rng) -> String {
    if rng.chance(0.025) {
        format!("{} {}", rng.pick(ACCENTED), word(rng))
    } else {
        word(rng)
    }
}

fn slug(name: &str, ix: usize) -> String {
    let mut s = String::with_capacity(name.len() + 8);
    for c in name.chars() {
        if c.is_ascii_alphanumeric() {
            s.push(c.to_ascii_lowercase());
        } else if !s.ends_with('-') && !s.is_empty() {
            s.push('-');
        }
    }
    if !s.ends_with('-') {
        s.push('-');
    }
    s.push_str(&ix.to_string());
    s
}

/// One generated entity; attribute values are JSON text (a number or a quoted string).
pub(crate) struct Record {
    kind: Kind,
    name: String,
    aliases: Vec<String>,
    summary: String,
    attrs: Vec<(&'static str, String)>,
}

fn record(rng: &mut Rng, kind: Kind, companies: &[String]) -> Record {
    let mut aliases = Vec::new();
    let mut attrs = Vec::new();
    let q = |s: &str| serde_json::to_string(s).expect("a string serialises");
    let (name, summary) = match kind {
        Kind::Company | Kind::Other => {
            let b = brand(rng);
            let name = format!("{b} {}", rng.pick(COMPANY_SUFFIX));
            if rng.chance(0.5) {
                aliases.push(b.to_uppercase().chars().take(5).collect());
            }
            if rng.chance(0.2) {
                aliases.push(format!("{b} Group"));
            }
            let city = rng.pick(CITIES);
            attrs.push(("founded", (1970 + rng.below(56)).to_string()));
            attrs.push(("hq", q(city)));
            let summary = format!(
                "{name} builds {} for AI workloads from {city}; it raised ${}M in its last round.",
                rng.pick(&[
                    "accelerators",
                    "models",
                    "data centers",
                    "networking",
                    "software"
                ]),
                10 + rng.below(5000)
            );
            (name, summary)
        }
        Kind::Chip => {
            let family = rng.pick(CHIP_FAMILY);
            let generation = 1 + rng.below(999);
            let name = format!("{family}{generation}");
            if rng.chance(0.4) {
                aliases.push(format!("{} {family}{generation}", word(rng)));
            }
            let nm = [3, 4, 5, 7][rng.below(4)];
            attrs.push(("process_nm", nm.to_string()));
            let summary = format!(
                "{name} is a {nm} nm {} with {} GB of HBM.",
                rng.pick(&[
                    "GPU",
                    "AI accelerator",
                    "inference chip",
                    "training chip",
                    "CPU"
                ]),
                16 * (1 + rng.below(16))
            );
            (name, summary)
        }
        Kind::Cloud => {
            let b = brand(rng);
            let name = format!("{b} Cloud");
            aliases.push(
                b.chars()
                    .filter(|c| c.is_uppercase())
                    .chain("C".chars())
                    .collect(),
            );
            let summary = format!(
                "{name} rents GPU capacity in {} regions.",
                1 + rng.below(40)
            );
            (name, summary)
        }
        Kind::Deal => {
            let a = &companies[rng.below(companies.len())];
            let b = &companies[rng.below(companies.len())];
            let what = rng.pick(DEAL_KIND);
            let name = format!("{a}–{b} {what}");
            let amount = (1 + rng.below(500)) as u64 * 100_000_000;
            let year = 2019 + rng.below(8);
            let month = 1 + rng.below(12);
            attrs.push(("amount_usd", amount.to_string()));
            attrs.push(("date", q(&format!("{year}-{month:02}"))));
            attrs.push(("status", q(rng.pick(crate::conventions::KNOWN_STATUSES))));
            let summary = format!(
                "{a} and {b} agreed a {what} worth ${:.1}B in {year}.",
                amount as f64 / 1e9
            );
            (name, summary)
        }
    };
    Record {
        kind,
        name,
        aliases,
        summary,
        attrs,
    }
}

/// A target index with a log-uniform law half of the time (hubs at the front) and uniform
/// otherwise.
fn skewed_target(rng: &mut Rng, n: usize) -> usize {
    if rng.chance(0.5) {
        ((n as f64).powf(rng.unit()) as usize)
            .saturating_sub(1)
            .min(n - 1)
    } else {
        rng.below(n)
    }
}

/// Writes a graph of `entities` entities (at least 2) generated from `seed` to `out`, in kgx's
/// own format.
pub fn write_graph(out: &mut impl Write, entities: usize, seed: u64) -> std::io::Result<()> {
    write_graph_as(out, entities, seed, GraphFormat::Native)
}

/// Writes the graph [`write_graph`] writes, in `format`: the same entities (same names, kinds,
/// aliases, summaries and attributes) and relations, in the format's own shape.
pub fn write_graph_as(
    out: &mut impl Write,
    entities: usize,
    seed: u64,
    format: GraphFormat,
) -> std::io::Result<()> {
    assert!(entities >= 2, "a generated graph has at least two entities");
    let mut rng = Rng(seed);
    let n = entities;
    let Some(mut w) = format.writer() else {
        wikidata::write_dump(out, entities, seed)?;
        return out.flush();
    };
    // Company names deals refer to; a small pool keeps generation cheap.
    let companies: Vec<String> = (0..256).map(|_| brand(&mut rng)).collect();
    let mut kinds = Vec::with_capacity(n);
    let mut ids = Vec::with_capacity(n);
    w.begin(out, n, seed)?;
    for i in 0..n {
        let kind = kind_of(&mut rng);
        let r = record(&mut rng, kind, &companies);
        let id = slug(&r.name, i);
        w.entity(out, i, &id, &r, i + 1 == n)?;
        kinds.push(r.kind);
        ids.push(id);
    }
    w.relations(out)?;
    let mut k = 0;
    for (from, kind) in kinds.iter().enumerate() {
        let count = 1 + rng.below(5); // 1..=5, about 3 on average
        let mut targets: Vec<(usize, &str)> = Vec::with_capacity(count);
        for _ in 0..count {
            let to = skewed_target(&mut rng, n);
            let rtype = rng.pick(kind.relation_types());
            if to == from || targets.contains(&(to, rtype)) {
                continue;
            }
            targets.push((to, rtype));
            let end = |i: usize| End {
                ix: i,
                id: &ids[i],
                kind: kinds[i],
            };
            w.relation(out, k, end(from), end(to), rtype)?;
            k += 1;
        }
    }
    w.end(out)?;
    out.flush()
}

/// A star: one hub (`hub`, "Hub") and `n` neighbours (`n0`, "Neighbour 0", …, of the four core
/// kinds in turn), a third of them pointing at the hub (`supplies`) and the rest pointed at by
/// it (`operates`, `invests_in`). The JSON text, for tests and benchmarks of a hub's views.
pub fn star(n: usize) -> String {
    let mut json = String::from(r#"{"entities": [{"id": "hub", "kind": "company", "name": "Hub"}"#);
    for i in 0..n {
        let kind = ["company", "chip", "cloud", "deal"][i % 4];
        json.push_str(&format!(
            r#", {{"id": "n{i}", "kind": "{kind}", "name": "Neighbour {i}"}}"#
        ));
    }
    json.push_str(r#"], "relations": ["#);
    for i in 0..n {
        let sep = if i > 0 { "," } else { "" };
        let (from, to) = if i % 3 == 0 {
            (format!("n{i}"), "hub".to_string())
        } else {
            ("hub".to_string(), format!("n{i}"))
        };
        let rtype = ["supplies", "operates", "invests_in"][i % 3];
        json.push_str(&format!(
            r#"{sep}{{"from": "{from}", "to": "{to}", "type": "{rtype}"}}"#
        ));
    }
    json.push_str("]}");
    json
}
