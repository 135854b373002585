//! References between files: an objective's parent (area or strategic objective), and
//! a monitoring file's objective and KPIs. Each missing target is an error with the
//! closest existing id.

use std::ops::Range;
use std::sync::Arc;

use rustc_hash::{FxHashMap, FxHashSet};

use super::objective::ObjectiveSpans;
use super::placed::{ObjectivesByKind, Placed};
use super::problems::Problems;
use super::report::Draft;
use crate::diagnostic::{Diagnostic, did_you_mean};
use crate::model::{Kind, Kpi, KpiReport, Objective, Period, Report};

/// Reports every strategic objective whose area, and every operational objective whose
/// strategic objective, does not exist; not when the files of those failed to load.
pub fn check_parents(
    objectives: &ObjectivesByKind,
    area_ids: Vec<&str>,
    failed_areas: bool,
    failed_strategic: bool,
    diags: &mut Vec<Diagnostic>,
) {
    let strategic_ids: Vec<&str> = objectives
        .get(&Kind::Strategic)
        .into_iter()
        .flatten()
        .map(|o| o.value.id.as_str())
        .collect();
    let areas = Candidates::new(area_ids, "area");
    let strategic = Candidates::new(strategic_ids, "obiettivo strategico");
    for placed in objectives.values().flatten() {
        let candidates = match placed.value.kind {
            Kind::Strategic if !failed_areas => &areas,
            Kind::Operational if !failed_strategic => &strategic,
            _ => continue,
        };
        if let Some(parent) = placed.value.parent.as_deref() {
            candidates.check(parent, &placed.spans, &mut Problems::new(placed.src, diags));
        }
    }
}

/// The ids a parent reference may take.
struct Candidates<'a> {
    /// In file order, for the hint.
    ids: Vec<&'a str>,
    set: FxHashSet<&'a str>,
    /// What they are.
    what: &'static str,
}

impl<'a> Candidates<'a> {
    fn new(ids: Vec<&'a str>, what: &'static str) -> Self {
        let set = ids.iter().copied().collect();
        Candidates { ids, set, what }
    }

    /// Reports `parent` at its key when no candidate has that id.
    fn check(&self, parent: &str, spans: &ObjectiveSpans, p: &mut Problems) {
        if self.set.contains(parent) {
            return;
        }
        let hint = match did_you_mean(parent, self.ids.iter().copied()) {
            Some(best) => format!(
                "forse intendeva \"{best}\"? Valori esistenti: {}",
                self.ids.join(", ")
            ),
            None if self.ids.is_empty() => match self.what {
                "area" => {
                    "i contenuti non hanno ancora nessuna area: crearne il file in piano/aree/"
                        .to_owned()
                }
                what => format!(
                    "i contenuti non hanno ancora nessun {what}: crearne il file nella sua cartella (vedi docs/formato-contenuti.md)"
                ),
            },
            None => format!("valori esistenti: {}", self.ids.join(", ")),
        };
        p.error(
            spans.parent.clone().unwrap_or(0..0),
            format!("{} \"{parent}\" inesistente", self.what),
            hint,
        );
    }
}

/// The position of the objective a monitoring file reports on, unless it does not
/// exist or was already reported on in the period.
pub fn objective_of(
    kind: Kind,
    draft: &Draft,
    objectives: &[Placed<Arc<Objective>, ObjectiveSpans>],
    index: &FxHashMap<&str, usize>,
    seen: &mut FxHashSet<(Kind, usize)>,
    period: &Period,
    p: &mut Problems,
) -> Option<usize> {
    let id = &draft.objective;
    let span: Range<usize> = draft.objective_span.clone();
    let Some(&at) = index.get(id.as_str()) else {
        let ids: Vec<&str> = objectives.iter().map(|o| o.value.id.as_str()).collect();
        let hint = match did_you_mean(id, ids.iter().copied()) {
            Some(best) => format!("forse intendeva \"{best}\"?"),
            None => format!(
                "gli {} esistenti sono: {}",
                kind.folder().replace('-', " "),
                ids.join(", ")
            ),
        };
        p.error(span, format!("{} \"{id}\" inesistente", kind.label()), hint);
        return None;
    };
    if !seen.insert((kind, at)) {
        p.error(
            span,
            format!(
                "esito dell'{} \"{id}\" già presente nel periodo {}",
                kind.label(),
                period.id
            ),
            "un solo file di esito per obiettivo e periodo: unire i due file",
        );
        return None;
    }
    Some(at)
}

