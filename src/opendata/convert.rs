//! The model and its evaluations -> the current document. Every match is exhaustive,
//! so a change to the model does not compile until the document says what it becomes.

use std::borrow::Cow;
use std::sync::Arc;

use super::v4::*;
use crate::evaluate;
use crate::model;

pub(super) fn text(s: &str) -> Text<'_> {
    Cow::Borrowed(s)
}

pub(super) fn opt(s: &Option<String>) -> Option<Text<'_>> {
    s.as_deref().map(Cow::Borrowed)
}

impl<'a> Document<'a> {
    /// The document of `plan` with one evaluation per period.
    pub fn new(plan: &'a model::Plan, evaluations: &'a [evaluate::Evaluation]) -> Self {
        Document {
            piano: Plan::from(plan),
            valutazioni: evaluations.iter().map(Evaluation::from).collect(),
            ..Document::header(plan)
        }
    }

    /// The document's own fields, with the plan's [`Plan::head`] and no evaluation:
    /// what [`super::stream::Whole`] writes before the lists.
    pub(super) fn header(plan: &'a model::Plan) -> Self {
        Document {
            schema: text("piano.schema.json"),
            schema_version: super::SCHEMA_VERSION,
            generatore: text(concat!("trasparenza ", env!("CARGO_PKG_VERSION"))),
            licenza: text(&plan.body.licence),
            piano: Plan::head(plan),
            valutazioni: Vec::new(),
        }
    }
}

impl<'a> From<&'a model::Plan> for Plan<'a> {
    fn from(p: &'a model::Plan) -> Self {
        let objectives = |list: &'a [Arc<model::Objective>]| {
            list.iter().map(|o| Objective::from(&**o)).collect()
        };
        Plan {
            areas: p.areas.iter().map(Area::from).collect(),
            strategic: objectives(&p.strategic),
            operational: objectives(&p.operational),
            individual: objectives(&p.individual),
            common: objectives(&p.common),
            periods: p.periods.iter().map(Period::from).collect(),
            revisions: p.revisions.all().iter().map(Revision::from).collect(),
            ..Plan::head(p)
        }
    }
}

impl<'a> Plan<'a> {
    /// The plan's own fields (id, body, document, rules), every list empty.
    pub(super) fn head(p: &'a model::Plan) -> Self {
        let b = &p.body;
        Plan {
            id: Some(text(&p.info.id)),
            body: Body {
                name: text(&b.name),
                ipa_code: text(&b.ipa_code),
                website: text(&b.website),
                base_url: text(&b.base_url),
                office: text(&b.office),
                licence: text(&b.licence),
                accessibility_statement: text(&b.accessibility_statement),
                privacy: text(&b.privacy),
                legal_notes: text(&b.legal_notes),
            },
            info: PlanInfo {
                title: text(&p.info.title),
                first_year: p.info.first_year,
                last_year: p.info.last_year,
                published: p.info.published,
                updated: p.info.updated,
            },
            rules: Rules::from(&p.rules),
            areas: Vec::new(),
            strategic: Vec::new(),
            operational: Vec::new(),
            individual: Vec::new(),
            common: Vec::new(),
            periods: Vec::new(),
            revisions: Vec::new(),
            documents: super::documents::of_plan(p),
        }
    }
}

impl<'a> From<&'a model::Area> for Area<'a> {
    fn from(a: &'a model::Area) -> Self {
        Area {
            id: text(&a.id),
            title: text(&a.title),
            description: text(&a.description),
        }
    }
}

impl From<&model::Rules> for Rules {
    fn from(r: &model::Rules) -> Self {
        use model::rules::{Aggregation as A, Interim as I};
        Rules {
            default_polarity: r.default_polarity.into(),
            cap: r.cap,
            aggregation: match r.aggregation {
                A::MediaPonderata => Aggregation::MediaPonderata,
                A::TuttiRaggiunti => Aggregation::TuttiRaggiunti,
            },
            interim: match r.interim {
                I::Proporzionale => Interim::Proporzionale,
                I::Intero => Interim::Intero,
            },
            achieved_from: r.achieved_from,
            partial_from: r.partial_from,
            deadline_tolerance: r.deadline_tolerance,
        }
    }
}

impl From<model::Polarity> for Polarity {
    fn from(p: model::Polarity) -> Self {
        match p {
            model::Polarity::Crescente => Polarity::Crescente,
            model::Polarity::Decrescente => Polarity::Decrescente,
            model::Polarity::Esatta => Polarity::Esatta,
        }
    }
}

impl From<model::Kind> for Kind {
    fn from(k: model::Kind) -> Self {
        match k {
            model::Kind::Strategic => Kind::Strategic,
            model::Kind::Operational => Kind::Operational,
            model::Kind::Individual => Kind::Individual,
            model::Kind::Common => Kind::Common,
        }
    }
}

