//! The relations between entries: who invested in whom (through which deal), which
//! company owns which, who makes which product. The home page draws all of them, a
//! company's page those it takes part in.

use crate::model::{Front, slugs_of};
use crate::resolve::{EntryId, Site};

/// How two entries are related. The order is the order relations are listed in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum RelationKind {
    /// `from` invested in `to`.
    Investment,
    /// `from` is owned by `to` (its `parent`).
    Parent,
    /// `from`, a product, is made by `to` (its `maker`).
    Maker,
}

/// One relation between two entries.
#[derive(Debug, Clone)]
pub struct Relation {
    pub from: EntryId,
    pub to: EntryId,
    pub kind: RelationKind,
    /// The deal behind an investment.
    pub deal: Option<EntryId>,
}

/// Every relation of the dossier, and the ones of each entry.
#[derive(Debug, Default)]
pub struct Relations {
    /// By kind, then (investments) by the deal's date, then by the entries' ids.
    all: Vec<Relation>,
    /// For each entry, the indexes in `all` of the relations from or to it, in order:
    /// each company's graph finds its own without going through all of them (a chain
    /// of 5,000 companies is 5,000 graphs of 5,000 relations).
    of_entry: Vec<Vec<usize>>,
}

impl Relations {
    /// Every relation, in order.
    pub fn all(&self) -> &[Relation] {
        &self.all
    }

    /// The relations from or to the entry `id`, in order.
    pub fn of(&self, id: EntryId) -> impl Iterator<Item = &Relation> {
        self.of_entry
            .get(id)
            .into_iter()
            .flatten()
            .map(|&i| &self.all[i])
    }
}

/// The relations of `site`: one investment per investor of each deal, each company's
/// `parent`, each product's `maker`.
pub fn relations(site: &Site) -> Relations {
    let entries = site.entries();
    let mut all = Vec::new();
    for (id, entry) in entries.iter().enumerate() {
        match &entry.doc.front {
            Front::Deal(d) => {
                let Some(to) = site.id_of(d.recipient.get_ref()) else {
                    continue;
                };
                for investor in slugs_of(&d.investor) {
                    if let Some(from) = site.id_of(investor.get_ref()) {
                        all.push(Relation {
                            from,
                            to,
                            kind: RelationKind::Investment,
                            deal: Some(id),
                        });
                    }
                }
            }
            Front::Company(c) => {
                if let Some(to) = c.parent.as_ref().and_then(|p| site.id_of(p.get_ref())) {
                    all.push(Relation {
                        from: id,
                        to,
                        kind: RelationKind::Parent,
                        deal: None,
                    });
                }
            }
            Front::Product(p) => {
                if let Some(to) = p.maker.as_ref().and_then(|m| site.id_of(m.get_ref())) {
                    all.push(Relation {
                        from: id,
                        to,
                        kind: RelationKind::Maker,
                        deal: None,
                    });
                }
            }
            _ => {}
        }
    }
    // Deals in date order, so that the labels of several deals between the same two
    // entries read in order.
    all.sort_by_key(|r| {
        let date = r.deal.and_then(|d| match &entries[d].doc.front {
            Front::Deal(deal) => Some(deal.announced),
            _ => None,
        });
        (r.kind, date, r.from, r.to)
    });
    let mut of_entry = vec![Vec::new(); entries.len()];
    for (i, r) in all.iter().enumerate() {
        of_entry[r.from].push(i);
        if r.to != r.from {
            of_entry[r.to].push(i);
        }
    }
    Relations { all, of_entry }
}
