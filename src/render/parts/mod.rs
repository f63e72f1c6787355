//! View pieces that several pages show: an entry's infobox (entry pages, the print
//! edition), deal rows (the deal table, the home page, entry pages, the print edition,
//! the graphs), the earlier states of a fact or a deal (`history`, in both), the
//! relationship graphs (home, company pages) and schema.org JSON-LD.

pub(super) mod deals;
pub(super) mod graph;
pub(super) mod history;
pub(super) mod infobox;
pub(super) mod jsonld;
pub(super) mod quotes;
