//! The rows of a source (CSV or workbook sheet) as text cells, their header matched to
//! the template's columns, and diagnostics about a cell placed as people find it.

use std::collections::BTreeMap;
use std::path::Path;

use crate::diagnostic::{Diagnostic, Severity, did_you_mean};
use crate::sheet::source::{Expected, Origin, read_source};
use crate::sheet::workbook::SHEET;
use crate::sheet::{COLUMNS, IMPORT_COLUMNS, column_key, normalise_heading};

/// The columns whose numbers are quantities, read in Italian form (`69,5`).
const QUANTITIES: [&str; 3] = ["valore", "numeratore", "denominatore"];

/// The rows as cells, with the number of the line or row where each starts.
#[derive(Debug, Clone)]
pub(super) struct Table {
    origin: Origin,
    /// Column key -> 0-based index.
    columns: BTreeMap<&'static str, usize>,
    /// Column key -> its heading as written in the file.
    headings: BTreeMap<&'static str, String>,
    pub(super) records: Vec<(usize, Vec<String>)>,
    pub(super) warnings: Vec<Diagnostic>,
}

impl Table {
    pub(super) fn cell<'a>(&self, record: &'a [String], column: &str) -> &'a str {
        self.columns
            .get(column)
            .and_then(|&i| record.get(i))
            .map_or("", |s| s.trim())
    }

    /// A workbook's diagnostics are placed by sheet, row and column rather than by line.
    pub(super) fn is_workbook(&self) -> bool {
        matches!(self.origin, Origin::Sheet { .. })
    }

    /// The file read.
    pub(super) fn file(&self) -> &Path {
        self.origin.file()
    }

    /// An error about one cell; `context` names the row's KPI when known.
    pub(super) fn error(
        &self,
        line: usize,
        column: &str,
        context: &str,
        message: String,
        hint: impl Into<String>,
    ) -> Diagnostic {
        self.diag(Severity::Error, line, column, context, message, hint)
    }

    pub(super) fn diag(
        &self,
        severity: Severity,
        line: usize,
        column: &str,
        context: &str,
        message: String,
        hint: impl Into<String>,
    ) -> Diagnostic {
        let index = self.columns.get(column).copied();
        let mut where_: Vec<String> = Vec::new();
        if !context.is_empty() {
            where_.push(context.to_owned());
        }
        // a CSV place is line:column, so the message names the column; a workbook's
        // place names it already
        if let (Some(i), Origin::Csv(_)) = (index, &self.origin) {
            where_.push(format!("colonna {} «{column}»", self.origin.letter(i)));
        }
        let message = if where_.is_empty() {
            message
        } else {
            format!("{message} ({})", where_.join(", "))
        };
        let heading = self.headings.get(column).map_or(column, String::as_str);
        self.origin
            .at(severity, line, index.map(|i| (i, heading)), message)
            .hint(hint)
    }

    /// A problem with a header cell.
    fn header_diag(
        &self,
        severity: Severity,
        row: usize,
        index: usize,
        written: &str,
        message: String,
        hint: impl Into<String>,
    ) -> Diagnostic {
        let message = match self.origin {
            Origin::Csv(_) => format!("{message} (colonna {})", self.origin.letter(index)),
            Origin::Sheet { .. } => message,
        };
        self.origin
            .at(severity, row, Some((index, written)), message)
            .hint(hint)
    }
}

