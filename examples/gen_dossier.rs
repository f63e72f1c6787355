//! Writes a synthetic dossier of any size, for benchmarks (`bench/run.sh`).
//!
//! ```text
//! cargo run --release --example gen_dossier -- --notes 10000 --out /dev/shm/d10k
//! ```
//!
//! The output is deterministic: the same arguments give the same bytes, so timings of
//! different builds compare the same input. Notes have 300–800 words with headings,
//! lists, tables, footnotes, a code block in about 30% of them, 5–10 wikilinks each,
//! citations and glossary terms in the prose (left for the autolinker). Beside the notes,
//! at the ratios a real dossier has: N/20 companies, people, products and terms, N/10
//! deals and N/50 sources. Every dossier it writes passes `dossier check`.

use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};

/// splitmix64: small, fast, and the same on every machine.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `lo..=hi`.
    fn range(&mut self, lo: usize, hi: usize) -> usize {
        lo + (self.next() % (hi - lo + 1) as u64) as usize
    }

    fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.next() as usize % items.len()]
    }
}

const SYLLABLES: [&str; 32] = [
    "ka", "lo", "mi", "ra", "ven", "tor", "zel", "qui", "dan", "sor", "bel", "fin", "gar", "hul",
    "jin", "mor", "nex", "pal", "rud", "sim", "tal", "ux", "vor", "wen", "yar", "zo", "cor", "del",
    "eth", "fal", "gon", "ith",
];

/// A made-up word, unique per `n` (n written in base 32 with syllables, at least two).
fn word(mut n: usize) -> String {
    let mut out = String::new();
    for _ in 0..2 {
        out.push_str(SYLLABLES[n % 32]);
        n /= 32;
    }
    while n > 0 {
        out.push_str(SYLLABLES[n % 32]);
        n /= 32;
    }
    out
}

fn capitalized(s: &str) -> String {
    let mut chars = s.chars();
    chars
        .next()
        .map(|c| c.to_ascii_uppercase().to_string() + chars.as_str())
        .unwrap_or_default()
}

const PROSE: [&str; 64] = [
    "the",
    "company",
    "said",
    "its",
    "cloud",
    "investment",
    "would",
    "grow",
    "over",
    "several",
    "years",
    "and",
    "that",
    "analysts",
    "expected",
    "further",
    "deals",
    "between",
    "labs",
    "providers",
    "of",
    "computing",
    "power",
    "while",
    "regulators",
    "watched",
    "closely",
    "as",
    "models",
    "became",
    "larger",
    "more",
    "capable",
    "in",
    "a",
    "market",
    "where",
    "capital",
    "flows",
    "to",
    "few",
    "players",
    "with",
    "data",
    "centres",
    "chips",
    "talent",
    "revenue",
    "partnership",
    "terms",
    "were",
    "not",
    "disclosed",
    "by",
    "either",
    "side",
    "according",
    "report",
    "people",
    "familiar",
    "matter",
    "early",
    "stake",
    "valuation",
];

const CODE: [(&str, &str); 4] = [
    (
        "rust",
        "fn valuation(amount: u64, stake: f64) -> f64 {\n    // Implied valuation.\n    amount as f64 / (stake / 100.0)\n}\n",
    ),
    (
        "python",
        "def valuation(amount, stake):\n    \"\"\"Implied valuation.\"\"\"\n    return amount / (stake / 100)\n\nprint(valuation(300_000_000, 10))\n",
    ),
    (
        "toml",
        "[deal]\ninvestor = \"google\"\namount = { value = 300_000_000, currency = \"USD\" }\nstatus = \"reported\"\n",
    ),
    (
        "json",
        "{\n  \"deal\": \"google-anthropic-2023\",\n  \"amount\": 300000000,\n  \"stake\": 10\n}\n",
    ),
];

struct Names {
    companies: Vec<(String, String)>,
    people: Vec<(String, String)>,
    products: Vec<(String, String)>,
    terms: Vec<(String, String)>,
    sources: Vec<(String, String)>,
    deals: Vec<String>,
    notes: Vec<String>,
}

