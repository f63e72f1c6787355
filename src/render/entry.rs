//! The view of one entry page: its infobox, quotes, related deals and backlinks.

use super::Cx;
use super::views::{BacklinkView, DealRow, EntryView, Link, QuoteView, Row, Value};
use crate::format;
use crate::highlight;
use crate::model::{Fact, Front, Kind, PartialDate, Status};
use crate::resolve::{EntryId, Via};
use crate::strings;

impl Cx<'_> {
    pub(super) fn entry_view(&self, id: EntryId, root: &str) -> EntryView {
        let entry = &self.entry(id);
        let common = entry.doc.front.common();
        let kind = entry.kind();
        // One item per linking page, however many ways it links here.
        let mut backlinks: Vec<BacklinkView> = Vec::new();
        let mut last_from = None;
        for b in &self.site.backlinks()[id] {
            if last_from != Some(b.from) {
                let from = &self.entry(b.from);
                backlinks.push(BacklinkView {
                    text: from.name.clone(),
                    href: self.href(b.from, root),
                    kind: self.singular(from.kind()).to_owned(),
                    how: Vec::new(),
                    context: None,
                });
                last_from = Some(b.from);
            }
            if let Some(item) = backlinks.last_mut() {
                if item.context.is_none() {
                    item.context = b.context.clone().filter(|c| !c.is_empty());
                }
                let how = match b.via {
                    Via::Mention => self.t("backlink_mentions").to_owned(),
                    Via::Citation => self.t("backlink_cites").to_owned(),
                    Via::Key(key) => {
                        let word = strings::backlink_key(key)
                            .map_or_else(|| key.replace('_', " "), |k| self.t(k).to_owned());
                        self.fill(self.t("backlink_names_as"), &[("key", &word)])
                    }
                };
                if !item.how.contains(&how) {
                    item.how.push(how);
                }
            }
        }
        // Deals that name this entry in their front matter, then (for a deal) the
        // deals it names as related.
        let deals: Vec<DealRow> = self
            .site
            .deals()
            .of(id)
            .map(|deal| self.deal_row(deal, root))
            .collect();

        let quotes = match &entry.doc.front {
            Front::Person(person) => person
                .quotes
                .iter()
                .map(|q| QuoteView {
                    text: q.text.clone(),
                    lang: q.lang.clone(),
                    translation: self.quote_translation(q).map(str::to_owned),
                    paraphrase: q.paraphrase,
                    source: self.link_slug(q.source.get_ref(), root),
                    date: q.date.map(|d| format::date_in(d, self.lang())),
                })
                .collect(),
            _ => Vec::new(),
        };
        let body = self.markdown(id, root, "", true);
        EntryView {
            slug: entry.slug().to_owned(),
            kind: kind.singular(),
            kind_name: self.singular(kind).to_owned(),
            kind_title: self.plural_title(kind).to_owned(),
            kind_href: kind.folder().map(|f| format!("{root}{f}/")),
            name: entry.name.clone(),
            summary: common.summary.map(str::to_owned),
            aliases: common.aliases.iter().map(|a| a.get_ref().clone()).collect(),
            infobox: self.infobox(id, root),
            backlinks_heading: self
                .t(if kind == Kind::Source {
                    "heading_cited_by"
                } else {
                    "heading_mentioned_in"
                })
                .to_owned(),
            graph: (kind == Kind::Company)
                .then(|| self.graph(Some(id), root))
                .flatten(),
            references: self.references(&body, root),
            endnotes: body.endnotes,
            body: body.html,
            quotes,
            deals,
            backlinks,
            source_path: format!(
                "content/{}{}.md",
                kind.folder().map(|f| format!("{f}/")).unwrap_or_default(),
                entry.slug()
            ),
            // Comments are the author's private notes: never shown.
            source_data: highlight::front_matter(
                highlight::without_comments(self.site.front_text(id)).trim_end(),
            ),
        }
    }

    pub(super) fn infobox(&self, id: EntryId, root: &str) -> Vec<Row> {
        let entry = &self.entry(id);
        let mut rows = Vec::new();
        // A row of plain text, when there is a value.
        let text = |rows: &mut Vec<Row>, label: &str, value: Option<String>| {
            if let Some(value) = value {
                rows.push(row(label, vec![plain(value)]));
            }
        };
        // A row of links to entries, when there is at least one.
        let links = |rows: &mut Vec<Row>, label: &str, values: Vec<Value>| {
            if !values.is_empty() {
                rows.push(row(label, values));
            }
        };
        let lang = self.lang();
        let date = |d: Option<PartialDate>| d.map(|d| format::date_in(d, lang));
        match &entry.doc.front {
            Front::Home(_) => {}
            Front::Article(a) => {
                links(
                    &mut rows,
                    self.t("infobox_source"),
                    self.slug_values(&a.source, root),
                );
                text(&mut rows, self.t("infobox_date"), date(a.date));
                text(&mut rows, self.t("infobox_language"), a.language.clone());
            }
            Front::Company(c) => {
                text(&mut rows, self.t("infobox_kind"), c.kind.clone());
                text(&mut rows, self.t("infobox_founded"), date(c.founded));
                text(
                    &mut rows,
                    self.t("infobox_headquarters"),
                    c.headquarters.clone(),
                );
                if let Some(url) = &c.website {
                    rows.push(row(self.t("infobox_website"), vec![external(url.as_str())]));
                }
                links(
                    &mut rows,
                    self.t("infobox_parent"),
                    self.slug_values(&c.parent, root),
                );
                let subsidiaries = self.site.backlinks()[id]
                    .iter()
                    .filter(|b| b.via == Via::Key("parent"))
                    .map(|b| link_value(&self.link(b.from, root)))
                    .collect();
                links(&mut rows, self.t("infobox_subsidiaries"), subsidiaries);
                let leaders = c
                    .leaders
                    .iter()
                    .filter_map(|l| {
                        let mut value = self.slug_values([&l.person], root).pop()?;
                        value.note = Some(self.role_note(&l.role, l.since));
                        Some(value)
                    })
                    .collect();
                links(&mut rows, self.t("infobox_leaders"), leaders);
                links(
                    &mut rows,
                    self.t("infobox_products"),
                    self.slug_values(&c.products, root),
                );
                rows.extend(self.facts(&c.facts, root));
            }
            Front::Person(p) => {
                let roles = p
                    .roles
                    .iter()
                    .filter_map(|r| {
                        let mut value = self.slug_values([&r.org], root).pop()?;
                        value.note = Some(self.role_note(&r.title, r.since));
                        Some(value)
                    })
                    .collect();
                links(&mut rows, self.t("infobox_roles"), roles);
            }
            Front::Product(p) => {
                links(
                    &mut rows,
                    self.t("infobox_maker"),
                    self.slug_values(&p.maker, root),
                );
                text(&mut rows, self.t("infobox_kind"), p.kind.clone());
                text(&mut rows, self.t("infobox_launched"), date(p.launched));
                text(
                    &mut rows,
                    self.t("infobox_parameters"),
                    p.parameters.map(|n| format::large_number_in(n, lang)),
                );
                links(
                    &mut rows,
                    self.t("infobox_based_on"),
                    self.slug_values(&p.based_on, root),
                );
                rows.extend(self.facts(&p.facts, root));
            }
            Front::Deal(d) => {
                if let Some(deal) = self.site.deals().get(id).map(|d| self.deal_row(d, root)) {
                    links(
                        &mut rows,
                        self.t("infobox_investor"),
                        deal.investors.iter().map(link_value).collect(),
                    );
                    links(
                        &mut rows,
                        self.t("infobox_recipient"),
                        deal.recipient.iter().map(link_value).collect(),
                    );
                    text(
                        &mut rows,
                        self.t("infobox_announced"),
                        Some(deal.announced.clone()),
                    );
                    // Amount and stake are as sure as the deal.
                    for (label, value, present) in [
                        (self.t("infobox_amount"), &deal.amount, d.amount.is_some()),
                        (self.t("infobox_stake"), &deal.stake, d.stake.is_some()),
                    ] {
                        if present {
                            rows.push(Row {
                                status: deal.status,
                                sources: deal.sources.clone(),
                                ..row(label, vec![plain(value.clone())])
                            });
                        }
                    }
                    if !deal.valuation.is_empty() {
                        // Computed from the amount and the stake: as sure as they are.
                        rows.push(Row {
                            derived: true,
                            status: deal.status,
                            sources: deal.sources.clone(),
                            ..row(
                                self.t("infobox_implied_valuation"),
                                vec![plain(deal.valuation.clone())],
                            )
                        });
                    }
                    if let Some(cloud) = &deal.cloud {
                        let mut value = link_value(cloud);
                        value.note = Some(deal.cloud_note.clone()).filter(|n| !n.is_empty());
                        rows.push(row(self.t("infobox_cloud"), vec![value]));
                    }
                }
                if !d.terms.is_empty() {
                    rows.push(row(
                        self.t("infobox_terms"),
                        d.terms.iter().cloned().map(plain).collect(),
                    ));
                }
                if let Some(status) = d.status.as_ref().map(|s| *s.get_ref()) {
                    rows.push(Row {
                        status: Some(status.as_str()),
                        sources: self.sources(d.common().sources, root),
                        ..row(
                            self.t("infobox_status"),
                            vec![plain(self.status_sentence(status).to_owned())],
                        )
                    });
                }
                rows.extend(self.facts(&d.facts, root));
            }
            Front::Term(t) => {
                links(
                    &mut rows,
                    self.t("infobox_related_terms"),
                    self.slug_values(&t.related, root),
                );
            }
            Front::Source(s) => {
                text(
                    &mut rows,
                    self.t("infobox_publisher"),
                    Some(s.publisher.to_string()),
                );
                text(&mut rows, self.t("infobox_author"), s.author.clone());
                text(&mut rows, self.t("infobox_date"), date(s.date));
                text(&mut rows, self.t("infobox_kind"), s.kind.clone());
                text(&mut rows, self.t("infobox_language"), s.language.clone());
                if let Some(url) = &s.url {
                    rows.push(row(self.t("infobox_link"), vec![external(url.as_str())]));
                }
            }
            Front::Note(n) => {
                text(&mut rows, self.t("infobox_date"), date(n.date));
                if !n.tags.is_empty() {
                    rows.push(row(
                        self.t("infobox_tags"),
                        n.tags.iter().cloned().map(plain).collect(),
                    ));
                }
            }
        }
        let common = entry.doc.front.common();
        // A translated name can be one of the original's aliases: not "also known as"
        // itself.
        let aliases = common
            .aliases
            .iter()
            .filter(|a| a.get_ref().trim() != entry.name.trim())
            .map(|a| plain(a.get_ref().clone()))
            .collect();
        links(&mut rows, self.t("infobox_also_known_as"), aliases);
        links(
            &mut rows,
            self.t("infobox_sources"),
            self.slug_values(common.sources, root),
        );
        text(&mut rows, self.t("infobox_updated"), date(common.updated));
        rows
    }

    /// Links to the entries named by `slugs`, as infobox values.
    fn slug_values<'s>(
        &self,
        slugs: impl IntoIterator<Item = &'s toml::Spanned<String>>,
        root: &str,
    ) -> Vec<Value> {
        slugs
            .into_iter()
            .filter_map(|s| self.link_slug(s.get_ref(), root))
            .map(|l| link_value(&l))
            .collect()
    }

    pub(super) fn facts(&self, facts: &[Fact], root: &str) -> Vec<Row> {
        facts
            .iter()
            .map(|f| {
                let mut value = plain(f.value.clone());
                value.note = f.date.map(|d| format::date_in(d, self.lang()));
                Row {
                    status: f.status.as_ref().map(|s| s.get_ref().as_str()),
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
        derived: false,
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

/// A link out of the site. Front matter URLs are checked to be http(s) when parsed.
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

impl Cx<'_> {
    /// "CEO, since 2014".
    fn role_note(&self, role: &str, since: Option<PartialDate>) -> String {
        match since {
            Some(since) => self.fill(
                self.t("role_since"),
                &[
                    ("role", role),
                    ("date", &format::date_in(since, self.lang())),
                ],
            ),
            None => role.to_owned(),
        }
    }

    /// A deal's status as a sentence: "Confirmed by the parties".
    pub(super) fn status_sentence(&self, status: Status) -> &str {
        self.t(strings::status_sentence_key(status))
    }
}
