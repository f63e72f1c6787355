//! The raw HTML authors write in bodies, made safe: only the elements and attributes
//! of [`TAGS`] and [`ATTRIBUTES`] stay, links only to http(s), mailto, tel or relative
//! addresses; `<script>`, `<style>`, event handlers and everything else go. Only what
//! the author wrote is cleaned; dossier's own markup (links, notes, headings, code)
//! is left as it is.
//!
//! pulldown-cmark hands raw HTML over in pieces, with Markdown between them
//! (`<details>`, a paragraph, `</details>`), so the pieces cannot be cleaned one by one
//! (`<details>` alone would be closed at once). Instead [`mark`] wraps each piece in
//! [`RAW_START`]…[`RAW_END`], which no body holds ([`to_html`](super::to_html) replaces
//! them), and after rendering [`clean`] gives the author's pieces to ammonia as one
//! fragment, each stretch of our markup between them stood in for by a slot element
//! `<dossier-slot data-n="3"></dossier-slot>`, then puts our markup back in the slots
//! ammonia kept. A slot ammonia dropped (inside a `<script>`) drops what it stood for.
//! A slot that landed in an attribute value or in text is escaped by ammonia
//! (`&quot;`, `&lt;`), so it no longer reads as a slot and is dropped too: our markup
//! only ever goes back where an element can be.

use std::cell::RefCell;
use std::collections::{HashMap, HashSet};
use std::sync::LazyLock;

use crate::html::escape;

/// Starts a piece of the author's raw HTML in the rendered body.
pub(super) const RAW_START: char = '\u{2}';
/// Ends it.
pub(super) const RAW_END: char = '\u{3}';

const SLOT_OPEN: &str = "<dossier-slot data-n=\"";
const SLOT_CLOSE: &str = "\"></dossier-slot>";

/// The elements raw HTML may use: text-level semantics, figures, disclosure widgets,
/// tables, lists, images and links.
pub const TAGS: &[&str] = &[
    "a",
    "abbr",
    "b",
    "bdi",
    "bdo",
    "blockquote",
    "br",
    "caption",
    "cite",
    "code",
    "col",
    "colgroup",
    "data",
    "dd",
    "del",
    "details",
    "dfn",
    "div",
    "dl",
    "dt",
    "em",
    "figcaption",
    "figure",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "hr",
    "i",
    "img",
    "ins",
    "kbd",
    "li",
    "mark",
    "ol",
    "p",
    "pre",
    "q",
    "rp",
    "rt",
    "ruby",
    "s",
    "samp",
    "small",
    "span",
    "strong",
    "sub",
    "summary",
    "sup",
    "table",
    "tbody",
    "td",
    "tfoot",
    "th",
    "thead",
    "time",
    "tr",
    "u",
    "ul",
    "var",
    "wbr",
];

/// Attributes any of [`TAGS`] may have.
pub const GENERIC_ATTRIBUTES: &[&str] = &["lang", "title", "dir"];

/// Attributes of one element.
pub const ATTRIBUTES: &[(&str, &[&str])] = &[
    ("a", &["href", "hreflang"]),
    ("img", &["src", "alt", "width", "height"]),
    ("blockquote", &["cite"]),
    ("q", &["cite"]),
    ("del", &["cite", "datetime"]),
    ("ins", &["cite", "datetime"]),
    ("time", &["datetime"]),
    ("data", &["value"]),
    ("details", &["open"]),
    ("ol", &["start", "reversed", "type"]),
    ("li", &["value"]),
    ("td", &["colspan", "rowspan", "headers"]),
    ("th", &["colspan", "rowspan", "headers", "scope", "abbr"]),
    ("col", &["span"]),
    ("colgroup", &["span"]),
];

/// The URL schemes links and images in raw HTML may use (and relative addresses).
pub const SCHEMES: &[&str] = &["http", "https", "mailto", "tel"];

/// Elements removed with everything in them, not just their tags.
const REMOVED_WHOLE: &[&str] = &[
    "script", "style", "template", "iframe", "object", "embed", "noscript", "noembed", "noframes",
    "xmp", "textarea", "select", "svg", "math", "title",
];

