//! The relationship graph of the home page and of each company page, and the table of
//! the same relations beside it.

use std::collections::{BTreeMap, BTreeSet};

use super::Renderer;
use super::views::{GraphView, Link, RelationRow};
use crate::graph::{self, Edge, EdgeKind, Node, NodeKind};
use crate::model::{Front, Kind, slugs_of};
use crate::resolve::EntryId;

/// A relation between two entries, before it is drawn or listed.
pub(super) struct Relation {
    from: EntryId,
    to: EntryId,
    kind: EdgeKind,
    /// The deal behind it.
    deal: Option<EntryId>,
}

/// Every relation of the dossier, and the ones of each entry.
pub(super) struct Relations {
    all: Vec<Relation>,
    /// For each entry, the indexes in `all` of the relations from or to it, in order:
    /// each company's graph finds its own without going through all of them (a
    /// chain of 5,000 companies is 5,000 graphs of 5,000 relations).
    of_entry: Vec<Vec<usize>>,
}

impl Renderer<'_> {
    /// Every relation of the dossier, in a stable order: worked out once per render,
    /// for the home page and every company's page. Whoever uses them has read every
    /// deal, company and product (any of them could add a relation).
    fn all_relations(&self) -> &Relations {
        for kind in [Kind::Deal, Kind::Company, Kind::Product] {
            super::deps::read_kind(kind);
        }
        self.relations.get_or_init(|| {
            let all = self.find_relations();
            let mut of_entry = vec![Vec::new(); self.site.entries().len()];
            for (i, r) in all.iter().enumerate() {
                of_entry[r.from].push(i);
                if r.to != r.from {
                    of_entry[r.to].push(i);
                }
            }
            Relations { all, of_entry }
        })
    }

    fn find_relations(&self) -> Vec<Relation> {
        let mut out = Vec::new();
        for (id, entry) in self.site.entries().iter().enumerate() {
            match &entry.doc.front {
                Front::Deal(d) => {
                    let Some(to) = self.site.id_of(d.recipient.get_ref()) else {
                        continue;
                    };
                    for investor in slugs_of(&d.investor) {
                        if let Some(from) = self.site.id_of(investor.get_ref()) {
                            out.push(Relation {
                                from,
                                to,
                                kind: EdgeKind::Deal,
                                deal: Some(id),
                            });
                        }
                    }
                }
                Front::Company(c) => {
                    if let Some(to) = c.parent.as_ref().and_then(|p| self.site.id_of(p.get_ref())) {
                        out.push(Relation {
                            from: id,
                            to,
                            kind: EdgeKind::Parent,
                            deal: None,
                        });
                    }
                }
                Front::Product(p) => {
                    if let Some(to) = p.maker.as_ref().and_then(|m| self.site.id_of(m.get_ref())) {
                        out.push(Relation {
                            from: id,
                            to,
                            kind: EdgeKind::Maker,
                            deal: None,
                        });
                    }
                }
                _ => {}
            }
        }
        // Deals in date order, so merged labels read in order.
        out.sort_by_key(|r| {
            let date = r.deal.and_then(|d| match &self.entry(d).doc.front {
                Front::Deal(deal) => Some(deal.announced),
                _ => None,
            });
            (r.kind, date, r.from, r.to)
        });
        out
    }

    /// The graph of the whole dossier (`focus` = `None`) or of one company's
    /// neighbourhood: the company and everything one relation away.
    pub(super) fn graph(&self, focus: Option<EntryId>, root: &str) -> Option<GraphView> {
        let all = self.all_relations();
        let relations: Vec<&Relation> = match focus {
            Some(f) => all.of_entry[f].iter().map(|&i| &all.all[i]).collect(),
            None => all.all.iter().collect(),
        };
        if relations.is_empty() {
            return None;
        }
        // Nodes: every organization (on the home page) or the neighbourhood, then the
        // products in the relations; in kind and slug order, so the picture is stable.
        let mut members: BTreeSet<EntryId> =
            relations.iter().flat_map(|r| [r.from, r.to]).collect();
        if focus.is_none() {
            members.extend(self.site.of_kind(Kind::Company).map(|(id, _)| id));
        }
        let members: Vec<EntryId> = members.into_iter().collect();
        let index: BTreeMap<EntryId, usize> =
            members.iter().enumerate().map(|(i, &id)| (id, i)).collect();
        let nodes: Vec<Node> = members
            .iter()
            .map(|&id| Node {
                label: self.entry(id).name.clone(),
                href: self.href(id, root),
                kind: if self.entry(id).kind() == Kind::Product {
                    NodeKind::Product
                } else {
                    NodeKind::Organization
                },
            })
            .collect();
        let mut edges = Vec::new();
        let mut rows = Vec::new();
        for r in &relations {
            let deal = r.deal.and_then(|d| self.deal_row(d, root));
            let label = deal.as_ref().map(|d| {
                let year = d.announced_iso.get(..4).unwrap_or_default();
                if d.amount.is_empty() {
                    year.to_owned()
                } else {
                    format!("{}, {year}", short_amount(&d.amount))
                }
            });
            edges.push(Edge {
                from: index[&r.from],
                to: index[&r.to],
                kind: r.kind,
                label,
            });
            rows.push(RelationRow {
                from: self.link(r.from, root),
                relation: self
                    .t(match r.kind {
                        EdgeKind::Deal => "relation_invested_in",
                        EdgeKind::Parent => "relation_owned_by",
                        EdgeKind::Maker => "relation_made_by",
                    })
                    .to_owned(),
                to: self.link(r.to, root),
                deal: deal.as_ref().map(|d| Link {
                    text: d.title.clone(),
                    href: d.href.clone(),
                    title: None,
                }),
                detail: deal.as_ref().map(|d| {
                    if d.amount.is_empty() {
                        d.announced.clone()
                    } else {
                        format!("{}, {}", d.amount, d.announced)
                    }
                }),
                status: deal.as_ref().and_then(|d| d.status),
                sources: deal.map(|d| d.sources).unwrap_or_default(),
            });
        }
        let (id, title) = match focus {
            Some(f) => (
                format!("graph-{}", self.entry(f).slug()),
                self.fill(
                    self.t("graph_title_company"),
                    &[("name", &self.entry(f).name)],
                ),
            ),
            None => ("graph-all".to_owned(), self.t("graph_title_all").to_owned()),
        };
        Some(GraphView {
            svg: graph::svg(&nodes, &edges, &id, &title),
            id,
            title,
            relations: rows,
        })
    }
}

/// Amounts short enough for a graph label: "multibillion (at least $1 billion)" →
/// "multibillion".
fn short_amount(amount: &str) -> &str {
    amount.split(" (").next().unwrap_or(amount)
}
