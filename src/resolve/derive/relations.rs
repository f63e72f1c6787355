//! The relations between entries: the deals (who invested in, acquired, merged or
//! partnered with, bought from or licensed from whom, through which deal), which
//! company owns which, who makes which product. The home page draws all of them, a
//! company's page those it takes part in.

use crate::model::Front;
use crate::resolve::{EntryId, Site};

/// How two entries are related. The order is the order relations are listed in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum RelationKind {
    /// A deal between `from` (the side that acts: investor, acquirer, customer,
    /// licensee, first party) and `to`; its kind and outcome are the deal's.
    Deal,
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
    /// The deal behind a [`RelationKind::Deal`].
    pub deal: Option<EntryId>,
}

/// Every relation of the dossier, and the ones of each entry.
#[derive(Debug, Default)]
pub struct Relations {
    /// By kind, then (deals) in the deals' order, then by the entries' ids.
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

/// The relations of `site`: one per pair of the two sides of each deal (each investor
/// and the recipient…), each company's `parent`, each product's `maker`.
pub fn relations(site: &Site) -> Relations {
    let entries = site.entries();
    let mut all = Vec::new();
    // Deals in their order (by date), so that the labels of several deals between the
    // same two entries read in order.
    let mut deal_order = vec![usize::MAX; entries.len()];
    for (at, deal) in site.deals().all().iter().enumerate() {
        deal_order[deal.id] = at;
        let (from, to) = deal.sides();
        for &f in &from {
            for &t in &to {
                all.push(Relation {
                    from: f,
                    to: t,
                    kind: RelationKind::Deal,
                    deal: Some(deal.id),
                });
            }
        }
    }
    for (id, entry) in entries.iter().enumerate() {
        match &entry.doc.front {
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
    all.sort_by_key(|r| (r.kind, r.deal.map(|d| deal_order[d]), r.from, r.to));
    let mut of_entry = vec![Vec::new(); entries.len()];
    for (i, r) in all.iter().enumerate() {
        of_entry[r.from].push(i);
        if r.to != r.from {
            of_entry[r.to].push(i);
        }
    }
    Relations { all, of_entry }
}
