//! Monitoring pages: the list of periods, each period with the state of every
//! objective, and (large plans) one page per area of a period.

use serde::Serialize;

use super::base::{Head, page};
use super::revision::RevisionView;
use super::view::{Summary, agreement_label, iso_pct};
use super::{Builder, Page, REF_PLAN, SECTIONS, period_area_url, period_table, table};
use crate::diagnostic::Diagnostic;
use crate::evaluate::{Agreement, Evaluation};
use crate::model::number::format_percent;
use crate::model::{Kind, Objective, Period};
use crate::render::data::{Download, Table};

#[derive(Serialize)]
struct PeriodItem<'a> {
    id: &'a str,
    titolo: &'a str,
    url: String,
    data_pubblicazione: String,
    data_pubblicazione_iso: String,
    /// The year end: final results.
    consuntivo: bool,
    /// `risultati al 31 dicembre 2022`, `monitoraggio al 30 giugno 2022`.
    nome: String,
}

/// Another period of the same year, linked from a period's page.
#[derive(Serialize)]
struct SeeAlso {
    nome: String,
    url: String,
}

#[derive(Serialize)]
struct MonitoringPage<'a> {
    periodi: Vec<PeriodItem<'a>>,
}

/// The `periodo` variable of the period pages.
#[derive(Serialize)]
struct PeriodInfo<'a> {
    id: &'a str,
    titolo: &'a str,
    fine: String,
    fine_iso: String,
    quota_anno: String,
    monitorati: usize,
    discrepanze: usize,
    url: String,
    /// The revisions of the plan whose targets and weights the period used.
    revisioni: Vec<RevisionView<'a>>,
    /// The year end: final results, nothing pro-rated.
    consuntivo: bool,
    /// `risultati al 31 dicembre 2022`, `monitoraggio al 30 giugno 2022`.
    nome: String,
    /// The title in table captions, naming the year end as such.
    titolo_tabella: String,
    /// The other periods of the same year, by end date.
    vedi_anche: Vec<SeeAlso>,
}

/// An objective in a period's listing.
#[derive(Serialize)]
struct Row<'a> {
    #[serde(flatten)]
    summary: Summary<'a>,
    tipo: &'static str,
}

/// An objective whose declared outcome contradicts the computed one.
#[derive(Serialize)]
struct Discrepancy<'a> {
    obiettivo: String,
    titolo: &'a str,
    motivo: &'a str,
    url: String,
}

/// An area of a large plan's period, linking to its own page.
#[derive(Serialize)]
struct AreaLink<'a> {
    id: &'a str,
    titolo: &'a str,
    url: String,
    obiettivi: usize,
    discrepanze: usize,
}

#[derive(Serialize)]
struct AreaName<'a> {
    id: &'a str,
    titolo: &'a str,
}

#[derive(Serialize)]
struct PeriodPage<'a> {
    periodo: PeriodInfo<'a>,
    righe: Vec<Row<'a>>,
    discrepanze: Vec<Discrepancy<'a>>,
    aree: Vec<AreaLink<'a>>,
    /// Set on the page of one area (large plans).
    area: Option<AreaName<'a>>,
    download: Download,
}

impl<'a> Builder<'a> {
    pub(super) fn monitoring_list(&self) -> Result<Page, Diagnostic> {
        let plan = self.plan();
        let plans = self.input.plans.all();
        let url = "monitoraggio/";
        let first = plans
            .iter()
            .flat_map(|p| &p.periods)
            .map(|p| p.published)
            .min();
        let base = self.base(&Head {
            url,
            title: "Monitoraggio",
            description: "Monitoraggi periodici degli obiettivi del piano.",
            crumbs: &[(SECTIONS[1].0, SECTIONS[1].1), ("Monitoraggio", url)],
            legal: REF_PLAN,
            published: first.unwrap_or(plan.info.published),
            updated: self.updated(),
        });
        // every plan's periods, the most recent first
        let periodi = plans
            .iter()
            .rev()
            .flat_map(|p| p.periods.iter().rev())
            .map(|p| PeriodItem {
                id: &p.id,
                titolo: &p.title,
                url: period_url(p),
                data_pubblicazione: p.published.italian(),
                data_pubblicazione_iso: p.published.iso(),
                consuntivo: p.is_final(),
                nome: period_name(p),
            })
            .collect();
        page(
            url.to_owned(),
            "monitoraggi.html",
            &base,
            &MonitoringPage { periodi },
        )
    }

