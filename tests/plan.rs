//! The shipped content is the whole Brindisi plan 2022/2024 and its first-semester
//! monitoring: counts, spot checks against the source document, traceability.

use std::path::Path;
use std::sync::Arc;

use rust_decimal::Decimal;
use rust_decimal_macros::dec;
use trasparenza::diagnostic::Severity;
use trasparenza::load::{Loaded, load_dir};
use trasparenza::model::{Goal, Kind, Measured, Objective, Op, Plan, Status, Target, Unit};

fn loaded() -> Loaded {
    load_dir(&Path::new(env!("CARGO_MANIFEST_DIR")).join("content"))
}

fn plan() -> Plan {
    loaded()
        .into_current()
        .expect("the shipped content loads without errors")
}

fn seed() -> String {
    std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/seed-brindisi-2022-S1.txt"),
    )
    .unwrap()
}

fn alnum(s: &str) -> String {
    s.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

fn objective<'a>(list: &'a [Arc<Objective>], id: &str) -> &'a Objective {
    list.iter()
        .find(|o| o.id == id)
        .unwrap_or_else(|| panic!("objective {id} missing"))
}

#[test]
fn loads_with_warnings_only_and_reports_the_source_inconsistencies() {
    let l = loaded();
    assert!(l.plans.is_some());
    assert!(
        l.diagnostics
            .iter()
            .all(|d| d.severity == Severity::Warning),
        "{:#?}",
        l.diagnostics
            .iter()
            .filter(|d| d.is_error())
            .collect::<Vec<_>>()
    );
    let text: Vec<String> = l.diagnostics.iter().map(|d| d.to_string()).collect();
    let has = |needle: &str| text.iter().any(|t| t.contains(needle));
    // weights that sum to 300 and 400
    assert!(has(
        "i pesi dei KPI dell'obiettivo 1.1.3 sommano a 300 invece di 100"
    ));
    assert!(has(
        "i pesi dei KPI dell'obiettivo 1.2.2 sommano a 400 invece di 100"
    ));
    assert!(has(
        "i pesi dei KPI dell'obiettivo 1.6.2 sommano a 400 invece di 100"
    ));
    // the indicator without header nor name in OP 1.6.2
    assert!(has("KPI \"4.2\" senza nome"));
    // the same person written two ways
    assert!(has("Palmieri"));
    // empty baselines
    assert!(has("senza baseline"));
    // every warning points at a file, and at a line when it concerns a value
    assert!(l.diagnostics.iter().all(|d| !d.file.as_os_str().is_empty()));
}

#[test]
fn holds_every_objective_of_the_document() {
    let p = plan();
    assert_eq!(p.areas.len(), 4);
    assert_eq!(p.strategic.len(), 8);
    assert_eq!(p.operational.len(), 19);
    assert_eq!(p.individual.len(), 5);
    assert_eq!(p.common.len(), 4);
    let total: usize = [&p.strategic, &p.operational, &p.individual, &p.common]
        .iter()
        .flat_map(|l| l.iter())
        .map(|o| o.kpis.len())
        .sum();
    assert_eq!(total, 79);
    let strategic = [
        ("1.1", 1),
        ("1.2", 1),
        ("1.3", 3),
        ("1.4", 3),
        ("1.5", 3),
        ("1.6", 3),
        ("1.7", 1),
        ("1.8", 2),
    ];
    for (id, n) in strategic {
        assert_eq!(objective(&p.strategic, id).kpis.len(), n, "strategic {id}");
    }
    let operational = [
        ("1.1.1", 1),
        ("1.1.2", 1),
        ("1.1.3", 5),
        ("1.2.1", 1),
        ("1.2.2", 5),
        ("1.3.1", 1),
        ("1.4.1", 1),
        ("1.5.1", 3),
        ("1.5.2", 2),
        ("1.6.1", 3),
        ("1.6.2", 5),
        ("1.6.3", 4),
        ("1.7.1", 2),
        ("1.7.2", 1),
        ("1.8.1", 2),
        ("1.8.2", 1),
        ("1.8.3", 1),
        ("1.8.4", 1),
        ("1.8.5", 1),
    ];
    for (id, n) in operational {
        let o = objective(&p.operational, id);
        assert_eq!(o.kpis.len(), n, "operational {id}");
        assert_eq!(o.details.year, Some(2022));
        let parent = id.rsplit_once('.').unwrap().0;
        assert_eq!(
            o.parent.as_deref(),
            Some(parent),
            "operational {id} belongs to {parent}"
        );
    }
    for o in &p.common {
        assert_eq!(o.kpis.len(), 4, "common {}", o.id);
    }
    let general: Vec<Decimal> = p
        .common
        .iter()
        .map(|o| o.details.general_weight.unwrap())
        .collect();
    assert_eq!(general, vec![dec!(2), dec!(1), dec!(1), dec!(3)]);
    let individual_weights: Vec<Decimal> = p
        .individual
        .iter()
        .map(|o| o.kpis[0].weight.unwrap())
        .collect();
    assert_eq!(
        individual_weights,
        vec![dec!(5), dec!(3), dec!(5), dec!(6), dec!(4)]
    );
    assert!(
        p.individual
            .iter()
            .all(|o| o.details.role.as_deref() == Some("Segretario Generale"))
    );
}

