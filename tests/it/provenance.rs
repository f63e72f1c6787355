//! Who said it, and who saw it, on an invented story: the fixture
//! `tests/fixtures/allhands` (a wire report of an all-hands meeting, an English relay of
//! it, a French article that translates the relay and the company's own post). Each
//! way a quote or a source can be misattributed, as a reader meets it: people's pages,
//! the timeline, the company's infobox, the French edition and dossier.json.

use std::sync::OnceLock;

use dossier::Site;

use crate::{fixture, text_of};

fn allhands() -> &'static Site {
    static SITE: OnceLock<Site> = OnceLock::new();
    SITE.get_or_init(|| fixture("allhands"))
}

fn page(path: &str) -> &'static str {
    allhands()
        .page(path)
        .unwrap_or_else(|| panic!("`{path}` was not written"))
}

/// The quotes section of a page, as a reader reads it (tags left out, spaces folded).
fn quotes_text(path: &str) -> String {
    let html = page(path);
    let start = html
        .find("<section class=\"quotes\"")
        .unwrap_or_else(|| panic!("no quotes on {path}"));
    let end = start + html[start..].find("</section>").unwrap();
    squeeze(&text_of(&html[start..end]))
}

fn squeeze(text: &str) -> String {
    text.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .replace("&#39;", "'")
}

/// The timeline's events, each as a reader reads it.
fn timeline_events(path: &str) -> Vec<String> {
    page(path)
        .split("<li class=\"event ")
        .skip(1)
        .map(|e| squeeze(&text_of(&e[..e.find("</li>").unwrap()])))
        .collect()
}

#[test]
fn words_are_credited_to_who_said_them_in_the_words_the_source_printed() {
    let ortiz = quotes_text("people/ben-ortiz/index.html");
    // The wire printed Ortiz's own words, in English: they are his, verbatim, with
    // the French as the article's translation.
    assert!(
        ortiz.contains("reputational risk Translation by the French article: risque de réputation"),
        "{ortiz}"
    );
    assert!(
        ortiz.contains("— Ben Ortiz, quoted by The Wire (para. 4); relayed by Tech Relay → the French article, December 2022"),
        "{ortiz}"
    );
    assert!(!ortiz.contains("not verbatim"), "{ortiz}");
    let html = page("people/ben-ortiz/index.html");
    assert!(html.contains("<blockquote lang=\"en\"><p>reputational risk</p></blockquote>"));
    // Park never said those words: they are not on her page, but for the account.
    let park = quotes_text("people/ada-park/index.html");
    assert!(!park.contains("reputational risk"), "{park}");
}

#[test]
fn a_sentence_about_people_is_the_sources_account_not_their_quote() {
    let account = "the French article’s account of what Ada Park and Ben Ortiz said";
    for path in ["people/ada-park/index.html", "people/ben-ortiz/index.html"] {
        let text = quotes_text(path);
        assert_eq!(text.matches(account).count(), 1, "{path}: {text}");
        assert!(
            text.contains("The source’s account: its words about them, not their words."),
            "{path}: {text}"
        );
        // Never as a quote by one of them.
        assert!(
            !text.contains("Ada Park, quoted by the French article"),
            "{text}"
        );
        assert!(
            !text.contains("Ben Ortiz, quoted by the French article"),
            "{text}"
        );
    }
    // On the timeline, once, as the article's account.
    let events = timeline_events("timeline/index.html");
    let accounts: Vec<&String> = events
        .iter()
        .filter(|e| e.contains("Park et Ortiz") || e.contains("Park and Ortiz"))
        .collect();
    assert_eq!(accounts.len(), 1, "{events:#?}");
    assert!(
        accounts[0].contains("The French article’s account of what Ada Park and Ben Ortiz said: “Park and Ortiz reportedly replied"),
        "{}",
        accounts[0]
    );
}

