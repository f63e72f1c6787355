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
        let by_date = Order {
            base: &path,
            text: "deals_order_date",
            title: cx.plural_title(Kind::Deal),
            column: "date",
        };
        if paging::page_count(all.len(), paging::DEALS_PER_PAGE) == 1 {
            table(cx, out, &all, &[by_date], 0);
            return;
        }
        let base = format!("{path}{BY_AMOUNT}");
        let by_amount = Order {
            base: &base,
            text: "deals_order_amount",
            title: cx.t("deals_by_amount"),
            column: "amount",
        };
        let orders = [by_date, by_amount];
        table(cx, out, &all, &orders, 0);
        table(cx, out, &largest_first(&all), &orders, 1);
    }
}

/// One order the deal table is made in, when it is split into pages.
struct Order<'a> {
    /// Where its first page is.
    base: &'a str,
    /// The key of its name in the list of orders.
    text: &'static str,
    /// The title of its pages.
    title: &'a str,
    /// The column it is sorted by, for the table's `aria-sort`.
    column: &'static str,
}

/// The table of `rows` in `orders[at]`, at its base and the pages after it. With one
/// order only, the table is on one page, and sorted in the browser.
fn table(cx: &Cx, out: &Out, rows: &[&Deal], orders: &[Order], at: usize) {
    let order = &orders[at];
    let count = paging::page_count(rows.len(), paging::DEALS_PER_PAGE);
    let paths: Vec<String> = (1..=count)
        .map(|n| paging::page_path(order.base, n))
        .collect();
    let meta_of =
        |page: &str| super::listing_meta(cx, order.title, page, "deals", Some(Kind::Deal));
    super::paged(cx, out, &paths, meta_of, |page_at, meta, pager| {
        let root = root_of(&meta.path);
        let page = rows
            .chunks(paging::DEALS_PER_PAGE)
            .nth(page_at)
            .unwrap_or_default();
        let rows: Vec<_> = page.iter().map(|d| deals::row(cx, d, &root)).collect();
        let mut extra = Context::new();
        extra.insert("deals", &rows);
        if let Some(pager) = pager {
            extra.insert("pager", &pager);
        }
        // Always set: a table with no orders to choose sorts in the browser.
        let links: Vec<PageLink> = if orders.len() > 1 {
            orders
                .iter()
                .enumerate()
                .map(|(i, o)| PageLink {
                    text: cx.t(o.text).to_owned(),
                    href: format!("{root}{}", o.base),
                    current: i == at,
                    gap: false,
                })
                .collect()
        } else {
            Vec::new()
        };
        extra.insert("orders", &links);
        extra.insert(
            "sorted_by",
            if links.is_empty() { "" } else { order.column },
        );
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
