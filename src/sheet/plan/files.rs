//! The plan read from a workbook written as the content's TOML files, in the documented
//! layout with a comment on each key, so that the body goes on maintaining them by hand.
//! Values go through `toml_edit`, which quotes and escapes them.

use std::path::PathBuf;

use toml_edit::{InlineTable, Value};

use super::rows::{KpiDraft, ObjectiveDraft, PlanDraft};
use crate::model::Date;

/// `key = value`, with a comment aligned at column 49 as in the other content files.
fn line(key: &str, value: impl Into<Value>, comment: &str) -> String {
    let assignment = format!("{key} = {}", value.into());
    if comment.is_empty() {
        format!("{assignment}\n")
    } else {
        format!("{assignment:<47} # {comment}\n")
    }
}

/// A weight as TOML: a whole number bare, anything else as written.
fn weight(text: &str) -> Value {
    match text.trim().parse::<i64>() {
        Ok(n) => Value::from(n),
        Err(_) => Value::from(text.trim()),
    }
}

/// Every file of the plan, relative to the plan's folder, with its text.
pub fn plan_files(plan: &PlanDraft, source: &str, today: Date) -> Vec<(PathBuf, String)> {
    let (first, last) = (
        plan.years.first().copied().unwrap_or_default(),
        plan.years.last().copied().unwrap_or_default(),
    );
    let header = format!(
        "# Scritto da `trasparenza importa-piano` dal file {source}: da qui in poi si modifica questo file.\n"
    );
    let mut out = Vec::new();
    let mut piano = header.clone();
    piano.push_str("# Il piano: titolo, anni, date; le regole di valutazione (SMVP) si aggiungono in [valutazione]\n# (vedi docs/formato-contenuti.md).\n\n[piano]\n");
    piano.push_str(&line(
        "titolo",
        format!("Piano della Performance {first}/{last}"),
        "titolo come nell'atto adottato",
    ));
    piano.push_str(&line(
        "anno_inizio",
        i64::from(first),
        "primo anno del piano",
    ));
    piano.push_str(&line("anno_fine", i64::from(last), "ultimo anno del piano"));
    piano.push_str(&format!(
        "data_pubblicazione = {:<28} # data di pubblicazione del piano\n",
        today.iso()
    ));
    piano.push_str(&format!(
        "data_aggiornamento = {:<28} # ultimo aggiornamento della sezione\n",
        today.iso()
    ));
    out.push((PathBuf::from("piano.toml"), piano));

    for (id, title) in &plan.areas {
        let mut text = header.clone();
        text.push_str("# Area strategica.\n\n");
        text.push_str(&line("id", id.as_str(), "codice dell'area, come nel piano"));
        text.push_str(&line("titolo", title.as_str(), ""));
        out.push((PathBuf::from("aree").join(file_name(id)), text));
    }
    for o in &plan.strategic {
        let mut text = header.clone();
        text.push_str("# Obiettivo strategico (triennale), con i suoi indicatori (KPI).\n\n");
        text.push_str(&line(
            "id",
            o.id.as_str(),
            "codice dell'obiettivo, come nel piano",
        ));
        text.push_str(&line("area", o.parent.as_str(), "id dell'area strategica"));
        text.push_str(&line("titolo", o.title.as_str(), ""));
        push_kpis(&mut text, o, None);
        out.push((
            PathBuf::from("obiettivi-strategici").join(file_name(&o.id)),
            text,
        ));
    }
    for (o, year) in &plan.operational {
        let mut text = header.clone();
        text.push_str("# Obiettivo operativo (annuale), collegato a un obiettivo strategico.\n\n");
        text.push_str(&line(
            "id",
            o.id.as_str(),
            "codice dell'obiettivo, come nel piano",
        ));
        text.push_str(&line(
            "obiettivo_strategico",
            o.parent.as_str(),
            "id dell'obiettivo strategico",
        ));
        text.push_str(&line("titolo", o.title.as_str(), ""));
        text.push_str(&line("anno", i64::from(*year), "anno dell'obiettivo"));
        push_kpis(&mut text, o, Some(*year));
        out.push((
            PathBuf::from("obiettivi-operativi").join(file_name(&o.id)),
            text,
        ));
    }
    out
}

/// The `[[kpi]]` tables; an operational objective's target is the one of its year.
fn push_kpis(text: &mut String, o: &ObjectiveDraft, year: Option<i32>) {
    for k in &o.kpis {
        text.push_str("\n[[kpi]]\n");
        text.push_str(&line(
            "id",
            k.id.as_str(),
            "chiave unica nell'obiettivo: il monitoraggio la usa",
        ));
        text.push_str(&line("nome", k.name.as_str(), ""));
        optional(text, "algoritmo", &k.algorithm, "come si calcola");
        optional(text, "baseline", &k.baseline, "valore di partenza");
        optional(text, "unita", &k.unit, "unità di misura");
        optional(
            text,
            "polarita",
            &k.polarity,
            "crescente | decrescente | esatta",
        );
        optional(text, "responsabile", &k.responsible, "chi rileva il valore");
        text.push_str(&line(
            "peso",
            weight(&k.weight),
            "i pesi dei KPI dell'obiettivo sommano a 100",
        ));
        text.push_str(&target(k, year));
    }
}

fn optional(text: &mut String, key: &str, value: &str, comment: &str) {
    if !value.trim().is_empty() {
        text.push_str(&line(key, value.trim(), comment));
    }
}

fn target(k: &KpiDraft, year: Option<i32>) -> String {
    match year {
        Some(y) => {
            let written = k
                .targets
                .iter()
                .find(|(ty, _)| *ty == y)
                .map_or("", |(_, t)| t.as_str());
            line("target", written, &format!("target del {y}"))
        }
        None => {
            let mut table = InlineTable::new();
            for (y, t) in &k.targets {
                table.insert(y.to_string(), Value::from(t.as_str()));
            }
            line("target", table, "un target per anno")
        }
    }
}

/// A file name from a code: letters, digits, `.`, `-`, `_`; anything else becomes `-`.
fn file_name(id: &str) -> String {
    let stem: String = id
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || matches!(c, '.' | '-' | '_') {
                c
            } else {
                '-'
            }
        })
        .collect();
    format!("{stem}.toml")
}
