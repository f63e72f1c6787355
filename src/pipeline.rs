//! The one driver: runs the stages in order, for `build`, `check` and `compile`, and
//! for `serve`'s session, which asks it for parts of the site.
//!
//! [`prepare`]: load → site.toml → templates → parse (in parallel) → editions →
//! resolve → integrity; the content's problems, or a [`Prepared`] dossier.
//! [`make`]: render a [`Part`] of it, each file handed to a [`Sink`] that scans its
//! links and keeps it, writes it, or drops it. [`check_links`]: every link reaches a
//! file. [`run`]: all of it, then the output folder is swapped in.

use std::path::PathBuf;
use std::sync::Mutex;

use rayon::prelude::*;

use crate::config::{self, SiteConfig};
use crate::diagnostics::{self, Diagnostic, Diagnostics};
use crate::linkcheck::{self, LinkTable, Scan};
use crate::output_file::OutputFile;
use crate::render::{self, EntryPage, Part};
use crate::resolve::EntryId;
use crate::support::{Timings, lock};
use crate::{
    Options, Report, Site, editions, frontmatter, integrity, load, output, resolve, templates,
};

/// Where the files of a build go.
pub(crate) enum Destination {
    /// Kept, in [`Site::files`].
    Memory,
    /// Checked and dropped.
    Nowhere,
    /// Written to the output folder as they are made, and swapped in at the end.
    Disk,
}

/// Files (or what is known of them) as they are handed over, pieces of one file
/// joined: a piece marked `continued` goes to the file of its path.
pub(crate) struct Files<T> {
    pub(crate) items: Vec<T>,
    /// Each item's place, found by its path's hash: the path is the item's own (a
    /// large site has a hundred thousand files, and a copy of each path as a key was
    /// megabytes).
    index: hashbrown::HashTable<usize>,
}

/// What [`Files`] holds: something with the path of its file.
pub(crate) trait OfPath {
    fn path(&self) -> &str;
}

impl OfPath for (Option<Box<OutputFile>>, Scan) {
    fn path(&self) -> &str {
        self.1.path()
    }
}

impl<T> Default for Files<T> {
    fn default() -> Self {
        Files {
            items: Vec::new(),
            index: hashbrown::HashTable::new(),
        }
    }
}

impl<T: OfPath> Files<T> {
    /// Adds `item`, the file at `path`, or joins it to the file of that path it
    /// continues; returns the file it is now, or is now part of.
    pub(crate) fn add(
        &mut self,
        path: &str,
        continued: bool,
        item: T,
        join: impl FnOnce(&mut T, T),
    ) -> &mut T {
        let hash = crate::support::hash_of(&path);
        let Files { items, index } = self;
        let at = match index.find_mut(hash, |&i| items[i].path() == path) {
            Some(&mut i) if continued => {
                join(&mut items[i], item);
                i
            }
            // A file made again: a piece after it continues the new one.
            Some(place) => {
                *place = items.len();
                items.push(item);
                items.len() - 1
            }
            None => {
                let at = items.len();
                items.push(item);
                index.insert_unique(hash, at, |&i| crate::support::hash_of(&items[i].path()));
                at
            }
        };
        &mut self.items[at]
    }
}

/// A dossier read, parsed, resolved and checked, ready to render.
pub(crate) struct Prepared {
    /// The default language's edition.
    pub(crate) site: resolve::Site,
    /// The other languages' editions, in site.toml's order.
    others: Vec<resolve::Site>,
    /// Problems that do not stop the build (none under `--strict`: they are errors).
    warnings: Diagnostics,
    tera: tera::Tera,
    statics: Vec<(String, Vec<u8>)>,
    output_dir: PathBuf,
}

impl Prepared {
    /// Every language edition, the default first.
    pub(crate) fn sites(&self) -> Vec<&resolve::Site> {
        std::iter::once(&self.site).chain(&self.others).collect()
    }

    /// The warnings found, for a caller that shows them (`serve`), leaving none.
    pub(crate) fn take_warnings(&mut self) -> Report {
        Report::new(std::mem::take(&mut self.warnings), self.site.files.clone())
    }
}

/// What `serve` keeps from one build for the next (a one-off build keeps nothing):
/// the text files as read, while they do not change; what each content file parsed
/// into, by its text; the scans of the bodies; and the templates as parsed, while no
/// template changes.
#[derive(Default)]
pub(crate) struct Memo {
    unchanged: load::Unchanged,
    parsed: rustc_hash::FxHashMap<u64, (Option<frontmatter::Parsed>, Diagnostics)>,
    scans: resolve::ScanCache,
    /// The templates, with the hash of the dossier's own (the built-in ones never
    /// change while the program runs).
    templates: Option<(u64, tera::Tera)>,
}

