//! Hostile and pathological input: no panic, no stack overflow, nothing written
//! outside the output folder, and links out of the dossier refused.

use crate::{ACME, dossier_from, options, problems};

const NOTE_HEAD: &str = "+++\ntitle = \"Stress\"\ndate = 2023-02-04\n+++\n";

/// Compiles `body` as a note in a dossier that also has a company, in this test's
/// thread (2 MB of stack by default, less than a main thread's 8 MB), so deep
/// recursion anywhere in the pipeline shows up here.
fn compile_note(body: &str) -> Result<dossier::Site, String> {
    let dir = dossier_from(&format!(
        "{ACME}=== content/glossary/rlhf.md\n+++\nterm = \"RLHF\"\nsummary = \"Feedback.\"\n+++\nA term.\n"
    ));
    std::fs::create_dir_all(dir.path().join("content/notes")).unwrap();
    std::fs::write(
        dir.path().join("content/notes/stress.md"),
        format!("{NOTE_HEAD}{body}"),
    )
    .unwrap();
    dossier::compile(&options(dir.path())).map_err(|r| r.render(false))
}

#[test]
fn twenty_thousand_nested_blockquotes_build() {
    let body = format!("{}deep [[acme]]\n", "> ".repeat(20_000));
    let site = compile_note(&body).expect("nested quotes build");
    assert!(site.page("notes/stress/index.html").is_some());
}

#[test]
fn twenty_thousand_brackets_and_emphasis_markers_build() {
    let body = format!(
        "{}acme{}\n\n{}\n\n{}\n\n{}\n\n{}x{}\n",
        "[".repeat(20_000),
        "]".repeat(20_000),
        "[[".repeat(10_000),
        "[@".repeat(10_000),
        "(".repeat(20_000),
        "*".repeat(20_000),
        "*".repeat(20_000),
    );
    compile_note(&body).expect("brackets build");
}

#[test]
fn deeply_nested_lists_build() {
    let body: String = (0..2_000)
        .map(|i| format!("{}- x\n", "  ".repeat(i)))
        .collect();
    compile_note(&body).expect("nested lists build");
}

#[test]
fn a_five_megabyte_note_builds() {
    let para = "A line about [[acme]] and RLHF, with *emphasis*, `code` and a [link](https://example.com/).\n";
    let body = format!("{}\n", para.repeat(5)).repeat(5_000_000 / (para.len() * 5 + 1));
    assert!(body.len() > 4_900_000);
    let site = compile_note(&body).expect("a big note builds");
    let page = site.page("notes/stress/index.html").expect("page");
    assert!(page.len() > body.len(), "the whole body is rendered");
}

#[test]
fn very_long_names_build() {
    let name = "Longname ".repeat(2_000);
    let dir = dossier_from(&format!(
        "=== content/companies/long.md\n+++\nname = \"{name}\"\naliases = [\"{name}x\"]\n+++\nSee [[{}]].\n",
        name.trim()
    ));
    dossier::compile(&options(dir.path())).expect("long names build");
}

#[cfg(unix)]
#[test]
fn symlinks_and_symlink_loops_are_refused_by_name() {
    use std::os::unix::fs::symlink;
    let dir = dossier_from(ACME);
    let notes = dir.path().join("content/notes");
    std::fs::create_dir_all(&notes).unwrap();
    symlink("loop", notes.join("loop")).unwrap();
    symlink("/etc", notes.join("outside")).unwrap();
    symlink("../companies/acme.md", notes.join("copy.md")).unwrap();
    let out = match dossier::compile(&options(dir.path())) {
        Ok(_) => panic!("symbolic links must be refused"),
        Err(report) => report.render(false),
    };
    for name in ["loop", "outside", "copy.md"] {
        assert!(
            out.contains(&format!("`content/notes/{name}` is a symbolic link")),
            "{name}: {out}"
        );
    }
    assert!(out.contains("copy the file into the dossier"), "{out}");
}

#[test]
fn a_missing_closing_fence_points_at_the_opening_one() {
    let out = problems(&format!(
        "{ACME}=== content/notes/open.md\n+++\ntitle = \"Open\"\n\nBody.\n"
    ));
    assert!(out.contains("error: front matter is not closed"), "{out}");
    assert!(out.contains("content/notes/open.md:1:1"), "{out}");
    assert!(
        out.contains("help: add a line `+++` after the last front matter key"),
        "{out}"
    );
}

