//! The catalogue of docs/errors.md, case by case, as a user sees it: `dossier check`
//! run in the dossier's folder, its whole stderr and exit code kept in one snapshot.
//! A change to any message shows up here as a diff to review.

use std::fmt::Write as _;
use std::path::Path;
use std::process::Command;

use crate::{ACME, check_in, dossier_from};

/// One case: a name, the files of the dossier, what to change after writing them,
/// and the exit code (1 for an error; 0 for a warning, which does not stop `check`).
struct Case {
    name: &'static str,
    files: String,
    then: fn(&Path),
    exit: i32,
}

fn case(name: &'static str, files: &str) -> Case {
    Case {
        name,
        files: format!("{ACME}{files}"),
        then: |_| {},
        exit: 1,
    }
}

/// A case whose problem is a warning: `check` shows it and exits 0.
fn warning(name: &'static str, files: &str) -> Case {
    Case {
        exit: 0,
        ..case(name, files)
    }
}

/// A source, `s`, with these keys after its title and publisher.
fn source(keys: &str) -> String {
    format!("=== content/sources/s.md\n+++\ntitle = \"S\"\npublisher = \"P\"\n{keys}+++\n")
}

fn note(body: &str) -> String {
    format!("=== content/notes/n.md\n+++\ntitle = \"N\"\n+++\n{body}\n")
}

