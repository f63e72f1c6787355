//! `data/dossier.json`: every entry and its facts, in every language, in a
//! documented, versioned shape (see docs/data.md).

use rayon::prelude::*;
use serde_json::{Value, json};

use super::file;
use crate::format;
use crate::model::{Amount, Fact, Front, PartialDate, Stake, slugs_of};
use crate::render::context::Cx;
use crate::render::producer::{Out, Producer, Stage};
use crate::resolve::EntryId;

/// The version of `dossier.json`'s shape. Bumped when a field changes meaning or goes
/// away; adding a field does not bump it.
const JSON_VERSION: u32 = 1;

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

fn amount(a: &Option<Amount>) -> Value {
    match a {
        None => Value::Null,
        Some(Amount::Undisclosed) => json!("undisclosed"),
        Some(Amount::Exact { value, currency }) => json!({ "value": value, "currency": currency }),
        Some(Amount::Range {
            min,
            max,
            currency,
            label,
        }) => {
            json!({ "min": min, "max": max, "currency": currency, "label": label })
        }
    }
}

fn stake(s: Option<Stake>) -> Value {
    s.map_or(
        Value::Null,
        |s| json!({ "percent": s.percent, "approximate": s.approximate }),
    )
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
                Front::Deal(d) => json!({
                    "investors": slugs(&slugs_of(&d.investor)),
                    "recipient": d.recipient.get_ref(),
                    "announced": d.announced.to_string(),
                    "amount": amount(&d.amount),
                    "stake": stake(d.stake),
                    "implied_valuation": d.amount.as_ref().zip(d.stake)
                        .and_then(|(a, s)| format::implied_valuation(a, s))
                        .map(|(text, value)| json!({ "value": value, "text": text, "derived": true })),
                    "cloud": d.cloud.as_ref().map(|c| json!({
                        "provider": c.provider.get_ref(), "service": c.service, "exclusive": c.exclusive,
                    })),
                    "terms": d.terms,
                    "status": d.status.as_ref().map(|s| s.get_ref().as_str()),
                    "related": slugs(&d.related),
                    "facts": facts(&d.facts),
                }),
                Front::Term(t) => json!({ "related": slugs(&t.related) }),
                Front::Source(s) => json!({
                    "publisher": s.publisher.as_str(),
                    "author": s.author,
                    "date": date(s.date),
                    "url": s.url.as_ref().map(|u| u.as_str()),
                    "language": s.language,
                    "kind": s.kind,
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
