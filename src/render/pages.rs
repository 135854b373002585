//! Stage 3a: plan + evaluations -> the list of pages, each a template name and
//! its context. All decisions and formatting happen here; templates only present.

use std::collections::HashMap;

use rust_decimal::Decimal;
use serde_json::{Value, json};

use super::data::Table;
pub use super::data::TableMeta;
use super::markdown::to_html;
use crate::evaluate::{Agreement, Evaluation, KpiResult, ObjectiveResult, Score};
use crate::model::number::{format_euro, format_it, format_percent};
use crate::model::{Date, Kind, Kpi, KpiReport, Measured, Objective, Period, Plan, Status};

/// A page to render.
#[derive(Debug, Clone)]
pub struct Page {
    /// Path relative to the site root: `""`, `piano-della-performance/`, or a file name (`404.html`).
    pub url: String,
    pub template: &'static str,
    pub context: Value,
}

impl Page {
    /// Output file path relative to the site root.
    pub fn file(&self) -> String {
        super::page_file(&self.url)
    }
}

/// An archived version, as listed on the archive page.
#[derive(Debug, Clone, serde::Serialize)]
pub struct ArchivedVersion {
    pub period: String,
    pub revision: u32,
    pub published: Date,
    pub archived: Date,
    pub retention_until: Date,
    /// Folder relative to the site root, e.g. `archivio/2022-S1/`.
    pub url: String,
    pub zip: String,
}

/// Everything the pages are built from.
pub struct Input<'a> {
    pub plan: &'a Plan,
    /// One evaluation per period, oldest first.
    pub evaluations: &'a [Evaluation],
    pub archive: &'a [ArchivedVersion],
    /// Set when building an archived snapshot: `(period, archived on)`.
    pub archived_as: Option<(&'a str, Date)>,
    pub preview: bool,
}

/// URLs of the Performance sub-sections (labels of D.Lgs. 33/2013, delibera ANAC 1310/2016, verbatim).
pub const SECTIONS: [(&str, &str, &str); 5] = [
    (
        "Sistema di misurazione e valutazione della Performance",
        "sistema-di-misurazione-e-valutazione-della-performance/",
        "Le regole con cui l'ente misura e valuta i risultati.",
    ),
    (
        "Piano della Performance",
        "piano-della-performance/",
        "Aree, obiettivi strategici e operativi, indicatori e target del piano.",
    ),
    (
        "Relazione sulla Performance",
        "relazione-sulla-performance/",
        "I risultati dell'anno rispetto agli obiettivi, validati dall'OIV.",
    ),
    (
        "Ammontare complessivo dei premi",
        "ammontare-complessivo-dei-premi/",
        "Premi collegati alla performance stanziati e distribuiti.",
    ),
    (
        "Dati relativi ai premi",
        "dati-relativi-ai-premi/",
        "Distribuzione dei premi in forma aggregata e grado di differenziazione.",
    ),
];

const REF_PLAN: &str = "art. 10, c. 8, lett. b), d.lgs. 33/2013; art. 10 d.lgs. 150/2009";

/// One page of the site, with the open-data tables it shows: the unit of rendering.
/// Every unit is built on its own, so pages can be rendered in parallel, streamed to
/// disk, or rendered on demand (preview).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Unit {
    Dashboard,
    Smvp,
    Plan,
    /// Index into `plan.areas`.
    Area(usize),
    /// Index into `plan.strategic`.
    Strategic(usize),
    /// Index into `plan.operational`.
    Operational(usize),
    /// Individual or common objectives, all on one page.
    Group(Kind),
    MonitoringList,
    /// Index into `plan.periods` (and the evaluations).
    Period(usize),
    /// The operational objectives of one area in one period: `(period, area)` indexes.
    /// Only for large plans (see [`LARGE_PLAN`]).
    PeriodArea(usize, usize),
    /// Index into [`SECTIONS`] of a section with nothing to publish yet.
    Empty(usize),
    Archive,
    OpenData,
    NotFound,
}

/// Builds every page and every open-data table at once (small sites, tests, archive diffs).
pub fn build(input: &Input) -> (Vec<Page>, Vec<Table>) {
    let b = Builder::new(input);
    let mut pages = Vec::new();
    let mut tables = Vec::new();
    for u in b.units() {
        let (page, t) = b.unit(u);
        pages.push(page);
        tables.extend(t);
    }
    (pages, tables)
}

/// Builds the pages of one plan; cheap to create, each [`Unit`] built on demand.
pub struct Builder<'a> {
    input: &'a Input<'a>,
    /// Operational objectives by strategic objective id, in plan order.
    children: HashMap<&'a str, Vec<&'a Objective>>,
    /// Strategic objectives by id.
    strategic_by_id: HashMap<&'a str, &'a Objective>,
}

/// Above this many operational objectives a plan is large: the plan page lists the
/// strategic objectives only (each one's page lists its operational objectives), and
/// a monitoring period gets one page per area for its operational objectives, so that
/// no page grows with the size of the whole plan.
pub const LARGE_PLAN: usize = 300;

const DASHBOARD_TABLE: (&str, &str) = ("cruscotto", "Obiettivi strategici: stato e raggiungimento");
const SMVP_TABLE: (&str, &str) = ("smvp-regole", "Regole di valutazione (SMVP)");
const PLAN_TABLE: (&str, &str) = ("albero-della-performance", "Albero della performance");

fn meta((name, title): (&str, &str)) -> TableMeta {
    TableMeta {
        name: name.to_owned(),
        title: title.to_owned(),
    }
}

fn area_table(a: &crate::model::Area) -> TableMeta {
    TableMeta {
        name: format!("area-{}", a.id),
        title: format!("Obiettivi strategici dell'area {}", a.id),
    }
}

fn kpi_table_meta(o: &Objective) -> TableMeta {
    let prefix = match o.kind {
        Kind::Strategic => "obiettivo-strategico",
        Kind::Operational => "obiettivo-operativo",
        Kind::Individual => "obiettivo-individuale",
        Kind::Common => "obiettivo-comune",
    };
    TableMeta {
        name: format!("{prefix}-{}-kpi", o.id),
        title: format!("KPI dell'{} {}", o.kind.label(), o.id),
    }
}

fn period_table(p: &Period) -> TableMeta {
    TableMeta {
        name: format!("monitoraggio-{}", p.id),
        title: p.title.clone(),
    }
}

fn period_area_url(p: &Period, a: &crate::model::Area) -> String {
    format!("monitoraggio/{}/aree/{}/", p.id, a.id)
}

fn table(meta: TableMeta, columns: Vec<&'static str>, rows: Vec<Vec<String>>) -> Table {
    Table {
        meta,
        columns,
        rows,
    }
}

