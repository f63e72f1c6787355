//! Spec guards on the bundled dossier at the repository root.

use std::sync::OnceLock;

use dossier::Site;

use crate::{options, repo_root};

/// The bundled dossier, compiled once for every test that reads it.
pub(crate) fn bundled() -> &'static Site {
    static SITE: OnceLock<Site> = OnceLock::new();
    SITE.get_or_init(|| match dossier::compile(&options(&repo_root())) {
        Ok(site) => site,
        Err(report) => panic!(
            "the bundled dossier must build cleanly:\n{}",
            report.render(false)
        ),
    })
}

pub(crate) fn page(path: &str) -> &'static str {
    bundled()
        .page(path)
        .unwrap_or_else(|| panic!("`{path}` was not written"))
}

/// Text of the deal table row whose header cell links to `deal`.
fn deal_row(deal: &str) -> String {
    let html = page("deals/index.html");
    let marker = format!("<th scope=\"row\" data-label=\"Deal\"><a href=\"../deals/{deal}/\">");
    let start = html
        .find(&marker)
        .unwrap_or_else(|| panic!("no row for {deal}"));
    let end = start + html[start..].find("</tr>").unwrap();
    html[start..end].to_owned()
}

#[test]
fn every_page_of_the_spec_is_written() {
    let slugs = [
        "companies/microsoft",
        "companies/openai",
        "companies/google",
        "companies/alphabet",
        "companies/anthropic",
        "people/satya-nadella",
        "people/sam-altman",
        "people/sundar-pichai",
        "people/jeff-dean",
        "products/chatgpt",
        "products/claude",
        "products/bing",
        "products/azure-openai-service",
        "products/anthropiclm-v4-s3",
        "deals/microsoft-openai-2019",
        "deals/microsoft-openai-2021",
        "deals/microsoft-openai-2023",
        "deals/google-anthropic-2023",
        "glossary/constitutional-ai",
        "glossary/rlhf",
        "glossary/autoregressive-model",
        "glossary/preference-model",
        "glossary/pre-training",
        "glossary/large-language-model",
        "glossary/parameters",
        "glossary/supercomputer",
        "glossary/exclusive-cloud-provider",
        "glossary/reputational-risk",
    ];
    for slug in slugs {
        page(&format!("{slug}/index.html"));
    }
    for section in [
        "",
        "article/",
        "companies/",
        "people/",
        "products/",
        "deals/",
        "glossary/",
        "sources/",
        "notes/",
    ] {
        page(&format!("{section}index.html"));
    }
    page("404.html");
    assert!(bundled().file(".nojekyll").is_some());
    assert!(
        bundled().file("syntax-light.css").is_some() && bundled().file("syntax-dark.css").is_some()
    );
}

#[test]
fn deal_table_has_the_four_deals_with_their_parties_and_amounts() {
    let html = page("deals/index.html");
    assert!(html.contains("<table class=\"deals"));
    assert!(html.contains("<caption"));
    assert_eq!(
        html.matches("<tr class=\"deal deal-").count(),
        4,
        "one row per deal"
    );

    let google = deal_row("google-anthropic-2023");
    // One report, passed on: the Financial Times first, its relays after.
    let plain = crate::text_of(&google);
    assert!(
        plain.contains("reported by Financial Times; relayed by The Verge, the French article"),
        "{plain}"
    );
    assert!(google.contains(">Google</a>"), "{google}");
    assert!(google.contains(">Anthropic</a>"), "{google}");
    assert!(google.contains("$300 million"), "{google}");
    assert!(google.contains("about 10%"), "{google}");
    assert!(
        google.contains("status-reported\">reported<"),
        "the Google deal is reported, never more: {google}"
    );

    let ms2019 = deal_row("microsoft-openai-2019");
    assert!(
        ms2019.contains(">Microsoft</a>") && ms2019.contains(">OpenAI</a>"),
        "{ms2019}"
    );
    assert!(ms2019.contains("$1 billion"), "{ms2019}");

    let ms2021 = deal_row("microsoft-openai-2021");
    assert!(ms2021.contains("undisclosed"), "{ms2021}");

    let ms2023 = deal_row("microsoft-openai-2023");
    assert!(ms2023.contains("multibillion"), "{ms2023}");
    assert!(
        ms2023.contains("exclusive"),
        "Azure is the exclusive cloud: {ms2023}"
    );
}

