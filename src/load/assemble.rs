//! Building the plans from the parsed files, in path order: gathering them by plan
//! folder and place, then, for each plan, every check across files (unique ids, references, years, copies), then the
//! monitoring files against their periods and objectives.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::Arc;

use rayon::prelude::*;
use rustc_hash::{FxHashMap, FxHashSet};

use super::continuity::{Declared, check_continuations, declared};
use super::lints::{check_copies, check_spellings, check_years};
use super::objective::ObjectiveSpans;
use super::parsed::{Claimed, Item, ParsedFile, Place};
use super::period::{PeriodSpans, check_periods};
use super::placed::{ObjectivesByKind, Placed, check_unique};
use super::problems::Problems;
use super::references::{check_parents, objective_of, report_from};
use super::relazione::{Against, Draft as RelazioneDraft, check_relazioni};
use super::report::{Built, Draft};
use super::revisions::{RevisionSpans, check_revisions};
use super::site::PlanSettings;
use super::text::Text;
use crate::diagnostic::{Diagnostic, Severity};
use crate::model::pay::PayYear;
use crate::model::{
    Area, Body, Kind, Objective, Period, Plan, PlanInfo, Plans, Report, Revision, Revisions,
    natural_cmp,
};

/// The files' items gathered by place, and which places had files that failed.
#[derive(Default)]
struct Parts<'a> {
    areas: Vec<Placed<'a, Area>>,
    objectives: ObjectivesByKind<'a>,
    periods: Vec<Placed<'a, Period, PeriodSpans>>,
    reports: Vec<ReportFile<'a>>,
    /// The revisions of each revisions file.
    revisions: Vec<Placed<'a, Vec<(Revision, RevisionSpans)>>>,
    /// The Relazioni, one per year folder.
    relazioni: Vec<Placed<'a, RelazioneDraft>>,
    // files that failed: references to them are not reported again as "inesistente"
    failed_kinds: BTreeSet<Kind>,
    failed_areas: bool,
    failed_periods: BTreeSet<&'a str>,
}

/// A monitoring file, before it is checked against its period and objective.
struct ReportFile<'a> {
    /// The period's folder.
    folder: &'a str,
    draft: Arc<Draft>,
    /// The kind of objective it reports on, from its folder.
    kind: Kind,
    src: &'a Text,
    /// Its report at the last assembly, when the file is kept (see [`Built`]).
    built: Option<&'a Built>,
}

impl<'a> Parts<'a> {
    /// Takes in one file, in path order; its own diagnostics go to `diags`.
    fn add(&mut self, claimed: Claimed<'a>, diags: &mut Vec<Diagnostic>) {
        let Claimed {
            src,
            place,
            id_span,
            item,
            diags: mut own,
            built,
            ..
        } = claimed;
        diags.append(&mut own);
        match (place, item) {
            (_, Item::Area(a)) => self.areas.push(Placed::new(a, (), src, id_span)),
            (_, Item::Objective(o, spans)) => {
                let list = self.objectives.entry(o.kind).or_default();
                list.push(Placed::new(o, spans, src, id_span));
            }
            (_, Item::Period(Some(p))) => {
                let (period, spans) = *p;
                self.periods.push(Placed::new(period, spans, src, id_span));
            }
            (Place::Report(folder, kind), Item::Report(d)) => self.reports.push(ReportFile {
                folder: folder.as_str(),
                draft: d,
                kind: *kind,
                src,
                built,
            }),
            (_, Item::Revisions(list)) => self.revisions.push(Placed::new(list, (), src, id_span)),
            (_, Item::Relazione(Some(d))) => {
                self.relazioni.push(Placed::new(*d, (), src, id_span));
            }
            (Place::Area, _) => self.failed_areas = true,
            (Place::Objective(kind), _) => {
                self.failed_kinds.insert(*kind);
            }
            (Place::Period(folder), _) => {
                self.failed_periods.insert(folder.as_str());
            }
            _ => {}
        }
    }
}

/// The error for content without `sito.toml`.
pub const NO_SITE: &str = "manca sito.toml, il file con i dati dell'ente";

