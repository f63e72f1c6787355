//! HTML text: escaping what we write, reading the attributes of what we made (the link
//! check, raw HTML in Markdown), and rewriting the text a page we made shows (its
//! typography). A leaf: it imports nothing from the crate.

mod tags;
mod text;

pub use tags::{decode, for_each_attribute};
pub use text::map_text;

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
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' if quotes => out.push_str("&quot;"),
            '\'' if quotes => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}
