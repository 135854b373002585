//! The other pages: sections with nothing to publish yet, the archive of
//! versions, the open-data index and the "not found" page.

use serde::Serialize;

use super::base::{Head, page};
use super::{Builder, Page, REF_PLAN, SECTIONS};
use crate::diagnostic::Diagnostic;
use crate::model::Kind;

#[derive(Serialize)]
struct Pending {
    spiegazione: String,
    riferimento: &'static str,
    scadenza: String,
}

#[derive(Serialize)]
struct EmptyPage {
    vuota: Pending,
}

#[derive(Serialize)]
struct Version<'a> {
    modifiche: Option<String>,
    /// The period's id, or the Relazione's name for a Relazione's version.
    periodo: String,
    revisione: u32,
    data_pubblicazione: String,
    data_pubblicazione_iso: String,
    data_archiviazione: String,
    data_archiviazione_iso: String,
    conservazione_fino_al: String,
    conservazione_fino_al_iso: String,
    url: &'a str,
    zip: &'a str,
}

#[derive(Serialize)]
struct ArchivePage<'a> {
    versioni: Vec<Version<'a>>,
}

#[derive(Serialize)]
struct Dataset {
    titolo: String,
    descrizione: &'static str,
    csv: Option<String>,
    json: String,
}

#[derive(Serialize)]
struct OpenDataPage {
    dataset: Vec<Dataset>,
    tabelle_per_obiettivo: usize,
    catalogo: &'static str,
    schema: &'static str,
}

#[derive(Serialize)]
struct NoVariables {}

