//! The earlier states of a fact or a deal (`history`), for a page: each step's date in
//! the edition's language, its status, its sources by the labels that tell them apart,
//! and the value a later state superseded, kept visible.

use crate::format;
use crate::model::{DealFront, Step};
use crate::render::context::Cx;
use crate::render::views::{HistoryView, StepView};

/// The view of `steps` for a page at `root`, `superseded` giving the value a step had
/// then (written for the page) when it differs from the next state's; `None` when there
/// are no steps.
pub(in crate::render) fn view<S: Step>(
    cx: &Cx,
    steps: &[S],
    root: &str,
    superseded: impl Fn(&S) -> Option<String>,
) -> Option<HistoryView> {
    if steps.is_empty() {
        return None;
    }
    let n = steps.len().to_string();
    let key = if steps.len() == 1 {
        "history_summary_one"
    } else {
        "history_summary_other"
    };
    Some(HistoryView {
        summary: cx.fill(cx.t(key), &[("n", &n)]),
        steps: steps
            .iter()
            .map(|step| {
                let when = *step.date().get_ref();
                StepView {
                    date: format::when_in(when, cx.lang()),
                    iso: when.iso(),
                    status: step.status().get_ref().as_str(),
                    sources: cx.sources(step.sources(), root),
                    superseded: superseded(step),
                }
            })
            .collect(),
    })
}

/// The earlier states of a deal's status, each with the amount it superseded.
pub(in crate::render) fn deal(cx: &Cx, deal: &DealFront, root: &str) -> Option<HistoryView> {
    let steps = deal.history.as_ref()?;
    view(cx, steps.get_ref(), root, |s| {
        s.amount
            .as_ref()
            .map(|a| format::amount_in(a.get_ref(), cx.lang()))
    })
}
