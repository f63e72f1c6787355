//! The print edition, `/print/`: the whole dossier on one page, ready for "Save as
//! PDF": the article, the deal table, every entry with its facts, and the glossary.
//! Notes print as endnotes after each text; the navigation and previews do not print.

use rayon::prelude::*;

use super::Renderer;
use super::views::{PrintEntry, PrintSection};
use crate::frontmatter::Kind;
use crate::resolve::EntryId;

/// The print page lives at `print/`.
const ROOT: &str = "../";

impl Renderer<'_> {
    fn print_entry(&self, id: EntryId) -> PrintEntry {
        let entry = &self.entry(id);
        // Many bodies share the page: each one's ids get its slug, and citations name
        // their source (no numbered list per entry).
        let body = self.markdown(id, ROOT, &format!("print-{}-", entry.slug()), false);
        PrintEntry {
            name: entry.name.clone(),
            kind: entry.kind().singular(),
            href: self.href(id, ROOT),
            summary: entry.doc.front.common().summary.map(str::to_owned),
            infobox: self.infobox(id, ROOT),
            body: body.html,
            endnotes: body.endnotes,
        }
    }

    pub(super) fn print_edition(&self) -> (Option<PrintEntry>, Vec<PrintSection>) {
        let article = self.site.article().map(|id| self.print_entry(id));
        let sections = Kind::COLLECTIONS
            .into_iter()
            .filter(|&kind| kind != Kind::Deal)
            .filter_map(|kind| {
                let mut ids: Vec<EntryId> = self.site.of_kind(kind).map(|(id, _)| id).collect();
                if ids.is_empty() {
                    return None;
                }
                ids.sort_by_key(|&id| crate::frontmatter::fold(&self.entry(id).name));
                Some(PrintSection {
                    title: kind.plural_title(),
                    id: format!("print-{}", kind.folder().unwrap_or_default()),
                    entries: ids.into_par_iter().map(|id| self.print_entry(id)).collect(),
                })
            })
            .collect();
        (article, sections)
    }
}
