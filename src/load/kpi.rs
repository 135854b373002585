//! The KPIs of an objective file: ids, codes, names, weights, polarity and targets.

use std::collections::BTreeMap;
use std::ops::Range;

use rust_decimal::Decimal;

use super::problems::Problems;
use super::raw::{KpiRaw, S, TargetRaw};
use super::values::{decimal, polarity, thousands_warnings};
use crate::model::number::format_it;
use crate::model::target::TARGET_FORMS;
use crate::model::{Goal, Kind, Kpi, Target, YearTarget};

/// Where a KPI's values are, for the checks made once every file is read.
#[derive(Debug, Clone)]
pub struct KpiSpans {
    /// The key `target`, or the KPI's `id` when it has none.
    pub target: Range<usize>,
    /// The key `nome`.
    pub name: Range<usize>,
    /// The key `responsabile`.
    pub responsible: Option<Range<usize>>,
}

/// The KPIs of objective `objective` (whose `id` key is at `id_key`), with the checks
/// among them: repeated ids and codes, weights summing to 100, missing baselines.
pub fn kpis_from(
    kind: Kind,
    objective: &str,
    id_key: &Range<usize>,
    year: Option<i32>,
    raw: Vec<KpiRaw>,
    p: &mut Problems,
) -> (Vec<Kpi>, Vec<KpiSpans>) {
    let mut kpis: Vec<Kpi> = Vec::with_capacity(raw.len());
    let mut spans = Vec::with_capacity(raw.len());
    // code -> the spans of its values, in order
    let mut codes: BTreeMap<String, Vec<Range<usize>>> = BTreeMap::new();
    let mut weights: Vec<(Decimal, Range<usize>)> = Vec::new();
    let mut no_baseline = 0;
    for k in raw {
        let id = k.id.get_ref().trim().to_owned();
        if kpis.iter().any(|x| x.id == id) {
            p.error(k.id.span(), format!("KPI con id \"{id}\" ripetuto nell'obiettivo {objective}"), "ogni KPI di un obiettivo ha un id diverso (le misure lo usano per riferirsi al KPI)");
        }
        if let Some(code) = &k.codice {
            let list = codes.entry(code.get_ref().trim().to_owned()).or_default();
            list.push(code.span());
        } else if kind == Kind::Operational {
            p.warn(k.id.span(), format!("KPI \"{id}\" senza codice nel documento"), "se il piano adottato non indica un codice, lasciare così; altrimenti aggiungere `codice`");
        }
        if k.nome.get_ref().trim().is_empty() {
            p.warn(k.nome.span(), format!("KPI \"{id}\" senza nome"), "il piano adottato non dà un nome all'indicatore: correggere con un atto di modifica del piano");
        }
        if k.baseline.as_deref().is_none_or(|b| b.trim().is_empty()) {
            no_baseline += 1;
        }
        let weight = k.peso.as_ref().and_then(|w| decimal(w, "peso", p));
        if let (Some(w), Some(peso)) = (weight, &k.peso) {
            if w.is_sign_negative() {
                p.error(
                    peso.span(),
                    "peso negativo",
                    "il peso è un numero positivo, ad esempio 50 o \"33%\"",
                );
            } else {
                weights.push((w, peso.span()));
            }
        }
        let polarity = k.polarita.as_ref().and_then(|v| polarity(v, p));
        let targets = targets_from(kind, year, &k.id, k.target.as_ref(), p);
        spans.push(KpiSpans {
            target: match &k.target {
                Some(t) => p.key_of(t),
                None => p.key_of(&k.id),
            },
            name: p.key_of(&k.nome),
            responsible: k.responsabile.as_ref().map(|v| p.key_of(v)),
        });
        kpis.push(Kpi {
            id,
            code: k.codice.map(S::into_inner),
            name: k.nome.into_inner(),
            kind: k.tipologia,
            weight,
            unit: k.unita,
            source: k.fonte,
            algorithm: k.algoritmo,
            baseline: k.baseline.filter(|b| !b.trim().is_empty()),
            polarity,
            responsible: k.responsabile.map(S::into_inner),
            frequency: k.frequenza,
            targets,
        });
    }
    for (code, at) in codes {
        if let [_, second, ..] = at.as_slice() {
            p.warn(
                second.clone(),
                format!(
                    "codice KPI \"{code}\" ripetuto {} volte nell'obiettivo {objective}",
                    at.len()
                ),
                "è il codice scritto nel documento: le misure usano l'id, che è unico",
            );
        }
    }
    if !weights.is_empty() {
        let sum: Decimal = weights.iter().map(|(w, _)| *w).sum();
        if sum != Decimal::ONE_HUNDRED {
            p.warn(
                weights[0].1.clone(),
                format!("i pesi dei KPI dell'obiettivo {objective} sommano a {} invece di 100", format_it(sum, 2)),
                "nel calcolo i pesi sono normalizzati (ogni peso diviso per la somma); correggerli con un atto di modifica del piano",
            );
        }
    }
    if no_baseline > 0 && kind != Kind::Individual {
        p.warn(
            id_key.clone(),
            format!("{no_baseline} KPI dell'obiettivo {objective} senza baseline"),
            "la baseline è il valore di partenza: indicarla quando il piano la riporta",
        );
    }
    (kpis, spans)
}

