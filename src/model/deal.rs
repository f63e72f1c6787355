//! What a deal is made of besides its parties' slugs: its kind and the roles each kind
//! has, the dates that matter (each with its precision, status and sources), how it
//! ended (its outcome), and the cloud and compute terms that come with it.

use std::fmt;

use serde::Deserialize;
use serde::de::{self, Deserializer, MapAccess, Visitor};
use toml::Spanned;

use super::sourced::SourceRef;
use super::values::{Amount, PartialDate, Stake, Status};

const HELP_SEP: &str = "\nhelp: ";

/// What kind of deal: it decides the roles, the words and the arrows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum DealKind {
    /// Money for a share: investor(s) → recipient.
    #[default]
    Investment,
    /// One company buys another (or part of it): acquirer(s) → target, from seller(s).
    Acquisition,
    /// Two or more companies become one: parties.
    Merger,
    /// Companies work together without one buying into the other: parties.
    Partnership,
    /// An agreement to buy and supply, such as a cloud or compute commitment:
    /// customer(s) → supplier(s).
    Commercial,
    /// The right to use a technology or a work: licensee(s) → licensor(s).
    Licensing,
}

impl DealKind {
    pub const ALL: [DealKind; 6] = [
        DealKind::Investment,
        DealKind::Acquisition,
        DealKind::Merger,
        DealKind::Partnership,
        DealKind::Commercial,
        DealKind::Licensing,
    ];

    /// The word written in front matter, in `dossier.json` and `deals.csv`.
    pub fn as_str(self) -> &'static str {
        match self {
            DealKind::Investment => "investment",
            DealKind::Acquisition => "acquisition",
            DealKind::Merger => "merger",
            DealKind::Partnership => "partnership",
            DealKind::Commercial => "commercial",
            DealKind::Licensing => "licensing",
        }
    }

    /// The roles of this kind: the first is the side that acts (pays, buys, licenses),
    /// the second the side it acts on; a third (the seller) is optional. Merger and
    /// partnership have one role, `parties`, of two or more.
    pub fn roles(self) -> &'static [DealRole] {
        match self {
            DealKind::Investment => &[DealRole::Investor, DealRole::Recipient],
            DealKind::Acquisition => &[DealRole::Acquirer, DealRole::Target, DealRole::Seller],
            DealKind::Merger | DealKind::Partnership => &[DealRole::Parties],
            DealKind::Commercial => &[DealRole::Customer, DealRole::Supplier],
            DealKind::Licensing => &[DealRole::Licensee, DealRole::Licensor],
        }
    }

    /// The roles a deal of this kind must name.
    pub fn required_roles(self) -> &'static [DealRole] {
        match self {
            DealKind::Acquisition => &[DealRole::Acquirer, DealRole::Target],
            other => other.roles(),
        }
    }
}

impl<'de> Deserialize<'de> for DealKind {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let word = String::deserialize(deserializer)?;
        DealKind::ALL
            .into_iter()
            .find(|k| k.as_str() == word)
            .ok_or_else(|| {
                de::Error::custom(format!(
                    "`{word}` is not a kind of deal{HELP_SEP}write one of: investment, \
                     acquisition, merger, partnership, commercial (an agreement to buy or \
                     supply, such as cloud computing), licensing"
                ))
            })
    }
}

/// A party's role in a deal: also the front matter key that names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DealRole {
    Investor,
    Recipient,
    Acquirer,
    Target,
    Seller,
    Parties,
    Customer,
    Supplier,
    Licensor,
    Licensee,
}

impl DealRole {
    pub const ALL: [DealRole; 10] = [
        DealRole::Investor,
        DealRole::Recipient,
        DealRole::Acquirer,
        DealRole::Target,
        DealRole::Seller,
        DealRole::Parties,
        DealRole::Customer,
        DealRole::Supplier,
        DealRole::Licensor,
        DealRole::Licensee,
    ];

    /// The front matter key.
    pub fn key(self) -> &'static str {
        match self {
            DealRole::Investor => "investor",
            DealRole::Recipient => "recipient",
            DealRole::Acquirer => "acquirer",
            DealRole::Target => "target",
            DealRole::Seller => "seller",
            DealRole::Parties => "parties",
            DealRole::Customer => "customer",
            DealRole::Supplier => "supplier",
            DealRole::Licensor => "licensor",
            DealRole::Licensee => "licensee",
        }
    }
}

