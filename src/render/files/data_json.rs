//! `data/dossier.json`: every entry and its facts, in every language, in a
//! documented, versioned shape (see docs/data.md).

use rayon::prelude::*;
use serde_json::{Value, json};

use super::file;
use crate::model::{
    Amount, Dated, DealFront, Fact, Front, Number, PartialDate, Size, Stake, Status, Step, slugs_of,
};
use crate::render::context::Cx;
use crate::render::producer::{Out, Producer, Stage};
use crate::resolve::EntryId;

/// The version of `dossier.json`'s shape. Bumped when a field changes meaning or goes
/// away; adding a field does not bump it.
const JSON_VERSION: u32 = 2;

pub(super) struct DataJson;

impl Producer for DataJson {
    fn stage(&self) -> Stage {
        Stage::Site
    }

    fn make(&self, cx: &Cx, out: &Out) {
        out.emit(file(
            "data/dossier.json".to_owned(),
            json_export(cx).into_bytes(),
        ));
    }

    fn files(&self, _cx: &Cx) -> Vec<String> {
        vec!["data/dossier.json".to_owned()]
    }
}

fn date(d: Option<PartialDate>) -> Value {
    d.map_or(Value::Null, |d| json!(d.to_string()))
}

fn slugs(list: &[toml::Spanned<String>]) -> Value {
    json!(
        list.iter()
            .map(|s| s.get_ref().as_str())
            .collect::<Vec<_>>()
    )
}

/// A value's uncertainty: `{ "value" }` or `{ "min", "max" }`, `approximate`.
fn size<T: Number + serde::Serialize>(size: &Size<T>) -> Value {
    match size {
        Size::Exact(v) => json!({ "value": v, "approximate": false }),
        Size::About(v) => json!({ "value": v, "approximate": true }),
        Size::Between {
            min,
            max,
            approximate,
        } => json!({ "min": min, "max": max, "approximate": approximate }),
        Size::Unknown => json!({}),
    }
}

/// What backs a value, when it has its own status and sources.
fn backing(
    v: &mut Value,
    status: &Option<toml::Spanned<Status>>,
    sources: &[toml::Spanned<String>],
) {
    v["status"] = json!(status.as_ref().map(|s| s.get_ref().as_str()));
    v["sources"] = slugs(sources);
}

fn amount(a: Option<&Amount>) -> Value {
    let Some(a) = a else {
        return Value::Null;
    };
    let mut v = size(&a.size);
    v["disclosed"] = json!(a.is_disclosed());
    v["currency"] = json!(a.currency);
    v["label"] = json!(a.label);
    backing(&mut v, &a.status, &a.sources);
    v
}

fn stake(s: Option<&Stake>) -> Value {
    let Some(s) = s else {
        return Value::Null;
    };
    let mut v = size(&s.size);
    v["label"] = json!(s.label);
    backing(&mut v, &s.status, &s.sources);
    v
}

fn dated(d: &Dated) -> Value {
    let mut v = json!({ "date": d.when.iso(), "precision": d.when.precision() });
    backing(&mut v, &d.status, &d.sources);
    v
}

