//! A fact's history: the states it went through before the current one ("rumoured in
//! December 2022, reported in February 2023, confirmed since"), kept beside the current
//! state rather than overwritten, as Wikidata keeps a statement's earlier claims
//! (ranked below the preferred one, with the date they held from). The fact's own
//! `status` and `value` (a deal's `status` and `amount`) are the current state; each
//! step is an earlier one, oldest first.

use serde::Deserialize;
use toml::Spanned;

use super::deal::When;
use super::sourced::SourceRef;
use super::values::{Amount, Status};

/// One earlier state of a fact in `facts`: how sure it was from `date`, who said so,
/// and, when it differed, the value a later state superseded.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FactStep {
    pub status: Spanned<Status>,
    /// When the fact reached this state (as precise as known, down to "late 2022").
    pub date: Spanned<When>,
    #[serde(default)]
    pub sources: Vec<SourceRef>,
    /// The value the fact had then, superseded by a later one. Absent, the value was
    /// the next state's.
    pub value: Option<String>,
}

/// One earlier state of a deal: how sure the deal was from `date`, who said so, and,
/// when it differed, the amount a later state superseded.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DealStep {
    pub status: Spanned<Status>,
    pub date: Spanned<When>,
    #[serde(default)]
    pub sources: Vec<SourceRef>,
    /// The amount reported then, superseded by a later one. Absent, the amount was
    /// the next state's. As sure as the step: it takes no status or sources of its
    /// own.
    pub amount: Option<Spanned<Amount>>,
}

/// What every step has, whatever it belongs to.
pub trait Step {
    fn status(&self) -> &Spanned<Status>;
    fn date(&self) -> &Spanned<When>;
    fn sources(&self) -> &[SourceRef];
}

impl Step for FactStep {
    fn status(&self) -> &Spanned<Status> {
        &self.status
    }
    fn date(&self) -> &Spanned<When> {
        &self.date
    }
    fn sources(&self) -> &[SourceRef] {
        &self.sources
    }
}

impl Step for DealStep {
    fn status(&self) -> &Spanned<Status> {
        &self.status
    }
    fn date(&self) -> &Spanned<When> {
        &self.date
    }
    fn sources(&self) -> &[SourceRef] {
        &self.sources
    }
}
