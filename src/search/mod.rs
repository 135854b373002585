//! The static search index: what the search page (`cerca/`) looks through, built with
//! the site and served as plain JSON files beside it, one per plan of the current section
//! and one per archived version, so nothing runs on a server and nothing comes from a
//! third party.
//!
//! Both kinds of shard are made by one function ([`Shard::of`]) from the typed open-data
//! document (`opendata::Document`): the current plans through `Document::new`, each
//! archived version through the readers of every published schema (`opendata::read`).
//! Only the addresses differ, and the caller says where each page is ([`Addresses`]).
//!
//! Text is stored as written; matching (lower case, accents, Italian plurals) happens in
//! the browser (`static/js/cerca.js`), so there is one normaliser. The format is in
//! `docs/dati-aperti.md` ("L'indice di ricerca").

mod archived;

use serde::Serialize;

use std::collections::HashMap;

use crate::evaluate;
use crate::model::{self, number::format_percent};
use crate::opendata::{Document, Kind, Objective, ObjectiveResult, Score};

pub use archived::archived;

/// Folder of the search page and of its index, relative to the site root.
pub const PAGE: &str = "cerca/";

/// Path of a plan's shard: `cerca/indice/piano-<id>.json`.
pub fn plan_shard(plan_id: &str) -> String {
    format!("{PAGE}indice/piano-{plan_id}.json")
}

/// Path of an archived version's shard: `cerca/indice/archivio-<versione>.json`.
pub fn archive_shard(version: &str) -> String {
    format!("{PAGE}indice/archivio-{version}.json")
}

/// What a record is, in the words shown beside it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum RecordKind {
    /// An area strategica.
    Area,
    #[serde(rename = "obiettivo-strategico")]
    Strategic,
    #[serde(rename = "obiettivo-operativo")]
    Operational,
    #[serde(rename = "obiettivo-individuale")]
    Individual,
    #[serde(rename = "obiettivo-comune")]
    Common,
    #[serde(rename = "indicatore")]
    Kpi,
    #[serde(rename = "monitoraggio")]
    Monitoring,
    Relazione,
}

impl RecordKind {
    fn of(kind: Kind) -> Self {
        match kind {
            Kind::Strategic => RecordKind::Strategic,
            Kind::Operational => RecordKind::Operational,
            Kind::Individual => RecordKind::Individual,
            Kind::Common => RecordKind::Common,
        }
    }

    /// Italian name, singular, with a capital.
    pub fn label(self) -> &'static str {
        match self {
            RecordKind::Area => "Area strategica",
            RecordKind::Strategic => "Obiettivo strategico",
            RecordKind::Operational => "Obiettivo operativo",
            RecordKind::Individual => "Obiettivo individuale",
            RecordKind::Common => "Obiettivo comune",
            RecordKind::Kpi => "Indicatore",
            RecordKind::Monitoring => "Monitoraggio",
            RecordKind::Relazione => "Relazione sulla Performance",
        }
    }

    /// True for the objectives and KPIs, the entries of the A–Z index.
    pub fn in_az_index(self) -> bool {
        !matches!(
            self,
            RecordKind::Area | RecordKind::Monitoring | RecordKind::Relazione
        )
    }
}

/// One thing that can be found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Record {
    #[serde(rename = "tipo")]
    pub kind: RecordKind,
    /// The code as the plan writes it (`1.6.1`; a KPI: `1.6.1 / 2`); empty for none.
    #[serde(rename = "codice")]
    pub code: String,
    #[serde(rename = "titolo")]
    pub title: String,
    /// More words to match (description, KPI names, algorithm), not shown.
    #[serde(rename = "testo", skip_serializing_if = "String::is_empty")]
    pub text: String,
    /// The result or status, in words, when there is one.
    #[serde(rename = "esito", skip_serializing_if = "String::is_empty")]
    pub result: String,
    /// Address relative to the site root.
    pub url: String,
}

/// The records of one plan or archived version, with the label every result carries.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Shard {
    #[serde(rename = "etichetta")]
    pub label: String,
    #[serde(rename = "voci")]
    pub records: Vec<Record>,
}

/// Where the pages of one plan are, relative to the site root: a shard of the current
/// section points at its pages, an archived one into `archivio/<versione>/`.
pub trait Addresses {
    fn area(&self, id: &str) -> String;
    fn objective(&self, kind: Kind, id: &str) -> String;
    fn period(&self, id: &str) -> String;
}

