//! `trasparenza tema CARTELLA`: writes the built-in theme to a folder, for a body that
//! wants to change it and then build with `--theme CARTELLA`.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use trasparenza::render::theme::BUILT_IN;
use trasparenza::write::atomic_write;

/// Arguments of `trasparenza tema`.
#[derive(clap::Args)]
pub struct ThemeArgs {
    /// Cartella in cui scrivere il tema (verrà creata)
    dir: PathBuf,
    /// Scrive anche in una cartella che esiste e non è vuota, sostituendo i file del tema con quelli originali
    #[arg(long)]
    sovrascrivi: bool,
}

impl ThemeArgs {
    /// Runs the subcommand.
    pub fn run(self) -> ExitCode {
        let dir = &self.dir;
        if !self.sovrascrivi && has_entries(dir) {
            eprintln!(
                "errore: la cartella {} esiste e non è vuota: nessun file scritto\n    = come correggere: indicare una cartella nuova, oppure aggiungere --sovrascrivi per sostituire i file del tema con quelli originali (gli altri file restano)",
                dir.display()
            );
            return ExitCode::FAILURE;
        }
        match write(dir) {
            Ok(()) => {
                println!(
                    "Tema predefinito scritto in {} ({} file).",
                    dir.display(),
                    BUILT_IN.len()
                );
                println!(
                    "Modificare i template in templates/ e i file in static/ (guida: docs/temi.md), poi:"
                );
                println!("  trasparenza genera --tema {}", dir.display());
                ExitCode::SUCCESS
            }
            Err((path, e)) => {
                eprintln!(
                    "errore: {}: scrittura non riuscita: {e}\n    = come correggere: controllare i permessi e lo spazio libero",
                    path.display()
                );
                ExitCode::FAILURE
            }
        }
    }
}

/// True when `dir` exists and is not an empty folder (a file counts as not empty).
fn has_entries(dir: &Path) -> bool {
    match fs::read_dir(dir) {
        Ok(mut entries) => entries.next().is_some(),
        Err(e) => e.kind() != io::ErrorKind::NotFound,
    }
}

/// Writes every file of the built-in theme under `dir`, each one whole or not at all.
fn write(dir: &Path) -> Result<(), (PathBuf, io::Error)> {
    for (rel, bytes) in BUILT_IN {
        let path = dir.join(rel);
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent).map_err(|e| (parent.to_path_buf(), e))?;
        }
        atomic_write(&path, bytes).map_err(|e| (path, e))?;
    }
    Ok(())
}
