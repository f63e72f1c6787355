//! Parse: one content file in, one typed [`Document`] (or diagnostics) out.
//!
//! Splits the `+++` front matter from the Markdown body and deserializes the front
//! matter, strictly, into the struct of the file's kind. This is the ground state: what
//! the file said, as it said it, with the byte spans of every slug it names. Nothing
//! here looks at other files; references are checked in `resolve`.

use std::fmt;
use std::ops::Range;

use serde::Deserialize;
use serde::de::{self, Deserializer, MapAccess, SeqAccess, Visitor};
use toml::Spanned;
use toml::de::{DeArray, DeTable, DeValue};

use crate::diagnostics::{Diagnostic, Diagnostics, FileId, suggest};

/// What a content file describes. The folder decides it (`content/deals/*.md` are deals).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Kind {
    Home,
    Article,
    Company,
    Person,
    Product,
    Deal,
    Term,
    Source,
    Note,
}

impl Kind {
    /// The collections, in the order the site presents them.
    pub const COLLECTIONS: [Kind; 7] = [
        Kind::Company,
        Kind::Person,
        Kind::Product,
        Kind::Deal,
        Kind::Term,
        Kind::Source,
        Kind::Note,
    ];

    /// The folder under `content/` (and the URL segment) of a collection.
    pub fn folder(self) -> Option<&'static str> {
        Some(match self {
            Kind::Company => "companies",
            Kind::Person => "people",
            Kind::Product => "products",
            Kind::Deal => "deals",
            Kind::Term => "glossary",
            Kind::Source => "sources",
            Kind::Note => "notes",
            Kind::Home | Kind::Article => return None,
        })
    }

    pub fn from_folder(folder: &str) -> Option<Kind> {
        Kind::COLLECTIONS
            .into_iter()
            .find(|k| k.folder() == Some(folder))
    }

    /// What one entry of this kind is called, for readers.
    pub fn singular(self) -> &'static str {
        match self {
            Kind::Home => "home page",
            Kind::Article => "article",
            Kind::Company => "company",
            Kind::Person => "person",
            Kind::Product => "product",
            Kind::Deal => "deal",
            Kind::Term => "term",
            Kind::Source => "source",
            Kind::Note => "note",
        }
    }

    /// The collection's title, for readers.
    pub fn plural_title(self) -> &'static str {
        match self {
            Kind::Home => "Home",
            Kind::Article => "Article",
            Kind::Company => "Companies",
            Kind::Person => "People",
            Kind::Product => "Products",
            Kind::Deal => "Deals",
            Kind::Term => "Glossary",
            Kind::Source => "Sources",
            Kind::Note => "Notes",
        }
    }
}

/// A date as precise as the source gives it: `2023`, `2023-02` or `2023-01-23`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct PartialDate {
    pub year: u16,
    pub month: Option<u8>,
    pub day: Option<u8>,
}

impl PartialDate {
    pub fn parse(text: &str) -> Option<PartialDate> {
        let mut parts = text.split('-');
        let year = parts.next().filter(|y| y.len() == 4)?.parse().ok()?;
        let mut number = |max: u8| -> Option<Option<u8>> {
            match parts.next() {
                None => Some(None),
                Some(p) if p.len() == 2 => {
                    p.parse().ok().filter(|n| (1..=max).contains(n)).map(Some)
                }
                Some(_) => None,
            }
        };
        let month = number(12)?;
        let day = number(31)?;
        if parts.next().is_some() || (month.is_none() && day.is_some()) {
            return None;
        }
        Some(PartialDate { year, month, day })
    }
}

impl fmt::Display for PartialDate {
    /// ISO form, as precise as known: `2023`, `2023-02`, `2023-01-23`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}", self.year)?;
        if let Some(m) = self.month {
            write!(f, "-{m:02}")?;
        }
        if let Some(d) = self.day {
            write!(f, "-{d:02}")?;
        }
        Ok(())
    }
}

