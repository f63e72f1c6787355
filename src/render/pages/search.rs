//! The search page, `search/`: the script (`static/dossier.js`) fills it from the
//! search index.

use tera::Context;

use crate::render::context::Cx;
use crate::render::producer::{Out, Producer, Stage};
use crate::render::publish;

pub(super) struct Search;

impl Producer for Search {
    fn stage(&self) -> Stage {
        Stage::Pages
    }

    fn make(&self, cx: &Cx, out: &Out) {
        let path = format!("{}search/", cx.prefix());
        let title = cx.t("title_search");
        let mut meta = cx.meta(title.to_owned(), None, &path, "search");
        meta.jsonld = publish::script_json(&cx.collection_jsonld(title, &path, None));
        out.page(cx.page("search.html", meta, Context::new(), None));
    }
}
