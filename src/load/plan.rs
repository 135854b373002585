//! Building the typed plan from parsed files, with every check that needs more
//! than one value: references, duplicates, weights, years.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::ops::Range;
use std::path::Component;

use rayon::prelude::*;
use rust_decimal::Decimal;
use toml::value::Datetime;

use super::raw::{self, KpiRaw, ObjectiveFile, ReportFile, S, TargetRaw};
use super::text::Text;
use super::toml_error::parse;
use crate::diagnostic::{Diagnostic, Severity, Source, did_you_mean};
use crate::model::number::{NumberError, parse_decimal};
use crate::model::rules::{Aggregation, Interim};
use crate::model::target::{TARGET_FORMS, VALUE_FORMS};
use crate::model::*;

/// Collects diagnostics for one source file.
struct Ctx<'a> {
    src: &'a Text,
    diags: &'a mut Vec<Diagnostic>,
}

impl Ctx<'_> {
    fn error(&mut self, span: Range<usize>, message: impl Into<String>, hint: impl Into<String>) {
        self.diags
            .push(Diagnostic::at(Severity::Error, self.src.get(), span, message).hint(hint));
    }
    fn warn(&mut self, span: Range<usize>, message: impl Into<String>, hint: impl Into<String>) {
        self.diags
            .push(Diagnostic::at(Severity::Warning, self.src.get(), span, message).hint(hint));
    }
    /// Span of a top-level or table key, found in the text (for values without spans).
    fn key_span(&self, key: &str) -> Range<usize> {
        self.key_span_from(key, 0)
    }

    /// Span of `key` in the `[[kpi]]` block whose `id` is `kpi`, or of the first `key`.
    fn kpi_key_span(&self, kpi: &str, key: &str) -> Range<usize> {
        let text = &self.src.get().text;
        let block = text.find("[[kpi]]").unwrap_or(0);
        let from = [format!("id = \"{kpi}\""), format!("id=\"{kpi}\"")]
            .iter()
            .find_map(|needle| text[block..].find(needle.as_str()))
            .map_or(0, |i| block + i);
        let span = self.key_span_from(key, from);
        if span.is_empty() && from > 0 {
            from..from + 2
        } else {
            span
        }
    }

    fn key_span_from(&self, key: &str, from: usize) -> Range<usize> {
        let mut offset = 0;
        for line in self.src.get().text.split_inclusive('\n') {
            if offset + line.len() <= from {
                offset += line.len();
                continue;
            }
            let trimmed = line.trim_start();
            if let Some(rest) = trimmed.strip_prefix(key)
                && rest.trim_start().starts_with('=')
            {
                let start = offset + (line.len() - trimmed.len());
                return start..start + key.len();
            }
            offset += line.len();
        }
        0..0
    }
}

/// Where a file sits in the content tree.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Place {
    Site,
    Area,
    Objective(Kind),
    /// The period folder.
    Period(String),
    Report(String, Kind),
    Unknown,
}

fn place(src: &Source) -> Place {
    let parts: Vec<&str> = src
        .path
        .components()
        .filter_map(|c| match c {
            Component::Normal(s) => s.to_str(),
            _ => None,
        })
        .collect();
    let kind_of = |folder: &str| Kind::ALL.into_iter().find(|k| k.folder() == folder);
    match parts.as_slice() {
        ["sito.toml"] => Place::Site,
        ["piano", "aree", _] => Place::Area,
        ["piano", folder, _] => kind_of(folder).map_or(Place::Unknown, Place::Objective),
        ["monitoraggio", period, "periodo.toml"] => Place::Period((*period).to_owned()),
        ["monitoraggio", period, folder, _] => {
            kind_of(folder).map_or(Place::Unknown, |k| Place::Report((*period).to_owned(), k))
        }
        _ => Place::Unknown,
    }
}

/// What one file gives on its own, before it is checked against the others (boxed:
/// units are moved around by the thousand).
#[derive(Debug, Clone)]
enum Item {
    /// `sito.toml`; `None` when its values are invalid.
    Site(Option<Box<(Body, PlanInfo, Rules)>>),
    Area(Area),
    Objective(Box<Objective>),
    /// `None` when the period is invalid.
    Period(Option<Box<Period>>),
    Report(Box<Draft>),
    /// Not valid for its place, or in no known place.
    Nothing,
}

/// One content file parsed and converted on its own, with its own diagnostics: the
/// unit of parallel (and cached) work. Checks across files are made by [`assemble`].
#[derive(Debug)]
pub struct Unit {
    /// The file, kept for the positions of later diagnostics.
    pub src: Text,
    place: Place,
    /// Span of the `id`, for "id ripetuto".
    id_span: Range<usize>,
    item: Item,
    /// Problems of this file alone, in the order they were found.
    diags: Vec<Diagnostic>,
}

/// A unit's item and diagnostics, taken for the assembly, with where they come from.
struct Claimed<'a> {
    src: &'a Text,
    place: &'a Place,
    id_span: Range<usize>,
    item: Item,
    diags: Vec<Diagnostic>,
}

impl Unit {
    /// The item and the diagnostics: moved out, or copied when the unit is kept for later.
    fn claim(&mut self, keep: bool) -> Claimed<'_> {
        let (item, diags) = if keep {
            (self.item.clone(), self.diags.clone())
        } else {
            (
                std::mem::replace(&mut self.item, Item::Nothing),
                std::mem::take(&mut self.diags),
            )
        };
        Claimed {
            src: &self.src,
            place: &self.place,
            id_span: self.id_span.clone(),
            item,
            diags,
        }
    }
}

/// Parses and converts one file: everything that does not depend on other files.
pub fn parse_unit(src: Source) -> Unit {
    let place = place(&src);
    let src = Text::new(src);
    let mut diags = Vec::new();
    let mut ctx = Ctx {
        src: &src,
        diags: &mut diags,
    };
    let (item, id_span) = item_from(&place, &mut ctx);
    Unit {
        src,
        place,
        id_span,
        item,
        diags,
    }
}

