//! Stage 2: [`Plan`] + one monitoring period -> [`Evaluation`]. Computes every
//! KPI's achievement and status, rolls them up KPI -> objective -> area -> body,
//! and compares what was computed with what the body declared.
//!
//! # Which rule decides which status
//!
//! The statuses are decided in [`status`]; the achievements they read are computed in
//! [`kpi`] (one KPI) and `rollup` (everything above it). "Interim" is a period before the
//! year end; the year end is the period with the whole year elapsed (`quota_anno` 100%,
//! ending on 31 December), whose results are final: no target is pro-rated and no row gives
//! in linea there, at any level. The thresholds `achieved_from` (default 100), `partial_from` (default 70), `cap`
//! (default 100), `interim` and `aggregation` are the body's [`Rules`].
//!
//! | for | condition | status |
//! |---|---|---|
//! | KPI | no target for the period's year; value missing; value of another kind or unit | non valutabile (a KPI without value is excluded from its objective, never counted as 0) |
//! | KPI sì/no | done | raggiunto (100%), interim included |
//! | KPI sì/no | not done | non raggiunto (0%) at year end; non valutabile at an interim period |
//! | KPI numeric | target met | raggiunto at year end, in linea at an interim period, whatever the achievement |
//! | KPI numeric | target not met, achievement ≥ `partial_from` | parzialmente raggiunto |
//! | KPI numeric | target not met, achievement < `partial_from` | non raggiunto |
//! | KPI with a deadline | completed by the deadline | raggiunto (100%), interim included |
//! | KPI with a deadline | completed late by at most `deadline_tolerance` days | parzialmente raggiunto (achievement `partial_from`) |
//! | KPI with a deadline | completed later; not completed at year end, or once deadline and tolerance have passed | non raggiunto (0%) |
//! | KPI with a deadline | not completed at an interim period before the deadline; "Sì" without a date | non valutabile |
//! | KPI relative ("+5% rispetto al 2023", "mantenimento") | reference found | as the numeric KPI with the number it stands for |
//! | KPI relative | no baseline as a number, no value of the year referred to | non valutabile, with the reason |
//! | KPI without target for the year ("n.d.", "-") | any | non valutabile |
//! | objective from KPIs, progress, or children; area; body | achievement ≥ `achieved_from` | raggiunto at year end or when all below is done, else in linea |
//! | same | `partial_from` ≤ achievement < `achieved_from` | parzialmente raggiunto |
//! | same | achievement < `partial_from` | non raggiunto |
//! | objective, `aggregation` = tutti raggiunti | a measured KPI misses its target and the row above says raggiunto or in linea | parzialmente raggiunto |
//! | objective, area, body | nothing with a value below it and no declared progress | non valutabile |
//!
//! A KPI and an objective are on target by different tests. A KPI is on target when its
//! value meets its target (`achieved_from` is not used): a strict target (`> 0`, `< 5`) missed
//! at its boundary can leave a KPI partial at 100%, and a target met within its tolerance
//! (`<=20gg.+5`) makes it achieved below 100%. An objective, area or the body is on target
//! when its achievement reaches `achieved_from`. Both use `partial_from` when short.
//!
//! The achievements and the "all below is done" that the rows read:
//!
//! - KPI: value / target (higher is better), target (+ tolerance) / value (lower is better,
//!   100% when met), 100% − deviation in % (exact value); within 0..=`cap`, 2 decimals. At an
//!   interim period with `interim` = proporzionale, a count where higher is better is compared
//!   with its target × the share of the year elapsed; percentages and durations are not.
//! - Objective from KPIs: weighted mean of the measured KPIs (weights normalised to 100, equal
//!   when none is given; a plain mean when the measured ones weigh 0), or their minimum under
//!   tutti raggiunti; all done when every measured KPI is raggiunto.
//! - Objective from the progress the body declared, when no KPI has a value: progress / share
//!   of the year × 100, within 0..=`cap`; all done when the progress is 100%.
//! - Strategic objective with nothing of its own, area, body: equal-weight mean of the
//!   children with an achievement; all done when every child, measured or not, is raggiunto.
//!
//! A declared status agrees with the computed one when they are equal, or, at an interim
//! period, when both are raggiunto or in linea. At year end a declared in linea contradicts
//! whatever was computed: it is no final outcome.

mod achievement;
pub mod gap;
pub mod kpi;
mod presence;
mod reuse;
mod rollup;
pub mod status;

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use rayon::prelude::*;
use rustc_hash::FxHashMap;

use rust_decimal::Decimal;
use serde::Serialize;

