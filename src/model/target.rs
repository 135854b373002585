//! Targets and measured values, parsed once from the text people write
//! (`"Sì"`, `">=70%"`, `"<=20gg.+5"`, `"≥2"`, `"23,22%"`) into typed values.

use std::fmt;
use std::str::FromStr;

use rust_decimal::Decimal;
use serde::Serialize;

use super::UnknownWord;
use super::number::{NumberError, format_it, format_plain, parse_decimal};

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
    fn symbol(self) -> &'static str {
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
}

/// A target, as parsed from what the plan says.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Target {
    /// Comparison written in front, if any (`">=70%"`); none for the bare form (`"40%"`).
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

const OPS: [(&str, Op); 9] = [
    (">=", Op::AtLeast),
    ("=>", Op::AtLeast),
    ("≥", Op::AtLeast),
    ("<=", Op::AtMost),
    ("=<", Op::AtMost),
    ("≤", Op::AtMost),
    (">", Op::Above),
    ("<", Op::Below),
    ("=", Op::Exactly),
];

/// Forms accepted, for error hints.
pub const TARGET_FORMS: &str = "scrivere il target come nel piano, ad esempio \"Sì\", \"No\", \"3\", \">= 50\", \"≥2\", \
\"40%\", \">=70%\", \"23,22%\", \"<=4\", \"<=20gg.+5\" (20 giorni con tolleranza 5)";

impl Target {
    /// Parses a target as written in a plan.
    pub fn parse(text: &str) -> Result<Target, TargetError> {
        let trimmed = text.trim();
        let (op, rest) = match OPS.iter().find(|(s, _)| trimmed.starts_with(s)) {
            Some((s, op)) => (Some(*op), trimmed[s.len()..].trim()),
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
    pub fn polarity(&self, default: Polarity) -> Polarity {
        match self.op {
            Some(Op::AtLeast | Op::Above) => Polarity::Crescente,
            Some(Op::AtMost | Op::Below) => Polarity::Decrescente,
            Some(Op::Exactly) => Polarity::Esatta,
            None => default,
        }
    }
}

fn err(text: &str, what: &str) -> TargetError {
    TargetError {
        message: format!("target \"{text}\" non riconosciuto: {what}"),
    }
}

fn yes_no(text: &str) -> Option<bool> {
    match text.to_lowercase().trim_end_matches('.') {
        "si" | "sì" | "sí" | "yes" => Some(true),
        "no" => Some(false),
        _ => None,
    }
}

/// `"70%"`, `"20gg.+5"`, `"3"`, `"14,76 %"`, `"26 giorni"`.
fn parse_amount(text: &str) -> Result<(Decimal, Unit, Option<Decimal>), String> {
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

fn number(text: &str) -> Result<Decimal, String> {
    parse_decimal(text).map_err(|e| match e {
        NumberError::Ambiguous => format!("\"{text}\" è ambiguo: usare la virgola per i decimali (\"8,5\") o scrivere le migliaia con i decimali (\"8.000,00\")"),
        NumberError::Invalid => format!("\"{text}\" non è un numero"),
        NumberError::TooLarge => format!("\"{text}\" è un numero troppo grande"),
    })
}

impl fmt::Display for Target {
    /// The target in Italian, as a person writes it: `≥ 70%`, `≤ 20 giorni + 5 di tolleranza`, `Sì`.
    /// What it prints parses back to the same target.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(op) = self.op
            && !matches!(self.goal, Goal::YesNo { .. })
        {
            write!(f, "{} ", op.symbol())?;
        }
        match &self.goal {
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
pub const VALUE_FORMS: &str = "scrivere il valore misurato come numero (12 o \"12\"), percentuale (\"69,5%\"), \
durata (\"18 gg\"), \"si\"/\"no\", oppure \"non rilevato\"; per gli indicatori-rapporto usare numeratore e denominatore";

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
        if OPS.iter().any(|(s, _)| t.starts_with(s)) {
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

#[cfg(test)]
mod tests;
