//! `sitemap.xml`: every page of every edition but the search pages, the 404 page and
//! drafts (built with --drafts). Redirect pages are files, not pages: never listed.

use super::{file, xml};
use crate::model::PartialDate;
use crate::render::context::Cx;
use crate::render::producer::{Out, Producer, Stage};

pub(super) struct Sitemap;

impl Producer for Sitemap {
    fn stage(&self) -> Stage {
        Stage::Site
    }

    fn make(&self, cx: &Cx, out: &Out) {
        let search_pages: Vec<String> = cx
            .editions()
            .map(|(edition, _)| format!("{}search/index.html", edition.prefix))
            .collect();
        // Drafts (in a build with --drafts, a preview) are for no search engine: their
        // pages in every edition.
        let drafts: Vec<String> = cx
            .entry_ids()
            .filter(|&id| cx.entry(id).doc.front.common().draft)
            .flat_map(|id| {
                let path = &cx.entry(id).path;
                cx.editions()
                    .map(move |(edition, _)| format!("{}{path}index.html", edition.prefix))
            })
            .collect();
        let mut listed: Vec<String> = out
            .pages()
            .iter()
            .filter(|p| *p != "404.html" && !search_pages.contains(p) && !drafts.contains(p))
            .cloned()
            .collect();
        // The home page first, then by path.
        listed.sort_by(|a, b| (a != "index.html", a).cmp(&(b != "index.html", b)));
        out.emit(file(
            "sitemap.xml".to_owned(),
            sitemap(cx, &listed).into_bytes(),
        ));
    }

    fn files(&self, _cx: &Cx) -> Vec<String> {
        vec!["sitemap.xml".to_owned()]
    }
}

/// `sitemap.xml` of `pages`, with each page's last change when known, and its
/// address in every language.
fn sitemap(cx: &Cx, pages: &[String]) -> String {
    let several = cx.editions().len() > 1;
    let mut out = String::from(if several {
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\" xmlns:xhtml=\"http://www.w3.org/1999/xhtml\">\n"
    } else {
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n"
    });
    let updated: std::collections::HashMap<&str, PartialDate> = cx
        .entry_ids()
        .filter_map(|id| {
            let e = cx.entry(id);
            Some((e.path.as_str(), e.doc.front.common().updated?))
        })
        .collect();
    let base = &cx.config().base_url;
    for page in pages {
        let path = page.strip_suffix("index.html").unwrap_or(page);
        // The page's path within its edition: the same in every language.
        let own = cx
            .editions()
            .skip(1)
            .find_map(|(edition, _)| path.strip_prefix(edition.prefix.as_str()))
            .unwrap_or(path);
        out.push_str(&format!(
            "  <url><loc>{}</loc>",
            xml(&format!("{base}{path}"))
        ));
        let updated = updated.get(own).copied();
        if let Some(updated) = updated.filter(|d| d.day.is_some()) {
            // ISO 8601, as precise as the date.
            out.push_str(&format!("<lastmod>{updated}</lastmod>"));
        }
        if several {
            for (edition, _) in cx.editions() {
                out.push_str(&format!(
                    "<xhtml:link rel=\"alternate\" hreflang=\"{}\" href=\"{}\"/>",
                    xml(&edition.code),
                    xml(&format!("{base}{}{own}", edition.prefix))
                ));
            }
        }
        out.push_str("</url>\n");
    }
    out.push_str("</urlset>\n");
    out
}
