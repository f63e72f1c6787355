//! Links to a passage of a web page: a URL text fragment (`#:~:text=…`), as the WICG
//! Text Fragments specification writes it (<https://wicg.github.io/scroll-to-text-fragment/>).
//! A browser that knows them scrolls to the words and highlights them; one that does
//! not opens the page as usual.

/// Quotes of more words than this link to their first and last few words
/// (`text=start,end`) rather than to all of them: long fragments break when the page
/// changes a word, and make unwieldy URLs.
const LONG: usize = 10;
/// How many words stand for each end of a long quote.
const ENDS: usize = 4;

/// `url` with a text fragment that points at `quote`: `https://a.example/p` and "the
/// words" give `https://a.example/p#:~:text=the%20words`. A quote of more than ten
/// words points at its first and last four (`#:~:text=start,end`). A URL that already
/// has a fragment keeps it (`#section:~:text=…`), and one that already has a fragment
/// directive gets another text directive (`…&text=…`). An empty quote gives `url`.
pub fn text_fragment(url: &str, quote: &str) -> String {
    let words: Vec<&str> = quote.split_whitespace().collect();
    if words.is_empty() {
        return url.to_owned();
    }
    let directive = if words.len() > LONG {
        format!(
            "text={},{}",
            encode(&words[..ENDS].join(" ")),
            encode(&words[words.len() - ENDS..].join(" "))
        )
    } else {
        format!("text={}", encode(&words.join(" ")))
    };
    match url.split_once('#') {
        None => format!("{url}#:~:{directive}"),
        Some((_, fragment)) if fragment.contains(":~:") => format!("{url}&{directive}"),
        Some(_) => format!("{url}:~:{directive}"),
    }
}

/// Percent-encodes the text of a directive: everything but letters, digits and
/// `.`, `_`, `~`, `!`, `'`, `(`, `)`, `*` — so `-`, `&` and `,`, which are the
/// directive's own syntax, and `#`, `%`, spaces and every non-ASCII byte (as UTF-8).
fn encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for &b in text.as_bytes() {
        if b.is_ascii_alphanumeric() || b"._~!'()*".contains(&b) {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_short_quote_is_the_whole_directive() {
        // The specification's examples.
        assert_eq!(
            text_fragment("https://example.com", "an example text fragment"),
            "https://example.com#:~:text=an%20example%20text%20fragment"
        );
        assert_eq!(
            text_fragment("https://example.com/page", "reputational risk"),
            "https://example.com/page#:~:text=reputational%20risk"
        );
    }

    #[test]
    fn the_directive_syntax_is_encoded() {
        // `-`, `&` and `,` separate the parts of a directive; `#` and `%` are URL syntax.
        assert_eq!(
            text_fragment("https://example.com", "state-of-the-art, R&D: 50% #1"),
            "https://example.com#:~:text=state%2Dof%2Dthe%2Dart%2C%20R%26D%3A%2050%25%20%231"
        );
        // Non-ASCII text is encoded as UTF-8; whitespace of any kind is one space.
        assert_eq!(
            text_fragment("https://example.fr/", "l’IA\n  générative"),
            "https://example.fr/#:~:text=l%E2%80%99IA%20g%C3%A9n%C3%A9rative"
        );
    }

    #[test]
    fn a_long_quote_points_at_its_first_and_last_words() {
        let quote = "we are moving more conservatively than a small startup \
                     because of the reputational risk involved";
        assert_eq!(
            text_fragment("https://example.com/a", quote),
            "https://example.com/a#:~:text=we%20are%20moving%20more,the%20reputational%20risk%20involved"
        );
        // Ten words are not long.
        let ten = "one two three four five six seven eight nine ten";
        assert!(
            text_fragment("https://e.com", ten).ends_with(
                "text=one%20two%20three%20four%20five%20six%20seven%20eight%20nine%20ten"
            )
        );
    }

    #[test]
    fn a_fragment_already_there_is_kept() {
        assert_eq!(
            text_fragment("https://example.com/a#results", "a b"),
            "https://example.com/a#results:~:text=a%20b"
        );
        assert_eq!(
            text_fragment("https://example.com/a#:~:text=first", "second"),
            "https://example.com/a#:~:text=first&text=second"
        );
        assert_eq!(
            text_fragment("https://example.com/a", "  "),
            "https://example.com/a"
        );
    }

    proptest::proptest! {
        /// Whatever the quote, the directive decodes back to its words, and holds
        /// nothing a browser would read as the directive's syntax or the URL's.
        #[test]
        fn the_directive_decodes_to_the_words(quote in "[^\\s\\p{C}]{1,10}( [^\\s\\p{C}]{1,10}){0,9}") {
            let url = text_fragment("https://example.com/p", &quote);
            let Some(text) = url.strip_prefix("https://example.com/p#:~:text=") else {
                proptest::prop_assert_eq!(quote.split_whitespace().count(), 0);
                return Ok(());
            };
            proptest::prop_assert!(!text.contains(['-', '&', ',', '#', ' ']), "{}", text);
            let mut bytes = Vec::new();
            let mut rest = text.as_bytes();
            while let Some((&b, tail)) = rest.split_first() {
                if b == b'%' {
                    let hex = std::str::from_utf8(&tail[..2]).unwrap_or_default();
                    bytes.push(u8::from_str_radix(hex, 16).unwrap_or_default());
                    rest = &tail[2..];
                } else {
                    bytes.push(b);
                    rest = tail;
                }
            }
            let decoded = String::from_utf8(bytes).unwrap_or_default();
            let words: Vec<&str> = quote.split_whitespace().collect();
            proptest::prop_assert_eq!(decoded, words.join(" "));
        }
    }
}
