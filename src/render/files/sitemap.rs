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
        let (head, urls) = sitemap(cx, &listed);
        let mut parts = split(&head, urls, MAX_URLS, MAX_BYTES);
        if parts.len() == 1 {
            out.emit(file("sitemap.xml".to_owned(), parts.remove(0).into_bytes()));
            return;
        }
        let base = &cx.config().base_url;
        let mut index = String::from(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
        );
        for (n, part) in parts.into_iter().enumerate() {
            let path = format!("sitemaps/{}.xml", n + 1);
            index.push_str(&format!(
                "  <sitemap><loc>{}</loc></sitemap>\n",
                xml(&format!("{base}{path}"))
            ));
            out.emit(file(path, part.into_bytes()));
        }
        index.push_str("</sitemapindex>\n");
        out.emit(file("sitemap.xml".to_owned(), index.into_bytes()));
    }

    fn files(&self, _cx: &Cx) -> Vec<String> {
        vec!["sitemap.xml".to_owned(), "sitemaps/".to_owned()]
    }
}

/// The sitemap protocol's limits for one file: addresses, and bytes (50 MB; a little
/// under, for the closing tag).
const MAX_URLS: usize = 50_000;
const MAX_BYTES: usize = 50 * 1000 * 1000 - 1024;

/// The sitemaps of `urls` under `head`: one, or as many as the limits ask for, each
/// with at most `max_urls` addresses and `max_bytes` bytes.
fn split(head: &str, urls: Vec<String>, max_urls: usize, max_bytes: usize) -> Vec<String> {
    let mut parts = Vec::new();
    let mut part = head.to_owned();
    let mut count = 0;
    for url in urls {
        if count > 0 && (count == max_urls || part.len() + url.len() > max_bytes) {
            part.push_str("</urlset>\n");
            parts.push(std::mem::replace(&mut part, head.to_owned()));
            count = 0;
        }
        part.push_str(&url);
        count += 1;
    }
    part.push_str("</urlset>\n");
    parts.push(part);
    parts
}

/// The sitemap of `pages`, with each page's last change when known, and its address
/// in every language: its opening, and each page's `<url>`.
fn sitemap(cx: &Cx, pages: &[String]) -> (String, Vec<String>) {
    let several = cx.editions().len() > 1;
    let head = String::from(if several {
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
    let mut urls = Vec::with_capacity(pages.len());
    for page in pages {
        let mut out = String::new();
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
        urls.push(out);
    }
    (head, urls)
}

#[cfg(test)]
mod tests {
    use super::split;

    #[test]
    fn a_sitemap_is_split_at_the_protocols_limits() {
        let urls = |n: usize| -> Vec<String> {
            (0..n)
                .map(|i| format!("  <url><loc>https://e.test/{i:03}/</loc></url>\n"))
                .collect()
        };
        let one = split("<urlset>\n", urls(3), 3, 10_000);
        assert_eq!(one.len(), 1);
        assert!(one[0].ends_with("</urlset>\n") && one[0].matches("<url>").count() == 3);
        // By count: 7 addresses, 3 a file.
        let parts = split("<urlset>\n", urls(7), 3, 10_000);
        let counts: Vec<usize> = parts.iter().map(|p| p.matches("<url>").count()).collect();
        assert_eq!(counts, [3, 3, 1]);
        assert!(
            parts
                .iter()
                .all(|p| p.starts_with("<urlset>\n") && p.ends_with("</urlset>\n"))
        );
        // By size: each address is 45 bytes; 100 bytes hold the opening and two.
        let parts = split("<urlset>\n", urls(5), 50_000, 100);
        let counts: Vec<usize> = parts.iter().map(|p| p.matches("<url>").count()).collect();
        assert_eq!(counts, [2, 2, 1]);
        // Nothing lost, nothing twice, in order.
        let all: String = parts.concat();
        for (i, url) in urls(5).iter().enumerate() {
            assert_eq!(all.matches(url.as_str()).count(), 1, "{i}");
        }
    }
}
