//! Markdown bodies: what `resolve` needs to know about a body ([`scan`]) and its HTML
//! (for `render`, [`to_html`]).
//!
//! Both walk the same pulldown-cmark event stream with the same [`options`] and give
//! headings their ids with the same [`HeadingIds`], so what `resolve` checked (link
//! targets, `#fragment`s) is exactly what `render` writes. Wikilink syntax inside code
//! is never a link: pulldown-cmark makes no link events there.
//!
//! Footnotes are annotations: each note is written right after the block that first
//! refers to it (an `<aside role="doc-footnote">`), so it reads in place on a phone, sits
//! in the margin on a wide screen (CSS), and follows its reference for a screen reader.

mod autolink;
mod cite;
mod ids;
mod private;
mod sanitize;
mod sentence;

use std::cell::RefCell;
use std::collections::{BTreeMap, BTreeSet};
use std::ops::Range;

pub use autolink::Autolinker;
use cite::CITE;
pub use cite::{CiteKey, citation_keys};
pub use ids::{HeadingIds, RESERVED_IDS};
pub use sanitize::refused_scheme;
pub use sentence::sentences_around;

use pulldown_cmark::{
    BrokenLink, BrokenLinkCallback, CodeBlockKind, CowStr, Event, HeadingLevel, LinkType, Options,
    Parser, Tag, TagEnd,
};

use crate::highlight;
use crate::html::escape;

/// The Markdown dialect of every body.
pub fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_SMART_PUNCTUATION
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_WIKILINKS
}

/// Problems met while parsing: (span, message, help).
type ParseProblems = RefCell<Vec<(Range<usize>, String, String)>>;

/// The parser of every body: [`options`], and `[@source]` citations turned into links
/// to `cite:@source` (pulldown-cmark hands them over as broken references). Brackets that
/// start like a citation but are not one go into `problems`.
fn parser<'a>(
    body: &'a str,
    problems: &'a ParseProblems,
) -> Parser<'a, impl BrokenLinkCallback<'a>> {
    Parser::new_with_broken_link_callback(
        body,
        options(),
        Some(move |link: BrokenLink<'a>| {
            let reference = link.reference.trim();
            if reference.starts_with('@') {
                if citation_keys(reference).is_some() {
                    return Some((format!("{CITE}{reference}").into(), "".into()));
                }
                problems.borrow_mut().push((
                    link.span,
                    format!("`[{reference}]` is not a citation"),
                    "write `[@source]`, `[@source, p. 3]` or `[@a; @b]`".to_owned(),
                ));
            }
            None
        }),
    )
}

/// A wikilink as written: `[[dest]]`, `[[dest|text]]`, `[[dest#fragment]]`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WikiLink {
    /// Byte range of the whole `[[…]]` in the body.
    pub span: Range<usize>,
    /// The target as written, without its `#fragment`; empty for `[[#fragment]]`.
    pub target: String,
    pub fragment: Option<String>,
    /// Written as an embed, `![[…]]`, which dossier does not support.
    pub embed: bool,
    /// The sentence it sits in, as the page shows it.
    pub context: String,
}

/// A citation as written: `[@source, locator]`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Citation {
    /// Byte range of the whole `[…]` in the body.
    pub span: Range<usize>,
    pub keys: Vec<CiteKey>,
    /// The sentence it sits in, as the page shows it.
    pub context: String,
}

/// What `resolve` needs to know about a body.
#[derive(Debug, Default, Clone)]
pub struct Scan {
    pub links: Vec<WikiLink>,
    pub citations: Vec<Citation>,
    /// The ids its headings get on the entry's own page, in order.
    pub heading_ids: Vec<String>,
    /// Problems with the body itself: (span, message, how to fix it).
    pub problems: Vec<(Range<usize>, String, String)>,
    /// Script and `data:` addresses in the body's raw HTML, like `problems`: refused
    /// unless the dossier trusts its raw HTML (`trusted_html`).
    pub raw_html_problems: Vec<(Range<usize>, String, String)>,
}

/// Splits `dest#fragment`. Inside a table, the pipe of `[[slug\|text]]` is escaped,
/// and pulldown-cmark leaves the backslash on the destination: it is dropped here.
/// Runs of whitespace (a link broken across lines) count as one space.
pub fn split_fragment(dest: &str) -> (String, Option<String>) {
    let dest = dest.strip_suffix('\\').unwrap_or(dest);
    match dest.split_once('#') {
        Some((target, fragment)) => (one_space(target), Some(fragment.trim().to_owned())),
        None => (one_space(dest), None),
    }
}

