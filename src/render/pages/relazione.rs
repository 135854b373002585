//! The Relazione sulla Performance: the list of every year's Relazione, and each
//! Relazione, following the outline chambers use (Unioncamere): presentation, context,
//! the tree of the plan, strategic and operational objectives with their results and
//! gaps, the overall evaluation, individual objectives by role, common objectives,
//! resources, process; with where it stands in its approval and validation.

use serde::Serialize;

use super::base::{Head, page};
use super::view::{LinkView, StatusView, opt, pct};
use super::{Builder, Page, PageId, SECTIONS, table};
use crate::diagnostic::Diagnostic;
use crate::evaluate::Evaluation;
use crate::evaluate::gap::{KpiGap, ObjectiveGaps, objective_gaps};
use crate::model::number::{format_euro, format_percent};
use crate::model::relazione::{Document, Outcome, Relazione, State};
use crate::model::target::format_amount;
use crate::model::{Goal, Kind, Measured, Period};
use crate::render::data::{Download, Table, TableMeta};
use crate::render::markdown::to_html;

const REF_RELAZIONE: &str =
    "art. 10, c. 1, lett. b), d.lgs. 150/2009; art. 10, c. 8, lett. b), d.lgs. 33/2013";

/// The address of the Relazione of a year.
pub fn relazione_url(year: i32) -> String {
    format!("{}{year}/", SECTIONS[2].1)
}

/// The open-data table of a Relazione's results.
pub fn relazione_table(year: i32) -> TableMeta {
    TableMeta {
        name: format!("relazione-{year}"),
        title: format!("Relazione sulla Performance {year}: risultati e scostamenti"),
    }
}

/// The state of a Relazione, in words.
#[derive(Serialize)]
pub(super) struct StateView {
    codice: &'static str,
    /// The sentence at the top of the page.
    testo: String,
    validata: bool,
    esito: Option<&'static str>,
    data_validazione: Option<String>,
    data_validazione_iso: Option<String>,
    /// The validation document: relative to the site root for a file, absolute for a link.
    documento: Option<DocumentView>,
    approvazione_url: Option<String>,
}

#[derive(Serialize)]
struct DocumentView {
    url: String,
    nome: String,
    esterno: bool,
}

impl StateView {
    pub(super) fn of(r: &Relazione) -> StateView {
        let approved = r.state.approval().map(|a| a.italian());
        let testo = match (&r.state, &approved) {
            (State::Validated { validation, .. }, Some(a)) => {
                let on = validation.date.short();
                match validation.outcome {
                    Outcome::NonValidata => format!(
                        "Relazione approvata con {a}; l'OIV non l'ha validata (documento del {on})."
                    ),
                    o => format!(
                        "Relazione approvata con {a} e validata dall'OIV il {on}: esito «{}».",
                        o.word()
                    ),
                }
            }
            (State::Approved { .. }, Some(a)) => {
                format!("Relazione approvata con {a}; in attesa della validazione dell'OIV.")
            }
            _ => "Relazione non ancora approvata dalla Giunta né validata dall'OIV: i dati sono provvisori.".to_owned(),
        };
        let validation = r.state.validation();
        StateView {
            codice: r.state.code(),
            testo,
            validata: validation.is_some(),
            esito: validation.map(|v| v.outcome.word()),
            data_validazione: validation.map(|v| v.date.italian()),
            data_validazione_iso: validation.map(|v| v.date.iso()),
            documento: validation.map(|v| match &v.document {
                Document::File(f) => DocumentView {
                    url: format!("{}{}", relazione_url(r.year), f.name),
                    nome: f.name.clone(),
                    esterno: false,
                },
                Document::Link { url } => DocumentView {
                    url: url.clone(),
                    nome: "documento di validazione dell'OIV".to_owned(),
                    esterno: true,
                },
            }),
            approvazione_url: r.state.approval().and_then(|a| a.url.clone()),
        }
    }
}

/// One Relazione in the list.
#[derive(Serialize)]
struct ListItem {
    anno: i32,
    url: String,
    stato: StateView,
}

#[derive(Serialize)]
struct ListPage {
    relazioni: Vec<ListItem>,
}

/// A KPI's row: result against target, % realizzazione and gap.
#[derive(Serialize)]
struct GapRow<'a> {
    id: &'a str,
    nome: &'a str,
    peso: Option<String>,
    risultato: String,
    target: String,
    realizzazione: String,
    scostamento: String,
    stato: StatusView,
}

