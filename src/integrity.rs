//! Integrity: the provenance rules a dossier keeps, and what makes a deal a deal.
//! Runs on the resolved site and only reports; it derives nothing.
//!
//! - A `reported` or `rumoured` fact names its sources: the reader must be able to see
//!   who reports it. For a deal, its `status` is backed by the deal's `sources`; a date,
//!   an outcome, an amount, a stake, a valuation or a compute term with a status of its
//!   own, by its own `sources` or else the deal's; a fact in `facts`, by its own.
//! - A figure we computed (`derived = true`) has no status, and no history: it is our
//!   arithmetic.
//! - A `history` of earlier states goes oldest first, none dated after the current
//!   state (the newest of its sources); each `reported` or `rumoured` step names its
//!   own sources; each step differs from the next in its status or its value.
//! - A deal names the roles of its kind, and only those; it has a date; it does not end
//!   before it began.
//! - A source is not retrieved before it was published (a warning).
//! - (Amounts carry a currency, ranges run from `min` up to `max`, and citations name
//!   real sources: those are checked where they are read, in `model`, `frontmatter`
//!   and `resolve`.)

use std::ops::Range;

use toml::Spanned;

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::model::{
    DealFront, DealKind, DealRole, Document, Fact, Front, Kind, PartialDate, Quote, SourceFront,
    SourceRef, Sourced, Status, Step, When, slugs_of,
};
use crate::resolve::Site;

/// Checks every entry of `site`.
pub fn check(site: &Site, diagnostics: &mut Diagnostics) {
    for entry in site.entries() {
        let mut checker = Checker {
            site,
            doc: &entry.doc,
            front_text: site.front_text_of(entry),
            diagnostics: &mut *diagnostics,
        };
        let facts: &[Fact] = match &entry.doc.front {
            Front::Deal(deal) => {
                checker.deal(deal);
                &deal.facts
            }
            Front::Company(c) => {
                checker.quotes(&c.quotes);
                checker.value("`kind`", &c.kind);
                checker.value("`founded`", &c.founded);
                checker.value("`headquarters`", &c.headquarters);
                checker.value("`parent`", &c.parent);
                for leader in &c.leaders {
                    checker.listed("this leader", &leader.status, &leader.sources);
                }
                &c.facts
            }
            Front::Product(p) => {
                checker.value("`maker`", &p.maker);
                checker.value("`kind`", &p.kind);
                checker.value("`launched`", &p.launched);
                checker.value("`parameters`", &p.parameters);
                checker.value("`based_on`", &p.based_on);
                &p.facts
            }
            Front::Source(s) => {
                if let Some(by) = &s.issued_by {
                    checker.speaker(by, "issued_by");
                }
                checker.retrieved(s);
                &[]
            }
            Front::Person(p) => {
                checker.quotes(&p.quotes);
                for role in &p.roles {
                    checker.listed("this role", &role.status, &role.sources);
                }
                &[]
            }
            _ => &[],
        };
        for fact in facts {
            checker.fact(fact);
            checker.fact_history(fact);
        }
    }
    relay_cycles(site, diagnostics);
}

