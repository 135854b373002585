//! The plan from a spreadsheet (`trasparenza importa-piano piano.xlsx`): one row per KPI
//! with its area, strategic objective, operational objective and one target column per
//! year, written as `piani/<primo-ultimo>/piano.toml`, `aree/`, `obiettivi-strategici/`
//! and `obiettivi-operativi/`. After that the TOML files are the plan.
//!
//! Importing again replaces only the files that are as the previous import wrote them:
//! `piani/<id>/.importazione.sha256` keeps the SHA-256 of each (in the `sha256sum` form),
//! and a file edited since is left alone unless the import is told to overwrite it.
//!
//! - `columns.rs`: the columns and their headings;
//! - `rows.rs`: the rows read into areas, objectives and KPIs;
//! - `files.rs`: the TOML files written.

mod columns;
mod files;
mod rows;

use std::collections::BTreeMap;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

use crate::diagnostic::{Diagnostic, Severity, Source};
use crate::load;
use crate::model::Date;
use crate::sheet::source::{Expected, read_source};
use crate::write::atomic_write;

pub use columns::{Column, FIXED};

/// The sheet looked at first.
pub const SHEET: &str = "Piano";

/// The name of the record of what the import wrote, in the plan's folder.
pub const MANIFEST: &str = ".importazione.sha256";

/// A plan import ready to be written.
#[derive(Debug, Clone)]
pub struct PlanImport {
    /// The plan's id, `2025-2027`.
    pub id: String,
    /// Files to write, relative to the content folder, with their text.
    pub files: Vec<(PathBuf, String)>,
    /// Files already as they would be written.
    pub unchanged: usize,
    /// The manifest, relative to the content folder, and its text.
    pub manifest: (PathBuf, String),
}

/// The SHA-256 of a text, in hex.
fn digest(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Reads `file` and computes the plan's files; every error found, or what to write.
/// `overwrite` lets it replace files edited since the previous import.
pub fn prepare(
    content: &Path,
    file: &Path,
    overwrite: bool,
    today: Date,
) -> Result<PlanImport, Vec<Diagnostic>> {
    let is_header = |cells: &[String]| {
        let found: Vec<Option<Column>> = cells.iter().map(|c| Column::of(c)).collect();
        found.contains(&Some(Column::Strategic)) && found.contains(&Some(Column::Kpi))
    };
    let headings: Vec<String> = FIXED.iter().map(|c| c.heading()).collect();
    let expected = Expected {
        is_header: &is_header,
        sheet: SHEET,
        csv_hint: format!(
            "la prima riga contiene le intestazioni {}, «Target 2025», ...; separatore «;» (o «,»)",
            headings.join(";")
        ),
        workbook_hint: format!(
            "la prima riga del foglio «{SHEET}» contiene le intestazioni {}, «Target 2025», ... (vedi docs/formato-contenuti.md)",
            headings.join(", ")
        ),
    };
    let raw = read_source(file, &expected)?;
    let plan = rows::read_plan(raw)?;
    let first = plan.years.first().copied().unwrap_or_default();
    let last = plan.years.last().copied().unwrap_or_default();
    let id = format!("{first}-{last}");
    let folder = PathBuf::from("piani").join(&id);
    let source_name = file.file_name().map_or_else(
        || file.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    );
    let written: Vec<(PathBuf, String)> = files::plan_files(&plan, &source_name, today)
        .into_iter()
        .map(|(rel, text)| (folder.join(rel), text))
        .collect();

    // what the previous import wrote, and what was edited since
    let manifest_path = folder.join(MANIFEST);
    let recorded = read_manifest(&content.join(&manifest_path));
    let mut diags = Vec::new();
    let mut to_write = Vec::new();
    let mut unchanged = 0;
    for (rel, text) in &written {
        let on_disk = fs::read(content.join(rel)).ok();
        match on_disk {
            None => to_write.push((rel.clone(), text.clone())),
            Some(bytes) if bytes == text.as_bytes() => unchanged += 1,
            Some(bytes) => {
                let as_imported = recorded.get(&rel_in(&folder, rel)) == Some(&digest(&bytes));
                if as_imported || overwrite {
                    to_write.push((rel.clone(), text.clone()));
                } else {
                    let why = if recorded.is_empty() {
                        "esiste già e non è stato scritto da `trasparenza importa-piano`"
                    } else {
                        "è stato modificato dopo l'importazione precedente"
                    };
                    diags.push(
                        Diagnostic::file(Severity::Error, rel, format!("{why}: non sovrascritto"))
                            .hint("le modifiche fatte nei file TOML valgono più del foglio: riportarle nel foglio, oppure ripetere con --sovrascrivi per sostituirle"),
                    );
                }
            }
        }
    }
    if !diags.is_empty() {
        return Err(diags);
    }

    // the content as it would be after the import must pass the checks
    let (mut sources, read_diags) = load::files::read_dir(content);
    let read_errors: Vec<Diagnostic> = read_diags
        .into_iter()
        .filter(Diagnostic::is_error)
        .collect();
    if !read_errors.is_empty() {
        return Err(read_errors);
    }
    for (rel, text) in &written {
        match sources.iter_mut().find(|s| s.path == *rel) {
            Some(s) => s.text = text.clone(),
            None => sources.push(Source::new(rel, text.clone())),
        }
    }
    let loaded = load::load_sources(&sources);
    let mut errors: Vec<Diagnostic> = loaded
        .diagnostics
        .into_iter()
        .filter(Diagnostic::is_error)
        .collect();
    if !errors.is_empty() || loaded.plans.is_none() {
        crate::diagnostic::sort(&mut errors);
        errors.push(
            Diagnostic::file(Severity::Error, file, "il piano del foglio non supera il controllo dei contenuti: nessun file scritto")
                .hint("correggere nel foglio i valori indicati (target, pesi, codici) e ripetere l'importazione"),
        );
        return Err(errors);
    }
    let manifest: String = written
        .iter()
        .map(|(rel, text)| format!("{}  {}\n", digest(text.as_bytes()), rel_in(&folder, rel)))
        .collect();
    Ok(PlanImport {
        id,
        files: to_write,
        unchanged,
        manifest: (manifest_path, manifest),
    })
}

/// A path relative to the plan's folder, with `/`, as the manifest writes it.
fn rel_in(folder: &Path, rel: &Path) -> String {
    let inner = rel.strip_prefix(folder).unwrap_or(rel);
    inner
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect::<Vec<_>>()
        .join("/")
}

/// Path -> SHA-256 from a manifest; empty when there is none.
fn read_manifest(path: &Path) -> BTreeMap<String, String> {
    fs::read_to_string(path)
        .unwrap_or_default()
        .lines()
        .filter_map(|l| l.split_once("  "))
        .map(|(hash, path)| (path.trim().to_owned(), hash.trim().to_owned()))
        .collect()
}

/// Writes the files, each atomically, then the manifest.
pub fn apply(content: &Path, import: &PlanImport) -> Result<(), (PathBuf, io::Error)> {
    let (manifest_path, manifest) = &import.manifest;
    for (rel, text) in import
        .files
        .iter()
        .chain(std::iter::once(&(manifest_path.clone(), manifest.clone())))
    {
        let path = content.join(rel);
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent).map_err(|e| (parent.to_path_buf(), e))?;
        }
        atomic_write(&path, text.as_bytes()).map_err(|e| (path.clone(), e))?;
    }
    Ok(())
}
