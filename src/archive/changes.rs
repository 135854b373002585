//! "Cosa è cambiato": for each archived version after the first, what changed since the
//! previous one (art. 10 c. 3 D.Lgs. 150/2009: changes to targets and indicators are
//! documented): objectives, indicators and targets; computed statuses; values reported.
//! Compared on the evaluated plans kept in the packages (`dati/piano.json`).

use std::collections::BTreeMap;

use rust_decimal::Decimal;
use serde::Serialize;
use serde_json::{Value, json};

use super::{Metadata, Published};
use crate::diagnostic::{Diagnostic, Severity};
use crate::model::Status;
use crate::model::number::format_it;
use crate::model::target::{Unit, format_amount};
use crate::render::{Input, Theme, pages};

/// Site files: path relative to the site root, content.
pub type Files = Vec<(String, Vec<u8>)>;

const TEMPLATE: &str = "modifiche.html";

/// Plan key, label, page of each kind of objective.
const KINDS: [(&str, &str, &str); 4] = [
    (
        "strategic",
        "Obiettivo strategico",
        "piano-della-performance/obiettivi-strategici/{}/",
    ),
    (
        "operational",
        "Obiettivo operativo",
        "piano-della-performance/obiettivi-operativi/{}/",
    ),
    (
        "individual",
        "Obiettivo individuale",
        "piano-della-performance/obiettivi-individuali/#obiettivo-{}",
    ),
    (
        "common",
        "Obiettivo comune",
        "piano-della-performance/obiettivi-comuni/#obiettivo-{}",
    ),
];

const OBJECTIVE_FIELDS: [(&str, &str); 2] = [("title", "titolo"), ("parent", "collegato a")];
const KPI_FIELDS: [(&str, &str); 7] = [
    ("name", "nome"),
    ("code", "codice"),
    ("algorithm", "algoritmo"),
    ("baseline", "baseline"),
    ("unit", "unità di misura"),
    ("polarity", "polarità"),
    ("weight", "peso"),
];

/// A change to an objective, indicator or target.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Change {
    pub oggetto: String,
    /// Page of the object in the newer version, relative to the site root (none if removed).
    pub url: Option<String>,
    pub cosa: String,
    pub prima: String,
    pub dopo: String,
}

/// A computed status that changed.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StatusChange {
    pub oggetto: String,
    pub titolo: String,
    pub url: Option<String>,
    pub prima: Value,
    pub dopo: Value,
}

/// A value reported, corrected or withdrawn.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ValueChange {
    pub periodo: String,
    pub oggetto: String,
    pub indicatore: String,
    /// `aggiunto`, `modificato`, `eliminato`.
    pub cosa: String,
    pub prima: String,
    pub dopo: String,
}

/// Everything that changed between two versions.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Changes {
    pub indicatori: Vec<Change>,
    pub stati: Vec<StatusChange>,
    pub valori: Vec<ValueChange>,
}

/// Compares two evaluated plans (`opendata/piano.json` documents), `new` against `old`.
pub fn diff(old: &Value, new: &Value, new_prefix: &str) -> Changes {
    let mut out = Changes::default();
    let url = |k: usize, id: &str| Some(format!("{new_prefix}{}", KINDS[k].2.replace("{}", id)));
    for (k, (key, label, _)) in KINDS.iter().enumerate() {
        let olds = objectives(&old["piano"][key]);
        let news = objectives(&new["piano"][key]);
        for (id, n) in &news {
            let name = format!("{label} {id}");
            let Some(o) = olds.iter().find(|(i, _)| i == id).map(|(_, o)| *o) else {
                out.indicatori.push(change(
                    &name,
                    url(k, id),
                    "obiettivo aggiunto",
                    "—".into(),
                    show(&n["title"]),
                ));
                continue;
            };
            for (field, what) in OBJECTIVE_FIELDS {
                if o[field] != n[field] {
                    out.indicatori.push(change(
                        &name,
                        url(k, id),
                        what,
                        show(&o[field]),
                        show(&n[field]),
                    ));
                }
            }
            kpi_changes(&name, url(k, id), o, n, &mut out.indicatori);
        }
        for (id, o) in olds
            .iter()
            .filter(|(i, _)| !news.iter().any(|(n, _)| n == i))
        {
            out.indicatori.push(change(
                &format!("{label} {id}"),
                None,
                "obiettivo eliminato",
                show(&o["title"]),
                "—".into(),
            ));
        }
        out.stati.extend(status_changes(old, new, k, url));
    }
    out.valori = value_changes(old, new);
    out
}

