//! `404.html`, the page GitHub Pages serves for any missing path, at any depth: its
//! links start from the site's absolute path instead of a relative prefix. There is
//! one, in the default language.

use tera::Context;

use crate::render::context::Cx;
use crate::render::producer::{Out, Producer, Stage};

pub(super) struct NotFound;

impl Producer for NotFound {
    fn stage(&self) -> Stage {
        Stage::Pages
    }

    fn make(&self, cx: &Cx, out: &Out) {
        if !cx.prefix().is_empty() {
            return;
        }
        let mut meta = cx.meta(cx.t("title_not_found").to_owned(), None, "404.html", "");
        meta.root = cx.config().base_url.path().to_owned();
        out.page(cx.page("404.html", meta, Context::new(), None));
    }
}
