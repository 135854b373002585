//! What `build` publishes from the archive: every version's site (`data/`) copied
//! unchanged to `archivio/<versione>/`, its zip to `archivio/<versione>.zip`. Each version
//! is checked against its manifests first: a damaged archive is never published.

use std::path::Path;

use serde_json::Value;

use super::{Metadata, bag, list, package};
use crate::diagnostic::{Diagnostic, Severity};
use crate::render::{ArchivedVersion, Input, Theme};

/// The archived versions, read and checked.
#[derive(Debug, Default)]
pub struct Published {
    /// Oldest first.
    pub versions: Vec<Metadata>,
    /// The evaluated plan of each version (`dati/piano.json`), same order.
    pub plans: Vec<Value>,
    /// Site files: `archivio/<versione>/...` and `archivio/<versione>.zip`.
    pub files: Vec<(String, Vec<u8>)>,
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
        .hint("le versioni archiviate non si modificano: ripristinarle dal repository (git checkout -- archivio) e controllare con trasparenza archive --verify")
}

/// The site files of the archive: every version, its zip and the "cosa è cambiato"
/// pages; returns them with the warnings.
pub fn site_files(
    published: &Published,
    input: &Input,
    theme: &Theme,
) -> Result<(super::changes::Files, Vec<Diagnostic>), Vec<Diagnostic>> {
    if published.files.is_empty() {
        return Ok((Vec::new(), Vec::new()));
    }
    let (pages, warnings) = super::changes::pages(input, theme, published)?;
    let mut files = published.files.clone();
    files.extend(pages);
    Ok((files, warnings))
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
        let plan = read
            .tags
            .get("dati/piano.json")
            .and_then(|b| serde_json::from_slice(b).ok())
            .unwrap_or(Value::Null);
        out.files.extend(
            read.payload
                .into_iter()
                .map(|(rel, bytes)| (format!("archivio/{name}/{rel}"), bytes)),
        );
        out.files
            .push((format!("archivio/{name}.zip"), zip.unwrap_or_default()));
        out.plans.push(plan);
        out.versions.push(m);
    }
    if errors.is_empty() {
        Ok(out)
    } else {
        Err(errors)
    }
}
