//! An entry's infobox: the rows of facts beside its text (its kind's keys, its deal,
//! its dated facts with their status and sources), on its page and in the print
//! edition.

use crate::format;
use crate::model::{Fact, Front, PartialDate, Sourced, Status, slugs_of_refs};
use crate::render::context::Cx;
use crate::render::parts::{deals, history};
use crate::render::views::{Link, Row, Value};
use crate::resolve::{EntryId, Via};
use crate::strings;

/// The infobox rows of the entry `id`, for a page at `root`.
pub(in crate::render) fn infobox(cx: &Cx, id: EntryId, root: &str) -> Vec<Row> {
    let entry = &cx.entry(id);
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
    let lang = cx.lang();
    let date = |d: Option<PartialDate>| d.map(|d| format::date_in(d, lang));
    match &entry.doc.front {
        Front::Home(_) => {}
        Front::Article(a) => {
            links(
                &mut rows,
                cx.t("infobox_source"),
                slug_values(cx, &a.source, root),
            );
            text(&mut rows, cx.t("infobox_date"), date(a.date));
            text(&mut rows, cx.t("infobox_language"), a.language.clone());
        }
        Front::Company(c) => {
            sourced(&mut rows, cx, root, cx.t("infobox_kind"), &c.kind, |k| {
                plain(k.clone())
            });
            sourced(
                &mut rows,
                cx,
                root,
                cx.t("infobox_founded"),
                &c.founded,
                |d| plain(format::date_in(*d, lang)),
            );
            sourced(
                &mut rows,
                cx,
                root,
                cx.t("infobox_headquarters"),
                &c.headquarters,
                |h| plain(h.clone()),
            );
            if let Some(url) = &c.website {
                rows.push(row(cx.t("infobox_website"), vec![external(url.as_str())]));
            }
            sourced_link(&mut rows, cx, root, cx.t("infobox_parent"), &c.parent);
            let subsidiaries = cx
                .backlinks(id)
                .iter()
                .filter(|b| matches!(b.via, Via::Key(key) if key.name() == "parent"))
                .map(|b| link_value(&cx.link(b.from(), root)))
                .collect();
            links(&mut rows, cx.t("infobox_subsidiaries"), subsidiaries);
            let leaders = c
                .leaders
                .iter()
                .filter_map(|l| {
                    let mut value = slug_values(cx, [&l.person], root).pop()?;
                    value.note = Some(role_note(cx, &l.role, l.since));
                    value.status = l.status.as_ref().map(|s| s.get_ref().as_str());
                    value.sources = cx.sources(&l.sources, root);
                    Some(value)
                })
                .collect();
            links(&mut rows, cx.t("infobox_leaders"), leaders);
            links(
                &mut rows,
                cx.t("infobox_products"),
                slug_values(cx, &c.products, root),
            );
            rows.extend(facts(cx, &c.facts, root));
        }
        Front::Person(p) => {
            let roles = p
                .roles
                .iter()
                .filter_map(|r| {
                    let mut value = slug_values(cx, [&r.org], root).pop()?;
                    value.note = Some(role_note(cx, &r.title, r.since));
                    value.status = r.status.as_ref().map(|s| s.get_ref().as_str());
                    value.sources = cx.sources(&r.sources, root);
                    Some(value)
                })
                .collect();
            links(&mut rows, cx.t("infobox_roles"), roles);
        }
        Front::Product(p) => {
            sourced_link(&mut rows, cx, root, cx.t("infobox_maker"), &p.maker);
            sourced(&mut rows, cx, root, cx.t("infobox_kind"), &p.kind, |k| {
                plain(k.clone())
            });
            sourced(
                &mut rows,
                cx,
                root,
                cx.t("infobox_launched"),
                &p.launched,
                |d| plain(format::date_in(*d, lang)),
            );
            sourced(
                &mut rows,
                cx,
                root,
                cx.t("infobox_parameters"),
                &p.parameters,
                |n| plain(format::large_number_in(*n, lang)),
            );
            sourced_link(&mut rows, cx, root, cx.t("infobox_based_on"), &p.based_on);
            rows.extend(facts(cx, &p.facts, root));
        }
        Front::Deal(d) => {
            if let Some(model) = cx.deal(id) {
                let deal = deals::row(cx, model, root);
                text(
                    &mut rows,
                    cx.t("infobox_kind_of_deal"),
                    Some(deal.kind_label.clone()),
                );
                for (role, ids) in &model.parties {
                    links(
                        &mut rows,
                        cx.t(deals::role_key(*role)),
                        ids.iter().map(|&p| link_value(&cx.link(p, root))).collect(),
                    );
                }
                // A value with its own status and sources shows them; one without is
                // as sure as the deal, whose status row follows.
                let backed = |label: &str,
                              value: Value,
                              status: Option<&'static str>,
                              sources: &[Link]| Row {
                    status,
                    sources: sources.to_vec(),
                    ..row(label, vec![value])
                };
                for d in deal.dates.iter().chain(&deal.outcome) {
                    let words = match (d.heading == cx.t("infobox_outcome"), d.date.is_empty()) {
                        (true, true) => d.label.clone(),
                        (true, false) => format!("{} {}", d.label, d.date),
                        (false, _) => d.date.clone(),
                    };
                    rows.push(backed(&d.heading, plain(words), d.status, &d.sources));
                }
                for (label, value, status, sources) in [
                    (
                        cx.t("infobox_amount"),
                        &deal.amount,
                        deal.amount_status,
                        &deal.amount_sources,
                    ),
                    (
                        cx.t("infobox_stake"),
                        &deal.stake,
                        deal.stake_status,
                        &deal.stake_sources,
                    ),
                    (
                        cx.t("infobox_reported_valuation"),
                        &deal.valuation,
                        deal.valuation_status,
                        &deal.valuation_sources,
                    ),
                ] {
                    if !value.is_empty() {
                        rows.push(backed(label, plain(value.clone()), status, sources));
                    }
                }
                if !deal.implied.is_empty() {
                    // Our arithmetic: no status, no sources; the note says how.
                    let mut value = plain(deal.implied.clone());
                    value.note = Some(deal.implied_formula.clone());
                    rows.push(Row {
                        derived: true,
                        ..row(cx.t("implied_valuation_label"), vec![value])
                    });
                }
                for term in &deal.compute {
                    let mut value = match &term.provider {
                        Some(link) => link_value(link),
                        None => plain(String::new()),
                    };
                    value.note = Some(term.text.clone()).filter(|n| !n.is_empty());
                    rows.push(backed(
                        cx.t("infobox_compute"),
                        value,
                        term.status,
                        &term.sources,
                    ));
                }
            }
            if !d.terms.is_empty() {
                rows.push(row(
                    cx.t("infobox_terms"),
                    d.terms.iter().cloned().map(plain).collect(),
                ));
            }
            if let Some(status) = d.status.as_ref().map(|s| *s.get_ref()) {
                rows.push(Row {
                    status: Some(status.as_str()),
                    sources: cx.sources(d.common().sources, root),
                    confirmation: d.confirmation.clone(),
                    history: history::deal(cx, d, root),
                    ..row(
                        cx.t("infobox_status"),
                        vec![plain(status_sentence(cx, status).to_owned())],
                    )
                });
            }
            rows.extend(facts(cx, &d.facts, root));
        }
        Front::Term(t) => {
            links(
                &mut rows,
                cx.t("infobox_related_terms"),
                slug_values(cx, &t.related, root),
            );
        }
        Front::Source(s) => {
            text(
                &mut rows,
                cx.t("infobox_publisher"),
                Some(s.publisher.to_string()),
            );
            links(
                &mut rows,
                cx.t("infobox_issued_by"),
                slug_values(cx, &s.issued_by, root),
            );
            text(
                &mut rows,
                cx.t("infobox_author"),
                s.author.as_ref().map(|a| cx.and_list(a.names())),
            );
            text(&mut rows, cx.t("infobox_date"), date(s.date));
            text(&mut rows, cx.t("infobox_kind"), s.kind.clone());
            text(&mut rows, cx.t("infobox_language"), s.language.clone());
            if let Some(url) = &s.url {
                rows.push(row(cx.t("infobox_link"), vec![external(url.as_str())]));
            }
            text(
                &mut rows,
                cx.t("infobox_retrieved"),
                date(s.retrieved.as_ref().map(|d| *d.get_ref())),
            );
            if let Some(archive) = &s.archive {
                // Named by its host ("web.archive.org"): the whole address repeats the
                // source's own.
                let mut value = external(archive.get_ref().as_str());
                if let Some((host, _)) = value.text.split_once('/') {
                    value.text = host.to_owned();
                }
                rows.push(row(cx.t("infobox_archive"), vec![value]));
            }
        }
        Front::Page(_) => {}
        Front::Note(n) => {
            text(&mut rows, cx.t("infobox_date"), date(n.date));
            if !n.tags.is_empty() {
                rows.push(row(
                    cx.t("infobox_tags"),
                    n.tags.iter().cloned().map(plain).collect(),
                ));
            }
        }
    }
    let common = entry.doc.front.common();
    let aliases = cx.other_names(id).into_iter().map(plain).collect();
    links(&mut rows, cx.t("infobox_also_known_as"), aliases);
    links(
        &mut rows,
        cx.t("infobox_sources"),
        slug_values(cx, slugs_of_refs(common.sources), root),
    );
    text(&mut rows, cx.t("infobox_updated"), date(common.updated));
    rows
}

