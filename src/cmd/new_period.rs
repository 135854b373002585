//! `trasparenza nuovo-periodo`: the folder of the next monitoring period, with its
//! `periodo.toml` filled in from the period id (`2025-S2`, `2026-T1`) and the plan that
//! measures its year. Never overwrites; the content is checked again after writing.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use toml_edit::Value;
use trasparenza::archive::clock;
use trasparenza::load;
use trasparenza::model::{Date, Plan, Plans};

/// Arguments of `trasparenza nuovo-periodo`.
#[derive(clap::Args)]
pub struct NuovoPeriodoArgs {
    /// Periodo da creare: anno e semestre (2025-S1, 2025-S2) o trimestre (2025-T1 ... 2025-T4)
    periodo: String,
    #[command(flatten)]
    source: super::Source,
    /// Piano a cui appartiene il periodo (predefinito: il piano più recente che comprende l'anno)
    #[arg(long)]
    piano: Option<String>,
}

impl NuovoPeriodoArgs {
    /// Runs the subcommand.
    pub fn run(self) -> ExitCode {
        match nuovo_periodo(&self) {
            Ok(()) => ExitCode::SUCCESS,
            Err(message) => {
                eprintln!("{message}");
                ExitCode::FAILURE
            }
        }
    }
}

/// What a period id says: the year, the end of the period and the share of the year.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Span {
    year: i32,
    end: Date,
    /// Percent of the year elapsed at the end.
    share: u8,
    /// `semestrale` or `trimestrale`.
    kind: &'static str,
}

/// Reads `2025-S1`, `2025-S2`, `2025-T1` ... `2025-T4`.
fn parse_id(id: &str) -> Option<Span> {
    let (year, part) = id.split_once('-')?;
    if year.len() != 4 {
        return None;
    }
    let year: i32 = year.parse().ok()?;
    let (kind, month, day, share) = match part {
        "S1" => ("semestrale", 6, 30, 50),
        "S2" => ("semestrale", 12, 31, 100),
        "T1" => ("trimestrale", 3, 31, 25),
        "T2" => ("trimestrale", 6, 30, 50),
        "T3" => ("trimestrale", 9, 30, 75),
        "T4" => ("trimestrale", 12, 31, 100),
        _ => return None,
    };
    Some(Span {
        year,
        end: Date::new(year, month, day)?,
        share,
        kind,
    })
}

/// The text of `periodo.toml`.
fn period_file(id: &str, span: &Span, published: Date) -> String {
    let title = if span.share == 100 {
        format!("Risultati al {}", span.end.italian())
    } else {
        format!("Monitoraggio {} al {}", span.kind, span.end.italian())
    };
    let line = |assignment: String, comment: &str| format!("{assignment:<47} # {comment}\n");
    let mut out = format!(
        "# Periodo di monitoraggio {id}, scritto da `trasparenza nuovo-periodo`: controllare il titolo e le date.\n\n"
    );
    out.push_str(&line(
        format!("id = {}", Value::from(id)),
        "uguale al nome della cartella",
    ));
    out.push_str(&format!("titolo = {}\n", Value::from(title)));
    out.push_str(&line(
        format!("anno = {}", span.year),
        "anno a cui si riferiscono le misure",
    ));
    out.push_str(&line(
        format!("fine = {}", span.end.iso()),
        "data di riferimento delle misure",
    ));
    let share_comment = if span.share == 100 {
        "100%: i risultati di fine anno (consuntivo)"
    } else {
        "parte dell'anno trascorsa alla data di fine"
    };
    out.push_str(&line(
        format!("quota_anno = \"{}%\"", span.share),
        share_comment,
    ));
    out.push_str(&line(
        format!("data_pubblicazione = {}", published.iso()),
        "da aggiornare al giorno della pubblicazione",
    ));
    out.push_str(&line(
        format!("data_aggiornamento = {}", published.iso()),
        "ultimo aggiornamento del monitoraggio",
    ));
    out
}

/// The plan that measures `year`: the one named, or the most recent covering it.
fn plan_for<'a>(plans: &'a Plans, year: i32, named: Option<&str>) -> Result<&'a Plan, String> {
    let ids: Vec<&str> = plans.all().iter().map(|p| p.info.id.as_str()).collect();
    if let Some(name) = named {
        let plan = plans
            .all()
            .iter()
            .find(|p| p.info.id == name.trim())
            .ok_or_else(|| {
                format!(
                    "errore: piano \"{name}\" inesistente\n    = come correggere: piani esistenti: {}",
                    ids.join(", ")
                )
            })?;
        if year < plan.info.first_year || year > plan.info.last_year {
            return Err(format!(
                "errore: il {year} è fuori dal piano {} ({}–{})\n    = come correggere: indicare un piano che comprende il {year}, o nessuno",
                plan.info.id, plan.info.first_year, plan.info.last_year
            ));
        }
        return Ok(plan);
    }
    plans
        .all()
        .iter()
        .rev()
        .find(|p| p.info.first_year <= year && year <= p.info.last_year)
        .ok_or_else(|| {
            format!(
                "errore: nessun piano comprende il {year} (piani: {})\n    = come correggere: creare prima il piano che comprende l'anno (vedi docs/formato-contenuti.md), oppure controllare l'anno del periodo",
                ids.join(", ")
            )
        })
}