/// `text` with every run of whitespace made one space, and none at either end: how a
/// name written across lines is compared.
pub fn one_space(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Scans a body: its wikilinks and the ids of its headings. `display` gives the text an
/// unpiped wikilink shows (as `to_html` writes it), since heading ids come from text.
pub fn scan(body: &str, display: &dyn Fn(&str) -> Option<String>) -> Scan {
    // Comments and private notes are not there for readers, nor for the checks: the
    // body is read without them, and spans are mapped back to the file at the end.
    let stripped = private::strip(body);
    let body = stripped.text.as_ref();
    let mut scan = Scan::default();
    let mut ids = HeadingIds::new("");
    let mut heading: Option<(Option<String>, String, Range<usize>)> = None;
    // The plain text of the current top-level block, as the page shows it, and the
    // links in it (index into `scan.links` or `scan.citations`, offset in the text).
    let mut block = String::new();
    let mut in_block: Vec<(Mentioned, usize)> = Vec::new();
    let mut depth = 0usize;
    // Inside an unpiped wikilink or a citation, the text is not what the page shows.
    let mut replaced = false;
    let mut in_code = false;
    let problems = ParseProblems::default();
    let mut note_labels: BTreeSet<String> = BTreeSet::new();
    // Where code is, in which `[^x]` is not a note.
    let mut code_spans: Vec<Range<usize>> = Vec::new();
    // Raw HTML inside an image is its alt text, escaped.
    let mut in_image = 0usize;
    // The lines of the raw HTML block being read, and where each starts.
    let mut html_block: Option<Vec<(String, usize)>> = None;
    for (event, span) in parser(body, &problems).into_offset_iter() {
        if matches!(event, Event::Code(_) | Event::Start(Tag::CodeBlock(_))) {
            code_spans.push(span.clone());
        }
        let mut text: Option<String> = None;
        match event {
            Event::Start(Tag::Link { dest_url, .. }) if dest_url.starts_with(CITE) => {
                depth += 1;
                if let Some(keys) = citation_keys(&dest_url[CITE.len()..]) {
                    in_block.push((Mentioned::Citation(scan.citations.len()), block.len()));
                    scan.citations.push(Citation {
                        span,
                        keys,
                        context: String::new(),
                    });
                }
                replaced = true;
            }
            Event::Start(Tag::Link {
                link_type: LinkType::WikiLink { has_pothole },
                dest_url,
                ..
            })
            | Event::Start(Tag::Image {
                link_type: LinkType::WikiLink { has_pothole },
                dest_url,
                ..
            }) => {
                depth += 1;
                let embed = body[span.clone()].starts_with('!');
                let (target, fragment) = split_fragment(&dest_url);
                in_block.push((Mentioned::Link(scan.links.len()), block.len()));
                if !has_pothole {
                    text = Some(display(&target).unwrap_or_else(|| target.clone()));
                    replaced = true;
                }
                scan.links.push(WikiLink {
                    span,
                    target,
                    fragment,
                    embed,
                    context: String::new(),
                });
            }
            Event::Start(
                ref tag @ (Tag::Link { ref dest_url, .. } | Tag::Image { ref dest_url, .. }),
            ) => {
                depth += 1;
                let image = matches!(tag, Tag::Image { .. });
                in_image += usize::from(image);
                if let Some(scheme) = refused_scheme(dest_url) {
                    scan.problems.push(refused(span, scheme, image));
                }
            }
            Event::Start(Tag::HtmlBlock) => {
                depth += 1;
                html_block = Some(Vec::new());
            }
            Event::Html(html) => match html_block.as_mut() {
                Some(lines) => lines.push((html.to_string(), span.start)),
                None => raw_html_urls(&[(html.to_string(), span.start)], &mut scan),
            },
            Event::InlineHtml(html) if !replaced && in_image == 0 => {
                raw_html_urls(&[(html.to_string(), span.start)], &mut scan);
            }
            Event::Start(Tag::Heading { id, .. }) => {
                depth += 1;
                heading = Some((id.map(|s| s.to_string()), String::new(), span));
            }
            Event::Start(Tag::CodeBlock(_)) => {
                depth += 1;
                in_code = true;
            }
            Event::Start(Tag::FootnoteDefinition(label)) => {
                depth += 1;
                if !note_labels.insert(label.to_string()) {
                    scan.problems.push((
                        span,
                        format!("the note `[^{label}]` is defined twice"),
                        "give each note its own label, or remove one definition".to_owned(),
                    ));
                }
            }
            Event::Start(_) => depth += 1,
            Event::End(end) => {
                depth = depth.saturating_sub(1);
                match end {
                    TagEnd::Link => replaced = false,
                    TagEnd::Image => {
                        replaced = false;
                        in_image = in_image.saturating_sub(1);
                    }
                    TagEnd::HtmlBlock => {
                        if let Some(lines) = html_block.take() {
                            raw_html_urls(&lines, &mut scan);
                        }
                    }
                    TagEnd::CodeBlock => in_code = false,
                    TagEnd::Heading(_) => {
                        if let Some((custom, text, span)) = heading.take() {
                            let (id, problem) = ids.assign(custom.as_deref(), &text);
                            if let Some(problem) = problem {
                                scan.problems.push((
                                    span,
                                    problem,
                                    "choose another id, or remove `{#…}` to let dossier make one"
                                        .to_owned(),
                                ));
                            }
                            scan.heading_ids.push(id);
                        }
                    }
                    _ => {}
                }
                // A mention's context is the paragraph, heading, list item or table cell
                // it sits in, not the whole table or list.
                let leaf = matches!(
                    end,
                    TagEnd::Paragraph | TagEnd::Heading(_) | TagEnd::Item | TagEnd::TableCell
                );
                if depth == 0 || leaf {
                    let ats: Vec<usize> = in_block.iter().map(|(_, at)| *at).collect();
                    let contexts = sentences_around(&block, &ats);
                    for ((mentioned, _), context) in in_block.drain(..).zip(contexts) {
                        match mentioned {
                            Mentioned::Link(i) => scan.links[i].context = context,
                            Mentioned::Citation(i) => scan.citations[i].context = context,
                        }
                    }
                    block.clear();
                } else if !matches!(
                    end,
                    TagEnd::Emphasis
                        | TagEnd::Strong
                        | TagEnd::Strikethrough
                        | TagEnd::Link
                        | TagEnd::Image
                        | TagEnd::Superscript
                        | TagEnd::Subscript
                ) {
                    // Blocks inside blocks (list items, cells) are separated by a space.
                    block.push(' ');
                }
            }
            Event::Text(t) | Event::Code(t) if !replaced && !in_code => text = Some(t.to_string()),
            Event::SoftBreak | Event::HardBreak => text = Some(" ".to_owned()),
            _ => {}
        }
        if let Some(text) = text {
            if let Some((_, heading_text, _)) = heading.as_mut() {
                heading_text.push_str(&text);
            }
            block.push_str(&text);
        }
    }
    scan.problems.extend(problems.into_inner());
    // A reference to a note that is not defined stays text (pulldown-cmark makes no
    // event of it): find `[^label]` outside code, not followed by `:`.
    // Code spans do not overlap: in order, the one that could hold `i` is the last
    // that starts at or before it. The `]` after `[^` is found once for all the `[^`
    // before it (`[^[^[^…]` was a search to the end for each).
    code_spans.sort_by_key(|c| c.start);
    let mut close: Option<usize> = None;
    let mut from = 0;
    while let Some(i) = body[from..].find("[^").map(|i| from + i) {
        from = i + 2;
        if close.is_none_or(|c| c < from) {
            close = body[from..].find(']').map(|len| from + len);
        }
        let Some(close) = close else {
            break;
        };
        let label = &body[from..close];
        let end = close + 1;
        let definition = body[end..].starts_with(':');
        let in_code = code_spans[..code_spans.partition_point(|c| c.start <= i)]
            .last()
            .is_some_and(|c| c.contains(&i));
        if !label.is_empty()
            && !label.contains(char::is_whitespace)
            && !definition
            && !in_code
            && !note_labels.contains(label)
        {
            scan.problems.push((
                i..end,
                format!("the note `[^{label}]` has no definition"),
                format!("add a line `[^{label}]: …` with the note's text"),
            ));
        }
    }
    // Back to the positions of the file.
    for link in &mut scan.links {
        link.span = stripped.span(link.span.clone());
    }
    for citation in &mut scan.citations {
        citation.span = stripped.span(citation.span.clone());
    }
    for problem in scan.problems.iter_mut().chain(&mut scan.raw_html_problems) {
        problem.0 = stripped.span(problem.0.clone());
    }
    scan.problems.extend(stripped.problems);
    scan.problems.sort_by_key(|p| p.0.start);
    scan
}

/// A link or image to a refused address: (span, message, help).
fn refused(span: Range<usize>, scheme: &str, image: bool) -> (Range<usize>, String, String) {
    if image {
        (
            span,
            format!("an image from a `{scheme}:` address is refused"),
            "put the image in `static/` and give its path, or use an http(s) address".to_owned(),
        )
    } else {
        (
            span,
            format!("a link to a `{scheme}:` address is refused"),
            format!(
                "link to an http(s) address or a relative one; a `{scheme}:` address can \
                 run code in the reader's browser"
            ),
        )
    }
}

/// Attributes of raw HTML that hold an address a browser loads or follows.
const URL_ATTRIBUTES: &[&str] = &[
    "href",
    "src",
    "srcset",
    "action",
    "formaction",
    "poster",
    "cite",
    "background",
    "data",
    "xlink:href",
    "longdesc",
    "ping",
];

/// Reports the refused addresses in raw HTML given as lines (text, where it starts in
/// the body): the lines of a block are read together, as a tag may span them.
fn raw_html_urls(lines: &[(String, usize)], scan: &mut Scan) {
    let html: String = lines.iter().map(|(line, _)| line.as_str()).collect();
    // Where each line starts in `html`.
    let starts: Vec<usize> = lines
        .iter()
        .scan(0, |at, (line, _)| {
            let start = *at;
            *at += line.len();
            Some(start)
        })
        .collect();
    let at_in_body = |offset: usize| {
        let i = starts.partition_point(|&s| s <= offset).saturating_sub(1);
        lines
            .get(i)
            .map_or(0, |(_, start)| start + (offset - starts[i]))
    };
    crate::html::for_each_attribute(&html, |name, value| {
        if !URL_ATTRIBUTES.iter().any(|a| a.eq_ignore_ascii_case(name)) {
            return;
        }
        // `srcset` holds several addresses.
        let scheme = value
            .split(',')
            .find_map(|candidate| refused_scheme(candidate.trim()));
        if let Some(scheme) = scheme {
            let offset = value.as_ptr() as usize - html.as_ptr() as usize;
            let start = at_in_body(offset);
            scan.raw_html_problems.push((
                start..start + value.len(),
                format!("a `{scheme}:` address in raw HTML is refused"),
                "use an http(s) address or a relative one, or set `trusted_html = true` in \
                 site.toml if everyone who writes the dossier may run code on its pages"
                    .to_owned(),
            ));
        }
    });
}

/// A link or a citation found in the current block.
#[derive(Debug, Clone, Copy)]
enum Mentioned {
    Link(usize),
    Citation(usize),
}

/// Where a wikilink goes, as the renderer needs it.
#[derive(Debug, Clone)]
pub struct LinkTarget {
    /// The entry's slug.
    pub key: String,
    /// Relative URL from the page being rendered.
    pub href: String,
    /// The text an unpiped link shows.
    pub text: String,
    /// The entry's name and what it is ("term", "company"), for previews.
    pub name: String,
    pub kind: String,
}

impl LinkTarget {
    /// `<a …>` for a link to this target, with what a preview card needs.
    /// The `<a>` tag: where it goes and what it is. A preview card (`dossier.js`)
    /// finds the entry's name and summary in the search index, on demand: carried on
    /// every link, they were a fifth of a long page.
    fn open_tag(&self, class: &str, fragment: Option<&str>) -> String {
        let href = match fragment {
            Some(f) => format!("{}#{f}", self.href),
            None => self.href.clone(),
        };
        format!(
            "<a class=\"{class}\" href=\"{}\" data-kind=\"{}\">",
            escape(&href),
            escape(&self.kind),
        )
    }
}

/// How to render one body on one page.
pub struct Context<'a> {
    /// Maps a wikilink target (as written) to its link. After the resolve stage every
    /// target resolves; `None` only drops the link.
    pub resolve: &'a dyn Fn(&str) -> Option<LinkTarget>,
    /// Maps a cited source slug to its page (`name` is the source's title).
    pub cite: &'a dyn Fn(&str) -> Option<LinkTarget>,
    /// Whether the page lists the body's references: citations then point to that
    /// list (`#ref-1`); otherwise straight to the source's page.
    pub references: bool,
    /// Goes before every id the body creates (headings, notes): empty on the entry's
    /// own page, `"{slug}-"` where several bodies share a page (the glossary).
    pub id_prefix: &'a str,
    /// Glossary terms to link at their first mention, if the site wants it.
    pub autolink: Option<&'a Autolinker>,
    /// The slug of the entry whose page this is: its own term is never autolinked.
    pub own_slug: &'a str,
    /// The entry's name, to tell its tables from others' on a page of several bodies.
    pub name: &'a str,
    /// The site's language: notes say so, even when written inside a quotation in
    /// another language.
    pub lang: &'a str,
    /// Where the body is rendered away from its entry's own page (the glossary, the
    /// print edition): the path from the rendering page to the entry's page, which the
    /// body's own relative links are written from.
    pub rebase: Option<&'a str>,
    /// The few words the body's HTML adds, in the page's language.
    pub words: Words<'a>,
    /// Raw HTML is written as it is (site.toml's `trusted_html`); otherwise it is
    /// cleaned (`sanitize`).
    pub trusted_html: bool,
}

