//! Integrity: the provenance rules a dossier keeps. Runs on the resolved site and only
//! reports; it derives nothing.
//!
//! - A `reported` or `rumoured` fact names its sources: the reader must be able to see
//!   who reports it. For a deal, its `status` is backed by the deal's `sources`; for a
//!   fact in `facts`, by that fact's own `sources`.
//! - (Amounts carry a currency and citations name real sources: both are checked where
//!   they are read, in `frontmatter` and `resolve`.)

use toml::Spanned;

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::model::{Fact, Front, Status};
use crate::resolve::Site;

/// Checks every entry of `site`.
pub fn check(site: &Site, diagnostics: &mut Diagnostics) {
    for entry in site.entries() {
        let doc = &entry.doc;
        let mut unsourced = |status: &Spanned<Status>, what: &str, fix: &str| {
            let s = status.get_ref();
            if matches!(s, Status::Reported | Status::Rumoured) {
                let span = status.span();
                diagnostics.push(
                    Diagnostic::new(
                        doc.file,
                        (span.start + doc.front_offset)..(span.end + doc.front_offset),
                        format!("{what} is `{}` but names no source", s.as_str()),
                    )
                    .with_help(format!(
                        "say who {} it: {fix}",
                        if *s == Status::Reported {
                            "reports"
                        } else {
                            "spreads"
                        }
                    )),
                );
            }
        };
        let facts: &[Fact] = match &doc.front {
            Front::Deal(deal) => {
                if let Some(status) = &deal.status
                    && deal.common().sources.is_empty()
                {
                    unsourced(
                        status,
                        "this deal",
                        "add `sources = [\"source-slug\"]` to the deal",
                    );
                }
                &deal.facts
            }
            Front::Company(c) => &c.facts,
            Front::Product(p) => &p.facts,
            _ => &[],
        };
        for fact in facts {
            if let Some(status) = &fact.status
                && fact.sources.is_empty()
            {
                unsourced(
                    status,
                    &format!("the fact `{}`", fact.label),
                    "add `sources = [\"source-slug\"]` to this fact",
                );
            }
        }
    }
}