/// How far into a year a date given only by its year falls ("late 2022").
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Part {
    Early,
    Mid,
    Late,
}

impl Part {
    pub fn as_str(self) -> &'static str {
        match self {
            Part::Early => "early",
            Part::Mid => "mid",
            Part::Late => "late",
        }
    }
}

/// The order of [`When`]s: (year, month or part of the year, after-a-part flag, day).
pub type DateKey = (u16, u8, u8, u8);

/// A date as precise as the sources allow: a day, a month, a year, or part of a year
/// ("late 2022").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct When {
    pub date: PartialDate,
    /// Only with a year alone.
    pub part: Option<Part>,
}

impl When {
    /// The order of dates: a year alone first in its year, then its early, mid and late
    /// parts at months 2, 6 and 10 (before a date in those months), then months and days.
    pub fn sort_key(&self) -> DateKey {
        let d = self.date;
        match (self.part, d.month) {
            (Some(part), _) => {
                let month = match part {
                    Part::Early => 2,
                    Part::Mid => 6,
                    Part::Late => 10,
                };
                (d.year, month, 0, 0)
            }
            (None, Some(m)) => (d.year, m, 1, d.day.unwrap_or(0)),
            (None, None) => (d.year, 0, 0, 0),
        }
    }

    /// ISO 8601 as far as known (`2022` for "late 2022"), for `datetime` and data files.
    pub fn iso(&self) -> String {
        self.date.to_string()
    }

    /// How precise: `day`, `month`, `year`, or the part of the year (`late`).
    pub fn precision(&self) -> &'static str {
        match (self.part, self.date.month, self.date.day) {
            (Some(part), _, _) => part.as_str(),
            (None, _, Some(_)) => "day",
            (None, Some(_), None) => "month",
            (None, None, None) => "year",
        }
    }
}

impl From<PartialDate> for When {
    fn from(date: PartialDate) -> When {
        When { date, part: None }
    }
}

impl fmt::Display for When {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.part {
            Some(part) => write!(f, "{} {}", part.as_str(), self.date),
            None => write!(f, "{}", self.date),
        }
    }
}

impl<'de> Deserialize<'de> for When {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let value = toml::Value::deserialize(deserializer)?;
        if let toml::Value::String(s) = &value
            && let Some((word, year)) = s.split_once(' ')
        {
            let part = match word {
                "early" => Part::Early,
                "mid" => Part::Mid,
                "late" => Part::Late,
                _ => {
                    return Err(de::Error::custom(format!(
                        "`{s}` is not a date{HELP_SEP}write a date (2022-11-03, \"2022-11\", \"2022\") or part of a year: \"early 2022\", \"mid 2022\", \"late 2022\""
                    )));
                }
            };
            let date = PartialDate::parse(year)
                .filter(|d| d.month.is_none())
                .ok_or_else(|| {
                    de::Error::custom(format!(
                        "`{s}`: \"{word}\" goes with a year alone{HELP_SEP}write \"{word} 2022\""
                    ))
                })?;
            return Ok(When {
                date,
                part: Some(part),
            });
        }
        PartialDate::deserialize(value)
            .map(When::from)
            .map_err(de::Error::custom)
    }
}

/// A date with what backs it: its own status and sources, when they differ from the
/// deal's. Written as a date alone, or `{ date = …, status = …, sources = […] }`.
#[derive(Debug, Clone)]
pub struct Dated {
    pub when: When,
    pub status: Option<Spanned<Status>>,
    pub sources: Vec<SourceRef>,
}

