//! Glossary terms linked at their first mention.

use std::ops::Range;

/// Glossary terms, to link at their first mention on a page: every term's name and
/// aliases, matched in one pass over the text whatever their number (Aho–Corasick),
/// case-insensitively, longest first, as whole words.
#[derive(Debug)]
pub struct Autolinker {
    matcher: aho_corasick::AhoCorasick,
    /// The slug each pattern links to.
    targets: Vec<String>,
}

impl Autolinker {
    /// `terms`: (slug, the names it is known by).
    pub fn new<'a>(terms: impl IntoIterator<Item = (&'a str, Vec<&'a str>)>) -> Option<Autolinker> {
        let mut patterns = Vec::new();
        let mut targets = Vec::new();
        for (slug, names) in terms {
            for name in names {
                let name = name.trim();
                // One- and two-letter names would link every stray "AI"-like token.
                if name.chars().count() < 3 {
                    continue;
                }
                for form in [name.to_owned(), name.to_lowercase()] {
                    patterns.push(form);
                    targets.push(slug.to_owned());
                }
            }
        }
        let matcher = aho_corasick::AhoCorasick::builder()
            .ascii_case_insensitive(true)
            .match_kind(aho_corasick::MatchKind::LeftmostLongest)
            .build(&patterns)
            .ok()?;
        Some(Autolinker { matcher, targets })
    }

    /// Whole-word matches in `text`: (byte range, slug).
    pub(super) fn matches<'t>(
        &'t self,
        text: &'t str,
    ) -> impl Iterator<Item = (Range<usize>, &'t str)> + 't {
        self.matcher.find_iter(text).filter_map(move |m| {
            let before = text[..m.start()].chars().next_back();
            let after = text[m.end()..].chars().next();
            let word = |c: Option<char>| c.is_some_and(|c| c.is_alphanumeric() || c == '_');
            (!word(before) && !word(after))
                .then(|| (m.range(), self.targets[m.pattern().as_usize()].as_str()))
        })
    }
}
