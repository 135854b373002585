//! `trasparenza build`: renders the site into the output folder.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use std::io::{IsTerminal, Write};

use trasparenza::build::{Failure, Options, write};
use trasparenza::render::Site;

/// Arguments of `trasparenza build`.
#[derive(clap::Args)]
pub struct BuildArgs {
    #[command(flatten)]
    source: super::Source,
    #[command(flatten)]
    theme: super::args::ThemeArg,
    /// Cartella di uscita (predefinita: public/ accanto alla cartella dei contenuti)
    #[arg(
        long = "uscita",
        short = 'o',
        alias = "output",
        value_name = "CARTELLA"
    )]
    output: Option<PathBuf>,
    #[command(flatten)]
    base_url: super::args::BaseUrlArg,
    /// Scrive anche il pacchetto per il webmaster: uno zip del sito con SHA256SUMS, e FILE.sha256
    #[arg(long, value_name = "FILE.zip")]
    pacchetto: Option<PathBuf>,
    #[command(flatten)]
    today: super::today::TodayArg,
}

impl BuildArgs {
    /// Runs the subcommand.
    pub fn run(self) -> ExitCode {
        let content = self.source.folder();
        let output = self
            .output
            .unwrap_or_else(|| super::args::beside_content(&content, "public"));
        let opts = Options {
            content,
            theme: self.theme.source(),
            base_url: self.base_url.address(),
            today: Some(self.today.date()),
            ..Options::default()
        };
        run(&opts, &output, self.pacchetto.as_deref())
    }
}

/// Builds and writes the site; 1 on any error, the previous output untouched.
pub fn run(opts: &Options, output: &Path, bundle: Option<&Path>) -> ExitCode {
    let started = std::time::Instant::now();
    let opts = &Options {
        archive_dir: Some(trasparenza::archive::default_dir(&opts.content)),
        ..opts.clone()
    };
    // progress on the terminal only: quiet in pipes, logs and CI
    let interactive = std::io::stderr().is_terminal();
    let stage = |what: &str| {
        if interactive {
            eprint!("\r\x1b[K… {what} ({} ms)", started.elapsed().as_millis());
            let _ = std::io::stderr().flush();
        }
    };
    let result = write(opts, &stage, output);
    if interactive {
        eprint!("\r\x1b[K");
    }
    match result {
        Ok(written) => {
            super::report(&written.warnings);
            if let Some(path) = bundle {
                let written_site = Site::read_dir(output).map_err(|e| e.to_string());
                match written_site.and_then(|site| {
                    trasparenza::bundle::write(&site, path).map_err(|e| e.to_string())
                }) {
                    Ok(digest) => println!(
                        "Pacchetto per il webmaster: {} (SHA-256 {digest})",
                        path.display()
                    ),
                    Err(e) => {
                        eprintln!(
                            "errore: {}: pacchetto non scritto: {e}\n    = come correggere: controllare i permessi e lo spazio libero",
                            path.display()
                        );
                        return ExitCode::FAILURE;
                    }
                }
            }
            println!(
                "Sito generato in {}: {} pagine, {} file, in {} ms",
                output.display(),
                written.pages,
                written.files,
                started.elapsed().as_millis()
            );
            ExitCode::SUCCESS
        }
        Err(Failure::Write(e)) => {
            eprintln!(
                "errore: {e}\n    = come correggere: controllare i permessi e lo spazio libero; la versione precedente di {} non è stata modificata",
                output.display()
            );
            ExitCode::FAILURE
        }
        Err(Failure::Content(diagnostics)) => {
            super::report(&diagnostics);
            eprintln!(
                "Sito non generato: correggere gli errori indicati; {} non è stata modificata.",
                output.display()
            );
            ExitCode::FAILURE
        }
    }
}