impl Builder<'_> {
    /// A section with nothing to publish yet: what it will hold and when (`i` indexes [`SECTIONS`]).
    pub(super) fn empty(&self, i: usize) -> Result<Page, Diagnostic> {
        let plan = self.plan();
        let year = plan.info.first_year;
        let next = year + 1;
        let (spiegazione, riferimento, scadenza) = match i {
            2 => (
                format!("La Relazione sulla Performance {year} non è ancora pubblicata: l'ente la adotta entro il 30 giugno {next} e la pubblica dopo la validazione dell'Organismo indipendente di valutazione (OIV). Nel frattempo i risultati intermedi sono nella pagina Monitoraggio."),
                "art. 10, c. 1, lett. b), d.lgs. 150/2009; art. 10, c. 8, lett. b), d.lgs. 33/2013",
                format!("30 giugno {next}"),
            ),
            3 => (
                format!("I dati sull'ammontare complessivo dei premi collegati alla performance del {year} (stanziati e distribuiti) sono pubblicati dopo la chiusura del ciclo di valutazione."),
                "art. 20, c. 1, d.lgs. 33/2013",
                "dopo la validazione della Relazione".into(),
            ),
            _ => (
                "I dati relativi ai premi (distribuzione in forma aggregata, grado di differenziazione) sono pubblicati dopo la chiusura del ciclo di valutazione, solo in forma aggregata.".into(),
                "art. 20, c. 2, d.lgs. 33/2013",
                "dopo la validazione della Relazione".into(),
            ),
        };
        let (title, url, description) = SECTIONS[i];
        let base = self.base(&Head {
            url,
            title,
            description,
            crumbs: &[(title, url)],
            legal: riferimento,
            published: plan.info.published,
            updated: self.updated(),
        });
        let context = EmptyPage {
            vuota: Pending {
                spiegazione,
                riferimento,
                scadenza,
            },
        };
        page(url.to_owned(), "vuota.html", &base, &context)
    }

    /// The archived versions, as listed (newest first), each linked to what changed since the previous one.
    pub(super) fn archive(&self) -> Result<Page, Diagnostic> {
        let plan = self.plan();
        let url = "archivio/";
        let base = self.base(&Head {
            url,
            title: "Archivio delle versioni",
            description: "Versioni pubblicate e archiviate di ogni monitoraggio, conservate per cinque anni.",
            crumbs: &[("Archivio delle versioni", url)],
            legal: "art. 8, c. 3, d.lgs. 33/2013",
            published: plan.info.published,
            updated: self.updated(),
        });
        // every version but the first published has a "cosa è cambiato" page
        let first = self
            .input
            .archive
            .iter()
            .map(|v| (v.published, &v.period, v.revision))
            .min();
        let versioni = self
            .input
            .archive
            .iter()
            .map(|v| Version {
                modifiche: (Some((v.published, &v.period, v.revision)) != first).then(|| {
                    let folder = v.url.trim_start_matches("archivio/").trim_end_matches('/');
                    crate::archive::changes::url(folder)
                }),
                periodo: v
                    .relazione
                    .map_or_else(|| v.period.clone(), crate::archive::relazione_title),
                revisione: v.revision,
                data_pubblicazione: v.published.italian(),
                data_pubblicazione_iso: v.published.iso(),
                data_archiviazione: v.archived.italian(),
                data_archiviazione_iso: v.archived.iso(),
                conservazione_fino_al: v.retention_until.italian(),
                conservazione_fino_al_iso: v.retention_until.iso(),
                url: &v.url,
                zip: &v.zip,
            })
            .collect();
        page(
            url.to_owned(),
            "archivio.html",
            &base,
            &ArchivePage { versioni },
        )
    }

    /// The open-data index: `piano.json` and the tables (a large plan lists the
    /// summary tables only: each objective's KPI table is on its page).
    pub(super) fn opendata(&self) -> Result<Page, Diagnostic> {
        let plan = self.plan();
        let url = "opendata/";
        let base = self.base(&Head {
            url,
            title: "Dati aperti",
            description: "Tutti i dati della sezione in formato aperto (CSV, JSON), con schema e catalogo DCAT-AP_IT.",
            crumbs: &[("Dati aperti", url)],
            legal: "art. 7 d.lgs. 33/2013; art. 52 d.lgs. 82/2005",
            published: plan.info.published,
            updated: self.updated(),
        });
        let (tables, per_objective) = if self.large() {
            // one KPI table per objective, each on the objective's page
            let objectives = Kind::ALL.map(|k| self.objectives_of(k).len());
            (self.summary_tables(), objectives.iter().sum())
        } else {
            (self.all_tables(), 0)
        };
        let mut dataset = vec![Dataset {
            titolo: "Piano e monitoraggi valutati".into(),
            descrizione: "Il piano completo con ogni monitoraggio e il calcolo di ogni indicatore.",
            csv: None,
            json: "opendata/piano.json".into(),
        }];
        if !self.input.plans.pay().is_empty() {
            dataset.push(Dataset {
                titolo: "Premi collegati alla performance".into(),
                descrizione: "Premi stanziati e distribuiti di ogni anno, distribuzione per fascia di valutazione e grado di differenziazione, in forma aggregata.",
                csv: None,
                json: crate::opendata::pay::PATH.into(),
            });
        }
        dataset.extend(self.input.plans.relazioni().iter().map(|r| Dataset {
            titolo: format!("Relazione sulla Performance {}", r.year),
            descrizione: "Risultati di fine anno, scostamenti, note, risorse, approvazione e validazione.",
            csv: None,
            json: crate::opendata::relazione::path(r.year),
        }));
        dataset.extend(tables.iter().map(|t| Dataset {
            titolo: t.title.clone(),
            descrizione: "",
            csv: Some(t.csv_url()),
            json: t.json_url(),
        }));
        let context = OpenDataPage {
            dataset,
            tabelle_per_obiettivo: per_objective,
            catalogo: "opendata/catalogo.jsonld",
            schema: "opendata/piano.schema.json",
        };
        page(url.to_owned(), "opendata.html", &base, &context)
    }

    pub(super) fn not_found(&self) -> Result<Page, Diagnostic> {
        let plan = self.plan();
        let base = self.base(&Head {
            url: "404.html",
            title: "Pagina non trovata",
            description: "La pagina richiesta non esiste.",
            crumbs: &[("Pagina non trovata", "404.html")],
            legal: REF_PLAN,
            published: plan.info.published,
            updated: self.updated(),
        });
        page("404.html".into(), "404.html", &base, &NoVariables {})
    }
}
