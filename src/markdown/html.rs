//! A body as HTML ([`to_html`]), for `render`: wikilinks replaced by the links the
//! caller resolves ([`Context`]), citations numbered per source ([`Rendered::references`]),
//! fenced code highlighted, headings given unique ids, glossary terms linked at their
//! first mention, footnotes put after the block that first refers to them (`notes.rs`),
//! and the author's raw HTML cleaned unless the dossier trusts it (`sanitize.rs`).
//!
//! The [`Writer`] walks pulldown-cmark's events and hands most on to pulldown-cmark's
//! own HTML writer, routed to a heading, a note or the main flow.

use std::collections::{BTreeMap, BTreeSet};

use pulldown_cmark::{CodeBlockKind, CowStr, Event, HeadingLevel, LinkType, Tag, TagEnd};

use super::cite::CITE;
use super::notes::{NOTE_MARK, NoteLook, Notes};
use super::parse::parser;
use super::{Autolinker, CiteKey, HeadingIds, citation_keys, refused_scheme, split_fragment};
use super::{private, sanitize};
use crate::assets::Size;
use crate::highlight;
use crate::html::escape;

/// Where a wikilink goes, as the renderer needs it.
#[derive(Debug, Clone)]
pub struct LinkTarget {
    /// The entry's slug.
    pub key: String,
    /// Relative URL from the page being rendered; empty for a draft left out of the
    /// build, whose text is shown unlinked.
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

/// A file published beside the pages, as a body links it: its URL from the page, and
/// its size if it is an image.
pub type AssetLink = (String, Option<Size>);

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
    /// A path the body names (`chart.png`, `/images/logo.svg`), if it is a file
    /// published beside the pages (`crate::assets`): its URL from the page being
    /// rendered and, for an image, its size.
    pub asset: &'a dyn Fn(&str) -> Option<AssetLink>,
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
    /// The words its citations rely on (`[@source, "words"]`), each once, in the
    /// order cited.
    pub quotes: Vec<String>,
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
    let mut w = Writer::new(cx);
    // The problems were reported by `scan`; rendering goes on regardless.
    let mut events = parser(body, |_| {}).peekable();
    while let Some(event) = events.next() {
        // A paragraph that holds nothing but an image with a title is a figure: the
        // paragraph is not written, the image is, with its caption.
        if matches!(event, Event::Start(Tag::Paragraph))
            && let Some(Event::Start(Tag::Image {
                link_type, title, ..
            })) = events.peek()
            && !title.is_empty()
            && !matches!(link_type, LinkType::WikiLink { .. })
        {
            let mut image = Vec::new();
            let mut depth = 0usize;
            for event in events.by_ref() {
                match event {
                    Event::Start(Tag::Image { .. }) => depth += 1,
                    Event::End(TagEnd::Image) => depth -= 1,
                    _ => {}
                }
                image.push(event);
                if depth == 0 {
                    break;
                }
            }
            let alone = matches!(events.peek(), Some(Event::End(TagEnd::Paragraph)));
            if alone {
                events.next();
                w.figure = true;
            } else {
                w.event(event);
            }
            for event in image {
                w.event(event);
            }
            if alone {
                w.block_ended();
            }
            continue;
        }
        w.event(event);
    }
    w.finish(body.len())
}

/// A figure's title as its caption and its credit: the credit starts at the last
/// `Credit:` (or `Crédit :`, in any case, with any space before the colon) that
/// begins a word, and is kept as written; the caption is what comes before it.
fn caption_and_credit(title: &str) -> (&str, Option<&str>) {
    let starts = title
        .char_indices()
        .filter(|&(at, _)| at == 0 || title[..at].ends_with(char::is_whitespace));
    let credit = starts
        .filter(|&(at, _)| {
            let rest = &title[at..];
            let word: String = rest.chars().take(6).flat_map(char::to_lowercase).collect();
            (word == "credit" || word == "crédit")
                && rest[rest.char_indices().nth(6).map_or(rest.len(), |(i, _)| i)..]
                    .trim_start()
                    .starts_with(':')
        })
        .map(|(at, _)| at)
        .next_back();
    match credit {
        Some(at) => (title[..at].trim(), Some(title[at..].trim())),
        None => (title.trim(), None),
    }
}

