//! `data/deals.csv`: the deal table.

use super::file;
use crate::render::context::Cx;
use crate::render::producer::{Out, Producer, Stage};

pub(super) struct DealsCsv;

impl Producer for DealsCsv {
    fn stage(&self) -> Stage {
        Stage::Site
    }

    fn make(&self, cx: &Cx, out: &Out) {
        out.emit(file("data/deals.csv".to_owned(), cx.csv_export()));
    }

    fn files(&self, _cx: &Cx) -> Vec<String> {
        vec!["data/deals.csv".to_owned()]
    }
}
