//! Evaluation of 2022-S1 on the shipped content: every operational objective's
//! result, the statements the data supports, and the ones it contradicts.

use std::path::Path;

use rust_decimal_macros::dec;
use trasparenza::evaluate::{Agreement, Basis, Evaluation, evaluate};
use trasparenza::load::load_dir;
use trasparenza::model::{Kind, Plan, Status};

fn setup() -> (Plan, Evaluation) {
    let plan = load_dir(&Path::new(env!("CARGO_MANIFEST_DIR")).join("content"))
        .into_current()
        .expect("content loads");
    let e = evaluate(&plan, &plan.periods[0]);
    (plan, e)
}

#[test]
fn every_operational_objective_of_2022_s1() {
    let (_, e) = setup();
    use Agreement::*;
    use Status::*;
    // (id, computed status, achievement, agreement with the declared status)
    let expected = [
        ("1.1.1", InLinea, Some(dec!(100)), Agrees),
        ("1.1.2", InLinea, Some(dec!(100)), Agrees),
        ("1.1.3", Raggiunto, Some(dec!(100)), Agrees),
        ("1.2.1", NonValutabile, None, Unverifiable),
        ("1.2.2", Raggiunto, Some(dec!(100)), Agrees),
        ("1.3.1", InLinea, Some(dec!(100)), Agrees),
        ("1.4.1", NonValutabile, None, Unverifiable),
        ("1.5.1", InLinea, Some(dec!(100)), Agrees),
        ("1.5.2", InLinea, Some(dec!(100)), Agrees),
        ("1.6.1", Parziale, Some(dec!(99.29)), Contradicts),
        ("1.6.2", NonValutabile, None, Unverifiable),
        ("1.6.3", InLinea, Some(dec!(100)), Agrees),
        ("1.7.1", InLinea, Some(dec!(100)), Agrees),
        ("1.7.2", InLinea, Some(dec!(100)), Agrees),
        ("1.8.1", InLinea, Some(dec!(100)), Agrees),
        ("1.8.2", InLinea, Some(dec!(100)), Agrees),
        ("1.8.3", NonValutabile, None, Unverifiable),
        ("1.8.4", NonValutabile, None, Unverifiable),
        ("1.8.5", NonValutabile, None, Unverifiable),
    ];
    for (id, status, achievement, agreement) in expected {
        let r = e.objective(Kind::Operational, id).unwrap();
        assert_eq!(r.score.status, status, "status of {id}: {}", r.explanation);
        assert_eq!(r.score.achievement, achievement, "achievement of {id}");
        assert_eq!(
            r.comparison.agreement, agreement,
            "agreement of {id}: {}",
            r.comparison.reason
        );
    }
    assert_eq!(
        e.objectives
            .iter()
            .filter(|o| o.kind == Kind::Operational)
            .count(),
        19
    );
}

#[test]
fn the_registro_imprese_contradiction_is_flagged_with_its_reason() {
    let (_, e) = setup();
    for (kind, id) in [(Kind::Operational, "1.6.1"), (Kind::Strategic, "1.6")] {
        let r = e.objective(kind, id).unwrap();
        assert_eq!(r.comparison.agreement, Agreement::Contradicts);
        assert_eq!(
            r.comparison.reason,
            "dichiarato: in linea; calcolato: parzialmente raggiunto, 69,5% < 70%"
        );
        let k = &r.kpis[0];
        assert_eq!(k.achievement, Some(dec!(99.29)));
        assert_eq!(k.met, Some(false));
        assert_eq!(k.status, Status::Parziale);
        assert!(k.explanation.contains("69,5 / 70"), "{}", k.explanation);
        assert!(k.explanation.contains("99,3%"), "{}", k.explanation);
        // the two KPIs without a value are excluded and named, never counted as zero
        match &r.basis {
            Basis::Kpi {
                measured,
                total,
                excluded,
            } => {
                assert_eq!((*measured, *total), (1, 3));
                assert_eq!(excluded.len(), 2);
            }
            other => panic!("unexpected basis {other:?}"),
        }
        assert!(r.explanation.contains("KPI esclusi perché senza valore"));
    }
    // only these two statements are contradicted by the data
    let contradicted: Vec<String> = e
        .objectives
        .iter()
        .filter(|o| o.comparison.agreement == Agreement::Contradicts)
        .map(|o| o.id.clone())
        .collect();
    assert_eq!(contradicted, vec!["1.6".to_owned(), "1.6.1".to_owned()]);
}

#[test]
fn declared_progress_is_judged_against_the_share_of_the_year() {
    let (_, e) = setup();
    let r = e.objective(Kind::Strategic, "1.1").unwrap();
    assert!(matches!(r.basis, Basis::DeclaredProgress { .. }));
    assert_eq!(r.score.status, Status::InLinea);
    assert!(r.explanation.contains("avanzamento dichiarato 50%"));
    // OP 1.1.3 declared "OBIETTIVI RAGGIUNTI AL 100%" at mid-year
    assert_eq!(
        e.objective(Kind::Operational, "1.1.3")
            .unwrap()
            .score
            .status,
        Status::Raggiunto
    );
}

#[test]
fn roll_ups_reach_areas_and_the_whole_body() {
    let (plan, e) = setup();
    assert_eq!(e.areas.len(), plan.areas.len());
    let area2 = e.area("2").unwrap();
    // area 2 (Regolazione dei mercati) holds 1.5 (in linea, 100%) and 1.6 (99,29%)
    assert_eq!(area2.score.achievement, Some(dec!(99.65)));
    assert_eq!(area2.score.status, Status::Parziale);
    assert_eq!(e.area("1").unwrap().score.status, Status::InLinea);
    assert!(e.body.achievement.is_some());
    // the rules in use are part of the evaluation (published on the SMVP page)
    assert_eq!(e.rules, plan.rules);
    assert_eq!(e.rules.partial_from, dec!(70));
}

#[test]
fn strategic_objectives_without_own_data_roll_up_from_their_operational_objectives() {
    let (_, e) = setup();
    let r = e.objective(Kind::Strategic, "1.2").unwrap();
    assert!(
        matches!(
            r.basis,
            Basis::Children {
                counted: 1,
                total: 2
            }
        ),
        "{:?}",
        r.basis
    );
    // 1.2.1 has no data, so 1.2 is in line but not fully achieved
    assert_eq!(r.score.status, Status::InLinea);
}

#[test]
fn weights_that_do_not_sum_to_100_are_normalised() {
    let (_, e) = setup();
    // OP 1.1.3: 100, 100, 33%, 34%, 33% = 300
    let w = &e.objective(Kind::Operational, "1.1.3").unwrap().weights;
    assert_eq!(w["1"], dec!(33.33));
    assert_eq!(w["3.2"], dec!(11.33));
    // OP 1.2.2: 100, 100, 50, 50, 100 = 400
    let w = &e.objective(Kind::Operational, "1.2.2").unwrap().weights;
    assert_eq!(w["3.1"], dec!(12.5));
}

#[test]
fn the_all_targets_met_rule_can_replace_the_weighted_mean() {
    let (mut plan, _) = setup();
    plan.rules.aggregation = trasparenza::model::rules::Aggregation::TuttiRaggiunti;
    plan.rules.partial_from = dec!(99.5);
    let e = evaluate(&plan, &plan.periods[0]);
    let r = e.objective(Kind::Operational, "1.6.1").unwrap();
    assert_eq!(r.score.achievement, Some(dec!(99.29)));
    assert_eq!(r.score.status, Status::NonRaggiunto);
    assert!(r.explanation.contains("tutti i target raggiunti"));
}
