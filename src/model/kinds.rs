//! The front matter of each kind, as typed structs that serde fills strictly
//! (`deny_unknown_fields`), and [`Front`], which holds any of them.

use serde::Deserialize;
use toml::Spanned;

use super::Kind;
use super::deal::{ComputeTerm, Dated, DealKind, DealRole, Outcome};
use super::history::{DealStep, FactStep};
use super::quote::Quote;
use super::sourced::{SourceRef, Sourced};
use super::values::{
    Amount, HttpUrl, Names, OneOrMany, PartialDate, Stake, Status, Text, slugs_of,
};

/// A fact the fixed keys do not cover.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Fact {
    pub label: String,
    pub value: String,
    pub status: Option<Spanned<Status>>,
    #[serde(default)]
    pub sources: Vec<SourceRef>,
    pub date: Option<PartialDate>,
    /// A figure the dossier computed from other facts ("our arithmetic"): shown as
    /// such, and never given a status.
    #[serde(default)]
    pub derived: bool,
    /// How a `confirmed` fact was confirmed when none of its sources is a party's own
    /// statement ("Google confirmed it to the Financial Times").
    pub confirmation: Option<String>,
    /// The states the fact went through before this one, oldest first.
    pub history: Option<Spanned<Vec<FactStep>>>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Leader {
    pub person: Spanned<String>,
    pub role: String,
    pub since: Option<PartialDate>,
    pub status: Option<Spanned<Status>>,
    #[serde(default)]
    pub sources: Vec<SourceRef>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Role {
    pub org: Spanned<String>,
    pub title: String,
    pub since: Option<PartialDate>,
    pub status: Option<Spanned<Status>>,
    #[serde(default)]
    pub sources: Vec<SourceRef>,
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
            pub sources: Vec<SourceRef>,
            #[serde(default)]
            pub draft: bool,
            pub updated: Option<PartialDate>,
            /// The slugs it had before `dossier mv` renamed it: their old addresses
            /// redirect to its page.
            #[serde(default)]
            pub old_slugs: Vec<Spanned<String>>,
            /// A logo or a portrait, shown with the facts and in the previews other sites
            /// make of a link to the page (Open Graph).
            pub image: Option<EntryImage>,
        }

        impl $name {
            fn text_mut(&mut self) -> (&mut Option<String>, &mut Vec<Spanned<String>>) {
                (&mut self.summary, &mut self.aliases)
            }

            pub fn common(&self) -> Common<'_> {
                Common {
                    summary: self.summary.as_deref(),
                    aliases: &self.aliases,
                    sources: &self.sources,
                    draft: self.draft,
                    updated: self.updated,
                    old_slugs: &self.old_slugs,
                    image: self.image.as_ref(),
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
    pub sources: &'a [SourceRef],
    pub draft: bool,
    pub updated: Option<PartialDate>,
    pub old_slugs: &'a [Spanned<String>],
    pub image: Option<&'a EntryImage>,
}

/// An entry's own picture (a logo, a portrait): `image = { src = "logo.svg", alt =
/// "…", credit = "…" }`, its `src` a path from the entry's Markdown file or from the
/// site root, as an image in a body.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EntryImage {
    pub src: Spanned<String>,
    /// What it shows, for readers who cannot see it.
    pub alt: Spanned<String>,
    /// Who made it ("Photo: Jane Doe", "Logo: Anthropic").
    pub credit: Option<String>,
}

front_matter!(HomeFront { title: Text, date: Option<PartialDate> });

front_matter!(ArticleFront {
    title: Text,
    date: Option<PartialDate>,
    /// The source slug of the article itself.
    source: Option<Spanned<String>>,
    /// BCP 47 language of the original article.
    #[serde(default, deserialize_with = "super::values::language_tag")]
    language: Option<String>,
});

front_matter!(CompanyFront {
    name: Text,
    kind: Option<Sourced<String>>,
    founded: Option<Sourced<PartialDate>>,
    headquarters: Option<Sourced<String>>,
    website: Option<HttpUrl>,
    parent: Option<Sourced<String>>,
    #[serde(default)]
    leaders: Vec<Leader>,
    #[serde(default)]
    products: Vec<Spanned<String>>,
    #[serde(default)]
    facts: Vec<Fact>,
    /// What the company said, as an organisation.
    #[serde(default)]
    quotes: Vec<Quote>,
});

front_matter!(PersonFront {
    name: Text,
    #[serde(default)]
    roles: Vec<Role>,
    #[serde(default)]
    quotes: Vec<Quote>,
});

front_matter!(ProductFront {
    name: Text,
    maker: Option<Sourced<String>>,
    kind: Option<Sourced<String>>,
    launched: Option<Sourced<PartialDate>>,
    /// Model size, for models.
    parameters: Option<Sourced<u64>>,
    based_on: Option<Sourced<String>>,
    #[serde(default)]
    facts: Vec<Fact>,
});

front_matter!(DealFront {
    title: Text,
    /// What kind of deal (investment when not given); it decides the role keys.
    kind: Option<Spanned<DealKind>>,
    investor: Option<Spanned<OneOrMany>>,
    recipient: Option<Spanned<OneOrMany>>,
    acquirer: Option<Spanned<OneOrMany>>,
    target: Option<Spanned<OneOrMany>>,
    seller: Option<Spanned<OneOrMany>>,
    parties: Option<Spanned<OneOrMany>>,
    customer: Option<Spanned<OneOrMany>>,
    supplier: Option<Spanned<OneOrMany>>,
    licensor: Option<Spanned<OneOrMany>>,
    licensee: Option<Spanned<OneOrMany>>,
    /// When the deal was made or agreed.
    made: Option<Dated>,
    /// When a party announced it.
    announced: Option<Dated>,
    /// When the press first reported it (with the source that did).
    first_reported: Option<Dated>,
    /// When a party first disclosed it, after the fact.
    first_disclosed: Option<Dated>,
    outcome: Option<Spanned<Outcome>>,
    amount: Option<Amount>,
    stake: Option<Stake>,
    /// A valuation a source gives (not one computed here).
    valuation: Option<Amount>,
    /// Shorthand for one `compute` term: `{ provider, service, exclusive }`.
    cloud: Option<Cloud>,
    /// Cloud and compute terms, each a fact with its own status and sources.
    #[serde(default)]
    compute: Vec<ComputeTerm>,
    #[serde(default)]
    terms: Vec<String>,
    status: Option<Spanned<Status>>,
    /// How a `confirmed` deal was confirmed when none of its sources is a party's own
    /// statement.
    confirmation: Option<String>,
    /// The states the deal went through before `status`, oldest first.
    history: Option<Spanned<Vec<DealStep>>>,
    #[serde(default)]
    related: Vec<Spanned<String>>,
    #[serde(default)]
    facts: Vec<Fact>,
});

impl DealFront {
    pub fn deal_kind(&self) -> DealKind {
        self.kind.as_ref().map(|k| *k.get_ref()).unwrap_or_default()
    }

    /// The value written under a role's key, if any.
    pub fn role(&self, role: DealRole) -> Option<&Spanned<OneOrMany>> {
        match role {
            DealRole::Investor => self.investor.as_ref(),
            DealRole::Recipient => self.recipient.as_ref(),
            DealRole::Acquirer => self.acquirer.as_ref(),
            DealRole::Target => self.target.as_ref(),
            DealRole::Seller => self.seller.as_ref(),
            DealRole::Parties => self.parties.as_ref(),
            DealRole::Customer => self.customer.as_ref(),
            DealRole::Supplier => self.supplier.as_ref(),
            DealRole::Licensor => self.licensor.as_ref(),
            DealRole::Licensee => self.licensee.as_ref(),
        }
    }

    /// The dates given, each with what it is, in the order a deal's life goes.
    pub fn dates(&self) -> impl Iterator<Item = (DateRole, &Dated)> {
        [
            (DateRole::Made, &self.made),
            (DateRole::Announced, &self.announced),
            (DateRole::FirstDisclosed, &self.first_disclosed),
            (DateRole::FirstReported, &self.first_reported),
        ]
        .into_iter()
        .filter_map(|(role, d)| d.as_ref().map(|d| (role, d)))
    }
}

/// Which date of a deal a date is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DateRole {
    Made,
    Announced,
    FirstDisclosed,
    FirstReported,
}

