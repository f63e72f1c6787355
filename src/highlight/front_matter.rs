//! Front matter highlighting without syntect. Every entry page shows its TOML front
//! matter; on a dossier of ten thousand notes, running syntect's TOML grammar (a
//! regex engine) over each was a tenth of the build. Front matter is TOML that has
//! already parsed, so a small lexer is enough. It gives each token the classes
//! syntect's TOML syntax gives it, so the same stylesheets colour both, and it never
//! loses a character, whatever the input.

use crate::html::escape_text;

const KEY: &str = "hl-entity hl-name hl-tag hl-toml";
const TABLE: &str = "hl-entity hl-name hl-table hl-toml";
const EQUALS: &str = "hl-punctuation hl-definition hl-key-value hl-toml";
const BASIC_STRING: &str = "hl-string hl-quoted hl-double hl-basic hl-toml";
const LITERAL_STRING: &str = "hl-string hl-quoted hl-single hl-literal hl-toml";
const INTEGER: &str = "hl-constant hl-numeric hl-integer hl-toml";
const FLOAT: &str = "hl-constant hl-numeric hl-float hl-toml";
const DATETIME: &str = "hl-constant hl-other hl-datetime hl-toml";
const BOOLEAN: &str = "hl-constant hl-language hl-toml";
const COMMENT: &str = "hl-comment hl-line hl-number-sign hl-toml";
const MULTILINE_STRING: &str = "hl-string hl-quoted hl-triple hl-basic hl-block hl-toml";
const ARRAY_BEGIN: &str = "hl-punctuation hl-definition hl-array hl-begin hl-toml";
const ARRAY_END: &str = "hl-punctuation hl-definition hl-array hl-end hl-toml";
const ARRAY_SEPARATOR: &str = "hl-punctuation hl-separator hl-array hl-toml";
const TABLE_BEGIN: &str = "hl-punctuation hl-definition hl-inline-table hl-begin hl-toml";
const TABLE_END: &str = "hl-punctuation hl-definition hl-inline-table hl-end hl-toml";
const TABLE_SEPARATOR: &str = "hl-punctuation hl-separator hl-inline-table hl-toml";

/// What a `,` separates: values in an array, key-value pairs in an inline table.
#[derive(Clone, Copy, PartialEq)]
enum Nesting {
    Array,
    Table,
}

/// The `<pre>` block of a TOML front matter, like `highlight::block(text, "toml")`.
pub fn block(text: &str) -> String {
    let mut out = String::with_capacity(text.len() * 4 + 96);
    out.push_str(
        "<pre class=\"code\" tabindex=\"0\" data-lang=\"toml\"><code><span class=\"hl-source hl-toml\">",
    );
    tokens(text, &mut out);
    out.push_str("</span></code></pre>\n");
    out
}

/// `text` without its `#` comments: they are the author's notes to themselves
/// ("TODO: confirm with our source…"), never published. A line that held only a comment
/// goes with it; a `#` inside a string is text and stays.
pub fn without_comments(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut line_start = 0;
    let mut rest = text;
    while let Some(c) = rest.chars().next() {
        let len = match c {
            '"' | '\'' => {
                let len = string_len(rest);
                out.push_str(&rest[..len]);
                len
            }
            '#' => {
                let len = rest.find('\n').unwrap_or(rest.len());
                // The spaces before the comment go too; a line left empty goes whole.
                out.truncate(out.trim_end_matches([' ', '\t']).len());
                if out.len() == line_start {
                    // Skip the line's end as well: the line was only a comment.
                    let end = (len + 1).min(rest.len());
                    rest = &rest[end..];
                    continue;
                }
                len
            }
            '\n' => {
                out.push('\n');
                line_start = out.len();
                1
            }
            c => {
                out.push(c);
                c.len_utf8()
            }
        };
        rest = &rest[len..];
    }
    out
}

fn span(out: &mut String, class: &str, text: &str) {
    out.push_str("<span class=\"");
    out.push_str(class);
    out.push_str("\">");
    out.push_str(&escape_text(text));
    out.push_str("</span>");
}

/// The length of the string token at the start of `rest` (which starts with a quote):
/// basic or literal, single- or multi-line; to the end if it is not closed.
fn string_len(rest: &str) -> usize {
    let quote = &rest[..1];
    let triple = quote.repeat(3);
    let (open, close) = if rest.starts_with(&triple) {
        (3, triple.as_str())
    } else {
        (1, quote)
    };
    let bytes = rest.as_bytes();
    let mut i = open;
    while i < rest.len() {
        if quote == "\"" && bytes[i] == b'\\' {
            i += 2;
            continue;
        }
        if bytes[i..].starts_with(close.as_bytes()) {
            // A multi-line string may end with up to two more quotes.
            let mut end = i + close.len();
            while open == 3 && end - i < 5 && bytes.get(end) == Some(&bytes[0]) {
                end += 1;
            }
            return end;
        }
        // A single-line string ends at the line's end.
        if open == 1 && bytes[i] == b'\n' {
            return i;
        }
        i += 1;
    }
    rest.len()
}