/// Builds the plans from the parsed files, in path order, with every check across
/// files; `None` when the basics (sito.toml, a plan) are missing. With `keep` the files
/// are left as they are (for [`super::Cache`]), otherwise their items are moved out.
pub fn assemble(files: Vec<&mut ParsedFile>, keep: bool) -> (Option<Plans>, Vec<Diagnostic>) {
    // copying thousands of objectives for the cache is worth two threads
    let claimed: Vec<Claimed> = files.into_par_iter().map(|f| f.claim(keep)).collect();
    let mut diags = Vec::new();
    let folders = claimed.iter().any(|c| c.plan.is_some());
    let mut site = None;
    let mut site_src = None;
    let mut settings: BTreeMap<&str, (Option<PlanSettings>, &Text)> = BTreeMap::new();
    let mut groups: BTreeMap<Option<&str>, Parts> = BTreeMap::new();
    let mut pay: Vec<PayYear> = Vec::new();
    for file in claimed {
        match (file.place, file.item) {
            (Place::Pay(_), item) => {
                diags.extend(file.diags);
                if let Item::Pay(Some(year)) = item {
                    pay.push(*year);
                }
            }
            (Place::Site, item) => {
                site_src = Some(file.src);
                diags.extend(file.diags);
                if let Item::Site(s) = item {
                    site = Some(s.map(|s| *s));
                }
            }
            (Place::PlanFile, item) => {
                diags.extend(file.diags);
                let plan = file.plan.unwrap_or_default();
                let s = match item {
                    Item::PlanFile(s) => s.map(|s| *s),
                    _ => None,
                };
                settings.insert(plan, (s, file.src));
            }
            (place, item) if folders && file.plan.is_none() && *place != Place::Unknown => {
                diags.extend(file.diags);
                drop(item);
                diags.push(outside_plans(file.src, place));
            }
            (_, item) => {
                let claimed = Claimed { item, ..file };
                let group = groups.entry(claimed.plan).or_default();
                group.add(claimed, &mut diags);
            }
        }
    }
    let Some(site) = site.flatten() else {
        if site_src.is_none() {
            diags.push(
                Diagnostic::file(Severity::Error, "sito.toml", NO_SITE)
                    .hint("crearlo nella cartella dei contenuti (vedi docs/formato-contenuti.md, o `trasparenza crea`)"),
            );
        }
        return (None, diags);
    };
    let mut cycles = Vec::new();
    if folders {
        if let (Some(span), Some(src)) = (&site.plan_span, site_src) {
            Problems::new(src, &mut diags).error(
                span.clone(),
                "la sezione [piano] in sito.toml, con i piani nella cartella piani/",
                "con più piani, ognuno ha il suo file: spostare [piano] e [valutazione] in piani/<piano>/piano.toml",
            );
        }
        let mut years: Vec<(String, i32, i32)> = settings
            .values()
            .filter_map(|(s, _)| s.as_ref())
            .map(|s| (s.info.id.clone(), s.info.first_year, s.info.last_year))
            .collect();
        // two plans for one year are reported once, not again on each of their periods
        let first_years: Vec<i32> = years.iter().map(|y| y.1).collect();
        years.retain(|y| first_years.iter().filter(|f| **f == y.1).count() == 1);
        check_plan_years(&settings, &mut diags);
        let owner = |year: i32| owner_of(&years, year);
        for plan in groups.keys() {
            let plan = plan.unwrap_or_default();
            if !settings.contains_key(plan) {
                diags.push(
                    Diagnostic::file(Severity::Error, format!("piani/{plan}/piano.toml"), format!("manca il file del piano piani/{plan}/piano.toml"))
                        .hint("crearlo con le sezioni [piano] e [valutazione] (vedi docs/formato-contenuti.md), o spostare i file nella cartella di un piano esistente"),
                );
            }
        }
        for (plan, (s, _)) in settings {
            let parts = groups.remove(&Some(plan)).unwrap_or_default();
            if let Some(s) = s {
                cycles.push(assemble_plan(
                    parts,
                    site.body.clone(),
                    s,
                    &owner,
                    &mut diags,
                ));
            }
        }
    } else {
        match site.plan {
            Some(s) => {
                let parts = groups.remove(&None).unwrap_or_default();
                cycles.push(assemble_plan(parts, site.body, s, &|_| None, &mut diags));
            }
            None if site.plan_span.is_none() => diags.push(
                Diagnostic::file(Severity::Error, "sito.toml", "manca il piano: né la sezione [piano] in sito.toml né la cartella piani/")
                    .hint("aggiungere una cartella piani/<piano>/ con il file piano.toml (vedi docs/formato-contenuti.md), o la sezione [piano] in sito.toml"),
            ),
            None => {}
        }
    }
    let mut declarations = Vec::with_capacity(cycles.len());
    let (mut cycles, legacy): (Vec<Plan>, Vec<bool>) = cycles
        .into_iter()
        .map(|(plan, legacy, d)| {
            declarations.push(d);
            (plan, legacy)
        })
        .unzip();
    let legacy = legacy.iter().position(|l| *l);
    check_period_ids(&cycles, &mut diags);
    check_continuations(&mut cycles, declarations, &mut diags);
    let plans = Plans::new(cycles, legacy).map(|p| p.with_pay(pay));
    (plans, diags)
}

