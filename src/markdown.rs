//! Markdown bodies: finding wikilinks (for `resolve`) and turning a body into HTML
//! (for `render`).
//!
//! Both walk the same pulldown-cmark event stream with the same [`options`], so what
//! `resolve` checked is exactly what `render` links. Wikilink syntax inside code is
//! never a link: pulldown-cmark does not produce link events there.

use std::collections::BTreeSet;
use std::ops::Range;

use pulldown_cmark::{CodeBlockKind, Event, HeadingLevel, LinkType, Options, Parser, Tag, TagEnd};

use crate::highlight::Highlighter;

/// The Markdown dialect of every body.
pub fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_SMART_PUNCTUATION
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_WIKILINKS
}

/// A wikilink as written: `[[dest]]` or `[[dest|text]]`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WikiLink {
    /// Byte range of the whole `[[…]]` in the body.
    pub span: Range<usize>,
    /// The target as written, before `#fragment`.
    pub target: String,
}

/// Splits `dest#fragment`. Inside a table, the pipe of `[[slug\|text]]` is escaped,
/// and pulldown-cmark leaves the backslash on the destination: it is dropped here.
pub fn split_fragment(dest: &str) -> (&str, Option<&str>) {
    let dest = dest.strip_suffix('\\').unwrap_or(dest);
    match dest.split_once('#') {
        Some((target, fragment)) => (target.trim(), Some(fragment.trim())),
        None => (dest.trim(), None),
    }
}

/// Every wikilink in `body`, in order.
pub fn wikilinks(body: &str) -> Vec<WikiLink> {
    Parser::new_ext(body, options())
        .into_offset_iter()
        .filter_map(|(event, span)| match event {
            Event::Start(Tag::Link {
                link_type: LinkType::WikiLink { .. },
                dest_url,
                ..
            }) => Some(WikiLink {
                span,
                target: split_fragment(&dest_url).0.to_owned(),
            }),
            _ => None,
        })
        .collect()
}

/// Where a wikilink goes, as the renderer needs it.
#[derive(Debug, Clone)]
pub struct LinkTarget {
    /// Relative URL from the page being rendered.
    pub href: String,
    /// The entry's display name, used when the link has no text of its own.
    pub name: String,
    /// One-sentence summary, shown as the link's tooltip.
    pub summary: Option<String>,
}

/// Renders `body` to HTML. `resolve` maps a wikilink target (as written) to its link;
/// after the resolve stage every target resolves, so `None` only drops the link.
pub fn to_html(
    body: &str,
    highlighter: &Highlighter,
    resolve: &dyn Fn(&str) -> Option<LinkTarget>,
) -> String {
    let mut events: Vec<Event> = Vec::new();
    let mut code: Option<(String, String)> = None; // (language, text)
    let mut heading: Option<(HeadingLevel, Option<String>, Vec<Event>)> = None;
    let mut used_ids: BTreeSet<String> = RESERVED_IDS.iter().map(|s| s.to_string()).collect();
    // Inside an unpiped wikilink, the text events are replaced by the entry's name.
    let mut skip_link_text = false;
    // For each open link: is it a wikilink we write ourselves (closed with `</a>`)?
    let mut open_links: Vec<bool> = Vec::new();

    for event in Parser::new_ext(body, options()) {
        if let Some((_, text)) = code.as_mut() {
            match event {
                Event::Text(t) => text.push_str(&t),
                Event::End(TagEnd::CodeBlock) => {
                    let (lang, text) = code.take().unwrap_or_default();
                    events.push(Event::Html(highlighter.block(&text, &lang).into()));
                }
                _ => {}
            }
            continue;
        }
        let event = match event {
            Event::Start(Tag::CodeBlock(kind)) => {
                let lang = match kind {
                    CodeBlockKind::Fenced(info) => {
                        info.split_whitespace().next().unwrap_or("").to_owned()
                    }
                    CodeBlockKind::Indented => String::new(),
                };
                code = Some((lang, String::new()));
                continue;
            }
            Event::Start(Tag::Link {
                link_type: LinkType::WikiLink { has_pothole },
                dest_url,
                ..
            }) => {
                let (target, fragment) = split_fragment(&dest_url);
                let link = resolve(target);
                let (href, name, summary) = match link {
                    Some(link) => (link.href, link.name, link.summary),
                    // Unreachable after resolve; keep the text, drop the link.
                    None => (String::new(), target.to_owned(), None),
                };
                let href = match fragment {
                    Some(f) if !href.is_empty() => format!("{href}#{f}"),
                    _ => href,
                };
                let open = if href.is_empty() {
                    "<a class=\"wikilink\">".to_owned()
                } else {
                    let title = summary.map(|s| format!(" title=\"{}\"", escape(&s)));
                    format!(
                        "<a class=\"wikilink\" href=\"{}\"{}>",
                        escape(&href),
                        title.unwrap_or_default()
                    )
                };
                push_inline(&mut events, &mut heading, Event::InlineHtml(open.into()));
                if !has_pothole {
                    push_inline(&mut events, &mut heading, Event::Text(name.into()));
                    skip_link_text = true;
                }
                open_links.push(true);
                continue;
            }
            Event::Start(Tag::Link { .. }) => {
                open_links.push(false);
                event
            }
            Event::End(TagEnd::Link) => {
                skip_link_text = false;
                if open_links.pop() == Some(true) {
                    Event::InlineHtml("</a>".into())
                } else {
                    event
                }
            }
            Event::Text(_) | Event::Code(_) if skip_link_text => continue,
            Event::Start(Tag::Heading { level, id, .. }) => {
                heading = Some((level, id.map(|s| s.to_string()), Vec::new()));
                continue;
            }
            Event::End(TagEnd::Heading(_)) => {
                if let Some((level, id, inner)) = heading.take() {
                    let text = plain_text(&inner);
                    let id = unique_id(
                        id.unwrap_or_else(|| crate::frontmatter::slugify(&text)),
                        &mut used_ids,
                    );
                    events.push(Event::Html(
                        format!("<{level} id=\"{}\">", escape(&id)).into(),
                    ));
                    events.extend(inner);
                    events.push(Event::Html(format!("</{level}>\n").into()));
                }
                continue;
            }
            other => other,
        };
        push_inline(&mut events, &mut heading, event);
    }
    let mut html = String::with_capacity(body.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut html, events.into_iter());
    html
}

