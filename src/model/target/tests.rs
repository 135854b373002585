//! Targets and values read from every form the plans write, printed back, and the
//! polarity words.

use super::*;
use rust_decimal_macros::dec;

use crate::model::Date;

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
        "circa 70", "70%%", "si/no", ">=", "<=si", "-5", "0.500", "abc%",
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
        ("0.500", "ambiguo"),
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

fn target(op: Option<Op>, goal: Goal) -> Target {
    Target { op, goal }
}

#[test]
fn verbal_operators_are_the_symbols() {
    for (text, op, value, unit) in [
        ("almeno 5", Op::AtLeast, dec!(5), Unit::Number),
        ("Almeno il 70%", Op::AtLeast, dec!(70), Unit::Percent),
        ("non inferiore al 70%", Op::AtLeast, dec!(70), Unit::Percent),
        ("non inferiore a 3", Op::AtLeast, dec!(3), Unit::Number),
        (
            "non superiore alla soglia di 20 giorni",
            Op::AtMost,
            dec!(20),
            Unit::Days,
        ),
        (
            "non superiore a 30 giorni",
            Op::AtMost,
            dec!(30),
            Unit::Days,
        ),
        ("non oltre 20 gg", Op::AtMost, dec!(20), Unit::Days),
        ("entro 30 giorni", Op::AtMost, dec!(30), Unit::Days),
        ("pari a 3", Op::Exactly, dec!(3), Unit::Number),
        ("pari al 100%", Op::Exactly, dec!(100), Unit::Percent),
        (
            "maggiore o uguale a 10",
            Op::AtLeast,
            dec!(10),
            Unit::Number,
        ),
        ("maggiore di 10", Op::Above, dec!(10), Unit::Number),
        ("minore o uguale al 5%", Op::AtMost, dec!(5), Unit::Percent),
        ("minore di 5", Op::Below, dec!(5), Unit::Number),
        ("superiore a 100", Op::Above, dec!(100), Unit::Number),
        ("inferiore al 3%", Op::Below, dec!(3), Unit::Percent),
    ] {
        let parsed = Target::parse(text);
        if text.contains("soglia") {
            assert!(parsed.is_err(), "{text}: only the number follows the words");
            continue;
        }
        assert_eq!(
            parsed.unwrap(),
            amount(Some(op), value, unit, None),
            "{text}"
        );
    }
}

#[test]
fn thousands_are_read_the_italian_way() {
    assert_eq!(
        Target::parse("1.200").unwrap(),
        amount(None, dec!(1200), Unit::Number, None)
    );
    assert_eq!(
        Target::parse(">= 12.500").unwrap(),
        amount(Some(Op::AtLeast), dec!(12500), Unit::Number, None)
    );
    assert_eq!(
        Measured::parse("1.250").unwrap(),
        Measured::Amount {
            value: dec!(1250),
            unit: None
        }
    );
}

#[test]
fn deadlines_in_every_written_form() {
    let on = |y, m, d| {
        target(
            None,
            Goal::Deadline {
                due: Due::On {
                    date: Date::new(y, m, d).unwrap(),
                },
            },
        )
    };
    for text in [
        "30/06/2024",
        "30.06.2024",
        "2024-06-30",
        "entro il 30/06/2024",
        "Entro il 30 giugno 2024",
        "entro la data del 30/06/2024",
    ] {
        assert_eq!(Target::parse(text).unwrap(), on(2024, 6, 30), "{text}");
    }
    let end_of_year = Target::parse("entro il 31/12").unwrap();
    let Goal::Deadline { due } = end_of_year.goal else {
        panic!("not a deadline: {end_of_year:?}")
    };
    assert_eq!(due.date(2025), Date::new(2025, 12, 31));
    assert_eq!(
        Target::parse("entro il 30 giugno").unwrap(),
        Target::parse("entro il 30/06").unwrap()
    );
    assert_eq!(
        Target::parse("entro il 30/06/2024").unwrap().to_string(),
        "entro il 30/06/2024"
    );
    assert_eq!(end_of_year.to_string(), "entro il 31/12");
    for bad in ["entro il 31/06/2024", "entro il 30/13", ">= 30/06/2024"] {
        assert!(Target::parse(bad).is_err(), "{bad}");
    }
}

