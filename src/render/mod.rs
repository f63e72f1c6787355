//! Render: the resolved [`Site`] in, every output file out (in memory).
//!
//! Builds one view value per page (the only types here that derive `Serialize`), runs
//! it through the Tera template of that page, and adds the theme's static files. The
//! URLs in views are always relative to the page being rendered (`../../deals/`), so
//! the output works at a domain root and under any sub-path. Never touches the disk.

use std::collections::BTreeMap;

use rayon::prelude::*;
use tera::{Context, Tera};

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::highlight;
use crate::model::Kind;
use crate::resolve::{EntryId, Site};
use crate::theme;

pub use crate::output_file::OutputFile;

mod context;
mod data;
mod deps;
mod entry;
mod lists;
mod print;
mod publish;
mod relations;
mod search;
mod timeline;
mod views;

pub use deps::Reads;
pub use search::Indexed as SearchRecord;

use context::{Cx, has_code, root_of};
use views::{Figure, Section};

/// Where rendered files go, one at a time and from many threads: kept in memory, or
/// written to disk at once (see `dossier::compile` and `dossier::build`).
pub type Emit<'e> = &'e (dyn Fn(OutputFile) + Sync);

/// Which part of the site [`render`] makes.
pub enum Part<'p> {
    /// Every page and file: a build.
    All,
    /// The pages of these entries only, per edition (in the order of `sites`):
    /// `serve`, after an edit, first.
    Entries(&'p [Vec<EntryId>]),
    /// Every page and file but the entry pages, given those (per edition, every
    /// entry page in entry order): `serve`, after the entry pages.
    Rest(&'p [Vec<&'p EntryPage>]),
}

/// Renders `part` of the site with the parsed templates, handing each file to `emit`
/// as soon as it is made (in no particular order), and returns the entry pages it
/// rendered, per edition. `sites` are the language editions, the default first.
pub fn render(
    sites: &[&Site],
    tera: &Tera,
    statics: &[(String, Vec<u8>)],
    part: Part,
    emit: Emit,
    diagnostics: &mut Diagnostics,
) -> Vec<Vec<EntryPage>> {
    let mut timings = crate::support::Timings::start();
    let mut pages = Vec::new();
    let mut made = Vec::with_capacity(sites.len());
    // One renderer per edition; the default's also writes the files over all of them.
    let renderers: Vec<Cx> = sites
        .iter()
        .map(|site| Cx::new(site, tera).with_editions(sites))
        .collect();
    for (i, renderer) in renderers.iter().enumerate() {
        let entries = match part {
            Part::All => {
                // Entry pages in parallel, beside the pages over many entries (home,
                // lists, print).
                let (entries, lists) = rayon::join(
                    || {
                        renderer
                            .entry_pages(&renderer.site.page_entries().collect::<Vec<_>>(), emit)
                    },
                    || renderer.list_pages(emit),
                );
                timings.lap("  pages");
                pages.extend(
                    lists
                        .into_iter()
                        .chain(entries.iter().filter_map(|e| e.path.clone())),
                );
                let search: Vec<&search::Indexed> = entries.iter().map(|e| &e.search).collect();
                renderer.edition_files(&search, emit);
                entries
            }
            Part::Entries(ids) => renderer.entry_pages(ids.get(i).map_or(&[], Vec::as_slice), emit),
            Part::Rest(given) => {
                let given = given.get(i).map_or(&[][..], Vec::as_slice);
                pages.extend(renderer.list_pages(emit));
                pages.extend(given.iter().filter_map(|e| e.path.clone()));
                let search: Vec<&search::Indexed> = given.iter().map(|e| &e.search).collect();
                renderer.edition_files(&search, emit);
                Vec::new()
            }
        };
        renderer.report_failures(diagnostics);
        made.push(entries);
    }
    if !matches!(part, Part::Entries(_))
        && let Some(default) = renderers.first()
    {
        default.site_files(&pages, statics, emit, diagnostics);
        timings.lap("  indexes");
        default.report_failures(diagnostics);
    }
    made
}

/// An entry's page, rendered, and what the rest of the site needs of it.
#[derive(Debug)]
pub struct EntryPage {
    pub id: EntryId,
    /// Where it was written; `None` if its template failed (reported).
    pub path: Option<String>,
    /// The entries it read: when one of them changes, so may this page.
    pub reads: Reads,
    /// Its record in the search index.
    pub search: SearchRecord,
}

/// How to do what a static file at a generated path was meant to do.
fn generated_help(name: &str) -> &'static str {
    match name {
        "CNAME" => "remove it: `cname` in site.toml writes CNAME",
        "robots.txt" | "sitemap.xml" | ".nojekyll" => {
            "remove it: dossier writes this file from site.toml and the pages"
        }
        n if n.starts_with("syntax-") => {
            "remove it; to change how code looks, override the theme's `static/style.css`"
        }
        _ => "remove it, or rename it: dossier writes this file from the content",
    }
}

