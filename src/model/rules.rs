//! The body's evaluation rules: its Sistema di misurazione e valutazione della
//! Performance (SMVP), as far as computing achievement and status is concerned.

use std::str::FromStr;

use rust_decimal::Decimal;
use rust_decimal_macros::dec;
use serde::Serialize;

use super::UnknownWord;
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

impl Aggregation {
    /// Every aggregation.
    pub const ALL: [Aggregation; 2] = [Aggregation::MediaPonderata, Aggregation::TuttiRaggiunti];

    /// The word written in `sito.toml` (`aggregazione`).
    pub fn word(self) -> &'static str {
        match self {
            Aggregation::MediaPonderata => "media_ponderata",
            Aggregation::TuttiRaggiunti => "tutti_raggiunti",
        }
    }
}

/// Reads [`Aggregation::word`], around spaces ignored.
impl FromStr for Aggregation {
    type Err = UnknownWord;

    fn from_str(text: &str) -> Result<Aggregation, UnknownWord> {
        UnknownWord::find(text, text.trim(), &Aggregation::ALL, Aggregation::word)
    }
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

impl Interim {
    /// Every interim rule.
    pub const ALL: [Interim; 2] = [Interim::Proporzionale, Interim::Intero];

    /// The word written in `sito.toml` (`intermedio`).
    pub fn word(self) -> &'static str {
        match self {
            Interim::Proporzionale => "proporzionale",
            Interim::Intero => "intero",
        }
    }
}

/// Reads [`Interim::word`], around spaces ignored.
impl FromStr for Interim {
    type Err = UnknownWord;

    fn from_str(text: &str) -> Result<Interim, UnknownWord> {
        UnknownWord::find(text, text.trim(), &Interim::ALL, Interim::word)
    }
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
    /// Days a deadline target may be late and still count as partially achieved
    /// (`tolleranza_scadenze`, default 0: late is not achieved).
    pub deadline_tolerance: u32,
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
            deadline_tolerance: 0,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_rule_word_reads_back() {
        for a in Aggregation::ALL {
            assert_eq!(a.word().parse(), Ok(a));
        }
        for i in Interim::ALL {
            assert_eq!(format!("{} ", i.word()).parse(), Ok(i));
        }
    }

    #[test]
    fn unknown_rule_words_list_the_accepted_ones() {
        let e = "media".parse::<Aggregation>().unwrap_err();
        assert_eq!(
            e.accepted_list(),
            "\"media_ponderata\", \"tutti_raggiunti\""
        );
        let e = "parziale".parse::<Interim>().unwrap_err();
        assert_eq!(e.accepted, ["proporzionale", "intero"]);
        assert_eq!(e.word, "parziale");
    }
}
