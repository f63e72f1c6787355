//! The quotes: each one written on a person's or a company's page, with its speakers,
//! source, relays and translators resolved, and the quotes of each speaker — a quote
//! said by several people shows on each of their pages.

use crate::model::{Front, Quote, slugs_of};
use crate::resolve::{EntryId, Site};

/// One quote, its references resolved.
#[derive(Debug, Clone)]
pub struct Said {
    /// The entry whose front matter holds it.
    pub entry: EntryId,
    /// Its place in that entry's `quotes`.
    pub index: usize,
    /// Who said it (or, for an account, whom the source's sentence is about).
    pub speakers: Vec<EntryId>,
    /// The source that printed the words.
    pub source: Option<EntryId>,
    /// The sources it passed through after `source`, in order.
    pub via: Vec<EntryId>,
    /// The source of each of its translations, in the order written.
    pub translators: Vec<Option<EntryId>>,
}

/// Every quote, in entry order, and the quotes of each speaker.
#[derive(Debug, Clone, Default)]
pub struct Quotes {
    all: Vec<Said>,
    /// For each entry, the places in `all` of the quotes it said.
    of_speaker: Vec<Vec<usize>>,
}

impl Quotes {
    pub fn all(&self) -> &[Said] {
        &self.all
    }

    /// The quotes `id` said, alone or with others.
    pub fn of(&self, id: EntryId) -> impl Iterator<Item = &Said> {
        self.of_speaker
            .get(id)
            .into_iter()
            .flatten()
            .map(|&at| &self.all[at])
    }
}

impl Said {
    /// The quote as written.
    pub fn quote<'s>(&self, site: &'s Site) -> Option<&'s Quote> {
        quotes_of(&site.entries()[self.entry].doc.front).get(self.index)
    }
}

/// The `quotes` of a front matter (people and companies have them).
pub fn quotes_of(front: &Front) -> &[Quote] {
    match front {
        Front::Person(p) => &p.quotes,
        Front::Company(c) => &c.quotes,
        _ => &[],
    }
}

/// The quotes of `site`.
pub fn quotes(site: &Site) -> Quotes {
    let entries = site.entries();
    let id = |s: &toml::Spanned<String>| site.id_of(s.get_ref());
    let mut all = Vec::new();
    let mut of_speaker = vec![Vec::new(); entries.len()];
    for (entry, e) in entries.iter().enumerate() {
        for (index, quote) in quotes_of(&e.doc.front).iter().enumerate() {
            let speakers: Vec<EntryId> = match &quote.by {
                Some(by) => slugs_of(by).iter().filter_map(id).collect(),
                None => vec![entry],
            };
            for &s in &speakers {
                // A speaker named twice has the quote once.
                if of_speaker[s].last() != Some(&all.len()) {
                    of_speaker[s].push(all.len());
                }
            }
            all.push(Said {
                entry,
                index,
                speakers,
                source: id(&quote.source),
                via: quote.via.iter().filter_map(id).collect(),
                translators: quote.translations.iter().map(|t| id(&t.source)).collect(),
            });
        }
    }
    Quotes { all, of_speaker }
}