impl<'a> Builder<'a> {
    /// Indexes the plan for the page builders.
    pub fn new(input: &'a Input<'a>) -> Self {
        let mut children: HashMap<&str, Vec<&Objective>> = HashMap::new();
        for o in &input.plan.operational {
            if let Some(p) = o.parent.as_deref() {
                children.entry(p).or_default().push(o);
            }
        }
        Builder {
            input,
            children,
            strategic_by_id: input
                .plan
                .strategic
                .iter()
                .map(|s| (s.id.as_str(), s))
                .collect(),
        }
    }

    /// Every page of the site, in a fixed order.
    pub fn units(&self) -> Vec<Unit> {
        let plan = self.plan();
        let mut units = vec![Unit::Dashboard, Unit::Smvp, Unit::Plan];
        units.extend((0..plan.areas.len()).map(Unit::Area));
        units.extend((0..plan.strategic.len()).map(Unit::Strategic));
        units.extend((0..plan.operational.len()).map(Unit::Operational));
        units.extend([
            Unit::Group(Kind::Individual),
            Unit::Group(Kind::Common),
            Unit::MonitoringList,
        ]);
        let periods = plan.periods.len().min(self.input.evaluations.len());
        units.extend((0..periods).map(Unit::Period));
        if self.large() {
            for p in 0..periods {
                units.extend((0..plan.areas.len()).map(|a| Unit::PeriodArea(p, a)));
            }
        }
        units.extend([2, 3, 4].map(Unit::Empty));
        units.extend([Unit::Archive, Unit::OpenData, Unit::NotFound]);
        units
    }

    /// URL of a unit's page, relative to the site root (as [`Page::url`]).
    pub fn url(&self, u: Unit) -> String {
        let plan = self.plan();
        match u {
            Unit::Dashboard => String::new(),
            Unit::Smvp => SECTIONS[0].1.to_owned(),
            Unit::Plan => SECTIONS[1].1.to_owned(),
            Unit::Area(i) => format!("piano-della-performance/aree/{}/", plan.areas[i].id),
            Unit::Strategic(i) => url_of(Kind::Strategic, &plan.strategic[i].id),
            Unit::Operational(i) => url_of(Kind::Operational, &plan.operational[i].id),
            Unit::Group(Kind::Individual) => {
                "piano-della-performance/obiettivi-individuali/".into()
            }
            Unit::Group(_) => "piano-della-performance/obiettivi-comuni/".into(),
            Unit::MonitoringList => "monitoraggio/".into(),
            Unit::Period(i) => format!("monitoraggio/{}/", plan.periods[i].id),
            Unit::PeriodArea(p, a) => period_area_url(&plan.periods[p], &plan.areas[a]),
            Unit::Empty(i) => SECTIONS[i].1.to_owned(),
            Unit::Archive => "archivio/".into(),
            Unit::OpenData => "opendata/".into(),
            Unit::NotFound => "404.html".into(),
        }
    }

    /// The open-data tables a unit produces, without building them.
    pub fn tables_of(&self, u: Unit) -> Vec<TableMeta> {
        let plan = self.plan();
        match u {
            Unit::Dashboard => vec![meta(DASHBOARD_TABLE)],
            Unit::Smvp => vec![meta(SMVP_TABLE)],
            Unit::Plan => vec![meta(PLAN_TABLE)],
            Unit::Area(i) => vec![area_table(&plan.areas[i])],
            Unit::Strategic(i) => vec![kpi_table_meta(&plan.strategic[i])],
            Unit::Operational(i) => vec![kpi_table_meta(&plan.operational[i])],
            Unit::Group(kind) => self
                .objectives_of(kind)
                .iter()
                .map(kpi_table_meta)
                .collect(),
            Unit::Period(i) => vec![period_table(&plan.periods[i])],
            _ => Vec::new(),
        }
    }

    /// Every open-data table of the site, in unit order.
    pub fn all_tables(&self) -> Vec<TableMeta> {
        self.units()
            .into_iter()
            .flat_map(|u| self.tables_of(u))
            .collect()
    }

    /// The summary tables (dashboard, rules, plan tree, areas, periods): the datasets
    /// of the DCAT catalogue. Each objective's KPI table stays on its page and in the
    /// open-data index; its data are also in `piano.json`.
    pub fn summary_tables(&self) -> Vec<TableMeta> {
        self.units()
            .into_iter()
            .filter(|u| {
                matches!(
                    u,
                    Unit::Dashboard | Unit::Smvp | Unit::Plan | Unit::Area(_) | Unit::Period(_)
                )
            })
            .flat_map(|u| self.tables_of(u))
            .collect()
    }

    /// Builds one unit: its page and its tables.
    pub fn unit(&self, u: Unit) -> (Page, Vec<Table>) {
        let plan = self.plan();
        match u {
            Unit::Dashboard => self.dashboard(),
            Unit::Smvp => self.smvp(),
            Unit::Plan => self.plan_page(),
            Unit::Area(i) => self.area(&plan.areas[i]),
            Unit::Strategic(i) => {
                let (p, t) = self.strategic(&plan.strategic[i]);
                (p, vec![t])
            }
            Unit::Operational(i) => {
                let (p, t) = self.operational(&plan.operational[i]);
                (p, vec![t])
            }
            Unit::Group(kind) => self.group(kind),
            Unit::MonitoringList => (self.monitoring_list(), Vec::new()),
            Unit::Period(i) => self.period(&plan.periods[i], &self.input.evaluations[i]),
            Unit::PeriodArea(p, a) => (self.period_area(p, a), Vec::new()),
            Unit::Empty(i) => (self.empty(i), Vec::new()),
            Unit::Archive => (self.archive(), Vec::new()),
            Unit::OpenData => (self.opendata(), Vec::new()),
            Unit::NotFound => (self.not_found(), Vec::new()),
        }
    }

    /// True for a plan with more than [`LARGE_PLAN`] operational objectives.
    pub fn large(&self) -> bool {
        self.plan().operational.len() > LARGE_PLAN
    }

    /// The operational objectives of an area, in plan order.
    fn operational_in_area(&self, area: &str) -> Vec<&'a Objective> {
        self.plan()
            .strategic
            .iter()
            .filter(|s| s.parent.as_deref() == Some(area))
            .flat_map(|s| self.operational_of(&s.id))
            .collect()
    }

    /// The objectives of a kind, in plan order.
    fn objectives_of(&self, kind: Kind) -> &'a [Objective] {
        let plan = self.plan();
        match kind {
            Kind::Strategic => &plan.strategic,
            Kind::Operational => &plan.operational,
            Kind::Individual => &plan.individual,
            Kind::Common => &plan.common,
        }
    }
}

/// A page from the common context and the page's own variables.
fn page(url: String, template: &'static str, mut context: Value, extra: Value) -> Page {
    if let (Some(ctx), Value::Object(more)) = (context.as_object_mut(), extra) {
        ctx.extend(more);
    }
    Page {
        url,
        template,
        context,
    }
}

fn root_of(url: &str) -> String {
    "../".repeat(url.matches('/').count())
}

