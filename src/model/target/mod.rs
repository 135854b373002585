//! Targets and measured values, parsed once from the text people write into typed
//! values: the forms of the Brindisi plan (`"Sì"`, `">=70%"`, `"<=20gg.+5"`, `"≥2"`,
//! `"23,22%"`) and those other bodies use: verbal operators (`"almeno 5"`, `"non
//! superiore al 20%"`), deadlines (`"entro il 30/06/2024"`), targets relative to a
//! reference (`"+5% rispetto al 2023"`, `"mantenimento"`), thousands with a dot
//! (`"1.200"`), and no target for a year (`"n.d."`, `"-"`).

mod measured;
pub mod relative;
mod words;

use std::fmt;
use std::str::FromStr;

use rust_decimal::Decimal;
use serde::Serialize;

use super::UnknownWord;
use super::date::{Date, DayMonth, looks_like_date};
use super::number::{NumberError, format_it, format_plain, parse_italian};
pub use measured::{Measured, VALUE_FORMS, ValueError};
pub use relative::Reference;

/// Comparison written before a target.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Op {
    /// `>=`, `≥`
    AtLeast,
    /// `>`
    Above,
    /// `<=`, `≤`
    AtMost,
    /// `<`
    Below,
    /// `=`
    Exactly,
}

impl Op {
    /// The symbol printed: `≥`, `>`, `≤`, `<`, `=`.
    pub fn symbol(self) -> &'static str {
        match self {
            Op::AtLeast => "≥",
            Op::Above => ">",
            Op::AtMost => "≤",
            Op::Below => "<",
            Op::Exactly => "=",
        }
    }
}

/// Which direction is better for a KPI.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Polarity {
    /// Higher is better.
    Crescente,
    /// Lower is better.
    Decrescente,
    /// The target value exactly.
    Esatta,
}

impl Polarity {
    /// Italian label.
    pub fn label(self) -> &'static str {
        match self {
            Polarity::Crescente => "crescente (più alto è meglio)",
            Polarity::Decrescente => "decrescente (più basso è meglio)",
            Polarity::Esatta => "esatta (il valore indicato)",
        }
    }

    /// Every polarity.
    pub const ALL: [Polarity; 3] = [Polarity::Crescente, Polarity::Decrescente, Polarity::Esatta];

    /// The word written in the content (`polarita`, `polarita_predefinita`).
    pub fn word(self) -> &'static str {
        match self {
            Polarity::Crescente => "crescente",
            Polarity::Decrescente => "decrescente",
            Polarity::Esatta => "esatta",
        }
    }
}

/// Reads [`Polarity::word`], around spaces ignored.
impl FromStr for Polarity {
    type Err = UnknownWord;

    fn from_str(text: &str) -> Result<Polarity, UnknownWord> {
        UnknownWord::find(text, text.trim(), &Polarity::ALL, Polarity::word)
    }
}

/// Unit of a numeric target or value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Unit {
    /// A count or plain number.
    Number,
    /// A percentage, stored as percent points (`69.5` for 69,5%).
    Percent,
    /// A duration in days.
    Days,
}

/// What a target asks for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "tipo", rename_all = "snake_case")]
pub enum Goal {
    /// Done / not done ("Sì", "No").
    YesNo { expected: bool },
    /// A number, percentage or duration, with an optional tolerance (`+5`).
    Amount {
        value: Decimal,
        unit: Unit,
        tolerance: Option<Decimal>,
    },
    /// Done by a date ("entro il 30/06/2024", "entro il 31/12").
    Deadline { due: Due },
    /// A change on a reference value ("+5% rispetto al 2023", ">= baseline"): the number is
    /// known only once the reference is ([`relative::reference_value`]).
    Relative {
        /// The change in percent of the reference, signed; none for the reference itself.
        change: Option<Decimal>,
        reference: Reference,
    },
    /// "mantenimento": not below the baseline.
    Keep,
    /// The plan sets no target for the year ("n.d.", "-"): the KPI is not evaluated then.
    NotSet,
}

/// The date a deadline target falls on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(tag = "tipo", rename_all = "snake_case")]
pub enum Due {
    /// A full date: "entro il 30/06/2024".
    On { date: Date },
    /// A day without year ("entro il 31/12", "entro il 30 giugno"): in the target's year.
    InYear { day: DayMonth },
}

impl Due {
    /// The date in the target's year, if it exists there (29 February).
    pub fn date(self, year: i32) -> Option<Date> {
        match self {
            Due::On { date } => Some(date),
            Due::InYear { day } => day.in_year(year),
        }
    }
}