/// The item of a file in `place`, and the span of its `id`.
fn item_from(place: &Place, ctx: &mut Ctx) -> (Item, Range<usize>) {
    let src = ctx.src;
    let parsed = match place {
        Place::Site => parse::<raw::SiteFile>(src.get()).map(|f| (Item::Site(site_from(f, ctx).map(Box::new)), 0..0)),
        Place::Area => parse::<raw::AreaFile>(src.get()).map(|f| {
            let span = f.id.span();
            let area = Area {
                id: f.id.get_ref().trim().to_owned(),
                title: f.titolo.into_inner(),
                description: f.descrizione,
            };
            (Item::Area(area), span)
        }),
        Place::Objective(kind) => parse::<ObjectiveFile>(src.get())
            .map(|f| (Item::Objective(Box::new(objective_from(*kind, f, ctx))), id_span(src))),
        Place::Period(folder) => parse::<raw::PeriodFile>(src.get())
            .map(|f| (Item::Period(period_from(folder, f, ctx).map(Box::new)), id_span(src))),
        Place::Report(..) => parse::<ReportFile>(src.get()).map(|f| (Item::Report(Box::new(draft_from(f, src))), 0..0)),
        Place::Unknown => Err(
            Diagnostic::file(Severity::Error, src.path(), "file in una posizione non prevista")
                .hint("le posizioni ammesse sono sito.toml, piano/aree/, piano/obiettivi-{strategici,operativi,individuali,comuni}/, monitoraggio/<periodo>/periodo.toml e monitoraggio/<periodo>/obiettivi-*/ (vedi docs/formato-contenuti.md)"),
        ),
    };
    parsed.unwrap_or_else(|d| {
        ctx.diags.push(d);
        (Item::Nothing, 0..0)
    })
}

/// A file with where it came from and the span of its `id`.
type Placed<'a, T> = (T, &'a Text, Range<usize>);

/// The files' items gathered by place, and which places had files that failed.
#[derive(Default)]
struct Parts<'a> {
    /// `Some` once `sito.toml` is read; inside, `None` when its values are invalid.
    site: Option<Option<(Body, PlanInfo, Rules)>>,
    has_site_file: bool,
    areas: Vec<Placed<'a, Area>>,
    /// Boxed: cheap to sort.
    objectives: BTreeMap<Kind, Vec<Placed<'a, Box<Objective>>>>,
    periods: Vec<Placed<'a, Period>>,
    /// Period folder, draft, kind, file.
    reports: Vec<(&'a str, Draft, Kind, &'a Text)>,
    // files that failed: references to them are not reported again as "inesistente"
    failed_kinds: BTreeSet<Kind>,
    failed_areas: bool,
    failed_periods: BTreeSet<&'a str>,
}

impl<'a> Parts<'a> {
    /// Takes in one unit, in path order; its own diagnostics go to `diags`.
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
            (_, Item::Area(a)) => self.areas.push((a, src, id_span)),
            (_, Item::Objective(o)) => {
                let list = self.objectives.entry(o.kind).or_default();
                list.push((o, src, id_span));
            }
            (_, Item::Period(Some(p))) => self.periods.push((*p, src, id_span)),
            (Place::Report(folder, kind), Item::Report(d)) => {
                self.reports.push((folder.as_str(), *d, *kind, src))
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

/// Builds the plan from the files' units, in path order, with every check across
/// files; `None` when the basics (sito.toml) are missing. With `keep` the units are
/// left as they are (for [`super::Cache`]), otherwise their items are moved out.
pub fn assemble(units: Vec<&mut Unit>, keep: bool) -> (Option<Plan>, Vec<Diagnostic>) {
    // copying thousands of objectives for the cache is worth two threads
    let claimed: Vec<Claimed> = units.into_par_iter().map(|u| u.claim(keep)).collect();
    let mut diags = Vec::new();
    let mut parts = Parts::default();
    for unit in claimed {
        parts.add(unit, &mut diags);
    }
    let Some((body, info, rules)) = parts.site.take().flatten() else {
        if !parts.has_site_file {
            diags.push(
                Diagnostic::file(Severity::Error, "sito.toml", "manca sito.toml, il file con i dati dell'ente e del piano")
                    .hint("crearlo nella cartella dei contenuti (vedi docs/formato-contenuti.md, o `trasparenza init`)"),
            );
        }
        return (None, diags);
    };
    for (o, _, _) in parts.objectives.values_mut().flatten() {
        for k in &mut o.kpis {
            for t in &mut k.targets {
                if t.year == 0 {
                    t.year = info.first_year;
                }
            }
        }
    }
    check_unique(
        parts
            .areas
            .iter()
            .map(|(a, s, span)| (a.id.as_str(), *s, span.clone())),
        "area",
        &mut diags,
    );
    for kind in Kind::ALL {
        let list = parts
            .objectives
            .get(&kind)
            .map(Vec::as_slice)
            .unwrap_or_default();
        check_unique(
            list.iter()
                .map(|(o, s, span)| (o.id.as_str(), *s, span.clone())),
            kind.label(),
            &mut diags,
        );
    }
    check_objectives(&parts, &info, &mut diags);
    check_copies(&parts.objectives, &mut diags);
    check_spellings(&parts.objectives, &mut diags);
    let mut periods = check_periods(std::mem::take(&mut parts.periods), &info, &mut diags);
    attach_reports(&mut parts, &mut periods, &mut diags);
    let plan = into_plan(parts, periods, body, info, rules);
    (Some(plan), diags)
}

/// Every objective's years, and its parent (area or strategic objective) exists.
fn check_objectives(parts: &Parts, info: &PlanInfo, diags: &mut Vec<Diagnostic>) {
    let area_ids: Vec<&str> = parts.areas.iter().map(|(a, _, _)| a.id.as_str()).collect();
    let strategic_ids: Vec<&str> = parts
        .objectives
        .get(&Kind::Strategic)
        .into_iter()
        .flatten()
        .map(|(o, _, _)| o.id.as_str())
        .collect();
    let areas = Candidates::new(area_ids, "area", "area");
    let strategic = Candidates::new(
        strategic_ids,
        "obiettivo strategico",
        "obiettivo_strategico",
    );
    for (o, src, _) in parts.objectives.values().flatten() {
        let mut ctx = Ctx { src, diags };
        check_years(o, info, &mut ctx);
        let parent_failed = match o.kind {
            Kind::Strategic => parts.failed_areas,
            _ => parts.failed_kinds.contains(&Kind::Strategic),
        };
        let candidates = match o.kind {
            _ if parent_failed => continue,
            Kind::Strategic => &areas,
            Kind::Operational => &strategic,
            _ => continue,
        };
        if let Some(p) = o.parent.as_deref() {
            candidates.check(p, &mut ctx);
        }
    }
}

/// The ids a parent reference may take.
struct Candidates<'a> {
    /// In file order, for the hint.
    ids: Vec<&'a str>,
    set: HashSet<&'a str>,
    /// What they are, and the key that refers to them.
    what: &'static str,
    key: &'static str,
}

impl<'a> Candidates<'a> {
    fn new(ids: Vec<&'a str>, what: &'static str, key: &'static str) -> Self {
        let set = ids.iter().copied().collect();
        Candidates {
            ids,
            set,
            what,
            key,
        }
    }

