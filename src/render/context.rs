//! The shared context of the producers, [`Cx`]: one edition's site and templates,
//! the only way to read the site (each read recorded for `serve`, see `deps`), and
//! what making any page needs (its metadata and navigation, links to entries and
//! sources, an entry's body as HTML, the template call that records its failures).

use std::collections::BTreeMap;
use std::sync::Mutex;

use rustc_hash::FxHashMap;
use tera::{Context, Tera};

use super::OutputFile;
use super::deps::{self, Reads};
use super::views::{
    Alternate, CitedQuote, ImageView, Link, NavItem, PageMeta, ReferenceView, SiteView,
};
use crate::config::{Edition, SiteConfig};
use crate::diagnostics::{Diagnostic, Diagnostics, FileId};
use crate::html::PageLinks;
use crate::markdown::{self, LinkTarget, Rendered};
use crate::model::{Front, Kind, Menu, SourceRef};
use crate::resolve::{Backlink, Cited, Entry, EntryId, Said, Site};
use crate::resolve::{Deal, Event, Relations};
use crate::support::lock;
use crate::templates::{error_chain, failing_template};
use crate::theme;

/// What the render of one edition keeps over several calls of
/// [`render`](super::render): the template failures met, reported when the caller
/// asks (one mistake in a template is reported once, not once per page nor once per
/// part of the site rendered on its own); and, for `serve`, each entry's piece of the
/// print edition, made again only when what it read changed (see `crate::session`).
#[derive(Default)]
pub struct Kept {
    /// Render failures by (template, cause), with the pages they happened on. Pages
    /// render in parallel, hence the lock (taken only when a page fails).
    failures: Mutex<BTreeMap<(String, String), Vec<String>>>,
    /// The print edition's entries, by entry, when kept.
    print: Option<Mutex<FxHashMap<EntryId, Printed>>>,
}

/// One entry's piece of the print edition, as [`Kept`] keeps it.
struct Printed {
    /// The root of the page it was made for: a piece is made again on another page.
    root: String,
    html: String,
    links: PageLinks,
    reads: Reads,
}

impl Kept {
    /// Keeping the print edition's entries as well (`serve`).
    pub fn with_print() -> Kept {
        Kept {
            print: Some(Mutex::default()),
            ..Kept::default()
        }
    }

    /// Whether the pages made with it are made again after an edit (`serve`, which
    /// keeps the print edition's pieces): only then is what each page reads recorded.
    fn remakes_pages(&self) -> bool {
        self.print.is_some()
    }

    /// Reports the template failures met so far (once per template and cause).
    pub fn report(&self, diagnostics: &mut Diagnostics) {
        let failures = std::mem::take(&mut *lock(&self.failures));
        for ((template, cause), pages) in failures {
            let more = match pages.len() {
                1 => String::new(),
                n => format!(" and {} other page{}", n - 1, if n == 2 { "" } else { "s" }),
            };
            diagnostics.push(
                Diagnostic::global(format!(
                    "template `{template}` failed while rendering {}{more}",
                    pages[0]
                ))
                .with_note(cause)
                .with_help(format!(
                    "fix `templates/{template}` (or delete it to use the built-in one); \
                     the variables each template receives are listed in docs/content.md"
                )),
            );
        }
    }

    /// Forgets every kept piece of the print edition that `stale` says is out of
    /// date, given its entry and what it read.
    pub fn forget_print(&self, stale: impl Fn(EntryId, &Reads) -> bool) {
        if let Some(print) = &self.print {
            lock(print).retain(|&id, printed| !stale(id, &printed.reads));
        }
    }
}

/// What every producer of one edition's pages and files shares: the resolved site
/// and the templates, and the helpers that make any page.
///
/// The site is private to this module: a producer reads an entry, or what the model
/// derived from entries, only through the methods here, which record the read for
/// the page being rendered (`deps`). That record is how `serve` knows which pages an
/// edit affects, so no producer can leave a read out of it.
pub(super) struct Cx<'a> {
    site: &'a Site,
    tera: &'a Tera,
    /// What this edition's render keeps over several calls.
    kept: &'a Kept,
    /// Glossary terms to link at their first mention (`autolink_terms`).
    autolinker: Option<markdown::Autolinker>,
    /// Every language edition, the default first, for the files over all of them
    /// (sitemap, `dossier.json`).
    editions: &'a [&'a Site],
    /// Per template, the interface strings (`t`, and `tm` for macros) every page of it
    /// renders with (see [`strings_contexts`]), lent to each render ([`Cx::render`]).
    with_strings: std::collections::HashMap<&'static str, Strings>,
}

