//! Strict TOML deserialization that reports every problem of a text (a front matter,
//! site.toml), each as a diagnostic with its span and, where one is close, the right
//! name. Below everything that reads TOML; it knows diagnostics only.

use std::ops::Range;

use toml::Spanned;
use toml::de::{DeArray, DeTable, DeValue};

use crate::diagnostics::{Diagnostic, FileId, suggest};

/// Separates, in a value's error, the problem from how to fix it (shown as `help:`):
/// a value type's `Deserialize` may write `"problem\nhelp: fix"`.
pub const HELP: &str = "\nhelp: ";

/// Deserializes TOML text into `T`. On failure, every problem of the text is
/// reported, not just the first (see `all_problems`). Spans are shifted by `offset`
/// (where the TOML starts in the file).
pub fn from_toml<T: serde::de::DeserializeOwned>(
    text: &str,
    file: FileId,
    offset: usize,
    whole_file: &str,
) -> Result<T, Vec<Diagnostic>> {
    // The fast path: almost every file is valid.
    match toml::from_str(text) {
        Ok(value) => Ok(value),
        Err(_) => {
            let (errors, syntax) = all_problems::<T>(text);
            Err(errors
                .iter()
                .map(|err| toml_diagnostic(err, syntax, file, offset, whole_file))
                .collect())
        }
    }
}

/// Every problem that deserializing `text` into `T` runs into. serde stops at the first
/// error, so after each one the offending key is removed from the parsed table and the
/// rest is deserialized again, until it succeeds or the error cannot be located.
/// The flag is true when the problems are TOML syntax errors.
fn all_problems<T: serde::de::DeserializeOwned>(text: &str) -> (Vec<toml::de::Error>, bool) {
    let (mut table, syntax) = DeTable::parse_recoverable(text);
    if !syntax.is_empty() {
        return (syntax, true);
    }
    let top = table.span();
    let mut errors: Vec<toml::de::Error> = Vec::new();
    // Keys taken out of a table (by the table's span): such a key is not then reported
    // missing from that same table. A misspelt key counts as its right name, which the
    // unknown-key help already gives.
    let mut removed: Vec<(Range<usize>, String)> = Vec::new();
    // Each round removes one entry, so this ends; the bound is a guard, not a limit.
    for _ in 0..256 {
        let Err(err) = T::deserialize(toml::de::Deserializer::from(table.clone())) else {
            break;
        };
        let span = err.span();
        let missing = missing_field(err.message());
        let already = missing.is_some_and(|name| {
            removed
                .iter()
                .any(|(table, key)| key == name && span.as_ref() == Some(table))
        });
        if !already {
            errors.push(err.clone());
        }
        let Some((table_span, key)) = span.and_then(|s| remove_at(table.get_mut(), &top, s.start))
        else {
            break;
        };
        if let Some(right) =
            unknown_name(err.message()).and_then(|(given, expected)| suggest(given, expected))
        {
            removed.push((table_span.clone(), right.to_owned()));
        }
        removed.push((table_span, key));
    }
    if errors.is_empty() {
        // Unreachable in practice (the fast path failed); keep the original error.
        if let Err(err) = toml::from_str::<T>(text) {
            errors.push(err);
        }
    }
    (errors, false)
}

/// Removes the entry that byte offset `at` points into from `table` (whose span is
/// `span`), at any depth. Returns the span of the table it was removed from and its key.
fn remove_at(
    table: &mut DeTable<'_>,
    span: &Range<usize>,
    at: usize,
) -> Option<(Range<usize>, String)> {
    let mut hit: Option<Spanned<toml::de::DeString<'_>>> = None;
    for (key, value) in table.iter_mut() {
        let value_span = value.span();
        let in_value = value_span.contains(&at);
        if !(key.span().contains(&at) || in_value) {
            continue;
        }
        if in_value && let Some(inner) = remove_in_value(value.get_mut(), &value_span, at) {
            return Some(inner);
        }
        hit = Some(key.clone());
        break;
    }
    let key = hit?;
    table.remove(&key);
    Some((span.clone(), key.into_inner().into_owned()))
}

