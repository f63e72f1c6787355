//! Publishing: the site works under a sub-path as GitHub Pages serves it; sitemap,
//! robots, feed, social and schema.org metadata, data exports.

use std::collections::{BTreeMap, BTreeSet, VecDeque};
use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::PathBuf;

use crate::{options, repo_root, site};

/// Serves `dir` under `/{prefix}/` like GitHub Pages: `/x/` is `x/index.html`, and a
/// missing page gets `404.html` with status 404. Returns the port.
fn serve(dir: PathBuf, prefix: &'static str) -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { continue };
            // Read the whole request head: closing with unread data resets the connection.
            let mut head = Vec::new();
            let mut buf = [0u8; 1024];
            while !head.windows(4).any(|w| w == b"\r\n\r\n") {
                match stream.read(&mut buf) {
                    Ok(0) | Err(_) => break,
                    Ok(n) => head.extend_from_slice(&buf[..n]),
                }
            }
            let request = String::from_utf8_lossy(&head);
            let path = request
                .split_whitespace()
                .nth(1)
                .unwrap_or("/")
                .split(['?', '#'])
                .next()
                .unwrap()
                .to_owned();
            let file = path
                .strip_prefix(&format!("/{prefix}/"))
                .map(|rest| {
                    if rest.is_empty() || rest.ends_with('/') {
                        format!("{rest}index.html")
                    } else {
                        rest.to_owned()
                    }
                })
                .map(|rest| dir.join(percent_decode(&rest)))
                .filter(|p| p.is_file());
            let (status, body) = match file.and_then(|p| std::fs::read(p).ok()) {
                Some(body) => ("200 OK", body),
                None => (
                    "404 Not Found",
                    std::fs::read(dir.join("404.html")).unwrap_or_default(),
                ),
            };
            let mut response = format!(
                "HTTP/1.0 {status}\r\nContent-Length: {}\r\n\r\n",
                body.len()
            )
            .into_bytes();
            response.extend_from_slice(&body);
            let _ = stream.write_all(&response);
        }
    });
    port
}

fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && i + 3 <= bytes.len()
            && let Some(b) = s
                .get(i + 1..i + 3)
                .and_then(|h| u8::from_str_radix(h, 16).ok())
        {
            out.push(b);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn get(port: u16, path: &str) -> (u16, String) {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
    stream
        .write_all(format!("GET {path} HTTP/1.0\r\nHost: localhost\r\n\r\n").as_bytes())
        .unwrap();
    let mut response = Vec::new();
    if let Err(err) = stream.read_to_end(&mut response) {
        panic!("GET {path}: {err}");
    }
    let response = String::from_utf8_lossy(&response).into_owned();
    let status = response[9..12].parse().unwrap();
    let body = response
        .split_once("\r\n\r\n")
        .map(|(_, b)| b.to_owned())
        .unwrap_or_default();
    (status, body)
}

/// `href` as a browser resolves it against the page at URL path `base`.
fn join(base: &str, href: &str) -> String {
    if href.starts_with('/') {
        return href.to_owned();
    }
    let mut parts: Vec<&str> = base.split('/').collect();
    parts.pop();
    for segment in href.split('/') {
        match segment {
            "." => {}
            ".." => {
                if parts.len() > 1 {
                    parts.pop();
                }
            }
            s => parts.push(s),
        }
    }
    let joined = parts.join("/");
    if href.ends_with('/') && !joined.ends_with('/') {
        format!("{joined}/")
    } else {
        joined
    }
}

fn attributes(html: &str, name: &str) -> Vec<String> {
    let needle = format!(" {name}=\"");
    html.match_indices(&needle)
        .map(|(i, _)| {
            let rest = &html[i + needle.len()..];
            rest[..rest.find('"').unwrap()].replace("&amp;", "&")
        })
        .collect()
}

/// Crawls the site from `start`, following every internal href and src; returns the
/// problems found.
fn crawl(port: u16, starts: &[&str]) -> Vec<String> {
    let mut problems = Vec::new();
    let mut seen: BTreeSet<String> = BTreeSet::new();
    let mut ids: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let mut fragments: Vec<(String, String, String)> = Vec::new();
    let mut queue: VecDeque<String> = starts.iter().map(|s| s.to_string()).collect();
    while let Some(url) = queue.pop_front() {
        if !seen.insert(url.clone()) {
            continue;
        }
        let (status, body) = get(port, &url);
        if status != 200 && !url.contains("no-such-page") {
            problems.push(format!("{url}: status {status}"));
            continue;
        }
        if !(url.ends_with('/') || url.ends_with(".html")) {
            continue;
        }
        ids.insert(url.clone(), attributes(&body, "id").into_iter().collect());
        for link in attributes(&body, "href")
            .into_iter()
            .chain(attributes(&body, "src"))
        {
            if link.starts_with("http:")
                || link.starts_with("https:")
                || link.starts_with("mailto:")
            {
                continue;
            }
            let (path, fragment) = match link.split_once('#') {
                Some((p, f)) => (p.to_owned(), Some(f.to_owned())),
                None => (link.clone(), None),
            };
            let target = if path.is_empty() {
                url.clone()
            } else {
                join(&url, &path)
            };
            if !target.starts_with("/demo/") {
                problems.push(format!("{url}: `{link}` leaves the site's path"));
                continue;
            }
            if let Some(f) = fragment.filter(|f| !f.is_empty()) {
                fragments.push((url.clone(), target.clone(), percent_decode(&f)));
            }
            queue.push_back(target);
        }
    }
    for (from, target, fragment) in fragments {
        if ids.get(&target).is_some_and(|ids| !ids.contains(&fragment)) {
            problems.push(format!("{from}: `{target}#{fragment}` has no such id"));
        }
    }
    assert!(seen.len() > 50, "the crawl reached {} URLs", seen.len());
    problems
}

fn build_bundled_at(base_url: &str) -> tempfile::TempDir {
    let out = tempfile::tempdir().unwrap();
    let mut opts = options(&repo_root());
    opts.output = Some(out.path().join("site"));
    opts.base_url = Some(base_url.to_owned());
    dossier::build(&opts)
        .unwrap()
        .unwrap_or_else(|r| panic!("{}", r.render(false)));
    out
}

#[test]
fn served_under_a_sub_path_every_link_asset_and_anchor_works() {
    let out = build_bundled_at("https://example.github.io/demo/");
    let port = serve(out.path().join("site"), "demo");
    // The home page, and a missing page deep in the site (GitHub Pages answers with
    // 404.html there, whose links must work from any depth).
    let problems = crawl(port, &["/demo/", "/demo/a/b/c/no-such-page/"]);
    assert!(problems.is_empty(), "{problems:#?}");
    let feed = std::fs::read_to_string(out.path().join("site/feed.xml")).unwrap();
    assert!(
        feed.contains("<id>https://example.github.io/demo/notes/"),
        "feed entries use the base URL"
    );
}

#[test]
fn sitemap_robots_and_feed_use_the_base_url() {
    let s = site(
        "=== content/notes/old.md\n+++\ntitle = \"Old\"\ndate = 2022-05-01\ntags = [\"x\"]\n+++\n\
         === content/notes/new.md\n+++\ntitle = \"New & <b>improved</b>\"\ndate = \"2023-02\"\nsummary = \"S.\"\n+++\n",
    );
    let sitemap = s.page("sitemap.xml").unwrap();
    assert!(
        sitemap.contains("<loc>https://example.test/sub/notes/new/</loc>"),
        "{sitemap}"
    );
    assert!(!sitemap.contains("404"), "{sitemap}");
    assert_eq!(
        s.page("robots.txt").unwrap(),
        "User-agent: *\nAllow: /\n\nSitemap: https://example.test/sub/sitemap.xml\n"
    );
    let feed = s.page("feed.xml").unwrap();
    assert!(
        feed.contains("<updated>2023-02-01T00:00:00Z</updated>"),
        "the feed is as new as its newest note: {feed}"
    );
    let new = feed.find("notes/new/").unwrap();
    let old = feed.find("notes/old/").unwrap();
    assert!(new < old, "newest first");
    assert!(
        feed.contains("<title>New &amp; &lt;b&gt;improved&lt;/b&gt;</title>"),
        "{feed}"
    );
    assert!(feed.contains("<category term=\"x\"/>"), "{feed}");
    let page = s.page("notes/new/index.html").unwrap();
    assert!(
        page.contains(r#"<link rel="alternate" type="application/atom+xml""#),
        "{page}"
    );
}

#[test]
fn every_page_has_social_tags_and_schema_org_data() {
    let s = site(
        "=== content/companies/acme.md\n+++\nname = \"Acme\"\nsummary = \"Makes <things>.\"\nfounded = \"1999\"\n+++\n\
         === content/people/ann.md\n+++\nname = \"Ann\"\nroles = [{ org = \"acme\", title = \"CEO\" }]\n+++\n\
         === content/products/p.md\n+++\nname = \"P\"\nmaker = \"acme\"\n+++\n\
         === content/glossary/t.md\n+++\nterm = \"T\"\n+++\nDef.\n\
         === content/deals/d.md\n+++\ntitle = \"D\"\ninvestor = \"acme\"\nrecipient = \"acme\"\nannounced = \"2023\"\n\
         amount = { min = 1_000_000_000, currency = \"USD\", label = \"multibillion\" }\n+++\n",
    );
    let ld = |path: &str| -> serde_json::Value {
        let html = s.page(path).unwrap();
        let json = html
            .split("<script type=\"application/ld+json\">")
            .nth(1)
            .unwrap()
            .split("</script>")
            .next()
            .unwrap();
        serde_json::from_str(json).unwrap()
    };
    assert_eq!(ld("companies/acme/index.html")["@type"], "Organization");
    assert_eq!(
        ld("companies/acme/index.html")["description"],
        "Makes <things>."
    );
    assert_eq!(ld("companies/acme/index.html")["foundingDate"], "1999");
    assert_eq!(ld("people/ann/index.html")["worksFor"][0]["name"], "Acme");
    assert_eq!(
        ld("products/p/index.html")["manufacturer"]["@type"],
        "Organization"
    );
    assert_eq!(
        ld("glossary/t/index.html")["inDefinedTermSet"]["@type"],
        "DefinedTermSet"
    );
    assert_eq!(ld("glossary/index.html")["hasDefinedTerm"][0]["name"], "T");
    let deal = ld("deals/d/index.html");
    // An investment is an action with its agent, its recipient and the money it moves,
    // a range keeping its bound.
    assert_eq!(deal["about"]["@type"], "InvestOrDepositAction");
    assert_eq!(deal["about"]["agent"][0]["name"], "Acme");
    assert_eq!(deal["about"]["amount"]["@type"], "MonetaryAmount");
    assert_eq!(deal["about"]["amount"]["minValue"], 1_000_000_000u64);
    assert!(deal["about"]["amount"].get("maxValue").is_none());
    let html = s.page("companies/acme/index.html").unwrap();
    assert!(
        !html.contains("Makes <things>"),
        "escaped in HTML and in JSON-LD"
    );
    for tag in [
        r#"<meta property="og:title" content="Acme">"#,
        r#"<meta property="og:url" content="https://example.test/sub/companies/acme/">"#,
        r#"<meta name="twitter:card" content="summary">"#,
        r#"<link rel="canonical" href="https://example.test/sub/companies/acme/">"#,
    ] {
        assert!(html.contains(tag), "{tag}");
    }
}

#[test]
fn the_deals_csv_and_the_json_export_hold_the_facts() {
    let s = site(
        "=== content/companies/a.md\n+++\nname = \"A\"\n+++\n=== content/companies/b.md\n+++\nname = \"B\"\n+++\n\
         === content/sources/s.md\n+++\ntitle = \"S\"\npublisher = \"P\"\n+++\n\
         === content/deals/d.md\n+++\ntitle = \"=A, \\\"quoted\\\" deal\"\ninvestor = [\"a\", \"b\"]\nrecipient = \"b\"\nannounced = 2023-01-23\n\
         amount = { value = 300_000_000, currency = \"USD\" }\nstake = 10\nstatus = \"reported\"\nsources = [\"s\"]\n+++\n",
    );
    let csv = s.page("data/deals.csv").unwrap();
    let mut lines = csv.split("\r\n");
    assert!(
        lines
            .next()
            .unwrap()
            .starts_with("slug,title,kind,from,to,sellers,event_date,event_date_kind,")
    );
    assert_eq!(
        lines.next().unwrap(),
        "d,\"'=A, \"\"quoted\"\" deal\",investment,a;b,b,,2023-01-23,announced,day,,2023-01-23,,,,,,\
         300000000,,,false,USD,,true,reported,10,,,false,3000000000,3000000000,3000000000,true,,\
         reported,s,https://example.test/sub/deals/d/"
    );
    let json: serde_json::Value =
        serde_json::from_str(s.page("data/dossier.json").unwrap()).unwrap();
    assert_eq!(json["version"], 3);
    let deal = json["entries"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["slug"] == "d")
        .unwrap();
    assert_eq!(deal["fields"]["amount"]["value"], 300_000_000u64);
    assert_eq!(deal["fields"]["kind"], "investment");
    assert_eq!(
        deal["fields"]["parties"]["investor"],
        serde_json::json!(["a", "b"])
    );
    assert_eq!(deal["fields"]["dates"]["announced"]["precision"], "day");
    assert_eq!(deal["fields"]["implied_valuation"]["derived"], true);
    assert_eq!(deal["sources"], serde_json::json!(["s"]));
    assert!(
        s.page("deals/index.html")
            .unwrap()
            .contains("href=\"../data/deals.csv\"")
    );
}

/// CI validates the workflow against GitHub's schema (`.ci/run`); this checks that it
/// does what the README says.
#[test]
fn the_pages_workflow_builds_with_the_address_github_gives() {
    let workflow =
        std::fs::read_to_string(repo_root().join(".github/workflows/pages.yml")).unwrap();
    for needle in [
        "uses: actions/configure-pages@",
        "id: pages",
        "--output public --base-url \"${{ steps.pages.outputs.base_url }}/\"",
        "uses: actions/cache@",
        "uses: actions/upload-pages-artifact@",
        "path: ./public",
        "uses: actions/deploy-pages@",
        "pages: write",
        "id-token: write",
    ] {
        assert!(workflow.contains(needle), "the workflow lacks `{needle}`");
    }
}

/// A token's postings as numbers, as the search script reads them: base 32, lowest
/// digits first, each digit one of 64 characters, the upper half when more follow.
fn decode(text: &str) -> Vec<u64> {
    const DIGITS: &str = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    let mut out = Vec::new();
    let (mut n, mut shift) = (0, 0);
    for c in text.chars() {
        let digit = DIGITS.find(c).unwrap() as u64;
        n |= (digit & 31) << shift;
        shift += 5;
        if digit < 32 {
            out.push(n);
            (n, shift) = (0, 0);
        }
    }
    out
}

/// What the search script does for a one-word `query` over the index written in
/// `index` (a `search-index/` folder), as the browser fetches it: the shards the word
/// needs, every token it starts, per page its best weight (an exact token counts
/// double); pages by weight, then by number (title order). Returns the pages' URLs and
/// the files read.
fn search(index: &std::path::Path, word: &str) -> (Vec<String>, Vec<String>) {
    let read = |name: &str| -> serde_json::Value {
        serde_json::from_str(&std::fs::read_to_string(index.join(name)).unwrap()).unwrap()
    };
    let meta = read("meta.json");
    let firsts: Vec<&str> = meta["shards"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t.as_str().unwrap())
        .collect();
    let mut sorted = firsts.clone();
    sorted.sort();
    assert_eq!(
        firsts, sorted,
        "shards are in token order, for the binary search"
    );
    let at = firsts.partition_point(|t| *t <= word).saturating_sub(1);
    let end = at
        + 1
        + firsts[at + 1..]
            .iter()
            .take_while(|t| t.starts_with(word))
            .count();
    let mut read_files = vec!["meta.json".to_owned()];
    let mut best: std::collections::BTreeMap<u64, u64> = std::collections::BTreeMap::new();
    for n in at..end {
        let name = format!("t/{n}.json");
        let terms = read(&name);
        read_files.push(name);
        let terms = terms.as_array().unwrap();
        let tokens: Vec<&str> = terms.iter().map(|t| t[0].as_str().unwrap()).collect();
        let mut sorted = tokens.clone();
        sorted.sort();
        assert_eq!(tokens, sorted, "terms are sorted, for the prefix search");
        for term in terms
            .iter()
            .filter(|t| t[0].as_str().unwrap().starts_with(word))
        {
            let exact = if term[0] == word { 2 } else { 1 };
            let mut doc = 0;
            for pair in decode(term[1].as_str().unwrap()).chunks(2) {
                doc += pair[0];
                let weight = best.entry(doc).or_default();
                *weight = (*weight).max(pair[1] * exact);
            }
        }
    }
    let mut found: Vec<(u64, u64)> = best.into_iter().map(|(doc, w)| (w, doc)).collect();
    found.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    let chunk = meta["chunk"].as_u64().unwrap();
    let urls = found
        .iter()
        .map(|&(_, doc)| {
            let name = format!("d/{}.json", doc / chunk);
            let listed = read(&name);
            read_files.push(name);
            listed[(doc % chunk) as usize]["u"]
                .as_str()
                .unwrap()
                .to_owned()
        })
        .collect();
    (urls, read_files)
}

#[test]
fn the_search_index_finds_constitutional_ai_from_its_first_letters() {
    let out = build_bundled_at("https://example.github.io/demo/");
    let index = out.path().join("site/search-index");
    let (found, _) = search(&index, "constit");
    assert_eq!(found[0], "glossary/constitutional-ai/", "{found:?}");
    let (found, _) = search(&out.path().join("site/fr/search-index"), "constit");
    assert_eq!(found[0], "fr/glossary/constitutional-ai/", "{found:?}");
    let page = std::fs::read_to_string(out.path().join("site/search/index.html")).unwrap();
    assert!(page.contains("id=\"search-page-input\""));
    // Every shard and chunk is small: a query fetches a few of them.
    for dir in ["t", "d"] {
        for file in std::fs::read_dir(index.join(dir)).unwrap() {
            let len = file.unwrap().metadata().unwrap().len();
            assert!(len < 30_000, "a search file of {len} bytes");
        }
    }
    // A preview reads one entry's card, beside its page.
    let card: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(out.path().join("site/companies/anthropic/preview.json")).unwrap(),
    )
    .unwrap();
    assert_eq!(card["t"], "Anthropic");
    assert_eq!(card["k"], "company");
}

#[test]
fn the_print_edition_holds_the_whole_dossier_on_one_page() {
    let s = site(
        "=== content/article.md\n+++\ntitle = \"The article\"\n+++\nPassage[^1].\n\n[^1]: A note.\n\
         === content/companies/a.md\n+++\nname = \"Acme\"\nfounded = \"1999\"\n+++\nAcme text[^1].\n\n[^1]: Acme note.\n\
         === content/glossary/t.md\n+++\nterm = \"Term\"\n+++\nDefinition.\n\
         === content/deals/d.md\n+++\ntitle = \"Deal\"\ninvestor = \"a\"\nrecipient = \"a\"\nannounced = \"2023\"\n+++\n",
    );
    let html = s.page("print/index.html").unwrap();
    for needle in [
        "<h2 id=\"print-article-title\">The article</h2>",
        "Passage",
        "id=\"print-deal-table\"",
        "Acme text",
        "<dt>Founded</dt>",
        "Definition.",
        "Acme note.",
    ] {
        assert!(html.contains(needle), "{needle}");
    }
    // Notes print as endnotes, and their ids never clash across entries.
    assert!(html.contains("<ol class=\"endnotes print-notes\""));
    assert!(html.contains("id=\"print-article-fn-1\"") && html.contains("id=\"print-a-fn-1\""));
    assert!(
        s.page("index.html").unwrap().contains("href=\"./print/\""),
        "linked from every page"
    );
}

#[test]
fn the_feed_is_well_formed_whatever_characters_a_title_holds() {
    // U+FFFE and U+FFFF are not XML characters: the feed did not parse.
    let dir = crate::dossier_from(
        "=== content/notes/n.md\n+++\ntitle = \"A\u{FFFE}B\u{FFFF}C\u{FDD0}D\\u001FE\u{10FFFF}F\"\ndate = 2023-02-03\n+++\nText.\n",
    );
    let out = dir.path().join("out");
    let status = std::process::Command::new(env!("CARGO_BIN_EXE_dossier"))
        .args(["build", "--quiet", "--output"])
        .arg(&out)
        .current_dir(dir.path())
        .status()
        .unwrap();
    assert!(status.success());
    let feed = std::fs::read_to_string(out.join("feed.xml")).unwrap();
    assert!(feed.contains("<title>ABCDEF</title>"), "{feed}");
}
