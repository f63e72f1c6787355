//! The value types of front matter with rules of their own: dates as precise as known,
//! statuses, amounts, stakes, one-or-many slugs.

use std::fmt;

use serde::Deserialize;
use serde::de::{self, Deserializer, MapAccess, SeqAccess, Visitor};
use toml::Spanned;

use super::sourced::SourceRef;

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
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Status {
    /// The parties themselves say so.
    Confirmed,
    /// One or more outlets say so; the parties have not.
    Reported,
    Rumoured,
    Denied,
}

impl Status {
    pub const ALL: [Status; 4] = [
        Status::Confirmed,
        Status::Reported,
        Status::Rumoured,
        Status::Denied,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Status::Confirmed => "confirmed",
            Status::Reported => "reported",
            Status::Rumoured => "rumoured",
            Status::Denied => "denied",
        }
    }
}

impl<'de> Deserialize<'de> for Status {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        /// The words of `outcome` (how a deal ended), often written as a status.
        const OUTCOMES: [&str; 8] = [
            "announced",
            "pending",
            "completed",
            "closed",
            "abandoned",
            "terminated",
            "blocked",
            "withdrawn",
        ];
        const LIST: &str = "confirmed (the parties say so), reported (the press says so, \
             the parties have not), rumoured, or denied";
        let word = String::deserialize(deserializer)?;
        if let Some(status) = Status::ALL.into_iter().find(|s| s.as_str() == word) {
            return Ok(status);
        }
        let lower = word.trim().to_lowercase();
        let help = if OUTCOMES.contains(&lower.as_str()) {
            format!(
                "a status says how sure a fact is: {LIST}; how a deal ended is its outcome: \
                 write `outcome = \"{lower}\"` instead"
            )
        } else if let Some(best) =
            crate::diagnostics::suggest(&word, Status::ALL.map(Status::as_str))
        {
            format!("did you mean `{best}`?")
        } else {
            format!("a status says how sure a fact is: write {LIST}")
        };
        Err(de::Error::custom(format!(
            "`{word}` is not a status{HELP_SEP}{help}"
        )))
    }
}

/// How much of a number is known: exactly, about, between bounds (one or both), or
/// nothing. "About" is read as within a tenth either way wherever a range is computed
/// from it (an implied valuation); it is always shown as "about".
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Size<T> {
    Exact(T),
    About(T),
    /// At least one bound is given; `approximate` when the bounds are themselves "about".
    Between {
        min: Option<T>,
        max: Option<T>,
        approximate: bool,
    },
    /// Not disclosed.
    Unknown,
}

/// The numbers a [`Size`] holds: money (whole units) and percentages.
pub trait Number: Copy {
    fn to_f64(self) -> f64;
}

impl Number for u64 {
    fn to_f64(self) -> f64 {
        self as f64
    }
}

impl Number for f64 {
    fn to_f64(self) -> f64 {
        self
    }
}

impl<T: Number> Size<T> {
    /// The bounds as numbers, widened by a tenth when approximate: `(low, high)`, each
    /// `None` when open. `None` for [`Size::Unknown`].
    pub fn bounds(&self) -> Option<(Option<f64>, Option<f64>)> {
        const ABOUT: f64 = 0.1;
        match *self {
            Size::Exact(v) => Some((Some(v.to_f64()), Some(v.to_f64()))),
            Size::About(v) => {
                let v = v.to_f64();
                Some((Some(v * (1.0 - ABOUT)), Some(v * (1.0 + ABOUT))))
            }
            Size::Between {
                min,
                max,
                approximate,
            } => {
                let widen = if approximate { ABOUT } else { 0.0 };
                Some((
                    min.map(|v| v.to_f64() * (1.0 - widen)),
                    max.map(|v| v.to_f64() * (1.0 + widen)),
                ))
            }
            Size::Unknown => None,
        }
    }

    /// The single figure given (exact or about), if one is.
    pub fn point(&self) -> Option<f64> {
        match *self {
            Size::Exact(v) | Size::About(v) => Some(v.to_f64()),
            _ => None,
        }
    }

    /// The number an amount or stake sorts by: the figure given, the middle of a range
    /// with both bounds, or its one bound. `None` when nothing is disclosed: such values
    /// sort last.
    pub fn sort_key(&self) -> Option<f64> {
        match *self {
            Size::Exact(v) | Size::About(v) => Some(v.to_f64()),
            Size::Between {
                min: Some(lo),
                max: Some(hi),
                ..
            } => Some((lo.to_f64() + hi.to_f64()) / 2.0),
            Size::Between { min, max, .. } => min.or(max).map(Number::to_f64),
            Size::Unknown => None,
        }
    }

