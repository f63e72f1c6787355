//! The links and ids of a page, as the link check reads them: every `href` and `src`
//! and every `id`, decoded. Collected while a page is typeset (`map_text_with`), which
//! reads every tag anyway, or by reading a page on its own ([`PageLinks::of`]).

use super::tags::{decode, for_each_attribute};

/// A page's links and ids, in the order they are written, each value followed by
/// `\0`: a page of thousands of links is two allocations. A `\0` in a value is
/// kept as U+FFFD, as HTML reads it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PageLinks {
    links: String,
    ids: String,
}

impl PageLinks {
    /// The links and ids of `html`, read tag by tag.
    pub fn of(html: &str) -> PageLinks {
        let mut found = PageLinks::default();
        for_each_attribute(html, |name, value| found.attribute(name, value));
        found
    }

    /// Notes one attribute of a start tag, its value as written.
    pub fn attribute(&mut self, name: &str, value: &str) {
        let into = if name.eq_ignore_ascii_case("href") || name.eq_ignore_ascii_case("src") {
            &mut self.links
        } else if name.eq_ignore_ascii_case("id") {
            &mut self.ids
        } else {
            return;
        };
        let decoded = if value.contains('&') {
            std::borrow::Cow::Owned(decode(value))
        } else {
            std::borrow::Cow::Borrowed(value)
        };
        if decoded.contains('\0') {
            into.push_str(&decoded.replace('\0', "\u{fffd}"));
        } else {
            into.push_str(&decoded);
        }
        into.push('\0');
    }

    /// Adds the links and ids of `more`, which comes after this in the page.
    pub fn append(&mut self, more: &PageLinks) {
        self.links.push_str(&more.links);
        self.ids.push_str(&more.ids);
    }

    /// The links (`href`, `src`), in order.
    pub fn links(&self) -> impl Iterator<Item = &str> {
        self.links.split_terminator('\0')
    }

    /// The ids, in order.
    pub fn ids(&self) -> impl Iterator<Item = &str> {
        self.ids.split_terminator('\0')
    }
}

#[cfg(test)]
mod tests {
    use super::PageLinks;
    use crate::html::map_text_with;

    /// The links and ids read while typesetting `html`.
    fn while_typeset(html: &str) -> PageLinks {
        let mut found = PageLinks::default();
        map_text_with(
            html,
            "en",
            |text, _, _| Some(text.replace('\'', "’")),
            |name, value| found.attribute(name, value),
        );
        found
    }

    #[test]
    fn typesetting_reads_the_links_a_page_has() {
        let html = concat!(
            "<!doctype html><html lang=\"fr\"><head><title>a <a href=\"no\"></title>",
            "<script>let s = '<a href=\"not-a-link\">';</script>",
            "<style>a[href='x'] { color: red }</style></head>",
            "<body><!-- <a href=\"commented\"> --><p id=\"top\" title=\"it's\">it's ",
            "<a HREF='a/?x=1&amp;y=2' id=caf&#xe9;>a</a> </ not a tag <a href=\"hidden\"> > ",
            "<img src=\"i.png\" alt=\"l'image\"><a href>empty</a><a id=\"n&#0;ul\">",
            "<pre><code><a href=\"in-code\">x</a></code></pre>",
            "<textarea><a href=\"in-textarea\"></textarea><a href=\"#top\">up</a></p>",
        );
        let read = PageLinks::of(html);
        assert_eq!(while_typeset(html), read);
        assert_eq!(
            read.links().collect::<Vec<_>>(),
            ["a/?x=1&y=2", "i.png", "", "in-code", "#top"]
        );
        assert_eq!(
            read.ids().collect::<Vec<_>>(),
            ["top", "café", "n\u{fffd}ul"]
        );
    }
}
