//! The wikilink and citation scanner: any body gives spans that lie inside it and
//! show what was found, never a panic.
#![no_main]

use dossier::parts::{citation_keys, scan};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|body: &str| {
    let found = scan(body, &|_| None);
    for link in &found.links {
        let written = &body[link.span.clone()];
        assert!(
            written.contains("[[") && written.ends_with("]]"),
            "{written:?}"
        );
    }
    for citation in &found.citations {
        assert!(body[citation.span.clone()].contains('@'));
        assert!(!citation.keys.is_empty());
    }
    for problem in &found.problems {
        let span = &problem.span;
        assert!(body.is_char_boundary(span.start) && body.is_char_boundary(span.end));
    }
    if let Some(keys) = citation_keys(body) {
        assert!(keys.iter().all(|k| !k.source.is_empty()));
    }
});