fn status(s: Status) -> Value {
    let descrizione = match s {
        Status::Raggiunto => "obiettivo raggiunto",
        Status::InLinea => "in linea con il target alla data del monitoraggio",
        Status::Parziale => "obiettivo raggiunto solo in parte",
        Status::NonRaggiunto => "obiettivo non raggiunto",
        Status::NonValutabile => "non valutabile: mancano i valori per calcolarlo",
    };
    json!({ "codice": s.code(), "etichetta": s.label(), "descrizione": descrizione })
}

fn pct(a: Option<Decimal>) -> String {
    a.map(format_percent).unwrap_or_else(|| "—".into())
}

fn bar(a: Option<Decimal>) -> Value {
    let width = a
        .map(|a| a.min(Decimal::ONE_HUNDRED).max(Decimal::ZERO).round_dp(1))
        .unwrap_or_default();
    json!({ "percentuale": pct(a), "larghezza": width.to_string() })
}

fn opt(s: &Option<String>) -> Value {
    match s.as_deref().map(str::trim) {
        Some(t) if !t.is_empty() => Value::String(t.to_owned()),
        _ => Value::Null,
    }
}

fn measured_text(m: &Measured) -> String {
    use crate::model::target::format_amount;
    match m {
        Measured::YesNo { value } => if *value { "Sì" } else { "No" }.into(),
        Measured::Amount {
            value,
            unit: Some(u),
        } => format_amount(*value, *u),
        Measured::Amount { value, unit: None } => format_it(*value, 2),
        Measured::Ratio {
            numerator,
            denominator,
        } => format!(
            "{} / {}",
            format_it(*numerator, 2),
            format_it(*denominator, 2)
        ),
        Measured::Missing => "non rilevato".into(),
    }
}

fn url_of(kind: Kind, id: &str) -> String {
    match kind {
        Kind::Strategic => format!("piano-della-performance/obiettivi-strategici/{id}/"),
        Kind::Operational => format!("piano-della-performance/obiettivi-operativi/{id}/"),
        Kind::Individual => {
            format!("piano-della-performance/obiettivi-individuali/#obiettivo-{id}")
        }
        Kind::Common => format!("piano-della-performance/obiettivi-comuni/#obiettivo-{id}"),
    }
}

