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
        // A problem of a whole table after one of its keys was taken out is that
        // removal's echo ("this gives no figure" once a bad `value` is gone), except a
        // missing key that was never there.
        let already = match missing {
            Some(name) => removed
                .iter()
                .any(|(table, key)| key == name && span.as_ref() == Some(table)),
            None => removed
                .iter()
                .any(|(table, _)| span.as_ref() == Some(table)),
        };
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
    // Curly quotes, from a word processor, are the commonest syntax error that the
    // parser cannot name.
    let found = whole.get(span.clone()).unwrap_or_default();
    // Only a value that opens with one: a ’ inside ordinary text ("L’investissement")
    // is text, whatever else is wrong there.
    if syntax
        && let Some(curly) = found
            .trim_start()
            .chars()
            .next()
            .filter(|c| CURLY_QUOTES.contains(c))
    {
        let fixed: String = found
            .chars()
            .map(|c| if CURLY_QUOTES.contains(&c) { '"' } else { c })
            .collect();
        return Diagnostic::new(
            file,
            span,
            format!("`{curly}` is a curly quotation mark, which TOML does not read as a quote"),
        )
        .with_help(format!(
            "write straight double quotes: `{fixed}` (a word processor may have curled them)"
        ));
    }
    // `languages = ["en", "fr"]` and then `[languages.fr.strings]`: one key, two shapes.
    if syntax && message.starts_with("cannot extend value of type") {
        let key = found.trim();
        let help = if key == "languages" {
            "write the languages one way: either the list `languages = [\"en\", \"fr\"]`, or \
             a table per language besides the default (`[languages.fr]`, with its optional \
             `title`, `description` and `[languages.fr.strings]`), not both (docs/languages.md)"
                .to_owned()
        } else {
            format!(
                "write `{key}` one way: either the value given above, or tables `[{key}.…]`, not both"
            )
        };
        return Diagnostic::new(
            file,
            span,
            format!("`{key}` is already set above, so it cannot also be a table here"),
        )
        .with_help(help);
    }
    if syntax && let Some(detail) = message.strip_prefix("invalid date") {
        let detail = detail
            .trim_start_matches([',', ' '])
            .replace("expected day between", "the day must be between")
            .replace("expected month between", "the month must be between")
            .replace("expected ", "");
        let detail = if detail.is_empty() {
            String::new()
        } else {
            format!(" ({detail})")
        };
        return Diagnostic::new(file, span, format!("this is not a real date{detail}")).with_help(
            "write a date that exists as YYYY-MM-DD (`2024-02-29`), or only the month \
                 (`\"2024-02\"`) or the year when the day is not known",
        );
    }
    let help = if syntax {
        Some(SYNTAX_HELP.to_owned())
    } else {
        own_help.or_else(|| help_for(&message))
    };
    // serde's "invalid type: string \"five\", expected f64" in plain words.
    let message = plain_type_error(&message).unwrap_or(message);
    // The parser's own vocabulary adds nothing to a syntax error's help.
    let message = message.replace(", expected literal string", "");
    let message = match message.as_str() {
        "invalid basic string, expected `\"`" => {
            "this text in double quotes is not closed: a `\"` is missing".to_owned()
        }
        "invalid boolean, expected `true`" | "invalid boolean, expected `false`" => {
            "this is not `true` or `false`".to_owned()
        }
        _ => message,
    };
    // serde's words for a wrong or missing key, as a writer says them; the list of
    // valid names goes into the help, not the headline.
    let message = if let Some((given, _)) = unknown_name(&message) {
        if message.starts_with("unknown field") {
            format!("`{given}` is not a key here")
        } else {
            format!("`{given}` is not one of the values this key takes")
        }
    } else if let Some(name) = missing_field(&message) {
        format!("the required key `{name}` is missing")
    } else {
        message
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

/// Quotation marks that look like TOML's `"` and `'` but are not.
const CURLY_QUOTES: [char; 6] = ['“', '”', '‘', '’', '«', '»'];

/// Whether serde's type name `name` is an integer type.
fn is_whole_number_type(name: &str) -> bool {
    matches!(
        name,
        "u64" | "u32" | "u16" | "u8" | "usize" | "i64" | "i32" | "isize"
    )
}

/// serde's type names, as a writer says them.
fn plain_type(name: &str) -> String {
    let name = name.trim();
    match name {
        "f64" | "f32" => "a number".to_owned(),
        _ if is_whole_number_type(name) => "a whole number".to_owned(),
        "a string" | "a borrowed string" => "text in double quotes".to_owned(),
        "a sequence" => "a list in brackets".to_owned(),
        "a boolean" => "`true` or `false`".to_owned(),
        "a map" => "a table in braces".to_owned(),
        _ if name.starts_with("struct ") => "a table in braces".to_owned(),
        _ if name.starts_with("string ") => format!("the text {}", &name["string ".len()..]),
        _ if name.starts_with("floating point ") => "a number with decimals".to_owned(),
        _ if name.starts_with("integer ") => {
            format!(
                "the whole number {}",
                name["integer ".len()..].trim_matches('`')
            )
        }
        _ if name.starts_with("boolean ") => {
            format!("`{}`", name["boolean ".len()..].trim_matches('`'))
        }
        "sequence" => "a list".to_owned(),
        "map" => "a table".to_owned(),
        _ => name.to_owned(),
    }
}

/// "invalid type: string \"five\", expected f64" → "this is the text \"five\", but a
/// number belongs here".
fn plain_type_error(message: &str) -> Option<String> {
    let (found, expected) = message
        .strip_prefix("invalid type: ")?
        .split_once(", expected ")?;
    Some(format!(
        "this is {}, but {} belongs here",
        plain_type(found),
        plain_type(expected)
    ))
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
    let (found, expected) = message
        .strip_prefix("invalid type: ")
        .and_then(|rest| rest.split_once(", expected "))
        .map(|(found, expected)| (found.trim(), expected.trim()))?;
    let whole_number = is_whole_number_type(expected);
    Some(match expected {
        "a string" => "put the text in double quotes: `key = \"…\"`".to_owned(),
        "a sequence" => "write a list in brackets: `key = [\"…\", \"…\"]`".to_owned(),
        "a boolean" => "write `true` or `false`, without quotes".to_owned(),
        _ if whole_number && found.starts_with("floating point") => {
            // 24.3e9: the figure in full, as a whole number.
            let written = found
                .trim_start_matches("floating point")
                .trim()
                .trim_matches('`');
            match written.parse::<f64>() {
                Ok(v) if v.fract() == 0.0 && (0.0..1e19).contains(&v) => format!(
                    "write the figure in full, as a whole number: `{}`",
                    grouped(v as u64)
                ),
                _ => "write a whole number, without decimals".to_owned(),
            }
        }
        _ if expected.starts_with("a date") && found.starts_with("integer ") => {
            // `made = 2023`: a year alone is written as text.
            let year = found["integer ".len()..].trim_matches('`');
            format!("write a year alone in double quotes: `\"{year}\"`")
        }
        _ if found.starts_with("string ") && (whole_number || expected == "f64") => {
            "write the number without quotes: `value = 5`".to_owned()
        }
        _ => format!(
            "write {} here (docs/content.md lists every key)",
            plain_type(expected)
        ),
    })
}

/// 24300000000 → "24_300_000_000", as TOML lets a number be written.
fn grouped(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push('_');
        }
        out.push(c);
    }
    out
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
