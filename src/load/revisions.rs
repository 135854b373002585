//! `piano/revisioni.toml`: the plan's revisions. Each file is read on its own
//! ([`revisions_from`]: dates, acts, which keys go together, the same thing changed twice
//! on one date), then checked against the plan ([`check_revisions`]: objectives and KPIs
//! that exist, dates and years within the plan, targets that were adopted).

use std::collections::HashMap;
use std::ops::Range;

use super::placed::{ObjectivesByKind, Placed};
use super::problems::Problems;
use super::raw::{ChangeRaw, RevisionRaw, RevisionsFile, S};
use super::values::{date, decimal};
use crate::diagnostic::{Diagnostic, did_you_mean};
use crate::model::revision::{Change, What};
use crate::model::target::TARGET_FORMS;
use crate::model::{Kind, PlanInfo, Revision, Revisions, Target, YearTarget};

/// Where a revision's values are, for the checks against the plan.
#[derive(Debug, Clone)]
pub struct RevisionSpans {
    /// The value of `data`.
    pub date: Range<usize>,
    /// One per change kept, in order.
    pub changes: Vec<ChangeSpans>,
}

/// Where a change's values are.
#[derive(Debug, Clone)]
pub struct ChangeSpans {
    /// The value of `obiettivo`.
    pub objective: Range<usize>,
    /// The value of `kpi`.
    pub kpi: Option<Range<usize>>,
    /// The value of `anno`.
    pub year: Option<Range<usize>>,
}

/// The revisions of one file, with their spans; a revision with an invalid date, and a
/// change that is not valid on its own, are reported and left out.
pub fn revisions_from(file: RevisionsFile, p: &mut Problems) -> Vec<(Revision, RevisionSpans)> {
    let mut out: Vec<(Revision, RevisionSpans)> = Vec::new();
    for raw in file.revisione {
        if let Some(revision) = revision_from(raw, p) {
            out.push(revision);
        }
    }
    check_repeated(&out, p);
    out
}

fn revision_from(raw: RevisionRaw, p: &mut Problems) -> Option<(Revision, RevisionSpans)> {
    let on = date(&raw.data, "data", p);
    if raw.atto.get_ref().trim().is_empty() {
        p.error(
            raw.atto.span(),
            "revisione senza atto",
            "scrivere l'atto che ha modificato il piano, ad esempio atto = \"Delibera di Giunta n. 45 del 25/06/2022\"",
        );
    }
    let act_url = raw.url_atto.as_ref().and_then(|u| {
        let url = u.get_ref().trim();
        let absolute = url.starts_with("https://") || url.starts_with("http://");
        if !absolute {
            p.error(
                u.span(),
                format!("url_atto: \"{url}\" non è un indirizzo web"),
                "scrivere l'indirizzo completo dell'atto pubblicato, ad esempio \"https://www.ente.it/delibere/45-2022.pdf\"",
            );
        }
        absolute.then(|| url.to_owned())
    });
    let mut changes = Vec::with_capacity(raw.modifica.len());
    let mut spans = Vec::with_capacity(raw.modifica.len());
    for c in raw.modifica {
        if let Some((change, at)) = change_from(c, p) {
            changes.push(change);
            spans.push(at);
        }
    }
    let revision = Revision {
        date: on?,
        act: raw.atto.get_ref().trim().to_owned(),
        act_url,
        reason: raw.motivazione.trim().to_owned(),
        changes,
        documents: super::documents::documents_from(&raw.documento, p),
    };
    let spans = RevisionSpans {
        date: raw.data.span(),
        changes: spans,
    };
    Some((revision, spans))
}

/// The words of `tipo`, one per kind of objective.
fn kind_word(kind: Kind) -> &'static str {
    match kind {
        Kind::Strategic => "strategico",
        Kind::Operational => "operativo",
        Kind::Individual => "individuale",
        Kind::Common => "comune",
    }
}

fn change_from(c: ChangeRaw, p: &mut Problems) -> Option<(Change, ChangeSpans)> {
    let objective = c.obiettivo.get_ref().trim().to_owned();
    let word = c.tipo.get_ref().trim().to_lowercase();
    let kind = Kind::ALL.into_iter().find(|k| kind_word(*k) == word);
    if kind.is_none() {
        let accepted: Vec<String> = Kind::ALL
            .iter()
            .map(|k| format!("\"{}\"", kind_word(*k)))
            .collect();
        p.error(
            c.tipo.span(),
            format!(
                "tipo di obiettivo \"{}\" sconosciuto",
                c.tipo.get_ref().trim()
            ),
            format!("valori ammessi: {}", accepted.join(", ")),
        );
    }
    let what = what_from(&c, p);
    let spans = ChangeSpans {
        objective: c.obiettivo.span(),
        kpi: c.kpi.as_ref().map(S::span),
        year: c.anno.as_ref().map(S::span),
    };
    Some((
        Change {
            kind: kind?,
            objective,
            what: what?,
        },
        spans,
    ))
}

