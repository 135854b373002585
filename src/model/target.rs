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

#[cfg(test)]
mod polarity_tests {
    use super::*;

    #[test]
    fn every_polarity_reads_back_from_its_word() {
        for p in Polarity::ALL {
            assert_eq!(p.word().parse(), Ok(p));
            assert_eq!(format!(" {} ", p.word()).parse(), Ok(p));
        }
    }

    #[test]
    fn an_unknown_polarity_lists_the_accepted_words() {
        let e = "alta".parse::<Polarity>().unwrap_err();
        assert_eq!(e.word, "alta");
        assert_eq!(
            e.accepted_list(),
            "\"crescente\", \"decrescente\", \"esatta\""
        );
        assert!(
            "Crescente".parse::<Polarity>().is_err(),
            "words are lowercase"
        );
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
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    fn amount(op: Option<Op>, value: Decimal, unit: Unit, tolerance: Option<Decimal>) -> Target {
        Target {
            op,
            goal: Goal::Amount {
                value,
                unit,
                tolerance,
            },
        }
    }

    #[test]
    fn parses_every_form_of_the_brindisi_plan() {
        let yes = |op| Target {
            op,
            goal: Goal::YesNo { expected: true },
        };
        assert_eq!(Target::parse("Sì").unwrap(), yes(None));
        assert_eq!(Target::parse("si").unwrap(), yes(None));
        assert_eq!(Target::parse("SI").unwrap(), yes(None));
        assert_eq!(Target::parse(">=si").unwrap(), yes(Some(Op::AtLeast)));
        assert_eq!(
            Target::parse("No").unwrap().goal,
            Goal::YesNo { expected: false }
        );
        assert_eq!(
            Target::parse("3").unwrap(),
            amount(None, dec!(3), Unit::Number, None)
        );
        assert_eq!(
            Target::parse(">= 50").unwrap(),
            amount(Some(Op::AtLeast), dec!(50), Unit::Number, None)
        );
        assert_eq!(
            Target::parse("≥2").unwrap(),
            amount(Some(Op::AtLeast), dec!(2), Unit::Number, None)
        );
        assert_eq!(
            Target::parse("23,22%").unwrap(),
            amount(None, dec!(23.22), Unit::Percent, None)
        );
        assert_eq!(
            Target::parse(">=0,1%").unwrap(),
            amount(Some(Op::AtLeast), dec!(0.1), Unit::Percent, None)
        );
        assert_eq!(
            Target::parse(">= 14,76%").unwrap(),
            amount(Some(Op::AtLeast), dec!(14.76), Unit::Percent, None)
        );
        assert_eq!(
            Target::parse("<=20gg.+5").unwrap(),
            amount(Some(Op::AtMost), dec!(20), Unit::Days, Some(dec!(5)))
        );
        assert_eq!(
            Target::parse("<=26").unwrap(),
            amount(Some(Op::AtMost), dec!(26), Unit::Number, None)
        );
        assert_eq!(
            Target::parse("9000").unwrap(),
            amount(None, dec!(9000), Unit::Number, None)
        );
    }

    #[test]
    fn refuses_what_is_not_a_target() {
        for bad in [
            "circa 70", "70%%", "si/no", "", ">=", "<=si", "-5", "8.000", "abc%",
        ] {
            assert!(Target::parse(bad).is_err(), "{bad} should be refused");
        }
    }

    #[test]
    fn prints_back_in_italian() {
        let cases = [
            (">=70%", "≥ 70%"),
            ("Sì", "Sì"),
            (">=si", "Sì"),
            ("<=20gg.+5", "≤ 20 giorni + 5 di tolleranza"),
            (">= 0,005%", "≥ 0,005%"),
            ("≥2", "≥ 2"),
            ("23,22%", "23,22%"),
            (">= 0,01%", "≥ 0,01%"),
            ("9000", "9000"),
        ];
        for (input, shown) in cases {
            let parsed = Target::parse(input).unwrap();
            assert_eq!(parsed.to_string(), shown);
            assert_eq!(
                Target::parse(shown).unwrap().goal,
                parsed.goal,
                "{shown} reads back"
            );
        }
    }

    #[test]
    fn reads_measured_values() {
        assert_eq!(
            Measured::parse("69,5%").unwrap(),
            Measured::Amount {
                value: dec!(69.5),
                unit: Some(Unit::Percent)
            }
        );
        assert_eq!(
            Measured::parse("69.5").unwrap(),
            Measured::Amount {
                value: dec!(69.5),
                unit: None
            }
        );
        assert_eq!(
            Measured::parse("si").unwrap(),
            Measured::YesNo { value: true }
        );
        assert_eq!(Measured::parse("non rilevato").unwrap(), Measured::Missing);
        assert!(Measured::parse("circa 70").is_err());
        assert!(Measured::parse(">=70%").is_err());
        assert!(Measured::ratio(dec!(1), dec!(0)).is_err());
    }

    #[test]
    fn one_day_is_singular() {
        assert_eq!(format_amount(dec!(1), Unit::Days), "1 giorno");
        assert_eq!(format_amount(dec!(2), Unit::Days), "2 giorni");
        assert_eq!(format_amount(dec!(1.5), Unit::Days), "1,5 giorni");
        assert_eq!(format_amount(dec!(1), Unit::Number), "1");
        assert_eq!(format_amount(dec!(69.5), Unit::Percent), "69,5%");
    }

    #[test]
    fn a_ratio_needs_a_positive_denominator_and_no_negative_part() {
        assert_eq!(
            Measured::ratio(dec!(0), dec!(4)).unwrap(),
            Measured::Ratio {
                numerator: dec!(0),
                denominator: dec!(4)
            }
        );
        assert!(Measured::ratio(dec!(3), dec!(4)).is_ok());
        for (numerator, denominator) in [
            (dec!(-1), dec!(4)),
            (dec!(1), dec!(-4)),
            (dec!(-1), dec!(-4)),
        ] {
            let e = Measured::ratio(numerator, denominator).unwrap_err();
            assert!(e.message.contains("negativi"), "{}", e.message);
        }
        let e = Measured::ratio(dec!(1), dec!(0)).unwrap_err();
        assert!(e.message.contains("zero"), "{}", e.message);
    }

    #[test]
    fn polarities_are_labelled_in_italian() {
        assert_eq!(Polarity::Crescente.label(), "crescente (più alto è meglio)");
        assert_eq!(
            Polarity::Decrescente.label(),
            "decrescente (più basso è meglio)"
        );
        assert_eq!(Polarity::Esatta.label(), "esatta (il valore indicato)");
    }

    #[test]
    fn the_operator_decides_the_polarity() {
        let polarity = |text: &str| Target::parse(text).unwrap().polarity(Polarity::Esatta);
        assert_eq!(polarity(">= 3"), Polarity::Crescente);
        assert_eq!(polarity("> 3"), Polarity::Crescente);
        assert_eq!(polarity("<= 3"), Polarity::Decrescente);
        assert_eq!(polarity("< 3"), Polarity::Decrescente);
        assert_eq!(polarity("= 3"), Polarity::Esatta);
        assert_eq!(polarity("3"), Polarity::Esatta);
        assert_eq!(
            Target::parse("3").unwrap().polarity(Polarity::Crescente),
            Polarity::Crescente
        );
    }

    #[test]
    fn every_operator_prints_its_symbol() {
        for (input, shown) in [
            ("> 3", "> 3"),
            ("< 3", "< 3"),
            ("=< 3", "≤ 3"),
            ("=> 3", "≥ 3"),
            ("= 3", "= 3"),
            ("=No", "No"),
            ("<= 5 gg + 2", "≤ 5 giorni + 2 di tolleranza"),
        ] {
            assert_eq!(Target::parse(input).unwrap().to_string(), shown, "{input}");
        }
    }

    #[test]
    fn tolerances_and_units_in_their_written_forms() {
        for text in [
            "<=20gg.+5",
            "<=20 gg + 5 gg",
            "<= 20 giorni + 5 giorni",
            "<=20g.+5 di tolleranza",
            "<=20 gg + 5 gg.",
        ] {
            assert_eq!(
                Target::parse(text).unwrap(),
                amount(Some(Op::AtMost), dec!(20), Unit::Days, Some(dec!(5))),
                "{text}"
            );
        }
        assert_eq!(
            Target::parse("14,76 %").unwrap(),
            amount(None, dec!(14.76), Unit::Percent, None)
        );
        assert_eq!(
            Target::parse("0").unwrap(),
            amount(None, dec!(0), Unit::Number, None)
        );
        for (text, why) in [
            ("70% %", "ripetuto"),
            ("-5", "negativo"),
            ("8.000", "ambiguo"),
            ("abc", "non è un numero"),
            ("<= si", "sì/no"),
            ("<", "vuoto"),
        ] {
            let e = Target::parse(text).unwrap_err();
            assert!(e.message.contains(why), "{text}: {}", e.message);
            assert!(e.message.contains(&format!("\"{text}\"")), "{}", e.message);
        }
    }

    #[test]
    fn yes_and_no_in_their_written_forms() {
        for yes in ["sì", "Sí", "yes", "Si.", " SI "] {
            assert_eq!(
                Measured::parse(yes).unwrap(),
                Measured::YesNo { value: true },
                "{yes}"
            );
        }
        assert_eq!(
            Measured::parse("No.").unwrap(),
            Measured::YesNo { value: false }
        );
        assert_eq!(
            Target::parse("=si").unwrap().goal,
            Goal::YesNo { expected: true }
        );
    }

    #[test]
    fn what_a_measured_value_says_about_its_unit() {
        for missing in ["", "  ", "N.R.", "nr", "n.d.", "ND", "Non rilevato"] {
            assert_eq!(
                Measured::parse(missing).unwrap(),
                Measured::Missing,
                "{missing:?}"
            );
        }
        assert_eq!(
            Measured::parse("18 gg").unwrap(),
            Measured::Amount {
                value: dec!(18),
                unit: Some(Unit::Days)
            }
        );
        assert_eq!(
            Measured::parse("12").unwrap(),
            Measured::Amount {
                value: dec!(12),
                unit: None
            }
        );
        let e = Measured::parse("20+5").unwrap_err();
        assert!(e.message.contains("tolleranza"), "{}", e.message);
        let e = Measured::parse("<= 4").unwrap_err();
        assert!(e.message.contains("operatori"), "{}", e.message);
        let e = Measured::parse("circa 70").unwrap_err();
        assert!(e.message.contains("non riconosciuto"), "{}", e.message);
    }
}
