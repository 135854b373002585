//! `relazione/<anno>/relazione.toml` in a plan's folder: the Relazione sulla Performance of
//! one year. Each file is read on its own ([`relazione_from`]: dates, the approval and the
//! validation, the notes and resources per objective), then checked against its plan
//! ([`check_relazioni`]: the year-end period it reports on, objectives that exist), and
//! the validation document is read from the content folder ([`read_documents`]).

use std::collections::HashSet;
use std::ops::Range;
use std::path::Path;
use std::sync::Arc;

use serde::Deserialize;
use toml::value::Datetime;

use super::placed::{ObjectivesByKind, Placed};
use super::problems::Problems;
use super::raw::S;
use super::values::{date, decimal, word};
use crate::diagnostic::{Diagnostic, Severity, did_you_mean};
use crate::model::relazione::{
    Approval, Attachment, Document, ObjectiveNotes, Outcome, Relazione, State, Validation,
};
use crate::model::{Period, PlanInfo, Plans};

/// The file as written.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RelazioneFile {
    pub periodo: Option<S<String>>,
    pub data_pubblicazione: S<Datetime>,
    pub data_aggiornamento: S<Datetime>,
    #[serde(default)]
    pub presentazione: String,
    #[serde(default)]
    pub contesto: String,
    #[serde(default)]
    pub processo: String,
    pub approvazione: Option<S<ApprovalRaw>>,
    pub validazione: Option<S<ValidationRaw>>,
    #[serde(default)]
    pub obiettivo: Vec<ObjectiveRaw>,
    #[serde(default)]
    pub documento: Vec<super::raw::DocumentRaw>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ApprovalRaw {
    pub atto: S<String>,
    pub numero: S<toml::Value>,
    pub data: S<Datetime>,
    pub url: Option<S<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ValidationRaw {
    pub data: S<Datetime>,
    pub esito: S<String>,
    pub documento: Option<S<String>>,
    pub url: Option<S<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ObjectiveRaw {
    pub id: S<String>,
    #[serde(default)]
    pub nota: String,
    pub budget: Option<S<toml::Value>>,
    pub spesa: Option<S<toml::Value>>,
}

/// A Relazione read on its own: the year-end period is found once the plan's periods are known.
#[derive(Debug, Clone)]
pub struct Draft {
    pub relazione: Relazione,
    /// The `periodo` written, with where; `None` to take the year end of the year.
    pub period: Option<(String, Range<usize>)>,
    /// Where each objective's `id` value is, in order.
    pub ids: Vec<Range<usize>>,
}

/// The Relazione of the file in folder `relazione/<folder>/`; `None` when a value is invalid.
pub fn relazione_from(folder: &str, f: RelazioneFile, p: &mut Problems) -> Option<Draft> {
    let year = folder
        .parse::<i32>()
        .ok()
        .filter(|y| (2000..=2100).contains(y));
    if year.is_none() {
        whole_file(
            p,
            format!("la cartella della relazione \"{folder}\" non è un anno"),
            "la relazione di un anno va in relazione/<anno>/relazione.toml, ad esempio relazione/2025/relazione.toml",
        );
    }
    let published = date(&f.data_pubblicazione, "data_pubblicazione", p);
    let updated = date(&f.data_aggiornamento, "data_aggiornamento", p);
    if let (Some(pu), Some(up)) = (published, updated)
        && up < pu
    {
        p.error(
            f.data_aggiornamento.span(),
            "la data di aggiornamento precede quella di pubblicazione",
            "data_aggiornamento è uguale o successiva a data_pubblicazione",
        );
    }
    let approval = f.approvazione.as_ref().map(|a| approval_from(a, p));
    let validation = f.validazione.as_ref().map(|v| validation_from(v, p));
    let state = match (approval, validation) {
        (None, None) => Some(State::NotApproved),
        (Some(a), None) => a.map(|approval| State::Approved { approval }),
        (None, Some(_)) => {
            let at = f.validazione.as_ref().map(|v| p.key_of(&v.get_ref().data));
            p.error(
                at.unwrap_or(0..0),
                "validazione dell'OIV senza l'approvazione della Giunta",
                "l'OIV valida la relazione approvata: aggiungere la sezione [approvazione] con atto, numero e data",
            );
            None
        }
        (Some(a), Some(v)) => {
            let (approval, validation) = (a?, v?);
            if validation.date < approval.date {
                let at = f.validazione.as_ref().map(|v| v.get_ref().data.span());
                p.error(
                    at.unwrap_or(0..0),
                    format!(
                        "la validazione ({}) precede l'approvazione della Giunta ({})",
                        validation.date.short(),
                        approval.date.short()
                    ),
                    "controllare le date: l'OIV valida la relazione dopo la sua approvazione",
                );
                None
            } else {
                Some(State::Validated {
                    approval,
                    validation,
                })
            }
        }
    };
    let objectives = objectives_from(&f.obiettivo, p);
    let documents = super::documents::documents_from(&f.documento, p);
    let ids = f.obiettivo.iter().map(|o| o.id.span()).collect();
    let period = f
        .periodo
        .as_ref()
        .map(|s| (s.get_ref().trim().to_owned(), s.span()));
    Some(Draft {
        relazione: Relazione {
            year: year?,
            period: String::new(),
            published: published?,
            updated: updated?,
            presentation: f.presentazione,
            context: f.contesto,
            process: f.processo,
            objectives: objectives?,
            state: state?,
            documents,
        },
        period,
        ids,
    })
}

fn approval_from(a: &S<ApprovalRaw>, p: &mut Problems) -> Option<Approval> {
    let a = a.get_ref();
    let act = a.atto.get_ref().trim().to_owned();
    if act.is_empty() {
        p.error(
            a.atto.span(),
            "approvazione senza atto",
            "scrivere l'atto di approvazione, ad esempio atto = \"Delibera di Giunta\"",
        );
    }
    let number = match a.numero.get_ref() {
        toml::Value::Integer(n) => Some(n.to_string()),
        toml::Value::String(s) if !s.trim().is_empty() => Some(s.trim().to_owned()),
        _ => {
            p.error(
                a.numero.span(),
                "numero dell'atto non valido",
                "scrivere il numero come nell'atto, ad esempio numero = 12 o numero = \"12/2026\"",
            );
            None
        }
    };
    let on = date(&a.data, "data", p);
    let url = a.url.as_ref().and_then(|u| web_address(u, p));
    if act.is_empty() {
        return None;
    }
    Some(Approval {
        act,
        number: number?,
        date: on?,
        url,
    })
}

fn validation_from(v: &S<ValidationRaw>, p: &mut Problems) -> Option<Validation> {
    let v = v.get_ref();
    let on = date(&v.data, "data", p);
    let outcome = word::<Outcome>(
        &v.esito,
        |w| format!("esito della validazione \"{}\" sconosciuto", w.trim()),
        p,
    );
    let document = match (&v.documento, &v.url) {
        (Some(file), None) => attachment(file, p).map(Document::File),
        (None, Some(url)) => web_address(url, p).map(|url| Document::Link { url }),
        (Some(file), Some(_)) => {
            p.error(
                p.key_of(file),
                "il documento di validazione è indicato due volte: `documento` e `url`",
                "indicare il file del documento (documento = \"validazione-oiv.pdf\") oppure il suo indirizzo (url = \"https://...\"), non entrambi",
            );
            None
        }
        (None, None) => {
            p.error(
                p.key_of(&v.esito),
                "manca il documento di validazione dell'OIV",
                "aggiungere documento = \"validazione-oiv.pdf\" (il file, accanto a relazione.toml, pubblicato così com'è) oppure url = \"https://...\" (dove è pubblicato)",
            );
            None
        }
    };
    Some(Validation {
        date: on?,
        outcome: outcome?,
        document: document?,
    })
}

/// A plain file name beside `relazione.toml`, published unchanged beside the page.
fn attachment(file: &S<String>, p: &mut Problems) -> Option<Attachment> {
    let name = file.get_ref().trim();
    let plain = !name.is_empty()
        && !name.starts_with('.')
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_'));
    let lower = name.to_lowercase();
    let reserved = lower.ends_with(".html") || lower.ends_with(".htm") || lower.ends_with(".toml");
    if !plain || reserved {
        p.error(
            file.span(),
            format!("documento \"{name}\" non valido"),
            "indicare il nome del file accanto a relazione.toml, con lettere, cifre, trattini e punti, non .html o .toml: ad esempio documento = \"validazione-oiv.pdf\"",
        );
        return None;
    }
    let src = p.src.get();
    let folder = src.path.parent().unwrap_or(Path::new(""));
    let path = folder.join(name).to_string_lossy().replace('\\', "/");
    let (line, column) = src.line_col(file.span().start);
    Some(Attachment {
        name: name.to_owned(),
        path,
        bytes: None,
        written_at: (src.path.clone(), line, column),
    })
}

/// An error about the whole file (its place, or what is missing across files).
fn whole_file(p: &mut Problems, message: impl Into<String>, hint: impl Into<String>) {
    let d = Diagnostic::file(Severity::Error, p.src.path(), message).hint(hint);
    p.diags.push(d);
}

/// An absolute web address, or an error.
fn web_address(u: &S<String>, p: &mut Problems) -> Option<String> {
    let url = u.get_ref().trim();
    let absolute = url.starts_with("https://") || url.starts_with("http://");
    if !absolute {
        p.error(
            u.span(),
            format!("url: \"{url}\" non è un indirizzo web"),
            "scrivere l'indirizzo completo, ad esempio \"https://www.ente.it/delibere/12-2026.pdf\"",
        );
    }
    absolute.then(|| url.to_owned())
}

fn objectives_from(list: &[ObjectiveRaw], p: &mut Problems) -> Option<Vec<ObjectiveNotes>> {
    let mut out = Vec::with_capacity(list.len());
    let mut seen = HashSet::new();
    let mut valid = true;
    for o in list {
        let id = o.id.get_ref().trim().to_owned();
        if !seen.insert(id.clone()) {
            p.error(
                o.id.span(),
                format!("obiettivo \"{id}\" ripetuto nella relazione"),
                "scrivere una sola sezione [[obiettivo]] per obiettivo, con la nota e le risorse insieme",
            );
            valid = false;
        }
        let euro = |v: &Option<S<toml::Value>>, what: &str, p: &mut Problems| match v {
            Some(v) => match decimal(v, what, p) {
                Some(d) if d.is_sign_negative() && !d.is_zero() => {
                    p.error(
                        v.span(),
                        format!("{what}: importo negativo"),
                        "indicare l'importo in euro, positivo, ad esempio \"10.000,00\"",
                    );
                    Err(())
                }
                Some(d) => Ok(Some(d)),
                None => Err(()),
            },
            None => Ok(None),
        };
        let budget = euro(&o.budget, "budget", p);
        let spent = euro(&o.spesa, "spesa", p);
        match (budget, spent) {
            (Ok(budget), Ok(spent)) => out.push(ObjectiveNotes {
                objective: id,
                note: o.nota.trim().to_owned(),
                budget,
                spent,
            }),
            _ => valid = false,
        }
    }
    valid.then_some(out)
}

/// What a plan's Relazioni are checked against.
pub struct Against<'x, 'a> {
    /// The plan's valid periods.
    pub periods: &'x [Placed<'a, Period, super::period::PeriodSpans>],
    /// A period file of the plan failed: a year end may be missing because of it.
    pub failed_periods: bool,
    pub objectives: &'x ObjectivesByKind<'a>,
    /// An objective file of the plan failed: an objective may be missing because of it.
    pub failed_objectives: bool,
    pub info: &'x PlanInfo,
    /// The plan a year belongs to: the most recently adopted covering it.
    pub owner: &'x dyn Fn(i32) -> Option<String>,
}

/// The Relazioni of a plan, checked against it: a year of the plan, the year-end period
/// reported on, objectives that exist. Oldest first.
pub fn check_relazioni(
    drafts: Vec<Placed<Draft>>,
    plan: &Against,
    diags: &mut Vec<Diagnostic>,
) -> Vec<Relazione> {
    let Against {
        periods,
        failed_periods,
        objectives,
        failed_objectives,
        info,
        owner,
    } = *plan;
    let mut out: Vec<Relazione> = Vec::new();
    for placed in drafts {
        let mut p = Problems::new(placed.src, diags);
        let Draft {
            mut relazione,
            period,
            ids,
        } = placed.value;
        let year = relazione.year;
        if !(info.first_year..=info.last_year).contains(&year) {
            whole_file(
                &mut p,
                format!(
                    "relazione del {year}, fuori dagli anni del piano {}–{}",
                    info.first_year, info.last_year
                ),
                "la relazione di un anno va nella cartella del piano di quell'anno: spostare la cartella relazione/<anno>/",
            );
            continue;
        }
        // a year belongs to one plan, and so does its Relazione's address
        if let Some(other) = owner(year).filter(|o| *o != info.id) {
            whole_file(
                &mut p,
                format!("il {year} appartiene al piano {other}, adottato più di recente"),
                format!("spostare la cartella relazione/{year}/ in piani/{other}/"),
            );
            continue;
        }
        let Some(id) = year_end(year, period, periods, failed_periods, &info.folder, &mut p) else {
            continue;
        };
        relazione.period = id;
        if !failed_objectives {
            check_objectives(&relazione, &ids, objectives, &mut p);
        }
        out.push(relazione);
    }
    out.sort_by_key(|r| r.year);
    out
}

/// The id of the year-end period a Relazione reports on: the one written, or else the
/// final period of its year; `folder` is the plan's (`piani/<id>/`), for the hint.
fn year_end(
    year: i32,
    written: Option<(String, Range<usize>)>,
    periods: &[Placed<Period, super::period::PeriodSpans>],
    failed_periods: bool,
    folder: &str,
    p: &mut Problems,
) -> Option<String> {
    let finals: Vec<&Period> = periods
        .iter()
        .map(|pl| &pl.value)
        .filter(|pe| pe.year == year && pe.is_final())
        .collect();
    let hint_create = format!(
        "creare il periodo di fine anno, ad esempio {folder}monitoraggio/{year}-consuntivo/periodo.toml con fine = {year}-12-31 e quota_anno = \"100%\", con i risultati finali"
    );
    match written {
        Some((id, span)) => {
            if finals.iter().any(|pe| pe.id == id) {
                return Some(id);
            }
            if failed_periods {
                return None;
            }
            let message = match periods.iter().find(|pl| pl.value.id == id) {
                Some(pl) if pl.value.year != year => format!(
                    "il periodo \"{id}\" è del {}, non del {year}",
                    pl.value.year
                ),
                Some(_) => format!(
                    "il periodo \"{id}\" non è di fine anno: la relazione riporta i risultati finali"
                ),
                None => format!("periodo \"{id}\" inesistente"),
            };
            let hint = match finals.first() {
                Some(f) => format!("il periodo di fine anno del {year} è \"{}\"", f.id),
                None => hint_create,
            };
            p.error(span, message, hint);
            None
        }
        None => match finals.as_slice() {
            [only] => Some(only.id.clone()),
            [] => {
                if !failed_periods {
                    whole_file(
                        p,
                        format!(
                            "nessun periodo di fine anno (consuntivo) per il {year}: la relazione non ha risultati da riportare"
                        ),
                        hint_create,
                    );
                }
                None
            }
            [first, ..] => {
                let ids: Vec<&str> = finals.iter().map(|f| f.id.as_str()).collect();
                whole_file(
                    p,
                    format!("più periodi di fine anno per il {year}: {}", ids.join(", ")),
                    format!(
                        "indicare quale riporta la relazione, ad esempio periodo = \"{}\"",
                        first.id
                    ),
                );
                None
            }
        },
    }
}

/// Every objective the Relazione writes about exists in the plan.
fn check_objectives(
    relazione: &Relazione,
    ids: &[Range<usize>],
    objectives: &ObjectivesByKind,
    p: &mut Problems,
) {
    let all = || objectives.values().flatten().map(|o| o.value.id.as_str());
    for (o, span) in relazione.objectives.iter().zip(ids) {
        if all().any(|id| id == o.objective) {
            continue;
        }
        let hint = match did_you_mean(&o.objective, all()) {
            Some(best) => format!("forse intendeva \"{best}\"?"),
            None => "indicare l'id di un obiettivo del piano, come nel suo file (id = \"1.1.1\")"
                .to_owned(),
        };
        p.error(
            span.clone(),
            format!("obiettivo \"{}\" inesistente nel piano", o.objective),
            hint,
        );
    }
}

/// Largest validation document accepted: a signed PDF of a few pages.
const MAX_DOCUMENT_BYTES: u64 = 20 * 1024 * 1024;

/// Reads each validation document from the content folder `dir`: an error where one is
/// missing or too large.
pub fn read_documents(plans: &mut Plans, dir: &Path, diags: &mut Vec<Diagnostic>) {
    for plan in plans.all_mut() {
        for r in &mut plan.relazioni {
            let State::Validated { validation, .. } = &mut r.state else {
                continue;
            };
            let Document::File(file) = &mut validation.document else {
                continue;
            };
            let (written, line, column) = &file.written_at;
            let problem = |message: String, hint: &str| Diagnostic {
                line: *line,
                column: *column,
                ..Diagnostic::file(Severity::Error, written, message).hint(hint)
            };
            let path = dir.join(&file.path);
            match std::fs::metadata(&path) {
                Ok(m) if m.is_file() && m.len() <= MAX_DOCUMENT_BYTES => {
                    match std::fs::read(&path) {
                        Ok(bytes) => file.bytes = Some(Arc::from(bytes)),
                        Err(e) => diags.push(problem(
                            format!("documento \"{}\" non leggibile: {e}", file.name),
                            "controllare i permessi del file",
                        )),
                    }
                }
                Ok(m) if m.is_file() => diags.push(problem(
                    format!("documento \"{}\" troppo grande ({} byte)", file.name, m.len()),
                    "il documento di validazione è un PDF di poche pagine: ridurlo, o pubblicarlo altrove e indicarne l'url",
                )),
                _ => diags.push(problem(
                    format!("documento \"{}\" non trovato accanto a relazione.toml", file.name),
                    "copiare il file del documento di validazione nella cartella della relazione, o correggerne il nome",
                )),
            }
        }
    }
}
