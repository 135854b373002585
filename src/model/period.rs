//! A monitoring period and what the body reported in it, objective by objective.

use std::sync::Arc;

use rust_decimal::Decimal;
use serde::Serialize;

use super::{Date, Kind, Measured, Objective, Status, natural_cmp};

/// A monitoring period and what was reported in it.
#[derive(Debug, Clone, Serialize)]
pub struct Period {
    /// `2022-S1`.
    pub id: String,
    pub title: String,
    pub year: i32,
    pub end: Date,
    /// Share of the year elapsed, in percent (50 at 30 June, 100 at year end).
    pub year_share: Decimal,
    pub published: Date,
    pub updated: Date,
    pub reports: Vec<Arc<Report>>,
}

impl Period {
    /// True for the year-end period.
    pub fn is_final(&self) -> bool {
        self.year_share >= Decimal::ONE_HUNDRED
    }

    /// The report on one objective, if any.
    pub fn report(&self, kind: Kind, id: &str) -> Option<&Report> {
        // reports are sorted by kind, then by id in natural order (see `load`)
        self.reports
            .binary_search_by(|r| {
                r.kind
                    .cmp(&kind)
                    .then_with(|| natural_cmp(&r.objective, id))
            })
            .ok()
            .map(|i| &*self.reports[i])
    }

    /// The report on each of `objectives`, all of `kind` and in plan order (natural order
    /// of id, as the reports): one pass over both lists instead of a search for each.
    pub fn reports_of<'p>(
        &'p self,
        kind: Kind,
        objectives: &[Arc<Objective>],
    ) -> Vec<Option<&'p Report>> {
        let start = self.reports.partition_point(|r| r.kind < kind);
        let end = self.reports.partition_point(|r| r.kind <= kind);
        let mut reports = self.reports[start..end].iter().peekable();
        objectives
            .iter()
            .map(|o| {
                while let Some(r) = reports.peek() {
                    if r.objective == o.id {
                        return reports.next().map(|r| &**r);
                    }
                    if natural_cmp(&r.objective, &o.id).is_gt() {
                        break;
                    }
                    reports.next();
                }
                None
            })
            .collect()
    }
}

/// What the body reported on one objective in one period.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Report {
    pub kind: Kind,
    pub objective: String,
    /// The statement, verbatim.
    pub statement: String,
    pub declared: Option<Status>,
    /// Declared progress towards the yearly target, in percent.
    pub progress: Option<Decimal>,
    /// Markdown, verbatim.
    pub note: String,
    pub kpis: Vec<KpiReport>,
}

/// A measurement of one KPI.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct KpiReport {
    pub kpi: String,
    pub value: Measured,
    pub statement: Option<String>,
    /// Markdown.
    pub note: String,
}
