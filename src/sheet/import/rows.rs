//! Each row of the CSV checked against the plan: the objective and KPI it names, rows
//! repeated, values already written; what is left is what the import writes.

use std::collections::BTreeMap;

use rust_decimal::Decimal;

use crate::diagnostic::{Diagnostic, Severity, did_you_mean};
use crate::model::{Goal, Kind, Measured, Objective, Period, Plan, Status, Unit};
use crate::sheet::report_file::KpiUpdate;
use crate::sheet::{DECLARED, kind_from_word, kind_word, plain_number};

use super::CSV_VALUE_FORMS;
use super::table::Table;
use super::value::{compatible, read_value, with_target_unit};

/// A checked row: what to write for one KPI.
#[derive(Debug, Clone)]
pub(super) struct Row {
    pub(super) kind: Kind,
    pub(super) objective: String,
    /// Value and note of the KPI (both `None` when the row only declares a status).
    pub(super) update: KpiUpdate,
    /// The objective's declared status, when the row gives a new one.
    pub(super) declared: Option<Status>,
}

/// The rows to write, and how many rows name a KPI.
pub(super) fn check_rows(
    plan: &Plan,
    period: &Period,
    t: &Table,
    diags: &mut Vec<Diagnostic>,
) -> (Vec<Row>, usize) {
    let mut out = Vec::new();
    let mut read = 0;
    let mut seen: BTreeMap<(Kind, String, String), usize> = BTreeMap::new();
    let mut declared_in: BTreeMap<(Kind, String), (Status, usize)> = BTreeMap::new();
    for (line, record) in &t.records {
        let line = *line;
        if record.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        let Some((kind, objective)) = find_objective(plan, t, line, record, diags) else {
            continue;
        };
        let kpi_id = t.cell(record, "kpi");
        let Some(kpi) = objective.kpis.iter().find(|k| k.id == kpi_id) else {
            let ids: Vec<&str> = objective.kpis.iter().map(|k| k.id.as_str()).collect();
            let what = format!("{} {}", kind.label(), objective.id);
            let (message, hint) = if kpi_id.is_empty() {
                (
                    format!("manca l'id del KPI dell'{what}"),
                    format!("KPI dell'obiettivo: {}", ids.join(", ")),
                )
            } else {
                let hint = match did_you_mean(kpi_id, ids.iter().copied()) {
                    Some(best) => format!(
                        "forse intendeva \"{best}\"? KPI dell'obiettivo: {}",
                        ids.join(", ")
                    ),
                    None => format!(
                        "KPI dell'obiettivo: {}{}",
                        ids.join(", "),
                        date_hint(kpi_id)
                    ),
                };
                (format!("KPI \"{kpi_id}\" inesistente nell'{what}"), hint)
            };
            diags.push(t.error(line, "kpi", "", message, hint));
            continue;
        };
        let key = (kind, objective.id.clone(), kpi.id.clone());
        if let Some(first) = seen.get(&key) {
            diags.push(t.error(
                line,
                "kpi",
                "",
                format!(
                    "KPI \"{}\" dell'{} {} ripetuto",
                    kpi.id,
                    kind.label(),
                    objective.id
                ),
                format!("è già alla riga {first}: lasciare una sola riga per KPI"),
            ));
            continue;
        }
        seen.insert(key, line);
        read += 1;
        let context = format!("KPI {} dell'{} {}", kpi.id, kind.label(), objective.id);
        let target = kpi.target_for(period.year);
        let Some(value) = read_value(t, line, record, &context, diags) else {
            continue;
        };
        let value = value.map(|v| with_target_unit(v, target.map(|t| &t.target.goal)));
        if let (Some(v), Some(target)) = (&value, target) {
            if let Err(message) = compatible(v, &target.target.goal) {
                let column = if matches!(v, Measured::Ratio { .. }) {
                    "numeratore"
                } else {
                    "valore"
                };
                diags.push(t.error(
                    line,
                    column,
                    &format!("{context}, target {}", target.written.trim()),
                    message,
                    CSV_VALUE_FORMS,
                ));
                continue;
            }
            // 92% saved as 0,92 by a spreadsheet that lost the cell format
            if let (
                Measured::Amount {
                    value: x,
                    unit: Some(Unit::Percent),
                },
                Goal::Amount {
                    value: goal,
                    unit: Unit::Percent,
                    ..
                },
            ) = (v, &target.target.goal)
                && *x > Decimal::ZERO
                && *x <= Decimal::ONE
                && *goal > Decimal::ONE
                && !t.cell(record, "valore").contains('%')
            {
                diags.push(t.diag(
                    Severity::Warning,
                    line,
                    "valore",
                    &context,
                    format!("il valore {} sarà letto come {}%", t.cell(record, "valore"), plain_number(*x)),
                    format!("se il foglio di calcolo ha salvato la percentuale come frazione, scrivere {}%", plain_number(*x * Decimal::ONE_HUNDRED)),
                ));
            }
        }
        if value.is_some() && target.is_none() {
            diags.push(t.diag(Severity::Warning, line, "valore", &context, format!("il piano non indica un target per il {}: il valore sarà pubblicato ma non valutato", period.year), "controllare di aver indicato il periodo giusto"));
        }
        let note = Some(t.cell(record, "nota").replace("\r\n", "\n")).filter(|n| !n.is_empty());
        let Some(declared) =
            read_declared(t, line, record, kind, objective, &mut declared_in, diags)
        else {
            continue;
        };
        let declared = declared
            .filter(|s| period.report(kind, &objective.id).and_then(|r| r.declared) != Some(*s));
        if value.is_none() && note.is_none() && declared.is_none() {
            continue;
        }
        // leave out what is already written
        let existing = period
            .report(kind, &objective.id)
            .and_then(|r| r.kpis.iter().find(|m| m.kpi == kpi.id));
        let value = value.filter(|v| existing.is_none_or(|m| m.value != *v));
        let note = note.filter(|n| existing.is_none_or(|m| m.note.trim() != n.trim()));
        if value.is_none() && note.is_none() && declared.is_none() {
            continue;
        }
        out.push(Row {
            kind,
            objective: objective.id.clone(),
            update: KpiUpdate {
                kpi: kpi.id.clone(),
                value,
                note,
            },
            declared,
        });
    }
    (out, read)
}

