//! Relative targets against the plan as loaded: each reference ("rispetto al 2025",
//! "rispetto alla baseline", "mantenimento") looked up once every period is read, with a
//! warning where there is none, since the KPI is then not evaluated.

use super::period::PeriodSpans;
use super::placed::{ObjectivesByKind, Placed};
use super::problems::Problems;
use crate::diagnostic::Diagnostic;
use crate::model::target::Reference;
use crate::model::target::relative::reference_value;
use crate::model::{Goal, Period};

/// Warns at each relative target whose reference is not known: a baseline missing or not
/// a number, or, for a year the plan has monitoring periods of, no value measured in the
/// year referred to. The KPI is then not evaluated ([`reference_value`] says why).
pub fn check_references(
    objectives: &ObjectivesByKind,
    periods: &[Placed<Period, PeriodSpans>],
    diags: &mut Vec<Diagnostic>,
) {
    let periods: Vec<&Period> = periods.iter().map(|p| &p.value).collect();
    for o in objectives.values().flatten() {
        let mut p = Problems::new(o.src, diags);
        for (k, spans) in o.value.kpis.iter().zip(&o.spans.kpis) {
            for t in &k.targets {
                let reference = match t.target.goal {
                    Goal::Relative { reference, .. } => reference,
                    Goal::Keep => Reference::Baseline,
                    _ => continue,
                };
                let evaluated = periods.iter().any(|p| p.year == t.year);
                if matches!(reference, Reference::Year { .. }) && !evaluated {
                    continue;
                }
                let found = reference_value(
                    reference,
                    k,
                    (o.value.kind, &o.value.id),
                    periods.iter().copied(),
                );
                if let Err(why) = found {
                    p.warn(
                        spans.target.clone(),
                        format!(
                            "il target {} \"{}\" del KPI \"{}\" non ha il valore di riferimento ({why}): il KPI risulta «non valutabile»",
                            t.year,
                            t.written.trim(),
                            k.id
                        ),
                        match reference {
                            Reference::Baseline => "indicare la baseline del KPI come numero (`baseline = \"120\"`), come nel piano adottato".to_owned(),
                            Reference::Year { year } => format!("indicare nel monitoraggio del {year} il valore misurato del KPI; il target resta come scritto nel piano"),
                        },
                    );
                }
            }
        }
    }
}