use crate::model::number::format_percent;
use crate::model::revision::Presence;
use crate::model::{Kind, Measured, Objective, Period, Plan, Plans, Rules, Status};
pub use kpi::KpiResult;
pub use reuse::Previous;
use reuse::Unchanged;
pub use rollup::{Basis, Score};
pub use status::PeriodShare;

/// The evaluation of a whole plan for one period.
#[derive(Debug, Clone, Serialize)]
pub struct Evaluation {
    /// Period id, e.g. `2022-S1`.
    pub period: String,
    pub year: i32,
    /// The rules applied (published on the SMVP page).
    pub rules: Rules,
    /// Every objective of every kind (shared with the next evaluation where it is reused,
    /// see [`Previous`]).
    pub objectives: Vec<Arc<ObjectiveResult>>,
    pub areas: Vec<AreaResult>,
    /// The whole body.
    pub body: Score,
    /// The revisions in force at the period's end (positions in `Plan::revisions`), oldest
    /// first: the version of the plan the period was evaluated against.
    pub revisions: Vec<usize>,
    /// Position of each objective in `objectives`, by kind and id.
    #[serde(skip)]
    index: HashMap<Kind, FxHashMap<String, usize>>,
}

/// Declared against computed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Agreement {
    Agrees,
    Contradicts,
    /// Nothing was computed, so the statement cannot be checked.
    Unverifiable,
    /// The body declared nothing.
    NotDeclared,
}

/// Declared status, computed status, and why they differ.
#[derive(Debug, Clone, Serialize)]
pub struct Comparison {
    pub declared: Option<Status>,
    pub computed: Status,
    pub agreement: Agreement,
    /// In Italian, e.g. `dichiarato: in linea; calcolato: parzialmente raggiunto, 69,5% < 70%`.
    pub reason: String,
}

/// One evaluated objective.
#[derive(Debug, Clone, Serialize)]
pub struct ObjectiveResult {
    pub kind: Kind,
    pub id: String,
    pub kpis: Vec<KpiResult>,
    /// Weights used, normalised to 100, per KPI id.
    pub weights: BTreeMap<String, Decimal>,
    pub score: Score,
    pub basis: Basis,
    pub comparison: Comparison,
    /// How the score was obtained, in Italian.
    pub explanation: String,
    /// Whether the objective was part of the plan at the period's end; one added later or
    /// withdrawn is not evaluated.
    pub presence: Presence,
}

/// One evaluated strategic area.
#[derive(Debug, Clone, Serialize)]
pub struct AreaResult {
    pub id: String,
    pub score: Score,
    pub explanation: String,
}

impl Evaluation {
    /// The result of one objective.
    pub fn objective(&self, kind: Kind, id: &str) -> Option<&ObjectiveResult> {
        self.shared(kind, id).map(Arc::as_ref)
    }

    /// The result of one objective, to share with another evaluation.
    fn shared(&self, kind: Kind, id: &str) -> Option<&Arc<ObjectiveResult>> {
        let i = self.index.get(&kind)?.get(id)?;
        Some(&self.objectives[*i])
    }

    /// The result of one area.
    pub fn area(&self, id: &str) -> Option<&AreaResult> {
        self.areas.iter().find(|a| a.id == id)
    }
}

/// Evaluates the plan for one period.
pub fn evaluate(plan: &Plan, period: &Period) -> Evaluation {
    evaluate_reusing(plan, period, None)
}

