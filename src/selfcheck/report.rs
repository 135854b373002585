//! The self-check written out: a report for the terminal, and the grid as CSV.

use std::fmt::Write;

use super::SelfCheck;
use super::crawler;
use super::grid::{Column, Value};

/// The CSV file's columns: the obligation, then each column of the grid with its
/// reason, how to raise it, and whether it needs the OIV's judgement.
pub fn csv_columns() -> Vec<String> {
    let mut columns: Vec<String> = ["obbligo", "riferimento_normativo", "pagina"]
        .map(String::from)
        .to_vec();
    for c in Column::ALL {
        columns.push(c.code().to_owned());
        columns.push(format!("{}_motivo", c.code()));
        columns.push(format!("{}_come_migliorare", c.code()));
    }
    columns.push("giudizio_oiv".into());
    columns
}

/// The grid as CSV (comma-separated, CRLF, as the site's open-data tables): one row per
/// obligation; scores as in the grid (`0`–`3`, `n/a`, `giudizio OIV`).
pub fn csv(check: &SelfCheck) -> Vec<u8> {
    let mut w = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(Vec::new());
    // writing to a Vec cannot fail
    let _ = w.write_record(csv_columns());
    for row in &check.grid {
        let o = row.obligation;
        let mut record = vec![
            o.label().to_owned(),
            o.legal().to_owned(),
            o.url().to_owned(),
        ];
        for cell in &row.cells {
            record.push(cell.value.text());
            record.push(cell.reason.clone());
            record.push(cell.raise.clone().unwrap_or_default());
        }
        let judged: Vec<&str> = row
            .cells
            .iter()
            .filter(|c| c.value == Value::Judgement)
            .map(|c| c.column.label())
            .collect();
        record.push(judged.join(", "));
        let _ = w.write_record(&record);
    }
    w.into_inner().unwrap_or_default()
}

/// The report for the terminal, in Italian.
pub fn text(check: &SelfCheck) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "Autoverifica della sezione «Performance» al {} ({})\n",
        check.today.italian(),
        check.base_url
    );
    let _ = writeln!(
        out,
        "Griglia di rilevazione dell'OIV (ANAC): Pubblicazione 0–2, le altre colonne 0–3, n/a se l'obbligo non si applica\n"
    );
    for row in &check.grid {
        let o = row.obligation;
        let mark = if row.full_marks() { "✓" } else { "✗" };
        let _ = writeln!(out, "{mark} {} ({})", o.label(), o.legal());
        for cell in &row.cells {
            let scale = match cell.value {
                Value::Score(_) => format!("/{}", cell.column.max()),
                _ => String::new(),
            };
            let _ = writeln!(
                out,
                "    {}: {}{scale}: {}",
                cell.column.label(),
                cell.value.text(),
                cell.reason
            );
            if let Some(raise) = &cell.raise {
                let _ = writeln!(out, "        come migliorare: {raise}");
            }
        }
        out.push('\n');
    }
    let _ = writeln!(
        out,
        "Nodi cercati dal crawler di ANAC (TrasparenzAI) dalla pagina principale della sezione\n    regole: {}",
        crawler::SOURCE
    );
    for node in &check.nodes {
        let mark = if node.is_found() { "✓" } else { "✗" };
        let line = format!("{mark} {}: {}", node.rule.term, node.outcome());
        let _ = writeln!(out, "{line}");
    }
    let full = check.grid.iter().filter(|r| r.full_marks()).count();
    let found = check.nodes.iter().filter(|n| n.is_found()).count();
    let _ = writeln!(
        out,
        "\n{full} obblighi su {} con il punteggio massimo; {found} nodi su {} trovati",
        check.grid.len(),
        check.nodes.len()
    );
    out
}
