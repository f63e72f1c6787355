//! What the model derives from the resolved entries, once, while resolve makes a
//! [`Site`](super::Site): the deals with their parties, the relations
//! between entries that the graphs draw, the quotes with their speakers and sources,
//! and the dated events of the timeline.
//!
//! All of it is typed data (entry ids, dates, amounts, statuses), never text for a
//! page: render writes it in each edition's language, with links relative to the page.
//! Nothing here reports a problem: a reference that does not resolve (which resolve
//! has reported) is left out.

mod deals;
mod quotes;
mod relations;
mod timeline;

pub use deals::{Backed, Compute, Deal, Deals, deals};
pub use quotes::{Quotes, Said, quotes, quotes_of};
pub use relations::{Relation, RelationKind, Relations, relations};
pub use timeline::{Event, EventKind, timeline};

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::{EventKind, RelationKind};
    use crate::config::{Edition, SiteConfig};
    use crate::diagnostics::{Diagnostics, SourceFiles};
    use crate::model::DealRole;
    use crate::resolve::{self, Site};

    /// The site of the files `content` (paths under `content/`, and their text).
    fn site(content: &[(&str, &str)]) -> Site {
        let mut files = SourceFiles::default();
        let mut diagnostics = Diagnostics::default();
        let parsed = content
            .iter()
            .filter_map(|(path, text)| {
                let id = files.add(format!("content/{path}"), (*text).to_owned());
                crate::frontmatter::parse_document(id, path, text, &mut diagnostics)
            })
            .collect();
        let site = resolve::resolve_with(
            resolve::Input {
                config: SiteConfig::placeholder(),
                edition: Edition::single("en"),
                files: Arc::new(files),
                parsed,
                untranslated: resolve::Untranslated::default(),
                include_drafts: false,
                assets: Default::default(),
            },
            &mut diagnostics,
            &mut resolve::ScanCache::default(),
        );
        assert!(!diagnostics.has_errors(), "{diagnostics:?}");
        site
    }

    fn slug(site: &Site, id: usize) -> &str {
        site.entries()[id].slug()
    }

    const DOSSIER: &[(&str, &str)] = &[
        (
            "companies/acme.md",
            "+++\nname = \"Acme\"\nfounded = \"2001\"\n\
             leaders = [{ person = \"ann\", role = \"CEO\", since = \"2010\" }]\n+++\n",
        ),
        ("companies/beta.md", "+++\nname = \"Beta\"\n+++\n"),
        (
            "companies/zeta.md",
            "+++\nname = \"Zeta\"\nparent = \"acme\"\n+++\n",
        ),
        (
            "people/ann.md",
            "+++\nname = \"Ann\"\nroles = [\n  { org = \"acme\", title = \"CEO\", since = \"2010\" },\n  \
             { org = \"zeta\", title = \"Chair\", since = \"2010\" },\n]\n+++\n",
        ),
        (
            "deals/late.md",
            "+++\ntitle = \"Late\"\ninvestor = \"acme\"\nrecipient = \"zeta\"\n\
             announced = \"2020\"\nrelated = [\"early\"]\n+++\n",
        ),
        (
            "deals/early.md",
            "+++\ntitle = \"Early\"\ninvestor = [\"acme\", \"beta\"]\nrecipient = \"zeta\"\n\
             announced = \"2019-05\"\nstatus = \"confirmed\"\n+++\n",
        ),
        (
            "deals/same-day-b.md",
            "+++\ntitle = \"A same day\"\ninvestor = \"zeta\"\nrecipient = \"acme\"\n\
             announced = \"2019-05\"\n+++\n",
        ),
    ];

    #[test]
    fn deals_are_in_date_then_title_order_and_each_entry_has_its_own() {
        let site = site(DOSSIER);
        let titles = |deals: Vec<&super::Deal>| -> Vec<&str> {
            deals
                .into_iter()
                .map(|d| site.entries()[d.id].name.as_str())
                .collect()
        };
        assert_eq!(
            titles(site.deals().all().iter().collect()),
            ["A same day", "Early", "Late"]
        );
        let id = |s: &str| site.id_of(s).unwrap();
        // Zeta is the recipient of two deals and the investor in one.
        assert_eq!(
            titles(site.deals().of(id("zeta")).collect()),
            ["A same day", "Early", "Late"]
        );
        // A deal lists the deals it names as related; Beta invested in one.
        assert_eq!(titles(site.deals().of(id("late")).collect()), ["Early"]);
        assert_eq!(titles(site.deals().of(id("beta")).collect()), ["Early"]);
        let early = site.deals().get(id("early")).unwrap();
        assert_eq!(early.in_role(DealRole::Investor), [id("acme"), id("beta")]);
        assert_eq!(early.in_role(DealRole::Recipient), [id("zeta")]);
        assert_eq!(early.status, Some(crate::model::Status::Confirmed));
        assert!(site.deals().get(id("acme")).is_none());
    }

    #[test]
    fn relations_are_by_kind_then_date_and_each_entry_finds_its_own() {
        let site = site(DOSSIER);
        let listed: Vec<(RelationKind, &str, &str)> = site
            .relations()
            .all()
            .iter()
            .map(|r| (r.kind, slug(&site, r.from), slug(&site, r.to)))
            .collect();
        assert_eq!(
            listed,
            [
                // Deals in the deal table's order: by date, then title ("A same day"
                // before "Early").
                (RelationKind::Deal, "zeta", "acme"),
                (RelationKind::Deal, "acme", "zeta"),
                (RelationKind::Deal, "beta", "zeta"),
                (RelationKind::Deal, "acme", "zeta"),
                (RelationKind::Parent, "zeta", "acme"),
            ]
        );
        let beta = site.id_of("beta").unwrap();
        let of_beta: Vec<&str> = site
            .relations()
            .of(beta)
            .filter_map(|r| r.deal.map(|d| slug(&site, d)))
            .collect();
        assert_eq!(of_beta, ["early"]);
    }

    #[test]
    fn a_role_both_sides_list_is_one_event_and_events_are_in_date_then_kind_order() {
        let site = site(DOSSIER);
        let events: Vec<(String, &str)> = site
            .timeline()
            .iter()
            .map(|e| {
                let what = match &e.kind {
                    EventKind::Deal(_) | EventKind::Outcome(_) => "deal",
                    EventKind::Founded => "founded",
                    EventKind::Role { title, .. } => title.as_str(),
                    _ => "other",
                };
                (e.date.to_string(), what)
            })
            .collect();
        assert_eq!(
            events,
            [
                ("2001".to_owned(), "founded"),
                // Acme lists Ann as CEO, and Ann lists herself: once.
                ("2010".to_owned(), "CEO"),
                ("2010".to_owned(), "Chair"),
                ("2019-05".to_owned(), "deal"),
                ("2019-05".to_owned(), "deal"),
                ("2020".to_owned(), "deal"),
            ]
        );
    }
}
