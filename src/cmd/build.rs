//! `trasparenza build`: renders the site into the output folder.

use std::path::Path;
use std::process::ExitCode;

use std::io::{IsTerminal, Write};

use trasparenza::build::{Options, build_with_progress};
use trasparenza::write::write_site;

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
    let result = build_with_progress(opts, &stage);
    if result.is_ok() {
        stage("scrittura del sito");
    }
    if interactive {
        eprint!("\r\x1b[K");
    }
    match result {
        Ok(built) => {
            super::report(&built.warnings);
            if let Err(e) = write_site(&built.site, output) {
                eprintln!(
                    "errore: {e}\n    = come correggere: controllare i permessi e lo spazio libero; la versione precedente di {} non è stata modificata",
                    output.display()
                );
                return ExitCode::FAILURE;
            }
            if let Some(path) = bundle {
                match trasparenza::bundle::write(&built.site, path) {
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
            let pages = built
                .site
                .files
                .iter()
                .filter(|(p, _)| p.ends_with(".html"))
                .count();
            println!(
                "Sito generato in {}: {pages} pagine, {} file, in {} ms",
                output.display(),
                built.site.files.len(),
                started.elapsed().as_millis()
            );
            ExitCode::SUCCESS
        }
        Err(diagnostics) => {
            super::report(&diagnostics);
            eprintln!(
                "Sito non generato: correggere gli errori indicati; {} non è stata modificata.",
                output.display()
            );
            ExitCode::FAILURE
        }
    }
}
