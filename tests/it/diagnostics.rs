//! Bad input: every problem is reported, with its file, line, column and a fix.

use crate::{problems, short_problems};

const COMPANY_A: &str = "=== content/companies/acme.md\n+++\nname = \"Acme\"\n+++\nBody.\n";

#[test]
fn unknown_key_names_the_closest_valid_key() {
    let out = problems("=== content/companies/acme.md\n+++\nnmae = \"Acme\"\n+++\n");
    assert!(out.contains("content/companies/acme.md:2:1"), "{out}");
    assert!(out.contains("`nmae` is not a key here"), "{out}");
    assert!(out.contains("help: did you mean `name`?"), "{out}");
}

#[test]
fn wrong_type_and_missing_key_are_reported_with_position() {
    let lines = short_problems(
        "=== content/companies/acme.md\n+++\nname = 42\n+++\n\
         === content/deals/d.md\n+++\ntitle = \"D\"\ninvestor = \"acme\"\nannounced = 2023-01-23\n+++\n",
    );
    assert_eq!(lines.len(), 2, "{lines:#?}");
    assert!(
        lines[0].starts_with(
            "content/companies/acme.md:2:8: this is the whole number 42, but text in double quotes belongs here"
        ),
        "{lines:#?}"
    );
    assert!(lines[1].starts_with("content/deals/d.md:"), "{lines:#?}");
    assert!(
        lines[1].contains("this deal names no `recipient`"),
        "{lines:#?}"
    );
}

#[test]
fn unknown_slug_in_front_matter_suggests_the_closest() {
    let out = problems(&format!(
        "{COMPANY_A}=== content/deals/d.md\n+++\ntitle = \"D\"\ninvestor = \"acem\"\nrecipient = \"acme\"\nannounced = \"2023\"\n+++\n"
    ));
    assert!(out.contains("content/deals/d.md:3:12"), "{out}");
    assert!(out.contains("no company with slug `acem`"), "{out}");
    assert!(out.contains("help: did you mean `acme`?"), "{out}");
}

#[test]
fn reference_to_the_wrong_kind_is_an_error() {
    let lines = short_problems(&format!(
        "{COMPANY_A}=== content/products/p.md\n+++\nname = \"P\"\nmaker = \"p\"\n+++\n"
    ));
    assert_eq!(
        lines,
        ["content/products/p.md:3:9: `p` is a product, but a company is expected here"]
    );
    let out = problems(&format!(
        "{COMPANY_A}=== content/products/p.md\n+++\nname = \"P\"\nmaker = \"p\"\n+++\n"
    ));
    assert!(
        out.contains("help: name one of the company slugs: acme"),
        "{out}"
    );
    let out = problems(
        "=== content/people/jo.md\n+++\nname = \"Jo\"\n+++\n\
         === content/products/p.md\n+++\nname = \"P\"\nmaker = \"jo\"\n+++\n",
    );
    assert!(
        out.contains("the dossier has none yet: add one to content/companies/"),
        "{out}"
    );
}

#[test]
fn unknown_wikilink_suggests_a_name() {
    let out = problems(&format!(
        "{COMPANY_A}=== content/notes/n.md\n+++\ntitle = \"N\"\n+++\nSee [[Acmee]] now.\n"
    ));
    assert!(out.contains("content/notes/n.md:4:5"), "{out}");
    assert!(out.contains("unknown link target `[[Acmee]]`"), "{out}");
    assert!(
        out.contains("did you mean `[[Acme]]`?") || out.contains("did you mean `[[acme]]`?"),
        "{out}"
    );
}

#[test]
fn ambiguous_name_asks_for_a_slug() {
    let out = problems(
        "=== content/companies/a.md\n+++\nname = \"Orion\"\n+++\n\
         === content/products/orion.md\n+++\nname = \"Orion\"\n+++\n\
         === content/notes/n.md\n+++\ntitle = \"N\"\n+++\n[[orion]] is fine, [[Orion Name]] no, [[ORION]] is a slug? no.\n",
    );
    // `[[orion]]` is an exact slug; `[[ORION]]` is a name shared by two entries.
    assert!(out.contains("ambiguous link `[[ORION]]`"), "{out}");
    assert!(
        out.contains("`[[a]]` (company) or `[[orion]]` (product)"),
        "{out}"
    );
}