fn change(oggetto: &str, url: Option<String>, cosa: &str, prima: String, dopo: String) -> Change {
    Change {
        oggetto: oggetto.to_owned(),
        url,
        cosa: cosa.to_owned(),
        prima,
        dopo,
    }
}

fn objectives(list: &Value) -> Vec<(String, &Value)> {
    list.as_array()
        .map(|l| l.iter().map(|o| (show(&o["id"]), o)).collect())
        .unwrap_or_default()
}

fn kpi_changes(name: &str, url: Option<String>, old: &Value, new: &Value, out: &mut Vec<Change>) {
    let olds = objectives(&old["kpis"]);
    let news = objectives(&new["kpis"]);
    for (id, n) in &news {
        let kpi = format!("{name}, indicatore {id}");
        let Some(o) = olds.iter().find(|(i, _)| i == id).map(|(_, o)| *o) else {
            out.push(change(
                &kpi,
                url.clone(),
                "indicatore aggiunto",
                "—".into(),
                show(&n["name"]),
            ));
            continue;
        };
        for (field, what) in KPI_FIELDS {
            if o[field] != n[field] {
                let (before, after) = if field == "weight" {
                    (number(&o[field]), number(&n[field]))
                } else {
                    (show(&o[field]), show(&n[field]))
                };
                out.push(change(&kpi, url.clone(), what, before, after));
            }
        }
        let (ot, nt) = (targets(o), targets(n));
        let years: std::collections::BTreeSet<&i64> = ot.keys().chain(nt.keys()).collect();
        for y in years {
            let (before, after) = (
                ot.get(y).cloned().unwrap_or_else(|| "—".into()),
                nt.get(y).cloned().unwrap_or_else(|| "—".into()),
            );
            if before != after {
                out.push(change(
                    &kpi,
                    url.clone(),
                    &format!("target {y}"),
                    before,
                    after,
                ));
            }
        }
    }
    for (id, o) in olds
        .iter()
        .filter(|(i, _)| !news.iter().any(|(n, _)| n == i))
    {
        out.push(change(
            &format!("{name}, indicatore {id}"),
            url.clone(),
            "indicatore eliminato",
            show(&o["name"]),
            "—".into(),
        ));
    }
}

fn targets(kpi: &Value) -> BTreeMap<i64, String> {
    let list = kpi["targets"]
        .as_array()
        .map(Vec::as_slice)
        .unwrap_or_default();
    list.iter()
        .filter_map(|t| Some((t["year"].as_i64()?, show(&t["written"]))))
        .collect()
}

fn status_changes(
    old: &Value,
    new: &Value,
    k: usize,
    url: impl Fn(usize, &str) -> Option<String>,
) -> Vec<StatusChange> {
    let last = |doc: &Value| {
        doc["valutazioni"]
            .as_array()
            .and_then(|v| v.last())
            .cloned()
            .unwrap_or(Value::Null)
    };
    let (o, n) = (last(old), last(new));
    let key = KINDS[k].0;
    let statuses = |e: &Value| -> BTreeMap<String, String> {
        let list = e["objectives"]
            .as_array()
            .map(Vec::as_slice)
            .unwrap_or_default();
        list.iter()
            .filter(|r| r["kind"] == key)
            .map(|r| (show(&r["id"]), show(&r["score"]["status"])))
            .collect()
    };
    let (os, ns) = (statuses(&o), statuses(&n));
    let titles = objectives(&new["piano"][key]);
    let mut out = Vec::new();
    for (id, title) in titles.iter().map(|(id, obj)| (id, show(&obj["title"]))) {
        if let (Some(before), Some(after)) = (os.get(id), ns.get(id))
            && before != after
        {
            out.push(StatusChange {
                oggetto: format!("{} {id}", KINDS[k].1),
                titolo: title,
                url: url(k, id),
                prima: status(before, &o["period"]),
                dopo: status(after, &n["period"]),
            });
        }
    }
    out
}

