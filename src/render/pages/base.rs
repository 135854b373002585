//! The variables every page has (`root`, `site`, `nav`, `page`) and how a page's
//! context is put together from them and the page's own variables.

use serde::Serialize;

use super::{Builder, Page, SECTIONS, base_path, licence, root_of};
use crate::diagnostic::{Diagnostic, Severity};
use crate::model::{Date, Plan};

/// The site-wide variables (`site`), the same on every page.
#[derive(Debug, Serialize)]
pub struct SiteView<'a> {
    ente: BodyView<'a>,
    piano: PlanView<'a>,
    base_url: &'a str,
    generatore: &'static str,
}

#[derive(Debug, Serialize)]
struct BodyView<'a> {
    nome: &'a str,
    codice_ipa: &'a str,
    sito: &'a str,
    ufficio_responsabile: &'a str,
    licenza: &'a str,
    licenza_nome: String,
    licenza_url: String,
    dichiarazione_accessibilita: &'a str,
    privacy: &'a str,
    note_legali: &'a str,
}

#[derive(Debug, Serialize)]
struct PlanView<'a> {
    titolo: &'a str,
    anni: String,
}

impl<'a> SiteView<'a> {
    pub fn of(plan: &'a Plan) -> Self {
        let body = &plan.body;
        let (licenza_nome, licenza_url) = licence(&body.licence);
        SiteView {
            ente: BodyView {
                nome: &body.name,
                codice_ipa: &body.ipa_code,
                sito: &body.website,
                ufficio_responsabile: &body.office,
                licenza: &body.licence,
                licenza_nome,
                licenza_url,
                dichiarazione_accessibilita: &body.accessibility_statement,
                privacy: &body.privacy,
                note_legali: &body.legal_notes,
            },
            piano: PlanView {
                titolo: &plan.info.title,
                anni: format!("{}–{}", plan.info.first_year, plan.info.last_year),
            },
            base_url: &body.base_url,
            generatore: concat!("trasparenza ", env!("CARGO_PKG_VERSION")),
        }
    }
}

/// The variables common to every page.
#[derive(Debug, Serialize)]
pub struct Base<'a> {
    root: String,
    site: &'a SiteView<'a>,
    nav: Vec<NavItem>,
    page: PageMeta<'a>,
}

#[derive(Debug, Serialize)]
struct NavItem {
    label: &'static str,
    url: &'static str,
    current: bool,
}

#[derive(Debug, Serialize)]
struct PageMeta<'a> {
    title: String,
    description: String,
    url: String,
    canonical: String,
    breadcrumbs: Vec<Crumb<'a>>,
    riferimento_normativo: String,
    data_pubblicazione: String,
    data_pubblicazione_iso: String,
    data_aggiornamento: String,
    data_aggiornamento_iso: String,
    ufficio: &'a str,
    archivio: Option<ArchiveBanner<'a>>,
    anteprima: bool,
    /// The page is the body's, not a plan's: its printed header names the body only.
    di_sito: bool,
}

/// A breadcrumb; the first points to the body's website, the last is the page itself.
#[derive(Debug, Serialize)]
struct Crumb<'a> {
    label: String,
    url: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    esterno: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    corrente: Option<bool>,
}

/// The banner of an archived snapshot.
#[derive(Debug, Serialize)]
struct ArchiveBanner<'a> {
    periodo: &'a str,
    data_archiviazione: String,
    data_archiviazione_iso: String,
    data_pubblicazione: String,
    url_corrente: &'static str,
}

/// What a page's header says of it: where it is, what it is, its legal basis and dates.
pub struct Head<'x> {
    pub url: &'x str,
    pub title: &'x str,
    pub description: &'x str,
    /// Breadcrumbs after "Amministrazione trasparente" and "Performance": `(label, url)`.
    pub crumbs: &'x [(&'x str, &'x str)],
    pub legal: &'x str,
    pub published: Date,
    pub updated: Date,
}

