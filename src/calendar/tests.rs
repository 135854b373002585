//! The calendar on the complete example (two plans 2025-2027 and 2026-2028, the 2025
//! year end and its Relazione, approved 28/04/2026 and validated 20/05/2026, the premi
//! of 2025), around each deadline: the day before, the day of, the day after.

use super::*;
use crate::diagnostic::Source;
use crate::init::{COMPLETE, FILES};
use crate::load::load_sources;

const RELAZIONE: &str = "piani/2025-2027/relazione/2025/relazione.toml";

/// The complete example, with files changed (`Some`) or removed (`None`).
fn example(changes: &[(&str, Option<&str>)]) -> Plans {
    let sources: Vec<Source> = FILES
        .iter()
        .chain(COMPLETE)
        // content files only: the validation document beside a Relazione is not TOML
        .filter(|(path, _)| path.ends_with(".toml"))
        .filter_map(|(path, text)| Some((path.strip_prefix("content/")?, *text)))
        .filter_map(
            |(path, text)| match changes.iter().find(|(p, _)| *p == path) {
                Some((_, changed)) => changed.map(|t| (path, t)),
                None => Some((path, text)),
            },
        )
        .map(|(path, text)| Source::new(path, text))
        .collect();
    let loaded = load_sources(&sources);
    let errors: Vec<String> = loaded.diagnostics.iter().map(|d| d.to_string()).collect();
    loaded.plans.unwrap_or_else(|| panic!("{errors:#?}"))
}

/// The Relazione of the example without its validation.
fn unvalidated() -> String {
    let text = COMPLETE
        .iter()
        .find(|(p, _)| p.ends_with(RELAZIONE))
        .map(|(_, t)| *t)
        .unwrap();
    let cut = text.find("[validazione]").unwrap();
    text[..cut].to_owned()
}

fn date(iso: &str) -> Date {
    Date::parse_iso(iso).unwrap()
}

fn find(plans: &Plans, today: &str, duty: &Duty) -> Obligation {
    obligations(plans, date(today))
        .into_iter()
        .find(|o| &o.duty == duty)
        .unwrap_or_else(|| panic!("no {duty:?} on {today}"))
}

#[test]
fn a_missing_relazione_is_overdue_the_day_after_30_june() {
    let plans = example(&[(RELAZIONE, None)]);
    let duty = Duty::Relazione { year: 2025 };
    for (today, expected) in [
        ("2026-06-29", State::Due),
        ("2026-06-30", State::Due),
        ("2026-07-01", State::Overdue),
    ] {
        let o = find(&plans, today, &duty);
        assert_eq!(o.state, expected, "{today}");
        assert_eq!(o.due, date("2026-06-30"));
    }
    // nothing written: it belongs to the plan of its year
    let o = find(&plans, "2026-07-01", &duty);
    assert_eq!(o.place.file, "piani/2025-2027/piano.toml");
    assert_eq!(o.place.table, Some("piano"));
}

#[test]
fn an_approved_relazione_awaits_its_validation_until_30_june() {
    let text = unvalidated();
    let plans = example(&[(RELAZIONE, Some(&text))]);
    let validation = Duty::Validation { year: 2025 };
    for (today, expected) in [
        ("2026-06-29", State::Due),
        ("2026-06-30", State::Due),
        ("2026-07-01", State::Overdue),
    ] {
        assert_eq!(find(&plans, today, &validation).state, expected, "{today}");
    }
    let o = find(&plans, "2026-07-01", &validation);
    assert_eq!(o.place.file, RELAZIONE);
    assert_eq!(o.place.table, Some("approvazione"));
    // the Relazione itself is done, on its approval date
    let r = find(&plans, "2026-07-01", &Duty::Relazione { year: 2025 });
    assert_eq!(
        r.state,
        State::Done {
            on: date("2026-04-28")
        }
    );
}

