//! Redirect pages, per edition: at the address an entry had before `dossier mv`
//! renamed it (an old slug in its `old_slugs`), a small page that sends the reader on
//! to its page. They are files, not pages: never in the sitemap, the feed or the
//! search index, and marked `noindex`.

use super::file;
use crate::html::escape;
use crate::render::context::{Cx, root_of};
use crate::render::producer::{Out, Producer, Stage};
use crate::resolve::EntryId;

pub(super) struct Redirects;

impl Producer for Redirects {
    fn stage(&self) -> Stage {
        Stage::Edition
    }

    fn make(&self, cx: &Cx, out: &Out) {
        for (old, id) in cx.renamed() {
            let path = path(cx, &old, id);
            let page = redirect(cx, &path, id);
            out.emit(file(path, page.into_bytes()));
        }
    }

    fn files(&self, cx: &Cx) -> Vec<String> {
        cx.renamed()
            .into_iter()
            .map(|(old, id)| path(cx, &old, id))
            .collect()
    }
}

/// Where the entry `id` was when its slug was `old`: `fr/sources/old/index.html`.
fn path(cx: &Cx, old: &str, id: EntryId) -> String {
    // Where the entry's page was: its new path with the old slug in its place (a page
    // of one's own sits at the top: `about/`; the others in their kind's folder).
    let entry = cx.entry(id);
    let new = entry
        .path
        .strip_suffix(&format!("{}/", entry.slug()))
        .unwrap_or(&entry.path);
    format!("{new}{old}/index.html")
}

/// The page at `path`: a refresh to the entry's page at once (relative, so it works at
/// any base URL), its canonical address, an empty icon (`data:,`: without an icon a
/// browser asks for `/favicon.ico`, a 404 at a sub-path, and a real one is a request
/// the refresh cuts short), and a link for a reader whose browser does not follow the
/// refresh.
fn redirect(cx: &Cx, path: &str, id: EntryId) -> String {
    let dir = path.strip_suffix("index.html").unwrap_or(path);
    let href = escape(&cx.href(id, &root_of(dir)));
    let canonical = escape(&cx.url(id));
    let name = escape(&cx.typeset_text(&cx.entry(id).name, None));
    format!(
        "<!DOCTYPE html>\n<html lang=\"{lang}\">\n<head>\n<meta charset=\"utf-8\">\n\
         <title>{name}</title>\n<meta name=\"robots\" content=\"noindex\">\n\
         <link rel=\"canonical\" href=\"{canonical}\">\n\
         <link rel=\"icon\" href=\"data:,\">\n\
         <meta http-equiv=\"refresh\" content=\"0; url={href}\">\n</head>\n<body>\n\
         <p>{moved} <a href=\"{href}\">{name}</a></p>\n</body>\n</html>\n",
        lang = escape(&cx.config().language),
        moved = escape(&cx.typeset_text(cx.t("redirect_moved"), None)),
    )
}
