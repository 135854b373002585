//! Achievement and status of single KPIs: every target form, at its boundaries, at
//! the semester and at year end.

use super::*;
use rust_decimal_macros::dec;

fn kpi(target: &str, year: i32) -> Kpi {
    Kpi {
        id: "1".into(),
        code: None,
        name: "k".into(),
        kind: None,
        weight: None,
        unit: None,
        source: None,
        algorithm: None,
        baseline: None,
        polarity: None,
        responsible: None,
        frequency: None,
        targets: vec![YearTarget {
            year,
            target: Target::parse(target).unwrap(),
            written: target.into(),
        }],
    }
}

const S1: PeriodShare = PeriodShare {
    share: dec!(50),
    is_final: false,
};
const YEAR: PeriodShare = PeriodShare {
    share: dec!(100),
    is_final: true,
};

fn run(target: &str, value: &str, period: PeriodShare) -> KpiResult {
    let k = kpi(target, 2022);
    evaluate(
        &k,
        k.target_for(2022),
        &Measured::parse(value).unwrap(),
        &Rules::default(),
        period,
        &Around::default(),
    )
}

#[test]
fn tolerance_is_honoured_for_durations() {
    let ok = run("<=20gg.+5", "23 gg", YEAR);
    assert_eq!(
        (ok.met, ok.status, ok.achievement),
        (Some(true), Status::Raggiunto, Some(dec!(100)))
    );
    let late = run("<=20gg.+5", "30", YEAR);
    assert_eq!(late.met, Some(false));
    assert_eq!(late.achievement, Some(dec!(83.33)));
    assert_eq!(late.status, Status::Parziale);
}

#[test]
fn yearly_counts_are_prorated_at_the_semester_but_percentages_are_not() {
    let count = run(">= 50", "30", S1);
    assert_eq!(
        (count.met, count.status, count.achievement),
        (Some(true), Status::InLinea, Some(dec!(100)))
    );
    assert!(
        count
            .explanation
            .contains("target del periodo = 50 × 50% dell'anno = 25"),
        "{}",
        count.explanation
    );
    let pct = run(">=70%", "69,5%", S1);
    assert_eq!(
        (pct.met, pct.status, pct.achievement),
        (Some(false), Status::Parziale, Some(dec!(99.29)))
    );
    assert_eq!(pct.comparison, "69,5% < 70%");
    let year_end = run(">= 50", "30", YEAR);
    assert_eq!(
        (year_end.met, year_end.status, year_end.achievement),
        (Some(false), Status::NonRaggiunto, Some(dec!(60)))
    );
}

#[test]
fn yes_no_and_missing_values() {
    assert_eq!(run(">=si", "si", S1).status, Status::Raggiunto);
    assert_eq!(run("Sì", "no", YEAR).status, Status::NonRaggiunto);
    assert_eq!(run("Sì", "no", S1).status, Status::NonValutabile);
    let missing = run(">=70%", "non rilevato", S1);
    assert_eq!(
        (missing.achievement, missing.status),
        (None, Status::NonValutabile)
    );
    assert_eq!(run(">=70%", "si", S1).status, Status::NonValutabile);
}

#[test]
fn bare_targets_follow_the_polarity_and_ratios_are_computed() {
    let mut k = kpi("40%", 2022);
    let r = evaluate(
        &k,
        k.target_for(2022),
        &Measured::ratio(dec!(30), dec!(100)).unwrap(),
        &Rules::default(),
        YEAR,
        &Around::default(),
    );
    assert_eq!(
        (r.value, r.achievement, r.met),
        (Some(dec!(30)), Some(dec!(75)), Some(false))
    );
    k.polarity = Some(Polarity::Decrescente);
    let r = evaluate(
        &k,
        k.target_for(2022),
        &Measured::ratio(dec!(30), dec!(100)).unwrap(),
        &Rules::default(),
        YEAR,
        &Around::default(),
    );
    assert_eq!((r.met, r.status), (Some(true), Status::Raggiunto));
    let exact = run("=3", "4", YEAR);
    assert_eq!(
        (exact.met, exact.achievement),
        (Some(false), Some(dec!(66.67)))
    );
}

#[test]
fn cap_limits_over_achievement() {
    let k = kpi(">= 10", 2022);
    let rules = Rules {
        cap: dec!(120),
        ..Rules::default()
    };
    let r = evaluate(
        &k,
        k.target_for(2022),
        &Measured::parse("15").unwrap(),
        &rules,
        YEAR,
        &Around::default(),
    );
    assert_eq!(r.achievement, Some(dec!(120)));
    let r = evaluate(
        &k,
        k.target_for(2022),
        &Measured::parse("15").unwrap(),
        &Rules::default(),
        YEAR,
        &Around::default(),
    );
    assert_eq!(r.achievement, Some(dec!(100)));
}

