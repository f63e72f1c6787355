//! Citation syntax: `[@source]`, `[@source, locator]`, `[@a; @b]`, and the words relied
//! on as a last part in quotes: `[@source, "words"]`, `[@source, p. 3, “words”]`,
//! `[@source, « mots »]`.

/// The destination prefix that marks a citation.
pub(super) const CITE: &str = "cite:";

/// One source cited: `@slug`, `@slug, locator`, `@slug, "quote"` or
/// `@slug, locator, "quote"`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CiteKey {
    pub source: String,
    /// Where in the source: "p. 3", "§2".
    pub locator: Option<String>,
    /// The exact words relied on, without their quotation marks (`Some("")` for `""`,
    /// which `scan` reports).
    pub quote: Option<String>,
}

/// The quotation marks a quote may be written in: straight, English curly, French.
const QUOTES: [(char, char); 3] = [('"', '"'), ('“', '”'), ('«', '»')];

/// The sources of a citation `[@a]`, `[@a, p. 3]`, `[@a; @b, ch. 2]` or
/// `[@a, p. 3, "words"]`; `None` when the brackets are not a citation.
pub fn citation_keys(reference: &str) -> Option<Vec<CiteKey>> {
    parts(reference)
        .into_iter()
        .map(|part| {
            let part = part.trim().strip_prefix('@')?;
            let (source, rest) = match part.split_once(',') {
                Some((s, rest)) => (s.trim(), Some(rest)),
                None => (part.trim(), None),
            };
            let (locator, quote) = match rest {
                Some(rest) => match split_quote(rest) {
                    Some((locator, quote)) => (locator, Some(quote)),
                    None => (rest.trim(), None),
                },
                None => ("", None),
            };
            let valid = !source.is_empty()
                && source
                    .chars()
                    .all(|c| c.is_alphanumeric() || c == '-' || c == '_' || c == '.');
            valid.then(|| CiteKey {
                source: source.to_owned(),
                locator: Some(locator).filter(|l| !l.is_empty()).map(str::to_owned),
                quote: quote.map(str::to_owned),
            })
        })
        .collect()
}

/// The parts of a citation, split at each `;` that is not inside a quote. A quote
/// opens only where a part of the citation starts (after a comma), so a stray `"`
/// in a locator changes nothing.
fn parts(reference: &str) -> Vec<&str> {
    let mut parts = Vec::new();
    let mut start = 0;
    let mut closing: Option<char> = None;
    // Whether only spaces came since the last comma.
    let mut after_comma = false;
    for (i, c) in reference.char_indices() {
        if let Some(close) = closing {
            if c == close {
                closing = None;
            }
            continue;
        }
        match c {
            ';' => {
                parts.push(&reference[start..i]);
                start = i + 1;
                after_comma = false;
            }
            ',' => after_comma = true,
            c if c.is_whitespace() => {}
            c => {
                if after_comma && let Some(&(_, close)) = QUOTES.iter().find(|(o, _)| *o == c) {
                    closing = Some(close);
                }
                after_comma = false;
            }
        }
    }
    parts.push(&reference[start..]);
    parts
}

/// `rest` (what follows the slug's comma) as a locator and a quote, when its last
/// comma-separated part is in quotation marks: `p. 3, "words"` → (`p. 3`, `words`).
fn split_quote(rest: &str) -> Option<(&str, &str)> {
    let trimmed = rest.trim_end();
    let last = trimmed.chars().next_back()?;
    let &(open, _) = QUOTES.iter().find(|(_, c)| *c == last)?;
    let body = &trimmed[..trimmed.len() - last.len_utf8()];
    // The first opening mark that starts a part: the quote may hold commas and marks.
    let at = body.char_indices().find_map(|(i, c)| {
        let before = body[..i].trim_end();
        (c == open && (before.is_empty() || before.ends_with(','))).then_some(i)
    })?;
    let locator = body[..at].trim_end();
    let locator = locator.strip_suffix(',').unwrap_or(locator).trim();
    Some((locator, body[at + open.len_utf8()..].trim()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(source: &str, locator: Option<&str>, quote: Option<&str>) -> CiteKey {
        CiteKey {
            source: source.into(),
            locator: locator.map(Into::into),
            quote: quote.map(Into::into),
        }
    }

    #[test]
    fn citations_are_parsed_with_locators() {
        assert_eq!(
            citation_keys("@ft, p. 3; @cnbc"),
            Some(vec![key("ft", Some("p. 3"), None), key("cnbc", None, None)])
        );
        assert_eq!(citation_keys("not a citation"), None);
        assert_eq!(citation_keys("@ft; plain"), None);
        assert_eq!(citation_keys("@"), None);
        // A locator with a comma and no quotes stays a locator.
        assert_eq!(
            citation_keys("@ft, ch. 2, p. 3"),
            Some(vec![key("ft", Some("ch. 2, p. 3"), None)])
        );
        // A mark inside a locator is no quote.
        assert_eq!(
            citation_keys("@ft, the 5\" screen; @b"),
            Some(vec![
                key("ft", Some("the 5\" screen"), None),
                key("b", None, None)
            ])
        );
    }

    #[test]
    fn a_last_part_in_quotes_is_the_words_relied_on() {
        assert_eq!(
            citation_keys(r#"@cnbc, "reputational risk""#),
            Some(vec![key("cnbc", None, Some("reputational risk"))])
        );
        assert_eq!(
            citation_keys(r#"@cnbc, para. 4, "reputational risk""#),
            Some(vec![key(
                "cnbc",
                Some("para. 4"),
                Some("reputational risk")
            )])
        );
        assert_eq!(
            citation_keys("@cnbc, “reputational risk”; @ft, p. 2"),
            Some(vec![
                key("cnbc", None, Some("reputational risk")),
                key("ft", Some("p. 2"), None)
            ])
        );
        assert_eq!(
            citation_keys("@lemonde, p. 2, « une mise ; en garde »"),
            Some(vec![key(
                "lemonde",
                Some("p. 2"),
                Some("une mise ; en garde")
            )])
        );
        // Commas, semicolons and marks of another kind inside the quote are its own.
        assert_eq!(
            citation_keys(r#"@a, "one, “two”; three"; @b"#),
            Some(vec![
                key("a", None, Some("one, “two”; three")),
                key("b", None, None)
            ])
        );
        assert_eq!(
            citation_keys(r#"@a, """#),
            Some(vec![key("a", None, Some(""))])
        );
        // Quotes that are not a part of their own belong to the locator.
        assert_eq!(
            citation_keys(r#"@a, s. "Risks""#),
            Some(vec![key("a", Some("s. \"Risks\""), None)])
        );
    }
}
