//! Building: output layout, overrides, escaping, and never losing the previous site.

use crate::{ACME, dossier_from, options, problems, site};

#[test]
fn pretty_urls_and_relative_links() {
    let s = site(
        "=== content/companies/acme.md\n+++\nname = \"Acme\"\n+++\nSee [[beta|the other one]].\n\
                  === content/companies/beta.md\n+++\nname = \"Beta\"\nsummary = \"B.\"\n+++\n",
    );
    let acme = s.page("companies/acme/index.html").unwrap();
    assert!(
        acme.contains(
            r#"<a class="wikilink" href="../../companies/beta/" data-kind="company">the other one</a>"#
        ),
        "{acme}"
    );
    let beta = s.page("companies/beta/index.html").unwrap();
    assert!(
        beta.contains(r#"<li><a href="../../companies/acme/">Acme</a>"#),
        "backlink: {beta}"
    );
}

#[test]
fn front_matter_text_is_escaped_everywhere() {
    let s = site(
        "=== content/companies/acme.md\n+++\nname = \"<script>alert(1)</script>\"\n\
                  summary = \"\\\"><img src=x onerror=alert(1)>\"\n+++\n\
                  === content/notes/n.md\n+++\ntitle = \"N\"\n+++\n[[acme]]\n",
    );
    for path in [
        "companies/acme/index.html",
        "companies/index.html",
        "notes/n/index.html",
    ] {
        let html = s.page(path).unwrap();
        assert!(!html.contains("<script>alert"), "{path}: {html}");
        assert!(!html.contains("<img src=x"), "{path}");
        assert!(!html.contains("href=\"javascript:"), "{path}");
    }
}

#[test]
fn a_dossier_template_or_static_file_overrides_the_theme() {
    let s = site(
        "=== templates/collection.html\n{% extends \"base.html\" %}{% block content %}<p>MY LIST {{ entries | length }}</p>{% endblock content %}\n\
                  === static/style.css\nbody { color: red }\n\
                  === static/img/logo.svg\n<svg/>\n\
                  === content/notes/n.md\n+++\ntitle = \"N\"\n+++\n",
    );
    assert!(s.page("notes/index.html").unwrap().contains("MY LIST 1"));
    assert_eq!(s.page("style.css").unwrap(), "body { color: red }\n");
    assert!(s.file("img/logo.svg").is_some());
    assert!(
        s.file("dossier.js").is_some(),
        "theme files not overridden are kept"
    );
}

#[test]
fn cname_is_written_when_configured() {
    let s = site(
        "=== site.toml\ntitle = \"T\"\nbase_url = \"https://news.example.org/\"\ncname = \"news.example.org\"\n",
    );
    assert_eq!(s.page("CNAME"), Some("news.example.org\n"));
}

#[test]
fn code_blocks_are_highlighted_with_classes() {
    let s = site("=== content/notes/n.md\n+++\ntitle = \"N\"\n+++\n```rust\nfn main() {}\n```\n");
    let html = s.page("notes/n/index.html").unwrap();
    assert!(
        html.contains(
            "<pre class=\"code\" tabindex=\"0\" data-lang=\"rust\"><code><span class=\"hl-"
        ),
        "{html}"
    );
}

#[test]
fn build_writes_the_site_and_replaces_stale_files() {
    let dir = dossier_from("=== content/notes/a.md\n+++\ntitle = \"A\"\n+++\n");
    let out = dir.path().join("public");
    dossier::build(&options(dir.path())).unwrap().unwrap();
    assert!(out.join("notes/a/index.html").is_file());
    assert!(out.join(".nojekyll").is_file());
    std::fs::rename(
        dir.path().join("content/notes/a.md"),
        dir.path().join("content/notes/b.md"),
    )
    .unwrap();
    dossier::build(&options(dir.path())).unwrap().unwrap();
    assert!(out.join("notes/b/index.html").is_file());
    assert!(
        !out.join("notes/a").exists(),
        "stale pages do not survive a build"
    );
}

#[test]
fn a_failed_build_leaves_the_previous_output_untouched() {
    let dir = dossier_from("=== content/notes/a.md\n+++\ntitle = \"A\"\n+++\n");
    let out = dir.path().join("public");
    dossier::build(&options(dir.path())).unwrap().unwrap();
    let before = std::fs::read(out.join("notes/a/index.html")).unwrap();
    std::fs::write(
        dir.path().join("content/notes/a.md"),
        "+++\ntitle = \"A\"\n+++\n[[nowhere]]\n",
    )
    .unwrap();
    assert!(dossier::build(&options(dir.path())).unwrap().is_err());
    assert_eq!(
        std::fs::read(out.join("notes/a/index.html")).unwrap(),
        before
    );
    let leftovers: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().starts_with(".public"))
        .collect();
    assert!(leftovers.is_empty(), "no staging folder left behind");
}