/// What a change does, from the keys written: `target` with `anno`, `peso`, or `azione`.
fn what_from(c: &ChangeRaw, p: &mut Problems) -> Option<What> {
    let at = p.key_of(&c.obiettivo);
    let given: Vec<&str> = [
        c.target.as_ref().map(|_| "target"),
        c.peso.as_ref().map(|_| "peso"),
        c.azione.as_ref().map(|_| "azione"),
    ]
    .into_iter()
    .flatten()
    .collect();
    const ONE_OF: &str = "ogni [[revisione.modifica]] cambia una cosa sola: `target` con `anno`, oppure `peso`, oppure `azione = \"aggiunto\"` o `\"ritirato\"`";
    match given.as_slice() {
        [] => {
            p.error(at, "la modifica non dice cosa cambia", ONE_OF);
            return None;
        }
        [_] => {}
        [first, second, ..] => {
            p.error(
                at,
                format!("la modifica cambia più cose insieme: `{first}` e `{second}`"),
                format!("{ONE_OF}; scrivere una modifica per ciascuna"),
            );
            return None;
        }
    }
    if let Some(action) = &c.azione {
        if let Some(kpi) = &c.kpi {
            p.error(
                p.key_of(kpi),
                "`kpi` non va indicato quando si aggiunge o si ritira un obiettivo",
                "l'azione riguarda l'intero obiettivo: togliere `kpi`",
            );
        }
        if let Some(year) = &c.anno {
            p.error(
                p.key_of(year),
                "`anno` va indicato solo con `target`",
                "togliere `anno`: l'obiettivo è aggiunto o ritirato dalla data della revisione",
            );
        }
        return match action.get_ref().trim().to_lowercase().as_str() {
            "aggiunto" => Some(What::Added),
            "ritirato" => Some(What::Withdrawn),
            other => {
                p.error(
                    action.span(),
                    format!("azione \"{other}\" sconosciuta"),
                    "valori ammessi: \"aggiunto\", \"ritirato\"",
                );
                None
            }
        };
    }
    let Some(kpi) = &c.kpi else {
        p.error(
            at,
            format!("manca `kpi`: quale indicatore cambia il suo {}?", given[0]),
            "aggiungere `kpi = \"...\"` con l'id del KPI nel file dell'obiettivo",
        );
        return None;
    };
    let kpi = kpi.get_ref().trim().to_owned();
    if let Some(weight) = &c.peso {
        if let Some(year) = &c.anno {
            p.error(
                p.key_of(year),
                "`anno` va indicato solo con `target`",
                "il peso vale per tutti gli anni dalla data della revisione: togliere `anno`",
            );
        }
        let w = decimal(weight, "peso", p)?;
        if w.is_sign_negative() {
            p.error(
                weight.span(),
                "peso negativo",
                "il peso è un numero positivo, ad esempio 50 o \"33%\"",
            );
            return None;
        }
        return Some(What::Weight { kpi, weight: w });
    }
    let target = c.target.as_ref()?;
    let Some(year) = &c.anno else {
        p.error(
            p.key_of(target),
            "manca `anno`: per quale anno cambia il target?",
            "aggiungere `anno = 2022`, l'anno del target modificato",
        );
        return None;
    };
    let y = *year.get_ref();
    if !(2000..=2100).contains(&y) {
        p.error(
            year.span(),
            format!("anno {y} non valido"),
            "scrivere l'anno del target, ad esempio anno = 2022",
        );
        return None;
    }
    let written = target.get_ref().clone();
    match Target::parse(&written) {
        Ok(t) => Some(What::Target {
            kpi,
            target: YearTarget {
                year: y as i32,
                target: t,
                written,
            },
        }),
        Err(e) => {
            p.error(target.span(), e.message, TARGET_FORMS);
            None
        }
    }
}

