//! `dossier`: a static site generator for annotated news dossiers.
//!
//! The pipeline, one module per stage:
//! [`load`] (read files) → [`frontmatter`] (parse each file) → [`resolve`] (check every
//! reference, derive backlinks) → [`integrity`] (provenance rules) → [`render`]
//! (Markdown and templates to HTML) →
//! [`linkcheck`] (every internal link reaches a file) → [`output`] (swap the new site in).
//! See ARCHITECTURE.md for the map.

// User input must never crash a build: no unwrap, expect or panic outside tests.
#![cfg_attr(
    not(test),
    deny(clippy::unwrap_used, clippy::expect_used, clippy::panic)
)]

pub mod config;
pub mod diagnostics;
pub mod editions;
pub mod format;
pub mod frontmatter;
pub mod graph;
pub mod highlight;
pub mod html;
pub mod integrity;
pub mod lang;
pub mod linkcheck;
pub mod load;
pub mod markdown;
pub mod model;
pub mod output;
pub mod output_file;
pub mod render;
pub mod resolve;
pub mod scaffold;
pub mod serve;
pub mod session;
pub mod strict_toml;
pub mod strings;
pub mod templates;
pub mod theme;

use std::path::PathBuf;
use std::sync::Mutex;

use rayon::prelude::*;

use config::SiteConfig;
use diagnostics::{Diagnostic, Diagnostics, SourceFiles};
use output_file::OutputFile;

/// What a build is asked to do.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// The dossier's root folder (holding site.toml).
    pub root: PathBuf,
    /// Overrides `output_dir` from site.toml.
    pub output: Option<PathBuf>,
    /// Overrides `base_url` from site.toml.
    pub base_url: Option<String>,
    /// Include entries marked `draft = true`.
    pub drafts: bool,
    /// Treat warnings (an untranslated entry) as errors.
    pub strict: bool,
}

/// A built site.
#[derive(Debug)]
pub struct Site {
    /// Every file, sorted by path, when the site was built in memory ([`compile`]);
    /// empty after [`check`] and [`build`], which never hold the whole site.
    pub files: Vec<OutputFile>,
    /// How many HTML pages, and files in all, the site has.
    pub page_count: usize,
    pub file_count: usize,
    /// Where it goes.
    pub output_dir: PathBuf,
    /// Problems that did not stop the build (`path:line:col: message`), such as
    /// entries without a translation; errors under `--strict`.
    pub warnings: Vec<String>,
}

impl Site {
    /// The number of HTML pages.
    pub fn pages(&self) -> usize {
        self.page_count
    }

    pub fn file(&self, path: &str) -> Option<&OutputFile> {
        self.files
            .binary_search_by(|f| f.path.as_str().cmp(path))
            .ok()
            .map(|i| &self.files[i])
    }

    /// A page's HTML as text (`companies/anthropic/index.html`).
    pub fn page(&self, path: &str) -> Option<&str> {
        self.file(path)
            .and_then(|f| std::str::from_utf8(&f.bytes).ok())
    }
}

/// Every problem found in the content, with the files they point into.
#[derive(Debug)]
pub struct Report {
    pub files: std::sync::Arc<SourceFiles>,
    /// Sorted by file and position.
    pub diagnostics: Vec<Diagnostic>,
}

impl Report {
    fn new(diagnostics: Diagnostics, files: std::sync::Arc<SourceFiles>) -> Report {
        Report {
            diagnostics: diagnostics.into_sorted(&files),
            files,
        }
    }

    /// A failure that is not the content's (the disk), as a report.
    fn operational(err: anyhow::Error) -> Report {
        let mut diagnostics = Diagnostics::default();
        diagnostics.push(Diagnostic::global(format!("{err:#}")));
        Report::new(diagnostics, std::sync::Arc::default())
    }

    /// The full, human form: source lines, markers, help.
    pub fn render(&self, color: bool) -> String {
        diagnostics::render(&self.diagnostics, &self.files, color)
    }

    /// One `path:line:col: message` line per problem.
    pub fn short(&self) -> Vec<String> {
        self.diagnostics
            .iter()
            .map(|d| diagnostics::short(d, &self.files))
            .collect()
    }
}