#[test]
fn a_translation_is_credited_to_its_translator_not_to_the_original() {
    let park = quotes_text("people/ada-park/index.html");
    assert!(
        park.contains("We are growing carefully. Translation by the French article: Nous grandissons prudemment. — Ada Park, quoted by Globex’s 2023 post"),
        "{park}"
    );
    // The French words are never set as the words of Globex's post.
    let html = page("people/ada-park/index.html");
    assert!(!html.contains("<blockquote lang=\"fr\"><p>Nous grandissons"));
    // The French edition shows the original and the article's translation, and says so
    // in French.
    let fr = quotes_text("fr/people/ada-park/index.html");
    assert!(
        fr.contains("We are growing carefully. Traduction de l’article français : Nous grandissons prudemment. — Propos d’Ada Park cités par Globex’s 2023 post"),
        "{fr}"
    );
    let events = timeline_events("fr/timeline/index.html");
    assert!(
        events.iter().any(|e| e.contains(
            "Propos d’Ada Park cités par Globex’s 2023 post : « Nous grandissons prudemment. » (traduction : l’article français)"
        )),
        "{events:#?}"
    );
}

#[test]
fn a_relay_is_shown_as_a_relay_not_as_corroboration() {
    let events = timeline_events("timeline/index.html");
    let quote = events
        .iter()
        .find(|e| e.contains("reputational risk"))
        .expect("Ortiz's quote on the timeline");
    assert!(
        quote.contains("Ben Ortiz, quoted by The Wire: “reputational risk”"),
        "{quote}"
    );
    assert!(
        quote.contains("sources: The Wire; relayed by Tech Relay, the French article"),
        "{quote}"
    );
}

#[test]
fn a_fact_shows_only_the_sources_given_for_it() {
    let events = timeline_events("timeline/index.html");
    let founded = events
        .iter()
        .find(|e| e.contains("Globex is founded"))
        .expect("the founding on the timeline");
    assert!(
        founded.ends_with("Globex is founded confirmed · source: Globex’s fact sheet"),
        "{founded}"
    );
    for other in [
        "The Wire",
        "Tech Relay",
        "the French article",
        "Globex’s 2023 post",
    ] {
        assert!(!founded.contains(other), "{founded}");
    }
    // The infobox: the founding and the leader with their own sources (and where in
    // the source); the headquarters, given none, shows none.
    let html = page("companies/globex/index.html");
    let infobox = squeeze(&text_of(
        &html[html.find("<dl class=\"facts\"").unwrap()..html.find("</dl>").unwrap()],
    ));
    assert!(
        infobox.contains("Founded 1999 confirmed · source: Globex’s fact sheet"),
        "{infobox}"
    );
    assert!(
        infobox.contains("Headquarters Springfield Leaders"),
        "{infobox}"
    );
    assert!(
        infobox.contains(
            "Ada Park (CEO, since 2019) confirmed · source: Globex’s fact sheet (Leadership)"
        ),
        "{infobox}"
    );
    // One report passed on is one report. A party's own statement beside a report is
    // not independent confirmation (two press originals are: tests/it/annotation.rs).
    assert!(
        infobox.contains("Meeting December 2022 reported by The Wire; relayed by the French article, Tech Relay Growth"),
        "{infobox}"
    );
    assert!(
        infobox.contains("Careful confirmed · sources: The Wire, Globex’s 2023 post Sources"),
        "{infobox}"
    );
    // A confirmation without a party's statement says how it was confirmed.
    // The words relied on, linked to the passage in the source's page.
    assert!(
        infobox.contains(
            "About 900 confirmed · source: The Wire (para. 2) some 900 staff (Globex confirmed the figure to the wire)"
        ),
        "{infobox}"
    );
    assert!(html.contains(
        "<q class=\"src-quote\"><a href=\"https://example.test/wire/globex#:~:text=some%20900%20staff\" rel=\"external noopener\">some 900 staff</a></q>"
    ));
}

