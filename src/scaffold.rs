//! Scaffolding: `dossier init` writes a new dossier that builds at once, with a GitHub
//! Pages workflow that publishes it with this version of dossier; `dossier new` writes
//! one entry with the front matter of its kind. Neither ever overwrites a file.

use std::fs;
use std::path::{Path, PathBuf};

use anyhow::{Context as _, bail};

use crate::model::{Kind, SCAFFOLD_MARK, is_valid_slug, slugify};

/// The front matter and body of a new entry of `kind` titled `title`: a draft
/// (`draft = true`), its name and the keys it cannot do without, the others shown as
/// comments. Nothing in it names a slug, so it builds as it is, in any dossier.
pub fn skeleton(kind: Kind, title: &str) -> String {
    let title = toml_string(title);
    let front = match kind {
        Kind::Company => format!(
            "name = \"{title}\"\n# summary = \"One sentence: what it is and why it matters here.\"\n\
             # kind = \"AI research company\"\n# founded = \"2015\"\n# headquarters = \"San Francisco\"\n\
             # website = \"https://example.com\"\n# parent = \"company-slug\"\n\
             # leaders = [{{ person = \"person-slug\", role = \"CEO\", since = \"2019\" }}]\n\
             # products = [\"product-slug\"]\n# aliases = [\"Other name\"]\n# sources = [\"source-slug\"]\n"
        ),
        Kind::Person => format!(
            "name = \"{title}\"\n# summary = \"One sentence: who they are in this story.\"\n\
             # roles = [{{ org = \"company-slug\", title = \"CEO\", since = \"2019\" }}]\n\
             # quotes = [{{ text = \"Words as the source gives them\", lang = \"fr\", translation = \"In English\", source = \"source-slug\", date = 2023-01-23 }}]\n\
             # sources = [\"source-slug\"]\n"
        ),
        Kind::Product => format!(
            "name = \"{title}\"\n# summary = \"One sentence: what it is.\"\n\
             # maker = \"company-slug\"\n# kind = \"chatbot\"\n# launched = \"2022-11\"\n\
             # parameters = 52_000_000_000\n# based_on = \"product-slug\"\n# sources = [\"source-slug\"]\n"
        ),
        Kind::Deal => format!(
            "title = \"{title}\"\n# summary = \"One sentence: who paid whom, for what.\"\n\
             # {SCAFFOLD_MARK} name the parties by their slugs (remove the # before each key), and when it was made.\n\
             # kind = \"investment\"              # or acquisition, merger, partnership, commercial, licensing\n\
             # investor = \"company-slug\"        # or a list: [\"a\", \"b\"]\n\
             # recipient = \"company-slug\"\n\
             # acquisition: acquirer, target, seller; merger or partnership: parties = [\"a\", \"b\"];\n\
             # commercial: customer, supplier; licensing: licensee, licensor\n\
             # made = \"2023-02\"                # when it was made or agreed: 2023-02-03, \"2023-02\", \"2023\", \"late 2022\"\n\
             # announced = 2023-02-03            # when a party announced it\n\
             # first_reported = {{ date = 2023-02-03, sources = [\"source-slug\"] }}   # when the press first reported it\n\
             # first_disclosed = 2023-01-23      # when a party first made it known, after the fact\n\
             # outcome = {{ state = \"completed\", date = 2023-06-30 }}   # or pending, abandoned, terminated, blocked, withdrawn\n\
             # amount = {{ value = 300_000_000, currency = \"USD\", approximate = true }}   # or {{ min = …, max = …, currency = … }}, {{ label = \"multibillion\" }}, \"undisclosed\"\n\
             # stake = {{ value = 10, approximate = true }}   # or {{ min = 9, max = 11 }}\n\
             # compute = [{{ provider = \"company-slug\", service = \"Cloud name\", role = \"preferred\", status = \"confirmed\", sources = [\"source-slug\"] }}]\n\
             # terms = [\"What each side commits to\"]\n\
             # status = \"reported\"                # confirmed, reported, rumoured or denied\n\
             # sources = [\"source-slug\"]          # required when reported or rumoured\n\
             # history = [{{ status = \"rumoured\", date = 2023-01-10, sources = [\"source-slug\"] }}]   # earlier statuses, oldest first (a step may add the `amount` reported then)\n"
        ),
        Kind::Term => format!(
            "term = \"{title}\"\n# summary = \"One-sentence definition.\"\n\
             # aliases = [\"Other name\", \"Nom en français\"]\n# related = [\"term-slug\"]\n"
        ),
        Kind::Source => format!(
            "title = \"{title}\"\npublisher = \"Publisher\"  # {SCAFFOLD_MARK} write the publication's name, such as \"Financial Times\"\n\
             # author = \"Name\"\n# date = 2023-02-03\n# url = \"https://example.com/article\"\n\
             # retrieved = 2023-02-06  # the day you read it\n\
             # archive = \"https://web.archive.org/web/…\"  # a copy, for when the page is gone\n\
             # language = \"en\"\n# kind = \"news report\"\n"
        ),
        Kind::Page => format!(
            "title = \"{title}\"\n# summary = \"One sentence: what this page is for.\"\n\
             # menu = \"footer\"   # or \"header\": where every page links to it\n# order = 1\n"
        ),
        Kind::Note | Kind::Home | Kind::Article => format!(
            "title = \"{title}\"\n# summary = \"One sentence: what this note argues.\"\n# date = 2023-02-03\n# tags = [\"analysis\"]\n"
        ),
    };
    // The guidance is written as comments (`#`) and a private note (`%% … %%`): never
    // published. The entry is a draft, so nothing of it is published until its author
    // says so; `check` then warns about the guidance left in it.
    let body = match kind {
        Kind::Term => {
            format!("%% {SCAFFOLD_MARK} the definition, in a short paragraph or two. %%\n")
        }
        Kind::Source => {
            format!("%% {SCAFFOLD_MARK} what this source reports, in a sentence or two. %%\n")
        }
        _ => format!(
            "%% {SCAFFOLD_MARK} write here, in place of this private note, which is never published.\n\
             Link entries with [[slug]], cite sources with [@source-slug], annotate with notes[^1]\n\
             and give each note its text on a line of its own: [^1]: A note, shown in the margin. %%\n"
        ),
    };
    format!(
        "+++\n# {SCAFFOLD_MARK} a draft, left out of the site until you delete `draft = true`.\n\
         # Lines starting with # are never published: remove the # before a key to use it.\n\
         draft = true\n{front}+++\n\n{body}"
    )
}

