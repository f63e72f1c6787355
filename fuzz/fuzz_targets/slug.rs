//! The slug rules: a suggested slug is valid or empty, a valid slug is its own
//! suggestion, and a file path is accepted only with a valid slug.
#![no_main]

use dossier::parts::classify;
use dossier::parts::{is_valid_slug, slugify};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    let made = slugify(text);
    assert!(
        made.is_empty() || is_valid_slug(&made),
        "{text:?} -> {made:?}"
    );
    if is_valid_slug(text) {
        assert_eq!(slugify(text), text);
    }
    if let Ok((_, slug, _)) = classify(text) {
        assert!(slug == "index" || slug == "article" || is_valid_slug(&slug));
    }
});
