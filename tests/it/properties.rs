//! Property tests of the parts that read what authors type: the front matter
//! splitter, the wikilink and citation scanner, and the slug rules. Each runs on
//! arbitrary text, so a panic or an out-of-range span on any input fails here.
//! `PROPTEST_CASES=10000 cargo test --test it properties` runs a longer search.

use dossier::parts::{citation_keys, scan};
use dossier::parts::{classify, split};
use dossier::parts::{is_valid_slug, slugify};
use proptest::prelude::*;

/// Text made mostly of the characters these parsers care about, so that the
/// interesting cases (fences, brackets, pipes, `@`, line ends) come up often.
fn markup() -> impl Strategy<Value = String> {
    proptest::collection::vec(
        prop_oneof![
            4 => prop::sample::select(vec![
                "[", "]", "[[", "]]", "|", "#", "@", "[@", ";", ",", "!", "\\", "`",
                "+++", "\n", "\r\n", " ", "\t", "*", "_", ">", "-", "(", ")", "<", "\u{feff}",
            ])
            .prop_map(str::to_owned),
            2 => "[a-zé ]{1,6}",
            1 => any::<String>(),
        ],
        0..40,
    )
    .prop_map(|parts| parts.concat())
}

proptest! {
    #[test]
    fn split_returns_ranges_inside_the_text(text in markup()) {
        if let Ok((toml, body)) = split(&text, 0) {
            prop_assert!(toml.start <= toml.end && toml.end <= body && body <= text.len());
            prop_assert!(text.is_char_boundary(toml.start) && text.is_char_boundary(toml.end));
            prop_assert!(text.is_char_boundary(body));
            prop_assert!(!text[toml.clone()].lines().any(|l| l.trim_end() == "+++"));
        }
    }

    #[test]
    fn split_gives_back_what_was_written(
        toml in "([a-z]{1,8} = \"[^\"\n+]{0,12}\"\n){0,5}",
        body in markup(),
        crlf in any::<bool>(),
    ) {
        let eol = if crlf { "\r\n" } else { "\n" };
        let toml = toml.replace('\n', eol);
        let text = format!("+++{eol}{toml}+++{eol}{body}");
        let (range, offset) = split(&text, 0).expect("well-formed front matter");
        prop_assert_eq!(&text[range], toml.as_str());
        prop_assert_eq!(&text[offset..], body.as_str());
    }

    #[test]
    fn scanned_spans_are_inside_the_body_and_show_the_link(body in markup()) {
        let found = scan(&body, &|_| None);
        for link in &found.links {
            prop_assert!(link.span.end <= body.len());
            let written = &body[link.span.clone()];
            prop_assert!(written.starts_with("[[") || written.starts_with("![["), "{}", written);
            prop_assert!(written.ends_with("]]"), "{}", written);
        }
        for citation in &found.citations {
            prop_assert!(citation.span.end <= body.len());
            prop_assert!(!citation.keys.is_empty());
            prop_assert!(body[citation.span.clone()].contains('@'));
        }
        for problem in &found.problems {
            let span = &problem.span;
            prop_assert!(span.end <= body.len() && body.is_char_boundary(span.start));
        }
    }

    #[test]
    fn citation_keys_are_clean_when_found(reference in markup()) {
        if let Some(keys) = citation_keys(&reference) {
            prop_assert!(!keys.is_empty());
            for key in keys {
                prop_assert!(!key.source.is_empty());
                prop_assert!(!key.source.contains(char::is_whitespace));
                prop_assert!(key.locator.as_deref() != Some(""));
            }
        }
    }

    #[test]
    fn slugify_makes_valid_slugs_and_keeps_valid_ones(text in any::<String>(), slug in "[a-z0-9]{1,5}(-[a-z0-9]{1,5}){0,3}") {
        let made = slugify(&text);
        prop_assert!(made.is_empty() || is_valid_slug(&made), "{:?} -> {:?}", text, made);
        prop_assert!(is_valid_slug(&slug));
        prop_assert_eq!(slugify(&slug), slug);
    }

    #[test]
    fn classify_accepts_only_valid_slugs(path in "[a-z/.é -]{0,30}") {
        if let Ok((_, slug, _)) = classify(&path) {
            prop_assert!(slug == "index" || slug == "article" || is_valid_slug(&slug), "{}", slug);
        }
    }
}