/// Prints how long each stage took to stderr when `DOSSIER_TIMINGS` is set, for
/// profiling and the benchmark (`bench/run.sh`).
pub(crate) struct Timings {
    enabled: bool,
    last: std::time::Instant,
}

impl Timings {
    pub(crate) fn start() -> Timings {
        Timings {
            enabled: std::env::var_os("DOSSIER_TIMINGS").is_some(),
            last: std::time::Instant::now(),
        }
    }

    pub(crate) fn lap(&mut self, stage: &str) {
        if self.enabled {
            let now = std::time::Instant::now();
            eprintln!(
                "timing: {stage:<10} {:>8.1} ms",
                (now - self.last).as_secs_f64() * 1e3
            );
            self.last = now;
        }
    }
}

/// Where the files of a build go.
enum Destination {
    /// Kept, in [`Site::files`].
    Memory,
    /// Checked and dropped.
    Nowhere,
    /// Written to the output folder as they are made, and swapped in at the end.
    Disk,
}

/// Runs every stage and keeps the site in memory: what `serve` serves and tests read.
pub fn compile(options: &Options) -> Result<Site, Report> {
    match run(options, Destination::Memory) {
        Ok(result) => result,
        // Nothing is written, so this does not happen; if it did, it is reported.
        Err(err) => Err(Report::operational(err)),
    }
}

/// Runs every stage and reports problems, keeping no file: `dossier check`.
pub fn check(options: &Options) -> Result<Site, Report> {
    match run(options, Destination::Nowhere) {
        Ok(result) => result,
        Err(err) => Err(Report::operational(err)),
    }
}

/// Builds and writes the site, each file as soon as it is made. The outer error is an
/// operational failure (the disk); the inner one, problems in the content. Either
/// way, the previous output is untouched unless the whole new site was written.
pub fn build(options: &Options) -> anyhow::Result<Result<Site, Report>> {
    run(options, Destination::Disk)
}

/// Files (or what is known of them) as they are handed over, pieces of one file
/// joined: a piece marked `continued` goes to the file of its path.
pub(crate) struct Files<T> {
    pub(crate) items: Vec<T>,
    index: std::collections::HashMap<String, usize>,
}

impl<T> Default for Files<T> {
    fn default() -> Self {
        Files {
            items: Vec::new(),
            index: std::collections::HashMap::new(),
        }
    }
}

impl<T> Files<T> {
    pub(crate) fn add(
        &mut self,
        path: &str,
        continued: bool,
        item: T,
        join: impl FnOnce(&mut T, T),
    ) {
        match self.index.get(path) {
            Some(&i) if continued => join(&mut self.items[i], item),
            _ => {
                self.index.insert(path.to_owned(), self.items.len());
                self.items.push(item);
            }
        }
    }
}

pub(crate) fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// A dossier read, parsed, resolved and checked, ready to render.
pub(crate) struct Prepared {
    /// The default language's edition.
    site: resolve::Site,
    /// The other languages' editions, in site.toml's order.
    others: Vec<resolve::Site>,
    warnings: Vec<String>,
    tera: tera::Tera,
    statics: Vec<(String, Vec<u8>)>,
    output_dir: PathBuf,
}

impl Prepared {
    /// Every language edition, the default first.
    pub(crate) fn sites(&self) -> Vec<&resolve::Site> {
        std::iter::once(&self.site).chain(&self.others).collect()
    }
}

