//! Targets and values as other bodies write them: the fictional plan of
//! `tests/data/forme-target/` ("Ente di esempio", plan 2025-2027, periods 2025-S2,
//! 2026-S1 and 2026-S2) writes every form trasparenza reads besides Brindisi's: verbal
//! operators, deadlines, Italian thousands, targets relative to the baseline or to a past
//! year, "mantenimento", and no target for a year. It loads with warnings only, each KPI
//! is evaluated as `docs/formato-contenuti.md` says, and the pages show each target as
//! written with the number a relative target stood for.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use rust_decimal::Decimal;
use rust_decimal_macros::dec;
use trasparenza::diagnostic::Diagnostic;
use trasparenza::evaluate::{Evaluation, KpiResult, evaluate_all};
use trasparenza::load::load_dir;
use trasparenza::model::{Kind, Plan, Status};

mod common;

fn content() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/data/forme-target/content")
}

fn loaded() -> (Plan, Vec<Diagnostic>) {
    let loaded = load_dir(&content());
    assert_eq!(loaded.errors(), 0, "{:#?}", loaded.diagnostics);
    let diagnostics = loaded.diagnostics.clone();
    (loaded.into_current().unwrap(), diagnostics)
}

fn kpi<'e>(e: &'e Evaluation, kind: Kind, objective: &str, id: &str) -> &'e KpiResult {
    let o = e.objective(kind, objective).unwrap();
    o.kpis.iter().find(|k| k.id == id).unwrap()
}

/// Status, achievement and whether the target was met, of one KPI.
fn outcome(k: &KpiResult) -> (Status, Option<Decimal>, Option<bool>) {
    (k.status, k.achievement, k.met)
}

#[test]
fn every_form_loads_with_warnings_naming_what_to_check() {
    let (_, diagnostics) = loaded();
    let messages: Vec<String> = diagnostics.iter().map(|d| d.message.clone()).collect();
    let has = |part: &str| messages.iter().any(|m| m.contains(part));
    assert!(
        has("il KPI \"7\" non ha un target nel 2026 (\"n.d.\")"),
        "{messages:#?}"
    );
    assert!(
        has("il KPI \"2\" non ha un target nel 2025 (\"n.d.\")"),
        "{messages:#?}"
    );
    assert!(
        has(
            "target del KPI \"6\" \">= 1.200\": \"1.200\" è letto come 1200 (il punto separa le migliaia)"
        ),
        "{messages:#?}"
    );
    assert!(
        has("valore \"1.350\": \"1.350\" è letto come 1350 (il punto separa le migliaia)"),
        "{messages:#?}"
    );
    assert!(
        has(
            "il target 2026 \">= valore 2024\" del KPI \"4\" non ha il valore di riferimento (nessun valore misurato del KPI nel 2024)"
        ),
        "{messages:#?}"
    );
    // the references that exist are not reported
    assert!(!has("\"+5% rispetto al 2025\""), "{messages:#?}");
    assert!(!has("\"mantenimento\""), "{messages:#?}");
}

#[test]
fn verbal_operators_deadlines_thousands_and_no_target_at_year_end() {
    let (plan, _) = loaded();
    let evaluations = evaluate_all(&plan);
    let year_end = evaluations.iter().find(|e| e.period == "2026-S2").unwrap();
    let op = |id| outcome(kpi(year_end, Kind::Operational, "1.1.1", id));
    let achieved = (Status::Raggiunto, Some(dec!(100)), Some(true));
    assert_eq!(op("1"), achieved, "almeno 5: 6");
    assert_eq!(op("2"), achieved, "non superiore al 20%: 18%");
    assert_eq!(
        op("3"),
        achieved,
        "entro il 30/06/2026: completato il 15/06"
    );
    // ten days late, within the 15 days of tolleranza_scadenze: partial, at soglia_parziale
    assert_eq!(
        op("4"),
        (Status::Parziale, Some(dec!(70)), Some(false)),
        "entro il 31/12: completato il 10/01/2027"
    );
    assert_eq!(
        op("5"),
        (Status::NonRaggiunto, Some(dec!(0)), Some(false)),
        "entro il 30 settembre 2026: non realizzato"
    );
    assert_eq!(op("6"), achieved, ">= 1.200: 1.350");
    assert_eq!(
        op("7"),
        (Status::NonValutabile, None, None),
        "n.d.: not evaluated"
    );
    assert_eq!(op("8"), achieved, "entro 30 giorni: 25 gg");
    let late = kpi(year_end, Kind::Operational, "1.1.1", "4");
    assert_eq!(late.comparison, "completato il 10/01/2027 > 31/12/2026");
    assert!(
        late.explanation
            .contains("in ritardo di 10 giorni entro la tolleranza di 15 giorni"),
        "{}",
        late.explanation
    );
    let not_set = kpi(year_end, Kind::Operational, "1.1.1", "7");
    assert!(
        not_set
            .explanation
            .contains("non definisce il target del 2026"),
        "{}",
        not_set.explanation
    );
}

