//! Pages of one's own (`content/pages/`): About, Methodology, Corrections, built and
//! linked as a user writes them, through the real binary.

use std::path::Path;

use crate::{dossier, dossier_from, text_of};

const TWO_LANGUAGES: &str = "=== site.toml\ntitle = \"T\"\nbase_url = \"https://example.test/sub/\"\n\
     languages = [\"en\", \"fr\"]\n";

/// Builds the dossier at `dir` with the real binary into `dir/out`; panics on failure.
fn build(dir: &Path) -> std::path::PathBuf {
    let out = dir.join("out");
    let run = dossier(&[
        "build",
        "--root",
        dir.to_str().unwrap(),
        "--output",
        out.to_str().unwrap(),
    ]);
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    out
}

fn read(out: &Path, path: &str) -> String {
    std::fs::read_to_string(out.join(path)).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// The links of the footer's first paragraph, or of the header's navigation.
fn between<'a>(html: &'a str, start: &str, end: &str) -> &'a str {
    let from = html.find(start).unwrap_or_else(|| panic!("no {start}"));
    let to = from + html[from..].find(end).unwrap();
    &html[from..to]
}

#[test]
fn pages_are_published_at_the_top_and_linked_from_the_menus_they_ask_for() {
    let dir = dossier_from(
        "=== content/pages/about.md\n+++\ntitle = \"About\"\nsummary = \"Who we are.\"\nmenu = \"footer\"\norder = 2\n+++\nWe wrote this about [[acme]].\n\
         === content/pages/methodology.md\n+++\ntitle = \"Methodology\"\nmenu = \"footer\"\norder = 1\n+++\nHow.\n\
         === content/pages/contact.md\n+++\ntitle = \"Contact\"\nmenu = \"header\"\n+++\nWrite to us.\n\
         === content/pages/colophon.md\n+++\ntitle = \"Colophon\"\n+++\nNo menu: linked from [[about]] only.\n\
         === content/companies/acme.md\n+++\nname = \"Acme\"\n+++\nA company.\n",
    );
    let out = build(dir.path());
    let about = read(&out, "about/index.html");
    assert!(
        text_of(&about).contains("We wrote this about Acme."),
        "{about}"
    );
    assert!(about.contains("<h1>About</h1>"));
    // No facts, no source data: a page is its text.
    assert!(!about.contains("source-data"));

    // Every page's footer lists the footer pages by `order`, relative to the page.
    let company = read(&out, "companies/acme/index.html");
    let footer = between(&company, "<p class=\"footer-pages\">", "</p>");
    assert_eq!(
        text_of(footer),
        "Methodology · About",
        "ordered by `order`: {footer}"
    );
    assert!(footer.contains("href=\"../../methodology/\""), "{footer}");
    let nav = between(&company, "<nav class=\"site-nav\"", "</nav>");
    assert!(
        nav.contains("<a href=\"../../contact/\">Contact</a>"),
        "{nav}"
    );
    assert!(!nav.contains("Colophon") && !footer.contains("Colophon"));
    // On its own page, the menu marks it as the current one.
    let contact = read(&out, "contact/index.html");
    assert!(contact.contains("<a href=\"../contact/\" aria-current=\"page\">Contact</a>"));
    // The home page links them from the root.
    let home = read(&out, "index.html");
    assert!(home.contains("<a href=\"./about/\">About</a>"), "{home}");

    // Linked, searched, in the sitemap; not in the feed or the print edition.
    assert!(read(&out, "colophon/index.html").contains("Colophon"));
    assert!(read(&out, "sitemap.xml").contains("https://example.test/sub/about/"));
    assert!(read(&out, "about/preview.json").contains("\"t\":\"About\""));
    let listings: String = std::fs::read_dir(out.join("search-index/d"))
        .unwrap()
        .map(|f| std::fs::read_to_string(f.unwrap().path()).unwrap())
        .collect();
    assert!(listings.contains("\"u\":\"about/\""), "{listings}");
    assert!(!read(&out, "feed.xml").contains("about/"));
    assert!(!read(&out, "print/index.html").contains("We wrote this"));
}