/// Reads a CSV or a workbook and matches its header to the template's columns.
pub(super) fn read_table(path: &Path) -> Result<Table, Vec<Diagnostic>> {
    let is_header = |cells: &[String]| {
        let keys: Vec<Option<&str>> = cells.iter().map(|c| column_key(c)).collect();
        keys.contains(&Some("obiettivo")) && keys.contains(&Some("kpi"))
    };
    let expected = Expected {
        is_header: &is_header,
        sheet: SHEET,
        csv_hint: format!(
            "la prima riga è {}; separatore «;» (o «,»), come nel file scritto da `trasparenza esporta`",
            COLUMNS.join(";")
        ),
        workbook_hint: "la prima riga del foglio «Misure» deve contenere le intestazioni scritte da `trasparenza esporta` (Obiettivo, KPI, Valore, ...)".into(),
    };
    let raw = read_source(path, &expected)?;
    let mut rows = raw.rows.into_iter();
    let Some((header_row, header)) = rows.next() else {
        return Err(vec![
            Diagnostic::file(Severity::Error, path, "il file è vuoto")
                .hint("partire dal modello scritto da `trasparenza esporta <periodo>`"),
        ]);
    };
    let header: Vec<String> = header.into_iter().map(|c| c.into_text(false)).collect();
    let mut table = Table {
        origin: raw.origin,
        columns: BTreeMap::new(),
        headings: BTreeMap::new(),
        records: Vec::new(),
        warnings: raw.warnings,
    };
    let mut errors = Vec::new();
    let mut keys: Vec<Option<&'static str>> = Vec::new();
    for (i, written) in header.iter().enumerate() {
        let name = normalise_heading(written);
        let key = column_key(written);
        keys.push(key);
        if name.is_empty() {
            continue;
        }
        match key {
            Some(c) => {
                if table.columns.insert(c, i).is_some() {
                    errors.push(table.header_diag(
                        Severity::Error,
                        header_row,
                        i,
                        written,
                        format!("colonna «{name}» ripetuta"),
                        "lasciare una sola colonna con questo nome",
                    ));
                }
                table.headings.insert(c, written.trim().to_owned());
            }
            None => match did_you_mean(&name, IMPORT_COLUMNS) {
                Some(best) => errors.push(table.header_diag(
                    Severity::Error,
                    header_row,
                    i,
                    written,
                    format!("colonna «{name}» sconosciuta"),
                    format!(
                        "forse intendeva «{best}»? Colonne del modello: {}",
                        COLUMNS.join(", ")
                    ),
                )),
                None => {
                    let d = table.header_diag(
                        Severity::Warning,
                        header_row,
                        i,
                        written,
                        format!("colonna «{name}» non prevista: ignorata"),
                        format!("colonne del modello: {}", COLUMNS.join(", ")),
                    );
                    table.warnings.push(d);
                }
            },
        }
    }
    if !table.columns.contains_key("valore") {
        let d = match &table.origin {
            Origin::Csv(p) => Diagnostic {
                line: 1,
                column: 1,
                ..Diagnostic::file(Severity::Error, p, "manca la colonna «valore»")
            },
            origin => origin.at(
                Severity::Error,
                header_row,
                None,
                "manca la colonna «valore»".into(),
            ),
        };
        errors.push(d.hint(format!(
            "ripartire dal modello di `trasparenza esporta`; colonne: {}",
            COLUMNS.join(", ")
        )));
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    table.records = rows
        .map(|(line, cells)| {
            let texts = cells
                .into_iter()
                .enumerate()
                .map(|(i, c)| {
                    let key = keys.get(i).copied().flatten();
                    c.into_text(key.is_some_and(|k| QUANTITIES.contains(&k)))
                })
                .collect();
            (line, texts)
        })
        .collect();
    Ok(table)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fs;

    #[test]
    fn rows_are_numbered_as_in_the_file() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("m.csv");
        fs::write(
            &p,
            "\u{feff}obiettivo;kpi;valore;nota\r\n1;1;si;\"due\r\nrighe\"\r\n\r\n1;2;3;\r\n",
        )
        .unwrap();
        let t = read_table(&p).unwrap();
        let lines: Vec<usize> = t.records.iter().map(|(l, _)| *l).collect();
        assert_eq!(lines, [2, 5]);
        assert_eq!(t.records[0].1[3], "due\nrighe");
        assert_eq!(t.columns["valore"], 2);

        fs::write(&p, "obiettivo,kpi,valore\n1,1,\"69,5\"\n").unwrap();
        let t = read_table(&p).unwrap();
        assert_eq!(
            t.records,
            [(2, vec!["1".to_owned(), "1".to_owned(), "69,5".to_owned()])]
        );
    }
}
