//! Link check: every internal `href` and `src` of every written page must reach a file
//! of the output, and every `#fragment` an element id on the target page. This covers
//! links written by templates as well as those from Markdown.

use std::cell::RefCell;
use std::collections::{BTreeMap, BTreeSet};

use lol_html::{HtmlRewriter, Settings, element};

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::render::OutputFile;

/// What one page holds: its outgoing links and its element ids.
#[derive(Debug, Default)]
struct Scan {
    links: Vec<String>,
    ids: BTreeSet<String>,
}

fn scan(html: &[u8]) -> Scan {
    let found = RefCell::new(Scan::default());
    let mut rewriter = HtmlRewriter::new(
        Settings::new().append_element_content_handler(element!("*", |el| {
            let mut found = found.borrow_mut();
            for name in ["href", "src"] {
                if let Some(value) = el.get_attribute(name) {
                    found.links.push(value);
                }
            }
            if let Some(id) = el.get_attribute("id") {
                found.ids.insert(id);
            }
            Ok(())
        })),
        |_: &[u8]| {},
    );
    // The scanner only reads; an error here means malformed input it gave up on, and
    // what was found up to that point is still checked.
    let _ = rewriter.write(html).and_then(|()| rewriter.end());
    found.into_inner()
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
        Some((l, f)) => (l, Some(f.to_owned())),
        None => (link, None),
    };
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

/// Checks every internal link of every HTML file in `files`.
pub fn check(files: &[OutputFile], base_path: &str, diagnostics: &mut Diagnostics) {
    let scans: BTreeMap<&str, Scan> = files
        .iter()
        .filter(|f| f.path.ends_with(".html"))
        .map(|f| (f.path.as_str(), scan(&f.bytes)))
        .collect();
    let paths: BTreeSet<&str> = files.iter().map(|f| f.path.as_str()).collect();
    for file in files.iter().filter(|f| f.path.ends_with(".html")) {
        let Some(page) = scans.get(file.path.as_str()) else {
            continue;
        };
        for link in &page.links {
            if is_external(link) {
                continue;
            }
            let problem = match target(&file.path, link, base_path) {
                None => Some("it leads outside the site".to_owned()),
                Some((path, fragment)) => {
                    if !paths.contains(path.as_str()) {
                        Some(format!("no page `{path}` is written"))
                    } else {
                        match (fragment, scans.get(path.as_str())) {
                            (Some(f), Some(scan)) if !f.is_empty() && !scan.ids.contains(&f) => {
                                Some(format!("`{path}` has no element with id `{f}`"))
                            }
                            _ => None,
                        }
                    }
                }
            };
            if let Some(problem) = problem {
                let mut diagnostic = Diagnostic::global(format!(
                    "broken link `{link}` in `{}`: {problem}",
                    file.path
                ));
                if let Some(template) = &file.template {
                    diagnostic = diagnostic
                        .with_note(format!("the page was written by template `{template}`"));
                }
                if let Some(source) = file.source {
                    diagnostic.file = Some(source);
                }
                diagnostics.push(diagnostic);
            }
        }
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
    fn missing_pages_and_fragments_are_reported() {
        let page = |path: &str, html: &str| OutputFile {
            path: path.into(),
            bytes: html.as_bytes().to_vec(),
            template: Some("t.html".into()),
            source: None,
        };
        let files = vec![
            page(
                "index.html",
                r#"<a href="a/">ok</a><a href="a/#x">ok</a><a href="a/#nope">bad</a><a href="b/">bad</a>"#,
            ),
            page("a/index.html", r#"<p id="x">x</p>"#),
        ];
        let mut diagnostics = Diagnostics::default();
        check(&files, "/", &mut diagnostics);
        assert_eq!(diagnostics.len(), 2);
    }
}
