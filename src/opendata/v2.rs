//! Schema version 2 of `opendata/piano.json`, frozen: the whole plan with one evaluation
//! per monitoring period. Field names and order are those the documents have had since
//! the first release (re-users parse them); version 2 adds `schema_version` only.
//! Version 3 ([`super::v3`]) reuses every type here that it does not change.
//!
//! Every type refuses unknown fields, so that a document whose fields do not match
//! these types (a field renamed here without a migration, or a document of a newer
//! release) is an error, never a silent gap. Text borrows from the model when a
//! document is written ([`super::Document::new`]) and is owned when it is read.

use std::borrow::Cow;
use std::collections::BTreeMap;

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::iso_date;
use crate::model::Date;

/// Text of the document: borrowed from the model when writing, owned when reading.
pub type Text<'a> = Cow<'a, str>;

/// The whole document.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Document<'a> {
    /// Relative address of the JSON Schema: `piano.schema.json`.
    #[serde(rename = "$schema")]
    pub schema: Text<'a>,
    /// Always 2 for this type.
    pub schema_version: u32,
    /// Program and version that wrote the document: `trasparenza 0.1.0`.
    pub generatore: Text<'a>,
    /// SPDX identifier of the licence of the data.
    pub licenza: Text<'a>,
    pub piano: Plan<'a>,
    /// One evaluation per monitoring period, oldest first.
    pub valutazioni: Vec<Evaluation<'a>>,
}

/// The plan: the body, the document, the rules and every objective and measurement.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Plan<'a> {
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
}

impl<'a> Plan<'a> {
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

/// The public body.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Body<'a> {
    pub name: Text<'a>,
    pub ipa_code: Text<'a>,
    pub website: Text<'a>,
    /// Absolute address of the published section, ending with `/`.
    pub base_url: Text<'a>,
    pub office: Text<'a>,
    /// SPDX identifier of the open-data licence.
    pub licence: Text<'a>,
    pub accessibility_statement: Text<'a>,
    pub privacy: Text<'a>,
    pub legal_notes: Text<'a>,
}

/// The plan document.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PlanInfo<'a> {
    pub title: Text<'a>,
    pub first_year: i32,
    pub last_year: i32,
    #[serde(with = "iso_date")]
    pub published: Date,
    #[serde(with = "iso_date")]
    pub updated: Date,
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
}

/// KPI -> objective aggregation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Aggregation {
    MediaPonderata,
    TuttiRaggiunti,
}

/// How counts are judged at an intermediate period.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Interim {
    Proporzionale,
    Intero,
}

/// Which direction is better for a KPI.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Polarity {
    Crescente,
    Decrescente,
    Esatta,
}

impl Polarity {
    /// The word written in the document: `crescente`.
    pub fn code(self) -> &'static str {
        match self {
            Polarity::Crescente => "crescente",
            Polarity::Decrescente => "decrescente",
            Polarity::Esatta => "esatta",
        }
    }
}

/// A strategic area.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Area<'a> {
    pub id: Text<'a>,
    pub title: Text<'a>,
    /// Markdown.
    pub description: Text<'a>,
}

/// The four kinds of objective.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    Strategic,
    Operational,
    Individual,
    Common,
}

impl Kind {
    /// Every kind, in publication order.
    pub const ALL: [Kind; 4] = [
        Kind::Strategic,
        Kind::Operational,
        Kind::Individual,
        Kind::Common,
    ];

    /// The word written in the document: `operational`.
    pub fn code(self) -> &'static str {
        match self {
            Kind::Strategic => "strategic",
            Kind::Operational => "operational",
            Kind::Individual => "individual",
            Kind::Common => "common",
        }
    }
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

/// Descriptive fields of an objective (empty when its kind has none).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Details<'a> {
    pub year: Option<i32>,
    pub mission: Option<Text<'a>>,
    pub programme: Option<Text<'a>>,
    /// Markdown.
    pub expected_results: Text<'a>,
    /// Markdown.
    pub expected_benefits: Text<'a>,
    pub staff_impact: Option<Text<'a>>,
    pub cost_centre: Option<Text<'a>>,
    pub organisational_area: Option<Text<'a>>,
    pub budget: Option<Decimal>,
    pub budget_note: Option<Text<'a>>,
    /// Individual objectives: the role (never the person).
    pub role: Option<Text<'a>>,
    /// Common objectives: the general weight.
    pub general_weight: Option<Decimal>,
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

/// Comparison written before a target.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Op {
    AtLeast,
    Above,
    AtMost,
    Below,
    Exactly,
}

/// Unit of a number.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Unit {
    Number,
    /// Percent points (`69.5` for 69,5%).
    Percent,
    Days,
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
    /// "non rilevato".
    Missing,
}

/// Status classes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Status {
    Raggiunto,
    InLinea,
    Parziale,
    NonRaggiunto,
    NonValutabile,
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
}

/// Achievement (percent) and status.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Score {
    pub achievement: Option<Decimal>,
    pub status: Status,
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
}

/// What a score was computed from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "tipo", rename_all = "snake_case", deny_unknown_fields)]
pub enum Basis<'a> {
    Kpi {
        measured: u64,
        total: u64,
        excluded: Vec<Text<'a>>,
    },
    DeclaredProgress {
        progress: Decimal,
        share: Decimal,
    },
    Children {
        counted: u64,
        total: u64,
    },
    Nothing,
}

/// Declared status against computed status.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Comparison<'a> {
    pub declared: Option<Status>,
    pub computed: Status,
    pub agreement: Agreement,
    pub reason: Text<'a>,
}

/// Whether the declared status agrees with the computed one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Agreement {
    Agrees,
    Contradicts,
    Unverifiable,
    NotDeclared,
}

/// One evaluated strategic area.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AreaResult<'a> {
    pub id: Text<'a>,
    pub score: Score,
    pub explanation: Text<'a>,
}
