//! `robots.txt`: everything may be crawled; where the sitemap is.

use super::file;
use crate::render::context::Cx;
use crate::render::producer::{Out, Producer, Stage};

pub(super) struct Robots;

impl Producer for Robots {
    fn stage(&self) -> Stage {
        Stage::Site
    }

    fn make(&self, cx: &Cx, out: &Out) {
        out.emit(file("robots.txt".to_owned(), robots(cx).into_bytes()));
    }

    fn files(&self, _cx: &Cx) -> Vec<String> {
        vec!["robots.txt".to_owned()]
    }
}

fn robots(cx: &Cx) -> String {
    format!(
        "User-agent: *\nAllow: /\n\nSitemap: {}sitemap.xml\n",
        cx.config().base_url
    )
}
