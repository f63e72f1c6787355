//! The timeline, `timeline/`: every dated event of the dossier, by year; past
//! [`paging::TIMELINE_SPLIT`] events, a page per year.

use std::collections::BTreeMap;

use tera::Context;

use crate::format;
use crate::model::{DateKey, QuoteForm, Status};
use crate::render::context::{Cx, root_of};

use crate::render::parts::{deals, quotes};
use crate::render::producer::{Out, Producer, Stage};
use crate::render::views::{CountedLink, PageMeta, TimelineEvent, TimelineYear};

use super::paging;
use crate::resolve::{Event, EventKind};

pub(super) struct Timeline;

impl Producer for Timeline {
    fn stage(&self) -> Stage {
        Stage::Pages
    }

    fn make(&self, cx: &Cx, out: &Out) {
        let path = format!("{}timeline/", cx.prefix());
        let meta = super::listing_meta(cx, cx.t("nav_timeline"), &path, "timeline", None);
        if cx.timeline().len() <= paging::TIMELINE_SPLIT {
            let mut extra = Context::new();
            extra.insert("years", &timeline(cx, &root_of(&path)));
            out.page(cx.page("timeline.html", meta, extra, None));
        } else {
            by_year(cx, &path, meta, out);
        }
    }
}

/// A long timeline: `timeline/` links to the years, and each year has its page
/// (`timeline/2023/`), split into pages when long (`timeline/2023/page/2/`). Every
/// page links to the one before and after it, overview first, in date order.
fn by_year(cx: &Cx, path: &str, meta: PageMeta, out: &Out) {
    let mut events: Vec<(DateKey, u8, String, &Event)> = cx
        .timeline()
        .iter()
        .map(|e| (e.date.sort_key(), e.kind.rank(), event(cx, e, "").text, e))
        .collect();
    events.sort_by(|a, b| (a.0, a.1, &a.2).cmp(&(b.0, b.1, &b.2)));
    let mut years: BTreeMap<u16, Vec<&Event>> = BTreeMap::new();
    for (date, _, _, e) in events {
        years.entry(date.0).or_default().push(e);
    }
    // Every page in order: the overview, then each year's pages.
    let mut chain = vec![path.to_owned()];
    let mut pages = Vec::new();
    for (&year, events) in &years {
        let base = format!("{path}{year}/");
        let count = paging::page_count(events.len(), paging::EVENTS_PER_PAGE);
        let paths: Vec<String> = (1..=count).map(|n| paging::page_path(&base, n)).collect();
        for (at, chunk) in events.chunks(paging::EVENTS_PER_PAGE).enumerate() {
            pages.push((year, chain.len(), paths.clone(), at, chunk));
            chain.push(paths[at].clone());
        }
    }
    let year_links = |root: &str| -> Vec<CountedLink> {
        years
            .iter()
            .map(|(year, events)| {
                let year = year.to_string();
                CountedLink {
                    href: format!("{root}{path}{year}/"),
                    label: cx.fill(
                        cx.t("timeline_year_count"),
                        &[("year", &year), ("count", &events.len().to_string())],
                    ),
                    text: year,
                    count: events.len(),
                }
            })
            .collect()
    };
    let summary = cx.fill(
        cx.t("timeline_split_summary"),
        &[("count", &cx.timeline().len().to_string())],
    );
    let mut overview = meta;
    let root = root_of(path);
    (overview.prev, overview.next) = paging::rel(&chain, 0, &root);
    let mut extra = Context::new();
    extra.insert("years", &Vec::<TimelineYear>::new());
    extra.insert("year_links", &year_links(&root));
    extra.insert("split_summary", &summary);
    out.page(cx.page("timeline.html", overview, extra, None));
    for (year, place, paths, at, chunk) in pages {
        let page = &paths[at];
        let root = root_of(page);
        let heading = cx.fill(cx.t("timeline_year_title"), &[("year", &year.to_string())]);
        let mut meta = super::listing_meta(cx, &heading, page, "timeline", None);
        (meta.prev, meta.next) = paging::rel(&chain, place, &root);
        let mut extra = Context::new();
        if let Some(pager) = paging::group_pager(cx, &mut meta, &heading, &paths, at, &root) {
            extra.insert("pager", &pager);
        }
        let years = [TimelineYear {
            year,
            id: format!("year-{year}"),
            events: chunk.iter().map(|e| event(cx, e, &root)).collect(),
        }];
        extra.insert("years", &years);
        extra.insert("year_links", &year_links(&root));
        extra.insert("heading", &heading);
        extra.insert("split_summary", &summary);
        out.page(cx.page("timeline.html", meta, extra, None));
    }
}

/// Every event, as a sentence, by year, for a page at `root`.
fn timeline(cx: &Cx, root: &str) -> Vec<TimelineYear> {
    let mut events: Vec<(DateKey, u8, TimelineEvent)> = cx
        .timeline()
        .iter()
        .map(|e| (e.date.sort_key(), e.kind.rank(), event(cx, e, root)))
        .collect();
    // Events of one date and kind in the order of their sentences.
    events.sort_by(|a, b| (a.0, a.1, &a.2.text).cmp(&(b.0, b.1, &b.2.text)));
    let mut years: BTreeMap<u16, Vec<TimelineEvent>> = BTreeMap::new();
    for (date, _, event) in events {
        years.entry(date.0).or_default().push(event);
    }
    years
        .into_iter()
        .map(|(year, events)| TimelineYear {
            year,
            id: format!("year-{year}"),
            events,
        })
        .collect()
}

