//! The plan as trasparenza understands it: typed, validated, free of the
//! text forms it was written in. Built by [`crate::load`], read by
//! [`crate::evaluate`] and [`crate::render`].

pub mod continuation;
pub mod date;
pub mod document;
pub mod number;
pub mod pay;
mod period;
pub mod relazione;
pub mod revision;
pub mod rules;
pub mod target;

use std::fmt;
use std::str::FromStr;
use std::sync::Arc;

use rust_decimal::Decimal;
use serde::Serialize;

pub use continuation::{Continuations, Predecessor};
pub use date::Date;
pub use period::{KpiReport, Period, Report};
pub use revision::{Revision, Revisions};
pub use rules::Rules;
pub use target::{Goal, Measured, Op, Polarity, Target, Unit};

/// Everything under `content/`.
#[derive(Debug, Clone, Serialize)]
pub struct Plan {
    pub body: Body,
    pub info: PlanInfo,
    pub rules: Rules,
    pub areas: Vec<Area>,
    pub strategic: Vec<Arc<Objective>>,
    pub operational: Vec<Arc<Objective>>,
    pub individual: Vec<Arc<Objective>>,
    pub common: Vec<Arc<Objective>>,
    /// Monitoring periods, oldest first.
    pub periods: Vec<Period>,
    /// Revisions of the plan, oldest first (`piano/revisioni.toml`).
    pub revisions: Revisions,
    /// Objectives and KPIs that continue those of an earlier plan under another code.
    #[serde(skip)]
    pub continuations: Continuations,
    /// The Relazione sulla Performance of each year reported on, oldest first
    /// (`relazione/<anno>/relazione.toml`).
    pub relazioni: Vec<relazione::Relazione>,
}

impl Plan {
    /// The objectives of one kind, in plan order.
    pub fn objectives(&self, kind: Kind) -> &[Arc<Objective>] {
        match kind {
            Kind::Strategic => &self.strategic,
            Kind::Operational => &self.operational,
            Kind::Individual => &self.individual,
            Kind::Common => &self.common,
        }
    }

    /// The objective of a kind with an id: a binary search, since each list is in
    /// natural order of id (see `load`).
    pub fn objective(&self, kind: Kind, id: &str) -> Option<&Objective> {
        let list = self.objectives(kind);
        list.binary_search_by(|o| natural_cmp(&o.id, id))
            .ok()
            .map(|i| &*list[i])
    }
}

/// The public body.
#[derive(Debug, Clone, Serialize)]
pub struct Body {
    pub name: String,
    pub ipa_code: String,
    pub website: String,
    /// Absolute URL of the published section, ending with `/`.
    pub base_url: String,
    pub office: String,
    /// SPDX identifier of the open-data licence.
    pub licence: String,
    pub accessibility_statement: String,
    pub privacy: String,
    pub legal_notes: String,
    /// The site has the officer's self-check page (`[autoverifica] pagina = true`).
    #[serde(skip)]
    pub self_check_page: bool,
}

/// The plan document.
#[derive(Debug, Clone, Serialize)]
pub struct PlanInfo {
    /// The plan's permanent id, its folder under `piani/` (e.g. `2022-2024`): part of
    /// every URL of its pages, so it never changes once published.
    pub id: String,
    /// The plan's folder within the content, with a final `/`: `piani/<id>/`, or empty
    /// for content with a single plan written without plan folders.
    pub folder: String,
    pub title: String,
    pub first_year: i32,
    pub last_year: i32,
    pub published: Date,
    pub updated: Date,
    /// Set when the plan is the Performance sub-section of a PIAO.
    pub piao: Option<Piao>,
    /// The plan's adopted acts (`[[documento]]` in `piano.toml`).
    pub documents: Vec<document::Document>,
    /// The acts adopting the SMVP whose rules the plan applies (`[[valutazione.documento]]`).
    pub smvp_documents: Vec<document::Document>,
}

/// The PIAO (Piano integrato di attività e organizzazione, art. 6 d.l. 80/2021) a plan
/// is the Performance sub-section of.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Piao {
    /// Title of the whole PIAO, e.g. "PIAO 2023-2025".
    pub title: String,
    /// The act adopting it, as written ("Delibera di Giunta n. 12 del 30/01/2023").
    pub act: String,
    /// Link to the full PIAO document, when published.
    pub url: Option<String>,
    /// The body's own name for its strategic objectives where its PIAO uses one
    /// ("obiettivi di valore pubblico"); the official AT labels stay as they are.
    pub strategic_label: Option<String>,
}

