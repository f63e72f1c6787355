//! Renames and drafts, as an author meets them: `dossier mv` rewrites every reference
//! and leaves a redirect at the old address; a draft never stops a build.

use std::path::Path;

use crate::{dossier, dossier_from};

/// A dossier in English and French whose source `ft` is named everywhere a slug can be:
/// a wikilink (plain, piped, with a fragment), a citation, front matter keys, and a
/// translation.
const NAMED: &str = "=== site.toml
title = \"T\"
base_url = \"https://example.github.io/demo/\"
languages = [\"en\", \"fr\"]
=== content/sources/ft.md
+++
title = \"The FT report\"
publisher = \"FT\"
date = 2023-02-03
+++
## Key
The report.
=== content/sources/ft.fr.md
+++
title = \"Le rapport du FT\"
+++
Le rapport.
=== content/companies/acme.md
+++
name = \"Acme\"
sources = [\"ft\"]
founded = { value = \"2015\", status = \"reported\", sources = [{ source = \"ft\", locator = \"p. 2\" }] }
+++
See [[ft]], [[ft|the report]] and [[ft#key]] [@ft, p. 3; @ft].
=== content/companies/acme.fr.md
+++
name = \"Acme\"
+++
Voir [[ft|le rapport]] [@ft].
=== content/notes/other.md
+++
title = \"Other\"
+++
Nothing about [[acme]]; `[[ft]]` in code is no link. [[ftx]] is not it.
=== content/notes/ftx.md
+++
title = \"FTX\"
+++
Another.
";

/// A file of the built site at `dir`; for a folder (the search index's listings,
/// `search-index/d`), its files one after another.
fn read(dir: &Path, path: &str) -> String {
    let full = dir.join(path);
    if full.is_dir() {
        let mut files: Vec<_> = std::fs::read_dir(&full)
            .unwrap()
            .map(|f| f.unwrap().path())
            .collect();
        files.sort();
        return files
            .iter()
            .map(|f| std::fs::read_to_string(f).unwrap())
            .collect();
    }
    std::fs::read_to_string(full).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn run(args: &[&str]) -> (bool, String, String) {
    let out = dossier(args);
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn mv_rewrites_every_reference_and_leaves_other_files_alone() {
    let dir = dossier_from(NAMED);
    let root = dir.path().to_str().unwrap();
    let untouched = dir.path().join("content/notes/other.md");
    let before = std::fs::metadata(&untouched).unwrap().modified().unwrap();
    let before_text = read(dir.path(), "content/notes/other.md");
    std::thread::sleep(std::time::Duration::from_millis(20));

    let (ok, stdout, stderr) = run(&["mv", "ft", "ft-report", "--root", root]);
    assert!(ok, "{stderr}");
    for line in [
        "moved content/sources/ft.md to content/sources/ft-report.md",
        "moved content/sources/ft.fr.md to content/sources/ft-report.fr.md",
        "rewrote content/companies/acme.md (7 references)",
        "rewrote content/companies/acme.fr.md (2 references)",
    ] {
        assert!(stdout.contains(line), "{line} in {stdout}");
    }
    assert!(!stdout.contains("other.md"), "{stdout}");
    assert!(!dir.path().join("content/sources/ft.md").exists());
    assert!(!dir.path().join("content/sources/ft.fr.md").exists());
    assert_eq!(
        read(dir.path(), "content/companies/acme.md"),
        "+++\nname = \"Acme\"\nsources = [\"ft-report\"]\n\
         founded = { value = \"2015\", status = \"reported\", sources = [{ source = \"ft-report\", locator = \"p. 2\" }] }\n\
         +++\nSee [[ft-report]], [[ft-report|the report]] and [[ft-report#key]] [@ft-report, p. 3; @ft-report].\n"
    );
    assert_eq!(
        read(dir.path(), "content/companies/acme.fr.md"),
        "+++\nname = \"Acme\"\n+++\nVoir [[ft-report|le rapport]] [@ft-report].\n"
    );
    let moved = read(dir.path(), "content/sources/ft-report.md");
    assert!(moved.starts_with("+++\nold_slugs = [\"ft\"]"), "{moved}");
    assert_eq!(
        read(dir.path(), "content/sources/ft-report.fr.md"),
        "+++\ntitle = \"Le rapport du FT\"\n+++\nLe rapport.\n"
    );
    // Not one byte, not even the time, of a file that names nothing renamed.
    assert_eq!(read(dir.path(), "content/notes/other.md"), before_text);
    assert_eq!(
        std::fs::metadata(&untouched).unwrap().modified().unwrap(),
        before
    );
    // No temporary file left behind.
    for entry in walkdir::WalkDir::new(dir.path().join("content")) {
        let entry = entry.unwrap();
        assert!(
            !entry.file_name().to_string_lossy().contains("dossier-mv"),
            "{}",
            entry.path().display()
        );
    }

    // The site builds, and the old address redirects in both editions.
    let out = dir.path().join("public");
    let (ok, _, stderr) = run(&["build", "--root", root, "-o", out.to_str().unwrap()]);
    assert!(ok, "{stderr}");
    let redirect = read(&out, "sources/ft/index.html");
    for part in [
        "<meta http-equiv=\"refresh\" content=\"0; url=../../sources/ft-report/\">",
        "<link rel=\"canonical\" href=\"https://example.github.io/demo/sources/ft-report/\">",
        "<meta name=\"robots\" content=\"noindex\">",
        "<a href=\"../../sources/ft-report/\">The FT report</a>",
    ] {
        assert!(redirect.contains(part), "{part} in {redirect}");
    }
    let french = read(&out, "fr/sources/ft/index.html");
    assert!(
        french.contains("url=../../../fr/sources/ft-report/")
            || french.contains("url=../../sources/ft-report/"),
        "{french}"
    );
    assert!(
        french.contains("href=\"https://example.github.io/demo/fr/sources/ft-report/\""),
        "{french}"
    );
    assert!(french.contains("lang=\"fr\""), "{french}");
    for file in [
        "sitemap.xml",
        "search-index/d",
        "fr/search-index/d",
        "feed.xml",
    ] {
        let text = read(&out, file);
        assert!(!text.contains("sources/ft/"), "the redirect is in {file}");
    }
    assert!(read(&out, "sitemap.xml").contains("sources/ft-report/"));

    // A link to the old slug is told where the entry went.
    std::fs::write(
        &untouched,
        "+++\ntitle = \"Other\"\n+++\nSee [[ft]] and [@ft].\n",
    )
    .unwrap();
    let (ok, _, stderr) = run(&["check", "--root", root]);
    assert!(!ok);
    assert!(
        stderr.contains("`ft` was renamed to `ft-report`: write [[ft-report]]"),
        "{stderr}"
    );
    assert!(
        stderr.contains("`ft` was renamed to `ft-report`: write `ft-report`"),
        "{stderr}"
    );
}

#[test]
fn mv_refuses_what_it_cannot_do_safely_and_changes_nothing() {
    let dir = dossier_from(NAMED);
    let root = dir.path().to_str().unwrap();
    let snapshot = || -> Vec<(String, String)> {
        let mut files: Vec<(String, String)> = walkdir::WalkDir::new(dir.path())
            .into_iter()
            .filter_map(Result::ok)
            .filter(|e| e.file_type().is_file())
            .map(|e| {
                (
                    e.path().display().to_string(),
                    std::fs::read_to_string(e.path()).unwrap(),
                )
            })
            .collect();
        files.sort();
        files
    };
    let before = snapshot();
    for (args, says) in [
        (["ft", "acme"], "an entry already has the slug `acme`"),
        (["nope", "new"], "no entry has the slug `nope`"),
        (["ft", "Not_A_Slug"], "`Not_A_Slug` is not a valid slug"),
        (["ft", "ft"], "is already the entry's slug"),
    ] {
        let (ok, _, stderr) = run(&["mv", args[0], args[1], "--root", root]);
        assert!(!ok, "{args:?}");
        assert!(stderr.contains(says), "{says} in {stderr}");
        assert!(stderr.contains("nothing was changed"), "{stderr}");
    }
    // A file whose front matter cannot be read could name `ft`: no rename.
    std::fs::write(
        dir.path().join("content/notes/broken.md"),
        "+++\ntitle = \"B\nsources = [\"ft\"]\n+++\n",
    )
    .unwrap();
    let before = {
        let mut b = before;
        b.push((
            dir.path()
                .join("content/notes/broken.md")
                .display()
                .to_string(),
            read(dir.path(), "content/notes/broken.md"),
        ));
        b.sort();
        b
    };
    let (ok, _, stderr) = run(&["mv", "ft", "ft-report", "--root", root]);
    assert!(!ok);
    assert!(stderr.contains("content/notes/broken.md"), "{stderr}");
    assert!(stderr.contains("could hide references to it"), "{stderr}");
    assert_eq!(snapshot(), before);
}

#[test]
fn an_old_slug_that_is_a_live_slug_is_an_error() {
    let out = crate::problems(
        "=== content/notes/a.md\n+++\ntitle = \"A\"\nold_slugs = [\"b\"]\n+++\n\
         === content/notes/b.md\n+++\ntitle = \"B\"\n+++\n",
    );
    assert!(
        out.contains("the old slug `b` is the slug of `content/notes/b.md`"),
        "{out}"
    );
    assert!(out.contains("content/notes/a.md:3:"), "{out}");
}

#[test]
fn a_draft_named_by_a_published_entry_is_left_out_with_a_warning() {
    let spec = "=== content/companies/bigco.md\n+++\nname = \"BigCo\"\n+++\n\
                === content/companies/secretco.md\n+++\nname = \"SecretCo\"\ndraft = true\n+++\n\
                === content/sources/s.md\n+++\ntitle = \"S\"\npublisher = \"P\"\ndraft = true\n+++\n\
                === content/deals/d.md\n+++\ntitle = \"BigCo and SecretCo\"\ninvestor = [\"bigco\", \"secretco\"]\nrecipient = \"bigco\"\nmade = \"2023\"\n+++\nSee [[secretco|the other one]] [@s].\n\
                === content/notes/n.md\n+++\ntitle = \"N\"\ndate = 2024-01-01\n+++\nA note.\n\
                === content/notes/wip.md\n+++\ntitle = \"Work in progress\"\ndraft = true\ndate = 2024-02-01\n+++\nSee [[n]].\n";
    let dir = dossier_from(spec);
    let root = dir.path().to_str().unwrap();
    let out = dir.path().join("public");
    let (ok, _, stderr) = run(&["build", "--root", root, "-o", out.to_str().unwrap()]);
    assert!(ok, "{stderr}");
    assert!(
        stderr.contains("`secretco` is a draft: it is left out of this page until it is published"),
        "{stderr}"
    );
    assert!(stderr.contains("content/deals/d.md:3:22"), "{stderr}");
    assert!(
        stderr.contains("citation `[@s]`: `s` is a draft"),
        "{stderr}"
    );
    let deal = read(&out, "deals/d/index.html");
    assert!(
        deal.contains("<span class=\"wikilink draft-link\">the other one</span>"),
        "{deal}"
    );
    assert!(!deal.contains("companies/secretco/"), "{deal}");
    assert!(!deal.contains("sources/s/"), "{deal}");
    assert!(!dir.path().join("public/notes/wip").exists());

    // With --drafts: the drafts are there, marked, and in no sitemap, feed or search.
    let preview = dir.path().join("preview");
    let (ok, _, stderr) = run(&[
        "build",
        "--drafts",
        "--root",
        root,
        "-o",
        preview.to_str().unwrap(),
    ]);
    assert!(ok, "{stderr}");
    let wip = read(&preview, "notes/wip/index.html");
    assert!(
        wip.contains("<p class=\"draft-banner\" role=\"note\"><strong>Draft</strong>"),
        "{wip}"
    );
    assert!(!read(&preview, "notes/n/index.html").contains("draft-banner"));
    assert!(read(&preview, "deals/d/index.html").contains("companies/secretco/"));
    for file in ["sitemap.xml", "feed.xml", "search-index/d"] {
        let text = read(&preview, file);
        assert!(!text.contains("notes/wip/"), "a draft in {file}: {text}");
        assert!(!text.contains("companies/secretco/"), "a draft in {file}");
        assert!(text.contains("notes/n/"), "{file}");
    }
}

#[test]
fn the_draft_banner_is_french_in_the_french_edition() {
    let dir = dossier_from(
        "=== site.toml\ntitle = \"T\"\nbase_url = \"https://example.com/\"\nlanguages = [\"en\", \"fr\"]\n\
         === content/notes/wip.md\n+++\ntitle = \"W\"\ndraft = true\n+++\nText.\n",
    );
    let mut options = crate::options(dir.path());
    options.drafts = true;
    let site = dossier::compile(&options).unwrap_or_else(|r| panic!("{}", r.render(false)));
    let page = site.page("fr/notes/wip/index.html").unwrap();
    assert!(page.contains("<strong>Brouillon</strong>"), "{page}");
}

/// A small PNG (1×1), for bundles.
const PNG: &[u8] = &[
    0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x48, 0x44, 0x52,
    0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x06, 0x00, 0x00, 0x00, 0x1F, 0x15, 0xC4,
    0x89, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x44, 0x41, 0x54, 0x78, 0x9C, 0x63, 0x00, 0x01, 0x00, 0x00,
    0x05, 0x00, 0x01, 0x0D, 0x0A, 0x2D, 0xB4, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45, 0x4E, 0x44, 0xAE,
    0x42, 0x60, 0x82,
];

#[test]
fn an_entry_that_is_a_folder_moves_as_a_whole_and_its_picture_follows() {
    let dir = dossier_from(
        "=== content/notes/wip/index.md\n+++\ntitle = \"Work\"\n+++\n![A chart of shares](chart.png)\n\
         === content/notes/other.md\n+++\ntitle = \"Other\"\n+++\nSee [[wip]].\n",
    );
    std::fs::write(dir.path().join("content/notes/wip/chart.png"), PNG).unwrap();
    let root = dir.path().to_str().unwrap();
    let (ok, _, stderr) = run(&["mv", "wip", "shares", "--root", root]);
    assert!(ok, "{stderr}");
    let notes = dir.path().join("content/notes");
    assert!(!notes.join("wip").exists(), "the old folder is gone");
    assert_eq!(std::fs::read(notes.join("shares/chart.png")).unwrap(), PNG);
    assert!(read(&notes, "other.md").contains("[[shares]]"));
    let out = dir.path().join("out");
    let (ok, _, stderr) = run(&["build", "--root", root, "--output", out.to_str().unwrap()]);
    assert!(ok, "{stderr}");
    assert!(read(&out, "notes/shares/index.html").contains("src=\"../../notes/shares/chart.png\""));
    assert!(read(&out, "notes/wip/index.html").contains("url=../../notes/shares/"));
}

#[test]
fn a_drafts_folder_keeps_its_files_out_of_the_site() {
    let dir = dossier_from(
        "=== content/notes/wip/index.md\n+++\ntitle = \"Work\"\ndraft = true\n+++\n![A chart of shares](chart.png)\n\
         === content/notes/n.md\n+++\ntitle = \"N\"\n+++\nText.\n",
    );
    std::fs::write(dir.path().join("content/notes/wip/chart.png"), PNG).unwrap();
    let root = dir.path().to_str().unwrap();
    let out = dir.path().join("out");
    let (ok, _, stderr) = run(&["build", "--root", root, "--output", out.to_str().unwrap()]);
    assert!(ok, "{stderr}");
    assert!(
        !out.join("notes/wip").exists(),
        "a draft's picture was published"
    );
    let preview = dir.path().join("preview");
    let (ok, _, stderr) = run(&[
        "build",
        "--drafts",
        "--root",
        root,
        "--output",
        preview.to_str().unwrap(),
    ]);
    assert!(ok, "{stderr}");
    assert!(preview.join("notes/wip/chart.png").is_file());
}

#[test]
fn a_file_cannot_take_the_place_of_a_pages_preview_card() {
    let dir = dossier_from(
        "=== content/notes/n/index.md\n+++\ntitle = \"N\"\n+++\nText.\n=== content/notes/n/preview.json\n{}\n",
    );
    let (ok, _, stderr) = run(&["check", "--root", dir.path().to_str().unwrap()]);
    assert!(!ok);
    assert!(
        stderr.contains("`content/notes/n/preview.json` would replace the preview card that dossier writes beside the page"),
        "{stderr}"
    );
}