fn remove_in_value(
    value: &mut DeValue<'_>,
    span: &Range<usize>,
    at: usize,
) -> Option<(Range<usize>, String)> {
    match value {
        DeValue::Table(table) => remove_at(table, span, at),
        DeValue::Array(items) => {
            let i = items.iter().position(|v| v.span().contains(&at))?;
            let slice: &mut [Spanned<DeValue<'_>>] = items;
            let item_span = slice[i].span();
            if let Some(inner) = remove_in_value(slice[i].get_mut(), &item_span, at) {
                return Some(inner);
            }
            let kept: DeArray<'_> = std::mem::replace(items, std::iter::empty().collect())
                .into_iter()
                .enumerate()
                .filter(|(j, _)| *j != i)
                .map(|(_, v)| v)
                .collect();
            *items = kept;
            Some((span.clone(), format!("[{i}]")))
        }
        _ => None,
    }
}

/// `missing field `x`` → `x`.
fn missing_field(message: &str) -> Option<&str> {
    message.strip_prefix("missing field `")?.split('`').next()
}

/// `unknown field `x`, expected one of `a`, `b`` (or `unknown variant …`) → the name
/// given and the names expected.
fn unknown_name(message: &str) -> Option<(&str, Vec<&str>)> {
    if !(message.starts_with("unknown field") || message.starts_with("unknown variant")) {
        return None;
    }
    let mut quoted = message.split('`').skip(1).step_by(2);
    Some((quoted.next()?, quoted.collect()))
}

fn toml_diagnostic(
    err: &toml::de::Error,
    syntax: bool,
    file: FileId,
    offset: usize,
    whole: &str,
) -> Diagnostic {
    let message = err.message().trim().to_owned();
    let span = err.span().unwrap_or(0..0);
    let mut span = (span.start + offset)..(span.end + offset);
    // Errors about a whole table (a missing key) span many lines: point at the first.
    if let Some(newline) = whole.get(span.clone()).and_then(|s| s.find('\n')) {
        span.end = span.start + newline;
    }
    // A value type's own error may carry its fix (after `HELP`).
    let (message, own_help) = match message.split_once(HELP) {
        Some((message, help)) => (message.to_owned(), Some(help.to_owned())),
        None => (message, None),
    };
    let help = if syntax {
        Some(SYNTAX_HELP.to_owned())
    } else {
        own_help.or_else(|| help_for(&message))
    };
    // The list of valid names goes into the help, not the headline.
    let message = match message.split_once(", expected") {
        Some((head, _)) if message.starts_with("unknown ") => head.to_owned(),
        _ => message,
    };
    let message = first_sentence_lowercase(&message);
    let diagnostic = Diagnostic::new(file, span, message);
    match help {
        Some(help) => diagnostic.with_help(help),
        None => diagnostic,
    }
}

fn first_sentence_lowercase(message: &str) -> String {
    let mut chars = message.chars();
    match chars.next() {
        Some(c) if !message.starts_with("TOML") => c.to_lowercase().chain(chars).collect(),
        _ => message.to_owned(),
    }
}

/// What every TOML syntax error is told: the shapes front matter is written in.
const SYNTAX_HELP: &str = "write one `key = value` per line, with text in double quotes \
     (`name = \"Acme\"`), lists in brackets (`aliases = [\"A\", \"B\"]`) and dates bare \
     (`announced = 2023-01-23`)";

/// A fix for the common serde/toml messages: unknown keys and variants get the
/// closest valid name, missing keys say what to add.
fn help_for(message: &str) -> Option<String> {
    if let Some((given, expected)) = unknown_name(message) {
        let what = if message.starts_with("unknown field") {
            "key"
        } else {
            "value"
        };
        // Keys that an earlier version read, and what says the same now.
        if given == "paraphrase" && expected.contains(&"form") {
            return Some(
                "a quote says how its words relate to what was said with `form`: write \
                 `form = \"paraphrase\"` (or `\"verbatim\"`, or `\"account\"` for the \
                 source's sentence about the speaker)"
                    .to_owned(),
            );
        }
        return Some(match suggest(given, expected.iter().copied()) {
            Some(best) => format!("did you mean `{best}`?"),
            None if expected.is_empty() => format!("remove the {what} `{given}`"),
            None => format!("valid {what}s here: {}", expected.join(", ")),
        });
    }
    if let Some(name) = missing_field(message) {
        return Some(format!("add the required key `{name} = …`"));
    }
    let expected = message
        .strip_prefix("invalid type: ")
        .and_then(|rest| rest.split_once(", expected "))
        .map(|(_, expected)| expected.trim());
    match expected {
        Some("a string") => Some("put the text in double quotes: `key = \"…\"`".to_owned()),
        Some("a sequence") => Some("write a list in brackets: `key = [\"…\", \"…\"]`".to_owned()),
        Some("a boolean") => Some("write `true` or `false`, without quotes".to_owned()),
        Some(expected) => Some(format!(
            "write {expected} here (docs/content.md lists every key)"
        )),
        None => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_key_help_suggests_the_closest_key() {
        assert_eq!(
            help_for("unknown field `nmae`, expected one of `name`, `kind`").as_deref(),
            Some("did you mean `name`?")
        );
    }
}
