//! `trasparenza init`.

use std::path::Path;
use std::process::ExitCode;

/// Creates a new content folder.
pub fn run(dir: &Path) -> ExitCode {
    let _ = dir;
    eprintln!("errore: init non disponibile in questa versione");
    ExitCode::FAILURE
}
