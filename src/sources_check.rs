//! `dossier check --sources`: whether the sources are still there, and still say what
//! the dossier quotes them as saying. The only module that touches the network, and
//! only when asked (`--sources`); a build never does.
//!
//! Each source's `url` is fetched (and, when that fails, its `archive`), a few at a
//! time, each within [`TIMEOUT`]; then every quoted passage ([`quoted_passages`]) is
//! looked for in the text of the page ([`page_text`]), both folded alike
//! ([`comparable`]). Every source that cannot be reached and every passage no longer
//! found is one diagnostic, at the `url` line of the source or at the citation.

use std::collections::BTreeMap;
use std::ops::Range;
use std::sync::Mutex;
use std::time::Duration;

use crate::diagnostics::{Diagnostic, Diagnostics, FileId};
use crate::markdown;
use crate::model::Front;
use crate::resolve::{EntryId, Site};

/// How long one address has to answer, whole page included.
pub const TIMEOUT: Duration = Duration::from_secs(15);
/// How many addresses are fetched at once: enough to finish a dossier's sources in a
/// few seconds, few enough not to look like a flood to one publisher's server.
pub const AT_ONCE: usize = 4;
/// The most of a page that is read (a larger one is reported, not read).
const PAGE_LIMIT: u64 = 20 * 1024 * 1024;

/// Words the dossier relies on, and the place that quotes them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Passage {
    /// The source quoted.
    pub source: EntryId,
    /// The words, as written in the dossier.
    pub quote: String,
    /// Where the dossier quotes them (a citation in a body).
    pub file: FileId,
    pub span: Range<usize>,
}

/// Every quoted passage of one edition's `site`: each citation of a body that carries
/// the words relied on (`[@source, "words"]`), each source reference of a front matter
/// that does (`{ source, quote }`), and the words of each quote as its source printed
/// them, and of each translation a source printed. The one list `check --sources`
/// looks for in the pages.
pub fn quoted_passages(site: &Site) -> Vec<Passage> {
    let mut passages = Vec::new();
    for entry in site.entries() {
        let (file, offset) = (entry.doc.file, entry.doc.front_offset);
        let mut push = |slug: &toml::Spanned<String>, quote: &str| {
            if let Some(source) = site.id_of(slug.get_ref())
                && !quote.trim().is_empty()
            {
                passages.push(Passage {
                    source,
                    quote: quote.to_owned(),
                    file,
                    span: (slug.span().start + offset)..(slug.span().end + offset),
                });
            }
        };
        for r in entry.doc.front.source_refs() {
            if let Some(quote) = &r.quote {
                push(&r.slug, quote);
            }
        }
        for quote in crate::resolve::quotes_of(&entry.doc.front) {
            // An account or a paraphrase is the source's own sentence: also on its page.
            push(&quote.source, &quote.text);
            for t in &quote.translations {
                push(&t.source, &t.text);
            }
        }
    }
    for entry in site.entries() {
        let (file, offset) = (entry.doc.body_file, entry.doc.body_offset);
        let Some(body) = site.files.get(file).text.get(offset..) else {
            continue;
        };
        let scan = markdown::scan(body, &|target| site.display(target));
        for citation in &scan.citations {
            for key in &citation.keys {
                let (Some(quote), Some(source)) = (&key.quote, site.id_of(&key.source)) else {
                    continue;
                };
                if quote.trim().is_empty() {
                    continue;
                }
                passages.push(Passage {
                    source,
                    quote: quote.clone(),
                    file,
                    span: (citation.span.start + offset)..(citation.span.end + offset),
                });
            }
        }
    }
    passages
}

/// What `check --sources` found.
#[derive(Debug, Default)]
pub struct Summary {
    /// How many addresses were fetched, and how many passages looked for.
    pub fetched: usize,
    pub passages: usize,
}

