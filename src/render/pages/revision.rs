//! The plan's revisions on the pages: which act changed what on an objective (the
//! adopted value beside the revised one), and which revisions a period was evaluated
//! against.

use serde::Serialize;

use super::Builder;
use crate::evaluate::{Evaluation, KpiResult};
use crate::model::number::format_it;
use crate::model::revision::What;
use crate::model::{Kpi, Objective, Revision, YearTarget};

/// A revision as pages name it: date, act and the act's address.
#[derive(Debug, Clone, Serialize)]
pub struct RevisionView<'a> {
    /// `15/09/2025`.
    pub data: String,
    pub data_iso: String,
    pub atto: &'a str,
    pub url: Option<&'a str>,
}

impl<'a> RevisionView<'a> {
    pub fn of(r: &'a Revision) -> Self {
        RevisionView {
            data: r.date.short(),
            data_iso: r.date.iso(),
            atto: &r.act,
            url: r.act_url.as_deref(),
        }
    }
}

/// One change to an objective, as a row of its revisions table.
#[derive(Debug, Clone, Serialize)]
pub struct ChangeRow<'a> {
    pub revisione: RevisionView<'a>,
    /// `Target 2025 del KPI 2`.
    pub modifica: String,
    /// The value adopted with the plan, `—` when none.
    pub adottato: String,
    /// The value set by the revision.
    pub rivisto: String,
}

impl<'a> Builder<'a> {
    /// The changes the plan's revisions made to `o`, oldest first.
    pub(super) fn revision_rows(&self, o: &'a Objective) -> Vec<ChangeRow<'a>> {
        let kpi = |id: &str| o.kpis.iter().find(|k| k.id == id);
        self.plan()
            .revisions
            .changes_to(o.kind, &o.id)
            .map(|(_, r, c)| {
                let (modifica, adottato, rivisto) = match &c.what {
                    What::Target { kpi: id, target } => (
                        format!("Target {} del KPI {id}", target.year),
                        kpi(id)
                            .and_then(|k| k.target_for(target.year))
                            .map_or_else(|| "—".to_owned(), |t| t.target.to_string()),
                        target.target.to_string(),
                    ),
                    What::Weight { kpi: id, weight } => (
                        format!("Peso del KPI {id}"),
                        kpi(id)
                            .and_then(|k| k.weight)
                            .map_or_else(|| "—".to_owned(), |w| format_it(w, 2)),
                        format_it(*weight, 2),
                    ),
                    What::Added => (
                        "Obiettivo aggiunto al piano".to_owned(),
                        "—".to_owned(),
                        "nel piano".to_owned(),
                    ),
                    What::Withdrawn => (
                        "Obiettivo ritirato dal piano".to_owned(),
                        "nel piano".to_owned(),
                        "ritirato".to_owned(),
                    ),
                };
                ChangeRow {
                    revisione: RevisionView::of(r),
                    modifica,
                    adottato,
                    rivisto,
                }
            })
            .collect()
    }

    /// The revisions in force at the end of the period of `e`.
    pub(super) fn revisions_used(&self, e: &Evaluation) -> Vec<RevisionView<'a>> {
        let all = self.plan().revisions.all();
        e.revisions
            .iter()
            .filter_map(|i| all.get(*i))
            .map(RevisionView::of)
            .collect()
    }

    /// The target `k` was compared with for `year`: the one the revision named by its
    /// result set, or else the one adopted.
    pub(super) fn target_in_force(
        &self,
        k: &'a Kpi,
        year: i32,
        result: Option<&KpiResult>,
    ) -> Option<&'a YearTarget> {
        let revised = self
            .revision(result.and_then(|r| r.target_revision))
            .and_then(|r| {
                r.changes.iter().find_map(|c| match &c.what {
                    What::Target { kpi, target } if *kpi == k.id && target.year == year => {
                        Some(target)
                    }
                    _ => None,
                })
            });
        revised.or_else(|| k.target_for(year))
    }

    /// The revision that set a target, by its position.
    pub(super) fn revision(&self, at: Option<usize>) -> Option<&'a Revision> {
        at.and_then(|i| self.plan().revisions.all().get(i))
    }
}
