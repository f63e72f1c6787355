//! The search index: a compact, build-time index of every entry page, read by
//! `static/search.js` for `/search/` and the search box in the header, in shards
//! fetched as a query needs them (see [`index`]): a query on a large dossier fetches
//! kilobytes, not the whole index. Each page's preview card (`preview.json`, see
//! [`Indexed::card`]) is a file of its own, so previews never fetch the index.
//!
//! Titles and snippets are set as the page sets them, by `typeset`; `stopwords` lists
//! the words left out, which the script drops from queries too. Tokens are folded
//! (`frontmatter::fold`: lower-case, no accents) and split on anything not a letter or
//! digit; the script folds and splits queries the same way.

use std::sync::Mutex;

use serde_json::json;

use crate::model::fold;
use crate::support::{Interner, lock};

/// Every token of every page indexed in this process, each kept once and numbered: a
/// page keeps its tokens as numbers (a large dossier holds millions of them until the
/// index is written, and their text took twice the memory). One for the process, as
/// `serve` keeps the pages' records from build to build: it holds the words of the
/// dossiers the process builds.
static VOCABULARY: Mutex<Interner> = Mutex::new(Interner::new());

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
// A page keeps each token's weight in one byte (`Indexed::weights`).
const _: () = assert!(TITLE + TEXT_CAP <= u8::MAX as u32);
/// The snippet shown in results when an entry has no summary.
const SNIPPET: usize = 180;

/// Whether `word` is one of [`STOPWORDS`] (every word of every page is asked): none
/// is longer than four bytes, and the rest are looked up in a set.
fn is_stopword(word: &str) -> bool {
    static SET: std::sync::LazyLock<rustc_hash::FxHashSet<&str>> =
        std::sync::LazyLock::new(|| STOPWORDS.iter().copied().collect());
    word.len() <= 4 && SET.contains(word)
}

/// Calls `f` with every token of `text`: folded, split on anything not a letter or
/// digit, without stopwords and overlong words.
fn each_token(text: &str, mut f: impl FnMut(&str)) {
    fold(text)
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty() && w.chars().count() <= 40 && !is_stopword(w))
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
    /// The page's tokens, by their number in [`VOCABULARY`]…
    tokens: Vec<u32>,
    /// …and their weights, in the same order: the best field's and the text's, added
    /// (at most `TITLE + TEXT_CAP`; one byte each, as there are millions).
    weights: Vec<u8>,
    listed: Listed,
}

/// A page as search results and previews list it. Its fields in the order JSON
/// objects have always had them here (sorted by key).
#[derive(Debug, Clone, serde::Serialize)]
struct Listed {
    /// Kind ("note"), snippet, title, then the address (left out of a preview).
    k: String,
    s: String,
    t: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    u: Option<String>,
}

pub(super) fn index_doc(doc: &SearchDoc) -> Indexed {
    let text = plain(doc.body_html);
    let mut weights: rustc_hash::FxHashMap<String, (u32, u32)> = Default::default();
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
    // Held until the index is written: made at their size.
    let mut tokens = Vec::with_capacity(weights.len());
    let mut pairs = Vec::with_capacity(weights.len());
    let mut vocabulary = lock(&VOCABULARY);
    for (token, (field, text)) in weights {
        tokens.push(vocabulary.number(&token));
        pairs.push(u8::try_from(field + text).unwrap_or(u8::MAX));
    }
    drop(vocabulary);
    Indexed {
        tokens,
        weights: pairs,
        listed: Listed {
            k: doc.kind.to_owned(),
            s: set(&snippet),
            t: set(doc.title),
            u: Some(doc.path.to_owned()),
        },
    }
}

/// The most a term shard holds, in bytes of JSON, unless one term alone is larger: a
/// query fetches one shard per word, most of the time.
const SHARD: usize = 24 * 1024;
/// How many pages' listings a listing chunk holds: a page of results fetches the
/// chunks of the pages it shows.
pub(super) const CHUNK: usize = 8;

impl Indexed {
    /// The page's preview card, `preview.json` beside its `index.html`: its title,
    /// kind and snippet (`{t, k, s}`), all a preview of a link to it shows.
    pub(super) fn card(&self) -> Vec<u8> {
        let card = Listed {
            u: None,
            ..self.listed.clone()
        };
        let mut text = serde_json::to_string(&card).unwrap_or_default();
        text.push('\n');
        text.into_bytes()
    }
}

