//! The calendar of obligations as the pages show it: on the home page the next deadline
//! and anything overdue, on the SMVP page the calendar of the plan's cycle.

use serde::Serialize;

use super::Builder;
use crate::calendar::{self, Duty, Obligation, State};

/// One obligation, in words.
#[derive(Serialize)]
pub(super) struct Item {
    cosa: String,
    riferimento: &'static str,
    scadenza: String,
    scadenza_iso: String,
    /// `fatto`, `da-fare`, `scaduto`: for CSS.
    stato: &'static str,
    /// Where it stands, in words: "validata il 20 maggio 2026 (esito: validata)".
    situazione: String,
}

impl Item {
    fn of(o: &Obligation) -> Item {
        let (stato, situazione) = match &o.state {
            State::Done { on } => {
                let outcome = o
                    .outcome
                    .map(|e| format!(" (esito: {e})"))
                    .unwrap_or_default();
                ("fatto", format!("Fatto il {}{outcome}", on.italian()))
            }
            State::Due => ("da-fare", "Da fare".to_owned()),
            State::Overdue => ("scaduto", "Scaduto, non ancora pubblicato".to_owned()),
        };
        Item {
            cosa: o.duty.label(),
            riferimento: o.duty.basis(),
            scadenza: o.due.italian(),
            scadenza_iso: o.due.iso(),
            stato,
            situazione,
        }
    }
}

/// The calendar for one page.
#[derive(Serialize)]
pub(super) struct CalendarView {
    oggi: String,
    oggi_iso: String,
    /// The next deadline not yet met.
    prossima: Option<Item>,
    /// Everything past its deadline and not done, oldest first.
    scadute: Vec<Item>,
    /// The obligations of the plan's cycle, by deadline: its years, and the year before,
    /// whose Relazione is approved and validated in the plan's first year.
    voci: Vec<Item>,
}

impl Builder<'_> {
    /// The calendar as of the build's date, `None` when the build gives none.
    pub(super) fn calendar(&self) -> Option<CalendarView> {
        let today = self.input.today?;
        let all = calendar::obligations(self.input.plans, today);
        let info = &self.plan().info;
        let years = info.first_year..=info.last_year;
        Some(CalendarView {
            oggi: today.italian(),
            oggi_iso: today.iso(),
            prossima: calendar::next(&all).map(Item::of),
            scadute: all
                .iter()
                .filter(|o| o.is_overdue())
                .map(Item::of)
                .collect(),
            voci: all
                .iter()
                .filter(|o| {
                    let year = o.duty.year();
                    let closing =
                        matches!(o.duty, Duty::Relazione { .. } | Duty::Validation { .. });
                    years.contains(&year) || (closing && year == info.first_year - 1)
                })
                .map(Item::of)
                .collect(),
        })
    }
}
