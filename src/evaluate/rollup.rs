//! Weighted roll-ups: KPIs -> objective, objectives -> area -> body.

use std::collections::BTreeMap;

use rust_decimal::Decimal;
use serde::Serialize;

use super::achievement::{capped, percent_of, round};
use super::kpi::KpiResult;
use super::status::{self, PeriodShare};
use crate::model::number::{format_it, format_percent};
use crate::model::rules::Aggregation;
use crate::model::{Objective, Rules, Status};

/// Achievement and status of anything above a KPI.
#[derive(Debug, Clone, Serialize)]
pub struct Score {
    pub achievement: Option<Decimal>,
    pub status: Status,
}

/// What a score was computed from.
#[derive(Debug, Clone, Serialize)]
#[serde(tag = "tipo", rename_all = "snake_case")]
pub enum Basis {
    /// From the objective's KPIs; the others had no value and are excluded.
    Kpi {
        measured: usize,
        total: usize,
        excluded: Vec<String>,
    },
    /// From the progress the body declared, against the share of the year elapsed.
    DeclaredProgress { progress: Decimal, share: Decimal },
    /// From the objectives below it.
    Children { counted: usize, total: usize },
    /// Nothing to compute from.
    Nothing,
}

/// KPI weights normalised to sum to 100; equal weights when none is given. `weights`
/// are those in force, one per KPI of `o` in order (a revision may have changed them).
pub fn normalised_weights(o: &Objective, weights: &[Option<Decimal>]) -> BTreeMap<String, Decimal> {
    let given: Vec<Decimal> = weights.iter().map(|w| w.unwrap_or(Decimal::ZERO)).collect();
    let total: Decimal = given.iter().sum();
    o.kpis
        .iter()
        .zip(given)
        .map(|(k, w)| {
            let share = if total.is_zero() {
                Decimal::ONE_HUNDRED / Decimal::from(o.kpis.len().max(1))
            } else {
                w / total * Decimal::ONE_HUNDRED
            };
            (k.id.clone(), round(share))
        })
        .collect()
}

/// An objective's score from its KPIs; `None` when no KPI has a value.
pub fn from_kpis(
    o: &Objective,
    kpis: &[KpiResult],
    weights: &BTreeMap<String, Decimal>,
    rules: &Rules,
    share: PeriodShare,
) -> Option<(Score, Basis, String)> {
    let measured: Vec<(&KpiResult, Decimal)> = kpis
        .iter()
        .filter_map(|k| k.achievement.map(|a| (k, a)))
        .collect();
    if measured.is_empty() {
        return None;
    }
    let excluded: Vec<String> = kpis
        .iter()
        .filter(|k| k.achievement.is_none())
        .map(|k| k.id.clone())
        .collect();
    let (achievement, how) = match rules.aggregation {
        Aggregation::MediaPonderata => {
            let weight_of = |k: &KpiResult| weights.get(&k.id).copied().unwrap_or_default();
            let total: Decimal = measured.iter().map(|(k, _)| weight_of(k)).sum();
            let value = if total.is_zero() {
                measured.iter().map(|(_, a)| *a).sum::<Decimal>() / Decimal::from(measured.len())
            } else {
                measured
                    .iter()
                    .map(|(k, a)| *a * weight_of(k))
                    .sum::<Decimal>()
                    / total
            };
            let terms: Vec<String> = measured
                .iter()
                .map(|(k, a)| format!("{} × {}", format_percent(*a), format_it(weight_of(k), 2)))
                .collect();
            (
                round(value),
                format!(
                    "media ponderata dei KPI rilevati = ({}) / {}",
                    terms.join(" + "),
                    format_it(total, 2)
                ),
            )
        }
        Aggregation::TuttiRaggiunti => {
            let min = measured.iter().map(|(_, a)| *a).min().unwrap_or_default();
            (
                min,
                "regola «tutti i target raggiunti»: il raggiungimento è il minimo dei KPI rilevati"
                    .to_owned(),
            )
        }
    };
    let status = status::objective_from_kpis(
        achievement,
        measured.iter().all(|(k, _)| k.status == Status::Raggiunto),
        measured.iter().any(|(k, _)| k.met == Some(false)),
        rules,
        share,
    );
    let mut explanation = format!(
        "{how} = {}; stato: {}.",
        format_percent(achievement),
        status.label().to_lowercase()
    );
    if !excluded.is_empty() {
        explanation.push_str(&format!(
            " KPI esclusi perché senza valore nel periodo: {} (su {} dell'obiettivo {}).",
            excluded.join(", "),
            kpis.len(),
            o.id
        ));
    }
    Some((
        Score {
            achievement: Some(achievement),
            status,
        },
        Basis::Kpi {
            measured: measured.len(),
            total: kpis.len(),
            excluded,
        },
        explanation,
    ))
}

