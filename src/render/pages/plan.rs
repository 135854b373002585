//! The pages of the plan as a whole: the dashboard, the evaluation rules (SMVP),
//! the performance tree and each strategic area.

use serde::Serialize;

use super::base::{Head, page};
use super::calendar::CalendarView;
use super::view::{Bar, StatusView, Summary, iso_pct, pct};
use super::{
    Builder, DASHBOARD_TABLE, Page, PageId, REF_PLAN, SECTIONS, SMVP_TABLE, area_table, meta, table,
};
use crate::diagnostic::Diagnostic;
use crate::evaluate::{Agreement, AreaResult, Score};
use crate::model::number::format_percent;
use crate::model::rules::{Aggregation, Interim};
use crate::model::{Area, Objective, Piao, Plan, Status};
use crate::render::data::{Download, Table};
use crate::render::markdown::to_html;

/// A score with its status badge and bar.
#[derive(Serialize)]
struct ScoreView {
    stato: StatusView,
    raggiungimento: String,
    barra: Bar,
}

impl ScoreView {
    fn of(score: &Score) -> Self {
        ScoreView {
            stato: score.status.into(),
            raggiungimento: pct(score.achievement),
            barra: Bar::of(score.achievement),
        }
    }
}

/// The score of an area, or "not evaluable" when it has none.
fn area_score(r: Option<&AreaResult>) -> Score {
    r.map(|a| a.score.clone()).unwrap_or(Score {
        achievement: None,
        status: Status::NonValutabile,
    })
}

/// An area on the dashboard, with its strategic objectives.
#[derive(Serialize)]
struct DashboardArea<'a> {
    id: &'a str,
    titolo: &'a str,
    url: String,
    #[serde(flatten)]
    score: ScoreView,
    spiegazione: &'a str,
    obiettivi: Vec<Summary<'a>>,
}

#[derive(Serialize)]
struct PeriodLink<'a> {
    id: &'a str,
    titolo: &'a str,
    url: String,
    discrepanze: usize,
}

#[derive(Serialize)]
struct SectionLink {
    label: &'static str,
    url: &'static str,
    descrizione: &'static str,
}

#[derive(Serialize)]
struct DashboardPage<'a> {
    ente_risultato: ScoreView,
    periodo: Option<PeriodLink<'a>>,
    aree: Vec<DashboardArea<'a>>,
    sezioni: Vec<SectionLink>,
    download: Download,
    calendario: Option<CalendarView>,
}

#[derive(Serialize)]
struct Rule {
    nome: &'static str,
    valore: String,
    spiegazione: &'static str,
}

#[derive(Serialize)]
struct Threshold {
    stato: StatusView,
    da: String,
}

#[derive(Serialize)]
struct SmvpPage {
    regole: Vec<Rule>,
    soglie: Vec<Threshold>,
    download: Download,
    calendario: Option<CalendarView>,
    /// The acts adopting the SMVP (`partials/documenti.html`).
    documenti: Vec<super::documents::DocumentView>,
}

/// A strategic objective in the performance tree.
#[derive(Serialize)]
struct TreeObjective<'a> {
    #[serde(flatten)]
    summary: Summary<'a>,
    /// Small plans: the operational objectives, listed here.
    #[serde(skip_serializing_if = "Option::is_none")]
    operativi: Option<Vec<Summary<'a>>>,
    /// Large plans: how many operational objectives its own page lists.
    #[serde(skip_serializing_if = "Option::is_none")]
    operativi_conta: Option<usize>,
}

#[derive(Serialize)]
struct TreeArea<'a> {
    id: &'a str,
    titolo: &'a str,
    url: String,
    obiettivi: Vec<TreeObjective<'a>>,
}

#[derive(Serialize)]
struct PlanPage<'a> {
    /// The plan shown.
    piano: CycleView<'a>,
    /// Every plan, newest first, when there are several.
    piani: Vec<CycleView<'a>>,
    aree: Vec<TreeArea<'a>>,
    individuali_url: String,
    comuni_url: String,
    download: Download,
    /// The plan's adopted acts and its revisions' (`partials/documenti.html`).
    documenti: Vec<super::documents::DocumentView>,
}

/// A plan cycle as the plan pages present it.
#[derive(Serialize)]
struct CycleView<'a> {
    id: &'a str,
    titolo: &'a str,
    anni: String,
    url: String,
    /// The plan in force (the most recently adopted).
    in_vigore: bool,
    /// The page being built is this plan's own page.
    corrente: bool,
    piao: Option<PiaoView<'a>>,
    periodi: usize,
}