/// Writes a new entry of `kind` titled `title` in the dossier at `root`, its slug
/// `slug` or made from the title (accents dropped: "Société" → "societe"). Refuses
/// when an entry already has its slug.
pub fn new_entry(
    root: &Path,
    kind: Kind,
    title: &str,
    slug: Option<&str>,
) -> anyhow::Result<PathBuf> {
    let slug = match slug {
        Some(slug) if !is_valid_slug(slug) => bail!(
            "`{slug}` is not a valid slug: use lowercase letters, digits and single hyphens, such as `{}`",
            Some(slugify(slug))
                .filter(|s| !s.is_empty())
                .unwrap_or_else(|| "my-entry".to_owned())
        ),
        Some(slug) => slug.to_owned(),
        None => slugify(title),
    };
    if slug == "index" || slug == "article" {
        bail!(
            "the slug `{slug}` belongs to the home page or the article: choose another with --slug"
        );
    }
    if slug.is_empty() {
        bail!(
            "cannot make a slug from this title: give one with --slug (lowercase Latin letters, digits and hyphens, such as --slug my-entry)"
        );
    }
    let content = root.join("content");
    if !content.is_dir() {
        bail!(
            "no content folder in `{}`: run `dossier new` in a dossier, or `dossier init` to start one",
            root.display()
        );
    }
    // An entry is a file (`slug.md`) or a folder with its files (`slug/index.md`), in
    // any collection or among the pages of one's own.
    for other in Kind::COLLECTIONS.into_iter().chain([Kind::Page]) {
        let folder = content.join(other.folder().unwrap_or_default());
        let file = folder.join(format!("{slug}.md"));
        let bundle = folder.join(&slug).join("index.md");
        if let Some(existing) = [file, bundle].into_iter().find(|p| p.exists()) {
            bail!(
                "`{}` already exists, and slugs are unique across the dossier: choose another slug with --slug, or edit that file",
                existing.display()
            );
        }
    }
    let folder = content.join(kind.folder().unwrap_or_default());
    fs::create_dir_all(&folder).with_context(|| format!("cannot create `{}`", folder.display()))?;
    let path = folder.join(format!("{slug}.md"));
    write_new(&path, &skeleton(kind, title))?;
    Ok(path)
}

