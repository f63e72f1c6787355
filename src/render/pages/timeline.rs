//! The timeline, `timeline/`: every dated event of the dossier, by year.

use std::collections::BTreeMap;

use tera::Context;

use crate::format;
use crate::model::{DateKey, QuoteForm, Status};
use crate::render::context::{Cx, root_of};

use crate::render::parts::{deals, quotes};
use crate::render::producer::{Out, Producer, Stage};
use crate::render::views::{TimelineEvent, TimelineYear};
use crate::resolve::{Event, EventKind};

pub(super) struct Timeline;

impl Producer for Timeline {
    fn stage(&self) -> Stage {
        Stage::Pages
    }

    fn make(&self, cx: &Cx, out: &Out) {
        let path = format!("{}timeline/", cx.prefix());
        let meta = super::listing_meta(cx, cx.t("nav_timeline"), &path, "timeline", None);
        let mut extra = Context::new();
        extra.insert("years", &timeline(cx, &root_of(&path)));
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
