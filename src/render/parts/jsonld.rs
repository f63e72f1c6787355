//! schema.org JSON-LD for each page: what an entry is (an organization, a person, an
//! investment…) and what a collection lists. Every URL here is absolute, from
//! `base_url`; dates come from the content, never from the clock.

use serde_json::{Value, json};

use crate::model::{
    Amount, DealKind, DealRole, Front, Kind, OutcomeState, PartialDate, QuoteForm, Size,
};
use crate::render::context::Cx;
use crate::resolve::{Deal, EntryId};

/// JSON for a `<script>` element: `<`, `>` and `&` are written as JSON escapes, so no
/// text from front matter can end the element early or read as markup.
pub(in crate::render) fn script(value: &Value) -> String {
    value
        .to_string()
        .replace('<', "\\u003c")
        .replace('>', "\\u003e")
        .replace('&', "\\u0026")
}

/// ISO 8601 for schema.org: as precise as the date is.
fn iso(date: PartialDate) -> String {
    date.to_string()
}

/// A reference to another entry in JSON-LD: its type, name and URL.
fn thing(cx: &Cx, id: EntryId) -> Value {
    let entry = &cx.entry(id);
    let kind = match entry.kind() {
        Kind::Company => "Organization",
        Kind::Person => "Person",
        Kind::Product => "Product",
        Kind::Term => "DefinedTerm",
        _ => "Thing",
    };
    json!({ "@type": kind, "name": entry.name, "url": cx.url(id) })
}

/// [`thing`] of the entry with the slug `slug`.
fn thing_by_slug(cx: &Cx, slug: &str) -> Option<Value> {
    cx.id_of(slug).map(|id| thing(cx, id))
}

