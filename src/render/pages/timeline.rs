//! The timeline, `timeline/`: every dated event of the dossier, by year.

use tera::Context;

use crate::render::context::{Cx, root_of};
use crate::render::producer::{Out, Producer, Stage};
use crate::render::publish;

pub(super) struct Timeline;

impl Producer for Timeline {
    fn stage(&self) -> Stage {
        Stage::Pages
    }

    fn make(&self, cx: &Cx, out: &Out) {
        let path = format!("{}timeline/", cx.prefix());
        let title = cx.t("nav_timeline");
        let mut meta = cx.meta(title.to_owned(), None, &path, "timeline");
        meta.jsonld = publish::script_json(&cx.collection_jsonld(title, &path, None));
        let mut extra = Context::new();
        extra.insert("years", &cx.timeline(&root_of(&path)));
        out.page(cx.page("timeline.html", meta, extra, None));
    }
}
