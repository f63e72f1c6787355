//! The producers of the files other than pages: per edition, the notes feed and the
//! search index; for the whole site, the sitemap, robots.txt, the data exports, the
//! static files and the files GitHub Pages reads (`.nojekyll`, `CNAME`); per edition,
//! the redirect pages at renamed entries' old addresses.

mod data_json;
mod deals_csv;
mod feed;
mod hosting;
mod redirects;
mod robots;
mod search_index;
mod sitemap;
mod statics;

use super::OutputFile;
use super::producer::Producer;
use crate::html::escape;

/// Every file producer.
pub(super) const PRODUCERS: [&dyn Producer; 9] = [
    &feed::Feed,
    &search_index::SearchIndex,
    &sitemap::Sitemap,
    &robots::Robots,
    &data_json::DataJson,
    &deals_csv::DealsCsv,
    &statics::Statics,
    &hosting::Hosting,
    &redirects::Redirects,
];

/// A file dossier makes, not from a template.
pub(super) fn file(path: String, bytes: Vec<u8>) -> OutputFile {
    OutputFile {
        path,
        bytes,
        template: None,
        source: None,
        continued: false,
        links: None,
    }
}

/// Text for XML: escaped, and without the characters XML 1.0 forbids (control
/// characters, U+FFFE and U+FFFF) or discourages (the other noncharacters): a feed
/// reader drops a whole feed over one.
fn xml(text: &str) -> String {
    let allowed: String = text.chars().filter(|&c| xml_char(c)).collect();
    escape(&allowed)
}

fn xml_char(c: char) -> bool {
    let noncharacter = matches!(c as u32, 0xFDD0..=0xFDEF) || (c as u32 & 0xFFFE) == 0xFFFE;
    (!c.is_control() || matches!(c, '\t' | '\n' | '\r')) && !noncharacter
}