/// A source that relays another which, through its own relays, comes back to it: a
/// relay chain that loops says no source is the original. Reported once per loop, at
/// the `relays` of the source with the smallest slug in it.
fn relay_cycles(site: &Site, diagnostics: &mut Diagnostics) {
    let relays_of = |id: usize| -> Vec<(usize, Range<usize>)> {
        match &site.entries()[id].doc.front {
            Front::Source(s) => s
                .relays
                .iter()
                .filter_map(|r| Some((site.id_of(r.get_ref())?, r.span())))
                .collect(),
            _ => Vec::new(),
        }
    };
    for (id, entry) in site.entries().iter().enumerate() {
        for (first, span) in relays_of(id) {
            // Is `id` reached again from `first`, by the relays of each source? A
            // breadth-first walk that remembers how it reached each source, for the
            // chain in the message.
            let mut came_from: Vec<(usize, usize)> = vec![(first, id)];
            let mut queue = std::collections::VecDeque::from([first]);
            let mut looped = false;
            while let Some(at) = queue.pop_front() {
                for (next, _) in relays_of(at) {
                    if next == id {
                        came_from.push((id, at));
                        looped = true;
                        break;
                    }
                    if !came_from.iter().any(|&(seen, _)| seen == next) {
                        came_from.push((next, at));
                        queue.push_back(next);
                    }
                }
                if looped {
                    break;
                }
            }
            if !looped {
                continue;
            }
            // The chain back from `id` to `first`, then turned around: id → first → … → id.
            let mut path = vec![id];
            let mut at = came_from
                .iter()
                .rev()
                .find(|&&(s, _)| s == id)
                .map(|&(_, from)| from);
            while let Some(step) = at {
                path.push(step);
                if step == first {
                    break;
                }
                at = came_from
                    .iter()
                    .find(|&&(s, _)| s == step)
                    .map(|&(_, from)| from);
            }
            path.push(id);
            path.reverse();
            path.pop();
            let smallest = path
                .iter()
                .all(|&p| entry.slug() <= site.entries()[p].slug());
            if smallest {
                let chain: Vec<&str> = path
                    .iter()
                    .chain([&id])
                    .map(|&p| site.entries()[p].slug())
                    .collect();
                let offset = entry.doc.front_offset;
                diagnostics.push(
                    Diagnostic::new(
                        entry.doc.file,
                        (span.start + offset)..(span.end + offset),
                        format!("`relays` forms a loop: {}", chain.join(" → ")),
                    )
                    .with_help(
                        "a source relays one that came before it: remove the `relays` that \
                         points back to a later source",
                    ),
                );
            }
        }
    }
}

/// One entry's checks, and where they report.
struct Checker<'a> {
    site: &'a Site,
    doc: &'a Document,
    /// The front matter's TOML text, for problems of the whole entry.
    front_text: &'a str,
    diagnostics: &'a mut Diagnostics,
}