#[test]
fn every_problem_of_every_file_is_reported_in_one_run() {
    let lines = short_problems(
        "=== content/companies/a.md\n+++\nname = \"A\"\nparent = \"nope\"\n+++\n[[missing-one]] and [[missing-two]]\n\
         === content/companies/b.md\n+++\nname = \"B\"\nbogus = 1\n+++\n\
         === content/people/c.md\n+++\n",
    );
    assert_eq!(lines.len(), 5, "{lines:#?}");
    assert!(
        lines
            .iter()
            .any(|l| l.contains("front matter is not closed")),
        "{lines:#?}"
    );
}

#[test]
fn invalid_and_duplicate_slugs_are_errors() {
    let spec = "=== content/companies/Acme Corp.md\n+++\nname = \"A\"\n+++\n\
         === content/companies/dup.md\n+++\nname = \"A\"\n+++\n\
         === content/people/dup.md\n+++\nname = \"B\"\n+++\n";
    let lines = short_problems(spec);
    assert!(
        lines
            .iter()
            .any(|l| l.contains("`Acme Corp` is not a valid slug")),
        "{lines:#?}"
    );
    assert!(
        problems(spec).contains("help: rename the file to `acme-corp.md`"),
        "{lines:#?}"
    );
    assert!(
        lines.iter().any(|l| l.contains("duplicate slug `dup`")),
        "{lines:#?}"
    );
}

#[test]
fn unknown_collection_folder_suggests_the_right_one() {
    let out = problems("=== content/compnies/a.md\n+++\nname = \"A\"\n+++\n");
    assert!(out.contains("did you mean `companies`?"), "{out}");
}

#[test]
fn missing_or_broken_site_toml_is_reported_with_the_content_problems() {
    let out = problems(
        "=== site.toml\ntitle = \"T\"\n=== content/notes/n.md\n+++\ntitle = \"N\"\n+++\n[[nowhere]]\n",
    );
    assert!(out.contains("site.toml"), "{out}");
    assert!(
        out.contains("the required key `base_url` is missing"),
        "{out}"
    );
    assert!(out.contains("unknown link target `[[nowhere]]`"), "{out}");
}

#[test]
fn amounts_need_a_currency_and_statuses_are_checked() {
    let out = problems(&format!(
        "{COMPANY_A}=== content/deals/d.md\n+++\ntitle = \"D\"\ninvestor = \"acme\"\nrecipient = \"acme\"\n\
         announced = \"2023-02\"\namount = {{ value = 5 }}\nstatus = \"confirmd\"\n+++\n"
    ));
    assert!(
        out.contains("this amount has a figure but no currency"),
        "{out}"
    );
    let out = problems(&format!(
        "{COMPANY_A}=== content/deals/d.md\n+++\ntitle = \"D\"\ninvestor = \"acme\"\nrecipient = \"acme\"\n\
         announced = \"2023-02\"\nstatus = \"confirmd\"\n+++\n"
    ));
    assert!(out.contains("help: did you mean `confirmed`?"), "{out}");
}

#[test]
fn bad_dates_say_what_a_date_looks_like() {
    let out = problems("=== content/notes/n.md\n+++\ntitle = \"N\"\ndate = \"Feb 2023\"\n+++\n");
    assert!(out.contains("`Feb 2023` is not a valid date"), "{out}");
    assert!(out.contains("content/notes/n.md:3:8"), "{out}");
}

#[test]
fn parent_cycles_are_errors() {
    let out = problems(
        "=== content/companies/a.md\n+++\nname = \"A\"\nparent = \"b\"\n+++\n\
         === content/companies/b.md\n+++\nname = \"B\"\nparent = \"a\"\n+++\n",
    );
    assert!(out.contains("`parent` forms a cycle: a → b → a"), "{out}");
}