/// A row for a fixed key's value (`show` makes it a value), with the value's own
/// status and sources when it has them — never the entry's.
fn sourced<T>(
    rows: &mut Vec<Row>,
    cx: &Cx,
    root: &str,
    label: &str,
    value: &Option<Sourced<T>>,
    show: impl Fn(&T) -> Value,
) {
    if let Some(value) = value {
        rows.push(Row {
            status: value.status().map(Status::as_str),
            sources: cx.sources(&value.sources, root),
            ..row(label, vec![show(&value.value)])
        });
    }
}

/// [`sourced`], for a slug: a link to the entry it names.
fn sourced_link(
    rows: &mut Vec<Row>,
    cx: &Cx,
    root: &str,
    label: &str,
    value: &Option<Sourced<String>>,
) {
    if let Some(link) = value.as_ref().and_then(|v| cx.link_slug(&v.value, root)) {
        sourced(rows, cx, root, label, value, |_| link_value(&link));
    }
}

/// Links to the entries named by `slugs`, as infobox values.
fn slug_values<'s>(
    cx: &Cx,
    slugs: impl IntoIterator<Item = &'s toml::Spanned<String>>,
    root: &str,
) -> Vec<Value> {
    slugs
        .into_iter()
        .filter_map(|s| cx.link_slug(s.get_ref(), root))
        .map(|l| link_value(&l))
        .collect()
}

