//! Builds that remember, for `serve`: after an edit, only the pages the edit can
//! change are rendered again.
//!
//! A rebuild has two steps. [`Session::update`] reads, parses and resolves the whole
//! dossier (files, front matter, bodies and templates that did not change are not
//! read, parsed or scanned again: `pipeline::Memo`), then
//! renders the entry pages the edit affects, and returns them at once, so the page
//! being edited is served in a fraction of a full build's time. [`Session::finish`]
//! then renders the pages over many entries (home, lists, timeline, print edition),
//! the site's files (feed, exports, search index) and checks every link.
//!
//! Which entry pages an edit affects: every entry page records the entries it read
//! while rendering (`render::deps`). A page is rendered again when its own file
//! changed, when the front matter of an entry it read changed (no page shows another
//! entry's body), when its own backlinks changed (another page started or
//! stopped linking to it, or the sentence around a link changed) or those of another
//! entry it read them of (an entry's deals are those that name it), or when the "shape"
//! changed: settings, templates, the set of entries, or any slug, name or alias (these
//! decide what every link resolves to, so a change renders everything). Entry ids stay
//! the same while the shape does, which is what makes the recorded reads comparable
//! from one build to the next. Tests compare every file of an incremental rebuild with
//! a full build of the same files.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::sync::Arc;

use rayon::prelude::*;

use crate::linkcheck::{LinkTable, Scan};
use crate::model::Kind;
use crate::pipeline::{self, Memo, Prepared, Sink};
use crate::render::{EntryPage, Kept, Part, Reads};
use crate::resolve::{self, EntryId};
use crate::support::Timings;
use crate::support::hash_of;
use crate::{Options, Report};

/// One served file.
pub type Bytes = Arc<Vec<u8>>;

/// What the last good build left, for the next one to start from.
#[derive(Default)]
struct Last {
    shape: u64,
    /// Per entry id: the hash of its file's text, of its front matter (all another
    /// entry's page can read of it: no page shows another's body), and of its
    /// backlinks.
    texts: Vec<u64>,
    fronts: Vec<u64>,
    backlinks: Vec<u64>,
    /// Per entry id: its page (none for the home page).
    pages: Vec<Option<EntryPage>>,
}

/// A site kept in memory and rebuilt after each edit.
#[derive(Default)]
pub struct Session {
    options: Options,
    memo: Memo,
    /// Per language edition, the default first.
    last: Option<Vec<Last>>,
    /// What `update` prepared for `finish`.
    pending: Option<Prepared>,
    /// Every file of the site, by path, and what the link check needs of each.
    files: BTreeMap<String, (Bytes, Arc<Scan>)>,
    /// The link addresses the scans number (kept, as the scans are).
    links: LinkTable,
    /// Per language edition, what its render keeps from one build to the next: the
    /// print edition's pieces.
    kept: Vec<Kept>,
    /// What the link check read of each file of the last site whose every link it
    /// checked (the last `finish` that passed).
    verified: Option<HashMap<String, Arc<Scan>>>,
}

/// What [`Session::update`] did.
#[derive(Debug)]
pub struct Update {
    /// The entry pages rendered again, by path.
    pub pages: Vec<String>,
    /// Whether everything was rendered (the first build, or the shape changed).
    pub full: bool,
    /// Problems that did not stop the build (an entry without a translation), as
    /// `build` prints them.
    pub warnings: Report,
}

impl Session {
    pub fn new(options: Options) -> Session {
        Session {
            options,
            memo: Memo::keeping(),
            ..Session::default()
        }
    }

    /// Every file of the last good build, by path.
    pub fn files(&self) -> impl Iterator<Item = (&str, &Bytes)> {
        self.files
            .iter()
            .map(|(path, (bytes, _))| (path.as_str(), bytes))
    }

    /// The number of HTML pages.
    pub fn pages(&self) -> usize {
        self.files
            .values()
            .filter(|(_, scan)| scan.is_page())
            .count()
    }

