//! What both passes over a body share: the Markdown dialect ([`options`]), the parser
//! that turns `[@source]` into citation links ([`parser`]), and how a wikilink's
//! destination is read ([`split_fragment`], [`one_space`]).

use pulldown_cmark::{BrokenLink, BrokenLinkCallback, Options, Parser};

use super::cite::CITE;
use super::{BodyProblem, citation_keys};

/// The Markdown dialect of every body.
pub fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_SMART_PUNCTUATION
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_WIKILINKS
}

/// The parser of every body: [`options`], and `[@source]` citations turned into links
/// to `cite:@source` (pulldown-cmark hands them over as broken references). Brackets that
/// start like a citation but are not one are given to `problem`.
pub(super) fn parser<'a>(
    body: &'a str,
    mut problem: impl FnMut(BodyProblem) + 'a,
) -> Parser<'a, impl BrokenLinkCallback<'a>> {
    Parser::new_with_broken_link_callback(
        body,
        options(),
        Some(move |link: BrokenLink<'a>| {
            let reference = link.reference.trim();
            if reference.starts_with('@') {
                if let Some(keys) = citation_keys(reference) {
                    if let Some(key) = keys.iter().find(|k| k.quote.as_deref() == Some("")) {
                        problem(BodyProblem {
                            span: link.span,
                            message: format!(
                                "the citation of `{}` quotes nothing: its quotation marks are empty",
                                key.source
                            ),
                            help: format!(
                                "write the exact words the text relies on between the marks \
                                 (`[@{0}, \"the words\"]`), or drop the quote (`[@{0}]`)",
                                key.source
                            ),
                        });
                    }
                    return Some((format!("{CITE}{reference}").into(), "".into()));
                }
                problem(BodyProblem {
                    span: link.span,
                    message: format!("`[{reference}]` is not a citation"),
                    help: "write `[@source]`, `[@source, p. 3]`, `[@source, \"the words relied on\"]` \
                           or `[@a; @b]`"
                        .to_owned(),
                });
            }
            None
        }),
    )
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
