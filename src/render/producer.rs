//! How the site is made: each kind of page or file has a [`Producer`], which runs at
//! its [`Stage`] and hands what it makes to an [`Out`], where later stages find what
//! they need of it (the search index, the entry pages' records; the sitemap, every
//! page's path).

use std::collections::BTreeSet;
use std::ops::Bound;
use std::sync::{Mutex, PoisonError, RwLock, RwLockReadGuard};

use super::context::Cx;
use super::{Emit, EntryPage, OutputFile};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::resolve::EntryId;
use crate::support::lock;

/// Makes one kind of page or file.
pub(super) trait Producer: Sync {
    /// When it runs.
    fn stage(&self) -> Stage;

    /// Makes its pages or files for the edition of `cx` and hands them to `out`. At
    /// [`Stage::Site`], `cx` is the default edition's, which knows every edition.
    fn make(&self, cx: &Cx, out: &Out);

    /// The paths of the files, other than pages, that it writes for the edition of
    /// `cx` (the whole site, at [`Stage::Site`]): a static file of the dossier may not
    /// take their place.
    fn files(&self, _cx: &Cx) -> Vec<String> {
        Vec::new()
    }
}

/// When a producer runs. In each edition, the entry pages and the other pages are
/// made side by side, then the edition's files; once every edition is made, the files
/// of the whole site.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Stage {
    /// The entry pages ([`Out::entries`]), each recording the entries it reads.
    Entries,
    /// The other pages of an edition.
    Pages,
    /// The files of an edition, made from its entries or its entry pages.
    Edition,
    /// The files of the whole site, from every edition and every page.
    Site,
}

/// What one render's producers share across editions.
pub(super) struct Run<'r> {
    emit: Emit<'r>,
    /// The dossier's own static files.
    statics: &'r [(String, Vec<u8>)],
    /// The paths of the files the producers write, other than pages.
    reserved: BTreeSet<String>,
    /// The path of every page made or given so far, in every edition.
    pages: RwLock<Vec<String>>,
    /// Problems found while making files (a static file in a generated one's place).
    problems: Mutex<Vec<Diagnostic>>,
}

impl<'r> Run<'r> {
    pub(super) fn new(
        emit: Emit<'r>,
        statics: &'r [(String, Vec<u8>)],
        reserved: BTreeSet<String>,
    ) -> Run<'r> {
        Run {
            emit,
            statics,
            reserved,
            pages: RwLock::default(),
            problems: Mutex::default(),
        }
    }

    /// Reports the problems found while making files.
    pub(super) fn report(&self, diagnostics: &mut Diagnostics) {
        for problem in std::mem::take(&mut *lock(&self.problems)) {
            diagnostics.push(problem);
        }
    }
}

/// Where one edition's producers hand over what they make, and find what they make
/// it from.
pub(super) struct Out<'o> {
    run: &'o Run<'o>,
    /// The entries whose pages to render.
    entries: Vec<EntryId>,
    /// The edition's entry pages, rendered before (`serve`).
    given: &'o [&'o EntryPage],
    /// The edition's entry pages rendered now.
    rendered: Mutex<Vec<EntryPage>>,
}

impl<'o> Out<'o> {
    /// The producers' side of the edition: `entries` to render, or the entry pages
    /// `given`, already rendered.
    pub(super) fn new(
        run: &'o Run<'o>,
        entries: Vec<EntryId>,
        given: &'o [&'o EntryPage],
    ) -> Out<'o> {
        write(&run.pages).extend(
            given
                .iter()
                .flat_map(|page| page.path.iter().chain(&page.also).cloned()),
        );
        Out {
            run,
            entries,
            given,
            rendered: Mutex::default(),
        }
    }

    /// Hands over a file, or a piece of one (`OutputFile::continued`).
    pub(super) fn emit(&self, file: OutputFile) {
        (self.run.emit)(file);
    }

    /// Hands over a page, unless its template failed (`None`, already recorded).
    pub(super) fn page(&self, page: Option<OutputFile>) {
        if let Some(page) = page {
            self.note_page(&page.path);
            self.emit(page);
        }
    }

    /// Notes the path of a page handed over in pieces.
    pub(super) fn note_page(&self, path: &str) {
        write(&self.run.pages).push(path.to_owned());
    }

    /// The entries whose pages to render ([`Stage::Entries`]).
    pub(super) fn entries(&self) -> &[EntryId] {
        &self.entries
    }

    /// Keeps the entry pages rendered, in entry order.
    pub(super) fn rendered(&self, pages: Vec<EntryPage>) {
        lock(&self.rendered).extend(pages);
    }

    /// Calls `f` with the edition's entry pages, rendered now or given, in entry
    /// order (from [`Stage::Edition`] on).
    pub(super) fn with_entry_pages<T>(&self, f: impl FnOnce(&[&EntryPage]) -> T) -> T {
        let rendered = lock(&self.rendered);
        let pages: Vec<&EntryPage> = self.given.iter().copied().chain(rendered.iter()).collect();
        f(&pages)
    }

    /// The path of every page of every edition ([`Stage::Site`]).
    pub(super) fn pages(&self) -> RwLockReadGuard<'_, Vec<String>> {
        self.run
            .pages
            .read()
            .unwrap_or_else(PoisonError::into_inner)
    }

    /// The dossier's own static files.
    pub(super) fn statics(&self) -> &'o [(String, Vec<u8>)] {
        self.run.statics
    }

    /// Whether a producer writes a file (not a page) at `path`, or in a folder it
    /// fills (a reserved path ending in `/`).
    pub(super) fn is_reserved(&self, path: &str) -> bool {
        self.run.reserved.contains(path)
            || self
                .run
                .reserved
                .range::<str, _>((Bound::Unbounded, Bound::Included(path)))
                .next_back()
                .is_some_and(|r| r.ends_with('/') && path.starts_with(r.as_str()))
    }

    /// Notes a problem with the dossier's files.
    pub(super) fn problem(&self, problem: Diagnostic) {
        lock(&self.run.problems).push(problem);
    }

    /// The entry pages rendered now.
    pub(super) fn into_rendered(self) -> Vec<EntryPage> {
        self.rendered
            .into_inner()
            .unwrap_or_else(PoisonError::into_inner)
    }
}

fn write<T>(lock: &RwLock<T>) -> std::sync::RwLockWriteGuard<'_, T> {
    lock.write().unwrap_or_else(PoisonError::into_inner)
}
