//! Objective pages: strategic, operational, and the individual and common
//! objectives (all of a kind on one page); the summary of an objective used by
//! every list, and the KPI table with its open data.

use rust_decimal::Decimal;
use serde::Serialize;

use super::base::{Base, Head, page};
use super::revision::{ChangeRow, RevisionView};
use super::trend::{History, history};
use super::view::{
    Bar, ComparisonView, KpiRow, LinkView, StatusView, Summary, YearTargetView, iso_value, opt, pct,
};
use super::{Builder, Page, REF_PLAN, kpi_table_meta, table};
use crate::diagnostic::Diagnostic;
use crate::evaluate::{Evaluation, KpiResult, Score};
use crate::model::number::{format_euro, format_it, format_percent};
use crate::model::{Kind, Kpi, KpiReport, Objective, Period, Plan, Status, YearTarget};
use crate::render::data::{Download, Table};
use crate::render::markdown::to_html;

/// `obiettivo` of a strategic objective's page.
#[derive(Serialize)]
struct StrategicView<'a> {
    #[serde(flatten)]
    summary: Summary<'a>,
    descrizione_html: String,
    area: Option<LinkView<'a>>,
}

#[derive(Serialize)]
struct StrategicPage<'a> {
    obiettivo: StrategicView<'a>,
    kpi: Vec<KpiRow<'a>>,
    revisioni: Vec<ChangeRow<'a>>,
    operativi: Vec<Summary<'a>>,
    nota_html: String,
    download: Download,
    #[serde(flatten)]
    storia: History,
}

/// `obiettivo` of an operational objective's page.
#[derive(Serialize)]
struct OperationalView<'a> {
    #[serde(flatten)]
    summary: Summary<'a>,
    strategico: Option<LinkView<'a>>,
    anno: Option<i32>,
    missione: Option<&'a str>,
    programma: Option<&'a str>,
    descrizione_html: String,
    risultati_attesi_html: String,
    benefici_attesi_html: String,
    impatto_organizzativo: Option<&'a str>,
    centro_di_costo: Option<&'a str>,
    area_organizzativa: Option<&'a str>,
    budget: Option<String>,
    budget_nota: Option<&'a str>,
}

#[derive(Serialize)]
struct OperationalPage<'a> {
    obiettivo: OperationalView<'a>,
    kpi: Vec<KpiRow<'a>>,
    revisioni: Vec<ChangeRow<'a>>,
    nota_html: String,
    download: Download,
    #[serde(flatten)]
    storia: History,
}

/// One individual or common objective on its group's page.
#[derive(Serialize)]
struct GroupItem<'a> {
    #[serde(flatten)]
    summary: Summary<'a>,
    ancora: String,
    descrizione_html: String,
    ruolo: Option<&'a str>,
    peso_generale: Option<String>,
    kpi: Vec<KpiRow<'a>>,
    download: Download,
    nota_html: String,
}

#[derive(Serialize)]
struct GroupPage<'a> {
    obiettivi: Vec<GroupItem<'a>>,
}

