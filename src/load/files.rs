//! Reading the content folder into memory: every `.toml` file, checked for the
//! problems that come before TOML (encoding, size, links that leave the folder).

use std::fs;
use std::path::{Path, PathBuf};

use walkdir::WalkDir;

use crate::diagnostic::{Diagnostic, Severity, Source};

/// Largest content file accepted; plan files are a few kilobytes.
pub const MAX_FILE_BYTES: u64 = 4 * 1024 * 1024;

/// Reads every `.toml` file under `dir`, sorted by path. Problems are returned as
/// diagnostics; files with errors are left out.
pub fn read_dir(dir: &Path) -> (Vec<Source>, Vec<Diagnostic>) {
    let mut sources = Vec::new();
    let mut diags = Vec::new();
    let root = match dir.canonicalize() {
        Ok(root) => root,
        Err(e) => {
            diags.push(
                Diagnostic::file(
                    Severity::Error,
                    dir,
                    format!("cartella dei contenuti non leggibile: {e}"),
                )
                .hint("indicare con --content la cartella che contiene sito.toml"),
            );
            return (sources, diags);
        }
    };
    for entry in WalkDir::new(&root).sort_by_file_name().follow_links(false) {
        let entry = match entry {
            Ok(e) => e,
            Err(e) => {
                let path = e
                    .path()
                    .map(Path::to_path_buf)
                    .unwrap_or_else(|| root.clone());
                diags.push(Diagnostic::file(
                    Severity::Error,
                    display(&root, &path),
                    format!("non leggibile: {e}"),
                ));
                continue;
            }
        };
        let path = entry.path();
        let shown = display(&root, path);
        if entry.path_is_symlink() {
            match path.canonicalize() {
                Ok(target) if target.starts_with(&root) => {
                    if target.is_dir() {
                        diags.push(
                            Diagnostic::file(
                                Severity::Warning,
                                shown,
                                "collegamento simbolico a una cartella: ignorato",
                            )
                            .hint("copiare i file nella cartella invece di collegarla"),
                        );
                        continue;
                    }
                }
                Ok(target) => {
                    diags.push(
                        Diagnostic::file(
                            Severity::Error,
                            shown,
                            format!("il collegamento simbolico punta fuori dalla cartella dei contenuti ({})", target.display()),
                        )
                        .hint("i contenuti devono stare tutti dentro la cartella dei contenuti: copiare il file invece di collegarlo"),
                    );
                    continue;
                }
                Err(e) => {
                    diags.push(Diagnostic::file(
                        Severity::Error,
                        shown,
                        format!("collegamento simbolico non valido: {e}"),
                    ));
                    continue;
                }
            }
        } else if !entry.file_type().is_file() {
            continue;
        }
        if path.extension().is_none_or(|e| e != "toml") {
            continue;
        }
        if let Some(source) = read_file(path, &shown, &mut diags) {
            sources.push(source);
        }
    }
    (sources, diags)
}

fn display(root: &Path, path: &Path) -> PathBuf {
    path.strip_prefix(root)
        .map(Path::to_path_buf)
        .unwrap_or_else(|_| path.to_path_buf())
}

/// Reads one file, refusing what cannot be plan text.
pub fn read_file(path: &Path, shown: &Path, diags: &mut Vec<Diagnostic>) -> Option<Source> {
    let size = match fs::metadata(path) {
        Ok(m) => m.len(),
        Err(e) => {
            diags.push(Diagnostic::file(
                Severity::Error,
                shown,
                format!("non leggibile: {e}"),
            ));
            return None;
        }
    };
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
    let bytes = match fs::read(path) {
        Ok(b) => b,
        Err(e) => {
            diags.push(Diagnostic::file(
                Severity::Error,
                shown,
                format!("non leggibile: {e}"),
            ));
            return None;
        }
    };
    decode(shown, bytes, diags)
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
