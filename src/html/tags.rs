//! A start-tag scanner: the attributes of every element of an HTML page, and nothing
//! else. The link check needs only `href`, `src` and `id`, on hundreds of megabytes of
//! HTML for a large dossier; a full tokenizer (lol_html) spent most of its time on
//! what is thrown away. This follows the HTML tokenizer's rules for what it does read:
//! comments, doctypes and CDATA are skipped; the text of `script`, `style`, `textarea`
//! and `title` holds no tags; attribute names are case-insensitive; values are
//! double-quoted, single-quoted or bare, with character references decoded.

/// Calls `attribute(name, value)` for every attribute of every start tag in `html`,
/// with the name and value as written: compare names with `eq_ignore_ascii_case`, and
/// [`decode`] the values wanted (most are not, so nothing is copied for them).
pub fn for_each_attribute<'h>(html: &'h str, mut attribute: impl FnMut(&'h str, &'h str)) {
    let bytes = html.as_bytes();
    let mut i = 0;
    while let Some(lt) = memchr::memchr(b'<', &bytes[i..]) {
        i += lt + 1;
        match bytes.get(i) {
            Some(b'!') => i = skip_markup_declaration(html, i),
            Some(b'?') | Some(b'/') => i = find(bytes, i, b">"),
            Some(c) if c.is_ascii_alphabetic() => {
                let name_start = i;
                while i < bytes.len() && !is_tag_end(bytes[i]) {
                    i += 1;
                }
                let name = &html[name_start..i];
                i = attributes(html, i, &mut attribute);
                if let Some(end) = raw_text_end(name) {
                    i = find_ignore_case(bytes, i, end);
                }
            }
            // A `<` that starts no tag is text.
            _ => {}
        }
    }
}

pub(super) fn is_tag_end(b: u8) -> bool {
    b.is_ascii_whitespace() || b == b'>' || b == b'/'
}

/// Elements whose content is text up to their end tag.
fn raw_text_end(name: &str) -> Option<&'static [u8]> {
    [
        &b"</script"[..],
        &b"</style"[..],
        &b"</textarea"[..],
        &b"</title"[..],
    ]
    .into_iter()
    .find(|end| end[2..].eq_ignore_ascii_case(name.as_bytes()))
}

/// Reads the attributes from `i` to the end of the tag; returns the index after `>`.
fn attributes<'h>(
    html: &'h str,
    mut i: usize,
    attribute: &mut impl FnMut(&'h str, &'h str),
) -> usize {
    let bytes = html.as_bytes();
    loop {
        while i < bytes.len() && (bytes[i].is_ascii_whitespace() || bytes[i] == b'/') {
            i += 1;
        }
        match bytes.get(i) {
            None => return i,
            Some(b'>') => return i + 1,
            Some(_) => {}
        }
        let name_start = i;
        // An attribute name may start with `=`; it ends at space, `/`, `>` or `=`.
        i += 1;
        while i < bytes.len() && !is_tag_end(bytes[i]) && bytes[i] != b'=' {
            i += 1;
        }
        let name = &html[name_start..i];
        while i < bytes.len() && bytes[i].is_ascii_whitespace() {
            i += 1;
        }
        if bytes.get(i) != Some(&b'=') {
            attribute(name, "");
            continue;
        }
        i += 1;
        while i < bytes.len() && bytes[i].is_ascii_whitespace() {
            i += 1;
        }
        let value = match bytes.get(i) {
            Some(&quote @ (b'"' | b'\'')) => {
                let start = i + 1;
                let end = memchr::memchr(quote, &bytes[start..]).map_or(bytes.len(), |e| start + e);
                i = (end + 1).min(bytes.len());
                &html[start..end]
            }
            _ => {
                let start = i;
                while i < bytes.len() && !bytes[i].is_ascii_whitespace() && bytes[i] != b'>' {
                    i += 1;
                }
                &html[start..i]
            }
        };
        attribute(name, value);
    }
}

/// Skips `<!-- … -->`, `<![CDATA[ … ]]>` or `<!doctype …>` (starting after the `<`).
pub(super) fn skip_markup_declaration(html: &str, i: usize) -> usize {
    let bytes = html.as_bytes();
    let rest = &html[i..];
    if rest.starts_with("!--") {
        // `<!-->` and `<!--->` are (empty) comments too.
        let body = i + 3;
        for short in ["->", ">"] {
            if html[body..].starts_with(short) {
                return body + short.len();
            }
        }
        find(bytes, body, b"-->")
    } else if rest.starts_with("![CDATA[") {
        find(bytes, i, b"]]>")
    } else {
        find(bytes, i, b">")
    }
}