/// An objective with its KPI rows and the body's note on its gap.
#[derive(Serialize)]
struct ObjectiveBlock<'a> {
    id: &'a str,
    titolo: &'a str,
    url: String,
    ruolo: Option<&'a str>,
    stato: StatusView,
    realizzazione: String,
    kpi: Vec<GapRow<'a>>,
    nota_html: String,
    /// A KPI missed its target and the body wrote no note.
    senza_nota: bool,
}

#[derive(Serialize)]
struct AreaRow<'a> {
    id: &'a str,
    titolo: &'a str,
    url: String,
    stato: StatusView,
    realizzazione: String,
}

#[derive(Serialize)]
struct TreeStrategic<'a> {
    obiettivo: LinkView<'a>,
    operativi: Vec<LinkView<'a>>,
}

#[derive(Serialize)]
struct TreeArea<'a> {
    area: LinkView<'a>,
    strategici: Vec<TreeStrategic<'a>>,
}

#[derive(Serialize)]
struct ResourceRow<'a> {
    id: &'a str,
    titolo: &'a str,
    url: String,
    previste: String,
    impiegate: String,
}

#[derive(Serialize)]
struct RelazioneView<'a> {
    anno: i32,
    periodo: &'a str,
    periodo_url: String,
    periodo_titolo: &'a str,
    presentazione_html: String,
    contesto_html: String,
    processo_html: String,
}

#[derive(Serialize)]
struct RelazionePage<'a> {
    relazione: RelazioneView<'a>,
    stato: StateView,
    albero: Vec<TreeArea<'a>>,
    strategici: Vec<ObjectiveBlock<'a>>,
    operativi: Vec<ObjectiveBlock<'a>>,
    ente: AreaRow<'a>,
    aree: Vec<AreaRow<'a>>,
    individuali: Vec<ObjectiveBlock<'a>>,
    comuni: Vec<ObjectiveBlock<'a>>,
    risorse: Vec<ResourceRow<'a>>,
    download: Download,
    json: String,
    /// The Relazione's adopted acts (`partials/documenti.html`).
    documenti: Vec<super::documents::DocumentView>,
}

/// The value shown as the result: in the target's unit, with numerator and denominator for a ratio.
pub(super) fn result_text(k: &KpiGap) -> String {
    let unit = match k.target.map(|t| &t.target.goal) {
        Some(Goal::Amount { unit, .. }) => Some(*unit),
        _ => None,
    };
    match (k.measured, k.result.value, unit) {
        (Measured::Ratio { .. }, Some(v), Some(u)) => {
            format!("{} ({})", format_amount(v, u), k.measured.italian())
        }
        (Measured::Amount { .. }, Some(v), Some(u)) => format_amount(v, u),
        (m, ..) => m.italian(),
    }
}

impl<'a> Builder<'a> {
    /// The section's page: every year's Relazione with its state.
    pub(super) fn relazioni(&self) -> Result<Page, Diagnostic> {
        let plan = self.plan();
        let (title, url, description) = SECTIONS[2];
        let all = self.input.plans.relazioni();
        let published = all.iter().map(|r| r.published).min();
        let updated = all.iter().map(|r| r.updated).max();
        let base = self.base(&Head {
            url,
            title,
            description,
            crumbs: &[(title, url)],
            legal: REF_RELAZIONE,
            published: published.unwrap_or(plan.info.published),
            updated: updated.map_or(self.updated(), |u| u.max(self.updated())),
        });
        let relazioni = all
            .iter()
            .map(|r| ListItem {
                anno: r.year,
                url: relazione_url(r.year),
                stato: StateView::of(r),
            })
            .collect();
        page(
            url.to_owned(),
            "relazioni.html",
            &base,
            &ListPage { relazioni },
        )
    }

    /// The period a Relazione reports on and its evaluation.
    pub(super) fn relazione_period(&self, r: &Relazione) -> Option<(&'a Period, &'a Evaluation)> {
        let i = self.plan.periods.iter().position(|p| p.id == r.period)?;
        Some((&self.plan.periods[i], self.evaluations.get(i)?))
    }

