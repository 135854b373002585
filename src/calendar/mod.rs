//! The calendar of obligations: from the content and a date ("today", given by the
//! caller, never read from a clock here), what the body had to publish or has yet to
//! publish in the Performance section, by when, and whether it did.
//!
//! The deadlines, each from its source:
//! - the Piano (or the PIAO holding it) of each year, by 31 January of that year
//!   (art. 10, c. 1, lett. a), d.lgs. 150/2009; art. 6 d.l. 80/2021): a plan whose first
//!   year is that year;
//! - the Relazione sulla Performance of year Y, approved by 30 June of Y+1 (art. 10,
//!   c. 1, lett. b), d.lgs. 150/2009), and its validation by the OIV by the same date
//!   (art. 14, c. 4, lett. c), d.lgs. 150/2009: the Relazione takes effect once validated);
//! - each intermediate monitoring period the plan's rules plan (`monitoraggi`, semiannual
//!   by default), a number of days after its end (`giorni_pubblicazione_monitoraggio`,
//!   60 by default): no law sets this date, each body's SMVP does;
//! - the premi of year Y (art. 20 d.lgs. 33/2013), by 31 December of Y+1: no law sets the
//!   date; they are paid only after the validation of the Relazione (art. 14, c. 6,
//!   d.lgs. 150/2009), in the year after the one evaluated.
//!
//! Years run from the first year of the oldest plan to the current one; the obligations
//! of a year are those of the plan in force for it (the most recent covering it).

use serde::Serialize;

use crate::model::relazione::State as RelazioneState;
use crate::model::{Date, Plan, Plans};

pub mod warnings;

#[cfg(test)]
mod tests;

/// What has to be published.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub enum Duty {
    /// The Piano (or PIAO) whose first year is this.
    Plan { year: i32 },
    /// The Relazione sulla Performance of the year, approved by the Giunta.
    Relazione { year: i32 },
    /// The OIV's validation of the year's Relazione.
    Validation { year: i32 },
    /// An intermediate monitoring period of the year (`2025-S1`).
    Monitoring { year: i32, period: String },
    /// The premi of the year.
    Pay { year: i32 },
}

impl Duty {
    /// What it is, in Italian, for a list: "Relazione sulla Performance 2025".
    pub fn label(&self) -> String {
        match self {
            Duty::Plan { year } => format!("Piano della Performance (o PIAO) {year}"),
            Duty::Relazione { year } => format!("Relazione sulla Performance {year}"),
            Duty::Validation { year } => {
                format!("Validazione dell'OIV della Relazione sulla Performance {year}")
            }
            Duty::Monitoring { period, .. } => format!("Monitoraggio {period}"),
            Duty::Pay { year } => format!("Dati sui premi collegati alla performance {year}"),
        }
    }

    /// The year it concerns.
    pub fn year(&self) -> i32 {
        match self {
            Duty::Plan { year }
            | Duty::Relazione { year }
            | Duty::Validation { year }
            | Duty::Monitoring { year, .. }
            | Duty::Pay { year } => *year,
        }
    }

    /// The legal basis (or the body's own rule) of its deadline.
    pub fn basis(&self) -> &'static str {
        match self {
            Duty::Plan { .. } => "art. 10, c. 1, lett. a), d.lgs. 150/2009; art. 6 d.l. 80/2021",
            Duty::Relazione { .. } => "art. 10, c. 1, lett. b), d.lgs. 150/2009",
            Duty::Validation { .. } => "art. 14, c. 4, lett. c), d.lgs. 150/2009",
            Duty::Monitoring { .. } => "Sistema di misurazione e valutazione dell'ente",
            Duty::Pay { .. } => "art. 20 d.lgs. 33/2013",
        }
    }
}

/// Where an obligation stands on the given day.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub enum State {
    /// Done, on this date (the publication, approval or validation date).
    Done { on: Date },
    /// Not done, and the deadline is today or later.
    Due,
    /// Not done, and the deadline has passed.
    Overdue,
}

/// Where the missing item belongs in the content: a file (relative to the content
/// folder, with `/`), and the table within it that a warning points at, if any.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Place {
    pub file: String,
    /// A TOML table header of the file (`piano` for `[piano]`), when the file exists.
    pub table: Option<&'static str>,
}

/// One obligation: what, by when, where it stands, where it belongs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Obligation {
    pub duty: Duty,
    pub due: Date,
    pub state: State,
    pub place: Place,
    /// The outcome of a validation once given (`validata con osservazioni`).
    pub outcome: Option<&'static str>,
}

impl Obligation {
    /// True when the deadline has passed and it is not done.
    pub fn is_overdue(&self) -> bool {
        self.state == State::Overdue
    }
}