#[test]
fn a_page_is_translated_like_any_entry() {
    let dir = dossier_from(&format!(
        "{TWO_LANGUAGES}=== content/pages/about.md\n+++\ntitle = \"About\"\nmenu = \"header\"\n+++\nWho we are.\n\
         === content/pages/about.fr.md\n+++\ntitle = \"À propos\"\n+++\nQui nous sommes.\n"
    ));
    let out = build(dir.path());
    let fr = read(&out, "fr/about/index.html");
    assert!(text_of(&fr).contains("Qui nous sommes."), "{fr}");
    let fr_home = read(&out, "fr/index.html");
    assert!(
        fr_home.contains("<a href=\"../fr/about/\">À propos</a>"),
        "{fr_home}"
    );
    assert!(read(&out, "about/index.html").contains("hreflang=\"fr\""));
}

#[test]
fn a_page_named_after_a_folder_of_the_site_is_refused_with_a_way_out() {
    let dir =
        dossier_from("=== content/pages/timeline.md\n+++\ntitle = \"Our timeline\"\n+++\nText.\n");
    let run = dossier(&["check", "--root", dir.path().to_str().unwrap()]);
    assert_eq!(run.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(
        stderr.contains("the page `timeline` would take the place of the site's own `timeline/`"),
        "{stderr}"
    );
    assert!(
        stderr.contains("content/pages/timeline-page.md"),
        "{stderr}"
    );

    let dir = dossier_from(&format!(
        "{TWO_LANGUAGES}=== content/pages/fr.md\n+++\ntitle = \"Français\"\n+++\nText.\n"
    ));
    let run = dossier(&["check", "--root", dir.path().to_str().unwrap()]);
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert_eq!(run.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("the page `fr` would take the place of the `fr/` edition"),
        "{stderr}"
    );
    assert_eq!(
        stderr.matches("would take the place").count(),
        1,
        "{stderr}"
    );
}

#[test]
fn a_menu_that_is_neither_header_nor_footer_is_explained() {
    let dir = dossier_from(
        "=== content/pages/about.md\n+++\ntitle = \"About\"\nmenu = \"top\"\n+++\nText.\n",
    );
    let run = dossier(&["check", "--root", dir.path().to_str().unwrap()]);
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert_eq!(run.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("content/pages/about.md:3:8"), "{stderr}");
    assert!(
        stderr.contains("valid values here: header, footer"),
        "{stderr}"
    );
    assert!(!stderr.contains("variant"), "no serde words: {stderr}");
}

#[test]
fn new_pages_writes_a_page_that_builds_and_init_writes_an_about_page() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("d");
    let run = dossier(&["init", root.to_str().unwrap()]);
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let run = dossier(&[
        "new",
        "pages",
        "Methodology",
        "--root",
        root.to_str().unwrap(),
    ]);
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    // A draft, with its menu shown as a comment: published once the author says so.
    let path = root.join("content/pages/methodology.md");
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(
        text.contains("draft = true") && text.contains("# menu = \"footer\""),
        "{text}"
    );
    std::fs::write(
        &path,
        text.replace("draft = true\n", "")
            .replace("# menu = \"footer\"", "menu = \"footer\""),
    )
    .unwrap();
    let out = build(&root);
    let note = read(&out, "notes/first-note/index.html");
    let footer = between(&note, "<p class=\"footer-pages\">", "</p>");
    assert!(footer.contains("href=\"../../about/\""), "{footer}");
    assert!(footer.contains("href=\"../../methodology/\""), "{footer}");
    assert!(read(&out, "methodology/index.html").contains("Methodology"));
}

#[test]
fn a_renamed_page_keeps_its_old_address_and_cannot_take_a_folder_of_the_site() {
    let dir = dossier_from(
        "=== content/pages/about.md\n+++\ntitle = \"About\"\nmenu = \"footer\"\n+++\nWho we are.\n\
         === content/notes/n.md\n+++\ntitle = \"N\"\n+++\nSee [[about]].\n",
    );
    let root = dir.path().to_str().unwrap();
    let refused = dossier(&["mv", "about", "search", "--root", root]);
    assert_eq!(refused.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&refused.stderr);
    assert!(
        stderr.contains("the page `search` would take the place of the site's own `search/`"),
        "{stderr}"
    );
    assert!(dir.path().join("content/pages/about.md").is_file());

    let moved = dossier(&["mv", "about", "about-us", "--root", root]);
    assert!(
        moved.status.success(),
        "{}",
        String::from_utf8_lossy(&moved.stderr)
    );
    let out = build(dir.path());
    assert!(read(&out, "notes/n/index.html").contains("href=\"../../about-us/\""));
    // The old address, at the top of the site where the page was, sends readers on.
    let old = read(&out, "about/index.html");
    assert!(old.contains("url=../about-us/"), "{old}");
    assert!(old.contains("noindex"), "{old}");
}