/// The interface words a rendered body holds (accessible names), with `{n}` for a
/// number and `{name}` for the entry's name.
#[derive(Debug, Clone, Copy)]
pub struct Words<'a> {
    /// A table's scrolling region: "Table {n}".
    pub table: &'a str,
    /// The same where several bodies share a page: "{name}, table {n}".
    pub table_of: &'a str,
    /// A note's link back to where it is called: "Back to the text of note {n}".
    pub note_back: &'a str,
}

#[cfg(test)]
impl Words<'static> {
    /// The English words.
    pub const ENGLISH: Words<'static> = Words {
        table: "Table {n}",
        table_of: "{name}, table {n}",
        note_back: "Back to the text of note {n}",
    };
}

impl Context<'_> {
    /// A link the author wrote, made to work from the page being rendered: a relative
    /// URL gets the way to the entry's page in front, a same-page `#fragment` the ids'
    /// prefix. Other links are left as written.
    fn rebase(&self, url: &str) -> String {
        rebase(url, self.rebase, self.id_prefix)
    }

    /// [`Context::rebase`] as a value of its own, for the raw HTML cleaner.
    fn rebaser(&self) -> impl Fn(&str) -> String + 'static {
        let (prefix, id_prefix) = (self.rebase.map(str::to_owned), self.id_prefix.to_owned());
        move |url| rebase(url, prefix.as_deref(), &id_prefix)
    }
}

/// See [`Context::rebase`].
fn rebase(url: &str, prefix: Option<&str>, id_prefix: &str) -> String {
    if let Some(fragment) = url.strip_prefix('#') {
        return format!("#{id_prefix}{fragment}");
    }
    let absolute = url.starts_with('/')
        || url.split_once(':').is_some_and(|(scheme, _)| {
            !scheme.is_empty()
                && scheme
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
        });
    match prefix {
        Some(prefix) if !absolute && !url.is_empty() => format!("{prefix}{url}"),
        _ => url.to_owned(),
    }
}

/// A footnote being collected: its label and events.
type NoteBody<'a> = (String, Vec<Event<'a>>);