/// The report of a monitoring file on `objective`, with its measurements checked
/// against the objective's KPIs.
pub fn report_from(kind: Kind, draft: Draft, objective: &Objective, p: &mut Problems) -> Report {
    let id = draft.objective;
    p.diags.extend(draft.own);
    let mut kpis: Vec<KpiReport> = Vec::new();
    for (n, k) in draft.kpis.into_iter().enumerate() {
        let kid = k.id;
        // measurements usually follow the plan's order: look there first
        let exists = |x: &Kpi| x.id == kid;
        if !(objective.kpis.get(n).is_some_and(exists) || objective.kpis.iter().any(exists)) {
            let ids: Vec<&str> = objective.kpis.iter().map(|x| x.id.as_str()).collect();
            let hint = match did_you_mean(&kid, ids.iter().copied()) {
                Some(best) => format!(
                    "forse intendeva \"{best}\"? KPI dell'obiettivo: {}",
                    ids.join(", ")
                ),
                None => format!("KPI dell'obiettivo {id}: {}", ids.join(", ")),
            };
            p.error(
                k.span,
                format!("KPI \"{kid}\" inesistente nell'{} {id}", kind.label()),
                hint,
            );
            continue;
        }
        if kpis.iter().any(|x| x.kpi == kid) {
            p.error(
                k.span,
                format!("misura del KPI \"{kid}\" ripetuta"),
                "una sola misura per KPI e periodo",
            );
            continue;
        }
        p.diags.extend(k.diags);
        let Some(value) = k.value else {
            continue;
        };
        kpis.push(KpiReport {
            kpi: kid,
            value,
            statement: k.statement,
            note: k.note,
        });
    }
    Report {
        kind,
        objective: id,
        statement: draft.statement,
        declared: draft.declared,
        progress: draft.progress,
        note: draft.note,
        kpis,
    }
}

#[cfg(test)]
mod tests {
    use crate::diagnostic::Source;
    use crate::load::load_sources;

    const SITO: &str = "[ente]\nnome = \"E\"\ncodice_ipa = \"x\"\nsito = \"https://e.it\"\nbase_url = \"https://e.it/\"\nufficio_responsabile = \"u\"\ndichiarazione_accessibilita = \"a\"\nprivacy = \"p\"\nnote_legali = \"n\"\n[piano]\ntitolo = \"P\"\nanno_inizio = 2022\nanno_fine = 2024\ndata_pubblicazione = 2022-01-31\ndata_aggiornamento = 2022-01-31\n";
    const STRATEGIC: &str = "id = \"1.1\"\ntitolo = \"S\"\narea = \"AREA\"\n[[kpi]]\nid = \"a\"\nnome = \"n\"\nbaseline = \"0\"\ntarget = { 2022 = \"1\", 2023 = \"1\", 2024 = \"1\" }\n";
    const PERIOD: &str = "id = \"2022-S1\"\ntitolo = \"S1\"\nanno = 2022\nfine = 2022-06-30\nquota_anno = \"50%\"\ndata_pubblicazione = 2022-07-31\ndata_aggiornamento = 2022-07-31\n";

    /// The errors of loading `files` (path, text) with `sito.toml`: file, line, column, message.
    fn errors(files: &[(&str, &str)]) -> Vec<String> {
        let mut sources = vec![Source::new("sito.toml", SITO)];
        sources.extend(files.iter().map(|(path, text)| Source::new(path, *text)));
        let loaded = load_sources(&sources);
        loaded
            .diagnostics
            .iter()
            .filter(|d| d.is_error())
            .map(|d| {
                format!(
                    "{}:{}:{}: {}",
                    d.file.display(),
                    d.line,
                    d.column,
                    d.message
                )
            })
            .collect()
    }

    #[test]
    fn a_missing_area_is_reported_at_the_key() {
        let said = errors(&[
            ("piano/aree/1.toml", "id = \"AREA1\"\ntitolo = \"A\"\n"),
            ("piano/obiettivi-strategici/1.1.toml", STRATEGIC),
        ]);
        assert_eq!(
            said,
            ["piano/obiettivi-strategici/1.1.toml:3:1: area \"AREA\" inesistente"]
        );
    }

    #[test]
    fn no_missing_area_when_the_area_file_failed() {
        let said = errors(&[
            ("piano/aree/1.toml", "id = \"AREA\"\n"),
            ("piano/obiettivi-strategici/1.1.toml", STRATEGIC),
        ]);
        assert_eq!(
            said,
            ["piano/aree/1.toml:1:1: manca il campo obbligatorio `titolo`"]
        );
    }

    #[test]
    fn a_monitoring_file_refers_to_existing_objectives_and_kpis() {
        let said = errors(&[
            ("piano/aree/1.toml", "id = \"AREA\"\ntitolo = \"A\"\n"),
            ("piano/obiettivi-strategici/1.1.toml", STRATEGIC),
            ("monitoraggio/2022-S1/periodo.toml", PERIOD),
            (
                "monitoraggio/2022-S1/obiettivi-strategici/1.1.toml",
                "obiettivo = \"1.1\"\n[[kpi]]\nid = \"b\"\nvalore = 1\n[[kpi]]\nid = \"a\"\nvalore = 1\n[[kpi]]\nid = \"a\"\nvalore = 2\n",
            ),
            (
                "monitoraggio/2022-S1/obiettivi-strategici/9.toml",
                "obiettivo = \"9\"\n",
            ),
            (
                "monitoraggio/2022-S1/obiettivi-strategici/x.toml",
                "obiettivo = \"1.1\"\n",
            ),
        ]);
        assert_eq!(
            said,
            [
                "monitoraggio/2022-S1/obiettivi-strategici/1.1.toml:3:6: KPI \"b\" inesistente nell'obiettivo strategico 1.1",
                "monitoraggio/2022-S1/obiettivi-strategici/1.1.toml:9:6: misura del KPI \"a\" ripetuta",
                "monitoraggio/2022-S1/obiettivi-strategici/9.toml:1:13: obiettivo strategico \"9\" inesistente",
                "monitoraggio/2022-S1/obiettivi-strategici/x.toml:1:13: esito dell'obiettivo strategico \"1.1\" già presente nel periodo 2022-S1",
            ]
        );
    }
}