fn status(code: &str, period: &Value) -> Value {
    let label = Status::ALL
        .iter()
        .find(|s| s.code() == code)
        .map_or(code, |s| s.label());
    json!({ "codice": code, "etichetta": label, "descrizione": format!("al periodo {}", show(period)) })
}

fn value_changes(old: &Value, new: &Value) -> Vec<ValueChange> {
    let values = |doc: &Value| -> BTreeMap<(String, String, String, String), Value> {
        let mut out = BTreeMap::new();
        for p in doc["piano"]["periods"]
            .as_array()
            .map(Vec::as_slice)
            .unwrap_or_default()
        {
            for r in p["reports"]
                .as_array()
                .map(Vec::as_slice)
                .unwrap_or_default()
            {
                for k in r["kpis"].as_array().map(Vec::as_slice).unwrap_or_default() {
                    if k["value"]["tipo"] != "missing" {
                        out.insert(
                            (
                                show(&p["id"]),
                                show(&r["kind"]),
                                show(&r["objective"]),
                                show(&k["kpi"]),
                            ),
                            k["value"].clone(),
                        );
                    }
                }
            }
        }
        out
    };
    let (ov, nv) = (values(old), values(new));
    let keys: std::collections::BTreeSet<&(String, String, String, String)> =
        ov.keys().chain(nv.keys()).collect();
    let mut out = Vec::new();
    for key in keys {
        let (before, after) = (ov.get(key), nv.get(key));
        let cosa = match (before, after) {
            (None, Some(_)) => "aggiunto",
            (Some(_), None) => "eliminato",
            (Some(b), Some(a)) if a != b => "modificato",
            _ => continue,
        };
        let (period, kind, objective, kpi) = key;
        let label = KINDS
            .iter()
            .find(|k| k.0 == kind)
            .map_or(kind.as_str(), |k| k.1);
        out.push(ValueChange {
            periodo: period.clone(),
            oggetto: format!("{label} {objective}"),
            indicatore: kpi_name(new, kind, objective, kpi)
                .or_else(|| kpi_name(old, kind, objective, kpi))
                .unwrap_or_else(|| kpi.clone()),
            cosa: cosa.to_owned(),
            prima: before.map_or_else(|| "—".into(), measured),
            dopo: after.map_or_else(|| "—".into(), measured),
        });
    }
    out
}

fn kpi_name(doc: &Value, kind: &str, objective: &str, kpi: &str) -> Option<String> {
    let o = doc["piano"][kind]
        .as_array()?
        .iter()
        .find(|o| o["id"] == objective)?;
    let k = o["kpis"].as_array()?.iter().find(|k| k["id"] == kpi)?;
    let name = show(&k["name"]);
    Some(if name == "—" {
        kpi.to_owned()
    } else {
        format!("{kpi} {name}")
    })
}

/// A reported value as on the pages: `69,5%`, `Sì`, `12 / 20`.
fn measured(v: &Value) -> String {
    let dec = |x: &Value| x.as_str().and_then(|s| s.parse::<Decimal>().ok());
    match v["tipo"].as_str() {
        Some("yes_no") => if v["value"].as_bool() == Some(true) {
            "Sì"
        } else {
            "No"
        }
        .into(),
        Some("amount") => {
            let unit = match v["unit"].as_str() {
                Some("percent") => Some(Unit::Percent),
                Some("days") => Some(Unit::Days),
                _ => None,
            };
            match (dec(&v["value"]), unit) {
                (Some(x), Some(u)) => format_amount(x, u),
                (Some(x), None) => format_it(x, 2),
                _ => show(&v["value"]),
            }
        }
        Some("ratio") => match (dec(&v["numerator"]), dec(&v["denominator"])) {
            (Some(a), Some(b)) => format!("{} / {}", format_it(a, 2), format_it(b, 2)),
            _ => "—".into(),
        },
        _ => "non rilevato".into(),
    }
}