/// Ids the templates use around a body: a heading never takes one of them.
const RESERVED_IDS: &[&str] = &[
    "main",
    "top",
    "infobox",
    "mentioned-in",
    "related-deals",
    "source-data",
    "quotes",
    "footnotes",
];

fn push_inline<'a>(
    events: &mut Vec<Event<'a>>,
    heading: &mut Option<(HeadingLevel, Option<String>, Vec<Event<'a>>)>,
    event: Event<'a>,
) {
    match heading {
        Some((_, _, inner)) => inner.push(event),
        None => events.push(event),
    }
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

fn unique_id(base: String, used: &mut BTreeSet<String>) -> String {
    let base = if base.is_empty() {
        "section".to_owned()
    } else {
        base
    };
    let mut id = base.clone();
    let mut n = 1;
    while used.contains(&id) {
        id = format!("{base}-{n}");
        n += 1;
    }
    used.insert(id.clone());
    id
}

/// Escapes text for HTML text and attribute values.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn render(body: &str) -> String {
        let highlighter = Highlighter::new();
        to_html(body, &highlighter, &|target: &str| {
            (target == "anthropic" || target.eq_ignore_ascii_case("Anthropic PBC")).then(|| {
                LinkTarget {
                    href: "../anthropic/".into(),
                    name: "Anthropic".into(),
                    summary: Some("An AI \"safety\" company".into()),
                }
            })
        })
    }

    #[test]
    fn wikilinks_are_found_outside_code_only() {
        let body =
            "See [[anthropic]] and [[openai|OpenAI]].\n\n```\n[[not-a-link]]\n```\n`[[nor-this]]`";
        let found: Vec<String> = wikilinks(body).into_iter().map(|w| w.target).collect();
        assert_eq!(found, ["anthropic", "openai"]);
    }

    #[test]
    fn wikilink_renders_with_name_or_own_text() {
        let html = render("[[anthropic]] and [[anthropic|the lab]] and [[Anthropic PBC]].");
        assert!(html.contains(r#"<a class="wikilink" href="../anthropic/" title="An AI &quot;safety&quot; company">Anthropic</a> and"#), "{html}");
        assert!(html.contains(">the lab</a>"), "{html}");
        assert!(!html.contains("[["), "{html}");
    }

    #[test]
    fn piped_wikilink_works_inside_a_table() {
        let html = render("| a | b |\n|---|---|\n| [[anthropic\\|the lab]] | x |\n");
        assert!(html.contains(r#"href="../anthropic/""#), "{html}");
        assert!(html.contains(">the lab</a></td>"), "{html}");
    }

    #[test]
    fn headings_get_unique_ids() {
        let html = render("# Funding\n\n## Funding\n\n## Main");
        assert!(html.contains(r#"<h1 id="funding">Funding</h1>"#), "{html}");
        assert!(html.contains(r#"<h2 id="funding-1">"#), "{html}");
        assert!(html.contains(r#"<h2 id="main-1">"#), "{html}");
    }

    #[test]
    fn fenced_code_is_highlighted_with_classes() {
        let html = render("```toml\nname = \"x\"\n```");
        assert!(html.contains("<pre class=\"code\""), "{html}");
        assert!(html.contains("class=\"hl-"), "{html}");
        assert!(!html.contains("style="), "{html}");
    }
}
