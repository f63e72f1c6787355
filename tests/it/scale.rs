//! Long lists split into pages, as a reader meets them: a dossier written here with
//! just past every limit of `dossier::parts::limits` (hundreds of notes over three
//! years, dozens of deals and terms), built with the real binary; its pages read from
//! disk and followed link by link. And the bundled dossier, whose lists are short,
//! split nothing.

use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use dossier::parts::limits;

use crate::{dossier, repo_root};

/// Notes, over three years: past four pages of cards, and past the timeline's split.
const NOTES: usize = 3 * limits::CARDS_PER_PAGE + 50;
/// Deals: past the home page's dozen and a page of the deal table.
const DEALS: usize = limits::DEALS_PER_PAGE + 5;
/// Terms: past the glossary's split; those under A past a page of one letter.
const TERMS_A: usize = 2 * limits::TERMS_PER_PAGE + 5;
const TERMS_B: usize = limits::GLOSSARY_SPLIT - TERMS_A + 5;

/// The dossier, built once for every test here: (its folder, the site).
fn built() -> &'static (tempfile::TempDir, PathBuf) {
    static BUILT: OnceLock<(tempfile::TempDir, PathBuf)> = OnceLock::new();
    BUILT.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        let write = |path: &str, text: String| {
            let file = root.join(path);
            std::fs::create_dir_all(file.parent().unwrap()).unwrap();
            std::fs::write(file, text).unwrap();
        };
        write(
            "site.toml",
            "title = \"Big\"\nbase_url = \"https://example.test/big/\"\n".into(),
        );
        write("content/companies/acme.md", "+++\nname = \"Acme\"\n+++\nA company.\n".into());
        write("content/companies/beta.md", "+++\nname = \"Beta\"\n+++\nAnother.\n".into());
        write(
            "content/sources/wire.md",
            "+++\ntitle = \"The Wire\"\npublisher = \"Wire\"\ndate = 2021-01-01\n+++\nA source.\n".into(),
        );
        for i in 0..NOTES {
            let year = 2021 + i % 3;
            let text = format!(
                "+++\ntitle = \"Note {i}\"\ndate = \"{year}-{:02}-{:02}\"\n+++\nNote {i} is about [[acme]] [@wire].\n",
                1 + i % 12,
                1 + i % 28
            );
            write(&format!("content/notes/note-{i:04}.md"), text);
        }
        for i in 0..DEALS {
            let text = format!(
                "+++\ntitle = \"Acme invests in Beta, round {i}\"\ninvestor = \"acme\"\nrecipient = \"beta\"\n\
                 announced = 2022-{:02}-{:02}\namount = {{ value = {}, currency = \"USD\" }}\nstatus = \"confirmed\"\n+++\nRound {i}.\n",
                1 + i % 12,
                1 + i % 28,
                1_000_000 * (i + 1)
            );
            write(&format!("content/deals/deal-{i:04}.md"), text);
        }
        for (letter, count) in [("a", TERMS_A), ("b", TERMS_B)] {
            for i in 0..count {
                let text = format!("+++\nterm = \"{letter}term {i:03}\"\n+++\nA term.\n");
                write(&format!("content/glossary/{letter}term-{i:03}.md"), text);
            }
        }
        let out = root.join("out");
        let run = dossier(&[
            "build",
            "--quiet",
            "--root",
            root.to_str().unwrap(),
            "--output",
            out.to_str().unwrap(),
        ]);
        assert!(run.status.success(), "{}", String::from_utf8_lossy(&run.stderr));
        (dir, out)
    })
}

fn read(out: &Path, path: &str) -> String {
    std::fs::read_to_string(out.join(path).join("index.html"))
        .unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// The `href` of the page's `<link rel="…">`.
fn rel<'a>(html: &'a str, rel: &str) -> Option<&'a str> {
    let tag = format!("<link rel=\"{rel}\" href=\"");
    let at = html.find(&tag)? + tag.len();
    Some(&html[at..at + html[at..].find('"')?])
}

/// The site path a link on the page at `page` points to.
fn resolve(page: &str, href: &str) -> String {
    let mut parts: Vec<&str> = page.trim_end_matches('/').split('/').collect();
    for piece in href.split('/') {
        match piece {
            ".." => {
                parts.pop();
            }
            "" | "." => {}
            p => parts.push(p),
        }
    }
    parts.retain(|p| !p.is_empty());
    format!("{}/", parts.join("/"))
}

/// Every site path linked from `html` (on the page at `page`) that starts with `prefix`.
fn links(html: &str, page: &str, prefix: &str) -> BTreeSet<String> {
    html.split("href=\"")
        .skip(1)
        .filter_map(|s| s.split('"').next())
        .filter(|href| !href.contains('#') && !href.contains("://"))
        .map(|href| resolve(page, href))
        .filter(|p| p.starts_with(prefix))
        .collect()
}