/// Every plan cycle of the content, oldest first; never empty. The last one is the plan
/// in force: the one adopted most recently.
#[derive(Debug, Clone, Serialize)]
pub struct Plans {
    cycles: Vec<Plan>,
    /// The plan whose pages were published at the section's addresses from before plan
    /// folders existed (`piano-della-performance/aree/1/`...): those addresses are kept
    /// as redirects to it.
    legacy: Option<usize>,
    /// The premi of each year, oldest first (`premi/<anno>.toml`): the body's, not a plan's.
    pay: Vec<pay::PayYear>,
}

impl Plans {
    /// The plans, oldest first; `None` when there is none. `legacy` is the index of the
    /// plan published at the addresses from before plan folders, if any.
    pub fn new(mut cycles: Vec<Plan>, legacy: Option<usize>) -> Option<Plans> {
        if cycles.is_empty() {
            return None;
        }
        cycles.sort_by_key(|p| p.info.first_year);
        let legacy = legacy.filter(|i| *i < cycles.len());
        Some(Plans {
            cycles,
            legacy,
            pay: Vec::new(),
        })
    }

    /// One plan alone, published at the addresses from before plan folders when `legacy`.
    pub fn one(plan: Plan, legacy: bool) -> Plans {
        Plans {
            cycles: vec![plan],
            legacy: legacy.then_some(0),
            pay: Vec::new(),
        }
    }

    /// The same plans with the premi of each year (sorted oldest first).
    pub fn with_pay(mut self, mut pay: Vec<pay::PayYear>) -> Plans {
        pay.sort_by_key(|y| y.year);
        self.pay = pay;
        self
    }

    /// The premi of each year, oldest first.
    pub fn pay(&self) -> &[pay::PayYear] {
        &self.pay
    }

    /// Every Relazione whose year end is among its plan's periods (an earlier snapshot
    /// leaves out the later ones), the latest year first.
    pub fn relazioni(&self) -> Vec<&relazione::Relazione> {
        let mut all: Vec<&relazione::Relazione> = self
            .all()
            .iter()
            .flat_map(|p| {
                p.relazioni
                    .iter()
                    .filter(|r| p.periods.iter().any(|pe| pe.id == r.period))
            })
            .collect();
        all.sort_by_key(|r| std::cmp::Reverse(r.year));
        all
    }

    /// Every plan and the premi, to read the files of the documents of both.
    pub fn all_and_pay_mut(&mut self) -> (&mut [Plan], &mut [pay::PayYear]) {
        (&mut self.cycles, &mut self.pay)
    }

    /// Every plan, oldest first.
    pub fn all(&self) -> &[Plan] {
        &self.cycles
    }

    /// Every plan, to change in place (e.g. the base URL of the build).
    pub fn all_mut(&mut self) -> &mut [Plan] {
        &mut self.cycles
    }

    /// The plan in force: the most recently adopted.
    pub fn current(&self) -> &Plan {
        // never empty (see `new`)
        &self.cycles[self.cycles.len() - 1]
    }

    /// Index of the plan in force.
    pub fn current_index(&self) -> usize {
        self.cycles.len() - 1
    }

    /// The plan in force, taken out.
    pub fn into_current(mut self) -> Plan {
        // never empty (see `new`)
        self.cycles.swap_remove(self.cycles.len() - 1)
    }

    /// The plans, taken out, oldest first.
    pub fn into_vec(self) -> Vec<Plan> {
        self.cycles
    }

    /// Index of the plan published at the addresses from before plan folders.
    pub fn legacy(&self) -> Option<usize> {
        self.legacy
    }

    /// The plan a period belongs to, or else the plan in force (whose periods an error
    /// about an unknown period lists).
    pub fn plan_of_period(&self, id: &str) -> &Plan {
        match self.find_period(id.trim()) {
            Some((i, _)) => &self.cycles[i],
            None => self.current(),
        }
    }

