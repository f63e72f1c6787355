//! Rewriting what readers see of a page we made: each run of text between tags, and
//! the attributes shown as text (tooltips, labels, the description link previews
//! show), with the language in effect there. Code, scripts, styles, comments,
//! addresses and every other attribute are copied as they are. Tags are read by the
//! rules `tags` reads them by.

use std::ops::Range;

use super::tags::{find, find_ignore_case, is_tag_end, skip_markup_declaration};
use super::{decode, escape, escape_text};

/// Attributes whose value readers see: tooltips, accessible names, alternatives, and
/// the words `dossier.js` shows (`data-label` also heads a table cell on a phone).
const SHOWN: [&str; 13] = [
    "title",
    "alt",
    "aria-label",
    "placeholder",
    "data-label",
    "data-kind",
    "data-all",
    "data-none",
    "data-one",
    "data-many",
    "data-said",
    "data-failed",
    "data-prompt",
];

/// The `<meta>` elements (by `name` or `property`) whose `content` is shown: by search
/// engines and in link previews.
const SHOWN_META: [&str; 6] = [
    "description",
    "og:title",
    "og:description",
    "og:site_name",
    "twitter:title",
    "twitter:description",
];

/// Elements whose text is code or data, kept as written (with what they hold).
const VERBATIM: [&str; 7] = ["pre", "code", "kbd", "samp", "script", "style", "textarea"];

/// Elements whose content is text up to their end tag, with no tags in it.
const RAW_TEXT: [&str; 4] = ["script", "style", "textarea", "title"];

/// Elements inside a line of text: the text after them goes on from the text before
/// (`<a>the article</a>'s account`). Any other element starts afresh.
const INLINE: [&str; 26] = [
    "a", "abbr", "b", "bdi", "bdo", "cite", "code", "data", "del", "dfn", "em", "i", "ins", "kbd",
    "mark", "q", "s", "samp", "small", "span", "strong", "sub", "sup", "time", "u", "var",
];

/// Elements that have no end tag.
const VOID: [&str; 13] = [
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track",
    "wbr",
];

/// `html` with `set(text, lang, before)` applied to every text readers see, `lang`
/// being the language in effect there (the nearest `lang` attribute, else
/// `page_lang`) and `before` the character the text goes on from, across inline
/// elements (none at the start of a block, or for an attribute); `set` gets the text
/// decoded and returns it changed, or `None`. `None` when nothing changed. Built for
/// HTML dossier wrote: `lang` scopes end at the end tag of the element that opened
/// them, which a page whose tags do not nest would confuse.
///
/// `attribute(name, value)` is called for every attribute of every start tag on the
/// way, as [`super::for_each_attribute`] would call it (a valueless attribute's value
/// is empty): one pass over a page sets its text and reads its links.
pub fn map_text_with(
    html: &str,
    page_lang: &str,
    set: impl Fn(&str, &str, Option<char>) -> Option<String>,
    mut attribute: impl FnMut(&str, &str),
) -> Option<String> {
    let mut page = Page {
        html,
        out: String::new(),
        done: 0,
        page_lang,
        scopes: Vec::new(),
        verbatim: None,
        last: None,
        set,
    };
    let bytes = html.as_bytes();
    let mut attributes = Vec::new();
    // Text runs from `text` to the next tag.
    let mut text = 0;
    let mut i = 0;
    while let Some(lt) = memchr::memchr(b'<', &bytes[i..]).map(|p| i + p) {
        let after = lt + 1;
        i = match bytes.get(after) {
            Some(b'!') => skip_markup_declaration(html, after),
            Some(b'?') => find(bytes, after, b">"),
            Some(b'/') => {
                page.text(text..lt);
                // `</` and no letter is a bogus comment, to the next `>`.
                if bytes.get(after + 1).is_some_and(u8::is_ascii_alphabetic) {
                    page.end_tag(tag_name(html, after + 1));
                }
                find(bytes, after, b">")
            }
            Some(c) if c.is_ascii_alphabetic() => {
                let name = tag_name(html, after);
                page.text(text..lt);
                let (end, closed) = read_attributes(html, after + name.len(), &mut attributes);
                for a in &attributes {
                    let value = a.value.clone().map_or("", |v| &html[v]);
                    attribute(&html[a.name.clone()], value);
                }
                page.start_tag(name, &attributes, closed);
                match RAW_TEXT.iter().find(|raw| raw.eq_ignore_ascii_case(name)) {
                    Some(&raw) => {
                        let close = find_ignore_case(bytes, end, format!("</{raw}").as_bytes());
                        // The page's title is read; scripts, styles and forms' text are
                        // left as they are.
                        if raw == "title" {
                            page.text(end..close);
                        }
                        close
                    }
                    None => end,
                }
            }
            // A `<` that starts no tag is text.
            _ => {
                i = after;
                continue;
            }
        };
        text = i;
    }
    page.text(text..html.len());
    page.finish()
}

