//! Heading ids: unique on their page, and never one the templates use.

use std::collections::BTreeSet;

use crate::frontmatter::slugify;

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
    used: BTreeSet<String>,
    prefix: String,
}

impl HeadingIds {
    /// `prefix` goes before every id, so several bodies can share one page.
    pub fn new(prefix: &str) -> Self {
        HeadingIds {
            used: BTreeSet::new(),
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
        let mut id = base.clone();
        let mut n = 1;
        while self.used.contains(&id) {
            id = format!("{base}-{n}");
            n += 1;
        }
        self.used.insert(id.clone());
        (id, problem)
    }
}

fn is_reserved(id: &str) -> bool {
    RESERVED_IDS.contains(&id) || RESERVED_PREFIXES.iter().any(|p| id.starts_with(p))
}