/// A body as HTML, with the sources it cites.
#[derive(Debug, Default)]
pub struct Rendered {
    pub html: String,
    /// The sources cited, numbered in order of first citation.
    pub references: Vec<Reference>,
    /// The notes, as HTML without ids, for a printed list of endnotes.
    pub endnotes: Vec<String>,
}

/// One source cited by a body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reference {
    pub source: String,
    pub number: usize,
    /// The ids of the places that cite it, for links back.
    pub citations: Vec<String>,
}

/// What a link being written is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum OpenLink {
    /// Written by pulldown-cmark.
    Markdown,
    /// A wikilink: we wrote `<a>`, so we close it.
    Wiki,
    /// A citation: written whole at its start; its end writes nothing.
    Citation,
}

/// Renders `body` to HTML.
pub fn to_html(body: &str, cx: &Context) -> Rendered {
    let stripped = private::strip(body);
    let mut body = stripped.text;
    // The marks of raw HTML and of notes must come from us only; CommonMark replaces
    // NUL (pulldown-cmark does not).
    const OURS: [char; 3] = [NOTE_MARK, sanitize::RAW_START, sanitize::RAW_END];
    if body.contains(OURS) {
        body = body.replace(OURS, "\u{FFFD}").into();
    }
    let body = body.as_ref();
    let mut w = Writer {
        cx,
        main: Vec::new(),
        heading: None,
        note: None,
        notes: Vec::new(),
        numbers: BTreeMap::new(),
        refs_seen: BTreeMap::new(),
        pending: Vec::new(),
        placed: BTreeSet::new(),
        ids: HeadingIds::new(cx.id_prefix),
        references: Vec::new(),
        reference_of: BTreeMap::new(),
        linked: BTreeSet::new(),
        text: String::new(),
        tables: 0,
    };
    let mut code: Option<(String, String)> = None; // (language, text)
    let mut depth = 0usize;
    // Inside an unpiped wikilink or a citation, everything up to the link's end is
    // replaced: `Some(n)` counts the tags opened inside it since.
    let mut skipping: Option<usize> = None;
    let mut open_links: Vec<OpenLink> = Vec::new();
    // Open inline raw HTML elements that must not get autolinks (`<a>`, `<code>`…).
    let mut raw_inline = 0usize;
    // Raw HTML inside an image is its alt text, which pulldown-cmark escapes.
    let mut in_image = 0usize;

    // The problems were reported by `scan`; rendering goes on regardless.
    let problems = ParseProblems::default();

    for event in parser(body, &problems) {
        if let Some(nested) = skipping.as_mut() {
            match event {
                Event::Start(_) => *nested += 1,
                Event::End(TagEnd::Link) if *nested == 0 => {
                    skipping = None;
                    depth -= 1;
                    if open_links.pop() == Some(OpenLink::Wiki) {
                        w.emit(Event::InlineHtml("</a>".into()));
                    }
                }
                Event::End(_) => *nested = nested.saturating_sub(1),
                _ => {}
            }
            continue;
        }
        if let Some((lang, text)) = code.as_mut() {
            match event {
                Event::Text(t) => text.push_str(&t),
                Event::End(TagEnd::CodeBlock) => {
                    let html = highlight::block(text, lang);
                    code = None;
                    w.emit(Event::Html(html.into()));
                    depth -= 1;
                    w.block_ended(depth);
                }
                _ => {}
            }
            continue;
        }
        match event {
            Event::Start(Tag::Link { dest_url, .. }) if dest_url.starts_with(CITE) => {
                depth += 1;
                let keys = citation_keys(&dest_url[CITE.len()..]).unwrap_or_default();
                let html = w.citation(&keys);
                w.emit(Event::InlineHtml(html.into()));
                skipping = Some(0);
                open_links.push(OpenLink::Citation);
            }
            Event::Start(Tag::CodeBlock(kind)) => {
                depth += 1;
                let lang = match kind {
                    CodeBlockKind::Fenced(info) => {
                        info.split_whitespace().next().unwrap_or("").to_owned()
                    }
                    CodeBlockKind::Indented => String::new(),
                };
                code = Some((lang, String::new()));
            }
            Event::Start(Tag::Link {
                link_type: LinkType::WikiLink { has_pothole },
                dest_url,
                ..
            }) => {
                depth += 1;
                let (target, fragment) = split_fragment(&dest_url);
                let (open, text) = if target.is_empty() {
                    // `[[#fragment]]`: a heading of this page.
                    let f = fragment.clone().unwrap_or_default();
                    let open = format!(
                        "<a class=\"wikilink\" href=\"#{}{}\">",
                        cx.id_prefix,
                        escape(&f)
                    );
                    (open, f)
                } else {
                    match (cx.resolve)(&target) {
                        Some(link) => {
                            // An explicit link counts as the term's first mention.
                            w.linked.insert(link.key.clone());
                            (link.open_tag("wikilink", fragment.as_deref()), link.text)
                        }
                        None => ("<a class=\"wikilink\">".to_owned(), target),
                    }
                };
                w.emit(Event::InlineHtml(open.into()));
                open_links.push(OpenLink::Wiki);
                if !has_pothole {
                    w.emit(Event::Text(text.into()));
                    skipping = Some(0);
                }
            }
            // Links, and images (whose text is alt text): no autolinks inside.
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                depth += 1;
                open_links.push(OpenLink::Markdown);
                let dest_url = cx.rebase(safe_url(&dest_url)).into();
                w.emit(Event::Start(Tag::Link {
                    link_type,
                    dest_url,
                    title,
                    id,
                }));
            }
            Event::Start(Tag::Image {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                depth += 1;
                in_image += 1;
                open_links.push(OpenLink::Markdown);
                let dest_url = cx.rebase(safe_url(&dest_url)).into();
                w.emit(Event::Start(Tag::Image {
                    link_type,
                    dest_url,
                    title,
                    id,
                }));
            }
            Event::End(TagEnd::Link) | Event::End(TagEnd::Image) => {
                depth -= 1;
                if event == Event::End(TagEnd::Image) {
                    in_image = in_image.saturating_sub(1);
                }
                match open_links.pop() {
                    Some(OpenLink::Wiki) => w.emit(Event::InlineHtml("</a>".into())),
                    Some(OpenLink::Citation) => {}
                    _ => w.emit(event),
                }
            }
            Event::InlineHtml(html) if in_image > 0 => w.emit(Event::InlineHtml(html)),
            Event::InlineHtml(html) => {
                raw_inline = raw_inline_depth(raw_inline, &html);
                w.emit(Event::InlineHtml(raw_html(html, cx.trusted_html)));
            }
            Event::Html(html) => w.emit(Event::Html(raw_html(html, cx.trusted_html))),
            Event::Text(text)
                if open_links.is_empty() && w.heading.is_none() && raw_inline == 0 =>
            {
                w.text(&text);
            }
            // A line break inside a paragraph is a space, where a term may continue.
            Event::SoftBreak if open_links.is_empty() && w.heading.is_none() && raw_inline == 0 => {
                w.text(" ");
            }
            Event::Start(Tag::Heading { level, id, .. }) => {
                depth += 1;
                w.heading = Some((level, id.map(|s| s.to_string()), Vec::new()));
            }
            Event::End(TagEnd::Heading(_)) => {
                depth -= 1;
                if let Some((level, custom, inner)) = w.heading.take() {
                    let (id, _) = w.ids.assign(custom.as_deref(), &plain_text(&inner));
                    w.emit(Event::Html(
                        format!("<{level} id=\"{}\">", escape(&id)).into(),
                    ));
                    for e in inner {
                        w.emit(e);
                    }
                    w.emit(Event::Html(format!("</{level}>\n").into()));
                }
                w.block_ended(depth);
            }
            Event::Start(Tag::FootnoteDefinition(label)) => {
                depth += 1;
                w.note = Some((label.to_string(), Vec::new()));
            }
            Event::End(TagEnd::FootnoteDefinition) => {
                depth -= 1;
                if let Some(note) = w.note.take() {
                    w.notes.push(note);
                }
            }
            Event::FootnoteReference(label) => {
                let html = w.note_reference(&label);
                w.emit(Event::InlineHtml(html.into()));
            }
            Event::Start(Tag::Table(_)) => {
                depth += 1;
                // A wide table scrolls on its own, never the page; the wrapper can be
                // focused, so keyboard users can scroll it too.
                // Each region has its own name: "Table 2", or "Acme, table 2" where
                // several bodies share the page (the print edition).
                w.tables += 1;
                let n = w.tables.to_string();
                let label = if w.cx.id_prefix.is_empty() || w.cx.name.is_empty() {
                    w.cx.words.table.replace("{n}", &n)
                } else {
                    w.cx.words
                        .table_of
                        .replace("{name}", w.cx.name)
                        .replace("{n}", &n)
                };
                w.emit(Event::Html(
                    format!(
                        "<div class=\"table-scroll\" tabindex=\"0\" role=\"region\" aria-label=\"{}\">",
                        escape(&label)
                    )
                    .into(),
                ));
                w.emit(event);
            }
            Event::End(TagEnd::Table) => {
                depth -= 1;
                w.emit(event);
                w.emit(Event::Html("</div>\n".into()));
                w.block_ended(depth);
            }
            Event::Start(_) => {
                depth += 1;
                w.emit(event);
            }
            Event::End(_) => {
                depth -= 1;
                w.emit(event);
                w.block_ended(depth);
            }
            other => w.emit(other),
        }
    }
    w.finish(body.len())
}

