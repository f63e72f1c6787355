//! Resolve: parsed documents in, one immutable [`Site`] out — the model every later
//! stage reads.
//!
//! This is the only place a slug, a name or an alias becomes an [`EntryId`]. It checks
//! every reference (front matter slugs and body wikilinks), derives the backlinks, and
//! then, in `derive`, everything else render shows: the deals with their parties, the
//! relations the graphs draw, the timeline's events, kept on the `Site` with the rest.
//! Invariant once it returns without errors: every reference in every entry points at an
//! existing, published entry of the expected kind, so later stages can look them up
//! without failing.

use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::hash::Hash;
use std::ops::Range;
use std::sync::{Arc, OnceLock};

use rayon::prelude::*;
use rustc_hash::FxHashMap;

mod derive;

pub use derive::{
    Backed, Compute, Deal, Event, EventKind, Relation, RelationKind, Relations, Said, quotes_of,
};

use crate::assets::Assets;
use crate::config::{Edition, SiteConfig};
use crate::diagnostics::{Diagnostic, Diagnostics, FileId, SourceFiles, suggest};
use crate::frontmatter::{Parsed, Unreadable};
use crate::markdown;
use crate::model::{Document, Front, FrontKey, Kind, SlugRef};
use crate::support::hash_of;

pub type EntryId = usize;

/// A source named for one fact: the source's entry, where in it ("p. 3") and the words
/// of it the fact relies on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cited {
    pub id: EntryId,
    pub locator: Option<String>,
    pub quote: Option<String>,
}

impl Cited {
    /// A source named with no locator or quote.
    pub fn of(id: EntryId) -> Cited {
        Cited {
            id,
            locator: None,
            quote: None,
        }
    }
}

/// One page-producing document: an entry of a collection, the home page or the article.
#[derive(Debug)]
pub struct Entry {
    /// Boxed: documents are large, and are sorted and moved into entries on every
    /// build (`serve` resolves the whole dossier after each edit).
    pub doc: Box<Document>,
    /// Display name (`name`, `title` or `term`).
    pub name: String,
    /// Site-relative URL path with a trailing slash (`companies/anthropic/`, or
    /// `fr/companies/anthropic/` in the French edition); `""` for home.
    pub path: String,
    /// The language its text is in, when not the edition's: an entry without a
    /// translation shows the default language's text.
    pub lang: Option<String>,
}

impl Entry {
    pub fn kind(&self) -> Kind {
        self.doc.kind
    }

    pub fn slug(&self) -> &str {
        &self.doc.slug
    }
}

/// Why a page links to another.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Via {
    /// A wikilink in the body.
    Mention,
    /// A citation in the body (`[@source]`).
    Citation,
    /// A front matter key naming the entry (`investor`, `parent`…).
    Key(FrontKey),
}

/// A link to an entry, from another: a large dossier holds a million of them, kept
/// in 32 bytes each.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Backlink {
    /// The linking entry (an [`EntryId`]: a dossier has fewer than 2³² entries).
    from: u32,
    pub via: Via,
    /// For a mention or a citation: the sentence it sits in.
    pub context: Option<Arc<str>>,
    /// The sentence's hash, made with it when its body was scanned (0 without one).
    pub context_hash: u64,
}

#[cfg(target_pointer_width = "64")]
const _: () = assert!(std::mem::size_of::<Backlink>() == 32);

impl Backlink {
    pub fn new(from: EntryId, via: Via, context: Option<Arc<str>>, context_hash: u64) -> Backlink {
        Backlink {
            from: u32::try_from(from).unwrap_or(u32::MAX),
            via,
            context,
            context_hash,
        }
    }

    /// The entry that links.
    pub fn from(&self) -> EntryId {
        self.from as EntryId
    }
}

/// By the sentence's hash, not its text: `serve` hashes every backlink after each
/// edit, and reading the 200,000 sentences of a large dossier again was a tenth of an
/// edit's time.
impl Hash for Backlink {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        (
            self.from,
            self.via,
            self.context.is_some(),
            self.context_hash,
        )
            .hash(state);
    }
}

/// The resolved dossier: ground state plus what is derived from it, computed once
/// when it is made and never changed afterwards (but for
/// [`Site::forget_sentences`]).
#[derive(Debug)]
pub struct Site {
    pub config: SiteConfig,
    /// The language edition this site is (see `editions`).
    pub edition: Edition,
    pub files: Arc<SourceFiles>,
    /// The files published beside the pages (`crate::assets`).
    pub assets: Arc<Assets>,
    /// Entries ordered by kind, then slug.
    entries: Vec<Entry>,
    /// The run of `entries` of each kind present.
    kinds: Vec<(Kind, Range<usize>)>,
    slugs: BTreeMap<String, EntryId>,
    /// Lower-cased names and aliases, each with the entries that carry it.
    names: BTreeMap<String, Vec<EntryId>>,
    /// The same two, hashed, to look links up in.
    find: Find,
    /// For each entry, who links to it, ordered by linking entry.
    backlinks: Vec<Arc<Vec<Backlink>>>,
    /// The deals, their parties resolved (`derive`).
    deals: derive::Deals,
    /// The relations between entries that the graphs draw (`derive`).
    relations: derive::Relations,
    /// The quotes, with their speakers (`derive`).
    quotes: derive::Quotes,
    /// The dated events, for the timeline (`derive`).
    timeline: Vec<derive::Event>,
    /// The drafts left out of this build, by slug and by lower-cased name or alias,
    /// with their name: a link to one shows its text, unlinked.
    drafts: BTreeMap<String, String>,
    /// The slugs entries had before they were renamed (`old_slugs`), with the entry.
    renamed: BTreeMap<String, EntryId>,
}

/// What a wikilink target or a slug can fail with.
#[derive(Debug)]
enum Lookup {
    Found(EntryId),
    Ambiguous(Vec<EntryId>),
    Missing,
}

impl Site {
    /// Every entry, ordered by kind, then slug; an entry's id is its place here.
    pub fn entries(&self) -> &[Entry] {
        &self.entries
    }

    /// For each entry, who links to it, ordered by linking entry.
    pub fn backlinks(&self) -> &[Arc<Vec<Backlink>>] {
        &self.backlinks
    }

    /// Lets go of the sentences around the links to the entries `ids`, the one change
    /// made to a site after it is resolved: a build does so once the pages that show
    /// them (their entry pages and `mentions/` pages) are made. A list shared with
    /// another site (`serve` keeps them from one build to the next) is left as it is.
    pub fn forget_sentences(&mut self, ids: &[EntryId]) {
        for &id in ids {
            if let Some(list) = self.backlinks.get_mut(id).and_then(Arc::get_mut) {
                for backlink in list {
                    backlink.context = None;
                    backlink.context_hash = 0;
                }
            }
        }
    }

    /// The deals: every one in the order announced, and those of each entry.
    pub fn deals(&self) -> &derive::Deals {
        &self.deals
    }

    /// The relations between entries: investments, owners, makers.
    pub fn relations(&self) -> &derive::Relations {
        &self.relations
    }

