//! The sentence around a mention, for "Mentioned in" lists.

/// The longest context, in characters; a longer sentence is cut around the mention.
const MAX: usize = 280;

/// Spaces that hold the words on either side together: French puts one before `;`,
/// `:`, `?`, `!`, `%` and inside « », and the page keeps them. Here they belong to the
/// words they join, so a tidied sentence keeps them as written ("signalé\u{202F};"
/// was "signalé;").
const NO_BREAK: [char; 3] = ['\u{A0}', '\u{202F}', '\u{2007}'];

/// Whether `c` separates words: white space that is not a no-break space.
fn breaks(c: char) -> bool {
    c.is_whitespace() && !NO_BREAK.contains(&c)
}

/// Whether a word goes against the one before, without a space: punctuation a
/// citation (which leaves no text) preceded, or a no-break space that was there.
fn glued(word: &str) -> bool {
    word.starts_with(['.', ',', ';', ':']) || word.starts_with(NO_BREAK)
}

/// Words ending in a full stop that do not end a sentence.
const ABBREVIATIONS: &[&str] = &[
    "e.g.", "i.e.", "etc.", "vs.", "cf.", "no.", "inc.", "ltd.", "co.", "corp.", "mr.", "mrs.",
    "ms.", "dr.", "st.", "u.s.", "u.k.", "p.", "pp.",
];

/// The sentences of `text` around each of the byte offsets `ats`: one pass over the
/// text finds where its sentences end, and each sentence is tidied once, however many
/// mentions it has (a paragraph of 20,000 links is one sentence, which was tidied again
/// for each of them). Offsets in increasing order are the quick case.
pub fn sentences_around(text: &str, ats: &[usize]) -> Vec<String> {
    let ends = sentence_ends(text);
    // The sentence last tidied: its number and its words.
    let mut tidied: Option<(usize, Tidied)> = None;
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
            let sentence = match &tidied {
                Some((n, sentence)) if *n == next => sentence,
                _ => &tidied.insert((next, Tidied::new(&text[start..end]))).1,
            };
            sentence.around(at - start)
        })
        .collect()
}

/// Bytes of tidied text per entry of [`Tidied::chars_before`].
const BLOCK: usize = 256;

/// A sentence tidied: one space between words, none before the punctuation a
/// citation (which leaves no text) preceded, and no-break spaces kept.
struct Tidied {
    text: String,
    /// Its words, in order.
    words: Vec<Word>,
    /// How many characters `text` has before each multiple of [`BLOCK`] bytes, so
    /// that a window of characters is found without counting from the start.
    chars_before: Vec<usize>,
    chars: usize,
}

/// A word of the sentence: where it is as written, and in the tidied text.
struct Word {
    /// Byte range in the sentence as written.
    start: usize,
    end: usize,
    /// Where it starts in the tidied text (which holds it unchanged).
    at: usize,
    /// Whether it follows the word before without a space.
    glued: bool,
}

impl Tidied {
    fn new(sentence: &str) -> Self {
        let mut text = String::with_capacity(sentence.len());
        let mut words = Vec::new();
        let mut word_start = None;
        for (i, c) in sentence.char_indices().chain([(sentence.len(), ' ')]) {
            if !breaks(c) {
                word_start.get_or_insert(i);
                continue;
            }
            let Some(start) = word_start.take() else {
                continue;
            };
            let word = &sentence[start..i];
            let glued = glued(word);
            if !text.is_empty() && !glued {
                text.push(' ');
            }
            words.push(Word {
                start,
                end: i,
                at: text.len(),
                glued,
            });
            text.push_str(word);
        }
        let mut chars_before = Vec::with_capacity(text.len() / BLOCK + 2);
        let mut chars = 0;
        chars_before.push(0);
        for block in text.as_bytes().chunks(BLOCK) {
            chars += char_starts(block);
            chars_before.push(chars);
        }
        Tidied {
            text,
            words,
            chars_before,
            chars,
        }
    }

