//! The deals: who invested in whom, how much, for what stake, how sure it is and who
//! says so. Every deal in the order announced, and the deals of each entry (those
//! that name it, and a deal's related deals), for the deal table, the home page, the
//! graphs and the entry pages.

use crate::model::{Amount, Front, Kind, PartialDate, Stake, Status, slugs_of};
use crate::resolve::{EntryId, Site, Via};

/// One deal, its references resolved.
#[derive(Debug, Clone)]
pub struct Deal {
    /// The deal's own entry.
    pub id: EntryId,
    pub investors: Vec<EntryId>,
    pub recipient: Option<EntryId>,
    pub announced: PartialDate,
    pub amount: Option<Amount>,
    pub stake: Option<Stake>,
    pub cloud: Option<CloudDeal>,
    pub status: Option<Status>,
    /// The sources the deal names (its `sources`), in the order written.
    pub sources: Vec<EntryId>,
}

impl Deal {
    /// Whether an amount (exact or a range) is known.
    pub fn disclosed(&self) -> bool {
        matches!(
            self.amount,
            Some(Amount::Exact { .. } | Amount::Range { .. })
        )
    }
}

/// The cloud that comes with a deal.
#[derive(Debug, Clone)]
pub struct CloudDeal {
    pub provider: Option<EntryId>,
    /// The cloud's product name ("Azure").
    pub service: Option<String>,
    pub exclusive: bool,
}

/// Every deal of the dossier, and the ones of each entry.
#[derive(Debug, Default)]
pub struct Deals {
    /// In the order announced, then by title (then by entry, for equal titles).
    all: Vec<Deal>,
    /// For each entry that is a deal, its place in `all`.
    own: Vec<Option<usize>>,
    /// For each entry, the places in `all` of the deals that name it in their front
    /// matter and, for a deal, of the deals it names as related; in the order of `all`.
    of_entry: Vec<Vec<usize>>,
}

impl Deals {
    /// Every deal, in the order announced, then by title.
    pub fn all(&self) -> &[Deal] {
        &self.all
    }

    /// The deal that is the entry `id`, if it is one.
    pub fn get(&self, id: EntryId) -> Option<&Deal> {
        let at = self.own.get(id).copied().flatten()?;
        self.all.get(at)
    }

    /// The deals that name the entry `id` in their front matter and, if it is a deal,
    /// the deals it names as related; in the order announced, then by title.
    pub fn of(&self, id: EntryId) -> impl Iterator<Item = &Deal> {
        self.of_entry
            .get(id)
            .into_iter()
            .flatten()
            .map(|&at| &self.all[at])
    }
}

/// The deals of `site`.
pub fn deals(site: &Site) -> Deals {
    let entries = site.entries();
    let ids = |slugs: &[toml::Spanned<String>]| -> Vec<EntryId> {
        slugs
            .iter()
            .filter_map(|s| site.id_of(s.get_ref()))
            .collect()
    };
    let mut all: Vec<Deal> = site
        .of_kind(Kind::Deal)
        .filter_map(|(id, entry)| {
            let Front::Deal(d) = &entry.doc.front else {
                return None;
            };
            Some(Deal {
                id,
                investors: ids(&slugs_of(&d.investor)),
                recipient: site.id_of(d.recipient.get_ref()),
                announced: d.announced,
                amount: d.amount.clone(),
                stake: d.stake,
                cloud: d.cloud.as_ref().map(|c| CloudDeal {
                    provider: site.id_of(c.provider.get_ref()),
                    service: c.service.clone(),
                    exclusive: c.exclusive,
                }),
                status: d.status.as_ref().map(|s| *s.get_ref()),
                sources: ids(d.common().sources),
            })
        })
        .collect();
    // A stable sort of deals in entry order: equal dates and titles stay in that order.
    all.sort_by(|a, b| (a.announced, &entries[a.id].name).cmp(&(b.announced, &entries[b.id].name)));
    let mut own = vec![None; entries.len()];
    for (at, deal) in all.iter().enumerate() {
        own[deal.id] = Some(at);
    }
    let of_entry = (0..entries.len())
        .map(|id| {
            // Deals that name the entry in their front matter (its backlinks through a
            // key), then, for a deal, the deals it names as related.
            let mut places: Vec<usize> = site.backlinks()[id]
                .iter()
                .filter(|b| matches!(b.via, Via::Key(_)))
                .filter_map(|b| own[b.from])
                .collect();
            if let Front::Deal(deal) = &entries[id].doc.front {
                places.extend(
                    deal.related
                        .iter()
                        .filter_map(|s| site.id_of(s.get_ref()))
                        .filter_map(|related| own[related]),
                );
            }
            places.sort_unstable();
            places.dedup();
            places
        })
        .collect();
    Deals { all, own, of_entry }
}
