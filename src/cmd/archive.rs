//! `trasparenza archive`.

use std::path::Path;
use std::process::ExitCode;

/// Archives a period or verifies the archive.
pub fn run(content: &Path, theme: &Path, archive_dir: &Path, period: Option<&str>, new_revision: bool, verify: bool) -> ExitCode {
    let _ = (content, theme, archive_dir, period, new_revision, verify);
    eprintln!("errore: archiviazione non disponibile in questa versione");
    ExitCode::FAILURE
}