impl<'de> Deserialize<'de> for Dated {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Dated;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str(
                    "a date (2023-02-03, \"2023-02\", \"2023\", \"late 2022\") or \
                     { date = …, status = \"reported\", sources = [\"…\"] }",
                )
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Dated, A::Error> {
                // A bare TOML date arrives as a map of one private key (how the `toml`
                // crate hands dates to serde); any other map is `{ date = …, … }`.
                let mut dated = Dated {
                    when: When::from(PartialDate {
                        year: 0,
                        month: None,
                        day: None,
                    }),
                    status: None,
                    sources: Vec::new(),
                };
                let mut has_date = false;
                while let Some(key) = map.next_key::<String>()? {
                    match key.as_str() {
                        k if k.starts_with("$__toml_private") => {
                            let text = map.next_value::<String>()?;
                            let value = text
                                .parse::<toml::value::Datetime>()
                                .map(toml::Value::Datetime)
                                .map_err(de::Error::custom)?;
                            dated.when = When::deserialize(value).map_err(de::Error::custom)?;
                            has_date = true;
                        }
                        "date" => {
                            dated.when = map.next_value()?;
                            has_date = true;
                        }
                        "status" => dated.status = Some(map.next_value()?),
                        "sources" => dated.sources = map.next_value()?,
                        other => {
                            return Err(de::Error::unknown_field(
                                other,
                                &["date", "status", "sources"],
                            ));
                        }
                    }
                }
                if !has_date {
                    return Err(de::Error::missing_field("date"));
                }
                Ok(dated)
            }
            fn visit_str<E: de::Error>(self, s: &str) -> Result<Dated, E> {
                let when = When::deserialize(toml::Value::String(s.to_owned()))
                    .map_err(|e| E::custom(e.message()))?;
                Ok(Dated {
                    when,
                    status: None,
                    sources: Vec::new(),
                })
            }
        }
        deserializer.deserialize_any(V)
    }
}

/// Where a deal ended up.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum OutcomeState {
    /// Made public; nothing more is known yet.
    Announced,
    /// Waiting, for instance on regulators.
    Pending,
    /// Closed: the money or the company changed hands.
    Completed,
    /// The parties walked away.
    Abandoned,
    /// The agreement was ended.
    Terminated,
    /// A regulator or a court stopped it.
    Blocked,
    /// The offer was withdrawn.
    Withdrawn,
}

impl OutcomeState {
    pub const ALL: [OutcomeState; 7] = [
        OutcomeState::Announced,
        OutcomeState::Pending,
        OutcomeState::Completed,
        OutcomeState::Abandoned,
        OutcomeState::Terminated,
        OutcomeState::Blocked,
        OutcomeState::Withdrawn,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            OutcomeState::Announced => "announced",
            OutcomeState::Pending => "pending",
            OutcomeState::Completed => "completed",
            OutcomeState::Abandoned => "abandoned",
            OutcomeState::Terminated => "terminated",
            OutcomeState::Blocked => "blocked",
            OutcomeState::Withdrawn => "withdrawn",
        }
    }

    /// Whether the deal did not happen: nothing changed hands.
    pub fn failed(self) -> bool {
        matches!(
            self,
            OutcomeState::Abandoned
                | OutcomeState::Terminated
                | OutcomeState::Blocked
                | OutcomeState::Withdrawn
        )
    }
}

impl<'de> Deserialize<'de> for OutcomeState {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let word = String::deserialize(deserializer)?;
        if word == "closed" {
            return Ok(OutcomeState::Completed);
        }
        OutcomeState::ALL
            .into_iter()
            .find(|k| k.as_str() == word)
            .ok_or_else(|| {
                de::Error::custom(format!(
                    "`{word}` is not an outcome of a deal{HELP_SEP}write one of: announced, \
                     pending (for instance under regulatory review), completed (or closed), \
                     abandoned, terminated, blocked, withdrawn"
                ))
            })
    }
}

/// How a deal ended, when, and who says so. Written as a word (`outcome = "completed"`)
/// or `{ state = "abandoned", date = 2022-02-08, status = …, sources = […] }`.
#[derive(Debug, Clone)]
pub struct Outcome {
    pub state: OutcomeState,
    pub date: Option<Spanned<When>>,
    pub status: Option<Spanned<Status>>,
    pub sources: Vec<SourceRef>,
}

