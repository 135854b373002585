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

/// KPI weights normalised to sum to 100; equal weights when none is given.
pub fn normalised_weights(o: &Objective) -> BTreeMap<String, Decimal> {
    let given: Vec<Decimal> = o
        .kpis
        .iter()
        .map(|k| k.weight.unwrap_or(Decimal::ZERO))
        .collect();
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
            "Media dei {what} valutabili ({counted} su {}), a pesi uguali: {}; stato: {}.",
            scores.len(),
            format_percent(a),
            score.status.label().to_lowercase()
        ),
        None => format!("Nessuno dei {what} è valutabile nel periodo: non valutabile."),
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