/// `text` as the inside of a TOML basic string: backslashes, quotes and control
/// characters escaped, as the TOML spec asks.
fn toml_string(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => out.push_str(&format!("\\u{:04X}", c as u32)),
            c => out.push(c),
        }
    }
    out
}

/// Writes `text` to `path`, which must not exist yet.
fn write_new(path: &Path, text: &str) -> anyhow::Result<()> {
    use std::io::Write as _;
    let mut file = fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
        .with_context(|| format!("cannot create `{}`", path.display()))?;
    file.write_all(text.as_bytes())
        .with_context(|| format!("cannot write `{}`", path.display()))
}

/// The files of a new dossier: (path, text).
/// The starter note's chart, drawn by hand: two bars of the example's made-up figures.
const CLOUD_SHARE_SVG: &str = r##"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 480 200" width="480" height="200" font-family="sans-serif" font-size="14">
  <rect x="0" y="0" width="480" height="200" fill="#fff"/>
  <text x="10" y="50">Invested</text>
  <rect x="150" y="32" width="300" height="28" fill="#2b6cb0"/>
  <text x="440" y="51" fill="#fff" text-anchor="end">$100m</text>
  <text x="10" y="120">Back as cloud</text>
  <rect x="150" y="102" width="180" height="28" fill="#c05621"/>
  <text x="320" y="121" fill="#fff" text-anchor="end">$60m</text>
  <text x="10" y="180" fill="#555" font-size="12">Example figures, not real ones.</text>
</svg>
"##;

/// Example Labs' logo, for its `image` key: a circle and a letter.
const EXAMPLE_LABS_SVG: &str = r##"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 96 96" width="96" height="96">
  <circle cx="48" cy="48" r="46" fill="#2b6cb0"/>
  <text x="48" y="64" fill="#fff" font-family="sans-serif" font-size="48" font-weight="bold" text-anchor="middle">E</text>
</svg>
"##;

