//! The Relazione sulla Performance of one year (art. 10 d.lgs. 150/2009): the year-end
//! period it reports on, what the body writes about it (presentation, context,
//! process, the notes on each gap), the resources per objective, and where it stands
//! in its approval by the Giunta and validation by the OIV.

use std::path::PathBuf;
use std::str::FromStr;
use std::sync::Arc;

use rust_decimal::Decimal;
use serde::Serialize;

use super::{Date, UnknownWord};

/// One year's Relazione, read from `piani/<piano>/relazione/<anno>/relazione.toml`.
#[derive(Debug, Clone, Serialize)]
pub struct Relazione {
    /// The year reported on.
    pub year: i32,
    /// The id of the year-end period of that year whose results it reports.
    pub period: String,
    pub published: Date,
    pub updated: Date,
    /// "Presentazione e principali risultati", Markdown.
    pub presentation: String,
    /// "Analisi del contesto e delle risorse", Markdown.
    pub context: String,
    /// "Processo di misurazione e valutazione", Markdown.
    pub process: String,
    /// What the body writes per objective, in the order written.
    pub objectives: Vec<ObjectiveNotes>,
    pub state: State,
    /// The Relazione as approved and its other acts (`[[documento]]`).
    pub documents: Vec<super::document::Document>,
}

impl Relazione {
    /// What the body wrote about an objective, if anything.
    pub fn notes(&self, id: &str) -> Option<&ObjectiveNotes> {
        self.objectives.iter().find(|o| o.objective == id)
    }

    /// The note on the gap of an objective (empty when none).
    pub fn note(&self, id: &str) -> &str {
        self.notes(id).map_or("", |o| o.note.as_str())
    }
}

/// The note on an objective's gap and its resources.
#[derive(Debug, Clone, Serialize)]
pub struct ObjectiveNotes {
    /// The objective's id (of any kind of the plan).
    pub objective: String,
    /// "Note per l'analisi degli scostamenti", Markdown.
    pub note: String,
    /// Resources planned, in euro; when absent, the budget written in the plan.
    pub budget: Option<Decimal>,
    /// Resources spent, in euro, where given.
    pub spent: Option<Decimal>,
}

/// Where the Relazione stands: each state carries what it needs, so a validation without
/// an approval cannot be written down.
#[derive(Debug, Clone, Serialize)]
#[serde(tag = "stato", rename_all = "snake_case")]
pub enum State {
    /// Drafted, not yet approved by the Giunta.
    NotApproved,
    /// Approved, awaiting the OIV's validation.
    Approved { approval: Approval },
    /// Approved and validated by the OIV.
    Validated {
        approval: Approval,
        validation: Validation,
    },
}

impl State {
    /// The approval, once given.
    pub fn approval(&self) -> Option<&Approval> {
        match self {
            State::NotApproved => None,
            State::Approved { approval } | State::Validated { approval, .. } => Some(approval),
        }
    }

    /// The validation, once given.
    pub fn validation(&self) -> Option<&Validation> {
        match self {
            State::Validated { validation, .. } => Some(validation),
            _ => None,
        }
    }

    /// Code for data files and CSS: `non-approvata`, `in-attesa-di-validazione`, `validata`.
    pub fn code(&self) -> &'static str {
        match self {
            State::NotApproved => "non-approvata",
            State::Approved { .. } => "in-attesa-di-validazione",
            State::Validated { .. } => "validata",
        }
    }
}

/// The Giunta's act approving the Relazione.
#[derive(Debug, Clone, Serialize)]
pub struct Approval {
    /// The kind of act, as written ("Delibera di Giunta").
    pub act: String,
    /// Its number, as written ("12").
    pub number: String,
    pub date: Date,
    /// Link to the published act.
    pub url: Option<String>,
}

impl Approval {
    /// `delibera di Giunta n. 12 del 28/04/2026`, the act as a sentence names it.
    pub fn italian(&self) -> String {
        let act = lower_first(&self.act);
        format!("{act} n. {} del {}", self.number, self.date.short())
    }
}

/// The first letter in lower case, for an act named within a sentence.
fn lower_first(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_lowercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// The OIV's validation (art. 14, c. 4, lett. c), d.lgs. 150/2009).
#[derive(Debug, Clone, Serialize)]
pub struct Validation {
    pub date: Date,
    pub outcome: Outcome,
    pub document: Document,
}

/// The outcome of the OIV's validation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    Validata,
    ValidataConOsservazioni,
    NonValidata,
}

impl Outcome {
    /// Every outcome.
    pub const ALL: [Outcome; 3] = [
        Outcome::Validata,
        Outcome::ValidataConOsservazioni,
        Outcome::NonValidata,
    ];

    /// The words written in the content and shown on the page.
    pub fn word(self) -> &'static str {
        match self {
            Outcome::Validata => "validata",
            Outcome::ValidataConOsservazioni => "validata con osservazioni",
            Outcome::NonValidata => "non validata",
        }
    }
}

/// Reads [`Outcome::word`] in any case, with `_` or `-` for spaces.
impl FromStr for Outcome {
    type Err = UnknownWord;

    fn from_str(text: &str) -> Result<Outcome, UnknownWord> {
        let t = text.trim().to_lowercase().replace(['_', '-'], " ");
        UnknownWord::find(text, &t, &Outcome::ALL, Outcome::word)
    }
}

/// The OIV's validation document: a file beside `relazione.toml`, published unchanged,
/// or a link to where it is published.
#[derive(Debug, Clone, Serialize)]
#[serde(tag = "tipo", rename_all = "snake_case")]
pub enum Document {
    File(Attachment),
    Link { url: String },
}

/// A file of the content folder published unchanged beside the Relazione's page.
#[derive(Debug, Clone, Serialize)]
pub struct Attachment {
    /// The file name, e.g. `validazione-oiv.pdf`.
    pub name: String,
    /// Its path within the content folder, with `/`.
    pub path: String,
    /// Its bytes, read with the content folder; `None` when the content was given
    /// without a folder to read it from (in memory).
    #[serde(skip)]
    pub bytes: Option<Arc<[u8]>>,
    /// Where `documento` is written (`relazione.toml`, line, column), for the error of a
    /// file that is not there.
    #[serde(skip)]
    pub written_at: (PathBuf, usize, usize),
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn outcomes_read_back_from_their_words() {
        for o in Outcome::ALL {
            assert_eq!(o.word().parse(), Ok(o));
            assert_eq!(o.word().to_uppercase().replace(' ', "_").parse(), Ok(o));
        }
        let e = "approvata".parse::<Outcome>().unwrap_err();
        assert_eq!(
            e.accepted_list(),
            "\"validata\", \"validata con osservazioni\", \"non validata\""
        );
    }

    #[test]
    fn an_approval_reads_as_a_sentence() {
        let a = Approval {
            act: "Delibera di Giunta".into(),
            number: "12".into(),
            date: Date::new(2026, 4, 28).unwrap(),
            url: None,
        };
        assert_eq!(a.italian(), "delibera di Giunta n. 12 del 28/04/2026");
    }
}
