//! One KPI in one period: target against value, achievement, status, explanation.
//! Deadlines are judged in [`deadline`]; a relative target becomes a number here, from
//! [`reference_value`], and is then judged as that number.

mod deadline;

use std::fmt::Write;

use rust_decimal::{Decimal, RoundingStrategy};
use serde::Serialize;

use super::achievement::{capped, percent_of};
use super::status::{self, PeriodShare};
use crate::model::number::{format_it, format_percent};
use crate::model::rules::Interim;
use crate::model::target::relative::reference_value;
use crate::model::target::{Reference, format_amount};
use crate::model::{
    Date, Goal, Kind, Kpi, Measured, Op, Period, Polarity, Rules, Status, Target, Unit, YearTarget,
};

/// The evaluated KPI.
#[derive(Debug, Clone, Serialize)]
pub struct KpiResult {
    pub id: String,
    /// Achievement in percent, within 0..=cap; `None` when not evaluable.
    pub achievement: Option<Decimal>,
    /// Whether the (period-adjusted) target is met.
    pub met: Option<bool>,
    pub status: Status,
    /// The value compared, in the target's unit, when numeric.
    pub value: Option<Decimal>,
    /// Short comparison, e.g. `69,5% < 70%`.
    pub comparison: String,
    /// How it was computed, in Italian, for people.
    pub explanation: String,
    /// The revision (position in `Plan::revisions`) that set the target compared;
    /// `None` for the target first adopted.
    pub target_revision: Option<usize>,
    /// The number a relative target stands for ("+5% rispetto al 2023" = 105), once its
    /// reference is known.
    pub resolved_target: Option<Resolved>,
}

/// A relative target as a number.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Resolved {
    pub value: Decimal,
    pub unit: Unit,
}

impl Resolved {
    /// `105`, `73,5%`: as shown next to the target as written.
    pub fn shown(self) -> String {
        format_amount(self.value, self.unit)
    }
}

/// Where a KPI is evaluated, beyond its target and value: the period's last day (for
/// deadlines), and its objective with the plan's periods (for targets relative to the
/// value of a past year). The default knows none of them: such targets are then not
/// evaluable.
#[derive(Debug, Clone, Copy, Default)]
pub struct Around<'a> {
    pub end: Option<Date>,
    pub objective: Option<(Kind, &'a str)>,
    pub periods: &'a [Period],
}

/// Evaluates one KPI against its target for the period's year.
pub fn evaluate(
    kpi: &Kpi,
    target: Option<&YearTarget>,
    measured: &Measured,
    rules: &Rules,
    period: PeriodShare,
    around: &Around,
) -> KpiResult {
    let result =
        |achievement, met, status, value, comparison: String, explanation: String| KpiResult {
            id: kpi.id.clone(),
            achievement,
            met,
            status,
            value,
            comparison,
            explanation,
            target_revision: None,
            resolved_target: None,
        };
    let Some(target) = target else {
        return result(
            None,
            None,
            Status::NonValutabile,
            None,
            String::new(),
            "Nessun target per l'anno del periodo: non valutabile.".into(),
        );
    };
    if target.target.goal == Goal::NotSet {
        return result(
            None,
            None,
            Status::NonValutabile,
            None,
            String::new(),
            format!(
                "Il piano non definisce il target del {} (\"{}\"): non valutabile.",
                target.year,
                target.written.trim()
            ),
        );
    }
    let shown_target = target.target.to_string();
    if matches!(measured, Measured::Missing) {
        return result(
            None,
            None,
            Status::NonValutabile,
            None,
            String::new(),
            format!("Target {shown_target}; valore non rilevato nel periodo: escluso dal calcolo."),
        );
    }
    match (&target.target.goal, measured) {
        (Goal::YesNo { expected }, Measured::YesNo { value }) => {
            let met = expected == value;
            let shown = if *value { "Sì" } else { "No" };
            let status = status::yes_no_kpi(met, period);
            if met {
                result(
                    Some(Decimal::ONE_HUNDRED),
                    Some(true),
                    status,
                    None,
                    format!("{shown} = {shown_target}"),
                    format!(
                        "Target {shown_target}; valore {shown}; indicatore sì/no: realizzato, raggiungimento 100%."
                    ),
                )
            } else if status == Status::NonValutabile {
                result(
                    None,
                    Some(false),
                    status,
                    None,
                    format!("{shown} ≠ {shown_target}"),
                    format!(
                        "Target {shown_target}; valore {shown} al periodo intermedio: attività non ancora conclusa, si valuta a fine anno."
                    ),
                )
            } else {
                result(
                    Some(Decimal::ZERO),
                    Some(false),
                    status,
                    None,
                    format!("{shown} ≠ {shown_target}"),
                    format!(
                        "Target {shown_target}; valore {shown}; indicatore sì/no: non realizzato, raggiungimento 0%."
                    ),
                )
            }
        }
        (
            Goal::Amount {
                value: t,
                unit,
                tolerance,
            },
            m,
        ) => {
            let Some(value) = numeric(m, *unit) else {
                return result(
                    None,
                    None,
                    Status::NonValutabile,
                    None,
                    String::new(),
                    format!(
                        "Target {shown_target}; il valore rilevato non è confrontabile con il target (tipo o unità diversi)."
                    ),
                );
            };
            let polarity = target
                .target
                .polarity(kpi.polarity.unwrap_or(rules.default_polarity));
            amount(
                kpi,
                *t,
                *unit,
                *tolerance,
                &value,
                polarity,
                (&target.target, &shown_target),
                rules,
                period,
            )
        }
        (Goal::Deadline { due }, m) => {
            let outcome = deadline::judge(*due, target.year, m, rules, period, around.end);
            result(
                outcome.achievement,
                outcome.met,
                outcome.status,
                None,
                outcome.comparison,
                format!("Target {shown_target}; {}", outcome.explanation),
            )
        }
        (Goal::Relative { change, reference }, m) => {
            relative(kpi, target, *change, *reference, m, rules, period, around)
        }
        (Goal::Keep, m) => relative(
            kpi,
            target,
            None,
            Reference::Baseline,
            m,
            rules,
            period,
            around,
        ),
        (Goal::YesNo { .. }, _) => result(
            None,
            None,
            Status::NonValutabile,
            None,
            String::new(),
            format!("Target {shown_target}; il valore rilevato non è un sì/no."),
        ),
        // answered above, before the value is looked at
        (Goal::NotSet, _) => result(
            None,
            None,
            Status::NonValutabile,
            None,
            String::new(),
            String::new(),
        ),
    }
}