/// The targets of KPI `kpi` by year; an annual target is for `year` (0 when the
/// objective has none: the plan's first year, set once `sito.toml` is read).
fn targets_from(
    kind: Kind,
    year: Option<i32>,
    kpi: &S<String>,
    target: Option<&S<TargetRaw>>,
    p: &mut Problems,
) -> Vec<YearTarget> {
    let span = kpi.span();
    let kpi = kpi.get_ref().trim();
    let Some(target) = target else {
        p.error(
            span,
            format!("il KPI \"{kpi}\" non ha un target"),
            "aggiungere `target = \"...\"` (o per anno: target = { 2022 = \"...\" })",
        );
        return Vec::new();
    };
    let mut out = Vec::new();
    let mut push = |y: i32, text: &str, p: &mut Problems| match Target::parse(text) {
        Ok(t) => {
            written_forms(kpi, y, text, &t, target.span(), p);
            out.push(YearTarget {
                year: y,
                target: t,
                written: text.to_owned(),
            });
        }
        Err(e) => p.error(target.span(), e.message, TARGET_FORMS),
    };
    match target.get_ref() {
        TargetRaw::Annual(text) => match (kind, year) {
            (Kind::Strategic, _) => p.error(
                target.span(),
                "un obiettivo strategico ha un target per anno",
                "scrivere target = { 2022 = \"...\", 2023 = \"...\", 2024 = \"...\" }",
            ),
            (_, Some(y)) => push(y, text, p),
            // individual and common objectives without `anno`: the plan's first year, fixed later
            (_, None) => push(0, text, p),
        },
        TargetRaw::PerYear(map) => {
            for (y, text) in map {
                match y.trim().parse::<i32>() {
                    Ok(y) if (2000..=2100).contains(&y) => push(y, text, p),
                    _ => p.error(
                        target.span(),
                        format!("anno \"{y}\" non valido nel target"),
                        "le chiavi del target sono anni, ad esempio { 2022 = \">=70%\" }",
                    ),
                }
            }
        }
    }
    out
}

/// Warnings about a target read as written but worth a second look: no target for the
/// year, a number read with the dot as thousands separator.
fn written_forms(
    kpi: &str,
    year: i32,
    text: &str,
    target: &Target,
    span: Range<usize>,
    p: &mut Problems,
) {
    let when = if year == 0 {
        "nell'anno dell'obiettivo".to_owned()
    } else {
        format!("nel {year}")
    };
    if target.goal == Goal::NotSet {
        p.warn(
            span.clone(),
            format!(
                "il KPI \"{kpi}\" non ha un target {when} (\"{}\"): non sarà valutato in quell'anno e le pagine mostrano \"non definito\"",
                text.trim()
            ),
            "è ciò che dice il piano adottato; se il piano fissa un target, scriverlo come nel documento",
        );
    }
    thousands_warnings(text, &format!("target del KPI \"{kpi}\""), span, p);
}
