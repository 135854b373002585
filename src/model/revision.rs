//! Revisions of a plan during its years ("rimodulazione", art. 10 c. 3 d.lgs. 150/2009):
//! each an act of a given date changing targets, weights or objectives. The objective
//! files keep the targets first adopted; [`Revisions::in_force`] tells what held on a date.

use rust_decimal::Decimal;
use serde::Serialize;

use super::{Date, Kind, Objective, YearTarget};

/// One act revising the plan.
#[derive(Debug, Clone, Serialize)]
pub struct Revision {
    /// The date the act takes effect.
    pub date: Date,
    /// The act, as written: `Delibera di Giunta n. 45 del 25/06/2022`.
    pub act: String,
    /// Address of the act, when published.
    pub act_url: Option<String>,
    /// Why the plan was changed, verbatim.
    pub reason: String,
    /// What it changed, in the order written.
    pub changes: Vec<Change>,
    /// The act and what goes with it, as documents (`[[revisione.documento]]`).
    pub documents: Vec<super::document::Document>,
}

/// The folder of each revision's documents within the folder of its plan's documents:
/// `revisione-2025-09-15/`, then `-2`, `-3`… for later revisions of the same date. A
/// document's name always ends with its format's extension, so no document of the plan
/// itself shares a path with these folders or [`super::document::SMVP_FOLDER`].
pub fn document_folders(revisions: &[Revision]) -> Vec<String> {
    let mut out: Vec<String> = Vec::with_capacity(revisions.len());
    for (i, r) in revisions.iter().enumerate() {
        let same_day = revisions[..i].iter().filter(|o| o.date == r.date).count();
        out.push(match same_day {
            0 => format!("revisione-{}/", r.date.iso()),
            n => format!("revisione-{}-{}/", r.date.iso(), n + 1),
        });
    }
    out
}

/// One thing a revision changed, on one objective.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Change {
    pub kind: Kind,
    pub objective: String,
    pub what: What,
}

/// What a change does.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "tipo", rename_all = "snake_case")]
pub enum What {
    /// A KPI's target for one year replaced.
    Target { kpi: String, target: YearTarget },
    /// A KPI's weight replaced.
    Weight { kpi: String, weight: Decimal },
    /// The objective enters the plan on the revision's date.
    Added,
    /// The objective leaves the plan on the revision's date.
    Withdrawn,
}

impl What {
    /// The KPI the change is about, if any.
    pub fn kpi(&self) -> Option<&str> {
        match self {
            What::Target { kpi, .. } | What::Weight { kpi, .. } => Some(kpi),
            What::Added | What::Withdrawn => None,
        }
    }
}

/// The revisions of a plan, oldest first (same-date revisions in the order written).
#[derive(Debug, Clone, Default, Serialize)]
#[serde(transparent)]
pub struct Revisions(Vec<Revision>);

/// A value in force, with the position (in [`Revisions::all`]) of the revision that set
/// it; `None` for the value first adopted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Set<T> {
    pub value: T,
    pub by: Option<usize>,
}

/// Whether an objective is part of the plan on a date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(tag = "tipo", rename_all = "snake_case")]
pub enum Presence {
    /// In the plan (from its adoption, or since the revision that added it).
    InForce,
    /// Added by a later revision (its position).
    NotYetAdded { revision: usize },
    /// Withdrawn by the revision at this position.
    Withdrawn { revision: usize },
}

/// What held for one objective on one date.
#[derive(Debug, Clone)]
pub struct InForce<'a> {
    pub presence: Presence,
    /// One per KPI of the objective, in order.
    pub kpis: Vec<KpiInForce<'a>>,
}

/// What held for one KPI on one date.
#[derive(Debug, Clone)]
pub struct KpiInForce<'a> {
    /// The target of the year asked, if any.
    pub target: Option<Set<&'a YearTarget>>,
    pub weight: Set<Option<Decimal>>,
}

impl Revisions {
    /// The revisions, sorted by date (stable: same-date ones keep their order).
    pub fn new(mut list: Vec<Revision>) -> Revisions {
        list.sort_by_key(|r| r.date);
        Revisions(list)
    }

    /// The documents of every revision, to read their files.
    pub fn documents_mut(&mut self) -> impl Iterator<Item = &mut super::document::Document> {
        self.0.iter_mut().flat_map(|r| r.documents.iter_mut())
    }

    /// Every revision, oldest first.
    pub fn all(&self) -> &[Revision] {
        &self.0
    }

    /// True when `other` has the same revisions as far as an evaluation reads them: the
    /// same dates, acts and changes, in the same order (reasons and documents aside).
    pub fn same_versions(&self, other: &Revisions) -> bool {
        self.0.len() == other.0.len()
            && self
                .0
                .iter()
                .zip(&other.0)
                .all(|(a, b)| a.date == b.date && a.act == b.act && a.changes == b.changes)
    }