/// An objective's score from the progress the body declared ("raggiungimento 50%").
pub fn from_progress(
    progress: Decimal,
    rules: &Rules,
    share: PeriodShare,
) -> (Score, Basis, String) {
    let raw = if share.share.is_zero() {
        Decimal::ZERO
    } else {
        percent_of(progress, share.share)
    };
    let achievement = capped(raw, rules.cap);
    let status = status::objective(achievement, progress >= Decimal::ONE_HUNDRED, rules, share);
    let explanation = format!(
        "Nessun KPI rilevato; avanzamento dichiarato {} rispetto alla quota dell'anno trascorsa {}: raggiungimento = {} / {} = {}; stato: {}.",
        format_percent(progress),
        format_percent(share.share),
        format_it(progress, 2),
        format_it(share.share, 2),
        format_percent(achievement),
        status.label().to_lowercase()
    );
    (
        Score {
            achievement: Some(achievement),
            status,
        },
        Basis::DeclaredProgress {
            progress,
            share: share.share,
        },
        explanation,
    )
}

/// Score from the scores of child objectives (equal weights), e.g. strategic from
/// operational, area from strategic.
pub fn from_children(
    scores: &[&Score],
    rules: &Rules,
    share: PeriodShare,
    what: &str,
) -> (Score, Basis, String) {
    let score = mean_score(scores, rules, share);
    let counted = scores.iter().filter(|s| s.achievement.is_some()).count();
    let explanation = match score.achievement {
        Some(a) => format!(
            "Media degli {what} valutabili ({counted} su {}), a pesi uguali: {}; stato: {}.",
            scores.len(),
            format_percent(a),
            score.status.label().to_lowercase()
        ),
        None => format!("Nessuno degli {what} è valutabile nel periodo: non valutabile."),
    };
    let basis = if counted == 0 {
        Basis::Nothing
    } else {
        Basis::Children {
            counted,
            total: scores.len(),
        }
    };
    (score, basis, explanation)
}

