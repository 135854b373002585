//! `trasparenza serve`: local preview with live reload (see `trasparenza::serve`).

use std::path::Path;
use std::process::ExitCode;

use trasparenza::serve::{self, Config};

/// Runs the preview until Ctrl-C; 1 if it cannot start.
pub fn run(content: &Path, theme: &Path, port: u16, open: bool) -> ExitCode {
    let config = Config {
        content: content.to_path_buf(),
        theme: theme.to_path_buf(),
        port,
        open,
    };
    match serve::run(&config) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("errore: {e}");
            ExitCode::FAILURE
        }
    }
}
