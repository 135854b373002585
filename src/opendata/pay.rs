//! The open-data document `opendata/premi.json`: the premi of every year (art. 20
//! d.lgs. 33/2013), in aggregate form, with the measures of differentiation computed
//! from the bands. A document of its own, versioned on its own (`schema_version`, see
//! `docs/dati-aperti.md`): the premi are the body's, not a plan's, so `piano.json` does
//! not change with them.
//!
//! | version | written by | difference |
//! |--------:|------------|------------|
//! | 1 | this release ([`SCHEMA_VERSION`]) | first version |

use rust_decimal::{Decimal, RoundingStrategy};
use serde::{Deserialize, Serialize};

use super::iso_date;
use crate::model::Date;
use crate::model::pay::{self as model, PayGroup, PayYear};

/// Path of the document in the site.
pub const PATH: &str = "opendata/premi.json";

/// The version this release writes.
pub const SCHEMA_VERSION: u32 = 1;

/// The whole document.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Document {
    /// Always [`SCHEMA_VERSION`] for this type.
    pub schema_version: u32,
    /// Program and version that wrote the document: `trasparenza 0.1.0`.
    pub generatore: String,
    /// SPDX identifier of the licence of the data.
    pub licenza: String,
    pub ente: Body,
    /// One entry per year, oldest first.
    pub anni: Vec<Year>,
}

/// The body the premi are of.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Body {
    pub nome: String,
    pub codice_ipa: String,
}

/// The premi of one year.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Year {
    /// The year the performance was evaluated for.
    pub anno: i32,
    /// The date the figures refer to.
    #[serde(with = "iso_date")]
    pub data: Date,
    pub atto: String,
    pub url_atto: Option<String>,
    /// The body's document with the criteria (the SMVP), when it links one.
    pub url_criteri: Option<String>,
    /// What the body writes about the degree of differentiation; empty when nothing.
    pub differenziazione: String,
    /// Allocated to both groups, in euro.
    pub stanziati: Decimal,
    /// Paid to both groups, in euro.
    pub distribuiti: Decimal,
    pub dirigenti: Group,
    /// Personale non dirigente.
    pub personale: Group,
    /// The year's acts (`[[documento]]`), published beside the page of the amounts;
    /// absent when there are none, so a document without them reads and is written as
    /// before.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub documenti: Vec<super::documents::Document<'static>>,
}

/// The premi of one group in one year.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Group {
    pub stanziati: Decimal,
    pub distribuiti: Decimal,
    /// People in every band.
    pub persone: u32,
    /// Paid in every band over `persone`, to the cent; `null` without people.
    pub premio_medio: Option<Decimal>,
    /// Share of `persone` in the highest band, in percent; `null` without people.
    pub quota_fascia_piu_alta: Option<Decimal>,
    /// Highest average premium of a band over the lowest, among bands with people;
    /// `null` with fewer than two such bands or a lowest average of zero.
    pub rapporto_premio_medio: Option<Decimal>,
    /// From the highest evaluation band to the lowest; empty when not published.
    pub fasce: Vec<Band>,
}

/// One evaluation band.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Band {
    /// As the body writes it: "da 90 a 100".
    pub fascia: String,
    pub persone: u32,
    /// Paid to the band's people together, in euro.
    pub distribuiti: Decimal,
    /// `distribuiti` over `persone`, to the cent; `null` for an empty band.
    pub premio_medio: Option<Decimal>,
}

impl Document {
    /// The document of the premi of `pay` (oldest first) of a body, each year's acts
    /// published in `documents(year)`.
    pub fn new(
        name: &str,
        ipa_code: &str,
        licence: &str,
        pay: &[PayYear],
        documents: &dyn Fn(i32) -> String,
    ) -> Document {
        Document {
            schema_version: SCHEMA_VERSION,
            generatore: concat!("trasparenza ", env!("CARGO_PKG_VERSION")).to_owned(),
            licenza: licence.to_owned(),
            ente: Body {
                nome: name.to_owned(),
                codice_ipa: ipa_code.to_owned(),
            },
            anni: pay.iter().map(|y| year(y, &documents(y.year))).collect(),
        }
    }

    /// The document as published: indented, with a final newline.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = serde_json::to_vec_pretty(self).unwrap_or_default();
        out.push(b'\n');
        out
    }
}

fn year(y: &PayYear, documents: &str) -> Year {
    Year {
        anno: y.year,
        data: y.date,
        atto: y.act.clone(),
        url_atto: y.act_url.clone(),
        url_criteri: y.criteria_url.clone(),
        differenziazione: y.statement.clone(),
        stanziati: y.allocated(),
        distribuiti: y.paid(),
        dirigenti: group(&y.managers),
        personale: group(&y.staff),
        documenti: super::documents::of_pay(y, documents),
    }
}

fn group(g: &PayGroup) -> Group {
    Group {
        stanziati: g.allocated.get(),
        distribuiti: g.paid.get(),
        persone: g.people(),
        premio_medio: g.average(),
        quota_fascia_piu_alta: g.top_share().map(|s| {
            s.round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero)
                .normalize()
        }),
        rapporto_premio_medio: g.spread(),
        fasce: g.bands.iter().map(band).collect(),
    }
}

fn band(b: &model::Band) -> Band {
    Band {
        fascia: b.label.clone(),
        persone: b.people.get(),
        distribuiti: b.paid.get(),
        premio_medio: b.average(),
    }
}
