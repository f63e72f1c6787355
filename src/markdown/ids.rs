//! Heading ids: unique on their page, and never one the templates use.

use std::collections::{HashMap, HashSet};

use crate::model::slugify;

/// Ids the templates give elements around a body. A heading never takes one.
pub const RESERVED_IDS: &[&str] = &[
    "main",
    "infobox",
    "infobox-title",
    "quotes",
    "quotes-title",
    "related-deals",
    "related-deals-title",
    "mentioned-in",
    "mentioned-in-title",
    "source-data",
    "figures-title",
    "glance-title",
    "ways-in-title",
    "home-deals",
    "deal-table",
    "references",
    "references-title",
    "endnotes",
    "relationships",
    "relationships-title",
    "graph-all",
    "graph-all-title",
    "graph-all-caption",
    "timeline",
    "preview-card",
    "site-search-input",
    "search-popup",
    "search-page-input",
    "search-status",
    "search-results",
    "home-deals-caption",
    "deal-table-caption",
];

/// Id prefixes the templates and notes use (`fn-1`, `term-rlhf`…). A heading id never
/// starts with one.
pub const RESERVED_PREFIXES: &[&str] = &[
    "fn-",
    "fnref-",
    "cite-",
    "ref-",
    "term-",
    "letter-",
    "deals-of-",
];

/// Gives headings unique ids: their own (`## Title {#id}`) or one made from their text.
#[derive(Debug)]
pub struct HeadingIds {
    used: HashSet<String>,
    /// For each base id, how many of its candidates (`base`, `base-1`, `base-2`…) are
    /// known to be taken: ids are never given back, so the next heading with the same
    /// base starts there instead of trying them all again (10,000 headings `## a` were
    /// 50 million tries).
    tried: HashMap<String, usize>,
    prefix: String,
}

impl HeadingIds {
    /// `prefix` goes before every id, so several bodies can share one page.
    pub fn new(prefix: &str) -> Self {
        HeadingIds {
            used: HashSet::new(),
            tried: HashMap::new(),
            prefix: prefix.to_owned(),
        }
    }

    /// The id of a heading with text `text` and, if written, its own id. A custom id
    /// that cannot be used (reserved, or taken by an earlier heading) gets a free one,
    /// and the problem is returned for `resolve` to report.
    pub fn assign(&mut self, custom: Option<&str>, text: &str) -> (String, Option<String>) {
        let mut problem = None;
        let base = match custom {
            Some(id) if is_reserved(id) => {
                problem = Some(format!("heading id `{id}` is used by the page template"));
                slugify(text)
            }
            Some(id) if self.used.contains(&format!("{}{id}", self.prefix)) => {
                problem = Some(format!("heading id `{id}` is already used on this page"));
                id.to_owned()
            }
            Some(id) => id.to_owned(),
            None => slugify(text),
        };
        let mut base = if base.is_empty() {
            "section".to_owned()
        } else {
            base
        };
        if is_reserved(&base) {
            base.push_str("-1");
        }
        let base = format!("{}{base}", self.prefix);
        // The first free of `base`, `base-1`, `base-2`…, from the first not known taken.
        let candidate = |n: usize| match n {
            0 => base.clone(),
            n => format!("{base}-{n}"),
        };
        let mut n = self.tried.get(&base).copied().unwrap_or(0);
        let mut id = candidate(n);
        while self.used.contains(&id) {
            n += 1;
            id = candidate(n);
        }
        self.used.insert(id.clone());
        self.tried.insert(base, n + 1);
        (id, problem)
    }
}

fn is_reserved(id: &str) -> bool {
    RESERVED_IDS.contains(&id) || RESERVED_PREFIXES.iter().any(|p| id.starts_with(p))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ids(headings: &[(Option<&str>, &str)]) -> Vec<String> {
        let mut ids = HeadingIds::new("");
        headings
            .iter()
            .map(|(custom, text)| ids.assign(*custom, text).0)
            .collect()
    }

    #[test]
    fn repeated_headings_count_up_and_skip_ids_already_taken() {
        let got = ids(&[
            (None, "a"),
            (None, "a 1"),
            (None, "a"),
            (Some("a-3"), "x"),
            (None, "a"),
            (None, "a"),
            (None, "a 1"),
            (None, "Main"),
            (None, "main 1"),
            (None, "Main"),
            (None, ""),
            (None, ""),
        ]);
        assert_eq!(
            got,
            [
                "a",
                "a-1",
                "a-2",
                "a-3",
                "a-4",
                "a-5",
                "a-1-1",
                "main-1",
                "main-1-1",
                "main-1-2",
                "section",
                "section-1"
            ]
        );
    }

    /// The same ids as trying every candidate from `base` each time, as dossier did.
    #[test]
    fn the_same_ids_as_trying_every_candidate() {
        let words = ["a", "a 1", "a-2", "b", "a 1 1", "main", "fn 1", ""];
        let customs = [None, None, None, Some("a-1"), Some("b"), Some("main")];
        let mut ids = HeadingIds::new("");
        let mut used = std::collections::BTreeSet::new();
        for i in 0..400usize {
            let text = words[(i * 7 + i / 3) % words.len()];
            let custom = customs[(i * 5 + i / 7) % customs.len()];
            let (id, _) = ids.assign(custom, text);
            // The old way: every candidate from the base.
            let base = match custom {
                Some(c) if !is_reserved(c) => c.to_owned(),
                _ => slugify(text),
            };
            let mut base = if base.is_empty() {
                "section".to_owned()
            } else {
                base
            };
            if is_reserved(&base) {
                base.push_str("-1");
            }
            let mut expected = base.clone();
            let mut n = 1;
            while used.contains(&expected) {
                expected = format!("{base}-{n}");
                n += 1;
            }
            used.insert(expected.clone());
            assert_eq!(id, expected, "heading {i}");
        }
    }

    #[test]
    fn ten_thousand_identical_headings_are_numbered_in_order() {
        let mut ids = HeadingIds::new("p-");
        let last = (0..10_000).map(|_| ids.assign(None, "a").0).last();
        assert_eq!(last.as_deref(), Some("p-a-9999"));
        assert_eq!(ids.assign(Some("a-5"), "b").0, "p-a-5-1");
    }
}
