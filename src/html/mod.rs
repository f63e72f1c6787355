//! HTML text: escaping what we write, reading the attributes of what we made (the link
//! check, raw HTML in Markdown), and rewriting the text a page we made shows (its
//! typography). A leaf: it imports nothing from the crate.

mod links;
mod tags;
mod text;

pub use links::PageLinks;
pub use tags::{decode, for_each_attribute};
pub use text::map_text_with;

/// Escapes text for an element's content, where only `&`, `<` and `>` need it: quotes
/// stay as they are (the highlighted front matter every entry page shows is full of
/// them, and `&quot;` is six bytes).
pub fn escape_text(text: &str) -> String {
    escape_with(text, false)
}

/// Escapes text for HTML text and attribute values.
pub fn escape(text: &str) -> String {
    escape_with(text, true)
}

fn escape_with(text: &str, quotes: bool) -> String {
    // Most text needs nothing escaped: copy the runs between the bytes that do (each
    // is ASCII, so the runs are whole characters) rather than one character at a time.
    let mut out = String::with_capacity(text.len() + text.len() / 16);
    let mut from = 0;
    for (at, byte) in text.bytes().enumerate() {
        let with = match byte {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' if quotes => "&quot;",
            b'\'' if quotes => "&#39;",
            _ => continue,
        };
        out.push_str(&text[from..at]);
        out.push_str(with);
        from = at + 1;
    }
    out.push_str(&text[from..]);
    out
}

#[cfg(test)]
mod tests {
    use super::{escape, escape_text};

    #[test]
    fn escapes_each_special_byte_and_keeps_the_rest() {
        assert_eq!(escape(""), "");
        assert_eq!(escape("plain"), "plain");
        assert_eq!(
            escape(r#"<a href="x">Tom & Jerry's</a>"#),
            "&lt;a href=&quot;x&quot;&gt;Tom &amp; Jerry&#39;s&lt;/a&gt;"
        );
        // Characters of several bytes on either side of one that is escaped.
        assert_eq!(escape("é&ü—<€"), "é&amp;ü—&lt;€");
        assert_eq!(escape_text(r#"l'"IA" & <b>"#), r#"l'"IA" &amp; &lt;b&gt;"#);
        assert_eq!(escape("&&"), "&amp;&amp;");
    }
}