/// The pages met following `rel="next"` from `first`, in order.
fn follow_next(out: &Path, first: &str) -> Vec<String> {
    let mut pages = vec![first.to_owned()];
    while let Some(next) = rel(&read(out, pages.last().unwrap()), "next") {
        let next = resolve(pages.last().unwrap(), next);
        assert!(!pages.contains(&next), "rel=next loops back to {next}");
        pages.push(next);
    }
    pages
}

#[test]
fn the_notes_index_splits_into_pages_linked_by_rel_next_and_prev_reaching_every_note() {
    let (_, out) = built();
    let pages = follow_next(out, "notes/");
    let expected: Vec<String> = std::iter::once("notes/".to_owned())
        .chain((2..=4).map(|n| format!("notes/page/{n}/")))
        .collect();
    assert_eq!(pages, expected);
    let mut notes = BTreeSet::new();
    for (at, page) in pages.iter().enumerate() {
        let html = read(out, page);
        // Back the same way; the first page has no previous one, the last no next.
        let prev = rel(&html, "prev").map(|p| resolve(page, p));
        assert_eq!(prev, at.checked_sub(1).map(|i| pages[i].clone()), "{page}");
        // The pager readers see links the same pages, without JavaScript.
        assert!(html.contains("class=\"letters pager\""), "{page}");
        // The count is the collection's, not the page's.
        assert!(html.contains(&format!("{NOTES} note entries")), "{page}");
        let here: BTreeSet<String> = links(&html, page, "notes/note-");
        assert!(here.len() <= limits::CARDS_PER_PAGE, "{page}");
        notes.extend(here);
    }
    assert_eq!(
        notes.len(),
        NOTES,
        "every note is on one of the index pages"
    );
    // Page 2 says where it is.
    assert!(read(out, "notes/page/2/").contains("<title>Notes (Page 2 of 4) · Big</title>"));
    // A short collection is one page, as before.
    let companies = read(out, "companies/");
    assert!(rel(&companies, "next").is_none() && !companies.contains("pager"));
}

#[test]
fn the_timeline_splits_by_year() {
    let (_, out) = built();
    let overview = read(out, "timeline/");
    let years = links(&overview, "timeline/", "timeline/2");
    assert_eq!(
        years,
        ["timeline/2021/", "timeline/2022/", "timeline/2023/"]
            .map(String::from)
            .into()
    );
    // From the overview, rel=next walks through every year in order, each page a
    // year's (or part of one).
    let pages = follow_next(out, "timeline/");
    let mut events = 0;
    let mut last_year = String::new();
    for page in &pages[1..] {
        let html = read(out, page);
        let year = &page["timeline/".len()..page.find('/').unwrap() + 5];
        assert!(year >= last_year.as_str(), "{page} after {last_year}");
        last_year = year.to_owned();
        assert!(
            html.contains(&format!("<h1>Timeline: {year}</h1>")),
            "{page}"
        );
        let here = html.matches("<li class=\"event").count();
        assert!(here <= limits::EVENTS_PER_PAGE, "{page}");
        events += here;
    }
    // Every note's date, every deal's announcement and the source's publication.
    assert_eq!(events, NOTES + DEALS + 1);
}

#[test]
fn the_glossary_splits_by_letter_and_a_long_letter_into_pages() {
    let (_, out) = built();
    let overview = read(out, "glossary/");
    let letters = links(&overview, "glossary/", "glossary/letter/");
    assert_eq!(
        letters,
        ["glossary/letter/a/", "glossary/letter/b/"]
            .map(String::from)
            .into()
    );
    let pages = follow_next(out, "glossary/");
    assert_eq!(
        pages,
        [
            "glossary/",
            "glossary/letter/a/",
            "glossary/letter/a/page/2/",
            "glossary/letter/a/page/3/",
            "glossary/letter/b/"
        ]
        .map(String::from)
    );
    let terms: usize = pages[1..]
        .iter()
        .map(|p| read(out, p).matches("class=\"glossary-entry\"").count())
        .sum();
    assert_eq!(terms, TERMS_A + TERMS_B);
    // The overview's JSON-LD lists no term: it shows none.
    assert!(!overview.contains("DefinedTermSet"));
}

#[test]
fn the_home_page_shows_the_recent_deals_and_links_to_the_table_split_into_pages() {
    let (_, out) = built();
    let home = read(out, "");
    assert!(
        home.contains(&format!(
            "The {} most recent of {DEALS} deals.",
            limits::HOME_DEALS
        )),
        "{home}"
    );
    assert!(home.contains("<a href=\"./deals/\">See every deal</a>"));
    let glance = &home[home.find("id=\"glance-title\"").unwrap()..];
    let glance = &glance[..glance.find("</section>").unwrap()];
    let deals_on_home = links(glance, "", "deals/deal-");
    assert_eq!(deals_on_home.len(), limits::HOME_DEALS);
    // The most recent: the last ones of the table, which runs in date order.
    let pages = follow_next(out, "deals/");
    assert_eq!(pages, ["deals/", "deals/page/2/"].map(String::from));
    let mut all = BTreeSet::new();
    for page in &pages {
        let html = read(out, page);
        assert!(
            html.contains("data/deals.csv"),
            "{page} links the whole table as CSV"
        );
        all.extend(links(&html, page, "deals/deal-"));
    }
    assert_eq!(all.len(), DEALS);
    let csv = std::fs::read_to_string(out.join("data/deals.csv")).unwrap();
    assert_eq!(csv.lines().count(), DEALS + 1, "the CSV has every deal");
}