impl<'a> Cx<'a> {
    /// The files of this edition alone: its notes feed and its search index (from
    /// `search`, every entry page's record in entry order).
    pub fn edition_files(&self, search: &[&search::Indexed], emit: Emit) {
        let prefix = self.prefix();
        let (feed, search) = rayon::join(|| self.feed(), || search::index(search));
        for (path, bytes) in [
            ("feed.xml", feed.into_bytes()),
            ("search-index.json", search.into_bytes()),
        ] {
            emit(OutputFile {
                path: format!("{prefix}{path}"),
                bytes,
                template: None,
                source: None,
                continued: false,
            });
        }
    }

    /// The files over the whole site (every edition), once every page is rendered:
    /// sitemap, exports, then the static files. `pages`: the path of every page.
    pub fn site_files(
        &self,
        pages: &[String],
        statics: &[(String, Vec<u8>)],
        emit: Emit,
        diagnostics: &mut Diagnostics,
    ) {
        let search_pages: Vec<String> = self
            .editions
            .iter()
            .map(|s| format!("{}search/index.html", s.edition.prefix))
            .collect();
        let mut listed: Vec<String> = pages
            .iter()
            .filter(|p| *p != "404.html" && !search_pages.contains(p))
            .cloned()
            .collect();
        // The home page first, then by path.
        listed.sort_by(|a, b| (a != "index.html", a).cmp(&(b != "index.html", b)));
        let (sitemap, (json, csv)) = rayon::join(
            || self.sitemap(&listed),
            || rayon::join(|| self.json_export(), || self.csv_export()),
        );
        for (path, bytes) in [
            ("sitemap.xml", sitemap.into_bytes()),
            ("robots.txt", self.robots().into_bytes()),
            ("data/dossier.json", json.into_bytes()),
            ("data/deals.csv", csv),
        ] {
            emit(OutputFile {
                path: path.to_owned(),
                bytes,
                template: None,
                source: None,
                continued: false,
            });
        }
        self.statics(statics, pages, emit, diagnostics);
    }

    /// Renders the pages of the entries `ids`, in parallel, and hands each to `emit`.
    pub fn entry_pages(&self, ids: &[EntryId], emit: Emit) -> Vec<EntryPage> {
        ids.par_iter()
            .map(|&id| {
                let ((path, search), reads) = deps::recording(|| self.entry_page(id, emit));
                EntryPage {
                    id,
                    path,
                    reads,
                    search,
                }
            })
            .collect()
    }

    /// Renders the pages over many entries (home, collections, timeline, print edition,
    /// search, 404), hands each to `emit`, and returns their paths.
    pub fn list_pages(&self, emit: Emit) -> Vec<String> {
        let mut timings = crate::support::Timings::start();
        let mut out = Vec::new();
        self.home(&mut out);
        timings.lap("  home");
        let mut paths = Vec::new();
        self.lists(&mut out, emit, &mut paths);
        timings.lap("  lists");
        for file in out {
            paths.push(file.path.clone());
            emit(file);
        }
        paths
    }

    /// Renders an entry's page and hands it to `emit`; returns its path (`None` if its
    /// template failed) and its search record.
    fn entry_page(&self, id: EntryId, emit: Emit) -> (Option<String>, search::Indexed) {
        let entry = &self.entry(id);
        {
            let root = root_of(&entry.path);
            let view = self.entry_view(id, &root);
            let mut extra = Context::new();
            extra.insert("entry", &view);
            let section = match entry.kind() {
                Kind::Article => "article",
                kind => kind.folder().unwrap_or_default(),
            };
            let template = if entry.kind() == Kind::Article {
                "article.html"
            } else {
                "entry.html"
            };
            let mut meta = self.meta(
                entry.name.clone(),
                view.summary.clone(),
                &entry.path,
                section,
            );
            meta.content_lang = entry.lang.clone();
            let (og_type, jsonld) = self.entry_jsonld(id);
            meta.og_type = og_type;
            // Entry pages show their front matter highlighted; the article, only
            // what its body holds.
            meta.code = entry.kind() != Kind::Article || has_code(&view.body);
            meta.jsonld = publish::script_json(&jsonld);
            let doc = search::index_doc(&search::SearchDoc {
                path: &entry.path,
                title: &entry.name,
                kind: self.singular(entry.kind()),
                summary: view.summary.as_deref(),
                aliases: &view.aliases,
                body_html: &view.body,
            });
            let mut out = Vec::with_capacity(1);
            self.page(template, meta, extra, Some(entry.doc.body_file), &mut out);
            let path = out.pop().map(|file| {
                let path = file.path.clone();
                emit(file);
                path
            });
            (path, doc)
        }
    }

