//! `trasparenza serve`.

use std::path::Path;
use std::process::ExitCode;

/// Preview server.
pub fn run(content: &Path, theme: &Path, port: u16, open: bool) -> ExitCode {
    let _ = (content, theme, port, open);
    eprintln!("errore: anteprima non disponibile in questa versione");
    ExitCode::FAILURE
}