/// Evaluates the plan for one period, taking from `previous` (what is unchanged, and the
/// position of the period among the plan's) the results it still holds.
fn evaluate_reusing(
    plan: &Plan,
    period: &Period,
    previous: Option<(&Unchanged, usize)>,
) -> Evaluation {
    let share = PeriodShare {
        share: period.year_share,
        is_final: period.is_final(),
    };
    let rules = &plan.rules;
    let own = |o: &Objective| own_result(o, period, rules, share, plan);
    let own_or_previous = |(i, o): (usize, &Arc<Objective>)| match previous
        .and_then(|(unchanged, p)| unchanged.result(p, o, i))
    {
        Some(result) => Arc::clone(result),
        None => Arc::new(own(o)),
    };
    let operational: Vec<Arc<ObjectiveResult>> = plan
        .operational
        .par_iter()
        .enumerate()
        .map(own_or_previous)
        .collect();
    let mut objectives: Vec<Arc<ObjectiveResult>> = plan
        .strategic
        .par_iter()
        .enumerate()
        .map(own_or_previous)
        .collect();
    // strategic objectives with nothing of their own are rolled up from their operational ones
    let children = children(
        &plan.strategic,
        &objectives,
        &plan.operational,
        &operational,
    );
    objectives
        .par_iter_mut()
        .zip(children)
        .filter_map(|(result, children)| Some((result, children?)))
        .for_each(|(result, children)| {
            // computed just now, never reused (see `reuse`): not shared, so not copied
            let result = Arc::make_mut(result);
            let scores: Vec<&Score> = children.iter().map(|c| &c.score).collect();
            let (score, basis, explanation) =
                rollup::from_children(&scores, rules, share, "obiettivi operativi");
            result.score = score;
            result.basis = basis;
            result.explanation = explanation;
            result.comparison = compare(
                period
                    .report(Kind::Strategic, &result.id)
                    .and_then(|r| r.declared),
                result,
                share,
            );
        });
    let areas: Vec<AreaResult> = plan
        .areas
        .iter()
        .map(|a| {
            let children: Vec<&Score> = plan
                .strategic
                .iter()
                .zip(&objectives)
                .filter(|(s, r)| {
                    s.parent.as_deref() == Some(a.id.as_str()) && r.presence == Presence::InForce
                })
                .map(|(_, r)| &r.score)
                .collect();
            let (score, _, explanation) =
                rollup::from_children(&children, rules, share, "obiettivi strategici");
            AreaResult {
                id: a.id.clone(),
                score,
                explanation,
            }
        })
        .collect();
    let area_scores: Vec<&Score> = areas.iter().map(|a| &a.score).collect();
    let body = rollup::mean_score(&area_scores, rules, share);
    objectives.extend(operational);
    objectives.par_extend(plan.individual.par_iter().enumerate().map(own_or_previous));
    objectives.par_extend(plan.common.par_iter().enumerate().map(own_or_previous));
    let mut index: HashMap<Kind, FxHashMap<String, usize>> = HashMap::new();
    for (i, o) in objectives.iter().enumerate() {
        index.entry(o.kind).or_default().insert(o.id.clone(), i);
    }
    Evaluation {
        period: period.id.clone(),
        year: period.year,
        rules: rules.clone(),
        objectives,
        areas,
        body,
        revisions: plan
            .revisions
            .all()
            .iter()
            .enumerate()
            .filter(|(_, r)| r.date <= period.end)
            .map(|(i, _)| i)
            .collect(),
        index,
    }
}

/// For each strategic objective with nothing of its own (`Basis::Nothing`), the results
/// of the operational objectives under it, in order; a strategic id repeated gets them
/// only the first time.
fn children<'r>(
    strategic: &[Arc<Objective>],
    own: &[Arc<ObjectiveResult>],
    operational: &[Arc<Objective>],
    results: &'r [Arc<ObjectiveResult>],
) -> Vec<Option<Vec<&'r ObjectiveResult>>> {
    let mut by_parent: FxHashMap<&str, Vec<&ObjectiveResult>> = FxHashMap::default();
    // an objective outside the plan at the period's end counts for nobody
    for (o, r) in operational.iter().zip(results) {
        if r.presence != Presence::InForce {
            continue;
        }
        if let Some(p) = o.parent.as_deref() {
            by_parent.entry(p).or_default().push(r);
        }
    }
    strategic
        .iter()
        .zip(own)
        .map(|(s, r)| {
            (matches!(r.basis, Basis::Nothing) && r.presence == Presence::InForce)
                .then(|| by_parent.remove(s.id.as_str()).unwrap_or_default())
        })
        .collect()
}