impl Checker<'_> {
    /// An error at `span`, a range in the front matter's TOML.
    fn error(&mut self, span: Range<usize>, message: String, help: String) {
        let offset = self.doc.front_offset;
        self.diagnostics.push(
            Diagnostic::new(
                self.doc.file,
                (span.start + offset)..(span.end + offset),
                message,
            )
            .with_help(help),
        );
    }

    /// Where a problem of the whole entry is shown: its `title` line, else the front
    /// matter's first line.
    fn title_line(&self) -> Range<usize> {
        let mut start = 0;
        let mut first: Option<Range<usize>> = None;
        for line in self.front_text.split_inclusive('\n') {
            let text = line.trim_end();
            let here = start..start + text.len();
            start += line.len();
            if text.trim().is_empty() {
                continue;
            }
            let key = text.trim_start();
            if key
                .strip_prefix("title")
                .is_some_and(|rest| rest.trim_start().starts_with('='))
            {
                let indent = text.len() - key.len();
                return (here.start + indent)..here.end;
            }
            first.get_or_insert(here);
        }
        first.unwrap_or(0..0)
    }

    /// A `reported` or `rumoured` status must name who says so: `backed` tells whether
    /// sources are given for it.
    fn unsourced(&mut self, status: &Spanned<Status>, backed: bool, what: &str, fix: &str) {
        let s = *status.get_ref();
        if backed || !matches!(s, Status::Reported | Status::Rumoured) {
            return;
        }
        let verb = if s == Status::Reported {
            "reports"
        } else {
            "spreads"
        };
        self.error(
            status.span(),
            format!("{what} is `{}` but names no source", s.as_str()),
            format!("say who {verb} it: {fix}"),
        );
    }

    /// A quote's chain holds together: its speakers are people or organisations (a
    /// `by` list is never empty: `OneOrMany` refuses that),
    /// its relays are other sources than the one that printed it, each once, and a
    /// translation is into another language than the words'.
    fn quotes(&mut self, quotes: &[Quote]) {
        let primary = crate::lang::primary_subtag;
        for quote in quotes {
            if let Some(by) = &quote.by {
                let speakers = slugs_of(by);
                for speaker in &speakers {
                    self.speaker(speaker, "by");
                }
            }
            for (i, relay) in quote.via.iter().enumerate() {
                if relay.get_ref() == quote.source.get_ref() {
                    self.error(
                        relay.span(),
                        format!(
                            "`{}` is this quote's `source`, not a relay of it",
                            relay.get_ref()
                        ),
                        "list in `via` only the sources the words passed through after `source`"
                            .to_owned(),
                    );
                } else if quote.via[..i]
                    .iter()
                    .any(|r| r.get_ref() == relay.get_ref())
                {
                    self.error(
                        relay.span(),
                        format!("`{}` is named twice in `via`", relay.get_ref()),
                        "name each relay once, in the order the words passed through them"
                            .to_owned(),
                    );
                }
            }
            for t in &quote.translations {
                if let (Some(from), Some(to)) = (&quote.lang, &t.lang)
                    && primary(from) == primary(to)
                {
                    self.error(
                        t.source.span(),
                        format!(
                            "this translation is in `{to}`, the language of the words it translates"
                        ),
                        "a translation gives the words in another language: fix its `lang`, or \
                         make it a quote of its own if the source printed other words"
                            .to_owned(),
                    );
                }
            }
        }
    }

    /// A slug under `key` that must name who speaks: a person or an organisation.
    fn speaker(&mut self, slug: &Spanned<String>, key: &str) {
        let Some(id) = self.site.id_of(slug.get_ref()) else {
            return;
        };
        let kind = self.site.entries()[id].kind();
        if !matches!(kind, Kind::Person | Kind::Company) {
            self.error(
                slug.span(),
                format!(
                    "`{}` is a {}, and only people and organisations speak",
                    slug.get_ref(),
                    kind.singular()
                ),
                format!("name a person or a company in `{key}`"),
            );
        }
    }

    /// A `confirmed` status backed only by the press (no source is a party's own
    /// statement, one with `issued_by`) gets a warning, unless the author says how it
    /// was confirmed (`confirmation`).
    fn press_only(&mut self, status: &Spanned<Status>, sources: &[SourceRef], explained: bool) {
        if *status.get_ref() != Status::Confirmed || sources.is_empty() || explained {
            return;
        }
        let own_statement = sources.iter().any(|r| {
            self.site
                .id_of(r.slug())
                .is_some_and(|id| match &self.site.entries()[id].doc.front {
                    Front::Source(s) => s.issued_by.is_some(),
                    _ => false,
                })
        });
        if own_statement {
            return;
        }
        let offset = self.doc.front_offset;
        let span = status.span();
        self.diagnostics.warn(
            Diagnostic::new(
                self.doc.file,
                (span.start + offset)..(span.end + offset),
                "`confirmed`, but every source is a report: none is a party's own statement"
                    .to_owned(),
            )
            .with_help(
                "cite the party's own statement (a source with `issued_by = \"company-slug\"`), \
                 say how it was confirmed with `confirmation = \"…\"`, or write \
                 `status = \"reported\"`",
            ),
        );
    }

    /// A fixed key's value with a status of its own names its sources.
    fn value<T>(&mut self, key: &str, value: &Option<Sourced<T>>) {
        if let Some(Sourced {
            status: Some(status),
            sources,
            ..
        }) = value
        {
            self.press_only(status, sources, false);
            self.unsourced(
                status,
                !sources.is_empty(),
                key,
                &format!(
                    "write it `{{ value = …, status = \"{}\", sources = [\"source-slug\"] }}`",
                    status.get_ref().as_str()
                ),
            );
        }
    }

    /// A leader or role with a status of its own names its sources.
    fn listed(&mut self, what: &str, status: &Option<Spanned<Status>>, sources: &[SourceRef]) {
        if let Some(status) = status {
            self.press_only(status, sources, false);
            self.unsourced(
                status,
                !sources.is_empty(),
                what,
                "add `sources = [\"source-slug\"]` to it",
            );
        }
    }

    fn fact(&mut self, fact: &Fact) {
        let Some(status) = &fact.status else {
            return;
        };
        if fact.derived {
            self.error(
                status.span(),
                "a figure we computed has no status: it is our arithmetic, not a claim a \
                 source makes"
                    .to_owned(),
                "remove `status` (a `derived` fact says it is computed)".to_owned(),
            );
            return;
        }
        self.press_only(status, &fact.sources, fact.confirmation.is_some());
        self.unsourced(
            status,
            !fact.sources.is_empty(),
            &format!("the fact `{}`", fact.label),
            "add `sources = [\"source-slug\"]` to this fact",
        );
    }

    /// A fact's `history`: none on a figure we computed; the steps' order, sources,
    /// and changes.
    fn fact_history(&mut self, fact: &Fact) {
        let Some(history) = &fact.history else {
            return;
        };
        if fact.derived {
            self.error(
                history.span(),
                "a figure we computed has no history: it is our arithmetic, not a claim \
                 sources made over time"
                    .to_owned(),
                "remove `history`; the facts it is computed from can each have theirs".to_owned(),
            );
            return;
        }
        let steps = history.get_ref();
        self.steps(steps, &fact.sources);
        // Each step's state (its status, and the value it had then: its own `value`, or
        // else the next state's), against the next state's.
        let mut next = (
            fact.status.as_ref().map(|s| *s.get_ref()),
            fact.value.clone(),
        );
        for step in steps.iter().rev() {
            let value = step.value.clone().unwrap_or_else(|| next.1.clone());
            let state = (Some(*step.status.get_ref()), value);
            if state == next {
                self.unchanged(step, "value");
            }
            next = state;
        }
    }

    /// A deal's `history`: the steps' order, sources, and changes; an amount in a step
    /// is as sure as the step.
    fn deal_history(&mut self, deal: &DealFront) {
        let Some(history) = &deal.history else {
            return;
        };
        let steps = history.get_ref();
        self.steps(steps, deal.common().sources);
        let figure = |a: Option<&crate::model::Amount>| {
            a.map(|a| (a.size, a.currency.clone(), a.label.clone()))
        };
        let mut next = (
            deal.status.as_ref().map(|s| *s.get_ref()),
            figure(deal.amount.as_ref()),
        );
        for step in steps.iter().rev() {
            if let Some(amount) = &step.amount {
                let a = amount.get_ref();
                if a.status.is_some() || !a.sources.is_empty() {
                    self.error(
                        amount.span(),
                        "an amount in a history step has no status or sources of its own: \
                         it is as sure as the step"
                            .to_owned(),
                        "write `status` and `sources` on the step, beside `amount`".to_owned(),
                    );
                }
            }
            let amount = match &step.amount {
                Some(a) => figure(Some(a.get_ref())),
                None => next.1.clone(),
            };
            let state = (Some(*step.status.get_ref()), amount);
            if state == next {
                self.unchanged(step, "amount");
            }
            next = state;
        }
    }

    /// What every history's steps keep: oldest first, none after the current state,
    /// whose sources are `current`; a `reported` or `rumoured` step names its sources.
    fn steps<S: Step>(&mut self, steps: &[S], current: &[SourceRef]) {
        for pair in steps.windows(2) {
            let (before, after) = (pair[0].date(), pair[1].date());
            if bounds(after.get_ref()).1 < bounds(before.get_ref()).0 {
                self.error(
                    after.span(),
                    format!(
                        "this step is dated {}, before the step above it ({})",
                        after.get_ref(),
                        before.get_ref()
                    ),
                    "list a history's steps oldest first, each dated when the fact reached \
                     that state"
                        .to_owned(),
                );
            }
        }
        // The current state holds since its newest source, at the latest: no earlier
        // state can be dated after that. Only when sure: every source dated, and a date
        // read as its last possible day ("2023" may be December).
        let dated: Option<Vec<_>> = current
            .iter()
            .map(|r| {
                let id = self.site.id_of(r.slug())?;
                match &self.site.entries()[id].doc.front {
                    Front::Source(s) => s.date.map(|d| (d, r.slug().to_owned())),
                    _ => None,
                }
            })
            .collect();
        let newest = dated
            .unwrap_or_default()
            .into_iter()
            .max_by_key(|(d, _)| bounds(&When::from(*d)).1);
        if let Some((date, slug)) = newest {
            let current = When::from(date);
            for step in steps {
                let at = step.date();
                if bounds(&current).1 < bounds(at.get_ref()).0 {
                    self.error(
                        at.span(),
                        format!(
                            "this earlier state is dated {}, after the current one: its newest \
                             source, `{slug}`, is dated {}",
                            at.get_ref(),
                            date
                        ),
                        "a step of `history` is a state the fact was in before its current \
                         `status`: check the step's date, or make it the current state (and \
                         the current one a step)"
                            .to_owned(),
                    );
                }
            }
        }
        for step in steps {
            let status = step.status();
            if step.sources().is_empty()
                && matches!(status.get_ref(), Status::Reported | Status::Rumoured)
            {
                let verb = if *status.get_ref() == Status::Reported {
                    "reported"
                } else {
                    "spread"
                };
                self.error(
                    status.span(),
                    format!(
                        "this earlier state is `{}` but names no source",
                        status.get_ref().as_str()
                    ),
                    format!(
                        "say who {verb} it then: add `sources = [\"source-slug\"]` to this step"
                    ),
                );
            }
        }
    }

    /// A step that says what the next state says.
    fn unchanged<S: Step>(&mut self, step: &S, value: &str) {
        self.error(
            step.status().span(),
            format!(
                "this earlier state is the same as the next one: `{}`, with the same {value}",
                step.status().get_ref().as_str()
            ),
            format!(
                "a step records a change: give the `{value}` it had then, or remove the step \
                 (its sources can join the next state's)"
            ),
        );
    }

    fn deal(&mut self, deal: &DealFront) {
        self.roles(deal);
        self.dates(deal);
        self.deal_sources(deal);
        self.deal_history(deal);
    }

    /// The roles of the deal's kind, and only those.
    fn roles(&mut self, deal: &DealFront) {
        let kind = deal.deal_kind();
        let written = deal.kind.is_some();
        let mut stray = false;
        for role in DealRole::ALL {
            let Some(value) = deal.role(role) else {
                continue;
            };
            if kind.roles().contains(&role) {
                continue;
            }
            stray = true;
            let owner = DealKind::ALL
                .into_iter()
                .find(|k| k.roles().contains(&role))
                .unwrap_or_default();
            let message = if written {
                format!("`{}` is not a role of {}", role.key(), kind_phrase(kind))
            } else {
                format!(
                    "`{}` is not a role of an investment, and a deal without `kind` is one",
                    role.key()
                )
            };
            // The key in the same place among this kind's roles: `acquirer` for
            // `investor`, `target` for `recipient`.
            let instead = owner
                .roles()
                .iter()
                .position(|r| *r == role)
                .filter(|&at| at < 2 && owner.roles().len() >= 2 && kind.roles().len() >= 2)
                .map(|at| kind.roles()[at]);
            let mut help = match instead {
                Some(other) => format!("write `{}` instead: {}", other.key(), roles_sentence(kind)),
                None => roles_sentence(kind),
            };
            help.push_str(&format!(
                ". Or, if it is {}, write `kind = \"{}\"`",
                kind_phrase(owner),
                owner.as_str()
            ));
            if !written {
                help = format!(
                    "if it is {}, write `kind = \"{}\"`; {}",
                    kind_phrase(owner),
                    owner.as_str(),
                    match instead {
                        Some(other) =>
                            format!("if it is an investment, write `{}` instead", other.key()),
                        None => roles_sentence(kind),
                    }
                );
            }
            self.error(value.span(), message, help);
        }
        // A role written under another kind's key is reported above, and its fix (the
        // right key, or the right kind) is the fix of the missing role too.
        if stray {
            return;
        }
        let at = deal
            .kind
            .as_ref()
            .map_or_else(|| self.title_line(), |k| k.span());
        let missing: Vec<DealRole> = kind
            .required_roles()
            .iter()
            .copied()
            .filter(|&r| deal.role(r).is_none())
            .collect();
        if !missing.is_empty() {
            let what = if written {
                format!("this {}", kind_noun(kind))
            } else {
                "this deal".to_owned()
            };
            let names: Vec<String> = missing
                .iter()
                .map(|r| format!("no `{}`", r.key()))
                .collect();
            let adds: Vec<String> = missing
                .iter()
                .map(|r| format!("`{} = \"company-slug\"` ({})", r.key(), role_meaning(*r)))
                .collect();
            let mut help = format!("add {}", adds.join(" and "));
            if !written {
                help.push_str(
                    "; a deal without `kind` is an investment (for another kind, write \
                     `kind = \"acquisition\"`, \"merger\", \"partnership\", \"commercial\" or \
                     \"licensing\", with its roles)",
                );
            }
            self.error(at, format!("{what} names {}", names.join(" and ")), help);
        }
        if let Some(parties) = &deal.parties
            && kind.roles() == [DealRole::Parties]
            && slugs_of(parties).len() < 2
        {
            self.error(
                parties.span(),
                format!(
                    "{} is between two or more companies, and `parties` names one",
                    kind_phrase(kind)
                ),
                "name every company in it: `parties = [\"company-slug\", \"other-slug\"]`"
                    .to_owned(),
            );
        }
    }

    /// A source is not read before it was published: a `retrieved` date surely
    /// before its `date` is a typo in one of them (a warning: the page still builds).
    fn retrieved(&mut self, source: &SourceFront) {
        let (Some(retrieved), Some(date)) = (&source.retrieved, source.date) else {
            return;
        };
        let day = |d: PartialDate| {
            bounds(&When {
                date: d,
                part: None,
            })
        };
        if day(*retrieved.get_ref()).1 < day(date).0 {
            let offset = self.doc.front_offset;
            let span = retrieved.span();
            self.diagnostics.warn(
                Diagnostic::new(
                    self.doc.file,
                    (span.start + offset)..(span.end + offset),
                    format!(
                        "this source was retrieved on {}, before it was published ({date})",
                        retrieved.get_ref()
                    ),
                )
                .with_help(
                    "`retrieved` is the day you read the source and `date` the day it was \
                     published: check both against the page",
                ),
            );
        }
    }

    /// A deal has a date, and does not end before its earliest one.
    fn dates(&mut self, deal: &DealFront) {
        let earliest = deal
            .dates()
            .min_by_key(|(_, d)| bounds(&d.when).0)
            .map(|(role, d)| (role, d.when));
        let Some((role, first)) = earliest else {
            self.error(
                self.title_line(),
                "this deal has no date".to_owned(),
                "write when it was made (`made = \"late 2022\"`), announced (`announced = \
                 2023-02-03`), first disclosed (`first_disclosed = …`) or first reported \
                 (`first_reported = …`)"
                    .to_owned(),
            );
            return;
        };
        let Some(outcome) = &deal.outcome else {
            return;
        };
        let o = outcome.get_ref();
        if let Some(date) = &o.date
            && bounds(date.get_ref()).1 < bounds(&first).0
        {
            self.error(
                date.span(),
                format!(
                    "the outcome is dated {}, before the deal was {} ({})",
                    date.get_ref(),
                    role.key().replace('_', " "),
                    first
                ),
                "an outcome's `date` is when the deal ended: check both dates against \
                 their sources"
                    .to_owned(),
            );
        }
    }

    /// Each value with a status of its own names who says so: its sources, or the
    /// deal's.
    fn deal_sources(&mut self, deal: &DealFront) {
        let deal_sourced = !deal.common().sources.is_empty();
        let explained = deal.confirmation.is_some();
        // A value without sources of its own is backed by the deal's.
        let backing = |own: &'_ [SourceRef]| -> Vec<SourceRef> {
            if own.is_empty() {
                deal.common().sources.to_vec()
            } else {
                own.to_vec()
            }
        };
        if let Some(status) = &deal.status {
            self.press_only(status, deal.common().sources, explained);
            self.unsourced(
                status,
                deal_sourced,
                "this deal",
                "add `sources = [\"source-slug\"]` to the deal",
            );
        }
        let own = |sources: &[SourceRef]| deal_sourced || !sources.is_empty();
        let fix =
            |what: &str| format!("add `sources = [\"source-slug\"]` to {what}, or to the deal");
        for (role, dated) in deal.dates() {
            if let Some(status) = &dated.status {
                self.press_only(status, &backing(&dated.sources), explained);
                self.unsourced(
                    status,
                    own(&dated.sources),
                    &format!("the date `{}`", role.key()),
                    &format!(
                        "write it `{} = {{ date = …, status = \"{}\", sources = [\"source-slug\"] }}`, or add `sources` to the deal",
                        role.key(),
                        status.get_ref().as_str()
                    ),
                );
            }
        }
        if let Some(outcome) = &deal.outcome {
            let o = outcome.get_ref();
            if let Some(status) = &o.status {
                self.press_only(status, &backing(&o.sources), explained);
                self.unsourced(status, own(&o.sources), "the outcome", &fix("the outcome"));
            }
        }
        let values = [
            (
                "amount",
                deal.amount.as_ref().map(|a| (&a.status, &a.sources)),
            ),
            (
                "stake",
                deal.stake.as_ref().map(|s| (&s.status, &s.sources)),
            ),
            (
                "valuation",
                deal.valuation.as_ref().map(|v| (&v.status, &v.sources)),
            ),
        ];
        for (what, value) in values {
            if let Some((Some(status), sources)) = value {
                self.press_only(status, &backing(sources), explained);
                self.unsourced(
                    status,
                    own(sources),
                    &format!("the {what}"),
                    &fix(&format!("the {what}")),
                );
            }
        }
        for term in &deal.compute {
            if let Some(status) = &term.status {
                self.press_only(status, &backing(&term.sources), explained);
                self.unsourced(
                    status,
                    own(&term.sources),
                    &format!("the compute term with `{}`", term.provider.get_ref()),
                    &fix("the term"),
                );
            }
        }
    }
}

