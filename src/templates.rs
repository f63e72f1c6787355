//! Templates: the built-in theme's templates, with the dossier's own overriding those
//! of the same name, parsed once into a Tera instance. Parsing does not depend on the
//! content, so template problems are reported in the same run as content problems.

mod recursion;

use std::collections::HashMap;

use tera::Tera;

use crate::diagnostics::{Diagnostic, Diagnostics, FileId, SourceFiles};
use crate::theme;

/// Parses every template. `overrides` are the dossier's `templates/` files.
pub fn load(
    files: &SourceFiles,
    overrides: &[(String, FileId)],
    diagnostics: &mut Diagnostics,
) -> Option<Tera> {
    let mut sources: recursion::Sources = theme::TEMPLATES
        .iter()
        .map(|(name, text)| (*name, (*text, None)))
        .collect();
    for (name, file) in overrides {
        sources.insert(name, (files.get(*file).text.as_str(), Some(*file)));
    }
    let mut tera = Tera::default();
    tera.autoescape_on(vec![".html", ".xml"]);
    // Tera's default escaper also rewrites `/` as `&#x2F;`, which is valid but makes
    // every URL unreadable in the output; escape only what HTML needs.
    tera.set_escape_fn(crate::html::escape);
    let all: Vec<(&str, &str)> = sources.iter().map(|(n, (t, _))| (*n, *t)).collect();
    let Err(err) = tera.add_raw_templates(all) else {
        // Templates that would recurse for ever are refused before any page renders.
        let mut cycles = Vec::new();
        recursion::check(&tera.templates, &sources, &mut cycles);
        if !cycles.is_empty() {
            cycles.into_iter().for_each(|d| diagnostics.push(d));
            return None;
        }
        recursion::guard(&mut tera, &sources);
        return Some(tera);
    };
    // Find which template is at fault, one at a time, so the error names its file
    // and line; if each parses alone, they do not fit together (a missing parent…).
    let mut located = false;
    for (name, (text, file)) in &sources {
        if let Err(err) = tera::Template::new(name, None, text) {
            located = true;
            diagnostics.push(syntax_diagnostic(files, name, *file, &err));
        }
    }
    if !located {
        // Tera refuses a cycle of `extends` without saying where; find it.
        let parsed: HashMap<String, tera::Template> = sources
            .iter()
            .filter_map(|(name, (text, _))| {
                Some((
                    name.to_string(),
                    tera::Template::new(name, None, text).ok()?,
                ))
            })
            .collect();
        let mut cycles = Vec::new();
        recursion::check(&parsed, &sources, &mut cycles);
        if !cycles.is_empty() {
            cycles.into_iter().for_each(|d| diagnostics.push(d));
            return None;
        }
        diagnostics.push(
            Diagnostic::global(format!("the templates do not fit together: {}", error_chain(&err)))
                .with_help("check `{% extends %}`, `{% include %}` and `{% import %}` names against the files in templates/"),
        );
    }
    None
}

fn syntax_diagnostic(
    files: &SourceFiles,
    name: &str,
    file: Option<FileId>,
    err: &tera::Error,
) -> Diagnostic {
    let chain = error_chain(err);
    let Some(file) = file else {
        return Diagnostic::global(format!(
            "built-in template `{name}` does not parse: {chain}"
        ));
    };
    // pest reports ` --> line:col`; map it to a span in the template file.
    let position = chain.split("--> ").nth(1).and_then(|rest| {
        let mut numbers = rest
            .split(|c: char| !c.is_ascii_digit())
            .filter(|s| !s.is_empty());
        Some((
            numbers.next()?.parse::<usize>().ok()?,
            numbers.next()?.parse::<usize>().ok()?,
        ))
    });
    let text = &files.get(file).text;
    let span = position.map_or(0..0, |(line, col)| {
        let start: usize = text
            .split_inclusive('\n')
            .take(line.saturating_sub(1))
            .map(str::len)
            .sum();
        let offset = text[start..]
            .char_indices()
            .nth(col.saturating_sub(1))
            .map_or(text.len(), |(i, _)| start + i);
        offset..offset
    });
    // pest draws its own source excerpt; with the span mapped, keep only its words
    // (the `= expected …` line).
    let reason = chain
        .lines()
        .filter_map(|line| line.trim_start().strip_prefix("= "))
        .next_back()
        .filter(|_| position.is_some())
        .map_or(chain.clone(), str::to_owned);
    Diagnostic::new(file, span, format!("template `{name}` does not parse"))
        .with_note(reason)
        .with_help("fix the template, or delete it to use the built-in one")
}

/// A Tera error and all its causes on one line.
pub fn error_chain(err: &tera::Error) -> String {
    let mut parts = vec![err.to_string()];
    let mut source = std::error::Error::source(err);
    while let Some(cause) = source {
        let cause_text = cause.to_string();
        if !recursion::is_guard_wrapper(&cause_text) {
            parts.push(cause_text);
        }
        source = cause.source();
    }
    parts.join(": ")
}

/// The template a render error happened in: the innermost `'name'` Tera mentions
/// (a macro file, an included partial), else `fallback`.
pub fn failing_template<'a>(chain: &'a str, fallback: &'a str) -> &'a str {
    chain
        .split('\'')
        .skip(1)
        .step_by(2)
        .filter(|name| name.ends_with(".html") || name.ends_with(".xml"))
        .last()
        .unwrap_or(fallback)
}
