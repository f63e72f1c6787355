//! Link check: every internal `href` and `src` of every written page must reach a file
//! of the output, and every `#fragment` an element id on the target page. This covers
//! links written by templates as well as those from Markdown.

use std::collections::{BTreeMap, BTreeSet, HashSet};

use rayon::prelude::*;

use crate::diagnostics::{Diagnostic, Diagnostics, FileId, SourceFiles};
use crate::html::PageLinks;
use crate::output_file::OutputFile;
use crate::support::Interner;

/// What the link check needs of one output file, taken when the file is made, so the
/// file itself can be written and dropped at once.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Scan {
    /// Path in the output folder.
    path: String,
    /// Its links and ids, if it is a page (only pages have them): boxed, as a large
    /// site has tens of thousands of files that are not pages (the search index's).
    page: Option<Box<PageScan>>,
}

/// The links and ids of one page.
#[derive(Debug, Default, PartialEq, Eq)]
struct PageScan {
    /// The template that wrote it, and the content file it was rendered from.
    template: Option<String>,
    source: Option<FileId>,
    /// Its links, as numbers into the site's [`LinkTable`].
    links: Vec<u32>,
    /// The hash of each id ([`id_hash`]), sorted and once each: looked up by binary
    /// search (the print edition of a large dossier has hundreds of thousands), at 8
    /// bytes an id where its text took three times that, for every page of a large
    /// site until the check. Two ids of one page with the same hash would read as
    /// one: with 64 bits, a page of a million ids has about one chance in 10^7.
    ids: Vec<u64>,
    /// The page's ids as written, each followed by `\0`, only from the scan until the
    /// sink has it ([`Scan::settle`]): to name an id that a later piece of the same
    /// page gives again. (No `\0` can be in an attribute value that dossier writes:
    /// the text it sets has none, and HTML would read one as U+FFFD.)
    names: String,
    /// Ids given to more than one element.
    duplicate_ids: BTreeSet<String>,
}

impl Scan {
    /// The file's path in the output folder.
    pub fn path(&self) -> &str {
        &self.path
    }

    pub fn is_page(&self) -> bool {
        self.page.is_some()
    }

    /// Whether every link that reached the file `before` scanned reaches this one:
    /// both pages or both not, and every id `before` had, this has.
    pub fn keeps_every_id_of(&self, before: &Scan) -> bool {
        match (&self.page, &before.page) {
            (Some(now), Some(before)) => before
                .ids
                .iter()
                .all(|id| now.ids.binary_search(id).is_ok()),
            (None, None) => true,
            _ => false,
        }
    }
}

/// Every link address found on any page, each kept once: a page's links are numbers
/// into this table. A large site has millions of links but few distinct addresses
/// (the navigation, the stylesheets, the entries from each depth of folder).
#[derive(Debug, Default)]
pub struct LinkTable {
    inner: std::sync::Mutex<Interner>,
}

impl LinkTable {
    fn lock(&self) -> std::sync::MutexGuard<'_, Interner> {
        crate::support::lock(&self.inner)
    }

    /// The numbers of `links`, adding the new ones (one lock for a whole page).
    fn numbers<'l>(&self, links: impl IntoIterator<Item = &'l str>) -> Vec<u32> {
        let mut table = self.lock();
        links.into_iter().map(|link| table.number(link)).collect()
    }
}

