//! `trasparenza archive --verify`: every version checked against its manifests,
//! every altered, missing or extra file named.

use std::fs;
use std::path::Path;

use super::{Problem, STAGING, bag, package, read_metadata, version_dirs};
use crate::diagnostic::Diagnostic;
use crate::opendata;

/// What the verification found.
#[derive(Debug, Default)]
pub struct VerifyReport {
    /// Version folders checked.
    pub versions: Vec<String>,
    /// Files checked, over all versions.
    pub files: usize,
    pub problems: Vec<Problem>,
}

/// Checks every version of the archive folder `dir`.
pub fn verify(dir: &Path) -> Result<VerifyReport, Diagnostic> {
    let mut report = VerifyReport {
        versions: version_dirs(dir)?,
        ..VerifyReport::default()
    };
    for name in &report.versions {
        let vdir = dir.join(name);
        let (read, mut problems) = bag::read(&vdir);
        report.files += read.payload.len() + read.tags.len();
        match read_metadata(&vdir) {
            Ok(m) if m.versione != *name => problems.push(Problem::new(
                &vdir.join("metadati.json"),
                format!(
                    "indica la versione «{}» ma la cartella si chiama «{name}»",
                    m.versione
                ),
            )),
            Ok(_) => {}
            Err(_)
                if problems
                    .iter()
                    .any(|p| p.path == vdir.join("metadati.json")) => {}
            Err(d) => problems.push(Problem::new(
                &vdir.join("metadati.json"),
                format!("non valido: {}", d.message),
            )),
        }
        if let Some(Err(e)) = read.tags.get(bag::DOCUMENT).map(|b| opendata::read(b)) {
            problems.push(Problem::new(
                &vdir.join(bag::DOCUMENT),
                format!("non leggibile: {e}"),
            ));
        }
        let tag_manifest = read.tags.get(bag::TAG_MANIFEST).map(Vec::as_slice);
        problems.extend(package::check(
            &dir.join(format!("{name}.zip")),
            name,
            tag_manifest,
        ));
        report.problems.extend(problems);
    }
    let entries = fs::read_dir(dir).into_iter().flatten().flatten();
    let mut extra = Vec::new();
    for entry in entries {
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.starts_with('.') && name.contains(STAGING) {
            extra.push(Problem::new(
                &entry.path(),
                "residuo di un'archiviazione interrotta: eliminarlo".into(),
            ));
        } else if let Some(stem) = name.strip_suffix(".zip")
            && !report.versions.iter().any(|v| v == stem)
        {
            extra.push(Problem::new(
                &entry.path(),
                "estraneo: nessuna versione archiviata corrispondente".into(),
            ));
        }
    }
    extra.sort_by(|a, b| a.path.cmp(&b.path));
    report.problems.extend(extra);
    Ok(report)
}
