//! Status over time, on the fixture `tests/fixtures/history` (Hooli's investment in
//! Nimbus: rumoured in December 2022, reported at about $300 million in February 2023,
//! confirmed at $400 million in March), in English and French: the current state with
//! its earlier ones one click away, a superseded value kept visible and marked, the
//! print edition showing every history in full, and dossier.json carrying them.

use std::sync::OnceLock;

use dossier::Site;

use crate::{options, problems, repo_root, site, text_of};

fn nimbus() -> &'static Site {
    static SITE: OnceLock<Site> = OnceLock::new();
    SITE.get_or_init(|| {
        let root = repo_root().join("tests/fixtures/history");
        match dossier::compile(&options(&root)) {
            Ok(site) => site,
            Err(report) => panic!(
                "the history fixture must build cleanly:\n{}",
                report.render(false)
            ),
        }
    })
}

fn page(path: &str) -> &'static str {
    nimbus()
        .page(path)
        .unwrap_or_else(|| panic!("`{path}` was not written"))
}

/// The `<details class="history">` (or, in print, `<div class="history">`) elements of
/// some HTML, each whole.
fn histories(html: &str) -> Vec<&str> {
    let mut found = Vec::new();
    for (open, close) in [
        ("<details class=\"history\">", "</details>"),
        ("<div class=\"history\">", "</div>"),
    ] {
        let mut rest = html;
        while let Some(at) = rest.find(open) {
            let end = at + rest[at..].find(close).expect("closed") + close.len();
            found.push(&rest[at..end]);
            rest = &rest[end..];
        }
    }
    found
}