#[test]
fn deal_rows_are_in_date_order_without_javascript() {
    let html = page("deals/index.html");
    // By the date each deal was made (else announced…): Google's investment in
    // Anthropic was made in late 2022, before Microsoft's January 2023 announcement,
    // though it was first reported only in February 2023.
    let order: Vec<usize> = [
        "microsoft-openai-2019",
        "microsoft-openai-2021",
        "google-anthropic-2023",
        "microsoft-openai-2023",
    ]
    .iter()
    .map(|d| html.find(&format!("../deals/{d}/\">")).unwrap())
    .collect();
    assert!(order.windows(2).all(|w| w[0] < w[1]), "{order:?}");
}

#[test]
fn every_backlink_appears_on_its_target() {
    let site = bundled();
    // Front matter reference: the Google deal names its investor.
    assert!(
        page("companies/google/index.html").contains("href=\"../../deals/google-anthropic-2023/\"")
    );
    // Parent: Alphabet lists Google as a subsidiary and a backlink.
    assert!(page("companies/alphabet/index.html").contains("href=\"../../companies/google/\""));
    // Every wikilink on every page yields a "Mentioned in" entry on its target, in
    // each language.
    for (prefix, up) in [("", "../../"), ("fr/", "../../../fr/")] {
        for file in site.files.iter().filter(|f| {
            f.path.strip_prefix(prefix).is_some_and(|p| {
                p.ends_with("/index.html") && p.matches('/').count() == 2 && !p.starts_with("fr/")
            })
        }) {
            let html = std::str::from_utf8(&file.bytes).unwrap();
            let from = &file.path[prefix.len()..].trim_end_matches("index.html");
            let prose = html
                .split("<div class=\"prose")
                .nth(1)
                .map(|p| p.split("</div>").next().unwrap_or(""))
                .unwrap_or("");
            for link in prose.split("class=\"wikilink\" href=\"").skip(1) {
                let href = link.split('"').next().unwrap();
                let href = href.split('#').next().unwrap();
                let Some(rest) = href.strip_prefix(up) else {
                    continue;
                };
                if rest.is_empty() || rest == "article/" {
                    continue;
                }
                let target = format!("{prefix}{rest}index.html");
                if target == file.path {
                    continue;
                }
                let target_html = page(&target);
                let back = format!("href=\"{up}{from}\"");
                let mentioned = target_html
                    .split("id=\"mentioned-in\"")
                    .nth(1)
                    .unwrap_or("");
                assert!(
                    mentioned.contains(&back),
                    "{target} does not list {from} under Mentioned in"
                );
            }
        }
    }
}

#[test]
fn no_wikilink_syntax_survives_outside_code() {
    for file in bundled().files.iter().filter(|f| f.path.ends_with(".html")) {
        let html = std::str::from_utf8(&file.bytes).unwrap();
        // Drop code blocks and the source data, where `[[` may legitimately appear.
        let outside_code: String = html
            .split("<pre")
            .enumerate()
            .map(|(i, part)| {
                if i == 0 {
                    part
                } else {
                    part.split_once("</pre>").map_or("", |(_, rest)| rest)
                }
            })
            .collect();
        assert!(
            !outside_code.contains("[["),
            "wikilink syntax left in {}",
            file.path
        );
    }
}

#[test]
fn reported_facts_stay_reported() {
    let deal = page("deals/google-anthropic-2023/index.html");
    assert!(
        deal.contains("status-reported"),
        "the Google–Anthropic deal is reported"
    );
    assert!(!deal.contains("status-confirmed\">confirmed</span> · <span class=\"status-by\">source: <a href=\"../../sources/ft-"),
        "the FT's report is not a confirmation");
    // The people's words are their English words, from Microsoft's post, with the
    // article's French as its translation.
    let nadella = page("people/satya-nadella/index.html");
    assert!(nadella.contains("<blockquote lang=\"en\">"), "{nadella}");
    assert!(crate::text_of(nadella).contains("Translation by the French article:"));
    // Pichai is not quoted: the article's sentence about him and Dean is its account.
    let pichai = crate::text_of(page("people/sundar-pichai/index.html"));
    assert!(
        pichai.contains("The source’s account: its words about them, not their words."),
        "{pichai}"
    );
    assert!(!pichai.contains("Sundar Pichai, quoted by"), "{pichai}");
}

