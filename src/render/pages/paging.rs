//! Long lists split into pages, so that every page stays light at any size: a
//! collection's cards, the deal table, the timeline's events of one year, the terms
//! of one letter, the print edition's entries. A list that fits on one page is
//! rendered as it always was; past its limit it is cut into pages at stable
//! addresses: the first at the list's own (`notes/`), the others below it
//! (`notes/page/2/`), linked in order with `rel="prev"` and `rel="next"` (in the
//! head, and in a pager readers see, which needs no JavaScript).
//!
//! The limits are set so that a page of the longest items, with the shared
//! stylesheets and script, stays within the browser suite's 100 KB first-load
//! budget (tests/browser/run.mjs).

use crate::render::context::Cx;
use crate::render::views::{PageLink, PageMeta, Pager};

/// Cards per page of a collection (`notes/`, `companies/`…): about 25 KB of cards.
pub const CARDS_PER_PAGE: usize = 100;
/// Rows per page of the deal table (`deals/`): about 40 KB of rows.
pub const DEALS_PER_PAGE: usize = 40;
/// Events past which the timeline is split by year (`timeline/2023/`).
pub const TIMELINE_SPLIT: usize = 300;
/// Events per page of one year of the timeline: about 38 KB.
pub const EVENTS_PER_PAGE: usize = 120;
/// Terms past which the glossary is split by letter (`glossary/letter/a/`).
pub const GLOSSARY_SPLIT: usize = 60;
/// Terms per page of one letter of the glossary, definitions included.
pub const TERMS_PER_PAGE: usize = 25;
/// Deals past which the home page shows only the most recent ones (as many), and
/// links to the deal table for the rest.
pub const HOME_DEALS: usize = 12;
/// Relations past which the home page draws no graph of them all (each company's
/// page draws its own neighbourhood).
pub const HOME_GRAPH_RELATIONS: usize = 150;
/// Pages past which an entry page's list of the pages that mention or cite it
/// shows only the first ones, and links to the full list (`mentions/`, as many a
/// page). An entry page also loads the syntax stylesheets, for its front matter.
pub const ENTRY_LIST: usize = 40;
/// Deals past which an entry page's table of related deals shows only the first
/// ones, saying where the others are: a row weighs a kilobyte, and a company's page
/// with its graph, 40 mentions and 12 rows passed the budget at 10,000 notes.
pub const ENTRY_DEALS: usize = 6;
/// Entries past which the print edition is split into parts, each of a collection
/// (or of some of its entries), under a contents page.
pub const PRINT_SPLIT: usize = 400;
/// Entries per part of the print edition: a few megabytes at most.
pub const PRINT_PART_ENTRIES: usize = 250;
/// Rows per part of the print edition's deal table: about a megabyte.
pub const PRINT_PART_DEALS: usize = 1000;

/// The path of page `number` (from 1) of a list whose first page is at `base`.
pub(super) fn page_path(base: &str, number: usize) -> String {
    if number <= 1 {
        base.to_owned()
    } else {
        format!("{base}page/{number}/")
    }
}

/// How many pages `len` items take, `per_page` a page (one at least).
pub(super) fn page_count(len: usize, per_page: usize) -> usize {
    len.div_ceil(per_page).max(1)
}

/// The pager of one page among `paths`, the pages of a list in order, as links
/// from `root` (the page's way to the site root): the previous and next pages, and
/// a few numbered pages around this one (the first and last always), so that the
/// pager stays small however many pages there are.
pub(super) fn pager(cx: &Cx, paths: &[String], at: usize, root: &str) -> Pager {
    let href = |i: usize| format!("{root}{}", paths[i]);
    let near = |i: usize| i == 0 || i + 1 == paths.len() || i.abs_diff(at) <= 2;
    let mut pages = Vec::new();
    let mut gap = false;
    for i in 0..paths.len() {
        if near(i) {
            pages.push(PageLink {
                text: (i + 1).to_string(),
                href: href(i),
                current: i == at,
                gap: std::mem::take(&mut gap),
            });
        } else {
            gap = true;
        }
    }
    Pager {
        label: cx.t("pager_label").to_owned(),
        position: cx.fill(
            cx.t("pager_position"),
            &[
                ("page", &(at + 1).to_string()),
                ("pages", &paths.len().to_string()),
            ],
        ),
        prev: (at > 0).then(|| href(at - 1)),
        next: (at + 1 < paths.len()).then(|| href(at + 1)),
        prev_text: cx.t("pager_previous").to_owned(),
        next_text: cx.t("pager_next").to_owned(),
        pages,
    }
}

/// The `rel="prev"` and `rel="next"` of the page at `at` among `paths`, as links
/// Page `at` of a group (a letter, a year) split into `paths`: its pager, when there
/// is more than one page, with previous and next going on through the groups as the
/// page's rel links (`meta`) do; past the first page, the title says which page it is.
pub(super) fn group_pager(
    cx: &Cx,
    meta: &mut PageMeta,
    heading: &str,
    paths: &[String],
    at: usize,
    root: &str,
) -> Option<Pager> {
    if paths.len() < 2 {
        return None;
    }
    let mut pager = pager(cx, paths, at, root);
    (pager.prev, pager.next) = (meta.prev.clone(), meta.next.clone());
    if at > 0 {
        meta.title = format!("{heading} ({})", pager.position);
    }
    Some(pager)
}

/// from `root`, for the page's head.
pub(super) fn rel(paths: &[String], at: usize, root: &str) -> (Option<String>, Option<String>) {
    (
        (at > 0).then(|| format!("{root}{}", paths[at - 1])),
        paths.get(at + 1).map(|p| format!("{root}{p}")),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_first_page_keeps_the_lists_address() {
        assert_eq!(page_path("notes/", 1), "notes/");
        assert_eq!(page_path("notes/", 2), "notes/page/2/");
        assert_eq!(page_count(0, 100), 1);
        assert_eq!(page_count(100, 100), 1);
        assert_eq!(page_count(101, 100), 2);
    }

    #[test]
    fn rel_links_follow_the_order() {
        let paths: Vec<String> = (1..=3).map(|n| page_path("notes/", n)).collect();
        assert_eq!(
            rel(&paths, 0, "../"),
            (None, Some("../notes/page/2/".into()))
        );
        assert_eq!(
            rel(&paths, 1, "../../../"),
            (
                Some("../../../notes/".into()),
                Some("../../../notes/page/3/".into())
            )
        );
        assert_eq!(rel(&paths, 2, "").1, None);
    }
}
