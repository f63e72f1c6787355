//! Parse: one content file in, one typed [`Document`] (or diagnostics) out.
//!
//! Splits the `+++` front matter from the Markdown body and deserializes the front
//! matter, strictly, into the struct of the file's kind. This is the ground state: what
//! the file said, as it said it, with the byte spans of every slug it names. Nothing
//! here looks at other files; references are checked in `resolve`.
//!
//! - `kinds`: the struct of each kind and [`Front`];
//! - `values`: dates, statuses, amounts, stakes;
//! - `strict`: TOML to structs, reporting every problem.

mod kinds;
mod strict;
mod translation;
mod values;

use std::ops::Range;

pub use kinds::*;
pub use strict::from_toml;
pub use translation::{Translation, apply as apply_translation};
pub use values::*;

use crate::diagnostics::{Diagnostic, Diagnostics, FileId, suggest};

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

    /// The folder under `content/` (and the URL segment) of a collection.
    pub fn folder(self) -> Option<&'static str> {
        Some(match self {
            Kind::Company => "companies",
            Kind::Person => "people",
            Kind::Product => "products",
            Kind::Deal => "deals",
            Kind::Term => "glossary",
            Kind::Source => "sources",
            Kind::Note => "notes",
            Kind::Home | Kind::Article => return None,
        })
    }

    pub fn from_folder(folder: &str) -> Option<Kind> {
        Kind::COLLECTIONS
            .into_iter()
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

/// Lower-case, without accents: "Škoda" → "skoda", "Œuvre" → "oeuvre", "Łódź" →
/// "lodz". Decomposes (NFD) and drops combining marks, then spells out the letters that
/// do not decompose. `static/dossier.js` folds search queries the same way.
pub fn fold(text: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    if text.is_ascii() {
        return text.to_ascii_lowercase();
    }
    let mut out = String::with_capacity(text.len());
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
    out
}

/// Where a file sits in `content/`, which decides its kind, its slug and, for a
/// translation (`anthropic.fr.md`), its language. The error is (what is wrong, how to
/// fix it).
pub fn classify(rel_path: &str) -> Result<(Kind, String, Option<String>), (String, String)> {
    // A translation names its language between the slug and `.md`.
    if let Some(stem) = rel_path.strip_suffix(".md")
        && let Some((original, lang)) = stem.rsplit_once('.')
        && !original.contains('.')
        && !lang.contains('/')
    {
        if !crate::config::is_language_tag(lang) {
            let case = if lang.chars().all(|c| c.is_ascii_alphabetic()) && lang.len() <= 3 {
                " (language codes are lowercase)"
            } else {
                ""
            };
            return Err((
                format!("`{lang}` in `content/{rel_path}` is not a language code"),
                format!(
                    "a translation is named after its original and a language code, like \
                     `anthropic.fr.md`; slugs themselves cannot hold dots{case}"
                ),
            ));
        }
        let (kind, slug, _) = classify(&format!("{original}.md"))?;
        return Ok((kind, slug, Some(lang.to_owned())));
    }
    let parts: Vec<&str> = rel_path.split('/').collect();
    let (kind, file_name) = match parts.as_slice() {
        ["index.md"] => return Ok((Kind::Home, "index".to_owned(), None)),
        ["article.md"] => return Ok((Kind::Article, "article".to_owned(), None)),
        [name] => {
            return Err((
                format!("`content/{name}` is not a known page"),
                "the top of content/ holds only index.md and article.md; entries go in a \
                 collection folder such as content/notes/"
                    .to_owned(),
            ));
        }
        [folder, name] => match Kind::from_folder(folder) {
            Some(kind) => (kind, *name),
            None => {
                let folders: Vec<&str> = Kind::COLLECTIONS
                    .iter()
                    .filter_map(|k| k.folder())
                    .collect();
                let help = match suggest(folder, folders.iter().copied()) {
                    Some(s) => {
                        format!("did you mean `{s}`? collections are {}", folders.join(", "))
                    }
                    None => format!("collections are {}", folders.join(", ")),
                };
                return Err((format!("`content/{folder}/` is not a collection"), help));
            }
        },
        _ => {
            return Err((
                format!("`content/{rel_path}` is nested too deep"),
                "entries live directly in a collection folder, like content/companies/anthropic.md"
                    .to_owned(),
            ));
        }
    };
    let Some(stem) = file_name.strip_suffix(".md") else {
        return Err((
            format!("`content/{rel_path}` is not a Markdown file"),
            "content/ holds only `.md` files; put images and other assets in static/".to_owned(),
        ));
    };
    if !is_valid_slug(stem) {
        let suggestion = slugify(stem);
        let help = if suggestion.is_empty() {
            "name the file with lowercase Latin letters, digits and hyphens, e.g. `my-entry.md` \
             (the title in the front matter can be in any script)"
                .to_owned()
        } else {
            format!("rename the file to `{suggestion}.md`")
        };
        return Err((
            format!("`{stem}` is not a valid slug: use lowercase letters, digits and hyphens"),
            help,
        ));
    }
    Ok((kind, stem.to_owned(), None))
}

/// Splits `+++` front matter from the body: `(toml_range, body_offset)`.
pub fn split(text: &str, file: FileId) -> Result<(Range<usize>, usize), Diagnostic> {
    let start = if text.starts_with('\u{feff}') { 3 } else { 0 };
    let mut lines = line_ranges(text, start);
    let first = lines.next();
    match first.clone() {
        None => {
            return Err(Diagnostic::new(file, 0..0, "the file is empty").with_help(
                "start it with front matter between two `+++` lines holding at least the required keys",
            ));
        }
        Some(r) if text[r.clone()].trim_end() == "+++" => {}
        Some(r) => {
            return Err(Diagnostic::new(
                file,
                r.start..r.start,
                "missing front matter: a content file starts with a line `+++`",
            )
            .with_help(
                "add a line `+++`, the TOML keys, and another `+++` line at the top of the file",
            ));
        }
    }
    let opening = first.unwrap_or(0..0);
    let toml_start = next_line_start(text, opening.end);
    for line in lines {
        if text[line.clone()].trim_end() == "+++" {
            return Ok((toml_start..line.start, next_line_start(text, line.end)));
        }
    }
    Err(Diagnostic::new(file, opening, "front matter is not closed")
        .with_help("add a line `+++` after the last front matter key"))
}

fn next_line_start(text: &str, line_end: usize) -> usize {
    if text[line_end..].starts_with("\r\n") {
        line_end + 2
    } else if text[line_end..].starts_with('\n') {
        line_end + 1
    } else {
        line_end
    }
}

/// Byte ranges of each line's content (without its line break).
fn line_ranges(text: &str, start: usize) -> impl Iterator<Item = Range<usize>> + '_ {
    let mut pos = start;
    std::iter::from_fn(move || {
        if pos >= text.len() {
            return None;
        }
        let end = text[pos..].find('\n').map_or(text.len(), |i| pos + i);
        let line = pos..end;
        pos = end + 1;
        Some(line)
    })
}

