//! Language editions: one dossier, published in each language site.toml lists.
//!
//! Every edition has the same entries (same ids, same order), so a page in one
//! language always has its counterpart in the others. An entry's text in a language
//! comes from its translation (`anthropic.fr.md`, applied by
//! `frontmatter::apply_translation`); an entry without one shows the default
//! language's text, marked with that language (`Entry::lang`), and is listed as
//! untranslated.

use std::collections::BTreeMap;
use std::sync::Arc;

use crate::config::{Edition, EditionLink, SiteConfig};
use crate::diagnostics::{Diagnostic, Diagnostics, FileId, SourceFiles, suggest};
use crate::frontmatter::{self, Parsed, Translation};
use crate::lang::is_edition_code;
use crate::model::Kind;
use crate::strings::Strings;

/// `text` in quotes as TOML would write it: escapes for control characters, so a
/// message never carries a raw newline or terminal escape.
fn quoted(text: &str) -> String {
    format!("{text:?}")
}

/// The editions site.toml asks for, the default first. Problems with the settings
/// (a malformed code, an unknown string) are reported against `site_toml`.
pub fn editions(
    config: &SiteConfig,
    site_toml: Option<(FileId, &str)>,
    diagnostics: &mut Diagnostics,
) -> Vec<Edition> {
    // Where `needle` is written, after `section` (a language's table) when given:
    // the first place it is written there at the start of a line, else anywhere.
    let at = |section: Option<&str>, needle: &str| -> std::ops::Range<usize> {
        let Some((_, text)) = site_toml else {
            return 0..0;
        };
        // `[languages.fr.strings]`, or `strings = {…}` within `[languages.fr]`.
        let from = section.map_or(0, |s| {
            text.find(&format!("{s}.strings"))
                .or_else(|| {
                    let table = text.find(s)?;
                    Some(text[table..].find("strings").map_or(table, |i| table + i))
                })
                .unwrap_or(0)
        });
        let found = text[from..]
            .match_indices(needle)
            .map(|(i, _)| from + i)
            .find(|&i| section.is_none() || text[..i].ends_with(['\n', ' ', '{', ',']))
            .or_else(|| text.find(needle));
        match found {
            Some(i) => i..i + needle.len(),
            // Written with escapes (`"x\ny"`): point at the setting.
            None => ["languages", "language"]
                .iter()
                .map(|key| crate::config::key_span(text, key))
                .find(|span| !span.is_empty())
                .unwrap_or(0..0),
        }
    };
    let report =
        |diagnostics: &mut Diagnostics, section: Option<&str>, needle: &str, d: Diagnostic| {
            let mut d = d;
            if let Some((file, _)) = site_toml {
                d.file = Some(file);
                d.span = at(section, needle);
            }
            diagnostics.push(d);
        };
    let mut codes = Vec::new();
    for code in config.language_codes() {
        if is_edition_code(&code) {
            codes.push(code);
        } else {
            report(
                diagnostics,
                None,
                &format!("\"{code}\""),
                Diagnostic::global(format!("{} is not a language code", quoted(&code))).with_help(
                    "use a BCP 47 code in lowercase, such as \"en\", \"fr\" or \"pt-br\"",
                ),
            );
        }
    }
    if codes.is_empty() {
        codes.push("en".to_owned());
    }
    let no_overrides = BTreeMap::new();
    let mut made: Vec<(String, Strings)> = Vec::new();
    for code in &codes {
        let overrides = config
            .language_settings(code)
            .map_or(&no_overrides, |s| &s.strings);
        let (strings, problems) = Strings::new(code, overrides);
        for (key, close) in problems.unknown {
            let help = match close {
                Some(close) => format!(
                    "did you mean `{close}`? the strings and their English text are listed in docs/languages.md"
                ),
                None => {
                    "the strings and their English text are listed in docs/languages.md".to_owned()
                }
            };
            report(
                diagnostics,
                Some(&format!("languages.{code}")),
                &key,
                Diagnostic::global(format!("`{key}` is not an interface string")).with_help(help),
            );
        }
        if !problems.untranslated.is_empty() {
            let n = problems.untranslated.len();
            let mut d = Diagnostic::global(format!(
                "{n} interface string{} of `{code}` {} not translated and will show in English",
                if n == 1 { "" } else { "s" },
                if n == 1 { "is" } else { "are" },
            ))
            .with_note(format!("untranslated: {}", problems.untranslated.join(", ")))
            .with_help(format!(
                "dossier has built-in text for English and French only: give the others under [languages.{code}.strings] in site.toml"
            ));
            if let Some((file, _)) = site_toml {
                d.file = Some(file);
            }
            diagnostics.warn(d);
        }
        made.push((code.clone(), strings));
    }
    let all: Arc<Vec<EditionLink>> = Arc::new(
        made.iter()
            .enumerate()
            .map(|(i, (code, strings))| EditionLink {
                code: code.clone(),
                prefix: if i == 0 {
                    String::new()
                } else {
                    format!("{code}/")
                },
                name: strings.get("language_name").to_owned(),
            })
            .collect(),
    );
    made.into_iter()
        .enumerate()
        .map(|(i, (code, strings))| Edition {
            prefix: all[i].prefix.clone(),
            code,
            strings: Arc::new(strings),
            all: all.clone(),
        })
        .collect()
}

