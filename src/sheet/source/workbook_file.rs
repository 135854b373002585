//! A workbook (Excel `.xlsx`/`.xls`, LibreOffice Calc `.ods`) read into rows with
//! `calamine`: the expected sheet when there is one, otherwise the first sheet whose first
//! row is the expected header.

use std::fs;
use std::path::Path;

use calamine::{Data, Reader, open_workbook_auto};

use crate::diagnostic::Diagnostic;
use crate::load::files;

use super::{Cell, Expected, Origin, RawTable, file_error};

/// The rows of the first sheet with a header, from its first row that is not empty.
pub(super) fn read(path: &Path, expected: &Expected) -> Result<RawTable, Vec<Diagnostic>> {
    // a workbook is compressed: allow it the same size as its text would have
    match fs::metadata(path) {
        Ok(m) if m.len() > files::MAX_FILE_BYTES => {
            return Err(file_error(
                path,
                format!("file troppo grande ({} byte)", m.len()),
                "un modello è di pochi kilobyte: controllare di aver indicato il file giusto",
            ));
        }
        Ok(_) => {}
        Err(e) => {
            return Err(file_error(
                path,
                format!("non leggibile: {e}"),
                "controllare il percorso del file",
            ));
        }
    }
    let mut workbook = open_workbook_auto(path).map_err(|e| {
        file_error(
            path,
            format!("non leggibile come foglio di calcolo ({e})"),
            "salvare il file dal foglio di calcolo in formato Excel (.xlsx), OpenDocument (.ods) o CSV",
        )
    })?;
    let names = workbook.sheet_names();
    let ordered = names
        .iter()
        .filter(|n| n.as_str() == expected.sheet)
        .chain(names.iter().filter(|n| n.as_str() != expected.sheet));
    for name in ordered {
        let Ok(range) = workbook.worksheet_range(name) else {
            continue;
        };
        let Some((first_row, first_column)) = range.start() else {
            continue;
        };
        let rows: Vec<(usize, Vec<Cell>)> = range
            .rows()
            .enumerate()
            .map(|(i, row)| {
                (
                    first_row as usize + i + 1,
                    row.iter().map(cell).collect::<Vec<Cell>>(),
                )
            })
            .skip_while(|(_, cells)| cells.iter().all(|c| *c == Cell::Empty))
            .collect();
        let header: Vec<String> = rows
            .first()
            .map(|(_, cells)| cells.iter().map(|c| c.clone().into_text(false)).collect())
            .unwrap_or_default();
        if (expected.is_header)(&header) {
            return Ok(RawTable {
                origin: Origin::Sheet {
                    file: path.to_path_buf(),
                    sheet: name.clone(),
                    first_column: first_column as usize,
                },
                rows,
                warnings: Vec::new(),
            });
        }
    }
    let sheets: Vec<String> = names.iter().map(|n| format!("«{n}»")).collect();
    Err(file_error(
        path,
        format!(
            "nessun foglio ha l'intestazione del modello (fogli: {})",
            if sheets.is_empty() {
                "nessuno".to_owned()
            } else {
                sheets.join(", ")
            }
        ),
        &expected.workbook_hint,
    ))
}

/// One cell: numbers through their shortest round-trip text, dates as dates.
fn cell(data: &Data) -> Cell {
    match data {
        Data::Empty => Cell::Empty,
        Data::String(s) => Cell::Text(s.clone()),
        Data::Int(i) => Cell::Number(i.to_string()),
        Data::Float(f) => Cell::Number(f.to_string()),
        Data::Bool(b) => Cell::Bool(*b),
        Data::DateTime(d) if d.is_datetime() => {
            let (y, m, day, ..) = d.to_ymd_hms_milli();
            Cell::Date(y, m, day)
        }
        Data::DateTime(d) => Cell::Number(d.as_f64().to_string()),
        Data::DateTimeIso(s) => iso_date(s).unwrap_or_else(|| Cell::Text(s.clone())),
        Data::DurationIso(s) => Cell::Text(s.clone()),
        Data::Error(e) => Cell::Text(e.to_string()),
    }
}

/// `2025-01-02` or `2025-01-02T…`, as an `.ods` file writes dates.
fn iso_date(s: &str) -> Option<Cell> {
    let date = s.get(..10)?;
    let mut parts = date.split('-');
    let y = parts.next()?.parse().ok()?;
    let m = parts.next()?.parse().ok()?;
    let d = parts.next()?.parse().ok()?;
    Some(Cell::Date(y, m, d))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn floats_keep_their_shortest_text() {
        assert_eq!(cell(&Data::Float(0.1)), Cell::Number("0.1".into()));
        assert_eq!(cell(&Data::Float(69.5)), Cell::Number("69.5".into()));
        assert_eq!(cell(&Data::Float(12.0)), Cell::Number("12".into()));
        assert_eq!(
            cell(&Data::Float(0.1 + 0.2)),
            Cell::Number("0.30000000000000004".into())
        );
        assert_eq!(cell(&Data::Float(1e-7)), Cell::Number("0.0000001".into()));
        assert_eq!(
            cell(&Data::DateTimeIso("2025-06-30".into())),
            Cell::Date(2025, 6, 30)
        );
    }
}
