//! `prosegue`: an objective or KPI that continues one of an earlier plan under another
//! code. Checked once every plan is assembled, since it names another plan's objectives.

use std::ops::Range;

use super::placed::ObjectivesByKind;
use super::problems::Problems;
use super::raw::S;
use super::text::Text;
use crate::diagnostic::Diagnostic;
use crate::model::{Continuations, Kind, Objective, Plan, Predecessor};

/// What one objective file declares it continues, and where it says so.
pub struct Declared<'a> {
    kind: Kind,
    id: String,
    objective: Option<S<String>>,
    /// `(KPI id, prosegue)`.
    kpis: Vec<(String, S<String>)>,
    src: &'a Text,
}

/// Takes the declarations out of a plan's objective files.
pub fn declared<'a>(objectives: &mut ObjectivesByKind<'a>) -> Vec<Declared<'a>> {
    objectives
        .values_mut()
        .flatten()
        .filter(|o| o.spans.continues.is_some() || !o.spans.kpi_continues.is_empty())
        .map(|o| Declared {
            kind: o.value.kind,
            id: o.value.id.clone(),
            objective: o.spans.continues.take(),
            kpis: std::mem::take(&mut o.spans.kpi_continues),
            src: o.src,
        })
        .collect()
}

/// Checks each plan's declarations (`declared[i]` belongs to `plans[i]`) against the
/// earlier plans, and records the valid ones in the plans.
pub fn check_continuations(
    plans: &mut [Plan],
    declared: Vec<Vec<Declared>>,
    diags: &mut Vec<Diagnostic>,
) {
    let mut found = Vec::with_capacity(plans.len());
    for (i, list) in declared.iter().enumerate() {
        let mut continuations = Continuations::default();
        for d in list {
            check(
                plans,
                i,
                d,
                &mut continuations,
                &mut Problems::new(d.src, diags),
            );
        }
        found.push(continuations);
    }
    for (plan, continuations) in plans.iter_mut().zip(found) {
        plan.continuations = continuations;
    }
}

/// One objective file's declarations, against the plans adopted before plan `at`.
fn check(plans: &[Plan], at: usize, d: &Declared, out: &mut Continuations, p: &mut Problems) {
    let plan = &plans[at];
    let earlier: Vec<&Plan> = {
        let mut list: Vec<&Plan> = plans
            .iter()
            .filter(|q| q.info.first_year < plan.info.first_year)
            .collect();
        list.sort_by_key(|q| q.info.first_year);
        list
    };
    // the objective continued: the declared one, or the same code in the plan just before
    let continued: Option<(&Plan, &Objective)> = match &d.objective {
        Some(written) => {
            let from = predecessor(written, d.kind, &earlier, p);
            if let Some((q, o)) = from {
                out.add_objective(
                    d.kind,
                    &d.id,
                    Predecessor {
                        plan: q.info.id.clone(),
                        objective: o.id.clone(),
                    },
                );
            }
            from
        }
        None => earlier.last().and_then(|q| {
            let o = q.objective(d.kind, &d.id)?;
            Some((*q, o))
        }),
    };
    if d.objective.is_some() && continued.is_none() {
        // already reported: the KPIs are not checked against a missing objective
        return;
    }
    for (kpi, written) in &d.kpis {
        let from = written.get_ref().trim();
        let span = written.span();
        if matches!(d.kind, Kind::Individual | Kind::Common) {
            p.error(
                span,
                "«prosegue» in un KPI di un obiettivo individuale o comune",
                "l'andamento negli anni è mostrato per gli obiettivi strategici e operativi: togliere la chiave",
            );
            continue;
        }
        let Some((q, o)) = continued else {
            p.error(
                span,
                format!("il KPI \"{kpi}\" prosegue un indicatore, ma l'obiettivo {} non prosegue un obiettivo di un piano precedente", d.id),
                "aggiungere all'obiettivo `prosegue = \"<piano>/<obiettivo>\"` (sopra il primo [[kpi]]), o togliere «prosegue» dal KPI",
            );
            continue;
        };
        if o.kpis.iter().any(|k| k.id == from) {
            out.add_kpi(d.kind, &d.id, kpi, from);
        } else {
            p.error(
                span,
                format!(
                    "il KPI \"{from}\" indicato in «prosegue» non esiste nell'{} {} del piano {}",
                    d.kind.label(),
                    o.id,
                    q.info.id
                ),
                format!(
                    "indicare l'id di uno dei suoi KPI: {}",
                    listed(o.kpis.iter().map(|k| k.id.as_str()))
                ),
            );
        }
    }
}

/// The plan and objective `"<piano>/<obiettivo>"` names among the `earlier` plans.
fn predecessor<'p>(
    written: &S<String>,
    kind: Kind,
    earlier: &[&'p Plan],
    p: &mut Problems,
) -> Option<(&'p Plan, &'p Objective)> {
    let span: Range<usize> = written.span();
    let plans = || listed(earlier.iter().map(|q| q.info.id.as_str()));
    let text = written.get_ref().trim();
    let Some((plan_id, id)) = text
        .split_once('/')
        .map(|(a, b)| (a.trim(), b.trim()))
        .filter(|(a, b)| !a.is_empty() && !b.is_empty())
    else {
        p.error(
            span,
            format!("«prosegue» deve indicare il piano e l'obiettivo, non \"{text}\""),
            "scrivere il piano precedente e il codice dell'obiettivo in quel piano, ad esempio prosegue = \"2022-2024/1.1\"",
        );
        return None;
    };
    let Some(q) = earlier.iter().find(|q| q.info.id == plan_id) else {
        let hint = if earlier.is_empty() {
            "non ci sono piani adottati prima di questo: togliere «prosegue»".to_owned()
        } else {
            format!(
                "indicare uno dei piani adottati prima di questo: {}",
                plans()
            )
        };
        p.error(
            span,
            format!("il piano \"{plan_id}\" indicato in «prosegue» non è un piano precedente"),
            hint,
        );
        return None;
    };
    match q.objective(kind, id) {
        Some(o) => Some((*q, o)),
        None => {
            p.error(
                span,
                format!(
                    "l'{} \"{id}\" indicato in «prosegue» non esiste nel piano {plan_id}",
                    kind.label()
                ),
                format!(
                    "indicare il codice che l'obiettivo ha in quel piano: {}",
                    listed(q.objectives(kind).iter().map(|o| o.id.as_str()))
                ),
            );
            None
        }
    }
}

/// Up to ten names, comma-separated, then how many more.
fn listed<'a>(names: impl Iterator<Item = &'a str>) -> String {
    let names: Vec<&str> = names.collect();
    let shown = names[..names.len().min(10)].join(", ");
    match names.len() {
        0 => "nessuno".to_owned(),
        n if n > 10 => format!("{shown} e altri {}", n - 10),
        _ => shown,
    }
}
