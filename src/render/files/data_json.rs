//! `data/dossier.json`: every entry and its facts, in every language, in a
//! documented, versioned shape (see docs/data.md).

use rayon::prelude::*;
use serde_json::{Value, json};

use super::file;
use crate::model::{
    Amount, Dated, DealFront, Fact, Front, Number, PartialDate, Size, SourceRef, Sourced, Stake,
    Status, Step, slugs_of,
};
use crate::render::OutputFile;
use crate::render::context::Cx;
use crate::render::producer::{Out, Producer, Stage};
use crate::resolve::EntryId;

/// The version of `dossier.json`'s shape. Bumped when a field changes meaning or goes
/// away; adding a field does not bump it.
const JSON_VERSION: u32 = 3;

pub(super) struct DataJson;

impl Producer for DataJson {
    fn stage(&self) -> Stage {
        Stage::Site
    }

    fn make(&self, cx: &Cx, out: &Out) {
        // Handed over a piece at a time: a large dossier's file is tens of megabytes.
        let mut continued = false;
        json_export(cx, &mut |text| {
            out.emit(OutputFile {
                continued,
                ..file("data/dossier.json".to_owned(), text.into_bytes())
            });
            continued = true;
        });
    }

    fn files(&self, _cx: &Cx) -> Vec<String> {
        vec!["data/dossier.json".to_owned()]
    }
}

fn date(d: Option<PartialDate>) -> Value {
    d.map_or(Value::Null, |d| json!(d.to_string()))
}

/// The slugs of a list of source references.
fn source_slugs(list: &[SourceRef]) -> Value {
    json!(list.iter().map(SourceRef::slug).collect::<Vec<_>>())
}

/// Sets `sources` on `v` (the slugs), and `source_details` (each with its locator and
/// the words relied on) when any reference has either.
fn set_sources(v: &mut Value, list: &[SourceRef]) {
    v["sources"] = source_slugs(list);
    if list
        .iter()
        .any(|r| r.locator.is_some() || r.quote.is_some())
    {
        v["source_details"] = json!(
            list.iter()
                .map(|r| json!({ "source": r.slug(), "locator": r.locator, "quote": r.quote }))
                .collect::<Vec<_>>()
        );
    }
}

/// A fixed key's own status and sources, under its key in `backing`, when it has
/// any.
fn back<T>(backing: &mut serde_json::Map<String, Value>, key: &str, value: &Option<Sourced<T>>) {
    if let Some(value) = value
        && (value.status.is_some() || !value.sources.is_empty())
    {
        let mut v = json!({});
        backing_of(&mut v, &value.status, &value.sources);
        backing.insert(key.to_owned(), v);
    }
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
fn backing_of(v: &mut Value, status: &Option<toml::Spanned<Status>>, sources: &[SourceRef]) {
    v["status"] = json!(status.as_ref().map(|s| s.get_ref().as_str()));
    set_sources(v, sources);
}

fn amount(a: Option<&Amount>) -> Value {
    let Some(a) = a else {
        return Value::Null;
    };
    let mut v = size(&a.size);
    v["disclosed"] = json!(a.is_disclosed());
    v["currency"] = json!(a.currency);
    v["label"] = json!(a.label);
    backing_of(&mut v, &a.status, &a.sources);
    v
}

fn stake(s: Option<&Stake>) -> Value {
    let Some(s) = s else {
        return Value::Null;
    };
    let mut v = size(&s.size);
    v["label"] = json!(s.label);
    backing_of(&mut v, &s.status, &s.sources);
    v
}

fn dated(d: &Dated) -> Value {
    let mut v = json!({ "date": d.when.iso(), "precision": d.when.precision() });
    backing_of(&mut v, &d.status, &d.sources);
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
            backing_of(&mut v, &o.status, &o.sources);
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
            "sources": c.sources.iter().map(|s| cx.entry(s.id).slug()).collect::<Vec<_>>(),
        })).collect::<Vec<_>>()).unwrap_or_default(),
        "terms": d.terms,
        "status": d.status.as_ref().map(|s| s.get_ref().as_str()),
        "confirmation": d.confirmation,
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
    let mut v = json!({
        "status": step.status().get_ref().as_str(),
        "date": when.iso(),
        "precision": when.precision(),
    });
    set_sources(&mut v, step.sources());
    v
}

