//! Schema version 3 of `opendata/piano.json`, the version this release writes: version 2
//! with the plan's revisions. The plan gains `revisions` (each act with what it changed:
//! the objective files keep the targets first adopted, the revisions the revised ones);
//! each evaluation names the revisions in force at the period's end (`revisions`), each
//! objective result whether the objective was part of the plan then (`presence`), each
//! KPI result the revision its target came from (`target_revision`). Revisions are
//! named by their position in `piano.revisions`, from 0.
//!
//! The types version 3 shares with version 2 are those of [`super::v2`].

use std::collections::BTreeMap;

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::iso_date;
use super::v2;
pub use super::v2::{
    Aggregation, Agreement, Area, AreaResult, Basis, Body, Comparison, Details, Goal, Interim,
    Kind, Kpi, KpiReport, Measured, Objective, Op, Period, PlanInfo, Polarity, Report, Rules,
    Score, Status, Target, Text, Unit, YearTarget,
};
use crate::model::Date;

/// The whole document.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Document<'a> {
    /// Relative address of the JSON Schema: `piano.schema.json`.
    #[serde(rename = "$schema")]
    pub schema: Text<'a>,
    /// Always [`super::SCHEMA_VERSION`] for this type.
    pub schema_version: u32,
    /// Program and version that wrote the document: `trasparenza 0.1.0`.
    pub generatore: Text<'a>,
    /// SPDX identifier of the licence of the data.
    pub licenza: Text<'a>,
    pub piano: Plan<'a>,
    /// One evaluation per monitoring period, oldest first.
    pub valutazioni: Vec<Evaluation<'a>>,
}

/// The plan: the body, the document, the rules, every objective and measurement, and
/// the revisions.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Plan<'a> {
    /// The plan's id, its folder in the site's addresses (`piano-della-performance/<id>/`);
    /// absent in documents migrated from versions 1 and 2, written before plan folders,
    /// whose pages were directly under `piano-della-performance/`.
    pub id: Option<Text<'a>>,
    pub body: Body<'a>,
    pub info: PlanInfo<'a>,
    pub rules: Rules,
    pub areas: Vec<Area<'a>>,
    pub strategic: Vec<Objective<'a>>,
    pub operational: Vec<Objective<'a>>,
    pub individual: Vec<Objective<'a>>,
    pub common: Vec<Objective<'a>>,
    /// Monitoring periods, oldest first.
    pub periods: Vec<Period<'a>>,
    /// Revisions of the plan, oldest first.
    pub revisions: Vec<Revision<'a>>,
}

impl<'a> Plan<'a> {
    /// Where the plan's pages are, relative to the site root: `piano-della-performance/<id>/`,
    /// or `piano-della-performance/` for a plan published before plan folders.
    pub fn pages(&self) -> String {
        match &self.id {
            Some(id) => format!("piano-della-performance/{id}/"),
            None => "piano-della-performance/".to_owned(),
        }
    }

    /// The objectives of one kind.
    pub fn objectives(&self, kind: Kind) -> &[Objective<'a>] {
        match kind {
            Kind::Strategic => &self.strategic,
            Kind::Operational => &self.operational,
            Kind::Individual => &self.individual,
            Kind::Common => &self.common,
        }
    }
}

/// One act revising the plan.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Revision<'a> {
    /// The date from which it holds.
    #[serde(with = "iso_date")]
    pub date: Date,
    /// The act, as written.
    pub act: Text<'a>,
    pub act_url: Option<Text<'a>>,
    pub reason: Text<'a>,
    pub changes: Vec<Change<'a>>,
}

/// One thing a revision changed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Change<'a> {
    pub kind: Kind,
    pub objective: Text<'a>,
    pub what: What<'a>,
}

/// What a change does.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "tipo", rename_all = "snake_case", deny_unknown_fields)]
pub enum What<'a> {
    /// The KPI's target of one year, as revised.
    Target {
        kpi: Text<'a>,
        target: YearTarget<'a>,
    },
    Weight {
        kpi: Text<'a>,
        weight: Decimal,
    },
    Added,
    Withdrawn,
}

/// Whether an objective was part of the plan at a period's end.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "tipo", rename_all = "snake_case", deny_unknown_fields)]
pub enum Presence {
    InForce,
    NotYetAdded { revision: u64 },
    Withdrawn { revision: u64 },
}

/// The evaluation of the whole plan for one period.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Evaluation<'a> {
    /// Period id.
    pub period: Text<'a>,
    pub year: i32,
    pub rules: Rules,
    pub objectives: Vec<ObjectiveResult<'a>>,
    pub areas: Vec<AreaResult<'a>>,
    pub body: Score,
    /// The revisions in force at the period's end.
    pub revisions: Vec<u64>,
}

/// One evaluated objective.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ObjectiveResult<'a> {
    pub kind: Kind,
    pub id: Text<'a>,
    pub kpis: Vec<KpiResult<'a>>,
    /// Weights used, normalised to 100, per KPI id.
    pub weights: BTreeMap<Text<'a>, Decimal>,
    pub score: Score,
    pub basis: Basis<'a>,
    pub comparison: Comparison<'a>,
    pub explanation: Text<'a>,
    pub presence: Presence,
}

/// One evaluated KPI.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct KpiResult<'a> {
    pub id: Text<'a>,
    pub achievement: Option<Decimal>,
    pub met: Option<bool>,
    pub status: Status,
    pub value: Option<Decimal>,
    pub comparison: Text<'a>,
    pub explanation: Text<'a>,
    /// The revision that set the target compared; none for the target first adopted.
    pub target_revision: Option<u64>,
}

impl<'a> From<v2::Document<'a>> for Document<'a> {
    /// A version 2 plan was never revised: no revisions, every objective in force, every
    /// target as adopted.
    fn from(d: v2::Document<'a>) -> Self {
        let p = d.piano;
        Document {
            schema: d.schema,
            schema_version: 3,
            generatore: d.generatore,
            licenza: d.licenza,
            piano: Plan {
                id: None,
                body: p.body,
                info: p.info,
                rules: p.rules,
                areas: p.areas,
                strategic: p.strategic,
                operational: p.operational,
                individual: p.individual,
                common: p.common,
                periods: p.periods,
                revisions: Vec::new(),
            },
            valutazioni: d.valutazioni.into_iter().map(Evaluation::from).collect(),
        }
    }
}

impl<'a> From<v2::Evaluation<'a>> for Evaluation<'a> {
    fn from(e: v2::Evaluation<'a>) -> Self {
        Evaluation {
            period: e.period,
            year: e.year,
            rules: e.rules,
            objectives: e
                .objectives
                .into_iter()
                .map(|o| ObjectiveResult {
                    kind: o.kind,
                    id: o.id,
                    kpis: o
                        .kpis
                        .into_iter()
                        .map(|k| KpiResult {
                            id: k.id,
                            achievement: k.achievement,
                            met: k.met,
                            status: k.status,
                            value: k.value,
                            comparison: k.comparison,
                            explanation: k.explanation,
                            target_revision: None,
                        })
                        .collect(),
                    weights: o.weights,
                    score: o.score,
                    basis: o.basis,
                    comparison: o.comparison,
                    explanation: o.explanation,
                    presence: Presence::InForce,
                })
                .collect(),
            areas: e.areas,
            body: e.body,
            revisions: Vec::new(),
        }
    }
}
