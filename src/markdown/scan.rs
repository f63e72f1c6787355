//! What `resolve` needs to know about a body ([`scan`]): its wikilinks and citations,
//! each with the sentence it sits in, the ids its headings get, and what is wrong with
//! the body as written ([`BodyProblem`]).

use std::collections::BTreeSet;
use std::ops::Range;
use std::sync::Arc;

use pulldown_cmark::{Event, LinkType, Tag, TagEnd};

use crate::support::hash_of;

use super::cite::CITE;
use super::parse::parser;
use super::private;
use super::{CiteKey, HeadingIds, citation_keys, refused_scheme, sentences_around, split_fragment};

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
    /// The sentence it sits in, as the page shows it (shared by the links and
    /// citations of one sentence, and by the backlinks made from them).
    pub context: Arc<str>,
    /// The sentence's `support::hash_of`, made with it: `serve` compares backlinks
    /// after each edit without reading every sentence again.
    pub context_hash: u64,
}

/// A citation as written: `[@source, locator]`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Citation {
    /// Byte range of the whole `[…]` in the body.
    pub span: Range<usize>,
    pub keys: Vec<CiteKey>,
    /// The sentence it sits in, as the page shows it (shared by the links and
    /// citations of one sentence, and by the backlinks made from them).
    pub context: Arc<str>,
    /// The sentence's `support::hash_of`, made with it: `serve` compares backlinks
    /// after each edit without reading every sentence again.
    pub context_hash: u64,
}

/// An image written in Markdown, `![alt](path "title")`, for `resolve` to check
/// that it has alt text and that the file it names is published.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Image {
    /// Byte range of the whole `![…](…)` in the body.
    pub span: Range<usize>,
    /// The address as written.
    pub url: String,
    /// Its alt text, as plain text.
    pub alt: String,
}

/// Something wrong with a body as written, for `resolve` to report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BodyProblem {
    /// Byte range in the body.
    pub span: Range<usize>,
    /// What is wrong.
    pub message: String,
    /// How to fix it.
    pub help: String,
}

/// What `resolve` needs to know about a body.
#[derive(Debug, Default, Clone)]
pub struct Scan {
    pub links: Vec<WikiLink>,
    pub citations: Vec<Citation>,
    /// Its images (not wikilink embeds), in order.
    pub images: Vec<Image>,
    /// The ids its headings get on the entry's own page, in order (shared: `resolve`
    /// keeps them for the links into the page).
    pub heading_ids: Arc<Vec<String>>,
    /// Problems with the body itself, in the order they are in the body.
    pub problems: Vec<BodyProblem>,
    /// Script and `data:` addresses in the body's raw HTML, like `problems`: refused
    /// unless the dossier trusts its raw HTML (`trusted_html`).
    pub raw_html_problems: Vec<BodyProblem>,
}

/// A heading being read: the id written for it (`{#id}`), its text so far, where it is.
struct OpenHeading {
    custom_id: Option<String>,
    text: String,
    span: Range<usize>,
}

/// A piece of raw HTML: its text and where it starts in the body.
struct HtmlLine {
    text: String,
    start: usize,
}

