//! `trasparenza esporta` and `trasparenza importa`: measurements through a spreadsheet.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use trasparenza::load;
use trasparenza::sheet::{export, import, workbook};
use trasparenza::write::atomic_write;

/// The kind of template file.
#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum Formato {
    /// Cartella di lavoro Excel, apribile anche con LibreOffice Calc
    Xlsx,
    /// Testo separato da «;», UTF-8 con BOM, virgola decimale
    Csv,
}

impl Formato {
    fn extension(self) -> &'static str {
        match self {
            Formato::Xlsx => "xlsx",
            Formato::Csv => "csv",
        }
    }

    /// The format a file name asks for, by its extension.
    fn of(path: &Path) -> Option<Formato> {
        match path.extension()?.to_str()?.to_lowercase().as_str() {
            "xlsx" => Some(Formato::Xlsx),
            "csv" => Some(Formato::Csv),
            _ => None,
        }
    }
}

/// Arguments of `trasparenza esporta`.
#[derive(clap::Args)]
pub struct EsportaArgs {
    /// Periodo di monitoraggio, es. 2025-S1
    periodo: String,
    #[command(flatten)]
    source: super::Source,
    /// File da scrivere (predefinito: misure-<periodo>.xlsx); l'estensione .csv o .xlsx sceglie il formato
    #[arg(long = "uscita", short = 'o', alias = "output", value_name = "FILE")]
    output: Option<PathBuf>,
    /// Formato del modello (predefinito: quello dell'estensione di --uscita, altrimenti xlsx)
    #[arg(long, value_enum)]
    formato: Option<Formato>,
    /// Sostituisce il file se esiste già
    #[arg(long)]
    sovrascrivi: bool,
}

impl EsportaArgs {
    /// Runs the subcommand.
    pub fn run(self) -> ExitCode {
        esporta(&self)
    }
}

/// Arguments of `trasparenza importa`.
#[derive(clap::Args)]
pub struct ImportaArgs {
    /// Periodo di monitoraggio, es. 2025-S1
    periodo: String,
    /// File compilato: Excel (.xlsx, .xls), LibreOffice Calc (.ods) o CSV (separatore «;» o «,», virgola decimale)
    #[arg(value_name = "FILE.xlsx")]
    file: PathBuf,
    #[command(flatten)]
    source: super::Source,
    /// Controlla il file senza scrivere nulla
    #[arg(long)]
    solo_verifica: bool,
}

impl ImportaArgs {
    /// Runs the subcommand.
    pub fn run(self) -> ExitCode {
        importa(&self)
    }
}