#[test]
fn dossier_json_carries_the_chain() {
    let json: serde_json::Value =
        serde_json::from_str(page("data/dossier.json")).expect("valid JSON");
    let entries = json["entries"].as_array().unwrap();
    let entry = |slug: &str| {
        entries
            .iter()
            .find(|e| e["slug"] == slug)
            .unwrap_or_else(|| panic!("no {slug}"))
    };
    let ortiz = &entry("ben-ortiz")["fields"]["quotes"][0];
    assert_eq!(ortiz["form"], "verbatim");
    assert_eq!(ortiz["by"], serde_json::json!(["ben-ortiz"]));
    assert_eq!(ortiz["source"], "wire-allhands");
    assert_eq!(ortiz["via"], serde_json::json!(["relay-en", "article-fr"]));
    assert_eq!(ortiz["translations"][0]["source"], "article-fr");
    let account = &entry("ada-park")["fields"]["quotes"][1];
    assert_eq!(account["form"], "account");
    assert_eq!(account["by"], serde_json::json!(["ada-park", "ben-ortiz"]));
    let globex = &entry("globex")["fields"];
    assert_eq!(
        globex["backing"]["founded"],
        serde_json::json!({ "status": "confirmed", "sources": ["globex-facts"] })
    );
    assert!(globex["backing"].get("headquarters").is_none());
    assert_eq!(
        globex["leaders"][0]["source_details"][0]["locator"],
        "Leadership"
    );
    assert_eq!(entry("globex-blog")["fields"]["issued_by"], "globex");
}

#[test]
fn check_warns_when_a_confirmed_fact_rests_on_reports_alone() {
    let spec = "=== content/sources/wire.md\n+++\ntitle = \"W\"\npublisher = \"The Wire\"\n+++\n\
                === content/sources/own.md\n+++\ntitle = \"O\"\npublisher = \"Acme\"\nissued_by = \"acme\"\n+++\n\
                === content/companies/acme.md\n+++\nname = \"Acme\"\n\
                founded = { value = \"2001\", status = \"confirmed\", sources = [\"wire\"] }\n\
                facts = [\n\
                  { label = \"a\", value = \"1\", status = \"confirmed\", sources = [\"wire\", \"own\"] },\n\
                  { label = \"b\", value = \"2\", status = \"confirmed\", sources = [\"wire\"], confirmation = \"Acme told the wire\" },\n\
                  { label = \"c\", value = \"3\", status = \"confirmed\", sources = [\"wire\"] },\n\
                ]\n+++\n";
    let dir = crate::dossier_from(spec);
    let out = crate::check_in(dir.path());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    // `founded` and the fact `c` warn; `a` has Acme's own statement, `b` says how.
    assert_eq!(
        stderr
            .matches("`confirmed`, but every source is a report")
            .count(),
        2,
        "{stderr}"
    );
    assert!(stderr.contains("content/companies/acme.md:3:"), "{stderr}");
    assert!(stderr.contains("content/companies/acme.md:7:"), "{stderr}");
}

#[test]
fn json_ld_gives_quotations_by_their_speakers_and_no_account_as_a_quotation() {
    let ld = |path: &str| -> serde_json::Value {
        let html = page(path);
        let start = html.find("<script type=\"application/ld+json\">").unwrap()
            + "<script type=\"application/ld+json\">".len();
        let end = start + html[start..].find("</script>").unwrap();
        serde_json::from_str(&html[start..end]).expect("valid JSON-LD")
    };
    let ortiz = ld("people/ben-ortiz/index.html");
    let quotations = ortiz["subjectOf"].as_array().expect("quotations");
    assert_eq!(quotations.len(), 1, "{ortiz}");
    assert_eq!(quotations[0]["@type"], "Quotation");
    assert_eq!(quotations[0]["text"], "reputational risk");
    assert_eq!(quotations[0]["creator"][0]["name"], "Ben Ortiz");
    assert_eq!(quotations[0]["isBasedOn"]["publisher"]["name"], "The Wire");
    // Park's own words are a quotation; the article's account of her is not.
    let park = ld("people/ada-park/index.html");
    let texts: Vec<&str> = park["subjectOf"]
        .as_array()
        .unwrap()
        .iter()
        .map(|q| q["text"].as_str().unwrap())
        .collect();
    assert_eq!(texts, ["We are growing carefully."]);
}