impl<'de> Deserialize<'de> for PartialDate {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        const EXPECTED: &str =
            "a date: 2023-01-23 (a TOML date), or \"2023-02\" or \"2023\" (a string)";
        match toml::Value::deserialize(deserializer)? {
            toml::Value::Datetime(dt) => match (dt.date, dt.time) {
                (Some(d), None) => Ok(PartialDate {
                    year: d.year,
                    month: Some(d.month),
                    day: Some(d.day),
                }),
                _ => Err(de::Error::custom(format!(
                    "expected {EXPECTED}, found a date with a time"
                ))),
            },
            toml::Value::String(s) => PartialDate::parse(&s).ok_or_else(|| {
                de::Error::custom(format!("`{s}` is not a valid date: expected {EXPECTED}"))
            }),
            toml::Value::Integer(y) => Err(de::Error::custom(format!(
                "expected {EXPECTED}; write the year as a string: \"{y}\""
            ))),
            other => Err(de::Error::custom(format!(
                "expected {EXPECTED}, found {}",
                other.type_str()
            ))),
        }
    }
}

/// How sure a fact is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// The parties themselves say so.
    Confirmed,
    /// One or more outlets say so; the parties have not.
    Reported,
    Rumoured,
    Denied,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Confirmed => "confirmed",
            Status::Reported => "reported",
            Status::Rumoured => "rumoured",
            Status::Denied => "denied",
        }
    }
}

/// A sum of money: exact, a range, or undisclosed.
#[derive(Debug, Clone, PartialEq)]
pub enum Amount {
    Exact {
        value: u64,
        currency: String,
    },
    Range {
        min: Option<u64>,
        max: Option<u64>,
        currency: String,
        label: Option<String>,
    },
    Undisclosed,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct AmountTable {
    value: Option<u64>,
    min: Option<u64>,
    max: Option<u64>,
    currency: String,
    label: Option<String>,
}

impl<'de> Deserialize<'de> for Amount {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct AmountVisitor;
        impl<'de> Visitor<'de> for AmountVisitor {
            type Value = Amount;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str(
                    "an amount: { value = 300_000_000, currency = \"USD\" }, a range \
                     { min = 1_000_000_000, currency = \"USD\", label = \"multibillion\" }, \
                     or \"undisclosed\"",
                )
            }
            fn visit_str<E: de::Error>(self, s: &str) -> Result<Amount, E> {
                if s == "undisclosed" {
                    Ok(Amount::Undisclosed)
                } else {
                    Err(E::invalid_value(de::Unexpected::Str(s), &self))
                }
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Amount, A::Error> {
                let t = AmountTable::deserialize(de::value::MapAccessDeserializer::new(map))?;
                match (t.value, t.min, t.max) {
                    (Some(value), None, None) => {
                        if t.label.is_some() {
                            return Err(de::Error::custom(
                                "`label` describes a range; an exact amount (`value`) takes no label",
                            ));
                        }
                        Ok(Amount::Exact {
                            value,
                            currency: t.currency,
                        })
                    }
                    (None, min, max) if min.is_some() || max.is_some() => {
                        if let (Some(lo), Some(hi)) = (min, max)
                            && lo > hi
                        {
                            return Err(de::Error::custom("`min` is larger than `max`"));
                        }
                        Ok(Amount::Range {
                            min,
                            max,
                            currency: t.currency,
                            label: t.label,
                        })
                    }
                    (Some(_), _, _) => Err(de::Error::custom(
                        "give either `value` (an exact amount) or `min`/`max` (a range), not both",
                    )),
                    (None, _, _) => Err(de::Error::custom(
                        "an amount needs `value`, or `min` and/or `max` for a range",
                    )),
                }
            }
        }
        deserializer.deserialize_any(AmountVisitor)
    }
}

/// A stake in percent, possibly approximate ("about 10%").
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Stake {
    pub percent: f64,
    pub approximate: bool,
}

