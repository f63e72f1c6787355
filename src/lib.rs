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
pub mod format;
pub mod frontmatter;
pub mod graph;
pub mod highlight;
pub mod integrity;
pub mod linkcheck;
pub mod load;
pub mod markdown;
pub mod output;
pub mod render;
pub mod resolve;
pub mod scaffold;
pub mod serve;
pub mod templates;
pub mod theme;

use std::path::PathBuf;

use config::SiteConfig;
use diagnostics::{Diagnostic, Diagnostics, SourceFiles};
use render::OutputFile;

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
}

/// A site built in memory, ready to write.
#[derive(Debug)]
pub struct Site {
    pub files: Vec<OutputFile>,
    /// Where it goes.
    pub output_dir: PathBuf,
}

impl Site {
    /// The number of HTML pages.
    pub fn pages(&self) -> usize {
        self.files
            .iter()
            .filter(|f| f.path.ends_with(".html"))
            .count()
    }

    pub fn file(&self, path: &str) -> Option<&OutputFile> {
        self.files.iter().find(|f| f.path == path)
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
    pub files: SourceFiles,
    /// Sorted by file and position.
    pub diagnostics: Vec<Diagnostic>,
}

impl Report {
    fn new(diagnostics: Diagnostics, files: SourceFiles) -> Report {
        Report {
            diagnostics: diagnostics.into_sorted(&files),
            files,
        }
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

/// Runs every stage but the write: what `check` reports and `build` writes.
pub fn compile(options: &Options) -> Result<Site, Report> {
    let mut timings = Timings::start();
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

    let documents: Vec<_> = input
        .content
        .iter()
        .filter_map(|(id, rel)| {
            frontmatter::parse_document(*id, rel, &input.files.get(*id).text, &mut diags)
        })
        .collect();
    timings.lap("parse");

    // Without a usable site.toml, references are still checked so that one run
    // reports every problem (its own problem is already among them).
    let config = config.unwrap_or_else(SiteConfig::placeholder);
    let output_dir = options
        .output
        .clone()
        .unwrap_or_else(|| options.root.join(&config.output_dir));
    let site = resolve::resolve(config, input.files, documents, options.drafts, &mut diags);
    timings.lap("resolve");
    integrity::check(&site, &mut diags);
    let Some(tera) = tera.filter(|_| diags.is_empty()) else {
        return Err(Report::new(diags, site.files));
    };

    let files = render::render(&site, &tera, &input.statics, &mut diags);
    timings.lap("render");
    if diags.is_empty() {
        linkcheck::check(&files, site.config.base_url.path(), &site.files, &mut diags);
        timings.lap("linkcheck");
    }
    if !diags.is_empty() {
        return Err(Report::new(diags, site.files));
    }
    Ok(Site { files, output_dir })
}

/// Builds and writes the site. The outer error is an operational failure (the disk);
/// the inner one, problems in the content.
pub fn build(options: &Options) -> anyhow::Result<Result<Site, Report>> {
    let site = match compile(options) {
        Ok(site) => site,
        Err(report) => return Ok(Err(report)),
    };
    let mut timings = Timings::start();
    output::write(&site.files, &site.output_dir, &options.root)?;
    timings.lap("write");
    Ok(Ok(site))
}