/// A row per fact of `facts`, with its date, status and sources; a fact we computed
/// (`derived`) says so, and never shows a status.
fn facts(cx: &Cx, facts: &[Fact], root: &str) -> Vec<Row> {
    facts
        .iter()
        .map(|f| {
            let mut value = plain(f.value.clone());
            value.note = f.date.map(|d| format::date_in(d, cx.lang()));
            Row {
                status: f
                    .status
                    .as_ref()
                    .filter(|_| !f.derived)
                    .map(|s| s.get_ref().as_str()),
                sources: cx.sources(&f.sources, root),
                derived: f.derived,
                confirmation: f.confirmation.clone(),
                history: f
                    .history
                    .as_ref()
                    .filter(|_| !f.derived)
                    .and_then(|h| history::view(cx, h.get_ref(), root, |s| s.value.clone())),
                ..row(&f.label, vec![value])
            }
        })
        .collect()
}

/// "CEO, since 2014".
fn role_note(cx: &Cx, role: &str, since: Option<PartialDate>) -> String {
    match since {
        Some(since) => cx.fill(
            cx.t("role_since"),
            &[("role", role), ("date", &format::date_in(since, cx.lang()))],
        ),
        None => role.to_owned(),
    }
}

/// A deal's status as a sentence: "Confirmed by the parties".
fn status_sentence<'a>(cx: &Cx<'a>, status: Status) -> &'a str {
    cx.t(strings::status_sentence_key(status))
}

/// A row of `values`, neither derived nor backed.
fn row(label: &str, values: Vec<Value>) -> Row {
    Row {
        label: label.to_owned(),
        values,
        status: None,
        sources: Vec::new(),
        derived: false,
        confirmation: None,
        history: None,
    }
}

/// A value that is text.
fn plain(text: String) -> Value {
    Value {
        text,
        href: None,
        external: false,
        note: None,
        status: None,
        sources: Vec::new(),
    }
}

/// A link out of the site. Front matter URLs are checked to be http(s) when parsed.
fn external(url: &str) -> Value {
    Value {
        text: url
            .trim_start_matches("https://")
            .trim_start_matches("http://")
            .trim_end_matches('/')
            .to_owned(),
        href: Some(url.to_owned()),
        external: true,
        note: None,
        status: None,
        sources: Vec::new(),
    }
}

/// A value that links within the site.
fn link_value(link: &Link) -> Value {
    Value {
        text: link.text.clone(),
        href: Some(link.href.clone()),
        external: false,
        note: None,
        status: None,
        sources: Vec::new(),
    }
}