/// Every stage before rendering: the problems of the content, or what to render.
pub(crate) fn prepare(
    options: &Options,
    scans: &mut resolve::ScanCache,
    timings: &mut Timings,
) -> Result<Prepared, Report> {
    let mut diags = Diagnostics::default();
    let input = load::load(&options.root, &mut diags);
    timings.lap("load");

    let mut config = input.site_toml.and_then(|id| {
        SiteConfig::parse(&input.files.get(id).text, id)
            .map_err(|problems| problems.into_iter().for_each(|d| diags.push(d)))
            .ok()
    });
    if let Some(url) = &options.base_url {
        match config::BaseUrl::parse(url) {
            Ok(url) => {
                if let Some(config) = config.as_mut() {
                    config.base_url = url;
                }
            }
            Err(problem) => diags.push(Diagnostic::global(format!("--base-url: {problem}"))),
        }
    }
    // Templates do not depend on the content: their problems are reported with the
    // content's, in the same run.
    let tera = templates::load(&input.files, &input.templates, &mut diags);
    timings.lap("templates");

    // Each file parses on its own: in parallel, problems merged in file order.
    let parsed: Vec<_> = input
        .content
        .par_iter()
        .map(|(id, rel)| {
            let mut problems = Diagnostics::default();
            let parsed =
                frontmatter::parse_document(*id, rel, &input.files.get(*id).text, &mut problems);
            (parsed, problems)
        })
        .collect();
    let mut documents = Vec::with_capacity(parsed.len());
    let mut translations = Vec::new();
    for (parsed, problems) in parsed {
        diags.extend(problems);
        match parsed {
            Some(frontmatter::Parsed::Translation(tr)) => translations.push(*tr),
            Some(parsed) => documents.push(parsed),
            None => {}
        }
    }
    timings.lap("parse");

    // Without a usable site.toml, references are still checked so that one run
    // reports every problem (its own problem is already among them).
    let config = config.unwrap_or_else(SiteConfig::placeholder);
    let output_dir = options
        .output
        .clone()
        .unwrap_or_else(|| options.root.join(&config.output_dir));
    // A site.toml may come from someone else (a cloned dossier): only the command line
    // may send the output, which is replaced on every build, outside the dossier.
    if options.output.is_none() && !output::is_inside(&options.root, &output_dir) {
        let mut problem = Diagnostic::global(format!(
            "`output_dir = \"{}\"` is outside the dossier's folder",
            config.output_dir
        ))
        .with_help(
            "the output folder is replaced on every build, so site.toml may only name one inside the dossier \
             (such as \"public\"); to build elsewhere on purpose, say so on the command line: dossier build --output DIR",
        );
        if let Some(id) = input.site_toml {
            problem.file = Some(id);
            problem.span = config::key_span(&input.files.get(id).text, "output_dir");
        }
        diags.push(problem);
    }
    let site_toml = input
        .site_toml
        .map(|id| (id, input.files.get(id).text.as_str()));
    let mut editions = editions::editions(&config, site_toml, &mut diags).into_iter();
    let default = editions
        .next()
        .unwrap_or_else(|| config::Edition::single(&config.language));
    let others: Vec<config::Edition> = editions.collect();
    let files = std::sync::Arc::new(input.files);
    let translations = editions::index_translations(
        translations,
        &documents,
        &others_with(&default, &others),
        &files,
        &mut diags,
    );
    // The other languages first: their documents are copies, the default's are moved.
    let mut other_sites = Vec::with_capacity(others.len());
    let mut untranslated = Vec::new();
    for edition in others {
        let (parsed, missing) =
            editions::documents_for(&edition, &documents, &translations, &files, &mut diags);
        let mut site = resolve::resolve_with(
            editions::config_for(&config, &edition),
            edition,
            files.clone(),
            parsed,
            options.drafts,
            &mut diags,
            &mut resolve::ScanCache::default(),
        );
        integrity::check(&site, &mut diags);
        let missing: std::collections::HashSet<diagnostics::FileId> = missing.into_iter().collect();
        let mut published = Vec::new();
        for entry in &mut site.entries {
            if missing.contains(&entry.doc.file) {
                entry.lang = Some(default.code.clone());
                published.push(entry.doc.file);
            }
        }
        // Listed: the untranslated entries this build publishes (drafts only with
        // --drafts).
        untranslated.push((site.edition.clone(), published));
        other_sites.push(site);
    }
    let site = resolve::resolve_with(
        editions::config_for(&config, &default),
        default,
        files,
        documents,
        options.drafts,
        &mut diags,
        scans,
    );
    timings.lap("resolve");
    integrity::check(&site, &mut diags);
    for (edition, missing) in untranslated {
        let language = edition.strings.get("language_name").to_owned();
        for file in missing {
            let path = &site.files.get(file).path;
            let translation = path.strip_suffix(".md").map_or_else(
                || path.clone(),
                |stem| format!("{stem}.{}.md", edition.code),
            );
            diags.warn(
                Diagnostic::new(file, 0..0, format!("no {language} translation (`{}`)", edition.code))
                    .with_help(format!(
                        "write `{translation}`; until then the `{}` edition shows this text, marked as {}",
                        edition.code, site.edition.code
                    )),
            );
        }
    }
    let warnings = diags.take_warnings(&site.files);
    let warnings = if options.strict {
        for warning in warnings {
            diags.push(warning.with_note("an error because of --strict"));
        }
        Vec::new()
    } else {
        warnings
            .iter()
            .map(|w| diagnostics::short(w, &site.files))
            .collect()
    };
    match tera.filter(|_| diags.is_empty()) {
        Some(tera) => Ok(Prepared {
            site,
            others: other_sites,
            warnings,
            tera,
            statics: input.statics,
            output_dir,
        }),
        None => Err(Report::new(diags, site.files.clone())),
    }
}