/// The objective's declared status in the row: `Some(None)` when the cell is empty or
/// repeats the status of an earlier row, `None` after an error.
fn read_declared(
    t: &Table,
    line: usize,
    record: &[String],
    kind: Kind,
    objective: &Objective,
    declared_in: &mut BTreeMap<(Kind, String), (Status, usize)>,
    diags: &mut Vec<Diagnostic>,
) -> Option<Option<Status>> {
    let text = t.cell(record, DECLARED);
    if text.is_empty() {
        return Some(None);
    }
    let what = format!("{} {}", kind.label(), objective.id);
    let Ok(status) = text.parse::<Status>() else {
        let words: Vec<&str> = Status::ALL.iter().map(|s| s.word()).collect();
        diags.push(t.error(
            line,
            DECLARED,
            "",
            format!("stato dichiarato \"{text}\" sconosciuto (dell'{what})"),
            format!("valori ammessi: {}", words.join(", ")),
        ));
        return None;
    };
    match declared_in.get(&(kind, objective.id.clone())) {
        Some((first, _)) if *first == status => Some(None),
        Some((first, first_line)) => {
            diags.push(t.error(
                line,
                DECLARED,
                "",
                format!(
                    "stato dichiarato \"{}\" diverso da \"{}\" della riga {first_line}, per lo stesso {what}",
                    status.word(),
                    first.word()
                ),
                "lo stato dichiarato è dell'obiettivo: indicarlo in una sola riga dell'obiettivo, o lo stesso in tutte",
            ));
            None
        }
        None => {
            declared_in.insert((kind, objective.id.clone()), (status, line));
            Some(Some(status))
        }
    }
}