/// The schema.org description of an entry's page, and its Open Graph type. `cited`
/// are the slugs of the sources its body cites: a page that is a `CreativeWork` (an
/// article, a note, a source, a deal's web page, the site) lists them as its
/// `citation`.
pub(in crate::render) fn entry(cx: &Cx, id: EntryId, cited: &[String]) -> (&'static str, Value) {
    let entry = &cx.entry(id);
    let common = entry.doc.front.common();
    let url = cx.url(id);
    let mut value = match &entry.doc.front {
        Front::Company(c) => {
            let mut v = json!({ "@type": "Organization" });
            if let Some(site) = &c.website {
                v["sameAs"] = json!(site.as_str());
            }
            if let Some(founded) = c.founded.as_ref().map(|f| f.value) {
                v["foundingDate"] = json!(iso(founded));
            }
            if let Some(parent) = c
                .parent
                .as_ref()
                .and_then(|p| thing_by_slug(cx, p.get_ref()))
            {
                v["parentOrganization"] = parent;
            }
            v
        }
        Front::Person(p) => {
            let mut v = json!({ "@type": "Person" });
            if let Some(role) = p.roles.first() {
                v["jobTitle"] = json!(role.title);
            }
            let orgs: Vec<Value> = p
                .roles
                .iter()
                .filter_map(|r| thing_by_slug(cx, r.org.get_ref()))
                .collect();
            if !orgs.is_empty() {
                v["worksFor"] = json!(orgs);
            }
            v
        }
        Front::Product(p) => {
            let mut v = json!({ "@type": "Product" });
            if let Some(maker) = p
                .maker
                .as_ref()
                .and_then(|m| thing_by_slug(cx, m.get_ref()))
            {
                v["manufacturer"] = maker;
            }
            if let Some(launched) = p.launched.as_ref().map(|l| l.value) {
                v["releaseDate"] = json!(iso(launched));
            }
            v
        }
        Front::Deal(_) => match cx.deal(id) {
            Some(deal) => json!({ "@type": "WebPage", "about": deal_action(cx, deal) }),
            None => json!({ "@type": "WebPage" }),
        },
        Front::Term(_) => json!({
            "@type": "DefinedTerm",
            "inDefinedTermSet": {
                "@type": "DefinedTermSet",
                "name": cx.t("kind_term_plural"),
                "url": format!("{}{}glossary/", cx.config().base_url, cx.prefix()),
            },
        }),
        Front::Source(s) => {
            let mut v = json!({ "@type": "CreativeWork", "publisher": { "@type": "Organization", "name": s.publisher.as_str() } });
            if let Some(author) = &s.author {
                let people: Vec<serde_json::Value> = author
                    .names()
                    .iter()
                    .map(|name| json!({ "@type": "Person", "name": name }))
                    .collect();
                v["author"] = match <[_; 1]>::try_from(people) {
                    Ok([one]) => one,
                    Err(people) => json!(people),
                };
            }
            if let Some(date) = s.date {
                v["datePublished"] = json!(iso(date));
            }
            if let Some(url) = &s.url {
                v["sameAs"] = json!(url.as_str());
            }
            if let Some(archive) = &s.archive {
                v["archivedAt"] = json!(archive.get_ref().as_str());
            }
            if let Some(language) = &s.language {
                v["inLanguage"] = json!(language);
            }
            v
        }
        Front::Page(_) => json!({ "@type": "WebPage", "name": entry.name }),
        Front::Note(n) => {
            let mut v = json!({ "@type": "Article", "headline": entry.name });
            if let Some(date) = n.date {
                v["datePublished"] = json!(iso(date));
            }
            if !n.tags.is_empty() {
                v["keywords"] = json!(n.tags.join(", "));
            }
            v
        }
        Front::Article(a) => {
            let mut v = json!({ "@type": "Article", "headline": entry.name });
            if let Some(source) = a
                .source
                .as_ref()
                .and_then(|s| cx.id_of(s.get_ref()))
                .map(|id| cx.entry(id))
                && let Front::Source(s) = &source.doc.front
                && let Some(url) = &s.url
            {
                v["isBasedOn"] = json!(url.as_str());
            }
            v
        }
        Front::Home(_) => json!({ "@type": "WebSite" }),
    };
    // What a person or an organisation said, verbatim or paraphrased (an account is
    // the source's words, not theirs): each a Quotation by its speakers, based on the
    // source that printed it.
    if matches!(entry.kind(), Kind::Person | Kind::Company) {
        let quotations: Vec<Value> = cx
            .quotes_of(id)
            .into_iter()
            .filter_map(|said| Some((said, said.quote(cx.site())?)))
            .filter(|(_, q)| q.form != QuoteForm::Account)
            .map(|(said, q)| {
                let mut v = json!({
                    "@type": "Quotation",
                    "text": q.text,
                    "creator": said.speakers.iter().map(|&s| thing(cx, s)).collect::<Vec<_>>(),
                });
                if let Some(lang) = &q.lang {
                    v["inLanguage"] = json!(lang);
                }
                if let Some(work) = said.source.and_then(|s| source_work(cx, s)) {
                    v["isBasedOn"] = work;
                }
                v
            })
            .collect();
        if !quotations.is_empty() {
            value["subjectOf"] = json!(quotations);
        }
    }
    value["@context"] = json!("https://schema.org");
    value["name"] = json!(entry.name);
    value["url"] = json!(url);
    if let Some(summary) = common.summary {
        value["description"] = json!(summary);
    }
    let aliases: Vec<&str> = common
        .aliases
        .iter()
        .map(|a| a.get_ref().as_str())
        .collect();
    if !aliases.is_empty() {
        value["alternateName"] = json!(aliases);
    }
    if let Some(updated) = common.updated {
        value["dateModified"] = json!(iso(updated));
    }
    let creative_work = ["Article", "CreativeWork", "WebPage", "WebSite"]
        .iter()
        .any(|t| value["@type"] == *t);
    let citations: Vec<Value> = cited
        .iter()
        .filter_map(|slug| cx.id_of(slug))
        .filter_map(|id| source_work(cx, id))
        .collect();
    if creative_work && !citations.is_empty() {
        value["citation"] = json!(citations);
    }
    let og_type = match entry.kind() {
        Kind::Note | Kind::Article => "article",
        Kind::Person => "profile",
        _ => "website",
    };
    (og_type, value)
}