/// The earliest and the latest day a date may mean, as (year, month, day). The parts
/// of a year are read generously (early: January to June, mid: April to September,
/// late: July to December), so that only a date sure to be before another is.
fn bounds(when: &When) -> ((u16, u8, u8), (u16, u8, u8)) {
    use crate::model::Part;
    let d = when.date;
    let y = d.year;
    match (when.part, d.month, d.day) {
        (Some(Part::Early), _, _) => ((y, 1, 1), (y, 6, 31)),
        (Some(Part::Mid), _, _) => ((y, 4, 1), (y, 9, 31)),
        (Some(Part::Late), _, _) => ((y, 7, 1), (y, 12, 31)),
        (None, Some(m), Some(day)) => ((y, m, day), (y, m, day)),
        (None, Some(m), None) => ((y, m, 1), (y, m, 31)),
        (None, None, _) => ((y, 1, 1), (y, 12, 31)),
    }
}

/// "an acquisition", "a commercial deal".
fn kind_phrase(kind: DealKind) -> &'static str {
    match kind {
        DealKind::Investment => "an investment",
        DealKind::Acquisition => "an acquisition",
        DealKind::Merger => "a merger",
        DealKind::Partnership => "a partnership",
        DealKind::Commercial => "a commercial deal",
        DealKind::Licensing => "a licensing deal",
    }
}