/// Every edition, the default first.
fn others_with(default: &config::Edition, others: &[config::Edition]) -> Vec<config::Edition> {
    std::iter::once(default.clone())
        .chain(others.iter().cloned())
        .collect()
}

fn run(options: &Options, destination: Destination) -> anyhow::Result<Result<Site, Report>> {
    let mut timings = Timings::start();
    let Prepared {
        site,
        others,
        warnings,
        tera,
        statics,
        output_dir,
    } = match prepare(options, &mut resolve::ScanCache::default(), &mut timings) {
        Ok(prepared) => prepared,
        Err(report) => return Ok(Err(report)),
    };
    let mut diags = Diagnostics::default();

    // The content is sound: from here on, files are made, checked and kept or written
    // one by one, from the threads that render them.
    let staging = match destination {
        Destination::Disk => Some(output::Staging::create(&output_dir, &options.root).map_err(
            |err| {
                // Say where the folder came from when the user did not type it.
                match options.output {
                    Some(_) => err,
                    None => err.context(format!(
                        "the output folder is site.toml's `output_dir` (`{}`)",
                        output_dir.display()
                    )),
                }
            },
        )?),
        Destination::Memory | Destination::Nowhere => None,
    };
    let kept = Mutex::new(Files::default());
    let scans = Mutex::new(Files::default());
    let links = linkcheck::LinkTable::default();
    let write_error = Mutex::new(None);
    let emit = |file: OutputFile| {
        let scan = linkcheck::scan(&file, &links);
        lock(&scans).add(&file.path, file.continued, scan, linkcheck::Scan::merge);
        if let Some(staging) = &staging {
            let written = if file.continued {
                staging.append(&file.path, &file.bytes)
            } else {
                staging.write(&file.path, &file.bytes)
            };
            if let Err(err) = written {
                lock(&write_error).get_or_insert(err);
            }
        }
        if matches!(destination, Destination::Memory) {
            let path = file.path.clone();
            lock(&kept).add(&path, file.continued, file, |whole, more| {
                whole.bytes.extend(more.bytes)
            });
        }
    };
    let sites: Vec<&resolve::Site> = std::iter::once(&site).chain(&others).collect();
    render::render(&sites, &tera, &statics, &emit, &mut diags);
    timings.lap("render");
    if let Some(err) = lock(&write_error).take() {
        // Dropping the staging folder removes what was written.
        return Err(err);
    }
    let scans = scans
        .into_inner()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
        .items;
    if diags.is_empty() {
        let scans: Vec<&linkcheck::Scan> = scans.iter().collect();
        linkcheck::check(
            &scans,
            &links,
            None,
            site.config.base_url.path(),
            &site.files,
            &mut diags,
        );
        timings.lap("linkcheck");
    }
    if !diags.is_empty() {
        return Ok(Err(Report::new(diags, site.files)));
    }
    if let Some(staging) = staging {
        staging.commit()?;
        timings.lap("commit");
    }
    let mut files = kept
        .into_inner()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
        .items;
    files.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(Ok(Site {
        files,
        page_count: scans.iter().filter(|s| s.is_page()).count(),
        file_count: scans.len(),
        output_dir,
        warnings,
    }))
}