fn nuovo_periodo(args: &NuovoPeriodoArgs) -> Result<(), String> {
    let id = args.periodo.trim();
    let span = parse_id(id).ok_or_else(|| {
        format!(
            "errore: periodo \"{id}\" non riconosciuto\n    = come correggere: scrivere l'anno e il semestre (2025-S1 al 30 giugno, 2025-S2 al 31 dicembre) o il trimestre (2025-T1 ... 2025-T4)"
        )
    })?;
    let content = args.source.folder();
    let loaded = load::load_dir(&content);
    let Some(plans) = loaded.plans else {
        let errors: Vec<_> = loaded
            .diagnostics
            .into_iter()
            .filter(|d| d.is_error())
            .collect();
        super::report(&errors);
        return Err(
            "Periodo non creato: correggere prima gli errori dei contenuti (`trasparenza controlla`)."
                .into(),
        );
    };
    if let Some((i, _)) = plans.find_period(id) {
        return Err(format!(
            "errore: il periodo {id} esiste già nel piano {}: nulla è stato scritto\n    = come correggere: per modificarlo aprire {}",
            plans.all()[i].info.id,
            content
                .join(&plans.all()[i].info.folder)
                .join("monitoraggio")
                .join(id)
                .join("periodo.toml")
                .display()
        ));
    }
    let plan = plan_for(&plans, span.year, args.piano.as_deref())?;
    let folder = content
        .join(&plan.info.folder)
        .join("monitoraggio")
        .join(id);
    let file = folder.join("periodo.toml");
    if folder.exists() {
        return Err(format!(
            "errore: {} esiste già: nulla è stato scritto\n    = come correggere: controllare la cartella; se è da rifare, spostarla altrove e ripetere il comando",
            folder.display()
        ));
    }
    let published = clock::today().max(span.end);
    write_new(&folder, &file, &period_file(id, &span, published))?;

    // the content as it is now: the new file must not bring an error
    let after = load::load_dir(&content);
    let problems: Vec<_> = after
        .diagnostics
        .into_iter()
        .filter(|d| d.is_error() && d.file.ends_with(Path::new(id).join("periodo.toml")))
        .collect();
    if !problems.is_empty() {
        super::report(&problems);
        let _ = fs::remove_file(&file);
        let _ = fs::remove_dir(&folder);
        return Err(
            "Periodo non creato: il file non supererebbe il controllo; nulla è stato lasciato."
                .into(),
        );
    }
    println!(
        "Periodo {id} creato nel piano {}: {}",
        plan.info.id,
        file.display()
    );
    println!(
        "Controllare titolo e date, poi: `trasparenza esporta {id}` per il modello delle misure, da compilare e importare con `trasparenza importa {id} misure-{id}.xlsx`."
    );
    Ok(())
}

/// Creates the folder and the file; never replaces an existing one.
fn write_new(folder: &PathBuf, file: &Path, text: &str) -> Result<(), String> {
    let fail = |e: std::io::Error| {
        format!(
            "errore: {}: scrittura non riuscita: {e}\n    = come correggere: controllare il percorso e i permessi",
            file.display()
        )
    };
    fs::create_dir_all(folder).map_err(fail)?;
    fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(file)
        .and_then(|mut f| std::io::Write::write_all(&mut f, text.as_bytes()))
        .map_err(fail)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_say_year_end_and_share() {
        let s = parse_id("2025-S2").unwrap();
        assert_eq!(
            (s.year, s.end.iso(), s.share),
            (2025, "2025-12-31".into(), 100)
        );
        let t = parse_id("2026-T3").unwrap();
        assert_eq!((t.end.iso(), t.share), ("2026-09-30".into(), 75));
        for bad in ["2025", "2025-S3", "25-S1", "2025-s1x", "anno-S1"] {
            assert_eq!(parse_id(bad), None, "{bad}");
        }
    }

    #[test]
    fn the_file_reads_as_a_period() {
        let s = parse_id("2025-S1").unwrap();
        let text = period_file("2025-S1", &s, Date::new(2025, 7, 31).unwrap());
        let doc: toml::Table = toml::from_str(&text).unwrap();
        assert_eq!(doc["id"].as_str(), Some("2025-S1"));
        assert_eq!(
            doc["titolo"].as_str(),
            Some("Monitoraggio semestrale al 30 giugno 2025")
        );
        assert_eq!(doc["quota_anno"].as_str(), Some("50%"));
        assert!(text.contains("fine = 2025-06-30 "), "{text}");
        assert!(text.contains("data_pubblicazione = 2025-07-31 "), "{text}");
        let end = period_file("2025-S2", &parse_id("2025-S2").unwrap(), s.end);
        assert!(
            end.contains("titolo = \"Risultati al 31 dicembre 2025\""),
            "{end}"
        );
    }
}
