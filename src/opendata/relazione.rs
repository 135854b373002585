//! The open-data document of a Relazione sulla Performance,
//! `opendata/relazione/<anno>.json`: the year-end results of every objective and KPI,
//! their gaps to target, the notes, the resources, and the approval and validation.
//! A typed document with its own `schema_version` ([`SCHEMA_VERSION`]), apart from
//! `piano.json`, so that either changes on its own.
//!
//! | version | difference |
//! |--------:|------------|
//! | 1 | the first |

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::iso_date;
use crate::evaluate::Evaluation;
use crate::evaluate::gap::{Gap, ObjectiveGaps, objective_gaps};
use crate::model::relazione::{self as model, Relazione};
use crate::model::{Date, Kind, Measured, Period, Plan};

/// The version this release writes.
pub const SCHEMA_VERSION: u32 = 1;

/// Path of the document of a year in the site.
pub fn path(year: i32) -> String {
    format!("opendata/relazione/{year}.json")
}

/// The whole document.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Document {
    /// Always [`SCHEMA_VERSION`] for this type.
    pub schema_version: u32,
    /// Program and version that wrote the document.
    pub generatore: String,
    /// SPDX identifier of the licence of the data.
    pub licenza: String,
    pub ente: String,
    /// The id of the plan the year belongs to.
    pub piano: String,
    pub anno: i32,
    /// The id of the year-end period reported on.
    pub periodo: String,
    #[serde(with = "iso_date")]
    pub data_pubblicazione: Date,
    #[serde(with = "iso_date")]
    pub data_aggiornamento: Date,
    pub stato: State,
    /// The whole body's result.
    pub risultato_ente: Score,
    pub aree: Vec<AreaScore>,
    /// Every objective evaluated in the period: strategic, operational, individual, common.
    pub obiettivi: Vec<Objective>,
}

/// Where the Relazione stands.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct State {
    /// `non-approvata`, `in-attesa-di-validazione` or `validata`.
    pub codice: String,
    pub approvazione: Option<Approval>,
    pub validazione: Option<Validation>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Approval {
    pub atto: String,
    pub numero: String,
    #[serde(with = "iso_date")]
    pub data: Date,
    pub url: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Validation {
    #[serde(with = "iso_date")]
    pub data: Date,
    /// `validata`, `validata con osservazioni` or `non validata`.
    pub esito: String,
    /// The document: relative to the section's base address for a file published
    /// beside the page, absolute for a link.
    pub documento: String,
}

/// A status and an achievement in percent.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Score {
    pub stato: String,
    pub realizzazione: Option<Decimal>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AreaScore {
    pub id: String,
    pub titolo: String,
    pub risultato: Score,
}

/// An objective's result, its KPIs, the note on its gap and its resources.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Objective {
    /// `strategico`, `operativo`, `individuale` or `comune`.
    pub tipo: String,
    pub id: String,
    pub titolo: String,
    /// Individual objectives: the role (never a person's name).
    pub ruolo: Option<String>,
    pub risultato: Score,
    /// "Note per l'analisi degli scostamenti", Markdown as written.
    pub nota: String,
    /// Resources planned, in euro.
    pub risorse_previste: Option<Decimal>,
    /// Resources spent, in euro.
    pub risorse_impiegate: Option<Decimal>,
    pub kpi: Vec<KpiResult>,
}

/// A KPI's result against its target.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct KpiResult {
    pub id: String,
    pub nome: String,
    /// Weight used, normalised to 100.
    pub peso: Option<Decimal>,
    /// The value measured, as a number in the target's unit when numeric (a ratio
    /// rounded to 4 decimals); absent for yes/no and missing values.
    pub risultato: Option<Decimal>,
    /// The value measured in Italian (`Sì`, `39 / 45`, `non rilevato`).
    pub risultato_testo: String,
    /// The target as written in the plan (or its revision).
    pub target: Option<String>,
    /// % realizzazione: the achievement, within 0 and the cap.
    pub realizzazione: Option<Decimal>,
    /// (result − target) / target × 100, computed on the unrounded value, 4 decimals;
    /// absent when said in words.
    pub scostamento: Option<Decimal>,
    /// The gap as shown: `−3,7%`, `raggiunto`, `non realizzato`.
    pub scostamento_testo: Option<String>,
    pub stato: String,
}

fn kind_word(kind: Kind) -> &'static str {
    match kind {
        Kind::Strategic => "strategico",
        Kind::Operational => "operativo",
        Kind::Individual => "individuale",
        Kind::Common => "comune",
    }
}

