//! The view of one entry page: its infobox, quotes, related deals and backlinks.

use super::views::{BacklinkView, DealRow, EntryView, Link, QuoteView, Row, Value};
use super::{Renderer, safe_url, status_label};
use crate::format;
use crate::frontmatter::{Fact, Front, Kind, Status};
use crate::resolve::{EntryId, Via};

impl Renderer<'_> {
    pub(super) fn entry_view(&self, id: EntryId, root: &str) -> EntryView {
        let entry = &self.site.entries[id];
        let common = entry.doc.front.common();
        let kind = entry.kind();
        // One item per linking page, however many ways it links here.
        let mut backlinks: Vec<BacklinkView> = Vec::new();
        let mut last_from = None;
        for b in &self.site.backlinks[id] {
            if last_from != Some(b.from) {
                let from = &self.site.entries[b.from];
                backlinks.push(BacklinkView {
                    text: from.name.clone(),
                    href: self.href(b.from, root),
                    kind: from.kind().singular(),
                    via: Vec::new(),
                    mentions: false,
                });
                last_from = Some(b.from);
            }
            if let Some(item) = backlinks.last_mut() {
                match b.via {
                    Via::Mention => item.mentions = true,
                    Via::Key(key) if !item.via.contains(&key) => item.via.push(key),
                    Via::Key(_) => {}
                }
            }
        }
        // Deals that name this entry in their front matter, then (for a deal) the
        // deals it names as related.
        let mut deal_ids: Vec<EntryId> = self.site.backlinks[id]
            .iter()
            .filter(|b| {
                matches!(b.via, Via::Key(_)) && self.site.entries[b.from].kind() == Kind::Deal
            })
            .map(|b| b.from)
            .collect();
        if let Front::Deal(deal) = &entry.doc.front {
            deal_ids.extend(
                deal.related
                    .iter()
                    .filter_map(|s| self.site.id_of(s.get_ref())),
            );
        }
        deal_ids.sort();
        deal_ids.dedup();
        let mut deals: Vec<DealRow> = deal_ids
            .into_iter()
            .filter_map(|d| self.deal_row(d, root))
            .collect();
        deals.sort_by(|a, b| {
            a.announced_iso
                .cmp(&b.announced_iso)
                .then(a.title.cmp(&b.title))
        });

        let quotes = match &entry.doc.front {
            Front::Person(person) => person
                .quotes
                .iter()
                .map(|q| QuoteView {
                    text: q.text.clone(),
                    lang: q.lang.clone(),
                    translation: q.translation.clone(),
                    paraphrase: q.paraphrase,
                    source: self.link_slug(q.source.get_ref(), root),
                    date: q.date.map(format::date),
                })
                .collect(),
            _ => Vec::new(),
        };
        EntryView {
            slug: entry.slug().to_owned(),
            kind: kind.singular(),
            kind_title: kind.plural_title(),
            kind_href: kind.folder().map(|f| format!("{root}{f}/")),
            name: entry.name.clone(),
            summary: common.summary.map(str::to_owned),
            aliases: common.aliases.iter().map(|a| a.get_ref().clone()).collect(),
            infobox: self.infobox(id, root),
            body: self.markdown(id, root),
            quotes,
            deals,
            backlinks,
            source_data: self
                .highlighter
                .block(self.site.front_text(id).trim_end(), "toml"),
        }
    }

    pub(super) fn infobox(&self, id: EntryId, root: &str) -> Vec<Row> {
        let entry = &self.site.entries[id];
        let mut rows = Vec::new();
        let text = |label: &str, value: Option<String>, rows: &mut Vec<Row>| {
            if let Some(value) = value {
                rows.push(row(label, vec![plain(value)]));
            }
        };
        match &entry.doc.front {
            Front::Home(_) => {}
            Front::Article(a) => {
                if let Some(source) = a
                    .source
                    .as_ref()
                    .and_then(|s| self.value_slug(s.get_ref(), root, None))
                {
                    rows.push(row("Source", vec![source]));
                }
                text("Date", a.date.map(format::date), &mut rows);
                text("Language", a.language.clone(), &mut rows);
            }
            Front::Company(c) => {
                text("Kind", c.kind.clone(), &mut rows);
                text("Founded", c.founded.map(format::date), &mut rows);
                text("Headquarters", c.headquarters.clone(), &mut rows);
                if let Some(url) = c.website.as_deref().and_then(safe_url) {
                    rows.push(row("Website", vec![external(&url)]));
                }
                if let Some(parent) = c
                    .parent
                    .as_ref()
                    .and_then(|p| self.value_slug(p.get_ref(), root, None))
                {
                    rows.push(row("Parent", vec![parent]));
                }
                let subsidiaries: Vec<Value> = self.site.backlinks[id]
                    .iter()
                    .filter(|b| b.via == Via::Key("parent"))
                    .filter_map(|b| self.value_slug(self.site.entries[b.from].slug(), root, None))
                    .collect();
                if !subsidiaries.is_empty() {
                    rows.push(row("Subsidiaries", subsidiaries));
                }
                let leaders: Vec<Value> = c
                    .leaders
                    .iter()
                    .filter_map(|l| {
                        let note = match l.since {
                            Some(since) => format!("{}, since {}", l.role, format::date(since)),
                            None => l.role.clone(),
                        };
                        self.value_slug(l.person.get_ref(), root, Some(note))
                    })
                    .collect();
                if !leaders.is_empty() {
                    rows.push(row("Leaders", leaders));
                }
                let products: Vec<Value> = c
                    .products
                    .iter()
                    .filter_map(|p| self.value_slug(p.get_ref(), root, None))
                    .collect();
                if !products.is_empty() {
                    rows.push(row("Products", products));
                }
                rows.extend(self.facts(&c.facts, root));
            }
            Front::Person(p) => {
                let roles: Vec<Value> = p
                    .roles
                    .iter()
                    .filter_map(|r| {
                        let note = match r.since {
                            Some(since) => format!("{}, since {}", r.title, format::date(since)),
                            None => r.title.clone(),
                        };
                        self.value_slug(r.org.get_ref(), root, Some(note))
                    })
                    .collect();
                if !roles.is_empty() {
                    rows.push(row("Roles", roles));
                }
            }
            Front::Product(p) => {
                if let Some(maker) = p
                    .maker
                    .as_ref()
                    .and_then(|m| self.value_slug(m.get_ref(), root, None))
                {
                    rows.push(row("Maker", vec![maker]));
                }
                text("Kind", p.kind.clone(), &mut rows);
                text("Launched", p.launched.map(format::date), &mut rows);
                text(
                    "Parameters",
                    p.parameters.map(format::large_number),
                    &mut rows,
                );
                if let Some(base) = p
                    .based_on
                    .as_ref()
                    .and_then(|b| self.value_slug(b.get_ref(), root, None))
                {
                    rows.push(row("Based on", vec![base]));
                }
                rows.extend(self.facts(&p.facts, root));
            }
            Front::Deal(d) => {
                if let Some(deal) = self.deal_row(id, root) {
                    rows.push(row(
                        "Investor",
                        deal.investors.iter().map(link_value).collect(),
                    ));
                    if let Some(recipient) = &deal.recipient {
                        rows.push(row("Recipient", vec![link_value(recipient)]));
                    }
                    rows.push(row("Announced", vec![plain(deal.announced.clone())]));
                    if d.amount.is_some() {
                        rows.push(Row {
                            status: deal.status,
                            sources: deal.sources.clone(),
                            ..row("Amount", vec![plain(deal.amount.clone())])
                        });
                    }
                    if d.stake.is_some() {
                        rows.push(Row {
                            status: deal.status,
                            sources: deal.sources.clone(),
                            ..row("Stake", vec![plain(deal.stake.clone())])
                        });
                    }
                    if let Some(cloud) = &deal.cloud {
                        let mut value = link_value(cloud);
                        value.note = Some(deal.cloud_note.clone()).filter(|n| !n.is_empty());
                        rows.push(row("Cloud", vec![value]));
                    }
                }
                if !d.terms.is_empty() {
                    rows.push(row("Terms", d.terms.iter().cloned().map(plain).collect()));
                }
                if let Some(status) = d.status {
                    rows.push(Row {
                        status: Some(status.as_str()),
                        ..row("Status", vec![plain(status_sentence(status).to_owned())])
                    });
                }
                rows.extend(self.facts(&d.facts, root));
            }
            Front::Term(t) => {
                let related: Vec<Value> = t
                    .related
                    .iter()
                    .filter_map(|r| self.value_slug(r.get_ref(), root, None))
                    .collect();
                if !related.is_empty() {
                    rows.push(row("Related terms", related));
                }
            }
            Front::Source(s) => {
                text("Publisher", Some(s.publisher.clone()), &mut rows);
                text("Author", s.author.clone(), &mut rows);
                text("Date", s.date.map(format::date), &mut rows);
                text("Kind", s.kind.clone(), &mut rows);
                text("Language", s.language.clone(), &mut rows);
                if let Some(url) = s.url.as_deref().and_then(safe_url) {
                    rows.push(row("Link", vec![external(&url)]));
                }
            }
            Front::Note(n) => {
                text("Date", n.date.map(format::date), &mut rows);
                if !n.tags.is_empty() {
                    rows.push(row("Tags", n.tags.iter().cloned().map(plain).collect()));
                }
            }
        }
        let common = entry.doc.front.common();
        if !common.aliases.is_empty() {
            rows.push(row(
                "Also known as",
                common
                    .aliases
                    .iter()
                    .map(|a| plain(a.get_ref().clone()))
                    .collect(),
            ));
        }
        let sources: Vec<Value> = common
            .sources
            .iter()
            .filter_map(|s| self.value_slug(s.get_ref(), root, None))
            .collect();
        if !sources.is_empty() {
            rows.push(row("Sources", sources));
        }
        text("Updated", common.updated.map(format::date), &mut rows);
        rows
    }

    pub(super) fn facts(&self, facts: &[Fact], root: &str) -> Vec<Row> {
        facts
            .iter()
            .map(|f| {
                let mut value = plain(f.value.clone());
                value.note = f.date.map(format::date);
                Row {
                    status: status_label(f.status),
                    sources: self.sources(&f.sources, root),
                    ..row(&f.label, vec![value])
                }
            })
            .collect()
    }
}

pub(super) fn row(label: &str, values: Vec<Value>) -> Row {
    Row {
        label: label.to_owned(),
        values,
        status: None,
        sources: Vec::new(),
    }
}

pub(super) fn plain(text: String) -> Value {
    Value {
        text,
        href: None,
        external: false,
        note: None,
    }
}

pub(super) fn external(url: &str) -> Value {
    Value {
        text: url
            .trim_start_matches("https://")
            .trim_start_matches("http://")
            .trim_end_matches('/')
            .to_owned(),
        href: Some(url.to_owned()),
        external: true,
        note: None,
    }
}

pub(super) fn link_value(link: &Link) -> Value {
    Value {
        text: link.text.clone(),
        href: Some(link.href.clone()),
        external: false,
        note: None,
    }
}

pub(super) fn status_sentence(status: Status) -> &'static str {
    match status {
        Status::Confirmed => "Confirmed by the parties",
        Status::Reported => "Reported by the press; not confirmed by the parties",
        Status::Rumoured => "Rumoured; not confirmed",
        Status::Denied => "Denied by the parties",
    }
}
