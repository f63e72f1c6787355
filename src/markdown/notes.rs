//! Footnotes, as the HTML writer handles them. Footnotes are annotations: each note,
//! numbered in order of first reference, is written as an `<aside role="doc-footnote">`
//! right after the top-level block that first refers to it, with a link back, so it
//! reads in place on a phone, sits in the margin on a wide screen (CSS), and follows
//! its reference for a screen reader. Notes referred to only from other notes, or not
//! at all, go at the end. The same notes, without ids, are the endnotes of print.
//!
//! While the body is written, a note's place in the main flow is only a mark
//! ([`NOTE_MARK`]); [`Notes::finish`] renders the notes and puts each at its mark.

use std::collections::{BTreeMap, BTreeSet};

use pulldown_cmark::Event;

use crate::html::escape;

/// Marks where a note goes in the HTML until notes are rendered: a character that
/// cannot appear in text (pulldown-cmark replaces NUL), the number, and the same again.
pub(super) const NOTE_MARK: char = '\u{0}';

/// A footnote definition: its label and its events.
struct Note<'a> {
    label: String,
    events: Vec<Event<'a>>,
}

/// How the notes of a body are written on its page.
pub(super) struct NoteLook<'w> {
    /// Goes before the ids of notes and of references to them.
    pub id_prefix: &'w str,
    /// The site's language, which every note says it is in.
    pub lang: &'w str,
    /// The accessible name of a note's link back, with `{n}` for its number.
    pub back: &'w str,
}

/// The notes of a body being written.
#[derive(Default)]
pub(super) struct Notes<'a> {
    /// A footnote definition being collected.
    open: Option<Note<'a>>,
    /// Every footnote definition, in the order written.
    all: Vec<Note<'a>>,
    /// Note numbers, in order of first reference.
    numbers: BTreeMap<String, usize>,
    /// How many references each note has had so far.
    refs_seen: BTreeMap<String, usize>,
    /// Notes first referred to in the current top-level block.
    pending: Vec<usize>,
    /// Notes already given a place in the text.
    placed: BTreeSet<usize>,
}

impl<'a> Notes<'a> {
    /// A note's definition starts: what follows is its text, up to [`Notes::end`].
    pub fn start(&mut self, label: &str) {
        self.open = Some(Note {
            label: label.to_owned(),
            events: Vec::new(),
        });
    }

    /// The note being defined ends.
    pub fn end(&mut self) {
        if let Some(note) = self.open.take() {
            self.all.push(note);
        }
    }

    /// Where the events of the note being defined go, while one is.
    pub fn open_events(&mut self) -> Option<&mut Vec<Event<'a>>> {
        self.open.as_mut().map(|note| &mut note.events)
    }

    /// `<sup>` with the number of the note `label`, linking to it. The first reference
    /// from outside a note gives the note its place, after the current block.
    pub fn reference(&mut self, label: &str, id_prefix: &str) -> String {
        let next = self.numbers.len() + 1;
        let n = *self.numbers.entry(label.to_owned()).or_insert(next);
        let seen = self.refs_seen.entry(label.to_owned()).or_insert(0);
        *seen += 1;
        let p = id_prefix;
        let id = if *seen == 1 {
            if self.open.is_none() {
                self.pending.push(n);
            }
            format!("{p}fnref-{n}")
        } else {
            format!("{p}fnref-{n}-{seen}")
        };
        format!(
            "<sup class=\"noteref\"><a id=\"{id}\" href=\"#{p}fn-{n}\" role=\"doc-noteref\">{n}</a></sup>"
        )
    }

    /// After a top-level block (at `depth` 0, outside a note), the notes it referred to
    /// for the first time are given their place in `main`.
    pub fn block_ended(&mut self, depth: usize, main: &mut Vec<Event<'a>>) {
        if depth == 0 && self.open.is_none() {
            for n in std::mem::take(&mut self.pending) {
                self.place(n, main);
            }
        }
    }

    /// The notes not yet placed (referred to only from other notes, or not at all) go
    /// at the end of `main`.
    pub fn place_the_rest(&mut self, main: &mut Vec<Event<'a>>) {
        let labels: Vec<String> = self.all.iter().map(|note| note.label.clone()).collect();
        for label in labels {
            let next = self.numbers.len() + 1;
            let n = *self.numbers.entry(label).or_insert(next);
            self.place(n, main);
        }
    }

    fn place(&mut self, n: usize, main: &mut Vec<Event<'a>>) {
        if self.placed.insert(n) {
            main.push(Event::Html(format!("{NOTE_MARK}{n}{NOTE_MARK}").into()));
        }
    }

    /// `html` (the rendered main flow) with each note in its place, and the notes as
    /// endnotes (HTML without ids), in order. `render` turns a note's events into HTML.
    pub fn finish(
        self,
        html: String,
        look: &NoteLook,
        mut render: impl FnMut(Vec<Event<'a>>) -> String,
    ) -> (String, Vec<String>) {
        if self.all.is_empty() {
            return (html, Vec::new());
        }
        let mut rendered: BTreeMap<usize, String> = BTreeMap::new();
        let mut endnotes: BTreeMap<usize, String> = BTreeMap::new();
        for note in self.all {
            if let Some(&n) = self.numbers.get(&note.label) {
                let inner = render(note.events);
                rendered.insert(n, note_html(n, look, &inner));
                // The printed copy must not repeat the ids of the note (its citations).
                endnotes.insert(n, strip_ids(&inner));
            }
        }
        let mut out = String::with_capacity(html.len());
        let mut parts = html.split(NOTE_MARK);
        if let Some(first) = parts.next() {
            out.push_str(first);
        }
        while let (Some(number), Some(rest)) = (parts.next(), parts.next()) {
            if let Some(note) = number.parse().ok().and_then(|n: usize| rendered.get(&n)) {
                out.push_str(note);
            }
            out.push_str(rest);
        }
        (out, endnotes.into_values().collect())
    }
}