    /// The quotes, and those of each speaker.
    pub fn quotes(&self) -> &derive::Quotes {
        &self.quotes
    }

    /// Every dated event, by date and kind.
    pub fn timeline(&self) -> &[derive::Event] {
        &self.timeline
    }

    /// The sources a fact names, resolved, with where in each and the words relied on.
    pub fn cited(&self, refs: &[crate::model::SourceRef]) -> Vec<Cited> {
        refs.iter()
            .filter_map(|r| {
                Some(Cited {
                    id: self.id_of(r.slug())?,
                    locator: r.locator.clone(),
                    quote: r.quote.clone(),
                })
            })
            .collect()
    }

    pub fn id_of(&self, slug: &str) -> Option<EntryId> {
        self.find.slugs.get(slug).copied()
    }

    /// Resolves a wikilink target: a slug, or a name or alias in any case.
    pub fn lookup(&self, target: &str) -> Option<EntryId> {
        match self.lookup_detailed(target) {
            Lookup::Found(id) => Some(id),
            _ => None,
        }
    }

    /// The text an unpiped `[[target]]` shows: the entry's name when the target is its
    /// slug, the words as written when it is a name or alias.
    pub fn display(&self, target: &str) -> Option<String> {
        let id = self.lookup(target)?;
        Some(self.display_of(id, target))
    }

    /// [`Site::display`] for a `target` already looked up as the entry `id`.
    pub fn display_of(&self, id: EntryId, target: &str) -> String {
        let entry = &self.entries[id];
        if entry.slug() == target {
            entry.name.clone()
        } else {
            target.to_owned()
        }
    }

    /// The old slugs of renamed entries (`old_slugs`), each with its entry, by slug:
    /// their old addresses get redirect pages.
    pub fn renamed(&self) -> impl Iterator<Item = (&str, EntryId)> {
        self.renamed.iter().map(|(old, &id)| (old.as_str(), id))
    }

    /// The text an unpiped `[[target]]` to a draft left out of this build shows,
    /// unlinked: its name when the target is its slug, the words as written otherwise.
    pub fn draft_text(&self, target: &str) -> Option<String> {
        if let Some(name) = self.drafts.get(target) {
            return Some(name.clone());
        }
        self.drafts
            .contains_key(&target.trim().to_lowercase())
            .then(|| target.to_owned())
    }

    fn lookup_detailed(&self, target: &str) -> Lookup {
        if let Some(&id) = self.find.slugs.get(target) {
            return Lookup::Found(id);
        }
        match self.find.names.get(name_key(target).as_ref()) {
            Some(ids) if ids.len() == 1 => Lookup::Found(ids[0]),
            Some(ids) => Lookup::Ambiguous(ids.clone()),
            None => Lookup::Missing,
        }
    }

    /// The Markdown body of an entry.
    pub fn body(&self, id: EntryId) -> &str {
        self.body_of(&self.entries[id])
    }

    fn body_of(&self, entry: &Entry) -> &str {
        &self.files.get(entry.doc.body_file).text[entry.doc.body_offset..]
    }

    /// The front matter's TOML text, as written.
    pub fn front_text(&self, id: EntryId) -> &str {
        self.front_text_of(&self.entries[id])
    }

    /// [`Site::front_text`] of an entry.
    pub fn front_text_of(&self, entry: &Entry) -> &str {
        let doc = &entry.doc;
        let text = &self.files.get(doc.file).text;
        text.get(doc.front_offset..doc.front_end)
            .unwrap_or_default()
    }

    /// Entries of one kind, in slug order.
    pub fn of_kind(&self, kind: Kind) -> impl Iterator<Item = (EntryId, &Entry)> {
        let range = self
            .kinds
            .iter()
            .find(|(k, _)| *k == kind)
            .map_or(0..0, |(_, range)| range.clone());
        let start = range.start;
        self.entries[range]
            .iter()
            .enumerate()
            .map(move |(i, e)| (start + i, e))
    }

    /// The entries that have a page of their own (all but the home page, which is
    /// rendered with the lists).
    pub fn page_entries(&self) -> impl Iterator<Item = EntryId> + '_ {
        self.entries
            .iter()
            .enumerate()
            .filter(|(_, e)| e.kind() != Kind::Home)
            .map(|(id, _)| id)
    }

    pub fn home(&self) -> Option<EntryId> {
        self.of_kind(Kind::Home).next().map(|(id, _)| id)
    }

    pub fn article(&self) -> Option<EntryId> {
        self.of_kind(Kind::Article).next().map(|(id, _)| id)
    }
}

/// The URL path of an entry in the edition at `prefix` (`""`, `fr/`).
fn path_of(doc: &Document, prefix: &str) -> String {
    match doc.kind {
        Kind::Home => prefix.to_owned(),
        Kind::Article => format!("{prefix}article/"),
        // Pages of one's own sit at the top of the site, where readers look for them.
        Kind::Page => format!("{prefix}{}/", doc.slug),
        kind => format!(
            "{prefix}{}/{}/",
            kind.folder().unwrap_or_default(),
            doc.slug
        ),
    }
}

/// The slugs and names of the entries in hash maps: a large dossier's links are looked
/// up a hundred thousand times per build (and per edit in `serve`), and the sorted maps
/// compared long strings at each step.
#[derive(Debug, Default)]
struct Find {
    slugs: FxHashMap<String, EntryId>,
    names: FxHashMap<String, Vec<EntryId>>,
}

/// The key a name is looked up by: lower case, its words one space apart ("Open  AI"
/// and "open ai" are one name). Borrowed when it is already one.
fn name_key(name: &str) -> Cow<'_, str> {
    let plain = name.is_ascii()
        && !name
            .bytes()
            .any(|b| b.is_ascii_uppercase() || (b.is_ascii_whitespace() && b != b' '))
        && !name.starts_with(' ')
        && !name.ends_with(' ')
        && !name.contains("  ");
    if plain {
        return Cow::Borrowed(name);
    }
    Cow::Owned(
        name.split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .to_lowercase(),
    )
}

/// The scans of earlier builds' bodies, for `serve`: a body whose text has not changed
/// is not scanned again, as long as no slug, name or alias changed (a scan shows the
/// names of the entries it links to).
#[derive(Debug, Default)]
pub struct ScanCache {
    /// Whether to keep this build's scans for the next (a one-off build does not).
    keep: bool,
    names: u64,
    scans: HashMap<u64, markdown::Scan>,
    /// What each entry's check found (its problems, its links), by everything of its
    /// own the check read ([`own_key`]), while what it read of the rest of the
    /// dossier, `world` ([`world_key`]), stays the same: after an edit to one body,
    /// only that body is checked again.
    world: u64,
    checked: HashMap<u64, Checked>,
    /// The last build's entries' keys, by id, and the backlinks it found: while the
    /// world is the same, an edit's new links replace the old ones of the entries
    /// checked again in the lists they are in, and the other lists are shared.
    owns: Vec<u64>,
    lists: Vec<Arc<Vec<Backlink>>>,
}

