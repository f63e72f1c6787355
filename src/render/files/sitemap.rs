//! `sitemap.xml`: every page of every edition but the search pages and the 404 page.

use super::file;
use crate::render::context::Cx;
use crate::render::producer::{Out, Producer, Stage};

pub(super) struct Sitemap;

impl Producer for Sitemap {
    fn stage(&self) -> Stage {
        Stage::Site
    }

    fn make(&self, cx: &Cx, out: &Out) {
        let search_pages: Vec<String> = cx
            .editions
            .iter()
            .map(|s| format!("{}search/index.html", s.edition.prefix))
            .collect();
        let mut listed: Vec<String> = out
            .pages()
            .iter()
            .filter(|p| *p != "404.html" && !search_pages.contains(p))
            .cloned()
            .collect();
        // The home page first, then by path.
        listed.sort_by(|a, b| (a != "index.html", a).cmp(&(b != "index.html", b)));
        out.emit(file(
            "sitemap.xml".to_owned(),
            cx.sitemap(&listed).into_bytes(),
        ));
    }

    fn files(&self, _cx: &Cx) -> Vec<String> {
        vec!["sitemap.xml".to_owned()]
    }
}
