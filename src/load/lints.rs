//! Warnings (and the year errors) about what the plan says rather than how it is
//! written: years outside the plan, text copied between objectives, one person
//! spelled two ways. (Names next to individual evaluations are checked with each
//! objective, in `objective.rs`.)

use std::collections::BTreeSet;

use rustc_hash::FxHashMap;

use super::objective::ObjectiveSpans;
use super::placed::ObjectivesByKind;
use super::problems::Problems;
use crate::diagnostic::Diagnostic;
use crate::model::{Kind, Objective, PlanInfo};

/// An operational objective's year, and every KPI's target years, within the plan's;
/// a strategic objective's KPIs with a target for every year of the plan.
pub fn check_years(o: &Objective, spans: &ObjectiveSpans, info: &PlanInfo, p: &mut Problems) {
    let within = |year: i32| (info.first_year..=info.last_year).contains(&year);
    if let Some(year) = o.details.year
        && !within(year)
    {
        p.error(
            spans.year.clone().unwrap_or(0..0),
            format!(
                "l'obiettivo {} è del {year}, fuori dal periodo del piano {}–{}",
                o.id, info.first_year, info.last_year
            ),
            "controllare `anno`: un obiettivo operativo è annuale e cade negli anni del piano",
        );
    }
    for (k, at) in o.kpis.iter().zip(&spans.kpis) {
        for t in &k.targets {
            if t.year != 0 && !within(t.year) {
                p.warn(at.target.clone(), format!("il KPI \"{}\" dell'obiettivo {} ha un target per il {}, fuori dal periodo del piano {}–{}", k.id, o.id, t.year, info.first_year, info.last_year), "controllare l'anno");
            }
        }
        if o.kind == Kind::Strategic {
            let missing: Vec<String> = (info.first_year..=info.last_year)
                .filter(|y| k.target_for(*y).is_none())
                .map(|y| y.to_string())
                .collect();
            if !missing.is_empty() {
                p.warn(
                    at.target.clone(),
                    format!(
                        "il KPI \"{}\" dell'obiettivo {} non ha target per: {}",
                        k.id,
                        o.id,
                        missing.join(", ")
                    ),
                    "aggiungere il target mancante se il piano lo indica",
                );
            }
        }
    }
}

/// Warns about text copied from one objective into another of the same kind: the same
/// long KPI name.
pub fn check_copies(objectives: &ObjectivesByKind, diags: &mut Vec<Diagnostic>) {
    for list in objectives.values() {
        // long KPI name (lowercase) -> first objective of this kind using it
        let mut seen: FxHashMap<String, &str> = FxHashMap::default();
        for placed in list {
            let o = &placed.value;
            let mut names = BTreeSet::new();
            for (k, at) in o.kpis.iter().zip(&placed.spans.kpis) {
                // a lowercase text has at most as many characters as the original has bytes
                let name = k.name.trim();
                if name.len() < 80 {
                    continue;
                }
                let key = name.to_lowercase();
                if key.chars().count() < 80 || !names.insert(key.clone()) {
                    continue;
                }
                match seen.get(&key) {
                    Some(first) if *first != o.id => {
                        Problems::new(placed.src, diags).warn(
                            at.name.clone(),
                            format!("il KPI \"{}\" dell'obiettivo {} ha lo stesso nome di un KPI dell'obiettivo {first}", k.id, o.id),
                            "verificare che non sia un copia-incolla nel documento adottato",
                        );
                    }
                    Some(_) => {}
                    None => {
                        seen.insert(key, o.id.as_str());
                    }
                }
            }
        }
    }
}

/// Warns about the same person written two ways: a title, the same surname, a
/// different first part.
pub fn check_spellings(objectives: &ObjectivesByKind, diags: &mut Vec<Diagnostic>) {
    let mut by_surname: FxHashMap<String, (&str, &str)> = FxHashMap::default();
    for placed in objectives.values().flatten() {
        let o = &placed.value;
        for (k, at) in o.kpis.iter().zip(&placed.spans.kpis) {
            let Some(who) = k.responsible.as_deref().map(str::trim) else {
                continue;
            };
            let Some(surname) = titled_surname(who) else {
                continue;
            };
            match by_surname.get(&surname) {
                Some((first, first_obj)) if *first != who => {
                    Problems::new(placed.src, diags).warn(
                        at.responsible.clone().unwrap_or(0..0),
                        format!("responsabile \"{who}\" (obiettivo {}) e \"{first}\" (obiettivo {first_obj}): stessa persona scritta in due modi?", o.id),
                        "è il testo del documento adottato: segnalarlo all'ufficio che lo ha redatto",
                    );
                }
                Some(_) => {}
                None => {
                    by_surname.insert(surname, (who, o.id.as_str()));
                }
            }
        }
    }
}

/// The surname (lowercase) of a name written with a title and at least two more
/// words, the last being the surname: `Dott.ssa Maria Palmieri`.
fn titled_surname(who: &str) -> Option<String> {
    let mut words = who.split_whitespace();
    let title = words.next()?;
    let titled = ["Dott", "Rag", "Sig", "Ing", "Avv", "Prof"]
        .iter()
        .any(|t| title.starts_with(t));
    if !titled {
        return None;
    }
    let (count, last) = words.fold((1, title), |(n, _), w| (n + 1, w));
    (count >= 3).then(|| last.to_lowercase())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_titled_names_of_three_words_have_a_surname() {
        assert_eq!(
            titled_surname("Dott.ssa Maria Palmieri"),
            Some("palmieri".into())
        );
        assert_eq!(
            titled_surname("Rag. Anna Maria Rossi"),
            Some("rossi".into())
        );
        assert_eq!(titled_surname("Dott. Rossi"), None);
        assert_eq!(titled_surname("Maria Anna Rossi"), None);
        assert_eq!(titled_surname(""), None);
    }
}
