//! "Cosa è cambiato": for each archived version after the first, what changed since the
//! previous one (art. 10 c. 3 D.Lgs. 150/2009: changes to targets and indicators are
//! documented): objectives, indicators and targets; computed statuses; values reported.
//! Compared on the open-data documents kept in the packages (`dati/piano.json`), read
//! into the current [`Document`] whatever version they were written in.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use serde::Serialize;

use crate::model;
use crate::model::number::format_it;
use crate::opendata::{Document, Kind, Kpi, Measured, Objective, Status};

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

/// A computed status, as the status badge of the theme shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StatusShown {
    /// `in-linea`.
    pub codice: String,
    /// `In linea`.
    pub etichetta: String,
    /// `al periodo 2022-S1`.
    pub descrizione: String,
}

/// A computed status that changed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StatusChange {
    pub oggetto: String,
    pub titolo: String,
    pub url: Option<String>,
    pub prima: StatusShown,
    pub dopo: StatusShown,
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
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Changes {
    pub indicatori: Vec<Change>,
    pub stati: Vec<StatusChange>,
    pub valori: Vec<ValueChange>,
}

/// Label and page (under the plan's pages, see `opendata::Plan::pages`) of each kind of objective.
fn kind_label(kind: Kind) -> (&'static str, &'static str) {
    match kind {
        Kind::Strategic => ("Obiettivo strategico", "obiettivi-strategici/{}/"),
        Kind::Operational => ("Obiettivo operativo", "obiettivi-operativi/{}/"),
        Kind::Individual => (
            "Obiettivo individuale",
            "obiettivi-individuali/#obiettivo-{}",
        ),
        Kind::Common => ("Obiettivo comune", "obiettivi-comuni/#obiettivo-{}"),
    }
}

/// A new plan cycle in `new` (a plan adopted after the one `old` shows): named first, since
/// the changes listed after it are between two plans, not within one.
fn plan_change(old: &Document, new: &Document, new_prefix: &str) -> Vec<Change> {
    let (o, n) = (&old.piano.info, &new.piano.info);
    let same = match (&old.piano.id, &new.piano.id) {
        (Some(a), Some(b)) => a == b,
        // a document from before plan folders names its plan by title and years only
        _ => o.first_year == n.first_year && o.title == n.title,
    };
    if same {
        return Vec::new();
    }
    let pages = format!("{new_prefix}{}", new.piano.pages());
    vec![change(
        "Piano",
        Some(pages),
        "nuovo piano in vigore",
        show(&o.title),
        show(&n.title),
    )]
}

/// The revisions of the plan in `new` that `old` did not have (by date and act): they
/// explain the changes to targets, weights and objectives listed after them.
fn revision_changes(old: &Document, new: &Document) -> Vec<Change> {
    let known = |r: &crate::opendata::Revision| {
        old.piano
            .revisions
            .iter()
            .any(|o| o.date == r.date && o.act == r.act)
    };
    new.piano
        .revisions
        .iter()
        .filter(|r| !known(r))
        .map(|r| {
            let count = match r.changes.len() {
                1 => "1 modifica".to_owned(),
                n => format!("{n} modifiche"),
            };
            change(
                "Piano",
                None,
                "revisione del piano",
                "—".into(),
                format!("{}, dal {} ({count})", r.act, r.date.short()),
            )
        })
        .collect()
}

/// Compares two documents, `new` against `old`; links point into `new_prefix`.
pub fn diff(old: &Document, new: &Document, new_prefix: &str) -> Changes {
    let mut indicatori = plan_change(old, new, new_prefix);
    indicatori.extend(revision_changes(old, new));
    let mut out = Changes {
        indicatori,
        ..Changes::default()
    };
    let pages = format!("{new_prefix}{}", new.piano.pages());
    for kind in Kind::ALL {
        let (label, page) = kind_label(kind);
        let url = |id: &str| Some(format!("{pages}{}", page.replace("{}", id)));
        let olds = by_id(old.piano.objectives(kind), |o| &o.id[..]);
        let news = new.piano.objectives(kind);
        let new_ids = by_id(news, |n| &n.id[..]);
        for n in news {
            let name = format!("{label} {}", n.id);
            let Some(o) = olds.get(&*n.id) else {
                out.indicatori.push(change(
                    &name,
                    url(&n.id),
                    "obiettivo aggiunto",
                    "—".into(),
                    show(&n.title),
                ));
                continue;
            };
            let fields = [
                ("titolo", o.title != n.title, show(&o.title), show(&n.title)),
                (
                    "collegato a",
                    o.parent != n.parent,
                    shown(&o.parent),
                    shown(&n.parent),
                ),
            ];
            for (what, changed, before, after) in fields {
                if changed {
                    out.indicatori
                        .push(change(&name, url(&n.id), what, before, after));
                }
            }
            kpi_changes(&name, url(&n.id), o, n, &mut out.indicatori);
        }
        let removed = old.piano.objectives(kind);
        for o in removed.iter().filter(|o| !new_ids.contains_key(&*o.id)) {
            out.indicatori.push(change(
                &format!("{label} {}", o.id),
                None,
                "obiettivo eliminato",
                show(&o.title),
                "—".into(),
            ));
        }
        out.stati.extend(status_changes(old, new, kind, url));
    }
    out.valori = value_changes(old, new);
    out
}