    /// The plan a period belongs to and the period's index in it.
    pub fn find_period(&self, id: &str) -> Option<(usize, usize)> {
        self.cycles
            .iter()
            .enumerate()
            .find_map(|(i, plan)| plan.periods.iter().position(|p| p.id == id).map(|j| (i, j)))
    }
}

/// A strategic area.
#[derive(Debug, Clone, Serialize)]
pub struct Area {
    pub id: String,
    pub title: String,
    /// Markdown.
    pub description: String,
}

/// The four kinds of objective of a plan.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// Triennial, under an area.
    Strategic,
    /// Annual, under a strategic objective.
    Operational,
    /// Assigned to a role (e.g. Segretario Generale).
    Individual,
    /// Common objectives of the chamber system (Unioncamere).
    Common,
}

impl Kind {
    /// All kinds, in publication order.
    pub const ALL: [Kind; 4] = [
        Kind::Strategic,
        Kind::Operational,
        Kind::Individual,
        Kind::Common,
    ];

    /// Folder name under `piano/` and `monitoraggio/<periodo>/`.
    pub fn folder(self) -> &'static str {
        match self {
            Kind::Strategic => "obiettivi-strategici",
            Kind::Operational => "obiettivi-operativi",
            Kind::Individual => "obiettivi-individuali",
            Kind::Common => "obiettivi-comuni",
        }
    }

    /// Italian name, singular.
    pub fn label(self) -> &'static str {
        match self {
            Kind::Strategic => "obiettivo strategico",
            Kind::Operational => "obiettivo operativo",
            Kind::Individual => "obiettivo individuale",
            Kind::Common => "obiettivo comune",
        }
    }
}

/// An objective of any kind. Fields that a kind does not have stay empty.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Objective {
    pub kind: Kind,
    pub id: String,
    pub title: String,
    /// Parent: area id for strategic, strategic id for operational.
    pub parent: Option<String>,
    /// Markdown.
    pub description: String,
    pub details: Details,
    pub kpis: Vec<Kpi>,
}

/// Descriptive fields of operational, individual and common objectives.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Details {
    pub year: Option<i32>,
    pub mission: Option<String>,
    pub programme: Option<String>,
    /// Markdown.
    pub expected_results: String,
    /// Markdown.
    pub expected_benefits: String,
    pub staff_impact: Option<String>,
    pub cost_centre: Option<String>,
    pub organisational_area: Option<String>,
    pub budget: Option<Decimal>,
    pub budget_note: Option<String>,
    /// Individual objectives: the role they are assigned to.
    pub role: Option<String>,
    /// Individual objectives: the person; kept in content, never published next to a score.
    #[serde(skip)]
    pub holder: Option<String>,
    /// Common objectives: the objective's general weight.
    pub general_weight: Option<Decimal>,
}

/// A key performance indicator.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Kpi {
    /// Unique within the objective; measurements refer to it.
    pub id: String,
    /// The code as the plan document writes it.
    pub code: Option<String>,
    pub name: String,
    pub kind: Option<String>,
    /// Weight as written, if any.
    pub weight: Option<Decimal>,
    pub unit: Option<String>,
    pub source: Option<String>,
    pub algorithm: Option<String>,
    pub baseline: Option<String>,
    pub polarity: Option<Polarity>,
    pub responsible: Option<String>,
    pub frequency: Option<String>,
    /// One target per year, ascending.
    pub targets: Vec<YearTarget>,
}

/// The target of one year.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct YearTarget {
    pub year: i32,
    pub target: Target,
    /// The text the plan wrote.
    pub written: String,
}

impl Kpi {
    /// The target for a year, if the plan sets one.
    pub fn target_for(&self, year: i32) -> Option<&YearTarget> {
        self.targets.iter().find(|t| t.year == year)
    }
}

/// Orders ids the way people number them: "1.10" after "1.9".
pub fn natural_cmp(a: &str, b: &str) -> std::cmp::Ordering {
    // each part compares as (number, text), non-numbers after every number; no allocation
    fn key(part: &str) -> (u64, &str) {
        (part.parse().unwrap_or(u64::MAX), part)
    }
    fn parts(id: &str) -> impl Iterator<Item = (u64, &str)> {
        id.split(['.', '-', ' ']).map(key)
    }
    // the parts before the last separator the two ids share are equal: skip them
    let same = a.bytes().zip(b.bytes()).take_while(|(x, y)| x == y).count();
    let from = a.as_bytes()[..same]
        .iter()
        .rposition(|c| matches!(c, b'.' | b'-' | b' '))
        .map_or(0, |i| i + 1);
    parts(&a[from..]).cmp(parts(&b[from..]))
}

