//! Stage 3a: plan + evaluations -> the list of pages, each a template name and
//! its context. All decisions and formatting happen here; templates only present.
//!
//! [`Builder`] indexes the plan and builds any [`PageId`] on its own; each kind of
//! page is in its own file (`plan`, `objective`, `period`, `sections`), from the
//! typed views of `view` and the common variables of `base`.

mod base;
pub mod changes;
mod objective;
mod period;
mod plan;
mod sections;
mod trend;
mod view;

use std::collections::HashMap;

use super::data::Table;
pub use super::data::TableMeta;
pub use crate::archive::ArchivedVersion;
use crate::diagnostic::Diagnostic;
use crate::evaluate::Evaluation;
use crate::model::{Date, Kind, Objective, Period, Plan};
pub use base::Head;
use base::SiteView;

/// A page to render.
#[derive(Debug, Clone)]
pub struct Page {
    /// Path relative to the site root: `""`, `piano-della-performance/`, or a file name (`404.html`).
    pub url: String,
    pub template: &'static str,
    /// The template's variables.
    pub context: tera::Context,
}

impl Page {
    /// Output file path relative to the site root.
    pub fn file(&self) -> String {
        super::page_file(&self.url)
    }
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

/// Which page of the site (with the open-data tables it shows): the unit of rendering.
/// Every page is built on its own, so pages can be rendered in parallel, streamed to
/// disk, or rendered on demand (preview).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PageId {
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

/// Builds the pages of one plan; cheap to create, each [`PageId`] built on demand.
pub struct Builder<'a> {
    input: &'a Input<'a>,
    /// Operational objectives by strategic objective id, in plan order.
    children: HashMap<&'a str, Vec<&'a Objective>>,
    /// Strategic objectives by id.
    strategic_by_id: HashMap<&'a str, &'a Objective>,
    /// The site-wide variables, the same on every page.
    site: SiteView<'a>,
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
        title: period::period_table_title(p),
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
            site: SiteView::of(input.plan),
        }
    }

    /// Every page of the site, in a fixed order.
    pub fn page_ids(&self) -> Vec<PageId> {
        let plan = self.plan();
        let mut units = vec![PageId::Dashboard, PageId::Smvp, PageId::Plan];
        units.extend((0..plan.areas.len()).map(PageId::Area));
        units.extend((0..plan.strategic.len()).map(PageId::Strategic));
        units.extend((0..plan.operational.len()).map(PageId::Operational));
        units.extend([
            PageId::Group(Kind::Individual),
            PageId::Group(Kind::Common),
            PageId::MonitoringList,
        ]);
        let periods = plan.periods.len().min(self.input.evaluations.len());
        units.extend((0..periods).map(PageId::Period));
        if self.large() {
            for p in 0..periods {
                units.extend((0..plan.areas.len()).map(|a| PageId::PeriodArea(p, a)));
            }
        }
        units.extend([2, 3, 4].map(PageId::Empty));
        units.extend([PageId::Archive, PageId::OpenData, PageId::NotFound]);
        units
    }

    /// URL of a unit's page, relative to the site root (as [`Page::url`]).
    pub fn url(&self, u: PageId) -> String {
        let plan = self.plan();
        match u {
            PageId::Dashboard => String::new(),
            PageId::Smvp => SECTIONS[0].1.to_owned(),
            PageId::Plan => SECTIONS[1].1.to_owned(),
            PageId::Area(i) => format!("piano-della-performance/aree/{}/", plan.areas[i].id),
            PageId::Strategic(i) => url_of(Kind::Strategic, &plan.strategic[i].id),
            PageId::Operational(i) => url_of(Kind::Operational, &plan.operational[i].id),
            PageId::Group(Kind::Individual) => {
                "piano-della-performance/obiettivi-individuali/".into()
            }
            PageId::Group(_) => "piano-della-performance/obiettivi-comuni/".into(),
            PageId::MonitoringList => "monitoraggio/".into(),
            PageId::Period(i) => format!("monitoraggio/{}/", plan.periods[i].id),
            PageId::PeriodArea(p, a) => period_area_url(&plan.periods[p], &plan.areas[a]),
            PageId::Empty(i) => SECTIONS[i].1.to_owned(),
            PageId::Archive => "archivio/".into(),
            PageId::OpenData => "opendata/".into(),
            PageId::NotFound => "404.html".into(),
        }
    }

    /// The open-data tables a unit produces, without building them.
    pub fn tables_of(&self, u: PageId) -> Vec<TableMeta> {
        let plan = self.plan();
        match u {
            PageId::Dashboard => vec![meta(DASHBOARD_TABLE)],
            PageId::Smvp => vec![meta(SMVP_TABLE)],
            PageId::Plan => vec![meta(PLAN_TABLE)],
            PageId::Area(i) => vec![area_table(&plan.areas[i])],
            PageId::Strategic(i) => vec![kpi_table_meta(&plan.strategic[i])],
            PageId::Operational(i) => vec![kpi_table_meta(&plan.operational[i])],
            PageId::Group(kind) => self
                .objectives_of(kind)
                .iter()
                .map(kpi_table_meta)
                .collect(),
            PageId::Period(i) => vec![period_table(&plan.periods[i])],
            _ => Vec::new(),
        }
    }

    /// Every open-data table of the site, in unit order.
    pub fn all_tables(&self) -> Vec<TableMeta> {
        self.page_ids()
            .into_iter()
            .flat_map(|u| self.tables_of(u))
            .collect()
    }

    /// The summary tables (dashboard, rules, plan tree, areas, periods): the datasets
    /// of the DCAT catalogue. Each objective's KPI table stays on its page and in the
    /// open-data index; its data are also in `piano.json`.
    pub fn summary_tables(&self) -> Vec<TableMeta> {
        self.page_ids()
            .into_iter()
            .filter(|u| {
                matches!(
                    u,
                    PageId::Dashboard
                        | PageId::Smvp
                        | PageId::Plan
                        | PageId::Area(_)
                        | PageId::Period(_)
                )
            })
            .flat_map(|u| self.tables_of(u))
            .collect()
    }

    /// Builds one unit: its page and its tables. Fails only when a context cannot
    /// be handed to the template engine.
    pub fn page(&self, u: PageId) -> Result<(Page, Vec<Table>), Diagnostic> {
        let plan = self.plan();
        let alone = |page: Result<Page, Diagnostic>| page.map(|p| (p, Vec::new()));
        match u {
            PageId::Dashboard => self.dashboard(),
            PageId::Smvp => self.smvp(),
            PageId::Plan => self.plan_page(),
            PageId::Area(i) => self.area(&plan.areas[i]),
            PageId::Strategic(i) => self.strategic(&plan.strategic[i]),
            PageId::Operational(i) => self.operational(&plan.operational[i]),
            PageId::Group(kind) => self.group(kind),
            PageId::MonitoringList => alone(self.monitoring_list()),
            PageId::Period(i) => self.period(&plan.periods[i], &self.input.evaluations[i]),
            PageId::PeriodArea(p, a) => alone(self.period_area(p, a)),
            PageId::Empty(i) => alone(self.empty(i)),
            PageId::Archive => alone(self.archive()),
            PageId::OpenData => alone(self.opendata()),
            PageId::NotFound => alone(self.not_found()),
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

    fn plan(&self) -> &'a Plan {
        self.input.plan
    }

    fn operational_of(&self, strategic: &str) -> Vec<&'a Objective> {
        self.children.get(strategic).cloned().unwrap_or_default()
    }

    /// The latest period and its evaluation.
    fn current(&self) -> Option<(&'a Period, &'a Evaluation)> {
        self.input
            .plan
            .periods
            .last()
            .zip(self.input.evaluations.last())
    }

    /// When the site was last updated: the plan or its latest monitoring.
    pub fn updated(&self) -> Date {
        let plan = self.plan();
        self.current()
            .map_or(plan.info.updated, |(p, _)| p.updated.max(plan.info.updated))
    }

    /// The objectives of a kind, in plan order.
    fn objectives_of(&self, kind: Kind) -> &'a [Objective] {
        self.plan().objectives(kind)
    }
}

fn root_of(url: &str) -> String {
    "../".repeat(url.matches('/').count())
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