/// What a link being written is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum OpenLink {
    /// Written by pulldown-cmark.
    Markdown,
    /// A wikilink: we wrote `<a>`, so we close it.
    Wiki,
    /// A wikilink to a draft: we wrote `<span>`, so we close it.
    Unlinked,
    /// A citation: written whole at its start; its end writes nothing.
    Citation,
}

/// A heading being collected: it is written at its end, once its id is known.
struct OpenHeading<'a> {
    level: HeadingLevel,
    /// The id written for it (`{#id}`).
    custom_id: Option<String>,
    events: Vec<Event<'a>>,
}

/// A fenced or indented code block being collected, to be highlighted whole.
struct OpenCode {
    lang: String,
    text: String,
}

/// Walks the events of a body, writing them to a heading, a note or the main flow.
struct Writer<'c, 'a> {
    cx: &'c Context<'c>,
    main: Vec<Event<'a>>,
    heading: Option<OpenHeading<'a>>,
    code: Option<OpenCode>,
    notes: Notes<'a>,
    ids: HeadingIds,
    /// Tables so far, to name each one's scrolling region.
    tables: usize,
    /// Sources cited so far, numbered in order of first citation.
    references: Vec<Reference>,
    /// The number of each source cited so far.
    reference_of: BTreeMap<String, usize>,
    /// Entries already linked on this page (autolinks link a term only once).
    linked: BTreeSet<String>,
    /// Text not yet written, gathered across pulldown-cmark's fragments (a line break,
    /// a smart quote) so that a term is found whole.
    text: String,
    /// How many tags are open: 0 between top-level blocks.
    depth: usize,
    /// Inside an unpiped wikilink or a citation, everything up to the link's end is
    /// replaced: `Some(n)` counts the tags opened inside it since.
    skipping: Option<usize>,
    open_links: Vec<OpenLink>,
    /// Open inline raw HTML elements that must not get autolinks (`<a>`, `<code>`…).
    raw_inline: usize,
    /// The image being read: its alt text is gathered up to its end.
    image: Option<OpenImage>,
    /// Images written so far: the first on an entry's own page loads at once, the
    /// others when they come near the screen.
    images: usize,
    /// The image being read is a figure (alone in its paragraph, with a title).
    figure: bool,
}

/// An image being read: written whole at its end, once its alt text is known.
struct OpenImage {
    src: String,
    title: String,
    size: Option<Size>,
    alt: String,
    /// Images inside its alt text (`![a ![b](x)](y)`), whose text is alt text too.
    nested: usize,
}

impl<'c, 'a> Writer<'c, 'a> {
    fn new(cx: &'c Context<'c>) -> Self {
        Writer {
            cx,
            main: Vec::new(),
            heading: None,
            code: None,
            notes: Notes::default(),
            ids: HeadingIds::new(cx.id_prefix),
            tables: 0,
            references: Vec::new(),
            reference_of: BTreeMap::new(),
            linked: BTreeSet::new(),
            text: String::new(),
            depth: 0,
            skipping: None,
            open_links: Vec::new(),
            raw_inline: 0,
            image: None,
            images: 0,
            figure: false,
        }
    }

    /// Writes one event of the body.
    fn event(&mut self, event: Event<'a>) {
        if self.skipping.is_some() {
            return self.skipped(event);
        }
        if self.code.is_some() {
            return self.in_code(event);
        }
        if self.image.is_some() {
            return self.in_image(event);
        }
        match event {
            Event::Start(tag) => self.start_tag(tag),
            Event::End(end) => self.end_tag(end),
            Event::Text(text) if self.may_autolink() => self.text(&text),
            // A line break inside a paragraph is a space, where a term may continue.
            Event::SoftBreak if self.may_autolink() => self.text(" "),
            Event::InlineHtml(html) => self.inline_html(html),
            Event::Html(html) => self.emit(Event::Html(raw_html(html, self.cx.trusted_html))),
            Event::FootnoteReference(label) => {
                let html = self.notes.reference(&label, self.cx.id_prefix);
                self.emit(Event::InlineHtml(html.into()));
            }
            other => self.emit(other),
        }
    }