    /// Reads the dossier and renders the entry pages that changed. On problems, the
    /// last good site stays as it was.
    pub fn update(&mut self) -> Result<Update, Report> {
        let mut timings = Timings::start();
        let mut prepared = pipeline::prepare(&self.options, &mut self.memo, &mut timings)?;
        let warnings = prepared.take_warnings();
        let sites = prepared.sites();
        let shape = hash_of(
            &sites
                .iter()
                .map(|s| shape_of(&self.options, s))
                .collect::<Vec<_>>(),
        );
        // The last good build's state per edition, if the shape held: else all is
        // rendered (and a failure leaves nothing to compare against, which renders all
        // next time too, as a changed shape would).
        let previous = self
            .last
            .take()
            .filter(|lasts| lasts.len() == sites.len() && lasts.iter().all(|l| l.shape == shape));
        let full = previous.is_none();
        let mut previous = previous.into_iter().flatten();
        let mut states = Vec::with_capacity(sites.len());
        let mut dirty = Vec::with_capacity(sites.len());
        if self.kept.len() != sites.len() {
            self.kept = sites.iter().map(|_| Kept::with_print()).collect();
        }
        for (edition, site) in sites.iter().enumerate() {
            let last = previous.next();
            // Each entry's texts, each front matter and each list of backlinks, hashed
            // in parallel: after every edit, the whole dossier is compared.
            let texts: Vec<u64> = site
                .entries()
                .par_iter()
                .map(|e| {
                    let file = site.files.get(e.doc.file).hash;
                    if e.doc.body_file == e.doc.file {
                        file
                    } else {
                        hash_of(&(file, site.files.get(e.doc.body_file).hash))
                    }
                })
                .collect();
            let fronts: Vec<u64> = site
                .entries()
                .par_iter()
                .map(|e| {
                    // A translation's text keys are read by other pages too: its whole
                    // file counts (conservative: a body edit there dirties its readers).
                    let translation = (e.doc.body_file != e.doc.file)
                        .then(|| &site.files.get(e.doc.body_file).text);
                    hash_of(&(site.front_text_of(e), translation))
                })
                .collect();
            let backlinks: Vec<u64> = site.backlinks().par_iter().map(hash_of).collect();
            let changes = last
                .as_ref()
                .map(|last| Changes::new(site, last, &texts, &fronts, &backlinks));
            dirty.push(dirty_pages(site, changes.as_ref()));
            // The print edition's pieces that are out of date, as pages are.
            match &changes {
                Some(changes) => {
                    self.kept[edition].forget_print(|id, reads| changes.stale(id, reads))
                }
                None => self.kept[edition] = Kept::with_print(),
            }
            drop(changes);
            states.push((texts, fronts, backlinks, last));
        }
        let sink = Sink::new(&self.links, None, true);
        let rendered = pipeline::make(&prepared, Part::Entries(&dirty), &sink, &self.kept);
        let made = sink.into_files().map_err(Report::operational)?;
        timings.lap("pages");

        // The new pages' links, against the site as it will be: the new pages go into
        // the site's files at once (a new map for a full build), and what they replaced
        // is kept to put back if the check fails. Copying the map of every file on each
        // edit was a tenth of an edit's time on a large dossier.
        let mut fresh = BTreeMap::new();
        let files = if full { &mut fresh } else { &mut self.files };
        let mut replaced = Vec::new();
        let mut paths = Vec::new();
        for (file, scan) in made {
            if let Some(file) = file {
                paths.push(file.path.clone());
                let before =
                    files.insert(file.path.clone(), (Arc::new(file.bytes), Arc::new(scan)));
                replaced.push((file.path, before));
            }
        }
        let site = &prepared.site;
        let rendered = rendered.and_then(|rendered| {
            if full {
                return Ok(rendered);
            }
            let scans: Vec<&Scan> = files.values().map(|(_, scan)| scan.as_ref()).collect();
            let only: HashSet<&str> = paths.iter().map(String::as_str).collect();
            let diags = pipeline::check_links(&prepared, &scans, &self.links, Some(&only));
            if diags.has_errors() {
                Err(diags)
            } else {
                Ok(rendered)
            }
        });
        let rendered = match rendered {
            Ok(rendered) => rendered,
            Err(diags) => {
                // Keep the last good state; the next update compares against it again.
                if !full {
                    for (path, before) in replaced.into_iter().rev() {
                        match before {
                            Some(before) => self.files.insert(path, before),
                            None => self.files.remove(&path),
                        };
                    }
                    self.last = Some(
                        states
                            .into_iter()
                            .filter_map(|(_, _, _, last)| last)
                            .collect(),
                    );
                }
                return Err(Report::new(diags, site.files.clone()));
            }
        };

        let mut new_lasts = Vec::with_capacity(states.len());
        for ((texts, fronts, backlinks, last), rendered) in states.into_iter().zip(rendered) {
            let mut pages: Vec<Option<EntryPage>> = match last {
                Some(last) => last.pages,
                None => (0..texts.len()).map(|_| None).collect(),
            };
            for page in rendered {
                let id = page.id;
                pages[id] = Some(page);
            }
            new_lasts.push(Last {
                shape,
                texts,
                fronts,
                backlinks,
                pages,
            });
        }
        self.last = Some(new_lasts);
        if full {
            self.files = fresh;
        }
        self.pending = Some(prepared);
        paths.sort();
        timings.lap("check");
        Ok(Update {
            pages: paths,
            full,
            warnings,
        })
    }

