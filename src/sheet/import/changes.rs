//! The checked rows turned into file edits (an existing measurement file edited in
//! place, or a new one), and the content loaded again as it would be after them.

use std::path::{Component, Path, PathBuf};

use crate::diagnostic::{Diagnostic, Severity, Source};
use crate::load;
use crate::model::{Kind, Period, Plan, Status};
use crate::sheet::report_file::{self, KpiUpdate};

use super::Change;
use super::rows::Row;

/// What each change must write, to check after the fact: the KPI measurements and the
/// objective's declared status.
type Expected = (
    Vec<(Kind, String, KpiUpdate)>,
    Option<(Kind, String, Status)>,
);

/// The rows of one objective: its KPI updates and its new declared status.
type Group = ((Kind, String), Vec<KpiUpdate>, Option<Status>);

/// Groups the rows per objective and computes each file's new text.
pub(super) fn plan_changes(
    sources: &[Source],
    plan: &Plan,
    period: &Period,
    rows: Vec<Row>,
    csv: &Path,
) -> Result<Vec<(Change, Expected)>, Diagnostic> {
    let mut groups: Vec<Group> = Vec::new();
    for r in rows {
        let index = match groups
            .iter()
            .position(|(k, _, _)| k.0 == r.kind && k.1 == r.objective)
        {
            Some(i) => i,
            None => {
                groups.push(((r.kind, r.objective), Vec::new(), None));
                groups.len() - 1
            }
        };
        let (_, list, declared) = &mut groups[index];
        if r.update.value.is_some() || r.update.note.is_some() {
            list.push(r.update);
        }
        *declared = declared.or(r.declared);
    }
    let mut out = Vec::new();
    let mut taken: Vec<PathBuf> = sources.iter().map(|s| s.path.clone()).collect();
    for ((kind, objective), updates, declared) in groups {
        let existing = sources.iter().find(|s| {
            in_folder(&s.path, &plan.info.folder, &period.id, kind)
                && report_file::objective_of(&s.text).as_deref() == Some(objective.as_str())
        });
        let (path, text, created) = match existing {
            Some(src) => {
                let edited = report_file::edit(&src.text, &updates)
                    .and_then(|t| match declared {
                        Some(s) => report_file::set_declared(&t, s),
                        None => Ok(t),
                    })
                    .map_err(|e| {
                        Diagnostic::file(
                            Severity::Error,
                            &src.path,
                            format!("file non modificabile: {e}"),
                        )
                        .hint("correggere il file (`trasparenza controlla`) e ripetere l'importazione")
                    })?;
                (src.path.clone(), edited, false)
            }
            None => {
                let stem: String = objective
                    .chars()
                    .map(|c| {
                        if c.is_alphanumeric() || matches!(c, '.' | '-' | '_') {
                            c
                        } else {
                            '-'
                        }
                    })
                    .collect();
                let folder = Path::new(&plan.info.folder)
                    .join("monitoraggio")
                    .join(&period.id)
                    .join(kind.folder());
                let mut path = folder.join(format!("{stem}.toml"));
                let mut n = 2;
                while taken.contains(&path) {
                    path = folder.join(format!("{stem}-{n}.toml"));
                    n += 1;
                }
                taken.push(path.clone());
                let csv_name = csv.file_name().map_or_else(
                    || csv.display().to_string(),
                    |n| n.to_string_lossy().into_owned(),
                );
                let header = format!(
                    "Esito dell'{} {objective} nel periodo {}: misure importate da {csv_name} con `trasparenza importa`.\nSi possono aggiungere dichiarazione, stato_dichiarato, avanzamento e nota (vedi docs/formato-contenuti.md).",
                    kind.label(),
                    period.id
                );
                let mut text = report_file::new_file(&header, &objective, &updates);
                if let Some(s) = declared {
                    // a file just written is valid TOML
                    text = report_file::set_declared(&text, s).unwrap_or(text);
                }
                (path, text, true)
            }
        };
        let kpis = updates.len();
        let expected = (
            updates
                .into_iter()
                .map(|u| (kind, objective.clone(), u))
                .collect(),
            declared.map(|s| (kind, objective.clone(), s)),
        );
        out.push((
            Change {
                path,
                text,
                created,
                kpis,
            },
            expected,
        ));
    }
    Ok(out)
}

fn in_folder(path: &Path, plan_folder: &str, period: &str, kind: Kind) -> bool {
    let Ok(path) = path.strip_prefix(plan_folder) else {
        return false;
    };
    let parts: Vec<&str> = path
        .components()
        .filter_map(|c| match c {
            Component::Normal(s) => s.to_str(),
            _ => None,
        })
        .collect();
    matches!(parts.as_slice(), ["monitoraggio", p, folder, _] if *p == period && *folder == kind.folder())
}

/// Loads the content as it would be after the import and checks that every value landed.
pub(super) fn verify(
    sources: &[Source],
    changes: &[(Change, Expected)],
    before: &Plan,
    period: &Period,
) -> Result<(), Vec<Diagnostic>> {
    let mut after: Vec<Source> = sources.to_vec();
    for (c, _) in changes {
        match after.iter_mut().find(|s| s.path == c.path) {
            Some(s) => s.text = c.text.clone(),
            None => after.push(Source::new(&c.path, c.text.clone())),
        }
    }
    let loaded = load::load_sources(&after);
    let mut errors: Vec<Diagnostic> = loaded
        .diagnostics
        .into_iter()
        .filter(Diagnostic::is_error)
        .collect();
    let internal = |m: String| {
        Diagnostic::file(Severity::Error, "monitoraggio", m).hint(
            "nessun file è stato modificato; segnalare il problema indicando il file CSV usato",
        )
    };
    let plans = loaded.plans.filter(|_| errors.is_empty());
    let Some(plan) = plans.as_ref().map(|p| p.plan_of_period(&period.id)) else {
        errors.push(internal(
            "le misure importate renderebbero i contenuti non validi".into(),
        ));
        return Err(errors);
    };
    let Some(new_period) = plan.periods.iter().find(|p| p.id == period.id) else {
        return Err(vec![internal(format!(
            "periodo {} non trovato dopo l'importazione",
            period.id
        ))]);
    };
    for (_, (expected, declared)) in changes {
        if let Some((kind, objective, status)) = declared
            && new_period.report(*kind, objective).and_then(|r| r.declared) != Some(*status)
        {
            return Err(vec![internal(format!(
                "lo stato dichiarato dell'{} {objective} non risulta scritto correttamente",
                kind.label()
            ))]);
        }
        for (kind, objective, u) in expected {
            let found = new_period
                .report(*kind, objective)
                .and_then(|r| r.kpis.iter().find(|m| m.kpi == u.kpi));
            let ok = found.is_some_and(|m| {
                u.value.as_ref().is_none_or(|v| m.value == *v)
                    && u.note.as_ref().is_none_or(|n| m.note == *n)
            });
            if !ok {
                return Err(vec![internal(format!(
                    "la misura del KPI {} dell'{} {objective} non risulta scritta correttamente",
                    u.kpi,
                    kind.label()
                ))]);
            }
        }
    }
    let count = |p: &Plan| {
        p.periods
            .iter()
            .map(|p| p.reports.iter().map(|r| r.kpis.len()).sum::<usize>())
            .sum::<usize>()
    };
    if count(plan) < count(before) {
        return Err(vec![internal(
            "l'importazione avrebbe tolto delle misure esistenti".into(),
        )]);
    }
    Ok(())
}
