//! How facts are written for readers: money, percentages, dates, large numbers.
//! Pure functions of the value; nothing here knows HTML.

use crate::lang::Lang;
use crate::model::{Amount, PartialDate, Stake};

/// French typography: a narrow no-break space between thousands, and before `%`.
const NARROW_NBSP: char = '\u{202F}';

const MOIS: [&str; 12] = [
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
];

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// "23 January 2023", "February 2023", "2021".
pub fn date(d: PartialDate) -> String {
    date_in(d, Lang::En)
}

/// [`date`] in `lang`: "1er février 2023", "3 février 2023", "février 2023".
pub fn date_in(d: PartialDate, lang: Lang) -> String {
    let names = match lang {
        Lang::En => &MONTHS,
        Lang::Fr => &MOIS,
    };
    let month = d
        .month
        .and_then(|m| usize::from(m).checked_sub(1))
        .and_then(|i| names.get(i));
    match (d.day, month) {
        (Some(1), Some(month)) if lang == Lang::Fr => format!("1er {month} {}", d.year),
        (Some(day), Some(month)) => format!("{day} {month} {}", d.year),
        (None, Some(month)) => format!("{month} {}", d.year),
        _ => d.year.to_string(),
    }
}

/// A large number in `lang`: "1,5 milliard", "300 millions", "12 500" (French
/// billions are milliards, and a French "billion" is a million millions).
pub fn large_number_in(n: u64, lang: Lang) -> String {
    // Two decimals at most, rounded, without trailing zeros: "1.25 million",
    // "$1.95 billion", "300 million". Below a million, every digit is shown. When
    // rounding reaches the next unit, it is used: 999,999,999 is "1 billion".
    // (size, English, French singular, French plural)
    const UNITS: [(u128, &str, &str, &str); 3] = [
        (1_000_000, "million", "million", "millions"),
        (1_000_000_000, "billion", "milliard", "milliards"),
        (1_000_000_000_000, "trillion", "billion", "billions"),
    ];
    let n128 = u128::from(n);
    let Some(mut i) = UNITS.iter().rposition(|unit| n128 >= unit.0) else {
        return thousands_in(n, lang);
    };
    let round = |unit: u128| (n128 * 100 + unit / 2) / unit;
    let mut hundredths = round(UNITS[i].0);
    if hundredths >= 100_000 && i + 1 < UNITS.len() {
        i += 1;
        hundredths = round(UNITS[i].0);
    }
    let (whole, frac) = (hundredths / 100, hundredths % 100);
    // In French, a unit is plural from two on: "1,5 milliard", "2 milliards".
    let (word, point) = match lang {
        Lang::En => (UNITS[i].1, '.'),
        Lang::Fr if whole >= 2 => (UNITS[i].3, ','),
        Lang::Fr => (UNITS[i].2, ','),
    };
    match frac {
        0 => format!("{whole} {word}"),
        f if f % 10 == 0 => format!("{whole}{point}{} {word}", f / 10),
        f => format!("{whole}{point}{f:02} {word}"),
    }
}

fn thousands_in(n: u64, lang: Lang) -> String {
    let separator = match lang {
        Lang::En => ',',
        Lang::Fr => NARROW_NBSP,
    };
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(separator);
        }
        out.push(c);
    }
    out
}

/// Money in `lang`: "300 millions de dollars", "2 milliards d'euros",
/// "12 500 dollars", "5 millions CHF".
pub fn money_in(value: u64, currency: &str, lang: Lang) -> String {
    let number = large_number_in(value, lang);
    match lang {
        Lang::En => match currency {
            "USD" => format!("${number}"),
            "EUR" => format!("€{number}"),
            "GBP" => format!("£{number}"),
            other => format!("{other} {number}"),
        },
        Lang::Fr => {
            let name = match currency {
                "USD" => "dollars",
                "EUR" => "euros",
                "GBP" => "livres sterling",
                "JPY" => "yens",
                "CNY" => "yuans",
                other => return format!("{number} {other}"),
            };
            // "300 millions de dollars", but "12 500 dollars".
            if value >= 1_000_000 && name.starts_with('e') {
                format!("{number} d'{name}")
            } else if value >= 1_000_000 {
                format!("{number} de {name}")
            } else {
                format!("{number} {name}")
            }
        }
    }
}

