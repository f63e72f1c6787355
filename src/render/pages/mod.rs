//! The producers of the HTML pages: each builds its views (`views.rs`) and renders
//! them with its template through [`Cx::page`](super::context::Cx::page).

mod collection;
mod deals;
mod entry;
mod glossary;
mod home;
mod not_found;
pub mod paging;
mod print;
mod search;
mod timeline;

use super::context::Cx;
use super::parts::jsonld;
use super::producer::Out;
use super::producer::Producer;
use super::views::{self, PageMeta};
use crate::model::Kind;

/// Every page producer.
pub(super) const PRODUCERS: [&dyn Producer; 9] = [
    &entry::Entries,
    &home::Home,
    &collection::Collections,
    &deals::Deals,
    &glossary::Glossary,
    &timeline::Timeline,
    &print::Print,
    &search::Search,
    &not_found::NotFound,
];

/// The meta of a page over many entries at `path` (a collection, the timeline, the
/// print edition, search), whose JSON-LD calls it a collection page.
fn listing_meta(
    cx: &Cx,
    title: &str,
    path: &str,
    section: &'static str,
    kind: Option<Kind>,
) -> PageMeta {
    let mut meta = cx.meta(title.to_owned(), None, path, section);
    meta.jsonld = jsonld::script(&jsonld::collection(cx, title, path, kind));
    meta
}

/// Hands over the pages of a list split into pages: for each of `paths` (from
/// [`paging::page_path`]), `render` makes the page from its meta (titled with its
/// place when there are several, its `rel` links set) and its pager (`None` on a
/// list of one page, which renders as it always did). Returns the paths of the pages
/// made (a page whose template failed is left out).
fn paged(
    cx: &Cx,
    out: &Out,
    paths: &[String],
    meta_of: impl Fn(&str) -> PageMeta,
    render: impl Fn(usize, PageMeta, Option<views::Pager>) -> Option<crate::render::OutputFile>,
) -> Vec<String> {
    let mut made = Vec::with_capacity(paths.len());
    for (at, path) in paths.iter().enumerate() {
        let mut meta = meta_of(path);
        let pager = (paths.len() > 1).then(|| {
            let root = crate::render::context::root_of(path);
            (meta.prev, meta.next) = paging::rel(paths, at, &root);
            let pager = paging::pager(cx, paths, at, &root);
            if at > 0 {
                meta.title = format!("{} ({})", meta.title, pager.position);
            }
            pager
        });
        let page = render(at, meta, pager);
        if let Some(page) = &page {
            made.push(page.path.clone());
        }
        out.page(page);
    }
    made
}

/// The path and meta of `kind`'s collection page in the edition of `cx`; none when
/// the edition has no entry of that kind.
fn collection_meta(cx: &Cx, kind: Kind) -> Option<(String, PageMeta)> {
    cx.of_kind(kind).next()?;
    let folder = kind.folder().unwrap_or_default();
    let path = format!("{}{folder}/", cx.prefix());
    let meta = listing_meta(cx, cx.plural_title(kind), &path, folder, Some(kind));
    Some((path, meta))
}
