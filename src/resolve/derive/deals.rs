//! The deals: who paid whom (or bought, merged with, partnered with, bought from,
//! licensed from whom), how much, for what stake, when, how it ended, how sure each of
//! those is and who says so. Every deal in the order of its event date, and the deals of each entry (those
//! that name it, and a deal's related deals), for the deal table, the home page, the
//! graphs and the entry pages.

use crate::model::{
    Amount, DateKey, DateRole, DealKind, DealRole, Front, Implied, Kind, OutcomeState,
    ProviderRole, Stake, Status, When, slugs_of,
};
use crate::resolve::{Cited, EntryId, Site, Via};

/// One deal, its references resolved.
#[derive(Debug, Clone)]
pub struct Deal {
    /// The deal's own entry.
    pub id: EntryId,
    pub kind: DealKind,
    /// The parties named, by role, in the order of the kind's roles.
    pub parties: Vec<(DealRole, Vec<EntryId>)>,
    /// The dates given, in the order of a deal's life (made, announced, first
    /// disclosed, first reported).
    pub dates: Vec<Backed<(DateRole, When)>>,
    pub outcome: Option<Backed<(OutcomeState, Option<When>)>>,
    pub amount: Option<Backed<Amount>>,
    pub stake: Option<Backed<Stake>>,
    /// A valuation a source gives.
    pub valuation: Option<Backed<Amount>>,
    /// The valuation the amount and stake imply: our arithmetic, never a source's.
    pub implied: Option<Implied>,
    pub compute: Vec<Backed<Compute>>,
    pub status: Option<Status>,
    /// The sources the deal names (its `sources`), in the order written.
    pub sources: Vec<Cited>,
}

/// A value with what backs it: its own status and sources, when the author gave them;
/// otherwise (`None`, empty) the deal's.
#[derive(Debug, Clone)]
pub struct Backed<T> {
    pub value: T,
    pub status: Option<Status>,
    pub sources: Vec<Cited>,
}

/// One cloud or compute term.
#[derive(Debug, Clone)]
pub struct Compute {
    pub provider: Option<EntryId>,
    pub service: Option<String>,
    pub role: Option<ProviderRole>,
    pub obligation: Option<String>,
    pub amount: Option<Amount>,
}

impl Deal {
    /// Whether a figure for the amount is known.
    pub fn disclosed(&self) -> bool {
        self.amount.as_ref().is_some_and(|a| a.value.is_disclosed())
    }

    /// The parties in `role`.
    pub fn in_role(&self, role: DealRole) -> &[EntryId] {
        self.parties
            .iter()
            .find(|(r, _)| *r == role)
            .map_or(&[], |(_, ids)| ids.as_slice())
    }

    /// The side that acts (investors, acquirers, customers, licensees; for a merger or
    /// partnership, the first party) and the side acted on (the rest).
    pub fn sides(&self) -> (Vec<EntryId>, Vec<EntryId>) {
        let roles = self.kind.roles();
        match roles {
            [only] => {
                let all = self.in_role(*only);
                (
                    all.iter().take(1).copied().collect(),
                    all.iter().skip(1).copied().collect(),
                )
            }
            [from, to, ..] => (self.in_role(*from).to_vec(), self.in_role(*to).to_vec()),
            [] => (Vec::new(), Vec::new()),
        }
    }

    /// The date that answers "when did this happen", and which date it is: when it was
    /// made, else announced, else first disclosed, else first reported.
    pub fn event(&self) -> Option<(DateRole, When)> {
        self.dates.first().map(|d| d.value)
    }

    /// The key deals sort by: the event's date, undated last.
    pub fn sort_key(&self) -> (bool, DateKey) {
        match self.event() {
            Some((_, when)) => (false, when.sort_key()),
            None => (true, (0, 0, 0, 0)),
        }
    }

    /// Whether the deal did not happen (abandoned, terminated, blocked, withdrawn).
    pub fn failed(&self) -> bool {
        self.outcome.as_ref().is_some_and(|o| o.value.0.failed())
    }
}

