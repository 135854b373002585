//! `trasparenza archive <periodo>`: freezes the site built as it stood for a period
//! (with the archived-version banner) as a BagIt package plus a zip. Existing versions
//! are never touched: a new revision goes beside them. The package is written in hidden
//! sibling staging entries and renamed into place, so a failure leaves nothing.
//!
//! Building is not done here: the caller asks [`next_version`] which version it makes,
//! builds the site for it, and hands the files and the open-data document to [`create`].

use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use super::{
    ArchivedVersion, Metadata, RETENTION_LAW, STAGING, bag, list, package, revision_of,
    version_dirs, version_name,
};
use crate::diagnostic::{Diagnostic, Severity};
use crate::model::Date;
use crate::opendata::{self, Document};
use crate::site::SiteFiles;

/// Files that only make sense at the root of the current site (they name its URLs): not archived.
pub const ROOT_ONLY: [&str; 3] = ["404.html", "robots.txt", "sitemap.xml"];

/// What to archive, and where.
#[derive(Debug, Clone)]
pub struct Request<'a> {
    /// Archive folder (`archivio/`).
    pub dir: &'a Path,
    /// Period id, e.g. `2022-S1`; for a Relazione, its year-end period.
    pub period: &'a str,
    /// Set to archive the Relazione sulla Performance reporting on `period`, as its own
    /// version (`relazione-<anno>`), rather than the period.
    pub relazione: Option<RelazioneVersion>,
    /// Archive beside an existing version instead of refusing.
    pub new_revision: bool,
    /// Archive date (passed in, so the same input gives the same bytes).
    pub today: Date,
}

/// The Relazione a version archives.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RelazioneVersion {
    pub year: i32,
    /// Its publication date, the version's.
    pub published: Date,
}

impl Request<'_> {
    /// The name of the versions this request makes, before any revision suffix:
    /// the period id, or `relazione-<anno>`.
    pub fn base_name(&self) -> String {
        match self.relazione {
            Some(r) => super::relazione_version(r.year),
            None => self.period.to_owned(),
        }
    }
}

/// The version an archive of the period will make.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NextVersion {
    /// Folder name, e.g. `2022-S1-r2`.
    pub name: String,
    pub revision: u32,
    /// The versions already archived, newest first, as the archived site lists them
    /// (links relative to the version's folder).
    pub earlier: Vec<ArchivedVersion>,
}

/// An archived version.
#[derive(Debug)]
pub struct Created {
    pub metadata: Metadata,
    pub path: PathBuf,
    pub zip: PathBuf,
    /// Files of the site (payload).
    pub files: usize,
}

/// The version an archive of `req.period` makes: the first, or the next revision when
/// `req.new_revision` is set; an already archived period is refused otherwise.
pub fn next_version(req: &Request) -> Result<NextVersion, Vec<Diagnostic>> {
    let names = version_dirs(req.dir).map_err(|d| vec![d])?;
    let base = req.base_name();
    let last = names.iter().filter_map(|n| revision_of(n, &base)).max();
    let revision = match last {
        None => 1,
        Some(r) if req.new_revision => r + 1,
        Some(r) => {
            let existing = req.dir.join(version_name(&base, r));
            let what = match req.relazione {
                Some(rel) => format!("la {} è già archiviata", super::relazione_title(rel.year)),
                None => format!("il periodo {} è già archiviato", req.period),
            };
            return Err(vec![Diagnostic::file(Severity::Error, &existing, format!("{what}: le versioni archiviate non si modificano"))
                .hint("per pubblicare una correzione usare --nuova-revisione: la nuova revisione è conservata accanto a quella esistente, che resta invariata")]);
        }
    };
    let earlier = list(req.dir)?
        .iter()
        .rev()
        .filter_map(|m| m.listed("../../"))
        .collect();
    Ok(NextVersion {
        name: version_name(&base, revision),
        revision,
        earlier,
    })
}

/// Archives the site built for `next` (`site`, with `document` its open-data document).
pub fn create(
    req: &Request,
    next: &NextVersion,
    site: SiteFiles,
    document: &Document,
) -> Result<Created, Vec<Diagnostic>> {
    create_with(req, next, site, document, |_| Ok(()))
}

