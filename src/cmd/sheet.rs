//! `trasparenza esporta` and `trasparenza importa`: measurements through a spreadsheet.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use trasparenza::load;
use trasparenza::sheet::{export, import};

/// Writes the CSV template of a period; refuses to overwrite an existing file unless asked.
pub fn esporta(content: &Path, period: &str, output: Option<&Path>, overwrite: bool) -> ExitCode {
    let loaded = load::load_dir(content);
    let Some(plan) = loaded.plan else {
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
    let period = match export::find_period(&plan, period) {
        Ok(p) => p,
        Err(d) => {
            super::report(&[d]);
            return ExitCode::FAILURE;
        }
    };
    let out: PathBuf = output.map_or_else(
        || PathBuf::from(format!("misure-{}.csv", period.id)),
        Path::to_path_buf,
    );
    if out.exists() && !overwrite {
        eprintln!(
            "errore: {} esiste già: non sovrascritto\n    = come correggere: se contiene misure da importare, importarlo prima (`trasparenza importa {} {}`); altrimenti indicare un altro file con --output o aggiungere --sovrascrivi",
            out.display(),
            period.id,
            out.display()
        );
        return ExitCode::FAILURE;
    }
    let rows = export::rows(&plan, period).len();
    let text = export::template(&plan, period);
    let dir = match out.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let name = out
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let tmp = dir.join(format!(".{name}.esporta-{}", std::process::id()));
    if let Err(e) = fs::write(&tmp, text).and_then(|()| fs::rename(&tmp, &out)) {
        let _ = fs::remove_file(&tmp);
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
pub fn importa(content: &Path, period: &str, csv: &Path, check_only: bool) -> ExitCode {
    let prepared = match import::prepare(content, period, csv) {
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
    if check_only {
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
        if c.regenerated {
            println!(
                "    il file non era nella forma documentata ed è stato riscritto: i suoi commenti non sono stati conservati"
            );
        }
    }
    println!(
        "Prossimi passi: `trasparenza check`, poi l'anteprima (`trasparenza serve`) e `trasparenza build`."
    );
    ExitCode::SUCCESS
}
