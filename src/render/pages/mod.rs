//! Stage 3a: plan + evaluations -> the list of pages, each a template name and
//! its context. All decisions and formatting happen here; templates only present.
//!
//! [`Builder`] indexes the plan and builds any [`PageId`] on its own; each kind of
//! page is in its own file (`plan`, `objective`, `period`, `sections`), from the
//! typed views of `view` and the common variables of `base`.

mod base;
mod calendar;
pub mod changes;
mod documents;
mod objective;
mod pay;
mod period;
mod plan;
mod relazione;
mod revision;
mod search;
mod sections;
mod tables;
mod trend;
mod view;
mod wellbeing;

use std::sync::Arc;

use rustc_hash::FxHashMap;

use super::data::Table;
pub use super::data::TableMeta;
pub use crate::archive::ArchivedVersion;
use crate::diagnostic::Diagnostic;
use crate::evaluate::Evaluation;
use crate::model::{Date, Kind, Objective, Period, Plan, Plans};
pub use base::Head;
use base::SiteView;
pub use documents::pay_folder as pay_documents_folder;
pub use relazione::relazione_url;
use tables::{
    DASHBOARD_TABLE, PLAN_TABLE, SMVP_TABLE, area_table, kpi_table_meta, meta, period_area_url,
    period_table, table,
};
pub use wellbeing::WELLBEING;

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
    /// Every plan cycle, oldest first; the last is the plan in force.
    pub plans: &'a Plans,
    /// For each plan, one evaluation per period, oldest first.
    pub evaluations: &'a [Vec<Evaluation>],
    pub archive: &'a [ArchivedVersion],
    /// Set when building an archived snapshot: `(period, archived on)`.
    pub archived_as: Option<(&'a str, Date)>,
    pub preview: bool,
    /// The date the calendar of obligations is computed for; `None`: no calendar
    /// (archived snapshots, and builds that give no date).
    pub today: Option<Date>,
}

/// The address of the archive's page.
pub const ARCHIVE: &str = "archivio/";

/// The address of the page of the premi's amounts, whose folder keeps the premi's documents.
pub const PAY_AMOUNTS: &str = SECTIONS[pay::AMOUNTS].1;

/// The pages of the whole site rather than of a plan (the SMVP, the premi, the wellbeing
/// survey, the archive): their printed header names the body only.
pub fn site_wide(url: &str) -> bool {
    let pages = [
        SECTIONS[0].1,
        PAY_AMOUNTS,
        SECTIONS[pay::DISTRIBUTION].1,
        WELLBEING.1,
        ARCHIVE,
    ];
    pages.contains(&url)
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
    /// The section's entry page (`piano-della-performance/`): the plan in force and the others.
    Plan,
    /// A plan cycle's own page (`piano-della-performance/<piano>/`).
    Cycle,
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
    /// "Ammontare complessivo dei premi", when the body has published premi.
    PayAmounts,
    /// "Dati relativi ai premi", when the body has published premi.
    PayDistribution,
    /// The Relazione sulla Performance section: every year's Relazione (when there is one).
    Relazioni,
    /// Index into `plan.relazioni`: one year's Relazione.
    Relazione(usize),
    /// "Benessere organizzativo": the obligation repealed in 2016, and its status.
    Wellbeing,
    Archive,
    OpenData,
    /// The search page (`cerca/`) and its index of the current section.
    Search,
    NotFound,
}

/// A page of the plan published at addresses from before plan folders: a plain HTML
/// page is left at its old address, leading to the page that now has it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Moved {
    Area(usize),
    Strategic(usize),
    Operational(usize),
    Group(Kind),
}

impl Moved {
    /// The page it now is.
    pub fn target(self) -> PageId {
        match self {
            Moved::Area(i) => PageId::Area(i),
            Moved::Strategic(i) => PageId::Strategic(i),
            Moved::Operational(i) => PageId::Operational(i),
            Moved::Group(k) => PageId::Group(k),
        }
    }
}