impl<'de> Deserialize<'de> for Stake {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(deny_unknown_fields)]
        struct StakeTable {
            value: f64,
            #[serde(default)]
            approximate: bool,
        }
        struct StakeVisitor;
        impl<'de> Visitor<'de> for StakeVisitor {
            type Value = Stake;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a percentage: `10`, or `{ value = 10, approximate = true }`")
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Stake, E> {
                self.visit_f64(v as f64)
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Stake, E> {
                self.visit_f64(v as f64)
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Stake, E> {
                if (0.0..=100.0).contains(&v) {
                    Ok(Stake {
                        percent: v,
                        approximate: false,
                    })
                } else {
                    Err(E::custom(format!(
                        "a stake is a percentage between 0 and 100, found {v}"
                    )))
                }
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Stake, A::Error> {
                let t = StakeTable::deserialize(de::value::MapAccessDeserializer::new(map))?;
                let mut stake = self.visit_f64::<A::Error>(t.value)?;
                stake.approximate = t.approximate;
                Ok(stake)
            }
        }
        deserializer.deserialize_any(StakeVisitor)
    }
}

/// `investor`: one slug or a list; a single slug keeps the span of the whole value.
#[derive(Debug, Clone)]
pub enum OneOrMany {
    One(String),
    Many(Vec<Spanned<String>>),
}

impl<'de> Deserialize<'de> for OneOrMany {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = OneOrMany;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a slug (\"google\") or a list of slugs ([\"a\", \"b\"])")
            }
            fn visit_str<E: de::Error>(self, s: &str) -> Result<OneOrMany, E> {
                Ok(OneOrMany::One(s.to_owned()))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<OneOrMany, A::Error> {
                let mut items = Vec::new();
                while let Some(item) = seq.next_element::<Spanned<String>>()? {
                    items.push(item);
                }
                if items.is_empty() {
                    return Err(de::Error::custom(
                        "the list is empty: name at least one slug",
                    ));
                }
                Ok(OneOrMany::Many(items))
            }
        }
        deserializer.deserialize_any(V)
    }
}

/// Flattens `investor` into spanned slugs.
pub fn slugs_of(value: &Spanned<OneOrMany>) -> Vec<Spanned<String>> {
    match value.get_ref() {
        OneOrMany::One(s) => vec![Spanned::new(value.span(), s.clone())],
        OneOrMany::Many(items) => items.clone(),
    }
}