    /// Characters in `text[..at]`.
    fn chars_to(&self, at: usize) -> usize {
        let block = at / BLOCK;
        self.chars_before[block] + char_starts(&self.text.as_bytes()[block * BLOCK..at])
    }

    /// The tidied sentence around the byte offset `at` of the sentence as written, cut
    /// to a readable length around it.
    ///
    /// The same as tidying the sentence with a mark at `at` and taking the mark out,
    /// as dossier did for each mention: `at` inside a word (or at either end of it) is
    /// that place in the tidied text; `at` between words was a word of its own, with a
    /// space on either side (so a citation between two words leaves two spaces, as it
    /// always has). The result is `text[..a] + x + y + text[b..]`, with the mention
    /// between `x` and `y`.
    fn around(&self, at: usize) -> String {
        let k = self.words.partition_point(|w| w.end < at);
        let (a, x, y, b) = match self.words.get(k) {
            Some(w) if w.start <= at => {
                let at = w.at + (at - w.start);
                (at, "", "", at)
            }
            next => {
                let a = k.checked_sub(1).map_or(0, |i| {
                    let w = &self.words[i];
                    w.at + (w.end - w.start)
                });
                let x = if k > 0 { " " } else { "" };
                match next {
                    Some(w) => (a, x, if w.glued { "" } else { " " }, w.at),
                    None => (a, x, "", self.text.len()),
                }
            }
        };
        // Characters before the mention, and in all.
        let before = self.chars_to(a) + x.len();
        let total = before + y.len() + self.chars - self.chars_to(b);
        if total <= MAX {
            return [&self.text[..a], x, y, &self.text[b..]].concat();
        }
        // Too long: a window around the mention.
        let from = before.saturating_sub(MAX / 2);
        let to = (from + MAX).min(total);
        let from = to.saturating_sub(MAX);
        let mut out = String::with_capacity(4 * MAX);
        if from > 0 {
            out.push('…');
        }
        // `before - from` characters end at the mention: `x`'s, then the text's.
        let left = before - from;
        let from_x = left.min(x.len());
        let from_text = left - from_x;
        let left_start = match from_text {
            0 => a,
            n => self.text[..a]
                .char_indices()
                .nth_back(n - 1)
                .map_or(0, |(i, _)| i),
        };
        out.push_str(&self.text[left_start..a]);
        out.push_str(&x[x.len() - from_x..]);
        // `to - before` characters start at it: `y`'s, then the text's.
        let right = to - before;
        let from_y = right.min(y.len());
        out.push_str(&y[..from_y]);
        let right_end = self.text[b..]
            .char_indices()
            .nth(right - from_y)
            .map_or(self.text.len(), |(i, _)| b + i);
        out.push_str(&self.text[b..right_end]);
        if to < total {
            out.push('…');
        }
        out
    }
}