impl Names {
    fn new(notes: usize) -> Names {
        let n = |d: usize| (notes / d).max(2);
        let make = |count: usize, f: &dyn Fn(&str) -> (String, String)| {
            (0..count).map(|i| f(&word(i))).collect::<Vec<_>>()
        };
        Names {
            companies: make(n(20), &|w| {
                (format!("{w}-labs"), format!("{} Labs", capitalized(w)))
            }),
            people: make(n(20), &|w| {
                (format!("ana-{w}"), format!("Ana {}", capitalized(w)))
            }),
            products: make(n(20), &|w| {
                (format!("{w}-engine"), format!("{} Engine", capitalized(w)))
            }),
            terms: make(n(20), &|w| (format!("{w}-method"), format!("{w} method"))),
            sources: make(n(50), &|w| {
                (
                    format!("{w}-report"),
                    format!("The {} Report", capitalized(w)),
                )
            }),
            deals: (0..n(10)).map(|i| format!("deal-{i:05}")).collect(),
            notes: (0..notes).map(|i| format!("note-{i:05}")).collect(),
        }
    }

    /// Any entry's slug, for a wikilink.
    fn any(&self, rng: &mut Rng) -> &str {
        match rng.range(0, 5) {
            0 => &rng.pick(&self.companies).0,
            1 => &rng.pick(&self.people).0,
            2 => &rng.pick(&self.products).0,
            3 => rng.pick(&self.deals).as_str(),
            4 => &rng.pick(&self.terms).0,
            _ => rng.pick(&self.notes).as_str(),
        }
    }
}

/// A paragraph of about `words` words with wikilinks, citations and glossary terms.
fn paragraph(rng: &mut Rng, names: &Names, words: usize, links: &mut usize) -> String {
    let mut out = String::new();
    for i in 0..words {
        if i > 0 {
            out.push(' ');
        }
        if *links > 0 && rng.chance(4) {
            *links -= 1;
            let slug = names.any(rng);
            if rng.chance(50) {
                write!(out, "[[{slug}]]").ok();
            } else {
                write!(out, "[[{slug}|{}]]", rng.pick(&PROSE)).ok();
            }
        } else if rng.chance(2) {
            out.push_str(&rng.pick(&names.terms).1);
        } else {
            out.push_str(rng.pick::<&str>(&PROSE));
        }
        if rng.chance(2) {
            write!(out, " [@{}]", rng.pick(&names.sources).0).ok();
        }
    }
    out.push_str(".\n\n");
    out
}

fn note(rng: &mut Rng, names: &Names, i: usize) -> String {
    let target_words = rng.range(300, 800);
    let mut links = rng.range(5, 10);
    let sources: Vec<_> = (0..2)
        .map(|_| format!("\"{}\"", rng.pick(&names.sources).0))
        .collect();
    let mut out = format!(
        "+++\ntitle = \"Note {i}: {} and {}\"\ndate = \"{}-{:02}-{:02}\"\ntags = [\"analysis\", \"{}\"]\nsources = [{}]\nsummary = \"Synthetic note {i} for benchmarks.\"\n+++\n\n",
        rng.pick(&names.companies).1,
        rng.pick(&names.terms).1,
        rng.range(2015, 2024),
        rng.range(1, 12),
        rng.range(1, 28),
        rng.pick(&PROSE),
        sources.join(", "),
    );
    let mut words = 0;
    let mut section = 0;
    let mut footnote = false;
    let code = rng.chance(30);
    while words < target_words || links > 0 {
        if words % 150 < 60 && words / 150 >= section {
            section += 1;
            writeln!(out, "## Section {section} of note {i}\n").ok();
        }
        match rng.range(0, 14) {
            0 => {
                for _ in 0..rng.range(3, 5) {
                    let n = rng.range(6, 12);
                    words += n;
                    out.push_str("- ");
                    out.push_str(paragraph(rng, names, n, &mut links).trim_end());
                    out.push('\n');
                }
                out.push('\n');
            }
            1 => {
                out.push_str("| Company | Amount | Status |\n|---|---|---|\n");
                for _ in 0..rng.range(2, 4) {
                    let (slug, _) = rng.pick(&names.companies);
                    writeln!(
                        out,
                        "| [[{slug}]] | ${} million | reported |",
                        rng.range(1, 900)
                    )
                    .ok();
                    words += 4;
                }
                out.push('\n');
            }
            2 if !footnote => {
                footnote = true;
                let n = rng.range(30, 60);
                words += n;
                let text = paragraph(rng, names, n, &mut links);
                out.push_str(text.trim_end().trim_end_matches('.'));
                out.push_str("[^1].\n\n");
            }
            _ => {
                let n = rng.range(40, 90);
                words += n;
                out.push_str(&paragraph(rng, names, n, &mut links));
            }
        }
    }
    if code {
        let (lang, body) = rng.pick(&CODE);
        write!(out, "```{lang}\n{body}```\n\n").ok();
    }
    if footnote {
        out.push_str("[^1]: A footnote with a [[");
        out.push_str(&rng.pick(&names.companies).0);
        out.push_str("]] link.\n");
    }
    out
}

