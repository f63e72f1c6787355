//! Citation syntax: `[@source]`, `[@source, locator]`, `[@a; @b]`.

/// The destination prefix that marks a citation.
pub(super) const CITE: &str = "cite:";

/// One source cited: `@slug` or `@slug, locator`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CiteKey {
    pub source: String,
    /// Where in the source: "p. 3", "§2".
    pub locator: Option<String>,
}

/// The sources of a citation `[@a]`, `[@a, p. 3]` or `[@a; @b, ch. 2]`; `None` when the
/// brackets are not a citation.
pub fn citation_keys(reference: &str) -> Option<Vec<CiteKey>> {
    reference
        .split(';')
        .map(|part| {
            let part = part.trim().strip_prefix('@')?;
            let (source, locator) = match part.split_once(',') {
                Some((s, l)) => (s.trim(), Some(l.trim()).filter(|l| !l.is_empty())),
                None => (part.trim(), None),
            };
            let valid = !source.is_empty()
                && source
                    .chars()
                    .all(|c| c.is_alphanumeric() || c == '-' || c == '_' || c == '.');
            valid.then(|| CiteKey {
                source: source.to_owned(),
                locator: locator.map(str::to_owned),
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn citations_are_parsed_with_locators() {
        assert_eq!(
            citation_keys("@ft, p. 3; @cnbc"),
            Some(vec![
                CiteKey {
                    source: "ft".into(),
                    locator: Some("p. 3".into())
                },
                CiteKey {
                    source: "cnbc".into(),
                    locator: None
                },
            ])
        );
        assert_eq!(citation_keys("not a citation"), None);
        assert_eq!(citation_keys("@ft; plain"), None);
        assert_eq!(citation_keys("@"), None);
    }
}
