//! Reading the content folder into memory: every `.toml` file, checked for the
//! problems that come before TOML (encoding, size, links that leave the folder).

use std::fs::{self, Metadata};
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use walkdir::WalkDir;

use crate::diagnostic::{Diagnostic, Severity, Source};

/// Largest content file accepted; plan files are a few kilobytes.
pub const MAX_FILE_BYTES: u64 = 4 * 1024 * 1024;

/// Reads every `.toml` file under `dir`, sorted by path. Problems are returned as
/// diagnostics; files with errors are left out.
pub fn read_dir(dir: &Path) -> (Vec<Source>, Vec<Diagnostic>) {
    let read: Vec<Step<(Option<Source>, Vec<Diagnostic>)>> = walk(dir)
        .into_par_iter()
        .map(|step| {
            step.map(|file| {
                let mut diags = Vec::new();
                let source = read_file(&file.path, &file.shown, &mut diags);
                (source, diags)
            })
        })
        .collect();
    let mut sources = Vec::new();
    let mut diags = Vec::new();
    for step in read {
        match step {
            Step::Problem(d) => diags.push(d),
            Step::File((source, mut own)) => {
                diags.append(&mut own);
                sources.extend(source);
            }
        }
    }
    (sources, diags)
}

/// A content file found by [`walk`].
pub(super) struct Found {
    /// Where it is on disk.
    pub path: PathBuf,
    /// Path relative to the content folder, as shown to the user.
    pub shown: PathBuf,
}

/// One thing met while walking the content folder, in path order.
pub(super) enum Step<F> {
    /// A problem of the folder itself (unreadable entry, symbolic link).
    Problem(Diagnostic),
    /// A file to read, or what reading it gave.
    File(F),
}

impl<F> Step<F> {
    /// Transforms the file, keeping problems as they are.
    pub fn map<G>(self, f: impl FnOnce(F) -> G) -> Step<G> {
        match self {
            Step::Problem(d) => Step::Problem(d),
            Step::File(file) => Step::File(f(file)),
        }
    }
}

/// Lists every `.toml` file under `dir` in path order, without reading them, with the
/// problems of the folder (unreadable entries, symbolic links) where they were met.
/// Symbolic links are not followed into folders.
pub(super) fn walk(dir: &Path) -> Vec<Step<Found>> {
    let root = match dir.canonicalize() {
        Ok(root) => root,
        Err(e) => {
            return vec![Step::Problem(
                Diagnostic::file(
                    Severity::Error,
                    dir,
                    format!("cartella dei contenuti non leggibile: {e}"),
                )
                .hint("indicare con --contenuti la cartella che contiene sito.toml"),
            )];
        }
    };
    let mut steps = Vec::new();
    for entry in WalkDir::new(&root).sort_by_file_name().follow_links(false) {
        let entry = match entry {
            Ok(e) => e,
            Err(e) => {
                let path = e.path().unwrap_or(&root);
                steps.push(Step::Problem(Diagnostic::file(
                    Severity::Error,
                    display(&root, path),
                    format!("non leggibile: {e}"),
                )));
                continue;
            }
        };
        let path = entry.path();
        if entry.path_is_symlink() {
            if let Some(problem) = symlink_problem(&root, path) {
                steps.push(Step::Problem(problem));
                continue;
            }
        } else if !entry.file_type().is_file() {
            continue;
        }
        if path.extension().is_some_and(|e| e == "toml") {
            steps.push(Step::File(Found {
                path: path.to_path_buf(),
                shown: display(&root, path),
            }));
        }
    }
    steps
}

