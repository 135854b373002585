//! `trasparenza archive --verify`: every version checked against its manifests,
//! every altered, missing or extra file named.

use std::fmt;
use std::fs;
use std::path::{Path, PathBuf};

use super::create::STAGING;
use super::{bag, package, read_metadata, version_dirs};
use crate::diagnostic::Diagnostic;

/// One problem found in the archive.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub path: PathBuf,
    /// `alterato`, `mancante`, `estraneo: ...`
    pub what: String,
}

impl Problem {
    pub fn new(path: &Path, what: String) -> Self {
        Problem {
            path: path.to_path_buf(),
            what,
        }
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.path.display(), self.what)
    }
}

/// What the verification found.
#[derive(Debug, Default)]
pub struct Report {
    /// Version folders checked.
    pub versions: Vec<String>,
    /// Files checked, over all versions.
    pub files: usize,
    pub problems: Vec<Problem>,
}

/// Checks every version of the archive folder `dir`.
pub fn verify(dir: &Path) -> Result<Report, Diagnostic> {
    let mut report = Report {
        versions: version_dirs(dir)?,
        ..Report::default()
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