/// Every obligation from the first year of the oldest plan to `today`'s year (and the
/// next year's plan), ordered by deadline, then as listed in [`Duty`].
pub fn obligations(plans: &Plans, today: Date) -> Vec<Obligation> {
    let Some(first) = plans.all().first().map(|p| p.info.first_year) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for year in first..=today.year() + 1 {
        out.push(plan_due(plans, year, today));
        if year > today.year() {
            continue;
        }
        let Some(plan) = plan_for(plans, year) else {
            continue;
        };
        out.extend(monitoring(plans, plan, year, today));
        out.extend(relazione(plan, year, today));
        out.push(pay(plans, year, today));
    }
    out.sort_by_key(|o| o.due);
    out
}

/// The next obligation not yet done whose deadline is today or later.
pub fn next(obligations: &[Obligation]) -> Option<&Obligation> {
    obligations.iter().find(|o| o.state == State::Due)
}

/// The plan in force for a year: the most recently adopted covering it.
fn plan_for(plans: &Plans, year: i32) -> Option<&Plan> {
    plans
        .all()
        .iter()
        .rev()
        .find(|p| (p.info.first_year..=p.info.last_year).contains(&year))
}

/// A date of the calendar; the days used here exist in every year.
fn day(year: i32, month: u8, day: u8) -> Date {
    Date::new(year, month, day).unwrap_or_else(|| unreachable!("a day of every year"))
}

fn state(done: Option<Date>, due: Date, today: Date) -> State {
    match done {
        Some(on) => State::Done { on },
        None if today > due => State::Overdue,
        None => State::Due,
    }
}

/// The file holding a plan's `[piano]` table.
fn plan_file(plan: &Plan) -> String {
    if plan.info.folder.is_empty() {
        "sito.toml".to_owned()
    } else {
        format!("{}piano.toml", plan.info.folder)
    }
}

fn obligation(duty: Duty, due: Date, state: State, place: Place) -> Obligation {
    Obligation {
        duty,
        due,
        state,
        place,
        outcome: None,
    }
}

fn plan_due(plans: &Plans, year: i32, today: Date) -> Obligation {
    let due = day(year, 1, 31);
    let adopted = plans.all().iter().find(|p| p.info.first_year == year);
    let place = Place {
        file: adopted.map_or_else(
            || format!("piani/{year}-{}/piano.toml", year + 2),
            plan_file,
        ),
        table: adopted.map(|_| "piano"),
    };
    let done = adopted.map(|p| p.info.published);
    obligation(Duty::Plan { year }, due, state(done, due, today), place)
}

fn monitoring<'a>(
    plans: &'a Plans,
    plan: &'a Plan,
    year: i32,
    today: Date,
) -> impl Iterator<Item = Obligation> + 'a {
    plan.rules
        .monitoring
        .periods()
        .iter()
        .map(move |&(suffix, month, d)| {
            let end = day(year, month, d);
            let due = end.plus_days(plan.rules.monitoring_days);
            let id = format!("{year}-{suffix}");
            // the period as published, under whatever id, by its end date
            let done = plans
                .all()
                .iter()
                .flat_map(|p| &p.periods)
                .find(|p| p.end == end && !p.is_final())
                .map(|p| p.published);
            let place = Place {
                file: format!("{}monitoraggio/{id}/periodo.toml", plan.info.folder),
                table: None,
            };
            obligation(
                Duty::Monitoring { year, period: id },
                due,
                state(done, due, today),
                place,
            )
        })
}

fn relazione(plan: &Plan, year: i32, today: Date) -> [Obligation; 2] {
    let due = day(year + 1, 6, 30);
    let written = plan.relazioni.iter().find(|r| r.year == year);
    let file = format!("{}relazione/{year}/relazione.toml", plan.info.folder);
    let approval = written.and_then(|r| r.state.approval()).map(|a| a.date);
    let validation = written.and_then(|r| r.state.validation());
    let relazione_place = match written {
        // a draft: the approval is what it lacks
        Some(_) => Place {
            file: file.clone(),
            table: None,
        },
        // nothing written: it belongs to the plan in force for the year
        None => Place {
            file: plan_file(plan),
            table: Some("piano"),
        },
    };
    let validation_place = Place {
        file,
        table: written
            .filter(|r| matches!(r.state, RelazioneState::Approved { .. }))
            .map(|_| "approvazione"),
    };
    let mut validated = obligation(
        Duty::Validation { year },
        due,
        state(validation.map(|v| v.date), due, today),
        validation_place,
    );
    validated.outcome = validation.map(|v| v.outcome.word());
    [
        obligation(
            Duty::Relazione { year },
            due,
            state(approval, due, today),
            relazione_place,
        ),
        validated,
    ]
}

fn pay(plans: &Plans, year: i32, today: Date) -> Obligation {
    let due = day(year + 1, 12, 31);
    let done = plans.pay().iter().find(|p| p.year == year).map(|p| p.date);
    obligation(
        Duty::Pay { year },
        due,
        state(done, due, today),
        Place {
            file: format!("premi/{year}.toml"),
            table: None,
        },
    )
}
