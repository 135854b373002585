//! Semester archive: each published version frozen as a BagIt package (RFC 8493)
//! under `archivio/<versione>/`, with a deterministic zip beside it, kept for the
//! five years of D.Lgs. 33/2013 art. 8 c. 3.
//!
//! - [`create`]: freezes the site built as it stood for a period, atomically;
//! - [`verify`]: checks every version against its manifests;
//! - [`publish`]: what `build` adds to the site (the versions, byte-identical);
//! - [`changes`]: what changed between consecutive versions (the "cosa è cambiato" pages).
//!
//! The archive works on finished sites and open-data documents: it never builds nor
//! renders (`build` and `render` call it, never the other way round).

pub mod bag;
pub mod changes;
pub mod clock;
pub mod create;
pub mod package;
pub mod publish;
pub mod verify;

use std::fmt;
use std::fs;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::diagnostic::{Diagnostic, Severity};
use crate::model::Date;

pub use create::{
    Created, NextVersion, RelazioneVersion, Request, create, create_with, next_version,
};
pub use publish::{Published, published};
pub use verify::{VerifyReport, verify};

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

/// Marks staging entries (`.2022-S1.nuovo-<pid>`); `verify` reports leftovers.
pub const STAGING: &str = ".nuovo-";

/// Legal basis of the retention period.
pub const RETENTION_LAW: &str = "art. 8, c. 3, d.lgs. 33/2013";

/// An archived version, as listed on the archive page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ArchivedVersion {
    pub period: String,
    pub revision: u32,
    pub published: Date,
    pub archived: Date,
    pub retention_until: Date,
    /// The year of the Relazione sulla Performance the version archives, if it is one.
    pub relazione: Option<i32>,
    /// Folder relative to the site root, e.g. `archivio/2022-S1/`.
    pub url: String,
    pub zip: String,
}

/// Metadata of an archived version (`metadati.json`), read back by `build`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Metadata {
    /// Folder name: `2022-S1`, `2022-S1-r2`.
    pub versione: String,
    pub periodo: String,
    pub titolo_periodo: String,
    pub revisione: u32,
    pub ente: String,
    pub codice_ipa: String,
    pub identificativo: String,
    /// ISO dates.
    pub data_pubblicazione: String,
    pub data_archiviazione: String,
    pub conservazione_fino_al: String,
    pub riferimento_normativo: String,
    pub strumento: String,
    /// Public address of the version.
    pub url: String,
    /// Set when the version archives the Relazione sulla Performance of this year (the
    /// site as it stood at its publication; `periodo` is then its year-end period).
    /// Absent from versions of a monitoring period, and from every version written
    /// before Relazioni were archived.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub relazione: Option<i32>,
}

impl Metadata {
    /// The row of the archive page; `prefix` is put before the site-relative links.
    pub fn listed(&self, prefix: &str) -> Option<ArchivedVersion> {
        Some(ArchivedVersion {
            period: self.periodo.clone(),
            revision: self.revisione,
            published: Date::parse_iso(&self.data_pubblicazione)?,
            archived: Date::parse_iso(&self.data_archiviazione)?,
            retention_until: Date::parse_iso(&self.conservazione_fino_al)?,
            relazione: self.relazione,
            url: format!("{prefix}archivio/{}/", self.versione),
            zip: format!("{prefix}archivio/{}.zip", self.versione),
        })
    }

    /// What the version archives, for people: "Relazione sulla Performance 2025", or the
    /// period's title.
    pub fn title(&self) -> String {
        match self.relazione {
            Some(year) => relazione_title(year),
            None => self.titolo_periodo.clone(),
        }
    }

    /// Order of publication: publication date, then period, then revision.
    fn key(&self) -> (String, String, u32) {
        (
            self.data_pubblicazione.clone(),
            self.periodo.clone(),
            self.revisione,
        )
    }
}

/// The name of the version folder of a Relazione: `relazione-2025`.
pub fn relazione_version(year: i32) -> String {
    format!("relazione-{year}")
}

/// The year of a Relazione version's name (`relazione-2025`), as written on the command line.
pub fn relazione_year(name: &str) -> Option<i32> {
    let year = name.trim().strip_prefix("relazione-")?;
    (year.len() == 4 && year.bytes().all(|b| b.is_ascii_digit()))
        .then(|| year.parse().ok())
        .flatten()
}

/// "Relazione sulla Performance 2025".
pub fn relazione_title(year: i32) -> String {
    format!("Relazione sulla Performance {year}")
}

/// `2022-07-29` -> `29 luglio 2022` (unchanged if not a date).
pub fn italian(iso: &str) -> String {
    Date::parse_iso(iso).map_or_else(|| iso.to_owned(), Date::italian)
}