fn starter_files(title: &str) -> Vec<(String, String)> {
    let quoted = toml_string(title);
    let mut files = vec![
        (
            "site.toml".to_owned(),
            format!(
                "# The dossier's settings. Every key is described in dossier's docs/content.md.\n\
                 title = \"{quoted}\"\n\
                 description = \"An annotated dossier: who paid whom, for what, and what the jargon means.\"\n\
                 # The site's public address; GitHub Pages builds pass their own with --base-url.\n\
                 base_url = \"https://example.github.io/my-dossier/\"\n\
                 language = \"en\"\n\
                 # To publish in French too, list the languages and write translations beside\n\
                 # the entries (content/companies/example-labs.fr.md): see docs/languages.md.\n\
                 # languages = [\"en\", \"fr\"]\n\
                 # Raw HTML in the text is cleaned of scripts. Only if everyone who writes here\n\
                 # may run code on the site: trusted_html = true (dossier's docs/security.md).\n"
            ),
        ),
        (
            "content/index.md".to_owned(),
            format!(
                "+++\ntitle = \"{quoted}\"\nsummary = \"What this dossier is about, in one sentence.\"\n+++\n\n\
                 Start here: introduce the story in a few sentences, linking its actors, such as\n\
                 [[example-corp]] and [[example-labs]], and its key deal, [[example-corp-invests-in-example-labs]].\n"
            ),
        ),
        (
            "content/article.md".to_owned(),
            "+++\ntitle = \"The annotated article\"\nsource = \"example-report\"\nlanguage = \"en\"\n+++\n\n\
             Quote the source's key passages briefly, then annotate them[^1].\n\n\
             > \"Example Corp will invest in Example Labs.\"\n\n\
             [^1]: Reported by [[example-report|the example report]] [@example-report].\n"
                .to_owned(),
        ),
        (
            "README.md".to_owned(),
            format!(
                "# {title}\n\nAn annotated dossier, built with `dossier`.\n\n\
                 - `dossier serve`: preview the site at http://127.0.0.1:1111/ while you edit; it\n  rebuilds and reloads on every save.\n\
                 - `dossier check`: check every file; each problem is reported with its file and line.\n\
                 - `dossier build`: write the site into `public/`.\n\
                 - `dossier new deals \"Example Corp invests in Example Labs\"`: start a new entry\n  (kinds: companies, people, products, deals, glossary, sources, notes, pages).\n\
                 - Publish on GitHub Pages: on GitHub, set the repository's Settings > Pages >\n  Source to \"GitHub Actions\", then push to `main`; `.github/workflows/pages.yml`\n  builds the site with dossier {version} and publishes it.\n\n\
                 Entries live in `content/`, one Markdown file each, with their facts in TOML front\n\
                 matter between `+++` lines. In the text, `[[slug]]` links an entry, `[@source-slug]`\n\
                 cites a source and `[^1]` adds a note; an image beside the text is written\n\
                 `![what it shows](chart.svg)`. A fact reported by the press but not\n\
                 confirmed says `status = \"reported\"` and names its `sources`.\n",
                version = env!("CARGO_PKG_VERSION")
            ),
        ),
        (".gitignore".to_owned(), "/public/\n".to_owned()),
    ];
    let entries: [(Kind, &str); 7] = [
        (Kind::Company, "example-corp"),
        (Kind::Person, "jane-example"),
        (Kind::Product, "example-model"),
        (Kind::Deal, "example-corp-invests-in-example-labs"),
        (Kind::Term, "compute-for-equity"),
        (Kind::Source, "example-report"),
        (Kind::Note, "first-note"),
    ];
    for (kind, slug) in entries {
        let text = match kind {
            // Filled in, so that the new dossier builds and shows every kind of page.
            Kind::Company => "+++\nname = \"Example Corp\"\nsummary = \"A company that invests in AI labs.\"\n\
                 leaders = [{ person = \"jane-example\", role = \"CEO\" }]\n+++\n\n\
                 Example Corp invested in [[example-labs]]; see [[example-corp-invests-in-example-labs]].\n"
                .to_owned(),
            Kind::Person => "+++\nname = \"Jane Example\"\nsummary = \"Chief executive of Example Corp.\"\n\
                 roles = [{ org = \"example-corp\", title = \"CEO\" }]\n\
                 quotes = [{ text = \"We are excited to work together.\", source = \"example-report\" }]\n+++\n\n\
                 Jane Example leads [[example-corp]].\n"
                .to_owned(),
            Kind::Product => "+++\nname = \"Example Model\"\nsummary = \"A language model made by Example Labs.\"\nmaker = \"example-labs\"\n+++\n\n\
                 Example Labs' model, trained on Example Corp's cloud.\n"
                .to_owned(),
            Kind::Deal => "+++\ntitle = \"Example Corp invests in Example Labs\"\n\
                 summary = \"Example Corp reportedly invested $100 million for about 5% of Example Labs.\"\n\
                 investor = \"example-corp\"\nrecipient = \"example-labs\"\nmade = \"late 2023\"\n\
                 first_reported = { date = 2024-01-15, sources = [\"example-report\"] }\n\
                 amount = { value = 100_000_000, currency = \"USD\", approximate = true }\nstake = { value = 5, approximate = true }\n\
                 status = \"reported\"\nsources = [\"example-report\"]\n\
                 history = [{ status = \"rumoured\", date = \"2023-12\", sources = [\"example-report\"], amount = { label = \"tens of millions\", currency = \"USD\" } }]\n+++\n\n\
                 A [[compute-for-equity|compute-for-equity]] deal, reported by [[example-report|one outlet]] [@example-report].\n"
                .to_owned(),
            Kind::Term => "+++\nterm = \"Compute for equity\"\nsummary = \"An investment paid partly in cloud computing.\"\naliases = [\"cloud for equity\"]\n+++\n\n\
                 An investment in which the investor's money comes back as spending on its own cloud.\n"
                .to_owned(),
            Kind::Source => "+++\ntitle = \"Example Corp backs Example Labs\"\npublisher = \"Example News\"\ndate = 2024-01-15\n+++\n\n\
                 The report this dossier's example facts come from.\n"
                .to_owned(),
            // A bundle: the note's folder holds its text (index.md) and its picture.
            _ => "+++\ntitle = \"A first note\"\nsummary = \"Analysis that connects the dots.\"\ndate = 2024-01-20\n+++\n\n\
                 Why did [[example-corp]] invest? Compute for equity ties its money to its cloud.\n\n\
                 ![A bar chart: Example Corp invested $100 million, and about $60 million of it came back as cloud spending](cloud-share.svg \"Where the money went (example figures). Credit: chart drawn for this example\")\n"
                .to_owned(),
        };
        let folder = kind.folder().unwrap_or_default();
        let path = if kind == Kind::Note {
            format!("content/{folder}/{slug}/index.md")
        } else {
            format!("content/{folder}/{slug}.md")
        };
        files.push((path, text));
    }
    // Files beside the text are published beside the pages: the note's chart, and
    // Example Labs' logo (its `image`).
    files.push((
        "content/notes/first-note/cloud-share.svg".to_owned(),
        CLOUD_SHARE_SVG.to_owned(),
    ));
    files.push((
        "content/companies/example-labs.svg".to_owned(),
        EXAMPLE_LABS_SVG.to_owned(),
    ));
    files.push((
        "content/companies/example-labs.md".to_owned(),
        "+++\nname = \"Example Labs\"\nsummary = \"An AI lab that received Example Corp's investment.\"\n\
         image = { src = \"example-labs.svg\", alt = \"The Example Labs logo: a blue circle with a white E\", credit = \"Logo drawn for this example\" }\n+++\n\n\
         Example Labs builds [[example-model]].\n"
            .to_owned(),
    ));
    // A page of the dossier's own, linked from every page's footer.
    files.push((
        "content/pages/about.md".to_owned(),
        "+++\ntitle = \"About\"\n\
         summary = \"Who wrote this dossier, from which sources, and how to report an error.\"\n\
         menu = \"footer\"   # or \"header\": the navigation at the top of every page\n\
         order = 1         # its place among the pages in the same menu\n+++\n\n\
         Say who wrote this dossier and why, how its facts were gathered (every fact names\n\
         its sources; `reported` means the press reported it and the parties did not\n\
         confirm it), and how readers can report an error. Pages like this one live in\n\
         `content/pages/`: add a Methodology or a Corrections page the same way.\n"
            .to_owned(),
    ));
    files
}