#[test]
fn drafts_are_left_out_and_links_to_them_explained() {
    let spec = "=== content/notes/d.md\n+++\ntitle = \"D\"\ndraft = true\n+++\n\
                === content/notes/n.md\n+++\ntitle = \"N\"\n+++\nSee [[d]].\n";
    // Published without the draft: the link's text, unlinked, and a warning.
    let site = crate::site(spec);
    let warnings = site.warnings.render(false);
    assert!(
        warnings.contains(
            "`[[d]]` links to a draft: its text is shown without a link until `d` is published"
        ),
        "{warnings}"
    );
    assert!(site.page("notes/d/index.html").is_none());
    let page = site.page("notes/n/index.html").unwrap();
    assert!(
        page.contains("See <span class=\"wikilink draft-link\">D</span>."),
        "{page}"
    );
    let dir = crate::dossier_from(spec);
    let mut options = crate::options(dir.path());
    options.drafts = true;
    let site = dossier::compile(&options).unwrap_or_else(|r| panic!("{}", r.render(false)));
    assert!(site.page("notes/d/index.html").is_some());
}

#[test]
fn the_full_diagnostic_shows_the_line_and_a_marker() {
    let out = problems(&format!(
        "{COMPANY_A}=== content/notes/n.md\n+++\ntitle = \"N\"\n+++\nWe cite [[acme]] and [[acme-inc]].\n"
    ));
    insta::assert_snapshot!(out);
}

#[test]
fn a_broken_template_override_names_its_file_and_line() {
    let out = problems(
        "=== templates/entry.html\n{% extends \"base.html\" %}\n{% block content %}\n{{ entry.name \n{% endblock content %}\n",
    );
    assert!(
        out.contains("templates/entry.html:4:1") || out.contains("templates/entry.html:3:"),
        "{out}"
    );
    assert!(
        out.contains("template `entry.html` does not parse"),
        "{out}"
    );
    // Tera's own words, without its second drawing of the source line.
    assert!(out.contains("= expected `or`, `and`"), "{out}");
    assert!(!out.contains("-->"), "{out}");
}

#[test]
fn a_template_render_error_names_the_template_and_the_entry() {
    let out = problems(&format!(
        "{COMPANY_A}=== templates/entry.html\n{{% extends \"base.html\" %}}{{% block content %}}{{{{ entry.nope.deeper }}}}{{% endblock content %}}\n"
    ));
    assert!(
        out.contains("template `entry.html` failed while rendering `content/companies/acme.md`"),
        "{out}"
    );
}

#[test]
fn a_broken_link_written_by_a_template_is_caught() {
    let out = problems(&format!(
        "{COMPANY_A}=== templates/entry.html\n{{% extends \"base.html\" %}}{{% block content %}}<a href=\"{{{{ root }}}}nowhere/\">x</a>{{% endblock content %}}\n"
    ));
    assert!(
        out.contains("broken link `../../nowhere/`: no page `nowhere/index.html` is written (on `companies/acme/index.html`)"),
        "{out}"
    );
    assert!(
        out.contains("the link is written by template `entry.html`"),
        "{out}"
    );
    assert!(
        !out.contains("content/companies/acme.md"),
        "a template's link is not blamed on the content: {out}"
    );
}

#[test]
fn a_broken_markdown_link_names_the_content_file() {
    let out = problems("=== content/notes/n.md\n+++\ntitle = \"N\"\n+++\n[gone](../missing/#x)\n");
    assert!(out.contains("content/notes/n.md"), "{out}");
    assert!(out.contains("broken link `../missing/#x`"), "{out}");
}

#[test]
fn a_broken_link_is_reported_where_it_is_written_and_only_there() {
    // `summary = "x"` above `src="x"` was blamed for it; the print edition, which shows
    // the body too, blamed `templates/print.html` for the same link.
    let out = problems(
        "=== content/notes/n.md\n+++\ntitle = \"N\"\nsummary = \"x\"\n+++\nText <img src=\"x\" alt=\"\"> and [y](y).\n",
    );
    assert!(out.contains("content/notes/n.md:5:16"), "{out}");
    assert!(out.contains("content/notes/n.md:5:35"), "{out}");
    assert!(!out.contains("summary = "), "{out}");
    assert!(!out.contains("notes/n/y` is written (on"), "{out}");
}