/// A deal's fields: its kind, parties by role, labelled dates, outcome, values with
/// their uncertainty, the implied valuation (derived), and its terms.
fn deal(cx: &Cx, id: EntryId, d: &DealFront) -> Value {
    let kind = d.deal_kind();
    let mut parties = serde_json::Map::new();
    for role in kind.roles() {
        if let Some(value) = d.role(*role) {
            parties.insert(role.key().to_owned(), slugs(&slugs_of(value)));
        }
    }
    let mut dates = serde_json::Map::new();
    for (role, d) in d.dates() {
        dates.insert(role.key().to_owned(), dated(d));
    }
    let derived = cx.deal(id);
    json!({
        "kind": kind.as_str(),
        "parties": parties,
        "dates": dates,
        "event_date": derived.and_then(|d| d.event()).map(|(role, when)| json!({
            "which": role.key(), "date": when.iso(), "precision": when.precision(),
        })),
        "outcome": d.outcome.as_ref().map(|o| {
            let o = o.get_ref();
            let mut v = json!({
                "state": o.state.as_str(),
                "date": o.date.as_ref().map(|w| w.get_ref().iso()),
                "precision": o.date.as_ref().map(|w| w.get_ref().precision()),
            });
            backing(&mut v, &o.status, &o.sources);
            v
        }),
        "amount": amount(d.amount.as_ref()),
        "stake": stake(d.stake.as_ref()),
        "valuation": amount(d.valuation.as_ref()),
        "implied_valuation": derived.and_then(|d| d.implied.as_ref()).map(|v| json!({
            "basis": "post-money",
            "value": v.central,
            "min": v.low,
            "max": v.high,
            "currency": v.currency,
            "derived": true,
        })),
        // The model's terms: the `cloud` shorthand is one of them.
        "compute": derived.map(|deal| deal.compute.iter().map(|c| json!({
            "provider": c.value.provider.map(|p| cx.entry(p).slug()),
            "service": c.value.service,
            "role": c.value.role.map(|r| r.as_str()),
            "obligation": c.value.obligation,
            "amount": amount(c.value.amount.as_ref()),
            "status": c.status.map(Status::as_str),
            "sources": c.sources.iter().map(|&s| cx.entry(s).slug()).collect::<Vec<_>>(),
        })).collect::<Vec<_>>()).unwrap_or_default(),
        "terms": d.terms,
        "status": d.status.as_ref().map(|s| s.get_ref().as_str()),
        "related": slugs(&d.related),
        "facts": facts(&d.facts),
        "history": d.history.as_ref().map_or_else(Vec::new, |h| {
            h.get_ref()
                .iter()
                .map(|step| {
                    let mut v = history_step(step);
                    v["amount"] = step
                        .amount
                        .as_ref()
                        .map_or(Value::Null, |a| amount(Some(a.get_ref())));
                    v
                })
                .collect()
        }),
    })
}

/// One earlier state: `{ "status", "date", "precision", "sources" }`; the value it
/// superseded is added by the caller.
fn history_step(step: &impl Step) -> Value {
    let when = step.date().get_ref();
    json!({
        "status": step.status().get_ref().as_str(),
        "date": when.iso(),
        "precision": when.precision(),
        "sources": slugs(step.sources()),
    })
}

fn facts(facts: &[Fact]) -> Value {
    json!(
        facts
            .iter()
            .map(|f| json!({
                "label": f.label,
                "value": f.value,
                "status": f.status.as_ref().map(|s| s.get_ref().as_str()),
                "sources": slugs(&f.sources),
                "date": date(f.date),
                "derived": f.derived,
                "history": f.history.as_ref().map_or_else(Vec::new, |h| {
                    h.get_ref()
                        .iter()
                        .map(|step| {
                            let mut v = history_step(step);
                            v["value"] = json!(step.value);
                            v
                        })
                        .collect()
                }),
            }))
            .collect::<Vec<_>>()
    )
}

/// `value` as `serde_json::to_string_pretty` writes it, nested `depth` levels deep
/// (two spaces a level). JSON strings hold no raw newline, so every newline in the
/// text is between tokens.
fn pretty(value: &Value, depth: usize) -> String {
    let text = serde_json::to_string_pretty(value).unwrap_or_default();
    text.replace('\n', &format!("\n{}", "  ".repeat(depth)))
}