/// What the check of one entry found.
#[derive(Debug, Clone)]
struct Checked {
    diagnostics: Diagnostics,
    links: Vec<(EntryId, Backlink)>,
}

impl ScanCache {
    /// A cache that keeps each build's scans for the next one.
    pub fn keeping() -> ScanCache {
        ScanCache {
            keep: true,
            ..ScanCache::default()
        }
    }

    /// Whether it keeps each build's scans (for `serve`).
    pub fn keeps(&self) -> bool {
        self.keep
    }
}

/// What one language edition is resolved from.
pub struct Input {
    /// site.toml's settings as this edition reads them (`editions::config_for`).
    pub config: SiteConfig,
    pub edition: Edition,
    pub files: Arc<SourceFiles>,
    /// Its documents, translations applied.
    pub parsed: Vec<Parsed>,
    /// The documents it shows in another language, not yet translated.
    pub untranslated: Untranslated,
    /// Whether entries marked `draft = true` are published.
    pub include_drafts: bool,
    /// The files published beside the pages, which bodies and `image` keys name.
    pub assets: Arc<Assets>,
}

/// The documents an edition shows untranslated: their files, and the language their
/// text is in (the default language). None in the default edition.
#[derive(Debug, Default)]
pub struct Untranslated {
    pub lang: String,
    pub files: HashSet<FileId>,
}

/// Resolves one edition's documents into a [`Site`], reusing and updating `cache`.
pub fn resolve_with(input: Input, diagnostics: &mut Diagnostics, cache: &mut ScanCache) -> Site {
    let Input {
        config,
        edition,
        files,
        parsed,
        untranslated,
        include_drafts,
        assets,
    } = input;
    let mut documents = Vec::with_capacity(parsed.len());
    let mut unreadable = Vec::new();
    for p in parsed {
        match p {
            Parsed::Document(doc) => documents.push(doc),
            Parsed::Unreadable(u) => unreadable.push(*u),
            // Applied before resolving (see `lib::editions`).
            Parsed::Translation(_) => {}
        }
    }
    documents.sort_by(|a, b| (a.kind, &a.slug).cmp(&(b.kind, &b.slug)));
    unreadable.sort_by(|a, b| (a.kind, &a.slug).cmp(&(b.kind, &b.slug)));

    // Every slug, published or not, with the first file that took it.
    let mut taken: FxHashMap<String, FileId> = FxHashMap::default();
    let mut duplicate = |slug: &str, file: FileId, diagnostics: &mut Diagnostics| -> bool {
        match taken.get(slug) {
            Some(&first) => {
                let (this, other) = (&files.get(file).path, &files.get(first).path);
                // The same entry as a file and as a bundle (a folder with its index.md).
                let bundle = format!("/{slug}/index.md");
                let help = if this.ends_with(&bundle) || other.ends_with(&bundle) {
                    format!(
                        "these are two versions of the entry `{slug}`: keep one, the folder (with its files) or the file"
                    )
                } else {
                    "slugs are unique across the whole dossier (`index` and `article` belong to the home page and the article): rename one of the files".to_owned()
                };
                diagnostics.push(
                    Diagnostic::new(file, 0..0, format!("duplicate slug `{slug}`"))
                        .with_note(format!("`{slug}` is already the slug of `{other}`"))
                        .with_help(help),
                );
                true
            }
            None => {
                taken.insert(slug.to_owned(), file);
                false
            }
        }
    };
    let mut unknown = Unpublished::default();
    for u in &unreadable {
        if !duplicate(&u.slug, u.file, diagnostics) {
            unknown.unreadable.insert(u.slug.clone(), u.kind);
        }
    }
    let mut entries: Vec<Entry> = Vec::with_capacity(documents.len());
    // The sorted maps of slugs and names are built at once from lists (`from_iter`
    // sorts, then fills the tree in one pass): faster than one insertion at a time,
    // and `serve` builds them after every edit.
    let mut slugs: Vec<(String, EntryId)> = Vec::with_capacity(documents.len());
    let mut draft_texts: BTreeMap<String, String> = BTreeMap::new();
    for doc in documents {
        if duplicate(&doc.slug, doc.file, diagnostics) {
            continue;
        }
        // A page of one's own sits at the top of the site, where each other language's
        // edition has its folder.
        if doc.kind == Kind::Page
            && edition
                .all
                .iter()
                .any(|e| e.prefix == format!("{}/", doc.slug))
        {
            diagnostics.push(
                Diagnostic::new(
                    doc.file,
                    0..0,
                    format!(
                        "the page `{}` would take the place of the `{}/` edition",
                        doc.slug, doc.slug
                    ),
                )
                .with_help(format!(
                    "rename the file, e.g. `content/pages/{}-page.md`",
                    doc.slug
                )),
            );
            continue;
        }
        if doc.front.common().draft && !include_drafts {
            unknown.drafts.insert(doc.slug.clone(), doc.kind);
            draft_texts.insert(doc.slug.clone(), doc.front.name().to_owned());
            for name in names_of(&doc) {
                let key = name.trim().to_lowercase();
                draft_texts.insert(key.clone(), doc.front.name().to_owned());
                unknown.draft_names.insert(key, doc.slug.clone());
            }
            continue;
        }
        slugs.push((doc.slug.clone(), entries.len()));
        entries.push(Entry {
            name: doc.front.name().to_owned(),
            path: path_of(&doc, &edition.prefix),
            lang: untranslated
                .files
                .contains(&doc.file)
                .then(|| untranslated.lang.clone()),
            doc,
        });
    }

    let renamed = old_slugs(&entries, &taken, &files, diagnostics);
    let slugs: BTreeMap<String, EntryId> = slugs.into_iter().collect();
    let mut names: Vec<(String, EntryId)> = Vec::with_capacity(entries.len() * 2);
    for (id, entry) in entries.iter().enumerate() {
        for alias in entry.doc.front.common().aliases {
            if alias.get_ref().trim().is_empty() {
                let span = shift(alias.span(), entry.doc.front_offset);
                diagnostics.push(
                    Diagnostic::new(entry.doc.file, span, "empty alias")
                        .with_help("remove it, or write the other name"),
                );
            }
        }
        for name in names_of(&entry.doc) {
            let key = name_key(name).into_owned();
            if key.is_empty() {
                continue;
            }
            names.push((key, id));
        }
    }
    // Each name with its entries, in id order, once each (a stable sort keeps the
    // ids of one name in order).
    names.sort_by(|a, b| a.0.cmp(&b.0));
    names.dedup();
    let mut grouped: Vec<(String, Vec<EntryId>)> = Vec::with_capacity(names.len());
    for (key, id) in names {
        match grouped.last_mut() {
            Some((last, ids)) if *last == key => ids.push(id),
            _ => grouped.push((key, vec![id])),
        }
    }
    let names: BTreeMap<String, Vec<EntryId>> = grouped.into_iter().collect();

    // Entries are in kind order: each kind is one run of them.
    let mut kinds: Vec<(Kind, Range<usize>)> = Vec::new();
    for (id, entry) in entries.iter().enumerate() {
        match kinds.last_mut() {
            Some((kind, range)) if *kind == entry.kind() => range.end = id + 1,
            _ => kinds.push((entry.kind(), id..id + 1)),
        }
    }
    let find = Find {
        slugs: slugs.iter().map(|(s, &id)| (s.clone(), id)).collect(),
        names: names
            .iter()
            .map(|(n, ids)| (n.clone(), ids.clone()))
            .collect(),
    };
    let mut site = Site {
        find,
        config,
        edition,
        files,
        assets,
        backlinks: Vec::new(),
        deals: derive::Deals::default(),
        relations: derive::Relations::default(),
        quotes: derive::Quotes::default(),
        timeline: Vec::new(),
        drafts: draft_texts,
        renamed,
        entries,
        kinds,
        slugs,
        names,
    };
    site.backlinks = check_references(&site, &unknown, &unreadable, diagnostics, cache);
    check_parent_cycles(&site, diagnostics);
    site.deals = derive::deals(&site);
    site.relations = derive::relations(&site);
    site.quotes = derive::quotes(&site);
    site.timeline = derive::timeline(&site);
    site
}

