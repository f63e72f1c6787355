//! The value types of front matter with rules of their own: dates as precise as known,
//! statuses, amounts, stakes, one-or-many slugs.

use std::fmt;

use serde::Deserialize;
use serde::de::{self, Deserializer, MapAccess, SeqAccess, Visitor};
use toml::Spanned;

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
        let date = PartialDate { year, month, day };
        date.is_valid().then_some(date)
    }

    /// Does the day exist in its month (30 February does not)?
    fn is_valid(&self) -> bool {
        let (Some(month), Some(day)) = (self.month, self.day) else {
            return true;
        };
        let y = self.year;
        let leap = y.is_multiple_of(4) && (!y.is_multiple_of(100) || y.is_multiple_of(400));
        let days = match month {
            2 if leap => 29,
            2 => 28,
            4 | 6 | 9 | 11 => 30,
            _ => 31,
        };
        (1..=days).contains(&day)
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
    currency: Currency,
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
                            currency: t.currency.0,
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
                            currency: t.currency.0,
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
        assert_eq!(PartialDate::parse("2023-02-30"), None);
        assert!(PartialDate::parse("2024-02-29").is_some());
        assert_eq!(PartialDate::parse("2023-02-29"), None);
    }
}

/// Text that must say something: a name, a title, a term, a publisher.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Text(String);

impl Text {
    /// Text already checked to say something (a translation's name).
    pub(crate) fn new(text: String) -> Text {
        Text(text)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::ops::Deref for Text {
    type Target = str;
    fn deref(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Text {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for Text {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        if text.trim().is_empty() {
            Err(de::Error::custom("this text is empty: write what it names"))
        } else {
            Ok(Text(text))
        }
    }
}

/// An address readers may follow: `http://` or `https://`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HttpUrl(String);

impl HttpUrl {
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl<'de> Deserialize<'de> for HttpUrl {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let url = String::deserialize(deserializer)?;
        let lower = url.trim().to_ascii_lowercase();
        if (lower.starts_with("https://") || lower.starts_with("http://")) && lower.len() > 8 {
            Ok(HttpUrl(url.trim().to_owned()))
        } else {
            Err(de::Error::custom(format!(
                "`{url}` is not a web address: write it in full, starting with https://"
            )))
        }
    }
}

/// An ISO 4217 currency code: three capital letters ("USD", "EUR").
struct Currency(String);

impl<'de> Deserialize<'de> for Currency {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let code = String::deserialize(deserializer)?;
        if code.len() == 3 && code.bytes().all(|b| b.is_ascii_uppercase()) {
            Ok(Currency(code))
        } else {
            Err(de::Error::custom(format!(
                "`{code}` is not a currency code: write the ISO 4217 code, like \"USD\" or \"EUR\""
            )))
        }
    }
}

/// `lang = "pt-BR"`: a language tag, checked to be well-formed as RFC 5646 (BCP 47)
/// writes one, in any case; whether its subtags are registered is not checked.
/// For `#[serde(default, deserialize_with = "…")]` on an optional key.
pub fn language_tag<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<String>, D::Error> {
    let tag = String::deserialize(deserializer)?;
    if crate::lang::is_language_tag(&tag) {
        Ok(Some(tag))
    } else {
        // The value is not repeated: the message points at it, and it may be anything.
        Err(de::Error::custom(
            "this is not a language tag\nhelp: write a BCP 47 code such as \"en\", \"fr\", \"pt-BR\" or \"zh-Hant\"",
        ))
    }
}
