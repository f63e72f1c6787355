//! `search-index.json`, per edition: every entry page's record but drafts', in entry
//! order.

use super::file;
use crate::render::context::Cx;
use crate::render::producer::{Out, Producer, Stage};
use crate::render::search;

pub(super) struct SearchIndex;

impl Producer for SearchIndex {
    fn stage(&self) -> Stage {
        Stage::Edition
    }

    fn make(&self, cx: &Cx, out: &Out) {
        let index = out.with_entry_pages(|pages| {
            // A draft, in a build with --drafts, is not found by searching.
            let records: Vec<&search::Indexed> = pages
                .iter()
                .filter(|page| !cx.entry(page.id).doc.front.common().draft)
                .map(|page| &page.search)
                .collect();
            search::index(&records)
        });
        out.emit(file(path(cx), index.into_bytes()));
    }

    fn files(&self, cx: &Cx) -> Vec<String> {
        vec![path(cx)]
    }
}

fn path(cx: &Cx) -> String {
    format!("{}search-index.json", cx.prefix())
}
