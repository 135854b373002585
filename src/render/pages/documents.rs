//! The adopted acts on the pages: each document's file published unchanged in the
//! `documenti/` folder of its page, and the list the page shows (title, act, date, format,
//! size, SHA-256), presented by `partials/documenti.html`.

use serde::Serialize;

use super::{Builder, PageId};
use crate::model::document::{Document, Source, format_size};

/// The folder of a page's documents: `<page>documenti/`.
pub fn folder(page_url: &str) -> String {
    format!("{page_url}documenti/")
}

/// A document as a page lists it.
#[derive(Debug, Clone, Serialize)]
pub struct DocumentView {
    pub titolo: String,
    /// `Delibera di Giunta n. 8`.
    pub atto: String,
    /// `28/01/2026`.
    pub data: String,
    pub data_iso: String,
    /// What the document belongs to, when the list mixes several ("Revisione del 15/09/2025").
    pub riferimento: Option<String>,
    /// Relative to the site root for a file, absolute for a link.
    pub url: String,
    pub esterno: bool,
    /// `PDF`, for a file.
    pub formato: Option<&'static str>,
    pub tipo_media: Option<&'static str>,
    /// `245 kB`, for a file.
    pub dimensione: Option<String>,
    pub sha256: Option<String>,
}

impl DocumentView {
    /// The view of `d`, published in `page_url`'s folder; `None` for a file that was not
    /// read (content given in memory), which is not published.
    fn of(d: &Document, page_url: &str, riferimento: Option<String>) -> Option<DocumentView> {
        let mut view = DocumentView {
            titolo: d.title.clone(),
            atto: d.act_and_number(),
            data: d.date.short(),
            data_iso: d.date.iso(),
            riferimento,
            url: String::new(),
            esterno: false,
            formato: None,
            tipo_media: None,
            dimensione: None,
            sha256: None,
        };
        match &d.source {
            Source::Link { url } => {
                view.url = url.clone();
                view.esterno = true;
            }
            Source::File(f) => {
                let read = f.read.as_ref()?;
                view.url = format!("{}{}", folder(page_url), f.name);
                view.formato = Some(f.format.label());
                view.tipo_media = Some(f.format.media_type());
                view.dimensione = Some(format_size(read.bytes.len() as u64));
                view.sha256 = Some(read.sha256.clone());
            }
        }
        Some(view)
    }
}

/// The documents attached to a page, each with what it belongs to when the page mixes
/// several, and the address of the page whose folder has their files.
pub fn attached<'a>(b: &Builder<'a>, u: PageId) -> (Vec<(&'a Document, Option<String>)>, String) {
    let plan = b.plan_ref();
    match u {
        PageId::Cycle | PageId::Plan => {
            let mut docs: Vec<(&Document, Option<String>)> =
                plan.info.documents.iter().map(|d| (d, None)).collect();
            for r in plan.revisions.all() {
                let about = format!("Revisione del {}", r.date.short());
                docs.extend(r.documents.iter().map(|d| (d, Some(about.clone()))));
            }
            (docs, b.plan_url(""))
        }
        PageId::Relazione(i) => {
            let r = &plan.relazioni[i];
            let docs = r.documents.iter().map(|d| (d, None)).collect();
            (docs, b.url(u))
        }
        _ => (Vec::new(), String::new()),
    }
}

impl Builder<'_> {
    /// The documents a page lists.
    pub(super) fn document_views(&self, u: PageId) -> Vec<DocumentView> {
        let (docs, url) = attached(self, u);
        docs.into_iter()
            .filter_map(|(d, about)| DocumentView::of(d, &url, about))
            .collect()
    }

    /// The documents' files a page publishes (the plan's are published once, beside the
    /// plan's own page).
    fn document_files(&self, u: PageId) -> Vec<(String, &[u8])> {
        if u == PageId::Plan {
            return Vec::new();
        }
        let (docs, url) = attached(self, u);
        docs.into_iter()
            .filter_map(|(d, _)| {
                let f = d.file()?;
                let read = f.read.as_ref()?;
                Some((format!("{}{}", folder(&url), f.name), &read.bytes[..]))
            })
            .collect()
    }

    /// Paths of the documents' files a page publishes, without reading them.
    pub fn document_paths(&self, u: PageId) -> Vec<String> {
        self.document_files(u).into_iter().map(|(p, _)| p).collect()
    }

    /// The documents' files a page publishes, byte for byte as in the content folder.
    pub fn document_bytes(&self, u: PageId) -> Vec<(String, Vec<u8>)> {
        self.document_files(u)
            .into_iter()
            .map(|(p, b)| (p, b.to_vec()))
            .collect()
    }
}
