//! Reading a filled-in CSV template back into the period's measurement files.
//!
//! Everything is checked before anything is written: the content, every row of the
//! CSV, and finally the content as it would be after the import. Any error and no file
//! is touched.

use std::collections::BTreeMap;
use std::fs;
use std::io;
use std::path::{Component, Path, PathBuf};

use crate::diagnostic::{Diagnostic, Severity, Source, did_you_mean};
use crate::load::{self, files};
use crate::model::number::{NumberError, parse_decimal};
use crate::model::{Goal, Kind, Measured, Objective, Period, Plan, Unit};
use crate::write::atomic_write;
use rust_decimal::Decimal;

use super::export::find_period;
use super::report_file::{self, KpiUpdate};
use super::{COLUMNS, column_letter, kind_word, plain_number};

/// How to write a value in the spreadsheet, for hints.
pub const CSV_VALUE_FORMS: &str = "scrivere nella colonna valore un numero (12 o 69,5), una percentuale (69,5%), \
una durata (18 gg), si o no, oppure «non rilevato»; per gli indicatori-rapporto lasciare vuoto valore e compilare \
numeratore e denominatore";

/// One file to write.
#[derive(Debug, Clone)]
pub struct Change {
    /// Relative to the content folder.
    pub path: PathBuf,
    pub text: String,
    /// The objective had no measurement file in the period.
    pub created: bool,
    /// KPIs written.
    pub kpis: usize,
}

/// An import ready to be written.
#[derive(Debug, Clone)]
pub struct Prepared {
    pub changes: Vec<Change>,
    /// Warnings about the CSV (nothing blocking).
    pub warnings: Vec<Diagnostic>,
    /// Rows with a KPI read from the CSV.
    pub rows: usize,
}

/// Reads and checks `csv` against the content; returns what to write, or every error found.
pub fn prepare(content: &Path, period_id: &str, csv: &Path) -> Result<Prepared, Vec<Diagnostic>> {
    let (sources, read_diags) = files::read_dir(content);
    let loaded = load::load_sources(&sources);
    let content_errors: Vec<Diagnostic> = read_diags
        .into_iter()
        .chain(loaded.diagnostics)
        .filter(Diagnostic::is_error)
        .collect();
    let plan = match loaded.plan {
        Some(plan) if content_errors.is_empty() => plan,
        _ => {
            let mut diags = content_errors;
            diags.push(
                Diagnostic::file(Severity::Error, content, "i contenuti hanno errori: importazione non eseguita")
                    .hint("correggere prima gli errori indicati (`trasparenza check`), poi ripetere l'importazione"),
            );
            return Err(diags);
        }
    };
    let period = find_period(&plan, period_id).map_err(|d| vec![d])?;

    let table = read_table(csv)?;
    let mut diags = table.warnings.clone();
    let (rows, read) = check_rows(&plan, period, &table, &mut diags);
    if diags.iter().any(Diagnostic::is_error) {
        crate::diagnostic::sort(&mut diags);
        return Err(diags);
    }
    let changes = plan_changes(&sources, period, rows, csv).map_err(|d| vec![d])?;
    verify(&sources, &changes, &plan, period)?;
    Ok(Prepared {
        changes: changes.into_iter().map(|(c, _)| c).collect(),
        warnings: diags,
        rows: read,
    })
}

/// Writes the prepared files, each atomically (see [`atomic_write`]).
pub fn apply(content: &Path, prepared: &Prepared) -> Result<(), (PathBuf, io::Error)> {
    for c in &prepared.changes {
        let path = content.join(&c.path);
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent).map_err(|e| (parent.to_path_buf(), e))?;
        }
        atomic_write(&path, c.text.as_bytes()).map_err(|e| (path.clone(), e))?;
    }
    Ok(())
}

/// The CSV as cells, with the line where each record starts.
#[derive(Debug, Clone)]
struct Table {
    shown: PathBuf,
    /// Column name -> 0-based index.
    columns: BTreeMap<&'static str, usize>,
    records: Vec<(usize, Vec<String>)>,
    warnings: Vec<Diagnostic>,
}