fn tokens(text: &str, out: &mut String) {
    let mut stack: Vec<Nesting> = Vec::new();
    let mut expect_key = true;
    let mut rest = text;
    while let Some(c) = rest.chars().next() {
        let len = match c {
            '\n' => {
                if stack.is_empty() {
                    expect_key = true;
                }
                out.push('\n');
                1
            }
            c if c.is_whitespace() => {
                out.push(c);
                c.len_utf8()
            }
            '#' => {
                let len = rest.find('\n').unwrap_or(rest.len());
                span(out, COMMENT, &rest[..len]);
                len
            }
            '[' if stack.is_empty() && expect_key => {
                let len = rest.find('\n').unwrap_or(rest.len());
                let header = rest[..len].trim_end();
                span(out, TABLE, header);
                header.len()
            }
            '=' | ',' | '[' | ']' | '{' | '}' => {
                let class = match c {
                    '=' => {
                        expect_key = false;
                        EQUALS
                    }
                    ',' => {
                        expect_key = stack.last() == Some(&Nesting::Table);
                        if expect_key {
                            TABLE_SEPARATOR
                        } else {
                            ARRAY_SEPARATOR
                        }
                    }
                    '[' => {
                        stack.push(Nesting::Array);
                        ARRAY_BEGIN
                    }
                    '{' => {
                        stack.push(Nesting::Table);
                        expect_key = true;
                        TABLE_BEGIN
                    }
                    _ => match stack.pop() {
                        Some(Nesting::Table) => TABLE_END,
                        _ => ARRAY_END,
                    },
                };
                span(out, class, &rest[..1]);
                1
            }
            '"' | '\'' => {
                let len = string_len(rest);
                let class = match (expect_key, c) {
                    (true, _) => KEY,
                    (false, '"') if rest.starts_with("\"\"\"") => MULTILINE_STRING,
                    (false, '"') => BASIC_STRING,
                    (false, _) => LITERAL_STRING,
                };
                span(out, class, &rest[..len]);
                len
            }
            _ => {
                let len = rest
                    .find(|c: char| c.is_whitespace() || ",[]{}=#\"'".contains(c))
                    .unwrap_or(rest.len())
                    .max(c.len_utf8());
                let word = &rest[..len];
                let class = if expect_key {
                    Some(KEY)
                } else {
                    value_class(word)
                };
                match class {
                    Some(class) => span(out, class, word),
                    None => out.push_str(&escape_text(word)),
                }
                len
            }
        };
        rest = &rest[len..];
    }
}

/// The class of a bare value: a boolean, a date or time, a number.
fn value_class(word: &str) -> Option<&'static str> {
    let bytes = word.as_bytes();
    let digits = |range: std::ops::Range<usize>| {
        bytes
            .get(range)
            .is_some_and(|b| b.iter().all(u8::is_ascii_digit))
    };
    if word == "true" || word == "false" {
        Some(BOOLEAN)
    } else if (digits(0..4) && bytes.get(4) == Some(&b'-'))
        || (digits(0..2) && bytes.get(2) == Some(&b':'))
    {
        Some(DATETIME)
    } else if word.starts_with(|c: char| c.is_ascii_digit() || c == '+' || c == '-') {
        let float = !word.starts_with("0x")
            && (word.contains('.') || word.contains(['e', 'E']) || word.ends_with("inf"));
        Some(if float { FLOAT } else { INTEGER })
    } else if ["inf", "nan"].contains(&word) {
        Some(FLOAT)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The text of highlighted HTML: tags dropped, entities decoded.
    fn text_of(html: &str) -> String {
        let mut text = String::new();
        let mut in_tag = false;
        for c in html.chars() {
            match c {
                '<' => in_tag = true,
                '>' if in_tag => in_tag = false,
                c if !in_tag => text.push(c),
                _ => {}
            }
        }
        text.replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&quot;", "\"")
            .replace("&#39;", "'")
            .replace("&amp;", "&")
    }

    /// The text of every span with `class`.
    fn spans(html: &str, class: &str) -> Vec<String> {
        let open = format!("<span class=\"{class}\">");
        html.split(&open)
            .skip(1)
            .map(|rest| text_of(&rest[..rest.find("</span>").unwrap()]))
            .collect()
    }

    const SAMPLE: &str = r#"title = "Google's \"reported\" $300 million"