/// Writes the template of a period, as a workbook or a CSV; refuses to overwrite an
/// existing file unless asked.
fn esporta(args: &EsportaArgs) -> ExitCode {
    let content = &args.source.folder();
    let loaded = load::load_dir(content);
    let Some(plans) = loaded.plans else {
        let errors: Vec<_> = loaded
            .diagnostics
            .into_iter()
            .filter(|d| d.is_error())
            .collect();
        super::report(&errors);
        eprintln!(
            "Modello non scritto: correggere prima gli errori dei contenuti (`trasparenza controlla`)."
        );
        return ExitCode::FAILURE;
    };
    let plan = plans.plan_of_period(&args.periodo);
    let period = match export::find_period(plan, &args.periodo) {
        Ok(p) => p,
        Err(d) => {
            super::report(&[d]);
            return ExitCode::FAILURE;
        }
    };
    let by_name = args.output.as_deref().and_then(Formato::of);
    let formato = match (args.formato, by_name) {
        (Some(f), Some(n)) if f != n => {
            eprintln!(
                "errore: --formato {} non corrisponde all'estensione di {}\n    = come correggere: indicare un file .{} o togliere --formato",
                f.extension(),
                args.output.as_deref().unwrap_or(Path::new("")).display(),
                f.extension()
            );
            return ExitCode::from(2);
        }
        (Some(f), _) | (None, Some(f)) => f,
        (None, None) => Formato::Xlsx,
    };
    let out: PathBuf = args
        .output
        .clone()
        .unwrap_or_else(|| PathBuf::from(format!("misure-{}.{}", period.id, formato.extension())));
    if out.exists() && !args.sovrascrivi {
        eprintln!(
            "errore: {} esiste già: non sovrascritto\n    = come correggere: se contiene misure da importare, importarlo prima (`trasparenza importa {} {}`); altrimenti indicare un altro file con --uscita o aggiungere --sovrascrivi",
            out.display(),
            period.id,
            out.display()
        );
        return ExitCode::FAILURE;
    }
    let rows = export::rows(plan, period).len();
    let bytes = match formato {
        Formato::Csv => export::template(plan, period).into_bytes(),
        Formato::Xlsx => match workbook::template(plan, period) {
            Ok(b) => b,
            Err(e) => {
                eprintln!(
                    "errore: {}: cartella di lavoro non scritta: {e}\n    = come correggere: scrivere il modello in CSV con --formato csv e segnalare il problema",
                    out.display()
                );
                return ExitCode::FAILURE;
            }
        },
    };
    if let Err(e) = atomic_write(&out, &bytes) {
        eprintln!(
            "errore: {}: scrittura non riuscita: {e}\n    = come correggere: controllare il percorso, i permessi e che il file non sia aperto in un foglio di calcolo",
            out.display()
        );
        return ExitCode::FAILURE;
    }
    println!(
        "Modello scritto in {}: {rows} KPI da misurare nel periodo {} ({}).",
        out.display(),
        period.id,
        period.title
    );
    if rows == 0 {
        println!(
            "Nessun KPI ha un target per il {}: controllare l'anno del periodo e dei target del piano.",
            period.year
        );
    }
    match formato {
        Formato::Xlsx => {
            println!(
                "Aprirlo con Excel o LibreOffice Calc, compilare le colonne Valore (o Numeratore e Denominatore),"
            );
            println!(
                "Stato dichiarato e Nota, salvarlo senza cambiarne il formato (o come .ods), poi importarlo con:"
            );
        }
        Formato::Csv => {
            println!(
                "Aprirlo con LibreOffice Calc o Excel, compilare le colonne valore (o numeratore e denominatore) e nota,"
            );
            println!("salvarlo in formato CSV (separatore «;»), poi importarlo con:");
        }
    }
    println!("  trasparenza importa {} {}", period.id, out.display());
    ExitCode::SUCCESS
}

/// Reads a filled-in template; writes the measurements only if there is no error.
fn importa(args: &ImportaArgs) -> ExitCode {
    let content = &args.source.folder();
    let file = args.file.as_path();
    let prepared = match import::prepare(content, &args.periodo, file) {
        Ok(p) => p,
        Err(diagnostics) => {
            super::report(&diagnostics);
            eprintln!(
                "Importazione non eseguita: correggere gli errori indicati e ripetere; nessun file è stato modificato."
            );
            return ExitCode::FAILURE;
        }
    };
    super::report(&prepared.warnings);
    let values: usize = prepared.changes.iter().map(|c| c.kpis).sum();
    if prepared.changes.is_empty() {
        println!(
            "{}: {} righe lette, nessun valore nuovo da importare: le misure del periodo sono già aggiornate.",
            file.display(),
            prepared.rows
        );
        return ExitCode::SUCCESS;
    }
    if args.solo_verifica {
        println!(
            "{}: nessun errore; {values} misure da importare in {} file. Nessun file modificato (--solo-verifica).",
            file.display(),
            prepared.changes.len()
        );
        return ExitCode::SUCCESS;
    }
    if let Err((path, e)) = import::apply(content, &prepared) {
        eprintln!(
            "errore: {}: scrittura non riuscita: {e}\n    = come correggere: controllare i permessi e lo spazio libero, poi ripetere l'importazione",
            path.display()
        );
        return ExitCode::FAILURE;
    }
    println!(
        "Importate {values} misure da {} in {} file:",
        file.display(),
        prepared.changes.len()
    );
    for c in &prepared.changes {
        let what = if c.created { "creato" } else { "aggiornato" };
        println!(
            "  {what} {} ({} KPI)",
            content.join(&c.path).display(),
            c.kpis
        );
    }
    println!(
        "Prossimi passi: `trasparenza controlla`, poi l'anteprima (`trasparenza anteprima`) e `trasparenza genera`."
    );
    ExitCode::SUCCESS
}