    pub fn is_known(&self) -> bool {
        !matches!(self, Size::Unknown)
    }

    pub fn is_approximate(&self) -> bool {
        matches!(
            self,
            Size::About(_)
                | Size::Between {
                    approximate: true,
                    ..
                }
        )
    }
}

/// The keys every value with uncertainty is written with: `value`, or `min`/`max`;
/// `approximate`; a `label` in words; its own `status` and `sources`.
fn size_of<T: PartialOrd + Copy>(
    value: Option<T>,
    min: Option<T>,
    max: Option<T>,
    approximate: bool,
    has_label: bool,
) -> Result<Size<T>, String> {
    match (value, min, max) {
        (Some(v), None, None) if approximate => Ok(Size::About(v)),
        (Some(v), None, None) => Ok(Size::Exact(v)),
        (Some(_), _, _) => {
            Err("give either `value` (one figure) or `min`/`max` (a range), not both".to_owned())
        }
        (None, Some(lo), Some(hi)) if lo > hi => Err(format!(
            "`min` is larger than `max`{HELP_SEP}write the smaller bound as `min` and the larger as `max`"
        )),
        (None, None, None) if has_label => {
            if approximate {
                Err("`approximate` qualifies a figure, and there is none: add `value`, or remove `approximate`".to_owned())
            } else {
                Ok(Size::Unknown)
            }
        }
        (None, None, None) => Err(format!(
            "this gives no figure{HELP_SEP}write `value = …`, a range with `min` and/or `max`, or `label = \"…\"` for words such as \"multibillion\""
        )),
        (None, min, max) => Ok(Size::Between {
            min,
            max,
            approximate,
        }),
    }
}

/// `strict_toml::HELP`, which this module cannot name (it is a layer above).
const HELP_SEP: &str = "\nhelp: ";

/// A sum of money, with its uncertainty: exact, about, a range with one or both
/// bounds, words ("multibillion") with or without bounds, or undisclosed. It may carry
/// its own status and sources when they differ from the deal's (the amount reported,
/// the deal confirmed).
#[derive(Debug, Clone, PartialEq)]
pub struct Amount {
    pub size: Size<u64>,
    /// ISO 4217; present whenever a figure is.
    pub currency: Option<String>,
    /// The source's words for it ("multibillion"), shown before any figure.
    pub label: Option<String>,
    pub status: Option<Spanned<Status>>,
    pub sources: Vec<SourceRef>,
}

impl Amount {
    /// `amount = "undisclosed"`.
    pub fn undisclosed() -> Amount {
        Amount {
            size: Size::Unknown,
            currency: None,
            label: None,
            status: None,
            sources: Vec::new(),
        }
    }

