//! The dated events of the dossier, for the timeline: each dated step of a deal (made,
//! announced, first disclosed, first reported, its outcome), companies
//! founded, products launched, roles taken, quotes, dated facts, sources published,
//! notes and the article.

use std::collections::HashSet;

use crate::model::{DateRole, Fact, Front, OutcomeState, PartialDate, Status, When};
use crate::resolve::{Cited, EntryId, Site};

/// One dated event.
#[derive(Debug, Clone)]
pub struct Event {
    pub date: When,
    /// The entry it belongs to, where the timeline links.
    pub entry: EntryId,
    pub kind: EventKind,
    /// How sure it is, when the content says.
    pub status: Option<Status>,
    /// The sources given for it (never the entry's sources for all its facts), in
    /// the order written.
    pub sources: Vec<Cited>,
}

/// What happened.
#[derive(Debug, Clone)]
pub enum EventKind {
    /// A date of the deal (the entry): made, announced, first disclosed or reported.
    Deal(DateRole),
    /// The deal's outcome (completed, abandoned…).
    Outcome(OutcomeState),
    /// The company is founded.
    Founded,
    /// The product is launched.
    Launched,
    /// `person` takes the role `title` at `org` (from a company's `leaders` or a
    /// person's `roles`).
    Role {
        person: EntryId,
        title: String,
        org: EntryId,
    },
    /// Something said: the place of the quote in `Site::quotes`.
    Quote(usize),
    /// A dated fact of the entry's `facts`.
    Fact { label: String, value: String },
    /// The source is published, by `publisher`.
    Published { publisher: String },
    /// The note's date.
    Note,
    /// The article's date.
    Article,
}

impl EventKind {
    /// The order of kinds on one date: deals first, notes last.
    pub fn rank(&self) -> u8 {
        match self {
            EventKind::Deal(_) | EventKind::Outcome(_) => 0,
            EventKind::Launched => 1,
            EventKind::Founded => 2,
            EventKind::Role { .. } => 3,
            EventKind::Quote(_) => 4,
            EventKind::Fact { .. } => 5,
            EventKind::Published { .. } | EventKind::Article => 6,
            EventKind::Note => 7,
        }
    }
}

/// Every dated event of `site`, by date, then kind (`EventKind::rank`); events of one
/// date and kind in entry order (a page orders them by how it words them).
pub fn timeline(site: &Site) -> Vec<Event> {
    let mut events: Vec<Event> = Vec::new();
    let event = |date: PartialDate, entry, kind| Event {
        date: When::from(date),
        entry,
        kind,
        status: None,
        sources: Vec::new(),
    };
    let status_of = |s: &Option<toml::Spanned<Status>>| s.as_ref().map(|s| *s.get_ref());
    let entries = site.entries();
    // The roles on the timeline, as (date, person's name, role, organization's name):
    // a role a person lists that a company already lists among its leaders (or the
    // same role listed twice) reads the same and is there once.
    let mut roles: HashSet<(PartialDate, &str, &str, &str)> = HashSet::new();
    for (id, entry) in entries.iter().enumerate() {
        let name = entry.name.as_str();
        let facts: &[Fact] = match &entry.doc.front {
            Front::Deal(d) => {
                // Each date and the dated outcome of the model's deal: as sure as the
                // deal unless they have a status of their own; backed by their own
                // sources, or else by the deal's.
                if let Some(deal) = site.deals().get(id) {
                    let backed = |status: Option<Status>, own: &[Cited]| {
                        let sources = if own.is_empty() { &deal.sources } else { own };
                        (status.or(deal.status), sources.to_vec())
                    };
                    for date in &deal.dates {
                        let (role, when) = date.value;
                        let (status, sources) = backed(date.status, &date.sources);
                        events.push(Event {
                            date: when,
                            status,
                            sources,
                            ..event(when.date, id, EventKind::Deal(role))
                        });
                    }
                    if let Some(outcome) = &deal.outcome
                        && let (state, Some(when)) = outcome.value
                    {
                        let (status, sources) = backed(outcome.status, &outcome.sources);
                        events.push(Event {
                            date: when,
                            status,
                            sources,
                            ..event(when.date, id, EventKind::Outcome(state))
                        });
                    }
                }
                &d.facts
            }
            Front::Company(c) => {
                if let Some(founded) = &c.founded {
                    events.push(Event {
                        status: founded.status(),
                        sources: site.cited(&founded.sources),
                        ..event(founded.value, id, EventKind::Founded)
                    });
                }
                for leader in &c.leaders {
                    if let (Some(since), Some(person)) =
                        (leader.since, site.id_of(leader.person.get_ref()))
                    {
                        roles.insert((since, &entries[person].name, &leader.role, name));
                        let title = leader.role.clone();
                        let kind = EventKind::Role {
                            person,
                            title,
                            org: id,
                        };
                        events.push(Event {
                            status: status_of(&leader.status),
                            sources: site.cited(&leader.sources),
                            ..event(since, id, kind)
                        });
                    }
                }
                &c.facts
            }
            Front::Product(p) => {
                if let Some(launched) = &p.launched {
                    events.push(Event {
                        status: launched.status(),
                        sources: site.cited(&launched.sources),
                        ..event(launched.value, id, EventKind::Launched)
                    });
                }
                &p.facts
            }
            Front::Person(p) => {
                for role in &p.roles {
                    let (Some(since), Some(org)) = (role.since, site.id_of(role.org.get_ref()))
                    else {
                        continue;
                    };
                    if roles.insert((since, name, &role.title, &entries[org].name)) {
                        let kind = EventKind::Role {
                            person: id,
                            title: role.title.clone(),
                            org,
                        };
                        events.push(Event {
                            status: status_of(&role.status),
                            sources: site.cited(&role.sources),
                            ..event(since, id, kind)
                        });
                    }
                }
                &[]
            }
            Front::Source(s) => {
                if let Some(date) = s.date {
                    let publisher = s.publisher.to_string();
                    events.push(event(date, id, EventKind::Published { publisher }));
                }
                &[]
            }
            Front::Note(n) => {
                if let Some(date) = n.date {
                    events.push(event(date, id, EventKind::Note));
                }
                &[]
            }
            Front::Article(a) => {
                if let Some(date) = a.date {
                    events.push(event(date, id, EventKind::Article));
                }
                &[]
            }
            Front::Home(_) | Front::Term(_) | Front::Page(_) => &[],
        };
        for f in facts {
            if let Some(date) = f.date {
                let kind = EventKind::Fact {
                    label: f.label.clone(),
                    value: f.value.clone(),
                };
                events.push(Event {
                    status: status_of(&f.status),
                    sources: site.cited(&f.sources),
                    ..event(date, id, kind)
                });
            }
        }
    }
    // Each quote once, under its first speaker, backed by its source and the relays it
    // passed through.
    for (at, said) in site.quotes().all().iter().enumerate() {
        let Some(quote) = said.quote(site) else {
            continue;
        };
        let (Some(date), Some(&speaker)) = (quote.date, said.speakers.first()) else {
            continue;
        };
        events.push(Event {
            sources: said
                .source
                .iter()
                .chain(&said.via)
                .map(|&s| Cited::of(s))
                .collect(),
            ..event(date, speaker, EventKind::Quote(at))
        });
    }
    // Stable: events of one date and kind stay in entry order.
    events.sort_by_key(|e| (e.date.sort_key(), e.kind.rank()));
    events
}
