//! How facts are written for readers: money, percentages, dates, large numbers.
//! Pure functions of the value; nothing here knows HTML.

use crate::frontmatter::{Amount, PartialDate, Stake};

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
    let month = d
        .month
        .and_then(|m| usize::from(m).checked_sub(1))
        .and_then(|i| MONTHS.get(i));
    match (d.day, month) {
        (Some(day), Some(month)) => format!("{day} {month} {}", d.year),
        (None, Some(month)) => format!("{month} {}", d.year),
        _ => d.year.to_string(),
    }
}

/// "1.5 billion", "300 million", "52 billion", "12,500".
pub fn large_number(n: u64) -> String {
    // Two decimals at most, rounded, without trailing zeros: "1.25 million",
    // "$1.95 billion", "300 million". Below a million, every digit is shown. When
    // rounding reaches the next unit, it is used: 999,999,999 is "1 billion".
    const UNITS: [(u128, &str); 3] = [
        (1_000_000, "million"),
        (1_000_000_000, "billion"),
        (1_000_000_000_000, "trillion"),
    ];
    let n128 = u128::from(n);
    let Some(mut i) = UNITS.iter().rposition(|(unit, _)| n128 >= *unit) else {
        return thousands(n);
    };
    let round = |unit: u128| (n128 * 100 + unit / 2) / unit;
    let mut hundredths = round(UNITS[i].0);
    if hundredths >= 100_000 && i + 1 < UNITS.len() {
        i += 1;
        hundredths = round(UNITS[i].0);
    }
    let word = UNITS[i].1;
    let (whole, frac) = (hundredths / 100, hundredths % 100);
    match frac {
        0 => format!("{whole} {word}"),
        f if f % 10 == 0 => format!("{whole}.{} {word}", f / 10),
        f => format!("{whole}.{f:02} {word}"),
    }
}

fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// "$300 million", "€2 billion", "CHF 5 million".
pub fn money(value: u64, currency: &str) -> String {
    let number = large_number(value);
    match currency {
        "USD" => format!("${number}"),
        "EUR" => format!("€{number}"),
        "GBP" => format!("£{number}"),
        other => format!("{other} {number}"),
    }
}

/// The amount as a reader sees it: "$300 million", "multibillion (at least $1 billion)",
/// "$1–2 billion", "undisclosed".
pub fn amount(a: &Amount) -> String {
    match a {
        Amount::Exact { value, currency } => money(*value, currency),
        Amount::Undisclosed => "undisclosed".to_owned(),
        Amount::Range {
            min,
            max,
            currency,
            label,
        } => {
            let range = match (min, max) {
                (Some(lo), Some(hi)) => {
                    format!("{} to {}", money(*lo, currency), money(*hi, currency))
                }
                (Some(lo), None) => format!("at least {}", money(*lo, currency)),
                (None, Some(hi)) => format!("up to {}", money(*hi, currency)),
                (None, None) => String::new(),
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
    let text = money(valuation, currency);
    let text = match (at_least, stake.approximate) {
        (true, _) => format!("at least {text}"),
        (false, true) => format!("about {text}"),
        (false, false) => text,
    };
    Some((text, valuation))
}

/// "10%", "about 10%", "2.5%".
pub fn stake(s: Stake) -> String {
    let number = if s.percent.fract() == 0.0 {
        format!("{}", s.percent as u64)
    } else {
        format!("{}", (s.percent * 100.0).round() / 100.0)
    };
    if s.approximate {
        format!("about {number}%")
    } else {
        format!("{number}%")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
