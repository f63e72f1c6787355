//! `search-index/`, per edition: the search index in shards, from every entry page's
//! record but drafts', in entry order (see `render::search::index`).

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
        let files = out.with_entry_pages(|pages| {
            // A draft, in a build with --drafts, is not found by searching.
            let records: Vec<&search::Indexed> = pages
                .iter()
                .filter(|page| !cx.entry(page.id).doc.front.common().draft)
                .map(|page| &page.search)
                .collect();
            search::index(&records)
        });
        for (name, bytes) in files {
            out.emit(file(format!("{}{name}", folder(cx)), bytes));
        }
    }

    /// The whole folder: its files depend on the content.
    fn files(&self, cx: &Cx) -> Vec<String> {
        vec![folder(cx)]
    }
}

fn folder(cx: &Cx) -> String {
    format!("{}search-index/", cx.prefix())
}
