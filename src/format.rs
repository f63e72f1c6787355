//! How facts are written for readers: money, percentages, dates, large numbers.
//! Pure functions of the value; nothing here knows HTML.

use crate::lang::Lang;
use crate::model::{Amount, Implied, Part, PartialDate, Size, Stake, When};

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

/// A date as precise as it is known, in `lang`: "23 January 2023", "February 2023",
/// "2021"; "1er février 2023", "3 février 2023", "février 2023".
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

/// A value with its uncertainty, each figure written by `figure`: "about X", "X to Y",
/// "at least X", "up to Y"; `None` for a value not disclosed.
fn size_in<T: Copy>(size: &Size<T>, lang: Lang, figure: impl Fn(T) -> String) -> Option<String> {
    let about = |text: String, approximate: bool| match (approximate, lang) {
        (false, _) => text,
        (true, Lang::En) => format!("about {text}"),
        (true, Lang::Fr) => format!("environ {text}"),
    };
    Some(match *size {
        Size::Exact(v) => figure(v),
        Size::About(v) => about(figure(v), true),
        Size::Between {
            min,
            max,
            approximate,
        } => {
            let range = match (min, max, lang) {
                (Some(lo), Some(hi), Lang::En) => format!("{} to {}", figure(lo), figure(hi)),
                (Some(lo), Some(hi), Lang::Fr) => format!("de {} à {}", figure(lo), figure(hi)),
                (Some(lo), None, Lang::En) => format!("at least {}", figure(lo)),
                (Some(lo), None, Lang::Fr) => format!("au moins {}", figure(lo)),
                (None, Some(hi), Lang::En) => format!("up to {}", figure(hi)),
                (None, Some(hi), Lang::Fr) => format!("jusqu'à {}", figure(hi)),
                (None, None, _) => return None,
            };
            about(range, approximate)
        }
        Size::Unknown => return None,
    })
}

/// Words and figure together: "multibillion (at least $2 billion)", or either alone.
fn labelled(label: Option<&str>, figure: Option<String>, undisclosed: &str) -> String {
    match (label, figure) {
        (Some(label), Some(figure)) => format!("{label} ({figure})"),
        (Some(label), None) => format!("{label} ({undisclosed})"),
        (None, Some(figure)) => figure,
        (None, None) => undisclosed.to_owned(),
    }
}

/// An amount in `lang`, keeping all its uncertainty: "about $300 million",
/// "$35 billion to $40 billion", "multibillion (amount undisclosed)", "non divulgué",
/// "de 1 milliard de dollars à 2 milliards de dollars" (each bound keeps its unit).
pub fn amount_in(a: &Amount, lang: Lang) -> String {
    let currency = a.currency.as_deref().unwrap_or_default();
    let figure = size_in(&a.size, lang, |v| money_in(v, currency, lang));
    let undisclosed = match (lang, a.label.is_some()) {
        (Lang::En, false) => "undisclosed",
        (Lang::En, true) => "amount undisclosed",
        (Lang::Fr, false) => "non divulgué",
        (Lang::Fr, true) => "montant non divulgué",
    };
    labelled(a.label.as_deref(), figure, undisclosed)
}

/// What an amount sorts by, honestly: within its currency, by the figure given or the
/// middle of its range (one bound alone stands for it); `None` (sorted last, in either
/// direction) when no figure is disclosed.
pub fn amount_sort_key(a: &Amount) -> Option<(&str, f64)> {
    Some((a.currency.as_deref()?, a.size.sort_key()?))
}

/// The valuation an investment implies, in `lang`: "about $3 billion ($2.5 billion to
/// $3.7 billion)", or the range alone when the inputs are ranges.
pub fn implied_in(v: &Implied, lang: Lang) -> String {
    let money = |n: u64| money_in(n, &v.currency, lang);
    // The range comes from rough inputs: two significant figures say all it knows.
    let range = size_in(
        &Size::Between {
            min: v.low.map(two_figures),
            max: v.high.map(two_figures),
            approximate: false,
        },
        lang,
        money,
    );
    let range = match (v.low, v.high) {
        (Some(lo), Some(hi)) if money(lo) == money(hi) => None,
        _ => range,
    };
    match (v.central, range) {
        (Some(c), Some(range)) => match lang {
            Lang::En => format!("about {} ({range})", money(c)),
            Lang::Fr => format!("environ {} ({range})", money(c)),
        },
        (Some(c), None) => money(c),
        (None, Some(range)) => range,
        (None, None) => String::new(),
    }
}