impl DateRole {
    /// The front matter key, and the word in data files.
    pub fn key(self) -> &'static str {
        match self {
            DateRole::Made => "made",
            DateRole::Announced => "announced",
            DateRole::FirstDisclosed => "first_disclosed",
            DateRole::FirstReported => "first_reported",
        }
    }
}

front_matter!(TermFront {
    term: Text,
    #[serde(default)]
    related: Vec<Spanned<String>>,
});

front_matter!(SourceFront {
    title: Text,
    publisher: Text,
    /// The label a fact's sources show it by ("Microsoft's 2023 post"), where the
    /// publisher alone would not tell it from another source.
    short: Option<Text>,
    /// Who wrote it: one name or a list of names.
    author: Option<Names>,
    date: Option<PartialDate>,
    url: Option<HttpUrl>,
    #[serde(default, deserialize_with = "super::values::language_tag")]
    language: Option<String>,
    kind: Option<String>,
    /// The sources this one passes on (The Verge citing the Financial Times): a claim
    /// backed by an original and its relays is single-sourced.
    #[serde(default)]
    relays: Vec<Spanned<String>>,
    /// The company or person whose own statement this is (their announcement, blog
    /// post, filing): a party's word, not a report about it.
    issued_by: Option<Spanned<String>>,
    /// When the author read it: the date the page is quoted as of.
    retrieved: Option<Spanned<PartialDate>>,
    /// The address of an archived copy (the Wayback Machine's), for when `url` rots.
    archive: Option<Spanned<HttpUrl>>,
});