    /// Summary rows and discrepancies of some objectives in a period, for its pages.
    fn period_listing(
        &self,
        p: &'a Period,
        e: &'a Evaluation,
        objectives: impl Iterator<Item = &'a Objective>,
    ) -> (Vec<Row<'a>>, Vec<Discrepancy<'a>>) {
        let mut rows = Vec::new();
        let mut discrepancies = Vec::new();
        for o in objectives {
            let kind = o.kind;
            let r = e.objective(kind, &o.id);
            if let Some(r) = r.filter(|r| r.comparison.agreement == Agreement::Contradicts) {
                discrepancies.push(Discrepancy {
                    obiettivo: format!("{} {}", kind.label(), o.id),
                    titolo: &o.title,
                    motivo: &r.comparison.reason,
                    url: self.objective_url(kind, &o.id),
                });
            }
            rows.push(Row {
                summary: self.summary(o, Some(e), Some(p)),
                tipo: kind.label(),
            });
        }
        (rows, discrepancies)
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

    fn period_info(&self, p: &'a Period, e: &Evaluation) -> PeriodInfo<'a> {
        PeriodInfo {
            id: &p.id,
            titolo: &p.title,
            fine: p.end.italian(),
            fine_iso: p.end.iso(),
            quota_anno: format_percent(p.year_share),
            monitorati: e.objectives.len(),
            discrepanze: e
                .objectives
                .iter()
                .filter(|o| o.comparison.agreement == Agreement::Contradicts)
                .count(),
            url: period_url(p),
            revisioni: self.revisions_used(e),
            consuntivo: p.is_final(),
            nome: period_name(p),
            titolo_tabella: period_table_title(p),
            vedi_anche: self
                .plan()
                .periods
                .iter()
                .filter(|other| other.year == p.year && other.id != p.id)
                .map(|other| SeeAlso {
                    nome: period_name(other),
                    url: period_url(other),
                })
                .collect(),
        }
    }

    /// A monitoring period: every objective's state, computed and declared.
    pub(super) fn period(
        &self,
        p: &'a Period,
        e: &'a Evaluation,
    ) -> Result<(Page, Vec<Table>), Diagnostic> {
        let plan = self.plan();
        let url = period_url(p);
        let base = self.base(&Head {
            url: &url,
            title: &p.title,
            description: &format!(
                "{}: stato di ogni obiettivo, calcolato e dichiarato.",
                p.title
            ),
            crumbs: &[
                (SECTIONS[1].0, SECTIONS[1].1),
                ("Monitoraggio", "monitoraggio/"),
                (&p.title, &url),
            ],
            legal: REF_PLAN,
            published: p.published,
            updated: p.updated,
        });
        let all = || {
            Kind::ALL
                .into_iter()
                .flat_map(|k| self.objectives_of(k).iter().map(|o| &**o))
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
                aree.push(AreaLink {
                    id: &a.id,
                    titolo: &a.title,
                    url: period_area_url(p, a),
                    obiettivi: ops.len(),
                    discrepanze: contradicted,
                });
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
        let context = PeriodPage {
            periodo: self.period_info(p, e),
            righe,
            discrepanze,
            aree,
            area: None,
            download: t.meta.download(),
        };
        let page = page(url, "periodo.html", &base, &context)?;
        Ok((page, vec![t]))
    }

    /// The operational objectives of one area in one period (large plans).
    pub(super) fn period_area(&self, pi: usize, ai: usize) -> Result<Page, Diagnostic> {
        let plan = self.plan();
        let (p, e, a) = (&plan.periods[pi], &self.evaluations[pi], &plan.areas[ai]);
        let url = period_area_url(p, a);
        let period_url = period_url(p);
        let base = self.base(&Head {
            url: &url,
            title: &format!("{}: area strategica {}", p.title, a.id),
            description: &format!("{}: obiettivi operativi dell'area {}.", p.title, a.title),
            crumbs: &[
                (SECTIONS[1].0, SECTIONS[1].1),
                ("Monitoraggio", "monitoraggio/"),
                (&p.title, &period_url),
                (&format!("Area {}", a.id), &url),
            ],
            legal: REF_PLAN,
            published: p.published,
            updated: p.updated,
        });
        let ops = self.operational_in_area(&a.id);
        let (righe, discrepanze) = self.period_listing(p, e, ops.into_iter());
        let context = PeriodPage {
            periodo: self.period_info(p, e),
            righe,
            discrepanze,
            aree: Vec::new(),
            area: Some(AreaName {
                id: &a.id,
                titolo: &a.title,
            }),
            download: period_table(p).download(),
        };
        page(url, "periodo.html", &base, &context)
    }
}

/// The URL of a period's page.
pub(super) fn period_url(p: &Period) -> String {
    format!("monitoraggio/{}/", p.id)
}

/// What a period is, in words: `risultati al 31 dicembre 2022` for the year end (final
/// results), `monitoraggio al 30 giugno 2022` before it.
pub(super) fn period_name(p: &Period) -> String {
    let what = if p.is_final() {
        "risultati"
    } else {
        "monitoraggio"
    };
    format!("{what} al {}", p.end.italian())
}

/// The title of a period's tables: the period's title, marked as the year end's final
/// results (consuntivo) unless the title already says so.
pub(super) fn period_table_title(p: &Period) -> String {
    if p.is_final() && !p.title.to_lowercase().contains("consuntivo") {
        format!("{} (consuntivo)", p.title)
    } else {
        p.title.clone()
    }
}
