//! What authors write for each other, never for readers: HTML comments (`<!-- … -->`)
//! and private notes (`%% … %%`, as in Obsidian). Both are cut out of a body before it
//! is parsed, so nothing in them reaches a page, the print edition, the search index or
//! an export, and no link or citation in them is checked or counted as a mention.
//!
//! Markers inside code (a code span or a code block) are text, shown as written. Which
//! parts of a body are code is Markdown's to say, and cutting a note can change it (a
//! lone backtick in a note pairs with a later one): so the cut text is parsed again, and
//! cut again, until no marker is left outside code. A body that does not settle in a few
//! rounds has every marker cut, in code too (a mangled code sample is better than a
//! published note), and if cutting makes new markers even then (`<!-%%x%%-`), the rest
//! of the body from the first of them is cut and reported as never closed.

use std::borrow::Cow;
use std::ops::Range;

use pulldown_cmark::{Event, Parser, Tag};

use super::BodyProblem;

/// Rounds of parsing and cutting before every marker is cut, code or not. Each round
/// reads the whole body, so a bounded number of them keeps this linear.
const ROUNDS: usize = 4;

/// A body with its comments and private notes cut out.
#[derive(Debug)]
pub struct Stripped<'a> {
    pub text: Cow<'a, str>,
    /// The cut ranges of the original body, in order, none touching another.
    cuts: Vec<Range<usize>>,
    /// Markers never closed, with their spans in the original body.
    pub problems: Vec<BodyProblem>,
}

impl Stripped<'_> {
    /// The position in the original body of `at` in [`Stripped::text`]. A cut right
    /// at `at` counts as before it for a start, after it for an end.
    fn original(&self, at: usize, end: bool) -> usize {
        let mut shift = 0;
        for cut in &self.cuts {
            let here = cut.start - shift;
            if here > at || (end && here == at) {
                break;
            }
            shift += cut.len();
        }
        at + shift
    }

    /// A span of [`Stripped::text`] as a span of the original body.
    pub fn span(&self, span: Range<usize>) -> Range<usize> {
        if self.cuts.is_empty() {
            return span;
        }
        let start = self.original(span.start, false);
        let end = self.original(span.end, true).max(start);
        start..end
    }
}

/// `body` without its comments and private notes.
pub fn strip(body: &str) -> Stripped<'_> {
    let mut stripped = Stripped {
        text: Cow::Borrowed(body),
        cuts: Vec::new(),
        problems: Vec::new(),
    };
    if !body.contains("%%") && !body.contains("<!--") {
        return stripped;
    }
    for round in 0..=ROUNDS + 1 {
        let text = stripped.text.as_ref();
        // The last rounds cut markers in code too.
        let code = if round < ROUNDS {
            code_ranges(text)
        } else {
            Vec::new()
        };
        let (mut found, mut open) = find(text, &code);
        if found.is_empty() && open.is_none() {
            break;
        }
        if open.is_some() && !found.is_empty() && round < ROUNDS {
            // What the cuts before it did to the code may close it: see next round.
            open = None;
        }
        if round == ROUNDS + 1 && open.is_none() {
            // Cutting made markers again: what follows the first one goes.
            open = found.first().map(|(cut, comment)| (cut.start, *comment));
            found.clear();
        }
        // Back to the original body's positions, then merged with the earlier cuts.
        let mut cuts: Vec<Range<usize>> =
            found.into_iter().map(|(c, _)| stripped.span(c)).collect();
        if let Some((at, comment)) = open {
            let at = stripped.span(at..at).start;
            let mut problem = unclosed(at, comment);
            // A marker made by cutting is not whole in the file: point at its start.
            let marker = if comment { "<!--" } else { "%%" };
            if !body[at..].starts_with(marker) {
                problem.span = at..at + 1;
            }
            stripped.problems.push(problem);
            cuts.push(at..body.len());
        }
        cuts.extend(std::mem::take(&mut stripped.cuts));
        cuts.sort_by_key(|c| c.start);
        for cut in cuts {
            match stripped.cuts.last_mut() {
                Some(last) if cut.start <= last.end => last.end = last.end.max(cut.end),
                _ => stripped.cuts.push(cut),
            }
        }
        let mut kept = String::with_capacity(body.len());
        let mut from = 0;
        for cut in &stripped.cuts {
            kept.push_str(&body[from..cut.start]);
            from = cut.end;
        }
        kept.push_str(&body[from..]);
        stripped.text = Cow::Owned(kept);
        if open.is_some() {
            break;
        }
    }
    stripped
}

fn unclosed(at: usize, comment: bool) -> BodyProblem {
    if comment {
        BodyProblem {
            span: at..at + 4,
            message: "this comment is never closed".to_owned(),
            help: "end it with `-->` (everything after `<!--` is left out of the site); to \
                   show `<!--` as text, put it in `code`"
                .to_owned(),
        }
    } else {
        BodyProblem {
            span: at..at + 2,
            message: "this private note is never closed".to_owned(),
            help: "end it with another `%%` (everything after `%%` is left out of the site); \
                   for two percent signs in the text, write `\\%%`"
                .to_owned(),
        }
    }
}

