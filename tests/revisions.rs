//! A plan revised during the year ("rimodulazione"): the example content of
//! `tests/data/revisioni/` (fictional "Ente di esempio") has one revision, on 15/09/2025,
//! that changes a target and two weights of objective 1.1.1, adds objective 1.1.2 and
//! withdraws 1.1.3; period 2025-S1 ends before it, 2025-S2 after.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use rust_decimal_macros::dec;
use trasparenza::evaluate::{Evaluation, ObjectiveResult, evaluate_all};
use trasparenza::load::load_dir;
use trasparenza::model::revision::Presence;
use trasparenza::model::{Kind, Plan, Status};

mod common;

fn content() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/data/revisioni")
}

fn plan() -> Plan {
    let loaded = load_dir(&content());
    assert_eq!(loaded.errors(), 0, "{:#?}", loaded.diagnostics);
    loaded.into_current().unwrap()
}

fn operational<'e>(e: &'e Evaluation, id: &str) -> &'e ObjectiveResult {
    e.objective(Kind::Operational, id).unwrap()
}

#[test]
fn each_period_is_evaluated_against_the_version_in_force_at_its_end() {
    let plan = plan();
    assert_eq!(plan.revisions.all().len(), 1);
    let evaluations = evaluate_all(&plan);
    let (s1, s2) = (&evaluations[0], &evaluations[1]);
    assert!(s1.revisions.is_empty());
    assert_eq!(s2.revisions, [0]);

    // before the revision: adopted target (<=30gg) and weights (40/60)
    let o = operational(s1, "1.1.1");
    assert_eq!(o.kpis[1].comparison, "28 giorni ≤ 30 giorni");
    assert_eq!(o.kpis[1].target_revision, None);
    assert_eq!(o.kpis[1].status, Status::InLinea);
    assert_eq!(o.weights["1"], dec!(40));
    assert_eq!(o.weights["2"], dec!(60));
    assert_eq!(o.score.status, Status::InLinea);

    // after: revised target (<=25gg) and weights (20/80)
    let o = operational(s2, "1.1.1");
    assert_eq!(o.kpis[1].comparison, "28 giorni > 25 giorni");
    assert_eq!(o.kpis[1].target_revision, Some(0));
    assert_eq!(o.kpis[1].achievement, Some(dec!(89.29)));
    assert_eq!(o.kpis[1].status, Status::Parziale);
    assert_eq!(o.weights["1"], dec!(20));
    assert_eq!(o.weights["2"], dec!(80));
    // (100 × 20 + 89,29 × 80) / 100; with the adopted weights it would be 93,57
    assert_eq!(o.score.achievement, Some(dec!(91.43)));
    assert_eq!(o.score.status, Status::Parziale);
}

#[test]
fn added_and_withdrawn_objectives_are_evaluated_only_while_in_the_plan() {
    let plan = plan();
    let evaluations = evaluate_all(&plan);
    let (s1, s2) = (&evaluations[0], &evaluations[1]);
    let added = operational(s1, "1.1.2");
    assert_eq!(added.presence, Presence::NotYetAdded { revision: 0 });
    assert_eq!(added.score.status, Status::NonValutabile);
    assert!(
        added.explanation.contains("Delibera di Giunta n. 45"),
        "{}",
        added.explanation
    );
    assert_eq!(operational(s2, "1.1.2").score.status, Status::Raggiunto);

    // withdrawn: measured in 2025-S1, not evaluated in 2025-S2 even though in the plan file
    assert_eq!(operational(s1, "1.1.3").presence, Presence::InForce);
    let withdrawn = operational(s2, "1.1.3");
    assert_eq!(withdrawn.presence, Presence::Withdrawn { revision: 0 });
    assert_eq!(withdrawn.score.status, Status::NonValutabile);
    assert!(
        withdrawn
            .explanation
            .starts_with("Obiettivo ritirato dal piano con la revisione del 15/09/2025")
    );
    // the strategic objective is the mean of 1.1.1 (91,43) and 1.1.2 (100), not of 1.1.3
    let strategic = s2.objective(Kind::Strategic, "1.1").unwrap();
    assert_eq!(strategic.score.achievement, Some(dec!(95.72)));
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
        // a tag closed before a comma is not a space
        .replace(" ,", ",")
}

#[test]
fn pages_show_the_adopted_and_the_revised_target_with_the_act() {
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("public");
    build(&site);
    let objective = "piano-della-performance/2025-2027/obiettivi-operativi/1.1.1";
    let text = page_text(&site, objective);
    assert!(text.contains("Revisioni del piano"), "{text}");
    assert!(
        text.contains("15/09/2025 Delibera di Giunta n. 45 del 15/09/2025 Target 2025 del KPI 2 ≤ 30 giorni ≤ 25 giorni"),
        "{text}"
    );
    assert!(text.contains("Peso del KPI 1 40 20"), "{text}");
    let html = fs::read_to_string(site.join(objective).join("index.html")).unwrap();
    assert!(html.contains("href=\"https://www.ente-esempio.it/delibere/2025/45.pdf\""));
    // the KPI table shows the target the latest period used, and says where it comes from
    assert!(
        text.contains(
            "≤ 25 giorni (rivisto il 15/09/2025, Delibera di Giunta n. 45 del 15/09/2025)"
        ),
        "{text}"
    );

    let after = page_text(&site, "monitoraggio/2025-S2");
    assert!(
        after.contains("Versione dei target target della revisione del 15/09/2025, Delibera di Giunta n. 45 del 15/09/2025"),
        "{after}"
    );
    let before = page_text(&site, "monitoraggio/2025-S1");
    assert!(!before.contains("Versione dei target"), "{before}");

    let json = fs::read_to_string(site.join("opendata/piano.json")).unwrap();
    assert!(json.contains("\"written\":\"<=30gg\"") && json.contains("\"written\":\"<=25gg\""));
}
