//! How the text readers see is set: one apostrophe, curly quotation marks, and in
//! French the no-break spaces before `;` `:` `!` `?` `%` `»` and after `«`. Markdown
//! bodies get their marks from pulldown-cmark's smart punctuation; names, titles,
//! summaries, facts, interface strings and the site's title come from TOML as typed
//! ("L'investissement", "parts : les"). Render sets every page's text with
//! [`text`] (through `html::map_text_with`) so both read alike. A leaf: it imports nothing
//! from the crate, and knows nothing of HTML.

/// A no-break space, before `:` and `»` and after `«` in French.
const NBSP: char = '\u{A0}';
/// A narrow no-break space, before `;`, `!`, `?` and `%` in French (as `format` writes
/// "10 %"). Both are what French typesetting (the Imprimerie nationale's rules, and
/// LaTeX's babel-french) puts there.
const NARROW_NBSP: char = '\u{202F}';

/// `text` set for reading, or `None` when it already is: every `'` becomes ’ (an
/// apostrophe, or a closing quote), or ‘ where it opens a quotation; every `"` becomes
/// “ or ”; and when `french`, an ordinary space (or run of them, line breaks included)
/// before `;` `!` `?` `%` becomes a narrow no-break space, and before `:` `»` or after
/// `«` a no-break space. Only spaces that are there change: "10:30" and "https://"
/// keep their colon, and a no-break space already typed stays as typed. `before` is
/// the character the text follows, if it continues other text (after a link, "'s
/// account" has an apostrophe, not an opening quote).
pub fn text(text: &str, french: bool, before: Option<char>) -> Option<String> {
    let quotes = memchr::memchr2(b'\'', b'"', text.as_bytes()).is_some();
    let after_guillemet = before == Some('«') && text.starts_with(is_space);
    if !quotes && !(french && (after_guillemet || needs_french_spaces(text))) {
        return None;
    }
    let mut out = String::with_capacity(text.len() + 16);
    let mut prev: Option<char> = before;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        let next = chars.peek().copied();
        match c {
            '\'' if opens(prev) && next.is_some_and(char::is_alphabetic) => out.push('‘'),
            '\'' => out.push('’'),
            '"' if opens(prev) && next.is_some_and(|n| !n.is_whitespace()) => out.push('“'),
            '"' => out.push('”'),
            c if french && is_space(c) => {
                let mut run = String::from(c);
                while let Some(d) = chars.next_if(|&d| is_space(d)) {
                    run.push(d);
                }
                match (prev, chars.peek()) {
                    (_, Some(';' | '!' | '?' | '%')) => out.push(NARROW_NBSP),
                    (_, Some(':' | '»')) | (Some('«'), _) => out.push(NBSP),
                    _ => out.push_str(&run),
                }
                prev = Some(' ');
                continue;
            }
            c => out.push(c),
        }
        prev = Some(c);
    }
    (out != text).then_some(out)
}

/// The spaces French puts a no-break space for: ordinary spaces and line breaks.
fn is_space(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\n' | '\r')
}

/// Whether some space in `text` is one French would set as a no-break space (what
/// [`text`] does, without writing anything: most text has none). Reads bytes: the
/// marks are ASCII, but « (C2 AB) and » (C2 BB).
fn needs_french_spaces(text: &str) -> bool {
    let bytes = text.as_bytes();
    let space = |b: u8| matches!(b, b' ' | b'\t' | b'\n' | b'\r');
    let mut i = 0;
    while i < bytes.len() {
        if !space(bytes[i]) {
            i += 1;
            continue;
        }
        if i >= 2 && bytes[i - 2..i] == [0xC2, 0xAB] {
            return true;
        }
        while i < bytes.len() && space(bytes[i]) {
            i += 1;
        }
        if let Some([b';' | b'!' | b'?' | b'%' | b':', ..] | [0xC2, 0xBB, ..]) = bytes.get(i..) {
            return true;
        }
    }
    false
}

/// Whether a quotation mark after `prev` opens a quotation: at the start, after a
/// space, or after an opening bracket, quotation mark or dash.
fn opens(prev: Option<char>) -> bool {
    prev.is_none_or(|p| {
        p.is_whitespace() || matches!(p, '(' | '[' | '{' | '«' | '“' | '‘' | '—' | '–' | '/')
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn set(text: &str, french: bool) -> String {
        super::text(text, french, None).unwrap_or_else(|| text.to_owned())
    }

    #[test]
    fn apostrophes_and_quotes_are_curly_in_every_language() {
        assert_eq!(
            set("Google's reported stake", false),
            "Google’s reported stake"
        );
        assert_eq!(
            set("L'investissement d'Alphabet", true),
            "L’investissement d’Alphabet"
        );
        assert_eq!(set("the parties' terms", false), "the parties’ terms");
        assert_eq!(set("the '90s", false), "the ’90s");
        assert_eq!(
            set("a 'word' and \"a title\"", false),
            "a ‘word’ and “a title”"
        );
        assert_eq!(set("(\"quoted\")", false), "(“quoted”)");
        // Already set: nothing to do.
        assert_eq!(text("Google’s “title”", false, None), None);
        assert_eq!(text("no marks at all", true, None), None);
        // After other text (a link's), a quote mark goes on from it.
        assert_eq!(
            text("'s account", false, Some('e')).as_deref(),
            Some("’s account")
        );
        assert_eq!(text("'Hi'", false, Some(' ')).as_deref(), Some("‘Hi’"));
        assert_eq!(
            text(" titre", true, Some('«')).as_deref(),
            Some("\u{A0}titre")
        );
    }

    #[test]
    fn french_spaces_before_double_punctuation_do_not_break() {
        assert_eq!(
            set("Le cloud contre des parts : les alliances de l'IA", true),
            "Le cloud contre des parts\u{A0}: les alliances de l’IA"
        );
        assert_eq!(
            set("signalé ; voir ! quoi ? 10 % « Our story »", true),
            "signalé\u{202F}; voir\u{202F}! quoi\u{202F}? 10\u{202F}% «\u{A0}Our story\u{A0}»"
        );
        // A run of spaces and line breaks is one space.
        assert_eq!(set("note\n  : la suite", true), "note\u{A0}: la suite");
        // No space, no change: times, addresses, a no-break space typed.
        assert_eq!(text("à 10:30, https://example.org", true, None), None);
        assert_eq!(text("parts\u{202F}: les", true, None), None);
        // English keeps its spaces, as written.
        assert_eq!(text("What it is : a test ?", false, None), None);
    }

    proptest::proptest! {
        /// Setting changes only quotation marks and spaces, and set text is set:
        /// doing it again changes nothing.
        #[test]
        fn only_marks_and_spaces_change_and_once_is_enough(
            text in "[a-zé'\" «»;:!?%\n\u{A0}\u{202F}]{0,40}",
            french: bool,
        ) {
            let once = super::text(&text, french, None).unwrap_or_else(|| text.clone());
            let plain = |t: &str| -> String {
                t.chars()
                    .filter(|c| !c.is_whitespace() && !"'\"‘’“”".contains(*c))
                    .collect()
            };
            proptest::prop_assert_eq!(plain(&once), plain(&text));
            proptest::prop_assert!(!once.contains(['\'', '"']), "{:?}", once);
            proptest::prop_assert_eq!(super::text(&once, french, None), None);
        }
    }
}
