//! `feed.xml`, per edition: the notes, newest first, as Atom.

use super::file;
use crate::render::context::Cx;
use crate::render::producer::{Out, Producer, Stage};

pub(super) struct Feed;

impl Producer for Feed {
    fn stage(&self) -> Stage {
        Stage::Edition
    }

    fn make(&self, cx: &Cx, out: &Out) {
        out.emit(file(path(cx), cx.feed().into_bytes()));
    }

    fn files(&self, cx: &Cx) -> Vec<String> {
        vec![path(cx)]
    }
}

fn path(cx: &Cx) -> String {
    format!("{}feed.xml", cx.prefix())
}
