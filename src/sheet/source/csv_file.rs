//! A CSV file read into rows: encoding (UTF-8 or Excel's Windows-1252), separator, and the
//! line where each record starts.

use std::fs;
use std::path::Path;

use crate::diagnostic::{Diagnostic, Severity};
use crate::lines::LineIndex;
use crate::load::files;

use super::{Cell, Expected, Origin, RawTable, file_error};

/// The CSV's records, split with the first separator (`;`, `,`, tab) that gives a header.
pub(super) fn read(csv: &Path, expected: &Expected) -> Result<RawTable, Vec<Diagnostic>> {
    let bytes = match fs::metadata(csv) {
        Ok(m) if m.len() > files::MAX_FILE_BYTES => {
            return Err(file_error(
                csv,
                format!("file troppo grande ({} byte)", m.len()),
                "un modello è di pochi kilobyte: controllare di aver indicato il file giusto",
            ));
        }
        Ok(_) => fs::read(csv).map_err(|e| {
            file_error(
                csv,
                format!("non leggibile: {e}"),
                "controllare il percorso del file CSV",
            )
        })?,
        Err(e) => {
            return Err(file_error(
                csv,
                format!("non leggibile: {e}"),
                "controllare il percorso del file CSV",
            ));
        }
    };
    let mut warnings = Vec::new();
    let text = match String::from_utf8(bytes) {
        Ok(t) => t,
        Err(e) => {
            warnings.push(
                Diagnostic::file(Severity::Warning, csv, "il file non è in UTF-8: letto come Windows-1252 (il «CSV» di Excel)")
                    .hint("controllare le lettere accentate nelle note importate; la prossima volta salvare come «CSV UTF-8»"),
            );
            windows_1252(e.as_bytes())
        }
    };
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
    if text.trim().is_empty() {
        return Err(file_error(
            csv,
            "il file è vuoto".into(),
            "partire dal modello (vedi docs/guida.md)",
        ));
    }
    let mut last_error = None;
    for delimiter in [b';', b',', b'\t'] {
        match records(text, delimiter) {
            Ok(records) => {
                if records
                    .first()
                    .is_some_and(|(_, h)| (expected.is_header)(h))
                {
                    return Ok(RawTable {
                        origin: Origin::Csv(csv.to_path_buf()),
                        rows: records
                            .into_iter()
                            .map(|(l, r)| (l, r.into_iter().map(Cell::Text).collect()))
                            .collect(),
                        warnings,
                    });
                }
            }
            Err(e) => last_error = Some(e),
        }
    }
    let detail = last_error.map(|e| format!(" ({e})")).unwrap_or_default();
    Err(vec![Diagnostic { line: 1, column: 1, ..Diagnostic::file(Severity::Error, csv, format!("intestazione non riconosciuta{detail}: la prima riga deve contenere le colonne del modello")) }
        .hint(expected.csv_hint.clone())])
}

/// The records with the line where each starts.
fn records(text: &str, delimiter: u8) -> Result<Vec<(usize, Vec<String>)>, csv::Error> {
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut out = Vec::new();
    let lines = LineIndex::new(text);
    for record in reader.records() {
        let record = record?;
        // the line where the record starts; with CRLF the csv crate reports the position
        // before the "\n" of the previous line end, so skip line ends and count.
        let byte = record
            .position()
            .map_or(0, |p| p.byte() as usize)
            .min(text.len());
        let start = byte
            + text.as_bytes()[byte..]
                .iter()
                .take_while(|b| matches!(b, b'\r' | b'\n'))
                .count();
        let line = lines.line(start);
        out.push((
            line,
            record.iter().map(|c| c.replace("\r\n", "\n")).collect(),
        ));
    }
    Ok(out)
}

/// Windows-1252, the encoding of Excel's plain «CSV» in Western European locales.
fn windows_1252(bytes: &[u8]) -> String {
    const HIGH: [char; 32] = [
        '€', '\u{81}', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '\u{8d}', 'Ž',
        '\u{8f}', '\u{90}', '‘', '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', '\u{9d}',
        'ž', 'Ÿ',
    ];
    bytes
        .iter()
        .map(|&b| match b {
            0x80..=0x9f => HIGH[usize::from(b - 0x80)],
            _ => char::from(b),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_excel_ansi() {
        assert_eq!(windows_1252(b"citt\xe0 \x80 \x93ok\x94"), "città € “ok”");
    }
}
