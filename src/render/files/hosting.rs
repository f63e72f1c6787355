//! What GitHub Pages reads: `.nojekyll` (serve the files as they are, without
//! Jekyll) and, when site.toml sets `cname`, `CNAME` (the site's own domain).

use super::file;
use crate::render::context::Cx;
use crate::render::producer::{Out, Producer, Stage};

pub(super) struct Hosting;

impl Producer for Hosting {
    fn stage(&self) -> Stage {
        Stage::Site
    }

    fn make(&self, cx: &Cx, out: &Out) {
        out.emit(file(".nojekyll".to_owned(), Vec::new()));
        if let Some(cname) = &cx.config().cname {
            out.emit(file("CNAME".to_owned(), format!("{cname}\n").into_bytes()));
        }
    }

    fn files(&self, cx: &Cx) -> Vec<String> {
        let mut files = vec![".nojekyll".to_owned()];
        // Without `cname`, a CNAME of one's own is the way to keep one.
        if cx.config().cname.is_some() {
            files.push("CNAME".to_owned());
        }
        files
    }
}