/// A fact the fixed keys do not cover.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Fact {
    pub label: String,
    pub value: String,
    pub status: Option<Status>,
    #[serde(default)]
    pub sources: Vec<Spanned<String>>,
    pub date: Option<PartialDate>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Leader {
    pub person: Spanned<String>,
    pub role: String,
    pub since: Option<PartialDate>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Role {
    pub org: Spanned<String>,
    pub title: String,
    pub since: Option<PartialDate>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Quote {
    /// The words, in the language the source gives them.
    pub text: String,
    /// BCP 47 language of `text`.
    pub lang: Option<String>,
    pub translation: Option<String>,
    /// The source slug that reports the words.
    pub source: Spanned<String>,
    pub date: Option<PartialDate>,
    /// Reported (indirect) speech: the source paraphrases; these are not verbatim words.
    #[serde(default)]
    pub paraphrase: bool,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Cloud {
    /// The company providing the cloud.
    pub provider: Spanned<String>,
    /// The cloud's product name ("Azure").
    pub service: Option<String>,
    #[serde(default)]
    pub exclusive: bool,
}

/// Declares a front matter struct with the keys every kind shares.
macro_rules! front_matter {
    ($(#[$doc:meta])* $name:ident { $($(#[$fdoc:meta])* $field:ident : $ty:ty),* $(,)? }) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Deserialize)]
        #[serde(deny_unknown_fields)]
        pub struct $name {
            $($(#[$fdoc])* pub $field: $ty,)*
            /// One sentence: previews, tooltips, meta description.
            pub summary: Option<String>,
            /// Other names, in any language.
            #[serde(default)]
            pub aliases: Vec<Spanned<String>>,
            /// Source slugs backing the entry's facts.
            #[serde(default)]
            pub sources: Vec<Spanned<String>>,
            #[serde(default)]
            pub draft: bool,
            pub updated: Option<PartialDate>,
        }

        impl $name {
            fn common(&self) -> Common<'_> {
                Common {
                    summary: self.summary.as_deref(),
                    aliases: &self.aliases,
                    sources: &self.sources,
                    draft: self.draft,
                    updated: self.updated,
                }
            }
        }
    };
}

/// The keys every kind shares, borrowed.
#[derive(Debug, Clone, Copy)]
pub struct Common<'a> {
    pub summary: Option<&'a str>,
    pub aliases: &'a [Spanned<String>],
    pub sources: &'a [Spanned<String>],
    pub draft: bool,
    pub updated: Option<PartialDate>,
}

front_matter!(HomeFront { title: String, date: Option<PartialDate> });

front_matter!(ArticleFront {
    title: String,
    date: Option<PartialDate>,
    /// The source slug of the article itself.
    source: Option<Spanned<String>>,
    /// BCP 47 language of the original article.
    language: Option<String>,
});

front_matter!(CompanyFront {
    name: String,
    kind: Option<String>,
    founded: Option<PartialDate>,
    headquarters: Option<String>,
    website: Option<String>,
    parent: Option<Spanned<String>>,
    #[serde(default)]
    leaders: Vec<Leader>,
    #[serde(default)]
    products: Vec<Spanned<String>>,
    #[serde(default)]
    facts: Vec<Fact>,
});

front_matter!(PersonFront {
    name: String,
    #[serde(default)]
    roles: Vec<Role>,
    #[serde(default)]
    quotes: Vec<Quote>,
});

front_matter!(ProductFront {
    name: String,
    maker: Option<Spanned<String>>,
    kind: Option<String>,
    launched: Option<PartialDate>,
    /// Model size, for models.
    parameters: Option<u64>,
    based_on: Option<Spanned<String>>,
    #[serde(default)]
    facts: Vec<Fact>,
});

front_matter!(DealFront {
    title: String,
    investor: Spanned<OneOrMany>,
    recipient: Spanned<String>,
    announced: PartialDate,
    amount: Option<Amount>,
    stake: Option<Stake>,
    cloud: Option<Cloud>,
    #[serde(default)]
    terms: Vec<String>,
    status: Option<Status>,
    #[serde(default)]
    related: Vec<Spanned<String>>,
    #[serde(default)]
    facts: Vec<Fact>,
});

front_matter!(TermFront {
    term: String,
    #[serde(default)]
    related: Vec<Spanned<String>>,
});

front_matter!(SourceFront {
    title: String,
    publisher: String,
    author: Option<String>,
    date: Option<PartialDate>,
    url: Option<String>,
    language: Option<String>,
    kind: Option<String>,
});

front_matter!(NoteFront {
    title: String,
    date: Option<PartialDate>,
    #[serde(default)]
    tags: Vec<String>,
});

/// The typed front matter of one file.
#[derive(Debug, Clone)]
pub enum Front {
    Home(HomeFront),
    Article(ArticleFront),
    Company(CompanyFront),
    Person(PersonFront),
    Product(ProductFront),
    Deal(DealFront),
    Term(TermFront),
    Source(SourceFront),
    Note(NoteFront),
}

/// A slug named in front matter, where, and what it must be.
#[derive(Debug, Clone)]
pub struct SlugRef<'a> {
    pub slug: &'a Spanned<String>,
    /// The key it was written under, for messages and backlinks ("investor").
    pub key: &'static str,
    /// The kind the target must have; `None` for any.
    pub expects: Option<Kind>,
}

impl Front {
    pub fn common(&self) -> Common<'_> {
        match self {
            Front::Home(f) => f.common(),
            Front::Article(f) => f.common(),
            Front::Company(f) => f.common(),
            Front::Person(f) => f.common(),
            Front::Product(f) => f.common(),
            Front::Deal(f) => f.common(),
            Front::Term(f) => f.common(),
            Front::Source(f) => f.common(),
            Front::Note(f) => f.common(),
        }
    }

    /// The entry's display name: `name`, `title` or `term`.
    pub fn name(&self) -> &str {
        match self {
            Front::Home(f) => &f.title,
            Front::Article(f) => &f.title,
            Front::Company(f) => &f.name,
            Front::Person(f) => &f.name,
            Front::Product(f) => &f.name,
            Front::Deal(f) => &f.title,
            Front::Term(f) => &f.term,
            Front::Source(f) => &f.title,
            Front::Note(f) => &f.title,
        }
    }

    /// Every slug this front matter names, in the order written.
    pub fn references(&self) -> Vec<SlugRef<'_>> {
        fn push<'a>(
            out: &mut Vec<SlugRef<'a>>,
            key: &'static str,
            expects: Option<Kind>,
            slugs: impl IntoIterator<Item = &'a Spanned<String>>,
        ) {
            out.extend(slugs.into_iter().map(|slug| SlugRef { slug, key, expects }));
        }
        fn facts<'a>(out: &mut Vec<SlugRef<'a>>, facts: &'a [Fact]) {
            for fact in facts {
                push(out, "sources", Some(Kind::Source), &fact.sources);
            }
        }
        let mut out = Vec::new();
        match self {
            Front::Home(_) | Front::Source(_) | Front::Note(_) => {}
            Front::Article(f) => push(&mut out, "source", Some(Kind::Source), &f.source),
            Front::Company(f) => {
                push(&mut out, "parent", Some(Kind::Company), &f.parent);
                for leader in &f.leaders {
                    push(&mut out, "leaders", Some(Kind::Person), [&leader.person]);
                }
                push(&mut out, "products", Some(Kind::Product), &f.products);
                facts(&mut out, &f.facts);
            }
            Front::Person(f) => {
                for role in &f.roles {
                    push(&mut out, "roles", Some(Kind::Company), [&role.org]);
                }
                for quote in &f.quotes {
                    push(&mut out, "quotes", Some(Kind::Source), [&quote.source]);
                }
            }
            Front::Product(f) => {
                push(&mut out, "maker", Some(Kind::Company), &f.maker);
                push(&mut out, "based_on", Some(Kind::Product), &f.based_on);
                facts(&mut out, &f.facts);
            }
            Front::Deal(f) => {
                // Investors are held by value (a single slug is re-spanned), so they are
                // resolved by `resolve` from `slugs_of`; here come the others.
                push(&mut out, "recipient", Some(Kind::Company), [&f.recipient]);
                if let Some(cloud) = &f.cloud {
                    push(&mut out, "cloud", Some(Kind::Company), [&cloud.provider]);
                }
                push(&mut out, "related", Some(Kind::Deal), &f.related);
                facts(&mut out, &f.facts);
            }
            Front::Term(f) => push(&mut out, "related", Some(Kind::Term), &f.related),
        }
        push(
            &mut out,
            "sources",
            Some(Kind::Source),
            self.common().sources,
        );
        out
    }
}