/// The search index for the pages' `indexed` records (in page order, so the output
/// does not depend on the order in which pages rendered), as files under
/// `search-index/`, each with its path there. Fetched on demand, a few at a time:
///
/// - `meta.json`: `{v, stopwords, shards, docs, chunk}`; `shards` lists the first
///   token of each term shard, in order, so a word finds its shard by binary search;
/// - `t/N.json`: term shard N, `[[token, postings], …]`, sorted by token; `postings`
///   is a string of numbers (see [`varint`]), gap and weight for each page the token
///   is on, each page's number being the sum of the gaps up to it;
/// - `d/N.json`: listing chunk N, the `{u, t, k, s}` of pages N × chunk to
///   N × chunk + chunk − 1 (URL path from the site root, title, kind, snippet).
///
/// Pages are numbered by title (folded, then by URL), so ties in score sort by title
/// without the listings.
pub(super) fn index(indexed: &[&Indexed]) -> Vec<(String, Vec<u8>)> {
    let mut order: Vec<(String, &str, usize)> = indexed
        .iter()
        .enumerate()
        .map(|(i, doc)| {
            let title = doc.listed.t.as_str();
            let url = doc.listed.u.as_deref().unwrap_or_default();
            (fold(title), url, i)
        })
        .collect();
    order.sort();
    // Per token (by its number): the last page number it was seen on, and its
    // postings; then the tokens in order.
    let vocabulary = lock(&VOCABULARY);
    let mut postings_of: Vec<(u32, String)> = vec![Default::default(); vocabulary.len()];
    for (number, &(_, _, i)) in order.iter().enumerate() {
        let number = number as u32;
        let doc = indexed[i];
        for (&token, &weight) in doc.tokens.iter().zip(&doc.weights) {
            // Page numbers come in order: each posting is the gap from the last.
            let (last, postings) = &mut postings_of[token as usize];
            varint(number - *last, postings);
            varint(u32::from(weight), postings);
            *last = number;
        }
    }
    let mut terms: Vec<(&str, &String)> = postings_of
        .iter()
        .enumerate()
        .filter(|(_, (_, postings))| !postings.is_empty())
        .map(|(token, (_, postings))| (vocabulary.get(token as u32), postings))
        .collect();
    terms.sort_unstable_by_key(|&(token, _)| token);
    let mut files = Vec::new();
    let mut firsts: Vec<&str> = Vec::new();
    let mut shard = String::new();
    for &(token, postings) in &terms {
        let mut entry = serde_json::to_string(&(token, postings)).unwrap_or_default();
        if !shard.is_empty() && shard.len() + entry.len() > SHARD {
            files.push(shard_file(files.len(), &shard));
            shard.clear();
        }
        if shard.is_empty() {
            firsts.push(token);
        } else {
            entry.insert(0, ',');
        }
        shard.push_str(&entry);
    }
    if !shard.is_empty() {
        files.push(shard_file(files.len(), &shard));
    }
    for (n, chunk) in order.chunks(CHUNK).enumerate() {
        let listed: Vec<&Listed> = chunk.iter().map(|&(_, _, i)| &indexed[i].listed).collect();
        let mut text = serde_json::to_string(&listed).unwrap_or_default();
        text.push('\n');
        files.push((format!("d/{n}.json"), text.into_bytes()));
    }
    let meta = json!({
        "v": 2,
        "stopwords": STOPWORDS,
        "shards": firsts,
        "docs": indexed.len(),
        "chunk": CHUNK,
    });
    files.push(("meta.json".to_owned(), format!("{meta}\n").into_bytes()));
    files
}

/// The characters postings are written in: 64 that JSON strings hold as they are.
const DIGITS: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/// Writes `n` in base 32, lowest digits first, each digit a character of [`DIGITS`]
/// (the upper half when more digits follow). A word in most pages of a large dossier
/// costs two characters a page: a gap of 1 and a weight under 32.
fn varint(mut n: u32, out: &mut String) {
    loop {
        let digit = (n & 31) as usize;
        n >>= 5;
        if n == 0 {
            out.push(DIGITS[digit] as char);
            return;
        }
        out.push(DIGITS[digit | 32] as char);
    }
}

/// Term shard `n`, from its entries written one after another.
fn shard_file(n: usize, entries: &str) -> (String, Vec<u8>) {
    (format!("t/{n}.json"), format!("[{entries}]\n").into_bytes())
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
        let files = index(&[&claude, &anthropic]);
        let file = |name: &str| -> serde_json::Value {
            let (_, bytes) = files.iter().find(|(n, _)| n == name).unwrap();
            serde_json::from_slice(bytes).unwrap()
        };
        let meta = file("meta.json");
        assert_eq!(meta["shards"].as_array().unwrap().len(), 1, "{meta}");
        let terms = file("t/0.json");
        let claude = terms
            .as_array()
            .unwrap()
            .iter()
            .find(|t| t[0] == "claude")
            .unwrap();
        let postings = decode(claude[1].as_str().unwrap());
        // Pages are numbered by title: Anthropic 0, Claude 1. [gap 0 (Anthropic),
        // weight, gap 1 (Claude), weight]: the title beats four mentions.
        assert_eq!((postings[0], postings[2]), (0, 1), "{postings:?}");
        assert_eq!(postings.len(), 4);
        assert!(postings[3] > postings[1], "{postings:?}");
        assert_eq!(file("d/0.json")[1]["t"], "Claude");
        assert!(
            meta["stopwords"]
                .as_array()
                .unwrap()
                .iter()
                .any(|w| w == "and")
        );
    }

    /// What the script does to read postings.
    fn decode(text: &str) -> Vec<u32> {
        let mut out = Vec::new();
        let (mut n, mut shift) = (0, 0);
        for c in text.bytes() {
            let digit = DIGITS.iter().position(|&d| d == c).unwrap() as u32;
            n |= (digit & 31) << shift;
            shift += 5;
            if digit < 32 {
                out.push(n);
                (n, shift) = (0, 0);
            }
        }
        out
    }

    #[test]
    fn numbers_are_written_in_as_few_characters_as_they_need() {
        for n in [0, 1, 31, 32, 1023, 1024, 70_000, u32::MAX] {
            let mut text = String::new();
            varint(n, &mut text);
            assert_eq!(decode(&text), [n], "{text}");
        }
        let mut text = String::new();
        varint(1, &mut text);
        varint(25, &mut text);
        assert_eq!(text.len(), 2, "a common word costs two characters a page");
    }

    #[test]
    fn stopwords_are_found_and_no_longer_than_four_bytes() {
        assert!(STOPWORDS.iter().all(|w| w.len() <= 4 && is_stopword(w)));
        assert!(!is_stopword("them") && !is_stopword("") && !is_stopword("thesis"));
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
