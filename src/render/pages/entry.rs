//! The entry pages: one per entry but the home page (whose text the home page shows),
//! the article's with `article.html`, the others' with `entry.html`. Each records the
//! entries it reads (`deps`), which tells `serve` what an edit affects, and makes its
//! record for the search index.

use rayon::prelude::*;
use tera::Context;

use crate::highlight;
use crate::model::Kind;
use crate::render::context::{Cx, has_code, root_of};
use crate::render::parts::{deals, graph, infobox, jsonld, quotes};
use crate::render::producer::{Out, Producer, Stage};
use crate::render::views::{BacklinkView, DealRow, EntryView};
use crate::render::{EntryPage, search};
use crate::resolve::{EntryId, Via};
use crate::strings;

use super::paging;

pub(super) struct Entries;

impl Producer for Entries {
    fn stage(&self) -> Stage {
        Stage::Entries
    }

    fn make(&self, cx: &Cx, out: &Out) {
        let pages = out
            .entries()
            .par_iter()
            .map(|&id| {
                let ((path, also, search), reads) = cx.recording(|| page(cx, id, out));
                EntryPage {
                    id,
                    path,
                    also,
                    reads,
                    search,
                }
            })
            .collect();
        out.rendered(pages);
    }
}

/// Renders the page of the entry `id` and hands it to `out`; returns its path (`None`
/// if its template failed), the paths of the pages made with it, and its search
/// record.
fn page(cx: &Cx, id: EntryId, out: &Out) -> (Option<String>, Vec<String>, search::Indexed) {
    let entry = cx.entry(id);
    let root = root_of(&entry.path);
    let (view, cited) = entry_view(cx, id, &root);
    let mut extra = Context::new();
    extra.insert("entry", &view);
    // A page of one's own is marked in the menu by its path.
    let section = match entry.kind() {
        Kind::Article => "article",
        Kind::Page => "page",
        kind => kind.folder().unwrap_or_default(),
    };
    let template = match entry.kind() {
        Kind::Article => "article.html",
        Kind::Page => "page.html",
        _ => "entry.html",
    };
    let mut meta = cx.meta(
        entry.name.clone(),
        view.summary.clone(),
        &entry.path,
        section,
    );
    meta.content_lang = entry.lang.clone();
    let (og_type, jsonld) = jsonld::entry(cx, id, &cited);
    meta.og_type = og_type;
    // Entry pages show their front matter highlighted; the article, only what its
    // body holds.
    meta.code = !matches!(entry.kind(), Kind::Article | Kind::Page) || has_code(&view.body);
    meta.jsonld = jsonld::script(&jsonld);
    meta.image = view.image.clone();
    let doc = search::index_doc(&search::SearchDoc {
        path: &entry.path,
        title: &entry.name,
        kind: cx.singular(entry.kind()),
        summary: view.summary.as_deref(),
        aliases: &view.aliases,
        body_html: &view.body,
        lang: entry.lang.as_deref().unwrap_or(&cx.config().language),
    });
    let page = cx.page(template, meta, extra, Some(entry.doc.body_file));
    let path = page.as_ref().map(|page| page.path.clone());
    out.page(page);
    let also = if view.backlinks_more.is_some() {
        mentions(cx, id, &view.backlinks_heading, out)
    } else {
        Vec::new()
    };
    // Beside the page, what a preview of a link to it shows.
    out.emit(crate::render::files::file(
        format!("{}preview.json", entry.path),
        doc.card(),
    ));
    (path, also, doc)
}

/// The view of an entry's page at `root`: its infobox, body, quotes, deals, graph
/// (a company's) and backlinks; and the slugs of the sources its body cites.
fn entry_view(cx: &Cx, id: EntryId, root: &str) -> (EntryView, Vec<String>) {
    let entry = &cx.entry(id);
    let common = entry.doc.front.common();
    let kind = entry.kind();
    let (backlinks, linking) = backlink_views(cx, id, root, paging::ENTRY_LIST);
    // Deals that name this entry in their front matter, then (for a deal) the
    // deals it names as related: past a limit, the first ones, and where the others
    // are (the full list of backlinks, where each of them is too).
    let all_deals: Vec<_> = cx.deals_of(id).collect();
    let deals: Vec<DealRow> = all_deals
        .iter()
        .take(paging::ENTRY_DEALS)
        .map(|deal| deals::row(cx, deal, root))
        .collect();
    let backlinks_heading = cx
        .t(if kind == Kind::Source {
            "heading_cited_by"
        } else {
            "heading_mentioned_in"
        })
        .to_owned();
    let shown = |count: usize, limit: usize, key| {
        (count > limit).then(|| {
            cx.fill(
                cx.t(key),
                &[
                    ("shown", &limit.to_string()),
                    ("count", &count.to_string()),
                    ("heading", &backlinks_heading),
                ],
            )
        })
    };
    let backlinks_more = shown(linking, paging::ENTRY_LIST, "entry_list_more");
    let deals_more = shown(all_deals.len(), paging::ENTRY_DEALS, "entry_deals_more");
    let more_href = if backlinks_more.is_some() {
        Some(format!("{root}{}mentions/", entry.path))
    } else {
        deals_more.as_ref().map(|_| "#mentioned-in".to_owned())
    };

    let quotes = cx
        .quotes_of(id)
        .into_iter()
        .filter_map(|said| quotes::view(cx, said, root))
        .collect();
    let body = cx.markdown(id, root, "", true);
    let cited = body.references.iter().map(|r| r.source.clone()).collect();
    let view = EntryView {
        slug: entry.slug().to_owned(),
        kind: kind.singular(),
        kind_name: cx.singular(kind).to_owned(),
        kind_title: cx.plural_title(kind).to_owned(),
        // Pages of one's own have no collection page to go back to.
        kind_href: Kind::COLLECTIONS
            .contains(&kind)
            .then(|| format!("{root}{}/", kind.folder().unwrap_or_default())),
        name: entry.name.clone(),
        draft: common.draft,
        summary: common.summary.map(str::to_owned),
        aliases: common.aliases.iter().map(|a| a.get_ref().clone()).collect(),
        infobox: infobox::infobox(cx, id, root),
        backlinks_heading,
        deals_more,
        backlinks_more,
        more_href,
        graph: (kind == Kind::Company)
            .then(|| graph::graph(cx, Some(id), root))
            .flatten(),
        references: cx.references(&body, root),
        endnotes: body.endnotes,
        body: body.html,
        quotes,
        deals,
        backlinks,
        // As it is on disk: a bundle's is `content/notes/slug/index.md`.
        source_path: cx.site().files.get(entry.doc.file).path.clone(),
        image: cx.entry_image(id, root),
        // Comments are the author's private notes: never shown.
        source_data: highlight::front_matter(
            highlight::without_comments(cx.front_text(id)).trim_end(),
        ),
    };
    (view, cited)
}