/// One parsed content file.
#[derive(Debug, Clone)]
pub struct Document {
    pub file: FileId,
    pub slug: String,
    pub kind: Kind,
    pub front: Front,
    /// Byte offset of the front matter's TOML text in the file.
    pub front_offset: usize,
    /// Byte offset of the Markdown body in the file.
    pub body_offset: usize,
}

/// Is `slug` a valid slug: lowercase ASCII letters, digits and single hyphens?
pub fn is_valid_slug(slug: &str) -> bool {
    !slug.is_empty()
        && slug.split('-').all(|part| {
            !part.is_empty()
                && part
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        })
}

/// Turns a title into a slug suggestion ("Google invests" → "google-invests").
pub fn slugify(text: &str) -> String {
    let mut slug = String::new();
    for c in text.chars().flat_map(char::to_lowercase) {
        let c = fold_accent(c);
        if c.is_ascii_alphanumeric() {
            slug.push(c);
        } else if !slug.is_empty() && !slug.ends_with('-') {
            slug.push('-');
        }
    }
    slug.trim_end_matches('-').to_owned()
}

/// Maps common Latin accented letters to their base letter (é → e).
pub fn fold_accent(c: char) -> char {
    match c {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' => 'a',
        'ç' => 'c',
        'è' | 'é' | 'ê' | 'ë' => 'e',
        'ì' | 'í' | 'î' | 'ï' => 'i',
        'ñ' => 'n',
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' => 'o',
        'ù' | 'ú' | 'û' | 'ü' => 'u',
        'ý' | 'ÿ' => 'y',
        'œ' => 'o',
        other => other,
    }
}