fn cases() -> Vec<Case> {
    vec![
        case(
            "malformed TOML",
            "=== content/notes/n.md\n+++\ntitle = \"N\n+++\n",
        ),
        case(
            "missing closing +++",
            "=== content/notes/n.md\n+++\ntitle = \"N\"\n\nBody.\n",
        ),
        case(
            "no front matter",
            "=== content/notes/n.md\n# Just a heading\n",
        ),
        case(
            "YAML front matter",
            "=== content/notes/n.md\n---\ntitle: N\n---\nBody.\n",
        ),
        case(
            "curly quotation marks",
            "=== content/notes/n.md\n+++\ntitle = “N”\n+++\n",
        ),
        case(
            "a date that does not exist",
            "=== content/notes/n.md\n+++\ntitle = \"N\"\ndate = 2024-02-30\n+++\n",
        ),
        case(
            "a whole number written with an exponent",
            "=== content/companies/beta.md\n+++\nname = \"Beta\"\n+++\n=== content/deals/d.md\n+++\ntitle = \"D\"\ninvestor = \"acme\"\nrecipient = \"beta\"\nmade = \"2023\"\namount = { value = 24.3e9, currency = \"USD\" }\n+++\n",
        ),
        case(
            "a currency code in lower case",
            "=== content/companies/beta.md\n+++\nname = \"Beta\"\n+++\n=== content/deals/d.md\n+++\ntitle = \"D\"\ninvestor = \"acme\"\nrecipient = \"beta\"\nmade = 2023\namount = { value = 5, currency = \"gbp\" }\n+++\n",
        ),
        case(
            "languages as a list and as tables",
            "=== site.toml\ntitle = \"T\"\nbase_url = \"https://example.org/\"\nlanguages = [\"en\", \"fr\"]\n[languages.en.strings]\nnav_home = \"Start\"\n",
        ),
        case(
            "a wikilink cut by a table cell",
            &note("| A | B |\n|---|---|\n| [[acme|Acme]] | x |"),
        ),
        case(
            "unknown key",
            "=== content/notes/n.md\n+++\ntitel = \"N\"\n+++\n",
        ),
        case(
            "wrong type",
            "=== content/companies/b.md\n+++\nname = 42\naliases = \"B\"\n+++\n",
        ),
        case(
            "missing required key",
            "=== content/companies/b.md\n+++\nsummary = \"x\"\n+++\n",
        ),
        case(
            "reference to a missing slug",
            "=== content/products/p.md\n+++\nname = \"P\"\nmaker = \"acem\"\n+++\n",
        ),
        case(
            "reference to the wrong kind",
            "=== content/products/p.md\n+++\nname = \"P\"\nmaker = \"p\"\n+++\n",
        ),
        case("unknown wikilink", &note("See [[acem]].")),
        case(
            "unknown citation target",
            &note("As reported [@ft-2023, p. 2]."),
        ),
        case(
            "ambiguous [[Name]]",
            &format!(
                "=== content/people/acme-founder.md\n+++\nname = \"Acme\"\n+++\n{}",
                note("See [[Acme]].")
            ),
        ),
        case(
            "duplicate slug",
            "=== content/people/acme.md\n+++\nname = \"Acme\"\n+++\n",
        ),
        case(
            "invalid file name",
            "=== content/companies/Big Corp.md\n+++\nname = \"Big Corp\"\n+++\n",
        ),
        case(
            "parent cycle",
            "=== content/companies/a.md\n+++\nname = \"A\"\nparent = \"b\"\n+++\n\
             === content/companies/b.md\n+++\nname = \"B\"\nparent = \"a\"\n+++\n",
        ),
        Case {
            name: "non-UTF-8 file",
            files: ACME.to_owned(),
            then: |root| {
                std::fs::write(
                    root.join("content/companies/bad.md"),
                    b"+++\nname = \"Caf\xe9\"\n+++\n",
                )
                .unwrap();
            },
            exit: 1,
        },
        case("empty file", "=== content/notes/empty.md\n"),
        case(
            "image without alt text",
            &format!(
                "{}=== content/notes/chart.png\npng\n",
                note("![](chart.png)")
            ),
        ),
        case(
            "image of static/ written as if beside the text",
            &format!(
                "{}=== static/images/logo.png\npng\n",
                note("![The logo](images/logo.png)")
            ),
        ),
        case(
            "image that names no file",
            &note("Text.\n\n![A chart](chart.png) and ![A map](/maps/europe.svg)"),
        ),
        case(
            "link to a file that is not there",
            &note("Read [the filing](filings/10-k.pdf)."),
        ),
        case(
            "file and bundle with one slug",
            "=== content/notes/reviews.md\n+++\ntitle = \"R\"\n+++\n\
             === content/notes/reviews/index.md\n+++\ntitle = \"R\"\n+++\n",
        ),
        case(
            "Markdown file ending in .MD",
            "=== content/notes/Reviews.MD\n+++\ntitle = \"R\"\n+++\n",
        ),
        Case {
            name: "missing site.toml",
            files: ACME.to_owned(),
            then: |root| std::fs::remove_file(root.join("site.toml")).unwrap(),
            exit: 1,
        },
        case("malformed site.toml", "=== site.toml\ntitle = Test\n"),
        case(
            "output_dir outside the dossier",
            "=== site.toml\ntitle = \"T\"\nbase_url = \"https://example.test/\"\noutput_dir = \"../site\"\n",
        ),
        case(
            "broken template override",
            "=== templates/entry.html\n{% extends \"base.html\" %}\n{% block content %}\n{{ entry.name \n{% endblock content %}\n",
        ),
        case(
            "template that includes itself",
            "=== templates/entry.html\n<main>{% include \"entry.html\" %}</main>\n",
        ),
        case(
            "macro that calls itself every time",
            "=== templates/extra.html\n{% macro tree(n) %}\n<li>{{ self::tree(n=n) }}</li>\n{% endmacro %}\n",
        ),
        case(
            "macro that recurses without end",
            "=== templates/extra.html\n{% macro tree(n) %}{% if n %}<li>{{ self::tree(n=n) }}</li>{% endif %}{% endmacro %}\n\
             === templates/entry.html\n{% extends \"base.html\" %}{% import \"extra.html\" as e %}\
             {% block content %}{{ e::tree(n=1) }}{% endblock content %}\n",
        ),
        case(
            "static file in place of a generated one",
            "=== static/feed.xml\n<feed/>\n",
        ),
        case(
            "cname that is not a domain name",
            "=== site.toml\ntitle = \"T\"\nbase_url = \"https://example.test/\"\ncname = \"https://example.test/x\"\n",
        ),
        case(
            "language that is not a language tag",
            "=== content/sources/s.md\n+++\ntitle = \"S\"\npublisher = \"P\"\nlanguage = \"en_US\"\n+++\n",
        ),
        Case {
            name: "missing content folder",
            files: String::new(),
            then: |root| std::fs::remove_dir_all(root.join("content")).unwrap(),
            exit: 1,
        },
        Case {
            name: "symlink loop",
            files: ACME.to_owned(),
            then: |root| {
                #[cfg(unix)]
                std::os::unix::fs::symlink("loop", root.join("content/companies/loop")).unwrap();
            },
            exit: 1,
        },
        Case {
            name: "symbolic link at the top of the dossier",
            files: ACME.to_owned(),
            then: |root| {
                #[cfg(unix)]
                std::os::unix::fs::symlink("/etc", root.join("static")).unwrap();
            },
            exit: 1,
        },
        Case {
            name: "file over the size limit",
            files: ACME.to_owned(),
            then: |root| {
                std::fs::File::create(root.join("content/companies/dump.md"))
                    .unwrap()
                    .set_len(20 << 20)
                    .unwrap();
            },
            exit: 1,
        },
        Case {
            name: "named pipe in content",
            files: ACME.to_owned(),
            then: |root| {
                let made = Command::new("mkfifo")
                    .arg(root.join("content/companies/pipe.md"))
                    .status()
                    .unwrap();
                assert!(made.success());
            },
            exit: 1,
        },
        case(
            "not a collection",
            "=== content/companys/b.md\n+++\nname = \"B\"\n+++\n",
        ),
        case(
            "reported deal without a source",
            "=== content/companies/b.md\n+++\nname = \"B\"\n+++\n\
             === content/deals/d.md\n+++\ntitle = \"D\"\ninvestor = \"acme\"\nrecipient = \"b\"\n\
             announced = 2023-02-03\nstatus = \"reported\"\n+++\n",
        ),
        case(
            "deal role the kind does not have",
            &deal(
                "kind = \"acquisition\"\ninvestor = \"acme\"\ntarget = \"b\"\nannounced = 2020-09-13\n",
            ),
        ),
        case(
            "deal without a role its kind needs",
            &deal("kind = \"acquisition\"\nacquirer = \"acme\"\nannounced = 2020-09-13\n"),
        ),
        case(
            "deal without a date",
            &deal("investor = \"acme\"\nrecipient = \"b\"\n"),
        ),
        case(
            "deal that ends before it began",
            &deal(
                "kind = \"acquisition\"\nacquirer = \"acme\"\ntarget = \"b\"\nannounced = 2020-09-13\n\
                 outcome = { state = \"terminated\", date = 2019-02-08 }\n",
            ),
        ),
        case(
            "range with min above max",
            &deal(
                "investor = \"acme\"\nrecipient = \"b\"\nannounced = 2023-02-03\n\
                 amount = { min = 40_000_000_000, max = 35_000_000_000, currency = \"USD\" }\n",
            ),
        ),
        case(
            "computed figure given a status",
            &deal(
                "investor = \"acme\"\nrecipient = \"b\"\nannounced = 2023-02-03\n\
                 facts = [{ label = \"Implied valuation\", value = \"$3 billion\", derived = true, status = \"confirmed\" }]\n",
            ),
        ),
        case(
            "unknown kind of deal",
            &deal(
                "kind = \"buyout\"\nacquirer = \"acme\"\ntarget = \"b\"\nannounced = 2023-02-03\n",
            ),
        ),
        case(
            "unknown outcome",
            &deal(
                "kind = \"acquisition\"\nacquirer = \"acme\"\ntarget = \"b\"\nannounced = 2023-02-03\n\
                 outcome = \"failed\"\n",
            ),
        ),
        case(
            "outcome written as a status",
            &deal(
                "kind = \"acquisition\"\nacquirer = \"acme\"\ntarget = \"b\"\nannounced = 2023-02-03\n\
                 status = \"completed\"\n",
            ),
        ),
        case(
            "reported amount without a source",
            &deal(
                "investor = \"acme\"\nrecipient = \"b\"\nannounced = 2023-02-03\n\
                 amount = { value = 300_000_000, currency = \"USD\", status = \"reported\" }\n",
            ),
        ),
        case(
            "relays that loop",
            "=== content/sources/a.md\n+++\ntitle = \"A\"\npublisher = \"P\"\nrelays = [\"b\"]\n+++\n\
             === content/sources/b.md\n+++\ntitle = \"B\"\npublisher = \"Q\"\nrelays = [\"a\"]\n+++\n",
        ),
        case(
            "quote with no speaker",
            &person("quotes = [{ text = \"We are glad.\", source = \"s\", by = [] }]\n"),
        ),
        case(
            "quote said by a source",
            &person("quotes = [{ text = \"We are glad.\", source = \"s\", by = \"s\" }]\n"),
        ),
        case(
            "quote relayed by its own source",
            &person("quotes = [{ text = \"We are glad.\", source = \"s\", via = [\"s\"] }]\n"),
        ),
        case(
            "translation in the language of the quote",
            &person(
                "quotes = [{ text = \"We are glad.\", lang = \"en\", source = \"s\", \
                 translations = [{ text = \"We are happy.\", lang = \"en\", source = \"s\" }] }]\n",
            ),
        ),
        case(
            "quote marked paraphrase the old way",
            &person("quotes = [{ text = \"We are glad.\", source = \"s\", paraphrase = true }]\n"),
        ),
        case(
            "unknown form of quote",
            &person(
                "quotes = [{ text = \"We are glad.\", source = \"s\", form = \"indirect\" }]\n",
            ),
        ),
        warning(
            "confirmed from the press alone",
            "=== content/sources/s.md\n+++\ntitle = \"S\"\npublisher = \"P\"\n+++\n\
             === content/companies/b.md\n+++\nname = \"B\"\n\
             founded = { value = \"2021\", status = \"confirmed\", sources = [\"s\"] }\n+++\n",
        ),
        case(
            "reported value without a source of its own",
            "=== content/companies/b.md\n+++\nname = \"B\"\n\
             headquarters = { value = \"Paris\", status = \"reported\" }\n+++\n",
        ),
        case(
            "value table without a value",
            "=== content/companies/b.md\n+++\nname = \"B\"\nfounded = { sources = [] }\n+++\n",
        ),
        case(
            "source reference with an unknown key",
            "=== content/sources/s.md\n+++\ntitle = \"S\"\npublisher = \"P\"\n+++\n\
             === content/companies/b.md\n+++\nname = \"B\"\n\
             sources = [{ source = \"s\", page = \"3\" }]\n+++\n",
        ),
        case(
            "history out of date order",
            &format!(
                "{SOURCE_S}=== content/companies/b.md\n+++\nname = \"B\"\n\
                 facts = [{{ label = \"Funding\", value = \"$4m\", status = \"confirmed\", sources = [\"s\"], history = [\n\
                 {{ status = \"reported\", date = 2022-11-03, sources = [\"s\"], value = \"$3m\" }},\n\
                 {{ status = \"rumoured\", date = 2022-09-10, sources = [\"s\"] }},\n] }}]\n+++\n"
            ),
        ),
        case(
            "history step dated after the current state",
            &format!(
                "{SOURCE_S}=== content/companies/b.md\n+++\nname = \"B\"\n\
                 facts = [{{ label = \"Funding\", value = \"$4m\", status = \"confirmed\", sources = [\"s\"], history = [\n\
                 {{ status = \"reported\", date = 2023-06-01, sources = [\"s\"], value = \"$3m\" }},\n] }}]\n+++\n"
            ),
        ),
        case(
            "reported history step without a source",
            &deal(
                "investor = \"acme\"\nrecipient = \"b\"\nannounced = 2023-02-03\n\
                 status = \"confirmed\"\nhistory = [{ status = \"reported\", date = 2023-01-10 }]\n",
            ),
        ),
        case(
            "history step that changes nothing",
            &format!(
                "{SOURCE_S}=== content/companies/b.md\n+++\nname = \"B\"\n\
                 facts = [{{ label = \"Funding\", value = \"$4m\", status = \"reported\", sources = [\"s\"], history = [\n\
                 {{ status = \"reported\", date = 2022-11-03, sources = [\"s\"] }},\n] }}]\n+++\n"
            ),
        ),
        case(
            "history of a computed figure",
            &deal(
                "investor = \"acme\"\nrecipient = \"b\"\nannounced = 2023-02-03\n\
                 facts = [{ label = \"Implied valuation\", value = \"$3 billion\", derived = true, history = [{ status = \"rumoured\", date = 2023-01-10 }] }]\n",
            ),
        ),
        case(
            "amount with its own status in a history step",
            &format!(
                "{SOURCE_S}{}",
                deal(
                    "investor = \"acme\"\nrecipient = \"b\"\nannounced = 2023-02-03\n\
                     status = \"confirmed\"\nsources = [\"s\"]\nhistory = [{ status = \"reported\", date = 2023-01-10, sources = [\"s\"], \
                     amount = { value = 3_000_000, currency = \"USD\", status = \"reported\" } }]\n",
                )
            ),
        ),
        case(
            "translated history of another length",
            &format!(
                "{BILINGUAL}{SOURCE_S}=== content/companies/b.md\n+++\nname = \"B\"\n\
                 facts = [{{ label = \"Funding\", value = \"$4m\", status = \"confirmed\", sources = [\"s\"], history = [\n\
                 {{ status = \"reported\", date = 2022-11-03, sources = [\"s\"], value = \"$3m\" }},\n] }}]\n+++\n\
                 === content/companies/b.fr.md\n+++\nfacts = [{{ value = \"4 M$\", history = [{{ value = \"3 M$\" }}, {{}}] }}]\n+++\n"
            ),
        ),
        case(
            "translated history that changes a step",
            &format!(
                "{BILINGUAL}{SOURCE_S}=== content/companies/b.md\n+++\nname = \"B\"\n\
                 facts = [{{ label = \"Funding\", value = \"$4m\", status = \"confirmed\", sources = [\"s\"], history = [\n\
                 {{ status = \"reported\", date = 2022-11-03, sources = [\"s\"], value = \"$3m\" }},\n] }}]\n+++\n\
                 === content/companies/b.fr.md\n+++\nfacts = [{{ value = \"4 M$\", history = [{{ status = \"rumoured\", value = \"\" }}] }}]\n+++\n"
            ),
        ),
        case("undefined footnote", &note("A claim.[^1]")),
        case(
            "translation that contradicts a fact",
            &format!(
                "{BILINGUAL}=== content/companies/b.md\n+++\nname = \"B\"\nfounded = \"2021\"\n+++\n\
                 === content/companies/b.fr.md\n+++\nfounded = \"2020\"\nsumary = \"x\"\n+++\n"
            ),
        ),
        case(
            "translation into a language the dossier does not publish",
            "=== content/companies/acme.de.md\n+++\nsummary = \"Eine Firma.\"\n+++\n",
        ),
        case(
            "translation of a file that does not exist",
            &format!("{BILINGUAL}=== content/companies/acne.fr.md\n+++\n+++\n"),
        ),
        case(
            "control characters and a very long line",
            &note(&format!(
                "{}\u{1b}[31m\u{7} See [[acem]].\r {}",
                "a ".repeat(100),
                "b".repeat(300)
            )),
        ),
        case(
            "unknown interface string",
            "=== site.toml\ntitle = \"T\"\nbase_url = \"https://example.test/\"\n\
             [languages.fr.strings]\nnav_hom = \"Accueil\"\n",
        ),
        case(
            "script link in a body",
            &note("[Click](javascript:alert(1)) and [this](java&#x09;script:x)."),
        ),
        case(
            "data: image in a body",
            &note("![A chart](data:image/png;base64,AAAA)"),
        ),
        case(
            "script address in raw HTML",
            &note("<a href=\"javascript:alert(1)\">Click</a>"),
        ),
        case(
            "private note never closed",
            &note("Public. %% private, never closed\n\nMore."),
        ),
        case("comment never closed", &note("Public. <!-- private")),
        case(
            "citation with an empty quote",
            &format!(
                "{}{}",
                source("url = \"https://example.test/s\"\n"),
                note("As said [@s, p. 2, \"\"].")
            ),
        ),
        warning(
            "citation quoting a source with no url",
            &format!("{}{}", source(""), note("As said [@s, \"the words\"].")),
        ),
        warning(
            "source retrieved before it was published",
            &source("date = 2023-02-03\nretrieved = 2023-01-15\n"),
        ),
        warning(
            "links to drafts",
            &format!(
                "{}=== content/companies/b.md\n+++\nname = \"B\"\ndraft = true\n+++\n\
                 === content/deals/d.md\n+++\ntitle = \"D\"\ninvestor = \"b\"\nrecipient = \"acme\"\nmade = \"2023\"\n+++\n\
                 B, a draft, invests in [[acme]]: see [[b]] [@s].\n",
                source("draft = true\n")
            ),
        ),
        warning(
            "scaffold text left in a published entry",
            "=== content/notes/n.md\n+++\n# dossier new: a draft, left out of the site until you delete `draft = true`.\n\
             title = \"N\"\n+++\n\n%% dossier new: write here, in place of this private note, which is never published. %%\n",
        ),
        case(
            "old slug that is a live slug",
            "=== content/companies/b.md\n+++\nname = \"B\"\nold_slugs = [\"acme\", \"Old Name\"]\n+++\n",
        ),
        case(
            "link to the old slug of a renamed entry",
            "=== content/companies/b.md\n+++\nname = \"B\"\nold_slugs = [\"bee\"]\n+++\n\
             === content/companies/c.md\n+++\nname = \"C\"\nparent = \"bee\"\n+++\nSee [[bee]].\n",
        ),
    ]
}