/// One item per page that links to `id`, however many ways it links there, for a
/// page at `root`: the first `limit` of them, and how many there are.
fn backlink_views(cx: &Cx, id: EntryId, root: &str, limit: usize) -> (Vec<BacklinkView>, usize) {
    let mut backlinks: Vec<BacklinkView> = Vec::new();
    let mut last_from = None;
    let mut linking = 0;
    for b in cx.backlinks(id) {
        if last_from != Some(b.from()) {
            linking += 1;
            last_from = Some(b.from());
            if backlinks.len() == limit {
                // Counted, not shown.
                continue;
            }
            let from = &cx.entry(b.from());
            backlinks.push(BacklinkView {
                text: from.name.clone(),
                href: cx.href(b.from(), root),
                kind: cx.singular(from.kind()).to_owned(),
                how: Vec::new(),
                context: None,
            });
        } else if linking > limit {
            continue;
        }
        if let Some(item) = backlinks.last_mut() {
            if item.context.is_none() {
                item.context = b
                    .context
                    .as_deref()
                    .filter(|c| !c.is_empty())
                    .map(str::to_owned);
            }
            let how = match b.via {
                Via::Mention => cx.t("backlink_mentions").to_owned(),
                Via::Citation => cx.t("backlink_cites").to_owned(),
                Via::Key(key) => {
                    let key = key.name();
                    let word = strings::backlink_key(key)
                        .map_or_else(|| key.replace('_', " "), |k| cx.t(k).to_owned());
                    cx.fill(cx.t("backlink_names_as"), &[("key", &word)])
                }
            };
            if !item.how.contains(&how) {
                item.how.push(how);
            }
        }
    }
    (backlinks, linking)
}

/// The full list of the pages that link to `id` (`companies/acme/mentions/`, then
/// `mentions/page/2/`…), when its page shows only the first ones; returns the paths
/// of the pages it made.
fn mentions(cx: &Cx, id: EntryId, heading: &str, out: &Out) -> Vec<String> {
    let entry = cx.entry(id);
    let base = format!("{}mentions/", entry.path);
    // Made once, from the top of the site; each page puts its own root before the
    // addresses of its share.
    let (all, _) = backlink_views(cx, id, "", usize::MAX);
    let count = paging::page_count(all.len(), paging::ENTRY_LIST);
    let paths: Vec<String> = (1..=count).map(|n| paging::page_path(&base, n)).collect();
    let title = cx.fill(
        cx.t("mentions_title"),
        &[("heading", heading), ("name", &entry.name)],
    );
    let summary = cx.fill(
        cx.t("mentions_summary"),
        &[("count", &all.len().to_string()), ("name", &entry.name)],
    );
    let section = entry.kind().folder().unwrap_or_default();
    let meta_of = |page: &str| cx.meta(title.clone(), None, page, section);
    super::paged(cx, out, &paths, meta_of, |at, meta, pager| {
        let root = root_of(&meta.path);
        let items: Vec<BacklinkView> = all
            .iter()
            .skip(at * paging::ENTRY_LIST)
            .take(paging::ENTRY_LIST)
            .map(|item| BacklinkView {
                href: format!("{root}{}", item.href),
                ..item.clone()
            })
            .collect();
        let mut extra = Context::new();
        extra.insert("backlinks", &items);
        extra.insert("heading", heading);
        extra.insert("summary", &summary);
        extra.insert("owner_name", &entry.name);
        extra.insert("owner_href", &cx.href(id, &root));
        if let Some(pager) = pager {
            extra.insert("pager", &pager);
        }
        cx.page("mentions.html", meta, extra, None)
    })
}
