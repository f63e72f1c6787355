//! The print edition, `print/`: the whole dossier on one page, ready for "Save as
//! PDF": the article, the deal table, every entry with its facts, and the glossary.
//! Notes print as endnotes after each text; the navigation and previews do not print.
//! Past [`paging::PRINT_SPLIT`] entries, in parts under a contents page.

use rayon::prelude::*;
use tera::Context;

use crate::html::PageLinks;
use crate::model::Kind;
use crate::render::OutputFile;
use crate::render::context::{Cx, root_of};
use crate::render::parts::{deals, infobox, quotes};
use crate::render::producer::{Out, Producer, Stage};
use crate::render::views::{CountedLink, PrintEntry, PrintSection};

use super::paging;
use crate::resolve::{Deal, EntryId};

pub(super) struct Print;

impl Producer for Print {
    fn stage(&self) -> Stage {
        Stage::Pages
    }

    fn make(&self, cx: &Cx, out: &Out) {
        let path = format!("{}print/", cx.prefix());
        let mut meta = super::listing_meta(cx, cx.t("title_print"), &path, "print", None);
        let (article, sections, parts) = print_edition(cx, &print_root(cx));
        if parts.iter().map(Vec::len).sum::<usize>() > paging::PRINT_SPLIT {
            in_parts(cx, &path, meta, article, &sections, parts, out);
            return;
        }
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

/// One entry of the print edition, on a page at `root`: its infobox and its body.
fn print_entry(cx: &Cx, id: EntryId, root: &str) -> PrintEntry {
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

/// Appends to `out` one entry as `print_entry.html` renders it on the page `page` at
/// `root` (nothing if that template failed, which is reported), and its links to
/// `links`.
fn print_entry_html(
    cx: &Cx,
    id: EntryId,
    root: &str,
    page: &str,
    out: (&mut String, &mut PageLinks),
) {
    cx.print_piece(id, root, out, || {
        let mut context = Context::new();
        context.insert("e", &print_entry(cx, id, root));
        context.insert("root", root);
        cx.part("print_entry.html", context, page)
    });
}

/// The print edition's view: the article, and the sections with a placeholder
/// where each one's entries go; then, per section, its entries in order, for
/// [`splice`] to render into the placeholders. A dossier of ten
/// thousand notes makes a print edition of a hundred megabytes: rendered whole
/// through one template context it would be copied three times over; this way
/// each entry renders on its own, in parallel, straight into the page.
fn print_edition(
    cx: &Cx,
    root: &str,
) -> (Option<PrintEntry>, Vec<PrintSection>, Vec<Vec<EntryId>>) {
    let article = cx.article().map(|id| print_entry(cx, id, root));
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
    // Each piece with its links: those of the entries were read as they were
    // made, the page's own around them are read here.
    let piece = |bytes: Vec<u8>, continued: bool, links: Option<PageLinks>| OutputFile {
        links: Some(links.unwrap_or_else(|| PageLinks::of(&String::from_utf8_lossy(&bytes)))),
        bytes,
        continued,
        ..page.clone_empty()
    };
    let root = print_root(cx);
    let mut rest = page.bytes.as_slice();
    let mut continued = false;
    for (section, ids) in parts.into_iter().enumerate() {
        let marker = placeholder(section);
        let Some(at) = memchr::memmem::find(rest, marker.as_bytes()) else {
            // The template left the section out.
            continue;
        };
        out.emit(piece(rest[..at].to_vec(), continued, None));
        continued = true;
        for batch in ids.chunks(BATCH) {
            let made: Vec<(String, PageLinks)> = batch
                .par_iter()
                .map(|&id| {
                    let (mut html, mut links) = Default::default();
                    print_entry_html(cx, id, &root, "print/index.html", (&mut html, &mut links));
                    (html, links)
                })
                .collect();
            let mut links = PageLinks::default();
            let mut html = String::new();
            for (more, more_links) in made {
                html.push_str(&more);
                links.append(&more_links);
            }
            out.emit(piece(html.into_bytes(), true, Some(links)));
        }
        rest = &rest[at + marker.len()..];
    }
    out.emit(piece(rest.to_vec(), continued, None));
}

/// Where the entries of the `section`th section go, in the rendered page.
fn placeholder(section: usize) -> String {
    format!("<!--dossier:print-section-{section}-->")
}

/// A print edition too long for one page: `print/` is its contents (with the
/// article), and each part a page of its own: the deal table (`print/deals/`), then
/// each collection, [`paging::PRINT_PART_ENTRIES`] entries a part
/// (`print/notes/`, `print/notes/page/2/`…), each a few megabytes. The parts render
/// in parallel, each whole; each links back to the contents and on to the next.
fn in_parts(
    cx: &Cx,
    path: &str,
    mut meta: crate::render::views::PageMeta,
    article: Option<PrintEntry>,
    sections: &[PrintSection],
    parts: Vec<Vec<EntryId>>,
    out: &Out,
) {
    // Each part: its path, its section's title and id, and what it prints.
    let mut pages: Vec<(String, String, String, Printed)> = Vec::new();
    let deals = cx.deals();
    let title = cx.t("heading_deals_compared");
    for (n, chunk) in deals.chunks(paging::PRINT_PART_DEALS).enumerate() {
        let part = paging::page_path(&format!("{path}deals/"), n + 1);
        let id = "print-deals".to_owned();
        pages.push((part, title.to_owned(), id, Printed::Deals(chunk)));
    }
    let kinds = Kind::COLLECTIONS
        .into_iter()
        .filter(|&kind| kind != Kind::Deal && cx.of_kind(kind).next().is_some());
    for ((kind, section), ids) in kinds.zip(sections).zip(&parts) {
        let base = format!("{path}{}/", kind.folder().unwrap_or_default());
        for (n, chunk) in ids.chunks(paging::PRINT_PART_ENTRIES).enumerate() {
            let part = paging::page_path(&base, n + 1);
            let (title, id) = (section.title.clone(), section.id.clone());
            pages.push((part, title, id, Printed::Entries(chunk)));
        }
    }
    let chain: Vec<String> = std::iter::once(path.to_owned())
        .chain(pages.iter().map(|p| p.0.clone()))
        .collect();
    // How many parts each section takes, for "Notes (3 of 40)".
    let of_section = |id: &str| pages.iter().filter(|p| p.2 == id).count();
    let mut numbers = Vec::new();
    let mut seen: Vec<(String, usize)> = Vec::new();
    for p in &pages {
        match seen.iter_mut().find(|(id, _)| *id == p.2) {
            Some((_, n)) => {
                *n += 1;
                numbers.push(*n);
            }
            None => {
                seen.push((p.2.clone(), 1));
                numbers.push(1);
            }
        }
    }
    let title_of = |at: usize| {
        let (_, title, id, _) = &pages[at];
        let parts = of_section(id);
        if parts == 1 {
            title.clone()
        } else {
            cx.fill(
                cx.t("print_part_title"),
                &[
                    ("section", title),
                    ("part", &numbers[at].to_string()),
                    ("parts", &parts.to_string()),
                ],
            )
        }
    };

    // The contents, with the article.
    let root = root_of(path);
    (meta.prev, meta.next) = paging::rel(&chain, 0, &root);
    meta.code = true;
    let contents: Vec<CountedLink> = pages
        .iter()
        .enumerate()
        .map(|(at, (part, _, _, ids))| {
            let count = match ids {
                Printed::Deals(d) => d.len(),
                Printed::Entries(e) => e.len(),
            };
            CountedLink {
                text: title_of(at),
                href: format!("{root}{part}"),
                count,
                label: count.to_string(),
            }
        })
        .collect();
    let mut extra = Context::new();
    extra.insert("article", &article);
    extra.insert("sections", &Vec::<PrintSection>::new());
    extra.insert("deals", &Vec::<crate::render::views::DealRow>::new());
    extra.insert("contents", &contents);
    extra.insert(
        "parts_summary",
        &cx.fill(
            cx.t("print_parts_summary"),
            &[("count", &pages.len().to_string())],
        ),
    );
    out.page(cx.page("print.html", meta, extra, None));

    // The parts, side by side.
    pages
        .par_iter()
        .enumerate()
        .for_each(|(at, (part, _, id, ids))| {
            let root = root_of(part);
            let title = title_of(at);
            let mut meta = super::listing_meta(cx, &title, part, "print", None);
            meta.title = format!("{} · {title}", cx.t("title_print"));
            (meta.prev, meta.next) = paging::rel(&chain, at + 1, &root);
            meta.code = true;
            let mut extra = Context::new();
            extra.insert("article", &None::<PrintEntry>);
            extra.insert("back", &format!("{root}{path}"));
            extra.insert("pager", &paging::pager(cx, &chain, at + 1, &root));
            extra.insert("part_title", &title);
            let page = &format!("{part}index.html");
            match ids {
                Printed::Deals(chunk) => {
                    let rows: Vec<_> = chunk.iter().map(|d| deals::row(cx, d, &root)).collect();
                    extra.insert("deals", &rows);
                    extra.insert("sections", &Vec::<PrintSection>::new());
                    out.page(cx.page("print.html", meta, extra, None));
                }
                Printed::Entries(ids) => {
                    extra.insert("deals", &Vec::<crate::render::views::DealRow>::new());
                    let section = PrintSection {
                        title,
                        id: id.clone(),
                        entries_html: placeholder(0),
                    };
                    extra.insert("sections", &[section]);
                    let Some(mut file) = cx.page("print.html", meta, extra, None) else {
                        return;
                    };
                    let (mut html, mut links) = (String::new(), PageLinks::default());
                    for &id in *ids {
                        print_entry_html(cx, id, &root, page, (&mut html, &mut links));
                    }
                    let marker = placeholder(0);
                    if let Some(at) = memchr::memmem::find(&file.bytes, marker.as_bytes()) {
                        // The page's links, the entries' in their place among them.
                        let (before, after) = file.bytes.split_at(at);
                        let after = &after[marker.len()..];
                        let mut all = PageLinks::of(&String::from_utf8_lossy(before));
                        all.append(&links);
                        all.append(&PageLinks::of(&String::from_utf8_lossy(after)));
                        file.bytes.splice(at..at + marker.len(), html.into_bytes());
                        file.links = Some(all);
                    }
                    out.page(Some(file));
                }
            }
        });
}

/// What one part of the print edition prints.
enum Printed<'a> {
    /// Rows of the deal table.
    Deals(&'a [Deal]),
    /// Entries of one collection.
    Entries(&'a [EntryId]),
}
