//! The body's evaluation rules: its Sistema di misurazione e valutazione della
//! Performance (SMVP), as far as computing achievement and status is concerned.

use rust_decimal::Decimal;
use rust_decimal_macros::dec;
use serde::Serialize;

use super::target::Polarity;

/// How KPI achievements combine into an objective's.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Aggregation {
    /// Weighted mean of the KPIs' achievements.
    MediaPonderata,
    /// The objective counts as achieved only when every target is met: the lowest achievement.
    TuttiRaggiunti,
}

/// How yearly counts are judged at an intermediate period (e.g. the semester).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Interim {
    /// Counts are compared with the share of the year elapsed (50% of the target at 30 June).
    Proporzionale,
    /// Counts are compared with the whole yearly target.
    Intero,
}

/// Evaluation rules; every field has a documented default.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Rules {
    /// Meaning of a target written without operator.
    pub default_polarity: Polarity,
    /// Highest achievement a KPI can score, in percent (100 = no over-achievement).
    pub cap: Decimal,
    /// KPI -> objective aggregation.
    pub aggregation: Aggregation,
    /// Intermediate periods.
    pub interim: Interim,
    /// Objective achievement from which it is "raggiunto" (or "in linea" before year end).
    pub achieved_from: Decimal,
    /// Objective achievement from which it is "parzialmente raggiunto".
    pub partial_from: Decimal,
}

impl Default for Rules {
    fn default() -> Self {
        Rules {
            default_polarity: Polarity::Crescente,
            cap: dec!(100),
            aggregation: Aggregation::MediaPonderata,
            interim: Interim::Proporzionale,
            achieved_from: dec!(100),
            partial_from: dec!(70),
        }
    }
}