/// Where a file sits in `content/`, which decides its kind and slug.
pub fn classify(rel_path: &str) -> Result<(Kind, String), String> {
    let parts: Vec<&str> = rel_path.split('/').collect();
    let (kind, file_name) = match parts.as_slice() {
        ["index.md"] => return Ok((Kind::Home, "index".to_owned())),
        ["article.md"] => return Ok((Kind::Article, "article".to_owned())),
        [name] => {
            return Err(format!(
                "`content/{name}` is not a known page: the top of content/ holds only \
                 index.md and article.md; entries go in a collection folder such as \
                 content/notes/"
            ));
        }
        [folder, name] => match Kind::from_folder(folder) {
            Some(kind) => (kind, *name),
            None => {
                let folders: Vec<&str> = Kind::COLLECTIONS
                    .iter()
                    .filter_map(|k| k.folder())
                    .collect();
                let hint = suggest(folder, folders.iter().copied())
                    .map(|s| format!("did you mean `{s}`? "))
                    .unwrap_or_default();
                return Err(format!(
                    "`content/{folder}/` is not a collection: {hint}collections are {}",
                    folders.join(", ")
                ));
            }
        },
        _ => {
            return Err(format!(
                "`content/{rel_path}` is nested too deep: entries live directly in a \
                 collection folder, like content/companies/anthropic.md"
            ));
        }
    };
    let Some(stem) = file_name.strip_suffix(".md") else {
        return Err(format!(
            "`content/{rel_path}` is not a Markdown file: content/ holds only `.md` files; \
             put images and other assets in static/"
        ));
    };
    if !is_valid_slug(stem) {
        return Err(format!(
            "`{stem}` is not a valid slug: use lowercase letters, digits and hyphens; \
             rename the file to `{}.md`",
            slugify(stem)
        ));
    }
    Ok((kind, stem.to_owned()))
}

/// Splits `+++` front matter from the body: `(toml_range, body_offset)`.
pub fn split(text: &str, file: FileId) -> Result<(Range<usize>, usize), Diagnostic> {
    let start = if text.starts_with('\u{feff}') { 3 } else { 0 };
    let mut lines = line_ranges(text, start);
    let first = lines.next();
    match first.clone() {
        None => {
            return Err(Diagnostic::new(file, 0..0, "the file is empty").with_help(
                "start it with front matter between two `+++` lines holding at least the required keys",
            ));
        }
        Some(r) if text[r.clone()].trim_end() == "+++" => {}
        Some(r) => {
            return Err(Diagnostic::new(
                file,
                r.start..r.start,
                "missing front matter: a content file starts with a line `+++`",
            )
            .with_help(
                "add a line `+++`, the TOML keys, and another `+++` line at the top of the file",
            ));
        }
    }
    let opening = first.unwrap_or(0..0);
    let toml_start = next_line_start(text, opening.end);
    for line in lines {
        if text[line.clone()].trim_end() == "+++" {
            return Ok((toml_start..line.start, next_line_start(text, line.end)));
        }
    }
    Err(Diagnostic::new(file, opening, "front matter is not closed")
        .with_help("add a line `+++` after the last front matter key"))
}

fn next_line_start(text: &str, line_end: usize) -> usize {
    if text[line_end..].starts_with("\r\n") {
        line_end + 2
    } else if text[line_end..].starts_with('\n') {
        line_end + 1
    } else {
        line_end
    }
}

/// Byte ranges of each line's content (without its line break).
fn line_ranges(text: &str, start: usize) -> impl Iterator<Item = Range<usize>> + '_ {
    let mut pos = start;
    std::iter::from_fn(move || {
        if pos >= text.len() {
            return None;
        }
        let end = text[pos..].find('\n').map_or(text.len(), |i| pos + i);
        let line = pos..end;
        pos = end + 1;
        Some(line)
    })
}

/// Deserializes TOML text into `T`. On failure, every problem of the text is
/// reported, not just the first: see [`all_problems`]. Spans are shifted by `offset`
/// (where the TOML starts in the file).
pub fn from_toml<T: serde::de::DeserializeOwned>(
    text: &str,
    file: FileId,
    offset: usize,
    whole_file: &str,
) -> Result<T, Vec<Diagnostic>> {
    // The fast path: almost every file is valid.
    match toml::from_str(text) {
        Ok(value) => Ok(value),
        Err(_) => Err(all_problems::<T>(text)
            .iter()
            .map(|err| toml_diagnostic(err, file, offset, whole_file))
            .collect()),
    }
}