/// Every deal of the dossier, and the ones of each entry.
#[derive(Debug, Default)]
pub struct Deals {
    /// In the order of their event dates, then by title (then by entry, for equal titles).
    all: Vec<Deal>,
    /// For each entry that is a deal, its place in `all`.
    own: Vec<Option<usize>>,
    /// For each entry, the places in `all` of the deals that name it in their front
    /// matter and, for a deal, of the deals it names as related; in the order of `all`.
    of_entry: Vec<Vec<usize>>,
}

impl Deals {
    /// Every deal, in the order of their event dates, then by title.
    pub fn all(&self) -> &[Deal] {
        &self.all
    }

    /// The deal that is the entry `id`, if it is one.
    pub fn get(&self, id: EntryId) -> Option<&Deal> {
        let at = self.own.get(id).copied().flatten()?;
        self.all.get(at)
    }

    /// The deals that name the entry `id` in their front matter and, if it is a deal,
    /// the deals it names as related; in the order of their event dates, then by title.
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
    let cited = |refs: &[crate::model::SourceRef]| site.cited(refs);
    let status = |s: &Option<toml::Spanned<Status>>| s.as_ref().map(|s| *s.get_ref());
    let mut all: Vec<Deal> = site
        .of_kind(Kind::Deal)
        .filter_map(|(id, entry)| {
            let Front::Deal(d) = &entry.doc.front else {
                return None;
            };
            let kind = d.deal_kind();
            let parties = kind
                .roles()
                .iter()
                .filter_map(|&role| Some((role, ids(&slugs_of(d.role(role)?)))))
                .collect();
            let dates = d
                .dates()
                .map(|(role, dated)| Backed {
                    value: (role, dated.when),
                    status: status(&dated.status),
                    sources: cited(&dated.sources),
                })
                .collect();
            let outcome = d.outcome.as_ref().map(|o| {
                let o = o.get_ref();
                Backed {
                    value: (o.state, o.date.as_ref().map(|d| *d.get_ref())),
                    status: status(&o.status),
                    sources: cited(&o.sources),
                }
            });
            let amount = |a: &Amount| Backed {
                value: a.clone(),
                status: status(&a.status),
                sources: cited(&a.sources),
            };
            let mut compute: Vec<Backed<Compute>> = d
                .cloud
                .iter()
                .map(|c| Backed {
                    value: Compute {
                        provider: site.id_of(c.provider.get_ref()),
                        service: c.service.clone(),
                        role: c.exclusive.then_some(ProviderRole::Exclusive),
                        obligation: None,
                        amount: None,
                    },
                    status: None,
                    sources: Vec::new(),
                })
                .collect();
            compute.extend(d.compute.iter().map(|t| Backed {
                value: Compute {
                    provider: site.id_of(t.provider.get_ref()),
                    service: t.service.clone(),
                    role: t.role,
                    obligation: t.obligation.clone(),
                    amount: t.amount.clone(),
                },
                status: status(&t.status),
                sources: cited(&t.sources),
            }));
            let implied = match (kind, &d.amount, &d.stake) {
                (DealKind::Investment, Some(a), Some(s)) => Implied::of(a, s),
                _ => None,
            };
            Some(Deal {
                id,
                kind,
                parties,
                dates,
                outcome,
                amount: d.amount.as_ref().map(amount),
                stake: d.stake.as_ref().map(|s| Backed {
                    value: s.clone(),
                    status: status(&s.status),
                    sources: cited(&s.sources),
                }),
                valuation: d.valuation.as_ref().map(amount),
                implied,
                compute,
                status: status(&d.status),
                sources: cited(d.common().sources),
            })
        })
        .collect();
    // A stable sort of deals in entry order: equal dates and titles stay in that order.
    all.sort_by(|a, b| {
        (a.sort_key(), &entries[a.id].name).cmp(&(b.sort_key(), &entries[b.id].name))
    });
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
                .filter_map(|b| own[b.from()])
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