/// One template's interface strings, and spare copies of them to lend: a render
/// borrows a copy, moved into its context and taken back out after, instead of
/// copying the tables into every page's context (a few percent of a large build).
struct Strings {
    original: Context,
    spare: Mutex<Vec<Context>>,
}

impl Strings {
    fn new(original: Context) -> Strings {
        Strings {
            original,
            spare: Mutex::default(),
        }
    }

    /// A copy to lend, from the spares if there is one.
    fn lend(&self) -> Context {
        let spare = self.spare.lock().ok().and_then(|mut spare| spare.pop());
        spare.unwrap_or_else(|| self.original.clone())
    }

    /// Takes back from `context` what [`Strings::lend`] lent it.
    fn take_back(&self, context: &mut Context) {
        let mut strings = serde_json::Map::new();
        for key in STRINGS_KEYS {
            if let Some(value) = context.remove(key) {
                strings.insert(key.to_owned(), value);
            }
        }
        let Ok(strings) = Context::from_value(serde_json::Value::Object(strings)) else {
            return;
        };
        if let Ok(mut spare) = self.spare.lock() {
            spare.push(strings);
        }
    }
}

/// The keys of a context that hold interface strings.
const STRINGS_KEYS: [&str; 2] = ["t", "tm"];

/// For each built-in template, the context its pages start from: `t`, the strings
/// it (and `base.html`) use, and `tm`, those `macros.html` uses, which the templates
/// pass to macros (`t=tm`). Tera copies what it is given on every page and every
/// macro call: the whole table each time was a tenth of a large build. A template
/// the dossier overrides (or whose `base.html` or `macros.html` it overrides) gets
/// every string, since its text may use any.
fn strings_contexts(site: &Site) -> std::collections::HashMap<&'static str, Strings> {
    let strings = &site.edition.strings;
    let own = |name: &str| {
        site.files
            .iter()
            .any(|f| f.path.strip_prefix("templates/") == Some(name))
    };
    let builtin = |name: &str| {
        theme::TEMPLATES
            .iter()
            .find(|(n, _)| *n == name)
            .map_or("", |(_, text)| *text)
    };
    let macros = if own("macros.html") {
        strings.value().clone()
    } else {
        strings.used_by(builtin("macros.html"))
    };
    theme::TEMPLATES
        .iter()
        .filter(|(name, _)| *name != "macros.html" && *name != "base.html")
        .map(|&(name, text)| {
            let mut context = Context::new();
            if own(name) || own("base.html") || own("macros.html") {
                context.insert("t", strings.value());
            } else {
                context.insert(
                    "t",
                    &strings.used_by(&format!("{text}{}", builtin("base.html"))),
                );
            }
            context.insert("tm", &macros);
            (name, Strings::new(context))
        })
        .collect()
}

/// Whether some HTML holds a highlighted code block.
pub(super) fn has_code(html: &str) -> bool {
    html.contains("<pre class=\"code\"")
}

/// Relative prefix from a page at `path` to the site root.
pub(super) fn root_of(path: &str) -> String {
    let depth = path.matches('/').count();
    if depth == 0 {
        "./".to_owned()
    } else {
        "../".repeat(depth)
    }
}