fn run_with(target: &str, value: &str, period: PeriodShare, rules: &Rules) -> KpiResult {
    let k = kpi(target, 2022);
    evaluate(
        &k,
        k.target_for(2022),
        &Measured::parse(value).unwrap(),
        rules,
        period,
        &Around::default(),
    )
}

fn summary(r: &KpiResult) -> (Option<bool>, Status, Option<Decimal>) {
    (r.met, r.status, r.achievement)
}

#[test]
fn strict_targets_are_missed_at_their_boundary() {
    use Status::*;
    let above = run("> 0", "0", YEAR);
    // the target is zero, so the achievement is 100% though the target is missed
    assert_eq!(summary(&above), (Some(false), Parziale, Some(dec!(100))));
    assert_eq!(above.comparison, "0 < 0");
    assert_eq!(summary(&run("> 0", "1", YEAR)).0, Some(true));
    assert_eq!(summary(&run("> 4", "4", YEAR)).0, Some(false));
    let below = run("< 5", "5", YEAR);
    assert_eq!(summary(&below), (Some(false), Parziale, Some(dec!(100))));
    assert_eq!(below.comparison, "5 > 5");
    assert_eq!(
        summary(&run("< 5", "4", YEAR)),
        (Some(true), Raggiunto, Some(dec!(100)))
    );
    // the non-strict forms include the boundary
    assert_eq!(summary(&run(">= 4", "4", YEAR)).0, Some(true));
    assert_eq!(summary(&run("<= 5", "5", YEAR)).0, Some(true));
    assert_eq!(summary(&run("<= 5", "5,01", YEAR)).0, Some(false));
}

#[test]
fn a_target_met_within_its_tolerance_is_achieved_below_100() {
    let r = run(">= 10 + 2", "8", YEAR);
    assert_eq!(summary(&r), (Some(true), Status::Raggiunto, Some(dec!(80))));
    assert_eq!(r.comparison, "8 ≥ 10 (+2)");
    assert_eq!(summary(&run(">= 10 + 2", "7,99", YEAR)).0, Some(false));
    let late = run("<=20gg.+5", "30", YEAR);
    assert!(
        late.explanation
            .contains("target / valore = (20 + 5 di tolleranza) / 30"),
        "{}",
        late.explanation
    );
    assert_eq!(late.comparison, "30 giorni > 20 giorni (+5)");
    let plain = run("<= 20", "30", YEAR);
    assert!(
        plain.explanation.contains("target / valore = 20 / 30"),
        "{}",
        plain.explanation
    );
    assert_eq!(plain.achievement, Some(dec!(66.67)));
}

#[test]
fn exact_targets_score_the_deviation_either_way() {
    use Status::*;
    assert_eq!(
        summary(&run("=3", "3", YEAR)),
        (Some(true), Raggiunto, Some(dec!(100)))
    );
    let low = run("=3", "2", YEAR);
    assert_eq!(
        summary(&low),
        (Some(false), NonRaggiunto, Some(dec!(66.67)))
    );
    assert_eq!(low.comparison, "2 ≠ 3");
    // a deviation beyond the target itself scores 0, not less
    assert_eq!(run("=3", "10", YEAR).achievement, Some(dec!(0)));
    // within the tolerance on both sides
    assert_eq!(summary(&run("=10+1", "11", YEAR)).0, Some(true));
    assert_eq!(summary(&run("=10+1", "9", YEAR)).0, Some(true));
    assert_eq!(summary(&run("=10+1", "8", YEAR)).0, Some(false));
    // a zero target missed scores 0
    assert_eq!(
        summary(&run("=0", "2", YEAR)),
        (Some(false), NonRaggiunto, Some(dec!(0)))
    );
    assert_eq!(run("=3", "3", YEAR).comparison, "3 = 3");
}

#[test]
fn comparisons_show_the_side_of_the_target() {
    assert_eq!(run(">= 50", "60", YEAR).comparison, "60 ≥ 50");
    assert_eq!(run(">= 50", "40", YEAR).comparison, "40 < 50");
    assert_eq!(run("<= 5", "4", YEAR).comparison, "4 ≤ 5");
    assert_eq!(run("<= 5", "6", YEAR).comparison, "6 > 5");
}

