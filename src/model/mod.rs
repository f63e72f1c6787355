//! The model of a dossier's content: what a company, a deal, a source is (the struct of
//! each kind, [`Front`]) and the values facts are made of (dates, statuses, amounts,
//! stakes). `frontmatter` fills these types from a file; everything after it reads
//! them, without knowing how a file is parsed.
//!
//! - `kinds`: the struct of each kind and [`Front`];
//! - `deal`: what a deal is made of: kinds and roles, dates, outcomes, compute terms;
//! - `quote`: what someone said, with its chain of sources and translations;
//! - `sourced`: a source named for one fact, and a value with its own sources;
//! - `history`: the earlier states of a fact or a deal, oldest first;
//! - `values`: dates, statuses, amounts and stakes with their uncertainty, checked
//!   text and URLs.

mod deal;
mod history;
mod kinds;
mod quote;
mod sourced;
mod values;

pub use deal::*;
pub use history::*;
pub use kinds::*;
pub use quote::*;
pub use sourced::*;
pub use values::*;

use crate::diagnostics::FileId;

/// What a content file describes. The folder decides it (`content/deals/*.md` are deals).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Kind {
    Home,
    Article,
    Company,
    Person,
    Product,
    Deal,
    Term,
    Source,
    Note,
    /// A page of the dossier's own (About, Methodology): `content/pages/*.md`.
    Page,
}

impl Kind {
    /// The collections, in the order the site presents them.
    pub const COLLECTIONS: [Kind; 7] = [
        Kind::Company,
        Kind::Person,
        Kind::Product,
        Kind::Deal,
        Kind::Term,
        Kind::Source,
        Kind::Note,
    ];

    /// The folder under `content/` of a kind with many entries, and the URL segment
    /// of a collection (pages of one's own sit at the top of the site: `about/`).
    pub fn folder(self) -> Option<&'static str> {
        Some(match self {
            Kind::Company => "companies",
            Kind::Person => "people",
            Kind::Product => "products",
            Kind::Deal => "deals",
            Kind::Term => "glossary",
            Kind::Source => "sources",
            Kind::Note => "notes",
            Kind::Page => "pages",
            Kind::Home | Kind::Article => return None,
        })
    }

    pub fn from_folder(folder: &str) -> Option<Kind> {
        Kind::COLLECTIONS
            .into_iter()
            .chain([Kind::Page])
            .find(|k| k.folder() == Some(folder))
    }

    /// What one entry of this kind is called, for readers.
    pub fn singular(self) -> &'static str {
        match self {
            Kind::Home => "home page",
            Kind::Article => "article",
            Kind::Company => "company",
            Kind::Person => "person",
            Kind::Product => "product",
            Kind::Deal => "deal",
            Kind::Term => "term",
            Kind::Source => "source",
            Kind::Note => "note",
            Kind::Page => "page",
        }
    }

    /// The collection's title, for readers.
    pub fn plural_title(self) -> &'static str {
        match self {
            Kind::Home => "Home",
            Kind::Article => "Article",
            Kind::Company => "Companies",
            Kind::Person => "People",
            Kind::Product => "Products",
            Kind::Deal => "Deals",
            Kind::Term => "Glossary",
            Kind::Source => "Sources",
            Kind::Note => "Notes",
            Kind::Page => "Pages",
        }
    }
}

/// One parsed content file.
#[derive(Debug, Clone)]
pub struct Document {
    pub file: FileId,
    pub slug: String,
    pub kind: Kind,
    pub front: Front,
    /// Byte range of the front matter's TOML text in the file.
    pub front_offset: usize,
    pub front_end: usize,
    /// The file the body is read from: `file`, or the translation's file when the
    /// document is an entry as another language shows it.
    pub body_file: FileId,
    /// Byte offset of the Markdown body in `body_file`.
    pub body_offset: usize,
    /// Names that find the entry but are not shown as its names: the original's
    /// title, for an entry as a translation shows it.
    pub also_found_by: Vec<String>,
}

/// Is `slug` a valid slug: lowercase ASCII letters, digits and single hyphens?
pub fn is_valid_slug(slug: &str) -> bool {
    !slug.is_empty()
        && slug.split('-').all(|part| {
            !part.is_empty()
                && part
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        })
}

