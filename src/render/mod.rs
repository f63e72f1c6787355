//! Render: the resolved [`Site`] in, every output file out (in memory).
//!
//! Builds one view value per page (the only types here that derive `Serialize`), runs
//! it through the Tera template of that page, and adds the theme's static files. The
//! URLs in views are always relative to the page being rendered (`../../deals/`), so
//! the output works at a domain root and under any sub-path. Never touches the disk.

use std::collections::BTreeMap;

use tera::{Context, Tera};

use crate::diagnostics::{Diagnostic, Diagnostics, FileId};
use crate::frontmatter::{Front, Kind, Status};
use crate::highlight::{self, Highlighter};
use crate::markdown::{self, LinkTarget};
use crate::resolve::{EntryId, Site};
use crate::theme;

/// One file of the built site.
#[derive(Debug, Clone)]
pub struct OutputFile {
    /// Path relative to the output folder, with `/` separators.
    pub path: String,
    pub bytes: Vec<u8>,
    /// The template that wrote it, for messages about its links.
    pub template: Option<String>,
    /// The content file it was rendered from.
    pub source: Option<FileId>,
}

mod entry;
mod lists;
mod views;

use views::{Figure, Link, NavItem, PageMeta, Section, SiteView, Value};

/// Renders every page and static file of the site.
pub fn render(
    site: &Site,
    templates: &[(String, FileId)],
    statics: &[(String, Vec<u8>)],
    diagnostics: &mut Diagnostics,
) -> Vec<OutputFile> {
    let Some(tera) = load_templates(site, templates, diagnostics) else {
        return Vec::new();
    };
    let renderer = Renderer {
        site,
        tera,
        highlighter: Highlighter::new(),
    };
    let mut out = Vec::new();
    renderer.pages(&mut out, diagnostics);
    renderer.statics(statics, &mut out);
    out.sort_by(|a, b| a.path.cmp(&b.path));
    out
}

/// The built-in templates, with the dossier's own overriding those of the same name.
fn load_templates(
    site: &Site,
    overrides: &[(String, FileId)],
    diagnostics: &mut Diagnostics,
) -> Option<Tera> {
    let mut sources: BTreeMap<String, (String, Option<FileId>)> = theme::TEMPLATES
        .iter()
        .map(|(name, text)| (name.to_string(), (text.to_string(), None)))
        .collect();
    for (name, file) in overrides {
        sources.insert(
            name.clone(),
            (site.files.get(*file).text.clone(), Some(*file)),
        );
    }
    let mut tera = Tera::default();
    tera.autoescape_on(vec![".html", ".xml"]);
    // Tera's default escaper also rewrites `/` as `&#x2F;`, which is valid but makes
    // every URL unreadable in the output; escape only what HTML needs.
    tera.set_escape_fn(markdown::escape);
    let mut ok = true;
    // Parse one at a time first, so a syntax error names its own file and line.
    for (name, (text, file)) in &sources {
        if let Err(err) = tera::Template::new(name, None, text) {
            ok = false;
            diagnostics.push(template_diagnostic(site, name, *file, &err));
        }
    }
    if !ok {
        return None;
    }
    let all: Vec<(&str, &str)> = sources
        .iter()
        .map(|(n, (t, _))| (n.as_str(), t.as_str()))
        .collect();
    match tera.add_raw_templates(all) {
        Ok(()) => Some(tera),
        Err(err) => {
            diagnostics.push(Diagnostic::global(format!(
                "templates do not fit together: {}",
                error_chain(&err)
            )));
            None
        }
    }
}

fn template_diagnostic(
    site: &Site,
    name: &str,
    file: Option<FileId>,
    err: &tera::Error,
) -> Diagnostic {
    let chain = error_chain(err);
    let Some(file) = file else {
        return Diagnostic::global(format!(
            "built-in template `{name}` does not parse: {chain}"
        ));
    };
    // pest reports ` --> line:col`; map it to a span in the template file.
    let position = chain.split("--> ").nth(1).and_then(|rest| {
        let mut numbers = rest
            .split(|c: char| !c.is_ascii_digit())
            .filter(|s| !s.is_empty());
        Some((
            numbers.next()?.parse::<usize>().ok()?,
            numbers.next()?.parse::<usize>().ok()?,
        ))
    });
    let text = &site.files.get(file).text;
    let span = position.map_or(0..0, |(line, col)| {
        let start: usize = text
            .split_inclusive('\n')
            .take(line.saturating_sub(1))
            .map(str::len)
            .sum();
        let offset = text[start..]
            .char_indices()
            .nth(col.saturating_sub(1))
            .map_or(text.len(), |(i, _)| start + i);
        offset..offset
    });
    Diagnostic::new(file, span, format!("template `{name}` does not parse"))
        .with_note(chain)
        .with_help("fix the template, or delete it to use the built-in one")
}

/// A Tera error and all its causes on one line.
fn error_chain(err: &tera::Error) -> String {
    let mut parts = vec![err.to_string()];
    let mut source = std::error::Error::source(err);
    while let Some(cause) = source {
        parts.push(cause.to_string());
        source = cause.source();
    }
    parts.join(": ")
}

