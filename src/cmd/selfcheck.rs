//! `trasparenza autoverifica`: the section scored on the OIV's attestation grid, and the
//! nodes ANAC's crawler looks for, on a site built in memory from the content.

use std::path::PathBuf;
use std::process::ExitCode;

use trasparenza::build::{Options, build};
use trasparenza::selfcheck::{SelfCheck, report};

/// Arguments of `trasparenza autoverifica`.
#[derive(clap::Args)]
pub struct SelfCheckArgs {
    #[command(flatten)]
    source: super::Source,
    #[command(flatten)]
    theme: super::args::ThemeArg,
    #[command(flatten)]
    base_url: super::args::BaseUrlArg,
    /// Scrive anche la griglia in CSV (una riga per obbligo) nel file indicato
    #[arg(long = "csv", value_name = "FILE.csv")]
    csv: Option<PathBuf>,
    #[command(flatten)]
    today: super::today::TodayArg,
}

impl SelfCheckArgs {
    /// Runs the subcommand: 0 when the report is written, 1 when the content has errors
    /// or the CSV cannot be written.
    pub fn run(self) -> ExitCode {
        // taken once: the grid and the site (calendar, officer's page) share the day
        let today = self.today.date();
        let opts = Options {
            content: self.source.folder(),
            theme: self.theme.source(),
            base_url: self.base_url.address(),
            today: Some(today),
            ..Options::default()
        };
        let built = match build(&opts) {
            Ok(built) => built,
            Err(diagnostics) => {
                super::report(&diagnostics);
                eprintln!("Autoverifica non eseguita: correggere gli errori indicati.");
                return ExitCode::FAILURE;
            }
        };
        let check = SelfCheck::of(&built.site, &built.plans, today);
        print!("{}", report::text(&check));
        if let Some(path) = &self.csv {
            if let Err(e) = trasparenza::write::atomic_write(path, &report::csv(&check)) {
                eprintln!(
                    "errore: {}: griglia non scritta: {e}\n    = come correggere: controllare i permessi e lo spazio libero",
                    path.display()
                );
                return ExitCode::FAILURE;
            }
            println!("Griglia in CSV: {}", path.display());
        }
        ExitCode::SUCCESS
    }
}
