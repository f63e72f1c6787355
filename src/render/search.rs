//! The search index: a compact, build-time index of every entry page, read by
//! `static/dossier.js` for `/search/` and the search box in the header.
//!
//! Shape (`search-index.json`, version 1): `docs` lists pages as `{u, t, k, s}` (URL path
//! from the site root, title, kind, snippet; the title and snippet set as the page sets
//! them, by `typeset`); `terms` lists `[token, [doc, weight, …]]`, sorted by token, so a
//! prefix finds its tokens by binary search; `stopwords` lists the words left out,
//! which the script drops from queries too. Tokens are folded
//! (`frontmatter::fold`: lower-case, no accents) and split on anything not a letter or
//! digit; the script folds and splits queries the same way.

use std::collections::{BTreeMap, HashMap};

use serde_json::json;

use crate::model::fold;

/// One page to index.
pub(super) struct SearchDoc<'a> {
    pub(super) path: &'a str,
    pub(super) title: &'a str,
    pub(super) kind: &'a str,
    pub(super) summary: Option<&'a str>,
    pub(super) aliases: &'a [String],
    /// The page's text, as HTML.
    pub(super) body_html: &'a str,
    /// The language of its text, which the title and snippet shown in results and
    /// previews are set in (`typeset`), as the page sets them.
    pub(super) lang: &'a str,
}

/// Words too common to be worth an entry, in English and in French (one list for
/// every edition: a query in either language drops them). Elided French articles
/// (`l'`, `d'`, `qu'`) are split off as words of their own.
const STOPWORDS: &[&str] = &[
    "a", "an", "and", "are", "as", "at", "be", "by", "for", "from", "in", "is", "it", "its", "of",
    "on", "or", "that", "the", "this", "to", "was", "with", "au", "aux", "ce", "ces", "d", "dans",
    "de", "des", "du", "en", "est", "et", "il", "l", "la", "le", "les", "ne", "par", "pas", "pour",
    "qu", "que", "qui", "s", "sa", "se", "ses", "sur", "un", "une",
];

/// Weights: a word in the title counts most (less as the title gets longer than three
/// words), then aliases, the summary, the text.
const TITLE: u32 = 20;
const ALIAS: u32 = 12;
const SUMMARY: u32 = 4;
const TEXT: u32 = 1;
/// A word repeated in the text counts at most this many times.
const TEXT_CAP: u32 = 5;
/// The snippet shown in results when an entry has no summary.
const SNIPPET: usize = 180;

/// Calls `f` with every token of `text`: folded, split on anything not a letter or
/// digit, without stopwords and overlong words.
fn each_token(text: &str, mut f: impl FnMut(&str)) {
    fold(text)
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty() && w.chars().count() <= 40 && !STOPWORDS.contains(w))
        .for_each(&mut f);
}

#[cfg(test)]
fn tokens(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    each_token(text, |t| out.push(t.to_owned()));
    out
}

/// The text of some HTML: tags dropped (each leaves a space), the entities dossier's
/// escapers write decoded. One pass, one allocation: it runs over every page's text.
pub(super) fn plain(html: &str) -> String {
    const ENTITIES: [(&str, char); 5] = [
        ("&lt;", '<'),
        ("&gt;", '>'),
        ("&quot;", '"'),
        ("&#39;", '\''),
        ("&amp;", '&'),
    ];
    let mut text = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(at) = rest.find(['<', '&']) {
        text.push_str(&rest[..at]);
        rest = &rest[at..];
        if rest.starts_with('<') {
            text.push(' ');
            rest = rest.find('>').map_or("", |end| &rest[end + 1..]);
        } else if let Some((entity, c)) = ENTITIES.iter().find(|(e, _)| rest.starts_with(e)) {
            text.push(*c);
            rest = &rest[entity.len()..];
        } else {
            text.push('&');
            rest = &rest[1..];
        }
    }
    text.push_str(rest);
    text
}

/// What one page gives the index: per token, the best field it appears in (title,
/// alias, summary) and how often it appears in the text; and its listing. Made while
/// the page renders, so the page's text is not kept until the index is written.
#[derive(Debug)]
pub struct Indexed {
    /// The page's tokens, each followed by `\0` (one allocation, not one per token:
    /// a large dossier holds millions of them until the index is written)…
    tokens: String,
    /// …and their (field, text) weights, in the same order.
    weights: Vec<(u32, u32)>,
    listed: serde_json::Value,
}