    /// A tag opens: links, code, headings, notes and tables are ours to write; other
    /// tags go to pulldown-cmark as they are.
    fn start_tag(&mut self, tag: Tag<'a>) {
        self.depth += 1;
        match tag {
            Tag::Link { ref dest_url, .. } if dest_url.starts_with(CITE) => {
                self.citation(dest_url);
            }
            Tag::Link {
                link_type: LinkType::WikiLink { has_pothole },
                ref dest_url,
                ..
            } => self.wikilink(dest_url, has_pothole),
            Tag::Image {
                link_type,
                dest_url,
                title,
                ..
            } if !matches!(link_type, LinkType::WikiLink { .. }) => self.image(&dest_url, &title),
            Tag::Link { .. } | Tag::Image { .. } => self.link_or_image(tag),
            Tag::CodeBlock(kind) => self.code_block(kind),
            Tag::Heading { level, id, .. } => {
                self.heading = Some(OpenHeading {
                    level,
                    custom_id: id.map(|s| s.to_string()),
                    events: Vec::new(),
                });
            }
            Tag::FootnoteDefinition(label) => self.notes.start(&label),
            Tag::Table(_) => self.table(tag),
            tag => self.emit(Event::Start(tag)),
        }
    }

    /// A tag closes; after a block, the text kept so far is written, and after a
    /// top-level block the notes it first referred to.
    fn end_tag(&mut self, end: TagEnd) {
        self.depth -= 1;
        match end {
            TagEnd::Link | TagEnd::Image => self.link_or_image_end(end),
            TagEnd::Heading(_) => self.heading_end(),
            TagEnd::FootnoteDefinition => self.notes.end(),
            TagEnd::Table => self.table_end(),
            end => {
                self.emit(Event::End(end));
                self.block_ended();
            }
        }
    }

    /// Whether text here may get autolinks: not in a link, a heading, or raw HTML
    /// that must not hold links.
    fn may_autolink(&self) -> bool {
        self.open_links.is_empty() && self.heading.is_none() && self.raw_inline == 0
    }

    /// An event inside an unpiped wikilink or a citation, which is replaced: only its
    /// end counts.
    fn skipped(&mut self, event: Event<'a>) {
        let Some(nested) = self.skipping.as_mut() else {
            return;
        };
        match event {
            Event::Start(_) => *nested += 1,
            Event::End(TagEnd::Link) if *nested == 0 => {
                self.skipping = None;
                self.depth -= 1;
                match self.open_links.pop() {
                    Some(OpenLink::Wiki) => self.emit(Event::InlineHtml("</a>".into())),
                    Some(OpenLink::Unlinked) => self.emit(Event::InlineHtml("</span>".into())),
                    _ => {}
                }
            }
            Event::End(_) => *nested = nested.saturating_sub(1),
            _ => {}
        }
    }

    /// `[@source, p. 3]`, written whole: what follows, up to the link's end, is skipped.
    fn citation(&mut self, dest_url: &str) {
        let keys = citation_keys(&dest_url[CITE.len()..]).unwrap_or_default();
        let html = self.citation_html(&keys);
        self.emit(Event::InlineHtml(html.into()));
        self.skipping = Some(0);
        self.open_links.push(OpenLink::Citation);
    }

