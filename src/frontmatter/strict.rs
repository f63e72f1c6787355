//! Strict TOML deserialization that reports every problem of a front matter, each as
//! a diagnostic with its span and, where one is close, the right name.

use toml::Spanned;
use toml::de::{DeArray, DeTable, DeValue};

use crate::diagnostics::{Diagnostic, FileId, suggest};

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
        Err(_) => Err(all_problems::<T>(text)
            .iter()
            .map(|err| toml_diagnostic(err, file, offset, whole_file))
            .collect()),
    }
}

/// Every problem that deserializing `text` into `T` runs into. serde stops at the first
/// error, so after each one the offending key is removed from the parsed table and the
/// rest is deserialized again, until it succeeds or the error cannot be located.
fn all_problems<T: serde::de::DeserializeOwned>(text: &str) -> Vec<toml::de::Error> {
    let (mut table, syntax) = DeTable::parse_recoverable(text);
    if !syntax.is_empty() {
        return syntax;
    }
    let mut errors: Vec<toml::de::Error> = Vec::new();
    let mut removed: Vec<String> = Vec::new();
    // Each round removes one key, so this ends; the bound is a guard, not a limit.
    for _ in 0..256 {
        let Err(err) = T::deserialize(toml::de::Deserializer::from(table.clone())) else {
            break;
        };
        let missing = err
            .message()
            .strip_prefix("missing field `")
            .and_then(|m| m.split('`').next());
        // A key removed for having a wrong value is not missing a second time.
        if !missing.is_some_and(|name| removed.iter().any(|r| r == name)) {
            errors.push(err.clone());
        }
        // A misspelt key is not also missing under its right name: the help of the
        // unknown key already says which it is.
        if err.message().starts_with("unknown field")
            && let Some(help) = help_for(err.message())
            && let Some(right) = help
                .strip_prefix("did you mean `")
                .and_then(|h| h.strip_suffix("`?"))
        {
            removed.push(right.to_owned());
        }
        match err
            .span()
            .and_then(|span| remove_at(table.get_mut(), span.start))
        {
            Some(name) => removed.push(name),
            None => break,
        }
    }
    if errors.is_empty() {
        // Unreachable in practice (the fast path failed); keep the original error.
        if let Err(err) = toml::from_str::<T>(text) {
            errors.push(err);
        }
    }
    errors
}

/// Removes the entry of `table` (at any depth) that byte offset `at` points into, and
/// returns its key.
fn remove_at(table: &mut DeTable<'_>, at: usize) -> Option<String> {
    let mut hit: Option<Spanned<toml::de::DeString<'_>>> = None;
    for (key, value) in table.iter_mut() {
        let in_value = value.span().contains(&at);
        if !(key.span().contains(&at) || in_value) {
            continue;
        }
        if in_value && let Some(inner) = remove_in_value(value.get_mut(), at) {
            return Some(inner);
        }
        hit = Some(key.clone());
        break;
    }
    let key = hit?;
    table.remove(&key);
    Some(key.into_inner().into_owned())
}

fn remove_in_value(value: &mut DeValue<'_>, at: usize) -> Option<String> {
    match value {
        DeValue::Table(table) => remove_at(table, at),
        DeValue::Array(items) => {
            let i = items.iter().position(|v| v.span().contains(&at))?;
            let slice: &mut [Spanned<DeValue<'_>>] = items;
            if let Some(inner) = remove_in_value(slice[i].get_mut(), at) {
                return Some(inner);
            }
            let kept: DeArray<'_> = std::mem::replace(items, std::iter::empty().collect())
                .into_iter()
                .enumerate()
                .filter(|(j, _)| *j != i)
                .map(|(_, v)| v)
                .collect();
            *items = kept;
            Some(format!("[{i}]"))
        }
        _ => None,
    }
}

fn toml_diagnostic(err: &toml::de::Error, file: FileId, offset: usize, whole: &str) -> Diagnostic {
    let message = err.message().trim().to_owned();
    let span = err.span().unwrap_or(0..0);
    let mut span = (span.start + offset)..(span.end + offset);
    // Errors about a whole table (a missing key) span many lines: point at the first.
    if let Some(newline) = whole.get(span.clone()).and_then(|s| s.find('\n')) {
        span.end = span.start + newline;
    }
    let help = help_for(&message);
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

/// A fix for the common serde/toml messages: unknown keys and variants get the
/// closest valid name, missing keys say what to add.
fn help_for(message: &str) -> Option<String> {
    let quoted: Vec<&str> = message.split('`').skip(1).step_by(2).collect();
    if message.starts_with("unknown field") || message.starts_with("unknown variant") {
        let (given, expected) = quoted.split_first()?;
        let what = if message.starts_with("unknown field") {
            "key"
        } else {
            "value"
        };
        return Some(match suggest(given, expected.iter().copied()) {
            Some(best) => format!("did you mean `{best}`?"),
            None if expected.is_empty() => format!("remove the {what} `{given}`"),
            None => format!("valid {what}s here: {}", expected.join(", ")),
        });
    }
    if message.starts_with("missing field") {
        return Some(format!("add the required key `{} = …`", quoted.first()?));
    }
    None
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