/// The old slugs of the entries (`old_slugs`, recorded by `dossier mv`), each with its
/// entry. An old slug must be a slug, and no other file's, live or old: its address
/// redirects to the entry.
fn old_slugs(
    entries: &[Entry],
    taken: &FxHashMap<String, FileId>,
    files: &SourceFiles,
    diagnostics: &mut Diagnostics,
) -> BTreeMap<String, EntryId> {
    let mut renamed: BTreeMap<String, EntryId> = BTreeMap::new();
    for (id, entry) in entries.iter().enumerate() {
        for old in entry.doc.front.common().old_slugs {
            let span = shift(old.span(), entry.doc.front_offset);
            let slug = old.get_ref();
            let problem = if !crate::model::is_valid_slug(slug) {
                Some((
                    format!("`{slug}` in `old_slugs` is not a slug"),
                    "an old slug is a file name the entry had, without `.md`: lowercase letters, digits and hyphens".to_owned(),
                ))
            } else if let Some(&file) = taken.get(slug) {
                Some((
                    format!(
                        "the old slug `{slug}` is the slug of `{}`",
                        files.get(file).path
                    ),
                    format!(
                        "that address is that entry's page now, so it cannot redirect here: remove `\"{slug}\"` from `old_slugs`"
                    ),
                ))
            } else if let Some(&other) = renamed.get(slug).filter(|&&other| other != id) {
                Some((
                    format!("the old slug `{slug}` is also an old slug of `{}`", files.get(entries[other].doc.file).path),
                    "an old address can redirect to one entry only: remove it from one of the two `old_slugs`".to_owned(),
                ))
            } else {
                None
            };
            match problem {
                Some((message, help)) => {
                    diagnostics.push(Diagnostic::new(entry.doc.file, span, message).with_help(help))
                }
                None => {
                    renamed.insert(slug.clone(), id);
                }
            }
        }
    }
    renamed
}

/// Checks the references of every document (front matter slugs, wikilinks,
/// citations), scanning the bodies in `cache` no more, and returns the backlinks of
/// each entry, a shared list per entry. The scans, most of a large build's memory,
/// are freed on return (or kept in `cache`, with what each check found).
fn check_references(
    site: &Site,
    unknown: &Unpublished,
    unreadable: &[Unreadable],
    diagnostics: &mut Diagnostics,
    cache: &mut ScanCache,
) -> Vec<Arc<Vec<Backlink>>> {
    // Scanning the bodies is most of the work, and each is independent: in parallel.
    let names = hash_of(&(
        &site.slugs,
        &site.names,
        site.entries.iter().map(|e| &e.name).collect::<Vec<_>>(),
    ));
    if cache.names != names {
        cache.names = names;
        cache.scans.clear();
        cache.checked.clear();
        cache.lists.clear();
    }
    let headings = Headings::new(site.entries.len());
    let unreadable = |diagnostics: &mut Diagnostics| {
        for u in unreadable {
            let mut checker = Checker::new(site, unknown, &headings);
            checker.front(None, u.file, u.front_offset, u.references.clone());
            if let Some(body_offset) = u.body_offset {
                checker.body(
                    None,
                    u.file,
                    body_offset,
                    &scan_body(site, u.file, body_offset),
                );
            }
            // No links: an unreadable file is no entry to link from.
            diagnostics.extend(checker.diagnostics);
        }
    };
    if cache.keep {
        let backlinks = check_kept(site, unknown, &headings, cache, diagnostics);
        unreadable(diagnostics);
        return backlinks;
    }
    // Every link, by the entry it leads to, in the order of the documents.
    let mut links: Vec<(EntryId, Backlink)> = Vec::new();
    check_once(site, unknown, &headings, &mut |checked: Checked| {
        diagnostics.extend(checked.diagnostics);
        links.extend(checked.links);
    });
    unreadable(diagnostics);
    group(site.entries.len(), links)
}

/// Each entry's list of backlinks, from every link in document order (made at its
/// size): by linking entry and way, the first mention of each (in text order) kept.
fn group(entries: usize, links: Vec<(EntryId, Backlink)>) -> Vec<Arc<Vec<Backlink>>> {
    let mut counts = vec![0; entries];
    for (to, _) in &links {
        counts[*to] += 1;
    }
    let mut backlinks: Vec<Vec<Backlink>> = counts.into_iter().map(Vec::with_capacity).collect();
    for (to, link) in links {
        backlinks[to].push(link);
    }
    backlinks
        .into_par_iter()
        .map(|mut list| {
            list.sort_by_key(|b| (b.from, b.via));
            list.dedup_by_key(|b| (b.from, b.via));
            Arc::new(list)
        })
        .collect()
}

/// The check of a one-off build: each body is scanned and checked on its own, in
/// parallel, a few hundred at a time, and its scan dropped once checked: a body's scan
/// holds every sentence that links somewhere, and all of them at once were most of a
/// large build's memory.
fn check_once(
    site: &Site,
    unknown: &Unpublished,
    headings: &Headings,
    found: &mut impl FnMut(Checked),
) {
    for (n, chunk) in site.entries.chunks(SCAN_CHUNK).enumerate() {
        let checked: Vec<Checked> = chunk
            .par_iter()
            .enumerate()
            .map(|(i, entry)| {
                let id = n * SCAN_CHUNK + i;
                let doc = &entry.doc;
                let scan = scan_body(site, doc.body_file, doc.body_offset);
                check_entry(site, unknown, headings, id, &scan)
            })
            .collect();
        checked.into_iter().for_each(&mut *found);
    }
}