/// The error for a plan or monitoring file outside `piani/` when the content has plan folders.
fn outside_plans(src: &Text, place: &Place) -> Diagnostic {
    let path = src.path().to_string_lossy().replace('\\', "/");
    let (message, hint) = match place {
        Place::Period(_) | Place::Report(..) => (
            "periodo di monitoraggio che non appartiene a nessun piano".to_owned(),
            format!("ogni periodo appartiene a un piano: spostare il file in piani/<piano>/{path}"),
        ),
        _ => (
            "file del piano fuori dalla cartella piani/".to_owned(),
            format!(
                "con la cartella piani/, ogni piano ha la sua: spostare il file in piani/<piano>/{}",
                path.strip_prefix("piano/").unwrap_or(&path)
            ),
        ),
    };
    Diagnostic::file(Severity::Error, src.path(), message).hint(hint)
}

/// The plan a year belongs to: the most recently adopted plan covering it.
fn owner_of(years: &[(String, i32, i32)], year: i32) -> Option<String> {
    years
        .iter()
        .filter(|(_, first, last)| (*first..=*last).contains(&year))
        .max_by_key(|(_, first, _)| *first)
        .map(|(id, ..)| id.clone())
}

/// Two plans adopted for the same year: each year has one plan.
fn check_plan_years(
    settings: &BTreeMap<&str, (Option<PlanSettings>, &Text)>,
    diags: &mut Vec<Diagnostic>,
) {
    let mut seen: BTreeMap<i32, &str> = BTreeMap::new();
    let mut legacy: Option<&str> = None;
    for (id, (s, src)) in settings {
        let Some(s) = s else { continue };
        if let Some(first) = seen.get(&s.info.first_year) {
            diags.push(
                Diagnostic::file(Severity::Error, src.path(), format!("due piani per lo stesso anno {}: piani/{first} e piani/{id}", s.info.first_year))
                    .hint("ogni anno ha un solo piano, adottato a inizio anno: correggere anno_inizio, o tenere un solo piano e registrare le modifiche come revisioni"),
            );
        } else {
            seen.insert(s.info.first_year, id);
        }
        if s.legacy_urls {
            if let Some(first) = legacy {
                diags.push(
                    Diagnostic::file(Severity::Error, src.path(), format!("indirizzi_precedenti è indicato per due piani: piani/{first} e piani/{id}"))
                        .hint("gli indirizzi di prima delle cartelle dei piani appartengono a un solo piano: toglierlo da uno dei due"),
                );
            } else {
                legacy = Some(id);
            }
        }
    }
}

/// A period id names one page (`monitoraggio/<id>/`) across every plan.
fn check_period_ids(cycles: &[Plan], diags: &mut Vec<Diagnostic>) {
    let mut seen: HashMap<&str, &str> = HashMap::new();
    for plan in cycles {
        for period in &plan.periods {
            if let Some(first) = seen.insert(&period.id, &plan.info.id) {
                diags.push(
                    Diagnostic::file(Severity::Error, format!("piani/{}/monitoraggio/{}/periodo.toml", plan.info.id, period.id), format!("periodo \"{}\" presente in due piani: {first} e {}", period.id, plan.info.id))
                        .hint("l'id del periodo è il suo indirizzo (monitoraggio/<periodo>/): ogni periodo ha un id diverso in tutti i piani"),
                );
            }
        }
    }
}

/// One plan cycle from its files, with every check across them; with whether its pages
/// were published at the addresses from before plan folders.
fn assemble_plan<'a>(
    mut parts: Parts<'a>,
    body: Body,
    settings: PlanSettings,
    owner: &dyn Fn(i32) -> Option<String>,
    diags: &mut Vec<Diagnostic>,
) -> (Plan, bool, Vec<Declared<'a>>) {
    let info = &settings.info;
    // copied only where a target waits for its year: the others stay shared with the cache
    for o in parts.objectives.values_mut().flatten() {
        let unset = |o: &Objective| o.kpis.iter().flat_map(|k| &k.targets).any(|t| t.year == 0);
        if unset(&o.value) {
            for k in &mut Arc::make_mut(&mut o.value).kpis {
                for t in &mut k.targets {
                    if t.year == 0 {
                        t.year = info.first_year;
                    }
                }
            }
        }
    }
    let revision_files = std::mem::take(&mut parts.revisions);
    let (revisions, ranks) = check_objectives(&parts, revision_files, info, diags);
    let mut periods = check_periods(std::mem::take(&mut parts.periods), info, owner, diags);
    let against = Against {
        periods: &periods,
        failed_periods: !parts.failed_periods.is_empty(),
        objectives: &parts.objectives,
        failed_objectives: !parts.failed_kinds.is_empty(),
        info,
        owner,
    };
    let relazioni = check_relazioni(std::mem::take(&mut parts.relazioni), &against, diags);
    attach_reports(&mut parts, &mut periods, &ranks, diags);
    super::relative::check_references(&parts.objectives, &periods, diags);
    let legacy = settings.legacy_urls;
    let declared = declared(&mut parts.objectives);
    let mut plan = into_plan(parts, periods, &ranks, body, settings, revisions);
    plan.relazioni = relazioni;
    (plan, legacy, declared)
}