/// Builds the pages of one plan; cheap to create, each [`PageId`] built on demand.
pub struct Builder<'a> {
    input: &'a Input<'a>,
    /// The plan the pages are of, and its index in `input.plans`.
    plan: &'a Plan,
    index: usize,
    /// One evaluation per period of `plan`.
    evaluations: &'a [Evaluation],
    /// Where the plan's pages are: `piano-della-performance/<piano>/`.
    prefix: String,
    /// Prefix of the plan's open-data table names: empty for the plan published before
    /// plan folders (its tables keep their addresses), `<piano>/` for the others.
    tables: String,
    /// Operational objectives by strategic objective id, in plan order.
    children: FxHashMap<&'a str, Vec<&'a Objective>>,
    /// Strategic objectives by id.
    strategic_by_id: FxHashMap<&'a str, &'a Objective>,
    /// The site-wide variables, the same on every page.
    site: SiteView<'a>,
}

/// Above this many operational objectives a plan is large: the plan page lists the
/// strategic objectives only (each one's page lists its operational objectives), and
/// a monitoring period gets one page per area for its operational objectives, so that
/// no page grows with the size of the whole plan.
pub const LARGE_PLAN: usize = 300;

impl<'a> Builder<'a> {
    /// Indexes the plan `index` of `input` for the page builders.
    pub fn new(input: &'a Input<'a>, index: usize) -> Self {
        let plan = &input.plans.all()[index];
        let mut children: FxHashMap<&str, Vec<&Objective>> = FxHashMap::default();
        for o in &plan.operational {
            if let Some(p) = o.parent.as_deref() {
                children.entry(p).or_default().push(o);
            }
        }
        let legacy = input.plans.legacy() == Some(index);
        Builder {
            input,
            plan,
            index,
            evaluations: input.evaluations.get(index).map_or(&[], Vec::as_slice),
            prefix: format!("{}{}/", SECTIONS[1].1, plan.info.id),
            tables: if legacy {
                String::new()
            } else {
                format!("{}/", plan.info.id)
            },
            children,
            strategic_by_id: plan
                .strategic
                .iter()
                .map(|s| (s.id.as_str(), &**s))
                .collect(),
            site: SiteView::of(plan),
        }
    }

    /// True for the plan in force, whose builder also makes the site's own pages.
    pub fn is_current(&self) -> bool {
        self.index == self.input.plans.current_index()
    }

    /// Every page this builder makes, in a fixed order: the plan's own pages, the
    /// site's pages for the plan in force, the old addresses for the plan published
    /// before plan folders.
    pub fn page_ids(&self) -> Vec<PageId> {
        let plan = self.plan();
        let current = self.is_current();
        let mut units = Vec::new();
        if current {
            units.extend([PageId::Dashboard, PageId::Smvp, PageId::Plan]);
        }
        units.push(PageId::Cycle);
        units.extend((0..plan.areas.len()).map(PageId::Area));
        units.extend((0..plan.strategic.len()).map(PageId::Strategic));
        units.extend((0..plan.operational.len()).map(PageId::Operational));
        units.extend([PageId::Group(Kind::Individual), PageId::Group(Kind::Common)]);
        if current {
            units.push(PageId::MonitoringList);
        }
        let periods = plan.periods.len().min(self.evaluations.len());
        units.extend((0..periods).map(PageId::Period));
        if self.large() {
            for p in 0..periods {
                units.extend((0..plan.areas.len()).map(|a| PageId::PeriodArea(p, a)));
            }
        }
        // a Relazione whose year end is not in this build (an earlier snapshot) is left out
        units.extend(
            (0..plan.relazioni.len())
                .filter(|i| self.relazione_period(&plan.relazioni[*i]).is_some())
                .map(PageId::Relazione),
        );
        if current {
            if self.input.plans.relazioni().is_empty() {
                units.push(PageId::Empty(2));
            } else {
                units.push(PageId::Relazioni);
            }
            if self.input.plans.pay().is_empty() {
                units.extend([pay::AMOUNTS, pay::DISTRIBUTION].map(PageId::Empty));
            } else {
                units.extend([PageId::PayAmounts, PageId::PayDistribution]);
            }
            units.push(PageId::Wellbeing);
            units.extend([PageId::Archive, PageId::OpenData, PageId::Search]);
            units.push(PageId::NotFound);
        }
        units
    }