/// The index after the first `needle` at or after `from` (or the end).
pub(super) fn find(bytes: &[u8], from: usize, needle: &[u8]) -> usize {
    memchr::memmem::find(&bytes[from..], needle).map_or(bytes.len(), |p| from + p + needle.len())
}

/// The index of the first `needle` (which starts with `</`) at or after `from`, in
/// any case (or the end). The `<` of the end tag is left for the main loop.
pub(super) fn find_ignore_case(bytes: &[u8], from: usize, needle: &[u8]) -> usize {
    let mut at = from;
    while let Some(p) = memchr::memmem::find(&bytes[at..], b"</") {
        at += p;
        if bytes[at..]
            .get(..needle.len())
            .is_some_and(|w| w.eq_ignore_ascii_case(needle))
        {
            return at;
        }
        at += 2;
    }
    bytes.len()
}

/// Decodes character references: the named ones dossier's escapers write, and every
/// numeric one. Anything else is left as written.
pub fn decode(value: &str) -> String {
    if !value.contains('&') {
        return value.to_owned();
    }
    let mut out = String::with_capacity(value.len());
    let mut rest = value;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        rest = &rest[amp..];
        let decoded = rest.find(';').filter(|&end| end <= 10).and_then(|end| {
            let entity = &rest[1..end];
            let c = match entity {
                "amp" => Some('&'),
                "lt" => Some('<'),
                "gt" => Some('>'),
                "quot" => Some('"'),
                "apos" => Some('\''),
                "nbsp" => Some('\u{a0}'),
                _ => {
                    let number = entity.strip_prefix('#')?;
                    let code = match number.strip_prefix(['x', 'X']) {
                        Some(hex) => u32::from_str_radix(hex, 16).ok()?,
                        None => number.parse().ok()?,
                    };
                    char::from_u32(code)
                }
            }?;
            Some((c, end + 1))
        });
        match decoded {
            Some((c, len)) => {
                out.push(c);
                rest = &rest[len..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn attributes_of(html: &str) -> Vec<(String, String)> {
        let mut found = Vec::new();
        for_each_attribute(html, |name, value| {
            found.push((name.to_ascii_lowercase(), decode(value)))
        });
        found
    }

    fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
        list.iter()
            .map(|(n, v)| (n.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn reads_every_form_of_attribute() {
        assert_eq!(
            attributes_of(
                r#"<A HREF="a/" id='x' data-x=bare hidden><img src = "b.png"/><br/><p class=c>"#
            ),
            pairs(&[
                ("href", "a/"),
                ("id", "x"),
                ("data-x", "bare"),
                ("hidden", ""),
                ("src", "b.png"),
                ("class", "c"),
            ])
        );
    }

    #[test]
    fn decodes_character_references() {
        assert_eq!(
            attributes_of(r#"<a href="?a=1&amp;b=2&#38;c&#x26;d&bogus;&">"#),
            pairs(&[("href", "?a=1&b=2&c&d&bogus;&")])
        );
    }

    #[test]
    fn skips_comments_scripts_and_declarations() {
        let html = r#"<!doctype html><!-- <a href="no"> --><!--><a href="yes1">
            <script>let s = '<a href="no">';</script><style>a[href="no"]{}</style>
            <title><a href="no"></title><SCRIPT type="application/ld+json">{"<a href=\"no\">":1}</SCRIPT>
            <textarea><a href="no"></textarea>< a href="no"> 1 < 2 <a href="yes2"></a>"#;
        let links: Vec<_> = attributes_of(html)
            .into_iter()
            .filter(|(n, _)| n == "href")
            .map(|(_, v)| v)
            .collect();
        assert_eq!(links, ["yes1", "yes2"]);
    }

    #[test]
    fn quoted_values_may_hold_angle_brackets() {
        assert_eq!(
            attributes_of(r#"<a title="x > y" href="z">"#),
            pairs(&[("title", "x > y"), ("href", "z")])
        );
    }

    #[test]
    fn truncated_input_ends_quietly() {
        for html in [
            "<a href=\"x",
            "<a href=",
            "<a",
            "<!--",
            "<script>",
            "<a href='x' ",
        ] {
            attributes_of(html);
        }
    }
}