/// `data/dossier.json`.
fn json_export(cx: &Cx) -> String {
    let config = cx.config();
    let several = cx.editions().len() > 1;
    // Each entry is made and written on its own, in parallel, and the document
    // put together as text: a large dossier's entries as one JSON value tree would
    // take several times the size of the file.
    let entries: Vec<String> = cx
        .entry_ids()
        .into_par_iter()
        .map(|id| {
            let e = cx.entry(id);
            let common = e.doc.front.common();
            let fields = match &e.doc.front {
                Front::Home(h) => json!({ "date": date(h.date) }),
                Front::Article(a) => json!({
                    "date": date(a.date),
                    "source": a.source.as_ref().map(|s| s.get_ref()),
                    "language": a.language,
                }),
                Front::Company(c) => json!({
                    "kind": c.kind,
                    "founded": date(c.founded),
                    "headquarters": c.headquarters,
                    "website": c.website.as_ref().map(|w| w.as_str()),
                    "parent": c.parent.as_ref().map(|p| p.get_ref()),
                    "leaders": c.leaders.iter().map(|l| json!({
                        "person": l.person.get_ref(), "role": l.role, "since": date(l.since),
                    })).collect::<Vec<_>>(),
                    "products": slugs(&c.products),
                    "facts": facts(&c.facts),
                }),
                Front::Person(p) => json!({
                    "roles": p.roles.iter().map(|r| json!({
                        "org": r.org.get_ref(), "title": r.title, "since": date(r.since),
                    })).collect::<Vec<_>>(),
                    "quotes": p.quotes.iter().map(|q| json!({
                        "text": q.text, "lang": q.lang, "translation": q.translation,
                        "source": q.source.get_ref(), "date": date(q.date), "paraphrase": q.paraphrase,
                    })).collect::<Vec<_>>(),
                }),
                Front::Product(p) => json!({
                    "maker": p.maker.as_ref().map(|m| m.get_ref()),
                    "kind": p.kind,
                    "launched": date(p.launched),
                    "parameters": p.parameters,
                    "based_on": p.based_on.as_ref().map(|b| b.get_ref()),
                    "facts": facts(&p.facts),
                }),
                Front::Deal(d) => deal(cx, id, d),
                Front::Term(t) => json!({ "related": slugs(&t.related) }),
                Front::Source(s) => json!({
                    "publisher": s.publisher.as_str(),
                    "short": s.short.as_ref().map(|t| t.as_str()),
                    "author": s.author,
                    "date": date(s.date),
                    "url": s.url.as_ref().map(|u| u.as_str()),
                    "language": s.language,
                    "kind": s.kind,
                    "relays": slugs(&s.relays),
                }),
                Front::Note(n) => json!({ "date": date(n.date), "tags": n.tags }),
            };
            let mut entry = json!({
                "slug": e.slug(),
                "kind": e.kind().singular(),
                "name": e.name,
                "url": format!("{}{}", config.base_url, e.path),
                "summary": common.summary,
                "aliases": common.aliases.iter().map(|a| a.get_ref().as_str()).collect::<Vec<_>>(),
                "sources": slugs(common.sources),
                "updated": date(common.updated),
                "fields": fields,
            });
            if several {
                entry["translations"] = translations(cx, id);
            }
            pretty(&entry, 2)
        })
        .collect();
    let mut site = json!({
        "title": config.title,
        "description": config.description,
        "base_url": config.base_url.as_str(),
        "language": config.language,
    });
    if several {
        site["languages"] = cx
            .editions()
            .map(|(edition, settings)| {
                json!({
                    "code": edition.code,
                    "title": settings.title,
                    "description": settings.description,
                    "base_url": format!("{}{}", config.base_url, edition.prefix),
                })
            })
            .collect();
    }
    // What `serde_json::to_string_pretty` writes for the whole document (keys in
    // order), with a final newline: it is read by people as well as programs.
    let mut text = String::with_capacity(entries.iter().map(|e| e.len() + 6).sum::<usize>() + 512);
    text.push_str("{\n  \"entries\": [");
    for (i, entry) in entries.iter().enumerate() {
        text.push_str(if i == 0 { "\n    " } else { ",\n    " });
        text.push_str(entry);
    }
    text.push_str(if entries.is_empty() { "]" } else { "\n  ]" });
    text.push_str(",\n  \"format\": \"dossier\",\n  \"site\": ");
    text.push_str(&pretty(&site, 1));
    text.push_str(&format!(",\n  \"version\": {JSON_VERSION}\n}}\n"));
    text
}

/// An entry's text in the other languages: its name, summary, aliases and page,
/// and whether it is translated at all (else those are the default language's).
fn translations(cx: &Cx, id: EntryId) -> serde_json::Value {
    let mut out = serde_json::Map::new();
    for (edition, settings, e) in cx.translations(id) {
        let common = e.doc.front.common();
        out.insert(
            edition.code.clone(),
            json!({
                "translated": e.lang.is_none(),
                "name": e.name,
                "url": format!("{}{}", settings.base_url, e.path),
                "summary": common.summary,
                "aliases": common.aliases.iter().map(|a| a.get_ref().as_str()).collect::<Vec<_>>(),
            }),
        );
    }
    serde_json::Value::Object(out)
}