/// Reads the links and ids of `file`, if it is a page.
pub fn scan(file: &OutputFile, table: &LinkTable) -> Scan {
    let mut found = Scan {
        path: file.path.clone(),
        page: None,
    };
    if !file.path.ends_with(".html") {
        return found;
    }
    // Most pages come with their links read as they were made; the others are read
    // here. Pages are written by dossier as UTF-8 (checked at memory speed, and
    // borrowed); anything else is read as far as it is.
    let read;
    let page = match &file.links {
        Some(links) => {
            #[cfg(debug_assertions)]
            assert_eq!(
                links,
                &PageLinks::of(&String::from_utf8_lossy(&file.bytes)),
                "the links read while {} was made are not those it has",
                file.path
            );
            links
        }
        None => {
            read = PageLinks::of(&String::from_utf8_lossy(&file.bytes));
            &read
        }
    };
    let mut scan = PageScan {
        template: file.template.clone(),
        source: file.source,
        ..PageScan::default()
    };
    let mut names: Vec<&str> = page.ids().collect();
    names.sort_unstable();
    scan.duplicate_ids = names
        .windows(2)
        .filter(|pair| pair[0] == pair[1])
        .map(|pair| pair[0].to_owned())
        .collect();
    names.dedup();
    // Kept for every page until the check: at their size.
    scan.ids = names.iter().map(|id| id_hash(id)).collect();
    for id in names {
        scan.names.push_str(id);
        scan.names.push('\0');
    }
    scan.ids.sort_unstable();
    scan.ids.dedup();
    scan.links = table.numbers(page.links());
    scan.links.shrink_to_fit();
    found.page = Some(Box::new(scan));
    found
}

impl Scan {
    /// Adds what `more`, the next piece of the same file, holds.
    pub fn merge(&mut self, more: Scan) {
        match (&mut self.page, more.page) {
            (Some(page), Some(more)) => page.merge(*more),
            (page @ None, more) => *page = more,
            (Some(_), None) => {}
        }
    }

    /// Lets go of what only [`Scan::merge`] needs: the ids' text.
    pub fn settle(&mut self) {
        if let Some(page) = &mut self.page {
            page.names = String::new();
        }
    }

    fn has_id(&self, id: &str) -> bool {
        self.page
            .as_ref()
            .is_some_and(|page| page.ids.binary_search(&id_hash(id)).is_ok())
    }
}

impl PageScan {
    fn merge(&mut self, more: PageScan) {
        self.links.extend(more.links);
        // An id of the new piece that an earlier one gave already.
        for id in more.names.split_terminator('\0') {
            if self.ids.binary_search(&id_hash(id)).is_ok() {
                self.duplicate_ids.insert(id.to_owned());
            }
        }
        self.duplicate_ids.extend(more.duplicate_ids);
        self.ids.extend(more.ids);
        self.ids.sort_unstable();
        self.ids.dedup();
    }
}

/// An id's hash, as a page's scan keeps it: SipHash with fixed keys, the same in
/// every build.
fn id_hash(id: &str) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut hasher = std::hash::DefaultHasher::new();
    id.hash(&mut hasher);
    hasher.finish()
}

/// Decodes `%XX` escapes (`my%20chart.png`), leaving anything malformed as it is.
fn percent_decode(text: &str) -> String {
    percent_encoding::percent_decode_str(text)
        .decode_utf8_lossy()
        .into_owned()
}

/// Is this a link that leaves the site (or is not a link to a file at all)?
fn is_external(link: &str) -> bool {
    let lower = link.trim_start().to_ascii_lowercase();
    lower.starts_with("//")
        || lower.split_once(':').is_some_and(|(scheme, _)| {
            !scheme.is_empty()
                && scheme
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
        })
}

/// Resolves `link` written on the page at `page` (an output path) to an output path
/// and an optional fragment. `base_path` is the site's absolute path (`/repo/`).
fn target(page: &str, link: &str, base_path: &str) -> Option<(String, Option<String>)> {
    let (link, fragment) = match link.split_once('#') {
        Some((l, f)) => (l, Some(percent_decode(f))),
        None => (link, None),
    };
    let link = &percent_decode(link);
    let link = link.split('?').next().unwrap_or_default();
    if link.is_empty() {
        return Some((page.to_owned(), fragment));
    }
    let mut parts: Vec<&str> = if let Some(absolute) = link.strip_prefix('/') {
        // An absolute path must stay inside the site's own path.
        let inside = absolute.strip_prefix(base_path.trim_start_matches('/'))?;
        return target("index.html", &format!("./{inside}"), base_path).map(|(p, _)| (p, fragment));
    } else {
        page.split('/').collect()
    };
    parts.pop(); // the page's own file name
    for segment in link.split('/') {
        match segment {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            s => parts.push(s),
        }
    }
    let mut path = parts.join("/");
    if link.ends_with('/') || path.is_empty() {
        if !path.is_empty() {
            path.push('/');
        }
        path.push_str("index.html");
    }
    Some((path, fragment))
}

