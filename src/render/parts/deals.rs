//! Deals as rows of the deal tables (the deal page, the home page, entry pages, the
//! print edition) and behind the graphs' deal labels: the model's deals
//! (`resolve::derive::deals`) written for a page.

use crate::format;
use crate::model::Status;
use crate::render::context::Cx;
use crate::render::views::DealRow;
use crate::resolve::Deal;

/// A deal as a row of the deal tables, for a page at `root`.
pub(in crate::render) fn row(cx: &Cx, deal: &Deal, root: &str) -> DealRow {
    let entry = &cx.entry(deal.id);
    let lang = cx.lang();
    let (cloud, cloud_note) = match &deal.cloud {
        Some(c) => {
            let mut note = c.service.clone().unwrap_or_default();
            if c.exclusive {
                let exclusive = cx.t("cloud_exclusive");
                note = if note.is_empty() {
                    exclusive.to_owned()
                } else {
                    format!("{note}, {exclusive}")
                };
            }
            (c.provider.map(|id| cx.link(id, root)), note)
        }
        None => (None, String::new()),
    };
    let valuation = deal
        .amount
        .as_ref()
        .zip(deal.stake)
        .and_then(|(amount, stake)| format::implied_valuation_in(amount, stake, lang));
    DealRow {
        title: entry.name.clone(),
        href: cx.href(deal.id, root),
        investors: deal.investors.iter().map(|&id| cx.link(id, root)).collect(),
        recipient: deal.recipient.map(|id| cx.link(id, root)),
        announced: format::date_in(deal.announced, lang),
        announced_iso: deal.announced.to_string(),
        amount: deal
            .amount
            .as_ref()
            .map(|a| format::amount_in(a, lang))
            .unwrap_or_default(),
        amount_sort: deal.amount.as_ref().map_or(0, format::amount_sort_key),
        disclosed: deal.disclosed(),
        stake: deal
            .stake
            .map(|s| format::stake_in(s, lang))
            .unwrap_or_default(),
        stake_sort: deal.stake.map_or(0.0, |s| s.percent),
        valuation: valuation.as_ref().map(|v| v.0.clone()).unwrap_or_default(),
        valuation_sort: valuation.map_or(0, |v| v.1),
        cloud,
        cloud_note,
        status: deal.status.map(Status::as_str),
        sources: cx.source_links(&deal.sources, root),
    }
}

/// Every deal as a row, in the order announced.
pub(in crate::render) fn rows(cx: &Cx, root: &str) -> Vec<DealRow> {
    cx.deals().iter().map(|deal| row(cx, deal, root)).collect()
}