/// "acquisition", "commercial deal".
fn kind_noun(kind: DealKind) -> &'static str {
    let phrase = kind_phrase(kind);
    phrase.split_once(' ').map_or(phrase, |(_, noun)| noun)
}

/// "an acquisition names `acquirer` and `target` (and `seller`, if any)".
fn roles_sentence(kind: DealKind) -> String {
    let keys: Vec<String> = kind
        .roles()
        .iter()
        .filter(|r| kind.required_roles().contains(r))
        .map(|r| format!("`{}`", r.key()))
        .collect();
    let optional: Vec<String> = kind
        .roles()
        .iter()
        .filter(|r| !kind.required_roles().contains(r))
        .map(|r| format!(", and `{}` if there is one", r.key()))
        .collect();
    format!(
        "{} names {}{}",
        kind_phrase(kind),
        keys.join(" and "),
        optional.concat()
    )
}

/// What a role's party does, for the help that asks for it.
fn role_meaning(role: DealRole) -> &'static str {
    match role {
        DealRole::Investor => "who put the money in",
        DealRole::Recipient => "who received it",
        DealRole::Acquirer => "who buys",
        DealRole::Target => "the company, or the part of it, bought",
        DealRole::Seller => "who sells",
        DealRole::Parties => "every company in it",
        DealRole::Customer => "who buys",
        DealRole::Supplier => "who supplies",
        DealRole::Licensee => "who is given the right to use it",
        DealRole::Licensor => "who grants that right",
    }
}