/// A target, as parsed from what the plan says.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Target {
    /// Comparison written in front, if any (`">=70%"`, `"almeno 5"`); none for the bare
    /// form (`"40%"`) and always none for deadlines, "mantenimento" and no target.
    pub op: Option<Op>,
    /// What is asked.
    pub goal: Goal,
}

/// A target that could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TargetError {
    /// What is wrong, in Italian.
    pub message: String,
}

/// Forms accepted, for error hints.
pub const TARGET_FORMS: &str = "scrivere il target come nel piano, ad esempio \"Sì\", \"3\", \">= 50\", \"≥2\", \"40%\", \
\"23,22%\", \"<=20gg.+5\" (20 giorni con tolleranza 5), \"1.200\" (milleduecento), \"almeno 5\", \"non superiore al 20%\", \
\"entro 30 giorni\", \"entro il 30/06/2024\", \"entro il 31/12\", \"+5% rispetto al 2023\", \"-10% rispetto alla baseline\", \
\">= baseline\", \"mantenimento\"; \"n.d.\" o \"-\" se il piano non fissa il target per quell'anno";

impl Target {
    /// Parses a target as written in a plan.
    pub fn parse(text: &str) -> Result<Target, TargetError> {
        let trimmed = text.trim();
        let bare = |goal| Ok(Target { op: None, goal });
        if words::not_set(trimmed) {
            return bare(Goal::NotSet);
        }
        if let Some(due) = deadline(trimmed) {
            return bare(Goal::Deadline { due });
        }
        let (op, rest) = match words::operator(trimmed) {
            Some((op, rest)) => (Some(op), rest.trim()),
            None => (None, trimmed),
        };
        if rest.is_empty() {
            return Err(err(text, "è vuoto"));
        }
        if let Some(expected) = yes_no(rest) {
            return match op {
                None | Some(Op::AtLeast) | Some(Op::Exactly) => Ok(Target {
                    op,
                    goal: Goal::YesNo { expected },
                }),
                Some(_) => Err(err(text, "un target sì/no ammette solo \">=\" o \"=\"")),
            };
        }
        if let Some(goal) = relative::parse(rest).map_err(|m| err(text, &m))? {
            if goal == Goal::Keep && op.is_some() {
                return Err(err(text, "\"mantenimento\" non ammette operatori"));
            }
            return Ok(Target { op, goal });
        }
        if op.is_some() && (deadline(rest).is_some() || DayMonth::parse(rest).is_some()) {
            return Err(err(
                text,
                "una scadenza si scrive \"entro il 30/06/2024\", senza operatori",
            ));
        }
        if looks_like_date(rest) {
            return Err(err(
                text,
                &format!(
                    "\"{rest}\" non è una data del calendario: scrivere ad esempio \"entro il 30/06/2024\""
                ),
            ));
        }
        let (value, unit, tolerance) = parse_amount(rest).map_err(|m| err(text, &m))?;
        Ok(Target {
            op,
            goal: Goal::Amount {
                value,
                unit,
                tolerance,
            },
        })
    }

    /// The polarity this target implies, given the KPI's or the body's default.
    /// Without operator, a relative target's sign says it ("+5%" higher, "-10%" lower)
    /// and "mantenimento" is higher.
    pub fn polarity(&self, default: Polarity) -> Polarity {
        match (self.op, &self.goal) {
            (Some(Op::AtLeast | Op::Above), _) => Polarity::Crescente,
            (Some(Op::AtMost | Op::Below), _) => Polarity::Decrescente,
            (Some(Op::Exactly), _) => Polarity::Esatta,
            (None, Goal::Keep) => Polarity::Crescente,
            (
                None,
                Goal::Relative {
                    change: Some(c), ..
                },
            ) if !c.is_zero() => {
                if c.is_sign_negative() {
                    Polarity::Decrescente
                } else {
                    Polarity::Crescente
                }
            }
            (None, _) => default,
        }
    }
}

/// `"entro il 30/06/2024"`, `"30/06/2024"`, `"entro il 31/12"`, `"entro il 30 giugno"`.
fn deadline(text: &str) -> Option<Due> {
    if let Some(date) = Date::parse_written(text) {
        return Some(Due::On { date });
    }
    let rest = words::strip_deadline_word(text)?;
    match Date::parse_written(rest) {
        Some(date) => Some(Due::On { date }),
        None => DayMonth::parse(rest).map(|day| Due::InYear { day }),
    }
}