/// Equal-weight mean of the scores that have an achievement.
pub fn mean_score(scores: &[&Score], rules: &Rules, share: PeriodShare) -> Score {
    let values: Vec<Decimal> = scores.iter().filter_map(|s| s.achievement).collect();
    if values.is_empty() {
        return Score {
            achievement: None,
            status: Status::NonValutabile,
        };
    }
    let achievement = round(values.iter().sum::<Decimal>() / Decimal::from(values.len()));
    let all_done = scores.iter().all(|s| s.status == Status::Raggiunto);
    Score {
        achievement: Some(achievement),
        status: status::objective(achievement, all_done, rules, share),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Kind, Kpi};
    use rust_decimal_macros::dec;

    const INTERIM: PeriodShare = PeriodShare {
        share: dec!(50),
        is_final: false,
    };
    const FINAL: PeriodShare = PeriodShare {
        share: dec!(100),
        is_final: true,
    };

    fn objective(weights: &[Option<Decimal>]) -> Objective {
        let kpi = |(i, weight): (usize, &Option<Decimal>)| Kpi {
            id: (i + 1).to_string(),
            code: None,
            name: "k".into(),
            kind: None,
            weight: *weight,
            unit: None,
            source: None,
            algorithm: None,
            baseline: None,
            polarity: None,
            responsible: None,
            frequency: None,
            targets: Vec::new(),
        };
        Objective {
            kind: Kind::Operational,
            id: "9.9".into(),
            title: "o".into(),
            parent: None,
            description: String::new(),
            details: Default::default(),
            kpis: weights.iter().enumerate().map(kpi).collect(),
        }
    }

    /// A KPI result: id, achievement, whether its target is met, status.
    fn kpi(id: &str, achievement: Option<Decimal>, met: Option<bool>, status: Status) -> KpiResult {
        KpiResult {
            id: id.into(),
            achievement,
            met,
            status,
            value: None,
            comparison: String::new(),
            explanation: String::new(),
            target_revision: None,
            resolved_target: None,
        }
    }

    fn weights(pairs: &[(&str, Decimal)]) -> BTreeMap<String, Decimal> {
        pairs.iter().map(|(k, w)| (k.to_string(), *w)).collect()
    }

    fn score(achievement: Option<Decimal>, status: Status) -> Score {
        Score {
            achievement,
            status,
        }
    }

    #[test]
    fn weights_are_equal_when_none_is_given() {
        let written = |o: &Objective| {
            normalised_weights(o, &o.kpis.iter().map(|k| k.weight).collect::<Vec<_>>())
        };
        let w = written(&objective(&[None, None, None]));
        assert_eq!(
            w,
            weights(&[("1", dec!(33.33)), ("2", dec!(33.33)), ("3", dec!(33.33))])
        );
        // a KPI without weight next to weighted ones weighs nothing
        let w = written(&objective(&[Some(dec!(3)), None, Some(dec!(1))]));
        assert_eq!(
            w,
            weights(&[("1", dec!(75)), ("2", dec!(0)), ("3", dec!(25))])
        );
        assert!(written(&objective(&[])).is_empty());
        // the weights in force replace those written
        let o = objective(&[Some(dec!(3)), None, Some(dec!(1))]);
        let w = normalised_weights(&o, &[Some(dec!(1)), Some(dec!(1)), Some(dec!(2))]);
        assert_eq!(
            w,
            weights(&[("1", dec!(25)), ("2", dec!(25)), ("3", dec!(50))])
        );
    }

    #[test]
    fn the_weighted_mean_counts_only_measured_kpis_and_names_the_others() {
        let o = objective(&[None, None, None]);
        let kpis = [
            kpi("1", Some(dec!(80)), Some(false), Status::Parziale),
            kpi("2", Some(dec!(100)), Some(true), Status::Raggiunto),
            kpi("3", None, None, Status::NonValutabile),
        ];
        let w = weights(&[("1", dec!(25)), ("2", dec!(75)), ("3", dec!(50))]);
        let (s, basis, explanation) = from_kpis(&o, &kpis, &w, &Rules::default(), FINAL).unwrap();
        assert_eq!(
            (s.achievement, s.status),
            (Some(dec!(95)), Status::Parziale)
        );
        assert!(matches!(
            basis,
            Basis::Kpi { measured: 2, total: 3, ref excluded } if excluded == &["3".to_owned()]
        ));
        assert_eq!(
            explanation,
            "media ponderata dei KPI rilevati = (80% × 25 + 100% × 75) / 100 = 95%; stato: \
             parzialmente raggiunto. KPI esclusi perché senza valore nel periodo: 3 (su 3 \
             dell'obiettivo 9.9)."
        );
        // with every KPI measured, nobody is named as excluded
        let (_, _, explanation) = from_kpis(&o, &kpis[..2], &w, &Rules::default(), FINAL).unwrap();
        assert!(!explanation.contains("esclusi"), "{explanation}");
        // and with none, there is no score from KPIs
        assert!(from_kpis(&o, &kpis[2..], &w, &Rules::default(), FINAL).is_none());
    }

    #[test]
    fn measured_kpis_that_weigh_nothing_count_equally() {
        let o = objective(&[None, None, None]);
        let kpis = [
            kpi("1", Some(dec!(60)), Some(false), Status::NonRaggiunto),
            kpi("2", Some(dec!(90)), Some(false), Status::Parziale),
            kpi("3", None, None, Status::NonValutabile),
        ];
        let w = weights(&[("1", dec!(0)), ("2", dec!(0)), ("3", dec!(100))]);
        let (s, _, _) = from_kpis(&o, &kpis, &w, &Rules::default(), FINAL).unwrap();
        assert_eq!(
            (s.achievement, s.status),
            (Some(dec!(75)), Status::Parziale)
        );
    }

    #[test]
    fn an_objective_is_achieved_mid_year_only_when_every_measured_kpi_is() {
        let o = objective(&[None, None]);
        let w = weights(&[("1", dec!(50)), ("2", dec!(50))]);
        let done = [
            kpi("1", Some(dec!(100)), Some(true), Status::Raggiunto),
            kpi("2", Some(dec!(100)), Some(true), Status::Raggiunto),
        ];
        let (s, _, _) = from_kpis(&o, &done, &w, &Rules::default(), INTERIM).unwrap();
        assert_eq!(s.status, Status::Raggiunto);
        let in_line = [
            kpi("1", Some(dec!(100)), Some(true), Status::Raggiunto),
            kpi("2", Some(dec!(100)), Some(true), Status::InLinea),
        ];
        let (s, _, _) = from_kpis(&o, &in_line, &w, &Rules::default(), INTERIM).unwrap();
        assert_eq!(s.status, Status::InLinea);
    }

    #[test]
    fn all_targets_met_takes_the_lowest_kpi_and_a_missed_target_makes_it_partial() {
        let o = objective(&[None, None]);
        let w = weights(&[("1", dec!(50)), ("2", dec!(50))]);
        let rules = Rules {
            aggregation: Aggregation::TuttiRaggiunti,
            achieved_from: dec!(80),
            ..Rules::default()
        };
        let kpis = [
            kpi("1", Some(dec!(85)), Some(false), Status::Parziale),
            kpi("2", Some(dec!(100)), Some(true), Status::Raggiunto),
        ];
        let (s, _, explanation) = from_kpis(&o, &kpis, &w, &rules, FINAL).unwrap();
        // 85 is above achieved_from, but KPI 1 missed its target
        assert_eq!(
            (s.achievement, s.status),
            (Some(dec!(85)), Status::Parziale)
        );
        assert!(
            explanation.starts_with("regola «tutti i target raggiunti»"),
            "{explanation}"
        );
        // with every target met, the rule leaves the objective on target
        let met = [
            kpi("1", Some(dec!(85)), Some(true), Status::Raggiunto),
            kpi("2", Some(dec!(100)), Some(true), Status::Raggiunto),
        ];
        let (s, _, _) = from_kpis(&o, &met, &w, &rules, FINAL).unwrap();
        assert_eq!(
            (s.achievement, s.status),
            (Some(dec!(85)), Status::Raggiunto)
        );
        // the weighted mean would have said achieved
        let mean = Rules {
            aggregation: Aggregation::MediaPonderata,
            ..rules.clone()
        };
        let (s, _, _) = from_kpis(&o, &kpis, &w, &mean, FINAL).unwrap();
        assert_eq!(
            (s.achievement, s.status),
            (Some(dec!(92.5)), Status::Raggiunto)
        );
    }

    #[test]
    fn declared_progress_is_measured_against_the_share_of_the_year() {
        let rules = Rules::default();
        let (s, basis, explanation) = from_progress(dec!(50), &rules, INTERIM);
        assert_eq!(
            (s.achievement, s.status),
            (Some(dec!(100)), Status::InLinea)
        );
        assert!(matches!(
            basis,
            Basis::DeclaredProgress { progress, share } if progress == dec!(50) && share == dec!(50)
        ));
        assert_eq!(
            explanation,
            "Nessun KPI rilevato; avanzamento dichiarato 50% rispetto alla quota dell'anno \
             trascorsa 50%: raggiungimento = 50 / 50 = 100%; stato: in linea."
        );
        // work declared complete is achieved before the year end
        let (s, _, _) = from_progress(dec!(100), &rules, INTERIM);
        assert_eq!(s.status, Status::Raggiunto);
        let (s, _, _) = from_progress(dec!(99), &rules, INTERIM);
        assert_eq!(s.status, Status::InLinea);
        let (s, _, _) = from_progress(dec!(30), &rules, INTERIM);
        assert_eq!(
            (s.achievement, s.status),
            (Some(dec!(60)), Status::NonRaggiunto)
        );
        let (s, _, _) = from_progress(dec!(80), &rules, FINAL);
        assert_eq!(
            (s.achievement, s.status),
            (Some(dec!(80)), Status::Parziale)
        );
        // over-achievement up to the cap only; nothing at a period of zero length
        let capped = Rules {
            cap: dec!(120),
            ..Rules::default()
        };
        let (s, _, _) = from_progress(dec!(80), &capped, INTERIM);
        assert_eq!(s.achievement, Some(dec!(120)));
        let start = PeriodShare {
            share: dec!(0),
            is_final: false,
        };
        let (s, _, _) = from_progress(dec!(10), &rules, start);
        assert_eq!(s.achievement, Some(dec!(0)));
    }

    #[test]
    fn children_count_equally_and_those_not_evaluable_keep_the_parent_from_achieved() {
        let done = score(Some(dec!(100)), Status::Raggiunto);
        let none = score(None, Status::NonValutabile);
        let (s, basis, explanation) = from_children(
            &[&done, &none],
            &Rules::default(),
            INTERIM,
            "obiettivi operativi",
        );
        assert_eq!(
            (s.achievement, s.status),
            (Some(dec!(100)), Status::InLinea)
        );
        assert!(matches!(
            basis,
            Basis::Children {
                counted: 1,
                total: 2
            }
        ));
        assert_eq!(
            explanation,
            "Media degli obiettivi operativi valutabili (1 su 2), a pesi uguali: 100%; stato: in linea."
        );
        let (s, _, _) = from_children(&[&done, &done], &Rules::default(), INTERIM, "x");
        assert_eq!(s.status, Status::Raggiunto);
        let (s, basis, explanation) =
            from_children(&[&none], &Rules::default(), INTERIM, "obiettivi strategici");
        assert_eq!((s.achievement, s.status), (None, Status::NonValutabile));
        assert!(matches!(basis, Basis::Nothing));
        assert_eq!(
            explanation,
            "Nessuno degli obiettivi strategici è valutabile nel periodo: non valutabile."
        );
    }

    #[test]
    fn the_mean_of_children_is_rounded() {
        let a = score(Some(dec!(100)), Status::Raggiunto);
        let b = score(Some(dec!(50)), Status::NonRaggiunto);
        let c = score(Some(dec!(50.01)), Status::NonRaggiunto);
        let s = mean_score(&[&a, &b, &c], &Rules::default(), FINAL);
        assert_eq!(
            (s.achievement, s.status),
            (Some(dec!(66.67)), Status::NonRaggiunto)
        );
        let s = mean_score(&[&a, &b], &Rules::default(), FINAL);
        assert_eq!(
            (s.achievement, s.status),
            (Some(dec!(75)), Status::Parziale)
        );
    }
}
