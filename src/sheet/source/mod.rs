//! The table source: a CSV file or a workbook sheet read into rows of cells, each row with
//! the number people see (the CSV line, the sheet row), and the place of a cell said as
//! they would look for it.
//!
//! Measurements and plans alike are read through it: the rows are checked by one
//! implementation whatever file they came from.
//!
//! - `csv_file.rs`: encoding, separator, the line where each record starts;
//! - `workbook_file.rs`: Excel and Calc files through `calamine`.

mod csv_file;
mod workbook_file;

use std::path::{Path, PathBuf};

use crate::diagnostic::{Diagnostic, Severity};
use crate::sheet::column_letter;

/// Where the rows come from.
#[derive(Debug, Clone)]
pub(crate) enum Origin {
    /// A CSV file: places are `file:riga:colonna`.
    Csv(PathBuf),
    /// A sheet of a workbook: places are «file, foglio «Misure», riga 7, colonna H (Valore)».
    Sheet {
        file: PathBuf,
        sheet: String,
        /// 0-based column of the first cell of each row.
        first_column: usize,
    },
}

impl Origin {
    /// The file, as given.
    pub(crate) fn file(&self) -> &Path {
        match self {
            Origin::Csv(p) => p,
            Origin::Sheet { file, .. } => file,
        }
    }

    /// The spreadsheet column letter of a 0-based index in a row.
    pub(crate) fn letter(&self, index: usize) -> String {
        let offset = match self {
            Origin::Csv(_) => 0,
            Origin::Sheet { first_column, .. } => *first_column,
        };
        column_letter(offset + index + 1)
    }

    /// A diagnostic at a row (1-based) and, when known, a cell of it: its 0-based index
    /// and heading as written. For a CSV the heading is left to the caller's message.
    pub(crate) fn at(
        &self,
        severity: Severity,
        row: usize,
        cell: Option<(usize, &str)>,
        message: String,
    ) -> Diagnostic {
        match self {
            Origin::Csv(path) => Diagnostic {
                line: row,
                column: cell.map_or(0, |(i, _)| i + 1),
                ..Diagnostic::file(severity, path, message)
            },
            Origin::Sheet { file, sheet, .. } => {
                let mut place = format!("{}, foglio «{sheet}», riga {row}", file.display());
                if let Some((i, heading)) = cell {
                    place.push_str(&format!(", colonna {}", self.letter(i)));
                    if !heading.trim().is_empty() {
                        place.push_str(&format!(" ({})", heading.trim()));
                    }
                }
                // The place stands where a file name stands: people read it the same way.
                Diagnostic::file(severity, place, message)
            }
        }
    }
}

/// One cell as the file holds it.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Cell {
    Empty,
    Text(String),
    /// A number cell, as the shortest text that reads back to the same binary number
    /// (Rust's `Display` of `f64`, with the decimal point): `0.1` stays `0.1`, never
    /// `0.1000000000000000055…`. Read as an exact decimal from that text, never through
    /// arithmetic on the float.
    Number(String),
    Bool(bool),
    /// A date cell: year, month, day.
    Date(u16, u8, u8),
}

impl Cell {
    /// The cell as the text the rows are checked in. A number in a column of quantities
    /// (`decimal_comma`) takes the Italian form (`69,5`), so that it reads like a typed
    /// value; elsewhere (ids, codes) it keeps its point (`1.1`).
    pub(crate) fn into_text(self, decimal_comma: bool) -> String {
        match self {
            Cell::Empty => String::new(),
            Cell::Text(t) => t.replace("\r\n", "\n"),
            Cell::Number(n) if decimal_comma => n.replace('.', ","),
            Cell::Number(n) => n,
            Cell::Bool(b) => if b { "si" } else { "no" }.to_owned(),
            // Day first, as Italian spreadsheets show it: an id turned into a date is
            // recognised as such by the hints.
            Cell::Date(y, m, d) => format!("{d:02}/{m:02}/{y}"),
        }
    }
}

/// The rows of a source, before the header is matched.
#[derive(Debug, Clone)]
pub(crate) struct RawTable {
    pub(crate) origin: Origin,
    /// Row number as people see it, and its cells.
    pub(crate) rows: Vec<(usize, Vec<Cell>)>,
    pub(crate) warnings: Vec<Diagnostic>,
}

/// What a table is expected to look like.
pub(crate) struct Expected<'a> {
    /// Tells the header row, to find the CSV separator and the workbook sheet.
    pub(crate) is_header: &'a dyn Fn(&[String]) -> bool,
    /// The sheet to look at first.
    pub(crate) sheet: &'a str,
    /// How to fix a file whose header is not found, for a CSV and for a workbook.
    pub(crate) csv_hint: String,
    pub(crate) workbook_hint: String,
}

/// The kinds of workbook read, by file extension.
const WORKBOOK_EXTENSIONS: [&str; 5] = ["xlsx", "xlsm", "xls", "xlsb", "ods"];

/// Reads `path` as a workbook when its extension says so, or its bytes are a zip or an
/// old Excel file; as a CSV otherwise.
pub(crate) fn read_source(path: &Path, expected: &Expected) -> Result<RawTable, Vec<Diagnostic>> {
    let by_extension = path
        .extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| WORKBOOK_EXTENSIONS.contains(&e.to_lowercase().as_str()));
    if by_extension || looks_like_workbook(path) {
        workbook_file::read(path, expected)
    } else {
        csv_file::read(path, expected)
    }
}

/// A zip (xlsx, ods) or an OLE file (xls) saved with another extension.
fn looks_like_workbook(path: &Path) -> bool {
    use std::io::Read;
    let mut head = [0u8; 4];
    std::fs::File::open(path)
        .and_then(|mut f| f.read_exact(&mut head))
        .is_ok()
        && (head == *b"PK\x03\x04" || head == [0xd0, 0xcf, 0x11, 0xe0])
}

/// An error about the whole file.
pub(crate) fn file_error(path: &Path, message: String, hint: &str) -> Vec<Diagnostic> {
    vec![Diagnostic::file(Severity::Error, path, message).hint(hint)]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_italian_only_in_columns_of_quantities() {
        let n = || Cell::Number("1.25".into());
        assert_eq!(n().into_text(true), "1,25");
        assert_eq!(n().into_text(false), "1.25");
        assert_eq!(Cell::Bool(true).into_text(true), "si");
        assert_eq!(Cell::Date(2025, 1, 2).into_text(false), "02/01/2025");
    }

    #[test]
    fn places_name_the_sheet_row_and_column() {
        let sheet = Origin::Sheet {
            file: "misure.xlsx".into(),
            sheet: "Misure".into(),
            first_column: 0,
        };
        let d = sheet.at(Severity::Error, 7, Some((7, "Valore")), "no".into());
        assert_eq!(
            d.to_string(),
            "misure.xlsx, foglio «Misure», riga 7, colonna H (Valore): errore: no"
        );
        let csv = Origin::Csv("m.csv".into());
        let d = csv.at(Severity::Error, 7, Some((7, "valore")), "no".into());
        assert_eq!(d.to_string(), "m.csv:7:8: errore: no");
    }
}
