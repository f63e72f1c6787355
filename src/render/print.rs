//! The print edition, `/print/`: the whole dossier on one page, ready for "Save as
//! PDF": the article, the deal table, every entry with its facts, and the glossary.
//! Notes print as endnotes after each text; the navigation and previews do not print.

use rayon::prelude::*;

use super::views::{PrintEntry, PrintSection};
use super::{Cx, Emit, OutputFile};
use crate::model::Kind;
use crate::resolve::EntryId;

impl Cx<'_> {
    /// From the print page (`print/`, `fr/print/`) to the site root.
    fn print_root(&self) -> String {
        super::context::root_of(&format!("{}print/", self.site.edition.prefix))
    }

    fn print_entry(&self, id: EntryId) -> PrintEntry {
        let root = &self.print_root();
        let entry = &self.entry(id);
        // Many bodies share the page: each one's ids get its slug, and citations name
        // their source (no numbered list per entry).
        let body = self.markdown(id, root, &format!("print-{}-", entry.slug()), false);
        PrintEntry {
            name: entry.name.clone(),
            kind: self.singular(entry.kind()).to_owned(),
            href: self.href(id, root),
            summary: entry.doc.front.common().summary.map(str::to_owned),
            infobox: self.infobox(id, root),
            body: body.html,
            endnotes: body.endnotes,
        }
    }

    /// One entry as `print_entry.html` renders it (empty if that template failed,
    /// which is reported).
    fn print_entry_html(&self, id: EntryId) -> String {
        let mut context = self.strings_for("print_entry.html");
        context.insert("e", &self.print_entry(id));
        context.insert("root", &self.print_root());
        self.tera
            .render("print_entry.html", &context)
            .unwrap_or_else(|err| {
                self.failed(
                    "print_entry.html",
                    &err,
                    "the page `print/index.html`".to_owned(),
                );
                String::new()
            })
    }

    /// The print edition's view: the article, and the sections with a placeholder
    /// where each one's entries go; then, per section, its entries in order, for
    /// [`splice`](Cx::splice) to render into the placeholders. A dossier of ten
    /// thousand notes makes a print edition of a hundred megabytes: rendered whole
    /// through one template context it would be copied three times over; this way
    /// each entry renders on its own, in parallel, straight into the page.
    pub(super) fn print_edition(
        &self,
    ) -> (Option<PrintEntry>, Vec<PrintSection>, Vec<Vec<EntryId>>) {
        let article = self.site.article().map(|id| self.print_entry(id));
        let mut sections = Vec::new();
        let mut parts = Vec::new();
        for kind in Kind::COLLECTIONS
            .into_iter()
            .filter(|&kind| kind != Kind::Deal)
        {
            let mut ids: Vec<EntryId> = self.site.of_kind(kind).map(|(id, _)| id).collect();
            if ids.is_empty() {
                continue;
            }
            ids.sort_by_key(|&id| crate::model::fold(&self.entry(id).name));
            sections.push(PrintSection {
                title: self.plural_title(kind).to_owned(),
                id: format!("print-{}", kind.folder().unwrap_or_default()),
                entries_html: placeholder(parts.len()),
            });
            parts.push(ids);
        }
        (article, sections, parts)
    }

    /// Hands the print page to `emit` with each section's placeholder replaced by
    /// its entries: the page in pieces, the entries rendered a batch at a time (in
    /// parallel within a batch), so that no more than a batch is held at once.
    pub(super) fn splice(&self, page: OutputFile, parts: Vec<Vec<EntryId>>, emit: Emit) {
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
            emit(piece(rest[..at].to_vec(), continued));
            continued = true;
            for batch in ids.chunks(BATCH) {
                let html: Vec<String> = batch
                    .par_iter()
                    .map(|&id| self.print_entry_html(id))
                    .collect();
                emit(piece(html.concat().into_bytes(), true));
            }
            rest = &rest[at + marker.len()..];
        }
        emit(piece(rest.to_vec(), continued));
    }
}

fn placeholder(section: usize) -> String {
    format!("<!--dossier:print-section-{section}-->")
}