/// Collects the events of a body, routing them to a heading, a note or the main flow.
struct Writer<'c, 'a> {
    cx: &'c Context<'c>,
    /// Tables so far, to name each one's scrolling region.
    tables: usize,
    main: Vec<Event<'a>>,
    /// A heading being collected: level, its own id, inner events.
    heading: Option<(HeadingLevel, Option<String>, Vec<Event<'a>>)>,
    /// A footnote definition being collected.
    note: Option<NoteBody<'a>>,
    /// Every footnote definition, in the order written.
    notes: Vec<NoteBody<'a>>,
    /// Note numbers, in order of first reference.
    numbers: BTreeMap<String, usize>,
    /// How many references each note has had so far.
    refs_seen: BTreeMap<String, usize>,
    /// Notes first referred to in the current top-level block.
    pending: Vec<usize>,
    /// Notes already given a place in the text.
    placed: BTreeSet<usize>,
    ids: HeadingIds,
    /// Sources cited so far, numbered in order of first citation.
    references: Vec<Reference>,
    /// The number of each source cited so far.
    reference_of: BTreeMap<String, usize>,
    /// Entries already linked on this page (autolinks link a term only once).
    linked: BTreeSet<String>,
    /// Text not yet written, gathered across pulldown-cmark's fragments (a line break,
    /// a smart quote) so that a term is found whole.
    text: String,
}

/// Marks where a note goes in the HTML until notes are rendered: a character that
/// cannot appear in text (pulldown-cmark replaces NUL), the number, and the same again.
const NOTE_MARK: char = '\u{0}';

impl<'a> Writer<'_, 'a> {
    /// Text where terms may be linked: kept until the next event.
    fn text(&mut self, text: &str) {
        self.text.push_str(text);
    }

    fn emit(&mut self, event: Event<'a>) {
        if !self.text.is_empty() {
            let text = std::mem::take(&mut self.text);
            self.autolink(text);
        }
        self.push(event);
    }

    fn push(&mut self, event: Event<'a>) {
        if let Some((_, _, inner)) = self.heading.as_mut() {
            inner.push(event);
        } else if let Some((_, inner)) = self.note.as_mut() {
            inner.push(event);
        } else {
            self.main.push(event);
        }
    }

    /// Text, with the first mention of each glossary term linked.
    fn autolink(&mut self, text: String) {
        let Some(autolinker) = self.cx.autolink else {
            self.push(Event::Text(text.into()));
            return;
        };
        let mut links = Vec::new();
        for (range, slug) in autolinker.matches(&text) {
            if slug == self.cx.own_slug || self.linked.contains(slug) {
                continue;
            }
            if let Some(target) = (self.cx.resolve)(slug) {
                self.linked.insert(slug.to_owned());
                links.push((range, target));
            }
        }
        if links.is_empty() {
            self.push(Event::Text(text.into()));
            return;
        }
        let mut at = 0;
        for (range, target) in links {
            if range.start > at {
                self.push(Event::Text(text[at..range.start].to_owned().into()));
            }
            self.push(Event::InlineHtml(target.open_tag("autolink", None).into()));
            self.push(Event::Text(text[range.clone()].to_owned().into()));
            self.push(Event::InlineHtml("</a>".into()));
            at = range.end;
        }
        if at < text.len() {
            self.push(Event::Text(text[at..].to_owned().into()));
        }
    }

    /// After a top-level block, the notes it referred to for the first time.
    fn block_ended(&mut self, depth: usize) {
        self.flush();
        if depth == 0 && self.note.is_none() {
            for n in std::mem::take(&mut self.pending) {
                self.place(n);
            }
        }
    }

    fn flush(&mut self) {
        if !self.text.is_empty() {
            let text = std::mem::take(&mut self.text);
            self.autolink(text);
        }
    }

    fn place(&mut self, n: usize) {
        if self.placed.insert(n) {
            self.main
                .push(Event::Html(format!("{NOTE_MARK}{n}{NOTE_MARK}").into()));
        }
    }

