//! The print edition, `print/`: the whole dossier on one page, ready for "Save as
//! PDF": the article, the deal table, every entry with its facts, and the glossary.
//! Notes print as endnotes after each text; the navigation and previews do not print.

use rayon::prelude::*;
use tera::Context;

use crate::model::Kind;
use crate::render::OutputFile;
use crate::render::context::{Cx, root_of};
use crate::render::parts::{deals, infobox, quotes};
use crate::render::producer::{Out, Producer, Stage};
use crate::render::views::{PrintEntry, PrintSection};
use crate::resolve::EntryId;

pub(super) struct Print;

impl Producer for Print {
    fn stage(&self) -> Stage {
        Stage::Pages
    }

    fn make(&self, cx: &Cx, out: &Out) {
        let path = format!("{}print/", cx.prefix());
        let mut meta = super::listing_meta(cx, cx.t("title_print"), &path, "print", None);
        let (article, sections, parts) = print_edition(cx);
        let mut extra = Context::new();
        extra.insert("article", &article);
        extra.insert("sections", &sections);
        extra.insert("deals", &deals::rows(cx, &root_of(&path)));
        meta.code = true;
        if let Some(page) = cx.page("print.html", meta, extra, None) {
            out.note_page(&page.path);
            splice(cx, page, parts, out);
        }
    }
}

/// From the print page (`print/`, `fr/print/`) to the site root.
fn print_root(cx: &Cx) -> String {
    root_of(&format!("{}print/", cx.prefix()))
}

/// One entry of the print edition: its infobox and its body.
fn print_entry(cx: &Cx, id: EntryId) -> PrintEntry {
    let root = &print_root(cx);
    let entry = &cx.entry(id);
    // Many bodies share the page: each one's ids get its slug, and citations name
    // their source (no numbered list per entry).
    let body = cx.markdown(id, root, &format!("print-{}-", entry.slug()), false);
    PrintEntry {
        name: entry.name.clone(),
        kind: cx.singular(entry.kind()).to_owned(),
        href: cx.href(id, root),
        summary: entry.doc.front.common().summary.map(str::to_owned),
        infobox: infobox::infobox(cx, id, root),
        quotes: cx
            .quotes_of(id)
            .into_iter()
            .filter_map(|said| quotes::view(cx, said, root))
            .collect(),
        lang: cx.site().edition.code.clone(),
        body: body.html,
        endnotes: body.endnotes,
    }
}

/// One entry as `print_entry.html` renders it (empty if that template failed,
/// which is reported).
fn print_entry_html(cx: &Cx, id: EntryId) -> String {
    let mut context = cx.strings_for("print_entry.html");
    context.insert("e", &print_entry(cx, id));
    context.insert("root", &print_root(cx));
    cx.part("print_entry.html", &context, "print/index.html")
}

/// The print edition's view: the article, and the sections with a placeholder
/// where each one's entries go; then, per section, its entries in order, for
/// [`splice`] to render into the placeholders. A dossier of ten
/// thousand notes makes a print edition of a hundred megabytes: rendered whole
/// through one template context it would be copied three times over; this way
/// each entry renders on its own, in parallel, straight into the page.
fn print_edition(cx: &Cx) -> (Option<PrintEntry>, Vec<PrintSection>, Vec<Vec<EntryId>>) {
    let article = cx.article().map(|id| print_entry(cx, id));
    let mut sections = Vec::new();
    let mut parts = Vec::new();
    for kind in Kind::COLLECTIONS
        .into_iter()
        .filter(|&kind| kind != Kind::Deal)
    {
        let mut ids: Vec<EntryId> = cx.of_kind(kind).collect();
        if ids.is_empty() {
            continue;
        }
        ids.sort_by_key(|&id| crate::model::fold(&cx.entry(id).name));
        sections.push(PrintSection {
            title: cx.plural_title(kind).to_owned(),
            id: format!("print-{}", kind.folder().unwrap_or_default()),
            entries_html: placeholder(parts.len()),
        });
        parts.push(ids);
    }
    (article, sections, parts)
}

/// Hands the print page to `out` with each section's placeholder replaced by
/// its entries: the page in pieces, the entries rendered a batch at a time (in
/// parallel within a batch), so that no more than a batch is held at once.
fn splice(cx: &Cx, page: OutputFile, parts: Vec<Vec<EntryId>>, out: &Out) {
    const BATCH: usize = 256;
    let piece = |bytes: Vec<u8>, continued: bool| OutputFile {
        bytes,
        continued,
        ..page.clone_empty()
    };
    let mut rest = page.bytes.as_slice();
    let mut continued = false;
    for (section, ids) in parts.into_iter().enumerate() {
        let marker = placeholder(section);
        let Some(at) = memchr::memmem::find(rest, marker.as_bytes()) else {
            // The template left the section out.
            continue;
        };
        out.emit(piece(rest[..at].to_vec(), continued));
        continued = true;
        for batch in ids.chunks(BATCH) {
            let html: Vec<String> = batch
                .par_iter()
                .map(|&id| print_entry_html(cx, id))
                .collect();
            out.emit(piece(html.concat().into_bytes(), true));
        }
        rest = &rest[at + marker.len()..];
    }
    out.emit(piece(rest.to_vec(), continued));
}

/// Where the entries of the `section`th section go, in the rendered page.
fn placeholder(section: usize) -> String {
    format!("<!--dossier:print-section-{section}-->")
}