#[test]
fn a_long_list_on_an_entry_page_shows_the_first_and_links_to_all_of_them() {
    let (_, out) = built();
    let acme = read(out, "companies/acme/");
    // Every note mentions Acme, every deal names it as investor.
    let mentions = NOTES + DEALS;
    assert!(
        acme.contains(&format!("Showing {} of {mentions}.", limits::ENTRY_LIST)),
        "{acme}"
    );
    assert!(acme.contains(&format!(
        "Showing {} of {DEALS} deals; each of them is also among the pages listed under “Mentioned in”.",
        limits::ENTRY_DEALS
    )));
    assert_eq!(
        acme.matches("companies/acme/mentions/\">See them all</a>")
            .count(),
        2
    );
    let pages = follow_next(out, "companies/acme/mentions/");
    assert_eq!(pages.len(), mentions.div_ceil(limits::ENTRY_LIST));
    let mut linking = BTreeSet::new();
    for page in &pages {
        let html = read(out, page);
        linking.extend(links(&html, page, "notes/note-"));
        linking.extend(links(&html, page, "deals/deal-"));
    }
    assert_eq!(
        linking.len(),
        mentions,
        "every page that mentions Acme is listed"
    );
    // Each page links back to the entry.
    let second = read(out, &pages[1]);
    assert!(second.contains("\">Acme</a>"));
    assert!(links(&second, &pages[1], "companies/").contains("companies/acme/"));
}

#[test]
fn the_print_edition_comes_in_parts_under_a_contents_page() {
    let (_, out) = built();
    let contents = read(out, "print/");
    let parts: Vec<String> = follow_next(out, "print/").split_off(1);
    // Every part is listed in the contents, in order.
    let mut listed = links(&contents, "print/", "print/");
    listed.remove("print/");
    assert_eq!(listed, parts.iter().cloned().collect());
    assert!(parts.contains(&"print/deals/".to_owned()));
    assert!(parts.contains(&"print/notes/page/2/".to_owned()));
    let mut printed = BTreeSet::new();
    for part in &parts {
        let html = read(out, part);
        assert!(html.len() < 5 * 1024 * 1024, "{part}: {} bytes", html.len());
        assert!(
            links(&html, part, "print/").contains("print/"),
            "{part} links back to the contents"
        );
        printed.extend(
            html.split("<article class=\"print-entry\">\n  <h3><a href=\"")
                .skip(1)
                .map(|s| resolve(part, s.split('"').next().unwrap())),
        );
    }
    // Every entry but the deals (in the table) prints.
    assert_eq!(printed.len(), NOTES + 3 + TERMS_A + TERMS_B);
    // The footer of every page still links the print edition.
    assert!(read(out, "notes/note-0001/").contains("print/\">print edition</a>"));
}

#[test]
fn every_page_of_a_large_dossier_stays_light() {
    let (_, out) = built();
    let mut sizes = Vec::new();
    for file in walk(out) {
        let path = file
            .strip_prefix(out)
            .unwrap()
            .to_string_lossy()
            .into_owned();
        if path.ends_with(".html") && !path.starts_with("print/") {
            sizes.push((std::fs::metadata(&file).unwrap().len(), path));
        }
    }
    sizes.sort();
    let (largest, path) = sizes.last().unwrap();
    // With the shared stylesheets and script (about 50 KB), under the 100 KB budget.
    assert!(*largest < 50 * 1024, "{path}: {largest} bytes");
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            files.extend(walk(&path));
        } else {
            files.push(path);
        }
    }
    files
}

#[test]
fn the_bundled_dossier_splits_nothing() {
    let out = tempfile::tempdir().unwrap();
    let run = dossier(&[
        "build",
        "--quiet",
        "--root",
        repo_root().to_str().unwrap(),
        "--output",
        out.path().to_str().unwrap(),
    ]);
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let mut report = String::new();
    for file in walk(out.path()) {
        let path = file
            .strip_prefix(out.path())
            .unwrap()
            .to_string_lossy()
            .into_owned();
        if !path.ends_with(".html") {
            continue;
        }
        let html = std::fs::read_to_string(&file).unwrap();
        if html.contains("rel=\"next\"") || html.contains("rel=\"prev\"") || path.contains("/page/")
        {
            writeln!(report, "{path} is split").unwrap();
        }
    }
    assert!(report.is_empty(), "{report}");
    // One print edition, with every collection on it.
    let print = std::fs::read_to_string(out.path().join("print/index.html")).unwrap();
    assert!(!print.contains("print-contents"));
    assert!(print.contains("id=\"print-notes-title\""));
    assert!(!out.path().join("print/notes").exists());
}
