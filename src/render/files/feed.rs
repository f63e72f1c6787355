//! `feed.xml`, per edition: the newest notes (`feed_items` in site.toml, 50 by
//! default), newest first, as Atom.

use super::{file, xml};
use crate::model::{Front, Kind, PartialDate};
use crate::render::context::Cx;
use crate::render::producer::{Out, Producer, Stage};
use crate::resolve::EntryId;

pub(super) struct Feed;

impl Producer for Feed {
    fn stage(&self) -> Stage {
        Stage::Edition
    }

    fn make(&self, cx: &Cx, out: &Out) {
        out.emit(file(path(cx), feed(cx).into_bytes()));
    }

    fn files(&self, cx: &Cx) -> Vec<String> {
        vec![path(cx)]
    }
}

fn path(cx: &Cx) -> String {
    format!("{}feed.xml", cx.prefix())
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

/// `feed.xml`: the notes, newest first, as Atom. The feed's date is its newest
/// entry's, so two builds of the same notes write the same feed.
fn feed(cx: &Cx) -> String {
    let config = cx.config();
    let mut notes: Vec<(PartialDate, EntryId)> = cx
        .of_kind(Kind::Note)
        // A draft, in a build with --drafts, goes to no reader's feed.
        .filter(|&id| !cx.entry(id).doc.front.common().draft)
        .map(|id| {
            let e = cx.entry(id);
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
        xml(&cx.typeset_text(&config.title, None)),
        xml(cx.t("feed_notes")),
        home = xml(&format!("{}{}", config.base_url, cx.prefix())),
    );
    if let Some(author) = &config.author {
        out.push_str(&format!("<author><name>{}</name></author>\n", xml(author)));
    } else {
        out.push_str(&format!(
            "<author><name>{}</name></author>\n",
            xml(&cx.typeset_text(&config.title, None))
        ));
    }
    for (date, id) in notes.into_iter().take(config.feed_items) {
        let entry = &cx.entry(id);
        let url = cx.url(id);
        out.push_str(&format!(
            "<entry>\n  <title>{}</title>\n  <id>{}</id>\n  <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n  <updated>{}</updated>\n",
            xml(&cx.typeset_text(&entry.name, entry.lang.as_deref())),
            xml(&url),
            xml(&url),
            rfc3339(date)
        ));
        if let Some(summary) = entry.doc.front.common().summary {
            out.push_str(&format!(
                "  <summary>{}</summary>\n",
                xml(&cx.typeset_text(summary, entry.lang.as_deref()))
            ));
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
