//! Parse: one content file in, one typed [`Document`] (or diagnostics) out.
//!
//! Splits the `+++` front matter from the Markdown body and deserializes the front
//! matter, strictly, into the struct of the file's kind. This is the ground state: what
//! the file said, as it said it, with the byte spans of every slug it names. Nothing
//! here looks at other files; references are checked in `resolve`.
//!
//! The types it fills are the model's (`crate::model`); the strict TOML reader is
//! `crate::strict_toml`; `translation` reads a `.fr.md` file's translated keys.

mod translation;

use std::ops::Range;

pub use translation::{Translation, apply as apply_translation};

use crate::diagnostics::{Diagnostic, Diagnostics, FileId, suggest};
use crate::model::{Document, Front, Kind, SlugRef, is_valid_slug, references_in, slugify};
use crate::strict_toml::from_toml;

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
        if !crate::lang::is_edition_code(lang) {
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
        // A page bundle: the entry `slug` with its files beside it.
        [folder, slug, "index.md"] if Kind::from_folder(folder).is_some() => {
            return classify(&format!("{folder}/{slug}.md"));
        }
        _ => {
            return Err((
                format!("`content/{rel_path}` is nested too deep"),
                "entries live directly in a collection folder, like content/companies/anthropic.md, \
                 or in a folder of their own with their files, like content/notes/reviews/index.md"
                    .to_owned(),
            ));
        }
    };
    // Other files are published beside the pages (`load::is_markdown`): only
    // `NOTE.MD` gets here.
    let Some(stem) = file_name.strip_suffix(".md") else {
        let stem = file_name
            .get(..file_name.len().saturating_sub(3))
            .unwrap_or(file_name);
        return Err((
            format!("`content/{rel_path}` does not end in a lowercase `.md`"),
            format!("rename the file to `{}.md`", stem.to_ascii_lowercase()),
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
    // A page of one's own is published at the top of the site (`about/`), beside the
    // pages and folders the site writes there itself.
    if kind == Kind::Page && RESERVED.contains(&stem) {
        return Err((
            format!("the page `{stem}` would take the place of the site's own `{stem}/`"),
            format!(
                "rename the file, e.g. `content/pages/{stem}-page.md`: pages of your own \
                 cannot be named {}",
                RESERVED.join(", ")
            ),
        ));
    }
    Ok((kind, stem.to_owned(), None))
}

/// The folders the site writes at its top: a page of one's own cannot be named after
/// one.
const RESERVED: &[&str] = &[
    "article",
    "companies",
    "data",
    "deals",
    "glossary",
    "notes",
    "pages",
    "people",
    "print",
    "products",
    "search",
    "sources",
    "timeline",
];

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
        // Hugo, Jekyll and Quartz write YAML between `---` lines: say so, not "missing".
        Some(r) if text[r.clone()].trim_end() == "---" => {
            return Err(Diagnostic::new(
                file,
                r.clone(),
                "this front matter is YAML (between `---` lines); dossier reads TOML between `+++` lines",
            )
            .with_help(
                "replace both `---` lines with `+++`, and write each key as TOML: \
                 `title: First note` becomes `title = \"First note\"`, and dates stay bare \
                 (`date = 2024-01-01`)",
            ));
        }
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
            Kind::Page => read!(Page),
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
    fn split_finds_front_matter_and_body_with_crlf() {
        let text = "+++\r\ntitle = \"x\"\r\n+++\r\nbody";
        let (toml, body) = split(text, 0).unwrap();
        assert_eq!(&text[toml], "title = \"x\"\r\n");
        assert_eq!(&text[body..], "body");
    }
}
