//! The bundled dossier's corrected values, checked where a reader meets them: the deal
//! table, the key figures, the timeline, the people and deal pages, and the CSV and JSON
//! exports, in English and in French. Each test names the correction it keeps (the
//! corrections log, `content/notes/corrections.md`, lists them for readers).

use crate::bundled::{bundled, page as raw};
use crate::text_of;

/// A page as a reader reads it: tags left out, entities decoded, every kind of space
/// (French no-break spaces included) folded to one, apostrophes made straight.
fn read(path: &str) -> String {
    squeeze(&text_of(raw(path)))
}

fn squeeze(text: &str) -> String {
    let text = text
        .replace("&#39;", "'")
        .replace("&quot;", "\"")
        .replace("&amp;", "&")
        .replace('’', "'");
    text.split(|c: char| c.is_whitespace() || c == '\u{a0}' || c == '\u{202f}')
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// The text of the part of a page between `from` and the next `to`.
fn part(path: &str, from: &str, to: &str) -> String {
    let html = raw(path);
    let start = html
        .find(from)
        .unwrap_or_else(|| panic!("`{from}` is not on {path}"));
    let end = start + html[start..].find(to).unwrap_or(html.len() - start);
    squeeze(&text_of(&html[start..end]))
}

/// The deal table's row for `deal` on `path`, as a reader reads it.
fn deal_row(path: &str, deal: &str) -> String {
    let html = raw(path);
    let href = format!("deals/{deal}/\"");
    html.split("<th scope=\"row\"")
        .skip(1)
        .find(|row| row[..row.find("</th>").unwrap_or(0)].contains(&href))
        .map(|row| squeeze(&text_of(&row[..row.find("</tr>").unwrap_or(row.len())])))
        .unwrap_or_else(|| panic!("no table row for {deal} on {path}"))
}

/// The body of a page (its prose), without the infobox or the lists around it.
fn first_paragraph(path: &str) -> String {
    let html = raw(path);
    let body = html
        .find("<div class=\"prose")
        .unwrap_or_else(|| panic!("no body on {path}"));
    let start = body + html[body..].find("<p>").unwrap();
    let end = start + html[start..].find("</p>").unwrap();
    squeeze(&text_of(&html[start..end]))
}

fn assert_has(haystack: &str, needle: &str, place: &str) {
    assert!(
        haystack.contains(needle),
        "{place} should read `{needle}`:\n{haystack}"
    );
}

fn assert_lacks(haystack: &str, needle: &str, place: &str) {
    assert!(
        !haystack.contains(needle),
        "{place} should not read `{needle}`:\n{haystack}"
    );
}

/// The CSV row of `deal`, as a map from column to value.
fn csv_row(deal: &str) -> std::collections::BTreeMap<String, String> {
    let csv = raw("data/deals.csv");
    let mut reader = csv::Reader::from_reader(csv.as_bytes());
    let headers = reader.headers().expect("a header row").clone();
    for record in reader.records() {
        let record = record.expect("a well-formed row");
        if &record[0] == deal {
            return headers
                .iter()
                .zip(record.iter())
                .map(|(h, v)| (h.to_owned(), v.to_owned()))
                .collect();
        }
    }
    panic!("no CSV row for {deal}")
}

fn json_deal(deal: &str) -> serde_json::Value {
    let json: serde_json::Value =
        serde_json::from_str(raw("data/dossier.json")).expect("dossier.json parses");
    json["entries"]
        .as_array()
        .expect("a list of entries")
        .iter()
        .find(|e| e["kind"] == "deal" && e["slug"] == deal)
        .unwrap_or_else(|| panic!("no {deal} in dossier.json"))["fields"]
        .clone()
}

// High 1: the implied valuation is our arithmetic, with its range, beside the valuation
// other coverage reported.
#[test]
fn the_implied_valuation_is_our_arithmetic_with_its_range() {
    let en = read("deals/google-anthropic-2023/index.html");
    assert_has(
        &en,
        "Implied post-money valuation about $3 billion ($2.5 billion to $3.7 billion) (our arithmetic: about $300 million ÷ about 10%; no source gives this valuation) derived",
        "the deal page",
    );
    assert_has(
        &en,
        "Valuation (as reported) about $5 billion reported by VentureBeat",
        "the deal page",
    );
    let fr = read("fr/deals/google-anthropic-2023/index.html");
    assert_has(
        &fr,
        "Valorisation post-money implicite environ 3 milliards de dollars (de 2,5 milliards de dollars à 3,7 milliards de dollars) (notre calcul",
        "the French deal page",
    );

    let row = csv_row("google-anthropic-2023");
    assert_eq!(row["implied_valuation_derived"], "true");
    let deal = json_deal("google-anthropic-2023");
    assert_eq!(deal["valuation"]["status"], "reported", "{deal:#}");
    assert_eq!(deal["implied_valuation"]["derived"], true, "{deal:#}");
    assert_eq!(
        deal["valuation"]["sources"][0], "venturebeat-google-anthropic-2023",
        "{deal:#}"
    );
}

// High 3 and Medium 5: made in late 2022, first reported by the FT on 3 February 2023,
// about $300 million for about 10%, everywhere.
#[test]
fn the_google_deal_reads_made_late_2022_first_reported_by_the_ft() {
    for (path, place) in [
        ("index.html", "the home deal table"),
        ("deals/index.html", "the deals table"),
    ] {
        let row = deal_row(path, "google-anthropic-2023");
        for needle in [
            "made late 2022",
            "first reported 3 February 2023",
            "about $300 million",
            "about 10%",
            "reported by Financial Times",
            "relayed by The Verge",
            "Google Cloud, preferred, not exclusive",
        ] {
            assert_has(&row, needle, place);
        }
    }
    let key_figures = part("index.html", "<section class=\"figures\"", "</section>");
    assert_has(
        &key_figures,
        "about $300 million Google → Anthropic · made late 2022 · first reported 3 February 2023",
        "the key figures",
    );
    let timeline = read("timeline/index.html");
    assert_has(
        &timeline,
        "late 2022 deal Google's reported investment of about $300 million in Anthropic: made reported by The Verge",
        "the timeline",
    );
    assert_has(
        &timeline,
        "3 February 2023 deal Google's reported investment of about $300 million in Anthropic: first reported reported by Financial Times",
        "the timeline",
    );

    // The French summary, under the title, says so too.
    let fr_page = read("fr/deals/google-anthropic-2023/index.html");
    assert_has(
        &fr_page,
        "dans Anthropic fin 2022 pour une participation d'environ 10 %, selon le Financial Times, qui l'a révélé le 3 février 2023 ; aucune des deux entreprises n'a annoncé l'accord",
        "the French deal page's summary",
    );
    let fr = deal_row("fr/deals/index.html", "google-anthropic-2023");
    for needle in [
        "conclu fin 2022",
        "révélé par la presse 3 février 2023",
        "environ 300 millions de dollars",
        "environ 10 %",
    ] {
        assert_has(&fr, needle, "the French deals table");
    }

    let row = csv_row("google-anthropic-2023");
    assert_eq!(row["made"], "late 2022");
    assert_eq!(row["first_reported"], "2023-02-03");
    assert_eq!(row["first_reported_sources"], "ft-google-anthropic-2023");
    assert_eq!(row["amount_approximate"], "true");
    assert_eq!(row["stake_approximate"], "true");
    assert_eq!(row["status"], "reported");
}

// High 3: Microsoft's 2021 investment was first disclosed in its post of 23 January 2023.
#[test]
fn the_2021_investment_was_first_disclosed_in_2023() {
    let row = deal_row("deals/index.html", "microsoft-openai-2021");
    assert_has(&row, "made 2021", "the deals table");
    assert_has(&row, "first disclosed 23 January 2023", "the deals table");
    assert_has(&row, "undisclosed", "the deals table");
    let csv = csv_row("microsoft-openai-2021");
    assert_eq!(csv["first_disclosed"], "2023-01-23");
    assert_eq!(csv["amount_disclosed"], "false");
}

// Medium 4: "multibillion", amount undisclosed, and no invented floor.
#[test]
fn microsofts_2023_investment_is_multibillion_with_no_floor() {
    let row = deal_row("deals/index.html", "microsoft-openai-2023");
    assert_has(&row, "multibillion (amount undisclosed)", "the deals table");
    let csv = csv_row("microsoft-openai-2023");
    assert_eq!(csv["amount_disclosed"], "false");
    assert_eq!(csv["amount"], "");
    assert_eq!(csv["amount_label"], "multibillion");
    let fr = read("fr/deals/microsoft-openai-2023/index.html");
    assert_lacks(&fr, "au moins 1 milliard", "the French deal page");
    assert_has(
        &fr,
        "plusieurs milliards (montant non divulgué)",
        "the French deal page",
    );
}

// Medium 8 and 9: what Google confirmed, and Google Cloud preferred on Anthropic's word.
#[test]
fn google_confirmed_an_investment_not_its_amount_and_cloud_is_preferred_not_exclusive() {
    let en = read("deals/google-anthropic-2023/index.html");
    assert_has(
        &en,
        "What Google confirmed An investment and a large cloud contract with Anthropic; not the amount, not the stake reported by Financial Times",
        "the deal page",
    );
    assert_has(
        &en,
        "Google (Google Cloud, preferred, not exclusive) confirmed",
        "the deal page",
    );
    assert_has(&en, "Anthropic's announcement", "the deal page");
    assert_has(
        &en,
        "Google (Anthropic must buy cloud computing resources from Google) reported by Financial Times",
        "the deal page",
    );
    let first = first_paragraph("deals/google-anthropic-2023/index.html");
    assert_has(
        &first,
        "Google invested about $300 million in Anthropic for a stake of about 10%, according to the Financial Times, which first reported the deal on 3 February 2023",
        "the deal page's first sentence",
    );
    assert_has(&first, "Neither company announced it", "the deal page");
}

// Missing: each deal page answers its question in its first sentence.
#[test]
fn every_deal_page_says_who_paid_whom_in_its_first_sentence() {
    for (deal, opening) in [
        (
            "microsoft-openai-2019",
            "Microsoft invested $1 billion in OpenAI, as both companies announced on 22 July 2019",
        ),
        (
            "microsoft-openai-2021",
            "Microsoft invested an undisclosed amount in OpenAI in 2021",
        ),
        (
            "microsoft-openai-2023",
            "Microsoft is investing an undisclosed multibillion dollar sum in OpenAI over several years",
        ),
        (
            "google-anthropic-2023",
            "Google invested about $300 million in Anthropic for a stake of about 10%",
        ),
    ] {
        let first = first_paragraph(&format!("deals/{deal}/index.html"));
        assert!(
            first.starts_with(opening),
            "{deal} should open with `{opening}`:\n{first}"
        );
    }
}

// Missing: each people page answers its question in its first sentence.
#[test]
fn every_people_page_says_who_and_what_in_its_first_sentence() {
    for (person, opening) in [
        (
            "satya-nadella",
            "Satya Nadella, chairman and CEO of Microsoft, spoke for Microsoft",
        ),
        ("sam-altman", "Sam Altman, CEO of OpenAI, spoke for OpenAI"),
        (
            "sundar-pichai",
            "Sundar Pichai, CEO of Alphabet and Google, answered",
        ),
        (
            "jeff-dean",
            "Jeff Dean, Google's head of AI, told Google employees",
        ),
    ] {
        let first = first_paragraph(&format!("people/{person}/index.html"));
        assert!(
            first.starts_with(opening),
            "{person} should open with `{opening}`:\n{first}"
        );
    }
    for (person, opening) in [
        ("satya-nadella", "Satya Nadella, PDG de Microsoft,"),
        ("sam-altman", "Sam Altman, PDG d'OpenAI,"),
        (
            "sundar-pichai",
            "Sundar Pichai, PDG d'Alphabet et de Google,",
        ),
        ("jeff-dean", "Jeff Dean, responsable de l'IA chez Google,"),
    ] {
        let first = first_paragraph(&format!("fr/people/{person}/index.html"));
        assert!(
            first.starts_with(opening),
            "{person} (French) should open with `{opening}`:\n{first}"
        );
    }
}

// High 2: Dean's words in English as CNBC printed them; no Pichai quote of them.
#[test]
fn deans_words_are_his_in_english_and_pichai_has_only_the_articles_account() {
    let dean = part(
        "people/jeff-dean/index.html",
        "<section class=\"quotes\"",
        "</section>",
    );
    assert_has(
        &dean,
        "more conservatively than a small startup Translation by the French article: de manière plus conservatrice qu'une petite startup — Jeff Dean, quoted by CNBC",
        "Dean's quotes",
    );
    assert_has(
        &dean,
        "reputational risk Translation by the French article: risque de réputation",
        "Dean's quotes",
    );
    assert_has(&dean, "Jeff Dean, quoted by CNBC", "Dean's quotes");
    let pichai = part(
        "people/sundar-pichai/index.html",
        "<section class=\"quotes\"",
        "</section>",
    );
    assert_has(
        &pichai,
        "the French article's account of what Sundar Pichai and Jeff Dean said",
        "Pichai's quotes",
    );
    assert_lacks(&pichai, "Sundar Pichai, quoted by", "Pichai's quotes");
    let home = read("index.html");
    assert_has(
        &home,
        "Why Jeff Dean, as CNBC quoted him, said Google was moving “more conservatively than a small startup”",
        "the home page",
    );
}

// Item 11: the relay's words are credited to the article, and the relay is unidentified.
#[test]
fn the_all_hands_framing_is_credited_to_the_article_and_its_unidentified_relay() {
    let note = read("notes/article-provenance/index.html");
    assert_has(
        &note,
        "An English-language relay of CNBC's report that this dossier has not identified",
        "the provenance note",
    );
    let risk = read("notes/google-reputational-risk/index.html");
    assert_has(
        &risk,
        "its words, not CNBC's, translated from an English relay of CNBC's report that this dossier has not identified",
        "the reputational-risk note",
    );
}

// Item 7: a founding date is credited only to a source that states it.
#[test]
fn founding_dates_are_credited_to_the_sources_that_state_them() {
    let timeline = read("timeline/index.html");
    for event in [
        "1975 company Microsoft is founded confirmed · source: Microsoft's fact sheet",
        "1998 company Google is founded confirmed · source: Google's “Our story”",
        "2021 company Anthropic is founded source: The Verge",
    ] {
        assert_has(&timeline, event, "the timeline");
    }
}

// Medium 6 and Low: ChatGPT came from a GPT-3.5-series model, with a supervised step,
// on OpenAI's own word; the article's sentence on preference models is loose.
#[test]
fn chatgpt_training_is_credited_to_openai_and_the_skeleton_has_its_supervised_step() {
    let note = read("notes/constitutional-ai-vs-rlhf/index.html");
    assert_has(&note, "That first sentence is loose.", "the RLHF note");
    assert_has(
        &note,
        "for ChatGPT “a model in the GPT-3.5 series”",
        "the RLHF note",
    );
    assert_has(
        &note,
        "fine-tuned from a model in the GPT-3.5 series",
        "the RLHF note's reference list",
    );
    assert_has(
        &note,
        "Fine-tune it by supervised learning on example answers.",
        "the RLHF note",
    );
    assert_lacks(&note, "or GPT-3", "the RLHF note");
    let chatgpt = read("products/chatgpt/index.html");
    assert_has(
        &chatgpt,
        "Base model A model in the GPT-3.5 series, fine-tuned",
        "ChatGPT's page",
    );
    assert_has(&chatgpt, "OpenAI's ChatGPT post", "ChatGPT's page");
    let claude = read("products/claude/index.html");
    assert_has(&claude, "loose", "Claude's page");
}

// Low: an investment is not a stake; Bing was not "powered by ChatGPT".
#[test]
fn no_page_calls_the_investment_a_stake_or_bing_powered_by_chatgpt() {
    // The corrections log names the errors it corrects, and the print edition and the
    // feed carry the log: every other page is checked.
    for path in bundled().files.iter().map(|f| f.path.as_str()) {
        if !path.ends_with(".html") || path.contains("corrections") || path.contains("print/") {
            continue;
        }
        let text = read(path);
        for wrong in ["$300 million stake", "participation de 300 millions"] {
            assert_lacks(&text, wrong, path);
        }
        // A sentence may say Bing was *not* powered by ChatGPT (the log and its backlinks
        // say what was corrected).
        for sentence in text.split(". ") {
            if sentence.contains("powered by ChatGPT") || sentence.contains("propulsé par ChatGPT")
            {
                assert!(
                    [" not ", " no longer ", " ne "]
                        .iter()
                        .any(|n| sentence.contains(n)),
                    "{path} says Bing was powered by ChatGPT: {sentence}"
                );
            }
        }
    }
}

// Low: titles, words and founders in French and English.
#[test]
fn the_low_findings_stay_fixed() {
    // Nadella is « PDG » in French, the article's wording kept in the prose.
    let nadella = read("fr/people/satya-nadella/index.html");
    assert_has(
        &nadella,
        "Fonctions Microsoft (PDG)",
        "Nadella's French page",
    );
    assert_has(&nadella, "« président et CEO »", "Nadella's French page");
    // « orientabilité », the article's word, with « pilotabilité » as an alias.
    let steer = read("fr/glossary/steerability/index.html");
    assert_has(&steer, "Orientabilité", "the French glossary");
    assert_has(&steer, "pilotabilité", "the French glossary");
    // Constitutional AI replaces human labels of harmful outputs, not "most" of them.
    let cai = read("glossary/constitutional-ai/index.html");
    assert_has(
        &cai,
        "replaces human labels of harmful outputs altogether",
        "the glossary",
    );
    assert_lacks(&cai, "most human labels", "the glossary");
    // Anthropic's founders, with a source.
    let anthropic = read("companies/anthropic/index.html");
    assert_has(
        &anthropic,
        "among them Dario Amodei and his sister Daniela Amodei",
        "Anthropic's page",
    );
    assert_has(&anthropic, "Morning Brew", "Anthropic's page");
    // Cut quotes carry ellipsis marks.
    let article = read("article/index.html");
    assert_has(
        &article,
        "« […] un rival potentiel de ChatGPT",
        "the article page",
    );
    assert_has(
        &article,
        "Microsoft's original: “Supercomputing at scale – Microsoft will increase our investments",
        "the article page",
    );
}

// What must hold: the corrections log is a note readers can find, and the feed carries it.
#[test]
fn the_corrections_log_is_published_and_in_the_feed() {
    let log = read("notes/corrections/index.html");
    assert_has(&log, "Corrections", "the corrections log");
    assert_has(&log, "6 December 2026", "the corrections log");
    let feed = raw("feed.xml");
    assert!(
        feed.contains("notes/corrections/"),
        "the feed should carry the corrections log"
    );
    let home = read("index.html");
    assert_has(&home, "corrections log", "the home page");
    let fr = read("fr/notes/corrections/index.html");
    assert_has(&fr, "6 décembre 2026", "the French corrections log");
}