    /// `<sup>[1, p. 3; 2]</sup>`: each source numbered once per page, each place that
    /// cites it with its own id for the way back.
    fn citation(&mut self, keys: &[CiteKey]) -> String {
        let p = self.cx.id_prefix;
        let mut parts = Vec::new();
        for key in keys {
            let Some(target) = (self.cx.cite)(&key.source) else {
                continue;
            };
            let next = self.references.len() + 1;
            let number = *self.reference_of.entry(key.source.clone()).or_insert(next);
            if number == next {
                self.references.push(Reference {
                    source: key.source.clone(),
                    number,
                    citations: Vec::new(),
                });
            }
            let title = escape(&target.name);
            let mut part = if self.cx.references {
                let reference = &mut self.references[number - 1];
                let id = format!("{p}cite-{number}-{}", reference.citations.len() + 1);
                // The source's title on its first citation; the reference list has it
                // for all of them.
                let title = if reference.citations.is_empty() {
                    format!(" title=\"{title}\"")
                } else {
                    String::new()
                };
                reference.citations.push(id.clone());
                format!(
                    "<a id=\"{id}\" href=\"#{p}ref-{number}\" role=\"doc-biblioref\"{title}>{number}</a>"
                )
            } else {
                // No reference list on this page: the citation names its source.
                format!(
                    "<a href=\"{}\" role=\"doc-biblioref\" title=\"{title}\">{}</a>",
                    escape(&target.href),
                    escape(&target.text)
                )
            };
            if let Some(locator) = &key.locator {
                part.push_str(&format!(", {}", escape(locator)));
            }
            parts.push(part);
        }
        format!("<sup class=\"cite\">[{}]</sup>", parts.join("; "))
    }

    fn note_reference(&mut self, label: &str) -> String {
        let next = self.numbers.len() + 1;
        let n = *self.numbers.entry(label.to_owned()).or_insert(next);
        let seen = self.refs_seen.entry(label.to_owned()).or_insert(0);
        *seen += 1;
        let p = self.cx.id_prefix;
        let id = if *seen == 1 {
            if self.note.is_none() {
                self.pending.push(n);
            }
            format!("{p}fnref-{n}")
        } else {
            format!("{p}fnref-{n}-{seen}")
        };
        format!(
            "<sup class=\"noteref\"><a id=\"{id}\" href=\"#{p}fn-{n}\" role=\"doc-noteref\">{n}</a></sup>"
        )
    }

    fn finish(mut self, size: usize) -> Rendered {
        self.flush();
        // Notes referred to only from other notes, or not at all, go at the end.
        let labels: Vec<String> = self.notes.iter().map(|(label, _)| label.clone()).collect();
        for label in labels {
            let next = self.numbers.len() + 1;
            let n = *self.numbers.entry(label).or_insert(next);
            self.place(n);
        }
        let mut html = String::with_capacity(size * 3 / 2);
        pulldown_cmark::html::push_html(&mut html, self.main.into_iter());
        let html = sanitize::clean(html, self.cx.rebaser());
        if self.notes.is_empty() {
            return Rendered {
                html,
                references: self.references,
                endnotes: Vec::new(),
            };
        }
        let mut rendered: BTreeMap<usize, String> = BTreeMap::new();
        let mut endnotes: BTreeMap<usize, String> = BTreeMap::new();
        for (label, events) in self.notes {
            if let Some(&n) = self.numbers.get(&label) {
                let mut inner = String::new();
                pulldown_cmark::html::push_html(&mut inner, events.into_iter());
                let inner = sanitize::clean(inner, self.cx.rebaser());
                let back = self.cx.words.note_back.replace("{n}", &n.to_string());
                rendered.insert(
                    n,
                    note_html(n, self.cx.id_prefix, self.cx.lang, &back, &inner),
                );
                // The printed copy must not repeat the ids of the note (its citations).
                endnotes.insert(n, strip_ids(&inner));
            }
        }
        let mut out = String::with_capacity(html.len());
        let mut parts = html.split(NOTE_MARK);
        if let Some(first) = parts.next() {
            out.push_str(first);
        }
        while let (Some(number), Some(rest)) = (parts.next(), parts.next()) {
            if let Some(note) = number.parse().ok().and_then(|n: usize| rendered.get(&n)) {
                out.push_str(note);
            }
            out.push_str(rest);
        }
        Rendered {
            html: out,
            references: self.references,
            endnotes: endnotes.into_values().collect(),
        }
    }
}

