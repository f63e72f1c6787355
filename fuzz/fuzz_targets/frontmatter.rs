//! The front matter splitter and the strict, typed parse of every kind: any text
//! gives a result or diagnostics with spans inside the file, never a panic.
#![no_main]

use dossier::SourceFiles;
use dossier::parts::Diagnostics;
use dossier::parts::{parse_document, split};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    if let Ok((toml, body)) = split(text, 0) {
        assert!(toml.start <= toml.end && toml.end <= body && body <= text.len());
    }
    let mut files = SourceFiles::default();
    let file = files.add("content/x.md".to_owned(), text.to_owned());
    for path in [
        "companies/a.md",
        "deals/d.md",
        "glossary/t.md",
        "notes/n.md",
        "index.md",
    ] {
        let mut diagnostics = Diagnostics::default();
        parse_document(file, path, text, &mut diagnostics);
        for d in diagnostics.into_sorted(&files) {
            assert!(
                d.span.start <= d.span.end && d.span.end <= text.len(),
                "{:?}",
                d.span
            );
            assert!(text.is_char_boundary(d.span.start) && text.is_char_boundary(d.span.end));
        }
    }
});
