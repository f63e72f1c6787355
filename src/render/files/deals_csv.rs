//! `data/deals.csv`: the deal table.

use super::file;
use crate::format;
use crate::model::{Amount, Front, Kind, PartialDate, slugs_of};
use crate::render::context::Cx;
use crate::render::producer::{Out, Producer, Stage};
use crate::resolve::Entry;

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

/// `data/deals.csv`: one row per deal, the deal table's columns, RFC 4180.
fn csv_export(cx: &Cx) -> Vec<u8> {
    let mut writer = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(Vec::new());
    let header = [
        "slug",
        "title",
        "investors",
        "recipient",
        "announced",
        "amount",
        "amount_min",
        "amount_max",
        "currency",
        "amount_label",
        "amount_disclosed",
        "stake_percent",
        "stake_approximate",
        "implied_valuation",
        "cloud_provider",
        "cloud_service",
        "cloud_exclusive",
        "status",
        "sources",
        "url",
    ];
    let _ = writer.write_record(header);
    let mut deals: Vec<&Entry> = cx.of_kind(Kind::Deal).map(|id| cx.entry(id)).collect();
    deals.sort_by_key(|e| match &e.doc.front {
        Front::Deal(d) => (d.announced, e.slug().to_owned()),
        _ => (
            PartialDate {
                year: 0,
                month: None,
                day: None,
            },
            String::new(),
        ),
    });
    for e in deals {
        let Front::Deal(d) = &e.doc.front else {
            continue;
        };
        let (value, min, max, currency, label) = match &d.amount {
            Some(Amount::Exact { value, currency }) => {
                (Some(*value), None, None, currency.as_str(), None)
            }
            Some(Amount::Range {
                min,
                max,
                currency,
                label,
            }) => (None, *min, *max, currency.as_str(), label.as_deref()),
            _ => (None, None, None, "", None),
        };
        let number = |n: Option<u64>| n.map(|n| n.to_string()).unwrap_or_default();
        let valuation = d
            .amount
            .as_ref()
            .zip(d.stake)
            .and_then(|(a, s)| format::implied_valuation(a, s))
            .map(|(_, v)| v.to_string())
            .unwrap_or_default();
        let investors: Vec<String> = slugs_of(&d.investor)
            .iter()
            .map(|s| s.get_ref().clone())
            .collect();
        let sources: Vec<&str> = d
            .common()
            .sources
            .iter()
            .map(|s| s.get_ref().as_str())
            .collect();
        let record = [
            cell(e.slug()),
            cell(&e.name),
            cell(&investors.join(";")),
            cell(d.recipient.get_ref()),
            d.announced.to_string(),
            number(value),
            number(min),
            number(max),
            currency.to_owned(),
            cell(label.unwrap_or_default()),
            matches!(d.amount, Some(Amount::Exact { .. } | Amount::Range { .. })).to_string(),
            d.stake.map(|s| s.percent.to_string()).unwrap_or_default(),
            d.stake
                .map(|s| s.approximate.to_string())
                .unwrap_or_default(),
            valuation,
            d.cloud
                .as_ref()
                .map(|c| cell(c.provider.get_ref()))
                .unwrap_or_default(),
            d.cloud
                .as_ref()
                .and_then(|c| c.service.as_deref())
                .map(cell)
                .unwrap_or_default(),
            d.cloud
                .as_ref()
                .map(|c| c.exclusive.to_string())
                .unwrap_or_default(),
            d.status
                .as_ref()
                .map(|s| s.get_ref().as_str().to_owned())
                .unwrap_or_default(),
            cell(&sources.join(";")),
            format!("{}{}", cx.config().base_url, e.path),
        ];
        let _ = writer.write_record(record);
    }
    writer.into_inner().unwrap_or_default()
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