/// Every problem that deserializing `text` into `T` runs into. serde stops at the first
/// error, so after each one the offending key is removed from the parsed table and the
/// rest is deserialized again, until it succeeds or the error cannot be located.
fn all_problems<T: serde::de::DeserializeOwned>(text: &str) -> Vec<toml::de::Error> {
    let (mut table, syntax) = DeTable::parse_recoverable(text);
    if !syntax.is_empty() {
        return syntax;
    }
    let mut errors: Vec<toml::de::Error> = Vec::new();
    let mut removed: Vec<String> = Vec::new();
    // Each round removes one key, so this ends; the bound is a guard, not a limit.
    for _ in 0..256 {
        let Err(err) = T::deserialize(toml::de::Deserializer::from(table.clone())) else {
            break;
        };
        let missing = err
            .message()
            .strip_prefix("missing field `")
            .and_then(|m| m.split('`').next());
        // A key removed for having a wrong value is not missing a second time.
        if !missing.is_some_and(|name| removed.iter().any(|r| r == name)) {
            errors.push(err.clone());
        }
        // A misspelt key is not also missing under its right name: the help of the
        // unknown key already says which it is.
        if err.message().starts_with("unknown field")
            && let Some(help) = help_for(err.message())
            && let Some(right) = help
                .strip_prefix("did you mean `")
                .and_then(|h| h.strip_suffix("`?"))
        {
            removed.push(right.to_owned());
        }
        match err
            .span()
            .and_then(|span| remove_at(table.get_mut(), span.start))
        {
            Some(name) => removed.push(name),
            None => break,
        }
    }
    if errors.is_empty() {
        // Unreachable in practice (the fast path failed); keep the original error.
        if let Err(err) = toml::from_str::<T>(text) {
            errors.push(err);
        }
    }
    errors
}

/// Removes the entry of `table` (at any depth) that byte offset `at` points into, and
/// returns its key.
fn remove_at(table: &mut DeTable<'_>, at: usize) -> Option<String> {
    let mut hit: Option<Spanned<toml::de::DeString<'_>>> = None;
    for (key, value) in table.iter_mut() {
        let in_value = value.span().contains(&at);
        if !(key.span().contains(&at) || in_value) {
            continue;
        }
        if in_value && let Some(inner) = remove_in_value(value.get_mut(), at) {
            return Some(inner);
        }
        hit = Some(key.clone());
        break;
    }
    let key = hit?;
    table.remove(&key);
    Some(key.into_inner().into_owned())
}