impl<'de> Deserialize<'de> for Outcome {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(deny_unknown_fields)]
        struct OutcomeTable {
            state: OutcomeState,
            date: Option<Spanned<When>>,
            status: Option<Spanned<Status>>,
            #[serde(default)]
            sources: Vec<SourceRef>,
        }
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Outcome;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str(
                    "an outcome: \"completed\", or { state = \"abandoned\", date = 2022-02-08, \
                     sources = [\"…\"] }",
                )
            }
            fn visit_str<E: de::Error>(self, s: &str) -> Result<Outcome, E> {
                let state = OutcomeState::deserialize(de::value::StrDeserializer::<E>::new(s))?;
                Ok(Outcome {
                    state,
                    date: None,
                    status: None,
                    sources: Vec::new(),
                })
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Outcome, A::Error> {
                let t = OutcomeTable::deserialize(de::value::MapAccessDeserializer::new(map))?;
                Ok(Outcome {
                    state: t.state,
                    date: t.date,
                    status: t.status,
                    sources: t.sources,
                })
            }
        }
        deserializer.deserialize_any(V)
    }
}

/// A cloud provider's standing in a deal.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ProviderRole {
    /// The only one.
    Exclusive,
    /// The main one, others allowed.
    Primary,
    /// Preferred, not exclusive.
    Preferred,
    /// One provider among several.
    OneOfSeveral,
}

impl ProviderRole {
    pub fn as_str(self) -> &'static str {
        match self {
            ProviderRole::Exclusive => "exclusive",
            ProviderRole::Primary => "primary",
            ProviderRole::Preferred => "preferred",
            ProviderRole::OneOfSeveral => "one-of-several",
        }
    }
}

impl<'de> Deserialize<'de> for ProviderRole {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let word = String::deserialize(deserializer)?;
        [
            ProviderRole::Exclusive,
            ProviderRole::Primary,
            ProviderRole::Preferred,
            ProviderRole::OneOfSeveral,
        ]
        .into_iter()
        .find(|r| r.as_str() == word)
        .ok_or_else(|| {
            de::Error::custom(format!(
                "`{word}` is not a provider's role{HELP_SEP}write one of: exclusive, primary, \
                 preferred, one-of-several"
            ))
        })
    }
}

/// One cloud or compute term of a deal, a fact with its own status and sources:
/// who provides, in what role, what must be bought.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ComputeTerm {
    /// The company that provides (a slug).
    pub provider: Spanned<String>,
    /// The product's name ("Google Cloud", "Azure", "H100 GPUs").
    pub service: Option<String>,
    pub role: Option<ProviderRole>,
    /// What the other side must buy, in words ("buy computing resources from Google").
    pub obligation: Option<String>,
    /// How much it must buy, when known.
    pub amount: Option<Amount>,
    pub status: Option<Spanned<Status>>,
    #[serde(default)]
    pub sources: Vec<SourceRef>,
}

/// The post-money valuation an investment's amount and stake imply (amount ÷ stake),
/// with the range their uncertainty gives: the lowest amount over the highest stake,
/// the highest amount over the lowest stake ("about" counts as within a tenth).
#[derive(Debug, Clone, PartialEq)]
pub struct Implied {
    pub currency: String,
    /// amount ÷ stake, when both are single figures.
    pub central: Option<u64>,
    pub low: Option<u64>,
    /// `None` when the range has no upper bound.
    pub high: Option<u64>,
}

impl Implied {
    /// The implied valuation of an investment of `amount` for `stake`, if both give a
    /// figure.
    pub fn of(amount: &Amount, stake: &Stake) -> Option<Implied> {
        let currency = amount.currency.clone()?;
        let (a_lo, a_hi) = amount.size.bounds()?;
        let (s_lo, s_hi) = stake.size.bounds()?;
        let whole = |a: Option<f64>, s: Option<f64>| -> Option<u64> {
            let v = a? * 100.0 / s.filter(|s| *s > 0.0)?;
            (v.is_finite() && v < u64::MAX as f64).then(|| v.round() as u64)
        };
        let low = whole(a_lo, s_hi.or(Some(100.0)));
        let high = whole(a_hi, s_lo);
        let central = whole(amount.size.point(), stake.size.point());
        (low.is_some() || high.is_some()).then_some(Implied {
            currency,
            central,
            low,
            high,
        })
    }
}
