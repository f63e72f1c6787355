//! Resolve: parsed documents in, one immutable [`Site`] out.
//!
//! This is the only place a slug, a name or an alias becomes an [`EntryId`]. It checks
//! every reference (front matter slugs and body wikilinks) and derives the backlinks.
//! Invariant once it returns without errors: every reference in every entry points at an
//! existing, published entry of the expected kind, so later stages can look them up
//! without failing.

use std::collections::BTreeMap;

use crate::config::SiteConfig;
use crate::diagnostics::{Diagnostic, Diagnostics, SourceFiles, suggest};
use crate::frontmatter::{Document, Front, Kind, Parsed, SlugRef};
use crate::markdown;

pub type EntryId = usize;

/// One page-producing document: an entry of a collection, the home page or the article.
#[derive(Debug)]
pub struct Entry {
    pub doc: Document,
    /// Display name (`name`, `title` or `term`).
    pub name: String,
    /// Site-relative URL path with a trailing slash (`companies/anthropic/`); `""` for home.
    pub path: String,
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
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Via {
    /// A wikilink in the body.
    Mention,
    /// A front matter key naming the entry (`investor`, `parent`…).
    Key(&'static str),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Backlink {
    pub from: EntryId,
    pub via: Via,
}

/// The resolved dossier: ground state plus what is derived from it, computed once.
#[derive(Debug)]
pub struct Site {
    pub config: SiteConfig,
    pub files: SourceFiles,
    /// Entries ordered by kind, then slug.
    pub entries: Vec<Entry>,
    slugs: BTreeMap<String, EntryId>,
    /// Lower-cased names and aliases, each with the entries that carry it.
    names: BTreeMap<String, Vec<EntryId>>,
    /// For each entry, who links to it, ordered by linking entry.
    pub backlinks: Vec<Vec<Backlink>>,
}

/// What a wikilink target or a slug can fail with.
#[derive(Debug)]
enum Lookup {
    Found(EntryId),
    Ambiguous(Vec<EntryId>),
    Missing,
}

impl Site {
    pub fn by_slug(&self, slug: &str) -> Option<&Entry> {
        self.slugs.get(slug).map(|&id| &self.entries[id])
    }

    pub fn id_of(&self, slug: &str) -> Option<EntryId> {
        self.slugs.get(slug).copied()
    }

    /// Resolves a wikilink target: a slug, or a name or alias in any case.
    pub fn lookup(&self, target: &str) -> Option<EntryId> {
        match self.lookup_detailed(target) {
            Lookup::Found(id) => Some(id),
            _ => None,
        }
    }

    fn lookup_detailed(&self, target: &str) -> Lookup {
        if let Some(&id) = self.slugs.get(target) {
            return Lookup::Found(id);
        }
        match self.names.get(&target.trim().to_lowercase()) {
            Some(ids) if ids.len() == 1 => Lookup::Found(ids[0]),
            Some(ids) => Lookup::Ambiguous(ids.clone()),
            None => Lookup::Missing,
        }
    }

    /// The Markdown body of an entry.
    pub fn body(&self, id: EntryId) -> &str {
        let doc = &self.entries[id].doc;
        &self.files.get(doc.file).text[doc.body_offset..]
    }

    /// The front matter's TOML text, as written.
    pub fn front_text(&self, id: EntryId) -> &str {
        let doc = &self.entries[id].doc;
        let text = &self.files.get(doc.file).text;
        let end = text[..doc.body_offset]
            .trim_end()
            .strip_suffix("+++")
            .map_or(doc.body_offset, str::len);
        &text[doc.front_offset..end.max(doc.front_offset)]
    }

    /// Entries of one kind, in slug order.
    pub fn of_kind(&self, kind: Kind) -> impl Iterator<Item = (EntryId, &Entry)> {
        self.entries
            .iter()
            .enumerate()
            .filter(move |(_, e)| e.kind() == kind)
    }

    pub fn home(&self) -> Option<EntryId> {
        self.of_kind(Kind::Home).next().map(|(id, _)| id)
    }

    pub fn article(&self) -> Option<EntryId> {
        self.of_kind(Kind::Article).next().map(|(id, _)| id)
    }
}

/// The URL path of an entry.
fn path_of(doc: &Document) -> String {
    match doc.kind {
        Kind::Home => String::new(),
        Kind::Article => "article/".to_owned(),
        kind => format!("{}/{}/", kind.folder().unwrap_or_default(), doc.slug),
    }
}

/// Builds the site: indexes every document and checks every reference.
pub fn resolve(
    config: SiteConfig,
    files: SourceFiles,
    parsed: Vec<Parsed>,
    include_drafts: bool,
    diagnostics: &mut Diagnostics,
) -> Site {
    let mut documents = Vec::new();
    // Slugs of files whose front matter could not be read: they exist, and references
    // to them are not reported again.
    let mut unreadable: BTreeMap<String, Kind> = BTreeMap::new();
    let mut first_file: BTreeMap<String, usize> = BTreeMap::new();
    for p in parsed {
        match p {
            Parsed::Document(doc) => documents.push(*doc),
            Parsed::Unreadable { file, kind, slug } => {
                first_file.entry(slug.clone()).or_insert(file);
                unreadable.insert(slug, kind);
            }
        }
    }
    documents.sort_by(|a, b| (a.kind, &a.slug).cmp(&(b.kind, &b.slug)));
    let mut drafts: BTreeMap<String, Document> = BTreeMap::new();
    let mut entries: Vec<Entry> = Vec::new();
    let mut slugs: BTreeMap<String, EntryId> = BTreeMap::new();

    for doc in documents {
        if let Some(&first) = first_file.get(&doc.slug) {
            diagnostics.push(
                Diagnostic::new(doc.file, 0..0, format!("duplicate slug `{}`", doc.slug))
                    .with_note(format!(
                        "`{}` is already the slug of `{}`",
                        doc.slug,
                        files.get(first).path
                    ))
                    .with_help(
                        "slugs are unique across the whole dossier: rename one of the files",
                    ),
            );
            continue;
        }
        first_file.insert(doc.slug.clone(), doc.file);
        if doc.front.common().draft && !include_drafts {
            drafts.insert(doc.slug.clone(), doc);
            continue;
        }
        slugs.insert(doc.slug.clone(), entries.len());
        entries.push(Entry {
            name: doc.front.name().to_owned(),
            path: path_of(&doc),
            doc,
        });
    }

    let mut names: BTreeMap<String, Vec<EntryId>> = BTreeMap::new();
    for (id, entry) in entries.iter().enumerate() {
        let aliases = entry
            .doc
            .front
            .common()
            .aliases
            .iter()
            .map(|a| a.get_ref().as_str());
        for name in std::iter::once(entry.name.as_str()).chain(aliases) {
            let key = name.trim().to_lowercase();
            let ids = names.entry(key).or_default();
            if !ids.contains(&id) {
                ids.push(id);
            }
        }
    }

    let mut site = Site {
        config,
        files,
        backlinks: vec![Vec::new(); entries.len()],
        entries,
        slugs,
        names,
    };

    let mut backlinks: Vec<Vec<Backlink>> = vec![Vec::new(); site.entries.len()];
    for from in 0..site.entries.len() {
        let doc = &site.entries[from].doc;
        let file = doc.file;
        for SlugRef { slug, key, expects } in doc.front.references() {
            let span = (slug.span().start + doc.front_offset)..(slug.span().end + doc.front_offset);
            if unreadable.contains_key(slug.get_ref()) {
                continue;
            }
            match check_slug(&site, &drafts, &unreadable, slug.get_ref(), expects) {
                Ok(to) => backlinks[to].push(Backlink {
                    from,
                    via: Via::Key(key),
                }),
                Err((message, help)) => {
                    let diagnostic = Diagnostic::new(file, span, message);
                    diagnostics.push(match help {
                        Some(help) => diagnostic.with_help(help),
                        None => diagnostic,
                    });
                }
            }
        }

        for link in markdown::wikilinks(site.body(from)) {
            let span = (link.span.start + doc.body_offset)..(link.span.end + doc.body_offset);
            match site.lookup_detailed(&link.target) {
                Lookup::Found(to) => {
                    if to != from {
                        backlinks[to].push(Backlink {
                            from,
                            via: Via::Mention,
                        });
                    }
                }
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
                    diagnostics.push(
                        Diagnostic::new(
                            file,
                            span,
                            format!(
                                "ambiguous link `[[{}]]`: several entries have this name",
                                link.target
                            ),
                        )
                        .with_help(format!("link by slug instead: {}", choices.join(" or "))),
                    );
                }
                Lookup::Missing if unreadable.contains_key(&link.target) => {}
                Lookup::Missing => {
                    let mut diagnostic = Diagnostic::new(
                        file,
                        span,
                        format!("unknown link target `[[{}]]`", link.target),
                    );
                    if drafts.contains_key(&link.target) {
                        diagnostic = diagnostic.with_help(format!(
                            "`{}` is a draft: build with --drafts, or publish it",
                            link.target
                        ));
                    } else if let Some(best) = suggest(
                        &link.target,
                        site.slugs
                            .keys()
                            .chain(unreadable.keys())
                            .map(String::as_str)
                            .chain(site.entries.iter().map(|e| e.name.as_str())),
                    ) {
                        diagnostic = diagnostic.with_help(format!("did you mean `[[{best}]]`?"));
                    } else {
                        diagnostic = diagnostic.with_help("a wikilink names an entry by slug, name or alias; create the entry or fix the name");
                    }
                    diagnostics.push(diagnostic);
                }
            }
        }
    }
    for list in &mut backlinks {
        list.sort();
        list.dedup();
    }
    site.backlinks = backlinks;
    check_parent_cycles(&site, diagnostics);
    site
}

/// Checks that `slug` names a published entry of the expected kind.
fn check_slug(
    site: &Site,
    drafts: &BTreeMap<String, Document>,
    unreadable: &BTreeMap<String, Kind>,
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
                    let help = suggest(slug, same_kind.iter().copied())
                        .map(|s| format!("did you mean `{s}`?"));
                    Err((
                        format!(
                            "`{slug}` is a {}, but a {what} is expected here",
                            found.singular()
                        ),
                        help,
                    ))
                }
                _ => Ok(id),
            }
        }
        None if drafts.contains_key(slug) => Err((
            format!("`{slug}` is a draft, so it is not published"),
            Some("build with --drafts, or set `draft = false` in it".to_owned()),
        )),
        None => {
            let mut candidates: Vec<&str> = match expects {
                Some(kind) => site.of_kind(kind).map(|(_, e)| e.slug()).collect(),
                None => site.slugs.keys().map(String::as_str).collect(),
            };
            candidates.extend(
                unreadable
                    .iter()
                    .filter(|(_, k)| expects.is_none_or(|e| e == **k))
                    .map(|(s, _)| s.as_str()),
            );
            let help = match suggest(slug, candidates.iter().copied()) {
                Some(best) => format!("did you mean `{best}`?"),
                None => format!(
                    "create `content/{}/{slug}.md`, or name an existing {what}",
                    expects.and_then(Kind::folder).unwrap_or("…")
                ),
            };
            Err((format!("no {what} with slug `{slug}`"), Some(help)))
        }
    }
}

