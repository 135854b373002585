//! One file per subcommand.

pub mod archive;
pub mod args;
pub mod build;
pub mod check;
pub mod init;
pub mod italian;
pub mod new_period;
pub mod plan_import;
pub mod plan_warnings;
pub mod selfcheck;
pub mod serve;
pub mod sheet;
pub mod theme;
pub mod today;

use std::path::PathBuf;

use trasparenza::diagnostic::Diagnostic;
use trasparenza::italian::count;

/// The content folder, an option of every subcommand that reads the content.
#[derive(clap::Args, Clone)]
pub struct Source {
    /// Cartella dei contenuti (predefinita: content/, o quella in cui ci si trova se contiene sito.toml)
    #[arg(long = "contenuti", alias = "content", value_name = "CARTELLA")]
    pub content: Option<PathBuf>,
}

/// Prints diagnostics to stderr with a closing count.
pub fn report(diagnostics: &[Diagnostic]) {
    for d in diagnostics {
        eprintln!("{d}\n");
    }
    let errors = diagnostics.iter().filter(|d| d.is_error()).count();
    let warnings = diagnostics.len() - errors;
    if !diagnostics.is_empty() {
        eprintln!(
            "{}, {}",
            count(errors, "errore", "errori"),
            count(warnings, "avviso", "avvisi")
        );
    }
}
