//! The current document written straight from the model, one objective at a time.
//!
//! [`Document::new`] converts the whole plan and every evaluation before a byte is written:
//! at 10,000 objectives that is tens of megabytes held only to be serialised. [`Whole`]
//! serialises the same fields in the same order, converting each objective, period and
//! evaluation when its turn comes and dropping it once written. The bytes are those of
//! `serde_json::to_writer(&Document::new(..))` (a test compares them), so what is published
//! and archived does not depend on which of the two wrote it.

use std::sync::Arc;

use serde::ser::{Serialize, SerializeStruct, Serializer};

use super::v4::{Area, Document, Evaluation, Objective, ObjectiveResult, Period, Plan, Revision};
use crate::evaluate;
use crate::model;

/// A plan's whole document (`piano.json`), serialised as it is converted.
pub struct Whole<'a> {
    plan: &'a model::Plan,
    evaluations: &'a [evaluate::Evaluation],
}

impl<'a> Whole<'a> {
    /// The document of `plan` with one evaluation per period, as [`Document::new`].
    pub fn new(plan: &'a model::Plan, evaluations: &'a [evaluate::Evaluation]) -> Self {
        Whole { plan, evaluations }
    }
}

/// A list converted item by item while it is written.
struct Each<'a, T, U>(&'a [T], fn(&'a T) -> U);

impl<'a, T, U: Serialize> Serialize for Each<'a, T, U> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.0.iter().map(self.1))
    }
}

fn objectives(list: &[Arc<model::Objective>]) -> Each<'_, Arc<model::Objective>, Objective<'_>> {
    Each(list, |o| Objective::from(&**o))
}

impl Serialize for Whole<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        // The header fields come from the converted document itself, so they cannot drift.
        let head = Document::header(self.plan);
        let mut doc = s.serialize_struct("Document", 6)?;
        doc.serialize_field("$schema", &head.schema)?;
        doc.serialize_field("schema_version", &head.schema_version)?;
        doc.serialize_field("generatore", &head.generatore)?;
        doc.serialize_field("licenza", &head.licenza)?;
        doc.serialize_field("piano", &PlanStream(self.plan))?;
        doc.serialize_field("valutazioni", &Each(self.evaluations, EvaluationStream))?;
        doc.end()
    }
}

/// [`Plan`], with its objectives, periods and revisions converted one at a time.
struct PlanStream<'a>(&'a model::Plan);

impl Serialize for PlanStream<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let p = self.0;
        let head = Plan::head(p);
        let mut plan = s.serialize_struct("Plan", 13)?;
        plan.serialize_field("id", &head.id)?;
        plan.serialize_field("body", &head.body)?;
        plan.serialize_field("info", &head.info)?;
        plan.serialize_field("rules", &head.rules)?;
        plan.serialize_field("areas", &Each(&p.areas, Area::from))?;
        plan.serialize_field("strategic", &objectives(&p.strategic))?;
        plan.serialize_field("operational", &objectives(&p.operational))?;
        plan.serialize_field("individual", &objectives(&p.individual))?;
        plan.serialize_field("common", &objectives(&p.common))?;
        plan.serialize_field("periods", &Each(&p.periods, Period::from))?;
        plan.serialize_field("revisions", &Each(p.revisions.all(), Revision::from))?;
        if head.documents.is_empty() {
            plan.skip_field("documents")?;
        } else {
            plan.serialize_field("documents", &head.documents)?;
        }
        plan.end()
    }
}

/// [`Evaluation`], with its objectives converted one at a time.
struct EvaluationStream<'a>(&'a evaluate::Evaluation);

impl Serialize for EvaluationStream<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let e = self.0;
        let head = Evaluation::head(e);
        let mut out = s.serialize_struct("Evaluation", 7)?;
        out.serialize_field("period", &head.period)?;
        out.serialize_field("year", &head.year)?;
        out.serialize_field("rules", &head.rules)?;
        out.serialize_field(
            "objectives",
            &Each(&e.objectives, |o| ObjectiveResult::from(&**o)),
        )?;
        out.serialize_field("areas", &head.areas)?;
        out.serialize_field("body", &head.body)?;
        out.serialize_field("revisions", &head.revisions)?;
        out.end()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every plan written both ways: the shipped content and the complete example.
    #[test]
    fn the_streamed_document_is_the_document_byte_for_byte() {
        crate::testing::each_plan(|plan, evaluations| {
            let whole = serde_json::to_vec(&Document::new(plan, evaluations)).unwrap();
            let streamed = serde_json::to_vec(&Whole::new(plan, evaluations)).unwrap();
            assert!(streamed == whole, "plan {}: the bytes differ", plan.info.id);
        });
    }
}