    /// The year-end results of every objective of a kind, with their gaps.
    pub(super) fn gaps_of(
        &self,
        kind: Kind,
        p: &'a Period,
        e: &'a Evaluation,
    ) -> Vec<ObjectiveGaps<'a>> {
        self.objectives_of(kind)
            .iter()
            .filter(|o| kind != Kind::Operational || o.details.year.is_none_or(|y| y == p.year))
            .filter_map(|o| objective_gaps(self.plan, p, e, o))
            .collect()
    }

    fn block(&self, g: &ObjectiveGaps<'a>, r: &'a Relazione) -> ObjectiveBlock<'a> {
        let o = g.objective;
        let note = r.note(&o.id);
        ObjectiveBlock {
            id: &o.id,
            titolo: &o.title,
            url: self.objective_url(o.kind, &o.id),
            ruolo: opt(&o.details.role),
            stato: g.result.score.status.into(),
            realizzazione: pct(g.result.score.achievement),
            kpi: g.kpis.iter().map(gap_row).collect(),
            nota_html: to_html(note),
            senza_nota: g.missed() && note.trim().is_empty(),
        }
    }

    /// The Relazione of one year (index into the plan's Relazioni) and its results table.
    pub(super) fn relazione(&self, i: usize) -> Result<(Page, Vec<Table>), Diagnostic> {
        let plan = self.plan();
        let r = &plan.relazioni[i];
        let url = relazione_url(r.year);
        let title = format!("Relazione sulla Performance {}", r.year);
        let base = self.base(&Head {
            url: &url,
            title: &title,
            description: &format!(
                "I risultati del {} rispetto agli obiettivi del piano, con gli scostamenti e la validazione dell'OIV.",
                r.year
            ),
            crumbs: &[(SECTIONS[2].0, SECTIONS[2].1), (&title, &url)],
            legal: REF_RELAZIONE,
            published: r.published,
            updated: r.updated,
        });
        let Some((p, e)) = self.relazione_period(r) else {
            // the loader only keeps a Relazione whose year-end period exists
            return Err(Diagnostic::file(
                crate::diagnostic::Severity::Error,
                "relazione.html",
                format!(
                    "periodo {} della relazione {} non valutato",
                    r.period, r.year
                ),
            ));
        };
        let gaps = |kind| self.gaps_of(kind, p, e);
        let blocks = |kind| {
            gaps(kind)
                .iter()
                .map(|g| self.block(g, r))
                .collect::<Vec<_>>()
        };
        let rows = relazione_rows(
            &[
                gaps(Kind::Strategic),
                gaps(Kind::Operational),
                gaps(Kind::Individual),
                gaps(Kind::Common),
            ],
            r,
        );
        let t = table(relazione_table(r.year), RELAZIONE_COLUMNS.to_vec(), rows);
        let aree = plan
            .areas
            .iter()
            .map(|a| {
                let s = e.area(&a.id);
                AreaRow {
                    id: &a.id,
                    titolo: &a.title,
                    url: self.area_url(&a.id),
                    stato: s
                        .map_or(crate::model::Status::NonValutabile, |s| s.score.status)
                        .into(),
                    realizzazione: pct(s.and_then(|s| s.score.achievement)),
                }
            })
            .collect();
        let context = RelazionePage {
            relazione: RelazioneView {
                anno: r.year,
                periodo: &p.id,
                periodo_url: format!("monitoraggio/{}/", p.id),
                periodo_titolo: &p.title,
                presentazione_html: to_html(&r.presentation),
                contesto_html: to_html(&r.context),
                processo_html: to_html(&r.process),
            },
            stato: StateView::of(r),
            albero: self.tree(),
            strategici: blocks(Kind::Strategic),
            operativi: blocks(Kind::Operational),
            ente: AreaRow {
                id: "",
                titolo: &plan.body.name,
                url: String::new(),
                stato: e.body.status.into(),
                realizzazione: pct(e.body.achievement),
            },
            aree,
            individuali: blocks(Kind::Individual),
            comuni: blocks(Kind::Common),
            risorse: self.resources(r, p),
            documenti: self.document_views(PageId::Relazione(i)),
            download: t.meta.download(),
            json: crate::opendata::relazione::path(r.year),
        };
        let page = page(url, "relazione.html", &base, &context)?;
        Ok((page, vec![t]))
    }

    /// The tree of the plan: areas, their strategic objectives and the operational ones under them.
    fn tree(&self) -> Vec<TreeArea<'a>> {
        let plan = self.plan;
        let link = |o: &'a crate::model::Objective| LinkView {
            id: &o.id,
            titolo: &o.title,
            url: self.objective_url(o.kind, &o.id),
        };
        plan.areas
            .iter()
            .map(|a| TreeArea {
                area: LinkView {
                    id: &a.id,
                    titolo: &a.title,
                    url: self.area_url(&a.id),
                },
                strategici: plan
                    .strategic
                    .iter()
                    .filter(|s| s.parent.as_deref() == Some(a.id.as_str()))
                    .map(|s| TreeStrategic {
                        obiettivo: link(s),
                        operativi: self.operational_of(&s.id).into_iter().map(link).collect(),
                    })
                    .collect(),
            })
            .collect()
    }

    /// Resources per operational objective of the year: planned (the Relazione's, or the
    /// plan's budget) and spent.
    fn resources(&self, r: &Relazione, p: &Period) -> Vec<ResourceRow<'a>> {
        self.objectives_of(Kind::Operational)
            .iter()
            .filter(|o| o.details.year.is_none_or(|y| y == p.year))
            .filter_map(|o| {
                let notes = r.notes(&o.id);
                let planned = notes.and_then(|n| n.budget).or(o.details.budget);
                let spent = notes.and_then(|n| n.spent);
                (planned.is_some() || spent.is_some()).then(|| ResourceRow {
                    id: &o.id,
                    titolo: &o.title,
                    url: self.objective_url(o.kind, &o.id),
                    previste: planned.map_or_else(|| "—".to_owned(), format_euro),
                    impiegate: spent.map_or_else(|| "—".to_owned(), format_euro),
                })
            })
            .collect()
    }
}