/// For each kind, the place of each objective (listed in path order) in the natural order
/// of ids, ties in path order: the order of the plan, and of the reports in each period.
type Ranks = HashMap<Kind, Vec<usize>>;

/// A report's place in its period: the kind of its objective, then the objective's rank.
type Slot = (Kind, usize);

fn natural_ranks(objectives: &ObjectivesByKind) -> Ranks {
    let rank = |list: &[Placed<Arc<Objective>, ObjectiveSpans>]| {
        let mut order: Vec<usize> = (0..list.len()).collect();
        order.par_sort_by(|&a, &b| natural_cmp(&list[a].value.id, &list[b].value.id));
        let mut ranks = vec![0; list.len()];
        for (r, i) in order.into_iter().enumerate() {
            ranks[i] = r;
        }
        ranks
    };
    objectives
        .iter()
        .map(|(kind, list)| (*kind, rank(list)))
        .collect()
}

/// The checks across the objective files, which only read them (unique ids, years,
/// parents, revisions, copied KPI names, names written two ways), run side by side, each
/// with its own diagnostics, appended in that order; with the revisions and the ranks.
fn check_objectives(
    parts: &Parts,
    revision_files: Vec<Placed<Vec<(Revision, RevisionSpans)>>>,
    info: &PlanInfo,
    diags: &mut Vec<Diagnostic>,
) -> (Revisions, Ranks) {
    let objectives = &parts.objectives;
    let ids_and_years = || {
        let mut diags = Vec::new();
        let areas = parts
            .areas
            .iter()
            .map(|a| (a.value.id.as_str(), a.src, a.id_span.clone()));
        check_unique(areas, "area", &mut diags);
        for kind in Kind::ALL {
            let list = objectives.get(&kind).map(Vec::as_slice).unwrap_or_default();
            let ids = list
                .iter()
                .map(|o| (o.value.id.as_str(), o.src, o.id_span.clone()));
            check_unique(ids, kind.label(), &mut diags);
        }
        for o in objectives.values().flatten() {
            check_years(
                &o.value,
                &o.spans,
                info,
                &mut Problems::new(o.src, &mut diags),
            );
        }
        diags
    };
    let parents_and_revisions = || {
        let mut diags = Vec::new();
        let area_ids = parts.areas.iter().map(|a| a.value.id.as_str()).collect();
        let failed_strategic = parts.failed_kinds.contains(&Kind::Strategic);
        check_parents(
            objectives,
            area_ids,
            parts.failed_areas,
            failed_strategic,
            &mut diags,
        );
        let failed = |kind: Kind| parts.failed_kinds.contains(&kind);
        let revisions = check_revisions(revision_files, objectives, &failed, info, &mut diags);
        (diags, revisions)
    };
    let copies_and_spellings = || {
        let mut diags = Vec::new();
        check_copies(objectives, &mut diags);
        check_spellings(objectives, &mut diags);
        diags
    };
    let ((mut first, (mut then, revisions)), (mut last, ranks)) = rayon::join(
        || rayon::join(ids_and_years, parents_and_revisions),
        || rayon::join(copies_and_spellings, || natural_ranks(objectives)),
    );
    diags.append(&mut first);
    diags.append(&mut then);
    diags.append(&mut last);
    (revisions, ranks)
}

