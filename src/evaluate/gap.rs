//! The gap to target (scostamento) of a KPI at year end, as the Relazione sulla
//! Performance reports it: (result − target) / target, in percent, computed exactly on
//! the measured value as written (a ratio 39/45 is 86,666…%, not the 86,67% a page
//! prints); in words for yes/no targets and for a target of zero, where no division
//! is possible.

use rust_decimal::Decimal;

use super::achievement::percent_of;
use super::kpi::{KpiResult, Resolved, exact_in_unit};
use super::{Evaluation, ObjectiveResult};
use crate::model::number::format_it;
use crate::model::revision::Presence;
use crate::model::{Goal, Kpi, Measured, Objective, Period, Plan, Target, Unit, YearTarget};

/// An objective's year-end results, KPI by KPI, with their gaps.
#[derive(Debug, Clone)]
pub struct ObjectiveGaps<'a> {
    pub objective: &'a Objective,
    pub result: &'a ObjectiveResult,
    pub kpis: Vec<KpiGap<'a>>,
}

impl ObjectiveGaps<'_> {
    /// True when a measured KPI missed its target: a gap the Relazione must explain.
    pub fn missed(&self) -> bool {
        self.kpis.iter().any(|k| k.result.met == Some(false))
    }
}

/// One KPI's result against the target in force at the period's end.
#[derive(Debug, Clone)]
pub struct KpiGap<'a> {
    pub kpi: &'a Kpi,
    /// The target of the period's year in force at its end, if any.
    pub target: Option<&'a YearTarget>,
    pub measured: &'a Measured,
    pub result: &'a KpiResult,
    /// The weight used, normalised to 100.
    pub weight: Option<Decimal>,
    pub gap: Option<Gap>,
}

/// The results of an objective in an evaluated period, with the gap of each KPI; `None`
/// when the objective was not part of the plan then.
pub fn objective_gaps<'a>(
    plan: &'a Plan,
    period: &'a Period,
    evaluation: &'a Evaluation,
    objective: &'a Objective,
) -> Option<ObjectiveGaps<'a>> {
    let result = evaluation.objective(objective.kind, &objective.id)?;
    if result.presence != Presence::InForce {
        return None;
    }
    let in_force = plan.revisions.in_force(objective, period.year, period.end);
    let report = period.report(objective.kind, &objective.id);
    let kpis = objective
        .kpis
        .iter()
        .zip(&in_force.kpis)
        .zip(&result.kpis)
        .map(|((kpi, held), r)| {
            let measured = report
                .and_then(|rep| rep.kpis.iter().find(|m| m.kpi == kpi.id))
                .map_or(&Measured::Missing, |m| &m.value);
            let target = held.target.map(|t| t.value);
            KpiGap {
                kpi,
                target,
                measured,
                result: r,
                weight: result.weights.get(&kpi.id).copied(),
                gap: target.and_then(|t| Gap::of_kpi(&t.target, measured, r)),
            }
        })
        .collect();
    Some(ObjectiveGaps {
        objective,
        result,
        kpis,
    })
}

/// The gap of a result to its target.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Gap {
    /// (result − target) / target × 100, unrounded: positive above the target.
    Percent(Decimal),
    /// Target met, said in words: a yes/no target done, or a target of zero met.
    Reached,
    /// A yes/no target not done.
    NotDone,
    /// A target of zero not met: no percentage of zero.
    NotReached,
}

impl Gap {
    /// The gap of a measured value to a target, given whether the KPI met it; `None`
    /// when there is nothing to compare (no value, a value of another kind or unit).
    pub fn of(target: &Target, measured: &Measured, met: Option<bool>) -> Option<Gap> {
        Gap::against(target, None, measured, met)
    }

    /// Like [`Gap::of`], with the number a relative target resolved to (`+5% rispetto al
    /// 2023`, `mantenimento`), which the gap is then computed against.
    fn against(
        target: &Target,
        resolved: Option<Resolved>,
        measured: &Measured,
        met: Option<bool>,
    ) -> Option<Gap> {
        let met = met?;
        let words = if met { Gap::Reached } else { Gap::NotReached };
        match &target.goal {
            Goal::YesNo { .. } => matches!(measured, Measured::YesNo { .. }).then_some(if met {
                Gap::Reached
            } else {
                Gap::NotDone
            }),
            Goal::Amount { value, unit, .. } => Gap::percent(*value, *unit, measured, met),
            Goal::Relative { .. } | Goal::Keep => {
                let r = resolved?;
                Gap::percent(r.value, r.unit, measured, met)
            }
            // a date is met or missed: said in words
            Goal::Deadline { .. } => Some(words),
            Goal::NotSet => None,
        }
    }