/// `serve`'s check: the scans of the bodies kept between builds (a body whose text is
/// the same is not scanned again), and what each entry's check found, reused while
/// neither the entry's own files nor anything it reads of the others changed.
fn check_kept(
    site: &Site,
    unknown: &Unpublished,
    headings: &Headings,
    cache: &mut ScanCache,
    diagnostics: &mut Diagnostics,
) -> Vec<Arc<Vec<Backlink>>> {
    // The body is the text of its file from its offset on.
    let keys: Vec<u64> = site
        .entries
        .par_iter()
        .map(|entry| {
            let doc = &entry.doc;
            hash_of(&(site.files.get(doc.body_file).hash, doc.body_offset))
        })
        .collect();
    let fresh: Vec<(u64, markdown::Scan)> = site
        .entries
        .par_iter()
        .zip(&keys)
        .filter(|(_, key)| !cache.scans.contains_key(key))
        .map(|(entry, &key)| {
            let doc = &entry.doc;
            (key, scan_body(site, doc.body_file, doc.body_offset))
        })
        .collect();
    // This build's scans, and only those, for the next.
    let mut scans: HashMap<u64, markdown::Scan> = fresh.into_iter().collect();
    for key in &keys {
        if !scans.contains_key(key)
            && let Some(scan) = cache.scans.remove(key)
        {
            scans.insert(*key, scan);
        }
    }
    cache.scans = scans;
    let empty = markdown::Scan::default();
    let scan_of = |id: EntryId| cache.scans.get(&keys[id]).unwrap_or(&empty);
    for id in 0..site.entries.len() {
        let _ = headings.ids[id].set(scan_of(id).heading_ids.clone());
    }
    let world = world_key(site, unknown, &scan_of);
    if cache.world != world {
        cache.world = world;
        cache.checked.clear();
        cache.lists.clear();
    }
    let entries = site.entries.len();
    let owns: Vec<u64> = (0..entries)
        .into_par_iter()
        .map(|id| own_key(site, id))
        .collect();
    let fresh: Vec<Option<Checked>> = (0..entries)
        .into_par_iter()
        .map(|id| {
            (!cache.checked.contains_key(&owns[id]))
                .then(|| check_entry(site, unknown, headings, id, scan_of(id)))
        })
        .collect();
    let found = |id: EntryId| fresh[id].as_ref().or_else(|| cache.checked.get(&owns[id]));
    // The problems, in entry order.
    for id in 0..entries {
        if let Some(checked) = found(id) {
            diagnostics.extend(checked.diagnostics.clone());
        }
    }
    let lists = if cache.lists.len() == entries && cache.owns.len() == entries {
        // The same entries as last time, in the same world: only the lists an entry
        // checked again linked into, or links into now, change.
        let mut lists = std::mem::take(&mut cache.lists);
        for (id, new) in fresh.iter().enumerate() {
            let Some(new) = new else { continue };
            let old = cache
                .checked
                .get(&cache.owns[id])
                .map_or(&[][..], |c| &c.links[..]);
            let mut targets: Vec<EntryId> =
                old.iter().chain(&new.links).map(|(to, _)| *to).collect();
            targets.sort_unstable();
            targets.dedup();
            for to in targets {
                let list = Arc::make_mut(&mut lists[to]);
                list.retain(|b| b.from() != id);
                // As `group` orders them: by way, the first mention of each.
                let mut mine: Vec<Backlink> = new
                    .links
                    .iter()
                    .filter(|(t, _)| *t == to)
                    .map(|(_, b)| b.clone())
                    .collect();
                mine.sort_by_key(|b| b.via);
                mine.dedup_by_key(|b| b.via);
                let at = list.partition_point(|b| b.from() < id);
                list.splice(at..at, mine);
            }
        }
        lists
    } else {
        let links = (0..entries)
            .filter_map(found)
            .flat_map(|checked| checked.links.iter().cloned())
            .collect();
        group(entries, links)
    };
    // Keep this build's findings, and only those, for the next.
    for (id, checked) in fresh.into_iter().enumerate() {
        if let Some(checked) = checked {
            cache.checked.insert(owns[id], checked);
        }
    }
    let current: rustc_hash::FxHashSet<u64> = owns.iter().copied().collect();
    cache.checked.retain(|own, _| current.contains(own));
    cache.owns = owns;
    cache.lists = lists.clone();
    lists
}

/// Checks the front matter, image and body (`scan`) of entry `id`.
fn check_entry(
    site: &Site,
    unknown: &Unpublished,
    headings: &Headings,
    id: EntryId,
    scan: &markdown::Scan,
) -> Checked {
    let doc = &site.entries[id].doc;
    let mut checker = Checker::new(site, unknown, headings);
    checker.front(Some(id), doc.file, doc.front_offset, doc.front.references());
    checker.image(doc);
    checker.body(Some(id), doc.body_file, doc.body_offset, scan);
    if !doc.front.common().draft {
        checker.scaffold_left(doc.file);
        if doc.body_file != doc.file {
            checker.scaffold_left(doc.body_file);
        }
    }
    Checked {
        diagnostics: checker.diagnostics,
        links: checker.links,
    }
}

/// Everything of its own the check of entry `id` reads: its place, its files (their
/// paths, which messages name, and texts).
fn own_key(site: &Site, id: EntryId) -> u64 {
    let doc = &site.entries[id].doc;
    let file = site.files.get(doc.file);
    let body = site.files.get(doc.body_file);
    hash_of(&(
        id,
        (doc.file, doc.body_file, doc.front_offset, doc.body_offset),
        (&file.path, file.hash, &body.path, body.hash),
    ))
}

/// What the check of an entry reads of the rest of the dossier: every entry's slug,
/// kind, front matter (a citation with a quote looks at its source's address) and
/// headings (for `#fragment`s), the drafts and unreadable files, the published files
/// (images), and whether raw HTML is trusted. The slugs, names and aliases links are
/// looked up by are not hashed again here: `check_references` forgets every finding
/// when they change. An edit to the text of one body changes none of it.
fn world_key<'a>(
    site: &'a Site,
    unknown: &Unpublished,
    scan_of: &(dyn Fn(EntryId) -> &'a markdown::Scan + Sync),
) -> u64 {
    let entries: Vec<u64> = (0..site.entries.len())
        .into_par_iter()
        .map(|id| {
            let entry = &site.entries[id];
            hash_of(&(
                entry.kind(),
                entry.slug(),
                site.front_text(id),
                &scan_of(id).heading_ids,
            ))
        })
        .collect();
    hash_of(&(
        entries,
        (&unknown.drafts, &unknown.draft_names, &unknown.unreadable),
        site.assets.paths().collect::<Vec<_>>(),
        site.config.trusted_html,
    ))
}

/// How many bodies `check_references` scans at a time.
const SCAN_CHUNK: usize = 512;

/// What a body links to and cites, and its headings.
fn scan_body(site: &Site, file: FileId, offset: usize) -> markdown::Scan {
    markdown::scan(&site.files.get(file).text[offset..], &|target| {
        site.display(target)
    })
}