/// Like [`create`], with a hook called after each file written (used to simulate faults in tests).
pub fn create_with(
    req: &Request,
    next: &NextVersion,
    mut site: SiteFiles,
    document: &Document,
    after_file: impl FnMut(&Path) -> io::Result<()>,
) -> Result<Created, Vec<Diagnostic>> {
    let name = &next.name;
    site.retain(|p| !ROOT_ONLY.contains(&p));
    let metadata = metadata(document, req, name, next.revision)
        .map_err(|m| vec![Diagnostic::file(Severity::Error, opendata::PATH, m)])?;
    // the document as published in the site, byte for byte
    let piano = site.get(opendata::PATH).ok_or_else(|| {
        vec![Diagnostic::file(
            Severity::Error,
            opendata::PATH,
            "assente dal sito generato",
        )]
    })?;
    let files = bag::files(&site, &metadata, piano);
    let zip = package::zip(name, &files, req.today).map_err(|e| {
        vec![Diagnostic::file(
            Severity::Error,
            req.dir.join(format!("{name}.zip")),
            format!("zip non generato: {e}"),
        )]
    })?;
    let (path, zip_path) = write(req.dir, name, &files, &zip, after_file).map_err(|d| vec![d])?;
    Ok(Created {
        metadata,
        path,
        zip: zip_path,
        files: site.len(),
    })
}

fn metadata(doc: &Document, req: &Request, name: &str, revision: u32) -> Result<Metadata, String> {
    let body = &doc.piano.body;
    let period = doc
        .piano
        .periods
        .iter()
        .find(|p| p.id == req.period)
        .ok_or("periodo assente dal piano generato")?;
    let published = req.relazione.map_or(period.published, |r| r.published);
    Ok(Metadata {
        versione: name.to_owned(),
        periodo: req.period.to_owned(),
        titolo_periodo: period.title.to_string(),
        revisione: revision,
        ente: body.name.to_string(),
        codice_ipa: body.ipa_code.to_string(),
        identificativo: format!("{}:performance:{name}", body.ipa_code),
        data_pubblicazione: published.iso(),
        data_archiviazione: req.today.iso(),
        conservazione_fino_al: published.retention_end().iso(),
        riferimento_normativo: RETENTION_LAW.to_owned(),
        strumento: concat!("trasparenza ", env!("CARGO_PKG_VERSION")).to_owned(),
        url: body.base_url.to_string(),
        relazione: req.relazione.map(|r| r.year),
    })
}

fn io_err(path: &Path) -> impl FnOnce(io::Error) -> Diagnostic + '_ {
    move |e| {
        Diagnostic::file(
            Severity::Error,
            path,
            format!("scrittura non riuscita: {e}"),
        )
        .hint("controllare i permessi e lo spazio libero; l'archivio non è stato modificato")
    }
}

/// Writes the package and the zip in staging entries, then renames them into place: the
/// pair appears together or not at all, and an existing version is never replaced.
fn write(
    dir: &Path,
    name: &str,
    files: &SiteFiles,
    zip: &[u8],
    mut after_file: impl FnMut(&Path) -> io::Result<()>,
) -> Result<(PathBuf, PathBuf), Diagnostic> {
    fs::create_dir_all(dir).map_err(io_err(dir))?;
    let pid = std::process::id();
    let staging = dir.join(format!(".{name}{STAGING}{pid}"));
    let zip_staging = dir.join(format!(".{name}.zip{STAGING}{pid}"));
    let (target, zip_target) = (dir.join(name), dir.join(format!("{name}.zip")));
    let cleanup = || {
        let _ = fs::remove_dir_all(&staging);
        let _ = fs::remove_file(&zip_staging);
    };
    cleanup();
    let result = (|| {
        for (rel, bytes) in files {
            let path = staging.join(rel);
            if let Some(parent) = path.parent() {
                fs::create_dir_all(parent).map_err(io_err(parent))?;
            }
            // synced: a version, once renamed into place, must survive a power cut
            let mut f = fs::File::create(&path).map_err(io_err(&path))?;
            f.write_all(bytes)
                .and_then(|()| f.sync_all())
                .map_err(io_err(&path))?;
            after_file(&path).map_err(io_err(&path))?;
        }
        crate::write::atomic_write(&zip_staging, zip).map_err(io_err(&zip_staging))?;
        after_file(&zip_staging).map_err(io_err(&zip_staging))?;
        if target.exists() {
            return Err(Diagnostic::file(
                Severity::Error,
                &target,
                "creata nel frattempo da un'altra archiviazione: non sostituita",
            )
            .hint("ripetere il comando"));
        }
        fs::rename(&zip_staging, &zip_target).map_err(io_err(&zip_target))?;
        if let Err(e) = fs::rename(&staging, &target) {
            let _ = fs::remove_file(&zip_target);
            return Err(io_err(&target)(e));
        }
        Ok(())
    })();
    cleanup();
    result.map(|()| (target, zip_target))
}
