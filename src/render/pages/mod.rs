//! The producers of the HTML pages: each builds its views (`views.rs`) and renders
//! them with its template through [`Cx::page`](super::context::Cx::page).

mod collection;
mod deals;
mod entry;
mod glossary;
mod home;
mod not_found;
mod print;
mod search;
mod timeline;

use super::producer::Producer;

/// Every page producer.
pub(super) const PRODUCERS: [&dyn Producer; 9] = [
    &entry::Entries,
    &home::Home,
    &collection::Collections,
    &deals::Deals,
    &glossary::Glossary,
    &timeline::Timeline,
    &print::Print,
    &search::Search,
    &not_found::NotFound,
];