/// What a change sets, to find two changes of the same thing on one date.
#[derive(PartialEq, Eq, Hash)]
enum Subject<'a> {
    Target(&'a str, i32),
    Weight(&'a str),
    Presence,
}

/// Reports, at the second, a change of something already changed by a revision of the
/// same date: the plan would say two things at once.
fn check_repeated(revisions: &[(Revision, RevisionSpans)], p: &mut Problems) {
    let mut seen = HashMap::new();
    for (r, spans) in revisions {
        for (c, at) in r.changes.iter().zip(&spans.changes) {
            let subject = match &c.what {
                What::Target { kpi, target } => Subject::Target(kpi, target.year),
                What::Weight { kpi, .. } => Subject::Weight(kpi),
                What::Added | What::Withdrawn => Subject::Presence,
            };
            let what = match &c.what {
                What::Target { kpi, target } => {
                    format!("il target {} del KPI \"{kpi}\"", target.year)
                }
                What::Weight { kpi, .. } => format!("il peso del KPI \"{kpi}\""),
                What::Added | What::Withdrawn => "la presenza nel piano".to_owned(),
            };
            if seen
                .insert((r.date, c.kind, c.objective.as_str(), subject), ())
                .is_some()
            {
                p.error(
                    at.objective.clone(),
                    format!(
                        "{what} dell'{} {} è già modificato da una revisione dello stesso giorno ({})",
                        c.kind.label(),
                        c.objective,
                        r.date.short()
                    ),
                    "lo stesso giorno il piano può dire una cosa sola: tenere una delle due modifiche, o correggere la data",
                );
            }
        }
    }
}

/// The revisions of every file, checked against the plan: changes of objectives or
/// KPIs that do not exist, dates and target years outside the plan, targets of a year
/// the KPI had none. Objectives of a kind whose files failed are not looked for.
pub fn check_revisions(
    files: Vec<Placed<Vec<(Revision, RevisionSpans)>>>,
    objectives: &ObjectivesByKind,
    failed: &dyn Fn(Kind) -> bool,
    info: &PlanInfo,
    diags: &mut Vec<Diagnostic>,
) -> Revisions {
    let years = format!("{}–{}", info.first_year, info.last_year);
    let mut all = Vec::new();
    for file in files {
        let mut p = Problems::new(file.src, diags);
        for (r, spans) in file.value {
            if !within_plan(r.date.year(), info) {
                p.error(
                    spans.date.clone(),
                    format!("revisione del {} fuori dagli anni del piano {years}", r.date.short()),
                    "una revisione modifica il piano durante i suoi anni (anno_inizio e anno_fine in sito.toml): controllare `data`",
                );
            }
            for (c, at) in r.changes.iter().zip(&spans.changes) {
                check_change(c, at, objectives, failed, info, &mut p);
            }
            all.push(r);
        }
    }
    Revisions::new(all)
}

fn check_change(
    c: &Change,
    at: &ChangeSpans,
    objectives: &ObjectivesByKind,
    failed: &dyn Fn(Kind) -> bool,
    info: &PlanInfo,
    p: &mut Problems,
) {
    if failed(c.kind) {
        return;
    }
    let list = objectives
        .get(&c.kind)
        .map(Vec::as_slice)
        .unwrap_or_default();
    let Some(o) = list.iter().find(|o| o.value.id == c.objective) else {
        let ids = list.iter().map(|o| o.value.id.as_str());
        let hint = match did_you_mean(&c.objective, ids) {
            Some(best) => format!("forse intendevi \"{best}\"? Controllare anche `tipo`"),
            None => format!(
                "l'obiettivo modificato deve avere il suo file in piano/{}/ (controllare anche `tipo`)",
                c.kind.folder()
            ),
        };
        p.error(
            at.objective.clone(),
            format!("{} \"{}\" inesistente", c.kind.label(), c.objective),
            hint,
        );
        return;
    };
    let Some(kpi) = c.what.kpi() else {
        return;
    };
    let span = at.kpi.clone().unwrap_or_else(|| at.objective.clone());
    let Some(k) = o.value.kpis.iter().find(|k| k.id == kpi) else {
        let ids: Vec<&str> = o.value.kpis.iter().map(|k| k.id.as_str()).collect();
        let hint = match did_you_mean(kpi, ids.iter().copied()) {
            Some(best) => format!(
                "forse intendevi \"{best}\"? KPI dell'obiettivo: {}",
                ids.join(", ")
            ),
            None => format!("KPI dell'obiettivo {}: {}", c.objective, ids.join(", ")),
        };
        p.error(
            span,
            format!(
                "KPI \"{kpi}\" inesistente nell'{} {}",
                c.kind.label(),
                c.objective
            ),
            hint,
        );
        return;
    };
    let What::Target { target, .. } = &c.what else {
        return;
    };
    let span = at.year.clone().unwrap_or(span);
    if !within_plan(target.year, info) {
        p.error(
            span,
            format!(
                "target modificato per il {}, fuori dagli anni del piano {}–{}",
                target.year, info.first_year, info.last_year
            ),
            "controllare `anno`: una revisione cambia un target di un anno del piano",
        );
    } else if k.target_for(target.year).is_none() {
        let years: Vec<String> = k.targets.iter().map(|t| t.year.to_string()).collect();
        p.error(
            span,
            format!(
                "il KPI \"{kpi}\" dell'{} {} non ha un target per il {} da modificare",
                c.kind.label(),
                c.objective,
                target.year
            ),
            format!(
                "una revisione cambia un target adottato: anni con un target: {}",
                years.join(", ")
            ),
        );
    }
}

/// True when `year` is one of the plan's.
fn within_plan(year: i32, info: &PlanInfo) -> bool {
    (info.first_year..=info.last_year).contains(&year)
}