#[test]
fn budgets_are_exact_decimals_as_in_the_document() {
    let p = plan();
    let budgets = [
        ("1.6.3", dec!(165000.00)),
        ("1.7.1", dec!(34000.00)),
        ("1.7.2", dec!(17000.00)),
        ("1.8.1", dec!(28000.00)),
        ("1.8.2", dec!(161957.34)),
        ("1.8.3", dec!(95061.92)),
        ("1.8.4", dec!(95061.92)),
        ("1.8.5", dec!(27187.37)),
    ];
    for (id, amount) in budgets {
        assert_eq!(
            objective(&p.operational, id).details.budget,
            Some(amount),
            "budget of {id}"
        );
    }
    assert_eq!(
        objective(&p.operational, "1.2.2").details.budget,
        Some(dec!(0))
    );
    assert_eq!(objective(&p.operational, "1.1.1").details.budget, None);
    assert!(
        objective(&p.operational, "1.8.2")
            .details
            .budget_note
            .as_deref()
            .unwrap()
            .contains("8.000,00")
    );
}

#[test]
fn targets_keep_the_form_the_document_wrote_and_parse_into_types() {
    let p = plan();
    let t = |list: &[Arc<Objective>], o: &str, k: &str, year: i32| -> (String, Target) {
        let kpi = objective(list, o)
            .kpis
            .iter()
            .find(|x| x.id == k)
            .unwrap_or_else(|| panic!("kpi {o}/{k}"));
        let yt = kpi.target_for(year).unwrap();
        (yt.written.clone(), yt.target.clone())
    };
    let (w, target) = t(&p.operational, "1.6.2", "1.1", 2022);
    assert_eq!(w, "<=20gg.+5");
    assert_eq!(
        target,
        Target {
            op: Some(Op::AtMost),
            goal: Goal::Amount {
                value: dec!(20),
                unit: Unit::Days,
                tolerance: Some(dec!(5))
            }
        }
    );
    let (w, target) = t(&p.operational, "1.6.1", "1.1", 2022);
    assert_eq!(w, ">=70%");
    assert_eq!(
        target.goal,
        Goal::Amount {
            value: dec!(70),
            unit: Unit::Percent,
            tolerance: None
        }
    );
    let (w, _) = t(&p.strategic, "1.1", "1", 2024);
    assert_eq!(w, ">=si");
    let (w, target) = t(&p.strategic, "1.4", "2", 2023);
    assert_eq!(w, "≥2");
    assert_eq!(target.to_string(), "≥ 2");
    let (w, target) = t(&p.common, "2", "3", 2022);
    assert_eq!(w, ">= 14,76%");
    assert_eq!(target.to_string(), "≥ 14,76%");
    let (w, _) = t(&p.common, "2", "2", 2022);
    assert_eq!(w, "23,22%");
    let (w, _) = t(&p.operational, "1.2.2", "3.1", 2022);
    assert_eq!(w, "<=4");
    // every strategic KPI has a target for each year of the plan
    for o in &p.strategic {
        for k in &o.kpis {
            for y in 2022..=2024 {
                assert!(
                    k.target_for(y).is_some(),
                    "strategic {} kpi {} year {y}",
                    o.id,
                    k.id
                );
            }
        }
    }
}

