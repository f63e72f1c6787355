//! The front matter of each kind, as typed structs that serde fills strictly
//! (`deny_unknown_fields`), and [`Front`], which holds any of them.

use serde::Deserialize;
use toml::Spanned;

use super::Kind;
use super::values::{Amount, OneOrMany, PartialDate, Stake, Status, slugs_of};

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
pub struct SlugRef {
    pub slug: Spanned<String>,
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
        fn facts(out: &mut Vec<SlugRef>, facts: &[Fact]) {
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
                push(
                    &mut out,
                    "investor",
                    Some(Kind::Company),
                    &slugs_of(&f.investor),
                );
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
