//! Translations: `anthropic.fr.md` beside `anthropic.md`.
//!
//! A translation carries the entry's text in another language (its name, summary,
//! aliases, body, and the text inside some facts) and nothing else: amounts, dates,
//! stakes, statuses and references are written once, in the default language's file,
//! and shared. A translation may repeat a shared value as it is (harmless), but one
//! that differs is an error, with the line, since the two editions would then say
//! different things.

use std::ops::Range;

use toml::Spanned;
use toml::de::{DeTable, DeValue};

use crate::diagnostics::{Diagnostic, Diagnostics, FileId, suggest};
use crate::model::{Document, Front, Kind, Sourced, Text};

/// A translation file, split and checked for TOML syntax, not yet applied.
#[derive(Debug, Clone)]
pub struct Translation {
    pub file: FileId,
    pub kind: Kind,
    pub slug: String,
    /// Its language code (`fr`).
    pub lang: String,
    pub front_offset: usize,
    pub front_end: usize,
    pub body_offset: usize,
}

/// How a text key holds its text.
#[derive(Debug, Clone, Copy)]
enum Shape {
    /// A string.
    Text,
    /// A list of strings, replacing the original's.
    List,
    /// A list of tables, one per item of the original, in order: only these keys are
    /// text; the others are the original's facts.
    Items(&'static [&'static str]),
    /// A table whose listed keys are text (`amount = { label = "…" }`).
    Table(&'static [&'static str]),
}

/// The keys a translation of `kind` may give its own text for.
fn text_keys(kind: Kind) -> Vec<(&'static str, Shape)> {
    let name = match kind {
        Kind::Company | Kind::Person | Kind::Product => "name",
        Kind::Term => "term",
        _ => "title",
    };
    let mut keys = vec![
        (name, Shape::Text),
        ("summary", Shape::Text),
        ("aliases", Shape::List),
    ];
    const FACTS: Shape = Shape::Items(&["label", "value"]);
    keys.extend(match kind {
        Kind::Company => vec![
            ("kind", Shape::Text),
            ("headquarters", Shape::Text),
            ("leaders", Shape::Items(&["role"])),
            ("facts", FACTS),
        ],
        Kind::Person => vec![
            ("roles", Shape::Items(&["title"])),
            ("quotes", Shape::Items(&["translation"])),
        ],
        Kind::Product => vec![("kind", Shape::Text), ("facts", FACTS)],
        Kind::Deal => vec![
            ("terms", Shape::List),
            ("facts", FACTS),
            ("amount", Shape::Table(&["label"])),
            ("cloud", Shape::Table(&["service"])),
            ("compute", Shape::Items(&["service", "obligation"])),
        ],
        // A source's title and publisher are usually kept as published; a description
        // standing in for them (an untitled document) is text to translate.
        Kind::Source => vec![
            ("kind", Shape::Text),
            ("publisher", Shape::Text),
            ("short", Shape::Text),
        ],
        Kind::Note => vec![("tags", Shape::List)],
        Kind::Home | Kind::Article | Kind::Term | Kind::Page => vec![],
    });
    keys
}

