//! The glossary, `glossary/`: every term with its definition, by letter.

use tera::Context;

use crate::model::Kind;
use crate::render::context::{Cx, root_of};
use crate::render::producer::{Out, Producer, Stage};
use crate::render::publish;

pub(super) struct Glossary;

impl Producer for Glossary {
    fn stage(&self) -> Stage {
        Stage::Pages
    }

    fn make(&self, cx: &Cx, out: &Out) {
        let kind = Kind::Term;
        if cx.site.of_kind(kind).next().is_none() {
            return;
        }
        let folder = kind.folder().unwrap_or_default();
        let path = format!("{}{folder}/", cx.prefix());
        let title = cx.plural_title(kind);
        let mut meta = cx.meta(title.to_owned(), None, &path, folder);
        meta.jsonld = publish::script_json(&cx.collection_jsonld(title, &path, Some(kind)));
        let mut extra = Context::new();
        extra.insert("letters", &cx.glossary(&root_of(&path)));
        meta.code = true;
        out.page(cx.page("glossary.html", meta, extra, None));
    }
}
