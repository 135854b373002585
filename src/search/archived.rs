//! The shards of the archived versions: each version's own open-data document, read by
//! the typed readers of every published schema, with addresses into
//! `archivio/<versione>/`. A version's pages sit where the release that archived it put
//! them (under `piano-della-performance/<piano>/` or, before plan folders, directly under
//! `piano-della-performance/`): each address is looked up among the version's files.

use super::{Addresses, Shard, archive_shard};
use crate::archive::Metadata;
use crate::opendata::{Document, Kind};
use crate::site::SiteFiles;

/// The plan section's folder, as every release has named it.
const PLAN_FOLDER: &str = "piano-della-performance/";

/// One shard per archived version: `(path, bytes)`, oldest version first (`large`: as
/// in [`Shard::of`]).
/// `versions`, their documents and the archive's files are those `build` publishes.
pub fn archived(
    versions: &[Metadata],
    documents: &[Document],
    files: &SiteFiles,
    large: usize,
) -> Vec<(String, Vec<u8>)> {
    versions
        .iter()
        .zip(documents)
        .map(|(m, doc)| {
            let at = InVersion {
                files,
                root: format!("archivio/{}/", m.versione),
                plan: doc.piano.id.as_deref().map(str::to_owned),
            };
            let shard = Shard::of(label(m), doc, &at, large);
            (archive_shard(&m.versione), shard.to_json())
        })
        .collect()
}

/// "Versione archiviata 2022-S1 (Monitoraggio al 30/06/2022)".
pub fn label(m: &Metadata) -> String {
    format!("Versione archiviata {} ({})", m.versione, m.title())
}

struct InVersion<'a> {
    files: &'a SiteFiles,
    root: String,
    plan: Option<String>,
}

impl InVersion<'_> {
    /// The first of the plan folder's layouts that has `rest` (a folder) among the
    /// version's files; the version's home page when none has.
    fn find(&self, rest: &str) -> String {
        let folder = rest.split('#').next().unwrap_or_default();
        let anchor = &rest[folder.len()..];
        let mut layouts = Vec::new();
        if let Some(plan) = &self.plan {
            layouts.push(format!("{}{PLAN_FOLDER}{plan}/{folder}", self.root));
        }
        layouts.push(format!("{}{PLAN_FOLDER}{folder}", self.root));
        layouts
            .into_iter()
            .find(|url| self.files.get(&format!("{url}index.html")).is_some())
            .map_or_else(|| self.root.clone(), |url| format!("{url}{anchor}"))
    }
}

impl Addresses for InVersion<'_> {
    fn area(&self, id: &str) -> String {
        self.find(&format!("aree/{id}/"))
    }

    fn objective(&self, kind: Kind, id: &str) -> String {
        let folder = super::folder(kind);
        match kind {
            Kind::Strategic | Kind::Operational => self.find(&format!("{folder}/{id}/")),
            Kind::Individual | Kind::Common => self.find(&format!("{folder}/#obiettivo-{id}")),
        }
    }

    fn period(&self, id: &str) -> String {
        let url = format!("{}monitoraggio/{id}/", self.root);
        if self.files.get(&format!("{url}index.html")).is_some() {
            url
        } else {
            self.root.clone()
        }
    }
}