impl<'a> Builder<'a> {
    /// Summary of an objective for lists and dashboards, in `eval` and `period`.
    pub(super) fn summary(
        &self,
        o: &'a Objective,
        eval: Option<&'a Evaluation>,
        period: Option<&'a Period>,
    ) -> Summary<'a> {
        let r = eval.and_then(|e| e.objective(o.kind, &o.id));
        let report = period.and_then(|p| p.report(o.kind, &o.id));
        let score = r.map(|r| r.score.clone()).unwrap_or(Score {
            achievement: None,
            status: Status::NonValutabile,
        });
        Summary {
            id: &o.id,
            titolo: &o.title,
            url: self.objective_url(o.kind, &o.id),
            stato: score.status.into(),
            raggiungimento: pct(score.achievement),
            barra: Bar::of(score.achievement),
            confronto: r.map(ComparisonView::of),
            dichiarazione: report.map_or("", |r| r.statement.as_str()),
            avanzamento: report.and_then(|r| r.progress).map(format_percent),
            spiegazione: r.map_or("", |r| r.explanation.as_str()),
            kpi_count: o.kpis.len(),
        }
    }

    /// Summary in the latest period.
    pub(super) fn current_summary(&self, o: &'a Objective) -> Summary<'a> {
        let current = self.current();
        self.summary(o, current.map(|c| c.1), current.map(|c| c.0))
    }

    /// An objective in every period and its trend over the years: the same objective
    /// (kind and code) in this plan and in the plans adopted before it.
    fn history(&self, o: &'a Objective) -> History {
        let plans = self.input.plans.all();
        let cycles: Vec<(&Plan, &[Evaluation])> = (0..=self.index)
            .map(|i| {
                let evaluations = self.input.evaluations.get(i).map_or(&[][..], Vec::as_slice);
                (&plans[i], evaluations)
            })
            .collect();
        history(&cycles, o, self.current().map(|(p, _)| p))
    }

    /// Achievement of an objective in the latest period.
    pub(super) fn current_achievement(&self, o: &Objective) -> Option<Decimal> {
        self.current()
            .and_then(|(_, e)| e.objective(o.kind, &o.id))
            .and_then(|r| r.score.achievement)
    }

    /// KPI rows of an objective in the latest period, and their open-data table.
    fn kpi_table(&self, o: &'a Objective) -> (Vec<KpiRow<'a>>, Table) {
        let current = self.current();
        let year = current.map_or(self.plan().info.first_year, |(p, _)| p.year);
        let r = current.and_then(|(_, e)| e.objective(o.kind, &o.id));
        let report = current.and_then(|(p, _)| p.report(o.kind, &o.id));
        let mut rows = Vec::with_capacity(o.kpis.len());
        let mut data = Vec::with_capacity(o.kpis.len());
        for k in &o.kpis {
            let kr: Option<&KpiResult> = r.and_then(|r| r.kpis.iter().find(|x| x.id == k.id));
            let m: Option<&KpiReport> =
                report.and_then(|rep| rep.kpis.iter().find(|x| x.kpi == k.id));
            let weight = r.and_then(|r| r.weights.get(&k.id).copied());
            let revision = self.revision(kr.and_then(|x| x.target_revision));
            let target = self.target_in_force(k, year, kr);
            data.push(vec![
                k.id.clone(),
                k.code.clone().unwrap_or_default(),
                k.name.clone(),
                k.algorithm.clone().unwrap_or_default(),
                k.baseline.clone().unwrap_or_default(),
                target.map(|t| t.written.clone()).unwrap_or_default(),
                m.map(|m| iso_value(&m.value)).unwrap_or_default(),
                kr.and_then(|x| x.achievement)
                    .map(|a| a.to_string())
                    .unwrap_or_default(),
                kr.map_or(Status::NonValutabile, |x| x.status)
                    .code()
                    .to_owned(),
                m.map(|m| m.note.trim().to_owned()).unwrap_or_default(),
            ]);
            let mut row = kpi_row(o, k, kr, m, target, weight);
            row.revisione = revision.map(RevisionView::of);
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
        (rows, table(kpi_table_meta(&self.tables, o), columns, data))
    }

    /// The monitoring note of an objective in the latest period, as HTML.
    fn current_note(&self, o: &Objective) -> String {
        self.current()
            .and_then(|(p, _)| p.report(o.kind, &o.id))
            .map(|r| to_html(&r.note))
            .unwrap_or_default()
    }

    /// The common variables of an objective's own page (`title`, e.g. "Obiettivo
    /// operativo 1.1.1"), below its parent (`(label, url)`) in the breadcrumbs.
    fn objective_base(
        &self,
        o: &Objective,
        title: &str,
        url: &str,
        parent: (&str, &str),
    ) -> Base<'_> {
        self.base(&Head {
            url,
            title: &format!("{title}: {}", o.title),
            description: &o.title,
            crumbs: &[
                self.plan_crumbs()[0],
                self.plan_crumbs()[1],
                parent,
                (title, url),
            ],
            legal: REF_PLAN,
            published: self.plan().info.published,
            updated: self.updated(),
        })
    }

    /// The page of a strategic objective and its KPI table.
    pub(super) fn strategic(&self, s: &'a Objective) -> Result<(Page, Vec<Table>), Diagnostic> {
        let plan = self.plan();
        let url = self.objective_url(Kind::Strategic, &s.id);
        let title = format!("Obiettivo strategico {}", s.id);
        let area = plan
            .areas
            .iter()
            .find(|a| Some(a.id.as_str()) == s.parent.as_deref());
        let area_title = area
            .map(|a| format!("Area strategica {}", a.id))
            .unwrap_or_default();
        let area_url = area.map(|a| self.area_url(&a.id)).unwrap_or_default();
        let base = self.objective_base(s, &title, &url, (&area_title, &area_url));
        let (mut kpi, table) = self.kpi_table(s);
        for (row, k) in kpi.iter_mut().zip(&s.kpis) {
            row.targets = Some(
                k.targets
                    .iter()
                    .map(|t| YearTargetView {
                        anno: t.year,
                        target: t.target.to_string(),
                        scritto: &t.written,
                    })
                    .collect(),
            );
        }
        let context = StrategicPage {
            obiettivo: StrategicView {
                summary: self.current_summary(s),
                descrizione_html: to_html(&s.description),
                area: area.map(|a| LinkView {
                    id: &a.id,
                    titolo: &a.title,
                    url: area_url.clone(),
                }),
            },
            kpi,
            revisioni: self.revision_rows(s),
            operativi: self
                .operational_of(&s.id)
                .into_iter()
                .map(|o| self.current_summary(o))
                .collect(),
            nota_html: self.current_note(s),
            download: table.meta.download(),
            storia: self.history(s),
        };
        let page = page(url, "strategico.html", &base, &context)?;
        Ok((page, vec![table]))
    }

    /// The page of an operational objective and its KPI table.
    pub(super) fn operational(&self, o: &'a Objective) -> Result<(Page, Vec<Table>), Diagnostic> {
        let url = self.objective_url(Kind::Operational, &o.id);
        let title = format!("Obiettivo operativo {}", o.id);
        let parent = o
            .parent
            .as_deref()
            .and_then(|p| self.strategic_by_id.get(p).copied());
        let parent_title = parent
            .map(|s| format!("Obiettivo strategico {}", s.id))
            .unwrap_or_default();
        let parent_url = parent
            .map(|s| self.objective_url(Kind::Strategic, &s.id))
            .unwrap_or_default();
        let base = self.objective_base(o, &title, &url, (&parent_title, &parent_url));
        let d = &o.details;
        let (kpi, table) = self.kpi_table(o);
        let context = OperationalPage {
            obiettivo: OperationalView {
                summary: self.current_summary(o),
                strategico: parent.map(|s| LinkView {
                    id: &s.id,
                    titolo: &s.title,
                    url: parent_url.clone(),
                }),
                anno: d.year,
                missione: opt(&d.mission),
                programma: opt(&d.programme),
                descrizione_html: to_html(&o.description),
                risultati_attesi_html: to_html(&d.expected_results),
                benefici_attesi_html: to_html(&d.expected_benefits),
                impatto_organizzativo: opt(&d.staff_impact),
                centro_di_costo: opt(&d.cost_centre),
                area_organizzativa: opt(&d.organisational_area),
                budget: d.budget.map(format_euro),
                budget_nota: opt(&d.budget_note),
            },
            kpi,
            revisioni: self.revision_rows(o),
            nota_html: self.current_note(o),
            download: table.meta.download(),
            storia: self.history(o),
        };
        let page = page(url, "operativo.html", &base, &context)?;
        Ok((page, vec![table]))
    }

    /// Individual or common objectives, all on one page, each with its KPI table.
    pub(super) fn group(&self, kind: Kind) -> Result<(Page, Vec<Table>), Diagnostic> {
        let plan = self.plan();
        let list = plan.objectives(kind);
        let (title, template, url, desc) = match kind {
            Kind::Individual => (
                "Obiettivi individuali",
                "individuali.html",
                self.plan_url("obiettivi-individuali/"),
                "Obiettivi assegnati per ruolo (dirigenza), con indicatori e target.",
            ),
            _ => (
                "Obiettivi comuni del sistema camerale",
                "comuni.html",
                self.plan_url("obiettivi-comuni/"),
                "Obiettivi comuni definiti da Unioncamere per tutte le Camere di Commercio.",
            ),
        };
        let url = url.as_str();
        let base = self.base(&Head {
            url,
            title,
            description: desc,
            crumbs: &[self.plan_crumbs()[0], self.plan_crumbs()[1], (title, url)],
            legal: REF_PLAN,
            published: plan.info.published,
            updated: self.updated(),
        });
        let mut items = Vec::with_capacity(list.len());
        let mut tables = Vec::with_capacity(list.len());
        for o in list {
            let mut summary = self.current_summary(o);
            summary.url = format!("{url}#obiettivo-{}", o.id);
            let (kpi, t) = self.kpi_table(o);
            items.push(GroupItem {
                summary,
                ancora: format!("obiettivo-{}", o.id),
                descrizione_html: to_html(&o.description),
                ruolo: opt(&o.details.role),
                peso_generale: o.details.general_weight.map(|w| format_it(w, 2)),
                kpi,
                download: t.meta.download(),
                nota_html: self.current_note(o),
            });
            tables.push(t);
        }
        let page = page(
            url.to_owned(),
            template,
            &base,
            &GroupPage { obiettivi: items },
        )?;
        Ok((page, tables))
    }
}