/// The PIAO a plan belongs to.
#[derive(Serialize)]
struct PiaoView<'a> {
    titolo: &'a str,
    atto: &'a str,
    url: Option<&'a str>,
    /// The PIAO's own name for the strategic objectives, if it has one.
    etichetta_strategici: Option<&'a str>,
}

impl<'a> From<&'a Piao> for PiaoView<'a> {
    fn from(p: &'a Piao) -> Self {
        PiaoView {
            titolo: &p.title,
            atto: &p.act,
            url: p.url.as_deref(),
            etichetta_strategici: p.strategic_label.as_deref(),
        }
    }
}

#[derive(Serialize)]
struct AreaView<'a> {
    id: &'a str,
    titolo: &'a str,
    descrizione_html: String,
    #[serde(flatten)]
    score: ScoreView,
    spiegazione: &'a str,
}

/// A bar of the area's chart.
#[derive(Serialize)]
struct ChartBar {
    etichetta: String,
    larghezza: String,
    percentuale: String,
    stato: StatusView,
}

#[derive(Serialize)]
struct AreaPage<'a> {
    area: AreaView<'a>,
    obiettivi: Vec<Summary<'a>>,
    grafico: Vec<ChartBar>,
    download: Download,
}

impl<'a> Builder<'a> {
    /// The strategic objectives of an area, in plan order.
    fn strategic_in(&self, area: &'a Area) -> impl Iterator<Item = &'a Objective> {
        self.plan()
            .strategic
            .iter()
            .filter(move |s| s.parent.as_deref() == Some(area.id.as_str()))
            .map(|s| &**s)
    }

    pub(super) fn dashboard(&self) -> Result<(Page, Vec<Table>), Diagnostic> {
        let plan = self.plan();
        let current = self.current();
        let base = self.base(&Head {
            url: "",
            title: "Performance",
            description: "Risultati della performance dell'ente: cruscotto, piano, monitoraggio e dati aperti.",
            crumbs: &[],
            legal: "art. 10, c. 8, lett. b), e art. 20 d.lgs. 33/2013",
            published: plan.info.published,
            updated: self.updated(),
        });
        let mut rows = Vec::new();
        let aree = plan
            .areas
            .iter()
            .map(|a| {
                let ar = current.and_then(|(_, e)| e.area(&a.id));
                let obiettivi = self
                    .strategic_in(a)
                    .map(|s| {
                        let summary = self.current_summary(s);
                        rows.push(vec![
                            a.id.clone(),
                            s.id.clone(),
                            s.title.clone(),
                            summary.stato.codice.to_owned(),
                            iso_pct(self.current_achievement(s)),
                        ]);
                        summary
                    })
                    .collect();
                DashboardArea {
                    id: &a.id,
                    titolo: &a.title,
                    url: self.area_url(&a.id),
                    score: ScoreView::of(&area_score(ar)),
                    spiegazione: ar.map_or("", |a| a.explanation.as_str()),
                    obiettivi,
                }
            })
            .collect();
        let t = table(
            meta(DASHBOARD_TABLE),
            vec!["area", "obiettivo", "titolo", "stato", "raggiungimento"],
            rows,
        );
        let body = current.map(|(_, e)| e.body.clone()).unwrap_or(Score {
            achievement: None,
            status: Status::NonValutabile,
        });
        let periodo = current.map(|(p, e)| PeriodLink {
            id: &p.id,
            titolo: &p.title,
            url: format!("monitoraggio/{}/", p.id),
            discrepanze: e
                .objectives
                .iter()
                .filter(|o| o.comparison.agreement == Agreement::Contradicts)
                .count(),
        });
        let context = DashboardPage {
            ente_risultato: ScoreView::of(&body),
            periodo,
            aree,
            sezioni: SECTIONS
                .iter()
                .chain([&super::WELLBEING])
                .map(|(label, url, descrizione)| SectionLink {
                    label,
                    url,
                    descrizione,
                })
                .collect(),
            download: t.meta.download(),
            calendario: self.calendar(),
        };
        let page = page(String::new(), "index.html", &base, &context)?;
        Ok((page, vec![t]))
    }

    pub(super) fn smvp(&self) -> Result<(Page, Vec<Table>), Diagnostic> {
        let plan = self.plan();
        let r = &plan.rules;
        let (title, url, _) = SECTIONS[0];
        let base = self.base(&Head {
            url,
            title,
            description: "Le regole di misurazione e valutazione applicate al calcolo dei risultati.",
            crumbs: &[(title, url)],
            legal: "art. 7 d.lgs. 150/2009; delibera CiVIT 104/2010; art. 10, c. 8, d.lgs. 33/2013",
            published: plan.info.published,
            updated: plan.info.updated,
        });
        let aggregation = match r.aggregation {
            Aggregation::MediaPonderata => {
                "media ponderata con i pesi del piano (normalizzati a 100)"
            }
            Aggregation::TuttiRaggiunti => "tutti i target raggiunti (vale il KPI peggiore)",
        };
        let interim = match r.interim {
            Interim::Proporzionale => {
                "proporzionale: i conteggi annuali si confrontano con la quota dell'anno trascorsa"
            }
            Interim::Intero => "intero: i conteggi si confrontano con il target annuale",
        };
        let rule = |nome, valore: String, spiegazione| Rule {
            nome,
            valore,
            spiegazione,
        };
        let regole = vec![
            rule(
                "Polarità predefinita",
                r.default_polarity.label().to_owned(),
                "Come si legge un target scritto senza operatore (ad esempio \"40%\").",
            ),
            rule(
                "Tetto del raggiungimento",
                format_percent(r.cap),
                "Il raggiungimento di un KPI non supera questo valore.",
            ),
            rule(
                "Aggregazione dei KPI",
                aggregation.to_owned(),
                "Come i KPI di un obiettivo formano il suo raggiungimento; i KPI senza valore sono esclusi e indicati.",
            ),
            rule(
                "Periodi intermedi",
                interim.to_owned(),
                "Come si valuta a metà anno un target annuale.",
            ),
            rule(
                "Soglia di raggiungimento",
                format_percent(r.achieved_from),
                "Da questo raggiungimento l'obiettivo è raggiunto (in linea, prima della fine dell'anno).",
            ),
            rule(
                "Soglia di raggiungimento parziale",
                format_percent(r.partial_from),
                "Da questo raggiungimento l'obiettivo è parzialmente raggiunto; sotto, non raggiunto.",
            ),
        ];
        let rows = regole
            .iter()
            .map(|r| {
                vec![
                    r.nome.to_owned(),
                    r.valore.clone(),
                    r.spiegazione.to_owned(),
                ]
            })
            .collect();
        let t = table(
            meta(SMVP_TABLE),
            vec!["regola", "valore", "spiegazione"],
            rows,
        );
        let threshold = |s: Status, da: String| Threshold {
            stato: s.into(),
            da,
        };
        let soglie = vec![
            threshold(
                Status::Raggiunto,
                format!("{} a fine anno", format_percent(r.achieved_from)),
            ),
            threshold(
                Status::InLinea,
                format!(
                    "{} prima della fine dell'anno",
                    format_percent(r.achieved_from)
                ),
            ),
            threshold(Status::Parziale, format_percent(r.partial_from)),
            threshold(Status::NonRaggiunto, "sotto la soglia parziale".into()),
            threshold(Status::NonValutabile, "nessun valore rilevato".into()),
        ];
        let context = SmvpPage {
            regole,
            soglie,
            download: t.meta.download(),
            calendario: self.calendar(),
            documenti: self.document_views(PageId::Smvp),
        };
        let page = page(url.to_owned(), "smvp.html", &base, &context)?;
        Ok((page, vec![t]))
    }

    /// A plan cycle's own page (`piano-della-performance/<piano>/`): its performance
    /// tree, with the other plans listed.
    pub(super) fn plan_page(&self) -> Result<(Page, Vec<Table>), Diagnostic> {
        let plan = self.plan();
        let url = self.plan_url("");
        let [section, _] = self.plan_crumbs();
        let crumbs = [section, (plan.info.title.as_str(), url.as_str())];
        self.tree_page(&url, &plan.info.title, &crumbs, true)
    }

    /// The section's entry page (`piano-della-performance/`): the plan in force, with the
    /// other plans listed.
    pub(super) fn entry_page(&self) -> Result<(Page, Vec<Table>), Diagnostic> {
        let (title, url, _) = SECTIONS[1];
        let (page, _) = self.tree_page(url, title, &[(title, url)], false)?;
        Ok((page, Vec::new()))
    }

    /// The performance tree of this plan: areas, strategic objectives and, in small
    /// plans, the operational objectives; its table is published with `own_table`.
    fn tree_page(
        &self,
        url: &str,
        title: &str,
        crumbs: &[(&str, &str)],
        own_table: bool,
    ) -> Result<(Page, Vec<Table>), Diagnostic> {
        let plan = self.plan();
        let large = self.large();
        let base = self.base(&Head {
            url,
            title,
            description: &format!(
                "{}: aree strategiche, obiettivi, indicatori e target.",
                plan.info.title
            ),
            crumbs,
            legal: REF_PLAN,
            published: plan.info.published,
            updated: self.updated(),
        });
        let mut rows = Vec::new();
        let aree = plan
            .areas
            .iter()
            .map(|a| TreeArea {
                id: &a.id,
                titolo: &a.title,
                url: self.area_url(&a.id),
                obiettivi: self
                    .strategic_in(a)
                    .map(|s| {
                        let children = self.operational_of(&s.id);
                        for o in &children {
                            rows.push(vec![
                                a.id.clone(),
                                s.id.clone(),
                                o.id.clone(),
                                o.title.clone(),
                                o.details.budget.map(|b| b.to_string()).unwrap_or_default(),
                            ]);
                        }
                        // in a large plan they are listed on the strategic objective's page
                        let (operativi, operativi_conta) = if large {
                            (None, Some(children.len()))
                        } else {
                            let listed = children.iter().map(|o| self.current_summary(o));
                            (Some(listed.collect()), None)
                        };
                        TreeObjective {
                            summary: self.current_summary(s),
                            operativi,
                            operativi_conta,
                        }
                    })
                    .collect(),
            })
            .collect();
        let t = table(
            self.plan_table(),
            vec![
                "area",
                "obiettivo_strategico",
                "obiettivo_operativo",
                "titolo",
                "budget_euro",
            ],
            rows,
        );
        let cycle = |i: usize, p: &'a Plan| CycleView {
            id: &p.info.id,
            titolo: &p.info.title,
            anni: format!("{}–{}", p.info.first_year, p.info.last_year),
            url: format!("{}{}/", SECTIONS[1].1, p.info.id),
            in_vigore: i == self.input.plans.current_index(),
            corrente: own_table && i == self.index,
            piao: p.info.piao.as_ref().map(PiaoView::from),
            periodi: p.periods.len(),
        };
        let all = self.input.plans.all();
        let piani = if all.len() > 1 {
            all.iter()
                .enumerate()
                .rev()
                .map(|(i, p)| cycle(i, p))
                .collect()
        } else {
            Vec::new()
        };
        let context = PlanPage {
            piano: cycle(self.index, plan),
            piani,
            aree,
            individuali_url: self.plan_url("obiettivi-individuali/"),
            comuni_url: self.plan_url("obiettivi-comuni/"),
            download: t.meta.download(),
            documenti: self.document_views(if own_table {
                super::PageId::Cycle
            } else {
                super::PageId::Plan
            }),
        };
        let page = page(url.to_owned(), "piano.html", &base, &context)?;
        Ok((page, if own_table { vec![t] } else { Vec::new() }))
    }

