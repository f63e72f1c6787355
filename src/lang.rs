//! Language tags: which are well-formed (BCP 47), and the languages dossier writes
//! numbers, money and dates in. A leaf: it imports nothing from the crate.

/// A language facts can be written in: each edition's pages use theirs (an edition in
/// a language dossier does not write, German say, uses English).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    En,
    Fr,
}

impl Lang {
    /// The language of a BCP 47 tag (`fr`, `fr-CA`), if dossier writes it.
    pub fn from_tag(tag: &str) -> Option<Lang> {
        match primary_subtag(tag).as_str() {
            "en" => Some(Lang::En),
            "fr" => Some(Lang::Fr),
            _ => None,
        }
    }
}

/// A BCP 47 tag's language, lower-cased: `fr` for `fr-CA`.
pub fn primary_subtag(tag: &str) -> String {
    tag.split(['-', '_'])
        .next()
        .unwrap_or("")
        .to_ascii_lowercase()
}

/// Is `tag` a well-formed BCP 47 language tag (RFC 5646, section 2.1)?
pub fn is_language_tag(tag: &str) -> bool {
    // The irregular grandfathered tags, which fit no rule below.
    const IRREGULAR: [&str; 17] = [
        "en-gb-oed",
        "i-ami",
        "i-bnn",
        "i-default",
        "i-enochian",
        "i-hak",
        "i-klingon",
        "i-lux",
        "i-mingo",
        "i-navajo",
        "i-pwn",
        "i-tao",
        "i-tay",
        "i-tsu",
        "sgn-be-fr",
        "sgn-be-nl",
        "sgn-ch-de",
    ];
    if !tag.is_ascii() {
        return false;
    }
    let tag = tag.to_ascii_lowercase();
    if IRREGULAR.contains(&tag.as_str()) {
        return true;
    }
    let parts: Vec<&str> = tag.split('-').collect();
    let alpha = |p: &str, lens: std::ops::RangeInclusive<usize>| {
        lens.contains(&p.len()) && p.bytes().all(|b| b.is_ascii_alphabetic())
    };
    let alnum = |p: &str, lens: std::ops::RangeInclusive<usize>| {
        lens.contains(&p.len()) && p.bytes().all(|b| b.is_ascii_alphanumeric())
    };
    let private = |rest: &[&str]| !rest.is_empty() && rest.iter().all(|p| alnum(p, 1..=8));
    if parts[0] == "x" {
        return private(&parts[1..]);
    }
    // language: 2-3 letters and up to three extended subtags, or 4-8 letters.
    let mut i = if alpha(parts[0], 2..=3) {
        let mut i = 1;
        while i < parts.len() && i <= 3 && alpha(parts[i], 3..=3) {
            i += 1;
        }
        i
    } else if alpha(parts[0], 4..=8) {
        1
    } else {
        return false;
    };
    let at = |i: usize| parts.get(i).copied().unwrap_or("");
    // script
    if alpha(at(i), 4..=4) {
        i += 1;
    }
    // region
    if alpha(at(i), 2..=2) || (at(i).len() == 3 && at(i).bytes().all(|b| b.is_ascii_digit())) {
        i += 1;
    }
    // variants
    while alnum(at(i), 5..=8)
        || (at(i).len() == 4 && at(i).as_bytes()[0].is_ascii_digit() && alnum(at(i), 4..=4))
    {
        i += 1;
    }
    // extensions: a singleton other than `x`, then subtags of 2-8
    while at(i).len() == 1 && at(i) != "x" && alnum(at(i), 1..=1) {
        let start = i + 1;
        i = start;
        while alnum(at(i), 2..=8) {
            i += 1;
        }
        if i == start {
            return false;
        }
    }
    if at(i) == "x" {
        return private(&parts[i + 1..]);
    }
    i == parts.len()
}

/// Is `code` a language code an edition can have (`fr`, `pt-BR`, `zh-Hant`): a
/// well-formed BCP 47 tag ([`is_language_tag`], as content's `lang` is checked) whose language is two or three lower-case letters, since it names the
/// edition's folder (`fr/`) and its files (`anthropic.fr.md`).
pub fn is_edition_code(code: &str) -> bool {
    let primary = code.split('-').next().unwrap_or_default();
    (2..=3).contains(&primary.len())
        && primary.bytes().all(|b| b.is_ascii_lowercase())
        && is_language_tag(code)
}

#[cfg(test)]
mod language_tag_tests {
    use super::is_language_tag;

    #[test]
    fn well_formed_language_tags_pass_and_others_do_not() {
        for good in [
            "en",
            "fr",
            "pt-BR",
            "zh-Hant",
            "zh-Hant-TW",
            "sr-Latn-RS",
            "es-419",
            "de-CH-1901",
            "en-US-x-twain",
            "x-klingon",
            "i-klingon",
            "zh-min-nan",
            "en-a-bbb-x-a-ccc",
            "sl-rozaj-biske",
        ] {
            assert!(is_language_tag(good), "{good}");
        }
        for bad in [
            "",
            "e",
            "en_US",
            "fr-",
            "-fr",
            "en--us",
            "en\nfr",
            "fr<script>",
            "en-US-",
            "toolongcode",
            "en-a",
            "en-x",
            "français",
            "en-u-",
            "123",
        ] {
            assert!(!is_language_tag(bad), "{bad:?}");
        }
    }
}