/// One KPI row of an objective's table.
fn kpi_row<'a>(
    o: &'a Objective,
    k: &'a Kpi,
    r: Option<&'a KpiResult>,
    m: Option<&'a KpiReport>,
    target: Option<&'a YearTarget>,
    weight: Option<Decimal>,
) -> KpiRow<'a> {
    let status = r.map_or(Status::NonValutabile, |r| r.status);
    let achievement = r.and_then(|r| r.achievement);
    KpiRow {
        id: &k.id,
        ancora: format!(
            "kpi-{}",
            k.id.replace(|c: char| !c.is_ascii_alphanumeric(), "-")
        ),
        codice: opt(&k.code),
        nome: if k.name.trim().is_empty() {
            "(indicatore senza nome nel piano)"
        } else {
            &k.name
        },
        algoritmo: opt(&k.algorithm),
        tipologia: opt(&k.kind),
        unita: opt(&k.unit),
        fonte: opt(&k.source),
        responsabile: opt(&k.responsible),
        frequenza: opt(&k.frequency),
        peso: k.weight.map(|w| format_it(w, 2)),
        peso_normalizzato: weight.map(format_percent),
        baseline: opt(&k.baseline),
        // a relative target with the number it stood for: "+5% rispetto al 2023 (= 105)"
        target: target.map_or_else(
            || "—".into(),
            |t| match r.and_then(|r| r.resolved_target) {
                Some(n) => format!("{} (= {})", t.target, n.shown()),
                None => t.target.to_string(),
            },
        ),
        target_scritto: target.map(|t| t.written.as_str()),
        valore: m.map_or_else(|| "non rilevato".to_owned(), |m| m.value.italian()),
        raggiungimento: pct(achievement),
        stato: StatusView::from(status),
        spiegazione: r.map_or("", |r| r.explanation.as_str()),
        dichiarazione: m.and_then(|m| m.statement.as_deref()),
        nota_html: m.map(|m| to_html(&m.note)).unwrap_or_default(),
        barra: Bar::of(achievement),
        obiettivo: &o.id,
        targets: None,
        revisione: None,
    }
}