    /// Reports `parent` when no candidate has that id.
    fn check(&self, parent: &str, ctx: &mut Ctx) {
        if self.set.contains(parent) {
            return;
        }
        let span = ctx.key_span(self.key);
        let hint = match did_you_mean(parent, self.ids.iter().copied()) {
            Some(best) => format!(
                "forse intendevi \"{best}\"? Valori esistenti: {}",
                self.ids.join(", ")
            ),
            None => format!("valori esistenti: {}", self.ids.join(", ")),
        };
        ctx.error(
            span,
            format!("{} \"{parent}\" inesistente", self.what),
            hint,
        );
    }
}

/// Periods within the plan's years and with distinct ids; returned oldest first.
fn check_periods<'a>(
    mut periods: Vec<Placed<'a, Period>>,
    info: &PlanInfo,
    diags: &mut Vec<Diagnostic>,
) -> Vec<Placed<'a, Period>> {
    for (p, src, _) in &periods {
        if p.year < info.first_year || p.year > info.last_year {
            let span = Ctx {
                src,
                diags: &mut Vec::new(),
            }
            .key_span("anno");
            diags.push(
                Diagnostic::at(Severity::Error, src.get(), span, format!("il periodo {} è del {}, fuori dal piano {}–{}", p.id, p.year, info.first_year, info.last_year))
                    .hint("controllare l'anno del periodo, o il periodo del piano in sito.toml (anno_inizio, anno_fine)"),
            );
        }
    }
    periods.sort_by(|a, b| a.0.end.cmp(&b.0.end).then_with(|| a.0.id.cmp(&b.0.id)));
    check_unique(
        periods
            .iter()
            .map(|(p, s, span)| (p.id.as_str(), *s, span.clone())),
        "periodo",
        diags,
    );
    periods
}

/// Checks each monitoring file against its period and objective, in path order, and
/// adds the valid ones to their period. The measurements are checked in parallel: each
/// file's diagnostics stay in their order, and files are sorted apart in the end.
fn attach_reports(parts: &mut Parts, periods: &mut [Placed<Period>], diags: &mut Vec<Diagnostic>) {
    let mut indexes: HashMap<Kind, HashMap<&str, usize>> = HashMap::new();
    // per period, the objectives (kind, position in their list) already reported
    let mut reported: Vec<HashSet<(Kind, usize)>> = vec![HashSet::new(); periods.len()];
    let mut found = Vec::new();
    for (folder, draft, kind, src) in std::mem::take(&mut parts.reports) {
        if parts.failed_periods.contains(folder) || parts.failed_kinds.contains(&kind) {
            continue;
        }
        let mut ctx = Ctx { src, diags };
        let Some(at) = periods.iter().position(|(p, _, _)| p.id == folder) else {
            ctx.diags.push(
                Diagnostic::file(Severity::Error, src.path(), format!("misure per un periodo sconosciuto: \"{folder}\"")).hint(format!("creare monitoraggio/{folder}/periodo.toml, o spostare il file nella cartella del periodo giusto")),
            );
            continue;
        };
        let list = parts
            .objectives
            .get(&kind)
            .map(Vec::as_slice)
            .unwrap_or_default();
        let index = indexes.entry(kind).or_insert_with(|| {
            list.iter()
                .enumerate()
                .map(|(i, (o, _, _))| (o.id.as_str(), i))
                .collect()
        });
        let seen = &mut reported[at];
        if let Some(i) = objective_of(kind, &draft, list, index, seen, &periods[at].0, &mut ctx) {
            found.push((at, &*list[i].0, draft, kind, src));
        }
    }
    let reports: Vec<(usize, Report, Vec<Diagnostic>)> = found
        .into_par_iter()
        .map(|(at, objective, draft, kind, src)| {
            let mut own = Vec::new();
            let mut ctx = Ctx {
                src,
                diags: &mut own,
            };
            (at, report_from(kind, draft, objective, &mut ctx), own)
        })
        .collect();
    for (at, report, mut own) in reports {
        periods[at].0.reports.push(report);
        diags.append(&mut own);
    }
}

/// The plan from the checked parts: objectives and areas in natural order of id.
fn into_plan(
    mut parts: Parts,
    periods: Vec<Placed<Period>>,
    body: Body,
    info: PlanInfo,
    rules: Rules,
) -> Plan {
    let mut take = |kind: Kind| {
        let mut list = parts.objectives.remove(&kind).unwrap_or_default();
        list.par_sort_by(|a, b| natural_cmp(&a.0.id, &b.0.id));
        list.into_iter().map(|(o, _, _)| *o).collect::<Vec<_>>()
    };
    let (strategic, operational) = (take(Kind::Strategic), take(Kind::Operational));
    let (individual, common) = (take(Kind::Individual), take(Kind::Common));
    let mut areas: Vec<Area> = parts.areas.into_iter().map(|(a, _, _)| a).collect();
    areas.sort_by(|a, b| natural_cmp(&a.id, &b.id));
    Plan {
        body,
        info,
        rules,
        areas,
        strategic,
        operational,
        individual,
        common,
        periods: periods
            .into_iter()
            .map(|(mut p, _, _)| {
                p.reports.par_sort_by(|a, b| {
                    a.kind
                        .cmp(&b.kind)
                        .then_with(|| natural_cmp(&a.objective, &b.objective))
                });
                p
            })
            .collect(),
    }
}

fn id_span(src: &Text) -> Range<usize> {
    Ctx {
        src,
        diags: &mut Vec::new(),
    }
    .key_span("id")
}

fn check_unique<'a>(
    items: impl Iterator<Item = (&'a str, &'a Text, Range<usize>)>,
    what: &str,
    diags: &mut Vec<Diagnostic>,
) {
    let mut seen: HashMap<&str, &Text> = HashMap::new();
    for (id, src, span) in items {
        if let Some(first) = seen.get(id) {
            diags.push(
                Diagnostic::at(
                    Severity::Error,
                    src.get(),
                    span,
                    format!("{what} con id \"{id}\" ripetuto"),
                )
                .hint(format!(
                    "l'id è già usato in {}: ogni {what} ha un id diverso",
                    first.path().display()
                )),
            );
        } else {
            seen.insert(id, src);
        }
    }
}