impl Document {
    /// The document of a Relazione of `plan`, from the evaluation of its period.
    pub fn new(plan: &Plan, r: &Relazione, period: &Period, evaluation: &Evaluation) -> Document {
        let approval = r.state.approval().map(|a| Approval {
            atto: a.act.clone(),
            numero: a.number.clone(),
            data: a.date,
            url: a.url.clone(),
        });
        let validation = r.state.validation().map(|v| Validation {
            data: v.date,
            esito: v.outcome.word().to_owned(),
            documento: match &v.document {
                model::Document::File(f) => {
                    format!("relazione-sulla-performance/{}/{}", r.year, f.name)
                }
                model::Document::Link { url } => url.clone(),
            },
        });
        let score = |s: &crate::evaluate::Score| Score {
            stato: s.status.code().to_owned(),
            realizzazione: s.achievement,
        };
        let mut obiettivi = Vec::new();
        for kind in Kind::ALL {
            for o in plan.objectives(kind) {
                if kind == Kind::Operational && o.details.year.is_some_and(|y| y != period.year) {
                    continue;
                }
                if let Some(g) = objective_gaps(plan, period, evaluation, o) {
                    obiettivi.push(objective(&g, r, &score));
                }
            }
        }
        Document {
            schema_version: SCHEMA_VERSION,
            generatore: concat!("trasparenza ", env!("CARGO_PKG_VERSION")).to_owned(),
            licenza: plan.body.licence.clone(),
            ente: plan.body.name.clone(),
            piano: plan.info.id.clone(),
            anno: r.year,
            periodo: period.id.clone(),
            data_pubblicazione: r.published,
            data_aggiornamento: r.updated,
            stato: State {
                codice: r.state.code().to_owned(),
                approvazione: approval,
                validazione: validation,
            },
            risultato_ente: score(&evaluation.body),
            aree: plan
                .areas
                .iter()
                .filter_map(|a| {
                    let s = evaluation.area(&a.id)?;
                    Some(AreaScore {
                        id: a.id.clone(),
                        titolo: a.title.clone(),
                        risultato: score(&s.score),
                    })
                })
                .collect(),
            obiettivi,
        }
    }

    /// The document as published: indented JSON with a final newline.
    pub fn to_json(&self) -> Vec<u8> {
        let mut out = serde_json::to_vec_pretty(self).unwrap_or_default();
        out.push(b'\n');
        out
    }
}

fn objective(
    g: &ObjectiveGaps,
    r: &Relazione,
    score: &dyn Fn(&crate::evaluate::Score) -> Score,
) -> Objective {
    let o = g.objective;
    let notes = r.notes(&o.id);
    let planned = notes.and_then(|n| n.budget).or(o.details.budget);
    Objective {
        tipo: kind_word(o.kind).to_owned(),
        id: o.id.clone(),
        titolo: o.title.clone(),
        ruolo: o.details.role.clone(),
        risultato: score(&g.result.score),
        nota: r.note(&o.id).to_owned(),
        risorse_previste: if o.kind == Kind::Operational {
            planned
        } else {
            notes.and_then(|n| n.budget)
        },
        risorse_impiegate: notes.and_then(|n| n.spent),
        kpi: g
            .kpis
            .iter()
            .map(|k| KpiResult {
                id: k.kpi.id.clone(),
                nome: k.kpi.name.clone(),
                peso: k.weight,
                risultato: match k.measured {
                    Measured::Amount { .. } | Measured::Ratio { .. } => k.result.value,
                    _ => None,
                },
                risultato_testo: k.measured.italian(),
                target: k.target.map(|t| t.written.clone()),
                realizzazione: k.result.achievement,
                scostamento: k.gap.and_then(|g| match g {
                    Gap::Percent(p) => Some(p.round_dp(4).normalize()),
                    _ => None,
                }),
                scostamento_testo: k.gap.map(Gap::italian),
                stato: k.result.status.code().to_owned(),
            })
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_document_reads_back_and_refuses_unknown_fields() {
        let doc = Document {
            schema_version: SCHEMA_VERSION,
            generatore: "trasparenza".into(),
            licenza: "CC-BY-4.0".into(),
            ente: "Ente di esempio".into(),
            piano: "2025-2027".into(),
            anno: 2025,
            periodo: "2025-S2".into(),
            data_pubblicazione: Date::new(2026, 6, 30).unwrap(),
            data_aggiornamento: Date::new(2026, 6, 30).unwrap(),
            stato: State {
                codice: "non-approvata".into(),
                approvazione: None,
                validazione: None,
            },
            risultato_ente: Score {
                stato: "raggiunto".into(),
                realizzazione: Some(Decimal::ONE_HUNDRED),
            },
            aree: Vec::new(),
            obiettivi: Vec::new(),
        };
        let json = doc.to_json();
        let back: Document = serde_json::from_slice(&json).unwrap();
        assert_eq!(back, doc);
        let text = String::from_utf8(json).unwrap();
        let extra = text.replacen("\"anno\"", "\"altro\": 1,\n  \"anno\"", 1);
        assert!(serde_json::from_str::<Document>(&extra).is_err());
    }
}