static POLICY: LazyLock<ammonia::Builder<'static>> = LazyLock::new(|| {
    let mut builder = ammonia::Builder::empty();
    let mut attributes: HashMap<&str, HashSet<&str>> = ATTRIBUTES
        .iter()
        .map(|(tag, names)| (*tag, names.iter().copied().collect()))
        .collect();
    attributes.insert("dossier-slot", HashSet::from(["data-n"]));
    builder
        .tags(TAGS.iter().copied().chain(["dossier-slot"]).collect())
        .clean_content_tags(REMOVED_WHOLE.iter().copied().collect())
        .generic_attributes(GENERIC_ATTRIBUTES.iter().copied().collect())
        .tag_attributes(attributes)
        .url_schemes(SCHEMES.iter().copied().collect())
        .url_relative(ammonia::UrlRelative::Custom(Box::new(rebase_relative)))
        // No `rel` is added: raw HTML cannot open a new window (`target` is not kept).
        .link_rel(None)
        .strip_comments(true);
    builder
});

/// The scheme of `url` if it is one no body may link to: `javascript:`, `vbscript:`
/// (they run code) or `data:` (a page or script of its own). Read as a browser reads
/// it, and then some: character references decoded, tabs and line breaks ignored
/// anywhere, spaces and control characters before it, any case; percent-encoded
/// letters are decoded too (a browser would not, but no one writes them for good).
pub fn refused_scheme(url: &str) -> Option<&'static str> {
    let mut lower = url.to_ascii_lowercase();
    for (named, c) in [("&colon;", ":"), ("&tab;", ""), ("&newline;", "")] {
        if lower.contains(named) {
            lower = lower.replace(named, c);
        }
    }
    let decoded = crate::html::decode(&lower);
    let mut scheme = String::new();
    let mut chars = decoded.chars().skip_while(|c| *c <= ' ');
    loop {
        // No `:`, no scheme: a relative address.
        let c = chars.next()?;
        let c = if c == '%' {
            let hex: String = chars.by_ref().take(2).collect();
            match u8::from_str_radix(&hex, 16) {
                Ok(byte) => char::from(byte).to_ascii_lowercase(),
                Err(_) => return None,
            }
        } else {
            c.to_ascii_lowercase()
        };
        match c {
            '\t' | '\n' | '\r' => {}
            ':' => break,
            c if scheme.len() < 10 => scheme.push(c),
            _ => return None,
        }
    }
    ["javascript", "vbscript", "data"]
        .into_iter()
        .find(|refused| *refused == scheme)
}

/// `html` (the author's raw HTML), marked as such for [`clean`]. Its last line break
/// stays last: pulldown-cmark starts the next block on a new line unless the HTML
/// before ended one.
pub(super) fn mark(html: &str) -> String {
    let raw = html.trim_end_matches('\n');
    format!("{RAW_START}{raw}{RAW_END}{}", &html[raw.len()..])
}

/// How a relative address is rewritten.
type Rebase = Box<dyn Fn(&str) -> String>;

thread_local! {
    /// How the body being cleaned on this thread writes a relative address in raw
    /// HTML: as its Markdown links are (`Context::rebase`), so that a body shown away
    /// from its own page (the print edition, the glossary) keeps working links. The
    /// policy is built once, so the body's way is handed to it here.
    static REBASE: RefCell<Rebase> = RefCell::new(Box::new(str::to_owned));
}

fn rebase_relative(url: &str) -> Option<std::borrow::Cow<'_, str>> {
    Some(std::borrow::Cow::Owned(
        REBASE.with_borrow(|rebase| rebase(url)),
    ))
}

/// A rendered body with the author's marked raw HTML cleaned, and the marks gone;
/// relative addresses in it rewritten by `rebase`.
pub(super) fn clean(html: String, rebase: impl Fn(&str) -> String + 'static) -> String {
    if !html.contains(RAW_START) {
        return html;
    }
    let previous = REBASE.replace(Box::new(rebase));
    let cleaned = clean_marked(&html);
    REBASE.set(previous);
    cleaned
}