fn date(value: &S<Datetime>, what: &str, ctx: &mut Ctx) -> Option<Date> {
    let dt = value.get_ref();
    let parsed = match (dt.date, dt.time) {
        (Some(d), None) => Date::new(i32::from(d.year), d.month, d.day),
        _ => None,
    };
    if parsed.is_none() {
        ctx.error(
            value.span(),
            format!("{what}: \"{dt}\" non è una data valida"),
            "scrivere una data esistente in formato ISO, senza ora: 2022-06-30",
        );
    }
    parsed
}

fn percent(value: &S<String>, what: &str, ctx: &mut Ctx) -> Option<Decimal> {
    let text = value.get_ref().trim();
    let number = text.strip_suffix('%').unwrap_or(text);
    match parse_decimal(number) {
        Ok(d) if d >= Decimal::ZERO && d <= Decimal::from(1000) => Some(d),
        Ok(_) => {
            ctx.error(
                value.span(),
                format!("{what}: \"{text}\" fuori dall'intervallo ammesso"),
                "indicare una percentuale tra 0% e 1000%",
            );
            None
        }
        Err(_) => {
            ctx.error(
                value.span(),
                format!("{what}: \"{text}\" non è una percentuale"),
                "scrivere ad esempio \"50%\" o \"69,5%\"",
            );
            None
        }
    }
}

fn site_from(f: raw::SiteFile, ctx: &mut Ctx) -> Option<(Body, PlanInfo, Rules)> {
    let e = f.ente;
    let mut base_url = e.base_url.get_ref().trim().to_owned();
    if !(base_url.starts_with("https://") || base_url.starts_with("http://")) {
        ctx.error(
            e.base_url.span(),
            "base_url deve essere un indirizzo assoluto",
            "ad esempio \"https://www.ente.it/amministrazione-trasparente/performance/\"",
        );
    }
    if !base_url.ends_with('/') {
        base_url.push('/');
    }
    let body = Body {
        name: e.nome.into_inner(),
        ipa_code: e.codice_ipa.into_inner(),
        website: e.sito.into_inner(),
        base_url,
        office: e.ufficio_responsabile.into_inner(),
        licence: e
            .licenza
            .map(S::into_inner)
            .unwrap_or_else(|| "CC-BY-4.0".to_owned()),
        accessibility_statement: e.dichiarazione_accessibilita.into_inner(),
        privacy: e.privacy.into_inner(),
        legal_notes: e.note_legali.into_inner(),
    };
    let p = f.piano;
    let (first, last) = (*p.anno_inizio.get_ref(), *p.anno_fine.get_ref());
    if !(2000..=2100).contains(&first) || last < first || last - first > 10 {
        ctx.error(
            p.anno_fine.span(),
            format!("periodo del piano non valido: {first}–{last}"),
            "anno_inizio e anno_fine tra 2000 e 2100, con anno_fine >= anno_inizio",
        );
    }
    let published = date(&p.data_pubblicazione, "data_pubblicazione", ctx);
    let updated = date(&p.data_aggiornamento, "data_aggiornamento", ctx);
    if let (Some(pu), Some(up)) = (published, updated)
        && up < pu
    {
        ctx.error(
            p.data_aggiornamento.span(),
            "la data di aggiornamento precede quella di pubblicazione",
            "data_aggiornamento deve essere uguale o successiva a data_pubblicazione",
        );
    }
    let rules = rules_from(f.valutazione, ctx);
    Some((
        body,
        PlanInfo {
            title: p.titolo.into_inner(),
            first_year: first as i32,
            last_year: last as i32,
            published: published?,
            updated: updated?,
        },
        rules,
    ))
}

fn rules_from(raw: Option<raw::RulesRaw>, ctx: &mut Ctx) -> Rules {
    let mut rules = Rules::default();
    let Some(r) = raw else { return rules };
    if let Some(v) = &r.polarita_predefinita {
        match v.get_ref().trim() {
            "crescente" => rules.default_polarity = Polarity::Crescente,
            "decrescente" => rules.default_polarity = Polarity::Decrescente,
            "esatta" => rules.default_polarity = Polarity::Esatta,
            other => ctx.error(
                v.span(),
                format!("polarità \"{other}\" sconosciuta"),
                "valori ammessi: \"crescente\", \"decrescente\", \"esatta\"",
            ),
        }
    }
    if let Some(v) = &r.aggregazione {
        match v.get_ref().trim() {
            "media_ponderata" => rules.aggregation = Aggregation::MediaPonderata,
            "tutti_raggiunti" => rules.aggregation = Aggregation::TuttiRaggiunti,
            other => ctx.error(
                v.span(),
                format!("aggregazione \"{other}\" sconosciuta"),
                "valori ammessi: \"media_ponderata\", \"tutti_raggiunti\"",
            ),
        }
    }
    if let Some(v) = &r.intermedio {
        match v.get_ref().trim() {
            "proporzionale" => rules.interim = Interim::Proporzionale,
            "intero" => rules.interim = Interim::Intero,
            other => ctx.error(
                v.span(),
                format!("regola intermedia \"{other}\" sconosciuta"),
                "valori ammessi: \"proporzionale\", \"intero\"",
            ),
        }
    }
    if let Some(v) = &r.tetto
        && let Some(d) = percent(v, "tetto", ctx)
    {
        if d < Decimal::ONE_HUNDRED {
            ctx.error(
                v.span(),
                "il tetto non può essere inferiore a 100%",
                "usare 100% (nessun extra-raggiungimento) o un valore maggiore, es. 120%",
            );
        } else {
            rules.cap = d;
        }
    }
    if let Some(v) = &r.soglia_raggiunto
        && let Some(d) = percent(v, "soglia_raggiunto", ctx)
    {
        rules.achieved_from = d;
    }
    if let Some(v) = &r.soglia_parziale
        && let Some(d) = percent(v, "soglia_parziale", ctx)
    {
        rules.partial_from = d;
    }
    if rules.partial_from > rules.achieved_from {
        let span = r.soglia_parziale.as_ref().map(S::span).unwrap_or(0..0);
        ctx.error(span, "soglia_parziale supera soglia_raggiunto", "la soglia di raggiungimento parziale deve essere minore o uguale a quella di raggiungimento");
    }
    rules
}

