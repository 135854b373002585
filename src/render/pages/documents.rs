//! The adopted acts on the pages: each document's file published unchanged in the
//! `documenti/` folder of its page, and the list the page shows (title, act, date, format,
//! size, SHA-256), presented by `partials/documenti.html`.

use serde::Serialize;

use super::{Builder, PAY_AMOUNTS, PageId};
use crate::model::document::{Document, SMVP_FOLDER, Source, format_size};
use crate::model::pay::PayYear;
use crate::model::revision::document_folders as revision_folders;

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
    /// The view of `d`, published in `folder`; `None` for a file that was not read
    /// (content given in memory), which is not published.
    fn of(d: &Document, folder: &str, riferimento: Option<String>) -> Option<DocumentView> {
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
                view.url = format!("{folder}{}", f.name);
                view.formato = Some(f.format.label());
                view.tipo_media = Some(f.format.media_type());
                view.dimensione = Some(format_size(read.bytes.len() as u64));
                view.sha256 = Some(read.sha256.clone());
            }
        }
        Some(view)
    }
}

/// A document with what it belongs to, when the list mixes several, and the folder (from
/// the site root) its file is published in.
pub struct Entry<'a> {
    pub doc: &'a Document,
    pub about: Option<String>,
    pub folder: String,
}

/// The plan's own documents and its revisions', as its pages list them; with `smvp`, the
/// SMVP's too (published with the plan, listed on the SMVP page).
fn of_plan<'a>(b: &Builder<'a>, smvp: bool) -> Vec<Entry<'a>> {
    let plan = b.plan_ref();
    let folder = folder(&b.plan_url(""));
    let mut out: Vec<Entry> = plan
        .info
        .documents
        .iter()
        .map(|doc| Entry {
            doc,
            about: None,
            folder: folder.clone(),
        })
        .collect();
    if smvp {
        out.extend(plan.info.smvp_documents.iter().map(|doc| Entry {
            doc,
            about: None,
            folder: format!("{folder}{SMVP_FOLDER}"),
        }));
    }
    let revisions = plan.revisions.all();
    for (r, sub) in revisions.iter().zip(revision_folders(revisions)) {
        let about = format!("Revisione del {}", r.date.short());
        out.extend(r.documents.iter().map(|doc| Entry {
            doc,
            about: Some(about.clone()),
            folder: format!("{folder}{sub}"),
        }));
    }
    out
}

/// The SMVP's documents, published in the plan's folder.
fn of_smvp<'a>(b: &Builder<'a>) -> Vec<Entry<'a>> {
    let folder = format!("{}{SMVP_FOLDER}", folder(&b.plan_url("")));
    let docs = &b.plan_ref().info.smvp_documents;
    docs.iter()
        .map(|doc| Entry {
            doc,
            about: None,
            folder: folder.clone(),
        })
        .collect()
}

/// The folder of the documents of the premi of `year`, beside the page of the amounts:
/// `ammontare-complessivo-dei-premi/documenti/<anno>/`.
pub fn pay_folder(year: i32) -> String {
    format!("{}{year}/", folder(PAY_AMOUNTS))
}

/// The documents of the premi of `year`, published beside the page of the amounts.
fn of_pay<'a>(year: &'a PayYear) -> Vec<Entry<'a>> {
    let folder = pay_folder(year.year);
    year.documents
        .iter()
        .map(|doc| Entry {
            doc,
            about: None,
            folder: folder.clone(),
        })
        .collect()
}

/// The documents a page lists.
fn listed<'a>(b: &Builder<'a>, u: PageId) -> Vec<Entry<'a>> {
    match u {
        PageId::Cycle | PageId::Plan => of_plan(b, false),
        PageId::Smvp => of_smvp(b),
        PageId::Relazione(i) => {
            let r = &b.plan_ref().relazioni[i];
            let folder = folder(&b.url(u));
            r.documents
                .iter()
                .map(|doc| Entry {
                    doc,
                    about: None,
                    folder: folder.clone(),
                })
                .collect()
        }
        _ => Vec::new(),
    }
}

/// The documents whose files a page publishes: the plan's, its SMVP's and its revisions'
/// once, beside the plan's own page; the premi's beside the page of the amounts.
pub fn published<'a>(b: &Builder<'a>, u: PageId) -> Vec<Entry<'a>> {
    match u {
        PageId::Cycle => of_plan(b, true),
        PageId::Relazione(_) => listed(b, u),
        PageId::PayAmounts => b.input.plans.pay().iter().flat_map(of_pay).collect(),
        _ => Vec::new(),
    }
}

fn views(entries: Vec<Entry>) -> Vec<DocumentView> {
    entries
        .into_iter()
        .filter_map(|e| DocumentView::of(e.doc, &e.folder, e.about))
        .collect()
}

impl Builder<'_> {
    /// The documents a page lists.
    pub(super) fn document_views(&self, u: PageId) -> Vec<DocumentView> {
        views(listed(self, u))
    }

    /// The documents of the premi of one year, on either premi page.
    pub(super) fn pay_document_views(&self, year: &PayYear) -> Vec<DocumentView> {
        views(of_pay(year))
    }

    /// The documents' files a page publishes.
    fn document_files(&self, u: PageId) -> Vec<(String, &[u8])> {
        published(self, u)
            .into_iter()
            .filter_map(|e| {
                let f = e.doc.file()?;
                let read = f.read.as_ref()?;
                Some((format!("{}{}", e.folder, f.name), &read.bytes[..]))
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