/// The words a reader sees, with spaces (and French no-break spaces) made plain; the
/// end of an element ends a word (a summary and a list item are lines of their own).
fn words(html: &str) -> String {
    text_of(&html.replace('<', " <"))
        .replace('\u{a0}', " ")
        .replace("&#39;", "'")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

#[test]
fn a_fact_shows_its_current_state_and_its_history_one_click_away() {
    let html = page("companies/nimbus/index.html");
    let infobox = &html[html.find("id=\"infobox\"").unwrap()..];
    let infobox = &infobox[..infobox.find("</aside>").unwrap()];
    let row = &infobox[infobox.find("Funding from Hooli").unwrap()..];
    let row = &row[..row.find("</dd>").unwrap()];
    // The current state first: the value, confirmed, by the party.
    assert!(
        words(row).starts_with("Funding from Hooli $400 million confirmed · source: Nimbus"),
        "{}",
        words(row)
    );
    // Then its history, closed: a native disclosure, so keyboard-first and without
    // JavaScript.
    let found = histories(row);
    assert_eq!(found.len(), 1, "{row}");
    let history = found[0];
    assert!(history.starts_with("<details class=\"history\"><summary>"));
    assert_eq!(
        words(history),
        "History: 2 earlier states \
         10 December 2022 rumoured according to Tech Gossip \
         3 February 2023 reported by The Daily value then, since superseded: about $300 million"
    );
    // The superseded value is struck through, and says so in words.
    assert!(
        history.contains("<span class=\"superseded\">value then, since superseded: <s>about $300 million</s></span>"),
        "{history}"
    );
    assert!(history.contains("<time datetime=\"2022-12-10\">10 December 2022</time>"));
    // Each step's sources link to their pages, by the labels facts show them by.
    assert!(history.contains(
        "<a href=\"../../sources/gossip-2022/\" title=\"Hooli said to eye Nimbus\">Tech Gossip</a>"
    ));
}

#[test]
fn the_french_edition_shows_the_history_in_french() {
    let html = page("fr/companies/nimbus/index.html");
    let infobox = &html[html.find("id=\"infobox\"").unwrap()..];
    let found = histories(&infobox[..infobox.find("</aside>").unwrap()]);
    assert_eq!(found.len(), 1);
    let text = words(found[0]);
    assert_eq!(
        text,
        "Historique : 2 états antérieurs \
         10 décembre 2022 rumeur selon Tech Gossip \
         3 février 2023 signalé par The Daily valeur d’alors, remplacée depuis : \
         environ 300 millions de dollars"
    );
    // The deal's superseded amount is written the French way.
    let deals = page("fr/deals/index.html");
    let found = histories(deals);
    assert_eq!(found.len(), 1);
    let text = words(found[0]);
    assert!(
        text.starts_with("Historique : 2 états antérieurs fin 2022 rumeur"),
        "{text}"
    );
    assert!(text.contains("environ 300 millions de dollars"), "{text}");
    for english in ["History", "December", "rumoured", "superseded", "$300"] {
        assert!(!text.contains(english), "English `{english}` in {text}");
    }
}

#[test]
fn a_deal_shows_its_status_history_in_the_table_and_its_infobox() {
    for path in ["deals/index.html", "deals/hooli-nimbus/index.html"] {
        let html = page(path);
        let found = histories(html);
        assert_eq!(found.len(), 1, "{path}");
        assert_eq!(
            words(found[0]),
            "History: 2 earlier states \
             late 2022 rumoured according to Tech Gossip \
             3 February 2023 reported by The Daily value then, since superseded: about $300 million",
            "{path}"
        );
    }
    // In the table, the history sits in the status cell, after the current status.
    let table = page("deals/index.html");
    let at = table
        .find("data-label=\"Status and sources\" data-sort=\"confirmed\">")
        .unwrap();
    let cell = &table[table[at..].find('>').unwrap() + at + 1..];
    let cell = &cell[..cell.find("</td>").unwrap()];
    assert!(
        words(cell).starts_with("confirmed · source: Nimbus History: 2 earlier states"),
        "{}",
        words(cell)
    );
    // The current amount is the confirmed one.
    assert!(words(table).contains("$400 million"));
}

#[test]
fn the_print_edition_shows_every_history_in_full() {
    for path in ["print/index.html", "fr/print/index.html"] {
        let html = page(path);
        assert!(!html.contains("<details class=\"history\""), "{path}");
        let found = histories(html);
        // The company's fact and the deal table (deals are shown by the table alone).
        assert_eq!(found.len(), 2, "{path}");
        for history in found {
            assert!(history.contains("<ol><li>"), "{history}");
            assert!(history.contains("<s>"), "{history}");
        }
    }
}

#[test]
fn dossier_json_carries_each_history() {
    let json: serde_json::Value =
        serde_json::from_str(page("data/dossier.json")).expect("valid JSON");
    let entry = |slug: &str| {
        json["entries"]
            .as_array()
            .unwrap()
            .iter()
            .find(|e| e["slug"] == slug)
            .unwrap()
            .clone()
    };
    let fact = &entry("nimbus")["fields"]["facts"][0];
    assert_eq!(fact["value"], "$400 million");
    assert_eq!(fact["status"], "confirmed");
    assert_eq!(
        fact["history"],
        serde_json::json!([
            { "status": "rumoured", "date": "2022-12-10", "precision": "day", "sources": ["gossip-2022"], "value": null },
            { "status": "reported", "date": "2023-02-03", "precision": "day", "sources": ["daily-2023"], "value": "about $300 million" },
        ])
    );
    let deal = &entry("hooli-nimbus")["fields"];
    assert_eq!(deal["history"][0]["date"], "2022");
    assert_eq!(deal["history"][0]["precision"], "late");
    assert_eq!(deal["history"][0]["amount"], serde_json::Value::Null);
    assert_eq!(deal["history"][1]["amount"]["value"], 300_000_000);
    assert_eq!(deal["history"][1]["amount"]["approximate"], true);
    assert_eq!(
        deal["history"][1]["sources"],
        serde_json::json!(["daily-2023"])
    );
    // A fact without history has an empty one.
    assert_eq!(entry("hooli")["fields"]["facts"], serde_json::json!([]));
}

/// A company `b` with one fact, whose keys are `fact`, and a source `s` of 1 March 2023.
fn company(fact: &str) -> String {
    format!(
        "=== content/sources/s.md\n+++\ntitle = \"S\"\npublisher = \"P\"\ndate = 2023-03-01\n+++\n\
         === content/companies/b.md\n+++\nname = \"B\"\nfacts = [{{ label = \"Funding\", {fact} }}]\n+++\n"
    )
}

#[test]
fn the_checks_read_dates_as_precise_as_written() {
    // "2023" spans February 2023: not out of order, and not after the source of
    // 1 March 2023.
    site(&company(
        "value = \"$4m\", status = \"confirmed\", sources = [\"s\"], history = [\
         { status = \"rumoured\", date = \"2023\", sources = [\"s\"] }, \
         { status = \"reported\", date = \"2023-02\", sources = [\"s\"] }]",
    ));
    // A step that changes only the value is a change; so is one that changes only the
    // status.
    site(&company(
        "value = \"$4m\", status = \"reported\", sources = [\"s\"], history = [\
         { status = \"rumoured\", date = 2022-10-01, sources = [\"s\"] }, \
         { status = \"reported\", date = 2022-11-01, sources = [\"s\"], value = \"$3m\" }]",
    ));
    // The current state's newest source is read as late as its date allows ("2023"
    // may be December), and with an undated source no one can say which is newest.
    site(&format!(
        "=== content/sources/y.md\n+++\ntitle = \"Y\"\npublisher = \"Q\"\ndate = \"2023\"\n+++\n{}",
        company(
            "value = \"$4m\", status = \"confirmed\", sources = [\"s\", \"y\"], history = [\
             { status = \"rumoured\", date = 2023-06-01, sources = [\"s\"] }]",
        )
    ));
    site(&format!(
        "=== content/sources/u.md\n+++\ntitle = \"U\"\npublisher = \"R\"\n+++\n{}",
        company(
            "value = \"$4m\", status = \"confirmed\", sources = [\"s\", \"u\"], history = [\
             { status = \"rumoured\", date = 2023-06-01, sources = [\"s\"] }]",
        )
    ));
    // A denied or confirmed step needs no sources of its own (as a fact does not).
    site(&company(
        "value = \"$4m\", status = \"reported\", sources = [\"s\"], history = [\
         { status = \"denied\", date = 2022-10-01 }]",
    ));
}

#[test]
fn a_step_like_the_step_after_it_is_reported_at_the_first() {
    let out = problems(&company(
        "value = \"$4m\", status = \"confirmed\", sources = [\"s\"], history = [\
         { status = \"rumoured\", date = 2022-10-01, sources = [\"s\"] }, \
         { status = \"rumoured\", date = 2022-11-01, sources = [\"s\"] }]",
    ));
    assert_eq!(out.matches("the same as the next one").count(), 1, "{out}");
    assert!(out.contains("content/companies/b.md:3:107"), "{out}");
}

#[test]
fn a_step_cannot_name_a_source_that_does_not_exist() {
    let out = problems(&company(
        "value = \"$4m\", status = \"confirmed\", sources = [\"s\"], history = [\
         { status = \"rumoured\", date = 2022-10-01, sources = [\"gossip\"] }]",
    ));
    assert!(out.contains("no source with slug `gossip`"), "{out}");
}
