//! The sentence around a mention, for "Mentioned in" lists.

/// Marks the mention's place while the text is tidied, so the window is cut around it.
/// A private-use character: it cannot come from a Markdown body's visible text.
const MARK: char = '\u{E000}';

/// Words ending in a full stop that do not end a sentence.
const ABBREVIATIONS: &[&str] = &[
    "e.g.", "i.e.", "etc.", "vs.", "cf.", "no.", "inc.", "ltd.", "co.", "corp.", "mr.", "mrs.",
    "ms.", "dr.", "st.", "u.s.", "u.k.", "p.", "pp.",
];

/// The sentences of `text` around each of the byte offsets `ats`: one pass over the
/// text finds where its sentences end, however many mentions it has.
pub fn sentences_around(text: &str, ats: &[usize]) -> Vec<String> {
    let ends = sentence_ends(text);
    ats.iter()
        .map(|&at| {
            let mut at = at.min(text.len());
            while !text.is_char_boundary(at) {
                at -= 1;
            }
            // The sentence runs from the last end at or before `at` to the next one.
            let next = ends.partition_point(|&end| end <= at);
            let start = next.checked_sub(1).map_or(0, |i| ends[i]);
            let end = ends.get(next).copied().unwrap_or(text.len());
            tidy_around(text, start, at, end)
        })
        .collect()
}

/// `text[start..end]`, tidied, cut to a readable length around `at`.
fn tidy_around(text: &str, start: usize, at: usize, end: usize) -> String {
    const MAX: usize = 280;
    // Tidy the sentence with the mark in it: one space between words, and no space
    // before the punctuation a citation (which leaves no text) preceded.
    let marked = format!("{}{MARK}{}", &text[start..at], &text[at..end]);
    let mut tidy = String::with_capacity(marked.len());
    for word in marked.split_whitespace() {
        let mut chars = word.chars();
        let glued = match chars.next() {
            Some('.' | ',' | ';' | ':') => true,
            Some(MARK) => matches!(chars.next(), Some('.' | ',' | ';' | ':')),
            _ => false,
        };
        if !tidy.is_empty() && !glued {
            tidy.push(' ');
        }
        tidy.push_str(word);
    }
    // Short enough (the mark is one character): the whole sentence.
    if tidy.len() <= MAX || tidy.chars().count() <= MAX + 1 {
        return tidy.replace(MARK, "");
    }
    let chars: Vec<char> = tidy.chars().collect();
    let centre = chars.iter().position(|&c| c == MARK).unwrap_or(0);
    let chars: Vec<char> = chars.into_iter().filter(|&c| c != MARK).collect();
    // Too long: a window around the mention.
    let from = centre.saturating_sub(MAX / 2);
    let to = (from + MAX).min(chars.len());
    let from = to.saturating_sub(MAX);
    let mut out: String = chars[from..to].iter().collect();
    if from > 0 {
        out.insert(0, '…');
    }
    if to < chars.len() {
        out.push('…');
    }
    out
}

/// Byte bounds of the sentence containing `at`. A sentence ends at `.`, `?`, `!` or
/// `…` (maybe followed by a closing quote or bracket) before a space, unless the word
/// is an abbreviation ("e.g.") or the next word starts in lower case. Returns the
/// offset of the space after each sentence, in order.
fn sentence_ends(text: &str) -> Vec<usize> {
    let mut ends = Vec::new();
    let mut word_start = 0;
    let mut in_word = false;
    for (i, c) in text.char_indices() {
        if !c.is_whitespace() {
            if !in_word {
                word_start = i;
                in_word = true;
            }
            continue;
        }
        if in_word && ends_sentence(&text[word_start..i], &text[i..]) {
            ends.push(i);
        }
        in_word = false;
    }
    ends
}

fn ends_sentence(word: &str, rest: &str) -> bool {
    let bare = word.trim_end_matches(['"', '”', '’', ')', '»']);
    if !bare.ends_with(['.', '?', '!', '…']) {
        return false;
    }
    if ABBREVIATIONS.contains(&bare.to_lowercase().as_str()) {
        return false;
    }
    // "the U.S. regulator": a lower-case word after the stop continues the sentence.
    let next = rest.trim_start().chars().next();
    !next.is_some_and(char::is_lowercase)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The sentence around one mention.
    fn sentence_around(text: &str, at: usize) -> String {
        sentences_around(text, &[at]).pop().unwrap_or_default()
    }

    #[test]
    fn abbreviations_and_lower_case_continuations_do_not_end_a_sentence() {
        let text = "Before. The U.S. regulator, e.g. the FTC, looked at Acme closely. After.";
        let at = text.find("Acme").unwrap();
        assert_eq!(
            sentence_around(text, at),
            "The U.S. regulator, e.g. the FTC, looked at Acme closely."
        );
    }

    #[test]
    fn windows_are_cut_on_characters_not_bytes() {
        // Multibyte characters and tidied punctuation before the mention.
        let text = format!(
            "Google , Microsoft , and “Émile” {} here {}",
            "long ".repeat(60),
            "é ".repeat(200)
        );
        let at = text.find("here").unwrap();
        let out = sentence_around(&text, at);
        assert!(out.contains("here"), "{out}");
        assert!(out.chars().count() <= 282);
    }

    #[test]
    fn each_mention_gets_its_own_sentence() {
        let text = "First about Acme. Second about Beta, e.g. its cloud. Third: Gamma and Acme.";
        let ats: Vec<usize> = ["Acme", "Beta", "Gamma"]
            .iter()
            .map(|w| text.find(w).unwrap())
            .chain([text.rfind("Acme").unwrap(), 0, text.len()])
            .collect();
        let many = sentences_around(text, &ats);
        assert_eq!(
            many[..4],
            [
                "First about Acme.",
                "Second about Beta, e.g. its cloud.",
                "Third: Gamma and Acme.",
                "Third: Gamma and Acme."
            ]
        );
        // The same as asking one at a time, at the edges too.
        for (at, sentence) in ats.iter().zip(&many) {
            assert_eq!(&sentence_around(text, *at), sentence);
        }
    }
}