fn remove_in_value(value: &mut DeValue<'_>, at: usize) -> Option<String> {
    match value {
        DeValue::Table(table) => remove_at(table, at),
        DeValue::Array(items) => {
            let i = items.iter().position(|v| v.span().contains(&at))?;
            let slice: &mut [Spanned<DeValue<'_>>] = items;
            if let Some(inner) = remove_in_value(slice[i].get_mut(), at) {
                return Some(inner);
            }
            let kept: DeArray<'_> = std::mem::replace(items, std::iter::empty().collect())
                .into_iter()
                .enumerate()
                .filter(|(j, _)| *j != i)
                .map(|(_, v)| v)
                .collect();
            *items = kept;
            Some(format!("[{i}]"))
        }
        _ => None,
    }
}

fn toml_diagnostic(err: &toml::de::Error, file: FileId, offset: usize, whole: &str) -> Diagnostic {
    let message = err.message().trim().to_owned();
    let span = err.span().unwrap_or(0..0);
    let mut span = (span.start + offset)..(span.end + offset);
    // Errors about a whole table (a missing key) span many lines: point at the first.
    if let Some(newline) = whole.get(span.clone()).and_then(|s| s.find('\n')) {
        span.end = span.start + newline;
    }
    let help = help_for(&message);
    // The list of valid names goes into the help, not the headline.
    let message = match message.split_once(", expected") {
        Some((head, _)) if message.starts_with("unknown ") => head.to_owned(),
        _ => message,
    };
    let message = first_sentence_lowercase(&message);
    let diagnostic = Diagnostic::new(file, span, message);
    match help {
        Some(help) => diagnostic.with_help(help),
        None => diagnostic,
    }
}

fn first_sentence_lowercase(message: &str) -> String {
    let mut chars = message.chars();
    match chars.next() {
        Some(c) if !message.starts_with("TOML") => c.to_lowercase().chain(chars).collect(),
        _ => message.to_owned(),
    }
}

/// A fix for the common serde/toml messages: unknown keys and variants get the
/// closest valid name, missing keys say what to add.
fn help_for(message: &str) -> Option<String> {
    let quoted: Vec<&str> = message.split('`').skip(1).step_by(2).collect();
    if message.starts_with("unknown field") || message.starts_with("unknown variant") {
        let (given, expected) = quoted.split_first()?;
        let what = if message.starts_with("unknown field") {
            "key"
        } else {
            "value"
        };
        return Some(match suggest(given, expected.iter().copied()) {
            Some(best) => format!("did you mean `{best}`?"),
            None if expected.is_empty() => format!("remove the {what} `{given}`"),
            None => format!("valid {what}s here: {}", expected.join(", ")),
        });
    }
    if message.starts_with("missing field") {
        return Some(format!("add the required key `{} = …`", quoted.first()?));
    }
    None
}

/// What parsing made of one content file.
#[derive(Debug, Clone)]
pub enum Parsed {
    Document(Box<Document>),
    /// The file has a valid place and slug, but its front matter could not be read
    /// (the problem is already reported). Its slug still exists, so references to it
    /// are not reported a second time.
    Unreadable {
        file: FileId,
        kind: Kind,
        slug: String,
    },
}

/// Parses one content file. Problems go into `diagnostics`; `None` when the file's
/// path gives no kind or slug.
pub fn parse_document(
    file: FileId,
    rel_path: &str,
    text: &str,
    diagnostics: &mut Diagnostics,
) -> Option<Parsed> {
    let (kind, slug) = match classify(rel_path) {
        Ok(found) => found,
        Err(message) => {
            diagnostics.push(Diagnostic::new(file, 0..0, message));
            return None;
        }
    };
    let (toml_range, body_offset) = match split(text, file) {
        Ok(found) => found,
        Err(diagnostic) => {
            diagnostics.push(diagnostic);
            return Some(Parsed::Unreadable { file, kind, slug });
        }
    };
    let toml_text = &text[toml_range.clone()];
    let offset = toml_range.start;
    let front = match kind {
        Kind::Home => from_toml(toml_text, file, offset, text).map(Front::Home),
        Kind::Article => from_toml(toml_text, file, offset, text).map(Front::Article),
        Kind::Company => from_toml(toml_text, file, offset, text).map(Front::Company),
        Kind::Person => from_toml(toml_text, file, offset, text).map(Front::Person),
        Kind::Product => from_toml(toml_text, file, offset, text).map(Front::Product),
        Kind::Deal => from_toml(toml_text, file, offset, text).map(Front::Deal),
        Kind::Term => from_toml(toml_text, file, offset, text).map(Front::Term),
        Kind::Source => from_toml(toml_text, file, offset, text).map(Front::Source),
        Kind::Note => from_toml(toml_text, file, offset, text).map(Front::Note),
    };
    match front {
        Ok(front) => Some(Parsed::Document(Box::new(Document {
            file,
            slug,
            kind,
            front,
            front_offset: offset,
            body_offset,
        }))),
        Err(problems) => {
            for diagnostic in problems {
                diagnostics.push(diagnostic);
            }
            Some(Parsed::Unreadable { file, kind, slug })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn partial_dates_parse_only_valid_forms() {
        assert_eq!(
            PartialDate::parse("2023-02"),
            Some(PartialDate {
                year: 2023,
                month: Some(2),
                day: None
            })
        );
        assert_eq!(
            PartialDate::parse("2019").map(|d| d.to_string()),
            Some("2019".into())
        );
        assert_eq!(PartialDate::parse("2023-13"), None);
        assert_eq!(PartialDate::parse("23-01"), None);
        assert_eq!(PartialDate::parse("2023-1"), None);
    }

    #[test]
    fn slugs_are_lowercase_words_joined_by_single_hyphens() {
        assert!(is_valid_slug("google-anthropic-2023"));
        assert!(!is_valid_slug("Google"));
        assert!(!is_valid_slug("a--b"));
        assert!(!is_valid_slug("-a"));
        assert_eq!(
            slugify("Amazon invests in Anthropic!"),
            "amazon-invests-in-anthropic"
        );
        assert_eq!(slugify("Société Générale"), "societe-generale");
    }

    #[test]
    fn split_finds_front_matter_and_body_with_crlf() {
        let text = "+++\r\ntitle = \"x\"\r\n+++\r\nbody";
        let (toml, body) = split(text, 0).unwrap();
        assert_eq!(&text[toml], "title = \"x\"\r\n");
        assert_eq!(&text[body..], "body");
    }

    #[test]
    fn unknown_key_help_suggests_the_closest_key() {
        assert_eq!(
            help_for("unknown field `nmae`, expected one of `name`, `kind`").as_deref(),
            Some("did you mean `name`?")
        );
    }
}