    /// The pages over many entries but the home page: collections, timeline, print
    /// edition, search, 404. The print edition goes to `emit` in pieces as it is
    /// made; its path is added to `printed`.
    fn lists(&self, out: &mut Vec<OutputFile>, emit: Emit, printed: &mut Vec<String>) {
        let prefix = self.prefix();
        for kind in Kind::COLLECTIONS {
            if self.site.of_kind(kind).next().is_none() {
                continue;
            }
            let folder = kind.folder().unwrap_or_default();
            let path = format!("{prefix}{folder}/");
            let root = root_of(&path);
            let title = self.plural_title(kind);
            let mut meta = self.meta(title.to_owned(), None, &path, folder);
            meta.jsonld = publish::script_json(&self.collection_jsonld(title, &path, Some(kind)));
            let mut extra = Context::new();
            match kind {
                Kind::Deal => {
                    extra.insert("deals", &self.deal_rows(&root));
                    self.page("deals.html", meta, extra, None, out);
                }
                Kind::Term => {
                    extra.insert("letters", &self.glossary(&root));
                    meta.code = true;
                    self.page("glossary.html", meta, extra, None, out);
                }
                _ => {
                    extra.insert("kind", kind.singular());
                    extra.insert("entries", &self.cards(kind, &root));
                    self.page("collection.html", meta, extra, None, out);
                }
            }
        }
        let path = format!("{prefix}timeline/");
        let title = self.t("nav_timeline");
        let mut meta = self.meta(title.to_owned(), None, &path, "timeline");
        meta.jsonld = publish::script_json(&self.collection_jsonld(title, &path, None));
        let mut extra = Context::new();
        extra.insert("years", &self.timeline(&root_of(&path)));
        self.page("timeline.html", meta, extra, None, out);

        let path = format!("{prefix}print/");
        let title = self.t("title_print");
        let mut meta = self.meta(title.to_owned(), None, &path, "print");
        meta.jsonld = publish::script_json(&self.collection_jsonld(title, &path, None));
        let (article, sections, parts) = self.print_edition();
        let mut extra = Context::new();
        extra.insert("article", &article);
        extra.insert("sections", &sections);
        extra.insert("deals", &self.deal_rows(&root_of(&path)));
        let mut page = Vec::with_capacity(1);
        meta.code = true;
        self.page("print.html", meta, extra, None, &mut page);
        if let Some(file) = page.pop() {
            printed.push(file.path.clone());
            self.splice(file, parts, emit);
        }

        let path = format!("{prefix}search/");
        let title = self.t("title_search");
        let mut meta = self.meta(title.to_owned(), None, &path, "search");
        meta.jsonld = publish::script_json(&self.collection_jsonld(title, &path, None));
        self.page("search.html", meta, Context::new(), None, out);

        // GitHub Pages serves 404.html for any missing path, at any depth: its links
        // start from the site's absolute path instead of a relative prefix. There is
        // one, in the default language.
        if prefix.is_empty() {
            let mut meta = self.meta(self.t("title_not_found").to_owned(), None, "404.html", "");
            meta.root = self.site.config.base_url.path().to_owned();
            self.page("404.html", meta, Context::new(), None, out);
        }
    }