    /// A strategic area: its score, its strategic objectives and a chart of them.
    pub(super) fn area(&self, a: &'a Area) -> Result<(Page, Vec<Table>), Diagnostic> {
        let plan = self.plan();
        let current = self.current();
        let url = self.area_url(&a.id);
        let title = format!("Area strategica {}: {}", a.id, a.title);
        let base = self.base(&Head {
            url: &url,
            title: &title,
            description: &format!("Obiettivi strategici dell'area {}.", a.title),
            crumbs: &[self.plan_crumbs()[0], self.plan_crumbs()[1], (&title, &url)],
            legal: REF_PLAN,
            published: plan.info.published,
            updated: self.updated(),
        });
        let ar = current.and_then(|(_, e)| e.area(&a.id));
        let mut rows = Vec::new();
        let mut grafico = Vec::new();
        let obiettivi = self
            .strategic_in(a)
            .map(|s| {
                let summary = self.current_summary(s);
                let achievement = self.current_achievement(s);
                rows.push(vec![
                    s.id.clone(),
                    s.title.clone(),
                    summary.stato.codice.to_owned(),
                    iso_pct(achievement),
                ]);
                grafico.push(ChartBar {
                    etichetta: format!("{} {}", s.id, s.title),
                    larghezza: Bar::of(achievement).larghezza,
                    percentuale: pct(achievement),
                    stato: summary.stato,
                });
                summary
            })
            .collect();
        let t = table(
            area_table(&self.tables, a),
            vec!["obiettivo", "titolo", "stato", "raggiungimento"],
            rows,
        );
        let context = AreaPage {
            area: AreaView {
                id: &a.id,
                titolo: &a.title,
                descrizione_html: to_html(&a.description),
                score: ScoreView::of(&area_score(ar)),
                spiegazione: ar.map_or("", |x| x.explanation.as_str()),
            },
            obiettivi,
            grafico,
            download: t.meta.download(),
        };
        let page = page(url, "area.html", &base, &context)?;
        Ok((page, vec![t]))
    }
}