/// What is wrong with the address of a file (an image, an `image` key) written in the
/// Markdown file `file`, if it names no published file: (message, help).
pub(crate) fn missing_file(assets: &Assets, file: &str, written: &str) -> Option<(String, String)> {
    if crate::assets::is_elsewhere(written) || assets.find(file, written).is_some() {
        return None;
    }
    let dir = crate::assets::dir_of(file);
    let forms = format!(
        "write the path from this Markdown file (`chart.png` for `content/{dir}chart.png`), or \
         from the site root for a file of static/ (`/images/chart.png` for \
         `static/images/chart.png`)"
    );
    let Some(located) = crate::assets::locate(dir, written) else {
        return Some((format!("`{written}` leads outside the site"), forms));
    };
    let path = &located.path;
    let message = if located.from_root {
        format!("no file `static/{path}` or `content/{path}` for `{written}`")
    } else {
        format!("no file `content/{path}` for `{written}`")
    };
    // The commonest slip: a file of static/ written as if it were beside the text.
    let bare = written.trim_start_matches("./").trim_start_matches("../");
    let bare = bare.strip_prefix("static/").unwrap_or(bare);
    let help = match assets.get(bare) {
        Some(asset) if !located.from_root && asset.origin == crate::assets::Origin::Static => {
            format!("`static/{bare}` is published from the site root: write `/{bare}`")
        }
        _ => forms,
    };
    Some((message, help))
}

/// The name and aliases of a document.
fn names_of(doc: &Document) -> impl Iterator<Item = &str> {
    std::iter::once(doc.front.name())
        .chain(
            doc.front
                .common()
                .aliases
                .iter()
                .map(|a| a.get_ref().as_str()),
        )
        .chain(doc.also_found_by.iter().map(String::as_str))
}

fn shift(span: Range<usize>, by: usize) -> Range<usize> {
    (span.start + by)..(span.end + by)
}

/// Slugs that exist but cannot be linked to: drafts (left out of this build) and files
/// whose front matter could not be read (already reported).
#[derive(Debug, Default)]
struct Unpublished {
    drafts: BTreeMap<String, Kind>,
    /// Lower-cased names and aliases of drafts, with their slug.
    draft_names: BTreeMap<String, String>,
    unreadable: BTreeMap<String, Kind>,
}

/// Checks the references of one document (or several, one after another): what it
/// finds wrong, and the links it makes, by the entry they lead to. Documents are
/// checked in parallel, each by a checker of its own; their findings are put together
/// in document order, so that a build reports them in the same order every time.
struct Checker<'s> {
    site: &'s Site,
    unknown: &'s Unpublished,
    headings: &'s Headings,
    links: Vec<(EntryId, Backlink)>,
    diagnostics: Diagnostics,
}

/// The heading ids of each entry's page, for the `#fragment`s of links into it: set
/// when its body is scanned, or computed when a link needs them first (the same ids
/// either way), and shared by the checkers.
struct Headings {
    ids: Vec<OnceLock<Arc<Vec<String>>>>,
    /// The same, to look up: made for the pages a `#fragment` points into (a page may
    /// have thousands of headings and links to them).
    sets: Vec<OnceLock<HashSet<String>>>,
}

impl Headings {
    fn new(entries: usize) -> Headings {
        Headings {
            ids: (0..entries).map(|_| OnceLock::new()).collect(),
            sets: (0..entries).map(|_| OnceLock::new()).collect(),
        }
    }
}

