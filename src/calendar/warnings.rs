//! The warnings of `check` and `build` about obligations past their deadline: one per
//! item, in the file where it belongs, at the table it concerns when the file exists.

use std::path::Path;

use super::{Duty, Obligation, Place, obligations};
use crate::diagnostic::{Diagnostic, Severity, Source};
use crate::model::{Date, Plans};

/// A warning for each obligation overdue on `today`; a missing validation is not said
/// again when the Relazione itself is missing.
pub fn warnings(content: &Path, plans: &Plans, today: Date) -> Vec<Diagnostic> {
    let all = obligations(plans, today);
    let overdue: Vec<&Obligation> = all.iter().filter(|o| o.is_overdue()).collect();
    let relazione_missing = |year: i32| overdue.iter().any(|o| o.duty == Duty::Relazione { year });
    overdue
        .iter()
        .filter(|o| !matches!(o.duty, Duty::Validation { year } if relazione_missing(year)))
        .map(|o| {
            let (message, hint) = words(o, plans);
            located(content, &o.place, message).hint(hint)
        })
        .collect()
}

/// What is late and how to fix it.
fn words(o: &Obligation, plans: &Plans) -> (String, String) {
    let due = o.due.italian();
    let file = &o.place.file;
    match &o.duty {
        Duty::Plan { year } => (
            format!("Piano della Performance (o PIAO) {year} non pubblicato: la scadenza era il {due}"),
            format!("scrivere il piano adottato per il {year} in {file}, con aree, obiettivi e target, come in docs/formato-contenuti.md ({})", o.duty.basis()),
        ),
        // nothing written yet: the warning points at the plan of the year
        Duty::Relazione { year } if !file.ends_with("relazione.toml") => (
            format!("Relazione sulla Performance {year} non pubblicata: la scadenza era il {due}"),
            format!("scrivere la relazione approvata dalla Giunta in {}relazione/{year}/relazione.toml, con [approvazione] e la validazione dell'OIV in [validazione]", folder(file)),
        ),
        Duty::Relazione { year } => (
            format!("Relazione sulla Performance {year} non ancora approvata dalla Giunta: la scadenza era il {due}"),
            "aggiungere la sezione [approvazione] con atto, numero e data della delibera di approvazione".to_owned(),
        ),
        Duty::Validation { year } => (
            format!("Relazione sulla Performance {year} approvata ma non validata dall'OIV: la scadenza era il {due}"),
            "aggiungere la sezione [validazione] con data, esito (\"validata\", \"validata con osservazioni\" o \"non validata\") e documento o url della validazione dell'OIV".to_owned(),
        ),
        Duty::Monitoring { period, .. } => {
            let days = plans.current().rules.monitoring_days;
            (
                format!("monitoraggio {period} non pubblicato: previsto entro il {due} ({days} giorni dalla fine del periodo)"),
                format!("creare il periodo con `trasparenza nuovo-periodo {period}` e inserire le misure; se l'ente non fa questo monitoraggio, indicare in [valutazione] monitoraggi = \"annuale\" (o \"semestrale\", \"trimestrale\")"),
            )
        }
        Duty::Pay { year } => (
            format!("dati sui premi {year} non pubblicati: previsti entro il {due}"),
            format!("scrivere {file} con gli importi stanziati e distribuiti e la distribuzione per fasce, in forma aggregata (art. 20 d.lgs. 33/2013)"),
        ),
    }
}

/// The folder of a plan's file (`piani/2025-2027/` for its `piano.toml`).
fn folder(file: &str) -> &str {
    match file.rfind('/') {
        Some(i) => &file[..=i],
        None => "",
    }
}

/// A warning at the place's table header, or about the whole file when the file or
/// the table cannot be read.
fn located(content: &Path, place: &Place, message: String) -> Diagnostic {
    let header = place.table.and_then(|table| {
        let text = std::fs::read_to_string(content.join(&place.file)).ok()?;
        let text = text.strip_prefix('\u{feff}').unwrap_or(&text).to_owned();
        let start = header_offset(&text, table)?;
        Some((Source::new(&place.file, text), start))
    });
    match header {
        Some((src, start)) => Diagnostic::at(Severity::Warning, &src, start..start + 1, message),
        None => Diagnostic::file(Severity::Warning, &place.file, message),
    }
}

/// The byte offset of the line `[table]` (spaces and a comment allowed around it).
fn header_offset(text: &str, table: &str) -> Option<usize> {
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let trimmed = line.trim_start();
        let code = trimmed.split('#').next().unwrap_or("").trim();
        if code
            .strip_prefix('[')
            .and_then(|c| c.strip_suffix(']'))
            .map(str::trim)
            == Some(table)
        {
            return Some(offset + (line.len() - trimmed.len()));
        }
        offset += line.len();
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_are_found_with_spaces_and_comments() {
        let text = "titolo = \"x\"\n  [ approvazione ]  # della Giunta\natto = \"D\"\n";
        assert_eq!(header_offset(text, "approvazione"), Some(15));
        assert_eq!(header_offset(text, "validazione"), None);
        assert_eq!(header_offset("[piano.x]\n", "piano"), None);
    }
}