fn find_objective<'a>(
    plan: &'a Plan,
    t: &Table,
    line: usize,
    record: &[String],
    diags: &mut Vec<Diagnostic>,
) -> Option<(Kind, &'a Objective)> {
    let id = t.cell(record, "obiettivo");
    if id.is_empty() {
        diags.push(t.error(line, "obiettivo", "", "manca l'id dell'obiettivo".into(), "copiare la riga dal modello di `trasparenza esporta`, senza modificare le prime colonne"));
        return None;
    }
    let word = t.cell(record, "tipo_obiettivo");
    let kind = if word.is_empty() {
        let found: Vec<Kind> = Kind::ALL
            .into_iter()
            .filter(|k| plan.objectives(*k).iter().any(|o| o.id == id))
            .collect();
        match found.as_slice() {
            [k] => *k,
            [] => {
                diags.push(t.error(
                    line,
                    "obiettivo",
                    "",
                    format!("obiettivo \"{id}\" inesistente"),
                    format!("controllare l'id{}", date_hint(id)),
                ));
                return None;
            }
            _ => {
                let words: Vec<&str> = found.iter().map(|k| kind_word(*k)).collect();
                diags.push(t.error(
                    line,
                    "tipo_obiettivo",
                    "",
                    format!("più obiettivi hanno id \"{id}\": manca il tipo di obiettivo"),
                    format!("indicare in tipo_obiettivo uno tra: {}", words.join(", ")),
                ));
                return None;
            }
        }
    } else {
        match kind_from_word(word) {
            Some(k) => k,
            None => {
                diags.push(t.error(
                    line,
                    "tipo_obiettivo",
                    "",
                    format!("tipo di obiettivo \"{word}\" sconosciuto"),
                    "valori ammessi: strategico, operativo, individuale, comune",
                ));
                return None;
            }
        }
    };
    match plan.objectives(kind).iter().find(|o| o.id == id) {
        Some(o) => Some((kind, o)),
        None => {
            let ids: Vec<&str> = plan
                .objectives(kind)
                .iter()
                .map(|o| o.id.as_str())
                .collect();
            let hint = match did_you_mean(id, ids.iter().copied()) {
                Some(best) => format!("forse intendeva \"{best}\"?{}", date_hint(id)),
                None if ids.is_empty() => {
                    format!("il piano non ha obiettivi di tipo {}", kind_word(kind))
                }
                None => format!(
                    "{} esistenti: {}{}",
                    kind.folder().replace('-', " "),
                    ids.join(", "),
                    date_hint(id)
                ),
            };
            diags.push(t.error(
                line,
                "obiettivo",
                "",
                format!("{} \"{id}\" inesistente", kind.label()),
                hint,
            ));
            None
        }
    }
}

/// A hint for ids a spreadsheet turned into dates ("1.1" -> "01/01/2025").
fn date_hint(id: &str) -> &'static str {
    const MONTHS: [&str; 12] = [
        "gen", "feb", "mar", "apr", "mag", "giu", "lug", "ago", "set", "ott", "nov", "dic",
    ];
    let lower = id.to_lowercase();
    let looks_like_date = id.contains('/')
        || MONTHS
            .iter()
            .any(|m| lower.contains(m) && lower.chars().any(|c| c.is_ascii_digit()));
    if looks_like_date {
        "; il foglio di calcolo sembra aver trasformato l'id in una data: ricopiarlo dal modello e, all'apertura del CSV, impostare le colonne obiettivo e kpi come «Testo»"
    } else {
        ""
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spots_ids_turned_into_dates() {
        assert!(!date_hint("01/01/2025").is_empty());
        assert!(!date_hint("1-gen").is_empty());
        assert!(date_hint("1.1").is_empty());
    }
}