    /// `[[target#fragment|text]]`: the `<a>` to what the caller resolves it to, and,
    /// unpiped, the target's own text (what follows, up to the link's end, is skipped).
    fn wikilink(&mut self, dest_url: &str, has_pothole: bool) {
        let (target, fragment) = split_fragment(dest_url);
        let (open, text) = if target.is_empty() {
            // `[[#fragment]]`: a heading of this page.
            let f = fragment.clone().unwrap_or_default();
            let open = format!(
                "<a class=\"wikilink\" href=\"#{}{}\">",
                self.cx.id_prefix,
                escape(&f)
            );
            (open, f)
        } else {
            match (self.cx.resolve)(&target) {
                // A draft left out of the build: its text, unlinked (`LinkTarget::href`).
                Some(link) if link.href.is_empty() => {
                    let open = "<span class=\"wikilink draft-link\">".to_owned();
                    self.emit(Event::InlineHtml(open.into()));
                    self.open_links.push(OpenLink::Unlinked);
                    if !has_pothole {
                        self.emit(Event::Text(link.text.into()));
                        self.skipping = Some(0);
                    }
                    return;
                }
                Some(link) => {
                    // An explicit link counts as the term's first mention.
                    self.linked.insert(link.key.clone());
                    (link.open_tag("wikilink", fragment.as_deref()), link.text)
                }
                None => ("<a class=\"wikilink\">".to_owned(), target),
            }
        };
        self.emit(Event::InlineHtml(open.into()));
        self.open_links.push(OpenLink::Wiki);
        if !has_pothole {
            self.emit(Event::Text(text.into()));
            self.skipping = Some(0);
        }
    }

