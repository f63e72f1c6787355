//! Citations anchored to the words, and sources kept against link rot: what a reader
//! sees of `[@source, "words"]`, `retrieved` and `archive` (the fixture
//! `tests/fixtures/quoted`, in English and French), and `dossier check --sources` run
//! against a small HTTP server on this machine.

use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, OnceLock};

use crate::{ACME, dossier, dossier_from, options, repo_root, short_problems, text_of};

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
    assert!(html.contains("role=\"doc-biblioref\" title=\"Google execs warn company’s reputation could suffer if it moves too fast on AI-chat technology\">1</a>, para. 4]</sup>"), "{html}");
    let body = &html[..html.find("<section class=\"references\"").unwrap()];
    assert!(!text_of(body).contains("reputational risk]"), "{body}");
}

#[test]
fn the_french_edition_says_it_in_french() {
    let refs = references(page("fr/notes/caution/index.html"));
    let text = text_of(refs);
    assert!(
        text.contains("Lire la source (consulté le 6 février 2023\u{A0}; copie archivée)"),
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

/// A page that has the words, one that lacks them, one gone (404) whose archived copy
/// has them: served on 127.0.0.1, counting the requests it answers.
fn serve() -> (String, Arc<AtomicUsize>) {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
    let base = format!("http://{}", listener.local_addr().unwrap());
    let served = Arc::new(AtomicUsize::new(0));
    let count = served.clone();
    std::thread::spawn(move || {
        // A bounded loop: the test makes a handful of requests.
        for stream in listener.incoming().take(50) {
            let Ok(mut stream) = stream else { continue };
            let mut request = String::new();
            let mut reader = BufReader::new(stream.try_clone().unwrap());
            if reader.read_line(&mut request).is_err() {
                continue;
            }
            // The rest of the head.
            let mut line = String::new();
            while reader.read_line(&mut line).is_ok_and(|n| n > 2) {
                line.clear();
            }
            count.fetch_add(1, Ordering::SeqCst);
            let path = request.split_whitespace().nth(1).unwrap_or("/");
            let (status, body) = match path {
                "/has" | "/archived" => (
                    "200 OK",
                    "<!doctype html><title>Has</title><script>var q = \"not here\";</script>\
                     <p>Google faces a <em>much</em> larger\n  &ldquo;Reputational&nbsp;Risk&rdquo; than a startup, Dean said.</p>",
                ),
                "/lacks" => (
                    "200 OK",
                    "<!doctype html><title>Lacks</title><p>The page was rewritten.</p>",
                ),
                _ => ("404 Not Found", "<p>gone</p>"),
            };
            let _ = write!(
                stream,
                "HTTP/1.1 {status}\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
                body.len()
            );
        }
    });
    (base, served)
}

/// An address on this machine that refuses connections: a port just freed.
fn refused() -> String {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
    let address = format!("http://{}/", listener.local_addr().unwrap());
    drop(listener);
    address
}

fn quoting_dossier(base: &str, refused: &str) -> tempfile::TempDir {
    let source = |slug: &str, keys: &str| {
        format!(
            "=== content/sources/{slug}.md\n+++\ntitle = \"{slug}\"\npublisher = \"P\"\n{keys}+++\n"
        )
    };
    dossier_from(&format!(
        "{}{}{}{}=== content/notes/n.md\n+++\ntitle = \"N\"\n+++\n\
         Kept [@has, \"larger “reputational risk” than\"].\n\n\
         Rewritten [@lacks, p. 2, \"reputational risk\"].\n\n\
         Archived [@gone, \"much larger\"].\n\n\
         Refused [@refused].\n",
        source("has", &format!("url = \"{base}/has\"\n")),
        source("lacks", &format!("url = \"{base}/lacks\"\n")),
        source(
            "gone",
            &format!("url = \"{base}/gone\"\narchive = \"{base}/archived\"\n")
        ),
        source("refused", &format!("url = \"{refused}\"\n")),
    ))
}

#[test]
fn check_sources_reports_every_unreachable_source_and_lost_quote_in_one_run() {
    let (base, served) = serve();
    let dir = quoting_dossier(&base, &refused());
    let root = dir.path().to_str().unwrap();

    // Without `--sources`, nothing goes on the network.
    let out = dossier(&["check", "--root", root]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let out = dossier(&["build", "--root", root, "-q"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(
        served.load(Ordering::SeqCst),
        0,
        "a request without --sources"
    );

    let out = dossier(&["check", "--sources", "--root", root]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    // /has, /lacks, /gone, then /archived.
    assert_eq!(served.load(Ordering::SeqCst), 4, "{stderr}");
    let lines: Vec<&str> = stderr
        .lines()
        .filter(|l| {
            l.starts_with("error")
                || l.starts_with("  ┌─")
                || l.starts_with("  = ") && !l.contains("help:")
        })
        .collect();
    assert_eq!(
        lines,
        [
            "error: the words quoted from `lacks` are no longer found on ".to_owned()
                + &base
                + "/lacks",
            "  ┌─ content/notes/n.md:6:11".to_owned(),
            "  = looked for: \"reputational risk\"".to_owned(),
            "error: the source `gone` cannot be reached: it answers HTTP 404 (Not Found)"
                .to_owned(),
            "  ┌─ content/sources/gone.md:4:8".to_owned(),
            "  = its archived copy (`archive`) can; its passages were looked for there".to_owned(),
            "error: the source `refused` cannot be reached: the connection is refused".to_owned(),
            "  ┌─ content/sources/refused.md:4:8".to_owned(),
            "error: checked 5 addresses and 3 quoted passages: 3 problems with the sources"
                .to_owned(),
        ],
        "{stderr}"
    );
    assert!(
        stderr.contains("help: open the page and check the passage"),
        "{stderr}"
    );
    assert!(
        stderr.contains("if it is gone, add the address of an archived copy"),
        "{stderr}"
    );
}

#[test]
fn check_sources_passes_when_every_source_holds_its_quotes() {
    let (base, _) = serve();
    let dir = dossier_from(&format!(
        "=== content/sources/has.md\n+++\ntitle = \"Has\"\npublisher = \"P\"\nurl = \"{base}/has\"\n+++\n\
         === content/notes/n.md\n+++\ntitle = \"N\"\n+++\nKept [@has, « Reputational Risk »].\n"
    ));
    let out = dossier(&["check", "--sources", "--root", dir.path().to_str().unwrap()]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{stdout}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        stdout.contains(
            "checked 1 address and 1 quoted passage: every source answers and holds its quotes"
        ),
        "{stdout}"
    );
}

#[test]
fn check_sources_also_looks_for_quotes_and_facts_words_in_their_sources() {
    let (base, _) = serve();
    let dir = dossier_from(&format!(
        "{ACME}=== content/sources/has.md\n+++\ntitle = \"Has\"\npublisher = \"P\"\nurl = \"{base}/has\"\n+++\n\
         === content/sources/lacks.md\n+++\ntitle = \"Lacks\"\npublisher = \"P\"\nurl = \"{base}/lacks\"\n+++\n\
         === content/people/dean.md\n+++\nname = \"Dean\"\n\
         quotes = [\n\
           {{ text = \"reputational risk\", source = \"has\" }},\n\
           {{ text = \"move fast\", source = \"lacks\" }},\n\
         ]\n\
         roles = [{{ org = \"acme\", title = \"Head\", sources = [{{ source = \"has\", quote = \"Dean said\" }}] }}]\n+++\n"
    ));
    let out = dossier(&["check", "--sources", "--root", dir.path().to_str().unwrap()]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    // The quote's words and the role's quoted words are on /has; "move fast" is not
    // on /lacks, and the problem points at the quote's `source`.
    assert!(
        stderr.contains("the words quoted from `lacks` are no longer found"),
        "{stderr}"
    );
    assert!(stderr.contains("content/people/dean.md:5:"), "{stderr}");
    assert!(stderr.contains("looked for: \"move fast\""), "{stderr}");
    assert!(
        stderr.contains("checked 2 addresses and 3 quoted passages: 1 problem"),
        "{stderr}"
    );
}

#[test]
fn several_authors_are_listed_in_the_page_language() {
    let dir = dossier_from(
        "=== site.toml\ntitle = \"T\"\nbase_url = \"https://example.test/\"\nlanguages = [\"en\", \"fr\"]\n\
         === content/sources/paper.md\n+++\ntitle = \"A paper\"\npublisher = \"arXiv\"\n\
         author = [\"Ada Park\", \"Ben Ortiz\", \"Chloé Roy\"]\n+++\nA paper.\n\
         === content/sources/paper.fr.md\n+++\n+++\nUn article.\n\
         === content/sources/post.md\n+++\ntitle = \"A post\"\npublisher = \"Blog\"\nauthor = \"Jane Doe\"\n+++\nA post.\n\
         === content/sources/post.fr.md\n+++\n+++\nUn billet.\n\
         === content/notes/n.md\n+++\ntitle = \"N\"\n+++\nSee [@paper] and [@post].\n\
         === content/notes/n.fr.md\n+++\n+++\nVoir [@paper] et [@post].\n",
    );
    let site =
        dossier::compile(&options(dir.path())).unwrap_or_else(|r| panic!("{}", r.render(false)));
    let en = text_of(references(site.page("notes/n/index.html").unwrap()));
    assert!(en.contains("Ada Park, Ben Ortiz and Chloé Roy"), "{en}");
    assert!(en.contains("Jane Doe"), "{en}");
    let fr = text_of(references(site.page("fr/notes/n/index.html").unwrap()));
    assert!(fr.contains("Ada Park, Ben Ortiz et Chloé Roy"), "{fr}");
    assert!(!fr.contains(" and "), "{fr}");
    // Each name for machines; the line as the default language writes it.
    let json: serde_json::Value =
        serde_json::from_str(site.page("data/dossier.json").unwrap()).unwrap();
    let paper = json["entries"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["slug"] == "paper")
        .unwrap();
    assert_eq!(paper["fields"]["authors"][2], "Chloé Roy");
    assert_eq!(
        paper["fields"]["author"],
        "Ada Park, Ben Ortiz and Chloé Roy"
    );
    // No one in the list is a mistake.
    let problems = short_problems(
        "=== content/sources/paper.md\n+++\ntitle = \"A paper\"\npublisher = \"arXiv\"\nauthor = []\n+++\nA paper.\n",
    );
    assert!(
        problems
            .iter()
            .any(|p| p.contains("paper.md:4:") && p.contains("the list is empty")),
        "{problems:?}"
    );
}
