//! The home page: the dossier's introduction (the home entry's body), its key
//! figures, the deal table, the collections and the graph of every relation; on a
//! large dossier, the most recent deals and no graph, with links to the rest.

use tera::Context;

use crate::model::Kind;
use crate::render::context::{Cx, has_code, root_of};
use crate::render::parts::{deals, graph, jsonld};
use crate::render::producer::{Out, Producer, Stage};
use crate::render::views::{DealRow, Figure, Section};

use super::paging;

pub(super) struct Home;

impl Producer for Home {
    fn stage(&self) -> Stage {
        Stage::Pages
    }

    fn make(&self, cx: &Cx, out: &Out) {
        let path = cx.prefix();
        let root = &root_of(path);
        let home = cx.home();
        let mut extra = Context::new();
        let intro = home
            .map(|id| cx.markdown(id, root, "", true))
            .unwrap_or_default();
        extra.insert("intro", &intro.html);
        extra.insert("references", &cx.references(&intro, root));
        extra.insert("endnotes", &intro.endnotes);
        // Past a dozen deals, the most recent dozen, and a link to the table of all.
        let all = cx.deals();
        let shown = if all.len() > paging::HOME_DEALS {
            extra.insert(
                "recent_deals",
                &cx.fill(
                    cx.t("home_deals_recent"),
                    &[
                        ("shown", &paging::HOME_DEALS.to_string()),
                        ("count", &all.len().to_string()),
                    ],
                ),
            );
            extra.insert("every_deal_href", &format!("{root}{path}deals/"));
            &all[all.len() - paging::HOME_DEALS..]
        } else {
            all
        };
        let deals: Vec<DealRow> = shown.iter().map(|d| deals::row(cx, d, root)).collect();
        let names = |links: &[crate::render::views::Link]| {
            links
                .iter()
                .map(|l| l.text.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        };
        let figures: Vec<Figure> = deals
            .iter()
            .filter(|d| d.disclosed)
            .map(|d| Figure {
                value: d.amount.clone(),
                sources: d.amount_sources.clone(),
                // A deal that did not happen says what was sought, not an arrow of
                // money that never moved.
                parties: if d.failed {
                    format!("{} {} {}", names(&d.from), d.verb, names(&d.to))
                } else {
                    format!("{} → {}", names(&d.from), names(&d.to))
                },
                failed: d.failed,
                date: deals::when_line(d),
                label: d.title.clone(),
                href: d.href.clone(),
                status: d.amount_status.or(d.status),
            })
            .collect();
        extra.insert("figures", &figures);
        extra.insert("deals", &deals);
        extra.insert("article", &cx.article().map(|id| cx.link(id, root)));
        let sections: Vec<Section> = Kind::COLLECTIONS
            .into_iter()
            .map(|kind| Section {
                title: cx.plural_title(kind).to_owned(),
                href: format!("{root}{path}{}/", kind.folder().unwrap_or_default()),
                count: cx.of_kind(kind).count(),
                // COLLECTIONS holds no home page or article.
                blurb: match kind {
                    Kind::Company => cx.t("blurb_company"),
                    Kind::Person => cx.t("blurb_person"),
                    Kind::Product => cx.t("blurb_product"),
                    Kind::Deal => cx.t("blurb_deal"),
                    Kind::Term => cx.t("blurb_term"),
                    Kind::Source => cx.t("blurb_source"),
                    Kind::Note => cx.t("blurb_note"),
                    Kind::Home | Kind::Article | Kind::Page => "",
                }
                .to_owned(),
            })
            .filter(|s| s.count > 0)
            .collect();
        extra.insert("sections", &sections);
        // A picture of hundreds of relations is megabytes no one can read: past a
        // limit, each company's page draws its own neighbourhood instead.
        let relations = cx.relations().all().len();
        if relations > paging::HOME_GRAPH_RELATIONS {
            extra.insert(
                "picture_too_large",
                &cx.fill(
                    cx.t("home_graph_too_large"),
                    &[("count", &relations.to_string())],
                ),
            );
            extra.insert("graph", &None::<crate::render::views::GraphView>);
        } else {
            extra.insert("graph", &graph::graph(cx, None, root));
        }
        let title = home.map_or_else(|| cx.config().title.clone(), |id| cx.entry(id).name.clone());
        let summary =
            home.and_then(|id| cx.entry(id).doc.front.common().summary.map(str::to_owned));
        let mut meta = cx.meta(title, summary, path, "home");
        meta.content_lang = home.and_then(|id| cx.entry(id).lang.clone());
        meta.code = has_code(&intro.html);
        if let Some(id) = home {
            let cited: Vec<String> = intro.references.iter().map(|r| r.source.clone()).collect();
            meta.jsonld = jsonld::script(&jsonld::entry(cx, id, &cited).1);
        }
        let source = home.map(|id| cx.entry(id).doc.body_file);
        out.page(cx.page("home.html", meta, extra, source));
    }
}
