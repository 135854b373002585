//! The model's revisions -> the current document (see `convert.rs` for the rest).

use super::convert::{opt, text};
use super::v4::*;
use crate::model;
use crate::model::revision;

impl<'a> From<&'a model::YearTarget> for YearTarget<'a> {
    fn from(t: &'a model::YearTarget) -> Self {
        YearTarget {
            year: t.year,
            target: Target::from(&t.target),
            written: text(&t.written),
        }
    }
}

impl<'a> From<&'a model::Revision> for Revision<'a> {
    fn from(r: &'a model::Revision) -> Self {
        Revision {
            date: r.date,
            act: text(&r.act),
            act_url: opt(&r.act_url),
            reason: text(&r.reason),
            changes: r
                .changes
                .iter()
                .map(|c| Change {
                    kind: c.kind.into(),
                    objective: text(&c.objective),
                    what: match &c.what {
                        revision::What::Target { kpi, target } => What::Target {
                            kpi: text(kpi),
                            target: YearTarget::from(target),
                        },
                        revision::What::Weight { kpi, weight } => What::Weight {
                            kpi: text(kpi),
                            weight: *weight,
                        },
                        revision::What::Added => What::Added,
                        revision::What::Withdrawn => What::Withdrawn,
                    },
                })
                .collect(),
        }
    }
}

impl From<revision::Presence> for Presence {
    fn from(p: revision::Presence) -> Self {
        match p {
            revision::Presence::InForce => Presence::InForce,
            revision::Presence::NotYetAdded { revision } => Presence::NotYetAdded {
                revision: revision as u64,
            },
            revision::Presence::Withdrawn { revision } => Presence::Withdrawn {
                revision: revision as u64,
            },
        }
    }
}