/// The byte ranges of `text` that are code: code spans and code blocks.
fn code_ranges(text: &str) -> Vec<Range<usize>> {
    let mut code = Vec::new();
    let mut skip_to = 0;
    for (event, span) in Parser::new_ext(text, super::options()).into_offset_iter() {
        // A code block's events come after its own span: skip them.
        if span.start < skip_to {
            continue;
        }
        if matches!(event, Event::Code(_) | Event::Start(Tag::CodeBlock(_))) {
            skip_to = span.end;
            code.push(span);
        }
    }
    code
}

/// A marker: where it is (or starts), and whether it is a comment (else a note).
type Marker<T> = (T, bool);

/// The comments and private notes of `text` outside `code` (each widened to whole
/// lines when it stands alone on them, so that it leaves no blank line behind), and
/// the first marker never closed, if any.
fn find(text: &str, code: &[Range<usize>]) -> (Vec<Marker<Range<usize>>>, Option<Marker<usize>>) {
    let bytes = text.as_bytes();
    let in_code = |at: usize| {
        let i = code.partition_point(|c| c.end <= at);
        code.get(i).is_some_and(|c| c.start <= at)
    };
    let mut found = Vec::new();
    let mut i = 0;
    while let Some(at) = memchr::memchr2(b'%', b'<', &bytes[i..]).map(|p| p + i) {
        let rest = &text[at..];
        let (open, close, comment) = if rest.starts_with("%%") {
            ("%%", "%%", false)
        } else if rest.starts_with("<!--") {
            ("<!--", "-->", true)
        } else {
            i = at + 1;
            continue;
        };
        // `\%%` is two percent signs.
        let escaped = !comment && text[..at].ends_with('\\');
        if escaped || in_code(at) {
            i = at + open.len();
            continue;
        }
        // A note runs to the next closing marker, whatever is between (code too).
        // `<!-->` and `<!--->` are whole comments, as HTML reads them.
        let after = at + open.len();
        let end = if comment && text[after..].starts_with('>') {
            Some(after + 1)
        } else if comment && text[after..].starts_with("->") {
            Some(after + 2)
        } else {
            text[after..].find(close).map(|p| after + p + close.len())
        };
        let Some(end) = end else {
            return (found, Some((at, comment)));
        };
        found.push((whole_lines(text, at..end), comment));
        i = end;
    }
    (found, None)
}

/// `cut` widened to its lines, with their line break, if nothing else is on them.
fn whole_lines(text: &str, cut: Range<usize>) -> Range<usize> {
    let blank = |s: &str| s.bytes().all(|b| b == b' ' || b == b'\t');
    let line_start = text[..cut.start].rfind('\n').map_or(0, |n| n + 1);
    let line_end = text[cut.end..]
        .find('\n')
        .map_or(text.len(), |n| cut.end + n);
    if blank(&text[line_start..cut.start]) && blank(&text[cut.end..line_end]) {
        let end = (line_end + 1).min(text.len());
        line_start..end
    } else {
        cut
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cut(body: &str) -> String {
        strip(body).text.into_owned()
    }

    #[test]
    fn comments_and_notes_are_cut_inline_and_across_lines() {
        assert_eq!(cut("a <!-- x --> b %%y%% c"), "a  b  c");
        assert_eq!(cut("a\n<!-- x\ny -->\nb\n"), "a\nb\n");
        assert_eq!(cut("p\n\n%%\nnote\n\nmore\n%%\n\nq\n"), "p\n\n\nq\n");
        assert_eq!(cut("x <!--> y <!---> z"), "x  y  z");
    }

    #[test]
    fn markers_in_code_are_text_and_escaped_percents_stay() {
        let body = "`%% a %%` and `<!-- b -->`\n\n```\n%% c %%\n```\n\n50\\%% off";
        assert_eq!(cut(body), body);
    }

    #[test]
    fn a_backtick_in_a_note_does_not_hide_a_later_note() {
        // In the original, ` pairs with the one in the last note, making the second
        // note look like code.
        let body = "%% don't use ` here %% text %% secret %% and %% ` %%";
        let text = cut(body);
        assert!(!text.contains("secret") && !text.contains('%'), "{text}");
        assert!(strip(body).problems.is_empty());
    }

    #[test]
    fn markers_made_by_cutting_are_cut_too() {
        let s = strip("a <!-%%x%%- secret");
        assert_eq!(s.text, "a ");
        assert_eq!(s.problems.len(), 1);
        let s = strip("<%%é%%!-- secret");
        assert_eq!(s.text, "");
        assert_eq!(s.problems[0].span, 0..1);
    }

    #[test]
    fn an_unclosed_marker_cuts_to_the_end_and_is_reported() {
        let s = strip("ok\n\n%% never closed\n\nsecret");
        assert_eq!(s.text, "ok\n\n");
        assert_eq!(s.problems[0].span, 4..6);
        let s = strip("ok <!-- x");
        assert_eq!(s.text, "ok ");
        assert!(s.problems[0].message.contains("comment"));
    }

    #[test]
    fn spans_map_back_to_the_original_body() {
        let body = "a %%x%% [[b]] <!--y-->\n%%z%%\n[[c]]";
        let s = strip(body);
        let at = s.text.find("[[b]]").unwrap();
        assert_eq!(&body[s.span(at..at + 5)], "[[b]]");
        let at = s.text.find("[[c]]").unwrap();
        assert_eq!(&body[s.span(at..at + 5)], "[[c]]");
    }
}
