//! The timeline: every dated event of the dossier (`derive::timeline`), in order,
//! grouped by year.

use std::collections::BTreeMap;

use super::Cx;
use super::views::{TimelineEvent, TimelineYear};
use crate::derive::{Event, EventKind};
use crate::format;
use crate::model::{PartialDate, Status};

impl Cx<'_> {
    pub(super) fn timeline(&self, root: &str) -> Vec<TimelineYear> {
        let mut events: Vec<(PartialDate, u8, TimelineEvent)> = self
            .site
            .timeline()
            .iter()
            .map(|event| (event.date, event.kind.rank(), self.event(event, root)))
            .collect();
        // Events of one date and kind in the order of their sentences.
        events.sort_by(|a, b| (a.0, a.1, &a.2.text).cmp(&(b.0, b.1, &b.2.text)));
        let mut years: BTreeMap<u16, Vec<TimelineEvent>> = BTreeMap::new();
        for (date, _, event) in events {
            years.entry(date.year).or_default().push(event);
        }
        years
            .into_iter()
            .map(|(year, events)| TimelineYear {
                year,
                id: format!("year-{year}"),
                events,
            })
            .collect()
    }

    /// One event, as a sentence, for a page at `root`.
    fn event(&self, event: &Event, root: &str) -> TimelineEvent {
        let name = &self.entry(event.entry).name;
        let (what, text) = match &event.kind {
            EventKind::Deal => ("deal", name.clone()),
            EventKind::Founded => (
                "company",
                self.fill(self.t("event_founded"), &[("name", name)]),
            ),
            EventKind::Launched => (
                "product",
                self.fill(self.t("event_launched"), &[("name", name)]),
            ),
            EventKind::Role { person, title, org } => (
                "role",
                self.fill(
                    self.t("event_becomes"),
                    &[
                        ("person", &self.entry(*person).name),
                        ("role", title),
                        ("org", &self.entry(*org).name),
                    ],
                ),
            ),
            EventKind::Quote(quote) => {
                let words = self.quote_translation(quote).unwrap_or(&quote.text);
                let key = if quote.paraphrase {
                    "event_quote_reported"
                } else {
                    "event_quote"
                };
                (
                    "quote",
                    self.fill(self.t(key), &[("name", name), ("words", words)]),
                )
            }
            EventKind::Fact { label, value } => (
                "fact",
                self.fill(
                    self.t("event_fact"),
                    &[("name", name), ("label", label), ("value", value)],
                ),
            ),
            EventKind::Published { publisher } => (
                "source",
                self.fill(
                    self.t("event_publishes"),
                    &[("publisher", publisher), ("title", name)],
                ),
            ),
            EventKind::Note => ("note", self.fill(self.t("event_note"), &[("name", name)])),
            EventKind::Article => ("article", name.clone()),
        };
        TimelineEvent {
            date: format::date_in(event.date, self.lang()),
            iso: event.date.to_string(),
            what,
            what_label: self.t(event_kind_key(what)).to_owned(),
            text,
            href: self.href(event.entry, root),
            status: event.status.map(Status::as_str),
            sources: self.source_links(&event.sources, root),
        }
    }
}

/// The key of a kind of event, as readers say it.
fn event_kind_key(what: &str) -> &'static str {
    match what {
        "deal" => "event_kind_deal",
        "company" => "event_kind_company",
        "role" => "event_kind_role",
        "product" => "event_kind_product",
        "quote" => "event_kind_quote",
        "source" => "event_kind_source",
        "note" => "event_kind_note",
        "article" => "event_kind_article",
        _ => "event_kind_fact",
    }
}
