//! Languages: one dossier published in English and French. Translations are sibling
//! files holding text only; facts are shared; pages link to their counterparts.

use crate::{dossier_from, options, problems, repo_root, short_problems, site};

const SITE: &str = "=== site.toml\ntitle = \"T\"\nbase_url = \"https://example.test/sub/\"\nlanguages = [\"en\", \"fr\"]\n";

const TERM: &str = "=== content/glossary/constitutional-ai.md
+++
term = \"Constitutional AI\"
summary = \"Training with written principles.\"
+++
A method.
=== content/glossary/constitutional-ai.fr.md
+++
term = \"IA constitutionnelle\"
summary = \"Un entraînement guidé par des principes écrits.\"
+++
Une méthode.
";

const DEAL: &str = "=== content/companies/google.md
+++
name = \"Google\"
+++
G. See [[Google invests in Anthropic]].
=== content/companies/anthropic.md
+++
name = \"Anthropic\"
founded = \"2021\"
facts = [{ label = \"Founders\", value = \"Former OpenAI researchers\" }]
summary = \"An AI company.\"
+++
Anthropic uses [[Constitutional AI]].
=== content/companies/anthropic.fr.md
+++
summary = \"Une entreprise d'IA.\"
facts = [{ label = \"Fondateurs\", value = \"D'anciens chercheurs d'OpenAI\" }]
+++
Anthropic utilise l'[[IA constitutionnelle]].
=== content/sources/ft.md
+++
title = \"Google invests $300mn\"
publisher = \"Financial Times\"
+++
The report.
=== content/deals/google-anthropic-2023.md
+++
title = \"Google invests in Anthropic\"
investor = \"google\"
recipient = \"anthropic\"
announced = \"2023-02-03\"
amount = { value = 300_000_000, currency = \"USD\" }
stake = { value = 10, approximate = true }
status = \"reported\"
sources = [\"ft\"]
+++
Reported by the FT.
=== content/deals/google-anthropic-2023.fr.md
+++
title = \"Google investirait dans Anthropic\"
+++
Selon le FT.
";

fn page<'a>(site: &'a dossier::Site, path: &str) -> &'a str {
    site.page(path).unwrap_or_else(|| panic!("no page {path}"))
}

#[test]
fn each_language_has_every_page_and_they_link_to_each_other() {
    let built = site(&format!("{SITE}{TERM}{DEAL}"));
    let en = page(&built, "companies/anthropic/index.html");
    let fr = page(&built, "fr/companies/anthropic/index.html");
    assert!(en.contains("<html lang=\"en\""), "{en}");
    assert!(fr.contains("<html lang=\"fr\""), "{fr}");
    // hreflang alternates and the switcher, both ways.
    for html in [en, fr] {
        assert!(
            html.contains("hreflang=\"en\" href=\"https://example.test/sub/companies/anthropic/\"")
        );
        assert!(
            html.contains(
                "hreflang=\"fr\" href=\"https://example.test/sub/fr/companies/anthropic/\""
            )
        );
    }
    assert!(
        en.contains("href=\"../../fr/companies/anthropic/\" hreflang=\"fr\""),
        "{en}"
    );
    assert!(
        fr.contains("href=\"../../../companies/anthropic/\" hreflang=\"en\""),
        "{fr}"
    );
    // The French text, and the French facts' text; the shared facts stay.
    assert!(
        fr.contains("<p class=\"summary\">Une entreprise d’IA.</p>"),
        "{fr}"
    );
    // (The original's TOML is still shown as the page's source data.)
    assert!(fr.contains("Fondateurs") && fr.contains("anciens chercheurs d"));
    assert!(fr.contains("2021"));
    // Every page of one language has its counterpart in the other.
    let pages: Vec<&str> = built
        .files
        .iter()
        .map(|f| f.path.as_str())
        .filter(|p| p.ends_with(".html") && *p != "404.html")
        .collect();
    for path in &pages {
        let other = match path.strip_prefix("fr/") {
            Some(english) => english.to_owned(),
            None => format!("fr/{path}"),
        };
        assert!(
            pages.contains(&other.as_str()),
            "{path} has no counterpart {other}"
        );
    }
}

#[test]
fn wikilinks_and_terms_resolve_within_the_page_language() {
    let built = site(&format!("{SITE}{TERM}{DEAL}"));
    let fr = page(&built, "fr/companies/anthropic/index.html");
    // The French alias (the French term's name) links the French term page.
    assert!(
        fr.contains("href=\"../../../fr/glossary/constitutional-ai/\""),
        "{fr}"
    );
    let en = page(&built, "companies/anthropic/index.html");
    assert!(
        en.contains("href=\"../../glossary/constitutional-ai/\""),
        "{en}"
    );
    // An untranslated body links a translated deal by its English title.
    let google = page(&built, "fr/companies/google/index.html");
    assert!(
        google.contains("href=\"../../../fr/deals/google-anthropic-2023/\""),
        "{google}"
    );
    // The French glossary shows the French term and knows its English name.
    let term = page(&built, "fr/glossary/constitutional-ai/index.html");
    assert!(term.contains("IA constitutionnelle") && term.contains("Constitutional AI"));
}

#[test]
fn french_pages_write_money_stakes_dates_and_statuses_in_french() {
    let built = site(&format!("{SITE}{TERM}{DEAL}"));
    let deals = page(&built, "fr/deals/index.html");
    assert!(deals.contains("300 millions de dollars"), "{deals}");
    assert!(deals.contains("environ 10\u{202f}%"), "{deals}");
    assert!(deals.contains("3 février 2023"), "{deals}");
    assert!(deals.contains("signalé"), "{deals}");
    assert!(deals.contains("Google investirait dans Anthropic"));
    let english = page(&built, "deals/index.html");
    assert!(english.contains("$300 million") && english.contains("3 February 2023"));
}

#[test]
fn an_untranslated_entry_falls_back_marked_and_is_listed() {
    let dir = dossier_from(&format!("{SITE}{TERM}{DEAL}"));
    let built =
        dossier::compile(&options(dir.path())).unwrap_or_else(|r| panic!("{}", r.render(false)));
    // google.md has no translation: its French page shows the English, marked so.
    let fr = page(&built, "fr/companies/google/index.html");
    assert!(fr.contains("<h1 lang=\"en\">Google</h1>"), "{fr}");
    assert!(fr.contains("<div class=\"prose\" lang=\"en\">"), "{fr}");
    assert!(fr.contains("<html lang=\"fr\""));
    // Listed as a warning, with the file to write; the build is not an error.
    assert_eq!(built.warnings.error_count(), 0);
    let short = built.warnings.short();
    let warned: Vec<&String> = short
        .iter()
        .filter(|w| w.contains("no Français translation"))
        .collect();
    assert!(
        warned
            .iter()
            .any(|w| w.starts_with("content/companies/google.md:1:1: warning: ")),
        "{short:?}"
    );
    assert!(!warned.iter().any(|w| w.contains("anthropic.md")));
    let text = built.warnings.render(false);
    assert!(
        text.contains(
            "warning: no Français translation (`fr`)\n  ┌─ content/companies/google.md:1:1"
        ) && text.contains("= help: write `content/companies/google.fr.md`"),
        "{text}"
    );
    // --strict turns them into errors.
    let strict = dossier::Options {
        strict: true,
        ..options(dir.path())
    };
    let report = dossier::compile(&strict).expect_err("strict fails");
    let text = report.render(false);
    assert!(
        text.contains(
            "error: no Français translation (`fr`)\n  ┌─ content/companies/google.md:1:1"
        ) && text.contains("= an error because of --strict"),
        "{text}"
    );
    assert!(!text.contains("warning"), "{text}");
}

#[test]
fn a_translation_cannot_contradict_a_shared_fact() {
    let spec = format!(
        "{SITE}{TERM}{DEAL}=== content/companies/google.fr.md
+++
name = \"Google\"
founded = \"1999\"
+++
G.
=== content/products/x.md
+++
name = \"X\"
facts = [{{ label = \"a\", value = \"b\" }}, {{ label = \"c\", value = \"d\" }}]
+++
=== content/products/x.fr.md
+++
facts = [{{ label = \"A\" }}]
parameters = 5
+++
"
    );
    let lines = short_problems(&spec);
    let joined = lines.join("\n");
    assert!(
        joined.contains("content/companies/google.fr.md:3:1: `founded` is not a text key")
            || joined.contains("content/companies/google.fr.md:3:"),
        "{joined}"
    );
    assert!(
        joined.contains(
            "content/products/x.fr.md:2:9: `facts` has 1 item here but 2 in the original"
        ),
        "{joined}"
    );
    assert!(
        joined.contains("content/products/x.fr.md:3:1: `parameters` is not a text key"),
        "{joined}"
    );
    // A translation cannot add a detail the original lacks; repeating one it has,
    // unchanged, is fine.
    let spec = format!(
        "{SITE}=== content/companies/acme.md
+++
name = \"Acme\"
founded = \"2021\"
+++
=== content/companies/acme.fr.md
+++
founded = \"2021\"
headquarters = \"Paris\"
+++
"
    );
    let text = problems(&spec);
    assert!(
        text.contains("the original has no `headquarters` to translate"),
        "{text}"
    );
    assert!(text.contains("content/companies/acme.fr.md:3:1"), "{text}");
    assert!(!text.contains("founded"), "{text}");
    // Changing a fact the original has is a contradiction, said as such.
    let spec = format!(
        "{SITE}=== content/companies/acme.md
+++
name = \"Acme\"
founded = \"2021\"
+++
=== content/companies/acme.fr.md
+++
founded = \"2020\"
+++
"
    );
    let text = problems(&spec);
    assert!(
        text.contains("this `founded` contradicts the original"),
        "{text}"
    );
    assert!(text.contains("content/companies/acme.fr.md:2:11"), "{text}");
    assert!(
        text.contains("written once in `content/companies/acme.md`"),
        "{text}"
    );
}

#[test]
fn translations_into_unknown_languages_or_of_nothing_are_errors() {
    let spec = format!(
        "{SITE}=== content/companies/acme.md
+++
name = \"Acme\"
+++
=== content/companies/acme.de.md
+++
summary = \"Eine Firma.\"
+++
=== content/companies/acne.fr.md
+++
summary = \"x\"
+++
=== content/companies/acme.FR.md
+++
+++
"
    );
    let text = problems(&spec);
    assert!(
        text.contains("`de` is not one of the dossier's languages"),
        "{text}"
    );
    assert!(
        text.contains("languages = [\"en\", \"fr\", \"de\"]"),
        "{text}"
    );
    assert!(text.contains("`content/companies/acne.fr.md` translates `content/companies/acne.md`, which does not exist"), "{text}");
    assert!(text.contains("did you mean `acme`?"), "{text}");
    assert!(
        text.contains("`FR` in `content/companies/acme.FR.md` is not a language code"),
        "{text}"
    );
}

#[test]
fn a_third_language_needs_only_a_strings_table() {
    let spec = format!(
        "=== site.toml\ntitle = \"T\"\nbase_url = \"https://example.test/\"\n[languages.de]\ntitle = \"T auf Deutsch\"\n[languages.de.strings]\nnav_home = \"Startseite\"\nnav_hom = \"x\"\n{}",
        crate::ACME
    );
    let text = problems(&spec);
    assert!(
        text.contains("`nav_hom` is not an interface string"),
        "{text}"
    );
    assert!(text.contains("did you mean `nav_home`?"), "{text}");
    let spec = format!(
        "=== site.toml\ntitle = \"T\"\nbase_url = \"https://example.test/\"\n[languages.de]\ntitle = \"T auf Deutsch\"\n[languages.de.strings]\nnav_home = \"Startseite\"\n{}",
        crate::ACME
    );
    let built = site(&spec);
    let home = page(&built, "de/index.html");
    assert!(
        home.contains("Startseite") && home.contains("T auf Deutsch"),
        "{home}"
    );
    let warnings = built.warnings.short();
    assert!(
        warnings
            .iter()
            .any(|w| w.starts_with("site.toml:1:1: warning: ")
                && w.contains("interface strings of `de`")),
        "{warnings:?}"
    );
}

#[test]
fn sitemap_feeds_search_and_exports_cover_every_language() {
    let built = site(&format!("{SITE}{TERM}{DEAL}"));
    let sitemap = std::str::from_utf8(&built.file("sitemap.xml").unwrap().bytes)
        .unwrap()
        .to_owned();
    assert!(sitemap.contains("<loc>https://example.test/sub/fr/companies/anthropic/</loc>"));
    assert!(
        sitemap
            .contains("hreflang=\"fr\" href=\"https://example.test/sub/fr/companies/anthropic/\"")
    );
    assert!(built.file("fr/feed.xml").is_some() && built.file("feed.xml").is_some());
    let index = crate::search_listings(&built, "fr/");
    assert!(
        index.contains("fr/companies/anthropic/") && index.contains("entreprise"),
        "{index}"
    );
    let json: serde_json::Value =
        serde_json::from_slice(&built.file("data/dossier.json").unwrap().bytes).unwrap();
    let entries = json["entries"].as_array().unwrap();
    let anthropic = entries.iter().find(|e| e["slug"] == "anthropic").unwrap();
    assert_eq!(anthropic["summary"], "An AI company.");
    assert_eq!(
        anthropic["translations"]["fr"]["summary"],
        "Une entreprise d'IA."
    );
    assert_eq!(anthropic["translations"]["fr"]["translated"], true);
    // One record per entry, not one per language.
    assert_eq!(
        entries.iter().filter(|e| e["slug"] == "anthropic").count(),
        1
    );
}

#[test]
fn the_bundled_dossier_reads_in_french() {
    let built =
        dossier::compile(&options(&repo_root())).unwrap_or_else(|r| panic!("{}", r.render(false)));
    assert!(
        built.warnings.diagnostics.is_empty(),
        "untranslated: {:?}",
        built.warnings.short()
    );
    let deals = page(&built, "fr/deals/index.html");
    assert!(
        deals.contains("300 millions de dollars"),
        "French deal table"
    );
    assert!(deals.contains("signalé"));
    let article = page(&built, "fr/article/index.html");
    assert!(article.contains("aurait obtenu une participation de 10"));
    assert!(article.contains("<html lang=\"fr\""));
}