/// What parsing made of one content file.
#[derive(Debug, Clone)]
pub enum Parsed {
    Document(Box<Document>),
    /// The file has a valid place and slug, but its front matter could not be read
    /// (the problem is already reported). Its slug still exists, so references to it
    /// are not reported a second time, and what can be read of it is still checked.
    Unreadable(Box<Unreadable>),
    /// A translation of another file, applied once every file is parsed.
    Translation(Box<Translation>),
}

/// What is known of a file whose front matter could not be read.
#[derive(Debug, Clone)]
pub struct Unreadable {
    pub file: FileId,
    pub kind: Kind,
    pub slug: String,
    /// Slugs its front matter names, read leniently ([`references_in`]); their spans
    /// count from `front_offset`.
    pub references: Vec<SlugRef>,
    pub front_offset: usize,
    /// Where its body starts, when the `+++` lines were found.
    pub body_offset: Option<usize>,
}

/// Parses one content file. Problems go into `diagnostics`; `None` when the file's
/// path gives no kind or slug.
pub fn parse_document(
    file: FileId,
    rel_path: &str,
    text: &str,
    diagnostics: &mut Diagnostics,
) -> Option<Parsed> {
    let (kind, slug, lang) = match classify(rel_path) {
        Ok(found) => found,
        Err((message, help)) => {
            diagnostics.push(Diagnostic::new(file, 0..0, message).with_help(help));
            return None;
        }
    };
    let (toml_range, body_offset) = match split(text, file) {
        Ok(found) => found,
        Err(diagnostic) => {
            diagnostics.push(diagnostic);
            if lang.is_some() {
                return None;
            }
            return Some(Parsed::Unreadable(Box::new(Unreadable {
                file,
                kind,
                slug,
                references: Vec::new(),
                front_offset: 0,
                body_offset: None,
            })));
        }
    };
    let toml_text = &text[toml_range.clone()];
    let offset = toml_range.start;
    if let Some(lang) = lang {
        // What a translation may say depends on its original: checked when applied.
        // Its TOML syntax is checked here, once.
        if let Err(problems) = from_toml::<toml::Table>(toml_text, file, offset, text) {
            problems.into_iter().for_each(|d| diagnostics.push(d));
        }
        return Some(Parsed::Translation(Box::new(Translation {
            file,
            kind,
            slug,
            lang,
            front_offset: offset,
            front_end: toml_range.end,
            body_offset,
        })));
    }
    let front = (|| -> Result<Front, Vec<Diagnostic>> {
        macro_rules! read {
            ($variant:ident) => {
                Front::$variant(from_toml(toml_text, file, offset, text)?)
            };
        }
        Ok(match kind {
            Kind::Home => read!(Home),
            Kind::Article => read!(Article),
            Kind::Company => read!(Company),
            Kind::Person => read!(Person),
            Kind::Product => read!(Product),
            Kind::Deal => read!(Deal),
            Kind::Term => read!(Term),
            Kind::Source => read!(Source),
            Kind::Note => read!(Note),
        })
    })();
    match front {
        Ok(front) => Some(Parsed::Document(Box::new(Document {
            file,
            slug,
            kind,
            front,
            front_offset: offset,
            front_end: toml_range.end,
            body_file: file,
            body_offset,
            also_found_by: Vec::new(),
        }))),
        Err(problems) => {
            // An empty front matter misses every required key: say so at its start.
            let blank = toml_text.trim().is_empty();
            for mut diagnostic in problems {
                if blank {
                    diagnostic.span = 0..3;
                }
                diagnostics.push(diagnostic);
            }
            Some(Parsed::Unreadable(Box::new(Unreadable {
                file,
                kind,
                slug,
                references: references_in(kind, toml_text),
                front_offset: offset,
                body_offset: Some(body_offset),
            })))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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

    #[test]
    fn split_finds_front_matter_and_body_with_crlf() {
        let text = "+++\r\ntitle = \"x\"\r\n+++\r\nbody";
        let (toml, body) = split(text, 0).unwrap();
        assert_eq!(&text[toml], "title = \"x\"\r\n");
        assert_eq!(&text[body..], "body");
    }
}