fn number(v: &Value) -> String {
    v.as_str()
        .and_then(|s| s.parse::<Decimal>().ok())
        .map_or_else(|| show(v), |d| format_it(d, 2))
}

fn show(v: &Value) -> String {
    match v {
        Value::String(s) if !s.trim().is_empty() => s.clone(),
        Value::Bool(b) => if *b { "Sì" } else { "No" }.into(),
        Value::Number(n) => n.to_string(),
        _ => "—".into(),
    }
}

/// URL of the page comparing `version` with the one before it.
pub fn url(version: &str) -> String {
    format!("archivio/modifiche/{version}/")
}

/// The "cosa è cambiato" pages of every version after the first, with the current site's
/// navigation. A theme without `modifiche.html` gets a warning and no pages.
pub fn pages(
    input: &Input,
    theme: &Theme,
    published: &Published,
) -> Result<(Files, Vec<Diagnostic>), Vec<Diagnostic>> {
    if published.versions.len() < 2 {
        return Ok((Vec::new(), Vec::new()));
    }
    if !theme.tera.contains_template(TEMPLATE) {
        let w = Diagnostic::file(Severity::Warning, format!("templates/{TEMPLATE}"), "template mancante: le pagine «Cosa è cambiato» tra le versioni archiviate non sono generate").hint("aggiungere il template al tema (vedere themes/default)");
        return Ok((Vec::new(), vec![w]));
    }
    let builder = pages::Builder::new(input);
    let mut files = Vec::new();
    let mut errors = Vec::new();
    let pairs = published
        .versions
        .windows(2)
        .zip(published.plans.windows(2));
    for (v, p) in pairs {
        let (old, new) = (&v[0], &v[1]);
        let page_url = url(&new.versione);
        let changes = diff(&p[0], &p[1], &format!("archivio/{}/", new.versione));
        let title = format!("Cosa è cambiato nella versione {}", new.versione);
        let head = pages::Head {
            url: &page_url,
            title: &title,
            description: &format!(
                "Obiettivi, indicatori, target, stati e valori cambiati tra la versione archiviata {} e la versione {}.",
                old.versione, new.versione
            ),
            crumbs: &[
                ("Archivio delle versioni", "archivio/"),
                (&title, &page_url),
            ],
            legal: "art. 10, c. 3, d.lgs. 150/2009; art. 8, c. 3, d.lgs. 33/2013",
            published: input.plan.info.published,
            updated: builder.updated(),
        };
        let variables = json!({ "modifiche": {
            "da": version(old), "a": version(new),
            "indicatori": changes.indicatori, "stati": changes.stati, "valori": changes.valori,
        }});
        let page = match builder.extra_page(&head, TEMPLATE, &variables) {
            Ok(page) => page,
            Err(d) => {
                errors.push(d);
                continue;
            }
        };
        match theme.tera.render(TEMPLATE, &page.context) {
            Ok(html) => files.push((format!("{page_url}index.html"), html.into_bytes())),
            Err(e) => errors.push(
                Diagnostic::file(
                    Severity::Error,
                    format!("templates/{TEMPLATE}"),
                    format!(
                        "errore nel template: {}",
                        crate::render::theme::error_chain(&e).replace('\n', " ")
                    ),
                )
                .hint("correggere il template"),
            ),
        }
    }
    if errors.is_empty() {
        Ok((files, Vec::new()))
    } else {
        Err(errors)
    }
}

fn version(m: &Metadata) -> Value {
    json!({
        "versione": m.versione, "periodo": m.periodo, "titolo_periodo": m.titolo_periodo, "revisione": m.revisione,
        "data_pubblicazione": super::italian(&m.data_pubblicazione), "data_pubblicazione_iso": m.data_pubblicazione,
        "data_archiviazione": super::italian(&m.data_archiviazione), "data_archiviazione_iso": m.data_archiviazione,
        "url": format!("archivio/{}/", m.versione),
    })
}