/// `n` rounded to two significant figures: 2,454,545,455 → 2,500,000,000.
fn two_figures(n: u64) -> u64 {
    let mut scale = 1u64;
    while n / scale >= 100 {
        scale *= 10;
    }
    // Round half up at the last kept figure.
    n.saturating_add(scale / 2) / scale * scale
}

/// The arithmetic behind an implied valuation: "$300 million ÷ about 10%".
pub fn implied_formula_in(amount: &Amount, stake: &Stake, lang: Lang) -> String {
    let currency = amount.currency.as_deref().unwrap_or_default();
    let a = size_in(&amount.size, lang, |v| money_in(v, currency, lang)).unwrap_or_default();
    let s = size_in(&stake.size, lang, |v| percent_in(v, lang)).unwrap_or_default();
    format!("{a} ÷ {s}")
}

/// A percentage in `lang`: "10%", "2,5 %".
fn percent_in(p: f64, lang: Lang) -> String {
    let number = if p.fract() == 0.0 {
        format!("{}", p as u64)
    } else {
        format!("{}", (p * 100.0).round() / 100.0)
    };
    match lang {
        Lang::En => format!("{number}%"),
        Lang::Fr => format!("{}{NARROW_NBSP}%", number.replace('.', ",")),
    }
}

/// A stake in `lang`: "about 10%", "9% to 11%", "a minority stake (about 10%)",
/// "environ 10 %".
pub fn stake_in(s: &Stake, lang: Lang) -> String {
    let figure = size_in(&s.size, lang, |v| percent_in(v, lang));
    let undisclosed = match lang {
        Lang::En => "undisclosed",
        Lang::Fr => "non divulguée",
    };
    labelled(s.label.as_deref(), figure, undisclosed)
}