/// Copies the bundled dossier's sources into `to`, file by file in the given order,
/// so the folders list their entries in that order on most file systems.
fn copy_bundled(to: &std::path::Path, reverse: bool, mtime: Option<std::time::SystemTime>) {
    let root = crate::repo_root();
    let mut files: Vec<_> = ["site.toml", "content", "templates", "static"]
        .iter()
        .flat_map(|top| walkdir::WalkDir::new(root.join(top)))
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| e.into_path())
        .collect();
    files.sort();
    if reverse {
        files.reverse();
    }
    for file in files {
        let rel = file.strip_prefix(&root).unwrap();
        let dest = to.join(rel);
        std::fs::create_dir_all(dest.parent().unwrap()).unwrap();
        std::fs::copy(&file, &dest).unwrap();
        if let Some(time) = mtime {
            std::fs::File::options()
                .write(true)
                .open(&dest)
                .and_then(|f| f.set_modified(time))
                .unwrap();
        }
    }
}

/// Every file of a built site, by relative path.
fn tree(dir: &std::path::Path) -> std::collections::BTreeMap<String, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e
                .path()
                .strip_prefix(dir)
                .unwrap()
                .to_string_lossy()
                .into_owned();
            (rel, std::fs::read(e.path()).unwrap())
        })
        .collect()
}

#[test]
fn builds_from_different_walk_orders_and_file_times_are_byte_identical() {
    let a = tempfile::tempdir().unwrap();
    let b = tempfile::tempdir().unwrap();
    copy_bundled(a.path(), false, None);
    // Twenty-five years earlier, and created in the opposite order.
    let old = std::time::UNIX_EPOCH + std::time::Duration::from_secs(978_307_200);
    copy_bundled(b.path(), true, Some(old));
    let site_a = built(a.path(), &a.path().join("public"));
    let site_b = built(b.path(), &b.path().join("public"));
    assert!(site_a.len() > 50, "{} files", site_a.len());
    assert_eq!(
        site_a.keys().collect::<Vec<_>>(),
        site_b.keys().collect::<Vec<_>>()
    );
    for (path, bytes) in &site_a {
        assert!(
            bytes == &site_b[path],
            "{path} differs between the two builds"
        );
    }
}

/// Builds the dossier at `root` into `out` and returns the site's files.
fn built(
    root: &std::path::Path,
    out: &std::path::Path,
) -> std::collections::BTreeMap<String, Vec<u8>> {
    let status = std::process::Command::new(env!("CARGO_BIN_EXE_dossier"))
        .args(["build", "--quiet", "--root"])
        .arg(root)
        .arg("--output")
        .arg(out)
        .status()
        .expect("run dossier");
    assert!(status.success());
    tree(out)
}