front_matter!(NoteFront {
    title: Text,
    date: Option<PartialDate>,
    #[serde(default)]
    tags: Vec<String>,
});

front_matter!(PageFront {
    title: Text,
    /// Where the site links the page from, besides links in the text: the
    /// navigation at the top of every page, or the footer.
    menu: Option<Spanned<Menu>>,
    /// Its place among the pages of the same menu, smallest first (then by title).
    order: Option<i64>,
});

/// Where a page of one's own is linked from on every page.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Menu {
    /// The navigation at the top, after the collections.
    Header,
    /// The footer, beside the data downloads.
    Footer,
}

impl Menu {
    /// The word written in front matter and data files.
    pub fn key(self) -> &'static str {
        match self {
            Menu::Header => "header",
            Menu::Footer => "footer",
        }
    }
}

/// The typed front matter of one file.
#[derive(Debug, Clone)]
pub enum Front {
    Home(HomeFront),
    Article(ArticleFront),
    Company(CompanyFront),
    Person(PersonFront),
    Product(ProductFront),
    /// Boxed: a deal's front matter is several times the size of any other.
    Deal(Box<DealFront>),
    Term(TermFront),
    Source(SourceFront),
    Note(NoteFront),
    Page(PageFront),
}

/// A slug named in front matter, where, and what it must be.
#[derive(Debug, Clone)]
pub struct SlugRef {
    pub slug: Spanned<String>,
    /// The key it was written under, for messages and backlinks ("investor").
    pub key: &'static str,
    /// The kind the target must have; `None` for any.
    pub expects: Option<Kind>,
}

/// A front matter key under which an entry names another ([`SlugRef::key`]), kept in
/// one byte, as backlinks keep it: its place in [`FrontKey::ALL`], which is sorted, so
/// that keys order as their names do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct FrontKey(u8);