/// The note numbered `n`, whose text is the HTML `inner`, with its link back.
fn note_html(n: usize, look: &NoteLook, inner: &str) -> String {
    let prefix = look.id_prefix;
    let back = look.back.replace("{n}", &n.to_string());
    format!(
        "<aside class=\"note\" id=\"{prefix}fn-{n}\" role=\"doc-footnote\" lang=\"{}\">\
         <span class=\"note-number\">{n}</span>{inner}\
         <a class=\"note-back\" href=\"#{prefix}fnref-{n}\" role=\"doc-backlink\" \
         aria-label=\"{}\">↩</a></aside>\n",
        escape(look.lang),
        escape(&back)
    )
}

/// `html` without its `id="…"` attributes. Text in `html` is escaped, so ` id="` only
/// ever starts an attribute.
fn strip_ids(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(at) = rest.find(" id=\"") {
        out.push_str(&rest[..at]);
        let after = &rest[at + 5..];
        rest = after.find('"').map_or("", |end| &after[end + 1..]);
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::super::html::fixtures::*;
    use super::super::html::{Context, to_html};

    #[test]
    fn footnotes_follow_the_block_that_refers_to_them() {
        let html =
            render("First[^a] and again[^a].\n\nSecond[^b].\n\n[^b]: Note B.\n[^a]: Note *A*.\n");
        let first_p = html.find("<p>First").unwrap();
        let note_a = html
            .find(r#"<aside class="note" id="fn-1" role="doc-footnote" lang="en">"#)
            .unwrap();
        let second_p = html.find("<p>Second").unwrap();
        let note_b = html.find(r#"id="fn-2""#).unwrap();
        assert!(
            first_p < note_a && note_a < second_p && second_p < note_b,
            "{html}"
        );
        assert!(
            html.contains(r##"<a id="fnref-1" href="#fn-1" role="doc-noteref">1</a>"##),
            "{html}"
        );
        assert!(
            html.contains(r##"<a id="fnref-1-2" href="#fn-1" role="doc-noteref">1</a>"##),
            "{html}"
        );
        assert!(html.contains("<em>A</em>"), "{html}");
        assert!(
            html.contains(r##"href="#fnref-1" role="doc-backlink""##),
            "{html}"
        );
    }

    #[test]
    fn notes_referred_to_only_from_notes_are_kept() {
        let html = render("Text[^a].\n\n[^a]: See[^b].\n[^b]: Inner.\n[^c]: Orphan.\n");
        assert!(
            html.contains(r#"id="fn-1""#)
                && html.contains(r#"id="fn-2""#)
                && html.contains(r#"id="fn-3""#),
            "{html}"
        );
        assert!(
            html.contains("Inner.") && html.contains("Orphan."),
            "{html}"
        );
    }

    #[test]
    fn a_citation_in_a_note_keeps_one_id() {
        let out = to_html("Text[^1].\n\n[^1]: As reported [@ft].", &context(&resolve));
        assert_eq!(
            out.html.matches("id=\"cite-1-1\"").count(),
            1,
            "{}",
            out.html
        );
        assert!(!out.endnotes[0].contains(" id="), "{:?}", out.endnotes);
        assert!(
            out.endnotes[0].contains("role=\"doc-biblioref\""),
            "{:?}",
            out.endnotes
        );
    }

    #[test]
    fn note_ids_take_the_page_prefix() {
        let html = to_html(
            "Text[^1].\n\n[^1]: N.",
            &Context {
                id_prefix: "rlhf-",
                ..context(&resolve)
            },
        )
        .html;
        assert!(
            html.contains(r#"id="rlhf-fn-1""#) && html.contains(r##"href="#rlhf-fn-1""##),
            "{html}"
        );
    }
}