/// Why a symbolic link is not read, if it is not: it leads to a folder, outside the
/// content folder, or nowhere.
fn symlink_problem(root: &Path, path: &Path) -> Option<Diagnostic> {
    let shown = display(root, path);
    match path.canonicalize() {
        Ok(target) if target.starts_with(root) => target.is_dir().then(|| {
            Diagnostic::file(
                Severity::Warning,
                shown,
                "collegamento simbolico a una cartella: ignorato",
            )
            .hint("copiare i file nella cartella invece di collegarla")
        }),
        Ok(target) => Some(
            Diagnostic::file(
                Severity::Error,
                shown,
                format!("il collegamento simbolico punta fuori dalla cartella dei contenuti ({})", target.display()),
            )
            .hint("i contenuti devono stare tutti dentro la cartella dei contenuti: copiare il file invece di collegarlo"),
        ),
        Err(e) => Some(Diagnostic::file(
            Severity::Error,
            shown,
            format!("collegamento simbolico non valido: {e}"),
        )),
    }
}

fn display(root: &Path, path: &Path) -> PathBuf {
    path.strip_prefix(root)
        .map(Path::to_path_buf)
        .unwrap_or_else(|_| path.to_path_buf())
}

/// Reads one file, refusing what cannot be plan text.
pub fn read_file(path: &Path, shown: &Path, diags: &mut Vec<Diagnostic>) -> Option<Source> {
    let meta = metadata(path, shown, diags)?;
    let bytes = read_bytes(path, shown, &meta, diags)?;
    decode(shown, bytes, diags)
}

/// The file's metadata (following links), or why it cannot be had.
pub(super) fn metadata(path: &Path, shown: &Path, diags: &mut Vec<Diagnostic>) -> Option<Metadata> {
    fs::metadata(path)
        .map_err(|e| unreadable(shown, &e, diags))
        .ok()
}

/// The file's bytes, unless it is too large to be plan text or cannot be read.
pub(super) fn read_bytes(
    path: &Path,
    shown: &Path,
    meta: &Metadata,
    diags: &mut Vec<Diagnostic>,
) -> Option<Vec<u8>> {
    let size = meta.len();
    if size > MAX_FILE_BYTES {
        diags.push(
            Diagnostic::file(
                Severity::Error,
                shown,
                format!("file troppo grande ({} byte; il massimo è {MAX_FILE_BYTES})", size),
            )
            .hint("un file di contenuto contiene un solo obiettivo: dividere il file o rimuovere dati incollati per errore"),
        );
        return None;
    }
    fs::read(path)
        .map_err(|e| unreadable(shown, &e, diags))
        .ok()
}

fn unreadable(shown: &Path, e: &std::io::Error, diags: &mut Vec<Diagnostic>) {
    diags.push(Diagnostic::file(
        Severity::Error,
        shown,
        format!("non leggibile: {e}"),
    ));
}

/// Turns bytes into a source: UTF-8 required, byte-order mark tolerated with a warning.
pub fn decode(shown: &Path, bytes: Vec<u8>, diags: &mut Vec<Diagnostic>) -> Option<Source> {
    let text = match String::from_utf8(bytes) {
        Ok(t) => t,
        Err(e) => {
            let valid = e.utf8_error().valid_up_to();
            let bytes = e.into_bytes();
            let prefix = String::from_utf8_lossy(&bytes[..valid]).into_owned();
            let partial = Source::new(shown, prefix);
            let (line, column) = partial.line_col(valid);
            diags.push(Diagnostic {
                line,
                column,
                ..Diagnostic::file(Severity::Error, shown, "il file non è in UTF-8 (forse salvato come Windows-1252 o Latin-1)")
                    .hint("salvare il file con codifica UTF-8 (in LibreOffice/Blocco note: «Salva con nome» > codifica UTF-8)")
            });
            return None;
        }
    };
    let text = match text.strip_prefix('\u{feff}') {
        Some(rest) => {
            diags.push(
                Diagnostic::file(
                    Severity::Warning,
                    shown,
                    "il file inizia con un BOM (byte-order mark): ignorato",
                )
                .hint("salvare il file come «UTF-8 senza BOM»"),
            );
            rest.to_owned()
        }
        None => text,
    };
    if text.trim().is_empty() {
        diags.push(
            Diagnostic::file(Severity::Error, shown, "il file è vuoto")
                .hint("completare il file secondo docs/formato-contenuti.md, o eliminarlo"),
        );
        return None;
    }
    Some(Source::new(shown, text))
}