/// Fetches the sources of `sites` (every edition, the default first) and reports
/// into `diagnostics` every source that cannot be reached and every passage its page
/// no longer holds.
pub fn check(sites: &[&Site], diagnostics: &mut Diagnostics) -> Summary {
    let Some(site) = sites.first() else {
        return Summary::default();
    };
    // The sources and their addresses, from the default edition (translations do not
    // change them).
    let sources: Vec<(EntryId, Option<String>, Option<String>)> = site
        .of_kind(crate::model::Kind::Source)
        .filter_map(|(id, entry)| match &entry.doc.front {
            Front::Source(s) => Some((
                id,
                s.url.as_ref().map(|u| u.as_str().to_owned()),
                s.archive.as_ref().map(|u| u.get_ref().as_str().to_owned()),
            )),
            _ => None,
        })
        .filter(|(_, url, archive)| url.is_some() || archive.is_some())
        .collect();
    // Each address once, however many sources give it; archives only for the
    // sources whose own address fails, so in a second round.
    let first: Vec<String> = sources
        .iter()
        .map(|(_, url, archive)| url.clone().or_else(|| archive.clone()).unwrap_or_default())
        .collect();
    let mut fetched = fetch_all(first.clone());
    let second: Vec<String> = sources
        .iter()
        .filter_map(|(_, url, archive)| {
            let url = url.as_ref()?;
            let archive = archive.as_ref()?;
            fetched
                .get(url)
                .is_some_and(Result::is_err)
                .then(|| archive.clone())
        })
        .collect();
    fetched.extend(fetch_all(second));

    let mut passages: Vec<Passage> = sites.iter().flat_map(|s| quoted_passages(s)).collect();
    passages
        .sort_by(|a, b| (a.file, a.span.start, &a.quote).cmp(&(b.file, b.span.start, &b.quote)));
    passages.dedup();
    let summary = Summary {
        fetched: fetched.len(),
        passages: passages.len(),
    };

    for (id, url, archive) in &sources {
        let entry = &site.entries()[*id];
        let Front::Source(source) = &entry.doc.front else {
            continue;
        };
        let front = site.front_text_of(entry);
        let at = |text: &str| -> Range<usize> {
            // The address as written in the front matter, else its first line.
            let start = entry.doc.front_offset;
            match front.find(text) {
                Some(i) => (start + i)..(start + i + text.len()),
                None => start..start,
            }
        };
        let outcome = |address: &Option<String>| address.as_ref().and_then(|a| fetched.get(a));
        let own = outcome(url);
        let copy = outcome(archive);
        // The text the passages are looked for in: the page, else its archived copy.
        let text = match (own, copy) {
            (Some(Ok(text)), _) | (_, Some(Ok(text))) => Some(text),
            _ => None,
        };
        if let (Some(url), Some(Err(why))) = (url, own) {
            let mut problem = Diagnostic::new(
                entry.doc.file,
                at(url),
                format!("the source `{}` cannot be reached: {why}", entry.slug()),
            );
            problem = match (archive, copy) {
                (Some(_), Some(Ok(_))) => problem
                    .with_note(
                        "its archived copy (`archive`) can; its passages were looked for there",
                    )
                    .with_help(
                        "if the page moved, write its new address in `url`; readers follow \
                         `url` first",
                    ),
                (Some(a), Some(Err(why))) => problem
                    .with_note(format!(
                        "its archived copy `{a}` cannot be reached either: {why}"
                    ))
                    .with_help(
                        "if the page moved, write its new address in `url`; find another \
                         archived copy (https://web.archive.org/) for `archive`",
                    ),
                _ => problem.with_help(
                    "if the page moved, write its new address in `url`; if it is gone, add the \
                     address of an archived copy: `archive = \"https://web.archive.org/web/…\"`",
                ),
            };
            diagnostics.push(problem);
        } else if let (None, Some(a), Some(Err(why))) = (url, archive, copy) {
            let span = source
                .archive
                .as_ref()
                .map(|s| {
                    (s.span().start + entry.doc.front_offset)
                        ..(s.span().end + entry.doc.front_offset)
                })
                .unwrap_or_else(|| at(a));
            diagnostics.push(
                Diagnostic::new(
                    entry.doc.file,
                    span,
                    format!(
                        "the archived copy of `{}` cannot be reached: {why}",
                        entry.slug()
                    ),
                )
                .with_help("find another archived copy (https://web.archive.org/) for `archive`"),
            );
        }
        let Some(text) = text else { continue };
        let page = comparable(&page_text(text));
        let read = if matches!(own, Some(Ok(_))) {
            url.as_deref()
        } else {
            archive.as_deref()
        }
        .unwrap_or_default();
        for passage in passages.iter().filter(|p| p.source == *id) {
            if !page.contains(&comparable(&passage.quote)) {
                diagnostics.push(
                    Diagnostic::new(
                        passage.file,
                        passage.span.clone(),
                        format!(
                            "the words quoted from `{}` are no longer found on {read}",
                            entry.slug()
                        ),
                    )
                    .with_note(format!("looked for: \"{}\"", passage.quote))
                    .with_help(
                        "open the page and check the passage: quote the words as the page \
                         has them now, or, if the page changed, add the address of an archived \
                         copy that has them (`archive = \"https://web.archive.org/web/…\"`)",
                    ),
                );
            }
        }
    }
    summary
}