/// Status classes, in words.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Status {
    Raggiunto,
    InLinea,
    Parziale,
    NonRaggiunto,
    NonValutabile,
}

impl Status {
    /// Every status, best first.
    pub const ALL: [Status; 5] = [
        Status::Raggiunto,
        Status::InLinea,
        Status::Parziale,
        Status::NonRaggiunto,
        Status::NonValutabile,
    ];

    /// Code used in CSS classes and data files.
    pub fn code(self) -> &'static str {
        match self {
            Status::Raggiunto => "raggiunto",
            Status::InLinea => "in-linea",
            Status::Parziale => "parziale",
            Status::NonRaggiunto => "non-raggiunto",
            Status::NonValutabile => "non-valutabile",
        }
    }

    /// Label shown to people.
    pub fn label(self) -> &'static str {
        match self {
            Status::Raggiunto => "Raggiunto",
            Status::InLinea => "In linea",
            Status::Parziale => "Parzialmente raggiunto",
            Status::NonRaggiunto => "Non raggiunto",
            Status::NonValutabile => "Non valutabile",
        }
    }

    /// The words a body writes for it in its statements (`stato_dichiarato`).
    pub fn word(self) -> &'static str {
        match self {
            Status::Raggiunto => "raggiunto",
            Status::InLinea => "in linea",
            Status::Parziale => "parzialmente raggiunto",
            Status::NonRaggiunto => "non raggiunto",
            Status::NonValutabile => "non valutabile",
        }
    }
}

/// Reads the words of [`Status::word`], in any case, with `_` or `-` for spaces, and
/// `parziale` for short.
impl FromStr for Status {
    type Err = UnknownWord;

    fn from_str(text: &str) -> Result<Status, UnknownWord> {
        let t = text.trim().to_lowercase().replace(['_', '-'], " ");
        if t == "parziale" {
            return Ok(Status::Parziale);
        }
        UnknownWord::find(text, &t, &Status::ALL, Status::word)
    }
}

/// A word that is none of those an enum read from the content accepts: the error of
/// their `FromStr`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownWord {
    /// The text as written.
    pub word: String,
    /// Every accepted word.
    pub accepted: Vec<&'static str>,
}

impl UnknownWord {
    /// The value among `all` whose word is `normalised`, or the error for `text`.
    pub(crate) fn find<T: Copy>(
        text: &str,
        normalised: &str,
        all: &[T],
        word: fn(T) -> &'static str,
    ) -> Result<T, UnknownWord> {
        all.iter()
            .copied()
            .find(|v| word(*v) == normalised)
            .ok_or_else(|| UnknownWord {
                word: text.to_owned(),
                accepted: all.iter().copied().map(word).collect(),
            })
    }

    /// The accepted words quoted and separated by commas: `"crescente", "esatta"`.
    pub fn accepted_list(&self) -> String {
        let quoted: Vec<String> = self.accepted.iter().map(|w| format!("\"{w}\"")).collect();
        quoted.join(", ")
    }
}

impl fmt::Display for UnknownWord {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "\"{}\" sconosciuto: valori ammessi: {}",
            self.word,
            self.accepted_list()
        )
    }
}

impl std::error::Error for UnknownWord {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_status_reads_back_from_its_word() {
        for s in Status::ALL {
            assert_eq!(s.word().parse(), Ok(s));
            assert_eq!(s.word().to_uppercase().replace(' ', "_").parse(), Ok(s));
        }
        assert_eq!(" parziale ".parse(), Ok(Status::Parziale));
        assert_eq!("non-valutabile".parse(), Ok(Status::NonValutabile));
    }

    #[test]
    fn an_unknown_status_keeps_the_text_and_lists_the_words() {
        let e = " quasi raggiunto".parse::<Status>().unwrap_err();
        assert_eq!(e.word, " quasi raggiunto");
        assert_eq!(
            e.accepted_list(),
            "\"raggiunto\", \"in linea\", \"parzialmente raggiunto\", \"non raggiunto\", \"non valutabile\""
        );
    }
}