/// Turns a title into a slug suggestion ("Google invests" → "google-invests").
pub fn slugify(text: &str) -> String {
    let mut slug = String::new();
    // Apostrophes join words: "Google's" → "googles".
    for c in fold(text).chars().filter(|c| !matches!(c, '\'' | '’')) {
        if c.is_ascii_alphanumeric() {
            slug.push(c);
        } else if !slug.is_empty() && !slug.ends_with('-') {
            slug.push('-');
        }
    }
    slug.trim_end_matches('-').to_owned()
}

/// What starts every guidance comment `dossier new` writes, after `# ` in the front
/// matter and `%% ` in the body. Comments and private notes are never published, but
/// one left in a published entry means it was published unfinished: `check` warns
/// ([`scaffold_leftovers`]).
pub const SCAFFOLD_MARK: &str = "dossier new:";

/// Where `text` (a content file) holds the guidance `dossier new` wrote: the byte range
/// of each `# dossier new:` or `%% dossier new:` and the rest of its line.
pub fn scaffold_leftovers(text: &str) -> Vec<std::ops::Range<usize>> {
    let mut found = Vec::new();
    // memchr's search: `serve` looks through every file after each edit, and the
    // standard library's took a tenth of an edit's time on a large dossier.
    for at in memchr::memmem::find_iter(text.as_bytes(), SCAFFOLD_MARK) {
        let before = &text[..at];
        let lead = if before.ends_with("%% ") {
            3
        } else if before.ends_with("# ") {
            2
        } else {
            continue;
        };
        let end = text[at..].find('\n').map_or(text.len(), |n| at + n);
        found.push(at - lead..end);
    }
    found
}

/// Lower-case, without accents: "Škoda" → "skoda", "Œuvre" → "oeuvre", "Łódź" →
/// "lodz". Decomposes (NFD) and drops combining marks, then spells out the letters that
/// do not decompose. `static/dossier.js` folds search queries the same way.
pub fn fold(text: &str) -> String {
    if text.is_ascii() {
        return text.to_ascii_lowercase();
    }
    // ASCII is lowercased as it is; the rest run by run. An ASCII character starts
    // afresh in NFD (nothing combines with or reorders across it), so folding each
    // run on its own gives what folding the whole text gives.
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while !rest.is_empty() {
        let ascii = rest.bytes().take_while(u8::is_ascii).count();
        out.extend(rest[..ascii].chars().map(|c| c.to_ascii_lowercase()));
        rest = &rest[ascii..];
        let other = rest.find(|c: char| c.is_ascii()).unwrap_or(rest.len());
        fold_into(&rest[..other], &mut out);
        rest = &rest[other..];
    }
    out
}

/// [`fold`] of `text`, pushed onto `out`.
fn fold_into(text: &str, out: &mut String) {
    use unicode_normalization::UnicodeNormalization;
    for c in text.chars().flat_map(char::to_lowercase).nfd() {
        match c {
            '\u{300}'..='\u{36f}' => {}
            'ł' => out.push('l'),
            'ø' => out.push('o'),
            'đ' | 'ð' => out.push('d'),
            'ı' => out.push('i'),
            'ß' => out.push_str("ss"),
            'æ' => out.push_str("ae"),
            'œ' => out.push_str("oe"),
            'þ' => out.push_str("th"),
            c => out.push(c),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        /// Folding run by run gives what folding the whole text at once gives.
        #[test]
        fn fold_by_runs_is_fold_of_the_whole(text in "[a-zA-Z Ééèœß\u{301}\u{327}\u{316}İK’«»—.]{0,24}") {
            let mut whole = String::new();
            fold_into(&text, &mut whole);
            proptest::prop_assert_eq!(fold(&text), whole);
        }
    }

    #[test]
    fn slugs_are_lowercase_words_joined_by_single_hyphens() {
        assert!(is_valid_slug("google-anthropic-2023"));
        assert!(!is_valid_slug("Google"));
        assert!(!is_valid_slug("a--b"));
        assert!(!is_valid_slug("-a"));
        assert_eq!(
            slugify("Amazon invests in Anthropic!"),
            "amazon-invests-in-anthropic"
        );
        assert_eq!(slugify("Société Générale"), "societe-generale");
        assert_eq!(slugify("Łukasz Kaiser"), "lukasz-kaiser");
        assert_eq!(slugify("Google’s $300M bet"), "googles-300m-bet");
        assert_eq!(fold("Œuvre Škoda Straße"), "oeuvre skoda strasse");
    }
}