    /// A link written in Markdown, to its destination made safe and made to work from
    /// this page: a file published beside the pages from wherever the page is, any
    /// other relative address rebased; pulldown-cmark writes the element. No autolinks
    /// inside.
    fn link_or_image(&mut self, mut tag: Tag<'a>) {
        if let Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. } = &mut tag {
            *dest_url = match (self.cx.asset)(dest_url) {
                Some((href, _)) => href.into(),
                None => self.cx.rebase(safe_url(dest_url)).into(),
            };
        }
        self.open_links.push(OpenLink::Markdown);
        self.emit(Event::Start(tag));
    }

    /// An image starts: its alt text is read up to its end ([`Writer::in_image`]).
    fn image(&mut self, dest_url: &str, title: &str) {
        let (src, size) = match (self.cx.asset)(dest_url) {
            Some((href, size)) => (href, size),
            None => (self.cx.rebase(safe_url(dest_url)), None),
        };
        self.image = Some(OpenImage {
            src,
            title: title.to_owned(),
            size,
            alt: String::new(),
            nested: 0,
        });
    }

    /// An event inside an image: its text is the alt text; at its end the image is
    /// written, with its size (no page jumps as it loads), loaded lazily unless it is
    /// the first of an entry's own page (likely on screen at once), and as a figure
    /// when it stands alone in its paragraph with a title.
    fn in_image(&mut self, event: Event<'a>) {
        let Some(image) = self.image.as_mut() else {
            return;
        };
        match event {
            Event::Text(t) | Event::Code(t) | Event::InlineHtml(t) => image.alt.push_str(&t),
            Event::SoftBreak | Event::HardBreak => image.alt.push(' '),
            Event::Start(Tag::Image { .. }) => image.nested += 1,
            Event::End(TagEnd::Image) if image.nested > 0 => image.nested -= 1,
            Event::End(TagEnd::Image) => {
                self.depth -= 1;
                if let Some(image) = self.image.take() {
                    let html = self.image_html(&image);
                    self.emit(Event::InlineHtml(html.into()));
                }
            }
            _ => {}
        }
    }

    /// `<img …>`, or `<figure>` with it and its caption.
    fn image_html(&mut self, image: &OpenImage) -> String {
        self.images += 1;
        let eager = self.images == 1 && self.cx.id_prefix.is_empty();
        let mut img = format!(
            "<img src=\"{}\" alt=\"{}\"",
            escape(&image.src),
            escape(image.alt.trim())
        );
        if let Some(size) = image.size {
            img.push_str(&format!(
                " width=\"{}\" height=\"{}\"",
                size.width, size.height
            ));
        }
        if !eager {
            img.push_str(" loading=\"lazy\"");
        }
        img.push_str(" decoding=\"async\"");
        let figure = std::mem::take(&mut self.figure);
        if !figure {
            if !image.title.is_empty() {
                img.push_str(&format!(" title=\"{}\"", escape(&image.title)));
            }
            img.push('>');
            return img;
        }
        img.push('>');
        let (caption, credit) = caption_and_credit(&image.title);
        let mut html = format!("<figure>{img}<figcaption>");
        html.push_str(&escape(caption));
        if let Some(credit) = credit {
            if !caption.is_empty() {
                html.push(' ');
            }
            html.push_str(&format!(
                "<small class=\"credit\">{}</small>",
                escape(credit)
            ));
        }
        html.push_str("</figcaption></figure>\n");
        html
    }

    /// A link or image ends: the `</a>` of a wikilink is ours; a citation was written
    /// whole at its start.
    fn link_or_image_end(&mut self, end: TagEnd) {
        match self.open_links.pop() {
            Some(OpenLink::Wiki) => self.emit(Event::InlineHtml("</a>".into())),
            Some(OpenLink::Unlinked) => self.emit(Event::InlineHtml("</span>".into())),
            Some(OpenLink::Citation) => {}
            _ => self.emit(Event::End(end)),
        }
    }

    /// A code block starts: its language is the first word of a fence's info string.
    fn code_block(&mut self, kind: CodeBlockKind<'a>) {
        let lang = match kind {
            CodeBlockKind::Fenced(info) => info.split_whitespace().next().unwrap_or("").to_owned(),
            CodeBlockKind::Indented => String::new(),
        };
        self.code = Some(OpenCode {
            lang,
            text: String::new(),
        });
    }

    /// An event inside a code block: its text is gathered, and highlighted at its end.
    fn in_code(&mut self, event: Event<'a>) {
        let Some(code) = self.code.as_mut() else {
            return;
        };
        match event {
            Event::Text(t) => code.text.push_str(&t),
            Event::End(TagEnd::CodeBlock) => {
                let html = highlight::block(&code.text, &code.lang);
                self.code = None;
                self.emit(Event::Html(html.into()));
                self.depth -= 1;
                self.block_ended();
            }
            _ => {}
        }
    }

    /// A heading ends: written with its id, which comes from its text.
    fn heading_end(&mut self) {
        if let Some(heading) = self.heading.take() {
            let level = heading.level;
            let (id, _) = self
                .ids
                .assign(heading.custom_id.as_deref(), &plain_text(&heading.events));
            self.emit(Event::Html(
                format!("<{level} id=\"{}\">", escape(&id)).into(),
            ));
            for e in heading.events {
                self.emit(e);
            }
            self.emit(Event::Html(format!("</{level}>\n").into()));
        }
        self.block_ended();
    }

    /// A table starts. A wide table scrolls on its own, never the page; the wrapper can
    /// be focused, so keyboard users can scroll it too. Each region has its own name:
    /// "Table 2", or "Acme, table 2" where several bodies share the page (the print
    /// edition).
    fn table(&mut self, tag: Tag<'a>) {
        self.tables += 1;
        let n = self.tables.to_string();
        let words = &self.cx.words;
        let label = if self.cx.id_prefix.is_empty() || self.cx.name.is_empty() {
            words.table.replace("{n}", &n)
        } else {
            words
                .table_of
                .replace("{name}", self.cx.name)
                .replace("{n}", &n)
        };
        self.emit(Event::Html(
            format!(
                "<div class=\"table-scroll\" tabindex=\"0\" role=\"region\" aria-label=\"{}\">",
                escape(&label)
            )
            .into(),
        ));
        self.emit(Event::Start(tag));
    }

    /// A table ends, and its scrolling region.
    fn table_end(&mut self) {
        self.emit(Event::End(TagEnd::Table));
        self.emit(Event::Html("</div>\n".into()));
        self.block_ended();
    }

    /// The author's inline raw HTML, marked for cleaning.
    fn inline_html(&mut self, html: CowStr<'a>) {
        self.raw_inline = raw_inline_depth(self.raw_inline, &html);
        self.emit(Event::InlineHtml(raw_html(html, self.cx.trusted_html)));
    }

    /// Text where terms may be linked: kept until the next event.
    fn text(&mut self, text: &str) {
        self.text.push_str(text);
    }

    fn emit(&mut self, event: Event<'a>) {
        self.flush();
        self.push(event);
    }

    fn push(&mut self, event: Event<'a>) {
        if let Some(heading) = self.heading.as_mut() {
            heading.events.push(event);
        } else if let Some(events) = self.notes.open_events() {
            events.push(event);
        } else {
            self.main.push(event);
        }
    }

    /// Writes the text kept so far.
    fn flush(&mut self) {
        if !self.text.is_empty() {
            let text = std::mem::take(&mut self.text);
            self.autolink(text);
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
            if let Some(target) = (self.cx.resolve)(slug).filter(|t| !t.href.is_empty()) {
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

    /// After a block, and after a top-level one the notes it referred to for the first
    /// time.
    fn block_ended(&mut self) {
        self.flush();
        self.notes.block_ended(self.depth, &mut self.main);
    }

    /// `<sup>[1, p. 3; 2]</sup>`: each source numbered once per page, each place that
    /// cites it with its own id for the way back.
    fn citation_html(&mut self, keys: &[CiteKey]) -> String {
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
                    quotes: Vec::new(),
                });
            }
            if let Some(quote) = key.quote.as_deref().filter(|q| !q.is_empty()) {
                let quotes = &mut self.references[number - 1].quotes;
                if !quotes.iter().any(|q| q == quote) {
                    quotes.push(quote.to_owned());
                }
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
        // Every source a draft left out of the build (reported): nothing to show.
        if parts.is_empty() {
            return String::new();
        }
        format!("<sup class=\"cite\">[{}]</sup>", parts.join("; "))
    }

    /// The body as HTML (`size` is the body's, for the first guess of the HTML's),
    /// cleaned, with its notes in place.
    fn finish(mut self, size: usize) -> Rendered {
        self.flush();
        self.notes.place_the_rest(&mut self.main);
        let cx = self.cx;
        let mut html = String::with_capacity(size * 3 / 2);
        pulldown_cmark::html::push_html(&mut html, self.main.into_iter());
        let html = sanitize::clean(html, cx.rebaser());
        let look = NoteLook {
            id_prefix: cx.id_prefix,
            lang: cx.lang,
            back: cx.words.note_back,
        };
        let (html, endnotes) = self.notes.finish(html, &look, |events| {
            let mut inner = String::new();
            pulldown_cmark::html::push_html(&mut inner, events.into_iter());
            sanitize::clean(inner, cx.rebaser())
        });
        Rendered {
            html,
            references: self.references,
            endnotes,
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

fn plain_text(events: &[Event]) -> String {
    let mut text = String::new();
    for event in events {
        if let Event::Text(t) | Event::Code(t) = event {
            text.push_str(t);
        }
    }
    text
}

/// What the tests of rendering share: a body rendered on its own page, in English.
#[cfg(test)]
pub(super) mod fixtures {
    use super::*;

    /// A body rendered on its own page, in English, linking with `resolve`.
    pub fn context(resolve: &dyn Fn(&str) -> Option<LinkTarget>) -> Context<'_> {
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
            asset: &|_| None,
            words: Words::ENGLISH,
            trusted_html: false,
        }
    }

    pub fn resolve(target: &str) -> Option<LinkTarget> {
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

    /// A link to `slug`, whatever it is, as an entry of `kind` at `../slug/`.
    pub fn any_slug(slug: &str, kind: &str) -> LinkTarget {
        LinkTarget {
            key: slug.into(),
            href: format!("../{slug}/"),
            text: slug.into(),
            name: slug.into(),
            kind: kind.to_owned(),
        }
    }

    pub fn cite(source: &str) -> Option<LinkTarget> {
        (source == "ft").then(|| LinkTarget {
            key: "ft".into(),
            href: "../../sources/ft/".into(),
            text: "Google invests \"$300mn\"".into(),
            name: "Google invests \"$300mn\"".into(),
            kind: "source".to_owned(),
        })
    }

    pub fn render(body: &str) -> String {
        to_html(body, &context(&resolve)).html
    }
}

#[cfg(test)]
mod tests {
    use super::fixtures::*;
    use super::*;
    use crate::markdown::scan;

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
        let s = scan(body, &|target| resolve(target).map(|l| l.text));
        assert_eq!(
            *s.heading_ids,
            ["about-anthropic", "about-anthropic-1", "x"]
        );
        let html = render(body);
        for id in s.heading_ids.iter() {
            assert!(html.contains(&format!("id=\"{id}\"")), "{id}: {html}");
        }
        assert_eq!(s.problems.len(), 1);
        assert!(
            s.problems[0]
                .message
                .contains("`main` is used by the page template")
        );
    }

    #[test]
    fn a_citation_keeps_the_words_it_relies_on_for_the_reference_list() {
        // Smart punctuation is on: the quotes inside the brackets reach the citation
        // as written, and the superscript shows the locator but not the words.
        let body = "A [@ft, p. 2, \"the words\"]. B [@ft, “other, words”]. \
                    C [@ft, \"the words\"]. D \"quoted\" text.";
        let out = to_html(body, &context(&resolve));
        assert!(
            out.html
                .contains(r##"role="doc-biblioref" title="Google invests &quot;$300mn&quot;">1</a>, p. 2]</sup>"##),
            "{}",
            out.html
        );
        assert!(!out.html.contains("the words"), "{}", out.html);
        assert!(out.html.contains("D “quoted” text."), "{}", out.html);
        assert_eq!(out.references.len(), 1);
        assert_eq!(out.references[0].quotes, ["the words", "other, words"]);
        assert_eq!(out.references[0].citations.len(), 3);
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
                citations: vec!["cite-1-1".into(), "cite-1-2".into()],
                quotes: Vec::new(),
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
        let resolve = |slug: &str| Some(any_slug(slug, "term"));
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
        let resolve = |slug: &str| Some(any_slug(slug, "company"));
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
    fn a_titled_image_alone_in_its_paragraph_is_a_figure_with_its_credit() {
        assert_eq!(
            caption_and_credit("Sales. Credit: Jane Doe"),
            ("Sales.", Some("Credit: Jane Doe"))
        );
        assert_eq!(
            caption_and_credit("Ventes. Crédit\u{a0}: les auteurs"),
            ("Ventes.", Some("Crédit\u{a0}: les auteurs"))
        );
        assert_eq!(caption_and_credit("Discredit: no"), ("Discredit: no", None));
        assert_eq!(
            caption_and_credit("credit: only"),
            ("", Some("credit: only"))
        );
        let html = render(
            "![A chart](x.png \"Sales. Credit: Jane\")\n\nText ![an icon](y.png \"Hi\") here.",
        );
        assert!(
            html.starts_with(
                "<figure><img src=\"x.png\" alt=\"A chart\" decoding=\"async\"><figcaption>Sales. <small class=\"credit\">Credit: Jane</small></figcaption></figure>"
            ),
            "{html}"
        );
        assert!(
            html.contains(
                "<p>Text <img src=\"y.png\" alt=\"an icon\" loading=\"lazy\" decoding=\"async\" title=\"Hi\"> here.</p>"
            ),
            "{html}"
        );
    }

    #[test]
    fn fenced_code_is_highlighted_with_classes() {
        let html = render("```toml\nname = \"x\"\n```");
        assert!(html.contains("<pre class=\"code\""), "{html}");
        assert!(html.contains("class=\"hl-"), "{html}");
        assert!(!html.contains("style="), "{html}");
    }
}