#[test]
fn only_yearly_counts_where_more_is_better_are_prorated() {
    // lower is better: compared with the whole target
    let fewer = run("<= 10", "8", S1);
    assert_eq!(
        summary(&fewer),
        (Some(true), Status::InLinea, Some(dec!(100)))
    );
    assert!(!fewer.explanation.contains("target del periodo"));
    // durations are not counts
    assert_eq!(run(">= 10 gg", "6 gg", S1).met, Some(false));
    // the body's rule can ask for the whole target at the semester too
    let whole = Rules {
        interim: Interim::Intero,
        ..Rules::default()
    };
    let r = run_with(">= 50", "30", S1, &whole);
    assert_eq!(
        summary(&r),
        (Some(false), Status::NonRaggiunto, Some(dec!(60)))
    );
    // a share of the year other than half
    let q1 = PeriodShare {
        share: dec!(25),
        is_final: false,
    };
    let r = run(">= 40", "10", q1);
    assert_eq!(summary(&r), (Some(true), Status::InLinea, Some(dec!(100))));
    assert_eq!(r.comparison, "10 ≥ 10");
}

#[test]
fn a_value_of_another_kind_or_unit_is_not_evaluable() {
    for (target, value) in [
        (">=70%", "5 gg"),
        (">= 5", "5%"),
        ("Sì", "5"),
        ("<= 3 gg", "3%"),
    ] {
        let r = run(target, value, YEAR);
        assert_eq!(
            (r.met, r.status, r.achievement, r.value),
            (None, Status::NonValutabile, None, None),
            "{target} against {value}"
        );
    }
    // days and plain numbers are interchangeable
    assert_eq!(run(">= 5", "6 gg", YEAR).met, Some(true));
    assert_eq!(run("<= 5 gg", "6", YEAR).met, Some(false));
    assert_eq!(run("<= 5 gg", "6", YEAR).value, Some(dec!(6)));
    // no target for the period's year
    let k = kpi(">= 5", 2023);
    let r = evaluate(
        &k,
        k.target_for(2022),
        &Measured::parse("6").unwrap(),
        &Rules::default(),
        YEAR,
        &Around::default(),
    );
    assert_eq!((r.status, r.met), (Status::NonValutabile, None));
    assert!(r.explanation.contains("Nessun target"), "{}", r.explanation);
}

#[test]
fn yes_no_kpis_score_all_or_nothing() {
    let done = run("Sì", "si", S1);
    assert_eq!(
        summary(&done),
        (Some(true), Status::Raggiunto, Some(dec!(100)))
    );
    let not_done = run("Sì", "no", YEAR);
    assert_eq!(
        summary(&not_done),
        (Some(false), Status::NonRaggiunto, Some(dec!(0)))
    );
    assert_eq!(not_done.comparison, "No ≠ Sì");
    let waiting = run("Sì", "no", S1);
    assert_eq!(
        summary(&waiting),
        (Some(false), Status::NonValutabile, None)
    );
    assert!(waiting.explanation.contains("si valuta a fine anno"));
    // a "No" target is met by "no"
    assert_eq!(run("No", "no", YEAR).met, Some(true));
}

#[test]
fn a_bare_target_takes_the_kpi_polarity_then_the_body_default() {
    let lower = Rules {
        default_polarity: Polarity::Decrescente,
        ..Rules::default()
    };
    assert_eq!(run_with("10", "8", YEAR, &lower).met, Some(true));
    assert_eq!(
        run_with("10", "8", YEAR, &Rules::default()).met,
        Some(false)
    );
    // an operator wins over the default
    assert_eq!(run_with(">= 10", "8", YEAR, &lower).met, Some(false));
    let mut k = kpi("10", 2022);
    k.polarity = Some(Polarity::Esatta);
    let r = evaluate(
        &k,
        k.target_for(2022),
        &Measured::parse("8").unwrap(),
        &lower,
        YEAR,
        &Around::default(),
    );
    assert_eq!((r.met, r.achievement), (Some(false), Some(dec!(80))));
    // and over the KPI's polarity
    k.targets[0].target = Target::parse(">= 10").unwrap();
    let r = evaluate(
        &k,
        k.target_for(2022),
        &Measured::parse("12").unwrap(),
        &lower,
        YEAR,
        &Around::default(),
    );
    assert_eq!(r.met, Some(true));
}

#[test]
fn ratios_are_percent_only_against_a_percent_target() {
    let ratio = Measured::ratio(dec!(1), dec!(3)).unwrap();
    let k = kpi(">= 30%", 2022);
    let r = evaluate(
        &k,
        k.target_for(2022),
        &ratio,
        &Rules::default(),
        YEAR,
        &Around::default(),
    );
    assert_eq!(r.value, Some(dec!(33.3333)));
    assert!(
        r.explanation.contains("valore 33,33% (1 / 3 × 100)"),
        "{}",
        r.explanation
    );
    let k = kpi(">= 0,3", 2022);
    let r = evaluate(
        &k,
        k.target_for(2022),
        &ratio,
        &Rules::default(),
        YEAR,
        &Around::default(),
    );
    assert_eq!(r.value, Some(dec!(0.3333)));
    assert!(
        r.explanation.contains("valore 0,33 (1 / 3)"),
        "{}",
        r.explanation
    );
    assert_eq!(r.met, Some(true));
}

