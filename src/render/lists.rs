//! Views that gather many entries: deal rows, collection cards, the glossary.

use std::collections::BTreeMap;

use super::Renderer;
use super::views::{Card, DealRow, GlossaryTerm, Letter};
use crate::format;
use crate::model::{Amount, Front, Kind, PartialDate};
use crate::resolve::EntryId;

impl Renderer<'_> {
    pub(super) fn deal_row(&self, id: EntryId, root: &str) -> Option<DealRow> {
        let entry = &self.entry(id);
        let Front::Deal(d) = &entry.doc.front else {
            return None;
        };
        let lang = self.lang();
        let (cloud, cloud_note) = match &d.cloud {
            Some(c) => {
                let mut note = c.service.clone().unwrap_or_default();
                if c.exclusive {
                    let exclusive = self.t("cloud_exclusive");
                    note = if note.is_empty() {
                        exclusive.to_owned()
                    } else {
                        format!("{note}, {exclusive}")
                    };
                }
                (self.link_slug(c.provider.get_ref(), root), note)
            }
            None => (None, String::new()),
        };
        let valuation = d
            .amount
            .as_ref()
            .zip(d.stake)
            .and_then(|(amount, stake)| format::implied_valuation_in(amount, stake, lang));
        Some(DealRow {
            title: entry.name.clone(),
            href: self.href(id, root),
            investors: crate::model::slugs_of(&d.investor)
                .iter()
                .filter_map(|s| self.link_slug(s.get_ref(), root))
                .collect(),
            recipient: self.link_slug(d.recipient.get_ref(), root),
            announced: format::date_in(d.announced, lang),
            announced_iso: d.announced.to_string(),
            amount: d
                .amount
                .as_ref()
                .map(|a| format::amount_in(a, lang))
                .unwrap_or_default(),
            amount_sort: d.amount.as_ref().map_or(0, format::amount_sort_key),
            disclosed: matches!(d.amount, Some(Amount::Exact { .. } | Amount::Range { .. })),
            stake: d
                .stake
                .map(|s| format::stake_in(s, lang))
                .unwrap_or_default(),
            stake_sort: d.stake.map_or(0.0, |s| s.percent),
            valuation: valuation.as_ref().map(|v| v.0.clone()).unwrap_or_default(),
            valuation_sort: valuation.map_or(0, |v| v.1),
            cloud,
            cloud_note,
            status: d.status.as_ref().map(|s| s.get_ref().as_str()),
            sources: self.sources(entry.doc.front.common().sources, root),
        })
    }

    pub(super) fn deal_rows(&self, root: &str) -> Vec<DealRow> {
        let mut rows: Vec<DealRow> = self
            .site
            .of_kind(Kind::Deal)
            .filter_map(|(id, _)| self.deal_row(id, root))
            .collect();
        rows.sort_by(by_date);
        rows
    }

    pub(super) fn cards(&self, kind: Kind, root: &str) -> Vec<Card> {
        let lang = self.lang();
        let mut cards: Vec<(Option<PartialDate>, String, Card)> = self
            .site
            .of_kind(kind)
            .map(|(id, e)| {
                let (meta, date) = match &e.doc.front {
                    Front::Note(n) => (n.date.map(|d| format::date_in(d, lang)), n.date),
                    Front::Source(s) => (
                        Some(match s.date {
                            Some(d) => format!("{}, {}", s.publisher, format::date_in(d, lang)),
                            None => s.publisher.to_string(),
                        }),
                        None,
                    ),
                    Front::Product(p) => (
                        p.maker
                            .as_ref()
                            .and_then(|m| self.site.by_slug(m.get_ref()))
                            .map(|m| self.fill(self.t("card_by"), &[("name", &m.name)])),
                        None,
                    ),
                    _ => (None, None),
                };
                let card = Card {
                    name: e.name.clone(),
                    href: self.href(id, root),
                    summary: e.doc.front.common().summary.map(str::to_owned),
                    kind: kind.singular(),
                    meta,
                };
                (date, e.name.to_lowercase(), card)
            })
            .collect();
        // Newest first where entries are dated (notes), then by name.
        cards.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| a.1.cmp(&b.1)));
        cards.into_iter().map(|(_, _, c)| c).collect()
    }

    pub(super) fn glossary(&self, root: &str) -> Vec<Letter> {
        let mut by_letter: BTreeMap<String, Vec<(String, GlossaryTerm)>> = BTreeMap::new();
        for (id, e) in self.site.of_kind(Kind::Term) {
            // "Éthique" files under E, like "ethics".
            let sort_key = crate::model::fold(&e.name);
            let first = sort_key.chars().next().unwrap_or('#');
            let letter = if first.is_alphabetic() {
                first.to_uppercase().to_string()
            } else {
                "#".to_owned()
            };
            by_letter.entry(letter).or_default().push((
                sort_key,
                GlossaryTerm {
                    id: format!("term-{}", e.slug()),
                    term: e.name.clone(),
                    href: self.href(id, root),
                    aliases: e
                        .doc
                        .front
                        .common()
                        .aliases
                        .iter()
                        .map(|a| a.get_ref().clone())
                        .collect(),
                    // Several definitions share the page: their ids get the term's slug.
                    definition: self
                        .markdown(id, root, &format!("{}-", e.slug()), false)
                        .html,
                },
            ));
        }
        by_letter
            .into_iter()
            .map(|(letter, mut terms)| {
                terms.sort_by(|a, b| a.0.cmp(&b.0));
                Letter {
                    id: format!(
                        "letter-{}",
                        if letter == "#" {
                            "other".to_owned()
                        } else {
                            letter.to_lowercase()
                        }
                    ),
                    letter,
                    terms: terms.into_iter().map(|(_, t)| t).collect(),
                }
            })
            .collect()
    }
}

/// Deals in the order they were announced, then by title.
pub(super) fn by_date(a: &DealRow, b: &DealRow) -> std::cmp::Ordering {
    a.announced_iso
        .cmp(&b.announced_iso)
        .then_with(|| a.title.cmp(&b.title))
}