/// The items of a list by their code (the first of a repeated code, as a scan would find),
/// so that comparing two versions does not scan one list for each item of the other.
fn by_id<'d, T>(items: &'d [T], id: impl Fn(&'d T) -> &'d str) -> HashMap<&'d str, &'d T> {
    let mut map = HashMap::with_capacity(items.len());
    for item in items {
        map.entry(id(item)).or_insert(item);
    }
    map
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

/// The described fields of an indicator: what, whether it changed, before, after.
fn kpi_fields(o: &Kpi, n: &Kpi) -> [(&'static str, bool, String, String); 7] {
    let polarity = |k: &Kpi| k.polarity.map_or("—".into(), |p| p.code().to_owned());
    // compared as numbers: `50` and `50.00` are the same weight
    let weight = |k: &Kpi| k.weight.map_or("—".into(), |w| format_it(w, 2));
    [
        ("nome", o.name != n.name, show(&o.name), show(&n.name)),
        ("codice", o.code != n.code, shown(&o.code), shown(&n.code)),
        (
            "algoritmo",
            o.algorithm != n.algorithm,
            shown(&o.algorithm),
            shown(&n.algorithm),
        ),
        (
            "baseline",
            o.baseline != n.baseline,
            shown(&o.baseline),
            shown(&n.baseline),
        ),
        (
            "unità di misura",
            o.unit != n.unit,
            shown(&o.unit),
            shown(&n.unit),
        ),
        (
            "polarità",
            o.polarity != n.polarity,
            polarity(o),
            polarity(n),
        ),
        ("peso", o.weight != n.weight, weight(o), weight(n)),
    ]
}

fn kpi_changes(
    name: &str,
    url: Option<String>,
    old: &Objective,
    new: &Objective,
    out: &mut Vec<Change>,
) {
    let olds = by_id(&old.kpis, |k| &k.id[..]);
    let new_ids = by_id(&new.kpis, |k| &k.id[..]);
    for n in &new.kpis {
        let kpi = format!("{name}, indicatore {}", n.id);
        let Some(o) = olds.get(&*n.id) else {
            out.push(change(
                &kpi,
                url.clone(),
                "indicatore aggiunto",
                "—".into(),
                show(&n.name),
            ));
            continue;
        };
        for (what, changed, before, after) in kpi_fields(o, n) {
            if changed {
                out.push(change(&kpi, url.clone(), what, before, after));
            }
        }
        let (ot, nt) = (targets(o), targets(n));
        let years: BTreeSet<&i32> = ot.keys().chain(nt.keys()).collect();
        for y in years {
            let before = ot.get(y).cloned().unwrap_or_else(|| "—".into());
            let after = nt.get(y).cloned().unwrap_or_else(|| "—".into());
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
    for o in old.kpis.iter().filter(|o| !new_ids.contains_key(&*o.id)) {
        out.push(change(
            &format!("{name}, indicatore {}", o.id),
            url.clone(),
            "indicatore eliminato",
            show(&o.name),
            "—".into(),
        ));
    }
}

/// Target of each year, as the plan wrote it.
fn targets(kpi: &Kpi) -> BTreeMap<i32, String> {
    kpi.targets
        .iter()
        .map(|t| (t.year, show(&t.written)))
        .collect()
}

fn status_changes(
    old: &Document,
    new: &Document,
    kind: Kind,
    url: impl Fn(&str) -> Option<String>,
) -> Vec<StatusChange> {
    let (o, n) = (old.valutazioni.last(), new.valutazioni.last());
    let statuses = |e: Option<&crate::opendata::Evaluation>| -> BTreeMap<String, Status> {
        e.map(|e| {
            e.objectives
                .iter()
                .filter(|r| r.kind == kind)
                .map(|r| (r.id.to_string(), r.score.status))
                .collect()
        })
        .unwrap_or_default()
    };
    let period =
        |e: Option<&crate::opendata::Evaluation>| e.map_or("—".into(), |e| show(&e.period));
    let (os, ns) = (statuses(o), statuses(n));
    let mut out = Vec::new();
    for obj in new.piano.objectives(kind) {
        if let (Some(before), Some(after)) = (os.get(&*obj.id), ns.get(&*obj.id))
            && before != after
        {
            out.push(StatusChange {
                oggetto: format!("{} {}", kind_label(kind).0, obj.id),
                titolo: show(&obj.title),
                url: url(&obj.id),
                prima: status(*before, &period(o)),
                dopo: status(*after, &period(n)),
            });
        }
    }
    out
}

fn status(s: Status, period: &str) -> StatusShown {
    let s = model::Status::from(s);
    StatusShown {
        codice: s.code().to_owned(),
        etichetta: s.label().to_owned(),
        descrizione: format!("al periodo {period}"),
    }
}

/// Period, kind, objective, KPI: where a value was reported, in the order listed.
type ValueKey<'d> = (&'d str, &'static str, &'d str, &'d str);

fn values<'d>(doc: &'d Document) -> BTreeMap<ValueKey<'d>, &'d Measured> {
    let mut out = BTreeMap::new();
    for p in &doc.piano.periods {
        for r in &p.reports {
            for k in &r.kpis {
                if k.value != Measured::Missing {
                    out.insert((&*p.id, r.kind.code(), &*r.objective, &*k.kpi), &k.value);
                }
            }
        }
    }
    out
}

fn value_changes(old: &Document, new: &Document) -> Vec<ValueChange> {
    let (ov, nv) = (values(old), values(new));
    let keys: BTreeSet<&ValueKey> = ov.keys().chain(nv.keys()).collect();
    let mut out = Vec::new();
    for key in keys {
        let (before, after) = (ov.get(key), nv.get(key));
        let cosa = match (before, after) {
            (None, Some(_)) => "aggiunto",
            (Some(_), None) => "eliminato",
            (Some(b), Some(a)) if a != b => "modificato",
            _ => continue,
        };
        let &(period, kind, objective, kpi) = key;
        let kind = Kind::ALL
            .into_iter()
            .find(|k| k.code() == kind)
            .unwrap_or(Kind::Operational);
        out.push(ValueChange {
            periodo: period.to_owned(),
            oggetto: format!("{} {objective}", kind_label(kind).0),
            indicatore: kpi_name(new, kind, objective, kpi)
                .or_else(|| kpi_name(old, kind, objective, kpi))
                .unwrap_or_else(|| kpi.to_owned()),
            cosa: cosa.to_owned(),
            prima: before.map_or_else(|| "—".into(), |m| measured(m)),
            dopo: after.map_or_else(|| "—".into(), |m| measured(m)),
        });
    }
    out
}

fn kpi_name(doc: &Document, kind: Kind, objective: &str, kpi: &str) -> Option<String> {
    let o = doc
        .piano
        .objectives(kind)
        .iter()
        .find(|o| o.id == objective)?;
    let k = o.kpis.iter().find(|k| k.id == kpi)?;
    let name = show(&k.name);
    Some(if name == "—" {
        kpi.to_owned()
    } else {
        format!("{kpi} {name}")
    })
}

/// A reported value as on the pages: `69,5%`, `Sì`, `12 / 20`.
fn measured(v: &Measured) -> String {
    crate::model::Measured::from(v).italian()
}

/// Text as shown in a table: `—` when blank.
fn show(s: &str) -> String {
    if s.trim().is_empty() {
        "—".into()
    } else {
        s.to_owned()
    }
}

fn shown(s: &Option<crate::opendata::Text>) -> String {
    s.as_deref().map_or_else(|| "—".into(), show)
}

/// URL of the page comparing `version` with the one before it.
pub fn url(version: &str) -> String {
    format!("archivio/modifiche/{version}/")
}
