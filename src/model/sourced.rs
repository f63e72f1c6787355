//! Who backs one fact: a source named for it ([`SourceRef`], with where in the source
//! and the words relied on), and a fixed key's value that may carry its own status and
//! sources ([`Sourced`]: `founded = 1975` or `founded = { value = 1975, sources = […] }`).

use std::fmt;
use std::marker::PhantomData;
use std::ops::Range;

use serde::Deserialize;
use serde::de::{self, DeserializeOwned, Deserializer, MapAccess, Visitor};
use toml::Spanned;

use super::values::Status;

/// One source named for a fact: `"ft-2023"`, or `{ source = "ft-2023", locator =
/// "para. 4", quote = "the words relied on" }`.
#[derive(Debug, Clone, PartialEq)]
pub struct SourceRef {
    /// The source's slug, where it is written.
    pub slug: Spanned<String>,
    /// Where in the source: "p. 3", "para. 4".
    pub locator: Option<String>,
    /// The words of the source the fact relies on.
    pub quote: Option<String>,
}

impl SourceRef {
    pub fn slug(&self) -> &str {
        self.slug.get_ref()
    }
}

/// The slugs of a list of source references, where each is written.
pub fn slugs_of_refs(refs: &[SourceRef]) -> impl Iterator<Item = &Spanned<String>> {
    refs.iter().map(|r| &r.slug)
}

impl<'de> Deserialize<'de> for SourceRef {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(deny_unknown_fields)]
        struct Table {
            source: Spanned<String>,
            locator: Option<String>,
            quote: Option<String>,
        }
        enum Form {
            Slug(String),
            Table(Table),
        }
        struct FormVisitor;
        impl<'de> Visitor<'de> for FormVisitor {
            type Value = Form;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str(
                    "a source's slug, \"ft-2023\", or { source = \"ft-2023\", locator = \
                     \"p. 3\", quote = \"the words relied on\" }",
                )
            }
            fn visit_str<E: de::Error>(self, s: &str) -> Result<Form, E> {
                Ok(Form::Slug(s.to_owned()))
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Form, A::Error> {
                Table::deserialize(de::value::MapAccessDeserializer::new(map)).map(Form::Table)
            }
        }
        impl<'de> Deserialize<'de> for Form {
            fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                d.deserialize_any(FormVisitor)
            }
        }
        let form = Spanned::<Form>::deserialize(deserializer)?;
        let span = form.span();
        Ok(match form.into_inner() {
            Form::Slug(slug) => SourceRef {
                slug: Spanned::new(span, slug),
                locator: None,
                quote: None,
            },
            Form::Table(t) => {
                let nonempty = |s: Option<String>| s.filter(|s| !s.trim().is_empty());
                SourceRef {
                    slug: t.source,
                    locator: nonempty(t.locator),
                    quote: nonempty(t.quote),
                }
            }
        })
    }
}

/// A fixed key's value, bare (`founded = 1975`) or with its own status and sources
/// (`founded = { value = 1975, status = "confirmed", sources = ["microsoft-facts"] }`).
/// Without sources of its own, a value names none: the entry's `sources` back the entry
/// as a whole, never one fact they were not given for.
#[derive(Debug, Clone, PartialEq)]
pub struct Sourced<T> {
    pub value: T,
    /// Where the value is written (for a slug, where to point a problem with it).
    pub span: Range<usize>,
    pub status: Option<Spanned<Status>>,
    pub sources: Vec<SourceRef>,
}

impl<T> Sourced<T> {
    /// A value with no status or sources of its own (a translation's text).
    pub fn bare(value: T, span: Range<usize>) -> Sourced<T> {
        Sourced {
            value,
            span,
            status: None,
            sources: Vec::new(),
        }
    }

    /// The value.
    pub fn get_ref(&self) -> &T {
        &self.value
    }

    pub fn status(&self) -> Option<Status> {
        self.status.as_ref().map(|s| *s.get_ref())
    }
}

impl Sourced<String> {
    /// The value as a slug, where it is written.
    pub fn slug(&self) -> Spanned<String> {
        Spanned::new(self.span.clone(), self.value.clone())
    }
}

