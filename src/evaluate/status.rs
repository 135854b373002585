//! The rules that decide a status, for a KPI and for an objective, area or the body.
//!
//! Each function turns what was computed (whether a target is met, an achievement) and the
//! period (interim or final) into a [`Status`], with the thresholds of the body's [`Rules`].
//! The table at the top of [`crate::evaluate`] sums them up.

use rust_decimal::Decimal;

use crate::model::rules::Aggregation;
use crate::model::{Rules, Status};

/// The period an evaluation is for.
#[derive(Debug, Clone, Copy)]
pub struct PeriodShare {
    /// Share of the year elapsed, percent.
    pub share: Decimal,
    /// Whether the period closes the year.
    pub is_final: bool,
}

/// A yes/no KPI: done is achieved at any period; not done is not achieved at year end and
/// not evaluable before it (the activity may still be completed).
pub fn yes_no_kpi(done: bool, period: PeriodShare) -> Status {
    if done {
        Status::Raggiunto
    } else if period.is_final {
        Status::NonRaggiunto
    } else {
        Status::NonValutabile
    }
}

/// A numeric KPI: on target when its (period-adjusted) target is met, whatever its
/// achievement; otherwise partial from `partial_from`. `achieved_from` plays no part.
pub fn numeric_kpi(met: bool, achievement: Decimal, rules: &Rules, period: PeriodShare) -> Status {
    if met {
        on_target(period.is_final)
    } else {
        short_of_target(achievement, rules)
    }
}

/// An objective, area or the body from its achievement: on target from `achieved_from`,
/// partial from `partial_from`. On target counts as achieved at year end, or before it when
/// `all_done` (everything below it is already achieved); otherwise it is in line.
pub fn objective(
    achievement: Decimal,
    all_done: bool,
    rules: &Rules,
    period: PeriodShare,
) -> Status {
    if achievement >= rules.achieved_from {
        on_target(period.is_final || all_done)
    } else {
        short_of_target(achievement, rules)
    }
}

/// An objective from its measured KPIs: [`objective`], then, under the rule «tutti i target
/// raggiunti», a KPI target missed (`any_missed`) makes an objective on target only partial.
pub fn objective_from_kpis(
    achievement: Decimal,
    all_done: bool,
    any_missed: bool,
    rules: &Rules,
    period: PeriodShare,
) -> Status {
    let status = objective(achievement, all_done, rules, period);
    if rules.aggregation == Aggregation::TuttiRaggiunti
        && any_missed
        && matches!(status, Status::Raggiunto | Status::InLinea)
    {
        Status::Parziale
    } else {
        status
    }
}

/// Whether a declared status agrees with the computed one: when they are equal, or before
/// the year end when both are on target (raggiunto or in linea). At year end a result is
/// final: "in linea" is no final status, so declaring it never agrees.
pub fn agrees(declared: Status, computed: Status, period: PeriodShare) -> bool {
    let on_track = |s: Status| matches!(s, Status::Raggiunto | Status::InLinea);
    if period.is_final && declared == Status::InLinea {
        return false;
    }
    declared == computed || (on_track(declared) && on_track(computed))
}

/// On target: achieved when the year (or the work) is complete, else in line.
fn on_target(complete: bool) -> Status {
    if complete {
        Status::Raggiunto
    } else {
        Status::InLinea
    }
}

