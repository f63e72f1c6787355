//! The sentence around a mention, for "Mentioned in" lists.

/// The sentence of `text` around byte offset `at`, trimmed to a readable length.
pub fn sentence_around(text: &str, at: usize) -> String {
    const MAX: usize = 280;
    let at = at.min(text.len());
    let is_end = |s: &str| s.ends_with(['.', '?', '!', '…']);
    // A sentence ends at `.`, `?` or `!` (maybe followed by a closing quote or
    // bracket) and a space.
    let mut start = 0;
    let mut end = text.len();
    let mut after_word = false;
    for (i, c) in text.char_indices() {
        if c.is_whitespace() {
            if after_word && is_end(text[..i].trim_end_matches(['"', '”', '’', ')', '»'])) {
                if i <= at {
                    start = i;
                } else {
                    end = i;
                    break;
                }
            }
            after_word = false;
        } else {
            after_word = true;
        }
    }
    // Citations leave nothing in the text: no space before the punctuation they preceded.
    let sentence = text[start..end]
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .replace(" .", ".")
        .replace(" ,", ",")
        .replace(" ;", ";")
        .replace(" :", ":");
    if sentence.chars().count() <= MAX {
        return sentence;
    }
    // Too long: a window around the mention.
    let offset = text[start..at]
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .len();
    let chars: Vec<char> = sentence.chars().collect();
    let centre = sentence[..offset.min(sentence.len())].chars().count();
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
