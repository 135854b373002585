//! `trasparenza init`: a new site with a commented example plan.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use trasparenza::init::{self, InitError};

/// Arguments of `trasparenza init`.
#[derive(clap::Args)]
pub struct InitArgs {
    /// Cartella da creare
    dir: PathBuf,
    /// Esempio completo: due piani (il secondo come sottosezione del PIAO), i risultati di
    /// fine anno e un semestre, per vedere ogni tipo di pagina
    #[arg(long)]
    completo: bool,
}

impl InitArgs {
    /// Runs the subcommand.
    pub fn run(self) -> ExitCode {
        create(&self.dir, self.completo)
    }
}

/// Creates a new site folder; exit 1 and nothing written if it exists and is not empty.
fn create(dir: &Path, complete: bool) -> ExitCode {
    match init::create(dir, complete) {
        Ok(files) => {
            println!("Nuovo sito creato in {}:", dir.display());
            for f in files {
                println!("  {f}");
            }
            println!();
            println!("Prossimi passi (guida completa: docs/guida.md):");
            println!("  cd {}", dir.display());
            println!("  trasparenza controlla   controlla i contenuti");
            println!("  trasparenza anteprima   anteprima su http://127.0.0.1:8033/");
            println!("  trasparenza genera      genera il sito in public/");
            println!(
                "Poi sostituire i dati di esempio con quelli dell'ente, a partire da content/sito.toml e content/piani/."
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            let hint = match &e {
                InitError::NotEmpty(_) | InitError::NotADirectory(_) => {
                    "indicare una cartella nuova (verrà creata) o vuota, ad esempio `trasparenza crea sito-performance`"
                }
                InitError::Io(..) => "controllare i permessi e lo spazio libero",
            };
            eprintln!("errore: {e}\n    = come correggere: {hint}");
            ExitCode::FAILURE
        }
    }
}