/// The quotes written on the entry `id`'s page, each with its chain: speakers, form,
/// the source that printed it, the relays it passed through, its translations.
fn quotes(cx: &Cx, id: EntryId) -> Value {
    let slug = |id: Option<EntryId>| id.map(|id| cx.entry(id).slug());
    json!(
        cx.site()
            .quotes()
            .all()
            .iter()
            .filter(|said| said.entry == id)
            .filter_map(|said| {
                let q = said.quote(cx.site())?;
                Some(json!({
                    "text": q.text,
                    "lang": q.lang,
                    "form": q.form.as_str(),
                    "by": said.speakers.iter().map(|&s| cx.entry(s).slug()).collect::<Vec<_>>(),
                    "source": slug(said.source),
                    "locator": q.locator,
                    "date": date(q.date),
                    "via": said.via.iter().map(|&s| cx.entry(s).slug()).collect::<Vec<_>>(),
                    "translations": q.translations.iter().zip(&said.translators).map(|(t, &by)| json!({
                        "text": t.text, "lang": t.lang, "source": slug(by),
                    })).collect::<Vec<_>>(),
                    "translation": q.translation,
                }))
            })
            .collect::<Vec<_>>()
    )
}

fn facts(facts: &[Fact]) -> Value {
    json!(
        facts
            .iter()
            .map(|f| {
                let mut v = json!({
                    "label": f.label,
                    "value": f.value,
                    "date": date(f.date),
                    "derived": f.derived,
                    "confirmation": f.confirmation,
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
                });
                backing_of(&mut v, &f.status, &f.sources);
                v
            })
            .collect::<Vec<_>>()
    )
}

/// `value` as `serde_json::to_string_pretty` writes it, nested `depth` levels deep
/// (two spaces a level). JSON strings hold no raw newline, so every newline in the
/// text is between tokens.
fn pretty(value: &Value, depth: usize) -> String {
    let mut text = Vec::new();
    let mut indented = Indented {
        out: &mut text,
        indent: "  ".repeat(depth),
    };
    // Writing into memory cannot fail, nor can a `Value` (its keys are strings).
    let _ = serde_json::to_writer_pretty(&mut indented, value);
    String::from_utf8(text).unwrap_or_default()
}

/// Writes into `out`, `indent` after each newline.
struct Indented<'o> {
    out: &'o mut Vec<u8>,
    indent: String,
}

impl std::io::Write for Indented<'_> {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        for piece in bytes.split_inclusive(|&b| b == b'\n') {
            self.out.extend_from_slice(piece);
            if piece.ends_with(b"\n") {
                self.out.extend_from_slice(self.indent.as_bytes());
            }
        }
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// How many entries `data/dossier.json` makes at a time (in parallel), to be put in
/// the document before the next: all of them at once held the text twice.
const EXPORT_CHUNK: usize = 512;