    /// The gap of a measured number to a target number.
    fn percent(target: Decimal, unit: Unit, measured: &Measured, met: bool) -> Option<Gap> {
        let result = exact_in_unit(measured, unit)?;
        if target.is_zero() {
            return Some(if met { Gap::Reached } else { Gap::NotReached });
        }
        let difference = result.checked_sub(target)?;
        Some(Gap::Percent(percent_of(difference, target)))
    }

    /// The gap of an evaluated KPI, from its target and the value measured.
    pub fn of_kpi(target: &Target, measured: &Measured, result: &KpiResult) -> Option<Gap> {
        Gap::against(target, result.resolved_target, measured, result.met)
    }

    /// In Italian, with its sign: `−3,7%`, `+12,5%`, `0%`, `raggiunto`, `non realizzato`.
    pub fn italian(self) -> String {
        match self {
            Gap::Percent(p) => {
                let shown = format_it(p.abs(), 2);
                if shown == "0" {
                    "0%".to_owned()
                } else if p.is_sign_negative() {
                    format!("\u{2212}{shown}%")
                } else {
                    format!("+{shown}%")
                }
            }
            Gap::Reached => "raggiunto".to_owned(),
            Gap::NotDone => "non realizzato".to_owned(),
            Gap::NotReached => "non raggiunto".to_owned(),
        }
    }

    /// For open data: the percentage with a decimal point and 4 decimals, or empty when
    /// the gap is in words.
    pub fn iso(self) -> String {
        match self {
            Gap::Percent(p) => p.round_dp(4).normalize().to_string(),
            _ => String::new(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    fn target(text: &str) -> Target {
        Target::parse(text).unwrap()
    }

    fn gap(t: &str, m: Measured, met: bool) -> String {
        Gap::of(&target(t), &m, Some(met)).unwrap().italian()
    }

    #[test]
    fn a_gap_is_result_minus_target_over_target_with_its_sign() {
        let amount = |v| Measured::Amount {
            value: v,
            unit: None,
        };
        assert_eq!(gap("45", amount(dec!(50.625)), true), "+12,5%");
        assert_eq!(gap(">=90%", amount(dec!(86.67)), false), "\u{2212}3,7%");
        assert_eq!(gap("<=30gg", amount(dec!(26)), true), "\u{2212}13,33%");
        assert_eq!(gap(">=10", amount(dec!(10)), true), "0%");
    }

    #[test]
    fn a_ratio_is_compared_unrounded() {
        let ratio = Measured::Ratio {
            numerator: dec!(39),
            denominator: dec!(45),
        };
        // 39/45 = 86,666…%: (86,666… − 86) / 86 = +0,775…%
        let exact = Gap::of(&target(">=86%"), &ratio, Some(true)).unwrap();
        assert_eq!(exact.italian(), "+0,78%");
        assert_eq!(exact.iso(), "0.7752");
        // the value as printed (87%) would give another first digit: +1,16%
        let printed = Measured::Amount {
            value: dec!(87),
            unit: Some(Unit::Percent),
        };
        assert_eq!(gap(">=86%", printed, true), "+1,16%");
    }

    #[test]
    fn yes_no_and_zero_targets_are_said_in_words() {
        let yes = Measured::YesNo { value: true };
        let no = Measured::YesNo { value: false };
        assert_eq!(gap("Sì", yes.clone(), true), "raggiunto");
        assert_eq!(gap("Sì", no, false), "non realizzato");
        let zero = |v| Measured::Amount {
            value: v,
            unit: None,
        };
        assert_eq!(gap("<=0", zero(dec!(0)), true), "raggiunto");
        assert_eq!(gap("<=0", zero(dec!(2)), false), "non raggiunto");
        assert_eq!(Gap::Reached.iso(), "");
        // nothing to compare: no value, or a yes/no value against a number
        assert_eq!(Gap::of(&target(">=3"), &Measured::Missing, None), None);
        assert_eq!(Gap::of(&target(">=3"), &yes, Some(true)), None);
    }

    #[test]
    fn a_percentage_value_against_a_count_is_not_compared() {
        let percent = Measured::Amount {
            value: dec!(50),
            unit: Some(Unit::Percent),
        };
        assert_eq!(Gap::of(&target(">=3"), &percent, Some(true)), None);
    }
}
