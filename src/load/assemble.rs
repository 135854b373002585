//! Building the plan from the parsed files, in path order: gathering them by place,
//! then every check across files (unique ids, references, years, copies), then the
//! monitoring files against their periods and objectives.

use std::collections::{BTreeSet, HashMap, HashSet};

use rayon::prelude::*;

use super::lints::{check_copies, check_spellings, check_years};
use super::objective::ObjectiveSpans;
use super::parsed::{Claimed, Item, ParsedFile, Place};
use super::period::{PeriodSpans, check_periods};
use super::placed::{ObjectivesByKind, Placed, check_unique};
use super::problems::Problems;
use super::references::{check_parents, objective_of, report_from};
use super::report::Draft;
use super::revisions::{RevisionSpans, check_revisions};
use super::site::Site;
use super::text::Text;
use crate::diagnostic::{Diagnostic, Severity};
use crate::model::{Area, Kind, Objective, Period, Plan, Report, Revision, Revisions, natural_cmp};

/// The files' items gathered by place, and which places had files that failed.
#[derive(Default)]
struct Parts<'a> {
    /// `Some` once `sito.toml` is read; inside, `None` when its values are invalid.
    site: Option<Option<Site>>,
    has_site_file: bool,
    areas: Vec<Placed<'a, Area>>,
    /// Boxed: cheap to sort.
    objectives: ObjectivesByKind<'a>,
    periods: Vec<Placed<'a, Period, PeriodSpans>>,
    /// Period folder, draft, kind, file.
    reports: Vec<(&'a str, Draft, Kind, &'a Text)>,
    /// The revisions of each revisions file.
    revisions: Vec<Placed<'a, Vec<(Revision, RevisionSpans)>>>,
    // files that failed: references to them are not reported again as "inesistente"
    failed_kinds: BTreeSet<Kind>,
    failed_areas: bool,
    failed_periods: BTreeSet<&'a str>,
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
        } = claimed;
        diags.append(&mut own);
        match (place, item) {
            (Place::Site, item) => {
                self.has_site_file = true;
                if let Item::Site(site) = item {
                    self.site = Some(site.map(|s| *s));
                }
            }
            (_, Item::Area(a)) => self.areas.push(Placed::new(a, (), src, id_span)),
            (_, Item::Objective(o, spans)) => {
                let list = self.objectives.entry(o.kind).or_default();
                list.push(Placed::new(o, spans, src, id_span));
            }
            (_, Item::Period(Some(p))) => {
                let (period, spans) = *p;
                self.periods.push(Placed::new(period, spans, src, id_span));
            }
            (Place::Report(folder, kind), Item::Report(d)) => {
                self.reports.push((folder.as_str(), *d, *kind, src))
            }
            (_, Item::Revisions(list)) => self.revisions.push(Placed::new(list, (), src, id_span)),
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

/// Builds the plan from the parsed files, in path order, with every check across
/// files; `None` when the basics (sito.toml) are missing. With `keep` the files are
/// left as they are (for [`super::Cache`]), otherwise their items are moved out.
pub fn assemble(files: Vec<&mut ParsedFile>, keep: bool) -> (Option<Plan>, Vec<Diagnostic>) {
    // copying thousands of objectives for the cache is worth two threads
    let claimed: Vec<Claimed> = files.into_par_iter().map(|f| f.claim(keep)).collect();
    let mut diags = Vec::new();
    let mut parts = Parts::default();
    for file in claimed {
        parts.add(file, &mut diags);
    }
    let Some(site) = parts.site.take().flatten() else {
        if !parts.has_site_file {
            diags.push(
                Diagnostic::file(Severity::Error, "sito.toml", "manca sito.toml, il file con i dati dell'ente e del piano")
                    .hint("crearlo nella cartella dei contenuti (vedi docs/formato-contenuti.md, o `trasparenza init`)"),
            );
        }
        return (None, diags);
    };
    let info = &site.info;
    for o in parts.objectives.values_mut().flatten() {
        for k in &mut o.value.kpis {
            for t in &mut k.targets {
                if t.year == 0 {
                    t.year = info.first_year;
                }
            }
        }
    }
    let areas = parts
        .areas
        .iter()
        .map(|a| (a.value.id.as_str(), a.src, a.id_span.clone()));
    check_unique(areas, "area", &mut diags);
    for kind in Kind::ALL {
        let list = parts
            .objectives
            .get(&kind)
            .map(Vec::as_slice)
            .unwrap_or_default();
        let ids = list
            .iter()
            .map(|o| (o.value.id.as_str(), o.src, o.id_span.clone()));
        check_unique(ids, kind.label(), &mut diags);
    }
    for o in parts.objectives.values().flatten() {
        check_years(
            &o.value,
            &o.spans,
            info,
            &mut Problems::new(o.src, &mut diags),
        );
    }
    let area_ids = parts.areas.iter().map(|a| a.value.id.as_str()).collect();
    let failed_strategic = parts.failed_kinds.contains(&Kind::Strategic);
    check_parents(
        &parts.objectives,
        area_ids,
        parts.failed_areas,
        failed_strategic,
        &mut diags,
    );
    let failed = |kind: Kind| parts.failed_kinds.contains(&kind);
    let revisions = check_revisions(
        std::mem::take(&mut parts.revisions),
        &parts.objectives,
        &failed,
        info,
        &mut diags,
    );
    check_copies(&parts.objectives, &mut diags);
    check_spellings(&parts.objectives, &mut diags);
    let mut periods = check_periods(std::mem::take(&mut parts.periods), info, &mut diags);
    attach_reports(&mut parts, &mut periods, &mut diags);
    let plan = into_plan(parts, periods, site, revisions);
    (Some(plan), diags)
}

/// Checks each monitoring file against its period and objective, in path order, and
/// adds the valid ones to their period. The measurements are checked in parallel: each
/// file's diagnostics stay in their order, and files are sorted apart in the end.
fn attach_reports(
    parts: &mut Parts,
    periods: &mut [Placed<Period, PeriodSpans>],
    diags: &mut Vec<Diagnostic>,
) {
    let mut indexes: HashMap<Kind, HashMap<&str, usize>> = HashMap::new();
    // per period, the objectives (kind, position in their list) already reported
    let mut reported: Vec<HashSet<(Kind, usize)>> = vec![HashSet::new(); periods.len()];
    let mut found = Vec::new();
    for (folder, draft, kind, src) in std::mem::take(&mut parts.reports) {
        if parts.failed_periods.contains(folder) || parts.failed_kinds.contains(&kind) {
            continue;
        }
        let Some(at) = periods.iter().position(|p| p.value.id == folder) else {
            diags.push(
                Diagnostic::file(Severity::Error, src.path(), format!("misure per un periodo sconosciuto: \"{folder}\"")).hint(format!("creare monitoraggio/{folder}/periodo.toml, o spostare il file nella cartella del periodo giusto")),
            );
            continue;
        };
        let list: &[Placed<Box<Objective>, ObjectiveSpans>] = parts
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
        if let Some(i) = objective_of(kind, &draft, list, index, seen, &periods[at].value, &mut p) {
            found.push((at, &*list[i].value, draft, kind, src));
        }
    }
    let reports: Vec<(usize, Report, Vec<Diagnostic>)> = found
        .into_par_iter()
        .map(|(at, objective, draft, kind, src)| {
            let mut own = Vec::new();
            let report = report_from(kind, draft, objective, &mut Problems::new(src, &mut own));
            (at, report, own)
        })
        .collect();
    for (at, report, mut own) in reports {
        periods[at].value.reports.push(report);
        diags.append(&mut own);
    }
}

/// The plan from the checked parts: objectives and areas in natural order of id.
fn into_plan(
    mut parts: Parts,
    periods: Vec<Placed<Period, PeriodSpans>>,
    site: Site,
    revisions: Revisions,
) -> Plan {
    let mut take = |kind: Kind| {
        let mut list = parts.objectives.remove(&kind).unwrap_or_default();
        list.par_sort_by(|a, b| natural_cmp(&a.value.id, &b.value.id));
        list.into_iter().map(|o| *o.value).collect::<Vec<_>>()
    };
    let (strategic, operational) = (take(Kind::Strategic), take(Kind::Operational));
    let (individual, common) = (take(Kind::Individual), take(Kind::Common));
    let mut areas: Vec<Area> = parts.areas.into_iter().map(|a| a.value).collect();
    areas.sort_by(|a, b| natural_cmp(&a.id, &b.id));
    Plan {
        body: site.body,
        info: site.info,
        rules: site.rules,
        areas,
        strategic,
        operational,
        individual,
        common,
        periods: periods
            .into_iter()
            .map(|placed| {
                let mut p = placed.value;
                p.reports.par_sort_by(|a, b| {
                    a.kind
                        .cmp(&b.kind)
                        .then_with(|| natural_cmp(&a.objective, &b.objective))
                });
                p
            })
            .collect(),
        revisions,
    }
}
