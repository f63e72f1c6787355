//! What publishing needs beside the pages: schema.org JSON-LD for each page, the
//! sitemap, robots.txt and the Atom feed of the notes. Every URL here is absolute, from
//! `base_url`. Dates come from the content, never from the clock.

use serde_json::{Value, json};

use super::Cx;
use crate::html::escape;
use crate::model::{Amount, Front, Kind, PartialDate, slugs_of};
use crate::resolve::EntryId;

/// Text for XML: escaped, and without the characters XML 1.0 forbids (control
/// characters, U+FFFE and U+FFFF) or discourages (the other noncharacters): a feed
/// reader drops a whole feed over one.
fn xml(text: &str) -> String {
    let allowed: String = text.chars().filter(|&c| xml_char(c)).collect();
    escape(&allowed)
}

fn xml_char(c: char) -> bool {
    let noncharacter = matches!(c as u32, 0xFDD0..=0xFDEF) || (c as u32 & 0xFFFE) == 0xFFFE;
    (!c.is_control() || matches!(c, '\t' | '\n' | '\r')) && !noncharacter
}

/// JSON for a `<script>` element: `<`, `>` and `&` are written as JSON escapes, so no
/// text from front matter can end the element early or read as markup.
pub(super) fn script_json(value: &Value) -> String {
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

/// RFC 3339 for Atom: midnight UTC of the date (the first of the month or year when
/// that is all the date says).
fn rfc3339(date: PartialDate) -> String {
    format!(
        "{:04}-{:02}-{:02}T00:00:00Z",
        date.year,
        date.month.unwrap_or(1),
        date.day.unwrap_or(1)
    )
}

impl Cx<'_> {
    fn absolute(&self, id: EntryId) -> String {
        format!("{}{}", self.site.config.base_url, self.entry(id).path)
    }

    /// A reference to another entry in JSON-LD: its type, name and URL.
    fn thing(&self, id: EntryId) -> Value {
        let entry = &self.entry(id);
        let kind = match entry.kind() {
            Kind::Company => "Organization",
            Kind::Person => "Person",
            Kind::Product => "Product",
            Kind::Term => "DefinedTerm",
            _ => "Thing",
        };
        json!({ "@type": kind, "name": entry.name, "url": self.absolute(id) })
    }

    fn thing_by_slug(&self, slug: &str) -> Option<Value> {
        self.site.id_of(slug).map(|id| self.thing(id))
    }

    /// The schema.org description of an entry's page, and its Open Graph type.
    pub(super) fn entry_jsonld(&self, id: EntryId) -> (&'static str, Value) {
        let entry = &self.entry(id);
        let common = entry.doc.front.common();
        let url = self.absolute(id);
        let mut value = match &entry.doc.front {
            Front::Company(c) => {
                let mut v = json!({ "@type": "Organization" });
                if let Some(site) = &c.website {
                    v["sameAs"] = json!(site.as_str());
                }
                if let Some(founded) = c.founded {
                    v["foundingDate"] = json!(iso(founded));
                }
                if let Some(parent) = c
                    .parent
                    .as_ref()
                    .and_then(|p| self.thing_by_slug(p.get_ref()))
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
                    .filter_map(|r| self.thing_by_slug(r.org.get_ref()))
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
                    .and_then(|m| self.thing_by_slug(m.get_ref()))
                {
                    v["manufacturer"] = maker;
                }
                if let Some(launched) = p.launched {
                    v["releaseDate"] = json!(iso(launched));
                }
                v
            }
            Front::Deal(d) => {
                // An investment is described as the money it moves.
                let mut money = json!({ "@type": "MonetaryAmount", "name": entry.name });
                match &d.amount {
                    Some(Amount::Exact { value, currency }) => {
                        money["value"] = json!(value);
                        money["currency"] = json!(currency);
                    }
                    Some(Amount::Range {
                        min, max, currency, ..
                    }) => {
                        money["currency"] = json!(currency);
                        if let Some(min) = min {
                            money["minValue"] = json!(min);
                        }
                        if let Some(max) = max {
                            money["maxValue"] = json!(max);
                        }
                    }
                    Some(Amount::Undisclosed) | None => {}
                }
                let mut parties: Vec<Value> = slugs_of(&d.investor)
                    .iter()
                    .filter_map(|s| self.thing_by_slug(s.get_ref()))
                    .collect();
                parties.extend(self.thing_by_slug(d.recipient.get_ref()));
                json!({
                    "@type": "WebPage",
                    "about": money,
                    "mentions": parties,
                    "datePublished": iso(d.announced),
                })
            }
            Front::Term(_) => json!({
                "@type": "DefinedTerm",
                "inDefinedTermSet": {
                    "@type": "DefinedTermSet",
                    "name": self.t("kind_term_plural"),
                    "url": format!("{}{}glossary/", self.site.config.base_url, self.site.edition.prefix),
                },
            }),
            Front::Source(s) => {
                let mut v = json!({ "@type": "CreativeWork", "publisher": { "@type": "Organization", "name": s.publisher.as_str() } });
                if let Some(author) = &s.author {
                    v["author"] = json!({ "@type": "Person", "name": author });
                }
                if let Some(date) = s.date {
                    v["datePublished"] = json!(iso(date));
                }
                if let Some(url) = &s.url {
                    v["sameAs"] = json!(url.as_str());
                }
                if let Some(language) = &s.language {
                    v["inLanguage"] = json!(language);
                }
                v
            }
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
                    .and_then(|s| self.site.by_slug(s.get_ref()))
                    && let Front::Source(s) = &source.doc.front
                    && let Some(url) = &s.url
                {
                    v["isBasedOn"] = json!(url.as_str());
                }
                v
            }
            Front::Home(_) => json!({ "@type": "WebSite" }),
        };
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
        let og_type = match entry.kind() {
            Kind::Note | Kind::Article => "article",
            Kind::Person => "profile",
            _ => "website",
        };
        (og_type, value)
    }

    /// A page that lists entries (a collection, the glossary, the timeline).
    pub(super) fn collection_jsonld(&self, title: &str, path: &str, kind: Option<Kind>) -> Value {
        let url = format!("{}{path}", self.site.config.base_url);
        if kind == Some(Kind::Term) {
            let terms: Vec<Value> = self
                .site
                .of_kind(Kind::Term)
                .map(|(id, _)| self.thing(id))
                .collect();
            return json!({ "@context": "https://schema.org", "@type": "DefinedTermSet", "name": title, "url": url, "hasDefinedTerm": terms });
        }
        json!({ "@context": "https://schema.org", "@type": "CollectionPage", "name": title, "url": url })
    }

    /// `sitemap.xml`: every page but the 404 page, with its last change when known.
    pub(super) fn sitemap(&self, pages: &[String]) -> String {
        let several = self.editions.len() > 1;
        let mut out = String::from(if several {
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\" xmlns:xhtml=\"http://www.w3.org/1999/xhtml\">\n"
        } else {
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n"
        });
        let updated: std::collections::HashMap<&str, PartialDate> = self
            .site
            .entries()
            .iter()
            .filter_map(|e| Some((e.path.as_str(), e.doc.front.common().updated?)))
            .collect();
        let base = &self.site.config.base_url;
        for page in pages {
            let path = page.strip_suffix("index.html").unwrap_or(page);
            // The page's path within its edition: the same in every language.
            let own = self
                .editions
                .iter()
                .skip(1)
                .find_map(|s| path.strip_prefix(s.edition.prefix.as_str()))
                .unwrap_or(path);
            out.push_str(&format!(
                "  <url><loc>{}</loc>",
                xml(&format!("{base}{path}"))
            ));
            let updated = updated.get(own).copied();
            if let Some(updated) = updated.filter(|d| d.day.is_some()) {
                out.push_str(&format!("<lastmod>{}</lastmod>", iso(updated)));
            }
            if several {
                for site in &self.editions {
                    out.push_str(&format!(
                        "<xhtml:link rel=\"alternate\" hreflang=\"{}\" href=\"{}\"/>",
                        xml(&site.edition.code),
                        xml(&format!("{base}{}{own}", site.edition.prefix))
                    ));
                }
            }
            out.push_str("</url>\n");
        }
        out.push_str("</urlset>\n");
        out
    }

    pub(super) fn robots(&self) -> String {
        format!(
            "User-agent: *\nAllow: /\n\nSitemap: {}sitemap.xml\n",
            self.site.config.base_url
        )
    }

    /// `feed.xml`: the notes, newest first, as Atom. The feed's date is its newest
    /// entry's, so two builds of the same notes write the same feed.
    pub(super) fn feed(&self) -> String {
        let config = &self.site.config;
        let mut notes: Vec<(PartialDate, EntryId)> = self
            .site
            .of_kind(Kind::Note)
            .map(|(id, e)| {
                let common = e.doc.front.common();
                let date = match &e.doc.front {
                    Front::Note(n) => common.updated.or(n.date),
                    _ => None,
                };
                (
                    date.unwrap_or(PartialDate {
                        year: 1970,
                        month: None,
                        day: None,
                    }),
                    id,
                )
            })
            .collect();
        notes.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
        let updated = notes
            .first()
            .map_or_else(|| "1970-01-01T00:00:00Z".to_owned(), |n| rfc3339(n.0));
        let mut out = format!(
            "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"{}\">\n\
             <title>{} — {}</title>\n<id>{home}</id>\n<link rel=\"alternate\" type=\"text/html\" href=\"{home}\"/>\n\
             <link rel=\"self\" type=\"application/atom+xml\" href=\"{home}feed.xml\"/>\n<updated>{updated}</updated>\n",
            xml(&config.language),
            xml(&config.title),
            xml(self.t("feed_notes")),
            home = xml(&format!("{}{}", config.base_url, self.site.edition.prefix)),
        );
        if let Some(author) = &config.author {
            out.push_str(&format!("<author><name>{}</name></author>\n", xml(author)));
        } else {
            out.push_str(&format!(
                "<author><name>{}</name></author>\n",
                xml(&config.title)
            ));
        }
        for (date, id) in notes {
            let entry = &self.entry(id);
            let url = self.absolute(id);
            out.push_str(&format!(
                "<entry>\n  <title>{}</title>\n  <id>{}</id>\n  <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n  <updated>{}</updated>\n",
                xml(&entry.name),
                xml(&url),
                xml(&url),
                rfc3339(date)
            ));
            if let Some(summary) = entry.doc.front.common().summary {
                out.push_str(&format!("  <summary>{}</summary>\n", xml(summary)));
            }
            if let Front::Note(n) = &entry.doc.front {
                for tag in &n.tags {
                    out.push_str(&format!("  <category term=\"{}\"/>\n", xml(tag)));
                }
            }
            out.push_str("</entry>\n");
        }
        out.push_str("</feed>\n");
        out
    }
}