/// An amount in `lang`: "non divulgué", "au moins 1 milliard de dollars",
/// "de 1 à 2 milliards de dollars" (written "de 1 milliard de dollars à 2 milliards de
/// dollars": each bound keeps its unit).
pub fn amount_in(a: &Amount, lang: Lang) -> String {
    let money = |value: u64, currency: &str| money_in(value, currency, lang);
    match a {
        Amount::Exact { value, currency } => money(*value, currency),
        Amount::Undisclosed => match lang {
            Lang::En => "undisclosed".to_owned(),
            Lang::Fr => "non divulgué".to_owned(),
        },
        Amount::Range {
            min,
            max,
            currency,
            label,
        } => {
            let range = match (min, max, lang) {
                (Some(lo), Some(hi), Lang::En) => {
                    format!("{} to {}", money(*lo, currency), money(*hi, currency))
                }
                (Some(lo), Some(hi), Lang::Fr) => {
                    format!("de {} à {}", money(*lo, currency), money(*hi, currency))
                }
                (Some(lo), None, Lang::En) => format!("at least {}", money(*lo, currency)),
                (Some(lo), None, Lang::Fr) => format!("au moins {}", money(*lo, currency)),
                (None, Some(hi), Lang::En) => format!("up to {}", money(*hi, currency)),
                (None, Some(hi), Lang::Fr) => format!("jusqu'à {}", money(*hi, currency)),
                (None, None, _) => String::new(),
            };
            match label {
                Some(label) => format!("{label} ({range})"),
                None => range,
            }
        }
    }
}

/// A number that sorts amounts: the exact value, or the lower bound of a range.
pub fn amount_sort_key(a: &Amount) -> u64 {
    match a {
        Amount::Exact { value, .. } => *value,
        Amount::Range { min, max, .. } => min.or(*max).unwrap_or(0),
        Amount::Undisclosed => 0,
    }
}

/// The valuation a deal implies: amount ÷ stake ("about $3 billion" for $300 million
/// for about 10%), with a number to sort by. A range (its minimum) gives "at least …",
/// an approximate stake "about …". `None` when either is missing or undisclosed.
pub fn implied_valuation(amount: &Amount, stake: Stake) -> Option<(String, u64)> {
    implied_valuation_in(amount, stake, Lang::En)
}

/// [`implied_valuation`] in `lang`: "environ 3 milliards de dollars", "au moins …".
pub fn implied_valuation_in(amount: &Amount, stake: Stake, lang: Lang) -> Option<(String, u64)> {
    if stake.percent <= 0.0 {
        return None;
    }
    let (value, currency, at_least) = match amount {
        Amount::Exact { value, currency } => (*value, currency, false),
        Amount::Range {
            min: Some(min),
            currency,
            ..
        } => (*min, currency, true),
        _ => return None,
    };
    let valuation = (value as f64 * 100.0 / stake.percent).round();
    if !valuation.is_finite() || valuation > u64::MAX as f64 {
        return None;
    }
    let valuation = valuation as u64;
    let text = money_in(valuation, currency, lang);
    let text = match (at_least, stake.approximate, lang) {
        (true, _, Lang::En) => format!("at least {text}"),
        (true, _, Lang::Fr) => format!("au moins {text}"),
        (false, true, Lang::En) => format!("about {text}"),
        (false, true, Lang::Fr) => format!("environ {text}"),
        (false, false, _) => text,
    };
    Some((text, valuation))
}

