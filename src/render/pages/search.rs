//! The search page, `search/`: the script (`static/dossier.js`) fills it from the
//! search index.

use tera::Context;

use crate::render::context::Cx;

use crate::render::producer::{Out, Producer, Stage};

pub(super) struct Search;

impl Producer for Search {
    fn stage(&self) -> Stage {
        Stage::Pages
    }

    fn make(&self, cx: &Cx, out: &Out) {
        let path = format!("{}search/", cx.prefix());
        let meta = super::listing_meta(cx, cx.t("title_search"), &path, "search", None);
        out.page(cx.page("search.html", meta, Context::new(), None));
    }
}
