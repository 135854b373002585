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

/// Which intermediate monitoring periods the body plans each year (the year end is
/// reported through the Relazione).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Frequency {
    /// One at 30 June (`<anno>-S1`).
    Semestrale,
    /// Three, at 31 March, 30 June and 30 September (`<anno>-T1` ... `T3`).
    Trimestrale,
    /// None: only the year end.
    Annuale,
}

impl Frequency {
    /// Every frequency.
    pub const ALL: [Frequency; 3] = [
        Frequency::Semestrale,
        Frequency::Trimestrale,
        Frequency::Annuale,
    ];

    /// The word written in `[valutazione]` (`monitoraggi`).
    pub fn word(self) -> &'static str {
        match self {
            Frequency::Semestrale => "semestrale",
            Frequency::Trimestrale => "trimestrale",
            Frequency::Annuale => "annuale",
        }
    }

    /// The planned intermediate periods of a year: the id's suffix (`S1`) and the
    /// month and day they end on.
    pub fn periods(self) -> &'static [(&'static str, u8, u8)] {
        match self {
            Frequency::Semestrale => &[("S1", 6, 30)],
            Frequency::Trimestrale => &[("T1", 3, 31), ("T2", 6, 30), ("T3", 9, 30)],
            Frequency::Annuale => &[],
        }
    }
}

/// Reads [`Frequency::word`], around spaces ignored.
impl FromStr for Frequency {
    type Err = UnknownWord;

    fn from_str(text: &str) -> Result<Frequency, UnknownWord> {
        UnknownWord::find(text, text.trim(), &Frequency::ALL, Frequency::word)
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
    /// The intermediate monitoring periods planned each year (`monitoraggi`, default
    /// semestrale).
    pub monitoring: Frequency,
    /// Days after its end by which a planned monitoring period is due for publication
    /// (`giorni_pubblicazione_monitoraggio`, default 60).
    pub monitoring_days: u32,
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
            monitoring: Frequency::Semestrale,
            monitoring_days: 60,
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
        for f in Frequency::ALL {
            assert_eq!(f.word().parse(), Ok(f));
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