#[test]
fn refuses_to_build_over_the_dossier_or_a_foreign_folder() {
    let dir = dossier_from("=== content/notes/a.md\n+++\ntitle = \"A\"\n+++\n");
    let name = dir.path().file_name().unwrap().to_str().unwrap().to_owned();
    let attempts = [
        dir.path().to_path_buf(),
        // `..` is resolved: this is the dossier again.
        dir.path().join("content").join("..").join(".."),
        dir.path().join("..").join(&name),
        dir.path().join("content/out"),
        dir.path().join("site.toml"),
    ];
    for output in attempts {
        let mut opts = options(dir.path());
        opts.output = Some(output.clone());
        let err = dossier::build(&opts).unwrap_err();
        assert!(
            err.to_string().contains("refusing"),
            "{}: {err}",
            output.display()
        );
        assert!(dir.path().join("content/notes/a.md").is_file());
        assert!(dir.path().join("site.toml").is_file());
    }
    // A folder with someone else's files is not replaced; an earlier build's output is.
    let foreign = dir.path().join("documents");
    std::fs::create_dir(&foreign).unwrap();
    std::fs::write(foreign.join("thesis.txt"), "precious").unwrap();
    let mut opts = options(dir.path());
    opts.output = Some(foreign.clone());
    assert!(
        dossier::build(&opts)
            .unwrap_err()
            .to_string()
            .contains("dossier did not write it")
    );
    assert!(foreign.join("thesis.txt").is_file());
    opts.output = Some(dir.path().join("site-out"));
    dossier::build(&opts).unwrap().unwrap();
    dossier::build(&opts).unwrap().unwrap();
}

#[test]
fn a_wikilink_by_name_keeps_the_words_as_written() {
    let s = site(
        "=== content/glossary/llm.md\n+++\nterm = \"Large language model\"\naliases = [\"LLM\"]\n+++\nDef.\n\
                  === content/notes/n.md\n+++\ntitle = \"N\"\n+++\nA [[large language model]], an [[llm]], an [[LLM]].\n",
    );
    let html = s.page("notes/n/index.html").unwrap();
    assert!(html.contains(">large language model</a>"), "{html}");
    assert!(
        html.contains(">Large language model</a>, an"),
        "by slug: the entry's name: {html}"
    );
    assert!(html.contains(">LLM</a>."), "{html}");
}

#[test]
fn links_with_encoded_characters_resolve() {
    let s = site(
        "=== static/my logo.png\npng\n=== content/notes/n.md\n+++\ntitle = \"N\"\n+++\n## Café {#café}\n\n![logo](../../my%20logo.png) [up](#café)\n",
    );
    assert!(
        s.page("notes/n/index.html")
            .unwrap()
            .contains("my%20logo.png")
    );
}

#[test]
fn glossary_files_accented_capitals_under_their_letter() {
    let s = site(
        "=== content/glossary/ethique.md\n+++\nterm = \"Éthique\"\n+++\nD.\n\
                  === content/glossary/ethics.md\n+++\nterm = \"Ethics\"\n+++\nD.\n",
    );
    let html = s.page("glossary/index.html").unwrap();
    assert_eq!(
        html.matches("<h2 id=\"letter-e-title\">E</h2>").count(),
        1,
        "{html}"
    );
    assert!(!html.contains(">É</h2>"), "{html}");
}

