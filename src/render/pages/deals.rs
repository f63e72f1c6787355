//! The deal table, `deals/`: every deal in the order announced; past a page of rows,
//! forty a page (`deals/page/2/`…), the whole table still one file away as CSV.

use tera::Context;

use crate::model::Kind;
use crate::render::context::{Cx, root_of};
use crate::render::parts::deals;
use crate::render::producer::{Out, Producer, Stage};

use super::paging;

pub(super) struct Deals;

impl Producer for Deals {
    fn stage(&self) -> Stage {
        Stage::Pages
    }

    fn make(&self, cx: &Cx, out: &Out) {
        let Some((path, _)) = super::collection_meta(cx, Kind::Deal) else {
            return;
        };
        let all = cx.deals();
        let count = paging::page_count(all.len(), paging::DEALS_PER_PAGE);
        let paths: Vec<String> = (1..=count).map(|n| paging::page_path(&path, n)).collect();
        let meta_of = |page: &str| {
            let title = cx.plural_title(Kind::Deal);
            super::listing_meta(cx, title, page, "deals", Some(Kind::Deal))
        };
        super::paged(cx, out, &paths, meta_of, |at, meta, pager| {
            let root = root_of(&meta.path);
            let page = all
                .chunks(paging::DEALS_PER_PAGE)
                .nth(at)
                .unwrap_or_default();
            let rows: Vec<_> = page.iter().map(|d| deals::row(cx, d, &root)).collect();
            let mut extra = Context::new();
            extra.insert("deals", &rows);
            if let Some(pager) = pager {
                extra.insert("pager", &pager);
            }
            cx.page("deals.html", meta, extra, None)
        });
    }
}