impl Table {
    fn cell<'a>(&self, record: &'a [String], column: &str) -> &'a str {
        self.columns
            .get(column)
            .and_then(|&i| record.get(i))
            .map_or("", |s| s.trim())
    }

    /// An error about one cell; `context` names the row's KPI when known.
    fn error(
        &self,
        line: usize,
        column: &str,
        context: &str,
        message: String,
        hint: impl Into<String>,
    ) -> Diagnostic {
        self.diag(Severity::Error, line, column, context, message, hint)
    }

    fn diag(
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

fn read_table(csv: &Path) -> Result<Table, Vec<Diagnostic>> {
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
            let line = text.as_bytes()[..start]
                .iter()
                .filter(|b| **b == b'\n')
                .count()
                + 1;
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
                                    "forse intendevi «{best}»? Colonne del modello: {}",
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

/// A checked row: what to write for one KPI.
#[derive(Debug, Clone)]
struct Row {
    kind: Kind,
    objective: String,
    update: KpiUpdate,
}

/// The rows to write, and how many rows name a KPI.
fn check_rows(
    plan: &Plan,
    period: &Period,
    t: &Table,
    diags: &mut Vec<Diagnostic>,
) -> (Vec<Row>, usize) {
    let mut out = Vec::new();
    let mut read = 0;
    let mut seen: BTreeMap<(Kind, String, String), usize> = BTreeMap::new();
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
                        "forse intendevi \"{best}\"? KPI dell'obiettivo: {}",
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
        if value.is_none() && note.is_none() {
            continue;
        }
        // leave out what is already written
        let existing = period
            .report(kind, &objective.id)
            .and_then(|r| r.kpis.iter().find(|m| m.kpi == kpi.id));
        let value = value.filter(|v| existing.is_none_or(|m| m.value != *v));
        let note = note.filter(|n| existing.is_none_or(|m| m.note.trim() != n.trim()));
        if value.is_none() && note.is_none() {
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
        });
    }
    (out, read)
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
        match super::kind_from_word(word) {
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
                Some(best) => format!("forse intendevi \"{best}\"?{}", date_hint(id)),
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

/// The value of a row: `Ok(None)` when the row gives none (empty cells).
fn read_value(
    t: &Table,
    line: usize,
    record: &[String],
    context: &str,
    diags: &mut Vec<Diagnostic>,
) -> Option<Option<Measured>> {
    let valore = t.cell(record, "valore");
    let num = t.cell(record, "numeratore");
    let den = t.cell(record, "denominatore");
    match (valore.is_empty(), num.is_empty(), den.is_empty()) {
        (true, true, true) => Some(None),
        (false, true, true) => match Measured::parse(valore) {
            Ok(m) => Some(Some(m)),
            Err(e) => {
                diags.push(t.error(line, "valore", context, e.message, CSV_VALUE_FORMS));
                None
            }
        },
        (true, false, false) => {
            let n = decimal(t, line, "numeratore", num, context, diags);
            let d = decimal(t, line, "denominatore", den, context, diags);
            let (n, d) = (n?, d?);
            match Measured::ratio(n, d) {
                Ok(m) => Some(Some(m)),
                Err(e) => {
                    diags.push(t.error(line, "denominatore", context, e.message, "indicare numeratore e denominatore come numeri positivi, denominatore diverso da zero"));
                    None
                }
            }
        }
        (false, _, _) => {
            let column = if num.is_empty() {
                "denominatore"
            } else {
                "numeratore"
            };
            diags.push(t.error(
                line,
                column,
                context,
                "indicati sia valore sia numeratore/denominatore".into(),
                "compilare valore oppure numeratore e denominatore, non entrambi",
            ));
            None
        }
        (true, false, true) | (true, true, false) => {
            let column = if num.is_empty() {
                "numeratore"
            } else {
                "denominatore"
            };
            diags.push(t.error(
                line,
                column,
                context,
                format!("manca il {column}"),
                "per gli indicatori-rapporto compilare sia numeratore sia denominatore",
            ));
            None
        }
    }
}

fn decimal(
    t: &Table,
    line: usize,
    column: &str,
    text: &str,
    context: &str,
    diags: &mut Vec<Diagnostic>,
) -> Option<Decimal> {
    match parse_decimal(text) {
        Ok(d) => Some(d),
        Err(NumberError::Ambiguous) => {
            diags.push(t.error(line, column, context, format!("{column} \"{text}\" ambiguo"), "scrivere i numeri senza separatore delle migliaia e con la virgola per i decimali: 8000 oppure 8,5"));
            None
        }
        Err(NumberError::TooLarge) => {
            diags.push(t.error(
                line,
                column,
                context,
                format!("{column} \"{text}\" è un numero troppo grande"),
                "controllare il valore: nessuna misura del piano supera un milione di miliardi",
            ));
            None
        }
        Err(NumberError::Invalid) => {
            diags.push(t.error(
                line,
                column,
                context,
                format!("{column} \"{text}\" non è un numero"),
                "scrivere un numero, con la virgola per i decimali: 139 oppure 69,5",
            ));
            None
        }
    }
}

/// A bare number takes the unit of the target, so the file says what it means.
fn with_target_unit(m: Measured, goal: Option<&Goal>) -> Measured {
    match (m, goal) {
        (
            Measured::Amount { value, unit: None },
            Some(Goal::Amount {
                unit: u @ (Unit::Percent | Unit::Days),
                ..
            }),
        ) => Measured::Amount {
            value,
            unit: Some(*u),
        },
        (m, _) => m,
    }
}

/// Whether a value can be compared with the target, as the evaluation does.
fn compatible(m: &Measured, goal: &Goal) -> Result<(), String> {
    match (goal, m) {
        (_, Measured::Missing) => Ok(()),
        (Goal::YesNo { .. }, Measured::YesNo { .. }) => Ok(()),
        (Goal::YesNo { .. }, _) => {
            Err("il KPI è di tipo sì/no: il valore deve essere «si» o «no»".into())
        }
        (Goal::Amount { .. }, Measured::YesNo { .. }) => {
            Err("il KPI ha un target numerico: il valore non può essere «si» o «no»".into())
        }
        (Goal::Amount { .. }, Measured::Ratio { .. }) => Ok(()),
        (Goal::Amount { unit, .. }, Measured::Amount { unit: u, .. }) => match (u, unit) {
            (None, _) => Ok(()),
            (Some(a), b) if a == b => Ok(()),
            (Some(Unit::Days), Unit::Number) | (Some(Unit::Number), Unit::Days) => Ok(()),
            (Some(Unit::Percent), _) => Err("il valore è una percentuale ma il target no".into()),
            (Some(Unit::Days), _) => Err("il valore è una durata in giorni ma il target no".into()),
            (Some(Unit::Number), _) => Err("unità del valore diversa da quella del target".into()),
        },
    }
}

/// The measurements each change must write, to check after the fact.
type Expected = Vec<(Kind, String, KpiUpdate)>;

/// Groups the rows per objective and computes each file's new text.
fn plan_changes(
    sources: &[Source],
    period: &Period,
    rows: Vec<Row>,
    csv: &Path,
) -> Result<Vec<(Change, Expected)>, Diagnostic> {
    let mut groups: Vec<((Kind, String), Vec<KpiUpdate>)> = Vec::new();
    for r in rows {
        match groups
            .iter_mut()
            .find(|(k, _)| k.0 == r.kind && k.1 == r.objective)
        {
            Some((_, list)) => list.push(r.update),
            None => groups.push(((r.kind, r.objective), vec![r.update])),
        }
    }
    let mut out = Vec::new();
    let mut taken: Vec<PathBuf> = sources.iter().map(|s| s.path.clone()).collect();
    for ((kind, objective), updates) in groups {
        let existing = sources.iter().find(|s| {
            in_folder(&s.path, &period.id, kind)
                && report_file::objective_of(&s.text).as_deref() == Some(objective.as_str())
        });
        let (path, text, created) = match existing {
            Some(src) => {
                let edited = report_file::edit(&src.text, &updates).map_err(|e| {
                    Diagnostic::file(
                        Severity::Error,
                        &src.path,
                        format!("file non modificabile: {e}"),
                    )
                    .hint("correggere il file (`trasparenza check`) e ripetere l'importazione")
                })?;
                (src.path.clone(), edited, false)
            }
            None => {
                let stem: String = objective
                    .chars()
                    .map(|c| {
                        if c.is_alphanumeric() || matches!(c, '.' | '-' | '_') {
                            c
                        } else {
                            '-'
                        }
                    })
                    .collect();
                let folder = Path::new("monitoraggio")
                    .join(&period.id)
                    .join(kind.folder());
                let mut path = folder.join(format!("{stem}.toml"));
                let mut n = 2;
                while taken.contains(&path) {
                    path = folder.join(format!("{stem}-{n}.toml"));
                    n += 1;
                }
                taken.push(path.clone());
                let csv_name = csv.file_name().map_or_else(
                    || csv.display().to_string(),
                    |n| n.to_string_lossy().into_owned(),
                );
                let header = format!(
                    "Esito dell'{} {objective} nel periodo {}: misure importate da {csv_name} con `trasparenza importa`.\nSi possono aggiungere dichiarazione, stato_dichiarato, avanzamento e nota (vedi docs/formato-contenuti.md).",
                    kind.label(),
                    period.id
                );
                (
                    path,
                    report_file::new_file(&header, &objective, &updates),
                    true,
                )
            }
        };
        let kpis = updates.len();
        let expected = updates
            .into_iter()
            .map(|u| (kind, objective.clone(), u))
            .collect();
        out.push((
            Change {
                path,
                text,
                created,
                kpis,
            },
            expected,
        ));
    }
    Ok(out)
}

fn in_folder(path: &Path, period: &str, kind: Kind) -> bool {
    let parts: Vec<&str> = path
        .components()
        .filter_map(|c| match c {
            Component::Normal(s) => s.to_str(),
            _ => None,
        })
        .collect();
    matches!(parts.as_slice(), ["monitoraggio", p, folder, _] if *p == period && *folder == kind.folder())
}

/// Loads the content as it would be after the import and checks that every value landed.
fn verify(
    sources: &[Source],
    changes: &[(Change, Expected)],
    before: &Plan,
    period: &Period,
) -> Result<(), Vec<Diagnostic>> {
    let mut after: Vec<Source> = sources.to_vec();
    for (c, _) in changes {
        match after.iter_mut().find(|s| s.path == c.path) {
            Some(s) => s.text = c.text.clone(),
            None => after.push(Source::new(&c.path, c.text.clone())),
        }
    }
    let loaded = load::load_sources(&after);
    let mut errors: Vec<Diagnostic> = loaded
        .diagnostics
        .into_iter()
        .filter(Diagnostic::is_error)
        .collect();
    let internal = |m: String| {
        Diagnostic::file(Severity::Error, "monitoraggio", m).hint(
            "nessun file è stato modificato; segnalare il problema indicando il file CSV usato",
        )
    };
    let Some(plan) = loaded.plan.filter(|_| errors.is_empty()) else {
        errors.push(internal(
            "le misure importate renderebbero i contenuti non validi".into(),
        ));
        return Err(errors);
    };
    let Some(new_period) = plan.periods.iter().find(|p| p.id == period.id) else {
        return Err(vec![internal(format!(
            "periodo {} non trovato dopo l'importazione",
            period.id
        ))]);
    };
    for (_, expected) in changes {
        for (kind, objective, u) in expected {
            let found = new_period
                .report(*kind, objective)
                .and_then(|r| r.kpis.iter().find(|m| m.kpi == u.kpi));
            let ok = found.is_some_and(|m| {
                u.value.as_ref().is_none_or(|v| m.value == *v)
                    && u.note.as_ref().is_none_or(|n| m.note == *n)
            });
            if !ok {
                return Err(vec![internal(format!(
                    "la misura del KPI {} dell'{} {objective} non risulta scritta correttamente",
                    u.kpi,
                    kind.label()
                ))]);
            }
        }
    }
    let count = |p: &Plan| {
        p.periods
            .iter()
            .map(|p| p.reports.iter().map(|r| r.kpis.len()).sum::<usize>())
            .sum::<usize>()
    };
    if count(&plan) < count(before) {
        return Err(vec![internal(
            "l'importazione avrebbe tolto delle misure esistenti".into(),
        )]);
    }
    Ok(())
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

    #[test]
    fn spots_ids_turned_into_dates() {
        assert!(!date_hint("01/01/2025").is_empty());
        assert!(!date_hint("1-gen").is_empty());
        assert!(date_hint("1.1").is_empty());
    }
}
