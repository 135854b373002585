//! One file per subcommand.

pub mod archive;
pub mod build;
pub mod check;
pub mod init;
pub mod serve;
pub mod sheet;

use trasparenza::diagnostic::Diagnostic;

/// Prints diagnostics to stderr with a closing count.
pub fn report(diagnostics: &[Diagnostic]) {
    for d in diagnostics {
        eprintln!("{d}\n");
    }
    let errors = diagnostics.iter().filter(|d| d.is_error()).count();
    let warnings = diagnostics.len() - errors;
    if !diagnostics.is_empty() {
        eprintln!("{errors} errori, {warnings} avvisi");
    }
}
