//! The entry pages: one per entry but the home page (whose text the home page shows),
//! the article's with `article.html`, the others' with `entry.html`. Each records the
//! entries it reads (`deps`), which tells `serve` what an edit affects, and makes its
//! record for the search index.

use rayon::prelude::*;
use tera::Context;

use crate::model::Kind;
use crate::render::context::{Cx, has_code, root_of};
use crate::render::producer::{Out, Producer, Stage};
use crate::render::{EntryPage, deps, publish, search};
use crate::resolve::EntryId;

pub(super) struct Entries;

impl Producer for Entries {
    fn stage(&self) -> Stage {
        Stage::Entries
    }

    fn make(&self, cx: &Cx, out: &Out) {
        let pages = out
            .entries()
            .par_iter()
            .map(|&id| {
                let ((path, search), reads) = deps::recording(|| page(cx, id, out));
                EntryPage {
                    id,
                    path,
                    reads,
                    search,
                }
            })
            .collect();
        out.rendered(pages);
    }
}

/// Renders the page of the entry `id` and hands it to `out`; returns its path (`None`
/// if its template failed) and its search record.
fn page(cx: &Cx, id: EntryId, out: &Out) -> (Option<String>, search::Indexed) {
    let entry = cx.entry(id);
    let root = root_of(&entry.path);
    let view = cx.entry_view(id, &root);
    let mut extra = Context::new();
    extra.insert("entry", &view);
    let section = match entry.kind() {
        Kind::Article => "article",
        kind => kind.folder().unwrap_or_default(),
    };
    let template = if entry.kind() == Kind::Article {
        "article.html"
    } else {
        "entry.html"
    };
    let mut meta = cx.meta(
        entry.name.clone(),
        view.summary.clone(),
        &entry.path,
        section,
    );
    meta.content_lang = entry.lang.clone();
    let (og_type, jsonld) = cx.entry_jsonld(id);
    meta.og_type = og_type;
    // Entry pages show their front matter highlighted; the article, only what its
    // body holds.
    meta.code = entry.kind() != Kind::Article || has_code(&view.body);
    meta.jsonld = publish::script_json(&jsonld);
    let doc = search::index_doc(&search::SearchDoc {
        path: &entry.path,
        title: &entry.name,
        kind: cx.singular(entry.kind()),
        summary: view.summary.as_deref(),
        aliases: &view.aliases,
        body_html: &view.body,
    });
    let page = cx.page(template, meta, extra, Some(entry.doc.body_file));
    let path = page.as_ref().map(|page| page.path.clone());
    out.page(page);
    (path, doc)
}