/// The author's raw HTML, marked for cleaning unless the dossier trusts it.
fn raw_html(html: CowStr<'_>, trusted: bool) -> CowStr<'_> {
    if trusted {
        html
    } else {
        sanitize::mark(&html).into()
    }
}

/// `url`, or nothing if it is refused (`scan` reported it, and the site is not built;
/// this keeps it off a page all the same).
fn safe_url(url: &str) -> &str {
    if refused_scheme(url).is_some() {
        ""
    } else {
        url
    }
}

fn note_html(n: usize, prefix: &str, lang: &str, back: &str, inner: &str) -> String {
    format!(
        "<aside class=\"note\" id=\"{prefix}fn-{n}\" role=\"doc-footnote\" lang=\"{}\">\
         <span class=\"note-number\">{n}</span>{inner}\
         <a class=\"note-back\" href=\"#{prefix}fnref-{n}\" role=\"doc-backlink\" \
         aria-label=\"{}\">↩</a></aside>\n",
        escape(lang),
        escape(back)
    )
}

/// How many raw inline elements that must not hold links (`<a>`, `<code>`…) are open
/// after the inline HTML `html`, given `open` before it.
fn raw_inline_depth(open: usize, html: &str) -> usize {
    const NO_LINKS: &[&str] = &[
        "a", "code", "kbd", "samp", "pre", "script", "style", "svg", "math",
    ];
    let lower = html.trim().to_ascii_lowercase();
    let name = |rest: &str| -> String {
        rest.chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect()
    };
    if let Some(rest) = lower.strip_prefix("</") {
        if NO_LINKS.contains(&name(rest).as_str()) {
            return open.saturating_sub(1);
        }
    } else if let Some(rest) = lower.strip_prefix('<')
        && NO_LINKS.contains(&name(rest).as_str())
        && !lower.ends_with("/>")
    {
        return open + 1;
    }
    open
}

/// `html` without its `id="…"` attributes. Text in `html` is escaped, so ` id="` only
/// ever starts an attribute.
fn strip_ids(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(at) = rest.find(" id=\"") {
        out.push_str(&rest[..at]);
        let after = &rest[at + 5..];
        rest = after.find('"').map_or("", |end| &after[end + 1..]);
    }
    out.push_str(rest);
    out
}

fn plain_text(events: &[Event]) -> String {
    let mut text = String::new();
    for event in events {
        if let Event::Text(t) | Event::Code(t) = event {
            text.push_str(t);
        }
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A body rendered on its own page, in English, linking with `resolve`.
    fn context(resolve: &dyn Fn(&str) -> Option<LinkTarget>) -> Context<'_> {
        Context {
            resolve,
            cite: &cite,
            references: true,
            id_prefix: "",
            autolink: None,
            own_slug: "",
            name: "",
            lang: "en",
            rebase: None,
            words: Words::ENGLISH,
            trusted_html: false,
        }
    }

    fn resolve(target: &str) -> Option<LinkTarget> {
        (target == "anthropic" || target.eq_ignore_ascii_case("Anthropic PBC")).then(|| {
            LinkTarget {
                key: "anthropic".into(),
                href: "../anthropic/".into(),
                text: "Anthropic".into(),
                name: "Anthropic".into(),
                kind: "company".to_owned(),
            }
        })
    }

    fn cite(source: &str) -> Option<LinkTarget> {
        (source == "ft").then(|| LinkTarget {
            key: "ft".into(),
            href: "../../sources/ft/".into(),
            text: "Google invests \"$300mn\"".into(),
            name: "Google invests \"$300mn\"".into(),
            kind: "source".to_owned(),
        })
    }

    fn render(body: &str) -> String {
        to_html(body, &context(&resolve)).html
    }

    fn display(target: &str) -> Option<String> {
        resolve(target).map(|l| l.text)
    }

    #[test]
    fn wikilinks_are_found_outside_code_only() {
        let body =
            "See [[anthropic]] and [[openai|OpenAI]].\n\n```\n[[not-a-link]]\n```\n`[[nor-this]]`";
        let found: Vec<String> = scan(body, &display)
            .links
            .into_iter()
            .map(|w| w.target)
            .collect();
        assert_eq!(found, ["anthropic", "openai"]);
    }

    #[test]
    fn scan_reads_fragments_embeds_and_line_breaks() {
        let s = scan("[[a#b]] ![[img]] [[Anthropic\n PBC]] [[#top]]", &display);
        let got: Vec<(&str, Option<&str>, bool)> = s
            .links
            .iter()
            .map(|l| (l.target.as_str(), l.fragment.as_deref(), l.embed))
            .collect();
        assert_eq!(
            got,
            [
                ("a", Some("b"), false),
                ("img", None, true),
                ("Anthropic PBC", None, false),
                ("", Some("top"), false)
            ]
        );
    }

    #[test]
    fn mentions_carry_the_sentence_they_are_in() {
        let body = "Intro here. Google paid [[anthropic]] about $300M, reportedly [@ft]. Next one.\n\n\
                    - In a *list* with [[anthropic|the lab]]!\n";
        let s = scan(body, &display);
        assert_eq!(
            s.links[0].context,
            "Google paid Anthropic about $300M, reportedly."
        );
        assert_eq!(
            s.citations[0].context,
            "Google paid Anthropic about $300M, reportedly."
        );
        assert_eq!(s.links[1].context, "In a list with the lab!");
    }

    #[test]
    fn a_long_sentence_is_cut_around_the_mention() {
        let long = format!(
            "{} [[anthropic]] {}",
            "word ".repeat(100),
            "more ".repeat(100)
        );
        let s = scan(&long, &display);
        let context = &s.links[0].context;
        assert!(context.contains("Anthropic"), "{context}");
        assert!(
            context.starts_with('…') && context.ends_with('…'),
            "{context}"
        );
        assert!(
            context.chars().count() <= 282,
            "{}",
            context.chars().count()
        );
    }

    #[test]
    fn wikilink_renders_with_name_or_own_text() {
        let html = render("[[anthropic]] and [[anthropic|the lab]] and [[Anthropic PBC]].");
        assert!(
            html.contains(
                r#"<a class="wikilink" href="../anthropic/" data-kind="company">Anthropic</a> and"#
            ),
            "{html}"
        );
        assert!(html.contains(">the lab</a>"), "{html}");
        assert!(!html.contains("[["), "{html}");
    }

    #[test]
    fn same_page_wikilink_points_at_the_heading() {
        let html = render("## Funding\n\nSee [[#funding]].");
        assert!(
            html.contains(r##"<a class="wikilink" href="#funding">funding</a>"##),
            "{html}"
        );
    }

    #[test]
    fn piped_wikilink_works_inside_a_table() {
        let html = render("| a | b |\n|---|---|\n| [[anthropic\\|the lab]] | x |\n");
        assert!(html.contains(r#"href="../anthropic/""#), "{html}");
        assert!(html.contains(">the lab</a></td>"), "{html}");
    }

    #[test]
    fn headings_get_unique_ids_that_avoid_the_template_ids() {
        let html = render("# Funding\n\n## Funding\n\n## Main\n\n## Mentioned in title\n\n## Fn 1");
        assert!(html.contains(r#"<h1 id="funding">Funding</h1>"#), "{html}");
        assert!(html.contains(r#"<h2 id="funding-1">"#), "{html}");
        assert!(html.contains(r#"<h2 id="main-1">"#), "{html}");
        assert!(html.contains(r#"<h2 id="mentioned-in-title-1">"#), "{html}");
        assert!(html.contains(r#"<h2 id="fn-1-1">"#), "{html}");
    }

    #[test]
    fn scan_gives_the_same_heading_ids_as_render_and_reports_bad_custom_ids() {
        let body = "## About [[anthropic]]\n\n## About [[anthropic]]\n\n## X {#main}\n";
        let s = scan(body, &display);
        assert_eq!(s.heading_ids, ["about-anthropic", "about-anthropic-1", "x"]);
        let html = render(body);
        for id in &s.heading_ids {
            assert!(html.contains(&format!("id=\"{id}\"")), "{id}: {html}");
        }
        assert_eq!(s.problems.len(), 1);
        assert!(
            s.problems[0]
                .1
                .contains("`main` is used by the page template")
        );
    }

    #[test]
    fn footnotes_follow_the_block_that_refers_to_them() {
        let html =
            render("First[^a] and again[^a].\n\nSecond[^b].\n\n[^b]: Note B.\n[^a]: Note *A*.\n");
        let first_p = html.find("<p>First").unwrap();
        let note_a = html
            .find(r#"<aside class="note" id="fn-1" role="doc-footnote" lang="en">"#)
            .unwrap();
        let second_p = html.find("<p>Second").unwrap();
        let note_b = html.find(r#"id="fn-2""#).unwrap();
        assert!(
            first_p < note_a && note_a < second_p && second_p < note_b,
            "{html}"
        );
        assert!(
            html.contains(r##"<a id="fnref-1" href="#fn-1" role="doc-noteref">1</a>"##),
            "{html}"
        );
        assert!(
            html.contains(r##"<a id="fnref-1-2" href="#fn-1" role="doc-noteref">1</a>"##),
            "{html}"
        );
        assert!(html.contains("<em>A</em>"), "{html}");
        assert!(
            html.contains(r##"href="#fnref-1" role="doc-backlink""##),
            "{html}"
        );
    }

    #[test]
    fn notes_referred_to_only_from_notes_are_kept() {
        let html = render("Text[^a].\n\n[^a]: See[^b].\n[^b]: Inner.\n[^c]: Orphan.\n");
        assert!(
            html.contains(r#"id="fn-1""#)
                && html.contains(r#"id="fn-2""#)
                && html.contains(r#"id="fn-3""#),
            "{html}"
        );
        assert!(
            html.contains("Inner.") && html.contains("Orphan."),
            "{html}"
        );
    }

    #[test]
    fn a_citation_in_a_note_keeps_one_id() {
        let out = to_html("Text[^1].\n\n[^1]: As reported [@ft].", &context(&resolve));
        assert_eq!(
            out.html.matches("id=\"cite-1-1\"").count(),
            1,
            "{}",
            out.html
        );
        assert!(!out.endnotes[0].contains(" id="), "{:?}", out.endnotes);
        assert!(
            out.endnotes[0].contains("role=\"doc-biblioref\""),
            "{:?}",
            out.endnotes
        );
    }

    #[test]
    fn note_ids_take_the_page_prefix() {
        let html = to_html(
            "Text[^1].\n\n[^1]: N.",
            &Context {
                id_prefix: "rlhf-",
                ..context(&resolve)
            },
        )
        .html;
        assert!(
            html.contains(r#"id="rlhf-fn-1""#) && html.contains(r##"href="#rlhf-fn-1""##),
            "{html}"
        );
    }

    #[test]
    fn citations_are_parsed_with_locators() {
        assert_eq!(
            citation_keys("@ft, p. 3; @cnbc"),
            Some(vec![
                CiteKey {
                    source: "ft".into(),
                    locator: Some("p. 3".into())
                },
                CiteKey {
                    source: "cnbc".into(),
                    locator: None
                },
            ])
        );
        assert_eq!(citation_keys("not a citation"), None);
        assert_eq!(citation_keys("@ft; plain"), None);
        assert_eq!(citation_keys("@"), None);
        let s = scan("Said so [@ft, p. 2]. `[@code]` [@ft]", &display);
        assert_eq!(s.citations.len(), 2);
        assert_eq!(s.citations[0].span, 8..19);
    }

    #[test]
    fn citations_are_numbered_per_source_and_link_both_ways() {
        let body = "A [@ft]. B [@ft, p. 2]. [Normal](x) and [bracket].";
        let out = to_html(body, &context(&resolve));
        assert!(out.html.contains(r##"<sup class="cite">[<a id="cite-1-1" href="#ref-1" role="doc-biblioref" title="Google invests &quot;$300mn&quot;">1</a>]</sup>"##), "{}", out.html);
        assert!(
            out.html
                .contains(r##"<a id="cite-1-2" href="#ref-1" role="doc-biblioref">1</a>, p. 2]"##),
            "{}",
            out.html
        );
        assert!(out.html.contains("[bracket]"), "{}", out.html);
        assert_eq!(
            out.references,
            [Reference {
                source: "ft".into(),
                number: 1,
                citations: vec!["cite-1-1".into(), "cite-1-2".into()]
            }]
        );
        let elsewhere = to_html(
            body,
            &Context {
                references: false,
                ..context(&resolve)
            },
        );
        assert!(
            elsewhere
                .html
                .contains(r#"<a href="../../sources/ft/" role="doc-biblioref""#),
            "{}",
            elsewhere.html
        );
    }

    fn autolinked(body: &str, own_slug: &str) -> String {
        let terms = Autolinker::new([
            (
                "rlhf",
                vec!["Reinforcement learning from human feedback", "RLHF"],
            ),
            ("rl", vec!["Reinforcement learning"]),
            ("cai", vec!["Constitutional AI", "IA constitutionnelle"]),
        ])
        .unwrap();
        let resolve = |slug: &str| {
            Some(LinkTarget {
                key: slug.into(),
                href: format!("../{slug}/"),
                text: slug.into(),
                name: slug.into(),
                kind: "term".to_owned(),
            })
        };
        to_html(
            body,
            &Context {
                autolink: Some(&terms),
                own_slug,
                ..context(&resolve)
            },
        )
        .html
    }

    #[test]
    fn terms_are_linked_once_as_whole_words_outside_headings_code_and_links() {
        let html = autolinked(
            "## RLHF\n\nWe compare reinforcement learning from human feedback with rlhf and \
             l'IA constitutionnelle. RLHFs no; `RLHF` no; [Constitutional AI](x) no.\n\n\
             Reinforcement learning, then constitutional ai.",
            "",
        );
        assert!(html.contains("<h2 id=\"rlhf\">RLHF</h2>"), "{html}");
        assert!(html.contains(r#"<a class="autolink" href="../rlhf/" data-kind="term">reinforcement learning from human feedback</a> with rlhf"#), "{html}");
        assert!(
            html.contains(
                r#"<a class="autolink" href="../cai/" data-kind="term">IA constitutionnelle</a>"#
            ),
            "{html}"
        );
        assert!(
            html.contains(
                r#"<a class="autolink" href="../rl/" data-kind="term">Reinforcement learning</a>"#
            ),
            "{html}"
        );
        assert!(
            html.contains("then constitutional ai."),
            "only the first mention: {html}"
        );
        assert_eq!(html.matches("class=\"autolink\"").count(), 3, "{html}");
    }

    #[test]
    fn links_carry_where_they_go_and_what_it_is_but_no_summary() {
        let resolve = |slug: &str| {
            Some(LinkTarget {
                key: slug.into(),
                href: format!("../{slug}/"),
                text: slug.into(),
                name: slug.into(),
                kind: "company".to_owned(),
            })
        };
        let html = to_html(
            "[[acme]] then [[beta]], [[acme|Acme again]] and [[beta#x]].",
            &context(&resolve),
        )
        .html;
        // Previews read names and summaries from the search index, on demand.
        assert!(
            !html.contains("title=") && !html.contains("data-name"),
            "{html}"
        );
        assert!(
            html.contains(r#"<a class="wikilink" href="../beta/#x" data-kind="company">beta</a>"#),
            "{html}"
        );
        assert!(
            html.contains(
                r#"<a class="wikilink" href="../acme/" data-kind="company">Acme again</a>"#
            ),
            "{html}"
        );
    }

    #[test]
    fn a_term_is_not_linked_on_its_own_page_nor_after_an_explicit_link() {
        assert!(!autolinked("RLHF is RLHF.", "rlhf").contains("autolink"));
        let html = autolinked("[[rlhf|The method]] and later RLHF.", "");
        assert!(!html.contains("class=\"autolink\""), "{html}");
    }

    #[test]
    fn fenced_code_is_highlighted_with_classes() {
        let html = render("```toml\nname = \"x\"\n```");
        assert!(html.contains("<pre class=\"code\""), "{html}");
        assert!(html.contains("class=\"hl-"), "{html}");
        assert!(!html.contains("style="), "{html}");
    }
}
