//! How the bundled dossier's text is set, in French and in English (issue 17, item 12):
//! the no-break spaces French puts before `;`, `:`, `!`, `?`, `»` and `%`, one
//! apostrophe, lists and separators in the page's language.

use crate::bundled::page;

/// The excerpts of a page's "Mentioned in" list, as written in its HTML.
fn excerpts(html: &str) -> Vec<&str> {
    html.split("<blockquote class=\"backlink-context\"><p>")
        .skip(1)
        .filter_map(|rest| rest.split_once("</p>").map(|(excerpt, _)| excerpt))
        .collect()
}

#[test]
fn mentioned_in_excerpts_keep_the_no_break_spaces_of_the_text() {
    let google = page("fr/companies/google/index.html");
    let all = excerpts(google);
    assert!(
        all.iter()
            .any(|e| e.contains("10\u{202F}% (signalé\u{202F}; voir l’accord)")),
        "the home page's sentence, as the home page sets it: {all:#?}"
    );
    assert!(
        !google.contains("signalé;"),
        "no French `;` against its word"
    );
}
