//! The search index: a compact, build-time index of every entry page, read by
//! `static/dossier.js` for `/search/` and the search box in the header.
//!
//! Shape (`search-index.json`, version 1): `docs` lists pages as `{u, t, k, s}` (URL path
//! from the site root, title, kind, snippet); `terms` lists `[token, [doc, weight, …]]`,
//! sorted by token, so a prefix finds its tokens by binary search. Tokens are lower-case,
//! with Latin accents folded (é → e), split on anything not a letter or digit.

use std::collections::BTreeMap;

use serde_json::json;

use crate::frontmatter::fold_accent;

/// One page to index.
pub(super) struct SearchDoc {
    pub(super) path: String,
    pub(super) title: String,
    pub(super) kind: &'static str,
    pub(super) summary: Option<String>,
    pub(super) aliases: Vec<String>,
    /// The page's text, as HTML.
    pub(super) body_html: String,
}

/// Words too common to be worth an entry.
const STOPWORDS: &[&str] = &[
    "a", "an", "and", "are", "as", "at", "be", "by", "for", "from", "in", "is", "it", "its", "of",
    "on", "or", "that", "the", "this", "to", "was", "with", "de", "la", "le", "les", "des", "du",
    "et", "un", "une",
];

/// Weights: a word in the title counts most, then aliases, the summary, the text.
const TITLE: u32 = 20;
const ALIAS: u32 = 12;
const SUMMARY: u32 = 4;
const TEXT: u32 = 1;
/// A word repeated in the text counts at most this many times.
const TEXT_CAP: u32 = 5;
/// The snippet shown in results when an entry has no summary.
const SNIPPET: usize = 180;

fn tokens(text: &str) -> impl Iterator<Item = String> + '_ {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty() && w.chars().count() <= 40)
        .map(|w| {
            w.chars()
                .flat_map(char::to_lowercase)
                .map(fold_accent)
                .collect::<String>()
        })
        .filter(|w| !STOPWORDS.contains(&w.as_str()))
}

/// The text of some HTML: tags dropped, the common entities decoded.
pub(super) fn plain(html: &str) -> String {
    let mut text = String::with_capacity(html.len());
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => {
                in_tag = true;
                text.push(' ');
            }
            '>' if in_tag => in_tag = false,
            c if !in_tag => text.push(c),
            _ => {}
        }
    }
    text.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
}

/// `search-index.json` for `docs`.
pub(super) fn index(docs: &[SearchDoc]) -> String {
    let mut terms: BTreeMap<String, BTreeMap<usize, u32>> = BTreeMap::new();
    let mut listed = Vec::new();
    for (i, doc) in docs.iter().enumerate() {
        let text = plain(&doc.body_html);
        let mut add = |source: &str, weight: u32, cap: u32| {
            for token in tokens(source) {
                let w = terms.entry(token).or_default().entry(i).or_insert(0);
                *w = (*w + weight).min(cap.max(weight));
            }
        };
        add(&doc.title, TITLE, TITLE);
        for alias in &doc.aliases {
            add(alias, ALIAS, ALIAS);
        }
        if let Some(summary) = &doc.summary {
            add(summary, SUMMARY, SUMMARY);
        }
        add(&text, TEXT, TEXT_CAP);
        let snippet = doc.summary.clone().unwrap_or_else(|| {
            let words = text.split_whitespace().collect::<Vec<_>>().join(" ");
            let mut cut: String = words.chars().take(SNIPPET).collect();
            if cut.len() < words.len() {
                cut.push('…');
            }
            cut
        });
        listed.push(json!({ "u": doc.path, "t": doc.title, "k": doc.kind, "s": snippet }));
    }
    let terms: Vec<serde_json::Value> = terms
        .into_iter()
        .map(|(token, postings)| {
            let flat: Vec<u64> = postings
                .into_iter()
                .flat_map(|(doc, weight)| [doc as u64, u64::from(weight)])
                .collect();
            json!([token, flat])
        })
        .collect();
    let mut text = json!({ "version": 1, "docs": listed, "terms": terms }).to_string();
    text.push('\n');
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_lower_case_folded_and_skip_stopwords() {
        let got: Vec<String> = tokens("The IA Constitutionnelle, l'Éthique & RLHF-based").collect();
        assert_eq!(
            got,
            ["ia", "constitutionnelle", "l", "ethique", "rlhf", "based"]
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
