//! The collection pages (`companies/`, `people/`, `products/`, `sources/`,
//! `notes/`): a card per entry. Deals and the glossary have pages of their own.

use tera::Context;

use crate::format;
use crate::model::{Front, Kind, PartialDate};
use crate::render::context::{Cx, root_of};

use crate::render::producer::{Out, Producer, Stage};
use crate::render::views::Card;
use crate::resolve::EntryId;

use super::paging;

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
            let Some((path, _)) = super::collection_meta(cx, kind) else {
                continue;
            };
            // Past a page of cards, a page per hundred: `notes/`, `notes/page/2/`…
            let order = order(cx, kind);
            let count = paging::page_count(order.len(), paging::CARDS_PER_PAGE);
            let paths: Vec<String> = (1..=count).map(|n| paging::page_path(&path, n)).collect();
            let meta_of = |page: &str| {
                let folder = kind.folder().unwrap_or_default();
                super::listing_meta(cx, cx.plural_title(kind), page, folder, Some(kind))
            };
            super::paged(cx, out, &paths, meta_of, |at, meta, pager| {
                let root = root_of(&meta.path);
                let ids = order
                    .chunks(paging::CARDS_PER_PAGE)
                    .nth(at)
                    .unwrap_or_default();
                let mut extra = Context::new();
                extra.insert("kind", kind.singular());
                extra.insert("entries", &cards(cx, kind, ids, &root));
                if let Some(pager) = pager {
                    extra.insert("total", &order.len());
                    extra.insert("pager", &pager);
                }
                cx.page("collection.html", meta, extra, None)
            });
        }
    }
}

/// The entries of `kind` in the order their collection lists them: the newest first
/// where entries are dated (notes), then by name.
fn order(cx: &Cx, kind: Kind) -> Vec<EntryId> {
    let mut ids: Vec<(Option<PartialDate>, String, EntryId)> = cx
        .of_kind(kind)
        .map(|id| {
            let e = cx.entry(id);
            let date = match &e.doc.front {
                Front::Note(n) => n.date,
                _ => None,
            };
            (date, e.name.to_lowercase(), id)
        })
        .collect();
    ids.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| a.1.cmp(&b.1)));
    ids.into_iter().map(|(_, _, id)| id).collect()
}

/// A card per entry of `ids`, for a page at `root`.
fn cards(cx: &Cx, kind: Kind, ids: &[EntryId], root: &str) -> Vec<Card> {
    let lang = cx.lang();
    ids.iter()
        .map(|&id| {
            let e = cx.entry(id);
            let meta = match &e.doc.front {
                Front::Note(n) => n.date.map(|d| format::date_in(d, lang)),
                Front::Source(s) => Some(match s.date {
                    Some(d) => format!("{}, {}", s.publisher, format::date_in(d, lang)),
                    None => s.publisher.to_string(),
                }),
                Front::Product(p) => p
                    .maker
                    .as_ref()
                    .and_then(|m| cx.id_of(m.get_ref()))
                    .map(|m| cx.fill(cx.t("card_by"), &[("name", &cx.entry(m).name)])),
                _ => None,
            };
            Card {
                name: e.name.clone(),
                href: cx.href(id, root),
                summary: e.doc.front.common().summary.map(str::to_owned),
                kind: kind.singular(),
                meta,
            }
        })
        .collect()
}