/// Applies translation `tr` (the text of its file: `text`) to the document it
/// translates (`original`, whose file's text is `original_text`): the entry as the
/// translation's language shows it. Problems are reported against the translation.
pub fn apply(
    original: &Document,
    original_text: &str,
    tr: &Translation,
    text: &str,
    diagnostics: &mut Diagnostics,
) -> Document {
    let mut doc = original.clone();
    doc.body_file = tr.file;
    doc.body_offset = tr.body_offset;
    let toml_text = &text[tr.front_offset..tr.front_end];
    let (table, syntax) = DeTable::parse_recoverable(toml_text);
    if !syntax.is_empty() {
        // Reported when the file was parsed; the body is still used.
        return doc;
    }
    let original_front = original_text
        .get(original.front_offset..original.front_end)
        .unwrap_or_default();
    let shared: toml::Table = toml::from_str(original_front).unwrap_or_default();
    let keys = text_keys(tr.kind);
    let at = |span: Range<usize>| tr.front_offset + span.start..tr.front_offset + span.end;
    let original_path = tr.original_path();
    for (key, value) in table.get_ref() {
        let key_span = at(key.span());
        let name = key.get_ref().as_ref();
        let Some(&(_, shape)) = keys.iter().find(|(k, _)| *k == name) else {
            match shared.get(name) {
                Some(theirs) if equal(value.get_ref(), theirs) => {}
                Some(_) => diagnostics.push(contradiction(
                    tr.file,
                    at(value.span()),
                    name,
                    &original_path,
                )),
                None => {
                    let help = match suggest(name, keys.iter().map(|(k, _)| *k)) {
                        Some(close) => format!(
                            "did you mean `{close}`? a translation holds the entry's text: {}",
                            key_list(&keys)
                        ),
                        None => format!(
                            "a translation holds only the entry's text ({}); facts are written once, in `{original_path}`",
                            key_list(&keys)
                        ),
                    };
                    diagnostics.push(
                        Diagnostic::new(
                            tr.file,
                            key_span,
                            format!(
                                "`{name}` is not a text key of a {} translation",
                                tr.kind.singular()
                            ),
                        )
                        .with_help(help),
                    );
                }
            }
            continue;
        };
        let theirs = shared.get(name);
        if theirs.is_some_and(|t| equal(value.get_ref(), t)) {
            // The original's value, repeated: nothing to translate.
            continue;
        }
        // A translation gives the text of what the original says; it cannot add a
        // detail the original lacks (the two editions would say different things).
        // Its name, summary and aliases are its own.
        let own = matches!(name, "name" | "title" | "term" | "summary" | "aliases");
        if theirs.is_none() && !own {
            diagnostics.push(
                Diagnostic::new(
                    tr.file,
                    key_span,
                    format!("the original has no `{name}` to translate"),
                )
                .with_help(format!(
                    "add `{name}` to `{original_path}` first: a translation gives the text of what the original says"
                )),
            );
            continue;
        }
        let mut problems = Vec::new();
        apply_key(&mut doc.front, name, shape, value, theirs, &mut problems);
        for (span, message, help) in problems {
            let span = span.map_or(key_span.clone(), at);
            let help = help.unwrap_or_else(|| format!("facts are written once, in `{original_path}`; the translation gives only their text"));
            diagnostics.push(Diagnostic::new(tr.file, span, message).with_help(help));
        }
    }
    // The original name still finds the entry: a link by its English name keeps
    // working on the translation's pages (an untranslated body is full of them).
    // A person's, a company's, a product's or a term's is shown among its other
    // names; a title (deals, notes, sources) only finds it.
    let original_name = original.front.name();
    if doc.front.name() != original_name {
        let named = matches!(
            tr.kind,
            Kind::Company | Kind::Person | Kind::Product | Kind::Term
        );
        let aliases = doc.front.aliases_mut();
        if named && !aliases.iter().any(|a| a.get_ref() == original_name) {
            aliases.insert(0, Spanned::new(0..0, original_name.to_owned()));
        } else if !named {
            doc.also_found_by.push(original_name.to_owned());
        }
    }
    doc
}

impl Translation {
    /// The file it translates: `content/companies/anthropic.md`.
    pub fn original_path(&self) -> String {
        match self.kind.folder() {
            Some(folder) => format!("content/{folder}/{}.md", self.slug),
            None => format!("content/{}.md", self.slug),
        }
    }
}

