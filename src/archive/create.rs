//! `trasparenza archive <periodo>`: builds the site as it stood for a period, with the
//! archived-version banner, and freezes it as a BagIt package plus a zip. Existing
//! versions are never touched: a new revision goes beside them. The package is written
//! in hidden sibling staging entries and renamed into place, so a failure leaves nothing.

use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use serde_json::Value;

use super::{Metadata, RETENTION_LAW, bag, list, package, revision_of, version_dirs, version_name};
use crate::build::{Options, build};
use crate::diagnostic::{Diagnostic, Severity, did_you_mean};
use crate::model::{Date, Plan};

/// Marks staging entries (`.2022-S1.nuovo-<pid>`); `verify` reports leftovers.
pub const STAGING: &str = ".nuovo-";

/// The archived snapshot a build makes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Snapshot {
    /// Period id, e.g. `2022-S1`.
    pub period: String,
    /// Version folder, e.g. `2022-S1-r2`.
    pub version: String,
    /// Archive date.
    pub date: Date,
}

/// Files that only make sense at the root of the current site (they name its URLs): not archived.
pub const ROOT_ONLY: [&str; 3] = ["404.html", "robots.txt", "sitemap.xml"];

/// What to archive, and where.
#[derive(Debug, Clone)]
pub struct Request<'a> {
    pub content: &'a Path,
    pub theme: &'a Path,
    /// Archive folder (`archivio/`).
    pub dir: &'a Path,
    /// Period id, e.g. `2022-S1`.
    pub period: &'a str,
    /// Archive beside an existing version instead of refusing.
    pub new_revision: bool,
    /// Archive date (passed in, so the same input gives the same bytes).
    pub today: Date,
}

/// An archived version.
#[derive(Debug)]
pub struct Created {
    pub metadata: Metadata,
    pub path: PathBuf,
    pub zip: PathBuf,
    /// Files of the site (payload).
    pub files: usize,
    /// Warnings of the content.
    pub warnings: Vec<Diagnostic>,
}

/// Archives a period.
pub fn create(req: &Request) -> Result<Created, Vec<Diagnostic>> {
    create_with(req, |_| Ok(()))
}

/// Like [`create`], with a hook called after each file written (used to simulate faults in tests).
pub fn create_with(
    req: &Request,
    after_file: impl FnMut(&Path) -> io::Result<()>,
) -> Result<Created, Vec<Diagnostic>> {
    let names = version_dirs(req.dir).map_err(|d| vec![d])?;
    let last = names
        .iter()
        .filter_map(|n| revision_of(n, req.period))
        .max();
    let revision = match last {
        None => 1,
        Some(r) if req.new_revision => r + 1,
        Some(r) => {
            let existing = req.dir.join(version_name(req.period, r));
            return Err(vec![Diagnostic::file(Severity::Error, &existing, format!("il periodo {} è già archiviato: le versioni archiviate non si modificano", req.period))
                .hint("per pubblicare una correzione usare --nuova-revisione: la nuova revisione è conservata accanto a quella esistente, che resta invariata")]);
        }
    };
    let name = version_name(req.period, revision);
    let earlier = list(req.dir)?
        .iter()
        .rev()
        .filter_map(|m| m.listed("../../"))
        .collect();
    let opts = Options {
        content: req.content.to_path_buf(),
        theme: req.theme.to_path_buf(),
        archive: earlier,
        snapshot: Some(Snapshot {
            period: req.period.to_owned(),
            version: name.clone(),
            date: req.today,
        }),
        ..Options::default()
    };
    let mut built = build(&opts)?;
    built
        .site
        .files
        .retain(|(p, _)| !ROOT_ONLY.contains(&p.as_str()));
    let piano = built.site.get("opendata/piano.json").unwrap_or_default();
    let metadata = metadata(piano, req, &name, revision)
        .map_err(|m| vec![Diagnostic::file(Severity::Error, "opendata/piano.json", m)])?;
    let files = bag::files(&built.site.files, &metadata, piano);
    let zip = package::zip(&name, &files, req.today).map_err(|e| {
        vec![Diagnostic::file(
            Severity::Error,
            req.dir.join(format!("{name}.zip")),
            format!("zip non generato: {e}"),
        )]
    })?;
    let (path, zip_path) = write(req.dir, &name, &files, &zip, after_file).map_err(|d| vec![d])?;
    Ok(Created {
        metadata,
        path,
        zip: zip_path,
        files: built.site.files.len(),
        warnings: built.warnings,
    })
}

/// Keeps the periods up to the snapshot's (the site as it stood then) and publishes it at
/// its archive address (`<base_url>archivio/<versione>/`, for canonical links and the
/// catalogue); an unknown period is an error.
pub fn snapshot_plan(
    plan: &mut Plan,
    snapshot: &Snapshot,
    content: &Path,
) -> Result<(), Diagnostic> {
    let period = snapshot.period.as_str();
    match plan.periods.iter().position(|p| p.id == period) {
        Some(i) => {
            plan.periods.truncate(i + 1);
            plan.body.base_url = format!("{}archivio/{}/", plan.body.base_url, snapshot.version);
            Ok(())
        }
        None => {
            let ids: Vec<&str> = plan.periods.iter().map(|p| p.id.as_str()).collect();
            let hint = match did_you_mean(period, ids.iter().copied()) {
                Some(s) => format!("forse «{s}»? Periodi disponibili: {}", ids.join(", ")),
                None if ids.is_empty() => "nessun periodo di monitoraggio nei contenuti".to_owned(),
                None => format!("periodi disponibili: {}", ids.join(", ")),
            };
            Err(Diagnostic::file(
                Severity::Error,
                content.join("monitoraggio"),
                format!("periodo «{period}» non trovato"),
            )
            .hint(hint))
        }
    }
}

fn metadata(piano: &[u8], req: &Request, name: &str, revision: u32) -> Result<Metadata, String> {
    let doc: Value =
        serde_json::from_slice(piano).map_err(|e| format!("piano non leggibile: {e}"))?;
    let text = |v: &Value| v.as_str().unwrap_or_default().to_owned();
    let body = &doc["piano"]["body"];
    let period = doc["piano"]["periods"]
        .as_array()
        .and_then(|ps| ps.iter().find(|p| p["id"] == req.period))
        .ok_or("periodo assente dal piano generato")?;
    let published = Date::parse_iso(&text(&period["published"]))
        .ok_or("data di pubblicazione del periodo non valida")?;
    Ok(Metadata {
        versione: name.to_owned(),
        periodo: req.period.to_owned(),
        titolo_periodo: text(&period["title"]),
        revisione: revision,
        ente: text(&body["name"]),
        codice_ipa: text(&body["ipa_code"]),
        identificativo: format!("{}:performance:{name}", text(&body["ipa_code"])),
        data_pubblicazione: published.iso(),
        data_archiviazione: req.today.iso(),
        conservazione_fino_al: published.retention_end().iso(),
        riferimento_normativo: RETENTION_LAW.to_owned(),
        strumento: concat!("trasparenza ", env!("CARGO_PKG_VERSION")).to_owned(),
        url: text(&body["base_url"]),
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

/// Writes the package and the zip in staging entries, then renames them into place.
fn write(
    dir: &Path,
    name: &str,
    files: &[(String, Vec<u8>)],
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
            let mut f = fs::File::create(&path).map_err(io_err(&path))?;
            f.write_all(bytes).map_err(io_err(&path))?;
            after_file(&path).map_err(io_err(&path))?;
        }
        fs::write(&zip_staging, zip).map_err(io_err(&zip_staging))?;
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
