//! The value of one row (a value, or a numerator and denominator), and whether it can
//! be compared with the KPI's target.

use rust_decimal::Decimal;

use crate::diagnostic::Diagnostic;
use crate::model::number::{NumberError, parse_decimal};
use crate::model::{Goal, Measured, Unit};

use super::CSV_VALUE_FORMS;
use super::table::Table;

/// The value of a row: `Ok(None)` when the row gives none (empty cells).
pub(super) fn read_value(
    t: &Table,
    line: usize,
    record: &[String],
    context: &str,
    diags: &mut Vec<Diagnostic>,
) -> Option<Option<Measured>> {
    let valore = t.cell(record, "valore");
    let num = t.cell(record, "numeratore");
    let den = t.cell(record, "denominatore");
    match (valore.is_empty(), num.is_empty(), den.is_empty()) {
        (true, true, true) => Some(None),
        (false, true, true) => match Measured::parse(valore) {
            Ok(m) => Some(Some(m)),
            Err(e) => {
                diags.push(t.error(line, "valore", context, e.message, CSV_VALUE_FORMS));
                None
            }
        },
        (true, false, false) => {
            let n = decimal(t, line, "numeratore", num, context, diags);
            let d = decimal(t, line, "denominatore", den, context, diags);
            let (n, d) = (n?, d?);
            match Measured::ratio(n, d) {
                Ok(m) => Some(Some(m)),
                Err(e) => {
                    diags.push(t.error(line, "denominatore", context, e.message, "indicare numeratore e denominatore come numeri positivi, denominatore diverso da zero"));
                    None
                }
            }
        }
        (false, _, _) => {
            let column = if num.is_empty() {
                "denominatore"
            } else {
                "numeratore"
            };
            diags.push(t.error(
                line,
                column,
                context,
                "indicati sia valore sia numeratore/denominatore".into(),
                "compilare valore oppure numeratore e denominatore, non entrambi",
            ));
            None
        }
        (true, false, true) | (true, true, false) => {
            let column = if num.is_empty() {
                "numeratore"
            } else {
                "denominatore"
            };
            diags.push(t.error(
                line,
                column,
                context,
                format!("manca il {column}"),
                "per gli indicatori-rapporto compilare sia numeratore sia denominatore",
            ));
            None
        }
    }
}

fn decimal(
    t: &Table,
    line: usize,
    column: &str,
    text: &str,
    context: &str,
    diags: &mut Vec<Diagnostic>,
) -> Option<Decimal> {
    let (message, hint) = match parse_decimal(text) {
        Ok(d) => return Some(d),
        Err(NumberError::Ambiguous) => (
            format!("{column} \"{text}\" ambiguo"),
            "scrivere i numeri senza separatore delle migliaia e con la virgola per i decimali: 8000 oppure 8,5",
        ),
        Err(NumberError::TooLarge) => (
            format!("{column} \"{text}\" è un numero troppo grande"),
            "controllare il valore: nessuna misura del piano supera un milione di miliardi",
        ),
        Err(NumberError::Invalid) => (
            format!("{column} \"{text}\" non è un numero"),
            "scrivere un numero, con la virgola per i decimali: 139 oppure 69,5",
        ),
    };
    diags.push(t.error(line, column, context, message, hint));
    None
}

/// A bare number takes the unit of the target, so the file says what it means.
pub(super) fn with_target_unit(m: Measured, goal: Option<&Goal>) -> Measured {
    match (m, goal) {
        (
            Measured::Amount { value, unit: None },
            Some(Goal::Amount {
                unit: u @ (Unit::Percent | Unit::Days),
                ..
            }),
        ) => Measured::Amount {
            value,
            unit: Some(*u),
        },
        (m, _) => m,
    }
}

/// Whether a value can be compared with the target, as the evaluation does.
pub(super) fn compatible(m: &Measured, goal: &Goal) -> Result<(), String> {
    match (goal, m) {
        (_, Measured::Missing) => Ok(()),
        (Goal::YesNo { .. }, Measured::YesNo { .. }) => Ok(()),
        (Goal::YesNo { .. }, _) => {
            Err("il KPI è di tipo sì/no: il valore deve essere «si» o «no»".into())
        }
        (Goal::Amount { .. }, Measured::YesNo { .. }) => {
            Err("il KPI ha un target numerico: il valore non può essere «si» o «no»".into())
        }
        (Goal::Amount { .. }, Measured::Completed { .. }) => {
            Err("il KPI ha un target numerico: il valore non può essere una data".into())
        }
        (Goal::Deadline { .. }, Measured::Completed { .. } | Measured::YesNo { .. }) => Ok(()),
        (Goal::Deadline { .. }, _) => Err(
            "il KPI ha una scadenza: il valore è la data di completamento («completato il 15/06/2024») o «non completato»".into(),
        ),
        (Goal::Relative { .. } | Goal::Keep, Measured::Amount { .. } | Measured::Ratio { .. }) => {
            Ok(())
        }
        (Goal::Relative { .. } | Goal::Keep, _) => {
            Err("il KPI ha un target numerico: il valore deve essere un numero".into())
        }
        (Goal::NotSet, _) => Ok(()),
        (Goal::Amount { .. }, Measured::Ratio { .. }) => Ok(()),
        (Goal::Amount { unit, .. }, Measured::Amount { unit: u, .. }) => match (u, unit) {
            (None, _) => Ok(()),
            (Some(a), b) if a == b => Ok(()),
            (Some(Unit::Days), Unit::Number) | (Some(Unit::Number), Unit::Days) => Ok(()),
            (Some(Unit::Percent), _) => Err("il valore è una percentuale ma il target no".into()),
            (Some(Unit::Days), _) => Err("il valore è una durata in giorni ma il target no".into()),
            (Some(Unit::Number), _) => Err("unità del valore diversa da quella del target".into()),
        },
    }
}