/// Where dossier's releases and its GitHub Action are published: Cargo.toml's
/// `repository`, the one place that names it (docs/releasing.md).
pub const REPOSITORY: &str = env!("CARGO_PKG_REPOSITORY");

/// The GitHub Action of this very version of dossier, as a workflow's `uses:` names it:
/// `OWNER/dossier@v0.1.0`. It installs the release of that tag (`action.yml`).
pub fn action_reference() -> String {
    let repository = REPOSITORY
        .trim_start_matches("https://github.com/")
        .trim_end_matches('/');
    format!("{repository}@v{}", env!("CARGO_PKG_VERSION"))
}

/// Where `dossier init` puts the GitHub Pages workflow.
pub const PAGES_WORKFLOW: &str = ".github/workflows/pages.yml";

/// The GitHub Pages workflow `dossier init` writes: no Rust toolchain, the action of
/// this version of dossier, the address GitHub gives passed as `--base-url`.
pub fn pages_workflow() -> String {
    const TEMPLATE: &str = r#"# Publishes the dossier on GitHub Pages on every push to main. Written by
# `dossier init` (dossier @VERSION@); yours to edit.
#
# Before the first push: on GitHub, in the repository's Settings > Pages, set
# "Source" to "GitHub Actions" (pushed first, this workflow's first run fails).
# The site's address comes from GitHub (actions/configure-pages), so the same
# workflow works at https://USER.github.io/REPO/ and at a custom domain.
#
# Nothing is compiled: @ACTION@ downloads the dossier @VERSION@ binary
# from its release, checks its SHA-256, caches it, and runs `dossier build`. To move to
# another release, change the version after the @.
name: Publish the dossier on GitHub Pages

on:
  push:
    branches: [main]
  workflow_dispatch:

permissions:
  contents: read
  pages: write
  id-token: write

# One deployment at a time; never cancel one that is running.
concurrency:
  group: pages
  cancel-in-progress: false

jobs:
  build:
    runs-on: ubuntu-latest
    steps:
      - name: Check out
        uses: actions/checkout@v7

      - name: Set up Pages
        id: pages
        uses: actions/configure-pages@v6

      - name: Build the dossier
        uses: @ACTION@
        with:
          base-url: ${{ steps.pages.outputs.base_url }}/

      - name: Upload the site
        uses: actions/upload-pages-artifact@v5
        with:
          path: ./public

  deploy:
    needs: build
    runs-on: ubuntu-latest
    environment:
      name: github-pages
      url: ${{ steps.deployment.outputs.page_url }}
    steps:
      - name: Deploy to GitHub Pages
        id: deployment
        uses: actions/deploy-pages@v5
"#;
    TEMPLATE
        .replace("@ACTION@", &action_reference())
        .replace("@VERSION@", env!("CARGO_PKG_VERSION"))
}