/// A relative target: the reference found, changed by the percentage, then judged as the
/// number it gives, with the operator written or, without one, the direction the change
/// states ([`Target::polarity`]); not evaluable when the reference is not known.
#[allow(clippy::too_many_arguments)]
fn relative(
    kpi: &Kpi,
    target: &YearTarget,
    change: Option<Decimal>,
    reference: Reference,
    measured: &Measured,
    rules: &Rules,
    period: PeriodShare,
    around: &Around,
) -> KpiResult {
    let shown_target = target.target.to_string();
    let not_evaluable = |why: String| KpiResult {
        id: kpi.id.clone(),
        achievement: None,
        met: None,
        status: Status::NonValutabile,
        value: None,
        comparison: String::new(),
        explanation: format!("Target {shown_target}; {why}: non valutabile."),
        target_revision: None,
        resolved_target: None,
    };
    let objective = around.objective.unwrap_or((Kind::Operational, ""));
    let base = match reference_value(reference, kpi, objective, around.periods) {
        Ok(base) => base,
        Err(why) => return not_evaluable(format!("riferimento non disponibile ({why})")),
    };
    let resolved = Resolved {
        value: base.changed_by(change),
        unit: base.unit,
    };
    let Some(value) = numeric(measured, resolved.unit) else {
        return not_evaluable(
            "il valore rilevato non è confrontabile con il riferimento (tipo o unità diversi)"
                .into(),
        );
    };
    let default = kpi.polarity.unwrap_or(rules.default_polarity);
    let polarity = target.target.polarity(default);
    let op = match (target.target.op, &target.target.goal) {
        (Some(op), _) => Some(op),
        (None, Goal::Keep) => Some(Op::AtLeast),
        (None, _) => None,
    };
    let effective = Target {
        op,
        goal: Goal::Amount {
            value: resolved.value,
            unit: resolved.unit,
            tolerance: None,
        },
    };
    let shown = format!(
        "{shown_target} (= {}, da {})",
        resolved.shown(),
        base.source
    );
    let mut out = amount(
        kpi,
        resolved.value,
        resolved.unit,
        None,
        &value,
        polarity,
        (&effective, &shown),
        rules,
        period,
    );
    out.resolved_target = Some(resolved);
    out
}

/// A measured value in the target's unit, with the texts that show it.
struct Numeric {
    value: Decimal,
    /// The value in the target's unit, e.g. `69,5%`.
    amount: String,
    /// As shown in the explanation: the amount, with numerator and denominator for a ratio.
    shown: String,
    /// As it enters formulas, e.g. `69,5`.
    formula: String,
}

/// The measured number in the target's unit, unrounded; `None` for a value that is not a
/// number comparable with the target (yes/no, a date, another unit, a zero denominator).
pub(super) fn exact_in_unit(m: &Measured, unit: Unit) -> Option<Decimal> {
    match m {
        Measured::Amount { value, unit: u } => {
            let compatible = match (u, unit) {
                (None, _) => true,
                (Some(a), b) if *a == b => true,
                (Some(Unit::Days), Unit::Number) | (Some(Unit::Number), Unit::Days) => true,
                _ => false,
            };
            compatible.then_some(*value)
        }
        Measured::Ratio {
            numerator,
            denominator,
        } => {
            let ratio = numerator.checked_div(*denominator)?;
            if unit == Unit::Percent {
                ratio.checked_mul(Decimal::ONE_HUNDRED)
            } else {
                Some(ratio)
            }
        }
        _ => None,
    }
}