fn decimal_value(value: &S<toml::Value>, what: &str, ctx: &mut Ctx) -> Option<Decimal> {
    let parsed = match value.get_ref() {
        toml::Value::Integer(i) if Decimal::from(*i).abs() > crate::model::number::MAX_ABS => {
            Err(NumberError::TooLarge)
        }
        toml::Value::Integer(i) => Ok(Decimal::from(*i)),
        toml::Value::Float(f) => f
            .to_string()
            .parse::<Decimal>()
            .map_err(|_| NumberError::TooLarge)
            .and_then(crate::model::number::check_magnitude),
        toml::Value::String(s) => parse_decimal(s.trim().trim_end_matches('%')),
        _ => Err(NumberError::Invalid),
    };
    match parsed {
        Ok(d) => Some(d),
        Err(NumberError::Ambiguous) => {
            ctx.error(value.span(), format!("{what}: numero ambiguo"), "usare la virgola per i decimali e indicarli sempre con le migliaia: \"8.000,00\" (ottomila) o \"8,5\"");
            None
        }
        Err(NumberError::TooLarge) => {
            ctx.error(
                value.span(),
                format!("{what}: numero troppo grande"),
                "controllare il valore: nessun importo o peso del piano supera un milione di miliardi",
            );
            None
        }
        Err(NumberError::Invalid) => {
            ctx.error(
                value.span(),
                format!("{what}: non è un numero"),
                "scrivere un numero, ad esempio 100, \"33%\" o \"161.957,34\"",
            );
            None
        }
    }
}

fn objective_from(kind: Kind, f: ObjectiveFile, ctx: &mut Ctx) -> Objective {
    let allowed = raw::allowed_objective_keys(kind.folder());
    let present: [(&str, bool); 14] = [
        ("area", f.area.is_some()),
        ("obiettivo_strategico", f.obiettivo_strategico.is_some()),
        ("anno", f.anno.is_some()),
        ("missione", f.missione.is_some()),
        ("programma", f.programma.is_some()),
        ("risultati_attesi", !f.risultati_attesi.is_empty()),
        ("benefici_attesi", !f.benefici_attesi.is_empty()),
        ("impatto_organizzativo", f.impatto_organizzativo.is_some()),
        ("centro_di_costo", f.centro_di_costo.is_some()),
        ("area_organizzativa", f.area_organizzativa.is_some()),
        ("budget", f.budget.is_some()),
        ("ruolo", f.ruolo.is_some()),
        ("titolare", f.titolare.is_some()),
        ("peso_generale", f.peso_generale.is_some()),
    ];
    for (key, is_present) in present {
        if is_present && !allowed.contains(&key) {
            let span = ctx.key_span(key);
            ctx.error(
                span,
                format!("chiave `{key}` non prevista per un {}", kind.label()),
                format!("chiavi ammesse qui: {}", allowed.join(", ")),
            );
        }
    }
    let required: Option<(&str, bool)> = match kind {
        Kind::Strategic => Some(("area", f.area.is_some())),
        Kind::Operational => Some(("obiettivo_strategico", f.obiettivo_strategico.is_some())),
        Kind::Individual => Some(("ruolo", f.ruolo.is_some())),
        Kind::Common => None,
    };
    if let Some((key, false)) = required {
        let span = f.id.span();
        ctx.error(
            span,
            format!("manca il campo obbligatorio `{key}`"),
            format!("aggiungere `{key} = \"...\"` (vedi docs/formato-contenuti.md)"),
        );
    }
    let id = f.id.get_ref().trim().to_owned();
    if id.is_empty() {
        ctx.error(
            f.id.span(),
            "id vuoto",
            "ogni obiettivo ha un id, ad esempio \"1.6.1\"",
        );
    }
    let year = f.anno.as_ref().map(|a| *a.get_ref() as i32);
    if kind == Kind::Operational && year.is_none() {
        ctx.error(
            f.id.span(),
            "manca il campo obbligatorio `anno`",
            "aggiungere `anno = 2022`, l'anno dell'obiettivo operativo",
        );
    }
    let budget = f
        .budget
        .as_ref()
        .and_then(|b| decimal_value(b, "budget", ctx));
    if let Some(b) = budget
        && b.is_sign_negative()
        && !b.is_zero()
    {
        ctx.error(
            f.budget.as_ref().map(S::span).unwrap_or(0..0),
            "budget negativo",
            "indicare l'importo in euro, positivo",
        );
    }
    let general_weight = f
        .peso_generale
        .as_ref()
        .and_then(|w| decimal_value(w, "peso_generale", ctx));
    if let Some(holder) = &f.titolare {
        check_privacy(
            holder,
            [f.titolo.get_ref().as_str(), f.descrizione.as_str()],
            ctx,
        );
    }
    let kpis = kpis_from(kind, &id, year, f.kpi, ctx);
    Objective {
        kind,
        id,
        title: f.titolo.into_inner(),
        parent: f
            .area
            .or(f.obiettivo_strategico)
            .map(|p| p.into_inner().trim().to_owned()),
        description: f.descrizione,
        details: Details {
            year,
            mission: f.missione,
            programme: f.programma,
            expected_results: f.risultati_attesi,
            expected_benefits: f.benefici_attesi,
            staff_impact: f.impatto_organizzativo,
            cost_centre: f.centro_di_costo,
            organisational_area: f.area_organizzativa,
            budget,
            budget_note: f.budget_nota,
            role: f.ruolo.map(S::into_inner),
            holder: f.titolare,
            general_weight,
        },
        kpis,
    }
}

/// Individual objectives are published by role: the holder's name must not appear in the
/// published text, next to an evaluation (Garante privacy, provv. 398/2023 and 204/2025).
fn check_privacy<'t>(holder: &str, published: impl IntoIterator<Item = &'t str>, ctx: &mut Ctx) {
    let surname = holder
        .split_whitespace()
        .last()
        .unwrap_or("")
        .to_lowercase();
    if surname.chars().count() < 3 {
        return;
    }
    if published
        .into_iter()
        .any(|t| t.to_lowercase().contains(&surname))
    {
        let span = ctx.key_span("titolo");
        ctx.warn(
            span,
            format!("il nominativo «{holder}» compare nel testo pubblicato di un obiettivo individuale, accanto alla sua valutazione"),
            "pubblicare gli obiettivi individuali per ruolo: togliere il nome da titolo e descrizione (resta in `titolare`, che non è pubblicato)",
        );
    }
}