impl<'a> Builder<'a> {
    fn plan(&self) -> &'a Plan {
        self.input.plan
    }

    fn operational_of(&self, strategic: &str) -> Vec<&'a Objective> {
        self.children.get(strategic).cloned().unwrap_or_default()
    }

    fn current(&self) -> Option<(&'a Period, &'a Evaluation)> {
        self.input
            .plan
            .periods
            .last()
            .zip(self.input.evaluations.last())
    }

    fn updated(&self) -> Date {
        let plan = self.plan();
        self.current()
            .map_or(plan.info.updated, |(p, _)| p.updated.max(plan.info.updated))
    }

    /// Context common to every page.
    #[allow(clippy::too_many_arguments)]
    fn base(
        &self,
        url: &str,
        title: &str,
        description: &str,
        crumbs: &[(&str, &str)],
        legal: &str,
        published: Date,
        updated: Date,
    ) -> Value {
        let plan = self.plan();
        let body = &plan.body;
        let root = if url == "404.html" {
            base_path(&body.base_url)
        } else {
            root_of(url)
        };
        let mut breadcrumbs = vec![
            json!({ "label": "Amministrazione trasparente", "url": Value::Null, "esterno": body.website }),
            json!({ "label": "Performance", "url": "" }),
        ];
        breadcrumbs.extend(crumbs.iter().map(|(l, u)| json!({ "label": l, "url": u })));
        if let Some(last) = breadcrumbs.last_mut() {
            last["url"] = Value::String(String::new());
            last["corrente"] = Value::Bool(true);
        }
        let nav_items: Vec<(&str, &str)> = std::iter::once(("Performance", ""))
            .chain(SECTIONS.iter().map(|(l, u, _)| (*l, *u)))
            .chain([
                ("Monitoraggio", "monitoraggio/"),
                ("Archivio", "archivio/"),
                ("Dati aperti", "opendata/"),
            ])
            .collect();
        let nav: Vec<Value> = nav_items
            .iter()
            .map(|(label, u)| {
                let current = if u.is_empty() {
                    url.is_empty()
                } else {
                    url.starts_with(u)
                };
                json!({ "label": label, "url": u, "current": current })
            })
            .collect();
        // Archived snapshot: published with its period; it lives at archivio/<versione>/, two levels below the current site.
        let archivio = self.input.archived_as.map(|(period, on)| {
            let published = plan.periods.iter().find(|p| p.id == period).map_or(published, |p| p.published);
            json!({ "periodo": period, "data_archiviazione": on.italian(), "data_archiviazione_iso": on.iso(),
                    "data_pubblicazione": published.italian(), "url_corrente": "../../" })
        });
        let (name, licence_url) = licence(&body.licence);
        json!({
            "root": root,
            "site": {
                "ente": {
                    "nome": body.name, "codice_ipa": body.ipa_code, "sito": body.website,
                    "ufficio_responsabile": body.office, "licenza": body.licence, "licenza_nome": name,
                    "licenza_url": licence_url, "dichiarazione_accessibilita": body.accessibility_statement,
                    "privacy": body.privacy, "note_legali": body.legal_notes,
                },
                "piano": { "titolo": plan.info.title, "anni": format!("{}–{}", plan.info.first_year, plan.info.last_year) },
                "base_url": body.base_url,
                "generatore": concat!("trasparenza ", env!("CARGO_PKG_VERSION")),
            },
            "nav": nav,
            "page": {
                "title": title, "description": description, "url": url,
                "canonical": format!("{}{}", body.base_url, url),
                "breadcrumbs": breadcrumbs,
                "riferimento_normativo": legal,
                "data_pubblicazione": published.italian(), "data_pubblicazione_iso": published.iso(),
                "data_aggiornamento": updated.italian(), "data_aggiornamento_iso": updated.iso(),
                "ufficio": body.office,
                "archivio": archivio,
                "anteprima": self.input.preview,
            },
        })
    }

    fn comparison(r: Option<&ObjectiveResult>) -> Value {
        let Some(r) = r else { return Value::Null };
        let c = &r.comparison;
        json!({
            "dichiarato": c.declared.map(status),
            "calcolato": status(c.computed),
            "concorda": !matches!(c.agreement, Agreement::Contradicts),
            "esito": agreement_label(c.agreement),
            "motivo": c.reason,
        })
    }

    /// Summary of an objective for lists and dashboards.
    fn summary(
        &self,
        o: &Objective,
        eval: Option<&'a Evaluation>,
        period: Option<&'a Period>,
    ) -> Value {
        let r = eval.and_then(|e| e.objective(o.kind, &o.id));
        let report = period.and_then(|p| p.report(o.kind, &o.id));
        let score = r.map(|r| r.score.clone()).unwrap_or(Score {
            achievement: None,
            status: Status::NonValutabile,
        });
        json!({
            "id": o.id, "titolo": o.title, "url": url_of(o.kind, &o.id),
            "stato": status(score.status), "raggiungimento": pct(score.achievement), "barra": bar(score.achievement),
            "confronto": Self::comparison(r),
            "dichiarazione": report.map(|r| r.statement.clone()).unwrap_or_default(),
            "avanzamento": report.and_then(|r| r.progress).map(format_percent),
            "spiegazione": r.map(|r| r.explanation.clone()).unwrap_or_default(),
            "kpi_count": o.kpis.len(),
        })
    }

    /// KPI rows of an objective and their open-data table.
    fn kpi_table(&self, o: &Objective) -> (Vec<Value>, Table) {
        let current = self.current();
        let year = current.map_or(self.plan().info.first_year, |(p, _)| p.year);
        let r = current.and_then(|(_, e)| e.objective(o.kind, &o.id));
        let report = current.and_then(|(p, _)| p.report(o.kind, &o.id));
        let mut rows = Vec::new();
        let mut data = Vec::new();
        for k in &o.kpis {
            let kr: Option<&KpiResult> = r.and_then(|r| r.kpis.iter().find(|x| x.id == k.id));
            let m: Option<&KpiReport> =
                report.and_then(|rep| rep.kpis.iter().find(|x| x.kpi == k.id));
            let row = kpi_row(
                o,
                k,
                kr,
                m,
                year,
                r.and_then(|r| r.weights.get(&k.id).copied()),
            );
            data.push(vec![
                k.id.clone(),
                k.code.clone().unwrap_or_default(),
                k.name.clone(),
                k.algorithm.clone().unwrap_or_default(),
                k.baseline.clone().unwrap_or_default(),
                k.target_for(year)
                    .map(|t| t.written.clone())
                    .unwrap_or_default(),
                m.map(|m| iso_value(&m.value)).unwrap_or_default(),
                kr.and_then(|x| x.achievement)
                    .map(|a| a.to_string())
                    .unwrap_or_default(),
                kr.map(|x| x.status.code().to_owned())
                    .unwrap_or_else(|| Status::NonValutabile.code().to_owned()),
                m.map(|m| m.note.trim().to_owned()).unwrap_or_default(),
            ]);
            rows.push(row);
        }
        let columns = vec![
            "id",
            "codice",
            "nome",
            "algoritmo",
            "baseline",
            "target",
            "valore",
            "raggiungimento",
            "stato",
            "nota",
        ];
        (rows, table(kpi_table_meta(o), columns, data))
    }

    fn dashboard(&self) -> (Page, Vec<Table>) {
        let plan = self.plan();
        let current = self.current();
        let updated = self.updated();
        let base = self.base(
            "",
            "Performance",
            "Risultati della performance dell'ente: cruscotto, piano, monitoraggio e dati aperti.",
            &[],
            "art. 10, c. 8, lett. b), e art. 20 d.lgs. 33/2013",
            plan.info.published,
            updated,
        );
        let mut table_rows = Vec::new();
        let areas: Vec<Value> = plan
            .areas
            .iter()
            .map(|a| {
                let ar = current.and_then(|(_, e)| e.area(&a.id));
                let objs: Vec<Value> = plan
                    .strategic
                    .iter()
                    .filter(|s| s.parent.as_deref() == Some(a.id.as_str()))
                    .map(|s| {
                        let sum = self.summary(s, current.map(|c| c.1), current.map(|c| c.0));
                        table_rows.push(vec![a.id.clone(), s.id.clone(), s.title.clone(), sum["stato"]["codice"].as_str().unwrap_or("").to_owned(), iso_pct(current.and_then(|(_, e)| e.objective(Kind::Strategic, &s.id)).and_then(|r| r.score.achievement))]);
                        sum
                    })
                    .collect();
                let score = ar.map(|a| a.score.clone()).unwrap_or(Score { achievement: None, status: Status::NonValutabile });
                json!({ "id": a.id, "titolo": a.title, "url": format!("piano-della-performance/aree/{}/", a.id),
                        "stato": status(score.status), "raggiungimento": pct(score.achievement), "barra": bar(score.achievement),
                        "spiegazione": ar.map(|a| a.explanation.clone()).unwrap_or_default(), "obiettivi": objs })
            })
            .collect();
        let t = table(
            meta(DASHBOARD_TABLE),
            vec!["area", "obiettivo", "titolo", "stato", "raggiungimento"],
            table_rows,
        );
        let download = t.meta.download();
        let body = current.map(|(_, e)| e.body.clone()).unwrap_or(Score {
            achievement: None,
            status: Status::NonValutabile,
        });
        let sezioni: Vec<Value> = SECTIONS
            .iter()
            .map(|(l, u, d)| json!({ "label": l, "url": u, "descrizione": d }))
            .collect();
        let discrepanze = current
            .map(|(_, e)| {
                e.objectives
                    .iter()
                    .filter(|o| o.comparison.agreement == Agreement::Contradicts)
                    .count()
            })
            .unwrap_or(0);
        let extra = json!({
            "ente_risultato": { "stato": status(body.status), "raggiungimento": pct(body.achievement), "barra": bar(body.achievement) },
            "periodo": current.map(|(p, _)| json!({ "id": p.id, "titolo": p.title, "url": format!("monitoraggio/{}/", p.id), "discrepanze": discrepanze })),
            "aree": areas,
            "sezioni": sezioni,
            "download": download,
        });
        (page(String::new(), "index.html", base, extra), vec![t])
    }

    fn smvp(&self) -> (Page, Vec<Table>) {
        let plan = self.plan();
        let r = &plan.rules;
        let (url, title, _) = (SECTIONS[0].1, SECTIONS[0].0, ());
        let base = self.base(
            url,
            title,
            "Le regole di misurazione e valutazione applicate al calcolo dei risultati.",
            &[(title, url)],
            "art. 7 d.lgs. 150/2009; delibera CiVIT 104/2010; art. 10, c. 8, d.lgs. 33/2013",
            plan.info.published,
            plan.info.updated,
        );
        let rules = [("Polarità predefinita", r.default_polarity.label().to_owned(), "Come si legge un target scritto senza operatore (ad esempio \"40%\")."),
            ("Tetto del raggiungimento", format_percent(r.cap), "Il raggiungimento di un KPI non supera questo valore."),
            ("Aggregazione dei KPI", match r.aggregation { crate::model::rules::Aggregation::MediaPonderata => "media ponderata con i pesi del piano (normalizzati a 100)".into(), crate::model::rules::Aggregation::TuttiRaggiunti => "tutti i target raggiunti (vale il KPI peggiore)".to_owned() }, "Come i KPI di un obiettivo formano il suo raggiungimento; i KPI senza valore sono esclusi e indicati."),
            ("Periodi intermedi", match r.interim { crate::model::rules::Interim::Proporzionale => "proporzionale: i conteggi annuali si confrontano con la quota dell'anno trascorsa".into(), crate::model::rules::Interim::Intero => "intero: i conteggi si confrontano con il target annuale".to_owned() }, "Come si valuta a metà anno un target annuale."),
            ("Soglia di raggiungimento", format_percent(r.achieved_from), "Da questo raggiungimento l'obiettivo è raggiunto (in linea, prima della fine dell'anno)."),
            ("Soglia di raggiungimento parziale", format_percent(r.partial_from), "Da questo raggiungimento l'obiettivo è parzialmente raggiunto; sotto, non raggiunto.")];
        let rows: Vec<Vec<String>> = rules
            .iter()
            .map(|(n, v, s)| vec![(*n).to_owned(), v.clone(), (*s).to_owned()])
            .collect();
        let t = table(
            meta(SMVP_TABLE),
            vec!["regola", "valore", "spiegazione"],
            rows,
        );
        let download = t.meta.download();
        let regole: Vec<Value> = rules
            .iter()
            .map(|(n, v, s)| json!({ "nome": n, "valore": v, "spiegazione": s }))
            .collect();
        let soglie = vec![
            json!({ "stato": status(Status::Raggiunto), "da": format!("{} a fine anno", format_percent(r.achieved_from)) }),
            json!({ "stato": status(Status::InLinea), "da": format!("{} prima della fine dell'anno", format_percent(r.achieved_from)) }),
            json!({ "stato": status(Status::Parziale), "da": format_percent(r.partial_from) }),
            json!({ "stato": status(Status::NonRaggiunto), "da": "sotto la soglia parziale" }),
            json!({ "stato": status(Status::NonValutabile), "da": "nessun valore rilevato" }),
        ];
        let extra = json!({ "regole": regole, "soglie": soglie, "download": download });
        (page(url.to_owned(), "smvp.html", base, extra), vec![t])
    }

    fn plan_page(&self) -> (Page, Vec<Table>) {
        let plan = self.plan();
        let large = self.large();
        let current = self.current();
        let (title, url) = (SECTIONS[1].0, SECTIONS[1].1);
        let base = self.base(
            url,
            title,
            &format!(
                "{}: aree strategiche, obiettivi, indicatori e target.",
                plan.info.title
            ),
            &[(title, url)],
            REF_PLAN,
            plan.info.published,
            self.updated(),
        );
        let mut rows = Vec::new();
        let areas: Vec<Value> = plan
            .areas
            .iter()
            .map(|a| {
                let strategic: Vec<Value> = plan
                    .strategic
                    .iter()
                    .filter(|s| s.parent.as_deref() == Some(a.id.as_str()))
                    .map(|s| {
                        let mut sum = self.summary(s, current.map(|c| c.1), current.map(|c| c.0));
                        let children = self.operational_of(&s.id);
                        for o in &children {
                            rows.push(vec![a.id.clone(), s.id.clone(), o.id.clone(), o.title.clone(), o.details.budget.map(|b| b.to_string()).unwrap_or_default()]);
                        }
                        if large {
                            // listed on the strategic objective's page
                            sum["operativi_conta"] = Value::from(children.len());
                        } else {
                            let ops = children.iter().map(|o| self.summary(o, current.map(|c| c.1), current.map(|c| c.0))).collect();
                            sum["operativi"] = Value::Array(ops);
                        }
                        sum
                    })
                    .collect();
                json!({ "id": a.id, "titolo": a.title, "url": format!("piano-della-performance/aree/{}/", a.id), "obiettivi": strategic })
            })
            .collect();
        let t = table(
            meta(PLAN_TABLE),
            vec![
                "area",
                "obiettivo_strategico",
                "obiettivo_operativo",
                "titolo",
                "budget_euro",
            ],
            rows,
        );
        let extra = json!({
            "aree": areas,
            "individuali_url": "piano-della-performance/obiettivi-individuali/",
            "comuni_url": "piano-della-performance/obiettivi-comuni/",
            "download": t.meta.download(),
        });
        (page(url.to_owned(), "piano.html", base, extra), vec![t])
    }

    fn area(&self, a: &crate::model::Area) -> (Page, Vec<Table>) {
        let plan = self.plan();
        let current = self.current();
        let url = format!("piano-della-performance/aree/{}/", a.id);
        let title = format!("Area strategica {}: {}", a.id, a.title);
        let base = self.base(
            &url,
            &title,
            &format!("Obiettivi strategici dell'area {}.", a.title),
            &[(SECTIONS[1].0, SECTIONS[1].1), (&title, &url)],
            REF_PLAN,
            plan.info.published,
            self.updated(),
        );
        let ar = current.and_then(|(_, e)| e.area(&a.id));
        let score = ar.map(|x| x.score.clone()).unwrap_or(Score {
            achievement: None,
            status: Status::NonValutabile,
        });
        let mut rows = Vec::new();
        let mut chart = Vec::new();
        let objs: Vec<Value> = plan
            .strategic
            .iter()
            .filter(|s| s.parent.as_deref() == Some(a.id.as_str()))
            .map(|s| {
                let sum = self.summary(s, current.map(|c| c.1), current.map(|c| c.0));
                let ach = current.and_then(|(_, e)| e.objective(Kind::Strategic, &s.id)).and_then(|r| r.score.achievement);
                rows.push(vec![s.id.clone(), s.title.clone(), sum["stato"]["codice"].as_str().unwrap_or("").to_owned(), iso_pct(ach)]);
                chart.push(json!({ "etichetta": format!("{} {}", s.id, s.title), "larghezza": bar(ach)["larghezza"], "percentuale": pct(ach), "stato": sum["stato"] }));
                sum
            })
            .collect();
        let t = table(
            area_table(a),
            vec!["obiettivo", "titolo", "stato", "raggiungimento"],
            rows,
        );
        let download = t.meta.download();
        let p = page(
            url,
            "area.html",
            base,
            json!({
                "area": { "id": a.id, "titolo": a.title, "descrizione_html": to_html(&a.description), "stato": status(score.status), "raggiungimento": pct(score.achievement), "barra": bar(score.achievement), "spiegazione": ar.map(|x| x.explanation.clone()).unwrap_or_default() },
                "obiettivi": objs,
                "grafico": chart,
                "download": download,
            }),
        );
        (p, vec![t])
    }

    /// The page of a strategic objective and its KPI table (built in parallel).
    fn strategic(&self, s: &Objective) -> (Page, Table) {
        let plan = self.plan();
        let current = self.current();
        let url = url_of(Kind::Strategic, &s.id);
        let title = format!("Obiettivo strategico {}", s.id);
        let area = plan
            .areas
            .iter()
            .find(|a| Some(a.id.as_str()) == s.parent.as_deref());
        let area_title = area
            .map(|a| format!("Area strategica {}", a.id))
            .unwrap_or_default();
        let area_url = area
            .map(|a| format!("piano-della-performance/aree/{}/", a.id))
            .unwrap_or_default();
        let base = self.base(
            &url,
            &format!("{title}: {}", s.title),
            &s.title,
            &[
                (SECTIONS[1].0, SECTIONS[1].1),
                (&area_title, &area_url),
                (&title, &url),
            ],
            REF_PLAN,
            plan.info.published,
            self.updated(),
        );
        let mut sum = self.summary(s, current.map(|c| c.1), current.map(|c| c.0));
        sum["descrizione_html"] = Value::String(to_html(&s.description));
        sum["area"] = area
            .map(|a| json!({ "id": a.id, "titolo": a.title, "url": area_url }))
            .unwrap_or(Value::Null);
        let (mut kpi, table) = self.kpi_table(s);
        let download = table.meta.download();
        for (row, k) in kpi.iter_mut().zip(&s.kpis) {
            row["targets"] = Value::Array(k.targets.iter().map(|t| json!({ "anno": t.year, "target": t.target.to_string(), "scritto": t.written })).collect());
        }
        let ops: Vec<Value> = self
            .operational_of(&s.id)
            .iter()
            .map(|o| self.summary(o, current.map(|c| c.1), current.map(|c| c.0)))
            .collect();
        let note = current
            .and_then(|(p, _)| p.report(Kind::Strategic, &s.id))
            .map(|r| to_html(&r.note))
            .unwrap_or_default();
        let extra = json!({ "obiettivo": sum, "kpi": kpi, "operativi": ops, "nota_html": note, "download": download });
        (page(url, "strategico.html", base, extra), table)
    }

    /// The page of an operational objective and its KPI table (built in parallel).
    fn operational(&self, o: &Objective) -> (Page, Table) {
        let plan = self.plan();
        let current = self.current();
        let url = url_of(Kind::Operational, &o.id);
        let title = format!("Obiettivo operativo {}", o.id);
        let parent = o
            .parent
            .as_deref()
            .and_then(|p| self.strategic_by_id.get(p).copied());
        let parent_title = parent
            .map(|s| format!("Obiettivo strategico {}", s.id))
            .unwrap_or_default();
        let parent_url = parent
            .map(|s| url_of(Kind::Strategic, &s.id))
            .unwrap_or_default();
        let base = self.base(
            &url,
            &format!("{title}: {}", o.title),
            &o.title,
            &[
                (SECTIONS[1].0, SECTIONS[1].1),
                (&parent_title, &parent_url),
                (&title, &url),
            ],
            REF_PLAN,
            plan.info.published,
            self.updated(),
        );
        let d = &o.details;
        let mut sum = self.summary(o, current.map(|c| c.1), current.map(|c| c.0));
        let more = json!({
            "strategico": parent.map(|s| json!({ "id": s.id, "titolo": s.title, "url": parent_url })),
            "anno": d.year, "missione": opt(&d.mission), "programma": opt(&d.programme),
            "descrizione_html": to_html(&o.description),
            "risultati_attesi_html": to_html(&d.expected_results),
            "benefici_attesi_html": to_html(&d.expected_benefits),
            "impatto_organizzativo": opt(&d.staff_impact),
            "centro_di_costo": opt(&d.cost_centre),
            "area_organizzativa": opt(&d.organisational_area),
            "budget": d.budget.map(format_euro),
            "budget_nota": opt(&d.budget_note),
        });
        if let (Some(s), Value::Object(m)) = (sum.as_object_mut(), more) {
            s.extend(m);
        }
        let (kpi, table) = self.kpi_table(o);
        let note = current
            .and_then(|(p, _)| p.report(Kind::Operational, &o.id))
            .map(|r| to_html(&r.note))
            .unwrap_or_default();
        let extra = json!({ "obiettivo": sum, "kpi": kpi, "nota_html": note, "download": table.meta.download() });
        (page(url, "operativo.html", base, extra), table)
    }

    fn group(&self, kind: Kind) -> (Page, Vec<Table>) {
        let plan = self.plan();
        let current = self.current();
        let (list, title, template, url, desc) = match kind {
            Kind::Individual => (
                &plan.individual,
                "Obiettivi individuali",
                "individuali.html",
                "piano-della-performance/obiettivi-individuali/",
                "Obiettivi assegnati per ruolo (dirigenza), con indicatori e target.",
            ),
            _ => (
                &plan.common,
                "Obiettivi comuni del sistema camerale",
                "comuni.html",
                "piano-della-performance/obiettivi-comuni/",
                "Obiettivi comuni definiti da Unioncamere per tutte le Camere di Commercio.",
            ),
        };
        let base = self.base(
            url,
            title,
            desc,
            &[(SECTIONS[1].0, SECTIONS[1].1), (title, url)],
            REF_PLAN,
            plan.info.published,
            self.updated(),
        );
        let mut objs = Vec::new();
        let mut tables = Vec::new();
        for o in list {
            let mut sum = self.summary(o, current.map(|c| c.1), current.map(|c| c.0));
            let (kpi, t) = self.kpi_table(o);
            sum["url"] = Value::String(format!("{url}#obiettivo-{}", o.id));
            sum["ancora"] = Value::String(format!("obiettivo-{}", o.id));
            sum["descrizione_html"] = Value::String(to_html(&o.description));
            sum["ruolo"] = opt(&o.details.role);
            sum["peso_generale"] = o
                .details
                .general_weight
                .map_or(Value::Null, |w| Value::String(format_it(w, 2)));
            sum["kpi"] = Value::Array(kpi);
            sum["download"] = t.meta.download();
            tables.push(t);
            sum["nota_html"] = Value::String(
                current
                    .and_then(|(p, _)| p.report(kind, &o.id))
                    .map(|r| to_html(&r.note))
                    .unwrap_or_default(),
            );
            objs.push(sum);
        }
        let extra = json!({ "obiettivi": objs });
        (page(url.to_owned(), template, base, extra), tables)
    }

    fn monitoring_list(&self) -> Page {
        let plan = self.plan();
        let url = "monitoraggio/";
        let updated = self.updated();
        let base = self.base(
            url,
            "Monitoraggio",
            "Monitoraggi periodici degli obiettivi del piano.",
            &[(SECTIONS[1].0, SECTIONS[1].1), ("Monitoraggio", url)],
            REF_PLAN,
            plan.periods
                .first()
                .map_or(plan.info.published, |p| p.published),
            updated,
        );
        let periodi: Vec<Value> = plan.periods.iter().rev().map(|p| json!({ "id": p.id, "titolo": p.title, "url": format!("monitoraggio/{}/", p.id), "data_pubblicazione": p.published.italian(), "data_pubblicazione_iso": p.published.iso() })).collect();
        page(
            url.to_owned(),
            "monitoraggi.html",
            base,
            json!({ "periodi": periodi }),
        )
    }

    /// Summary rows and discrepancies of some objectives in a period, for its pages.
    fn period_listing<'o>(
        &self,
        p: &Period,
        e: &Evaluation,
        objectives: impl Iterator<Item = &'o Objective>,
    ) -> (Vec<Value>, Vec<Value>) {
        let mut righe = Vec::new();
        let mut discrepanze = Vec::new();
        for o in objectives {
            let kind = o.kind;
            let mut sum = self.summary(o, Some(e), Some(p));
            sum["tipo"] = Value::String(kind.label().to_owned());
            let r = e.objective(kind, &o.id);
            if let Some(r) = r.filter(|r| r.comparison.agreement == Agreement::Contradicts) {
                discrepanze.push(json!({ "obiettivo": format!("{} {}", kind.label(), o.id), "titolo": o.title, "motivo": r.comparison.reason, "url": url_of(kind, &o.id) }));
            }
            righe.push(sum);
        }
        (righe, discrepanze)
    }

    /// The open-data row of an objective in a period.
    fn period_row(p: &Period, e: &Evaluation, o: &Objective) -> Vec<String> {
        let r = e.objective(o.kind, &o.id);
        vec![
            o.kind.label().to_owned(),
            o.id.clone(),
            o.title.clone(),
            p.report(o.kind, &o.id)
                .map(|r| r.statement.clone())
                .unwrap_or_default(),
            r.and_then(|r| r.comparison.declared)
                .map(|s| s.code().to_owned())
                .unwrap_or_default(),
            r.map(|r| r.score.status.code().to_owned())
                .unwrap_or_default(),
            iso_pct(r.and_then(|r| r.score.achievement)),
            r.map(|r| agreement_label(r.comparison.agreement))
                .unwrap_or_default()
                .to_owned(),
        ]
    }

    /// The `periodo` object of the period pages.
    fn period_info(p: &Period, e: &Evaluation) -> Value {
        let discrepancies = e
            .objectives
            .iter()
            .filter(|o| o.comparison.agreement == Agreement::Contradicts)
            .count();
        json!({ "id": p.id, "titolo": p.title, "fine": p.end.italian(), "fine_iso": p.end.iso(),
                "quota_anno": format_percent(p.year_share), "monitorati": e.objectives.len(),
                "discrepanze": discrepancies, "url": format!("monitoraggio/{}/", p.id) })
    }

    fn period(&self, p: &Period, e: &Evaluation) -> (Page, Vec<Table>) {
        let plan = self.plan();
        let url = format!("monitoraggio/{}/", p.id);
        let base = self.base(
            &url,
            &p.title,
            &format!(
                "{}: stato di ogni obiettivo, calcolato e dichiarato.",
                p.title
            ),
            &[
                (SECTIONS[1].0, SECTIONS[1].1),
                ("Monitoraggio", "monitoraggio/"),
                (&p.title, &url),
            ],
            REF_PLAN,
            p.published,
            p.updated,
        );
        let all = || {
            Kind::ALL
                .into_iter()
                .flat_map(|k| self.objectives_of(k).iter())
        };
        let rows = all().map(|o| Self::period_row(p, e, o)).collect();
        let large = self.large();
        // in a large plan the operational objectives are on the area pages of the period
        let listed = all().filter(|o| !(large && o.kind == Kind::Operational));
        let (righe, discrepanze) = self.period_listing(p, e, listed);
        let mut aree = Vec::new();
        if large {
            for a in &plan.areas {
                let ops = self.operational_in_area(&a.id);
                let contradicted = ops
                    .iter()
                    .filter(|o| {
                        e.objective(Kind::Operational, &o.id)
                            .is_some_and(|r| r.comparison.agreement == Agreement::Contradicts)
                    })
                    .count();
                aree.push(
                    json!({ "id": a.id, "titolo": a.title, "url": period_area_url(p, a),
                                  "obiettivi": ops.len(), "discrepanze": contradicted }),
                );
            }
        }
        let t = table(
            period_table(p),
            vec![
                "tipo",
                "obiettivo",
                "titolo",
                "dichiarazione",
                "stato_dichiarato",
                "stato_calcolato",
                "raggiungimento",
                "confronto",
            ],
            rows,
        );
        let download = t.meta.download();
        let pg = page(
            url,
            "periodo.html",
            base,
            json!({
                "periodo": Self::period_info(p, e),
                "righe": righe,
                "discrepanze": discrepanze,
                "aree": aree,
                "area": Value::Null,
                "download": download,
            }),
        );
        (pg, vec![t])
    }

    /// The operational objectives of one area in one period (large plans).
    fn period_area(&self, pi: usize, ai: usize) -> Page {
        let plan = self.plan();
        let (p, e, a) = (
            &plan.periods[pi],
            &self.input.evaluations[pi],
            &plan.areas[ai],
        );
        let url = period_area_url(p, a);
        let period_url = format!("monitoraggio/{}/", p.id);
        let title = format!("{}: area strategica {}", p.title, a.id);
        let base = self.base(
            &url,
            &title,
            &format!("{}: obiettivi operativi dell'area {}.", p.title, a.title),
            &[
                (SECTIONS[1].0, SECTIONS[1].1),
                ("Monitoraggio", "monitoraggio/"),
                (&p.title, &period_url),
                (&format!("Area {}", a.id), &url),
            ],
            REF_PLAN,
            p.published,
            p.updated,
        );
        let ops = self.operational_in_area(&a.id);
        let (righe, discrepanze) = self.period_listing(p, e, ops.into_iter());
        let download = period_table(p).download();
        page(
            url,
            "periodo.html",
            base,
            json!({
                "periodo": Self::period_info(p, e),
                "righe": righe,
                "discrepanze": discrepanze,
                "aree": [],
                "area": { "id": a.id, "titolo": a.title },
                "download": download,
            }),
        )
    }

    /// A section with nothing to publish yet: what it will hold and when (`i` indexes [`SECTIONS`]).
    fn empty(&self, i: usize) -> Page {
        let plan = self.plan();
        let next = plan.info.first_year + 1;
        let (text, legal, due): (String, &str, String) = match i {
            2 => (format!("La Relazione sulla Performance {} non è ancora pubblicata: l'ente la adotta entro il 30 giugno {next} e la pubblica dopo la validazione dell'Organismo indipendente di valutazione (OIV). Nel frattempo i risultati intermedi sono nella pagina Monitoraggio.", plan.info.first_year), "art. 10, c. 1, lett. b), d.lgs. 150/2009; art. 10, c. 8, lett. b), d.lgs. 33/2013", format!("30 giugno {next}")),
            3 => (format!("I dati sull'ammontare complessivo dei premi collegati alla performance del {} (stanziati e distribuiti) sono pubblicati dopo la chiusura del ciclo di valutazione.", plan.info.first_year), "art. 20, c. 1, d.lgs. 33/2013", "dopo la validazione della Relazione".into()),
            _ => ("I dati relativi ai premi (distribuzione in forma aggregata, grado di differenziazione) sono pubblicati dopo la chiusura del ciclo di valutazione, solo in forma aggregata.".into(), "art. 20, c. 2, d.lgs. 33/2013", "dopo la validazione della Relazione".into()),
        };
        let (title, url, desc) = SECTIONS[i];
        let base = self.base(
            url,
            title,
            desc,
            &[(title, url)],
            legal,
            plan.info.published,
            self.updated(),
        );
        let extra =
            json!({ "vuota": { "spiegazione": text, "riferimento": legal, "scadenza": due } });
        page(url.to_owned(), "vuota.html", base, extra)
    }

    fn archive(&self) -> Page {
        let plan = self.plan();
        let url = "archivio/";
        let base = self.base(
            url,
            "Archivio delle versioni",
            "Versioni pubblicate e archiviate di ogni monitoraggio, conservate per cinque anni.",
            &[("Archivio delle versioni", url)],
            "art. 8, c. 3, d.lgs. 33/2013",
            plan.info.published,
            self.updated(),
        );
        let versioni: Vec<Value> = self
            .input
            .archive
            .iter()
            .enumerate()
            .map(|(i, v)| json!({
                "modifiche": (i > 0).then(|| format!("archivio/modifiche/{}/", v.url.trim_start_matches("archivio/").trim_end_matches('/'))),
                "periodo": v.period, "revisione": v.revision,
                "data_pubblicazione": v.published.italian(), "data_pubblicazione_iso": v.published.iso(),
                "data_archiviazione": v.archived.italian(), "data_archiviazione_iso": v.archived.iso(),
                "conservazione_fino_al": v.retention_until.italian(), "conservazione_fino_al_iso": v.retention_until.iso(),
                "url": v.url, "zip": v.zip,
            }))
            .collect();
        page(
            url.to_owned(),
            "archivio.html",
            base,
            json!({ "versioni": versioni }),
        )
    }

    fn opendata(&self) -> Page {
        let plan = self.plan();
        let url = "opendata/";
        let base = self.base(url, "Dati aperti", "Tutti i dati della sezione in formato aperto (CSV, JSON), con schema e catalogo DCAT-AP_IT.", &[("Dati aperti", url)], "art. 7 d.lgs. 33/2013; art. 52 d.lgs. 82/2005", plan.info.published, self.updated());
        let mut dataset: Vec<Value> = vec![
            json!({ "titolo": "Piano e monitoraggi valutati", "descrizione": "Il piano completo con ogni monitoraggio e il calcolo di ogni indicatore.", "csv": Value::Null, "json": "opendata/piano.json" }),
        ];
        // a large plan lists the summary tables only: each objective's KPI table is on its page
        let (tables, per_objective) = if self.large() {
            let summary = self.summary_tables();
            let n = self.all_tables().len() - summary.len();
            (summary, n)
        } else {
            (self.all_tables(), 0)
        };
        dataset.extend(tables.iter().map(|t| json!({ "titolo": t.title, "descrizione": "", "csv": t.csv_url(), "json": t.json_url() })));
        page(
            url.to_owned(),
            "opendata.html",
            base,
            json!({ "dataset": dataset, "tabelle_per_obiettivo": per_objective, "catalogo": "opendata/catalogo.jsonld", "schema": "opendata/piano.schema.json" }),
        )
    }

    fn not_found(&self) -> Page {
        let plan = self.plan();
        let base = self.base(
            "404.html",
            "Pagina non trovata",
            "La pagina richiesta non esiste.",
            &[("Pagina non trovata", "404.html")],
            REF_PLAN,
            plan.info.published,
            self.updated(),
        );
        page("404.html".into(), "404.html", base, json!({}))
    }
}