fn write(path: PathBuf, text: String) {
    if let Err(e) = fs::write(&path, text) {
        eprintln!("error: cannot write {}: {e}", path.display());
        std::process::exit(1);
    }
}

fn generate(notes: usize, out: &Path) {
    let names = Names::new(notes);
    let mut rng = Rng(notes as u64);
    for dir in [
        "companies",
        "people",
        "products",
        "deals",
        "glossary",
        "sources",
        "notes",
    ] {
        if let Err(e) = fs::create_dir_all(out.join("content").join(dir)) {
            eprintln!("error: cannot create {}: {e}", out.display());
            std::process::exit(1);
        }
    }
    write(
        out.join("site.toml"),
        format!(
            "title = \"Synthetic dossier of {notes} notes\"\ndescription = \"Generated by gen_dossier for benchmarks.\"\nbase_url = \"https://example.github.io/bench/\"\nlanguage = \"en\"\n"
        ),
    );
    let content = out.join("content");
    write(
        content.join("index.md"),
        format!(
            "+++\ntitle = \"Synthetic dossier\"\n+++\n\nA generated dossier of {notes} notes. Start with [[{}]].\n",
            names.notes[0]
        ),
    );
    for (i, (slug, name)) in names.companies.iter().enumerate() {
        let products = &names.products[i % names.products.len()].0;
        let text = format!(
            "+++\nname = \"{name}\"\nkind = \"AI lab\"\nfounded = \"{}\"\nproducts = [\"{products}\"]\nfacts = [\n  {{ label = \"Employees\", value = \"About {}\", status = \"reported\", sources = [\"{}\"] }},\n]\nsources = [\"{}\"]\nsummary = \"{name}, a synthetic company.\"\n+++\n\n{}",
            rng.range(1990, 2022),
            rng.range(10, 5000),
            rng.pick(&names.sources).0,
            rng.pick(&names.sources).0,
            paragraph(&mut rng, &names, 80, &mut 3),
        );
        write(content.join("companies").join(format!("{slug}.md")), text);
    }
    for (slug, name) in &names.people {
        let org = &rng.pick(&names.companies).0;
        let text = format!(
            "+++\nname = \"{name}\"\nroles = [{{ org = \"{org}\", title = \"CEO\" }}]\nsummary = \"{name}, a synthetic person.\"\n+++\n\n{}",
            paragraph(&mut rng, &names, 60, &mut 2),
        );
        write(content.join("people").join(format!("{slug}.md")), text);
    }
    for (i, (slug, name)) in names.products.iter().enumerate() {
        // Each product's maker lists it among its products.
        let maker = &names.companies[i % names.companies.len()].0;
        let text = format!(
            "+++\nname = \"{name}\"\nmaker = \"{maker}\"\nkind = \"Language model\"\nparameters = {}\nsummary = \"{name}, a synthetic model.\"\n+++\n\n{}",
            rng.range(1, 500) * 1_000_000_000,
            paragraph(&mut rng, &names, 60, &mut 2),
        );
        write(content.join("products").join(format!("{slug}.md")), text);
    }
    // Every fifth source is a company's own statement (`issued_by`).
    let statements: Vec<(String, String)> = names.sources.iter().step_by(5).cloned().collect();
    for slug in &names.deals {
        let investor = rng.range(0, names.companies.len() - 1);
        let recipient =
            (investor + rng.range(1, names.companies.len() - 1)) % names.companies.len();
        let reported = rng.chance(30);
        let text = format!(
            "+++\ntitle = \"{} invests in {}\"\ninvestor = \"{}\"\nrecipient = \"{}\"\nannounced = {}-{:02}-{:02}\namount = {{ value = {}, currency = \"USD\" }}\nstake = {{ value = {}, approximate = true }}\nstatus = \"{}\"\nsources = [\"{}\"]\nsummary = \"A synthetic deal.\"\n+++\n\n{}",
            names.companies[investor].1,
            names.companies[recipient].1,
            names.companies[investor].0,
            names.companies[recipient].0,
            rng.range(2015, 2024),
            rng.range(1, 12),
            rng.range(1, 28),
            rng.range(1, 900) * 1_000_000,
            rng.range(1, 40),
            if reported { "reported" } else { "confirmed" },
            // A confirmed deal cites a party's own statement, as `check` asks.
            rng.pick(if reported {
                &names.sources
            } else {
                &statements
            })
            .0,
            paragraph(&mut rng, &names, 60, &mut 3),
        );
        write(content.join("deals").join(format!("{slug}.md")), text);
    }
    for (slug, name) in &names.terms {
        let text = format!(
            "+++\nterm = \"{name}\"\naliases = [\"{}\"]\nsummary = \"The {name}, a synthetic term.\"\n+++\n\n{}",
            name.to_uppercase(),
            paragraph(&mut rng, &names, 50, &mut 2),
        );
        write(content.join("glossary").join(format!("{slug}.md")), text);
    }
    for (i, (slug, name)) in names.sources.iter().enumerate() {
        let issued_by = if i % 5 == 0 {
            let company = &names.companies[(i / 5) % names.companies.len()].0;
            format!("issued_by = \"{company}\"\n")
        } else {
            String::new()
        };
        let text = format!(
            "+++\ntitle = \"{name}\"\npublisher = \"{} Times\"\n{issued_by}date = {}-{:02}-{:02}\nurl = \"https://example.com/{slug}\"\nsummary = \"A synthetic source.\"\n+++\n\nA synthetic source.\n",
            capitalized(&word(rng.range(0, 999))),
            rng.range(2015, 2024),
            rng.range(1, 12),
            rng.range(1, 28),
        );
        write(content.join("sources").join(format!("{slug}.md")), text);
    }
    for (i, slug) in names.notes.iter().enumerate() {
        let text = note(&mut rng, &names, i);
        write(content.join("notes").join(format!("{slug}.md")), text);
    }
}

fn main() {
    let mut notes = 1000;
    let mut out = None;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--notes" => match args.next().and_then(|n| n.parse().ok()) {
                Some(n) if n >= 40 => notes = n,
                _ => usage("--notes takes a number, at least 40"),
            },
            "--out" => out = args.next().map(PathBuf::from),
            _ => usage(&format!("unknown argument `{arg}`")),
        }
    }
    let Some(out) = out else {
        usage("--out DIR is required");
    };
    if out.exists() {
        usage(&format!(
            "{} exists; give a new folder (it is written from scratch)",
            out.display()
        ));
    }
    generate(notes, &out);
}

fn usage(problem: &str) -> ! {
    eprintln!("error: {problem}\nusage: gen_dossier --notes N --out DIR");
    std::process::exit(2);
}