    fn home(&self, out: &mut Vec<OutputFile>) {
        let path = self.prefix();
        let root = &root_of(path);
        let home = self.site.home();
        let mut extra = Context::new();
        let intro = home
            .map(|id| self.markdown(id, root, "", true))
            .unwrap_or_default();
        extra.insert("intro", &intro.html);
        extra.insert("references", &self.references(&intro, root));
        extra.insert("endnotes", &intro.endnotes);
        let deals = self.deal_rows(root);
        let figures: Vec<Figure> = deals
            .iter()
            .filter(|d| d.disclosed)
            .map(|d| Figure {
                value: d.amount.clone(),
                sources: d.sources.clone(),
                parties: format!(
                    "{} → {}",
                    d.investors
                        .iter()
                        .map(|l| l.text.as_str())
                        .collect::<Vec<_>>()
                        .join(", "),
                    d.recipient.as_ref().map_or("", |l| l.text.as_str())
                ),
                date: d.announced.clone(),
                label: d.title.clone(),
                href: d.href.clone(),
                status: d.status,
            })
            .collect();
        extra.insert("figures", &figures);
        extra.insert("deals", &deals);
        extra.insert(
            "article",
            &self.site.article().map(|id| self.link(id, root)),
        );
        let sections: Vec<Section> = Kind::COLLECTIONS
            .into_iter()
            .map(|kind| Section {
                title: self.plural_title(kind).to_owned(),
                href: format!("{root}{path}{}/", kind.folder().unwrap_or_default()),
                count: self.site.of_kind(kind).count(),
                // COLLECTIONS holds no home page or article.
                blurb: match kind {
                    Kind::Company => self.t("blurb_company"),
                    Kind::Person => self.t("blurb_person"),
                    Kind::Product => self.t("blurb_product"),
                    Kind::Deal => self.t("blurb_deal"),
                    Kind::Term => self.t("blurb_term"),
                    Kind::Source => self.t("blurb_source"),
                    Kind::Note => self.t("blurb_note"),
                    Kind::Home | Kind::Article => "",
                }
                .to_owned(),
            })
            .filter(|s| s.count > 0)
            .collect();
        extra.insert("sections", &sections);
        extra.insert("graph", &self.graph(None, root));
        let title = home.map_or_else(
            || self.site.config.title.clone(),
            |id| self.entry(id).name.clone(),
        );
        let summary =
            home.and_then(|id| self.entry(id).doc.front.common().summary.map(str::to_owned));
        let mut meta = self.meta(title, summary, path, "home");
        meta.content_lang = home.and_then(|id| self.entry(id).lang.clone());
        meta.code = has_code(&intro.html);
        if let Some(id) = home {
            meta.jsonld = publish::script_json(&self.entry_jsonld(id).1);
        }
        let source = home.map(|id| self.entry(id).doc.body_file);
        self.page("home.html", meta, extra, source, out);
    }

    /// The paths of the files, other than pages and the theme's own static files,
    /// that dossier writes: a static file may not take their place.
    fn generated_files(&self) -> std::collections::BTreeSet<String> {
        let mut paths: std::collections::BTreeSet<String> = [
            "sitemap.xml",
            "robots.txt",
            "data/dossier.json",
            "data/deals.csv",
            "syntax-light.css",
            "syntax-dark.css",
            ".nojekyll",
        ]
        .into_iter()
        .map(str::to_owned)
        .collect();
        for site in &self.editions {
            let prefix = &site.edition.prefix;
            paths.insert(format!("{prefix}feed.xml"));
            paths.insert(format!("{prefix}search-index.json"));
        }
        // Without `cname`, a CNAME of one's own is the way to keep one.
        if self.site.config.cname.is_some() {
            paths.insert("CNAME".to_owned());
        }
        paths
    }

    /// The theme's static files, the highlighting stylesheets and the dossier's own
    /// static files (which override the theme's, but never a page).
    fn statics(
        &self,
        own: &[(String, Vec<u8>)],
        pages: &[String],
        emit: Emit,
        diagnostics: &mut Diagnostics,
    ) {
        let mut files: BTreeMap<String, Vec<u8>> = BTreeMap::new();
        let (light, dark) = highlight::stylesheets();
        files.insert("syntax-light.css".into(), light.into_bytes());
        files.insert("syntax-dark.css".into(), dark.into_bytes());
        for (name, bytes) in theme::STATIC {
            files.insert(name.to_string(), theme::compact(name, bytes));
        }
        let pages: std::collections::HashSet<&str> = pages.iter().map(String::as_str).collect();
        let generated = self.generated_files();
        for (name, bytes) in own {
            // Served last, a copy would silently replace the file dossier makes from
            // the content (a stale feed, a sitemap of other pages).
            if generated.contains(name) {
                diagnostics.push(
                    Diagnostic::global(format!(
                        "`static/{name}` would replace the `{name}` that dossier writes"
                    ))
                    .with_help(generated_help(name)),
                );
                continue;
            }
            if pages.contains(name.as_str()) {
                diagnostics.push(
                    Diagnostic::global(format!(
                        "`static/{name}` would replace the page `{name}` that dossier writes"
                    ))
                    .with_help(
                        "rename or move the static file; to change a page, override its template",
                    ),
                );
                continue;
            }
            // A copy of a built-in file (the bundled dossier's own static/) is served
            // as the built-in one is; any other file exactly as written.
            let builtin = theme::STATIC
                .iter()
                .any(|(n, b)| *n == name.as_str() && *b == bytes.as_slice());
            let bytes = if builtin {
                theme::compact(name, bytes)
            } else {
                bytes.clone()
            };
            files.insert(name.clone(), bytes);
        }
        files.insert(".nojekyll".into(), Vec::new());
        if let Some(cname) = &self.site.config.cname {
            files.insert("CNAME".into(), format!("{cname}\n").into_bytes());
        }
        for (path, bytes) in files {
            emit(OutputFile {
                path,
                bytes,
                template: None,
                source: None,
                continued: false,
            });
        }
    }
}
