//! What a page reads: the entries an entry page's HTML depends on, recorded while it
//! renders, so that after an edit `serve` re-renders the pages that read the edited
//! entries and no others (see `crate::session`).
//!
//! Every read of an entry in `render` goes through `Renderer::entry`, which records
//! its id here. Recording is per thread: an entry page renders on one thread from start
//! to end (nothing inside it is parallel), so what a thread records between `start`
//! and `finish` is exactly what that page read.

use std::cell::RefCell;

use crate::resolve::EntryId;

thread_local! {
    static READS: RefCell<Option<Vec<EntryId>>> = const { RefCell::new(None) };
}

/// Notes that the page being rendered on this thread read entry `id`.
pub(super) fn read(id: EntryId) {
    READS.with(|reads| {
        if let Some(reads) = reads.borrow_mut().as_mut() {
            reads.push(id);
        }
    });
}

/// Runs `render` and returns its result with the entries it read, sorted, once each.
pub(super) fn recording<T>(render: impl FnOnce() -> T) -> (T, Vec<EntryId>) {
    let outer = READS.with(|reads| reads.borrow_mut().replace(Vec::new()));
    let value = render();
    let mut read = READS
        .with(|reads| std::mem::replace(&mut *reads.borrow_mut(), outer))
        .unwrap_or_default();
    read.sort_unstable();
    read.dedup();
    (value, read)
}
