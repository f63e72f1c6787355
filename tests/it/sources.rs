//! Citations anchored to the words, and sources kept against link rot: what a reader
//! sees of `[@source, "words"]`, `retrieved` and `archive` (the fixture
//! `tests/fixtures/quoted`, in English and French).

use std::sync::OnceLock;

use crate::{options, repo_root, short_problems, text_of};

const CNBC: &str = "https://www.cnbc.com/2022/12/13/google-execs-warn-of-reputational-risk-with-chatgbt-like-tool.html";

/// The fixture, built once.
fn built() -> &'static dossier::Site {
    static SITE: OnceLock<dossier::Site> = OnceLock::new();
    SITE.get_or_init(|| {
        let root = repo_root().join("tests/fixtures/quoted");
        match dossier::compile(&options(&root)) {
            Ok(site) => site,
            Err(report) => panic!("{}", report.render(false)),
        }
    })
}

fn page(path: &str) -> &'static str {
    built()
        .page(path)
        .unwrap_or_else(|| panic!("no page {path}"))
}

/// The reference list of a page.
fn references(html: &str) -> &str {
    let start = html
        .find("<section class=\"references\"")
        .expect("a reference list");
    let end = html[start..].find("</section>").expect("its end") + start;
    &html[start..end]
}

#[test]
fn the_reference_list_shows_the_quoted_words_linking_to_their_passage() {
    let refs = references(page("notes/caution/index.html"));
    // Each quote once, in the source's language, linking to the passage.
    assert!(
        refs.contains(&format!(
            "<q lang=\"en\"><a href=\"{CNBC}#:~:text=reputational%20risk\" rel=\"external noopener\" title=\"Read this passage in the source\">reputational risk</a></q>"
        )),
        "{refs}"
    );
    assert!(
        refs.contains(&format!(
            "{CNBC}#:~:text=more%20conservatively%20than%20a%20small%20startup\""
        )),
        "{refs}"
    );
    // A long quote links to its first and last words.
    assert!(
        refs.contains(&format!(
            "{CNBC}#:~:text=We%20are%20absolutely%20looking,than%20under%20the%20covers\""
        )),
        "{refs}"
    );
    // When the author read it, and the archived copy.
    let text = text_of(refs);
    assert!(
        text.contains("Read the source (retrieved 6 February 2023; archived copy)"),
        "{text}"
    );
    assert!(
        refs.contains(
            "<a class=\"ref-archive\" href=\"https://web.archive.org/web/20230206000000/https://www.cnbc.com/"
        ),
        "{refs}"
    );
    // A source cited without words, and without a web page, shows neither.
    let memo = &refs[refs.find("id=\"ref-2\"").expect("the memo")..];
    assert!(!memo.contains("<q"), "{memo}");
    assert!(!memo.contains("archived"), "{memo}");
    // The citation in the text keeps its locator but not the words.
    let html = page("notes/caution/index.html");
    assert!(html.contains("role=\"doc-biblioref\" title=\"Google execs warn company&#39;s reputation could suffer if it moves too fast on AI-chat technology\">1</a>, para. 4]</sup>"), "{html}");
    let body = &html[..html.find("<section class=\"references\"").unwrap()];
    assert!(!text_of(body).contains("reputational risk]"), "{body}");
}

#[test]
fn the_french_edition_says_it_in_french() {
    let refs = references(page("fr/notes/caution/index.html"));
    let text = text_of(refs);
    assert!(
        text.contains("Lire la source (consulté le 6 février 2023; copie archivée)"),
        "{text}"
    );
    // The French quote marks « … » delimit the words; the words keep their language.
    assert!(
        refs.contains(&format!(
            "<q lang=\"en\"><a href=\"{CNBC}#:~:text=reputational%20risk\" rel=\"external noopener\" title=\"Lire ce passage dans la source\">reputational risk</a></q>"
        )),
        "{refs}"
    );
    assert!(text.contains("13 décembre 2022"), "{text}");
    for english in [
        "retrieved",
        "archived copy",
        "Read the",
        "December",
        "January",
    ] {
        assert!(!text.contains(english), "{english} in {text}");
    }
    let source = text_of(page("fr/sources/cnbc-2022/index.html"));
    assert!(source.contains("Consulté le"), "{source}");
    assert!(source.contains("Copie archivée"), "{source}");
}

#[test]
fn the_source_page_and_the_print_edition_show_the_archived_copy() {
    let html = page("sources/cnbc-2022/index.html");
    let text = text_of(html);
    assert!(text.contains("Retrieved"), "{text}");
    assert!(text.contains("6 February 2023"), "{text}");
    assert!(text.contains("Archived copy"), "{text}");
    assert!(
        html.contains("<a href=\"https://web.archive.org/web/20230206000000/https://www.cnbc.com/2022/12/13/google-execs-warn-of-reputational-risk-with-chatgbt-like-tool.html\" rel=\"external noopener\">web.archive.org</a>"),
        "{html}"
    );
    let print = page("print/index.html");
    assert!(
        print.contains("href=\"https://web.archive.org/web/20230206000000/"),
        "the print edition has no archived copy"
    );
}

#[test]
fn data_and_jsonld_carry_retrieved_archive_and_citations() {
    let json: serde_json::Value =
        serde_json::from_str(built().page("data/dossier.json").expect("dossier.json")).unwrap();
    let cnbc = json["entries"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["slug"] == "cnbc-2022")
        .expect("the source");
    assert_eq!(cnbc["fields"]["retrieved"], "2023-02-06");
    assert!(
        cnbc["fields"]["archive"]
            .as_str()
            .unwrap()
            .starts_with("https://web.archive.org/")
    );
    let html = page("notes/caution/index.html");
    let start = html.find("application/ld+json\">").unwrap() + "application/ld+json\">".len();
    let end = html[start..].find("</script>").unwrap() + start;
    let ld: serde_json::Value = serde_json::from_str(&html[start..end]).unwrap();
    let citations = ld["citation"].as_array().expect("citation");
    assert_eq!(citations.len(), 2);
    assert_eq!(citations[0]["@type"], "CreativeWork");
    assert_eq!(citations[0]["url"], CNBC);
    assert_eq!(citations[0]["publisher"]["name"], "CNBC");
    assert_eq!(citations[0]["datePublished"], "2022-12-13");
    assert!(
        citations[0]["archivedAt"]
            .as_str()
            .unwrap()
            .starts_with("https://web.archive.org/")
    );
    assert!(citations[1].get("archivedAt").is_none());
}

#[test]
fn an_empty_quote_is_an_error_at_the_citation() {
    let problems = short_problems(
        "=== content/sources/s.md\n+++\ntitle = \"S\"\npublisher = \"P\"\nurl = \"https://example.test/s\"\n+++\n\
         === content/notes/n.md\n+++\ntitle = \"N\"\n+++\nIt said so [@s, “”].\n",
    );
    assert_eq!(
        problems,
        [
            "content/notes/n.md:4:12: the citation of `s` quotes nothing: its quotation marks are empty"
        ]
    );
}
