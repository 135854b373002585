//! Measured values, as written in the monitoring files: numbers, percentages,
//! durations, yes/no ("Sì", "realizzato"), completion dates ("completato il 15/06/2024").

use rust_decimal::Decimal;
use serde::Serialize;

use super::{Unit, format_amount, parse_amount, words, yes_no};
use crate::model::Date;
use crate::model::number::format_it;

/// A measured value for one KPI in one period.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "tipo", rename_all = "snake_case")]
pub enum Measured {
    /// Done / not done.
    YesNo { value: bool },
    /// A number; `unit` is `None` when written bare (it then takes the target's unit).
    Amount { value: Decimal, unit: Option<Unit> },
    /// Numerator and denominator of a ratio KPI; the value is their ratio in percent.
    Ratio {
        numerator: Decimal,
        denominator: Decimal,
    },
    /// Done on a date ("completato il 15/06/2024"), for deadline targets.
    Completed { date: Date },
    /// Not measured ("non rilevato").
    Missing,
}

/// A value that could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValueError {
    /// What is wrong, in Italian.
    pub message: String,
}

/// Forms accepted for values, for error hints.
pub const VALUE_FORMS: &str = "scrivere il valore misurato come numero (12, \"12\" o \"1.200\"), percentuale (\"69,5%\"), \
durata (\"18 gg\"), \"si\"/\"no\" (anche \"realizzato\"/\"non realizzato\"), data di completamento (\"completato il 15/06/2024\"), \
oppure \"non rilevato\"; per gli indicatori-rapporto usare numeratore e denominatore";

/// Words for done and not done, besides yes and no.
const DONE: [(&str, bool); 8] = [
    ("realizzato", true),
    ("completato", true),
    ("concluso", true),
    ("raggiunto", true),
    ("non realizzato", false),
    ("non completato", false),
    ("non concluso", false),
    ("non raggiunto", false),
];

/// The words before a completion date.
const COMPLETED_ON: [&str; 6] = [
    "completato il",
    "realizzato il",
    "concluso il",
    "completato in data",
    "realizzato in data",
    "concluso in data",
];

impl Measured {
    /// The value in Italian, as pages and the archive comparison show it: `69,5%`, `Sì`,
    /// `12 / 20`, `non rilevato`.
    pub fn italian(&self) -> String {
        match self {
            Measured::YesNo { value } => if *value { "Sì" } else { "No" }.into(),
            Measured::Amount {
                value,
                unit: Some(u),
            } => format_amount(*value, *u),
            Measured::Amount { value, unit: None } => format_it(*value, 2),
            Measured::Ratio {
                numerator,
                denominator,
            } => format!(
                "{} / {}",
                format_it(*numerator, 2),
                format_it(*denominator, 2)
            ),
            Measured::Completed { date } => format!("completato il {}", date.short()),
            Measured::Missing => "non rilevato".into(),
        }
    }

    /// Parses a value as written in a measurement file.
    pub fn parse(text: &str) -> Result<Measured, ValueError> {
        let t = text.trim();
        let lower = t.to_lowercase();
        if t.is_empty()
            || matches!(
                lower.as_str(),
                "non rilevato" | "n.r." | "nr" | "n.d." | "nd"
            )
        {
            return Ok(Measured::Missing);
        }
        if let Some(value) = yes_no(t) {
            return Ok(Measured::YesNo { value });
        }
        let word = lower.trim_end_matches('.');
        if let Some((_, value)) = DONE.iter().find(|(w, _)| *w == word) {
            return Ok(Measured::YesNo { value: *value });
        }
        if let Some(date) = completion(t)? {
            return Ok(Measured::Completed { date });
        }
        if words::operator(t).is_some() {
            return Err(ValueError {
                message: format!(
                    "valore \"{t}\" non valido: un valore misurato non ha operatori (>=, <=)"
                ),
            });
        }
        let (value, unit, tolerance) = parse_amount(t).map_err(|m| ValueError {
            message: format!("valore \"{t}\" non riconosciuto: {m}"),
        })?;
        if tolerance.is_some() {
            return Err(ValueError {
                message: format!(
                    "valore \"{t}\" non valido: la tolleranza si indica nel target, non nel valore"
                ),
            });
        }
        let bare = !lower.ends_with('%') && !lower.contains('g');
        Ok(Measured::Amount {
            value,
            unit: if bare { None } else { Some(unit) },
        })
    }

    /// A ratio from numerator and denominator.
    pub fn ratio(numerator: Decimal, denominator: Decimal) -> Result<Measured, ValueError> {
        if denominator.is_zero() {
            return Err(ValueError {
                message: "il denominatore è zero: il rapporto non è calcolabile".into(),
            });
        }
        if numerator.is_sign_negative() || denominator.is_sign_negative() {
            return Err(ValueError {
                message: "numeratore e denominatore non possono essere negativi".into(),
            });
        }
        Ok(Measured::Ratio {
            numerator,
            denominator,
        })
    }
}

/// `"completato il 15/06/2024"`, `"15/06/2024"`: the date; an error when the words of a
/// completion are followed by no date.
fn completion(text: &str) -> Result<Option<Date>, ValueError> {
    if let Some(date) = Date::parse_written(text) {
        return Ok(Some(date));
    }
    let Some(rest) = COMPLETED_ON
        .iter()
        .find_map(|w| words::word_prefix(text, w))
    else {
        return Ok(None);
    };
    Date::parse_written(rest)
        .map(Some)
        .ok_or_else(|| ValueError {
            message: format!(
                "valore \"{text}\" non valido: \"{}\" non è una data",
                rest.trim()
            ),
        })
}
