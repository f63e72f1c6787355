//! The deal table, `deals/`: every deal in the order announced.

use tera::Context;

use crate::model::Kind;
use crate::render::context::{Cx, root_of};
use crate::render::parts::{deals, jsonld};
use crate::render::producer::{Out, Producer, Stage};

pub(super) struct Deals;

impl Producer for Deals {
    fn stage(&self) -> Stage {
        Stage::Pages
    }

    fn make(&self, cx: &Cx, out: &Out) {
        let kind = Kind::Deal;
        if cx.of_kind(kind).next().is_none() {
            return;
        }
        let folder = kind.folder().unwrap_or_default();
        let path = format!("{}{folder}/", cx.prefix());
        let title = cx.plural_title(kind);
        let mut meta = cx.meta(title.to_owned(), None, &path, folder);
        meta.jsonld = jsonld::script(&jsonld::collection(cx, title, &path, Some(kind)));
        let mut extra = Context::new();
        extra.insert("deals", &deals::rows(cx, &root_of(&path)));
        out.page(cx.page("deals.html", meta, extra, None));
    }
}