/// Checks every internal link of every HTML file in `files`, and that no page gives
/// one id to two elements. A broken link found in a content file's text is reported
/// there; one written by a template is reported once for that template.
///
/// `scans`: every file of the site. `only`: check the links of these pages alone
/// (`serve`, after an edit), or of every page.
pub fn check(
    scans: &[&Scan],
    table: &LinkTable,
    only: Option<&HashSet<&str>>,
    base_path: &str,
    sources: &SourceFiles,
    diagnostics: &mut Diagnostics,
) {
    let by_path: rustc_hash::FxHashMap<&str, &Scan> =
        scans.iter().map(|s| (s.path.as_str(), *s)).collect();
    let table = table.lock();
    let problem = |page: &str, link: &str| -> Option<String> {
        if is_external(link) {
            return None;
        }
        Some(match target(page, link, base_path) {
            None => "it leads outside the site".to_owned(),
            Some((path, fragment)) => match by_path.get(path.as_str()) {
                None => format!("no page `{path}` is written"),
                Some(scan) => match fragment {
                    Some(f) if scan.is_page() && !f.is_empty() && !scan.has_id(&f) => {
                        format!("`{path}` has no element with id `{f}`")
                    }
                    _ => return None,
                },
            },
        })
    };
    // Every link of every page, in parallel; then the few broken ones, in page order.
    let mut broken: Vec<_> = scans
        .par_iter()
        .filter(|file| only.is_none_or(|only| only.contains(file.path.as_str())))
        .filter_map(|file| Some((file.path.as_str(), file.page.as_deref()?)))
        .map(|(path, page)| {
            let broken: Vec<_> = page
                .links
                .iter()
                .map(|&number| table.get(number))
                .filter_map(|link| Some((link, problem(path, link)?)))
                .collect();
            (path, page, broken)
        })
        .collect();
    broken.sort_by(|a, b| a.0.cmp(b.0));
    // Broken links of templates: (template, problem) → pages.
    let mut by_template: BTreeMap<(String, String), Vec<&str>> = BTreeMap::new();
    let mut unplaced = Vec::new();
    let mut placed = HashSet::new();
    // The broken links found in content files, as written there.
    let mut placed_links: HashSet<String> = HashSet::new();
    // A broken link in a body is on the entry's page in every edition, and in the print
    // edition: reported once, at its place in the content file, as the page nearest the
    // root (the default edition's) finds it.
    let mut at_source: BTreeMap<(FileId, usize), (usize, Diagnostic)> = BTreeMap::new();
    for (path, file, broken) in broken {
        for id in &file.duplicate_ids {
            let mut d = Diagnostic::global(format!("`{path}` gives the id `{id}` to more than one element"))
                .with_help("ids must be unique on a page; rename a heading (`## Title {#other-id}`) or fix the template");
            if let Some(template) = &file.template {
                d = d.with_note(format!("the page was written by template `{template}`"));
            }
            diagnostics.push(d);
        }
        for (link, problem) in broken {
            // A link the author wrote in the content file: point at it there.
            let written = file.source.and_then(|source| {
                let text = &sources.get(source).text;
                let decoded = percent_decode(link);
                // As a Markdown link, or as an HTML attribute: `src="x"` is looked for
                // as such, so that a `summary = "x"` above it is not taken for it.
                let mut needles = Vec::new();
                for address in [link, decoded.as_str()] {
                    needles.push((format!("]({address}"), 2));
                    for attribute in ["href", "src"] {
                        needles.push((format!("{attribute}=\"{address}\""), attribute.len() + 2));
                        needles.push((format!("{attribute}='{address}'"), attribute.len() + 2));
                        needles.push((format!("{attribute}={address}"), attribute.len() + 1));
                    }
                }
                needles
                    .iter()
                    .find_map(|(needle, skip)| {
                        let at = text.find(needle.as_str())? + skip;
                        Some(
                            at..at + needle.len()
                                - skip
                                - usize::from(needle.ends_with(['"', '\''])),
                        )
                    })
                    .map(|span| (source, span))
            });
            if written.is_some() {
                placed_links.insert(link.to_owned());
            }
            match written {
                Some((source, span)) => {
                    let depth = path.matches('/').count();
                    let start = span.start;
                    let diagnostic =
                        Diagnostic::new(source, span, format!("broken link `{link}`: {problem}"))
                            .with_help("fix the address: a file beside the text is written from the Markdown file (`report.pdf` for `content/notes/report.pdf`), a file of static/ from the site root (`/files/report.pdf`), a page relative to this page (`../other-entry/`); to link an entry, write [[slug]], which dossier checks and keeps up to date");
                    let kept = at_source
                        .entry((source, start))
                        .or_insert((depth, diagnostic.clone()));
                    if depth < kept.0 {
                        *kept = (depth, diagnostic);
                    }
                    placed.insert(problem);
                }
                None => unplaced.push((path, file, link, problem)),
            }
        }
    }
    for (_, diagnostic) in at_source.into_values() {
        diagnostics.push(diagnostic);
    }
    // A body shown on a page of many (the print edition, the glossary) carries its
    // broken links there too: reported once, at the body, not again at the template;
    // nor is a link that comes from a body blamed on a template (its text is the
    // body's, rebased onto the entry's page).
    for (path, file, link, problem) in unplaced {
        if placed.contains(&problem)
            || placed_links.iter().any(|written| {
                link == written
                    || link
                        .strip_suffix(written.as_str())
                        .is_some_and(|before| before.ends_with('/'))
            })
        {
            continue;
        }
        let template = file.template.clone().unwrap_or_default();
        by_template
            .entry((template, format!("broken link `{link}`: {problem}")))
            .or_default()
            .push(path);
    }
    for ((template, problem), pages) in by_template {
        let on = match pages.len() {
            1 => format!("on `{}`", pages[0]),
            n => format!("on {n} pages, first `{}`", pages[0]),
        };
        diagnostics.push(
            Diagnostic::global(format!("{problem} ({on})"))
                .with_note(format!("the link is written by template `{template}`"))
                .with_help(format!("fix the link in `templates/{template}`; write internal links as `{{{{ root }}}}path/`")),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_links_resolve_like_a_browser() {
        let t = |page, link| target(page, link, "/repo/");
        assert_eq!(
            t("companies/anthropic/index.html", "../openai/"),
            Some(("companies/openai/index.html".into(), None))
        );
        assert_eq!(
            t("companies/anthropic/index.html", "../../"),
            Some(("index.html".into(), None))
        );
        assert_eq!(
            t("index.html", "./style.css"),
            Some(("style.css".into(), None))
        );
        assert_eq!(
            t("index.html", "deals/#top"),
            Some(("deals/index.html".into(), Some("top".into())))
        );
        assert_eq!(
            t("404.html", "/repo/deals/"),
            Some(("deals/index.html".into(), None))
        );
        assert_eq!(t("404.html", "/elsewhere/"), None);
        assert_eq!(t("index.html", "../../etc/passwd"), None);
    }

    #[test]
    fn external_links_are_left_alone() {
        assert!(is_external("https://example.com"));
        assert!(is_external("mailto:a@b.c"));
        assert!(is_external("//cdn.example.com/x.js"));
        assert!(!is_external("../x/"));
    }

    #[test]
    fn percent_encoded_paths_and_fragments_are_decoded() {
        assert_eq!(
            target("a/index.html", "../my%20logo.png", "/"),
            Some(("my logo.png".into(), None))
        );
        assert_eq!(
            target("a/index.html", "#caf%C3%A9", "/"),
            Some(("a/index.html".into(), Some("café".into())))
        );
    }

    #[test]
    fn duplicate_ids_are_found() {
        let s = scan(
            &OutputFile {
                path: "a.html".into(),
                bytes: br#"<p id="a"></p><h2 id="a"></h2><p id="b"></p>"#.to_vec(),
                template: None,
                source: None,
                continued: false,
                links: None,
            },
            &LinkTable::default(),
        );
        let page = s.page.expect("a page");
        assert_eq!(page.duplicate_ids.into_iter().collect::<Vec<_>>(), ["a"]);
    }

    #[test]
    fn an_id_given_again_by_a_later_piece_of_the_page_is_found() {
        let piece = |html: &str, continued: bool| OutputFile {
            path: "print/index.html".into(),
            bytes: html.as_bytes().to_vec(),
            template: None,
            source: None,
            continued,
            links: None,
        };
        let table = LinkTable::default();
        let mut whole = scan(&piece(r#"<p id="a"></p><p id="b"></p>"#, false), &table);
        whole.settle();
        whole.merge(scan(
            &piece(r#"<p id="c"></p><p id="b"></p>"#, true),
            &table,
        ));
        whole.settle();
        let page = whole.page.as_ref().expect("a page");
        assert_eq!(page.duplicate_ids.iter().collect::<Vec<_>>(), ["b"]);
        assert!(["a", "b", "c"].iter().all(|id| whole.has_id(id)));
        assert!(!whole.has_id("d"));
        // What is kept of the page until the check is the ids' hashes, not their text.
        assert!(page.names.is_empty());
        assert_eq!(page.ids.len(), 3);
    }

    #[test]
    fn missing_pages_and_fragments_are_reported() {
        let page = |path: &str, html: &str| OutputFile {
            path: path.into(),
            bytes: html.as_bytes().to_vec(),
            template: Some("t.html".into()),
            source: None,
            continued: false,
            links: None,
        };
        let files = [
            page(
                "index.html",
                r#"<a href="a/">ok</a><a href="a/#x">ok</a><a href="a/#nope">bad</a><a href="b/">bad</a>"#,
            ),
            page("a/index.html", r#"<p id="x">x</p>"#),
        ];
        let mut diagnostics = Diagnostics::default();
        let table = LinkTable::default();
        let scans: Vec<Scan> = files.iter().map(|f| scan(f, &table)).collect();
        let scans: Vec<&Scan> = scans.iter().collect();
        let sources = SourceFiles::default();
        check(&scans, &table, None, "/", &sources, &mut diagnostics);
        assert_eq!(diagnostics.into_sorted(&sources).len(), 2);
    }

    #[test]
    fn ids_are_found_among_many() {
        let ids: String = (0..2000)
            .rev()
            .map(|i| format!("<p id=\"n{i}\"></p>"))
            .collect();
        let table = LinkTable::default();
        let page = |html: String| OutputFile {
            path: "print/index.html".into(),
            bytes: html.into_bytes(),
            template: None,
            source: None,
            continued: false,
            links: None,
        };
        let s = scan(
            &page(format!(
                "{ids}<a href=\"#n1999\">x</a><a href=\"#caf&#xe9;\">y</a>"
            )),
            &table,
        );
        assert!(s.has_id("n0") && s.has_id("n1999") && s.has_id("n1000"));
        assert!(!s.has_id("n2000") && !s.has_id("n") && !s.has_id(""));
        // Each address is kept once, whichever page links to it.
        let again = scan(&page("<a href=\"#café\">z</a>".to_owned()), &table);
        let table = table.lock();
        let text = |scan: &Scan| -> Vec<String> {
            scan.page
                .as_ref()
                .map_or(&[][..], |page| &page.links)
                .iter()
                .map(|&n| table.get(n).to_string())
                .collect()
        };
        assert_eq!(text(&s), ["#n1999", "#café"]);
        assert_eq!(text(&again), [text(&s)[1].clone()]);
        assert_eq!(table.len(), 2);
    }
}