impl FrontKey {
    /// Every key a [`SlugRef`] is given, in order (a test checks that none is missing).
    pub const ALL: [&'static str; 27] = [
        "acquirer",
        "based_on",
        "by",
        "cloud",
        "compute",
        "customer",
        "investor",
        "issued_by",
        "leaders",
        "licensee",
        "licensor",
        "maker",
        "parent",
        "parties",
        "products",
        "quotes",
        "recipient",
        "related",
        "relays",
        "roles",
        "seller",
        "source",
        "sources",
        "supplier",
        "target",
        "translations",
        "via",
    ];

    /// The key named `name`, if it is one of [`FrontKey::ALL`].
    pub fn of(name: &str) -> Option<FrontKey> {
        let at = Self::ALL.binary_search(&name).ok()?;
        Some(FrontKey(at as u8))
    }

    pub fn name(self) -> &'static str {
        Self::ALL[usize::from(self.0)]
    }
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
            Front::Page(f) => f.common(),
        }
    }

    fn text_mut(&mut self) -> (&mut Option<String>, &mut Vec<Spanned<String>>) {
        match self {
            Front::Home(f) => f.text_mut(),
            Front::Article(f) => f.text_mut(),
            Front::Company(f) => f.text_mut(),
            Front::Person(f) => f.text_mut(),
            Front::Product(f) => f.text_mut(),
            Front::Deal(f) => f.text_mut(),
            Front::Term(f) => f.text_mut(),
            Front::Source(f) => f.text_mut(),
            Front::Note(f) => f.text_mut(),
            Front::Page(f) => f.text_mut(),
        }
    }

    /// The summary, to replace (translations).
    pub fn summary_mut(&mut self) -> &mut Option<String> {
        self.text_mut().0
    }

    /// The aliases, to extend (translations).
    pub fn aliases_mut(&mut self) -> &mut Vec<Spanned<String>> {
        self.text_mut().1
    }

    /// The display name, to replace (translations).
    pub fn name_mut(&mut self) -> &mut Text {
        match self {
            Front::Home(f) => &mut f.title,
            Front::Article(f) => &mut f.title,
            Front::Company(f) => &mut f.name,
            Front::Person(f) => &mut f.name,
            Front::Product(f) => &mut f.name,
            Front::Deal(f) => &mut f.title,
            Front::Term(f) => &mut f.term,
            Front::Source(f) => &mut f.title,
            Front::Note(f) => &mut f.title,
            Front::Page(f) => &mut f.title,
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
            Front::Page(f) => &f.title,
        }
    }

    /// Every source reference this front matter writes, wherever a list of sources
    /// is: the entry's, a fact's, a fixed key's value's, a leader's or role's, a
    /// deal's dates, outcome, amounts, stake and compute terms.
    pub fn source_refs(&self) -> Vec<&SourceRef> {
        fn of<T>(value: &Option<Sourced<T>>) -> &[SourceRef] {
            value.as_ref().map_or(&[], |v| v.sources.as_slice())
        }
        // A fact's sources, and those of its earlier states.
        fn facts(facts: &[Fact]) -> impl Iterator<Item = &[SourceRef]> {
            facts.iter().flat_map(|f| {
                let steps = f.history.iter().flat_map(|h| h.get_ref());
                std::iter::once(f.sources.as_slice()).chain(steps.map(|s| s.sources.as_slice()))
            })
        }
        let mut lists: Vec<&[SourceRef]> = Vec::new();
        match self {
            Front::Home(_)
            | Front::Note(_)
            | Front::Page(_)
            | Front::Source(_)
            | Front::Article(_)
            | Front::Term(_) => {}
            Front::Company(f) => {
                lists.extend([
                    of(&f.kind),
                    of(&f.founded),
                    of(&f.headquarters),
                    of(&f.parent),
                ]);
                lists.extend(f.leaders.iter().map(|l| l.sources.as_slice()));
                lists.extend(facts(&f.facts));
            }
            Front::Person(f) => lists.extend(f.roles.iter().map(|r| r.sources.as_slice())),
            Front::Product(f) => {
                lists.extend([
                    of(&f.maker),
                    of(&f.kind),
                    of(&f.launched),
                    of(&f.parameters),
                    of(&f.based_on),
                ]);
                lists.extend(facts(&f.facts));
            }
            Front::Deal(f) => {
                lists.extend(f.dates().map(|(_, d)| d.sources.as_slice()));
                lists.extend(f.outcome.iter().map(|o| o.get_ref().sources.as_slice()));
                lists.extend(
                    [&f.amount, &f.valuation]
                        .into_iter()
                        .flatten()
                        .map(|a| a.sources.as_slice()),
                );
                lists.extend(f.stake.iter().map(|s| s.sources.as_slice()));
                lists.extend(
                    f.history
                        .iter()
                        .flat_map(|h| h.get_ref())
                        .map(|s| s.sources.as_slice()),
                );
                for term in &f.compute {
                    lists.push(&term.sources);
                    lists.extend(term.amount.iter().map(|a| a.sources.as_slice()));
                }
                lists.extend(facts(&f.facts));
            }
        }
        lists.push(self.common().sources);
        lists.into_iter().flatten().collect()
    }

    /// Every slug this front matter names: its keys', then its sources'.
    pub fn references(&self) -> Vec<SlugRef> {
        fn push<'a>(
            out: &mut Vec<SlugRef>,
            key: &'static str,
            expects: Option<Kind>,
            slugs: impl IntoIterator<Item = &'a Spanned<String>>,
        ) {
            out.extend(slugs.into_iter().map(|slug| SlugRef {
                slug: slug.clone(),
                key,
                expects,
            }));
        }
        // A slug written under a fixed key, bare or with its own sources.
        fn sourced(
            out: &mut Vec<SlugRef>,
            key: &'static str,
            expects: Kind,
            value: &Option<Sourced<String>>,
        ) {
            if let Some(value) = value {
                push(out, key, Some(expects), [&value.slug()]);
            }
        }
        // A quote names its speakers (people or organisations, checked later), its
        // source, the relays it passed through and the sources of its translations.
        fn quotes(out: &mut Vec<SlugRef>, quotes: &[Quote]) {
            for quote in quotes {
                if let Some(by) = &quote.by {
                    push(out, "by", None, &slugs_of(by));
                }
                push(out, "quotes", Some(Kind::Source), [&quote.source]);
                push(out, "via", Some(Kind::Source), &quote.via);
                for t in &quote.translations {
                    push(out, "translations", Some(Kind::Source), [&t.source]);
                }
            }
        }
        let mut out = Vec::new();
        match self {
            Front::Home(_) | Front::Note(_) | Front::Page(_) => {}
            Front::Source(f) => {
                push(&mut out, "relays", Some(Kind::Source), &f.relays);
                push(&mut out, "issued_by", None, &f.issued_by);
            }
            Front::Article(f) => push(&mut out, "source", Some(Kind::Source), &f.source),
            Front::Company(f) => {
                sourced(&mut out, "parent", Kind::Company, &f.parent);
                for leader in &f.leaders {
                    push(&mut out, "leaders", Some(Kind::Person), [&leader.person]);
                }
                push(&mut out, "products", Some(Kind::Product), &f.products);
                quotes(&mut out, &f.quotes);
            }
            Front::Person(f) => {
                for role in &f.roles {
                    push(&mut out, "roles", Some(Kind::Company), [&role.org]);
                }
                quotes(&mut out, &f.quotes);
            }
            Front::Product(f) => {
                sourced(&mut out, "maker", Kind::Company, &f.maker);
                sourced(&mut out, "based_on", Kind::Product, &f.based_on);
            }
            Front::Deal(f) => {
                for role in DealRole::ALL {
                    if let Some(value) = f.role(role) {
                        push(&mut out, role.key(), Some(Kind::Company), &slugs_of(value));
                    }
                }
                if let Some(cloud) = &f.cloud {
                    push(&mut out, "cloud", Some(Kind::Company), [&cloud.provider]);
                }
                for term in &f.compute {
                    push(&mut out, "compute", Some(Kind::Company), [&term.provider]);
                }
                push(&mut out, "related", Some(Kind::Deal), &f.related);
            }
            Front::Term(f) => push(&mut out, "related", Some(Kind::Term), &f.related),
        }
        let sources = self.source_refs().into_iter().map(|r| &r.slug);
        push(&mut out, "sources", Some(Kind::Source), sources);
        out
    }
}

