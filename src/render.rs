//! Render: the resolved [`Site`] in, every output file out (in memory).
//!
//! Builds one view value per page (the only types here that derive `Serialize`), runs
//! it through the Tera template of that page, and adds the theme's static files. The
//! URLs in views are always relative to the page being rendered (`../../deals/`), so
//! the output works at a domain root and under any sub-path. Never touches the disk.

use std::collections::BTreeMap;

use serde::Serialize;
use tera::{Context, Tera};

use crate::diagnostics::{Diagnostic, Diagnostics, FileId};
use crate::format;
use crate::frontmatter::{Fact, Front, Kind, PartialDate, Status};
use crate::highlight::{self, Highlighter};
use crate::markdown::{self, LinkTarget};
use crate::resolve::{EntryId, Site, Via};
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

// ---------------------------------------------------------------------------------
// View types: what templates see.

#[derive(Debug, Clone, Serialize)]
struct Link {
    text: String,
    href: String,
    /// Tooltip: the target's summary.
    title: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
struct Value {
    text: String,
    href: Option<String>,
    /// A link that leaves the site.
    external: bool,
    /// Extra words after the value ("CEO, since 2019").
    note: Option<String>,
}

/// One row of an infobox.
#[derive(Debug, Clone, Serialize)]
struct Row {
    label: String,
    values: Vec<Value>,
    status: Option<&'static str>,
    sources: Vec<Link>,
}

#[derive(Debug, Clone, Serialize)]
struct DealRow {
    title: String,
    href: String,
    investors: Vec<Link>,
    recipient: Option<Link>,
    announced: String,
    /// ISO date, for sorting.
    announced_iso: String,
    amount: String,
    amount_sort: u64,
    stake: String,
    stake_sort: f64,
    cloud: Option<Link>,
    cloud_note: String,
    status: Option<&'static str>,
    sources: Vec<Link>,
}

#[derive(Debug, Clone, Serialize)]
struct Card {
    name: String,
    href: String,
    summary: Option<String>,
    kind: &'static str,
    /// A short line under the name (date, publisher, maker…).
    meta: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
struct BacklinkView {
    text: String,
    href: String,
    kind: &'static str,
    /// The front matter keys that name this entry ("investor"); empty when the page
    /// only mentions it in its text.
    via: Vec<&'static str>,
    /// Whether the page mentions the entry in its text.
    mentions: bool,
}

#[derive(Debug, Clone, Serialize)]
struct QuoteView {
    text: String,
    lang: Option<String>,
    translation: Option<String>,
    paraphrase: bool,
    source: Option<Link>,
    date: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
struct EntryView {
    slug: String,
    kind: &'static str,
    kind_title: &'static str,
    kind_href: Option<String>,
    name: String,
    summary: Option<String>,
    aliases: Vec<String>,
    infobox: Vec<Row>,
    body: String,
    quotes: Vec<QuoteView>,
    deals: Vec<DealRow>,
    backlinks: Vec<BacklinkView>,
    /// The front matter, highlighted as TOML.
    source_data: String,
}

#[derive(Debug, Clone, Serialize)]
struct NavItem {
    title: &'static str,
    href: String,
    current: bool,
}

#[derive(Debug, Clone, Serialize)]
struct PageMeta {
    title: String,
    description: Option<String>,
    /// Site-relative path of this page.
    path: String,
    canonical: String,
    /// Relative prefix from this page to the site root (`../../`, `./`).
    root: String,
    /// Which section the page belongs to, for the navigation.
    section: &'static str,
}

#[derive(Debug, Clone, Serialize)]
struct SiteView {
    title: String,
    description: Option<String>,
    language: String,
    author: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
struct Figure {
    value: String,
    /// "Google → Anthropic".
    parties: String,
    date: String,
    label: String,
    href: String,
    status: Option<&'static str>,
}

#[derive(Debug, Clone, Serialize)]
struct Section {
    title: &'static str,
    href: String,
    count: usize,
    blurb: &'static str,
}

#[derive(Debug, Clone, Serialize)]
struct GlossaryTerm {
    id: String,
    term: String,
    href: String,
    aliases: Vec<String>,
    definition: String,
}

#[derive(Debug, Clone, Serialize)]
struct Letter {
    letter: String,
    id: String,
    terms: Vec<GlossaryTerm>,
}

// ---------------------------------------------------------------------------------

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
                LinkTarget {
                    href: link.href,
                    name: link.text,
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

    fn entry_view(&self, id: EntryId, root: &str) -> EntryView {
        let entry = &self.site.entries[id];
        let common = entry.doc.front.common();
        let kind = entry.kind();
        // One item per linking page, however many ways it links here.
        let mut backlinks: Vec<BacklinkView> = Vec::new();
        let mut last_from = None;
        for b in &self.site.backlinks[id] {
            if last_from != Some(b.from) {
                let from = &self.site.entries[b.from];
                backlinks.push(BacklinkView {
                    text: from.name.clone(),
                    href: self.href(b.from, root),
                    kind: from.kind().singular(),
                    via: Vec::new(),
                    mentions: false,
                });
                last_from = Some(b.from);
            }
            if let Some(item) = backlinks.last_mut() {
                match b.via {
                    Via::Mention => item.mentions = true,
                    Via::Key(key) if !item.via.contains(&key) => item.via.push(key),
                    Via::Key(_) => {}
                }
            }
        }
        // Deals that name this entry in their front matter, then (for a deal) the
        // deals it names as related.
        let mut deal_ids: Vec<EntryId> = self.site.backlinks[id]
            .iter()
            .filter(|b| {
                matches!(b.via, Via::Key(_)) && self.site.entries[b.from].kind() == Kind::Deal
            })
            .map(|b| b.from)
            .collect();
        if let Front::Deal(deal) = &entry.doc.front {
            deal_ids.extend(
                deal.related
                    .iter()
                    .filter_map(|s| self.site.id_of(s.get_ref())),
            );
        }
        deal_ids.sort();
        deal_ids.dedup();
        let mut deals: Vec<DealRow> = deal_ids
            .into_iter()
            .filter_map(|d| self.deal_row(d, root))
            .collect();
        deals.sort_by(|a, b| {
            a.announced_iso
                .cmp(&b.announced_iso)
                .then(a.title.cmp(&b.title))
        });

        let quotes = match &entry.doc.front {
            Front::Person(person) => person
                .quotes
                .iter()
                .map(|q| QuoteView {
                    text: q.text.clone(),
                    lang: q.lang.clone(),
                    translation: q.translation.clone(),
                    paraphrase: q.paraphrase,
                    source: self.link_slug(q.source.get_ref(), root),
                    date: q.date.map(format::date),
                })
                .collect(),
            _ => Vec::new(),
        };
        EntryView {
            slug: entry.slug().to_owned(),
            kind: kind.singular(),
            kind_title: kind.plural_title(),
            kind_href: kind.folder().map(|f| format!("{root}{f}/")),
            name: entry.name.clone(),
            summary: common.summary.map(str::to_owned),
            aliases: common.aliases.iter().map(|a| a.get_ref().clone()).collect(),
            infobox: self.infobox(id, root),
            body: self.markdown(id, root),
            quotes,
            deals,
            backlinks,
            source_data: self
                .highlighter
                .block(self.site.front_text(id).trim_end(), "toml"),
        }
    }

    fn infobox(&self, id: EntryId, root: &str) -> Vec<Row> {
        let entry = &self.site.entries[id];
        let mut rows = Vec::new();
        let text = |label: &str, value: Option<String>, rows: &mut Vec<Row>| {
            if let Some(value) = value {
                rows.push(row(label, vec![plain(value)]));
            }
        };
        match &entry.doc.front {
            Front::Home(_) => {}
            Front::Article(a) => {
                if let Some(source) = a
                    .source
                    .as_ref()
                    .and_then(|s| self.value_slug(s.get_ref(), root, None))
                {
                    rows.push(row("Source", vec![source]));
                }
                text("Date", a.date.map(format::date), &mut rows);
                text("Language", a.language.clone(), &mut rows);
            }
            Front::Company(c) => {
                text("Kind", c.kind.clone(), &mut rows);
                text("Founded", c.founded.map(format::date), &mut rows);
                text("Headquarters", c.headquarters.clone(), &mut rows);
                if let Some(url) = c.website.as_deref().and_then(safe_url) {
                    rows.push(row("Website", vec![external(&url)]));
                }
                if let Some(parent) = c
                    .parent
                    .as_ref()
                    .and_then(|p| self.value_slug(p.get_ref(), root, None))
                {
                    rows.push(row("Parent", vec![parent]));
                }
                let subsidiaries: Vec<Value> = self.site.backlinks[id]
                    .iter()
                    .filter(|b| b.via == Via::Key("parent"))
                    .filter_map(|b| self.value_slug(self.site.entries[b.from].slug(), root, None))
                    .collect();
                if !subsidiaries.is_empty() {
                    rows.push(row("Subsidiaries", subsidiaries));
                }
                let leaders: Vec<Value> = c
                    .leaders
                    .iter()
                    .filter_map(|l| {
                        let note = match l.since {
                            Some(since) => format!("{}, since {}", l.role, format::date(since)),
                            None => l.role.clone(),
                        };
                        self.value_slug(l.person.get_ref(), root, Some(note))
                    })
                    .collect();
                if !leaders.is_empty() {
                    rows.push(row("Leaders", leaders));
                }
                let products: Vec<Value> = c
                    .products
                    .iter()
                    .filter_map(|p| self.value_slug(p.get_ref(), root, None))
                    .collect();
                if !products.is_empty() {
                    rows.push(row("Products", products));
                }
                rows.extend(self.facts(&c.facts, root));
            }
            Front::Person(p) => {
                let roles: Vec<Value> = p
                    .roles
                    .iter()
                    .filter_map(|r| {
                        let note = match r.since {
                            Some(since) => format!("{}, since {}", r.title, format::date(since)),
                            None => r.title.clone(),
                        };
                        self.value_slug(r.org.get_ref(), root, Some(note))
                    })
                    .collect();
                if !roles.is_empty() {
                    rows.push(row("Roles", roles));
                }
            }
            Front::Product(p) => {
                if let Some(maker) = p
                    .maker
                    .as_ref()
                    .and_then(|m| self.value_slug(m.get_ref(), root, None))
                {
                    rows.push(row("Maker", vec![maker]));
                }
                text("Kind", p.kind.clone(), &mut rows);
                text("Launched", p.launched.map(format::date), &mut rows);
                text(
                    "Parameters",
                    p.parameters.map(format::large_number),
                    &mut rows,
                );
                if let Some(base) = p
                    .based_on
                    .as_ref()
                    .and_then(|b| self.value_slug(b.get_ref(), root, None))
                {
                    rows.push(row("Based on", vec![base]));
                }
                rows.extend(self.facts(&p.facts, root));
            }
            Front::Deal(d) => {
                if let Some(deal) = self.deal_row(id, root) {
                    rows.push(row(
                        "Investor",
                        deal.investors.iter().map(link_value).collect(),
                    ));
                    if let Some(recipient) = &deal.recipient {
                        rows.push(row("Recipient", vec![link_value(recipient)]));
                    }
                    rows.push(row("Announced", vec![plain(deal.announced.clone())]));
                    if d.amount.is_some() {
                        rows.push(Row {
                            status: deal.status,
                            sources: deal.sources.clone(),
                            ..row("Amount", vec![plain(deal.amount.clone())])
                        });
                    }
                    if d.stake.is_some() {
                        rows.push(Row {
                            status: deal.status,
                            sources: deal.sources.clone(),
                            ..row("Stake", vec![plain(deal.stake.clone())])
                        });
                    }
                    if let Some(cloud) = &deal.cloud {
                        let mut value = link_value(cloud);
                        value.note = Some(deal.cloud_note.clone()).filter(|n| !n.is_empty());
                        rows.push(row("Cloud", vec![value]));
                    }
                }
                if !d.terms.is_empty() {
                    rows.push(row("Terms", d.terms.iter().cloned().map(plain).collect()));
                }
                if let Some(status) = d.status {
                    rows.push(Row {
                        status: Some(status.as_str()),
                        ..row("Status", vec![plain(status_sentence(status).to_owned())])
                    });
                }
                rows.extend(self.facts(&d.facts, root));
            }
            Front::Term(t) => {
                let related: Vec<Value> = t
                    .related
                    .iter()
                    .filter_map(|r| self.value_slug(r.get_ref(), root, None))
                    .collect();
                if !related.is_empty() {
                    rows.push(row("Related terms", related));
                }
            }
            Front::Source(s) => {
                text("Publisher", Some(s.publisher.clone()), &mut rows);
                text("Author", s.author.clone(), &mut rows);
                text("Date", s.date.map(format::date), &mut rows);
                text("Kind", s.kind.clone(), &mut rows);
                text("Language", s.language.clone(), &mut rows);
                if let Some(url) = s.url.as_deref().and_then(safe_url) {
                    rows.push(row("Link", vec![external(&url)]));
                }
            }
            Front::Note(n) => {
                text("Date", n.date.map(format::date), &mut rows);
                if !n.tags.is_empty() {
                    rows.push(row("Tags", n.tags.iter().cloned().map(plain).collect()));
                }
            }
        }
        let common = entry.doc.front.common();
        if !common.aliases.is_empty() {
            rows.push(row(
                "Also known as",
                common
                    .aliases
                    .iter()
                    .map(|a| plain(a.get_ref().clone()))
                    .collect(),
            ));
        }
        let sources: Vec<Value> = common
            .sources
            .iter()
            .filter_map(|s| self.value_slug(s.get_ref(), root, None))
            .collect();
        if !sources.is_empty() {
            rows.push(row("Sources", sources));
        }
        text("Updated", common.updated.map(format::date), &mut rows);
        rows
    }

    fn facts(&self, facts: &[Fact], root: &str) -> Vec<Row> {
        facts
            .iter()
            .map(|f| {
                let mut value = plain(f.value.clone());
                value.note = f.date.map(format::date);
                Row {
                    status: status_label(f.status),
                    sources: self.sources(&f.sources, root),
                    ..row(&f.label, vec![value])
                }
            })
            .collect()
    }

    fn deal_row(&self, id: EntryId, root: &str) -> Option<DealRow> {
        let entry = &self.site.entries[id];
        let Front::Deal(d) = &entry.doc.front else {
            return None;
        };
        let (cloud, cloud_note) = match &d.cloud {
            Some(c) => {
                let mut note = c.service.clone().unwrap_or_default();
                if c.exclusive {
                    note = if note.is_empty() {
                        "exclusive".to_owned()
                    } else {
                        format!("{note}, exclusive")
                    };
                }
                (self.link_slug(c.provider.get_ref(), root), note)
            }
            None => (None, String::new()),
        };
        Some(DealRow {
            title: entry.name.clone(),
            href: self.href(id, root),
            investors: crate::frontmatter::slugs_of(&d.investor)
                .iter()
                .filter_map(|s| self.link_slug(s.get_ref(), root))
                .collect(),
            recipient: self.link_slug(d.recipient.get_ref(), root),
            announced: format::date(d.announced),
            announced_iso: d.announced.to_string(),
            amount: d.amount.as_ref().map(format::amount).unwrap_or_default(),
            amount_sort: d.amount.as_ref().map_or(0, format::amount_sort_key),
            stake: d.stake.map(format::stake).unwrap_or_default(),
            stake_sort: d.stake.map_or(0.0, |s| s.percent),
            cloud,
            cloud_note,
            status: status_label(d.status),
            sources: self.sources(entry.doc.front.common().sources, root),
        })
    }

    fn deal_rows(&self, root: &str) -> Vec<DealRow> {
        let mut rows: Vec<DealRow> = self
            .site
            .of_kind(Kind::Deal)
            .filter_map(|(id, _)| self.deal_row(id, root))
            .collect();
        rows.sort_by(|a, b| {
            a.announced_iso
                .cmp(&b.announced_iso)
                .then(a.title.cmp(&b.title))
        });
        rows
    }

    fn cards(&self, kind: Kind, root: &str) -> Vec<Card> {
        let mut cards: Vec<(Option<PartialDate>, String, Card)> = self
            .site
            .of_kind(kind)
            .map(|(id, e)| {
                let (meta, date) = match &e.doc.front {
                    Front::Note(n) => (n.date.map(format::date), n.date),
                    Front::Source(s) => (
                        Some(match s.date {
                            Some(d) => format!("{}, {}", s.publisher, format::date(d)),
                            None => s.publisher.clone(),
                        }),
                        None,
                    ),
                    Front::Product(p) => (
                        p.maker
                            .as_ref()
                            .and_then(|m| self.site.by_slug(m.get_ref()))
                            .map(|m| format!("by {}", m.name)),
                        None,
                    ),
                    _ => (None, None),
                };
                let card = Card {
                    name: e.name.clone(),
                    href: self.href(id, root),
                    summary: e.doc.front.common().summary.map(str::to_owned),
                    kind: kind.singular(),
                    meta,
                };
                (date, e.name.to_lowercase(), card)
            })
            .collect();
        // Newest first where entries are dated (notes), then by name.
        cards.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| a.1.cmp(&b.1)));
        cards.into_iter().map(|(_, _, c)| c).collect()
    }

