//! What a page reads: the entries an entry page's HTML depends on, recorded while it
//! renders, so that after an edit `serve` re-renders the pages that read the edited
//! entries and no others (see `crate::session`).
//!
//! Every read of an entry in `render` goes through the shared context (`Cx::entry`
//! and the other readers in `context.rs`, the only holder of the site), which records
//! it here. Recording is per thread: an entry page renders on one thread from start to
//! end (nothing inside it is parallel), so what a thread records while [`recording`]
//! runs is exactly what that page read.

use std::cell::RefCell;

use crate::model::Kind;
use crate::resolve::EntryId;

/// What one page read: entries, whole kinds (every entry of the kind, as the graph of
/// a company's relations does), and who links to which entries (their backlinks,
/// which other entries' text decides).
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Reads {
    /// Entries, by number: kept for every page while the site is served, so at 4
    /// bytes each (see [`number`]). A build records none (`Cx::recording`).
    pub entries: Vec<u32>,
    pub kinds: Vec<Kind>,
    pub backlinks: Vec<u32>,
}

/// An entry as [`Reads`] keeps it. A dossier has far fewer than 2^32 entries (each
/// takes a file and far more than a byte of memory).
fn number(id: EntryId) -> u32 {
    u32::try_from(id).unwrap_or(u32::MAX)
}

thread_local! {
    static READS: RefCell<Option<Reads>> = const { RefCell::new(None) };
}

/// Notes that the page being rendered on this thread read entry `id`.
pub(super) fn read(id: EntryId) {
    READS.with(|reads| {
        if let Some(reads) = reads.borrow_mut().as_mut() {
            reads.entries.push(number(id));
        }
    });
}

/// Notes that the page being rendered on this thread read every entry of `kind`.
pub(super) fn read_kind(kind: Kind) {
    READS.with(|reads| {
        if let Some(reads) = reads.borrow_mut().as_mut()
            && !reads.kinds.contains(&kind)
        {
            reads.kinds.push(kind);
        }
    });
}

/// Notes that the page being rendered on this thread read who links to entry `id`.
pub(super) fn read_backlinks(id: EntryId) {
    READS.with(|reads| {
        if let Some(reads) = reads.borrow_mut().as_mut() {
            reads.backlinks.push(number(id));
        }
    });
}

/// Runs `render` and returns its result with what it read, sorted, once each.
pub(super) fn recording<T>(render: impl FnOnce() -> T) -> (T, Reads) {
    let outer = READS.with(|reads| reads.borrow_mut().replace(Reads::default()));
    let value = render();
    let mut read = READS
        .with(|reads| std::mem::replace(&mut *reads.borrow_mut(), outer))
        .unwrap_or_default();
    read.entries.sort_unstable();
    read.entries.dedup();
    read.kinds.sort_unstable();
    read.backlinks.sort_unstable();
    read.backlinks.dedup();
    // Kept for every page while the site is served: at their size.
    read.entries.shrink_to_fit();
    read.backlinks.shrink_to_fit();
    (value, read)
}