fn kpi_row(
    o: &Objective,
    k: &Kpi,
    r: Option<&KpiResult>,
    m: Option<&KpiReport>,
    year: i32,
    weight: Option<Decimal>,
) -> Value {
    let st = r.map_or(Status::NonValutabile, |r| r.status);
    let ach = r.and_then(|r| r.achievement);
    json!({
        "id": k.id, "ancora": format!("kpi-{}", k.id.replace(|c: char| !c.is_ascii_alphanumeric(), "-")),
        "codice": opt(&k.code), "nome": if k.name.trim().is_empty() { "(indicatore senza nome nel piano)".to_owned() } else { k.name.clone() },
        "algoritmo": opt(&k.algorithm), "tipologia": opt(&k.kind), "unita": opt(&k.unit), "fonte": opt(&k.source),
        "responsabile": opt(&k.responsible), "frequenza": opt(&k.frequency),
        "peso": k.weight.map(|w| format_it(w, 2)), "peso_normalizzato": weight.map(format_percent),
        "baseline": opt(&k.baseline),
        "target": k.target_for(year).map(|t| t.target.to_string()).unwrap_or_else(|| "—".into()),
        "target_scritto": k.target_for(year).map(|t| t.written.clone()),
        "valore": m.map_or_else(|| "non rilevato".to_owned(), |m| measured_text(&m.value)),
        "raggiungimento": pct(ach),
        "stato": status(st),
        "spiegazione": r.map(|r| r.explanation.clone()).unwrap_or_default(),
        "dichiarazione": m.and_then(|m| m.statement.clone()),
        "nota_html": m.map(|m| to_html(&m.note)).unwrap_or_default(),
        "barra": bar(ach),
        "obiettivo": o.id,
    })
}