    fn glossary(&self, root: &str) -> Vec<Letter> {
        let mut by_letter: BTreeMap<String, Vec<(String, GlossaryTerm)>> = BTreeMap::new();
        for (id, e) in self.site.of_kind(Kind::Term) {
            let first = e
                .name
                .chars()
                .next()
                .map(crate::frontmatter::fold_accent)
                .unwrap_or('#');
            let letter = if first.is_alphabetic() {
                first.to_uppercase().to_string()
            } else {
                "#".to_owned()
            };
            by_letter.entry(letter).or_default().push((
                e.name.to_lowercase(),
                GlossaryTerm {
                    id: format!("term-{}", e.slug()),
                    term: e.name.clone(),
                    href: self.href(id, root),
                    aliases: e
                        .doc
                        .front
                        .common()
                        .aliases
                        .iter()
                        .map(|a| a.get_ref().clone())
                        .collect(),
                    definition: self.markdown(id, root),
                },
            ));
        }
        by_letter
            .into_iter()
            .map(|(letter, mut terms)| {
                terms.sort_by(|a, b| a.0.cmp(&b.0));
                Letter {
                    id: format!(
                        "letter-{}",
                        if letter == "#" {
                            "other".to_owned()
                        } else {
                            letter.to_lowercase()
                        }
                    ),
                    letter,
                    terms: terms.into_iter().map(|(_, t)| t).collect(),
                }
            })
            .collect()
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

fn row(label: &str, values: Vec<Value>) -> Row {
    Row {
        label: label.to_owned(),
        values,
        status: None,
        sources: Vec::new(),
    }
}

fn plain(text: String) -> Value {
    Value {
        text,
        href: None,
        external: false,
        note: None,
    }
}

fn external(url: &str) -> Value {
    Value {
        text: url
            .trim_start_matches("https://")
            .trim_start_matches("http://")
            .trim_end_matches('/')
            .to_owned(),
        href: Some(url.to_owned()),
        external: true,
        note: None,
    }
}

fn link_value(link: &Link) -> Value {
    Value {
        text: link.text.clone(),
        href: Some(link.href.clone()),
        external: false,
        note: None,
    }
}

fn status_sentence(status: Status) -> &'static str {
    match status {
        Status::Confirmed => "Confirmed by the parties",
        Status::Reported => "Reported by the press; not confirmed by the parties",
        Status::Rumoured => "Rumoured; not confirmed",
        Status::Denied => "Denied by the parties",
    }
}