    /// Renders the rest of the site after [`Session::update`]: the pages over many
    /// entries and the site's files; then checks every link.
    pub fn finish(&mut self) -> Result<(), Report> {
        let mut timings = Timings::start();
        let (Some(prepared), Some(lasts)) = (self.pending.take(), &self.last) else {
            return Ok(());
        };
        let given: Vec<Vec<&EntryPage>> = lasts
            .iter()
            .map(|last| last.pages.iter().flatten().collect())
            .collect();
        let entry_pages: HashSet<&str> = given
            .iter()
            .flatten()
            .filter_map(|page| page.path.as_deref())
            .collect();
        let made_with: HashSet<&str> = given
            .iter()
            .flatten()
            .flat_map(|page| page.also.iter().map(String::as_str))
            .collect();
        let sink = Sink::new(&self.links, None, true);
        let rendered = pipeline::make(&prepared, Part::Rest(&given), &sink, &self.kept);
        let made = sink.into_files().map_err(Report::operational)?;
        timings.lap("lists");
        let site = &prepared.site;

        // Entry pages stay, with what is made with them (the preview card beside each,
        // its list of mentions when long); everything else is what was just made (a
        // static file deleted since the last build is gone).
        let of_entry_page = |path: &str| {
            entry_pages.contains(path)
                || path
                    .strip_suffix("preview.json")
                    .is_some_and(|dir| entry_pages.contains(format!("{dir}index.html").as_str()))
                || made_with.contains(path)
        };
        let mut files: BTreeMap<String, (Bytes, Arc<Scan>)> = self
            .files
            .iter()
            .filter(|(path, _)| of_entry_page(path))
            .map(|(path, file)| (path.clone(), file.clone()))
            .collect();
        for (file, scan) in made.into_iter() {
            if let Some(file) = file.map(|file| *file) {
                // A file made the same as before stays the one kept, so that the link
                // check knows it for unchanged.
                let same = self
                    .files
                    .get(&file.path)
                    .filter(|(bytes, kept)| **bytes == file.bytes && **kept == scan)
                    .cloned();
                let kept = same.unwrap_or_else(|| (Arc::new(file.bytes), Arc::new(scan)));
                files.insert(file.path, kept);
            }
        }
        let diags = match rendered {
            Ok(_) => {
                let scans: Vec<&Scan> = files.values().map(|(_, scan)| scan.as_ref()).collect();
                let only = self
                    .verified
                    .as_ref()
                    .and_then(|verified| changed_since(verified, &files));
                pipeline::check_links(&prepared, &scans, &self.links, only.as_ref())
            }
            Err(diags) => diags,
        };
        timings.lap("linkcheck");
        if diags.has_errors() {
            return Err(Report::new(diags, site.files.clone()));
        }
        self.verified = Some(
            files
                .iter()
                .map(|(path, (_, scan))| (path.clone(), scan.clone()))
                .collect(),
        );
        self.files = files;
        Ok(())
    }

    /// `update` then `finish`: the whole site, up to date.
    pub fn rebuild(&mut self) -> Result<Update, Report> {
        let update = self.update()?;
        self.finish()?;
        Ok(update)
    }
}

