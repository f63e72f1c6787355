//! The timeline: every dated fact of the dossier, in order, grouped by year.

use std::collections::BTreeMap;

use super::Renderer;
use super::views::{TimelineEvent, TimelineYear};
use crate::format;
use crate::model::{Fact, Front, PartialDate, Status};
use crate::resolve::EntryId;

/// One dated fact before it is written for a page.
struct Dated {
    date: PartialDate,
    /// The order of kinds on one date: deals first.
    rank: u8,
    what: &'static str,
    text: String,
    entry: EntryId,
    status: Option<Status>,
    sources: Vec<toml::Spanned<String>>,
}

impl Dated {
    fn new(date: PartialDate, rank: u8, what: &'static str, text: String, entry: EntryId) -> Dated {
        Dated {
            date,
            rank,
            what,
            text,
            entry,
            status: None,
            sources: Vec::new(),
        }
    }

    fn backed(mut self, status: Option<Status>, sources: &[toml::Spanned<String>]) -> Dated {
        self.status = status;
        self.sources = sources.to_vec();
        self
    }
}

impl Renderer<'_> {
    pub(super) fn timeline(&self, root: &str) -> Vec<TimelineYear> {
        let mut dated: Vec<Dated> = Vec::new();
        // Roles already on the timeline (from a company's `leaders`), by date and text.
        let mut roles: std::collections::BTreeSet<(PartialDate, String)> = Default::default();
        for (id, entry) in self.site.entries().iter().enumerate() {
            let name = &entry.name;
            let sources = entry.doc.front.common().sources;
            let status_of = |s: &Option<toml::Spanned<Status>>| s.as_ref().map(|s| *s.get_ref());
            let facts: &[Fact] = match &entry.doc.front {
                Front::Deal(d) => {
                    dated.push(
                        Dated::new(d.announced, 0, "deal", name.clone(), id)
                            .backed(status_of(&d.status), sources),
                    );
                    &d.facts
                }
                Front::Company(c) => {
                    if let Some(founded) = c.founded {
                        dated.push(
                            Dated::new(
                                founded,
                                2,
                                "company",
                                self.fill(self.t("event_founded"), &[("name", name)]),
                                id,
                            )
                            .backed(None, sources),
                        );
                    }
                    for leader in &c.leaders {
                        if let (Some(since), Some(person)) =
                            (leader.since, self.site.by_slug(leader.person.get_ref()))
                        {
                            let text = self.fill(
                                self.t("event_becomes"),
                                &[
                                    ("person", &person.name),
                                    ("role", &leader.role),
                                    ("org", name),
                                ],
                            );
                            roles.insert((since, text.clone()));
                            dated.push(Dated::new(since, 3, "role", text, id));
                        }
                    }
                    &c.facts
                }
                Front::Product(p) => {
                    if let Some(launched) = p.launched {
                        dated.push(
                            Dated::new(
                                launched,
                                1,
                                "product",
                                self.fill(self.t("event_launched"), &[("name", name)]),
                                id,
                            )
                            .backed(None, sources),
                        );
                    }
                    &p.facts
                }
                Front::Person(p) => {
                    for quote in &p.quotes {
                        let Some(date) = quote.date else { continue };
                        let words = self.quote_translation(quote).unwrap_or(&quote.text);
                        let key = if quote.paraphrase {
                            "event_quote_reported"
                        } else {
                            "event_quote"
                        };
                        let text = self.fill(self.t(key), &[("name", name), ("words", words)]);
                        dated.push(
                            Dated::new(date, 4, "quote", text, id)
                                .backed(None, std::slice::from_ref(&quote.source)),
                        );
                    }
                    for role in &p.roles {
                        let (Some(since), Some(org)) =
                            (role.since, self.site.by_slug(role.org.get_ref()))
                        else {
                            continue;
                        };
                        // A role the company already lists among its leaders is there once.
                        let text = self.fill(
                            self.t("event_becomes"),
                            &[("person", name), ("role", &role.title), ("org", &org.name)],
                        );
                        if !dated
                            .iter()
                            .any(|d| d.what == "role" && d.date == since && d.text == text)
                        {
                            dated.push(Dated::new(since, 3, "role", text, id));
                        }
                    }
                    &[]
                }
                Front::Source(s) => {
                    if let Some(date) = s.date {
                        dated.push(Dated::new(
                            date,
                            6,
                            "source",
                            self.fill(
                                self.t("event_publishes"),
                                &[("publisher", &s.publisher), ("title", &s.title)],
                            ),
                            id,
                        ));
                    }
                    &[]
                }
                Front::Note(n) => {
                    if let Some(date) = n.date {
                        dated.push(Dated::new(
                            date,
                            7,
                            "note",
                            self.fill(self.t("event_note"), &[("name", name)]),
                            id,
                        ));
                    }
                    &[]
                }
                Front::Article(a) => {
                    if let Some(date) = a.date {
                        dated.push(Dated::new(date, 6, "article", name.clone(), id));
                    }
                    &[]
                }
                Front::Home(_) | Front::Term(_) => &[],
            };
            for f in facts {
                if let Some(date) = f.date {
                    let text = self.fill(
                        self.t("event_fact"),
                        &[("name", name), ("label", &f.label), ("value", &f.value)],
                    );
                    dated.push(
                        Dated::new(date, 5, "fact", text, id)
                            .backed(status_of(&f.status), &f.sources),
                    );
                }
            }
        }
        dated.sort_by(|a, b| (a.date, a.rank, &a.text).cmp(&(b.date, b.rank, &b.text)));
        let mut years: BTreeMap<u16, Vec<TimelineEvent>> = BTreeMap::new();
        for d in dated {
            years.entry(d.date.year).or_default().push(TimelineEvent {
                date: format::date_in(d.date, self.lang()),
                iso: d.date.to_string(),
                what: d.what,
                what_label: self.t(event_kind_key(d.what)).to_owned(),
                text: d.text,
                href: self.href(d.entry, root),
                status: d.status.map(Status::as_str),
                sources: self.sources(&d.sources, root),
            });
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
