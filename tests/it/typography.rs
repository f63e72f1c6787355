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

#[test]
fn a_confirmed_status_and_its_sources_are_set_apart() {
    // "confirmed · source: …", never "confirmed source: …"; "sources" for several.
    let en = crate::text_of(page("deals/microsoft-openai-2023/index.html"));
    assert!(en.contains("confirmed · source: Microsoft"), "{en}");
    assert!(!en.contains("confirmed source"), "{en}");
    let fr = crate::text_of(page("fr/deals/google-anthropic-2023/index.html"));
    assert!(fr.contains("confirmé · sources\u{A0}: l"), "{fr}");
    assert!(!fr.contains("confirmé source"), "{fr}");
    let deals = crate::text_of(page("deals/index.html"));
    assert!(deals.contains("confirmed · sources: Microsoft"), "{deals}");
}

/// The caption of the related-deals table of a page.
fn related_deals_caption(html: &str) -> &str {
    let at = html
        .find("<caption id=\"deals-of-")
        .expect("a related-deals table");
    let start = at + html[at..].find('>').unwrap() + 1;
    &html[start..start + html[start..].find("</caption>").unwrap()]
}

#[test]
fn no_title_lands_mid_sentence_in_a_related_deals_caption() {
    // A deal's title is a sentence of its own, a source's a headline: "Les accords
    // impliquant L'investissement…", "Deals involving Microsoft and OpenAI extend
    // partnership" were read as one sentence.
    for (path, caption) in [
        (
            "fr/deals/google-anthropic-2023/index.html",
            "Les autres accords liés à celui-ci",
        ),
        (
            "deals/google-anthropic-2023/index.html",
            "Other deals linked to this one",
        ),
        (
            "fr/sources/microsoft-blog-2023/index.html",
            "Les accords qui citent cette source",
        ),
        (
            "sources/microsoft-blog-2023/index.html",
            "Deals that cite this source",
        ),
        (
            "fr/companies/google/index.html",
            "Les accords impliquant Google",
        ),
        ("companies/google/index.html", "Deals involving Google"),
    ] {
        assert_eq!(related_deals_caption(page(path)), caption, "{path}");
    }
}

/// Lower case, accents off: how two names are told to be the same.
fn folded(name: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    name.to_lowercase()
        .replace("&#39;", "'")
        .replace('’', "'")
        .nfd()
        .filter(|c| !('\u{300}'..='\u{36f}').contains(c))
        .collect()
}

#[test]
fn glossary_also_lists_name_each_other_name_once_and_not_the_term() {
    for (path, also) in [
        ("glossary/index.html", " also "),
        ("fr/glossary/index.html", " aussi "),
    ] {
        let html = page(path);
        let terms: Vec<String> = html
            .split("<dt>")
            .skip(1)
            .map(|dt| crate::text_of(&dt[..dt.find("</dt>").unwrap()]))
            .collect();
        assert!(terms.len() > 15, "{path}: {terms:?}");
        for line in &terms {
            let Some((term, others)) = line.split_once(also) else {
                continue;
            };
            // "Chatbot (agent conversationnel)" names both.
            let mut seen: Vec<String> = vec![folded(term)];
            if let Some((first, within)) = term.split_once(" (") {
                seen.push(folded(first));
                seen.push(folded(within.trim_end_matches(')')));
            }
            for other in others.split(", ") {
                assert!(
                    !seen.contains(&folded(other)),
                    "{path}: `{other}` repeats a name already shown in `{line}`"
                );
                seen.push(folded(other));
            }
        }
    }
    // The term's page says the same.
    let chatbot = crate::text_of(page("fr/glossary/chatbot/index.html"));
    let names = &chatbot[chatbot.find("Autres noms").unwrap()..];
    let names: Vec<&str> = names.split_whitespace().take(8).collect();
    assert_eq!(names[..3], ["Autres", "noms", "robot"], "{names:?}");
}

/// Every HTML page of the French edition, by path.
fn french_pages() -> impl Iterator<Item = (&'static str, &'static str)> {
    crate::bundled::bundled()
        .files
        .iter()
        .filter(|f| f.path.starts_with("fr/") && f.path.ends_with(".html"))
        .filter_map(|f| Some((f.path.as_str(), std::str::from_utf8(&f.bytes).ok()?)))
}

/// The text of a page's reference list, if it has one.
fn references(html: &str) -> Option<String> {
    let start = html.find("<section class=\"references\"")?;
    let end = start + html[start..].find("</section>")?;
    Some(crate::text_of(&html[start..end]))
}

#[test]
fn french_reference_lists_write_dates_and_authors_in_french() {
    let mut seen = 0;
    for (path, html) in french_pages() {
        let Some(refs) = references(html) else {
            continue;
        };
        seen += 1;
        for month in [
            "January",
            "February",
            "March",
            "April",
            "May ",
            "June",
            "July",
            "August",
            "September",
            "October",
            "November",
            "December",
        ] {
            assert!(!refs.contains(month), "{path}: {month} in {refs}");
        }
        // Authors: "A et B" (titles are as published, in English).
        assert!(!refs.contains("Goodside and"), "{path}: {refs}");
    }
    assert!(seen > 10, "French pages with references: {seen}");
    let provenance = references(page("fr/notes/article-provenance/index.html")).unwrap();
    assert!(
        provenance.contains("Riley Goodside et Spencer Papay, 17 janvier 2023"),
        "{provenance}"
    );
    let english = references(page("notes/article-provenance/index.html")).unwrap();
    assert!(
        english.contains("Riley Goodside and Spencer Papay, 17 January 2023"),
        "{english}"
    );
}

