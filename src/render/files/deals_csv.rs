//! `data/deals.csv`: the deal table.

use super::file;
use crate::model::{DateRole, DealRole, Front, Number, Size};
use crate::render::context::Cx;
use crate::render::producer::{Out, Producer, Stage};
use crate::resolve::{Cited, EntryId};

pub(super) struct DealsCsv;

impl Producer for DealsCsv {
    fn stage(&self) -> Stage {
        Stage::Site
    }

    fn make(&self, cx: &Cx, out: &Out) {
        out.emit(file("data/deals.csv".to_owned(), csv_export(cx)));
    }

    fn files(&self, _cx: &Cx) -> Vec<String> {
        vec!["data/deals.csv".to_owned()]
    }
}

/// A spreadsheet runs a cell that starts with `=`, `+`, `-` or `@` as a formula: such
/// text is written with a leading `'`, which spreadsheets show as text.
fn cell(text: &str) -> String {
    if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{text}")
    } else {
        text.to_owned()
    }
}

/// `data/deals.csv`: one row per deal, in the deal table's order (by event date, then
/// title), RFC 4180. docs/data.md describes every column.
fn csv_export(cx: &Cx) -> Vec<u8> {
    let mut writer = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(Vec::new());
    let header = [
        "slug",
        "title",
        "kind",
        "from",
        "to",
        "sellers",
        "event_date",
        "event_date_kind",
        "event_date_precision",
        "made",
        "announced",
        "first_disclosed",
        "first_reported",
        "first_reported_sources",
        "outcome",
        "outcome_date",
        "amount",
        "amount_min",
        "amount_max",
        "amount_approximate",
        "currency",
        "amount_label",
        "amount_disclosed",
        "amount_status",
        "stake_percent",
        "stake_min",
        "stake_max",
        "stake_approximate",
        "implied_valuation",
        "implied_valuation_min",
        "implied_valuation_max",
        "implied_valuation_derived",
        "compute",
        "status",
        "sources",
        "url",
    ];
    let _ = writer.write_record(header);
    for d in cx.deals() {
        let e = cx.entry(d.id);
        let Front::Deal(front) = &e.doc.front else {
            continue;
        };
        let number = |n: Option<f64>| n.map(|n| n.to_string()).unwrap_or_default();
        let whole = |n: Option<u64>| n.map(|n| n.to_string()).unwrap_or_default();
        let slugs = |ids: &[EntryId]| {
            ids.iter()
                .map(|&id| cx.entry(id).slug())
                .collect::<Vec<_>>()
                .join(";")
        };
        let cited_slugs =
            |_: &Cx, cited: &[Cited]| slugs(&cited.iter().map(|c| c.id).collect::<Vec<_>>());
        let (from, to) = d.sides();
        let date_of = |role: DateRole| {
            d.dates
                .iter()
                .find(|x| x.value.0 == role)
                .map(|x| x.value.1.to_string())
                .unwrap_or_default()
        };
        let reported_sources = d
            .dates
            .iter()
            .find(|x| x.value.0 == DateRole::FirstReported)
            .map(|x| cited_slugs(cx, &x.sources))
            .unwrap_or_default();
        let amount = front.amount.as_ref();
        let (value, min, max) = figures(amount.map(|a| a.size));
        let stake = front.stake.as_ref();
        let (s_value, s_min, s_max) = figures(stake.map(|s| s.size));
        let event = d.event();
        let implied = d.implied.as_ref();
        let compute: Vec<String> = d
            .compute
            .iter()
            .map(|c| {
                let t = &c.value;
                let mut words = vec![
                    t.provider
                        .map(|id| cx.entry(id).slug().to_owned())
                        .unwrap_or_default(),
                ];
                words.extend(t.service.clone());
                words.extend(t.role.map(|r| r.as_str().to_owned()));
                words.extend(t.obligation.as_ref().map(|o| format!("must {o}")));
                words.extend(c.status.map(|s| format!("({})", s.as_str())));
                words.join(" ")
            })
            .collect();
        let record = [
            cell(e.slug()),
            cell(&e.name),
            d.kind.as_str().to_owned(),
            slugs(&from),
            slugs(&to),
            slugs(d.in_role(DealRole::Seller)),
            event.map(|(_, w)| w.iso()).unwrap_or_default(),
            event.map(|(r, _)| r.key().to_owned()).unwrap_or_default(),
            event
                .map(|(_, w)| w.precision().to_owned())
                .unwrap_or_default(),
            date_of(DateRole::Made),
            date_of(DateRole::Announced),
            date_of(DateRole::FirstDisclosed),
            date_of(DateRole::FirstReported),
            reported_sources,
            d.outcome
                .as_ref()
                .map(|o| o.value.0.as_str().to_owned())
                .unwrap_or_default(),
            d.outcome
                .as_ref()
                .and_then(|o| o.value.1)
                .map(|w| w.to_string())
                .unwrap_or_default(),
            number(value),
            number(min),
            number(max),
            amount
                .map(|a| a.size.is_approximate().to_string())
                .unwrap_or_default(),
            amount.and_then(|a| a.currency.clone()).unwrap_or_default(),
            cell(amount.and_then(|a| a.label.as_deref()).unwrap_or_default()),
            amount.is_some_and(|a| a.is_disclosed()).to_string(),
            d.amount
                .as_ref()
                .and_then(|a| a.status)
                .or(d.status)
                .map(|s| s.as_str().to_owned())
                .unwrap_or_default(),
            number(s_value),
            number(s_min),
            number(s_max),
            stake
                .map(|s| s.size.is_approximate().to_string())
                .unwrap_or_default(),
            whole(implied.and_then(|v| v.central)),
            whole(implied.and_then(|v| v.low)),
            whole(implied.and_then(|v| v.high)),
            if implied.is_some() {
                "true".to_owned()
            } else {
                String::new()
            },
            cell(&compute.join("; ")),
            d.status.map(|s| s.as_str().to_owned()).unwrap_or_default(),
            cell(&cited_slugs(cx, &d.sources)),
            format!("{}{}", cx.config().base_url, e.path),
        ];
        let _ = writer.write_record(record);
    }
    writer.into_inner().unwrap_or_default()
}

/// A value's figures as numbers: (the one figure, the lower bound, the upper bound).
fn figures<T: Number>(size: Option<Size<T>>) -> (Option<f64>, Option<f64>, Option<f64>) {
    match size {
        Some(Size::Exact(v) | Size::About(v)) => (Some(v.to_f64()), None, None),
        Some(Size::Between { min, max, .. }) => {
            (None, min.map(Number::to_f64), max.map(Number::to_f64))
        }
        Some(Size::Unknown) | None => (None, None, None),
    }
}

#[cfg(test)]
mod tests {
    use super::cell;

    #[test]
    fn formula_cells_are_neutralised() {
        assert_eq!(cell("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
        assert_eq!(cell("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(cell("Google"), "Google");
    }
}
