//! The deal table, `deals/`: every deal in the order announced.

use tera::Context;

use crate::model::Kind;
use crate::render::context::{Cx, root_of};
use crate::render::parts::deals;
use crate::render::producer::{Out, Producer, Stage};

pub(super) struct Deals;

impl Producer for Deals {
    fn stage(&self) -> Stage {
        Stage::Pages
    }

    fn make(&self, cx: &Cx, out: &Out) {
        let Some((path, meta)) = super::collection_meta(cx, Kind::Deal) else {
            return;
        };
        let mut extra = Context::new();
        extra.insert("deals", &deals::rows(cx, &root_of(&path)));
        out.page(cx.page("deals.html", meta, extra, None));
    }
}