impl Shard {
    /// The records of a plan's document (an archived version's), in plan order: areas,
    /// objectives of each kind, each followed by its KPIs, then the monitoring periods.
    /// Results are those of the latest evaluation in the document. A plan with more than
    /// `large` operational objectives has no KPI records: their names are found through
    /// their objective's.
    pub fn of(label: String, doc: &Document, at: &dyn Addresses, large: usize) -> Shard {
        let plan = &doc.piano;
        let latest = doc.valutazioni.last();
        let results: HashMap<(Kind, &str), &ObjectiveResult> = latest
            .map(|e| {
                e.objectives
                    .iter()
                    .map(|r| ((r.kind, r.id.as_ref()), r))
                    .collect()
            })
            .unwrap_or_default();
        let period = latest.map(|e| e.period.as_ref());
        let mut shard = Records::new(at, plan.operational.len() <= large, period);
        for a in &plan.areas {
            let score = latest.and_then(|e| e.areas.iter().find(|r| r.id == a.id));
            shard.area(&a.id, &a.title, score.map(|r| &r.score));
        }
        for kind in Kind::ALL {
            for o in objectives(plan, kind) {
                shard.objective(o, results.get(&(o.kind, o.id.as_ref())).copied());
            }
        }
        for p in &plan.periods {
            shard.period(&p.id, &p.title);
        }
        Shard {
            label,
            records: shard.out,
        }
    }

    /// The same records for a plan of the current section and its latest evaluation,
    /// converted one objective at a time with the open-data document's own conversions,
    /// so the whole document is never held: what [`Shard::of`] makes from
    /// `Document::new(plan, &[latest])`, in a fraction of the memory.
    pub fn of_plan(
        label: String,
        plan: &model::Plan,
        latest: Option<&evaluate::Evaluation>,
        at: &dyn Addresses,
        large: usize,
    ) -> Shard {
        let period = latest.map(|e| e.period.as_str());
        let mut shard = Records::new(at, plan.operational.len() <= large, period);
        for a in &plan.areas {
            let score = latest
                .and_then(|e| e.area(&a.id))
                .map(|r| Score::from(&r.score));
            shard.area(&a.id, &a.title, score.as_ref());
        }
        for kind in model::Kind::ALL {
            for o in plan.objectives(kind) {
                let result = latest
                    .and_then(|e| e.objective(kind, &o.id))
                    .map(ObjectiveResult::from);
                shard.objective(&Objective::from(&**o), result.as_ref());
            }
        }
        for p in &plan.periods {
            shard.period(&p.id, &p.title);
        }
        Shard {
            label,
            records: shard.out,
        }
    }

    /// The shard as JSON, one record a line so that a diff between builds reads well.
    pub fn to_json(&self) -> Vec<u8> {
        let mut out = format!(
            "{{\"etichetta\":{},\"voci\":[",
            serde_json::to_string(&self.label).unwrap_or_default()
        );
        for (i, r) in self.records.iter().enumerate() {
            out.push_str(if i == 0 { "\n" } else { ",\n" });
            out.push_str(&serde_json::to_string(r).unwrap_or_default());
        }
        out.push_str("\n]}\n");
        out.into_bytes()
    }
}

/// "Piano 2022-2024": the label of a plan's results.
pub fn plan_label(first_year: i32, last_year: i32) -> String {
    format!("Piano {first_year}-{last_year}")
}

fn objectives<'d, 'a>(plan: &'d crate::opendata::Plan<'a>, kind: Kind) -> &'d [Objective<'a>] {
    match kind {
        Kind::Strategic => &plan.strategic,
        Kind::Operational => &plan.operational,
        Kind::Individual => &plan.individual,
        Kind::Common => &plan.common,
    }
}

/// The records of a shard, as they are made, in order.
struct Records<'s> {
    at: &'s dyn Addresses,
    /// Whether KPIs get records of their own (not in a large plan).
    kpis: bool,
    /// The period of the evaluation the results come from.
    period: Option<&'s str>,
    out: Vec<Record>,
}

impl<'s> Records<'s> {
    fn new(at: &'s dyn Addresses, kpis: bool, period: Option<&'s str>) -> Self {
        Records {
            at,
            kpis,
            period,
            out: Vec::new(),
        }
    }

    fn area(&mut self, id: &str, title: &str, score: Option<&Score>) {
        self.out.push(Record {
            kind: RecordKind::Area,
            code: id.to_owned(),
            title: title.to_owned(),
            text: String::new(),
            result: score
                .map(|s| status_words(s, self.period))
                .unwrap_or_default(),
            url: self.at.area(id),
        });
    }

