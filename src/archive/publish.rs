//! What `build` publishes from the archive: every version's site (`data/`) copied
//! unchanged to `archivio/<versione>/`, its zip to `archivio/<versione>.zip`, and its
//! open-data document for the "cosa è cambiato" pages. Each version is checked against
//! its manifests first: a damaged archive is never published.

use std::path::Path;

use super::{ArchivedVersion, Metadata, bag, list, package};
use crate::diagnostic::{Diagnostic, Severity};
use crate::opendata::{self, Document};
use crate::site::SiteFiles;

/// The archived versions, read and checked.
#[derive(Debug, Default)]
pub struct Published {
    /// Oldest first.
    pub versions: Vec<Metadata>,
    /// The open-data document of each version (`dati/piano.json`), same order.
    pub plans: Vec<Document<'static>>,
    /// Site files: `archivio/<versione>/...` and `archivio/<versione>.zip`.
    pub files: SiteFiles,
}

impl Published {
    /// Rows of the archive page, newest first.
    pub fn listed(&self) -> Vec<ArchivedVersion> {
        self.versions
            .iter()
            .rev()
            .filter_map(|m| m.listed(""))
            .collect()
    }
}

fn damaged(p: &super::Problem) -> Diagnostic {
    Diagnostic::file(Severity::Error, &p.path, format!("versione archiviata non integra: {}", p.what))
        .hint("le versioni archiviate non si modificano: ripristinarle dal repository (git checkout -- archivio) e controllare con trasparenza archivia --verifica")
}

/// Reads every version of the archive folder `dir` (none if it does not exist).
pub fn published(dir: &Path) -> Result<Published, Vec<Diagnostic>> {
    let versions = list(dir)?;
    let mut out = Published::default();
    let mut errors = Vec::new();
    for m in versions {
        let name = &m.versione;
        if name == "modifiche" {
            errors.push(
                Diagnostic::file(
                    Severity::Error,
                    dir.join(name),
                    "nome di versione riservato",
                )
                .hint("spostare la cartella fuori dall'archivio"),
            );
            continue;
        }
        let (read, problems) = bag::read(&dir.join(name));
        let zip_path = dir.join(format!("{name}.zip"));
        let zip = std::fs::read(&zip_path).map_err(|e| {
            super::Problem::new(
                &zip_path,
                if e.kind() == std::io::ErrorKind::NotFound {
                    "mancante".into()
                } else {
                    format!("non leggibile: {e}")
                },
            )
        });
        let zip_problems = match &zip {
            Ok(bytes) => package::check_bytes(
                &zip_path,
                bytes,
                name,
                read.tags.get(bag::TAG_MANIFEST).map(Vec::as_slice),
            ),
            Err(p) => vec![p.clone()],
        };
        if !problems.is_empty() || !zip_problems.is_empty() {
            errors.extend(problems.iter().chain(&zip_problems).map(damaged));
            continue;
        }
        let plan_path = dir.join(name).join(bag::DOCUMENT);
        let plan = match read.tags.get(bag::DOCUMENT).map(|b| opendata::read(b)) {
            Some(Ok(plan)) => plan,
            Some(Err(e)) => {
                errors.push(
                    Diagnostic::file(
                        Severity::Error,
                        &plan_path,
                        format!("dati della versione archiviata non leggibili: {e}"),
                    )
                    .hint("il documento è integro ma questa versione di trasparenza non sa leggerlo: usare una versione di trasparenza che conosca il suo schema"),
                );
                continue;
            }
            None => {
                errors.push(damaged(&super::Problem::new(&plan_path, "mancante".into())));
                continue;
            }
        };
        out.files.extend(
            read.payload
                .into_iter()
                .map(|(rel, bytes)| (format!("archivio/{name}/{rel}"), bytes)),
        );
        out.files
            .insert(format!("archivio/{name}.zip"), zip.unwrap_or_default());
        out.plans.push(plan);
        out.versions.push(m);
    }
    if errors.is_empty() {
        Ok(out)
    } else {
        Err(errors)
    }
}
