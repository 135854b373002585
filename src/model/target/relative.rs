//! Targets relative to a reference value: "+5% rispetto al 2023", "-10% rispetto alla
//! baseline", ">= baseline", "≥ valore 2023", "mantenimento". The reference is the KPI's
//! baseline or the value measured in a past year of the plan; [`reference_value`] finds
//! it, the one place where a relative target becomes a number.

use std::fmt;

use rust_decimal::{Decimal, RoundingStrategy};
use serde::Serialize;

use super::{Goal, Unit, format_amount, number, parse_amount, words};
use crate::model::number::format_plain;
use crate::model::{Kind, Kpi, Measured, Period};

/// What a relative target is measured against.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(tag = "tipo", rename_all = "snake_case")]
pub enum Reference {
    /// The KPI's `baseline`.
    Baseline,
    /// The value measured in a year: at its year end, or else at its latest period.
    Year { year: i32 },
}

/// A reference value found: the number, its unit, and where it comes from (in Italian).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Base {
    pub value: Decimal,
    pub unit: Unit,
    /// `baseline 100`, `valore 2023 (periodo 2023-S2) 120`.
    pub source: String,
}

impl Base {
    /// The target this base gives with a change in percent: `base × (100 + change) / 100`.
    pub fn changed_by(&self, change: Option<Decimal>) -> Decimal {
        let change = change.unwrap_or_default();
        self.value
            .checked_mul(Decimal::ONE_HUNDRED + change)
            .map_or(self.value, |v| v / Decimal::ONE_HUNDRED)
            .round_dp_with_strategy(4, RoundingStrategy::MidpointAwayFromZero)
            .normalize()
    }
}

/// The relative goal `text` states, if any; an error when it states one badly.
pub(super) fn parse(text: &str) -> Result<Option<Goal>, String> {
    let t = text.trim().to_lowercase();
    if t == "mantenimento" || words::word_prefix(&t, "mantenimento").is_some() {
        return Ok(Some(Goal::Keep));
    }
    if let Some((change, reference)) = t.split_once("rispetto") {
        let Some(reference) = reference_of(reference, true) else {
            return Err(format!(
                "riferimento \"{}\" sconosciuto: scrivere \"rispetto al 2023\" (il valore misurato in quell'anno) o \"rispetto alla baseline\"",
                reference.trim()
            ));
        };
        let change = change.trim();
        let Some(percent) = change.strip_suffix('%') else {
            return Err(format!(
                "la variazione \"{change}\" si scrive in percentuale, con il segno: \"+5%\" o \"-10%\""
            ));
        };
        let change = number(percent.trim())?;
        return Ok(Some(Goal::Relative {
            change: Some(change),
            reference,
        }));
    }
    Ok(reference_of(&t, false).map(|reference| Goal::Relative {
        change: None,
        reference,
    }))
}

/// `"baseline"`, `"valore 2023"`, `"al valore del 2023"`; a bare year (`"al 2023"`) only
/// after "rispetto", where it cannot be a count.
fn reference_of(text: &str, bare_year: bool) -> Option<Reference> {
    let mut t = text.trim();
    for p in ["alla", "allo", "al", "all'", "a"] {
        if let Some(rest) = words::word_prefix(t, p) {
            t = rest.trim();
            break;
        }
    }
    if [
        "baseline",
        "valore di partenza",
        "valore di base",
        "la baseline",
    ]
    .contains(&t)
    {
        return Some(Reference::Baseline);
    }
    let year = match ["valore del", "valore dell'anno", "valore"]
        .iter()
        .find_map(|w| words::word_prefix(t, w))
    {
        Some(rest) => rest.trim(),
        None if bare_year => t,
        None => return None,
    };
    if year.len() != 4 || !year.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let year: i32 = year.parse().ok()?;
    (2000..=2100)
        .contains(&year)
        .then_some(Reference::Year { year })
}

/// The relative target as [`parse`] reads it back (the operator is written before).
pub(super) fn write(
    f: &mut fmt::Formatter<'_>,
    change: Option<Decimal>,
    reference: Reference,
) -> fmt::Result {
    match (change, reference) {
        (Some(c), r) => {
            let sign = if c.is_sign_negative() { "" } else { "+" };
            let to = match r {
                Reference::Baseline => "alla baseline".to_owned(),
                Reference::Year { year } => format!("al {year}"),
            };
            write!(f, "{sign}{}% rispetto {to}", format_plain(c))
        }
        (None, Reference::Baseline) => f.write_str("baseline"),
        (None, Reference::Year { year }) => write!(f, "valore {year}"),
    }
}

/// The value `reference` stands for, for KPI `kpi` of objective `objective`: its baseline
/// read as a number, or the value measured in the year (at the year end if there is one,
/// else at the latest period of that year with a value) among `periods`. An error, in
/// Italian, says why there is none: the KPI is then not evaluated, never guessed.
pub fn reference_value<'p>(
    reference: Reference,
    kpi: &Kpi,
    (kind, objective): (Kind, &str),
    periods: impl IntoIterator<Item = &'p Period>,
) -> Result<Base, String> {
    match reference {
        Reference::Baseline => {
            let Some(written) = kpi.baseline.as_deref() else {
                return Err("il KPI non ha una baseline".into());
            };
            match parse_amount(written.trim()) {
                Ok((value, unit, None)) => Ok(Base {
                    value,
                    unit,
                    source: format!("baseline {}", format_amount(value, unit)),
                }),
                _ => Err(format!(
                    "la baseline \"{}\" non è un numero",
                    written.trim()
                )),
            }
        }
        Reference::Year { year } => {
            let mut found: Option<(&Period, Base)> = None;
            for period in periods.into_iter().filter(|p| p.year == year) {
                let value = period
                    .report(kind, objective)
                    .and_then(|r| r.kpis.iter().find(|m| m.kpi == kpi.id))
                    .and_then(|m| numeric(&m.value));
                let Some((value, unit)) = value else { continue };
                // a year end wins over any period before it
                if found
                    .as_ref()
                    .is_some_and(|(p, _)| p.is_final() && !period.is_final())
                {
                    continue;
                }
                let source = format!(
                    "valore {year} (periodo {}) {}",
                    period.id,
                    format_amount(value, unit)
                );
                found = Some((
                    period,
                    Base {
                        value,
                        unit,
                        source,
                    },
                ));
            }
            found
                .map(|(_, base)| base)
                .ok_or_else(|| format!("nessun valore misurato del KPI nel {year}"))
        }
    }
}

/// A measured value as a number with its unit; a ratio in percent.
fn numeric(m: &Measured) -> Option<(Decimal, Unit)> {
    match m {
        Measured::Amount { value, unit } => Some((*value, unit.unwrap_or(Unit::Number))),
        Measured::Ratio {
            numerator,
            denominator,
        } => {
            let percent = numerator
                .checked_div(*denominator)?
                .checked_mul(Decimal::ONE_HUNDRED)?;
            Some((
                percent.round_dp_with_strategy(4, RoundingStrategy::MidpointAwayFromZero),
                Unit::Percent,
            ))
        }
        Measured::YesNo { .. } | Measured::Completed { .. } | Measured::Missing => None,
    }
}