#[test]
fn a_deadline_not_yet_due_is_not_judged_at_an_interim_period() {
    let (plan, _) = loaded();
    let evaluations = evaluate_all(&plan);
    let interim = evaluations.iter().find(|e| e.period == "2026-S1").unwrap();
    let done = kpi(interim, Kind::Operational, "1.1.1", "3");
    assert_eq!(
        outcome(done),
        (Status::Raggiunto, Some(dec!(100)), Some(true))
    );
    let under_way = kpi(interim, Kind::Operational, "1.1.1", "5");
    assert_eq!(
        outcome(under_way),
        (Status::NonValutabile, None, Some(false))
    );
    assert!(
        under_way
            .explanation
            .contains("scadenza del 30/09/2026 non ancora superata"),
        "{}",
        under_way.explanation
    );
    // never "in linea" for a deadline, and nothing is in linea at a year end
    for e in &evaluations {
        for o in &e.objectives {
            assert!(
                o.kpis
                    .iter()
                    .all(|k| k.status != Status::InLinea || e.period == "2026-S1")
            );
        }
    }
}

#[test]
fn relative_targets_resolve_against_the_baseline_or_a_past_year() {
    let (plan, _) = loaded();
    let evaluations = evaluate_all(&plan);
    let first = evaluations.iter().find(|e| e.period == "2025-S2").unwrap();
    let st = |id| outcome(kpi(first, Kind::Strategic, "1.1", id));
    assert_eq!(st("1"), (Status::Raggiunto, Some(dec!(100)), Some(true)));
    assert_eq!(st("2"), (Status::NonValutabile, None, None), "2025: n.d.");
    assert_eq!(st("5"), (Status::Raggiunto, Some(dec!(100)), Some(true)));

    let year_end = evaluations.iter().find(|e| e.period == "2026-S2").unwrap();
    let k = |id| kpi(year_end, Kind::Strategic, "1.1", id);
    let resolved = |id| k(id).resolved_target.map(|r| r.shown());
    // +5% on the 100 measured at the end of 2025
    assert_eq!(
        outcome(k("1")),
        (Status::Raggiunto, Some(dec!(100)), Some(true))
    );
    assert_eq!(resolved("1").as_deref(), Some("105"));
    assert_eq!(k("1").comparison, "110 ≥ 105");
    // -10% on the baseline of 40 days, lower is better
    assert_eq!(
        outcome(k("2")),
        (Status::Raggiunto, Some(dec!(100)), Some(true))
    );
    assert_eq!(resolved("2").as_deref(), Some("36 giorni"));
    // mantenimento: not below the baseline of 80%
    assert_eq!(
        outcome(k("3")),
        (Status::Parziale, Some(dec!(97.5)), Some(false))
    );
    assert_eq!(resolved("3").as_deref(), Some("80%"));
    // no value of 2024 in the plan: not evaluable, with the reason, never a guess
    assert_eq!(outcome(k("4")), (Status::NonValutabile, None, None));
    assert_eq!(resolved("4"), None);
    assert!(
        k("4")
            .explanation
            .contains("nessun valore misurato del KPI nel 2024"),
        "{}",
        k("4").explanation
    );
    // the value of 2025 (50) itself
    assert_eq!(
        outcome(k("5")),
        (Status::Parziale, Some(dec!(98)), Some(false))
    );
    assert!(
        k("5")
            .explanation
            .contains("valore 2025 (periodo 2025-S2) 50"),
        "{}",
        k("5").explanation
    );
}

fn build(out: &Path) {
    let o = Command::new(env!("CARGO_BIN_EXE_trasparenza"))
        .args(["build", "--content"])
        .arg(content())
        .arg("--output")
        .arg(out)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
}

/// The text of a page, tags removed and spaces collapsed.
fn page_text(site: &Path, rel: &str) -> String {
    let html = fs::read_to_string(site.join(rel).join("index.html")).unwrap();
    common::visible_text(&html)
}

#[test]
fn pages_show_each_target_as_written_with_the_number_it_stood_for() {
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("public");
    build(&site);
    let operational = page_text(
        &site,
        "piano-della-performance/2025-2027/obiettivi-operativi/1.1.1",
    );
    for shown in [
        "≥ 5",
        "≤ 20%",
        "entro il 30/06/2026",
        "entro il 31/12",
        "entro il 30/09/2026",
        "≥ 1200",
        "non definito",
        "≤ 30 giorni",
        "completato il 10/01/2027",
    ] {
        assert!(operational.contains(shown), "{shown}: {operational}");
    }
    let strategic = page_text(
        &site,
        "piano-della-performance/2025-2027/obiettivi-strategici/1.1",
    );
    for shown in [
        "+5% rispetto al 2025 (= 105)",
        "-10% rispetto alla baseline (= 36 giorni)",
        "mantenimento (= 80%)",
        "≥ valore 2024",
        "≥ valore 2025 (= 50)",
    ] {
        assert!(strategic.contains(shown), "{shown}: {strategic}");
    }
    let json = fs::read_to_string(site.join("opendata/piano.json")).unwrap();
    assert!(json.contains("\"schema_version\":4"));
    assert!(json.contains("\"tipo\":\"deadline\"") && json.contains("\"tipo\":\"not_set\""));
    assert!(json.contains("\"resolved_target\":{\"value\":\"105\",\"unit\":\"number\"}"));
}