fn kpis_from(
    kind: Kind,
    objective: &str,
    year: Option<i32>,
    raw: Vec<KpiRaw>,
    ctx: &mut Ctx,
) -> Vec<Kpi> {
    let mut kpis: Vec<Kpi> = Vec::new();
    let mut codes: BTreeMap<String, usize> = BTreeMap::new();
    let mut weights: Vec<(Decimal, Range<usize>)> = Vec::new();
    let mut no_baseline = 0;
    for k in raw {
        let id = k.id.get_ref().trim().to_owned();
        if kpis.iter().any(|x| x.id == id) {
            ctx.error(k.id.span(), format!("KPI con id \"{id}\" ripetuto nell'obiettivo {objective}"), "ogni KPI di un obiettivo ha un id diverso (le misure lo usano per riferirsi al KPI)");
        }
        if let Some(code) = &k.codice {
            *codes.entry(code.trim().to_owned()).or_default() += 1;
        } else if kind == Kind::Operational {
            ctx.warn(k.id.span(), format!("KPI \"{id}\" senza codice nel documento"), "se il piano adottato non indica un codice, lasciare così; altrimenti aggiungere `codice`");
        }
        if k.nome.get_ref().trim().is_empty() {
            ctx.warn(k.nome.span(), format!("KPI \"{id}\" senza nome"), "il piano adottato non dà un nome all'indicatore: correggere con un atto di modifica del piano");
        }
        if k.baseline.as_deref().is_none_or(|b| b.trim().is_empty()) {
            no_baseline += 1;
        }
        let weight = k.peso.as_ref().and_then(|w| decimal_value(w, "peso", ctx));
        if let (Some(w), Some(p)) = (weight, &k.peso) {
            if w.is_sign_negative() {
                ctx.error(
                    p.span(),
                    "peso negativo",
                    "il peso è un numero positivo, ad esempio 50 o \"33%\"",
                );
            } else {
                weights.push((w, p.span()));
            }
        }
        let polarity = k.polarita.as_ref().and_then(|p| match p.get_ref().trim() {
            "crescente" => Some(Polarity::Crescente),
            "decrescente" => Some(Polarity::Decrescente),
            "esatta" => Some(Polarity::Esatta),
            other => {
                ctx.error(
                    p.span(),
                    format!("polarità \"{other}\" sconosciuta"),
                    "valori ammessi: \"crescente\", \"decrescente\", \"esatta\"",
                );
                None
            }
        });
        let targets = targets_from(kind, year, &k.id, k.target.as_ref(), ctx);
        kpis.push(Kpi {
            id,
            code: k.codice,
            name: k.nome.into_inner(),
            kind: k.tipologia,
            weight,
            unit: k.unita,
            source: k.fonte,
            algorithm: k.algoritmo,
            baseline: k.baseline.filter(|b| !b.trim().is_empty()),
            polarity,
            responsible: k.responsabile,
            frequency: k.frequenza,
            targets,
        });
    }
    for (code, n) in codes {
        if n > 1 {
            let needle = format!("\"{code}\"");
            let span = ctx
                .src
                .get()
                .text
                .match_indices(needle.as_str())
                .nth(1)
                .map(|(i, _)| i..i + needle.len())
                .unwrap_or_else(|| ctx.key_span("codice"));
            ctx.warn(
                span,
                format!("codice KPI \"{code}\" ripetuto {n} volte nell'obiettivo {objective}"),
                "è il codice scritto nel documento: le misure usano l'id, che è unico",
            );
        }
    }
    if !weights.is_empty() {
        let sum: Decimal = weights.iter().map(|(w, _)| *w).sum();
        if sum != Decimal::ONE_HUNDRED {
            let span = weights[0].1.clone();
            ctx.warn(
                span,
                format!("i pesi dei KPI dell'obiettivo {objective} sommano a {} invece di 100", crate::model::number::format_it(sum, 2)),
                "nel calcolo i pesi sono normalizzati (ogni peso diviso per la somma); correggerli con un atto di modifica del piano",
            );
        }
    }
    if no_baseline > 0 && kind != Kind::Individual {
        let span = ctx.key_span("id");
        ctx.warn(
            span,
            format!("{no_baseline} KPI dell'obiettivo {objective} senza baseline"),
            "la baseline è il valore di partenza: indicarla quando il piano la riporta",
        );
    }
    kpis
}