investor = "google"   # who pays
announced = 2023-02-03
amount = { value = 300_000_000, currency = "USD" }
stake = { value = 10.5, approximate = true }
terms = [
  "one, with a comma",
  'literal <b>',
]
"quoted key" = """multi
line"""
[extra]
when = 07:32:00"#;

    /// The text inside the block's `<code>`.
    fn code_text(html: &str) -> String {
        let inner = html
            .strip_prefix("<pre class=\"code\" tabindex=\"0\" data-lang=\"toml\"><code>")
            .and_then(|h| h.strip_suffix("</code></pre>\n"))
            .unwrap();
        text_of(inner)
    }

    #[test]
    fn comments_are_removed_and_strings_kept() {
        let text = "# TODO: confirm HQ with Kenji\nname = \"A # not a comment\" # private\n\
                    aliases = [\n  \"B\", # who said so\n  'C#',\n]\n\n    # indented note\nx = 1";
        assert_eq!(
            without_comments(text),
            "name = \"A # not a comment\"\naliases = [\n  \"B\",\n  'C#',\n]\n\nx = 1"
        );
        assert_eq!(
            without_comments("s = \"\"\"two\n# lines\"\"\" # x"),
            "s = \"\"\"two\n# lines\"\"\""
        );
    }

    #[test]
    fn keeps_every_character() {
        let html = block(SAMPLE);
        assert_eq!(code_text(&html), SAMPLE);
        assert!(!html.contains("<b>"), "{html}");
    }

    #[test]
    fn gives_each_token_syntects_classes() {
        let html = block(SAMPLE);
        assert_eq!(
            spans(&html, KEY),
            [
                "title",
                "investor",
                "announced",
                "amount",
                "value",
                "currency",
                "stake",
                "value",
                "approximate",
                "terms",
                "\"quoted key\"",
                "when"
            ]
        );
        assert_eq!(
            spans(&html, BASIC_STRING),
            [
                r#""Google's \"reported\" $300 million""#,
                "\"google\"",
                "\"USD\"",
                "\"one, with a comma\"",
            ]
        );
        assert_eq!(spans(&html, MULTILINE_STRING), ["\"\"\"multi\nline\"\"\""]);
        assert_eq!(spans(&html, ARRAY_BEGIN), ["["]);
        assert_eq!(spans(&html, TABLE_END), ["}", "}"]);
        assert_eq!(spans(&html, TABLE_SEPARATOR), [",", ","]);
        assert_eq!(spans(&html, ARRAY_SEPARATOR), [",", ","]);
        assert_eq!(spans(&html, LITERAL_STRING), ["'literal <b>'"]);
        assert_eq!(spans(&html, DATETIME), ["2023-02-03", "07:32:00"]);
        assert_eq!(spans(&html, INTEGER), ["300_000_000"]);
        assert_eq!(spans(&html, FLOAT), ["10.5"]);
        assert_eq!(spans(&html, BOOLEAN), ["true"]);
        assert_eq!(spans(&html, COMMENT), ["# who pays"]);
        assert_eq!(spans(&html, TABLE), ["[extra]"]);
    }

    #[test]
    fn the_same_classes_as_syntect() {
        // Each class the lexer writes is one syntect's TOML syntax writes too, so the
        // generated stylesheets apply to both.
        let syntect = super::super::block(SAMPLE, "toml");
        for class in [
            KEY,
            TABLE,
            EQUALS,
            BASIC_STRING,
            LITERAL_STRING,
            MULTILINE_STRING,
            INTEGER,
            FLOAT,
            DATETIME,
            BOOLEAN,
            COMMENT,
            ARRAY_BEGIN,
            ARRAY_END,
            ARRAY_SEPARATOR,
            TABLE_BEGIN,
            TABLE_END,
            TABLE_SEPARATOR,
        ] {
            assert!(
                syntect.contains(&format!("class=\"{class}\"")),
                "{class} not in {syntect}"
            );
        }
    }

    #[test]
    fn never_loses_text_of_broken_input() {
        for text in [
            "a = \"open",
            "a = '''open",
            "= = ,,]]}}{{",
            "[[a]]\nb.c = 1",
            "é = ü # ø\n\"",
            "a = \"x\\",
        ] {
            let html = block(text);
            assert_eq!(code_text(&html), text, "{html}");
        }
    }
}