/// The numeric value in the target's unit, its display, and how it enters formulas.
fn numeric(m: &Measured, unit: Unit) -> Option<Numeric> {
    let exact = exact_in_unit(m, unit)?;
    match m {
        Measured::Ratio {
            numerator,
            denominator,
        } => {
            let v = exact.round_dp_with_strategy(4, RoundingStrategy::MidpointAwayFromZero);
            let factor = if unit == Unit::Percent { " × 100" } else { "" };
            let amount = format_amount(v, unit);
            Some(Numeric {
                value: v,
                shown: format!(
                    "{amount} ({} / {}{factor})",
                    format_it(*numerator, 4),
                    format_it(*denominator, 4)
                ),
                amount,
                formula: format_it(v, 2),
            })
        }
        _ => {
            let amount = format_amount(exact, unit);
            Some(Numeric {
                value: exact,
                shown: amount.clone(),
                amount,
                formula: format_it(exact, 2),
            })
        }
    }
}

#[allow(clippy::too_many_arguments)]
fn amount(
    kpi: &Kpi,
    t: Decimal,
    unit: Unit,
    tolerance: Option<Decimal>,
    measured: &Numeric,
    polarity: Polarity,
    (target, shown_target): (&Target, &str),
    rules: &Rules,
    period: PeriodShare,
) -> KpiResult {
    let hundred = Decimal::ONE_HUNDRED;
    let (v, formula_value) = (measured.value, &measured.formula);
    let prorated = !period.is_final
        && unit == Unit::Number
        && polarity == Polarity::Crescente
        && rules.interim == Interim::Proporzionale;
    let effective = if prorated {
        t.checked_mul(period.share).map_or(t, |x| x / hundred)
    } else {
        t
    };
    let tol = tolerance.unwrap_or_default();
    // the steps of the explanation, separated by "; "
    let mut steps = format!("Target {shown_target}; valore {}", measured.shown);
    if prorated {
        let _ = write!(
            steps,
            "; target del periodo = {} × {}% dell'anno = {}",
            format_it(t, 2),
            format_it(period.share, 2),
            format_it(effective, 2)
        );
    }
    let shown_effective = format_amount(effective, unit);
    let (met, raw, formula) = match polarity {
        Polarity::Crescente => {
            let met = if target.op == Some(Op::Above) {
                v > effective
            } else {
                v >= effective.saturating_sub(tol)
            };
            let raw = if effective.is_zero() {
                hundred
            } else {
                percent_of(v, effective)
            };
            (
                met,
                raw,
                format!(
                    "raggiungimento = valore / target = {formula_value} / {}",
                    format_it(effective, 2)
                ),
            )
        }
        Polarity::Decrescente => {
            let limit = effective.saturating_add(tol);
            let met = if target.op == Some(Op::Below) {
                v < limit
            } else {
                v <= limit
            };
            let raw = if met || v.is_zero() {
                hundred
            } else {
                percent_of(limit, v)
            };
            let limit_text = if tol.is_zero() {
                format_it(limit, 2)
            } else {
                format!(
                    "({} + {} di tolleranza)",
                    format_it(effective, 2),
                    format_it(tol, 2)
                )
            };
            (
                met,
                raw,
                format!(
                    "raggiungimento = target / valore = {limit_text} / {formula_value}, 100% se entro il limite"
                ),
            )
        }
        Polarity::Esatta => {
            let diff = v.saturating_sub(effective).abs();
            let met = diff <= tol;
            let raw = if met {
                hundred
            } else if effective.is_zero() {
                Decimal::ZERO
            } else {
                (hundred - percent_of(diff, effective)).max(Decimal::ZERO)
            };
            (
                met,
                raw,
                format!(
                    "raggiungimento = 100% − scostamento dal target in % = 100 − |{formula_value} − {}| / {} × 100",
                    format_it(effective, 2),
                    format_it(effective, 2)
                ),
            )
        }
    };
    let achievement = capped(raw, rules.cap);
    let _ = write!(steps, "; {formula} = {}", format_percent(achievement));
    let sign = match (polarity, met) {
        (Polarity::Crescente, true) => "≥",
        (Polarity::Crescente, false) => "<",
        (Polarity::Decrescente, true) => "≤",
        (Polarity::Decrescente, false) => ">",
        (Polarity::Esatta, true) => "=",
        (Polarity::Esatta, false) => "≠",
    };
    let comparison = format!(
        "{} {sign} {}",
        measured.amount,
        if tol.is_zero() {
            shown_effective
        } else {
            format!("{shown_effective} (+{})", format_it(tol, 2))
        }
    );
    let status = status::numeric_kpi(met, achievement, rules, period);
    let _ = write!(
        steps,
        "; target {} ({comparison}): {}.",
        if met { "rispettato" } else { "non rispettato" },
        status.label().to_lowercase()
    );
    KpiResult {
        id: kpi.id.clone(),
        achievement: Some(achievement),
        met: Some(met),
        status,
        value: Some(v),
        comparison,
        explanation: steps,
        target_revision: None,
        resolved_target: None,
    }
}

#[cfg(test)]
mod tests;