#[test]
fn entry_pages_offer_their_source_data_highlighted() {
    let html = page("products/anthropiclm-v4-s3/index.html");
    assert!(html.contains("<details class=\"source-data\""));
    assert!(html.contains("<pre class=\"code\" tabindex=\"0\" data-lang=\"toml\">"));
    assert!(
        html.contains("hl-"),
        "TOML front matter is highlighted with classes"
    );
    assert!(html.contains("52 billion"), "parameters are shown in words");
}

#[test]
fn glossary_lists_terms_a_to_z_with_links_to_their_pages() {
    let html = page("glossary/index.html");
    let a = html.find("id=\"letter-a\"").unwrap();
    let r = html.find("id=\"letter-r\"").unwrap();
    assert!(a < r);
    assert!(html.contains("href=\"../glossary/constitutional-ai/\""));
    assert!(
        html.contains("IA constitutionnelle"),
        "aliases in French are listed"
    );
}

#[test]
fn two_builds_are_byte_identical() {
    let again =
        dossier::compile(&options(&repo_root())).unwrap_or_else(|r| panic!("{}", r.render(false)));
    let first = bundled();
    assert_eq!(first.files.len(), again.files.len());
    for (a, b) in first.files.iter().zip(&again.files) {
        assert_eq!(a.path, b.path);
        assert!(a.bytes == b.bytes, "{} differs between two builds", a.path);
    }
}

#[test]
fn internal_urls_are_relative() {
    let html = page("companies/anthropic/index.html");
    assert!(html.contains("href=\"../../deals/\""));
    assert!(
        !html.contains("href=\"/"),
        "no root-absolute links outside 404.html"
    );
    // The 404 page is served at any depth, so it links from the site's own path.
    assert!(page("404.html").contains("href=\"/dossier/deals/\""));
}

#[test]
fn the_home_graph_carries_all_five_companies() {
    let home = page("index.html");
    let svg = &home[home
        .find("<svg class=\"graph\"")
        .expect("a graph on the home page")..];
    let svg = &svg[..svg.find("</svg>").unwrap()];
    for company in ["microsoft", "openai", "google", "alphabet", "anthropic"] {
        assert!(
            svg.contains(&format!("href=\"./companies/{company}/\"")),
            "{company}"
        );
    }
}

#[test]
fn the_google_deal_reads_reported_wherever_it_appears() {
    // Every table row, key figure and timeline event that shows the deal carries its
    // status, and it is `reported`.
    let mut seen = 0;
    for file in bundled().files.iter().filter(|f| f.path.ends_with(".html")) {
        let html = std::str::from_utf8(&file.bytes).unwrap();
        for (open, close) in [
            ("<tr", "</tr>"),
            ("<li class=\"figure\">", "</li>"),
            ("<li class=\"event event-deal\">", "</li>"),
        ] {
            for chunk in html.split(open).skip(1) {
                let item = chunk.split(close).next().unwrap();
                if !item.contains("deals/google-anthropic-2023/\">Google") {
                    continue;
                }
                seen += 1;
                // In a deal table, the deal's own status is its last cell; another cell
                // may rightly say a term is confirmed (Google Cloud as the preferred
                // cloud).
                let status = item
                    .split("data-label=\"Status and sources\"")
                    .nth(1)
                    .unwrap_or(item);
                assert!(
                    status.contains("status-reported\">reported<"),
                    "{}: {item}",
                    file.path
                );
                assert!(
                    !status.contains("status-confirmed"),
                    "{}: {item}",
                    file.path
                );
            }
        }
    }
    assert!(
        seen >= 6,
        "the deal appears in tables, figures and the timeline ({seen} places)"
    );
}

