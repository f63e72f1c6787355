//! `dossier`: a static site generator for annotated news dossiers.
//!
//! This crate root is the façade: [`Options`], [`compile`], [`check`] and [`build`]
//! (which give a [`Site`] or a [`Report`] of the content's problems), [`serve`] and
//! [`session`] (the live preview and its incremental rebuilds) and [`scaffold`] (`init`,
//! `new`). The stages are private modules, run in order by one driver (`pipeline`):
//! `load` → `frontmatter` → `editions`, `resolve` and `derive` (the model) → `integrity` →
//! `render` → `linkcheck` → `output`. ARCHITECTURE.md is the map.

// User input must never crash a build: no unwrap, expect or panic outside tests.
#![cfg_attr(
    not(test),
    deny(clippy::unwrap_used, clippy::expect_used, clippy::panic)
)]

mod assets;
mod config;
mod diagnostics;
mod editions;
mod format;
mod frontmatter;
mod graph;
mod highlight;
mod html;
mod integrity;
mod lang;
mod linkcheck;
mod load;
mod markdown;
mod model;
mod output;
mod output_file;
mod pipeline;
pub mod rename;
mod render;
mod resolve;
pub mod scaffold;
pub mod serve;
pub mod session;
mod sources_check;
mod strict_toml;
mod strings;
mod support;
mod templates;
mod text_fragment;
mod theme;
mod typeset;

pub use diagnostics::{Diagnostic, Severity, SourceFiles};
pub use model::Kind;
pub use output_file::OutputFile;
pub use sources_check::{AT_ONCE as SOURCES_AT_ONCE, TIMEOUT as SOURCES_TIMEOUT};

/// The stages' own functions that the fuzz targets (`fuzz/`), the property tests and
/// the benchmark's examples drive directly, below the façade. Not a stable interface.
#[doc(hidden)]
pub mod parts {
    pub use crate::diagnostics::{Diagnostics, printable};
    pub use crate::frontmatter::{classify, parse_document, split};
    pub use crate::highlight::block as highlight_block;
    pub use crate::load::STATIC_LIMIT;
    pub use crate::markdown::{citation_keys, options as markdown_options, scan};
    pub use crate::model::{is_valid_slug, slugify};
    /// How long lists are split into pages (docs/content.md, "Long lists").
    pub use crate::render::limits;
}

use std::path::PathBuf;

use diagnostics::Diagnostics;

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
    /// Problems that did not stop the build, such as entries without a translation
    /// (errors under `--strict`, and then there is no site): warnings only, sorted
    /// like errors, shown with [`Report::render`] as errors are.
    pub warnings: Report,
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

/// Problems found in the content, with the files they point into: the errors that
/// stopped a build, or the warnings of one that did not ([`Site::warnings`]).
#[derive(Debug)]
pub struct Report {
    pub files: std::sync::Arc<SourceFiles>,
    /// Sorted by file and position.
    pub diagnostics: Vec<Diagnostic>,
}

impl Report {
    pub(crate) fn new(diagnostics: Diagnostics, files: std::sync::Arc<SourceFiles>) -> Report {
        Report {
            diagnostics: diagnostics.into_sorted(&files),
            files,
        }
    }

    /// A failure that is not the content's (the disk), as a report.
    pub(crate) fn operational(err: anyhow::Error) -> Report {
        let mut diagnostics = Diagnostics::default();
        diagnostics.push(Diagnostic::global(format!("{err:#}")));
        Report::new(diagnostics, std::sync::Arc::default())
    }

    /// How many of the problems are errors (a build with one fails).
    pub fn error_count(&self) -> usize {
        self.diagnostics.iter().filter(|d| !d.is_warning()).count()
    }

    /// How many are warnings.
    pub fn warning_count(&self) -> usize {
        self.diagnostics.iter().filter(|d| d.is_warning()).count()
    }

    /// The full, human form: source lines, markers, notes, help.
    pub fn render(&self, color: bool) -> String {
        diagnostics::render(&self.diagnostics, &self.files, color)
    }

    /// One `path:line:col: message` line per problem (`path:line:col: warning:
    /// message` for a warning).
    pub fn short(&self) -> Vec<String> {
        self.diagnostics
            .iter()
            .map(|d| diagnostics::short(d, &self.files))
            .collect()
    }
}

/// Runs every stage and keeps the site in memory: what `serve` serves and tests read.
pub fn compile(options: &Options) -> Result<Site, Report> {
    match pipeline::run(options, pipeline::Destination::Memory) {
        Ok(result) => result,
        // Nothing is written, so this does not happen; if it did, it is reported.
        Err(err) => Err(Report::operational(err)),
    }
}

/// Runs every stage and reports problems, keeping no file: `dossier check`.
pub fn check(options: &Options) -> Result<Site, Report> {
    match pipeline::run(options, pipeline::Destination::Nowhere) {
        Ok(result) => result,
        Err(err) => Err(Report::operational(err)),
    }
}

/// Builds and writes the site, each file as soon as it is made. The outer error is an
/// operational failure (the disk); the inner one, problems in the content. Either
/// way, the previous output is untouched unless the whole new site was written.
pub fn build(options: &Options) -> anyhow::Result<Result<Site, Report>> {
    pipeline::run(options, pipeline::Destination::Disk)
}

/// What `dossier check --sources` found: how many addresses it fetched and passages
/// it looked for, and every source that cannot be reached or no longer holds the words
/// quoted from it (`problems`, empty when all is well).
#[derive(Debug)]
pub struct SourcesReport {
    pub fetched: usize,
    pub passages: usize,
    pub problems: Report,
}

/// `dossier check --sources`: reads the dossier as [`check`] does (its problems are
/// the `Err`), then fetches every source's address over the network — the only thing
/// in dossier that does — and looks for every quoted passage in its page.
pub fn check_sources(options: &Options) -> Result<SourcesReport, Report> {
    let mut timings = support::Timings::start();
    let prepared = pipeline::prepare(options, &mut pipeline::Memo::default(), &mut timings)?;
    let mut diagnostics = Diagnostics::default();
    let summary = sources_check::check(&prepared.sites(), &mut diagnostics);
    Ok(SourcesReport {
        fetched: summary.fetched,
        passages: summary.passages,
        problems: Report::new(diagnostics, prepared.site.files.clone()),
    })
}

#[cfg(test)]
mod architecture;