/// How many characters start in `bytes` (UTF-8: every byte but continuation bytes).
fn char_starts(bytes: &[u8]) -> usize {
    bytes.iter().filter(|&&b| (b as i8) >= -0x40).count()
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
        if !breaks(c) {
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
    // "Bonjour\u{202F}!\u{A0}»" ends with its "!".
    let bare = word
        .trim_end_matches(|c| matches!(c, '"' | '”' | '’' | ')' | '»') || NO_BREAK.contains(&c));
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
    fn no_break_spaces_stay_where_they_were() {
        // French spaces before `;`, `%`, `!` and inside « », as the page shows them.
        let text = "Avant. Une part d’environ 10\u{202F}% (signalé\u{202F}; voir Acme), \
                    «\u{A0}vraiment\u{A0}»\u{202F}! Après.";
        let at = text.find("Acme").unwrap();
        assert_eq!(
            sentence_around(text, at),
            "Une part d’environ 10\u{202F}% (signalé\u{202F}; voir Acme), \
             «\u{A0}vraiment\u{A0}»\u{202F}!"
        );
        // A citation (no text) before the no-break space leaves it against the word.
        let text = "Il l’a signalé \u{202F}; voir Acme.";
        let at = text.find("Acme").unwrap();
        assert_eq!(
            sentence_around(text, at),
            "Il l’a signalé\u{202F}; voir Acme."
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

    /// The sentence around `at` as dossier first made it: the whole sentence tidied
    /// with a mark at `at`, for each mention.
    fn tidied_with_a_mark(text: &str, at: usize) -> String {
        const MARK: char = '\u{E000}';
        let mut at = at.min(text.len());
        while !text.is_char_boundary(at) {
            at -= 1;
        }
        let ends = sentence_ends(text);
        let next = ends.partition_point(|&end| end <= at);
        let start = next.checked_sub(1).map_or(0, |i| ends[i]);
        let end = ends.get(next).copied().unwrap_or(text.len());
        let marked = format!("{}{MARK}{}", &text[start..at], &text[at..end]);
        let mut tidy = String::new();
        for word in marked.split(breaks).filter(|w| !w.is_empty()) {
            let glued = glued(word.strip_prefix(MARK).unwrap_or(word));
            if !tidy.is_empty() && !glued {
                tidy.push(' ');
            }
            tidy.push_str(word);
        }
        if tidy.chars().count() <= MAX + 1 {
            return tidy.replace(MARK, "");
        }
        let chars: Vec<char> = tidy.chars().collect();
        let centre = chars.iter().position(|&c| c == MARK).unwrap_or(0);
        let chars: Vec<char> = chars.into_iter().filter(|&c| c != MARK).collect();
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

    #[test]
    fn every_offset_gets_what_tidying_with_a_mark_gave() {
        let words = [
            "Acme",
            "é",
            "«Émile»",
            ",",
            ".",
            ";x",
            ":",
            "U.S.",
            "end.",
            "Next",
            "tiny",
            "ünïcødé",
            "a",
            "e.g.",
            "(note)",
            "done!",
            "…",
            "",
        ];
        let spaces = [" ", "  ", "\n", " \u{a0}", "\t "];
        let mut texts = vec![String::new(), " ".into(), " x ".into(), ". A".into()];
        for (seed, count) in [(1usize, 12usize), (2, 90), (3, 150), (5, 300)] {
            let mut text = String::from(if seed % 2 == 0 { " " } else { "" });
            for i in 0..count {
                text.push_str(words[(i * seed * 7 + i / 3) % words.len()]);
                text.push_str(spaces[(i * 3 + seed) % spaces.len()]);
            }
            texts.push(text.clone());
            texts.push(text.trim_end().to_owned());
        }
        // One long sentence, cut on both sides of most mentions.
        texts.push("Über  Acme , and\n«Émile» ;  x\u{a0}y ".repeat(30));
        for text in &texts {
            let ats: Vec<usize> = (0..=text.len() + 1).collect();
            let got = sentences_around(text, &ats);
            for (&at, got) in ats.iter().zip(&got) {
                assert_eq!(*got, tidied_with_a_mark(text, at), "at {at} of {text:?}");
            }
            // Out of order too.
            let back: Vec<usize> = ats.iter().rev().copied().collect();
            let reversed: Vec<String> = sentences_around(text, &back).into_iter().rev().collect();
            assert_eq!(reversed, got);
        }
    }

    #[test]
    fn twenty_thousand_mentions_in_one_sentence_each_get_their_window() {
        let text = "See Acme and ".repeat(20_000);
        let ats: Vec<usize> = text.match_indices("Acme").map(|(i, _)| i).collect();
        let got = sentences_around(&text, &ats);
        assert_eq!(got.len(), 20_000);
        assert_eq!(got[0], tidied_with_a_mark(&text, ats[0]));
        assert_eq!(got[10_000], tidied_with_a_mark(&text, ats[10_000]));
        assert_eq!(got[19_999], tidied_with_a_mark(&text, ats[19_999]));
        assert!(got[10_000].starts_with('…') && got[10_000].ends_with('…'));
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