#[test]
fn the_timeline_lists_the_investments_and_the_article_in_order() {
    let html = page("timeline/index.html");
    let at = |needle: &str| {
        html.find(needle)
            .unwrap_or_else(|| panic!("{needle} not on the timeline"))
    };
    let order = [
        at("href=\"../deals/microsoft-openai-2019/\""),
        at("href=\"../deals/microsoft-openai-2021/\""),
        at("href=\"../deals/microsoft-openai-2023/\""),
        at("<li class=\"event event-article\">"),
    ];
    assert!(order.windows(2).all(|w| w[0] < w[1]), "{order:?}");
}

#[test]
fn the_article_has_margin_notes_and_cites_the_ft_and_microsoft() {
    let html = page("article/index.html");
    assert!(
        html.matches("role=\"doc-footnote\"").count() >= 5,
        "annotations"
    );
    assert!(
        html.matches("<blockquote lang=\"fr\">").count() >= 5,
        "original passages marked French"
    );
    let refs = html
        .split("id=\"references\"")
        .nth(1)
        .expect("a reference list");
    assert!(refs.contains("Financial Times"), "{refs}");
    assert!(refs.contains("Microsoft"), "{refs}");
}

#[test]
fn every_glossary_term_mentioned_in_a_note_is_linked() {
    let site = bundled();
    let terms: Vec<(String, Vec<String>)> = site
        .files
        .iter()
        .filter(|f| {
            f.path.starts_with("glossary/")
                && f.path.ends_with("/index.html")
                && f.path.matches('/').count() == 2
        })
        .map(|f| {
            let slug = f.path.split('/').nth(1).unwrap().to_owned();
            let html = std::str::from_utf8(&f.bytes).unwrap();
            // The term's names: its title and the aliases in its infobox.
            let title = html
                .split("<h1>")
                .nth(1)
                .unwrap()
                .split("</h1>")
                .next()
                .unwrap()
                .to_owned();
            let mut names = vec![title];
            if let Some(aliases) = html.split("<dt>Also known as</dt>").nth(1) {
                let aliases = aliases.split("</dd>").next().unwrap();
                names.extend(
                    aliases
                        .split("<span class=\"value\">")
                        .skip(1)
                        .map(|v| v.split('<').next().unwrap().trim().to_owned()),
                );
            }
            (slug, names)
        })
        .collect();
    assert!(terms.len() >= 10);
    for note in site.files.iter().filter(|f| {
        f.path.starts_with("notes/")
            && f.path.ends_with("/index.html")
            && f.path.matches('/').count() == 2
    }) {
        let html = std::str::from_utf8(&note.bytes).unwrap();
        let prose = html
            .split("<div class=\"prose\">")
            .nth(1)
            .unwrap()
            .split("<section")
            .next()
            .unwrap();
        let text: String = prose
            .split('<')
            .map(|p| p.split_once('>').map_or(p, |(_, t)| t))
            .collect::<Vec<_>>()
            .join(" ")
            .to_lowercase();
        for (slug, names) in &terms {
            let mentioned = names.iter().filter(|n| n.chars().count() >= 3).any(|n| {
                let n = n.to_lowercase();
                text.match_indices(&n).any(|(i, _)| {
                    let before = text[..i].chars().next_back();
                    let after = text[i + n.len()..].chars().next();
                    !before.is_some_and(char::is_alphanumeric)
                        && !after.is_some_and(char::is_alphanumeric)
                })
            });
            if mentioned {
                assert!(
                    prose.contains(&format!("glossary/{slug}/\"")),
                    "{} mentions {slug} without linking it",
                    note.path
                );
            }
        }
    }
}

#[test]
fn every_scrolling_table_region_has_its_own_name() {
    // axe's landmark-unique: regions of one page need distinct names, also on the print
    // edition, where the bodies of many entries (each with its "Table 1") meet.
    for path in ["print/index.html", "notes/compute-for-equity/index.html"] {
        let labels: Vec<&str> = page(path)
            .split("role=\"region\" aria-label=\"")
            .skip(1)
            .map(|rest| rest.split('"').next().unwrap())
            .collect();
        assert!(!labels.is_empty(), "{path} has tables");
        let mut unique = labels.clone();
        unique.sort();
        unique.dedup();
        assert_eq!(unique.len(), labels.len(), "{path}: {labels:?}");
    }
}
