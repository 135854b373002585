//! `trasparenza archive <periodo>`, `trasparenza archive relazione-<anno>` (the Relazione
//! sulla Performance of the year, as its own version) and `trasparenza archive --verify`.
//! The archive date is today in Italy, or the date of `SOURCE_DATE_EPOCH` when set.
//! The default `--archive-dir archivio` means `archivio` beside the content folder.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use trasparenza::archive::{self, Created, RelazioneVersion, Request, clock};
use trasparenza::diagnostic::{Diagnostic, Severity};
use trasparenza::render::theme::ThemeSource;
use trasparenza::{build, load};

/// Arguments of `trasparenza archive`.
#[derive(clap::Args)]
pub struct ArchiveArgs {
    #[command(flatten)]
    source: super::Source,
    /// Periodo da archiviare, es. 2022-S1, oppure la Relazione sulla Performance di un anno, es. relazione-2022
    period: Option<String>,
    #[command(flatten)]
    theme: super::args::ThemeArg,
    /// Cartella dell'archivio
    #[arg(
        long = "cartella-archivio",
        alias = "archive-dir",
        value_name = "CARTELLA",
        default_value = "archivio"
    )]
    archive_dir: PathBuf,
    /// Crea una nuova revisione accanto a quella esistente, senza sostituirla
    #[arg(long)]
    nuova_revisione: bool,
    /// Verifica ogni versione archiviata con il suo manifest SHA-256
    #[arg(long = "verifica", alias = "verify")]
    verify: bool,
}

impl ArchiveArgs {
    /// Archives a period or verifies the archive.
    pub fn run(self) -> ExitCode {
        let content = &self.source.folder();
        let dir = if self.archive_dir == Path::new("archivio") {
            archive::default_dir(content)
        } else {
            self.archive_dir
        };
        match (self.period.as_deref(), self.verify) {
            (None, true) => run_verify(&dir),
            (Some(name), false) => {
                let relazione = match archive::relazione_year(name) {
                    Some(year) => match relazione(content, year) {
                        Ok(found) => Some(found),
                        Err(diagnostics) => {
                            super::report(&diagnostics);
                            return ExitCode::FAILURE;
                        }
                    },
                    None => None,
                };
                let req = Request {
                    dir: &dir,
                    period: relazione
                        .as_ref()
                        .map_or(name, |(period, _)| period.as_str()),
                    relazione: relazione.as_ref().map(|(_, r)| *r),
                    new_revision: self.nuova_revisione,
                    today: clock::today(),
                };
                run_create(content, &self.theme.source(), &req)
            }
            (Some(_), true) => {
                usage("indicare il periodo da archiviare oppure --verifica, non entrambi")
            }
            (None, false) => usage(
                "indicare il periodo da archiviare (es. trasparenza archivia 2022-S1) oppure --verifica",
            ),
        }
    }
}

/// The Relazione of `year` in the content: its year-end period and what its version records.
fn relazione(content: &Path, year: i32) -> Result<(String, RelazioneVersion), Vec<Diagnostic>> {
    let loaded = load::load_dir(content);
    let Some(plans) = loaded.plans else {
        return Err(loaded.diagnostics);
    };
    let all: Vec<_> = plans.all().iter().flat_map(|p| &p.relazioni).collect();
    match all.iter().find(|r| r.year == year) {
        Some(r) => Ok((
            r.period.clone(),
            RelazioneVersion {
                year,
                published: r.published,
            },
        )),
        None => {
            let years: Vec<String> = all.iter().map(|r| r.year.to_string()).collect();
            let hint = if years.is_empty() {
                "scrivere la relazione in piani/<piano>/relazione/<anno>/relazione.toml (vedi docs/formato-contenuti.md)".to_owned()
            } else {
                format!("relazioni nei contenuti: {}", years.join(", "))
            };
            Err(vec![
                Diagnostic::file(
                    Severity::Error,
                    content,
                    format!("nessuna Relazione sulla Performance {year} nei contenuti"),
                )
                .hint(hint),
            ])
        }
    }
}

fn usage(message: &str) -> ExitCode {
    eprintln!("errore: {message}");
    ExitCode::FAILURE
}

fn run_create(content: &Path, theme: &ThemeSource, req: &Request) -> ExitCode {
    let dir = req.dir;
    match create(content, theme, req) {
        Ok((c, warnings)) => {
            if !warnings.is_empty() {
                eprintln!(
                    "{} avvisi nei contenuti (dettagli: trasparenza controlla)",
                    warnings.len()
                );
            }
            let m = &c.metadata;
            println!(
                "Versione {} archiviata in {} ({} file del sito, pacchetto BagIt) e {}.\nPubblicata il {}, archiviata il {}, da conservare fino al {} ({}).\nAggiungerla al repository del sito: git add {}",
                m.versione,
                c.path.display(),
                c.files,
                c.zip.display(),
                archive::italian(&m.data_pubblicazione),
                archive::italian(&m.data_archiviazione),
                archive::italian(&m.conservazione_fino_al),
                m.riferimento_normativo,
                dir.display()
            );
            ExitCode::SUCCESS
        }
        Err(diagnostics) => {
            super::report(&diagnostics);
            eprintln!(
                "Versione non archiviata: la cartella {} non è stata modificata.",
                dir.display()
            );
            ExitCode::FAILURE
        }
    }
}

/// Builds the site as it stood for the period, then freezes it; with the content's warnings.
fn create(
    content: &Path,
    theme: &ThemeSource,
    req: &Request,
) -> Result<(Created, Vec<Diagnostic>), Vec<Diagnostic>> {
    let next = archive::next_version(req)?;
    let mut built = build::snapshot(content, theme, req, &next)?;
    let files = std::mem::take(&mut built.site.files);
    let created = archive::create(req, &next, files, &built.document())?;
    Ok((created, built.warnings))
}

fn run_verify(dir: &Path) -> ExitCode {
    let report = match archive::verify(dir) {
        Ok(r) => r,
        Err(d) => {
            super::report(&[d]);
            return ExitCode::FAILURE;
        }
    };
    if report.versions.is_empty() && report.problems.is_empty() {
        println!("Nessuna versione archiviata in {}.", dir.display());
        return ExitCode::SUCCESS;
    }
    for p in &report.problems {
        eprintln!("{p}");
    }
    let n = report.versions.len();
    if report.problems.is_empty() {
        println!(
            "Archivio integro: {n} {} ({}), {} file verificati con SHA-256.",
            if n == 1 { "versione" } else { "versioni" },
            report.versions.join(", "),
            report.files
        );
        ExitCode::SUCCESS
    } else {
        eprintln!(
            "Archivio non integro: {} {} in {}.\n    = come correggere: le versioni archiviate non si modificano; ripristinare i file dal repository (git checkout -- {}) ed eliminare quelli estranei",
            report.problems.len(),
            if report.problems.len() == 1 {
                "problema"
            } else {
                "problemi"
            },
            dir.display(),
            dir.display()
        );
        ExitCode::FAILURE
    }
}