/// The configuration an edition renders with: its language, and its title and
/// description where site.toml gives them.
pub fn config_for(config: &SiteConfig, edition: &Edition) -> SiteConfig {
    let mut config = config.clone();
    if let Some(settings) = config.language_settings(&edition.code).cloned() {
        if let Some(title) = settings.title {
            config.title = title;
        }
        if settings.description.is_some() {
            config.description = settings.description;
        }
    }
    config.language = edition.code.clone();
    config
}

/// The translations, checked against the editions and their originals: problems
/// (an unknown language, a translation of nothing) are reported; the rest are
/// returned by (language, kind, slug).
pub fn index_translations(
    translations: Vec<Translation>,
    documents: &[Parsed],
    editions: &[Edition],
    files: &SourceFiles,
    diagnostics: &mut Diagnostics,
) -> BTreeMap<(String, Kind, String), Translation> {
    let originals: std::collections::BTreeSet<(Kind, &str)> = documents
        .iter()
        .filter_map(|p| match p {
            Parsed::Document(d) => Some((d.kind, d.slug.as_str())),
            Parsed::Unreadable(u) => Some((u.kind, u.slug.as_str())),
            Parsed::Translation(_) => None,
        })
        .collect();
    // Translations into a language the dossier does not publish, by language: one
    // problem each (a forgotten `languages` would otherwise be one per file).
    let mut unknown: BTreeMap<String, Vec<FileId>> = BTreeMap::new();
    let default = editions.first().map_or("en", |e| e.code.as_str());
    let mut index = BTreeMap::new();
    for tr in translations {
        let path = &files.get(tr.file).path;
        // What is wrong is the file's name: shown at its first line.
        let name_span = 0..0;
        if tr.lang == default {
            diagnostics.push(
                Diagnostic::new(
                    tr.file,
                    name_span,
                    format!("`{path}` is a translation into the default language, `{default}`"),
                )
                .with_help(format!(
                    "write the text in the original file, `{}`",
                    tr.original_path()
                )),
            );
            continue;
        }
        if !editions.iter().any(|e| e.code == tr.lang) {
            unknown.entry(tr.lang.clone()).or_default().push(tr.file);
            continue;
        }
        if !originals.contains(&(tr.kind, tr.slug.as_str())) {
            let original = tr.original_path();
            let candidates: Vec<&str> = originals
                .iter()
                .filter(|(k, _)| *k == tr.kind)
                .map(|(_, s)| *s)
                .collect();
            let help = match suggest(&tr.slug, candidates) {
                Some(close) => format!(
                    "did you mean `{close}`? a translation is named after the file it translates"
                ),
                None => format!(
                    "a translation sits beside the file it translates: write `{original}` first"
                ),
            };
            diagnostics.push(
                Diagnostic::new(
                    tr.file,
                    name_span,
                    format!("`{path}` translates `{original}`, which does not exist"),
                )
                .with_help(help),
            );
            continue;
        }
        index.insert((tr.lang.clone(), tr.kind, tr.slug.clone()), tr);
    }
    let codes: Vec<&str> = editions.iter().map(|e| e.code.as_str()).collect();
    for (lang, files_in) in unknown {
        let help = match suggest(&lang, codes.iter().copied()) {
            Some(close) if close != default => format!("did you mean `{close}`? "),
            _ => String::new(),
        } + &format!(
            "the dossier's languages are {}; to publish this one, list it in site.toml: languages = [{}, \"{lang}\"]",
            codes.join(", "),
            codes
                .iter()
                .map(|c| format!("\"{c}\""))
                .collect::<Vec<_>>()
                .join(", "),
        );
        let mut d = Diagnostic::new(
            files_in[0],
            0..0,
            format!("`{lang}` is not one of the dossier's languages"),
        )
        .with_help(help);
        if files_in.len() > 1 {
            d = d.with_note(format!(
                "{} other file{} translate into `{lang}` too",
                files_in.len() - 1,
                if files_in.len() == 2 { "" } else { "s" }
            ));
        }
        diagnostics.push(d);
    }
    index
}

/// The documents as `edition` shows them: each translated where a translation
/// exists. Returns them with the ids of the files left untranslated.
pub fn documents_for(
    edition: &Edition,
    documents: &[Parsed],
    translations: &BTreeMap<(String, Kind, String), Translation>,
    files: &SourceFiles,
    diagnostics: &mut Diagnostics,
) -> (Vec<Parsed>, Vec<FileId>) {
    let mut untranslated = Vec::new();
    let parsed = documents
        .iter()
        .map(|p| match p {
            Parsed::Document(doc) => {
                match translations.get(&(edition.code.clone(), doc.kind, doc.slug.clone())) {
                    Some(tr) => Parsed::Document(Box::new(frontmatter::apply_translation(
                        doc,
                        &files.get(doc.file).text,
                        tr,
                        &files.get(tr.file).text,
                        diagnostics,
                    ))),
                    None => {
                        untranslated.push(doc.file);
                        p.clone()
                    }
                }
            }
            other => other.clone(),
        })
        .collect();
    (parsed, untranslated)
}
