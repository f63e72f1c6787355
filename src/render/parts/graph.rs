//! The relationship graph of the home page and of each company page, and the table of
//! the same relations beside it, from the model's relations (`resolve::derive::relations`).

use std::collections::{BTreeMap, BTreeSet};

use crate::graph::{self, Edge, EdgeKind, Node, NodeKind};
use crate::model::Kind;
use crate::render::context::Cx;
use crate::render::parts::deals;
use crate::render::views::{GraphView, LegendRow, Link, RelationRow};
use crate::resolve::EntryId;
use crate::resolve::{Relation, RelationKind};

/// The graph of the whole dossier (`focus` = `None`) or of one company's
/// neighbourhood: the company and everything one relation away.
pub(in crate::render) fn graph(cx: &Cx, focus: Option<EntryId>, root: &str) -> Option<GraphView> {
    let all = cx.relations();
    let relations: Vec<&Relation> = match focus {
        Some(f) => all.of(f).collect(),
        None => all.all().iter().collect(),
    };
    if relations.is_empty() {
        return None;
    }
    // Nodes: every organization (on the home page) or the neighbourhood, then the
    // products in the relations; in kind and slug order, so the picture is stable.
    let mut members: BTreeSet<EntryId> = relations.iter().flat_map(|r| [r.from, r.to]).collect();
    if focus.is_none() {
        members.extend(cx.of_kind(Kind::Company));
    }
    let members: Vec<EntryId> = members.into_iter().collect();
    let index: BTreeMap<EntryId, usize> =
        members.iter().enumerate().map(|(i, &id)| (id, i)).collect();
    let nodes: Vec<Node> = members
        .iter()
        .map(|&id| Node {
            label: cx.entry(id).name.clone(),
            href: cx.href(id, root),
            kind: if cx.entry(id).kind() == Kind::Product {
                NodeKind::Product
            } else {
                NodeKind::Organization
            },
        })
        .collect();
    let mut edges = Vec::new();
    let mut rows = Vec::new();
    for r in &relations {
        let deal = r
            .deal
            .and_then(|d| cx.deal(d))
            .map(|d| deals::row(cx, d, root));
        let label = deal.as_ref().map(|d| {
            // "$1 billion, 2019", "undisclosed, 2021", "about $300 million, 2022,
            // reported"; another kind than an investment says which; a deal that is
            // not confirmed says how sure it is; one that did not happen says how it
            // ended.
            let year = d.date_sort.get(..4).unwrap_or_default();
            let mut words = Vec::new();
            if d.kind != "investment" {
                words.push(d.kind_label.clone());
            }
            let amount = short_amount(&d.amount);
            if !amount.is_empty() {
                words.push(amount.to_owned());
            }
            words.push(year.to_owned());
            let unsure = match d.status {
                Some("reported") => Some("status_reported"),
                Some("rumoured") => Some("status_rumoured"),
                Some("denied") => Some("status_denied"),
                _ => None,
            };
            if let Some(key) = unsure {
                words.push(cx.t(key).to_owned());
            }
            let mut label = words.join(", ");
            if d.failed
                && let Some(outcome) = &d.outcome
            {
                label = format!("{label} — {}", outcome.label);
            }
            label
        });
        let kind = match r.kind {
            RelationKind::Deal if deal.as_ref().is_some_and(|d| d.failed) => EdgeKind::FailedDeal,
            RelationKind::Deal => EdgeKind::Deal,
            RelationKind::Parent => EdgeKind::Parent,
            RelationKind::Maker => EdgeKind::Maker,
        };
        edges.push(Edge {
            from: index[&r.from],
            to: index[&r.to],
            kind,
            label,
        });
        rows.push(RelationRow {
            from: cx.link(r.from, root),
            relation: match (r.kind, &deal) {
                (RelationKind::Deal, Some(d)) => d.verb.clone(),
                (RelationKind::Parent, _) => cx.t("relation_owned_by").to_owned(),
                (RelationKind::Maker, _) => cx.t("relation_made_by").to_owned(),
                (RelationKind::Deal, None) => String::new(),
            },
            to: cx.link(r.to, root),
            deal: deal.as_ref().map(|d| Link {
                text: d.title.clone(),
                href: d.href.clone(),
                title: None,
                relay: false,
                independent: false,
                locator: None,
                quote: None,
                quote_href: None,
            }),
            detail: deal.as_ref().map(|d| {
                let when = deals::when_line(d);
                if d.amount.is_empty() {
                    when
                } else {
                    format!("{}, {when}", d.amount)
                }
            }),
            status: deal.as_ref().and_then(|d| d.status),
            sources: deal.map(|d| d.sources).unwrap_or_default(),
        });
    }
    let (id, title) = match focus {
        Some(f) => (
            format!("graph-{}", cx.entry(f).slug()),
            cx.fill(cx.t("graph_title_company"), &[("name", &cx.entry(f).name)]),
        ),
        None => ("graph-all".to_owned(), cx.t("graph_title_all").to_owned()),
    };
    // The legend: the kinds of line drawn, in the order of `EdgeKind`.
    let drawn: BTreeSet<EdgeKind> = edges.iter().map(|e| e.kind).collect();
    let legend = drawn
        .into_iter()
        .map(|kind| {
            let (class, key) = match kind {
                EdgeKind::Deal => ("edge edge-deal", "graph_legend_deal"),
                EdgeKind::FailedDeal => ("edge edge-deal edge-failed", "graph_legend_failed"),
                EdgeKind::Parent => ("edge edge-parent", "graph_legend_parent"),
                EdgeKind::Maker => ("edge edge-maker", "graph_legend_maker"),
            };
            LegendRow {
                class,
                label: cx.t(key).to_owned(),
            }
        })
        .collect();
    Some(GraphView {
        svg: graph::svg(&nodes, &edges, &id, &title),
        legend,
        id,
        title,
        relations: rows,
    })
}

/// Amounts short enough for a graph label: "multibillion (at least $2 billion)" →
/// "multibillion".
fn short_amount(amount: &str) -> &str {
    amount.split(" (").next().unwrap_or(amount)
}
