//! Schema version 4 of `opendata/piano.json`, the version this release writes: version 3
//! with the targets and values other bodies write. A target's `goal` gains `deadline`
//! (`due`: a date, or a day of the target's year), `relative` (a `change` in percent on a
//! `reference`: the baseline or the value of a year), `keep` ("mantenimento") and
//! `not_set` (no target for the year); a value gains `completed` (a completion date); the
//! rules gain `deadline_tolerance` (days); each KPI result gains `resolved_target`, the
//! number a relative target stood for in that period.
//!
//! Version 3 is version 4 without them: a version 3 document reads as version 4 once its
//! rules have no tolerance and its results no resolved target ([`from_v3`]).
//!
//! The types version 4 shares with versions 2 and 3 are theirs.

use std::collections::BTreeMap;

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::iso_date;
pub use super::v2::{
    Aggregation, Agreement, Area, AreaResult, Basis, Body, Comparison, Details, Interim, Kind, Op,
    PlanInfo, Polarity, Score, Status, Text, Unit,
};
use super::v3;
pub use super::v3::Presence;
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
    /// absent in documents migrated from versions 1 and 2.
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
    /// The adopted acts of the plan, its revisions and its Relazioni; absent when none
    /// (and in every document written before documents).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub documents: Vec<super::documents::Document<'a>>,
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

/// The body's evaluation rules (SMVP).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Rules {
    pub default_polarity: Polarity,
    /// Highest achievement of a KPI, in percent.
    pub cap: Decimal,
    pub aggregation: Aggregation,
    pub interim: Interim,
    pub achieved_from: Decimal,
    pub partial_from: Decimal,
    /// Days a deadline may be missed by and still count as partially achieved.
    pub deadline_tolerance: u32,
}

/// An objective of any kind.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Objective<'a> {
    pub kind: Kind,
    pub id: Text<'a>,
    pub title: Text<'a>,
    /// Area id (strategic) or strategic objective id (operational).
    pub parent: Option<Text<'a>>,
    /// Markdown.
    pub description: Text<'a>,
    pub details: Details<'a>,
    pub kpis: Vec<Kpi<'a>>,
}

/// A key performance indicator.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Kpi<'a> {
    pub id: Text<'a>,
    pub code: Option<Text<'a>>,
    pub name: Text<'a>,
    pub kind: Option<Text<'a>>,
    pub weight: Option<Decimal>,
    pub unit: Option<Text<'a>>,
    pub source: Option<Text<'a>>,
    pub algorithm: Option<Text<'a>>,
    pub baseline: Option<Text<'a>>,
    pub polarity: Option<Polarity>,
    pub responsible: Option<Text<'a>>,
    pub frequency: Option<Text<'a>>,
    /// One target per year, ascending.
    pub targets: Vec<YearTarget<'a>>,
}

/// The target of one year.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct YearTarget<'a> {
    pub year: i32,
    pub target: Target,
    /// The text the plan wrote.
    pub written: Text<'a>,
}

/// A target as read from the plan.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Target {
    pub op: Option<Op>,
    pub goal: Goal,
}

/// What a target asks for.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "tipo", rename_all = "snake_case", deny_unknown_fields)]
pub enum Goal {
    YesNo {
        expected: bool,
    },
    Amount {
        value: Decimal,
        unit: Unit,
        tolerance: Option<Decimal>,
    },
    /// Done by a date.
    Deadline {
        due: Due,
    },
    /// `reference` changed by `change` percent (none: the reference itself).
    Relative {
        change: Option<Decimal>,
        reference: Reference,
    },
    /// "mantenimento": not below the baseline.
    Keep,
    /// No target for the year.
    NotSet,
}

/// When a deadline falls.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "tipo", rename_all = "snake_case", deny_unknown_fields)]
pub enum Due {
    /// A full date.
    On {
        #[serde(with = "iso_date")]
        date: Date,
    },
    /// A day of the target's year, `DD/MM`.
    InYear { day: String },
}

/// What a relative target refers to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "tipo", rename_all = "snake_case", deny_unknown_fields)]
pub enum Reference {
    /// The KPI's baseline.
    Baseline,
    /// The value measured in a year of the plan.
    Year { year: i32 },
}

/// A monitoring period and what was reported in it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Period<'a> {
    /// `2022-S1`.
    pub id: Text<'a>,
    pub title: Text<'a>,
    pub year: i32,
    #[serde(with = "iso_date")]
    pub end: Date,
    /// Share of the year elapsed, in percent.
    pub year_share: Decimal,
    #[serde(with = "iso_date")]
    pub published: Date,
    #[serde(with = "iso_date")]
    pub updated: Date,
    pub reports: Vec<Report<'a>>,
}

/// What the body reported on one objective in one period.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Report<'a> {
    pub kind: Kind,
    pub objective: Text<'a>,
    pub statement: Text<'a>,
    pub declared: Option<Status>,
    pub progress: Option<Decimal>,
    /// Markdown.
    pub note: Text<'a>,
    pub kpis: Vec<KpiReport<'a>>,
}

/// A measurement of one KPI.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct KpiReport<'a> {
    pub kpi: Text<'a>,
    pub value: Measured,
    pub statement: Option<Text<'a>>,
    /// Markdown.
    pub note: Text<'a>,
}

/// A measured value.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "tipo", rename_all = "snake_case", deny_unknown_fields)]
pub enum Measured {
    YesNo {
        value: bool,
    },
    /// `unit` is none when the value was written bare.
    Amount {
        value: Decimal,
        unit: Option<Unit>,
    },
    Ratio {
        numerator: Decimal,
        denominator: Decimal,
    },
    /// Done on a date.
    Completed {
        #[serde(with = "iso_date")]
        date: Date,
    },
    /// "non rilevato".
    Missing,
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
    /// The number a relative target stood for, with its unit.
    pub resolved_target: Option<ResolvedTarget>,
}

/// A relative target as a number.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ResolvedTarget {
    pub value: Decimal,
    pub unit: Unit,
}

/// A version 3 document as version 4: every goal and value of version 3 is one of
/// version 4; the rules gain no deadline tolerance (0 days) and the results no resolved
/// target, since version 3 had no deadlines and no relative targets.
pub fn from_v3(d: v3::Document<'_>) -> Result<Document<'static>, serde_json::Error> {
    let mut value = serde_json::to_value(d)?;
    value["schema_version"] = 4.into();
    let set_tolerance = |rules: &mut serde_json::Value| {
        if let Some(r) = rules.as_object_mut() {
            r.insert("deadline_tolerance".into(), 0.into());
        }
    };
    set_tolerance(&mut value["piano"]["rules"]);
    for e in value["valutazioni"].as_array_mut().into_iter().flatten() {
        set_tolerance(&mut e["rules"]);
        for o in e["objectives"].as_array_mut().into_iter().flatten() {
            for k in o["kpis"].as_array_mut().into_iter().flatten() {
                if let Some(k) = k.as_object_mut() {
                    k.insert("resolved_target".into(), serde_json::Value::Null);
                }
            }
        }
    }
    serde_json::from_value(value)
}