/// One page being rewritten.
struct Page<'h, F> {
    html: &'h str,
    /// The page so far, up to `done` in `html`; empty until something changes.
    out: String,
    done: usize,
    page_lang: &'h str,
    /// The open elements that gave a `lang`: their name, how many elements of that
    /// name are open inside them (themselves included), and the language.
    scopes: Vec<(String, u32, String)>,
    /// The open verbatim element, and how many of its name are open.
    verbatim: Option<(&'static str, u32)>,
    /// The last character of text, since the start of the block.
    last: Option<char>,
    set: F,
}

impl<F: Fn(&str, &str, Option<char>) -> Option<String>> Page<'_, F> {
    fn lang(&self) -> &str {
        self.scopes
            .last()
            .map_or(self.page_lang, |(_, _, lang)| lang.as_str())
    }

    /// Sets the text at `range` of the page, unless it is verbatim or white space.
    fn text(&mut self, range: Range<usize>) {
        let text = &self.html[range.clone()];
        let before = self.last;
        match text.chars().next_back() {
            // An entity's last character is `;`: near enough for what follows.
            Some(c) => self.last = Some(c),
            None => return,
        }
        if self.verbatim.is_some() || text.bytes().all(|b| b.is_ascii_whitespace()) {
            return;
        }
        if let Some(new) = self.set(text, before) {
            self.replace(range, &escape_text(&new));
        }
    }

    /// `set` applied to `written` (text or a value as the page has it, decoded).
    fn set(&self, written: &str, before: Option<char>) -> Option<String> {
        if written.contains('&') {
            (self.set)(&decode(written), self.lang(), before)
        } else {
            (self.set)(written, self.lang(), before)
        }
    }

    /// Writes `with` in place of `range` of the page.
    fn replace(&mut self, range: Range<usize>, with: &str) {
        self.out.push_str(&self.html[self.done..range.start]);
        self.out.push_str(with);
        self.done = range.end;
    }

    fn start_tag(&mut self, name: &str, attributes: &[Attribute], closed: bool) {
        self.boundary(name);
        let value = |wanted: &str| {
            attributes
                .iter()
                .find(|a| self.html[a.name.clone()].eq_ignore_ascii_case(wanted))
                .and_then(|a| a.value.clone())
                .map(|v| decode(&self.html[v]))
        };
        let own_lang = value("lang");
        if self.verbatim.is_none() {
            let meta = name.eq_ignore_ascii_case("meta")
                && [value("name"), value("property")]
                    .into_iter()
                    .flatten()
                    .any(|n| SHOWN_META.iter().any(|m| m.eq_ignore_ascii_case(&n)));
            let scope = own_lang.clone().map(|lang| (String::new(), 1, lang));
            self.scopes.extend(scope.clone());
            for a in attributes {
                let attribute = &self.html[a.name.clone()];
                let shown = SHOWN.iter().any(|s| s.eq_ignore_ascii_case(attribute))
                    || (meta && attribute.eq_ignore_ascii_case("content"));
                if let (true, Some(v)) = (shown, a.value.clone())
                    && let Some(new) = self.set(&self.html[v], None)
                {
                    // Double-quoted, however it was written.
                    self.replace(a.quoted.clone(), &format!("\"{}\"", escape(&new)));
                }
            }
            if scope.is_some() {
                self.scopes.pop();
            }
        }
        if closed || VOID.iter().any(|v| v.eq_ignore_ascii_case(name)) {
            return;
        }
        match &mut self.verbatim {
            Some((open, n)) if open.eq_ignore_ascii_case(name) => *n += 1,
            Some(_) => {}
            None => {
                self.verbatim = VERBATIM
                    .iter()
                    .find(|v| v.eq_ignore_ascii_case(name))
                    .map(|&v| (v, 1));
            }
        }
        match (own_lang, self.scopes.last_mut()) {
            (Some(lang), _) => self.scopes.push((name.to_ascii_lowercase(), 1, lang)),
            (None, Some((open, n, _))) if open.eq_ignore_ascii_case(name) => *n += 1,
            _ => {}
        }
    }

    /// A block's start or end starts the text afresh.
    fn boundary(&mut self, name: &str) {
        if !INLINE.iter().any(|i| i.eq_ignore_ascii_case(name)) {
            self.last = None;
        }
    }

    fn end_tag(&mut self, name: &str) {
        self.boundary(name);
        if let Some((open, n)) = &mut self.verbatim
            && open.eq_ignore_ascii_case(name)
        {
            *n -= 1;
            if *n == 0 {
                self.verbatim = None;
            }
        }
        if let Some((open, n, _)) = self.scopes.last_mut()
            && open.eq_ignore_ascii_case(name)
        {
            *n -= 1;
            if *n == 0 {
                self.scopes.pop();
            }
        }
    }

    fn finish(mut self) -> Option<String> {
        if self.done == 0 && self.out.is_empty() {
            return None;
        }
        self.out.push_str(&self.html[self.done..]);
        Some(self.out)
    }
}