pub(super) fn index_doc(doc: &SearchDoc) -> Indexed {
    let text = plain(doc.body_html);
    let mut weights: HashMap<String, (u32, u32)> = HashMap::new();
    // Most tokens repeat: look them up before allocating a key.
    let mut weigh = |token: &str, update: &dyn Fn(&mut (u32, u32))| match weights.get_mut(token) {
        Some(w) => update(w),
        None => {
            let mut w = (0, 0);
            update(&mut w);
            weights.insert(token.to_owned(), w);
        }
    };
    // A word of a short title (a name, a term) says more than one of a long title.
    let mut title_words = 0;
    each_token(doc.title, |_| title_words += 1);
    let title_words = title_words.max(1);
    let fields = std::iter::once((
        doc.title,
        TITLE / 2 + TITLE / 2 * 3.min(title_words) / title_words,
    ))
    .chain(doc.aliases.iter().map(|a| (a.as_str(), ALIAS)))
    .chain(doc.summary.map(|s| (s, SUMMARY)));
    for (source, weight) in fields {
        each_token(source, |token| weigh(token, &|w| w.0 = w.0.max(weight)));
    }
    each_token(&text, |token| {
        weigh(token, &|w| w.1 = (w.1 + TEXT).min(TEXT_CAP))
    });
    let snippet = doc.summary.map(str::to_owned).unwrap_or_else(|| {
        let words = text.split_whitespace().collect::<Vec<_>>().join(" ");
        let mut cut: String = words.chars().take(SNIPPET).collect();
        if cut.len() < words.len() {
            cut.push('…');
        }
        cut
    });
    let french = crate::lang::primary_subtag(doc.lang) == "fr";
    let set =
        |text: &str| crate::typeset::text(text, french, None).unwrap_or_else(|| text.to_owned());
    let mut tokens = String::new();
    let mut pairs = Vec::with_capacity(weights.len());
    for (token, w) in weights {
        tokens.push_str(&token);
        tokens.push('\0');
        pairs.push(w);
    }
    Indexed {
        tokens,
        weights: pairs,
        listed: json!({ "u": doc.path, "t": set(doc.title), "k": doc.kind, "s": set(&snippet) }),
    }
}

/// `search-index.json` for the pages' `indexed` records, in page order (so the output
/// does not depend on the order in which pages rendered).
pub(super) fn index(indexed: &[&Indexed]) -> String {
    // Written straight from these borrowed values, not through a `serde_json::Value`
    // tree (32 bytes a number: hundreds of megabytes for a large dossier). The keys
    // are in the order a `Value` map would write them.
    #[derive(serde::Serialize)]
    struct File<'a> {
        docs: Vec<&'a serde_json::Value>,
        stopwords: &'a [&'a str],
        terms: Vec<(&'a str, &'a [u32])>,
        version: u32,
    }
    let mut terms: BTreeMap<String, Vec<u32>> = BTreeMap::new();
    let mut listed = Vec::with_capacity(indexed.len());
    for (i, doc) in indexed.iter().enumerate() {
        for (token, &(field, text)) in doc.tokens.split_terminator('\0').zip(&doc.weights) {
            let posting = [i as u32, field + text];
            match terms.get_mut(token) {
                Some(postings) => postings.extend(posting),
                None => {
                    terms.insert(token.to_owned(), posting.to_vec());
                }
            }
        }
        listed.push(&doc.listed);
    }
    let file = File {
        docs: listed,
        stopwords: STOPWORDS,
        terms: terms
            .iter()
            .map(|(token, postings)| (token.as_str(), postings.as_slice()))
            .collect(),
        version: 1,
    };
    let mut text = serde_json::to_string(&file).unwrap_or_default();
    text.push('\n');
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_lower_case_folded_and_skip_stopwords() {
        let got: Vec<String> = tokens("The IA Constitutionnelle, l'Éthique & RLHF-based");
        assert_eq!(
            got,
            // `l'` is an elided article: a stopword.
            ["ia", "constitutionnelle", "ethique", "rlhf", "based"]
        );
    }

    #[test]
    fn a_title_match_outweighs_a_mention() {
        let doc = |title: &str, body: &str| {
            index_doc(&SearchDoc {
                path: &format!("{}/", title.to_lowercase()),
                title,
                kind: "note",
                summary: Some(&format!("About {title}.")),
                aliases: &[],
                body_html: &format!("<p>{body}</p>"),
                lang: "en",
            })
        };
        let (claude, anthropic) = (
            doc("Claude", "Claude is a chatbot."),
            doc(
                "Anthropic",
                "Anthropic makes Claude. Claude, Claude, Claude.",
            ),
        );
        let index: serde_json::Value =
            serde_json::from_str(&index(&[&claude, &anthropic])).unwrap();
        let claude = index["terms"]
            .as_array()
            .unwrap()
            .iter()
            .find(|t| t[0] == "claude")
            .unwrap();
        let weights: Vec<u64> = claude[1]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_u64().unwrap())
            .collect();
        // [doc 0, weight, doc 1, weight]: the title beats four mentions.
        assert!(weights[1] > weights[3], "{weights:?}");
        assert!(
            index["stopwords"]
                .as_array()
                .unwrap()
                .iter()
                .any(|w| w == "and")
        );
    }

    #[test]
    fn plain_text_drops_tags_and_decodes_entities() {
        assert_eq!(
            plain("<p>A &amp; <b>B</b></p>")
                .split_whitespace()
                .collect::<Vec<_>>(),
            ["A", "&", "B"]
        );
    }
}
