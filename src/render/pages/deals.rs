//! The deal table, `deals/`: every deal in the order announced. Past a page of rows
//! it is split, forty a page (`deals/page/2/`…), and a second order is made on the
//! server, largest amount first (`deals/sorted/amount/`, `…/page/2/`…): sorting in
//! the browser would sort one page only. The whole table is still one file away as
//! CSV.

use std::cmp::Ordering;

use tera::Context;

use crate::format;
use crate::model::Kind;
use crate::render::context::{Cx, root_of};
use crate::render::parts::deals;
use crate::render::producer::{Out, Producer, Stage};
use crate::render::views::PageLink;
use crate::resolve::Deal;

use super::paging;

pub(super) struct Deals;

/// Where the table sorted by amount starts, below `deals/`: two levels down, so that
/// no deal's page (`deals/<slug>/`) can take its place.
const BY_AMOUNT: &str = "sorted/amount/";

impl Producer for Deals {
    fn stage(&self) -> Stage {
        Stage::Pages
    }

    fn make(&self, cx: &Cx, out: &Out) {
        let Some((path, _)) = super::collection_meta(cx, Kind::Deal) else {
            return;
        };
        let all: Vec<&Deal> = cx.deals().iter().collect();
        if paging::page_count(all.len(), paging::DEALS_PER_PAGE) == 1 {
            table(cx, out, &path, cx.plural_title(Kind::Deal), &all, None, "");
            return;
        }
        let by_amount = format!("{path}{BY_AMOUNT}");
        let orders = [
            (
                path.as_str(),
                "deals_order_date",
                cx.plural_title(Kind::Deal),
                "date",
            ),
            (
                &by_amount,
                "deals_order_amount",
                cx.t("deals_by_amount"),
                "amount",
            ),
        ];
        for (at, &(base, _, title, column)) in orders.iter().enumerate() {
            let order = |root: &str| -> Vec<PageLink> {
                orders
                    .iter()
                    .enumerate()
                    .map(|(i, &(base, text, _, _))| PageLink {
                        text: cx.t(text).to_owned(),
                        href: format!("{root}{base}"),
                        current: i == at,
                        gap: false,
                    })
                    .collect()
            };
            let rows = if at == 0 {
                all.clone()
            } else {
                largest_first(&all)
            };
            table(cx, out, base, title, &rows, Some(&order), column);
        }
    }
}

/// The table of `rows` at `base` and the pages after it, with links to each order
/// of the table (from a page's root) when there are several, and the column it is
/// sorted by (`date`, `amount`; empty when the browser sorts it).
fn table(
    cx: &Cx,
    out: &Out,
    base: &str,
    title: &str,
    rows: &[&Deal],
    orders: Option<&dyn Fn(&str) -> Vec<PageLink>>,
    sorted_by: &str,
) {
    let count = paging::page_count(rows.len(), paging::DEALS_PER_PAGE);
    let paths: Vec<String> = (1..=count).map(|n| paging::page_path(base, n)).collect();
    let meta_of = |page: &str| super::listing_meta(cx, title, page, "deals", Some(Kind::Deal));
    super::paged(cx, out, &paths, meta_of, |at, meta, pager| {
        let root = root_of(&meta.path);
        let page = rows
            .chunks(paging::DEALS_PER_PAGE)
            .nth(at)
            .unwrap_or_default();
        let rows: Vec<_> = page.iter().map(|d| deals::row(cx, d, &root)).collect();
        let mut extra = Context::new();
        extra.insert("deals", &rows);
        if let Some(pager) = pager {
            extra.insert("pager", &pager);
        }
        // Always set: a table with no orders to choose sorts in the browser.
        extra.insert("orders", &orders.map(|o| o(&root)).unwrap_or_default());
        extra.insert("sorted_by", sorted_by);
        cx.page("deals.html", meta, extra, None)
    });
}

/// The deals by amount, largest first, as the table's sort buttons order them:
/// amounts in one currency together (currencies A to Z), deals without an amount
/// last, ties in the order announced.
fn largest_first<'d>(deals: &[&'d Deal]) -> Vec<&'d Deal> {
    fn key(d: &Deal) -> Option<(&str, f64)> {
        d.amount
            .as_ref()
            .and_then(|a| format::amount_sort_key(&a.value))
    }
    let mut sorted = deals.to_vec();
    sorted.sort_by(|a, b| match (key(a), key(b)) {
        (Some((ca, va)), Some((cb, vb))) => ca
            .cmp(cb)
            .then(vb.partial_cmp(&va).unwrap_or(Ordering::Equal)),
        (Some(_), None) => Ordering::Less,
        (None, Some(_)) => Ordering::Greater,
        (None, None) => Ordering::Equal,
    });
    sorted
}