/// A company cannot be its own ancestor.
fn check_parent_cycles(site: &Site, diagnostics: &mut Diagnostics) {
    for (start, entry) in site.of_kind(Kind::Company) {
        let mut seen = vec![start];
        let mut current = start;
        while let Front::Company(company) = &site.entries[current].doc.front {
            let Some(parent) = company
                .parent
                .as_ref()
                .and_then(|p| site.id_of(p.get_ref()))
            else {
                break;
            };
            if parent == start {
                let Front::Company(own) = &entry.doc.front else {
                    break;
                };
                let span = own.parent.as_ref().map_or(0..0, |p| {
                    (p.span().start + entry.doc.front_offset)
                        ..(p.span().end + entry.doc.front_offset)
                });
                let chain: Vec<&str> = seen
                    .iter()
                    .map(|&id| site.entries[id].slug())
                    .chain([entry.slug()])
                    .collect();
                diagnostics.push(
                    Diagnostic::new(
                        entry.doc.file,
                        span,
                        format!("`parent` forms a cycle: {}", chain.join(" → ")),
                    )
                    .with_help("a company cannot be its own parent; remove one `parent` key"),
                );
                break;
            }
            if seen.contains(&parent) {
                break; // a cycle that does not include `start`: reported from its own members
            }
            seen.push(parent);
            current = parent;
        }
    }
}