fn key_list(keys: &[(&str, Shape)]) -> String {
    keys.iter()
        .map(|(k, _)| format!("`{k}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

fn contradiction(file: FileId, span: Range<usize>, key: &str, original: &str) -> Diagnostic {
    Diagnostic::new(file, span, format!("this `{key}` contradicts the original: a translation cannot change a fact"))
        .with_help(format!(
            "`{key}` is a fact shared by every language, written once in `{original}`: remove it here, or change it there"
        ))
}

/// A problem found in one key: (span within the front matter, message, help).
type Problem = (Option<Range<usize>>, String, Option<String>);

fn apply_key(
    front: &mut Front,
    key: &str,
    shape: Shape,
    value: &Spanned<DeValue<'_>>,
    shared: Option<&toml::Value>,
    problems: &mut Vec<Problem>,
) {
    let span = Some(value.span());
    match shape {
        Shape::Text => match string(value) {
            Some(text) if text.trim().is_empty() => {
                problems.push((
                    span,
                    format!("`{key}` is empty"),
                    Some("write the text, or remove the key to keep the original's".to_owned()),
                ));
            }
            Some(text) => set_text(front, key, text),
            None => problems.push((span, format!("`{key}` must be a string"), None)),
        },
        Shape::List => {
            let DeValue::Array(items) = value.get_ref() else {
                problems.push((span, format!("`{key}` must be a list of strings"), None));
                return;
            };
            let mut list = Vec::new();
            for item in items.iter() {
                match string(item) {
                    Some(text) if key == "aliases" && text.trim().is_empty() => problems.push((
                        Some(item.span()),
                        "empty alias".to_owned(),
                        Some("remove it, or write the other name".to_owned()),
                    )),
                    Some(text) => list.push(Spanned::new(item.span(), text)),
                    None => problems.push((
                        Some(item.span()),
                        format!("`{key}` must be a list of strings"),
                        None,
                    )),
                }
            }
            set_list(front, key, list);
        }
        Shape::Items(text) => {
            let DeValue::Array(items) = value.get_ref() else {
                problems.push((
                    span,
                    format!("`{key}` must be a list of tables, one per item of the original"),
                    None,
                ));
                return;
            };
            let theirs = shared
                .and_then(toml::Value::as_array)
                .map_or(&[][..], Vec::as_slice);
            if items.len() != theirs.len() {
                problems.push((
                    span,
                    format!(
                        "`{key}` has {} item{} here but {} in the original",
                        items.len(),
                        plural(items.len()),
                        theirs.len()
                    ),
                    Some(format!(
                        "give one table per item of the original, in its order, holding only {}",
                        text.iter()
                            .map(|k| format!("`{k}`"))
                            .collect::<Vec<_>>()
                            .join(" and ")
                    )),
                ));
                return;
            }
            for (i, (item, original)) in items.iter().zip(theirs).enumerate() {
                let DeValue::Table(table) = item.get_ref() else {
                    problems.push((
                        Some(item.span()),
                        format!("item {} of `{key}` must be a table", i + 1),
                        None,
                    ));
                    continue;
                };
                for (k, v) in table.iter() {
                    let name = k.get_ref().as_ref();
                    if text.contains(&name) {
                        match string(v) {
                            Some(s) if !s.trim().is_empty() => set_item(front, key, i, name, s),
                            _ => problems.push((
                                Some(v.span()),
                                format!("`{name}` must be a non-empty string"),
                                None,
                            )),
                        }
                    } else if original.get(name).is_some_and(|o| equal(v.get_ref(), o)) {
                    } else if key == "facts" && name == "history" {
                        history_values(front, i, v, original.get(name), problems);
                    } else {
                        problems.push((
                            Some(v.span()),
                            format!("this `{name}` in item {} of `{key}` contradicts the original: a translation cannot change a fact", i + 1),
                            None,
                        ));
                    }
                }
            }
        }
        Shape::Table(text) => {
            let DeValue::Table(table) = value.get_ref() else {
                problems.push((span, format!("`{key}` must be a table"), None));
                return;
            };
            for (k, v) in table.iter() {
                let name = k.get_ref().as_ref();
                let original = shared.and_then(|s| s.get(name));
                if text.contains(&name) && original.is_some() {
                    match string(v) {
                        Some(s) if !s.trim().is_empty() => set_item(front, key, 0, name, s),
                        _ => problems.push((
                            Some(v.span()),
                            format!("`{name}` must be a non-empty string"),
                            None,
                        )),
                    }
                } else if original.is_some_and(|o| equal(v.get_ref(), o)) {
                } else {
                    problems.push((Some(v.span()), format!("this `{key}.{name}` contradicts the original: a translation cannot change a fact"), None));
                }
            }
        }
    }
}

/// A translated fact's `history`: one table per step of the original's, in order,
/// giving only the superseded `value` in the translation's language.
fn history_values(
    front: &mut Front,
    fact: usize,
    value: &Spanned<DeValue<'_>>,
    theirs: Option<&toml::Value>,
    problems: &mut Vec<Problem>,
) {
    let theirs = theirs
        .and_then(toml::Value::as_array)
        .map_or(&[][..], Vec::as_slice);
    let steps = match value.get_ref() {
        DeValue::Array(steps) if steps.len() == theirs.len() => steps,
        other => {
            let here = match other {
                DeValue::Array(steps) => steps.len(),
                _ => 0,
            };
            problems.push((
                Some(value.span()),
                format!(
                    "`history` has {here} step{} here but {} in the original",
                    plural(here),
                    theirs.len()
                ),
                Some(
                    "give, in the original's order, only each superseded `value` in this \
                     language: `history = [{ value = \"…\" }, {}]`"
                        .to_owned(),
                ),
            ));
            return;
        }
    };
    for (j, (step, original)) in steps.iter().zip(theirs).enumerate() {
        let DeValue::Table(table) = step.get_ref() else {
            problems.push((
                Some(step.span()),
                format!("step {} of `history` must be a table", j + 1),
                None,
            ));
            continue;
        };
        for (k, v) in table.iter() {
            let name = k.get_ref().as_ref();
            let theirs = original.get(name);
            if name == "value" && theirs.is_some() {
                match string(v) {
                    Some(text) if !text.trim().is_empty() => {
                        let facts = match front {
                            Front::Company(f) => &mut f.facts,
                            Front::Product(f) => &mut f.facts,
                            Front::Deal(f) => &mut f.facts,
                            _ => continue,
                        };
                        if let Some(step) = facts
                            .get_mut(fact)
                            .and_then(|f| f.history.as_mut())
                            .and_then(|h| h.get_mut().get_mut(j))
                        {
                            step.value = Some(text);
                        }
                    }
                    _ => problems.push((
                        Some(v.span()),
                        "`value` must be a non-empty string".to_owned(),
                        Some(
                            "write the superseded value in this language, or remove `value` \
                             to keep the original's"
                                .to_owned(),
                        ),
                    )),
                }
            } else if !theirs.is_some_and(|o| equal(v.get_ref(), o)) {
                problems.push((
                    Some(v.span()),
                    format!(
                        "this `{name}` in step {} of the history of fact {} contradicts the \
                         original: a translation cannot change a fact",
                        j + 1,
                        fact + 1
                    ),
                    Some(
                        "a translated step gives only its `value`, in this language; its \
                         status, date and sources are the original's"
                            .to_owned(),
                    ),
                ));
            }
        }
    }
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

fn string(value: &Spanned<DeValue<'_>>) -> Option<String> {
    match value.get_ref() {
        DeValue::String(s) => Some(s.to_string()),
        _ => None,
    }
}

/// Whether a value written in a translation is the original's, spans aside.
fn equal(mine: &DeValue<'_>, theirs: &toml::Value) -> bool {
    use toml::Value;
    match (mine, theirs) {
        (DeValue::String(a), Value::String(b)) => a.as_ref() == b.as_str(),
        (DeValue::Boolean(a), Value::Boolean(b)) => a == b,
        (DeValue::Integer(a), Value::Integer(b)) => {
            a.to_string().replace('_', "").parse::<i64>().ok() == Some(*b)
        }
        (DeValue::Float(a), Value::Float(b)) => a.to_string().parse::<f64>().ok() == Some(*b),
        (DeValue::Datetime(a), Value::Datetime(b)) => a == b,
        (DeValue::Array(a), Value::Array(b)) => {
            a.len() == b.len() && a.iter().zip(b).all(|(x, y)| equal(x.get_ref(), y))
        }
        (DeValue::Table(a), Value::Table(b)) => {
            a.len() == b.len()
                && a.iter().all(|(k, v)| {
                    b.get(k.get_ref().as_ref())
                        .is_some_and(|w| equal(v.get_ref(), w))
                })
        }
        _ => false,
    }
}

/// Puts a translated text in place of a fixed key's value; the status and sources of
/// the original stay.
fn translate(value: &mut Option<Sourced<String>>, text: String) {
    match value {
        Some(value) => value.value = text,
        None => *value = Some(Sourced::bare(text, 0..0)),
    }
}

fn set_text(front: &mut Front, key: &str, text: String) {
    match (front, key) {
        (f, "summary") => *f.summary_mut() = Some(text),
        (f, "name" | "title" | "term") => *f.name_mut() = Text::new(text),
        (Front::Company(c), "kind") => translate(&mut c.kind, text),
        (Front::Company(c), "headquarters") => translate(&mut c.headquarters, text),
        (Front::Product(p), "kind") => translate(&mut p.kind, text),
        (Front::Source(s), "kind") => s.kind = Some(text),
        (Front::Source(s), "publisher") => s.publisher = Text::new(text),
        (Front::Source(s), "short") => s.short = Some(Text::new(text)),
        _ => {}
    }
}

fn set_list(front: &mut Front, key: &str, list: Vec<Spanned<String>>) {
    match (front, key) {
        (f, "aliases") => {
            // A translation's aliases add to the original's: aliases are names the
            // entry is known by, in any language.
            let aliases = f.aliases_mut();
            for alias in list {
                if !aliases.iter().any(|a| a.get_ref() == alias.get_ref()) {
                    aliases.push(alias);
                }
            }
        }
        (Front::Deal(d), "terms") => d.terms = list.into_iter().map(Spanned::into_inner).collect(),
        (Front::Note(n), "tags") => n.tags = list.into_iter().map(Spanned::into_inner).collect(),
        _ => {}
    }
}

fn set_item(front: &mut Front, key: &str, i: usize, field: &str, text: String) {
    match (front, key, field) {
        (Front::Company(f), "facts", _) => set_fact(&mut f.facts, i, field, text),
        (Front::Product(f), "facts", _) => set_fact(&mut f.facts, i, field, text),
        (Front::Deal(f), "facts", _) => set_fact(&mut f.facts, i, field, text),
        (Front::Company(c), "leaders", "role") => {
            if let Some(leader) = c.leaders.get_mut(i) {
                leader.role = text;
            }
        }
        (Front::Person(p), "roles", "title") => {
            if let Some(role) = p.roles.get_mut(i) {
                role.title = text;
            }
        }
        (Front::Person(p), "quotes", "translation") => {
            if let Some(quote) = p.quotes.get_mut(i) {
                quote.translation = Some(text);
            }
        }
        (Front::Deal(d), "amount", "label") => {
            if let Some(amount) = &mut d.amount
                && amount.label.is_some()
            {
                amount.label = Some(text);
            }
        }
        (Front::Deal(d), "compute", _) => {
            if let Some(term) = d.compute.get_mut(i) {
                if field == "service" {
                    term.service = Some(text);
                } else {
                    term.obligation = Some(text);
                }
            }
        }
        (Front::Deal(d), "cloud", "service") => {
            if let Some(cloud) = &mut d.cloud {
                cloud.service = Some(text);
            }
        }
        _ => {}
    }
}

fn set_fact(facts: &mut [crate::model::Fact], i: usize, field: &str, text: String) {
    if let Some(fact) = facts.get_mut(i) {
        if field == "label" {
            fact.label = text;
        } else {
            fact.value = text;
        }
    }
}
