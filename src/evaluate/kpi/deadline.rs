//! A deadline target ("entro il 30/06/2024") against a completion date, as the SMVP
//! reads it: done by the deadline is achieved (100%); done late by no more than the
//! body's `deadline_tolerance` days is partially achieved (at the `partial_from`
//! threshold); done later, or not done at the year end or once the deadline and its
//! tolerance have passed, is not achieved (0%). Not done at an interim period while the
//! deadline is still ahead is not evaluable yet, as a yes/no activity still under way.
//! "Sì" without a date cannot say whether it was on time: not evaluable.

use rust_decimal::Decimal;

use super::PeriodShare;
use crate::model::target::Due;
use crate::model::{Date, Measured, Rules, Status};

/// What a deadline gives: achievement, whether met, status, and the texts.
pub(super) struct Outcome {
    pub achievement: Option<Decimal>,
    pub met: Option<bool>,
    pub status: Status,
    pub comparison: String,
    /// The explanation after "Target ...; ".
    pub explanation: String,
}

/// Judges a deadline of the target's `year` at a period ending on `end`.
pub(super) fn judge(
    due: Due,
    year: i32,
    measured: &Measured,
    rules: &Rules,
    period: PeriodShare,
    end: Option<Date>,
) -> Outcome {
    let not_evaluable = |met, explanation: String| Outcome {
        achievement: None,
        met,
        status: Status::NonValutabile,
        comparison: String::new(),
        explanation,
    };
    let Some(deadline) = due.date(year) else {
        return not_evaluable(
            None,
            format!("la scadenza {} non esiste nel {year}", due_text(due)),
        );
    };
    let tolerance = i64::from(rules.deadline_tolerance);
    let tolerance_text = match tolerance {
        0 => String::new(),
        1 => " (tolleranza 1 giorno)".to_owned(),
        n => format!(" (tolleranza {n} giorni)"),
    };
    match measured {
        Measured::Completed { date } => {
            let late = deadline.days_until(*date);
            let done = format!("completato il {}", date.short());
            let (achievement, status, how) = if late <= 0 {
                (Decimal::ONE_HUNDRED, Status::Raggiunto, "nei termini".to_owned())
            } else if late <= tolerance {
                (
                    rules.partial_from,
                    Status::Parziale,
                    format!("in ritardo di {} entro la tolleranza di {tolerance} giorni", days(late)),
                )
            } else {
                (
                    Decimal::ZERO,
                    Status::NonRaggiunto,
                    format!("in ritardo di {}{tolerance_text}", days(late)),
                )
            };
            Outcome {
                achievement: Some(achievement),
                met: Some(late <= 0),
                status,
                comparison: format!(
                    "{done} {} {}",
                    if late <= 0 { "≤" } else { ">" },
                    deadline.short()
                ),
                explanation: format!(
                    "{done}, {how}: raggiungimento {}%, {}.",
                    crate::model::number::format_it(achievement, 2),
                    status.label().to_lowercase()
                ),
            }
        }
        Measured::YesNo { value: false } => {
            let overdue = end.is_some_and(|e| deadline.days_until(e) > tolerance);
            if period.is_final || overdue {
                let when = if overdue {
                    format!("scadenza del {} superata{tolerance_text}", deadline.short())
                } else {
                    "a fine anno".to_owned()
                };
                Outcome {
                    achievement: Some(Decimal::ZERO),
                    met: Some(false),
                    status: Status::NonRaggiunto,
                    comparison: format!("non completato, scadenza {}", deadline.short()),
                    explanation: format!(
                        "non completato, {when}: raggiungimento 0%, non raggiunto."
                    ),
                }
            } else {
                not_evaluable(
                    Some(false),
                    format!(
                        "non ancora completato al periodo intermedio, scadenza del {} non ancora superata: si valuta alla scadenza.",
                        deadline.short()
                    ),
                )
            }
        }
        Measured::YesNo { value: true } => not_evaluable(
            None,
            "completato, senza la data di completamento: indicarla (\"completato il 15/06/2024\") per sapere se nei termini.".into(),
        ),
        _ => not_evaluable(
            None,
            "il valore rilevato non è una data di completamento (\"completato il 15/06/2024\" o \"non completato\").".into(),
        ),
    }
}

fn due_text(due: Due) -> String {
    match due {
        Due::On { date } => date.short(),
        Due::InYear { day } => day.to_string(),
    }
}

fn days(n: i64) -> String {
    if n == 1 {
        "1 giorno".to_owned()
    } else {
        format!("{n} giorni")
    }
}