#[test]
fn a_language_code_written_with_escapes_is_reported_at_its_line_and_shown_escaped() {
    let out = problems(
        "=== site.toml\ntitle = \"T\"\nbase_url = \"https://example.test/\"\nlanguages = [\"en\", \"x\\ny\"]\n",
    );
    assert!(out.contains("site.toml:3:"), "{out}");
    assert!(
        out.contains(r#"error: "x\ny" is not a language code"#),
        "{out}"
    );
}

#[test]
fn non_utf8_and_empty_files_are_reported() {
    let dir = crate::dossier_from("=== content/notes/empty.md\n");
    std::fs::write(
        dir.path().join("content/notes/latin1.md"),
        b"+++\ntitle = \"caf\xe9\"\n+++\n",
    )
    .unwrap();
    let report = dossier::compile(&crate::options(dir.path())).unwrap_err();
    let out = report.render(false);
    assert!(
        out.contains("content/notes/latin1.md` is not valid UTF-8"),
        "{out}"
    );
    assert!(out.contains("the file is empty"), "{out}");
}

#[test]
fn every_problem_inside_one_front_matter_is_reported() {
    let lines = short_problems(
        "=== content/companies/a.md\n+++\nnmae = \"A\"\nfounded = 1999\n\
         leaders = [{ person = \"x\", rol = \"CEO\" }]\nwebsite = 3\n\
         facts = [{ label = \"a\", value = \"b\", status = \"maybe\" }]\n+++\n",
    );
    let expected = [
        "content/companies/a.md:2:1: `nmae` is not a key here",
        "content/companies/a.md:3:11: expected a date: 2023-01-23 (a TOML date), or \"2023-02\" or \"2023\" (a string); write the year as a string: \"1999\"",
        // What can be read of a broken front matter is still checked.
        "content/companies/a.md:4:23: no person with slug `x`",
        "content/companies/a.md:4:28: `rol` is not a key here",
        "content/companies/a.md:5:11: this is the whole number 3, but text in double quotes belongs here",
        "content/companies/a.md:6:47: `maybe` is not a status",
    ];
    assert_eq!(
        lines, expected,
        "a misspelt key is not also reported missing"
    );
}

#[test]
fn toml_syntax_errors_point_at_the_spot() {
    let lines = short_problems("=== content/notes/n.md\n+++\ntitle = \"N\nother = 1\n+++\n");
    assert_eq!(lines.len(), 1, "{lines:#?}");
    assert!(lines[0].starts_with("content/notes/n.md:2:"), "{lines:#?}");
}

#[test]
fn toml_syntax_and_type_errors_say_how_to_write_the_value() {
    let out = problems(
        "=== content/notes/n.md\n+++\ntitle = \"N\nother = 1\n+++\n\
         === content/companies/acme.md\n+++\nname = 42\naliases = \"A\"\n+++\n\
         === content/glossary/t.md\n+++\nterm = \"T\"\ndraft = \"no\"\n+++\n",
    );
    assert!(
        out.contains("help: write one `key = value` per line, with text in double quotes"),
        "{out}"
    );
    assert!(
        out.contains("help: put the text in double quotes: `key = \"…\"`"),
        "{out}"
    );
    assert!(out.contains("help: write a list in brackets"), "{out}");
    assert!(
        out.contains("help: write `true` or `false`, without quotes"),
        "{out}"
    );
}

#[test]
fn a_file_with_front_matter_problems_still_has_its_links_checked() {
    let lines =
        short_problems("=== content/notes/n.md\n+++\ntitle = \"N\"\nfoo = 1\n+++\n[[zzz]]\n");
    assert_eq!(
        lines,
        [
            "content/notes/n.md:3:1: `foo` is not a key here",
            "content/notes/n.md:5:1: unknown link target `[[zzz]]`"
        ]
    );
}

#[test]
fn a_missing_key_in_a_second_table_is_not_hidden_by_the_first() {
    let lines = short_problems(&format!(
        "{COMPANY_A}=== content/people/p.md\n+++\nname = \"P\"\nroles = [{{ org = \"acme\", title = 5 }}, {{ org = \"acme\" }}]\n+++\n"
    ));
    assert_eq!(lines.len(), 2, "{lines:#?}");
    assert!(
        lines[0].contains("this is the whole number 5, but text in double quotes belongs here"),
        "{lines:#?}"
    );
    assert!(
        lines[1].contains("the required key `title` is missing"),
        "{lines:#?}"
    );
}

#[test]
fn template_and_content_problems_are_reported_together() {
    let lines = short_problems(
        "=== templates/entry.html\n{% if %}\n=== content/notes/n.md\n+++\ntitle = \"N\"\n+++\n[[nowhere]]\n",
    );
    assert!(
        lines
            .iter()
            .any(|l| l.starts_with("templates/entry.html:1:")),
        "{lines:#?}"
    );
    assert!(
        lines.iter().any(|l| l.contains("[[nowhere]]")),
        "{lines:#?}"
    );
}

#[test]
fn a_static_file_cannot_replace_a_page() {
    let out = problems("=== static/index.html\n<p>mine</p>\n");
    assert!(
        out.contains("`static/index.html` would replace the page `index.html`"),
        "{out}"
    );
}

#[test]
fn heading_ids_the_template_uses_are_refused() {
    let out = problems("=== content/notes/n.md\n+++\ntitle = \"N\"\n+++\n## Intro {#main}\n");
    assert!(out.contains("content/notes/n.md:4:1"), "{out}");
    assert!(
        out.contains("heading id `main` is used by the page template"),
        "{out}"
    );
}

#[test]
fn embeds_are_refused() {
    let lines = short_problems(&format!(
        "{COMPANY_A}=== content/notes/n.md\n+++\ntitle = \"N\"\n+++\n![[acme]]\n"
    ));
    assert_eq!(
        lines,
        ["content/notes/n.md:4:1: embedding an entry (`![[…]]`) is not supported"]
    );
}

#[test]
fn a_wikilink_fragment_must_be_a_heading_of_its_target() {
    let out = problems(
        "=== content/notes/a.md\n+++\ntitle = \"A\"\n+++\n## Funding rounds\n\n[[#nope]]\n\
         === content/notes/b.md\n+++\ntitle = \"B\"\n+++\nSee [[a#funding-round]] and [[a#funding-rounds]].\n",
    );
    assert!(out.contains("content/notes/a.md:6:1"), "{out}");
    assert!(out.contains("`a` has no heading with id `nope`"), "{out}");
    assert!(out.contains("content/notes/b.md:4:5"), "{out}");
    assert!(
        out.contains("help: did you mean `#funding-rounds`?"),
        "{out}"
    );
    assert_eq!(out.matches("error:").count(), 2, "{out}");
}

#[test]
fn a_bad_base_url_flag_is_explained() {
    let dir = crate::dossier_from("=== content/notes/a.md\n+++\ntitle = \"A\"\n+++\n");
    let mut options = crate::options(dir.path());
    options.base_url = Some("not a url".into());
    let out = dossier::compile(&options).unwrap_err().render(false);
    assert!(
        out.contains("--base-url: `not a url` is not an absolute http(s) URL"),
        "{out}"
    );
    assert_eq!(out.matches("error:").count(), 1, "{out}");
}

#[test]
fn a_parent_cycle_is_reported_once() {
    let out = problems(
        "=== content/companies/a.md\n+++\nname = \"A\"\nparent = \"b\"\n+++\n\
         === content/companies/b.md\n+++\nname = \"B\"\nparent = \"c\"\n+++\n\
         === content/companies/c.md\n+++\nname = \"C\"\nparent = \"a\"\n+++\n",
    );
    assert_eq!(out.matches("forms a cycle").count(), 1, "{out}");
}

#[test]
fn each_parent_cycle_is_reported_once_and_chains_into_one_are_not_cycles() {
    let company = |slug: &str, parent: &str| {
        format!(
            "=== content/companies/{slug}.md\n+++\nname = \"{slug}\"\nparent = \"{parent}\"\n+++\n"
        )
    };
    let spec: String = [
        ("g", "a"),
        ("a", "b"),
        ("b", "a"),
        ("c", "e"),
        ("e", "d"),
        ("d", "e"),
        ("f", "f"),
        ("h", "c"),
    ]
    .iter()
    .map(|(slug, parent)| company(slug, parent))
    .collect();
    let out = problems(&spec);
    assert_eq!(out.matches("forms a cycle").count(), 3, "{out}");
    let a = out.find("forms a cycle: a → b → a").expect(&out);
    let d = out.find("forms a cycle: d → e → d").expect(&out);
    let f = out.find("forms a cycle: f → f").expect(&out);
    assert!(a < d && d < f, "{out}");
    assert!(out.contains("content/companies/d.md:3:10"), "{out}");
}

#[test]
fn an_entry_cannot_name_itself() {
    let lines =
        short_problems("=== content/glossary/t.md\n+++\nterm = \"T\"\nrelated = [\"t\"]\n+++\n");
    assert_eq!(lines, ["content/glossary/t.md:3:12: `t` refers to itself"]);
}

#[test]
fn impossible_dates_blank_names_and_non_web_urls_are_refused() {
    let lines = short_problems(
        "=== content/companies/a.md\n+++\nname = \" \"\nfounded = \"2023-02-30\"\nwebsite = \"javascript:alert(1)\"\naliases = [\"\"]\n+++\n",
    );
    assert_eq!(lines.len(), 3, "{lines:#?}");
    assert!(lines[0].contains("this text is empty"), "{lines:#?}");
    assert!(
        lines[1].contains("`2023-02-30` is not a valid date"),
        "{lines:#?}"
    );
    assert!(
        lines[2].contains("`javascript:alert(1)` is not a web address"),
        "{lines:#?}"
    );
    let lines =
        short_problems("=== content/companies/a.md\n+++\nname = \"A\"\naliases = [\"\"]\n+++\n");
    assert_eq!(lines, ["content/companies/a.md:3:12: empty alias"]);
}

#[test]
fn a_file_name_in_another_script_gets_useful_advice() {
    let out = problems("=== content/notes/日本.md\n+++\ntitle = \"N\"\n+++\n");
    assert!(
        out.contains("name the file with lowercase Latin letters"),
        "{out}"
    );
}

#[test]
fn a_link_to_a_draft_by_name_says_it_is_a_draft() {
    let site = crate::site(
        "=== content/notes/d.md\n+++\ntitle = \"Secret plan\"\ndraft = true\n+++\n\
         === content/notes/n.md\n+++\ntitle = \"N\"\n+++\n[[Secret Plan]]\n",
    );
    let out = site.warnings.render(false);
    assert!(out.contains("until `d` is published"), "{out}");
}

#[test]
fn an_empty_front_matter_is_reported_at_its_start() {
    let lines = short_problems("=== content/notes/n.md\n+++\n+++\n");
    assert_eq!(
        lines,
        ["content/notes/n.md:1:1: the required key `title` is missing"]
    );
}

#[test]
fn two_broken_files_with_one_slug_are_duplicates() {
    let lines = short_problems("=== content/notes/x.md\n+++\n=== content/people/x.md\n+++\n");
    assert!(
        lines.iter().any(|l| l.contains("duplicate slug `x`")),
        "{lines:#?}"
    );
}

#[test]
fn a_template_render_error_is_reported_once_for_every_page_it_breaks() {
    let out = problems(
        "=== content/notes/a.md\n+++\ntitle = \"A\"\n+++\n=== content/notes/b.md\n+++\ntitle = \"B\"\n+++\n\
         === templates/entry.html\n{% extends \"base.html\" %}{% block content %}{{ entry.nope.deeper }}{% endblock content %}\n",
    );
    assert_eq!(out.matches("error:").count(), 1, "{out}");
    assert!(
        out.contains(
            "template `entry.html` failed while rendering `content/notes/a.md` and 1 other page"
        ),
        "{out}"
    );
}

#[test]
fn a_render_error_in_a_macro_names_the_macro_file() {
    let out = problems(
        "=== content/notes/a.md\n+++\ntitle = \"A\"\n+++\n\
         === templates/macros.html\n{% macro cards(items) %}{{ items.nope.deeper }}{% endmacro cards %}\n\
         {% macro status(status) %}{% endmacro status %}{% macro links(items) %}{% endmacro links %}\
         {% macro infobox(rows) %}{% endmacro infobox %}{% macro deal_table(deals, caption, id) %}{% endmacro deal_table %}\n",
    );
    assert!(
        out.contains("template `macros.html` failed while rendering the page `notes/index.html`"),
        "{out}"
    );
}

#[test]
fn curly_quotes_are_named_only_where_they_stand_for_quotes() {
    let lines = short_problems("=== content/notes/n.md\n+++\ntitle = “N”\n+++\n");
    assert_eq!(
        lines,
        [
            "content/notes/n.md:2:9: `“` is a curly quotation mark, which TOML does not read as a quote"
        ]
    );
    // An apostrophe inside text is text: the problem here is the missing `"`.
    let lines = short_problems("=== content/notes/n.md\n+++\ntitle = \"L’investissement\n+++\n");
    assert_eq!(lines.len(), 1, "{lines:#?}");
    assert!(lines[0].contains("is not closed"), "{lines:#?}");
}
