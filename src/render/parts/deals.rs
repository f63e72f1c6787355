//! Deals as rows of the deal tables (the deal page, the home page, entry pages, the
//! print edition), and behind the deal infobox and the graphs' deal labels: the
//! model's deals (`resolve::derive::deals`) written for a page, in its language.
//!
//! Every value keeps what backs it: a date, an amount, a stake or a term with its own
//! status and sources shows them; one without shows none (the deal's apply). The
//! implied valuation is our arithmetic, and never gets a status or sources.

use crate::format;
use crate::model::{DateRole, DealKind, DealRole, Front, OutcomeState, ProviderRole, Status};
use crate::render::context::Cx;
use crate::render::views::{ComputeView, DateView, DealRow, Link, Value};
use crate::resolve::{Backed, Compute, Deal};

/// A deal as a row of the deal tables, for a page at `root`.
pub(in crate::render) fn row(cx: &Cx, deal: &Deal, root: &str) -> DealRow {
    let entry = &cx.entry(deal.id);
    let lang = cx.lang();
    let links = |ids: &[usize]| -> Vec<Link> { ids.iter().map(|&id| cx.link(id, root)).collect() };
    let (from, to) = deal.sides();
    let others = match deal.kind {
        DealKind::Acquisition if !deal.in_role(DealRole::Seller).is_empty() => {
            let names: Vec<String> = deal
                .in_role(DealRole::Seller)
                .iter()
                .map(|&id| cx.entry(id).name.clone())
                .collect();
            vec![Value {
                text: cx.fill(cx.t("deal_seller"), &[("names", &names.join(", "))]),
                href: None,
                external: false,
                note: None,
                status: None,
                sources: Vec::new(),
            }]
        }
        _ => Vec::new(),
    };
    let dates: Vec<DateView> = deal
        .dates
        .iter()
        .map(|d| {
            let (role, when) = d.value;
            DateView {
                label: cx.t(date_key(role)).to_owned(),
                heading: cx.t(date_heading_key(role)).to_owned(),
                date: format::when_in(when, lang),
                iso: when.iso(),
                status: d.status.map(Status::as_str),
                sources: cx.source_links(&d.sources, root),
            }
        })
        .collect();
    let outcome = deal.outcome.as_ref().map(|o| {
        let (state, when) = o.value;
        DateView {
            label: cx.t(outcome_key(state)).to_owned(),
            heading: cx.t("infobox_outcome").to_owned(),
            date: when.map(|w| format::when_in(w, lang)).unwrap_or_default(),
            iso: when.map(|w| w.iso()).unwrap_or_default(),
            status: o.status.map(Status::as_str),
            sources: cx.source_links(&o.sources, root),
        }
    });
    let amount = deal.amount.as_ref();
    let (amount_status, amount_sources) = own_backing(cx, amount, root);
    let stake = deal.stake.as_ref();
    let (stake_status, stake_sources) = own_backing(cx, stake, root);
    let valuation = deal.valuation.as_ref();
    let (valuation_status, valuation_sources) = own_backing(cx, valuation, root);
    let sort = amount.and_then(|a| format::amount_sort_key(&a.value));
    DealRow {
        title: entry.name.clone(),
        href: cx.href(deal.id, root),
        kind: deal.kind.as_str(),
        kind_label: cx.t(kind_key(deal.kind)).to_owned(),
        from: links(&from),
        verb: cx.t(verb_key(deal)).to_owned(),
        to: links(&to),
        others,
        date_sort: deal
            .event()
            .map(|(_, w)| {
                let (y, m, p, d) = w.sort_key();
                format!("{y:04}-{m:02}-{p}-{d:02}")
            })
            .unwrap_or_default(),
        dates,
        outcome,
        outcome_state: deal.outcome.as_ref().map(|o| o.value.0.as_str()),
        failed: deal.failed(),
        amount: amount
            .map(|a| format::amount_in(&a.value, lang))
            .unwrap_or_default(),
        amount_sort: sort.map(|(_, v)| format!("{v}")).unwrap_or_default(),
        amount_group: sort.map(|(c, _)| c.to_owned()).unwrap_or_default(),
        amount_status,
        amount_sources,
        disclosed: deal.disclosed(),
        stake: stake
            .map(|s| format::stake_in(&s.value, lang))
            .unwrap_or_default(),
        stake_sort: stake
            .and_then(|s| s.value.size.sort_key())
            .map(|v| format!("{v}"))
            .unwrap_or_default(),
        stake_status,
        stake_sources,
        valuation: valuation
            .map(|v| format::amount_in(&v.value, lang))
            .unwrap_or_default(),
        valuation_status,
        valuation_sources,
        implied: deal
            .implied
            .as_ref()
            .map(|v| format::implied_in(v, lang))
            .unwrap_or_default(),
        implied_formula: match (&deal.implied, amount, stake) {
            (Some(_), Some(a), Some(s)) => cx.fill(
                cx.t("implied_arithmetic"),
                &[(
                    "formula",
                    &format::implied_formula_in(&a.value, &s.value, lang),
                )],
            ),
            _ => String::new(),
        },
        compute: {
            // Who must buy: the side that receives (the lab an investor pays).
            let buyer = (!to.is_empty()).then(|| {
                to.iter()
                    .map(|&id| cx.entry(id).name.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            });
            deal.compute
                .iter()
                .map(|c| compute(cx, c, buyer.as_deref(), root))
                .collect()
        },
        status: deal.status.map(Status::as_str),
        sources: cx.source_links(&deal.sources, root),
        history: match &entry.doc.front {
            Front::Deal(d) => super::history::deal(cx, d, root),
            _ => None,
        },
    }
}

/// A value's own status and sources: shown only when the author gave them. Sources
/// without a status are the sources of that value, as sure as the deal.
fn own_backing<T>(
    cx: &Cx,
    value: Option<&Backed<T>>,
    root: &str,
) -> (Option<&'static str>, Vec<Link>) {
    value.map_or((None, Vec::new()), |b| {
        (
            b.status.map(Status::as_str),
            cx.source_links(&b.sources, root),
        )
    })
}

/// "Google Cloud — preferred, not exclusive", "Anthropic must buy computing
/// resources": an obligation names who is bound by it, `buyer`, when the deal says.
fn compute(cx: &Cx, c: &Backed<Compute>, buyer: Option<&str>, root: &str) -> ComputeView {
    let term = &c.value;
    let mut parts: Vec<String> = Vec::new();
    if let Some(service) = &term.service {
        parts.push(service.clone());
    }
    if let Some(role) = term.role {
        parts.push(cx.t(provider_key(role)).to_owned());
    }
    if let Some(obligation) = &term.obligation {
        let mut words = match buyer {
            Some(buyer) => cx.fill(
                cx.t("compute_buyer_must_buy"),
                &[("buyer", buyer), ("obligation", obligation)],
            ),
            None => cx.fill(cx.t("compute_must_buy"), &[("obligation", obligation)]),
        };
        if let Some(amount) = &term.amount {
            words = format!("{words} ({})", format::amount_in(amount, cx.lang()));
        }
        parts.push(words);
    }
    ComputeView {
        provider: term.provider.map(|id| cx.link(id, root)),
        text: parts.join(", "),
        status: c.status.map(Status::as_str),
        sources: cx.source_links(&c.sources, root),
    }
}

/// When a deal happened, in a line: "made late 2022 · first reported 3 February 2023 ·
/// abandoned February 2022".
pub(in crate::render) fn when_line(row: &DealRow) -> String {
    row.dates
        .iter()
        .chain(&row.outcome)
        .map(|d| {
            if d.date.is_empty() {
                d.label.clone()
            } else {
                format!("{} {}", d.label, d.date)
            }
        })
        .collect::<Vec<_>>()
        .join(" · ")
}

/// Every deal as a row, in the order of their event dates.
pub(in crate::render) fn rows(cx: &Cx, root: &str) -> Vec<DealRow> {
    cx.deals().iter().map(|deal| row(cx, deal, root)).collect()
}

pub(in crate::render) fn kind_key(kind: DealKind) -> &'static str {
    match kind {
        DealKind::Investment => "deal_kind_investment",
        DealKind::Acquisition => "deal_kind_acquisition",
        DealKind::Merger => "deal_kind_merger",
        DealKind::Partnership => "deal_kind_partnership",
        DealKind::Commercial => "deal_kind_commercial",
        DealKind::Licensing => "deal_kind_licensing",
    }
}

