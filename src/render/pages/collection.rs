//! The collection pages (`companies/`, `people/`, `products/`, `sources/`,
//! `notes/`): a card per entry. Deals and the glossary have pages of their own.

use tera::Context;

use crate::format;
use crate::model::{Front, Kind, PartialDate};
use crate::render::context::{Cx, root_of};

use crate::render::producer::{Out, Producer, Stage};
use crate::render::views::Card;

pub(super) struct Collections;

impl Producer for Collections {
    fn stage(&self) -> Stage {
        Stage::Pages
    }

    fn make(&self, cx: &Cx, out: &Out) {
        for kind in Kind::COLLECTIONS {
            if matches!(kind, Kind::Deal | Kind::Term) {
                continue;
            }
            let Some((path, meta)) = super::collection_meta(cx, kind) else {
                continue;
            };
            let mut extra = Context::new();
            extra.insert("kind", kind.singular());
            extra.insert("entries", &cards(cx, kind, &root_of(&path)));
            out.page(cx.page("collection.html", meta, extra, None));
        }
    }
}

/// A card per entry of `kind`: the newest first where entries are dated (notes),
/// then by name.
fn cards(cx: &Cx, kind: Kind, root: &str) -> Vec<Card> {
    let lang = cx.lang();
    let mut cards: Vec<(Option<PartialDate>, String, Card)> = cx
        .of_kind(kind)
        .map(|id| {
            let e = cx.entry(id);
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
                        .and_then(|m| cx.id_of(m.get_ref()))
                        .map(|m| cx.fill(cx.t("card_by"), &[("name", &cx.entry(m).name)])),
                    None,
                ),
                _ => (None, None),
            };
            let card = Card {
                name: e.name.clone(),
                href: cx.href(id, root),
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