    /// The pages left at the addresses from before plan folders: for the plan
    /// published there, one per page of its own; none for the others.
    /// An archived snapshot has none: it keeps the site's own pages as they were.
    pub fn moved_ids(&self) -> Vec<Moved> {
        if self.input.plans.legacy() != Some(self.index) || self.input.archived_as.is_some() {
            return Vec::new();
        }
        let plan = self.plan();
        let mut moved: Vec<Moved> = (0..plan.areas.len()).map(Moved::Area).collect();
        moved.extend((0..plan.strategic.len()).map(Moved::Strategic));
        moved.extend((0..plan.operational.len()).map(Moved::Operational));
        moved.extend([Kind::Individual, Kind::Common].map(Moved::Group));
        moved
    }

    /// The address a moved page had before plan folders: the same path without the plan.
    pub fn moved_url(&self, m: Moved) -> String {
        let now = self.url(m.target());
        format!("{}{}", SECTIONS[1].1, &now[self.prefix.len()..])
    }

    /// The address of a page of this plan, relative to the site root: `rest` below
    /// `piano-della-performance/<piano>/`.
    pub fn plan_url(&self, rest: &str) -> String {
        format!("{}{rest}", self.prefix)
    }

    /// The address of an objective's page (or of its entry on its group's page).
    pub fn objective_url(&self, kind: Kind, id: &str) -> String {
        self.plan_url(&objective_path(kind, id))
    }

    /// The address of an area's page.
    pub fn area_url(&self, id: &str) -> String {
        self.plan_url(&format!("aree/{id}/"))
    }

    /// The breadcrumbs that lead to this plan's pages: the section, then the plan.
    pub fn plan_crumbs(&self) -> [(&str, &str); 2] {
        [
            (SECTIONS[1].0, SECTIONS[1].1),
            (&self.plan.info.title, &self.prefix),
        ]
    }

    /// URL of a unit's page, relative to the site root (as [`Page::url`]).
    pub fn url(&self, u: PageId) -> String {
        let plan = self.plan();
        match u {
            PageId::Dashboard => String::new(),
            PageId::Smvp => SECTIONS[0].1.to_owned(),
            PageId::Plan => SECTIONS[1].1.to_owned(),
            PageId::Cycle => self.prefix.clone(),
            PageId::Area(i) => self.area_url(&plan.areas[i].id),
            PageId::Strategic(i) => self.objective_url(Kind::Strategic, &plan.strategic[i].id),
            PageId::Operational(i) => {
                self.objective_url(Kind::Operational, &plan.operational[i].id)
            }
            PageId::Group(kind) => self.plan_url(&format!("{}/", kind.folder())),
            PageId::MonitoringList => "monitoraggio/".into(),
            PageId::Period(i) => format!("monitoraggio/{}/", plan.periods[i].id),
            PageId::PeriodArea(p, a) => period_area_url(&plan.periods[p], &plan.areas[a]),
            PageId::Empty(i) => SECTIONS[i].1.to_owned(),
            PageId::PayAmounts => SECTIONS[pay::AMOUNTS].1.to_owned(),
            PageId::PayDistribution => SECTIONS[pay::DISTRIBUTION].1.to_owned(),
            PageId::Relazioni => SECTIONS[2].1.to_owned(),
            PageId::Relazione(i) => relazione::relazione_url(plan.relazioni[i].year),
            PageId::Wellbeing => WELLBEING.1.to_owned(),
            PageId::Archive => ARCHIVE.into(),
            PageId::OpenData => "opendata/".into(),
            PageId::Search => crate::search::PAGE.into(),
            PageId::NotFound => "404.html".into(),
        }
    }