/// The paths of the files of `files` that are not as they were in `verified` (the
/// files of the last site whose every link was checked), if every link that reached
/// a file then still does: no file gone, none that lost an id. Only the links of
/// those files need checking then; `None`: all of them do.
fn changed_since<'f>(
    verified: &HashMap<String, Arc<Scan>>,
    files: &'f BTreeMap<String, (Bytes, Arc<Scan>)>,
) -> Option<HashSet<&'f str>> {
    if verified.keys().any(|path| !files.contains_key(path)) {
        return None;
    }
    let mut changed = HashSet::new();
    for (path, (_, scan)) in files {
        match verified.get(path) {
            Some(before) if Arc::ptr_eq(before, scan) => {}
            Some(before) if !scan.keeps_every_id_of(before) => return None,
            _ => {
                changed.insert(path.as_str());
            }
        }
    }
    Some(changed)
}

/// What changed since the last good build, for deciding which entry pages (and
/// pieces of the print edition) to make again.
struct Changes<'a> {
    texts: &'a [u64],
    backlinks: &'a [u64],
    last: &'a Last,
    /// The entries whose front matter changed, and their kinds.
    fronts: HashSet<EntryId>,
    kinds: HashSet<Kind>,
    /// The entries whose backlinks changed.
    linked: HashSet<EntryId>,
}

impl<'a> Changes<'a> {
    fn new(
        site: &resolve::Site,
        last: &'a Last,
        texts: &'a [u64],
        fronts: &[u64],
        backlinks: &'a [u64],
    ) -> Changes<'a> {
        let changed: HashSet<EntryId> = (0..fronts.len())
            .filter(|&id| fronts[id] != last.fronts[id])
            .collect();
        let kinds = changed
            .iter()
            .map(|&id| site.entries()[id].kind())
            .collect();
        let linked = (0..backlinks.len())
            .filter(|&id| backlinks[id] != last.backlinks[id])
            .collect();
        Changes {
            texts,
            backlinks,
            last,
            fronts: changed,
            kinds,
            linked,
        }
    }

    /// Whether what entry `id`'s page, or its piece of another, made with `reads`
    /// last time, is out of date: its file changed, its backlinks changed, or it read
    /// an entry (or a kind) whose front matter changed, or an entry's backlinks that
    /// changed.
    fn stale(&self, id: EntryId, reads: &Reads) -> bool {
        self.texts[id] != self.last.texts[id]
            || self.backlinks[id] != self.last.backlinks[id]
            || reads
                .entries
                .iter()
                .any(|&r| self.fronts.contains(&(r as usize)))
            || reads.kinds.iter().any(|k| self.kinds.contains(k))
            || reads
                .backlinks
                .iter()
                .any(|&b| self.linked.contains(&(b as usize)))
    }
}

/// The entry pages of `site` to render again: all of them after a change of shape;
/// else those [`Changes::stale`] says are out of date (or that were not made).
fn dirty_pages(site: &resolve::Site, changes: Option<&Changes>) -> Vec<EntryId> {
    let Some(changes) = changes else {
        return site.page_entries().collect();
    };
    site.page_entries()
        .filter(|&id| {
            changes.last.pages[id]
                .as_ref()
                .is_none_or(|page| changes.stale(id, &page.reads))
        })
        .collect()
}

/// What every page depends on besides the entries it reads: the settings and
/// templates (every non-content text file), the build options, and each entry's
/// kind, slug, name, aliases and place (its id).
fn shape_of(options: &Options, site: &resolve::Site) -> u64 {
    let settings: Vec<(&str, &str)> = site
        .files
        .iter()
        .filter(|f| !f.path.starts_with("content/"))
        .map(|f| (f.path.as_str(), f.text.as_str()))
        .collect();
    let entries: Vec<_> = site
        .entries()
        .iter()
        .map(|e| {
            let aliases: Vec<&str> = e
                .doc
                .front
                .common()
                .aliases
                .iter()
                .map(|a| a.get_ref().as_str())
                .collect();
            (e.kind().singular(), e.slug(), &e.name, aliases, &e.path)
        })
        .collect();
    hash_of(&(
        settings,
        entries,
        &options.base_url,
        options.drafts,
        site.files.len(),
        // A file beside the text added, removed or resized changes what bodies link
        // and the sizes they write.
        site.assets.shape(),
    ))
}
