//! "Benessere organizzativo": an obligation that no longer exists, kept as a page
//! that says so and why. ANAC's crawler (TrasparenzAI) still looks for the node in
//! its rule tree for the section as it was before d.lgs. 97/2016, so a section
//! without it reads as incomplete there.

use serde::Serialize;

use super::base::{Head, page};
use super::{Builder, Page};
use crate::diagnostic::Diagnostic;

/// Label, address and description of the page, like the entries of [`super::SECTIONS`].
pub const WELLBEING: (&str, &str, &str) = (
    "Benessere organizzativo",
    "benessere-organizzativo/",
    "Obbligo abrogato dal d.lgs. 97/2016: lo stato attuale e le fonti.",
);

/// The legal basis shown in the page's metadata.
const LEGAL: &str = "art. 20, c. 3, d.lgs. 33/2013, abrogato dal d.lgs. 97/2016";

#[derive(Serialize)]
struct Source {
    testo: &'static str,
    /// None for an act cited without a stable address.
    url: Option<&'static str>,
}

#[derive(Serialize)]
struct WellbeingPage {
    stato: &'static str,
    perche: &'static str,
    fonti: [Source; 3],
}

impl Builder<'_> {
    /// The "Benessere organizzativo" page: the obligation's legal status with its sources.
    pub(super) fn wellbeing(&self) -> Result<Page, Diagnostic> {
        let plan = self.plan_ref();
        let (title, url, description) = WELLBEING;
        let base = self.base(&Head {
            url,
            title,
            description,
            crumbs: &[(title, url)],
            legal: LEGAL,
            published: plan.info.published,
            updated: plan.info.updated,
        });
        let context = WellbeingPage {
            stato: "Non è più un obbligo di pubblicazione. L'art. 20, comma 3, del d.lgs. 33/2013 chiedeva di pubblicare i dati sui livelli di benessere organizzativo; il comma è stato abrogato dal d.lgs. 25 maggio 2016, n. 97. Oggi la sotto-sezione «Performance» comprende il Sistema di misurazione e valutazione, il Piano, la Relazione, l'Ammontare complessivo dei premi e i Dati relativi ai premi.",
            perche: "La voce resta in questa sezione perché chi la cerca, e i sistemi di verifica automatica che usano ancora la struttura precedente al 2016, trovino scritto lo stato dell'obbligo invece di una pagina mancante.",
            fonti: [
                Source {
                    testo: "D.lgs. 14 marzo 2013, n. 33, art. 20 (testo vigente)",
                    url: Some(
                        "https://www.normattiva.it/uri-res/N2Ls?urn:nir:stato:decreto.legislativo:2013-03-14;33~art20",
                    ),
                },
                Source {
                    testo: "D.lgs. 25 maggio 2016, n. 97",
                    url: Some(
                        "https://www.normattiva.it/uri-res/N2Ls?urn:nir:stato:decreto.legislativo:2016-05-25;97",
                    ),
                },
                Source {
                    testo: "Delibera ANAC n. 1310 del 28 dicembre 2016, allegato 1 (elenco degli obblighi di pubblicazione)",
                    url: None,
                },
            ],
        };
        page(url.to_owned(), "benessere.html", &base, &context)
    }
}