/// One event, as a sentence, for a page at `root`.
fn event(cx: &Cx, event: &Event, root: &str) -> TimelineEvent {
    let name = &cx.entry(event.entry).name;
    let (what, text) = match &event.kind {
        EventKind::Deal(role) => (
            "deal",
            cx.fill(
                cx.t("event_deal_date"),
                &[("name", name), ("what", cx.t(deals::date_key(*role)))],
            ),
        ),
        EventKind::Outcome(state) => (
            "deal",
            cx.fill(
                cx.t("event_deal_date"),
                &[("name", name), ("what", cx.t(deals::outcome_key(*state)))],
            ),
        ),
        EventKind::Founded => ("company", cx.fill(cx.t("event_founded"), &[("name", name)])),
        EventKind::Launched => (
            "product",
            cx.fill(cx.t("event_launched"), &[("name", name)]),
        ),
        EventKind::Role { person, title, org } => (
            "role",
            cx.fill(
                cx.t("event_becomes"),
                &[
                    ("person", &cx.entry(*person).name),
                    ("role", title),
                    ("org", &cx.entry(*org).name),
                ],
            ),
        ),
        EventKind::Quote(at) => ("quote", quote_sentence(cx, *at, root)),
        EventKind::Fact { label, value } => (
            "fact",
            cx.fill(
                cx.t("event_fact"),
                &[("name", name), ("label", label), ("value", value)],
            ),
        ),
        EventKind::Published { publisher } => (
            "source",
            cx.fill(
                cx.t("event_publishes"),
                &[("publisher", publisher), ("title", name)],
            ),
        ),
        EventKind::Note => ("note", cx.fill(cx.t("event_note"), &[("name", name)])),
        EventKind::Article => ("article", name.clone()),
    };
    // A source's account of what people said is no quote of theirs, and is not
    // labelled as one.
    let label_key = match event.kind {
        EventKind::Quote(at)
            if cx
                .said(at)
                .and_then(|s| s.quote(cx.site()))
                .is_some_and(|q| q.form == QuoteForm::Account) =>
        {
            "event_kind_account"
        }
        _ => event_kind_key(what),
    };
    TimelineEvent {
        date: format::when_in(event.date, cx.lang()),
        iso: event.date.iso(),
        what,
        what_label: cx.t(label_key).to_owned(),
        text,
        href: cx.href(event.entry, root),
        status: event.status.map(Status::as_str),
        sources: {
            let mut links = cx.source_links(&event.sources, root);
            // A quote's sources are the one that printed it, then the relays it passed
            // through.
            if matches!(event.kind, EventKind::Quote(_)) {
                links.iter_mut().skip(1).for_each(|l| l.relay = true);
            }
            links
        },
    }
}

/// "Jeff Dean, quoted by CNBC: “…”", in the edition's language: the words as the
/// source printed them, or a translation a source printed (saying whose), or the
/// dossier's own.
fn quote_sentence(cx: &Cx, at: usize, root: &str) -> String {
    let Some((said, quote)) = cx.said(at).and_then(|s| Some((s, s.quote(cx.site())?))) else {
        return String::new();
    };
    let same = |lang: &Option<String>| quotes::in_edition_language(cx, lang);
    let (words, translated) = if same(&quote.lang) {
        (quote.text.clone(), None)
    } else if let Some((t, by)) = quote
        .translations
        .iter()
        .zip(&said.translators)
        .find(|(t, _)| same(&t.lang))
    {
        let by = quotes::source_label(cx, *by, root);
        (
            t.text.clone(),
            Some(cx.fill(cx.t("event_translation_by"), &[("source", &by)])),
        )
    } else if let Some(ours) = &quote.translation {
        (ours.clone(), Some(cx.t("event_our_translation").to_owned()))
    } else {
        (quote.text.clone(), None)
    };
    let key = match quote.form {
        QuoteForm::Verbatim => "event_quote",
        QuoteForm::Paraphrase => "event_quote_paraphrase",
        QuoteForm::Account => "event_quote_account",
    };
    let mut text = cx.fill(
        cx.t(key),
        &[
            ("speakers", &quotes::speaker_names(cx, &said.speakers)),
            ("source", &quotes::source_label(cx, said.source, root)),
            ("words", &words),
        ],
    );
    if let Some(translated) = translated {
        text.push_str(&format!(" ({translated})"));
    }
    // A sentence of its own: "The French article's account …", "Propos de …".
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => text,
    }
}

/// The key of a kind of event, as readers say it.
fn event_kind_key(what: &str) -> &'static str {
    match what {
        "deal" => "event_kind_deal",
        "company" => "event_kind_company",
        "role" => "event_kind_role",
        "product" => "event_kind_product",
        "quote" => "event_kind_quote",
        "source" => "event_kind_source",
        "note" => "event_kind_note",
        "article" => "event_kind_article",
        _ => "event_kind_fact",
    }
}