#[test]
fn relative_targets_name_their_reference() {
    let relative = |op, change, reference| target(op, Goal::Relative { change, reference });
    let year = |year| Reference::Year { year };
    for (text, expected, shown) in [
        (
            "+5% rispetto al 2023",
            relative(None, Some(dec!(5)), year(2023)),
            "+5% rispetto al 2023",
        ),
        (
            "-10% rispetto alla baseline",
            relative(None, Some(dec!(-10)), Reference::Baseline),
            "-10% rispetto alla baseline",
        ),
        (
            "+2,5 % rispetto al valore del 2023",
            relative(None, Some(dec!(2.5)), year(2023)),
            "+2,5% rispetto al 2023",
        ),
        (
            ">= baseline",
            relative(Some(Op::AtLeast), None, Reference::Baseline),
            "≥ baseline",
        ),
        (
            "≥ valore 2023",
            relative(Some(Op::AtLeast), None, year(2023)),
            "≥ valore 2023",
        ),
        ("mantenimento", target(None, Goal::Keep), "mantenimento"),
        ("Mantenimento", target(None, Goal::Keep), "mantenimento"),
    ] {
        let parsed = Target::parse(text).unwrap();
        assert_eq!(parsed, expected, "{text}");
        assert_eq!(parsed.to_string(), shown, "{text}");
        assert_eq!(Target::parse(shown).unwrap(), expected, "{shown}");
    }
    let polarity = |text: &str| Target::parse(text).unwrap().polarity(Polarity::Esatta);
    assert_eq!(polarity("+5% rispetto al 2023"), Polarity::Crescente);
    assert_eq!(
        polarity("-10% rispetto alla baseline"),
        Polarity::Decrescente
    );
    assert_eq!(polarity("mantenimento"), Polarity::Crescente);
    assert_eq!(polarity("<= valore 2023"), Polarity::Decrescente);
    for (bad, why) in [
        ("+5 rispetto al 2023", "percentuale"),
        ("+5% rispetto a prima", "riferimento"),
        (">= mantenimento", "operatori"),
    ] {
        let e = Target::parse(bad).unwrap_err();
        assert!(e.message.contains(why), "{bad}: {}", e.message);
    }
    // a bare year is a count, not a reference
    assert_eq!(
        Target::parse("2023").unwrap(),
        amount(None, dec!(2023), Unit::Number, None)
    );
}

#[test]
fn no_target_for_the_year() {
    for text in [
        "n.d.",
        "N.D.",
        "nd",
        "-",
        "—",
        "–",
        "",
        "  ",
        "non definito",
    ] {
        assert_eq!(
            Target::parse(text).unwrap(),
            target(None, Goal::NotSet),
            "{text:?}"
        );
    }
    assert_eq!(target(None, Goal::NotSet).to_string(), "non definito");
}

#[test]
fn values_of_deadlines_and_activities() {
    let completed = |y, m, d| Measured::Completed {
        date: Date::new(y, m, d).unwrap(),
    };
    for text in [
        "completato il 15/06/2024",
        "Realizzato il 15.06.2024",
        "15/06/2024",
        "2024-06-15",
        "concluso in data 15 giugno 2024",
    ] {
        assert_eq!(
            Measured::parse(text).unwrap(),
            completed(2024, 6, 15),
            "{text}"
        );
    }
    assert_eq!(completed(2024, 6, 15).italian(), "completato il 15/06/2024");
    assert_eq!(
        Measured::parse(&completed(2024, 6, 15).italian()).unwrap(),
        completed(2024, 6, 15)
    );
    for (text, done) in [
        ("realizzato", true),
        ("Completato", true),
        ("non realizzato", false),
        ("Non completato.", false),
        ("SI", true),
    ] {
        assert_eq!(
            Measured::parse(text).unwrap(),
            Measured::YesNo { value: done },
            "{text}"
        );
    }
    let e = Measured::parse("completato il 31/06/2024").unwrap_err();
    assert!(e.message.contains("non è una data"), "{}", e.message);
    let e = Measured::parse("almeno 5").unwrap_err();
    assert!(e.message.contains("operatori"), "{}", e.message);
}
