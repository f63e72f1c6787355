//! The collection pages (`companies/`, `people/`, `products/`, `sources/`,
//! `notes/`): a card per entry. Deals and the glossary have pages of their own.

use tera::Context;

use crate::model::Kind;
use crate::render::context::{Cx, root_of};
use crate::render::producer::{Out, Producer, Stage};
use crate::render::publish;

pub(super) struct Collections;

impl Producer for Collections {
    fn stage(&self) -> Stage {
        Stage::Pages
    }

    fn make(&self, cx: &Cx, out: &Out) {
        for kind in Kind::COLLECTIONS {
            if matches!(kind, Kind::Deal | Kind::Term) || cx.site.of_kind(kind).next().is_none() {
                continue;
            }
            let folder = kind.folder().unwrap_or_default();
            let path = format!("{}{folder}/", cx.prefix());
            let title = cx.plural_title(kind);
            let mut meta = cx.meta(title.to_owned(), None, &path, folder);
            meta.jsonld = publish::script_json(&cx.collection_jsonld(title, &path, Some(kind)));
            let mut extra = Context::new();
            extra.insert("kind", kind.singular());
            extra.insert("entries", &cx.cards(kind, &root_of(&path)));
            out.page(cx.page("collection.html", meta, extra, None));
        }
    }
}