    /// Whether any figure is known (words alone, "multibillion", are not a figure).
    pub fn is_disclosed(&self) -> bool {
        self.size.is_known()
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct AmountTable {
    value: Option<u64>,
    min: Option<u64>,
    max: Option<u64>,
    #[serde(default)]
    approximate: bool,
    currency: Option<Currency>,
    label: Option<String>,
    status: Option<Spanned<Status>>,
    #[serde(default)]
    sources: Vec<SourceRef>,
}

impl<'de> Deserialize<'de> for Amount {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct AmountVisitor;
        impl<'de> Visitor<'de> for AmountVisitor {
            type Value = Amount;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str(
                    "an amount: { value = 300_000_000, currency = \"USD\" } (add \
                     `approximate = true` for \"about\"), a range { min = 35_000_000_000, \
                     max = 40_000_000_000, currency = \"USD\" }, words { label = \
                     \"multibillion\" }, or \"undisclosed\"",
                )
            }
            fn visit_str<E: de::Error>(self, s: &str) -> Result<Amount, E> {
                if s == "undisclosed" {
                    Ok(Amount::undisclosed())
                } else {
                    Err(E::invalid_value(de::Unexpected::Str(s), &self))
                }
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Amount, A::Error> {
                let t = AmountTable::deserialize(de::value::MapAccessDeserializer::new(map))?;
                let size = size_of(t.value, t.min, t.max, t.approximate, t.label.is_some())
                    .map_err(de::Error::custom)?;
                if size.is_known() && t.currency.is_none() {
                    return Err(de::Error::custom(format!(
                        "this amount has a figure but no currency{HELP_SEP}add `currency = \"USD\"` (or the ISO code of its currency)"
                    )));
                }
                Ok(Amount {
                    size,
                    currency: t.currency.map(|c| c.0),
                    label: t.label,
                    status: t.status,
                    sources: t.sources,
                })
            }
        }
        deserializer.deserialize_any(AmountVisitor)
    }
}

/// A stake in percent, with its uncertainty ("about 10%", "9–11%", "a majority"), and
/// its own status and sources when they differ from the deal's.
#[derive(Debug, Clone, PartialEq)]
pub struct Stake {
    pub size: Size<f64>,
    /// The source's words ("a minority stake"), shown before any figure.
    pub label: Option<String>,
    pub status: Option<Spanned<Status>>,
    pub sources: Vec<SourceRef>,
}

impl<'de> Deserialize<'de> for Stake {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(deny_unknown_fields)]
        struct StakeTable {
            value: Option<f64>,
            min: Option<f64>,
            max: Option<f64>,
            #[serde(default)]
            approximate: bool,
            label: Option<String>,
            status: Option<Spanned<Status>>,
            #[serde(default)]
            sources: Vec<SourceRef>,
        }
        fn percent<E: de::Error>(v: f64) -> Result<f64, E> {
            if (0.0..=100.0).contains(&v) {
                Ok(v)
            } else {
                Err(E::custom(format!(
                    "a stake is a percentage between 0 and 100, found {v}"
                )))
            }
        }
        struct StakeVisitor;
        impl<'de> Visitor<'de> for StakeVisitor {
            type Value = Stake;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str(
                    "a percentage: `10`, `{ value = 10, approximate = true }`, a range \
                     `{ min = 9, max = 11 }`, or words `{ label = \"a minority stake\" }`",
                )
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Stake, E> {
                self.visit_f64(v as f64)
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Stake, E> {
                self.visit_f64(v as f64)
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Stake, E> {
                Ok(Stake {
                    size: Size::Exact(percent(v)?),
                    label: None,
                    status: None,
                    sources: Vec::new(),
                })
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Stake, A::Error> {
                let t = StakeTable::deserialize(de::value::MapAccessDeserializer::new(map))?;
                for v in [t.value, t.min, t.max].into_iter().flatten() {
                    percent::<A::Error>(v)?;
                }
                let size = size_of(t.value, t.min, t.max, t.approximate, t.label.is_some())
                    .map_err(de::Error::custom)?;
                Ok(Stake {
                    size,
                    label: t.label,
                    status: t.status,
                    sources: t.sources,
                })
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
                        "the list is empty\nhelp: name at least one slug, or remove the key",
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

/// A source's `author`: one name, or a list of them (`["Riley Goodside", "Spencer
/// Papay"]`), which pages join in their own language ("A and B", "A et B").
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Names(Vec<String>);

impl Names {
    /// The names, in the order written.
    pub fn names(&self) -> &[String] {
        &self.0
    }
}

impl<'de> Deserialize<'de> for Names {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Names;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str(
                    "a name (\"Jane Doe\") or a list of names ([\"Jane Doe\", \"Ada Park\"])",
                )
            }
            fn visit_str<E: de::Error>(self, s: &str) -> Result<Names, E> {
                Ok(Names(vec![s.to_owned()]))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Names, A::Error> {
                let mut names = Vec::new();
                while let Some(name) = seq.next_element::<Text>()? {
                    names.push(name.to_string());
                }
                if names.is_empty() {
                    return Err(de::Error::custom(
                        "the list is empty\nhelp: name at least one author, or remove the key",
                    ));
                }
                Ok(Names(names))
            }
        }
        deserializer.deserialize_any(V)
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
        } else if code.len() == 3 && code.bytes().all(|b| b.is_ascii_alphabetic()) {
            // "gbp": the right letters, in the wrong case.
            let upper = code.to_ascii_uppercase();
            Err(de::Error::custom(format!(
                "`{code}` is not a currency code: codes are written in capitals{HELP_SEP}did you mean `{upper}`?"
            )))
        } else {
            Err(de::Error::custom(format!(
                "`{code}` is not a currency code{HELP_SEP}write the ISO 4217 code, like \"USD\" or \"EUR\""
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