/// Where each kind names other entries, for files whose front matter could not be
/// read as a whole: `(key, key inside its table(s), kind expected)`. It must agree with
/// [`Front::references`]; a test checks that it does.
type RefKey = (&'static str, Option<&'static str>, Option<Kind>);

fn reference_keys(kind: Kind) -> &'static [RefKey] {
    match kind {
        Kind::Home | Kind::Note | Kind::Page => &[],
        Kind::Source => &[
            ("relays", None, Some(Kind::Source)),
            ("issued_by", None, None),
        ],
        Kind::Article => &[("source", None, Some(Kind::Source))],
        Kind::Company => &[
            ("kind", Some("sources"), Some(Kind::Source)),
            ("founded", Some("sources"), Some(Kind::Source)),
            ("headquarters", Some("sources"), Some(Kind::Source)),
            ("parent", None, Some(Kind::Company)),
            ("parent", Some("sources"), Some(Kind::Source)),
            ("leaders", Some("person"), Some(Kind::Person)),
            ("leaders", Some("sources"), Some(Kind::Source)),
            ("products", None, Some(Kind::Product)),
            ("facts", Some("sources"), Some(Kind::Source)),
            ("quotes", Some("by"), None),
            ("quotes", Some("source"), Some(Kind::Source)),
            ("quotes", Some("via"), Some(Kind::Source)),
        ],
        Kind::Person => &[
            ("roles", Some("org"), Some(Kind::Company)),
            ("roles", Some("sources"), Some(Kind::Source)),
            ("quotes", Some("by"), None),
            ("quotes", Some("source"), Some(Kind::Source)),
            ("quotes", Some("via"), Some(Kind::Source)),
        ],
        Kind::Product => &[
            ("maker", None, Some(Kind::Company)),
            ("maker", Some("sources"), Some(Kind::Source)),
            ("kind", Some("sources"), Some(Kind::Source)),
            ("launched", Some("sources"), Some(Kind::Source)),
            ("parameters", Some("sources"), Some(Kind::Source)),
            ("based_on", None, Some(Kind::Product)),
            ("based_on", Some("sources"), Some(Kind::Source)),
            ("facts", Some("sources"), Some(Kind::Source)),
        ],
        Kind::Deal => &[
            ("investor", None, Some(Kind::Company)),
            ("recipient", None, Some(Kind::Company)),
            ("acquirer", None, Some(Kind::Company)),
            ("target", None, Some(Kind::Company)),
            ("seller", None, Some(Kind::Company)),
            ("parties", None, Some(Kind::Company)),
            ("customer", None, Some(Kind::Company)),
            ("supplier", None, Some(Kind::Company)),
            ("licensor", None, Some(Kind::Company)),
            ("licensee", None, Some(Kind::Company)),
            ("made", Some("sources"), Some(Kind::Source)),
            ("announced", Some("sources"), Some(Kind::Source)),
            ("first_disclosed", Some("sources"), Some(Kind::Source)),
            ("first_reported", Some("sources"), Some(Kind::Source)),
            ("outcome", Some("sources"), Some(Kind::Source)),
            ("amount", Some("sources"), Some(Kind::Source)),
            ("valuation", Some("sources"), Some(Kind::Source)),
            ("stake", Some("sources"), Some(Kind::Source)),
            ("cloud", Some("provider"), Some(Kind::Company)),
            ("compute", Some("provider"), Some(Kind::Company)),
            ("compute", Some("sources"), Some(Kind::Source)),
            ("history", Some("sources"), Some(Kind::Source)),
            ("related", None, Some(Kind::Deal)),
            ("facts", Some("sources"), Some(Kind::Source)),
        ],
        Kind::Term => &[("related", None, Some(Kind::Term))],
    }
}