/// What `dossier init` did: the files it wrote, and those it found and left alone.
#[derive(Debug, Default)]
pub struct Init {
    /// Written, in order.
    pub written: Vec<PathBuf>,
    /// Already there (a README, a .gitignore, a workflow of the author's own): untouched.
    pub kept: Vec<PathBuf>,
}

/// Creates a new dossier in `dir`. Refuses to touch a folder that already holds one,
/// and never overwrites a file: one already there is kept and reported.
pub fn init(dir: &Path) -> anyhow::Result<Init> {
    if dir.join("site.toml").exists() || dir.join("content").exists() {
        bail!(
            "`{}` already holds a dossier (site.toml or content/): nothing was written",
            dir.display()
        );
    }
    let title = fs::canonicalize(dir)
        .ok()
        .or_else(|| std::path::absolute(dir).ok())
        .and_then(|p| {
            p.file_name()
                .map(|n| n.to_string_lossy().replace(['-', '_'], " "))
        })
        .filter(|t| !t.trim().is_empty())
        .unwrap_or_else(|| "My dossier".to_owned());
    let mut files = starter_files(&title);
    files.push((PAGES_WORKFLOW.to_owned(), pages_workflow()));
    let mut done = Init::default();
    for (path, text) in files {
        let path = dir.join(path);
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent)
                .with_context(|| format!("cannot create `{}`", parent.display()))?;
        }
        // `symlink_metadata`: a dangling link is there too, and is not followed.
        if fs::symlink_metadata(&path).is_ok() {
            done.kept.push(path);
            continue;
        }
        write_new(&path, &text)?;
        done.written.push(path);
    }
    Ok(done)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_are_quoted_for_toml() {
        for title in ["Plain", "With \"quotes\" and \\", "Two\nlines\tand \u{7}"] {
            let text = skeleton(Kind::Note, title);
            let front = text
                .trim_start_matches("+++\n")
                .split("+++")
                .next()
                .unwrap();
            let value: toml::Table = toml::from_str(front).unwrap();
            assert_eq!(value["title"].as_str(), Some(title));
        }
    }
}