#[test]
fn footnotes_of_several_terms_keep_distinct_ids_on_the_glossary() {
    let s = site(
        "=== content/glossary/a.md\n+++\nterm = \"A\"\n+++\nA[^1].\n\n[^1]: Note A.\n\
                  === content/glossary/b.md\n+++\nterm = \"B\"\n+++\nB[^1].\n\n[^1]: Note B.\n",
    );
    let html = s.page("glossary/index.html").unwrap();
    assert!(
        html.contains("id=\"a-fn-1\"") && html.contains("id=\"b-fn-1\""),
        "{html}"
    );
}

#[test]
fn a_body_shown_on_the_glossary_keeps_its_own_links() {
    let s = site(
        "=== static/logo.png\npng\n=== content/glossary/t.md\n+++\nterm = \"T\"\n+++\n## Part\n\n![logo](../../logo.png) [up](#part) [web](https://example.org/)\n",
    );
    let glossary = s.page("glossary/index.html").unwrap();
    // Written from the entry's page, as before files could sit beside the text: the
    // glossary links the file from where it is.
    assert!(glossary.contains(r#"src="../logo.png""#), "{glossary}");
    assert!(glossary.contains(r##"href="#t-part""##), "{glossary}");
    assert!(
        glossary.contains(r#"href="https://example.org/""#),
        "{glossary}"
    );
}

#[test]
fn static_files_cannot_replace_the_files_dossier_generates() {
    // Each of these was served in place of the generated file, without a word.
    let generated = [
        "feed.xml",
        "sitemap.xml",
        "robots.txt",
        "search-index/meta.json",
        "data/dossier.json",
        "data/deals.csv",
        "syntax-light.css",
        "CNAME",
    ];
    let mut spec = format!(
        "{ACME}=== site.toml\ntitle = \"T\"\nbase_url = \"https://example.test/\"\ncname = \"example.test\"\n"
    );
    for name in generated {
        spec.push_str(&format!("=== static/{name}\nstale\n"));
    }
    let out = problems(&spec);
    for name in generated {
        assert!(
            out.contains(&format!(
                "`static/{name}` would replace the `{name}` that dossier writes"
            )),
            "{name}: {out}"
        );
    }
}

#[test]
fn static_overrides_of_the_theme_and_well_known_files_are_published() {
    let site = site(&format!(
        "{ACME}=== static/style.css\nbody {{ color: red }}\n\
         === static/.well-known/security.txt\nContact: mailto:a@example.test\n\
         === static/.DS_Store\njunk\n=== static/notes.txt~\nbackup\n"
    ));
    assert_eq!(
        site.file("style.css").map(|f| f.bytes.as_slice()),
        Some(&b"body { color: red }\n"[..])
    );
    assert!(site.file(".well-known/security.txt").is_some());
    assert!(site.file(".DS_Store").is_none());
    assert!(site.file("notes.txt~").is_none());
}

#[test]
fn raw_html_links_of_a_body_work_on_the_print_edition_and_the_glossary() {
    // They were left as written, broke where the body is shown off its page, and the
    // link check blamed templates/print.html.
    let s = site(
        "=== static/logo.png\npng\n=== content/glossary/t.md\n+++\nterm = \"T\"\n+++\n## Part\n\n\
         Raw <a href=\"#part\">up</a> <img src=\"../../logo.png\" alt=\"logo\">\n",
    );
    let glossary = s.page("glossary/index.html").unwrap();
    assert!(
        glossary.contains(r##"<a href="#t-part">up</a>"##),
        "{glossary}"
    );
    assert!(
        glossary.contains(r#"<img src="../glossary/t/../../logo.png""#),
        "{glossary}"
    );
    let print = s.page("print/index.html").unwrap();
    assert!(
        print.contains(r#"<img src="../glossary/t/../../logo.png""#),
        "{print}"
    );
    let own = s.page("glossary/t/index.html").unwrap();
    assert!(own.contains(r#"<img src="../../logo.png""#), "{own}");
}
