//! `trasparenza importa-piano`: the plan's TOML files from a spreadsheet, one row per KPI.

use std::path::PathBuf;
use std::process::ExitCode;

use trasparenza::archive::clock;
use trasparenza::sheet::plan;

/// Arguments of `trasparenza importa-piano`.
#[derive(clap::Args)]
pub struct ImportaPianoArgs {
    /// Foglio del piano: Excel (.xlsx, .xls), LibreOffice Calc (.ods) o CSV, una riga per KPI
    #[arg(value_name = "FILE.xlsx")]
    file: PathBuf,
    #[command(flatten)]
    source: super::Source,
    /// Sostituisce anche i file modificati dopo l'importazione precedente
    #[arg(long)]
    sovrascrivi: bool,
}

impl ImportaPianoArgs {
    /// Runs the subcommand.
    pub fn run(self) -> ExitCode {
        let content = self.source.folder();
        let prepared = match plan::prepare(&content, &self.file, self.sovrascrivi, clock::today()) {
            Ok(p) => p,
            Err(diagnostics) => {
                super::report(&diagnostics);
                eprintln!(
                    "Piano non importato: correggere gli errori indicati e ripetere; nessun file è stato modificato."
                );
                return ExitCode::FAILURE;
            }
        };
        if prepared.files.is_empty() {
            println!(
                "{}: il piano {} è già come nel foglio: nessun file da scrivere.",
                self.file.display(),
                prepared.id
            );
            return ExitCode::SUCCESS;
        }
        if let Err((path, e)) = plan::apply(&content, &prepared) {
            eprintln!(
                "errore: {}: scrittura non riuscita: {e}\n    = come correggere: controllare i permessi e lo spazio libero, poi ripetere l'importazione",
                path.display()
            );
            return ExitCode::FAILURE;
        }
        println!(
            "Piano {} importato da {}: {} file scritti, {} già aggiornati.",
            prepared.id,
            self.file.display(),
            prepared.files.len(),
            prepared.unchanged
        );
        for (rel, _) in &prepared.files {
            println!("  {}", content.join(rel).display());
        }
        println!(
            "Da qui in poi il piano si mantiene nei file TOML (descrizioni, date, regole di valutazione); poi `trasparenza controlla` e `trasparenza genera`."
        );
        ExitCode::SUCCESS
    }
}
