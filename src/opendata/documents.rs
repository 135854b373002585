//! The adopted acts in `piano.json` (`plan.documents`, added to version 4 without changing
//! its number: the field is absent when the plan has no document, so every document
//! written before reads as it did and a plan without documents is written as before).

use serde::{Deserialize, Serialize};

use super::iso_date;
use super::v2::Text;
use crate::model::document::{Act, SMVP_FOLDER, Source};
use crate::model::revision::document_folders as revision_folders;
use crate::model::{self, Date};

/// One document of the plan, of its SMVP, of a revision or of a Relazione.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Document<'a> {
    /// What it is attached to.
    pub attached_to: Attached,
    pub title: Text<'a>,
    /// `delibera_giunta`, `delibera_consiglio`, `decreto`, `determinazione`, `verbale_oiv`,
    /// `documento`.
    pub act: Text<'a>,
    pub number: Option<Text<'a>>,
    #[serde(with = "iso_date")]
    pub date: Date,
    /// Relative to the site root for a file published with the site
    /// (`piano-della-performance/2026-2028/documenti/piao.pdf`), absolute for a link.
    pub url: Text<'a>,
    /// For a file: `PDF`, `ODT`…
    pub format: Option<Text<'a>>,
    pub media_type: Option<Text<'a>>,
    /// For a file: its size in bytes.
    pub bytes: Option<u64>,
    /// For a file: its SHA-256, lower-case hex.
    pub sha256: Option<Text<'a>>,
}

/// What a document is attached to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum Attached {
    Plan,
    /// The SMVP whose rules the plan applies.
    Smvp,
    /// A revision, by its position in `plan.revisions`.
    Revision {
        revision: usize,
    },
    Relazione {
        year: i32,
    },
    /// The premi of a year (in `premi.json`, under the year).
    Premi {
        year: i32,
    },
}

/// The act's code in the document.
fn act_code(act: Act) -> &'static str {
    match act {
        Act::DeliberaGiunta => "delibera_giunta",
        Act::DeliberaConsiglio => "delibera_consiglio",
        Act::Decreto => "decreto",
        Act::Determinazione => "determinazione",
        Act::VerbaleOiv => "verbale_oiv",
        Act::Documento => "documento",
    }
}

/// Every document of a plan, as published: the plan's, its SMVP's, each revision's, each
/// Relazione published with it; a file not read with the content (content given in
/// memory) is not published and not listed.
pub fn of_plan(p: &model::Plan) -> Vec<Document<'_>> {
    let plan_folder = format!("piano-della-performance/{}/documenti/", p.info.id);
    let mut out: Vec<Document> = Vec::new();
    let plan = p.info.documents.iter().map(|d| (d, Attached::Plan));
    out.extend(plan.filter_map(|(d, a)| one(d, a, &plan_folder)));
    let smvp_folder = format!("{plan_folder}{SMVP_FOLDER}");
    let smvp = p.info.smvp_documents.iter();
    out.extend(smvp.filter_map(|d| one(d, Attached::Smvp, &smvp_folder)));
    let revisions = p.revisions.all();
    for (i, sub) in revision_folders(revisions).into_iter().enumerate() {
        let attached = Attached::Revision { revision: i };
        let folder = format!("{plan_folder}{sub}");
        out.extend(
            revisions[i]
                .documents
                .iter()
                .filter_map(|d| one(d, attached, &folder)),
        );
    }
    // a Relazione whose year end is not in the build (an earlier archived snapshot) has no
    // page, so no documents published either
    let published = p
        .relazioni
        .iter()
        .filter(|r| p.periods.iter().any(|period| period.id == r.period));
    for r in published {
        let folder = format!("relazione-sulla-performance/{}/documenti/", r.year);
        let attached = Attached::Relazione { year: r.year };
        out.extend(r.documents.iter().filter_map(|d| one(d, attached, &folder)));
    }
    out
}

/// The documents of the premi of one year, published in `folder`, in the form
/// `premi.json` keeps them (owned, as the rest of that document).
pub fn of_pay(y: &model::pay::PayYear, folder: &str) -> Vec<Document<'static>> {
    let attached = Attached::Premi { year: y.year };
    y.documents
        .iter()
        .filter_map(|d| one(d, attached, folder))
        .map(Document::into_owned)
        .collect()
}

impl Document<'_> {
    /// The same document, owning its text.
    pub fn into_owned(self) -> Document<'static> {
        fn own(t: Text<'_>) -> Text<'static> {
            Text::Owned(t.into_owned())
        }
        Document {
            attached_to: self.attached_to,
            title: own(self.title),
            act: own(self.act),
            number: self.number.map(own),
            date: self.date,
            url: own(self.url),
            format: self.format.map(own),
            media_type: self.media_type.map(own),
            bytes: self.bytes,
            sha256: self.sha256.map(own),
        }
    }
}

fn text(s: &str) -> Text<'_> {
    Text::Borrowed(s)
}

fn one<'a>(
    d: &'a model::document::Document,
    attached_to: Attached,
    folder: &str,
) -> Option<Document<'a>> {
    let mut doc = Document {
        attached_to,
        title: text(&d.title),
        act: text(act_code(d.act)),
        number: d.number.as_deref().map(text),
        date: d.date,
        url: Text::Borrowed(""),
        format: None,
        media_type: None,
        bytes: None,
        sha256: None,
    };
    match &d.source {
        Source::Link { url } => doc.url = text(url),
        Source::File(f) => {
            let read = f.read.as_ref()?;
            doc.url = Text::Owned(format!("{folder}{}", f.name));
            doc.format = Some(text(f.format.label()));
            doc.media_type = Some(text(f.format.media_type()));
            doc.bytes = Some(read.bytes.len() as u64);
            doc.sha256 = Some(text(&read.sha256));
        }
    }
    Some(doc)
}