fn clean_marked(html: &str) -> String {
    let mut skeleton = String::with_capacity(html.len());
    let mut ours: Vec<&str> = Vec::new();
    let mut rest = html;
    while let Some(at) = rest.find(RAW_START) {
        slot(&mut skeleton, &rest[..at], &mut ours);
        let raw = &rest[at + RAW_START.len_utf8()..];
        let end = raw.find(RAW_END).unwrap_or(raw.len());
        skeleton.push_str(&raw[..end]);
        rest = raw.get(end + RAW_END.len_utf8()..).unwrap_or("");
    }
    slot(&mut skeleton, rest, &mut ours);
    // html5ever's tree builder looks through the open elements for each tag it reads:
    // time grows with the square of the nesting (20,000 nested `<div>`s took 5 s).
    // No real body nests so deep; one that does is shown as text, at once.
    if nesting_depth(&skeleton) > MAX_DEPTH {
        return escaped(html);
    }

    let cleaned = POLICY.clean(&skeleton).to_string();
    let mut out = String::with_capacity(html.len());
    let mut rest = cleaned.as_str();
    while let Some(at) = rest.find(SLOT_OPEN) {
        out.push_str(&rest[..at]);
        let after = &rest[at + SLOT_OPEN.len()..];
        let markup = after.find(SLOT_CLOSE).and_then(|end| {
            let n: usize = after[..end].parse().ok()?;
            Some((ours.get(n)?, end))
        });
        let Some((markup, end)) = markup else {
            // Only the author can have written such a slot: show their HTML as text.
            return escaped(html);
        };
        out.push_str(markup);
        rest = &after[end + SLOT_CLOSE.len()..];
    }
    out.push_str(rest);
    out
}

/// Stands a slot for `markup` (ours) in `skeleton`.
fn slot<'h>(skeleton: &mut String, markup: &'h str, ours: &mut Vec<&'h str>) {
    if !markup.is_empty() {
        skeleton.push_str(&format!("{SLOT_OPEN}{}{SLOT_CLOSE}", ours.len()));
        ours.push(markup);
    }
}

/// `html` with the author's raw HTML escaped: shown, never run.
/// How deep raw HTML may nest elements and still be cleaned (and shown as HTML).
pub const MAX_DEPTH: usize = 256;

/// The elements that never hold others, so never deepen the nesting.
const VOID: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track",
    "wbr",
];

/// How deep `html` nests elements, counted from its tags in one pass: a start tag
/// deepens (but for void and self-closed ones), an end tag rises. An upper bound of
/// the depth a browser's parser builds, which closes some elements by itself.
fn nesting_depth(html: &str) -> usize {
    let bytes = html.as_bytes();
    let (mut depth, mut deepest) = (0usize, 0usize);
    let mut at = 0;
    while let Some(found) = memchr::memchr(b'<', &bytes[at..]) {
        let start = at + found + 1;
        let Some(end) = memchr::memchr(b'>', &bytes[start..]).map(|e| start + e) else {
            break;
        };
        let tag = &html[start..end];
        if tag.starts_with('/') {
            depth = depth.saturating_sub(1);
        } else if tag.starts_with(|c: char| c.is_ascii_alphabetic()) {
            let name_end = tag
                .find(|c: char| !c.is_ascii_alphanumeric() && c != '-')
                .unwrap_or(tag.len());
            let name = tag[..name_end].to_ascii_lowercase();
            if !tag.ends_with('/') && !VOID.contains(&name.as_str()) {
                depth += 1;
                deepest = deepest.max(depth);
            }
        }
        at = end + 1;
    }
    deepest
}