/// Folder name of a revision: `2022-S1`, then `2022-S1-r2`, `2022-S1-r3`...
pub fn version_name(period: &str, revision: u32) -> String {
    if revision <= 1 {
        period.to_owned()
    } else {
        format!("{period}-r{revision}")
    }
}

/// The revision a folder name holds for `period`, if it is one of its versions.
pub fn revision_of(name: &str, period: &str) -> Option<u32> {
    let rest = name.strip_prefix(period)?;
    if rest.is_empty() {
        return Some(1);
    }
    let n: u32 = rest.strip_prefix("-r")?.parse().ok()?;
    (n >= 2 && rest == format!("-r{n}")).then_some(n)
}

/// The default archive folder: `archivio` beside the content folder.
pub fn default_dir(content: &Path) -> PathBuf {
    match content.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.join("archivio"),
        _ => PathBuf::from("archivio"),
    }
}

/// Names of the version folders in `dir` (hidden entries, e.g. interrupted staging, are skipped), sorted.
pub fn version_dirs(dir: &Path) -> Result<Vec<String>, Diagnostic> {
    let entries = match fs::read_dir(dir) {
        Ok(e) => e,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => {
            return Err(Diagnostic::file(
                Severity::Error,
                dir,
                format!("cartella dell'archivio non leggibile: {e}"),
            ));
        }
    };
    let mut names = Vec::new();
    for entry in entries {
        let entry = entry.map_err(|e| {
            Diagnostic::file(
                Severity::Error,
                dir,
                format!("cartella dell'archivio non leggibile: {e}"),
            )
        })?;
        let name = entry.file_name().to_string_lossy().into_owned();
        if !name.starts_with('.') && entry.path().is_dir() {
            names.push(name);
        }
    }
    names.sort();
    Ok(names)
}

/// Reads `metadati.json` of one version folder.
pub fn read_metadata(version_dir: &Path) -> Result<Metadata, Diagnostic> {
    let path = version_dir.join("metadati.json");
    let bytes = fs::read(&path).map_err(|e| {
        Diagnostic::file(Severity::Error, &path, format!("metadati della versione non leggibili: {e}")).hint("la cartella non è una versione archiviata: ripristinarla dal repository o spostarla fuori dall'archivio")
    })?;
    serde_json::from_slice(&bytes).map_err(|e| {
        Diagnostic::file(
            Severity::Error,
            &path,
            format!("metadati della versione non validi: {e}"),
        )
        .hint("ripristinare il file dal repository (git checkout)")
    })
}

/// Metadata of every version in `dir`, in order of publication.
pub fn list(dir: &Path) -> Result<Vec<Metadata>, Vec<Diagnostic>> {
    let names = version_dirs(dir).map_err(|d| vec![d])?;
    let mut out = Vec::new();
    let mut errors = Vec::new();
    for name in names {
        match read_metadata(&dir.join(&name)) {
            Ok(m) if m.versione == name => out.push(m),
            Ok(m) => errors.push(
                Diagnostic::file(
                    Severity::Error,
                    dir.join(&name).join("metadati.json"),
                    format!(
                        "i metadati indicano la versione «{}» ma la cartella si chiama «{name}»",
                        m.versione
                    ),
                )
                .hint("non rinominare le versioni archiviate: ripristinare il nome originale"),
            ),
            Err(d) => errors.push(d),
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    out.sort_by_key(Metadata::key);
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_revisions() {
        assert_eq!(version_name("2022-S1", 1), "2022-S1");
        assert_eq!(version_name("2022-S1", 3), "2022-S1-r3");
        assert_eq!(revision_of("2022-S1", "2022-S1"), Some(1));
        assert_eq!(revision_of("2022-S1-r2", "2022-S1"), Some(2));
        assert_eq!(revision_of("2022-S1-r02", "2022-S1"), None);
        assert_eq!(revision_of("2022-S1-r1", "2022-S1"), None);
        assert_eq!(revision_of("2022-S12", "2022-S1"), None);
        assert_eq!(relazione_year("relazione-2025"), Some(2025));
        assert_eq!(relazione_year("relazione-25"), None);
        assert_eq!(relazione_year("2025-S2"), None);
        assert_eq!(
            revision_of(&relazione_version(2025), "relazione-2025"),
            Some(1)
        );
        assert_eq!(default_dir(Path::new("content")), PathBuf::from("archivio"));
        assert_eq!(
            default_dir(Path::new("/x/content")),
            PathBuf::from("/x/archivio")
        );
    }
}