    fn period(&mut self, id: &str, title: &str) {
        self.out.push(Record {
            kind: RecordKind::Monitoring,
            code: id.to_owned(),
            title: title.to_owned(),
            text: String::new(),
            result: String::new(),
            url: self.at.period(id),
        });
    }

    /// An objective's record and one per KPI.
    fn objective(&mut self, o: &Objective, result: Option<&ObjectiveResult>) {
        let url = self.at.objective(o.kind, &o.id);
        let kpi_names: Vec<&str> = o.kpis.iter().map(|k| k.name.as_ref()).collect();
        self.out.push(Record {
            kind: RecordKind::of(o.kind),
            code: o.id.to_string(),
            title: o.title.to_string(),
            text: join_words(&[excerpt(&o.description), &kpi_names.join(" · ")]),
            result: result
                .map(|r| status_words(&r.score, self.period))
                .unwrap_or_default(),
            url: url.clone(),
        });
        if !self.kpis {
            return;
        }
        for k in &o.kpis {
            let code = format!("{} / {}", o.id, k.code.as_deref().unwrap_or(&k.id));
            let algorithm = k.algorithm.as_deref().unwrap_or_default().trim();
            // a KPI the plan left without a name is known by what it measures
            let title = [k.name.trim(), algorithm]
                .into_iter()
                .find(|t| !t.is_empty())
                .map_or_else(|| format!("Indicatore {code}"), str::to_owned);
            let kpi_result = result.and_then(|r| r.kpis.iter().find(|x| x.id == k.id));
            self.out.push(Record {
                kind: RecordKind::Kpi,
                // the objective's own record carries its title
                text: if title == algorithm {
                    String::new()
                } else {
                    algorithm.to_owned()
                },
                code,
                title,
                result: kpi_result
                    .map(|x| {
                        let score = Score {
                            achievement: x.achievement,
                            status: x.status,
                        };
                        status_words(&score, self.period)
                    })
                    .unwrap_or_default(),
                url: url.clone(),
            });
        }
    }
}

/// "Raggiunto (100%), al monitoraggio 2022-S1".
fn status_words(score: &Score, period: Option<&str>) -> String {
    let status = model::Status::from(score.status).label();
    let achievement = score
        .achievement
        .map(|a| format!(" ({})", format_percent(a)))
        .unwrap_or_default();
    let period = period
        .map(|p| format!(", monitoraggio {p}"))
        .unwrap_or_default();
    format!("{status}{achievement}{period}")
}

/// At most [`EXCERPT`] bytes of a description, cut at a word: where a description
/// says what the objective is about; the whole text is on its page.
fn excerpt(text: &str) -> &str {
    if text.len() <= EXCERPT {
        return text;
    }
    let mut end = EXCERPT;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let cut = &text[..end];
    cut.rfind(char::is_whitespace).map_or(cut, |i| &cut[..i])
}

/// The longest excerpt of a description kept in the index, in bytes.
const EXCERPT: usize = 300;

fn join_words(parts: &[&str]) -> String {
    parts
        .iter()
        .map(|p| p.trim())
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join(" · ")
}

/// The folder of a kind's pages (the model's, whose kinds the document mirrors).
fn folder(kind: Kind) -> &'static str {
    let kind = match kind {
        Kind::Strategic => model::Kind::Strategic,
        Kind::Operational => model::Kind::Operational,
        Kind::Individual => model::Kind::Individual,
        Kind::Common => model::Kind::Common,
    };
    kind.folder()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Addresses that name what they point at, so that a wrong one shows.
    struct Named;

    impl Addresses for Named {
        fn area(&self, id: &str) -> String {
            format!("area {id}")
        }
        fn objective(&self, kind: Kind, id: &str) -> String {
            format!("{} {id}", kind.code())
        }
        fn period(&self, id: &str) -> String {
            format!("periodo {id}")
        }
    }

    /// Every plan's shard made both ways, with and without KPI records: the shipped
    /// content and the complete example.
    #[test]
    fn a_current_plan_s_shard_is_its_document_s() {
        crate::testing::each_plan(|plan, evaluations| {
            let latest = &evaluations[evaluations.len().saturating_sub(1)..];
            let doc = Document::new(plan, latest);
            for large in [0, 300] {
                let whole = Shard::of("P".into(), &doc, &Named, large);
                let streamed = Shard::of_plan("P".into(), plan, latest.first(), &Named, large);
                assert!(!whole.records.is_empty());
                assert_eq!(whole, streamed, "plan {}, large {large}", plan.info.id);
            }
        });
    }
}
