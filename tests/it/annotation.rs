//! Annotation and provenance: citations, notes, statuses, valuations, backlinks with
//! context, autolinked terms, the timeline and the graph.

use crate::{problems, short_problems, site};

const SOURCES: &str = "=== content/sources/ft.md\n+++\ntitle = \"Google invests $300mn\"\npublisher = \"Financial Times\"\n\
                       date = 2023-02-03\nurl = \"https://www.ft.com/content/x\"\n+++\n\
                       === content/sources/cnbc.md\n+++\ntitle = \"Google execs warn\"\npublisher = \"CNBC\"\n+++\n";

#[test]
fn citations_are_numbered_and_listed_with_links_both_ways() {
    let s = site(&format!(
        "{SOURCES}=== content/notes/n.md\n+++\ntitle = \"N\"\n+++\nFirst [@ft]. Then [@cnbc; @ft, p. 2].\n"
    ));
    let html = s.page("notes/n/index.html").unwrap();
    assert!(
        html.contains(r##"<a id="cite-1-1" href="#ref-1" role="doc-biblioref""##),
        "{html}"
    );
    assert!(
        html.contains(r##"<a id="cite-2-1" href="#ref-2" role="doc-biblioref""##),
        "{html}"
    );
    // The source's title rides on its first citation only; the list has it for all.
    assert!(html.contains(r##"<a id="cite-1-1" href="#ref-1" role="doc-biblioref" title="Google invests $300mn">1</a>"##), "{html}");
    assert!(
        html.contains(r##"<a id="cite-1-2" href="#ref-1" role="doc-biblioref">1</a>, p. 2]"##),
        "{html}"
    );
    let refs = html
        .split("id=\"references\"")
        .nth(1)
        .expect("a reference list");
    assert!(
        refs.contains(r#"<li id="ref-1">"#) && refs.contains(r#"<li id="ref-2">"#),
        "{refs}"
    );
    assert!(
        refs.contains(r##"href="#cite-1-1" role="doc-backlink""##)
            && refs.contains(r##"href="#cite-1-2""##),
        "{refs}"
    );
    assert!(refs.contains("Financial Times, “<a href=\"../../sources/ft/\">Google invests $300mn</a>”, 3 February 2023."), "{refs}");
    assert!(
        refs.contains(r#"href="https://www.ft.com/content/x""#),
        "{refs}"
    );
    // The source's page lists what cites it.
    let ft = s.page("sources/ft/index.html").unwrap();
    assert!(
        ft.contains("Cited by") && ft.contains(r#"href="../../notes/n/""#),
        "{ft}"
    );
    assert!(ft.contains("note · cites it"), "{ft}");
}

#[test]
fn a_citation_of_an_unknown_source_is_an_error_with_a_suggestion() {
    let out = problems(&format!(
        "{SOURCES}=== content/notes/n.md\n+++\ntitle = \"N\"\n+++\nSo [@fx, p. 1].\n"
    ));
    assert!(out.contains("content/notes/n.md:4:4"), "{out}");
    assert!(
        out.contains("citation `[@fx]`: no source with slug `fx`"),
        "{out}"
    );
    assert!(out.contains("help: did you mean `ft`?"), "{out}");
}

#[test]
fn citing_something_that_is_not_a_source_is_an_error() {
    let lines = short_problems(
        "=== content/notes/a.md\n+++\ntitle = \"A\"\n+++\n=== content/notes/n.md\n+++\ntitle = \"N\"\n+++\n[@a]\n",
    );
    assert_eq!(
        lines,
        ["content/notes/n.md:4:1: citation `[@a]`: `a` is a note, but a source is expected here"]
    );
}

const DEAL: &str = "=== content/companies/g.md\n+++\nname = \"G\"\n+++\n=== content/companies/a.md\n+++\nname = \"A\"\n+++\n";

#[test]
fn a_reported_deal_or_fact_must_name_its_sources() {
    let out = problems(&format!(
        "{SOURCES}{DEAL}=== content/deals/d.md\n+++\ntitle = \"D\"\ninvestor = \"g\"\nrecipient = \"a\"\nannounced = \"2023\"\n\
         status = \"reported\"\nfacts = [{{ label = \"Stake\", value = \"10%\", status = \"rumoured\" }}]\n+++\n"
    ));
    assert!(out.contains("content/deals/d.md:6:10"), "{out}");
    assert!(
        out.contains("this deal is `reported` but names no source"),
        "{out}"
    );
    assert!(
        out.contains("help: say who reports it: add `sources = [\"source-slug\"]` to the deal"),
        "{out}"
    );
    assert!(
        out.contains("the fact `Stake` is `rumoured` but names no source"),
        "{out}"
    );
    // Sourced, both pass.
    site(&format!(
        "{SOURCES}{DEAL}=== content/deals/d.md\n+++\ntitle = \"D\"\ninvestor = \"g\"\nrecipient = \"a\"\nannounced = \"2023\"\n\
         status = \"reported\"\nsources = [\"ft\"]\nfacts = [{{ label = \"Stake\", value = \"10%\", status = \"rumoured\", sources = [\"cnbc\"] }}]\n+++\n"
    ));
}

#[test]
fn statuses_say_who_reports_and_valuations_are_marked_derived() {
    let s = site(&format!(
        "{SOURCES}{DEAL}=== content/deals/d.md\n+++\ntitle = \"D\"\ninvestor = \"g\"\nrecipient = \"a\"\nannounced = \"2023-02\"\n\
         amount = {{ value = 300_000_000, currency = \"USD\" }}\nstake = {{ value = 10, approximate = true }}\n\
         status = \"reported\"\nsources = [\"ft\"]\n+++\n"
    ));
    let table = s.page("deals/index.html").unwrap();
    assert!(table.contains(r#"<span class="status status-reported">reported</span> <span class="status-by">by <a href="../sources/ft/""#), "{table}");
    // The implied valuation is a detail of the deal's page, not a column of the table.
    assert!(!table.contains("Implied"), "{table}");
    let deal = s.page("deals/d/index.html").unwrap();
    assert!(
        deal.contains("<dt>Implied post-money valuation</dt>"),
        "{deal}"
    );
    // Our arithmetic, with the range "about 10%" gives, how it was computed, marked
    // derived, and with no status and no sources of its own.
    let implied = deal
        .split("<dt>Implied post-money valuation</dt>")
        .nth(1)
        .and_then(|rest| rest.split("</dd>").next())
        .unwrap_or_default();
    assert!(
        implied.contains(
            "about $3 billion ($2.7 billion to $3.3 billion) <span class=\"note\">(our arithmetic: $300 million ÷ about 10%; no source gives this valuation)</span></span> <span class=\"derived\">derived</span>"
        ),
        "{implied}"
    );
    assert!(!implied.contains("status"), "{implied}");
    // The amount and the stake have no status of their own: the deal's status row says
    // it is reported, and by whom, once.
    assert_eq!(
        deal.matches("status-reported\">reported</span> <span class=\"status-by\">by <a href=\"../../sources/ft/\"").count(),
        1,
        "the deal's status: {deal}"
    );
}

#[test]
fn a_report_and_its_relays_read_as_one_report() {
    // The Verge relays the FT, and a blog relays The Verge: listed first or not, they
    // come after the original, as relays. Without the original, a relay is a source
    // like any other.
    let s = site(&format!(
        "{SOURCES}{DEAL}=== content/sources/verge.md\n+++\ntitle = \"V\"\npublisher = \"The Verge\"\nrelays = [\"ft\"]\n+++\n\
         === content/sources/blog.md\n+++\ntitle = \"B\"\npublisher = \"A blog\"\nrelays = [\"verge\"]\n+++\n\
         === content/deals/d.md\n+++\ntitle = \"D\"\ninvestor = \"g\"\nrecipient = \"a\"\nannounced = \"2023\"\n\
         status = \"reported\"\nsources = [\"blog\", \"verge\", \"ft\", \"cnbc\"]\n+++\n\
         === content/deals/e.md\n+++\ntitle = \"E\"\ninvestor = \"g\"\nrecipient = \"a\"\nannounced = \"2023\"\n\
         status = \"reported\"\nsources = [\"verge\"]\n+++\n"
    ));
    let text = |path: &str| crate::text_of(s.page(path).unwrap());
    let d = text("deals/d/index.html");
    assert!(
        d.contains(
            "reported by Financial Times, CNBC (independently); relayed by A blog, The Verge"
        ),
        "{d}"
    );
    let e = text("deals/e/index.html");
    assert!(e.contains("reported by The Verge"), "{e}");
    assert!(!e.contains("relayed by"), "{e}");
}

#[test]
fn sources_of_one_fact_never_read_the_same() {
    // Two posts by one publisher: told apart by their dates, or by a `short` label.
    let s = site(&format!(
        "{DEAL}=== content/sources/post-2019.md\n+++\ntitle = \"Partnership\"\npublisher = \"Microsoft\"\ndate = 2019-07-22\n+++\n\
         === content/sources/post-2023.md\n+++\ntitle = \"Extended\"\npublisher = \"Microsoft\"\ndate = 2023-01-23\n+++\n\
         === content/sources/facts.md\n+++\ntitle = \"Facts About Microsoft\"\npublisher = \"Microsoft\"\nshort = \"Microsoft's fact sheet\"\n+++\n\
         === content/deals/d.md\n+++\ntitle = \"D\"\ninvestor = \"g\"\nrecipient = \"a\"\nannounced = \"2023\"\n\
         status = \"confirmed\"\nsources = [\"post-2019\", \"post-2023\", \"facts\"]\n+++\n"
    ));
    let html = s.page("deals/d/index.html").unwrap();
    for label in [
        ">Microsoft (22 July 2019)</a>",
        ">Microsoft (23 January 2023)</a>",
        ">Microsoft’s fact sheet</a>",
    ] {
        assert!(html.contains(label), "{label}: {html}");
    }
}

#[test]
fn mentioned_in_shows_the_sentence_around_the_mention() {
    let s = site(
        "=== content/companies/a.md\n+++\nname = \"Anthropic\"\n+++\n\
         === content/notes/n.md\n+++\ntitle = \"N\"\n+++\nIntro. Google put $300M into [[a]], reportedly. Other.\n",
    );
    let html = s.page("companies/a/index.html").unwrap();
    let mentioned = html.split("id=\"mentioned-in\"").nth(1).unwrap();
    assert!(
        mentioned.contains(r#"<blockquote class="backlink-context"><p>Google put $300M into Anthropic, reportedly.</p></blockquote>"#),
        "{mentioned}"
    );
}

#[test]
fn the_timeline_lists_dated_facts_in_order_with_their_status() {
    let s = site(&format!(
        "{SOURCES}{DEAL}=== content/deals/d1.md\n+++\ntitle = \"Later deal\"\ninvestor = \"g\"\nrecipient = \"a\"\nannounced = 2023-01-23\n\
         status = \"reported\"\nsources = [\"ft\"]\n+++\n\
         === content/deals/d2.md\n+++\ntitle = \"Earlier deal\"\ninvestor = \"g\"\nrecipient = \"a\"\nannounced = \"2019\"\n+++\n\
         === content/products/p.md\n+++\nname = \"Bot\"\nlaunched = \"2022-11\"\n+++\n"
    ));
    let html = s.page("timeline/index.html").unwrap();
    let order: Vec<usize> = [
        "Earlier deal",
        "Bot is launched",
        "Later deal",
        "Financial Times publishes",
    ]
    .iter()
    .map(|t| {
        html.find(t)
            .unwrap_or_else(|| panic!("{t} missing: {html}"))
    })
    .collect();
    assert!(order.windows(2).all(|w| w[0] < w[1]), "{order:?}");
    assert!(
        html.contains(r#"<time datetime="2023-01-23">23 January 2023</time>"#),
        "{html}"
    );
    let later = &html[order[2]..order[3]];
    assert!(
        later.contains("status-reported") && later.contains(">Financial Times</a>"),
        "{later}"
    );
    assert!(
        s.page("index.html")
            .unwrap()
            .contains(r#"href="./timeline/""#),
        "the navigation reaches it"
    );
}

#[test]
fn the_graph_is_inline_svg_with_links_and_a_table_of_the_same_relations() {
    let spec = format!(
        "{SOURCES}{DEAL}=== content/companies/p.md\n+++\nname = \"Parent\"\n+++\n\
         === content/companies/lonely.md\n+++\nname = \"Lonely\"\n+++\n\
         === content/products/bot.md\n+++\nname = \"Bot\"\nmaker = \"a\"\n+++\n\
         === content/deals/d.md\n+++\ntitle = \"D\"\ninvestor = \"g\"\nrecipient = \"a\"\nannounced = \"2023-02\"\n\
         amount = {{ value = 300_000_000, currency = \"USD\" }}\n+++\n"
    );
    let s = site(&spec);
    let home = s.page("index.html").unwrap();
    let svg = &home[home.find("<svg class=\"graph\"").expect("a graph")..];
    let svg = &svg[..svg.find("</svg>").unwrap()];
    for company in [
        "./companies/a/",
        "./companies/g/",
        "./companies/p/",
        "./companies/lonely/",
    ] {
        assert!(
            svg.contains(&format!("<a href=\"{company}\"")),
            "{company} is a node: {svg}"
        );
    }
    assert!(
        svg.contains("<a href=\"./products/bot/\" class=\"node node-product\">"),
        "{svg}"
    );
    assert!(svg.contains(">$300 million, 2023</tspan>"), "{svg}");
    assert!(
        !home.contains("<script") || !svg.contains("<script"),
        "no script in the picture"
    );
    let table = &home[home.find("<table class=\"relations").unwrap()..];
    assert!(
        table.contains(">G</a></th>\n        <td data-label=\"Relation\">invested in</td>"),
        "{table}"
    );
    assert!(
        table.contains(">Bot</a></th>\n        <td data-label=\"Relation\">is made by</td>"),
        "{table}"
    );
    // A company page shows its neighbourhood only.
    let a = s.page("companies/a/index.html").unwrap();
    let local = &a[a.find("<svg class=\"graph\"").unwrap()..];
    let local = &local[..local.find("</svg>").unwrap()];
    assert!(
        local.contains("../../companies/g/") && local.contains("../../products/bot/"),
        "{local}"
    );
    assert!(!local.contains("../../companies/lonely/"), "{local}");
    assert!(
        s.page("companies/lonely/index.html")
            .unwrap()
            .find("<svg class=\"graph\"")
            .is_none()
    );
    // Same input, same picture.
    assert_eq!(site(&spec).page("index.html"), Some(home));
}

#[test]
fn terms_are_autolinked_unless_site_toml_turns_it_off() {
    let content = "=== content/glossary/rlhf.md\n+++\nterm = \"Reinforcement learning from human feedback\"\naliases = [\"RLHF\"]\n\
                   summary = \"Training on human preferences.\"\n+++\nDef.\n\
                   === content/notes/n.md\n+++\ntitle = \"N\"\n+++\n## RLHF\n\nChatGPT uses RLHF. Then RLHF again.\n";
    let on = site(content);
    let html = on.page("notes/n/index.html").unwrap();
    assert_eq!(html.matches("class=\"autolink\"").count(), 1, "{html}");
    assert!(html.contains(r#"<a class="autolink" href="../../glossary/rlhf/" data-kind="term">RLHF</a>. Then RLHF again."#), "{html}");
    let off = site(&format!(
        "=== site.toml\n{}autolink_terms = false\n{content}",
        crate::SITE_TOML
    ));
    assert!(
        !off.page("notes/n/index.html")
            .unwrap()
            .contains("class=\"autolink\"")
    );
}

#[test]
fn malformed_citations_and_notes_without_a_definition_are_errors() {
    let lines = short_problems(&format!(
        "{SOURCES}=== content/notes/n.md\n+++\ntitle = \"N\"\n+++\nA [@ft; cnbc]. B [@ft p. 3]. C[^nope].\n\n[^d]: One.\n[^d]: Two.\n"
    ));
    assert_eq!(
        lines,
        [
            "content/notes/n.md:4:3: `[@ft; cnbc]` is not a citation",
            "content/notes/n.md:4:18: `[@ft p. 3]` is not a citation",
            "content/notes/n.md:4:31: the note `[^nope]` has no definition",
            "content/notes/n.md:7:1: the note `[^d]` is defined twice",
        ]
    );
}

#[test]
fn markup_in_a_locator_stays_inert_text() {
    let s = site(&format!(
        "{SOURCES}=== content/notes/n.md\n+++\ntitle = \"N\"\n+++\nSee [@ft, p. <b>4</b> *ff* <script>] and the rest.\n"
    ));
    let html = s.page("notes/n/index.html").unwrap();
    let cite = html
        .split("<sup class=\"cite\">")
        .nth(1)
        .unwrap()
        .split("</sup>")
        .next()
        .unwrap();
    assert!(!cite.contains("<b>") && !cite.contains("<script"), "{cite}");
    assert!(html.contains("</sup> and the rest."), "{html}");
}

#[test]
fn an_amount_needs_a_real_currency_code() {
    let out = problems(&format!(
        "{DEAL}=== content/deals/d.md\n+++\ntitle = \"D\"\ninvestor = \"g\"\nrecipient = \"a\"\nannounced = \"2023\"\n\
         amount = {{ value = 5, currency = \"\" }}\n+++\n"
    ));
    assert!(out.contains("`` is not a currency code"), "{out}");
}

#[test]
fn autolinks_skip_raw_html_and_alt_text_and_cross_line_breaks() {
    let content = "=== content/glossary/rlhf.md\n+++\nterm = \"Reinforcement learning from human feedback\"\naliases = [\"RLHF\"]\n+++\nDef.\n";
    let s = site(&format!(
        "{content}=== content/notes/n.md\n+++\ntitle = \"N\"\n+++\n\
         ![RLHF diagram](https://example.org/a.png) <a href=\"https://x.org\">RLHF</a> <code>RLHF</code>\n\
         We use reinforcement learning\nfrom human feedback.\n"
    ));
    let html = s.page("notes/n/index.html").unwrap();
    assert!(html.contains("alt=\"RLHF diagram\""), "{html}");
    assert!(
        html.contains("<a href=\"https://x.org\">RLHF</a> <code>RLHF</code>"),
        "{html}"
    );
    assert!(
        html.contains(">reinforcement learning from human feedback</a>."),
        "{html}"
    );
}

#[test]
fn on_the_glossary_page_citations_name_their_source() {
    let s = site(&format!(
        "{SOURCES}=== content/glossary/a.md\n+++\nterm = \"A\"\n+++\nDefined [@ft].\n\
         === content/glossary/b.md\n+++\nterm = \"B\"\n+++\nDefined [@cnbc].\n"
    ));
    let html = s.page("glossary/index.html").unwrap();
    assert!(html.contains(r#"<a href="../sources/ft/" role="doc-biblioref" title="Google invests $300mn">Financial Times</a>"#), "{html}");
    assert!(html.contains(">CNBC</a>]</sup>"), "{html}");
}

#[test]
fn the_context_of_a_mention_in_a_table_is_its_cell() {
    let s = site(
        "=== content/companies/a.md\n+++\nname = \"Acme\"\n+++\n\
         === content/notes/n.md\n+++\ntitle = \"N\"\n+++\n| Who | What |\n|---|---|\n| Google | paid [[a]] |\n",
    );
    let html = s.page("companies/a/index.html").unwrap();
    assert!(
        html.contains("<blockquote class=\"backlink-context\"><p>paid Acme</p></blockquote>"),
        "{html}"
    );
}

/// What a citation's preview card shows is its reference-list entry: it says what kind
/// of source it is, and its date the way the page's language writes it.
#[test]
fn a_reference_gives_the_kind_of_source_and_its_date_in_the_page_language() {
    let s = site(
        "=== site.toml\ntitle = \"T\"\nbase_url = \"https://example.test/\"\nlanguages = [\"en\", \"fr\"]\n\
         === content/sources/ft.md\n+++\ntitle = \"Google invests $300mn\"\npublisher = \"Financial Times\"\n\
         date = 2023-02-03\nkind = \"news report\"\n+++\n\
         === content/sources/ft.fr.md\n+++\nkind = \"article de presse\"\n+++\n\
         === content/notes/n.md\n+++\ntitle = \"N\"\n+++\nFirst [@ft].\n\
         === content/notes/n.fr.md\n+++\ntitle = \"N\"\n+++\nD'abord [@ft].\n",
    );
    let en = s.page("notes/n/index.html").unwrap();
    assert!(
        en.contains("Google invests $300mn</a>”, 3 February 2023 <span class=\"ref-kind\">(news report)</span>."),
        "{en}"
    );
    let fr = s.page("fr/notes/n/index.html").unwrap();
    assert!(
        fr.contains("Google invests $300mn</a>\u{a0}», 3 février 2023 <span class=\"ref-kind\">(article de presse)</span>."),
        "{fr}"
    );
}