#[test]
fn a_build_killed_at_any_moment_leaves_a_whole_site() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    copy_bundled(root, false, None);
    let site_toml = std::fs::read_to_string(root.join("site.toml")).unwrap();
    let versions = [
        site_toml.clone(),
        site_toml.replacen("title = \"", "title = \"New: ", 1),
    ];
    assert_ne!(versions[0], versions[1]);
    let mut expected = Vec::new();
    for (i, version) in versions.iter().enumerate() {
        std::fs::write(root.join("site.toml"), version).unwrap();
        expected.push(built(root, &root.join(format!("expected-{i}"))));
    }
    let public = root.join("public");
    // How long a whole build takes here, to spread the kills over it.
    let started = std::time::Instant::now();
    assert!(built(root, &public) == expected[1]);
    let full = started.elapsed().as_micros() as u64;
    for round in 0..24u64 {
        std::fs::write(root.join("site.toml"), &versions[(round % 2) as usize]).unwrap();
        let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_dossier"))
            .args(["build", "--quiet", "--root"])
            .arg(root)
            .spawn()
            .expect("run dossier");
        // From the very start to past the end, in steps of a twentieth.
        std::thread::sleep(std::time::Duration::from_micros(full * round / 20));
        let _ = child.kill();
        let _ = child.wait();
        let now = tree(&public);
        assert!(
            now == expected[0] || now == expected[1],
            "round {round}: public/ is neither the old site nor the new one ({} files)",
            now.len()
        );
    }
    // The next build cleans up whatever the killed ones left beside public/.
    built(root, &public);
    let leftovers: Vec<_> = std::fs::read_dir(root)
        .unwrap()
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".public."))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[test]
fn hostile_front_matter_is_inert_in_every_output() {
    let evil = r#"</script><script>alert(1)</script> \" & ' ]]> <!--"#;
    let site = crate::site(&format!(
        "=== content/companies/acme.md\n+++\nname = \"{evil}\"\nsummary = \"{evil}\"\n+++\nBody.\n\
         === content/companies/b.md\n+++\nname = \"B\"\n+++\n\
         === content/deals/d.md\n+++\ntitle = \"=HYPERLINK(\\\"http://x\\\")\"\ninvestor = \"acme\"\n\
         recipient = \"b\"\nannounced = 2023-02-03\nsummary = \"@SUM(A1) {evil}\"\n+++\n\
         === content/notes/n.md\n+++\ntitle = \"{evil}\"\ndate = 2023-02-04\n+++\nSee [[acme]] and [[d]].\n"
    ));
    let name = evil.replace("\\\"", "\"");
    // Markup (pages, their JSON-LD, the feed and sitemap) never carries the tags live;
    // the JSON and CSV exports are data, checked below.
    for file in site
        .files
        .iter()
        .filter(|f| f.path.ends_with(".html") || f.path.ends_with(".xml"))
    {
        let text = String::from_utf8_lossy(&file.bytes);
        assert!(
            !text.contains("<script>alert"),
            "{} runs the script",
            file.path
        );
        assert!(!text.contains("href=\"javascript:"), "{}", file.path);
    }
    // JSON (the data export and each page's JSON-LD) parses and keeps the text exactly.
    let json: serde_json::Value =
        serde_json::from_slice(&site.file("data/dossier.json").expect("dossier.json").bytes)
            .expect("dossier.json parses");
    assert!(
        json.to_string()
            .contains(&serde_json::to_string(&name).unwrap()[1..20])
    );
    let page = site.page("companies/acme/index.html").unwrap();
    for block in page.split("<script type=\"application/ld+json\">").skip(1) {
        let ld = block.split("</script>").next().unwrap();
        let value: serde_json::Value = serde_json::from_str(ld).expect("JSON-LD parses");
        assert!(
            value.to_string().contains("alert(1)"),
            "the name is kept, as text"
        );
    }
    // CSV: the title that a spreadsheet would run is written as text.
    let csv = String::from_utf8_lossy(&site.file("data/deals.csv").unwrap().bytes).into_owned();
    let mut reader = csv::Reader::from_reader(csv.as_bytes());
    let headers = reader.headers().unwrap().clone();
    let row = reader.records().next().unwrap().unwrap();
    for (header, value) in headers.iter().zip(row.iter()) {
        assert!(
            !value.starts_with(['=', '+', '@']),
            "{header} would run as a formula: {value}"
        );
    }
    // The Atom feed keeps the note's title as escaped text.
    let feed = String::from_utf8_lossy(&site.file("feed.xml").unwrap().bytes).into_owned();
    assert!(feed.contains("&lt;/script&gt;"), "{feed}");
}

#[test]
fn ten_thousand_entries_build() {
    let dir = dossier_from(ACME);
    let glossary = dir.path().join("content/glossary");
    std::fs::create_dir_all(&glossary).unwrap();
    let n = 10_000;
    for i in 0..n {
        std::fs::write(
            glossary.join(format!("term-{i}.md")),
            format!(
                "+++\nterm = \"Term number {i} x\"\nsummary = \"A term.\"\n+++\n\
                 See [[term-{}]] and Term number {} x here.\n",
                (i + 1) % n,
                (i + 7) % n
            ),
        )
        .unwrap();
    }
    let site = dossier::compile(&options(dir.path())).expect("10,000 entries build");
    assert!(site.pages() > n, "{} pages", site.pages());
    let page = site.page("glossary/term-0/index.html").unwrap();
    assert!(
        page.contains("href=\"../../glossary/term-1/\""),
        "wikilink resolved"
    );
    assert!(
        page.contains("href=\"../../glossary/term-7/\""),
        "autolinked by name"
    );
}

// Quadratic steps (issue "Safe by default"). Each of these inputs took 3 to more than
// 5 minutes in a debug build when one step was quadratic in it, and takes about a
// second now: a regression shows as a test that hangs past CI's time budget, not as a
// timed assertion. `scripts/stress.py` prints how their cost grows.

#[test]
fn ten_thousand_identical_headings_are_numbered_in_order() {
    let site = compile_note(&"## a\n\n".repeat(10_000)).expect("headings build");
    let page = site.page("notes/stress/index.html").expect("page");
    for id in ["a", "a-1", "a-2", "a-9999"] {
        assert!(page.contains(&format!("<h2 id=\"{id}\">a</h2>")), "{id}");
    }
    assert!(!page.contains("id=\"a-10000\""));
    assert_eq!(page.matches("<h2 id=\"a").count(), 10_000);
}

