//! `trasparenza esporta` and `trasparenza importa`: measurements through a spreadsheet.

use std::path::PathBuf;
use std::process::ExitCode;

use trasparenza::load;
use trasparenza::sheet::{export, import};
use trasparenza::write::atomic_write;

/// Arguments of `trasparenza esporta`.
#[derive(clap::Args)]
pub struct EsportaArgs {
    /// Periodo di monitoraggio, es. 2025-S1
    periodo: String,
    #[command(flatten)]
    source: super::Source,
    /// File CSV da scrivere (predefinito: misure-<periodo>.csv)
    #[arg(long, short)]
    output: Option<PathBuf>,
    /// Sostituisce il file CSV se esiste già
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
    /// File CSV compilato (separatore «;» o «,», virgola decimale)
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

/// Writes the CSV template of a period; refuses to overwrite an existing file unless asked.
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
            "Modello non scritto: correggere prima gli errori dei contenuti (`trasparenza check`)."
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
    let out: PathBuf = args
        .output
        .clone()
        .unwrap_or_else(|| PathBuf::from(format!("misure-{}.csv", period.id)));
    if out.exists() && !args.sovrascrivi {
        eprintln!(
            "errore: {} esiste già: non sovrascritto\n    = come correggere: se contiene misure da importare, importarlo prima (`trasparenza importa {} {}`); altrimenti indicare un altro file con --output o aggiungere --sovrascrivi",
            out.display(),
            period.id,
            out.display()
        );
        return ExitCode::FAILURE;
    }
    let rows = export::rows(plan, period).len();
    let text = export::template(plan, period);
    if let Err(e) = atomic_write(&out, text.as_bytes()) {
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
    println!(
        "Aprirlo con LibreOffice Calc o Excel, compilare le colonne valore (o numeratore e denominatore) e nota,"
    );
    println!("salvarlo in formato CSV (separatore «;»), poi importarlo con:");
    println!("  trasparenza importa {} {}", period.id, out.display());
    ExitCode::SUCCESS
}

/// Reads a filled-in template; writes the measurements only if there is no error.
fn importa(args: &ImportaArgs) -> ExitCode {
    let content = &args.source.folder();
    let csv = args.file.as_path();
    let prepared = match import::prepare(content, &args.periodo, csv) {
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
            csv.display(),
            prepared.rows
        );
        return ExitCode::SUCCESS;
    }
    if args.solo_verifica {
        println!(
            "{}: nessun errore; {values} misure da importare in {} file. Nessun file modificato (--solo-verifica).",
            csv.display(),
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
        csv.display(),
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
        "Prossimi passi: `trasparenza check`, poi l'anteprima (`trasparenza serve`) e `trasparenza build`."
    );
    ExitCode::SUCCESS
}