impl<'de, T: DeserializeOwned> Deserialize<'de> for Sourced<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        /// What the value was written as; the span of the bare form is the outer one.
        struct Inner<T> {
            value: T,
            span: Option<Range<usize>>,
            status: Option<Spanned<Status>>,
            sources: Vec<SourceRef>,
        }
        struct InnerVisitor<T>(PhantomData<T>);
        impl<T> InnerVisitor<T> {
            fn bare<E: de::Error>(value: toml::Value) -> Result<Inner<T>, E>
            where
                T: DeserializeOwned,
            {
                let value = T::deserialize(value).map_err(|e| E::custom(e.message()))?;
                Ok(Inner {
                    value,
                    span: None,
                    status: None,
                    sources: Vec::new(),
                })
            }
        }
        impl<'de, T: DeserializeOwned> Visitor<'de> for InnerVisitor<T> {
            type Value = Inner<T>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str(
                    "the value, or { value = …, status = \"confirmed\", sources = \
                     [\"source-slug\"] } to give it sources of its own",
                )
            }
            fn visit_str<E: de::Error>(self, s: &str) -> Result<Inner<T>, E> {
                Self::bare(toml::Value::String(s.to_owned()))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Inner<T>, E> {
                Self::bare(toml::Value::Integer(v))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Inner<T>, E> {
                let v = i64::try_from(v).map_err(|_| E::custom("this number is too large"))?;
                Self::bare(toml::Value::Integer(v))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Inner<T>, E> {
                Self::bare(toml::Value::Float(v))
            }
            fn visit_bool<E: de::Error>(self, v: bool) -> Result<Inner<T>, E> {
                Self::bare(toml::Value::Boolean(v))
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Inner<T>, A::Error> {
                let mut value: Option<Spanned<T>> = None;
                let mut status = None;
                let mut sources = Vec::new();
                while let Some(key) = map.next_key::<String>()? {
                    match key.as_str() {
                        // A bare TOML date (`founded = 1975-04-04`) arrives as a table
                        // with one private key holding its text.
                        k if k.starts_with("$__toml_private") => {
                            let text = map.next_value::<String>()?;
                            let date = text
                                .parse::<toml::value::Datetime>()
                                .map_err(de::Error::custom)?;
                            return Self::bare(toml::Value::Datetime(date));
                        }
                        "value" => value = Some(map.next_value()?),
                        "status" => status = Some(map.next_value()?),
                        "sources" => sources = map.next_value()?,
                        other => {
                            return Err(de::Error::unknown_field(
                                other,
                                &["value", "status", "sources"],
                            ));
                        }
                    }
                }
                let value = value.ok_or_else(|| de::Error::missing_field("value"))?;
                let span = value.span();
                Ok(Inner {
                    value: value.into_inner(),
                    span: Some(span),
                    status,
                    sources,
                })
            }
        }
        impl<'de, T: DeserializeOwned> Deserialize<'de> for Inner<T> {
            fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                d.deserialize_any(InnerVisitor(PhantomData))
            }
        }
        let outer = Spanned::<Inner<T>>::deserialize(deserializer)?;
        let outer_span = outer.span();
        let inner = outer.into_inner();
        Ok(Sourced {
            value: inner.value,
            span: inner.span.unwrap_or(outer_span),
            status: inner.status,
            sources: inner.sources,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::PartialDate;

    #[derive(Debug, Deserialize)]
    struct Doc {
        founded: Option<Sourced<PartialDate>>,
        parent: Option<Sourced<String>>,
        parameters: Option<Sourced<u64>>,
        #[serde(default)]
        sources: Vec<SourceRef>,
    }

    fn doc(text: &str) -> Doc {
        toml::from_str(text).expect("valid")
    }

    #[test]
    fn a_value_is_bare_or_has_its_own_sources() {
        let d = doc("founded = 1975-04-04\nparent = \"alphabet\"\nparameters = 52");
        let founded = d.founded.expect("founded");
        assert_eq!(
            founded.value,
            PartialDate::parse("1975-04-04").expect("date")
        );
        assert!(founded.sources.is_empty() && founded.status.is_none());
        let parent = d.parent.expect("parent");
        assert_eq!(parent.value, "alphabet");
        // The span of a bare slug covers the string as written.
        assert_eq!(parent.span, 30..40);
        assert_eq!(d.parameters.map(|p| p.value), Some(52));

        let d = doc(
            "founded = { value = \"1975\", status = \"confirmed\", sources = [\"ms\"] }\n\
             parent = { value = \"alphabet\", sources = [{ source = \"g\", locator = \"p. 2\" }] }",
        );
        let founded = d.founded.expect("founded");
        assert_eq!(founded.value, PartialDate::parse("1975").expect("date"));
        assert_eq!(founded.status(), Some(Status::Confirmed));
        assert_eq!(founded.sources[0].slug(), "ms");
        let parent = d.parent.expect("parent");
        assert_eq!(
            &"founded = { value = \"1975\", status = \"confirmed\", sources = [\"ms\"] }\nparent = { value = \"alphabet\", sources = [{ source = \"g\", locator = \"p. 2\" }] }"
                [parent.span.clone()],
            "\"alphabet\""
        );
        assert_eq!(parent.sources[0].locator.as_deref(), Some("p. 2"));
    }

    #[test]
    fn a_source_reference_is_a_slug_or_a_table() {
        let text = "sources = [\"ft\", { source = \"cnbc\", quote = \"reputational risk\" }]";
        let d = doc(text);
        assert_eq!(d.sources[0].slug(), "ft");
        assert_eq!(&text[d.sources[0].slug.span()], "\"ft\"");
        assert_eq!(d.sources[1].slug(), "cnbc");
        assert_eq!(&text[d.sources[1].slug.span()], "\"cnbc\"");
        assert_eq!(d.sources[1].quote.as_deref(), Some("reputational risk"));
        assert!(toml::from_str::<Doc>("sources = [{ slug = \"ft\" }]").is_err());
        assert!(toml::from_str::<Doc>("founded = { sources = [] }").is_err());
    }
}
