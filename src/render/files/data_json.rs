//! `data/dossier.json`: every entry and its facts, in every language.

use super::file;
use crate::render::context::Cx;
use crate::render::producer::{Out, Producer, Stage};

pub(super) struct DataJson;

impl Producer for DataJson {
    fn stage(&self) -> Stage {
        Stage::Site
    }

    fn make(&self, cx: &Cx, out: &Out) {
        out.emit(file(
            "data/dossier.json".to_owned(),
            cx.json_export().into_bytes(),
        ));
    }

    fn files(&self, _cx: &Cx) -> Vec<String> {
        vec!["data/dossier.json".to_owned()]
    }
}