/// A stake in `lang`: "environ 10 %", "2,5 %".
pub fn stake_in(s: Stake, lang: Lang) -> String {
    let number = if s.percent.fract() == 0.0 {
        format!("{}", s.percent as u64)
    } else {
        format!("{}", (s.percent * 100.0).round() / 100.0)
    };
    match lang {
        Lang::En if s.approximate => format!("about {number}%"),
        Lang::En => format!("{number}%"),
        Lang::Fr => {
            let number = number.replace('.', ",");
            let about = if s.approximate { "environ " } else { "" };
            format!("{about}{number}{NARROW_NBSP}%")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // English, as most tests write it.
    fn large_number(n: u64) -> String {
        large_number_in(n, Lang::En)
    }

    fn money(value: u64, currency: &str) -> String {
        money_in(value, currency, Lang::En)
    }

    fn amount(a: &Amount) -> String {
        amount_in(a, Lang::En)
    }

    fn stake(s: Stake) -> String {
        stake_in(s, Lang::En)
    }

    #[test]
    fn money_reads_naturally() {
        assert_eq!(money(300_000_000, "USD"), "$300 million");
        assert_eq!(money(1_000_000_000, "USD"), "$1 billion");
        assert_eq!(money(1_500_000_000, "EUR"), "€1.5 billion");
        assert_eq!(money(12_500, "CHF"), "CHF 12,500");
        assert_eq!(large_number(1_250_000), "1.25 million");
        assert_eq!(money(1_950_000_000, "USD"), "$1.95 billion");
        assert_eq!(large_number(999_999_999), "1 billion");
        assert_eq!(large_number(999_999), "999,999");
        assert_eq!(large_number(52_000_000_000), "52 billion");
        let multibillion = Amount::Range {
            min: Some(1_000_000_000),
            max: None,
            currency: "USD".into(),
            label: Some("multibillion".into()),
        };
        assert_eq!(amount(&multibillion), "multibillion (at least $1 billion)");
    }

    #[test]
    fn french_writes_numbers_money_and_dates_its_own_way() {
        let fr = |v, c| money_in(v, c, Lang::Fr);
        assert_eq!(fr(300_000_000, "USD"), "300 millions de dollars");
        assert_eq!(fr(1_000_000_000, "USD"), "1 milliard de dollars");
        assert_eq!(fr(1_500_000_000, "EUR"), "1,5 milliard d'euros");
        assert_eq!(fr(2_000_000_000, "EUR"), "2 milliards d'euros");
        assert_eq!(fr(1_000_000, "GBP"), "1 million de livres sterling");
        assert_eq!(fr(12_500, "USD"), "12\u{202F}500 dollars");
        assert_eq!(fr(5_000_000, "CHF"), "5 millions CHF");
        assert_eq!(large_number_in(1_250_000, Lang::Fr), "1,25 million");
        assert_eq!(large_number_in(3_000_000_000_000, Lang::Fr), "3 billions");
        let d = |s| date_in(PartialDate::parse(s).unwrap(), Lang::Fr);
        assert_eq!(d("2023-02-03"), "3 février 2023");
        assert_eq!(d("2023-02-01"), "1er février 2023");
        assert_eq!(d("2023-08"), "août 2023");
        assert_eq!(d("2021"), "2021");
        let stake = |percent, approximate| {
            stake_in(
                Stake {
                    percent,
                    approximate,
                },
                Lang::Fr,
            )
        };
        assert_eq!(stake(10.0, true), "environ 10\u{202F}%");
        assert_eq!(stake(2.5, false), "2,5\u{202F}%");
        let range = |min, max| Amount::Range {
            min,
            max,
            currency: "USD".into(),
            label: None,
        };
        assert_eq!(
            amount_in(&range(Some(1_000_000_000), None), Lang::Fr),
            "au moins 1 milliard de dollars"
        );
        assert_eq!(
            amount_in(&range(None, Some(2_000_000_000)), Lang::Fr),
            "jusqu'à 2 milliards de dollars"
        );
        assert_eq!(
            amount_in(&range(Some(1_000_000_000), Some(2_000_000_000)), Lang::Fr),
            "de 1 milliard de dollars à 2 milliards de dollars"
        );
        assert_eq!(amount_in(&Amount::Undisclosed, Lang::Fr), "non divulgué");
        let ft = Amount::Exact {
            value: 300_000_000,
            currency: "USD".into(),
        };
        assert_eq!(
            implied_valuation_in(
                &ft,
                Stake {
                    percent: 10.0,
                    approximate: true
                },
                Lang::Fr
            ),
            Some(("environ 3 milliards de dollars".into(), 3_000_000_000))
        );
        // English is unchanged through the same functions.
        assert_eq!(money_in(300_000_000, "USD", Lang::En), "$300 million");
        assert_eq!(Lang::from_tag("fr-CA"), Some(Lang::Fr));
        assert_eq!(Lang::from_tag("de"), None);
    }

    #[test]
    fn dates_show_only_the_precision_given() {
        let d = |s| date(PartialDate::parse(s).unwrap());
        assert_eq!(d("2023-01-23"), "23 January 2023");
        assert_eq!(d("2023-02"), "February 2023");
        assert_eq!(d("2021"), "2021");
    }

    #[test]
    fn valuation_is_amount_over_stake() {
        let ft = Amount::Exact {
            value: 300_000_000,
            currency: "USD".into(),
        };
        let about_10 = Stake {
            percent: 10.0,
            approximate: true,
        };
        assert_eq!(
            implied_valuation(&ft, about_10),
            Some(("about $3 billion".into(), 3_000_000_000))
        );
        let exact = Stake {
            percent: 49.0,
            approximate: false,
        };
        assert_eq!(
            implied_valuation(
                &Amount::Exact {
                    value: 49,
                    currency: "EUR".into()
                },
                exact
            )
            .map(|v| v.0),
            Some("€100".into())
        );
        assert_eq!(implied_valuation(&Amount::Undisclosed, about_10), None);
        assert_eq!(
            implied_valuation(
                &ft,
                Stake {
                    percent: 0.0,
                    approximate: false
                }
            ),
            None
        );
    }

    #[test]
    fn stakes_show_approximation() {
        assert_eq!(
            stake(Stake {
                percent: 10.0,
                approximate: true
            }),
            "about 10%"
        );
        assert_eq!(
            stake(Stake {
                percent: 2.5,
                approximate: false
            }),
            "2.5%"
        );
    }
}