impl<'a> Cx<'a> {
    /// The context of the edition `site`, one of `editions` (the default first).
    pub(super) fn new(
        site: &'a Site,
        editions: &'a [&'a Site],
        tera: &'a Tera,
        kept: &'a Kept,
    ) -> Cx<'a> {
        let autolinker = site
            .config
            .autolink_terms
            .then(|| {
                markdown::Autolinker::new(site.of_kind(Kind::Term).map(|(_, e)| {
                    let aliases = e
                        .doc
                        .front
                        .common()
                        .aliases
                        .iter()
                        .map(|a| a.get_ref().as_str());
                    (
                        e.slug(),
                        std::iter::once(e.name.as_str()).chain(aliases).collect(),
                    )
                }))
            })
            .flatten();
        let with_strings = strings_contexts(site);
        Cx {
            site,
            tera,
            kept,
            autolinker,
            editions,
            with_strings,
        }
    }

    /// `template` rendered with `context` and the template's interface strings
    /// (`t`, `tm`), lent to the context for the render and taken back after. A
    /// template the theme does not have (a failed lookup Tera reports) gets every
    /// string.
    pub(super) fn render(&self, template: &str, context: &mut Context) -> tera::Result<String> {
        let Some(strings) = self.with_strings.get(template) else {
            context.insert("t", self.site.edition.strings.value());
            context.insert("tm", self.site.edition.strings.value());
            return self.tera.render(template, context);
        };
        context.extend(strings.lend());
        let rendered = self.tera.render(template, context);
        strings.take_back(context);
        rendered
    }

    /// One interface string in the edition's language.
    pub(super) fn t(&self, key: &'static str) -> &'a str {
        self.site.edition.strings.get(key)
    }

    /// An interface string with its `{placeholders}` filled, the way the edition's
    /// language writes it (French elides "de" before a vowel).
    pub(super) fn fill(&self, text: &str, args: &[(&str, &str)]) -> String {
        match self.lang() {
            crate::lang::Lang::Fr => crate::strings::fill_french(text, args),
            crate::lang::Lang::En => crate::strings::fill(text, args),
        }
    }

    /// Names joined as the edition's language lists them: "A", "A and B", "A, B and
    /// C"; "A et B" in French.
    pub(super) fn and_list(&self, names: &[String]) -> String {
        match names {
            [] => String::new(),
            [one] => one.clone(),
            [init @ .., last] => format!("{}{}{last}", init.join(", "), self.t("list_and")),
        }
    }

    /// How the edition writes numbers, money and dates.
    pub(super) fn lang(&self) -> crate::lang::Lang {
        self.site.edition.lang()
    }

    /// The quotes `id` said, wherever they are written: any person's or company's
    /// page may name it among a quote's speakers.
    pub(super) fn quotes_of(&self, id: EntryId) -> Vec<&'a Said> {
        deps::read_kind(Kind::Person);
        deps::read_kind(Kind::Company);
        self.site.quotes().of(id).collect()
    }

    /// The quote at `at` in the site's quotes.
    pub(super) fn said(&self, at: usize) -> Option<&'a Said> {
        let said = self.site.quotes().all().get(at)?;
        deps::read(said.entry);
        Some(said)
    }

    /// The site being rendered.
    pub(super) fn site(&self) -> &'a Site {
        self.site
    }

    /// Where this edition's pages live (`""`, `fr/`).
    pub(super) fn prefix(&self) -> &'a str {
        &self.site.edition.prefix
    }

    /// site.toml's settings, as this edition reads them.
    pub(super) fn config(&self) -> &'a SiteConfig {
        &self.site.config
    }

    /// Every edition and its settings, the default first.
    pub(super) fn editions(
        &self,
    ) -> impl ExactSizeIterator<Item = (&'a Edition, &'a SiteConfig)> + use<'a> {
        self.editions
            .iter()
            .map(|site| (&site.edition, &site.config))
    }

    // Reading the model: every read of an entry, or of what the model derived from
    // entries, is recorded for the page being rendered.

    /// An entry, read by the page being rendered (see `deps`).
    pub(super) fn entry(&self, id: EntryId) -> &'a Entry {
        deps::read(id);
        &self.site.entries()[id]
    }

    /// The entry `id` as each other edition has it (its translation, or its text in
    /// the default language), after the default edition.
    pub(super) fn translations(
        &self,
        id: EntryId,
    ) -> impl Iterator<Item = (&'a Edition, &'a SiteConfig, &'a Entry)> + use<'a> {
        deps::read(id);
        self.editions.iter().skip(1).filter_map(move |site| {
            let entry = site.entries().get(id)?;
            Some((&site.edition, &site.config, entry))
        })
    }

    /// The front matter of the entry `id`, as written.
    pub(super) fn front_text(&self, id: EntryId) -> &'a str {
        deps::read(id);
        self.site.front_text(id)
    }

    /// The ids of every entry, by kind, then slug (reading one is [`Cx::entry`]).
    pub(super) fn entry_ids(&self) -> std::ops::Range<EntryId> {
        0..self.site.entries().len()
    }

    /// The ids of the entries of `kind`, by slug.
    pub(super) fn of_kind(&self, kind: Kind) -> impl Iterator<Item = EntryId> + use<'a> {
        self.site.of_kind(kind).map(|(id, _)| id)
    }

    /// The home page's entry.
    pub(super) fn home(&self) -> Option<EntryId> {
        self.site.home()
    }

    /// The article's entry.
    pub(super) fn article(&self) -> Option<EntryId> {
        self.site.article()
    }

    /// The id of the entry with the slug `slug`.
    pub(super) fn id_of(&self, slug: &str) -> Option<EntryId> {
        self.site.id_of(slug)
    }

    /// Who links to the entry `id`, by linking entry.
    pub(super) fn backlinks(&self, id: EntryId) -> &'a [Backlink] {
        deps::read_backlinks(id);
        self.site
            .backlinks()
            .get(id)
            .map_or(&[], |list| list.as_slice())
    }

    /// The deal that is the entry `id`, if it is one.
    pub(super) fn deal(&self, id: EntryId) -> Option<&'a Deal> {
        deps::read(id);
        self.site.deals().get(id)
    }

    /// The deals of the entry `id`: those that name it in their front matter (its
    /// backlinks) and, for a deal, those it names as related (its front matter); each
    /// one read.
    pub(super) fn deals_of(&self, id: EntryId) -> impl Iterator<Item = &'a Deal> + use<'a> {
        deps::read(id);
        deps::read_backlinks(id);
        self.site.deals().of(id).inspect(|deal| deps::read(deal.id))
    }

    /// Every deal, in the order announced: every deal is read.
    pub(super) fn deals(&self) -> &'a [Deal] {
        deps::read_kind(Kind::Deal);
        self.site.deals().all()
    }

    /// Every relation between entries. Any deal, company or product could add one:
    /// all of them are read.
    pub(super) fn relations(&self) -> &'a Relations {
        for kind in [Kind::Deal, Kind::Company, Kind::Product] {
            deps::read_kind(kind);
        }
        self.site.relations()
    }

    /// Every dated event, by date and kind. Entries of every kind make events: all
    /// of them are read.
    pub(super) fn timeline(&self) -> &'a [Event] {
        for kind in Kind::COLLECTIONS.into_iter().chain([Kind::Article]) {
            deps::read_kind(kind);
        }
        self.site.timeline()
    }

    /// The absolute URL of an entry's page, from `base_url`.
    /// The old slugs of renamed entries, each with its entry (`old_slugs`).
    pub(super) fn renamed(&self) -> Vec<(String, EntryId)> {
        self.site
            .renamed()
            .map(|(old, id)| {
                deps::read(id);
                (old.to_owned(), id)
            })
            .collect()
    }

    pub(super) fn url(&self, id: EntryId) -> String {
        format!("{}{}", self.site.config.base_url, self.entry(id).path)
    }

    pub(super) fn href(&self, id: EntryId, root: &str) -> String {
        let path = &self.entry(id).path;
        if path.is_empty() {
            root.to_owned()
        } else {
            format!("{root}{path}")
        }
    }

    pub(super) fn link(&self, id: EntryId, root: &str) -> Link {
        let entry = &self.entry(id);
        Link {
            text: entry.name.clone(),
            href: self.href(id, root),
            title: entry.doc.front.common().summary.map(str::to_owned),
            relay: false,
            independent: false,
            locator: None,
            quote: None,
            quote_href: None,
        }
    }

    /// The names an entry is also known by, to show beside its name ("also …"): its
    /// aliases in order, each once, leaving out its name and the names it already shows
    /// ("Chatbot (agent conversationnel)" shows both), compared without case or accents.
    /// A translation's aliases add to the original's, which hold its original name: the
    /// French "aussi" repeated "Apprentissage non supervisé" and "chatbot", "Chatbot".
    pub(super) fn other_names(&self, id: EntryId) -> Vec<String> {
        let entry = self.entry(id);
        let key = |name: &str| {
            crate::model::fold(name)
                .replace('’', "'")
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
        };
        let mut shown = vec![key(&entry.name)];
        if let Some((first, rest)) = entry.name.trim_end().split_once(" (")
            && let Some(within) = rest.strip_suffix(')')
        {
            shown.extend([key(first), key(within)]);
        }
        let mut names = Vec::new();
        for alias in entry.doc.front.common().aliases {
            let alias = alias.get_ref();
            let folded = key(alias);
            if !folded.is_empty() && !shown.contains(&folded) {
                shown.push(folded);
                names.push(alias.clone());
            }
        }
        names
    }

    pub(super) fn link_slug(&self, slug: &str, root: &str) -> Option<Link> {
        self.site.id_of(slug).map(|id| self.link(id, root))
    }

    /// Short links to sources, for tables and fact lines: the publisher as the text,
    /// the full title as the tooltip.
    pub(super) fn sources(&self, refs: &[SourceRef], root: &str) -> Vec<Link> {
        self.source_links(&self.site.cited(refs), root)
    }

    /// [`Cx::sources`], of the sources `ids`: the originals first, in the order given,
    /// then the sources that relay one of the others (directly or through another
    /// relay), marked as relays.
    pub(super) fn source_links(&self, cited: &[Cited], root: &str) -> Vec<Link> {
        let ids: Vec<EntryId> = cited.iter().map(|c| c.id).collect();
        let mut links: Vec<Link> = cited
            .iter()
            .map(|c| {
                let id = c.id;
                let mut link = self.link(id, root);
                link.locator = c.locator.clone();
                link.quote = c.quote.clone();
                if let (Some(quote), Front::Source(source)) = (&c.quote, &self.entry(id).doc.front)
                {
                    link.quote_href = source
                        .url
                        .as_ref()
                        .map(|u| crate::text_fragment::text_fragment(u.as_str(), quote));
                }
                if let Front::Source(source) = &self.entry(id).doc.front {
                    link.title = Some(link.text.clone());
                    link.text = source
                        .short
                        .as_ref()
                        .unwrap_or(&source.publisher)
                        .to_string();
                }
                link.relay = ids
                    .iter()
                    .any(|&other| other != id && self.relays(id, other));
                link.independent = !link.relay
                    && matches!(&self.entry(id).doc.front,
                        Front::Source(s) if s.issued_by.is_none());
                link
            })
            .collect();
        // Two sources of one fact must not read the same ("Microsoft, Microsoft"): those
        // whose labels collide are told apart by their date, or else by their title.
        let labels: Vec<String> = links.iter().map(|l| l.text.clone()).collect();
        for (i, &id) in ids.iter().enumerate() {
            let same: Vec<usize> = (0..ids.len())
                .filter(|&j| j != i && labels[j] == labels[i])
                .collect();
            if same.is_empty() {
                continue;
            }
            let Front::Source(source) = &self.entry(id).doc.front else {
                continue;
            };
            let date_of = |id: EntryId| match &self.entry(id).doc.front {
                Front::Source(s) => s.date,
                _ => None,
            };
            let dates_differ =
                source.date.is_some() && same.iter().all(|&j| date_of(ids[j]) != source.date);
            links[i].text = match source.date {
                Some(date) if dates_differ => {
                    format!(
                        "{} ({})",
                        labels[i],
                        crate::format::date_in(date, self.lang())
                    )
                }
                _ => format!("{} ({})", labels[i], source.title),
            };
        }
        // Stable: originals keep their order, and relays theirs.
        links.sort_by_key(|l| l.relay);
        links
    }

    /// Whether the source `id` relays `original`, directly or through other relays.
    fn relays(&self, id: EntryId, original: EntryId) -> bool {
        let mut seen = vec![id];
        let mut next = vec![id];
        while let Some(at) = next.pop() {
            let Front::Source(source) = &self.entry(at).doc.front else {
                continue;
            };
            for slug in &source.relays {
                let Some(r) = self.site.id_of(slug.get_ref()) else {
                    continue;
                };
                if r == original {
                    return true;
                }
                if !seen.contains(&r) {
                    seen.push(r);
                    next.push(r);
                }
            }
        }
        false
    }

    /// An entry's body as HTML, for a page at `root`. `id_prefix` keeps its ids apart
    /// from those of other bodies on the same page; `references` says whether the page
    /// lists the sources the body cites (else citations link to the sources' pages).
    pub(super) fn markdown(
        &self,
        id: EntryId,
        root: &str,
        id_prefix: &str,
        references: bool,
    ) -> Rendered {
        let target = |to: EntryId, text: Option<String>| -> LinkTarget {
            let entry = &self.entry(to);
            LinkTarget {
                key: entry.slug().to_owned(),
                href: self.href(to, root),
                text: text.unwrap_or_else(|| entry.name.clone()),
                name: entry.name.clone(),
                kind: self.singular(entry.kind()).to_owned(),
            }
        };
        let resolve = |written: &str| -> Option<LinkTarget> {
            match self.site.lookup(written) {
                Some(id) => Some(target(id, Some(self.site.display_of(id, written)))),
                // A draft left out of this build: its text, with nowhere to go.
                None => self.site.draft_text(written).map(|text| LinkTarget {
                    key: String::new(),
                    href: String::new(),
                    name: text.clone(),
                    text,
                    kind: String::new(),
                }),
            }
        };
        // A citation names its source by publisher where no number can stand for it.
        // A body shown on another page than its entry's keeps its own links working.
        let own_page = self.href(id, root);
        let rebase = (!id_prefix.is_empty()).then_some(own_page);
        let cite = |source: &str| {
            let id = self.site.id_of(source)?;
            let publisher = match &self.entry(id).doc.front {
                Front::Source(s) => Some(s.publisher.to_string()),
                _ => None,
            };
            Some(target(id, publisher))
        };
        // The files a body names are found from its Markdown file's folder.
        let file = &self.site.files.get(self.entry(id).doc.body_file).path;
        let asset = |written: &str| self.site.assets.link(file, written, root);
        markdown::to_html(
            self.site.body(id),
            &markdown::Context {
                resolve: &resolve,
                cite: &cite,
                references,
                id_prefix,
                // Several bodies on one page (the glossary) would each link the terms.
                autolink: self.autolinker.as_ref().filter(|_| id_prefix.is_empty()),
                own_slug: self.entry(id).slug(),
                name: &self.entry(id).name,
                lang: self
                    .entry(id)
                    .lang
                    .as_deref()
                    .unwrap_or(&self.site.config.language),
                rebase: rebase.as_deref(),
                asset: &asset,
                words: markdown::Words {
                    table: self.t("table_region"),
                    table_of: self.t("table_region_of"),
                    note_back: self.t("note_back"),
                },
                trusted_html: self.site.config.trusted_html,
            },
        )
    }

    /// The reference list of a rendered body.
    pub(super) fn references(&self, rendered: &Rendered, root: &str) -> Vec<ReferenceView> {
        rendered
            .references
            .iter()
            .filter_map(|r| {
                let id = self.site.id_of(&r.source)?;
                let Front::Source(source) = &self.entry(id).doc.front else {
                    return None;
                };
                Some(ReferenceView {
                    number: r.number,
                    id: format!("ref-{}", r.number),
                    title: source.title.to_string(),
                    href: self.href(id, root),
                    publisher: source.publisher.to_string(),
                    author: source.author.as_ref().map(|a| self.and_list(a.names())),
                    date: source.date.map(|d| crate::format::date_in(d, self.lang())),
                    kind: source.kind.clone(),
                    url: source.url.as_ref().map(|u| u.as_str().to_owned()),
                    retrieved: source.retrieved.as_ref().map(|d| {
                        self.fill(
                            self.t("ref_retrieved"),
                            &[("date", &crate::format::date_in(*d.get_ref(), self.lang()))],
                        )
                    }),
                    archive: source
                        .archive
                        .as_ref()
                        .map(|u| u.get_ref().as_str().to_owned()),
                    quotes: r
                        .quotes
                        .iter()
                        .map(|quote| CitedQuote {
                            text: quote.clone(),
                            lang: source.language.clone(),
                            href: source
                                .url
                                .as_ref()
                                .map(|u| crate::text_fragment::text_fragment(u.as_str(), quote)),
                        })
                        .collect(),
                    backrefs: r.citations.iter().map(|c| format!("#{c}")).collect(),
                })
            })
            .collect()
    }

    pub(super) fn meta(
        &self,
        title: String,
        description: Option<String>,
        path: &str,
        section: &'static str,
    ) -> PageMeta {
        let root = root_of(path);
        let prefix = self.prefix();
        // The page's path within its edition, the same in every edition.
        let own = path.strip_prefix(prefix).unwrap_or(path);
        // A dossier in one language has no alternates to link.
        let alternates = if path == "404.html" || self.site.edition.all.len() < 2 {
            Vec::new()
        } else {
            self.site
                .edition
                .all
                .iter()
                .map(|e| Alternate {
                    lang: e.code.clone(),
                    name: e.name.clone(),
                    href: format!("{root}{}{own}", e.prefix),
                    canonical: format!("{}{}{own}", self.site.config.base_url, e.prefix),
                    current: e.prefix == prefix,
                })
                .collect()
        };
        PageMeta {
            title,
            description: description.or_else(|| self.site.config.description.clone()),
            path: path.to_owned(),
            canonical: format!("{}{path}", self.site.config.base_url),
            root,
            section,
            og_type: "website",
            jsonld: String::new(),
            code: false,
            alternates,
            content_lang: None,
            image: None,
            prev: None,
            next: None,
        }
    }

    /// An entry's `image`, for a page at `root`. Its path is checked by resolve: one
    /// that names no file is never rendered.
    pub(super) fn entry_image(&self, id: EntryId, root: &str) -> Option<ImageView> {
        let entry = self.entry(id);
        let image = entry.doc.front.common().image?;
        let file = &self.site.files.get(entry.doc.file).path;
        let written = image.src.get_ref();
        let (src, size) = self.site.assets.link(file, written, root)?;
        let (url, _) = self.site.assets.link(file, written, "")?;
        Some(ImageView {
            src,
            url: format!("{}{url}", self.site.config.base_url),
            alt: image.alt.get_ref().trim().to_owned(),
            credit: image.credit.clone(),
            width: size.map(|s| s.width),
            height: size.map(|s| s.height),
        })
    }

    /// The site's navigation, on a page at `root` of `section` whose path is `path`.
    fn nav(&self, root: &str, section: &str, path: &str) -> Vec<NavItem> {
        let home = format!("{root}{}", self.prefix());
        let mut nav = vec![NavItem {
            title: self.t("nav_home").to_owned(),
            href: home.clone(),
            current: section == "home",
        }];
        if self.site.article().is_some() {
            nav.push(NavItem {
                title: self.t("nav_article").to_owned(),
                href: format!("{home}article/"),
                current: section == "article",
            });
        }
        for kind in Kind::COLLECTIONS {
            if self.site.of_kind(kind).next().is_some() {
                let folder = kind.folder().unwrap_or_default();
                nav.push(NavItem {
                    title: self.plural_title(kind).to_owned(),
                    href: format!("{home}{folder}/"),
                    current: section == folder,
                });
            }
            if kind == Kind::Deal {
                nav.push(NavItem {
                    title: self.t("nav_timeline").to_owned(),
                    href: format!("{home}timeline/"),
                    current: section == "timeline",
                });
            }
        }
        nav.extend(self.menu(Menu::Header, root, path));
        nav
    }

    /// The pages of one's own that ask to be in `menu`, by `order` then title, as
    /// links from a page at `root` whose path is `path`. Every page shows them: a
    /// change to any page's front matter (its menu, its order) renders them all again.
    fn menu(&self, menu: Menu, root: &str, path: &str) -> Vec<NavItem> {
        deps::read_kind(Kind::Page);
        let mut pages: Vec<(i64, &str, &str)> = self
            .site
            .of_kind(Kind::Page)
            .filter_map(|(_, entry)| match &entry.doc.front {
                Front::Page(p) if p.menu.as_ref().map(|m| *m.get_ref()) == Some(menu) => Some((
                    p.order.unwrap_or(0),
                    entry.name.as_str(),
                    entry.path.as_str(),
                )),
                _ => None,
            })
            .collect();
        pages.sort();
        pages
            .into_iter()
            .map(|(_, title, page)| NavItem {
                title: title.to_owned(),
                href: format!("{root}{page}"),
                current: page == path,
            })
            .collect()
    }

    /// A collection's title in the edition's language ("Companies", "Entreprises").
    pub(super) fn plural_title(&self, kind: Kind) -> &'a str {
        self.t(match kind {
            Kind::Company => "kind_company_plural",
            Kind::Person => "kind_person_plural",
            Kind::Product => "kind_product_plural",
            Kind::Deal => "kind_deal_plural",
            Kind::Term => "kind_term_plural",
            Kind::Source => "kind_source_plural",
            Kind::Note => "kind_note_plural",
            Kind::Home => "nav_home",
            Kind::Article => "nav_article",
            Kind::Page => "kind_page_plural",
        })
    }

    /// What one entry of a kind is called in the edition's language ("company").
    pub(super) fn singular(&self, kind: Kind) -> &'a str {
        self.t(match kind {
            Kind::Company => "kind_company_singular",
            Kind::Person => "kind_person_singular",
            Kind::Product => "kind_product_singular",
            Kind::Deal => "kind_deal_singular",
            Kind::Term => "kind_term_singular",
            Kind::Source => "kind_source_singular",
            Kind::Note => "kind_note_singular",
            Kind::Home => "kind_home_singular",
            Kind::Article => "kind_article_singular",
            Kind::Page => "kind_page_singular",
        })
    }

    /// A page: `template` rendered with `meta`, the navigation, the site's settings,
    /// the interface strings and `extra`. `None` if the template failed, which is
    /// recorded (against `source`, the page's content file, if it has one) and
    /// reported once per template and cause ([`Kept::report`]).
    pub(super) fn page(
        &self,
        template: &str,
        meta: PageMeta,
        extra: Context,
        source: Option<FileId>,
    ) -> Option<OutputFile> {
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
        context.insert("nav", &self.nav(&meta.root, meta.section, &meta.path));
        context.insert(
            "pages_in_footer",
            &self.menu(Menu::Footer, &meta.root, &meta.path),
        );
        context.insert("root", &meta.root);
        context.insert("home", &format!("{}{}", meta.root, self.prefix()));
        context.extend(extra);
        let path = if meta.path.is_empty() || meta.path.ends_with('/') {
            format!("{}index.html", meta.path)
        } else {
            meta.path.clone()
        };
        context.insert("page", &meta);
        match self.render(template, &mut context) {
            Ok(html) => {
                // Its links read on the way, for the link check.
                let mut links = PageLinks::default();
                let html = self.typeset_with(html, |name, value| links.attribute(name, value));
                Some(OutputFile {
                    path,
                    bytes: html.into_bytes(),
                    template: Some(template.to_owned()),
                    source,
                    continued: false,
                    links: Some(links),
                })
            }
            Err(err) => {
                let what = match source {
                    Some(f) => format!("`{}`", self.site.files.get(f).path),
                    None => format!("the page `{path}`"),
                };
                self.failed(template, &err, what);
                None
            }
        }
    }

    /// Part of a page (`page`): `template` rendered with `context` and its strings
    /// ([`Cx::render`]). `None` if the template failed, which is recorded as
    /// [`Cx::page`] records it.
    /// The part comes with its links, read as it is typeset (see [`Cx::page`]).
    pub(super) fn part(
        &self,
        template: &str,
        mut context: Context,
        page: &str,
    ) -> Option<(String, PageLinks)> {
        match self.render(template, &mut context) {
            Ok(html) => {
                let mut links = PageLinks::default();
                let html = self.typeset_with(html, |name, value| links.attribute(name, value));
                Some((html, links))
            }
            Err(err) => {
                self.failed(template, &err, format!("the page `{page}`"));
                None
            }
        }
    }

    /// Rendered HTML with its text set as its language sets text (`typeset`): the
    /// front matter, strings and site settings the template wrote are TOML as typed
    /// ("L'investissement", "parts : les"), while bodies come curly from Markdown. Code,
    /// scripts (JSON-LD) and addresses stay as written. `attribute(name, value)` is
    /// called for every attribute of every start tag on the way
    /// ([`crate::html::map_text_with`]).
    fn typeset_with(&self, html: String, attribute: impl FnMut(&str, &str)) -> String {
        let set = |text: &str, lang: &str, before: Option<char>| {
            crate::typeset::text(text, is_french(lang), before)
        };
        crate::html::map_text_with(&html, &self.site.config.language, set, attribute)
            .unwrap_or(html)
    }

    /// Text in `lang` (the edition's when `None`) set for reading (`typeset`), for a
    /// file that is not an HTML page: the feed.
    pub(super) fn typeset_text(&self, text: &str, lang: Option<&str>) -> String {
        let lang = lang.unwrap_or(&self.site.config.language);
        crate::typeset::text(text, is_french(lang), None).unwrap_or_else(|| text.to_owned())
    }

    /// `render` run with what it reads recorded ([`deps::recording`]) when the page it
    /// makes will be made again after an edit; a build makes each page once, and
    /// records nothing.
    pub(super) fn recording<T>(&self, render: impl FnOnce() -> T) -> (T, Reads) {
        if self.kept.remakes_pages() {
            deps::recording(render)
        } else {
            (render(), Reads::default())
        }
    }

    /// Appends to `out` the print edition's piece for the entry `id`, on a page at
    /// `root`, that `make` makes (`None` if its template failed, which it reports),
    /// and its links to `links`; when `serve` keeps them, the piece made last time
    /// for the same root instead, if any (the session forgets those whose reads
    /// changed). A piece that failed is not kept, so that its failure is reported
    /// every time.
    pub(super) fn print_piece(
        &self,
        id: EntryId,
        root: &str,
        (out, links): (&mut String, &mut PageLinks),
        make: impl FnOnce() -> Option<(String, PageLinks)>,
    ) {
        let Some(print) = &self.kept.print else {
            if let Some((html, more)) = make() {
                out.push_str(&html);
                links.append(&more);
            }
            return;
        };
        if let Some(printed) = lock(print).get(&id).filter(|p| p.root == root) {
            out.push_str(&printed.html);
            links.append(&printed.links);
            return;
        }
        let (made, reads) = deps::recording(make);
        if let Some((html, more)) = made {
            out.push_str(&html);
            links.append(&more);
            let root = root.to_owned();
            let printed = Printed {
                root,
                html,
                links: more,
                reads,
            };
            lock(print).insert(id, printed);
        }
    }

    /// Notes that `template` failed with `err` while rendering `what`.
    fn failed(&self, template: &str, err: &tera::Error, what: String) {
        let chain = error_chain(err);
        let at = failing_template(&chain, template).to_owned();
        lock(&self.kept.failures)
            .entry((at, chain))
            .or_default()
            .push(what);
    }
}

/// Whether text in the language tagged `lang` is set by French rules (`fr`, `fr-CA`).
fn is_french(lang: &str) -> bool {
    crate::lang::primary_subtag(lang) == "fr"
}