/// An objective from its own KPIs, or else from the progress the body declared, against
/// the targets and weights in force at the period's end; not evaluated when it was not
/// part of the plan then.
fn own_result(
    o: &Objective,
    period: &Period,
    rules: &Rules,
    share: PeriodShare,
    plan: &Plan,
) -> ObjectiveResult {
    let revisions = &plan.revisions;
    let around = kpi::Around {
        end: Some(period.end),
        objective: Some((o.kind, &o.id)),
        periods: &plan.periods,
    };
    let in_force = revisions.in_force(o, period.year, period.end);
    if in_force.presence != Presence::InForce {
        return presence::absent(o, in_force.presence, revisions);
    }
    let report = period.report(o.kind, &o.id);
    let missing = Measured::Missing;
    let kpis: Vec<KpiResult> = o
        .kpis
        .iter()
        .zip(&in_force.kpis)
        .map(|(k, held)| {
            let measured = report
                .and_then(|r| r.kpis.iter().find(|m| m.kpi == k.id))
                .map_or(&missing, |m| &m.value);
            let target = held.target.map(|t| t.value);
            let mut result = kpi::evaluate(k, target, measured, rules, share, &around);
            result.target_revision = held.target.and_then(|t| t.by);
            result
        })
        .collect();
    let given: Vec<_> = in_force.kpis.iter().map(|k| k.weight.value).collect();
    let weights = rollup::normalised_weights(o, &given);
    let (score, basis, explanation) = match rollup::from_kpis(o, &kpis, &weights, rules, share) {
        Some(found) => found,
        None => match report.and_then(|r| r.progress) {
            Some(progress) => rollup::from_progress(progress, rules, share),
            None => (
                Score {
                    achievement: None,
                    status: Status::NonValutabile,
                },
                Basis::Nothing,
                "Nessun valore rilevato e nessun avanzamento dichiarato nel periodo: non valutabile.".to_owned(),
            ),
        },
    };
    let mut result = ObjectiveResult {
        kind: o.kind,
        id: o.id.clone(),
        kpis,
        weights,
        score,
        basis,
        comparison: Comparison {
            declared: None,
            computed: Status::NonValutabile,
            agreement: Agreement::NotDeclared,
            reason: String::new(),
        },
        explanation,
        presence: Presence::InForce,
    };
    result.comparison = compare(report.and_then(|r| r.declared), &result, share);
    result
}

/// Compares the declared status with the computed one.
fn compare(declared: Option<Status>, result: &ObjectiveResult, share: PeriodShare) -> Comparison {
    let computed = result.score.status;
    let word = |s: Status| s.label().to_lowercase();
    let Some(declared) = declared else {
        return Comparison {
            declared: None,
            computed,
            agreement: Agreement::NotDeclared,
            reason: String::new(),
        };
    };
    let (agreement, reason) = if share.is_final && declared == Status::InLinea {
        // whatever the numbers say, a year-end result is final: «in linea» is no outcome
        (
            Agreement::Contradicts,
            format!(
                "dichiarato: in linea; calcolato: {}; a fine anno il risultato è finale e «in linea» non è un esito",
                word(computed)
            ),
        )
    } else if computed == Status::NonValutabile && declared != Status::NonValutabile {
        (
            Agreement::Unverifiable,
            format!(
                "dichiarato: {}; non verificabile: nessun valore rilevato nel periodo",
                word(declared)
            ),
        )
    } else if status::agrees(declared, computed, share) {
        (
            Agreement::Agrees,
            format!(
                "dichiarato: {}; calcolato: {}",
                word(declared),
                word(computed)
            ),
        )
    } else {
        let why: Vec<String> = result
            .kpis
            .iter()
            .filter(|k| k.met == Some(false))
            .map(|k| k.comparison.clone())
            .collect();
        let detail = if why.is_empty() {
            result
                .score
                .achievement
                .map(|a| format!("raggiungimento {}", format_percent(a)))
                .unwrap_or_default()
        } else {
            why.join(", ")
        };
        (
            Agreement::Contradicts,
            format!(
                "dichiarato: {}; calcolato: {}{}",
                word(declared),
                word(computed),
                if detail.is_empty() {
                    String::new()
                } else {
                    format!(", {detail}")
                }
            ),
        )
    };
    Comparison {
        declared: Some(declared),
        computed,
        agreement,
        reason,
    }
}

/// Evaluations of every period, oldest first.
pub fn evaluate_all(plan: &Plan) -> Vec<Evaluation> {
    evaluate_all_reusing(plan, None)
}

fn evaluate_all_reusing(plan: &Plan, unchanged: Option<&Unchanged>) -> Vec<Evaluation> {
    plan.periods
        .par_iter()
        .enumerate()
        .map(|(i, p)| evaluate_reusing(plan, p, unchanged.map(|u| (u, i))))
        .collect()
}

/// Every period of every plan, each against its own plan: one list per plan, in the
/// plans' order.
pub fn evaluate_plans(plans: &Plans) -> Vec<Vec<Evaluation>> {
    evaluate_plans_reusing(plans, None)
}

/// The same as [`evaluate_plans`], taking from `previous` the results of the objectives
/// whose inputs did not change since (see [`Previous`]): the preview, after an edit.
pub fn evaluate_plans_reusing(plans: &Plans, previous: Option<Previous>) -> Vec<Vec<Evaluation>> {
    plans
        .all()
        .par_iter()
        .map(|plan| {
            let unchanged = previous.and_then(|p| Unchanged::find(p, plan));
            evaluate_all_reusing(plan, unchanged.as_ref())
        })
        .collect()
}
