//! Warnings `controlla` gives about what the content says once it is valid: example
//! data still in place, KPIs without a value, declared statuses the numbers contradict.

use trasparenza::diagnostic::{Diagnostic, Severity};
use trasparenza::evaluate::gap::objective_gaps;
use trasparenza::evaluate::{Agreement, evaluate, evaluate_all};
use trasparenza::model::{Kind, Measured, Plan};

/// The body name `crea` writes in its example `sito.toml`.
pub const EXAMPLE_BODY: &str = "Ente di esempio";

/// Every warning about a valid plan, in period order.
pub fn plan_warnings(plan: &Plan) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    if plan.body.name.trim() == EXAMPLE_BODY {
        out.push(
            Diagnostic::file(Severity::Warning, "sito.toml", format!("i contenuti sono ancora quelli di esempio (ente \"{EXAMPLE_BODY}\")"))
                .hint("sostituire i dati di esempio con quelli dell'ente (sito.toml e la cartella piani/) prima di pubblicare"),
        );
    }
    for evaluation in evaluate_all(plan) {
        let folder = format!("monitoraggio/{}", evaluation.period);
        let period = plan.periods.iter().find(|p| p.id == evaluation.period);
        for o in &evaluation.objectives {
            let what = format!("{} {}", o.kind.label(), o.id);
            // a value written but not evaluated (no target for the year, a relative target
            // without its reference) is reported where it is read, not as missing
            let written = |kpi: &str| {
                period
                    .and_then(|p| p.report(o.kind, &o.id))
                    .and_then(|r| r.kpis.iter().find(|m| m.kpi == kpi))
                    .is_some_and(|m| m.value != Measured::Missing)
            };
            let missing: Vec<&str> = o
                .kpis
                .iter()
                .filter(|k| k.value.is_none() && k.met.is_none() && !written(&k.id))
                .map(|k| k.id.as_str())
                .collect();
            if !missing.is_empty() {
                out.push(
                    Diagnostic::file(Severity::Warning, &folder, format!(
                        "{what}: {} KPI senza valore nel periodo {} ({})",
                        missing.len(),
                        evaluation.period,
                        missing.join(", ")
                    ))
                    .hint("indicare `valore` (o `numeratore` e `denominatore`) nel file di monitoraggio dell'obiettivo; senza valore il KPI risulta «non valutabile»"),
                );
            }
            if o.comparison.agreement == Agreement::Contradicts {
                out.push(
                    Diagnostic::file(Severity::Warning, &folder, format!(
                        "{what}: lo stato dichiarato non concorda con quello calcolato ({})",
                        o.comparison.reason
                    ))
                    .hint("verificare i valori e lo `stato_dichiarato` nel file di monitoraggio; se sono giusti, il sito mostra entrambi gli stati"),
                );
            }
        }
    }
    out.extend(unexplained_gaps(plan));
    out
}

/// A gap to target at year end that the year's Relazione does not explain: one warning
/// per objective with a KPI that missed its target and no note.
fn unexplained_gaps(plan: &Plan) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for r in &plan.relazioni {
        let Some(period) = plan.periods.iter().find(|p| p.id == r.period) else {
            continue;
        };
        let evaluation = evaluate(plan, period);
        let file = format!("{}relazione/{}/relazione.toml", plan.info.folder, r.year);
        for kind in Kind::ALL {
            for o in plan.objectives(kind) {
                let Some(g) = objective_gaps(plan, period, &evaluation, o) else {
                    continue;
                };
                if g.missed() && r.note(&o.id).trim().is_empty() {
                    out.push(
                        Diagnostic::file(Severity::Warning, &file, format!(
                            "{} {}: scostamento dal target senza nota nella relazione {}",
                            kind.label(),
                            o.id,
                            r.year
                        ))
                        .hint(format!("spiegare lo scostamento: aggiungere [[obiettivo]] con id = \"{}\" e nota = \"...\" (note per l'analisi degli scostamenti)", o.id)),
                    );
                }
            }
        }
    }
    out
}