    /// The open-data tables a unit produces, without building them.
    pub fn tables_of(&self, u: PageId) -> Vec<TableMeta> {
        let plan = self.plan();
        match u {
            PageId::Dashboard => vec![meta(DASHBOARD_TABLE)],
            PageId::Smvp => vec![meta(SMVP_TABLE)],
            PageId::Cycle => vec![self.plan_table()],
            PageId::Area(i) => vec![area_table(&self.tables, &plan.areas[i])],
            PageId::Strategic(i) => vec![kpi_table_meta(&self.tables, &plan.strategic[i])],
            PageId::Operational(i) => vec![kpi_table_meta(&self.tables, &plan.operational[i])],
            PageId::Group(kind) => self
                .objectives_of(kind)
                .iter()
                .map(|o| kpi_table_meta(&self.tables, o))
                .collect(),
            PageId::Period(i) => vec![period_table(&plan.periods[i])],
            PageId::PayAmounts => self
                .input
                .plans
                .pay()
                .iter()
                .rev()
                .map(pay::amounts_table)
                .collect(),
            PageId::PayDistribution => pay::distribution_tables(self.input.plans.pay()),
            PageId::Relazione(i) => vec![relazione::relazione_table(plan.relazioni[i].year)],
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
                        | PageId::Cycle
                        | PageId::Area(_)
                        | PageId::Period(_)
                        | PageId::PayAmounts
                        | PageId::PayDistribution
                        | PageId::Relazione(_)
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
            PageId::Plan => self.entry_page(),
            PageId::Cycle => self.plan_page(),
            PageId::Area(i) => self.area(&plan.areas[i]),
            PageId::Strategic(i) => self.strategic(&plan.strategic[i]),
            PageId::Operational(i) => self.operational(&plan.operational[i]),
            PageId::Group(kind) => self.group(kind),
            PageId::MonitoringList => alone(self.monitoring_list()),
            PageId::Period(i) => self.period(&plan.periods[i], &self.evaluations[i]),
            PageId::PeriodArea(p, a) => alone(self.period_area(p, a)),
            PageId::Empty(i) => alone(self.empty(i)),
            PageId::PayAmounts => self.pay_amounts(),
            PageId::PayDistribution => self.pay_distribution(),
            PageId::Relazioni => alone(self.relazioni()),
            PageId::Relazione(i) => self.relazione(i),
            PageId::Wellbeing => alone(self.wellbeing()),
            PageId::Archive => alone(self.archive()),
            PageId::OpenData => alone(self.opendata()),
            PageId::Search => alone(self.search()),
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
        self.plan
    }

    /// The plan the pages are of.
    pub fn plan_ref(&self) -> &'a Plan {
        self.plan
    }

    /// The plan tree's open-data table.
    fn plan_table(&self) -> TableMeta {
        let (name, title) = PLAN_TABLE;
        TableMeta {
            name: format!("{}{name}", self.tables),
            title: format!("{title}: {}", self.plan.info.title),
        }
    }

    fn operational_of(&self, strategic: &str) -> Vec<&'a Objective> {
        self.children.get(strategic).cloned().unwrap_or_default()
    }

    /// The latest period and its evaluation.
    fn current(&self) -> Option<(&'a Period, &'a Evaluation)> {
        self.plan.periods.last().zip(self.evaluations.last())
    }

    /// When the site was last updated: the plan or its latest monitoring.
    pub fn updated(&self) -> Date {
        let plan = self.plan();
        self.current()
            .map_or(plan.info.updated, |(p, _)| p.updated.max(plan.info.updated))
    }

    /// The objectives of a kind, in plan order.
    fn objectives_of(&self, kind: Kind) -> &'a [Arc<Objective>] {
        self.plan().objectives(kind)
    }
}

fn root_of(url: &str) -> String {
    "../".repeat(url.matches('/').count())
}

/// Where an objective is within its plan's folder.
fn objective_path(kind: Kind, id: &str) -> String {
    match kind {
        Kind::Strategic | Kind::Operational => format!("{}/{id}/", kind.folder()),
        Kind::Individual | Kind::Common => format!("{}/#obiettivo-{id}", kind.folder()),
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