struct Renderer<'a> {
    site: &'a Site,
    tera: Tera,
    highlighter: Highlighter,
}

/// Relative prefix from a page at `path` to the site root.
fn root_of(path: &str) -> String {
    let depth = path.matches('/').count();
    if depth == 0 {
        "./".to_owned()
    } else {
        "../".repeat(depth)
    }
}

fn status_label(status: Option<Status>) -> Option<&'static str> {
    status.map(Status::as_str)
}

/// An external URL, if it is one a reader may safely follow (http or https).
fn safe_url(url: &str) -> Option<String> {
    let lower = url.trim().to_ascii_lowercase();
    (lower.starts_with("https://") || lower.starts_with("http://")).then(|| url.trim().to_owned())
}

impl Renderer<'_> {
    fn href(&self, id: EntryId, root: &str) -> String {
        let path = &self.site.entries[id].path;
        if path.is_empty() {
            root.to_owned()
        } else {
            format!("{root}{path}")
        }
    }

    fn link(&self, id: EntryId, root: &str) -> Link {
        let entry = &self.site.entries[id];
        Link {
            text: entry.name.clone(),
            href: self.href(id, root),
            title: entry.doc.front.common().summary.map(str::to_owned),
        }
    }

    fn link_slug(&self, slug: &str, root: &str) -> Option<Link> {
        self.site.id_of(slug).map(|id| self.link(id, root))
    }

    fn value_slug(&self, slug: &str, root: &str, note: Option<String>) -> Option<Value> {
        self.link_slug(slug, root).map(|l| Value {
            text: l.text,
            href: Some(l.href),
            external: false,
            note,
        })
    }

    /// Short links to sources, for tables and fact lines: the publisher as the text,
    /// the full title as the tooltip.
    fn sources(&self, slugs: &[toml::Spanned<String>], root: &str) -> Vec<Link> {
        slugs
            .iter()
            .filter_map(|s| {
                let id = self.site.id_of(s.get_ref())?;
                let mut link = self.link(id, root);
                if let Front::Source(source) = &self.site.entries[id].doc.front {
                    link.title = Some(link.text.clone());
                    link.text = source.publisher.clone();
                }
                Some(link)
            })
            .collect()
    }

    fn markdown(&self, id: EntryId, root: &str) -> String {
        let resolve = |target: &str| -> Option<LinkTarget> {
            self.site.lookup(target).map(|to| {
                let link = self.link(to, root);
                // `[[slug]]` shows the entry's name; `[[a name or alias]]` shows the
                // words as written, so "[[large language model]]" keeps its case.
                let by_slug = self.site.entries[to].slug() == target;
                LinkTarget {
                    href: link.href,
                    name: if by_slug {
                        link.text
                    } else {
                        target.to_owned()
                    },
                    summary: link.title,
                }
            })
        };
        markdown::to_html(self.site.body(id), &self.highlighter, &resolve)
    }

    fn meta(
        &self,
        title: String,
        description: Option<String>,
        path: &str,
        section: &'static str,
    ) -> PageMeta {
        PageMeta {
            title,
            description: description.or_else(|| self.site.config.description.clone()),
            path: path.to_owned(),
            canonical: format!("{}{path}", self.site.config.base_url),
            root: root_of(path),
            section,
        }
    }

    fn nav(&self, root: &str, section: &str) -> Vec<NavItem> {
        let mut nav = vec![NavItem {
            title: "Home",
            href: root.to_owned(),
            current: section == "home",
        }];
        if self.site.article().is_some() {
            nav.push(NavItem {
                title: "Article",
                href: format!("{root}article/"),
                current: section == "article",
            });
        }
        for kind in Kind::COLLECTIONS {
            if self.site.of_kind(kind).next().is_some() {
                let folder = kind.folder().unwrap_or_default();
                nav.push(NavItem {
                    title: kind.plural_title(),
                    href: format!("{root}{folder}/"),
                    current: section == folder,
                });
            }
        }
        nav
    }

    fn page(
        &self,
        template: &str,
        meta: PageMeta,
        extra: Context,
        source: Option<FileId>,
        out: &mut Vec<OutputFile>,
        diagnostics: &mut Diagnostics,
    ) {
        let config = &self.site.config;
        let mut context = Context::new();
        context.insert(
            "site",
            &SiteView {
                title: config.title.clone(),
                description: config.description.clone(),
                language: config.language.clone(),
                author: config.author.clone(),
            },
        );
        context.insert("nav", &self.nav(&meta.root, meta.section));
        context.insert("root", &meta.root);
        context.extend(extra);
        let path = if meta.path.is_empty() || meta.path.ends_with('/') {
            format!("{}index.html", meta.path)
        } else {
            meta.path.clone()
        };
        context.insert("page", &meta);
        match self.tera.render(template, &context) {
            Ok(html) => out.push(OutputFile {
                path,
                bytes: html.into_bytes(),
                template: Some(template.to_owned()),
                source,
            }),
            Err(err) => {
                let what = source.map_or_else(
                    || meta.path.clone(),
                    |f| self.site.files.get(f).path.clone(),
                );
                let mut diagnostic = Diagnostic::global(format!(
                    "template `{template}` failed while rendering `{what}`"
                ))
                .with_note(error_chain(&err));
                diagnostic = diagnostic.with_help(format!(
                    "check `templates/{template}`: a variable it uses may be missing for this page"
                ));
                diagnostics.push(diagnostic);
            }
        }
    }

    fn pages(&self, out: &mut Vec<OutputFile>, diagnostics: &mut Diagnostics) {
        self.home(out, diagnostics);
        for (id, entry) in self.site.entries.iter().enumerate() {
            if entry.kind() == Kind::Home {
                continue;
            }
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
            let meta = self.meta(
                entry.name.clone(),
                view.summary.clone(),
                &entry.path,
                section,
            );
            self.page(
                template,
                meta,
                extra,
                Some(entry.doc.file),
                out,
                diagnostics,
            );
        }
        for kind in Kind::COLLECTIONS {
            if self.site.of_kind(kind).next().is_none() {
                continue;
            }
            let folder = kind.folder().unwrap_or_default();
            let path = format!("{folder}/");
            let root = root_of(&path);
            let meta = self.meta(kind.plural_title().to_owned(), None, &path, folder);
            let mut extra = Context::new();
            match kind {
                Kind::Deal => {
                    extra.insert("deals", &self.deal_rows(&root));
                    self.page("deals.html", meta, extra, None, out, diagnostics);
                }
                Kind::Term => {
                    extra.insert("letters", &self.glossary(&root));
                    self.page("glossary.html", meta, extra, None, out, diagnostics);
                }
                _ => {
                    extra.insert("kind", kind.singular());
                    extra.insert("entries", &self.cards(kind, &root));
                    self.page("collection.html", meta, extra, None, out, diagnostics);
                }
            }
        }
        // GitHub Pages serves 404.html for any missing path, at any depth: its links
        // start from the site's absolute path instead of a relative prefix.
        let mut meta = self.meta("Page not found".to_owned(), None, "404.html", "");
        meta.root = crate::base_path(&self.site.config.base_url);
        let mut extra = Context::new();
        extra.insert("root", &meta.root);
        self.page("404.html", meta, extra, None, out, diagnostics);
    }

    fn home(&self, out: &mut Vec<OutputFile>, diagnostics: &mut Diagnostics) {
        let root = "./";
        let home = self.site.home();
        let mut extra = Context::new();
        extra.insert(
            "intro",
            &home.map(|id| self.markdown(id, root)).unwrap_or_default(),
        );
        let deals = self.deal_rows(root);
        let figures: Vec<Figure> = deals
            .iter()
            .filter(|d| d.amount != "undisclosed" && !d.amount.is_empty())
            .map(|d| Figure {
                value: d.amount.clone(),
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
                title: kind.plural_title(),
                href: format!("{root}{}/", kind.folder().unwrap_or_default()),
                count: self.site.of_kind(kind).count(),
                blurb: match kind {
                    Kind::Company => "Who invests, who builds, who owns whom.",
                    Kind::Person => "The executives and what they said.",
                    Kind::Product => "Models, chatbots and cloud services.",
                    Kind::Deal => "Every investment side by side.",
                    Kind::Term => "The jargon, defined.",
                    Kind::Source => "Where every fact comes from.",
                    Kind::Note => "Analysis that connects the dots.",
                    Kind::Home | Kind::Article => "",
                },
            })
            .filter(|s| s.count > 0)
            .collect();
        extra.insert("sections", &sections);
        let title = home.map_or_else(
            || self.site.config.title.clone(),
            |id| self.site.entries[id].name.clone(),
        );
        let summary = home.and_then(|id| {
            self.site.entries[id]
                .doc
                .front
                .common()
                .summary
                .map(str::to_owned)
        });
        let meta = self.meta(title, summary, "", "home");
        self.page(
            "home.html",
            meta,
            extra,
            home.map(|id| self.site.entries[id].doc.file),
            out,
            diagnostics,
        );
    }

    fn statics(&self, own: &[(String, Vec<u8>)], out: &mut Vec<OutputFile>) {
        let mut files: BTreeMap<String, Vec<u8>> = BTreeMap::new();
        let (light, dark) = highlight::stylesheets();
        files.insert("syntax-light.css".into(), light.into_bytes());
        files.insert("syntax-dark.css".into(), dark.into_bytes());
        for (name, bytes) in theme::STATIC {
            files.insert(name.to_string(), bytes.to_vec());
        }
        // The dossier's own static files override the theme's.
        for (name, bytes) in own {
            files.insert(name.clone(), bytes.clone());
        }
        files.insert(".nojekyll".into(), Vec::new());
        if let Some(cname) = &self.site.config.cname {
            files.insert("CNAME".into(), format!("{cname}\n").into_bytes());
        }
        out.extend(files.into_iter().map(|(path, bytes)| OutputFile {
            path,
            bytes,
            template: None,
            source: None,
        }));
    }
}
