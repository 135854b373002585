//! The results of a previous evaluation, reused for the objectives whose inputs did not
//! change: the preview evaluates again after every edit, and an edit touches one or two
//! objectives out of thousands.
//!
//! An objective's own result (`own_result`) reads the objective, its reports in every period
//! of its plan (a relative target reads the value of another period), the periods' ids,
//! years, ends and shares of the year, the rules and the revisions. When a plan's rules,
//! revisions and periods evaluate as before, an objective equal to the previous one, with
//! equal reports in every period, has the previous result. What is rolled up from below
//! (a strategic objective without values of its own, the areas, the body) is always
//! evaluated again.

use std::collections::HashMap;
use std::sync::Arc;

use rayon::prelude::*;

use super::Basis;
use super::{Evaluation, ObjectiveResult};
use crate::model::revision::Presence;
use crate::model::{Kind, Objective, Plan, Plans, Report, natural_cmp};

/// A previous evaluation of every plan: the plans and what [`super::evaluate_plans`] gave
/// for them.
#[derive(Debug, Clone, Copy)]
pub struct Previous<'a> {
    pub plans: &'a Plans,
    pub evaluations: &'a [Vec<Evaluation>],
}

/// For one plan, which objectives have the same inputs as at the previous evaluation of
/// the plan with the same id.
pub(super) struct Unchanged<'a> {
    /// The previous evaluations of the plan, one per period, in the plan's order of periods.
    evaluations: &'a [Evaluation],
    /// For each kind, each objective in plan order: whether its inputs are unchanged.
    same: HashMap<Kind, Vec<bool>>,
}

impl<'a> Unchanged<'a> {
    /// What `previous` has for `plan`; `None` when it has no plan of the same id, or when
    /// that plan's rules, revisions or periods would evaluate differently.
    pub(super) fn find(previous: Previous<'a>, plan: &Plan) -> Option<Self> {
        let (i, old) = previous
            .plans
            .all()
            .iter()
            .enumerate()
            .find(|(_, p)| p.info.id == plan.info.id)?;
        let evaluations = previous.evaluations.get(i)?.as_slice();
        let periods_alike = old.periods.len() == plan.periods.len()
            && evaluations.len() == plan.periods.len()
            && old.periods.iter().zip(&plan.periods).all(|(a, b)| {
                a.id == b.id && a.year == b.year && a.end == b.end && a.year_share == b.year_share
            });
        if !periods_alike
            || old.rules != plan.rules
            || !old.revisions.same_versions(&plan.revisions)
        {
            return None;
        }
        let same = Kind::ALL
            .into_iter()
            .map(|kind| (kind, same_inputs(old, plan, kind)))
            .collect();
        Some(Unchanged { evaluations, same })
    }

    /// The previous result of `o`, the objective at `position` among those of its kind, in
    /// the period at `period` among the plan's, when its inputs are unchanged.
    pub(super) fn result(
        &self,
        period: usize,
        o: &Objective,
        position: usize,
    ) -> Option<&'a Arc<ObjectiveResult>> {
        let same = self.same.get(&o.kind).and_then(|s| s.get(position));
        if same != Some(&true) {
            return None;
        }
        let result = self.evaluations.get(period)?.shared(o.kind, &o.id)?;
        // a strategic result rolled up from the operational objectives is done again
        let own = result.presence != Presence::InForce
            || matches!(
                result.basis,
                Basis::Kpi { .. } | Basis::DeclaredProgress { .. }
            );
        (o.kind != Kind::Strategic || own).then_some(result)
    }
}

/// For each objective of `kind` in `new`: whether `old` has it, equal, with equal reports
/// in every period (the periods were found alike, in the same order).
fn same_inputs(old: &Plan, new: &Plan, kind: Kind) -> Vec<bool> {
    let (before, after) = (old.objectives(kind), new.objectives(kind));
    let reports_before: Vec<_> = old
        .periods
        .iter()
        .map(|p| p.reports_of(kind, before))
        .collect();
    let reports_after: Vec<_> = new
        .periods
        .iter()
        .map(|p| p.reports_of(kind, after))
        .collect();
    after
        .par_iter()
        .enumerate()
        .map(|(i, o)| {
            // usually at the same position; else found by id
            let was = match before.get(i) {
                Some(b) if b.id == o.id => Some(i),
                _ => before.binary_search_by(|b| natural_cmp(&b.id, &o.id)).ok(),
            };
            was.is_some_and(|w| {
                // an objective the preview's cache did not read again is the same allocation
                (Arc::ptr_eq(&before[w], o) || before[w] == *o)
                    && reports_before
                        .iter()
                        .zip(&reports_after)
                        .all(|(b, a)| same_report(b[w], a[i]))
            })
        })
        .collect()
}

/// Whether two reports are equal: the same one when the preview's cache kept it.
fn same_report(before: Option<&Report>, after: Option<&Report>) -> bool {
    match (before, after) {
        (Some(b), Some(a)) => std::ptr::eq(b, a) || b == a,
        (b, a) => b.is_none() && a.is_none(),
    }
}