/// Checks each monitoring file against its period and objective, in path order, and
/// adds the valid ones to their period, in the plan's order. The measurements are checked
/// in parallel: each file's diagnostics stay in their order.
fn attach_reports(
    parts: &mut Parts,
    periods: &mut [Placed<Period, PeriodSpans>],
    ranks: &Ranks,
    diags: &mut Vec<Diagnostic>,
) {
    let mut indexes: HashMap<Kind, FxHashMap<&str, usize>> = HashMap::new();
    // per period, the objectives (kind, position in their list) already reported
    let mut reported: Vec<FxHashSet<(Kind, usize)>> = vec![FxHashSet::default(); periods.len()];
    let mut found = Vec::new();
    for file in std::mem::take(&mut parts.reports) {
        let (folder, kind, src) = (file.folder, file.kind, file.src);
        if parts.failed_periods.contains(folder) || parts.failed_kinds.contains(&kind) {
            continue;
        }
        let Some(at) = periods.iter().position(|p| p.value.id == folder) else {
            diags.push(
                Diagnostic::file(
                    Severity::Error,
                    src.path(),
                    format!("misure per un periodo sconosciuto: \"{folder}\""),
                )
                .hint(format!(
                    "creare {}, o spostare il file nella cartella del periodo giusto",
                    period_file(src)
                )),
            );
            continue;
        };
        let list: &[Placed<Arc<Objective>, ObjectiveSpans>] = parts
            .objectives
            .get(&kind)
            .map(Vec::as_slice)
            .unwrap_or_default();
        let index = indexes.entry(kind).or_insert_with(|| {
            list.iter()
                .enumerate()
                .map(|(i, o)| (o.value.id.as_str(), i))
                .collect()
        });
        let seen = &mut reported[at];
        let mut p = Problems::new(src, diags);
        let period = &periods[at].value;
        if let Some(i) = objective_of(kind, &file.draft, list, index, seen, period, &mut p) {
            found.push((at, (kind, ranks[&kind][i]), &list[i].value, file));
        }
    }
    let reports: Vec<(usize, Slot, Arc<Report>, Vec<Diagnostic>)> = found
        .into_par_iter()
        .map(|(at, key, objective, file)| {
            // a file and an objective both unchanged since the last assembly give its report
            if let Some((report, own)) = file.built.and_then(|b| b.get(objective)) {
                return (at, key, report, own);
            }
            let mut own = Vec::new();
            let draft = Arc::unwrap_or_clone(file.draft);
            let mut p = Problems::new(file.src, &mut own);
            let report = Arc::new(report_from(file.kind, draft, objective, &mut p));
            if let Some(built) = file.built {
                built.set(objective, &report, &own);
            }
            (at, key, report, own)
        })
        .collect();
    // one report per objective and period: the keys of a period differ
    let mut keyed: Vec<Vec<(Slot, Arc<Report>)>> = vec![Vec::new(); periods.len()];
    for (at, key, report, mut own) in reports {
        keyed[at].push((key, report));
        diags.append(&mut own);
    }
    for (period, mut list) in periods.iter_mut().zip(keyed) {
        list.sort_unstable_by_key(|(key, _)| *key);
        let reports = &mut period.value.reports;
        reports.extend(list.into_iter().map(|(_, report)| report));
    }
}

/// The `periodo.toml` a monitoring file's folder needs: `<piano>/monitoraggio/<periodo>/periodo.toml`.
fn period_file(src: &Text) -> String {
    let folder = src.path().parent().and_then(|kind| kind.parent());
    folder.map_or_else(
        || "periodo.toml".to_owned(),
        |f| f.join("periodo.toml").to_string_lossy().replace('\\', "/"),
    )
}

/// The plan from the checked parts: objectives and areas in natural order of id.
fn into_plan(
    mut parts: Parts,
    periods: Vec<Placed<Period, PeriodSpans>>,
    ranks: &Ranks,
    body: Body,
    settings: PlanSettings,
    revisions: Revisions,
) -> Plan {
    let mut take = |kind: Kind| {
        let list = parts.objectives.remove(&kind).unwrap_or_default();
        let rank = ranks.get(&kind).map(Vec::as_slice).unwrap_or_default();
        let mut list: Vec<_> = rank.iter().zip(list).map(|(r, o)| (*r, o.value)).collect();
        list.sort_unstable_by_key(|(r, _)| *r);
        list.into_iter().map(|(_, o)| o).collect::<Vec<_>>()
    };
    let (strategic, operational) = (take(Kind::Strategic), take(Kind::Operational));
    let (individual, common) = (take(Kind::Individual), take(Kind::Common));
    let mut areas: Vec<Area> = parts.areas.into_iter().map(|a| a.value).collect();
    areas.sort_by(|a, b| natural_cmp(&a.id, &b.id));
    Plan {
        body,
        info: settings.info,
        rules: settings.rules,
        areas,
        strategic,
        operational,
        individual,
        common,
        periods: periods.into_iter().map(|placed| placed.value).collect(),
        revisions,
        continuations: Default::default(),
        relazioni: Vec::new(),
    }
}
