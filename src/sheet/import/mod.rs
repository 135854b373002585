//! Reading a filled-in template (CSV, Excel or Calc workbook) back into the period's
//! measurement files.
//!
//! Everything is checked before anything is written: the content, every row of the
//! file, and finally the content as it would be after the import. Any error and no file
//! is touched.
//!
//! - `mod.rs`: [`prepare`] and [`apply`], the import from start to end;
//! - `table.rs`: the rows of the table source (`sheet::source`: a CSV or a workbook sheet)
//!   as text cells, the header matched to the template's columns;
//! - `rows.rs`: each row checked against the plan (objective, KPI, repeated rows);
//! - `value.rs`: the value of a row read and checked against the KPI's target;
//! - `changes.rs`: the rows grouped into file edits, and the content checked after them.

mod changes;
mod rows;
mod table;
mod value;

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use crate::diagnostic::{Diagnostic, Severity};
use crate::load::{self, files};
use crate::write::atomic_write;

use super::export::find_period;
use changes::{plan_changes, verify};
use rows::check_rows;
use table::read_table;

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
    /// Warnings about the file (nothing blocking).
    pub warnings: Vec<Diagnostic>,
    /// Rows with a KPI read from the file.
    pub rows: usize,
}

/// Reads and checks `file` (CSV or workbook) against the content; returns what to
/// write, or every error found.
pub fn prepare(content: &Path, period_id: &str, file: &Path) -> Result<Prepared, Vec<Diagnostic>> {
    let (sources, read_diags) = files::read_dir(content);
    let loaded = load::load_sources(&sources);
    let content_errors: Vec<Diagnostic> = read_diags
        .into_iter()
        .chain(loaded.diagnostics)
        .filter(Diagnostic::is_error)
        .collect();
    let plans = match loaded.plans {
        Some(plans) if content_errors.is_empty() => plans,
        _ => {
            let mut diags = content_errors;
            diags.push(
                Diagnostic::file(Severity::Error, content, "i contenuti hanno errori: importazione non eseguita")
                    .hint("correggere prima gli errori indicati (`trasparenza controlla`), poi ripetere l'importazione"),
            );
            return Err(diags);
        }
    };
    let plan = plans.plan_of_period(period_id);
    let period = find_period(plan, period_id).map_err(|d| vec![d])?;

    let table = read_table(file)?;
    let mut diags = table.warnings.clone();
    let (rows, read) = check_rows(plan, period, &table, &mut diags);
    if diags.iter().any(Diagnostic::is_error) {
        if table.is_workbook() {
            // found row by row already; a workbook's place is text, not a line to sort by
            diags.sort_by_key(|d| d.severity);
        } else {
            crate::diagnostic::sort(&mut diags);
        }
        return Err(diags);
    }
    let changes = plan_changes(&sources, plan, period, rows, table.file()).map_err(|d| vec![d])?;
    verify(&sources, &changes, plan, period)?;
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
