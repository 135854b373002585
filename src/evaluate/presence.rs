//! An objective outside the plan at a period's end: added by a later revision, or
//! withdrawn by an earlier one. It is shown, with the act, but not evaluated.

use super::kpi::KpiResult;
use super::rollup::{Basis, Score};
use super::{Agreement, Comparison, ObjectiveResult};
use crate::model::revision::Presence;
use crate::model::{Objective, Revisions, Status};

/// The result of objective `o`, absent as `presence` says: every KPI and the objective
/// non valutabile, with the act that explains why.
pub fn absent(o: &Objective, presence: Presence, revisions: &Revisions) -> ObjectiveResult {
    let act = |i: usize| {
        revisions
            .all()
            .get(i)
            .map(|r| format!("{} ({})", r.date.short(), r.act))
            .unwrap_or_default()
    };
    let explanation = match presence {
        Presence::NotYetAdded { revision } => format!(
            "Obiettivo aggiunto al piano con la revisione del {}, dopo la fine del periodo: non valutato.",
            act(revision)
        ),
        Presence::Withdrawn { revision } => format!(
            "Obiettivo ritirato dal piano con la revisione del {}: non valutato.",
            act(revision)
        ),
        Presence::InForce => String::new(),
    };
    let kpis = o
        .kpis
        .iter()
        .map(|k| KpiResult {
            id: k.id.clone(),
            achievement: None,
            met: None,
            status: Status::NonValutabile,
            value: None,
            comparison: String::new(),
            explanation: explanation.clone(),
            target_revision: None,
            resolved_target: None,
        })
        .collect();
    ObjectiveResult {
        kind: o.kind,
        id: o.id.clone(),
        kpis,
        weights: Default::default(),
        score: Score {
            achievement: None,
            status: Status::NonValutabile,
        },
        basis: Basis::Nothing,
        comparison: Comparison {
            declared: None,
            computed: Status::NonValutabile,
            agreement: Agreement::NotDeclared,
            reason: String::new(),
        },
        explanation,
        presence,
    }
}