impl<'a> Builder<'a> {
    /// The variables common to every page, for the page described by `head`.
    pub fn base(&self, head: &Head) -> Base<'_> {
        let plan = self.plan();
        let body = &plan.body;
        let url = head.url;
        let root = if url == "404.html" {
            base_path(&body.base_url)
        } else {
            root_of(url)
        };
        let mut breadcrumbs = vec![
            Crumb {
                label: "Amministrazione trasparente".into(),
                url: None,
                esterno: Some(&body.website),
                corrente: None,
            },
            Crumb {
                label: "Performance".into(),
                url: Some(String::new()),
                esterno: None,
                corrente: None,
            },
        ];
        breadcrumbs.extend(head.crumbs.iter().map(|(l, u)| Crumb {
            label: (*l).to_owned(),
            url: Some((*u).to_owned()),
            esterno: None,
            corrente: None,
        }));
        if let Some(last) = breadcrumbs.last_mut() {
            last.url = Some(String::new());
            last.corrente = Some(true);
        }
        let nav = std::iter::once(("Performance", ""))
            .chain(SECTIONS.iter().map(|(l, u, _)| (*l, *u)))
            .chain([(super::WELLBEING.0, super::WELLBEING.1)])
            .chain([
                ("Monitoraggio", "monitoraggio/"),
                ("Archivio", "archivio/"),
                ("Dati aperti", "opendata/"),
            ])
            .map(|(label, u)| NavItem {
                label,
                url: u,
                current: if u.is_empty() {
                    url.is_empty()
                } else {
                    url.starts_with(u)
                },
            })
            .collect();
        // An archived snapshot is published with its period and lives at
        // archivio/<versione>/, two levels below the current site.
        let archivio = self.input.archived_as.map(|(period, on)| {
            let published = plan
                .periods
                .iter()
                .find(|p| p.id == period)
                .map_or(head.published, |p| p.published);
            ArchiveBanner {
                periodo: period,
                data_archiviazione: on.italian(),
                data_archiviazione_iso: on.iso(),
                data_pubblicazione: published.italian(),
                url_corrente: "../../",
            }
        });
        Base {
            root,
            site: &self.site,
            nav,
            page: PageMeta {
                title: head.title.to_owned(),
                description: head.description.to_owned(),
                url: url.to_owned(),
                canonical: format!("{}{}", body.base_url, url),
                breadcrumbs,
                riferimento_normativo: head.legal.to_owned(),
                data_pubblicazione: head.published.italian(),
                data_pubblicazione_iso: head.published.iso(),
                data_aggiornamento: head.updated.italian(),
                data_aggiornamento_iso: head.updated.iso(),
                ufficio: &body.office,
                archivio,
                anteprima: self.input.preview,
                di_sito: super::site_wide(url),
            },
        }
    }
}

impl Builder<'_> {
    /// A page beside the plan's own (the archive's "cosa è cambiato"), with the
    /// common variables of `head` and its own `variables`.
    pub fn extra_page(
        &self,
        head: &Head,
        template: &'static str,
        variables: &impl Serialize,
    ) -> Result<Page, Diagnostic> {
        page(head.url.to_owned(), template, &self.base(head), variables)
    }
}

/// A page from the common variables and the page's own (`extra`, a struct whose
/// fields are the template's variables).
pub fn page(
    url: String,
    template: &'static str,
    base: &Base,
    extra: &impl Serialize,
) -> Result<Page, Diagnostic> {
    let invalid = |e: tera::Error| {
        Diagnostic::file(
            Severity::Error,
            template,
            format!("contesto non valido: {e}"),
        )
    };
    let mut context = tera::Context::from_serialize(base).map_err(invalid)?;
    context.extend(tera::Context::from_serialize(extra).map_err(invalid)?);
    Ok(Page {
        url,
        template,
        context,
    })
}