fn gap_row<'a>(k: &KpiGap<'a>) -> GapRow<'a> {
    GapRow {
        id: &k.kpi.id,
        nome: &k.kpi.name,
        peso: k.weight.map(format_percent),
        risultato: result_text(k),
        target: k
            .target
            .map_or_else(|| "—".to_owned(), |t| t.target.to_string()),
        realizzazione: pct(k.result.achievement),
        scostamento: k.gap.map_or_else(|| "—".to_owned(), |g| g.italian()),
        stato: k.result.status.into(),
    }
}

/// Columns of the results table (CSV and JSON beside the page).
pub const RELAZIONE_COLUMNS: [&str; 12] = [
    "tipo",
    "obiettivo",
    "titolo",
    "kpi",
    "indicatore",
    "peso",
    "risultato",
    "target",
    "realizzazione",
    "scostamento",
    "stato",
    "nota",
];

/// One row per KPI of every objective, in ISO forms (decimal point), with the note.
fn relazione_rows(kinds: &[Vec<ObjectiveGaps>], r: &Relazione) -> Vec<Vec<String>> {
    let mut rows = Vec::new();
    for g in kinds.iter().flatten() {
        let o = g.objective;
        for k in &g.kpis {
            rows.push(vec![
                o.kind.label().to_owned(),
                o.id.clone(),
                o.title.clone(),
                k.kpi.id.clone(),
                k.kpi.name.clone(),
                k.weight
                    .map(|w| w.normalize().to_string())
                    .unwrap_or_default(),
                super::view::iso_value(k.measured),
                k.target.map(|t| t.written.clone()).unwrap_or_default(),
                super::view::iso_pct(k.result.achievement),
                k.gap
                    .map(|g| match g.iso() {
                        iso if iso.is_empty() => g.italian(),
                        iso => iso,
                    })
                    .unwrap_or_default(),
                k.result.status.code().to_owned(),
                r.note(&o.id).to_owned(),
            ]);
        }
    }
    rows
}

impl Builder<'_> {
    /// Files a page writes beside its page and tables: for a Relazione, its open-data
    /// document and the validation document (when it is a file of the content).
    pub fn extra_paths(&self, u: PageId) -> Vec<String> {
        let PageId::Relazione(i) = u else {
            return Vec::new();
        };
        let r = &self.plan.relazioni[i];
        let mut paths = vec![crate::opendata::relazione::path(r.year)];
        if let Some(f) = attachment(r) {
            paths.push(format!("{}{}", relazione_url(r.year), f.name));
        }
        paths
    }

    /// The files of [`Builder::extra_paths`], rendered.
    pub fn extra_files(&self, u: PageId) -> Vec<(String, Vec<u8>)> {
        let PageId::Relazione(i) = u else {
            return Vec::new();
        };
        let r = &self.plan.relazioni[i];
        let mut files = Vec::new();
        if let Some((p, e)) = self.relazione_period(r) {
            let doc = crate::opendata::relazione::Document::new(self.plan, r, p, e);
            files.push((crate::opendata::relazione::path(r.year), doc.to_json()));
        }
        if let Some(f) = attachment(r) {
            files.push((
                format!("{}{}", relazione_url(r.year), f.name),
                f.bytes.as_deref().unwrap_or_default().to_vec(),
            ));
        }
        files
    }
}

/// The validation document when it is a file of the content folder that was read.
fn attachment(r: &Relazione) -> Option<&crate::model::relazione::Attachment> {
    match &r.state.validation()?.document {
        Document::File(f) if f.bytes.is_some() => Some(f),
        _ => None,
    }
}