impl Memo {
    /// A memo that keeps each build's work for the next.
    pub(crate) fn keeping() -> Memo {
        Memo {
            unchanged: load::Unchanged::keeping(),
            parsed: rustc_hash::FxHashMap::default(),
            scans: resolve::ScanCache::keeping(),
            templates: None,
        }
    }

    /// Whether it keeps each build's work for the next (`serve`), or nothing (`build`).
    fn keeps(&self) -> bool {
        self.scans.keeps()
    }
}

/// Every stage before rendering: the problems of the content, or what to render.
pub(crate) fn prepare(
    options: &Options,
    memo: &mut Memo,
    timings: &mut Timings,
) -> Result<Prepared, Report> {
    let mut diags = Diagnostics::default();
    let input = load::load_with(&options.root, &mut diags, &mut memo.unchanged);
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
    let own_templates = crate::support::hash_of(
        &input
            .templates
            .iter()
            .map(|(name, id)| (name, &input.files.get(*id).text))
            .collect::<Vec<_>>(),
    );
    let tera = match &memo.templates {
        Some((hash, tera)) if *hash == own_templates => Some(tera.clone()),
        _ => {
            let tera = templates::load(&input.files, &input.templates, &mut diags);
            if memo.keeps() {
                memo.templates = tera.clone().map(|tera| (own_templates, tera));
            }
            tera
        }
    };
    timings.lap("templates");

    // Each file parses on its own: in parallel, problems merged in file order. `serve`
    // keeps what each file gave, by its text, and parses again only the files that
    // changed.
    let keep = memo.keeps();
    let before = &memo.parsed;
    let parsed: Vec<_> = input
        .content
        .par_iter()
        .map(|(id, rel)| {
            let file = input.files.get(*id);
            let text = &file.text;
            let key = keep.then(|| crate::support::hash_of(&(id, rel, file.hash)));
            if let Some(kept) = key.and_then(|key| before.get(&key)) {
                return (key, false, kept.clone());
            }
            let mut problems = Diagnostics::default();
            let parsed = frontmatter::parse_document(*id, rel, text, &mut problems);
            (key, true, (parsed, problems))
        })
        .collect();
    if keep {
        let mut before = std::mem::take(&mut memo.parsed);
        for (key, fresh, result) in &parsed {
            let Some(key) = key else { continue };
            let kept = if *fresh {
                Some(result.clone())
            } else {
                before.remove(key)
            };
            if let Some(kept) = kept {
                memo.parsed.insert(*key, kept);
            }
        }
    }
    let mut documents = Vec::with_capacity(parsed.len());
    let mut translations = Vec::new();
    for (_, _, (parsed, problems)) in parsed {
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
    // A draft's bundle (`content/notes/wip/index.md` and its files) is the draft's
    // own: its files stay out of a build that leaves the draft out.
    let mut content_assets = input.assets;
    if !options.drafts {
        let draft_bundles: Vec<String> = documents
            .iter()
            .filter_map(|p| match p {
                frontmatter::Parsed::Document(doc) if doc.front.common().draft => {
                    let path = &files.get(doc.file).path;
                    let dir = path.strip_prefix("content/")?.strip_suffix("index.md")?;
                    dir.contains('/').then(|| dir.to_owned())
                }
                _ => None,
            })
            .collect();
        content_assets.retain(|(path, _)| {
            !draft_bundles
                .iter()
                .any(|dir| path.starts_with(dir.as_str()))
        });
    }
    let assets = std::sync::Arc::new(crate::assets::Assets::new(content_assets, &input.statics));
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
        let site = resolve::resolve_with(
            resolve::Input {
                config: editions::config_for(&config, &edition),
                edition,
                files: files.clone(),
                parsed,
                untranslated: resolve::Untranslated {
                    lang: default.code.clone(),
                    files: missing.into_iter().collect(),
                },
                include_drafts: options.drafts,
                assets: assets.clone(),
            },
            &mut diags,
            &mut resolve::ScanCache::default(),
        );
        integrity::check(&site, &mut diags);
        // The entries shown untranslated are those given the default language.
        let published: Vec<diagnostics::FileId> = site
            .entries()
            .iter()
            .filter(|entry| entry.lang.is_some())
            .map(|entry| entry.doc.file)
            .collect();
        // Listed: the untranslated entries this build publishes (drafts only with
        // --drafts).
        untranslated.push((site.edition.clone(), published));
        other_sites.push(site);
    }
    let site = resolve::resolve_with(
        resolve::Input {
            config: editions::config_for(&config, &default),
            edition: default,
            files,
            parsed: documents,
            untranslated: resolve::Untranslated::default(),
            include_drafts: options.drafts,
            assets,
        },
        &mut diags,
        &mut memo.scans,
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
    // A draft's problems do not stop a preview built with --drafts (without it, drafts
    // are not resolved at all): they are shown as warnings.
    let drafts: std::collections::HashSet<diagnostics::FileId> = other_sites
        .iter()
        .chain([&site])
        .flat_map(|site| site.entries())
        .filter(|entry| entry.doc.front.common().draft)
        .flat_map(|entry| [entry.doc.file, entry.doc.body_file])
        .collect();
    diags.soften(
        &drafts,
        "a warning, not an error: this entry is a draft, published only in previews built with --drafts",
    );
    let warnings = diags.take_warnings();
    let warnings = if options.strict {
        for warning in warnings.into_sorted(&site.files) {
            diags.push(
                warning
                    .into_error()
                    .with_note("an error because of --strict"),
            );
        }
        Diagnostics::default()
    } else {
        warnings
    };
    match tera.filter(|_| !diags.has_errors()) {
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

/// Where made files go, from the threads that render them: each is scanned for the
/// link check, then written to the staging folder, kept in memory, or both or
/// neither; the pieces of one file are joined.
pub(crate) struct Sink<'s> {
    links: &'s LinkTable,
    staging: Option<&'s output::Staging>,
    keep: bool,
    /// Each file (boxed: most are written and not kept, and a file's place in a large
    /// build's list is then 8 bytes, not its size) with its scan.
    made: Mutex<Files<(Option<Box<OutputFile>>, Scan)>>,
    write_error: Mutex<Option<anyhow::Error>>,
}

impl<'s> Sink<'s> {
    /// `links` numbers the link addresses of every scan (kept as long as the scans
    /// are); `keep`: hold every file's bytes.
    pub(crate) fn new(
        links: &'s LinkTable,
        staging: Option<&'s output::Staging>,
        keep: bool,
    ) -> Sink<'s> {
        Sink {
            links,
            staging,
            keep,
            made: Mutex::new(Files::default()),
            write_error: Mutex::new(None),
        }
    }

    pub(crate) fn emit(&self, file: OutputFile) {
        let scan = linkcheck::scan(&file, self.links);
        if let Some(staging) = self.staging {
            let written = if file.continued {
                staging.append(&file.path, &file.bytes)
            } else {
                staging.write(&file.path, &file.bytes)
            };
            if let Err(err) = written {
                lock(&self.write_error).get_or_insert(err);
            }
        }
        let path = file.path.clone();
        let continued = file.continued;
        let file = self.keep.then(|| Box::new(file));
        lock(&self.made)
            .add(
                &path,
                continued,
                (file, scan),
                |(whole, whole_scan), (more, more_scan)| {
                    if let (Some(whole), Some(more)) = (whole, more) {
                        whole.bytes.extend(more.bytes);
                    }
                    whole_scan.merge(more_scan);
                },
            )
            .1
            .settle();
    }

    /// Every file handed over (its bytes if kept) with its scan, in the order they
    /// came; or the first error writing one.
    pub(crate) fn into_files(self) -> anyhow::Result<Vec<(Option<Box<OutputFile>>, Scan)>> {
        if let Some(err) = lock(&self.write_error).take() {
            return Err(err);
        }
        Ok(self
            .made
            .into_inner()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .items)
    }
}

/// Renders `part` of a prepared dossier into `sink`: the entry pages it made, per
/// edition (the default first), or the problems met (a template that failed, a static
/// file in a generated file's place). `kept` is what each edition's render keeps
/// from one call to the next (`serve`'s print edition); its failures are reported.
pub(crate) fn make(
    prepared: &Prepared,
    part: Part,
    sink: &Sink,
    kept: &[render::Kept],
) -> Result<Vec<Vec<EntryPage>>, Diagnostics> {
    let (made, mut diags) = render_with(prepared, part, sink, kept);
    for kept in kept {
        kept.report(&mut diags);
    }
    if diags.has_errors() {
        Err(diags)
    } else {
        Ok(made)
    }
}

/// Renders `part` into `sink`, with what each edition's render keeps (`kept`, where
/// its template failures are gathered for the caller to report).
fn render_with(
    prepared: &Prepared,
    part: Part,
    sink: &Sink,
    kept: &[render::Kept],
) -> (Vec<Vec<EntryPage>>, Diagnostics) {
    let mut diags = Diagnostics::default();
    let emit = |file: OutputFile| sink.emit(file);
    let made = render::render(
        &prepared.sites(),
        &prepared.tera,
        &prepared.statics,
        part,
        &emit,
        kept,
        &mut diags,
    );
    (made, diags)
}

/// How many of its `entries` entry pages a build makes before it lets go of their
/// sentences (see [`make_all`]). Debug builds, the tests', make every site in four
/// chunks: a page that read another's sentences after they were let go would lose
/// them, and differ from `serve`'s. (Each chunk sets up its render again, which takes
/// a few milliseconds.)
fn entry_chunk(entries: usize) -> usize {
    if cfg!(debug_assertions) {
        entries.div_ceil(4).max(1)
    } else {
        2048
    }
}

/// Renders the whole site into `sink`: the entry pages first, then the rest of the
/// site given them, as `serve` does. The sentences around the links to an entry
/// (a fifth of a large build's memory) are shown only on its page and its
/// `mentions/` pages: the entry pages are made a chunk at a time, and the sentences
/// of each chunk let go after it.
fn make_all(prepared: &mut Prepared, sink: &Sink) -> Result<(), Diagnostics> {
    let entries: Vec<Vec<EntryId>> = prepared
        .sites()
        .iter()
        .map(|site| site.page_entries().collect())
        .collect();
    let longest = entries.iter().map(Vec::len).max().unwrap_or(0);
    // At their size from the start: a large build's entry pages are tens of megabytes.
    let mut pages: Vec<Vec<EntryPage>> = entries
        .iter()
        .map(|ids| Vec::with_capacity(ids.len()))
        .collect();
    let mut diags = Diagnostics::default();
    // A template that fails on pages of several chunks is reported once.
    let kept: Vec<render::Kept> = entries.iter().map(|_| render::Kept::default()).collect();
    let chunk_size = entry_chunk(longest);
    for start in (0..longest).step_by(chunk_size) {
        let chunk: Vec<Vec<EntryId>> = entries
            .iter()
            .map(|ids| ids[start.min(ids.len())..(start + chunk_size).min(ids.len())].to_vec())
            .collect();
        let (made, more) = render_with(prepared, Part::Entries(&chunk), sink, &kept);
        diags.extend(more);
        for (all, made) in pages.iter_mut().zip(made) {
            all.extend(made);
        }
        let sites = std::iter::once(&mut prepared.site).chain(&mut prepared.others);
        for (site, ids) in sites.zip(&chunk) {
            site.forget_sentences(ids);
        }
    }
    let given: Vec<Vec<&EntryPage>> = pages.iter().map(|pages| pages.iter().collect()).collect();
    let (_, more) = render_with(prepared, Part::Rest(&given), sink, &kept);
    diags.extend(more);
    for kept in &kept {
        kept.report(&mut diags);
    }
    if diags.has_errors() {
        Err(diags)
    } else {
        Ok(())
    }
}

/// Checks that every link of the files `scans` reaches a file among them (only the
/// links of the files `only`, if given).
pub(crate) fn check_links(
    prepared: &Prepared,
    scans: &[&Scan],
    links: &LinkTable,
    only: Option<&std::collections::HashSet<&str>>,
) -> Diagnostics {
    let mut diags = Diagnostics::default();
    let site = &prepared.site;
    linkcheck::check(
        scans,
        links,
        only,
        site.config.base_url.path(),
        &site.files,
        &mut diags,
    );
    diags
}

/// Every stage, for `build`, `check` and `compile`.
pub(crate) fn run(
    options: &Options,
    destination: Destination,
) -> anyhow::Result<Result<Site, Report>> {
    let mut timings = Timings::start();
    let mut prepared = match prepare(options, &mut Memo::default(), &mut timings) {
        Ok(prepared) => prepared,
        Err(report) => return Ok(Err(report)),
    };
    let output_dir = prepared.output_dir.clone();

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
    let links = LinkTable::default();
    let sink = Sink::new(
        &links,
        staging.as_ref(),
        matches!(destination, Destination::Memory),
    );
    let rendered = make_all(&mut prepared, &sink);
    timings.lap("render");
    // On an error, dropping the staging folder removes what was written.
    let made = sink.into_files()?;
    let diags = match rendered {
        Ok(_) => {
            let scans: Vec<&Scan> = made.iter().map(|(_, scan)| scan).collect();
            let diags = check_links(&prepared, &scans, &links, None);
            timings.lap("linkcheck");
            diags
        }
        Err(diags) => diags,
    };
    if diags.has_errors() {
        return Ok(Err(Report::new(diags, prepared.site.files.clone())));
    }
    if let Some(staging) = staging {
        staging.commit()?;
        timings.lap("commit");
    }
    let page_count = made.iter().filter(|(_, scan)| scan.is_page()).count();
    let file_count = made.len();
    let mut files: Vec<OutputFile> = made
        .into_iter()
        .filter_map(|(file, _)| file.map(|file| *file))
        .collect();
    files.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(Ok(Site {
        files,
        page_count,
        file_count,
        output_dir,
        warnings: Report::new(prepared.warnings, prepared.site.files.clone()),
    }))
}