fn err(text: &str, what: &str) -> TargetError {
    TargetError {
        message: format!("target \"{text}\" non riconosciuto: {what}"),
    }
}

pub(crate) fn yes_no(text: &str) -> Option<bool> {
    match text.to_lowercase().trim_end_matches('.') {
        "si" | "sì" | "sí" | "yes" => Some(true),
        "no" => Some(false),
        _ => None,
    }
}

/// `"70%"`, `"20gg.+5"`, `"3"`, `"14,76 %"`, `"26 giorni"`.
pub(crate) fn parse_amount(text: &str) -> Result<(Decimal, Unit, Option<Decimal>), String> {
    let (main, tolerance) = match text.split_once('+') {
        Some((m, t)) => {
            let t = t.trim();
            let t = t
                .strip_suffix("di tolleranza")
                .unwrap_or(t)
                .trim()
                .trim_end_matches('.');
            let t = t
                .strip_suffix("gg")
                .or_else(|| t.strip_suffix("giorni"))
                .unwrap_or(t);
            let tol = number(t.trim())?;
            (m.trim(), Some(tol))
        }
        None => (text, None),
    };
    let lower = main.to_lowercase();
    let (num, unit) = if let Some(n) = lower.strip_suffix('%') {
        if n.trim_end().ends_with('%') {
            return Err("il simbolo % è ripetuto".into());
        }
        (n.trim().to_owned(), Unit::Percent)
    } else if let Some(n) = ["gg.", "gg", "giorni", "g."]
        .iter()
        .find_map(|suffix| lower.strip_suffix(suffix))
    {
        (n.trim().to_owned(), Unit::Days)
    } else {
        (lower.trim().to_owned(), Unit::Number)
    };
    let value = number(&num)?;
    if value.is_sign_negative() && !value.is_zero() {
        return Err("un target non può essere negativo".into());
    }
    Ok((value, unit, tolerance))
}

pub(crate) fn number(text: &str) -> Result<Decimal, String> {
    parse_italian(text).map_err(|e| match e {
        NumberError::Ambiguous => format!("\"{text}\" è ambiguo: usare la virgola per i decimali (\"8,5\") o scrivere le migliaia con i decimali (\"8.000,00\")"),
        NumberError::Invalid => format!("\"{text}\" non è un numero"),
        NumberError::TooLarge => format!("\"{text}\" è un numero troppo grande"),
    })
}

impl fmt::Display for Target {
    /// The target in Italian, as a person writes it: `≥ 70%`, `≤ 20 giorni + 5 di tolleranza`,
    /// `Sì`, `entro il 30/06/2024`, `+5% rispetto al 2023`. What it prints parses back to
    /// the same target.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(op) = self.op
            && matches!(self.goal, Goal::Amount { .. } | Goal::Relative { .. })
        {
            write!(f, "{} ", op.symbol())?;
        }
        match &self.goal {
            Goal::Deadline { due } => match due {
                Due::On { date } => write!(f, "entro il {}", date.short()),
                Due::InYear { day } => write!(f, "entro il {day}"),
            },
            Goal::Relative { change, reference } => relative::write(f, *change, *reference),
            Goal::Keep => f.write_str("mantenimento"),
            Goal::NotSet => f.write_str(words::NOT_SET_SHOWN),
            Goal::YesNo { expected } => f.write_str(if *expected { "Sì" } else { "No" }),
            Goal::Amount {
                value,
                unit,
                tolerance,
            } => {
                let number = format_plain(*value);
                match unit {
                    Unit::Percent => write!(f, "{number}%")?,
                    Unit::Days => write!(f, "{number} giorni")?,
                    Unit::Number => f.write_str(&number)?,
                }
                if let Some(t) = tolerance {
                    write!(f, " + {} di tolleranza", format_plain(*t))?;
                }
                Ok(())
            }
        }
    }
}

/// A number with its unit, in Italian: `69,5%`, `20 giorni`, `1.234`.
pub fn format_amount(value: Decimal, unit: Unit) -> String {
    match unit {
        Unit::Percent => format!("{}%", format_it(value, 2)),
        Unit::Days if value == Decimal::ONE => "1 giorno".to_owned(),
        Unit::Days => format!("{} giorni", format_it(value, 2)),
        Unit::Number => format_it(value, 2),
    }
}

#[cfg(test)]
mod tests;