pub(in crate::render) fn role_key(role: DealRole) -> &'static str {
    match role {
        DealRole::Investor => "deal_role_investor",
        DealRole::Recipient => "deal_role_recipient",
        DealRole::Acquirer => "deal_role_acquirer",
        DealRole::Target => "deal_role_target",
        DealRole::Seller => "deal_role_seller",
        DealRole::Parties => "deal_role_parties",
        DealRole::Customer => "deal_role_customer",
        DealRole::Supplier => "deal_role_supplier",
        DealRole::Licensor => "deal_role_licensor",
        DealRole::Licensee => "deal_role_licensee",
    }
}

pub(in crate::render) fn date_key(role: DateRole) -> &'static str {
    match role {
        DateRole::Made => "deal_date_made",
        DateRole::Announced => "deal_date_announced",
        DateRole::FirstDisclosed => "deal_date_first_disclosed",
        DateRole::FirstReported => "deal_date_first_reported",
    }
}

fn date_heading_key(role: DateRole) -> &'static str {
    match role {
        DateRole::Made => "deal_date_made_label",
        DateRole::Announced => "deal_date_announced_label",
        DateRole::FirstDisclosed => "deal_date_first_disclosed_label",
        DateRole::FirstReported => "deal_date_first_reported_label",
    }
}