/// Every HTML page of both editions, by path.
fn html_pages() -> impl Iterator<Item = (&'static str, &'static str)> {
    crate::bundled::bundled()
        .files
        .iter()
        .filter(|f| f.path.ends_with(".html"))
        .filter_map(|f| Some((f.path.as_str(), std::str::from_utf8(&f.bytes).ok()?)))
}

/// What a reader sees of a page: its text outside scripts (JSON-LD), styles and code
/// (the front matter shown as source data), and the tooltips, labels and previewed
/// descriptions of its elements.
fn shown_text(html: &str) -> String {
    let mut html = html.to_owned();
    for (open, close) in [
        ("<script", "</script>"),
        ("<style", "</style>"),
        ("<pre", "</pre>"),
        ("<code", "</code>"),
    ] {
        while let Some(start) = html.find(open) {
            let end = html[start..]
                .find(close)
                .map_or(html.len(), |e| start + e + close.len());
            html.replace_range(start..end, " ");
        }
    }
    let mut shown = crate::text_of(&html);
    for attribute in [
        " title=\"",
        " alt=\"",
        " aria-label=\"",
        " placeholder=\"",
        " content=\"",
    ] {
        for value in html.split(attribute).skip(1) {
            shown.push('\n');
            shown.push_str(&value[..value.find('"').unwrap_or(value.len())]);
        }
    }
    shown
}

#[test]
fn every_page_shows_one_apostrophe() {
    // Bodies come curly from Markdown; names, titles, summaries, facts and interface
    // strings come from TOML as typed, and are set the same way.
    let mut pages = 0;
    for (path, html) in html_pages() {
        pages += 1;
        let shown = shown_text(html);
        for straight in ["'", "&#39;", "&#x27;", "&quot;", "\""] {
            if let Some(at) = shown.find(straight) {
                let from = shown.floor_char_boundary(at.saturating_sub(60));
                panic!("{path}: `{straight}` in “{}”", &shown[from..at + 1]);
            }
        }
    }
    assert!(pages > 100, "{pages} pages");
    // Both editions, the title and summary of a deal.
    let deal = shown_text(page("fr/deals/google-anthropic-2023/index.html"));
    assert!(
        deal.contains("L’investissement d’environ 300 millions"),
        "{deal}"
    );
    let deal = shown_text(page("deals/google-anthropic-2023/index.html"));
    assert!(
        deal.contains("Google’s reported investment of about $300 million"),
        "{deal}"
    );
    // Data stays as written: the JSON-LD, and the front matter shown as source data.
    let google = page("companies/google/index.html");
    assert!(
        google.contains("\"description\":\"Alphabet's search"),
        "JSON-LD"
    );
    assert!(
        google.contains("\"Alphabet's search and cloud subsidiary"),
        "source data"
    );
}

#[test]
fn french_pages_keep_their_double_punctuation_with_its_word() {
    // A French `;` `:` `!` `?` `%` `»` never starts a line, nor does a line end with «:
    // the space before them (after «) is a no-break space, in the body as in the
    // interface, the site's title, the excerpts and the tooltips.
    let mut pages = 0;
    for (path, html) in french_pages() {
        pages += 1;
        let shown = shown_text(html);
        let chars: Vec<char> = shown.chars().collect();
        for (i, pair) in chars.windows(2).enumerate() {
            let breaks = |c: char| c == ' ' || c == '\n' || c == '\t';
            let bad = (breaks(pair[0]) && ";:!?%»".contains(pair[1]))
                || (pair[0] == '«' && breaks(pair[1]));
            if bad {
                let around: String = chars[i.saturating_sub(50)..(i + 10).min(chars.len())]
                    .iter()
                    .collect();
                panic!("{path}: a breaking space in “{around}”");
            }
        }
    }
    assert!(pages > 60, "{pages} pages");
}

#[test]
fn the_french_site_title_is_set_wherever_it_shows() {
    let title = "Le cloud contre des parts\u{A0}: les alliances de l’IA début 2023";
    let home = page("fr/index.html");
    for (place, needle) in [
        (
            "the header",
            format!("class=\"brand\" href=\"../fr/\">{title}</a>"),
        ),
        ("<title>", format!(" · {title}</title>")),
        (
            "og:site_name",
            format!("<meta property=\"og:site_name\" content=\"{title}\">"),
        ),
        ("the footer", format!("<p>{title} · par")),
    ] {
        assert!(home.contains(&needle), "{place}: {home}");
    }
    let feed =
        std::str::from_utf8(&crate::bundled::bundled().file("fr/feed.xml").unwrap().bytes).unwrap();
    assert!(
        feed.contains(&format!("<title>{title} — notes</title>")),
        "{feed}"
    );
    // The English title has no space to set, and its own apostrophe.
    let en = page("index.html");
    assert!(
        en.contains("<title>Cloud for equity: the AI alliances of early 2023</title>")
            || en.contains(" · Cloud for equity: the AI alliances of early 2023</title>"),
        "{en}"
    );
    // The search index shows titles and summaries as the pages do (its words are
    // folded for searching either way).
    let index = &crate::search_listings(crate::bundled::bundled(), "fr/");
    assert!(
        index.contains("\"t\":\"L’article annoté\u{202F}: Microsoft, OpenAI"),
        "{}",
        &index[..600]
    );
}