/// `data/dossier.json`, handed to `emit` in pieces, in order.
fn json_export(cx: &Cx, emit: &mut dyn FnMut(String)) {
    let config = cx.config();
    let several = cx.editions().len() > 1;
    // Each entry is made and written on its own, in parallel, and the document
    // put together as text: a large dossier's entries as one JSON value tree would
    // take several times the size of the file.
    let entry_json = |id: EntryId| {
        let e = cx.entry(id);
        let common = e.doc.front.common();
        let fields = match &e.doc.front {
            Front::Home(h) => json!({ "date": date(h.date) }),
            Front::Article(a) => json!({
                "date": date(a.date),
                "source": a.source.as_ref().map(|s| s.get_ref()),
                "language": a.language,
            }),
            Front::Company(c) => {
                let mut backing = serde_json::Map::new();
                back(&mut backing, "kind", &c.kind);
                back(&mut backing, "founded", &c.founded);
                back(&mut backing, "headquarters", &c.headquarters);
                back(&mut backing, "parent", &c.parent);
                json!({
                    "kind": c.kind.as_ref().map(|k| &k.value),
                    "founded": date(c.founded.as_ref().map(|f| f.value)),
                    "headquarters": c.headquarters.as_ref().map(|h| &h.value),
                    "website": c.website.as_ref().map(|w| w.as_str()),
                    "parent": c.parent.as_ref().map(|p| &p.value),
                    "leaders": c.leaders.iter().map(|l| {
                        let mut v = json!({
                            "person": l.person.get_ref(), "role": l.role, "since": date(l.since),
                        });
                        backing_of(&mut v, &l.status, &l.sources);
                        v
                    }).collect::<Vec<_>>(),
                    "products": slugs(&c.products),
                    "facts": facts(&c.facts),
                    "quotes": quotes(cx, id),
                    "backing": backing,
                })
            }
            Front::Person(p) => json!({
                "roles": p.roles.iter().map(|r| {
                    let mut v = json!({
                        "org": r.org.get_ref(), "title": r.title, "since": date(r.since),
                    });
                    backing_of(&mut v, &r.status, &r.sources);
                    v
                }).collect::<Vec<_>>(),
                "quotes": quotes(cx, id),
            }),
            Front::Product(p) => {
                let mut backing = serde_json::Map::new();
                back(&mut backing, "maker", &p.maker);
                back(&mut backing, "kind", &p.kind);
                back(&mut backing, "launched", &p.launched);
                back(&mut backing, "parameters", &p.parameters);
                back(&mut backing, "based_on", &p.based_on);
                json!({
                    "maker": p.maker.as_ref().map(|m| &m.value),
                    "kind": p.kind.as_ref().map(|k| &k.value),
                    "launched": date(p.launched.as_ref().map(|l| l.value)),
                    "parameters": p.parameters.as_ref().map(|n| n.value),
                    "based_on": p.based_on.as_ref().map(|b| &b.value),
                    "facts": facts(&p.facts),
                    "backing": backing,
                })
            }
            Front::Deal(d) => deal(cx, id, d),
            Front::Term(t) => json!({ "related": slugs(&t.related) }),
            Front::Source(s) => json!({
                "publisher": s.publisher.as_str(),
                "short": s.short.as_ref().map(|t| t.as_str()),
                // One line as the default language writes it, and each name.
                "author": s.author.as_ref().map(|a| cx.and_list(a.names())),
                "authors": s.author.as_ref().map_or(&[][..], |a| a.names()),
                "date": date(s.date),
                "url": s.url.as_ref().map(|u| u.as_str()),
                "language": s.language,
                "kind": s.kind,
                "relays": slugs(&s.relays),
                "issued_by": s.issued_by.as_ref().map(|i| i.get_ref()),
                "retrieved": date(s.retrieved.as_ref().map(|d| *d.get_ref())),
                "archive": s.archive.as_ref().map(|u| u.get_ref().as_str()),
            }),
            Front::Note(n) => json!({ "date": date(n.date), "tags": n.tags }),
            Front::Page(p) => json!({ "menu": p.menu.as_ref().map(|m| m.get_ref().key()) }),
        };
        let mut entry = json!({
            "slug": e.slug(),
            "kind": e.kind().singular(),
            "name": e.name,
            "url": format!("{}{}", config.base_url, e.path),
            "summary": common.summary,
            "aliases": common.aliases.iter().map(|a| a.get_ref().as_str()).collect::<Vec<_>>(),
            "sources": source_slugs(common.sources),
            "updated": date(common.updated),
            "fields": fields,
        });
        set_sources(&mut entry, common.sources);
        if several {
            entry["translations"] = translations(cx, id);
        }
        pretty(&entry, 2)
    };
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
    let ids: Vec<EntryId> = cx.entry_ids().collect();
    let mut text = String::from("{\n  \"entries\": [");
    for (n, chunk) in ids.chunks(EXPORT_CHUNK).enumerate() {
        let entries: Vec<String> = chunk.par_iter().map(|&id| entry_json(id)).collect();
        for (i, entry) in entries.iter().enumerate() {
            text.push_str(if n == 0 && i == 0 {
                "\n    "
            } else {
                ",\n    "
            });
            text.push_str(entry);
        }
        emit(std::mem::take(&mut text));
    }
    text.push_str(if ids.is_empty() { "]" } else { "\n  ]" });
    text.push_str(",\n  \"format\": \"dossier\",\n  \"site\": ");
    text.push_str(&pretty(&site, 1));
    text.push_str(&format!(",\n  \"version\": {JSON_VERSION}\n}}\n"));
    emit(text);
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
