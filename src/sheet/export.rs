//! The CSV template of one period: one row per KPI to be measured, existing values pre-filled.

use crate::diagnostic::{Diagnostic, Severity, did_you_mean};
use crate::model::{Goal, Kind, Measured, Period, Plan, Status};

use super::{COLUMNS, kind_word, unit_hint, value_cells};

/// UTF-8 byte-order mark: Excel needs it to read the file as UTF-8.
pub const BOM: &str = "\u{feff}";

/// One row of the template.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    pub kind: Kind,
    pub objective: String,
    pub kpi: String,
    pub name: String,
    /// The target of the period's year, as the plan writes it.
    pub target: String,
    pub unit: String,
    pub responsible: String,
    /// `valore`, `numeratore`, `denominatore`.
    pub value: [String; 3],
    pub note: String,
    /// What the target of the period's year asks, when there is one.
    pub goal: Option<Goal>,
    /// The value already written for the period.
    pub measured: Option<Measured>,
    /// The status the objective's report declares for the period.
    pub declared: Option<Status>,
}

/// The period with this id, or a diagnostic naming the existing ones.
pub fn find_period<'a>(plan: &'a Plan, id: &str) -> Result<&'a Period, Diagnostic> {
    let id = id.trim();
    plan.periods.iter().find(|p| p.id == id).ok_or_else(|| {
        let ids: Vec<&str> = plan.periods.iter().map(|p| p.id.as_str()).collect();
        let known = if ids.is_empty() { "nessuno".to_owned() } else { ids.join(", ") };
        let hint = match did_you_mean(id, ids.iter().copied()) {
            Some(best) => format!("forse intendeva \"{best}\"? Periodi esistenti: {known}"),
            None => format!("periodi esistenti: {known}; per un periodo nuovo creare prima {}monitoraggio/{id}/periodo.toml (vedi docs/formato-contenuti.md)", plan.info.folder),
        };
        Diagnostic::file(Severity::Error, format!("{}monitoraggio/{id}", plan.info.folder), format!("periodo di monitoraggio \"{id}\" inesistente")).hint(hint)
    })
}

/// Every KPI to be measured in the period: those with a target for its year, and those
/// already measured. Kinds in publication order, objectives and KPIs in plan order.
pub fn rows(plan: &Plan, period: &Period) -> Vec<Row> {
    let mut out = Vec::new();
    for kind in Kind::ALL {
        for o in plan.objectives(kind) {
            let report = period.report(o.kind, &o.id);
            for k in &o.kpis {
                let target = k.target_for(period.year);
                let measured = report.and_then(|r| r.kpis.iter().find(|m| m.kpi == k.id));
                if target.is_none() && measured.is_none() {
                    continue;
                }
                let responsible = k
                    .responsible
                    .clone()
                    .or_else(|| o.details.role.clone())
                    .or_else(|| o.details.cost_centre.clone())
                    .or_else(|| o.details.organisational_area.clone())
                    .unwrap_or_default();
                out.push(Row {
                    kind: o.kind,
                    objective: o.id.clone(),
                    kpi: k.id.clone(),
                    name: k.name.trim().to_owned(),
                    target: target
                        .map(|t| t.written.trim().to_owned())
                        .unwrap_or_default(),
                    unit: unit_hint(target.map(|t| &t.target), k.unit.as_deref()),
                    responsible: responsible.trim().to_owned(),
                    value: measured.map(|m| value_cells(&m.value)).unwrap_or_default(),
                    note: measured
                        .map(|m| m.note.trim().to_owned())
                        .unwrap_or_default(),
                    goal: target.map(|t| t.target.goal.clone()),
                    measured: measured.map(|m| m.value.clone()),
                    declared: report.and_then(|r| r.declared),
                });
            }
        }
    }
    out
}

/// The template as text: BOM, `;` separator, CRLF line ends, decimal comma.
pub fn template(plan: &Plan, period: &Period) -> String {
    let mut w = csv::WriterBuilder::new()
        .delimiter(b';')
        .terminator(csv::Terminator::CRLF)
        .from_writer(Vec::new());
    // Writing to memory cannot fail.
    let _ = w.write_record(COLUMNS);
    for r in rows(plan, period) {
        let [valore, numeratore, denominatore] = &r.value;
        let _ = w.write_record([
            kind_word(r.kind),
            &r.objective,
            &r.kpi,
            &r.name,
            &r.target,
            &r.unit,
            &r.responsible,
            valore,
            numeratore,
            denominatore,
            &r.note,
        ]);
    }
    let bytes = w.into_inner().unwrap_or_default();
    format!("{BOM}{}", String::from_utf8_lossy(&bytes))
}