fn targets_from(
    kind: Kind,
    year: Option<i32>,
    kpi: &S<String>,
    target: Option<&S<TargetRaw>>,
    ctx: &mut Ctx,
) -> Vec<YearTarget> {
    let span = kpi.span();
    let kpi = kpi.get_ref().trim();
    let Some(target) = target else {
        ctx.error(
            span,
            format!("il KPI \"{kpi}\" non ha un target"),
            "aggiungere `target = \"...\"` (o per anno: target = { 2022 = \"...\" })",
        );
        return Vec::new();
    };
    let mut out = Vec::new();
    let mut push = |y: i32, text: &str, span: Range<usize>, ctx: &mut Ctx| match Target::parse(text)
    {
        Ok(t) => out.push(YearTarget {
            year: y,
            target: t,
            written: text.to_owned(),
        }),
        Err(e) => ctx.error(span, e.message, TARGET_FORMS),
    };
    match target.get_ref() {
        TargetRaw::Annual(text) => match (kind, year) {
            (Kind::Strategic, _) => ctx.error(
                target.span(),
                "un obiettivo strategico ha un target per anno",
                "scrivere target = { 2022 = \"...\", 2023 = \"...\", 2024 = \"...\" }",
            ),
            (_, Some(y)) => push(y, text, target.span(), ctx),
            // individual and common objectives without `anno`: the plan's first year, fixed later
            (_, None) => push(0, text, target.span(), ctx),
        },
        TargetRaw::PerYear(map) => {
            for (y, text) in map {
                match y.trim().parse::<i32>() {
                    Ok(y) if (2000..=2100).contains(&y) => push(y, text, target.span(), ctx),
                    _ => ctx.error(
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

fn check_years(o: &Objective, info: &PlanInfo, ctx: &mut Ctx) {
    if let Some(year) = o.details.year
        && (year < info.first_year || year > info.last_year)
    {
        let span = ctx.key_span("anno");
        ctx.error(
            span,
            format!(
                "l'obiettivo {} è del {year}, fuori dal periodo del piano {}–{}",
                o.id, info.first_year, info.last_year
            ),
            "controllare `anno`: un obiettivo operativo è annuale e cade negli anni del piano",
        );
    }
    for k in &o.kpis {
        for t in &k.targets {
            if t.year != 0 && (t.year < info.first_year || t.year > info.last_year) {
                let span = ctx.kpi_key_span(&k.id, "target");
                ctx.warn(span, format!("il KPI \"{}\" dell'obiettivo {} ha un target per il {}, fuori dal periodo del piano {}–{}", k.id, o.id, t.year, info.first_year, info.last_year), "controllare l'anno");
            }
        }
        if o.kind == Kind::Strategic {
            let missing: Vec<String> = (info.first_year..=info.last_year)
                .filter(|y| k.target_for(*y).is_none())
                .map(|y| y.to_string())
                .collect();
            if !missing.is_empty() {
                let span = ctx.kpi_key_span(&k.id, "target");
                ctx.warn(
                    span,
                    format!(
                        "il KPI \"{}\" dell'obiettivo {} non ha target per: {}",
                        k.id,
                        o.id,
                        missing.join(", ")
                    ),
                    "aggiungere il target mancante se il piano lo indica",
                );
            }
        }
    }
}

/// Warns about text copied from one objective into another (same KPI name and algorithm).
fn check_copies(
    objectives: &BTreeMap<Kind, Vec<Placed<Box<Objective>>>>,
    diags: &mut Vec<Diagnostic>,
) {
    for list in objectives.values() {
        // long KPI name (lowercase) -> first objective of this kind using it
        let mut seen: HashMap<String, &str> = HashMap::new();
        for (o, src, _) in list {
            let mut names = BTreeSet::new();
            for k in &o.kpis {
                // a lowercase text has at most as many characters as the original has bytes
                let name = k.name.trim();
                if name.len() < 80 {
                    continue;
                }
                let key = name.to_lowercase();
                if key.chars().count() < 80 || !names.insert(key.clone()) {
                    continue;
                }
                match seen.get(&key) {
                    Some(first) if *first != o.id => {
                        let span = Ctx {
                            src,
                            diags: &mut Vec::new(),
                        }
                        .key_span("nome");
                        diags.push(
                            Diagnostic::at(Severity::Warning, src.get(), span, format!("il KPI \"{}\" dell'obiettivo {} ha lo stesso nome di un KPI dell'obiettivo {first}", k.id, o.id))
                                .hint("verificare che non sia un copia-incolla nel documento adottato"),
                        );
                    }
                    Some(_) => {}
                    None => {
                        seen.insert(key, o.id.as_str());
                    }
                }
            }
        }
    }
}

/// Warns about the same person written two ways (same surname, different first part).
fn check_spellings(
    objectives: &BTreeMap<Kind, Vec<Placed<Box<Objective>>>>,
    diags: &mut Vec<Diagnostic>,
) {
    let mut by_surname: BTreeMap<String, (&str, &str)> = BTreeMap::new();
    for (o, src, _) in objectives.values().flatten() {
        for k in &o.kpis {
            let Some(who) = k.responsible.as_deref().map(str::trim) else {
                continue;
            };
            let mut words = who.split_whitespace();
            let Some(title) = words.next() else {
                continue;
            };
            let titled = ["Dott", "Rag", "Sig", "Ing", "Avv", "Prof"]
                .iter()
                .any(|t| title.starts_with(t));
            if !titled {
                continue;
            }
            // a title and at least two more words, the last being the surname
            let (count, last) = words.fold((1, title), |(n, _), w| (n + 1, w));
            if count < 3 {
                continue;
            }
            let surname = last.to_lowercase();
            match by_surname.get(&surname) {
                Some((first, first_obj)) if *first != who => {
                    let span = Ctx {
                        src,
                        diags: &mut Vec::new(),
                    }
                    .key_span("responsabile");
                    diags.push(
                        Diagnostic::at(Severity::Warning, src.get(), span, format!("responsabile \"{who}\" (obiettivo {}) e \"{first}\" (obiettivo {first_obj}): stessa persona scritta in due modi?", o.id))
                            .hint("è il testo del documento adottato: segnalarlo all'ufficio che lo ha redatto"),
                    );
                }
                Some(_) => {}
                None => {
                    by_surname.insert(surname, (who, o.id.as_str()));
                }
            }
        }
    }
}

fn period_from(folder: &str, f: raw::PeriodFile, ctx: &mut Ctx) -> Option<Period> {
    let id = f.id.get_ref().trim().to_owned();
    if id != folder {
        ctx.error(
            f.id.span(),
            format!("l'id del periodo \"{id}\" non corrisponde alla cartella \"{folder}\""),
            format!("usare id = \"{folder}\" o rinominare la cartella"),
        );
    }
    let id_matches = id == folder;
    let end = date(&f.fine, "fine", ctx);
    let published = date(&f.data_pubblicazione, "data_pubblicazione", ctx);
    let updated = date(&f.data_aggiornamento, "data_aggiornamento", ctx);
    let share = percent(&f.quota_anno, "quota_anno", ctx);
    if let Some(s) = share
        && (s.is_zero() || s > Decimal::ONE_HUNDRED)
    {
        ctx.error(
            f.quota_anno.span(),
            "quota_anno deve essere tra 0% (escluso) e 100%",
            "ad esempio \"50%\" al 30 giugno, \"100%\" a fine anno",
        );
    }
    let year = *f.anno.get_ref() as i32;
    if let Some(e) = end
        && e.year() != year
    {
        ctx.error(
            f.fine.span(),
            format!("la data di fine {} non è nell'anno {year}", e.iso()),
            "la data di fine del periodo cade nell'anno del periodo",
        );
    }
    if let (Some(p), Some(u)) = (published, updated)
        && u < p
    {
        ctx.error(
            f.data_aggiornamento.span(),
            "la data di aggiornamento precede quella di pubblicazione",
            "data_aggiornamento deve essere uguale o successiva a data_pubblicazione",
        );
    }
    if !id_matches {
        return None;
    }
    Some(Period {
        id,
        title: f.titolo.into_inner(),
        year,
        end: end?,
        year_share: share?,
        published: published?,
        updated: updated?,
        reports: Vec::new(),
    })
}

/// A monitoring file converted on its own; what depends on the plan (the objective, its
/// KPIs, other files) is checked by [`report_from`].
#[derive(Debug, Clone)]
struct Draft {
    /// The objective's id, trimmed, and the span of the value.
    objective: String,
    objective_span: Range<usize>,
    statement: String,
    declared: Option<Status>,
    progress: Option<Decimal>,
    note: String,
    /// Problems of `stato_dichiarato` and `avanzamento`, reported once the objective is known.
    own: Vec<Diagnostic>,
    kpis: Vec<KpiDraft>,
}

/// One measurement of a monitoring file, converted on its own.
#[derive(Debug, Clone)]
struct KpiDraft {
    id: String,
    span: Range<usize>,
    /// `None` when invalid; the reason is in `diags`, reported if the KPI exists.
    value: Option<Measured>,
    diags: Vec<Diagnostic>,
    statement: Option<String>,
    note: String,
}

fn draft_from(f: ReportFile, src: &Text) -> Draft {
    let mut own = Vec::new();
    let mut ctx = Ctx {
        src,
        diags: &mut own,
    };
    let declared = f.stato_dichiarato.as_ref().and_then(|s| {
        let status = Status::parse(s.get_ref());
        if status.is_none() {
            ctx.error(
                s.span(),
                format!("stato dichiarato \"{}\" sconosciuto", s.get_ref()),
                format!("valori ammessi: {STATUS_WORDS}"),
            );
        }
        status
    });
    let progress = f
        .avanzamento
        .as_ref()
        .and_then(|a| percent(a, "avanzamento", &mut ctx));
    Draft {
        objective: f.obiettivo.get_ref().trim().to_owned(),
        objective_span: f.obiettivo.span(),
        statement: f.dichiarazione,
        declared,
        progress,
        note: f.nota,
        own,
        kpis: f.kpi.into_iter().map(|k| kpi_draft(k, src)).collect(),
    }
}

fn kpi_draft(k: raw::KpiReportRaw, src: &Text) -> KpiDraft {
    let mut diags = Vec::new();
    let value = measured_from(
        &k,
        &mut Ctx {
            src,
            diags: &mut diags,
        },
    );
    KpiDraft {
        id: k.id.get_ref().trim().to_owned(),
        span: k.id.span(),
        value,
        diags,
        statement: k.dichiarazione.filter(|s| !s.trim().is_empty()),
        note: k.nota,
    }
}

/// The position of the objective a monitoring file reports on, unless it does not
/// exist or was already reported on in the period.
fn objective_of(
    kind: Kind,
    f: &Draft,
    objectives: &[Placed<Box<Objective>>],
    index: &HashMap<&str, usize>,
    seen: &mut HashSet<(Kind, usize)>,
    period: &Period,
    ctx: &mut Ctx,
) -> Option<usize> {
    let id = &f.objective;
    let Some(&at) = index.get(id.as_str()) else {
        let ids: Vec<&str> = objectives.iter().map(|(o, _, _)| o.id.as_str()).collect();
        let hint = match did_you_mean(id, ids.iter().copied()) {
            Some(best) => format!("forse intendevi \"{best}\"?"),
            None => format!(
                "gli {} esistenti sono: {}",
                kind.folder().replace('-', " "),
                ids.join(", ")
            ),
        };
        ctx.error(
            f.objective_span.clone(),
            format!("{} \"{id}\" inesistente", kind.label()),
            hint,
        );
        return None;
    };
    if !seen.insert((kind, at)) {
        ctx.error(
            f.objective_span.clone(),
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
fn report_from(kind: Kind, f: Draft, objective: &Objective, ctx: &mut Ctx) -> Report {
    let id = f.objective;
    ctx.diags.extend(f.own);
    let mut kpis: Vec<KpiReport> = Vec::new();
    for (n, k) in f.kpis.into_iter().enumerate() {
        let kid = k.id;
        // measurements usually follow the plan's order: look there first
        let exists = |x: &Kpi| x.id == kid;
        if !(objective.kpis.get(n).is_some_and(exists) || objective.kpis.iter().any(exists)) {
            let ids: Vec<&str> = objective.kpis.iter().map(|x| x.id.as_str()).collect();
            let hint = match did_you_mean(&kid, ids.iter().copied()) {
                Some(best) => format!(
                    "forse intendevi \"{best}\"? KPI dell'obiettivo: {}",
                    ids.join(", ")
                ),
                None => format!("KPI dell'obiettivo {id}: {}", ids.join(", ")),
            };
            ctx.error(
                k.span,
                format!("KPI \"{kid}\" inesistente nell'{} {id}", kind.label()),
                hint,
            );
            continue;
        }
        if kpis.iter().any(|x| x.kpi == kid) {
            ctx.error(
                k.span,
                format!("misura del KPI \"{kid}\" ripetuta"),
                "una sola misura per KPI e periodo",
            );
            continue;
        }
        ctx.diags.extend(k.diags);
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
        statement: f.statement,
        declared: f.declared,
        progress: f.progress,
        note: f.note,
        kpis,
    }
}

fn measured_from(k: &raw::KpiReportRaw, ctx: &mut Ctx) -> Option<Measured> {
    match (&k.valore, &k.numeratore, &k.denominatore) {
        (Some(v), None, None) => {
            let parsed = match v.get_ref() {
                toml::Value::String(s) => Measured::parse(s).map_err(|e| e.message),
                toml::Value::Integer(i) if *i >= 0 => Ok(Measured::Amount {
                    value: Decimal::from(*i),
                    unit: None,
                }),
                toml::Value::Float(f) if *f >= 0.0 && f.is_finite() => f
                    .to_string()
                    .parse::<Decimal>()
                    .map(|value| Measured::Amount { value, unit: None })
                    .map_err(|_| format!("valore {f} non rappresentabile")),
                toml::Value::Boolean(b) => Ok(Measured::YesNo { value: *b }),
                toml::Value::Integer(_) | toml::Value::Float(_) => {
                    Err("un valore misurato non può essere negativo".to_owned())
                }
                _ => Err("tipo di valore non ammesso".to_owned()),
            };
            let parsed = parsed.and_then(|m| match m {
                Measured::Amount { value, .. } if value > crate::model::number::MAX_ABS => {
                    Err("valore troppo grande".to_owned())
                }
                other => Ok(other),
            });
            match parsed {
                Ok(m) => Some(m),
                Err(message) => {
                    ctx.error(v.span(), message, VALUE_FORMS);
                    None
                }
            }
        }
        (None, Some(n), Some(d)) => {
            let num = decimal_value(n, "numeratore", ctx)?;
            let den = decimal_value(d, "denominatore", ctx)?;
            match Measured::ratio(num, den) {
                Ok(m) => Some(m),
                Err(e) => {
                    ctx.error(d.span(), e.message, "indicare numeratore e denominatore come numeri positivi, denominatore diverso da zero");
                    None
                }
            }
        }
        (None, None, None) => Some(Measured::Missing),
        _ => {
            ctx.error(k.id.span(), "indicare `valore` oppure `numeratore` e `denominatore`, non entrambi né solo uno dei due", VALUE_FORMS);
            None
        }
    }
}