impl<'s> Checker<'s> {
    fn new(site: &'s Site, unknown: &'s Unpublished, headings: &'s Headings) -> Checker<'s> {
        Checker {
            site,
            unknown,
            headings,
            links: Vec::new(),
            diagnostics: Diagnostics::default(),
        }
    }

    /// The slugs a front matter names. `from` is the entry, or `None` for an unreadable
    /// file (checked, but it links nowhere).
    fn front(&mut self, from: Option<EntryId>, file: FileId, offset: usize, refs: Vec<SlugRef>) {
        for SlugRef { slug, key, expects } in refs {
            let span = shift(slug.span(), offset);
            let slug = slug.get_ref();
            if self.unknown.unreadable.contains_key(slug) {
                continue;
            }
            if let Some(&kind) = self.unknown.drafts.get(slug)
                && expects.is_none_or(|e| e == kind)
            {
                self.diagnostics.warn(
                    Diagnostic::new(file, span, format!("`{slug}` is a draft: it is left out of this page until it is published"))
                        .with_help(format!("publish it (remove `draft = true` from `content/{}/{slug}.md`), or build with --drafts to preview it", kind.folder().unwrap_or_default())),
                );
                continue;
            }
            match check_slug(self.site, self.unknown, slug, expects) {
                // A quote on someone's page may name them among its speakers.
                Ok(to) if Some(to) == from && key == "by" => {}
                Ok(to) if Some(to) == from => self.diagnostics.push(
                    Diagnostic::new(file, span, format!("`{slug}` refers to itself"))
                        .with_help(format!("an entry cannot name itself in `{key}`; remove it")),
                ),
                Ok(to) => {
                    debug_assert!(
                        FrontKey::of(key).is_some(),
                        "`{key}` is not in FrontKey::ALL"
                    );
                    if let (Some(from), Some(key)) = (from, FrontKey::of(key)) {
                        self.links
                            .push((to, Backlink::new(from, Via::Key(key), None, 0)));
                    }
                }
                Err((message, help)) => {
                    let diagnostic = Diagnostic::new(file, span, message);
                    self.diagnostics.push(match help {
                        Some(help) => diagnostic.with_help(help),
                        None => diagnostic,
                    });
                }
            }
        }
    }

    /// An entry's `image`: a file that is published, described.
    fn image(&mut self, doc: &Document) {
        let Some(image) = doc.front.common().image else {
            return;
        };
        let file = doc.file;
        let path = &self.site.files.get(file).path;
        let src = image.src.get_ref();
        if let Some((message, help)) = missing_file(&self.site.assets, path, src) {
            self.diagnostics.push(
                Diagnostic::new(file, shift(image.src.span(), doc.front_offset), message)
                    .with_help(help),
            );
        }
        if image.alt.get_ref().trim().is_empty() {
            self.diagnostics.push(
                Diagnostic::new(
                    file,
                    shift(image.alt.span(), doc.front_offset),
                    "this image has no alt text",
                )
                .with_help(format!(
                    "describe the image for readers who cannot see it: `alt = \"The logo of {}\"`",
                    doc.front.name()
                )),
            );
        }
    }

    /// The wikilinks and headings of a body (`scan`, of the body at `offset` in `file`).
    fn body(&mut self, from: Option<EntryId>, file: FileId, offset: usize, scan: &markdown::Scan) {
        let site = self.site;
        // A dossier that trusts its raw HTML lets it link anywhere (docs/security.md).
        let raw_html = (!site.config.trusted_html).then_some(&scan.raw_html_problems);
        for problem in scan.problems.iter().chain(raw_html.into_iter().flatten()) {
            self.diagnostics.push(
                Diagnostic::new(
                    file,
                    shift(problem.span.clone(), offset),
                    problem.message.clone(),
                )
                .with_help(problem.help.clone()),
            );
        }
        let path = &site.files.get(file).path;
        for image in &scan.images {
            let span = shift(image.span.clone(), offset);
            if image.alt.trim().is_empty() {
                self.diagnostics.push(
                    Diagnostic::new(file, span.clone(), "this image has no alt text").with_help(
                        format!(
                            "describe the image for readers who cannot see it: `![A chart of …]({})`",
                            image.url
                        ),
                    ),
                );
            }
            if let Some(problem) = missing_file(&site.assets, path, &image.url) {
                self.diagnostics
                    .push(Diagnostic::new(file, span, problem.0).with_help(problem.1));
            }
        }
        if let Some(id) = from {
            // Set already if a link into this page came first: to the same ids.
            let _ = self.headings.ids[id].set(scan.heading_ids.clone());
        }
        for citation in &scan.citations {
            let span = shift(citation.span.clone(), offset);
            for key in &citation.keys {
                if self.unknown.unreadable.contains_key(&key.source) {
                    continue;
                }
                if self.unknown.drafts.get(&key.source) == Some(&Kind::Source) {
                    self.diagnostics.warn(
                        Diagnostic::new(file, span.clone(), format!("citation `[@{}]`: `{}` is a draft, so the citation is left out until it is published", key.source, key.source))
                            .with_help(format!("publish it (remove `draft = true` from `content/sources/{}.md`), or build with --drafts to preview it", key.source)),
                    );
                    continue;
                }
                match check_slug(site, self.unknown, &key.source, Some(Kind::Source)) {
                    Ok(to) => {
                        if key.quote.as_deref().is_some_and(|q| !q.is_empty())
                            && let Front::Source(source) = &site.entries[to].doc.front
                            && source.url.is_none()
                        {
                            self.diagnostics.warn(
                                Diagnostic::new(
                                    file,
                                    span.clone(),
                                    format!(
                                        "the citation quotes `{}`, which has no `url`: the quoted \
                                         words cannot link to their passage",
                                        key.source
                                    ),
                                )
                                .with_help(format!(
                                    "add the web address of the source to \
                                     `content/sources/{}.md` (`url = \"https://…\"`), or drop the \
                                     quote from the citation (`[@{}]`)",
                                    key.source, key.source
                                )),
                            );
                        }
                        if let Some(from) = from {
                            self.links.push((
                                to,
                                Backlink::new(
                                    from,
                                    Via::Citation,
                                    Some(citation.context.clone()),
                                    citation.context_hash,
                                ),
                            ));
                        }
                    }
                    Err((message, help)) => {
                        let message = format!("citation `[@{}]`: {message}", key.source);
                        let diagnostic = Diagnostic::new(file, span.clone(), message);
                        self.diagnostics.push(match help {
                            Some(help) => diagnostic.with_help(help),
                            None => diagnostic,
                        });
                    }
                }
            }
        }
        for link in &scan.links {
            let span = shift(link.span.clone(), offset);
            if link.embed {
                self.diagnostics.push(
                    Diagnostic::new(file, span, "embedding an entry (`![[…]]`) is not supported")
                        .with_help(format!("link to it instead: `[[{}]]`", link.target)),
                );
                continue;
            }
            let to = if link.target.is_empty() {
                match from {
                    Some(id) => id,
                    None => continue,
                }
            } else {
                match self.wikilink_target(&link.target, file, span.clone()) {
                    Some(to) => to,
                    None => continue,
                }
            };
            if let Some(fragment) = &link.fragment {
                self.check_fragment(to, fragment, file, span);
            }
            if let Some(from) = from
                && to != from
            {
                self.links.push((
                    to,
                    Backlink::new(
                        from,
                        Via::Mention,
                        Some(link.context.clone()),
                        link.context_hash,
                    ),
                ));
            }
        }
    }

    fn wikilink_target(
        &mut self,
        target: &str,
        file: FileId,
        span: Range<usize>,
    ) -> Option<EntryId> {
        let site = self.site;
        match site.lookup_detailed(target) {
            Lookup::Found(to) => return Some(to),
            Lookup::Ambiguous(ids) => {
                let choices: Vec<String> = ids
                    .iter()
                    .map(|&id| {
                        format!(
                            "`[[{}]]` ({})",
                            site.entries[id].slug(),
                            site.entries[id].kind().singular()
                        )
                    })
                    .collect();
                self.diagnostics.push(
                    Diagnostic::new(
                        file,
                        span,
                        format!("ambiguous link `[[{target}]]`: several entries have this name"),
                    )
                    .with_help(format!("link by slug instead: {}", choices.join(" or "))),
                );
            }
            Lookup::Missing if self.unknown.unreadable.contains_key(target) => {}
            Lookup::Missing => {
                let lower = target.to_lowercase();
                let draft = self
                    .unknown
                    .drafts
                    .get_key_value(target)
                    .map(|(slug, _)| slug.as_str())
                    .or_else(|| self.unknown.draft_names.get(&lower).map(String::as_str));
                if let Some(slug) = draft {
                    let kind = self.unknown.drafts.get(slug).copied();
                    self.diagnostics.warn(
                        Diagnostic::new(file, span, format!("`[[{target}]]` links to a draft: its text is shown without a link until `{slug}` is published"))
                            .with_help(format!("publish it (remove `draft = true` from `content/{}/{slug}.md`), or build with --drafts to preview it", kind.and_then(Kind::folder).unwrap_or("…"))),
                    );
                    return None;
                }
                let help = match site.renamed.get(target) {
                    Some(&to) => {
                        let new = site.entries[to].slug();
                        format!("`{target}` was renamed to `{new}`: write [[{new}]]")
                    }
                    None => match suggest(
                    target,
                    site.slugs
                        .keys()
                        .chain(self.unknown.unreadable.keys())
                        .map(String::as_str)
                        .chain(site.entries.iter().map(|e| e.name.as_str()))
                        .chain(site.names.keys().map(String::as_str)),
                ) {
                    Some(best) => format!("did you mean `[[{best}]]`?"),
                    None => "a wikilink names an entry by slug, name or alias; create the entry or fix the name".to_owned(),
                },
                };
                self.diagnostics.push(
                    Diagnostic::new(file, span, format!("unknown link target `[[{target}]]`"))
                        .with_help(help),
                );
            }
        }
        None
    }

    /// The guidance `dossier new` wrote, left in a published entry's `file`: never
    /// shown, but a sign the entry was published unfinished.
    fn scaffold_left(&mut self, file: FileId) {
        for span in crate::model::scaffold_leftovers(&self.site.files.get(file).text) {
            self.diagnostics.warn(
                Diagnostic::new(file, span, "scaffold text left by `dossier new` in a published entry")
                    .with_help("remove the scaffold text once the entry is written (and write what it asks for), or mark the entry `draft = true` until it is"),
            );
        }
    }

    /// `[[slug#fragment]]`: the fragment must be an id on that entry's page.
    fn check_fragment(&mut self, to: EntryId, fragment: &str, file: FileId, span: Range<usize>) {
        let site = self.site;
        let ids = self.headings.ids[to].get_or_init(|| {
            markdown::scan(site.body(to), &|target| site.display(target)).heading_ids
        });
        let set = self.headings.sets[to].get_or_init(|| ids.iter().cloned().collect());
        if set.contains(fragment) || markdown::RESERVED_IDS.contains(&fragment) {
            return;
        }
        let help = match suggest(fragment, ids.iter().map(String::as_str)) {
            Some(best) => format!("did you mean `#{best}`?"),
            None if ids.is_empty() => "that page has no headings to link to".to_owned(),
            None => format!(
                "its headings are {}",
                ids.iter()
                    .map(|i| format!("`#{i}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        };
        self.diagnostics.push(
            Diagnostic::new(
                file,
                span,
                format!(
                    "`{}` has no heading with id `{fragment}`",
                    site.entries[to].slug()
                ),
            )
            .with_help(help),
        );
    }
}

/// Checks that `slug` names a published entry of the expected kind.
fn check_slug(
    site: &Site,
    unknown: &Unpublished,
    slug: &str,
    expects: Option<Kind>,
) -> Result<EntryId, (String, Option<String>)> {
    let what = expects.map_or("entry", Kind::singular);
    match site.id_of(slug) {
        Some(id) => {
            let found = site.entries[id].kind();
            match expects {
                Some(kind) if kind != found => {
                    let same_kind: Vec<&str> = site.of_kind(kind).map(|(_, e)| e.slug()).collect();
                    let help = match suggest(slug, same_kind.iter().copied()) {
                        Some(s) => format!("did you mean `{s}`?"),
                        None if same_kind.is_empty() => format!(
                            "this key names a {what}, and the dossier has none yet: add one to content/{}/",
                            kind.folder().unwrap_or_default()
                        ),
                        None if same_kind.len() > 8 => format!(
                            "name one of the {what} slugs: {}, … ({} in all)",
                            same_kind[..8].join(", "),
                            same_kind.len()
                        ),
                        None => format!("name one of the {what} slugs: {}", same_kind.join(", ")),
                    };
                    Err((
                        format!(
                            "`{slug}` is a {}, but a {what} is expected here",
                            found.singular()
                        ),
                        Some(help),
                    ))
                }
                _ => Ok(id),
            }
        }
        None if unknown.drafts.contains_key(slug) => Err((
            format!("`{slug}` is a draft, so it is not published"),
            Some("build with --drafts, or set `draft = false` in it".to_owned()),
        )),
        None => {
            let mut candidates: Vec<&str> = match expects {
                Some(kind) => site.of_kind(kind).map(|(_, e)| e.slug()).collect(),
                None => site.slugs.keys().map(String::as_str).collect(),
            };
            candidates.extend(
                unknown
                    .unreadable
                    .iter()
                    .filter(|(_, k)| expects.is_none_or(|e| e == **k))
                    .map(|(s, _)| s.as_str()),
            );
            let renamed = site.renamed.get(slug).map(|&to| site.entries[to].slug());
            let help = match (renamed, suggest(slug, candidates.iter().copied())) {
                (Some(new), _) => format!("`{slug}` was renamed to `{new}`: write `{new}`"),
                (None, Some(best)) => format!("did you mean `{best}`?"),
                (None, None) => format!(
                    "create `content/{}/{slug}.md`, or name an existing {what}",
                    expects.and_then(Kind::folder).unwrap_or("…")
                ),
            };
            Err((format!("no {what} with slug `{slug}`"), Some(help)))
        }
    }
}

/// A company cannot be its own ancestor.
///
/// A company has at most one parent, so following parents from any company either
/// stops or runs into a cycle. Each company is walked through once: a walk stops at the
/// first company an earlier walk passed. (Every company walked up to the top, and
/// searched its walk so far at each step: 5,000 companies in a chain took seconds.)
fn check_parent_cycles(site: &Site, diagnostics: &mut Diagnostics) {
    let parent_of = |id: EntryId| match &site.entries[id].doc.front {
        Front::Company(company) => company
            .parent
            .as_ref()
            .and_then(|p| site.id_of(p.get_ref())),
        _ => None,
    };
    // The walk that passed each entry, if any; walks are numbered from 1.
    let mut walk_of = vec![0usize; site.entries.len()];
    let mut cycles: Vec<Vec<EntryId>> = Vec::new();
    for (walk, (start, _)) in site.of_kind(Kind::Company).enumerate() {
        let walk = walk + 1;
        let mut path = Vec::new();
        let mut next = Some(start);
        while let Some(id) = next.filter(|&id| walk_of[id] == 0) {
            walk_of[id] = walk;
            path.push(id);
            next = parent_of(id);
        }
        // Back on this walk's own path: the cycle is the path from there.
        if let Some(id) = next
            && walk_of[id] == walk
            && let Some(from) = path.iter().position(|&p| p == id)
        {
            cycles.push(path.split_off(from));
        }
    }
    // Each cycle once, from its member with the smallest slug, in the order of those.
    let mut reports: Vec<(EntryId, Vec<EntryId>)> = cycles
        .into_iter()
        .map(|mut cycle| {
            let first = (0..cycle.len())
                .min_by_key(|&i| site.entries[cycle[i]].slug())
                .unwrap_or(0);
            cycle.rotate_left(first);
            (cycle[0], cycle)
        })
        .collect();
    reports.sort_by_key(|(first, _)| *first);
    for (first, cycle) in reports {
        let entry = &site.entries[first];
        let Front::Company(own) = &entry.doc.front else {
            continue;
        };
        let span = own.parent.as_ref().map_or(0..0, |p| {
            (p.span.start + entry.doc.front_offset)..(p.span.end + entry.doc.front_offset)
        });
        diagnostics.push(
            Diagnostic::new(
                entry.doc.file,
                span,
                format!("`parent` forms a cycle: {}", cycle_chain(site, &cycle)),
            )
            .with_help("a company cannot be its own parent; remove one `parent` key"),
        );
    }
}

/// `a → b → a`; a long cycle shortened to its first and last companies, with their
/// number: `c-0 → c-1 → c-2 → … → c-4998 → c-4999 → c-0 (5000 companies)`.
fn cycle_chain(site: &Site, cycle: &[EntryId]) -> String {
    const SHOWN: usize = 8;
    let slug = |&id: &EntryId| site.entries[id].slug();
    let first = cycle.first().map(slug).unwrap_or_default();
    if cycle.len() <= SHOWN {
        let chain: Vec<&str> = cycle.iter().map(slug).chain([first]).collect();
        return chain.join(" → ");
    }
    let chain: Vec<&str> = cycle[..3]
        .iter()
        .map(slug)
        .chain(["…"])
        .chain(cycle[cycle.len() - 2..].iter().map(slug))
        .chain([first])
        .collect();
    format!("{} ({} companies)", chain.join(" → "), cycle.len())
}