fn escaped(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(at) = rest.find(RAW_START) {
        out.push_str(&rest[..at]);
        let raw = &rest[at + RAW_START.len_utf8()..];
        let end = raw.find(RAW_END).unwrap_or(raw.len());
        out.push_str(&escape(&raw[..end]));
        rest = raw.get(end + RAW_END.len_utf8()..).unwrap_or("");
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nesting_is_counted_from_the_tags() {
        assert_eq!(nesting_depth("<p>a <b>b</b> <img src=x> <br/></p>"), 2);
        assert_eq!(
            nesting_depth("<details><summary>s</summary><div><p>x</p></div></details>"),
            3
        );
        assert_eq!(nesting_depth("a < b and c > d"), 0);
        let deep = format!("{}x{}", "<div>".repeat(300), "</div>".repeat(300));
        assert_eq!(nesting_depth(&deep), 300);
    }

    #[test]
    fn raw_html_nested_past_the_limit_is_shown_as_text() {
        let deep = mark(&format!(
            "{}x{}",
            "<div>".repeat(MAX_DEPTH + 1),
            "</div>".repeat(MAX_DEPTH + 1)
        ));
        let out = clean(format!("<p>before</p>{deep}"), str::to_owned);
        assert!(
            out.starts_with("<p>before</p>&lt;div&gt;&lt;div&gt;"),
            "{}",
            &out[..80]
        );
        let fine = mark(&format!(
            "{}x{}",
            "<div>".repeat(MAX_DEPTH),
            "</div>".repeat(MAX_DEPTH)
        ));
        assert!(clean(fine, str::to_owned).starts_with("<div><div>"));
    }

    fn raw(parts: &[(&str, bool)]) -> String {
        parts
            .iter()
            .map(|(s, raw)| if *raw { mark(s) } else { (*s).to_owned() })
            .collect()
    }

    #[test]
    fn raw_pieces_are_cleaned_as_one_and_our_markup_is_kept() {
        let html = raw(&[
            ("<details>\n<summary>S</summary>\n", true),
            (
                "<p>In <a class=\"wikilink\" href=\"x/\" data-kind=\"company\">X</a></p>\n",
                false,
            ),
            ("</details>\n", true),
        ]);
        assert_eq!(
            clean(html, str::to_owned),
            "<details>\n<summary>S</summary>\n<p>In <a class=\"wikilink\" href=\"x/\" \
             data-kind=\"company\">X</a></p>\n</details>\n"
        );
    }

    #[test]
    fn scripts_handlers_and_script_urls_go() {
        let html = raw(&[
            ("<p>a ", false),
            ("<img src=\"x.png\" onerror=\"alert(1)\">", true),
            (" b ", false),
            ("<script>", true),
            ("alert(2)", false),
            ("</script>", true),
            (" ", false),
            ("<a href=\"java&#x09;script:alert(3)\">", true),
            ("c", false),
            ("</a>", true),
            ("</p>", false),
        ]);
        assert_eq!(
            clean(html, str::to_owned),
            "<p>a <img src=\"x.png\"> b  <a>c</a></p>"
        );
    }

    #[test]
    fn our_markup_never_lands_in_an_attribute() {
        // A raw tag left open: ammonia reads our markup as part of its attribute.
        let html = raw(&[
            ("<span title=\"", true),
            ("<a href=\"onmouseover=alert(1)\">x</a>", false),
        ]);
        let out = clean(html, str::to_owned);
        assert!(!out.contains("href="), "{out}");
    }

    #[test]
    fn refused_schemes_are_found_however_written() {
        for url in [
            "javascript:alert(1)",
            " JavaScript:x",
            "\u{1}java\tscript:x",
            "java&#x09;script:x",
            "javascript&colon;x",
            "&#74;avascript:x",
            "%6Aavascript:x",
            "vbscript:x",
            "DATA:text/html,x",
        ] {
            assert!(refused_scheme(url).is_some(), "{url}");
        }
        for url in [
            "https://x.org/javascript:",
            "../data/",
            "data",
            "mailto:a@b",
            "#x",
        ] {
            assert_eq!(refused_scheme(url), None, "{url}");
        }
    }

    #[test]
    fn a_forged_slot_shows_the_raw_html_as_text() {
        let html = raw(&[("<dossier-slot data-n=\"x\"></dossier-slot><b>", true)]);
        assert_eq!(
            clean(html, str::to_owned),
            "&lt;dossier-slot data-n=&quot;x&quot;&gt;&lt;/dossier-slot&gt;&lt;b&gt;"
        );
    }
}