/// The name of the tag starting at `i`.
fn tag_name(html: &str, i: usize) -> &str {
    let bytes = html.as_bytes();
    let end = (i..bytes.len())
        .find(|&j| is_tag_end(bytes[j]))
        .unwrap_or(bytes.len());
    &html[i..end]
}

/// One attribute of a start tag: where its name is, and its value (without quotes,
/// and `quoted` with them).
struct Attribute {
    name: Range<usize>,
    value: Option<Range<usize>>,
    quoted: Range<usize>,
}

/// Reads the attributes of a start tag from `i` into `found`; returns the index after
/// its `>`, and whether it closed itself (`/>`).
fn read_attributes(html: &str, mut i: usize, found: &mut Vec<Attribute>) -> (usize, bool) {
    found.clear();
    let bytes = html.as_bytes();
    loop {
        let mut slash = false;
        while i < bytes.len() && (bytes[i].is_ascii_whitespace() || bytes[i] == b'/') {
            slash = bytes[i] == b'/';
            i += 1;
        }
        match bytes.get(i) {
            None => return (i, false),
            Some(b'>') => return (i + 1, slash),
            Some(_) => {}
        }
        let name_start = i;
        // A name may start with `=`; it ends at a space, `/`, `>` or `=`.
        i += 1;
        while i < bytes.len() && !is_tag_end(bytes[i]) && bytes[i] != b'=' {
            i += 1;
        }
        let name = name_start..i;
        while i < bytes.len() && bytes[i].is_ascii_whitespace() {
            i += 1;
        }
        if bytes.get(i) != Some(&b'=') {
            found.push(Attribute {
                name,
                value: None,
                quoted: i..i,
            });
            continue;
        }
        i += 1;
        while i < bytes.len() && bytes[i].is_ascii_whitespace() {
            i += 1;
        }
        let (value, quoted) = match bytes.get(i) {
            Some(&quote @ (b'"' | b'\'')) => {
                let start = i + 1;
                let end = memchr::memchr(quote, &bytes[start..]).map_or(bytes.len(), |e| start + e);
                i = (end + 1).min(bytes.len());
                (start..end, start - 1..i)
            }
            _ => {
                let start = i;
                while i < bytes.len() && !bytes[i].is_ascii_whitespace() && bytes[i] != b'>' {
                    i += 1;
                }
                (start..i, start..i)
            }
        };
        found.push(Attribute {
            name,
            value: Some(value),
            quoted,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// [`map_text_with`], the attributes left alone.
    fn map_text(
        html: &str,
        page_lang: &str,
        set: impl Fn(&str, &str, Option<char>) -> Option<String>,
    ) -> Option<String> {
        map_text_with(html, page_lang, set, |_, _| {})
    }

    /// Marks each text it is given with its language, as `[lang:text]`.
    fn marked(html: &str) -> String {
        map_text(html, "fr", |text, lang, _| Some(format!("[{lang}:{text}]")))
            .unwrap_or_else(|| html.to_owned())
    }

    #[test]
    fn text_and_shown_attributes_are_set_in_their_language() {
        assert_eq!(
            marked(r#"<p title="L&#39;IA">Un <a href="x'y" lang="en">Google's</a> mot</p>"#),
            r#"<p title="[fr:L&#39;IA]">[fr:Un ]<a href="x'y" lang="en">[en:Google's]</a>[fr: mot]</p>"#
        );
        // Attributes that are addresses, classes or data for scripts are not text.
        let html = r#"<a href="?a='b'" class="it's" data-sort="x y" id='q'>"#;
        assert_eq!(marked(html), html);
        // Single-quoted and bare values are written back double-quoted.
        assert_eq!(
            marked("<img alt='a b' title=c>"),
            r#"<img alt="[fr:a b]" title="[fr:c]">"#
        );
    }

    #[test]
    fn code_scripts_styles_and_comments_are_verbatim() {
        let html = "<pre><code class=\"x\"><span>it's</span></code></pre>\
                    <script>let s = \"it's <p>\";</script><style>a::after{content:\"'\"}</style>\
                    <!-- it's --><code>a</code><textarea>it's</textarea>";
        assert_eq!(marked(html), html);
        // Text after them is set again.
        assert_eq!(
            marked("<pre><pre>a</pre>b</pre>c"),
            "<pre><pre>a</pre>b</pre>[fr:c]"
        );
    }

    #[test]
    fn the_title_and_the_previewed_meta_are_set() {
        assert_eq!(
            marked(
                r#"<title>a : b</title><meta name="description" content="d"><meta property="og:url" content="u"><meta name="viewport" content="w">"#
            ),
            r#"<title>[fr:a : b]</title><meta name="description" content="[fr:d]"><meta property="og:url" content="u"><meta name="viewport" content="w">"#
        );
    }

    #[test]
    fn a_lang_scope_ends_with_its_element() {
        assert_eq!(
            marked(r#"<div lang="en"><div>a</div><br><img alt=""><span>b</span></div>c"#),
            r#"<div lang="en"><div>[en:a]</div><br><img alt="[en:]"><span>[en:b]</span></div>[fr:c]"#
        );
        // An element's own language applies to its shown attributes.
        assert_eq!(
            marked(r#"<q lang="en" title="t">q</q>"#),
            r#"<q lang="en" title="[en:t]">[en:q]</q>"#
        );
        // Self-closing SVG elements open no scope.
        assert_eq!(
            marked(r#"<svg lang="en"><line lang="de"/><text>t</text></svg>"#),
            r#"<svg lang="en"><line lang="de"/><text>[en:t]</text></svg>"#
        );
    }

    #[test]
    fn unchanged_pages_are_not_copied() {
        assert_eq!(map_text("<p>text</p>", "en", |_, _, _| None), None);
        assert_eq!(
            map_text("a < b <3", "en", |t, _, _| Some(t.replace('a', "A"))).as_deref(),
            Some("A &lt; b &lt;3")
        );
    }

    #[test]
    fn text_goes_on_across_inline_elements_not_blocks() {
        let befores = |html: &str| {
            let seen = std::cell::RefCell::new(Vec::new());
            map_text(html, "en", |text, _, before| {
                seen.borrow_mut().push(format!("{before:?}>{text}"));
                None
            });
            seen.into_inner()
        };
        assert_eq!(
            befores(
                "<p>the <a href=x>article</a>'s account</p>\n<p>'Hi'</p><td>x</td><td>'y'</td>"
            ),
            [
                "None>the ",
                "Some(' ')>article",
                "Some('e')>'s account",
                "None>'Hi'",
                "None>x",
                "None>'y'"
            ]
        );
    }

    proptest::proptest! {
        /// Whatever the page, rewriting its text leaves every tag, comment and
        /// verbatim element byte for byte, and its text as `set` made it.
        #[test]
        fn markup_is_left_as_written(
            parts in proptest::collection::vec(
                proptest::prop_oneof![
                    "[a-z' &;>]{0,12}( < [a-z]{0,3})?",
                    proptest::strategy::Just("<p lang=\"en\" title=\"it's\">".to_owned()),
                    proptest::strategy::Just("</p>".to_owned()),
                    proptest::strategy::Just("<a href='x&#39;y'>".to_owned()),
                    proptest::strategy::Just("</a>".to_owned()),
                    proptest::strategy::Just("<pre>it's</pre>".to_owned()),
                    proptest::strategy::Just("<!-- it's -->".to_owned()),
                    proptest::strategy::Just("<script>'<p>'</script>".to_owned()),
                    proptest::strategy::Just("<br/>".to_owned()),
                ],
                0..12,
            )
        ) {
            let html = parts.concat();
            let out = map_text(&html, "fr", |text, _, _| Some(text.replace('\'', "’")))
                .unwrap_or_else(|| html.clone());
            // Each piece that is markup is still there, in order.
            let mut at = 0;
            for part in parts.iter().filter(|p| p.starts_with("<p lang") || p.starts_with("</")
                || p.starts_with("<pre") || p.starts_with("<!--") || p.starts_with("<script")
                || p.starts_with("<a href"))
            {
                let part = part.replace("title=\"it's\"", "title=\"it’s\"");
                let found = out[at..].find(&part);
                proptest::prop_assert!(found.is_some(), "{:?} in {:?}", part, out);
                at += found.unwrap_or(0) + part.len();
            }
        }
    }
}