/// A link or a citation found in the current block (an index into `Scan::links` or
/// `Scan::citations`).
#[derive(Debug, Clone, Copy)]
enum Mentioned {
    Link(usize),
    Citation(usize),
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
    let mut heading: Option<OpenHeading> = None;
    // The plain text of the current top-level block, as the page shows it, and the
    // links in it (with their offset in the text).
    let mut block = String::new();
    let mut in_block: Vec<(Mentioned, usize)> = Vec::new();
    let mut depth = 0usize;
    // Inside an unpiped wikilink or a citation, the text is not what the page shows.
    let mut replaced = false;
    let mut in_code = false;
    let mut parse_problems: Vec<BodyProblem> = Vec::new();
    let mut note_labels: BTreeSet<String> = BTreeSet::new();
    // Where code is, in which `[^x]` is not a note.
    let mut code_spans: Vec<Range<usize>> = Vec::new();
    // Raw HTML inside an image is its alt text, escaped.
    let mut in_image = 0usize;
    // The image whose alt text is being read (an index into `scan.images`).
    let mut open_image: Option<usize> = None;
    // The lines of the raw HTML block being read.
    let mut html_block: Option<Vec<HtmlLine>> = None;
    // The table cell being read (where `|` ends the cell) and its text.
    let mut cell: Option<(Range<usize>, String)> = None;
    for (event, span) in parser(body, |p| parse_problems.push(p)).into_offset_iter() {
        if matches!(event, Event::Code(_) | Event::Start(Tag::CodeBlock(_))) {
            code_spans.push(span.clone());
        }
        let mut text: Option<String> = None;
        match &event {
            Event::Start(Tag::TableCell) => cell = Some((span.clone(), String::new())),
            Event::Text(t) => {
                if let Some((_, text)) = cell.as_mut() {
                    text.push_str(t);
                }
            }
            Event::End(TagEnd::TableCell) => {
                // `[[slug|text]]` in a table: the bar ended the cell and cut the link
                // in two; the page would show "[[slug".
                if let Some((cell_span, text)) = cell.take()
                    && text.contains("[[")
                {
                    scan.problems.push(BodyProblem {
                        span: cell_span,
                        message:
                            "a `|` inside a table cell ends the cell, so a link in it is cut in two"
                                .to_owned(),
                        help: "in a table, write the bar of a link as `\\|`: `[[slug\\|text]]`"
                            .to_owned(),
                    });
                }
            }
            _ => {}
        }
        match event {
            Event::Start(Tag::Link { dest_url, .. }) if dest_url.starts_with(CITE) => {
                depth += 1;
                if let Some(keys) = citation_keys(&dest_url[CITE.len()..]) {
                    in_block.push((Mentioned::Citation(scan.citations.len()), block.len()));
                    scan.citations.push(Citation {
                        span,
                        keys,
                        context: Arc::from(""),
                        context_hash: hash_of(&""),
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
                    context: Arc::from(""),
                    context_hash: hash_of(&""),
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
                } else if image {
                    open_image = Some(scan.images.len());
                    scan.images.push(Image {
                        span,
                        url: dest_url.to_string(),
                        alt: String::new(),
                    });
                }
            }
            Event::Start(Tag::HtmlBlock) => {
                depth += 1;
                html_block = Some(Vec::new());
            }
            Event::Html(html) => {
                let line = HtmlLine {
                    text: html.to_string(),
                    start: span.start,
                };
                match html_block.as_mut() {
                    Some(lines) => lines.push(line),
                    None => raw_html_urls(&[line], &mut scan.raw_html_problems),
                }
            }
            Event::InlineHtml(html) if !replaced && in_image == 0 => {
                let line = HtmlLine {
                    text: html.to_string(),
                    start: span.start,
                };
                raw_html_urls(&[line], &mut scan.raw_html_problems);
            }
            Event::Start(Tag::Heading { id, .. }) => {
                depth += 1;
                heading = Some(OpenHeading {
                    custom_id: id.map(|s| s.to_string()),
                    text: String::new(),
                    span,
                });
            }
            Event::Start(Tag::CodeBlock(_)) => {
                depth += 1;
                in_code = true;
            }
            Event::Start(Tag::FootnoteDefinition(label)) => {
                depth += 1;
                if !note_labels.insert(label.to_string()) {
                    scan.problems.push(BodyProblem {
                        span,
                        message: format!("the note `[^{label}]` is defined twice"),
                        help: "give each note its own label, or remove one definition".to_owned(),
                    });
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
                        if in_image == 0 {
                            open_image = None;
                        }
                    }
                    TagEnd::HtmlBlock => {
                        if let Some(lines) = html_block.take() {
                            raw_html_urls(&lines, &mut scan.raw_html_problems);
                        }
                    }
                    TagEnd::CodeBlock => in_code = false,
                    TagEnd::Heading(_) => {
                        if let Some(heading) = heading.take() {
                            let (id, problem) =
                                ids.assign(heading.custom_id.as_deref(), &heading.text);
                            if let Some(message) = problem {
                                scan.problems.push(BodyProblem {
                                    span: heading.span,
                                    message,
                                    help: "choose another id, or remove `{#…}` to let dossier \
                                           make one"
                                        .to_owned(),
                                });
                            }
                            Arc::make_mut(&mut scan.heading_ids).push(id);
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
                    give_contexts(&mut scan, &block, &mut in_block);
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
            if let Some(image) = open_image.and_then(|i| scan.images.get_mut(i)) {
                image.alt.push_str(&text);
            }
            if let Some(heading) = heading.as_mut() {
                heading.text.push_str(&text);
            }
            block.push_str(&text);
        }
    }
    scan.problems.extend(parse_problems);
    scan.problems
        .extend(undefined_notes(body, code_spans, &note_labels));
    // Back to the positions of the file.
    for link in &mut scan.links {
        link.span = stripped.span(link.span.clone());
    }
    for citation in &mut scan.citations {
        citation.span = stripped.span(citation.span.clone());
    }
    for image in &mut scan.images {
        image.span = stripped.span(image.span.clone());
    }
    for problem in scan.problems.iter_mut().chain(&mut scan.raw_html_problems) {
        problem.span = stripped.span(problem.span.clone());
    }
    scan.problems.extend(stripped.problems);
    scan.problems.sort_by_key(|p| p.span.start);
    scan
}

/// Gives the links and citations of a block (`in_block`, emptied) the sentence each
/// sits in, in `block`, the block's text.
fn give_contexts(scan: &mut Scan, block: &str, in_block: &mut Vec<(Mentioned, usize)>) {
    let ats: Vec<usize> = in_block.iter().map(|(_, at)| *at).collect();
    let contexts = sentences_around(block, &ats);
    // Mentions in one sentence share its text (and its hash).
    let mut last: Option<(Arc<str>, u64)> = None;
    for ((mentioned, _), context) in in_block.drain(..).zip(contexts) {
        let (context, hash) = match last.take() {
            Some(same) if *same.0 == *context => same,
            _ => (Arc::from(context.as_str()), hash_of(&context.as_str())),
        };
        last = Some((context.clone(), hash));
        match mentioned {
            Mentioned::Link(i) => {
                scan.links[i].context = context;
                scan.links[i].context_hash = hash;
            }
            Mentioned::Citation(i) => {
                scan.citations[i].context = context;
                scan.citations[i].context_hash = hash;
            }
        }
    }
}

/// References to notes that are not defined, in order. Such a reference stays text
/// (pulldown-cmark makes no event of it): this finds `[^label]` outside code (at
/// `code_spans`), not followed by `:`, whose label is not in `defined`.
fn undefined_notes(
    body: &str,
    mut code_spans: Vec<Range<usize>>,
    defined: &BTreeSet<String>,
) -> Vec<BodyProblem> {
    let mut problems = Vec::new();
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
            && !defined.contains(label)
        {
            problems.push(BodyProblem {
                span: i..end,
                message: format!("the note `[^{label}]` has no definition"),
                help: format!("add a line `[^{label}]: …` with the note's text"),
            });
        }
    }
    problems
}

/// A link or image to a refused address.
fn refused(span: Range<usize>, scheme: &str, image: bool) -> BodyProblem {
    if image {
        BodyProblem {
            span,
            message: format!("an image from a `{scheme}:` address is refused"),
            help: "put the image in `static/` and give its path, or use an http(s) address"
                .to_owned(),
        }
    } else {
        BodyProblem {
            span,
            message: format!("a link to a `{scheme}:` address is refused"),
            help: format!(
                "link to an http(s) address or a relative one; a `{scheme}:` address can \
                 run code in the reader's browser"
            ),
        }
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

/// Reports the refused addresses in raw HTML given as lines: the lines of a block are
/// read together, as a tag may span them.
fn raw_html_urls(lines: &[HtmlLine], problems: &mut Vec<BodyProblem>) {
    let html: String = lines.iter().map(|line| line.text.as_str()).collect();
    // Where each line starts in `html`.
    let starts: Vec<usize> = lines
        .iter()
        .scan(0, |at, line| {
            let start = *at;
            *at += line.text.len();
            Some(start)
        })
        .collect();
    let at_in_body = |offset: usize| {
        let i = starts.partition_point(|&s| s <= offset).saturating_sub(1);
        lines
            .get(i)
            .map_or(0, |line| line.start + (offset - starts[i]))
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
            problems.push(BodyProblem {
                span: start..start + value.len(),
                message: format!("a `{scheme}:` address in raw HTML is refused"),
                help: "use an http(s) address or a relative one, or set `trusted_html = true` \
                       in site.toml if everyone who writes the dossier may run code on its \
                       pages"
                    .to_owned(),
            });
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The text an unpiped wikilink shows: the entry's name, for the one entry known.
    fn display(target: &str) -> Option<String> {
        (target == "anthropic" || target.eq_ignore_ascii_case("Anthropic PBC"))
            .then(|| "Anthropic".to_owned())
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
            &*s.links[0].context,
            "Google paid Anthropic about $300M, reportedly."
        );
        assert_eq!(
            &*s.citations[0].context,
            "Google paid Anthropic about $300M, reportedly."
        );
        // One sentence, one copy of its text.
        assert!(std::sync::Arc::ptr_eq(
            &s.links[0].context,
            &s.citations[0].context
        ));
        assert_eq!(&*s.links[1].context, "In a list with the lab!");
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
    fn citations_are_found_outside_code() {
        let s = scan("Said so [@ft, p. 2]. `[@code]` [@ft]", &display);
        assert_eq!(s.citations.len(), 2);
        assert_eq!(s.citations[0].span, 8..19);
    }
}