pub(in crate::render) fn outcome_key(state: OutcomeState) -> &'static str {
    match state {
        OutcomeState::Announced => "outcome_announced",
        OutcomeState::Pending => "outcome_pending",
        OutcomeState::Completed => "outcome_completed",
        OutcomeState::Abandoned => "outcome_abandoned",
        OutcomeState::Terminated => "outcome_terminated",
        OutcomeState::Blocked => "outcome_blocked",
        OutcomeState::Withdrawn => "outcome_withdrawn",
    }
}

fn provider_key(role: ProviderRole) -> &'static str {
    match role {
        ProviderRole::Exclusive => "provider_exclusive",
        ProviderRole::Primary => "provider_primary",
        ProviderRole::Preferred => "provider_preferred",
        ProviderRole::OneOfSeveral => "provider_one_of_several",
    }
}

/// What the acting side did: "invested in", "agreed to acquire" (an acquisition not
/// yet completed), "sought to acquire" (one that failed), "acquired".
pub(in crate::render) fn verb_key(deal: &Deal) -> &'static str {
    let state = deal.outcome.as_ref().map(|o| o.value.0);
    let failed = deal.failed();
    match deal.kind {
        DealKind::Investment => "verb_investment",
        DealKind::Acquisition if failed => "verb_acquisition_failed",
        DealKind::Acquisition if state == Some(OutcomeState::Completed) => "verb_acquisition",
        DealKind::Acquisition => "verb_acquisition_agreed",
        DealKind::Merger if failed => "verb_merger_failed",
        DealKind::Merger if state == Some(OutcomeState::Completed) => "verb_merger",
        DealKind::Merger => "verb_merger_agreed",
        DealKind::Partnership => "verb_partnership",
        DealKind::Commercial => "verb_commercial",
        DealKind::Licensing => "verb_licensing",
    }
}