#[test]
fn monitoring_statements_are_all_there() {
    let p = plan();
    assert_eq!(p.periods.len(), 1);
    let s1 = &p.periods[0];
    assert_eq!(s1.id, "2022-S1");
    assert_eq!(s1.year_share, dec!(50));
    assert_eq!(s1.reports.len(), 8 + 19 + 5 + 4);
    let r = s1.report(Kind::Operational, "1.6.1").unwrap();
    assert_eq!(r.declared, Some(Status::InLinea));
    assert!(
        r.statement
            .starts_with("IN LINEA CON TARGET AD ECCEZIONE PUNTO 1)")
    );
    assert!(
        r.note.contains("69.5%"),
        "the Registro Imprese explanation is kept verbatim"
    );
    assert!(r.note.contains("Covid-19"));
    assert_eq!(
        r.kpis[0].value,
        Measured::Amount {
            value: dec!(69.5),
            unit: Some(Unit::Percent)
        }
    );
    let r = s1.report(Kind::Operational, "1.2.2").unwrap();
    assert_eq!(r.declared, Some(Status::Raggiunto));
    assert!(
        r.kpis.iter().any(|k| k.note.contains(
            "decreto direttoriale del 17 giugno 2022 ha validato i dati senza modifiche"
        ))
    );
    assert!(
        r.kpis.iter().any(|k| k.statement.as_deref()
            == Some("OBIETTIVO IN LINEA CON LA PROGRAMMAZIONE TEMPORALE"))
    );
    let r = s1.report(Kind::Common, "4").unwrap();
    assert_eq!(r.statement, "I dati si avranno a fine anno");
    assert_eq!(r.declared, Some(Status::NonValutabile));
    let r = s1.report(Kind::Strategic, "1.1").unwrap();
    assert_eq!(r.progress, Some(dec!(50)));
    let r = s1.report(Kind::Operational, "1.8.5").unwrap();
    assert!(r.statement.contains("16 e 27 maggio"));
}

#[test]
fn every_target_title_and_operational_field_is_traceable_to_the_source() {
    let p = plan();
    let seed = seed();
    let compact: String = seed.chars().filter(|c| !c.is_whitespace()).collect();
    let words = alnum(&seed);
    let mut missing = Vec::new();
    for o in [&p.strategic, &p.operational, &p.individual, &p.common]
        .iter()
        .flat_map(|l| l.iter())
    {
        for k in &o.kpis {
            for t in &k.targets {
                let w: String = t.written.chars().filter(|c| !c.is_whitespace()).collect();
                if !compact.contains(&w) {
                    missing.push(format!(
                        "target {} of {} {} kpi {}",
                        t.written,
                        o.kind.label(),
                        o.id,
                        k.id
                    ));
                }
            }
        }
        if o.kind == Kind::Operational {
            for (field, text) in [("titolo", &o.title), ("nome", &o.kpis[0].name)] {
                if !words.contains(&alnum(text)) {
                    missing.push(format!("{field} of operational {}", o.id));
                }
            }
            for k in &o.kpis {
                if let Some(a) = &k.algorithm
                    && !words.contains(&alnum(a))
                {
                    missing.push(format!("algoritmo of operational {} kpi {}", o.id, k.id));
                }
            }
        }
    }
    for s in &p.periods[0].reports {
        if !s.statement.is_empty() && !words.contains(&alnum(&s.statement)) {
            missing.push(format!("statement of {} {}", s.kind.label(), s.objective));
        }
    }
    assert!(
        missing.is_empty(),
        "not found in the source document: {missing:#?}"
    );
}