#[test]
fn a_validated_relazione_is_done_with_its_outcome() {
    let plans = example(&[]);
    let o = find(&plans, "2026-07-01", &Duty::Validation { year: 2025 });
    assert_eq!(
        o.state,
        State::Done {
            on: date("2026-05-20")
        }
    );
    assert_eq!(o.outcome, Some("validata"));
    let everything = obligations(&plans, date("2026-07-01"));
    assert!(
        everything.iter().all(|o| !o.is_overdue()),
        "{everything:#?}"
    );
}

#[test]
fn the_next_plan_is_due_by_31_january() {
    let plans = example(&[]);
    let duty = Duty::Plan { year: 2027 };
    for (today, expected) in [
        ("2027-01-30", State::Due),
        ("2027-01-31", State::Due),
        ("2027-02-01", State::Overdue),
    ] {
        assert_eq!(find(&plans, today, &duty).state, expected, "{today}");
    }
    let o = find(&plans, "2027-02-01", &duty);
    assert_eq!(o.place.file, "piani/2027-2029/piano.toml");
    assert_eq!(o.place.table, None);
    // adopted plans are done on their publication date
    assert!(matches!(
        find(&plans, "2027-02-01", &Duty::Plan { year: 2026 }).state,
        State::Done { .. }
    ));
    // in December the next deadline is the coming plan's
    let all = obligations(&plans, date("2026-12-03"));
    assert_eq!(next(&all).map(|o| &o.duty), Some(&duty));
}

#[test]
fn a_planned_semester_is_due_60_days_after_its_end() {
    let plans = example(&[]);
    let duty = Duty::Monitoring {
        year: 2027,
        period: "2027-S1".into(),
    };
    for (today, expected) in [
        ("2027-08-28", State::Due),
        ("2027-08-29", State::Due),
        ("2027-08-30", State::Overdue),
    ] {
        assert_eq!(find(&plans, today, &duty).state, expected, "{today}");
    }
    // the plan in force for 2027 is the most recent covering it
    let o = find(&plans, "2027-08-30", &duty);
    assert_eq!(
        o.place.file,
        "piani/2026-2028/monitoraggio/2027-S1/periodo.toml"
    );
    // published semesters are done
    assert!(matches!(
        find(
            &plans,
            "2027-08-30",
            &Duty::Monitoring {
                year: 2026,
                period: "2026-S1".into()
            }
        )
        .state,
        State::Done { .. }
    ));
}

#[test]
fn the_rules_choose_the_monitored_periods_and_their_delay() {
    let piano = FILES
        .iter()
        .find(|(p, _)| *p == "content/piani/2025-2027/piano.toml")
        .map(|(_, t)| *t)
        .unwrap();
    let piano = piano.replace(
        "[valutazione]",
        "[valutazione]\nmonitoraggi = \"trimestrale\"\ngiorni_pubblicazione_monitoraggio = 30",
    );
    let plans = example(&[("piani/2025-2027/piano.toml", Some(&piano))]);
    let all = obligations(&plans, date("2025-12-31"));
    let periods: Vec<(&str, String)> = all
        .iter()
        .filter_map(|o| match &o.duty {
            Duty::Monitoring { period, .. } => Some((period.as_str(), o.due.iso())),
            _ => None,
        })
        .collect();
    assert_eq!(
        periods,
        [
            ("2025-T1", "2025-04-30".to_owned()),
            ("2025-T2", "2025-07-30".to_owned()),
            ("2025-T3", "2025-10-30".to_owned()),
        ]
    );
}

#[test]
fn the_premi_are_due_by_the_end_of_the_next_year() {
    let plans = example(&[]);
    let duty = Duty::Pay { year: 2026 };
    for (today, expected) in [
        ("2027-12-30", State::Due),
        ("2027-12-31", State::Due),
        ("2028-01-01", State::Overdue),
    ] {
        assert_eq!(find(&plans, today, &duty).state, expected, "{today}");
    }
    assert!(matches!(
        find(&plans, "2028-01-01", &Duty::Pay { year: 2025 }).state,
        State::Done { .. }
    ));
}