#[test]
fn ten_thousand_wikilinks_in_one_paragraph_build() {
    let body = format!("{}the end.\n", "See [[acme]] and ".repeat(10_000));
    let site = compile_note(&body).expect("wikilinks build");
    let page = site.page("notes/stress/index.html").expect("page");
    assert_eq!(page.matches(">Acme</a> and").count(), 10_000);
    // Acme's page quotes the note once, around its first mention: the paragraph is
    // one sentence of 170 KB, cut to a window.
    let acme = site.page("companies/acme/index.html").expect("acme");
    assert_eq!(acme.matches("class=\"backlink-context\"").count(), 1);
    let quote = acme
        .split("<blockquote class=\"backlink-context\"><p>")
        .nth(1)
        .and_then(|q| q.split("</p>").next())
        .expect("a quote");
    assert!(quote.starts_with("See Acme and See Acme and"), "{quote}");
    assert!(quote.ends_with('…'), "{quote}");
    assert!(quote.chars().count() <= 281, "{quote}");
}

#[test]
fn ten_thousand_citations_in_one_paragraph_build() {
    let dir = dossier_from(&format!(
        "{ACME}=== content/sources/src.md\n+++\ntitle = \"The source\"\npublisher = \"P\"\n+++\nA source.\n\
         === content/notes/stress.md\n{NOTE_HEAD}{}so on.\n",
        "As reported [@src] and ".repeat(10_000)
    ));
    let site = dossier::compile(&options(dir.path()))
        .unwrap_or_else(|report| panic!("{}", report.render(false)));
    let page = site.page("notes/stress/index.html").expect("page");
    assert!(page.contains("id=\"cite-1-1\""));
    assert!(page.contains("id=\"cite-1-10000\""));
    assert!(!page.contains("id=\"cite-1-10001\""));
    // The source's page quotes the note once, around its first citation.
    let source = site.page("sources/src/index.html").expect("source");
    assert_eq!(source.matches("class=\"backlink-context\"").count(), 1);
    let quote = source
        .split("<blockquote class=\"backlink-context\"><p>")
        .nth(1)
        .and_then(|q| q.split("</p>").next())
        .expect("a quote");
    assert!(quote.starts_with("As reported"), "{quote}");
    assert!(
        quote.contains(" and As reported and As reported "),
        "{quote}"
    );
    assert!(quote.ends_with('…'), "{quote}");
}

/// Companies `company-0` … `company-(n-1)`, each the subsidiary of the next; the last
/// one's parent is `last_parent`.
fn parent_chain(n: usize, last_parent: &str) -> tempfile::TempDir {
    let dir = dossier_from(ACME);
    let companies = dir.path().join("content/companies");
    for i in 0..n {
        let parent = if i + 1 < n {
            format!("company-{}", i + 1)
        } else {
            last_parent.to_owned()
        };
        std::fs::write(
            companies.join(format!("company-{i}.md")),
            format!("+++\nname = \"Company {i}\"\nparent = \"{parent}\"\n+++\nA company.\n"),
        )
        .unwrap();
    }
    dir
}

#[test]
fn a_chain_of_five_thousand_parents_resolves() {
    // Rendering 5,000 pages takes a while in a debug build: a problem elsewhere (a bad
    // date) stops the build once every reference is checked, which is what is tested.
    let dir = parent_chain(5_000, "acme");
    std::fs::create_dir_all(dir.path().join("content/notes")).unwrap();
    std::fs::write(
        dir.path().join("content/notes/n.md"),
        "+++\ntitle = \"N\"\ndate = \"Feb 2023\"\n+++\n",
    )
    .unwrap();
    let out = dossier::check(&options(dir.path()))
        .expect_err("the bad date")
        .render(false);
    assert_eq!(out.matches("error:").count(), 1, "{out}");
    assert!(out.contains("`Feb 2023` is not a valid date"), "{out}");
}

#[test]
fn a_cycle_of_five_thousand_parents_is_reported_once_and_briefly() {
    let dir = parent_chain(5_000, "company-0");
    let report = dossier::check(&options(dir.path())).expect_err("a cycle");
    let out = report.render(false);
    assert_eq!(out.matches("forms a cycle").count(), 1, "{out}");
    assert!(
        out.contains(
            "`parent` forms a cycle: company-0 → company-1 → company-2 → … → \
             company-4998 → company-4999 → company-0 (5000 companies)"
        ),
        "{out}"
    );
    assert!(out.contains("content/companies/company-0.md:3:10"), "{out}");
}
