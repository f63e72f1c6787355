//! Render: the resolved [`Site`] in, every output file out (in memory).
//!
//! The site is made by producers (`producer.rs`), one per kind of page (`pages/`:
//! home, collections, entries, deals, glossary, timeline, print edition, search, 404)
//! or file (`files/`: feed and search index per edition; sitemap, robots.txt, the data
//! exports, static files, `.nojekyll` and `CNAME` for the whole site), which
//! [`render`] runs, edition after edition, stage after stage. Each page producer
//! builds one view value per page (`views.rs`, the only types here that derive
//! `Serialize`) and runs it through its Tera template; what every page needs (meta,
//! navigation, links, an entry's body as HTML, the template call) is the shared
//! context's, [`Cx`], through which every read of an entry goes. The URLs
//! in views are always relative to the page being rendered (`../../deals/`), so the
//! output works at a domain root and under any sub-path. Never touches the disk.

use std::collections::BTreeSet;

use rayon::prelude::*;
use tera::Tera;

use crate::diagnostics::Diagnostics;
use crate::resolve::{EntryId, Site};

pub use crate::output_file::OutputFile;

mod context;
mod deps;
mod files;
mod pages;
mod parts;
mod producer;
mod search;
mod views;

pub use deps::Reads;
/// The limits past which lists are split into pages.
pub use pages::paging as limits;
pub use search::Indexed as SearchRecord;

use context::Cx;
pub use context::Kept;
use producer::{Out, Producer, Run, Stage};

/// Where rendered files go, one at a time and from many threads: kept in memory, or
/// written to disk at once (see `dossier::compile` and `dossier::build`).
pub type Emit<'e> = &'e (dyn Fn(OutputFile) + Sync);

/// Which part of the site [`render`] makes.
pub enum Part<'p> {
    /// The pages of these entries, per edition (in the order of `sites`): a build's
    /// every entry page, or `serve`'s after an edit; first.
    Entries(&'p [Vec<EntryId>]),
    /// Every page and file but the entry pages, given those (per edition, every
    /// entry page in entry order): after the entry pages.
    Rest(&'p [Vec<&'p EntryPage>]),
}

impl Part<'_> {
    /// The stages of the producers that make this part.
    fn stages(&self) -> &'static [Stage] {
        match self {
            Part::Entries(_) => &[Stage::Entries],
            Part::Rest(_) => &[Stage::Pages, Stage::Edition, Stage::Site],
        }
    }
}

/// Renders `part` of the site with the parsed templates, handing each file to `emit`
/// as soon as it is made (in no particular order), and returns the entry pages it
/// rendered, per edition. `sites` are the language editions, the default first;
/// each edition's template failures go to its `kept`, for the caller to report when
/// it has rendered all it meant to.
pub fn render(
    sites: &[&Site],
    tera: &Tera,
    statics: &[(String, Vec<u8>)],
    part: Part,
    emit: Emit,
    kept: &[Kept],
    diagnostics: &mut Diagnostics,
) -> Vec<Vec<EntryPage>> {
    let mut timings = crate::support::Timings::start();
    // One context per edition; each knows every edition, for the files over all.
    let cxs: Vec<Cx> = sites
        .iter()
        .zip(kept)
        .map(|(site, kept)| Cx::new(site, sites, tera, kept))
        .collect();
    let stages = part.stages();
    let run = Run::new(emit, statics, reserved(&cxs));
    let mut made = Vec::with_capacity(cxs.len());
    for (i, cx) in cxs.iter().enumerate() {
        let (entries, given) = match part {
            Part::Entries(ids) => (ids.get(i).cloned().unwrap_or_default(), &[][..]),
            Part::Rest(given) => (Vec::new(), given.get(i).map_or(&[][..], Vec::as_slice)),
        };
        let out = Out::new(&run, entries, given);
        // The entry pages beside the other pages, then the files made from them.
        make(cx, &out, stages, &[Stage::Entries, Stage::Pages]);
        timings.lap("  pages");
        make(cx, &out, stages, &[Stage::Edition]);
        timings.lap("  files");
        made.push(out.into_rendered());
    }
    if stages.contains(&Stage::Site)
        && let Some(default) = cxs.first()
    {
        let out = Out::new(&run, Vec::new(), &[]);
        make(default, &out, stages, &[Stage::Site]);
        timings.lap("  site");
        run.report(diagnostics);
    }
    made
}

/// Every producer.
fn producers() -> impl Iterator<Item = &'static dyn Producer> {
    pages::PRODUCERS.into_iter().chain(files::PRODUCERS)
}

/// Runs, side by side, the producers of the stages `now` that `part` makes.
fn make(cx: &Cx, out: &Out, part: &[Stage], now: &[Stage]) {
    let producers: Vec<&dyn Producer> = producers()
        .filter(|p| now.contains(&p.stage()) && part.contains(&p.stage()))
        .collect();
    producers.par_iter().for_each(|p| p.make(cx, out));
}

/// The paths of the files, other than pages, that the producers write: each
/// edition's, and the whole site's (from the default edition's context).
fn reserved(cxs: &[Cx]) -> BTreeSet<String> {
    producers()
        .flat_map(|p| match p.stage() {
            Stage::Edition => cxs.iter().flat_map(|cx| p.files(cx)).collect(),
            Stage::Site => cxs.first().map(|cx| p.files(cx)).unwrap_or_default(),
            Stage::Entries | Stage::Pages => Vec::new(),
        })
        .collect()
}

/// An entry's page, rendered, and what the rest of the site needs of it.
#[derive(Debug)]
pub struct EntryPage {
    pub id: EntryId,
    /// Where it was written; `None` if its template failed (reported).
    pub path: Option<String>,
    /// The other pages made with it, by path: its `mentions/` pages, when it lists
    /// only the first of the pages that link to it.
    pub also: Vec<String>,
    /// The entries it read: when one of them changes, so may this page.
    pub reads: Reads,
    /// Its record in the search index.
    pub search: SearchRecord,
}
