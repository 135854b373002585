//! The "cosa è cambiato" pages: for each archived version after the first, what changed
//! since the previous one ([`crate::archive::changes::diff`]), with the current site's
//! navigation.

use serde::Serialize;

use super::{Builder, Head, Input};
use crate::archive::changes::{self, Change, StatusChange, ValueChange};
use crate::archive::{Metadata, Published, italian};
use crate::diagnostic::{Diagnostic, Severity};
use crate::render::Theme;
use crate::site::SiteFiles;

const TEMPLATE: &str = "modifiche.html";

/// An archived version, as the page names it.
#[derive(Serialize)]
struct Version<'a> {
    versione: &'a str,
    periodo: &'a str,
    /// What the version archives: the period's title, or the Relazione's name.
    titolo_periodo: String,
    revisione: u32,
    data_pubblicazione: String,
    data_pubblicazione_iso: &'a str,
    data_archiviazione: String,
    data_archiviazione_iso: &'a str,
    url: String,
}

impl<'a> From<&'a Metadata> for Version<'a> {
    fn from(m: &'a Metadata) -> Self {
        Version {
            versione: &m.versione,
            periodo: &m.periodo,
            titolo_periodo: m.title(),
            revisione: m.revisione,
            data_pubblicazione: italian(&m.data_pubblicazione),
            data_pubblicazione_iso: &m.data_pubblicazione,
            data_archiviazione: italian(&m.data_archiviazione),
            data_archiviazione_iso: &m.data_archiviazione,
            url: format!("archivio/{}/", m.versione),
        }
    }
}

/// The page's variable `modifiche`.
#[derive(Serialize)]
struct Variables<'a> {
    modifiche: Comparison<'a>,
}

#[derive(Serialize)]
struct Comparison<'a> {
    da: Version<'a>,
    a: Version<'a>,
    indicatori: Vec<Change>,
    stati: Vec<StatusChange>,
    valori: Vec<ValueChange>,
}

/// The pages of every version after the first. A theme without `modifiche.html` gets a
/// warning and no pages.
pub fn pages(
    input: &Input,
    theme: &Theme,
    published: &Published,
) -> Result<(SiteFiles, Vec<Diagnostic>), Vec<Diagnostic>> {
    if published.versions.len() < 2 {
        return Ok((SiteFiles::new(), Vec::new()));
    }
    if !theme.tera.contains_template(TEMPLATE) {
        let w = Diagnostic::file(Severity::Warning, format!("templates/{TEMPLATE}"), "template mancante: le pagine «Cosa è cambiato» tra le versioni archiviate non sono generate").hint("aggiungere il template al tema (vedere themes/default)");
        return Ok((SiteFiles::new(), vec![w]));
    }
    let builder = Builder::new(input, input.plans.current_index());
    let mut files = SiteFiles::new();
    let mut errors = Vec::new();
    let pairs = published
        .versions
        .windows(2)
        .zip(published.plans.windows(2));
    for (v, p) in pairs {
        let (old, new) = (&v[0], &v[1]);
        let page_url = changes::url(&new.versione);
        let found = changes::diff(&p[0], &p[1], &format!("archivio/{}/", new.versione));
        let title = format!("Cosa è cambiato nella versione {}", new.versione);
        let head = Head {
            url: &page_url,
            title: &title,
            description: &format!(
                "Obiettivi, indicatori, target, stati e valori cambiati tra la versione archiviata {} e la versione {}.",
                old.versione, new.versione
            ),
            crumbs: &[
                ("Archivio delle versioni", "archivio/"),
                (&title, &page_url),
            ],
            legal: "art. 10, c. 3, d.lgs. 150/2009; art. 8, c. 3, d.lgs. 33/2013",
            published: input.plans.current().info.published,
            updated: builder.updated(),
        };
        let variables = Variables {
            modifiche: Comparison {
                da: old.into(),
                a: new.into(),
                indicatori: found.indicatori,
                stati: found.stati,
                valori: found.valori,
            },
        };
        let page = match builder.extra_page(&head, TEMPLATE, &variables) {
            Ok(page) => page,
            Err(d) => {
                errors.push(d);
                continue;
            }
        };
        match theme.tera.render(TEMPLATE, &page.context) {
            Ok(html) => files.insert(page.file(), html.into_bytes()),
            Err(e) => errors.push(
                Diagnostic::file(
                    Severity::Error,
                    format!("templates/{TEMPLATE}"),
                    format!(
                        "errore nel template: {}",
                        crate::render::theme::error_chain(&e).replace('\n', " ")
                    ),
                )
                .hint("correggere il template"),
            ),
        }
    }
    if errors.is_empty() {
        Ok((files, Vec::new()))
    } else {
        Err(errors)
    }
}
