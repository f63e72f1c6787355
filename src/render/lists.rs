//! Views that gather many entries: deal rows, collection cards, the glossary.

use std::collections::BTreeMap;

use super::Cx;
use super::views::{Card, DealRow, GlossaryTerm, Letter};
use crate::derive::Deal;
use crate::format;
use crate::model::{Front, Kind, PartialDate, Status};

impl Cx<'_> {
    /// A deal as a row of the deal tables, for a page at `root`.
    pub(super) fn deal_row(&self, deal: &Deal, root: &str) -> DealRow {
        let entry = &self.entry(deal.id);
        let lang = self.lang();
        let (cloud, cloud_note) = match &deal.cloud {
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
                (c.provider.map(|id| self.link(id, root)), note)
            }
            None => (None, String::new()),
        };
        let valuation = deal
            .amount
            .as_ref()
            .zip(deal.stake)
            .and_then(|(amount, stake)| format::implied_valuation_in(amount, stake, lang));
        DealRow {
            title: entry.name.clone(),
            href: self.href(deal.id, root),
            investors: deal
                .investors
                .iter()
                .map(|&id| self.link(id, root))
                .collect(),
            recipient: deal.recipient.map(|id| self.link(id, root)),
            announced: format::date_in(deal.announced, lang),
            announced_iso: deal.announced.to_string(),
            amount: deal
                .amount
                .as_ref()
                .map(|a| format::amount_in(a, lang))
                .unwrap_or_default(),
            amount_sort: deal.amount.as_ref().map_or(0, format::amount_sort_key),
            disclosed: deal.disclosed(),
            stake: deal
                .stake
                .map(|s| format::stake_in(s, lang))
                .unwrap_or_default(),
            stake_sort: deal.stake.map_or(0.0, |s| s.percent),
            valuation: valuation.as_ref().map(|v| v.0.clone()).unwrap_or_default(),
            valuation_sort: valuation.map_or(0, |v| v.1),
            cloud,
            cloud_note,
            status: deal.status.map(Status::as_str),
            sources: self.source_links(&deal.sources, root),
        }
    }

    /// Every deal as a row, in the order announced.
    pub(super) fn deal_rows(&self, root: &str) -> Vec<DealRow> {
        self.site
            .deals()
            .all()
            .iter()
            .map(|deal| self.deal_row(deal, root))
            .collect()
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