/// A deal, `d`, between `acme` and a second company, `b`, with these keys after its
/// title.
fn deal(keys: &str) -> String {
    format!(
        "=== content/companies/b.md\n+++\nname = \"B\"\n+++\n\
         === content/deals/d.md\n+++\ntitle = \"D\"\n{keys}+++\n"
    )
}

/// A person, `p`, with these keys after their name, and a source, `s`.
fn person(keys: &str) -> String {
    format!(
        "=== content/sources/s.md\n+++\ntitle = \"S\"\npublisher = \"P\"\n+++\n\
         === content/people/p.md\n+++\nname = \"P\"\n{keys}+++\n"
    )
}
/// A source, `s`, dated 1 March 2023.
const SOURCE_S: &str =
    "=== content/sources/s.md\n+++\ntitle = \"S\"\npublisher = \"P\"\ndate = 2023-03-01\n+++\n";

/// A site.toml publishing English and French.
const BILINGUAL: &str = "=== site.toml\ntitle = \"T\"\nbase_url = \"https://example.test/\"\nlanguages = [\"en\", \"fr\"]\n";

#[test]
fn every_case_of_the_catalogue_says_where_and_how_to_fix_it() {
    let mut all = String::new();
    for case in cases() {
        let dir = dossier_from(&case.files);
        (case.then)(dir.path());
        let out = check_in(dir.path());
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(
            out.status.code(),
            Some(case.exit),
            "{}: {stderr}",
            case.name
        );
        assert!(
            stderr.contains("help:"),
            "{} has no help:\n{stderr}",
            case.name
        );
        writeln!(all, "### {}\n{stderr}", case.name).unwrap();
    }
    insta::assert_snapshot!(all);
}