    /// True when the plan was never revised.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The changes to one objective, with the position of their revision, oldest first.
    pub fn changes_to<'a>(
        &'a self,
        kind: Kind,
        objective: &'a str,
    ) -> impl Iterator<Item = (usize, &'a Revision, &'a Change)> + 'a {
        self.0.iter().enumerate().flat_map(move |(i, r)| {
            r.changes
                .iter()
                .filter(move |c| c.kind == kind && c.objective == objective)
                .map(move |c| (i, r, c))
        })
    }

    /// What held for objective `o` on date `on`: its presence, and each KPI's weight and
    /// target for `year`. A revision holds from its date included.
    pub fn in_force<'a>(&'a self, o: &'a Objective, year: i32, on: Date) -> InForce<'a> {
        let mut kpis: Vec<KpiInForce<'a>> = o
            .kpis
            .iter()
            .map(|k| KpiInForce {
                target: k.target_for(year).map(|t| Set { value: t, by: None }),
                weight: Set {
                    value: k.weight,
                    by: None,
                },
            })
            .collect();
        // an objective added by a revision is absent until then
        let mut presence = self
            .changes_to(o.kind, &o.id)
            .find(|(_, _, c)| matches!(c.what, What::Added))
            .map_or(Presence::InForce, |(i, _, _)| Presence::NotYetAdded {
                revision: i,
            });
        for (i, r, c) in self.changes_to(o.kind, &o.id) {
            if r.date > on {
                break;
            }
            let at = |kpi: &str| o.kpis.iter().position(|k| k.id == kpi);
            match &c.what {
                What::Target { kpi, target } if target.year == year => {
                    if let Some(k) = at(kpi) {
                        kpis[k].target = Some(Set {
                            value: target,
                            by: Some(i),
                        });
                    }
                }
                What::Target { .. } => {}
                What::Weight { kpi, weight } => {
                    if let Some(k) = at(kpi) {
                        kpis[k].weight = Set {
                            value: Some(*weight),
                            by: Some(i),
                        };
                    }
                }
                What::Added => presence = Presence::InForce,
                What::Withdrawn => presence = Presence::Withdrawn { revision: i },
            }
        }
        InForce { presence, kpis }
    }
}

#[cfg(test)]
mod tests {
    use rust_decimal_macros::dec;

    use super::*;
    use crate::model::{Details, Kpi, Target};

    fn date(text: &str) -> Date {
        Date::parse_iso(text).unwrap()
    }

    fn year_target(year: i32, text: &str) -> YearTarget {
        YearTarget {
            year,
            target: Target::parse(text).unwrap(),
            written: text.to_owned(),
        }
    }

    fn objective() -> Objective {
        Objective {
            kind: Kind::Operational,
            id: "1.1".into(),
            title: "Obiettivo di esempio".into(),
            parent: None,
            description: String::new(),
            details: Details::default(),
            kpis: vec![Kpi {
                id: "a".into(),
                code: None,
                name: "Pratiche evase".into(),
                kind: None,
                weight: Some(dec!(50)),
                unit: None,
                source: None,
                algorithm: None,
                baseline: None,
                polarity: None,
                responsible: None,
                frequency: None,
                targets: vec![year_target(2022, ">=10"), year_target(2023, ">=12")],
            }],
        }
    }

    fn revision(on: &str, changes: Vec<What>) -> Revision {
        Revision {
            date: date(on),
            act: format!("Delibera di Giunta del {on}"),
            act_url: None,
            reason: String::new(),
            documents: Vec::new(),
            changes: changes
                .into_iter()
                .map(|what| Change {
                    kind: Kind::Operational,
                    objective: "1.1".into(),
                    what,
                })
                .collect(),
        }
    }

    #[test]
    fn a_revised_target_and_weight_hold_from_their_date() {
        let o = objective();
        let revisions = Revisions::new(vec![
            revision(
                "2022-10-01",
                vec![What::Weight {
                    kpi: "a".into(),
                    weight: dec!(70),
                }],
            ),
            revision(
                "2022-07-01",
                vec![What::Target {
                    kpi: "a".into(),
                    target: year_target(2022, ">=8"),
                }],
            ),
        ]);
        // sorted: the July revision first
        assert_eq!(revisions.all()[0].date, date("2022-07-01"));
        let before = revisions.in_force(&o, 2022, date("2022-06-30"));
        assert_eq!(before.presence, Presence::InForce);
        let k = &before.kpis[0];
        assert_eq!(
            (
                k.target.unwrap().value.written.as_str(),
                k.target.unwrap().by
            ),
            (">=10", None)
        );
        assert_eq!(
            k.weight,
            Set {
                value: Some(dec!(50)),
                by: None
            }
        );
        let on_the_day = revisions.in_force(&o, 2022, date("2022-07-01"));
        assert_eq!(on_the_day.kpis[0].target.unwrap().by, Some(0));
        let after = revisions.in_force(&o, 2022, date("2022-12-31"));
        let k = &after.kpis[0];
        assert_eq!(k.target.unwrap().value.written, ">=8");
        assert_eq!(
            k.weight,
            Set {
                value: Some(dec!(70)),
                by: Some(1)
            }
        );
        // another year's target is untouched
        let next = revisions.in_force(&o, 2023, date("2023-12-31"));
        assert_eq!(next.kpis[0].target.unwrap().value.written, ">=12");
    }

    #[test]
    fn an_objective_is_present_between_its_addition_and_its_withdrawal() {
        let o = objective();
        let revisions = Revisions::new(vec![
            revision("2022-03-01", vec![What::Added]),
            revision("2022-09-01", vec![What::Withdrawn]),
        ]);
        let on = |d: &str| revisions.in_force(&o, 2022, date(d)).presence;
        assert_eq!(on("2022-02-28"), Presence::NotYetAdded { revision: 0 });
        assert_eq!(on("2022-03-01"), Presence::InForce);
        assert_eq!(on("2022-09-01"), Presence::Withdrawn { revision: 1 });
        assert!(Revisions::default().is_empty());
    }
}