/// Short of target: partial from the SMVP threshold, else not achieved.
fn short_of_target(achievement: Decimal, rules: &Rules) -> Status {
    if achievement >= rules.partial_from {
        Status::Parziale
    } else {
        Status::NonRaggiunto
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    const INTERIM: PeriodShare = PeriodShare {
        share: dec!(50),
        is_final: false,
    };
    const FINAL: PeriodShare = PeriodShare {
        share: dec!(100),
        is_final: true,
    };

    /// Thresholds away from the defaults, so that a rule using the wrong one shows.
    fn rules() -> Rules {
        Rules {
            achieved_from: dec!(90),
            partial_from: dec!(60),
            ..Rules::default()
        }
    }

    #[test]
    fn a_yes_no_kpi_not_done_waits_for_the_year_end() {
        assert_eq!(yes_no_kpi(true, INTERIM), Status::Raggiunto);
        assert_eq!(yes_no_kpi(true, FINAL), Status::Raggiunto);
        assert_eq!(yes_no_kpi(false, INTERIM), Status::NonValutabile);
        assert_eq!(yes_no_kpi(false, FINAL), Status::NonRaggiunto);
    }

    #[test]
    fn a_numeric_kpi_follows_its_target_then_the_partial_threshold() {
        let r = rules();
        // met: on target whatever the achievement, in line before the year end
        assert_eq!(numeric_kpi(true, dec!(10), &r, INTERIM), Status::InLinea);
        assert_eq!(numeric_kpi(true, dec!(10), &r, FINAL), Status::Raggiunto);
        // not met: achieved_from does not apply, even at 100%
        assert_eq!(numeric_kpi(false, dec!(100), &r, FINAL), Status::Parziale);
        assert_eq!(numeric_kpi(false, dec!(60), &r, FINAL), Status::Parziale);
        assert_eq!(
            numeric_kpi(false, dec!(59.99), &r, FINAL),
            Status::NonRaggiunto
        );
    }

    #[test]
    fn an_objective_is_on_target_from_the_achieved_threshold_included() {
        let r = rules();
        assert_eq!(objective(dec!(90), false, &r, FINAL), Status::Raggiunto);
        assert_eq!(objective(dec!(90), false, &r, INTERIM), Status::InLinea);
        assert_eq!(objective(dec!(90), true, &r, INTERIM), Status::Raggiunto);
        assert_eq!(objective(dec!(89.99), true, &r, FINAL), Status::Parziale);
        assert_eq!(objective(dec!(60), false, &r, FINAL), Status::Parziale);
        assert_eq!(
            objective(dec!(59.99), false, &r, INTERIM),
            Status::NonRaggiunto
        );
    }

    #[test]
    fn in_line_agrees_with_achieved_only_before_the_year_end() {
        use Status::*;
        assert!(agrees(InLinea, Raggiunto, INTERIM));
        assert!(agrees(Raggiunto, InLinea, INTERIM));
        assert!(!agrees(InLinea, Raggiunto, FINAL));
        assert!(agrees(Raggiunto, Raggiunto, FINAL));
        assert!(!agrees(Parziale, Raggiunto, FINAL));
        assert!(!agrees(InLinea, Parziale, INTERIM));
    }

    #[test]
    fn no_rule_gives_in_line_at_the_year_end() {
        let r = rules();
        let achievements = [
            dec!(0),
            dec!(59.99),
            dec!(60),
            dec!(89.99),
            dec!(90),
            dec!(150),
        ];
        for a in achievements {
            for flag in [false, true] {
                assert_ne!(numeric_kpi(flag, a, &r, FINAL), Status::InLinea);
                assert_ne!(objective(a, flag, &r, FINAL), Status::InLinea);
                for missed in [false, true] {
                    let all = Rules {
                        aggregation: Aggregation::TuttiRaggiunti,
                        ..rules()
                    };
                    assert_ne!(
                        objective_from_kpis(a, flag, missed, &r, FINAL),
                        Status::InLinea
                    );
                    assert_ne!(
                        objective_from_kpis(a, flag, missed, &all, FINAL),
                        Status::InLinea
                    );
                }
            }
            assert_ne!(yes_no_kpi(a.is_zero(), FINAL), Status::InLinea);
        }
    }

    #[test]
    fn a_missed_target_caps_an_objective_at_partial_only_under_all_targets_met() {
        let mean = rules();
        let all = Rules {
            aggregation: Aggregation::TuttiRaggiunti,
            ..rules()
        };
        let status = |r: &Rules, achievement, missed, period| {
            objective_from_kpis(achievement, false, missed, r, period)
        };
        assert_eq!(status(&mean, dec!(95), true, FINAL), Status::Raggiunto);
        assert_eq!(status(&all, dec!(95), true, FINAL), Status::Parziale);
        assert_eq!(status(&all, dec!(95), true, INTERIM), Status::Parziale);
        assert_eq!(status(&all, dec!(95), false, INTERIM), Status::InLinea);
        // below partial_from it stays not achieved
        assert_eq!(status(&all, dec!(50), true, FINAL), Status::NonRaggiunto);
        assert_eq!(
            objective_from_kpis(dec!(95), true, false, &all, INTERIM),
            Status::Raggiunto
        );
    }
}