/// A deal's date in `lang`: a [`date_in`], or part of a year: "late 2022", "fin 2022".
pub fn when_in(w: When, lang: Lang) -> String {
    let Some(part) = w.part else {
        return date_in(w.date, lang);
    };
    let year = w.date.year;
    match (part, lang) {
        (Part::Early, Lang::En) => format!("early {year}"),
        (Part::Mid, Lang::En) => format!("mid-{year}"),
        (Part::Late, Lang::En) => format!("late {year}"),
        (Part::Early, Lang::Fr) => format!("début {year}"),
        (Part::Mid, Lang::Fr) => format!("mi-{year}"),
        (Part::Late, Lang::Fr) => format!("fin {year}"),
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
        stake_in(&s, Lang::En)
    }

    fn usd(size: Size<u64>) -> Amount {
        Amount {
            size,
            currency: Some("USD".into()),
            ..Amount::undisclosed()
        }
    }

    fn pct(size: Size<f64>) -> Stake {
        Stake {
            size,
            label: None,
            status: None,
            sources: Vec::new(),
        }
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
    }

    #[test]
    fn amounts_keep_their_uncertainty() {
        assert_eq!(amount(&usd(Size::About(300_000_000))), "about $300 million");
        let range = Size::Between {
            min: Some(35_000_000_000),
            max: Some(40_000_000_000),
            approximate: false,
        };
        assert_eq!(amount(&usd(range)), "$35 billion to $40 billion");
        let multibillion = Amount {
            label: Some("multibillion".into()),
            ..Amount::undisclosed()
        };
        assert_eq!(amount(&multibillion), "multibillion (amount undisclosed)");
        assert!(!multibillion.is_disclosed());
        let floor = Amount {
            label: Some("multibillion".into()),
            ..usd(Size::Between {
                min: Some(2_000_000_000),
                max: None,
                approximate: false,
            })
        };
        assert_eq!(amount(&floor), "multibillion (at least $2 billion)");
        assert_eq!(amount(&Amount::undisclosed()), "undisclosed");
        // Undisclosed sorts last (no key); ranges by their middle, within a currency.
        assert_eq!(amount_sort_key(&Amount::undisclosed()), None);
        assert_eq!(amount_sort_key(&multibillion), None);
        assert_eq!(
            amount_sort_key(&usd(range)),
            Some(("USD", 37_500_000_000.0))
        );
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
        let late = When {
            date: PartialDate::parse("2022").unwrap(),
            part: Some(Part::Late),
        };
        assert_eq!(when_in(late, Lang::Fr), "fin 2022");
        assert_eq!(when_in(late, Lang::En), "late 2022");
        assert_eq!(
            stake_in(&pct(Size::About(10.0)), Lang::Fr),
            "environ 10\u{202F}%"
        );
        assert_eq!(stake_in(&pct(Size::Exact(2.5)), Lang::Fr), "2,5\u{202F}%");
        let between = |min, max| {
            usd(Size::Between {
                min,
                max,
                approximate: false,
            })
        };
        assert_eq!(
            amount_in(&between(Some(1_000_000_000), None), Lang::Fr),
            "au moins 1 milliard de dollars"
        );
        assert_eq!(
            amount_in(&between(None, Some(2_000_000_000)), Lang::Fr),
            "jusqu'à 2 milliards de dollars"
        );
        assert_eq!(
            amount_in(&between(Some(1_000_000_000), Some(2_000_000_000)), Lang::Fr),
            "de 1 milliard de dollars à 2 milliards de dollars"
        );
        assert_eq!(amount_in(&Amount::undisclosed(), Lang::Fr), "non divulgué");
        let multibillion = Amount {
            label: Some("plusieurs milliards".into()),
            ..Amount::undisclosed()
        };
        assert_eq!(
            amount_in(&multibillion, Lang::Fr),
            "plusieurs milliards (montant non divulgué)"
        );
        let implied = Implied::of(&usd(Size::Exact(300_000_000)), &pct(Size::About(10.0)));
        assert_eq!(
            implied.map(|v| implied_in(&v, Lang::Fr)),
            Some(
                "environ 3 milliards de dollars (de 2,7 milliards de dollars à 3,3 milliards de dollars)"
                    .into()
            )
        );
        assert_eq!(two_figures(2_454_545_455), 2_500_000_000);
        assert_eq!(two_figures(3_666_666_667), 3_700_000_000);
        assert_eq!(two_figures(95), 95);
        assert_eq!(
            two_figures(u64::MAX),
            u64::MAX / 10u64.pow(18) * 10u64.pow(18)
        );
        // English is unchanged through the same functions.
        assert_eq!(money_in(300_000_000, "USD", Lang::En), "$300 million");
        assert_eq!(Lang::from_tag("fr-CA"), Some(Lang::Fr));
        assert_eq!(Lang::from_tag("de"), None);
    }

    #[test]
    fn dates_show_only_the_precision_given() {
        let d = |s| date_in(PartialDate::parse(s).unwrap(), Lang::En);
        assert_eq!(d("2023-01-23"), "23 January 2023");
        assert_eq!(d("2023-02"), "February 2023");
        assert_eq!(d("2021"), "2021");
    }

    #[test]
    fn implied_valuation_is_amount_over_stake_with_the_range_its_inputs_give() {
        let implied = |a, s| Implied::of(&usd(a), &pct(s)).map(|v| implied_in(&v, Lang::En));
        // About 10% is 9–11%: $2.73–3.33 billion.
        assert_eq!(
            implied(Size::Exact(300_000_000), Size::About(10.0)),
            Some("about $3 billion ($2.7 billion to $3.3 billion)".into())
        );
        // Both approximate: both uncertainties count.
        assert_eq!(
            implied(Size::About(300_000_000), Size::About(10.0)),
            Some("about $3 billion ($2.5 billion to $3.7 billion)".into())
        );
        // Exact inputs: one figure.
        assert_eq!(
            implied(Size::Exact(49), Size::Exact(49.0)),
            Some("$100".into())
        );
        // A range for all of a company keeps both bounds.
        let range = Size::Between {
            min: Some(35_000_000_000),
            max: Some(40_000_000_000),
            approximate: false,
        };
        assert_eq!(
            implied(range, Size::Exact(100.0)),
            Some("$35 billion to $40 billion".into())
        );
        assert_eq!(implied(Size::Unknown, Size::About(10.0)), None);
        assert_eq!(implied(Size::Exact(300_000_000), Size::Exact(0.0)), None);
        assert_eq!(
            implied_formula_in(
                &usd(Size::About(300_000_000)),
                &pct(Size::About(10.0)),
                Lang::En
            ),
            "about $300 million ÷ about 10%"
        );
    }

    #[test]
    fn stakes_show_approximation() {
        assert_eq!(stake(pct(Size::About(10.0))), "about 10%");
        assert_eq!(stake(pct(Size::Exact(2.5))), "2.5%");
        let range = Size::Between {
            min: Some(9.0),
            max: Some(11.0),
            approximate: false,
        };
        assert_eq!(stake(pct(range)), "9% to 11%");
    }
}