/// Fetches each address of `addresses` once, [`AT_ONCE`] at a time: the page's text,
/// or why it could not be had, in plain words.
fn fetch_all(mut addresses: Vec<String>) -> BTreeMap<String, Result<String, String>> {
    addresses.sort();
    addresses.dedup();
    addresses.retain(|a| !a.is_empty());
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .timeout_global(Some(TIMEOUT))
        .http_status_as_error(false)
        .user_agent(concat!(
            "dossier/",
            env!("CARGO_PKG_VERSION"),
            " (check --sources)"
        ))
        .build()
        .into();
    let queue = Mutex::new(addresses.into_iter());
    let results = Mutex::new(BTreeMap::new());
    std::thread::scope(|scope| {
        for _ in 0..AT_ONCE {
            scope.spawn(|| {
                loop {
                    let next = crate::support::lock(&queue).next();
                    let Some(address) = next else { break };
                    let result = fetch(&agent, &address);
                    crate::support::lock(&results).insert(address, result);
                }
            });
        }
    });
    results
        .into_inner()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// One page's text, or why it could not be had.
fn fetch(agent: &ureq::Agent, address: &str) -> Result<String, String> {
    let mut response = agent.get(address).call().map_err(|err| plain_error(&err))?;
    let status = response.status();
    if status.as_u16() >= 400 {
        return Err(format!(
            "it answers HTTP {}{}",
            status.as_u16(),
            status
                .canonical_reason()
                .map(|r| format!(" ({r})"))
                .unwrap_or_default()
        ));
    }
    let bytes = response
        .body_mut()
        .with_config()
        .limit(PAGE_LIMIT)
        .read_to_vec()
        .map_err(|err| plain_error(&err))?;
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}

/// Why a request failed, in plain words.
fn plain_error(err: &ureq::Error) -> String {
    match err {
        ureq::Error::Timeout(_) => format!("no answer within {} seconds", TIMEOUT.as_secs()),
        ureq::Error::HostNotFound => "its host name is not found".to_owned(),
        ureq::Error::ConnectionFailed => "the connection failed".to_owned(),
        ureq::Error::Io(io) if io.kind() == std::io::ErrorKind::ConnectionRefused => {
            "the connection is refused".to_owned()
        }
        ureq::Error::Io(io) => format!("the connection failed ({io})"),
        ureq::Error::BodyExceedsLimit(_) => format!(
            "the page is larger than {} MiB, more than dossier reads",
            PAGE_LIMIT / 1024 / 1024
        ),
        ureq::Error::TooManyRedirects | ureq::Error::RedirectFailed => {
            "it redirects too many times, or to nowhere".to_owned()
        }
        ureq::Error::Rustls(tls) => {
            format!("the secure connection (HTTPS) cannot be trusted or made ({tls})")
        }
        ureq::Error::Tls(why) => format!("the secure connection (HTTPS) failed ({why})"),
        other => other.to_string(),
    }
}

/// The text of an HTML page as a reader sees it: tags, scripts, styles and comments
/// left out, character references decoded, a space where a block ends.
pub fn page_text(html: &str) -> String {
    use html5ever::tendril::StrTendril;
    use html5ever::tokenizer::states::RawKind;
    use html5ever::tokenizer::{
        BufferQueue, TagKind, Token, TokenSink, TokenSinkResult, Tokenizer, TokenizerOpts,
    };
    use std::cell::{Cell, RefCell};

    /// Collects text outside `<script>`, `<style>`, `<template>` and the like.
    struct Text {
        out: RefCell<String>,
        /// Inside an element whose content is not text to read.
        hidden: Cell<usize>,
    }
    // Elements within the flow of a sentence: no space around them.
    const INLINE: [&str; 20] = [
        "a", "abbr", "b", "bdi", "bdo", "cite", "code", "data", "dfn", "em", "i", "kbd", "mark",
        "q", "s", "small", "span", "strong", "sub", "sup",
    ];
    const HIDDEN: [&str; 5] = ["script", "style", "template", "noscript", "svg"];
    impl TokenSink for Text {
        type Handle = ();
        fn process_token(&self, token: Token, _line: u64) -> TokenSinkResult<()> {
            match token {
                Token::CharacterTokens(text) if self.hidden.get() == 0 => {
                    self.out.borrow_mut().push_str(&text);
                }
                Token::TagToken(tag) => {
                    let name: &str = &tag.name;
                    let hidden = HIDDEN.contains(&name);
                    match tag.kind {
                        TagKind::StartTag if hidden && !tag.self_closing => {
                            self.hidden.set(self.hidden.get() + 1);
                            return match name {
                                "script" => TokenSinkResult::RawData(RawKind::ScriptData),
                                "style" | "noscript" => TokenSinkResult::RawData(RawKind::Rawtext),
                                _ => TokenSinkResult::Continue,
                            };
                        }
                        TagKind::EndTag if hidden => {
                            self.hidden.set(self.hidden.get().saturating_sub(1));
                        }
                        _ if name == "title" && tag.kind == TagKind::StartTag => {
                            return TokenSinkResult::RawData(RawKind::Rcdata);
                        }
                        _ => {}
                    }
                    if !INLINE.contains(&name) {
                        self.out.borrow_mut().push(' ');
                    }
                }
                _ => {}
            }
            TokenSinkResult::Continue
        }
    }
    let sink = Text {
        out: RefCell::new(String::with_capacity(html.len() / 2)),
        hidden: Cell::new(0),
    };
    let tokenizer = Tokenizer::new(sink, TokenizerOpts::default());
    let input = BufferQueue::default();
    input.push_back(StrTendril::from_slice(html));
    let _ = tokenizer.feed(&input);
    tokenizer.end();
    tokenizer.sink.out.take()
}

/// `text` folded for comparison: lower case, curly quotes and apostrophes as straight
/// ones, guillemets as `"`, soft hyphens and zero-width characters gone, and every run
/// of whitespace (non-breaking spaces included) one space.
pub fn comparable(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut space = false;
    for c in text.chars() {
        let c = match c {
            '‘' | '’' | '‚' | '‛' | '′' => '\'',
            '“' | '”' | '„' | '‟' | '«' | '»' | '″' => '"',
            '\u{AD}' | '\u{200B}' | '\u{200C}' | '\u{200D}' | '\u{2060}' | '\u{FEFF}' => continue,
            c => c,
        };
        if c.is_whitespace() {
            space = !out.is_empty();
            continue;
        }
        if space {
            out.push(' ');
            space = false;
        }
        out.extend(c.to_lowercase());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_text_of_a_page_is_what_a_reader_sees() {
        let html = "<!doctype html><html><head><title>T &amp; co</title>\
                    <style>p { content: \"hidden\" }</style>\
                    <script>if (a < b) { document.write('<p>not text</p>') }</script></head>\
                    <body><p>Google&#x2019;s <em>rep</em>utational&nbsp;risk</p><p>next</p>\
                    <!-- a comment --><noscript>no</noscript></body></html>";
        let text = page_text(html);
        assert!(text.contains("T & co"), "{text}");
        assert!(text.contains("Google’s reputational\u{A0}risk"), "{text}");
        assert!(
            text.contains("risk next") || text.contains("risk  next"),
            "{text}"
        );
        for gone in ["hidden", "not text", "a comment", "no "] {
            assert!(!text.contains(gone), "{gone} in {text}");
        }
    }

    #[test]
    fn quotes_and_pages_are_compared_folded() {
        assert_eq!(
            comparable("  Google’s  “Reputational”\n\u{A0}RISK "),
            "google's \"reputational\" risk"
        );
        assert_eq!(comparable("« mise en garde »"), "\" mise en garde \"");
        let page = comparable(&page_text("<p>the <b>reputational</b>\n risk of AI</p>"));
        assert!(page.contains(&comparable("Reputational risk")));
    }
}