impl From<model::Status> for Status {
    fn from(s: model::Status) -> Self {
        match s {
            model::Status::Raggiunto => Status::Raggiunto,
            model::Status::InLinea => Status::InLinea,
            model::Status::Parziale => Status::Parziale,
            model::Status::NonRaggiunto => Status::NonRaggiunto,
            model::Status::NonValutabile => Status::NonValutabile,
        }
    }
}

impl From<Status> for model::Status {
    /// Back to the model, for its labels.
    fn from(s: Status) -> Self {
        match s {
            Status::Raggiunto => model::Status::Raggiunto,
            Status::InLinea => model::Status::InLinea,
            Status::Parziale => model::Status::Parziale,
            Status::NonRaggiunto => model::Status::NonRaggiunto,
            Status::NonValutabile => model::Status::NonValutabile,
        }
    }
}

impl From<model::Unit> for Unit {
    fn from(u: model::Unit) -> Self {
        match u {
            model::Unit::Number => Unit::Number,
            model::Unit::Percent => Unit::Percent,
            model::Unit::Days => Unit::Days,
        }
    }
}

impl From<Unit> for model::Unit {
    /// Back to the model, for its formatting.
    fn from(u: Unit) -> Self {
        match u {
            Unit::Number => model::Unit::Number,
            Unit::Percent => model::Unit::Percent,
            Unit::Days => model::Unit::Days,
        }
    }
}

impl<'a> From<&'a model::Objective> for Objective<'a> {
    fn from(o: &'a model::Objective) -> Self {
        let d = &o.details;
        Objective {
            kind: o.kind.into(),
            id: text(&o.id),
            title: text(&o.title),
            parent: opt(&o.parent),
            description: text(&o.description),
            details: Details {
                year: d.year,
                mission: opt(&d.mission),
                programme: opt(&d.programme),
                expected_results: text(&d.expected_results),
                expected_benefits: text(&d.expected_benefits),
                staff_impact: opt(&d.staff_impact),
                cost_centre: opt(&d.cost_centre),
                organisational_area: opt(&d.organisational_area),
                budget: d.budget,
                budget_note: opt(&d.budget_note),
                role: opt(&d.role),
                general_weight: d.general_weight,
            },
            kpis: o.kpis.iter().map(Kpi::from).collect(),
        }
    }
}

impl<'a> From<&'a model::Kpi> for Kpi<'a> {
    fn from(k: &'a model::Kpi) -> Self {
        Kpi {
            id: text(&k.id),
            code: opt(&k.code),
            name: text(&k.name),
            kind: opt(&k.kind),
            weight: k.weight,
            unit: opt(&k.unit),
            source: opt(&k.source),
            algorithm: opt(&k.algorithm),
            baseline: opt(&k.baseline),
            polarity: k.polarity.map(Polarity::from),
            responsible: opt(&k.responsible),
            frequency: opt(&k.frequency),
            targets: k.targets.iter().map(YearTarget::from).collect(),
        }
    }
}

impl From<&model::Target> for Target {
    fn from(t: &model::Target) -> Self {
        Target {
            op: t.op.map(|op| match op {
                model::Op::AtLeast => Op::AtLeast,
                model::Op::Above => Op::Above,
                model::Op::AtMost => Op::AtMost,
                model::Op::Below => Op::Below,
                model::Op::Exactly => Op::Exactly,
            }),
            goal: match &t.goal {
                model::Goal::YesNo { expected } => Goal::YesNo {
                    expected: *expected,
                },
                model::Goal::Amount {
                    value,
                    unit,
                    tolerance,
                } => Goal::Amount {
                    value: *value,
                    unit: (*unit).into(),
                    tolerance: *tolerance,
                },
                model::Goal::Deadline { due } => Goal::Deadline {
                    due: match due {
                        model::target::Due::On { date } => Due::On { date: *date },
                        model::target::Due::InYear { day } => Due::InYear {
                            day: day.to_string(),
                        },
                    },
                },
                model::Goal::Relative { change, reference } => Goal::Relative {
                    change: *change,
                    reference: match reference {
                        model::target::Reference::Baseline => Reference::Baseline,
                        model::target::Reference::Year { year } => Reference::Year { year: *year },
                    },
                },
                model::Goal::Keep => Goal::Keep,
                model::Goal::NotSet => Goal::NotSet,
            },
        }
    }
}

impl<'a> From<&'a model::Period> for Period<'a> {
    fn from(p: &'a model::Period) -> Self {
        Period {
            id: text(&p.id),
            title: text(&p.title),
            year: p.year,
            end: p.end,
            year_share: p.year_share,
            published: p.published,
            updated: p.updated,
            reports: p
                .reports
                .iter()
                .map(|r| Report {
                    kind: r.kind.into(),
                    objective: text(&r.objective),
                    statement: text(&r.statement),
                    declared: r.declared.map(Status::from),
                    progress: r.progress,
                    note: text(&r.note),
                    kpis: r
                        .kpis
                        .iter()
                        .map(|k| KpiReport {
                            kpi: text(&k.kpi),
                            value: Measured::from(&k.value),
                            statement: opt(&k.statement),
                            note: text(&k.note),
                        })
                        .collect(),
                })
                .collect(),
        }
    }
}