fn iso_value(m: &Measured) -> String {
    match m {
        Measured::YesNo { value } => if *value { "si" } else { "no" }.into(),
        Measured::Amount { value, .. } => value.to_string(),
        Measured::Ratio {
            numerator,
            denominator,
        } => format!("{numerator}/{denominator}"),
        Measured::Missing => String::new(),
    }
}

/// How the declared outcome compares with the computed one, in words.
fn agreement_label(a: Agreement) -> &'static str {
    match a {
        Agreement::Agrees => "concorda",
        Agreement::Contradicts => "discorda",
        Agreement::Unverifiable => "non verificabile",
        Agreement::NotDeclared => "non dichiarato",
    }
}

fn iso_pct(a: Option<Decimal>) -> String {
    a.map(|a| a.normalize().to_string()).unwrap_or_default()
}

/// `/amministrazione-trasparente/performance/` from the base URL.
pub fn base_path(base_url: &str) -> String {
    let after_scheme = base_url.split_once("://").map_or(base_url, |(_, r)| r);
    match after_scheme.find('/') {
        Some(i) => after_scheme[i..].to_owned(),
        None => "/".to_owned(),
    }
}

/// Human name and URL of an SPDX licence id.
pub fn licence(spdx: &str) -> (String, String) {
    match spdx {
        "CC-BY-4.0" => (
            "Creative Commons Attribuzione 4.0 Internazionale (CC BY 4.0)".into(),
            "https://creativecommons.org/licenses/by/4.0/deed.it".into(),
        ),
        "CC0-1.0" => (
            "Creative Commons CC0 1.0 Universale".into(),
            "https://creativecommons.org/publicdomain/zero/1.0/deed.it".into(),
        ),
        "IODL-2.0" => (
            "Italian Open Data License v2.0".into(),
            "https://www.dati.gov.it/iodl/2.0/".into(),
        ),
        other => (other.to_owned(), String::new()),
    }
}