#[test]
fn lower_is_better_at_zero_is_never_divided_by() {
    // "< 0" is met by nothing; a zero value scores 100, not the saturated division
    let rules = Rules {
        cap: dec!(120),
        ..Rules::default()
    };
    let r = run_with("< 0", "0", YEAR, &rules);
    assert_eq!((r.met, r.achievement), (Some(false), Some(dec!(100))));
}

fn deadline(value: &str, tolerance: u32, period: PeriodShare, end: &str) -> KpiResult {
    let k = kpi("entro il 30/06/2022", 2022);
    let rules = Rules {
        deadline_tolerance: tolerance,
        ..Rules::default()
    };
    let around = Around {
        end: Date::parse_iso(end),
        ..Around::default()
    };
    evaluate(
        &k,
        k.target_for(2022),
        &Measured::parse(value).unwrap(),
        &rules,
        period,
        &around,
    )
}

#[test]
fn a_deadline_met_late_or_missed_at_its_boundaries() {
    let outcome = |r: KpiResult| (r.status, r.achievement, r.met);
    let at_year_end = |value, tolerance| outcome(deadline(value, tolerance, YEAR, "2022-12-31"));
    let achieved = (Status::Raggiunto, Some(dec!(100)), Some(true));
    let partial = (Status::Parziale, Some(dec!(70)), Some(false));
    let missed = (Status::NonRaggiunto, Some(dec!(0)), Some(false));
    assert_eq!(at_year_end("completato il 30/06/2022", 0), achieved);
    assert_eq!(at_year_end("01/07/2022", 0), missed);
    assert_eq!(at_year_end("05/07/2022", 5), partial);
    assert_eq!(at_year_end("06/07/2022", 5), missed);
    assert_eq!(at_year_end("non completato", 5), missed);
    // at the semester: not done before the deadline is not judged yet, after it is
    let s1 = |value, end| outcome(deadline(value, 0, S1, end));
    assert_eq!(
        s1("non completato", "2022-06-30"),
        (Status::NonValutabile, None, Some(false))
    );
    assert_eq!(s1("non completato", "2022-07-31"), missed);
    assert_eq!(s1("completato il 01/03/2022", "2022-06-30"), achieved);
    // done, but when? not evaluable, never assumed on time
    let yes = deadline("Sì", 0, YEAR, "2022-12-31");
    assert_eq!(yes.status, Status::NonValutabile);
    assert!(
        yes.explanation.contains("data di completamento"),
        "{}",
        yes.explanation
    );
    let number = deadline("12", 0, YEAR, "2022-12-31");
    assert_eq!(number.status, Status::NonValutabile);
}

#[test]
fn a_relative_target_is_judged_as_the_number_it_stands_for() {
    let mut k = kpi("-10% rispetto alla baseline", 2022);
    k.baseline = Some("20 giorni".into());
    let run = |k: &Kpi, value: &str| {
        evaluate(
            k,
            k.target_for(2022),
            &Measured::parse(value).unwrap(),
            &Rules::default(),
            YEAR,
            &Around::default(),
        )
    };
    let r = run(&k, "18 gg");
    assert_eq!((r.status, r.met), (Status::Raggiunto, Some(true)));
    assert_eq!(
        r.resolved_target.map(Resolved::shown).as_deref(),
        Some("18 giorni")
    );
    let r = run(&k, "20 gg");
    assert_eq!(
        (r.status, r.achievement),
        (Status::Parziale, Some(dec!(90)))
    );
    k.baseline = Some("non disponibile".into());
    let r = run(&k, "18 gg");
    assert_eq!((r.status, r.resolved_target), (Status::NonValutabile, None));
    assert!(
        r.explanation.contains("non è un numero"),
        "{}",
        r.explanation
    );
    // a year's value needs the plan's periods: without them, not evaluable
    let k = kpi("+5% rispetto al 2021", 2022);
    assert_eq!(run(&k, "10").status, Status::NonValutabile);
}

#[test]
fn no_target_for_the_year_is_not_evaluated() {
    let r = run("n.d.", "12", YEAR);
    assert_eq!(
        (r.status, r.achievement, r.met),
        (Status::NonValutabile, None, None)
    );
    assert!(
        r.explanation.contains("non definisce il target del 2022"),
        "{}",
        r.explanation
    );
}