impl From<&Measured> for model::Measured {
    /// Back to the model, for its formatting.
    fn from(m: &Measured) -> Self {
        match m {
            Measured::YesNo { value } => model::Measured::YesNo { value: *value },
            Measured::Amount { value, unit } => model::Measured::Amount {
                value: *value,
                unit: unit.map(Into::into),
            },
            Measured::Ratio {
                numerator,
                denominator,
            } => model::Measured::Ratio {
                numerator: *numerator,
                denominator: *denominator,
            },
            Measured::Completed { date } => model::Measured::Completed { date: *date },
            Measured::Missing => model::Measured::Missing,
        }
    }
}

impl From<&model::Measured> for Measured {
    fn from(m: &model::Measured) -> Self {
        match m {
            model::Measured::YesNo { value } => Measured::YesNo { value: *value },
            model::Measured::Amount { value, unit } => Measured::Amount {
                value: *value,
                unit: unit.map(Unit::from),
            },
            model::Measured::Ratio {
                numerator,
                denominator,
            } => Measured::Ratio {
                numerator: *numerator,
                denominator: *denominator,
            },
            model::Measured::Completed { date } => Measured::Completed { date: *date },
            model::Measured::Missing => Measured::Missing,
        }
    }
}

impl<'a> From<&'a evaluate::Evaluation> for Evaluation<'a> {
    fn from(e: &'a evaluate::Evaluation) -> Self {
        Evaluation {
            objectives: e
                .objectives
                .iter()
                .map(|o| ObjectiveResult::from(&**o))
                .collect(),
            ..Evaluation::head(e)
        }
    }
}

impl<'a> Evaluation<'a> {
    /// Everything of the evaluation but its objectives.
    pub(super) fn head(e: &'a evaluate::Evaluation) -> Self {
        Evaluation {
            period: text(&e.period),
            year: e.year,
            rules: Rules::from(&e.rules),
            objectives: Vec::new(),
            areas: e
                .areas
                .iter()
                .map(|a| AreaResult {
                    id: text(&a.id),
                    score: Score::from(&a.score),
                    explanation: text(&a.explanation),
                })
                .collect(),
            body: Score::from(&e.body),
            revisions: e.revisions.iter().map(|i| *i as u64).collect(),
        }
    }
}

impl From<&evaluate::Score> for Score {
    fn from(s: &evaluate::Score) -> Self {
        Score {
            achievement: s.achievement,
            status: s.status.into(),
        }
    }
}

impl<'a> From<&'a evaluate::ObjectiveResult> for ObjectiveResult<'a> {
    fn from(o: &'a evaluate::ObjectiveResult) -> Self {
        use evaluate::{Agreement as A, Basis as B};
        let c = &o.comparison;
        ObjectiveResult {
            kind: o.kind.into(),
            id: text(&o.id),
            kpis: o
                .kpis
                .iter()
                .map(|k| KpiResult {
                    id: text(&k.id),
                    achievement: k.achievement,
                    met: k.met,
                    status: k.status.into(),
                    value: k.value,
                    comparison: text(&k.comparison),
                    explanation: text(&k.explanation),
                    target_revision: k.target_revision.map(|i| i as u64),
                    resolved_target: k.resolved_target.map(|r| ResolvedTarget {
                        value: r.value,
                        unit: r.unit.into(),
                    }),
                })
                .collect(),
            weights: o.weights.iter().map(|(k, w)| (text(k), *w)).collect(),
            score: Score::from(&o.score),
            basis: match &o.basis {
                B::Kpi {
                    measured,
                    total,
                    excluded,
                } => Basis::Kpi {
                    measured: *measured as u64,
                    total: *total as u64,
                    excluded: excluded.iter().map(|e| text(e)).collect(),
                },
                B::DeclaredProgress { progress, share } => Basis::DeclaredProgress {
                    progress: *progress,
                    share: *share,
                },
                B::Children { counted, total } => Basis::Children {
                    counted: *counted as u64,
                    total: *total as u64,
                },
                B::Nothing => Basis::Nothing,
            },
            comparison: Comparison {
                declared: c.declared.map(Status::from),
                computed: c.computed.into(),
                agreement: match c.agreement {
                    A::Agrees => Agreement::Agrees,
                    A::Contradicts => Agreement::Contradicts,
                    A::Unverifiable => Agreement::Unverifiable,
                    A::NotDeclared => Agreement::NotDeclared,
                },
                reason: text(&c.reason),
            },
            explanation: text(&o.explanation),
            presence: o.presence.into(),
        }
    }
}
