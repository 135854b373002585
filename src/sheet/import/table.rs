//! The CSV read into cells: encoding (UTF-8 or Excel's Windows-1252), separator, the
//! line where each record starts, and the header matched to the template's columns.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use crate::diagnostic::{Diagnostic, Severity, did_you_mean};
use crate::lines::LineIndex;
use crate::load::files;
use crate::sheet::{COLUMNS, column_letter};

/// The CSV as cells, with the line where each record starts.
#[derive(Debug, Clone)]
pub(super) struct Table {
    shown: PathBuf,
    /// Column name -> 0-based index.
    columns: BTreeMap<&'static str, usize>,
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
        let index = self.columns.get(column).map_or(0, |i| i + 1);
        let mut where_: Vec<String> = Vec::new();
        if !context.is_empty() {
            where_.push(context.to_owned());
        }
        if index > 0 {
            where_.push(format!("colonna {} «{column}»", column_letter(index)));
        }
        let message = if where_.is_empty() {
            message
        } else {
            format!("{message} ({})", where_.join(", "))
        };
        Diagnostic {
            severity,
            file: self.shown.clone(),
            line,
            column: index,
            message,
            hint: Some(hint.into()),
            snippet: None,
        }
    }
}

pub(super) fn read_table(csv: &Path) -> Result<Table, Vec<Diagnostic>> {
    let shown = csv.to_path_buf();
    let file_error =
        |m: String, h: &str| vec![Diagnostic::file(Severity::Error, &shown, m).hint(h)];
    let bytes = match fs::metadata(csv) {
        Ok(m) if m.len() > files::MAX_FILE_BYTES => {
            return Err(file_error(
                format!("file troppo grande ({} byte)", m.len()),
                "il modello di un periodo è di pochi kilobyte: controllare di aver indicato il file giusto",
            ));
        }
        Ok(_) => fs::read(csv).map_err(|e| {
            file_error(
                format!("non leggibile: {e}"),
                "controllare il percorso del file CSV",
            )
        })?,
        Err(e) => {
            return Err(file_error(
                format!("non leggibile: {e}"),
                "controllare il percorso del file CSV (scritto da `trasparenza esporta`)",
            ));
        }
    };
    let mut warnings = Vec::new();
    let text = match String::from_utf8(bytes) {
        Ok(t) => t,
        Err(e) => {
            warnings.push(
                Diagnostic::file(Severity::Warning, &shown, "il file non è in UTF-8: letto come Windows-1252 (il «CSV» di Excel)")
                    .hint("controllare le lettere accentate nelle note importate; la prossima volta salvare come «CSV UTF-8»"),
            );
            windows_1252(e.as_bytes())
        }
    };
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
    if text.trim().is_empty() {
        return Err(file_error(
            "il file è vuoto".into(),
            "partire dal modello scritto da `trasparenza esporta <periodo>`",
        ));
    }
    let parse = |delimiter: u8| -> Result<Vec<(usize, Vec<String>)>, csv::Error> {
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
    };
    let mut last_error = None;
    for delimiter in [b';', b',', b'\t'] {
        match parse(delimiter) {
            Ok(records) => {
                let Some((_, header)) = records.first() else {
                    continue;
                };
                let names: Vec<String> = header.iter().map(|h| normalise_header(h)).collect();
                if !(names.iter().any(|n| n == "obiettivo") && names.iter().any(|n| n == "kpi")) {
                    continue;
                }
                let mut table = Table {
                    shown: shown.clone(),
                    columns: BTreeMap::new(),
                    records: Vec::new(),
                    warnings,
                };
                let mut errors = Vec::new();
                for (i, name) in names.iter().enumerate() {
                    if name.is_empty() {
                        continue;
                    }
                    let name = match name.as_str() {
                        "note" => "nota",
                        "valori" => "valore",
                        "tipo" => "tipo_obiettivo",
                        "id_obiettivo" => "obiettivo",
                        "id_kpi" => "kpi",
                        other => other,
                    };
                    match COLUMNS.iter().find(|c| **c == name) {
                        Some(c) => {
                            if table.columns.insert(c, i).is_some() {
                                errors.push(header_diag(
                                    &shown,
                                    Severity::Error,
                                    i,
                                    format!("colonna «{name}» ripetuta"),
                                    "lasciare una sola colonna con questo nome",
                                ));
                            }
                        }
                        None => match did_you_mean(name, COLUMNS) {
                            Some(best) => errors.push(header_diag(
                                &shown,
                                Severity::Error,
                                i,
                                format!("colonna «{name}» sconosciuta"),
                                format!(
                                    "forse intendeva «{best}»? Colonne del modello: {}",
                                    COLUMNS.join(", ")
                                ),
                            )),
                            None => table.warnings.push(header_diag(
                                &shown,
                                Severity::Warning,
                                i,
                                format!("colonna «{name}» non prevista: ignorata"),
                                format!("colonne del modello: {}", COLUMNS.join(", ")),
                            )),
                        },
                    }
                }
                if !table.columns.contains_key("valore") {
                    errors.push(
                        Diagnostic {
                            line: 1,
                            column: 1,
                            ..Diagnostic::file(Severity::Error, &shown, "manca la colonna «valore»")
                        }
                        .hint(format!(
                            "ripartire dal modello di `trasparenza esporta`; colonne: {}",
                            COLUMNS.join(", ")
                        )),
                    );
                }
                if !errors.is_empty() {
                    return Err(errors);
                }
                table.records = records.into_iter().skip(1).collect();
                return Ok(table);
            }
            Err(e) => last_error = Some(e),
        }
    }
    let detail = last_error.map(|e| format!(" ({e})")).unwrap_or_default();
    Err(vec![Diagnostic { line: 1, column: 1, ..Diagnostic::file(Severity::Error, &shown, format!("intestazione non riconosciuta{detail}: la prima riga deve contenere le colonne del modello")) }
        .hint(format!("la prima riga è {}; separatore «;» (o «,»), come nel file scritto da `trasparenza esporta`", COLUMNS.join(";")))])
}

fn header_diag(
    shown: &Path,
    severity: Severity,
    index: usize,
    message: String,
    hint: impl Into<String>,
) -> Diagnostic {
    Diagnostic {
        severity,
        file: shown.to_path_buf(),
        line: 1,
        column: index + 1,
        message: format!("{message} (colonna {})", column_letter(index + 1)),
        hint: Some(hint.into()),
        snippet: None,
    }
}

fn normalise_header(h: &str) -> String {
    h.trim()
        .trim_start_matches('\u{feff}')
        .trim()
        .to_lowercase()
        .replace([' ', '-'], "_")
        .replace('à', "a")
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