/// A source as a citation: a `CreativeWork` with its title, address, publisher, date
/// and, when it has one, its archived copy (`archivedAt`).
fn source_work(cx: &Cx, id: EntryId) -> Option<Value> {
    let Front::Source(s) = &cx.entry(id).doc.front else {
        return None;
    };
    let mut v = json!({
        "@type": "CreativeWork",
        "name": s.title.as_str(),
        "publisher": { "@type": "Organization", "name": s.publisher.as_str() },
    });
    if let Some(url) = &s.url {
        v["url"] = json!(url.as_str());
    }
    if let Some(date) = s.date {
        v["datePublished"] = json!(iso(date));
    }
    if let Some(archive) = &s.archive {
        v["archivedAt"] = json!(archive.get_ref().as_str());
    }
    Some(v)
}

/// A page that lists entries (a collection, the glossary, the timeline).
pub(in crate::render) fn collection(cx: &Cx, title: &str, path: &str, kind: Option<Kind>) -> Value {
    let url = format!("{}{path}", cx.config().base_url);
    if kind == Some(Kind::Term) {
        let terms: Vec<Value> = cx.of_kind(Kind::Term).map(|id| thing(cx, id)).collect();
        return json!({ "@context": "https://schema.org", "@type": "DefinedTermSet", "name": title, "url": url, "hasDefinedTerm": terms });
    }
    json!({ "@context": "https://schema.org", "@type": "CollectionPage", "name": title, "url": url })
}

/// A deal as a schema.org action: an investment is an `InvestOrDepositAction`, an
/// acquisition a `BuyAction` (its target the object, its seller the seller), the other
/// kinds an `Action` with an `additionalType`; the outcome is its `actionStatus`, the
/// amount a `MonetaryAmount` with `minValue`/`maxValue` for a range.
fn deal_action(cx: &Cx, deal: &Deal) -> Value {
    let things = |ids: &[EntryId]| -> Vec<Value> { ids.iter().map(|&id| thing(cx, id)).collect() };
    let (from, to) = deal.sides();
    let mut action = match deal.kind {
        DealKind::Investment => {
            json!({ "@type": "InvestOrDepositAction", "recipient": things(&to) })
        }
        DealKind::Acquisition => json!({
            "@type": "BuyAction",
            "object": things(&to),
            "seller": things(deal.in_role(DealRole::Seller)),
        }),
        other => json!({
            "@type": "Action",
            "additionalType": other.as_str(),
            "participant": things(&to),
        }),
    };
    action["name"] = json!(cx.entry(deal.id).name);
    action["agent"] = json!(things(&from));
    if let Some((_, when)) = deal.event() {
        action["startTime"] = json!(when.iso());
    }
    if let Some(outcome) = &deal.outcome {
        let (state, when) = outcome.value;
        action["actionStatus"] = json!(match state {
            OutcomeState::Completed => "https://schema.org/CompletedActionStatus",
            OutcomeState::Announced | OutcomeState::Pending =>
                "https://schema.org/ActiveActionStatus",
            _ => "https://schema.org/FailedActionStatus",
        });
        if let Some(when) = when {
            action["endTime"] = json!(when.iso());
        }
    }
    if let Some(amount) = deal.amount.as_ref().and_then(|a| money(&a.value)) {
        let key = if deal.kind == DealKind::Acquisition {
            "price"
        } else {
            "amount"
        };
        action[key] = amount;
    }
    action
}

/// An amount as a `MonetaryAmount`, when a figure is disclosed.
fn money(a: &Amount) -> Option<Value> {
    let mut v = json!({ "@type": "MonetaryAmount", "currency": a.currency.as_ref()? });
    match a.size {
        Size::Exact(x) | Size::About(x) => v["value"] = json!(x),
        Size::Between { min, max, .. } => {
            if let Some(min) = min {
                v["minValue"] = json!(min);
            }
            if let Some(max) = max {
                v["maxValue"] = json!(max);
            }
        }
        Size::Unknown => return None,
    }
    Some(v)
}
