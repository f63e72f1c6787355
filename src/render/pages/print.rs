//! The print edition, `print/`.

use tera::Context;

use crate::render::context::{Cx, root_of};
use crate::render::producer::{Out, Producer, Stage};
use crate::render::publish;

pub(super) struct Print;

impl Producer for Print {
    fn stage(&self) -> Stage {
        Stage::Pages
    }

    fn make(&self, cx: &Cx, out: &Out) {
        let path = format!("{}print/", cx.prefix());
        let title = cx.t("title_print");
        let mut meta = cx.meta(title.to_owned(), None, &path, "print");
        meta.jsonld = publish::script_json(&cx.collection_jsonld(title, &path, None));
        let (article, sections, parts) = cx.print_edition();
        let mut extra = Context::new();
        extra.insert("article", &article);
        extra.insert("sections", &sections);
        extra.insert("deals", &cx.deal_rows(&root_of(&path)));
        meta.code = true;
        if let Some(page) = cx.page("print.html", meta, extra, None) {
            out.note_page(&page.path);
            cx.splice(page, parts, &|file| out.emit(file));
        }
    }
}