/// The key a slug written under `key` (in its tables' `inner` key, if given) is named
/// by: a fact's sources back the fact, so they are named as `sources`, like the
/// entry's; a quote's speakers and relays are named as `by` and `via`.
fn slug_key(key: &'static str, inner: Option<&'static str>) -> &'static str {
    match inner {
        Some("sources") => "sources",
        Some("by") => "by",
        Some("via") => "via",
        _ => key,
    }
}

/// The slugs a front matter names, read leniently from its TOML (`text`) when it could
/// not be deserialized: whatever is a string (or list of strings) where a slug belongs.
pub fn references_in(kind: Kind, text: &str) -> Vec<SlugRef> {
    use toml::de::{DeTable, DeValue};
    // A slug is a string, or the `value` of a fixed key's table, or the `source` of a
    // source reference's table; a list holds any of these.
    fn strings(value: &Spanned<DeValue<'_>>, out: &mut Vec<Spanned<String>>) {
        fn one(value: &Spanned<DeValue<'_>>, out: &mut Vec<Spanned<String>>) {
            match value.get_ref() {
                DeValue::String(s) => out.push(Spanned::new(value.span(), s.to_string())),
                DeValue::Table(t) => {
                    if let Some(inner) = t.get("value").or_else(|| t.get("source"))
                        && let DeValue::String(s) = inner.get_ref()
                    {
                        out.push(Spanned::new(inner.span(), s.to_string()));
                    }
                }
                _ => {}
            }
        }
        match value.get_ref() {
            DeValue::Array(items) => items.iter().for_each(|item| one(item, out)),
            _ => one(value, out),
        }
    }
    let (table, _) = DeTable::parse_recoverable(text);
    let mut refs = Vec::new();
    let all = reference_keys(kind)
        .iter()
        .chain(&[("sources", None, Some(Kind::Source))]);
    for &(key, inner, expects) in all {
        let Some(value) = table.get_ref().get(key) else {
            continue;
        };
        let mut found = Vec::new();
        match inner {
            None => strings(value, &mut found),
            Some(inner) => {
                let tables: Vec<&DeTable<'_>> = match value.get_ref() {
                    DeValue::Table(t) => vec![t],
                    DeValue::Array(items) => items
                        .iter()
                        .filter_map(|i| match i.get_ref() {
                            DeValue::Table(t) => Some(t),
                            _ => None,
                        })
                        .collect(),
                    _ => Vec::new(),
                };
                for t in tables {
                    if let Some(v) = t.get(inner) {
                        strings(v, &mut found);
                    }
                    // The earlier states of a fact name their sources too.
                    if key == "facts"
                        && let Some(history) = t.get("history")
                        && let DeValue::Array(steps) = history.get_ref()
                    {
                        for step in steps.iter() {
                            if let DeValue::Table(step) = step.get_ref()
                                && let Some(v) = step.get(inner)
                            {
                                strings(v, &mut found);
                            }
                        }
                    }
                }
            }
        }
        let key = slug_key(key, inner);
        refs.extend(found.into_iter().map(|slug| SlugRef { slug, key, expects }));
    }
    refs
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Backlinks keep the key a slug is named under as a [`FrontKey`]: every key must
    /// be one, and [`FrontKey::ALL`] sorted, so that backlinks order by key name.
    #[test]
    fn every_key_that_names_an_entry_is_a_front_key() {
        assert!(FrontKey::ALL.windows(2).all(|w| w[0] < w[1]));
        let kinds = [
            Kind::Home,
            Kind::Note,
            Kind::Page,
            Kind::Article,
            Kind::Source,
        ]
        .into_iter()
        .chain(Kind::COLLECTIONS);
        let lenient = kinds
            .flat_map(reference_keys)
            .map(|&(key, inner, _)| slug_key(key, inner));
        // `Front::references` names these too (agreeing with `reference_keys` apart
        // from the sources of a quote's translations).
        let typed = DealRole::ALL.map(DealRole::key);
        for key in lenient.chain(typed).chain(["sources", "translations"]) {
            let front_key = FrontKey::of(key).unwrap_or_else(|| panic!("`{key}` missing"));
            assert_eq!(front_key.name(), key);
        }
        for key in FrontKey::ALL {
            assert!(crate::strings::backlink_key(key).is_some(), "`{key}`");
        }
    }

    /// `references_in` (lenient) and `Front::references` (typed) must find the same
    /// slugs under the same keys, for every kind.
    #[test]
    fn lenient_and_typed_references_agree() {
        let samples: [(Kind, &str); 7] = [
            (
                Kind::Company,
                r#"name = "C"
founded = { value = "1975", sources = ["p7", { source = "p8", locator = "p. 2" }] }
parent = { value = "p1", sources = ["p9"] }
leaders = [{ person = "p2", role = "CEO", sources = ["p10"] }]
products = ["p3", "p4"]
facts = [{ label = "l", value = "v", sources = ["p5"], history = [{ status = "rumoured", date = "2022", sources = ["p12"] }] }]
sources = ["p6", { source = "p11", quote = "q" }]"#,
            ),
            (
                Kind::Person,
                r#"name = "P"
roles = [{ org = "p1", title = "CEO", sources = [{ source = "p3" }] }]
quotes = [{ text = "t", source = "p2", by = ["p4", "p5"], via = ["p6"] }]"#,
            ),
            (
                Kind::Product,
                r#"name = "X"
maker = { value = "p1", status = "confirmed", sources = ["p4"] }
based_on = "p2"
launched = { value = 2022-11-30, sources = ["p5"] }
facts = [{ label = "l", value = "v", sources = ["p3"] }]"#,
            ),
            (
                Kind::Deal,
                r#"title = "D"
investor = ["p1", "p2"]
recipient = "p3"
announced = "2023"
first_reported = { date = "late 2023", sources = ["p8"] }
outcome = { state = "abandoned", sources = ["p9"] }
amount = { value = 1, currency = "USD", approximate = true, sources = ["p10"] }
cloud = { provider = "p4" }
compute = [{ provider = "p11", role = "preferred", sources = ["p12"] }]
related = ["p5"]
history = [{ status = "rumoured", date = "late 2022", sources = ["p13"] }]
facts = [{ label = "l", value = "v", sources = ["p6"] }]
sources = ["p7"]"#,
            ),
            (
                Kind::Term,
                r#"term = "T"
related = ["p1"]"#,
            ),
            (
                Kind::Source,
                r#"title = "S"
publisher = "P"
relays = ["p1", "p2"]
issued_by = "p3""#,
            ),
            (
                Kind::Article,
                r#"title = "A"
source = "p1""#,
            ),
        ];
        for (kind, text) in samples {
            let front = match kind {
                Kind::Company => Front::Company(toml::from_str(text).unwrap()),
                Kind::Person => Front::Person(toml::from_str(text).unwrap()),
                Kind::Product => Front::Product(toml::from_str(text).unwrap()),
                Kind::Deal => Front::Deal(toml::from_str(text).unwrap()),
                Kind::Term => Front::Term(toml::from_str(text).unwrap()),
                Kind::Source => Front::Source(toml::from_str(text).unwrap()),
                _ => Front::Article(toml::from_str(text).unwrap()),
            };
            let key = |r: &SlugRef| {
                let span = r.slug.span();
                (
                    r.slug.get_ref().clone(),
                    (span.start, span.end),
                    r.key,
                    r.expects,
                )
            };
            let mut typed: Vec<_> = front.references().iter().map(key).collect();
            let mut lenient: Vec<_> = references_in(kind, text).iter().map(key).collect();
            typed.sort();
            lenient.sort();
            assert_eq!(typed, lenient, "{kind:?}");
        }
    }
}
